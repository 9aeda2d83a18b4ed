"""Plain-text reports.

Layout, every part optional except the body:

    date 2025-04-26        the publication date (the body may also follow on the same line)
    outlet Northern Ledger the outlet, so plain files can carry the attribution comparison needs
    url https://...        where the report was published
    A short headline       a first line of at most 150 characters, not ending like a sentence,
                           followed by a blank line, is the title (kept out of the text)

    The body ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from eventwire.ingestion.build import Position, build_article, decode_utf8, load_bytes
from eventwire.model import Article, IngestError

# Only a YYYY-MM-DD-shaped token makes "date" a marker, so a text opening "date palms ..." is
# body; a marker with an impossible date ("date 2025-13-40") is an error rather than body.
_DATE_MARKER = re.compile(r"\A\s*date[ \t]+(?P<value>\d{4}-\d{1,2}-\d{1,2})\b[ \t]*(?:\r?\n)?")
_HEADER = re.compile(r"\A(?P<name>outlet|url)[ \t]+(?P<value>\S[^\r\n]*?)[ \t]*(?:\r?\n|\Z)")
_TITLE = re.compile(r"\A(?P<title>[^\r\n]{1,150})\r?\n[ \t]*\r?\n")
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "'", "\u201d", "\u2019")  # closing quotes too


def read_text_file(path: Path) -> Iterator[Article | IngestError]:
    where = Position(str(path))
    data = load_bytes(path, "text")
    if isinstance(data, IngestError):
        yield data
        return
    try:
        text = decode_utf8(data)
    except ValueError as exc:
        yield where.error(str(exc))
        return
    match = _DATE_MARKER.match(text)
    published: date | None = None
    if match:
        try:
            published = date.fromisoformat(match["value"])
        except ValueError:
            line = text.count("\n", 0, match.start("value")) + 1
            reason = f"invalid date {match['value']!r} after the date marker (expected YYYY-MM-DD)"
            yield where.at("line", line).error(reason)
            return
        text = text[match.end() :]
    headers, body = _split_headers(text.lstrip())
    title, body = _split_title(body)
    yield build_article(
        body,
        "text",
        where,
        url=headers.get("url"),
        outlet=headers.get("outlet"),
        published=published,
        title=title,
    )


def _split_headers(text: str) -> tuple[dict[str, str], str]:
    headers: dict[str, str] = {}
    while (match := _HEADER.match(text)) and match["name"] not in headers:
        headers[match["name"]] = match["value"]
        text = text[match.end() :].lstrip(" \t")
    return headers, text.lstrip()


def _split_title(body: str) -> tuple[str | None, str]:
    """A short first line set off by a blank line is a headline; a first sentence running on is not."""
    match = _TITLE.match(body)
    if not match or match["title"].rstrip().endswith(_SENTENCE_END):
        return None, body
    return match["title"].strip(), body[match.end() :]
