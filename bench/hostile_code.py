"""Hostile and oversized text through ``diurna code``: one fresh process per case, timed, with its peak memory.

    python bench/hostile_code.py [--only NAME ...] [--keep DIR]    # the cases, through `diurna code`
    python bench/hostile_code.py --speed [--sizes 12500 25000 ...]  # coding time against spaCy alone

Each case is a JSONL file generated in a temporary folder: the hostile article and, beside it, a normal article
that must be coded whatever happens to the hostile one. ``diurna code --format jsonl`` runs on it in a new process
(``os.wait4`` gives that process's own CPU time and peak resident memory). The script prints a markdown table, case
| exit code | seconds | peak MB | articles coded / expected | tracebacks | bound, and exits 1 if any case has a
traceback, loses an article, or goes over its bound: CPU seconds of start-up + 0.6 per thousand characters coded +
5 per MB read, and 1 GB (docs/limits.md).

``--speed`` codes one article whose single sentence is 12.5k ... 200k characters (news clauses joined by commas,
or the same words with no punctuation at all) in a fresh process each, and times ``code_articles`` against
spaCy alone (``nlp(text)``, the whole sentence as one doc) in the same process.
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
from dataclasses import dataclass
from pathlib import Path

from hostile_runner import run_killed, summarize

KILL_AFTER = 900  # seconds: a case still running then is killed (and fails)
# The bound of every case (docs/limits.md): start-up, plus time per thousand characters coded (at most
# max_article_chars) and per megabyte read; one peak memory bound for all.
START_SECONDS = 20.0  # start-up of `diurna code` (imports, spaCy pipeline, dictionaries, gazetteer), CPU seconds
SECONDS_PER_1K_CODED = 0.6  # characters coded: spaCy and the coder
SECONDS_PER_MB_READ = 5.0  # characters read: reading and normalizing the whole text, coded or not
PEAK_MB = 1024.0
MAX_ARTICLE_CHARS = 200_000  # the default of the setting
DAY = "2024-05-08"
GOOD = {"id": "good", "date": DAY, "text": "Chile's Deputy Foreign Minister Ana Ruiz visited Brasilia on Tuesday. "
        "She met her Brazilian counterpart and praised Brazil's role in the region. Police arrested 12 protesters "
        "in Lagos on Friday."}
CLAUSES = (
    "police arrested 12 protesters in Lagos on Friday", "Chile's foreign minister Ana Ruiz visited Brasilia on Tuesday",
    "the United Nations condemned the attack on the convoy near Aleppo",
    "Russian warplanes bombed rebel positions in Idlib last week", "Turkey threatened to close the border with Syria",
    "the government said it would hold talks with the opposition in Geneva next month",
    "protesters burned tyres outside the parliament in Nairobi",
    "Israel accused Iran of supplying weapons to Hezbollah on March 3",
)
SHORT = ("Police arrested {} people.", "Talks resumed.", "Troops left the town.", "He said no.")
NAMES = ("Barack Obama", "Vladimir Putin", "Angela Merkel", "Recep Tayyip Erdogan", "Bashar al-Assad", "Narendra Modi",
         "Xi Jinping", "Emmanuel Macron", "Ana Ruiz", "Uhuru Kenyatta", "Hassan Rouhani", "Benjamin Netanyahu")


def clauses(n: int, *, punctuation: bool = True, lower: bool = False) -> str:
    """``n`` characters of news clauses joined by commas (one sentence, a full stop at the end); without
    ``punctuation``, the same words with no punctuation at all."""
    parts: list[str] = []
    size = 0
    k = 0
    while size < n:
        clause = CLAUSES[k % len(CLAUSES)]
        if not punctuation:
            clause = "".join(ch for ch in clause if ch.isalnum() or ch == " ")
        parts.append(clause)
        size += len(clause) + 2
        k += 1
    text = (", " if punctuation else " ").join(parts)[: n - 1].rstrip(", ")
    text = text[0].upper() + text[1:] + ("." if punctuation else "")
    return text.lower() if lower else text


def sentences(n: int, make: Callable[[int], str]) -> str:
    out: list[str] = []
    size = 0
    k = 0
    while size < n:
        out.append(make(k))
        size += len(out[-1]) + 1
        k += 1
    return " ".join(out)


def nested(n: int) -> str:
    half = n // 2 - 20
    opening = "".join("([{\"'“«"[k % 7] for k in range(half))
    closing = "".join(")]}\"'”»"[k % 7] for k in range(half))[::-1]
    return f"Police arrested {opening}twelve{closing} protesters in Lagos on Friday."


def numbers(n: int) -> str:
    rng = random.Random(3)
    return " ".join(str(rng.randrange(10**9)) for _ in range(n // 10))[:n]


def names(n: int) -> str:
    rng = random.Random(4)
    return sentences(n, lambda k: " ".join(rng.choice(NAMES) for _ in range(rng.randrange(1, 40))))


def affixes(n: int) -> str:
    """One word of n characters made only of what spaCy's tokenizer splits off one piece at a time."""
    return "Police" + "'s" * (n // 2) + " arrested protesters in Lagos on Friday."


def news(n: int) -> str:
    rng = random.Random(5)
    return sentences(n, lambda k: rng.choice(CLAUSES).capitalize() + ".")


@dataclass
class Case:
    text: Callable[[], str]
    expected: int = 2  # articles coded: the hostile one and the normal ones beside it
    normal: int = 1  # normal articles beside the hostile one (half before it, half after)
    env: dict[str, str] | None = None
    note: str = ""

    def seconds(self, chars: int) -> float:
        """The time bound for a hostile article of ``chars`` characters (beside the normal one)."""
        limit = int((self.env or {}).get("DIURNA_MAX_ARTICLE_CHARS", MAX_ARTICLE_CHARS))
        coded = min(chars, limit) + self.normal * len(GOOD["text"])
        return START_SECONDS + SECONDS_PER_1K_CODED * coded / 1000 + SECONDS_PER_MB_READ * chars / 1e6


CASES: dict[str, Case] = {
    "normal-article": Case(lambda: GOOD["text"], note="the normal article twice"),
    "sentence-12.5k-commas": Case(lambda: clauses(12_500)),
    "sentence-25k-commas": Case(lambda: clauses(25_000)),
    "sentence-50k-commas": Case(lambda: clauses(50_000)),
    "sentence-200k-commas": Case(lambda: clauses(200_000), note="max_article_chars: all coded"),
    "sentence-50k-no-punctuation": Case(lambda: clauses(50_000, punctuation=False)),
    "sentence-200k-lower-case": Case(lambda: clauses(200_000, lower=True), note="truecased"),
    "sentence-1.3M-chars": Case(lambda: clauses(1_300_000),
                                note="past spaCy's max_length; 200k coded, the rest reported"),
    "20k-short-sentences": Case(lambda: sentences(200_000, lambda k: SHORT[k % len(SHORT)].format(k))),
    "deep-brackets-quotes-100k": Case(lambda: nested(100_000)),
    "tokenizer-affixes-100k": Case(lambda: affixes(100_000), note="\"'s\" x 50,000 in one word"),
    "only-numbers-200k": Case(lambda: numbers(200_000)),
    "only-names-200k": Case(lambda: names(200_000), expected=1,
                            note="not taken for English: passed through uncoded (skipped), as it should"),
    "jsonl-5mb-text-field": Case(lambda: news(5_000_000),
                                 note="5 MB of news; the first 200k characters coded"),
    "jsonl-5mb-one-sentence": Case(lambda: clauses(5_000_000, punctuation=False),
                                   note="5 MB, no punctuation"),
    "1.3M-among-60-articles": Case(lambda: clauses(1_300_000), normal=60, expected=61,
                                   note="one batch of the stream: 30 normal articles before, 30 after"),
    "limits-lowered": Case(lambda: clauses(50_000), env={"DIURNA_MAX_ARTICLE_CHARS": "10000",
                                                         "DIURNA_MAX_SENTENCE_TOKENS": "40"},
                           note="DIURNA_MAX_ARTICLE_CHARS=10000, DIURNA_MAX_SENTENCE_TOKENS=40"),
}


def _command() -> list[str]:
    return [sys.executable, "-c", "from diurna.cli import main; main()"]  # honours PYTHONPATH (before/after runs)


@dataclass
class Run:
    name: str
    case: Case
    code: int
    seconds: float  # wall clock
    cpu: float  # CPU seconds (user + system): what the bound is checked on, a busy machine stretches the wall clock
    peak_mb: float
    coded: int
    tracebacks: int
    errors: int
    killed: bool
    bound: float  # seconds

    def ok(self) -> bool:
        return (not self.killed and self.tracebacks == 0 and self.coded >= self.case.expected and self.code == 0
                and self.cpu <= self.bound and self.peak_mb <= PEAK_MB)


def _wait(command: list[str], out: Path, err: Path, env: dict[str, str]) -> tuple[int, float, float, float, bool]:
    """Run ``command``; (exit code, wall seconds, CPU seconds, peak MB, killed) of that process alone."""
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        return run_killed(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env=env,
                          kill_after=KILL_AFTER)


def run_case(name: str, case: Case, work: Path) -> Run:
    data = work / f"{name}.jsonl"
    text = case.text()
    with open(data, "w", encoding="utf-8") as f:
        for k in range(case.normal):
            if k == case.normal // 2:
                f.write(json.dumps({"id": "hostile", "date": DAY, "text": text}) + "\n")
            f.write(json.dumps({**GOOD, "id": f"good-{k}"}) + "\n")
    out, err = work / f"{name}.out", work / f"{name}.err"
    env = {**os.environ, **(case.env or {})}
    code, seconds, cpu, peak, killed = _wait([*_command(), "code", "--format", "jsonl", str(data)], out, err, env)
    records = [json.loads(line) for line in _read(out).splitlines() if line.startswith("{")]
    coded = sum(1 for r in records if not r["article"].get("skipped"))
    stderr = _read(err)
    errors = sum(1 for line in stderr.splitlines() if line.startswith("error: "))
    data.unlink(missing_ok=True)
    return Run(name, case, code, seconds, cpu, peak, coded, stderr.count("Traceback"), errors, killed,
               case.seconds(len(text)))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def table(runs: list[Run]) -> str:
    rows = ["| case | exit code | seconds (CPU) | seconds (wall) | peak MB | articles coded / expected | tracebacks | "
            "bound (CPU s / MB) | within | note |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        seconds = f"> {KILL_AFTER} (killed)" if r.killed else f"{r.seconds:.1f}"
        rows.append(f"| {r.name} | {r.code} | {r.cpu:.1f} | {seconds} | {r.peak_mb:.0f} | {r.coded} / {r.case.expected} | "
                    f"{r.tracebacks} | {r.bound:.0f} / {PEAK_MB:.0f} | "
                    f"{'yes' if r.ok() else '**NO**'} | {r.case.note} |")
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------------- speed


def speed_worker(size: int, kind: str) -> None:
    """In a fresh process: code one article of one ``size``-character sentence, then spaCy alone on it."""
    import resource

    from diurna.articles import article_from_text
    from diurna.config import Config
    from diurna.pipeline import code_articles, resources

    res = resources(Config.from_env())
    next(code_articles([article_from_text(GOOD["text"], id="warm", date=DAY)], res=res))  # load everything
    text = clauses(size, punctuation=kind == "commas")
    article = article_from_text(text, id="long", date=DAY)
    start = time.perf_counter()
    article = next(code_articles([article], res=res))
    coding = time.perf_counter() - start
    start = time.perf_counter()
    doc = res.nlp(text) if len(text) <= res.nlp.max_length else None
    spacy = time.perf_counter() - start if doc is not None else None
    print(json.dumps({"size": size, "kind": kind, "code_s": coding, "spacy_s": spacy, "events": len(article.events),
                      "sentences": len(article.sentences), "events_ok": all(
                          article.text[e.span[0]:e.span[1]] == e.text for e in article.events),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def speed(sizes: list[int], kinds: list[str], work: Path) -> str:
    rows = ["| sentence | diurna code_articles (s) | spaCy alone (s) | ratio | peak MB | events | sentences parsed |",
            "|---|---|---|---|---|---|---|"]
    for kind in kinds:
        for size in sizes:
            out, err = work / "speed.out", work / "speed.err"
            code, seconds, _cpu, peak, killed = _wait(
                [sys.executable, __file__, "--speed-worker", str(size), kind], out, err, dict(os.environ))
            lines = out.read_text().splitlines()
            if killed or code != 0 or not lines:
                rows.append(f"| {size:,} chars, {kind} | {f'> {KILL_AFTER} (killed)' if killed else 'failed'} "
                            f"| | | {peak:.0f} | | |")
                print(err.read_text()[-2000:], file=sys.stderr)
                continue
            r = json.loads(lines[-1])
            spacy = f"{r['spacy_s']:.2f}" if r["spacy_s"] is not None else "-"
            ratio = f"{r['code_s'] / r['spacy_s']:.1f}" if r["spacy_s"] else "-"
            rows.append(f"| {size:,} chars, {kind} | {r['code_s']:.2f} | {spacy} | {ratio} | {peak:.0f} | "
                        f"{r['events']} | {r['sentences']} |")
            print(rows[-1], file=sys.stderr, flush=True)
    return "\n".join(rows)


def _set_kill_after(seconds: int) -> None:
    global KILL_AFTER
    KILL_AFTER = seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--keep", type=Path, help="write the cases' files in DIR and keep them")
    parser.add_argument("--only", nargs="*", help="run only these cases")
    parser.add_argument("--speed", action="store_true", help="time coding against spaCy alone instead")
    parser.add_argument("--sizes", nargs="*", type=int, default=[12_500, 25_000, 50_000, 200_000])
    parser.add_argument("--kinds", nargs="*", default=["commas", "no-punctuation"])
    parser.add_argument("--kill-after", type=int, default=KILL_AFTER, help="seconds before a case is killed")
    parser.add_argument("--speed-worker", nargs=2, metavar=("SIZE", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    _set_kill_after(args.kill_after)
    if args.speed_worker:
        speed_worker(int(args.speed_worker[0]), args.speed_worker[1])
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="dcode-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.speed:
            print(speed(args.sizes, args.kinds, work))
            return 0
        runs: list[Run] = []
        for name, case in CASES.items():
            if args.only and name not in args.only:
                continue
            runs.append(run_case(name, case, work))
            r = runs[-1]
            print(f"{name}: exit {r.code}, {r.cpu:.1f} s CPU, {r.seconds:.1f} s wall, {r.peak_mb:.0f} MB, "
                  f"{r.coded} coded", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return summarize(runs, table(runs), sum(max(0, r.case.expected - r.coded) for r in runs), "articles")


if __name__ == "__main__":
    sys.exit(main())
