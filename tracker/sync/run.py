"""One sync run: push the local events the server lacks, then pull and apply the learner's
events from their other devices.

Idempotent and resumable. Each pushed batch is one server transaction (duplicates are ignored by
global id) followed by the local push cursor; each pulled batch is applied together with the pull
cursor in one local transaction. A run killed anywhere therefore leaves either work that the next
run finds done (and skips) or work it does again harmlessly; nothing is lost or applied twice.
A failure to connect changes nothing locally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tracker.storage import sync_device, sync_local
from tracker.storage.database import Database
from tracker.storage.models import MetaRow
from tracker.storage.server import learner
from tracker.storage.server.connect import connect, server_errors
from tracker.storage.sync_local import NoteConflict

BATCH = 1000
SHARE_NOTES_KEY = "cohort.share_notes.{profile_id}"
SENT_SETTING_KEY = "cohort.sent.{profile_id}.{setting}.{server}"
"""The value of a setting this profile last sent to a server (meta; the server part hashed)."""
MENTOR_SETTINGS = ("hours_per_week",)
"""Profile settings a mentor's cohort status reads (``progress.study.HOURS_PER_WEEK``): the
``behind`` flag follows the learner's own plan at their own hours per week."""


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    conflicts: tuple[NoteConflict, ...]
    server: str
    new_device: bool = False
    """This data folder turned out to be a copy of another (same device id, another place) and
    took a device id of its own before pushing (``COPY_NOTICE``)."""


COPY_NOTICE = (
    "this data folder is a copy of another one (same device id, another place): "
    "it now syncs as a device of its own"
)


def share_notes(database: Database, profile_id: int) -> bool:
    with database.reading() as session:
        row = session.get(MetaRow, SHARE_NOTES_KEY.format(profile_id=profile_id))
        return row is not None and row.value == "1"


def set_share_notes(database: Database, profile_id: int, shared: bool) -> None:
    """Per profile, off by default. Turning it on pushes the earlier notes at the next sync."""
    key = SHARE_NOTES_KEY.format(profile_id=profile_id)
    with database.writing() as session:
        row = session.get(MetaRow, key)
        if row is None:
            session.add(MetaRow(key=key, value="1" if shared else "0"))
        else:
            row.value = "1" if shared else "0"
    if shared:
        sync_local.reset_push_cursor(database, profile_id)


def sync(
    database: Database,
    profile_id: int,
    url: str,
    *,
    password: str | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    batch: int = BATCH,
) -> SyncResult:
    """One run; ``ServerError`` (one line, nothing changed locally) when the server fails."""
    device = sync_device.check_device(database)
    where = sync_device.fingerprint(database)
    shared = share_notes(database, profile_id)
    conn = connect(url, password=password)
    pushed = pulled = 0
    conflicts: list[NoteConflict] = []
    try:
        with server_errors(url):
            server = learner.server_key(conn)
            copied = not learner.register_device(conn, device, where)
            if copied:  # never push as the original: a device id of its own, then register that
                device = sync_device.new_device(database)
                learner.register_device(conn, device, where)
            if shared is False:
                learner.set_notes_shared(conn, False)
            _send_settings(conn, database, profile_id, server, now())
            after_id, after_seq = sync_local.cursor(database, profile_id, server)
            while True:
                events = sync_local.pending(
                    database, profile_id, after_id, share_notes=shared, limit=batch
                )
                if not events:
                    break
                pushed += learner.push(conn, device, events, shared_notes=shared)
                after_id = events[-1].local_id
                sync_local.mark_pushed(database, profile_id, server, after_id, now())
            while True:
                events, last = learner.pull(conn, device, after_seq, batch)
                if not events:
                    break
                applied = sync_local.apply_pulled(
                    database, profile_id, server, events, upto_seq=last, now=now()
                )
                pulled += applied.events
                conflicts.extend(applied.conflicts)
                after_seq = last
    finally:
        conn.close()
    return SyncResult(pushed, pulled, tuple(conflicts), server, new_device=copied)


def _send_settings(
    conn: object, database: Database, profile_id: int, server: str, at: datetime
) -> None:
    """Send each of ``MENTOR_SETTINGS`` that changed here since this profile last sent it: the
    latest change made on any of the learner's computers is the one the server keeps (a computer
    that did not change it does not send its older value again)."""
    import hashlib

    digest = hashlib.sha256(server.encode()).hexdigest()[:12]
    for setting in MENTOR_SETTINGS:
        value = sync_local.profile_setting(database, profile_id, setting)
        key = SENT_SETTING_KEY.format(profile_id=profile_id, setting=setting, server=digest)
        if value is None or sync_local.meta_value(database, key) == value:
            continue
        if learner.set_setting(conn, setting, value, at):
            sync_local.set_meta_value(database, key, value)


def new_device(database: Database) -> str:
    """Give a copied data folder its own device id (``sync_device.new_device``)."""
    return sync_device.new_device(database)


def waiting(database: Database, profile_id: int, server: str) -> int:
    """Local events not yet on the server (for the status bar: "N waiting")."""
    after_id, _ = sync_local.cursor(database, profile_id, server)
    return sync_local.count_pending(
        database, profile_id, after_id, share_notes=share_notes(database, profile_id)
    )
