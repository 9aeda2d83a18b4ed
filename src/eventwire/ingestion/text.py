"""Plain-text reports; an optional leading `date YYYY-MM-DD` gives the publication date.

Lines `outlet NAME` and `url URL` may follow the date line, so that plain files can carry the
source attribution the comparison of reports depends on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from eventwire.ingestion.build import build_article, decode_text, looks_binary
from eventwire.model import Article, IngestError

# The marker may stand on its own line or run straight into the body (as in the seeds); only a
# digit right after "date" makes it a marker, so a text opening "Date palms ..." is left alone.
_DATE_MARKER = re.compile(r"\A\s*date[ \t]+(\d[\d\-/.]*)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_HEADER = re.compile(r"\A[ \t]*(outlet|url)[ \t]+([^\n]+?)[ \t]*\r?\n", re.IGNORECASE)
_TITLE = re.compile(r"\A[ \t]*(?P<title>[^\n]{1,200}?)[ \t]*\r?\n[ \t]*\r?\n")


def split_date_marker(text: str) -> tuple[date | None, str]:
    """Publication date and the text without its marker; raises ValueError for a malformed date."""
    match = _DATE_MARKER.match(text)
    if not match:
        return None, text
    try:
        published = date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(f"the date marker {match.group(1)!r} is not a date YYYY-MM-DD") from None
    return published, text[match.end() :]


def split_headers(body: str) -> tuple[dict[str, str], str]:
    headers: dict[str, str] = {}
    while match := _HEADER.match(body):
        headers[match.group(1).lower()] = match.group(2)
        body = body[match.end() :]
    return headers, body


def split_title(body: str) -> tuple[str | None, str]:
    """A short first line set off by a blank line is the headline; a sentence running on is not."""
    match = _TITLE.match(body.lstrip("\r\n"))
    if not match or match.group("title").rstrip().endswith((".", '"', "”")):
        return None, body
    return match.group("title"), body.lstrip("\r\n")[match.end() :]


def read_text_file(path: Path) -> Iterator[Article | IngestError]:
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
        yield IngestError(origin, "binary file (contains NUL bytes), not text")
        return
    try:
        text = decode_text(data)
        published, body = split_date_marker(text)
    except ValueError as exc:
        yield IngestError(origin, str(exc), "line 1")
        return
    headers, body = split_headers(body)
    title, body = split_title(body)
    yield build_article(
        body,
        "text",
        origin=origin,
        published=published,
        title=title,
        outlet=headers.get("outlet"),
        url=headers.get("url"),
    )
