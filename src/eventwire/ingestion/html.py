"""News pages: trafilatura finds the main text and the metadata, leaving menus and footers behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

from eventwire.ingestion.build import build_article, looks_binary, parse_published
from eventwire.model import Article, IngestError

# Fewer words than this is a menu, a paywall stub or an error page, not a report.
MIN_WORDS = 15
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
}


def article_from_html(
    html: bytes | str,
    *,
    origin: str,
    raw_format: str = "html",
    location: str | None = None,
    url: str | None = None,
    fallback_published: date | None = None,
    fallback_outlet: str | None = None,
) -> Article | IngestError:
    """The main text and metadata of one page; a page with no main text is an error, not an article."""
    if isinstance(html, bytes) and looks_binary(html):
        return IngestError(origin, "binary content (contains NUL bytes), not HTML", location)
    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, ParserError) as exc:
        return IngestError(origin, f"cannot parse HTML: {exc}", location)
    if not isinstance(document, Document) or not document.text:
        return IngestError(origin, "no main text found in the HTML page", location)
    title = document.title
    text = _drop_leading_title(document.text, title)
    if len(text.split()) < MIN_WORDS:
        return IngestError(
            origin, f"no main text found in the HTML page (only {len(text.split())} words)", location
        )
    try:
        published = parse_published(document.date) or fallback_published
    except ValueError:
        published = fallback_published
    page_url = document.url or url
    outlet = document.sitename or fallback_outlet or (urlsplit(page_url).hostname if page_url else None)
    return build_article(
        text,
        raw_format,
        origin=origin,
        location=location,
        url=page_url,
        outlet=outlet,
        published=published,
        title=title,
    )


def _drop_leading_title(text: str, title: str | None) -> str:
    """trafilatura keeps the <h1> as the first line; the title is stored apart, so drop the repeat."""
    first, _, rest = text.partition("\n")
    return rest if title and rest and first.strip() == title.strip() else text


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content) with block elements as line breaks."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def read_html_file(path: Path) -> Iterator[Article | IngestError]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield IngestError(origin, "empty file")
        return
    yield article_from_html(data, origin=origin)
