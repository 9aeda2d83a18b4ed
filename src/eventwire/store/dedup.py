"""Near-duplicate detection with MinHash LSH kept in the database.

datasketch computes the signatures; the LSH buckets live in the `article_bands` table instead of
datasketch's in-memory index, so lookups stay indexed queries as the store grows, survive restarts,
and are written in the same transaction as the article (a killed run never leaves them out of step).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
# Estimated Jaccard similarity of word 3-shingles at which a copy counts as the same article with edits.
NEAR_DUPLICATE_THRESHOLD = 0.7
_WORD = re.compile(r"\w+")
_SEED = 1


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)}


def signature(text: str) -> np.ndarray:
    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=permutations, scheme=scheme)
    minhash.update_batch(list(_shingles(text)))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


@functools.cache
def _permutations() -> tuple[Any, Any]:
    """The seed's permutations (and datasketch's scheme for them), drawn once: datasketch draws
    them again for every MinHash (a third of a signature's time), and one seed gives the same."""
    drawn = MinHash(num_perm=NUM_PERM, seed=_SEED)
    return drawn.permutations, drawn.scheme


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 63-bit hash per band, so it fits a BIGINT column on every backend."""
    hashes = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest()
        hashes.append(int.from_bytes(digest, "big") >> 1)
    return hashes


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def best_match(sig: np.ndarray, candidates: Sequence[tuple[str, bytes]]) -> tuple[str, float] | None:
    """The most similar candidate at or above the threshold; ties go to the smallest id for determinism."""
    scored = [(similarity(sig, from_bytes(blob)), article_id) for article_id, blob in candidates]
    scored = [item for item in scored if item[0] >= NEAR_DUPLICATE_THRESHOLD]
    if not scored:
        return None
    score, article_id = min(scored, key=lambda item: (-item[0], item[1]))
    return article_id, score
