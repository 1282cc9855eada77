"""Review cards in the database: FSRS card states, review logs, the learner's own cards and the
review settings of each profile, one short transaction per call, returning plain records.
The records and shared statements are in ``card_records``; grades pulled by sync are applied by
``card_sync``, a review backup by ``card_backup``.

Scheduling is not done here (``tracker.progress.review`` asks the ``fsrs`` package); this module
stores what it decides. A grade is one ``BEGIN IMMEDIATE`` transaction writing the new card state
and its review log together, so a kill at any moment leaves either both or neither. Review logs
keep the fields the ``fsrs`` optimizer reads (card_id, rating, review_datetime, review_duration)
plus the state the grade replaced, so the newest grade can be undone.

Card states are keyed by ``card_key`` (a curriculum card's id, or ``u:<n>`` for the learner's own
card number n) and never deleted when a card leaves the curriculum: the progress layer only stops
showing them, and a card that comes back finds its history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from tracker.storage.card_backup import apply_review_backup
from tracker.storage.card_records import (
    CARD_SCOPE,
    DEFAULT_NEW_PER_DAY,
    DEFAULT_RETENTION,
    IMPORTED,
    REVIEW_KIND,
    SELECT_CARD_STATE,
    SELECT_CARD_STATES,
    SELECT_LOGS,
    USER_COLUMNS,
    USER_KEY_PREFIX,
    USER_SCOPE,
    NewState,
    StoredCard,
    StoredLog,
    StoredUserCard,
    stored_card,
    user_key,
    utc_text,
)
from tracker.storage.card_sync import log_card
from tracker.storage.database import Database
from tracker.storage.errors import ProfileGoneError
from tracker.storage.models import (
    UNDO_CLOSED,
    CardStateRow,
    ProfileRow,
    ReviewLogRow,
    ReviewSettingsRow,
    UserCardRow,
)
from tracker.storage.review_pulls import apply_pulled_review
from tracker.storage.writes import log_event

# What the review queue, the backup, sync and the tests import from here.
__all__ = [
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_RETENTION",
    "REVIEW_KIND",
    "USER_KEY_PREFIX",
    "CardStore",
    "NewState",
    "StoredCard",
    "StoredLog",
    "StoredUserCard",
    "apply_pulled_review",
    "user_key",
]

_S = CardStateRow
_L = ReviewLogRow
_U = UserCardRow

# The two hot reads, as plain SQL for the driver's cursor (see ``state_keys``).
_RAW_STATE_KEYS = "SELECT card_key FROM card_states WHERE profile_id = ? AND curriculum_id = ?"
_RAW_ANY = (
    "SELECT 1 FROM card_states WHERE profile_id = ? AND curriculum_id = ? UNION ALL "
    "SELECT 1 FROM user_cards WHERE profile_id = ? AND curriculum_id = ? UNION ALL "
    "SELECT 1 FROM review_settings WHERE profile_id = ? LIMIT 1"
)
_RAW_DUE_KEYS = (
    "SELECT card_key FROM card_states WHERE profile_id = ? AND curriculum_id = ? AND due <= ? "
    "ORDER BY due"
)
_INTRODUCED_SINCE = select(func.count()).where(*CARD_SCOPE, _S.introduced_at >= bindparam("since"))
_GRADE_LOG = (
    select(_L.id, _L.card_id, _S.card_key, _L.card_before)
    .join(_S, _S.id == _L.card_id)
    .where(*CARD_SCOPE, _L.id == bindparam("log"))
)


def _log_review(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    key: str,
    *,
    old: str | None,
    new: str | None,
    at: datetime,
) -> None:
    log_event(
        conn,
        profile_id,
        curriculum_id,
        kind=REVIEW_KIND,
        item_kind=None,
        item_id=key,
        old=old,
        new=new,
        now=at,
        undo_state=UNDO_CLOSED,
        origin="user",
    )


class CardStore:
    """The review tables of one database file, used by the progress layer's review queue."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def _path(self) -> object:
        return self.database.path

    @contextmanager
    def _write(self, profile_id: int) -> Iterator[Connection]:
        """A write transaction for a profile that must still exist (``ProfileGoneError``)."""
        with self.database.connection(write=True) as conn:
            found = conn.execute(select(ProfileRow.id).where(ProfileRow.id == profile_id)).first()
            if found is None:
                raise ProfileGoneError(
                    f"{self.database.path}: profile #{profile_id} no longer exists",
                    self.database.path,
                    profile_id,
                )
            yield conn

    # --- settings -------------------------------------------------------------------------

    def settings(self, profile_id: int) -> tuple[float, int]:
        """(desired retention, new cards per day) of the profile; defaults when never set."""
        with self.database.connection(write=False) as conn:
            row = conn.execute(
                select(ReviewSettingsRow.desired_retention, ReviewSettingsRow.new_per_day).where(
                    ReviewSettingsRow.profile_id == profile_id
                )
            ).first()
        if row is None:
            return DEFAULT_RETENTION, DEFAULT_NEW_PER_DAY
        return float(row[0]), int(row[1])

    def stored_settings(self, profile_id: int) -> tuple[float, int] | None:
        """The profile's own settings, None when it uses the defaults."""
        with self.database.connection(write=False) as conn:
            row = conn.execute(
                select(ReviewSettingsRow.desired_retention, ReviewSettingsRow.new_per_day).where(
                    ReviewSettingsRow.profile_id == profile_id
                )
            ).first()
        return None if row is None else (float(row[0]), int(row[1]))

    def set_settings(self, profile_id: int, retention: float, new_per_day: int) -> None:
        with self._write(profile_id) as conn:
            conn.execute(
                delete(ReviewSettingsRow).where(ReviewSettingsRow.profile_id == profile_id)
            )
            conn.execute(
                insert(ReviewSettingsRow).values(
                    profile_id=profile_id, desired_retention=retention, new_per_day=new_per_day
                )
            )

    # --- card states and review logs --------------------------------------------------------

    def states(self, profile_id: int, curriculum_id: str) -> dict[str, StoredCard]:
        with self.database.connection(write=False) as conn:
            rows = conn.execute(SELECT_CARD_STATES, {"pid": profile_id, "cid": curriculum_id})
            return {row[1]: stored_card(tuple(row)) for row in rows}

    def state_keys(self, profile_id: int, curriculum_id: str) -> set[str]:
        """Keys of every card with a stored state (reviewed at least once).

        Read with the driver's own cursor, in the transaction SQLAlchemy began: ten thousand
        result rows cost a tenth of what they cost as SQLAlchemy rows (the due count's budget).
        """
        with self.database.connection(write=False) as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            rows = raw.execute(_RAW_STATE_KEYS, (profile_id, curriculum_id))
            return {row[0] for row in rows}

    def holds_any(self, profile_id: int, curriculum_id: str) -> bool:
        """Whether the profile has any review state, review setting or own card here."""
        with self.database.connection(write=False) as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            row = raw.execute(
                _RAW_ANY, (profile_id, curriculum_id, profile_id, curriculum_id, profile_id)
            ).fetchone()
            return row is not None

    def _due_keys_raw(self, profile_id: int, curriculum_id: str, now: datetime) -> list[str]:
        with self.database.connection(write=False) as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            rows = raw.execute(_RAW_DUE_KEYS, (profile_id, curriculum_id, utc_text(now)))
            return [row[0] for row in rows]

    def state(self, profile_id: int, curriculum_id: str, key: str) -> StoredCard | None:
        with self.database.connection(write=False) as conn:
            row = conn.execute(
                SELECT_CARD_STATE, {"pid": profile_id, "cid": curriculum_id, "key": key}
            ).first()
        return stored_card(tuple(row)) if row is not None else None

    def due_keys(self, profile_id: int, curriculum_id: str, now: datetime) -> list[str]:
        """Keys of the cards due at ``now``, soonest first (through ``ix_card_states_due``)."""
        return self._due_keys_raw(profile_id, curriculum_id, now)

    def introduced_since(self, profile_id: int, curriculum_id: str, since: datetime) -> int:
        """How many cards were first reviewed at or after ``since`` (new cards used up)."""
        with self.database.connection(write=False) as conn:
            params = {"pid": profile_id, "cid": curriculum_id, "since": since}
            return int(conn.execute(_INTRODUCED_SINCE, params).scalar_one())

    def record_grade(
        self,
        profile_id: int,
        curriculum_id: str,
        key: str,
        schedule: Callable[[StoredCard | None], NewState],
        *,
        rating: int,
        at: datetime,
        duration_ms: int | None,
    ) -> tuple[int, int]:
        """Store a card's new state and the log of the grade in one transaction; returns the
        card's ``card_id`` and the log's id. ``schedule`` gets the state read inside the
        transaction (so a grade stored meanwhile by another process is built upon, not
        overwritten). The state it replaces goes into the log for undo."""
        params = {"pid": profile_id, "cid": curriculum_id, "key": key}
        with self._write(profile_id) as conn:
            row = conn.execute(SELECT_CARD_STATE, params).first()
            new = schedule(stored_card(tuple(row)) if row is not None else None)
            values = {
                "state": new.state,
                "step": new.step,
                "stability": new.stability,
                "difficulty": new.difficulty,
                "due": new.due,
                "last_review": new.last_review,
            }
            if row is None:
                inserted = conn.execute(
                    insert(_S).values(
                        profile_id=profile_id,
                        curriculum_id=curriculum_id,
                        card_key=key,
                        introduced_at=at,
                        **values,
                    )
                ).inserted_primary_key
                assert inserted is not None
                card_id = inserted[0]
                before = None
            else:
                old = stored_card(tuple(row))
                card_id = old.card_id
                before = json.dumps(old.fields())
                conn.execute(update(_S).where(_S.id == card_id).values(**values))
            logged = conn.execute(
                insert(_L).values(
                    card_id=card_id,
                    rating=rating,
                    review_datetime=at,
                    review_duration=duration_ms,
                    card_before=before,
                )
            ).inserted_primary_key
            assert logged is not None
            grade = {
                "key": key,
                "rating": rating,
                "at": utc_text(at),
                "duration": duration_ms,
                "introduced_at": utc_text(
                    at if row is None else stored_card(tuple(row)).introduced_at
                ),
                "state": {
                    **values,
                    "due": utc_text(new.due),
                    "last_review": utc_text(new.last_review) if new.last_review else None,
                },
            }
            _log_review(
                conn, profile_id, curriculum_id, key, old=None, new=json.dumps(grade), at=at
            )
            return int(card_id), int(logged[0])

    def undo_grade(
        self, profile_id: int, curriculum_id: str, log_id: int
    ) -> tuple[str, bool] | None:
        """Take back one grade (by its log id): the card gets its earlier state back (or becomes
        new again) and the log is removed. Returns (card key, True) when done; (card key, False)
        and nothing changed when the card was graded again since (by another process: undoing
        this grade would throw that one away); None when the log is gone or was imported."""
        with self._write(profile_id) as conn:
            row = conn.execute(
                _GRADE_LOG, {"pid": profile_id, "cid": curriculum_id, "log": log_id}
            ).first()
            if row is None:
                return None
            log_id, card_id, key, before = row
            if before == IMPORTED:
                return None  # an imported grade: what it replaced is not known here
            later = conn.execute(
                select(_L.id).where(_L.card_id == card_id, _L.id > log_id).limit(1)
            ).first()
            if later is not None:
                return str(key), False
            taken = conn.execute(select(_L.rating, _L.review_datetime).where(_L.id == log_id)).one()
            conn.execute(delete(_L).where(_L.id == log_id))
            undone = {
                "key": key,
                "rating": taken.rating,
                "at": utc_text(taken.review_datetime),
                "before": json.loads(before) if before else None,
            }
            moment = datetime.now(UTC)
            _log_review(
                conn, profile_id, curriculum_id, key, old=json.dumps(undone), new=None, at=moment
            )
            if before is None:
                conn.execute(delete(_S).where(_S.id == card_id))
            else:
                fields = json.loads(before)
                conn.execute(
                    update(_S)
                    .where(_S.id == card_id)
                    .values(
                        state=fields["state"],
                        step=fields["step"],
                        stability=fields["stability"],
                        difficulty=fields["difficulty"],
                        due=datetime.fromisoformat(fields["due"]),
                        last_review=datetime.fromisoformat(fields["last_review"])
                        if fields["last_review"]
                        else None,
                    )
                )
            return str(key), True

    def logs(
        self, profile_id: int, curriculum_id: str, since: datetime | None = None
    ) -> list[StoredLog]:
        """Review logs of the profile, oldest first (only those at or after ``since``)."""
        statement = SELECT_LOGS
        if since is not None:
            statement = statement.where(_L.review_datetime >= since)
        with self.database.connection(write=False) as conn:
            rows = conn.execute(statement, {"pid": profile_id, "cid": curriculum_id})
            return [StoredLog(*row) for row in rows]

    def log_count(self, profile_id: int, curriculum_id: str) -> int:
        with self.database.connection(write=False) as conn:
            statement = (
                select(func.count())
                .select_from(_L)
                .join(_S, _S.id == _L.card_id)
                .where(*CARD_SCOPE)
            )
            return int(
                conn.execute(statement, {"pid": profile_id, "cid": curriculum_id}).scalar_one()
            )

    # --- the learner's own cards ------------------------------------------------------------

    def user_cards(
        self, profile_id: int, curriculum_id: str, *, deleted: bool = False
    ) -> list[StoredUserCard]:
        statement = select(*USER_COLUMNS).where(*USER_SCOPE).order_by(_U.id)
        if not deleted:
            statement = statement.where(_U.deleted_at.is_(None))
        with self.database.connection(write=False) as conn:
            rows = conn.execute(statement, {"pid": profile_id, "cid": curriculum_id})
            return [StoredUserCard(*row) for row in rows]

    def add_user_card(
        self,
        profile_id: int,
        curriculum_id: str,
        item_kind: str,
        item_id: str,
        *,
        front: str,
        back: str,
        now: datetime,
    ) -> int:
        with self._write(profile_id) as conn:
            result = conn.execute(
                insert(_U).values(
                    profile_id=profile_id,
                    curriculum_id=curriculum_id,
                    item_kind=item_kind,
                    item_id=item_id,
                    front=front,
                    back=back,
                    created_at=now,
                    updated_at=now,
                    deleted_at=None,
                )
            )
            inserted = result.inserted_primary_key
            assert inserted is not None
            log_card(conn, profile_id, int(inserted[0]), now)  # for sync
            return int(inserted[0])

    def edit_user_card(
        self, profile_id: int, number: int, front: str, back: str, now: datetime
    ) -> tuple[str, str] | None:
        """New texts for a card; returns the old (front, back), None for an unknown or deleted
        card."""
        with self._write(profile_id) as conn:
            row = conn.execute(
                select(_U.front, _U.back).where(
                    _U.id == number, _U.profile_id == profile_id, _U.deleted_at.is_(None)
                )
            ).first()
            if row is None:
                return None
            conn.execute(
                update(_U).where(_U.id == number).values(front=front, back=back, updated_at=now)
            )
            log_card(conn, profile_id, number, now)  # for sync
            return str(row[0]), str(row[1])

    def set_user_card_deleted(
        self, profile_id: int, number: int, deleted_at: datetime | None
    ) -> bool:
        """Delete (a time) or restore (None) a card; its state and logs stay. False: unknown."""
        with self._write(profile_id) as conn:
            result = conn.execute(
                update(_U)
                .where(_U.id == number, _U.profile_id == profile_id)
                .values(deleted_at=deleted_at)
            )
            if result.rowcount:  # for sync
                log_card(conn, profile_id, number, deleted_at or datetime.now(UTC))
            return bool(result.rowcount)

    # --- backups ----------------------------------------------------------------------------

    def import_review(
        self,
        profile_id: int,
        curriculum_id: str,
        backup: Any,
        *,
        replace: bool = False,
        now: datetime | None = None,
    ) -> int:
        """Apply a ``ReviewBackup`` (see ``tracker.progress.review_backup``) in one transaction;
        returns how many rows changed (0 when applied twice). ``replace``: see
        ``card_backup.apply_review_backup``."""
        with self._write(profile_id) as conn:
            return apply_review_backup(
                conn, profile_id, curriculum_id, backup, replace=replace, now=now
            )
