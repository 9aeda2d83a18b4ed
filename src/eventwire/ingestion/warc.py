"""WARC archives (warcio), e.g. Common Crawl news: each HTML page captured in it is one article."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventwire.ingestion.build import Position
from eventwire.ingestion.html import article_from_html, charset_of
from eventwire.model import Article, IngestError

_GZIP_MAGIC = b"\x1f\x8b"
_READ_CHUNK = 1 << 16


class DamagedArchive(Exception):
    """The archive ends or breaks inside a record."""


class _StrictGzip:
    """Gzip members inflated one at a time with zlib, so damage is caught before a record is taken.

    warcio, inflating by itself, takes a cut member for the end of the archive and stops quietly;
    the stdlib's GzipFile checks a member's CRC only on the read after its last bytes, by which time
    the record built from the damaged bytes has been handed on. Here each member's CRC is checked
    as soon as its trailer arrives, and `finish_member` makes it arrive before a record is taken.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflater: Any = None  # the member being read; None before the first one
        self._input = b""  # compressed bytes not yet inflated
        self._output = b""  # inflated bytes not yet handed over

    def read(self, size: int = -1) -> bytes:
        size = size if size > 0 else _READ_CHUNK
        while not self._output:
            if not self._inflate(size):
                return b""
        handed, self._output = self._output[:size], self._output[size:]
        return handed

    def finish_member(self) -> None:
        """Inflates the rest of the current member (a record's trailing blank lines, with one record
        per member as WARC writers do) so that its CRC is checked now. Stops early once the
        rest is large: then the archive packs many records into one member and reading ahead
        would hold too much."""
        while self._inflater is not None and not self._inflater.eof and len(self._output) < _READ_CHUNK:
            if not self._inflate(_READ_CHUNK):
                return

    def _inflate(self, size: int) -> bool:
        """Adds up to `size` inflated bytes to the output; False at the clean end of the archive."""
        if self._inflater is None or self._inflater.eof:
            self._input = self._input.lstrip(b"\0")  # gzip allows zero padding between members
            while not self._input:
                self._input = self._raw.read(_READ_CHUNK).lstrip(b"\0")
                if not self._input:
                    return False
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        if not self._input:
            self._input = self._raw.read(_READ_CHUNK)
            if not self._input:
                raise DamagedArchive("the gzip data is cut short (the last member has no end)")
        self._output += self._inflater.decompress(self._input, size)
        self._input = self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail
        return True


# Types warcio, gzip and zlib raise on a damaged archive; warcio's header parsing raises plain
# ValueError/IndexError/AttributeError on garbage, so those count as damage too.
_DAMAGE = (
    DamagedArchive,
    ArchiveLoadFailed,
    OSError,
    zlib.error,
    EOFError,
    ValueError,
    IndexError,
    AttributeError,
)


def read_warc_file(path: Path) -> Iterator[Article | IngestError]:
    """Pages in archive order; reading stops at the first damaged record with one error naming it."""
    file = Position(str(path))
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield file.error(f"cannot read file: {exc.strerror or exc}")
        return
    with stream:
        head = stream.read(2)
        if not head:
            yield file.error("empty file")
            return
        stream.seek(0)
        source: Any = _StrictGzip(stream) if head == _GZIP_MAGIC else stream
        number = 1  # the record being read, so damage inside a record or between records names it
        try:
            for record in ArchiveIterator(source):
                if record.format != "warc":  # warcio reads any line of five words as an old ARC header
                    raise DamagedArchive("not a WARC record (no WARC/1.x header line)")
                item = _read_record(record, file.at("record", number))
                _require_complete(record)
                if isinstance(source, _StrictGzip):
                    source.finish_member()
                if item is not None:
                    yield item
                number += 1
        except _DAMAGE as exc:
            problem = "not a readable WARC archive" if number == 1 else "damaged or truncated archive"
            yield file.at("record", number).error(f"{problem}: {_first_line(exc)}")


def _read_record(record: Any, where: Position) -> Article | IngestError | None:
    """HTML pages from `response` records (HTTP 200) and `resource` records; other records are skipped."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    if "html" not in (content_type or "").lower():
        return None
    payload = record.content_stream().read()
    return article_from_html(
        payload,
        origin=where,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        raw_format="warc",
        fallback_published=_capture_date(record.rec_headers.get_header("WARC-Date")),
        charset=charset_of(content_type),
    )


def _require_complete(record: Any) -> None:
    """An uncompressed archive cut inside a record just reads short; the record's declared length
    tells. Raises DamagedArchive, so a page from a cut record is never taken for the whole page."""
    while record.raw_stream.read(_READ_CHUNK):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        raise DamagedArchive(f"the record ends {missing} bytes short of its declared length")


def _capture_date(stamp: str | None) -> date | None:
    """When the page was captured: an upper bound for its publication, used when the page has no date."""
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).date()
    except ValueError:
        return None


def _first_line(exc: BaseException) -> str:
    """warcio quotes the bad line, binary junk included; the first 120 printable characters suffice."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    printable = "".join(char if char.isprintable() else "?" for char in message)
    return printable[:120]
