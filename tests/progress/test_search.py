"""Search across the curriculum and notes: Chinese substrings, Latin word prefixes whatever the
case and accents, ids, both languages, notes kept in step, and the ranking order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.curriculum.model import (
    Concept,
    Curriculum,
    Module,
    Resource,
    ResourceKind,
    Stage,
    Task,
    Text,
)
from tracker.progress.records import ItemKind
from tracker.progress.search import ResultKind, Search, fold
from tracker.progress.service import ProgressService


def _task(task_id: str, zh: str, en: str, details: Text | None = None) -> Task:
    return Task(id=task_id, title=Text(zh=zh, en=en), details=details)


def make_search_curriculum() -> Curriculum:
    basics = Stage(
        id="basics",
        order=1,
        title=Text(zh="基础", en="Basics"),
        goal=Text(zh="理解模型", en="Understand models"),
        modules=(
            Module(
                id="transformer",
                title=Text(zh="Transformer 架构", en="Transformer architecture"),
                tasks=(
                    _task("self-attention", "自注意力机制", "Self-attention mechanism"),
                    _task(
                        "softmax",
                        "Softmax 函数",
                        "Softmax",
                        details=Text(zh="把分数变成概率", en="Turns scores into probabilities"),
                    ),
                    _task("embeddings", "词向量", "Word embeddings"),
                    _task("adapters", "适配器", "Adapters for fine-tuning"),
                ),
            ),
        ),
        concepts=("llm",),
    )
    practice = Stage(
        id="practice",
        order=2,
        title=Text(zh="实践", en="Practice"),
        goal=Text(zh="动手", en="Hands on"),
        modules=(
            Module(
                id="tuning",
                title=Text(zh="微调", en="Fine-tuning"),
                tasks=(
                    _task("lora", "LoRA 微调", "LoRA fine-tuning"),
                    _task("naive-rag", "朴素检索", "Naïve RAG", details=Text.both("uses softmax")),
                    _task("softmax-temp", "温度", "Softmax temperature"),
                ),
            ),
        ),
    )
    return Curriculum(
        id="search-sample",
        version="1",
        title=Text.both("Search sample"),
        stages=(basics, practice),
        concepts=(
            Concept(
                id="llm",
                title=Text(zh="大语言模型", en="Large language model"),
                summary=Text(zh="一种注意力模型", en="A model built on attention"),
            ),
        ),
        resources=(
            Resource(
                id="attention-paper",
                title=Text.both("Attention Is All You Need"),
                kind=ResourceKind.PAPER,
                authors=("Vaswani",),
            ),
        ),
    )


@pytest.fixture
def service(tmp_path: Path) -> Iterator[ProgressService]:
    opened = ProgressService.open(tmp_path, make_search_curriculum())
    yield opened
    opened.close()


def _ids(service: ProgressService, query: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(r.kind.value, r.id) for r in Search(service).find(query, **kwargs)]  # type: ignore[arg-type]


def test_a_chinese_query_matches_inside_chinese_text(service: ProgressService) -> None:
    assert ("task", "self-attention") in _ids(service, "注意力")  # inside 自注意力机制
    assert ("concept", "llm") in _ids(service, "注意力")  # in a summary
    assert ("module", "tuning") in _ids(service, "微调")  # two characters
    assert ("task", "embeddings") in _ids(service, "向量")
    assert _ids(service, "向量机") == []


def test_a_latin_query_matches_word_prefixes_only(service: ProgressService) -> None:
    found = _ids(service, "atten")
    assert ("task", "self-attention") in found  # "Self-attention": after a hyphen
    assert ("resource", "attention-paper") in found
    assert ("task", "embeddings") not in _ids(service, "bed")  # inside a word: no
    assert _ids(service, "ention") == []


def test_case_and_accents_do_not_matter(service: ProgressService) -> None:
    assert _ids(service, "NAIVE")[0] == ("task", "naive-rag")  # "Naïve RAG"
    assert _ids(service, "naïve")[0] == ("task", "naive-rag")
    assert _ids(service, "ＳＯＦＴＭＡＸ")[0] == ("task", "softmax")  # full-width: NFKD
    assert fold("Ǳ Café ﬁ") == "dz cafe fi"


def test_both_languages_and_ids_whatever_the_ui_language(service: ProgressService) -> None:
    search = Search(service)
    [hit] = [r for r in search.find("mechanism", lang="zh") if r.id == "self-attention"]
    assert hit.title == "自注意力机制"  # the title in the language asked for
    assert "mechanism" in hit.snippet.lower()  # the match shown where it was found
    start, end = hit.snippet_marks[0]
    assert hit.snippet[start:end].lower() == "mechanism"
    assert _ids(service, "机制", lang="en")[0] == ("task", "self-attention")
    assert _ids(service, "naive-rag")[0] == ("task", "naive-rag")  # an id


def test_every_term_must_match(service: ProgressService) -> None:
    assert _ids(service, "lora 微调") == [("task", "lora")]
    assert _ids(service, "lora attention") == []


def test_ranking_exact_then_prefix_then_inside_then_body(service: ProgressService) -> None:
    found = _ids(service, "softmax")
    assert found == [
        ("task", "softmax"),  # the English title is exactly "Softmax"
        ("task", "softmax-temp"),  # a title that starts with it
        ("task", "naive-rag"),  # only the details hold it
    ]


def test_the_current_stage_comes_first_on_ties(service: ProgressService) -> None:
    # "Fine-tuning" (a module) starts with "fine"; two task titles have a word starting with it.
    assert _ids(service, "fine", current_stage="basics") == [
        ("module", "tuning"),
        ("task", "adapters"),  # the current stage's
        ("task", "lora"),
    ]
    assert _ids(service, "fine", current_stage="practice") == [
        ("module", "tuning"),
        ("task", "lora"),
        ("task", "adapters"),
    ]


def test_notes_are_found_by_their_new_text_not_their_old(service: ProgressService) -> None:
    service.set_note(ItemKind.TASK, "lora", "Rank decomposition; 低秩分解 saves memory")
    results = Search(service).find("decomp")
    assert [(r.kind, r.id, r.note_of) for r in results] == [
        (ResultKind.NOTE, "lora", ItemKind.TASK)
    ]
    assert results[0].title == "LoRA fine-tuning" and results[0].stage_id == "practice"
    assert [r.id for r in Search(service).find("低秩")] == ["lora"]
    service.set_note(ItemKind.TASK, "lora", "quantised adapters")
    assert Search(service).find("decomp") == []
    assert Search(service).find("低秩") == []
    assert [r.id for r in Search(service).find("QUANTISED")] == ["lora"]


def test_a_deleted_note_is_gone_from_results(service: ProgressService) -> None:
    service.set_note(ItemKind.STAGE, "basics", "my 向量数据库 plan")
    service.set_note(ItemKind.CONCEPT, "llm", "向量 everywhere")
    assert {(r.kind, r.id) for r in Search(service).find("向量") if r.kind is ResultKind.NOTE} == {
        (ResultKind.NOTE, "basics"),
        (ResultKind.NOTE, "llm"),
    }
    service.set_note(ItemKind.STAGE, "basics", "")
    notes = [r.id for r in Search(service).find("向量") if r.kind is ResultKind.NOTE]
    assert notes == ["llm"]


def test_a_note_inside_a_latin_word_is_not_a_prefix_match(service: ProgressService) -> None:
    service.set_note(ItemKind.TASK, "lora", "reattention")
    assert [r for r in Search(service).find("attention") if r.kind is ResultKind.NOTE] == []


def test_blank_queries_find_nothing(service: ProgressService) -> None:
    assert Search(service).find("   ") == []
    assert Search(service).find("-- ..") == []
    assert Search(service).find('"') == []


def test_the_index_follows_a_new_curriculum(service: ProgressService) -> None:
    search = Search(service)
    assert search.find("lora")
    service.set_curriculum(Curriculum(id="empty", version="1", title=Text.both("E"), stages=()))
    assert search.find("lora") == []


def test_results_json_has_the_contract_keys(service: ProgressService) -> None:
    result = Search(service).find("softmax")[0]
    assert result.as_json() == {
        "kind": "task",
        "id": "softmax",
        "title": "Softmax",
        "stage_id": "basics",
        "snippet": result.snippet,
    }


def test_punctuation_around_a_term_is_not_part_of_it(service: ProgressService) -> None:
    # Typed as in other search boxes (quotes, a wildcard, brackets): the words still match.
    assert _ids(service, "(softmax)")[0] == ("task", "softmax")
    assert _ids(service, "soft*")[0] == ("task", "softmax")
    assert _ids(service, '"self attention"')[0] == ("task", "self-attention")
    assert _ids(service, "（注意力）")[0] == ("task", "self-attention")  # full-width brackets
    assert _ids(service, "“微调”")[0] == ("module", "tuning")
    service.set_note(ItemKind.TASK, "lora", "Rank decomposition")
    assert [r.id for r in Search(service).find("decomp*") if r.kind is ResultKind.NOTE] == ["lora"]
    assert _ids(service, "naive-rag,")[0] == ("task", "naive-rag")  # inner hyphens stay


def test_the_highlight_stays_on_the_match_when_folding_changes_lengths() -> None:
    from tracker.progress.search import _marks, terms_of

    # A decomposed accent (one character less once folded) and "ß" (one more) even out the
    # length: the marks must still land on "Straße", not one character before it.
    text = "cafe\u0301 Straße"
    [(start, end)] = _marks(text, terms_of("strasse"))
    assert text[start:end] == "Straße"
    text = "ﬁne-tuning 自注意力 😀 attention"
    assert [text[a:b] for a, b in _marks(text, terms_of("fine 注意 atten"))] == [
        "ﬁne",
        "注意",
        "atten",
    ]


def test_cards_of_the_curriculum_and_the_learner_s_own_are_found(
    service: ProgressService,
) -> None:
    import dataclasses

    from tracker.curriculum.model import Card

    curriculum = make_search_curriculum()
    llm = dataclasses.replace(
        curriculum.concepts[0],
        cards=(
            Card("llm-def", Text(zh="什么是涌现能力？", en="What is emergence?"), Text.both("…")),
        ),
    )
    service.set_curriculum(dataclasses.replace(curriculum, concepts=(llm,)))
    own = service.review.add_card(ItemKind.TASK, "lora", "Why low rank?", "Few parameters: 低秩")
    search = Search(service)
    [card] = [r for r in search.find("涌现") if r.kind is ResultKind.CARD]
    assert (card.id, card.title, card.opens) == (
        "llm-def",
        "What is emergence?",
        (ItemKind.CONCEPT, "llm"),
    )
    assert card.as_json()["kind"] == "card"
    [mine] = [r for r in search.find("低秩", lang="zh") if r.kind is ResultKind.CARD]
    assert (mine.id, mine.stage_id, mine.opens) == (own, "practice", (ItemKind.TASK, "lora"))
    assert mine.title == "Why low rank?" and "低秩" in mine.snippet
    assert [r.id for r in search.find("why low")] == [own]  # its front: a title
    service.review.delete_card(own)
    assert search.find("why low") == []
