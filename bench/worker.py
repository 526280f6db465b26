"""Measurements that need a fresh process: peak memory of coding a corpus, and cold start.

Run by bench/run.py as ``python bench/worker.py code PATH... [--limit N]`` or ``python bench/worker.py startup``;
each prints one JSON object on stdout. The ``run_*`` functions start those processes and parse the result.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

WORKER = Path(__file__).resolve()


def _status_kb(field: str) -> int | None:
    """A ``/proc/self/status`` memory figure in kB (VmHWM: peak resident set so far; VmRSS: current)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _code(paths: list[str], limit: int | None) -> dict[str, Any]:
    """Load diurna, then read, normalize and code the corpus streaming (as ``diurna code`` does)."""
    start = time.perf_counter()
    from diurna.articles import read_articles
    from diurna.errors import InputError
    from diurna.pipeline import code_articles, resources

    res = resources()
    loaded_s = time.perf_counter() - start
    loaded_kb = _status_kb("VmHWM")
    articles = (a for a in islice(read_articles(paths), limit) if not isinstance(a, InputError))
    n = events = 0
    start = time.perf_counter()
    for article in code_articles(articles, res=res):
        n += 1
        events += len(article.events)
    return {
        "articles": n, "events": events, "load_seconds": loaded_s, "seconds": time.perf_counter() - start,
        "loaded_peak_kb": loaded_kb, "maxrss_kb": peak_kb(),
        "getrusage_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def peak_kb() -> int:
    """This process's peak resident set in kB.

    ``getrusage(RUSAGE_SELF).ru_maxrss`` is not enough on Linux: it survives ``execve``, so a process started by a
    large parent (bench/run.py holds two spaCy pipelines and the corpora) reports at least the parent's size.
    ``VmHWM`` belongs to the process's own address space; ``ru_maxrss`` is the fallback where /proc is missing.
    """
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _startup() -> dict[str, Any]:
    start = time.perf_counter()
    import diurna.pipeline

    imported = time.perf_counter()
    diurna.pipeline.resources()
    done = time.perf_counter()
    return {"import_seconds": imported - start, "resources_seconds": done - imported}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    code = sub.add_parser("code")
    code.add_argument("paths", nargs="+")
    code.add_argument("--limit", type=int)
    sub.add_parser("startup")
    args = parser.parse_args(argv)
    result = _code(args.paths, args.limit) if args.what == "code" else _startup()
    print(json.dumps(result))


def _run(args: list[str]) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(WORKER), *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"bench worker {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def run_memory(paths: list[Path], limit: int | None) -> dict[str, Any]:
    """Peak RSS (and end-to-end streaming time) of a fresh process coding the corpus."""
    args = ["code", *map(str, paths)] + (["--limit", str(limit)] if limit else [])
    result, wall = _run(args)
    result["wall_seconds"] = wall
    return result


def diurna_command() -> list[str]:
    script = Path(sys.executable).with_name("diurna")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from diurna.cli import main; main()"]


def run_cold_start(article: Path, repeats: int = 3) -> dict[str, Any]:
    """Wall time of ``diurna code ARTICLE`` in a fresh process, and of ``import diurna.pipeline; resources()``."""
    command = [*diurna_command(), "code", str(article)]
    cli: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        cli.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    startups = [_run(["startup"]) for _ in range(repeats)]
    return {
        "command": command,
        "cli_seconds": cli,
        "cli_median": statistics.median(cli),
        "import_median": statistics.median(r["import_seconds"] for r, _ in startups),
        "resources_median": statistics.median(r["resources_seconds"] for r, _ in startups),
        "process_median": statistics.median(w for _, w in startups),
    }


if __name__ == "__main__":
    main()
