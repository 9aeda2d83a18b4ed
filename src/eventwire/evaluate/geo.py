"""Toponym resolution and geoparsing scores on the GeoVirus / TR-News / LGL XML gold sets.

Formats (the "Pragmatic Guide to Geoparsing Evaluation" family): `<articles><article>` with a
`<text>` and either GeoVirus's `<locations><location>` (`<name>`, `<start>`, `<end>`, `<lat>`,
`<lon>`) or TR-News/LGL's `<toponyms><toponym>` (`<phrase>`, `<start>`, `<end>`, and `<lat>`/`<lon>`
inside `<gaztag geonameid=…>` or directly under the toponym). Toponyms with no coordinates (LGL
has some without a gaztag) cannot be scored and are kept aside. The gold offsets are off by a few
characters in places (GeoVirus by one everywhere, TR-News by up to ten after some characters), so
each span is moved to the nearest occurrence of its phrase within 25 characters.

Metrics, after Gritta et al. (2018), "What's missing in geographical parsing?":
- gold spans given: accuracy@161 km (share of toponyms resolved within 161 km = 100 miles), the
  median error in km, and the AUC: errors sorted ascending, each scaled as
  ln(1 + km) / ln(1 + 20,039) (20,039 km is half the earth's circumference, the largest error),
  and the area under that curve by the trapezoid rule over evenly spaced x in [0, 1]; 0 is perfect,
  1 the worst. A toponym we cannot resolve counts as a 20,039 km error.
- gold spans given, where the gold names GeoNames ids (TR-News, LGL): the share resolved to the gold's
  own GeoNames entry. It tells a wrong place from the right place at another point: TR-News puts
  countries and provinces at GeoNames' own points (Canada 60.1° N 113.6° W), which no installable
  package ships, and the gazetteer's points for them come from other sources (see `gazetteer`).
- end to end (our spaCy-found spans against the gold spans): a found span is a true positive when it
  overlaps a gold span not yet matched and resolves within 161 km of it; precision is over all found
  spans except those overlapping only gold toponyms without coordinates, recall over the gold
  toponyms with coordinates.
"""

from __future__ import annotations

import itertools
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.annotate.gazetteer import Gazetteer, haversine_km
from eventwire.annotate.geocode import find_toponyms, resolve_toponyms
from eventwire.model import Place

MAX_KM = 20039.0
ACCURACY_KM = 161.0
_ALIGN_WINDOW = 25


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None

    @property
    def scorable(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]

    @property
    def scorable(self) -> list[GoldToponym]:
        return [t for t in self.toponyms if t.scorable]


class GoldFormatError(ValueError):
    """The file is not in a geoparsing gold format; the message names the file and the element."""


def read_gold(path: Path) -> list[GoldArticle]:
    """Every article of a GeoVirus, TR-News or LGL file, with its toponyms (scorable or not)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise GoldFormatError(f"{path}: cannot parse XML: {exc}") from exc
    articles = [
        _article(element, number, path) for number, element in enumerate(root.iter("article"), start=1)
    ]
    if not articles:
        raise GoldFormatError(f"{path}: no <article> elements (expected <articles><article>…)")
    return articles


def _article(element: ET.Element, number: int, path: Path) -> GoldArticle:
    docid = element.get("docid")
    where = f"{path}: article {number}" + (f" (docid {docid})" if docid else "")
    text_node = element.find("text")
    if text_node is None or text_node.text is None:
        raise GoldFormatError(f"{where}: missing or empty <text>")
    text = text_node.text
    toponyms = [
        _toponym(node, text, f"{where}, toponym {index}")
        for index, node in enumerate([*element.iter("location"), *element.iter("toponym")], start=1)
    ]
    return GoldArticle(docid or str(number), text, toponyms)


def _toponym(node: ET.Element, text: str, where: str) -> GoldToponym:
    name = (node.findtext("phrase") or node.findtext("name") or "").strip()
    start, end = int(_number(node, "start", where, name)), int(_number(node, "end", where, name))
    if not 0 <= start < end <= len(text) + _ALIGN_WINDOW:
        raise GoldFormatError(
            f"{where}: offsets {start}–{end} outside the text of {len(text)} characters ({name!r})"
        )
    gaztag = node.find("gaztag")
    holder = gaztag if gaztag is not None and gaztag.find("lat") is not None else node
    lat = _number(holder, "lat", where, name) if holder.find("lat") is not None else None
    lon = _number(holder, "lon", where, name) if holder.find("lon") is not None else None
    if (lat is None) != (lon is None):
        raise GoldFormatError(f"{where}: <lat> without <lon> or the reverse ({name!r})")
    geonameid = gaztag.get("geonameid") if gaztag is not None else None
    start, end = _align(text, name, start, end)
    return GoldToponym(
        start, end, name, lat, lon, int(geonameid) if geonameid and geonameid.isdigit() else None
    )


def _number(element: ET.Element, tag: str, where: str, name: str) -> float:
    value = element.findtext(tag)
    if value is None or not value.strip():
        raise GoldFormatError(f"{where}: missing <{tag}> ({name!r})")
    try:
        number = float(value.strip())
    except ValueError:
        raise GoldFormatError(f"{where}: <{tag}> is not a number: {value.strip()!r} ({name!r})") from None
    if not math.isfinite(number):
        raise GoldFormatError(f"{where}: <{tag}> is not finite: {value.strip()!r} ({name!r})")
    return number


def _align(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """The nearest occurrence of the phrase within the window, exact case first; else the offsets as given."""
    if not name or text[start:end] == name:
        return start, end
    for haystack, needle in ((text, name), (text.lower(), name.lower())):
        best: int | None = None
        position = haystack.find(needle, max(0, start - _ALIGN_WINDOW), end + _ALIGN_WINDOW)
        while position >= 0 and position <= start + _ALIGN_WINDOW:
            if best is None or abs(position - start) < abs(best - start):
                best = position
            position = haystack.find(needle, position + 1, end + _ALIGN_WINDOW)
        if best is not None:
            return best, best + len(name)
    return start, end


def error_km(place: Place | None, gold: GoldToponym) -> float:
    if place is None or place.lat is None or place.lon is None or gold.lat is None or gold.lon is None:
        return MAX_KM
    return haversine_km(place.lat, place.lon, gold.lat, gold.lon)


def auc(errors: Sequence[float]) -> float:
    """Normalised area under the sorted log-error curve (see the module docstring); 0 is perfect."""
    if not errors:
        return 0.0
    scaled = [math.log1p(min(e, MAX_KM)) / math.log1p(MAX_KM) for e in sorted(errors)]
    if len(scaled) == 1:
        return scaled[0]
    return sum((a + b) / 2 for a, b in itertools.pairwise(scaled)) / (len(scaled) - 1)


def evaluate_geo(path: Path, gazetteer: Gazetteer, nlp: Any) -> dict[str, Any]:
    """Resolution on gold spans and end-to-end geoparsing on one gold file; returns the scores."""
    articles = read_gold(path)
    errors: list[float] = []
    same_entry: list[bool] = []  # for the gold toponyms with a GeoNames id
    started = time.perf_counter()
    for article in articles:
        gold = article.scorable
        places = resolve_toponyms(article.text, [(t.start, t.end) for t in gold], gazetteer)
        for place, toponym in zip(places, gold, strict=True):
            errors.append(error_km(place, toponym))
            if toponym.geonameid is not None:
                same_entry.append(place is not None and place.geonameid == toponym.geonameid)
    resolve_seconds = time.perf_counter() - started

    started = time.perf_counter()
    true_positive = found_total = gold_total = 0
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        found = find_toponyms(doc, nlp, gazetteer)
        places = resolve_toponyms(article.text, [(s, e) for s, e, _ in found], gazetteer)
        hits, counted = _match(found, places, article.toponyms)
        true_positive += hits
        found_total += counted
        gold_total += len(article.scorable)
    e2e_seconds = time.perf_counter() - started

    precision = true_positive / found_total if found_total else 0.0
    recall = true_positive / gold_total if gold_total else 0.0
    return {
        "file": str(path),
        "articles": len(articles),
        "n": len(errors),
        "unscorable": sum(len(a.toponyms) - len(a.scorable) for a in articles),
        "acc_161": sum(e <= ACCURACY_KM for e in errors) / len(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "auc": auc(errors),
        "n_geonameid": len(same_entry),
        "same_geonameid": sum(same_entry) / len(same_entry) if same_entry else None,
        "e2e_precision": precision,
        "e2e_recall": recall,
        "e2e_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "resolve_toponyms_per_s": len(errors) / resolve_seconds if resolve_seconds else 0.0,
        "e2e_articles_per_s": len(articles) / e2e_seconds if e2e_seconds else 0.0,
        "e2e_toponyms_per_s": found_total / e2e_seconds if e2e_seconds else 0.0,
    }


def _match(
    found: Sequence[tuple[int, int, str]], places: Sequence[Place | None], gold: Sequence[GoldToponym]
) -> tuple[int, int]:
    """(true positives, found spans counted) for one article; see the module docstring."""
    matched: set[int] = set()
    hits = counted = 0
    for (start, end, _), place in zip(found, places, strict=True):
        overlapping = [i for i, t in enumerate(gold) if start < t.end and t.start < end]
        if overlapping and not any(gold[i].scorable for i in overlapping):
            continue
        counted += 1
        for index in overlapping:
            if index not in matched and gold[index].scorable and error_km(place, gold[index]) <= ACCURACY_KM:
                matched.add(index)
                hits += 1
                break
    return hits, counted
