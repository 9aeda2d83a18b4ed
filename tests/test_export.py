"""Exports (ACLED-style CSV, GeoJSON, JSON Lines, Parquet) and the filtered `eventwire events`,
from `eventwire export` and the Python API, over the events of examples/ and the seeds."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import eventwire
from eventwire import pipeline
from eventwire.annotate import Annotator
from eventwire.cli import app
from eventwire.export import ACLED_COLUMNS, FLAT_COLUMNS, FORMATS, acled_row, flat_record, write
from eventwire.store import EventQuery, Store, open_store

from .conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[tuple[str, Store]]:
    db = str(tmp_path_factory.mktemp("export") / "export.db")
    with open_store(db) as store:
        pipeline.ingest([str(EXAMPLES), str(seeds_dir)], store)
        pipeline.extract(store, Annotator.load())
        pipeline.link(store)
        yield db, store


@pytest.fixture(scope="module")
def records(filled: tuple[str, Store]) -> list[dict[str, Any]]:
    _, found = filled[1].query_events(EventQuery(limit=None))
    assert len(found) >= 8
    return found


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _refused(*args: str) -> str:
    """The error of a command refused for a bad option (exit code 2), as one line, without the
    frame rich draws around it."""
    code, _, stderr = _invoke(*args)
    assert code == 2, stderr
    return " ".join(re.sub("[│╭╮╰╯─]", " ", stderr).split())


def _moskalik(records: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in records if any(a["name"].endswith("Moskalik") for a in r["actors"]))


def test_acled_csv_columns_and_the_seed_event(records: list[dict[str, Any]]) -> None:
    out = io.BytesIO()
    write(records, "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) == len(records) + 1
    row = acled_row(_moskalik(records))
    assert row["event_date"] == "2025-04-25" and row["time_precision"] == 1
    assert row["location"] == "Balashikha" and row["geo_precision"] == 1
    assert row["country"] == "Russian Federation" and row["admin1"] == "Moscow Oblast"
    assert "Yaroslav Moskalik" in row["actor2"] and row["fatalities"] == 1
    assert "Northern Ledger" in row["source"].split("; ")
    assert "\n" not in row["notes"] and "disputed place: Balashikha" in row["notes"]


def test_geojson_is_a_feature_collection_of_lon_lat_points(records: list[dict[str, Any]]) -> None:
    out = io.BytesIO()
    write(records, "geojson", out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [r["id"] for r in records]
    for feature, record in zip(collection["features"], records, strict=True):
        assert feature["type"] == "Feature" and set(feature["properties"]) == set(FLAT_COLUMNS)
        place = record["place"]
        if place and place["lat"] is not None:
            assert feature["geometry"] == {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        else:
            assert feature["geometry"] is None
    balashikha = next(f for f in collection["features"] if f["properties"]["place_name"] == "Balashikha")
    lon, lat = balashikha["geometry"]["coordinates"]
    assert 37.5 < lon < 38.5 and 55.5 < lat < 56  # east of Moscow: longitude first


def test_jsonl_is_one_record_per_line(records: list[dict[str, Any]]) -> None:
    out = io.BytesIO()
    write(records, "jsonl", out)
    lines = out.getvalue().decode().splitlines()
    assert [json.loads(line) for line in lines] == records


def test_parquet_reads_back_with_pyarrow(records: list[dict[str, Any]]) -> None:
    out = io.BytesIO()
    write(iter(records), "parquet", out)
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == len(records) and tuple(table.column_names) == FLAT_COLUMNS
    rows = table.to_pylist()
    assert rows == [flat_record(record) for record in records]
    assert isinstance(rows[0]["date_start"], date | None)


def test_empty_exports_are_valid_files() -> None:
    for name in FORMATS:
        out = io.BytesIO()
        write([], name, out)
        data = out.getvalue()
        if name == "csv":
            assert data.decode().splitlines() == [",".join(ACLED_COLUMNS)]
        elif name == "geojson":
            assert json.loads(data) == {"type": "FeatureCollection", "features": []}
        elif name == "jsonl":
            assert data == b""
        else:
            assert pq.read_table(io.BytesIO(data)).num_rows == 0


def test_cli_export_each_format_with_filters(filled: tuple[str, Store], tmp_path: Path) -> None:
    db, store = filled
    total, expected = store.query_events(EventQuery(country="RU", limit=None))
    assert total > 0
    for name, export in FORMATS.items():
        target = tmp_path / f"ru{export.suffix}"
        code, _, stderr = _invoke("export", "--db", db, "--country", "ru", "-o", str(target))
        assert code == 0, stderr
        assert f"exported {total} event(s) as {name} to {target}" in stderr
        assert not list(tmp_path.glob(".*.partial"))
    lines = (tmp_path / "ru.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in expected]
    assert pq.read_table(tmp_path / "ru.parquet").num_rows == total
    assert len(json.loads((tmp_path / "ru.geojson").read_text())["features"]) == total


def test_cli_export_to_stdout_and_bad_options(filled: tuple[str, Store]) -> None:
    db, _ = filled
    code, stdout, _ = _invoke("export", "--db", db, "--format", "csv", "--limit", "2", "--sort", "-date")
    assert code == 0
    assert (
        stdout.splitlines()[0] == ",".join(ACLED_COLUMNS) and len(list(csv.reader(io.StringIO(stdout)))) == 3
    )
    assert "'xlsx' is not one of csv, geojson, jsonl, parquet" in _refused("export", "--db", db, "-f", "xlsx")
    assert "bbox needs four numbers" in _refused("export", "--db", db, "--bbox", "1,2,3")


def test_cli_events_filters_sort_and_limit(filled: tuple[str, Store], records: list[dict[str, Any]]) -> None:
    db, _ = filled

    def listed(*options: str) -> list[dict[str, Any]]:
        code, stdout, stderr = _invoke("events", "--db", db, "--json", *options)
        assert code == 0, stderr
        found: list[dict[str, Any]] = json.loads(stdout)
        return found

    assert listed() == records
    moskalik = _moskalik(records)
    assert [r["id"] for r in listed("--q", "moskalik balashikha")] == [moskalik["id"]]
    assert all(r["place"]["country"] == "RU" for r in listed("--country", "RU"))
    same_type = listed("--type", moskalik["event_type"], "--sub-type", moskalik["sub_event_type"])
    assert moskalik in same_type and all(r["event_type"] == moskalik["event_type"] for r in same_type)
    assert all(len(r["sources"]) >= 2 for r in listed("--min-sources", "2"))
    in_april = listed("--from", "2025-04-01", "--to", "2025-04-30")
    assert moskalik["id"] in {r["id"] for r in in_april}
    assert all(r["date"]["start"] <= "2025-04-30" and r["date"]["end"] >= "2025-04-01" for r in in_april)
    newest = listed("--sort", "-date", "--limit", "3")
    assert len(newest) == 3
    starts = [r["date"]["start"] for r in newest]
    assert starts == sorted(starts, reverse=True)
    around_moscow = listed("--bbox", "36,55,39,57")
    assert moskalik["id"] in {r["id"] for r in around_moscow}
    assert "unknown sort 'loudest'" in _refused("events", "--db", db, "--sort", "loudest")
    assert "not a date" in _refused("events", "--db", db, "--from", "April")


def test_cli_events_table_and_csv(filled: tuple[str, Store], records: list[dict[str, Any]]) -> None:
    db, _ = filled
    code, stdout, _ = _invoke("events", "--db", db, "--limit", "2")
    assert code == 0 and f"2 of {len(records)} event(s)" in stdout
    code, stdout, _ = _invoke("events", "--db", db, "--csv", "--disputed")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert rows and all(row["disputed"] for row in rows)
    assert {row["id"] for row in rows} == {r["id"] for r in records if flat_record(r)["disputed"]}


def test_events_frame_reads_the_stored_records(
    filled: tuple[str, Store], records: list[dict[str, Any]]
) -> None:
    frame = eventwire.events_frame(db=filled[0])
    assert list(frame.columns) == list(FLAT_COLUMNS)
    assert list(frame["id"]) == [r["id"] for r in records]
