"""Checks of assignment 3; each module exports CHECKS."""
