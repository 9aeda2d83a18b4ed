"""Linking: mentions of the same real-world event, across reports, become one event.

Incremental: each new mention is compared only with the candidates the store's indexes give for
its date window, country and event type, and joins the best compatible event or starts one.
A mention that fits two events bridges them: they are merged unless their members conflict, so the
result does not depend on which report of an event arrived first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from eventwire.link.signals import (
    COMPATIBLE_TYPES,
    CONTENT_WEIGHT,
    DATES_WEEKS_APART,
    SAME_CONTENT,
    SAME_CONTENT_OTHER_TYPE,
    VICTIMS_DIFFER,
    LinkScore,
    content_vector,
    cosine,
    names_apart,
    regions_apart,
    score_pair,
    types_compatible,
    weak_type,
    years_apart,
)
from eventwire.model import EventMention
from eventwire.store import Link, Store

__all__ = ["LinkScore", "link_pending", "score_pair"]

Match = tuple[str, EventMention, LinkScore]
DISPUTED_SHARE = 0.2
"""Share of report pairs that may conflict between events whose reports say much the same together."""
SAME_CONTENT_DISPUTED = 0.6
"""Cosine of two events' reports taken together from which every pair of them may conflict, but for
named victims and dates weeks apart: the share of pairs that may conflict grows from DISPUTED_SHARE
at SAME_CONTENT to all at this cosine (ECB+ topics 1-35: B3 F1 0.737 -> 0.762, precision 0.952 ->
0.949; the merge audit unchanged)."""
SAME_CONTENT_CLEAN = 0.4
"""Cosine of two events' reports taken together at which they are one when no field of theirs
conflicts (ECB+ topics 1-35: B3 F1 0.64 -> 0.72 against SAME_CONTENT alone, precision 0.98 -> 0.96)."""
OTHER_TYPE_MARGIN = SAME_CONTENT_OTHER_TYPE - SAME_CONTENT
"""How much more a kind of event read differently needs in common."""
KNOWN_MENTIONS = 20_000
"""Decoded candidates kept during a linking run (≈ 100 MB), so that a long run stays bounded."""


def _compatible_types(event_type: str) -> list[str]:
    types = {event_type}
    for pair in COMPATIBLE_TYPES:
        if event_type in pair:
            types |= pair
    return sorted(types)


def _matching_events(mention: EventMention, groups: dict[str, list[EventMention]]) -> list[Match]:
    """Events the mention may join, best first: a link to some member and no hard conflict with any,
    or much the same content as the members together (see `_events_alike`)."""
    matches = []
    for event_id, members in sorted(groups.items()):
        scores = [(member, score_pair(mention, member)) for member in members]
        member, score = max(scores, key=lambda item: (not item[1].reason, item[1].score))
        reasons = [score.reason for _, score in scores]
        if score.compatible and not any(reasons):
            matches.append((event_id, member, score))
        elif similarity := _events_alike([mention], members, reasons):
            _, weight, signals = _content_link(member.id, similarity)
            matches.append((event_id, member, LinkScore(weight, True, signals)))
    return sorted(matches, key=lambda match: (-match[2].score, match[0]))


def _events_alike(
    first: list[EventMention], second: list[EventMention], reasons: list[str] | None = None
) -> float | None:
    """The cosine of two events' reports taken together when they say much the same (else None):
    each report tells part of an event, and a report may share more with all the others than with
    any one of them. They must share a name and a year (when both date anything), and a kind of
    event read differently (by the reports read surely) needs more. Where a field of some report
    pairs conflicts (`reasons`, the pairs' conflicts, when the caller has scored them), it is a
    dispute within one event from SAME_CONTENT on, for a share of the pairs that grows with the
    cosine (`_tolerated_share`); with no conflict at all and no region that sets them apart,
    SAME_CONTENT_CLEAN is enough."""
    if names_apart(first, second) or years_apart(first, second):
        return None
    similarity = cosine(_combined(first), _combined(second)) or 0.0
    surely_first, surely_second = _surely_typed(first), _surely_typed(second)
    if not (surely_first or surely_second):
        surely_first, surely_second = first, second  # no sure reading on either side: the weak ones
    other_kind = any(not types_compatible(a, b) for a in surely_first for b in surely_second)
    extra = OTHER_TYPE_MARGIN if other_kind else 0.0
    if similarity < SAME_CONTENT_CLEAN + extra:
        return None  # below either bar: no need to score every pair of reports
    if reasons is None:
        reasons = [score_pair(a, b).reason for a in first for b in second]
    if _too_many_conflicts(reasons, _tolerated_share(similarity - extra)):
        return None
    clean = not any(reasons) and not regions_apart(first, second)
    return similarity if clean or similarity >= SAME_CONTENT + extra else None


def _surely_typed(mentions: list[EventMention]) -> list[EventMention]:
    """The reports whose kind of event is read surely: an event's kind is what they say, and a report
    read weakly as another kind asks no margin of the whole event (ECB+ topics 1-35: B3 F1 0.762 ->
    0.772, precision 0.949 -> 0.944). An event whose reports are all read weakly asks none of an
    event read surely either; only between two such events do the weak readings decide (B3 F1
    0.777 -> 0.797, precision 0.946 -> 0.940, with `weak_type` asking the rules and the classifier to
    agree; the merge audit unchanged)."""
    return [mention for mention in mentions if not weak_type(mention)]


def _tolerated_share(similarity: float) -> float:
    """How many of the report pairs may conflict between events whose reports say this much the same
    (beyond any margin for kinds of event read differently): the more they say alike, the surer a
    field read differently is a dispute within one event (a place named in passing, a date of the
    report taken for the event's) rather than a second event. See SAME_CONTENT_DISPUTED."""
    alike = (similarity - SAME_CONTENT) / (SAME_CONTENT_DISPUTED - SAME_CONTENT)
    return DISPUTED_SHARE + min(1.0, max(0.0, alike)) * (1.0 - DISPUTED_SHARE)


def _content_link(report_id: str, similarity: float) -> Link:
    """Why an event joined another on what their reports say together: the report it is linked to
    (the one whose arrival made them alike, else the other event's first), and the weighted cosine."""
    weight = round(CONTENT_WEIGHT * similarity, 3)
    return report_id, weight, {"event content": weight}


def _combined(mentions: list[EventMention]) -> dict[str, float]:
    """The sum of the reports' unit content vectors: each report counts once, however long."""
    combined: dict[str, float] = {}
    for mention in mentions:
        vector = content_vector(mention)
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        for word, weight in vector.items():
            combined[word] = combined.get(word, 0.0) + weight / norm
    return combined


def _conflict(first: list[EventMention], second: list[EventMention]) -> bool:
    """Whether any pair of the two groups' reports conflicts (one report's two mentions always do)."""
    return any(score_pair(a, b).reason for a in first for b in second)


def _too_many_conflicts(reasons: list[str], tolerated: float) -> bool:
    """Whether report pairs conflict beyond the `tolerated` share: where the reports taken together
    say much the same, a field that one report reads differently is a dispute within the event (the
    record keeps it), not a second event. One report's two mentions are never one event, and other
    named victims or dates weeks apart (another round of the event) weigh as heavily however much
    the reports say alike (DISPUTED_SHARE)."""
    if "same article" in reasons:
        return True
    other_rounds = sum(reason in (VICTIMS_DIFFER, DATES_WEEKS_APART) for reason in reasons)
    conflicts = sum(bool(reason) for reason in reasons)
    return other_rounds > DISPUTED_SHARE * len(reasons) or conflicts > tolerated * len(reasons)


def link_pending(store: Store) -> int:
    """Link every mention not yet in an event; returns how many were linked."""
    linked = 0
    known: dict[str, EventMention] = {}  # candidates read so far in this run
    encounters = _Encounters()
    for mention in store.unlinked_mentions():
        if len(known) > KNOWN_MENTIONS:
            known.clear()
        groups = store.link_candidates(mention, _compatible_types(mention.type.event_type), known=known)
        known[mention.id] = mention
        matches = _matching_events(mention, groups)
        absorbed: dict[str, Link] = {}  # events merged into this one, with why each joined
        if not matches:
            event_id = f"ev-{mention.id}"
            store.link_mention(mention.id, event_id)
        else:
            event_id, member, score = matches[0]
            merged = [*groups[event_id], mention]
            for other_id, _, other_score in matches[1:]:
                # A report that fits two events bridges them, unless they conflict or their reports
                # date them in different years (it cannot tell two rounds of a fight apart).
                if not years_apart(merged, groups[other_id]) and not _conflict(merged, groups[other_id]):
                    absorbed[other_id] = (mention.id, other_score.score, other_score.signals)
                    merged.extend(groups[other_id])
            # An event that says much the same as the grown one joins it too (also one the report
            # fits but could not bridge): the result must not depend on whether the report that
            # ties them arrived before or after the others.
            for other_id, others in sorted(groups.items()):
                if other_id == event_id or other_id in absorbed:
                    continue
                if similarity := _events_alike(merged, others):
                    absorbed[other_id] = _content_link(mention.id, similarity)
                    merged.extend(others)
            store.link_mention(mention.id, event_id, (member.id, score.score, score.signals), absorbed)
            encounters.grow(event_id, list(absorbed))
        encounters.meet(event_id, groups.keys() - {event_id, *absorbed})
        linked += 1
    _settle(store, encounters, known)
    return linked


@dataclass
class _Encounters:
    """Which events met which in one linking run (one was a candidate of a report that went to the
    other), and how often each has grown since; a pair was compared as the two stood when they met."""

    growth: dict[str, int] = field(default_factory=dict)
    met: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def grow(self, event_id: str, absorbed: list[str]) -> None:
        """`event_id` grew, also by the `absorbed` events: it has met what they met, as it was not."""
        self.growth[event_id] = self.growth.get(event_id, 0) + 1
        mine = self.met.setdefault(event_id, {})
        for other_id in absorbed:
            self.growth.pop(other_id, None)
            for neighbour in self.met.pop(other_id, {}):
                theirs = self.met.setdefault(neighbour, {})
                theirs.pop(other_id, None)
                if neighbour != event_id:
                    mine[neighbour] = theirs[event_id] = (-1, -1)
            mine.pop(other_id, None)

    def meet(self, event_id: str, others: Iterable[str]) -> None:
        for other_id in others:
            now = (self.growth.get(event_id, 0), self.growth.get(other_id, 0))
            self.met.setdefault(event_id, {})[other_id] = now
            self.met.setdefault(other_id, {})[event_id] = (now[1], now[0])

    def changed_since_met(self, event_id: str) -> list[str]:
        """The events met that either side has grown since they were compared."""
        mine = self.growth.get(event_id, 0)
        return sorted(
            other_id
            for other_id, then in self.met.get(event_id, {}).items()
            if then != (mine, self.growth.get(other_id, 0))
        )


def _settle(store: Store, encounters: _Encounters, known: dict[str, EventMention]) -> None:
    """After a run, each event that grew is checked again against the events it met on the way, as
    it now stands: an event that a later report made say much the same as another, after the
    reports that found both had been linked, joins it. Without it the result of a run depends on
    the order its reports arrived in (ECB+ topics 1-35: 8 such pairs left apart in one order,
    others in another). Only pairs met in this run and changed since are compared: an earlier
    run left its events settled, and what a new report meets is what can have changed."""
    pending = sorted(encounters.growth)
    while pending:
        event_id = pending.pop(0)
        if event_id not in encounters.growth:
            continue  # absorbed meanwhile
        neighbours = encounters.changed_since_met(event_id)
        if not neighbours:
            continue
        events = store.event_members([event_id, *neighbours], known)
        members, absorbed = events.get(event_id, []), {}
        for other_id in neighbours:
            others = events.get(other_id, [])
            if members and others and (similarity := _events_alike(members, others)):
                absorbed[other_id] = _content_link(members[0].id, similarity)
                members = [*members, *others]
        if absorbed:
            store.merge_events(event_id, absorbed)
            encounters.grow(event_id, list(absorbed))
            pending.append(event_id)  # grown again: what it meets may now be alike too
        encounters.meet(event_id, [n for n in neighbours if n not in absorbed])
