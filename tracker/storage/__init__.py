"""The learner's database: SQLAlchemy 2 models, engine set-up, Alembic migrations.

Only this package imports SQLAlchemy. Importing ``tracker.storage`` itself stays cheap: the
errors live in ``tracker.storage.errors`` and the heavy modules are imported where they are used.
``tracker.storage.startup_view`` (stdlib ``sqlite3`` only) reads the first screen before SQLAlchemy.
"""

from tracker.storage.errors import NewerSchemaError, StorageError

__all__ = ["NewerSchemaError", "StorageError"]
