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
import sys
import threading
import time
import types
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

MIN_ARTICLES = 50
"""Below this, the pool's start (each worker loads the models, ≈ 1 s more than loading them here when
the cores are free) costs about what the second core saves: on the 2-core machine, 50 articles took
8.4 s with two workers and 9.3 s in one process, 25 articles 7.7 s and 6.7 s."""

WORKER_MEMORY = 1 << 30
"""What one worker holds (spaCy, MiniLM on ONNX Runtime, Recognizers, the gazetteer): 0.41 GB loaded;
two workers and their parent peaked at 1.47 GB over 2,000 reports (bench/pipeline.py)."""

_annotator: Annotator | None = None  # the worker process's models, loaded by `_start_worker`


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
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )

    def extract_in_pool(articles: list[Article]) -> Iterator[tuple[str, list[EventMention]]]:
        """Submits the chunks at once, so the workers go on while the caller stores an earlier batch."""
        size = max(1, min(chunk_size, math.ceil(len(articles) / workers)))
        futures: list[Future[list[tuple[str, list[EventMention]]]]] = [
            executor.submit(_extract_chunk, articles[start : start + size])
            for start in range(0, len(articles), size)
        ]
        return _results(futures)

    try:
        with _main_module_hidden():
            for _ in range(workers):  # each submit starts a worker while none is idle
                executor.submit(os.getpid)
        yield extract_in_pool
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _results(
    futures: list[Future[list[tuple[str, list[EventMention]]]]],
) -> Iterator[tuple[str, list[EventMention]]]:
    try:
        for future in as_completed(futures):
            yield from future.result()
    finally:
        for future in futures:
            future.cancel()


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """A spawned process imports its parent's `__main__` again: a caller's script without an
    `if __name__ == "__main__":` guard would run twice or fail ("bootstrapping phase"). The workers
    need nothing from it, so they start while a blank `__main__` stands in."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _start_worker(parent: int) -> None:
    """Load the models, and end this worker when its parent is gone: a killed run (SIGKILL leaves the
    pool no time to stop it) must not leave workers holding their memory, waiting for work forever."""
    global _annotator
    from eventwire.annotate import Annotator

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    _annotator = Annotator.load()


def _extract_chunk(articles: list[Article]) -> list[tuple[str, list[EventMention]]]:
    from eventwire.pipeline import extract_batch

    if _annotator is None:
        raise RuntimeError("the worker's models are not loaded")
    return list(extract_batch(_annotator, articles))
