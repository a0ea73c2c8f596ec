"""Data files (package so that wheels ship them)."""
