"""Whatever bytes a curriculum file holds, the loader returns a Curriculum or a CurriculumError."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.curriculum import Curriculum, CurriculumError, load_curriculum

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal" / "curriculum.yaml").read_text("utf-8")

FUZZ = settings(max_examples=200, deadline=None)

# Words the schema knows, so that generated documents get past the first checks now and then.
KEYS = [
    "curriculum", "stages", "concepts", "resources", "id", "version", "title", "summary",
    "order", "goal", "notes", "modules", "tasks", "kind", "estimate_hours", "details",
    "addition", "points", "timeline", "when", "text", "related", "authors", "year", "url",
    "note", "zh", "en", "cards", "front", "back",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(["no", "1.10", "practice", "paper", "attention", "https://x.org", "~", ""]),
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=12,
)
# Pieces of YAML syntax that make interesting trouble when spliced in anywhere.
SNIPPETS = st.sampled_from(
    [
        "&a ", "*a", "!!python/object:os.system ", "!tag ", "<<: *a\n", "---\n", "...\n",
        "? ", ": ", "- ", "[", "]", "{", "}", "'", '"', "|\n", ">-\n", "\t", "\n  ", "#",
        "%YAML 1.1\n", "\ufeff", "\x00", "\x85", "\u2028", "\\x", "\\U0001F600", "id: no\n",
    ]
)  # fmt: skip


def load_text(data: bytes, name: str = "c.yaml") -> Curriculum | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return load_curriculum(path)
        except CurriculumError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.line >= 1 and problem.column >= 1
                assert "\n" not in problem.message
            return None


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    text = draw(base)
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            piece = draw(st.one_of(SNIPPETS, st.text(max_size=3)))
            text = text[:where] + piece + text[where:]
        elif action == "delete":
            end = draw(st.integers(min_value=where, max_value=min(len(text), where + 20)))
            text = text[:where] + text[end:]
        else:
            line_start = text.rfind("\n", 0, where) + 1
            line_end = text.find("\n", where)
            line = text[line_start : line_end + 1 if line_end >= 0 else len(text)]
            text = text[:line_start] + line + text[line_start:]
    return text


def dumped(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True, default_flow_style=None)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_only_curriculum_errors(data: bytes) -> None:
    load_text(data)


@FUZZ
@given(mutated(DOCUMENTS.map(dumped)))
def test_generated_yaml_gives_only_curriculum_errors(text: str) -> None:
    load_text(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(mutated(st.just(MINIMAL)))
def test_mutated_valid_curriculum_gives_a_curriculum_or_errors(text: str) -> None:
    result = load_text(text.encode("utf-8", "surrogatepass"))
    assert result is None or isinstance(result, Curriculum)


def test_the_unmutated_example_is_valid() -> None:
    assert isinstance(load_text(MINIMAL.encode()), Curriculum)
