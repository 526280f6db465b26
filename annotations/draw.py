"""Draw diurna's real-news annotation sample from ../shared/corpora (deterministic: seed 20261201).

    python annotations/draw.py [--shared ../shared] [--views DIR]

Writes ``annotations/realnews/sample.tsv`` (the units: article id, unit, offsets, split) and, with ``--views``,
one plain-text view per unit for the annotators (numbered sentences, outside the repository: the texts stay in
``../shared``). See docs/annotation.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

SEED = 20261201
CORPORA = {"guardian_syria": "guardian_syria.jsonl", "toi_2002": "toi_2002.jsonl"}
ARTICLES_PER_CORPUS = 30
SENTENCES_PER_CORPUS = 500
# A second draw (its own seed) adds whole articles to the training split only: more real news to learn from,
# while dev and test stay exactly as first drawn.
EXTRA_SEED = 20261202
EXTRA_TRAIN_ARTICLES_PER_CORPUS = 36
MAX_ARTICLE_CHARS = 9000
HERE = Path(__file__).resolve().parent


def split_of(article_id: str) -> str:
    """train 40 % / dev 20 % / test 40 %, fixed by the article id alone."""
    bucket = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 4 else ("dev" if bucket < 6 else "test")


_nlp = None


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in the raw text: paragraph breaks, then spaCy's rule-based sentencizer."""
    global _nlp
    if _nlp is None:
        import spacy

        _nlp = spacy.blank("en")
        _nlp.add_pipe("sentencizer")
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk = para.group()
        if not chunk.strip():
            continue
        doc = _nlp(chunk)
        for sent in doc.sents:
            s = sent.text
            if not s.strip():
                continue
            start = para.start() + sent.start_char
            end = para.start() + sent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append((start, end))
    return out


def load(shared: Path) -> dict[str, list[dict]]:
    out = {}
    for name, file in CORPORA.items():
        with open(shared / "corpora" / file, encoding="utf-8") as fh:
            out[name] = [json.loads(line) for line in fh if line.strip()]
    return out


def draw(shared: Path) -> list[dict]:
    rng = random.Random(SEED)
    corpora = load(shared)
    units: list[dict] = []
    for name, rows in corpora.items():
        eligible = sorted((r for r in rows if len(r["text"]) <= MAX_ARTICLE_CHARS), key=lambda r: r["id"])
        whole = rng.sample(eligible, ARTICLES_PER_CORPUS)
        chosen = {r["id"] for r in whole}
        for r in sorted(whole, key=lambda r: r["id"]):
            units.append({"id": r["id"], "corpus": name, "unit": "article", "span": [0, len(r["text"])],
                          "split": split_of(r["id"]), "date": r.get("date")})
        pool = [(r, s) for r in sorted(rows, key=lambda r: r["id"]) if r["id"] not in chosen
                for s in sentences(r["text"])]
        for r, (start, end) in sorted(rng.sample(pool, SENTENCES_PER_CORPUS), key=lambda x: (x[0]["id"], x[1][0])):
            units.append({"id": r["id"], "corpus": name, "unit": "sentence", "span": [start, end],
                          "split": split_of(r["id"]), "date": r.get("date")})
    return units + extra_train(corpora, units)


def _shingles(text: str) -> set[str]:
    """Long sentences of a text, whitespace-normalised: two articles sharing one are copies of one story."""
    return {" ".join(text[a:b].split()) for a, b in sentences(text) if b - a >= 80}


def extra_train(corpora: dict[str, list[dict]], units: list[dict]) -> list[dict]:
    """Whole articles for the training split only, drawn after the first sample with their own seed.

    An article qualifies when its id hashes to train, it was not drawn whole before and it shares no long sentence
    with any dev or test article (a republished copy of a held-out story must not be learned from; a sentence that
    three or more articles share is boilerplate and does not count). Its sentences drawn as random sentences stay
    units of their own."""
    rng = random.Random(EXTRA_SEED)
    texts = {r["id"]: r["text"] for rows in corpora.values() for r in rows}
    whole = {u["id"] for u in units if u["unit"] == "article"}
    seen: dict[str, set[str]] = {}
    for rows in corpora.values():
        for r in rows:
            for sh in _shingles(r["text"]):
                seen.setdefault(sh, set()).add(r["id"])
    held_out = {sh for sh, ids in seen.items() if len(ids) < 3 and any(split_of(i) != "train" for i in ids)}
    out: list[dict] = []
    for name, rows in corpora.items():
        eligible = [r for r in sorted(rows, key=lambda r: r["id"])
                    if len(r["text"]) <= MAX_ARTICLE_CHARS and split_of(r["id"]) == "train"
                    and r["id"] not in whole and r["text"].strip()]
        chosen: list[dict] = []
        for r in rng.sample(eligible, len(eligible)):
            if len(chosen) == EXTRA_TRAIN_ARTICLES_PER_CORPUS:
                break
            if _shingles(texts[r["id"]]) & held_out:
                continue
            chosen.append(r)
        for r in sorted(chosen, key=lambda r: r["id"]):
            out.append({"id": r["id"], "corpus": name, "unit": "article", "span": [0, len(r["text"])],
                        "split": "train", "date": r.get("date"), "draw": "extra"})
    return out


def write_views(units: list[dict], shared: Path, views: Path) -> None:
    texts = {r["id"]: r["text"] for rows in load(shared).values() for r in rows}
    views.mkdir(parents=True, exist_ok=True)
    for u in units:
        text = texts[u["id"]]
        sents = sentences(text)
        if u["unit"] == "article":
            lines = [f"ARTICLE {u['id']}  date {u['date']}", ""]
            lines += [f"S{i}: {text[a:b]}" for i, (a, b) in enumerate(sents)]
            (views / f"{u['id']}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            i = next(k for k, s in enumerate(sents) if tuple(s) == tuple(u["span"]))
            lines = [f"UNIT {u['id']}:S{i}  date {u['date']}"]
            lines += [f"  (context) {text[a:b]}" for a, b in sents[max(0, i - 2):i]]
            lines.append(f"S{i}: {text[u['span'][0]:u['span'][1]]}")
            with open(views / f"sentences-{u['corpus']}.txt", "a", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--views", type=Path)
    args = ap.parse_args()
    units = draw(args.shared)
    with open(HERE / "realnews" / "sample.tsv", "w", encoding="utf-8") as fh:
        fh.write("id\tcorpus\tunit\tstart\tend\tsplit\tdate\tdraw\n")
        for u in units:
            fh.write(f"{u['id']}\t{u['corpus']}\t{u['unit']}\t{u['span'][0]}\t{u['span'][1]}\t{u['split']}\t{u['date']}\t"
                     f"{u.get('draw', 'first')}\n")
    if args.views:
        for old in args.views.glob("sentences-*.txt"):
            old.unlink()
        write_views(units, args.shared, args.views)
    print(f"{len(units)} units written")


if __name__ == "__main__":
    main()
