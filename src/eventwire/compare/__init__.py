"""Comparison: one merged `Event` from its mentions, field by field, with every source's value.

For each field the consensus is the value most sources support (the more precise one on a tie),
and each alternative gets a verdict against it: "agrees" (the same, or a coarser compatible
value), "refines" (more precise and compatible: "Balashikha" against "Moscow Oblast"), or
"disputes" (incompatible: "in the heart of Moscow" against Balashikha; a car bomb against a bomb in
a scooter). Places use the gazetteer (containment, distance), dates their precision, counts ranges.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from eventwire.annotate.gazetteer import Gazetteer
from eventwire.link.signals import NEARBY_KM, _floating_matches
from eventwire.model import (
    Actor,
    Alternative,
    Article,
    DateValue,
    Event,
    EventMention,
    Evidence,
    FieldComparison,
    MergeLink,
    Place,
    Quantity,
    SourceRef,
)

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_PLACE_RANK = {"town": 0, "district": 1, "region": 2, "country": 3, "continent": 4}
_NEAR_WORDS = re.compile(
    r"\b(?:near|outside|outskirts|suburb|close to|miles|km|kilomet\w*|north|south|east|west|region|area)\b",
    re.I,
)
# Methods that are kinds of another: a car bomb is an IED.
METHOD_PARENTS = {"car bomb": "IED", "scooter bomb": "IED", "suicide bomb": "IED", "drone": "air strike"}

Claim = tuple[str, Any, Evidence | None]  # (article id, value, evidence)


def compare_event(
    event_id: str, members: Sequence[tuple[EventMention, MergeLink]], articles: dict[str, Article]
) -> Event:
    mentions = [m for m, _ in members]
    fields = {
        "type": _compare(
            [(m.article_id, (m.type.event_type, m.type.sub_event_type), m.type.evidence) for m in mentions],
            _type_verdict,
        ),
        "date": _compare(_date_claims(mentions), _date_verdict, rank=_date_rank),
        "place": _compare(_place_claims(mentions), _place_verdict, key=_place_key, rank=_place_rank),
        "fatalities": _compare(
            [(m.article_id, m.killed, m.killed_evidence) for m in mentions if m.killed],
            _count_verdict,
            key=_count_key,
        ),
        "method": _compare(
            [(m.article_id, m.method, m.method_evidence) for m in mentions if m.method],
            _method_verdict,
            rank=_method_rank,
        ),
        "actors": _compare(_victim_claims(mentions), _victim_verdict),
    }
    kind = fields["type"].consensus or ("", "")
    date_value = fields["date"].consensus
    place_value = fields["place"].consensus
    return Event(
        id=event_id,
        event_type=kind[0],
        sub_event_type=kind[1],
        date=date_value if isinstance(date_value, DateValue) else None,
        place=place_value[0] if place_value else None,
        fatalities=fields["fatalities"].consensus,
        actors=_actors(mentions),
        sources=tuple(_source(articles.get(a), a) for a in dict.fromkeys(m.article_id for m in mentions)),
        fields=fields,
        mentions=tuple(mentions),
        links=tuple(link for _, link in members),
    )


def _source(article: Article | None, article_id: str) -> SourceRef:
    if article is None:
        return SourceRef(article_id, None, None, None)
    return SourceRef(article_id, article.outlet, article.url, article.published)


def _compare(
    claims: list[Claim],
    verdict: Callable[[Any, Any], str],
    *,
    key: Callable[[Any], Hashable] = lambda value: value,
    rank: Callable[[Any], Any] = lambda value: 0,
) -> FieldComparison:
    """Group equal values, pick the consensus (most sources, then most precise), judge the rest."""
    groups: dict[Hashable, tuple[Any, list[str], list[Evidence]]] = {}
    for article_id, value, evidence in claims:
        value_key = key(value)
        _first, sources, evidences = groups.setdefault(value_key, (value, [], []))
        if article_id not in sources:
            sources.append(article_id)
        if evidence and evidence not in evidences:
            evidences.append(evidence)
    if not groups:
        return FieldComparison(None, ())
    # Sources that state the value itself come first (a country containing everything must not win
    # over the town most reports name), then sources that do not contradict it, then precision.
    compatible = {
        k: sum(len(other[1]) for other in groups.values() if verdict(other[0], groups[k][0]) != "disputes")
        for k in groups
    }
    consensus_key = min(
        groups, key=lambda k: (-len(groups[k][1]), -compatible[k], rank(groups[k][0]), str(k))
    )
    consensus = groups[consensus_key][0]
    alternatives = tuple(
        Alternative(value, tuple(sources), verdict(value, consensus), tuple(evidences))
        for value, sources, evidences in groups.values()
    )
    return FieldComparison(consensus, alternatives)


def _type_verdict(value: tuple[str, str], consensus: tuple[str, str]) -> str:
    return "agrees" if value == consensus else "disputes"


def _date_claims(mentions: list[EventMention]) -> list[Claim]:
    claims: list[Claim] = []
    for m in mentions:
        if m.date:
            claims.append(
                (m.article_id, DateValue(m.date.start, m.date.end, m.date.precision), m.date_evidence)
            )
        elif m.date_text:
            claims.append((m.article_id, m.date_text, m.date_evidence))
    return claims


def _date_rank(value: Any) -> tuple[int, int]:
    return (1, 9) if isinstance(value, str) else (0, _PRECISION_RANK.get(value.precision, 9))


def _date_verdict(value: Any, consensus: Any) -> str:
    if isinstance(value, str) or isinstance(consensus, str):
        dated = consensus if isinstance(value, str) else value
        floating = value if isinstance(value, str) else consensus
        if isinstance(dated, str):
            return "agrees" if dated == floating else "disputes"
        return "disputes" if _floating_matches(floating, dated) is False else "agrees"
    if (value.start, value.end) == (consensus.start, consensus.end):
        return "agrees"
    if value.start <= consensus.end and consensus.start <= value.end:
        return "refines" if (value.end - value.start) < (consensus.end - consensus.start) else "agrees"
    return "disputes"


def _place_claims(mentions: list[EventMention]) -> list[Claim]:
    claims: list[Claim] = []
    for m in mentions:
        for mention in (m.place, *m.other_places):
            if mention and mention.place:
                claims.append((m.article_id, (mention.place, mention.text), mention.evidence))
    return claims


def _place_key(value: tuple[Place, str]) -> Hashable:
    return value[0].geonameid or value[0].name


def _place_rank(value: tuple[Place, str]) -> int:
    return _PLACE_RANK.get(value[0].precision, 9)


def _place_verdict(value: tuple[Place, str], consensus: tuple[Place, str]) -> str:
    place, words = value
    target = consensus[0]
    if _place_key(value) == _place_key(consensus):
        return "agrees"
    if Gazetteer.contains(place, target):
        return "agrees"  # a coarser place that contains the consensus
    if Gazetteer.contains(target, place):
        return "refines"
    distance = Gazetteer.distance_km(place, target)
    if (
        place.precision == "town"
        and distance is not None
        and distance <= NEARBY_KM
        and _NEAR_WORDS.search(words)
    ):
        return "agrees"  # "near Moscow", "20 miles east of Moscow"
    return "disputes"


def _count_key(value: Quantity) -> Hashable:
    return (value.low, value.high)


def _count_verdict(value: Quantity, consensus: Quantity) -> str:
    if (value.low, value.high) == (consensus.low, consensus.high):
        return "agrees"
    high, consensus_high = (
        value.high if value.high is not None else 10**9,
        consensus.high if consensus.high is not None else 10**9,
    )
    if value.low <= consensus_high and consensus.low <= high:
        return "refines" if (high - value.low) < (consensus_high - consensus.low) else "agrees"
    return "disputes"


def _method_rank(value: str) -> int:
    return 0 if value in METHOD_PARENTS else 1


def _method_verdict(value: str, consensus: str) -> str:
    if value == consensus or METHOD_PARENTS.get(consensus) == value:
        return "agrees"
    if METHOD_PARENTS.get(value) == consensus:
        return "refines"
    return "disputes"


def _victim_claims(mentions: list[EventMention]) -> list[Claim]:
    return [
        (m.article_id, actor.name.split()[-1], actor.evidence)
        for m in mentions
        for actor in m.actors
        if actor.role == "victim"
    ]


def _victim_verdict(_value: str, _consensus: str) -> str:
    """Victims add up: a victim one report names and another does not is not a contradiction."""
    return "agrees"


def _actors(mentions: list[EventMention]) -> tuple[Actor, ...]:
    """Victims and the arrested by surname, with the fullest name and first title; claimed
    perpetrators before unknown."""
    people: dict[tuple[str, str], Actor] = {}
    perpetrators: dict[str, Actor] = {}
    for m in mentions:
        for actor in m.actors:
            if actor.role in ("victim", "target"):
                key = (actor.role, actor.name.split()[-1].lower())
                known = people.get(key)
                if known is None or len(actor.name) > len(known.name) or (actor.title and not known.title):
                    people[key] = Actor(
                        max(actor.name, known.name if known else "", key=len),
                        actor.role,
                        title=(known.title if known else None) or actor.title,
                        evidence=actor.evidence,
                    )
            elif actor.name != "unknown":
                perpetrators.setdefault(actor.name, actor)
    if not perpetrators:
        perpetrators["unknown"] = Actor("unknown", "perpetrator")
    return (*people.values(), *perpetrators.values())
