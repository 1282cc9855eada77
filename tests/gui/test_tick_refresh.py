"""A tick touches only what it changed: the task's row and its module's row, the stage's row, the
overall bar and the undo/redo actions. No resets, no layout changes, no re-reading every state.

Signals are recorded with plain spies (and ``qtbot.waitSignal`` where one signal is awaited); no
timings are asserted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QObject, Qt

from tracker.progress.records import TaskStatus
from tracker.ui.checklist_filter import ChecklistFilter
from tracker.ui.checklist_model import TASK_ID_ROLE, ChecklistModel
from tracker.ui.checklist_panel import FITTED_COLUMNS
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]

STRUCTURE_SIGNALS = (
    "modelAboutToBeReset",
    "modelReset",
    "layoutAboutToBeChanged",
    "layoutChanged",
    "rowsAboutToBeRemoved",
    "rowsRemoved",
    "rowsInserted",
)


class Spy:
    """Records every emission of a model's dataChanged and of its structure signals."""

    def __init__(self, model: QObject) -> None:
        self.changed: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []
        self.structure: list[str] = []
        model.dataChanged.connect(self._data_changed)  # type: ignore[attr-defined]
        for name in STRUCTURE_SIGNALS:
            getattr(model, name).connect(lambda *_a, name=name: self.structure.append(name))

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        self.changed.append((where(top), where(bottom)))


def where(index: QModelIndex) -> tuple[int, int, int]:
    """(module row or -1, row, column) of a checklist index; (-1, row, column) at the top."""
    parent = index.parent()
    return (parent.row() if parent.isValid() else -1, index.row(), index.column())


def tick(window: MainWindow, task_id: str, checked: bool = True) -> None:
    """Tick through the view's model, as a click on the check box does."""
    proxy = window.checklist_proxy
    index = proxy.mapFromSource(window.checklist_model.index_of_task(task_id))
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    assert proxy.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)


class Calls:
    """Counts the service calls made while it is active (wrapping the service's methods)."""

    def __init__(self, service: Any, names: tuple[str, ...]) -> None:
        self.counts = dict.fromkeys(names, 0)
        self._service = service
        self._names = names

    @contextmanager
    def watching(self) -> Iterator[Calls]:
        originals = {name: getattr(self._service, name) for name in self._names}

        def counted(name: str) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                self.counts[name] += 1
                return originals[name](*args, **kwargs)

            return call

        for name in self._names:
            setattr(self._service, name, counted(name))
        try:
            yield self
        finally:
            for name in self._names:
                delattr(self._service, name)  # back to the class's methods


def test_a_tick_changes_only_the_task_row_and_its_module_row(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    window.select_stage("basics")
    source, proxy = Spy(window.checklist_model), Spy(window.checklist_proxy)
    stages = Spy(window.stage_model)

    with qtbot.waitSignal(window.bridge.progress_changed, timeout=2000):
        tick(window, "build-tokenizer")  # module 0 ("transformer"), its second task

    task_row = ((0, 1, 0), (0, 1, 3))  # every column of the task's row
    module_row = ((-1, 0, 0), (-1, 0, 3))  # every column of its module's row (the roll-up)
    assert source.changed == [task_row, module_row]
    assert proxy.changed == [task_row, module_row]
    assert source.structure == [] and proxy.structure == []
    assert stages.changed == [((-1, 0, 0), (-1, 0, 0))]  # the "basics" row alone
    assert stages.structure == []

    assert window.checklist_model.status_of("build-tokenizer") is TaskStatus.DONE
    module = window.checklist_model.index(0, 0)
    assert module.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    assert module.siblingAtColumn(3).data() == "1 of 2 done"


def test_a_tick_in_another_stage_leaves_the_checklist_alone(open_window: Opener) -> None:
    window = open_window()
    window.select_stage("basics")
    source, stages = Spy(window.checklist_model), Spy(window.stage_model)
    window.set_status("rag-app", TaskStatus.DONE)  # a task of "apps", not shown
    assert source.changed == [] and source.structure == []
    assert stages.changed == [((-1, 1, 0), (-1, 1, 0))]


def test_a_tick_reads_one_stage_and_no_task_states(open_window: Opener) -> None:
    window = open_window()
    window.select_stage("basics")
    watched = ("task_states", "task_state", "stages_progress", "overall", "can_undo", "can_redo")
    calls = Calls(window.service, (*watched, "stage_progress"))
    with calls.watching():
        tick(window, "read-attention")
    assert calls.counts == {**dict.fromkeys(watched, 0), "stage_progress": 1}


def test_the_overall_bar_and_banner_follow_ticks(open_window: Opener) -> None:
    window = open_window()
    assert window.banner.isVisible()
    tick(window, "read-attention")
    assert window.overall_bar.value() == round(1000 * 1 / 6)
    assert window.stage_model.overall() == window.service.overall()
    assert "1 of 6 done" in window.navigator.overall_label.text()
    assert not window.banner.isVisible()

    tick(window, "read-attention", checked=False)
    assert window.overall_bar.value() == 0
    assert window.stage_model.overall() == window.service.overall()
    # Unticking everything again does not bring the first-run banner back mid-session.
    assert not window.banner.isVisible()


def test_undo_and_redo_actions_follow_ticks(open_window: Opener) -> None:
    window = open_window()
    undo, redo = window.menus.undo_action, window.menus.redo_action
    assert not undo.isEnabled() and not redo.isEnabled()
    tick(window, "read-attention")
    assert undo.isEnabled() and not redo.isEnabled()
    window.undo()
    assert window.checklist_model.status_of("read-attention") is TaskStatus.TODO
    assert not undo.isEnabled() and redo.isEnabled()
    window.redo()
    assert window.checklist_model.status_of("read-attention") is TaskStatus.DONE
    assert undo.isEnabled() and not redo.isEnabled()
    tick(window, "build-tokenizer")
    window.undo()
    assert undo.isEnabled() and redo.isEnabled()
    tick(window, "numpy")  # a new change: what could be redone no longer can
    assert undo.isEnabled() and not redo.isEnabled()
    assert window.bridge.can_undo() == window.service.can_undo()
    assert window.bridge.can_redo() == window.service.can_redo()


class ModuleReads:
    """The modules whose tasks the filter reads from the checklist model, through the model's
    public ``task_ids`` (the status test) and ``search_keys`` (the text test)."""

    def __init__(self, model: ChecklistModel, monkeypatch: pytest.MonkeyPatch) -> None:
        self.task_ids: list[int] = []
        self.search_keys = 0
        task_ids, search_keys = model.task_ids, model.search_keys

        def read_ids(module_row: int) -> tuple[str, ...]:
            self.task_ids.append(module_row)
            return task_ids(module_row)

        def read_keys() -> Any:
            self.search_keys += 1
            return search_keys()

        monkeypatch.setattr(model, "task_ids", read_ids)
        monkeypatch.setattr(model, "search_keys", read_keys)

    def clear(self) -> None:
        self.task_ids.clear()
        self.search_keys = 0


def shown(proxy: ChecklistFilter) -> list[tuple[str, list[str]]]:
    """What a filter shows: each module's title with its tasks' ids."""
    out = []
    for row in range(proxy.rowCount()):
        module = proxy.index(row, 0)
        tasks = [
            proxy.index(t, 0, module).data(TASK_ID_ROLE) for t in range(proxy.rowCount(module))
        ]
        out.append((module.data(), tasks))
    return out


TO_DO = frozenset({TaskStatus.TODO})


def fresh_answer(
    window: MainWindow, statuses: frozenset[TaskStatus] | None = None
) -> list[tuple[str, list[str]]]:
    """What a new filter over the same model shows (nothing remembered from earlier answers)."""
    fresh = ChecklistFilter()
    fresh.set_text(window.filter_edit.text())
    fresh.set_statuses(statuses)
    fresh.setSourceModel(window.checklist_model)
    return shown(fresh)


def test_with_a_status_filter_a_tick_refilters_only_its_module(
    open_window: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    window.select_stage("basics")
    proxy = window.checklist_proxy
    window.status_filter.setCurrentIndex(2)  # to do
    assert proxy.rowCount() == 2  # both modules have tasks to do
    reads = ModuleReads(window.checklist_model, monkeypatch)
    spy = Spy(proxy)
    tick(window, "numpy")  # the only task of module 1 ("python")
    assert set(reads.task_ids) == {1}  # module 0's answer is kept, module 1's worked out again
    assert shown(proxy) == [("Transformer architecture", ["read-attention", "build-tokenizer"])]
    assert shown(proxy) == fresh_answer(window, TO_DO)
    assert "modelReset" not in spy.structure and "layoutChanged" not in spy.structure

    reads.clear()
    tick(window, "read-attention")  # module 0 keeps one task to do
    assert set(reads.task_ids) == {0}
    assert shown(proxy) == [("Transformer architecture", ["build-tokenizer"])]
    assert shown(proxy) == fresh_answer(window, TO_DO)
    window.set_status("numpy", TaskStatus.TODO)  # module 1 shows again
    assert [title for title, _ in shown(proxy)] == ["Transformer architecture", "Python tools"]
    assert shown(proxy) == fresh_answer(window, TO_DO)


def test_with_a_text_filter_a_tick_keeps_every_answer(
    open_window: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    window.select_stage("basics")
    window.filter_edit.setText("a")
    before = shown(window.checklist_proxy)
    reads = ModuleReads(window.checklist_model, monkeypatch)
    tick(window, "read-attention")
    assert reads.search_keys == 0 and reads.task_ids == []  # titles did not change
    assert shown(window.checklist_proxy) == before == fresh_answer(window)


def test_fitted_columns_are_not_measured_on_every_change(open_window: Opener) -> None:
    window = open_window()
    window.select_stage("basics")
    header = window.checklist_view.header()
    for column in FITTED_COLUMNS:
        assert header.sectionResizeMode(column) != header.ResizeMode.ResizeToContents
    window.checklist.fit_columns()
    view = window.checklist_view
    tick(window, "build-tokenizer")
    # The changed cells still fit their columns.
    task = window.checklist_proxy.mapFromSource(
        window.checklist_model.index_of_task("build-tokenizer")
    )
    for column in FITTED_COLUMNS:
        cell = task.siblingAtColumn(column)
        assert header.sectionSize(column) >= view.sizeHintForIndex(cell).width()
        module = task.parent().siblingAtColumn(column)
        assert header.sectionSize(column) >= view.sizeHintForIndex(module).width()


def test_columns_fit_a_new_stage(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    window.select_stage("apps")
    view, header = window.checklist_view, window.checklist_view.header()

    def fitted() -> bool:
        return all(
            header.sectionSize(column) >= view.sizeHintForColumn(column)
            for column in FITTED_COLUMNS
        )

    qtbot.waitUntil(fitted)


def test_a_hidden_checklist_is_laid_out_when_it_shows(open_window: Opener) -> None:
    """While another page covers the checklist, a new stage's rows are neither expanded nor
    measured (a big stage's layout would hold up the page that shows); they are as it shows."""
    window = open_window()
    view, proxy, header = (
        window.checklist_view,
        window.checklist_proxy,
        window.checklist_view.header(),
    )
    window.checklist.hide()
    window.select_stage("apps")
    window.select_task("rag-app")
    modules = [proxy.index(row, 0) for row in range(proxy.rowCount())]
    assert modules and not any(view.isExpanded(module) for module in modules)

    window.checklist.show()
    assert all(view.isExpanded(module) for module in modules)
    for column in FITTED_COLUMNS:
        assert header.sectionSize(column) >= view.sizeHintForColumn(column)
    current = view.currentIndex()
    assert window.checklist_model.task_at(proxy.mapToSource(current)).id == "rag-app"
    assert view.viewport().rect().intersects(view.visualRect(current))
