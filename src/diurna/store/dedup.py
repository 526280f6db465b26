"""Near-duplicate articles (syndicated copies of one story on many sites), found with MinHash LSH (datasketch).

Each article gets a MinHash signature of the word 2-shingles of its normalized text (lower-cased words, so
punctuation, case and whitespace edits do not matter). When a batch is committed, every new article is looked up
in an LSH index of all current articles; candidate pairs whose estimated Jaccard similarity reaches the threshold
are stored (table ``pairs``). The ``duplicates`` table links every copy to its original: pairs form groups
(connected components), and the original of a group is its earliest article (publication date, then id; undated
articles last). Thresholds: see docs/store.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE_WORDS = 2
THRESHOLD = 0.35  # estimated Jaccard of word 2-shingles; a lightly edited wire copy scores 0.4-0.9
MIN_SHINGLES = 20  # shorter texts are never declared copies (a one-line item says too little)
SEED = 1

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> tuple[bytes | None, int]:
    """``(MinHash signature as bytes, number of shingles)``; no signature for texts under :data:`MIN_SHINGLES`."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None, len(sh)
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(list(sh))
    return m.hashvalues.astype(np.uint64).tobytes(), len(sh)


def _minhash(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=np.frombuffer(sig, dtype=np.uint64))


@dataclass(frozen=True)
class Pair:
    a_id: str
    a_hash: str
    b_id: str
    b_hash: str
    similarity: float


class DuplicateIndex:
    """An LSH index over the current articles of a store; :meth:`add` returns the near-duplicate pairs."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, tuple[str, str, MinHash]] = {}  # key -> (id, hash, minhash)

    @staticmethod
    def key(article_id: str, content_hash: str) -> str:
        return f"{article_id}\x00{content_hash}"

    def __len__(self) -> int:
        return len(self._sigs)

    def load(self, rows: Iterable[tuple[str, str, bytes | None]]) -> None:
        for article_id, content_hash, sig in rows:
            if sig is not None:
                self._insert(article_id, content_hash, _minhash(sig))

    def remove(self, article_id: str, content_hash: str) -> None:
        key = self.key(article_id, content_hash)
        if key in self._sigs:
            self._lsh.remove(key)
            del self._sigs[key]

    def add(self, article_id: str, content_hash: str, sig: bytes | None) -> list[Pair]:
        if sig is None:
            return []
        m = _minhash(sig)
        pairs = []
        for key in self._lsh.query(m):
            other_id, other_hash, other = self._sigs[key]
            if other_id == article_id:
                continue
            sim = float(m.jaccard(other))
            if sim >= self.threshold:
                a, b = sorted([(article_id, content_hash), (other_id, other_hash)])
                pairs.append(Pair(a[0], a[1], b[0], b[1], round(sim, 4)))
        self._insert(article_id, content_hash, m)
        return sorted(pairs, key=lambda p: (p.a_id, p.b_id))

    def _insert(self, article_id: str, content_hash: str, m: MinHash) -> None:
        key = self.key(article_id, content_hash)
        if key not in self._sigs:
            self._lsh.insert(key, m)
            self._sigs[key] = (article_id, content_hash, m)


def duplicate_groups(pairs: Iterable[tuple[str, str, float]],
                     dates: dict[str, dt.date | None]) -> list[tuple[str, str, float | None]]:
    """``(copy id, original id, similarity to the original or None if only linked through another copy)``."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sims: dict[tuple[str, str], float] = {}
    for a, b, sim in pairs:
        parent[find(a)] = find(b)
        sims[(a, b)] = sims[(b, a)] = sim
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    out = []
    for members in groups.values():
        members.sort(key=lambda i: (dates.get(i) is None, dates.get(i) or dt.date.min, i))
        original = members[0]
        for copy in members[1:]:
            out.append((copy, original, sims.get((copy, original))))
    return sorted(out)
