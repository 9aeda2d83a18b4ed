"""Time expressions in news text, resolved to calendar dates with a precision.

Microsoft Recognizers-Text finds and resolves the expressions. It offers two readings for "Friday"
or "in December" (the last one and the next one); news reports look back, so the latest reading
that is not after the publication date wins, which also makes "Friday" in a Friday report mean
that same day. Where Recognizers was measured wrong on news text, a small documented correction
follows it (see `DateAnnotator`).

Each expression says what its dates hang on (`anchor`):

- "absolute": the text names the year ("17 December 2024", "in 2022"); needs no reference.
- "publication": resolved against the publication date ("on Friday", "last December").
- "event": relative to another event the sentence names ("a day after", "two days earlier",
  "the next day"). Its date depends on that event, which only the extractor knows, so it carries
  `offset_days` (from the other event to the one described) and no dates.
- "unresolved": relative to the publication date, but the article has none; returned only on
  request (`keep_unresolved`), with no dates, so a caller can still show what was said.

Without a reference date, relative expressions are skipped (unless `keep_unresolved`): they
cannot be placed on a calendar. A report's dateline ("Published: April 11, 2007" on a line of its
own at its head) and a date inside a URL say when the report was published, not when anything in it
happened: they are not returned, and without a publication date the dateline's day is the reference
("on Monday" in a report published on Wednesday 11 April is 9 April). Durations ("44 days", "for the past six weeks"), times of day
alone ("at 7 a.m.") and rates ("a week") are not dates and are never returned, nor is a birth date
("born April 22, 1923"): it dates a person, not anything a report tells of.
"""

from __future__ import annotations

import calendar
import copy
import functools
import hashlib
import inspect
import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from eventwire.model import DateValue

_DATE_KINDS = {"date", "daterange", "datetime", "datetimerange"}
_OPEN_PERIODS = {"since", "after", "before"}  # Recognizers' Mod; it reads "until" and "by" as "before"
_YEAR_IN_TEXT = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DAY_TIMEX = re.compile(r"[\dX]{4}-(?:[\dX]{2}-[\dX]{2}|WXX-\d)")
_WEEK_TIMEX = re.compile(r"[\dX]{4}-W\d\d(?:-WE)?")
_MONTH_TIMEX = re.compile(r"[\dX]{4}-[\dX]{2}")
_YEAR_TIMEX = re.compile(r"\d{4}")
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
_CALENDAR_WORD = re.compile(rf"(?:{_MONTH}|{_WEEKDAY})\.?", re.IGNORECASE)
# Sentences without one of these words hold no date Recognizers would find (checked on the GVDB
# dev set: the same expressions with and without this filter); skipping them saves most of the time.
_CUE = re.compile(
    rf"\b(?:{_MONTH}|{_WEEKDAY}|today|tonight|yesterday|tomorrow|overnight|morning|afternoon|evening|"
    r"night|noon|midnight|day|days|week|weeks|weekend|month|months|year|years|ago|christmas|easter|eve)\b"
    r"|\b\d{4}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",
    re.IGNORECASE,
)
_CUE_MARGIN = 40  # characters of context each side of a cue: "on the night of Friday", "three weeks ago"
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[a-z]{1,2}|[A-Z]\.[A-Z])\.$")
_OPEN_PERIOD_WORDS = {
    "since": "since",
    "after": "after",
    "before": "before",
    "until": "before",
    "till": "before",
}
_WHEN_AFTER = re.compile(r",?\s*when\b", re.IGNORECASE)
_WORD_BEFORE_OPEN_PERIOD = re.compile(r"\b(since|until|till|before|after)\s+$", re.IGNORECASE)
_BORN_BEFORE = re.compile(r"\bborn\s+(?:on\s+|in\s+)?$", re.IGNORECASE)
_PERIOD_BACK_FROM_NOW = re.compile(
    r"^(?:the\s+)?(?:past|last\s+(?:\w+\s+)?(?:days|weeks|months|years|hours))\b"
)
_NUMERIC_NO_YEAR = re.compile(r"(?:the\s+)?\d{1,2}[/.]\d{1,2}")
_EARLIER_THIS = re.compile(r"^earlier\s+this\s+(?:week|month|year)$")
_AGO = re.compile(r"\b(?P<count>\S+)\s+(?P<unit>day|week|month|year)s?\s+ago$")
_VAGUE_COUNT = {"several", "few", "some", "many"}
_FUTURE = re.compile(r"\b(?:next|coming|upcoming)\b")
_COUNT_WORDS_BEFORE = re.compile(
    r"\b(?:about|around|some|over|nearly|almost|approximately|roughly|least|than|killed|killing|"
    r"wounded|wounding|injured|injuring|deployed|sent|evacuated|displaced)\s+$",
    re.IGNORECASE,
)
_COUNT_NOUN_AFTER = re.compile(
    r"\s+(?:more\s+|other\s+|of\s+)?(?:people|persons|soldiers|troops|civilians|residents|refugees|men|women|"
    r"children|migrants|protesters|workers|police|officers|fighters|militants|prisoners|casualties|deaths|"
    r"dead|killed|wounded|injured|homes|houses|buildings|km|kilometres|kilometers|miles|metres|meters|"
    r"dollars|euros|pounds|tons|tonnes)\b",
    re.IGNORECASE,
)
_NOT_A_YEAR_AFTER = re.compile(
    r"\s+(?:block\b|(?:[A-Z][\w.]*\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Highway|Hwy)\b)"
    r"|\s*(?:GMT|UTC|HKT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|EET|EEST|IST|JST|KST|AEST|AEDT"
    r"|MSK|ET|PT|hours|hrs)\b"
)  # "the 1700 block of", "1446 Airline Road", a clock time "1852 HKT"
_NAME_AFTER_WEEKDAY = re.compile(r"\s+[A-Z][a-z]")
_BARE_ORDINAL_DAY = re.compile(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)")
_NOUN_AFTER_ORDINAL = re.compile(
    r"\s+(?!(?:of|and|or|at|in|on|to|from|when|after|before|while|as|but|around|about|until|through|"
    r"during|between|with|by|into|is|was|were|are|the|a|an)\b)[a-z]+\b"
    r"|\s+(?:and|&)\s+[A-Z]|\s+(?:Street|St|Avenue|Ave|Place|Pl|Road|Rd|Drive|Dr|Boulevard|Blvd)\b"
)  # "on the 15th floor", "at 10th and Walker streets"; not "on the 15th at 3 p.m." nor "the 15th of December"
_SUB_DAY_OFFSET = re.compile(r"\b(?:hours?|minutes?|seconds?)\s+(?:later|earlier|after|before)\b")
_OVERNIGHT = re.compile(
    r"(?<!held )(?<!kept )(?<!stayed )(?<!remained )(?<!detained )\bovernight\b", re.IGNORECASE
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_EVENT_RELATIVE = re.compile(
    r"\b(?:"
    r"(?P<count>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3}|the)\s+"
    r"(?P<unit>day|week)(?P<plural>s)?\s+(?P<direction>after|before|later|earlier|prior\s+to)"
    r"(?!\s+(?:yesterday|tomorrow|day)\b)"
    r"|the\s+(?P<side>next|following|previous|preceding)\s+(?P<side_unit>day|morning|afternoon|evening|night|week)"
    r"|(?P<same>(?:the|that)\s+same\s+day|(?:later|earlier)\s+(?:that|in\s+the)\s+day)"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression with the dates it means.

    `start`/`end` are character offsets into the text given. `value_start`/`value_end` bound the
    period meant (both inclusive; equal for a day), None for "event" and "unresolved" anchors.
    `precision` is "day", "week", "month" or "year" (for "event" anchors: the unit of the offset).
    `modifier` is "since", "after" or "before" ("until", "by") for open periods ("since last July"): the
    dates are then those of the period named (July 2024), which bounds an event but does not date it.
    """

    text: str
    start: int
    end: int
    value_start: date | None
    value_end: date | None
    precision: str
    anchor: str
    offset_days: int | None = None
    modifier: str | None = None

    @property
    def value(self) -> DateValue | None:
        """The expression as a date an event can carry; open periods and relative offsets date none."""
        if self.value_start is None or self.value_end is None or self.modifier is not None:
            return None
        return DateValue(self.value_start, self.value_end, self.precision, self.text)


class DateAnnotator:
    """Finds and resolves time expressions; build it once per process (the model takes ~0.2 s).

    Corrections to Recognizers, each measured on news text:
    - event-relative phrases ("a day after", "the next day", "two days later") are read here:
      Recognizers gives a duration or counts them from the publication date;
    - "overnight", unknown to Recognizers, is the publication day (a morning report's night);
    - "early Friday" / "late Friday" come back without a value; they are resolved as "Friday";
    - "earlier this week/month/year" ends at the publication date (Recognizers stops earlier);
    - "over the weekend" in a Monday report is the one just past (Recognizers gives the next);
    - "two weeks ago" is a week, "a month ago" a month (Recognizers gives one day), and a vague
      count ("several days ago") one unit coarser;
    - an open-period word it leaves outside the span ("witnessed since last July") is taken in,
      and an open period followed by "when ..." dates what the clause tells ("since last December,
      when a bomb killed ...");
    - not dates: lowercase "march"/"may", a newspaper such as "the Sunday Times", "9/11" and other
      numeric dates without a year, periods back from now ("the past six weeks", "last three
      days"), and four-digit counts read as years ("killed 2000 soldiers").
    """

    def __init__(self) -> None:
        from recognizers_date_time import Culture, DateTimeRecognizer

        self._model = DateTimeRecognizer(Culture.English).get_datetime_model()
        _share_sub_extractions(self._model)
        _call_compiled_patterns_directly()

    def find(
        self, text: str, reference: date | None, *, keep_unresolved: bool = False
    ) -> list[TimeExpression]:
        """Time expressions in `text`, in order, resolved against `reference` (the publication date;
        without it, the day of the report's dateline)."""
        if reference is None:
            reference = self.dateline(text)
        found = self._expressions(text, reference, keep_unresolved)
        return [e for e in found if not _dates_the_report(text, e)]

    def dateline(self, text: str) -> date | None:
        """The day a dateline at the report's head gives, else a day in a URL there, else None."""
        head = text[: _head_end(text)]
        days = [
            e
            for e in self._expressions(head, None, False)
            if e.anchor == "absolute" and e.precision == "day" and e.modifier is None
        ]
        on_dateline = [e for e in days if _on_dateline(head, e)]
        chosen = on_dateline or [e for e in days if _in_url(head, e)]
        if not chosen or chosen[0].value_start is None:
            return None
        return _day_first_if_url_says_so(chosen[0].text, chosen[0].value_start, head)

    def _expressions(self, text: str, reference: date | None, keep_unresolved: bool) -> list[TimeExpression]:
        found = _event_relative(text)
        now = datetime.combine(reference or date(2000, 1, 1), datetime.min.time())
        for offset, sentence in _cued_sentences(_closed_up(text)):
            for shift, result in self._parse_near_cues(sentence, now):
                start, end = offset + shift + result.start, offset + shift + result.end + 1
                clash = [e for e in found if start < e.end and e.start < end]
                if clash:  # "a day after Friday's attack": Recognizers reads "after Friday"
                    if any(e.anchor != "event" for e in clash) or max(e.end for e in clash) >= end:
                        continue
                    start = max(e.end for e in clash)
                    start += len(text[start:end]) - len(text[start:end].lstrip())
                expression = self._resolve(
                    text, start, end, result, now, reference, keep_unresolved, bool(clash)
                )
                if expression is not None:
                    found.append(expression)
        if reference is not None:
            found.extend(_overnight(text, reference, found))
        return sorted(found, key=lambda e: e.start)

    def _parse_near_cues(self, sentence: str, now: datetime) -> list[tuple[int, Any]]:
        """Recognizers' results with where their piece starts in the sentence: it reads windows
        around the sentence's cues, 40 % of its characters and 46 % of its time on the 1,536 reports
        of bench/pipeline.py. The whole sentence again when a result reaches a window's cut edge:
        the window may have cut the expression (4 % of sentences)."""
        found: list[tuple[int, Any]] = []
        for start, end in _cue_windows(sentence):
            results = self._model.parse(sentence[start:end], now)
            if any(
                (r.start == 0 and start > 0) or (r.end + 1 >= end - start and end < len(sentence))
                for r in results
            ):
                return [(0, result) for result in self._model.parse(sentence, now)]
            found.extend((start, result) for result in results)
        return found

    def _resolve(
        self,
        text: str,
        start: int,
        end: int,
        result: Any,
        now: datetime,
        reference: date | None,
        keep_unresolved: bool,
        trimmed: bool,
    ) -> TimeExpression | None:
        """One Recognizers result as a `TimeExpression`; `trimmed` when its open-period word
        belongs to an event-relative expression before it."""
        if result.type_name.rsplit(".", 1)[-1] not in _DATE_KINDS or _not_a_date(text, start, end):
            return None
        values: list[dict[str, str]] = (result.resolution or {}).get("values", [])
        vague = re.match(r"(?:early|late|mid)[\s-]+", text[start:end], re.IGNORECASE)
        if not values and vague:  # "early Friday": Recognizers finds it but gives no value
            inner = self._model.parse(text[start + vague.end() : end], now)
            values = next(
                (
                    (r.resolution or {}).get("values", [])
                    for r in inner
                    if r.type_name.endswith(("date", "datetime"))
                ),
                [],
            )
        if not values or _BORN_BEFORE.search(text, max(0, start - 12), start):
            return None
        precision = _precision(values[0].get("timex", ""))
        if precision is None:  # seasons, "now", "recently"
            return None
        modifier = values[0].get("Mod") if values[0].get("Mod") in _OPEN_PERIODS and not trimmed else None
        if modifier in ("after", "before") and "T" in values[0].get("timex", ""):
            modifier = None  # "shortly after 9 p.m. Sunday": a time on that day, which dates the event
        before = _WORD_BEFORE_OPEN_PERIOD.search(text, max(0, start - 10), start)
        if modifier is None and before and not trimmed:
            modifier, start = _OPEN_PERIOD_WORDS[before.group(1).lower()], before.start()
        if modifier is not None and _WHEN_AFTER.match(text, end):
            modifier = None  # "since last December, when a bomb killed ...": the date of that bombing
        phrase = " ".join(text[start:end].lower().split())
        absolute = bool(_YEAR_IN_TEXT.search(phrase))
        if reference is None and not absolute:
            return (
                TimeExpression(text[start:end], start, end, None, None, precision, "unresolved")
                if keep_unresolved
                else None
            )
        readings = [r for r in (_reading(v, precision) for v in values) if r is not None]
        if not readings:
            return None
        first, last = _pick(readings, reference)
        if reference is not None and not absolute:
            try:
                first, last, precision = _publication_fixes(phrase, first, last, precision, reference)
            except OverflowError:  # a week or weekend past year 1 or 9999: no date on the calendar
                return None
        return TimeExpression(
            text[start:end],
            start,
            end,
            first,
            last,
            precision,
            "absolute" if absolute else "publication",
            modifier=modifier,
        )


_HEAD_LINES = 6
"""Lines at a report's start where its URL, headline and dateline stand."""
_URL_LINE = re.compile(r"\s*(?:https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)
_SLASH_BEFORE = re.compile(r"/\s*$")
_SLASH_AFTER = re.compile(r"\s*/")
_LINE_WORD = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
_URL_YEAR_MONTH = re.compile(r"/\s*((?:19|20)\d\d)\s*[/-]\s*(0?[1-9]|1[0-2])\s*[/-]")
# Words a dateline holds besides its date: "Posted on", "Last Updated :", "| Updated 9 : 01 AM EDT".
_DATELINE_WORDS = frozenset(
    [
        "posted",
        "published",
        "updated",
        "update",
        "last",
        "article",
        "on",
        "at",
        "am",
        "pm",
        "a",
        "p",
        "m",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "ist",
        "et",
        "pt",
        "ct",
        "edt",
        "est",
        "cdt",
        "cst",
        "mdt",
        "mst",
        "pdt",
        "pst",
        "akdt",
        "akst",
        "hst",
    ]
)
_DATELINE_LENGTH = 100


def _day_first_if_url_says_so(written: str, read: date, head: str) -> date:
    """ "11/09/2010" read month first is 9 November; a URL at the report's head filed under
    "/2010/09/" says the outlet writes the day first (ECB+: a Dutch blog's dateline put a September
    shooting in November, weeks apart from every other report of it)."""
    if not _NUMERIC_DATE.fullmatch(written.strip()) or read.day > 12 or read.day == read.month:
        return read  # not "A/B/YYYY", or not ambiguous
    swapped = date(read.year, read.day, read.month)
    filed = {
        (int(year), int(month))
        for start, end in url_lines(head)
        for year, month in _URL_YEAR_MONTH.findall(head, start, end)
    }
    if (read.year, read.month) in filed or (swapped.year, swapped.month) not in filed:
        return read
    return swapped


def _head_end(text: str) -> int:
    """Where the report's first `_HEAD_LINES` lines with words end."""
    end = 0
    for _ in range(_HEAD_LINES):
        end = text.find("\n", end) + 1
        if not end:
            return len(text)
        while text.startswith("\n", end):
            end += 1
    return end


def url_lines(text: str) -> list[tuple[int, int]]:
    """Where the lines that are web addresses (spaced out by a tokeniser or not) start and end."""
    spans, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if _URL_LINE.match(text, start, end):
            spans.append((start, end))
        start = end + 1
    return spans


def _line(text: str, expression: TimeExpression) -> tuple[int, int]:
    start = text.rfind("\n", 0, expression.start) + 1
    end = text.find("\n", expression.end)
    return start, len(text) if end < 0 else end


def _in_url(text: str, expression: TimeExpression) -> bool:
    """ "…com/2013/03/17/riots-erupt…" (spaced out or not), or any date on a line that is a URL."""
    start, _ = _line(text, expression)
    return bool(
        _URL_LINE.match(text, start)
        or (
            _SLASH_BEFORE.search(text, max(0, expression.start - 3), expression.start)
            and _SLASH_AFTER.match(text, expression.end)
        )
    )


def _on_dateline(text: str, expression: TimeExpression) -> bool:
    """A short line at the report's head with nothing but the date, a time and a label ("Posted on",
    "| Updated 9:01 AM EDT"): the dateline of the report, not the date of its events."""
    start, end = _line(text, expression)
    if end - start > _DATELINE_LENGTH or expression.start >= _head_end(text):
        return False
    return _stamp_words_only(
        _LINE_WORD.findall(text[start : expression.start] + " " + text[expression.end : end])
    )


def _stamp_words_only(words: list[str]) -> bool:
    """Whether every word is a stamp's label or a calendar word ("Posted", "Updated", "Thursday")."""
    return all(word.lower() in _DATELINE_WORDS or _CALENDAR_WORD.fullmatch(word) for word in words)


def is_time_stamp(text: str) -> bool:
    """Whether a piece of a report has nothing but dates, clock times and a stamp's labels: "[ Update
    12:22 a.m ET Thursday ]" stamps the report, wherever it stands, and dates no event (GVDB: the
    San Bernardino shooting of a Wednesday had been dated by its report's Thursday update)."""
    words = _LINE_WORD.findall(text)
    return bool(words) and _stamp_words_only(words)


_BEFORE_BRACKETED = re.compile(r"\(\s*$")
_AFTER_BRACKETED_DATELINE = re.compile(r"\s*\)\s*[–—-]")


def _bracketed_dateline(text: str, expression: TimeExpression) -> bool:
    """ "INDIANAPOLIS, Ind. (Dec. 10, 2015) – Police are investigating ...": a wire dateline within
    the text (a report's lines may run together) is the report's day, not its event's: GVDB's
    Indianapolis shootings had been dated by it ahead of their "10:50 p.m. Wednesday", and two
    shootings of two nights in one city were one."""
    return bool(
        _BEFORE_BRACKETED.search(text, max(0, expression.start - 3), expression.start)
        and _AFTER_BRACKETED_DATELINE.match(text, expression.end)
    )


def _dates_the_report(text: str, expression: TimeExpression) -> bool:
    return (
        _in_url(text, expression) or _on_dateline(text, expression) or _bracketed_dateline(text, expression)
    )


@functools.cache
def _default_annotator() -> DateAnnotator:
    return DateAnnotator()


def find_time_expressions(text: str, reference: date | None) -> list[TimeExpression]:
    """`DateAnnotator.find` with one annotator per process, for scripts and notebooks."""
    return _default_annotator().find(text, reference)


def weekday_of(text: str) -> int | None:
    """The weekday an expression names, Monday 0 to Sunday 6 ("early Friday" 4), so that reports
    without a publication date can still be matched on the weekday they give."""
    match = re.search(rf"\b(?:{_WEEKDAY})\b", text, re.IGNORECASE)
    return (
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(match.group(0)[:3].lower()) if match else None
    )


_SPACED_DATE_PUNCTUATION = re.compile(
    r"\b(?P<month>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \.|(?P<day>\d) ,(?= \d{4}\b)", re.IGNORECASE
)


def _closed_up(text: str) -> str:
    """Tokenised text's dates as Recognizers reads them: "Oct . 21 , 2011" (ECB+, other corpora of
    tokens) is read as a bare "Oct" of the year before the report and a year apart. The space moves
    after the stop or comma ("Oct.  21,  2011"), so every character keeps its offset."""
    return _SPACED_DATE_PUNCTUATION.sub(
        lambda m: f"{m.group('month')}. " if m.group("month") else f"{m.group('day')}, ", text
    )


def _cued_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences (with their offsets) that contain a date cue: Recognizers costs ~70 µs per
    character, and most news sentences name no date. Without the whitespace around them:
    Recognizers misplaces what it finds after leading whitespace ("s on friday ev")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.group(0).startswith(".") and _ABBREVIATION.search(
            text, max(0, boundary.start() - 5), boundary.start() + 1
        ):
            continue  # "Lt. Gen.", "Dec. 17", "U.S."
        spans.append(_trimmed(text, start, boundary.end()))
        start = boundary.end()
    spans.append(_trimmed(text, start, len(text)))
    sentences = [(start, text[start:end]) for start, end in spans]
    return [(start, sentence) for start, sentence in sentences if _CUE.search(sentence)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at its ends."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def _cue_windows(sentence: str) -> list[tuple[int, int]]:
    """Spans of the sentence from `_CUE_MARGIN` characters before each cue to as many after it,
    widened to whole words, trimmed of whitespace, overlapping ones joined."""
    windows: list[tuple[int, int]] = []
    for cue in _CUE.finditer(sentence):
        start, end = max(0, cue.start() - _CUE_MARGIN), min(len(sentence), cue.end() + _CUE_MARGIN)
        start = sentence.rfind(" ", 0, start) + 1 if start > 0 else 0
        end = len(sentence) if (space := sentence.find(" ", end)) < 0 else space
        start, end = _trimmed(sentence, start, end)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


_SUB_EXTRACTIONS_LIMIT = 2_000  # a sentence needs ≈ 50; the table never holds much
_sub_extractions: dict[tuple[str, str, tuple[Any, ...], tuple[tuple[str, Any], ...]], Any] = {}


def _share_sub_extractions(model: Any) -> None:
    """Let Recognizers' extractors reuse each other's work: 59 → 18 ms CPU per news article, the same
    expressions (checked on the 1,536 reports of bench/pipeline.py).

    Its date, duration, time and number extractors call one another, and each of its 100-odd
    extractor objects runs the same nested extraction again on the same text (per sentence ~40 number
    extractions for ~3 distinct texts). Each extractor's `extract` is wrapped, on the object, with a
    lookup keyed by its structure (copies built alike share results) and its arguments; callers may
    edit what they get, so each gets a deep copy. Recognizers keeps one model per process, so this
    runs once per process; the table is emptied when it grows past a bound.
    """
    seen: set[int] = set()
    fingerprints: dict[int, str | None] = {}
    pending = [model]
    while pending:
        node = pending.pop()
        if id(node) in seen or not type(node).__module__.startswith("recognizers_"):
            continue
        seen.add(id(node))
        attributes = vars(node) if hasattr(node, "__dict__") else {}
        method = getattr(type(node), "extract", None)
        if (
            callable(method)
            and "extract" not in attributes
            and list(inspect.signature(method).parameters)[1:2] == ["source"]
        ):
            node.extract = _shared(method.__get__(node), _fingerprint(node, fingerprints))
        for value in attributes.values():
            if isinstance(value, (list, tuple)):
                pending.extend(value)
            elif isinstance(value, dict):
                pending.extend(value.values())
            else:
                pending.append(value)


def _shared(extract: Callable[..., Any], fingerprint: str) -> Callable[..., Any]:
    def shared_extract(source: str, *args: Any, **options: Any) -> Any:
        key = (fingerprint, source, args, tuple(sorted(options.items())))
        found = _sub_extractions.get(key)
        if found is None:
            if len(_sub_extractions) >= _SUB_EXTRACTIONS_LIMIT:
                _sub_extractions.clear()
            found = _sub_extractions[key] = extract(source, *args, **options)
        return [] if found == [] else _copied(found)  # most find nothing

    return shared_extract


_IMMUTABLE = (str, int, float, bool, type(None))


def _copied(found: Any) -> Any:
    """A copy the caller may edit. Nearly all results are flat (offsets, text, type, a string of
    data): those are copied one level, the rest deeply. `copy.deepcopy` of every result had been 11 %
    of reading dates (profiled); over the 1,536 reports of bench/pipeline.py, 14.4 -> 13.7 ms CPU per
    report, the same expressions found."""
    if not isinstance(found, list):
        return copy.deepcopy(found)
    copies = []
    for result in found:
        attributes = getattr(result, "__dict__", None)
        if attributes is not None and all(type(value) in _IMMUTABLE for value in attributes.values()):
            twin = copy.copy(result)
        else:
            twin = copy.deepcopy(result)
        copies.append(twin)
    return copies


_DIRECT_CALLS = ("search", "match", "fullmatch", "finditer", "findall", "split")


def _call_compiled_patterns_directly() -> None:
    """Give Recognizers' modules a `regex` whose search/match/finditer/... call a compiled pattern's
    own method: 18 → 15.5 ms per article, the same expressions. `regex.search(pattern, text)` looks
    the compiled pattern up again (locale, flags, a caught KeyError) about 200 times per sentence.
    Anything else goes to `regex`.
    """
    import regex

    compiled = type(regex.compile(""))

    def direct(name: str) -> Callable[..., Any]:
        function = getattr(regex, name)

        def call(pattern: Any, string: Any, *args: Any, **options: Any) -> Any:
            if args or options or type(pattern) is not compiled:
                return function(pattern, string, *args, **options)
            return getattr(pattern, name)(string)

        return call

    shim = types.SimpleNamespace(**vars(regex))
    for name in _DIRECT_CALLS:
        setattr(shim, name, direct(name))
    for name, module in list(sys.modules.items()):
        if name.startswith("recognizers_") and getattr(module, "regex", None) is regex:
            vars(module)["regex"] = shim


def _fingerprint(node: Any, known: dict[int, str | None]) -> str:
    """What an extractor is made of (its patterns, settings and parts), as a digest; an object of
    unknown make counts only as itself."""
    if isinstance(node, (str, int, float, bool, bytes, type(None))):
        return repr(node)
    if hasattr(node, "pattern") and hasattr(node, "flags"):
        return f"re({node.pattern!r}, {node.flags})"
    if isinstance(node, (list, tuple)):
        return "[" + ", ".join(_fingerprint(item, known) for item in node) + "]"
    if isinstance(node, (set, frozenset)):
        return "{" + ", ".join(sorted(_fingerprint(item, known) for item in node)) + "}"
    if isinstance(node, dict):
        return (
            "{"
            + ", ".join(f"{_fingerprint(k, known)}: {_fingerprint(v, known)}" for k, v in node.items())
            + "}"
        )
    if id(node) in known:
        return known[id(node)] or f"cycle@{id(node)}"
    known[id(node)] = None
    if hasattr(node, "__dict__") and type(node).__module__.startswith("recognizers_"):
        parts = ", ".join(f"{k}={_fingerprint(v, known)}" for k, v in sorted(vars(node).items()))
        body = f"{type(node).__module__}.{type(node).__qualname__}({parts})"
    else:
        body = f"{type(node).__qualname__}@{id(node)}"
    digest = hashlib.sha1(body.encode()).hexdigest()
    known[id(node)] = digest
    return digest


def _not_a_date(text: str, start: int, end: int) -> bool:
    """Recognizers readings that, in news text, are measurably not dates."""
    words = text[start:end]
    phrase = " ".join(words.lower().split())
    if words.islower() and _CALENDAR_WORD.fullmatch(words):  # "thousands march", "may be"
        return True
    if phrase == "the day" or _NUMERIC_NO_YEAR.fullmatch(phrase) or _PERIOD_BACK_FROM_NOW.match(phrase):
        return True
    if _BARE_ORDINAL_DAY.fullmatch(phrase) and _NOUN_AFTER_ORDINAL.match(text, end):
        return True  # an ordinal of a floor, a time, an anniversary
    if _SUB_DAY_OFFSET.search(phrase):  # "an hour later": hangs on an event, finer than a day
        return True
    if (
        re.fullmatch(_WEEKDAY, phrase)
        and text[max(0, start - 4) : start].lower() == "the "
        and _NAME_AFTER_WEEKDAY.match(text, end)
    ):
        return True  # "the Sunday Times"
    if re.fullmatch(r"\d{4}", phrase):  # a bare year, or a count, street number, ...
        return (
            not _YEAR_IN_TEXT.fullmatch(phrase)
            or bool(_COUNT_WORDS_BEFORE.search(text, max(0, start - 16), start))
            or bool(
                _COUNT_NOUN_AFTER.match(text, end, end + 30) or _NOT_A_YEAR_AFTER.match(text, end, end + 40)
            )
        )
    return False


def _precision(timex: str) -> str | None:
    """The precision a TIMEX3 value states: "2024-12" a month, "XXXX-WXX-5" a day, "2025-W17" a week."""
    core = timex.strip("()").split(",", 1)[0].split("T", 1)[0]
    for precision, pattern in (
        ("day", _DAY_TIMEX),
        ("week", _WEEK_TIMEX),
        ("month", _MONTH_TIMEX),
        ("year", _YEAR_TIMEX),
    ):
        if pattern.fullmatch(core):
            return precision
    return None


def _reading(value: dict[str, str], precision: str) -> tuple[date, date] | None:
    """One Recognizers reading as inclusive (first, last) dates; for an open period, the period it names."""
    try:
        if "value" in value:
            day = date.fromisoformat(value["value"][:10])
            return day, day
        if "start" not in value or "end" not in value:  # "since last July", "before 2020": one side only
            if "start" not in value:
                return _period(date.fromisoformat(value["end"][:10]), precision)
            day = date.fromisoformat(value["start"][:10])
            if value.get("Mod") == "after" and value.get("sourceEntity") == "datetimerange":
                day -= timedelta(days=1)  # "after July" starts on 1 August
            return _period(day, precision)
        first = date.fromisoformat(value["start"][:10])
        if precision == "day" and not value.get("timex", "").startswith("("):
            return first, first  # "Friday morning": a time range within one day
        last = date.fromisoformat(value["end"][:10])
        if not value.get("timex", "").startswith("("):
            last -= timedelta(days=1)  # Recognizers' period ends are exclusive, its explicit ranges' not
        return first, max(first, last)
    except (KeyError, ValueError, OverflowError):  # "not resolved", or a period past year 1 or 9999
        return None


def _pick(readings: list[tuple[date, date]], reference: date | None) -> tuple[date, date]:
    """The latest reading not after the reference; the earliest if all are after it."""
    if reference is None:
        return readings[0]
    past = [r for r in readings if r[0] <= reference]
    return max(past) if past else min(readings)


def _publication_fixes(
    phrase: str, first: date, last: date, precision: str, reference: date
) -> tuple[date, date, str]:
    """Corrections that need the reference date (see `DateAnnotator`)."""
    if _EARLIER_THIS.match(phrase):
        return first, reference, precision
    if "weekend" in phrase and first > reference and not _FUTURE.search(phrase):
        return first - timedelta(days=7), last - timedelta(days=7), precision
    ago = _AGO.search(phrase)
    if ago:
        coarser = {"day": "week", "week": "month", "month": "year", "year": "year"}
        unit = ago.group("unit")
        precision = coarser[unit] if ago.group("count") in _VAGUE_COUNT else unit
        first, last = _period(first, precision)
        return first, min(last, reference), precision
    return first, last, precision


def _period(day: date, precision: str) -> tuple[date, date]:
    """The day, week (Monday to Sunday), month or year containing `day`."""
    if precision == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if precision == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _event_relative(text: str) -> list[TimeExpression]:
    """ "a day after", "two days earlier", "the next day": offsets from an event named nearby."""
    found = []
    for match in _EVENT_RELATIVE.finditer(text):
        if match.group("same"):
            days, precision = 0, "day"
        elif match.group("side"):
            unit = match.group("side_unit").lower()
            days = (7 if unit == "week" else 1) * (
                1 if match.group("side").lower() in ("next", "following") else -1
            )
            precision = "week" if unit == "week" else "day"
        else:
            count = match.group("count").lower()
            if match.group("plural") and count == "the":
                continue  # "the days after": how many is not said
            amount = int(count) if count.isdigit() else _NUMBER_WORDS.get(count, 1)
            unit = match.group("unit").lower()
            sign = 1 if match.group("direction").lower() in ("after", "later") else -1
            days, precision = sign * amount * (7 if unit == "week" else 1), unit
        found.append(
            TimeExpression(
                match.group(0), match.start(), match.end(), None, None, precision, "event", offset_days=days
            )
        )
    return found


def _overnight(text: str, reference: date, found: list[TimeExpression]) -> list[TimeExpression]:
    """ "overnight" alone is the night before a morning report: the publication day. Next to a date
    ("overnight on Thursday") it adds nothing."""
    extra = []
    for match in _OVERNIGHT.finditer(text):
        if any(e.start - 12 < match.end() and match.start() < e.end + 12 for e in found):
            continue
        extra.append(
            TimeExpression(
                match.group(0), match.start(), match.end(), reference, reference, "day", "publication"
            )
        )
    return extra
