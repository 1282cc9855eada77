"""Notes as formatted text for the HTML and PDF summaries: a small Markdown subset rendered by
hand, so nothing in a note ever becomes markup we did not write.

The whole note is escaped first (``esc``); only then are our own tags added, for headings
(``#``), bullet and numbered lists, fenced code blocks, blank-line paragraphs, line breaks,
`` `code` ``, ``**bold**`` and ``*italic*``. Link and image syntax is left as the text it is:
no ``<a>`` or ``<img>`` is ever made, so a note can neither link to nor pull in anything.
The output is a subset Qt's rich text (the PDF) lays out as well as a browser does.
"""

from __future__ import annotations

import re

from tracker.reports.html_page import esc

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,9}[.)]\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def _emphasis(text: str) -> str:
    text = _BOLD.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", text)
    return _ITALIC.sub(lambda m: f"<i>{m.group(1) or m.group(2)}</i>", text)


def inline(text: str) -> str:
    """One line of a note as escaped HTML with code spans, bold and italic."""
    parts = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append(_emphasis(esc(text[last : match.start()])))
        parts.append(f"<code>{esc(match.group(1))}</code>")
        last = match.end()
    parts.append(_emphasis(esc(text[last:])))
    return "".join(parts)


def note_blocks(text: str, style: str = "") -> list[str]:
    """The note as a list of block elements (``p``, ``h4``, ``ul``, ``ol``, ``pre``), each with
    ``style`` (ours, never the note's) as its style attribute when given."""
    attr = f' style="{style}"' if style else ""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    code: list[str] | None = None

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            blocks.append(f"<p{attr}>" + "<br>\n".join(inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            # the style goes on each item: Qt's rich text takes a list's blocks from its items
            lis = "".join(f"<li{attr}>{inline(item)}</li>" for item in items)
            blocks.append(f"<{list_tag}>{lis}</{list_tag}>")
            items.clear()
            list_tag = ""

    for line in _LINE_BREAKS.split(text.strip("\n")):
        if code is not None:
            if _FENCE.match(line):
                blocks.append(f"<pre{attr}>{esc(chr(10).join(code))}</pre>")
                code = None
            else:
                code.append(line)
            continue
        if _FENCE.match(line):
            flush()
            code = []
            continue
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append(f"<h4{attr}>{inline(heading.group(2))}</h4>")
            continue
        for pattern, tag in ((_BULLET, "ul"), (_NUMBER, "ol")):
            item = pattern.match(line)
            if item:
                if paragraph or list_tag != tag:
                    flush()
                list_tag = tag
                items.append(item.group(1))
                break
        else:
            if items:
                flush()
            paragraph.append(line)
    if code is not None:  # an unclosed fence runs to the end of the note
        blocks.append(f"<pre{attr}>{esc(chr(10).join(code))}</pre>")
    flush()
    return blocks


def note_html(text: str) -> str:
    """The note for the HTML page, in a box of its own."""
    return f'<div class="note">{"".join(note_blocks(text))}</div>'
