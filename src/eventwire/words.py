"""How rare a word is in English at large, from wordfreq's fixed frequency lists.

Shared by the store's candidate index (a report is found through its rarest words), the linker's
content similarity (rare words weigh more) and the geocoder (a common word is no place name). Fixed
lists, not an IDF learnt from the store, which would change with what it holds and make the link of
two reports depend on what arrived before them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from wordfreq import zipf_frequency

COMMON_ZIPF = 6.0
"""Zipf frequency (log10 per billion words) at and above which a word says nothing about an event:
"the" is 7.7, "said" 6.6, "people" 6.3 weigh nothing; "police" 5.3, "earthquake" 4.2, "lohan" 3.0."""


@functools.cache
def zipf(term: str) -> float:
    """wordfreq's Zipf frequency of an English word: log10 of its uses per billion words."""
    return float(zipf_frequency(term, "en"))


@functools.cache
def term_weight(term: str) -> float:
    """0 for the commonest words, up to 6 for a word wordfreq has never seen."""
    return max(0.0, COMMON_ZIPF - zipf(term))


def rarest(words: Iterable[str], count: int) -> list[str]:
    """The `count` rarest of these words, ties by the word (the same list whatever their order)."""
    return sorted(set(words), key=lambda word: (-term_weight(word), word))[:count]
