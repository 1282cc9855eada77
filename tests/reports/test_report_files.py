"""File names are sanitised and a failed write keeps the earlier file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tracker.reports.formats import FORMATS, safe_filename, suggested_filename, write_atomic
from tracker.reports.model import Report


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ('a/b\\c:d*e?f"g<h>i|j.md', "a_b_c_d_e_f_g_h_i_j.md"),
        ("..", "learnpath"),
        ("  trailing. ", "trailing"),
        ("CON.md", "_CON.md"),
        ("line\nbreak\x00.csv", "line_break_.csv"),
        ("李雷的进度.pdf", "李雷的进度.pdf"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_long_names_keep_their_suffix() -> None:
    name = safe_filename("进" * 300 + ".json")
    assert name.endswith(".json") and len(name.encode()) <= 200


def test_suggested_name(report_en: Report) -> None:
    assert suggested_filename(report_en, FORMATS["md"]) == "learnpath-李雷 Lei-all-2030-03-15.md"


def test_a_failed_write_keeps_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.csv"
    target.write_bytes(b"earlier")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]


def test_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"old")
    assert write_atomic(target, b"new") == target
    assert target.read_bytes() == b"new"
