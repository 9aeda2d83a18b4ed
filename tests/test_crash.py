"""Crash drill: SIGKILL a real ingest at several points; a re-run ends with every article exactly once."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.store import EventQuery, open_store
from eventwire.store.dedup import BANDS

from .conftest import EXAMPLES
from .crashing import finish, kill_when, rows, start_run

N_FILES = 150
WORDS = [
    "army",
    "strike",
    "village",
    "protest",
    "minister",
    "blast",
    "convoy",
    "drone",
    "border",
    "police",
    "market",
    "court",
    "rally",
    "ceasefire",
    "shelling",
    "hospital",
    "bridge",
    "station",
    "port",
    "refinery",
    "airfield",
    "governor",
    "mayor",
    "district",
    "province",
    "capital",
]


def _write_corpus(folder: Path) -> dict[str, str]:
    rng = random.Random(7)
    texts = {}
    for number in range(N_FILES):
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        text = f"Report number {number}. {body}."
        (folder / f"report_{number:03d}.txt").write_text(f"date 2025-04-{1 + number % 28:02d}\n\n{text}\n")
        texts[f"report_{number:03d}"] = text
    return texts


def _start(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "eventwire", "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_at_several_points_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = _write_corpus(folder)
    db = tmp_path / "crash.db"

    # Kill during start-up and migration, then after a few, many and nearly all articles.
    for at_least in (0, 5, 60, 140):
        kill_when(_start(folder, db), db, "articles", at_least, wait_s=60)
        assert rows(db, "articles") < N_FILES or at_least == 140

    final = _start(folder, db)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored_rows = connection.execute("SELECT origin, text, content_hash FROM articles").fetchall()
        bands = connection.execute(
            "SELECT article_id, count(*) FROM article_bands GROUP BY article_id"
        ).fetchall()
    assert len(stored_rows) == N_FILES
    assert len({row[2] for row in stored_rows}) == N_FILES
    stored = {Path(origin).stem: text for origin, text, _ in stored_rows}
    assert stored == texts
    assert len(bands) == N_FILES and all(count == BANDS for _, count in bands)

    again = _start(folder, db)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0
    assert b"stored 0 new article(s)" in stderr
    assert rows(db, "articles") == N_FILES


def _events(db: Path) -> list[dict[str, object]]:
    with open_store(str(db)) as store:
        assert store.stale_event_groups() == []
        return store.query_events(EventQuery(limit=None))[1]


@pytest.mark.slow
def test_sigkill_during_extraction_and_linking_then_rerun_gives_the_same_events(
    tmp_path: Path, seeds_dir: Path
) -> None:
    inputs = [str(EXAMPLES), str(seeds_dir)]
    reference = tmp_path / "reference.db"
    finish(start_run(inputs, reference))

    db = tmp_path / "killed.db"
    # Kill during extraction, early and late, then during linking, early and late.
    for table, at_least in (
        ("extractions", 1),
        ("extractions", 10),
        ("event_members", 2),
        ("event_members", 25),
    ):
        code = kill_when(start_run(inputs, db), db, table, at_least, wait_s=300)
        assert code == -signal.SIGKILL, f"the run ended before {at_least} {table} rows"
    finish(start_run(inputs, db))

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert rows(db, "articles") == rows(reference, "articles")
    assert rows(db, "mentions") == rows(reference, "mentions")
    assert _events(db) == _events(reference)
