"""The command line as a user meets it: seeds in, idempotent re-runs, clear errors, JSON for scripts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import open_store

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_seeds_are_stored_once_with_their_publication_date(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "seeds.db")
    code, stdout, _ = _invoke("ingest", str(seeds_dir), "--db", db, "--json")
    assert code == 0
    report = json.loads(stdout)
    assert report["stored"] == 2 and report["errors"] == []
    with open_store(db) as store:
        first = store.get_article(report["stored_ids"][0])
    assert first is not None and first.published == date(2025, 4, 26)
    assert first.text.startswith("Russian President")

    code, stdout, stderr = _invoke("ingest", str(seeds_dir), "--db", db, "--json")
    assert code == 0
    again = json.loads(stdout)
    assert again["stored"] == 0 and again["duplicates"] == 2
    assert "stored 0 new article(s)" in stderr


def test_bad_files_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text("date 2025-04-26\n\nA bomb went off in Balashikha on Friday. " * 5)
    (inputs / "empty.txt").write_text("")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (inputs / "broken.jsonl").write_text(
        '{"text": "Protesters gathered in Belgrade on Saturday evening."}\n{oops\n'
    )
    db = str(tmp_path / "bad.db")
    code, stdout, stderr = _invoke("ingest", str(inputs), "--db", db, "--json")
    assert code == 1
    report = json.loads(stdout)
    assert report["stored"] == 2
    errors = report["errors"]
    assert len(errors) == 3
    assert any("empty.txt" in line for line in errors)
    assert any("binary.txt" in line for line in errors)
    assert any("broken.jsonl:line 2" in line for line in errors)
    assert "3 error(s)" in stderr


def test_articles_search_show_and_stats(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "list.db")
    assert _invoke("ingest", str(seeds_dir), "--db", db)[0] == 0

    code, stdout, _ = _invoke("articles", "--db", db, "--search", "Witkoff", "--json")
    assert code == 0
    found = json.loads(stdout)
    assert len(found) == 1 and "Witkoff" in found[0]["text"]

    code, stdout, _ = _invoke("article", found[0]["id"], "--db", db)
    assert code == 0 and "Witkoff" in stdout

    code, stdout, _ = _invoke("stats", "--db", db, "--json")
    assert code == 0
    numbers = json.loads(stdout)
    assert numbers["articles"] == 2 and numbers["by_language"] == {"en": 2}

    code, _, stderr = _invoke("article", "does-not-exist", "--db", db)
    assert code == 1 and "no article with id does-not-exist" in stderr

    code, _, stderr = _invoke("articles", "--db", db, "--since", "April 2025")
    assert code == 2 and "not a date" in stderr


def test_run_prints_a_table_and_the_database(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    code, stdout, stderr = _invoke("run", str(seeds_dir), "--db", str(db))
    assert code == 0
    assert "4 event(s) from 2 article(s)" in stdout and "Balashikha" in stdout
    assert str(db) in stderr and "extracted events from 2 article(s), linked 6 new mention(s)" in stderr
    code, stdout, _ = _invoke("mentions", "--db", str(db), "--json")
    assert code == 0
    found = json.loads(stdout)
    assert {m["kind"] for m in found} == {"main", "background"}
    assert sum(m["kind"] == "main" for m in found) == 2
