"""The Python API: the same operations as the CLI, returning data-model objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from eventwire import pipeline
from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, Event, IngestError, IngestReport
from eventwire.serialize import event_to_json
from eventwire.store import open_store


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
    """The whole pipeline: ingest, extract, link; returns every event in the store."""
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    with open_store(db) as store:
        pipeline.ingest(paths, store, policy=FetchPolicy(allow_private=allow_private))
        pipeline.extract(store)
        pipeline.link(store)
        return pipeline.events(store)


def events(*, db: str | None = None) -> list[Event]:
    """Every stored event, merged and compared (the dataclasses behind `eventwire events --json`)."""
    with open_store(db) as store:
        return pipeline.events(store)


def events_frame(*, db: str | None = None) -> Any:
    """Events as a pandas DataFrame, one row per event (needs `pip install eventwire[pandas]`)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("events_frame needs pandas: pip install 'eventwire[pandas]'") from exc
    rows = []
    for event in events(db=db):
        record = event_to_json(event)
        place = record["place"] or {}
        rows.append(
            {
                "id": event.id,
                "event_type": event.event_type,
                "sub_event_type": event.sub_event_type,
                "date_start": event.date.start if event.date else None,
                "date_end": event.date.end if event.date else None,
                "date_precision": event.date.precision if event.date else None,
                **{
                    f"place_{key}": place.get(key)
                    for key in ("name", "geonameid", "admin1", "country", "lat", "lon", "precision")
                },
                "fatalities_min": event.fatalities.low if event.fatalities else None,
                "fatalities_max": event.fatalities.high if event.fatalities else None,
                "victims": [a.name for a in event.actors if a.role == "victim"],
                "n_sources": len(event.sources),
                "outlets": [s.outlet for s in event.sources],
                "disputed": [name for name, field in event.fields.items() if field.disputed],
            }
        )
    return pd.DataFrame(rows)
