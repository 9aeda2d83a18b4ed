"""Articles per second for the ray engine's annotate + extract with 1 and with 2 actors, and the speed-up.

Usage: .venv/bin/python bench/ray_speedup.py [--articles N] [--address HOST:PORT] [--workers 1 2] [--local]
Stores N real news articles from ../shared (the corpus of bench/pipeline.py) in a fresh SQLite file
per run and extracts them with `eventwire.engines.ray.extract`, the path `eventwire run --engine ray`
takes: the driver ships articles to the actors and stores each article's mentions in its own
transaction. Without --address a Ray instance starts on this machine with one CPU per core.

Each run prints the wall-clock rate (actor start and model loading included) and the steady rate (first
stored article to last). Other work on the machine skews both, so it also prints where the CPU went per
article in the steady part, read from /proc for the actors and Ray's own processes on this machine: the
actors (annotate + extract), the driver (Ray Data's scheduling, decoding results, storing) and Ray itself.
From those it gives the rate the same work would reach on an otherwise idle machine with this many cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import corpus

from eventwire import pipeline
from eventwire.engines import ray as ray_engine
from eventwire.model import Article, EventMention
from eventwire.store import Store, open_store

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Mark:
    """A moment of the run: wall clock and the CPU seconds used so far by each party."""

    time: float
    driver: float
    actors: float
    ray: float


@dataclass(frozen=True)
class Result:
    workers: int
    articles: int
    connect: float
    first: float
    wall: float
    steady: float
    storing: float
    actor_cpu: float  # CPU seconds per article, steady part
    driver_cpu: float
    ray_cpu: float
    actor_share: float  # cores each actor got, steady part

    def idle_rate(self, cores: int) -> float:
        """Articles/s with this many cores to ourselves: the actors or all the CPU work, whichever binds."""
        per_article = self.actor_cpu + self.driver_cpu + self.ray_cpu
        return min(self.workers / self.actor_cpu, cores / per_article)


class CpuSampler:
    """CPU seconds of the actors and of Ray's own processes on this machine, from /proc. A thread keeps
    each process's latest figure, so an actor that Ray Data stops before the last article is stored
    still counts."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.sample()

    def sample(self) -> None:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue  # gone meanwhile
            if b"MentionExtractor" in command:
                kind = "actors"
            elif command.startswith(b"ray::") or b"/site-packages/ray/" in command:
                kind = "ray"
            else:
                continue
            seconds = sum(int(field) for field in stat.rsplit(")", 1)[1].split()[11:13]) / TICK
            with self._lock:
                known = self._seen.get(pid)
                # A process that becomes an actor keeps its pid: count it as an actor from then on.
                self._seen[pid] = ("actors" if known and known[0] == "actors" else kind, seconds)

    def mark(self) -> Mark:
        self.sample()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with self._lock:
            totals = {"actors": 0.0, "ray": 0.0}
            for kind, seconds in self._seen.values():
                totals[kind] += seconds
        return Mark(time.perf_counter(), usage.ru_utime + usage.ru_stime, totals["actors"], totals["ray"])


def run(db: Path, address: str | None, workers: int) -> Result:
    with open_store(str(db)) as store, CpuSampler() as cpu:
        storing = _time_storing(store)
        marks: dict[int, Mark] = {}

        def progress(done: int, total: int, _article_id: str) -> None:
            if done in (1, total):
                marks[done] = cpu.mark()

        started = cpu.mark()
        with ray_engine.connected(address):
            connected = cpu.mark()
            done = ray_engine.extract(store, workers=workers, progress=progress)
    first, last = marks[1], marks[done]
    steady = done - 1
    elapsed = last.time - first.time
    return Result(
        workers=workers,
        articles=done,
        connect=connected.time - started.time,
        first=first.time - connected.time,
        wall=done / (last.time - connected.time),
        steady=steady / elapsed,
        storing=storing[0],
        actor_cpu=(last.actors - first.actors) / steady,
        driver_cpu=(last.driver - first.driver) / steady,
        ray_cpu=(last.ray - first.ray) / steady,
        actor_share=(last.actors - first.actors) / elapsed / workers,
    )


def _stored(db: Path, articles: list[Article]) -> Path:
    with open_store(str(db)) as store:
        for article in articles:
            store.add_article(article)
    return db


def _time_storing(store: Store) -> list[float]:
    """Wrap the store's per-article transaction to add up the driver's time in it."""
    spent = [0.0]
    save = store.save_mentions

    def timed(article_id: str, mentions: list[EventMention], version: int) -> None:
        start = time.perf_counter()
        save(article_id, mentions, version)
        spent[0] += time.perf_counter() - start

    store.save_mentions = timed  # type: ignore[method-assign]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--address", help="a Ray cluster's HOST:PORT (default: start Ray on this machine)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--local", action="store_true", help="also time the local engine")
    args = parser.parse_args()
    articles = corpus()[: args.articles]
    cores = os.cpu_count() or 1
    print(f"{cores} CPUs; load average before: {os.getloadavg()[0]:.1f}")
    results: dict[int, Result] = {}
    with tempfile.TemporaryDirectory() as folder:
        for workers in args.workers:
            result = run(_stored(Path(folder) / f"ray-{workers}.db", articles), args.address, workers)
            results[workers] = result
            print(
                f"{workers} actor(s), {result.articles} articles: {result.wall:.2f} articles/s wall-clock "
                f"(Ray up in {result.connect:.1f} s, first article stored {result.first:.1f} s later: actor "
                f"start + model load), {result.steady:.2f} articles/s steady\n"
                f"  steady CPU per article: actor {result.actor_cpu * 1000:.0f} ms, driver "
                f"{result.driver_cpu * 1000:.0f} ms (storing {result.storing * 1000 / result.articles:.1f} ms), "
                f"Ray's processes {result.ray_cpu * 1000:.0f} ms; each actor got "
                f"{result.actor_share:.2f} of a core -> {result.idle_rate(cores):.2f} articles/s "
                f"on {cores} idle cores",
                flush=True,
            )
        if args.local:
            with open_store(str(_stored(Path(folder) / "local.db", articles))) as store:
                started = time.perf_counter()
                done = pipeline.extract(store)
            print(f"local engine: {done / (time.perf_counter() - started):.2f} articles/s wall-clock")
    if 1 in results:
        one = results[1]
        for workers, result in results.items():
            if workers != 1:
                print(
                    f"speed-up {workers} vs 1 actor: {result.wall / one.wall:.2f}x wall-clock, "
                    f"{result.steady / one.steady:.2f}x steady; "
                    f"{result.idle_rate(cores) / one.idle_rate(cores):.2f}x on {cores} idle cores"
                )


if __name__ == "__main__":
    main()
