"""The one path through the stages: ingest → annotate → extract → (link → compare) → store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, Event, IngestError, IngestReport, MergeLink
from eventwire.store import AddOutcome, Store

if TYPE_CHECKING:
    from eventwire.annotate import Annotator

EXTRACTOR_VERSION = 2
"""Bump when extraction changes: stored articles are extracted again on the next run."""

ProgressCallback = Callable[[int, int, str], None]
"""Called after each input source with (done, total, origin)."""


def ingest(
    inputs: Iterable[str],
    store: Store,
    *,
    policy: FetchPolicy | None = None,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read every input and store each article in its own transaction.

    Bad inputs become `IngestError`s in the report and the run goes on; re-running the same inputs
    stores nothing new, because duplicates are recognised by content hash.
    """
    report = IngestReport()
    sources, errors = discover(inputs)
    report.errors.extend(errors)
    for done, source in enumerate(sources, start=1):
        for item in read_source(source, policy):
            if isinstance(item, IngestError):
                report.errors.append(item)
            else:
                _store_article(store, item, report)
        if progress:
            progress(done, len(sources), source.origin)
    return report


def _store_article(store: Store, article: Article, report: IngestReport) -> None:
    outcome, stored = store.add_article(article)
    if outcome is AddOutcome.DUPLICATE:
        report.duplicates.append(stored.id)
        return
    report.stored.append(stored.id)
    if outcome is AddOutcome.NEAR_DUPLICATE:
        report.near_duplicates.append(stored.id)


def extract(
    store: Store,
    annotator: Annotator | None = None,
    *,
    progress: ProgressCallback | None = None,
    batch_size: int = 64,
) -> int:
    """Annotate and extract every stored article not yet done by this extractor version.

    Each article's mentions are written in one transaction with its done-mark, so a killed run
    resumes where it stopped. The models load only when there is work.
    """
    from eventwire.annotate import Annotator
    from eventwire.extract.mentions import extract_mentions

    done = 0
    total = store.count_to_extract(EXTRACTOR_VERSION)
    while batch := store.articles_to_extract(EXTRACTOR_VERSION, limit=batch_size):
        annotator = annotator or Annotator.load()
        for annotated in annotator.annotate_many(batch):
            mentions = extract_mentions(annotated, annotator.classifier)
            store.save_mentions(annotated.article.id, mentions, EXTRACTOR_VERSION)
            done += 1
            if progress:
                progress(done, total, annotated.article.id)
    return done


def link(store: Store) -> int:
    """Link every stored mention not yet in an event (incremental)."""
    from eventwire.link import link_pending

    return link_pending(store)


def events(store: Store) -> list[Event]:
    """Every event, merged and compared, sources most first then by date."""
    from eventwire.compare import compare_event

    articles = {a.id: a for a in store.iter_articles()}
    merged = []
    for members in store.event_groups().values():
        mentions = [(m, MergeLink(m.id, row.linked_to, row.score, dict(row.signals))) for m, row in members]
        event_id = "ev-" + min(m.id for m, _ in mentions)
        merged.append(compare_event(event_id, mentions, articles))
    return sorted(merged, key=lambda e: (-len(e.sources), -(e.date.start.toordinal() if e.date else 0), e.id))
