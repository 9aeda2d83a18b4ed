"""Casualty counts from digits, number words and vague quantifiers, as ranges.

Vague words become ranges by a fixed convention ("several" 3–9, "dozens" 24–99, "hundreds"
200–999); "at least 9" is open-ended (high None); "about 90" is ±10 %.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.model import Quantity

_UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_VAGUE = {
    "several": (3, 9),
    "a few": (2, 5),
    "few": (2, 5),
    "some": (2, 9),
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "a couple": (2, 2),
    "many": (10, None),
}
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozens|scores|hundreds|thousands|several|a few|a couple|many)"
)
_MODIFIER = (
    r"(?:(?P<mod>at least|more than|over|nearly|almost|about|around|some|up to|approximately|roughly)\s+)?"
)
_QUANTITY = rf"{_MODIFIER}(?P<num>{_NUMBER})"
_PEOPLE = (
    r"(?:\s+(?:other\s+)?(?:people|persons|civilians|soldiers|officers|children|residents|others|men|women))?"
)
_KILLED_WORDS = r"(?:killed|dead|died|deaths|fatalities|lives)"
_INJURED_WORDS = r"(?:injured|wounded|hurt|injuries|casualties)"
_RATE = re.compile(r"^\s*(?:a|per|each|every)\s+(?:day|week|month|year)\b", re.IGNORECASE)
_PATTERNS = [
    ("killed", re.compile(rf"\b(?:killing|killed|kills|leaving)\s+{_QUANTITY}{_PEOPLE}(?:\s+dead)?\b", re.I)),
    (
        "injured",
        re.compile(
            rf"\b(?:injuring|wounding|injured|wounded|hurting|and)\s+{_QUANTITY}{_PEOPLE}(?=\s+(?:injured|wounded|hurt)|\W|$)",
            re.I,
        ),
    ),
    (
        "killed",
        re.compile(
            rf"\b{_QUANTITY}{_PEOPLE}\s+(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?{_KILLED_WORDS}\b",
            re.I,
        ),
    ),
    (
        "injured",
        re.compile(rf"\b{_QUANTITY}{_PEOPLE}\s+(?:were\s+|have\s+been\s+|was\s+)?{_INJURED_WORDS}\b", re.I),
    ),
    (
        "killed",
        re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}(?:to|at|of|is|was|reached)\s+{_QUANTITY}\b", re.I),
    ),
]
_NO_ONE = re.compile(
    r"\b(?:no\s+one|nobody)\s+(?:else\s+)?(?:was|were)\s+(?:reported\s+)?(?P<kind>hurt|injured|killed)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    kind: str  # "killed" or "injured"
    count: Quantity
    start: int
    end: int


def parse_quantity(words: str) -> tuple[int, int | None] | None:
    """ "twelve" → (12, 12), "1,200" → (1200, 1200), "hundreds" → (200, 999)."""
    text = words.lower().strip()
    if text in _VAGUE:
        return _VAGUE[text]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        value = int(text.replace(",", ""))
        return value, value
    if text in _UNITS:
        return _UNITS[text], _UNITS[text]
    parts = re.split(r"[- ]", text)
    if parts[0] in _TENS:
        value = _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
        return value, value
    return None


def _apply_modifier(low: int, high: int | None, modifier: str | None) -> tuple[int, int | None]:
    if not modifier:
        return low, high
    modifier = modifier.lower()
    if modifier == "at least":
        return low, None
    if modifier in ("more than", "over"):
        return low + 1, None
    if modifier in ("nearly", "almost"):
        return max(0, int(low * 0.9)), low
    if modifier == "up to":
        return 0, high
    return int(low * 0.9), int((high or low) * 1.1 + 0.5)


def find_casualties(sentence: str) -> list[CasualtyMention]:
    """Killed and injured counts stated in a sentence; rates ("5000 soldiers a week") are not counts."""
    found: list[CasualtyMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if _RATE.match(sentence, match.end()) or _RATE.match(sentence[match.end("num") :]):
                continue
            if re.search(r"\b(?:year|years|month)\s*$", sentence[: match.start()], re.I):
                continue
            parsed = parse_quantity(match.group("num"))
            if parsed is None:
                continue
            low, high = _apply_modifier(*parsed, match.group("mod"))
            found.append(
                CasualtyMention(kind, Quantity(low, high, match.group(0)), match.start(), match.end())
            )
            taken.append((match.start(), match.end()))
    for match in _NO_ONE.finditer(sentence):
        kind = "killed" if match.group("kind").lower() == "killed" else "injured"
        found.append(CasualtyMention(kind, Quantity(0, 0, match.group(0)), match.start(), match.end()))
    return sorted(found, key=lambda c: c.start)
