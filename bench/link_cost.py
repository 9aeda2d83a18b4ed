"""Linking cost per new mention as the store grows: 1k, 10k, 100k stored events.

Usage: .venv/bin/python bench/link_cost.py [--sizes 1000 10000 100000] [--probe 200] [--span-days N]
Fills a SQLite store with synthetic linked mentions (60 countries, the ACLED types), then times the
link stage (linking plus rewriting the changed event records) for `--probe` new mentions. Blocking by
date window × country × type must keep the cost flat; the target is at most 1.5x slower per mention
at 100k than at 1k.

Each synthetic report is set in a town of its country (the towns of a country lie within 5 degrees of
its centre), may name a victim, and uses 40 English words drawn by their frequency rank, so that the
approximate index of names and rare words is searched as a real store's would be.

Two ways a store grows, both printed: by time (a steady news rate, 100k events over ten years, so a
smaller store covers a shorter span: the same number of events per country and week) and by density
(every size spread over the same ten years, so each date window holds 100x more candidates at 100k).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from wordfreq import top_n_list

from eventwire import pipeline
from eventwire.model import Actor, Article, DateValue, EventMention, EventType, Place, PlaceMention
from eventwire.store import open_store
from eventwire.store.database import _mention_values, name_rows
from eventwire.store.schema import ArticleRow, EventMemberRow, MentionNameRow, MentionRow
from eventwire.words import term_weight

TYPES = [
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Protests", "Peaceful protest"),
    ("Violence against civilians", "Attack"),
    ("Strategic developments", "Arrests"),
]
COUNTRIES = [f"C{n:02d}" for n in range(60)]
CENTRES = {country: ((n % 10) * 12.0 - 54.0, (n // 10) * 60.0 - 150.0) for n, country in enumerate(COUNTRIES)}
WORDS = [word for word in top_n_list("en", 30_000) if word.isalpha() and len(word) > 3]
WORD_WEIGHTS = [1.0 / (rank + 50) for rank in range(len(WORDS))]


TEN_YEARS = 3650


def synthetic(rng: random.Random, number: int, span_days: int) -> tuple[Article, EventMention]:
    article = Article.create(f"synthetic report {number} {rng.random()}", "text")
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(span_days))
    country = rng.choice(COUNTRIES)
    latitude, longitude = CENTRES[country]
    town = number % 5000
    place = Place(
        f"Town {town}",
        "town",
        geonameid=10_000_000 + town,
        country=country,
        lat=latitude + rng.uniform(-5, 5),
        lon=longitude + rng.uniform(-5, 5),
    )
    kind = rng.choice(TYPES)
    victim = f"Person{number}" if rng.random() < 0.3 else None
    mention = EventMention(
        article_id=article.id,
        index=0,
        kind="main",
        type=EventType(*kind),
        date=DateValue(day, day, "day"),
        place=PlaceMention(place.name, place),
        actors=(Actor(victim, "victim"),) if victim else (),
        names=(f"town{town}", *([victim.lower()] if victim else [])),
        terms=tuple(dict.fromkeys(rng.choices(WORDS, WORD_WEIGHTS, k=40))),
    )
    return article, mention


def fill(store_url: str, size: int, span_days: int, rng: random.Random) -> None:
    with open_store(store_url) as store, store.engine.begin() as connection:
        rows = [synthetic(rng, n, span_days) for n in range(size)]
        connection.execute(
            insert(ArticleRow),
            [
                {
                    "id": a.id,
                    "content_hash": a.content_hash,
                    "text": a.text,
                    "raw_format": "text",
                    "minhash": b"",
                }
                for a, _ in rows
            ],
        )
        connection.execute(
            insert(MentionRow),
            [_mention_values(m) for _, m in rows],
        )
        connection.execute(
            insert(MentionNameRow),
            [row for _, m in rows for row in name_rows(m)],
        )
        connection.execute(
            insert(EventMemberRow),
            [
                {
                    "mention_id": m.id,
                    "event_id": f"ev-{m.id}",
                    "linked_to": None,
                    "score": None,
                    "signals": {},
                }
                for _, m in rows
            ],
        )


def probe(store_url: str, count: int, span_days: int, rng: random.Random) -> float:
    with open_store(store_url) as store:
        for n in range(count):
            article, mention = synthetic(rng, 10_000_000 + n, span_days)
            store.add_article(article)
            store.save_mentions(article.id, [mention], version=0)
        started = time.perf_counter()
        linked = pipeline.link(store)
        elapsed = time.perf_counter() - started
    assert linked == count
    return elapsed / count


def measure(sizes: list[int], count: int, span: Callable[[int], int]) -> dict[int, float]:
    results = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            url = f"sqlite:///{Path(scratch) / 'link.db'}"
            fill(url, size, span(size), random.Random(size))
            results[size] = probe(url, count, span(size), random.Random(1))
        print(f"{size:>8} stored events: {1000 * results[size]:7.2f} ms per new mention", flush=True)
    smallest, largest = min(results), max(results)
    print(f"growth {largest} vs {smallest}: {results[largest] / results[smallest]:.2f}x (target ≤ 1.5x)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--probe", type=int, default=200)
    args = parser.parse_args()
    # What every linking process loads once (word rarities for content similarity) stays out of the
    # first size's time per mention.
    term_weight("warm-up")
    rate = max(args.sizes) / TEN_YEARS
    print(f"store grows with time ({rate:.1f} events a day, as {max(args.sizes)} over ten years):")
    measure(args.sizes, args.probe, lambda size: max(1, round(size / rate)))
    print("store grows in density (every size over the same ten years):")
    measure(args.sizes, args.probe, lambda size: TEN_YEARS)


if __name__ == "__main__":
    main()
