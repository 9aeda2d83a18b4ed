"""Plain-text reports: the date marker (own line or inline), headers, title, and bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .test_ingest_helpers import PARAGRAPH, read_all

BODY = f"{PARAGRAPH}\n\nA second paragraph follows the first one here."


def _write(tmp_path: Path, content: str | bytes, name: str = "report.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_date_marker_on_its_own_line(tmp_path: Path) -> None:
    articles, errors = read_all(_write(tmp_path, f"date 2025-04-26\n{BODY}\n"), "text")
    assert errors == []
    [article] = articles
    assert article.published == date(2025, 4, 26)
    assert article.text == BODY
    assert article.raw_format == "text" and article.language == "en"
    assert article.origin == str(tmp_path / "report.txt")
    assert article.title is None and article.outlet is None and article.url is None


def test_date_marker_inline_after_leading_whitespace(tmp_path: Path) -> None:
    """The layout of the real seed: ' date 2025-04-26 Russian President ...'."""
    articles, errors = read_all(_write(tmp_path, f" date 2025-04-26 {BODY}"), "text")
    assert errors == [] and articles[0].published == date(2025, 4, 26)
    assert articles[0].text == BODY


def test_no_date_marker(tmp_path: Path) -> None:
    articles, _ = read_all(_write(tmp_path, "date palms grow along the coast. " + BODY), "text")
    assert articles[0].published is None and articles[0].text.startswith("date palms")


def test_headers_and_title(tmp_path: Path) -> None:
    content = (
        "date 2025-04-25\noutlet Northern Ledger\nurl https://ledger.example/a\n\n"
        f"Russian general dies in Balashikha blast\n\n{BODY}\n"
    )
    [article], errors = read_all(_write(tmp_path, content), "text")
    assert errors == []
    assert (article.outlet, article.url) == ("Northern Ledger", "https://ledger.example/a")
    assert article.title == "Russian general dies in Balashikha blast"
    assert article.text == BODY


def test_a_short_first_sentence_is_not_a_title(tmp_path: Path) -> None:
    [article], _ = read_all(_write(tmp_path, f"Three people were killed.\n\n{BODY}"), "text")
    assert article.title is None and article.text.startswith("Three people were killed.")


def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    content = f"date 2025-04-26\r\n{PARAGRAPH} Café.\r\n".encode("utf-8-sig")
    [article], errors = read_all(_write(tmp_path, content), "text")
    assert errors == [] and article.published == date(2025, 4, 26) and article.text.endswith("Café.")


@pytest.mark.parametrize(
    ("content", "location"),
    [("date 2025-13-40\nBody text here.", "line 1"), ("\n\n  date 2025-02-30 Body text here.", "line 3")],
)
def test_invalid_date_names_the_line(tmp_path: Path, content: str, location: str) -> None:
    articles, [error] = read_all(_write(tmp_path, content), "text")
    assert articles == []
    assert error.location == location and "invalid date" in error.reason and "YYYY-MM-DD" in error.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (
            "Le général a été tué à Balachikha.".encode("latin-1"),
            "not valid UTF-8 (invalid byte 0xe9 at offset 4)",
        ),
        ("Report".encode("utf-16"), "UTF-16"),
        (b"date 2025-04-26\n\n", "no article text"),
    ],
    ids=["empty", "whitespace", "binary", "latin-1", "utf-16", "date-only"],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = _write(tmp_path, content)
    articles, [error] = read_all(path, "text")
    assert articles == []
    assert error.origin == str(path) and reason in error.reason


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    articles, [error] = read_all(tmp_path / "gone.txt", "text")
    assert articles == [] and "cannot read file" in error.reason
