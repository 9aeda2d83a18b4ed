"""Linking reports that carry no date: every report's main event, the name index, content similarity."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from eventwire import pipeline
from eventwire.annotate import Annotator
from eventwire.extract.lexicon import OTHER_EVENTS
from eventwire.link import (
    LONE_NEWS_CONTENT,
    LONE_REPORT_CONTENT,
    SAME_CONTENT,
    SAME_CONTENT_CLEAN,
    SAME_CONTENT_DISPUTED,
    _Clustering,
    _Pairs,
    _Region,
    link_pending,
    score_pair,
)
from eventwire.link.signals import DATES_WEEKS_APART, VICTIMS_DIFFER, content_similarity, years_apart
from eventwire.model import (
    Actor,
    Article,
    DateValue,
    Event,
    EventMention,
    EventType,
    Place,
    PlaceMention,
    Quantity,
    VictimDescription,
)
from eventwire.store import Store, open_store

REID_1 = (
    "Actress Tara Reid has checked herself into the Promises Treatment Center in Malibu, her publicist "
    "Jack Ketsoyan told People magazine.\n"
    "Ketsoyan asked for privacy for the actress and her family and would not say what Reid was being "
    "treated for at Promises."
)
REID_2 = (
    "Tara Reid entered the Promises Treatment Center in Malibu this week, publicist Jack Ketsoyan told "
    "People.\n"
    "The actress is being treated at Promises, Ketsoyan said, and asked for privacy for Reid and her family."
)
LOHAN = (
    "Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage to begin a court-ordered stay, "
    "her lawyer Mark Heller told reporters.\n"
    "Heller said the actress would spend ninety days at the Betty Ford Center after her probation violation."
)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.load()


def _main_events(store: Store, articles: list[Article]) -> dict[str, str]:
    return {
        mention.article_id: event.id
        for event in pipeline.events(store)
        for mention in event.mentions
        if mention.index == 0 and mention.article_id in {a.id for a in articles}
    }


def test_undated_reports_of_one_non_conflict_event_link_and_another_of_its_kind_does_not(
    store: Store, annotator: Annotator
) -> None:
    articles = [Article.create(text, "text") for text in (REID_1, LOHAN, REID_2)]
    for article in articles:
        store.add_article(article)
    pipeline.extract(store, annotator)
    pipeline.link(store)
    mains = [m for m in store.mentions() if m.index == 0]
    assert len(mains) == 3 and all(m.type.event_type == OTHER_EVENTS and m.date is None for m in mains)
    assert all("reid" in m.names for m in mains if m.article_id != articles[1].id)
    event_of = _main_events(store, articles)
    reid_1, lohan, reid_2 = (event_of[a.id] for a in articles)
    assert reid_1 == reid_2 and lohan != reid_1
    [event] = [e for e in pipeline.events(store) if e.id == reid_1]
    [link] = [link for link in event.links if link.linked_to]
    assert link.signals["content"] >= 3.0  # the evidence that merged them is kept on the link


def _mention(
    article_id: str, names: tuple[str, ...], terms: tuple[str, ...], day: date | None
) -> EventMention:
    return EventMention(
        article_id=article_id,
        index=0,
        kind="main",
        type=EventType(OTHER_EVENTS, "Natural disaster"),
        date=DateValue(day, day, "day", day.isoformat()) if day else None,
        names=names,
        terms=terms,
    )


def test_content_links_undated_reports_but_never_across_a_hard_conflict() -> None:
    words = ("earthquake", "magnitude", "strike", "coast", "tsunami", "warning", "damage", "report")
    first = _mention("a", ("sumatra", "padang"), words, None)
    second = _mention("b", ("sumatra", "padang"), words[:-1], None)
    other_quake = _mention("c", ("honshu", "sendai"), words[:5], None)
    assert score_pair(first, second).compatible
    assert not score_pair(first, other_quake).compatible
    # The same words a year apart are two earthquakes, however alike the reports are.
    dated = _mention("d", ("sumatra", "padang"), words, date(2009, 9, 30))
    later = _mention("e", ("sumatra", "padang"), words, date(2010, 10, 25))
    assert score_pair(dated, later).reason == DATES_WEEKS_APART


def test_name_index_finds_candidates_without_date_country_or_type(store: Store) -> None:
    article = Article.create("Tara Reid checked into rehab.", "text")
    newcomer_article = Article.create("Reid is in rehab, her publicist said.", "text")
    for item in (article, newcomer_article):
        store.add_article(item)
    # Dated: the undated newcomer's date blocks (undated mentions) cannot reach it, its name can.
    linked = _typed(_mention(article.id, ("reid", "promises"), ("rehab",), date(2008, 12, 2)), "Protests")
    newcomer = _mention(newcomer_article.id, ("reid",), ("rehab",), None)
    store.save_mentions(article.id, [linked], pipeline.EXTRACTOR_VERSION)
    store.place_alone([linked.id])
    assert list(store.search_candidates(newcomer, [OTHER_EVENTS])[0]) == [f"ev-{linked.id}"]
    # A rare word of both is indexed too: "rehab" alone finds it, "said" and "court" do not.
    unnamed = _mention(newcomer_article.id, (), ("said", "rehab"), None)
    assert list(store.search_candidates(unnamed, [OTHER_EVENTS])[0]) == [f"ev-{linked.id}"]
    stranger = _mention(newcomer_article.id, ("lohan",), ("said", "court"), None)
    assert store.search_candidates(stranger, [OTHER_EVENTS])[0] == {}


def test_the_name_index_skips_reports_dated_apart(store: Store) -> None:
    """A report dated to the day finds through a shared name the reports dated near it, undated or
    dated to a bare year, but not those dated months away: those could only be other events."""
    dates = {
        "near": DateValue(date(2019, 8, 5), date(2019, 8, 5), "day"),
        "month": DateValue(date(2019, 8, 1), date(2019, 8, 31), "month"),
        "year": DateValue(date(2019, 1, 1), date(2019, 12, 31), "year"),
        "undated": None,
        "week before, ending in the window": DateValue(date(2019, 7, 21), date(2019, 7, 27), "week"),
        "apart": DateValue(date(2019, 3, 3), date(2019, 3, 3), "day"),
        "a day before the window": DateValue(date(2019, 7, 26), date(2019, 7, 26), "day"),
        "week ending before the window": DateValue(date(2019, 7, 14), date(2019, 7, 20), "week"),
    }
    mentions = {}
    for label, value in dates.items():
        article = Article.create(f"A report, {label}.", "text")
        store.add_article(article)
        mention = replace(_mention(article.id, ("kzqn",), (), None), date=value)
        store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
        mentions[label] = mention
    store.place_alone(m.id for m in mentions.values())
    dated = _mention("new", ("kzqn",), (), date(2019, 8, 3))
    found = {
        m.id
        for group in store.search_candidates(_typed(dated, "Riots"), ["Riots"])[0].values()
        for m in group
    }
    near = ("near", "month", "year", "undated", "week before, ending in the window")
    assert found == {mentions[label].id for label in near}
    year_only = replace(dated, date=DateValue(date(2019, 1, 1), date(2019, 12, 31), "year"))
    found = {m.id for group in store.search_candidates(year_only, ["Riots"])[0].values() for m in group}
    assert found == {m.id for m in mentions.values()}


def test_a_town_report_takes_from_its_country_only_what_may_be_its_place(store: Store) -> None:
    """Candidates of a report set in a town: reports set near it, in a region or country that may
    hold it, or nowhere; not reports set in towns far off in the same country, which could only be
    other events. Reports that neither a date nor a place can compare come only through shared names
    or rare words."""
    day = date(2019, 8, 3)
    el_paso = Place("El Paso", "town", 5520993, "US", admin1_code="TX", lat=31.76, lon=-106.49)
    places = {
        "near": Place("Socorro", "town", 5531102, "US", admin1_code="TX", lat=31.65, lon=-106.30),
        "far": Place("Dayton", "town", 4509884, "US", admin1_code="OH", lat=39.76, lon=-84.19),
        "state": Place("Texas", "region", 4736286, "US", admin1_code="TX", lat=31.25, lon=-99.25),
        "nowhere": None,
    }
    mentions = {}
    for label, place in places.items():
        article = Article.create(f"A shooting, {label}.", "text")
        store.add_article(article)
        mention = _mention(article.id, (f"{label}zq",), ("shooting",), day)
        mention = _placed(mention, place) if place else mention
        store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
        mentions[label] = mention
    store.place_alone(m.id for m in mentions.values())
    newcomer = _placed(_mention("new", ("newzq",), ("gunman",), day), el_paso)
    found = {
        m.id
        for group in store.search_candidates(newcomer, [OTHER_EVENTS], near_km=60)[0].values()
        for m in group
    }
    assert found == {mentions[label].id for label in ("near", "state", "nowhere")}
    # Without the distance the whole country's block is taken, as before.
    assert len(store.search_candidates(newcomer, [OTHER_EVENTS])[0]) == 4
    # Undated and set nowhere: nothing to compare but its words, so only a shared name finds it.
    unknown = _mention("new", ("farzq",), ("gunman",), None)
    found = {
        m.id
        for group in store.search_candidates(unknown, [OTHER_EVENTS], near_km=60)[0].values()
        for m in group
    }
    assert found == {mentions["far"].id}


def _typed(mention: EventMention, event_type: str) -> EventMention:
    return replace(mention, type=EventType(event_type, "Other"))


def test_a_report_without_violence_words_joins_a_typed_report_only_on_much_the_same_content() -> None:
    words = ("gunman", "rampage", "fairground", "tavern", "sheriff", "coroner")
    typed = _typed(_mention("a", (), words, None), "Violence against civilians")
    untyped = _mention("b", (), words[:5], None)
    assert not score_pair(typed, untyped).reason and score_pair(typed, untyped).compatible
    # Half the words in common would merge two "Other events" reports, but not across the types.
    half = _mention("c", (), words[:2], None)
    assert 0.5 <= (content_similarity(typed, half) or 0.0) < 0.6
    assert score_pair(untyped, half).compatible and not score_pair(typed, half).compatible
    # Two kinds of violence are a hard conflict, however alike the reports are.
    protest = _typed(untyped, "Protests")
    assert score_pair(typed, protest).reason.startswith("types")


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (0, 2, 1)])
def test_a_report_joins_an_event_on_what_its_reports_say_together(
    db_url: str, order: tuple[int, ...]
) -> None:
    # Made-up words weigh alike: the first two reports share 4 of 7 words (cosine 0.57), the third
    # shares 2 of its 4 with each (0.38) but says much the same as both taken together (0.43).
    first_part, second_part = (tuple(f"{letter}{i}zq" for i in range(3)) for letter in "pq")
    shared = tuple(f"s{i}zq" for i in range(4))
    texts = [(*first_part, *shared), (*second_part, *shared), (*first_part[:2], *second_part[:2])]
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        mentions = [_mention(a.id, (), terms, None) for a, terms in zip(articles, texts, strict=True)]
        assert (content_similarity(mentions[0], mentions[1]) or 0.0) > 0.5
        assert (content_similarity(mentions[2], mentions[0]) or 0.0) < SAME_CONTENT_CLEAN
        for index in order:  # one report at a time
            store.add_article(articles[index])
            store.save_mentions(articles[index].id, [mentions[index]], pipeline.EXTRACTOR_VERSION)
            link_pending(store)
        assert len(store.event_groups()) == 1


@pytest.mark.parametrize(("kind", "joins"), [("Violence against civilians", True), ("Protests", False)])
def test_a_report_read_weakly_as_another_kind_asks_no_margin_of_its_event(
    db_url: str, kind: str, joins: bool
) -> None:
    """An event of an attack report and a report without violence words (read weakly, "Other
    events") is an attack: a third attack report that says much the same as both together (cosine
    0.46, below the 0.5 asked across kinds of event; 0.43 with each) joins it; a protest report does
    not. The shared name lets the report without violence words find the attack report."""
    attack_words, other_words, own_words = (tuple(f"{letter}{i}zq" for i in range(2)) for letter in "pqr")
    name = ("tavirazq",)
    shared = tuple(f"s{i}zq" for i in range(4))
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        mentions = [
            _typed(
                _mention(articles[0].id, name, (*attack_words, *shared), None),
                "Violence against civilians",
            ),
            _mention(articles[1].id, name, (*other_words, *shared), None),
            _typed(_mention(articles[2].id, name, (*attack_words, *other_words, *own_words), None), kind),
        ]
        assert (content_similarity(mentions[0], mentions[1]) or 0.0) >= 0.6  # one event across kinds
        assert all((content_similarity(mentions[2], other) or 0.0) < 0.5 for other in mentions[:2])
        for article, mention in zip(articles, mentions, strict=True):
            store.add_article(article)
            store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
            link_pending(store)
        assert (len(store.event_groups()) == 1) is joins


@pytest.mark.parametrize(
    ("first_kind", "second_kind", "joins"),
    [
        (
            EventType(OTHER_EVENTS, "Other"),
            EventType("Violence against civilians", "Attack", "ATTACK", 0.6),
            True,
        ),
        # the classifier all but rules the rules' reading out
        (
            EventType(OTHER_EVENTS, "Other"),
            EventType("Protests", "Peaceful protest", "PEACE_PROTEST", 0.05),
            False,
        ),
        # the classifier puts another kind of event first
        (
            EventType(OTHER_EVENTS, "Other"),
            EventType("Protests", "Peaceful protest", "CHANGE_TO_GROUP_ACT", 0.3),
            False,
        ),
    ],
)
def test_an_event_read_only_weakly_asks_no_margin_of_one_read_surely(
    db_url: str, first_kind: EventType, second_kind: EventType, joins: bool
) -> None:
    """Two reports that share five of eleven words (cosine 0.45: enough without a conflict, not enough
    across kinds of event) are one event when one of them is read weakly and the other surely, by
    the rules and the classifier alike: the sure reading is the event's kind. Between two weak
    readings of other kinds the margin holds."""
    name = ("tavirazq",)
    shared, own = tuple(f"s{i}zq" for i in range(4)), tuple(f"o{i}zq" for i in range(12))
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(2)]
        mentions = [
            replace(_mention(articles[0].id, name, (*shared, *own[:6]), None), type=first_kind),
            replace(_mention(articles[1].id, name, (*shared, *own[6:]), None), type=second_kind),
        ]
        assert SAME_CONTENT_CLEAN <= (content_similarity(*mentions) or 0.0) < 0.5
        for article, mention in zip(articles, mentions, strict=True):
            store.add_article(article)
            store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
            link_pending(store)
        assert (len(store.event_groups()) == 1) is joins


@pytest.mark.parametrize(
    ("misdated", "other_day", "joins"),
    [(1, date(2019, 5, 2), True), (2, date(2019, 5, 2), False), (2, date(2019, 4, 4), True)],
)
def test_a_report_that_one_report_of_an_event_contradicts_is_a_dispute_not_another_event(
    db_url: str, misdated: int, other_day: date, joins: bool
) -> None:
    """Reports that say the same may read a date a few days off in any number (a dispute), but
    dates weeks apart in more than a fifth of the pairs are another round of the event."""
    words = ("quarry", "landslide", "excavator", "rescuers", "rubble", "miners")
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(6)]
        for number, article in enumerate(articles):
            # `misdated` of the event's five reports date it on `other_day`, not on the sixth report's
            # day; the shared name lets the undated reports find the dated ones
            day = other_day if number < misdated else date(2019, 4, 1) if number == 5 else None
            store.add_article(article)
            store.save_mentions(
                article.id, [_mention(article.id, ("carrara",), words, day)], pipeline.EXTRACTOR_VERSION
            )
            link_pending(store)
        assert (len(store.event_groups()) == 1) is joins


def test_rare_shared_words_weigh_more_than_common_ones() -> None:
    # Each pair shares two of its four words: the pair sharing the rare ones says much the same.
    lohan = _mention("a", ("lohan",), ("morningside", "police", "court"), None)
    lohan_again = _mention("b", ("lohan",), ("morningside", "report", "people"), None)
    reid = _mention("c", ("reid",), ("promises", "police", "court"), None)
    rare, common = content_similarity(lohan, lohan_again), content_similarity(lohan, reid)
    assert rare is not None and common is not None
    assert rare >= 0.5 > common


def test_words_a_report_keeps_using_weigh_more() -> None:
    # Both pairs share the same two words of four; the reports that keep coming back to them match more.
    words = ("volcano", "ashfall", "glacier", "airline")
    eruption = replace(_mention("a", (), words, None), term_counts=(9, 7, 1, 1))
    again = replace(
        _mention("b", (), ("volcano", "ashfall", "ferry", "tourist"), None), term_counts=(8, 6, 1, 1)
    )
    in_passing = replace(again, article_id="c", term_counts=(1, 1, 8, 6))
    often, seldom = content_similarity(eruption, again), content_similarity(eruption, in_passing)
    assert often is not None and seldom is not None
    assert often > 0.9 > 0.6 > seldom


def test_reports_set_in_one_town_need_a_little_less_in_common() -> None:
    edmonton = Place("Edmonton", "town", 4290886, "US", lat=36.98, lon=-85.61)
    nearby = Place("Metcalfe County", "district", 4300606, "US", lat=36.97, lon=-85.63)
    paris = Place("Paris", "town", 2988507, "FR", lat=48.85, lon=2.35)
    words = ("hunting", "deer", "stand", "gunshot", "coroner", "wildlife", "trooper", "roadway")
    first = _typed(_mention("a", (), words, None), "Violence against civilians")
    second = _mention("b", (), (*words[:4], "son", "sheriff", "investigation", "scene"), None)
    second = _typed(second, "Violence against civilians")
    assert 0.4 <= (content_similarity(first, second) or 0.0) < 0.5
    assert not score_pair(first, second).compatible
    assert score_pair(_placed(first, edmonton), _placed(second, nearby)).compatible
    assert score_pair(_placed(first, paris), _placed(second, paris)).compatible
    usa = Place("United States", "country", 6252001, "US", lat=39.76, lon=-98.5)
    assert not score_pair(_placed(first, usa), _placed(second, usa)).compatible  # a country is no town
    assert score_pair(_placed(first, edmonton), _placed(second, paris)).reason.startswith("places far apart")


def test_a_bare_year_does_not_rule_a_merge_out_but_days_apart_do() -> None:
    words = ("earthquake", "magnitude", "tsunami", "warning")
    year = _mention("a", ("sumatra", "padang"), words, None)
    year = replace(year, date=DateValue(date(2010, 1, 1), date(2010, 12, 31), "year", "2010"))
    day = _mention("b", ("sumatra", "padang"), words, date(2009, 9, 30))
    other_day = _mention("c", ("sumatra", "padang"), words, date(2010, 10, 25))
    assert not score_pair(year, day).reason and score_pair(year, day).compatible
    assert score_pair(day, other_day).reason == DATES_WEEKS_APART
    days_later = replace(
        day, article_id="d", date=DateValue(date(2009, 10, 3), date(2009, 10, 3), "day", "Oct 3")
    )
    assert score_pair(day, days_later).reason == "dates apart"  # a date read a few days off


def _placed(mention: EventMention, place: Place) -> EventMention:
    return replace(mention, place=PlaceMention(place.name, place))


def test_a_far_setting_that_the_other_report_names_is_no_contradiction() -> None:
    malibu = Place("Malibu", "town", 5405228, "US", lat=34.03, lon=-118.78)
    paris = Place("Paris", "town", 2988507, "FR", lat=48.85, lon=2.35)
    words = ("rehab", "treatment", "publicist", "actress")
    in_malibu = _placed(_mention("a", ("reid", "malibu"), words, None), malibu)
    names_malibu = _placed(_mention("b", ("reid", "paris", "malibu"), words, None), paris)
    only_paris = _placed(_mention("c", ("reid", "paris"), words, None), paris)
    assaulted_in_malibu, assaulted_in_paris = (
        _typed(m, "Violence against civilians") for m in (in_malibu, only_paris)
    )
    assert not score_pair(assaulted_in_malibu, replace(names_malibu, type=assaulted_in_malibu.type)).reason
    assert score_pair(in_malibu, names_malibu).signals["place"] == 0.0
    assert score_pair(assaulted_in_malibu, assaulted_in_paris).reason.startswith("places far apart")
    # News that names no violence is set where it names a place, any place: far apart is no conflict.
    assert not score_pair(in_malibu, only_paris).reason
    assert score_pair(in_malibu, only_paris).signals["place"] == 0.0


def test_a_type_the_classifier_all_but_rules_out_is_no_hard_conflict() -> None:
    words = ("creighton", "drake", "tournament", "semifinal", "jays", "mcdermott")
    attack = replace(
        _mention("a", (), words, None),
        type=EventType("Violence against civilians", "Attack", case_label="ATTACK", confidence=0.02),
    )
    protest = replace(
        _mention("b", (), words[:5], None),
        type=EventType("Protests", "Peaceful protest", case_label="PEACE_PROTEST", confidence=0.8),
    )
    # "The Jays shot 46 percent" read as an attack: their content must make them one, as it does.
    assert not score_pair(attack, protest).reason and score_pair(attack, protest).compatible
    # Read with confidence, the same two types are two events.
    sure = replace(attack, type=replace(attack.type, confidence=0.7))
    assert score_pair(sure, protest).reason.startswith("types")
    # A type no classifier has weighed is taken as read.
    unweighed = replace(attack, type=EventType("Violence against civilians", "Attack"))
    assert score_pair(unweighed, protest).reason.startswith("types")


def test_reports_that_date_things_in_different_years_do_not_merge_on_content_alone() -> None:
    words = ("klitschko", "heavyweight", "title", "knockout", "round", "fight")
    fight = replace(_mention("a", ("klitschko", "kiev"), words, None), years=(2008,))
    same_fight = replace(_mention("b", ("klitschko", "kiev"), words, None), years=(2007, 2008))
    rematch = replace(_mention("c", ("klitschko", "kiev"), words, None), years=(2012,))
    undated = _mention("d", ("klitschko", "kiev"), words, None)
    assert score_pair(fight, same_fight).compatible and score_pair(fight, undated).compatible
    # No conflict (the years may be of other things the reports recall), but content is not enough.
    assert not score_pair(fight, rematch).reason and not score_pair(fight, rematch).compatible
    # A shared named victim still joins them, as it would with no years at all.
    victim = Actor("Vitali Klitschko", "victim")
    assert score_pair(replace(fight, actors=(victim,)), replace(rematch, actors=(victim,))).compatible


def test_the_years_a_report_dates_its_event_in_decide_over_its_background() -> None:
    words = ("klitschko", "heavyweight", "title", "knockout", "round", "fight")
    report = _mention("a", ("klitschko", "kiev"), words, None)
    fight = replace(report, years=(1996, 2008), event_years=(2008,))
    # Another report of the fight recalls another past: its lede's year is the fight's.
    same_fight = replace(report, article_id="b", years=(2004, 2008), event_years=(2008,))
    rematch = replace(report, article_id="c", years=(1996, 2008, 2012), event_years=(2012,))
    assert not years_apart([fight], [same_fight]) and years_apart([fight], [rematch])
    # A report that does not say when its event was is not set apart by the years it recalls.
    recalling = replace(report, article_id="d", years=(1999,))
    assert not years_apart([fight], [recalling])
    # Two that say it of neither have only their recalled years to go on.
    assert years_apart([replace(fight, event_years=())], [recalling])


def test_a_report_without_years_does_not_bridge_events_of_different_years(db_url: str) -> None:
    words = ("klitschko", "heavyweight", "title", "knockout", "round", "fight")
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(5)]
        years = [(2008,), (2008,), (2012,), (2012,), ()]
        for article, named in zip(articles, years, strict=True):
            mention = replace(_mention(article.id, ("klitschko",), words, None), years=named)
            store.add_article(article)
            store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
            link_pending(store)
        groups = store.event_groups()
        assert len(groups) == 2
        members = [{m.article_id for m, _ in group} for group in groups.values()]
        assert {articles[0].id, articles[1].id} in [g - {articles[4].id} for g in members]


@pytest.mark.parametrize(
    ("regions", "joins"), [((("US.MD", "US.PA"), ("US.IL",)), False), ((("US.MD",), ()), True)]
)
def test_reports_alike_but_set_in_different_regions_need_more_in_common(
    db_url: str, regions: tuple[tuple[str, ...], tuple[str, ...]], joins: bool
) -> None:
    # A press office's wording of two finds of bird flu in wild ducks: 4 of 9 made-up words and the
    # office's name in common (cosine 0.46) is enough between reports that contradict nothing,
    # unless one puts its find in Maryland and the other in Illinois.
    shared = tuple(f"s{i}zq" for i in range(4))
    texts = [(*shared, *(f"a{i}zq" for i in range(5))), (*shared, *(f"b{i}zq" for i in range(5)))]
    with open_store(db_url) as store:
        articles = [Article.create(f"find {n}", "text") for n in range(2)]
        for article, terms, named in zip(articles, texts, regions, strict=True):
            mention = replace(_mention(article.id, ("usda",), terms, None), regions=named)
            store.add_article(article)
            store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
            link_pending(store)
        similarity = content_similarity(*(m for m in store.mentions()))
        assert similarity is not None and SAME_CONTENT_CLEAN <= similarity < 0.5
        assert (len(store.event_groups()) == 1) is joins


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_events_that_a_later_report_made_alike_are_one_at_the_end_of_a_run(
    db_url: str, order: tuple[int, ...]
) -> None:
    # The third report shares one made-up word with the first (cosine 0.35) and two with the second
    # (0.38) but says much the same as both together (0.42). It is dated and shares its one name with
    # the first report alone: the second report, which makes the first one's event alike to it, does
    # not find it; the three are one event only as a whole, in every order.
    first_part, second_part = (tuple(f"{letter}{i}zq" for i in range(3)) for letter in "pq")
    shared = tuple(f"s{i}zq" for i in range(4))
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        mentions = [
            _mention(articles[0].id, ("kzqn",), (*first_part, *shared), None),
            _mention(articles[1].id, (), (*second_part, *shared), None),
            _mention(articles[2].id, ("kzqn",), (first_part[0], *second_part[:2]), date(2019, 5, 2)),
        ]
        assert all((content_similarity(m, mentions[2]) or 0.0) < SAME_CONTENT_CLEAN for m in mentions[:2])
        for article, mention in zip(articles, mentions, strict=True):
            store.add_article(article)
            store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
        arrivals = [mentions[index] for index in order]
        store.unlinked_mentions = lambda: arrivals  # type: ignore[method-assign]
        assert link_pending(store) == 3
        [members] = store.event_groups().values()
        # Each merge is explained: every report but the first is linked to another of the event.
        ids = {mention.id for mention, _ in members}
        links = {mention.id: row.linked_to for mention, row in members}
        assert sum(linked_to is None for linked_to in links.values()) == 1
        assert all(linked_to in ids for linked_to in links.values() if linked_to)
        assert any("event content" in row.signals for _, row in members)


def test_reports_that_name_other_victims_conflict_only_when_they_name_all_they_count() -> None:
    """Two accounts of one bombing that killed two may each name another of its dead; a report that
    names as many victims as it counts rules out a victim it does not name."""
    words = ("bomb", "bank", "trooper", "blast", "technician")

    def account(article_id: str, victim: str, killed: int) -> EventMention:
        mention = _mention(article_id, ("woodburn",), words, date(2008, 12, 12))
        return replace(mention, actors=(Actor(victim, "victim"),), killed=Quantity(killed, killed))

    tennant, hakim = account("a", "Tom Tennant", 2), account("b", "Bill Hakim", 2)
    assert score_pair(tennant, hakim).reason == "" and score_pair(tennant, hakim).compatible
    only_hakim = account("c", "Bill Hakim", 1)
    assert score_pair(tennant, only_hakim).reason == VICTIMS_DIFFER


_KENSINGTON = Place("Kensington", "town", 4558950, "US", admin1="Pennsylvania", lat=39.986, lon=-75.132)
_POINT_BREEZE = Place("Point Breeze", "town", 4560490, "US", admin1="Pennsylvania", lat=39.933, lon=-75.178)


@pytest.mark.parametrize(
    ("conflicting", "elsewhere", "joins"), [(False, False, True), (True, False, False), (False, True, False)]
)
def test_a_report_left_alone_joins_the_event_it_resembles_most(
    db_url: str, conflicting: bool, elsewhere: bool, joins: bool
) -> None:
    """A single report says less than an event's reports together: one that shares two of its six
    words with each of an event's two reports (cosine 0.31 with each, 0.35 with both together, below
    what two events need) joins that event when it is the event it resembles most and neither of
    its reports contradicts it. A date weeks apart from one of the two keeps it alone, and so does a
    setting in another neighbourhood of the city (Point Breeze, 7 km from Kensington)."""
    first_part, second_part, own = (tuple(f"{letter}{i}zq" for i in range(4)) for letter in "pqr")
    shared = tuple(f"s{i}zq" for i in range(4))
    texts = [(*shared, *first_part[:3]), (*shared, *second_part[:3]), (*shared[:2], *own)]
    days = [date(2019, 4, 1), None, date(2019, 6, 1) if conflicting else None]
    places = [_KENSINGTON, _KENSINGTON, _POINT_BREEZE if elsewhere else None]
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        mentions = [
            _placed(_mention(a.id, (), terms, day), place) if place else _mention(a.id, (), terms, day)
            for a, terms, day, place in zip(articles, texts, days, places, strict=True)
        ]
        assert 0.3 <= (content_similarity(mentions[2], mentions[0]) or 0.0) < SAME_CONTENT_CLEAN
        events = _linked_at_once(store, articles, mentions)
        assert len(events) == (1 if joins else 2)
        if joins:
            [link] = [link for link in events[0].links if link.mention_id.startswith(articles[2].id)]
            assert "lone report content" in link.signals


@pytest.mark.parametrize(("kind", "joins"), [(OTHER_EVENTS, True), ("Violence against civilians", False)])
def test_a_lone_report_of_news_without_violence_joins_from_a_lower_cosine(
    db_url: str, kind: str, joins: bool
) -> None:
    """A lone report of news without violence (a running back placed on injured reserve) joins the
    event it resembles most from LONE_NEWS_CONTENT (here 0.283 with the event's two reports); a report
    of violence as like it stays alone below LONE_REPORT_CONTENT (a shooting in the next county)."""
    shared, first, second, own = (tuple(f"{letter}{i}zq" for i in range(4)) for letter in "spqr")
    texts = [(*shared[:2], first[0]), (*shared[:2], second[0]), (shared[0], *own)]
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        mentions = [_typed(_mention(a.id, (), t, None), kind) for a, t in zip(articles, texts, strict=True)]
        assert LONE_NEWS_CONTENT <= _Pairs().alike(mentions[2:], mentions[:2]) < LONE_REPORT_CONTENT
        events = _linked_at_once(store, articles, mentions)
        assert len(events) == (1 if joins else 2)


def test_a_report_that_joined_an_event_may_bring_another_lone_report_after_it(db_url: str) -> None:
    """Lone reports join in rounds: a report too unlike an event's two reports (cosine 0.20 with them
    together) joins once another lone report much like it (0.37) has joined (0.31 with all three)."""
    shared, first_part, own, other = (tuple(f"{letter}{i}zq" for i in range(4)) for letter in "spqt")
    texts = [
        (*shared, *first_part[:2]),
        (*shared, *first_part[2:]),
        (*shared[:2], *own[:2], *other[:2]),
        (*first_part[:2], *own[:3]),
    ]
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(4)]
        mentions = [_mention(a.id, (), terms, None) for a, terms in zip(articles, texts, strict=True)]
        pairs = _Pairs()
        assert (
            pairs.alike(mentions[3:], mentions[:2])
            < LONE_REPORT_CONTENT
            <= pairs.alike(mentions[3:], mentions[:3])
        )
        assert (content_similarity(mentions[2], mentions[3]) or 0.0) < SAME_CONTENT_CLEAN
        [event] = _linked_at_once(store, articles, mentions)
        assert sum("lone report content" in link.signals for link in event.links) == 2


def test_a_lone_report_joins_the_event_its_own_recall_of_it_is_in(db_url: str) -> None:
    """A report whose later paragraph, read as another event, joined an event, and whose main mention
    is left alone, joins that event when it is like enough (cosine 0.42 with its three mentions
    together): the extractor split the event it tells, which counts as one disputed pair."""
    shared, first_part, own = (tuple(f"{letter}{i}zq" for i in range(4)) for letter in "spq")
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        for article in articles:
            store.add_article(article)
        for article, terms in zip(
            articles[:2], [(*shared, *first_part[:2]), (*shared, *first_part[2:])], strict=True
        ):
            store.save_mentions(
                article.id, [_mention(article.id, (), terms, None)], pipeline.EXTRACTOR_VERSION
            )
        lone = _mention(articles[2].id, (), (*first_part[:2], own[0], "t0zq"), None)
        recall = replace(_mention(articles[2].id, (), (*shared[:2], *first_part[:2], own[0]), None), index=1)
        store.save_mentions(articles[2].id, [lone, recall], pipeline.EXTRACTOR_VERSION)
        link_pending(store)
        [event] = pipeline.events(store)
        assert len(event.mentions) == 4
        [link] = [link for link in event.links if link.mention_id == lone.id]
        assert "lone report content" in link.signals


@pytest.mark.parametrize("apart", [None, "weeks", "year"])
def test_events_that_lone_reports_enlarged_merge_when_nothing_sets_them_apart(apart: str | None) -> None:
    """After the lone reports join, two events whose reports together say much the same are one when
    no pair of their reports conflicts and they date things in the same years (a region's clean
    join); a pair dated weeks apart, or another year, keeps them apart."""
    shared, first_part, second_part = (tuple(f"{letter}{i}zq" for i in range(4)) for letter in "spq")
    texts = [(*shared, *first_part[:2]), (*shared, first_part[2]), (*shared, *second_part[:2]), (*shared,)]
    mentions = [_mention(f"r{n}", (), terms, None) for n, terms in enumerate(texts)]
    if apart == "weeks":
        mentions[0] = replace(
            mentions[0], date=DateValue(date(2019, 4, 1), date(2019, 4, 1), "day", "April 1")
        )
        mentions[3] = replace(
            mentions[3], date=DateValue(date(2019, 6, 1), date(2019, 6, 1), "day", "June 1")
        )
    elif apart == "year":
        mentions = [replace(m, years=(2017,) if n < 2 else (2019,)) for n, m in enumerate(mentions)]
    region = _Region(
        mentions={m.id: m for m in mentions},
        settled=[[(m.id, None) for m in mentions[:2]], [(m.id, None) for m in mentions[2:]]],
    )
    clustering = _Clustering(region, _Pairs())
    first, second = sorted(clustering.members)
    assert clustering.pairs.alike(clustering.members[first], clustering.members[second]) >= SAME_CONTENT
    join = clustering._clean_join(first, second)
    assert (join is not None) == (apart is None)
    if join is not None:
        assert "event content" in join.signals and join.pair is None


def _linked_at_once(store: Store, articles: list[Article], mentions: list[EventMention]) -> list[Event]:
    """The events of these reports (one mention each) stored together and linked in one run."""
    for article, mention in zip(articles, mentions, strict=True):
        store.add_article(article)
        store.save_mentions(article.id, [mention], pipeline.EXTRACTOR_VERSION)
    link_pending(store)
    return pipeline.events(store)


@pytest.mark.parametrize(
    ("read_apart", "joins"), [("year", True), ("victim", True), ("weeks", False), ("described", False)]
)
def test_a_lone_report_much_like_an_event_outweighs_a_misread_field_but_not_another_round(
    db_url: str, read_apart: str, joins: bool
) -> None:
    """A lone report that says much the same as an event's two reports together (cosine 0.65, 0.57
    with each) joins it though it dates things in another year or names another victim than one of
    them (both often misread, or told in passing); not when it dates the event weeks apart or
    describes the victim as another person, what tells another round of an event. (The report and
    the event's other report may be the first pair to meet; then the one they contradict is left
    alone, and joins them the same way.)"""
    first_part, second_part, own = (tuple(f"{letter}{i}zq" for i in range(3)) for letter in "pqr")
    shared = tuple(f"s{i}zq" for i in range(4))
    texts = [
        (*shared, *first_part),
        (*shared, *second_part),
        (*shared[:2], *first_part[:2], *second_part[:2], own[0]),
    ]
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        mentions = [_mention(a.id, (), terms, None) for a, terms in zip(articles, texts, strict=True)]
        first, _, lone = mentions
        if read_apart == "year":
            mentions = [replace(m, years=(2017,) if m is lone else (2019,)) for m in mentions]
        elif read_apart == "victim":
            mentions[0] = replace(first, actors=(Actor("Ray Hastings", "victim"),), killed=Quantity(1, 1))
            mentions[2] = replace(lone, actors=(Actor("Tom Tennant", "victim"),), killed=Quantity(1, 1))
        elif read_apart == "weeks":
            mentions[0] = replace(first, date=DateValue(date(2019, 4, 1), date(2019, 4, 1), "day", "April 1"))
            mentions[2] = replace(lone, date=DateValue(date(2019, 6, 1), date(2019, 6, 1), "day", "June 1"))
        else:
            mentions[0] = replace(first, described_victims=(VictimDescription("a man, 28", "male", 28),))
            mentions[2] = replace(lone, described_victims=(VictimDescription("a woman, 20", "female", 20),))
        assert (content_similarity(mentions[2], mentions[0]) or 0.0) < SAME_CONTENT_DISPUTED
        assert score_pair(mentions[2], mentions[0]).reason or years_apart(mentions[2:], mentions[:1])
        events = _linked_at_once(store, articles, mentions)
        assert len(events) == (1 if joins else 2)
        if joins:
            assert any("lone report content" in link.signals for link in events[0].links)


def test_a_report_whose_two_mentions_tell_one_event_is_one_source_of_it(db_url: str) -> None:
    """A later paragraph may recall a report's own event as if it were another: when everything the
    reports say together makes the two events one, the report's two mentions are one event, and the
    report is one source of it. Two mentions of one report are never linked to each other alone."""
    words = ("quarry", "landslide", "excavator", "rescuers", "rubble", "miners")
    with open_store(db_url) as store:
        articles = [Article.create(f"report {n}", "text") for n in range(3)]
        for article in articles:
            store.add_article(article)
        split = [replace(_mention(articles[0].id, ("carrara",), words, None), index=i) for i in (0, 1)]
        assert score_pair(*split).reason == "same article"
        store.save_mentions(articles[0].id, split, pipeline.EXTRACTOR_VERSION)
        for article in articles[1:]:
            store.save_mentions(
                article.id, [_mention(article.id, ("carrara",), words, None)], pipeline.EXTRACTOR_VERSION
            )
        link_pending(store)
        [event] = pipeline.events(store)
        assert len(event.mentions) == 4
        assert sorted(source.article_id for source in event.sources) == sorted(a.id for a in articles)
