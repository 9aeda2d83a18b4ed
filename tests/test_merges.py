"""No false merges over ≈ 350 unrelated news articles: the merge list is the inspected expectation."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.annotate import Annotator
from eventwire.evaluate.merges import GvdbFormatError, audit_merges, audit_shootings, read_gvdb

EXPECTED = Path(__file__).parent / "data" / "expected_merges.json"


@pytest.mark.slow
def test_only_the_inspected_merges(shared_dir: Path) -> None:
    result = audit_merges(shared_dir, Annotator.load())
    found = sorted(
        sorted(Path(origin).name for origin in event["articles"]) for event in result["multi_article_events"]
    )
    expected = sorted(
        sorted(Path(origin).name for origin in group) for group in json.loads(EXPECTED.read_text())["merges"]
    )
    assert result["articles"] > 300
    assert found == expected


@pytest.mark.slow
def test_local_shootings_stay_apart_but_for_reports_of_one(shared_dir: Path) -> None:
    """400 GVDB reports of shootings: the three reports naming Quintonio LeGrier (the Chicago police
    shooting of December 2015) are one event, and no two reports whose gold names different victims
    are (Jose Guadalupe Gonzalez and Joel Gonzalez, Edward Howard Green and Romario Green had been)."""
    result = audit_shootings(shared_dir, Annotator.load())
    assert result["articles"] == 400
    assert result["read_as_shootings"] >= 385  # 389 in session 26, 364 before
    legrier = {"dev.json:2399", "dev.json:320", "dev.json:4651"}
    assert any(legrier <= set(event["articles"]) for event in result["multi_article_events"])
    assert result["pairs"]["same victim"] >= 3
    assert result["pairs"]["different victims"] == 0
    # The pairs a person judged: every report of one shooting stays with the others, and reports
    # tied only by a common surname said alone ("Jones", "Henderson", "Stewart"), by a state's
    # name, by days in a row at times no night spans ("Friday evening", "Saturday afternoon"), or
    # by one city's day where police were called to other streets or at other times of it, or by
    # one city's days where one report gives every victim's age and the other a victim of none of
    # them (LeGrier's and the W Hotel's, 989), are two shootings.
    judged = result["judged"]
    assert judged["same shooting"] >= 18 and judged["same shooting, apart"] == []
    apart = [("2399", "597"), ("443", "676"), ("2092", "4119"), ("1871", "701"), ("2194", "2537")]
    apart += [("2413", "2930"), ("2623", "3199"), ("2744", "3086"), ("2534", "2605"), ("2617", "924")]
    apart += [("2399", "989"), ("320", "989"), ("3016", "989"), ("4651", "989")]
    apart += [("2480", "2683"), ("2480", "2792"), ("2683", "2792")]  # a house number, a tokenised corner
    apart += [("1366", "870"), ("2218", "2900")]  # an undated report tells its day's news
    apart += [("1703", "2413")]  # Munn's murder told again at his killer's arrest is Munn's shooting
    together = judged["two shootings, together"]
    assert not [pair for pair in apart if sorted(f"dev.json:{key}" for key in pair) in together]


def test_a_gvdb_line_that_is_no_report_is_named(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    good = {"doc_key": "7", "date": "2015-2-8", "full_text": [["A", "man", "was", "shot", "."]], "spans": []}
    path.write_text(json.dumps(good) + "\n" + json.dumps({"doc_key": "8", "full_text": []}) + "\n")
    with pytest.raises(GvdbFormatError, match=r"dev\.json:2: not a GVDB report"):
        read_gvdb(path)
    path.write_text(json.dumps(good) + "\n")
    [(article, victims)] = read_gvdb(path)
    assert (article.origin, article.published, article.text, victims) == (
        "dev.json:7",
        date(2015, 2, 8),
        "A man was shot .",
        frozenset(),
    )
