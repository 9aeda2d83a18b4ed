"""JSON Lines: one article per line with `text` and optional url, source, published, title."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from eventwire.ingestion.build import build_article, decode_text, looks_binary, parse_published
from eventwire.model import Article, IngestError

_STRING_FIELDS = ("url", "source", "title")


def read_jsonl_file(path: Path) -> Iterator[Article | IngestError]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield IngestError(origin, "empty file")
        return
    if looks_binary(data):
        yield IngestError(origin, "binary file (contains NUL bytes), not JSON Lines")
        return
    for number, raw_line in enumerate(data.splitlines(), start=1):
        if raw_line.strip():
            yield _read_line(raw_line, origin, f"line {number}")


def _read_line(raw_line: bytes, origin: str, location: str) -> Article | IngestError:
    try:
        record = json.loads(decode_text(raw_line))
    except ValueError as exc:  # JSONDecodeError and undecodable bytes alike
        reason = (
            f"invalid JSON: {exc.msg} (column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else str(exc)
        )
        return IngestError(origin, reason, location)
    if not isinstance(record, dict):
        return IngestError(origin, f"expected a JSON object, got {type(record).__name__}", location)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestError(origin, "field 'text' is missing, empty or not a string", location)
    for name in _STRING_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            return IngestError(origin, f"field {name!r} must be a string", location)
    try:
        published = parse_published(record.get("published"))
    except ValueError as exc:
        return IngestError(origin, f"field 'published': {exc}", location)
    return build_article(
        text,
        "jsonl",
        origin=origin,
        location=location,
        url=record.get("url"),
        outlet=record.get("source"),
        published=published,
        title=record.get("title"),
    )
