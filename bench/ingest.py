"""Benchmarks of the store (not tests).

    python bench/ingest.py query [--mentions 10000000] [--dir DIR]
        writes a synthetic store of N mentions and times a dyad-by-month query over it
    python bench/ingest.py throughput CORPUS... [--workers 2]
        times `diurna code` and `diurna ingest` (1 process, and N Dask workers) on the same input, with the
        peak RSS of each run (the largest process of the run)

Prints one JSON object per measurement.
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

import numpy as np
import pyarrow as pa

QUERY = """SELECT source_country, target_country, date_trunc('month', coalesce(date, article_date)) AS month,
                  count(*) AS mentions
           FROM mentions WHERE source_country IS NOT NULL AND target_country IS NOT NULL
           GROUP BY ALL ORDER BY mentions DESC"""


def synthetic_store(root: Path, n: int, shard_rows: int = 1_000_000, seed: int = 7) -> None:
    from diurna.store.manifest import new_batch_id
    from diurna.store.schema import MENTIONS
    from diurna.store.writer import StoreWriter

    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    countries = np.array(["USA", "RUS", "CHN", "IND", "BRA", "FRA", "DEU", "GBR", "ISR", "IRN", "SYR", "UKR", "TUR",
                          "NGA", "KEN", "ETH", "EGY", "PAK", "AFG", "IRQ"] * 5 + [f"C{i:02d}" for i in range(60)])
    cameos = np.array([f"{r:02d}{s}" for r in range(1, 21) for s in range(10)])
    with StoreWriter(root) as w:
        left = n
        while left > 0:
            k = min(shard_rows, left)
            left -= k
            batch = new_batch_id()
            days = rng.integers(0, 365 * 10, k)
            dates = (np.datetime64("2014-01-01") + days).astype("datetime64[D]")
            arts = rng.integers(0, n // 4 + 1, k)
            cols = {name: pa.nulls(k, type=MENTIONS.field(name).type) for name in MENTIONS.names}
            cols.update({
                "mention_id": pa.array([f"m{i}" for i in range(n - left - k, n - left)]),
                "article_id": pa.array(np.char.add("a", arts.astype(str))),
                "batch": pa.array([batch] * k),
                "source_country": pa.array(rng.choice(countries, k)),
                "target_country": pa.array(rng.choice(countries, k)),
                "cameo": pa.array(rng.choice(cameos, k)),
                "modality": pa.array(np.where(rng.random(k) < 0.9, "actual", "anticipated")),
                "date": pa.array(dates, type=pa.date32()),
                "article_date": pa.array(dates, type=pa.date32()),
                "quad_class": pa.array(rng.integers(1, 5, k).astype(np.int8)),
            })
            table = pa.table([cols[name] for name in MENTIONS.names], schema=MENTIONS)
            rel = f"data/mentions/{batch}.parquet"
            (root / "data" / "mentions").mkdir(parents=True, exist_ok=True)
            pq.write_table(table, root / rel, compression="zstd")
            w.commit(batch, {"mentions": [rel]})


def bench_query(args: argparse.Namespace) -> None:
    from diurna.store import Store

    root = Path(args.dir or tempfile.mkdtemp(prefix="diurna-bench-")) / "store"
    if not root.exists():
        t0 = time.perf_counter()
        synthetic_store(root, args.mentions)
        print(json.dumps({"bench": "synthetic store", "mentions": args.mentions,
                          "seconds": round(time.perf_counter() - t0, 2)}))
    store = Store(root)
    for run in range(3):
        t0 = time.perf_counter()
        con = store.connect()
        rows = con.sql(QUERY).to_arrow_table()
        con.close()
        print(json.dumps({"bench": "dyad-by-month query", "mentions": args.mentions, "run": run, "groups": rows.num_rows,
                          "seconds": round(time.perf_counter() - t0, 3)}))
    if not args.dir:
        shutil.rmtree(root.parent)


def _timed(cmd: list[str]) -> dict:
    """Run ``cmd`` under /usr/bin/time-like accounting: wall time and the peak RSS of its largest process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"cmd": " ".join(cmd[1:4]) + " ...", "rc": proc.returncode, "seconds": round(seconds, 2),
            "peak_rss_mb_at_least": round(max(peak, before) / 1024, 1), "stderr_tail": proc.stderr[-300:]}


def bench_throughput(args: argparse.Namespace) -> None:
    diurna = str(Path(sys.executable).with_name("diurna"))
    tmp = Path(tempfile.mkdtemp(prefix="diurna-bench-"))
    runs = {
        "code": [diurna, "code", *args.corpus, "--format", "jsonl"],
        "ingest": [diurna, "ingest", *args.corpus, "--store", str(tmp / "s1"), "--no-progress", "--no-summary"],
        "ingest-dask-1": [diurna, "ingest", *args.corpus, "--store", str(tmp / "s2"), "--workers", "1",
                          "--no-progress", "--no-summary"],
        f"ingest-dask-{args.workers}": [diurna, "ingest", *args.corpus, "--store", str(tmp / "s3"), "--workers",
                                        str(args.workers), "--no-progress", "--no-summary"],
    }
    for name in args.only or runs:
        # each run in its own python so that ru_maxrss is the run's own peak
        out = subprocess.run([sys.executable, __file__, "_one", json.dumps(runs[name])], capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {"error": out.stderr[-500:]}
        print(json.dumps({"bench": name, **result}))
    shutil.rmtree(tmp)


def bench_memory(args: argparse.Namespace) -> None:
    """Peak RSS of `diurna ingest` on a corpus and on FACTOR times as many articles (each copy with new ids and
    a changed last line, so nothing is skipped as already stored): it must not grow with the corpus."""
    diurna = str(Path(sys.executable).with_name("diurna"))
    tmp = Path(tempfile.mkdtemp(prefix="diurna-bench-"))
    big = tmp / "corpus-x.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for k in range(args.factor):
            with open(args.corpus, encoding="utf-8") as src:
                for line in src:
                    record = json.loads(line)
                    record["id"] = f"{record['id']}-copy{k}"
                    record["text"] += f"\n\nEdition {k}."
                    out.write(json.dumps(record) + "\n")
    for label, path in (("1x", args.corpus), (f"{args.factor}x", str(big))):
        cmd = [diurna, "ingest", path, "--store", str(tmp / label), "--no-progress", "--no-summary"]
        out = subprocess.run([sys.executable, __file__, "_one", json.dumps(cmd)], capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {"error": out.stderr[-500:]}
        print(json.dumps({"bench": f"memory {label}", **result}))
    shutil.rmtree(tmp)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "_one":
        print(json.dumps(_timed(json.loads(sys.argv[2]))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    q = sub.add_parser("query")
    q.add_argument("--mentions", type=int, default=10_000_000)
    q.add_argument("--dir", default=None, help="keep the synthetic store here (reused when present)")
    t = sub.add_parser("throughput")
    t.add_argument("corpus", nargs="+")
    t.add_argument("--workers", type=int, default=2)
    t.add_argument("--only", nargs="*", default=None)
    m = sub.add_parser("memory")
    m.add_argument("corpus")
    m.add_argument("--factor", type=int, default=4)
    args = ap.parse_args()
    {"query": bench_query, "throughput": bench_throughput, "memory": bench_memory}[args.what](args)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
