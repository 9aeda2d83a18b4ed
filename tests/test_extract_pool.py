"""The local process pool stores the same mentions as one process, and leaves no worker behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.extract.pool import MIN_ARTICLES, pool_size
from eventwire.model import EventMention
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
