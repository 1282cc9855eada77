"""Every kind of broken curriculum is reported as FILE:LINE:COL: message, all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.curriculum import CurriculumError, Problem, load_curriculum
from tracker.curriculum.loader import MAX_DEPTH, MAX_FILE_BYTES

HEADER = """\
curriculum:
  id: test-path
  version: "1"
  title: {zh: 测试路线, en: Test path}
concepts:
  - id: attention
    title: Attention
    summary: Weighing every position by relevance.
resources:
  - id: paper-one
    title: Paper one
    kind: paper
"""

# Line numbers below are those of this text (the tests change single lines, never add any).
STAGE = """\
stages:
  - id: basics
    order: 1
    title: Basics
    goal: Learn the basics.
    concepts: [attention]
    modules:
      - id: first-module
        title: First module
        tasks:
          - id: read-paper
            title: Read the paper
            resources: [paper-one]
          - id: build-it
            title: Build it
            kind: practice
            estimate_hours: 4
"""


def with_line(text: str, number: int, line: str) -> str:
    """``text`` with line ``number`` (1-based) replaced by ``line``."""
    lines = text.splitlines()
    lines[number - 1] = line
    return "\n".join(lines) + "\n"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(CurriculumError) as raised:
        load_curriculum(path)
    return list(raised.value.problems)


def stage_problems(tmp_path: Path, stage: str | bytes) -> list[Problem]:
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER, "01-stage.yaml": stage})
    return problems_of(folder)


def the_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def at(tmp_path: Path, line: int, column: int, name: str = "01-stage.yaml") -> tuple[str, int, int]:
    return (str(tmp_path / "path" / name), line, column)


def place(problem: Problem) -> tuple[str, int, int]:
    return (problem.file, problem.line, problem.column)


def test_the_unchanged_samples_are_valid(tmp_path: Path) -> None:
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER, "01-stage.yaml": STAGE})
    assert load_curriculum(folder).task_count == 2


def test_yaml_syntax_error_points_where_the_parser_stopped(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 12, "            title: Read: it"))
    )
    assert place(problem) == at(tmp_path, 12, 24)
    assert problem.message == "YAML syntax error: mapping values are not allowed in this context"


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    tagged = f'            title: !!python/object/apply:os.system ["touch {marker}"]'
    problems = stage_problems(tmp_path, with_line(STAGE, 12, tagged))
    assert place(problems[0]) == at(tmp_path, 12, 20)
    assert problems[0].message.startswith(
        "YAML tags are not allowed (found 'tag:yaml.org,2002:python"
    )
    assert not marker.exists()


def test_explicit_str_tag_is_refused_too(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 4, "    title: !!str Basics")))
    assert place(problem) == at(tmp_path, 4, 12)
    assert problem.message == "YAML tags are not allowed (found 'tag:yaml.org,2002:str')"


def test_anchor_and_alias_are_refused(tmp_path: Path) -> None:
    stage = with_line(
        with_line(STAGE, 4, "    title: &name Basics"), 15, "            title: *name"
    )
    problems = stage_problems(tmp_path, stage)
    assert [(place(p), p.message) for p in problems] == [
        (at(tmp_path, 4, 12), "YAML anchors (&name) are not allowed; write the value out"),
        (at(tmp_path, 15, 20), "YAML aliases (*name) are not allowed; write the value out"),
    ]


def test_alias_bomb_is_refused_without_being_expanded(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = write(tmp_path, {"bomb.yaml": "\n".join(lines) + "\n"}) / "bomb.yaml"
    problems = problems_of(path)
    assert place(problems[0]) == (str(path), 1, 1)
    assert problems[0].message.startswith("unknown key 'a0' in curriculum file")
    assert sum("aliases" in p.message for p in problems) == 81
    assert sum("anchors" in p.message for p in problems) == 10


def test_duplicate_key_points_at_the_second_and_names_the_first(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 13, "            title: Again"))
    )
    assert place(problem) == at(tmp_path, 13, 13)
    assert problem.message == "duplicate key 'title' (first at line 12, column 13)"


def test_unknown_key_suggests_the_closest_known_key(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 17, "            estimate_hour: 4"))
    )
    assert place(problem) == at(tmp_path, 17, 13)
    assert problem.message == (
        "unknown key 'estimate_hour' in task; did you mean 'estimate_hours'? expected one of "
        "id, title, kind, estimate_hours, details, concepts, resources, addition, cards"
    )


def test_missing_required_key_is_reported_at_the_mapping(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 15, "            details: Do it"))
    )
    assert place(problem) == at(tmp_path, 14, 13)
    assert problem.message == "task 'build-it' is missing required key 'title'"


def test_wrong_type_says_what_was_expected_and_found(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 3, '    order: "1"')))
    assert place(problem) == at(tmp_path, 3, 12)
    assert problem.message == (
        "expected an integer >= 1 (the stage's place in the path), got a string; remove the quotes"
    )


def test_list_where_text_belongs_is_a_wrong_type(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 5, "    goal: [a, b]")))
    assert place(problem) == at(tmp_path, 5, 11)
    assert problem.message == "expected text (a string or {zh: ..., en: ...}), got a list"


def test_unquoted_no_is_not_taken_for_an_id(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 8, "      - id: no")))
    assert place(problem) == at(tmp_path, 8, 13)
    assert problem.message == "expected an id (a string), got a boolean; quote it"


def test_unquoted_1_10_is_not_taken_for_an_id(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 11, "          - id: 1.10")))
    assert place(problem) == at(tmp_path, 11, 17)
    assert problem.message == "expected an id (a string), got a number; quote it"


def test_unquoted_1_10_is_not_taken_for_a_version(tmp_path: Path) -> None:
    header = with_line(HEADER, 3, "  version: 1.10")
    folder = write(tmp_path / "path", {"00-curriculum.yaml": header, "01-stage.yaml": STAGE})
    problem = the_problem(problems_of(folder))
    assert place(problem) == at(tmp_path, 3, 12, "00-curriculum.yaml")
    assert problem.message == "expected a version string, got a number; quote it"


def test_quoted_no_is_a_fine_id(tmp_path: Path) -> None:
    stage = with_line(STAGE, 8, '      - id: "no"')
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER, "01-stage.yaml": stage})
    assert load_curriculum(folder).stages[0].modules[0].id == "no"


def test_badly_formed_id_is_reported(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 2, "  - id: Basics_1")))
    assert place(problem) == at(tmp_path, 2, 9)
    assert problem.message.startswith("bad id 'Basics_1': use lowercase letters, digits and single")


def test_duplicate_id_points_at_the_second_and_names_the_first(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 14, "          - id: first-module"))
    )
    assert place(problem) == at(tmp_path, 14, 17)
    first = f"{tmp_path / 'path' / '01-stage.yaml'}:8"
    assert problem.message == f"duplicate id 'first-module': already the id of a module at {first}"


def test_dangling_concept_reference_suggests_a_close_id(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 6, "    concepts: [attension]"))
    )
    assert place(problem) == at(tmp_path, 6, 16)
    assert problem.message == "unknown concept 'attension'; did you mean 'attention'?"


def test_dangling_resource_reference_is_reported(tmp_path: Path) -> None:
    line = "            resources: [paper-one, nowhere]"
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 13, line)))
    assert place(problem) == at(tmp_path, 13, 36)
    assert problem.message == "unknown resource 'nowhere'"


def test_stage_without_modules_is_reported(tmp_path: Path) -> None:
    stage = "\n".join(STAGE.splitlines()[:6]) + "\n    modules: []\n"
    problem = the_problem(stage_problems(tmp_path, stage))
    assert place(problem) == at(tmp_path, 7, 14)
    assert problem.message == "stage 'basics' has no modules"


def test_module_without_tasks_is_reported(tmp_path: Path) -> None:
    stage = "\n".join(STAGE.splitlines()[:9]) + "\n        tasks: []\n"
    problem = the_problem(stage_problems(tmp_path, stage))
    assert place(problem) == at(tmp_path, 10, 16)
    assert problem.message == "module 'first-module' has no tasks"


def test_non_utf8_byte_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    stage = with_line(STAGE, 12, "            title: 读论文 @").encode().replace(b"@", b"\xff")
    problem = the_problem(stage_problems(tmp_path, stage))
    assert place(problem) == at(tmp_path, 12, 24)  # columns count characters, not bytes
    assert problem.message == "not valid UTF-8 (byte 0xff); save the file as UTF-8"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER, "01-stage.yaml": STAGE})
    (folder / "01-stage.yaml").write_bytes(b"\xef\xbb\xbf" + STAGE.encode())
    assert load_curriculum(folder).stages[0].id == "basics"


def test_control_character_is_reported(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, with_line(STAGE, 9, "        title: a\x07b")))
    assert place(problem) == at(tmp_path, 9, 17)
    assert problem.message == "character U+0007 is not allowed in YAML"


def test_oversize_file_is_refused_unread(tmp_path: Path) -> None:
    big = b"# " + b"x" * MAX_FILE_BYTES + b"\n"
    problem = the_problem(stage_problems(tmp_path, big))
    assert place(problem) == at(tmp_path, 1, 1)
    assert problem.message.startswith("file is too large (8,388,611 bytes; the limit is 8 MiB)")


def test_over_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "stages: " + "[" * 100 + "]" * 100 + "\n"
    problem = the_problem(stage_problems(tmp_path, deep))
    # The file's mapping is level 1 and the first "[" (column 9) level 2.
    assert place(problem) == at(tmp_path, 1, 9 + MAX_DEPTH - 1)
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep"


def test_very_deep_nesting_is_no_recursion_error(tmp_path: Path) -> None:
    """Our limit or libyaml's own (its scanner reads ahead) stops it: no crash either way."""
    deep = "[" * 200_000 + "]" * 200_000 + "\n"
    problem = the_problem(stage_problems(tmp_path, deep))
    assert place(problem)[:2] == at(tmp_path, 1, 1)[:2]
    assert "nest" in problem.message


def test_second_yaml_document_is_refused(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, STAGE + "---\nstages: []\n"))
    assert place(problem) == at(tmp_path, 18, 1)
    assert problem.message == "a second YAML document ('---'); use one per file"


def test_file_that_is_not_a_mapping_is_reported(tmp_path: Path) -> None:
    problem = the_problem(stage_problems(tmp_path, "- just\n- a list\n"))
    assert place(problem) == at(tmp_path, 1, 1)
    assert problem.message == "expected a curriculum file (a mapping), got a list"


def test_empty_text_is_reported(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 9, '        title: {zh: "", en: M}'))
    )
    assert place(problem) == at(tmp_path, 9, 21)
    assert problem.message == "expected the Chinese text, got an empty string"


def test_out_of_range_estimate_is_reported(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 17, "            estimate_hours: -2"))
    )
    assert place(problem) == at(tmp_path, 17, 29)
    assert problem.message == "estimate_hours must be more than 0 and at most 10000, got -2"


def test_unknown_task_kind_suggests_the_closest(tmp_path: Path) -> None:
    problem = the_problem(
        stage_problems(tmp_path, with_line(STAGE, 16, "            kind: practise"))
    )
    assert place(problem) == at(tmp_path, 16, 19)
    assert (
        problem.message
        == "expected one of topic, practice, got 'practise'; did you mean 'practice'?"
    )


def test_duplicate_stage_order_is_reported(tmp_path: Path) -> None:
    second = STAGE.replace("stages:\n", "stages:\n", 1).split("\n", 1)[1]
    second = second.replace("basics", "more").replace("first-module", "second-module")
    second = second.replace("read-paper", "read-more").replace("build-it", "build-more")
    problem = the_problem(stage_problems(tmp_path, STAGE + second))
    assert place(problem) == at(tmp_path, 19, 12)
    first = f"{tmp_path / 'path' / '01-stage.yaml'}:3"
    assert problem.message == f"another stage already has order 1 (at {first})"


def test_missing_header_is_reported(tmp_path: Path) -> None:
    header = HEADER.split("concepts:", 1)[1]
    folder = write(
        tmp_path / "path", {"00-concepts.yaml": "concepts:" + header, "01-stage.yaml": STAGE}
    )
    problem = the_problem(problems_of(folder))
    assert place(problem) == at(tmp_path, 1, 1, "00-concepts.yaml")
    assert problem.message == "no 'curriculum:' header (with id, version and title) in any file"


def test_second_header_is_reported(tmp_path: Path) -> None:
    header = HEADER.split("concepts:", 1)[0]
    problem = the_problem(stage_problems(tmp_path, header + STAGE))
    assert place(problem) == at(tmp_path, 1, 1)
    first = f"{tmp_path / 'path' / '00-curriculum.yaml'}:1"
    assert (
        problem.message == f"a second 'curriculum:' header (the first is at {first}); keep only one"
    )


def test_curriculum_without_stages_is_reported(tmp_path: Path) -> None:
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER})
    problem = the_problem(problems_of(folder))
    assert place(problem) == at(tmp_path, 1, 1, "00-curriculum.yaml")
    assert problem.message == "the curriculum has no stages; add a 'stages:' list"


def test_missing_path_is_a_curriculum_error(tmp_path: Path) -> None:
    problem = the_problem(problems_of(tmp_path / "nowhere"))
    assert place(problem) == (str(tmp_path / "nowhere"), 1, 1)
    assert problem.message == "cannot open the curriculum: no such file or folder"


def test_folder_without_yaml_files_is_a_curriculum_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a curriculum", encoding="utf-8")
    problem = the_problem(problems_of(tmp_path))
    assert place(problem) == (str(tmp_path), 1, 1)
    assert problem.message == "no .yaml files in this folder"


def test_unreadable_entry_is_a_curriculum_error(tmp_path: Path) -> None:
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER, "01-stage.yaml": STAGE})
    (folder / "02-broken.yaml").symlink_to(tmp_path / "missing-target")
    problem = the_problem(problems_of(folder))
    assert place(problem) == at(tmp_path, 1, 1, "02-broken.yaml")
    assert problem.message.startswith("cannot read the file: ")


def test_all_problems_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    header = with_line(with_line(HEADER, 3, "  version: 1.10"), 12, "    kind: article")
    stage = with_line(with_line(STAGE, 8, "      - id: no"), 17, "            estimate_hour: 4")
    stage = with_line(stage, 13, "            resources: [paper-two]")
    folder = write(tmp_path / "path", {"00-curriculum.yaml": header, "01-stage.yaml": stage})
    problems = problems_of(folder)
    assert [(place(p), p.message.split(";")[0]) for p in problems] == [
        (at(tmp_path, 3, 12, "00-curriculum.yaml"), "expected a version string, got a number"),
        (
            at(tmp_path, 12, 11, "00-curriculum.yaml"),
            "expected one of paper, book, report, case, software, website, got 'article'",
        ),
        (at(tmp_path, 8, 13), "expected an id (a string), got a boolean"),
        (at(tmp_path, 13, 25), "unknown resource 'paper-two'"),
        (at(tmp_path, 17, 13), "unknown key 'estimate_hour' in task"),
    ]


def test_error_text_is_one_file_line_col_line_per_problem(tmp_path: Path) -> None:
    stage = with_line(with_line(STAGE, 8, "      - id: no"), 17, "            estimate_hour: 4")
    folder = write(tmp_path / "path", {"00-curriculum.yaml": HEADER, "01-stage.yaml": stage})
    with pytest.raises(CurriculumError) as raised:
        load_curriculum(folder)
    file = tmp_path / "path" / "01-stage.yaml"
    assert str(raised.value).splitlines() == [
        f"{file}:8:13: expected an id (a string), got a boolean; quote it",
        f"{file}:17:13: unknown key 'estimate_hour' in task; did you mean 'estimate_hours'? "
        "expected one of id, title, kind, estimate_hours, details, concepts, resources, addition, "
        "cards",
    ]


@pytest.mark.parametrize(
    ("number", "line"),
    [
        (12, "            title: Read: it"),
        (4, "    title: &name Basics"),
        (12, "            title: !!python/name:os.system"),
        (13, "            title: Again"),
        (8, "      - id: no"),
        (9, "        title: a\x07b"),
    ],
)
def test_pure_python_parser_finds_the_same_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, line: str
) -> None:
    """Without libyaml, PyYAML's own parser is used; problems are found at the same places."""
    import yaml

    from tracker.curriculum import loader

    stage = with_line(STAGE, number, line)
    with_libyaml = [place(p) for p in stage_problems(tmp_path / "c", stage)]
    monkeypatch.setattr(loader, "_YamlLoader", yaml.SafeLoader)
    without = [place(p) for p in stage_problems(tmp_path / "py", stage)]
    assert [p[1:] for p in without] == [p[1:] for p in with_libyaml]
    assert with_libyaml
