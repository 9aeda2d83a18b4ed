"""The local process pool stores the same mentions as one process, and leaves no worker behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.extract.pool import MIN_ARTICLES, pool_size
from eventwire.model import Article, EventMention
from eventwire.store import open_store

from .conftest import EXAMPLES


def _workers() -> set[int]:
    """This process's pool workers (not multiprocessing's resource tracker, which outlives pools)."""
    own = str(os.getpid())
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                if parent == own and b"spawn_main" in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def _extracted(db: Path, inputs: list[str], workers: int) -> list[EventMention]:
    with open_store(str(db)) as store:
        pipeline.ingest(inputs, store)
        done = pipeline.extract(store, workers=workers)
        assert done == store.count_articles() - store.stats()["near_duplicates"]
        return sorted(store.mentions(limit=10_000), key=lambda m: m.id)


@pytest.mark.slow
def test_two_workers_store_what_one_process_stores(tmp_path: Path, seeds_dir: Path) -> None:
    inputs = [str(EXAMPLES), str(seeds_dir)]
    pooled = _extracted(tmp_path / "pooled.db", inputs, workers=2)
    assert not _workers()
    assert pooled and pooled == _extracted(tmp_path / "single.db", inputs, workers=1)


def test_small_jobs_stay_in_this_process() -> None:
    assert pool_size(None, MIN_ARTICLES - 1) == 1
    assert pool_size(3, 1) == 3
    assert pool_size(None, 10_000) >= 1


DISTINCT_REPORTS = [
    "Farmers blocked the ring road outside Lyon on Monday over diesel prices.",
    "A landslide buried three houses in a hill village of Sumatra after days of rain.",
    "Two fishing boats collided off the coast of Mombasa; all crew were rescued.",
    "The city council of Porto voted to rename a square after a local poet.",
    "Police in Quito seized a tonne of cocaine hidden in banana crates at the port.",
]


def _logged_extractor(log: list[str]) -> pipeline.BatchExtractor:
    """Finds no mention; logs when a batch is handed to it and when each result is taken (stored)."""

    def extractor(batch: list[Article]) -> Iterator[tuple[str, list[EventMention]]]:
        log.append(f"submit {len(batch)}")

        def results() -> Iterator[tuple[str, list[EventMention]]]:
            for article in batch:
                log.append("store")
                yield article.id, []

        return results()

    return extractor


def test_the_next_batch_goes_out_before_this_one_is_stored(tmp_path: Path) -> None:
    """What lets linking overlap the workers: batch k+1 is submitted, then batch k stored, then
    `between_batches` runs; every article is extracted once."""
    log: list[str] = []

    extractor = _logged_extractor(log)
    with open_store(str(tmp_path / "batches.db")) as store:
        for text in DISTINCT_REPORTS:
            store.add_article(Article.create(text, "text"))
        done = pipeline.extract(
            store, extractor=extractor, batch_size=2, between_batches=lambda: log.append("link")
        )
        assert done == 5 and store.count_to_extract(pipeline.EXTRACTOR_VERSION) == 0
    assert log == [
        *("submit 2", "submit 2", "store", "store", "link"),
        *("submit 1", "store", "store", "link"),
        *("store", "link"),
    ]


def test_arriving_articles_are_read_while_a_batch_is_extracted(tmp_path: Path) -> None:
    """`arriving` (ingest in steps) is stepped while the extractor holds a batch, so reading the
    input overlaps extraction; every article that arrives is extracted once, whichever side of the
    running batch its id sorts."""
    log: list[str] = []

    extractor = _logged_extractor(log)
    with open_store(str(tmp_path / "arriving.db")) as store:

        def arriving() -> Iterator[None]:
            for text in DISTINCT_REPORTS:
                store.add_article(Article.create(text, "text"))
                log.append("read")
                yield

        done = pipeline.extract(store, extractor=extractor, batch_size=2, arriving=arriving())
        assert done == len(DISTINCT_REPORTS) == 5
        assert store.count_to_extract(pipeline.EXTRACTOR_VERSION) == 0
    assert log == [
        *("read", "read", "submit 2", "read", "read"),  # the next batch is read while one is out
        *("submit 2", "store", "store", "read"),
        *("submit 1", "store", "store"),
        "store",
    ]
