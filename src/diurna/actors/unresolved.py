"""Actor phrases a corpus leaves without a country: the list to grow the dictionaries from.

From coded articles (:func:`from_articles`) or from a store's mentions (:func:`from_store`): every event actor
with words in the text but no country (and no organisation code of its own), and every person or group the
article names without a country, counted by phrase (case-folded), each with one example sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from diurna.articles.model import ActorRef, Article

_DETERMINERS = ("the ", "a ", "an ", "his ", "her ", "their ", "its ")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "who", "which", "that", "his",
             "its", "their", "our", "my", "me", "those", "these", "this", "whose", "whom", "hers", "theirs", "one"}


@dataclass
class Unresolved:
    phrase: str
    count: int
    example: str  # one sentence where it occurs
    article: str  # the id of that sentence's article


def _key(text: str) -> str:
    key = " ".join(text.lower().split())
    for det in _DETERMINERS:
        if key.startswith(det):
            key = key[len(det):]
    return key


def _nationless(actor: ActorRef | None) -> bool:
    if actor is None or not actor.text or actor.implied or actor.country:
        return False
    code = actor.code or ""
    if code.startswith(("IGO", "NGO", "IMG")) and len(code) > 3:
        return False  # a named organisation has its own code
    return _key(actor.text) not in _PRONOUNS


def from_articles(articles: Iterable[Article]) -> list[Unresolved]:
    counts: Counter[str] = Counter()
    examples: dict[str, tuple[str, str]] = {}
    for article in articles:
        for event in article.events:
            for actor in (event.source, event.target):
                if _nationless(actor):
                    key = _key(actor.text)  # type: ignore[union-attr]
                    counts[key] += 1
                    examples.setdefault(key, (event.text, article.id))
        for entity in article.entities:
            if entity.country or entity.type not in ("person", "group") or (entity.code or "").startswith(("IGO", "NGO", "IMG")):
                continue
            for mention in entity.mentions:
                key = _key(mention)
                if key and key not in _PRONOUNS and key not in examples:
                    counts[key] += 1
                    sentence = next((s.text for s in article.sentences if mention in s.text), mention)
                    examples[key] = (sentence, article.id)
    return [Unresolved(k, n, *examples[k]) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def from_store(root: str | Path) -> list[Unresolved]:
    from diurna.store import Store

    con = Store(root).connect()
    rows = con.execute("""
        WITH sides AS (
            SELECT source_text AS phrase, source_country AS country, source_code AS code, text, article_id FROM mentions
            UNION ALL
            SELECT target_text, target_country, target_code, text, article_id FROM mentions)
        SELECT lower(phrase) AS phrase, count(*) AS n, min(text) AS example, min(article_id) AS article
        FROM sides
        WHERE phrase IS NOT NULL AND phrase <> '' AND country IS NULL
          AND NOT (coalesce(code, '') SIMILAR TO '(IGO|NGO|IMG)...+')
        GROUP BY lower(phrase) ORDER BY n DESC, phrase""").fetchall()
    merged: dict[str, Unresolved] = {}
    for phrase, n, example, article in rows:
        key = _key(phrase)
        if key in _PRONOUNS:
            continue
        if key in merged:
            merged[key].count += int(n)
        else:
            merged[key] = Unresolved(key, int(n), example, article)
    return sorted(merged.values(), key=lambda u: (-u.count, u.phrase))
