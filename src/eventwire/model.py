"""The data model every stage speaks: stages exchange only these types."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_WHITESPACE = re.compile(r"\s+")
Day = date  # for fields beside one named `date`


def normalize_text(text: str) -> str:
    """Canonical form used for hashing, so re-encoded or re-wrapped copies hash alike."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One news report as read from any input format.

    `id` is derived from the content hash, so the same text read twice (or on two machines of a
    cluster) gets the same id: that is what makes re-runs idempotent.
    """

    id: str
    text: str
    content_hash: str
    raw_format: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    language: str | None = None
    origin: str | None = None
    near_duplicate_of: str | None = None
    near_duplicate_similarity: float | None = None

    @classmethod
    def create(cls, text: str, raw_format: str, **metadata: object) -> Article:
        """Build an article, computing its content hash and id from the text."""
        digest = content_hash(text)
        return cls(id=digest[:16], text=text, content_hash=digest, raw_format=raw_format, **metadata)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `precision` says how exact the place is as a location of an event:
    "town" (a populated place), "district", "region" (admin1) or "country"."""

    name: str
    precision: str
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature_code: str | None = None
    population: int = 0


@dataclass(frozen=True, slots=True)
class IngestError:
    """A input that could not be read; `origin` names the file or URL, `location` the line/record."""

    origin: str
    reason: str
    location: str | None = None

    def __str__(self) -> str:
        where = f"{self.origin}:{self.location}" if self.location else self.origin
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; `errors` are reported, never raised, so one bad file cannot stop a run."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    near_duplicates: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a value was read: the sentence and its character offsets in the article text."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date or range; `precision` is "day", "week", "month" or "year"; `text` is what the report said."""

    start: date
    end: date
    precision: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count as a range: `high` None means open-ended ("at least 9")."""

    low: int
    high: int | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant; `role` is "perpetrator", "victim", "target" or "participant"."""

    name: str
    role: str
    title: str | None = None
    affiliation: str | None = None
    claimed_responsibility: bool = False
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place as reported: the resolved gazetteer entry, the words used, and any relative offset
    ("20 miles east of Moscow": anchor Moscow, 32 km, bearing 90°)."""

    text: str
    place: Place | None
    evidence: Evidence | None = None
    anchor: Place | None = None
    offset_km: float | None = None
    bearing_deg: float | None = None
    quarter: str | None = None
    """The part of the town the report puts the event in ("the northwest side"), as written."""


@dataclass(frozen=True, slots=True)
class VictimDescription:
    """A victim as the report describes them ("a 20-year-old Milwaukee man"): local news often names
    no one, and the sex and age it gives are what tells one shooting from another."""

    text: str
    sex: str | None  # "male" or "female"
    age: int | None
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class EventType:
    event_type: str
    sub_event_type: str
    case_label: str | None = None
    confidence: float = 0.0
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one article reports it: the main event (`kind` "main") or one it recalls ("background")."""

    article_id: str
    index: int
    kind: str
    type: EventType
    date: DateValue | None = None
    date_evidence: Evidence | None = None
    date_text: str | None = None
    place: PlaceMention | None = None
    other_places: tuple[PlaceMention, ...] = ()
    actors: tuple[Actor, ...] = ()
    killed: Quantity | None = None
    killed_evidence: Evidence | None = None
    injured: Quantity | None = None
    injured_evidence: Evidence | None = None
    method: str | None = None
    method_evidence: Evidence | None = None
    summary: Evidence | None = None
    # What the report says about the event, for finding and scoring candidates without dates or
    # places: the names it uses (people, organisations, places; lower case) and its content words,
    # most used first, with how often it uses each word (empty: once each).
    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    term_counts: tuple[int, ...] = ()
    # The years its dates fall in (all the report's dates for a main event): a fight, a vote or a
    # robbery recurs with much the same words, and the years tell the rounds apart.
    years: tuple[int, ...] = ()
    # Those of the event itself: its own sentences' and the lede's (for the main event).
    event_years: tuple[int, ...] = ()
    # The first-level regions of the places it names below a country ("US.IL"): two accounts of the
    # same kind of event in much the same words, set in different regions, are two events.
    regions: tuple[str, ...] = ()
    # The streets of its "900 block of North Denny Street" or "65th and Thurston" (base names, lower
    # case): two shootings of one night in one city are told apart by their addresses.
    streets: tuple[str, ...] = ()
    # The victims it describes by sex or age, named or not.
    described_victims: tuple[VictimDescription, ...] = ()
    # The report's publication date: what it tells of violence happened by then, dated or not.
    published: Day | None = None

    @property
    def id(self) -> str:
        return f"{self.article_id}-{self.index}"


@dataclass(frozen=True, slots=True)
class SourceRef:
    article_id: str
    outlet: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class Alternative:
    """One value a field took in some sources; `verdict` against the consensus: "agrees",
    "refines" (more precise and compatible) or "disputes" (incompatible)."""

    value: Any
    sources: tuple[str, ...]
    verdict: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldComparison:
    consensus: Any
    alternatives: tuple[Alternative, ...]

    @property
    def disputed(self) -> bool:
        return any(a.verdict == "disputes" for a in self.alternatives)


@dataclass(frozen=True, slots=True)
class MergeLink:
    """Why a mention is in its event: the mention it was linked to, the score and the signals."""

    mention_id: str
    linked_to: str | None
    score: float | None
    signals: dict[str, float]


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event merged from the mentions of several reports."""

    id: str
    event_type: str
    sub_event_type: str
    date: DateValue | None
    place: Place | None
    fatalities: Quantity | None
    actors: tuple[Actor, ...]
    sources: tuple[SourceRef, ...]
    fields: dict[str, FieldComparison]
    mentions: tuple[EventMention, ...]
    links: tuple[MergeLink, ...]
