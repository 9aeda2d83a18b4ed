"""Data-model objects to JSON-ready dicts and back, for the store, `--json` output and Ray."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from eventwire.model import (
    Actor,
    Article,
    DateValue,
    Event,
    EventMention,
    EventType,
    Evidence,
    Place,
    PlaceMention,
    Quantity,
    VictimDescription,
)


def to_dict(value: Any) -> dict[str, Any]:
    """A data-model object as JSON-ready values: dates in ISO form, tuples as lists. One pass over
    the fields: `dataclasses.asdict` deep-copies every value before the dates could be converted,
    which made serialising a report's mentions 3x slower (the linking process stores them all)."""
    plain: dict[str, Any] = _plain(value)
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if (names := _field_names(type(value))) is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names, None for any other type (each type read once)."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


def _evidence(data: dict[str, Any] | None) -> Evidence | None:
    return Evidence(**data) if data else None


def _place(data: dict[str, Any] | None) -> Place | None:
    return Place(**data) if data else None


def _date(data: dict[str, Any] | None) -> DateValue | None:
    if not data:
        return None
    return DateValue(
        date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), data["precision"], data["text"]
    )


def _place_mention(data: dict[str, Any] | None) -> PlaceMention | None:
    if not data:
        return None
    return PlaceMention(
        data["text"],
        _place(data["place"]),
        _evidence(data["evidence"]),
        _place(data["anchor"]),
        data["offset_km"],
        data["bearing_deg"],
        data.get("quarter"),
    )


def _quantity(data: dict[str, Any] | None) -> Quantity | None:
    return Quantity(**data) if data else None


def article_from_dict(data: dict[str, Any]) -> Article:
    """The inverse of `to_dict` for an article (articles cross to Ray workers as plain dicts)."""
    published = data.get("published")
    return Article(**{**data, "published": date.fromisoformat(published) if published else None})


def mention_from_dict(data: dict[str, Any]) -> EventMention:
    kind = data["type"]
    return EventMention(
        article_id=data["article_id"],
        index=data["index"],
        kind=data["kind"],
        type=EventType(
            kind["event_type"],
            kind["sub_event_type"],
            kind["case_label"],
            kind["confidence"],
            _evidence(kind["evidence"]),
        ),
        date=_date(data["date"]),
        date_evidence=_evidence(data["date_evidence"]),
        date_text=data["date_text"],
        place=_place_mention(data["place"]),
        other_places=tuple(p for p in map(_place_mention, data["other_places"]) if p),
        actors=tuple(
            Actor(
                a["name"],
                a["role"],
                a["title"],
                a["affiliation"],
                a["claimed_responsibility"],
                _evidence(a["evidence"]),
            )
            for a in data["actors"]
        ),
        killed=_quantity(data["killed"]),
        killed_evidence=_evidence(data["killed_evidence"]),
        injured=_quantity(data["injured"]),
        injured_evidence=_evidence(data["injured_evidence"]),
        method=data["method"],
        method_evidence=_evidence(data["method_evidence"]),
        summary=_evidence(data["summary"]),
        names=tuple(data.get("names", ())),
        terms=tuple(data.get("terms", ())),
        term_counts=tuple(data.get("term_counts", ())),
        years=tuple(data.get("years", ())),
        event_years=tuple(data.get("event_years", ())),
        regions=tuple(data.get("regions", ())),
        streets=tuple(data.get("streets", ())),
        described_victims=tuple(
            VictimDescription(v["text"], v["sex"], v["age"], _evidence(v["evidence"]))
            for v in data.get("described_victims", ())
        ),
        published=date.fromisoformat(data["published"]) if data.get("published") else None,
    )


def _json_value(value: Any) -> Any:
    """Alternative values as plain JSON: dates, places with the words used, counts as ranges."""
    if isinstance(value, DateValue):
        return {"start": value.start.isoformat(), "end": value.end.isoformat(), "precision": value.precision}
    if isinstance(value, Quantity):
        return {"min": value.low, "max": value.high}
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Place):
        return {**(_place_json(value[0]) or {}), "text": value[1]}
    if isinstance(value, tuple):
        return list(value)
    return value


def _place_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "geonameid": place.geonameid,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
    }


def event_to_json(event: Event) -> dict[str, Any]:
    """The stable JSON contract of an event (CLI `--json`, API, exports)."""
    return {
        "id": event.id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": {
            "start": event.date.start.isoformat(),
            "end": event.date.end.isoformat(),
            "precision": event.date.precision,
        }
        if event.date
        else None,
        "place": _place_json(event.place),
        "fatalities": {"min": event.fatalities.low, "max": event.fatalities.high}
        if event.fatalities
        else None,
        "actors": [_plain(actor) for actor in event.actors],
        "sources": [
            {
                "article_id": s.article_id,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
            }
            for s in event.sources
        ],
        "fields": {
            name: {
                "consensus": _json_value(comparison.consensus),
                "alternatives": [
                    {
                        "value": _json_value(a.value),
                        "sources": list(a.sources),
                        "verdict": a.verdict,
                        "evidence": [_plain(e) for e in a.evidence],
                    }
                    for a in comparison.alternatives
                ],
            }
            for name, comparison in event.fields.items()
        },
        "links": [_plain(link) for link in event.links],
        "mentions": [m.id for m in event.mentions],
    }
