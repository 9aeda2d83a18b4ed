"""The one path through the stages: ingest → annotate → extract → (link → compare) → store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, Event, EventMention, IngestError, IngestReport, MergeLink
from eventwire.store import AddOutcome, Store

if TYPE_CHECKING:
    from eventwire.annotate import Annotator
    from eventwire.store.schema import EventMemberRow

EXTRACTOR_VERSION = 30
"""Bump when extraction changes: stored articles are extracted again on the next run."""

ProgressCallback = Callable[[int, int, str], None]
"""Called after each input source with (done, total, origin)."""

BatchExtractor = Callable[[list[Article]], Iterable[tuple[str, list[EventMention]]]]
"""Annotates and extracts a batch of articles, yielding (article id, mentions) as each is done."""


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
        store_items(read_source(source, policy), store, report)
        if progress:
            progress(done, len(sources), source.origin)
    return report


def store_items(
    items: Iterable[Article | IngestError], store: Store, report: IngestReport | None = None
) -> IngestReport:
    """Store each article in its own transaction and add the errors to the report (files and the
    API's POST /articles alike)."""
    report = report if report is not None else IngestReport()
    for item in items:
        if isinstance(item, IngestError):
            report.errors.append(item)
        else:
            _store_article(store, item, report)
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
    extractor: BatchExtractor | None = None,
    workers: int | None = None,
    between_batches: Callable[[], object] | None = None,
) -> int:
    """Annotate and extract every stored article not yet done by this extractor version.

    Each article's mentions are written in one transaction with its done-mark, so a killed run
    resumes where it stopped. The models load only when there is work. `extractor` moves the
    annotate + extract step elsewhere (a Ray cluster); storing always stays here. Without an
    `annotator` or `extractor`, `workers` local processes share the step (default: one per core
    when there is enough work to repay starting them).

    The next batch goes to the extractor before this one is stored, and `between_batches` (linking,
    in `run`) is called after each batch is stored: with a process pool, that work overlaps the
    workers' instead of leaving a core idle before and after extraction.
    """
    from eventwire.annotate import Annotator

    done = 0
    total = store.count_to_extract(EXTRACTOR_VERSION)
    if annotator is None and extractor is None and total:
        from eventwire.extract.pool import pool_size, process_pool

        if (size := pool_size(workers, total)) > 1:
            with process_pool(size) as pooled:
                return extract(
                    store,
                    progress=progress,
                    batch_size=batch_size * size,
                    extractor=pooled,
                    between_batches=between_batches,
                )
    running: Iterable[tuple[str, list[EventMention]]] | None = None
    after: str | None = None
    while True:
        batch = store.articles_to_extract(EXTRACTOR_VERSION, limit=batch_size, after=after)
        if batch and extractor is None:
            extractor = partial(extract_batch, annotator or Annotator.load())
        started = extractor(batch) if batch and extractor else None
        if running is not None:
            for article_id, mentions in running:
                store.save_mentions(article_id, mentions, EXTRACTOR_VERSION)
                done += 1
                if progress:
                    progress(done, total, article_id)
            if between_batches:
                between_batches()
        if started is None:
            return done
        running, after = started, batch[-1].id


def extract_batch(
    annotator: Annotator, articles: Iterable[Article]
) -> Iterator[tuple[str, list[EventMention]]]:
    """Annotate and extract with loaded models: the one step the local loop and Ray actors share."""
    from eventwire.extract.mentions import extract_mentions

    for annotated in annotator.annotate_many(articles):
        yield annotated.article.id, extract_mentions(annotated, annotator.classifier)


def link(store: Store) -> int:
    """Link every stored mention not yet in an event (incremental), then bring the records of the
    events that changed up to date."""
    from eventwire.link import link_pending

    with store.linking():
        linked = link_pending(store)
        refresh_events(store)
    return linked


def refresh_events(store: Store) -> int:
    """Merge and compare every event marked stale and store its record; returns how many."""
    refreshed = 0
    while stale := store.stale_event_groups():
        for group_id in stale:
            store.save_event(group_id, _group_event(store, group_id))
            refreshed += 1
    return refreshed


def events(store: Store) -> list[Event]:
    """Every event, merged and compared, sources most first then by date."""
    from eventwire.compare import compare_event

    articles = {a.id: a for a in store.iter_articles()}
    merged = [
        compare_event(_event_id(members), _with_links(members), articles)
        for members in store.event_groups().values()
    ]
    return sorted(merged, key=lambda e: (-len(e.sources), -(e.date.start.toordinal() if e.date else 0), e.id))


def event(store: Store, event_id: str) -> Event | None:
    """One event, merged and compared from its mentions; an id it had before a report renamed it or
    merged it into another still finds it (the event has its id now)."""
    group_id = store.event_group_id(event_id)
    return _group_event(store, group_id) if group_id else None


def _group_event(store: Store, group_id: str) -> Event | None:
    """One group's mentions merged and compared, with their articles; None for a group now empty."""
    from eventwire.compare import compare_event

    members = store.event_group(group_id)
    if not members:
        return None
    articles = store.articles_by_id(m.article_id for m, _ in members)
    return compare_event(_event_id(members), _with_links(members), articles)


def _event_id(members: list[tuple[EventMention, EventMemberRow]]) -> str:
    """Named after its first mention in id order, so the id does not depend on arrival order."""
    return "ev-" + min(m.id for m, _ in members)


def _with_links(members: list[tuple[EventMention, EventMemberRow]]) -> list[tuple[EventMention, MergeLink]]:
    return [(m, MergeLink(m.id, row.linked_to, row.score, dict(row.signals))) for m, row in members]
