"""The one path through the stages: ingest → annotate → extract → (link → compare) → store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from functools import partial
from typing import TYPE_CHECKING

from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, Event, EventMention, IngestError, IngestReport, MergeLink
from eventwire.store import AddOutcome, Store

if TYPE_CHECKING:
    from eventwire.annotate import Annotator
    from eventwire.store.schema import EventMemberRow

EXTRACTOR_VERSION = 77
"""Bump when extraction changes: stored articles are extracted again on the next run."""

ProgressCallback = Callable[[int, int, str], None]
"""Called after each input source with (done, total, origin)."""

BatchExtractor = Callable[[list[Article]], Iterable[tuple[str, list[EventMention]]]]
"""Annotates and extracts a batch of articles, yielding (article id, mentions) as each is done."""


INGEST_STEP = 64
"""Items `ingest_in_steps` reads between pauses, where `extract` checks whether it has a batch: half
of one with a single process, a quarter of the two-worker pool's."""


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
    for _ in ingest_in_steps(inputs, store, report, policy=policy, progress=progress):
        pass
    return report


def ingest_in_steps(
    inputs: Iterable[str],
    store: Store,
    report: IngestReport,
    *,
    policy: FetchPolicy | None = None,
    progress: ProgressCallback | None = None,
    step: int = INGEST_STEP,
) -> Iterator[None]:
    """`ingest`, pausing after every `step` items read into `report`: `extract` goes on with it
    while its workers are busy (`arriving`), so that reading the input does not leave the cores
    idle before extraction starts (7-9 % of a whole run on the 2-core machine)."""
    sources, errors = discover(inputs)
    report.errors.extend(errors)
    read = 0
    for done, source in enumerate(sources, start=1):
        for item in read_source(source, policy):
            store_items([item], store, report)
            read += 1
            if read % step == 0:
                yield
        if progress:
            progress(done, len(sources), source.origin)


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
    arriving: Iterator[object] | None = None,
) -> int:
    """Annotate and extract every stored article not yet done by this extractor version.

    Each article's mentions are written in one transaction with its done-mark, so a killed run
    resumes where it stopped. The models load only when there is work. `extractor` moves the
    annotate + extract step elsewhere (a Ray cluster); storing always stays here. Without an
    `annotator` or `extractor`, `workers` local processes share the step (default: one per core
    when there is enough work to repay starting them).

    The next batch goes to the extractor before this one is stored, and `between_batches` (linking,
    in `run`) is called after each batch is stored: with a process pool, that work overlaps the
    workers' instead of leaving a core idle before and after extraction. `arriving` (the steps of
    `ingest_in_steps`) stores more articles: a step is taken while the workers are busy, and as
    many as it takes to fill a batch (or, first, to know whether the work repays a pool) when
    they are not; extraction ends when it is done and no article is left.
    """
    feed = _Feed(arriving)
    with ExitStack() as pool:
        if annotator is None and extractor is None:
            from eventwire.extract.pool import MIN_ARTICLES, pool_size, process_pool

            feed.fill(lambda: store.count_to_extract(EXTRACTOR_VERSION) >= MIN_ARTICLES)
            total = store.count_to_extract(EXTRACTOR_VERSION)
            if total and (size := pool_size(workers, total)) > 1:
                extractor = pool.enter_context(process_pool(size))
                batch_size *= size
        return _extract_batches(store, feed, annotator, extractor, batch_size, progress, between_batches)


def _extract_batches(
    store: Store,
    feed: _Feed,
    annotator: Annotator | None,
    extractor: BatchExtractor | None,
    batch_size: int,
    progress: ProgressCallback | None,
    between_batches: Callable[[], object] | None,
) -> int:
    from eventwire.annotate import Annotator

    done = 0
    total = store.count_to_extract(EXTRACTOR_VERSION)
    running: Iterable[tuple[str, list[EventMention]]] | None = None
    in_flight: list[str] = []

    def next_batch() -> list[Article]:
        return store.articles_to_extract(EXTRACTOR_VERSION, limit=batch_size, excluding=in_flight)

    def batch_ready() -> bool:  # a count: reading the articles at every step would cost more
        return store.count_to_extract(EXTRACTOR_VERSION) - len(in_flight) >= batch_size

    while True:
        batch = next_batch()
        if running is None and not feed.done and len(batch) < batch_size:
            feed.fill(batch_ready)  # nothing is being extracted: read until there is a batch
            batch = next_batch()
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
        running, in_flight = started, [article.id for article in batch] if started is not None else []
        if not feed.done:
            feed.fill(batch_ready)  # the next batch, read while the workers go on with this one
            total = done + store.count_to_extract(EXTRACTOR_VERSION)
        if running is None and feed.done and not next_batch():
            return done


class _Feed:
    """The steps of arriving input (`ingest_in_steps`), taken as extraction needs them."""

    def __init__(self, steps: Iterator[object] | None) -> None:
        self._steps = steps
        self.done = steps is None

    def fill(self, enough: Callable[[], bool]) -> None:
        """Take steps until `enough()` holds or none is left."""
        while self._steps is not None and not self.done and not enough():
            try:
                next(self._steps)
            except StopIteration:
                self.done = True


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
        groups = store.event_groups_of(stale)
        articles = store.articles_by_id(m.article_id for members in groups.values() for m, _ in members)
        store.save_events({group_id: _compared(groups.get(group_id, []), articles) for group_id in stale})
        refreshed += len(stale)
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
    members = store.event_group(group_id)
    return _compared(members, store.articles_by_id(m.article_id for m, _ in members))


def _compared(
    members: list[tuple[EventMention, EventMemberRow]], articles: dict[str, Article]
) -> Event | None:
    """A group's mentions merged and compared; None for a group now empty."""
    from eventwire.compare import compare_event

    if not members:
        return None
    return compare_event(_event_id(members), _with_links(members), articles)


def _event_id(members: list[tuple[EventMention, EventMemberRow]]) -> str:
    """Named after its first mention in id order, so the id does not depend on arrival order."""
    return "ev-" + min(m.id for m, _ in members)


def _with_links(members: list[tuple[EventMention, EventMemberRow]]) -> list[tuple[EventMention, MergeLink]]:
    return [(m, MergeLink(m.id, row.linked_to, row.score, dict(row.signals))) for m, row in members]
