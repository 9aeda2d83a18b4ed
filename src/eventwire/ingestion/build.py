"""What every reader shares: turning raw bytes into text and text plus metadata into an `Article`."""

from __future__ import annotations

from datetime import date, datetime

from eventwire.ingestion.language import detect_language
from eventwire.model import Article, IngestError

BINARY_PROBE = 8192


def looks_binary(data: bytes) -> bool:
    """NUL bytes do not occur in text files (UTF-16 aside, which carries a BOM)."""
    probe = data[:BINARY_PROBE]
    return b"\x00" in probe and not probe.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode_text(data: bytes) -> str:
    """Strict UTF-8 (BOM allowed) or BOM-marked UTF-16; raises ValueError with a readable reason."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not valid UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc


def parse_published(value: object) -> date | None:
    """An ISO date or date-time (any offset) → its calendar date; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r}") from None


def build_article(
    text: str,
    raw_format: str,
    *,
    origin: str,
    location: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
    title: str | None = None,
) -> Article | IngestError:
    text = text.strip()
    if not text:
        return IngestError(origin, "no article text", location)
    return Article.create(
        text,
        raw_format,
        url=url or None,
        outlet=(outlet or "").strip() or None,
        published=published,
        title=(title or "").strip() or None,
        language=detect_language(text),
        origin=f"{origin}:{location}" if location else origin,
    )
