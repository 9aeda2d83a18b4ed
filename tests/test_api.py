"""The Python API returns the same events as the CLI, as dataclasses and as a pandas DataFrame."""

from __future__ import annotations

from pathlib import Path

import eventwire


def test_run_events_and_frame(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "api.db")
    found = eventwire.run(str(seeds_dir), db=db)
    assert all(isinstance(event, eventwire.Event) for event in found)
    assert [e.id for e in eventwire.events(db=db)] == [e.id for e in found]
    frame = eventwire.events_frame(db=db)
    assert len(frame) == len(found)
    assert {"id", "sub_event_type", "date_start", "place_name", "place_lat", "n_sources", "disputed"} <= set(
        frame.columns
    )
    moskalik = frame[frame["place_name"] == "Balashikha"].iloc[0]
    assert moskalik["n_sources"] == 2 and "place" in moskalik["disputed"]
