"""The `Store`: every write is one article in one transaction, so a killed run never half-writes."""

from __future__ import annotations

import enum
import fcntl
import functools
import math
import os
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Engine,
    Insert,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from eventwire.model import Article, DateValue, Event, EventMention, Place
from eventwire.serialize import mention_from_dict, to_dict
from eventwire.store import dedup
from eventwire.store.events import EventQuery, date_counts, event_values, listing, text_match_count
from eventwire.store.schema import (
    SEARCH_TABLE,
    ArticleBandRow,
    ArticleRow,
    Base,
    EventAliasRow,
    EventMemberRow,
    EventRefreshRow,
    EventRow,
    ExtractionQueueRow,
    ExtractionQueueVersionRow,
    ExtractionRow,
    LinkQueueRow,
    MentionNameRow,
    MentionNeighbourRow,
    MentionRow,
)
from eventwire.words import rarest

DEFAULT_DB = "eventwire.db"
_LINKER_LOCK_KEY = 0x657665_6E7477
"""The advisory-lock key of the linker slot on PostgreSQL (the bytes of "eventw"; any fixed number)."""
INDEXED_NAMES = 8
"""How many of a mention's names (most used first) go into the candidate index."""
INDEXED_WORDS = 8
"""How many of its rarest content words go in with them: reports that neither a date nor a place can
tell apart (one undated, one placed nowhere) are found only through this index. Of the 30 such
neighbours of the benchmark corpus that share no indexed name, 28 share one of their 8 rarest words
(4 words: 26, 12 words: 30); on ECB+, 23 of 25."""
KM_PER_DEGREE = 110.0
"""Kilometres per degree of latitude, a little under the least (110.6 at the equator): a box of
degrees around a place then holds every place within the distance asked."""
_MIGRATIONS = Path(__file__).with_name("migrations")

Link = tuple[str, float, dict[str, Any]]
"""Why a report is in its event: the report it was linked to, the score, the signals."""
Membership = tuple[str, Link | None]
"""The event a mention belongs to, and the link that put it there (None for the event's first report)."""


class AddOutcome(enum.Enum):
    STORED = "stored"
    NEAR_DUPLICATE = "near_duplicate"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Filters for listing articles; `text` matches title or body, case-insensitively."""

    text: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 50
    offset: int = 0


def default_db_url() -> str:
    return normalize_db_url(os.environ.get("EVENTWIRE_DB") or DEFAULT_DB)


def normalize_db_url(db: str) -> str:
    """Accept a file path or a URL; plain `postgresql://` URLs get the psycopg 3 driver we ship."""
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Reads from the memory-mapped file instead of a read() per page: filtered listings, which visit
    # rows across a large events table, took two to three times as long without it.
    cursor.execute("PRAGMA mmap_size=2147418112")
    cursor.close()


def _migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(db: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at a path or URL; default `./eventwire.db`."""
    url = normalize_db_url(db) if db else default_db_url()
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _migrate(engine)
    return Store(engine)


def _to_article(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        text=row.text,
        content_hash=row.content_hash,
        raw_format=row.raw_format,
        url=row.url,
        outlet=row.outlet,
        published=row.published,
        title=row.title,
        language=row.language,
        origin=row.origin,
        near_duplicate_of=row.near_duplicate_of,
        near_duplicate_similarity=row.near_duplicate_similarity,
    )


_NEAR_DUPLICATE_CANDIDATES = select(ArticleRow.id, ArticleRow.minhash, ArticleRow.near_duplicate_of).where(
    ArticleRow.id.in_(
        select(ArticleBandRow.article_id)
        .where(
            or_(
                *(
                    (ArticleBandRow.band == band) & (ArticleBandRow.band_hash == bindparam(f"hash_{band}"))
                    for band in range(dedup.BANDS)
                )
            )
        )
        .distinct()
    )
)
"""Articles sharing one of the `hash_{i}` band hashes; built once: building its 16 conditions for each
article took a fifth of storing it (profiled over 1,000 reports: storing 7.9 -> 5.2 s)."""

# The statements every article's writes and every linking run execute, built once: building and
# keying a statement took longer than SQLite took to run it (see `_block`). Lists of ids go in
# chunks (`_chunks`) as `ids`.
_ARTICLE_ID: BindParameter[str] = bindparam("article_id")
_ARTICLE_BY_HASH = select(ArticleRow).where(ArticleRow.content_hash == bindparam("content_hash"))
_LOCK_ARTICLE = select(ArticleRow.id).where(ArticleRow.id == _ARTICLE_ID).with_for_update()
_COPY_OF = select(ArticleRow.near_duplicate_of).where(ArticleRow.id == _ARTICLE_ID)
_ANY_MENTION = select(MentionRow.id).where(MentionRow.article_id == _ARTICLE_ID).limit(1)
_UNMARK_EXTRACTED = delete(ExtractionRow).where(ExtractionRow.article_id == _ARTICLE_ID)
_UNQUEUE_ARTICLE = delete(ExtractionQueueRow).where(ExtractionQueueRow.article_id == _ARTICLE_ID)
_QUEUE_VERSION = select(ExtractionQueueVersionRow.version).with_for_update(read=True)
_QUEUE_VERSION_FOR_REFILL = select(ExtractionQueueVersionRow.version).with_for_update()
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_EVENTS_OF_MENTIONS = select(EventMemberRow.event_id).where(EventMemberRow.mention_id.in_(_IDS))
_PLACED = select(EventMemberRow.mention_id).where(EventMemberRow.mention_id.in_(_IDS))
_MEMBER_ROWS = select(EventMemberRow).where(EventMemberRow.mention_id.in_(_IDS))
_MEMBERS_OF_EVENTS = (
    select(EventMemberRow.mention_id, EventMemberRow.event_id)
    .where(EventMemberRow.event_id.in_(_IDS))
    .order_by(EventMemberRow.mention_id)
)
_SEARCHED = select(EventMemberRow.mention_id).where(
    EventMemberRow.mention_id.in_(_IDS), EventMemberRow.searched
)
_NEIGHBOURS = select(MentionNeighbourRow.mention_id, MentionNeighbourRow.other_id).where(
    MentionNeighbourRow.mention_id.in_(_IDS)
)
_NEIGHBOURS_IN_ORDER = _NEIGHBOURS.order_by(MentionNeighbourRow.mention_id, MentionNeighbourRow.other_id)
_MENTION_DATA = select(MentionRow.data).where(MentionRow.id.in_(_IDS))
_UNQUEUE_LINKS = delete(LinkQueueRow).where(LinkQueueRow.mention_id.in_(_IDS))


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._fts = engine.dialect.name == "sqlite" and inspect(engine).has_table(SEARCH_TABLE)
        # The extractor version this Store last found the extraction queue filled for, so that
        # counting the work does not read it every time; forgotten when `save_mentions` finds another.
        self._queue_version: int | None = None

    @property
    def url(self) -> str:
        return display_url(self.engine.url.render_as_string(hide_password=False))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def linking(self) -> Iterator[None]:
        """Hold the store's one linker slot, across processes: two linkers at once (server workers,
        a second `eventwire run`) could each put the same mention into a different event. PostgreSQL
        holds an advisory lock; a SQLite file, an exclusive lock on a `-linker.lock` file beside it."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as connection:
                connection.execute(select(func.pg_advisory_lock(_LINKER_LOCK_KEY)))
                try:
                    yield
                finally:
                    connection.execute(select(func.pg_advisory_unlock(_LINKER_LOCK_KEY)))
                    connection.commit()
            return
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            yield  # a database only this process can reach
            return
        with open(f"{database}-linker.lock", "a+b") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def add_article(self, article: Article) -> tuple[AddOutcome, Article]:
        """Store one article in its own transaction, linking it to an earlier near-duplicate.

        Returns the outcome and the article as stored (for a duplicate: the copy already there).
        """
        signature = dedup.signature(article.text)
        bands = dedup.band_hashes(signature)
        with self._sessions() as session:
            root: ArticleRow | None = None
            score = 0.0
            existing = session.scalar(_ARTICLE_BY_HASH, {"content_hash": article.content_hash})
            if existing is not None:
                return AddOutcome.DUPLICATE, _to_article(existing)
            match = self._near_duplicate(session, signature, bands)
            if match is not None:
                original, score = match
                root = session.get(ArticleRow, original)
                if root is not None and _preferred(article, root):
                    match = None  # the newcomer is the original: the old copy steps back (below)
                else:
                    article = _replace_near(article, original, score)
            bands_of = [
                {"article_id": article.id, "band": band, "band_hash": h} for band, h in enumerate(bands)
            ]
            try:
                session.execute(insert(ArticleRow), [_article_values(article, dedup.to_bytes(signature))])
                if match is None and root is not None:
                    self._demote(session, root, article.id, score)
                session.execute(insert(ArticleBandRow), bands_of)
                if article.near_duplicate_of is None:
                    session.execute(insert(ExtractionQueueRow), [{"article_id": article.id}])
                session.commit()
            except IntegrityError:
                # Another process stored the same text between our check and our insert.
                session.rollback()
                stored = session.scalar(_ARTICLE_BY_HASH, {"content_hash": article.content_hash})
                if stored is None:
                    raise
                return AddOutcome.DUPLICATE, _to_article(stored)
        return (AddOutcome.NEAR_DUPLICATE if match else AddOutcome.STORED), article

    @staticmethod
    def _demote(session: Session, old: ArticleRow, original_id: str, score: float) -> None:
        """Make an earlier-stored copy (and its own copies) near-duplicates of the new original and
        drop the events extracted from it: the original speaks for the group, whatever came first.
        The copy leaves the extraction queue (its copies were never in it)."""
        session.execute(
            update(ArticleRow)
            .where(or_(ArticleRow.id == old.id, ArticleRow.near_duplicate_of == old.id))
            .values(near_duplicate_of=original_id, near_duplicate_similarity=round(score, 4))
        )
        _drop_mentions(session, old.id)
        session.execute(delete(ExtractionRow).where(ExtractionRow.article_id == old.id))
        _queue_version(session)  # a refill waits for this transaction, or this waits for it
        session.execute(delete(ExtractionQueueRow).where(ExtractionQueueRow.article_id == old.id))

    @staticmethod
    def _near_duplicate(session: Session, signature: Any, bands: list[int]) -> tuple[str, float] | None:
        """Candidates share at least one LSH band; the best one's root original is the link target."""
        rows = session.execute(
            _NEAR_DUPLICATE_CANDIDATES, {f"hash_{band}": value for band, value in enumerate(bands)}
        ).all()
        match = dedup.best_match(signature, [(row.id, row.minhash) for row in rows])
        if match is None:
            return None
        roots = {row.id: row.near_duplicate_of for row in rows}
        original = roots.get(match[0]) or match[0]
        return original, match[1]

    def get_article(self, article_id: str) -> Article | None:
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            return _to_article(row) if row else None

    def articles(self, query: ArticleQuery | None = None) -> list[Article]:
        query = query or ArticleQuery()
        statement = (
            select(ArticleRow)
            .where(*_article_conditions(query))
            .order_by(ArticleRow.published.desc(), ArticleRow.id)
            .limit(query.limit)
            .offset(query.offset)
        )
        with self._sessions() as session:
            return [_to_article(row) for row in session.scalars(statement)]

    def count_matching_articles(self, query: ArticleQuery) -> int:
        """How many articles the query's filters match, whatever its page."""
        statement = select(func.count()).select_from(ArticleRow).where(*_article_conditions(query))
        with self._sessions() as session:
            return session.scalar(statement) or 0

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        """All articles in id order, a batch at a time, for stages that walk the whole store."""
        last = ""
        while True:
            with self._sessions() as session:
                rows = list(
                    session.scalars(
                        select(ArticleRow)
                        .where(ArticleRow.id > last)
                        .order_by(ArticleRow.id)
                        .limit(batch_size)
                    )
                )
            if not rows:
                return
            yield from (_to_article(row) for row in rows)
            last = rows[-1].id

    def articles_to_extract(
        self, version: int, limit: int = 1000, excluding: Collection[str] = ()
    ) -> list[Article]:
        """Articles not yet processed by this extractor version (near-duplicates are skipped: their
        original speaks for them), by id; `excluding` the batch still being extracted (articles
        stored meanwhile may come before or after it)."""
        if self._queue_for(version):
            statement = select(ArticleRow).join(
                ExtractionQueueRow, ExtractionQueueRow.article_id == ArticleRow.id
            )
            key = ExtractionQueueRow.article_id  # the queue in key order: no sort, no scan
        else:
            statement, key = select(ArticleRow).where(*_pending(version)), ArticleRow.id
        statement = statement.order_by(key).limit(limit)
        if excluding:
            statement = statement.where(key.not_in(list(excluding)))
        with self._sessions() as session:
            return [_to_article(row) for row in session.scalars(statement)]

    def count_to_extract(self, version: int) -> int:
        if self._queue_for(version):
            counted = select(func.count()).select_from(ExtractionQueueRow)
        else:
            counted = select(func.count()).select_from(ArticleRow).where(*_pending(version))
        with self._sessions() as session:
            return session.scalar(counted) or 0

    def _queue_for(self, version: int) -> bool:
        """Whether the extraction queue holds this version's work, filled for it if it held an
        older version's (the extractor changed, or the queue was never filled) in one transaction:
        a second process doing the same waits for it (PostgreSQL) or fills the same rows again
        after it (SQLite). The newest version keeps the queue: an older extractor beside it (a
        worker not yet upgraded, a rollback) finds its work by scanning the store, since refilling
        for each in turn, the two emptied each other's queue at every batch."""
        if self._queue_version == version:
            return True
        with self._sessions() as session:
            queued_for = session.scalar(select(ExtractionQueueVersionRow.version))
        if queued_for is not None and queued_for > version:
            return False
        with self._sessions() as session, session.begin():
            queued_for = _queue_version(session, refill=True)
            if queued_for is not None and queued_for > version:
                return False  # a newer extractor took the queue meanwhile
            if queued_for != version:
                session.execute(delete(ExtractionQueueRow))
                pending = select(ArticleRow.id).where(*_pending(version))
                session.execute(
                    _insert_ignoring(session, ExtractionQueueRow).from_select(["article_id"], pending)
                )
                session.execute(update(ExtractionQueueVersionRow).values(version=version))
        self._queue_version = version
        return True

    def save_mentions(self, article_id: str, mentions: list[EventMention], version: int) -> None:
        """Replace an article's mentions and mark it done, all in one transaction (a near-duplicate
        is marked done without mentions). Done at the version the extraction queue is filled for,
        it leaves the queue; done at another, an original stays in it (it still waits for that
        version). A queue filled for another version than this one was refilled by a process with
        another extractor: this Store asks again when next asked for its work (see `_queue_for`).

        Plain INSERTs of many rows, not ORM objects: the unit of work took two thirds of storing an
        article's mentions and names (profiled over the 1,536 reports of bench/pipeline.py).
        """
        names = [row for mention in mentions for row in name_rows(mention)]
        with self._sessions() as session, session.begin():
            _take_article(session, article_id)
            _drop_mentions(session, article_id)
            session.execute(insert(ExtractionRow), [{"article_id": article_id, "version": version}])
            queued_for = _queue_version(session)  # read after a write: in SQLite's write transaction
            original = session.scalar(_COPY_OF, {"article_id": article_id}) is None
            if queued_for == version:
                session.execute(_UNQUEUE_ARTICLE, {"article_id": article_id})
            elif original:
                session.execute(_insert_ignoring(session, ExtractionQueueRow).values(article_id=article_id))
            if not original:
                # A copy that became a near-duplicate while it was being extracted (its original
                # arrived meanwhile): the original speaks for it, as if it had come first.
                mentions, names = [], []
            if mentions:
                session.execute(insert(MentionRow), [_mention_values(mention) for mention in mentions])
                session.execute(insert(LinkQueueRow), [{"mention_id": mention.id} for mention in mentions])
            if names:
                session.execute(insert(MentionNameRow), names)
        if queued_for != version:
            self._queue_version = None

    def mentions(self, article_id: str | None = None, limit: int = 1000) -> list[EventMention]:
        statement = select(MentionRow.data).order_by(MentionRow.article_id, MentionRow.position).limit(limit)
        if article_id:
            statement = statement.where(MentionRow.article_id == article_id)
        with self._sessions() as session:
            return [mention_from_dict(data) for data in session.scalars(statement)]

    def unlinked_mentions(self) -> list[EventMention]:
        statement = (
            select(MentionRow.data)
            .join(LinkQueueRow, LinkQueueRow.mention_id == MentionRow.id)
            .order_by(MentionRow.id)
        )
        with self._sessions() as session:
            return [mention_from_dict(data) for data in session.scalars(statement)]

    def search_candidates(
        self,
        mention: EventMention,
        event_types: list[str],
        limit: int = 300,
        known: dict[str, EventMention] | None = None,
        near_km: float | None = None,
    ) -> tuple[dict[str, list[EventMention]], bool]:
        """Linked mentions that could be the same event, grouped by event, and whether they are all
        the blocks hold (no block cut at `limit`).

        The blocks are the mentions whose date or place the mention can be compared with: same
        country × the types × the date window, undated or placed nowhere (but not both), and those
        that share a name or a rare word with it (`index_words`). A pair that neither a date nor a
        place can compare (one undated, one placed nowhere) is one event only on what the reports
        say, so the shared words find it; blocks of everything undated or placed nowhere had held
        hundreds of mentions each. With `near_km`, a mention set in a town or district takes from its
        country only the mentions within that distance, those set in a region or country (which may
        hold its place) and those set nowhere; in a dense country (US shootings a week apart) its
        blocks had held hundreds of mentions from everywhere else in it. The rules are symmetric: if
        one mention's blocks hold another, the other's hold it.

        `known` holds mentions already read, by id, and gains the ones read now: a run that links
        many mentions reads each candidate once (decoding them was 60% of linking). Keep it for one
        linking run only: a re-extraction reuses mention ids.

        Each block is a conjunction the (country, event_type, date_start) index serves, the distance
        a filter on the rows it finds. OR-ed conditions across the index would make the database
        scan the whole table, and the cost per new article would grow with the store.
        """
        place = mention.place.place if mention.place else None
        country = place.country if place else None
        values: dict[str, Any] = {"types": list(event_types), "country": country}
        windows: tuple[str, ...] = ()
        if mention.date:
            values |= _window_values(mention.date)
            windows = _WINDOWS
        box = _nearby_box(place, near_km) if country and near_km and place else None
        if box is not None:
            values |= box
        if country:
            blocks = [
                _block(_IN_COUNTRY, box is not None, window, limit)
                for window in (*(windows or (_DATED,)), _UNDATED)
            ]
            blocks += [_block(_NO_COUNTRY, False, window, limit) for window in windows]
        else:  # placed nowhere: the dated mentions of its window, anywhere
            blocks = [_block(_ANYWHERE, False, window, limit) for window in windows]
        names = index_words(mention)
        if names:
            # The approximate block: mentions that use one of the same names or rare words, whatever
            # their date, country or type (a report without them, or without a word of violence, still
            # finds its event); bounded like the others. A date apart from its own is a conflict,
            # unless one of them is a bare year: at 100k stored events most users of a rare word
            # are dated elsewhere.
            values["names"] = sorted(names)
            dated = _compared_date(mention) is not None
            blocks.append(_named_block(dated, limit))
        members: dict[str, str] = {}  # mention id -> event id, in the order found
        complete = True
        with self._sessions() as session:
            for block in blocks:
                found = session.execute(block, values).all()
                complete = complete and len(found) < limit
                for mention_id, event_id in found:
                    members.setdefault(mention_id, event_id)
            return _grouped(session, members, known), complete

    def event_mates(
        self, mention_ids: Iterable[str], known: dict[str, EventMention] | None = None
    ) -> dict[str, list[EventMention]]:
        """The events these mentions are in, each with all its mentions (`known` as in
        `search_candidates`): a linking run rewrites whole events."""
        chosen = sorted(set(mention_ids))
        with self._sessions() as session:
            event_ids: set[str] = set()
            for chunk in _chunks(chosen):
                event_ids.update(session.scalars(_EVENTS_OF_MENTIONS, {"ids": chunk}))
            return _grouped(session, _members_of(session, event_ids), known)

    def place_alone(self, mention_ids: Iterable[str]) -> None:
        """Put each of these queued mentions in an event of its own (`ev-` and its id), so that the
        candidate indexes find it while a run links it. It stays queued until `regroup` writes where
        it belongs: a killed run leaves it to the next."""
        chosen = sorted(set(mention_ids))
        with self._sessions() as session, session.begin():
            for chunk in _chunks(chosen):
                placed = set(session.scalars(_PLACED, {"ids": chunk}))
                session.add_all(
                    EventMemberRow(mention_id=mention_id, event_id=f"ev-{mention_id}", signals={})
                    for mention_id in chunk
                    if mention_id not in placed
                )

    def regroup(
        self,
        members: Mapping[str, Membership],
        linked: Iterable[str],
        searched: Mapping[str, Iterable[str]] | None = None,
        partly_searched: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """Write where a region's mentions now belong (mention id -> event id and the link that put
        it there, None for an event's first report) and take the `linked` mentions off the queue, in
        one transaction, with the neighbours found of the `searched` mentions (see `neighbours_of`)
        and of the `partly_searched` ones (whose candidates were cut: they are looked for again).
        Events with new reports, or whose members or links changed, go stale; an event that is gone
        leaves its id (and the ids it had before) to the event now holding its first mention."""
        with self._sessions() as session, session.begin():
            rows: dict[str, EventMemberRow] = {}
            for chunk in _chunks(sorted(members)):
                rows.update((row.mention_id, row) for row in session.scalars(_MEMBER_ROWS, {"ids": chunk}))
            before = {mention_id: row.event_id for mention_id, row in sorted(rows.items())}
            stale: set[str] = set()
            for mention_id, (event_id, link) in sorted(members.items()):
                linked_to, score, signals = link or (None, None, {})
                row = rows.get(mention_id)
                if row is None:
                    session.add(
                        EventMemberRow(
                            mention_id=mention_id,
                            event_id=event_id,
                            linked_to=linked_to,
                            score=score,
                            signals=signals,
                        )
                    )
                    stale.add(event_id)
                elif (row.event_id, row.linked_to, row.score, row.signals) != (
                    event_id,
                    linked_to,
                    score,
                    signals,
                ):
                    stale |= {row.event_id, event_id}
                    row.event_id, row.linked_to, row.score, row.signals = event_id, linked_to, score, signals
            now = {event_id for event_id, _ in members.values()}
            heirs: dict[str, str] = {}
            for mention_id, old_id in before.items():  # mention id order: a gone event's first report
                if old_id not in now:
                    heirs.setdefault(old_id, members[mention_id][0])
            for old_id, heir in heirs.items():
                session.execute(
                    update(EventAliasRow).where(EventAliasRow.group_id == old_id).values(group_id=heir)
                )
                for record_id in session.scalars(select(EventRow.id).where(EventRow.group_id == old_id)):
                    session.merge(EventAliasRow(old_id=record_id, group_id=heir))
            self._keep_neighbours(session, rows, searched or {}, partly_searched or {})
            done = sorted(set(linked))
            stale |= {members[mention_id][0] for mention_id in done if mention_id in members}  # new reports
            for chunk in _chunks(done):
                session.execute(_UNQUEUE_LINKS, {"ids": chunk})
            _mark_stale(session, sorted(stale))

    def stale_event_groups(self, limit: int = 500) -> list[str]:
        statement = select(EventRefreshRow.group_id).order_by(EventRefreshRow.group_id).limit(limit)
        with self._sessions() as session:
            return list(session.scalars(statement))

    def event_group(self, group_id: str) -> list[tuple[EventMention, EventMemberRow]]:
        """One event's mentions with the link record of each."""
        return self.event_groups_of([group_id]).get(group_id, [])

    def event_groups_of(
        self, group_ids: Iterable[str]
    ) -> dict[str, list[tuple[EventMention, EventMemberRow]]]:
        """These events' mentions with the link record of each, by event (those with members)."""
        grouped: dict[str, list[tuple[EventMention, EventMemberRow]]] = {}
        with self._sessions() as session:
            for chunk in _chunks(sorted(set(group_ids))):
                statement = (
                    select(MentionRow.data, EventMemberRow)
                    .join(EventMemberRow, EventMemberRow.mention_id == MentionRow.id)
                    .where(EventMemberRow.event_id.in_(chunk))
                    .order_by(EventMemberRow.event_id, MentionRow.id)
                )
                for data, member in session.execute(statement):
                    grouped.setdefault(member.event_id, []).append((mention_from_dict(data), member))
        return grouped

    @staticmethod
    def _keep_neighbours(
        session: Session,
        rows: Mapping[str, EventMemberRow],
        searched: Mapping[str, Iterable[str]],
        partly_searched: Mapping[str, Iterable[str]],
    ) -> None:
        found = {**partly_searched, **searched}
        pairs = {
            pair
            for mention_id, others in found.items()
            for other in others
            for pair in ((mention_id, other), (other, mention_id))
        }
        # Both ways are written and dropped together: the searched side's rows tell what is stored
        # (reading the other side's would read a whole large event's graph for one new report).
        for chunk in _chunks(sorted(found)):
            for mention_id, other in session.execute(_NEIGHBOURS, {"ids": chunk}):
                pairs -= {(mention_id, other), (other, mention_id)}
        if pairs:  # a plain insert: a large event's graph is tens of thousands of rows
            values = [{"mention_id": a, "other_id": b} for a, b in sorted(pairs)]
            session.execute(insert(MentionNeighbourRow), values)
        for mention_id in searched:
            if (row := rows.get(mention_id)) is not None:
                row.searched = True

    def neighbours_of(self, mention_ids: Iterable[str]) -> dict[str, list[str]]:
        """The stored neighbours of each of these mentions that a run looked for (the others are
        left out): a report's neighbours are looked for once, when it is linked, and a later report
        that is one adds itself."""
        chosen = sorted(set(mention_ids))
        found: dict[str, list[str]] = {}
        with self._sessions() as session:
            for chunk in _chunks(chosen):
                found.update((mention_id, []) for mention_id in session.scalars(_SEARCHED, {"ids": chunk}))
                for mention_id, other_id in session.execute(_NEIGHBOURS_IN_ORDER, {"ids": chunk}):
                    if mention_id in found:
                        found[mention_id].append(other_id)
        return found

    def event_links(self, event_id: str) -> dict[str, Link | None]:
        """The link that put each of an event's mentions in it, None for its first report, without
        reading the mentions themselves."""
        statement = select(EventMemberRow).where(EventMemberRow.event_id == event_id)
        with self._sessions() as session:
            return {
                row.mention_id: None
                if row.linked_to is None
                else (row.linked_to, row.score or 0.0, dict(row.signals))
                for row in session.scalars(statement)
            }

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        with self._sessions() as session:
            rows = session.scalars(select(ArticleRow).where(ArticleRow.id.in_(sorted(set(ids)))))
            return {row.id: _to_article(row) for row in rows}

    def save_events(self, records: Mapping[str, Event | None]) -> None:
        """Replace event groups' records (None: the group is gone, merged into another) and take them
        off the stale list, in one transaction. A record of another group under the same id is
        replaced too: the id is its first mention's, which is this group's now. One transaction for
        many groups: written one by one, with ten statements each, the records took a seventh of
        the linking process's time over the bench corpus."""
        groups = sorted(records)
        merged = {group_id: event for group_id, event in records.items() if event is not None}
        with self._sessions() as session, session.begin():
            previous: dict[str, str] = {}
            for chunk in _chunks(groups):
                found = select(EventRow.group_id, EventRow.id).where(EventRow.group_id.in_(chunk))
                previous.update((group_id, event_id) for group_id, event_id in session.execute(found))
                session.execute(delete(EventRow).where(EventRow.group_id.in_(chunk)))
            # An event named after a mention it took over from an event it absorbed: that event's
            # record, still waiting to be written again, goes now.
            ids = sorted(event.id for event in merged.values())
            for chunk in _chunks(ids):
                session.execute(delete(EventRow).where(EventRow.id.in_(chunk)))
            if merged:
                session.execute(
                    insert(EventRow),
                    [event_values(group_id, event) for group_id, event in sorted(merged.items())],
                )
            for group_id, event in sorted(merged.items()):
                if (old_id := previous.get(group_id)) is not None and old_id != event.id:
                    session.merge(EventAliasRow(old_id=old_id, group_id=group_id))
            for chunk in _chunks(ids):  # an event's own id is no alias of another
                session.execute(delete(EventAliasRow).where(EventAliasRow.old_id.in_(chunk)))
            for chunk in _chunks(groups):
                session.execute(delete(EventRefreshRow).where(EventRefreshRow.group_id.in_(chunk)))

    def _listing(self, session: Session, query: EventQuery) -> tuple[Select[Any], Select[Any]]:
        matches = text_match_count(query, self._fts)
        return listing(query, self._fts, None if matches is None else session.scalar(matches))

    def query_events(self, query: EventQuery | None = None) -> tuple[int, list[dict[str, Any]]]:
        """How many stored events match, and the requested page of their JSON records."""
        with self._sessions() as session:
            count, page = self._listing(session, query or EventQuery())
            return session.scalar(count) or 0, list(session.scalars(page))

    def query_event_json(self, query: EventQuery) -> tuple[int, list[str]]:
        """As `query_events`, each record as the JSON text it is stored as, for the API to send
        without decoding and encoding it again (most of the time a page took)."""
        with self._sessions() as session:
            count, page = self._listing(session, query)
            texts = session.scalars(page.with_only_columns(cast(EventRow.record, Text)))
            return session.scalar(count) or 0, list(texts)

    def iter_event_records(self, query: EventQuery, batch_size: int = 200) -> Iterator[dict[str, Any]]:
        """Every record the query selects, read in batches in one transaction (a consistent
        snapshot) without holding them all: what exports stream."""
        with self._sessions() as session:
            _, page = self._listing(session, query)
            yield from session.scalars(page.execution_options(yield_per=batch_size))

    def event_date_counts(self, query: EventQuery) -> list[tuple[date | None, int]]:
        """(start date, how many matching events) per date, None for the undated."""
        with self._sessions() as session:
            return [(start, int(n)) for start, n in session.execute(date_counts(query, self._fts))]

    def event_group_id(self, event_id: str) -> str | None:
        """The group holding the event with this id, or with this id before a report renamed it or
        merged it into another."""
        with self._sessions() as session:
            return _group_of(session, event_id)

    def event_record(self, event_id: str) -> dict[str, Any] | None:
        """The event's stored record; an id it had before still finds it (the record has its id now)."""
        with self._sessions() as session:
            group_id = _group_of(session, event_id)
            record: dict[str, Any] | None = session.scalar(
                select(EventRow.record).where(EventRow.group_id == group_id)
            )
            return record

    def event_groups(self) -> dict[str, list[tuple[EventMention, EventMemberRow]]]:
        """Every event with its mentions and the link record of each, in a stable order."""
        statement = (
            select(MentionRow.data, EventMemberRow)
            .join(EventMemberRow, EventMemberRow.mention_id == MentionRow.id)
            .order_by(EventMemberRow.event_id, MentionRow.id)
        )
        grouped: dict[str, list[tuple[EventMention, EventMemberRow]]] = {}
        with self._sessions() as session:
            for data, member in session.execute(statement):
                grouped.setdefault(member.event_id, []).append((mention_from_dict(data), member))
        return grouped

    def count_mentions(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(MentionRow)) or 0

    def count_articles(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def stats(self) -> dict[str, Any]:
        with self._sessions() as session:
            first, last = session.execute(
                select(func.min(ArticleRow.published), func.max(ArticleRow.published))
            ).one()

            def counts(column: Any) -> dict[str, int]:
                rows = session.execute(select(column, func.count()).group_by(column)).all()
                named = Counter({"(unknown)" if value is None else str(value): int(n) for value, n in rows})
                return dict(named.most_common())

            near = session.scalar(select(func.count()).where(ArticleRow.near_duplicate_of.is_not(None)))
            # Counted inside the block: a closed session used again opens a new connection that
            # nothing returns to the pool (PostgreSQL's tests logged its failed reset at exit).
            by_field = {
                "by_format": counts(ArticleRow.raw_format),
                "by_language": counts(ArticleRow.language),
                "by_outlet": counts(ArticleRow.outlet),
            }
        return {
            "database": self.url,
            "articles": self.count_articles(),
            "event_mentions": self.count_mentions(),
            "near_duplicates": near or 0,
            "published_first": first.isoformat() if first else None,
            "published_last": last.isoformat() if last else None,
            **by_field,
        }


def _article_conditions(query: ArticleQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.text:
        pattern = f"%{query.text}%"
        conditions.append(or_(ArticleRow.title.ilike(pattern), ArticleRow.text.ilike(pattern)))
    if query.outlet:
        conditions.append(ArticleRow.outlet == query.outlet)
    if query.since:
        conditions.append(ArticleRow.published >= query.since)
    if query.until:
        conditions.append(ArticleRow.published <= query.until)
    return conditions


def _preferred(article: Article, row: ArticleRow) -> bool:
    """Of near-duplicate copies, the earliest published (then the smallest id) is the original, so
    the same set of articles gives the same originals in any arrival order."""
    return (article.published or date.max, article.id) < (row.published or date.max, row.id)


def _replace_near(article: Article, original: str, score: float) -> Article:
    from dataclasses import replace

    return replace(article, near_duplicate_of=original, near_duplicate_similarity=round(score, 4))


def _article_values(article: Article, minhash: bytes) -> dict[str, Any]:
    return dict(
        id=article.id,
        content_hash=article.content_hash,
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        title=article.title,
        text=article.text,
        language=article.language,
        raw_format=article.raw_format,
        origin=article.origin,
        near_duplicate_of=article.near_duplicate_of,
        near_duplicate_similarity=article.near_duplicate_similarity,
        minhash=minhash,
    )


def _group_of(session: Session, event_id: str) -> str | None:
    group_id = session.scalar(select(EventRow.group_id).where(EventRow.id == event_id))
    if group_id is None:
        group_id = session.scalar(select(EventAliasRow.group_id).where(EventAliasRow.old_id == event_id))
    return group_id


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """Lists of values short enough for one IN (...) of bound parameters."""
    for first in range(0, len(values), size):
        yield values[first : first + size]


def _members_of(session: Session, event_ids: Iterable[str]) -> dict[str, str]:
    """Mention id -> event id for every member of these events, each event's in mention id order."""
    members: dict[str, str] = {}
    for chunk in _chunks(sorted(set(event_ids))):
        members.update(dict(session.execute(_MEMBERS_OF_EVENTS, {"ids": chunk}).all()))
    return members


def _grouped(
    session: Session, members: dict[str, str], known: dict[str, EventMention] | None
) -> dict[str, list[EventMention]]:
    """Mentions by event (`members`: mention id -> event id), decoding only those not in `known`,
    which gains them."""
    known = {} if known is None else known
    unread = [mention_id for mention_id in members if mention_id not in known]
    for chunk in _chunks(unread):
        for data in session.scalars(_MENTION_DATA, {"ids": chunk}):
            read = mention_from_dict(data)
            known[read.id] = read
    grouped: dict[str, list[EventMention]] = {}
    for mention_id, event_id in members.items():
        grouped.setdefault(event_id, []).append(known[mention_id])
    return grouped


def _take_article(session: Session, article_id: str) -> None:
    """Make a second process saving the same article wait until this transaction ends, so that it
    then drops what this one wrote instead of colliding with it on its keys. PostgreSQL locks the
    article's row. pysqlite begins SQLite's transaction only at the first write, so the reads before
    it are no part of the transaction and may be stale: the extraction mark goes first (the callers
    write it again), which takes the database's write lock."""
    session.execute(_LOCK_ARTICLE, {"article_id": article_id})
    session.execute(_UNMARK_EXTRACTED, {"article_id": article_id})


def _drop_mentions(session: Session, article_id: str) -> None:
    """Remove an article's mentions from the store and from their events, which go stale (its
    extraction mark and its place in the extraction queue are the callers' to change). Reports
    that were linked to a dropped mention are linked to what it was linked to (a dropped first
    report hands that place to the earliest of them), so every report of an event keeps a path of
    links to its first; their scores stay those they had against the dropped mention, an earlier
    reading or a copy of the same report."""
    if session.scalar(_ANY_MENTION, {"article_id": article_id}) is None:
        return  # a first extraction: no mention, link or name to drop
    mentions = select(MentionRow.id).where(MentionRow.article_id == article_id)
    dropped = session.scalars(select(EventMemberRow).where(EventMemberRow.mention_id.in_(mentions))).all()
    parent_of = {row.mention_id: row.linked_to for row in dropped}
    for row in sorted(dropped, key=lambda r: r.mention_id):
        parent = row.linked_to
        while parent in parent_of:
            parent = parent_of[parent]
        children = session.scalars(
            select(EventMemberRow)
            .where(EventMemberRow.event_id == row.event_id, EventMemberRow.linked_to == row.mention_id)
            .order_by(EventMemberRow.mention_id)
        ).all()
        for child in children:
            if child.mention_id in parent_of:
                continue
            if parent is None:
                child.linked_to, child.score, child.signals = None, None, {}
                parent = child.mention_id
            else:
                child.linked_to = parent
    _mark_stale(session, sorted({row.event_id for row in dropped}))
    session.execute(delete(EventMemberRow).where(EventMemberRow.mention_id.in_(mentions)))
    session.execute(delete(LinkQueueRow).where(LinkQueueRow.mention_id.in_(mentions)))
    session.execute(
        delete(MentionNeighbourRow).where(
            MentionNeighbourRow.mention_id.in_(mentions) | MentionNeighbourRow.other_id.in_(mentions)
        )
    )
    session.execute(delete(MentionNameRow).where(MentionNameRow.mention_id.in_(mentions)))
    session.execute(delete(MentionRow).where(MentionRow.article_id == article_id))


def _mark_stale(session: Session, group_ids: Iterable[str]) -> None:
    if values := [{"group_id": group_id} for group_id in group_ids]:
        session.execute(_insert_ignoring(session, EventRefreshRow), values)


def _pending(version: int) -> tuple[Any, ...]:
    """What the extraction queue holds for a version, found by scanning the store (to refill it)."""
    done = select(ExtractionRow.article_id).where(ExtractionRow.version == version)
    return ArticleRow.id.not_in(done), ArticleRow.near_duplicate_of.is_(None)


def _queue_version(session: Session, *, refill: bool = False) -> int | None:
    """The extractor version the queue is filled for, locked until the transaction ends: a refill
    (exclusively) waits for the transactions that change the queue (shared), and they for it, so
    none misses the rows of another. On SQLite, whose writers take turns, no lock is needed."""
    return session.scalar(_QUEUE_VERSION_FOR_REFILL if refill else _QUEUE_VERSION)


def _insert_ignoring(session: Session, table: type[Base]) -> Insert:
    """An INSERT that skips rows already there: into the extraction queue, a concurrent writer may
    have queued an article since this transaction began; an event marked stale twice is stale."""
    insert_into = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return insert_into(table).on_conflict_do_nothing()


def index_words(mention: EventMention) -> list[str]:
    """What the approximate candidate index keeps of a mention: its most used names and its rarest
    content words (a name of one report is often a word of another: "lohan")."""
    words = [*mention.names[:INDEXED_NAMES], *rarest(mention.terms, INDEXED_WORDS)]
    return list(dict.fromkeys(word[:100] for word in words))


def _compared_date(mention: EventMention) -> DateValue | None:
    """The date the named block compares a mention by, searching or found: none for an undated
    mention or a bare year, which any date may match."""
    return mention.date if mention.date and mention.date.precision != "year" else None


def name_rows(mention: EventMention) -> list[dict[str, Any]]:
    """A mention's rows in the candidate index (`MentionNameRow`)."""
    when = _compared_date(mention)
    dates = {
        "window_start": when.start if when else None,
        "window_end": when.end if when else None,
        "by_day": when is not None and when.precision == "day",
    }
    return [{"mention_id": mention.id, "name": name, **dates} for name in index_words(mention)]


_IN_COUNTRY, _NO_COUNTRY, _ANYWHERE = "in country", "no country", "anywhere"
_DAY, _COARSE, _DATED, _UNDATED = "day", "coarse", "dated", "undated"
_WINDOWS = (_DAY, _COARSE)
"""The date windows of a dated mention: its days with a week of slack, and coarser dates (a month,
a year) that start up to a year before and end in that slack or later."""


def _window_values(value: DateValue) -> dict[str, date]:
    slack = timedelta(days=7)
    start, end = value.start - slack, value.end + slack
    return {"start": start, "end": end, "coarse_start": start - timedelta(days=366)}


def _window(window: str) -> ColumnElement[bool]:
    """One window's condition on a mention's dates, its bounds bound at execution (`_window_values`)."""
    if window == _DAY:
        return MentionRow.date_start.between(bindparam("start"), bindparam("end"))
    if window == _COARSE:
        return (
            MentionRow.date_start.between(bindparam("coarse_start"), bindparam("end"))
            & (MentionRow.date_precision != "day")
            & (MentionRow.date_end >= bindparam("start"))
        )
    return MentionRow.date_start.is_not(None) if window == _DATED else MentionRow.date_start.is_(None)


@functools.cache
def _block(where: str, nearby: bool, window: str, limit: int) -> Select[str, str]:
    """A candidate block of `search_candidates`, built once and then only executed: building and
    keying a statement cost four times its execution (0.34 against 0.08 ms, measured on SQLite),
    and linking ran four to five blocks a report."""
    conditions: list[ColumnElement[bool]] = []
    if where == _IN_COUNTRY:
        conditions.append(MentionRow.country == bindparam("country"))
    elif where == _NO_COUNTRY:
        conditions.append(MentionRow.country.is_(None))
    if nearby:
        conditions.append(
            or_(
                MentionRow.latitude.is_(None),
                MentionRow.place_precision.in_(_HOLDING_PRECISIONS),
                MentionRow.latitude.between(bindparam("lat_low"), bindparam("lat_high"))
                & MentionRow.longitude.between(bindparam("lon_low"), bindparam("lon_high")),
            )
        )
    conditions += [_window(window), MentionRow.event_type.in_(bindparam("types", expanding=True))]
    condition = and_(*conditions)
    return _members_where(condition, limit)


@functools.cache
def _named_block(dated: bool, limit: int) -> Select[str, str]:
    """The block of mentions that use one of the report's names or rare words (`dated`: of those,
    the ones undated or dated by a bare year, and those in the report's windows: a day in its window
    or a coarser date that starts up to a year before and ends in it). Two index ranges a name,
    each read from the index alone (an OR of them made SQLite read every user of the name)."""
    named = MentionNameRow.name.in_(bindparam("names", expanding=True))
    users = select(MentionNameRow.mention_id)
    if not dated:
        return _members_where(MentionRow.id.in_(users.where(named).limit(limit)), limit)
    in_window = (
        MentionNameRow.window_start.between(bindparam("coarse_start"), bindparam("end"))
        & (MentionNameRow.window_end >= bindparam("start"))
        & (~MentionNameRow.by_day | (MentionNameRow.window_start >= bindparam("start")))
    )
    either = union_all(
        users.where(named, MentionNameRow.window_start.is_(None)), users.where(named, in_window)
    )
    return _members_where(MentionRow.id.in_(either.limit(limit)), limit)


def _members_where(condition: ColumnElement[bool], limit: int) -> Select[str, str]:
    return (
        select(MentionRow.id, EventMemberRow.event_id)
        .join(EventMemberRow, EventMemberRow.mention_id == MentionRow.id)
        .where(condition)
        .limit(limit)
    )


_HOLDING_PRECISIONS = ("region", "country", "continent")
"""Places that may hold a town or district far from their own centre."""


def _nearby_box(place: Place, km: float) -> dict[str, float] | None:
    """The box of latitude and longitude within `km` of a town or district (the distance then
    checks what it holds); the mentions it admits are those in it, in a place that may hold it, or
    set nowhere. None when the place is coarser or the box would cross a pole or the antimeridian."""
    if place.precision in _HOLDING_PRECISIONS or place.lat is None or place.lon is None:
        return None
    lat_span = km / KM_PER_DEGREE
    if abs(place.lat) + lat_span >= 89.0:
        return None
    lon_span = lat_span / math.cos(math.radians(abs(place.lat) + lat_span))
    if abs(place.lon) + lon_span >= 180.0:
        return None
    return {
        "lat_low": place.lat - lat_span,
        "lat_high": place.lat + lat_span,
        "lon_low": place.lon - lon_span,
        "lon_high": place.lon + lon_span,
    }


def _mention_values(mention: EventMention) -> dict[str, Any]:
    place = mention.place.place if mention.place else None
    return dict(
        id=mention.id,
        article_id=mention.article_id,
        position=mention.index,
        kind=mention.kind,
        event_type=mention.type.event_type,
        sub_event_type=mention.type.sub_event_type,
        date_start=mention.date.start if mention.date else None,
        date_end=mention.date.end if mention.date else None,
        date_precision=mention.date.precision if mention.date else None,
        geonameid=place.geonameid if place else None,
        country=place.country if place else None,
        latitude=place.lat if place else None,
        longitude=place.lon if place else None,
        place_precision=place.precision if place else None,
        data=to_dict(mention),
    )
