"""RSS and Atom feeds (feedparser): an item's own full content when it has one, else its linked page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import feedparser

from eventwire.ingestion.build import Position, build_article, load_bytes
from eventwire.ingestion.fetching import FetchError, FetchPolicy, fetch_response
from eventwire.ingestion.html import article_from_html, charset_of, extract_page, fragment_text
from eventwire.model import Article, IngestError

# An item carrying at least this much text is taken as the article itself; shorter content is a
# teaser, and the linked page is fetched instead.
FULL_CONTENT_CHARS = 400


def read_feed_file(path: Path, policy: FetchPolicy | None = None) -> Iterator[Article | IngestError]:
    data = load_bytes(path, "a feed")
    if isinstance(data, IngestError):
        yield data
        return
    where = Position(str(path))
    parsed = _parse(data)
    if not parsed.entries:
        yield where.error(_no_entries_reason(parsed))
        return
    yield from _read_entries(parsed, where, policy)


def read_feed_url(url: str, policy: FetchPolicy | None = None) -> Iterator[Article | IngestError]:
    """A URL named by the user: a feed, or failing that a single article page (people paste both)."""
    where = Position(url)
    try:
        fetched = fetch_response(url, policy)
    except FetchError as exc:
        yield where.error(str(exc))
        return
    parsed = _parse(fetched.content, base_url=fetched.url)
    if parsed.entries:
        yield from _read_entries(parsed, where, policy)
        return
    charset = charset_of(fetched.content_type)
    page = article_from_html(fetched.content, origin=where, url=fetched.url, charset=charset)
    if isinstance(page, IngestError):
        page = where.error(
            f"neither a feed ({_no_entries_reason(parsed)}) nor an article page ({page.reason})"
        )
    yield page


def _parse(data: bytes, base_url: str | None = None) -> Any:
    """feedparser's result; relative item links resolve against `base_url`.

    A BytesIO, never the bytes: given a str or bytes, feedparser may take it for a URL or file name.
    A document feedparser itself fails on (its loose parser raises on character references such as
    "&#xD800;" or "&#99999999999;") is a result without entries whose `bozo_exception` says why.
    """
    headers = {"content-location": base_url} if base_url else None
    try:
        return feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser raises assorted types on hostile markup
        problem = f"cannot parse it ({type(exc).__name__}: {exc})"
        return feedparser.FeedParserDict(bozo=True, bozo_exception=problem, entries=[], feed={})


def _no_entries_reason(parsed: Any) -> str:
    problem = parsed.get("bozo_exception")
    return f"not a valid RSS/Atom feed: {problem}" if problem else "the feed has no items"


def _read_entries(
    parsed: Any, where: Position, policy: FetchPolicy | None
) -> Iterator[Article | IngestError]:
    raw_format = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _read_entry(entry, where.at("item", number), raw_format, outlet, policy)


def _read_entry(
    entry: Any, where: Position, raw_format: str, outlet: str | None, policy: FetchPolicy | None
) -> Article | IngestError:
    """The feed's own values (title, date, outlet) win over the page's: the feed is what the outlet
    publishes about its item, while page metadata is extracted by heuristics."""
    text = _entry_text(entry)
    link = entry.get("link") or None
    published = _entry_date(entry)
    title = entry.get("title") or None
    if len(text) >= FULL_CONTENT_CHARS or (text and not link):
        return build_article(
            text, raw_format, where, url=link, outlet=outlet, published=published, title=title
        )
    if not link:
        return where.error("the item has neither text nor a link")
    try:
        fetched = fetch_response(link, policy)
        page = extract_page(fetched.content, url=fetched.url, charset=charset_of(fetched.content_type))
    except FetchError as exc:
        return where.error(f"cannot fetch the item's page: {exc}")
    except ValueError as exc:
        return where.error(f"{fetched.url}: {exc}")
    return build_article(
        page.text,
        raw_format,
        where,
        url=page.url,
        outlet=outlet or page.outlet,
        published=published or page.published,
        title=title or page.title,
    )


def _entry_text(entry: Any) -> str:
    """The longest of the item's full content (content:encoded, Atom content) and its summary."""
    candidates = [*entry.get("content", []), entry.get("summary_detail")]
    texts = [
        fragment_text(part.get("value", ""), plain=part.get("type") == "text/plain")
        for part in candidates
        if part and part.get("value")
    ]
    return max(texts, key=len, default="")


def _entry_date(entry: Any) -> date | None:
    """feedparser normalises every date format feeds use to a UTC struct_time. It leaves out dates it
    cannot read; one that lands outside years 1-9999 ("0000-00-00T00:00:00Z", or "9999-12-31T23:59:59-05:00"
    in UTC) is left out here."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    except ValueError:
        return None
