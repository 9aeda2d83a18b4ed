"""The `eventwire` command line (typer + rich): tables for people, `--json` for scripts."""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from eventwire import engines, pipeline
from eventwire.export import FORMATS, flat_record
from eventwire.export import write as write_export
from eventwire.ingestion import FetchPolicy
from eventwire.model import Article, DateValue, EventMention, IngestReport, Place, Quantity
from eventwire.serialize import event_to_json, to_dict
from eventwire.store import ArticleQuery, EventQuery, Store, open_store
from eventwire.store.events import SORTS, QueryError, event_query

app = typer.Typer(
    name="eventwire",
    help="News reports in, one verified record per real-world event out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (make demo, CI logs) is not squeezed into 80 columns.
out = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 150)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="EVENTWIRE_DB", help="SQLite path or database URL (default ./eventwire.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
InputsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders (walked recursively) or feed URLs.")
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow fetching from private and loopback addresses.")
]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@contextmanager
def _progress(*labels: str) -> Iterator[list[pipeline.ProgressCallback]]:
    """Progress bars on stderr, one per label (stages that run together), shown once work has taken
    more than a moment."""
    with Progress(
        TextColumn("[bold]{task.fields[label]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=err,
        transient=True,
    ) as bar:

        def advancing(task: TaskID) -> pipeline.ProgressCallback:
            def advance(done: int, total: int, origin: str) -> None:
                bar.update(task, completed=done, total=total, description=origin[-60:])

            return advance

        yield [advancing(bar.add_task("", total=None, label=label)) for label in labels]


def _open(db: str | None) -> Store:
    try:
        return open_store(db)
    except Exception as exc:  # any driver error: say which database and why, without a traceback
        err.print(f"[red]error:[/] cannot open database {db or 'eventwire.db'}: {exc}")
        raise typer.Exit(2) from exc


def _ingest(inputs: list[str], store: Store, allow_private: bool) -> IngestReport:
    with _progress("ingest") as [progress]:
        report = pipeline.ingest(
            inputs, store, policy=FetchPolicy(allow_private=allow_private), progress=progress
        )
    _print_errors(report)
    return report


def _print_errors(report: IngestReport) -> None:
    for error in report.errors:
        err.print(f"[red]error:[/] {error}", markup=True, highlight=False, soft_wrap=True)


def _report_dict(report: IngestReport, store: Store) -> dict[str, Any]:
    return {
        "database": store.url,
        "stored": len(report.stored),
        "near_duplicates": len(report.near_duplicates),
        "duplicates": len(report.duplicates),
        "errors": [str(error) for error in report.errors],
        "stored_ids": report.stored,
    }


def _print_summary(report: IngestReport, store: Store) -> None:
    err.print(
        f"stored {len(report.stored)} new article(s) ({len(report.near_duplicates)} near-duplicate), "
        f"{len(report.duplicates)} already stored, {len(report.errors)} error(s); database {store.url}"
    )


def _articles_table(articles: list[Article], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("id", no_wrap=True, min_width=16)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("outlet", max_width=20)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=48)
    table.add_column("format", no_wrap=True, min_width=5)
    table.add_column("near-dup of", no_wrap=True, min_width=16)
    for article in articles:
        table.add_row(
            article.id,
            article.published.isoformat() if article.published else "",
            article.outlet or "",
            (article.title or article.text[:70]).strip(),
            article.raw_format,
            article.near_duplicate_of or "",
        )
    return table


@app.command()
def ingest(
    inputs: InputsArgument,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    as_json: JsonOption = False,
) -> None:
    """Read articles from files, folders, feeds and WARCs and store each once."""
    with _open(db) as store:
        report = _ingest(inputs, store, allow_private)
        if as_json:
            _print_json(_report_dict(report, store))
        _print_summary(report, store)
    raise typer.Exit(1 if report.errors else 0)


@app.command()
def run(
    inputs: InputsArgument,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    as_json: JsonOption = False,
    engine: Annotated[
        engines.Engine,
        typer.Option(help="Where annotate + extract run: here, or on Ray (pip install 'eventwire\\[ray]')."),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="Ray cluster HOST:PORT for --engine ray (default: start Ray here)."),
    ] = None,
) -> None:
    """Run the whole pipeline on the inputs and show what was found."""
    if address and engine != "ray":
        err.print("[red]error:[/] --address is for --engine ray")
        raise typer.Exit(2)
    with _open(db) as store:
        report, linked = IngestReport(), 0

        def link_between_batches() -> None:  # here while the extraction workers go on
            nonlocal linked
            linked += pipeline.link(store)

        with _progress("ingest", "extract") as [ingest_progress, extract_progress]:
            policy = FetchPolicy(allow_private=allow_private)
            arriving = pipeline.ingest_in_steps(
                inputs, store, report, policy=policy, progress=ingest_progress
            )
            try:
                extracted = engines.extract(
                    store,
                    engine,
                    address=address,
                    progress=extract_progress,
                    between_batches=link_between_batches,
                    arriving=arriving,
                )
            except engines.EngineError as error:
                _print_errors(report)
                err.print(f"[red]error:[/] {error}")
                raise typer.Exit(2) from error
        _print_errors(report)
        linked += pipeline.link(store)
        _, found = store.query_events(EventQuery(limit=None))
        if as_json:
            summary = {**_report_dict(report, store), "extracted": extracted}
            _print_json({**summary, "events": found})
        else:
            out.print(_events_table(found, f"{len(found)} event(s) from {store.count_articles()} article(s)"))
        _print_summary(report, store)
        err.print(f"extracted events from {extracted} article(s), linked {linked} new mention(s)")
    raise typer.Exit(1 if report.errors else 0)


@app.command()
def mentions(
    article_id: Annotated[str | None, typer.Option("--article", help="Only this article's mentions.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Event mentions found in each article (main and background events), with their fields."""
    with _open(db) as store:
        found = store.mentions(article_id, limit=100_000)
        titles = {a.id: a for a in store.articles(ArticleQuery(limit=100_000))}
    if as_json:
        _print_json([to_dict(m) for m in found])
    else:
        out.print(_mentions_table(found, titles, f"{len(found)} event mention(s)"))


def _event_filters(
    q: Annotated[
        str | None,
        typer.Option(
            "--q",
            "--search",
            "-s",
            help="Words that must all occur in the event's types, place, actors, method, outlets or summaries.",
        ),
    ] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type, e.g. Battles.")] = None,
    sub_event_type: Annotated[
        str | None, typer.Option("--sub-type", help="ACLED sub-event type, e.g. 'Armed clash'.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. RU.")] = None,
    geonameid: Annotated[int | None, typer.Option(help="The place's GeoNames id.")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Events whose dates reach this day or later (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Events whose dates start this day or earlier (YYYY-MM-DD).")
    ] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat in degrees.")] = None,
    min_sources: Annotated[int | None, typer.Option(min=1, help="At least this many reports.")] = None,
    disputed: Annotated[bool, typer.Option("--disputed", help="Only events whose sources disagree.")] = False,
    sort: Annotated[str, typer.Option(help=f"Order: {', '.join(SORTS)}.")] = "-sources",
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events (default: all).")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
) -> EventQuery:
    """The event filters of `events` and `export`: the API's query parameters, checked alike."""
    try:
        return event_query(
            text=q,
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=country,
            geonameid=geonameid,
            date_from=_parse_date(date_from, "--from"),
            date_to=_parse_date(date_to, "--to"),
            bbox=bbox,
            min_sources=min_sources,
            disputed=disputed,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    except QueryError as exc:
        raise typer.BadParameter(exc.reason, param_hint=f"--{exc.parameter}") from exc


def _with_event_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the event filter options; it gets the EventQuery they make as `query`."""
    filters = inspect.signature(_event_filters, eval_str=True).parameters
    own = inspect.signature(command, eval_str=True)

    @functools.wraps(command)
    def with_filters(**options: Any) -> None:
        command(query=_event_filters(**{name: options.pop(name) for name in filters}), **options)

    parameters = [p for p in own.parameters.values() if p.name != "query"] + list(filters.values())
    with_filters.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_filters.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_filters


@app.command()
@_with_event_filters
def events(
    query: EventQuery,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (one row per event).")] = False,
) -> None:
    """Events merged across reports, with how many sources and which fields they dispute."""
    with _open(db) as store:
        total, found = store.query_events(query)
    if as_json:
        _print_json(found)
    elif as_csv:
        _print_csv(found)
    else:
        shown = f"{len(found)} of {total}" if len(found) < total else str(total)
        out.print(_events_table(found, f"{shown} event(s)"))


@app.command("export")
@_with_event_filters
def export_events(
    query: EventQuery,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", dir_okay=False, help="File to write (default: stdout).")
    ] = None,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"{', '.join(FORMATS)} (default: from the file's suffix, else csv)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the matching events as ACLED-style CSV, GeoJSON, JSON Lines or Parquet."""
    by_suffix = {export.suffix: name for name, export in FORMATS.items()}
    chosen = format_name or (by_suffix.get(output.suffix.lower()) if output else None) or "csv"
    if chosen not in FORMATS:
        raise typer.BadParameter(f"{chosen!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    if output is None and chosen == "parquet" and sys.stdout.isatty():
        raise typer.BadParameter("Parquet is binary: give a file with -o", param_hint="--format")
    count = 0
    with _open(db) as store:

        def counted() -> Iterator[dict[str, Any]]:
            nonlocal count
            for record in store.iter_event_records(query):
                count += 1
                yield record

        if output is None:
            write_export(counted(), chosen, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            # Written beside the file and moved over it: a failed export leaves no half-written file.
            partial = output.with_name(f".{output.name}.partial")
            try:
                with partial.open("wb") as stream:
                    write_export(counted(), chosen, stream)
                partial.replace(output)
            finally:
                partial.unlink(missing_ok=True)
    err.print(
        f"exported {count} event(s) as {chosen}" + (f" to {output}" if output else ""),
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 opens the server to the network).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    max_body_bytes: Annotated[
        int | None,
        typer.Option(min=1, help="Largest request body in bytes (default 5 MB; EVENTWIRE_MAX_BODY_BYTES)."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Server processes (uvicorn workers); about one per core serves reads fastest."
        ),
    ] = 1,
) -> None:
    """Serve the REST API (schema at /openapi.json) and the web page at http://HOST:PORT/.

    Reading is open; EVENTWIRE_READ_TOKEN closes it to requests bearing that token. Writing
    (POST /articles) needs EVENTWIRE_API_TOKEN set, and is refused without it. With several
    workers each process loads the models on its first write; linking runs in one at a time.
    """
    import uvicorn

    from eventwire.serve import Settings, SettingsError, create_app

    try:
        settings = Settings.from_env(db=db, max_body_bytes=max_body_bytes)
    except SettingsError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    try:
        application = create_app(settings)
    except Exception as exc:  # any driver error: say which database and why, without a traceback
        err.print(f"[red]error:[/] cannot open database {db or 'eventwire.db'}: {exc}")
        raise typer.Exit(2) from exc
    writes = "open to the API token" if settings.api_token else "disabled (set EVENTWIRE_API_TOKEN)"
    reads = "need a token" if settings.read_token else "open"
    err.print(
        f"serving {application.state.store.url} at http://{host}:{port}/ ; reads {reads}, writes {writes}",
        highlight=False,
        soft_wrap=True,
    )
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="info")
        return
    # Each worker process builds its own app (and database connections) from the environment.
    application.state.store.close()
    os.environ.update(settings.environ())
    uvicorn.run(
        "eventwire.serve:create_app", factory=True, workers=workers, host=host, port=port, log_level="info"
    )


@app.command()
def event(event_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """One event: the merged record, each field's values side by side with their sources and evidence."""
    with _open(db) as store:
        found = pipeline.event(store, event_id)
        outlets = {s.article_id: s.outlet or s.article_id for s in found.sources} if found else {}
    if found is None:
        err.print(f"[red]error:[/] no event with id {event_id}")
        raise typer.Exit(1)
    if found.id != event_id:
        err.print(f"{event_id} is now {found.id} (a report renamed it or merged it into this one)")
    if as_json:
        _print_json(event_to_json(found))
        return
    out.print(
        f"[bold]{found.sub_event_type}[/] ({found.event_type}), {_value_text(found.date)}, {_value_text(found.place)}"
    )
    out.print(
        "sources: "
        + "; ".join(f"{s.outlet or s.article_id} ({s.published or 'undated'})" for s in found.sources)
    )
    for name, comparison in found.fields.items():
        table = Table(title=f"{name}: {_value_text(comparison.consensus)}", title_justify="left")
        for column in ("value", "verdict", "sources", "evidence"):
            table.add_column(column, overflow="fold")
        for alternative in comparison.alternatives:
            table.add_row(
                _value_text(alternative.value),
                alternative.verdict,
                ", ".join(outlets.get(s, s) for s in alternative.sources),
                " | ".join(f"“{e.sentence}”" for e in alternative.evidence),
                style="red" if alternative.verdict == "disputes" else None,
            )
        out.print(table)
    for link in found.links:
        if link.linked_to:
            signals = ", ".join(f"{k} {v:+g}" for k, v in link.signals.items())
            out.print(
                f"[dim]merged {link.mention_id} with {link.linked_to}: score {link.score} ({signals})[/]"
            )


def _value_text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, DateValue):
        if value.precision == "day":
            return value.start.isoformat()
        return f"{value.start.isoformat()}..{value.end.isoformat()} ({value.precision})"
    if isinstance(value, Place):
        return ", ".join(part for part in (value.name, value.admin1, value.country) if part)
    if isinstance(value, Quantity):
        return _quantity_text(value)
    if isinstance(value, tuple) and value and isinstance(value[0], Place):
        return f"{value[1]} → {_value_text(value[0])}"
    if isinstance(value, tuple):
        return " / ".join(str(v) for v in value)
    return str(value)


def _events_table(records: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title)
    for column in ("event", "sub-event type", "date", "place", "killed", "victims", "sources", "disputed"):
        table.add_column(column, overflow="fold", no_wrap=column in ("event", "date"))
    for record in records:
        row = flat_record(record)
        when = record["date"] or record["fields"].get("date", {}).get("consensus")
        killed = record["fatalities"]
        table.add_row(
            row["id"],
            row["sub_event_type"],
            _record_date_text(when),
            f"{row['place_name']}, {row['place_country'] or ''}" if row["place_name"] else "",
            _count_text(killed["min"], killed["max"]) if killed else "",
            ", ".join(row["victims"]),
            str(row["n_sources"]),
            ", ".join(row["disputed"]),
        )
    return table


def _record_date_text(value: Any) -> str:
    """A record's date, or its date field's consensus when it has none (words no date was read from)."""
    if not isinstance(value, dict):
        return str(value) if value else "-"
    if value["precision"] == "day":
        return str(value["start"])
    return f"{value['start']}..{value['end']} ({value['precision']})"


CSV_COLUMNS = {
    "id": "id",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "date_start": "date_start",
    "date_end": "date_end",
    "date_precision": "date_precision",
    "place": "place_name",
    "geonameid": "place_geonameid",
    "admin1": "place_admin1",
    "country": "place_country",
    "latitude": "place_lat",
    "longitude": "place_lon",
    "fatalities_min": "fatalities_min",
    "fatalities_max": "fatalities_max",
    "sources": "n_sources",
    "disputed": "disputed",
}
"""`events --csv` columns and the flat record's column each comes from (ACLED's: `eventwire export`)."""


def _print_csv(records: list[dict[str, Any]]) -> None:
    import csv

    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        row = flat_record(record)
        row["disputed"] = ";".join(row["disputed"])
        writer.writerow(["" if row[column] is None else row[column] for column in CSV_COLUMNS.values()])


def _mentions_table(found: list[EventMention], articles: dict[str, Article], title: str) -> Table:
    table = Table(title=title)
    for column in (
        "article",
        "outlet",
        "kind",
        "sub-event type",
        "date",
        "place",
        "killed",
        "method",
        "victims",
    ):
        table.add_column(column, overflow="fold", no_wrap=column in ("article", "sub-event type", "date"))
    for mention in found:
        article = articles.get(mention.article_id)
        place = mention.place.place if mention.place else None
        table.add_row(
            mention.article_id,
            (article.outlet or "") if article else "",
            mention.kind,
            mention.type.sub_event_type,
            _date_text(mention),
            f"{place.name}, {place.country}" if place else "",
            _quantity_text(mention.killed),
            mention.method or "",
            ", ".join(a.name for a in mention.actors if a.role == "victim"),
        )
    return table


def _date_text(mention: EventMention) -> str:
    if mention.date is None:
        return f"({mention.date_text})" if mention.date_text else ""
    value = mention.date
    if value.precision == "day":
        return value.start.isoformat()
    if value.precision == "month":
        return value.start.isoformat()[:7]
    if value.precision == "year":
        return str(value.start.year)
    return f"{value.start.isoformat()}..{value.end.isoformat()}"


def _quantity_text(quantity: Quantity | None) -> str:
    return "" if quantity is None else _count_text(quantity.low, quantity.high)


def _count_text(low: int, high: int | None) -> str:
    if high is None:
        return f"≥{low}"
    return str(low) if low == high else f"{low}–{high}"


@app.command()
def articles(
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Text to find in title or body.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List or search stored articles."""
    query = ArticleQuery(
        text=search,
        outlet=outlet,
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
        limit=limit,
        offset=offset,
    )
    with _open(db) as store:
        found = store.articles(query)
    if as_json:
        _print_json([asdict(article) for article in found])
    else:
        out.print(_articles_table(found, f"{len(found)} article(s)"))


@app.command()
def article(article_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one stored article in full."""
    with _open(db) as store:
        found = store.get_article(article_id)
    if found is None:
        err.print(f"[red]error:[/] no article with id {article_id}")
        raise typer.Exit(1)
    if as_json:
        _print_json(asdict(found))
        return
    out.print(f"[bold]{found.title or '(no title)'}[/]")
    for name in ("id", "outlet", "published", "url", "language", "raw_format", "origin", "near_duplicate_of"):
        value = getattr(found, name)
        if value:
            out.print(f"[dim]{name}:[/] {value}", highlight=False)
    out.print()
    out.print(found.text, markup=False, highlight=False)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what is stored."""
    with _open(db) as store:
        numbers = store.stats()
    if as_json:
        _print_json(numbers)
        return
    table = Table(title="eventwire store", show_header=False)
    table.add_column("what")
    table.add_column("value", overflow="fold")
    for key, value in numbers.items():
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        table.add_row(key.replace("_", " "), shown)
    out.print(table)


eval_app = typer.Typer(help="Score eventwire against public gold sets.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("geo")
def eval_geo(
    path: Annotated[
        Path, typer.Argument(help="GeoVirus, TR-News or LGL XML file.", exists=True, dir_okay=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """Toponym resolution (gold spans: accuracy@161 km, median km, AUC) and end-to-end geoparsing P/R/F1."""
    from eventwire.annotate import Annotator
    from eventwire.evaluate.geo import GoldFormatError, evaluate_geo

    annotator = Annotator.load()
    with _exit_on(GoldFormatError):
        result = evaluate_geo(path, annotator.gazetteer, annotator.nlp)
    _print_scores(result, f"geoparsing: {path.name}", as_json)


@eval_app.command("case2021")
def eval_case2021(
    path: Annotated[
        Path, typer.Argument(help="TSV with columns id, EventSnippet, SubType.", exists=True, dir_okay=False)
    ],
    cv: Annotated[
        int,
        typer.Option(
            "--cv", min=0, help="k-fold cross-validation on this file instead of the shipped model (0: off)."
        ),
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """Event-type classification on CASE 2021 Task 2 snippets: weighted/macro/micro F1 and a confusion table."""
    from eventwire.evaluate.case2021 import Case2021FormatError, cross_validate, read_case2021, score_case2021
    from eventwire.extract.event_type_model import load_event_type_classifier

    with _exit_on(Case2021FormatError):
        if cv:
            folds = cross_validate(path, cv)
            # The contract's keys hold the mean over folds; the spread and the pooled table come along.
            result = {"path": str(path), "k": cv, "n": folds["n"]}
            for metric in ("weighted_f1", "macro_f1", "micro_f1"):
                result[metric] = folds[metric]["mean"]
                result[f"{metric}_sd"] = folds[metric]["sd"]
            result["per_label"] = folds["pooled"]["per_label"]
            result["confusion"] = folds["pooled"]["confusion"]
        else:
            rows = read_case2021(path)
            classifier = load_event_type_classifier()
            predicted = [
                ranked[0][0] for ranked in classifier.predict([row.snippet for row in rows], top_k=1)
            ]
            result = {"path": str(path), **score_case2021([row.label for row in rows], predicted)}
    if as_json:
        _print_json(result)
        return
    headline = {k: v for k, v in result.items() if not isinstance(v, dict | list)}
    _print_scores(headline, f"CASE 2021 event types: {path.name}" + (f" ({cv}-fold CV)" if cv else ""), False)
    confusion = result.get("confusion", {})
    if confusion:
        table = Table(title="confusion (gold → predicted, off-diagonal)")
        for column in ("gold", "predicted as", "count"):
            table.add_column(column)
        for gold, row in sorted(confusion.items()):
            for predicted_label, count in sorted(row.items(), key=lambda item: -item[1]):
                if predicted_label != gold:
                    table.add_row(gold, predicted_label, str(count))
        out.print(table)


@eval_app.command("ecbplus")
def eval_ecbplus(
    folder: Annotated[
        Path,
        typer.Argument(
            help="ECB+ folder (topic folders of N_Mecb.xml / N_Mecbplus.xml).", exists=True, file_okay=False
        ),
    ],
    batches: Annotated[
        int, typer.Option(min=1, help="Runs the documents arrive in, each extracted and linked in turn.")
    ] = 1,
    seed: Annotated[
        int | None, typer.Option(help="Shuffle the arrival order with this seed (default: corpus order).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Document clustering against the ECB+ sub-topics: B³ F1, V-measure, adjusted Rand index.
    `--batches 8 --seed 1` measures how much the clusters depend on the order reports arrive in."""
    from eventwire.annotate import Annotator
    from eventwire.evaluate.ecbplus import EcbFormatError, evaluate_ecbplus

    with _exit_on(EcbFormatError):
        result = evaluate_ecbplus(folder, Annotator.load(), batches=batches, seed=seed)
    _print_scores(result, f"ECB+ document clustering: {folder}", as_json)


@eval_app.command("merges")
def eval_merges(
    shared: Annotated[
        Path, typer.Option(help="The shared data folder.", exists=True, file_okay=False)
    ] = Path("../shared"),
    as_json: JsonOption = False,
) -> None:
    """Every multi-article event over ≈ 350 unrelated news articles plus the seeds, with its evidence;
    then over 400 local reports of shootings (GVDB), whose pairs in one event are counted by the
    victims their gold names and by the pairs a person judged."""
    from eventwire.annotate import Annotator
    from eventwire.evaluate.merges import GvdbFormatError, audit_merges, audit_shootings

    annotator = Annotator.load()
    result = audit_merges(shared, annotator)
    with _exit_on(GvdbFormatError):
        shootings = audit_shootings(shared, annotator)
    if as_json:
        _print_json({**result, "shootings": shootings})
        return
    _print_merges("unrelated news and the seeds", result)
    pairs = ", ".join(f"{count} {kind}" for kind, count in shootings["pairs"].items())
    _print_merges(f"GVDB shootings (pairs of reports in one event: {pairs})", shootings)
    out.print(
        f"main events read as shootings (attacks on civilians, armed clashes): {shootings['read_as_shootings']}"
        f" of {shootings['articles']} reports",
        highlight=False,
    )
    judged = shootings["judged"]
    out.print(
        f"judged pairs: {len(judged['same shooting, apart'])} of {judged['same shooting']} reports of one"
        f" shooting apart, {len(judged['two shootings, together'])} of {judged['two shootings']} reports of"
        f" two shootings together; {len(judged['unjudged pairs together'])} unjudged pairs together",
        highlight=False,
    )


def _print_merges(title: str, result: dict[str, Any]) -> None:
    out.print(
        f"[bold]{title}[/]: {result['articles']} articles, {result['events']} events, "
        f"{len(result['multi_article_events'])} with more than one source",
        highlight=False,
    )
    for event in result["multi_article_events"]:
        out.print(
            f"[bold]{event['event']}[/] {event['sub_event_type']}, {event['date']}, {event['place']}",
            highlight=False,
        )
        for origin in event["articles"]:
            out.print(f"  source: {origin}", highlight=False)
        for link in event["links"]:
            out.print(
                f"  [dim]{link['mention']} → {link['linked_to']}: {link['score']} {link['signals']}[/]",
                highlight=False,
            )
        for sentence in event["evidence"]:
            out.print(f"  “{sentence}”", markup=False, highlight=False)


@contextlib.contextmanager
def _exit_on(*errors: type[Exception]) -> Iterator[None]:
    """A gold file in the wrong format: one error line naming the file and why, exit code 1."""
    try:
        yield
    except errors as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def _print_scores(result: dict[str, object], title: str, as_json: bool) -> None:
    if as_json:
        _print_json(result)
        return
    table = Table(title=title, show_header=False)
    for key, value in result.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    out.print(table)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from exc
