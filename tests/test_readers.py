"""Tests of diurna.articles.readers: each format, bad input, stdin, directories and globs, WARC."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diurna.articles import Article, read_articles
from diurna.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

LEAD = (
    "Kenya and Somalia agreed on Sunday to resume talks on their disputed maritime border, "
    "officials from both governments said."
)


def _read(*inputs, **kw) -> list:
    return list(read_articles([str(i) for i in inputs], **kw))


def _only(results, kind):
    return [r for r in results if isinstance(r, kind)]


# --- plain text ------------------------------------------------------------------------------------------


def test_plain_text_with_scraper_header():
    [article] = _read(FIXTURES / "messy_wire.txt")
    assert isinstance(article, Article)
    assert article.id == "messy_wire"
    assert article.date == dt.date(2021, 3, 14) and article.date_precision == "day"
    assert article.source == "ExampleDaily.com"
    assert article.origin.input.endswith("messy_wire.txt")
    assert article.content_hash and len(article.content_hash) == 64


def test_plain_text_without_header_takes_headline_as_title():
    [article] = _read(FIXTURES / "geneva_no_header.txt")
    assert article.title == "Aid Agencies Warn of Funding Gap in Sahel"
    assert article.date is None and article.date_precision == "unknown"
    assert article.wire == ["Associated Press"]
    assert article.text.startswith("Humanitarian agencies warned on Tuesday")


def test_plain_text_first_sentence_is_not_a_title(tmp_path):
    f = tmp_path / "one.txt"
    f.write_text("Officials said on Monday that the talks had failed.\nThey will meet again in May.\n")
    [article] = _read(f)
    assert article.title is None
    assert article.text.startswith("Officials said on Monday")


# --- JSONL / JSON ------------------------------------------------------------------------------------------


def test_jsonl_fields_metadata_and_ids():
    results = _read(FIXTURES / "records.jsonl")
    assert all(isinstance(r, Article) for r in results)
    a1, a42, a4 = results
    assert a1.id == "a1" and a1.title == "Ukraine and Poland expand rail links"
    assert a1.url == "https://example.org/a1" and a1.source == "Example Wire"
    assert a1.date == dt.date(2022, 3, 3) and a1.date_precision == "day"
    assert a1.metadata == {"section": "world"}
    assert a1.origin.record == "line 1"
    assert a42.id == "42" and a42.date == dt.date(2023, 5, 1) and a42.date_precision == "month"
    # a dateline date never overrides a known article date
    assert not any("taken from the dateline" in w for w in a42.warnings)
    assert a4.id == "records-4"  # no id: file stem + line number (line 2 is blank)
    assert a4.wire == ["Agence France-Presse"]


def test_jsonl_gz_and_date_precisions(tmp_path):
    rows = [
        {"id": "d", "text": LEAD, "date": "2021-03-14"},
        {"id": "y", "text": LEAD, "date": "2021"},
        {"id": "w", "text": LEAD, "date": "2021-W10"},
        {"id": "bad", "text": LEAD, "date": "sometime soon"},
    ]
    f = tmp_path / "c.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    got = {a.id: a for a in _read(f)}
    assert (got["d"].date, got["d"].date_precision) == (dt.date(2021, 3, 14), "day")
    assert (got["y"].date, got["y"].date_precision) == (dt.date(2021, 1, 1), "year")
    assert (got["w"].date, got["w"].date_precision) == (dt.date(2021, 3, 8), "week")
    assert got["bad"].date is None and any("could not parse date" in w for w in got["bad"].warnings)


def test_jsonl_bad_lines_are_reported_and_reading_continues(tmp_path):
    f = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": LEAD}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "x"}),
        json.dumps({"id": "y", "text": 5}),
        json.dumps({"id": "ok2", "text": LEAD}),
    ]
    f.write_text("\n".join(lines) + "\n")
    results = _read(f)
    assert [a.id for a in _only(results, Article)] == ["ok1", "ok2"]
    errors = _only(results, InputError)
    assert [e.record for e in errors] == ["line 2", "line 3", "line 4", "line 5"]
    assert "not valid JSON" in errors[0].reason
    assert "expected a JSON object, got an array" in errors[1].reason
    assert "missing required field 'text'" in errors[2].reason
    assert "'text' must be a string, got a number" in errors[3].reason
    assert all(e.input == str(f) for e in errors)


def test_jsonl_size_limit_applies_per_line(tmp_path):
    f = tmp_path / "big.jsonl"
    small = json.dumps({"id": "small", "text": LEAD})
    huge = json.dumps({"id": "huge", "text": "word " * 2000})
    f.write_text(small + "\n" + huge + "\n" + small.replace("small", "small2") + "\n")
    results = _read(f, max_bytes=1000)
    assert [a.id for a in _only(results, Article)] == ["small", "small2"]
    [err] = _only(results, InputError)
    assert err.record == "line 2" and "over the limit of 1000 bytes" in err.reason


def test_json_array_file(tmp_path):
    f = tmp_path / "arr.json"
    f.write_text(json.dumps([{"id": "j1", "text": LEAD}, {"text": 3}]))
    results = _read(f)
    assert isinstance(results[0], Article) and results[0].id == "j1"
    assert isinstance(results[1], InputError) and results[1].record == "record 2"


# --- HTML --------------------------------------------------------------------------------------------------


def test_html_main_text_and_metadata():
    [article] = _read(FIXTURES / "story.html")
    assert article.title == "Port strike halts exports"
    assert article.author == "Ana Ruiz"
    assert article.source == "Harbour Times"
    assert article.date == dt.date(2022, 6, 9)
    assert article.dateline.place == "Valparaiso, Chile" and article.wire == ["Reuters"]
    assert article.text.startswith("Dock workers at Chile's second-largest port")
    assert "Home" not in article.text and "Copyright" not in article.text and "Share" not in article.text


def test_html_without_main_text_is_an_error():
    [err] = _read(FIXTURES / "empty_page.html")
    assert isinstance(err, InputError) and "no main text" in err.reason


def test_html_sniffed_without_extension(tmp_path):
    f = tmp_path / "page"
    f.write_bytes((FIXTURES / "story.html").read_bytes())
    [article] = _read(f)
    assert isinstance(article, Article) and article.title == "Port strike halts exports"


# --- WARC --------------------------------------------------------------------------------------------------


def _write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=str(path).endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "diurna-tests"}))
        for uri, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-01-05T10:00:00Z"},
            )
            writer.write_record(record)
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


def _undated_html() -> bytes:
    html = (FIXTURES / "story.html").read_text()
    return html.replace('<meta property="article:published_time" content="2022-06-09T08:30:00Z">', "").encode()


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_records_become_articles(tmp_path, name):
    f = tmp_path / name
    _write_warc(
        f,
        [
            ("https://example.org/news/port-strike", _undated_html(), "text/html; charset=utf-8"),
            ("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
            ("https://example.org/news/dated", (FIXTURES / "story.html").read_bytes(), "text/html"),
        ],
    )
    results = _read(f)
    assert all(isinstance(r, Article) for r in results), results
    undated, dated = results
    assert undated.url == "https://example.org/news/port-strike"
    assert undated.id.startswith("warc-") and undated.id != dated.id
    assert _read(f)[0].id == undated.id  # stable ids
    assert undated.date is None and undated.metadata["crawl_date"] == "2024-01-05T10:00:00Z"
    assert any("crawl date" in w for w in undated.warnings)
    assert dated.date == dt.date(2022, 6, 9) and dated.metadata["crawl_date"] == "2024-01-05T10:00:00Z"


def test_truncated_warc_gz_reports_record(tmp_path):
    f = tmp_path / "crawl.warc.gz"
    pages = [(f"https://example.org/{i}", (FIXTURES / "story.html").read_bytes(), "text/html") for i in range(3)]
    _write_warc(f, pages)
    data = f.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    results = _read(cut)
    errors = _only(results, InputError)
    assert len(errors) == 1 and errors[0].record.startswith("record ")
    assert "truncated" in errors[0].reason or "corrupt" in errors[0].reason
    assert 1 <= len(_only(results, Article)) < 3


# --- bad input ---------------------------------------------------------------------------------------------


def test_bad_inputs_each_give_one_error_and_others_still_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Officials in Bogot\u00e1 said the talks failed.".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_text(LEAD * 20)
    trunc = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress("".join(json.dumps({"id": f"t{i}", "text": f"{LEAD} ({i})"}) + "\n" for i in range(300)).encode())
    trunc.write_bytes(whole[: len(whole) // 2])
    good = FIXTURES / "geneva_no_header.txt"
    missing = tmp_path / "missing.txt"
    results = _read(empty, binary, latin, big, missing, good, max_bytes=1000)
    errors = {Path(e.input).name: e for e in _only(results, InputError)}
    assert "empty file" in errors["empty.txt"].reason
    assert "binary file" in errors["blob.txt"].reason
    assert "invalid UTF-8 at byte offset 18" in errors["latin.txt"].reason
    assert "over the limit of 1000 bytes" in errors["big.txt"].reason
    assert "no such file" in errors["missing.txt"].reason
    assert len(errors) == 5
    assert [a.id for a in _only(results, Article)] == ["geneva_no_header"]
    cut = _read(trunc)
    assert isinstance(cut[-1], InputError) and cut[-1].record.startswith("line ")
    assert "truncated" in cut[-1].reason
    assert 0 < len(cut) - 1 < 300 and all(isinstance(a, Article) for a in cut[:-1])


def test_empty_jsonl_and_blank_text(tmp_path):
    f = tmp_path / "blank.jsonl"
    f.write_text("\n\n")
    [err] = _read(f)
    assert isinstance(err, InputError) and "empty" in err.reason
    g = tmp_path / "blank.txt"
    g.write_text("   \n\n")
    [err] = _read(g)
    assert isinstance(err, InputError) and "empty" in err.reason


def test_long_run_of_bad_jsonl_lines_is_summarised_and_good_lines_after_it_are_read(tmp_path):
    from diurna.articles.readers import SHOW_BAD_RUN

    f = tmp_path / "noise.jsonl"
    f.write_bytes(b"\xff\xfe\xfd garbage\n" * 500 + json.dumps({"id": "after", "text": LEAD}).encode() + b"\n")
    results = _read(f)
    errors = _only(results, InputError)
    assert [a.id for a in _only(results, Article)] == ["after"]
    assert len(errors) == SHOW_BAD_RUN + 1
    assert errors[-1].record == f"lines {SHOW_BAD_RUN + 1}-500" and "400 more bad lines" in errors[-1].reason


def test_jsonl_that_is_all_garbage_is_given_up(tmp_path, monkeypatch):
    from diurna.articles import readers

    monkeypatch.setattr(readers, "GIVE_UP_RUN", 300)
    f = tmp_path / "noise.jsonl"
    f.write_bytes(b"garbage\n" * 1000 + json.dumps({"id": "late", "text": LEAD}).encode() + b"\n")
    results = _read(f)
    assert all(isinstance(r, InputError) for r in results)
    assert "giving up" in results[-1].reason and results[-1].record == f"lines {readers.SHOW_BAD_RUN + 1}-300"


# --- stdin, directories, globs -----------------------------------------------------------------------------


def test_stdin_sniffs_jsonl_and_text(monkeypatch):
    data = (json.dumps({"id": "s1", "text": LEAD}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [article] = _read("-")
    assert article.id == "s1" and article.origin.input == "<stdin>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(LEAD.encode()))))
    [article] = _read("-")
    assert article.id == "stdin" and article.text == LEAD


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First story. " + LEAD)
    (tmp_path / "b" / "c.txt").write_text("Second story. " + LEAD)
    (tmp_path / "b" / "a.jsonl").write_text(json.dumps({"id": "j", "text": LEAD}) + "\n")
    (tmp_path / ".hidden.txt").write_text(LEAD)
    ids = [a.id for a in _read(tmp_path)]
    assert ids == ["a", "j", "c"]
    assert [a.id for a in _read(tmp_path / "**" / "*.txt")] == ["a", "c"]
    empty = tmp_path / "emptydir"
    empty.mkdir()
    [err] = _read(empty)
    assert isinstance(err, InputError) and "no files" in err.reason
    [err] = _read(tmp_path / "*.nothing")
    assert isinstance(err, InputError) and "no files match" in err.reason


# --- properties --------------------------------------------------------------------------------------------

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(data=st.binary(max_size=2000), ext=st.sampled_from([".txt", ".jsonl", ".html", ".warc", ".gz", ".json", ""]))
def test_random_bytes_never_raise(tmp_path, data, ext):
    f = tmp_path / f"random{ext}"
    f.write_bytes(data)
    for result in read_articles([str(f)]):
        assert isinstance(result, (Article, InputError))
        if isinstance(result, InputError):
            assert "internal error" not in result.reason
        else:
            assert all(result.text[s.start : s.end] == s.text for s in result.sentences)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=200),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": _JSON,
        "text": st.text(max_size=400) | _JSON,
        "date": st.text(max_size=30) | _JSON,
        "title": _JSON,
        "source": _JSON,
        "url": _JSON,
        "extra": _JSON,
    },
)


@_SETTINGS
@given(value=_JSON | _RECORDS)
def test_random_json_lines_never_raise(tmp_path, value):
    f = tmp_path / "random.jsonl"
    f.write_text(json.dumps(value) + "\n" + json.dumps({"id": "after", "text": LEAD}) + "\n")
    results = list(read_articles([str(f)]))
    assert all(isinstance(r, (Article, InputError)) for r in results)
    assert not any(isinstance(r, InputError) and "internal error" in r.reason for r in results)
    assert isinstance(results[-1], Article) and results[-1].id == "after"
