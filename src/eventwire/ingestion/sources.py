"""Turning what the user named (files, folders, URLs) into typed sources, and reading each one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.ingestion.feed import read_feed_file, read_feed_url
from eventwire.ingestion.fetch import FetchPolicy
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


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path or a URL, and how to read it."""

    origin: str
    kind: str


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return KIND_BY_SUFFIX.get(path.suffix.lower())


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def discover(inputs: Iterable[str]) -> tuple[list[Source], list[IngestError]]:
    """Sources in a stable order (folders sorted, walked recursively, hidden entries skipped)."""
    sources: list[Source] = []
    errors: list[IngestError] = []
    for item in inputs:
        if item.startswith(("http://", "https://")):
            sources.append(Source(item, "url"))
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                kind = _kind(child)
                if kind and child.is_file() and not _hidden(child, path):
                    sources.append(Source(str(child), kind))
        elif path.is_file():
            kind = _kind(path)
            if kind:
                sources.append(Source(str(path), kind))
            else:
                known = ", ".join(sorted(KIND_BY_SUFFIX))
                errors.append(IngestError(str(path), f"unknown file type (known: {known})"))
        else:
            errors.append(IngestError(item, "no such file or folder"))
    return sources, errors


def read_source(source: Source, policy: FetchPolicy | None = None) -> Iterator[Article | IngestError]:
    """Articles and errors of one source; bad input never raises out of here."""
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
        yield IngestError(source.origin, f"no reader for source kind {source.kind!r}")
        return
    yield from reader()
