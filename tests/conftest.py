"""Shared fixtures: stores on a real SQLite file and on a real PostgreSQL server.

The PostgreSQL server is started once per test session (initdb in a temporary
directory, a free port on 127.0.0.1, fsync off) and stopped at the end; every test
gets a fresh database in it. As root, the server runs as the unprivileged
``postgres`` user (created when missing), since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storytrace.store import Store

PG_MISSING = "PostgreSQL not installed: run make test, which installs it"


def _pg_bindir() -> Path | None:
    """Where initdb/pg_ctl live: $PG_BINDIR, pg_config --bindir, or the Debian layout."""
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    if shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(
                ["pg_config", "--bindir"], capture_output=True, text=True, check=True
            )
            candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for directory in candidates:
        if (Path(directory) / "initdb").is_file() and (Path(directory) / "pg_ctl").is_file():
            return Path(directory)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> str | None:
    """The user to run PostgreSQL as: None for the current one, unless we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
            check=True,
            capture_output=True,
        )
    return "postgres"


def _as(user: str | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *argv]
    return ["su", "-s", "/bin/sh", user, "-c", " ".join(f"'{a}'" for a in argv)]


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    user: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://storytrace@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://storytrace@127.0.0.1:{self.port}/{database}"

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        cmd = _as(self.user, [str(self.bindir / argv[0]), *argv[1:]])
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        data = self.root / "data"
        done = self.run(
            "initdb", "-D", str(data), "-U", "storytrace", "--auth=trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        done = self.run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        if done.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()}\n{log}")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")


def _admin(server: PgServer, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=server.port, user="storytrace", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server of our own for the whole session."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(PG_MISSING)
    user = _server_user()
    # As root, the server user must reach the directory: /tmp rather than a TMPDIR that
    # may sit under a private home.
    parent = "/tmp" if user is not None and os.path.isdir("/tmp") else None
    root = Path(tempfile.mkdtemp(prefix="storytrace-pg-", dir=parent))
    if user is not None:
        shutil.chown(root, user=user)
    server = PgServer(bindir=bindir, root=root, port=_free_port(), user=user)
    try:
        server.start()
    except Exception as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL from {bindir}: {exc}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def _database(server: PgServer, template: str | None = None) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    clone = f'TEMPLATE "{template}"' if template else ""
    # FILE_COPY: a file copy of the small template, far faster than WAL-logging it.
    _admin(server, f'CREATE DATABASE "{name}" {clone} STRATEGY FILE_COPY')
    try:
        yield server.url(name)
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A database migrated once, cloned for each test (cheaper than migrating each)."""
    name = "storytrace_template"
    _admin(pg_server, f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
    Store.open(pg_server.url(name)).close()
    return name


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """URL of a fresh, empty database on the session's server (dropped afterwards)."""
    with _database(pg_server) as url:
        yield url


@pytest.fixture
def pg_store(pg_server: PgServer, pg_template: str) -> Iterator[Store]:
    """A store on a fresh database, already at the newest schema."""
    with _database(pg_server, pg_template) as url:
        store = Store.open(url)
        try:
            yield store
        finally:
            store.close()


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def sqlite_store(sqlite_path: Path) -> Iterator[Store]:
    store = Store.open(sqlite_path)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same test on a SQLite file and on PostgreSQL."""
    name = "sqlite_store" if request.param == "sqlite" else "pg_store"
    return request.getfixturevalue(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, sqlite_path: Path) -> str:
    """An empty database, as a URL, on each back-end (for open/migration tests)."""
    if request.param == "sqlite":
        return f"sqlite:///{sqlite_path}"
    return request.getfixturevalue("pg_url")
