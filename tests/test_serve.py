"""The REST API (`eventwire serve`) over the events of examples/ and the seeds, on SQLite and
PostgreSQL: filters, paging, sorting, event pages with their sources, timeline, articles, exports,
writes with a token, the JSON errors, the OpenAPI schema's stability, schemathesis over it, and a
real server on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from eventwire import pipeline
from eventwire.annotate import Annotator
from eventwire.export import ACLED_COLUMNS
from eventwire.serve import Settings, create_app
from eventwire.store import open_store

from .conftest import EXAMPLES, stop_process

TOKEN = "test-write-token"
READ_TOKEN = "test-read-token"
SNAPSHOT = Path(__file__).with_name("data") / "openapi_paths.json"
KABUL = {
    "url": "https://example.org/kabul-market-bomb",
    "source": "Example Wire",
    "published": "2025-05-06",
    "title": "Car bomb kills three in Kabul",
    "text": "A car bomb killed three people near a market in Kabul on Monday, police said. "
    "Witnesses said the blast shattered windows across the street, and two shops were destroyed.\n",
}


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.load()


@pytest.fixture(scope="module")
def filled_url(module_db_url: str, seeds_dir: Path, annotator: Annotator) -> str:
    with open_store(module_db_url) as store:
        pipeline.ingest([str(EXAMPLES), str(seeds_dir)], store)
        pipeline.extract(store, annotator)
        pipeline.link(store)
    return module_db_url


@pytest.fixture(scope="module")
def client(filled_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=filled_url))) as opened:
        yield opened


@pytest.fixture(scope="module")
def every_event(client: TestClient) -> list[dict[str, Any]]:
    page = client.get("/events", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) >= 8
    items: list[dict[str, Any]] = page["items"]
    return items


def _items(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    items: list[dict[str, Any]] = page["items"]
    return items


def _moskalik(events: list[dict[str, Any]]) -> dict[str, Any]:
    return next(e for e in events if any(a["name"].endswith("Moskalik") for a in e["actors"]))


def _disputed(event: dict[str, Any]) -> bool:
    return any(a["verdict"] == "disputes" for f in event["fields"].values() for a in f["alternatives"])


def test_events_page_and_paging(client: TestClient, every_event: list[dict[str, Any]]) -> None:
    page = client.get("/events").json()
    assert set(page) == {"total", "limit", "offset", "items"}
    assert page["total"] == len(every_event) and page["limit"] == 50 and page["offset"] == 0
    paged: list[dict[str, Any]] = []
    for offset in range(0, len(every_event), 3):
        chunk = client.get("/events", params={"limit": 3, "offset": offset}).json()
        assert chunk["total"] == len(every_event) and len(chunk["items"]) <= 3
        paged += chunk["items"]
    assert [e["id"] for e in paged] == [e["id"] for e in every_event]
    beyond = client.get("/events", params={"offset": len(every_event)}).json()
    assert beyond["items"] == [] and beyond["total"] == len(every_event)


def test_each_filter(client: TestClient, every_event: list[dict[str, Any]]) -> None:
    moskalik = _moskalik(every_event)
    kind = moskalik["event_type"]
    sub_kind = moskalik["sub_event_type"]
    cases: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        ({"q": "MOSKALIK balashikha"}, lambda e: e["id"] == moskalik["id"]),
        ({"event_type": kind}, lambda e: e["event_type"] == kind),
        ({"sub_event_type": sub_kind}, lambda e: e["sub_event_type"] == sub_kind),
        ({"country": "ru"}, lambda e: e["place"]["country"] == "RU"),
        ({"geonameid": 579464}, lambda e: e["place"]["geonameid"] == 579464),
        (
            {"date_from": "2025-04-20", "date_to": "2025-04-30"},
            lambda e: e["date"]["end"] >= "2025-04-20" and e["date"]["start"] <= "2025-04-30",
        ),
        (
            {"bbox": "37,55,39,56.5"},
            lambda e: 37 <= e["place"]["lon"] <= 39 and 55 <= e["place"]["lat"] <= 56.5,
        ),
        ({"min_sources": 2}, lambda e: len(e["sources"]) >= 2),
        ({"disputed": "true"}, _disputed),
    ]
    for params, matches in cases:
        found = _items(client, **params)
        assert found, params
        assert all(matches(e) for e in found), params
        assert {e["id"] for e in found} == {e["id"] for e in every_event if _safely(matches, e)}, params
        if "q" not in params:
            assert moskalik["id"] in {e["id"] for e in found}, params
    assert _items(client, disputed="false") == every_event
    assert _items(client, country="ZZ") == []
    combined = _items(client, country="RU", min_sources=2, date_from="2025-04-01")
    assert moskalik["id"] in {e["id"] for e in combined}


def _safely(matches: Callable[[dict[str, Any]], bool], event: dict[str, Any]) -> bool:
    """The predicate over events that may lack the field it looks at (no place, no date)."""
    try:
        return matches(event)
    except (TypeError, KeyError):
        return False


def test_sorting(client: TestClient, every_event: list[dict[str, Any]]) -> None:
    def sources(e: dict[str, Any]) -> int:
        return len(e["sources"])

    def start(e: dict[str, Any]) -> str:
        return e["date"]["start"] if e["date"] else ""

    def killed(e: dict[str, Any]) -> int:
        return e["fatalities"]["min"] if e["fatalities"] else -1

    for sort, key in (("sources", sources), ("date", start), ("fatalities", killed)):
        rising = [key(e) for e in _items(client, sort=sort) if key(e) not in ("", -1)]
        falling = [key(e) for e in _items(client, sort=f"-{sort}") if key(e) not in ("", -1)]
        assert rising == sorted(rising) and falling == sorted(falling, reverse=True), sort
        assert len(rising) >= 3, sort
    assert _items(client) == _items(client, sort="-sources") == every_event


def test_event_page_has_the_sources_texts_for_the_evidence(
    client: TestClient, every_event: list[dict[str, Any]]
) -> None:
    moskalik = _moskalik(every_event)
    detail = client.get(f"/events/{moskalik['id']}").json()
    assert {k: v for k, v in detail.items() if k != "articles"} == moskalik
    assert [a["id"] for a in detail["articles"]] == [s["article_id"] for s in moskalik["sources"]]
    assert set(detail["articles"][0]) == {"id", "outlet", "url", "published", "title", "text"}
    texts = {a["id"]: a["text"] for a in detail["articles"]}
    checked = 0
    for field in detail["fields"].values():
        for alternative in field["alternatives"]:
            for evidence in alternative["evidence"]:
                assert any(
                    texts[source][evidence["start"] : evidence["end"]] == evidence["sentence"]
                    for source in alternative["sources"]
                ), evidence
                checked += 1
    assert checked >= 4
    assert "place" in detail["fields"] and _disputed(detail)


def test_not_found_is_json(client: TestClient) -> None:
    for path, message in (
        ("/events/ev-0000000000000000-0", "no event with id 'ev-0000000000000000-0'"),
        ("/articles/0000000000000000", "no article with id '0000000000000000'"),
        ("/no-such-page", "Not Found"),
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": message}


@pytest.mark.parametrize(
    ("path", "params", "parameter", "reason"),
    [
        ("/events", {"bbox": "37,55,39"}, "bbox", "bbox needs four numbers"),
        ("/events", {"bbox": "0,60,10,50"}, "bbox", "min_lat <= max_lat"),
        ("/events", {"sort": "loudest"}, "sort", "unknown sort 'loudest'"),
        ("/events", {"limit": 0}, "limit", "greater than or equal to 1"),
        ("/events", {"limit": 1001}, "limit", "less than or equal to 1000"),
        ("/events", {"offset": -1}, "offset", "greater than or equal to 0"),
        ("/events", {"date_from": "April 2025"}, "date_from", "date"),
        ("/events", {"country": "Russia"}, "country", "pattern"),
        ("/events", {"min_sources": "many"}, "min_sources", "integer"),
        ("/events", {"disputed": "perhaps"}, "disputed", "boolean"),
        ("/events", {"q": "a\x00b"}, "q", "pattern"),
        ("/timeline", {"bucket": "decade"}, "bucket", "'day', 'week', 'month' or 'year'"),
        ("/articles", {"since": "yesterday"}, "since", "date"),
        ("/export/events.csv", {"bbox": "x,y,z,w"}, "bbox", "not a number"),
    ],
)
def test_bad_parameters_are_422_naming_them(
    client: TestClient, path: str, params: dict[str, Any], parameter: str, reason: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", parameter] and reason in error["msg"]


def test_timeline(client: TestClient, every_event: list[dict[str, Any]]) -> None:
    month = client.get("/timeline").json()
    assert month["bucket"] == "month"
    assert sum(c["count"] for c in month["counts"]) + month["undated"] == len(every_event)
    periods = [c["period"] for c in month["counts"]]
    assert periods == sorted(periods) and "2025-04" in periods
    shapes = {"day": "2025-04-25", "week": "2025-W17", "year": "2025"}
    for bucket, period in shapes.items():
        counts = client.get("/timeline", params={"bucket": bucket}).json()["counts"]
        assert period in {c["period"] for c in counts}, bucket
        assert sum(c["count"] for c in counts) == sum(c["count"] for c in month["counts"])
    filtered = client.get("/timeline", params={"country": "RU", "min_sources": 2}).json()
    expected = _items(client, country="RU", min_sources=2)
    assert sum(c["count"] for c in filtered["counts"]) + filtered["undated"] == len(expected)


def test_articles(client: TestClient) -> None:
    page = client.get("/articles", params={"limit": 5}).json()
    assert page["total"] >= 15 and len(page["items"]) == 5
    first = page["items"][0]
    assert "text" not in first and first["text_length"] > 0
    full = client.get(f"/articles/{first['id']}").json()
    assert len(full["text"]) == first["text_length"] and full["id"] == first["id"]
    everything = client.get("/articles", params={"limit": 1000}).json()["items"]
    assert len(everything) == page["total"]
    second_page = client.get("/articles", params={"limit": 5, "offset": 5}).json()["items"]
    assert [a["id"] for a in second_page] == [a["id"] for a in everything[5:10]]
    found = client.get("/articles", params={"q": "balashikha"}).json()
    assert found["total"] >= 2
    assert all(
        "balashikha" in client.get(f"/articles/{a['id']}").json()["text"].lower() for a in found["items"]
    )
    outlet = next(a["outlet"] for a in everything if a["outlet"])
    assert {a["outlet"] for a in client.get("/articles", params={"outlet": outlet}).json()["items"]} == {
        outlet
    }
    april = client.get("/articles", params={"since": "2025-04-01", "until": "2025-04-30"}).json()["items"]
    assert april and all("2025-04-01" <= a["published"] <= "2025-04-30" for a in april)


def test_exports(client: TestClient) -> None:
    expected = _items(client, country="RU", sort="-date")
    params = {"country": "RU", "sort": "-date"}
    response = client.get("/export/events.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="events.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == len(expected) + 1
    assert all(row[ACLED_COLUMNS.index("country")] == "Russian Federation" for row in rows[1:])

    response = client.get("/export/events.geojson", params=params)
    assert response.headers["content-type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [e["id"] for e in expected]
    for feature, event in zip(collection["features"], expected, strict=True):
        assert feature["geometry"]["coordinates"] == [event["place"]["lon"], event["place"]["lat"]]

    response = client.get("/export/events.jsonl", params=params)
    assert [json.loads(line) for line in response.text.splitlines()] == expected

    response = client.get("/export/events.parquet", params={**params, "limit": 2})
    table = pq.read_table(io.BytesIO(response.content))
    assert table.num_rows == 2 and table.column("id").to_pylist() == [e["id"] for e in expected[:2]]


def test_static_page_and_schema(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert client.get("/openapi.json").json()["info"]["title"] == "eventwire"


def test_reading_can_be_closed(filled_url: str) -> None:
    app = create_app(Settings(db=filled_url, read_token=READ_TOKEN, api_token=TOKEN))
    with TestClient(app) as closed:
        for path in ("/events", "/events/ev-x", "/timeline", "/articles", "/export/events.csv"):
            response = closed.get(path)
            assert response.status_code == 401, path
            assert "EVENTWIRE_READ_TOKEN" in response.json()["detail"]
            assert response.headers["www-authenticate"] == "Bearer"
        wrong = closed.get("/events", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        for token in (READ_TOKEN, TOKEN):
            assert closed.get("/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert closed.get("/openapi.json").status_code == 200


def test_writes_need_a_configured_token(filled_url: str, client: TestClient) -> None:
    response = client.post("/articles", json=KABUL)
    assert response.status_code == 403 and "EVENTWIRE_API_TOKEN" in response.json()["detail"]
    with TestClient(create_app(Settings(db=filled_url, api_token=TOKEN))) as open_to_token:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
            response = open_to_token.post("/articles", json=KABUL, headers=headers)
            assert response.status_code == 401 and "EVENTWIRE_API_TOKEN" in response.json()["detail"]
    assert client.get("/articles", params={"q": "Kabul on Monday"}).json()["total"] == 0


def test_post_articles_extracts_links_and_stores_each_once(db_url: str, annotator: Annotator) -> None:
    app = create_app(Settings(db=db_url, api_token=TOKEN))
    app.state.annotator = annotator
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as api:
        first = api.post("/articles", json=KABUL, headers=auth)
        assert first.status_code == 201, first.text
        result = first.json()
        assert len(result["stored"]) == 1 and result["duplicates"] == [] and result["errors"] == []
        [article_id] = result["stored"]
        assert api.get(f"/articles/{article_id}").json()["outlet"] == "Example Wire"
        [event] = _items(api, q="kabul")
        assert event["sources"][0]["article_id"] == article_id and event["place"]["name"] == "Kabul"
        assert event["fatalities"] == {"min": 3, "max": 3}

        again = api.post("/articles", json=[KABUL, {"text": 42}, {"title": "no text"}], headers=auth)
        assert again.status_code == 201
        assert again.json() == {
            "stored": [],
            "near_duplicates": [],
            "duplicates": [article_id],
            "errors": [
                {"record": 1, "reason": 'field "text" must be a string, got a number'},
                {"record": 2, "reason": 'field "text" is missing'},
            ],
        }
        assert api.get("/articles").json()["total"] == 1
        assert [e["id"] for e in _items(api)] == [event["id"]]

        for body, reason in ((b"{not json", "not JSON"), (b"[]", "no articles")):
            response = api.post(
                "/articles", content=body, headers={**auth, "Content-Type": "application/json"}
            )
            assert response.status_code == 422 and reason in response.json()["detail"][0]["msg"]
        bad = api.post("/articles", json={"text": "a\u0000b"}, headers=auth)
        assert bad.status_code == 422
        [error] = bad.json()["detail"]
        assert error["loc"] == ["body", 0] and "NUL" in error["msg"]
        assert api.get("/articles").json()["total"] == 1


def test_request_body_limit(filled_url: str) -> None:
    app = create_app(Settings(db=filled_url, api_token=TOKEN, max_body_bytes=1000))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as api:
        big = {**KABUL, "text": "word " * 400}
        response = api.post("/articles", json=big, headers=auth)
        assert response.status_code == 413 and "1000 bytes" in response.json()["detail"]

        def chunks() -> Iterator[bytes]:
            yield from (json.dumps(big).encode()[i : i + 300] for i in range(0, 2100, 300))

        response = api.post("/articles", content=chunks(), headers=auth)
        assert response.status_code == 413 and "EVENTWIRE_MAX_BODY_BYTES" in response.json()["detail"]
        assert api.get("/articles", params={"q": "word word"}).json()["total"] == 0


def _paths_and_parameters(schema: dict[str, Any]) -> dict[str, Any]:
    """What clients depend on: each operation's parameters (name, place, required, type and
    bounds; not the wording of their descriptions) and status codes."""
    return {
        path: {
            method: {
                "parameters": [
                    {
                        "name": parameter["name"],
                        "in": parameter["in"],
                        "required": parameter.get("required", False),
                        "schema": {
                            key: value
                            for key, value in parameter["schema"].items()
                            if key not in ("description", "title")
                        },
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "responses": sorted(operation["responses"]),
            }
            for method, operation in sorted(operations.items())
        }
        for path, operations in sorted(schema["paths"].items())
    }


def test_openapi_paths_and_parameters_are_stable(client: TestClient) -> None:
    """A change here changes what clients rely on: if it is meant, write the snapshot again with
    EVENTWIRE_UPDATE_SNAPSHOTS=1 and say so in the change."""
    current = _paths_and_parameters(client.get("/openapi.json").json())
    if os.environ.get("EVENTWIRE_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_no_server_errors_on_any_get(client: TestClient) -> None:
    """schemathesis generates requests from our own schema, fitting it and not, for every GET
    operation (a bounded number each, the same each run): none may end in a 5xx, and every error
    is JSON with a `detail`. (Its pytest plugin's parametrize does not run on pytest 9.2, so the
    operations' Hypothesis strategies are driven here.)"""
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app).include(method="GET")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=20,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def no_server_error(case: Any) -> None:
                response = case.call()
                assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}"
                if response.status_code >= 400:
                    assert "detail" in response.json()

            no_server_error()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize("workers", [1, 2])
def test_a_real_server(filled_url: str, tmp_path: Path, workers: int) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    command = ["serve", "--db", filled_url, "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "eventwire", *command],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")},
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/events?limit=2", timeout=5) as response:
                    page = json.load(response)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert page["limit"] == 2 and len(page["items"]) == 2 and page["total"] >= 8
        while log.read_text().count("Application startup complete") < workers:
            assert time.monotonic() < deadline and server.poll() is None, log.read_text()
            time.sleep(0.2)
    finally:
        stop_process(server)
    said = log.read_text()
    assert "writes disabled (set EVENTWIRE_API_TOKEN)" in said
    assert len(set(re.findall(r"Started server process \[(\d+)\]", said))) == workers, said
