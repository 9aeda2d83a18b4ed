"""Ingestion: text, JSON Lines, HTML, RSS/Atom and WARC inputs → `Article`s (or clear `IngestError`s)."""

from eventwire.ingestion.fetch import FetchError, FetchPolicy, fetch
from eventwire.ingestion.sources import Source, discover, read_source

__all__ = ["FetchError", "FetchPolicy", "Source", "discover", "fetch", "read_source"]
