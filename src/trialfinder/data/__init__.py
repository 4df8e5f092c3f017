"""Data files shipped with trialfinder (loaded with importlib.resources)."""
