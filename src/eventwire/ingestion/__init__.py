"""Ingestion: text, JSON Lines, HTML, RSS/Atom and WARC inputs → `Article`s, or clear `IngestError`s.

Nothing here raises for bad input: every problem is an `IngestError` naming the file or URL, the
line/record/item, and the reason, and reading goes on with the rest wherever that is possible.
"""

from eventwire.ingestion.fetching import FetchError, FetchPolicy, fetch
from eventwire.ingestion.html import article_from_html
from eventwire.ingestion.sources import Source, discover, read_source

__all__ = ["FetchError", "FetchPolicy", "Source", "article_from_html", "discover", "fetch", "read_source"]
