"""Soldiers Lab: physics-based counter-UAV drone simulation."""

# Fallback when the package is run from a checkout without being installed.
__version__ = "0.1.0"
