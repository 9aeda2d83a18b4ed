"""JSON Lines: one article per line, `{"text": ..., "url", "source", "published", "title"}`.

Each line stands alone, so a bad line is reported with its number and the next lines still count.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from eventwire.ingestion.build import Position, build_article, decode_utf8, load_bytes, parse_published
from eventwire.model import Article, IngestError

_OPTIONAL_STRINGS = ("url", "source", "title", "published")


def read_jsonl_file(path: Path) -> Iterator[Article | IngestError]:
    data = load_bytes(path, "JSON Lines")
    if isinstance(data, IngestError):
        yield data
        return
    where = Position(str(path))
    offset = 0
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        if raw_line.strip():
            yield _read_line(raw_line, offset, where.at("line", number))
        offset += len(raw_line) + 1


def _read_line(raw_line: bytes, offset: int, where: Position) -> Article | IngestError:
    try:
        record = json.loads(decode_utf8(raw_line, offset))
    except json.JSONDecodeError as exc:
        return where.error(f"invalid JSON: {exc.msg} (column {exc.colno})")
    except ValueError as exc:  # undecodable bytes
        return where.error(str(exc))
    except RecursionError:
        return where.error("invalid JSON: nested too deeply")
    return article_from_record(record, where)


def article_from_record(record: object, where: Position, raw_format: str = "jsonl") -> Article | IngestError:
    """One decoded JSON record → an Article, or the error naming the field and the reason (shared
    by JSON Lines files and the API's POST /articles)."""
    if not isinstance(record, dict):
        return where.error(f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is None:
        return where.error('field "text" is missing')
    if not isinstance(text, str):
        return where.error(f'field "text" must be a string, got {_json_type(text)}')
    if not text.strip():
        return where.error('field "text" is empty')
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return where.error(f'field "{name}" must be a string or null, got {_json_type(value)}')
    published: date | None = None
    if record.get("published"):
        try:
            published = parse_published(record["published"])
        except ValueError as exc:
            return where.error(f'field "published": {exc}')
    return build_article(
        text,
        raw_format,
        where,
        url=record.get("url"),
        outlet=record.get("source"),
        published=published,
        title=record.get("title"),
    )


def _json_type(value: object) -> str:
    """Name types as the JSON file spells them, since that is what the user will look at."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"
