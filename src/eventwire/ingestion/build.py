"""What every reader shares: where a thing was read, raw bytes checks, dates, and the `Article` itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from eventwire.ingestion.language import detect_language
from eventwire.model import Article, IngestError

# NUL bytes never occur in UTF-8 text; looking at the head is enough to tell a binary file.
BINARY_PROBE_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
MAX_REASON_CHARS = 500
# Half a UTF-16 pair: JSON's "\ud800" escapes decode to one, and no text can be stored or hashed with it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Position:
    """Where an article or error comes from: a file or URL and, inside it, a numbered line/record/item.

    One value gives both spellings users see: `location` ("line 3") in errors and `label`
    ("a.jsonl:3") as the article's origin.
    """

    origin: str
    unit: str | None = None
    number: int | None = None

    def at(self, unit: str, number: int) -> Position:
        return Position(self.origin, unit, number)

    @property
    def location(self) -> str | None:
        return f"{self.unit} {self.number}" if self.unit else None

    @property
    def label(self) -> str:
        return f"{self.origin}:{self.number}" if self.unit else self.origin

    def error(self, reason: str) -> IngestError:
        """Each error is one line of a report, while a reason may quote a damaged input (a link with
        line breaks in it) or a parser's message: whitespace runs become one space, and a reason
        longer than MAX_REASON_CHARS is cut."""
        line = " ".join(reason.split())
        if len(line) > MAX_REASON_CHARS:
            line = line[: MAX_REASON_CHARS - 1] + "\u2026"
        return IngestError(self.origin, line, self.location)


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:BINARY_PROBE_BYTES] and not data.startswith(_UTF16_BOMS)


def load_bytes(path: Path, what: str) -> bytes | IngestError:
    """A file's bytes, or the one error that stops reading it (unreadable, empty or binary)."""
    where = Position(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return where.error(f"cannot read file: {exc.strerror or exc}")
    if not data.strip():
        return where.error("empty file")
    if looks_binary(data):
        return where.error(f"binary file (contains NUL bytes), not {what}")
    return data


def decode_utf8(data: bytes, offset: int = 0) -> str:
    """Strict UTF-8 (a BOM is allowed): guessing an encoding would silently garble names and numbers.

    `offset` is where `data` starts in its file, so the reason points at the byte in the file.
    Raises ValueError with the reason.
    """
    if data.startswith(_UTF16_BOMS):
        raise ValueError("encoded as UTF-16 (byte-order mark found); save the file as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not valid UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {offset + exc.start})"
        ) from None


def parse_published(value: str) -> date:
    """An ISO date or date-time (any offset) → the calendar date the publisher wrote; ValueError otherwise."""
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise ValueError(f"not an ISO date or date-time: {value!r}") from None


def build_article(
    text: str,
    raw_format: str,
    where: Position,
    *,
    url: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
    title: str | None = None,
) -> Article | IngestError:
    """The one place articles are made, so every format cleans metadata and detects language alike."""
    text = text.strip()
    if not text:
        return where.error("no article text")
    for name, value in (("text", text), ("title", title), ("outlet", outlet), ("URL", url)):
        if value and "\x00" in value:
            return where.error(
                f"the {name} contains a NUL character (at character {value.index(chr(0))}), "
                "which no database text field can hold"
            )
        surrogate = _LONE_SURROGATE.search(value) if value else None
        if surrogate:
            return where.error(
                f"the {name} is not valid Unicode: a lone surrogate U+{ord(surrogate.group()):04X} at "
                f"character {surrogate.start()} (half of a UTF-16 pair, e.g. a JSON \\u escape)"
            )
    return Article.create(
        text,
        raw_format,
        url=_clean(url),
        outlet=_clean(outlet),
        published=published,
        title=_clean(title),
        language=detect_language(text),
        origin=where.label,
    )


def _clean(value: str | None) -> str | None:
    """Metadata is one line: collapse whitespace, and store nothing rather than an empty string."""
    if value is None:
        return None
    return " ".join(value.split()) or None
