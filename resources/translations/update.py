"""Refresh the UI translation catalogues from ``tracker/ui/*.py`` and compile them to ``.qm``.

    python resources/translations/update.py            # lupdate, then lrelease
    python resources/translations/update.py --check    # also fail if a string is untranslated

After lupdate, translate each new ``<message>`` in ``learnpath_zh_CN.ts`` (Qt Linguist, or by hand:
fill ``<translation>`` and drop ``type="unfinished"``), then run this again to compile. English is
the source language and needs no catalogue.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = ROOT / "tracker" / "ui"
LOCALES = ("zh_CN",)


def tool(name: str) -> str:
    """A Qt tool from the running venv (``pyside6-lupdate``), else from PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"update.py: {name} not found; install PySide6 in this environment")
    return found


def unfinished(ts_file: Path) -> int:
    """How many messages still lack a translation."""
    text = ts_file.read_text(encoding="utf-8")
    return len(re.findall(r'type="unfinished"|<translation>\s*</translation>', text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    parser.add_argument("--no-compile", action="store_true", help="only run lupdate")
    options = parser.parse_args(argv)
    sources = sorted(str(path.relative_to(ROOT)) for path in SOURCES.glob("*.py"))
    status = 0
    for locale in LOCALES:
        ts_file = HERE / f"learnpath_{locale}.ts"
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                "-no-obsolete",
                # Module-level code translates through ``_tr(context, text)`` helpers.
                "-tr-function-alias",
                "translate+=_tr",
                "-locations",
                "relative",
                "-source-language",
                "en",
                "-target-language",
                locale,
                "-ts",
                str(ts_file),
            ],
            cwd=ROOT,
            check=True,
        )
        missing = unfinished(ts_file)
        if missing:
            print(f"{ts_file.name}: {missing} string(s) to translate", file=sys.stderr)
            status = 1 if options.check else status
        if not options.no_compile:
            qm_file = ts_file.with_suffix(".qm")
            subprocess.run(
                [tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)], check=True
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
