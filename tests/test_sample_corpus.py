"""Checks on the bundled sample corpus (src/diurna/data/sample/) and its gold annotations.

These tests read the files directly with the standard library and warcio, not through diurna's readers, so that
they describe the corpus itself.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "src" / "diurna" / "data" / "sample"
SAMPLE = SAMPLE_DIR / "corpus"  # the articles; gold, README and generator sit beside it
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
MODALITIES = {"actual", "anticipated", "negated", "hypothetical"}
JSONL_FIELDS = {"id", "text", "date", "title", "source", "url"}
HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) (\S+)$")
ACTOR = re.compile(r"^[A-Z]{3}[A-Z]*$")
MOJIBAKE = "\u00e2\u20ac"  # "â€", the start of a UTF-8 quote or dash decoded as cp1252
MOJIBAKE_FILE = "ireland-uk-protocol-mojibake.txt"
FIRST, LAST = dt.date(2019, 1, 1), dt.date(2024, 12, 31)


class _TextOf(HTMLParser):
    """Visible text of an HTML page: tags dropped, script/style skipped, entities resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextOf()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


def squash(text: str) -> str:
    return " ".join(unescape(text).split())


def warc_pages() -> dict[str, bytes]:
    pages = {}
    with (SAMPLE / "crawl.warc.gz").open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
            assert content_type and content_type.startswith("text/html")
            pages[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
    return pages


def jsonl_records() -> list[dict]:
    lines = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article_texts() -> dict[str, str]:
    """Every article's text (HTML reduced to visible text), keyed as gold.jsonl's ``article`` field names it."""
    texts = {p.name: squash(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.txt")}
    texts.update({p.name: html_text(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.html")})
    texts.update({f"articles.jsonl#{r['id']}": squash(r["text"]) for r in jsonl_records()})
    texts.update({f"crawl.warc.gz#{u}": html_text(b.decode("utf-8")) for u, b in warc_pages().items()})
    return texts


def gold_records() -> list[dict]:
    lines = (SAMPLE_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_corpus_has_at_least_40_articles_in_all_four_formats():
    counts = {
        "txt": len(list(SAMPLE.glob("*.txt"))),
        "jsonl": len(jsonl_records()),
        "html": len(list(SAMPLE.glob("*.html"))),
        "warc": len(warc_pages()),
    }
    assert all(n > 0 for n in counts.values()), counts
    assert counts["txt"] >= 15 and counts["jsonl"] >= 10 and counts["html"] >= 3 and counts["warc"] >= 3, counts
    assert sum(counts.values()) >= 40, counts


def test_jsonl_records_have_the_expected_fields_and_unique_ids():
    records = jsonl_records()
    for record in records:
        missing = JSONL_FIELDS - record.keys()
        assert not missing, f"{record.get('id')}: missing {missing}"
        assert record["text"].strip() and record["title"].strip()
        assert FIRST <= dt.date.fromisoformat(record["date"]) <= LAST, record["id"]
        assert record["url"].startswith("https://")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_text_file_headers_are_well_formed_and_most_files_have_one():
    files = sorted(SAMPLE.glob("*.txt"))
    with_header = 0
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith(" date "):
            match = HEADER.match(first)
            assert match, f"{path.name}: malformed header {first!r}"
            assert FIRST <= dt.date.fromisoformat(match.group(1)) <= LAST, path.name
            with_header += 1
    assert with_header > len(files) / 2


def test_html_pages_have_page_furniture_around_one_article():
    pages = [p.read_text(encoding="utf-8") for p in SAMPLE.glob("*.html")]
    pages += [b.decode("utf-8") for b in warc_pages().values()]
    for page in pages:
        for marker in ("<title>", 'property="og:title"', 'property="article:published_time"', "<nav",
                       "<footer", "<aside", "&copy;"):
            assert marker in page, marker
        assert page.count("<article") == 1
        assert page.count("<p>") >= 3


def test_every_file_is_utf8_and_only_the_mojibake_sample_is_mojibaked():
    for path in SAMPLE.iterdir():
        if path.is_dir() or path.suffix == ".gz":
            continue
        text = path.read_bytes().decode("utf-8")  # raises on anything that is not UTF-8
        if path.name != "README.md":  # the README quotes the mojibake it documents
            assert (MOJIBAKE in text) == (path.name == MOJIBAKE_FILE), path.name
    for url, body in warc_pages().items():
        assert MOJIBAKE not in body.decode("utf-8"), url


def test_gold_records_are_valid():
    records = gold_records()
    assert len(records) >= 40
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    assert sum(1 for r in records if not r["events"]) >= 3, "want several no-event sentences"
    for record in records:
        assert record["date"] is None or FIRST <= dt.date.fromisoformat(record["date"]) <= LAST, record["id"]
        for event in record["events"]:
            assert re.fullmatch(r"\d{2,4}", event["cameo"]), record["id"]
            assert event["plover"] in PLOVER_TYPES, record["id"]
            for side in ("source", "target"):
                assert event[side] is None or ACTOR.match(event[side]), (record["id"], event[side])
            assert event.get("modality", "actual") in MODALITIES, record["id"]


def test_every_gold_sentence_occurs_verbatim_in_its_article():
    texts = article_texts()
    for record in gold_records():
        assert record["article"] in texts, f"{record['id']}: unknown article {record['article']}"
        assert squash(record["text"]) in texts[record["article"]], record["id"]


def test_gold_dates_match_their_articles():
    dates = {f"articles.jsonl#{r['id']}": r["date"] for r in jsonl_records()}
    for path in SAMPLE.glob("*.txt"):
        match = HEADER.match(path.read_text(encoding="utf-8").splitlines()[0])
        dates[path.name] = match.group(1) if match else None
    for record in gold_records():
        if record["article"] in dates:
            assert record["date"] == dates[record["article"]], record["id"]


def test_warc_generator_reproduces_the_committed_file(tmp_path):
    spec = importlib.util.spec_from_file_location("make_warc", SAMPLE_DIR / "make_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "crawl.warc.gz"
    assert module.build(out) == 3
    assert out.read_bytes() == (SAMPLE / "crawl.warc.gz").read_bytes()


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("chile-brazil-visit.txt", ["on Tuesday", "counterpart", "is expected to visit", "$50 billion", "praised"]),
        ("haiti-port-au-prince-protests.txt", ["PORT-AU-PRINCE, Haiti (AP) —", "Jean-Robert Pierre-Louis"]),
        ("kenya-somalia-aid.txt", ["NAIROBI (Example Daily / Reuters - 14th March, 2021) -", "Reporting by"]),
        ("geneva-un-yemen-appeal.txt", ["GENEVA, May 3 (AFP) -"]),
        ("nigeria-abuja-arrests.txt", ["were arrested by police"]),
        ("ethiopia-egypt-dam-talks.txt", ["did not attend", "refused to meet"]),
        ("bangladesh-garment-strike.txt", ["3 minutes ago", "Share this article", "Subscribe"]),
        ("brazil-argentina-deal.txt", ["Brazil and Argentina signed"]),
    ],
)
def test_documented_messy_features_are_present(name, needles):
    text = (SAMPLE / name).read_text(encoding="utf-8")
    for needle in needles:
        assert needle in text, (name, needle)


def test_syndicated_copy_shares_the_story_but_not_the_headline_or_date():
    original = (SAMPLE / "chile-brazil-visit.txt").read_text(encoding="utf-8").splitlines()
    copy = (SAMPLE / "brazil-chile-trade-syndicated.txt").read_text(encoding="utf-8").splitlines()
    assert original[0] != copy[0] and original[1] != copy[1]
    day = dt.date.fromisoformat(HEADER.match(original[0]).group(1))
    assert dt.date.fromisoformat(HEADER.match(copy[0]).group(1)) - day == dt.timedelta(days=1)
    words = lambda lines: {w for line in lines[2:] for w in line.split()}  # noqa: E731
    shared = words(original) & words(copy)
    assert len(shared) / len(words(copy)) > 0.7
