"""Tone on GDELT's -100...+100 scale, from VADER (the ``vaderSentiment`` package and the lexicon it ships).

A sentence's tone is VADER's compound score x 100 (the compound is already normalized to -1...+1); an article's
tone is the mean of its coded sentences' tones. GDELT's own tone is the percentage of positive words minus the
percentage of negative words; it has the same bounds but, in practice, a narrower spread (most articles fall
between -10 and +10), so compare our tones with one another, not with GDELT's values. docs/output.md, "Tone".
"""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]


_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d"


class ToneScorer:
    """One VADER analyzer (it loads its lexicon once), scoring sentences."""

    def __init__(self) -> None:
        self.analyzer = SentimentIntensityAnalyzer()
        self._lexicon: dict[str, float] = self.analyzer.lexicon
        self._emojis: dict[str, str] = self.analyzer.emojis

    def sentence(self, text: str) -> float:
        if not self._has_sentiment_word(text):
            return 0.0  # VADER's score comes only from lexicon words and emojis: none here, so it is 0 (and cheap)
        return round(self.analyzer.polarity_scores(text)["compound"] * 100, 2)

    def _has_sentiment_word(self, text: str) -> bool:
        for word in text.lower().split():
            if word in self._lexicon or word.strip(_PUNCTUATION) in self._lexicon:
                return True
        return any(ch in self._emojis for ch in text if ord(ch) > 127)

    @staticmethod
    def article(tones: list[float]) -> float | None:
        return round(sum(tones) / len(tones), 2) if tones else None
