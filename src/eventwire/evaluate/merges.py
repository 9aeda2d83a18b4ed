"""False-merge audit: run news through the pipeline and list every multi-article event.

Two corpora. The geoparsing gold sets (≈ 360 news articles about unrelated events) plus the seeds:
any event with more than one source is printed with the link evidence, for a person to judge. And
the Gun Violence Database's dev reports (400 US local-news reports of shootings, Pavlick et al.
2016): many events of one kind, in the same cities, days apart, told by the same outlets in the same
words, which is where a linker merges what it should not. Its gold marks the victims' names, so
each pair of reports that the linker puts in one event is counted as naming the same victim (one
shooting, told twice), different victims (two shootings, or one with several victims) or no gold
victim on one side (to judge from the listing). Only the reports whose main event it is count: the
gold names the victims of a report's own shooting, not of those it recalls. Since every one of
these reports tells a shooting, it also counts the reports whose main event is read as one.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import itertools
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.evaluate.geo import read_gold
from eventwire.model import Article, Event

SHOOTING_TYPES = frozenset({"Violence against civilians", "Battles"})


def audit_articles(shared: Path) -> list[Article]:
    articles = []
    for path in sorted((shared / "data" / "geoparsing").glob("*.xml")):
        for gold in read_gold(path):
            articles.append(
                Article.create(
                    gold.text, "xml", origin=f"{path.name}:{gold.id}", title=f"{path.stem} {gold.id}"
                )
            )
    return articles


class GvdbFormatError(ValueError):
    """A GVDB file that is not JSON lines of reports; the message names the file and line."""


def read_gvdb(path: Path) -> list[tuple[Article, frozenset[str]]]:
    """The reports (dated by their record's date, their origin "dev.json:<doc_key>") with the names
    of the victims their gold marks (lower case, as written: a full name or a surname)."""
    reports = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = " ".join(" ".join(sentence) for sentence in record["full_text"])
            year, month, day = (int(part) for part in record["date"][:10].split("-"))
            published = date(year, month, day)
            victims = frozenset(
                " ".join(span[3].lower().split())
                for span in record["spans"]
                if span[2] == "VIC-NAME" and span[3].split()
            )
            origin = f"{path.name}:{record['doc_key']}"
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise GvdbFormatError(f"{path}:{number}: not a GVDB report ({exc!r})") from exc
        reports.append((Article.create(text, "jsonl", origin=origin, published=published), victims))
    return reports


def audit_merges(shared: Path, annotator: Any) -> dict[str, Any]:
    articles = audit_articles(shared)
    with _linked(articles, annotator, [str(shared / "seeds")]) as (origins, events):
        merged = _merged(events, origins)
    return {"articles": len(origins), "events": len(events), "multi_article_events": merged}


def audit_shootings(shared: Path, annotator: Any) -> dict[str, Any]:
    """The GVDB audit (see the module's docstring): pairs of reports in one event by gold victims."""
    reports = read_gvdb(shared / "data" / "gvdb" / "dev.json")
    victims_of = {article.origin: victims for article, victims in reports}
    with _linked([article for article, _ in reports], annotator) as (origins, events):
        merged = _merged(events, origins)
    pairs: Counter[str] = Counter()
    for event in events:
        mains = sorted({origins[m.article_id] for m in event.mentions if m.index == 0})
        for first, second in itertools.combinations(mains, 2):
            a, b = victims_of.get(first, frozenset()), victims_of.get(second, frozenset())
            kind = (
                "same victim"
                if _share_a_person(a, b)
                else "different victims"
                if a and b
                else "no gold victim"
            )
            pairs[kind] += 1
    return {
        "articles": len(origins),
        "events": len(events),
        "read_as_shootings": _read_as_shootings(events),
        "pairs": {key: pairs[key] for key in ("same victim", "different victims", "no gold victim")},
        "judged": _judged(events, origins),
        "multi_article_events": merged,
    }


def _read_as_shootings(events: list[Event]) -> int:
    """How many reports' main events are read as the armed violence every GVDB report tells: an
    attack on civilians or an armed clash (not news, a bombing, shelling or an arrest)."""
    return sum(
        mention.index == 0 and mention.type.event_type in SHOOTING_TYPES
        for event in events
        for mention in event.mentions
    )


def _judged_pairs() -> dict[frozenset[str], bool]:
    """Pairs of GVDB reports a person judged one shooting (True) or two (False), by their origins:
    the reports without gold victims that the linker put in one event (`data/gvdb_judged_pairs.json`,
    with the reasons)."""
    table = json.loads(
        (importlib.resources.files(__package__) / "data" / "gvdb_judged_pairs.json").read_text()
    )
    return {
        frozenset(f"dev.json:{key}" for key in pair["reports"]): pair["same_event"] for pair in table["pairs"]
    }


def _judged(events: list[Event], origins: dict[str, str]) -> dict[str, Any]:
    """The judged pairs the linker gets wrong (one shooting apart, two together), and the pairs it
    puts in one event that no one has judged yet. Every report an event holds counts, the ones it
    recalls too: a report merged into another shooting through a killing it recalls is a false
    merge as well."""
    judged = _judged_pairs()
    together: set[frozenset[str]] = set()
    for event in events:
        reports = sorted({origins.get(m.article_id, m.article_id) for m in event.mentions})
        together.update(frozenset(pair) for pair in itertools.combinations(reports, 2))
    return {
        "same shooting": sum(judged.values()),
        "same shooting, apart": sorted(sorted(p) for p, same in judged.items() if same and p not in together),
        "two shootings": sum(not same for same in judged.values()),
        "two shootings, together": sorted(
            sorted(p) for p, same in judged.items() if not same and p in together
        ),
        "unjudged pairs together": sorted(sorted(pair) for pair in together - judged.keys()),
    }


def _share_a_person(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two reports' gold victims include one person: the same name, or a surname alone that
    ends the other's full name ("Jose Guadalupe Gonzalez" and "Joel Gonzalez" are two people)."""
    return any(
        a == b or (" " not in a and b.endswith(" " + a)) or (" " not in b and a.endswith(" " + b))
        for a in first
        for b in second
    )


@contextlib.contextmanager
def _linked(
    articles: list[Article], annotator: Any, inputs: list[str] | None = None
) -> Iterator[tuple[dict[str, str], list[Event]]]:
    """The articles (and `inputs`, read as `eventwire ingest` reads them) extracted and linked in a
    throwaway store: each stored article's origin by id, and the events."""
    from eventwire import pipeline
    from eventwire.store import open_store

    with tempfile.TemporaryDirectory() as scratch, open_store(str(Path(scratch) / "merges.db")) as store:
        for article in articles:
            store.add_article(article)
        if inputs:
            pipeline.ingest(inputs, store)
        pipeline.extract(store, annotator)
        pipeline.link(store)
        yield {a.id: a.origin or a.id for a in store.iter_articles()}, pipeline.events(store)


def _merged(events: list[Event], origins: dict[str, str]) -> list[dict[str, Any]]:
    """Every event with more than one source, with the links that made it and its evidence."""
    merged = []
    for event in events:
        if len(event.sources) < 2:
            continue
        merged.append(
            {
                "event": event.id,
                "sub_event_type": event.sub_event_type,
                "date": event.date.start.isoformat() if event.date else None,
                "place": event.place.name if event.place else None,
                "articles": sorted(origins.get(s.article_id, s.article_id) for s in event.sources),
                "links": [
                    {
                        "mention": link.mention_id,
                        "linked_to": link.linked_to,
                        "score": link.score,
                        "signals": link.signals,
                    }
                    for link in event.links
                    if link.linked_to
                ],
                "evidence": [m.summary.sentence for m in event.mentions if m.summary],
            }
        )
    return merged
