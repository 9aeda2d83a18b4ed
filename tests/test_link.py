"""Same-event linking across reports and the per-field comparison, on the seeds and the examples."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import link, pipeline
from eventwire.annotate import Annotator
from eventwire.cli import app
from eventwire.compare import compare_event
from eventwire.evaluate.ecbplus import read_ecbplus
from eventwire.ingestion import discover
from eventwire.link import SETTLED_EVENT, score_pair
from eventwire.link.signals import (
    ARRESTED_DIFFER,
    DAYS_APART,
    NEWS_DAYS_APART,
    NONE_SHARED,
    QUARTERS_APART,
    SHARED,
    STREETS_APART,
    SURNAME_ALONE,
    TOLL_FELL,
    VICTIMS_DESCRIBED_DIFFER,
    names_apart,
    victim_in_common,
)
from eventwire.model import (
    Actor,
    Article,
    DateValue,
    Event,
    EventMention,
    EventType,
    Evidence,
    MergeLink,
    Place,
    PlaceMention,
    Quantity,
    VictimDescription,
)
from eventwire.store import AddOutcome, Store, open_store

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.load()


def _run(store: Store, inputs: list[str], annotator: Annotator) -> list[Event]:
    pipeline.ingest(inputs, store)
    pipeline.extract(store, annotator)
    pipeline.link(store)
    return pipeline.events(store)


def _victim_event(events: list[Event], surname: str) -> Event:
    [found] = [e for e in events if any(a.role == "victim" and a.name.endswith(surname) for a in e.actors)]
    return found


def _verdicts(event: Event, field: str) -> dict[str, str]:
    result = {}
    for alternative in event.fields[field].alternatives:
        value = alternative.value
        label = (
            value[1]
            if isinstance(value, tuple) and len(value) == 2 and not isinstance(value[0], str)
            else str(value)
        )
        result[label] = alternative.verdict
    return result


def test_seeds_give_one_event_per_real_event(store: Store, seeds_dir: Path, annotator: Annotator) -> None:
    events = _run(store, [str(seeds_dir)], annotator)

    moskalik = _victim_event(events, "Moskalik")
    assert len(moskalik.sources) == 2 and all(m.kind == "main" for m in moskalik.mentions)
    assert moskalik.place is not None and moskalik.place.name == "Balashikha"
    places = _verdicts(moskalik, "place")
    assert places["Balashikha"] == "agrees"
    assert places["in the heart of Moscow"] == "disputes"  # the heart of Moscow is not 20 miles east of it
    assert moskalik.date is not None and moskalik.date.start.isoformat() == "2025-04-25"
    assert set(_verdicts(moskalik, "date").values()) == {"agrees"}  # "Friday" (undated report) fits
    assert moskalik.fatalities is not None and (moskalik.fatalities.low, moskalik.fatalities.high) == (1, 1)
    assert set(_verdicts(moskalik, "fatalities").values()) == {"agrees"}
    [link] = [link for link in moskalik.links if link.linked_to]
    assert link.score is not None and link.signals["shared victim"] > 0

    kirillov = _victim_event(events, "Kirillov")
    assert len(kirillov.sources) == 2 and all(m.kind == "background" for m in kirillov.mentions)
    assert kirillov.date is not None and (kirillov.date.start.isoformat(), kirillov.date.precision) == (
        "2024-12-01",
        "month",
    )
    assert kirillov.fields["method"].disputed
    assert set(_verdicts(kirillov, "method")) == {"car bomb", "scooter bomb"}

    others = [e for e in events if e not in (moskalik, kirillov)]
    assert {len(e.sources) for e in others} == {1}  # the Kyiv strike and the car-park blast stay apart
    assert any(e.place and e.place.name == "Kyiv" for e in others)


def test_linking_is_idempotent_and_independent_of_arrival_order(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    sources, _ = discover([str(EXAMPLES), str(seeds_dir)])
    clusterings = []
    for attempt in range(3):
        order = [s.origin for s in sources]
        random.Random(attempt).shuffle(order)
        with open_store(str(tmp_path / f"order{attempt}.db")) as store:
            for origin in order:  # one report at a time, as a newsroom feed would bring them
                _run(store, [origin], annotator)
            assert pipeline.link(store) == 0
            events = pipeline.events(store)
            clusterings.append({frozenset(m.id for m in e.mentions) for e in events})
            for event in events:  # every merge explained: each report but one links to another
                ids = {m.id for m in event.mentions}
                assert sum(link.linked_to is None for link in event.links) == 1
                assert all(link.linked_to in ids for link in event.links if link.linked_to)
            again = _run(store, [str(EXAMPLES), str(seeds_dir)], annotator)
            assert {frozenset(m.id for m in e.mentions) for e in again} == clusterings[-1]
    assert clusterings[0] == clusterings[1] == clusterings[2]


ORDER_TOPICS = ("1", "6", "10", "12", "18", "19")
"""ECB+ topics whose reports the order test links: events of one kind side by side (two shootings,
two earthquakes...), undated, that the old greedy linker clustered differently in other orders."""


@pytest.fixture(scope="module")
def ecbplus_reports(
    shared_dir: Path, annotator: Annotator, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[Article, list[EventMention]]]:
    documents = read_ecbplus(shared_dir / "data" / "ecbplus")
    chosen = [article for article, gold in documents if gold.split("ecb")[0] in ORDER_TOPICS]
    with open_store(str(tmp_path_factory.mktemp("ecbplus") / "extracted.db")) as store:
        for article in chosen:
            store.add_article(article)
        pipeline.extract(store, annotator)
        originals = [article for article in store.iter_articles() if not article.near_duplicate_of]
        return [(article, store.mentions(article.id)) for article in originals]


def test_events_do_not_depend_on_arrival_order_or_runs(
    ecbplus_reports: list[tuple[Article, list[EventMention]]], tmp_path: Path
) -> None:
    """Six ECB+ topics in one run, and shuffled in 4 and in 9 runs, give the same events."""
    clusterings = []
    for attempt, runs in enumerate((1, 4, 9)):
        order = list(ecbplus_reports)
        random.Random(attempt).shuffle(order)
        with open_store(str(tmp_path / f"runs{runs}.db")) as store:
            for run in range(runs):
                for article, mentions in order[run::runs]:
                    assert store.add_article(article)[0] is AddOutcome.STORED
                    store.save_mentions(article.id, mentions, pipeline.EXTRACTOR_VERSION)
                pipeline.link(store)
            clusterings.append({frozenset(m.id for m, _ in group) for group in store.event_groups().values()})
    assert clusterings[0] == clusterings[1] == clusterings[2]
    merged = [cluster for cluster in clusterings[0] if len(cluster) > 1]
    assert len(merged) >= len(ORDER_TOPICS) and max(map(len, merged)) >= 10


def test_a_settled_event_gains_a_report_without_clustering_its_reports_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event of SETTLED_EVENT reports keeps its links when one more arrives, and the newcomer is
    scored against each of them once, not every pair of them again."""
    balashikha = Place("Balashikha", "town", geonameid=579464, country="RU", lat=55.8, lon=37.95)

    def report(number: int) -> EventMention:
        article = Article.create(f"Report {number} of the car bomb in Balashikha.", "text")
        store.add_article(article)
        mention = EventMention(
            article_id=article.id,
            index=0,
            kind="main",
            type=EventType("Explosions/Remote violence", "Remote explosive/landmine/IED"),
            date=DateValue(date(2025, 4, 25), date(2025, 4, 25), "day"),
            place=PlaceMention("Balashikha", balashikha),
        )
        store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
        return mention

    for number in range(SETTLED_EVENT):
        report(number)
    pipeline.link(store)
    [members] = store.event_groups().values()
    before = {mention.id: (row.linked_to, row.score) for mention, row in members}
    scored = []
    monkeypatch.setattr(link, "score_pair", lambda a, b: scored.append((a, b)) or score_pair(a, b))
    newcomer = report(SETTLED_EVENT)
    pipeline.link(store)
    [members] = store.event_groups().values()
    after = {mention.id: (row.linked_to, row.score) for mention, row in members}
    assert after.pop(newcomer.id)[0] in before and after == before
    assert len(scored) == SETTLED_EVENT


def test_events_json_contract_and_event_page(tmp_path: Path, seeds_dir: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "contract.db")
    assert runner.invoke(app, ["run", str(seeds_dir), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["events", "--db", db, "--json"])
    assert result.exit_code == 0
    events = json.loads(result.stdout)
    for event in events:
        assert set(event) >= {
            "id",
            "event_type",
            "sub_event_type",
            "date",
            "place",
            "fatalities",
            "actors",
            "sources",
            "fields",
        }
        for comparison in event["fields"].values():
            assert {a["verdict"] for a in comparison["alternatives"]} <= {"agrees", "refines", "disputes"}
    moskalik = next(
        e for e in events if len(e["sources"]) == 2 and e["place"] and e["place"]["name"] == "Balashikha"
    )
    assert set(moskalik["place"]) >= {"name", "geonameid", "admin1", "country", "lat", "lon", "precision"}
    assert moskalik["date"] == {"start": "2025-04-25", "end": "2025-04-25", "precision": "day"}
    assert moskalik["fatalities"] == {"min": 1, "max": 1}
    assert {s["article_id"] for s in moskalik["sources"]} and all("outlet" in s for s in moskalik["sources"])

    page = runner.invoke(app, ["event", moskalik["id"], "--db", db])
    assert page.exit_code == 0 and "disputes" in page.stdout and "heart of Moscow" in page.stdout
    csv_out = runner.invoke(app, ["events", "--db", db, "--csv", "--disputed"])
    assert csv_out.exit_code == 0 and csv_out.stdout.startswith("id,event_type") and "place" in csv_out.stdout


def test_a_drone_strike_and_a_planted_bomb_in_one_city_on_one_day_need_more_than_that() -> None:
    moscow = Place("Moscow", "town", 524901, "RU", lat=55.75, lon=37.62)
    day = DateValue(date(2025, 4, 25), date(2025, 4, 25), "day", "Friday")

    def report(article: str, sub_type: str, method: str, *victims: str) -> EventMention:
        return EventMention(
            article_id=article,
            index=0,
            kind="main",
            type=EventType("Explosions/Remote violence", sub_type),
            date=day,
            place=PlaceMention("Moscow", moscow),
            method=method,
            actors=tuple(Actor(name, "victim") for name in victims),
        )

    drones = report("a", "Air/drone strike", "drone")
    bomb = report("b", "Remote explosive/landmine/IED", "car bomb")
    score = score_pair(drones, bomb)
    assert not score.compatible and not score.reason  # too little in common, no contradiction
    # The same victim ties them: one event that the reports tell differently.
    named = score_pair(
        report("a", "Air/drone strike", "drone", "Ivan Petrov"),
        report("b", "Remote explosive/landmine/IED", "car bomb", "Petrov"),
    )
    assert named.compatible
    assert score_pair(report("a", "Remote explosive/landmine/IED", "car bomb"), bomb).compatible


def _shooting(
    article: str,
    day: date,
    place: Place | None = None,
    victims: tuple[str, ...] = (),
    sentence: str | None = None,
    names: tuple[str, ...] = (),
) -> EventMention:
    """A report's main event: a shooting on `day`."""
    return EventMention(
        article_id=article,
        index=0,
        kind="main",
        type=EventType("Violence against civilians", "Attack"),
        date=DateValue(day, day, "day", day.strftime("%A")),
        place=PlaceMention(place.name, place) if place else None,
        method="firearm",
        actors=tuple(Actor(name, "victim") for name in victims),
        summary=Evidence(sentence, 0, len(sentence)) if sentence else None,
        names=names,
    )


def test_a_day_and_a_kind_of_event_alone_need_one_town_to_be_one_event() -> None:
    """A country has many shootings a day: reports of the same day and kind are one event when set in
    one town (one event per place, day and kind, as ACLED counts them), not when one names no place or
    they lie in towns nearby; then they must share more (a victim)."""
    day = date(2015, 12, 19)
    dayton = Place("Dayton", "town", 4509884, "US", admin1="Ohio", lat=39.76, lon=-84.19)
    kettering = Place("Kettering", "town", 4515843, "US", admin1="Ohio", lat=39.69, lon=-84.17)
    assert score_pair(_shooting("a", day, dayton), _shooting("b", day, dayton)).compatible
    for other in (None, kettering):
        score = score_pair(_shooting("a", day, dayton), _shooting("b", day, other))
        assert not score.compatible and not score.reason
        named = score_pair(
            _shooting("a", day, dayton, ("Carla Brennan",)), _shooting("b", day, other, ("Brennan",))
        )
        assert named.compatible


def test_one_surname_is_one_victim_only_if_the_given_names_may_be_one() -> None:
    """ "Moskalik" and "Lt. Gen. Yaroslav Moskalik", "Betty" and "Bettie Page", "Ben" and "Benjamin
    Banky", "Bill" and "Trooper William Hakim" are one victim; "Edward Howard Green" and "Romario
    Green", "Jose Guadalupe Gonzalez" and "Joel Gonzalez", each the one victim his report names,
    are two."""
    day = date(2016, 1, 2)
    for first, second in (
        ("Lt. Gen. Yaroslav Moskalik", "Moskalik"),
        ("Betty Page", "Bettie Page"),
        ("Ben Banky", "Benjamin David Banky"),
        ("Bill Hakim", "Trooper William Hakim"),
    ):
        score = score_pair(_shooting("a", day, victims=(first,)), _shooting("b", day, victims=(second,)))
        assert score.signals.get("shared victim")
    for first, second in (
        ("Edward Howard Green", "Romario Green"),
        ("Jose Guadalupe Gonzalez", "Joel Gonzalez"),
    ):
        score = score_pair(_shooting("a", day, victims=(first,)), _shooting("b", day, victims=(second,)))
        assert score.reason == "different named victims"


def test_a_given_name_said_alone_sets_no_victims_apart() -> None:
    """A family's dead told by their first names, "Alice" and "Katie" (ECB+ 32: a mother and a
    daughter killed in Millom), may be "Katie Jenkin" of another report, who is then no other
    victim; a one-word name that is no one's given name still is."""
    day = date(2013, 6, 8)
    first_names = replace(_shooting("a", day, victims=("Alice", "Katie")), killed=Quantity(2, 2, "two"))
    score = score_pair(first_names, _shooting("b", day, victims=("Katie Jenkin",)))
    assert score.reason != "different named victims" and not score.signals.get("shared victim")
    other = score_pair(first_names, _shooting("b", day, victims=("Joel Gonzalez",)))
    assert other.reason == "different named victims"


def test_a_common_surname_said_alone_ties_no_reports() -> None:
    """ "Jones", recalled in a report of a Chicago police shooting, and "Rodney Jones", shot outside a
    Milwaukee restaurant two weeks earlier: a surname said alone ties two reports only when few
    people bear it; given names on both sides still do."""
    chicago = Place("Chicago", "town", 4887398, "US", admin1="Illinois", lat=41.85, lon=-87.65)
    milwaukee = Place("Milwaukee", "town", 5263045, "US", admin1="Wisconsin", lat=43.04, lon=-87.91)
    recalled = _shooting("a", date(2015, 12, 26), chicago, ("Jones",))
    restaurant = _shooting("b", date(2015, 12, 12), milwaukee, ("Rodney Jones",))
    assert victim_in_common(recalled, restaurant) == SURNAME_ALONE
    assert not score_pair(recalled, restaurant).compatible
    day = date(2015, 12, 12)
    assert victim_in_common(_shooting("a", day, victims=("Bettie Jones",)), restaurant) == NONE_SHARED
    assert victim_in_common(_shooting("a", day, victims=("R. Jones",)), restaurant) == SHARED
    assert (
        victim_in_common(
            _shooting("a", day, victims=("Moskalik",)), _shooting("b", day, victims=("Yaroslav Moskalik",))
        )
        == SHARED
    )


def test_a_region_in_common_is_no_town_in_common() -> None:
    """Two shootings told in a state's name on one day (a man shot by police after he stabbed a police
    dog, a gunman killed at a Walmart): a region holds many towns, so they must share more."""
    day = date(2015, 12, 12)
    pennsylvania = Place(
        "Pennsylvania", "region", 6254927, "US", admin1="Pennsylvania", lat=40.27, lon=-76.91
    )
    score = score_pair(_shooting("a", day, pennsylvania), _shooting("b", day, pennsylvania))
    assert not score.compatible and not score.reason
    stroudsburg = Place("Stroudsburg", "town", 5216082, "US", admin1="Pennsylvania", lat=40.99, lon=-75.19)
    assert score_pair(_shooting("a", day, stroudsburg), _shooting("b", day, stroudsburg)).compatible


def test_a_one_word_name_is_the_longer_name_it_ends() -> None:
    """ "Montaigne" in one report of the Harry Winston robbery is the "Avenue Montaigne" of another;
    "Metropolitan Police Department" and "Indianapolis Metropolitan Police Department" share no
    name (Washington's police and Indianapolis'), nor do "Montaigne" and "Montaigne Street Bar"."""
    day = date(2008, 12, 4)
    short = [_shooting("a", day, names=("montaigne",))]
    assert not names_apart(short, [_shooting("b", day, names=("avenue montaigne", "winston"))])
    assert names_apart(short, [_shooting("b", day, names=("montaigne street bar",))])
    washington = [_shooting("a", day, names=("metropolitan police department", "anacostia"))]
    indianapolis = [
        _shooting("b", day, names=("indianapolis metropolitan police department", "indianapolis"))
    ]
    assert names_apart(washington, indianapolis)


def test_words_in_common_stand_in_for_a_place_only_between_reports_that_share_a_name() -> None:
    """Two shootings told in the same words on one day, in Conroe and in Everett: the words of a
    kind of event are shared by all its reports; only names make two of them one."""
    day = date(2016, 1, 3)
    sentence = "Police said a man was shot and killed early Sunday after an argument outside a store."
    conroe = _shooting("a", day, sentence=sentence, names=("conroe", "texas"))
    apart = score_pair(conroe, _shooting("b", day, sentence=sentence, names=("everett", "boston")))
    assert apart.signals["words"] >= 0.4 and not apart.compatible and not apart.reason
    assert score_pair(conroe, _shooting("b", day, sentence=sentence, names=("conroe",))).compatible


def _described(
    mention: EventMention, *described: tuple[str | None, int | None], quarter: str | None = None
) -> EventMention:
    """The mention with the victims it describes by sex and age, and the part of its town."""
    place = replace(mention.place, quarter=quarter) if mention.place else None
    victims = tuple(VictimDescription(f"{sex} {age}", sex, age) for sex, age in described)
    return replace(mention, place=place, described_victims=victims)


def test_one_victim_described_as_another_person_is_another_shooting() -> None:
    """Same day, same city, no names: "a Milwaukee woman" is not "a 28-year-old man", nor "a
    20-year-old man"; a year of difference is an outlet's misreading, and a report of two victims
    may describe either of them."""
    day = date(2015, 12, 27)
    milwaukee = Place("Milwaukee", "town", 5263045, "US", admin1="Wisconsin", lat=43.04, lon=-87.91)
    first, second = _shooting("a", day, milwaukee), _shooting("b", day, milwaukee)
    man_28 = _described(first, ("male", 28), ("male", None))
    for other in (("female", None), ("male", 20)):
        score = score_pair(man_28, _described(second, other))
        assert not score.compatible and score.reason == VICTIMS_DESCRIBED_DIFFER
    assert score_pair(man_28, _described(second, ("male", 27))).compatible
    assert score_pair(man_28, _described(second, (None, 28))).compatible
    two_victims = _described(second, ("male", 19), ("female", 55))
    assert score_pair(man_28, two_victims).compatible
    counted_two = replace(_described(second, ("female", None)), injured=Quantity(2, 2, "two"))
    assert score_pair(man_28, counted_two).compatible
    named = score_pair(
        _described(replace(first, actors=(Actor("Carla Brennan", "victim"),)), ("female", 30)),
        _described(replace(second, actors=(Actor("Brennan", "victim"),)), ("female", 40)),
    )
    assert named.compatible  # a shared victim outweighs one outlet's wrong age


def test_a_victim_of_none_of_the_ages_a_report_gives_all_its_victims_is_another_shooting() -> None:
    """A report of two dead, a 19-year-old man and a 55-year-old woman, and one of men of 30 and 32
    wounded the next night in the same city (the LeGrier shooting and the W Hotel's, GVDB): no
    victim of the second is one of the first's. A report that ages only some of its victims, or a
    victim of one of the ages, leaves them one."""
    chicago = Place("Chicago", "town", 4887398, "US", admin1="Illinois", lat=41.85, lon=-87.65)
    first, second = _shooting("a", date(2015, 12, 26), chicago), _shooting("b", date(2015, 12, 26), chicago)
    two_dead = replace(_described(first, ("male", 19), ("female", 55)), killed=Quantity(2, 2, "two"))
    hotel = replace(_described(second, ("male", 30), ("male", 32)), injured=Quantity(3, 3, "three"))
    apart = score_pair(two_dead, hotel)
    assert not apart.compatible and apart.reason == VICTIMS_DESCRIBED_DIFFER
    assert score_pair(two_dead, _described(second, ("male", 20))).compatible
    three_dead = replace(two_dead, killed=Quantity(3, 3, "three"))  # one of them told without an age
    assert score_pair(three_dead, hotel).compatible


def test_undated_reports_of_the_days_news_days_apart_are_other_shootings() -> None:
    """ "Philadelphia police investigating double shooting" (published December 16) and "Man critical
    after Kensington shooting" (December 20) date nothing: each tells its day's news. A day apart
    they may be one; a shared victim makes them one; a protest may be told days before it is held."""
    philadelphia = Place("Philadelphia", "town", 4560349, "US", admin1="Pennsylvania", lat=39.95, lon=-75.16)
    sentence = "Police are investigating a shooting that left a man in critical condition."
    first = replace(_shooting("a", date(2015, 12, 16), philadelphia, sentence=sentence), date=None)
    first = replace(first, published=date(2015, 12, 16))
    later = replace(first, article_id="b", published=date(2015, 12, 20))
    apart = score_pair(first, later)
    assert not apart.compatible and apart.reason == NEWS_DAYS_APART
    assert not score_pair(first, replace(later, published=date(2015, 12, 17))).reason
    named = [replace(m, actors=(Actor("Domique Waugh", "victim"),)) for m in (first, later)]
    assert not score_pair(*named).reason
    march = EventType("Protests", "Peaceful protest")
    assert not score_pair(replace(first, type=march), replace(later, type=march)).reason
    # an undated report against a dated event: its day's news is not an event of weeks before,
    # while an event a report recalls without a day may be any earlier one
    weeks_before = _shooting("c", date(2015, 11, 20), philadelphia, sentence=sentence)
    assert score_pair(later, weeks_before).reason == NEWS_DAYS_APART
    assert not score_pair(replace(later, kind="background", index=1), weeks_before).reason
    assert not score_pair(later, _shooting("c", date(2015, 12, 19), philadelphia, sentence=sentence)).reason


def test_reports_on_other_streets_of_one_town_are_other_shootings() -> None:
    """Police were called to "the 900 block of North Denny Street" and to "the 1500 block of
    Barrington Avenue" of Indianapolis: two shootings, however near their days; a street named by
    both, at any block, may be one; a report with no address says nothing. Dates that only overlap
    (a week, "about two weeks ago") are no day in common either: one town and kind then need more."""
    day = date(2015, 12, 10)
    indianapolis = Place("Indianapolis", "town", 4259418, "US", admin1="Indiana", lat=39.77, lon=-86.16)
    denny = replace(_shooting("a", day, indianapolis), streets=("denny",))
    barrington = replace(_shooting("b", day, indianapolis), streets=("barrington",))
    apart = score_pair(denny, barrington)
    assert not apart.compatible and apart.reason == STREETS_APART
    assert score_pair(denny, replace(barrington, streets=("barrington", "denny"))).compatible
    assert score_pair(denny, replace(barrington, streets=())).compatible
    weeks_ago = DateValue(date(2015, 12, 7), date(2015, 12, 13), "week", "about two weeks ago")
    assert not score_pair(denny, replace(barrington, streets=(), date=weeks_ago)).compatible


def test_reports_on_other_sides_of_one_town_are_other_shootings() -> None:
    """ "On the east side" and "on the near southwest side" of Indianapolis, the same day: two
    shootings; the north and the northeast side may be one street corner."""
    day = date(2015, 12, 3)
    indianapolis = Place("Indianapolis", "town", 4259418, "US", admin1="Indiana", lat=39.77, lon=-86.16)
    first, second = _shooting("a", day, indianapolis), _shooting("b", day, indianapolis)
    east = _described(first, quarter="east side")
    apart = score_pair(east, _described(second, quarter="near southwest side"))
    assert not apart.compatible and apart.reason == QUARTERS_APART
    assert score_pair(east, _described(second, quarter="northeast side")).compatible
    assert score_pair(east, second).compatible


def test_an_undated_report_of_violence_tells_of_something_before_its_publication() -> None:
    """ "Man critical after West Philadelphia shooting", undated, published December 27, is not the
    shooting of January 13; a report published later may tell of an earlier one. A protest may be
    told before it happens."""
    philadelphia = Place("Philadelphia", "town", 4560349, "US", admin1="Pennsylvania", lat=39.95, lon=-75.16)
    shooting = _shooting("a", date(2016, 1, 13), philadelphia, sentence="A woman was shot and killed.")
    undated = replace(
        _shooting("b", date(2015, 12, 27), philadelphia, sentence="A woman was shot and killed."), date=None
    )
    before = score_pair(shooting, replace(undated, published=date(2015, 12, 27)))
    assert not before.compatible and before.reason == "dates apart"
    after = score_pair(shooting, replace(undated, published=date(2016, 1, 14)))
    assert after.compatible
    protest = EventType("Protests", "Peaceful protest")
    planned = score_pair(
        replace(shooting, type=protest), replace(undated, type=protest, published=date(2015, 12, 27))
    )
    assert not planned.reason


def test_a_bare_year_in_common_does_not_date_two_shootings_in_one_town() -> None:
    indianapolis = Place("Indianapolis", "town", 4259418, "US", admin1="Indiana", lat=39.77, lon=-86.16)
    first = _shooting("a", date(2015, 12, 22), indianapolis)
    year = replace(
        _shooting("b", date(2015, 12, 2), indianapolis),
        date=DateValue(date(2015, 1, 1), date(2015, 12, 31), "year", "2015"),
    )
    score = score_pair(first, year)
    assert score.signals["date"] == 0.5 and not score.compatible and not score.reason


def test_days_in_a_row_are_one_night_only_at_night_and_one_day_one_time() -> None:
    """A day's slack lets a shooting "late Friday night" and one "early Saturday morning" be one, and
    "Friday morning" and "Saturday" (a report's own date, perhaps); a man shot "Friday night" and a
    man killed "Saturday afternoon" in one city are two, as are "Friday morning" and "Saturday
    morning", unless the reports name one victim."""
    baltimore = Place("Baltimore", "town", 4347778, "US", admin1="Maryland", lat=39.29, lon=-76.61)

    def told(article: str, day: int, text: str, victims: tuple[str, ...] = ()) -> EventMention:
        value = DateValue(date(2015, 12, day), date(2015, 12, day), "day", text)
        return replace(_shooting(article, date(2015, 12, day), baltimore, victims), date=value)

    for earlier, later in (("late Friday night", "early Saturday morning"), ("Friday morning", "Saturday")):
        assert score_pair(told("a", 25, earlier), told("b", 26, later)).compatible
    for earlier, later in (("Friday night", "Saturday afternoon"), ("Friday morning", "Saturday morning")):
        score = score_pair(told("a", 25, earlier), told("b", 26, later))
        assert not score.compatible and score.reason == DAYS_APART
        named = score_pair(told("a", 25, earlier, ("Tavon Goff",)), told("b", 26, later, ("Tavon Goff",)))
        assert named.compatible
    # One day: its evening and its night may be one time told two ways, its afternoon and night not.
    assert score_pair(told("a", 25, "Friday evening"), told("b", 25, "Friday night")).compatible
    score = score_pair(told("a", 25, "Friday afternoon"), told("b", 25, "Friday night"))
    assert not score.compatible and score.reason == DAYS_APART


def test_arrests_of_other_people_are_other_events() -> None:
    """Two drink-driving arrests of one team told in the same words are two events when the reports
    name who was arrested and no one in common; the same player named in full and by surname is one."""
    day = date(2009, 2, 1)

    def arrest(article_id: str, arrested: str) -> EventMention:
        return EventMention(
            article_id=article_id,
            index=0,
            kind="main",
            type=EventType("Strategic developments", "Arrests"),
            date=DateValue(day, day, "day", "Sunday"),
            actors=(Actor(arrested, "target"), Actor("unknown", "perpetrator")),
        )

    assert score_pair(arrest("a", "Vincent Jackson"), arrest("b", "Jamal Williams")).reason == ARRESTED_DIFFER
    assert not score_pair(arrest("a", "Vincent Jackson"), arrest("b", "Jackson")).reason
    # The record keeps the one arrested once, by the fullest name.
    articles = [Article.create(f"arrest report {n}", "text") for n in range(2)]
    first, second = arrest(articles[0].id, "Jackson"), arrest(articles[1].id, "Vincent Jackson")
    links = [MergeLink(first.id, None, None, {}), MergeLink(second.id, first.id, 4.0, {"date": 1.0})]
    event = compare_event("ev-1", list(zip((first, second), links, strict=True)), {a.id: a for a in articles})
    assert [(a.name, a.role) for a in event.actors if a.role != "perpetrator"] == [
        ("Vincent Jackson", "target")
    ]


def test_a_later_report_of_far_fewer_dead_is_another_event() -> None:
    """A toll grows: a report published days later that counts 1 dead where the first counted at least
    14 tells another shooting in the same town; a toll revised from 14 to 12, or rising from 1 to 14
    as the dead are found, stays one event."""
    town = Place("San Bernardino", "town", 5391811, "US", admin1="California", lat=34.11, lon=-117.29)

    def report(article: str, published: date, low: int, high: int | None) -> EventMention:
        undated = replace(_shooting(article, published, town), date=None, published=published)
        return replace(undated, killed=Quantity(low, high, str(low)))

    first = report("a", date(2015, 12, 2), 14, None)
    assert score_pair(first, report("b", date(2015, 12, 19), 1, 1)).reason == TOLL_FELL
    assert score_pair(first, report("b", date(2015, 12, 4), 12, 12)).reason != TOLL_FELL
    assert (
        score_pair(report("a", date(2015, 12, 2), 1, 1), report("b", date(2015, 12, 3), 14, 14)).reason == ""
    )
