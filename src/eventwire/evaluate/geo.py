"""Toponym resolution and geoparsing scores on the GeoVirus / TR-News / LGL XML formats.

Metrics follow Gritta et al. (2018): accuracy@161 km and median error on gold spans, and the AUC of
the error curve: the area under log(1 + error km) normalised by log(1 + 20,039 km) (half the earth's
circumference), so 0 is perfect and 1 is worst. A toponym we cannot resolve counts as the maximal
error. End-to-end: a found span matches a gold span when they overlap and our place lies within
161 km of the gold coordinates.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.annotate.gazetteer import Gazetteer, haversine_km
from eventwire.annotate.geocode import find_toponyms, resolve_toponyms

MAX_KM = 20039.0
ACCURACY_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


class GoldFormatError(ValueError):
    """The file is not in a geoparsing gold format; the message names the file and the element."""


def _number(element: ET.Element | None, path: str, where: str) -> float:
    node = element.find(path) if element is not None else None
    if node is None or node.text is None:
        raise GoldFormatError(f"{where}: missing <{path}>")
    try:
        return float(node.text.strip())
    except ValueError:
        raise GoldFormatError(f"{where}: <{path}> is not a number: {node.text!r}") from None


def read_gold(path: Path) -> list[GoldArticle]:
    """GeoVirus (<locations><location>), TR-News and LGL (<toponyms><toponym> with <gaztag>)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise GoldFormatError(f"{path}: cannot parse XML: {exc}") from exc
    articles = []
    for number, article in enumerate(root.iter("article"), start=1):
        where = f"{path}: article {number}"
        text_node = article.find("text")
        if text_node is None or text_node.text is None:
            raise GoldFormatError(f"{where}: missing <text>")
        toponyms = []
        for index, element in enumerate([*article.iter("location"), *article.iter("toponym")], start=1):
            spot = f"{where}, toponym {index}"
            gaztag = element.find("gaztag")
            holder = gaztag if gaztag is not None and gaztag.find("lat") is not None else element
            if holder.find("lat") is None:
                continue  # LGL toponyms without a gazetteer entry cannot be scored
            name_node = element.find("name") if element.find("phrase") is None else element.find("phrase")
            name = (name_node.text or "").strip() if name_node is not None else ""
            start, end = _align(
                text_node.text, name, int(_number(element, "start", spot)), int(_number(element, "end", spot))
            )
            toponyms.append(
                GoldToponym(start, end, name, _number(holder, "lat", spot), _number(holder, "lon", spot))
            )
        articles.append(GoldArticle(article.get("docid") or str(number), text_node.text, toponyms))
    if not articles:
        raise GoldFormatError(f"{path}: no <article> elements")
    return articles


def _align(text: str, name: str, start: int, end: int, slack: int = 3) -> tuple[int, int]:
    """GeoVirus offsets are shifted by one against its own text; snap to the name when it is close by."""
    if not name or text[start:end] == name:
        return start, end
    found = text.find(name, max(0, start - slack), end + slack + len(name))
    return (found, found + len(name)) if found >= 0 else (start, end)


def _error_km(place: Any, gold: GoldToponym) -> float:
    if place is None or place.lat is None or place.lon is None:
        return MAX_KM
    return haversine_km(place.lat, place.lon, gold.lat, gold.lon)


def evaluate_geo(path: Path, gazetteer: Gazetteer, nlp: Any) -> dict[str, Any]:
    articles = read_gold(path)
    errors: list[float] = []
    true_positive = found_total = gold_total = 0
    for article in articles:
        spans = [(t.start, t.end) for t in article.toponyms]
        places = resolve_toponyms(article.text, spans, gazetteer)
        errors.extend(_error_km(place, gold) for place, gold in zip(places, article.toponyms, strict=True))
        found = find_toponyms(nlp(article.text), gazetteer)
        found_places = resolve_toponyms(article.text, [(s, e) for s, e, _ in found], gazetteer)
        found_total += len(found)
        gold_total += len(article.toponyms)
        matched: set[int] = set()
        for (start, end, _), place in zip(found, found_places, strict=True):
            for index, gold in enumerate(article.toponyms):
                if (
                    index not in matched
                    and start < gold.end
                    and gold.start < end
                    and _error_km(place, gold) <= ACCURACY_KM
                ):
                    matched.add(index)
                    true_positive += 1
                    break
    precision = true_positive / found_total if found_total else 0.0
    recall = true_positive / gold_total if gold_total else 0.0
    return {
        "file": str(path),
        "n": len(errors),
        "articles": len(articles),
        "acc_161": sum(e <= ACCURACY_KM for e in errors) / len(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "auc": sum(math.log1p(e) for e in errors) / (len(errors) * math.log1p(MAX_KM)) if errors else 0.0,
        "e2e_precision": precision,
        "e2e_recall": recall,
        "e2e_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }
