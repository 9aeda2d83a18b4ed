"""Annotation pieces on their own: dates against a publication date, counts, gazetteer, geocoding."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.annotate.dates import DateAnnotator
from eventwire.annotate.gazetteer import Gazetteer, haversine_km
from eventwire.annotate.geocode import resolve_toponyms
from eventwire.cli import app
from eventwire.evaluate.geo import GoldFormatError, read_gold
from eventwire.extract.numbers import find_casualties, parse_quantity

SATURDAY = date(2025, 4, 26)


@pytest.fixture(scope="module")
def dates() -> DateAnnotator:
    return DateAnnotator()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def _one(dates: DateAnnotator, text: str, reference: date | None = SATURDAY) -> tuple[object, ...]:
    [found] = dates.find(text, reference)
    value = found.value
    return (
        found.anchor,
        value.start if value else None,
        value.end if value else None,
        value.precision if value else None,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A car exploded on Friday.", ("publication", date(2025, 4, 25), date(2025, 4, 25), "day")),
        ("He was killed last December.", ("publication", date(2024, 12, 1), date(2024, 12, 31), "month")),
        ("Trump spoke on Wednesday.", ("publication", date(2025, 4, 23), date(2025, 4, 23), "day")),
        ("It happened yesterday.", ("publication", date(2025, 4, 25), date(2025, 4, 25), "day")),
        (
            "The general died on 17 December 2024.",
            ("absolute", date(2024, 12, 17), date(2024, 12, 17), "day"),
        ),
        (
            "Another blast hit the city earlier this week.",
            ("publication", date(2025, 4, 21), date(2025, 4, 26), "week"),
        ),
    ],
)
def test_dates_resolve_into_the_past(dates: DateAnnotator, text: str, expected: tuple[object, ...]) -> None:
    assert _one(dates, text) == expected


def test_event_relative_durations_and_missing_reference(dates: DateAnnotator) -> None:
    [relative] = dates.find("His death comes a day after the strike on Kyiv.", SATURDAY)
    assert (relative.anchor, relative.offset_days, relative.value) == ("event", 1, None)
    assert dates.find("For the past six weeks, and for 44 days, 5000 soldiers a week died.", SATURDAY) == []
    [since] = dates.find("the deadliest since last July", SATURDAY)
    assert (since.modifier, since.value) == ("since", None)  # an open period, not an event date
    assert dates.find("Authorities confirmed on Friday.", None) == []
    [unresolved] = dates.find("Authorities confirmed on Friday.", None, keep_unresolved=True)
    assert (unresolved.anchor, unresolved.text, unresolved.value) == ("unresolved", "Friday", None)
    assert _one(dates, "It began on 24 February 2022.", None)[:2] == ("absolute", date(2022, 2, 24))


def test_quantities_and_casualties() -> None:
    assert parse_quantity("twenty-one") == (21, 21)
    assert parse_quantity("1,200") == (1200, 1200)
    assert parse_quantity("hundreds") == (200, 999)
    found = find_casualties("The strike killed at least 12 people and wounded around 90, officials said.")
    assert [(c.kind, c.count.low, c.count.high) for c in found] == [("killed", 12, None), ("injured", 81, 99)]
    assert find_casualties("5000 soldiers a week are dying.") == []
    [none_hurt] = find_casualties("No one else was reported hurt.")
    assert (none_hurt.kind, none_hurt.count.low) == ("injured", 0)


def test_gazetteer_names_adjectives_and_containment(gazetteer: Gazetteer) -> None:
    [balashikha] = [c.place for c in gazetteer.lookup("Balashikha") if c.place.country == "RU"]
    assert balashikha.precision == "town" and balashikha.lat is not None and balashikha.lon is not None
    assert haversine_km(balashikha.lat, balashikha.lon, 55.80, 37.95) < 20
    kiev = gazetteer.lookup("Kiev")[0].place
    assert (kiev.name, kiev.country) == ("Kyiv", "UA")
    russian = gazetteer.lookup("Russian")[0]
    assert (russian.kind, russian.place.precision, russian.place.country) == ("adjective", "country", "RU")
    region = gazetteer.admin1("RU", balashikha.admin1_code or "")
    russia = gazetteer.country("RU")
    assert region is not None and russia is not None
    assert Gazetteer.contains(region, balashikha) and Gazetteer.contains(russia, region)
    assert not Gazetteer.contains(region, kiev)


def test_context_decides_between_same_named_places(gazetteer: Gazetteer) -> None:
    texas = "Storms hit Dallas and Houston on Monday. In Paris, the mayor closed the schools."
    france = "Police in Lyon and Marseille were on alert. In Paris, the mayor closed the schools."
    qualified = "The fire broke out in Paris, Texas, late on Monday."
    for text, country in ((texas, "US"), (france, "FR"), (qualified, "US")):
        spans = [
            (text.index(n), text.index(n) + len(n))
            for n in ("Dallas", "Houston", "Lyon", "Marseille", "Paris")
            if n in text
        ]
        places = resolve_toponyms(text, spans, gazetteer)
        assert places[-1] is not None and places[-1].country == country, text
    moscow = resolve_toponyms("A blast shook Moscow.", [(14, 20)], gazetteer)[0]
    assert moscow is not None and moscow.precision == "town"  # the city, not the city-region


def test_a_capital_by_an_old_name_is_no_capital_over_a_city_of_that_name(gazetteer: Gazetteer) -> None:
    """Amman was Philadelphia in antiquity: the capital's weight goes with its own name, so a
    shooting at a factory in Philadelphia is in Pennsylvania; a capital's former name in use still
    finds it."""
    for text, name, expected in (
        (
            "A gunwoman opened fire at a Kraft factory in Philadelphia.",
            "Philadelphia",
            ("Philadelphia", "US"),
        ),
        ("Troops reached Peking on Monday.", "Peking", ("Beijing", "CN")),
    ):
        [place] = resolve_toponyms(text, [(text.index(name), text.index(name) + len(name))], gazetteer)
        assert place is not None and (place.name, place.country) == expected, text


def test_gold_reader_and_its_errors(tmp_path: Path) -> None:
    good = tmp_path / "gold.xml"
    good.write_text(
        "<articles><article docid='7'><text> Flooding in Pandi, Bulacan.</text><toponyms><toponym>"
        "<phrase>Pandi</phrase><start>13</start><end>18</end><gaztag geonameid='1'><lat>14.87</lat><lon>120.95</lon>"
        "</gaztag></toponym></toponyms></article></articles>"
    )
    [article] = read_gold(good)
    [toponym] = article.toponyms
    assert article.text[toponym.start : toponym.end] == "Pandi"  # offsets shifted by one are snapped
    bad = tmp_path / "bad.xml"
    bad.write_text(
        "<articles><article><text>x</text><locations><location><name>X</name><start>a</start><end>2</end><lat>1</lat><lon>2</lon></location></locations></article></articles>"
    )
    with pytest.raises(GoldFormatError, match=r"bad.xml: article 1, toponym 1: <start> is not a number"):
        read_gold(bad)
    broken = tmp_path / "broken.xml"
    broken.write_text("<articles><article>")
    with pytest.raises(GoldFormatError, match="cannot parse XML"):
        read_gold(broken)


def test_eval_geo_command_on_shared_data(shared_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "geo", str(shared_dir / "data" / "geoparsing" / "TR-News.xml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n"] > 1000 and set(scores) >= {"acc_161", "median_km", "auc", "e2e_f1"}
    assert 0.0 <= scores["auc"] <= 1.0 and 0.0 <= scores["acc_161"] <= 1.0


EQUIVALENCE_TEXTS = [
    "Y'all ain't gonna believe it: there is nothin' left of the market after Friday's blast.",
    "The mayor's office said  two   people were wounded;\n\nthere were no arrests. He's been told they'd gone.",
    "Lt. Gen. Yaroslav Moskalik was killed in Balashikha, 20 miles east of Moscow, on April 25, 2025.",
]


def test_the_indexed_attribute_rules_set_what_spacys_ruler_sets() -> None:
    import spacy

    from eventwire.annotate.annotator import SPACY_MODEL
    from eventwire.annotate.attribute_rules import use_attribute_rules

    spacys = spacy.load(SPACY_MODEL)
    ours = use_attribute_rules(spacy.load(SPACY_MODEL))
    assert ours.pipe_names == spacys.pipe_names
    for theirs, mine in zip(spacys.pipe(EQUIVALENCE_TEXTS), ours.pipe(EQUIVALENCE_TEXTS), strict=True):
        expected = [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in theirs]
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in mine] == expected
    words = {t.lower_: t for t in ours("Y'all ain't gonna go.")}
    assert words["ai"].lemma_ == "be" and words["gon"].lemma_ == "go"


def test_the_lemma_table_sets_the_lemmas_spacys_lemmatizer_sets() -> None:
    import spacy

    from eventwire.annotate.annotator import SPACY_MODEL
    from eventwire.annotate.lemmas import LemmaTable, use_lemma_table

    spacys = spacy.load(SPACY_MODEL)
    ours = use_lemma_table(spacy.load(SPACY_MODEL))
    assert ours.pipe_names == spacys.pipe_names and isinstance(ours.get_pipe("lemmatizer"), LemmaTable)
    expected = [[(t.text, t.pos_, t.lemma_) for t in doc] for doc in spacys.pipe(EQUIVALENCE_TEXTS)]
    for _ in range(2):  # the second pass reads every lemma from the table
        assert [[(t.text, t.pos_, t.lemma_) for t in doc] for doc in ours.pipe(EQUIVALENCE_TEXTS)] == expected
    words = {t.lower_: t.lemma_ for t in ours("Two people were wounded; they had gone.")}
    assert (words["were"], words["wounded"], words["had"], words["gone"]) == ("be", "wound", "have", "go")


def test_a_lemmatizer_that_overwrites_set_lemmas_is_refused() -> None:
    import spacy

    from eventwire.annotate.lemmas import UnsupportedLemmatizer, use_lemma_table

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": True})
    with pytest.raises(UnsupportedLemmatizer, match="keeps set lemmas"):
        use_lemma_table(nlp)


def test_a_rule_the_indexed_ruler_cannot_read_is_refused() -> None:
    import spacy

    from eventwire.annotate.attribute_rules import AttributeRules, UnsupportedRule

    with pytest.raises(UnsupportedRule, match="FUZZY"):
        AttributeRules(spacy.blank("en").vocab, [{"patterns": [[{"LOWER": {"FUZZY": "boom"}}]], "attrs": {}}])
