"""Checks of assignment 2; each module exports CHECKS."""
