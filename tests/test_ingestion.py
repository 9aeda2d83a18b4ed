"""Every input format, good and bad: articles come through, problems become one clear error each."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingestion import FetchError, FetchPolicy, Source, discover, fetch, read_source
from eventwire.model import Article, IngestError

from .conftest import EXAMPLES

PARAGRAPH = (
    "Russian investigators said on Saturday that a bomb hidden in a parked car killed a senior general in "
    "Balashikha, a town east of Moscow, as he walked past the vehicle on Friday morning. "
)
PAGE = (
    "<html><head><title>General killed</title><meta property='og:site_name' content='Test Herald'>"
    "<meta property='article:published_time' content='2025-04-26T08:00:00+00:00'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>General killed</h1>"
    f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article><footer>Copyright Test Herald</footer></body></html>"
)


def read_all(
    path: Path, kind: str, policy: FetchPolicy | None = None
) -> tuple[list[Article], list[IngestError]]:
    items = list(read_source(Source(str(path), kind), policy))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


# --- plain text ---------------------------------------------------------------------------------


def test_seeds_date_marker_inline_and_missing(seeds_dir: Path) -> None:
    sources, errors = discover([str(seeds_dir)])
    assert errors == [] and len(sources) == 2
    first, second = (read_all(Path(s.origin), s.kind)[0][0] for s in sources)
    assert first.published == date(2025, 4, 26)
    assert first.text.startswith("Russian President Vladimir Putin")
    assert "date 2025" not in first.text
    assert second.published is None and second.text.startswith("A senior Russian general")
    assert first.language == "en" and first.raw_format == "text"


def test_text_headers_title_and_body(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        f"date 2025-04-25\noutlet Northern Ledger\nurl https://x.example/a\n\nHeadline here\n\n{PARAGRAPH}"
    )
    [article], errors = read_all(path, "text")
    assert errors == []
    assert (article.published, article.outlet, article.url) == (
        date(2025, 4, 25),
        "Northern Ledger",
        "https://x.example/a",
    )
    assert article.title == "Headline here" and article.text == PARAGRAPH.strip()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x00\x01binary\x00" * 20, "binary file"),
        ("Caf\xe9 bombing in Paris".encode("latin-1"), "not valid UTF-8 (invalid byte 0xe9 at offset 3)"),
        (b"date 2025-13-40\nSomething happened.", "not a date YYYY-MM-DD"),
    ],
)
def test_bad_text_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    articles, [error] = read_all(path, "text")
    assert articles == []
    assert error.origin == str(path) and reason in error.reason


def test_text_starting_with_the_word_date_is_not_a_marker(tmp_path: Path) -> None:
    path = tmp_path / "palms.txt"
    path.write_text("Date palms were burned by rioters in the oasis town on Monday, officials said.")
    [article], _ = read_all(path, "text")
    assert article.published is None and article.text.startswith("Date palms")


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_good_lines_survive_bad_ones(tmp_path: Path) -> None:
    good = {
        "url": "https://a.example/1",
        "source": "A Wire",
        "published": "2025-04-26T07:45:00+03:00",
        "title": "T",
        "text": PARAGRAPH,
    }
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"text": ""}),
        json.dumps({"text": PARAGRAPH + " Second.", "published": "26/04/2025"}),
        json.dumps({"text": PARAGRAPH + " Third.", "title": 5}),
        json.dumps({**good, "text": PARAGRAPH + " Fourth."}),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines))
    articles, errors = read_all(path, "jsonl")
    assert [a.origin for a in articles] == [f"{path}:line 1", f"{path}:line 8"]
    assert articles[0].published == date(2025, 4, 26) and articles[0].outlet == "A Wire"
    assert [(e.location, e.reason.split(":")[0]) for e in errors] == [
        ("line 3", "invalid JSON"),
        ("line 4", "expected a JSON object, got list"),
        ("line 5", "field 'text' is missing, empty or not a string"),
        ("line 6", "field 'published'"),
        ("line 7", "field 'title' must be a string"),
    ]
    assert str(errors[0]).startswith(f"{path}:line 3: invalid JSON")


# --- HTML ---------------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    [article], errors = read_all(path, "html")
    assert errors == []
    assert (article.title, article.outlet, article.published) == (
        "General killed",
        "Test Herald",
        date(2025, 4, 26),
    )
    assert "Balashikha" in article.text and "Copyright" not in article.text and "Home" not in article.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"<html><body><nav>Home</nav></body></html>", "no main text"),
        (b"\x00\x00\x00PK\x03\x04" * 30, "binary"),
    ],
)
def test_bad_html(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    articles, [error] = read_all(path, "html")
    assert articles == [] and reason in error.reason


def test_truncated_html_keeps_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text(PAGE[: PAGE.index("</article>") - 40])
    [article], _ = read_all(path, "html")
    assert "Balashikha" in article.text


# --- feeds --------------------------------------------------------------------------------------


def test_example_feeds_carry_full_content() -> None:
    articles, errors = read_all(EXAMPLES / "feeds" / "steppe_monitor.rss", "feed")
    assert errors == [] and len(articles) == 2
    assert articles[0].outlet == "Steppe Monitor" and articles[0].raw_format == "rss"
    assert articles[0].published == date(2025, 4, 26) and "Balashikha" in articles[0].text
    assert articles[0].origin.endswith("steppe_monitor.rss:item 1")
    [atom], errors = read_all(EXAMPLES / "feeds" / "lviv_ledger.atom", "feed")
    assert errors == [] and atom.raw_format == "atom" and atom.published == date(2025, 4, 25)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"<rss><channel><title>x</title></channel></rss>", "the feed has no items"),
        (b"<rss><channel><item><title>x</titl", "not a valid RSS/Atom feed"),
        (b"just some words, not xml at all", "not a valid RSS/Atom feed"),
    ],
)
def test_bad_feeds(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.rss"
    path.write_bytes(content)
    articles, [error] = read_all(path, "feed")
    assert articles == [] and reason in error.reason


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves a teaser feed whose items link to pages on the same loopback server."""

    def do_GET(self) -> None:
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.rss":
            items = (
                "".join(
                    f"<item><title>Item {n}</title><link>{host}/page{n}.html</link>"
                    f"<pubDate>Sat, 26 Apr 2025 06:00:00 +0000</pubDate><description>Teaser {n}</description></item>"
                    for n in (1, 2)
                )
                + f"<item><title>Gone</title><link>{host}/missing.html</link><description>x</description></item>"
            )
            self._send(
                f"<rss version='2.0'><channel><title>Loopback News</title>{items}</channel></rss>",
                "application/rss+xml",
            )
        elif self.path.startswith("/page"):
            self._send(PAGE.replace("General killed", f"General killed {self.path}"), "text/html")
        elif self.path == "/big":
            self._send("x" * 5000, "text/plain")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page1.html")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send("late", "text/plain")
        else:
            self.send_error(404)

    def _send(self, body: str, content_type: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_feed_url_fetches_item_pages_when_allowed(server: str) -> None:
    items = list(read_source(Source(f"{server}/feed.rss", "url"), FetchPolicy(allow_private=True)))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.title for a in articles] == ["General killed /page1.html", "General killed /page2.html"]
    assert all(a.raw_format == "rss" and a.url and a.url.startswith(server) for a in articles)
    assert len(errors) == 1 and errors[0].location == "item 3" and "HTTP 404" in errors[0].reason


def test_loopback_is_refused_by_default(server: str, tmp_path: Path) -> None:
    [error] = list(read_source(Source(f"{server}/feed.rss", "url")))
    assert (
        isinstance(error, IngestError)
        and "private/loopback" in error.reason
        and "--allow-private" in error.reason
    )
    # A local feed file whose items point at loopback pages: each item is refused, by number.
    feed = tmp_path / "local.rss"
    feed.write_text(
        f"<rss><channel><title>t</title><item><title>a</title><link>{server}/page1.html</link></item></channel></rss>"
    )
    articles, [item_error] = read_all(feed, "feed")
    assert articles == [] and item_error.location == "item 1" and "private/loopback" in item_error.reason


def test_fetch_limits(server: str) -> None:
    allowed = FetchPolicy(allow_private=True)
    assert b"General killed /page1.html" in fetch(f"{server}/redirect", allowed)
    with pytest.raises(FetchError, match="over the limit"):
        fetch(f"{server}/big", FetchPolicy(allow_private=True, max_bytes=1000))
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/slow", FetchPolicy(allow_private=True, timeout=0.3))
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd", allowed)
    with pytest.raises(FetchError, match="only http and https"):
        fetch("ftp://127.0.0.1/x", allowed)


# --- WARC ---------------------------------------------------------------------------------------


def _warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=path.suffix == ".gz")
        for url, content_type, body in pages:
            data = body.encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=BytesIO(data), http_headers=headers)
            )


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _warc(
        path,
        [
            ("https://a.example/1", "text/html", PAGE),
            ("https://a.example/s.css", "text/css", "p{}"),
            ("https://a.example/2", "text/html; charset=utf-8", PAGE.replace("Balashikha", "Mytishchi")),
        ],
    )
    articles, errors = read_all(path, "warc")
    assert errors == []
    assert [a.url for a in articles] == ["https://a.example/1", "https://a.example/2"]
    assert articles[0].origin == f"{path}:record 1" and articles[1].origin == f"{path}:record 3"
    assert "Mytishchi" in articles[1].text and articles[0].raw_format == "warc"


def test_truncated_warc_keeps_records_before_the_damage(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _warc(
        whole,
        [(f"https://a.example/{n}", "text/html", PAGE.replace("Friday", f"Friday {n}")) for n in range(3)],
    )
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    articles, errors = read_all(cut, "warc")
    assert 1 <= len(articles) < 3
    assert len(errors) == 1 and "damaged or truncated" in errors[0].reason and errors[0].location


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"hello, this is not an archive"))
    articles, [error] = read_all(path, "warc")
    assert articles == [] and "not a WARC archive" in error.reason and error.location == "record 1"


# --- discovery and the example corpus ------------------------------------------------------------


def test_discover_walks_folders_and_names_problems(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.jsonl", "sub/c.html", "sub/d.warc.gz", "notes.md", ".hidden/e.txt", "f.atom"):
        (tmp_path / name).write_text("x")
    (tmp_path / "unknown.doc").write_text("x")
    sources, errors = discover(
        [str(tmp_path), str(tmp_path / "unknown.doc"), str(tmp_path / "nope.txt"), "https://x.example/rss"]
    )
    assert [(Path(s.origin).name, s.kind) for s in sources] == [
        ("a.jsonl", "jsonl"),
        ("b.txt", "text"),
        ("f.atom", "feed"),
        ("c.html", "html"),
        ("d.warc.gz", "warc"),
        ("rss", "url"),
    ]
    assert [e.reason.split(" (")[0] for e in errors] == ["unknown file type", "no such file or folder"]


def test_example_corpus_reads_cleanly() -> None:
    sources, errors = discover([str(EXAMPLES)])
    items = [item for source in sources for item in read_source(source)]
    assert errors == [] and not [i for i in items if isinstance(i, IngestError)]
    formats = {i.raw_format for i in items if isinstance(i, Article)}
    assert formats == {"text", "jsonl", "html", "rss", "atom", "warc"}
    assert len(items) == 16


# --- fuzz ---------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), kind=st.sampled_from(["text", "jsonl", "html", "feed", "warc"]))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / f"fuzz.{kind}"
    path.write_bytes(data)
    for item in read_source(Source(str(path), kind)):
        assert isinstance(item, Article | IngestError)
