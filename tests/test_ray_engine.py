"""The ray engine finds exactly the events the local engine finds, and a Ray run killed at any point
resumes to the same events.

The cluster tests run against EVENTWIRE_RAY_ADDRESS (`bash .ci/run` starts a two-node cluster on this
machine); they are skipped without it unless EVENTWIRE_REQUIRE_RAY=1.
"""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire import pipeline
from eventwire.api import read
from eventwire.cli import app
from eventwire.model import Article
from eventwire.serialize import article_from_dict, event_to_json, to_dict
from eventwire.store import open_store

from .conftest import EXAMPLES
from .crashing import finish, kill_when, rows, start_run

# Ray Data's own context warns about its own deprecated settings.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")


@pytest.fixture(scope="module")
def ray_address() -> str:
    address = os.environ.get("EVENTWIRE_RAY_ADDRESS")
    if not address:
        message = (
            "EVENTWIRE_RAY_ADDRESS is not set (bash .ci/run starts a Ray cluster on this machine and sets it)"
        )
        if os.environ.get("EVENTWIRE_REQUIRE_RAY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return address


def _events(db: Path) -> list[dict[str, Any]]:
    with open_store(str(db)) as store:
        return [event_to_json(event) for event in pipeline.events(store)]


def _run(db: Path, *engine: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["run", str(EXAMPLES), "--db", str(db), "--json", *engine])
    assert result.exit_code == 0, result.stderr
    return _events(db)


@pytest.fixture(scope="module")
def local_events(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return _run(tmp_path_factory.mktemp("local") / "local.db")


@pytest.mark.slow
def test_ray_engine_finds_the_same_events_as_the_local_engine(
    ray_address: str, local_events: list[dict[str, Any]], tmp_path: Path
) -> None:
    on_ray = _run(tmp_path / "ray.db", "--engine", "ray", "--address", ray_address)
    assert len(local_events) >= 4
    assert on_ray == local_events


@pytest.mark.slow
def test_sigkill_of_a_ray_run_at_several_points_then_rerun_finds_the_same_events(
    ray_address: str, local_events: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The driver dies (SIGKILL: no cleanup) while the actors extract, early and late, and while it
    links; the re-run stores each article once and ends with the local engine's events."""
    db = tmp_path / "killed.db"
    options = ("--engine", "ray", "--address", ray_address)
    for table, at_least in (
        ("extractions", 1),
        ("extractions", 8),
        ("event_members", 2),
        ("event_members", 20),
    ):
        code = kill_when(start_run([str(EXAMPLES)], db, *options), db, table, at_least, wait_s=600)
        assert code == -signal.SIGKILL, f"the run ended before {at_least} {table} rows"
    finish(start_run([str(EXAMPLES)], db, *options))
    with open_store(str(db)) as store:
        assert store.count_to_extract(pipeline.EXTRACTOR_VERSION) == 0
        assert store.stale_event_groups() == []
    assert rows(db, "articles") == len(
        {a.content_hash for a in read(str(EXAMPLES)) if isinstance(a, Article)}
    )
    assert _events(db) == local_events


def test_an_unreachable_cluster_is_named_at_once(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    report = str(EXAMPLES / "txt" / "kyiv_morning_post.txt")
    result = CliRunner().invoke(
        app, ["run", report, "--db", str(tmp_path / "x.db"), "--engine", "ray", "--address", address]
    )
    assert result.exit_code == 2
    assert f"cannot reach the Ray cluster at {address}" in result.stderr


def test_an_address_without_the_ray_engine_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--address", "h:1"]
    )
    assert result.exit_code == 2
    assert "--address is for --engine ray" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_articles_cross_to_the_actors_unchanged() -> None:
    articles = [a for a in read(str(EXAMPLES)) if isinstance(a, Article)]
    articles.append(Article.create("A bomb went off in Balashikha.", "text"))  # no date, no metadata
    assert any(a.published for a in articles)
    assert [article_from_dict(json.loads(json.dumps(to_dict(a)))) for a in articles] == articles
