"""CSV: one row per task, UTF-8 with a BOM, formulas neutralised, and every cell reads back."""

from __future__ import annotations

import csv
import io

import pytest

from tracker.reports.csv_table import COLUMNS, neutralise, render_csv
from tracker.reports.model import Report


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\x00"])
def test_cells_a_spreadsheet_would_run_are_neutralised(start: str) -> None:
    assert neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_ordinary_cells_are_left_alone() -> None:
    assert neutralise("注意力 = 1") == "注意力 = 1"
    assert neutralise("") == ""


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_task_and_every_cell_reads_back(report_en: Report) -> None:
    table = rows(render_csv(report_en))
    assert all(len(row) == len(COLUMNS) for row in table)
    ids = [row[2] for row in table[1:]]
    assert ids == ["tokenize", "attention", "formula", "build-index", "rerank", "retired"]
    by_id = {row[2]: row for row in table[1:]}
    assert by_id["formula"][3] == "'=SUM(A1) formulas"
    assert by_id["tokenize"][10] == "'=1+1\n@cmd\n-2\n+3\ttab\rcr"
    assert by_id["attention"][10].startswith("<script>")


def test_no_cell_starts_like_a_formula(report_zh: Report) -> None:
    for row in rows(render_csv(report_zh)):
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\x00")), value
