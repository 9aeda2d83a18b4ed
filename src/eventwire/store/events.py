"""Merged event records as rows: the consensus values as columns, and the filters and orders the
API, the CLI and the exports page through."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
)

from eventwire.model import Event
from eventwire.serialize import event_to_json
from eventwire.store.schema import SEARCH_TABLE, EventRow

SORTS: dict[str, tuple[Any, ...]] = {
    "-sources": (EventRow.n_sources.desc(), EventRow.date_start.desc().nulls_last(), EventRow.id),
    "sources": (EventRow.n_sources, EventRow.date_start.desc().nulls_last(), EventRow.id),
    "-date": (EventRow.date_start.desc().nulls_last(), EventRow.id),
    "date": (EventRow.date_start.asc().nulls_last(), EventRow.id),
    "-fatalities": (EventRow.fatalities_min.desc().nulls_last(), EventRow.id),
    "fatalities": (EventRow.fatalities_min.asc().nulls_last(), EventRow.id),
}
"""Orders to list events in: most sources first by default, newest first on a tie. Fatalities
order by the lower bound, the one every source's range has (an upper bound may be open)."""


@dataclass(frozen=True, slots=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BoundingBox:
        """`min_lon,min_lat,max_lon,max_lat` in degrees, as in GeoJSON and most map tools."""
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError("bbox needs four numbers: min_lon,min_lat,max_lon,max_lat")
        try:
            min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
        except ValueError as exc:
            raise ValueError(f"bbox has a value that is not a number: {text!r}") from exc
        if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise ValueError("bbox must have -90 <= min_lat <= max_lat <= 90 and longitudes in -180..180")
        return cls(min_lon, min_lat, max_lon, max_lat)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for listing events. Dates select events whose date range overlaps the window; `text`
    must match every word in the event's types, place, actors, method, outlets or summaries."""

    text: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    country: str | None = None
    geonameid: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    bbox: BoundingBox | None = None
    min_sources: int | None = None
    disputed: bool = False
    sort: str = "-sources"
    limit: int | None = 50
    offset: int = 0


class QueryError(ValueError):
    """A filter value no query can be made of; `parameter` is its name in the API (the CLI adds `--`)."""

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(reason)
        self.parameter = parameter
        self.reason = reason


def event_query(bbox: str | None = None, **values: Any) -> EventQuery:
    """An EventQuery from the values the API and the CLI take (`bbox` as text, the rest typed),
    checked in one place so both refuse the same values with the same reasons."""
    if values.get("sort", "-sources") not in SORTS:
        raise QueryError("sort", f"unknown sort {values['sort']!r}; one of {', '.join(SORTS)}")
    try:
        box = BoundingBox.parse(bbox) if bbox else None
    except ValueError as exc:
        raise QueryError("bbox", str(exc)) from exc
    return EventQuery(bbox=box, **values)


def event_row(group_id: str, event: Event) -> EventRow:
    return EventRow(**event_values(group_id, event))


def event_values(group_id: str, event: Event) -> dict[str, Any]:
    """An event's record and its queryable columns, as the `events` table stores them."""
    record = event_to_json(event)
    place, when, killed = event.place, event.date, event.fatalities
    return dict(
        id=event.id,
        group_id=group_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        date_start=when.start if when else None,
        date_end=when.end if when else None,
        date_precision=when.precision if when else None,
        geonameid=place.geonameid if place else None,
        place_name=place.name if place else None,
        admin1=place.admin1 if place else None,
        country=place.country if place else None,
        latitude=place.lat if place else None,
        longitude=place.lon if place else None,
        place_precision=place.precision if place else None,
        fatalities_min=killed.low if killed else None,
        fatalities_max=killed.high if killed else None,
        n_sources=len(event.sources),
        disputed=any(field.disputed for field in event.fields.values()),
        search_text=_search_text(event),
        record=record,
    )


def _search_text(event: Event) -> str:
    words = [event.event_type, event.sub_event_type]
    if event.place:
        words += [event.place.name, event.place.admin1 or "", event.place.country or ""]
    words += [actor.name for actor in event.actors]
    words += [source.outlet or "" for source in event.sources]
    for mention in event.mentions:
        words += [mention.method or "", mention.summary.sentence if mention.summary else ""]
    return " ".join(word for word in words if word).lower()


_SEARCH = table(SEARCH_TABLE, column("rowid", Integer))
_TRIGRAM = 3
"""The shortest word the trigram index finds; shorter ones are looked for by reading the rows."""


def _like_pattern(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_match(words: list[str]) -> ColumnElement[bool]:
    """An FTS5 query for rows containing every word: each a quoted phrase, which the trigram
    tokenizer matches as a case-insensitive substring, as LIKE does."""
    phrases = " AND ".join('"' + word.lower().replace('"', '""') + '"' for word in words)
    return literal_column(SEARCH_TABLE).op("MATCH")(phrases)


def _indexed_words(query: EventQuery, fts: bool) -> list[str]:
    """The words of the text the trigram index can find (none without the index)."""
    return [word for word in (query.text or "").split() if len(word) >= _TRIGRAM] if fts else []


def _conditions(query: EventQuery, fts: bool = False, walk: bool = False) -> list[ColumnElement[bool]]:
    """The filters as SQL. `fts`: the store has SQLite's trigram index (PostgreSQL's pg_trgm serves
    LIKE itself). `walk`: the text matches so many events that SQLite should walk the sort's index
    and keep the matches rather than look up each match and sort them (2.6 vs 25 ms for 7,385 of
    100k events; for a rare word it is the other way round); `+` keeps it off the rowid lookup."""
    conditions: list[ColumnElement[bool]] = []
    if indexed := _indexed_words(query, fts):
        rowids = select(_SEARCH.c.rowid).where(_search_match(indexed))
        conditions.append(literal_column("+events.rowid" if walk else "events.rowid").in_(rowids))
    for word in (query.text or "").split():
        if word not in indexed:
            conditions.append(EventRow.search_text.like(_like_pattern(word), escape="\\"))
    if query.event_type:
        conditions.append(EventRow.event_type == query.event_type)
    if query.sub_event_type:
        conditions.append(EventRow.sub_event_type == query.sub_event_type)
    if query.country:
        conditions.append(EventRow.country == query.country.upper())
    if query.geonameid is not None:
        conditions.append(EventRow.geonameid == query.geonameid)
    if query.date_from:
        conditions.append(EventRow.date_end >= query.date_from)
    if query.date_to:
        conditions.append(EventRow.date_start <= query.date_to)
    if box := query.bbox:
        conditions.append(EventRow.latitude.between(box.min_lat, box.max_lat))
        if box.min_lon <= box.max_lon:
            conditions.append(EventRow.longitude.between(box.min_lon, box.max_lon))
        else:  # the box crosses the antimeridian
            conditions.append((EventRow.longitude >= box.min_lon) | (EventRow.longitude <= box.max_lon))
    if query.min_sources:
        conditions.append(EventRow.n_sources >= query.min_sources)
    if query.disputed:
        conditions.append(EventRow.disputed.is_(True))
    return conditions


def date_counts(query: EventQuery, fts: bool = False) -> Select[date | None, int]:
    """How many matching events start on each date (None: undated), for timelines; the grouping
    is the database's, so a timeline never loads the records."""
    return (
        select(EventRow.date_start, func.count())
        .where(and_(True, *_conditions(query, fts)))
        .group_by(EventRow.date_start)
        .order_by(EventRow.date_start)
    )


WALK_ABOVE = 1500
"""Text matches above which a text-only query walks the sort's index (see `_conditions`)."""


def text_match_count(query: EventQuery, fts: bool) -> Select[Any] | None:
    """How many events have every indexed word of the text, counted by the index alone (≈ 2 ms
    at 100k events); None when the text is not looked up in the index."""
    if not (indexed := _indexed_words(query, fts)):
        return None
    return select(func.count()).select_from(_SEARCH).where(_search_match(indexed))


def listing(
    query: EventQuery, fts: bool = False, text_matches: int | None = None
) -> tuple[Select[Any], Select[Any]]:
    """The count and the page of records for a query; `fts` as for `_conditions`, `text_matches`
    what `text_match_count` found (it picks the plan, and is the count when the text is all)."""
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; one of {', '.join(SORTS)}")
    text_only = (
        text_matches is not None
        and _indexed_words(query, fts) == (query.text or "").split()
        and not _conditions(replace(query, text=None))
    )
    walk = text_only and (text_matches or 0) > WALK_ABOVE
    where = and_(True, *_conditions(query, fts, walk))
    if text_only:
        count = select(literal(text_matches))
    else:
        count = select(func.count()).select_from(EventRow).where(where)
    order = SORTS[query.sort]
    if query.limit is None:
        return count, select(EventRow.record).where(where).order_by(*order).offset(query.offset)
    # A page is picked by id first and only its records read: sorting and skipping the whole rows
    # (records of several kB) made a filtered page up to three times slower.
    picked = select(EventRow.id).where(where).order_by(*order).offset(query.offset).limit(query.limit)
    chosen = picked.subquery()
    return count, select(EventRow.record).join(chosen, EventRow.id == chosen.c.id).order_by(*order)
