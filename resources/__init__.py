"""Bundled icons, styles, translations and templates (a data package, shipped in the wheel)."""
