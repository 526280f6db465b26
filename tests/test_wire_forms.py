"""Real-world article shapes (issue 11): aggregator copies of agency wires, agency datelines and credits, bylines
with time stamps, link lines, lower-case archives. Each fixture in ``fixtures/articles/wire/`` is our own text in
a shape seen in the wild; every field ``diurna read`` prints is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diurna.cli import main

WIRE = Path(__file__).parent / "fixtures" / "articles" / "wire"

# file -> expected fields; "starts"/"ends" are the first and last words of the cleaned text, "absent" strings
# that must be gone from it.
EXPECTED: dict[str, dict] = {
    "aggregator_sputnik.txt": {
        "title": "Pakistan, Turkey Agree To Expand Defence Ties", "author": "Aamir Khan", "date": "2022-03-14",
        "source": "ExampleNews.com", "wire": ["Sputnik"], "place": "Ankara", "publisher": "ExampleNews",
        "starts": "Pakistan and Turkey agreed on Monday", "ends": "later this year, the ministry added.",
        "absent": ["minutes ago", "ANKARA", "Read more", "Agree To Expand"], "paragraphs": 2,
    },
    "aggregator_xinhua.txt": {
        "title": "China, Nepal Sign Agreement On Cross-Border Railway Study", "author": "Sana Malik",
        "date": "2023-06-02", "source": "ExamplePost.pk", "wire": ["Xinhua"], "place": "Beijing",
        "publisher": "ExamplePost", "starts": "China and Nepal signed an agreement on Friday",
        "ends": "expected to take two years.", "absent": ["hours ago", "BEIJING"], "paragraphs": 2,
    },
    "app_colon.txt": {
        "title": "Pakistan, Uzbekistan review trade corridor progress", "author": None, "date": None,
        "source": None, "wire": ["APP"], "place": "Islamabad",
        "starts": "Pakistan and Uzbekistan on Monday", "ends": "in Tashkent in May.",
        "absent": ["(APP)", "Also read", "Cabinet approves"], "paragraphs": 2,
    },
    "reuters_dash.txt": {
        "title": "India and Bangladesh agree to reopen border markets", "author": "Meera Iyer", "date": None,
        "source": None, "wire": ["Reuters"], "place": "New Delhi",
        "starts": "India and Bangladesh agreed on Tuesday", "ends": "according to a joint statement.",
        "absent": ["(Reuters)", "Editing by"], "paragraphs": 2,
    },
    "xinhua_trailing.txt": {
        "title": "Egypt, Sudan hold talks on Nile water sharing", "author": None, "date": None, "source": None,
        "wire": ["Xinhua"], "place": "Cairo", "starts": "Egyptian and Sudanese officials met in Cairo",
        "ends": "agreed to continue consultations.", "absent": ["Xinhua", "--"], "paragraphs": 2,
    },
    "xinhua_trailing_line.txt": {
        "title": "Kazakhstan hosts regional security meeting", "author": None, "date": None, "source": None,
        "wire": ["Xinhua"], "place": None, "starts": "Defence officials from five Central Asian countries",
        "ends": "will be held in Bishkek.", "absent": ["Xinhua"], "paragraphs": 2,
    },
    "afp_lead.txt": {
        "title": "UN envoy urges restraint after border clashes", "author": None, "date": None, "source": None,
        "wire": ["Agence France-Presse"], "place": None, "starts": "The United Nations envoy",
        "ends": "both capitals next week.", "absent": ["AFP"], "paragraphs": 2,
    },
    "byline_updated.txt": {
        "title": "Government to table data protection bill in monsoon session", "author": "Priya Sharma",
        "date": "2022-03-14", "source": None, "wire": [], "place": "New Delhi",
        "starts": "The government will table", "ends": "joint parliamentary committee.",
        "absent": ["Updated", "ALSO READ", "NEW DELHI"], "paragraphs": 2, "warning": "'updated' stamp",
    },
    "pti_line.txt": {
        "title": "Opposition walks out of Rajya Sabha over farm prices", "author": None, "date": "2022-03-14",
        "source": None, "wire": ["PTI"], "place": "New Delhi", "starts": "Opposition members walked out",
        "ends": "till 2 pm.", "absent": ["PTI", "IST", "NEW DELHI:"], "paragraphs": 2,
    },
    "lowercase_archive.txt": {
        "title": None, "author": None, "date": "2002-03-12", "source": None, "wire": [], "place": "Lucknow",
        "starts": "the state government on monday", "ends": "in new delhi on sunday.",
        "absent": ["lucknow:", "This story is from"], "paragraphs": 2, "lowercase": True,
        "warning": "all lower case",
    },
}


def _read(path: Path) -> dict:
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(main, ["read", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    return json.loads(line)


def test_every_fixture_has_expectations():
    assert sorted(p.name for p in WIRE.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wire_form_read_with_every_field_right(name):
    want = EXPECTED[name]
    got = _read(WIRE / name)
    for key in ("title", "author", "date", "source", "wire"):
        assert got[key] == want[key], (name, key, got[key])
    place = got["dateline"]["place"] if got["dateline"] else None
    assert place == want["place"]
    assert got["metadata"].get("dateline_publisher") == want.get("publisher")
    assert got["text"].startswith(want["starts"]) and got["text"].endswith(want["ends"])
    for gone in want["absent"]:
        assert gone not in got["text"], (name, gone)
    assert len(got["paragraphs"]) == want["paragraphs"]
    assert got["lowercase"] is want.get("lowercase", False)
    if "warning" in want:
        assert any(want["warning"] in w for w in got["warnings"]), got["warnings"]
    # the lead is kept once, and a relative time is never taken for a date
    first = got["sentences"][0]["text"]
    assert got["text"].count(first) == 1


def test_relative_time_alone_never_dates_an_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Ministers meet on border trade\n\nAamir Khan 3 minutes ago\n\n"
                    "The trade ministers of the two countries met on Monday to discuss border trade.\n")
    got = _read(path)
    assert got["author"] == "Aamir Khan" and got["date"] is None
    assert "minutes ago" not in got["text"]
