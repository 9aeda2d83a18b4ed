"""JSON Lines: every good line comes through; every bad line is one error naming its line and field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from .test_ingest_helpers import PARAGRAPH, read_all, record_numbers


def _line(**record: object) -> str:
    return json.dumps(record)


def _write(tmp_path: Path, lines: list[str] | bytes) -> Path:
    path = tmp_path / "articles.jsonl"
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fields_map_to_the_article(tmp_path: Path) -> None:
    record = {
        "url": "https://dispatch.example/a",
        "source": "Eastern Dispatch",
        "published": "2025-04-26T07:45:00+03:00",
        "title": "General killed",
        "text": PARAGRAPH,
        "extra": "ignored",
    }
    path = _write(tmp_path, [json.dumps(record), _line(text=PARAGRAPH + " Again.", published="2025-04-25")])
    (first, second), errors = read_all(path, "jsonl")
    assert errors == []
    assert (first.url, first.outlet, first.title) == (
        "https://dispatch.example/a",
        "Eastern Dispatch",
        "General killed",
    )
    assert first.published == date(2025, 4, 26)  # the publisher's own calendar date, not UTC's
    assert first.text == PARAGRAPH and first.raw_format == "jsonl" and first.language == "en"
    assert (first.origin, second.origin) == (f"{path}:1", f"{path}:2")
    assert second.published == date(2025, 4, 25) and second.outlet is None


def test_bad_lines_among_good_ones(tmp_path: Path) -> None:
    lines = [
        _line(text=PARAGRAPH),  # 1
        "",  # 2: blank lines are skipped
        '{"text": "unterminated',  # 3
        "[1, 2]",  # 4
        _line(title="no text"),  # 5
        _line(text=42),  # 6
        _line(text="   "),  # 7
        _line(text=PARAGRAPH, published="2025-02-30"),  # 8
        _line(text=PARAGRAPH, published=20250226),  # 9
        _line(text=PARAGRAPH, source=["a", "b"]),  # 10
        _line(text=PARAGRAPH + " The last good line."),  # 11
    ]
    articles, errors = read_all(_write(tmp_path, lines), "jsonl")
    assert record_numbers(articles) == [1, 11]
    reasons = {int(e.location.split()[1]): e.reason for e in errors if e.location}
    assert len(errors) == len(reasons) == 8
    assert reasons[3].startswith("invalid JSON")
    assert reasons[4] == "expected a JSON object, got an array"
    assert reasons[5] == 'field "text" is missing'
    assert reasons[6] == 'field "text" must be a string, got a number'
    assert reasons[7] == 'field "text" is empty'
    assert reasons[8].startswith('field "published"') and "2025-02-30" in reasons[8]
    assert reasons[9] == 'field "published" must be a string or null, got a number'
    assert reasons[10] == 'field "source" must be a string or null, got an array'


def test_null_fields_are_absent(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line(text=PARAGRAPH, url=None, source=None, published=None, title=None)])
    [article], errors = read_all(path, "jsonl")
    assert errors == [] and (article.url, article.outlet, article.published, article.title) == (None,) * 4


def test_a_latin1_line_is_an_error_and_the_rest_is_read(tmp_path: Path) -> None:
    good = _line(text=PARAGRAPH).encode()
    bad = '{"text": "Le général est mort."}'.encode("latin-1")
    other = _line(text=PARAGRAPH + " Another report.").encode()
    articles, [error] = read_all(_write(tmp_path, good + b"\n" + bad + b"\n" + other), "jsonl")
    assert record_numbers(articles) == [1, 3]
    assert error.location == "line 2"
    assert error.reason == f"not valid UTF-8 (invalid byte 0xe9 at offset {len(good) + 1 + 14})"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\n \n", "empty file"), (b'{"text": "a"}\x00\x01\x02', "binary file")],
    ids=["empty", "blank-lines", "binary"],
)
def test_bad_files(tmp_path: Path, content: bytes, reason: str) -> None:
    articles, [error] = read_all(_write(tmp_path, content), "jsonl")
    assert articles == [] and error.location is None and reason in error.reason


def test_lone_surrogates_are_an_error_not_a_crash(tmp_path: Path) -> None:
    """JSON's "\\ud800" escapes decode to half a UTF-16 pair, which can be neither hashed nor stored
    (found by fuzzing: it raised UnicodeEncodeError)."""
    lines = [
        _line(text=f"{PARAGRAPH} \ud800"),
        _line(text=PARAGRAPH, title="\udfff", source="Wire"),
        _line(text=f"{PARAGRAPH} Fine."),
    ]
    articles, errors = read_all(_write(tmp_path, lines), "jsonl")
    assert record_numbers(articles) == [3]
    assert [(e.location, e.reason.split(":")[0]) for e in errors] == [
        ("line 1", "the text is not valid Unicode"),
        ("line 2", "the title is not valid Unicode"),
    ]
    assert f"U+D800 at character {len(PARAGRAPH) + 1}" in errors[0].reason
