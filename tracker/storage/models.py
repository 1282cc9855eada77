"""The tables, as typed SQLAlchemy 2 models. Progress is keyed by curriculum id and item id."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# How an event relates to undo and redo (events.undo_state).
UNDO_ACTIVE = 0  # a change that undo may take back
UNDO_UNDONE = 1  # taken back by undo; redo may apply it again
UNDO_CLOSED = 2  # not undoable: undone then superseded by a new change, or imported history

STATUS_VALUES = ("todo", "in_progress", "done", "skipped")


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
        if value is None:
            return None
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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
    target_date: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EventRow(Base):
    """One entry of the append-only activity log; only ``undo_state`` ever changes."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_profile", "profile_id", "curriculum_id", "id"),
        Index("ix_events_undo", "profile_id", "curriculum_id", "undo_state", "id"),
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


class MetaRow(Base):
    """Small key/value settings kept with the data (not UI state)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


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
    on_date: Mapped[date | None] = mapped_column(Date)
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
