"""Language identification with py3langid's shipped model."""

from __future__ import annotations

import pytest

from eventwire.ingestion.language import detect_language

from .test_ingest_helpers import PARAGRAPH


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (PARAGRAPH, "en"),
        (
            "Российские следователи заявили в субботу, что бомба в припаркованном автомобиле убила генерала.",
            "ru",
        ),
        ("Російські слідчі заявили в суботу, що бомба в припаркованому автомобілі вбила генерала.", "uk"),
        (
            "Les enquêteurs russes ont déclaré samedi qu'une bombe cachée dans une voiture a tué un général.",
            "fr",
        ),
        (
            "Die russischen Ermittler erklärten am Samstag, eine Bombe in einem Auto habe einen General getötet.",
            "de",
        ),
    ],
)
def test_iso_639_1_codes(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_too_short_to_tell() -> None:
    assert detect_language("Moskalik killed") is None
