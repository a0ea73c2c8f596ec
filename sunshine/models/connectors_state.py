"""Tables for this stage (filled by its owner)."""
