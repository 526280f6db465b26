"""The real-news annotation format (docs/annotation.md): units that point into a corpus by id and offsets,
scored at the story, sentence and argument levels. Corpora here are invented texts in a temporary directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diurna.articles.model import ActorRef, Event
from diurna.errors import InputError
from diurna.eval.realnews import evaluate_realnews, is_realnews, read_realnews, same_sentence

TEXT = ("Chile and Peru held talks in Lima on Monday. Chilean police arrested two Peruvian fishermen. "
        "The weather was fine.")


def _corpus(tmp: Path) -> Path:
    corpora = tmp / "shared" / "corpora"
    corpora.mkdir(parents=True)
    (corpora / "toy.jsonl").write_text(json.dumps({"id": "toy-1", "date": "2020-03-04", "text": TEXT}) + "\n")
    return corpora


def _span(words: str) -> list[int]:
    start = TEXT.index(words)
    return [start, start + len(words)]


S1 = _span("Chile and Peru held talks in Lima on Monday.")
S2 = _span("Chilean police arrested two Peruvian fishermen.")
S3 = _span("The weather was fine.")


def _units(tmp: Path) -> Path:
    talks = {"sentence": S1, "trigger": _span("held talks"), "source": {"span": _span("Chile"), "code": "CHL"},
             "target": {"span": _span("Peru"), "code": "PER", "implied": False}, "cameo": "040", "plover": "CONSULT",
             "modality": "actual", "background": False, "symmetric": True, "date": "2020-03-02"}
    arrest = {"sentence": S2, "trigger": _span("arrested"), "source": {"span": _span("Chilean police"), "code": "CHLCOP"},
              "target": {"span": _span("two Peruvian fishermen"), "code": "PERCVL", "implied": False}, "cameo": "173",
              "plover": "COERCE", "modality": "actual", "background": False, "symmetric": False, "date": None}
    units = [
        {"id": "toy-1", "corpus": "toy", "unit": "article", "span": [0, len(TEXT)], "split": "dev", "date": "2020-03-04",
         "events": [talks, arrest]},
        {"id": "toy-1", "corpus": "toy", "unit": "sentence", "span": S3, "split": "dev", "date": "2020-03-04",
         "events": []},
    ]
    path = tmp / "annotations" / "dev.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps(u) + "\n" for u in units))
    return path


def _actor(text: str, code: str) -> ActorRef:
    return ActorRef(text=text, name=text, code=code, country=code[:3])


def _event(cameo: str, src: ActorRef | None, tgt: ActorRef | None, sentence: list[int], symmetric: bool = False) -> Event:
    return Event(id="e", source=src, target=tgt, cameo=cameo, cameo_name="", goldstein=0.0, quad_class=1, plover=None,
                 plover_mode=None, modality="actual", sentence=0, text=TEXT[sentence[0]:sentence[1]],
                 span=(sentence[0], sentence[1]), trigger="t", symmetric=symmetric)


def _coder(events_by_id: dict[str, list[Event]]):  # type: ignore[no-untyped-def]
    def code(articles):  # type: ignore[no-untyped-def]
        for article in articles:
            article.events = events_by_id.get(article.id, [])
            yield article
    return code


def test_units_read_their_texts_from_the_corpus(tmp_path: Path) -> None:
    _corpus(tmp_path)
    path = _units(tmp_path)
    assert is_realnews(path.read_text())
    records = read_realnews(path)  # the corpora are found beside the repository, as ../shared/corpora
    assert [r.id for r in records] == ["toy-1", f"toy-1@{S3[0]}-{S3[1]}"]
    assert records[0].text == TEXT and records[1].text == "The weather was fine."
    talks = records[0].events[0]
    assert talks.extra["source_text"] == "Chile" and talks.extra["symmetric"] is True
    assert records[1].no_event


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    path = _units(tmp_path)
    with pytest.raises(InputError, match="nowhere.*cannot read corpus"):
        read_realnews(path, tmp_path / "nowhere")


def test_story_argument_and_symmetric_scoring(tmp_path: Path) -> None:
    _corpus(tmp_path)
    records = read_realnews(_units(tmp_path))
    # the talks coded in the other direction (symmetric), the arrest with a Peruvian source: the story level
    # credits the talks only; the argument level finds both triggers and one right source span
    ours = [_event("040", _actor("Peru", "PER"), _actor("Chile", "CHL"), S1, symmetric=True),
            _event("173", _actor("two Peruvian fishermen", "PERCVL"), None, S2)]
    report = evaluate_realnews(records, _coder({"toy-1": ours}))
    story = report.story.levels["dyad_root"]
    assert (story.tp, story.n_gold, story.n_pred) == (1, 2, 2)
    assert report.arguments["trigger_recall"] == 1.0
    assert report.arguments["source_span"] == 0.5  # talks: Chile matched (after symmetric swap); arrest: wrong
    assert report.sentences.false_event_rate == 0.0


def test_a_false_event_on_a_no_event_sentence_is_counted(tmp_path: Path) -> None:
    _corpus(tmp_path)
    records = read_realnews(_units(tmp_path))
    report = evaluate_realnews(records, _coder({records[1].id: [_event("190", None, None, S3)]}))
    assert report.sentences.false_event_rate == 1.0
    assert report.self_dyads == {"ours": 0, "in_gold": 0, "precision": None}


def test_sentences_align_across_normalization() -> None:
    assert same_sentence("the centre has â€˜decidedâ€™ to send troops to gujarat.",
                         "The Centre has ‘decided’ to send troops to Gujarat.")
    assert not same_sentence("The weather was fine.", "Chile and Peru held talks.")


def test_a_unit_kept_for_tuning_says_so_and_others_do_not(tmp_path: Path) -> None:
    corpora = _corpus(tmp_path)
    path = _units(tmp_path)
    units = [json.loads(line) for line in path.read_text().splitlines()]
    units[0]["tune"] = True
    path.write_text("".join(json.dumps(u) + "\n" for u in units))
    records = read_realnews(path, corpora)
    assert [r.extra["tune"] for r in records] == [True, False]
