"""The command modules depend one way (cli → commands → common) and speak in ``ExitCode``s."""

from __future__ import annotations

import ast
from pathlib import Path

import tracker.commands

COMMANDS = Path(tracker.commands.__file__).parent
CLI = COMMANDS.parent / "cli.py"


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_command_modules_import_only_common_of_their_own_kind() -> None:
    for path in COMMANDS.glob("*.py"):
        ours = {
            n for n in _imported(path) if n == "tracker.cli" or n.startswith("tracker.commands")
        }
        allowed = set() if path.name == "common.py" else {"tracker.commands.common"}
        assert ours <= allowed, f"{path.name} imports {sorted(ours - allowed)}"


def test_no_command_returns_or_raises_a_bare_exit_number() -> None:
    for path in [CLI, *COMMANDS.glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant):
                value = node.value.value
                assert type(value) is not int, f"{path.name}:{node.lineno} returns {value}"
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "CommandError"
                and len(node.args) > 1
            ):
                assert not isinstance(node.args[1], ast.Constant), f"{path.name}:{node.lineno}"
