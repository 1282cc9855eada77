"""The prebuilt Core statements of the store's frequent reads and writes, built once at import."""

from __future__ import annotations

from sqlalchemy import BindParameter, bindparam, delete, insert, select, update

from tracker.domain import ChangeKind, TaskStatus
from tracker.storage.models import (
    UNDO_ACTIVE,
    UNDO_CLOSED,
    UNDO_UNDONE,
    EventRow,
    NoteRow,
    ProfileRow,
    StagePlanRow,
    TaskStateRow,
)
from tracker.studytime import REPLAN_KIND, TIME_KIND

UNDOABLE_KINDS = (ChangeKind.STATUS.value, ChangeKind.PLAN.value, TIME_KIND, REPLAN_KIND)

# Built once, so every call reuses the compiled form SQLAlchemy caches for each.

_PID: BindParameter[int] = bindparam("pid")
_CID: BindParameter[str] = bindparam("cid")
_ITEM: BindParameter[str] = bindparam("item")

_STATE_COLUMNS = (
    TaskStateRow.task_id,
    TaskStateRow.status,
    TaskStateRow.changed_at,
    TaskStateRow.started_at,
    TaskStateRow.done_at,
)
_STATE_OF_SCOPE = (TaskStateRow.profile_id == _PID, TaskStateRow.curriculum_id == _CID)
_STATE_KEY = (*_STATE_OF_SCOPE, TaskStateRow.task_id == _ITEM)
_SELECT_STATE = select(*_STATE_COLUMNS).where(*_STATE_KEY)
_SELECT_STATES = select(*_STATE_COLUMNS).where(*_STATE_OF_SCOPE)
_SELECT_STATUSES = select(TaskStateRow.task_id, TaskStateRow.status).where(
    *_STATE_OF_SCOPE, TaskStateRow.status != TaskStatus.TODO.value
)
_INSERT_STATE = insert(TaskStateRow)
_UPDATE_STATE = update(TaskStateRow).where(*_STATE_KEY)

_NOTE_KEY = (
    NoteRow.profile_id == _PID,
    NoteRow.curriculum_id == _CID,
    NoteRow.item_kind == bindparam("kind_of_item"),
    NoteRow.item_id == _ITEM,
)
_SELECT_NOTE = select(NoteRow.text).where(*_NOTE_KEY)
_INSERT_NOTE = insert(NoteRow)
_UPDATE_NOTE = update(NoteRow).where(*_NOTE_KEY)
_DELETE_NOTE = delete(NoteRow).where(*_NOTE_KEY)

_PLAN_OF_SCOPE = (StagePlanRow.profile_id == _PID, StagePlanRow.curriculum_id == _CID)
_PLAN_KEY = (*_PLAN_OF_SCOPE, StagePlanRow.stage_id == _ITEM)
_SELECT_PLAN = select(StagePlanRow.target_date).where(*_PLAN_KEY)
_SELECT_PLANS = select(StagePlanRow.stage_id, StagePlanRow.target_date).where(*_PLAN_OF_SCOPE)
_INSERT_PLAN = insert(StagePlanRow)
_UPDATE_PLAN = update(StagePlanRow).where(*_PLAN_KEY)
_DELETE_PLAN = delete(StagePlanRow).where(*_PLAN_KEY)

_EVENT_COLUMNS = (
    EventRow.id,
    EventRow.kind,
    EventRow.item_kind,
    EventRow.item_id,
    EventRow.old,
    EventRow.new,
    EventRow.at,
)
_EVENT_OF_SCOPE = (EventRow.profile_id == _PID, EventRow.curriculum_id == _CID)
_INSERT_EVENT = insert(EventRow)
_CLOSE_REDO = (
    update(EventRow)
    .where(*_EVENT_OF_SCOPE, EventRow.undo_state == UNDO_UNDONE)
    .values(undo_state=UNDO_CLOSED)
)
_SET_UNDO_STATE = update(EventRow).where(EventRow.id == bindparam("event_id"))


_UNDO_TOP = (
    select(*_EVENT_COLUMNS)
    .where(*_EVENT_OF_SCOPE, EventRow.undo_state == UNDO_ACTIVE, EventRow.kind.in_(UNDOABLE_KINDS))
    .order_by(EventRow.id.desc())
    .limit(1)
)
_REDO_TOP = (
    select(*_EVENT_COLUMNS)
    .where(*_EVENT_OF_SCOPE, EventRow.undo_state == UNDO_UNDONE, EventRow.kind.in_(UNDOABLE_KINDS))
    .order_by(EventRow.id.asc())
    .limit(1)
)
_PROFILE_NAME = select(ProfileRow.name).where(ProfileRow.id == _PID)
