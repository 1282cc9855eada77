"""``learnpath search QUERY [--json] [--limit N]``, run as a learner would: through a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_progress import run


def test_search_json_has_the_contract_keys_and_finds_chinese_inside_words(tmp_path: Path) -> None:
    result = run(tmp_path, "search", "注意力", "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert 0 < len(found) <= 3
    assert all(set(item) == {"kind", "id", "title", "stage_id", "snippet"} for item in found)
    assert found[0]["id"] == "transformer-self-attention"  # 自注意力机制
    assert found[0]["kind"] == "task" and found[0]["stage_id"] == "nlp-foundations"


def test_search_finds_a_note_by_its_text(tmp_path: Path) -> None:
    saved = run(tmp_path, "note", "transformer-self-attention", "Softmax temperature 很重要")
    assert saved.returncode == 0, saved.stderr
    result = run(tmp_path, "--lang", "zh", "search", "SOFTMAX", "--json")
    found = json.loads(result.stdout)
    assert {"kind": "note", "id": "transformer-self-attention"}.items() <= found[0].items()
    assert found[0]["title"] == "自注意力机制（self-attention）"
    assert "Softmax temperature" in found[0]["snippet"]
    plain = run(tmp_path, "search", "很重要")
    assert plain.returncode == 0 and "transformer-self-attention" in plain.stdout


def test_an_empty_query_is_exit_1(tmp_path: Path) -> None:
    result = run(tmp_path, "search", "  ")
    assert result.returncode == 1
    assert result.stderr.strip() == "learnpath: search: the query is empty"


def test_nothing_found_is_an_empty_list(tmp_path: Path) -> None:
    result = run(tmp_path, "search", "qqqzzz", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_a_limit_below_one_or_not_a_number_is_one_line_and_exit_1(tmp_path: Path) -> None:
    for limit in ("0", "-3", "ten"):
        result = run(tmp_path, "search", "attention", f"--limit={limit}")
        assert result.returncode == 1, (limit, result.stderr)
        assert result.stderr.strip() == (
            f"learnpath: search: --limit expects a whole number of at least 1, got {limit!r}"
        )
