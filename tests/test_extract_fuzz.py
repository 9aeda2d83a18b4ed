"""Whatever text an article holds, annotation and extraction never raise and give well-formed mentions.

One hypothesis example is a batch of articles run through `annotate_many`, as the pipeline runs
them, so that the spaCy and classifier batches are exercised too and the examples stay affordable;
the session summary counts articles, not examples. The texts: news-like sentences with odd counts
("1e999 killed", "fewer than 0"), impossible dates ("2025-02-30"), far-off places and long tokens;
example reports with unicode edge cases spliced in (RTL marks, emoji, combining marks, NULs); random
unicode; empty and whitespace-only text. Publication dates include the ends of the calendar.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from eventwire.annotate import Annotator
from eventwire.extract.mentions import extract_mentions
from eventwire.model import Article, DateValue, EventMention, Evidence, PlaceMention, Quantity
from eventwire.serialize import mention_from_dict, to_dict

from .conftest import EXAMPLES
from .fuzzing import count_input, fuzz_settings

BATCH = 20
# Counts beyond this are no casualty counts, and they must fit the store's 32-bit integer columns.
MAX_COUNT = 2**31 - 1


def _example_bodies() -> list[str]:
    bodies = [path.read_text().split("\n\n", 2)[-1] for path in sorted((EXAMPLES / "txt").glob("*.txt"))]
    jsonl = (EXAMPLES / "jsonl" / "articles.jsonl").read_text().splitlines()
    return bodies + [json.loads(line)["text"] for line in jsonl]


BODIES = _example_bodies()

_NUMBERS = [
    "1e999", "1e-999", "-5", "0", "00", "3.5", "NaN", "inf", "1,2,3", "1,000,000,000,000",
    "99999999999999999999999999", "9" * 400, "2147483648", "4294967296", "\u0663", "\u4e00\u4e8c",
    "\u00bd", "10\u2076", "\uff12\uff10", "twenty-one hundred thousand million", "a million million",
    "hundreds of thousands", "tens of thousands", "several", "no", "nearly 0", "fewer than 0",
    "about 0", "at least -3", "more than 2147483647", "up to 4294967296", "about 999999999999",
]  # fmt: skip
_PEOPLE = ["people", "civilians", "soldiers", "", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "مدنيين"]
_VERBS = ["killed", "were killed", "dead", "injured", "wounded", "died", "killing", "were hurt"]
_PLACES = [
    "Kyiv", "Moscow", "Balashikha", "Belgrade", "Springfield", "بغداد", "Київ", "Москва", "Xyzzy",
    "99999 miles east of Moscow", "9" * 330 + " km north of Kyiv", "0 km west of Berlin",
    "1e999 miles south of Lviv", "the heart of Moscow", "Paris, Texas",
]  # fmt: skip
_WHENS = [
    "on Friday", "date 2025-02-30", "on 2025-02-30", "on February 30, 2025", "on 31/31/2025", "in 0000",
    "on 9999-12-31", "on December 31, 9999", "in the year 10000", "on 0001-01-01", "on January 1, 1",
    "yesterday", "tomorrow", "a day after", "999 weeks earlier", "the next day", "last week",
    "since last July", "in March 99999", "two days before Christmas", "on the 99th of March",
    "at 25:61", "Friday the 13th", "early 2025-13-01", "over the weekend", "several days ago",
]  # fmt: skip
_ODD_CHARACTERS = [
    "\u202e", "\u202d", "\u200f", "\u200e", "\u200b", "\u200d", "\ufeff", "\x00", "\x0b", "\x1b",
    "\u2028", "\r\n", "\t", "\u0301\u0301\u0301", "\U0001f4a3", "\U0001f1fa\U0001f1e6",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\U0010ffff", "\ufffd", "\ufb01",
    "\u216b", "\U0001d7cf\U0001d7d0", "\u0130", "\u00df", "\u0640" * 50, "שלום", "مرحبا بالعالم",
]  # fmt: skip
# No long runs of punctuation or symbols ("'''", "!!!", emoji, "Kyiv-Kyiv-"): spaCy's tokenizer takes
# quadratic time on a run without spaces (5,000 emoji: 5 s; 20,000: 90 s), a cost rather than a crash
# that would eat the test's budget. Short runs of them come in through the other texts.
_LONG_TOKENS = ["a", "killed", "1", "Moskalik", "\u0301", ".", "-"]

_sentence = st.builds(
    "{} {} {} in {} {}.".format,
    st.sampled_from(_NUMBERS),
    st.sampled_from(_PEOPLE),
    st.sampled_from(_VERBS),
    st.sampled_from(_PLACES),
    st.sampled_from(_WHENS),
)
_report_sentences = st.sampled_from([sentence for body in BODIES for sentence in body.split(". ")])
_news_like = st.lists(_sentence | _report_sentences, min_size=1, max_size=4).map(" ".join)


@st.composite
def _spliced_example(draw: st.DrawFn) -> str:
    """A slice of an example report with odd characters spliced in at a few places."""
    body = draw(st.sampled_from(BODIES))
    start = draw(st.integers(0, len(body)))
    text = body[start : start + draw(st.integers(0, 800))]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_ODD_CHARACTERS + _WHENS + _NUMBERS)) + text[at:]
    return text


_long_token = st.builds(
    lambda token, length, where: where.format(token * (length // len(token))),
    st.sampled_from(_LONG_TOKENS),
    st.sampled_from([100, 1000, 5000]),  # characters
    st.sampled_from(["{}", "A bomb killed {} people in Kyiv on Friday.", "{} was killed in Moscow."]),
)
_unicode = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)  # ingestion refuses surrogates
_whitespace = st.text(" \t\n\r\x0b\x0c\u00a0\u2028\u2029\u3000\u200b\u202f", max_size=30)
texts = st.one_of(_news_like, _spliced_example(), _unicode, _long_token, _whitespace)
published = st.one_of(
    st.none(),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29), date(2025, 4, 25)]),
    st.dates(),
    st.dates(max_value=date(1, 1, 31)) | st.dates(min_value=date(9999, 12, 1)),  # a week from the ends
)


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator.load()


def _check_evidence(evidence: Evidence | None, text: str) -> None:
    if evidence is not None:
        assert 0 <= evidence.start <= evidence.end <= len(text), evidence
        assert text[evidence.start : evidence.end] == evidence.sentence, evidence


def _check_date(value: DateValue | None) -> None:
    if value is not None:
        assert isinstance(value.start, date) and isinstance(value.end, date)
        assert value.start <= value.end and value.precision in ("day", "week", "month", "year"), value


def _check_count(value: Quantity | None) -> None:
    if value is not None:
        assert 0 <= value.low <= MAX_COUNT, value
        assert value.high is None or value.low <= value.high <= MAX_COUNT, value


def _check_place(mention: PlaceMention | None, text: str) -> None:
    if mention is None:
        return
    _check_evidence(mention.evidence, text)
    if mention.offset_km is not None:
        assert math.isfinite(mention.offset_km) and mention.offset_km >= 0, mention
    assert mention.bearing_deg is None or 0 <= mention.bearing_deg < 360, mention
    for place in (mention.place, mention.anchor):
        if place is not None and place.lat is not None and place.lon is not None:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180, place


def _check_mentions(mentions: list[EventMention], article: Article) -> None:
    """Well-formed: numbered in order from the main event, every offset inside the text, dates and
    counts valid, and the mention survives the store's JSON round trip."""
    text = article.text
    assert [m.index for m in mentions] == list(range(len(mentions)))
    assert all(m.kind == ("main" if m.index == 0 else "background") for m in mentions)
    for mention in mentions:
        assert mention.article_id == article.id
        assert mention.type.event_type and mention.type.sub_event_type
        assert 0 <= mention.type.confidence <= 1
        for evidence in (
            mention.type.evidence,
            mention.date_evidence,
            mention.killed_evidence,
            mention.injured_evidence,
            mention.method_evidence,
            mention.summary,
        ):
            _check_evidence(evidence, text)
        _check_date(mention.date)
        _check_count(mention.killed)
        _check_count(mention.injured)
        for place in (mention.place, *mention.other_places):
            _check_place(place, text)
        for actor in mention.actors:
            assert actor.name.strip() and actor.role in ("perpetrator", "victim", "target", "participant")
            _check_evidence(actor.evidence, text)
        stored = json.loads(json.dumps(to_dict(mention), allow_nan=False))
        assert mention_from_dict(stored) == mention


def _extract_batch(
    annotator: Annotator, batch: list[tuple[str, date | None]], *, classify: bool, target: str
) -> None:
    articles = [Article.create(text, "text", published=day, origin="fuzz") for text, day in batch]
    annotated = list(annotator.annotate_many(articles))
    assert [a.article for a in annotated] == articles
    found: list[EventMention] = []
    for item in annotated:
        for place in item.places:
            assert 0 <= place.start <= place.end <= len(item.article.text)
            assert item.article.text[place.start : place.end] == place.text
        for time in item.times:
            assert 0 <= time.start <= time.end <= len(item.article.text)
        mentions = extract_mentions(item, annotator.classifier if classify else None)
        _check_mentions(mentions, item.article)
        found.extend(mentions)
    count_input(
        target,
        len(articles),
        mentions=len(found),
        with_a_date=sum(m.date is not None for m in found),
        with_a_place=sum(m.place is not None for m in found),
        with_killed=sum(m.killed is not None for m in found),
    )


batches = st.lists(st.tuples(texts, published), min_size=BATCH, max_size=BATCH)


@fuzz_settings(200)
@given(batch=batches)
@example(
    batch=[
        (
            "A bomb killed 5 people in Kyiv today. A day after, a blast killed 3 people in Lviv.",
            date(1, 1, 1),
        ),
        ("A bomb killed 5 people in Kyiv today. A day earlier, a blast killed 3 people.", date(9999, 12, 31)),
        ("Less than 0 people were killed in Kyiv. About 0 people died in Lviv.", None),
        ("A bomb killed 99999999999999999999 people in Moscow.", None),
        ("", None),
        (" \n\t ", date(2025, 4, 25)),
    ]
)
def test_extraction_never_raises(annotator: Annotator, batch: list[tuple[str, date | None]]) -> None:
    """The rules, where the crashes were; the classifier (ten times the cost per article) has its own test."""
    _extract_batch(annotator, batch, classify=False, target="extract: annotate_many + extract_mentions")


@fuzz_settings(5)
@given(batch=batches)
def test_extraction_with_the_classifier_never_raises(
    annotator: Annotator, batch: list[tuple[str, date | None]]
) -> None:
    """As the pipeline runs it: each mention's text also goes through the CASE 2021 classifier."""
    _extract_batch(
        annotator, batch, classify=True, target="extract: annotate_many + extract_mentions + classifier"
    )


def test_event_relative_date_past_the_calendar_end_is_no_date(annotator: Annotator) -> None:
    """Found by fuzzing: "a day earlier" than an event on 9999-12-31 raised OverflowError."""
    text = "A bomb killed 5 people in Kyiv today. A day earlier, a blast killed 3 people in Lviv."
    article = Article.create(text, "text", published=date(9999, 12, 31))
    main, background = extract_mentions(annotator.annotate(article))
    assert main.date is not None and main.date.start == date(9999, 12, 31)
    assert background.kind == "background" and background.date is None
