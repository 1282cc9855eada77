"""The main window's collaborators are given what they use; none of them knows the window.

A collaborator that imports ``tracker.ui.main_window`` (or names ``MainWindow``), or reads one of
the window's own attributes off a ``window`` it was handed, couples itself to the whole window
again: these checks fail then.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[1] / "tracker" / "ui"
WINDOW = UI / "main_window.py"
ASSEMBLERS = {"main_window.py", "app.py"}
"""The window itself, and the start-up code that makes it."""


def _window_own_names() -> set[str]:
    """The attributes and methods ``MainWindow`` defines itself (not those of ``QMainWindow``):
    its methods, what it sets on ``self``, and the names its class body assigns (the Stages
    page's parts)."""
    tree = ast.parse(WINDOW.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "MainWindow":
            for statement in node.body:
                if isinstance(statement, ast.Assign):
                    names |= {t.id for t in statement.targets if isinstance(t, ast.Name)}
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef):
                    names.add(inner.name)
                elif (
                    isinstance(inner, ast.Attribute)
                    and isinstance(inner.ctx, ast.Store)
                    and isinstance(inner.value, ast.Name)
                    and inner.value.id == "self"
                ):
                    names.add(inner.attr)
    names -= {"__init__", "changeEvent", "closeEvent"}  # Qt's own
    return names


def _is_window(node: ast.expr) -> bool:
    """``window``, ``self.window`` or ``self._window``: how a collaborator held its window."""
    if isinstance(node, ast.Name):
        return node.id == "window"
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        and node.attr in ("window", "_window")
    )


COLLABORATORS = sorted(p for p in UI.glob("*.py") if p.name not in ASSEMBLERS)


def test_the_window_has_names_to_look_for() -> None:
    names = _window_own_names()
    assert {"bridge", "checklist_view", "notes", "menus", "set_status", "page"} <= names


@pytest.mark.parametrize("path", COLLABORATORS, ids=lambda p: p.name)
def test_no_ui_module_knows_the_main_window(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _window_own_names()
    problems = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.ImportFrom) and node.module == "tracker.ui.main_window") or (
            isinstance(node, ast.Import)
            and any(alias.name == "tracker.ui.main_window" for alias in node.names)
        ):
            problems.append(f"line {node.lineno}: imports tracker.ui.main_window")
        elif isinstance(node, ast.Name) and node.id == "MainWindow":
            problems.append(f"line {node.lineno}: names MainWindow")
        elif isinstance(node, ast.Attribute) and _is_window(node.value) and node.attr in own:
            problems.append(f"line {node.lineno}: reads the window's own {node.attr!r}")
    assert problems == [], f"{path.name}: " + "; ".join(problems)
