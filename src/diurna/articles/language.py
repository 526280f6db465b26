"""Language identification with langdetect (seeded, so results are reproducible)."""

from __future__ import annotations

import functools
from typing import Any

MIN_CHARS = 20  # below this, do not guess
SAMPLE_CHARS = 1000
# Words that are frequent in English prose and rare as words of other languages written in Latin script.
# Text where they make up at least 12% of the first 200 words is English without asking langdetect, which
# is by far the slowest step of normalization.
_ENGLISH = frozenset(
    "the and of to that said was for with from has have were which would their they this been by its".split()
)

# For a single short sentence: two of these words make it English.
_ENGLISH_SHORT = _ENGLISH | frozenset("on in at after over against will are is into its".split())


@functools.cache
def _langdetect() -> Any:
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0
    return detect_langs


def detect_language(text: str) -> tuple[str | None, float]:
    """Return ``(language code, probability)``; ``(None, 0.0)`` when the text is too short or has no letters.

    Only the first ~1000 characters are examined. Short texts (under 200 characters) must be identified with
    probability 0.9 or more; otherwise the language is reported as unknown rather than guessed.
    """
    sample = text[:SAMPLE_CHARS].strip()
    if sum(c.isalpha() for c in sample) < MIN_CHARS:
        return None, 0.0
    words = [w.strip(".,;:!?\"'()“”‘’").lower() for w in sample.split()[:200]]
    if len(words) >= 20 and sum(w in _ENGLISH for w in words) >= 0.12 * len(words):
        return "en", 1.0
    if len(words) < 20 and len(_ENGLISH_SHORT.intersection(words)) >= 2:
        return "en", 1.0  # langdetect calls one-line English headlines Estonian or Afrikaans
    try:
        candidates = _langdetect()(sample)
    except Exception:  # langdetect raises LangDetectException on text without usable features
        return None, 0.0
    if not candidates:
        return None, 0.0
    best = candidates[0]
    needed = 0.9 if len(sample) < 200 else 0.7
    if best.prob < needed:
        return None, best.prob
    return best.lang, best.prob
