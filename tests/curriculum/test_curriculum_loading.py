"""A valid curriculum becomes the frozen model: right types, stages in order, the guide true."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.curriculum import (
    CurriculumError,
    Problem,
    ResourceKind,
    TaskKind,
    Text,
    TimelineEntry,
    load_curriculum,
)
from tracker.curriculum.loader import plain_kind

HERE = Path(__file__).parent
REPO = HERE.parents[1]
MINIMAL = HERE / "fixtures" / "minimal"


def test_minimal_example_loads_into_the_model() -> None:
    curriculum = load_curriculum(MINIMAL)
    assert (curriculum.id, curriculum.version) == ("my-first-path", "1.0")
    assert curriculum.title == Text(zh="我的第一条学习路线", en="My first learning path")
    (stage,) = curriculum.stages
    assert (stage.id, stage.order, stage.concepts) == ("transformer-basics", 1, ("attention",))
    (module,) = stage.modules
    assert module.title == Text.both("Self-attention")
    read, implement = module.tasks
    assert (read.kind, read.estimate_hours, read.resources) == (
        TaskKind.TOPIC,
        3.0,
        ("vaswani-2017-attention",),
    )
    assert (implement.kind, implement.estimate_hours) == (TaskKind.PRACTICE, 6.0)
    assert curriculum.stage_of("implement-attention") is stage
    (resource,) = curriculum.resources
    assert (resource.kind, resource.year, resource.url) == (
        ResourceKind.PAPER,
        2017,
        "https://arxiv.org/abs/1706.03762",
    )
    assert resource.authors[0] == "Ashish Vaswani"
    assert curriculum.concept("attention") is not None


def test_guide_shows_the_minimal_example_byte_for_byte() -> None:
    guide = (REPO / "docs" / "curriculum-format.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- minimal-example -->\n```yaml\n(.*?)```\n", guide, re.DOTALL)
    assert found, "the guide lost its minimal example"
    assert found.group(1) == (MINIMAL / "curriculum.yaml").read_text(encoding="utf-8")


def test_a_single_file_loads_like_its_folder() -> None:
    assert load_curriculum(MINIMAL / "curriculum.yaml") == load_curriculum(MINIMAL)
    assert load_curriculum(str(MINIMAL)) == load_curriculum(MINIMAL)


def test_stages_come_in_order_whatever_the_files(tmp_path: Path) -> None:
    text = (MINIMAL / "curriculum.yaml").read_text(encoding="utf-8")
    header, rest = text.split("stages:\n", 1)
    stage, others = rest.split("\nconcepts:\n", 1)
    later = stage.replace("order: 1", "order: 2")
    for old in ("transformer-basics", "attention-module", "read-attention-paper", "implement-att"):
        later = later.replace(old, f"{old}-again")
    (tmp_path / "a.yaml").write_text("stages:\n" + later, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(header + "concepts:\n" + others, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("stages:\n" + stage, encoding="utf-8")
    curriculum = load_curriculum(tmp_path)
    assert [s.order for s in curriculum.stages] == [1, 2]
    assert curriculum.stages[1].id == "transformer-basics-again"


def test_files_with_only_comments_add_nothing(tmp_path: Path) -> None:
    (tmp_path / "00.yaml").write_bytes((MINIMAL / "curriculum.yaml").read_bytes())
    (tmp_path / "01.yaml").write_text("# nothing here yet\n", encoding="utf-8")
    (tmp_path / ".hidden.yaml").write_text("not: [valid", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not: [valid", encoding="utf-8")
    assert load_curriculum(tmp_path) == load_curriculum(MINIMAL)


def test_optional_keys_and_yaml_number_forms_are_read(tmp_path: Path) -> None:
    file = tmp_path / "c.yaml"
    file.write_text(
        """\
curriculum: {id: c, version: "2", title: C, summary: {zh: 简介, en: About}}
resources:
  - {id: r, title: R, kind: book, note: {zh: 经典, en: A classic}}
concepts:
  - id: attention
    title: Attention
    summary: Weighing positions.
    points: [Short, {zh: 长, en: Long}]
    timeline:
      - when: "2017"
        text: The Transformer
    related: [attention]
    resources: [r]
stages:
  - id: s
    order: 3
    title: S
    goal: G
    notes: Take your time.
    resources: [r]
    modules:
      - id: m
        title: M
        summary: Module summary
        addition: yes
        tasks:
          - {id: a, title: A, estimate_hours: 1.5, details: D, addition: true}
          - {id: b, title: B, estimate_hours: 1_000, kind: topic}
""",
        encoding="utf-8",
    )
    curriculum = load_curriculum(file)
    assert curriculum.summary == Text(zh="简介", en="About")
    (stage,) = curriculum.stages
    assert (stage.order, stage.notes, stage.resources) == (3, Text.both("Take your time."), ("r",))
    (module,) = stage.modules
    assert (module.addition, module.summary) == (True, Text.both("Module summary"))
    a, b = module.tasks
    assert (a.estimate_hours, a.details, a.addition) == (1.5, Text.both("D"), True)
    assert (b.estimate_hours, b.addition) == (1000.0, False)
    (concept,) = curriculum.concepts
    assert concept.points == (Text.both("Short"), Text(zh="长", en="Long"))
    assert concept.timeline == (TimelineEntry(when="2017", text=Text.both("The Transformer")),)
    assert (concept.related, concept.resources) == (("attention",), ("r",))
    assert curriculum.resources[0].note == Text(zh="经典", en="A classic")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("no", "boolean"),
        ("On", "boolean"),
        ("1.10", "float"),
        (".5", "float"),
        ("1e5", "string"),
        ("1.0e+5", "float"),
        ("0x1F", "integer"),
        ("017", "integer"),
        ("1_000", "integer"),
        ("1:30", "integer"),
        ("2017-06-12", "date"),
        ("~", "null"),
        ("", "null"),
        ("self-attention", "string"),
        ("nope", "string"),
        ("-", "string"),
    ],
)
def test_plain_scalars_are_typed_as_yaml_1_1_would(value: str, kind: str) -> None:
    assert plain_kind(value) == kind


def test_garbage_collector_state_is_restored() -> None:
    assert gc.isenabled()
    load_curriculum(MINIMAL)
    assert gc.isenabled()
    gc.disable()
    try:
        load_curriculum(MINIMAL)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_curriculum_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        CurriculumError([])
    assert str(Problem("a.yaml", 3, 7, "oops")) == "a.yaml:3:7: oops"


def test_importing_the_package_does_not_import_yaml() -> None:
    code = "import sys, tracker.curriculum; print('yaml' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
