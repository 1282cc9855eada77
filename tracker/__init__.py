"""LearnPath: a desktop tracker for long, multi-stage learning paths."""

__version__ = "0.1.0"
