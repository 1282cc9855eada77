"""The prebuilt Core statements of the store's frequent reads and writes, built once at import.

Shared by the store and its helpers (``writes``, ``reads``, ``importing``, ``progress_view``,
``sessions``, ``sync_local``). Each takes its values as bound parameters: ``pid`` (profile id),
``cid`` (curriculum id), ``item`` (task, stage or item id), ``kind_of_item`` (a note's item kind)
and ``event_id``. ``*_OF_SCOPE`` are the WHERE clauses of one profile and curriculum, ``*_KEY``
those of one row; ``UNDO_TOP`` / ``REDO_TOP`` select the event undo / redo would act on.
"""

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
# Bound parameters of a scope and of an item:

PID: BindParameter[int] = bindparam("pid")
CID: BindParameter[str] = bindparam("cid")
ITEM: BindParameter[str] = bindparam("item")

STATE_COLUMNS = (
    TaskStateRow.task_id,
    TaskStateRow.status,
    TaskStateRow.changed_at,
    TaskStateRow.started_at,
    TaskStateRow.done_at,
)
STATE_OF_SCOPE = (TaskStateRow.profile_id == PID, TaskStateRow.curriculum_id == CID)
STATE_KEY = (*STATE_OF_SCOPE, TaskStateRow.task_id == ITEM)
SELECT_STATE = select(*STATE_COLUMNS).where(*STATE_KEY)
SELECT_STATES = select(*STATE_COLUMNS).where(*STATE_OF_SCOPE)
SELECT_STATUSES = select(TaskStateRow.task_id, TaskStateRow.status).where(
    *STATE_OF_SCOPE, TaskStateRow.status != TaskStatus.TODO.value
)
INSERT_STATE = insert(TaskStateRow)
UPDATE_STATE = update(TaskStateRow).where(*STATE_KEY)

NOTE_KEY = (
    NoteRow.profile_id == PID,
    NoteRow.curriculum_id == CID,
    NoteRow.item_kind == bindparam("kind_of_item"),
    NoteRow.item_id == ITEM,
)
SELECT_NOTE = select(NoteRow.text).where(*NOTE_KEY)
INSERT_NOTE = insert(NoteRow)
UPDATE_NOTE = update(NoteRow).where(*NOTE_KEY)
DELETE_NOTE = delete(NoteRow).where(*NOTE_KEY)

PLAN_OF_SCOPE = (StagePlanRow.profile_id == PID, StagePlanRow.curriculum_id == CID)
PLAN_KEY = (*PLAN_OF_SCOPE, StagePlanRow.stage_id == ITEM)
SELECT_PLAN = select(StagePlanRow.target_date).where(*PLAN_KEY)
SELECT_PLANS = select(StagePlanRow.stage_id, StagePlanRow.target_date).where(*PLAN_OF_SCOPE)
INSERT_PLAN = insert(StagePlanRow)
UPDATE_PLAN = update(StagePlanRow).where(*PLAN_KEY)
DELETE_PLAN = delete(StagePlanRow).where(*PLAN_KEY)

EVENT_COLUMNS = (
    EventRow.id,
    EventRow.kind,
    EventRow.item_kind,
    EventRow.item_id,
    EventRow.old,
    EventRow.new,
    EventRow.at,
)
EVENT_OF_SCOPE = (EventRow.profile_id == PID, EventRow.curriculum_id == CID)
INSERT_EVENT = insert(EventRow)
CLOSE_REDO = (
    update(EventRow)
    .where(*EVENT_OF_SCOPE, EventRow.undo_state == UNDO_UNDONE)
    .values(undo_state=UNDO_CLOSED)
)
SET_UNDO_STATE = update(EventRow).where(EventRow.id == bindparam("event_id"))


UNDO_TOP = (
    select(*EVENT_COLUMNS)
    .where(*EVENT_OF_SCOPE, EventRow.undo_state == UNDO_ACTIVE, EventRow.kind.in_(UNDOABLE_KINDS))
    .order_by(EventRow.id.desc())
    .limit(1)
)
REDO_TOP = (
    select(*EVENT_COLUMNS)
    .where(*EVENT_OF_SCOPE, EventRow.undo_state == UNDO_UNDONE, EventRow.kind.in_(UNDOABLE_KINDS))
    .order_by(EventRow.id.asc())
    .limit(1)
)
PROFILE_NAME = select(ProfileRow.name).where(ProfileRow.id == PID)
