"""Facts around the events (issue 15): entities, quotes with speakers, amounts, themes, tone — on our own fixtures
(tests/fixtures/facts/articles.jsonl), coded once per module, with ``strict=True`` so that any exception inside
facts extraction fails the test instead of turning into a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from diurna.articles.model import Amount, Article, Quote
from diurna.articles.readers import read_articles
from diurna.facts.amounts import read_number
from diurna.facts.extract import _facts_resources, facts_resources
from diurna.facts.themes import THEMES_FILE, read_themes
from diurna.facts.words import WORDS_FILE, FactsDataError, load_words, parse_words
from diurna.ontology import load_ontology
from diurna.output import article_record
from diurna.pipeline import code_articles, resources

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"


@pytest.fixture(scope="module")
def coded() -> dict[str, Article]:
    articles = list(read_articles([str(FIXTURES / "articles.jsonl")]))
    return {a.id: a for a in code_articles(articles, strict=True)}


def _quote(article: Article, start: str) -> Quote:
    found = [q for q in article.quotes if q.text.startswith(start)]
    assert found, f"no quote starting {start!r} in {[q.text for q in article.quotes]}"
    return found[0]


def _amount(article: Article, text: str) -> Amount:
    found = [a for a in article.amounts if a.text == text]
    assert found, f"no amount {text!r} in {[a.text for a in article.amounts]}"
    return found[0]


# ---------------------------------------------------------------------------------------------- data files
def test_words_file_is_valid():
    words = load_words(WORDS_FILE)
    assert words.currencies["$"] == "USD" and words.scales["crore"] == 1e7 and "said" not in words.speech_verbs
    assert {"dead", "injured", "arrested"} == set(words.casualties.values())


def test_a_bad_words_file_is_refused_with_its_name():
    with pytest.raises(FactsDataError, match=r"bad\.yaml: currency '\$' maps to 'dollars'"):
        parse_words({"currencies": {"$": "dollars"}}, Path("bad.yaml"))


def test_themes_file_uses_only_plover_contexts():
    contexts = load_ontology().plover_contexts
    themes = read_themes(THEMES_FILE, contexts)
    assert {"economic", "diplomatic", "military", "human_rights", "health", "migration", "environment",
            "natural_resource", "technology"} <= set(themes)
    assert all(t == t.lower() and t.strip() for triggers in themes.values() for t in triggers)
    with pytest.raises(FactsDataError, match="'weather' is not a PLOVER context"):
        read_themes(FIXTURES / "bad_themes.yaml", contexts)


def test_extra_theme_file_adds_triggers():
    contexts = tuple(sorted(load_ontology().plover_contexts))
    plain = _facts_resources(None, contexts)
    extra = _facts_resources(FIXTURES / "extra_themes.yaml", contexts)
    nlp = resources().nlp
    doc = nlp("The trade is settled in yuan.")
    assert "environment" not in {h.theme for h in plain.themes.find(doc)}
    assert {"environment", "economic"} <= {h.theme for h in extra.themes.find(doc)}


def test_facts_resources_are_built_once_per_configuration():
    res = resources()
    assert facts_resources(res) is facts_resources(res)
    assert facts_resources(res).tone is facts_resources(res).tone


# ---------------------------------------------------------------------------------------------- entities
def test_entities_are_resolved_with_counts_offsets_and_places(coded):
    article = coded["ministry"]
    russia = next(e for e in article.entities if e.code == "RUS")
    assert russia.count == 2 and len(russia.spans) == 2
    assert all(article.text[a:b] == "Russia" for a, b in russia.spans)
    aleppo = next(e for e in coded["casualties"].entities if e.name == "Aleppo")
    assert aleppo.type == "place" and aleppo.country == "SYR" and aleppo.lat and aleppo.lon
    minister = next(e for e in coded["attribution"].entities if "Klaveren" in e.name)
    assert minister.type == "person" and minister.country == "CHL" and minister.role


# ---------------------------------------------------------------------------------------------- quotes
def test_ministry_quote_is_the_ministry_of_that_country(coded):
    quote = _quote(coded["ministry"], "Over 130 companies")
    assert quote.kind == "direct" and quote.speaker_code == "RUSGOV" and quote.verb == "said"
    assert quote.speaker_text == "the ministry"
    a, b = quote.span
    assert coded["ministry"].text[a:b] == quote.text


def test_indirect_speech_is_a_statement_with_its_speaker(coded):
    statement = _quote(coded["ministry"], "bilateral trade with China")
    assert statement.kind == "indirect" and statement.speaker_code == "RUSGOV"
    assert "$50 billion" in statement.text


def test_quote_split_by_the_sentence_splitter_is_one_quote(coded):
    quote = _quote(coded["attribution"], "We have agreed")
    assert len(quote.sentences) == 2 and "Trade will resume next week" in quote.text
    assert quote.speaker_code == "CHLGOV" and quote.verb == "told"


def test_quote_attributed_across_a_sentence_break(coded):
    article = coded["attribution"]
    after = _quote(article, "Nobody wants")  # speaker in the previous sentence
    assert after.speaker_code == "CHLGOV"
    opening = _quote(article, "The talks were difficult")  # paragraph-opening quote, "X said" in the next sentence
    assert opening.speaker_code == "PERGOV" and opening.speaker == "Dina Boluarte"
    added = _quote(article, "The markets will be open")  # "She added: ..."
    assert added.verb == "added" and added.speaker_country == "PER"


def test_straight_and_curly_quotes_are_both_read(coded):
    article = coded["attribution"]
    assert _quote(article, "Our farmers").speaker_country == "PER"  # straight marks
    assert _quote(article, "We have agreed")  # curly marks


def test_unbalanced_quotes_are_warnings_never_exceptions(coded):
    article = coded["bad"]
    assert any(w.startswith("quotes:") and "not closed" in w for w in article.warnings)
    assert any("without an opening one" in w for w in article.warnings)
    assert not any("so-called rebels" in q.text for q in article.quotes)  # a scare quote is not a quotation
    assert article.skipped is None


# ---------------------------------------------------------------------------------------------- amounts
def test_money_is_normalized_with_currency_and_scale(coded):
    assert (_amount(coded["ministry"], "$50 billion").value, _amount(coded["ministry"], "$50 billion").unit) == (
        5e10, "USD")
    numbers = coded["numbers"]
    assert (_amount(numbers, "Rs 500 crore").value, _amount(numbers, "Rs 500 crore").unit) == (5e9, "INR")
    assert (_amount(numbers, "2 trillion yen").value, _amount(numbers, "2 trillion yen").unit) == (2e12, "JPY")
    assert (_amount(numbers, "€1.2bn").value, _amount(numbers, "€1.2bn").unit) == (1.2e9, "EUR")
    assert all(a.kind == "money" for a in numbers.amounts if a.unit in ("INR", "JPY", "EUR"))


def test_over_and_about_make_an_amount_approximate(coded):
    companies = _amount(coded["ministry"], "Over 130")
    assert (companies.kind, companies.value, companies.approximate, companies.qualifier, companies.counted) == (
        "count", 130, True, "over", "companies")
    share = _amount(coded["ministry"], "About 40%")
    assert (share.kind, share.value, share.unit, share.approximate) == ("percent", 40, "%", True)
    assert _amount(coded["casualties"], "about 20").approximate
    assert not _amount(coded["casualties"], "Six").approximate


def test_duration_and_actors_of_the_sentence(coded):
    years = _amount(coded["ministry"], "the past 10 years")
    assert (years.kind, years.value, years.unit, years.approximate) == ("duration", 10, "year", False)
    money = _amount(coded["ministry"], "$50 billion")
    assert {"CHN"} <= set(money.actors) and any(a.startswith("RUS") for a in money.actors)


def test_written_out_numbers_and_ranges(coded):
    numbers = coded["numbers"]
    assert _amount(numbers, "Nearly two dozen").value == 24 and _amount(numbers, "Nearly two dozen").approximate
    ministers = _amount(numbers, "Between 10 and 15")
    assert (ministers.low, ministers.high, ministers.counted) == (10, 15, "ministers")
    hundreds = _amount(coded["casualties"], "Hundreds")
    assert (hundreds.low, hundreds.high, hundreds.approximate, hundreds.counted) == (200, 999, True, "people")
    assert _amount(coded["casualties"], "two dozen").value == 24


def test_casualty_counts_are_attached_to_their_events(coded):
    article = coded["casualties"]
    six = _amount(article, "Six")
    assert (six.counted, six.verb, six.casualty) == ("civilians", "kill", "dead")
    shelling = next(e for e in article.events if e.id == six.event)
    assert shelling.cameo.startswith(("18", "19", "20")) and shelling.dead == 6 and shelling.injured == 20
    arrest = next(e for e in article.events if e.id == _amount(article, "15").event)
    assert arrest.arrested == 15 and arrest.cameo.startswith("17")


def test_read_number_never_raises_on_junk():
    words = load_words()
    for junk in (["between", "and"], ["-", "-", "5"], ["$"], ["hundreds"], ["a"], ["1,2,3,4"], ["½"], [""],
                 ["10-15"], ["half", "a", "million"]):
        read_number(junk, words)
    assert read_number(["half", "a", "million"], words).values == [500000]
    assert read_number(["10-15"], words).values == [10, 15]
    assert read_number(["between", "and"], words).values == []


def test_numbers_that_count_nothing_are_not_amounts(coded):
    texts = [a.text for a in coded["bad"].amounts]
    assert "7" not in texts and "3" not in texts


# ---------------------------------------------------------------------------------------------- themes, tone
def test_themes_of_article_and_event_with_trigger_words(coded):
    article = coded["ministry"]
    economic = next(t for t in article.themes if t.name == "economic")
    assert "bilateral trade" in economic.triggers and economic.count >= 2 and 0 in economic.sentences
    arrest = next(e for e in coded["casualties"].events if e.cameo.startswith("17"))
    crime = next(t for t in arrest.themes if t.name == "crime")
    assert "police" in crime.triggers


def test_tone_on_gdelt_scale(coded):
    for article in coded.values():
        assert article.tone is not None and -100 <= article.tone <= 100
        assert all(s.tone is not None and -100 <= s.tone <= 100 for s in article.sentences)
    assert coded["casualties"].tone < 0 < coded["ministry"].tone + 100  # killings read as negative


def test_code_output_has_the_fact_keys(coded):
    record = article_record(coded["casualties"])
    assert {"entities", "quotes", "amounts", "themes", "tone", "event_facts"} <= set(record)
    assert record["tone"]["article"] == coded["casualties"].tone
    assert len(record["tone"]["sentences"]) == len(coded["casualties"].sentences)
    facts = {f["event"]: f for f in record["event_facts"]}
    assert any(f["dead"] == 6 for f in facts.values())


def test_quote_spans_join_continuations_and_read_a_lost_closing_mark():
    from diurna.facts.quotes import find_quotes

    text = "Fallon said: “Isis is beaten. “The fight goes on,” he added. The convenor said “we demand a ban,\ufffd he said."
    article = Article(id="q", text=text)
    spans, warnings = find_quotes(article)
    parts = [[text[a:b] for a, b in s.parts] for s in spans]
    assert parts == [["Isis is beaten.", "The fight goes on,"], ["we demand a ban,"]] and warnings == []


def test_facts_never_change_the_events(monkeypatch):
    import diurna.pipeline as pipeline

    def events_of(article_id: str) -> list:
        articles = [a for a in read_articles([str(FIXTURES / "articles.jsonl")]) if a.id == article_id]
        return [(e.id, e.cameo, e.source and e.source.code, e.target and e.target.code)
                for e in next(code_articles(articles)).events]

    with_facts = events_of("casualties")

    class NoFacts:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("facts switched off")

    monkeypatch.setattr(pipeline, "ArticleFacts", NoFacts)
    assert events_of("casualties") == with_facts and with_facts


def test_tone_shortcut_gives_vaders_own_score():
    from diurna.facts.tone import ToneScorer

    scorer = ToneScorer()
    for text in ("The talks were a great success.", "The ministry issued a statement on Tuesday.",
                 "No progress was made :(", "Troops killed 12 people.", "It was not bad, but not good either."):
        assert scorer.sentence(text) == round(scorer.analyzer.polarity_scores(text)["compound"] * 100, 2), text
    assert scorer.sentence("The ministry issued a statement on Tuesday.") == 0.0
