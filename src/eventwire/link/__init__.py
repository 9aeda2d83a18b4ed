"""Linking: mentions of the same real-world event, across reports, become one event.

The events are a function of the reports, not of the order they arrived in: best-first
agglomerative clustering over the graph of reports that could be one event (their neighbours).
Each new report's neighbours come from the store's indexes (date window × country × type, near its
place, and the names and rare words it uses), never a scan; the events of its connected region of
that graph are clustered again from their reports and rewritten where they changed. Regions are
what the indexes join, a few dozen reports for an event and its look-alikes, so the cost per report
stays flat as the store grows; an old event of SETTLED_EVENT reports or more is kept as it is and only grows.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from eventwire.link.signals import (
    ARRESTED_DIFFER,
    COMPATIBLE_TYPES,
    CONTENT_WEIGHT,
    DATES_WEEKS_APART,
    NEARBY_KM,
    SAME_CONTENT,
    SAME_CONTENT_OTHER_TYPE,
    TOLL_FELL,
    VICTIMS_DESCRIBED_DIFFER,
    VICTIMS_DIFFER,
    LinkScore,
    content_vector,
    cosine_of_lengths,
    is_local,
    names_apart,
    place_relation,
    regions_apart,
    score_pair,
    tells_no_violence,
    types_compatible,
    weak_type,
    years_apart,
)
from eventwire.model import EventMention
from eventwire.store import Link, Membership, Store

__all__ = ["LinkScore", "link_pending", "score_pair"]

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
NEIGHBOUR_CONTENT = 0.25
"""Cosine from which two reports that do not conflict are neighbours even when they cannot merge on
their own: events are compared only along neighbours, events alike as a whole (from
SAME_CONTENT_CLEAN) have such a pair of reports, and a report left alone joins only a neighbouring
event. A lone report may resemble an event's reports together more than any one of them: ECB+ topics
1-35 B3 F1 0.833 at 0.3, 0.839 at 0.25 and at 0.2 (linking 9.6 -> 10.9 s of CPU). Before lone
reports joined events, every floor from 0.0 to 0.3 gave the same events; at 0.3 the largest region
was 33 reports, at 0.1 nearly all 877."""
LONE_REPORT_CONTENT = 0.3
"""Cosine of a report left alone against an event's reports taken together from which it joins the
event it resembles most, when no report of that event conflicts with it (see
`_Clustering._attach_lone_reports`); 0.25 gives the same ECB+ score within 0.001."""
LONE_NEWS_CONTENT = 0.28
"""The same for a lone report that names no act of violence (a coach fired, a star in rehab): ECB+
topics 1-35 B3 F1 0.9244 -> 0.9270, precision unchanged (a running back placed on injured reserve
and Mark Felt's death join their events); at 0.25 a report of the 2008 Harry Winston robbery joined
the 2013 Paris one. For every lone report at 0.28, a report of an Adair County shooting joined
Herbert Lattin's death (TR-News): a report of violence keeps LONE_REPORT_CONTENT. The merge audit
and GVDB unchanged."""
LONE_REPORT_DISPUTED = 0.35
"""The same when fewer than half of the event's reports conflict with it (a place or a date read
differently): at LONE_REPORT_CONTENT, ECB+ 0.820, but a Milwaukee report of a 28-year-old man shot
joined the shootings of a woman and of a Popeyes robbery the same day. From 0.4 to 0.35 (lone reports
joining in rounds): B3 F1 0.878 -> 0.883, precision 0.948 -> 0.947; the merge audit and GVDB's
multi-report events unchanged."""
SURELY_READ_ROUNDS = (DATES_WEEKS_APART, VICTIMS_DESCRIBED_DIFFER)
"""What tells another round of an event (another day, other people) read surely: the day of the
event, and the sex and age of a victim. Names, places, years and kinds of event may be misread or
told in passing (ECB+: the mother and the sister of one double murder each named alone, a year of
the background)."""
OTHER_ROUNDS = (VICTIMS_DIFFER, ARRESTED_DIFFER, TOLL_FELL, *SURELY_READ_ROUNDS)
"""What tells another round: also other named victims, other people arrested (ECB+ 35: two
Chargers players' drink-driving arrests a month apart, B3 F1 0.858 -> 0.864, precision 0.936 -> 0.948),
or far fewer dead in a later report (GVDB: a liquor-store shooting and the Inland Regional Center's)."""
LONE_REPORT_SURE = 0.45
"""The same from which the event's reports may read any field differently but a round read surely,
even the year, a named victim, or for most of them (see `_nearest_event`); another kind of event asks
the margin two events do. ECB+ topics 1-35 B3 F1 0.839 -> 0.858 (recall 0.759 -> 0.793, precision
0.938 -> 0.936; 0.863 without the margin for kinds); at 0.4 two Milwaukee shootings of December 2015
joined January ones told in one outlet's template (GVDB), from 0.42 to 0.5 none."""
REGION_LIMIT = 2_000
"""Reports a region may hold: beyond it the region is cut (its far end is clustered when a report
there arrives), so that no stream of look-alike events makes one report cost the whole store."""
SETTLED_EVENT = 50
"""Reports from which an old event is settled: a run does not cluster its reports again (each new
report would cost the square of its size: 2 s for one of 300), but it still gains reports and joins
other events as one. Below it (every ECB+ event) the events do not depend on arrival order."""
KNOWN_MENTIONS = 20_000
"""Decoded candidates kept during a linking run (≈ 100 MB), so that a long run stays bounded."""


def _compatible_types(event_type: str) -> list[str]:
    types = {event_type}
    for pair in COMPATIBLE_TYPES:
        if event_type in pair:
            types |= pair
    return sorted(types)


def _events_alike(
    first: list[EventMention], second: list[EventMention], pairs: _Pairs, reasons: list[str] | None = None
) -> float | None:
    """The cosine of two events' reports taken together when they say much the same (else None):
    each report tells part of an event, and a report may share more with all the others than with
    any one of them. They must share a name and a year (when both date anything), and a kind of
    event read differently (by the reports read surely) needs more. Where a field of some report
    pairs conflicts (`reasons`, the pairs' conflicts, when the caller has scored them), it is a
    dispute within one event from SAME_CONTENT on, for a share of the pairs that grows with the
    cosine (`_tolerated_share`); with no conflict at all and no region that sets them apart,
    SAME_CONTENT_CLEAN is enough. `pairs` keeps each group's combined content for the region."""
    if names_apart(first, second) or years_apart(first, second):
        return None
    similarity = pairs.alike(first, second)
    extra = _kind_margin(first, second)
    if similarity < SAME_CONTENT_CLEAN + extra:
        return None  # below either bar: no need to score every pair of reports
    if reasons is None:
        reasons = [score_pair(a, b).reason for a in first for b in second]
    # A report with a mention in each: where the two events' reports say much the same, the
    # extractor split one event the report tells of (a later paragraph recalling it as if it were
    # another), and the event keeps both mentions (ECB+ topics 1-35: B3 F1 0.813 -> 0.833,
    # precision unchanged).
    if _too_many_conflicts(reasons, _tolerated_share(similarity - extra), split_reports=True):
        return None
    clean = not any(reasons) and not regions_apart(first, second)
    return similarity if clean or similarity >= SAME_CONTENT + extra else None


def _in_other_towns(report: EventMention, event: list[EventMention]) -> bool:
    """Whether a report is set in a town or district other than each of the event's reports set in
    one, however near: Point Breeze and Kensington are neighbourhoods of Philadelphia 7 km apart,
    and a shooting told in each is two (GVDB). What a report says alone does not join it there."""
    if not is_local(report) or report.place is None:
        return False
    relations = [
        place_relation(report.place.place, member.place.place)[0]
        for member in event
        if is_local(member) and member.place is not None
    ]
    return bool(relations) and all(relation == "near" for relation in relations)


def _surely_typed(mentions: list[EventMention]) -> list[EventMention]:
    """The reports whose kind of event is read surely: an event's kind is what they say, and a report
    read weakly as another kind asks no margin of the whole event (ECB+ topics 1-35: B3 F1 0.762 ->
    0.772, precision 0.949 -> 0.944). An event whose reports are all read weakly asks none of an
    event read surely either; only between two such events do the weak readings decide (B3 F1
    0.777 -> 0.797, precision 0.946 -> 0.940, with `weak_type` asking the rules and the classifier to
    agree; the merge audit unchanged)."""
    return [mention for mention in mentions if not weak_type(mention)]


def _kind_margin(first: list[EventMention], second: list[EventMention]) -> float:
    """How much more two groups of reports need in common when the reports read surely (or, with
    none on either side, the weak readings) name kinds of event that cannot be one."""
    surely_first, surely_second = _surely_typed(first), _surely_typed(second)
    if not (surely_first or surely_second):
        surely_first, surely_second = first, second  # no sure reading on either side: the weak ones
    other_kind = any(not types_compatible(a, b) for a in surely_first for b in surely_second)
    return OTHER_TYPE_MARGIN if other_kind else 0.0


def _tolerated_share(similarity: float) -> float:
    """How many of the report pairs may conflict between events whose reports say this much the same
    (beyond any margin for kinds of event read differently): the more they say alike, the surer a
    field read differently is a dispute within one event (a place named in passing, a date of the
    report taken for the event's) rather than a second event. See SAME_CONTENT_DISPUTED."""
    alike = (similarity - SAME_CONTENT) / (SAME_CONTENT_DISPUTED - SAME_CONTENT)
    return DISPUTED_SHARE + min(1.0, max(0.0, alike)) * (1.0 - DISPUTED_SHARE)


def _content_join(similarity: float, signal: str = "event content") -> _Join:
    """A join on what the reports say together, resting on no pair of reports (`_merge` links the
    joining event's first report): the weighted cosine, named by what was compared."""
    weight = round(CONTENT_WEIGHT * similarity, 3)
    return _Join(weight, None, {signal: weight})


def _combined(mentions: list[EventMention]) -> tuple[dict[str, float], float]:
    """The sum of the reports' unit content vectors (each report counts once, however long) and
    its length."""
    combined: dict[str, float] = {}
    for mention in mentions:
        vector, length = content_vector(mention)
        for word, weight in vector.items():
            combined[word] = combined.get(word, 0.0) + weight / (length or 1.0)
    return combined, math.sqrt(sum(weight * weight for weight in combined.values()))


def _too_many_conflicts(reasons: list[str], tolerated: float, split_reports: bool = False) -> bool:
    """Whether report pairs conflict beyond the `tolerated` share: where the reports taken together
    say much the same, a field that one report reads differently is a dispute within the event (the
    record keeps it), not a second event. Other named victims or dates weeks apart (another round of
    the event) weigh as heavily however much the reports say alike (DISPUTED_SHARE). One report's
    two mentions are never one event, unless `split_reports`: then they count as any other
    conflict (see `_events_alike`)."""
    if "same article" in reasons and not split_reports:
        return True
    conflicts = sum(bool(reason) for reason in reasons)
    return _rounds_apart(reasons) or conflicts > tolerated * len(reasons)


def _rounds_apart(reasons: list[str], rounds: tuple[str, ...] = OTHER_ROUNDS) -> bool:
    """Whether more than DISPUTED_SHARE of the report pairs tell another round of the event."""
    return sum(reason in rounds for reason in reasons) > DISPUTED_SHARE * len(reasons)


def link_pending(store: Store) -> int:
    """Link every mention not yet in an event; returns how many were linked. Each queued mention
    starts alone, so that the indexes find it; then, region by region from the smallest id up, the
    events of the region are clustered again and written where they changed."""
    pending = store.unlinked_mentions()
    store.place_alone(mention.id for mention in pending)
    waiting = {mention.id for mention in pending}
    known: dict[str, EventMention] = {}  # candidates read so far in this run
    for seed in sorted(pending, key=lambda mention: mention.id):
        if seed.id not in waiting:
            continue  # linked in an earlier region of this run
        if len(known) > KNOWN_MENTIONS:
            known.clear()
        pairs = _Pairs()  # regions are apart: what one scored, the next does not ask
        region = _region(store, seed, waiting, known, pairs)
        memberships = _Clustering(region, pairs).run()
        linked = [i for i in region.mentions if i in waiting]
        store.regroup(memberships, linked, region.searched, region.partly_searched)
        waiting -= region.mentions.keys()
    return len(pending)


class _Pairs:
    """Each pair of a region's reports scored once: they meet again as their events grow."""

    def __init__(self) -> None:
        self.scores: dict[tuple[str, str], LinkScore] = {}
        self.groups: dict[tuple[str, ...], tuple[dict[str, float], float]] = {}

    def alike(self, first: list[EventMention], second: list[EventMention]) -> float:
        """The cosine of two groups' reports taken together (0 when either says nothing weighed).
        Each group's combined content is summed once per region: an event meets many neighbours
        as the clustering goes on, and summing and measuring it again each time took an eighth of
        linking the bench corpus (profiled)."""
        return cosine_of_lengths(*self._together(first), *self._together(second)) or 0.0

    def _together(self, mentions: list[EventMention]) -> tuple[dict[str, float], float]:
        key = tuple(mention.id for mention in mentions)
        if key not in self.groups:
            self.groups[key] = _combined(mentions)
        return self.groups[key]

    def score(self, a: EventMention, b: EventMention) -> LinkScore:
        first, second = (a, b) if a.id < b.id else (b, a)
        key = (first.id, second.id)
        if key not in self.scores:
            self.scores[key] = score_pair(first, second)
        return self.scores[key]

    def neighbours(self, a: EventMention, b: EventMention) -> bool:
        """Whether two reports could be one event: no conflict, and a link or much in common."""
        score = self.score(a, b)
        if score.reason:
            return False
        return score.compatible or score.content >= NEIGHBOUR_CONTENT


@dataclass
class _Region:
    """Reports connected through neighbours or a shared event, the neighbour pairs among them, and
    the settled events among them (each its reports' ids with their links)."""

    mentions: dict[str, EventMention] = field(default_factory=dict)
    edges: set[tuple[str, str]] = field(default_factory=set)
    settled: list[list[tuple[str, Link | None]]] = field(default_factory=list)
    searched: dict[str, list[str]] = field(default_factory=dict)
    """The neighbours found of the reports whose neighbours were looked for in this run."""
    partly_searched: dict[str, list[str]] = field(default_factory=dict)
    """The same for reports whose blocks were cut: they are looked for again in each run that meets
    them, since a report the cut left out may be one (otherwise the events would depend on which
    reports the store held when a report was first linked)."""


def _search(
    store: Store, mention: EventMention, known: dict[str, EventMention], pairs: _Pairs
) -> tuple[list[str], bool]:
    """The neighbours of a report among the candidates the store's indexes give, and whether those
    were all the candidates its blocks hold."""
    types = _compatible_types(mention.type.event_type)
    candidates, complete = store.search_candidates(mention, types, known=known, near_km=NEARBY_KM)
    neighbours = sorted(
        other.id
        for members in candidates.values()
        for other in members
        if other.id != mention.id and pairs.neighbours(mention, other)
    )
    return neighbours, complete


def _region(
    store: Store,
    seed: EventMention,
    waiting: AbstractSet[str],
    known: dict[str, EventMention],
    pairs: _Pairs,
) -> _Region:
    """The region of `seed`, up to REGION_LIMIT reports. Whole events enter, so that rewriting the
    region's events never splits one outside it; the reports of a settled event (SETTLED_EVENT, no
    new report in it) do not look for neighbours of their own: new reports find it. A report's
    neighbours are looked for once and kept (`Store.neighbours_of`): a later report that is one
    adds itself."""
    region = _Region()
    arriving = [seed.id]
    while arriving and len(region.mentions) < REGION_LIMIT:
        searching: list[EventMention] = []
        for event_id, members in sorted(store.event_mates(arriving, known).items()):
            entered = [member for member in members if member.id not in region.mentions]
            region.mentions.update((member.id, member) for member in entered)
            if len(members) >= SETTLED_EVENT and not any(member.id in waiting for member in members):
                region.settled.append(sorted(store.event_links(event_id).items()))
            else:
                searching += entered
        stored = store.neighbours_of(m.id for m in searching if m.id not in waiting)
        found: set[str] = set()
        for mention in sorted(searching, key=lambda m: m.id):
            if mention.id in stored:
                neighbours = stored[mention.id]
            else:
                neighbours, complete = _search(store, mention, known, pairs)
                (region.searched if complete else region.partly_searched)[mention.id] = neighbours
            for other_id in neighbours:
                region.edges.add((min(mention.id, other_id), max(mention.id, other_id)))
                if other_id not in region.mentions:
                    found.add(other_id)
        arriving = sorted(found)
    region.edges = {(a, b) for a, b in region.edges if a in region.mentions and b in region.mentions}
    return region


@dataclass(frozen=True)
class _Join:
    """Why two events may be one: the priority of the merge, and the link it writes (the pair of
    reports it rests on, one of each event; None for a link on what the events say together)."""

    score: float
    pair: tuple[str, str] | None
    signals: dict[str, float]


class _Clustering:
    """Best-first agglomerative clustering of one region: the two neighbouring events with the
    strongest join merge first, ties by id, so the result does not depend on arrival order.

    Two events join on a link of two of their reports (score_pair) when no pair of their reports
    conflicts, or on what their reports say together (`_events_alike`). A lone report that could
    join two events bridges them, unless they conflict or date things in different years: it tells
    what they share. Each event's reports form a tree of links to its first: a merge re-roots the
    joining event at the report of the pair and links it to its partner, so every link names the
    two reports and the score it rests on. Then the reports left alone join events in rounds
    (`_attach_lone_reports`), and the events they enlarged merge once more where nothing sets them
    apart (`_clean_join`)."""

    def __init__(self, region: _Region, pairs: _Pairs) -> None:
        self.pairs = pairs
        self.members: dict[str, list[EventMention]] = {i: [m] for i, m in sorted(region.mentions.items())}
        self.owner = {i: i for i in region.mentions}
        self.parent: dict[str, Link | None] = dict.fromkeys(region.mentions)
        for settled in region.settled:  # one event from the start, its links as they are
            first = min(mention_id for mention_id, _ in settled)
            for mention_id, link in settled:
                self.parent[mention_id] = link
                self.owner[mention_id] = first
                if mention_id != first:
                    self.members[first] += self.members.pop(mention_id)
        self.adjacent: dict[str, set[str]] = defaultdict(set)
        for a, b in region.edges:
            self.adjacent[a].add(b)
            self.adjacent[b].add(a)
        self.version: dict[str, int] = dict.fromkeys(self.members, 0)
        # (priority, the two events, their versions when weighed, the join): a join is weighed once
        self.queue: list[tuple[float, str, str, int, int, _Join]] = []

    def run(self) -> dict[str, Membership]:
        self._merge_best_first(self._join)
        while self._attach_lone_reports():
            pass
        self._merge_best_first(self._clean_join)
        memberships: dict[str, Membership] = {}
        for members in self.members.values():
            event_id = "ev-" + min(member.id for member in members)
            for member in members:
                memberships[member.id] = (event_id, self.parent[member.id])
        return memberships

    def _merge_best_first(self, join_of: Callable[[str, str], _Join | None]) -> None:
        """Merge neighbouring events, the strongest join (`join_of`) first, until none is left."""
        for first, second in sorted(
            {
                (min(x, y), max(x, y))
                for a in self.adjacent
                for b in self.adjacent[a]
                if (x := self.owner[a]) != (y := self.owner[b])
            }
        ):
            self._offer(first, second, join_of)
        while self.queue:
            _, a, b, version_a, version_b, join = heapq.heappop(self.queue)
            if (self.version.get(a), self.version.get(b)) != (version_a, version_b):
                continue  # either event has changed (or is gone) since the join was weighed
            bridged = [
                (other, bridge)
                for lone in (a, b)
                if len(self.members[lone]) == 1
                for other in sorted(self._neighbouring(lone) - {a, b})
                if (bridge := join_of(lone, other)) is not None
            ]
            self._merge(a, b, join)
            for other, bridge in bridged:
                if other in self.members and self._may_bridge(a, other):
                    self._merge(a, other, bridge)
            for other in sorted(self._neighbouring(a)):
                self._offer(a, other, join_of)

    def _attach_lone_reports(self) -> bool:
        """Each report left alone joins the neighbouring event of several reports it resembles most,
        when that one allows it (`_nearest_event`); whether any joined. A single report says less
        than an event's reports together, so it meets a lower bar than two events do
        (`_events_alike`): ECB+ topics 1-35 B3 F1 0.759 -> 0.813. Every lone report is weighed
        against the events as the clustering left them, then all join at once, so the result does
        not depend on which report is weighed first. The caller repeats it while reports join: an
        event that gained reports may now be like one still alone (B3 F1 0.864 -> 0.871,
        precision unchanged)."""
        joins = [
            (event, nearest, similarity)
            for event, members in sorted(self.members.items())
            if len(members) == 1 and (found := self._nearest_event(members[0], event)) is not None
            for nearest, similarity in [found]
        ]
        for event, nearest, similarity in joins:
            self._merge(nearest, event, _content_join(similarity, "lone report content"))
        return bool(joins)

    def _nearest_event(self, lone: EventMention, event: str) -> tuple[str, float] | None:
        """The neighbouring event of several reports whose reports together are most like the lone
        report, if it may join: from a cosine of LONE_REPORT_CONTENT when none of its reports
        conflicts with it, of LONE_REPORT_DISPUTED when fewer than half do (and few name other
        victims or date it weeks apart, as between events), sharing a name and a year where both
        use them; from LONE_REPORT_SURE whatever they read differently but another occasion
        (SURELY_READ_ROUNDS). Never in another town than each of them, nor without a name in
        common. A report most like an event it may not join stays alone. Another mention of the
        same report in the event counts as one conflict, not a bar: the extractor split the event
        it tells (ECB+: one report's riot and its recall of the riot, B3 F1 +0.0015)."""
        ranked = sorted(
            (
                (self.pairs.alike([lone], self.members[other]), other)
                for other in self._neighbouring(event)
                if len(self.members[other]) > 1
            ),
            key=lambda item: (-item[0], item[1]),
        )
        if not ranked:
            return None
        similarity, nearest = ranked[0]
        group = self.members[nearest]
        if names_apart([lone], group) or _in_other_towns(lone, group):
            return None
        reasons = [self.pairs.score(lone, member).reason for member in group]
        if similarity >= LONE_REPORT_SURE + _kind_margin([lone], group):
            return None if _rounds_apart(reasons, SURELY_READ_ROUNDS) else (nearest, similarity)
        conflicts = sum(bool(reason) for reason in reasons)
        if _too_many_conflicts(reasons, tolerated=1.0, split_reports=True) or 2 * conflicts >= len(reasons):
            return None  # another round of the event (see there), or too disputed
        if years_apart([lone], group):
            return None
        if conflicts:
            bar = LONE_REPORT_DISPUTED
        else:
            bar = LONE_NEWS_CONTENT if tells_no_violence(lone) else LONE_REPORT_CONTENT
        return (nearest, similarity) if similarity >= bar else None

    def _neighbouring(self, event: str) -> set[str]:
        return {self.owner[n] for m in self.members[event] for n in self.adjacent[m.id]} - {event}

    def _offer(self, a: str, b: str, join_of: Callable[[str, str], _Join | None]) -> None:
        a, b = min(a, b), max(a, b)
        if (join := join_of(a, b)) is not None:
            heapq.heappush(self.queue, (-join.score, a, b, self.version[a], self.version[b], join))

    def _join(self, a: str, b: str) -> _Join | None:
        first, second = self.members[a], self.members[b]
        scored = [(x, y, self.pairs.score(x, y)) for x in first for y in second]
        reasons = [score.reason for _, _, score in scored]
        x, y, best = max(scored, key=lambda item: (not item[2].reason, item[2].score, item[0].id, item[1].id))
        beyond_content = best.signals.get("shared victim") or best.signals.get("date")
        if best.compatible and not any(reasons) and (beyond_content or not years_apart(first, second)):
            return _Join(best.score, (x.id, y.id), best.signals)
        if similarity := _events_alike(first, second, self.pairs, reasons):
            return _content_join(similarity)
        return None

    def _clean_join(self, a: str, b: str) -> _Join | None:
        """Events that the lone reports joining them made alike: no pair of their reports conflicts,
        nothing sets them apart, and their reports together say much the same (SAME_CONTENT, above
        the SAME_CONTENT_CLEAN of the first merges: an event grown by lone reports shares more with
        its look-alikes). ECB+ topics 1-35: B3 F1 0.883 -> 0.886, precision unchanged; at 0.45 and
        0.55 the same."""
        first, second = self.members[a], self.members[b]
        if not self._may_bridge(a, b) or names_apart(first, second) or regions_apart(first, second):
            return None  # a pair in conflict, or years, names or regions apart
        similarity = self.pairs.alike(first, second)
        if similarity < SAME_CONTENT + _kind_margin(first, second):
            return None
        return _content_join(similarity)

    def _may_bridge(self, event: str, other: str) -> bool:
        first, second = self.members[event], self.members[other]
        if years_apart(first, second):
            return False
        return not any(self.pairs.score(x, y).reason for x in first for y in second)

    def _merge(self, keep: str, gone: str, join: _Join) -> None:
        """Fold event `gone` into `keep`; the link goes from `gone`'s report of the pair (re-rooted
        there) to `keep`'s, or from `gone`'s first report to `keep`'s for a link on content."""
        if join.pair is None:
            mine, theirs = self._root(keep), self._root(gone)
        else:
            mine, theirs = join.pair if self.owner[join.pair[0]] == keep else join.pair[::-1]
        self._reroot(theirs)
        self.parent[theirs] = (mine, join.score, dict(join.signals))
        for member in self.members[gone]:
            self.owner[member.id] = keep
        self.members[keep] += self.members.pop(gone)
        del self.version[gone]
        self.version[keep] += 1

    def _root(self, event: str) -> str:
        return next(m.id for m in self.members[event] if self.parent[m.id] is None)

    def _reroot(self, mention_id: str) -> None:
        """Make `mention_id` the first of its event's tree of links, reversing the path to the old first."""
        path = [mention_id]
        while (link := self.parent[path[-1]]) is not None:
            path.append(link[0])
        for child, parent in reversed(list(itertools.pairwise(path))):
            link = self.parent[child]
            assert link is not None
            self.parent[parent] = (child, link[1], link[2])
        self.parent[mention_id] = None
