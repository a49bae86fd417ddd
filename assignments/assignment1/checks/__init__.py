"""Checks of assignment 1; each module exports CHECKS."""
