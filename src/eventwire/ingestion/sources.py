"""Turning what the user named (files, folders, URLs) into typed sources, and reading each one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.ingestion.feed import read_feed_file, read_feed_url
from eventwire.ingestion.fetching import FetchPolicy
from eventwire.ingestion.html import read_html_file
from eventwire.ingestion.jsonl import read_jsonl_file
from eventwire.ingestion.text import read_text_file
from eventwire.ingestion.warc import read_warc_file
from eventwire.model import Article, IngestError

KIND_BY_SUFFIX = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
KINDS = ("text", "jsonl", "html", "feed", "warc", "url")
_URL_PREFIXES = ("http://", "https://")


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path or an http(s) URL, and which reader reads it (one of KINDS)."""

    origin: str
    kind: str


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return KIND_BY_SUFFIX.get(Path(name).suffix)


def discover(inputs: Iterable[str]) -> tuple[list[Source], list[IngestError]]:
    """Sources in a stable order, so runs and their reports are reproducible.

    Folders are walked recursively in sorted order, skipping hidden files and folders and files of
    unknown types (a folder holds other things too). A file named explicitly is the user's intent,
    so an unknown type there is an error, as is a path that does not exist. Each source appears once.
    """
    sources: dict[Source, None] = {}  # an ordered set
    errors: list[IngestError] = []
    for item in inputs:
        found, error = _discover_one(item)
        sources.update(dict.fromkeys(found))
        if error:
            errors.append(error)
    return list(sources), errors


def _discover_one(item: str) -> tuple[list[Source], IngestError | None]:
    if item.lower().startswith(_URL_PREFIXES):
        return [Source(item, "url")], None
    scheme, separator, _rest = item.partition("://")
    if separator and scheme.isalpha():
        return [], IngestError(item, f"unsupported URL scheme {scheme!r}: only http and https URLs are read")
    path = Path(item)
    if path.is_dir():
        found = [Source(str(file), kind) for file in _walk(path) if (kind := kind_of(file))]
        if not found:
            return [], IngestError(
                item, f"no readable files in the folder (known types: {_known_suffixes()})"
            )
        return found, None
    if path.is_file():
        kind = kind_of(path)
        if kind is None:
            return [], IngestError(
                item, f"unknown file type {path.suffix or '(no extension)'!r} (known: {_known_suffixes()})"
            )
        return [Source(item, kind)], None
    if path.exists():
        return [], IngestError(item, "not a regular file or folder")
    return [], IngestError(item, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


def _known_suffixes() -> str:
    return ", ".join(sorted(KIND_BY_SUFFIX))


def read_source(source: Source, policy: FetchPolicy | None = None) -> Iterator[Article | IngestError]:
    """Articles and errors of one source, in input order; bad input never raises out of here."""
    readers: dict[str, Callable[[], Iterator[Article | IngestError]]] = {
        "text": lambda: read_text_file(Path(source.origin)),
        "jsonl": lambda: read_jsonl_file(Path(source.origin)),
        "html": lambda: read_html_file(Path(source.origin)),
        "feed": lambda: read_feed_file(Path(source.origin), policy),
        "warc": lambda: read_warc_file(Path(source.origin)),
        "url": lambda: read_feed_url(source.origin, policy),
    }
    reader = readers.get(source.kind)
    if reader is None:
        yield IngestError(source.origin, f"unknown source kind {source.kind!r} (known: {', '.join(KINDS)})")
        return
    yield from reader()
