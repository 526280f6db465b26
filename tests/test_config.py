"""One Config object carries every setting; the environment is read only by Config.from_env."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from diurna.config import ENVIRONMENT, Config
from diurna.errors import ConfigError

SRC = Path(__file__).resolve().parents[1] / "src" / "diurna"


def test_from_env_reads_every_setting(tmp_path):
    env = {
        "DIURNA_SPACY_MODEL": "en_core_web_md", "DIURNA_ACTORS_DIR": str(tmp_path),
        "DIURNA_ONTOLOGY_DIR": str(tmp_path), "DIURNA_PATTERNS": str(tmp_path / "p.yaml"),
        "DIURNA_AGENCIES": f"{tmp_path / 'a.tsv'}:{tmp_path / 'b.tsv'}", "DIURNA_BOILERPLATE": str(tmp_path / "c.txt"),
        "DIURNA_CACHE_DIR": str(tmp_path / "cache"), "DIURNA_EVENT_MODEL": "none",
        "DIURNA_MAX_INPUT_BYTES": "1000", "DIURNA_MAX_RECORD_BYTES": "100", "DIURNA_MAX_LINE_CHARS": "50",
        "DIURNA_MAX_ARTICLE_CHARS": "2_000", "DIURNA_MAX_SENTENCE_TOKENS": "80",
        "DIURNA_THEMES": str(tmp_path / "themes.yaml"), "DIURNA_ONE_SIDED_EVENTS": "yes",
    }
    c = Config.from_env(env)
    assert c.spacy_model == "en_core_web_md" and c.actors_dir == tmp_path and c.ontology_dir == tmp_path
    assert c.agency_files == (tmp_path / "a.tsv", tmp_path / "b.tsv")
    assert c.boilerplate_files == (tmp_path / "c.txt",) and c.cache_dir == tmp_path / "cache"
    assert c.rules_only and c.themes_file == tmp_path / "themes.yaml"
    assert (c.max_input_bytes, c.max_record_bytes, c.max_line_chars, c.max_article_chars, c.max_sentence_tokens) == (
        1000, 100, 50, 2000, 80)
    assert c.one_sided_events is True
    assert set(ENVIRONMENT.values()) == set(env)


def test_a_yes_no_setting_takes_words_and_refuses_others():
    assert Config.from_env({"DIURNA_ONE_SIDED_EVENTS": "0"}).one_sided_events is False
    assert Config.from_env({"DIURNA_ONE_SIDED_EVENTS": "True"}).one_sided_events is True
    assert Config(one_sided_events=True).to_dict() == {"one_sided_events": True}
    with pytest.raises(ConfigError, match="DIURNA_ONE_SIDED_EVENTS.*true or false"):
        Config.from_env({"DIURNA_ONE_SIDED_EVENTS": "maybe"})


def test_defaults_overrides_and_hashing():
    assert Config.from_env({}) == Config()
    assert Config().to_dict() == {}
    c = Config.from_env({"DIURNA_SPACY_MODEL": "a"}, spacy_model="b")
    assert c.spacy_model == "b" and Config.from_env({"DIURNA_SPACY_MODEL": "a"}, spacy_model=None).spacy_model == "a"
    assert hash(c) == hash(Config(spacy_model="b")) and c != Config()
    assert json.loads(json.dumps(c.to_dict())) == {"spacy_model": "b"}
    with pytest.raises(Exception, match="unknown setting"):
        Config.from_env({}, spacy_modle="x")


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_limits_must_be_positive_whole_numbers(value):
    from diurna.errors import ConfigError

    with pytest.raises(ConfigError, match="DIURNA_MAX_SENTENCE_TOKENS"):
        Config.from_env({"DIURNA_MAX_SENTENCE_TOKENS": value})


def test_unknown_environment_setting_is_warned(caplog):
    Config.from_env({"DIURNA_SPACY_MODLE": "x"})
    assert "DIURNA_SPACY_MODLE" in caplog.text


def test_no_environment_reads_outside_config():
    """Settings are read in one place; a read inside a cached loader would ignore a changed setting."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "config.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"os\.environ|os\.getenv", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_changed_setting_gives_new_resources_and_is_recorded(tmp_path):
    from diurna.pipeline import code, resources

    base = resources(Config())
    assert resources(Config()) is base
    rules = resources(Config(event_model="none"))
    assert rules is not base and rules.model is None and base.model is not None
    assert rules.nlp is base.nlp  # the spaCy pipeline is shared when its settings are the same
    article = code("Kenya and Somalia agreed on Sunday to resume border talks.", date="2021-03-14")
    record = article.metadata["coded_with"]
    assert record["diurna"] and record["spacy_pipeline"].startswith("en_core_web_sm")
    assert record["event_model"].startswith("events.json sha256:")
    assert rules.describe()["settings"] == {"event_model": "none"} and rules.describe()["event_model"] is None


def test_missing_event_model_file_is_a_clear_error(tmp_path):
    from diurna.errors import ConfigError
    from diurna.pipeline import resources

    with pytest.raises(ConfigError, match="event model file .*nope.json"):
        resources(Config(event_model=str(tmp_path / "nope.json")))


def test_normalize_uses_the_configs_agency_file(tmp_path):
    from diurna.articles import article_from_text

    extra = tmp_path / "agencies.tsv"
    extra.write_text("Example Newswire\tENW\n", encoding="utf-8")
    text = "ACCRA (ENW) - Ghana and Togo agreed on Monday to reopen their border."
    assert article_from_text(text, config=Config(agency_files=(extra,))).wire == ["Example Newswire"]
    assert article_from_text(text, config=Config()).wire == []
