"""The Python API: the same operations as the CLI, returning data-model objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eventwire import pipeline
from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, IngestError, IngestReport
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
