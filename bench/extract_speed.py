"""Articles per second for annotate + extract, and where the time goes.

Usage: .venv/bin/python bench/extract_speed.py [--articles N]
Reads real news from ../shared (GVDB shootings, GeoVirus, TR-News, the seeds), repeating the corpus
when N is larger, and times each part on this machine: spaCy alone (the floor), the date
recogniser, place finding and resolution, and event-mention extraction.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import xml.etree.ElementTree as ET
from datetime import date
from itertools import cycle, islice
from pathlib import Path

from eventwire.annotate import AnnotatedArticle, Annotator, PlaceSpan
from eventwire.annotate.geocode import find_toponyms, resolve_toponyms
from eventwire.extract.mentions import extract_mentions
from eventwire.model import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"


def corpus() -> list[Article]:
    articles = []
    for line in (SHARED / "data" / "gvdb" / "dev.json").read_text().splitlines():
        record = json.loads(line)
        text = " ".join(" ".join(sentence) for sentence in record["full_text"])
        year, month, day = (int(part) for part in record["date"][:10].split("-"))
        articles.append(Article.create(text, "jsonl", published=date(year, month, day)))
    for name in ("GeoVirus.xml", "TR-News.xml"):
        for node in ET.parse(SHARED / "data" / "geoparsing" / name).getroot().iter("text"):
            if node.text:
                articles.append(Article.create(node.text, "xml"))
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        articles.append(Article.create(path.read_text(), "text"))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    base = corpus()
    articles = list(islice(cycle(base), args.articles))
    started = time.perf_counter()
    annotator = Annotator.load()
    load = time.perf_counter() - started

    timings: dict[str, float] = {}

    def timed(name: str, start: float) -> None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

    start = time.perf_counter()
    docs = list(annotator.nlp.pipe((a.text for a in articles), batch_size=64))
    timed("spacy (nlp.pipe)", start)
    mentions = 0
    for article, doc in zip(articles, docs, strict=True):
        start = time.perf_counter()
        times = annotator.dates.find(article.text, article.published)
        timed("dates (Recognizers)", start)
        start = time.perf_counter()
        spans = find_toponyms(doc, annotator.gazetteer)
        places = resolve_toponyms(article.text, [(s, e) for s, e, _ in spans], annotator.gazetteer)
        timed("places (find + resolve)", start)
        start = time.perf_counter()
        annotated = AnnotatedArticle(
            article, doc, times, [PlaceSpan(s, e, t, p) for (s, e, t), p in zip(spans, places, strict=True)]
        )
        mentions += len(extract_mentions(annotated))
        timed("extract mentions", start)
    total = sum(timings.values())
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"articles: {len(articles)} ({len(base)} distinct), {words / len(articles):.0f} words each on average"
    )
    print(
        f"model load: {load:.1f} s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    for name, seconds in timings.items():
        print(
            f"  {name:26s} {seconds:7.1f} s  {len(articles) / seconds:8.1f} articles/s  {100 * seconds / total:5.1f} %"
        )
    print(f"annotate + extract: {len(articles) / total:.1f} articles/s on one process; {mentions} mentions")
    print(f"ratio to the spaCy floor: {total / timings['spacy (nlp.pipe)']:.2f}x")


if __name__ == "__main__":
    main()
