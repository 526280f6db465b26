"""Choosing the spaCy pipeline: the official en_core_web_sm first, the PyPI republication next, or a setting."""

from __future__ import annotations

import pytest

from diurna.config import Config
from diurna.errors import ConfigError
from diurna.nlp import DEFAULT_MODELS, MODEL_SETTING, load_model, model_candidates


def test_official_model_is_tried_first():
    assert model_candidates() == DEFAULT_MODELS
    assert DEFAULT_MODELS[0] == "en_core_web_sm"


def test_setting_chooses_another_pipeline(monkeypatch):
    monkeypatch.setenv(MODEL_SETTING, "en_core_web_trf")
    assert model_candidates(Config.from_env().spacy_model) == ("en_core_web_trf",)


def test_missing_pipeline_is_a_clear_error_naming_the_setting():
    with pytest.raises(ConfigError, match=r"no_such_pipeline_xyz.*DIURNA_SPACY_MODEL"):
        load_model("no_such_pipeline_xyz")


def test_a_default_pipeline_loads():
    nlp = load_model()
    assert {"parser", "ner", "tagger"} <= set(nlp.pipe_names)


def test_a_one_word_name_that_is_an_english_word_matches_only_as_written():
    from diurna.pipeline import resources

    nlp = resources().nlp
    doc = nlp("They received offers of amnesty. Let them go, he said. Amnesty and LeT were named.")
    orgs = [e.text for e in doc.ents if e.label_ == "ORG"]
    assert "amnesty" not in orgs and "Let" not in orgs
    assert "Amnesty" in orgs and "LeT" in orgs
