"""RSS and Atom files: full item content becomes the article; bad feeds and items are clear errors.

Feeds whose items must be fetched over HTTP are tested in test_ingest_fetch.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .test_ingest_helpers import PARAGRAPH, SECOND_PARAGRAPH, read_all, record_numbers

FULL = f"<p>{PARAGRAPH}</p><p>{SECOND_PARAGRAPH}</p><p>{PARAGRAPH.replace('Saturday', 'Sunday')}</p>"


def _rss(*items: str, title: str = "Steppe Monitor") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://steppe.example/</link>{''.join(items)}</channel></rss>"
    )


def _item(
    title: str, *, link: str | None = None, summary: str = "", content: str = "", date: str = ""
) -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    if summary:
        parts.append(f"<description><![CDATA[{summary}]]></description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return f"<item>{''.join(parts)}</item>"


def _write(tmp_path: Path, content: str | bytes, name: str = "feed.rss") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_rss_full_content_needs_no_fetch(tmp_path: Path) -> None:
    """The links point nowhere reachable: any fetch would show up as an error."""
    feed = _rss(
        _item(
            "IED killed general",
            link="https://steppe.example/2025/04/26/ied",
            summary="Short teaser.",
            content=FULL,
            date="Sat, 26 Apr 2025 07:45:00 +0300",
        ),
        _item(
            "Late report",
            link="https://steppe.example/late",
            content=FULL,
            date="Sat, 26 Apr 2025 01:00:00 +0300",
        ),
    )
    path = _write(tmp_path, feed)
    (first, second), errors = read_all(path, "feed")
    assert errors == []
    assert first.text.startswith(PARAGRAPH) and SECOND_PARAGRAPH in first.text and "<p>" not in first.text
    assert (first.title, first.outlet, first.url) == (
        "IED killed general",
        "Steppe Monitor",
        "https://steppe.example/2025/04/26/ied",
    )
    assert first.published == date(2025, 4, 26)
    assert second.published == date(2025, 4, 25)  # feedparser gives UTC
    assert (first.raw_format, first.origin, second.origin) == ("rss", f"{path}:1", f"{path}:2")


def test_atom_content(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Lviv Ledger</title><id>urn:lviv</id><updated>2025-04-25T10:00:00Z</updated>"
        "<entry><title>Kyiv mourns</title><id>urn:1</id><link href='https://lviv.example/kyiv'/>"
        f"<updated>2025-04-25T09:00:00Z</updated><content type='html'><![CDATA[{FULL}]]></content></entry>"
        "</feed>"
    )
    [article], errors = read_all(_write(tmp_path, feed, "feed.atom"), "feed")
    assert errors == []
    assert (article.raw_format, article.outlet, article.title) == ("atom", "Lviv Ledger", "Kyiv mourns")
    assert article.published == date(2025, 4, 25) and article.url == "https://lviv.example/kyiv"


def test_item_failures_do_not_stop_the_feed(tmp_path: Path) -> None:
    feed = _rss(
        _item("Nothing at all"),  # 1: neither text nor link
        _item("Teaser", link="ftp://steppe.example/a", summary="A teaser only."),  # 2: cannot be fetched
        _item("Summary only, no link", summary="Three people were killed in a blast on Friday."),  # 3
        _item("Full", link="https://steppe.example/full", content=FULL),  # 4
    )
    articles, errors = read_all(_write(tmp_path, feed), "feed")
    assert [(e.location, e.reason.split(":")[0]) for e in errors] == [
        ("item 1", "the item has neither text nor a link"),
        ("item 2", "cannot fetch the item's page"),
    ]
    assert "only http and https" in errors[1].reason
    assert record_numbers(articles) == [3, 4]
    assert articles[0].text == "Three people were killed in a blast on Friday."


def test_wrongly_declared_encoding_is_recovered(tmp_path: Path) -> None:
    feed = _rss(_item("G\u00e9n\u00e9ral", summary="Le g\u00e9n\u00e9ral est mort \u00e0 Balachikha."))
    [article], errors = read_all(_write(tmp_path, feed.encode("latin-1")), "feed")
    assert errors == [] and article.text == "Le g\u00e9n\u00e9ral est mort \u00e0 Balachikha."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary file"),
        (b"this is not a feed <<<", "not a valid RSS/Atom feed: "),
        (b"<root><a/></root>", "the feed has no items"),
        (_rss().encode(), "the feed has no items"),
    ],
    ids=["empty", "binary", "not-xml", "other-xml", "no-items"],
)
def test_bad_feeds(tmp_path: Path, content: bytes, reason: str) -> None:
    path = _write(tmp_path, content)
    articles, [error] = read_all(path, "feed")
    assert articles == [] and error.origin == str(path) and error.reason.startswith(reason)


@pytest.mark.parametrize("reference", ["&#xD800;", "&#x110000;", "&#99999999999;"])
def test_bad_character_reference_is_an_error_not_a_crash(tmp_path: Path, reference: str) -> None:
    """feedparser's loose parser raises on these (ValueError, OverflowError, UnicodeEncodeError); found
    by fuzzing the example feeds."""
    feed = _rss(_item(f"IED killed general {reference}", content=FULL))
    path = _write(tmp_path, feed)
    articles, [error] = read_all(path, "feed")
    assert articles == [] and error.origin == str(path)
    assert error.reason.startswith("not a valid RSS/Atom feed: cannot parse it (")


@pytest.mark.parametrize(
    "stamp", ["0000-00-00T00:00:00Z", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
)
def test_item_date_outside_the_calendar_is_no_date(tmp_path: Path, stamp: str) -> None:
    """feedparser turns these into years -1, 0 and 10000, which `date` refused with ValueError (found
    by fuzzing the example feeds)."""
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Lviv Ledger</title><entry><title>Kyiv mourns</title><published>{stamp}</published>"
        f"<content type='html'><![CDATA[{FULL}]]></content></entry></feed>"
    )
    [article], errors = read_all(_write(tmp_path, feed, "feed.atom"), "feed")
    assert errors == [] and article.published is None and article.title == "Kyiv mourns"


def test_an_error_quoting_a_damaged_link_is_one_line(tmp_path: Path) -> None:
    """Found by fuzzing: a link attribute left open runs over the next lines of the feed, and the
    error quoting it did too."""
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Lviv Ledger</title><entry><title>Kyiv mourns</title>"
        '<link rel="alternate" href="ftp://lviv.example/kyiv\n    <id>urn:1</id>\n    <category term="/>'
        "<summary>A short teaser.</summary></entry></feed>"
    )
    articles, [error] = read_all(_write(tmp_path, feed, "feed.atom"), "feed")
    assert articles == [] and error.location == "item 1"
    assert error.reason.startswith(
        "cannot fetch the item's page: ftp://lviv.example/kyiv <id>urn:1</id> <category"
    )
    assert "\n" not in error.reason
