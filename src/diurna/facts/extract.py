"""Facts around the events: quotes with their speakers, and amounts of money.

Read from the same parses as the events (no second spaCy pass); speakers resolve through the article's actor
memory, so "Ruiz said" points at the deputy foreign minister introduced earlier.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from diurna.actors.resolver import ArticleActors
from diurna.events.frames import subject
from diurna.articles.model import Amount, Article, Quote

QUOTE_RE = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")
SPEECH_LEMMAS = {"say", "tell", "add", "state", "declare", "announce", "stress", "note", "write", "insist",
                 "warn", "explain", "ask", "urge", "argue", "comment", "reply", "respond", "describe", "quote",
                 "call", "praise", "vow", "promise", "pledge"}
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
          "tn": 1e12, "crore": 1e7, "lakh": 1e5}
CURRENCIES = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD", "€": "EUR", "euro": "EUR",
              "euros": "EUR", "eur": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
              "¥": "JPY", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
              "rs": "INR", "rs.": "INR", "ruble": "RUB", "rubles": "RUB", "roubles": "RUB", "real": "BRL",
              "reais": "BRL", "peso": "MXN", "pesos": "MXN", "rand": "ZAR", "shilling": "KES", "shillings": "KES",
              "naira": "NGN", "lira": "TRY", "won": "KRW", "riyal": "SAR", "riyals": "SAR", "dirham": "AED",
              "dirhams": "AED", "franc": "CHF", "francs": "CHF"}
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def attach_facts(article: Article, docs: list[Doc], actors: ArticleActors) -> None:
    article.quotes = []
    article.amounts = []
    for doc, sentence in zip(docs, article.sentences, strict=False):
        for match in QUOTE_RE.finditer(doc.text):
            speaker_token = _speaker(doc)
            speaker = actors.resolve_one(speaker_token) if speaker_token is not None else None
            start = sentence.start + match.start(1)
            article.quotes.append(Quote(
                text=match.group(1).strip(),
                speaker=(speaker.name if speaker else (speaker_token.text if speaker_token is not None else None)),
                speaker_code=speaker.code if speaker else None,
                sentence=sentence.index,
                span=(start, start + len(match.group(1))),
            ))
        for ent in doc.ents:
            if ent.label_ != "MONEY":
                continue
            value, unit = parse_amount(ent.text)
            start = sentence.start + ent.start_char
            article.amounts.append(Amount(text=ent.text, value=value, unit=unit, sentence=sentence.index,
                                          span=(start, start + len(ent.text))))


def _speaker(doc: Doc) -> Token | None:
    """The subject of the sentence's speech verb ("X said", "X was quoted as saying", "X described ... as")."""
    for token in doc:
        if token.lemma_.lower() in SPEECH_LEMMAS and token.pos_ == "VERB":
            quoted = [c for c in token.children if c.dep_ == "nsubjpass"] if token.lemma_.lower() == "quote" else []
            for head in quoted or subject(token):
                return head
    return None


def parse_amount(text: str) -> tuple[float | None, str | None]:
    """ "$50 billion" -> (5e10, "USD"); "2.3 million euros" -> (2.3e6, "EUR"); unknown parts stay None."""
    lower = text.lower().replace("\u00a0", " ")
    unit = None
    for symbol in ("us$", "$", "€", "£", "¥"):
        if symbol in lower:
            unit = CURRENCIES[symbol]
            break
    words = re.findall(r"[a-z$€£¥.]+", lower)
    if unit is None:
        for word in words:
            if word in CURRENCIES:
                unit = CURRENCIES[word]
                break
    number = NUMBER_RE.search(lower)
    if number is None:
        return None, unit
    raw = number.group(0).replace(",", "")  # thousands separators, with or without decimals: "1,500", "2,500.75"
    try:
        value = float(raw)
    except ValueError:
        return None, unit
    for word in words:
        if word in SCALES and (word not in ("m",) or "$" in lower):
            value *= SCALES[word]
            break
    return value, unit
