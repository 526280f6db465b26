"""Tests of diurna.articles.normalize and its rules (datelines, bylines, boilerplate, duplicates, language)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from diurna.articles import Article, article_from_text, normalize
from diurna.articles.cleanup import is_boilerplate, parse_byline, parse_byline_line, parse_credits
from diurna.articles.dateline import parse_agency_credit, parse_dateline
from diurna.articles.normalize import split_paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
BODY = (
    "The two neighbours cut diplomatic ties in December after a row over the boundary, "
    "which runs through waters thought to hold oil and gas."
)


def _check_offsets(article: Article) -> None:
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
        p = article.paragraphs[s.paragraph]
        assert p.start <= s.start < s.end <= p.end
    assert article.text == "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs)


def test_messy_fixture_end_to_end():
    article = article_from_text((FIXTURES / "messy_wire.txt").read_text(), id="m")
    assert article.title == "Kenya and Somalia Agree to Resume Border Talks"
    assert article.date == dt.date(2021, 3, 14) and article.date_precision == "day"
    assert article.source == "ExampleDaily.com"
    assert article.wire == ["Reuters"]
    assert article.dateline.place == "Nairobi" and article.dateline.date == dt.date(2021, 3, 14)
    assert article.author == "Jane Doe, John Roe"
    assert article.metadata["dateline_publisher"] == "Example Daily"
    text = article.text
    for gone in ("minutes ago", "Share", "By Jane", "NAIROBI", "Advertisement", "Read more", "©", "Reporting by"):
        assert gone not in text
    assert "border talks" not in text.lower()  # headline only in the title
    assert text.count("agreed on Sunday to resume talks") == 1  # lead once
    assert text.count("We are ready to listen") == 1  # repeated paragraph once
    assert article.sentences[0].text.startswith("Kenya and Somalia agreed on Sunday")
    _check_offsets(article)


def test_normalize_is_idempotent():
    article = article_from_text((FIXTURES / "messy_wire.txt").read_text(), id="m")
    text, digest, warnings = article.text, article.content_hash, list(article.warnings)
    normalize(article)
    assert (article.text, article.content_hash, article.warnings) == (text, digest, warnings)


def test_article_built_in_code():
    article = normalize(Article(id="x", title="Talks collapse", text="Talks Collapse\n\nThe talks collapsed on Monday, officials said."))
    assert article.text == "The talks collapsed on Monday, officials said."
    assert "removed duplicate headline" in article.warnings
    assert article.content_hash == Article(id="y", title="Talks collapse", text=article.text).compute_hash()


def test_article_from_text_date_argument():
    a = article_from_text("The army withdrew from the town on Friday, residents said.", date="2020-05-01")
    assert (a.date, a.date_precision) == (dt.date(2020, 5, 1), "day")
    b = article_from_text("The army withdrew from the town on Friday, residents said.", date=dt.date(2020, 5, 2))
    assert b.date == dt.date(2020, 5, 2)


# --- unicode ---------------------------------------------------------------------------------------------


def test_nfc_and_mojibake_repair():
    article = article_from_text((FIXTURES / "mojibake.txt").read_text(encoding="utf-8"))
    assert "â€" not in article.text
    assert "“a foregone conclusion”" in article.text and "commission’s chairman" in article.text
    assert any("mojibake" in w for w in article.warnings)
    decomposed = article_from_text(unicodedata.normalize("NFD", "Officials in Bogotá said the talks had failed."))
    assert "Bogotá" in decomposed.text and unicodedata.is_normalized("NFC", decomposed.text)


def test_clean_text_has_no_repair_warning():
    article = article_from_text("The minister’s plan was approved on Monday by a wide margin, officials said.")
    assert not any("ftfy" in w for w in article.warnings)
    assert "minister’s" in article.text  # curly quotes are kept


# --- paragraphs and sentences ----------------------------------------------------------------------------


def test_paragraphs_single_newlines_and_hard_wraps():
    assert split_paragraphs("One paragraph here.\nAnother one here.\n\nThird.") == [
        "One paragraph here.",
        "Another one here.",
        "Third.",
    ]
    wrapped = (
        "Officials in the capital said on Monday that the talks would resume\n"
        "next week, after a pause of several months caused by the dispute over\n"
        "the maritime boundary between the two countries.\n\n"
        "A second paragraph follows here, and it is also wrapped at roughly the\n"
        "same width as the first one was wrapped by the sender of the story.\n"
    )
    paras = split_paragraphs(wrapped)
    assert len(paras) == 2 and paras[0].startswith("Officials") and paras[0].endswith("two countries.")
    assert split_paragraphs("The talks\nresumed today.") == ["The talks resumed today."]


def test_sentences_keep_abbreviations_and_offsets():
    article = article_from_text(
        "Mr. Smith flew to the U.S. on Monday. He met Dr. Jones at 3 p.m. in Washington. "
        '"We agreed," he said.\n\nThen he left for St. Louis.'
    )
    assert [s.text for s in article.sentences] == [
        "Mr. Smith flew to the U.S. on Monday.",
        "He met Dr. Jones at 3 p.m. in Washington.",
        '"We agreed," he said.',
        "Then he left for St. Louis.",
    ]
    assert [s.paragraph for s in article.sentences] == [0, 0, 0, 1]
    _check_offsets(article)


# --- duplicates ------------------------------------------------------------------------------------------


def test_duplicate_headline_with_other_case_and_punctuation():
    a = article_from_text("KENYA, SOMALIA RESUME TALKS!\n\n" + BODY, title="Kenya, Somalia resume talks")
    assert a.text == BODY and a.title == "Kenya, Somalia resume talks"


def test_near_duplicate_lead_keeps_the_dateline_version():
    summary = "Kenya and Somalia agreed on Sunday to resume talks over their disputed sea border, officials said."
    lead = "NAIROBI (Reuters) - Kenya and Somalia agreed on Sunday to resume talks on their disputed sea border, officials said."
    a = article_from_text(f"{summary}\n\n{lead}\n\n{BODY}")
    assert "removed duplicate lead paragraph" in a.warnings
    assert a.text.count("agreed on Sunday") == 1
    assert a.dateline is not None and a.wire == ["Reuters"]
    assert "on their disputed sea border" in a.text  # the lead's wording was kept


def test_different_paragraphs_are_not_merged():
    first = "Kenya and Somalia agreed on Sunday to resume talks over their disputed sea border, officials said."
    second = "Ethiopia and Eritrea agreed on Monday to reopen two crossings on their shared land border, envoys said."
    a = article_from_text(f"{first}\n\n{second}")
    assert first in a.text and second in a.text


def test_later_exact_repeat_removed():
    p = "Police said three people were arrested after the clashes in the city centre."
    a = article_from_text(f"{p}\n\n{BODY}\n\n{p}")
    assert a.text == f"{p}\n\n{BODY}" and "removed 1 repeated paragraph(s)" in a.warnings


# --- boilerplate ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "2 minutes ago", "1 hour ago", "an hour ago", "Share", "Share this article", "Subscribe to our newsletter",
        "Follow us on Twitter and Facebook", "Click here for the latest updates", "Advertisement",
        "Read more: Kenya recalls envoy", "Copyright 2021 Example Daily", "© Example Daily 2021",
        "All rights reserved.", "Facebook | Twitter | WhatsApp | Email", "Image: Jane Doe/Example Daily",
        "Photo: AFP", "Related: Earlier talks failed",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)
    a = article_from_text(f"{BODY}\n{line}\nPolice said the march ended peacefully in the evening.")
    assert line not in a.text and any("boilerplate" in w for w in a.warnings)


@pytest.mark.parametrize(
    "line",
    [
        "Copyright law was changed in 2020 after protests by authors.",
        "Share prices fell sharply on Monday after the announcement.",
        "Officials said 2 people died in the attack.",
        "Subscribers to the service rose by a third, the company said.",
    ],
)
def test_real_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_user_boilerplate_file(tmp_path, monkeypatch):
    extra = tmp_path / "mine.txt"
    extra.write_text("# my site\nlisten to this story\n")
    monkeypatch.setenv("DIURNA_BOILERPLATE", str(extra))
    assert is_boilerplate("Listen to this story")
    monkeypatch.delenv("DIURNA_BOILERPLATE")
    assert not is_boilerplate("Listen to this story")


# --- datelines --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "place", "agencies", "date"),
    [
        ("NAIROBI (Example Daily / Reuters - 14th March, 2021) - Talks", "Nairobi", ["Reuters"], dt.date(2021, 3, 14)),
        ("NAIROBI, March 14 (Reuters) - Talks", "Nairobi", ["Reuters"], None),
        ("GENEVA (AP) — Talks", "Geneva", ["Associated Press"], None),
        ("PORT-AU-PRINCE, Haiti — Talks", "Port-au-Prince, Haiti", [], None),
        ("Santiago, Chile (AFP) -- Talks", "Santiago, Chile", ["Agence France-Presse"], None),
        ("BRASILIA, 3 May 2023 /Xinhua/ -- Talks", "Brasilia", ["Xinhua"], dt.date(2023, 5, 3)),
        ("UNITED NATIONS (AP) — Talks", "United Nations", ["Associated Press"], None),
        ("LONDON (Reuters, AFP) - Talks", "London", ["Reuters", "Agence France-Presse"], None),
    ],
)
def test_dateline_forms(lead, place, agencies, date):
    m = parse_dateline(lead)
    assert m is not None and m.rest == "Talks"
    assert m.dateline.place == place and m.dateline.agencies == agencies and m.dateline.date == date


@pytest.mark.parametrize(
    "text",
    ["NATO-led forces withdrew.", "The president — who was absent — spoke.", "Police (Reuters) said nothing.", "US-China talks resumed."],
)
def test_not_datelines(text):
    assert parse_dateline(text) is None


def test_yearless_dateline_date_uses_article_year():
    m = parse_dateline("NAIROBI, March 14 (Reuters) - Talks", article_date=dt.date(2021, 3, 15))
    assert m.dateline.date == dt.date(2021, 3, 14)


def test_dateline_date_and_publisher_used_only_when_unknown():
    text = f"NAIROBI (Example Daily / Reuters - 14th March, 2021) - {BODY}"
    a = article_from_text(text)
    assert (a.date, a.date_precision, a.source) == (dt.date(2021, 3, 14), "day", "Example Daily")
    assert any("taken from the dateline" in w for w in a.warnings)
    b = article_from_text(text, date="2021-03-16", source="Other Paper")
    assert (b.date, b.source, b.wire) == (dt.date(2021, 3, 16), "Other Paper", ["Reuters"])
    assert b.text == BODY


def test_user_agency_file(tmp_path, monkeypatch):
    extra = tmp_path / "agencies.tsv"
    extra.write_text("Example Newswire\tENW\n")
    monkeypatch.setenv("DIURNA_AGENCIES", str(extra))
    assert parse_dateline("ACCRA (ENW) - Talks").dateline.agencies == ["Example Newswire"]


# --- bylines ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe | Example Daily", ["Jane Doe"]),
        ("By JANE DOE, Staff Writer", ["Jane Doe"]),
        ("By Ana de la Cruz in Lima", ["Ana de la Cruz"]),
    ],
)
def test_bylines(line, names):
    assert parse_byline(line) == names
    a = article_from_text(f"{line}\n\n{BODY}")
    assert a.author == ", ".join(names) and a.text == BODY


@pytest.mark.parametrize("line", ["By Tuesday, the army had withdrawn.", "By March, prices had doubled.", "Kenya | Somalia"])
def test_not_bylines(line):
    assert parse_byline(line) is None


def test_end_credits():
    assert parse_credits("Reporting by Jane Doe; Editing by John Roe") == ["Jane Doe"]
    assert parse_credits("(Reporting by Jane Doe in Nairobi and Ali Omar; Writing by Sam Low)") == ["Jane Doe", "Ali Omar"]
    assert parse_credits("Reporting on the war continues; editing is hard") is None
    a = article_from_text(f"{BODY}\n\nReporting by Jane Doe; Editing by John Roe")
    assert a.author == "Jane Doe" and a.text == BODY and "credits" in a.metadata


# --- language ---------------------------------------------------------------------------------------------


def test_non_english_is_marked_skipped():
    a = article_from_text((FIXTURES / "spanish.txt").read_text(encoding="utf-8"))
    assert a.language == "es" and a.skipped == "language: es (not English)"


def test_english_and_short_texts():
    assert article_from_text(BODY).language == "en"
    short = article_from_text("Ja, gut.")
    assert short.language is None and short.skipped is None


@pytest.mark.parametrize("text", [
    "Kenya and Uganda held talks in Kampala.",  # langdetect alone: Indonesian, p > 0.99
    "Chilean troops shelled Peruvian positions on Monday.",
])
def test_a_one_line_english_report_is_not_skipped_as_another_language(text):
    a = article_from_text(text)
    assert a.language in ("en", None) and a.skipped is None


def test_a_short_sentence_in_another_language_is_still_recognised():
    a = article_from_text("Die Regierung hat am Montag die Grenze geschlossen und die Truppen verstärkt.")
    assert a.language == "de" and a.skipped


# --- wire forms (issue 11): colons, agency-only leads, agency credits, byline lines -------------------------


@pytest.mark.parametrize(
    ("lead", "place", "agencies"),
    [
        ("ISLAMABAD, Mar 14 (APP): Talks", "Islamabad", ["APP"]),
        ("NEW DELHI: Talks", "New Delhi", []),
        ("(AFP) — Talks", None, ["Agence France-Presse"]),
        ("(Reuters): Talks", None, ["Reuters"]),
    ],
)
def test_more_dateline_forms(lead, place, agencies):
    m = parse_dateline(lead)
    assert m is not None and m.rest == "Talks"
    assert (m.dateline.place, m.dateline.agencies) == (place, agencies)


@pytest.mark.parametrize("text", ["BREAKING: Talks resumed.", "UPDATE: Talks resumed.", "Islamabad: talks resumed.",
                                  "Note: the talks resumed.", "(Talks) — resumed."])
def test_colon_and_bracket_openings_that_are_not_datelines(text):
    assert parse_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "body", "agencies"),
    [
        ("The two sides agreed. — Xinhua", "The two sides agreed.", ["Xinhua"]),
        ("— Xinhua", "", ["Xinhua"]),
        ("(AFP)", "", ["Agence France-Presse"]),
        ("With inputs from PTI, ANI", "", ["PTI", "ANI"]),
        ("It said. (With inputs from PTI)", "It said.", ["PTI"]),
    ],
)
def test_agency_credits(text, body, agencies):
    assert parse_agency_credit(text) == (body, agencies)


@pytest.mark.parametrize("text", ["The talks failed, said Reuters.", "The vote — Congress", "Talks went on."])
def test_not_agency_credits(text):
    assert parse_agency_credit(text) is None


@pytest.mark.parametrize(
    ("line", "names", "agencies", "date_text", "kind"),
    [
        ("Aamir Khan 3 minutes ago Mon 14th March 2022 | 11:05 AM", ["Aamir Khan"], [], "Mon 14th March 2022", None),
        ("By Priya Sharma | Updated: Mar 14, 2022, 11:05 IST", ["Priya Sharma"], [], "Mar 14, 2022", "updated"),
        ("PTI | Mar 14, 2022, 11:05 IST", [], ["PTI"], "Mar 14, 2022", None),
        ("Jane Doe | TNN | Updated: Mar 14, 2022, 11:05 IST", ["Jane Doe"], ["TNN"], "Mar 14, 2022", "updated"),
        ("Aamir Khan 3 minutes ago", ["Aamir Khan"], [], None, None),
    ],
)
def test_byline_lines(line, names, agencies, date_text, kind):
    b = parse_byline_line(line)
    assert b is not None
    assert (b.names, b.agencies, b.date_text, b.date_kind) == (names, agencies, date_text, kind)


@pytest.mark.parametrize("line", ["Kenya | Somalia", "Updated: Mar 14, 2022", "Pakistan, Turkey Agree To Expand Ties",
                                  "By Tuesday, the army had withdrawn.", "Talks resume | Kenya Daily"])
def test_not_byline_lines(line):
    assert parse_byline_line(line) is None
