"""The one path through the stages: ingest → (annotate → extract → link → compare) → store."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from eventwire.ingestion import FetchPolicy, discover, read_source
from eventwire.model import Article, IngestError, IngestReport
from eventwire.store import AddOutcome, Store

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
