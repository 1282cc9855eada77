"""Lets ``python -m tracker`` behave exactly like the ``learnpath`` command."""

import sys

from tracker.cli import main

sys.exit(main())
