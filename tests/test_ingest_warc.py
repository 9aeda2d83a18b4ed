"""WARC archives written with warcio: HTML captures become articles; damage is one error naming the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .test_ingest_helpers import PARAGRAPH, SECOND_PARAGRAPH, WarcRecord, page_html, read_all, warc_bytes

PAGE_A = page_html("Golf bomb kills general", published=None).encode()
PAGE_B = page_html("Second capture", body=f"<p>{SECOND_PARAGRAPH}</p><p>{PARAGRAPH}</p>").encode()

ARCHIVE = [  # record 1 is warcinfo
    WarcRecord("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n"),  # 2
    WarcRecord("response", "https://a.example/1", PAGE_A, "200 OK"),  # 3
    WarcRecord(
        "response", "https://a.example/missing", PAGE_B, "404 Not Found"
    ),  # 4: not a capture of a page
    WarcRecord("response", "https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "200 OK", "image/png"),  # 5
    WarcRecord(
        "response", "https://a.example/stub", page_html(body="<p>Subscribe.</p>").encode(), "200 OK"
    ),  # 6
    WarcRecord("resource", "https://b.example/2", PAGE_B),  # 7
    WarcRecord("metadata", "https://b.example/2", b"via: crawler", content_type="text/plain"),  # 8
]
# A page after which the archive is cut, so only what precedes it can be read.
LAST = WarcRecord("response", "https://c.example/last", page_html("Last").encode(), "200 OK")


def _write(tmp_path: Path, content: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(("compress", "name"), [(True, "news.warc.gz"), (False, "news.warc")])
def test_html_captures_become_articles(tmp_path: Path, compress: bool, name: str) -> None:
    path = _write(tmp_path, warc_bytes(ARCHIVE, compress=compress), name)
    (first, second), [error] = read_all(path, "warc")
    assert (first.origin, second.origin) == (f"{path}:3", f"{path}:7")
    assert first.url == "https://a.example/1" and first.title == "Golf bomb kills general"
    assert first.published == date(2025, 4, 25)  # the capture date stands in for a page without one
    assert second.published == date(2025, 4, 26)  # the page's own date wins
    assert first.raw_format == "warc" and first.text.startswith(PARAGRAPH) and first.language == "en"
    # a capture without a report is an error for that record, and the records after it are still read
    assert (error.location, error.origin) == ("record 6", str(path)) and "no main text" in error.reason


def test_http_charset_header_is_honoured(tmp_path: Path) -> None:
    page = page_html("Le g\u00e9n\u00e9ral est mort").encode("cp1252")
    record = WarcRecord("response", "https://c.example/fr", page, "200 OK", "text/html; charset=windows-1252")
    [article], errors = read_all(_write(tmp_path, warc_bytes([record], compress=True), "fr.warc.gz"), "warc")
    assert errors == [] and article.title == "Le g\u00e9n\u00e9ral est mort"


@pytest.mark.parametrize(("compress", "name"), [(True, "cut.warc.gz"), (False, "cut.warc")])
@pytest.mark.parametrize("keep", [0.97, 0.9, 0.5])
def test_truncated_archive_yields_records_before_the_damage_then_one_error(
    tmp_path: Path, compress: bool, name: str, keep: float
) -> None:
    whole = warc_bytes([ARCHIVE[1], ARCHIVE[5]], compress=compress)
    with_last = warc_bytes([ARCHIVE[1], ARCHIVE[5], LAST], compress=compress)
    cut = len(whole) + int((len(with_last) - len(whole)) * keep)  # inside the last record
    path = _write(tmp_path, with_last[:cut], name)
    articles, [error] = read_all(path, "warc")
    assert [a.origin for a in articles] == [f"{path}:2", f"{path}:3"]
    assert error.location == "record 4" and error.reason.startswith("damaged or truncated archive")


def _last_member(data: bytes) -> int:
    """Where the last gzip member starts: warcio writes one member per record."""
    return data.rfind(b"\x1f\x8b\x08")


@pytest.mark.parametrize("damage", ["zeroed-data", "bad-crc"])
@pytest.mark.parametrize("split", [False, True], ids=["one-read", "trailer-split-across-reads"])
def test_damaged_gzip_member_is_an_error_for_its_record_not_an_article(
    tmp_path: Path, damage: str, split: bool
) -> None:
    """Zeroed deflate data can inflate without error into other text; only the CRC in the member's
    trailer tells, and it must tell before the record's page is taken, also when the trailer comes
    in a later read than the page's last bytes (zero padding before the member puts a 64 KiB read
    boundary two bytes into its CRC)."""
    data = warc_bytes([ARCHIVE[1], ARCHIVE[5], LAST], compress=True)
    start = _last_member(data)
    if split:
        data = data[:start] + bytes(65536 + 6 - len(data)) + data[start:]
        start = _last_member(data)
    damaged = bytearray(data)
    if damage == "bad-crc":
        damaged[-8] ^= 0xFF  # the trailer is CRC-32 then length; the inflated bytes stay intact
    else:
        middle = (start + len(data)) // 2
        damaged[middle : middle + 40] = bytes(40)
    articles, [error] = read_all(_write(tmp_path, bytes(damaged), "bad.warc.gz"), "warc")
    assert [a.url for a in articles] == ["https://a.example/1", "https://b.example/2"]
    assert error.location == "record 4" and error.reason.startswith("damaged or truncated archive")


def test_zero_padding_between_gzip_members_is_allowed(tmp_path: Path) -> None:
    data = warc_bytes([ARCHIVE[1], ARCHIVE[5]], compress=True)
    start = _last_member(data)
    padded = data[:start] + bytes(512) + data[start:] + bytes(512)
    articles, errors = read_all(_write(tmp_path, padded, "padded.warc.gz"), "warc")
    assert errors == [] and [a.url for a in articles] == ["https://a.example/1", "https://b.example/2"]


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"", "empty.warc", "empty file"),
        (b"", "empty.warc.gz", "empty file"),
        (
            b"This is a text file, not an archive.\n",
            "text.warc",
            "not a readable WARC archive: not a WARC record",
        ),
        (b"\x1f\x8b\x08\x00garbage", "junk.warc.gz", "not a readable WARC archive"),
        ("caf\u00e9\n".encode("latin-1") * 10, "latin1.warc", "not a readable WARC archive"),
    ],
    ids=["empty", "empty-gz", "not-warc", "bad-gzip", "latin-1"],
)
def test_unreadable_archives(tmp_path: Path, content: bytes, name: str, reason: str) -> None:
    path = _write(tmp_path, content, name)
    articles, [error] = read_all(path, "warc")
    assert articles == [] and error.origin == str(path) and error.reason.startswith(reason)
    assert error.location in (None, "record 1")
