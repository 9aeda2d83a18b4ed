"""Stored event records: kept current by linking, equal to the compared events, and filtered and
paged by the database the same way a plain Python filter over all events would."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from eventwire import pipeline
from eventwire.annotate import Annotator
from eventwire.api import read
from eventwire.model import Article
from eventwire.serialize import event_to_json
from eventwire.store import BoundingBox, EventQuery, Store, events, open_store
from eventwire.store.schema import SEARCH_INDEX, SEARCH_TABLE, EventRow

from .conftest import EXAMPLES

Record = dict[str, Any]


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.load()


@pytest.fixture(scope="module")
def filled(module_db_url: str, seeds_dir: Path, annotator: Annotator) -> Iterator[Store]:
    with open_store(module_db_url) as store:
        pipeline.ingest([str(EXAMPLES), str(seeds_dir)], store)
        pipeline.extract(store, annotator)
        pipeline.link(store)
        yield store


def _all(store: Store) -> list[Record]:
    total, records = store.query_events(EventQuery(limit=None))
    assert total == len(records)
    return records


def test_records_are_the_compared_events(filled: Store) -> None:
    records = _all(filled)
    assert records == [event_to_json(e) for e in pipeline.events(filled)]
    assert filled.stale_event_groups() == []
    first = records[0]
    assert filled.event_record(first["id"]) == first
    assert filled.event_record("ev-missing") is None


def _has_dispute(record: Record) -> bool:
    return any(a["verdict"] == "disputes" for f in record["fields"].values() for a in f["alternatives"])


def _overlaps(record: Record, start: date, end: date) -> bool:
    when = record["date"]
    return bool(when) and when["end"] >= start.isoformat() and when["start"] <= end.isoformat()


def _inside(record: Record, box: BoundingBox) -> bool:
    place = record["place"]
    return (
        bool(place)
        and box.min_lat <= place["lat"] <= box.max_lat
        and box.min_lon <= place["lon"] <= box.max_lon
    )


def _names_victim(record: Record, surname: str) -> bool:
    return any(a["role"] == "victim" and a["name"].endswith(surname) for a in record["actors"])


FILTERS: list[tuple[EventQuery, Callable[[Record], bool]]] = [
    (EventQuery(country="ua"), lambda r: bool(r["place"]) and r["place"]["country"] == "UA"),
    (EventQuery(event_type="Protests"), lambda r: r["event_type"] == "Protests"),
    (
        EventQuery(sub_event_type="Remote explosive/landmine/IED"),
        lambda r: r["sub_event_type"] == "Remote explosive/landmine/IED",
    ),
    (EventQuery(min_sources=2), lambda r: len(r["sources"]) >= 2),
    (EventQuery(disputed=True), _has_dispute),
    (
        EventQuery(date_from=date(2025, 4, 20), date_to=date(2025, 4, 30)),
        lambda r: _overlaps(r, date(2025, 4, 20), date(2025, 4, 30)),
    ),
    (
        EventQuery(bbox=BoundingBox.parse("36.5,55,39,56.5")),
        lambda r: _inside(r, BoundingBox(36.5, 55, 39, 56.5)),
    ),
]


@pytest.mark.parametrize("query,expected", FILTERS, ids=lambda v: "" if callable(v) else repr(v)[:60])
def test_filters_select_what_a_plain_filter_selects(
    filled: Store, query: EventQuery, expected: Callable[[Record], bool]
) -> None:
    everything = _all(filled)
    total, page = filled.query_events(EventQuery(**{**_fields(query), "limit": None}))
    wanted = [r for r in everything if expected(r)]
    assert wanted, "the examples have events of this kind"
    assert total == len(wanted) and page == wanted


def _fields(query: EventQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in query.__dataclass_fields__}


def test_text_search_finds_victims_and_places_case_insensitively(filled: Store) -> None:
    total, found = filled.query_events(EventQuery(text="MOSKALIK", limit=None))
    assert total == len(found) and any(_names_victim(r, "Moskalik") for r in found)
    assert all("moskalik" in json.dumps(r).lower() for r in found)
    _, both = filled.query_events(EventQuery(text="moskalik balashikha", limit=None))
    assert both and all(r["place"]["name"] == "Balashikha" for r in both)
    assert filled.query_events(EventQuery(text="100%_ no-such-word"))[0] == 0


SEARCHES = ["moskalik", "MOSCOW", "ki", "a", "kyiv strike", 'say "', "100%_", "o'clock", "ü", "explosions ua"]


@pytest.mark.parametrize("walk_above", [0, 10**9], ids=["walk-the-sort-index", "look-up-each-match"])
@pytest.mark.parametrize("text", SEARCHES)
def test_the_text_index_finds_what_reading_every_row_finds(
    filled: Store, text: str, walk_above: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's trigram index (words of 3+ characters), with either plan, against LIKE over every
    row, alone and with another filter and sort; PostgreSQL's index serves LIKE itself."""
    monkeypatch.setattr(events, "WALK_ABOVE", walk_above)
    fts = filled.engine.dialect.name == "sqlite"
    with filled.engine.connect() as connection:
        for query in (
            EventQuery(text=text, limit=None),
            EventQuery(text=text, sort="-date", limit=3),
            EventQuery(text=text, min_sources=2, limit=None),
        ):
            counted = events.text_match_count(query, fts)
            matches = None if counted is None else connection.scalar(counted)
            indexed = events.listing(query, fts, matches)
            scanned = events.listing(query)
            assert connection.scalar(indexed[0]) == connection.scalar(scanned[0])
            assert list(connection.scalars(indexed[1])) == list(connection.scalars(scanned[1]))


def test_the_text_index_exists_and_follows_rewrites(
    store: Store, seeds_dir: Path, annotator: Annotator
) -> None:
    pipeline.ingest([str(seeds_dir)], store)
    pipeline.extract(store, annotator)
    pipeline.link(store)
    sqlite = store.engine.dialect.name == "sqlite"
    with store.engine.connect() as connection:
        if sqlite:
            assert SEARCH_TABLE in inspect(connection).get_table_names()
        else:
            assert SEARCH_INDEX in {index["name"] for index in inspect(connection).get_indexes("events")}
        group_id, event_id = connection.execute(
            select(EventRow.group_id, EventRow.id)
            .where(EventRow.search_text.like("%moskalik%"))
            .order_by(EventRow.n_sources.desc(), EventRow.id)
            .limit(1)
        ).one()
    event = next(e for e in pipeline.events(store) if e.id == event_id)

    def found() -> set[str]:
        return {r["id"] for r in store.query_events(EventQuery(text="moskalik", limit=None))[1]}

    store.save_events({group_id: None})
    assert event_id not in found()
    store.save_events({group_id: event})
    assert event_id in found()
    if sqlite:  # the index agrees with the table, row for row
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('integrity-check')"
            )


def test_sorting_and_paging(filled: Store) -> None:
    everything = _all(filled)
    pages = [
        filled.query_events(EventQuery(limit=3, offset=offset))[1] for offset in range(0, len(everything), 3)
    ]
    assert [r for page in pages for r in page] == everything
    _, newest_first = filled.query_events(EventQuery(sort="-date", limit=None))
    starts = [r["date"]["start"] for r in newest_first if r["date"]]
    assert starts == sorted(starts, reverse=True) and len(starts) >= 5
    assert all(r["date"] is None for r in newest_first[len(starts) :])
    _, deadliest = filled.query_events(EventQuery(sort="-fatalities", limit=2))
    highest = max(r["fatalities"]["min"] for r in everything if r["fatalities"])
    assert deadliest[0]["fatalities"]["min"] == highest


def test_bad_queries_say_what_is_wrong(filled: Store) -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        filled.query_events(EventQuery(sort="colour"))
    for text, reason in (("1,2,3", "four numbers"), ("a,b,c,d", "not a number"), ("0,80,10,70", "min_lat")):
        with pytest.raises(ValueError, match=reason):
            BoundingBox.parse(text)


def test_reextraction_keeps_records_current(filled: Store) -> None:
    before = _all(filled)
    shared = next(r for r in before if len(r["sources"]) >= 2)
    dropped = shared["sources"][0]["article_id"]
    filled.save_mentions(dropped, [], pipeline.EXTRACTOR_VERSION)
    assert filled.stale_event_groups()
    pipeline.refresh_events(filled)
    after = _all(filled)
    assert all(s["article_id"] != dropped for r in after for s in r["sources"])
    assert after == [event_to_json(e) for e in pipeline.events(filled)]


def test_an_event_renamed_by_a_later_report_is_still_found_by_its_old_id(
    store: Store, seeds_dir: Path, annotator: Annotator
) -> None:
    """An event is named after its first mention in id order, so a report with a smaller id renames
    it when it joins; the old id (in bookmarks, exports, links) keeps finding it."""
    reports = sorted((a for a in read(str(seeds_dir)) if isinstance(a, Article)), key=lambda a: a.id)
    assert len(reports) == 2
    for report in reversed(reports):  # the larger id first
        store.add_article(report)
        pipeline.extract(store, annotator)
        pipeline.link(store)
        if report is reports[-1]:
            first_ids = {r["id"] for r in store.query_events(EventQuery(limit=None))[1]}
    now = {r["id"]: r for r in store.query_events(EventQuery(limit=None))[1]}
    renamed = sorted(first_ids - set(now))
    assert renamed, "the earlier report's events take the new report's ids when they merge"
    for old_id in renamed:
        record = store.event_record(old_id)
        assert record is not None and record["id"] in now and len(record["sources"]) == 2
        event = pipeline.event(store, old_id)
        assert event is not None and event.id == record["id"]
    assert store.event_record("ev-nothing") is None and pipeline.event(store, "ev-nothing") is None
