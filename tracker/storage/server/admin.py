"""Administration of a cohort server: schema upgrades, cohorts, and members' login roles.

Run with an administrator's URL (a role allowed to create roles). Each member gets a login role of
their own (``lp_<name>``), a member of ``learnpath_learner`` or ``learnpath_mentor``; the password
is generated here, sent to the server already SCRAM-hashed by libpq (so it appears in no statement
or server log), and returned once to be shown to the administrator.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.storage.server.connect import (
    ServerError,
    connect,
    describe,
    engine,
    session,
    translate,
)

SERVER_HEAD = "s0003"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
LEARNER, MENTOR = "learner", "mentor"
GROUP_ROLES = {LEARNER: "learnpath_learner", MENTOR: "learnpath_mentor"}


class CohortNotFound(ServerError):  # noqa: N818 - a kind of ServerError
    """No cohort (or member) of that name."""


class MemberNotFound(CohortNotFound):
    """The cohort has no member of that name."""


@dataclass(frozen=True)
class NewMember:
    name: str
    kind: str
    role: str
    password: str | None  # None: the role existed already, its password is unchanged
    url: str
    created: bool


def role_name(name: str) -> str:
    """A PostgreSQL role for a member's name: ``lp_`` + a lower-case slug (+ a hash when the
    slug alone would lose characters, e.g. for a Chinese name), at most 63 bytes."""
    slug = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    if slug != name.strip().lower() or not slug:
        digest = hashlib.sha256(name.strip().encode()).hexdigest()[:8]
        slug = f"{slug[:40]}_{digest}".lstrip("_")
    return f"lp_{slug[:59]}"


def member_url(admin_url: str, role: str) -> str:
    """The admin URL with the member's role as user and no password."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(admin_url)
    parts.pop("password", None)
    parts["user"] = role
    host = str(parts.pop("host", "") or "")
    port = parts.pop("port", None)
    dbname = parts.pop("dbname", "") or ""
    query = "&".join(f"{k}={v}" for k, v in sorted(parts.items()) if k != "user")
    if host.startswith("/"):
        query = "&".join(q for q in (f"host={host}", f"port={port}" if port else "", query) if q)
        netloc = ""
    else:
        netloc = f"{host}:{port}" if port else host
    return f"postgresql://{role}@{netloc}/{dbname}" + (f"?{query}" if query else "")


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def upgrade(url: str, *, password: str | None = None) -> str:
    """Create or upgrade the schema, group roles, grants and policies; returns the revision."""
    import psycopg
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    eng = engine(url, password=password)
    try:
        with eng.connect() as connection:
            command.upgrade(_alembic_config(connection), "head")
            connection.commit()
    except DBAPIError as error:
        if isinstance(error.orig, psycopg.errors.InsufficientPrivilege):
            raise ServerError(
                f"{describe(url)} may not create the schema and roles: "
                f"{str(error.orig).splitlines()[0]}"
            ) from None
        if isinstance(error.orig, psycopg.Error):
            raise translate(error.orig, url, connecting=False) from None
        raise
    finally:
        eng.dispose()
    return SERVER_HEAD


def create_cohort(url: str, name: str, *, password: str | None = None) -> bool:
    """Create the cohort; False when it existed already."""
    with session(url, password=password) as conn:
        row = conn.execute(
            "INSERT INTO learnpath.cohorts (name) VALUES (%s) ON CONFLICT (name) DO NOTHING "
            "RETURNING id",
            (name,),
        ).fetchone()
    return row is not None


def _cohort_id(conn: Any, cohort: str) -> int:
    row = conn.execute("SELECT id FROM learnpath.cohorts WHERE name = %s", (cohort,)).fetchone()
    if row is None:
        raise CohortNotFound(f"no cohort named {cohort!r} on this server")
    return int(row[0])


def add_member(
    url: str, cohort: str, name: str, kind: str, *, password: str | None = None
) -> NewMember:
    """Add a learner or mentor to a cohort, creating their login role with a new password.

    Idempotent: adding the same member again changes nothing (``created`` False, no password).
    A learner belongs to one cohort only; a mentor's role may follow several cohorts.
    """
    from psycopg import sql

    role = role_name(name)
    group = GROUP_ROLES[kind]
    with session(url, password=password) as conn:
        cohort_id = _cohort_id(conn, cohort)
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('learnpath.members'))")
        existing = conn.execute(
            "SELECT c.name, m.kind FROM learnpath.members m JOIN learnpath.cohorts c "
            "ON c.id = m.cohort_id WHERE m.role = %s",
            (role,),
        ).fetchall()
        if (cohort, kind) in [(row[0], row[1]) for row in existing]:
            return NewMember(name, kind, role, None, member_url(url, role), created=False)
        if existing and (kind == LEARNER or any(row[1] != kind for row in existing)):
            where = ", ".join(f"{row[1]} of {row[0]!r}" for row in existing)
            raise ServerError(f"{name!r} (role {role}) is already {where}")
        new_password: str | None = None
        role_exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if role_exists and not existing:
            raise ServerError(
                f"a database role {role} exists already and is not a LearnPath member"
            )
        if not role_exists:
            new_password, hashed = _new_password(conn, role)
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(role), sql.Literal(hashed), sql.Identifier(group)
                )
            )
            dbname = conn.info.dbname
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(dbname), sql.Identifier(role)
                )
            )
        conn.execute(
            "INSERT INTO learnpath.members (cohort_id, name, kind, role) VALUES (%s, %s, %s, %s)",
            (cohort_id, name, kind, role),
        )
    return NewMember(name, kind, role, new_password, member_url(url, role), created=True)


def _new_password(conn: Any, role: str) -> tuple[str, str]:
    """A generated password and its SCRAM hash, made by libpq here: the server (and its log)
    only ever sees the hash."""
    password = secrets.token_urlsafe(18)
    hashed = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return password, hashed.decode()


def reset_password(url: str, cohort: str, name: str, *, password: str | None = None) -> NewMember:
    """Give a member of ``cohort`` a new generated password (returned once); the old one stops
    working. Each run does the same thing: a new password, the member otherwise unchanged."""
    from psycopg import sql

    role = role_name(name)
    with session(url, password=password) as conn:
        cohort_id = _cohort_id(conn, cohort)
        row = conn.execute(
            "SELECT kind FROM learnpath.members WHERE cohort_id = %s AND role = %s",
            (cohort_id, role),
        ).fetchone()
        if row is None:
            raise MemberNotFound(f"{name!r} is not a member of cohort {cohort!r}")
        new_password, hashed = _new_password(conn, role)
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(hashed))
        )
    return NewMember(name, str(row[0]), role, new_password, member_url(url, role), created=False)


def remove_member(url: str, cohort: str, name: str, *, password: str | None = None) -> bool:
    """Remove a member from a cohort; their role is dropped when it belongs to no cohort any
    more (their events stay, for the record). False when they were not a member."""
    from psycopg import sql

    role = role_name(name)
    with session(url, password=password) as conn:
        cohort_id = _cohort_id(conn, cohort)
        gone = conn.execute(
            "DELETE FROM learnpath.members WHERE cohort_id = %s AND role = %s RETURNING id",
            (cohort_id, role),
        ).fetchone()
        if gone is None:
            return False
        left = conn.execute("SELECT 1 FROM learnpath.members WHERE role = %s", (role,)).fetchone()
        if left is None:
            dbname = conn.info.dbname
            conn.execute(
                sql.SQL("REVOKE CONNECT ON DATABASE {} FROM {}").format(
                    sql.Identifier(dbname), sql.Identifier(role)
                )
            )
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    return True


def check(url: str, *, password: str | None = None) -> str:
    """Connect and return the role we are logged in as (for "connection tested")."""
    conn = connect(url, password=password)
    try:
        return str(conn.info.user)
    finally:
        conn.close()
