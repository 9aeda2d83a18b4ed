"""No false merges over ≈ 350 unrelated news articles: the merge list is the inspected expectation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.annotate import Annotator
from eventwire.evaluate.merges import audit_merges

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
