"""Finding sources (files, folders, URLs) and reading the canonical seeds end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.ingestion import Source, discover, read_source
from eventwire.model import Article, IngestError

from .test_ingest_helpers import read_all


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_folder_walked_recursively_sorted_with_kinds(tmp_path: Path) -> None:
    _touch(tmp_path, "b.txt", "a.jsonl", "sub/c.HTML", "sub/d.ndjson", "e.rss", "f.atom", "g.xml")
    _touch(tmp_path, "h.warc", "i.warc.gz", "j.htm")
    sources, errors = discover([str(tmp_path)])
    assert errors == []
    assert [(Path(s.origin).relative_to(tmp_path).as_posix(), s.kind) for s in sources] == [
        ("a.jsonl", "jsonl"),
        ("b.txt", "text"),
        ("e.rss", "feed"),
        ("f.atom", "feed"),
        ("g.xml", "feed"),
        ("h.warc", "warc"),
        ("i.warc.gz", "warc"),
        ("j.htm", "html"),
        ("sub/c.HTML", "html"),
        ("sub/d.ndjson", "jsonl"),
    ]


def test_folder_skips_hidden_and_unknown_files_silently(tmp_path: Path) -> None:
    _touch(tmp_path, "keep.txt", ".hidden.txt", ".git/config.txt", "notes.pdf", "archive.gz", "README")
    sources, errors = discover([str(tmp_path)])
    assert errors == []
    assert [Path(s.origin).name for s in sources] == ["keep.txt"]


def test_folder_without_readable_files_is_an_error(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.pdf")
    sources, errors = discover([str(tmp_path)])
    assert sources == []
    assert len(errors) == 1 and "no readable files" in errors[0].reason


def test_explicit_unknown_extension_and_missing_path_are_errors(tmp_path: Path) -> None:
    _touch(tmp_path, "report.pdf", "good.txt")
    missing = str(tmp_path / "nope.txt")
    sources, errors = discover([str(tmp_path / "report.pdf"), missing, str(tmp_path / "good.txt")])
    assert sources == [Source(str(tmp_path / "good.txt"), "text")]
    assert [(e.origin, e.reason.split(" (")[0]) for e in errors] == [
        (str(tmp_path / "report.pdf"), "unknown file type '.pdf'"),
        (missing, "no such file or folder"),
    ]
    assert ".jsonl" in errors[0].reason  # says which types are known


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    _touch(tmp_path, ".draft.txt")
    sources, _ = discover([str(tmp_path / ".draft.txt")])
    assert sources == [Source(str(tmp_path / ".draft.txt"), "text")]


def test_urls_and_other_schemes() -> None:
    sources, errors = discover(
        ["https://news.example/feed.xml", "HTTP://news.example/rss", "ftp://x.example/f"]
    )
    assert sources == [
        Source("https://news.example/feed.xml", "url"),
        Source("HTTP://news.example/rss", "url"),
    ]
    assert len(errors) == 1 and errors[0].origin == "ftp://x.example/f" and "ftp" in errors[0].reason


def test_each_source_once(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt")
    sources, _ = discover([str(tmp_path), str(tmp_path / "a.txt"), str(tmp_path)])
    assert sources == [Source(str(tmp_path / "a.txt"), "text")]


@pytest.mark.parametrize("kind", ["text", "jsonl", "html", "feed", "warc"])
def test_a_file_gone_or_unreadable_after_discovery_is_an_error(tmp_path: Path, kind: str) -> None:
    for path in (tmp_path / "vanished", tmp_path):  # a folder cannot be read as a file either
        articles, [error] = read_all(path, kind)
        assert articles == [] and error.origin == str(path) and error.reason.startswith("cannot read file: ")


def test_unknown_kind_is_an_error_not_an_exception() -> None:
    items = list(read_source(Source("x.bin", "binary")))
    assert len(items) == 1 and isinstance(items[0], IngestError) and "unknown source kind" in items[0].reason


def test_seeds(seeds_dir: Path) -> None:
    sources, errors = discover([str(seeds_dir)])
    assert errors == [] and [s.kind for s in sources] == ["text", "text"]
    results = [read_all(s.origin, s.kind) for s in sources]
    assert [len(errors) for _, errors in results] == [0, 0]
    first, second = (articles[0] for articles, _ in results)
    assert isinstance(first, Article)
    assert first.published == date(2025, 4, 26)
    assert first.text.startswith("Russian President")
    assert "date 2025" not in first.text
    assert second.published is None and second.text.startswith("A senior Russian general")
    assert first.language == second.language == "en"
    assert first.raw_format == "text" and first.origin == sources[0].origin
    assert first.id != second.id


def test_reading_twice_gives_the_same_articles(seeds_dir: Path) -> None:
    """Ids come from content, which is what makes re-runs idempotent."""
    once, again = (read_all(seeds_dir / "000_ceccda96e80c11bb.txt", "text") for _ in range(2))
    assert once == again and len(once[0]) == 1
