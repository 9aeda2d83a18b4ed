"""Fetching over HTTP, and feeds whose items link to pages, against a server on 127.0.0.1 started here."""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from eventwire.ingestion import FetchError, FetchPolicy, fetch, fetching
from eventwire.ingestion.fetching import check_url, non_public_kind

from .test_ingest_helpers import PARAGRAPH, SECOND_PARAGRAPH, page_html, read_all, record_numbers

ALLOW = FetchPolicy(allow_private=True, timeout=5.0)


class _Server(http.server.ThreadingHTTPServer):
    """Serves `pages` by path and remembers what was asked; a few paths misbehave on purpose."""

    block_on_close = False  # do not wait for a deliberately slow handler at teardown

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[str] = []
        self.user_agents: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path in ("/drip", "/unsized"):
            self._send_unsized()
            return
        status, headers, body = self.server.pages.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):  # the client may give up early (size limit, timeout)
            self.wfile.write(body)

    def _send_unsized(self) -> None:
        """No Content-Length (HTTP/1.0, the body ends when the connection closes): only counting
        the bytes as they come can stop it. /drip sends one byte every 50 ms for two seconds."""
        self.send_response(200)
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gives up early, as it should
            for _ in range(40):
                self.wfile.write(b"x" * (1 if self.path == "/drip" else 1000))
                self.wfile.flush()
                if self.path == "/drip":
                    time.sleep(0.05)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test output is for the assertions."""


@pytest.fixture
def server() -> Iterator[_Server]:
    running = _Server()
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def _html(status: int, body: str | bytes) -> tuple[int, dict[str, str], bytes]:
    return (
        status,
        {"Content-Type": "text/html; charset=utf-8"},
        body.encode() if isinstance(body, str) else body,
    )


def _feed(server: _Server, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Item {number}</title><link>{link}</link>"
        "<description>A short teaser.</description><pubDate>Sat, 26 Apr 2025 08:00:00 GMT</pubDate></item>"
        for number, link in enumerate(links, start=1)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{items}</channel></rss>'
    )


@pytest.fixture
def news_site(server: _Server) -> _Server:
    """A feed of teasers whose items link to full pages on the same server (one relative, one redirected)."""
    server.pages["/page/1"] = _html(200, page_html("First page", site="Page Site", published=None))
    server.pages["/page/2"] = _html(
        200, page_html("Second page", body=f"<p>{SECOND_PARAGRAPH}</p><p>{PARAGRAPH}</p>")
    )
    server.pages["/old/2"] = (301, {"Location": "/page/2"}, b"")
    feed = _feed(server, [server.url("/page/1"), "/old/2"])
    server.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())
    return server


# --- feeds whose items are fetched -------------------------------------------------------------


def test_feed_url_items_fetched_when_private_is_allowed(news_site: _Server) -> None:
    feed_url = news_site.url("/feed.rss")
    (first, second), errors = read_all(feed_url, "url", ALLOW)
    assert errors == []
    assert news_site.requests == ["/feed.rss", "/page/1", "/old/2", "/page/2"]
    assert first.text.startswith(PARAGRAPH) and second.text.startswith(SECOND_PARAGRAPH)
    assert (first.title, first.outlet, first.raw_format) == ("Item 1", "Local Wire", "rss")  # the feed's own
    assert first.published == date(2025, 4, 26)
    assert (first.url, second.url) == (news_site.url("/page/1"), news_site.url("/page/2"))
    assert (first.origin, second.origin) == (f"{feed_url}:1", f"{feed_url}:2")
    assert set(news_site.user_agents) == {ALLOW.user_agent}


def test_feed_file_items_refused_on_loopback_by_default(news_site: _Server, tmp_path: Path) -> None:
    path = tmp_path / "local.rss"
    path.write_text(_feed(news_site, [news_site.url("/page/1"), news_site.url("/page/2")]))
    articles, errors = read_all(path, "feed")
    assert articles == [] and news_site.requests == []
    assert [e.location for e in errors] == ["item 1", "item 2"]
    assert all("private/loopback" in e.reason and "127.0.0.1" in e.reason for e in errors)
    allowed, _ = read_all(path, "feed", ALLOW)
    assert [a.title for a in allowed] == ["Item 1", "Item 2"]


def test_feed_url_refused_on_loopback_by_default(news_site: _Server) -> None:
    feed_url = news_site.url("/feed.rss")
    articles, [error] = read_all(feed_url, "url")
    assert articles == [] and news_site.requests == []
    assert error.origin == feed_url and "refused" in error.reason and "private/loopback" in error.reason


def test_url_of_an_article_page_is_read_as_one_article(news_site: _Server) -> None:
    [article], errors = read_all(news_site.url("/page/1"), "url", ALLOW)
    assert errors == [] and article.title == "First page" and article.raw_format == "html"


def test_url_of_a_page_feedparser_fails_on_is_read_as_an_article(server: _Server) -> None:
    """A character reference out of Unicode's range made feedparser raise while the URL was tried as
    a feed (found by fuzzing); the page is still an article."""
    server.pages["/page"] = _html(
        200, page_html(body=f"<p>&#99999999999; {PARAGRAPH}</p><p>{SECOND_PARAGRAPH}</p>")
    )
    [article], errors = read_all(server.url("/page"), "url", ALLOW)
    assert errors == [] and PARAGRAPH in article.text


def test_url_of_neither_feed_nor_page(server: _Server) -> None:
    server.pages["/data.json"] = (200, {"Content-Type": "application/json"}, b'{"not": "news"}')
    articles, [error] = read_all(server.url("/data.json"), "url", ALLOW)
    assert (
        articles == []
        and error.reason.startswith("neither a feed (")
        and "nor an article page" in error.reason
    )


def test_broken_item_page_does_not_stop_the_feed(server: _Server) -> None:
    server.pages["/page/ok"] = _html(200, page_html("Fine"))
    server.pages["/page/stub"] = _html(200, page_html(body="<p>Subscribe.</p>"))
    feed = _feed(server, ["/page/gone", "/page/stub", "/page/ok"])
    server.pages["/feed.rss"] = (200, {}, feed.encode())
    articles, errors = read_all(server.url("/feed.rss"), "url", ALLOW)
    assert record_numbers(articles) == [3]
    assert [e.location for e in errors] == ["item 1", "item 2"]
    assert "HTTP 404" in errors[0].reason and "no main text" in errors[1].reason


# --- fetch() -----------------------------------------------------------------------------------


def test_fetch_returns_the_body(server: _Server) -> None:
    server.pages["/a"] = _html(200, "hello")
    assert fetch(server.url("/a"), ALLOW) == b"hello"


def test_every_redirect_hop_is_checked(server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []

    def recording_check(url: str, policy: FetchPolicy) -> None:
        checked.append(url)
        check_url(url, policy)

    monkeypatch.setattr(fetching, "check_url", recording_check)
    server.pages["/a"] = _html(200, "landed")
    server.pages["/r1"] = (302, {"Location": "/r2"}, b"")
    server.pages["/r2"] = (307, {"Location": server.url("/a")}, b"")
    assert fetch(server.url("/r1"), ALLOW) == b"landed"
    assert checked == [server.url("/r1"), server.url("/r2"), server.url("/a")]


def test_redirect_to_another_scheme_is_refused(server: _Server) -> None:
    server.pages["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(FetchError, match="only http and https"):
        fetch(server.url("/to-file"), ALLOW)


def test_redirect_loop_stops(server: _Server) -> None:
    server.pages["/loop"] = (302, {"Location": "/loop"}, b"")
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(server.url("/loop"), FetchPolicy(allow_private=True, max_redirects=2))
    assert len(server.requests) == 3


def test_http_error_status(server: _Server) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(server.url("/nothing-here"), ALLOW)


@pytest.mark.parametrize("path", ["/big", "/unsized"], ids=["declared", "streamed"])
def test_size_limit(server: _Server, path: str) -> None:
    server.pages["/big"] = _html(200, b"x" * 5000)
    with pytest.raises(FetchError, match="over the limit of 1000 bytes"):
        fetch(server.url(path), FetchPolicy(allow_private=True, max_bytes=1000))


@pytest.mark.parametrize("path", ["/slow", "/drip"], ids=["no-answer", "trickle"])
def test_timeout(server: _Server, path: str) -> None:
    """/slow answers after 1 s; /drip answers at once but trickles, each read well within the timeout."""
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        fetch(server.url(path), FetchPolicy(allow_private=True, timeout=0.3))
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/feed.xml",
        "file:///etc/passwd",
        "gopher://x.example/",
        "javascript:alert(1)",
        "/feed.xml",
    ],
)
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, ALLOW)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://localhost:9/", "loopback"),
        ("http://[::1]:9/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("https://192.168.0.1/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # the cloud metadata service
        ("http://0.0.0.0:9/", "unspecified"),
    ],
)
def test_private_hosts_are_refused_without_connecting(url: str, kind: str) -> None:
    with pytest.raises(FetchError, match=f"refused: .* resolves to {kind} address"):
        check_url(url, FetchPolicy())


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("172.16.5.4", "private"),
        ("fd00::1", "private"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert non_public_kind(ipaddress.ip_address(address)) == kind
