"""The REST API and the web page (`eventwire serve`): events filtered, sorted and paged by the
database, each event with its sources' texts, a timeline, articles, exports, and ingesting.

Records are served as stored (the JSON contract of `eventwire.serialize.event_to_json`), without
re-validating them through the response models, which only document them.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParameter
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from eventwire import __version__, pipeline
from eventwire.export import FORMATS, ExportFormat
from eventwire.ingestion.build import Position
from eventwire.ingestion.jsonl import article_from_record
from eventwire.model import Article, IngestError
from eventwire.serve import schemas
from eventwire.serve.limits import BodyLimit
from eventwire.serve.settings import Settings
from eventwire.store import ArticleQuery, EventQuery, Store, open_store
from eventwire.store.events import SORTS, QueryError, event_query

if TYPE_CHECKING:
    from eventwire.annotate import Annotator

STATIC = Path(__file__).with_name("static")
PAGE_LIMIT = 1000
MAX_OFFSET = 1_000_000_000
MAX_EXPORT = 100_000_000
NO_NUL = r"^[^\x00]*$"
"""Text parameters may hold anything but NUL, which PostgreSQL cannot compare."""
ID = r"^[A-Za-z0-9._-]+$"

bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <token>")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _matches(credentials: HTTPAuthorizationCredentials | None, *tokens: str | None) -> bool:
    given = credentials.credentials.encode() if credentials else b""
    return any(token and secrets.compare_digest(given, token.encode()) for token in tokens)


def require_read(request: Request, credentials: Credentials) -> None:
    """Reading is open unless a read token is set; then it or the API token must be sent."""
    settings: Settings = request.app.state.settings
    if settings.read_token and not _matches(credentials, settings.read_token, settings.api_token):
        raise HTTPException(
            401,
            "reading this server needs a token: send Authorization: Bearer <token> "
            "(its EVENTWIRE_READ_TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_write(request: Request, credentials: Credentials) -> None:
    settings: Settings = request.app.state.settings
    if not settings.api_token:
        raise HTTPException(
            403,
            "writing is disabled on this server: start it with EVENTWIRE_API_TOKEN set to a secret, "
            "then send Authorization: Bearer <that secret>",
        )
    if not _matches(credentials, settings.api_token):
        raise HTTPException(
            401,
            "POST /articles needs Authorization: Bearer <token> with the server's EVENTWIRE_API_TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDependency = Annotated[Store, Depends(_store)]


def event_filters(
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            pattern=NO_NUL,
            description="Words that must all occur in the event's types, place, actors, method, "
            "outlets or summaries (case-insensitive).",
        ),
    ] = None,
    event_type: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="ACLED event type, e.g. Battles.")
    ] = None,
    sub_event_type: Annotated[
        str | None,
        Query(max_length=100, pattern=NO_NUL, description="ACLED sub-event type, e.g. Armed clash."),
    ] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. RU.")
    ] = None,
    geonameid: Annotated[
        int | None, Query(ge=1, le=2_147_483_647, description="The place's GeoNames id.")
    ] = None,
    date_from: Annotated[
        date | None, Query(description="Events whose dates reach this day or later (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[
        date | None, Query(description="Events whose dates start this day or earlier (YYYY-MM-DD).")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=200,
            description="min_lon,min_lat,max_lon,max_lat in degrees; a min_lon above max_lon "
            "crosses the antimeridian.",
        ),
    ] = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="At least this many reports.")
    ] = None,
    disputed: Annotated[
        bool, Query(description="true: only events whose sources disagree on some field.")
    ] = False,
) -> dict[str, Any]:
    """The event filters /events, /timeline and the exports share."""
    return {
        "text": q,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "country": country,
        "geonameid": geonameid,
        "date_from": date_from,
        "date_to": date_to,
        "bbox": bbox,
        "min_sources": min_sources,
        "disputed": disputed,
    }


Filters = Annotated[dict[str, Any], Depends(event_filters)]
Sort = Annotated[
    str,
    Query(
        description="Most sources first (-sources, the default), newest (-date), most killed "
        "(-fatalities), or the reverse without the minus.",
        json_schema_extra={"enum": list(SORTS)},
    ),
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many matches to skip.")]
Limit = Annotated[int, Query(ge=1, le=PAGE_LIMIT, description="Page size.")]


def _event_query(filters: dict[str, Any], **paging: Any) -> EventQuery:
    values = {**filters, **paging}
    try:
        return event_query(**values)
    except QueryError as exc:
        raise _invalid(("query", exc.parameter), exc.reason, values.get(exc.parameter)) from exc


def _invalid(location: tuple[str | int, ...], reason: str, value: Any = None) -> RequestValidationError:
    """A 422 shaped like FastAPI's own: `loc` names the parameter or field, `msg` the reason."""
    return RequestValidationError([{"type": "value_error", "loc": location, "msg": reason, "input": value}])


T = TypeVar("T")
Identifier = Annotated[str, PathParameter(max_length=64, pattern=ID)]


def _found(value: T | None, what: str, identifier: str) -> T:
    if value is None:
        raise HTTPException(404, f"no {what} with id {identifier!r}")
    return value


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": schemas.Problem, "description": "No such id."}}
read = APIRouter(
    dependencies=[Depends(require_read)],
    responses={
        401: {"model": schemas.Problem, "description": "Reading is closed and no valid token was sent."}
    },
)


@read.get(
    "/events", response_model=schemas.EventPage, summary="Events matching the filters, a page at a time"
)
def list_events(
    store: StoreDependency,
    filters: Filters,
    sort: Sort = "-sources",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    total, records = store.query_event_json(_event_query(filters, sort=sort, limit=limit, offset=offset))
    # The records go out as stored, spliced into the page: no decoding and encoding each request.
    page = f'{{"total":{total},"limit":{limit},"offset":{offset},"items":[{",".join(records)}]}}'
    return Response(page, media_type="application/json")


def _page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "items": items})


@read.get(
    "/events/{event_id}",
    response_model=schemas.EventDetail,
    responses=NOT_FOUND,
    summary="One event with its sources' articles (evidence offsets point into their texts)",
)
def get_event(store: StoreDependency, event_id: Identifier) -> JSONResponse:
    """An id the event had before a later report renamed it, or merged it into another, still finds
    it; the record carries the id it has now."""
    record = _found(store.event_record(event_id), "event", event_id)
    ids = [source["article_id"] for source in record["sources"]]
    found = store.articles_by_id(ids)
    articles = [_article_json(found[i], fields=schemas.SourceArticle) for i in ids if i in found]
    return JSONResponse({**record, "articles": articles})


def _period(day: date, bucket: str) -> str:
    if bucket == "day":
        return day.isoformat()
    if bucket == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if bucket == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


@read.get(
    "/timeline", response_model=schemas.Timeline, summary="How many matching events start in each period"
)
def timeline(
    store: StoreDependency,
    filters: Filters,
    bucket: Annotated[Literal["day", "week", "month", "year"], Query(description="The period.")] = "month",
) -> JSONResponse:
    counts: dict[str, int] = {}
    undated = 0
    for start, count in store.event_date_counts(_event_query(filters, limit=None)):
        if start is None:
            undated += count
        else:
            period = _period(start, bucket)
            counts[period] = counts.get(period, 0) + count
    series = [{"period": period, "count": count} for period, count in sorted(counts.items())]
    return JSONResponse({"bucket": bucket, "counts": series, "undated": undated})


def _article_json(article: Article, fields: type[BaseModel]) -> dict[str, Any]:
    """An article with the keys of a response model: `text_length` computed, `text` only if asked."""
    data = asdict(article)
    data["published"] = article.published.isoformat() if article.published else None
    data["text_length"] = len(article.text)
    return {key: data[key] for key in fields.model_fields}


@read.get(
    "/articles", response_model=schemas.ArticlePage, summary="Stored articles, newest first (without text)"
)
def list_articles(
    store: StoreDependency,
    q: Annotated[
        str | None, Query(max_length=500, pattern=NO_NUL, description="Text to find in title or body.")
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=300, pattern=NO_NUL, description="Only this outlet.")
    ] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    query = ArticleQuery(text=q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    items = [_article_json(article, fields=schemas.ArticleSummary) for article in store.articles(query)]
    return _page(store.count_matching_articles(query), limit, offset, items)


@read.get(
    "/articles/{article_id}",
    response_model=schemas.ArticleRecord,
    responses=NOT_FOUND,
    summary="One article with its text",
)
def get_article(store: StoreDependency, article_id: Identifier) -> JSONResponse:
    article = _found(store.get_article(article_id), "article", article_id)
    return JSONResponse(_article_json(article, fields=schemas.ArticleRecord))


def _export_endpoint(export: ExportFormat) -> Callable[..., StreamingResponse]:
    def export_events(
        store: StoreDependency,
        filters: Filters,
        sort: Sort = "-sources",
        limit: Annotated[
            int | None, Query(ge=1, le=MAX_EXPORT, description="At most this many events (default: all).")
        ] = None,
    ) -> StreamingResponse:
        query = _event_query(filters, sort=sort, limit=limit)
        return StreamingResponse(
            export.chunks(store.iter_event_records(query)),
            media_type=export.media_type,
            headers={"Content-Disposition": f'attachment; filename="events{export.suffix}"'},
        )

    return export_events


EXPORT_SUMMARIES = {
    "csv": "ACLED-style CSV (event_date, event_type, ..., source, notes)",
    "geojson": "GeoJSON FeatureCollection of points with the flattened record as properties",
    "jsonl": "JSON Lines: one event record per line",
    "parquet": "Parquet: one flat row per event",
}
for _export in FORMATS.values():
    read.add_api_route(
        f"/export/events{_export.suffix}",
        _export_endpoint(_export),
        methods=["GET"],
        name=f"export_events_{_export.name}",
        operation_id=f"export_events_{_export.name}",
        summary=f"Export: {EXPORT_SUMMARIES[_export.name]}",
        response_class=StreamingResponse,
        responses={200: {"content": {_export.media_type: {}}, "description": "The matching events."}},
    )


write = APIRouter(
    dependencies=[Depends(require_write)],
    responses={
        401: {"model": schemas.Problem, "description": "No valid bearer token."},
        403: {"model": schemas.Problem, "description": "Writing is disabled (no EVENTWIRE_API_TOKEN)."},
        413: {"model": schemas.Problem, "description": "The body is over the size limit."},
        422: {
            "description": "The body is not JSON, or no record in it is an article.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
        },
    },
)
_ARTICLE_SCHEMA = schemas.ArticleIn.model_json_schema()
_ORIGIN = Position("POST /articles")


@write.post(
    "/articles",
    status_code=201,
    response_model=schemas.IngestResult,
    summary="Store reports (one object or a list), then extract and link their events",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA, "minItems": 1}]
                    }
                }
            },
        }
    },
)
async def post_articles(request: Request) -> JSONResponse:
    """Each article is stored in its own transaction; an exact copy of a stored text is reported as
    a duplicate and stored once; bad records are reported with their index and the rest go on."""
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError) as exc:
        raise _invalid(("body",), f"the body is not JSON: {exc}") from exc
    records = body if isinstance(body, list) else [body]
    if not records:
        raise _invalid(("body",), "no articles: send an article object or a non-empty list of them", body)
    result = await run_in_threadpool(_ingest, request.app, records)
    if not result["stored"] and not result["duplicates"]:
        raise RequestValidationError(
            [
                {"type": "value_error", "loc": ("body", error["record"]), "msg": error["reason"]}
                for error in result["errors"]
            ]
        )
    return JSONResponse(result, status_code=201)


def _ingest(app: FastAPI, records: list[Any]) -> dict[str, Any]:
    items = [
        article_from_record(r, _ORIGIN.at("record", i), raw_format="json") for i, r in enumerate(records)
    ]
    store: Store = app.state.store
    with app.state.write_lock:  # one writer per process: extraction and linking are not re-entrant
        report = pipeline.store_items((item for item in items if isinstance(item, Article)), store)
        if report.stored:
            pipeline.extract(store, _annotator(app))
            pipeline.link(store)
    return {
        "stored": report.stored,
        "near_duplicates": report.near_duplicates,
        "duplicates": report.duplicates,
        "errors": [
            {"record": i, "reason": item.reason}
            for i, item in enumerate(items)
            if isinstance(item, IngestError)
        ],
    }


def _annotator(app: FastAPI) -> Annotator:
    """The models, loaded by the first write and kept for the life of the process."""
    if app.state.annotator is None:
        from eventwire.annotate import Annotator

        app.state.annotator = Annotator.load()
    annotator: Annotator = app.state.annotator
    return annotator


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API (routes first) and the web page in `static/` at "/", on the settings' store."""
    settings = settings or Settings.from_env()
    store = open_store(settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        summary="News reports in, one verified record per real-world event out.",
        lifespan=lifespan,
        # The interactive docs pages load their scripts from a CDN; the schema is all we serve.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.annotator = None
    app.state.write_lock = threading.Lock()
    app.include_router(read)
    app.include_router(write)
    app.mount("/", StaticFiles(directory=STATIC, html=True), name="web")
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
