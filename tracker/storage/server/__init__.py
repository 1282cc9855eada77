"""The cohort server (PostgreSQL): its own schema and Alembic chain, administration, the
learner's push and pull, and the mentor's reads. Imported only by cohort and sync commands."""
