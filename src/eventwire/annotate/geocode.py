"""Resolving place names to gazetteer entries with the article as context.

Population alone picks the wrong Paris; the article's country focus, co-mentioned places, a
"Town, Region" pattern and the kind of entry (country names and adjectives are countries) pick the
right one. Two passes: first each name alone, then again with the document's focus known.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from eventwire.annotate.gazetteer import Candidate, Gazetteer
from eventwire.model import Place

_FEATURE_PRIOR = {"country": 4.0, "continent": 3.5, "region": 1.0, "town": 0.0}
_KIND_PRIOR = {"name": 1.5, "adjective": 1.5, "alternate": 0.0}
_QUALIFIER = re.compile(r"\s*,\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}


def _score(
    candidate: Candidate, siblings: Sequence[Candidate], focus: Counter[str], regions: Counter[str]
) -> float:
    place = candidate.place
    score = (
        math.log10(place.population + 10)
        + _FEATURE_PRIOR.get(place.precision, 0.0)
        + _KIND_PRIOR[candidate.kind]
    )
    if place.precision == "region" and any(
        s.place.precision == "town"
        and s.place.admin1_code == place.admin1_code
        and s.place.country == place.country
        for s in siblings
    ):
        score -= 3.0  # "Moscow", "Kyiv": the city, not the city-region of the same name
    if place.country and focus:
        score += 2.5 * focus[place.country] / max(focus.values())
    if place.admin1_code and regions[f"{place.country}.{place.admin1_code}"]:
        score += 1.0
    return score


def resolve_toponyms(
    text: str, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer, *, focus_country: str | None = None
) -> list[Place | None]:
    """One place (or None) per span, decided together so that each name is context for the others."""
    options = [gazetteer.candidates(text[start:end]) for start, end in spans]
    qualifiers = [_qualifier(text, end, gazetteer) for _, end in spans]
    focus: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    if focus_country:
        focus[focus_country] += 3
    chosen: list[Place | None] = [None] * len(spans)
    for _pass in range(2):
        previous = chosen
        chosen = []
        for index, (candidates, qualifier) in enumerate(zip(options, qualifiers, strict=True)):
            if not candidates:
                chosen.append(None)
                continue
            # Context is what the other names say: a name's own first guess must not vote for itself.
            own = previous[index]
            other_focus, other_regions = focus.copy(), regions.copy()
            if own is not None and own.country:
                other_focus[own.country] -= 1
                other_regions[f"{own.country}.{own.admin1_code}"] -= 1
            other_focus, other_regions = +other_focus, +other_regions
            scored = []
            for candidate in candidates:
                score = _score(candidate, candidates, other_focus, other_regions)
                if qualifier and Gazetteer.contains(qualifier, candidate.place):
                    score += 6.0
                scored.append((score, candidate.place.population, candidate.place))
            chosen.append(max(scored, key=lambda item: (item[0], item[1]))[2])
        focus = Counter(p.country for p in chosen if p and p.country)
        if focus_country:
            focus[focus_country] += 3
        regions = Counter(f"{p.country}.{p.admin1_code}" for p in chosen if p and p.admin1_code)
    return chosen


def _qualifier(text: str, end: int, gazetteer: Gazetteer) -> Place | None:
    """The region or country in "Paris, Texas" / "Balashikha, Moscow Oblast"."""
    match = _QUALIFIER.match(text, end)
    if not match:
        return None
    outer = [
        c.place for c in gazetteer.candidates(match.group(1)) if c.place.precision in ("region", "country")
    ]
    return outer[0] if outer else None


def find_toponyms(doc: Any, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Place-name spans in a spaCy Doc: GPE/LOC/FAC/NORP entities the gazetteer knows.

    The small English model tags some towns as PERSON ("Balashikha", "Kyiv"); a PERSON entity of one
    word that is a known town of ≥ 100,000 people is taken as a place unless it addresses someone.
    """
    found: list[tuple[int, int, str]] = []
    for entity in doc.ents:
        text = entity.text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        start = entity.end_char - len(text)
        candidates = gazetteer.candidates(text) if text else []
        if not candidates:
            continue
        if entity.label_ in PLACE_LABELS:
            if entity.label_ == "NORP" and not any(c.kind == "adjective" for c in candidates):
                continue
            found.append((start, entity.end_char, text))
        elif (
            entity.label_ == "PERSON"
            and len(entity) == 1
            and _is_big_town(candidates)
            and not _vocative(entity)
        ):
            found.append((start, entity.end_char, text))
    return sorted(found + _untagged_places(doc, gazetteer))


def _untagged_places(doc: Any, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Proper nouns the model left untagged ("Russia pounded Kyiv") that name a big town, a region
    or a country in the gazetteer by its own name."""
    found = []
    for token in doc:
        if token.ent_type_ or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        candidates = gazetteer.candidates(token.text)
        known = [c for c in candidates if c.kind == "name"]
        if (
            _is_big_town(known) or any(c.place.precision in ("country", "region") for c in known)
        ) and not _vocative(doc[token.i : token.i + 1]):
            found.append((token.idx, token.idx + len(token.text), token.text))
    return found


def _vocative(entity: Any) -> bool:
    """ "Vladimir, STOP!": a name opening a sentence or quote and followed by a comma addresses a person."""
    doc = entity.doc
    opens = (
        entity.start == entity.sent.start or doc[entity.start - 1].is_quote or doc[entity.start - 1].is_punct
    )
    return bool(opens) and entity.end < len(doc) and doc[entity.end].text == ","


def _is_big_town(candidates: Sequence[Candidate]) -> bool:
    return any(
        c.kind == "name" and c.place.precision == "town" and c.place.population >= 100_000 for c in candidates
    )
