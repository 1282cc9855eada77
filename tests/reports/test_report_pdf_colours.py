"""A PDF exported from a window in the dark theme is dark text on white, like any other."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette

from tracker.reports.model import Report
from tracker.reports.pdf import render_pdf


@pytest.fixture
def dark_palette() -> Iterator[None]:
    """The application palette of a dark theme: light grey text on dark grey."""
    before = QGuiApplication.palette()
    dark = QPalette(QColor("#dddddd"), QColor("#2b2d30"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        dark.setColor(role, QColor("#dddddd"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    QGuiApplication.setPalette(dark)
    yield
    QGuiApplication.setPalette(before)


def dark_pixels(image: QImage, top: float, bottom: float) -> int:
    """Pixels darker than mid-grey in the band from ``top`` to ``bottom`` (shares of height)."""
    found = 0
    for y in range(int(image.height() * top), int(image.height() * bottom)):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 100:
                found += 1
    return found


def test_a_dark_theme_does_not_reach_the_pdf(
    dark_palette: None, report_en: Report, tmp_path: Path
) -> None:
    tool = shutil.which("pdftoppm")
    assert tool is not None, "pdftoppm is needed: apt-get install poppler-utils"
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(render_pdf(report_en))
    subprocess.run(
        [tool, "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not image.isNull()
    # The title and the header (learner, curriculum, dates) hold no coloured status text: with
    # the window's palette they came out light grey, nearly invisible on white.
    assert dark_pixels(image, 0.0, 0.2) > 100
