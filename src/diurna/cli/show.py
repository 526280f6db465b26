"""``diurna show EVENT_ID``: one event's evidence — its reports' sentences with the source, trigger and target
highlighted, the articles (publisher, URL), and the quotes and amounts of those sentences."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from diurna.cli.ingest import DEFAULT_STORE
from diurna.errors import DiurnaError

if TYPE_CHECKING:
    from diurna.store.evidence import EventEvidence, MentionEvidence

_FACT_HIDDEN = ("article_id", "sentence", "start", "end", "article_date", "content_hash", "batch")
STYLES = {"trigger": "bold reverse", "source": "bold green", "target": "bold magenta"}


@click.command("show")
@click.argument("event_id")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the evidence as one JSON object.")
def show(event_id: str, store_dir: str, as_json: bool) -> None:
    """Show EVENT_ID (an event id, a unique prefix of one, or a mention id): the event and its evidence."""
    from diurna.store import Store
    from diurna.store.evidence import AmbiguousEventError, EventNotFoundError, event_evidence

    try:
        evidence = event_evidence(Store(store_dir), event_id)
    except (EventNotFoundError, AmbiguousEventError) as exc:
        raise click.BadParameter(str(exc), param_hint="EVENT_ID") from None
    except DiurnaError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(evidence.to_dict(), ensure_ascii=False))
        return
    from rich.console import Console

    print_evidence(Console(file=sys.stdout, soft_wrap=True), evidence)


def _value(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(_value(v) for v in value) or "-"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return " ".join(str(value).split())


def sentence_text(m: MentionEvidence, styled: bool) -> Any:
    """The sentence with its highlights: styled on a terminal; plain text otherwise (the parts are listed
    under it)."""
    from rich.text import Text

    text = Text(" ".join(m.text.split()) if len(" ".join(m.text.split())) != len(m.text) else m.text.replace("\n", " "))
    if styled and len(text.plain) == len(m.text):
        for h in m.highlights:
            text.stylize(STYLES.get(h.part, "bold"), h.start, h.end)
    return text


def print_evidence(console: Any, ev: EventEvidence) -> None:
    """Print the evidence on ``console``; every value from the store is plain text (never read as markup)."""
    from rich.text import Text

    styled = console.is_terminal and not console.no_color
    e = ev.event
    source = e.get("source_code") or e.get("source_name") or "-"
    target = e.get("target_code") or e.get("target_name") or "-"
    head = Text.assemble((e["event_id"], "bold"), f"  {_value(e.get('date'))}  {e.get('cameo')} ",
                         _value(e.get("cameo_name")), f"  {source} -> {target}  ({_value(e.get('modality'))})")
    console.print(head)
    details = [("PLOVER", f"{_value(e.get('plover'))} {_value(e.get('plover_mode'))}".strip()),
               ("QuadClass / Goldstein", f"{_value(e.get('quad_class'))} / {_value(e.get('goldstein'))}"),
               ("source", f"{_value(e.get('source_name'))} ({_value(e.get('source_code'))}, "
                          f"{_value(e.get('source_country'))})"),
               ("target", f"{_value(e.get('target_name'))} ({_value(e.get('target_code'))}, "
                          f"{_value(e.get('target_country'))})"),
               ("where", f"{_value(e.get('location_name'))} ({_value(e.get('location_country'))})"),
               ("dates", f"{_value(e.get('first_date'))} to {_value(e.get('last_date'))}"),
               ("reports", f"{e.get('num_mentions')} mentions in {e.get('num_articles')} articles from "
                           f"{e.get('num_sources')} independent sources ({e.get('num_copies')} syndicated copies)"),
               ("confidence", _value(e.get("confidence")))]
    for label, value in details:
        console.print(Text(f"  {label}: {value}"))
    console.print(Text(f"\nEvidence ({len(ev.mentions)} reports)", style="bold"))
    for m in ev.mentions:
        copy = ", syndicated copy" if m.is_copy else ""
        console.print(Text(f"[{m.article_id}, sentence {m.sentence}, {_value(m.date)}, {m.modality}, "
                           f"confidence {_value(m.confidence)}{copy}]", style="dim" if styled else ""))
        console.print(Text("  ").append(sentence_text(m, styled)))
        parts = [f"trigger {m.trigger!r}"]
        parts.append(f"source {m.source!r}" if m.source else "source implied" if m.source_implied else "no source")
        parts.append(f"target {m.target!r}" if m.target else "target implied" if m.target_implied else "no target")
        legend = Text("  ")
        for i, part in enumerate(parts):
            key = part.split()[0]
            legend.append(("; " if i else "") + part, style=STYLES.get(key, "") if styled and "'" in part else "")
        console.print(legend)
    console.print(Text(f"\nArticles ({len(ev.articles)})", style="bold"))
    for a in ev.articles:
        copy = f" (copy of {a.duplicate_of})" if a.duplicate_of else ""
        console.print(Text(f"  {a.id}  {_value(a.date)}  {a.source or a.publisher or '-'}{copy}"))
        if a.title:
            console.print(Text(f"    {' '.join(a.title.split())}"))
        console.print(Text(f"    {a.url or 'no URL'}"))
    for table, rows in ev.facts.items():
        if not rows:
            continue
        console.print(Text(f"\n{table.capitalize()} in these sentences ({len(rows)})", style="bold"))
        for row in rows:
            where = f"[{row.get('article_id')}, sentence {row.get('sentence')}] "
            shown = {k: v for k, v in row.items()
                     if k not in _FACT_HIDDEN and v not in (None, "", [])}
            console.print(Text("  " + where + ", ".join(f"{k}: {_value(v)}" for k, v in shown.items())))
