"""HTML: one self-contained page where no script, handler or dangerous URL survives a note."""

from __future__ import annotations

from html.parser import HTMLParser

from report_samples import HOSTILE_NOTE

from tracker.reports.html_page import render_html
from tracker.reports.model import Report


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    collector.close()
    return collector


def test_notes_cannot_inject_markup(report_en: Report) -> None:
    page = parse(render_html(report_en))
    assert "script" not in page.tags
    assert "img" not in page.tags and "a" not in page.tags
    assert not [name for name, _ in page.attrs if name.lower().startswith("on")]
    for _, value in page.attrs:
        lowered = value.lower().replace(" ", "")
        assert "javascript:" not in lowered and "file:" not in lowered
    # The note is still shown, as text.
    assert HOSTILE_NOTE in "".join(page.text)


def test_page_is_self_contained(report_zh: Report) -> None:
    page = render_html(report_zh)
    parsed = parse(page)
    assert "link" not in parsed.tags
    assert not [v for n, v in parsed.attrs if n in ("src", "href")]
    assert "<style>" in page and "基础阶段" in page
    assert 'class="bar"' in page


def test_every_user_string_is_escaped(report_en: Report) -> None:
    page = render_html(report_en)
    assert "Attention | mechanism" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Lei" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_notes_are_formatted_text_not_markdown_source(report_en: Report) -> None:
    from dataclasses import replace

    stage = report_en.stages[0]
    note = (
        "## Plan\n- read **the paper**\n- try `x<y`\n\n1. *first*\n2. second\n\n"
        "```\nraw <b>code</b>\n```\n[link](javascript:alert(1)) ![img](file:///etc/passwd)"
    )
    tasks = (replace(stage.tasks[0], note=note), *stage.tasks[1:])
    report = replace(report_en, stages=(replace(stage, tasks=tasks), *report_en.stages[1:]))
    page = render_html(report)
    assert (
        '<div class="note"><h4>Plan</h4><ul><li>read <b>the paper</b></li>'
        "<li>try <code>x&lt;y</code></li></ul><ol><li><i>first</i></li><li>second</li></ol>"
        "<pre>raw &lt;b&gt;code&lt;/b&gt;</pre>"
    ) in page
    parsed = parse(page)
    assert "a" not in parsed.tags and "img" not in parsed.tags and "script" not in parsed.tags
    assert not [v for n, v in parsed.attrs if n in ("src", "href")]
    text = "".join(parsed.text)
    assert "[link](javascript:alert(1)) ![img](file:///etc/passwd)" in text  # shown, inert
    assert "## Plan" not in text and "**" not in page
