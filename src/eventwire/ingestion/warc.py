"""WARC archives (warcio), e.g. Common Crawl news: each HTML response record is one page."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventwire.ingestion.html import article_from_html
from eventwire.model import Article, IngestError


def read_warc_file(path: Path) -> Iterator[Article | IngestError]:
    origin = str(path)
    try:
        if path.stat().st_size == 0:
            yield IngestError(origin, "empty file")
            return
        stream = path.open("rb")
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    number = 0
    with stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.format != "warc":
                    yield IngestError(
                        origin, "not a WARC archive (no WARC/1.x record header)", f"record {number}"
                    )
                    return
                article = _read_record(record, origin, f"record {number}")
                if article is not None:
                    yield article
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as exc:
            # warcio fails in several ways on a cut archive (AttributeError among them).
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            yield IngestError(origin, f"damaged or truncated archive: {reason}", f"record {number}")
            return
    damage = _gzip_damage(path)
    if damage:
        yield IngestError(origin, f"damaged or truncated archive: {damage}", f"record {number + 1}")


def _gzip_damage(path: Path) -> str | None:
    """warcio stops quietly at a cut gzip member; a full decompression pass tells a whole file from a cut one."""
    if not path.name.lower().endswith(".gz"):
        return None
    try:
        with gzip.open(path) as archive:
            while archive.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return str(exc)
    return None


def _read_record(record: Any, origin: str, location: str) -> Article | IngestError | None:
    """HTML pages from `response` (status 200) and `resource` records; other records are skipped."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if "html" not in content_type.lower():
        return None
    payload = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"record ends {record.raw_stream.limit} bytes short of its declared length")
    url = record.rec_headers.get_header("WARC-Target-URI")
    stamp = record.rec_headers.get_header("WARC-Date")
    try:
        captured = datetime.fromisoformat(stamp.replace("Z", "+00:00")).date() if stamp else None
    except ValueError:
        captured = None
    return article_from_html(
        payload, origin=origin, raw_format="warc", location=location, url=url, fallback_published=captured
    )
