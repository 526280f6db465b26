"""One record schema: the JSON event record of `diurna code` (docs/output.md), the store's mentions table
(diurna.store.records.EVENT_FIELD_COLUMNS, the Arrow schemas, the views), docs/store.md and the exports are checked
against each other, so that a field added in one place only fails here; and one registry of output formats serves
`code`, `events` and `export`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import click
import pytest

from diurna.articles.model import ActorRef, Article, Event, Mention, Place
from diurna.filters import EventFilter, table_columns
from diurna.output import event_record
from diurna.store import Store
from diurna.store.cluster import EVENTS
from diurna.store.export import FORMATS, Rows, formats_for, write_rows
from diurna.store.records import ACTOR_FIELDS, EVENT_FIELD_COLUMNS, mention_columns, mention_row
from diurna.store.schema import SCHEMAS
from diurna.store.writer import StoreWriter

ROOT = Path(__file__).resolve().parents[1]


def _event() -> tuple[Article, Event]:
    actor = ActorRef(text="Chile", name="Chile", code="CHLGOV", country="CHL", sector="GOV", role="minister",
                     kind="country", implied=False)
    event = Event(id="a:0:6", source=actor, target=actor, cameo="042", cameo_name="Make a visit", goldstein=1.9,
                  quad_class=1, plover="CONSULT", plover_mode="visit", modality="actual", sentence=0,
                  text="Chile visited Peru.", span=(0, 19), trigger="visited", date=dt.date(2024, 5, 8),
                  date_precision="day", location=Place(name="Lima", country="PER", lat=1.0, lon=2.0, kind="city"),
                  confidence=0.7, mentions=[Mention(sentence=0, span=(0, 19), trigger="visited", text="x")],
                  trigger_span=(6, 13), symmetric=True)
    return Article(id="a", text="Chile visited Peru.", date=dt.date(2024, 5, 8), events=[event]), event


def _doc_fields(path: Path, heading: str) -> set[str]:
    """The backticked names in the first column of the table under ``heading``."""
    text = path.read_text(encoding="utf-8")
    section = text[text.index(heading):]
    section = section[: section.index("\n## ", 1)] if "\n## " in section[1:] else section
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z_]+)`", line.split(" | ")[0]))
    return names


def _expand(cell: str) -> list[str]:
    """``a, b_{x,y}, c (JSON)`` -> ``[a, b_x, b_y, c]``."""
    out: list[str] = []
    for part in re.split(r",\s*(?![^{]*})", cell):
        part = re.sub(r"\s*\(.*\)$", "", part.strip())
        m = re.fullmatch(r"([a-z_]*)\{([a-z_,]+)\}([a-z_]*)", part)
        out.extend(f"{m.group(1)}{x}{m.group(3)}" for x in m.group(2).split(",")) if m else out.append(part)
    return [p for p in out if p]


def _store_doc_tables() -> dict[str, list[str]]:
    tables = {}
    for line in (ROOT / "docs" / "store.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `([a-z_]+)` \| [^|]+ \| (.+) \|$", line)
        if m and m.group(1) != "mentions_full":
            tables[m.group(1)] = [c for cell in re.findall(r"`([^`]+)`", m.group(2)) for c in _expand(cell)]
    return tables


# --- the JSON record and the store -------------------------------------------------------------------------------


def test_every_json_event_field_has_its_store_columns():
    article, event = _event()
    record = event_record(event)
    assert set(record) == set(EVENT_FIELD_COLUMNS), (
        "diurna.output.event_record and diurna.store.records.EVENT_FIELD_COLUMNS differ: "
        f"{sorted(set(record) ^ set(EVENT_FIELD_COLUMNS))}")
    assert set(record["source"]) == set(ACTOR_FIELDS)
    assert sorted(mention_columns()) == sorted(SCHEMAS["mentions"].names)
    row = mention_row(article, event, "batch")
    assert list(row) == SCHEMAS["mentions"].names or sorted(row) == sorted(SCHEMAS["mentions"].names)
    # the values agree too
    assert (row["trigger_start"], row["trigger_end"]) == tuple(record["trigger_span"])
    assert row["symmetric"] is record["symmetric"] is True
    assert row["source_implied"] is record["source"]["implied"] is False and row["source_kind"] == "country"
    assert [row[c] for c in EVENT_FIELD_COLUMNS["location"]] == [record["location"][k] for k in
                                                                 ("name", "country", "lat", "lon", "kind")]


def test_docs_output_lists_every_json_event_field():
    documented = _doc_fields(ROOT / "docs" / "output.md", "## Events")
    assert documented == set(event_record(_event()[1])), sorted(documented ^ set(event_record(_event()[1])))


def test_docs_store_lists_every_column_of_every_view(tmp_path):
    StoreWriter(tmp_path / "s").close()
    con = Store(tmp_path / "s").connect()
    views = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' "
                                       "AND table_name NOT LIKE 'raw_%' AND table_name NOT LIKE '_empty_%' "
                                       "AND table_name <> 'mentions_full'").fetchall()]
    documented = _store_doc_tables()
    assert set(views) == set(documented), sorted(set(views) ^ set(documented))
    for view in views:
        actual = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        assert documented[view] == actual, (view, sorted(set(documented[view]) ^ set(actual)))
    full = [r[0] for r in con.execute("DESCRIBE mentions_full").fetchall()]
    assert tuple(full) == table_columns(mentions=True)
    assert table_columns(mentions=False)[: len(EVENTS.names)] == tuple(EVENTS.names)


# --- exports and the registry -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from test_store_support import add_synthetic, d

    root = tmp_path_factory.mktemp("schema") / "s"
    add_synthetic(root, [{"id": "a", "date": d("2021-03-16")}],
                  [{"mention_id": "a:0:0", "article_id": "a", "cameo": "042", "source_code": "CHL",
                    "source_country": "CHL", "modality": "actual", "date": d("2021-03-16")}])
    return Store(root)


@pytest.mark.parametrize("mentions", [False, True])
def test_queries_and_exports_have_the_schema_columns(store, mentions):
    result = store.events(mentions=mentions)
    assert tuple(result.column_names) == table_columns(mentions)
    name = "mentions" if mentions else "events"
    out = io.StringIO()
    write_rows("jsonl", Rows(table_name=name, store=store), out)
    assert tuple(json.loads(out.getvalue().splitlines()[0])) == table_columns(mentions)  # the whole table
    out = io.StringIO()
    write_rows("jsonl", Rows(table_name=name, store=store, filter=EventFilter(cameo="04")), out)
    assert tuple(json.loads(out.getvalue().splitlines()[0])) == table_columns(mentions)  # a query of it
    out = io.StringIO()
    write_rows("csv", Rows(table_name=name, data=result), out)
    assert tuple(next(csv.reader(io.StringIO(out.getvalue())))) == table_columns(mentions)


def test_one_registry_serves_every_command():
    from diurna.cli import main
    from diurna.cli.code import FORMATS as CODE
    from diurna.cli.events import FORMATS as EVENTS_FORMATS
    from diurna.cli.export import FORMATS as EXPORT

    for command, spelled in (("code", CODE), ("events", EVENTS_FORMATS), ("export", EXPORT)):
        assert sorted(spelled) == sorted(formats_for(command)), command
        option = next(p for p in main.commands[command].params if p.name == "fmt")
        assert isinstance(option.type, click.Choice) and sorted(option.type.choices) == sorted(formats_for(command))
    assert {f for f in FORMATS} >= {"jsonl", "csv", "parquet", "table", "gdelt", "polecat"}
    with pytest.raises(ValueError, match="unknown output format"):
        write_rows("xml", Rows(data=None), io.StringIO())
