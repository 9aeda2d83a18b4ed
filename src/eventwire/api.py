"""The Python API: the same operations as the CLI, returning data-model objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from eventwire import pipeline
from eventwire.export import FLAT_COLUMNS, flat_record
from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, Event, IngestError, IngestReport
from eventwire.store import EventQuery, open_store


def read(inputs: str | Iterable[str], *, allow_private: bool = False) -> Iterator[Article | IngestError]:
    """Read articles from files, folders or feed URLs without storing them."""
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    sources, errors = discover(paths)
    yield from errors
    policy = FetchPolicy(allow_private=allow_private)
    for source in sources:
        yield from read_source(source, policy)


def ingest(
    inputs: str | Iterable[str], *, db: str | None = None, allow_private: bool = False
) -> IngestReport:
    """Read and store articles; `db` is a SQLite path or a database URL (default `./eventwire.db`)."""
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    with open_store(db) as store:
        return pipeline.ingest(paths, store, policy=FetchPolicy(allow_private=allow_private))


def run(inputs: str | Iterable[str], *, db: str | None = None, allow_private: bool = False) -> list[Event]:
    """The whole pipeline: ingest, extract, link; returns every event in the store. As in `eventwire
    run`, the input is read while earlier articles are extracted."""
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    with open_store(db) as store:
        policy = FetchPolicy(allow_private=allow_private)
        arriving = pipeline.ingest_in_steps(paths, store, IngestReport(), policy=policy)
        pipeline.extract(store, between_batches=partial(pipeline.link, store), arriving=arriving)
        pipeline.link(store)
        return pipeline.events(store)


def events(*, db: str | None = None) -> list[Event]:
    """Every stored event, merged and compared (the dataclasses behind `eventwire events --json`)."""
    with open_store(db) as store:
        return pipeline.events(store)


def events_frame(*, db: str | None = None) -> Any:
    """Events as a pandas DataFrame, one row per event, from the stored records (no re-merging);
    the columns are `eventwire.export.FLAT_COLUMNS` (needs `pip install eventwire[pandas]`)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("events_frame needs pandas: pip install 'eventwire[pandas]'") from exc
    with open_store(db) as store:
        rows = [flat_record(record) for record in store.iter_event_records(EventQuery(limit=None))]
    return pd.DataFrame(rows, columns=list(FLAT_COLUMNS))
