"""Casualty counts in a sentence: "killing 12 people", "at least 9 dead", "the officer was killed".

Counts are ranges (`Count.low`..`Count.high`, high None when open-ended) so that vague words keep
what they say and sources can be compared. The conventions:

- digits and number words are exact: "twelve" 12..12, "1,200" 1200..1200, "a dozen" 12..12,
  "one"/"a"/"an" 1..1;
- vague words: "a couple" 2, "a few" 2–5, "several" 3–9, "dozens" 24–99, "scores" 40–99,
  "hundreds" 200–999, "thousands" 2000–9999, "tens of thousands" 20000–99999;
- "at least 9" 9..None, "more than 70" / "over 70" 71..None, "up to 50" / "as many as 50" 1..50,
  "fewer than 10" 1..9 (a report of victims implies one), "nearly 100" 90..99; "about",
  "around", "some", "approximately", "roughly", "an estimated" ±10 % (at least ±1): "about 12"
  11..13, "around 90" 81..99.

Regular expressions, not a parse, so that any sentence splitter will do and spaCy is not needed.
The expressions that find counts must know the number words anyway, so reading what they matched
is a table lookup; Recognizers' number model reads "twenty-one" too but gives no range for
"dozens" or "hundreds". Limits: a count separated from its verb by a clause ("12 people, most of
them children, died") is missed; rates ("5000 soldiers a week are dying"), hedges ("could have
killed hundreds"), "casualties" (killed and injured together) and "many" are not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.model import Quantity

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {
    "a couple": (2, 2), "a few": (2, 5), "several": (3, 9), "a dozen": (12, 12), "dozens": (24, 99),
    "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
}  # fmt: skip
_ARTICLES = {"a", "an"}
# A larger number is no casualty count (a misread run of digits, "99999999999 killed"); the cap also
# keeps counts, and the ranges the modifiers build from them, inside the store's 32-bit integer columns.
MAX_COUNT = 1_000_000_000

_NUMBER_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
_NUMBER = (
    r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?(?![\d.,]?\d)"
    rf"|(?:an?\s+)?(?:{_NUMBER_WORD})(?:(?:-|\s+and\s+|\s+)(?:{_NUMBER_WORD}))*"
)
_VAGUE_WORDS = "|".join(v.replace(" ", r"\s+") for v in sorted(_VAGUE, key=len, reverse=True))
_MODIFIER = (
    r"at\s+least|no\s+fewer\s+than|not\s+less\s+than|more\s+than|over|upwards\s+of|up\s+to|as\s+many\s+as|"
    r"fewer\s+than|less\s+than|under|nearly|almost|about|around|some|approximately|roughly|an\s+estimated"
)
# "a" counts only before a person ("killing a man"); "6:20 p.m." and "30-year-old" are no counts
_QUANTITY = rf"(?:(?:{_MODIFIER})\s+)?(?:{_VAGUE_WORDS}|{_NUMBER}|an?)(?![\w-]|[:.,]\d)"
_PEOPLE = (
    r"people|persons?|civilians?|soldiers?|troops|servicem[ae]n|officers?|police(?:m[ae]n|\s+officers?)?|"
    r"policewom[ae]n|personnel|children|child|kids?|boys?|girls?|teenagers?|teens?|babies|baby|infants?|"
    r"m[ae]n|wom[ae]n|adults?|residents?|villagers?|workers?|employees?|staff|passengers?|students?|"
    r"pilgrims?|worshippers?|protest[eo]rs?|demonstrators?|fighters?|militants?|rebels?|insurgents?|"
    r"members?|bystanders?|pedestrians?|journalists?|guards?|migrants?|refugees?|prisoners?|victims?|"
    r"others|relatives|family\s+members|individuals?"
)
_NOT_AN_ADJECTIVE = (
    rf"(?:were|was|are|is|have|has|had|and|or|in|on|at|by|to|for|from|with|that|which|who|whom|than|"
    rf"{_NUMBER_WORD})\b|\d"
)
# "people", "Ukrainian soldiers", "of them" ... up to two words before a word for people
_PEOPLE_PHRASE = rf"(?:\s+of(?:\s+the)?)?(?:\s+(?!{_NOT_AN_ADJECTIVE})[\w'’-]+){{0,2}}?\s+(?:{_PEOPLE})\b"
_AUXILIARY = r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|reportedly|also|later|all|both)\s+)*"
_HURT = r"(?:shot|stabbed|beaten)"  # how the victims were hurt, before what became of them
# "were shot and wounded", "was stabbed and killed"
_HURT_AND = rf"(?:{_HURT}\s+and\s+)?"
# the same only after a passive's auxiliary: "two officers shot and killed a teenager" counts him, not them
_PASSIVE_HURT_AND = rf"(?:(?:(?<=\bwere\s)|(?<=\bwas\s)|(?<=\bbeen\s)){_HURT}\s+and\s+)?"
_KILL_VERBS = r"killed|killing|kills|claiming|assassinated|assassinating|murdered|murdering|slew|slaying"
_INJURE_VERBS = r"injured|injuring|injures|wounded|wounding|wounds|hurt|hurting"
_KILLED_WORDS = (
    rf"killed|dead|died|perished|slain|murdered|executed|shot\s+dead|{_HURT}\s+to\s+death|lost\s+(?:their|his|her)\s+lives?|"
    r"confirmed\s+dead|(?:have|has|had)\s+died|deaths|fatalities|(?:dead\s+)?bodies"
)
_INJURED_WORDS = r"injured|wounded|hurt|hospitali[sz]ed|(?:suffered|sustained)\s+(?:\w+\s+)?injuries|injuries"
_TITLE = r"(?:(?:Lt|Lieut|Gen|Maj|Col|Capt|Sgt|Adm|Cpl|Pvt|Dr|Mr|Mrs|Ms|Prof|Rev|Sen|Rep|Gov|St)\.\s+)"
_NAME = rf"{_TITLE}*[A-Z][\w'’-]+(?:\s+(?:{_TITLE}|[A-Z][\w'’-]+))*"
_DESCRIBED = (
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne)\s+"
    r"(?:(?!(?:the|a|an|was|were|is|are|has|had|of|in|on|at|to|for|from|by|with|and|or|but|that|who|which)\b)"
    r"[\w'’-]+\s+){0,3}?(?!(?:that|who|which)\b)[\w'’-]+"
)
_VICTIM = rf"\b(?:{_DESCRIBED}|{_NAME}|[Hh]e|[Ss]he)"
_NOT_A_VICTIM = re.compile(
    r"In|On|At|As|After|Before|When|While|But|And|The|A|An|It|This|That|There|Police|Officials|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
_RATE = re.compile(r"\s+(?:a|per|each|every)\s+(?:day|week|month|year)\b", re.IGNORECASE)
_HEDGED = re.compile(r"\b(?:could|would|might|may|should|will)\s+(?:have\s+)?$", re.IGNORECASE)
_NONE = re.compile(
    r"\b(?P<q>no\s+one|nobody|none)\s+(?:else\s+)?(?:was|were|has\s+been|had\s+been|is)\s+(?:reported\s+)?"
    r"(?:\w+ly\s+)?(?P<what>(?:hurt|injured|wounded|killed|dead)(?:\s+or\s+(?:hurt|injured|wounded|killed))?)\b"
    r"|\b(?P<what_before>killing|killed|injuring|injured|wounding|wounded|hurting)\s+(?P<q_after>no\s+one|nobody)\b"
    r"|\b(?P<q_no>no\s+(?P<what_noun>casualties|injuries|deaths|fatalities))\b",
    re.IGNORECASE,
)


def _count_after(verbs: str) -> re.Pattern[str]:
    """ "killing 12 people", "wounded around 90", "killing several"."""
    return re.compile(
        rf"\b(?P<verb>{verbs})\s+(?P<q>{_QUANTITY})(?P<victim>{_PEOPLE_PHRASE})?", re.IGNORECASE
    )


def _count_before(words: str) -> re.Pattern[str]:
    """ "12 people were killed", "at least 9 dead", "two dead and 90 wounded", "45 deaths"."""
    return re.compile(
        rf"(?<![\w-])(?P<q>{_QUANTITY})(?P<victim>{_PEOPLE_PHRASE})?\s+{_AUXILIARY}{_PASSIVE_HURT_AND}(?P<verb>{words})\b",
        re.IGNORECASE,
    )


# Up to five lower-case words that are no function word: "state police bomb squad technician"
_BARE_PHRASE = (
    rf"(?:(?!{_NOT_AN_ADJECTIVE}|then\b|later\b|also\b)[a-z][\w'’-]*\s+){{0,4}}"
    rf"(?!{_NOT_AN_ADJECTIVE}|then\b)[a-z][\w'’-]*"
)


def _victim_then_verb(verbs: str) -> re.Pattern[str]:
    """ "the officer was killed", "Kirillov, who was killed", "the driver and his son were wounded",
    "a police officer and bomb squad technician were killed" (the second without its article)."""
    return re.compile(
        rf"(?P<victim>{_VICTIM})(?:\s*,\s*(?:who|[^,]{{1,80}},)|\s+(?:who|that)"
        rf"|\s+and\s+(?P<second>{_VICTIM}|{_BARE_PHRASE}))?"
        rf"\s+(?P<aux>was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?{_HURT_AND}(?P<verb>{verbs})\b"
    )


def _two_after(verbs: str) -> re.Pattern[str]:
    """ "killed a police officer and a bomb technician", "wounding a man and his son": two people,
    each with an article or a possessive; without this, "killed a police officer" counts one."""
    one = rf"(?:(?!{_NOT_AN_ADJECTIVE})[\w'’-]+\s+){{0,3}}(?!{_NOT_AN_ADJECTIVE})[\w'’-]+"
    return re.compile(
        rf"\b(?P<verb>{verbs})\s+(?P<victim>(?:an?|one)\s+{one}\s+and\s+(?:an?|one|his|her|their)\s+{one})",
        re.IGNORECASE,
    )


# In order of trust: a count taken by an earlier pattern is not read again by a later one.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("killed", _two_after(_KILL_VERBS)),
    ("injured", _two_after(_INJURE_VERBS)),
    ("killed", _count_after(_KILL_VERBS)),
    ("injured", _count_after(_INJURE_VERBS)),
    ("killed", _count_before(_KILLED_WORDS)),
    ("injured", _count_before(_INJURED_WORDS)),
    ("killed", re.compile(rf"\b(?P<verb>death\s+toll)\s+(?:\w+\s+){{0,3}}?(?:to|at|of|is|was|reached|hit)\s+(?P<q>{_QUANTITY})", re.I)),
    ("killed", re.compile(rf"\b(?P<verb>(?:deaths|bodies|killing|lives)\s+of)\s+(?P<q>{_QUANTITY})(?P<victim>{_PEOPLE_PHRASE})?", re.I)),
    ("killed", re.compile(rf"\b(?P<verb>claimed|claiming|took|taking)\s+(?P<q>{_QUANTITY})\s+lives\b", re.I)),
    ("killed", re.compile(r"\b(?P<q>an?|one)\s+(?P<verb>dead)\s+(?P<victim>man|woman|person|body|soldier|civilian|child|boy|girl)\b", re.I)),
    ("killed", re.compile(rf"\b(?P<verb>claimed|claiming|took|taking)\s+(?P<victim>{_NAME}['’]s|his|her)\s+life\b")),
    ("killed", _victim_then_verb(r"killed|shot\s+dead|found\s+dead|assassinated|murdered|slain|(?:stabbed|beaten)\s+to\s+death")),
    ("injured", _victim_then_verb(r"injured|wounded|hurt")),
    # named victims after the verb: "killed Lt. Gen. Igor Kirillov and his assistant"
    ("killed", re.compile(
        rf"\b(?P<verb>killed|killing|assassinated|assassinating|murdered|murdering)\s+"
        rf"(?P<victim>{_NAME}(?:\s+and\s+(?:(?:his|her|their)\s+[a-z]+|{_NAME}))?)(?![\w'’-])(?!\s+(?:{_PEOPLE})\b)"
    )),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Count:
    """A count read from a sentence: `low`..`high` (high None when open-ended), the words that
    said it and their character offsets in the sentence given."""

    low: int
    high: int | None
    text: str
    start: int
    end: int

    @property
    def quantity(self) -> Quantity:
        """The count for the data model; offsets into one sentence mean nothing in an `EventMention`."""
        return Quantity(self.low, self.high, self.text)


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    """`kind` is "killed" or "injured"; `victim_text` is what the sentence calls the victims, if anything."""

    kind: str
    count: Count
    victim_text: str | None = None


def parse_quantity(text: str) -> tuple[int, int | None] | None:
    """A count phrase as (low, high), high None when open-ended: "twenty-one" (21, 21), "1,200"
    (1200, 1200), "hundreds" (200, 999), "at least 9" (9, None); None when it is no count."""
    phrase = " ".join(text.lower().split()).removesuffix(" of")
    modifier = re.match(rf"(?:{_MODIFIER})\s+", phrase)
    number = phrase[modifier.end() :] if modifier else phrase
    exact = _VAGUE.get(number) or _exact(number)
    if exact is None or exact[1] > MAX_COUNT:
        return None
    low, high = _modify(exact, " ".join(modifier.group(0).split()) if modifier else None)
    if high is not None and high < 0:
        return None  # "fewer than 0", "nearly 0"
    return max(low, 0), high  # "about 0" is 0..1


def _exact(phrase: str) -> tuple[int, int] | None:
    if phrase in _ARTICLES:
        return 1, 1
    digits = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|thousand))?", phrase)
    if digits:
        value = float(digits.group(1).replace(",", "")) * _SCALES.get(digits.group(2) or "", 1)
        return (int(value), int(value)) if value.is_integer() else None
    words = [w for w in re.split(r"[\s-]+", phrase) if w != "and"]
    if len(words) > 1 and words[0] in _ARTICLES:
        words[0] = "one"  # "a hundred"
    total = current = 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total, current = total + max(current, 1) * _SCALES[word], 0
        else:
            return None
    return (total + current, total + current) if words else None


def _modify(exact: tuple[int, int], modifier: str | None) -> tuple[int, int | None]:
    low, high = exact
    if modifier is None:
        return low, high
    if modifier in ("at least", "no fewer than", "not less than"):
        return low, None
    if modifier in ("more than", "over", "upwards of"):
        return high + 1, None
    if modifier in ("up to", "as many as"):
        return min(1, low), high
    if modifier in ("fewer than", "less than", "under"):
        return min(1, low - 1), low - 1
    margin = max(1, round(low * 0.1))
    if modifier in ("nearly", "almost"):
        return low - margin, low - 1
    return low - margin, high + max(1, round(high * 0.1))


def find_casualties(sentence: str) -> list[CasualtyMention]:
    """Killed and injured counts stated in one sentence, in order of position."""
    found = _no_one(sentence)
    taken = [(m.count.start, m.count.end) for m in found]
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            mention = _read(kind, match, sentence)
            if mention is None or any(mention.count.start < e and s < mention.count.end for s, e in taken):
                continue
            found.append(mention)
            taken.append((mention.count.start, mention.count.end))
    return sorted(found, key=lambda m: (m.count.start, m.kind))


def _read(kind: str, match: re.Match[str], sentence: str) -> CasualtyMention | None:
    """The mention one match states; None for rates, hedges and words that are no count, and for a
    match across a line break: a headline's "... sister killed" and the dateline "10 Jun 2013" or
    "Published: 9 June" below it are no "killed 10" and no victim named Published."""
    if "\n" in match.group() or _HEDGED.search(sentence, 0, match.start("verb")):
        return None
    groups = {name: value for name, value in match.groupdict().items() if value is not None}
    if "q" not in groups:
        return _named(kind, match, sentence, groups)
    if _RATE.match(sentence, match.end()) or _RATE.match(sentence, match.end("q")):
        return None
    quantity = parse_quantity(match.group("q"))
    victim = re.sub(r"^\s*(?:of\s+(?:the\s+)?)?", "", groups.get("victim", "")).strip() or None
    if quantity is None or (match.group("q").lower() in _ARTICLES and victim is None):
        return None  # "killing a" is no count
    count = Count(*quantity, match.group("q"), match.start("q"), match.end("q"))
    return CasualtyMention(kind, count, victim)


def _named(kind: str, match: re.Match[str], sentence: str, groups: dict[str, str]) -> CasualtyMention | None:
    """Victims named or described, not counted: one each ("the officer and his driver" are two)."""
    if _NOT_A_VICTIM.fullmatch(match.group("victim")):
        return None
    people = 2 if "second" in groups or re.search(r"\s+and\s+", match.group("victim")) else 1
    if people == 1 and groups.get("aux", "").startswith(("were", "have")):
        return None  # "civilians were killed": how many is not said
    start = match.start("victim")
    end = match.start("aux") if "aux" in groups else match.end("victim")
    victim = re.sub(r"(?:,?\s*(?:who|that))?[\s,]*$|['’]s$", "", sentence[start:end])
    return CasualtyMention(kind, Count(people, people, victim, start, start + len(victim)), victim)


def _no_one(sentence: str) -> list[CasualtyMention]:
    """ "no one was hurt" (injured 0), "killing no one", "no casualties" (killed 0 and injured 0)."""
    found = []
    for match in _NONE.finditer(sentence):
        name = next(n for n in ("q", "q_after", "q_no") if match.group(n) is not None)
        what = (match.group("what") or match.group("what_before") or match.group("what_noun")).lower()
        count = Count(0, 0, match.group(name), match.start(name), match.end(name))
        for kind, stem in (
            ("killed", r"kill|dead|death|fatalit|casualt"),
            ("injured", r"hurt|injur|wound|casualt"),
        ):
            if re.search(stem, what):
                found.append(CasualtyMention(kind, count))
    return found
