"""Dask scaling of `diurna ingest`: 1 worker against N workers, run back to back, several rounds (not a test).

    python bench/dask_scaling.py CORPUS [--workers 2] [--rounds 2] [--articles N] [--batch-size B]

Each round runs `diurna ingest CORPUS --workers 1` and then `--workers N` (alternating which goes first), each in a
fresh store and its own process, and prints one JSON object per run: wall seconds, CPU seconds of the run's
processes (driver, scheduler and workers), and the load average of the machine before and after (a run on a
machine that other jobs load is not a clean figure: the load says so). The last line gives the speed-up of each
round (1-worker seconds / N-worker seconds). ``--articles N`` measures the first N records of a JSONL corpus.

    python bench/dask_scaling.py CORPUS --profile [--workers 2] [--articles N]

runs the ingest in this process instead and prints where the driver's time went (``IngestReport.timings``:
start executor, read = reading and normalizing, submit, wait, commit, rebuild, close executor) and, per worker,
the partitions it coded with their wall and CPU seconds, and the time it was not coding (start-up, idle tail).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _subset(corpus: str, n: int | None, tmp: Path) -> str:
    if not n:
        return corpus
    out = tmp / "subset.jsonl"
    with open(corpus, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return str(out)


def run(cmd: list[str]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"rc": proc.returncode, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1),
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            **({"stderr_tail": proc.stderr[-400:]} if proc.returncode else {})}


def profile(corpus: str, workers: int, batch_size: int | None) -> None:
    from diurna.store import IngestOptions, ingest
    from diurna.store.ingest import DASK_BATCH_SIZE

    tmp = Path(tempfile.mkdtemp(prefix="diurna-dask-profile-"))
    try:
        report = ingest([corpus], tmp / "store", IngestOptions(batch_size=batch_size or DASK_BATCH_SIZE,
                                                                 workers=workers))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    by_worker: dict[str, list[tuple[int, float, float, str]]] = {}
    for part in report.partitions:
        by_worker.setdefault(part[3], []).append(part)
    print(json.dumps({"workers": workers, "seconds": round(report.seconds, 2), "coded": report.progress.coded,
                      "partitions": len(report.partitions), "driver": report.timings,
                      "per_worker": {w: {"partitions": len(ps), "articles": sum(p[0] for p in ps),
                                         "busy_seconds": round(sum(p[1] for p in ps), 2),
                                         "cpu_seconds": round(sum(p[2] for p in ps), 2),
                                         "not_coding_seconds": round(report.seconds - sum(p[1] for p in ps), 2)}
                                     for w, ps in sorted(by_worker.items())},
                      "load": [round(x, 2) for x in os.getloadavg()]}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--articles", type=int, default=None, help="only the first N records of a JSONL corpus")
    ap.add_argument("--batch-size", type=int, default=None, help="passed to diurna ingest (default: its own)")
    ap.add_argument("--profile", action="store_true", help="one in-process run: where the time goes")
    args = ap.parse_args()
    diurna = str(Path(sys.executable).with_name("diurna"))
    tmp = Path(tempfile.mkdtemp(prefix="diurna-dask-"))
    corpus = _subset(args.corpus, args.articles, tmp)
    if args.profile:
        try:
            profile(corpus, args.workers, args.batch_size)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    extra = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    speedups = []
    try:
        for r in range(args.rounds):
            seconds = {}
            order = (1, args.workers) if r % 2 == 0 else (args.workers, 1)
            for n in order:
                store = tmp / f"s{r}-{n}"
                result = run([diurna, "ingest", corpus, "--store", str(store), "--workers", str(n), "--no-progress",
                              "--no-summary", *extra])
                shutil.rmtree(store, ignore_errors=True)
                seconds[n] = result["seconds"]
                print(json.dumps({"round": r, "workers": n, **result}), flush=True)
            speedups.append(round(seconds[1] / seconds[args.workers], 3))
        print(json.dumps({"corpus": args.corpus, "articles": args.articles, "workers": args.workers,
                          "speedups": speedups}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
