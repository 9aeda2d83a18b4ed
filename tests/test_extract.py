"""Event mentions from the seeds and the examples: main and background events, each field with evidence."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.annotate import Annotator
from eventwire.annotate.gazetteer import haversine_km
from eventwire.api import read
from eventwire.extract.lexicon import OTHER_EVENTS, streets_in
from eventwire.extract.mentions import _victim_of_head, extract_mentions
from eventwire.model import Article, EventMention
from eventwire.serialize import mention_from_dict, to_dict
from eventwire.store import Store

from .conftest import EXAMPLES


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator.load()


@pytest.fixture(scope="session")
def seeds(seeds_dir: Path) -> list[Article]:
    articles = [item for item in read(str(seeds_dir)) if isinstance(item, Article)]
    assert len(articles) == 2
    return sorted(articles, key=lambda a: a.origin or "")


def _mentions(annotator: Annotator, article: Article) -> list[EventMention]:
    return extract_mentions(annotator.annotate(article))


def _victims(mention: EventMention) -> list[str]:
    return [a.name for a in mention.actors if a.role == "victim"]


def _named_victims(annotator: Annotator, article: Article) -> set[str]:
    """The victims named in any of the article's mentions."""
    return {name for mention in _mentions(annotator, article) for name in _victims(mention)}


def _assert_moskalik_main(main: EventMention) -> None:
    assert main.kind == "main" and main.index == 0
    assert (main.type.event_type, main.type.sub_event_type) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert main.place is not None and main.place.place is not None
    place = main.place.place
    assert (place.name, place.country, place.precision) == ("Balashikha", "RU", "town")
    assert place.lat is not None and place.lon is not None
    assert haversine_km(place.lat, place.lon, 55.80, 37.95) < 20
    assert place.admin1 == "Moscow Oblast"
    assert main.killed is not None and (main.killed.low, main.killed.high) == (1, 1)
    assert "Yaroslav Moskalik" in _victims(main)
    [perpetrator] = [a for a in main.actors if a.role == "perpetrator"]
    assert perpetrator.name == "unknown" and not perpetrator.claimed_responsibility
    assert main.place.evidence is not None and "Balashikha" in main.place.evidence.sentence


def test_first_seed_main_and_background_events(annotator: Annotator, seeds: list[Article]) -> None:
    main, *background = _mentions(annotator, seeds[0])
    _assert_moskalik_main(main)
    assert main.date is not None and (main.date.start, main.date.precision) == (date(2025, 4, 25), "day")
    assert main.date_evidence is not None and "Friday" in main.date_evidence.sentence

    kyiv = next(m for m in background if m.place and m.place.place and m.place.place.name == "Kyiv")
    assert kyiv.date is not None and (kyiv.date.start, kyiv.date.precision) == (date(2025, 4, 24), "day")
    assert kyiv.place and kyiv.place.place and kyiv.place.place.country == "UA"
    assert kyiv.type.event_type == "Explosions/Remote violence"
    assert kyiv.killed is not None and (kyiv.killed.low, kyiv.killed.high) == (3, 9)  # "several"
    assert kyiv.injured is not None and kyiv.injured.low == 200  # "hundreds"
    assert "Russia" in [a.name for a in kyiv.actors if a.role == "perpetrator"]

    kirillov = next(m for m in background if "Igor Kirillov" in _victims(m))
    assert kirillov.date is not None and (kirillov.date.start, kirillov.date.end) == (
        date(2024, 12, 1),
        date(2024, 12, 31),
    )
    assert kirillov.date.precision == "month"
    assert kirillov.place and kirillov.place.place and kirillov.place.place.name == "Moscow"
    assert kirillov.method == "car bomb"
    [claimant] = [a for a in kirillov.actors if a.role == "perpetrator"]
    assert (claimant.name, claimant.claimed_responsibility) == ("Ukraine", True)
    assert len(background) == 2


def test_second_seed_without_publication_date(annotator: Annotator, seeds: list[Article]) -> None:
    undated = seeds[1]
    assert undated.published is None
    main, *background = _mentions(annotator, undated)
    _assert_moskalik_main(main)
    # No publication date: "on Friday" cannot be placed on a calendar; it is kept as said.
    assert main.date is None and main.date_text == "Friday"
    assert main.place is not None and main.place.anchor is not None and main.place.anchor.name == "Moscow"
    assert main.place.offset_km == pytest.approx(32.2, abs=0.5) and main.place.bearing_deg == 90
    assert main.method in ("car bomb", "IED")

    kirillov = next(m for m in background if "Igor Kirillov" in _victims(m))
    assert kirillov.method == "scooter bomb" and kirillov.date_text == "December"
    assert kirillov.place and kirillov.place.place and kirillov.place.place.name == "Moscow"
    car_park = next(m for m in background if m is not kirillov)
    assert car_park.date_text == "earlier this week"
    assert car_park.place and car_park.place.place and car_park.place.place.name == "Moscow"
    assert len(background) == 2

    # Given the publication date (as a date line would), the same words resolve.
    dated = _mentions(annotator, replace(undated, published=date(2025, 4, 25)))
    assert dated[0].date is not None and (dated[0].date.start, dated[0].date.precision) == (
        date(2025, 4, 25),
        "day",
    )
    assert [m.date.start for m in dated[1:] if m.date] == [date(2024, 12, 1), date(2025, 4, 21)]


def test_a_named_victim_counts_among_the_dead_only_where_a_death_is_told(annotator: Annotator) -> None:
    published = date(2016, 1, 12)
    wounded = "Police say 20-year-old Domique Waugh was shot in the stomach and lower back on Monday."
    main = _mentions(annotator, Article.create(wounded, "text", published=published))[0]
    assert "Domique Waugh" in [a.name for a in main.actors if a.role == "victim"]
    assert main.killed is None
    assert main.injured is not None and (main.injured.low, main.injured.high) == (1, 1)
    dead = f"{wounded} He died at a hospital."
    main = _mentions(annotator, Article.create(dead, "text", published=published))[0]
    assert main.killed is not None and (main.killed.low, main.killed.high) == (1, 1)


def test_casualties_stay_with_their_event(annotator: Annotator) -> None:
    text = (
        "A roadside bomb killed two soldiers near Kandahar on Monday, officials said. "
        "The attack came a day after a suicide bomber killed 14 people at a market in Kabul."
    )
    article = Article.create(text, "text", published=date(2024, 3, 12))
    main, background = _mentions(annotator, article)
    assert (
        main.killed is not None
        and main.killed.low == 2
        and main.date
        and main.date.start == date(2024, 3, 11)
    )
    assert background.killed is not None and background.killed.low == 14
    assert background.date is not None and background.date.start == date(2024, 3, 10)
    assert background.type.sub_event_type == "Suicide bomb"
    assert background.place and background.place.place and background.place.place.name == "Kabul"


def test_protest_and_evidence_offsets(annotator: Annotator) -> None:
    article = next(
        a for a in read(str(EXAMPLES / "txt" / "belgrade_danube_daily.txt")) if isinstance(a, Article)
    )
    main = _mentions(annotator, article)[0]
    assert (main.type.event_type, main.type.sub_event_type) == ("Protests", "Peaceful protest")
    assert main.date is not None and main.date.start == date(2025, 3, 15)
    assert main.place and main.place.place and main.place.place.name == "Belgrade"
    evidence = main.type.evidence
    assert evidence is not None and article.text[evidence.start : evidence.end] == evidence.sentence


def test_pipeline_extracts_once_per_extractor_version(store: Store, annotator: Annotator) -> None:
    pipeline.ingest([str(EXAMPLES)], store)
    first = pipeline.extract(store, annotator)
    assert first == 14  # 15 stored, the near-duplicate speaks through its original
    stored = store.mentions()
    assert len(stored) >= first
    assert pipeline.extract(store, annotator) == 0
    assert store.mentions() == stored


def test_classifier_labels_each_mention(annotator: Annotator, seeds: list[Article]) -> None:
    mentions = extract_mentions(annotator.annotate(seeds[0]), annotator.classifier)
    assert [m.type.sub_event_type for m in mentions] == [
        m.type.sub_event_type for m in _mentions(annotator, seeds[0])
    ]
    for mention in mentions:
        assert mention.type.case_label is not None and 0.0 <= mention.type.confidence <= 1.0
    kyiv = next(m for m in mentions if m.place and m.place.place and m.place.place.name == "Kyiv")
    assert kyiv.type.case_label == "AIR_STRIKE" and kyiv.type.confidence > 0.5


def test_long_symbol_runs_are_parsed_quickly_with_offsets_kept(annotator: Annotator) -> None:
    """spaCy's tokenizer is quadratic on runs without spaces (20,000 emoji took 91 s); the parse gets
    spaces inside them, and everything quoted still comes from the article's own text."""
    junk = "\U0001f4a5" * 20_000 + " " + "=" * 5_000
    text = f"{junk}\nA car bomb exploded in Balashikha, near Moscow, on Friday {'!' * 60} One man was killed."
    [annotated] = annotator.annotate_many([Article.create(text, "text")])
    assert len(annotated.doc.text) == len(text) and annotated.doc.text != text
    assert "Balashikha" in [place.text for place in annotated.places]
    for place in annotated.places:
        assert text[place.start : place.end] == place.text
    mentions = extract_mentions(annotated)
    quoted = [e for m in mentions for e in (m.summary, m.killed_evidence, m.place and m.place.evidence) if e]
    assert any("!" * 60 in e.sentence for e in quoted)
    assert all(text[e.start : e.end] == e.sentence for e in quoted)


def test_where_someone_comes_from_is_not_where_the_event_was(annotator: Annotator) -> None:
    text = "A climber from Hampton East was killed in a fall near Mount Cook on Friday."
    main = _mentions(annotator, Article.create(text, "text", published=date(2013, 9, 16)))[0]
    assert main.place is None or main.place.text != "Hampton East"


def test_a_main_event_keeps_the_years_its_report_dates_things_in(annotator: Annotator) -> None:
    text = (
        "Vitali Klitschko was attacked outside his home in Kiev on 8 September 2012. He had held the "
        "title since October 2008."
    )
    main = _mentions(annotator, Article.create(text, "text"))[0]
    assert main.years == (2008, 2012)


def test_the_years_of_the_event_itself_are_those_of_its_lede(annotator: Annotator) -> None:
    text = (
        "A man was shot dead outside a bar in Evansville, Indiana. "
        "Police said the shooting happened late on Thursday, December 4, 2008. "
        "The bar had been sold to its owner in 1996."
    )
    main = _mentions(annotator, Article.create(text, "text"))[0]
    assert main.event_years == (2008,)
    assert main.years == (1996, 2008)


def test_a_place_in_an_organisation_name_is_not_where_the_event_was(annotator: Annotator) -> None:
    text = (
        "The Illinois Department of Natural Resources said wild ducks carried bird flu. The samples "
        "were taken at a lake in Fulton County, Iowa, where hunters found the birds."
    )
    main = _mentions(annotator, Article.create(text, "text"))[0]
    assert main.place is None or main.place.text != "Illinois"
    # The regions where the report puts things: Iowa, not the department's Illinois.
    assert main.regions == ("US.IA",)


def test_a_town_far_from_the_one_the_lead_names_does_not_set_the_event(annotator: Annotator) -> None:
    """The smaller of two towns is the more precise setting only when it lies near the town the
    event's first sentence names (Balashikha by Moscow); a march told further on in a town 380 km
    away is another part of the story. Without a town in the first sentence the smaller town wins."""
    lead = "Three people died in a fire at a bank in Athens on Wednesday as rioters clashed with police."
    later = " In Corfu, rioters taking part in the march occupied the county offices."
    main = _mentions(annotator, Article.create(lead + later, "text", published=date(2010, 5, 6)))[0]
    assert main.place is not None and main.place.place is not None
    assert main.place.place.name == "Athens"
    unled = lead.replace(" in Athens", "") + later + " The bank was in Athens."
    main = _mentions(annotator, Article.create(unled, "text", published=date(2010, 5, 6)))[0]
    assert main.place is not None and main.place.place is not None
    assert main.place.place.name == "Corfu"


def test_victims_are_the_killed_not_the_killers_nor_the_expected_dead(annotator: Annotator) -> None:
    """The subject of "killed" or "shot" is the killer, also when an apposition names him, and so is
    the agent of "shot by"; the dying the text only expects ("will likely die in prison") is no
    death; names listed together share their role, and two of one surname are two victims."""
    text = (
        "A police officer, Petros Andreou, shot and killed Nikos Vlachos in Patras on Friday, witnesses "
        "said. Andreou killed Vlachos with one bullet, prosecutors said. Another gunman, Dimitri Lazar, "
        "will likely die in prison, his lawyer said. Maria Kosta and Eleni Kosta died in hospital on "
        "Saturday. Stavros Nikou was shot by Kostas Mitsos in Patras the same night."
    )
    article = Article.create(text, "text", published=date(2024, 3, 2))
    victims = _named_victims(annotator, article)
    assert victims == {"Nikos Vlachos", "Maria Kosta", "Eleni Kosta", "Stavros Nikou"}


def test_a_web_address_line_is_no_event_sentence_but_its_words_count(annotator: Annotator) -> None:
    """A report may open with its address, also spaced out by a tokeniser; the parser runs the
    address's last piece into the headline, which must not become the main event's sentence."""
    text = (
        "http : / / www . example . com / 2013 / 03 / 12 / teen - killed - in - brooklyn - riot /\n"
        "Riot breaks out in Brooklyn after vigil\n"
        "Protesters clashed with police in Brooklyn on Monday night after a vigil for a teenager."
    )
    mentions = _mentions(annotator, Article.create(text, "text", published=date(2013, 3, 12)))
    assert mentions
    for mention in mentions:
        for evidence in (mention.summary, mention.date_evidence, mention.killed_evidence):
            assert evidence is None or "/" not in evidence.sentence
    assert mentions[0].summary is not None and mentions[0].summary.sentence.startswith("Riot breaks out")
    assert "teen" in mentions[0].terms  # the address's words still say what the report is about


def test_a_sentence_right_after_an_event_dates_it_without_an_event_word(annotator: Annotator) -> None:
    """Local crime reports date the event in the next sentence ("It happened on..."); a date further
    on belongs to whatever the report goes on to tell."""
    text = (
        "Police say a man of 31 was shot and wounded outside a bakery on Elm Street in Dayton. "
        "It happened on Sunday evening, March 6th. He is expected to survive. "
        "A hearing is set for Friday, March 18th."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2022, 3, 7)))[0]
    assert main.date is not None and (main.date.start, main.date.precision) == (date(2022, 3, 6), "day")
    assert main.date_evidence is not None and main.date_evidence.sentence.startswith("It happened")

    later = "Police say a man of 31 was shot and wounded in Dayton. He is expected to survive. It happened on Sunday."
    main = _mentions(annotator, Article.create(later, "text", published=date(2022, 3, 7)))[0]
    assert main.date is None


def test_the_victim_identified_as_someone_is_named(annotator: Annotator) -> None:
    """ "The victim has been identified as X" names the dead; "the suspect was identified as Y" does not."""
    text = (
        "A woman was shot and killed near Oak and 5th Street in Dayton on Saturday, March 5th. "
        "The victim has been identified as Carla Brennan. A man, identified as Tomas Reyes, was shot in the leg. "
        "The suspect was identified as Dale Whitmore."
    )
    article = Article.create(text, "text", published=date(2022, 3, 6))
    victims = _named_victims(annotator, article)
    assert victims == {"Carla Brennan", "Tomas Reyes"}


def test_the_one_found_shot_or_dead_is_a_victim(annotator: Annotator) -> None:
    text = (
        "Marcus Webb was found shot and killed inside a home on Abbot Lane in Dayton early Friday. "
        "Deputies found Robert Hall dead in a car nearby. Officers found Paul Dent, who fled, hours later."
    )
    article = Article.create(text, "text", published=date(2022, 3, 6))
    victims = _named_victims(annotator, article)
    assert victims == {"Marcus Webb", "Robert Hall"}


def test_who_passed_away_or_succumbed_died(annotator: Annotator) -> None:
    """ "X passed away", "X succumbed to his wounds" say X died as "X died" does; a ball passed away
    from X is no death of his."""
    for sentence, dead in (
        ("Tom Hardy passed away yesterday in Dayton.", True),
        ("Tom Hardy succumbed to his wounds on Friday.", True),
        ("Tom Hardy passed the ball to a teammate.", False),
    ):
        [person] = [e for e in annotator.nlp(sentence).ents if e.label_ == "PERSON"]
        assert _victim_of_head(person.root) is dead, sentence


def test_victims_are_described_by_sex_and_age_and_the_town_by_its_side(annotator: Annotator) -> None:
    """Local reports often name no one: "a 20-year-old man", "Woman shot, killed" (a headline's
    passive) and the side of town tell one shooting from another. The one who shot is not
    described as a victim."""
    text = (
        "Woman shot, killed on Dayton's west side\n"
        "A 37-year-old woman was shot and killed Saturday, March 5th, on the city's west side in Dayton. "
        "Police said a 19-year-old man shot the woman and fled."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2022, 3, 6)))[0]
    described = {(v.sex, v.age) for v in main.described_victims}
    assert described == {("female", None), ("female", 37)}
    assert main.place is not None and main.place.quarter is not None
    assert main.place.quarter.lower() == "west side"
    assert all(v.evidence is not None and v.text in v.evidence.sentence for v in main.described_victims)
    assert main.published == date(2022, 3, 6)  # what it tells of happened by then

    active = "A man shot and killed his neighbour in Dayton on Saturday, March 5th."
    main = _mentions(annotator, Article.create(active, "text", published=date(2022, 3, 6)))[0]
    assert main.described_victims == ()


@pytest.mark.parametrize(
    ("sentence", "described"),
    [
        ("The 19-year-old victim was struck once in the back in the shooting.", (None, 19)),
        ("Police confirm the victim is a 27-year-old male, shot in the back.", ("male", 27)),
        ("In the shooting, officers found a 38-year-old man suffering from a gunshot wound.", ("male", 38)),
    ],
)
def test_police_reports_describe_their_victim_in_their_own_words(
    annotator: Annotator, sentence: str, described: tuple[str | None, int]
) -> None:
    """ "the 19-year-old victim", "a 27-year-old male, shot in the back", "found a man suffering from
    a gunshot wound": how police reports describe the one hurt; not the man who shot."""
    text = f"A shooting in Indianapolis wounded one person on Saturday, police said. {sentence}"
    main = _mentions(annotator, Article.create(text, "text", published=date(2016, 1, 24)))[0]
    assert described in {(v.sex, v.age) for v in main.described_victims}
    shooter = "A 30-year-old man killing his neighbour was seen by witnesses in Indianapolis on Saturday."
    main = _mentions(annotator, Article.create(shooter, "text", published=date(2016, 1, 24)))[0]
    assert all(v.age != 30 for v in main.described_victims)


def test_a_day_in_the_bare_year_a_headline_gives_dates_the_event(annotator: Annotator) -> None:
    """ "Indy's first homicide of 2016" in the headline, "late Monday night" in the first sentence:
    the event happened on that Monday, not somewhere in 2016."""
    text = (
        "Man shot and killed in Indy's first homicide of 2016\n"
        "A man was shot and killed late Monday night on the city's east side in Indianapolis, police said."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2016, 1, 5)))[0]
    assert main.date is not None and (main.date.start, main.date.precision) == (date(2016, 1, 4), "day")


def test_an_arrest_names_who_was_arrested_and_an_attack_does_not(annotator: Annotator) -> None:
    """The one arrested is an arrest's second actor ("target"): in a headline's passive, a sentence's
    passive and an arrest that is his. Arrested after a shooting, he is its suspect, not a target."""
    arrests = [
        "Dayton's Ray Colton arrested on suspicion of drunken driving\n"
        "Ray Colton was arrested early Sunday on suspicion of drunken driving on Route 94.",
        "Ray Colton's arrest for drunken driving is the latest for the team.",
    ]
    for text in arrests:
        main = _mentions(annotator, Article.create(text, "text", published=date(2022, 3, 6)))[0]
        assert main.type.sub_event_type == "Arrests"
        assert [a.name.split()[-1] for a in main.actors if a.role == "target"] == ["Colton"]
    shooting = "Police arrested Dale Whitmore on Friday after a shooting in Dayton that killed two people."
    main = _mentions(annotator, Article.create(shooting, "text", published=date(2022, 3, 6)))[0]
    assert main.type.sub_event_type != "Arrests"
    assert not [a for a in main.actors if a.role == "target"]


def test_a_court_step_does_not_date_the_violence_it_judges(annotator: Annotator) -> None:
    """A verdict or a charge comes after the killing: its day is not the event's, and the report's
    earlier day for the shooting is (ECB+: a jury's verdict a year after an office shooting)."""
    published = date(2008, 4, 30)
    verdict = (
        "A jury on Tuesday convicted a man charged in the April 2007 attack at an accounting firm in Troy "
        "that killed a receptionist."
    )
    main = _mentions(annotator, Article.create(verdict, "text", published=published))[0]
    assert main.date is not None and (main.date.start, main.date.precision) == (date(2007, 4, 1), "month")

    charged = "A man was charged on Tuesday with murdering a deputy outside an apartment in Bellflower."
    main = _mentions(annotator, Article.create(charged, "text", published=published))[0]
    assert main.date is None

    scheduled = (
        "A man shot and killed a deputy outside an apartment in Bellflower. "
        "A hearing for the gunman was scheduled for Friday."
    )
    main = _mentions(annotator, Article.create(scheduled, "text", published=published))[0]
    assert main.date is None

    shot = "A man on Tuesday shot and killed a deputy outside an apartment in Bellflower."
    main = _mentions(annotator, Article.create(shot, "text", published=published))[0]
    assert main.date is not None and main.date.start == date(2008, 4, 29)

    video = (
        "Video of a Brooklyn mother of 12 shot and killed in a gang shootout was released on Tuesday. "
        "She was struck by a stray bullet in October 2007."
    )
    main = _mentions(annotator, Article.create(video, "text", published=published))[0]
    assert main.date is not None and (main.date.start, main.date.precision) == (date(2007, 10, 1), "month")

    # Who takes the court's steps, going on trial, a trial set to resume, a video revealed (ECB+: a
    # trial's reports dated by the trial, weeks and years after the shooting).
    court_days = [
        "Rapt jurors yesterday watched video of the moment a Brooklyn mother was shot dead in a shootout.",
        "Two men went on trial Wednesday for killing a Brooklyn mother of 12 in a gang shootout.",
        "A Brooklyn mother of 12 was shot and killed in a gang shootout. The trial is set to resume Monday.",
        "Video of a Brooklyn mother of 12 shot and killed in a gang shootout was revealed Thursday.",
        "In April 2003 the gunman admitted to a court that he shot and killed a rival in Brooklyn.",
    ]
    for text in court_days:
        main = _mentions(annotator, Article.create(text, "text", published=published))[0]
        assert main.date is None, text


def test_the_day_the_death_occurred_dates_it_before_the_day_the_body_was_found(
    annotator: Annotator,
) -> None:
    """A day on a verb whose subject is the event ("the death occurred July 24") dates the event ahead
    of the sentence's other days (the body found July 27)."""
    text = (
        "Fred LaRue was found dead in a motel room. His body was found by a maid July 27, but the "
        "coroner said the death occurred July 24."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2004, 7, 29)))[0]
    assert main.date is not None and main.date.start == date(2004, 7, 24)


def test_a_car_that_struck_someone_is_no_attack(annotator: Annotator) -> None:
    """A woman struck by a car, a driver striking a woman: a road accident, not shelling (ECB+ read a
    Queens hit-and-run so); a band of thieves striking a shop: a robbery. A missile that struck stays
    an attack."""
    published = date(2013, 9, 15)
    for text in [
        "A woman was struck by a car in Queens on Friday night. The driver fled.",
        "The driver struck a woman on 101st Avenue in Queens on Friday and fled.",
        "A savvy band of jewel thieves, some posing as women, have struck a jeweller's in Paris.",
    ]:
        [main] = _mentions(annotator, Article.create(text, "text", published=published))
        assert main.type.event_type == OTHER_EVENTS, text
    missile = "A missile struck a school in Kharkiv on Friday, killing two."
    [main] = _mentions(annotator, Article.create(missile, "text", published=published))
    assert main.type.sub_event_type == "Shelling/artillery/missile attack"


def test_an_earthquake_that_struck_and_killed_is_no_attack(annotator: Annotator) -> None:
    text = (
        "An earthquake of magnitude 5.9 struck Qeshm island in southern Iran on Sunday, killing 10 people. "
        "Rescue teams searched the rubble of the villages."
    )
    [main] = _mentions(annotator, Article.create(text, "text", published=date(2005, 11, 28)))
    assert main.type.event_type == OTHER_EVENTS
    shelled = "Artillery struck Qeshm island in southern Iran on Sunday, killing 10 people."
    [main] = _mentions(annotator, Article.create(shelled, "text", published=date(2005, 11, 28)))
    assert main.type.sub_event_type == "Shelling/artillery/missile attack"


def test_a_climbers_fatal_fall_is_no_attack(annotator: Annotator) -> None:
    """A fall, a drowning or a crash kills without violence: the report's dying words tell no attack,
    though a shooting told beside a fall is still one."""
    published = date(2013, 9, 16)
    text = (
        "An Australian climber fell to his death from a ridge on Mount Cook on Friday. "
        "His brother said he had expected to die that night on the mountain."
    )
    mentions = _mentions(annotator, Article.create(text, "text", published=published))
    assert [m.type.event_type for m in mentions] == [OTHER_EVENTS]
    plunged = "Miles Vinar spoke of seeing his brother plunge to his death on Mount Cook on Thursday."
    mentions = _mentions(annotator, Article.create(plunged, "text", published=published))
    assert [m.type.event_type for m in mentions] == [OTHER_EVENTS]
    shot = "A man was shot dead on Friday and fell from a balcony in Christchurch."
    [main] = _mentions(annotator, Article.create(shot, "text", published=published))
    assert main.type.sub_event_type == "Attack"


def test_one_death_told_without_violence_is_an_event_but_no_attack(annotator: Annotator) -> None:
    """An obituary ("died Thursday at a hospital") and a leader's death recalled are events of no
    violence, dated as any other; deaths counted, or told with their violence, are still attacks."""
    published = date(2008, 12, 13)
    obituary = "Bettie Page, the pin-up model, died Thursday at a hospital in Los Angeles, aged 85."
    [main] = _mentions(annotator, Article.create(obituary, "text", published=published))
    assert main.type.event_type == OTHER_EVENTS
    assert main.date is not None and main.date.start == date(2008, 12, 11)
    recalled = "Turkmens voted in Ashgabat on Sunday, two years after the death of Saparmurat Niyazov."
    assert all(
        m.type.event_type == OTHER_EVENTS
        for m in _mentions(annotator, Article.create(recalled, "text", published=published))
    )
    for violent in [
        "Three soldiers died in Helmand on Thursday.",
        "A trooper died on Thursday at the scene of the bank explosion in Woodburn.",
        "A co-worker was charged on Thursday in the 1967 slayings of two women in Santa Rosa.",
    ]:
        main = _mentions(annotator, Article.create(violent, "text", published=published))[0]
        assert main.type.event_type != OTHER_EVENTS, violent


def test_a_death_only_supposed_is_no_event(annotator: Annotator) -> None:
    """ "Until after Deep Throat dies", "unless the rebels attack": a present tense under "until",
    "unless" or "if" tells what may happen, not what did."""
    text = (
        "Fred LaRue, a Watergate figure, was found dead in a motel in Biloxi on July 27. "
        "He denied being Deep Throat, and Woodward said he will not reveal the name "
        "until after Deep Throat dies."
    )
    mentions = _mentions(annotator, Article.create(text, "text", published=date(2004, 7, 29)))
    assert all("Deep Throat" not in _victims(mention) for mention in mentions)
    talks = "Talks in Geneva on Monday will go on unless the rebels attack the capital."
    [main] = _mentions(annotator, Article.create(talks, "text", published=date(2004, 7, 29)))
    assert main.type.event_type == OTHER_EVENTS


def test_a_shooting_in_a_courtroom_keeps_its_day(annotator: Annotator) -> None:
    """ "In court" on a word of violence is where it happened, not a court step that came later."""
    text = "A man was shot in court on Monday in Chicago after a hearing on a custody case."
    main = _mentions(annotator, Article.create(text, "text", published=date(2013, 9, 17)))[0]
    assert main.date is not None and main.date.start == date(2013, 9, 16)


def test_the_dead_of_a_report_led_by_a_natural_hazard_are_its_toll(annotator: Annotator) -> None:
    """ "Ten people were killed" in a report whose lead names an earthquake tells the quake's toll,
    even in a sentence that does not name it (ECB+ read the 2005 Qeshm quake's reports as attacks).
    A hazard word that qualifies something else ("a lightning raid") leads no such report."""
    published = date(2005, 11, 28)
    quake = (
        "A strong earthquake hit Qeshm island in southern Iran on Sunday. "
        "State television said ten people were killed and 50 were injured."
    )
    main = _mentions(annotator, Article.create(quake, "text", published=published))[0]
    assert main.type.event_type == OTHER_EVENTS
    raid = (
        "Troops made a lightning raid on a village in southern Iran on Sunday. "
        "State television said ten people were killed in the village."
    )
    main = _mentions(annotator, Article.create(raid, "text", published=published))[0]
    assert main.type.event_type != OTHER_EVENTS


def test_a_main_event_in_a_report_naming_no_town_is_set_in_its_leads_country(annotator: Annotator) -> None:
    """The most precise place the lead names, the country rather than the continent its adjective
    names: without it a report of Zimbabwe's cholera epidemic joined Haiti's outbreak."""
    text = (
        "A cholera epidemic in the African country of Zimbabwe has now infected over 80,200 people. "
        "That compared with 3,172 deaths out of 78,882 cases recorded as of Tuesday."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2009, 3, 10)))[0]
    assert main.place is not None and main.place.place is not None
    assert (main.place.place.name, main.place.place.precision) == ("Zimbabwe", "country")


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The administration struck down a rule on endangered species on March 3.", OTHER_EVENTS),
        ("The two governments struck a deal on Tuesday in Geneva.", OTHER_EVENTS),
        ("The singer had a heart attack at his home in Memphis on Tuesday.", OTHER_EVENTS),
        ("The mob boss was jailed in Brooklyn on Monday.", OTHER_EVENTS),
        ("An air strike hit a market in Idlib on Tuesday, killing 12 people.", "Explosions/Remote violence"),
        ("A mob attacked a police station in Lagos on Monday.", "Riots"),
        ("A man died of gunshot wounds in Chicago on Monday.", "Violence against civilians"),
        ("The film was shot in Prague last summer.", OTHER_EVENTS),
        ("A gunman shot two men in Prague on Monday.", "Violence against civilians"),
        ("It was a disappointing blow to the team on Monday.", OTHER_EVENTS),
        ("Militants blew up a bridge in Kandahar on Monday.", "Explosions/Remote violence"),
        ("The offensive lineman was injured on Monday.", OTHER_EVENTS),
        ("The army launched an offensive in Idlib on Monday.", "Battles"),
        ("Hollywood writers went on strike on Monday in Los Angeles.", "Protests"),
        ("A writers strike shut down Hollywood on Monday.", "Protests"),
        ("Fire-fighting crews from across the valley were called to Palmer on Monday.", OTHER_EVENTS),
        ("Crews spent Monday night fighting the blaze near Palmer.", OTHER_EVENTS),
        ("Fighting between the army and rebels broke out in Goma on Monday.", "Battles"),
        ("The studio said on Monday it was shooting for a 2011 release date.", OTHER_EVENTS),
        ("What if the sequel is terrible and bombs at the box office on Monday?", OTHER_EVENTS),
        ("A bomb exploded at the box office of a cinema in Kabul on Monday.", "Explosions/Remote violence"),
        ("On Monday Iverson moved from shooting guard to point guard in Boston.", OTHER_EVENTS),
        ("He scored 9 points in Boston on Monday while shooting 51.2 percent from the field.", OTHER_EVENTS),
        ("The fast break in Chapel Hill on Monday finished with his jump shot in the lane.", OTHER_EVENTS),
        ("Gunmen shot 40 people at a market in Kano on Monday.", "Violence against civilians"),
        ("He told of his desperate battle to stay alive on Mount Cook on Monday.", OTHER_EVENTS),
        ("The boy was fighting for his life in a Leeds hospital on Monday.", OTHER_EVENTS),
        ("The battle for Aleppo raged on Monday.", "Battles"),
        (
            "The Chiefs rallied on Sunday in Kansas City behind 226 rushing yards to tie the game.",
            OTHER_EVENTS,
        ),
        ("The Colts won the turnover battle in Indianapolis on Sunday.", OTHER_EVENTS),
        ("Klitschko (52-3, 46 KOs) blasted a sluggish Rahman in Mannheim on Saturday.", OTHER_EVENTS),
        ("A former NFL player was shot dead in Houston on Monday.", "Violence against civilians"),
        ("Special interests killed health reform in Washington on Monday.", OTHER_EVENTS),
        ("Gunmen killed a reform campaigner in Lagos on Monday.", "Violence against civilians"),
        ("Hackers attacked the bank's servers in Seoul on Monday.", OTHER_EVENTS),
        ("Targeted attacks directed at IE8 in Seoul were reported on Monday.", OTHER_EVENTS),
        ("Police were investigating a shooting in Avondale on Monday.", "Violence against civilians"),
        ("A drug deal ended in gunfire in Milwaukee on Monday.", "Violence against civilians"),
        ("Police held a man after a shootout in Philadelphia on Monday.", "Battles"),
        ("The shooting of the film began in Prague on Monday.", OTHER_EVENTS),
        ("The club opened a shooting range in Dallas on Monday.", OTHER_EVENTS),
        (
            "He scored 23 points in Boston on Monday on perfect 10-for-10 shooting from the floor.",
            OTHER_EVENTS,
        ),
    ],
)
def test_words_of_violence_used_for_none_trigger_nothing(
    annotator: Annotator, text: str, event_type: str
) -> None:
    """The month of March is no march, striking down a rule or a deal hits no one, a heart attack is
    no assault, a mob boss leads no riot, a film shot, a blow to a team and an offensive lineman
    hurt no one, workers on strike protest, a shooting guard and a jump shot shoot at a basket, a
    battle to stay alive is fought with no arms, and a team's rally or battle is play; a player shot
    dead is still violence. Attacks on computers or a browser are on software. A shooting, gunfire
    and a shootout are violence said as nouns, but not a film's shooting, a shooting range nor a
    player's shooting from the floor."""
    [main] = _mentions(annotator, Article.create(text, "text", published=date(2009, 3, 5)))
    assert main.type.event_type == event_type


def test_attacks_in_a_report_led_by_computing_are_on_software(annotator: Annotator) -> None:
    """A report whose lead is about computing tells of attacks on software in sentences that name
    none ("attacks had only targeted version 7"); its killings are still violence."""
    lead = "Microsoft released an emergency patch for a flaw in its Internet Explorer browser on Wednesday. "
    patch = lead + "Attacks had only targeted version 7 in Europe, the company said."
    mentions = _mentions(annotator, Article.create(patch, "text", published=date(2008, 12, 18)))
    assert [m.type.event_type for m in mentions] == [OTHER_EVENTS]
    killing = lead + "Separately, gunmen killed two guards at its office in Lagos on Tuesday."
    mentions = _mentions(annotator, Article.create(killing, "text", published=date(2008, 12, 18)))
    assert "Violence against civilians" in [m.type.event_type for m in mentions]


def test_strikes_in_a_report_led_by_a_workers_strike_are_theirs(annotator: Annotator) -> None:
    """In a report led by a workers' strike, a strike further on is a workers' strike too (the
    writers strike that ended in February, "a strike, if one occurred"); a drone strike is not."""
    lead = (
        "The prospect of a U.S. actors strike cast a long shadow over the Oscars on Friday in Los Angeles. "
    )
    later = (
        "The tumultuous Hollywood writers strike that ended in February cost the city $3 billion. "
        "A strike, if one occurred, would be horrible, the director said."
    )
    mentions = _mentions(annotator, Article.create(lead + later, "text", published=date(2008, 12, 13)))
    assert {m.type.event_type for m in mentions} == {"Protests"}
    drone = lead + "Separately, a drone strike hit a market in Idlib on Friday, killing 12 people."
    mentions = _mentions(annotator, Article.create(drone, "text", published=date(2008, 12, 13)))
    assert "Explosions/Remote violence" in [m.type.event_type for m in mentions]


def test_an_event_recalled_before_the_reports_own_is_background(annotator: Annotator) -> None:
    """A sentence opened by "Last month" or "Previously" tells an earlier event even when it is the
    first violence a report names: the report's own event stays its main one, news if it names none."""
    published = date(2024, 5, 12)
    vote = (
        "Voters in Georgia cast ballots on Sunday in a parliamentary election. "
        "Previously, a bomb killed three people at a polling station in Batumi in March. "
        "Turnout was high, officials said."
    )
    main, *background = _mentions(annotator, Article.create(vote, "text", published=published))
    assert main.kind == "main" and main.type.event_type == OTHER_EVENTS
    assert main.summary and main.summary.sentence.startswith("Voters")  # the news, not the recalled bomb
    assert main.place is None or main.place.text != "Batumi"
    assert [m.killed.low for m in background if m.killed] == [3]
    raid = (
        "Last month, gunmen attacked a convoy near Batumi and killed two guards. "
        "On Friday, a car bomb killed five people in Kutaisi."
    )
    main, *background = _mentions(annotator, Article.create(raid, "text", published=published))
    assert main.place and main.place.place and main.place.place.name == "Kutaisi"
    assert main.date and main.date.start == date(2024, 5, 10) and main.killed and main.killed.low == 5
    assert [m.killed.low for m in background if m.killed] == [2]


@pytest.mark.parametrize(
    ("text", "place", "said"),
    [
        ("Drones struck the Ukrainian capital overnight, killing two people.", "Kyiv", "Ukrainian capital"),
        ("A car bomb killed a judge in Turkey's capital on Friday.", "Ankara", "Turkey's capital"),
        ("Heist in Downtown Paris\nFour armed robbers stole jewels on Thursday.", "Paris", "Paris"),
        ("Russian capital markets fell after a drone hit a refinery in Ryazan.", "Ryazan’", "Ryazan"),
    ],
)
def test_a_countrys_capital_is_its_capital_town(
    annotator: Annotator, text: str, place: str, said: str
) -> None:
    """ "The Ukrainian capital" is Kyiv, not Ukraine; "capital markets" are no town, and "Downtown"
    before a town is part of it, not a place of its own."""
    [main] = _mentions(annotator, Article.create(text, "text", published=date(2025, 4, 26)))
    assert main.place and main.place.place
    assert (main.place.place.name, main.place.text) == (place, said)
    assert all(p.text != "Downtown" for p in main.other_places)


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        # a bullet's strike, in the sentence or in a report led by gunfire, is no shelling
        ("Shots were fired in Houston on Monday and the bullet struck a woman.", "Attack"),
        ("A man was shot in Houston on Monday. The victim was struck once in the leg.", "Attack"),
        (
            "A missile struck a house in Kharkiv on Monday, killing two people.",
            "Shelling/artillery/missile attack",
        ),
        # an explosion told later does not make a shooting a bombing; one told with the gun does
        (
            "A gunman killed 14 people at a party in San Bernardino on Wednesday. Police later found "
            "pipe bombs, and one exploded in the car.",
            "Attack",
        ),
        (
            "A gunman opened fire and a bomb exploded at a market in Kano on Monday.",
            "Remote explosive/landmine/IED",
        ),
        # where the event is first told as a riot or a fight, its gun makes it no attack on civilians
        (
            "Greece was rocked by more clashes on Monday over a teenager's shooting by police.",
            "Violent demonstration",
        ),
        (
            "Two men were wanted on Monday after a shootout in which a man was shot in Philadelphia.",
            "Armed clash",
        ),
    ],
)
def test_a_shootings_kind_is_read_where_it_is_told(annotator: Annotator, text: str, sub_type: str) -> None:
    """GVDB's 400 reports of shootings: 364 had been read as attacks or armed clashes, 389 now;
    bullets that "struck" someone had been shelling, San Bernardino's shooting a roadside bomb."""
    main = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 7)))[0]
    assert main.type.sub_event_type == sub_type


def test_the_shooting_said_again_is_the_event_told_before(annotator: Annotator) -> None:
    """ "The shooting happened ... Friday" or "a statement in regards to the shooting" points back
    at the report's shooting, however its sentence dates it; "another shooting" dated otherwise is
    another event."""
    text = (
        "A man was shot in Baltimore, police said on Saturday. The shooting happened at about 11:30 "
        "p.m. Friday in the 1000 block of St. Paul Street. The mayor issued a statement on the shooting."
    )
    mentions = _mentions(annotator, Article.create(text, "text", published=date(2016, 1, 2)))
    assert [m.kind for m in mentions] == ["main"]
    other = "A man was shot in Baltimore on Saturday. Another shooting on December 20 had left two men hurt."
    mentions = _mentions(annotator, Article.create(other, "text", published=date(2016, 1, 2)))
    assert [m.kind for m in mentions] == ["main", "background"]


def test_a_reports_stamps_and_bracketed_dateline_date_no_event(annotator: Annotator) -> None:
    """ "[ Update 12:22 a.m ET Thursday ]" stamps the report, and "INDIANAPOLIS, Ind. (Dec. 10,
    2015) –" opens it: the shooting is dated by its own "Wednesday", set in the town, not in
    Indiana (the parse reads the dateline's town as the sentence's subject)."""
    text = (
        "A man was shot and killed on Wednesday in San Bernardino . [ Update 12:22 a.m ET Thursday ] "
        "Police said more on Thursday."
    )
    [main] = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 3)))
    assert main.date is not None and main.date.start == date(2015, 12, 2)
    text = (
        "Man dies after shooting | Fox 59 . INDIANAPOLIS , Ind. ( Dec. 10 , 2015 ) – Police are investigating "
        "a fatal shooting on the east side . Officers were called to the 900 block of North Denny Street "
        "around 10:50 p.m. Wednesday ."
    )
    [main] = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 10)))
    assert main.date is not None and main.date.start == date(2015, 12, 9)
    assert main.place is not None and main.place.place is not None
    assert (main.place.place.name, main.place.place.precision) == ("Indianapolis", "town")
    assert main.streets == ("denny",)
    assert mention_from_dict(json.loads(json.dumps(to_dict(main)))) == main  # stored with its streets


def test_block_addresses_name_their_streets_however_written() -> None:
    """The street's base name: with or without its type or direction, a "North Avenue" by its
    direction; a street corner's two streets where one is numbered or named with its type (two
    capitalised words joined by "and" are as often anything else)."""
    text = (
        "Police were called to the 900 block of North Denny Street, the 4800 block Primrose Avenue, "
        "the 2400 block of W. North Ave. and the 3300 block of 38th Street; a block party was held."
    )
    assert streets_in(text) == ["denny", "primrose", "north", "38th"]
    assert streets_in("the 2400 block of North Avenue") == ["north"]
    assert streets_in("shot near 65th and Thurston, at Holton Street & North Avenue") == [
        "65th",
        "thurston",
        "holton",
        "north",
    ]
    assert streets_in("the Department of Children and Family Services, near Fillmore and Turk") == []
    # a house number on a typed street; a tokenised text's periods; a numbered street in words
    assert streets_in("the Popeyes Restaurant at 1567 W. National Avenue, killing 3 People") == ["national"]
    assert streets_in("a home near 5th Pl . and Hayes Ave . around 5 a.m.") == ["5th", "hayes"]
    assert streets_in("the 14200 block of S . Tracy Ave .") == ["tracy"]
    assert streets_in("at 40 East Fifth Avenue, the 900 block of Fifth Street") == ["5th", "5th"]


def test_a_street_corner_is_no_town(annotator: Annotator) -> None:
    """ "Near 48th & Hampton", "near 35th and Center": streets of Milwaukee, not the towns of Hampton
    or Center (GVDB had set both shootings there)."""
    text = (
        "Two men hurt in shooting near 48th & Hampton | FOX6Now.com . MILWAUKEE — Milwaukee police on Tuesday "
        "night were called out to the scene of a double shooting near 48th and Hampton ."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 29)))[0]
    assert main.place is not None and main.place.place is not None
    assert main.place.place.name == "Milwaukee"
    assert main.streets == ("48th", "hampton")


def test_the_leads_addresses_are_of_the_reports_days(annotator: Annotator) -> None:
    """A tokenised lead's corner is read across the sentence its period ends ("near 5th Pl . and
    Hayes Ave ."); a teaser's 2012 killing put first is not where police were called this week."""
    text = (
        "Woman shot inside home | FOX6Now.com . MILWAUKEE — Milwaukee police are investigating a shooting "
        "early Saturday , December 26th . Officers were called to a home near 5th Pl . and Hayes Ave . "
        "around 5 a.m. A woman was shot inside the home ."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 26)))[0]
    assert main.streets == ("5th", "hayes")
    text = (
        "Man accidentally fired a gun | FOX21News.com . A former sheriff 's deputy accused of killing his "
        "wife in 2012 is on trial . Officers responded to a report of a gun fired in the 4400 block of "
        "Burton Way . No injuries were reported ."
    )
    main = _mentions(annotator, Article.create(text, "text", published=date(2016, 1, 25)))[0]
    assert main.date is not None and main.date.precision == "year"
    assert main.streets == ()


def test_a_tokenised_passive_names_its_victim_and_an_age_is_no_title(annotator: Annotator) -> None:
    """ "On Wednesday , Nov. 25 , Ronald Munn , 28 , was shot": the parse of the spaced commas hangs
    Munn on "shot" as a noun modifier; he is its victim, so "Munn 's murder" in the arrest a week
    later is his shooting told again, not another killing (GVDB had joined it to another Indianapolis
    shooting of the arrest's day). "28" is his age, not his title."""
    text = (
        "Police make arrest after fatal east side shooting | Fox 59 . Indianapolis police have made an arrest "
        "following a fatal shooting on the east side last week . On Wednesday , Nov. 25 , Ronald Munn , 28 , "
        "was shot following a disturbance . He died in surgery . On Wednesday , IMPD took Brent Thomas , 22 , "
        "into custody in connection with Munn 's murder ."
    )
    mentions = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 2)))
    assert len(mentions) == 1
    [victim] = [actor for actor in mentions[0].actors if actor.role == "victim"]
    assert (victim.name, victim.title) == ("Ronald Munn", None)


def test_news_tells_no_weapon(annotator: Annotator) -> None:
    """A report of no violence has no method: "the shooting of the film" names no firearm."""
    text = "The shooting of the film began in Prague on Monday."
    [main] = _mentions(annotator, Article.create(text, "text", published=date(2015, 12, 29)))
    assert (main.type.event_type, main.method) == (OTHER_EVENTS, None)
