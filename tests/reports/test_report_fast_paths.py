"""The exports' per-row shortcuts give exactly what the plain per-cell functions give."""

from __future__ import annotations

import csv
import gc
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker.collector import collector_paused
from tracker.reports.csv_table import _neutralised, csv_line, neutralise
from tracker.reports.model import Report, date_formatter, format_date

# Cells that start with, hold, or are only a formula character or the row check's separator.
_CELL = st.text(alphabet=st.sampled_from("=+-@\t\r\x00\x1fa 注"), max_size=6) | st.text(max_size=8)


@given(st.lists(_CELL, max_size=12))
def test_a_row_is_neutralised_as_each_of_its_cells(row: list[str]) -> None:
    assert _neutralised(list(row)) == [neutralise(cell) for cell in row]


# Cells holding what the writer quotes for, what a spreadsheet runs, or nothing at all.
_CSV_CELL = st.text(alphabet=st.sampled_from(",\"\r\n\x00=+-@\t\x1f' a注"), max_size=6) | st.text(
    max_size=8
)


@given(st.lists(_CSV_CELL, max_size=12))
@example(row=[""])  # the writer quotes a row of one empty cell
@example(row=["", ""])
@example(row=["a,b", "c"])
@example(row=["x", "=1", "-2"])
def test_a_row_is_written_as_the_csv_writer_writes_its_neutralised_cells(row: list[str]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(
        [neutralise(cell) for cell in row]
    )
    assert csv_line(list(row)) == buffer.getvalue()


_ZONES: list[tzinfo] = [
    UTC,
    timezone(timedelta(hours=8)),
    timezone(timedelta(hours=-9, minutes=-30)),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Australia/Lord_Howe"),  # a half-hour daylight-saving shift
]


@pytest.mark.parametrize("zone", _ZONES, ids=str)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the report is only read
@example(moment=datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC))  # Berlin: to summer time
@example(moment=datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
@example(moment=datetime(2026, 11, 1, 5, 59, 59, tzinfo=UTC))  # New York: back to winter time
@example(moment=datetime(2026, 11, 1, 6, 0, tzinfo=UTC))
@example(moment=datetime(2026, 4, 4, 14, 59, tzinfo=UTC))  # Lord Howe: half an hour back
@given(
    moment=st.none()
    | st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
def test_a_date_cell_is_the_date_format_date_gives(
    report_en: Report, zone: tzinfo, moment: datetime | None
) -> None:
    report = replace(report_en, tz=zone)
    assert date_formatter(report)(moment) == format_date(moment, report)


def test_the_collector_is_paused_in_the_block_and_set_back_after_it() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block leaves the outer pause as it was
        raise RuntimeError
    assert gc.isenabled()

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # paused by someone else before: left paused
    finally:
        gc.enable()


@pytest.mark.parametrize("zone", _ZONES, ids=str)
def test_one_formatter_gives_each_of_many_moments_its_own_date(
    report_en: Report, zone: tzinfo
) -> None:
    """The formatter remembers each moment's date: repeated and equal moments (one of them in
    another offset) and moments an hour apart across midnight or a clock change stay right."""
    report = replace(report_en, tz=zone)
    base = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)
    steps: list[datetime | None] = [base + timedelta(minutes=30 * n) for n in range(0, 400, 3)]
    moments = [*steps, *steps[::-1], base.astimezone(timezone(timedelta(hours=8))), base, None]
    date = date_formatter(report)
    assert [date(m) for m in moments] == [format_date(m, report) for m in moments]
