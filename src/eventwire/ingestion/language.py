"""Language identification, so later stages can pick language-specific models per article."""

from __future__ import annotations

import py3langid

# Below this many words the guess is noise; an unknown language is better than a wrong one.
MIN_WORDS = 3
# The opening of an article tells its language; classifying more only costs time (linear in the
# characters: over the 1,536 reports of bench/pipeline.py, 1,000 give the languages 2,000 gave in
# half the time, 0.6 ms a report).
SAMPLE_CHARS = 1000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None for text too short to tell.

    py3langid keeps its small shipped model in a module-level holder, loaded on the first call and
    then reused for the life of the process, so no model object needs passing around here.
    """
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None
    language, _score = py3langid.classify(sample)
    return str(language)
