"""The learner's statements on the cohort server: push events, pull the other devices' events.

Row-level security confines every statement to the learner's own rows; ``owner`` defaults to the
login role. A push takes a per-learner advisory lock for its transaction, so the sequence numbers
of one learner's events become visible in increasing order and a pull cursor ("everything up to
N") never skips an event that commits later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracker.storage.sync_local import PRIVATE_KINDS, SyncEvent

_INSERT = (
    "INSERT INTO learnpath.events "
    "(gid, device, curriculum_id, kind, item_kind, item_id, old, new, at, shared) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (gid) DO NOTHING"
)
_PULL = (
    "SELECT seq, gid::text, device::text, curriculum_id, kind, item_kind, item_id, old, new, at "
    "FROM learnpath.events WHERE owner = current_user AND seq > %s AND device <> %s "
    "ORDER BY seq LIMIT %s"
)


def server_key(conn: Any) -> str:
    """Names the server and login for the local cursor (never the password)."""
    info = conn.info
    return f"{info.user}@{info.host}:{info.port}/{info.dbname}"


def register_device(conn: Any, device: str, fingerprint: str) -> bool:
    """Record the device (and where its data folder lives, the first time); False when the
    server knows this device id from a data folder elsewhere: this one is a copy of it.

    A server not yet upgraded to record fingerprints (before s0003) registers the device as
    before and cannot tell (True)."""
    import psycopg

    try:
        row = conn.execute(
            "INSERT INTO learnpath.devices AS d (id, fingerprint) VALUES (%s, %s) "
            "ON CONFLICT (id) DO UPDATE SET last_seen = now(), "
            "fingerprint = coalesce(d.fingerprint, excluded.fingerprint) "
            "RETURNING fingerprint",
            (device, fingerprint),
        ).fetchone()
    except psycopg.errors.UndefinedColumn:
        conn.rollback()
        conn.execute(
            "INSERT INTO learnpath.devices (id) VALUES (%s) "
            "ON CONFLICT (id) DO UPDATE SET last_seen = now()",
            (device,),
        )
        row = None
    conn.commit()
    return row is None or row[0] == fingerprint


def push(conn: Any, device: str, events: Sequence[SyncEvent], *, shared_notes: bool) -> int:
    """Insert the events the server lacks, in one transaction; returns how many were new."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_user::text))")
    with conn.cursor() as cur:
        cur.executemany(
            _INSERT,
            [
                (
                    e.gid,
                    device,
                    e.curriculum_id,
                    e.kind,
                    e.item_kind,
                    e.item_id,
                    e.old,
                    e.new,
                    e.at,
                    shared_notes and e.kind in PRIVATE_KINDS,
                )
                for e in events
            ],
        )
        added = max(int(cur.rowcount), 0)  # the sum over the batch; skipped duplicates count 0
    conn.commit()
    return added


def pull(conn: Any, device: str, after_seq: int, limit: int) -> tuple[list[SyncEvent], int]:
    """The learner's events from other devices after ``after_seq``; and the last seq read."""
    rows = conn.execute(_PULL, (after_seq, device, limit)).fetchall()
    conn.commit()
    events = [SyncEvent(0, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows]
    return events, (int(rows[-1][0]) if rows else after_seq)


def set_setting(conn: Any, key: str, value: str, at: Any) -> bool:
    """Keep one of the learner's settings for their mentors; False on a server before s0003,
    which has nowhere to keep it."""
    import psycopg

    try:
        conn.execute(
            "INSERT INTO learnpath.learner_settings AS s (key, value, at) VALUES (%s, %s, %s) "
            "ON CONFLICT (owner, key) DO UPDATE SET value = excluded.value, at = excluded.at",
            (key, value, at),
        )
    except psycopg.errors.UndefinedTable:
        conn.rollback()
        return False
    conn.commit()
    return True


def set_notes_shared(conn: Any, shared: bool) -> int:
    """Share (or stop sharing) every note and own-card event already on the server with the
    mentors."""
    cur = conn.execute(
        "UPDATE learnpath.events SET shared = %s "
        "WHERE owner = current_user AND kind = ANY(%s) AND shared <> %s",
        (shared, list(PRIVATE_KINDS), shared),
    )
    conn.commit()
    return int(cur.rowcount)
