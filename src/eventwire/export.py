"""Events out of the store as files: ACLED-style CSV, GeoJSON, JSON Lines and Parquet.

Every format is written a batch of records at a time, as bytes, so the API streams an export of any
size and the CLI writes one to a file without holding the events in memory. All of them start from
the stored event records (the JSON contract of `eventwire.serialize.event_to_json`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import IO, Any
from urllib.parse import urlsplit

ACLED_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "time_precision",
    "fatalities",
    "source",
    "notes",
)
"""The CSV columns, named and coded as in ACLED's data so tools made for it read ours."""

GEO_PRECISION = {"town": 1, "district": 2, "region": 3, "country": 3, "continent": 3}
"""ACLED's codes: 1 the town itself, 2 a part of a region near it, 3 a region or larger."""
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
"""ACLED's codes: 1 the day, 2 within a week, 3 within a month or longer."""

FLAT_COLUMNS = (
    "id",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "place_name",
    "place_geonameid",
    "place_admin1",
    "place_country",
    "place_lat",
    "place_lon",
    "place_precision",
    "fatalities_min",
    "fatalities_max",
    "victims",
    "perpetrators",
    "n_sources",
    "outlets",
    "disputed",
)
"""One event as one flat row: the DataFrame's columns, GeoJSON's properties and Parquet's schema."""

BATCH = 500
"""Records per written chunk (and Parquet row group)."""


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """The consensus values of an event as scalars and lists of names, in `FLAT_COLUMNS` order."""
    when = record.get("date") or {}
    place = record.get("place") or {}
    killed = record.get("fatalities") or {}
    return {
        "id": record["id"],
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "date_start": date.fromisoformat(when["start"]) if when else None,
        "date_end": date.fromisoformat(when["end"]) if when else None,
        "date_precision": when.get("precision"),
        **{
            f"place_{key}": place.get(key) for key in ("name", "geonameid", "admin1", "country", "lat", "lon")
        },
        "place_precision": place.get("precision"),
        "fatalities_min": killed.get("min"),
        "fatalities_max": killed.get("max"),
        "victims": _actors(record, "victim"),
        "perpetrators": _actors(record, "perpetrator"),
        "n_sources": len(record["sources"]),
        "outlets": [source["outlet"] for source in record["sources"]],
        "disputed": disputed_fields(record),
    }


def disputed_fields(record: dict[str, Any]) -> list[str]:
    return [
        name
        for name, field in record["fields"].items()
        if any(alternative["verdict"] == "disputes" for alternative in field["alternatives"])
    ]


def _actors(record: dict[str, Any], *roles: str) -> list[str]:
    return [actor["name"] for actor in record["actors"] if actor["role"] in roles]


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    """An event as an ACLED row: actor1 the perpetrators, actor2 the victims and targets, the
    lower bound of the fatalities (ACLED records the most conservative count)."""
    when = record.get("date") or {}
    place = record.get("place") or {}
    killed = record.get("fatalities") or {}
    return {
        "event_date": when.get("start", ""),
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "actor1": "; ".join(_actors(record, "perpetrator")),
        "actor2": "; ".join(_actors(record, "victim", "target")),
        "country": country_name(place.get("country")),
        "admin1": place.get("admin1") or "",
        "location": place.get("name") or "",
        "latitude": _blank(place.get("lat")),
        "longitude": _blank(place.get("lon")),
        "geo_precision": _blank(GEO_PRECISION.get(place.get("precision") or "")),
        "time_precision": _blank(TIME_PRECISION.get(when.get("precision") or "")),
        "fatalities": _blank(killed.get("min")),
        "source": "; ".join(outlets(record)),
        "notes": notes(record),
    }


def _blank(value: object) -> object:
    return "" if value is None else value


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """ACLED names countries; the ISO code stays where the name is unknown."""
    if not code:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def outlets(record: dict[str, Any]) -> list[str]:
    """The sources' outlets once each, a URL's host where the outlet is not named."""
    names = (source["outlet"] or urlsplit(source["url"] or "").hostname for source in record["sources"])
    return list(dict.fromkeys(name for name in names if name))


def notes(record: dict[str, Any]) -> str:
    """One line: what, when, where, who, how many sources, and each disputed field's values."""
    parts = [
        f"{record['sub_event_type']} ({record['event_type']})",
        _value_text(record.get("date")),
        _value_text(record.get("place")),
    ]
    if record.get("fatalities"):
        parts.append(f"killed {_value_text(record['fatalities'])}")
    for label, role in (("victims", "victim"), ("perpetrators", "perpetrator")):
        if names := _actors(record, role):
            parts.append(f"{label}: {', '.join(names)}")
    parts.append(f"{len(record['sources'])} source(s)")
    for name in disputed_fields(record):
        field = record["fields"][name]
        disputing = [a["value"] for a in field["alternatives"] if a["verdict"] == "disputes"]
        against = " / ".join(_value_text(value) for value in disputing)
        parts.append(f"disputed {name}: {_value_text(field['consensus'])} vs {against}")
    return " ".join("; ".join(parts).split())


def _value_text(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, dict) and "start" in value:
        return value["start"] if value["start"] == value["end"] else f"{value['start']}..{value['end']}"
    if isinstance(value, dict) and "min" in value:
        low, high = value["min"], value["max"]
        return str(low) if low == high else f"{low}-{high if high is not None else ''}"
    if isinstance(value, dict) and "name" in value:
        where = ", ".join(part for part in (value["name"], value.get("country")) if part)
        said = value.get("text")
        return f'{where} ("{said}")' if said and said.lower() != value["name"].lower() else where
    if isinstance(value, list):
        return " / ".join(str(item) for item in value)
    return str(value)


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _batches(records: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def csv_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for batch in _batches(records):
        writer.writerows(acled_row(record) for record in batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def _feature(record: dict[str, Any]) -> dict[str, Any]:
    properties = flat_record(record)
    lon, lat = properties["place_lon"], properties["place_lat"]
    point = {"type": "Point", "coordinates": [lon, lat]} if lon is not None and lat is not None else None
    return {"type": "Feature", "id": record["id"], "geometry": point, "properties": properties}


def geojson_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """A FeatureCollection of points ([lon, lat], WGS 84); an event with no coordinates keeps its
    properties with a null geometry, as GeoJSON allows."""
    yield b'{"type":"FeatureCollection","features":['
    separator = "\n"
    for batch in _batches(records):
        yield (separator + ",\n".join(_json(_feature(record)) for record in batch)).encode()
        separator = ",\n"
    yield b"\n]}\n"


def jsonl_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for batch in _batches(records):
        yield "".join(_json(record) + "\n" for record in batch).encode()


class _Drain(io.RawIOBase):
    """A write-only sink handing out what was written so far, while `tell` counts every byte:
    Parquet's footer records offsets from the start of the file, not of the current chunk."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def parquet_schema() -> Any:
    import pyarrow as pa

    text, names = pa.string(), pa.list_(pa.string())
    types = {
        "date_start": pa.date32(),
        "date_end": pa.date32(),
        "place_geonameid": pa.int64(),
        "place_lat": pa.float64(),
        "place_lon": pa.float64(),
        "fatalities_min": pa.int64(),
        "fatalities_max": pa.int64(),
        "victims": names,
        "perpetrators": names,
        "n_sources": pa.int64(),
        "outlets": names,
        "disputed": names,
    }
    return pa.schema([(column, types.get(column, text)) for column in FLAT_COLUMNS])


def parquet_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The flat rows, one row group per batch; an empty export is a valid file with no rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    sink = _Drain()
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for batch in _batches(records):
            writer.write_table(pa.Table.from_pylist([flat_record(record) for record in batch], schema=schema))
            yield sink.take()
    yield sink.take()


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    suffix: str
    media_type: str
    chunks: Callable[[Iterable[dict[str, Any]]], Iterator[bytes]]


FORMATS = {
    export.name: export
    for export in (
        ExportFormat("csv", ".csv", "text/csv; charset=utf-8", csv_chunks),
        ExportFormat("geojson", ".geojson", "application/geo+json", geojson_chunks),
        ExportFormat("jsonl", ".jsonl", "application/x-ndjson", jsonl_chunks),
        ExportFormat("parquet", ".parquet", "application/vnd.apache.parquet", parquet_chunks),
    )
}


def write(records: Iterable[dict[str, Any]], format_name: str, out: IO[bytes]) -> None:
    for chunk in FORMATS[format_name].chunks(records):
        out.write(chunk)
