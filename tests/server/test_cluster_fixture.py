"""The session's throw-away cluster answers, as the superuser, on its socket and over TCP."""

from __future__ import annotations

import psycopg
import pytest

from tests.server.conftest import Cluster


def test_the_cluster_answers(pg_cluster: Cluster, pg_admin_url: str) -> None:
    with psycopg.connect(pg_admin_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
    assert version is not None and int(version[0]) >= 130000


def test_a_role_without_its_password_is_refused(pg_cluster: Cluster, pg_admin_url: str) -> None:
    pg_cluster.admin_sql("DROP ROLE IF EXISTS lp_fixture_probe")
    pg_cluster.admin_sql("CREATE ROLE lp_fixture_probe LOGIN PASSWORD 'right'")
    try:
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(pg_cluster.tcp_url("postgres", "lp_fixture_probe", "wrong")).close()
        psycopg.connect(pg_cluster.tcp_url("postgres", "lp_fixture_probe", "right")).close()
    finally:
        pg_cluster.admin_sql("DROP ROLE lp_fixture_probe")


@pytest.mark.parametrize("required", [False, True])
def test_without_postgres_the_tests_skip_unless_required(tmp_path, required: bool) -> None:  # type: ignore[no-untyped-def]
    """CI sets LEARNPATH_REQUIRE_PG=1: a missing PostgreSQL then fails the run."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "LEARNPATH_PG_BIN": str(tmp_path)}
    env.pop("LEARNPATH_REQUIRE_PG", None)
    if required:
        env["LEARNPATH_REQUIRE_PG"] = "1"
    here = Path(__file__)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{here}::test_the_cluster_answers",
        ],
        cwd=here.parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if required:
        assert done.returncode == 1, done.stdout
        assert "forbids skipping the server tests" in done.stdout
    else:
        assert done.returncode == 0, done.stdout
        assert "1 skipped" in done.stdout
