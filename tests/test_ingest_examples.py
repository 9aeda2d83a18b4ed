"""The bundled example corpus reads cleanly in every format, duplicates included."""

from __future__ import annotations

from eventwire.ingestion import discover, read_source
from eventwire.model import Article, IngestError

from .conftest import EXAMPLES


def test_example_corpus_reads_cleanly() -> None:
    sources, errors = discover([str(EXAMPLES)])
    items = [item for source in sources for item in read_source(source)]
    assert errors == [] and not [i for i in items if isinstance(i, IngestError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert {a.raw_format for a in articles} == {"text", "jsonl", "html", "rss", "atom", "warc"}
    assert len(articles) == 16
    assert len({a.content_hash for a in articles}) == 15  # one exact duplicate
