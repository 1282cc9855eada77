"""Bundled curricula: one folder of YAML files each (a data package, shipped in the wheel)."""
