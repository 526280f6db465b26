"""diurna's benchmarks: coding throughput against plain spaCy, read + normalize throughput, memory, cold start,
ingest against code, Dask scaling and the store query (bench/ingest.py).

``make bench`` runs this on the full corpora and rewrites docs/benchmarks.md; ``--quick`` measures the sample
corpus and the first 50 articles of each shared corpus and prints the report (write it with ``--output``).
See docs/benchmarks.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from corpora import REPO, cold_start_article, corpora, read_corpus, warm_up_reader
from machine import describe
from report import CorpusResult, Results, render
from throughput import load_plain, measure_throughput, model_name
from worker import run_cold_start, run_memory

DEFAULT_OUTPUT = REPO / "docs" / "benchmarks.md"


def _command(argv: list[str]) -> str:
    def shown(p: str) -> str:
        try:
            return os.path.relpath(p, REPO) if os.path.isabs(p) else p
        except ValueError:
            return p

    return shlex.join([shown(sys.executable), shown(os.path.abspath(sys.argv[0])), *argv])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="sample corpus + first 50 articles of each shared corpus; print, don't write")
    parser.add_argument("--output", type=Path,
                        help=f"where to write the report (default: {DEFAULT_OUTPUT.relative_to(REPO)} for a full "
                             "run, none with --quick)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (or parts) per side (default 3)")
    args = parser.parse_args(argv)
    output = args.output or (None if args.quick else DEFAULT_OUTPUT)
    began = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f}s] {message}", flush=True)

    from diurna.pipeline import resources

    say("loading diurna's pipeline and plain spaCy")
    res = resources()
    plain = load_plain(res)
    warm_up_reader()
    results = Results(date=dt.date.today(), command=_command(argv), quick=args.quick, machine={})
    say("cold start")
    try:
        results.cold_start = run_cold_start(cold_start_article())
    except RuntimeError as exc:
        say(f"cold start not measured: {exc}")
        results.failures.append(f"cold start: {exc}")

    for corpus in corpora(args.quick):
        if isinstance(corpus, str):
            say(corpus)
            results.skipped.append(corpus)
            continue
        say(f"{corpus.name}: reading {corpus.describe()}")
        loaded = read_corpus(corpus)
        if not loaded.articles:
            results.skipped.append(f"{corpus.name}: no articles could be read")
            say(f"{corpus.name}: no articles, skipped")
            continue
        say(f"{corpus.name}: {len(loaded.articles)} articles read in {loaded.seconds:.1f}s; timing spaCy vs diurna")
        throughput = measure_throughput(loaded.articles, rounds=args.rounds, res=res, plain_nlp=plain)
        say(f"{corpus.name}: ratio {throughput.ratio:.2f} (spaCy {throughput.plain_seconds:.1f}s, "
            f"diurna {throughput.diurna_seconds:.1f}s)")
        results.corpora.append(CorpusResult(loaded, throughput))

    # Peak memory needs no quiet machine: the fresh processes run side by side, one per core, after the timings.
    say("peak memory: coding each corpus in a fresh process")
    with ThreadPoolExecutor(max_workers=max(1, min(len(results.corpora), os.cpu_count() or 1))) as pool:
        futures = [pool.submit(run_memory, r.loaded.corpus.paths, r.loaded.corpus.limit) for r in results.corpora]
        for r, future in zip(results.corpora, futures, strict=True):
            try:
                r.memory = future.result()
                say(f"{r.loaded.corpus.name}: peak RSS {r.memory['maxrss_kb'] / 1024:.0f} MiB")
            except RuntimeError as exc:
                say(f"{r.loaded.corpus.name}: memory not measured: {exc}")
                results.failures.append(f"memory of {r.loaded.corpus.name}: {exc}")
    _ingest_benchmarks(results, args.quick, say)
    results.machine = describe(f"{model_name(res.nlp)} {res.nlp.meta.get('version')}")
    results.minutes = (time.perf_counter() - began) / 60
    text = render(results)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        say(f"wrote {output}")
    else:
        print(text)
    return 0


def _ingest_benchmarks(results: Results, quick: bool, say: Callable[[str], None]) -> None:
    """bench/ingest.py in subprocesses: ingest vs code, 1 vs 2 Dask workers, and the store query."""
    script = Path(__file__).with_name("ingest.py")
    guardian = REPO.parent / "shared" / "corpora" / "guardian_syria.jsonl"
    if guardian.exists() and not quick:
        say("ingest: code vs ingest vs Dask 1 and 2 workers on guardian_syria")
        out = subprocess.run([sys.executable, str(script), "throughput", str(guardian), "--workers", "2"],
                             capture_output=True, text=True)
        results.ingest = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
        results.ingest_corpus = "`../shared/corpora/guardian_syria.jsonl` (249 articles)"
        say("ingest: peak memory at 1x and 4x the corpus")
        out = subprocess.run([sys.executable, str(script), "memory", str(guardian), "--factor", "4"],
                             capture_output=True, text=True)
        results.ingest += [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    mentions = 1_000_000 if quick else 10_000_000
    say(f"store query: dyad by month over {mentions:,} synthetic mentions")
    out = subprocess.run([sys.executable, str(script), "query", "--mentions", str(mentions)], capture_output=True,
                         text=True)
    results.query = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


if __name__ == "__main__":
    sys.exit(main())
