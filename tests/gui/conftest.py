"""Fixtures for the desktop app's tests: a temporary data folder, a small curriculum, the real
progress service on it, and dialogs that record what they were asked instead of blocking."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tracker.curriculum.model import (
    Concept,
    Curriculum,
    Module,
    Stage,
    Task,
    TaskKind,
    Text,
    TimelineEntry,
)
from tracker.progress.service import ProgressService


def sample_curriculum() -> Curriculum:
    """Two stages, three modules, six tasks (topics and practice), three concepts."""
    llm = Concept(
        id="llm",
        title=Text(zh="大模型", en="Large language model"),
        summary=Text(zh="在海量文本上训练的模型。", en="A model trained on vast amounts of text."),
        points=(Text(zh="参数规模大", en="Many parameters"),),
        timeline=(TimelineEntry(when="2017", text=Text(zh="Transformer", en="Transformer")),),
        related=("attention",),
    )
    attention = Concept(
        id="attention",
        title=Text(zh="注意力机制", en="Attention"),
        summary=Text(zh="让每个词关注其他词。", en="Lets each token look at every other token."),
    )
    finetune = Concept(
        id="finetune",
        title=Text(zh="微调", en="Fine-tuning"),
        summary=Text(zh="在小数据上继续训练。", en="Further training on a small data set."),
    )
    stage1 = Stage(
        id="basics",
        order=1,
        title=Text(zh="基础", en="Foundations"),
        goal=Text(zh="理解大模型是什么。", en="Understand what a large model is."),
        concepts=("llm",),
        modules=(
            Module(
                id="transformer",
                title=Text(zh="Transformer 架构", en="Transformer architecture"),
                tasks=(
                    Task(
                        id="read-attention",
                        title=Text(zh="阅读注意力论文", en="Read the attention paper"),
                        estimate_hours=4,
                        concepts=("attention",),
                    ),
                    Task(
                        id="build-tokenizer",
                        title=Text(zh="实现分词器", en="Build a tokenizer"),
                        kind=TaskKind.PRACTICE,
                        estimate_hours=6,
                    ),
                ),
            ),
            Module(
                id="python",
                title=Text(zh="Python 工具", en="Python tools"),
                tasks=(
                    Task(id="numpy", title=Text.both("NumPy"), estimate_hours=2, addition=True),
                ),
            ),
        ),
    )
    stage2 = Stage(
        id="apps",
        order=2,
        title=Text(zh="应用开发", en="Building applications"),
        goal=Text(zh="做出第一个应用。", en="Ship a first application."),
        concepts=("finetune",),
        modules=(
            Module(
                id="rag",
                title=Text(zh="检索增强", en="Retrieval"),
                tasks=(
                    Task(id="rag-topic", title=Text(zh="检索增强生成", en="RAG"), estimate_hours=3),
                    Task(
                        id="rag-app",
                        title=Text(zh="做一个问答应用", en="Build a Q&A app"),
                        kind=TaskKind.PRACTICE,
                        estimate_hours=10,
                        concepts=("finetune", "llm"),
                    ),
                    Task(id="eval", title=Text(zh="评估", en="Evaluation"), estimate_hours=2),
                ),
            ),
        ),
    )
    return Curriculum(
        id="sample",
        version="1",
        title=Text(zh="示例路线", en="Sample path"),
        stages=(stage1, stage2),
        concepts=(llm, attention, finetune),
    )


class FakeDialogs:
    """Stands in for ``tracker.ui.dialogs.Dialogs``: answers from ``answers``, records calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.open_path: Path | None = None
        self.texts: list[str | None] = []
        self.confirm_answer = True

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def errors(self) -> list[tuple[str, str]]:
        return [(args[0], args[1]) for name, args in self.calls if name == "show_error"]

    def show_error(self, title: str, message: str) -> None:
        self._record("show_error", title, message)

    def ask_open_curriculum(self) -> Path | None:
        self._record("ask_open_curriculum")
        return self.open_path

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        self._record("ask_text", title, label, text)
        return self.texts.pop(0) if self.texts else None

    def show_info(self, title: str, message: str) -> None:
        self._record("show_info", title, message)

    def confirm(self, title: str, question: str) -> bool:
        self._record("confirm", title, question)
        return self.confirm_answer

    def show_about(self) -> None:
        self._record("show_about")

    def show_data_location(self, path: Path) -> None:
        self._record("show_data_location", path)


@pytest.fixture
def curriculum() -> Curriculum:
    return sample_curriculum()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture(autouse=True)
def english(qapp: Any) -> Iterator[None]:
    """Every test starts, and leaves the app, in English."""
    from tracker.ui import i18n

    i18n.set_language("en", remember=False)
    yield
    i18n.set_language("en", remember=False)


@pytest.fixture
def open_window(
    qtbot: Any, data_dir: Path, curriculum: Curriculum, dialogs: FakeDialogs
) -> Iterator[Callable[..., Any]]:
    """Opens a service and a shown main window on ``data_dir``; closes what it opened."""
    from tracker.ui.main_window import MainWindow

    services: list[ProgressService] = []

    def opener(user: str | None = None, settings: Any = None) -> MainWindow:
        service = ProgressService.open(data_dir, curriculum, user)
        services.append(service)
        window = MainWindow(service, dialogs=dialogs, data_dir=data_dir, settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # shortcuts only reach the active window
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield opener
    for service in services:
        service.close()


# -- another program holding the database's write lock (the write queue's tests) ----------


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Another connection that takes the write lock (``BEGIN IMMEDIATE``) and keeps it."""
    held: list[sqlite3.Connection] = []

    def hold(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("BEGIN IMMEDIATE")
        held.append(connection)
        return connection

    yield hold
    for connection in held:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()


@pytest.fixture
def heartbeat() -> Iterator[list[int]]:
    """A timer ticking every 10 ms on the UI thread: it only beats while the event loop runs."""
    from PySide6.QtCore import QTimer

    beats: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(1))
    timer.start(10)
    yield beats
    timer.stop()


@pytest.fixture
def lazy_window(
    qtbot: Any, data_dir: Path, curriculum: Any, dialogs: Any
) -> Iterator[tuple[Any, Any]]:
    """A window on a service started on the start-up view (the store not open yet, as the app
    starts), and the ``Started`` the app would make of it."""
    from tracker.ui.app import Started
    from tracker.ui.main_window import MainWindow

    ProgressService.open(data_dir, curriculum).close()  # the database exists, at its schema
    service = ProgressService.open(data_dir, curriculum, lazy=True)
    window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
    qtbot.addWidget(window)
    started = Started(window, service, None, dialogs, None, Path(), data_dir)  # type: ignore[arg-type]
    yield window, started
    window.close()
    service.close()
