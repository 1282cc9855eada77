"""The tables, as typed SQLAlchemy 2 models. Progress is keyed by curriculum id and item id."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tracker.storage.lenient import calendar_date, utc_datetime

# How an event relates to undo and redo (events.undo_state).
UNDO_ACTIVE = 0  # a change that undo may take back
UNDO_UNDONE = 1  # taken back by undo; redo may apply it again
UNDO_CLOSED = 2  # not undoable: undone then superseded by a new change, or imported history

STATUS_VALUES = ("todo", "in_progress", "done", "skipped")

# An event's global id when a statement gives none: a random (version 4) UUID, made by SQLite
# itself so that any insert gets one (revision 0009); the models also give one from Python.
NEW_GID_SQL = (
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
)
DEVICE_ID_KEY = "device_id"
"""The ``meta`` key holding this data folder's device id (a UUID made by revision 0009)."""


def new_gid() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as ISO 8601 text in UTC, microseconds included, so it sorts."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return utc_datetime(value)  # unreadable: reported, read as unknown (None)


class LenientDate(TypeDecorator[date]):
    """``Date`` (``YYYY-MM-DD`` text), read back leniently: a value this program did not write
    is reported and read as None (the roll-ups then leave that plan out)."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        return calendar_date


class Base(DeclarativeBase):
    pass


class ProfileRow(Base):
    __tablename__ = "profiles"
    # Ids are never reused (revision 0003): a window still showing a removed profile must not
    # write into a profile added after it.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TaskStateRow(Base):
    __tablename__ = "task_states"
    __table_args__ = (
        CheckConstraint(
            "status IN ('todo', 'in_progress', 'done', 'skipped')", name="ck_task_states_status"
        ),
    )

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    curriculum_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NoteRow(Base):
    __tablename__ = "notes"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    curriculum_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StagePlanRow(Base):
    __tablename__ = "stage_plans"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    curriculum_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    stage_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    target_date: Mapped[date] = mapped_column(LenientDate)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventRow(Base):
    """One entry of the append-only activity log; only ``undo_state`` ever changes."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_profile", "profile_id", "curriculum_id", "id"),
        Index("ix_events_undo", "profile_id", "curriculum_id", "undo_state", "id"),
        Index("ux_events_gid", "gid", unique=True),
        Index("ix_events_item", "profile_id", "curriculum_id", "item_id"),
        # Revision 0007: when each task was done, for the Today page and the stats.
        Index(
            "ix_events_done",
            "profile_id",
            "curriculum_id",
            "undo_state",
            "at",
            "kind",  # the last two make it cover the query (no read of the log's rows)
            "new",
            sqlite_where=text("kind = 'status' AND new = 'done'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    curriculum_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    item_kind: Mapped[str | None] = mapped_column(String(16))
    item_id: Mapped[str | None] = mapped_column(String(200))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    undo_state: Mapped[int] = mapped_column(Integer, default=UNDO_CLOSED, server_default="0")
    origin: Mapped[str] = mapped_column(String(8), default="user", server_default="user")
    # Cohort sync (revision 0009): a global id, and the device that recorded the event (NULL:
    # this data folder, whose id is ``meta[DEVICE_ID_KEY]``; set for events pulled from another).
    gid: Mapped[str] = mapped_column(String(36), default=new_gid, server_default=text(NEW_GID_SQL))
    device: Mapped[str | None] = mapped_column(String(36))


class SyncCursorRow(Base):
    """Where sync with one cohort server stands for one profile (revision 0009).

    ``pushed_event_id``: every local event up to this id is on the server; ``pulled_seq``: every
    server event up to this sequence number has been applied here. Each is committed together
    with the work it records, so a killed sync resumes where it stopped.
    """

    __tablename__ = "sync_cursors"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    server: Mapped[str] = mapped_column(String(300), primary_key=True)
    pushed_event_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pulled_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MetaRow(Base):
    """Small key/value settings kept with the data (not UI state)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- spaced review (revision 0008) --------------------------------------------------------------


class ReviewSettingsRow(Base):
    """A profile's review settings; a profile without a row uses the defaults."""

    __tablename__ = "review_settings"
    __table_args__ = (
        CheckConstraint(
            "desired_retention > 0 AND desired_retention < 1", name="ck_review_settings_retention"
        ),
        CheckConstraint("new_per_day >= 0", name="ck_review_settings_new_per_day"),
    )

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    desired_retention: Mapped[float] = mapped_column(Float, server_default="0.9")
    new_per_day: Mapped[int] = mapped_column(Integer, server_default="10")


class UserCardRow(Base):
    """A card the learner wrote on a task, stage or concept; ``deleted_at`` set = deleted (kept
    so that a deletion can be undone and its review history is not lost)."""

    __tablename__ = "user_cards"
    __table_args__ = (
        Index("ix_user_cards_profile", "profile_id", "curriculum_id"),
        Index("ux_user_cards_gid", "gid", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    curriculum_id: Mapped[str] = mapped_column(String(200))
    item_kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(200))
    front: Mapped[str] = mapped_column(Text)
    back: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Cohort sync (revision 0010): the same card on every computer of the learner.
    gid: Mapped[str] = mapped_column(String(36), default=new_gid, server_default=text(NEW_GID_SQL))


class CardStateRow(Base):
    """The FSRS state of one card for one profile; ``id`` is the ``card_id`` of its review logs.

    ``card_key`` is a curriculum card's id, or ``u:<user_cards.id>`` for the learner's own cards.
    """

    __tablename__ = "card_states"
    __table_args__ = (
        UniqueConstraint("profile_id", "curriculum_id", "card_key", name="uq_card_states_key"),
        Index("ix_card_states_due", "profile_id", "curriculum_id", "due"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    curriculum_id: Mapped[str] = mapped_column(String(200))
    card_key: Mapped[str] = mapped_column(String(200))
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    introduced_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReviewLogRow(Base):
    """One grade, as the ``fsrs`` optimizer reads it (card_id, rating, review_datetime,
    review_duration in milliseconds); ``card_before`` is the state it replaced (JSON, NULL for a
    new card), so the grade can be undone."""

    __tablename__ = "review_logs"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="ck_review_logs_rating"),
        Index("ix_review_logs_card", "card_id", "id"),
        Index("ix_review_logs_time", "review_datetime"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card_states.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    review_datetime: Mapped[datetime] = mapped_column(UTCDateTime)
    review_duration: Mapped[int | None] = mapped_column(Integer)
    card_before: Mapped[str | None] = mapped_column(Text)


class KeptTitleRow(Base):
    """The last known title of an item that has progress (revision 0005), so progress kept for
    an item that left the curriculum can still be shown by name."""

    __tablename__ = "kept_titles"

    curriculum_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_zh: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- study time and preferences (revision 0007) -------------------------------------------------


class StudySessionRow(Base):
    """Study time on a task or a stage: a timer session (``on_date`` NULL; running while
    ``ended_at`` is NULL, ``last_seen_at`` its heartbeat) or a manual entry counted on
    ``on_date``. ``seconds`` is the entry's length, or a finished session's."""

    __tablename__ = "study_sessions"
    __table_args__ = (
        CheckConstraint("item_kind IN ('task', 'stage')", name="ck_study_sessions_item_kind"),
        CheckConstraint("seconds >= 0", name="ck_study_sessions_seconds"),
        Index("ix_study_sessions_profile", "profile_id", "curriculum_id", "started_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    curriculum_id: Mapped[str] = mapped_column(String(200))
    item_kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    on_date: Mapped[date | None] = mapped_column(LenientDate)
    seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    note: Mapped[str | None] = mapped_column(Text)


class ProfileSettingRow(Base):
    """A learner's preference kept with their profile (hours per week, daily goal, ...)."""

    __tablename__ = "profile_settings"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
