"""Where an event's evidence is in its article: the sentence, the trigger, the source and the target, as character
offsets into the article text.

The store keeps each mention's sentence span (``start``/``end``), its trigger phrase, where its trigger word starts
(``trigger_start``; in a store written before version 2, the offset of the coder's mention id
``article:sentence:offset``) and the words naming its actors (``source_text``/``target_text``). The spans below are
found from those: the trigger phrase at that offset when the text there is the phrase (else the trigger word, else
the phrase's occurrence in the sentence nearest that offset), and each actor's words at the
occurrence in the sentence nearest the trigger (before it for the source, after it for the target). An actor that
is not in the text (implied by CAMEO convention) has no span.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_MENTION_OFFSET = re.compile(r":(\d+)(?:/\d+)?$")


@dataclass(frozen=True)
class Evidence:
    """Character offsets ``[start, end)`` into the article text; ``None`` when not found in the text."""

    sentence: tuple[int, int] | None
    trigger: tuple[int, int] | None
    source: tuple[int, int] | None
    target: tuple[int, int] | None

    def to_json(self) -> dict[str, list[int] | None]:
        return {k: list(v) if v is not None else None for k, v in asdict(self).items()}


def _occurrences(text: str, needle: str, start: int, end: int) -> list[int]:
    """Offsets of ``needle`` in ``text[start:end]`` that do not cut a word, as offsets into ``text``."""
    if not needle:
        return []
    found = []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    for match in pattern.finditer(text, start, end):
        found.append(match.start())
    if not found:  # a phrase that begins or ends inside a word ("U.S.-led")
        i = text.find(needle, start, end)
        while i != -1:
            found.append(i)
            i = text.find(needle, i + 1, end)
    return found


def trigger_offset(mention_id: str | None) -> int | None:
    """The trigger's offset encoded in a coder mention id (``article:sentence:offset``, maybe ``/2``)."""
    if not mention_id:
        return None
    match = _MENTION_OFFSET.search(mention_id)
    return int(match.group(1)) if match else None


def locate(article_text: str, mention: dict[str, Any]) -> Evidence:
    """The evidence spans of one ``mentions`` row (a dict with ``start``, ``end``, ``trigger``, ``source_text``,
    ``target_text`` and ``mention_id``) in ``article_text``."""
    n = len(article_text)
    start, end = mention.get("start"), mention.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
        sentence_text = mention.get("text") or ""
        found = article_text.find(sentence_text) if sentence_text else -1
        if found == -1:
            return Evidence(None, None, None, None)
        start, end = found, found + len(sentence_text)
    trigger_span = None
    trigger = (mention.get("trigger") or "").strip()
    t_start, t_end = mention.get("trigger_start"), mention.get("trigger_end")
    offset = t_start if isinstance(t_start, int) else trigger_offset(mention.get("mention_id"))
    if trigger:
        if offset is not None and start <= offset and article_text.startswith(trigger, offset) \
                and offset + len(trigger) <= end:
            trigger_span = (offset, offset + len(trigger))
        elif isinstance(t_start, int) and isinstance(t_end, int) and start <= t_start < t_end <= end:
            trigger_span = (t_start, t_end)  # the trigger word (its phrase is not at that offset)
        else:
            hits = _occurrences(article_text, trigger, start, end)
            if offset is not None and hits:
                hits.sort(key=lambda i: abs(i - offset))
            if hits:
                trigger_span = (hits[0], hits[0] + len(trigger))
    anchor = trigger_span[0] if trigger_span else start

    def actor(words: str | None, before: bool, implied: Any) -> tuple[int, int] | None:
        if implied is True:  # not in the text: implied by CAMEO convention
            return None
        words = (words or "").strip()
        hits = _occurrences(article_text, words, start, end)
        if not hits:
            return None
        if trigger_span:  # an actor's words that are the trigger's own words are still the actor
            preferred = [i for i in hits if (i < anchor if before else i >= anchor)]
            hits = preferred or hits
            hits.sort(key=lambda i: abs(i - anchor))
        return hits[0], hits[0] + len(words)

    return Evidence(sentence=(start, end), trigger=trigger_span, source=actor(mention.get("source_text"), True,
                                                                       mention.get("source_implied")),
                    target=actor(mention.get("target_text"), False, mention.get("target_implied")))
