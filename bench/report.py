"""Rendering benchmark results as docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from corpora import Loaded
from throughput import RULER, Throughput

TARGET_RATIO = 1.25


@dataclass
class CorpusResult:
    loaded: Loaded
    throughput: Throughput
    memory: dict[str, Any] | None = None


@dataclass
class Results:
    date: dt.date
    command: str
    quick: bool
    machine: dict[str, Any]
    corpora: list[CorpusResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cold_start: dict[str, Any] | None = None
    ingest: list[dict[str, Any]] = field(default_factory=list)  # bench/ingest.py throughput lines
    ingest_corpus: str = ""
    query: list[dict[str, Any]] = field(default_factory=list)  # bench/ingest.py query lines
    minutes: float = 0.0


def _n(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def _mib(kb: int | None) -> str:
    return f"{kb / 1024:,.0f} MiB" if kb else "n/a"


def _verdict(ratio: float) -> str:
    return "within target" if ratio <= TARGET_RATIO else "over target"


def summary_table(results: Results) -> list[str]:
    lines = [
        "| corpus | articles | words | read+normalize, articles/s | plain spaCy, words/s | diurna, words/s "
        "| diurna, articles/s | ratio diurna/spaCy | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results.corpora:
        t = r.throughput
        lines.append(
            f"| {r.loaded.corpus.name} | {t.articles} | {_n(t.words)} | {_n(len(r.loaded.articles) / r.loaded.seconds, 1)} "
            f"| {_n(t.rate('plain', 'words'))} | {_n(t.rate('diurna', 'words'))} | {_n(t.rate('diurna', 'articles'), 1)} "
            f"| **{t.ratio:.2f}** ({_verdict(t.ratio)}) | {_mib(r.memory.get('maxrss_kb')) if r.memory else 'n/a'} |"
        )
    return lines


def corpus_section(r: CorpusResult) -> list[str]:
    t, loaded = r.throughput, r.loaded
    how = (f"cut into {t.rounds} contiguous parts, each timed once per side; figures are totals"
           if t.split else f"timed {t.rounds} times whole per side; figures are medians")
    words_read = sum(len(a.text.split()) for a in loaded.articles)
    lines = [
        f"### {loaded.corpus.name}",
        "",
        f"Input: `{loaded.corpus.describe()}`: {len(loaded.articles)} articles ({loaded.skipped} passed through "
        f"uncoded, e.g. not English; {loaded.errors} input errors), {t.sentences} sentences and {_n(t.words)} words coded. "
        f"Timing: {how}.",
        "",
        "| measure | seconds | articles/s | sentences/s | words/s |",
        "|---|---:|---:|---:|---:|",
        f"| read + normalize (`read_articles`) | {loaded.seconds:.2f} | {_n(len(loaded.articles) / loaded.seconds, 1)} "
        f"| | {_n(words_read / loaded.seconds)} |",
    ]
    for side, label in (("plain", "plain spaCy `nlp.pipe` (no ruler)"), ("diurna", "diurna `code_articles`")):
        seconds = t.plain_seconds if side == "plain" else t.diurna_seconds
        lines.append(f"| {label} | {seconds:.2f} | {_n(t.rate(side, 'articles'), 1)} | "
                     f"{_n(t.rate(side, 'sentences'), 1)} | {_n(t.rate(side, 'words'))} |")
    ratios = ", ".join(f"{x:.2f}" for x in t.round_ratios())
    lines += ["", f"- **Ratio diurna / plain spaCy: {t.ratio:.2f}** (target ≤ {TARGET_RATIO}: {_verdict(t.ratio)}); "
                  f"per {'part' if t.split else 'round'}: {ratios}."]
    if t.breakdown:
        b = t.breakdown
        comps = b["components"]
        added = b.get("added", [RULER])
        spacy_list = ", ".join(f"{k} {v:.2f}" for k, v in comps.items())
        lines.append(
            f"- Where diurna's time goes (first {b['articles']} articles, "
            f"{b['sentences']} sentences, {b['diurna_seconds']:.2f} s): spaCy's own components "
            f"**{b['spacy_share']:.0%}**, diurna's entity ruler ({', '.join(f'`{a}`' for a in added)}) "
            f"**{b['ruler_share']:.0%}** ({sum(comps.get(a, 0.0) for a in added):.2f} s), the rest of coding (actors, events, facts, batching) "
            f"**{b['rest_share']:.0%}**. Component seconds: {spacy_list}."
        )
    if r.memory:
        m = r.memory
        lines.append(f"- Memory of a fresh process coding this corpus: {_mib(m['loaded_peak_kb'])} once the "
                     f"pipeline and tables are loaded, **{_mib(m['maxrss_kb'])} peak** (VmHWM) after coding "
                     f"{m['articles']} articles ({m['events']} events).")
    return lines + [""]


def cold_start_section(c: dict[str, Any]) -> list[str]:
    from pathlib import Path

    from corpora import REPO

    article = Path(c["command"][-1])
    shown = "diurna code " + str(article.relative_to(REPO) if article.is_relative_to(REPO) else article)
    return [
        "## Cold start",
        "",
        "Fresh processes, median of "
        f"{len(c['cli_seconds'])} runs each.",
        "",
        "| measure | seconds |",
        "|---|---:|",
        f"| `{shown}` (one short sample article, whole command, wall time) | {c['cli_median']:.2f} |",
        f"| `import diurna.pipeline` | {c['import_median']:.2f} |",
        f"| `diurna.pipeline.resources()` (spaCy model, ruler, patterns, ontology, actors, gazetteer) "
        f"| {c['resources_median']:.2f} |",
        f"| whole process for the two lines above (interpreter start included) | {c['process_median']:.2f} |",
        "",
    ]


ABOUT = """\
## What is measured

- **Coding throughput against plain spaCy.** All articles of a corpus are first read and normalized (not timed
  for either side). *Plain spaCy* is `spacy.load` of the very model diurna loads, without diurna's entity ruler,
  running `nlp.pipe` (batch size 256, as the coder) over exactly the sentence texts the coder analyses: every
  sentence of every article that is not skipped. *diurna* is `diurna.pipeline.code_articles` over deep copies of
  the same article objects, so it does everything coding does: the spaCy pipeline with the ruler, actor
  resolution, event coding and facts. Both sides are warmed up first, run in the same process, and alternate.
  Small corpora are timed three times whole per side (median); large ones (over 3,000 sentences) are cut into
  three contiguous parts timed once per side, so the full corpus is coded once by each side and the figures are
  totals. The **ratio** is diurna's time over plain spaCy's: the price of everything diurna adds to the parse.
  The target is at most 1.25.
- **Where the time goes.** On the first articles of the corpus (about 1,500 sentences), diurna codes once
  (timed), then diurna's spaCy pipeline runs one component at a time, each timed; spaCy's components and the
  ruler are shown as shares of diurna's time, and the rest of coding (actors, events, facts) is what remains.
- **Read + normalize**: `diurna.articles.read_articles` over the corpus (reading, format detection, cleanup,
  datelines, dates, language detection, sentence splitting), after a warm-up on two sample files.
- **Memory**: a fresh process per corpus loads diurna, then reads and codes the corpus streaming, as
  `diurna code` does; its peak resident set is reported, with the peak once loaded. The peak is the process's
  `VmHWM` (/proc/self/status): on Linux `getrusage(RUSAGE_SELF).ru_maxrss` survives `execve` and would report
  the size of the benchmark process that started it. These processes run after all timings, side by side (one per core), so they take no time
  figure.
- **Cold start**: wall time of `diurna code` on one short article in a fresh process, and the time to import
  `diurna.pipeline` and call `resources()`.

The sample corpus is the article files (text, HTML, JSON Lines, WARC) of `src/diurna/data/sample/corpus/`. The shared corpora
(`../shared/corpora/guardian_syria.jsonl`, `../shared/corpora/toi_2002.jsonl`) are outside the repository and
are skipped with a message when absent. Timings depend on the machine and on what else runs on it; compare
ratios rather than absolute rates across machines.

## Reproduce

```
make bench                               # = .venv/bin/python bench/run.py: full corpora, rewrites this file
.venv/bin/python bench/run.py --quick    # sample + first 50 articles per shared corpus, printed only
.venv/bin/python bench/run.py --quick --output /tmp/bench.md
```
"""


def ingest_section(results: Results) -> list[str]:
    """`diurna ingest` against `diurna code` on the same corpus, 1 and N Dask workers, and the store query."""
    lines = ["## Corpus pipeline (`diurna ingest`)", ""]
    runs = {r["bench"]: r for r in results.ingest if "seconds" in r}
    if runs:
        lines += [f"Each command run once, in its own process, on {results.ingest_corpus}.", "",
                  "| command | seconds | peak RSS |", "|---|---:|---:|"]
        for name, r in runs.items():
            if name.startswith("memory "):
                continue
            lines.append(f"| `diurna {name.replace('-dask-', ' --workers ')}` | {r['seconds']:.1f} | "
                         f"{r['peak_rss_mb_at_least']:,.0f} MiB |")
        lines.append("")
        if "code" in runs and "ingest" in runs:
            ratio = runs["ingest"]["seconds"] / runs["code"]["seconds"]
            lines.append(f"- Ingest / code: **{ratio:.2f}** (target ≤ 1.3).")
        dask = sorted((int(k.rsplit("-", 1)[1]), v["seconds"]) for k, v in runs.items() if k.startswith("ingest-dask-"))
        if len(dask) >= 2:
            (n1, s1), (n2, s2) = dask[0], dask[-1]
            lines.append(f"- Dask: {n2} workers against {n1}: **{s1 / s2:.2f}×** (target ≥ 1.8 on 2 cores; the driver "
                         "that reads, normalizes and commits shares those cores).")
        mem = {k.split()[1]: v for k, v in runs.items() if k.startswith("memory ")}
        if len(mem) == 2:
            (a, ra), (b, rb) = sorted(mem.items(), key=lambda kv: int(kv[0][:-1]))
            lines.append(f"- Peak memory of an ingest: {ra['peak_rss_mb_at_least']:,.0f} MiB at {a} the corpus, "
                         f"{rb['peak_rss_mb_at_least']:,.0f} MiB at {b} ({rb['seconds']:.0f} s): it does not grow "
                         "with the corpus when the second figure stays close to the first.")
        lines.append("")
    for q in results.query:
        if q.get("bench") == "dyad-by-month query" and q.get("run") == max(x.get("run", 0) for x in results.query):
            lines += [f"- Dyad-by-month query over {q['mentions']:,} synthetic mentions ({q['groups']:,} groups): "
                      f"**{q['seconds']:.2f} s** (target < 1 s; last of three runs).", ""]
    return lines


def render(results: Results) -> str:
    m = results.machine
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run.py; rerun `make bench` instead of editing. -->",
        "",
        f"Measured on {results.date.isoformat()} with `{results.command}`"
        f"{' (quick mode: first articles only)' if results.quick else ''}; the run took "
        f"{results.minutes:.1f} minutes.",
        "",
        "| machine | |",
        "|---|---|",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} ({m['usable_cores']} usable by this process) |",
        f"| memory | {m['memory']} |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| spaCy | {m['spacy']} |",
        f"| model | {m['model']} |",
        f"| diurna | {m['diurna']} |",
        "",
        "## Summary",
        "",
        *summary_table(results),
        "",
    ]
    if results.skipped:
        lines += [f"Not measured: {'; '.join(results.skipped)}.", ""]
    for failure in results.failures:
        lines += ["**Failed:** " + failure.splitlines()[0] + " (see the run's output)", ""]
    lines += ["## Per corpus", ""]
    for r in results.corpora:
        lines += corpus_section(r)
    if results.cold_start:
        lines += cold_start_section(results.cold_start)
    if results.ingest or results.query:
        lines += ingest_section(results)
    lines.append(ABOUT)
    return "\n".join(lines)
