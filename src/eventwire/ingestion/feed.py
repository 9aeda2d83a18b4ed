"""RSS and Atom feeds (feedparser): an item's own full content when it has one, else its page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import feedparser

from eventwire.ingestion.build import build_article, looks_binary
from eventwire.ingestion.fetch import FetchError, FetchPolicy, fetch
from eventwire.ingestion.html import article_from_html, fragment_to_text
from eventwire.model import Article, IngestError

# An item carrying at least this much text is taken as the article itself; shorter content is a
# teaser, and the linked page is fetched instead.
FULL_CONTENT_CHARS = 400


def read_feed_file(path: Path, policy: FetchPolicy | None) -> Iterator[Article | IngestError]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    yield from read_feed_bytes(data, origin, policy)


def read_feed_url(url: str, policy: FetchPolicy | None) -> Iterator[Article | IngestError]:
    """A URL given on the command line: a feed, or else a single article page."""
    try:
        data = fetch(url, policy)
    except FetchError as exc:
        yield IngestError(url, str(exc))
        return
    parsed = feedparser.parse(data)
    if not parsed.entries and b"<html" in data[:4096].lower():
        yield article_from_html(data, origin=url, url=url)
        return
    yield from _read_parsed(parsed, url, policy)


def read_feed_bytes(data: bytes, origin: str, policy: FetchPolicy | None) -> Iterator[Article | IngestError]:
    if not data.strip():
        yield IngestError(origin, "empty file")
        return
    if looks_binary(data):
        yield IngestError(origin, "binary file (contains NUL bytes), not a feed")
        return
    yield from _read_parsed(feedparser.parse(data), origin, policy)


def _read_parsed(parsed: Any, origin: str, policy: FetchPolicy | None) -> Iterator[Article | IngestError]:
    usable = [
        entry for entry in parsed.entries if entry.get("link") or entry.get("content") or entry.get("summary")
    ]
    if not usable:
        problem = parsed.get("bozo_exception")
        reason = f"not a valid RSS/Atom feed: {problem}" if problem else "the feed has no items"
        yield IngestError(origin, reason)
        return
    raw_format = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        yield _read_entry(entry, origin, f"item {number}", raw_format, outlet, policy)


def _entry_date(entry: Any) -> date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None


def _read_entry(
    entry: Any, origin: str, location: str, raw_format: str, outlet: str | None, policy: FetchPolicy | None
) -> Article | IngestError:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    text = fragment_to_text(html or "")
    link = entry.get("link")
    published = _entry_date(entry)
    if len(text) >= FULL_CONTENT_CHARS or not link:
        if not text:
            return IngestError(origin, "item has neither text nor a link", location)
        return build_article(
            text,
            raw_format,
            origin=origin,
            location=location,
            url=link,
            outlet=outlet,
            published=published,
            title=entry.get("title"),
        )
    try:
        page = fetch(link, policy)
    except FetchError as exc:
        return IngestError(origin, str(exc), location)
    return article_from_html(
        page,
        origin=origin,
        raw_format=raw_format,
        location=location,
        url=link,
        fallback_published=published,
        fallback_outlet=outlet,
    )
