"""Helpers shared by the ingest tests (no tests here; the name keeps it among the ingest test files)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingestion import FetchPolicy, Source, read_source
from eventwire.model import Article, IngestError

__test__ = False

# A paragraph long enough for trafilatura to take as main text, and a page built around it.
PARAGRAPH = (
    "Russian investigators said on Saturday that a bomb hidden in a parked car killed a senior general in "
    "Balashikha, a town east of Moscow, as he walked past the vehicle on Friday morning."
)
SECOND_PARAGRAPH = (
    "The general served as deputy head of the main operations directorate of the General Staff, and a "
    "suspect was detained later the same day, according to the Investigative Committee."
)


def page_html(
    title: str = "General killed near Moscow",
    *,
    site: str | None = "Test Herald",
    published: str | None = "2025-04-26T08:00:00+00:00",
    canonical: str | None = None,
    body: str = f"<p>{PARAGRAPH}</p><p>{SECOND_PARAGRAPH}</p>",
    charset: str | None = None,
) -> str:
    """A news page with menus and a footer around the article, as real pages have."""
    head = [f"<title>{title}</title>"]
    if charset:
        head.append(f'<meta charset="{charset}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    return (
        f"<!DOCTYPE html><html><head>{''.join(head)}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Test Herald. All rights reserved.</footer></body></html>"
    )


def read_all(
    path: Path | str, kind: str, policy: FetchPolicy | None = None
) -> tuple[list[Article], list[IngestError]]:
    items = list(read_source(Source(str(path), kind), policy))
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def record_numbers(articles: list[Article]) -> list[int]:
    """The line/record/item numbers in the articles' origins ("a.jsonl:3" → 3)."""
    return [int(str(article.origin).rsplit(":", 1)[1]) for article in articles]


@dataclass(frozen=True)
class WarcRecord:
    """One record to write: `status` gives a `response` its HTTP headers."""

    type: str
    uri: str
    payload: bytes
    status: str | None = None
    content_type: str = "text/html; charset=utf-8"


def warc_bytes(records: list[WarcRecord], *, compress: bool) -> bytes:
    """A WARC written by warcio: a warcinfo record, then `records`, each dated 2025-04-25."""
    output = BytesIO()
    writer = WARCWriter(output, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "eventwire tests"}))
    for record in records:
        http_headers = (
            StatusAndHeaders(record.status, [("Content-Type", record.content_type)], protocol="HTTP/1.1")
            if record.status
            else None
        )
        warc_headers = {"WARC-Date": "2025-04-25T12:00:00Z"}
        if record.type == "resource":
            warc_headers["Content-Type"] = record.content_type
        written = writer.create_warc_record(
            record.uri,
            record.type,
            payload=BytesIO(record.payload),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )
        writer.write_record(written)
    return output.getvalue()
