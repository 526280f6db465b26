"""Near-duplicate articles (syndicated copies of one story on many sites), found with MinHash LSH (datasketch).

Each article gets a MinHash signature of the word 2-shingles of its normalized text (lower-cased words, so
punctuation, case and whitespace edits do not matter). When a batch is committed, every new article is looked up
in an LSH index of all current articles; candidate pairs whose estimated Jaccard similarity reaches the threshold
are stored (table ``pairs``). The ``duplicates`` table links every copy to its original: pairs form groups
(connected components), and the original of a group is its earliest article (publication date, then id; undated
articles last). Two texts whose shingle counts differ more than the threshold allows (Jaccard can never exceed
the ratio of the smaller set to the larger) are never paired, whatever the estimate says: a one-sentence item
is not a copy of the article it quotes. We require more than that bound: copies differ in size by at most a
factor of two (:data:`MIN_SIZE_RATIO`). Thresholds: see docs/store.md.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 2
THRESHOLD = 0.3  # estimated Jaccard of word 2-shingles; a lightly edited wire copy scores 0.4-0.9, unrelated
# news on the same topic under 0.15
MIN_SIZE_RATIO = 0.5  # a copy has at least half and at most twice the shingles of its original
MIN_SHINGLES = 20  # shorter texts are never declared copies (a one-line item says too little)
SEED = 1
SCHEME = "affine32"  # datasketch >= 2 hashing scheme; stored signatures are only comparable within one scheme
# datasketch 1.x has one (legacy) scheme and no ``scheme`` argument
_SCHEME_ARGS = {"scheme": SCHEME} if "scheme" in inspect.signature(MinHash.__init__).parameters else {}

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
    m = MinHash(num_perm=NUM_PERM, seed=SEED, **_SCHEME_ARGS)
    m.update_batch(list(sh))
    return m.hashvalues.astype(np.uint64).tobytes(), len(sh)


def _minhash(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, **_SCHEME_ARGS, hashvalues=np.frombuffer(sig, dtype=np.uint64))


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
        self._sigs: dict[str, tuple[str, str, MinHash, int]] = {}  # key -> (id, hash, minhash, shingles)

    @staticmethod
    def key(article_id: str, content_hash: str) -> str:
        return f"{article_id}\x00{content_hash}"

    def __len__(self) -> int:
        return len(self._sigs)

    def load(self, rows: Iterable[tuple[str, str, bytes | None, int]]) -> None:
        for article_id, content_hash, sig, size in rows:
            if sig is not None:
                self._insert(article_id, content_hash, _minhash(sig), size)

    def remove(self, article_id: str, content_hash: str) -> None:
        key = self.key(article_id, content_hash)
        if key in self._sigs:
            self._lsh.remove(key)
            del self._sigs[key]

    def add(self, article_id: str, content_hash: str, sig: bytes | None, size: int) -> list[Pair]:
        if sig is None:
            return []
        m = _minhash(sig)
        pairs = []
        for key in self._lsh.query(m):
            other_id, other_hash, other, other_size = self._sigs[key]
            if other_id == article_id or min(size, other_size) < MIN_SIZE_RATIO * max(size, other_size):
                continue
            sim = float(m.jaccard(other))
            if sim >= self.threshold:
                a, b = sorted([(article_id, content_hash), (other_id, other_hash)])
                pairs.append(Pair(a[0], a[1], b[0], b[1], round(sim, 4)))
        self._insert(article_id, content_hash, m, size)
        return sorted(pairs, key=lambda p: (p.a_id, p.b_id))

    def _insert(self, article_id: str, content_hash: str, m: MinHash, size: int) -> None:
        key = self.key(article_id, content_hash)
        if key not in self._sigs:
            self._lsh.insert(key, m)
            self._sigs[key] = (article_id, content_hash, m, size)


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
