"""Whatever bytes a file holds, reading it yields articles and errors and never raises.

Most inputs are the bundled examples damaged the ways real files get damaged (flipped bytes, cuts,
inserted junk, the wrong encoding, huge lines, NULs), so that the readers get past their first
checks and meet the damage deep inside a real page, feed or archive; the rest are random bytes and
records. Example counts are the "ci" profile's (tests/fuzzing.py); the session summary prints how
many inputs went in.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from eventwire.ingestion import FetchError, Source, feed, read_source
from eventwire.ingestion.fetching import Fetched, FetchPolicy
from eventwire.model import Article, IngestError

from .conftest import EXAMPLES
from .fuzzing import count_input, fuzz_settings
from .test_ingest_helpers import WarcRecord, page_html, warc_bytes

# feedparser warns on every feed whose items carry `updated` but no `published` date.
pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning")

WARC = warc_bytes(
    [WarcRecord("response", "https://a.example/1", page_html().encode(), "200 OK")], compress=False
)
WARC_GZ = warc_bytes(
    [WarcRecord("response", "https://a.example/1", page_html().encode(), "200 OK")], compress=True
)


def _examples(folder: str, *patterns: str) -> list[bytes]:
    return [path.read_bytes() for pattern in patterns for path in sorted((EXAMPLES / folder).glob(pattern))]


TEXTS = _examples("txt", "*.txt")
TEXT_BODIES = [text.split(b"\n", 1)[1] for text in TEXTS]  # without their `date` line
JSON_LINES = _examples("jsonl", "*.jsonl")
PAGES = _examples("html", "*.html") + _examples("warc/pages", "*.html.in")
FEEDS = _examples("feeds", "*.rss", "*.atom")
WARC_GZ_EXAMPLE = (EXAMPLES / "warc" / "news.warc.gz").read_bytes()
WARC_EXAMPLE = gzip.decompress(WARC_GZ_EXAMPLE)

# Bytes that break readers: encodings' edge cases, markup and JSON syntax, WARC and HTTP headers, dates.
_JUNK = [
    b"\x00",
    b"\x00" * 64,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    b"\xed\xa0\x80",  # a UTF-16 surrogate encoded as UTF-8 (CESU-8)
    b"\xc0\xaf",  # an overlong encoding
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xff",
    b"\r",
    b"\r\n\r\n",
    b"\x1b[31m",
    *(
        text.encode()
        for text in [
            "\u202e",
            "\u200d",
            "\u2028",
            "\ufeff",
            "\U0001f1fa\U0001f1e6",
            "\u0645\u0631\u062d\u0628\u0627",
            "e\u0301\u0301\u0301",
            "\\ud800",
            "\\u0000",
            '"',
            "\\",
            "{",
            "}]",
            '{"text": ',
            '"published": "2025-02-30",',
            '"published": 20250425,',
            "<",
            "&",
            "&#0;",
            "&#xD800;",
            "&#x110000;",
            "&#99999999999;",
            "&undefined;",
            "<![CDATA[",
            "]]>",
            "<!--",
            "<script>",
            "</body></html>",
            "<?xml version='1.0' encoding='utf-16'?>",
            "<?xml version='1.0' encoding='x-bogus'?>",
            "<!DOCTYPE x [<!ENTITY e 'eeeeeeeeeeeeeeeeeeee'>]>",
            '<meta charset="utf-16">',
            '<meta charset="x-unknown">',
            '<meta property="article:published_time" content="2025-02-30T99:00:00">',
            "<pubDate>Mon, 30 Feb 2025 99:99:99 +9999</pubDate>",
            "<published>0000-00-00T00:00:00Z</published>",
            "<updated>9999-12-31T23:59:59-23:59</updated>",
            "<link>javascript:alert(1)</link>",
            "<item><title>x</title></item>",
            "<entry></entry>",
            "date 2025-02-30\n",
            "date 0001-01-01\n",
            "date 9999-12-31\n",
            "outlet \n",
            "url \n",
            "WARC/1.0\r\n",
            "WARC/9.9\r\n",
            "Content-Length: 99999999999999999999\r\n",
            "Content-Length: -1\r\n",
            "WARC-Date: 2025-02-30T00:00:00Z\r\n",
            "WARC-Type: resource\r\n",
            "HTTP/1.1 200 OK\r\n",
            "HTTP/1.1 999\r\n",
            "Content-Type: text/html; charset=bogus\r\n",
            "Transfer-Encoding: chunked\r\n",
            "Content-Encoding: gzip\r\n",
        ]
    ),
]
_CODECS = ["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1251", "shift_jis", "utf-7", "utf-8-sig"]


@dataclass(frozen=True)
class Mutation:
    """One piece of damage done to a file's bytes, at `at` (taken modulo the length).

    kinds: "flip" (the byte at `at` becomes `size`), "cut" (the file ends at `at`), "insert"
    (`payload`), "delete" (`size` bytes), "repeat" (the 40 bytes at `at`, on one line, `size` times:
    huge lines and tokens), "encode" (the whole file re-encoded as `codec`).
    """

    kind: str
    at: int = 0
    size: int = 0
    payload: bytes = b""
    codec: str = ""

    def apply(self, data: bytes) -> bytes:
        at = self.at % (len(data) + 1)
        if self.kind == "flip":
            return data[:at] + bytes([self.size % 256]) + data[at + 1 :] if data else data
        if self.kind == "cut":
            return data[:at]
        if self.kind == "insert":
            return data[:at] + self.payload + data[at:]
        if self.kind == "delete":
            return data[:at] + data[at + self.size :]
        if self.kind == "repeat":
            chunk = data[at : at + 40].replace(b"\n", b" ").replace(b"\r", b" ") or b"x"
            return data[:at] + chunk * self.size + data[at:]
        return data.decode("utf-8", "replace").encode(self.codec, "replace")


_positions = st.integers(min_value=0, max_value=1 << 16)
mutations = st.lists(
    st.one_of(
        st.builds(Mutation, st.just("flip"), _positions, st.integers(0, 255)),
        st.builds(Mutation, st.just("cut"), _positions),
        st.builds(
            Mutation,
            st.just("insert"),
            _positions,
            payload=st.sampled_from(_JUNK) | st.binary(min_size=1, max_size=30),
        ),
        st.builds(Mutation, st.just("delete"), _positions, st.integers(1, 400)),
        st.builds(Mutation, st.just("repeat"), _positions, st.sampled_from([2, 10, 100, 1000, 5000])),
        st.builds(Mutation, st.just("encode"), codec=st.sampled_from(_CODECS)),
    ),
    min_size=1,
    max_size=5,
)


def _damaged(data: bytes, damage: list[Mutation]) -> bytes:
    for mutation in damage:
        data = mutation.apply(data)
    return data


_PAGE = PAGES[0]


def _offline_fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """Feed items whose text must be fetched get an example page; no test touches the network."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    return Fetched(url, _PAGE, "text/html; charset=utf-8")


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "fetch_response", _offline_fetch)


_LOCATION = re.compile(r"(?:line|record|item) \d+")


def _check(path: Path, content: bytes, kind: str) -> None:
    """Reading never raises; articles are whole and storable; each error names the file (and the
    line, record or item) and gives a one-line reason."""
    path.write_bytes(content)
    items = list(read_source(Source(str(path), kind)))
    articles = sum(isinstance(item, Article) for item in items)
    count_input(f"ingest {kind}", articles=articles, errors=len(items) - articles)
    for item in items:
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip()
            assert item.id == item.content_hash[:16]
            assert item.origin is not None and item.origin.startswith(str(path))
            assert item.published is None or isinstance(item.published, date)
            for value in (item.text, item.title, item.outlet, item.url):
                assert value is None or value.encode("utf-8")  # storable: no lone surrogates
            for value in (item.title, item.outlet, item.url):
                assert value is None or (value.strip() and "\n" not in value)
        else:
            assert isinstance(item, IngestError), item
            assert item.origin == str(path)
            assert item.reason.strip() and "\n" not in item.reason and len(item.reason) <= 500, item.reason
            assert item.location is None or _LOCATION.fullmatch(item.location), item.location


# --- random bytes and records -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [("f.txt", "text"), ("f.jsonl", "jsonl"), ("f.html", "html"), ("f.rss", "feed"), ("f.warc", "warc")],
)
@fuzz_settings(100)
@given(content=st.binary(max_size=3000))
def test_random_bytes(tmp_path: Path, name: str, kind: str, content: bytes) -> None:
    _check(tmp_path / name, content, kind)


@fuzz_settings(300)
@given(
    prefix=st.sampled_from(
        ["", "date ", " date 2025-", "date 2025-04-26", "outlet ", "url ", "date 2025-02-30"]
    ),
    body=st.text(max_size=500),
)
def test_random_text(tmp_path: Path, prefix: str, body: str) -> None:
    _check(tmp_path / "f.txt", (prefix + body).encode(), "text")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_records = st.dictionaries(
    st.sampled_from(["text", "url", "source", "published", "title", "other"]), _json_values, max_size=5
)


@fuzz_settings(300)
@given(lines=st.lists(_records.map(json.dumps) | st.text(max_size=40), max_size=6))
def test_random_json_lines(tmp_path: Path, lines: list[str]) -> None:
    _check(tmp_path / "f.jsonl", "\n".join(lines).encode(), "jsonl")


@fuzz_settings(200)
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


@fuzz_settings(200)
@given(
    markup=st.lists(
        st.sampled_from(["<p>", "</p>", "<div>", "<html>", "<!--", "<script>", "&amp;", "\x00"])
        | st.text(max_size=20),
        max_size=30,
    )
)
def test_random_markup(tmp_path: Path, markup: list[str]) -> None:
    _check(tmp_path / "f.html", "".join(markup).encode(), "html")


# --- damaged examples ---------------------------------------------------------------------------------


@fuzz_settings(2000)
@given(
    date_line=st.sampled_from(
        [
            b"",
            b"date 2025-04-26\n",
            b"date 2025-02-30\n",
            b"date 0001-01-01\n",
            b"date 9999-12-31\n",
            b"date 2025-4-6\n",
            b"  date 2025-04-26 ",
            b"date 99999-01-01\n",
            b"date\t2024-02-29\r\n",
        ]
    ),
    seed=st.sampled_from(TEXTS + TEXT_BODIES),
    damage=mutations,
)
@example(
    date_line=b"", seed=b"date 2025-02-30\n\nA bomb killed 1e999 people.", damage=[Mutation("cut", 10**6)]
)
def test_damaged_text_examples(tmp_path: Path, date_line: bytes, seed: bytes, damage: list[Mutation]) -> None:
    _check(tmp_path / "f.txt", _damaged(date_line + seed, damage), "text")


@fuzz_settings(1000)
@given(damage=mutations)
def test_damaged_json_lines_example(tmp_path: Path, damage: list[Mutation]) -> None:
    _check(tmp_path / "f.jsonl", _damaged(JSON_LINES[0], damage), "jsonl")


@fuzz_settings(500)
@given(
    line=st.integers(min_value=0, max_value=3),
    field=st.sampled_from(["text", "url", "source", "published", "title"]),
    value=_json_values
    | st.sampled_from(
        ["", " ", "2025-02-30", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "\ud800", "a\udfff"]
    ),
    remove=st.booleans(),
)
@example(
    line=0, field="text", value="A bomb \ud800 killed 12 people in Kyiv on Friday morning.", remove=False
)
@example(line=0, field="title", value="\udfff", remove=False)
def test_example_records_with_one_bad_field(
    tmp_path: Path, line: int, field: str, value: object, remove: bool
) -> None:
    records = [json.loads(raw) for raw in JSON_LINES[0].splitlines()]
    if remove:
        del records[line][field]
    else:
        records[line][field] = value
    _check(tmp_path / "f.jsonl", "\n".join(json.dumps(record) for record in records).encode(), "jsonl")


@fuzz_settings(800)
@given(seed=st.sampled_from(PAGES), damage=mutations)
def test_damaged_html_examples(tmp_path: Path, seed: bytes, damage: list[Mutation]) -> None:
    _check(tmp_path / "f.html", _damaged(seed, damage), "html")


@fuzz_settings(800)
@given(seed=st.sampled_from(FEEDS), damage=mutations)
def test_damaged_feed_examples(tmp_path: Path, seed: bytes, damage: list[Mutation]) -> None:
    _check(tmp_path / "f.xml", _damaged(seed, damage), "feed")


@fuzz_settings(800)
@given(form=st.sampled_from(["gzip bytes", "plain", "plain, then gzip"]), damage=mutations)
def test_damaged_warc_example(tmp_path: Path, form: str, damage: list[Mutation]) -> None:
    if form == "gzip bytes":
        content = _damaged(WARC_GZ_EXAMPLE, damage)
    else:
        content = _damaged(WARC_EXAMPLE, damage)
        if form == "plain, then gzip":
            content = gzip.compress(content, mtime=0)
    _check(tmp_path / "f.warc.gz", content, "warc")
