"""Time expressions resolved the way a news report means them: against its publication date, looking back."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from eventwire.annotate.dates import DateAnnotator, TimeExpression, find_time_expressions, weekday_of
from eventwire.model import DateValue

SATURDAY = date(2025, 4, 26)  # the first seed's publication date
FRIDAY = date(2025, 4, 25)
MONDAY = date(2025, 4, 28)


@pytest.fixture(scope="module")
def annotator() -> DateAnnotator:
    return DateAnnotator()


def _resolved(found: TimeExpression) -> tuple[object, ...]:
    return (found.text, found.anchor, found.value_start, found.value_end, found.precision)


def _only(annotator: DateAnnotator, text: str, reference: date | None) -> TimeExpression:
    found = annotator.find(text, reference)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("A car exploded on Friday.", SATURDAY, ("Friday", "publication", FRIDAY, FRIDAY, "day")),
        # in a Friday report, "on Friday" is that same day, not a week before
        ("A car exploded on Friday.", FRIDAY, ("Friday", "publication", FRIDAY, FRIDAY, "day")),
        (
            "He was shot on Friday morning.",
            SATURDAY,
            ("Friday morning", "publication", FRIDAY, FRIDAY, "day"),
        ),
        (
            "Early Friday, a blast hit the city.",
            SATURDAY,
            ("Early Friday", "publication", FRIDAY, FRIDAY, "day"),
        ),
        (
            "Trump spoke on Wednesday.",
            SATURDAY,
            ("Wednesday", "publication", date(2025, 4, 23), date(2025, 4, 23), "day"),
        ),
        ("It happened yesterday.", SATURDAY, ("yesterday", "publication", FRIDAY, FRIDAY, "day")),
        ("It happened today.", SATURDAY, ("today", "publication", SATURDAY, SATURDAY, "day")),
        ("Shots rang out last night.", SATURDAY, ("last night", "publication", FRIDAY, FRIDAY, "day")),
        (
            "Russia attacked Kyiv overnight.",
            SATURDAY,
            ("overnight", "publication", SATURDAY, SATURDAY, "day"),
        ),
        (
            "He died last December.",
            SATURDAY,
            ("last December", "publication", date(2024, 12, 1), date(2024, 12, 31), "month"),
        ),
        (
            "He died in December.",
            SATURDAY,
            ("December", "publication", date(2024, 12, 1), date(2024, 12, 31), "month"),
        ),
        (
            "He died in December.",
            date(2025, 12, 26),
            ("December", "publication", date(2025, 12, 1), date(2025, 12, 31), "month"),
        ),
        (
            "A blast hit earlier this week.",
            FRIDAY,
            ("earlier this week", "publication", date(2025, 4, 21), FRIDAY, "week"),
        ),
        (
            "It began last week.",
            SATURDAY,
            ("last week", "publication", date(2025, 4, 14), date(2025, 4, 20), "week"),
        ),
        (
            "It began last month.",
            SATURDAY,
            ("last month", "publication", date(2025, 3, 1), date(2025, 3, 31), "month"),
        ),
        (
            "It began last year.",
            SATURDAY,
            ("last year", "publication", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ),
        (
            "It began this year.",
            SATURDAY,
            ("this year", "publication", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ),
        (
            "Police came three days ago.",
            SATURDAY,
            ("three days ago", "publication", date(2025, 4, 23), date(2025, 4, 23), "day"),
        ),
        (
            "Police came two weeks ago.",
            SATURDAY,
            ("two weeks ago", "publication", date(2025, 4, 7), date(2025, 4, 13), "week"),
        ),
        (
            "Talks broke down over the weekend.",
            MONDAY,
            ("the weekend", "publication", date(2025, 4, 26), date(2025, 4, 27), "week"),
        ),
        (
            "He was killed on Dec. 17.",
            SATURDAY,
            ("Dec. 17", "publication", date(2024, 12, 17), date(2024, 12, 17), "day"),
        ),
        (
            "He was killed on the 17th, police said.",  # a day of the month, though the floor's was not
            SATURDAY,
            ("the 17th", "publication", date(2025, 4, 17), date(2025, 4, 17), "day"),
        ),
        (
            "He was killed on 17 December 2024.",
            SATURDAY,
            ("17 December 2024", "absolute", date(2024, 12, 17), date(2024, 12, 17), "day"),
        ),
        ("It was signed on April 25, 2025.", SATURDAY, ("April 25, 2025", "absolute", FRIDAY, FRIDAY, "day")),
        ("Filed 2025-04-25 by staff.", SATURDAY, ("2025-04-25", "absolute", FRIDAY, FRIDAY, "day")),
        (
            "The war began in 2022.",
            SATURDAY,
            ("2022", "absolute", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ),
        (
            "Polls open between 3 and 5 May.",
            date(2025, 6, 1),
            ("between 3 and 5 May", "publication", date(2025, 5, 3), date(2025, 5, 5), "day"),
        ),
    ],
)
def test_expressions_resolve_into_the_past(
    annotator: DateAnnotator, text: str, reference: date, expected: tuple[str, str, date, date, str]
) -> None:
    found = _only(annotator, text, reference)
    assert _resolved(found) == expected
    words, _, first, last, precision = expected
    assert found.value == DateValue(first, last, precision, words)


def test_an_open_period_names_its_month_but_dates_no_event(annotator: DateAnnotator) -> None:
    since = _only(annotator, "the deadliest Kyiv has witnessed since last July", SATURDAY)
    assert _resolved(since) == (
        "since last July",
        "publication",
        date(2024, 7, 1),
        date(2024, 7, 31),
        "month",
    )
    assert since.modifier == "since" and since.value is None
    when = _only(annotator, "the worst attack since last December, when a bomb killed a general", SATURDAY)
    assert (when.text, when.modifier, when.value_start, when.precision) == (
        "since last December",
        None,
        date(2024, 12, 1),
        "month",
    )


@pytest.mark.parametrize(
    ("text", "offset_days", "precision"),
    [
        ("His death comes a day after Russia launched an assault.", 1, "day"),
        ("The talks were held a day before the strike.", -1, "day"),
        ("Police made an arrest the next day.", 1, "day"),
        ("The car had been bought two days earlier.", -2, "day"),
        ("Protests followed two weeks later.", 14, "week"),
        ("A second blast hit the same day.", 0, "day"),
    ],
)
def test_expressions_relative_to_another_event_carry_an_offset(
    annotator: DateAnnotator, text: str, offset_days: int, precision: str
) -> None:
    for reference in (SATURDAY, None):  # the publication date plays no part
        found = _only(annotator, text, reference)
        assert (found.anchor, found.offset_days, found.precision) == ("event", offset_days, precision)
        assert (found.value_start, found.value_end, found.value) == (None, None, None)


def test_the_other_event_keeps_its_own_date(annotator: DateAnnotator) -> None:
    found = annotator.find("The blast came a day after Friday's strike on Kyiv.", SATURDAY)
    assert [(f.text, f.anchor, f.offset_days, f.value_start) for f in found] == [
        ("a day after", "event", 1, None),
        ("Friday", "publication", None, FRIDAY),
    ]


def test_the_day_before_yesterday_is_not_an_event_offset(annotator: DateAnnotator) -> None:
    found = _only(annotator, "It happened the day before yesterday.", SATURDAY)
    assert (found.anchor, found.value_start) == ("publication", date(2025, 4, 24))


@pytest.mark.parametrize(
    "text",
    [
        "The curfew starts at 7 a.m. sharp.",
        "Zelensky also pointed out that for the past six weeks, Russia has rejected the plan.",
        "And it has been 44 days of Russia continuing to kill our people.",
        "Vladimir, STOP! 5000 soldiers a week are dying.",
        "The strikes killed 2000 soldiers and some 1500 people fled.",
        "Thousands march in Paris.",
        "He may be charged, the Sunday Times reported.",
        "Shots were fired in the 1700 block of Main Street.",
        "An hour later, police arrived.",
        "Memorials recalled the 9/11 attacks.",
        "Over the past 24 hours the front held.",
        "Posted 1052 GMT (1852 HKT) by the wire desk.",
        "The raid began at 1900 hours.",
        "Page, who was born April 22, 1923, in Nashville, was a pin-up model.",  # a person's, not an event's
        "The singer, born in 1923, grew up in Tennessee.",
        "There was a party, possibly on the 15th floor.",  # a floor's ordinal, not a day of the month
        "The shooting came on the 3rd anniversary of his death.",
        "Police were investigating scenes at 10th and Walker streets.",  # a street corner
    ],
)
def test_durations_times_counts_and_names_are_not_dates(annotator: DateAnnotator, text: str) -> None:
    assert annotator.find(text, SATURDAY) == []


def test_without_a_publication_date_only_absolute_and_event_dates_come_back(annotator: DateAnnotator) -> None:
    text = "Authorities confirmed on Friday that he died on 17 December 2024, a day after the talks."
    found = annotator.find(text, None)
    assert [(f.text, f.anchor) for f in found] == [("17 December 2024", "absolute"), ("a day after", "event")]
    kept = annotator.find(text, None, keep_unresolved=True)
    assert [(f.text, f.anchor, f.precision, f.value) for f in kept if f.anchor == "unresolved"] == [
        ("Friday", "unresolved", "day", None)
    ]


def test_weekday_of_an_unresolved_expression() -> None:
    assert [weekday_of(t) for t in ("Friday", "early Friday morning", "Tues.", "December", "Sunday's")] == [
        4,
        4,
        1,
        None,
        6,
    ]


def test_offsets_survive_abbreviations_and_sentence_breaks(annotator: DateAnnotator) -> None:
    text = (
        "Lt. Gen. Igor Kirillov was killed on Dec. 17. Nothing else happened.\n\n"
        "Officials in the U.S. said on Thursday that talks would go on."
    )
    found = annotator.find(text, SATURDAY)
    assert [(f.text, f.value_start) for f in found] == [
        ("Dec. 17", date(2024, 12, 17)),
        ("Thursday", date(2025, 4, 24)),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_tokenised_dates_are_read_whole_and_quoted_as_written(annotator: DateAnnotator) -> None:
    """A corpus of tokens ("Oct . 21 , 2011") read as Recognizers reads "Oct. 21, 2011": a bare
    "Oct" was the October before the report and its year another date."""
    text = "Zurana Horton , 34 , was killed on Oct . 21 , 2011 in Brownsville , and buried in Oct . 2011 ."
    found = annotator.find(text, date(2013, 4, 11))
    assert [(f.text, f.value_start, f.precision) for f in found] == [
        ("Oct . 21 , 2011", date(2011, 10, 21), "day"),
        ("Oct . 2011", date(2011, 10, 1), "month"),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_indented_lines_keep_their_expressions_in_place(annotator: DateAnnotator) -> None:
    """Recognizers misplaces what it finds after leading whitespace; the line's indent is not read."""
    text = (
        "Marc Emery, who runs a chain of shops, was\n            arrested along with nine others on "
        "Friday evening during a series of raids by the police.\n"
    )
    [found] = annotator.find(text, None, keep_unresolved=True)
    assert found.text == "Friday evening" and text[found.start : found.end] == found.text


def test_dates_far_apart_in_a_long_sentence_are_each_found_whole(annotator: DateAnnotator) -> None:
    """Recognizers reads windows around the date words of a sentence; each date comes back whole and
    in its place, not run into the words between them."""
    text = (
        "Police said this morning that the woman, who had apologised to the pastor and to the "
        "congregation for the attention the church has received since she became a candidate, "
        "was questioned on Aug. 29."
    )
    found = annotator.find(text, SATURDAY)
    assert [(f.text, f.value_start) for f in found] == [
        ("this morning", SATURDAY),
        ("Aug. 29", date(2024, 8, 29)),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_the_convenience_function_reuses_one_annotator() -> None:
    first = find_time_expressions("He died on Friday.", SATURDAY)
    assert [(f.text, f.value_start) for f in first] == [("Friday", FRIDAY)]
    assert find_time_expressions("He died on Friday.", SATURDAY) == first


def _seed(seeds_dir: Path, name: str) -> tuple[str, date | None]:
    """The seed's text and its `date YYYY-MM-DD` line, as ingestion would split them."""
    text = (seeds_dir / name).read_text(encoding="utf-8")
    line = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", text)
    return (text[line.end() :], date.fromisoformat(line.group(1))) if line else (text, None)


def test_first_seed(annotator: DateAnnotator, seeds_dir: Path) -> None:
    text, published = _seed(seeds_dir, "000_ceccda96e80c11bb.txt")
    assert published == SATURDAY
    found = {
        (f.text, f.anchor, f.value_start, f.value_end, f.precision, f.offset_days)
        for f in annotator.find(text, published)
    }
    assert ("Friday", "publication", FRIDAY, FRIDAY, "day", None) in found
    assert ("last December", "publication", date(2024, 12, 1), date(2024, 12, 31), "month", None) in found
    assert ("since last July", "publication", date(2024, 7, 1), date(2024, 7, 31), "month", None) in found
    assert ("a day after", "event", None, None, "day", 1) in found
    assert ("Wednesday", "publication", date(2025, 4, 23), date(2025, 4, 23), "day", None) in found
    assert ("Thursday", "publication", date(2025, 4, 24), date(2025, 4, 24), "day", None) in found
    texts = [f.text for f in annotator.find(text, published)]
    assert not {"six weeks", "44 days", "a week", "past six weeks"} & set(texts)


def test_second_seed_with_an_assumed_publication_date(annotator: DateAnnotator, seeds_dir: Path) -> None:
    text, published = _seed(seeds_dir, "004_6d86a890a821b9b9.txt")
    assert published is None  # no date line: the test supplies the day of the attack
    found = annotator.find(text, FRIDAY)
    assert [_resolved(f) for f in found] == [
        ("Friday", "publication", FRIDAY, FRIDAY, "day"),
        ("earlier this week", "publication", date(2025, 4, 21), FRIDAY, "week"),
        ("December", "publication", date(2024, 12, 1), date(2024, 12, 31), "month"),
        ("earlier this week", "publication", date(2025, 4, 21), FRIDAY, "week"),
    ]
    assert annotator.find(text, None) == []


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("A bomb exploded in Kyiv over the weekend.", date(1, 1, 1)),
        ("A bomb exploded in Kyiv several days ago.", date(9999, 12, 31)),
    ],
)
def test_periods_past_the_calendar_end_are_no_dates(
    annotator: DateAnnotator, text: str, reference: date
) -> None:
    """Found by fuzzing: the weekend before year 1 and the week after 9999-12-31 raised OverflowError."""
    assert annotator.find(text, reference) == []


def test_a_parse_served_from_shared_extractions_finds_the_same(annotator: DateAnnotator) -> None:
    """The second parse of a text is answered from the extractors' shared results: what the first
    parse's callers did to their copies must not leak into it."""
    text = "Police said the man was shot early Friday, April 25, 2025, two days after a raid last week."
    first = annotator.find(text, date(2025, 4, 26), keep_unresolved=True)
    assert [e.text for e in first if e.anchor == "publication"]
    assert annotator.find(text, date(2025, 4, 26), keep_unresolved=True) == first


def test_a_dateline_dates_the_report_not_its_events(annotator: DateAnnotator) -> None:
    text = (
        "http://www.example.com/story/2007/04/11/office-shooter-charged/\n"
        "Office Shooter Charged With Murder\n"
        "Published April 11 , 2007 | Updated 9 : 01 AM EDT\n"
        "A man walked into his former office on Monday and shot three people."
    )
    assert annotator.dateline(text) == date(2007, 4, 11)
    # Without a publication date, "Monday" is the Monday before the dateline's Wednesday; neither
    # the dateline nor the URL's date is the date of an event.
    found = annotator.find(text, None)
    assert [_resolved(f) for f in found] == [
        ("Monday", "publication", date(2007, 4, 9), date(2007, 4, 9), "day")
    ]
    # A date on a line with other words is the text's, and a publication date given wins.
    told = "Riots broke out on March 3 , 2009 in the city.\nThey went on for days on Friday."
    assert annotator.dateline(told) is None
    assert [f.text for f in annotator.find(told, date(2009, 3, 9))] == ["March 3 , 2009", "Friday"]


def test_a_numeric_dateline_is_read_day_first_when_the_url_files_it_so(annotator: DateAnnotator) -> None:
    """ "11/09/2010" is 9 November month first; under a URL filed "/2010/09/" the outlet wrote the
    day first, and "Friday" is the Friday before 11 September. Without such a URL, or with one filed
    in November, month first stands."""
    lines = "11 / 09 / 2010\nWorker Charged\nA worker shot two colleagues , police said Friday ."
    filed_september = "http : / / news . example . nl / 2010 / 09 / worker - charged . html\n" + lines
    assert annotator.dateline(filed_september) == date(2010, 9, 11)
    assert [f.value_start for f in annotator.find(filed_september, None)] == [date(2010, 9, 10)]
    assert annotator.dateline(lines) == date(2010, 11, 9)
    filed_november = "http://www.example.com/2010/11/worker-charged.html\n" + lines
    assert annotator.dateline(filed_november) == date(2010, 11, 9)
