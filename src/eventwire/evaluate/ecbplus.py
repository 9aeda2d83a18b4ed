"""ECB+ document clustering: does each document land in the event of its gold sub-topic?

ECB+ (Cybulska & Vossen 2014) splits each topic into two real events of the same kind
(`N_Mecb.xml` against `N_Mecbplus.xml`). All documents of all topics run through the pipeline
together (ingest → annotate → extract → link, in a throwaway store); each document goes to the
event of its main mention (a document with no event mention is an event of its own). Scores:
B³ F1 (Bagga & Baldwin), V-measure and the adjusted Rand index.
"""

from __future__ import annotations

import math
import random
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from eventwire.model import Article

_NAME = re.compile(r"^(\d+)_\d+(ecbplus|ecb)\.xml$")


class EcbFormatError(ValueError):
    """A file that is not an ECB+ token document; the message names it."""


def read_ecbplus(folder: Path) -> list[tuple[Article, str]]:
    """Documents as articles (no publication dates: ECB+ has none), each with its gold sub-topic."""
    documents = []
    for path in sorted(folder.rglob("*.xml")):
        match = _NAME.match(path.name)
        if not match:
            continue
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            raise EcbFormatError(f"{path}: cannot parse XML: {exc}") from exc
        sentences: dict[str, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(token.get("sentence", "0"), []).append(token.text or "")
        if not sentences:
            raise EcbFormatError(f"{path}: no <token> elements")
        text = "\n".join(" ".join(words) for words in sentences.values())
        article = Article.create(text, "ecbplus", origin=str(path), title=path.stem)
        documents.append((article, f"{match.group(1)}{match.group(2)}"))
    if not documents:
        raise EcbFormatError(f"{folder}: no ECB+ documents (files named N_Mecb.xml / N_Mecbplus.xml)")
    return documents


def _entropy(counts: Counter[Any], total: int) -> float:
    return -sum(n / total * math.log(n / total) for n in counts.values() if n)


def score_clustering(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """B³ precision/recall/F1, V-measure and ARI of one clustering against gold labels."""
    n = len(gold)
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    b3_precision = sum(c * c / predicted_sizes[p] for (_, p), c in pairs.items()) / n
    b3_recall = sum(c * c / gold_sizes[g] for (g, _), c in pairs.items()) / n
    b3_f1 = 2 * b3_precision * b3_recall / (b3_precision + b3_recall) if b3_precision + b3_recall else 0.0
    h_gold, h_pred = _entropy(gold_sizes, n), _entropy(predicted_sizes, n)
    h_gold_given_pred = -sum(c / n * math.log(c / predicted_sizes[p]) for (_, p), c in pairs.items())
    h_pred_given_gold = -sum(c / n * math.log(c / gold_sizes[g]) for (g, _), c in pairs.items())
    homogeneity = 1.0 if h_gold == 0 else 1 - h_gold_given_pred / h_gold
    completeness = 1.0 if h_pred == 0 else 1 - h_pred_given_gold / h_pred
    v_measure = (
        2 * homogeneity * completeness / (homogeneity + completeness) if homogeneity + completeness else 0.0
    )

    def pairs_of(count: int) -> float:
        return count * (count - 1) / 2

    index = sum(pairs_of(c) for c in pairs.values())
    gold_pairs = sum(pairs_of(c) for c in gold_sizes.values())
    predicted_pairs = sum(pairs_of(c) for c in predicted_sizes.values())
    expected = gold_pairs * predicted_pairs / pairs_of(n) if n > 1 else 0.0
    maximum = (gold_pairs + predicted_pairs) / 2
    ari = (index - expected) / (maximum - expected) if maximum != expected else 1.0
    return {
        "b3_precision": b3_precision,
        "b3_recall": b3_recall,
        "b3_f1": b3_f1,
        "homogeneity": homogeneity,
        "completeness": completeness,
        "v_measure": v_measure,
        "ari": ari,
    }


def evaluate_ecbplus(
    folder: Path, annotator: Any, batches: int = 1, seed: int | None = None
) -> dict[str, Any]:
    """With `batches` > 1 the documents arrive in that many runs, each extracted and linked before
    the next (as a store fed day by day), in an order shuffled by `seed` (corpus order without
    one): the clusters should not depend on it."""
    from eventwire import pipeline
    from eventwire.store import open_store

    if batches < 1:
        raise ValueError(f"batches must be at least 1, not {batches}")
    documents = read_ecbplus(folder)
    arriving = [article for article, _ in documents]
    if seed is not None:
        random.Random(seed).shuffle(arriving)
    with tempfile.TemporaryDirectory() as scratch, open_store(str(Path(scratch) / "ecbplus.db")) as store:
        for batch in range(batches):
            for article in arriving[batch::batches]:
                store.add_article(article)
            pipeline.extract(store, annotator)
            pipeline.link(store)
        event_of = {}
        for event in pipeline.events(store):
            for mention in event.mentions:
                if mention.index == 0:
                    event_of[mention.article_id] = event.id
        stored = {a.content_hash: a for a in store.iter_articles()}
    predicted = []
    for article, _ in documents:
        kept = stored.get(article.content_hash)
        original = kept.near_duplicate_of if kept and kept.near_duplicate_of else article.id
        predicted.append(event_of.get(original, f"alone-{article.id}"))
    gold = [label for _, label in documents]
    scores = score_clustering(gold, predicted)
    return {
        "folder": str(folder),
        "batches": batches,
        "seed": seed,
        "n_docs": len(documents),
        "gold_events": len(set(gold)),
        "predicted_events": len(set(predicted)),
        "docs_without_event": sum(p.startswith("alone-") for p in predicted),
        **scores,
    }
