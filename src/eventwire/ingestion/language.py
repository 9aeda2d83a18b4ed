"""Language identification with py3langid (its small model ships inside the package)."""

from __future__ import annotations

import py3langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when the text is too short to tell."""
    sample = text[:2000]
    if len(sample.split()) < 3:
        return None
    language, _score = py3langid.classify(sample)
    return str(language)
