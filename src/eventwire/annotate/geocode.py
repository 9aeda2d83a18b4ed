"""Resolving place names to gazetteer entries with the article as context, and finding them in text.

Population alone picks the wrong Paris. Each name's candidates get a prior (kind of place,
population, how the name matched) and then the article's context: the countries and admin1 regions
the other names resolve to, how close a candidate lies to the other places, the place the text
puts a name in ("Paris, Texas", "Cairo's Abbasiya"; that place itself when no reading lies in it),
and the kind of place the other names of a list are ("Oregon, Washington and Idaho"). The same name
means the same place throughout an article (one sense per discourse).
The weights are few and round; moving any of them by half changes accuracy@161 km on GeoVirus and
TR-News by less than one point (measured): what is left wrong is mostly what no rule can know.
"""

from __future__ import annotations

import calendar
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventwire.annotate.gazetteer import EARTH_RADIUS_KM, Gazetteer, NameMatch
from eventwire.model import Place
from eventwire.words import zipf

COMMON_WORD = 5.5
"""wordfreq's Zipf frequency from which a one-word name is the word, not a place (see `_common_word`)."""
HEADLINE_WORD = 4.5
"""The same in a line that capitalises every word, for names only small towns bear (`_headline_word`)."""
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")

# Priors, in units of log10(population): a country outranks a same-named town unless the context
# says otherwise; capitals are what a bare name means in news ("Washington"), by their own names:
# Amman's ancient name "Philadelphia" is the American city.
_TYPE_PRIOR = {"country": 2.5, "continent": 8.0, "region": 0.5, "district": -1.0, "town": 0.0}
_KIND_PRIOR = {"name": 0.0, "alternate": -1.5, "abbreviation": 0.0, "adjective": 2.0, "code": -0.3}
_CAPITAL_PRIOR = 2.0
_SEAT_PRIOR = 1.5  # the town a same-named region is named after
_COUNTRY_WEIGHT = 3.0  # times the share of the other names in the candidate's country
_REGION_WEIGHT = 2.5  # times how surely another name lies in (or is) the candidate's admin1 region
_NEAR_WEIGHT = 2.0  # times the closeness to the nearest other place (1 at 0 km, 1/e at 150 km)
_NEAR_KM = 150.0
_CAPITAL_NAMED_WEIGHT = 2.0  # times how surely another name is the capital's country itself
_QUALIFIER_BONUS = 6.0
_CLASS_BONUS = 6.0  # "Washington state", "the city of Washington": the text names the kind of place
_FOCUS_BONUS = 5.0  # a caller who knows the article's country outweighs a capital's fame
_LIST_WEIGHT = 3.0  # times the share of the name's list neighbours that are the same kind of place
_PASSES = 3
_CANDIDATES = 100

_QUALIFIER = re.compile(r"\s*(?:,|\()\s*((?:[A-Z][\w.'’-]*\.?)(?:\s+(?:of\s+)?[A-Z][\w.'’-]*\.?){0,3})")
# Kind words written in lower case next to a name: "Washington state", "the state of Washington",
# "New York city", "Orange county"; capitalised ones are part of a name ("Washington State University").
_KIND_WORDS = {
    "state": "region",
    "province": "region",
    "oblast": "region",
    "prefecture": "region",
    "governorate": "region",
    "county": "district",
    "district": "district",
    "city": "town",
    "town": "town",
    "village": "town",
}
_KIND_AFTER = re.compile(r"\s+(" + "|".join(_KIND_WORDS) + r")\b")
_KIND_BEFORE = re.compile(r"\b(" + "|".join(_KIND_WORDS) + r") of\s+$")
_POSSESSOR = re.compile(r"\b([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})(?:'s|’s|'|’)\s+$")
_IN_CONTAINER = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})")
_SUBURB_KM = 40.0
_LIST_BEFORE = re.compile(r"[A-Z][\w.'’-]*\s*,\s*$")
_LIST_AFTER = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)[A-Z]")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_COMPASS_PREFIX = re.compile(
    r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|upper|lower|greater|downtown"
    r"|metropolitan|rural|inner|outer)[ -])+",
    re.IGNORECASE,
)
_GENERIC_WORDS = r"(?:province|region|district|state|area|metropolitan area|city|municipality)"
_GENERIC_SUFFIX = re.compile(rf" {_GENERIC_WORDS}$", re.IGNORECASE)
_ADMIN_SUFFIX = re.compile(
    r" (?:province|region|district|state|county|governorate|prefecture|oblast|department)$", re.IGNORECASE
)
_GENERIC_ONLY = re.compile(_GENERIC_WORDS, re.IGNORECASE)  # what "North Eastern Province" leaves
_KIND_OF = re.compile(r"^(?:City|Town|Village|Borough|County|Province|State|District) of ", re.IGNORECASE)
_COUNTY_ABBREVIATION = re.compile(r" Co\.?$", re.IGNORECASE)
_CITY_BY_INITIALS = 1_000_000
"""People from which a town may be known by two capitals (LA, NY)."""
_ABBREVIATED = re.compile(r"^(St|Mt|Ft)\.?\s+")
"""What a name's first word abbreviates: "St. Louis", "Mt Cook", "Ft. Worth" (GeoNames spells them out)."""
_SPELLED_OUT = {"St": "Saint ", "Mt": "Mount ", "Ft": "Fort "}
_BUILDINGS = {
    "hospital",
    "clinic",
    "university",
    "college",
    "school",
    "museum",
    "cathedral",
    "church",
    "mosque",
    "stadium",
    "hotel",
    "prison",
    "centre",
    "center",
}
_SITE_WORDS = {
    "airport",
    "valley",
    "bay",
    "island",
    "islands",
    "delta",
    "gallery",
    "museum",
    "university",
    "hospital",
    "square",
    "park",
    "station",
    "stadium",
    "harbour",
    "harbor",
    "port",
    "peninsula",
}


@dataclass(slots=True)
class _Group:
    """All mentions of one name in an article: they share one decision."""

    matches: list[NameMatch]
    base: np.ndarray  # prior plus qualifier and focus bonuses
    lat: np.ndarray
    lon: np.ndarray
    local: np.ndarray  # towns and districts: places that proximity speaks for
    probability: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def place(self) -> Place | None:
        return self.matches[int(np.argmax(self.probability))].place if len(self.matches) else None


def resolve_toponyms(
    text: str, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer, *, focus_country: str | None = None
) -> list[Place | None]:
    """One place (or None) per span, decided together so that each name is context for the others.

    Each name keeps a probability over its candidates (a softmax of its score); the context a
    candidate gets is what the other names' probabilities put in its country, its admin1 region and
    near it, so an undecided name still votes with all its readings instead of its first guess.
    """
    groups: dict[frozenset[int | None], _Group] = {}  # by reading: "US" and "U.S." are one name
    group_of: list[_Group | None] = []
    found = {
        surface: _lookup(surface, gazetteer) or _facility_place(surface, gazetteer)
        for surface in {text[start:end] for start, end in spans}
    }
    fallbacks = _container_fallbacks(text, spans, found, gazetteer)
    placed_by = _placed_by_container_span(text, spans, found, gazetteer)
    for index, (start, end) in enumerate(spans):
        matches = found[text[start:end]] + fallbacks.get(text[start:end], [])
        if not matches or index in placed_by:
            group_of.append(None)
            continue
        readings = frozenset(m.place.geonameid for m in matches)
        group = groups.get(readings)
        if group is None:
            group = groups[readings] = _new_group(matches, focus_country)
        group_of.append(group)
    _apply_qualifiers(text, spans, group_of, gazetteer)
    _apply_kind_words(text, spans, group_of)
    neighbours = _list_neighbours(text, spans, group_of)
    ordered = list(groups.values())
    for group in ordered:
        group.probability = _softmax(group.base)
    for _ in range(_PASSES):
        votes = _Votes.of(ordered)
        kinds = {id(group): _kind_votes(group) for group in ordered} if neighbours else {}
        scores = [
            group.base
            + _context(group, [g for g in ordered if g is not group], votes)
            + _LIST_WEIGHT * _same_kind_share(group, [kinds[id(n)] for n in neighbours.get(id(group), [])])
            for group in ordered
        ]
        for group, score in zip(ordered, scores, strict=True):
            group.probability = _softmax(score)
    for index, container in placed_by.items():
        group_of[index] = group_of[container]
    return _buildings_placed_at_home(text, spans, [group.place if group else None for group in group_of])


def name_capitals(
    doc: Any, spans: Sequence[tuple[int, int, str]], places: Sequence[Place | None], gazetteer: Gazetteer
) -> list[tuple[int, int, str, Place | None]]:
    """ "The Turkish capital", "France's capital": a country named before the noun "capital" names
    its capital town, the place a report of an event there means (Ankara, Paris), with the span
    taken to the end of "capital". Not "capital markets" ("capital" qualifying a noun) nor the
    "Australian Capital Territory". The geoparsing gold sets tag the adjective alone as the
    country, so the resolver keeps that reading and this one is the annotator's."""
    named: list[tuple[int, int, str, Place | None]] = []
    for (start, end, text), place in zip(spans, places, strict=True):
        country = place.country if place is not None and place.precision == "country" else None
        word = _capital_after(doc, end) if country else None
        capital = gazetteer.capital(country) if country and word is not None else None
        if capital is not None and word is not None:
            end = word.idx + len(word.text)
            named.append((start, end, doc.text[start:end], capital))
        else:
            named.append((start, end, text, place))
    return named


def _capital_after(doc: Any, end: int) -> Any | None:
    """The noun "capital" right after a name or its "'s", if it stands there."""
    after = doc.char_span(end, len(doc.text), alignment_mode="expand")
    words = [t for t in after[:2] if t.lower_ not in ("'s", "’s", "'")] if after is not None else []
    if words and words[0].text == "capital" and words[0].dep_ not in ("compound", "amod"):
        return words[0]
    return None


def _buildings_placed_at_home(
    text: str, spans: Sequence[tuple[int, int]], places: list[Place | None]
) -> list[Place | None]:
    """A building the gazetteer cannot place ("Xavier University", "St. Michael's Hospital") stands
    where the report is, as local news names its buildings without their town: in the town or
    district the report's names resolve to most often (TR-News: +3 toponyms within 161 km)."""
    local = Counter(p.geonameid for p in places if p is not None and p.precision in ("town", "district"))
    if not local:
        return places
    [(home_id, _)] = local.most_common(1)
    home = next(p for p in places if p is not None and p.geonameid == home_id)
    return [
        home
        if place is None and (words := text[start:end].split())[1:] and words[-1].lower() in _BUILDINGS
        else place
        for (start, end), place in zip(spans, places, strict=True)
    ]


def _softmax(score: np.ndarray) -> np.ndarray:
    weights = np.exp(score - score.max())
    result: np.ndarray = weights / weights.sum()
    return result


def _lookup(surface: str, gazetteer: Gazetteer) -> list[NameMatch]:
    """The gazetteer's matches for a span, else for the span without a possessive, a compass word
    or a generic word ("Southern California", "Nyanza Province", "Greater Toronto Area")."""
    name = surface.strip()
    for variant in (name, *_variants(name)):
        matches = [m for m in gazetteer.lookup(variant, _CANDIDATES) if not _initials_as_name(variant, m)]
        if matches:
            return matches + _units_named(variant, matches, gazetteer)
    return []


def _initials_as_name(written: str, match: NameMatch) -> bool:
    """Two capitals are initials ("IE" for Internet Explorer, "PA" for an address system), not a
    town's name or another name of it (Ie and Iyo in Japan, Pa in Burkina Faso). Codes ("CA"),
    countries ("US") and the great cities known by their initials ("LA", "NY") still match."""
    return (
        len(written) == 2
        and written.isupper()
        and match.place.precision == "town"
        and match.kind in ("name", "alternate")
        and match.place.population < _CITY_BY_INITIALS
    )


def _units_named(name: str, matches: list[NameMatch], gazetteer: Gazetteer) -> list[NameMatch]:
    """ "Karak district" is any administrative unit called Karak, not only one whose name says
    "District": the regions and districts of the name without its kind word, beside the matches."""
    kind = _ADMIN_SUFFIX.search(name)
    if kind is None:
        return []
    known = {m.place.geonameid for m in matches}
    return [
        m
        for m in gazetteer.lookup(name[: kind.start()], _CANDIDATES)
        if m.place.precision in ("region", "district") and m.place.geonameid not in known
    ]


def _variants(name: str) -> list[str]:
    bare = _KIND_OF.sub("", _POSSESSIVE.sub("", name))  # "the City of Santa Ana"
    bare = _COUNTY_ABBREVIATION.sub(" County", bare)
    shorter = _GENERIC_SUFFIX.sub("", _COMPASS_PREFIX.sub("", bare))
    spelled_out = _ABBREVIATED.sub(lambda m: _SPELLED_OUT[m.group(1)], bare)
    return [
        v
        for v in dict.fromkeys((bare, _COMPASS_PREFIX.sub("", bare), shorter, spelled_out))
        if v and v != name and not _GENERIC_ONLY.fullmatch(v)
    ]


def _facility_place(surface: str, gazetteer: Gazetteer) -> list[NameMatch]:
    """ "Swat Valley", "Vancouver Art Gallery", "Kisumu District Hospital": a name the gazetteer
    lacks that ends in a kind of site or landform lies at the place its first words name."""
    words = surface.split()
    if len(words) < 2 or words[-1].lower() not in _SITE_WORDS:
        return []
    for size in range(len(words) - 1, 0, -1):
        matches = [m for m in gazetteer.lookup(" ".join(words[:size]), _CANDIDATES) if m.kind == "name"]
        if matches:
            return matches
    return []


def _new_group(matches: list[NameMatch], focus_country: str | None) -> _Group:
    base = np.array([_prior(m, matches) for m in matches])
    if focus_country:
        base += np.array([_FOCUS_BONUS * (m.place.country == focus_country) for m in matches])
    return _Group(
        matches=matches,
        base=base,
        lat=np.radians([m.place.lat or 0.0 for m in matches]),
        lon=np.radians([m.place.lon or 0.0 for m in matches]),
        local=np.array([m.place.precision in ("town", "district") for m in matches]),
    )


def _prior(match: NameMatch, matches: Sequence[NameMatch]) -> float:
    place = match.place
    score = math.log10(place.population + 1) + _TYPE_PRIOR.get(place.precision, 0.0) + _KIND_PRIOR[match.kind]
    if place.feature_code == "PPLC" and match.kind != "alternate":
        score += _CAPITAL_PRIOR
    if place.precision == "town" and any(_named_after(place, m.place) for m in matches):
        score += _SEAT_PRIOR
    return score


def _named_after(town: Place, region: Place) -> bool:
    """A region named after its main town ("Mecca", "São Paulo", "Aleppo"): the bare name is the town."""
    return (
        region.feature_code == "ADM1"
        and region.country == town.country
        and region.admin1_code == town.admin1_code
        and town.population >= 0.1 * region.population
    )


@dataclass(frozen=True, slots=True)
class _Container:
    """The place the text puts a name in (see _container)."""

    start: int  # of the container's name in the text
    places: list[Place]  # its readings
    outright: bool  # a qualifier or a possessive says so; "in" only hints
    listed: bool  # "Nashville and Cordova, Tennessee, Richmond, Virginia, Orlando": also a list


def _container(text: str, start: int, end: int, gazetteer: Gazetteer) -> _Container | None:
    """Where the text puts a name: a qualifier after it ("Paris, Texas", "Balashikha, Moscow
    Oblast", "Hazard (Ky.)") or a possessive before it ("Cairo's Abbasiya neighbourhood", "London's
    Heathrow") says so outright; "in" after it only hints ("Kfraya in Idlib province", but
    "Liverpool in Manchester" is a match)."""
    match = _QUALIFIER.match(text, end)
    if match:
        # "Ohio, Indiana and Illinois" is a list, not towns in states; "Nashville, Tennessee,
        # Richmond, Virginia" is both.
        listed = bool(_LIST_BEFORE.search(text, 0, start) or _LIST_AFTER.match(text, match.end()))
        words = match.group(1).split()  # "Paris, Texas. Police said": the qualifier is "Texas."
        for size in range(len(words), 0, -1):
            if size < len(words) and not words[size - 1].endswith("."):
                continue  # "Solon, King Nut Companies" is not in King County
            outer = [
                m.place
                for m in gazetteer.lookup(" ".join(words[:size]), _CANDIDATES)
                if m.place.precision in ("country", "region", "district")
            ]
            if outer:
                return _Container(match.start(1), outer, outright=True, listed=listed)
    possessor = _POSSESSOR.search(text, max(0, start - 60), start)
    if possessor:
        outer = [m.place for m in gazetteer.lookup(possessor.group(1), _CANDIDATES) if m.kind == "name"]
        if outer:
            return _Container(possessor.start(1), outer, outright=True, listed=False)
    match = _IN_CONTAINER.match(text, end)
    if match:
        words = match.group(1).split()  # "in the Karak district", "in Fife, Scotland"
        for size in range(len(words), 0, -1):
            outer = [
                m.place
                for m in gazetteer.lookup(" ".join(words[:size]), _CANDIDATES)
                if m.kind == "name" or m.place.precision in ("country", "region", "district")
            ]
            if outer:
                return _Container(match.start(1), outer, outright=False, listed=False)
    return None


def _inside(outer: Place, inner: Place) -> bool:
    if outer.geonameid == inner.geonameid:
        return True
    if outer.precision == "town":  # a town's own places: its districts, airport and suburbs
        distance = Gazetteer.distance_km(outer, inner)
        return inner.country == outer.country and distance is not None and distance < _SUBURB_KM
    return _holds(outer, inner)


def _container_fallbacks(
    text: str, spans: Sequence[tuple[int, int]], found: dict[str, list[NameMatch]], gazetteer: Gazetteer
) -> dict[str, list[NameMatch]]:
    """ "Holliday, Missouri", "Giza's Haram district": a name none of whose readings lies in the place
    the text puts it in (the gazetteer lacks the small town) may mean that place, a far better guess
    than a same-named place elsewhere. The container's readings join the name's, for every mention;
    after a mere "in", only for a name without readings ("Qatraneh in the Karak district")."""
    fallbacks: dict[str, list[NameMatch]] = defaultdict(list)
    for start, end in spans:
        surface = text[start:end]
        if any(m.place.precision not in ("town", "district") for m in found[surface]):
            continue  # "Belgium, France" and "Russia, Iran" are lists of equals
        container = _container(text, start, end, gazetteer)
        if (
            container is None
            or container.listed
            or (found[surface] and not container.outright)
            or any(_inside(o, m.place) for o in container.places for m in found[surface])
        ):
            continue
        known = {m.place.geonameid for m in (*found[surface], *fallbacks[surface])}
        fallbacks[surface] += [
            NameMatch(o, "alternate") for o in container.places if o.geonameid not in known
        ]
    return fallbacks


def _placed_by_container_span(
    text: str, spans: Sequence[tuple[int, int]], found: dict[str, list[NameMatch]], gazetteer: Gazetteer
) -> dict[int, int]:
    """A name the gazetteer lacks whose container is itself one of the spans ("Qatraneh in the Karak
    district") is placed where that span is decided to be, by index: deciding the container's
    readings apart, without the kind word and the votes the span gets, could put Qatraneh in
    Pakistan's Karak while the text's Karak district is Jordan's."""
    starts = {start: index for index, (start, _) in enumerate(spans) if found[text[start : spans[index][1]]]}
    placed_by = {}
    for index, (start, end) in enumerate(spans):
        if found[text[start:end]]:
            continue
        container = _container(text, start, end, gazetteer)
        if container is not None and not container.listed and container.start in starts:
            placed_by[index] = starts[container.start]
    return placed_by


def _apply_qualifiers(
    text: str, spans: Sequence[tuple[int, int]], group_of: list[_Group | None], gazetteer: Gazetteer
) -> None:
    """The name's candidates inside the place the text puts it in win (see _container), and so do
    that place's candidates that hold one of the name's candidates."""
    for index, (start, end) in enumerate(spans):
        group = group_of[index]
        if group is None:
            continue
        container = _container(text, start, end, gazetteer)
        if container is None or (
            container.listed and any(m.place.precision not in ("town", "district") for m in group.matches)
        ):
            continue
        inside = np.array([any(_inside(o, m.place) for o in container.places) for m in group.matches])
        group.base = group.base + _QUALIFIER_BONUS * inside
        qualifier_group = next(
            (
                group_of[j]
                for j, (s, _) in enumerate(spans)
                if s == container.start and group_of[j] is not None
            ),
            None,
        )
        if qualifier_group is not None and qualifier_group is not group:
            holds = np.array(
                [any(_inside(q.place, m.place) for m in group.matches) for q in qualifier_group.matches]
            )
            qualifier_group.base = qualifier_group.base + _QUALIFIER_BONUS / 2 * holds


def _apply_kind_words(text: str, spans: Sequence[tuple[int, int]], group_of: list[_Group | None]) -> None:
    """ "Washington state", "the state of Washington", "the city of Karak": a kind word beside a
    name picks that kind of place for every mention of the name (one sense per discourse)."""
    for (start, end), group in zip(spans, group_of, strict=True):
        if group is None:
            continue
        match = _KIND_AFTER.match(text, end) or _KIND_BEFORE.search(text, max(0, start - 20), start)
        if match is None:
            continue
        kind = np.array([m.place.precision == _KIND_WORDS[match.group(1)] for m in group.matches])
        group.base = group.base + _CLASS_BONUS * kind


def _list_neighbours(
    text: str, spans: Sequence[tuple[int, int]], group_of: list[_Group | None]
) -> dict[int, list[_Group]]:
    """The other names in each list a name stands in ("Alaska, Alabama, …, Washington and Wyoming"),
    by id of its group. A list has three names or an "and"/"or": "Paris, Texas" is a qualifier."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    runs = [([i], False) for i in order[:1]]  # span indices, and whether "and"/"or" joins them
    for before, after in itertools.pairwise(order):
        separator = _LIST_SEPARATOR.fullmatch(text, spans[before][1], spans[after][0])
        if separator:
            run, conjunction = runs[-1]
            run.append(after)
            runs[-1] = (run, conjunction or bool(re.search(r"\b(?:and|or)\b", separator.group())))
        else:
            runs.append(([after], False))
    neighbours: dict[int, list[_Group]] = defaultdict(list)
    for run, conjunction in runs:
        if len(run) < 3 and not conjunction:
            continue
        members = [group for i in run if (group := group_of[i]) is not None]
        for group in members:
            neighbours[id(group)].extend(other for other in members if other is not group)
    return neighbours


def _kind_votes(group: _Group) -> defaultdict[str, float]:
    votes: defaultdict[str, float] = defaultdict(float)
    for match, p in zip(group.matches, group.probability, strict=True):
        votes[match.place.precision] += float(p)
    return votes


def _same_kind_share(group: _Group, neighbour_kinds: list[defaultdict[str, float]]) -> np.ndarray:
    """Per candidate, the expected share of the list neighbours that are its kind of place: the
    names of a list are alike (states with states), so "Washington" among states is the state."""
    if not neighbour_kinds:
        return np.zeros(len(group.matches))
    share = {
        kind: sum(votes[kind] for votes in neighbour_kinds) / len(neighbour_kinds)
        for kind in {m.place.precision for m in group.matches}
    }
    return np.array([share[m.place.precision] for m in group.matches])


def _holds(outer: Place, inner: Place) -> bool:
    if outer.precision == "district" or outer.feature_code == "RGN":
        distance = Gazetteer.distance_km(outer, inner)
        return inner.country == outer.country and distance is not None and distance < 80
    return inner.precision != outer.precision and Gazetteer.contains(outer, inner)


@dataclass(slots=True)
class _Votes:
    """What every name says in one pass, summed, so each name's context is the sum minus its own:
    the expected number of names per country, and per admin1 region the log-probability that no
    name lies in it."""

    countries: defaultdict[str, float]
    no_region: defaultdict[tuple[str, str], float]
    named_countries: defaultdict[str, float]

    @classmethod
    def of(cls, groups: Sequence[_Group]) -> _Votes:
        countries: defaultdict[str, float] = defaultdict(float)
        no_region: defaultdict[tuple[str, str], float] = defaultdict(float)
        named: defaultdict[str, float] = defaultdict(float)
        for group in groups:
            for country, p in _country_votes(group).items():
                countries[country] += p
            for region, log_p in _region_votes(group).items():
                no_region[region] += log_p
            for country, p in _named_country_votes(group).items():
                named[country] += p
        return cls(countries, no_region, named)


def _country_votes(group: _Group) -> defaultdict[str, float]:
    votes: defaultdict[str, float] = defaultdict(float)
    for match, p in zip(group.matches, group.probability, strict=True):
        if match.place.country:
            votes[match.place.country] += float(p)
    return votes


def _named_country_votes(group: _Group) -> defaultdict[str, float]:
    """How surely the name is a country itself, per country."""
    votes: defaultdict[str, float] = defaultdict(float)
    for match, p in zip(group.matches, group.probability, strict=True):
        if match.place.country and match.place.precision == "country":
            votes[match.place.country] += float(p)
    return votes


def _region_votes(group: _Group) -> defaultdict[tuple[str, str], float]:
    """log P(this name is not in the region), per admin1 region its readings lie in."""
    inside: defaultdict[tuple[str, str], float] = defaultdict(float)
    for match, p in zip(group.matches, group.probability, strict=True):
        if match.place.country and match.place.admin1_code:
            inside[(match.place.country, match.place.admin1_code)] += float(p)
    return defaultdict(float, {region: math.log(1.0 - min(p, 0.999)) for region, p in inside.items()})


def _context(group: _Group, others: list[_Group], votes: _Votes) -> np.ndarray:
    """What the other names' probabilities say about each candidate of this one: the expected share
    of them in its country (the article's focus), how surely one of them lies in its admin1 region,
    how surely one lies near it (for a country or region: inside it), and for a capital how surely
    one names its country (a report from Kentucky on an attack "in France" puts Paris there, not
    in Kentucky), unless the name may be that country itself ("Mexico" beside "Mexican")."""
    if not others:
        return np.zeros(len(group.matches))
    own_countries, own_regions = _country_votes(group), _region_votes(group)
    places = [m.place for m in group.matches]
    country_share = np.array(
        [
            (votes.countries[p.country] - own_countries[p.country]) / len(others) if p.country else 0.0
            for p in places
        ]
    )
    region_mentioned = np.array(
        [
            1.0 - math.exp(votes.no_region[key] - own_regions[key])
            if (key := (p.country or "", p.admin1_code or "")) and p.admin1_code
            else 0.0
            for p in places
        ]
    )
    own_named = _named_country_votes(group)
    capital_of_named = np.array(
        [
            min(1.0, votes.named_countries[p.country])
            if p.country and p.feature_code == "PPLC" and not own_named[p.country]
            else 0.0
            for p in places
        ]
    )
    containers = [i for i, local in enumerate(group.local) if not local]
    nothing_near = np.ones(len(places))
    for other in others:
        keep = other.local & (other.probability > 0.01)
        if not keep.any():
            continue
        near = np.zeros(len(places))
        if group.local.any():
            near = _closeness(group, other.lat[keep], other.lon[keep]) @ other.probability[keep]
        kept = [
            (m.place, float(p)) for m, p, k in zip(other.matches, other.probability, keep, strict=True) if k
        ]
        for index in containers:
            near[index] = sum(p for place, p in kept if _within(place, places[index]))
        nothing_near *= 1.0 - np.minimum(1.0, near)
    return (
        _COUNTRY_WEIGHT * country_share
        + _REGION_WEIGHT * region_mentioned
        + _NEAR_WEIGHT * (1.0 - nothing_near)
        + _CAPITAL_NAMED_WEIGHT * capital_of_named
    )


def _within(inner: Place, outer: Place) -> bool:
    return (
        outer.precision in ("country", "region")
        and outer.country == inner.country
        and (
            outer.precision == "country"
            or (outer.admin1_code is not None and outer.admin1_code == inner.admin1_code)
        )
    )


def _closeness(group: _Group, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """exp(-km / 150) between each candidate and each given point (haversine, vectorised)."""
    dlat = lat[None, :] - group.lat[:, None]
    dlon = lon[None, :] - group.lon[:, None]
    a = np.sin(dlat / 2) ** 2 + np.cos(group.lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    distances = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    result: np.ndarray = np.exp(-distances / _NEAR_KM)
    return result


def find_toponyms(
    doc_or_text: Any, nlp: Any, gazetteer: Gazetteer | None = None
) -> list[tuple[int, int, str]]:
    """Place-name spans (start, end, text) for end-to-end geoparsing, from spaCy's entities.

    GPE/LOC/FAC entities the gazetteer knows are places, and so are NORP adjectives ("Turkish") and
    NORP-tagged names of well-known places ("Aleppo"; a "Roman" emperor is no Romanian town). The
    small English model tags some places as PERSON or ORG ("Balashikha", "Kyiv", "DRC") and leaves
    some untagged: those are taken when the gazetteer knows the name as a country, a region or a
    town of ≥ 100,000 people (a name tagged as a person's only as the town writes it: "Bush" is no
    Būsh), or as a smaller town after a preposition of place ("in", "near") or in
    a list with a place ("Pandi and Talavera") — unless the name is part of a person's full name
    elsewhere in the text ("Bush" after "George W. Bush"; so is a tagged "Palin" after "Sarah Palin"
    when only towns bear the name), is the first word of a longer untagged name ("Van Wilder"),
    names a disease ("Marburg virus") or the one speaking ("..., said Georgia."). An ORG that starts
    with a place ("Edmonton Police Service") gives the place. `nlp` is the caller's loaded pipeline,
    used only when given text; the older call form `find_toponyms(doc, gazetteer)` works too.
    """
    if gazetteer is None and isinstance(nlp, Gazetteer):
        nlp, gazetteer = None, nlp
    if gazetteer is None:
        raise TypeError("find_toponyms needs a gazetteer")
    doc = nlp(doc_or_text) if isinstance(doc_or_text, str) else doc_or_text
    people = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    found: dict[tuple[int, int], str] = {}
    doubtful: dict[tuple[int, int], str] = {}  # PERSON/ORG spans that are also towns' names
    for entity in doc.ents:
        if _names_something_else(entity) or _ship(entity) or _speaker(entity):
            continue
        for start, end, text in _parts(entity):
            if text.lower() in _DIRECTIONS:
                continue  # "East" of "40 East 5th Ave.", "Western" of "Western Naval Command"
            matches = _lookup(text, gazetteer)
            label = entity.label_
            if label in ("GPE", "LOC", "FAC"):
                keep = (
                    bool(matches)
                    and (label != "FAC" or any(m.kind == "name" for m in matches))
                    and not _surname_of_town(entity, matches, people)
                    and not _building(entity, matches)
                    and not _common_word(entity)
                    and not _headline_word(entity, matches)
                )
            elif label == "NORP":
                keep = any(
                    m.kind == "adjective" or (m.kind == "name" and _well_known(m.place)) for m in matches
                )
            else:
                keep = _rescued(entity, matches, people)
            if keep:
                found[(start, end)] = text
            elif label == "ORG" and _last_word(entity).lower_ not in _OUTLET_WORDS:
                found.update(_leading_place(entity, gazetteer, people))
            if not keep and any(m.kind == "name" for m in matches) and not _vocative(entity):
                doubtful[(start, end)] = text
    for token in doc:
        if token.ent_type_ or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        span = doc[token.i : token.i + 1]
        if (
            (token.i > 0 and doc[token.i - 1].lower_ == "the")
            or _names_something_else(span)
            or _speaker(span)
            or token.lower_ in _DIRECTIONS
            or _common_word(span)
        ):
            continue
        if token.dep_ == "compound" and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # the first word of a longer name the gazetteer lacks ("Van Wilder")
        if _untagged_place(span, gazetteer.lookup(token.text, 20), people):
            found[(token.idx, token.idx + len(token.text))] = token.text
    _add_listed(doc.text, found, doubtful, people)
    return sorted((start, end, text) for (start, end), text in found.items())


def _add_listed(
    text: str, found: dict[tuple[int, int], str], doubtful: dict[tuple[int, int], str], people: set[str]
) -> None:
    """ "Darfur and Malakal", "Pandi and Talavera farms": a town's name tagged as a person or an
    organisation is a place when it stands in a list with a place, as lists name things alike."""
    added = True
    while added:
        added = False
        for (start, end), name in list(doubtful.items()):
            if name.lower() in people or (start, end) in found:
                continue
            if any(
                _LIST_SEPARATOR.fullmatch(text, e, start) or _LIST_SEPARATOR.fullmatch(text, end, s)
                for s, e in found
            ):
                found[(start, end)] = name
                added = True


def _parts(entity: Any) -> list[tuple[int, int, str]]:
    """The entity without a leading "the" or trailing possessive, split at commas ("Pandi, Bulacan")."""
    parts = []
    for piece in re.finditer(r"[^,]+", entity.text):
        text = piece.group().strip()
        if not text:
            continue
        start = entity.start_char + piece.start() + piece.group().index(text)
        if text.lower().startswith("the "):
            text, start = text[4:], start + 4
        text = _POSSESSIVE.sub("", text)
        if text[:1].isupper() and text.lower() not in _CALENDAR_WORDS:
            parts.append((start, start + len(text), text))
    return parts


_CALENDAR_WORDS = {
    *(calendar.month_name[i].lower() for i in range(1, 13)),
    *(calendar.day_name[i].lower() for i in range(7)),
}


_PLACE_PREPOSITIONS = {"in", "near", "at", "from", "outside", "to", "into", "across", "around", "towards"}
_NOT_A_PLACE_AFTER = {"virus", "viruses", "ebolavirus", "fever", "flu", "disease", "strain", "syndrome"}


def _names_something_else(span: Any) -> bool:
    """ "Marburg virus", "Reston ebolavirus": a place name naming a disease is not a location."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in _NOT_A_PLACE_AFTER


_DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "midwest",
        "downtown",
        "uptown",
    ]
)
"""A compass word alone names a place only as part of a longer name ("East Timor"); alone it is a
street's ("40 East 5th Ave."), a command's or a conference's, or the part of a town the next name
says ("Downtown Paris", which the small model tags as two places)."""

_SHIP_PREFIXES = frozenset(["ins", "uss", "hms", "hmas", "hmcs", "hmnzs", "pns", "mv", "rms", "ss", "usns"])
"""Prefixes of ships' names: "INS Tabar" is a frigate, not Tábor."""


def _ship(entity: Any) -> bool:
    doc = entity.doc
    before = doc[entity.start - 1].lower_ if entity.start > 0 else ""
    return entity[0].lower_ in _SHIP_PREFIXES or before in _SHIP_PREFIXES


def _last_word(entity: Any) -> Any:
    """The entity's last word before a possessive ("The Washington Post 's" ends in "Post")."""
    words = [t for t in entity if _POSSESSIVE.fullmatch(t.text) is None]
    return words[-1] if words else entity[-1]


def _building(entity: Any, matches: list[NameMatch]) -> bool:
    """ "the White House": a name with an article that only small towns bear is a building or an
    institution (towns go without one: "in White House, Tennessee"); "the Hague" or "the Bronx",
    well known, keep their article."""
    doc = entity.doc
    with_article = entity[0].lower_ == "the" or (entity.start > 0 and doc[entity.start - 1].lower_ == "the")
    return with_article and all(m.place.precision == "town" and not _well_known(m.place) for m in matches)


def _well_known(place: Place) -> bool:
    """A country, a region or a town of ≥ 100,000 people: what a name means when the parse is unsure."""
    return place.precision in ("country", "region", "continent") or place.population >= 100_000


def _surname_of_town(entity: Any, matches: list[NameMatch], people: set[str]) -> bool:
    """ "Palin" tagged as a place in a report about Sarah Palin: a one-word name that is part of a
    person's full name in the text, and that the gazetteer knows only as a town (Palín, Guatemala),
    is the person. A country or region keeps its name ("Washington" beside "George Washington")."""
    words = [t for t in entity if t.lower_ != "the"]
    return (
        len(words) == 1
        and words[0].lower_ in people
        and not any(m.place.precision in ("country", "region", "continent") for m in matches)
    )


def _rescued(span: Any, matches: list[NameMatch], people: set[str]) -> bool:
    """A PERSON/ORG span that is most likely a place (see find_toponyms)."""
    if (
        _vocative(span)
        or (len(span) == 1 and span[0].lower_ in people)
        or _acronym_modifier(span, matches)
        or _common_word(span)
        or _maker(span)
    ):
        return False
    own = [m.place for m in matches if m.kind == "name"]
    if span.label_ == "PERSON":  # a person's name is a town only as the town writes it
        own = [p for p in own if p.precision != "town" or p.name.lower() == span.text.lower()]
    if any(_well_known(p) for p in own + _aliased(matches)):
        return True
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return bool(own) and before in _PLACE_PREPOSITIONS


def _acronym_modifier(span: Any, matches: list[NameMatch]) -> bool:
    """ "The SWAT team": one word in capitals before the common noun it qualifies, and not a short
    name of a country or region ("UK officials"), is an acronym, not the place (Swat, Pakistan); a
    dateline's "OTTAWA" stands alone."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return (
        len(span) == 1
        and span.text.isupper()
        and not _aliased(matches)
        and after is not None
        and after.is_lower
        and after.pos_ == "NOUN"
    )


def _maker(span: Any) -> bool:
    """ "a Toyota Camry": a name before the product it makes is the maker, not the town (Toyota,
    Japan)."""
    return bool(span.root.dep_ == "compound" and span.root.head.ent_type_ == "PRODUCT")


def _common_word(span: Any) -> bool:
    """ "A MAN was last night being quizzed", a headline's "Man held after ...": one word of three
    letters or more that is among the commonest of English (COMMON_WORD) is that word, not a place
    of its name (Man, Côte d'Ivoire; "MAN" for Manitoba, "Man" for Manchester), but after a town and
    a comma it names the region ("Churchill, Man."). Of the countries and the towns of 100,000
    people or more, only Man is so common a word ("York" and "Nice" 5.4)."""
    after_comma = span.start > 0 and span.doc[span.start - 1].text == ","
    return (
        len(span) == 1 and len(span.text) >= 3 and not after_comma and zipf(span.text.lower()) >= COMMON_WORD
    )


def _headline_word(span: Any, matches: list[NameMatch]) -> bool:
    """ "Australian Ski Mountaineer Dies in Fall in New Zealand": in a line that capitalises every
    word, a capital says nothing, and a common word (HEADLINE_WORD) that only small towns bear is the
    word (Fāl in Iran), while "Truck Attack in Nice" keeps its city of 340,000."""
    if len(span) != 1 or zipf(span.text.lower()) < HEADLINE_WORD:
        return False
    if any(_well_known(m.place) for m in matches):
        return False
    text = span.doc.text
    start = max(span.sent.start_char, text.rfind("\n", 0, span.start_char) + 1)
    line_end = text.find("\n", span.end_char)
    end = min(span.sent.end_char, line_end if line_end >= 0 else len(text))
    words = _LONG_WORD.findall(text, start, end)
    return len(words) >= 4 and all(word[0].isupper() for word in words)


def _aliased(matches: list[NameMatch]) -> list[Place]:
    """Countries by another of their names ("DRC", "Holland") and regions by an abbreviation ("NSW")."""
    return [
        m.place
        for m in matches
        if (m.kind == "alternate" and m.place.precision == "country")
        or (m.kind == "abbreviation" and m.place.precision in ("country", "region"))
    ]


def _untagged_place(span: Any, matches: list[NameMatch], people: set[str]) -> bool:
    """An untagged proper noun: only a country or a town of ≥ 100,000 people written exactly as the
    gazetteer writes it, since region names ("Lakes", "Central") are also ordinary words, or a
    country's or region's short name in capitals ("DRC", "NSW")."""
    if _vocative(span) or span[0].lower_ in people:
        return False
    if len(span.text) > 1 and span.text.isupper() and _aliased(matches):
        return True
    return any(
        m.kind == "name"
        and m.place.name == span.text
        and (m.place.precision == "country" or m.place.population >= 100_000)
        for m in matches
    )


_OUTLET_WORDS = frozenset(
    [
        "herald",
        "times",
        "post",
        "tribune",
        "register",
        "journal",
        "gazette",
        "chronicle",
        "globe",
        "telegraph",
        "guardian",
        "observer",
        "courier",
        "examiner",
        "inquirer",
        "bee",
        "dispatch",
        "press",
        "record",
        "ledger",
        "sentinel",
        "bulletin",
        "monitor",
        "star",
        "mirror",
        "express",
        "standard",
        "daily",
        "news",
    ]
)
"""Last words of a newspaper's name: "the Boston Herald reported" names an outlet, not where the
event was."""


def _leading_place(entity: Any, gazetteer: Gazetteer, people: set[str]) -> dict[tuple[int, int], str]:
    """ "Edmonton Police Service", "Kentucky State Police": the place at the head of an organisation,
    a word of its own (not the "Al" of the newspaper "Al-Masry Al-Youm", which had been Ål in Norway)."""
    skip = 1 if entity[0].lower_ == "the" else 0
    for size in range(min(3, len(entity) - 1), skip, -1):
        head = entity[skip:size]
        if not entity[size].text[:1].isupper() or head.text.lower() in _DIRECTIONS:
            continue
        while len(head) > 1 and head[-1].is_punct:  # "OTTAWA - Police"
            head = head[:-1]
        if head[-1].is_punct or not head[-1].whitespace_:
            continue
        if _rescued(head, gazetteer.lookup(head.text, 20), people):
            return {(head.start_char, head.end_char): head.text}
    return {}


def _speaker(span: Any) -> bool:
    """ "'I am dedicated to it,' said Georgia.": a name after a verb of saying that ends the clause is
    the one speaking (no gold toponym of GeoVirus or TR-News stands there; "said Logan." is a man)."""
    doc = span.doc
    said = span.start > 0 and doc[span.start - 1].lemma_.lower() in _SPEECH_VERBS
    return said and (span.end == len(doc) or doc[span.end].text in (".", ",", "!", "?", ";"))


_SPEECH_VERBS = frozenset(["say", "tell", "add", "ask", "write", "explain", "recall", "insist"])


def _vocative(span: Any) -> bool:
    """ "Vladimir, STOP!": a name opening a sentence or quote and followed by a comma addresses a person."""
    doc = span.doc
    first = span.start == 0 or doc[span.start].is_sent_start or doc[span.start - 1].is_quote
    return bool(first) and span.end < len(doc) and doc[span.end].text == ","
