"""Database tables (SQLAlchemy 2 declarative). Alembic migrations in `migrations/` create them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


SEARCH_TABLE = "events_search"
"""SQLite's substring index over `events.search_text` (an FTS5 trigram table, migration 0008). It is
not declared here: SQLAlchemy cannot create virtual tables, and a database without FTS5 lacks it."""
SEARCH_INDEX = "ix_events_search_trgm"
"""PostgreSQL's substring index over `events.search_text` (pg_trgm, migration 0008), where allowed."""


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300), index=True)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    raw_format: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(Text)
    near_duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id"), index=True)
    near_duplicate_similarity: Mapped[float | None] = mapped_column(Float)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ArticleBandRow(Base):
    """One LSH band of an article's MinHash: articles sharing a band are near-duplicate candidates."""

    __tablename__ = "article_bands"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(primary_key=True)
    band_hash: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_article_bands_lookup", "band", "band_hash"),)


class ExtractionRow(Base):
    """Which extractor version last processed an article: re-runs skip what is current."""

    __tablename__ = "extractions"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int]
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ExtractionQueueRow(Base):
    """Articles waiting for extraction at the version `ExtractionQueueVersionRow` holds: written with
    the article, removed with its extraction, so finding new work never scans the store."""

    __tablename__ = "extraction_queue"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class ExtractionQueueVersionRow(Base):
    """The extractor version whose work the queue holds (None: never filled), in one row: a refill
    locks it, and the writes that could cross a refill wait on it. A table of its own rather than a
    key/value table of settings: it is the store's only such value, and a typed column says what it is."""

    __tablename__ = "extraction_queue_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 1, the one row
    version: Mapped[int | None]


class MentionRow(Base):
    """One EventMention; the queryable fields as columns, the whole mention as JSON."""

    __tablename__ = "mentions"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(64))
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    geonameid: Mapped[int | None] = mapped_column(BigInteger)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # "town", "district", "region", "country", "continent": a local report's link blocks take only
    # the reports near it and the coarser places that may hold it.
    place_precision: Mapped[str | None] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    # The link blocks: a country (or none), the event types, a date window (or undated).
    __table_args__ = (Index("ix_mentions_block", "country", "event_type", "date_start"),)


class EventMemberRow(Base):
    """Which event a mention belongs to, and why: the score and signals of the link that put it there."""

    __tablename__ = "event_members"

    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(48), index=True)
    linked_to: Mapped[str | None] = mapped_column(String(48))
    score: Mapped[float | None] = mapped_column(Float)
    signals: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Whether its neighbours (`MentionNeighbourRow`) were looked for: a later run reads them instead
    # of asking the indexes and scoring the candidates again.
    searched: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class MentionNeighbourRow(Base):
    """Two reports that could be one event (no conflict, and a link or much in common), stored both
    ways: the graph a linking run clusters, found once per report."""

    __tablename__ = "mention_neighbours"

    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    other_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)


class LinkQueueRow(Base):
    """Mentions waiting to be linked: written with the mention, removed with its link, so finding
    the new work never scans the store."""

    __tablename__ = "link_queue"

    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)


class MentionNameRow(Base):
    """A name a mention uses ("lohan", "betty ford center"): the approximate candidate index for
    reports that share no date window or country, an indexed lookup instead of a scan.

    With the mention's dates as the named block compares them, so that the index finds a name's users
    in a date window without reading each user's mention (at 100k stored events most users of a
    rare word are dated elsewhere): none for an undated mention or a bare year, which any date may
    match."""

    __tablename__ = "mention_names"

    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)
    by_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # Covering the named block's reads: the index alone answers them.
    __table_args__ = (
        Index("ix_mention_names_window", "name", "window_start", "window_end", "by_day", "mention_id"),
    )


class EventRow(Base):
    """One merged event, kept current after each link: the compared record as JSON (the contract
    the API and exports serve) and its consensus values as indexed columns to filter and page on."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(48), unique=True)
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(64), index=True)
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    geonameid: Mapped[int | None] = mapped_column(BigInteger, index=True)
    place_name: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    place_precision: Mapped[str | None] = mapped_column(String(16))
    fatalities_min: Mapped[int | None] = mapped_column(Integer)
    fatalities_max: Mapped[int | None] = mapped_column(Integer)
    n_sources: Mapped[int] = mapped_column(Integer, index=True)
    disputed: Mapped[bool] = mapped_column(Boolean, index=True)
    search_text: Mapped[str] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_events_country_date", "country", "date_start"),
        Index("ix_events_listing", "n_sources", "date_start", "id"),
        # Filters answered in the index, so a count or a page reads only the matching rows.
        Index("ix_events_type_dates", "event_type", "date_start", "date_end"),
        Index("ix_events_position", "latitude", "longitude"),
        Index("ix_events_disputed_listing", "disputed", "n_sources", "date_start"),
    )


class EventRefreshRow(Base):
    """Event groups whose merged record is stale: written in the transaction that links a mention,
    removed with the record's rewrite, so a killed run leaves no event half-updated."""

    __tablename__ = "event_refresh"

    group_id: Mapped[str] = mapped_column(String(48), primary_key=True)


class EventAliasRow(Base):
    """An id an event had before a report renamed it (an event is named after its first mention in
    id order, so a newcomer can rename it, and a merge folds one event into another): the old id
    keeps finding the event, through the group that now holds its mentions."""

    __tablename__ = "event_aliases"

    old_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(48), index=True)
