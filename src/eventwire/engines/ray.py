"""The `--engine ray` runner: annotate + extract on a Ray cluster with Ray Data; the rest on the driver.

Each actor loads the models once (`MentionExtractor.__init__`) and runs the same step as the local
engine (`pipeline.extract_batch`). Articles go out and mentions come back as plain dicts, JSON-encoded
so that Arrow never infers a column type and turns an int into a float on the way. Ingesting, storing
(one transaction per article, through `pipeline.extract`), linking and comparing stay on the driver:
the store may be a SQLite file only the driver sees, and a killed run resumes as a local one does.
"""

from __future__ import annotations

import json
import logging
import math
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from eventwire import pipeline
from eventwire.engines import EngineError
from eventwire.model import Article, EventMention
from eventwire.serialize import article_from_dict, mention_from_dict, to_dict
from eventwire.store import Store

CHUNK_SIZE = 2000
"""Articles per Ray Data run. Bounds what the driver holds; each run starts its actors (and loads the
models) anew, which costs a few seconds against minutes of work per chunk."""

BATCH_SIZE = 16
"""Articles per actor call: small enough to keep every actor busy and to stream results back to the
driver's store steadily, large enough for spaCy's batching."""


class MentionExtractor:
    """A Ray Data actor: loads the models once, then annotates and extracts batch after batch."""

    def __init__(self) -> None:
        from eventwire.annotate import Annotator

        self.annotator = Annotator.load()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        articles = [article_from_dict(json.loads(text)) for text in batch["article"]]
        ids, mentions = [], []
        for article_id, found in pipeline.extract_batch(self.annotator, articles):
            ids.append(article_id)
            mentions.append(json.dumps([to_dict(mention) for mention in found]))
        return {"article_id": ids, "mentions": mentions}


def ray_extractor(workers: int | None = None, batch_size: int = BATCH_SIZE) -> pipeline.BatchExtractor:
    """A `pipeline.BatchExtractor` that spreads a chunk of articles over a pool of `MentionExtractor`
    actors (`workers` of them; by default one per CPU of the cluster) and yields results as they come."""

    def extract_on_ray(articles: list[Article]) -> Iterator[tuple[str, list[EventMention]]]:
        import ray.data

        batches = math.ceil(len(articles) / batch_size)
        cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]  # Ray leaves it untyped
        size = min(workers or max(1, cpus), batches)
        rows = [{"article": json.dumps(to_dict(article))} for article in articles]
        done = ray.data.from_items(rows, override_num_blocks=batches).map_batches(
            MentionExtractor,
            batch_size=batch_size,
            compute=ray.data.ActorPoolStrategy(size=size),
            num_cpus=1,
        )
        for row in done.iter_rows():
            yield row["article_id"], [mention_from_dict(data) for data in json.loads(row["mentions"])]

    return extract_on_ray


@contextmanager
def connected(address: str | None = None) -> Iterator[None]:
    """Connect to the Ray cluster at `address` (host:port), or start a Ray instance on this machine when
    it is None; disconnect afterwards unless the caller had connected already."""
    # Ray reports usage statistics over the internet unless told not to; eventwire never goes online.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray.data
    except ImportError as error:
        raise EngineError(f"the ray engine needs Ray: pip install 'eventwire[ray]' ({error})") from error
    if ray.is_initialized():
        yield
        return
    if address:
        _check_reachable(address)
    try:
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING)
    except ConnectionError as error:
        raise EngineError(f"cannot connect to the Ray cluster at {address}: {error}") from error
    # The CLI shows its own progress bar: Ray Data's bars and progress lines go to its session log only.
    ray.data.DataContext.get_current().enable_progress_bars = False
    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setLevel(logging.ERROR)
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str) -> None:
    """Fail at once with the reason when nothing listens at HOST:PORT: Ray would retry for minutes."""
    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return  # a Ray Client URL or "auto": Ray resolves those itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()
    except OSError as error:
        raise EngineError(f"cannot reach the Ray cluster at {address}: {error}") from error


def extract(
    store: Store,
    *,
    address: str | None = None,
    workers: int | None = None,
    progress: pipeline.ProgressCallback | None = None,
    chunk_size: int = CHUNK_SIZE,
    batch_size: int = BATCH_SIZE,
    between_batches: Callable[[], object] | None = None,
) -> int:
    """`pipeline.extract` with the annotate + extract step on Ray; connects only when there is work."""
    if not store.count_to_extract(pipeline.EXTRACTOR_VERSION):
        return 0
    with connected(address):
        extractor = ray_extractor(workers, batch_size)
        return pipeline.extract(
            store,
            progress=progress,
            batch_size=chunk_size,
            extractor=extractor,
            between_batches=between_batches,
        )
