"""``learnpath log``, ``today`` and ``stats`` as a learner runs them: the arguments and JSON keys
are a contract; bad input is one line and exit 1, an unknown id exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from test_cli_progress import TASK, run


def test_log_in_every_duration_form_adds_up_in_today_and_stats(tmp_path: Path) -> None:
    for duration in ("45m", "1h30m", "1.5h", "90"):
        result = run(tmp_path, "log", duration, TASK, "--note", "读了论文")
        assert result.returncode == 0, result.stderr
    assert run(tmp_path, "log", "15", "--stage", "agents").returncode == 0
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert run(tmp_path, "log", "20m", TASK, "--on", yesterday).returncode == 0

    today = json.loads(run(tmp_path, "today", "--json").stdout)
    assert set(today) == {
        "next_up",
        "minutes_today",
        "daily_goal_minutes",
        "streak",
        "reviews_due",
    }
    assert today["minutes_today"] == 45 + 90 + 90 + 90 + 15
    assert today["daily_goal_minutes"] == 30
    assert today["streak"] == {"current": 2, "longest": 2}
    assert today["reviews_due"] == 0
    assert set(today["next_up"][0]) == {"task_id", "title", "stage_id", "status"}

    stats = json.loads(run(tmp_path, "stats", "--json", "--weeks", "3").stdout)
    assert set(stats) == {"days", "weeks", "streak", "stages"}
    assert stats["days"][-1] == {"date": date.today().isoformat(), "minutes": 330, "done": 0}
    assert len(stats["weeks"]) == 3 and set(stats["weeks"][0]) == {"week_start", "minutes"}
    agents = next(s for s in stats["stages"] if s["id"] == "agents")
    assert set(agents) == {
        "id",
        "remaining_hours",
        "hours_per_week_actual",
        "projected_finish",
        "target_date",
    }
    assert agents["hours_per_week_actual"] == round(350 / 60 / 4, 2)


def test_bad_input_is_exit_1_and_an_unknown_id_exit_2(tmp_path: Path) -> None:
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    for args, code in (
        (("log", "abc", TASK), 1),
        (("log", "0", TASK), 1),
        (("log", "30", TASK, "--on", tomorrow), 1),
        (("log", "30", TASK, "--on", "2024-13-01"), 1),
        (("log", "30"), 1),
        (("log", "30", TASK, "--stage", "agents"), 1),
        (("log", "30", "no-such-task"), 2),
        (("log", "30", "--stage", "no-such-stage"), 2),
        (("stats", "--weeks", "0"), 1),
    ):
        result = run(tmp_path, *args)
        assert result.returncode == code, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert json.loads(run(tmp_path, "today", "--json").stdout)["minutes_today"] == 0
