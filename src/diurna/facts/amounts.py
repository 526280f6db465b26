"""Amounts in a parsed sentence: money, counts of things, percentages, durations and quantities.

Candidates come from spaCy's entities (MONEY, CARDINAL, PERCENT, QUANTITY; a DATE that is a duration or a bare
range) and from number tokens the entity recognizer missed; each is widened over the words around it that belong to
the amount (a currency before, a scale after, "over" before, "and 15" after) and read by :func:`read_number`. What a
count counts and the verb it goes with come from the parse (nummod, "hundreds of X", the subject of "were killed").
The word lists are data (``data/facts/words.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from diurna.articles.model import Amount, Sentence
from diurna.facts.tokens import Rows, hashes, matching, token_array
from diurna.facts.words import FactWords
from diurna.nlp import ents_of, tokens_of

AMOUNT_LABELS = {"MONEY", "CARDINAL", "PERCENT", "QUANTITY"}
SKIP_LABELS = {"DATE", "TIME", "ORDINAL"}  # numbers inside these are not amounts (a DATE may be a duration)
DIGITS_RE = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)([a-z]{0,3})$")
RANGE_RE = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)[-–—](\d+(?:,\d{3})*(?:\.\d+)?)$")
NOUN_DEPS = {"nummod", "quantmod", "compound", "nmod", "amod", "npadvmod"}
ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj", "appos", "ROOT"}
MAX_WIDEN = 4


@dataclass
class Reading:
    """What :func:`read_number` makes of the words of one amount."""

    values: list[float] = field(default_factory=list)  # one number, or the two ends of a range
    currency: str | None = None
    percent: bool = False
    qualifier: str | None = None
    vague: tuple[float, float] | None = None  # "hundreds of": the range it names
    vague_words: str | None = None  # the words that name it ("hundreds", "a few dozen")
    unit_words: list[str] = field(default_factory=list)  # other words ("km", "tonnes", "years")


def _lower(token: Token) -> str:
    return token.lower_


def read_number(words: list[str], w: FactWords) -> Reading:
    """Read the lower-case words of an amount ("over", "$", "50", "billion") into a :class:`Reading`. Never
    raises: what it cannot read is left out (a reading without values is not an amount)."""
    r = Reading()
    i = 1 if words and words[0] in ("between", "from") else 0  # the start of a range, not a qualifier
    joined = " ".join(words[i:])
    for approx in w.approximators:
        if joined == approx or joined.startswith(approx + " "):
            r.qualifier = approx
            i += len(approx.split())
            break
    total = 0.0
    current = 0.0
    have = False
    scaled = False

    def finish() -> None:
        nonlocal total, current, have, scaled
        if have:
            r.values.append(total + current)
        total, current, have, scaled = 0.0, 0.0, False, False

    while i < len(words):
        word = words[i]
        rest = " ".join(words[i:])
        vague = next((k for k in sorted(w.vague_counts, key=len, reverse=True)
                      if rest == k or rest.startswith(k + " ")), None)
        if vague is not None:
            r.vague = w.vague_counts[vague]
            r.vague_words = vague
            i += len(vague.split())
            continue
        percent = next((p for p in w.percent_words if rest == p or rest.startswith(p + " ")), None)
        if percent is not None and have:
            r.percent = True
            i += len(percent.split())
            continue
        if word in w.currencies and (word.isalpha() or word in w.currency_symbols or word == "rs."):
            r.currency = r.currency or w.currencies[word]
            i += 1
            continue
        for symbol in w.currency_symbols:  # "$50", "us$5", "€1.2bn"
            if word.startswith(symbol) and len(word) > len(symbol):
                r.currency = r.currency or w.currencies[symbol]
                word = word[len(symbol):]
                break
        if word.endswith("%") and len(word) > 1:
            r.percent = True
            word = word[:-1]
        span = RANGE_RE.match(word)
        if span:
            finish()
            r.values.extend(float(x.replace(",", "")) for x in span.groups())
            i += 1
            continue
        digits = DIGITS_RE.match(word)
        if digits:
            if have and not scaled and current:  # two numbers in a row: "10 15" is two, keep the first
                finish()
            current += float(digits.group(1).replace(",", ""))
            have = True
            suffix = digits.group(2)
            if suffix in w.scales:
                total += current * w.scales[suffix]
                current, scaled = 0.0, True
        elif word in ("a", "an") and not have and i + 1 < len(words) and words[i + 1] in w.scales | {
                "hundred": 1.0, "dozen": 1.0}:
            current, have = 1.0, True
        elif word in ("a", "an"):
            pass  # "half a million": the "a" adds nothing
        elif word in ("hundred", "dozen", "score") and word in w.number_words:
            current = (current or 1.0) * w.number_words[word]
            have = True
        elif word in w.number_words and word not in ("a", "an"):
            current += w.number_words[word]
            have = True
        elif word in w.scales and (len(word) > 1 or r.currency) and (have or word not in ("m", "b", "k")):
            total += (current or 1.0) * w.scales[word]
            current, have, scaled = 0.0, True, True
        elif word == "and" and words[i + 1: i + 3] == ["a", "half"] and have:
            current += 0.5  # "seven and a half years"
            i += 3
            continue
        elif word == "and" and words[0] != "between":
            break  # "aged 11 and seven": two numbers, not a range; the first is the amount
        elif word in ("-", "–") and i > 0 and 20 <= w.number_words.get(words[i - 1], 0) <= 90 \
                and i + 1 < len(words) and w.number_words.get(words[i + 1], 10) < 10:
            pass  # "eighty-one": one number
        elif word in w.range_words:
            finish()
        elif word == "%":
            r.percent = True
        elif word.isalpha():
            r.unit_words.append(word)
        i += 1
    finish()
    if r.vague is not None and not r.values:
        r.values = [r.vague[0]]
    return r


def _number_token(token: Token, w: FactWords) -> bool:
    lower = token.lower_
    if token.like_num or lower in w.vague_counts:
        return True
    if lower in w.number_words:
        return lower not in ("a", "an", "half", "score")
    if not lower or lower[0] not in w.number_starts:
        return False  # most tokens stop here
    return bool(DIGITS_RE.match(lower) or RANGE_RE.match(lower)
                or any(lower.startswith(s) and DIGITS_RE.match(lower[len(s):]) for s in w.currency_symbols))


class AmountReader:
    """Finds the amounts of one parsed sentence."""

    def __init__(self, words: FactWords) -> None:
        self.w = words
        self.money_words = {k for k in words.currencies if k.isalpha() or k == "rs."}
        self.number_words = hashes([*words.number_words, *(k.split()[0] for k in words.vague_counts), "tens"])
        self.number_starts = hashes(words.number_starts)

    def read(self, sentence: Sentence, doc: Doc, arr: Rows | None = None) -> list[Amount]:
        taken: set[int] = set()
        found: list[Amount] = []
        for span, label in self._candidates(doc, arr):
            if any(t.i in taken for t in span):
                continue
            amount = self._amount(sentence, doc, span, label)
            if amount is not None:
                found.append(amount)
                first, end = amount_span_tokens(doc, sentence, amount)
                taken.update(range(first, end))
        found.sort(key=lambda a: a.span[0])
        return found

    # ------------------------------------------------------------------ candidates
    def _candidates(self, doc: Doc, arr: Rows | None) -> list[tuple[Span, str]]:
        out: list[tuple[Span, str]] = []
        in_ent: set[int] = set()
        for ent in ents_of(doc):
            in_ent.update(range(ent.start, ent.end))
            if ent.label_ in AMOUNT_LABELS:
                out.append((ent, ent.label_))
            elif ent.label_ in ("DATE", "TIME") and any(_number_token(t, self.w) for t in ent):
                words = {t.lower_ for t in ent}
                if words & set(self.w.duration_units) and not any(t.lower_ in ("ago", "old") for t in ent):
                    out.append((ent, "DURATION"))
                elif all(_number_token(t, self.w) or t.lower_ in self.w.range_words
                         or t.lower_ in self.w.approximators for t in ent):
                    out.append((ent, "CARDINAL"))  # "between 10 and 15", read as a date by the small model
        for i in matching(token_array(doc) if arr is None else arr, self.number_words, lemma=False,
                          prefixes=self.number_starts, numbers=True):
            token = doc[i]
            if token.i in in_ent or not _number_token(token, self.w):
                continue
            lower = token.lower_
            if lower in self.w.vague_counts or token.pos_ == "NUM" or token.like_num or lower[0] in self.w.number_starts:
                out.append((doc[token.i: token.i + 1], "CARDINAL"))
        out.sort(key=lambda c: c[0].start)
        return out

    def _widen(self, doc: Doc, span: Span, label: str) -> tuple[int, int]:
        """The token range of the amount: ``span`` with the currency, approximator, scale and range words around
        it (a duration keeps its own words: "over the past 10 years" is not approximate)."""
        w = self.w
        start, end = span.start, span.end
        if label != "DURATION":
            for _ in range(MAX_WIDEN):
                prev = doc[start - 1] if start > 0 else None
                if prev is None:
                    break
                lower = prev.lower_
                if lower in self.money_words or any(lower == s for s in w.currency_symbols) or lower in ("between",
                                                                                                          "from"):
                    start -= 1
                    continue
                grown = next((len(a.split()) for a in w.approximators
                              if start - len(a.split()) >= 0
                              and " ".join(t.lower_ for t in doc[start - len(a.split()): start]) == a), 0)
                if grown and (grown > 1 or lower not in ("and", "to", "plus", "under", "below", "above")) or lower in (
                        "about", "around", "nearly", "almost", "over", "some", "approximately", "roughly"):
                    start -= max(grown, 1)
                    continue
                break
        for _ in range(MAX_WIDEN):
            if end >= len(doc):
                break
            nxt = doc[end]
            lower = nxt.lower_
            if lower in w.scales and len(lower) > 1 or lower in self.money_words or lower in ("%", "percent") \
                    or (lower == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent"):
                end += 2 if lower == "per" else 1
                continue
            joins = lower in w.range_words and lower not in ("between", "from") and (
                lower != "and" or doc[start].lower_ == "between")
            if joins and end + 1 < len(doc) and _number_token(doc[end + 1], w) \
                    and doc[end + 1].lower_ not in w.vague_counts:
                end += 2
                continue
            if label == "QUANTITY" and nxt.is_alpha and nxt.pos_ in ("NOUN", "PROPN") and end == span.end:
                break
            break
        return start, end

    # ------------------------------------------------------------------ one amount
    def _amount(self, sentence: Sentence, doc: Doc, span: Span, label: str) -> Amount | None:
        start, end = self._widen(doc, span, label)
        if doc[start].lower_ in ("between", "from") and not any(
                t.lower_ in self.w.range_words and t.lower_ not in ("between", "from") for t in doc[start + 1:end]):
            start += 1  # "from two cramped centres": not a range
        while end > start + 1 and (doc[end - 1].lower_ in self.w.range_words or doc[end - 1].text in (",", ";", "(")):
            end -= 1  # "aged 11 and": the joiner of a range that is not one
        if start >= end:
            return None
        if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_alpha:
            return None  # a compound adjective ("two-way", "10-year-old"), not an amount
        tokens = doc[start:end]
        reading = read_number([t.lower_ for t in tokens], self.w)
        if not reading.values:
            return None
        head = _number_head(tokens, self.w)
        kind, unit = self._kind(reading, label, tokens)
        counted: Token | None = None
        verb: Token | None = None
        if kind in ("count", "quantity"):
            counted = _counted(head, tokens, self.w) if head is not None else None
            if kind == "count" and counted is not None and counted.lower_ in self.w.duration_units:
                kind, unit = "duration", self.w.duration_units[counted.lower_]
                counted = None
        if kind == "duration" and reading.values == [1.0] and tokens[0].lower_ == "one" and len(tokens) == 2:
            return None  # "one day, they will return": a time, not a duration
        if kind == "count":
            verb = _verb(counted or head, self.w) if head is not None else None
            if counted is None and verb is None and not _argument(head):
                return None  # a number that counts nothing ("one of them", "No 10"): not an amount
            if reading.values == [1.0] and all(t.lower_ in ("one", "a", "an", "single") for t in tokens):
                return None  # "one thing", "the one who": an article, not a count
            if head is not None and counted is not None and counted.i < head.i:
                return None  # an identifier after its noun ("Article 370", "Resolution 2254")
            if len(reading.values) == 1 and 1800 <= reading.values[0] <= 2100 and counted is None \
                    and reading.qualifier is None and head is not None and head.like_num and "," not in head.text:
                return None  # a year read as a number
        values = reading.values
        low = high = None
        if len(values) >= 2:
            low, high = min(values[:2]), max(values[:2])
        elif reading.vague is not None:
            low, high = reading.vague
        value = values[0] if len(values) == 1 else low
        casualty = None
        if kind == "count" and verb is not None and verb.lemma_.lower() == "toll":
            kinds = [self.w.casualties.get(c.lemma_.lower()) for c in verb.children if c.dep_ in ("compound", "amod")]
            casualty = next((k for k in kinds if k), "dead")  # "the death toll", "the toll"
        elif kind == "count":
            for word in ([verb.lemma_.lower()] if verb is not None else []) + (
                    [counted.lemma_.lower(), counted.lower_] if counted is not None else []):
                if word in self.w.casualties:
                    casualty = self.w.casualties[word]
                    break
        a = sentence.start + tokens[0].idx
        b = sentence.start + tokens[-1].idx + len(tokens[-1].text)
        return Amount(text=sentence.text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)], value=value, unit=unit,
                      sentence=sentence.index, span=(a, b), kind=kind, low=low, high=high,
                      approximate=reading.qualifier is not None or reading.vague is not None,
                      qualifier=reading.qualifier or reading.vague_words,
                      counted=counted.text if counted is not None else None,
                      verb=verb.lemma_.lower() if verb is not None else None, casualty=casualty)

    def _kind(self, reading: Reading, label: str, tokens: Span) -> tuple[str, str | None]:
        if reading.currency:
            return "money", reading.currency
        if reading.percent or label == "PERCENT":
            return "percent", "%"
        if label == "DURATION":
            unit = next((self.w.duration_units[t.lower_] for t in tokens if t.lower_ in self.w.duration_units), None)
            return "duration", unit
        if label == "MONEY":
            return "money", None
        if label == "QUANTITY" and reading.unit_words:
            return "quantity", reading.unit_words[-1]
        return "count", None


def amount_span_tokens(doc: Doc, sentence: Sentence, amount: Amount) -> tuple[int, int]:
    """The token range of ``amount`` in ``doc``."""
    a, b = amount.span[0] - sentence.start, amount.span[1] - sentence.start
    first = next((t.i for t in tokens_of(doc) if t.idx + len(t.text) > a), len(doc))
    last = next((t.i for t in reversed(doc) if t.idx < b), first)
    return first, last + 1


def _number_head(tokens: Span, w: FactWords) -> Token | None:
    """The token of the amount the rest hangs on ("130" in "over 130", "dozen" in "two dozen", "billion")."""
    nums = [t for t in tokens if _number_token(t, w) or t.lower_ in w.scales]
    if not nums:
        return None
    inside = set(t.i for t in tokens)
    for t in nums:
        if t.head.i not in inside or t.head == t:
            return t
    return nums[-1]


def _counted(head: Token, tokens: Span, w: FactWords) -> Token | None:
    """What a count counts: the noun the number modifies ("130 companies"), or the object of "of" after a vague
    or a pronoun-like number ("hundreds of protesters", "six of the soldiers")."""
    inside = {t.i for t in tokens}
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN") and pobj.i not in inside:
                    return _inner_of(pobj)
    if head.dep_ in NOUN_DEPS and head.head.pos_ in ("NOUN", "PROPN") and head.head.i not in inside:
        return _inner_of(head.head)
    return None


def _inner_of(noun: Token) -> Token:
    """ "thousands of people" inside "tens of thousands of people": follow "of" once more from a vague count."""
    if noun.lower_ in ("thousands", "hundreds", "millions", "dozens"):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return noun


def _verb(token: Token, w: FactWords) -> Token | None:
    """The verb a count goes with: the verb of which it (or its noun) is the subject or object ("six civilians
    were killed", "killing 12 people"), a participle after it ("20 wounded"), or the verb of "the death toll rose
    to 50"."""
    for child in token.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.pos_ in ("VERB", "ADJ") and \
                child.lemma_.lower() in w.casualties:
            return child
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and token.head.pos_ in ("VERB", "AUX"):
        return token.head if token.head.lemma_.lower() not in w.speech_verbs else None
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ == "VERB":
        verb = token.head.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() == "toll":
                return child  # "the death toll rose to 50": the toll says what is counted
        if token.head.lower_ in ("by", "to") and verb.lemma_.lower() in w.casualties:
            return verb
    if token.dep_ == "conj" and token.head.pos_ == "VERB":
        return token.head
    return None


def _argument(head: Token | None) -> bool:
    """A number standing for what it counts: the subject or object of a verb ("two dozen were detained")."""
    return head is not None and head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.pos_ in ("VERB", "AUX")
