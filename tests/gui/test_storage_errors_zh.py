"""Faults of the data file, raised for real (a damaged file, one from a newer LearnPath, a file
that cannot be opened or moved), read in Chinese in a Chinese window, not in the storage
layer's English."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker import paths
from tracker.curriculum.model import Curriculum
from tracker.progress.service import ProgressService
from tracker.storage.errors import StorageError
from tracker.ui.error_text import error_text

NAMES = ("LearnPath", "SQLite", "alembic_version", "FIFO")
"""Words a Chinese sentence keeps as they are."""


def _english_left(text: str, folder: Path, *kept: str) -> list[str]:
    """Latin words left in ``text`` once the paths under ``folder``, the names a Chinese
    sentence keeps and the ``kept`` values (a file name, a revision) are taken out."""
    text = re.sub(re.escape(str(folder)) + r"[^\s：，；（）。]*", "", text)
    for name in (*kept, *NAMES):
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def _real_database(data_dir: Path, curriculum: Curriculum) -> Path:
    ProgressService.open(data_dir, curriculum).close()
    return paths.database_path(data_dir)


def _stamp(database: Path, revision: str) -> None:
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def _empty(db: Path, _c: Curriculum) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"")


def _text_file(db: Path, _c: Curriculum) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_text("my notes, not a database\n")


def _short(db: Path, c: Curriculum) -> None:
    _real_database(db.parent, c)
    db.write_bytes(db.read_bytes()[:60])


def _partial_page(db: Path, c: Curriculum) -> None:
    _real_database(db.parent, c)
    db.write_bytes(db.read_bytes()[:-100])


def _newer(db: Path, c: Curriculum) -> None:
    _real_database(db.parent, c)
    _stamp(db, "9999")


def _unknown_revision(db: Path, c: Curriculum) -> None:
    _real_database(db.parent, c)
    _stamp(db, "not-ours")


def _other_database(db: Path, _c: Curriculum) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()


def _folder(db: Path, _c: Curriculum) -> None:
    db.mkdir(parents=True)


def _wal_folder(db: Path, c: Curriculum) -> None:
    _real_database(db.parent, c)
    db.with_name(db.name + "-wal").mkdir()


def _dangling_link(db: Path, _c: Curriculum) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.symlink_to(db.parent / "unmounted" / "learnpath.sqlite3")


def _link_loop(db: Path, _c: Curriculum) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.symlink_to(db)


CASES: dict[str, tuple[Callable[[Path, Curriculum], None], str]] = {
    "empty": (_empty, "是空文件（0 字节），不是可用的 LearnPath 数据库"),
    "not sqlite": (_text_file, "不是 SQLite 数据库，不是可用的 LearnPath 数据库"),
    "short": (_short, "不完整（只有 60 字节）"),
    "partial page": (_partial_page, "字节不是整数个数据页"),
    "newer": (_newer, "由更新版本的 LearnPath 写入（数据库结构版本 9999"),
    "unknown revision": (
        _unknown_revision,
        "的结构版本表已损坏（alembic_version 中为 'not-ours'）",
    ),
    "other database": (_other_database, "是 SQLite 数据库，但不是 LearnPath 的数据库"),
    "a folder": (_folder, "是一个文件夹，不是数据库文件"),
    "-wal a folder": (_wal_folder, "是一个文件夹，不是文件；有它在旁边，SQLite 无法使用"),
    "dangling link": (_dangling_link, "磁盘未挂载？"),
    "link loop": (_link_loop, "循环符号链接"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_faulty_data_file_reads_in_chinese(
    qapp: Any, tmp_path: Path, curriculum: Curriculum, case: str
) -> None:
    from tracker.ui import i18n

    make, expected = CASES[case]
    data_dir = tmp_path / "data"
    database = paths.database_path(data_dir)
    make(database, curriculum)
    with pytest.raises(StorageError) as raised:
        ProgressService.open(data_dir, curriculum)
    english = error_text(raised.value)
    i18n.set_language("zh", remember=False)
    text = error_text(raised.value)
    assert text != english and str(raised.value) != text
    assert expected in text
    assert _english_left(text, tmp_path, database.name, "'not-ours'") == []


def test_a_data_folder_that_cannot_be_made_reads_in_chinese(
    qapp: Any, tmp_path: Path, curriculum: Curriculum
) -> None:
    from tracker.ui import i18n

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StorageError) as raised:
        ProgressService.open(blocker / "data", curriculum)
    i18n.set_language("zh", remember=False)
    text = error_text(raised.value)
    assert text == f"无法创建数据文件夹 {blocker / 'data'}：路径中有一部分不是文件夹。"
    assert _english_left(text, tmp_path) == []


def test_a_damaged_file_that_cannot_be_moved_aside_reads_in_chinese(
    qapp: Any, tmp_path: Path
) -> None:
    """Restoring over a damaged database moves it aside first; a folder in the way of that
    name stops the move (a real rename failure, as root too)."""
    from tracker.storage import fileguard
    from tracker.ui import i18n

    database = tmp_path / "learnpath.sqlite3"
    database.write_bytes(b"")
    now = datetime.now(UTC)
    for seconds in range(5):  # whichever second the move happens in
        fileguard.broken_name(database, now + timedelta(seconds=seconds)).mkdir()
    with pytest.raises(StorageError) as raised:
        fileguard.set_aside(database)  # the step a restore takes for a damaged database
    i18n.set_language("zh", remember=False)
    text = error_text(raised.value)
    assert text.startswith(f"无法将 {database} 移到一旁：")
    assert _english_left(text, tmp_path) == []


def test_the_start_up_dialog_tells_a_damaged_database_in_chinese(
    qapp: Any, tmp_path: Path, curriculum: Curriculum, dialogs: Any
) -> None:
    from tracker.ui import app, i18n

    data_dir = tmp_path / "data"
    _newer(paths.database_path(data_dir), curriculum)
    i18n.set_language("zh", remember=False)
    with pytest.raises(app.StartupError):
        app._open_progress(data_dir, curriculum, None, dialogs)
    name, (_title, message) = dialogs.calls[-1]
    assert name == "show_error"
    assert "由更新版本的 LearnPath 写入" in message
    shown = message.replace("--data-dir", "")
    assert _english_left(shown, tmp_path) == []


def test_the_restore_list_reads_in_chinese(
    qtbot: Any, open_window: Callable[..., Any], data_dir: Path
) -> None:
    """Profiles of a backup joined the Chinese way, and a damaged backup's fault in Chinese."""
    from tracker.progress import backups
    from tracker.ui import i18n

    window = open_window()
    window.service.add_profile("bob")
    database = paths.database_path(data_dir)
    backups.take_backup(database, "manual", datetime(2020, 1, 1, 9, 0, tzinfo=UTC))
    damaged = backups.take_backup(database, "manual", datetime(2020, 1, 2, 9, 0, tzinfo=UTC))
    damaged.write_bytes(b"\0" * 4096)
    i18n.set_language("zh", remember=False)
    window.menus.restore_action.trigger()
    dialog = window.backups.restore_dialog
    qtbot.waitExposed(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    newest, sound = (dialog.tree.topLevelItem(i).text(2) for i in range(2))
    assert newest == f"无法读取：{damaged} 已损坏（不是数据库文件）。"
    assert sound == "bob — 状态 0，笔记 0，计划 0；default — 状态 0，笔记 0，计划 0"
    dialog.close()
