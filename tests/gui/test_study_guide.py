"""A stage's study guide (its notes and reading list), a task's resources, and concept links."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from tracker.curriculum.model import Curriculum, Resource, ResourceKind, Text
from tracker.progress.records import TaskStatus
from tracker.ui import i18n
from tracker.ui.concept_view import ConceptListModel, ConceptPanel
from tracker.ui.task_details import TaskDetails, open_web_link

Opener = Callable[..., Any]

VASWANI = Resource(
    id="vaswani",
    title=Text.both("Attention Is All You Need"),
    kind=ResourceKind.PAPER,
    authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"),
    year=2017,
    url="https://arxiv.org/abs/1706.03762",
    note=Text(zh="Transformer 的原始论文。", en="The paper that introduced the Transformer."),
)
D2L = Resource(
    id="d2l",
    title=Text(zh="动手学深度学习", en="Dive into Deep Learning"),
    kind=ResourceKind.BOOK,
    authors=("Aston Zhang",),
    year=2023,
    url="javascript:alert(1)",
)
TRICKY = Resource(
    id="tricky",
    title=Text.both("<b>Bold</b> & <script>x</script>"),
    kind=ResourceKind.WEBSITE,
    url='https://example.org/?a=1&b="2"',
)


@pytest.fixture
def guided(curriculum: Curriculum) -> Curriculum:
    """The sample path with notes and a reading list on stage 1 and resources on a task."""
    base = curriculum
    basics, apps = base.stages
    module = basics.modules[0]
    task = dataclasses.replace(module.tasks[0], resources=("vaswani", "d2l", "missing"))
    module = dataclasses.replace(module, tasks=(task, *module.tasks[1:]))
    basics = dataclasses.replace(
        basics,
        modules=(module, *basics.modules[1:]),
        notes=Text(
            zh="先读概念，再动手。\n\n每周复盘 <一次>。",
            en="Read the concepts first, then build.\n\nReview <once> a week & keep notes.",
        ),
        resources=("vaswani", "d2l", "tricky"),
    )
    return dataclasses.replace(base, stages=(basics, apps), resources=(VASWANI, D2L, TRICKY))


class LinkCatcher(QObject):
    """Receives the URLs QDesktopServices would open in the browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_links(qapp: Any) -> Iterator[LinkCatcher]:
    catcher = LinkCatcher()
    for scheme in ("http", "https", "javascript", "file"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher
    for scheme in ("http", "https", "javascript", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


def panel_on(qtbot: Any, curriculum: Curriculum, stage_index: int = 0) -> ConceptPanel:
    model = ConceptListModel(curriculum, "en")
    panel = ConceptPanel(model, lambda: curriculum, "en")
    qtbot.addWidget(panel)
    panel.retranslate()
    stage = curriculum.stages[stage_index]
    model.set_stage(curriculum, stage)
    panel.set_stage(stage)
    panel.show_first()
    return panel


def list_texts(panel: ConceptPanel) -> list[str]:
    model = panel.view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_study_guide_heads_the_concept_list_and_shows_first(qtbot: Any, guided: Curriculum) -> None:
    panel = panel_on(qtbot, guided)
    assert list_texts(panel) == ["Study guide", "Large language model", "Attention"]
    assert panel.view.currentIndex().row() == 0
    text = panel.summary.toPlainText()
    assert "Read the concepts first, then build." in text
    assert "Review <once> a week & keep notes." in text  # escaped, shown as written
    assert "Reading list" in text
    assert (
        "Attention Is All You Need — Ashish Vaswani, Noam Shazeer, Niki Parmar et al. · 2017 · "
        "Paper https://arxiv.org/abs/1706.03762" in text
    )
    assert "The paper that introduced the Transformer." in text
    assert "Dive into Deep Learning — Aston Zhang · 2023 · Book javascript:alert(1)" in text
    assert "<b>Bold</b> & <script>x</script> — Website" in text
    source = panel.summary.toHtml()
    assert 'href="https://arxiv.org/abs/1706.03762"' in source
    assert 'href="javascript' not in source


def test_a_stage_without_notes_or_reading_has_no_guide(qtbot: Any, guided: Curriculum) -> None:
    panel = panel_on(qtbot, guided, stage_index=1)
    assert list_texts(panel) == ["Fine-tuning", "Large language model"]
    assert "Further training" in panel.summary.toPlainText()


def test_choosing_a_concept_then_the_guide_again(qtbot: Any, guided: Curriculum) -> None:
    panel = panel_on(qtbot, guided)
    chosen: list[str] = []
    guides: list[str] = []
    panel.concept_chosen.connect(chosen.append)
    panel.guide_chosen.connect(guides.append)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert chosen == ["llm"]
    assert "A model trained on vast amounts of text." in panel.summary.toPlainText()
    qtbot.keyClick(panel.view, Qt.Key.Key_Up)
    assert guides == ["basics"]
    assert "Read the concepts first" in panel.summary.toPlainText()


def test_web_links_in_the_guide_open_in_the_browser_by_keyboard(
    qtbot: Any, guided: Curriculum, opened_links: LinkCatcher
) -> None:
    panel = panel_on(qtbot, guided)
    panel.show()
    qtbot.waitExposed(panel)
    panel.summary.setFocus()
    qtbot.keyClick(panel.summary, Qt.Key.Key_Tab)  # a read-only browser tabs between links
    qtbot.keyClick(panel.summary, Qt.Key.Key_Return)
    assert opened_links.urls == ["https://arxiv.org/abs/1706.03762"]


def test_only_web_links_are_opened(opened_links: LinkCatcher) -> None:
    assert not open_web_link(QUrl("javascript:alert(1)"))
    assert not open_web_link(QUrl("file:///etc/passwd"))
    assert not open_web_link(QUrl("https://"))
    assert opened_links.urls == []
    assert open_web_link(QUrl("http://example.org/a"))
    assert opened_links.urls == ["http://example.org/a"]


def test_study_guide_follows_the_language(qtbot: Any, guided: Curriculum) -> None:
    panel = panel_on(qtbot, guided)
    i18n.set_language("zh", remember=False)
    panel.retranslate()
    panel.set_language("zh")
    assert list_texts(panel)[0] == "学习建议"
    text = panel.summary.toPlainText()
    assert text.startswith("学习建议")
    assert "每周复盘 <一次>。" in text
    assert "阅读清单" in text and "动手学深度学习 — Aston Zhang · 2023 · 书籍" in text
    assert "Ashish Vaswani, Noam Shazeer, Niki Parmar 等 · 2017 · 论文" in text


def test_task_details_list_its_resources_with_web_links(
    qtbot: Any, guided: Curriculum, opened_links: LinkCatcher
) -> None:
    curriculum = guided
    details = TaskDetails()
    qtbot.addWidget(details)
    details.resize(700, 300)
    details.show()
    qtbot.waitExposed(details)
    task = curriculum.task("read-attention")
    assert task is not None
    details.show_task(task, TaskStatus.TODO, curriculum, "en")
    text = details.toPlainText()
    assert "Reading:" in text
    assert "Attention Is All You Need — Ashish Vaswani, Noam Shazeer, Niki Parmar et al." in text
    assert "2017 · Paper" in text
    assert "Dive into Deep Learning — Aston Zhang · 2023 · Book" in text
    assert "missing" not in text
    source = details.toHtml()
    assert 'href="https://arxiv.org/abs/1706.03762"' in source
    assert 'href="javascript' not in source
    details.setFocus()
    found = []
    for _ in range(4):  # Tab walks the links: the concept, then the paper
        qtbot.keyClick(details, Qt.Key.Key_Tab)
        found.append(details.textCursor().selectedText())
    assert "https://arxiv.org/abs/1706.03762" in found
    while details.textCursor().selectedText() != "https://arxiv.org/abs/1706.03762":
        qtbot.keyClick(details, Qt.Key.Key_Tab)
    qtbot.keyClick(details, Qt.Key.Key_Return)
    assert opened_links.urls == ["https://arxiv.org/abs/1706.03762"]


def test_a_related_concept_link_selects_its_row(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    concepts = window.concepts
    assert window.concept_view.currentIndex().data() == "Large language model"
    concepts.summary.anchorClicked.emit(QUrl("concept:attention"))
    assert window.concept_view.currentIndex().data() == "Attention"
    assert [i.data() for i in window.concept_view.selectedIndexes()] == ["Attention"]

    window.select_stage("apps")  # lists Fine-tuning and Large language model, not Attention
    window.show_concept("llm")
    assert [i.data() for i in window.concept_view.selectedIndexes()] == ["Large language model"]
    concepts.summary.anchorClicked.emit(QUrl("concept:attention"))
    assert "Lets each token look at every other token." in concepts.summary.toPlainText()
    assert window.concept_view.selectedIndexes() == []  # no stale highlight on the old row
    assert window.notes.heading.text() == "Notes on Attention"
    i18n.set_language("zh", remember=False)
    assert "让每个词关注其他词。" in concepts.summary.toPlainText()


def test_the_list_with_its_guide_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, guided: Curriculum
) -> None:
    panel = panel_on(qtbot, guided)
    qtmodeltester.check(panel.list_model)
    for stage in (guided.stages[1], guided.stages[0], None):
        panel.model.set_stage(guided, stage)
        panel.set_stage(stage)
        panel.show_first()
        qtmodeltester.check(panel.list_model)
    assert list_texts(panel) == []
    assert panel.summary.toPlainText() == ""


def test_a_long_concept_list_is_laid_out_to_its_end(qtbot: Any, curriculum: Curriculum) -> None:
    """A stage of a thousand concepts, each mentioned once: every one is listed, wrapped
    titles and all, and the last can be scrolled to."""
    from tracker.curriculum.model import Concept

    many = tuple(
        Concept(
            id=f"c{n}",
            title=Text.both(f"Concept {n} " + "long title " * (n % 7)),
            summary=Text.both("s"),
        )
        for n in range(1000)
    )
    stage = dataclasses.replace(curriculum.stages[0], concepts=tuple(c.id for c in many))
    big = dataclasses.replace(curriculum, stages=(stage,), concepts=many)
    panel = panel_on(qtbot, big)
    panel.resize(260, 400)
    panel.show()
    qtbot.waitExposed(panel)
    view, model = panel.view, panel.view.model()
    assert model.rowCount() == len(many)
    last = model.index(model.rowCount() - 1, 0)

    def laid_out() -> bool:
        rect = view.rectForIndex(last)
        return rect.isValid() and rect.top() > view.rectForIndex(model.index(0, 0)).bottom()

    qtbot.waitUntil(laid_out, timeout=10_000)
    view.scrollTo(last)
    assert view.viewport().rect().intersects(view.visualRect(last))
