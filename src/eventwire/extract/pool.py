"""Annotate + extract in a pool of local processes, one per core, each with its own models.

spaCy's Python side, Recognizers and the extraction rules hold the GIL, so threads would not help;
processes do. Workers are spawned, not forked: the parent may hold database connections and threads
(a progress bar) that a fork would copy half-way. Each worker loads the models once (`Annotator.load`)
and runs `pipeline.extract_batch`, the same step as the in-process loop and the Ray engine, so every
engine gives the same mentions. Storing stays with the caller.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import TYPE_CHECKING

from eventwire.model import Article, EventMention

if TYPE_CHECKING:
    from eventwire.annotate import Annotator
    from eventwire.pipeline import BatchExtractor

CHUNK_SIZE = 8
"""Articles per task: small enough that, at the end of a batch, no worker waits long for the last
one; spaCy gains nothing from larger batches (measured: 4 to 32 articles per call within ±5 %)."""

_annotator: Annotator | None = None  # the worker process's models, loaded by `_load_models`


MIN_ARTICLES = 50
"""Below this, a pool's start (the interpreter and the models in each worker, in parallel) costs
more than the second core saves."""

WORKER_MEMORY = 1 << 30
"""What one worker holds (spaCy, MiniLM on torch, Recognizers, the gazetteer): ≈ 0.8 GB measured."""


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool_size(workers: int | None, articles: int) -> int:
    """`workers` if given; else one per core, no more than memory holds, and 1 for small jobs."""
    if workers is not None:
        return max(1, workers)
    if articles < MIN_ARTICLES:
        return 1
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(1, min(available_cores(), memory // WORKER_MEMORY - 1, articles // CHUNK_SIZE))


@contextmanager
def process_pool(workers: int, chunk_size: int = CHUNK_SIZE) -> Iterator[BatchExtractor]:
    """A `pipeline.BatchExtractor` over `workers` processes; yields each chunk's results as it is done.

    The processes start here and load their models in parallel; leaving the block stops them.
    """
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_load_models,
    )

    def extract_in_pool(articles: list[Article]) -> Iterator[tuple[str, list[EventMention]]]:
        size = max(1, min(chunk_size, math.ceil(len(articles) / workers)))
        futures: list[Future[list[tuple[str, list[EventMention]]]]] = [
            executor.submit(_extract_chunk, articles[start : start + size])
            for start in range(0, len(articles), size)
        ]
        try:
            for future in as_completed(futures):
                yield from future.result()
        finally:
            for future in futures:
                future.cancel()

    try:
        yield extract_in_pool
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _load_models() -> None:
    global _annotator
    from eventwire.annotate import Annotator

    _annotator = Annotator.load()


def _extract_chunk(articles: list[Article]) -> list[tuple[str, list[EventMention]]]:
    from eventwire.pipeline import extract_batch

    if _annotator is None:
        raise RuntimeError("the worker's models are not loaded")
    return list(extract_batch(_annotator, articles))
