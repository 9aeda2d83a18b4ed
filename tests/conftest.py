"""Shared fixtures: the `../shared` data folder and a store on every supported backend."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventwire.store import Store, normalize_db_url, open_store

from . import fuzzing

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))


def _required(variable: str) -> bool:
    return os.environ.get(variable) == "1"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data beside the repo; skipped when absent, a failure when CI requires it."""
    if not SHARED.is_dir():
        message = (
            f"shared data folder {SHARED} is absent (set EVENTWIRE_SHARED or put shared/ beside the repo)"
        )
        if _required("EVENTWIRE_REQUIRE_SHARED"):
            pytest.fail(message)
        pytest.skip(message)
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get("EVENTWIRE_TEST_PG_URL")
    if not url:
        message = "EVENTWIRE_TEST_PG_URL is not set (bash .ci/run starts PostgreSQL on loopback and sets it)"
        if _required("EVENTWIRE_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def _fresh_postgres_database(admin_url: str) -> tuple[str, sa.Engine, str]:
    name = f"eventwire_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(normalize_db_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return admin_url.rsplit("/", 1)[0] + "/" + name, admin, name


@contextmanager
def _database(kind: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'eventwire.db'}"
        return
    url, admin, name = _fresh_postgres_database(request.getfixturevalue("postgres_admin_url"))
    yield url
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    with _database(request.param, tmp_path, request) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database URL on each backend shared by a module's tests (for stores that are slow to fill)."""
    with _database(request.param, tmp_path_factory.mktemp("db"), request) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many fuzzed inputs the fuzz tests fed in (the crash drill asks for a count, not examples)."""
    lines = fuzzing.summary()
    if lines:
        terminalreporter.write_sep("-", "fuzzed inputs")
        for line in lines:
            terminalreporter.write_line(line)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """End a server a test started, by its pid: asked first, killed if it does not go."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)
