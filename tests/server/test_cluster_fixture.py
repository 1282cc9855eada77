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
