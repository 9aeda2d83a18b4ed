"""Whether two event mentions can be the same real-world event, and how strongly they say so.

Hard rules first (a report never describes one event as two of its own mentions; different named
victims or victims described as other people, other people arrested, far fewer dead in a later
report, dates that cannot overlap, a date after an undated report's publication, towns far apart or
other sides of one town, or event families that cannot meet rule a merge out), then a score from the
evidence they share: a named victim, the same town, the same day, the same sub-type, the same
method, words of the evidence sentences, rare names and words of the reports.
Four readings are too weak to rule a merge out: a bare year (most often a background reference, "in
2010"), a setting that the other report itself names (the extractor picked another of the places
both reports mention), the setting of news that names no violence, and a kind of event read weakly:
a report with no word of political violence, or a type that the event-type classifier all but rules
out ("shot 46 percent" in a basketball report read as an attack), against another type (then their
content must make them one). Content alone never joins reports whose dates fall in different years:
a title fight, an election or a robbery of one shop recurs, and its rounds are told in the same
words.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import timedelta

from nicknames import NickNamer

from eventwire.annotate.dates import weekday_of
from eventwire.annotate.gazetteer import Gazetteer
from eventwire.extract.event_types import acled_pair
from eventwire.extract.lexicon import OTHER_EVENTS, OTHER_SUBTYPES, STRATEGIC, bearing_of
from eventwire.model import DateValue, EventMention, Place, PlaceMention
from eventwire.words import term_weight

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Event types that a report of the same event may give differently (a bombing that kills is also an attack).
COMPATIBLE_TYPES = {
    frozenset({"Explosions/Remote violence", "Violence against civilians"}),
    frozenset({"Protests", "Riots"}),
    frozenset({"Battles", "Explosions/Remote violence"}),
}
_WORD = re.compile(r"[a-z]{4,}")
_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "were",
        "have",
        "been",
        "said",
        "their",
        "after",
        "when",
        "which",
        "about",
        "into",
        "they",
        "them",
    ]
)
NEARBY_KM = 60.0
_NAME_WORD = re.compile(r"[^\W\d_]+")
# Words before a name that are no given name ("Deputy Ortiz", "Trooper William Hakim").
_TITLES = frozenset(
    [
        "deputy",
        "trooper",
        "officer",
        "sergeant",
        "sgt",
        "detective",
        "det",
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "president",
        "gen",
        "lt",
        "capt",
        "cpl",
        "corporal",
        "agent",
        "sheriff",
        "chief",
        "constable",
        "pc",
        "private",
        "pvt",
        "lieutenant",
        "captain",
        "general",
        "colonel",
        "col",
        "major",
    ]
)
VICTIMS_DIFFER = "different named victims"
"""The conflict of two reports that name other victims (see `score_pair`)."""
DATES_WEEKS_APART = "dates weeks apart"
"""The conflict of two reports whose dates lie more than DAYS_MISREAD apart: another round of an
event, not a date read a few days off (the report's own date, the day a body was found)."""
DAYS_APART = "other days"
"""The conflict of two reports of days in a row at times of day no night spans (`parts_of_day_apart`),
or of one day at times far apart (its morning and its evening, its afternoon and its night)."""
DAYS_MISREAD = 7
NEWS_DAYS_APART = "undated news days apart"
"""The conflict of a report that gives no day for its unannounced event and another event more than
FRESH_NEWS_DAYS from its publication (`news_days_apart`)."""
FRESH_NEWS_DAYS = 3
VICTIMS_DESCRIBED_DIFFER = "victims described differently"
"""The conflict of two reports that each describe one victim, by another sex or age, or of one that
ages all its victims and another whose victim is of none of those ages (`described_apart`)."""
AGE_MISREAD = 1  # years: a birthday, or an outlet's first report a year off
TOLL_FELL = "fewer dead in a later report"
"""The conflict of a report published later that counts far fewer dead (`toll_fell`)."""
TOLL_MISREAD = 3
ARRESTED_DIFFER = "other people arrested"
"""The conflict of two reports of arrests that name no one arrested in common (`arrested_apart`)."""
QUARTERS_APART = "other parts of the town"
"""The conflict of two reports that put the event on sides of one town a right angle or more apart."""
STREETS_APART = "other streets"
"""The conflict of two reports in one town that give addresses on different streets (`streets_apart`)."""
# Kinds of event that may be told before they happen: a protest called, a vote or a visit planned.
_ANNOUNCED = frozenset({"Protests", STRATEGIC})
_ANNOUNCED_OTHER = frozenset({OTHER_SUBTYPES["DIPLO"], OTHER_SUBTYPES["ATTRIB"], "Other"})
MERGE_THRESHOLD = 3.0
# Word overlap (twice the Jaccard index of the evidence sentences' content words) that stands in for a date.
SAME_WORDS = 0.4
# Cosine of two reports' names and content words at which they say much the same (stands in for a
# date), and the score it is worth per unit: at SAME_CONTENT two undated, unplaced reports merge.
SAME_CONTENT = 0.5
CONTENT_WEIGHT = MERGE_THRESHOLD / SAME_CONTENT
# Cosine at which a report with no word of political violence and one that names an attack or a
# killing are one event: a different reading of its kind needs more in common than SAME_CONTENT.
SAME_CONTENT_OTHER_TYPE = 0.6
# Cosine that says much the same of two reports set in one town or in towns nearby (0.4 merged two
# robberies of one Paris jeweller a year apart in ECB+; a country or region is no such agreement).
SAME_CONTENT_HERE = 0.45
# The classifier's probability for the type the rules read below which that type is a weak reading
# (the rules saw a word of violence the classifier does not take for one): it rules no merge out.
WEAK_TYPE = 0.1


@dataclass(frozen=True, slots=True)
class LinkScore:
    """`reason` is set for a hard conflict, which keeps a mention out of an event whatever else it shares."""

    score: float
    compatible: bool
    signals: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    content: float = 0.0
    """The cosine of the two reports' content (0.0 when a hard conflict ended the scoring first)."""


def _people_named(mention: EventMention, role: str = "victim") -> list[str]:
    return [actor.name for actor in mention.actors if actor.role == role and actor.name]


def surnames(mention: EventMention) -> set[str]:
    return {name.split()[-1].lower() for name in _people_named(mention)}


def shares_a_victim(a: EventMention, b: EventMention, role: str = "victim") -> bool:
    """Whether two reports name one victim (or one person in another `role`): the same surname, and
    given names that may be one (see `_given_names_agree`)."""
    return any(_same_person(x, y) for x in _people_named(a, role) for y in _people_named(b, role))


COMMON_SURNAME_SHARE = 0.05
"""The share of people (percent) bearing a surname from which, said alone, it names too many of them
to make two reports one event by itself: 1 in 2,000 or more (the US census of 1990, shipped by the
`names` package: Jones 0.62, Stewart 0.13, Henderson 0.095; Byrd 0.041, Brennan 0.016; Moskalik
unlisted). US local news, where most reports name their victims, is where such names meet."""

SHARED, SURNAME_ALONE, NONE_SHARED = "shared", "common surname alone", "none"


def victim_in_common(a: EventMention, b: EventMention) -> str:
    """Whether two reports name one victim (SHARED), have in common only a common surname that one
    of them says alone (SURNAME_ALONE: "Jones" in a report of a Chicago police shooting and "Rodney
    Jones" shot outside a Milwaukee restaurant, two weeks apart), or no name that may be one
    person's (NONE_SHARED)."""
    found = NONE_SHARED
    for first in _people_named(a):
        for second in _people_named(b):
            if not _same_person(first, second):
                continue
            surname = _NAME_WORD.findall(first.lower())[-1]
            if (_given_names(first) and _given_names(second)) or surname_share(
                surname
            ) < COMMON_SURNAME_SHARE:
                return SHARED
            found = SURNAME_ALONE
    return found


def _given_name_alone(a: EventMention, b: EventMention) -> bool:
    """Whether one report names a victim by a given name alone that may be another's in the other
    report: a family's dead are often told by their first names ("Alice" and "Katie" for Alice
    McMeekin and her daughter Katie Jenkin, ECB+ 32), so a name said alone is no surname to tell
    victims apart by. The price: a surname that is also a given name ("Thomas" against "Thomas
    Smith") sets no one apart either."""
    return any(
        _given_name_of(x, y) or _given_name_of(y, x) for x in _people_named(a) for y in _people_named(b)
    )


def _given_name_of(alone: str, full: str) -> bool:
    words, given = _NAME_WORD.findall(alone.lower()), _given_names(full)
    return len(words) == 1 and bool(given) and _given_names_agree(words[0], given[0])


def toll_fell(earlier: EventMention, later: EventMention) -> bool:
    """Whether a report published a day or more after another counts far fewer dead: a toll
    grows as the dead are found, it does not fall from 14 to 1 ("1 dead, 1 injured in shooting at San
    Bernardino liquor store", 17 days after the Inland Regional Center shooting). Far fewer: less
    than half, and by TOLL_MISREAD or more (a toll revised down by one or two stays one event)."""
    if not (earlier.published and later.published and later.published > earlier.published):
        return False
    if earlier.killed is None or later.killed is None or later.killed.high is None:
        return False
    return (
        2 * later.killed.high < earlier.killed.low and earlier.killed.low - later.killed.high >= TOLL_MISREAD
    )


def arrested_apart(a: EventMention, b: EventMention) -> bool:
    """Whether two reports of arrests name who was arrested and no one in common: a footballer's
    drink-driving arrest and a team-mate's a month later are told in the same words (ECB+ 35)."""
    return bool(_people_named(a, "target") and _people_named(b, "target")) and not shares_a_victim(
        a, b, "target"
    )


def _same_person(first: str, second: str) -> bool:
    """The same surname and given names that may be one person's: "Yaroslav Moskalik" and
    "Moskalik", "Bettie Page" and "Betty Page", "W. Mark Felt" and "Mark Felt", "Ben" and "Benjamin
    Banky", "Bill" and "Trooper William Hakim"; not "Edward Howard Green" and "Romario Green", nor
    "Jose Guadalupe Gonzalez" and "Joel Gonzalez" (two killings each)."""
    first_words, second_words = _NAME_WORD.findall(first.lower()), _NAME_WORD.findall(second.lower())
    if not first_words or not second_words or first_words[-1] != second_words[-1]:
        return False
    first_given, second_given = _given_names(first), _given_names(second)
    return (
        not first_given
        or not second_given
        or any(_given_names_agree(a, b) for a in first_given for b in second_given)
    )


def _given_names(name: str) -> list[str]:
    """The words of a name before its surname, titles left out ("Trooper William Hakim": william)."""
    return [word for word in _NAME_WORD.findall(name.lower())[:-1] if word not in _TITLES]


def _given_names_agree(a: str, b: str) -> bool:
    """An initial and a name it begins, a short form and the name it begins ("Ben", "Benjamin"), two
    spellings of one name sharing their first three letters ("Bettie", "Betty"), or a nickname and
    its name ("Bill", "William"; `nicknames`' curated English table)."""
    shorter, longer = sorted((a, b), key=len)
    if longer.startswith(shorter) or (len(shorter) >= 3 and shorter[:3] == longer[:3]):
        return True
    nicknames = _nicknames()
    return b in nicknames.nicknames_of(a) or a in nicknames.nicknames_of(b)


@functools.cache
def _surname_shares() -> dict[str, float]:
    """Surnames and the percent of people bearing them, read once per process (≈ 60 ms) when two
    reports first share a surname said alone."""
    table = importlib.resources.files("names") / "dist.all.last"
    rows = (line.split() for line in table.read_text().splitlines())
    return {row[0].lower(): float(row[1]) for row in rows if len(row) == 4}


def surname_share(surname: str) -> float:
    """The percent of people bearing a surname (0.0 for one the census does not list)."""
    return _surname_shares().get(surname.lower(), 0.0)


@functools.cache
def _nicknames() -> NickNamer:
    """The nickname table, read once per process (≈ 40 ms) when two given names first differ."""
    return NickNamer()


def _one_victim(mention: EventMention) -> tuple[str | None, list[int]] | None:
    """The sex and ages given for the one victim a report describes; None when it describes none
    or several (other sexes or ages, or more than one dead or wounded counted)."""
    if not mention.described_victims:
        return None
    sexes = {v.sex for v in mention.described_victims if v.sex}
    ages = sorted({v.age for v in mention.described_victims if v.age is not None})
    if _counted(mention) > 1 or len(sexes) > 1 or (ages and ages[-1] - ages[0] > AGE_MISREAD):
        return None
    return (next(iter(sexes)) if sexes else None), ages


def described_apart(a: EventMention, b: EventMention) -> bool:
    """Whether two reports describe other people: each one victim, "a Milwaukee woman" and "a
    28-year-old man", or "a 20-year-old man" and "a 28-year-old man" (same city, same day); or one
    every victim's age and the other a victim of none of them (`_aged_apart`)."""
    if _aged_apart(a, b) or _aged_apart(b, a):
        return True
    first, second = _one_victim(a), _one_victim(b)
    if first is None or second is None:
        return False
    (sex, ages), (other_sex, other_ages) = first, second
    if sex and other_sex and sex != other_sex:
        return True
    return bool(ages and other_ages) and min(abs(x - y) for x in ages for y in other_ages) > AGE_MISREAD


def _aged_apart(every: EventMention, other: EventMention) -> bool:
    """Whether a report gives an age for each of the dead and wounded it counts and the other report
    a victim's age that is none of them: a 19-year-old man and a 55-year-old woman shot dead are not
    the men of 30 and 32 wounded at a hotel across the city a day later."""
    ages = {victim.age for victim in every.described_victims if victim.age is not None}
    counted = _counted(every)
    if not counted or len(ages) < counted:
        return False
    other_ages = {victim.age for victim in other.described_victims if victim.age is not None}
    return any(all(abs(age - known) > AGE_MISREAD for known in ages) for age in other_ages)


def quarters_apart(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Whether two reports put the event on sides of the town a right angle or more apart ("the
    east side" and "the near southwest side"); neighbouring sides ("north", "northeast") may be
    the same street corner."""
    bearings = [bearing_of(m.quarter) for m in (a, b) if m is not None and m.quarter]
    if len(bearings) < 2 or bearings[0] is None or bearings[1] is None:
        return False
    difference = abs(bearings[0] - bearings[1]) % 360
    return min(difference, 360 - difference) >= 90


def types_compatible(a: EventMention, b: EventMention) -> bool:
    first, second = a.type.event_type, b.type.event_type
    return first == second or frozenset({first, second}) in COMPATIBLE_TYPES


def weak_type(mention: EventMention) -> bool:
    """A kind of event too weakly read to tell two events apart (see the module's docstring): the
    rules saw no word of violence, or the classifier all but rules their reading out or puts another
    kind of event first (a report of mad cow disease whose rules read a protest and the classifier
    a change of group activity). Only where both read one kind is it sure: with the classifier's
    first kind required, ECB+ topics 1-35 B3 F1 0.806 -> 0.797 but no false merge in the audit (a
    report of the 2012 Californian case of mad cow disease had joined the 2006 Alabama case). A type
    no classifier has weighed (no CASE label) is taken as the rules read it."""
    kind = mention.type
    if tells_no_violence(mention):
        return True
    if kind.case_label is None:
        return False
    classified = acled_pair(kind.case_label)
    return kind.confidence < WEAK_TYPE or classified is None or classified[0] != kind.event_type


def tells_no_violence(mention: EventMention) -> bool:
    """Whether a report names no act of violence (a star checks into rehab, a coach is fired)."""
    return mention.type.event_type == OTHER_EVENTS


def _no_violence(a: EventMention, b: EventMention) -> bool:
    """Whether neither report names an act of violence: the place read for such news is any place it
    names, a star's home town or a premiere, and places far apart set two of them apart no more
    than a year in passing. ECB+ topics 1-35: B3 F1 0.902 -> 0.909, precision unchanged; with either
    report naming none 0.903, with a type read weakly on both (`weak_type`) 0.901 (precision 0.957
    -> 0.932); the merge audit and GVDB's multi-report events unchanged."""
    return tells_no_violence(a) and tells_no_violence(b)


def _floating_matches(text: str, value: DateValue) -> bool | None:
    """An unresolved "Friday" or "December" fits a date that is a Friday or in December; other
    unresolved words ("earlier this week") say nothing without their publication date."""
    weekday = weekday_of(text)
    if weekday is not None:
        return value.precision == "day" and value.start.weekday() == weekday
    lowered = text.lower()
    for number, month in enumerate(MONTHS, start=1):
        if month in lowered:
            return value.start.month <= number <= value.end.month or value.end.year > value.start.year
    return None


_PART_OF_DAY = re.compile(r"\b(?:morning|noon|afternoon|evening|night|tonight)\b", re.IGNORECASE)
_DAYTIME = re.compile(r"\b(?:afternoon|evening|night|tonight)\b", re.IGNORECASE)
"""Parts of a day no night before it runs into: a later day's afternoon is another day."""
_BEFORE_EVENING = re.compile(r"\b(?:morning|afternoon|noon)\b", re.IGNORECASE)
"""Parts of a day that end before its night runs into the next."""
_PART_RANK = {"morning": 0, "noon": 1, "afternoon": 1, "evening": 2, "night": 3, "tonight": 3}


def date_relation(a: EventMention, b: EventMention) -> str:
    """ "same", "overlap", "unknown" or "apart"; a day of slack for overnight events reported on either date."""
    if a.date and b.date:
        slack = timedelta(days=1)
        if a.date.start - slack <= b.date.end and b.date.start - slack <= a.date.end:
            same = (
                a.date.precision == b.date.precision == "day" and abs((a.date.start - b.date.start).days) <= 1
            )
            return "same" if same else "overlap"
        return "apart"
    dated, floating = (a, b) if a.date else (b, a)
    if dated.date and floating.date_text:
        fits = _floating_matches(floating.date_text, dated.date)
        if fits is not None:
            return "overlap" if fits else "apart"
    if dated.date and _happened_after_report(dated.date, floating):
        return "apart"
    return "unknown"


def parts_of_day_apart(a: EventMention, b: EventMention) -> bool:
    """Whether two reports dated to days in a row cannot tell of one night's event (the slack of
    `date_relation`): both say the part of the day, and the later one's is its afternoon, evening or
    night, or the earlier one's its morning or afternoon ("Friday night" and "Saturday afternoon").
    A day without a part ("April 10", often a report's own date for the day before) may be either.
    Dated to one day, they cannot tell of one event at parts of it two apart ("Thursday afternoon"
    and "Thursday night", GVDB's two Milwaukee shootings); its evening and its night may be one
    time told two ways."""
    if not (a.date and b.date and a.date.precision == b.date.precision == "day"):
        return False
    earlier, later = sorted((a.date, b.date), key=lambda value: value.start)
    earlier_text, later_text = earlier.text or "", later.text or ""
    first, second = _PART_OF_DAY.search(earlier_text), _PART_OF_DAY.search(later_text)
    if not (first and second):
        return False
    if later.start == earlier.start:  # "Thursday afternoon" and "Thursday night": no one time
        return abs(_PART_RANK[first.group().lower()] - _PART_RANK[second.group().lower()]) >= 2
    if (later.start - earlier.start).days != 1:
        return False
    return bool(_DAYTIME.search(later_text) or _BEFORE_EVENING.search(earlier_text))


def _happened_after_report(value: DateValue, report: EventMention) -> bool:
    """Whether a date falls after the day an undated report was published, where the report's kind of
    event happens unannounced (violence, crime, accidents, disasters): then it told of something
    earlier ("Man critical after West Philadelphia shooting", published December 27, is not the
    shooting of January 13). A day of slack for time zones. Protests, agreements, votes and visits
    may be told before they happen."""
    return (
        report.published is not None
        and not _announced(report)
        and value.start > report.published + timedelta(days=1)
    )


def _announced(report: EventMention) -> bool:
    kind = report.type
    return kind.event_type in _ANNOUNCED or (
        kind.event_type == OTHER_EVENTS and kind.sub_event_type in _ANNOUNCED_OTHER
    )


def news_days_apart(a: EventMention, b: EventMention) -> bool:
    """Whether a report's main event of an unannounced kind (violence, crime, an accident) that it
    gives no day for lies more than FRESH_NEWS_DAYS from the other's: a report that gives no day
    tells the day's news, and a later report of an earlier event says when it was. The other's day
    is its own date or, undated too, its report's ("Philadelphia police investigating double
    shooting", published December 16, and "Man critical after Kensington shooting", December 20; a
    Hummelstown shooting told on January 14 and a Harrisburg one of December 9: GVDB). An event a
    report recalls is not its day's news."""
    if _announced(a) or _announced(b):
        return False
    return _fresh_news_apart(a, b) or _fresh_news_apart(b, a)


def _fresh_news_apart(undated: EventMention, other: EventMention) -> bool:
    if undated.date or undated.kind != "main" or undated.published is None:
        return False
    if other.date:
        return (undated.published - other.date.end).days > FRESH_NEWS_DAYS
    return (
        other.kind == "main"
        and other.published is not None
        and abs((undated.published - other.published).days) > FRESH_NEWS_DAYS
    )


def _days_between(a: DateValue, b: DateValue) -> int:
    """Days from the end of the earlier date to the start of the later (0 when they overlap)."""
    return max(0, (b.start - a.end).days, (a.start - b.end).days)


def place_relation(a: Place | None, b: Place | None) -> tuple[str, float | None]:
    """ "same", "contains" (one inside the other), "near", "far" or "unknown", with the distance."""
    if a is None or b is None:
        return "unknown", None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return "same", 0.0
    if Gazetteer.contains(a, b) or Gazetteer.contains(b, a):
        return "contains", None
    if a.precision == "continent" or b.precision == "continent":
        return "unknown", None
    if "country" in (a.precision, b.precision) or "region" in (a.precision, b.precision):
        return "far", None  # a country or region that does not contain the other place
    distance = Gazetteer.distance_km(a, b)
    if distance is None:
        return "unknown", None
    return ("near" if distance <= NEARBY_KM else "far"), distance


def _names_every_victim(mention: EventMention, victims: set[str]) -> bool:
    """Whether a report names as many victims as it counts dead and wounded (or counts none): one
    that counts two dead and names one leaves room for the one another report names ("Tennant"
    and "Hakim" of one bombing)."""
    return len(victims) >= _counted(mention)


def _counted(mention: EventMention) -> int:
    """The dead and wounded a report counts (the high end of a range)."""
    return sum(q.low if q.high is None else q.high for q in (mention.killed, mention.injured) if q)


def is_local(mention: EventMention) -> bool:
    """A setting finer than a region: a town, a district, a site."""
    place = mention.place.place if mention.place else None
    return place is not None and place.precision not in ("country", "region", "continent")


def _weak_date_conflict(a: EventMention, b: EventMention) -> bool:
    """Dates apart where one is a bare year: too vague to rule a merge out on its own."""
    return any(m.date is not None and m.date.precision == "year" for m in (a, b))


def _names_setting_of(report: EventMention, other: EventMention) -> bool:
    """Whether `report` names the place `other` gives as the setting (then a far-away setting of its
    own is a different pick among the same places, not a contradiction)."""
    if other.place is None or other.place.place is None:
        return False
    return any(
        name in report.names or name in report.terms
        for name in (other.place.text.lower(), other.place.place.name.lower())
    )


def streets_apart(a: EventMention, b: EventMention) -> bool:
    """Whether two reports both give addresses (block addresses, house numbers, street corners) and
    share no street: police reports say where they were called ("the 900 block of North Denny
    Street", "the 1500 block of Barrington Avenue"), and two shootings of one night in Indianapolis
    are two (GVDB). A street named in both, at any block, may be one event told with another house
    number."""
    return bool(a.streets and b.streets and not set(a.streets) & set(b.streets))


def years_apart(first: list[EventMention], second: list[EventMention]) -> bool:
    """Whether two groups of reports date things in different years (see the module's docstring).
    Where both date their event itself (in a lede or its own sentences), those years decide: the
    years further down are mostly background, and two reports of one event recall different
    pasts. Where only one does, nothing says when the other's event was. Where neither does, all
    the years they name are all there is (two reports of mad cow cases in Alberta, recalling 1997
    and 2003, are two cases)."""
    event_first = {y for m in first for y in m.event_years}
    event_second = {y for m in second for y in m.event_years}
    if event_first or event_second:
        return _share_none(event_first, event_second)
    return _share_none({y for m in first for y in m.years}, {y for m in second for y in m.years})


def names_apart(first: list[EventMention], second: list[EventMention]) -> bool:
    """Whether two groups of reports both use names and share none: two reports of the same kind of
    event share their words, only shared names make them one. A name of one word is also the longer
    name it ends, as people are kept by surname: "Montaigne" is the "Avenue Montaigne" of another
    report of the Harry Winston robbery (ECB+ topics 1-35: B3 F1 0.9331 -> 0.9333). Every name by its
    last word instead: 0.9334, but "Metropolitan Police Department" then shared "Department" with
    Indianapolis' own and joined a Washington police shooting to an Indianapolis one (GVDB)."""
    names = {n for m in first for n in m.names}
    other_names = {n for m in second for n in m.names}
    if not names or not other_names or names & other_names:
        return False
    return not (names & _last_words(other_names) or other_names & _last_words(names))


def _last_words(names: AbstractSet[str]) -> set[str]:
    return {name.rsplit(" ", 1)[-1] for name in names if " " in name}


def regions_apart(first: list[EventMention], second: list[EventMention]) -> bool:
    """Whether two groups of reports both put things in first-level regions and share none: the same
    kind of event told in much the same words (a press office's wording) elsewhere is another one."""
    return _share_none({r for m in first for r in m.regions}, {r for m in second for r in m.regions})


def _share_none(values: AbstractSet[object], other_values: AbstractSet[object]) -> bool:
    return bool(values) and bool(other_values) and not values & other_values


def _words(mention: EventMention) -> set[str]:
    text = " ".join(
        e.sentence for e in (mention.summary, mention.date_evidence, mention.killed_evidence) if e
    )
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def content_vector(mention: EventMention) -> tuple[Mapping[str, float], float]:
    """Each name and content word weighted by its rarity and by the square root of how often the
    report uses it (the words a report keeps coming back to are what it is about), and the vector's
    length."""
    return _weighted(mention.names, mention.terms, mention.term_counts)


@functools.lru_cache(maxsize=8192)
def _weighted(
    names: tuple[str, ...], terms: tuple[str, ...], counts: tuple[int, ...]
) -> tuple[Mapping[str, float], float]:
    """A report's content vector and its length. Cached on the words alone: a new report is scored
    against each candidate, and each candidate against many new reports (linking ECB+ took 45%
    longer without a cache), and hashing the whole mention for the key took a quarter of linking."""
    used = dict(zip(terms, counts, strict=False))
    vector = {word: term_weight(word) * math.sqrt(used.get(word, 1)) for word in {*names, *terms}}
    return vector, math.sqrt(sum(w * w for w in vector.values()))


def cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float | None:
    """None when either vector has no weight."""
    norm = math.sqrt(sum(w * w for w in first.values()) * sum(w * w for w in second.values()))
    if not norm:
        return None
    return dot(first, second) / norm


def dot(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    """Summed over the words the two share (a few of the dozens each has: scoring pairs took half
    the time linking spent in Python), exactly, so that the order of the words does not matter."""
    return math.fsum(first[word] * second[word] for word in first.keys() & second.keys())


def cosine_of_lengths(
    first: Mapping[str, float], first_length: float, second: Mapping[str, float], second_length: float
) -> float | None:
    """The cosine of two vectors whose lengths are known (None when either has none), summed over the
    one with fewer words."""
    if not first_length or not second_length:
        return None
    if len(second) < len(first):
        first, second = second, first
    return dot(first, second) / (first_length * second_length)


def content_similarity(a: EventMention, b: EventMention) -> float | None:
    """Cosine of the two reports' content vectors (None when either has no weighted word): sharing
    "lohan" and "morningside" says more than sharing "police" and "court"."""
    first, first_norm = _weighted(a.names, a.terms, a.term_counts)
    second, second_norm = _weighted(b.names, b.terms, b.term_counts)
    if (len(second), b.id) < (len(first), a.id):  # the shorter one, whichever way round they come
        first, first_norm, second, second_norm = second, second_norm, first, first_norm
    return cosine_of_lengths(first, first_norm, second, second_norm)


def score_pair(a: EventMention, b: EventMention) -> LinkScore:
    if a.article_id == b.article_id:
        return LinkScore(0.0, False, reason="same article")
    # A report with no word of political violence ("Other events"), or a type read weakly, may tell
    # an event whose other reports name another kind: no contradiction, but their content must make
    # them one.
    other_type = not types_compatible(a, b)
    if other_type and not (weak_type(a) or weak_type(b)):
        return LinkScore(0.0, False, reason=f"types {a.type.event_type} / {b.type.event_type}")
    signals: dict[str, float] = {}
    victims_a, victims_b = surnames(a), surnames(b)
    if victims_a and victims_b:
        in_common = victim_in_common(a, b)
        if in_common == SHARED:
            signals["shared victim"] = 4.0
        elif (
            in_common == NONE_SHARED
            and (_names_every_victim(a, victims_a) or _names_every_victim(b, victims_b))
            and not _given_name_alone(a, b)
        ):
            return LinkScore(0.0, False, reason=VICTIMS_DIFFER)
    if "shared victim" not in signals and described_apart(a, b):
        return LinkScore(0.0, False, reason=VICTIMS_DESCRIBED_DIFFER)
    if arrested_apart(a, b):
        return LinkScore(0.0, False, reason=ARRESTED_DIFFER)
    if toll_fell(a, b) or toll_fell(b, a):
        return LinkScore(0.0, False, reason=TOLL_FELL)
    dates = date_relation(a, b)
    if dates == "same" and "shared victim" not in signals and parts_of_day_apart(a, b):
        return LinkScore(0.0, False, reason=DAYS_APART)
    if dates == "unknown" and "shared victim" not in signals and news_days_apart(a, b):
        return LinkScore(0.0, False, reason=NEWS_DAYS_APART)
    if dates == "apart":
        if not _weak_date_conflict(a, b):
            far = a.date and b.date and _days_between(a.date, b.date) > DAYS_MISREAD
            return LinkScore(0.0, False, reason=DATES_WEEKS_APART if far else "dates apart")
        dates = "unknown"
    signals["date"] = {"same": 2.0, "overlap": 0.5, "unknown": 0.0}[dates]
    places, distance = place_relation(a.place.place if a.place else None, b.place.place if b.place else None)
    if places == "far" and (_names_setting_of(a, b) or _names_setting_of(b, a) or _no_violence(a, b)):
        places = "unknown"
    if places == "far" and "shared victim" not in signals:
        return LinkScore(0.0, False, reason=f"places far apart ({distance or 'no containment'} km)")
    if places == "same" and "shared victim" not in signals and quarters_apart(a.place, b.place):
        return LinkScore(0.0, False, reason=QUARTERS_APART)
    if places in ("same", "contains", "near") and "shared victim" not in signals and streets_apart(a, b):
        return LinkScore(0.0, False, reason=STREETS_APART)
    signals["place"] = {"same": 2.0, "contains": 1.0, "near": 0.5, "unknown": 0.0, "far": -1.0}[places]
    words_a, words_b = _words(a), _words(b)
    if words_a and words_b:
        signals["words"] = round(2.0 * len(words_a & words_b) / len(words_a | words_b), 3)
    content = content_similarity(a, b) or 0.0
    # Reports set in one town need a little less in common than reports anywhere.
    local = places in ("same", "near") and is_local(a) and is_local(b)
    enough = SAME_CONTENT_HERE if local else SAME_CONTENT
    # Reports that date things in different years are not one event on what they say alone.
    other_years = years_apart([a], [b])
    other_names = names_apart([a], [b])
    same_content = content >= enough and not other_names and not other_years
    if same_content:
        # Counted only from `enough` up, where it (nearly) decides alone: a lower cosine between
        # reports of the same kind of event is no evidence that they are the same one.
        signals["content"] = round(CONTENT_WEIGHT * content, 3)
    # Too little in common to merge on, but no contradiction either: a soft "no" (empty reason), so
    # the mention may still join an event through another of its members. Reports without dates
    # (and no shared victim) merge only when their evidence says much the same.
    # Another sub-type by another means (a drone strike, a planted bomb) on the same day and in the
    # same city is two events unless something more ties them.
    other_kind = (
        a.type.sub_event_type != b.type.sub_event_type and a.method and b.method and a.method != b.method
    )
    # A date and a kind of event alone identify nothing (a country has many shootings a day): unless
    # both are set in one town (or a district and a town in it), the reports must share more.
    one_place = places in ("same", "contains") and is_local(a) and is_local(b)
    # Only a day in common dates anything: a town has many shootings a year, a month or a week (a
    # bare year, "last week", "about two weeks ago").
    uncertain = dates in ("unknown", "overlap") or not one_place or bool(other_kind) or other_years
    if other_type and not (same_content and content >= SAME_CONTENT_OTHER_TYPE):
        return LinkScore(0.0, False, signals, content=content)
    if (
        "shared victim" not in signals
        and uncertain
        and (signals.get("words", 0.0) < SAME_WORDS or other_years or other_names)
        and not same_content
    ):
        return LinkScore(0.0, False, signals, content=content)
    if a.type.sub_event_type == b.type.sub_event_type:
        signals["sub-type"] = 0.5
    if a.method and a.method == b.method:
        signals["method"] = 0.5
    total = round(sum(signals.values()), 3)
    return LinkScore(total, total >= MERGE_THRESHOLD, signals, content=content)
