"""HTML pages: main text and metadata through trafilatura; pages without a report are errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.ingestion import article_from_html
from eventwire.model import Article, IngestError

from .test_ingest_helpers import PARAGRAPH, page_html, read_all


def _write(tmp_path: Path, content: str | bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_main_text_and_metadata(tmp_path: Path) -> None:
    page = page_html(canonical="https://herald.example/2025/04/26/general")
    [article], errors = read_all(_write(tmp_path, page), "html")
    assert errors == []
    assert article.text.startswith(PARAGRAPH)
    assert "Home" not in article.text and "Copyright" not in article.text  # menus and footers left out
    assert "General killed near Moscow" not in article.text  # the title is kept apart
    assert article.title == "General killed near Moscow"
    assert article.outlet == "Test Herald"
    assert article.published == date(2025, 4, 26)
    assert article.url == "https://herald.example/2025/04/26/general"
    assert (article.raw_format, article.language, article.origin) == (
        "html",
        "en",
        str(tmp_path / "page.html"),
    )


def test_outlet_falls_back_to_the_host(tmp_path: Path) -> None:
    page = page_html(site=None, canonical="https://kyiv-harbor.example/a")
    [article], _ = read_all(_write(tmp_path, page), "html")
    assert article.outlet == "kyiv-harbor.example"


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = page_html(title="Le g\u00e9n\u00e9ral \u201cMoskalik\u201d est mort", charset="iso-8859-1")
    [article], errors = read_all(_write(tmp_path, page.encode("cp1252")), "html")
    assert errors == [] and article.title == "Le g\u00e9n\u00e9ral \u201cMoskalik\u201d est mort"


def test_undeclared_latin1_is_guessed_not_fatal(tmp_path: Path) -> None:
    page = page_html(title="Le caf\u00e9 br\u00fbl\u00e9 \u00e0 Paris", charset=None)
    [article], errors = read_all(_write(tmp_path, page.encode("latin-1")), "html")
    assert errors == [] and article.title == "Le caf\u00e9 br\u00fbl\u00e9 \u00e0 Paris"


def test_fallback_date_only_when_the_page_has_none() -> None:
    dated = article_from_html(page_html(), origin="x", fallback_published=date(2020, 1, 1))
    undated = article_from_html(page_html(published=None), origin="x", fallback_published=date(2020, 1, 1))
    assert isinstance(dated, Article) and dated.published == date(2025, 4, 26)
    assert isinstance(undated, Article) and undated.published == date(2020, 1, 1)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"<html>\x00\x00\x00\x01binary", "binary file"),
        (page_html(body="<p>Subscribe to read.</p>").encode(), "no main text"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no main text"),
        (b"<<<>>><div<p></html><body></head>><<", "no main text"),
        (b"just some words", "no main text"),
    ],
    ids=["empty", "whitespace", "binary", "paywall-stub", "menu-only", "malformed", "not-html"],
)
def test_pages_without_a_report(tmp_path: Path, content: bytes, reason: str) -> None:
    path = _write(tmp_path, content)
    articles, [error] = read_all(path, "html")
    assert articles == [] and error.origin == str(path) and reason in error.reason


def test_helper_reports_errors_with_the_given_origin() -> None:
    error = article_from_html("<html><body></body></html>", origin="feed.rss", url="https://x.example/a")
    assert isinstance(error, IngestError) and error.origin == "feed.rss" and "no main text" in error.reason
