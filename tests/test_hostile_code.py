"""Hostile text through the coder (issue 12): bounded time and memory, right offsets, one bad article loses itself.

Everything is generated here, a few thousand characters at a time, with the limits lowered through ``Config``;
bench/hostile_code.py runs the full-size cases (docs/limits.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from diurna.articles import article_from_text
from diurna.articles.model import Article
from diurna.articles.sentences import piece_bounds, sentencizer, split_sentences, tokenizable
from diurna.cli import main
from diurna.config import Config
from diurna.events.dates import resolve_date
from diurna.pipeline import Resources, code_articles, coding_error, resources

DAY = "2024-05-08"
CLAUSES = (
    "police arrested 12 protesters in Lagos on Friday", "Chile's foreign minister Ana Ruiz visited Brasilia on Tuesday",
    "the United Nations condemned the attack on the convoy near Aleppo",
    "Russian warplanes bombed rebel positions in Idlib last week", "Turkey threatened to close the border with Syria",
    "protesters burned tyres outside the parliament in Nairobi",
)
GOOD = "Chile's Deputy Foreign Minister Ana Ruiz visited Brasilia on Tuesday. Police arrested 12 protesters in Lagos."
LIMITS = Config(max_sentence_tokens=40, max_article_chars=3_000)


def long_sentence(n: int, *, punctuation: bool = True) -> str:
    """One sentence of about ``n`` characters: news clauses joined by commas (or with no punctuation at all)."""
    parts: list[str] = []
    k = 0
    while sum(len(p) + 2 for p in parts) < n:
        clause = CLAUSES[k % len(CLAUSES)]
        parts.append(clause if punctuation else "".join(c for c in clause if c.isalnum() or c == " "))
        k += 1
    text = (", " if punctuation else " ").join(parts)
    return text[0].upper() + text[1:] + ("." if punctuation else "")


@pytest.fixture(scope="module")
def limited() -> Resources:
    return resources(LIMITS)


def _check_offsets(article: Article) -> None:
    for i, sentence in enumerate(article.sentences):
        assert sentence.index == i
        assert article.text[sentence.start:sentence.end] == sentence.text
    for event in article.events:
        assert article.text[event.span[0]:event.span[1]] == event.text
        assert event.text == article.sentences[event.sentence].text
        assert event.trigger_span is not None
        t0, t1 = event.trigger_span
        assert event.span[0] <= t0 < t1 <= event.span[1]
        for mention in event.mentions:
            assert article.text[mention.span[0]:mention.span[1]] == mention.text


@pytest.mark.parametrize("punctuation", [True, False])
def test_a_long_sentence_is_parsed_in_pieces_with_the_right_offsets(limited, punctuation):
    text = "Kenya and Somalia agreed to resume talks. " + long_sentence(2_500, punctuation=punctuation)
    article = next(code_articles([article_from_text(text, id="long", date=DAY, config=LIMITS)], res=limited,
                                 strict=True))
    assert len(article.sentences) > 5
    assert any("article long: sentence 1 has" in w and "max_sentence_tokens (40)" in w for w in article.warnings)
    tokenizer = limited.nlp.tokenizer
    assert all(len(tokenizer(s.text)) <= 40 for s in article.sentences)
    if punctuation:  # cut at the commas: every piece but the last ends with one
        assert all(s.text.endswith(",") for s in article.sentences[1:-1])
    _check_offsets(article)
    assert {e.cameo[:3] for e in article.events} >= {"173", "042"}  # arrests and visits all along the sentence
    assert max(m.sentence for e in article.events for m in e.mentions) >= len(article.sentences) - 3


def test_coding_again_changes_nothing(limited):
    article = article_from_text(long_sentence(1_500), id="again", date=DAY, config=LIMITS)
    first = next(code_articles([article], res=limited, strict=True))
    spans = [(s.start, s.end) for s in first.sentences]
    events = [(e.id, e.cameo) for e in first.events]
    second = next(code_articles([first], res=limited, strict=True))
    assert [(s.start, s.end) for s in second.sentences] == spans
    assert [(e.id, e.cameo) for e in second.events] == events
    assert len(second.warnings) == len(set(second.warnings))


def test_text_past_max_article_chars_is_not_coded_and_said_so(limited):
    paragraphs = [f"Police arrested {n} protesters in Lagos on Friday. Turkey threatened to close the border "
                  f"with Syria on Monday." for n in range(2, 62)]
    text = "\n\n".join(paragraphs)  # about 6,000 characters
    article = next(code_articles([article_from_text(text, id="big", date=DAY, config=LIMITS)], res=limited,
                                 strict=True))
    warning = next(w for w in article.warnings if "max_article_chars" in w)
    assert warning.startswith("article big: not coded past max_article_chars (3,000 characters)")
    assert "characters in" in warning and "sentences" in warning and "left uncoded" in warning
    _check_offsets(article)
    coded_chars = 0
    last_coded = -1
    for sentence in article.sentences:
        coded_chars += len(sentence.text)
        if coded_chars <= 3_000:
            last_coded = sentence.index
    assert article.events and max(e.sentence for e in article.events) <= last_coded
    assert sum(len(s.text) for s in article.sentences) > 5_500  # the rest is kept, just not coded


def test_one_sentence_longer_than_the_article_limit_is_coded_up_to_it(limited):
    article = article_from_text(long_sentence(6_000), id="one", date=DAY, config=LIMITS)
    article = next(code_articles([article], res=limited, strict=True))
    assert any("not coded past max_article_chars" in w for w in article.warnings)
    _check_offsets(article)
    assert article.events


def test_pieces_fit_the_character_bound_too():
    text = tokenizable("word " * 50 + " " * 5_000 + "word " * 50)
    doc = sentencizer().tokenizer(text)
    bounds = piece_bounds(doc, 1_000, 300)
    for first, end in bounds:
        piece = doc[first:end]
        assert len(piece.text) <= 300 and not piece[0].is_space and not piece[-1].is_space
    assert sum(end - first for first, end in bounds) >= 100  # every word is in a piece


def test_runs_the_tokenizer_is_slow_on_are_bounded():
    """spaCy's tokenizer takes time in the square of a run of brackets or quotes (5,000: 9 s); the sentence
    splitter and the parser are given runs it reads in linear time, with the offsets unchanged."""
    texts = ["Police arrested " + "(" * 20_000 + "twelve" + ")" * 20_000 + " protesters.",
             "x" + "'s" * 20_000 + " left.", "\"'“«" * 5_000 + " Then it ended."]
    start = time.perf_counter()
    for text in texts:
        same = tokenizable(text)
        assert len(same) == len(text)
        spans = next(split_sentences([text]))
        assert spans and all(0 <= a < b <= len(text) for a, b in spans)
    assert time.perf_counter() - start < 10  # before: more than 10 minutes


def test_news_text_is_given_to_the_tokenizer_as_it_is():
    text = "Chile's minister (Ana Ruiz) said: \"We will meet on Friday\" -- see https://example.com/a/b?c=d."
    assert tokenizable(text) is text


def test_a_sentence_of_many_dates_gives_each_event_its_own_date():
    """Date candidates are found once per sentence and only the nearest are weighed: each clause's date wins."""
    nlp = resources().nlp
    days = list(range(1, 29))
    text = ", and ".join(f"police arrested {d + 10} protesters in Lagos on March {d}" for d in days) + "."
    doc = nlp(text)
    arrests = [t for t in doc if t.lower_ == "arrested"]
    assert len(arrests) == len(days)
    right = 0
    for day, trigger in zip(days, arrests, strict=True):
        resolution = resolve_date(doc[:], None, trigger=trigger)
        right += resolution.text is not None and resolution.text.endswith(f"March {day}")
    assert right >= len(days) - 2, right


def test_coding_time_grows_linearly_with_a_long_sentence():
    """A 50,000-character sentence (the issue: 17 s, growing with the square of its length) codes in a time of
    the order of spaCy's own on the same text."""
    res = resources()
    text = long_sentence(50_000)
    next(code_articles([article_from_text(GOOD, id="warm", date=DAY)], res=res))
    start = time.perf_counter()
    res.nlp(text)
    spacy = time.perf_counter() - start
    article = article_from_text(text, id="50k", date=DAY)
    start = time.perf_counter()
    article = next(code_articles([article], res=res, strict=True))
    coding = time.perf_counter() - start
    _check_offsets(article)
    print(f"coding {coding:.2f} s, spaCy alone {spacy:.2f} s")
    assert coding < 3 * spacy + 3, (coding, spacy)


# ------------------------------------------------------------------------------------------------ isolation


class ExplodingNLP:
    """The real pipeline, except that parsing any text with EXPLODE in it raises (a spaCy error, say)."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.tokenizer = nlp.tokenizer
        self.max_length = nlp.max_length
        self.calls = 0

    def pipe(self, items, **kwargs) -> Iterator:
        self.calls += 1
        for out in self.nlp.pipe(items, **kwargs):
            doc = out[0] if kwargs.get("as_tuples") else out
            if "EXPLODE" in doc.text:
                raise ValueError("[E999] the parser fell over\nwith a second line")
            yield out


def test_an_article_that_breaks_the_parser_loses_only_itself():
    res = resources()
    articles = [article_from_text(GOOD, id="before", date=DAY),
                article_from_text("Police arrested EXPLODE protesters in Lagos.", id="bad", date=DAY),
                article_from_text(GOOD, id="after", date=DAY)]
    nlp = ExplodingNLP(res.nlp)
    out = list(code_articles(articles, nlp=nlp, res=res))  # type: ignore[arg-type]
    assert [a.id for a in out] == ["before", "bad", "after"]
    assert nlp.calls > 1  # the batch's stream failed, then each article was parsed alone
    for good in (out[0], out[2]):
        assert coding_error(good) is None and not good.skipped
        assert {e.cameo[:3] for e in good.events} >= {"042", "173"}
    bad = out[1]
    reason = coding_error(bad)
    assert reason is not None and reason.startswith("could not be coded (ValueError: [E999] the parser fell over")
    assert "\n" not in reason
    assert bad.skipped == reason and bad.events == [] and bad.entities == []
    assert any(w.startswith("article bad: could not be coded") for w in bad.warnings)
    with pytest.raises(ValueError):
        list(code_articles([article_from_text("EXPLODE here.", id="x", date=DAY)], nlp=nlp, res=res,  # type: ignore[arg-type]
                           strict=True))


@pytest.fixture
def failing_actors(monkeypatch):
    """Coding an article whose id starts with "bad" raises inside the coder (not in the parser)."""
    import diurna.pipeline as pipeline

    real = pipeline.ArticleActors

    def actors(article, *args, **kwargs):
        if article.id.startswith("bad"):
            raise RuntimeError(f"the coder fell over on {article.id}")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline, "ArticleActors", actors)


def test_an_article_that_breaks_the_coder_loses_only_itself(failing_actors):
    articles = [article_from_text(GOOD, id="bad1", date=DAY), article_from_text(GOOD, id="good", date=DAY)]
    bad, good = code_articles(articles)
    assert coding_error(bad) == "could not be coded (RuntimeError: the coder fell over on bad1)"
    assert coding_error(good) is None and good.events
    bad.id = "fine now"  # coded again, it is tried again
    again = next(code_articles([bad]))
    assert coding_error(again) is None and again.events and not again.skipped


def test_diurna_code_prints_the_good_article_and_reports_the_bad_one(tmp_path, failing_actors):
    path = tmp_path / "pair.jsonl"
    path.write_text(json.dumps({"id": "bad-one", "date": DAY, "text": GOOD}) + "\n"
                    + json.dumps({"id": "good-one", "date": DAY, "text": GOOD}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    records = {r["article"]["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records["good-one"]["events"] and records["good-one"]["article"]["skipped"] is None
    assert records["bad-one"]["events"] == [] and records["bad-one"]["article"]["skipped"].startswith("could not")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {path}, line 1: article bad-one: could not be coded (RuntimeError: the coder fell "
                      "over on bad-one)"]
    assert "coded 1 of 2 articles, 0 input errors, 1 could not be coded" in result.stderr
    assert "Traceback" not in result.output


def test_a_partition_writes_the_good_articles_beside_a_bad_one(tmp_path, failing_actors):
    from diurna.store.partition import code_partition

    articles = [article_from_text(GOOD, id="bad-x", date=DAY), article_from_text(GOOD, id="good-x", date=DAY)]
    result = code_partition(str(tmp_path), "b1", articles)
    assert result.coded == 1 and result.mentions > 0
    assert len(result.errors) == 1 and "bad-x" in result.errors[0] and "could not be coded" in result.errors[0]
    assert result.files["articles"] and result.files["errors"]
