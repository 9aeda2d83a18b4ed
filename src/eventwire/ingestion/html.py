"""News pages: trafilatura finds the main text and the metadata, leaving menus and footers behind."""

from __future__ import annotations

import codecs
import email.message
import html as html_escape
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from eventwire.ingestion.build import Position, build_article, load_bytes
from eventwire.model import Article, IngestError

# Fewer words than this is a menu, a paywall stub or an error page, not a report.
MIN_WORDS = 15
# Where a page must declare its charset (the HTML standard says within the first 1024 bytes;
# a little more tolerates sloppy pages).
_CHARSET_PROBE_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:+-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Browsers read a page labelled latin-1 or ASCII as windows-1252, and so do publishers' pages.
_WHATWG_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


@dataclass(frozen=True, slots=True)
class Page:
    """What a page says about itself; readers combine it with what the feed or archive says."""

    text: str
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None


def extract_page(html: bytes | str, *, url: str | None = None, charset: str | None = None) -> Page:
    """Main text and metadata of one page; raises ValueError with the reason when there is no report."""
    content = decode_html(html, charset) if isinstance(html, bytes) else html
    try:
        document = trafilatura.bare_extraction(content, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura and lxml raise assorted types on hostile markup
        raise ValueError(f"cannot parse HTML: {type(exc).__name__}: {exc}") from exc
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        raise ValueError("no main text found in the HTML page")
    title = document.title or None
    text = _without_leading_title(document.text, title)
    words = len(text.split())
    if words < MIN_WORDS:
        raise ValueError(f"no main text found in the HTML page (only {words} words)")
    page_url = document.url or url
    return Page(
        text=text,
        title=title,
        outlet=document.sitename or (urlsplit(page_url).hostname if page_url else None),
        url=page_url,
        published=_iso_date(document.date),
    )


def article_from_html(
    html: bytes | str,
    *,
    origin: str | Position,
    url: str | None = None,
    raw_format: str = "html",
    fallback_published: date | None = None,
    charset: str | None = None,
) -> Article | IngestError:
    """One page as an article; a page without a report in it is an error, not an empty article.

    `fallback_published` (a feed's or an archive's date) is used only when the page has no date.
    """
    where = origin if isinstance(origin, Position) else Position(origin)
    try:
        page = extract_page(html, url=url, charset=charset)
    except ValueError as exc:
        return where.error(str(exc))
    return build_article(
        page.text,
        raw_format,
        where,
        url=page.url,
        outlet=page.outlet,
        published=page.published or fallback_published,
        title=page.title,
    )


def read_html_file(path: Path) -> Iterator[Article | IngestError]:
    data = load_bytes(path, "HTML")
    if isinstance(data, IngestError):
        yield data
        return
    yield article_from_html(data, origin=str(path))


def fragment_text(fragment: str, *, plain: bool = False) -> str:
    """Text of a feed item's content. The fragment is the article already, so trafilatura is told to
    keep everything (favor_recall); wrapping it makes a document trafilatura accepts."""
    body = html_escape.escape(fragment) if plain else fragment
    try:
        text = trafilatura.extract(
            f"<html><body><article>{body}</article></body></html>", favor_recall=True, include_comments=False
        )
    except Exception:  # as in extract_page: hostile markup is no text, not a crash
        return ""
    return text or ""


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, parsed by the stdlib's MIME parser."""
    if not content_type:
        return None
    message = email.message.Message()
    message["content-type"] = content_type
    charset = message.get_content_charset()
    return str(charset) if charset else None


def decode_html(data: bytes, charset: str | None = None) -> bytes | str:
    """Text by BOM, then as UTF-8 when it is valid UTF-8 (pages mislabelled latin-1 are common, while
    non-ASCII latin-1 text that happens to be valid UTF-8 is not), then by the page's declaration
    (HTTP header, then <meta>), which beats a guess; otherwise the bytes go to trafilatura to guess."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:_CHARSET_PROBE_BYTES])
    declared = charset or (meta.group(1).decode("ascii") if meta else None)
    if not declared:
        return data
    try:
        codec = codecs.lookup(declared).name
        return data.decode(_WHATWG_ALIASES.get(codec, codec))
    except (LookupError, UnicodeDecodeError):
        return data


def _without_leading_title(text: str, title: str | None) -> str:
    """trafilatura keeps the <h1> as the first line; the title is stored apart, so drop the repeat."""
    first, _, rest = text.strip().partition("\n")
    return rest.strip() if title and rest and first.strip() == title.strip() else text.strip()


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
