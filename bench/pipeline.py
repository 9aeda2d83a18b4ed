"""Whole-pipeline throughput (ingest, annotate + extract, link) and peak memory, and where the time goes.

Usage: .venv/bin/python bench/pipeline.py [--articles N] [--workers W] [--breakdown M]

Stages as `eventwire run` has them: ingest and extraction in a process pool together (the input is
read in steps while the workers extract), with linking between batches in this process (overlapping
the workers), then linking what is left.

The corpus is every distinct real report beside the project: GVDB shootings, GeoVirus, TR-News, ECB+,
the seeds and examples/ (≈ 1,540). It is written to a temporary folder as JSON Lines and run through
`eventwire.pipeline.ingest_in_steps`, `extract` and `link` on a temporary SQLite store. The store drops
exact and near duplicates, so a repeat of the corpus in the same store would not be extracted again:
past one pass, the corpus is repeated in rounds, each into a fresh store; the extraction processes start
once, as in one long run. Their start (each loads spaCy, MiniLM, the gazetteer) is timed apart: "whole
pipeline, loaded" is the rate a long run keeps, "whole pipeline" includes the start. The returned rate,
compared with the spaCy floor, is the loaded one. Peak memory is the largest sum of resident memory over
this process and its workers, sampled every 0.1 s.

The breakdown runs the parts of annotate + extract one after another in this process on M articles
drawn evenly from the corpus and counts CPU seconds (steady even when other work shares the machine): spaCy alone is
the floor that annotation cannot go below.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from eventwire import pipeline
from eventwire.api import read
from eventwire.evaluate.ecbplus import read_ecbplus
from eventwire.evaluate.merges import read_gvdb
from eventwire.extract.pool import pool_size, process_pool
from eventwire.model import Article, IngestReport
from eventwire.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus() -> list[Article]:
    """Every distinct report: GVDB, GeoVirus, TR-News, ECB+, the seeds, examples/."""
    articles = [article for article, _ in read_gvdb(SHARED / "data" / "gvdb" / "dev.json")]
    for name in ("GeoVirus.xml", "TR-News.xml"):
        for node in ET.parse(SHARED / "data" / "geoparsing" / name).getroot().iter("text"):
            if node.text:
                articles.append(Article.create(node.text, "xml"))
    articles.extend(article for article, _ in read_ecbplus(SHARED / "data" / "ecbplus"))
    articles.extend(
        item for item in read([str(SHARED / "seeds"), str(ROOT / "examples")]) if isinstance(item, Article)
    )
    return list({article.content_hash: article for article in articles}.values())


def write_jsonl(articles: list[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            record = {
                "text": article.text,
                "published": article.published.isoformat() if article.published else None,
                "title": article.title,
                "source": article.outlet,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _resident_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return total


def _family(root: int) -> list[int]:
    """This process and its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    family, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        family.extend(frontier)
    return family


@contextmanager
def peak_memory() -> Iterator[Callable[[], float]]:
    """Yields a function giving the peak summed resident memory (MB) of this process and its children."""
    peak, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], _resident_kib(_family(os.getpid())))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield lambda: peak[0] / 1024
    finally:
        stop.set()
        sampler.join()


def _cpu_seconds() -> float:
    """CPU seconds of this process, of its running children (the extraction workers) and of those
    that have ended."""
    own, ended = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    running = 0
    for pid in _family(os.getpid())[1:]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            running += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        except (OSError, ValueError, IndexError):
            continue
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime + running / os.sysconf("SC_CLK_TCK")


@contextmanager
def extraction(workers: int | None, total: int) -> Iterator[tuple[pipeline.BatchExtractor, int]]:
    """What `pipeline.extract` would use by itself, started once for all rounds, as one long run
    would: the process pool (its batches as large as `extract` makes them), or this process."""
    size = pool_size(workers, total)
    if size > 1:
        with process_pool(size) as pooled:
            yield pooled, 64 * size
    else:
        from eventwire.annotate import Annotator

        yield partial(pipeline.extract_batch, Annotator.load()), 64


LOAD = "load models"


def whole_pipeline(articles: list[Article], total: int, workers: int | None) -> dict[str, Any]:
    """Run the pipeline over `total` articles in rounds of the corpus; wall and CPU seconds per stage."""
    wall = dict.fromkeys((LOAD, "ingest + extract + link", "link (rest)"), 0.0)
    cpu = dict.fromkeys(wall, 0.0)
    counts = {"stored": 0, "extracted": 0, "linked": 0, "rounds": 0}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        started, used = time.perf_counter(), _cpu_seconds()
        yield
        wall[name] += time.perf_counter() - started
        cpu[name] += _cpu_seconds() - used

    with peak_memory() as peak, ExitStack() as models:
        with stage(LOAD):  # each extraction process loads its models; the first results show they have
            extractor, batch_size = models.enter_context(extraction(workers, total))
            list(extractor(articles[: pool_size(workers, total)]))
        remaining = total
        while remaining > 0:
            batch = articles[:remaining]
            remaining -= len(batch)
            counts["rounds"] += 1
            with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as folder:
                source = Path(folder) / "corpus.jsonl"
                write_jsonl(batch, source)
                with open_store(str(Path(folder) / "bench.db")) as store:
                    with stage("ingest + extract + link"):  # as `eventwire run` does

                        def link_between(store: Store = store) -> None:
                            counts["linked"] += pipeline.link(store)

                        report = IngestReport()
                        counts["extracted"] += pipeline.extract(
                            store,
                            extractor=extractor,
                            batch_size=batch_size,
                            between_batches=link_between,
                            arriving=pipeline.ingest_in_steps([str(source)], store, report),
                        )
                        counts["stored"] += len(report.stored)
                    with stage("link (rest)"):
                        counts["linked"] += pipeline.link(store)
        return {"wall": wall, "cpu": cpu, "counts": counts, "peak_mb": peak()}


def breakdown(articles: list[Article]) -> dict[str, float]:
    """CPU seconds of each part of annotate + extract, run in this process one after another."""
    from eventwire.annotate import AnnotatedArticle, Annotator, PlaceSpan
    from eventwire.annotate.geocode import find_toponyms, resolve_toponyms
    from eventwire.extract.mentions import classify_mentions, extract_mentions

    annotator = Annotator.load()
    seconds: dict[str, float] = {}

    def timed(name: str, start: float) -> None:
        seconds[name] = seconds.get(name, 0.0) + time.process_time() - start

    start = time.process_time()
    docs = list(annotator.nlp.pipe((a.text for a in articles), batch_size=32))
    timed("spaCy (nlp.pipe)", start)
    for article, doc in zip(articles, docs, strict=True):
        start = time.process_time()
        times = annotator.dates.find(article.text, article.published, keep_unresolved=True)
        timed("dates (Recognizers)", start)
        start = time.process_time()
        spans = find_toponyms(doc, annotator.gazetteer)
        places = resolve_toponyms(article.text, [(s, e) for s, e, _ in spans], annotator.gazetteer)
        timed("places (find + resolve)", start)
        start = time.process_time()
        annotated = AnnotatedArticle(
            article, doc, times, [PlaceSpan(s, e, t, p) for (s, e, t), p in zip(spans, places, strict=True)]
        )
        mentions = extract_mentions(annotated)
        timed("mentions (rules)", start)
        start = time.process_time()
        if mentions:
            classify_mentions(mentions, annotator.classifier)
        timed("event types (MiniLM)", start)
    return seconds


def report_whole_pipeline(articles: list[Article], n: int, workers: int | None) -> float:
    """Print the whole pipeline's stages; returns its articles per second."""
    print(f"\nwhole pipeline, {n} articles, {pool_size(workers, n)} extraction process(es):")
    result = whole_pipeline(articles, n, workers)
    wall, cpu, counts = result["wall"], result["cpu"], result["counts"]
    elapsed = sum(wall.values())
    working, working_cpu = elapsed - wall[LOAD], sum(cpu.values()) - cpu[LOAD]
    print(f"  {LOAD:24s} {wall[LOAD]:7.1f} s   (once per process; CPU {cpu[LOAD]:.1f} s)")
    for name, seconds, used in [
        *((name, wall[name], cpu[name]) for name in wall if name != LOAD),
        ("whole pipeline, loaded", working, working_cpu),
        ("whole pipeline", elapsed, sum(cpu.values())),
    ]:
        print(
            f"  {name:24s} {seconds:7.1f} s {n / seconds:8.1f} articles/s {100 * seconds / elapsed:5.1f} %"
            f"   CPU {1000 * used / n:6.1f} ms/article"
        )
    print(f"  peak RSS {result['peak_mb']:.0f} MB (summed over this process and its workers)")
    print(
        f"  {counts['rounds']} round(s): {counts['stored']} stored, {counts['extracted']} extracted, "
        f"{counts['linked']} mentions linked; load average {os.getloadavg()[0]:.1f} after the run"
    )
    return float(n / working)


def report_breakdown(articles: list[Article], m: int, whole_rate: float | None) -> None:
    sample = articles[:: max(1, len(articles) // m)][:m]  # from every source
    parts = breakdown(sample)
    total = sum(parts.values())
    spacy = parts["spaCy (nlp.pipe)"]
    print(f"\nannotate + extract in one process, one part after another, {len(sample)} articles (CPU time):")
    for name, seconds in parts.items():
        print(
            f"  {name:26s} {1000 * seconds / len(sample):6.1f} ms/article {len(sample) / seconds:8.1f} articles/s"
            f" {100 * seconds / total:5.1f} %"
        )
    annotate = sum(v for k, v in parts.items() if k.split()[0] in ("spaCy", "dates", "places"))
    print(
        f"  annotate {len(sample) / annotate:.1f} articles/s, extract {len(sample) / (total - annotate):.1f} "
        f"articles/s; together {len(sample) / total:.1f} articles/s, {total / spacy:.2f}x the spaCy floor"
    )
    if whole_rate:
        floor = len(sample) / spacy
        print(
            f"  whole pipeline: {whole_rate / floor:.2f}x the spaCy floor of one core ({floor:.1f} articles/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=2000, help="articles through the whole pipeline (0: skip)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="extraction processes (default: one per core)"
    )
    parser.add_argument(
        "--breakdown", type=int, default=300, help="articles for the per-part breakdown (0: skip)"
    )
    args = parser.parse_args()
    articles = corpus()
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    print(f"corpus: {len(articles)} distinct reports, {words:.0f} words each on average")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run")
    rate = report_whole_pipeline(articles, args.articles, args.workers) if args.articles else None
    if args.breakdown:
        report_breakdown(articles, args.breakdown, rate)


if __name__ == "__main__":
    main()
