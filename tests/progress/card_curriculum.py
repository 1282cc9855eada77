"""A small curriculum with review cards, shared by the review tests and their child process.

basics (lists concept ``attention``): tokenize (has a task card), embeddings (references
concept ``vectors``), attention; practice (lists concept ``retrieval``): build-index.
"""

from __future__ import annotations

from tracker.curriculum.model import Card, Concept, Curriculum, Module, Stage, Task, Text


def _cards(prefix: str, count: int) -> tuple[Card, ...]:
    return tuple(
        Card(f"{prefix}-{n}", Text(f"问 {prefix} {n}", f"Q {prefix} {n}"), Text.both(f"A {n}"))
        for n in range(1, count + 1)
    )


def make_card_curriculum(*, without: frozenset[str] = frozenset()) -> Curriculum:
    """The curriculum; concepts named in ``without`` lose their cards (a curriculum update)."""

    def concept(ident: str, count: int) -> Concept:
        cards = () if ident in without else _cards(ident, count)
        return Concept(ident, Text.both(ident), Text.both("s"), cards=cards)

    basics = Stage(
        id="basics",
        order=1,
        title=Text.both("Basics"),
        goal=Text.both("g"),
        concepts=("attention",),
        modules=(
            Module(
                "tokens",
                Text.both("Tokens"),
                (
                    Task("tokenize", Text.both("Tokenize"), cards=_cards("tokenize", 1)),
                    Task("embeddings", Text.both("Embeddings"), concepts=("vectors",)),
                    Task("attention-task", Text.both("Attention")),
                ),
            ),
        ),
    )
    practice = Stage(
        id="practice",
        order=2,
        title=Text.both("Practice"),
        goal=Text.both("g"),
        concepts=("retrieval",),
        modules=(Module("rag", Text.both("RAG"), (Task("build-index", Text.both("Index")),)),),
    )
    return Curriculum(
        id="cards",
        version="1",
        title=Text.both("Cards"),
        stages=(basics, practice),
        concepts=(concept("attention", 3), concept("vectors", 2), concept("retrieval", 2)),
    )
