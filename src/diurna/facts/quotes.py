"""Quotations and their speakers.

Direct quotes are found in the article's text, not per sentence, so a quote the sentence splitter cut in two is one
quote; a quote left open at the end of a paragraph and reopened at the start of the next (the news convention for a
quote running over paragraphs) is joined too. Speakers come from *speech frames*: a reporting verb outside the
quotation marks with its subject, resolved by the article's actor resolver while the coder walks the sentences (so
"she" and "the ministry" are resolved against what the article said so far). A quote takes the frame of its own
sentences, else of the next sentence of its paragraph ("…" / "She added: …"; a paragraph-opening quote followed by
"said X"), else of the previous one (a speaker announced with a colon, or the second half of an interrupted quote).
"X said (that) …" outside quotation marks is an indirect statement (``kind`` "indirect").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from diurna.actors.resolver import ArticleActors, np_tokens
from diurna.articles.model import ActorRef, Article, Quote, Sentence
from diurna.events.frames import subject
from diurna.facts.tokens import Rows, hashes, matching, token_array
from diurna.facts.words import FactWords

OPENERS = {"“": "”", "\"": "\"", "«": "»", "„": "“"}
CLOSERS = {"”", "»"}
REPLACEMENT = "\ufffd"  # a closing mark lost to a broken encoding ("â€�" in some archives) closes an open quote
SENTENCE_END = ".?!…,;:"
QUOTE_END_PUNCT = (",", ".", "!", "?", ";", ":", "…", "—")
MIN_WORDS = 5  # a shorter quotation that does not end in punctuation is a scare quote ("so-called “rebels”")
FIRST_PERSON = {"i", "we", "me", "us"}
PRONOUNS = {"he", "she", "they", "it"}
NOT_STATEMENTS = {"ask", "quote", "describe", "accuse", "report", "post", "tweet", "continue"}  # no "that" clause
MAX_WARNINGS = 3


@dataclass
class QuoteSpan:
    """The inside of one pair of quotation marks (or of several joined), as offsets into the article text."""

    start: int
    end: int
    parts: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Frame:
    """A reporting verb outside quotation marks, with its speaker as resolved when its sentence was coded."""

    sentence: int
    paragraph: int
    verb: str
    verb_start: int
    speaker: ActorRef | None
    speaker_text: str | None
    speaker_span: tuple[int, int] | None
    colon: bool  # the verb introduces what follows ("She added: ...")


def find_quotes(article: Article, limit: int | None = None) -> tuple[list[QuoteSpan], list[str]]:
    """The quotations of ``article.text`` (up to ``limit`` characters) and warnings about unbalanced marks.

    Straight and curly marks are both read. A stray closing mark is skipped; an opening mark not closed by the end
    of its paragraph closes there (joined to the next paragraph's quote when that one opens with a mark)."""
    text = article.text if limit is None else article.text[:limit]
    bounds = [(p.start, min(p.end, len(text))) for p in article.paragraphs if p.start < len(text)] or [(0, len(text))]
    spans: list[QuoteSpan] = []
    warnings: list[str] = []
    carried: QuoteSpan | None = None  # a quote left open at the end of the previous paragraph

    def warn(message: str) -> None:
        if len(warnings) < MAX_WARNINGS:
            warnings.append(message)
        elif len(warnings) == MAX_WARNINGS:
            warnings.append("quotes: more unbalanced quotation marks in this article (not listed)")

    building: QuoteSpan | None = None  # the quote that the open part continues (None: the open part starts one)
    for p_start, p_end in bounds:
        open_at: int | None = None
        closer = ""
        first_char = next((i for i in range(p_start, p_end) if not text[i].isspace()), p_end)
        if carried is not None and not (first_char < p_end and text[first_char] in OPENERS):
            warn(f"quotes: quotation mark opened at character {carried.parts[-1][0] - 1} is not closed in its "
                 f"paragraph; the quote is taken to the end of the paragraph")
            spans.append(carried)  # the next paragraph does not continue it
            carried = None
        for i in range(p_start, p_end):
            c = text[i]
            if open_at is None:
                if c in OPENERS and not _apostrophe_like(text, i):
                    open_at, closer = i + 1, OPENERS[c]
                    building, carried = carried, None  # a carried quote is continued by its paragraph's first mark
                elif c in CLOSERS:
                    warn(f"quotes: closing quotation mark at character {i} without an opening one; skipped")
            elif c in (closer, REPLACEMENT) or (c in CLOSERS and closer != "\"") or (c == "\"" and closer in CLOSERS):
                span = building or QuoteSpan(open_at, i, [])
                span.parts.append((open_at, i))
                span.end = i
                spans.append(span)
                building, open_at = None, None
            elif c == "“" and closer == "”":
                end = _trim_end(text, i)
                span = building or QuoteSpan(open_at, end, [])
                span.parts.append((open_at, end))
                span.end = end
                if end > 0 and text[end - 1] in SENTENCE_END:
                    building = span  # a quote running over paragraphs, in a text that lost its paragraph breaks
                else:
                    warn(f"quotes: quotation mark opened at character {open_at - 1} is not closed before another "
                         f"opens at {i}; the first is taken to end there")
                    spans.append(span)
                    building = None
                open_at = i + 1
        if open_at is not None:
            end = _trim_end(text, p_end)
            span = building or QuoteSpan(open_at, end, [])
            span.parts.append((open_at, end))
            span.end = end
            carried, building = span, None
    if carried is not None:
        warn(f"quotes: quotation mark opened at character {carried.parts[-1][0] - 1} is never closed; the quote "
             f"is taken to the end of its paragraph")
        spans.append(carried)
    return [s for s in spans if _is_quotation(text, s)], warnings


def _apostrophe_like(text: str, i: int) -> bool:
    """A straight double mark used as inches ("5'10\"") rather than a quotation mark."""
    return text[i] == "\"" and i > 0 and text[i - 1].isdigit()


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _is_quotation(text: str, span: QuoteSpan) -> bool:
    inner = " ".join(text[a:b] for a, b in span.parts).strip()
    if not inner:
        return False
    return len(inner.split()) >= MIN_WORDS or inner.endswith(QUOTE_END_PUNCT)


def inside(spans: list[QuoteSpan], offset: int) -> bool:
    return any(a <= offset < b for s in spans for a, b in s.parts)


class SpeechFrames:
    """Reporting verbs and indirect statements, sentence by sentence, resolved as the article is coded."""

    def __init__(self, article: Article, actors: ArticleActors, words: FactWords, spans: list[QuoteSpan]) -> None:
        self.article = article
        self.actors = actors
        self.w = words
        self.spans = spans
        self.frames: list[Frame] = []
        self.statements: list[Quote] = []
        self.trigger_hashes = hashes([*words.speech_verbs, "according"])

    def sentence(self, sentence: Sentence, doc: Doc, arr: Rows | None = None) -> None:
        here = [s for s in self.spans if s.start < sentence.end and s.end > sentence.start]  # usually none or one
        for i in matching(token_array(doc) if arr is None else arr, self.trigger_hashes):
            token = doc[i]
            lemma = token.lemma_.lower()
            if lemma not in self.w.speech_verbs and token.lower_ != "according":
                continue
            offset = sentence.start + token.idx
            if here and inside(here, offset):
                continue
            if lemma in self.w.speech_verbs and token.pos_ in ("VERB", "AUX"):
                speakers = [t for t in (subject(token) if lemma != "quote" else
                                        [c for c in token.children if c.dep_ == "nsubjpass"])
                            if t.lower_ not in FIRST_PERSON and not inside(self.spans, sentence.start + t.idx)
                            and any(ch.isalpha() for ch in t.text)]
                if not speakers:  # "..., said the convenor" parsed with the speaker as an object
                    speakers = [c for c in token.children if c.i > token.i and c.dep_ in ("dobj", "attr", "nsubj")
                                and c.pos_ in ("NOUN", "PROPN") and not inside(self.spans, sentence.start + c.idx)]
                speaker = speakers[0] if speakers else None
                if speaker is None and token.dep_ in ("xcomp", "advcl") and token.head.lemma_.lower() == "quote":
                    speaker = next((c for c in token.head.children if c.dep_ == "nsubjpass"), None)
                self._add(sentence, doc, token, token.text, speaker)
            elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                to = next(c for c in token.children if c.lower_ == "to")
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    self._add(sentence, doc, token, "according to", pobj)

    def _add(self, sentence: Sentence, doc: Doc, verb: Token, verb_text: str, speaker: Token | None) -> None:
        actor = self.actors.resolve_one(speaker) if speaker is not None else None
        speaker_text = speaker_span = None
        if speaker is not None:
            words = np_tokens(speaker) if speaker.pos_ != "PRON" else [speaker]
            if speaker.conjuncts and speaker.right_edge.i - speaker.left_edge.i < 10:
                words = list(doc[speaker.left_edge.i: speaker.right_edge.i + 1])  # "Current and former officials"
            a, b = words[0].idx, words[-1].idx + len(words[-1].text)
            speaker_text = sentence.text[a:b]
            speaker_span = (sentence.start + a, sentence.start + b)
        colon = verb.i + 1 < len(doc) and doc[verb.i + 1].text in (":", "—", "-")
        frame = Frame(sentence=sentence.index, paragraph=sentence.paragraph, verb=verb_text,
                      verb_start=sentence.start + verb.idx, speaker=actor, speaker_text=speaker_text,
                      speaker_span=speaker_span, colon=colon)
        self.frames.append(frame)
        if verb.lemma_.lower() in NOT_STATEMENTS or speaker is None:
            return
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and (c.i > verb.i or verb_text == "according to")]
        for clause in sorted(clauses, key=lambda c: c.left_edge.i - c.right_edge.i)[:1]:  # the widest one
            words = [t for t in clause.subtree if not (t.i == clause.left_edge.i and t.dep_ == "mark")]
            words = [t for t in words if not t.is_punct or t.i != words[-1].i]
            if len(words) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in words) \
                    or any(inside(self.spans, sentence.start + t.idx) for t in words):
                continue
            a, b = words[0].idx, words[-1].idx + len(words[-1].text)
            self.statements.append(_quote(sentence.text[a:b], (sentence.start + a, sentence.start + b), frame,
                                          "indirect", [sentence.index]))


def _quote(text: str, span: tuple[int, int], frame: Frame | None, kind: str, sentences: list[int]) -> Quote:
    actor = frame.speaker if frame else None
    return Quote(text=text, speaker=actor.name if actor else (frame.speaker_text if frame else None),
                 speaker_code=actor.code if actor else None, sentence=sentences[0], span=span, kind=kind,
                 verb=frame.verb if frame else None, speaker_text=frame.speaker_text if frame else None,
                 speaker_country=actor.country if actor else None,
                 speaker_span=frame.speaker_span if frame else None, sentences=sentences)


def attribute(article: Article, spans: list[QuoteSpan], frames: list[Frame], coded: int) -> list[Quote]:
    """Each quotation with the frame that introduces it (see the module docstring); ``coded``: how many of the
    article's sentences were coded (a quote in the rest is left out)."""
    sentences = article.sentences[:coded]
    by_sentence: dict[int, list[Frame]] = {}
    for f in frames:
        by_sentence.setdefault(f.sentence, []).append(f)
    quotes: list[Quote] = []
    previous: Quote | None = None
    for span in spans:
        covered = [s.index for s in sentences if s.start < span.end and s.end > span.start]
        if not covered:
            continue
        first, last = covered[0], covered[-1]
        paragraph = sentences[first].paragraph
        own = [f for i in covered for f in by_sentence.get(i, [])]
        frame: Frame | None = None
        if own:
            frame = min(own, key=lambda f: _distance(f.verb_start, span))
        elif last + 1 < len(sentences) and sentences[last + 1].paragraph == sentences[last].paragraph \
                and by_sentence.get(last + 1):
            frame = by_sentence[last + 1][0]
        elif first > 0 and sentences[first - 1].paragraph == paragraph and by_sentence.get(first - 1):
            frame = by_sentence[first - 1][-1]
        quote = _quote(_text(article.text, span), (span.start, span.end), frame, "direct", covered)
        near = previous is not None and previous.speaker is not None and bool(previous.sentences) \
            and previous.speaker.lower() not in PRONOUNS and previous.sentences[-1] >= first - 2
        if previous is not None and near and (frame is None or (
                frame.speaker is None and (frame.speaker_text or "").lower() in PRONOUNS)):
            # no frame, or "She added: ..." the resolver could not place: the speaker of the quote just before
            quote.speaker, quote.speaker_code, quote.speaker_country = (previous.speaker, previous.speaker_code,
                                                                        previous.speaker_country)
            if frame is None:
                quote.speaker_text, quote.speaker_span, quote.verb = (previous.speaker_text, previous.speaker_span,
                                                                      previous.verb)
        quotes.append(quote)
        previous = quote
    return quotes


def _distance(offset: int, span: QuoteSpan) -> int:
    if offset >= span.end:
        return offset - span.end
    return max(0, span.start - offset) * 2  # a verb before the quote is less often its own ("X said: ...")


def _text(text: str, span: QuoteSpan) -> str:
    return " ".join(" ".join(text[a:b].split()) for a, b in span.parts).strip()
