"""Data shipped inside the package: ``curriculum/`` and ``resources/`` from the repository root.

pyproject.toml maps the two folders here, so ``importlib.resources`` finds them in a checkout
(editable install) and in an installed wheel alike.
"""
