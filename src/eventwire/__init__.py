"""eventwire: news reports in, one verified record per real-world event out."""

from eventwire.api import ingest, read
from eventwire.model import Article, IngestError, IngestReport, Place
from eventwire.store import ArticleQuery, Store, open_store

__all__ = [
    "Article",
    "ArticleQuery",
    "IngestError",
    "IngestReport",
    "Place",
    "Store",
    "ingest",
    "open_store",
    "read",
]
__version__ = "0.1.0"
