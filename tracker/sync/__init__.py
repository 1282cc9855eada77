"""Cohort sync: a learner's data folders through a PostgreSQL cohort server (see ``run``)."""
