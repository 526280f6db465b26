"""Write src/diurna/data/common_words.txt: single words that are names somewhere (a city, a person) but common
English words too ("sale", "van", "mobile"), so the truecaser must not capitalise them.

    python tools/common_words.py [--corpus ../shared/corpora/guardian_syria.jsonl]

A word is common when a mixed-case English news corpus writes it in lower case, in mid-sentence, at least as
often as capitalised (and at least 3 times). Only the resulting word list is kept; no text of the corpus.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "guardian_syria.jsonl")
    args = ap.parse_args()
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for m in re.finditer(r"(?<=[a-z,;] )([A-Za-z]+)", text):  # mid-sentence words only
            w = m.group(1)
            (upper if w[0].isupper() else lower)[w.lower()] += 1
    words = sorted(w for w, n in lower.items() if n >= 3 and n >= upper[w])
    out = ROOT / "src" / "diurna" / "data" / "common_words.txt"
    header = ("# Common English words (lower case in mid-sentence at least as often as capitalised in mixed-case news).\n"
              "# The truecaser never capitalises these as names. Made by tools/common_words.py; extend by hand.\n")
    out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    main()
