"""eventwire: news reports in, one verified record per real-world event out."""

from eventwire.api import events, events_frame, ingest, read, run
from eventwire.model import Article, Event, IngestError, IngestReport, Place
from eventwire.store import ArticleQuery, Store, open_store

__all__ = [
    "Article",
    "ArticleQuery",
    "Event",
    "IngestError",
    "IngestReport",
    "Place",
    "Store",
    "events",
    "events_frame",
    "ingest",
    "open_store",
    "read",
    "run",
]
__version__ = "0.1.0"
