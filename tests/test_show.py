"""`diurna show EVENT_ID`: the event, each report's sentence with the trigger, source and target highlighted,
the articles with publishers and URLs, the quotes and amounts of those sentences; id prefixes and bad ids."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.console import Console
from test_store_support import add_synthetic, d

from diurna.cli import main
from diurna.cli.show import print_evidence, sentence_text
from diurna.store import Store
from diurna.store.evidence import AmbiguousEventError, EventNotFoundError, event_evidence, resolve_event_id
from diurna.store.manifest import new_batch_id
from diurna.store.schema import SCHEMAS
from diurna.store.writer import StoreWriter, write_shard

TEXT_A = "Turkish jets struck Kurdish targets in northern Iraq on Tuesday."
TEXT_B = "The ministry said Turkiye bombed positions in Iraq."


def _mention(mid, article, text, trigger, source_text, target_text, **extra):
    t0 = text.index(trigger)
    row = {"mention_id": mid, "article_id": article, "cameo": "190", "source_code": "TURMIL", "source_country": "TUR",
           "source_text": source_text, "target_code": "IRQ", "target_country": "IRQ", "target_text": target_text,
           "date": d("2021-03-16"), "modality": "actual", "text": text, "start": 100, "end": 100 + len(text),
           "trigger": trigger, "trigger_start": 100 + t0, "trigger_end": 100 + t0 + len(trigger), "sentence": 2,
           "confidence": 0.8}
    row.update(extra)
    return row


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("show") / "s"
    add_synthetic(root, [{"id": "a", "date": d("2021-03-16"), "publisher": "x.com", "url": "https://x.com/a",
                          "title": "Strikes in Iraq", "source": "X News"},
                         {"id": "b", "date": d("2021-03-16"), "publisher": "y.com", "url": None}],
                  [_mention("a:2:113", "a", TEXT_A, "struck", "Turkish jets", "Iraq"),
                   _mention("b:2:126", "b", TEXT_B, "bombed", "Turkiye", None, target_implied=True),
                   _mention("b:3:0", "b", "Chile met Peru.", "met", "Chile", "Peru", cameo="040", sentence=3,
                            source_code="CHL", source_country="CHL", target_code="PER", target_country="PER")])
    batch = new_batch_id()
    with StoreWriter(root) as w:  # a quote in sentence 2 of article a (and one elsewhere, not shown)
        base = {name: None for name in SCHEMAS["quotes"].names}
        quotes = [{**base, "article_id": "a", "content_hash": "h-a", "batch": batch, "sentence": 2,
                   "text": "we will respond", "speaker": "Hulusi Akar"},
                  {**base, "article_id": "a", "content_hash": "h-a", "batch": batch, "sentence": 7,
                   "text": "not this one", "speaker": "Someone"}]
        w.commit(batch, {"quotes": [write_shard(root, "quotes", batch, quotes)]})
    return root


def _turkish_event(store_dir) -> str:
    return Store(store_dir).query("SELECT event_id FROM events WHERE cameo = '190'").column(0)[0].as_py()


def test_show_prints_the_evidence(store_dir):
    event_id = _turkish_event(store_dir)
    result = CliRunner().invoke(main, ["show", event_id[:8], "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert event_id in out
    assert TEXT_A in out and TEXT_B in out
    assert "trigger 'struck'; source 'Turkish jets'; target 'Iraq'" in out
    assert "trigger 'bombed'; source 'Turkiye'; target implied" in out
    assert "https://x.com/a" in out and "X News" in out and "Strikes in Iraq" in out and "no URL" in out
    assert "we will respond" in out and "Hulusi Akar" in out and "not this one" not in out
    assert "\x1b[" not in out  # plain when not a terminal


def test_highlights_from_the_stored_offsets(store_dir):
    ev = event_evidence(Store(store_dir), _turkish_event(store_dir))
    first = next(m for m in ev.mentions if m.mention_id == "a:2:113")
    assert [(h.part, h.text) for h in first.highlights] == [("source", "Turkish jets"), ("trigger", "struck"),
                                                           ("target", "Iraq")]
    styled = sentence_text(first, styled=True)
    spans = {(TEXT_A[s.start:s.end], str(s.style)) for s in styled.spans}
    assert ("struck", "bold reverse") in spans and ("Turkish jets", "bold green") in spans
    console = Console(record=True, force_terminal=True, width=100)
    print_evidence(console, ev)
    assert "\x1b[" in console.export_text(styles=True)


def test_show_json(store_dir):
    result = CliRunner().invoke(main, ["show", _turkish_event(store_dir), "--store", str(store_dir), "--json"])
    data = json.loads(result.stdout)
    assert len(data["mentions"]) == 2 and {a["id"] for a in data["articles"]} == {"a", "b"}
    assert [q["text"] for q in data["facts"]["quotes"]] == ["we will respond"] and data["facts"]["amounts"] == []


def test_an_id_prefix_a_mention_id_or_nothing(store_dir):
    store = Store(store_dir)
    event_id = _turkish_event(store_dir)
    assert resolve_event_id(store, event_id.removeprefix("ev-")[:6]) == event_id
    assert resolve_event_id(store, "a:2:113") == event_id
    with pytest.raises(AmbiguousEventError, match="several events"):
        resolve_event_id(store, "ev-")
    with pytest.raises(EventNotFoundError, match="no event 'ev-zzz'"):
        resolve_event_id(store, "ev-zzz")


@pytest.mark.parametrize(("value", "message"), [("ev-", "names several events"), ("nothing-here", "no event")])
def test_an_unknown_or_ambiguous_id_is_a_usage_error(store_dir, value, message):
    result = CliRunner().invoke(main, ["show", value, "--store", str(store_dir)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_store_without_fact_tables(store_dir, monkeypatch):
    """Fact tables the store's diurna does not have are skipped, not an error."""
    for table in ("quotes", "amounts"):
        monkeypatch.delitem(SCHEMAS, table)
    ev = event_evidence(Store(store_dir), _turkish_event(store_dir))
    assert ev.facts == {}
