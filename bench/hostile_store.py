"""Store faults, as a careless user, a full disk or a hostile manifest makes them (not a test: tests/test_store_check.py
runs the same damages on a smaller store).

    python bench/hostile_store.py [--cases NAME,...] [--no-reingest] [--markdown] [--corpus PATH]

A store is built once from the sample corpus (5 batches of 10 articles). For each case a copy of it is damaged,
then, each in a fresh process: `diurna events`, `diurna export`, `diurna store check`, `diurna store check --repair
--json`, `diurna store check` and `diurna events` again, and `diurna ingest` of the same corpus (which must bring
back what the repair took out of sight). Prints one JSON object per case; with --markdown, the table of
docs/limits.md. A traceback anywhere, a hung command (60 s) or a command that fails after the repair is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "diurna" / "data" / "sample" / "corpus"
TIMEOUT = 60


# --- the damages (also used by tests/test_store_check.py) ------------------------------------------------------


def manifests(root: Path) -> list[Path]:
    return sorted((root / "commits").glob("[0-9]*.json"))


def batch_manifests(root: Path) -> list[Path]:
    """The manifests that commit a batch of articles, in order."""
    return [m for m in manifests(root) if json.loads(m.read_text()).get("files", {}).get("articles")]


def shard(root: Path, table: str, index: int = 0) -> Path:
    """The ``table`` shard of the ``index``-th batch."""
    return root / json.loads(batch_manifests(root)[index].read_text())["files"][table][0]


def derived(root: Path, table: str) -> Path:
    last = [json.loads(m.read_text()) for m in manifests(root) if "derived" in json.loads(m.read_text())][-1]
    return root / last["derived"][table]


def edit_manifest(path: Path, change: Callable[[dict], object]) -> None:
    body = json.loads(path.read_text())
    change(body)
    path.write_text(json.dumps(body))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(path.stat().st_size))


def garbage_inside(path: Path) -> None:
    """Garbage in the middle of the file; the magic bytes at both ends stay (only a full read finds it)."""
    data = bytearray(path.read_bytes())
    lo, hi = 4, max(5, len(data) * 2 // 3)
    data[lo:hi] = random.Random(7).randbytes(hi - lo)
    path.write_bytes(bytes(data))


def wrong_table(root: Path) -> None:
    shutil.copyfile(shard(root, "entities"), shard(root, "articles"))


def name_outside(root: Path, rel: str) -> None:
    edit_manifest(batch_manifests(root)[0], lambda m: m["files"].__setitem__("articles", [rel]))


def outside_dotdot(root: Path) -> None:
    shutil.copyfile(shard(root, "articles"), root.parent / "outside.parquet")  # a real Parquet file out there
    name_outside(root, "../outside.parquet")


def wrong_types(root: Path) -> None:
    def change(m: dict) -> None:
        m["seq"] = str(m["seq"])
        m["files"]["articles"] = m["files"]["articles"][0]
        m["superseded"] = {"x": 1}

    edit_manifest(batch_manifests(root)[0], change)


def named_twice(root: Path) -> None:
    first = shard(root, "articles").relative_to(root).as_posix()
    edit_manifest(batch_manifests(root)[1], lambda m: m["files"]["articles"].append(first))


def orphan(root: Path) -> None:
    shutil.copyfile(shard(root, "articles"), root / "data" / "articles" / "0123456789abcdef0123456789abcdef.parquet")


def fifo(root: Path) -> None:
    path = shard(root, "mentions")
    path.unlink()
    os.mkfifo(path)


DAMAGES: dict[str, Callable[[Path], object]] = {
    "healthy store": lambda root: None,
    "truncated articles shard": lambda root: truncate(shard(root, "articles")),
    "truncated mentions shard": lambda root: truncate(shard(root, "mentions", 1)),
    "garbage articles shard": lambda root: garbage(shard(root, "articles")),
    "garbage inside a shard (magic bytes kept)": lambda root: garbage_inside(shard(root, "mentions")),
    "shard of another table in place": wrong_table,
    "deleted mentions shard": lambda root: shard(root, "mentions").unlink(),
    "FIFO in place of a shard": fifo,
    "garbage derived events file": lambda root: garbage(derived(root, "events")),
    "truncated derived mention_events": lambda root: truncate(derived(root, "mention_events")),
    "deleted derived duplicates": lambda root: derived(root, "duplicates").unlink(),
    "manifest: not JSON": lambda root: batch_manifests(root)[1].write_text("{not json"),
    "manifest: wrong types": wrong_types,
    "manifest: names /etc/passwd": lambda root: name_outside(root, "/etc/passwd"),
    "manifest: names ../outside.parquet": outside_dotdot,
    "manifest: deeply nested JSON": lambda root: batch_manifests(root)[0].write_text("[" * 200_000),
    "manifest: one shard named twice": named_twice,
    "manifest missing (gap)": lambda root: batch_manifests(root)[1].unlink(),
    "last manifest lost (derived stale)": lambda root: manifests(root)[-1].unlink(),
    "orphan shard": orphan,
    "store.json garbage": lambda root: (root / "store.json").write_text("\x00garbage"),
}


# --- running a case ------------------------------------------------------------------------------------------


def diurna() -> str:
    return str(Path(sys.executable).with_name("diurna"))


def run(args: list[str]) -> dict:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([diurna(), *args], capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"rc": None, "seconds": TIMEOUT, "traceback": False, "stderr": "timeout", "stdout": ""}
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    return {"rc": proc.returncode, "seconds": round(time.perf_counter() - t0, 2),
            "traceback": "Traceback" in proc.stderr, "stderr_lines": len(lines),
            "stderr": lines[-1][:300] if lines else "", "stdout": proc.stdout}


def case(name: str, base: Path, corpus: Path, reingest: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix="diurna-hostile-"))
    root = work / "store"
    shutil.copytree(base, root)
    DAMAGES[name](root)
    store = str(root)
    out: dict = {"case": name}
    steps = {
        "events": ["events", "--store", store, "--format", "jsonl"],
        "export": ["export", "--store", store, "--format", "csv", "--out", str(work / "out.csv")],
        "check": ["store", "check", "--json", store],
        "repair": ["store", "check", "--repair", "--json", store],
        "check_after": ["store", "check", store],
        "events_after": ["events", "--store", store, "--format", "jsonl"],
    }
    if reingest:
        steps["reingest"] = ["ingest", str(corpus), "--store", store, "--no-progress", "--no-summary"]
    for step, args in steps.items():
        result = run(args)
        out[step] = {k: result[k] for k in ("rc", "seconds", "traceback", "stderr")}
        if step in ("check", "repair") and result["stdout"].strip():
            report = json.loads(result["stdout"])
            out[step]["own_seconds"] = report["seconds"]  # the check itself, without starting Python
            out["findings"] = [f["kind"] for f in report["findings"]]
            if step == "repair":
                out["lost_articles"] = report.get("lost_count", 0)
                out["lost_batches"] = len(report.get("lost_batches", []))
                out["after_ok"] = bool(report.get("after", {}) and report["after"]["ok"])
        if step.startswith("events"):
            out[step]["rows"] = len(result["stdout"].splitlines())
    if reingest:
        from diurna.store import Store

        out["articles_after_reingest"] = Store(root).query("SELECT count(*) FROM articles").column(0)[0].as_py()
    out["tracebacks"] = sum(1 for v in out.values() if isinstance(v, dict) and v.get("traceback"))
    shutil.rmtree(work, ignore_errors=True)
    return out


def bracket_path_case(corpus: Path) -> dict:
    """`diurna ingest` into a store whose path holds rich markup and glob characters: exit 0 once committed."""
    work = Path(tempfile.mkdtemp(prefix="diurna-hostile-"))
    root = work / "s[/bold] [red]*"
    result = run(["ingest", str(corpus), "--store", str(root), "--no-progress"])
    events = run(["events", "--store", str(root), "--format", "jsonl"])
    shutil.rmtree(work, ignore_errors=True)
    return {"case": "store path with [/bold] and *", "ingest": {k: result[k] for k in ("rc", "seconds", "traceback",
                                                                                        "stderr")},
            "events_after": {"rc": events["rc"], "rows": len(events["stdout"].splitlines())},
            "tracebacks": int(result["traceback"]) + int(events["traceback"])}


def markdown(results: list[dict]) -> str:
    rows = ["| case | exit: `events`, `export` | exit: `store check` (s) | exit: `check --repair` (s) | lost by the "
            "repair | exit after: `check`, `events` | articles after re-ingest | tracebacks |",
            "|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "repair" not in r:
            rows.append(f"| {r['case']} | `ingest` {r['ingest']['rc']} ({r['ingest']['seconds']} s) | | | | "
                        f"`events` {r['events_after']['rc']} ({r['events_after']['rows']} events) | | "
                        f"{r['tracebacks']} |")
            continue
        lost = (f"{r['lost_articles']} articles, {r['lost_batches']} batch" if r.get("lost_batches") else "nothing")
        rows.append(
            f"| {r['case']} | {r['events']['rc']}, {r['export']['rc']} | {r['check']['rc']} "
            f"({r['check'].get('own_seconds', '-')} / {r['check']['seconds']}) | {r['repair']['rc']} "
            f"({r['repair'].get('own_seconds', '-')} / {r['repair']['seconds']}) | {lost} | "
            f"{r['check_after']['rc']}, {r['events_after']['rc']} | {r.get('articles_after_reingest', '-')} | "
            f"{r['tracebacks']} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=None, help="comma-separated case names (default: all)")
    parser.add_argument("--no-reingest", action="store_true", help="skip the re-ingest after each repair")
    parser.add_argument("--markdown", action="store_true", help="print the docs/limits.md table at the end")
    parser.add_argument("--corpus", type=Path, default=SAMPLE)
    parser.add_argument("--base", type=Path, default=None,
                        help="a healthy store of --corpus to copy for each case (default: built now)")
    args = parser.parse_args()
    names = args.cases.split(",") if args.cases else list(DAMAGES)
    base_dir = Path(tempfile.mkdtemp(prefix="diurna-hostile-base-"))
    base = args.base or base_dir / "store"
    if args.base is None:
        built = run(["ingest", str(args.corpus), "--store", str(base), "--batch-size", "10", "--no-progress",
                     "--no-summary"])
        if built["rc"] != 0:
            sys.exit(f"could not build the base store: {built['stderr']}")
    results = []
    for name in names:
        results.append(case(name, base, args.corpus, not args.no_reingest))
        print(json.dumps(results[-1]), flush=True)
    if not args.cases:
        results.append(bracket_path_case(args.corpus))
        print(json.dumps(results[-1]), flush=True)
    shutil.rmtree(base_dir, ignore_errors=True)
    if args.markdown:
        print(markdown(results))


if __name__ == "__main__":
    main()
