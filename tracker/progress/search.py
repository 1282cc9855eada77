"""One search across the curriculum and the learner's notes, ranked, in Chinese and English.

Curriculum text is indexed in memory from the curriculum already loaded (never parsed again),
built on first use: both languages of every title and body, and every id, folded (NFKD, combining
marks dropped, ``casefold``) into one string per field, searched with ``str.find``; the
curriculum's review cards too (front as the title, back as the body). Notes go through the
database's FTS5 index (``ProgressService.find_notes``); the learner's own cards are read with the
notes and matched the same way as curriculum text.

Matching: a term with Chinese (or any CJK) characters matches anywhere inside a text; a Latin
term matches at the start of a word, whatever its case and accents. Every term of the query must
match. Ranking, best first: the title (or id) equals the query; a title starts with it; a word of
a title starts with it (or, for Chinese, a title holds it); only a body or a note holds it. Ties
go to the current stage, then to curriculum order.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.curriculum.model import Concept, Curriculum, Lang, Text
from tracker.progress.records import ItemKind

if TYPE_CHECKING:
    from tracker.progress.service import ProgressService

DEFAULT_LIMIT = 50
SNIPPET_CHARS = 90
_MAX_CANDIDATES = 800  # entries examined per keystroke at most (a one-letter query hits most)
_CJK = 0x2E80  # from CJK radicals on, characters have no word boundaries
# Combining marks (accents) left apart by NFKD; a pattern is many times faster than asking
# unicodedata about every character.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_TIER_EXACT, _TIER_START, _TIER_WORD, _TIER_BODY = range(4)


class ResultKind(enum.StrEnum):
    """What a search result is."""

    STAGE = "stage"
    MODULE = "module"
    TASK = "task"
    CONCEPT = "concept"
    RESOURCE = "resource"
    NOTE = "note"
    CARD = "card"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One ranked hit. ``title`` is in the language asked for; ``*_marks`` are ``(start, end)``
    spans of the match in ``title`` and ``snippet`` (plain text: the UI escapes it). For a note,
    ``id`` and ``note_of`` name the task, stage or concept the note is on; for a card (its front
    as the title), ``opens`` names the concept, task or stage it is on."""

    kind: ResultKind
    id: str
    title: str
    stage_id: str | None
    snippet: str
    title_marks: tuple[tuple[int, int], ...] = ()
    snippet_marks: tuple[tuple[int, int], ...] = ()
    note_of: ItemKind | None = None
    opens: tuple[ItemKind, str] | None = None

    def as_json(self) -> dict[str, object]:
        """The command line's JSON object (keys are a contract)."""
        return {
            "kind": self.kind.value,
            "id": self.id,
            "title": self.title,
            "stage_id": self.stage_id,
            "snippet": self.snippet,
        }


# --- folding --------------------------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` for matching: compatibility-decomposed, accents dropped, case-folded."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return _COMBINING.sub("", decomposed).casefold()


def _fold_mapped(text: str) -> tuple[str, Sequence[int]]:
    """``fold(text)`` and, for each folded character, the index of the original it came from."""
    if text.isascii():
        return text.lower(), range(len(text))
    folded = fold(text)
    # One folded character per character (CJK, precomposed accents) — unless a lone combining
    # mark (dropped) and an expanding character ("ß", "ﬁ") happen to even the length out.
    if len(folded) == len(text) and not _COMBINING.search(text):
        return folded, range(len(text))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char) if not char.isascii() else char.lower()
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


@functools.lru_cache(maxsize=256)
def is_latin(term: str) -> bool:
    """True when ``term`` has no CJK character (it then matches word prefixes only)."""
    return all(ord(c) < _CJK for c in term)


def _word_char(char: str) -> bool:
    return char.isalnum() and ord(char) < _CJK


def _trimmed(term: str) -> str:
    """``term`` without the punctuation around it: quotes, brackets, a wildcard ``*`` or ``^``,
    a trailing comma are how people type in search boxes, not text to find ("C++" and inner
    hyphens stay)."""
    start, end = 0, len(term)
    while start < end and _edge_mark(term[start]):
        start += 1
    while end > start and _edge_mark(term[end - 1]):
        end -= 1
    return term[start:end]


def _edge_mark(char: str) -> bool:
    return char in "*^" or (unicodedata.category(char).startswith("P") and char != "#")


def terms_of(query: str) -> list[str]:
    """The folded terms of a query, longest first (the most selective one drives the search)."""
    trimmed = (_trimmed(t) for t in fold(query).split())
    terms = [t for t in trimmed if t and (not is_latin(t) or any(_word_char(c) for c in t))]
    return sorted(dict.fromkeys(terms), key=len, reverse=True)


def _find(text: str, term: str, latin: bool, start: int = 0) -> int:
    """The first match of ``term`` in ``text`` from ``start`` (a word start, if ``latin``)."""
    position = text.find(term, start)
    if not latin:
        return position
    while position > 0 and _word_char(text[position - 1]):
        position = text.find(term, position + 1)
    return position


def _holds(folded: str, terms: Sequence[str]) -> bool:
    """True when any term matches in ``folded``."""
    return any(_find(folded, term, is_latin(term)) >= 0 for term in terms)


def _marks(text: str, terms: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` (original characters) where any term matches."""
    folded, origin = _fold_mapped(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        latin = is_latin(term)
        position = _find(folded, term, latin)
        while position >= 0:
            end = position + len(term)
            spans.append((origin[position], origin[end - 1] + 1))
            position = _find(folded, term, latin, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _window(text: str, terms: Sequence[str]) -> str:
    """About ``SNIPPET_CHARS`` characters of ``text`` on one line, around the first match."""
    flat = " ".join(text.split())
    marks = _marks(flat, terms)
    first = marks[0][0] if marks else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    piece = flat[start : start + SNIPPET_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(flat) else ""
    return prefix + piece + suffix


# --- the curriculum in memory ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: ResultKind
    id: str
    stage_id: str | None
    title: Text
    bodies: tuple[Text, ...]
    lines: tuple[str, ...]  # folded: zh title, en title, id
    titles: str  # the lines, each after a "\n"
    body: str  # folded bodies, both languages
    owner: tuple[ItemKind, str] | None = None  # a card's concept, task or stage


def _texts(*texts: Text | None) -> tuple[Text, ...]:
    return tuple(t for t in texts if t is not None and (t.zh or t.en))


def _entry(
    kind: ResultKind,
    item_id: str,
    stage_id: str | None,
    title: Text,
    bodies: tuple[Text, ...],
    *,
    owner: tuple[ItemKind, str] | None = None,
) -> _Entry:
    lines = (fold(title.zh), fold(title.en), item_id.casefold())
    body = "\n".join(fold(part) for b in bodies for part in dict.fromkeys((b.zh, b.en)))
    titles = "".join("\n" + line for line in lines)
    return _Entry(kind, item_id, stage_id, title, bodies, lines, titles, body, owner)


def _entries(curriculum: Curriculum) -> Iterator[_Entry]:
    """Every searchable item, stage by stage (stage, its modules and tasks), then concepts and
    resources (placed in the first stage that refers to them), then review cards (in the stage
    of their task or concept)."""
    first_stage: dict[str, str] = {}
    for stage in curriculum.stages:
        for ref in (*stage.concepts, *stage.resources):
            first_stage.setdefault(ref, stage.id)
        for task in stage.tasks():
            for ref in (*task.concepts, *task.resources):
                first_stage.setdefault(ref, stage.id)
    for stage in curriculum.stages:
        yield _entry(ResultKind.STAGE, stage.id, stage.id, stage.title, _texts(stage.goal))
        for module in stage.modules:
            yield _entry(
                ResultKind.MODULE, module.id, stage.id, module.title, _texts(module.summary)
            )
            for task in module.tasks:
                yield _entry(ResultKind.TASK, task.id, stage.id, task.title, _texts(task.details))
    for concept in curriculum.concepts:
        bodies = _texts(concept.summary, *concept.points, *(e.text for e in concept.timeline))
        yield _entry(
            ResultKind.CONCEPT, concept.id, first_stage.get(concept.id), concept.title, bodies
        )
    for resource in curriculum.resources:
        extra = Text.both(" ".join(resource.authors)) if resource.authors else None
        bodies = _texts(resource.note, extra)
        stage_id = first_stage.get(resource.id)
        yield _entry(ResultKind.RESOURCE, resource.id, stage_id, resource.title, bodies)
    for card, on in curriculum.cards():
        if isinstance(on, Concept):
            owner, stage_id = (ItemKind.CONCEPT, on.id), first_stage.get(on.id)
        else:
            owner, stage_id = (
                (ItemKind.TASK, on.id),
                getattr(curriculum.stage_of(on.id), "id", None),
            )
        yield _entry(ResultKind.CARD, card.id, stage_id, card.front, _texts(card.back), owner=owner)


class _Blob:
    """One folded field of every entry joined into one string, for ``str.find`` over all."""

    def __init__(self, fields: Iterable[str]) -> None:
        starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for text in fields:
            starts.append(offset)
            parts.append(text)
            offset += len(text) + 1
        self.text = "\x00".join(parts)
        self.starts = starts

    def entries(self, term: str, lo: int, hi: int, found: set[int], budget: int) -> None:
        """Add to ``found`` the entries in ``[lo, hi)`` whose field holds ``term``."""
        starts, text = self.starts, self.text
        end = starts[hi] - 1 if hi < len(starts) else len(text)
        position = text.find(term, starts[lo] if lo < len(starts) else end, end)
        while position >= 0 and len(found) < budget:
            index = bisect.bisect_right(starts, position) - 1
            found.add(index)
            if index + 1 >= len(starts):
                break
            position = text.find(term, starts[index + 1], end)


class CurriculumIndex:
    """The folded text of one curriculum, ready to search (build it off the first paint)."""

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        self.entries = list(_entries(curriculum))
        self._titles = _Blob("\n".join(e.lines) for e in self.entries)
        self._bodies = _Blob(e.body for e in self.entries)
        self._stage_span: dict[str, tuple[int, int]] = {}
        self._position: dict[tuple[ResultKind, str], int] = {}
        for index, entry in enumerate(self.entries):
            self._position.setdefault((entry.kind, entry.id), index)
            if entry.kind in (ResultKind.CONCEPT, ResultKind.RESOURCE, ResultKind.CARD):
                continue
            assert entry.stage_id is not None
            lo, _hi = self._stage_span.get(entry.stage_id, (index, index))
            self._stage_span[entry.stage_id] = (lo, index + 1)

    def position(self, kind: ResultKind, item_id: str) -> int:
        """Where an item stands in curriculum order (for ties); unknown items go last."""
        return self._position.get((kind, item_id), len(self.entries))

    def entry(self, kind: ResultKind, item_id: str) -> _Entry | None:
        index = self._position.get((kind, item_id))
        return None if index is None else self.entries[index]

    def candidates(self, term: str, current_stage: str | None) -> list[int]:
        """Entries whose title or body holds ``term`` (the current stage's first)."""
        found: set[int] = set()
        count = len(self.entries)
        lo, hi = self._stage_span.get(current_stage or "", (0, 0))
        for start, end in ((lo, hi), (0, lo), (hi, count)):
            if start < end:
                self._titles.entries(term, start, end, found, _MAX_CANDIDATES)
                self._bodies.entries(term, start, end, found, _MAX_CANDIDATES)
        return sorted(found)


def _tier(entry: _Entry, term: str) -> int | None:
    """How well one term matches: a ``_TIER_*`` value, or None for no match."""
    if term in entry.lines:
        return _TIER_EXACT
    titles = entry.titles  # "\n" before each line: one find answers for all three
    if "\n" + term in titles:
        return _TIER_START
    latin = is_latin(term)
    if _find(titles, term, latin) >= 0:
        return _TIER_WORD
    if _find(entry.body, term, latin) >= 0:
        return _TIER_BODY
    return None


def _rank(entry: _Entry, query: str, terms: Sequence[str]) -> int | None:
    if query in entry.lines:
        return _TIER_EXACT
    worst = _TIER_EXACT
    for term in terms:
        tier = _tier(entry, term)
        if tier is None:
            return None
        worst = max(worst, tier)
    return worst


def _both(text: Text, lang: Lang) -> tuple[str, str]:
    """``text`` in ``lang`` first, then in the other language."""
    return (text.zh, text.en) if lang == "zh" else (text.en, text.zh)


# --- the search --------------------------------------------------------------------------------


_NOTE_KINDS = {
    ItemKind.TASK: ResultKind.TASK,
    ItemKind.STAGE: ResultKind.STAGE,
    ItemKind.CONCEPT: ResultKind.CONCEPT,
}


class Search:
    """Searches one service's curriculum and notes; the index is built on the first search and
    rebuilt when the service's curriculum changes."""

    def __init__(self, service: ProgressService) -> None:
        self._service = service
        self._index: CurriculumIndex | None = None

    @property
    def service(self) -> ProgressService:
        return self._service

    @property
    def index(self) -> CurriculumIndex:
        curriculum = self._service.curriculum
        if self._index is None or self._index.curriculum is not curriculum:
            self._index = CurriculumIndex(curriculum)
        return self._index

    def find(
        self,
        query: str,
        *,
        lang: Lang = "en",
        current_stage: str | None = None,
        limit: int = DEFAULT_LIMIT,
        notes: bool = True,
    ) -> list[SearchResult]:
        """The best ``limit`` results for ``query`` ([] for a blank one)."""
        terms = terms_of(query)
        if not terms or limit <= 0:
            return []
        folded = " ".join(fold(query).split())
        index = self.index
        # Ranked first, cheaply; snippets and marks only for what is kept.
        ranked: list[tuple[tuple[int, bool, float], Callable[[], SearchResult]]] = []
        for position in index.candidates(terms[0], current_stage):
            entry = index.entries[position]
            tier = _rank(entry, folded, terms)
            if tier is not None:
                key = (tier, entry.stage_id != current_stage, float(position))
                ranked.append((key, functools.partial(self._result, entry, tier, terms, lang)))
        if notes:
            ranked += self._notes(index, terms, current_stage, limit, lang)
            ranked += self._own_cards(index, folded, terms, current_stage, lang)
        ranked.sort(key=lambda item: item[0])
        return [make() for _key, make in ranked[:limit]]

    def _result(self, entry: _Entry, tier: int, terms: Sequence[str], lang: Lang) -> SearchResult:
        title = entry.title.get(lang)
        other = entry.title.en if lang == "zh" else entry.title.zh
        sources = [other] if tier < _TIER_BODY else []
        sources += [part for body in entry.bodies for part in _both(body, lang)]
        sources.append(entry.id)  # last: only when nothing else holds the match
        snippet = next((s for s in sources if s and s != title and _holds(fold(s), terms)), "")
        if not snippet and entry.bodies:
            snippet = entry.bodies[0].get(lang)
        snippet = _window(snippet, terms) if snippet else ""
        return SearchResult(
            kind=entry.kind,
            id=entry.id,
            title=title,
            stage_id=entry.stage_id,
            snippet=snippet,
            title_marks=_marks(title, terms),
            snippet_marks=_marks(snippet, terms),
            opens=entry.owner,
        )

    def _own_cards(
        self,
        index: CurriculumIndex,
        query: str,
        terms: Sequence[str],
        current_stage: str | None,
        lang: Lang,
    ) -> list[tuple[tuple[int, bool, float], Callable[[], SearchResult]]]:
        """The learner's own cards whose front or back holds every term (ranked as curriculum
        cards are: the front is the title)."""
        found: list[tuple[tuple[int, bool, float], Callable[[], SearchResult]]] = []
        for card in self._service.review.own_cards():
            owner = (card.item_kind, card.item_id)
            bodies = (card.back,)
            entry = _entry(
                ResultKind.CARD, card.card_id, card.stage_id, card.front, bodies, owner=owner
            )
            tier = _rank(entry, query, terms)
            if tier is None:
                continue
            kind = _NOTE_KINDS.get(card.item_kind, ResultKind.TASK)
            key = (tier, card.stage_id != current_stage, index.position(kind, card.item_id) + 0.5)
            found.append((key, functools.partial(self._result, entry, tier, terms, lang)))
        return found

    def _notes(
        self,
        index: CurriculumIndex,
        terms: Sequence[str],
        current_stage: str | None,
        limit: int,
        lang: Lang,
    ) -> list[tuple[tuple[int, bool, float], Callable[[], SearchResult]]]:
        rows = self._service.find_notes([(t, is_latin(t)) for t in terms], limit)
        found: list[tuple[tuple[int, bool, float], Callable[[], SearchResult]]] = []
        everything_latin = all(is_latin(t) for t in terms)
        for item_kind, item_id, text in rows:
            if everything_latin and not self._at_word_starts(text, terms):
                continue
            of = ItemKind(item_kind)
            kind = _NOTE_KINDS.get(of, ResultKind.TASK)
            entry = index.entry(kind, item_id)
            stage_id = entry.stage_id if entry is not None else None
            key = (_TIER_BODY, stage_id != current_stage, index.position(kind, item_id) + 0.5)
            title = entry.title.get(lang) if entry is not None else item_id
            found.append(
                (
                    key,
                    functools.partial(
                        _note, of, item_id, title, stage_id=stage_id, text=text, terms=terms
                    ),
                )
            )
        return found

    @staticmethod
    def _at_word_starts(text: str, terms: Sequence[str]) -> bool:
        """False for a trigram hit inside a Latin word ("tion" in "attention")."""
        folded = fold(text)
        return all(_find(folded, t, is_latin(t)) >= 0 for t in terms)


def _note(
    of: ItemKind, item_id: str, title: str, *, stage_id: str | None, text: str, terms: Sequence[str]
) -> SearchResult:
    snippet = _window(text, terms)
    return SearchResult(
        kind=ResultKind.NOTE,
        id=item_id,
        title=title,
        stage_id=stage_id,
        snippet=snippet,
        snippet_marks=_marks(snippet, terms),
        note_of=of,
    )
