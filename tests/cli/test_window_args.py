"""``learnpath`` with only the window's options reads them without the commands' parsers,
and reads them exactly as the whole parser does; anything else goes to the whole parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tracker.cli import build_parser, parse_window_args


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--lang", "zh"],
        ["--lang=en"],
        ["--data-dir", "/tmp/x y", "--user", "学习者"],
        ["--curriculum", "c", "--data-dir", "d", "--user", "u", "--lang", "en"],
        ["--dat", "abbreviated"],
        ["--user", "a", "--user", "b"],
    ],
)
def test_the_windows_arguments_read_as_the_whole_parser_reads_them(argv: list[str]) -> None:
    assert parse_window_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        ["--lang", "fr"],
        ["--data-dir"],
        ["--data-dir", "--user"],
        ["status"],
        ["--data-dir", "d", "export", "--format", "json"],
        ["--unknown"],
        ["--", "status"],
    ],
)
def test_anything_else_is_left_to_the_whole_parser(argv: list[str]) -> None:
    assert parse_window_args(argv) is None


def test_starting_the_window_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "from tracker.cli import parse_window_args\n"
        "assert parse_window_args(['--lang', 'zh']) is not None\n"
        "print(sorted(m for m in sys.modules if m.startswith('tracker.commands.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['tracker.commands.common']"


def test_a_mistake_is_still_reported_by_the_whole_parser() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--lang", "fr"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "COMMAND" in result.stderr  # the whole usage line, with the commands
    assert "invalid choice: 'fr'" in result.stderr
