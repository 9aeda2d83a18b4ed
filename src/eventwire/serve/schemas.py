"""The API's shapes, for its OpenAPI schema. Records are served as stored (the JSON contract of
`eventwire.serialize.event_to_json`); these models document them and the tests check them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class DateRange(BaseModel):
    start: str = Field(description="First day, YYYY-MM-DD.")
    end: str = Field(description="Last day, YYYY-MM-DD.")
    precision: str = Field(description='"day", "week", "month" or "year".')


class PlaceRecord(BaseModel):
    name: str
    geonameid: int | None
    admin1: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    lat: float | None
    lon: float | None
    precision: str = Field(description='"town", "district", "region", "country" or "continent".')


class CountRange(BaseModel):
    min: int
    max: int | None = Field(description='None: open-ended ("at least").')


class Evidence(BaseModel):
    sentence: str
    start: int = Field(description="Character offset of the sentence in the article's text.")
    end: int


class ActorRecord(BaseModel):
    name: str
    role: str = Field(description='"perpetrator", "victim", "target" or "participant".')
    title: str | None
    affiliation: str | None
    claimed_responsibility: bool
    evidence: Evidence | None


class SourceRecord(BaseModel):
    article_id: str
    outlet: str | None
    url: str | None
    published: str | None


class Alternative(BaseModel):
    value: Any
    sources: list[str] = Field(description="Article ids.")
    verdict: Literal["agrees", "refines", "disputes"]
    evidence: list[Evidence]


class FieldComparison(BaseModel):
    consensus: Any
    alternatives: list[Alternative]


class MergeLink(BaseModel):
    mention_id: str
    linked_to: str | None
    score: float | None
    signals: dict[str, float]


class EventRecord(BaseModel):
    """One real-world event merged from its reports."""

    id: str
    event_type: str
    sub_event_type: str
    date: DateRange | None
    place: PlaceRecord | None
    fatalities: CountRange | None
    actors: list[ActorRecord]
    sources: list[SourceRecord]
    fields: dict[str, FieldComparison] = Field(description="Each field's values side by side, with verdicts.")
    links: list[MergeLink]
    mentions: list[str]


class SourceArticle(BaseModel):
    id: str
    outlet: str | None
    url: str | None
    published: str | None
    title: str | None
    text: str = Field(description="Evidence offsets point into this text.")


class EventDetail(EventRecord):
    articles: list[SourceArticle] = Field(description="The sources' articles, in the order of `sources`.")


class EventPage(BaseModel):
    total: int = Field(description="How many events match the filters.")
    limit: int
    offset: int
    items: list[EventRecord]


class PeriodCount(BaseModel):
    period: str = Field(description='"2025-04-25" (day), "2025-W17" (ISO week), "2025-04" (month) or "2025".')
    count: int


class Timeline(BaseModel):
    bucket: Literal["day", "week", "month", "year"]
    counts: list[PeriodCount] = Field(description="Periods with events, oldest first, by start date.")
    undated: int = Field(description="Matching events with no date.")


class ArticleSummary(BaseModel):
    id: str
    content_hash: str
    raw_format: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    language: str | None
    origin: str | None
    near_duplicate_of: str | None
    near_duplicate_similarity: float | None
    text_length: int


class ArticleRecord(ArticleSummary):
    text: str


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleIn(BaseModel):
    """One report, as in a .jsonl input file."""

    text: str
    url: str | None = None
    source: str | None = Field(None, description="The outlet.")
    published: str | None = Field(None, description="ISO date or date-time.")
    title: str | None = None


class RecordError(BaseModel):
    record: int = Field(description="Index of the record in the request (0 for a single object).")
    reason: str


class IngestResult(BaseModel):
    stored: list[str] = Field(description="Ids of the articles stored (near-duplicates included).")
    near_duplicates: list[str]
    duplicates: list[str] = Field(description="Ids of articles already stored with the same text.")
    errors: list[RecordError]


class Problem(BaseModel):
    detail: str
