"""False-merge audit: run unrelated news through the pipeline and list every multi-article event.

The geoparsing gold sets (≈ 360 news articles about unrelated events) plus the seeds are the input;
any event with more than one source is printed with the link evidence, for a person to judge.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from eventwire.evaluate.geo import read_gold
from eventwire.model import Article


def audit_articles(shared: Path) -> list[Article]:
    articles = []
    for path in sorted((shared / "data" / "geoparsing").glob("*.xml")):
        for gold in read_gold(path):
            articles.append(
                Article.create(
                    gold.text, "xml", origin=f"{path.name}:{gold.id}", title=f"{path.stem} {gold.id}"
                )
            )
    return articles


def audit_merges(shared: Path, annotator: Any) -> dict[str, Any]:
    from eventwire import pipeline
    from eventwire.store import open_store

    with tempfile.TemporaryDirectory() as scratch, open_store(str(Path(scratch) / "merges.db")) as store:
        for article in audit_articles(shared):
            store.add_article(article)
        pipeline.ingest([str(shared / "seeds")], store)
        pipeline.extract(store, annotator)
        pipeline.link(store)
        origins = {a.id: a.origin or a.id for a in store.iter_articles()}
        events = pipeline.events(store)
    merged = []
    for event in events:
        if len(event.sources) < 2:
            continue
        merged.append(
            {
                "event": event.id,
                "sub_event_type": event.sub_event_type,
                "date": event.date.start.isoformat() if event.date else None,
                "place": event.place.name if event.place else None,
                "articles": sorted(origins.get(s.article_id, s.article_id) for s in event.sources),
                "links": [
                    {
                        "mention": link.mention_id,
                        "linked_to": link.linked_to,
                        "score": link.score,
                        "signals": link.signals,
                    }
                    for link in event.links
                    if link.linked_to
                ],
                "evidence": [m.summary.sentence for m in event.mentions if m.summary],
            }
        )
    return {"articles": len(origins), "events": len(events), "multi_article_events": merged}
