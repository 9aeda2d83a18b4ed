"""The web page in a real browser: Debian's chromium, driven by Playwright, loads the page that
`eventwire serve` serves on 127.0.0.1 after `eventwire run examples/` (plus one report of our own full
of script and HTML injection attempts).

Every request that leaves 127.0.0.1 is blocked and recorded: the page must need none. Screenshots go
to test-artifacts/web/. Playwright's own browser download is never used (no `playwright install`).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from .conftest import EXAMPLES, REPO

try:
    from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
except ImportError:  # the dev extra is not installed
    sync_playwright = None

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO / "test-artifacts" / "web"
TIMEOUT_MS = 20_000

# Each payload would set window.__ew_pwned (or open a dialog) if the page ever parsed article data as HTML.
INJECTION_OUTLET = "<img src=x onerror=\"window.__ew_pwned='outlet';alert('outlet')\">Injection Wire"
INJECTION_TITLE = "<script>window.__ew_pwned='title'</script>Car bomb kills three in Kabul"
INJECTION_URL = "javascript:window.__ew_pwned='url';alert('url')"
INJECTION_SCRIPT = "<script>window.__ew_pwned = 'script'; alert('script');</script>"
INJECTION_TEXT = (
    "A car bomb killed three people near a market in Kabul on Monday, police said. "
    f"{INJECTION_SCRIPT}\n\n"
    "Witnesses said the blast <img src=x onerror=\"window.__ew_pwned='img';alert('img')\"> shattered "
    "windows across the street, and two shops </textarea></title></style>"
    "<svg onload=\"window.__ew_pwned='svg'\"></svg> were destroyed.\n\n"
    "Police said <a href=\"javascript:window.__ew_pwned='link'\">the attackers</a> fled; "
    '"><iframe srcdoc="<script>parent.__ew_pwned=\'iframe\'</script>"></iframe> '
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__ew_pwned='mxss'\"> "
    "no group has claimed the attack.\n"
)


def _require_browser(reason: str) -> None:
    if os.environ.get("EVENTWIRE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _eventwire(*args: str) -> list[str]:
    return [sys.executable, "-m", "eventwire", *args]


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@dataclass
class Server:
    url: str

    def api(self, path: str) -> Any:
        return _get_json(self.url + path)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        _require_browser("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _require_browser(f"{CHROMIUM} is absent (apt-get install chromium; .ci/browser.sh does it in CI)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[Server]:
    """`eventwire run examples/` plus the injection report into a fresh database, then `eventwire serve`
    on a free loopback port, stopped by its pid at the end."""
    folder = tmp_path_factory.mktemp("web")
    db = folder / "web.db"
    injection = folder / "injection.jsonl"
    report = {
        "url": INJECTION_URL,
        "source": INJECTION_OUTLET,
        "published": "2025-05-06",
        "title": INJECTION_TITLE,
        "text": INJECTION_TEXT,
    }
    injection.write_text(json.dumps(report) + "\n", encoding="utf-8")
    run = subprocess.run(
        _eventwire("run", str(EXAMPLES), str(injection), "--db", str(db)),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]

    port = _free_port()
    log = folder / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            _eventwire("serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)),
            stdout=output,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "EVENTWIRE_READ_TOKEN"},  # reading open
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, url, log)
        yield Server(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_until_serving(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"eventwire serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"eventwire serve did not answer on {url} within 60 s:\n{log.read_text()[-3000:]}")


@dataclass
class Watch:
    """What a page did that it should not: requests off 127.0.0.1, dialogs, errors, CSP violations."""

    external: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.external == [], f"the page tried to reach beyond 127.0.0.1: {self.external}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.errors == [], f"errors in the page: {self.errors}"


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    watch = Watch()

    def guard(route: Route) -> None:
        request_url = route.request.url
        watch.requests.append(request_url)
        if urlsplit(request_url).hostname == "127.0.0.1":
            route.continue_()
        else:
            watch.external.append(request_url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))

    def on_console(message: Any) -> None:
        if message.type == "error":  # CSP violations and failed loads are reported here
            watch.errors.append(message.text)

    opened.on("console", on_console)
    yield opened, watch
    context.close()


def _shot(page: Page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def test_map_timeline_and_filtered_list(page: tuple[Page, Watch], server: Server) -> None:
    tab, watch = page
    listing = server.api("/events?limit=500")
    placed = [e for e in listing["items"] if e["place"] and e["place"]["lat"] is not None]
    assert placed, "the examples give events with coordinates"

    tab.goto(server.url + "/")
    expect(tab.locator("path.event-marker")).to_have_count(len(placed))
    expect(tab.locator("li.event-item")).to_have_count(min(listing["total"], 25))
    expect(tab.locator("#timeline-chart rect.bar").first).to_be_visible()
    expect(tab.locator("#list-summary")).to_contain_text(f"of {listing['total']}")
    expect(tab.locator("#map[data-borders=loaded] canvas")).to_have_count(1)
    _shot(tab, "overview.png")

    serbian = [e for e in listing["items"] if e["place"] and e["place"]["country"] == "RS"]
    assert 0 < len(serbian) < listing["total"]
    tab.locator("input[name=country]").fill("RS")
    tab.locator("input[name=country]").dispatch_event("change")
    expect(tab.locator("li.event-item")).to_have_count(len(serbian))
    for item in tab.locator("li.event-item .meta").all_inner_texts():
        assert ", RS" in item
    expect(tab.locator("path.event-marker")).to_have_count(len(serbian))
    assert "country=RS" in tab.url
    _shot(tab, "filtered-country.png")

    tab.locator("button[type=reset]").click()
    expect(tab.locator("li.event-item")).to_have_count(min(listing["total"], 25))
    moskalik = server.api("/events?q=Moskalik")["total"]
    assert 0 < moskalik < listing["total"]
    tab.locator("input[name=q]").fill("Moskalik")
    expect(tab.locator("li.event-item")).to_have_count(moskalik)
    assert "q=Moskalik" in tab.url
    watch.assert_clean()


def _moskalik_event(server: Server) -> dict[str, Any]:
    """The killing of Lt. Gen. Moskalik, reported by several of the examples (the one he is a victim in)."""
    found = server.api("/events?q=Moskalik&sort=-sources")["items"]
    killings = [e for e in found if any("Moskalik" in actor["name"] for actor in e["actors"])]
    assert killings, "the examples give a Moskalik event"
    return dict(server.api("/events/" + quote(killings[0]["id"], safe="")))


def test_event_page_shows_disputes_and_sources_side_by_side(page: tuple[Page, Watch], server: Server) -> None:
    tab, watch = page
    record = _moskalik_event(server)
    disputed = sorted(
        name
        for name, comparison in record["fields"].items()
        if any(alt["verdict"] == "disputes" for alt in comparison["alternatives"])
    )
    assert disputed, "the Moskalik reports disagree on something"
    assert len(record["sources"]) >= 2

    tab.goto(server.url + "/#/?q=Moskalik")
    tab.locator("li.event-item", has=tab.locator(f'[href="#/event/{quote(record["id"], safe="")}"]')).locator(
        "a.event-link"
    ).click()
    expect(tab.locator("#event-page article.source")).to_have_count(len(record["sources"]))
    assert tab.url.endswith("#/event/" + quote(record["id"], safe=""))

    rows = tab.locator("tr.field-row.disputed")
    expect(rows).to_have_count(len(disputed))
    assert sorted(rows.evaluate_all("rows => rows.map(row => row.dataset.field)")) == disputed
    for name in disputed:
        row = tab.locator(f'tr.field-row[data-field="{name}"]')
        expect(row.locator(".label.disputed")).to_have_text(re.compile("disputed", re.IGNORECASE))
        expect(row.locator(".alternative.verdict-disputes").first).to_be_visible()

    columns = tab.locator("#event-page article.source")
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert first and second
    assert second["x"] >= first["x"] + first["width"] - 1, "the sources stand side by side"
    assert abs(second["y"] - first["y"]) < 2
    outlets = {s["outlet"] for s in record["sources"]}
    assert set(columns.locator("header h3").all_inner_texts()) == outlets

    marks = tab.locator("#event-page article.source mark.evidence")
    assert marks.count() > 0
    articles = {article["id"]: article["text"] for article in record["articles"]}
    for column in columns.all():
        text = articles[column.get_attribute("data-article") or ""]
        assert column.locator(".article-text").inner_text().strip() == text.strip()
        for marked in column.locator("mark.evidence").all_text_contents():
            assert marked in text
    assert tab.locator("#event-page article.source mark.evidence.disputes").count() > 0
    _shot(tab, "event.png")
    _shot(tab, "event-full.png", full_page=True)
    watch.assert_clean()


def test_article_text_is_shown_not_run(page: tuple[Page, Watch], server: Server) -> None:
    tab, watch = page
    found = server.api("/events?q=injection")["items"]
    assert len(found) == 1, "the injection report makes its own event"
    event_id = found[0]["id"]

    tab.goto(server.url + "/#/?q=injection")
    expect(tab.locator("li.event-item")).to_have_count(1)
    tab.locator("path.event-marker").first.click(force=True)
    expect(tab.locator(".leaflet-popup-content")).to_be_visible()
    tab.locator("li.event-item a.event-link").click()
    column = tab.locator("#event-page article.source")
    expect(column).to_have_count(1)
    assert tab.url.endswith("#/event/" + quote(event_id, safe=""))

    text = column.locator(".article-text")
    expect(text).to_contain_text(INJECTION_SCRIPT)
    expect(text).to_contain_text("<img src=x onerror=")
    expect(text).to_contain_text("</textarea></title></style><svg onload=")
    assert text.inner_text().strip() == INJECTION_TEXT.strip()
    expect(column.locator("header h3")).to_have_text(INJECTION_OUTLET)
    expect(column.locator("header h4")).to_have_text(INJECTION_TITLE)
    expect(column.locator("header .url")).to_have_text(INJECTION_URL)
    assert column.locator("mark.evidence").count() > 0

    tab.wait_for_timeout(500)  # time for any injected handler or image error to fire
    assert tab.evaluate("() => window.__ew_pwned") is None
    injected = tab.locator("#event-page :is(script, img, iframe, svg, math, style, textarea)")
    assert injected.count() == 0
    assert tab.locator("a[href^='javascript:' i]").count() == 0
    assert tab.evaluate("() => document.scripts.length") == 3, "only the page's own scripts"
    images = [url for url in watch.requests if urlsplit(url).path.endswith("/x")]
    assert images == [], "no injected image was requested"
    _shot(tab, "injection.png", full_page=True)
    watch.assert_clean()


def test_unknown_event_says_so(page: tuple[Page, Watch], server: Server) -> None:
    tab, watch = page
    tab.goto(server.url + "/#/event/ev-0000000000000000-0")
    expect(tab.locator("#event-page .error")).to_have_text("There is no event ev-0000000000000000-0.")
    tab.goto(server.url + "/#/event/" + quote("ev-<b>bad</b>", safe=""))
    expect(tab.locator("#event-page .error")).to_contain_text("ev-<b>bad</b>")
    assert tab.locator("#event-page b").count() == 0
    watch.errors = [error for error in watch.errors if "status of 4" not in error]  # the API's 404 and 422
    watch.assert_clean()
