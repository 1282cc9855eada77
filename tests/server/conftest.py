"""A throw-away PostgreSQL cluster for the cohort-server tests, started once per session.

``initdb`` and ``pg_ctl`` come from Debian's ``postgresql`` package (``/usr/lib/postgresql/*/bin``)
or the PATH. They refuse to run as root, so as root the cluster belongs to the ``postgres`` system
user (through ``runuser``). The cluster lives in a temporary folder, listens on a Unix socket in
that folder and on 127.0.0.1 at a free port, trusts local connections for the bootstrap superuser
only and asks every other role for its SCRAM password, and is stopped and removed at the end.

Without ``initdb`` (or with ``LEARNPATH_PG_BIN`` naming a folder without it) the tests are
skipped — unless ``LEARNPATH_REQUIRE_PG=1`` (set by ``.ci/run``),
which makes that a failure: CI must never pass with the server tests skipped.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "lp_admin"


def _pg_bin(name: str) -> str | None:
    only = os.environ.get("LEARNPATH_PG_BIN")  # a folder to look in instead (tests of the skip)
    if only is not None:
        candidate = Path(only) / name
        return str(candidate) if candidate.is_file() else None
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return found[0] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    folder: Path
    socket_dir: Path
    port: int
    pg_ctl: str
    run_as: tuple[str, ...]

    def url(self, dbname: str, user: str = SUPERUSER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, dbname: str, user: str, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def admin_sql(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                self.pg_ctl,
                "-D",
                str(self.folder / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            check=False,
            capture_output=True,
        )

    def start(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                self.pg_ctl,
                "-D",
                str(self.folder / "data"),
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )


class PostgresMissingError(RuntimeError):
    """initdb or pg_ctl is not installed."""


def start_cluster(*, fsync: bool = False) -> Cluster:
    """Create and start a throw-away cluster (also used by ``bench/cohort.py``)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise PostgresMissingError(
            "PostgreSQL's initdb/pg_ctl not found (Debian: apt-get install postgresql)"
        )
    run_as: tuple[str, ...] = ()
    folder = Path(tempfile.mkdtemp(prefix="learnpath-pg-"))
    if os.geteuid() == 0:
        run_as = ("runuser", "-u", "postgres", "--")
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    data = folder / "data"
    subprocess.run(
        [
            *run_as,
            initdb,
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        check=True,
        capture_output=True,
    )
    # Only the bootstrap superuser is trusted on the socket; every member role needs its password.
    (data / "pg_hba.conf").write_text(
        f"local all {SUPERUSER} trust\n"
        "local all all scram-sha-256\n"
        "host all all 127.0.0.1/32 scram-sha-256\n"
    )
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{folder}'\nfsync = {'on' if fsync else 'off'}\n"
            "max_connections = 120\n"
            "shared_buffers = 64MB\n"
        )
    cluster = Cluster(folder, folder, port, pg_ctl, run_as)
    cluster.start()
    return cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except PostgresMissingError as missing:
        if os.environ.get("LEARNPATH_REQUIRE_PG") == "1":
            pytest.fail(f"{missing}; LEARNPATH_REQUIRE_PG=1 forbids skipping the server tests")
        pytest.skip(str(missing))
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


_counter = itertools.count(1)


@pytest.fixture
def pg_admin_url(pg_cluster: Cluster) -> Iterator[str]:
    """A new, empty database in the session's cluster; its superuser URL (no password needed)."""
    name = f"lp_test_{os.getpid()}_{next(_counter)}"
    pg_cluster.admin_sql(f'CREATE DATABASE "{name}"')
    yield pg_cluster.url(name)
    pg_cluster.admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    password: str
    url: str  # with the password in it, as a learner would keep it in ~/.pgpass or the URL


@dataclass(frozen=True)
class CohortServer:
    admin_url: str
    cohort: str
    members: dict[str, Member]

    def __getitem__(self, name: str) -> Member:
        return self.members[name]


_names = itertools.count(1)


def unique(name: str) -> str:
    """Login roles are cluster-wide: each test's members get names no other test uses."""
    return f"{name}{os.getpid()}x{next(_names)}"


def add_member(admin_url: str, cohort: str, name: str, kind: str) -> Member:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from tracker.storage.server import admin

    member = admin.add_member(admin_url, cohort, name, kind)
    assert member.password is not None
    parts = conninfo_to_dict(member.url)
    parts["password"] = member.password
    return Member(name, member.role, member.password, make_conninfo(**parts))


@pytest.fixture
def cohort_server(pg_admin_url: str) -> Iterator[CohortServer]:
    """An initialised server with cohort ``c1`` (learners alice, bob; mentor maria) and cohort
    ``c2`` (learner carol; mentor mo). Roles are dropped afterwards."""
    from tracker.storage.server import admin

    admin.upgrade(pg_admin_url)
    members: dict[str, Member] = {}
    for cohort, people in (
        ("c1", (("alice", "learner"), ("bob", "learner"), ("maria", "mentor"))),
        ("c2", (("carol", "learner"), ("mo", "mentor"))),
    ):
        admin.create_cohort(pg_admin_url, cohort)
        for name, kind in people:
            members[name] = add_member(pg_admin_url, cohort, unique(name), kind)
    yield CohortServer(pg_admin_url, "c1", members)
    for cohort, names in (("c1", ("alice", "bob", "maria")), ("c2", ("carol", "mo"))):
        for name in names:
            admin.remove_member(pg_admin_url, cohort, members[name].name)
