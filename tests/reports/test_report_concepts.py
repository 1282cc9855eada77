"""Notes on concepts are part of the summaries: all of them for the whole curriculum, those a
stage (or its tasks) refers to for one stage; formatted in HTML and PDF, verbatim in Markdown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from report_samples import make_report, sample_curriculum
from test_report_pdf import pdf_text

from tracker.curriculum.model import Concept, Text
from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.reports.html_page import render_html
from tracker.reports.markdown import render_markdown
from tracker.reports.pdf import render_pdf


def _with_concepts(service: ProgressService) -> None:
    base = sample_curriculum()
    practice = replace(base.stages[1], concepts=("embedding",))
    concepts = (
        Concept(id="attention-idea", title=Text("注意力", "Attention"), summary=Text("a", "a")),
        Concept(id="embedding", title=Text("嵌入", "Embeddings"), summary=Text("b", "b")),
        Concept(id="silent", title=Text("无笔记", "No note"), summary=Text("c", "c")),
    )
    service.set_curriculum(replace(base, stages=(base.stages[0], practice), concepts=concepts))
    service.set_note(ItemKind.CONCEPT, "attention-idea", "Queries **match** keys\n<i>raw</i>")
    service.set_note(ItemKind.CONCEPT, "embedding", "- words as *vectors*")


def test_concept_notes_in_every_summary(service: ProgressService, tmp_path: Path) -> None:
    _with_concepts(service)
    report = make_report(service)
    assert [c.concept_id for c in report.concept_notes] == ["attention-idea", "embedding"]

    markdown = render_markdown(report)
    assert "## Concept notes" in markdown
    assert "**Attention** (`attention-idea`)" in markdown
    assert "    Queries **match** keys" in markdown  # verbatim, as task notes are

    page = render_html(report)
    assert "<h2>Concept notes</h2>" in page
    assert "Queries <b>match</b> keys<br>\n&lt;i&gt;raw&lt;/i&gt;" in page
    assert "<ul><li>words as <i>vectors</i></li></ul>" in page and "No note" not in page

    path = tmp_path / "concepts.pdf"
    path.write_bytes(render_pdf(report))
    text = pdf_text(path)
    assert "Concept notes" in text and "Embeddings (embedding)" in text
    assert "Queries match keys" in text and "<i>raw</i>" in text


def test_one_stage_shows_only_the_concepts_it_refers_to(service: ProgressService) -> None:
    _with_concepts(service)
    report = make_report(service, stage_id="practice")
    assert [c.concept_id for c in report.concept_notes] == ["embedding"]


def test_without_notes_no_concepts(service: ProgressService) -> None:
    _with_concepts(service)
    report = make_report(service, include_notes=False)
    assert report.concept_notes == ()
    assert "Concept notes" not in render_markdown(report)
