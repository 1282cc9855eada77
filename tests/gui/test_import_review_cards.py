"""File → Import Backup… restores the review part of a JSON backup too: the learner's own cards
(under their global ids, so their other computers see the same cards), card states and grades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_backup_dialogs import Dialogs

from tracker.curriculum.model import Curriculum
from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.reports.json_backup import render_json
from tracker.reports.model import build_report
from tracker.ui.export_dialog import run_import


def _cards(folder: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(folder / "learnpath.sqlite3")
    try:
        return sorted(conn.execute("SELECT gid, front FROM user_cards"))
    finally:
        conn.close()


def test_import_backup_restores_own_cards_with_their_gids(
    data_dir: Path, curriculum: Curriculum, tmp_path: Path
) -> None:
    first = ProgressService.open(data_dir, curriculum)
    try:
        first.review.add_card(ItemKind.TASK, "read-attention", "Own question", "Own answer")
        file = tmp_path / "backup.json"
        file.write_text(render_json(build_report(first)), encoding="utf-8")
    finally:
        first.close()
    [(gid, _front)] = _cards(data_dir)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = ProgressService.open(elsewhere, curriculum)
    try:
        dialogs = Dialogs()
        dialogs.texts = ["default"]
        change = run_import(None, second, dialogs, file)
        assert change is not None
        assert change.new != "0"
        assert [c.front.en for c in second.review.own_cards()] == ["Own question"]
        assert not dialogs.infos()[-1].startswith("Nothing changed")
    finally:
        second.close()
    assert _cards(elsewhere) == [(gid, "Own question")]
