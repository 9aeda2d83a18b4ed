"""Whatever bytes a file holds, reading it yields articles and errors and never raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Article, IngestError

from .test_ingest_helpers import WarcRecord, page_html, read_all, warc_bytes

FUZZ = settings(
    max_examples=50,
    deadline=None,  # the first example loads trafilatura's and py3langid's data
    database=None,  # leave no example database in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # one file, rewritten per example
)
WARC = warc_bytes(
    [WarcRecord("response", "https://a.example/1", page_html().encode(), "200 OK")], compress=False
)
WARC_GZ = warc_bytes(
    [WarcRecord("response", "https://a.example/1", page_html().encode(), "200 OK")], compress=True
)

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_records = st.dictionaries(
    st.sampled_from(["text", "url", "source", "published", "title", "other"]), _json_values, max_size=5
)


def _check(path: Path, content: bytes, kind: str) -> None:
    path.write_bytes(content)
    articles, errors = read_all(path, kind)
    assert all(isinstance(a, Article) and a.text.strip() for a in articles)
    assert all(isinstance(e, IngestError) and e.reason for e in errors)


@pytest.mark.parametrize(
    ("name", "kind"), [("f.txt", "text"), ("f.jsonl", "jsonl"), ("f.html", "html"), ("f.warc", "warc")]
)
@FUZZ
@given(content=st.binary(max_size=3000))
def test_random_bytes(tmp_path: Path, name: str, kind: str, content: bytes) -> None:
    _check(tmp_path / name, content, kind)


@FUZZ
@given(
    prefix=st.sampled_from(["", "date ", " date 2025-", "date 2025-04-26", "outlet "]),
    body=st.text(max_size=500),
)
def test_random_text(tmp_path: Path, prefix: str, body: str) -> None:
    _check(tmp_path / "f.txt", (prefix + body).encode(), "text")


@FUZZ
@given(lines=st.lists(_records.map(json.dumps) | st.text(max_size=40), max_size=6))
def test_random_json_lines(tmp_path: Path, lines: list[str]) -> None:
    _check(tmp_path / "f.jsonl", "\n".join(lines).encode(), "jsonl")


@FUZZ
@given(
    archive=st.sampled_from([WARC, WARC_GZ]),
    cut=st.integers(min_value=0, max_value=len(WARC)),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(WARC_GZ) - 1), st.integers(0, 255)), max_size=4
    ),
)
def test_damaged_warc(tmp_path: Path, archive: bytes, cut: int, flips: list[tuple[int, int]]) -> None:
    damaged = bytearray(archive[:cut])
    for position, value in flips:
        if position < len(damaged):
            damaged[position] = value
    _check(tmp_path / "f.warc", bytes(damaged), "warc")


@FUZZ
@given(
    markup=st.lists(
        st.sampled_from(["<p>", "</p>", "<div>", "<html>", "<!--", "<script>", "&amp;", "\x00"])
        | st.text(max_size=20),
        max_size=30,
    )
)
def test_random_markup(tmp_path: Path, markup: list[str]) -> None:
    _check(tmp_path / "f.html", "".join(markup).encode(), "html")
