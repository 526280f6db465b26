"""Turn annotators' files into the committed real-news annotations, and measure agreement.

    python annotations/realnews.py convert RAW_DIR [RAW_DIR ...] [--out annotations/realnews] [--agreement]
    python annotations/realnews.py agree A_DIR_OR_FILE B_DIR_OR_FILE
    python annotations/realnews.py nonpolitical RAW.jsonl

Annotators write spans as the exact words of a sentence (docs/annotation.md); ``convert`` finds their character
offsets in the raw article text of ``../shared/corpora`` and writes JSON Lines holding only ids, offsets and codes
(``train.jsonl``, ``dev.jsonl``, ``test.jsonl``; with ``--agreement``, ``agreement/second.jsonl``). A span that
cannot be found is reported (file, unit, event) and the event kept without that span.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from draw import CORPORA, load, sentences  # noqa: E402

MODALITIES = {"actual", "anticipated", "negated", "hypothetical"}


def _plover_table() -> dict[str, str]:
    table = {}
    path = HERE.parent / "src" / "diurna" / "data" / "ontology" / "cameo_plover.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        cols = line.split("\t")
        table[cols[0]] = cols[1] if len(cols) > 1 else ""
    return table


def _find(sentence: str, words: str | None, offset: int) -> list[int] | None:
    if not words:
        return None
    nth = 1
    if "#" in words and words.rsplit("#", 1)[1].isdigit():
        words, n = words.rsplit("#", 1)
        nth = int(n)
    words = words.strip()
    # whole words only: "he" is not the "he" inside "the"
    pattern = (r"(?<!\w)" if words[:1].isalnum() else "") + re.escape(words) + (r"(?!\w)" if words[-1:].isalnum() else "")
    for flags in (0, re.IGNORECASE):  # tolerate a case slip
        found = list(re.finditer(pattern, sentence, flags))
        if len(found) >= nth:
            m = found[nth - 1]
            return [offset + m.start(), offset + m.end()]
    return None


class Converter:
    def __init__(self, shared: Path) -> None:
        corpora = load(shared)
        self.rows = {r["id"]: (name, r) for name, rows in corpora.items() for r in rows}
        self.sample = {}
        with open(HERE / "realnews" / "sample.tsv", encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                id_, corpus, unit, start, end, split, date, draw = line.rstrip("\n").split("\t")
                self.sample[(id_, unit, int(start))] = {"split": split, "date": None if date == "None" else date,
                                                         "end": int(end), "corpus": corpus, "draw": draw}
        self.plover = _plover_table()
        self.problems: list[str] = []
        self._sents: dict[str, list[tuple[int, int]]] = {}

    def sents(self, id_: str) -> list[tuple[int, int]]:
        if id_ not in self._sents:
            self._sents[id_] = sentences(self.rows[id_][1]["text"])
        return self._sents[id_]

    def event(self, where: str, id_: str, ev: dict) -> dict | None:
        text = self.rows[id_][1]["text"]
        sents = self.sents(id_)
        s = ev.get("s")
        if not isinstance(s, int) or not 0 <= s < len(sents):
            self.problems.append(f"{where}: sentence {s!r} does not exist; event dropped")
            return None
        a, b = sents[s]
        sentence = text[a:b]
        cameo = str(ev.get("cameo") or "").strip()
        if cameo not in self.plover:
            self.problems.append(f"{where}: S{s}: unknown CAMEO code {cameo!r}; event dropped")
            return None
        out_spans = {}
        for key in ("trigger", "source", "target"):
            span = _find(sentence, ev.get(key), a)
            if ev.get(key) and span is None:
                self.problems.append(f"{where}: S{s}: {key} {ev.get(key)!r} not found in the sentence")
            out_spans[key] = span
        modality = ev.get("modality") or "actual"
        if modality not in MODALITIES:
            self.problems.append(f"{where}: S{s}: modality {modality!r} read as actual")
            modality = "actual"
        return {"sentence": [a, b], "trigger": out_spans["trigger"],
                "source": {"span": out_spans["source"], "code": (ev.get("source_code") or None)},
                "target": {"span": out_spans["target"], "code": (ev.get("target_code") or None),
                           "implied": bool(ev.get("target_implied"))},
                "cameo": cameo, "plover": self.plover.get(cameo) or None, "modality": modality,
                "background": bool(ev.get("background")), "symmetric": bool(ev.get("symmetric")),
                "date": ev.get("date") or None}

    def article(self, path: Path) -> dict:
        raw = json.loads(path.read_text(encoding="utf-8"))
        id_ = raw["id"]
        info = self.sample[(id_, "article", 0)]
        events = [e for ev in raw.get("events", []) if (e := self.event(f"{path.name}", id_, ev)) is not None]
        unit = {"id": id_, "corpus": info["corpus"], "unit": "article", "span": [0, info["end"]],
                "split": info["split"], "annotator": raw.get("annotator"), "date": info["date"],
                "sentences": [list(s) for s in self.sents(id_)], "events": events}
        if info["draw"] == "extra":
            unit["tune"] = True  # a training-split article kept for choosing the model's thresholds (docs/model.md)
        return unit

    def sentence_units(self, path: Path) -> list[dict]:
        out = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            id_, s = raw["unit"].rsplit(":S", 1)
            a, b = self.sents(id_)[int(s)]
            info = self.sample.get((id_, "sentence", a))
            if info is None:
                self.problems.append(f"{path.name}: line {n}: {raw['unit']} is not a drawn sentence; skipped")
                continue
            events = []
            for ev in raw.get("events", []):
                ev = {**ev, "s": int(s)}
                e = self.event(f"{path.name}: line {n}", id_, ev)
                if e is not None:
                    events.append(e)
            out.append({"id": id_, "corpus": info["corpus"], "unit": "sentence", "span": [a, b],
                        "split": info["split"], "annotator": raw.get("annotator"), "date": info["date"],
                        "events": events})
        return out

    def convert(self, raw_dirs: list[Path]) -> list[dict]:
        units = []
        for raw_dir in raw_dirs:
            for path in sorted(raw_dir.glob("*.json")):
                units.append(self.article(path))
            for path in sorted(raw_dir.glob("*.jsonl")):
                units.extend(self.sentence_units(path))
        seen = Counter((u["id"], u["unit"], u["span"][0]) for u in units)
        dup = [k for k, n in seen.items() if n > 1]
        if dup:
            self.problems.append(f"units annotated twice (first kept): {dup[:5]}")
            keep, out = set(), []
            for u in units:
                if (u["id"], u["unit"], u["span"][0]) not in keep:
                    keep.add((u["id"], u["unit"], u["span"][0]))
                    out.append(u)
            units = out
        return units


def write_units(units: list[dict], out: Path, agreement: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if agreement:
        groups = {"agreement/second": units}
        (out / "agreement").mkdir(exist_ok=True)
    else:
        groups = {split: [u for u in units if u["split"] == split] for split in ("train", "dev", "test")}
    for name, group in groups.items():
        group = sorted(group, key=lambda u: (u["unit"], u["corpus"], u["id"], u["span"][0]))
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for u in group:
                fh.write(json.dumps(u, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(f"{name}: {len(group)} units, {sum(len(u['events']) for u in group)} events")


# ---------------------------------------------------------------- agreement


def _story_keys(unit: dict) -> set[tuple]:
    keys = set()
    for e in unit["events"]:
        if e["modality"] not in ("actual", "anticipated") or e["background"]:
            continue
        src = (e["source"]["code"] or "")[:3] or None
        tgt = (e["target"]["code"] or "")[:3] or None
        if e["symmetric"] and src and tgt:
            src, tgt = sorted((src, tgt))
        keys.add((src, tgt, e["cameo"][:2]))
    return keys


def _prf(tp: int, na: int, nb: int) -> tuple[float, float, float]:
    p = tp / nb if nb else 0.0
    r = tp / na if na else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def agree(a_units: list[dict], b_units: list[dict]) -> dict:
    """Agreement of B with A on the units both coded: story-level F1 on (source country, target country, root),
    root-only F1, and per-sentence event/no-event agreement (Cohen's kappa)."""
    a = {(u["id"], u["unit"], u["span"][0]): u for u in a_units}
    b = {(u["id"], u["unit"], u["span"][0]): u for u in b_units}
    common = sorted(a.keys() & b.keys())
    tp = na = nb = rtp = rna = rnb = 0
    cells = Counter()
    for key in common:
        ka, kb = _story_keys(a[key]), _story_keys(b[key])
        tp += len(ka & kb)
        na += len(ka)
        nb += len(kb)
        ra, rb = {k[2] for k in ka}, {k[2] for k in kb}
        rtp += len(ra & rb)
        rna += len(ra)
        rnb += len(rb)
        for s in a[key].get("sentences") or [a[key]["span"]]:
            ea = any(e["sentence"] == list(s) for e in a[key]["events"])
            eb = any(e["sentence"] == list(s) for e in b[key]["events"])
            cells[(ea, eb)] += 1
    n = sum(cells.values())
    po = (cells[(True, True)] + cells[(False, False)]) / n if n else 0.0
    pa = (cells[(True, True)] + cells[(True, False)]) / n if n else 0.0
    pb = (cells[(True, True)] + cells[(False, True)]) / n if n else 0.0
    pe = pa * pb + (1 - pa) * (1 - pb)
    kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
    return {"units": len(common), "dyad_root_f1": round(_prf(tp, na, nb)[2], 3), "root_f1": round(_prf(rtp, rna, rnb)[2], 3),
            "keys_a": na, "keys_b": nb, "sentences": n, "event_sentence_kappa": round(kappa, 3),
            "event_sentence_agreement": round(po, 3)}


def _read(path: Path) -> list[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def nonpolitical(path: Path, shared: Path, out: Path) -> int:
    """Real sentences with no political event (sports, business, weather, disasters...), chosen from articles
    outside the sample: a held-out check of the false-event rate. Never used for training or tuning."""
    rows = {r["id"]: (name, r) for name, rs in load(shared).items() for r in rs}
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        corpus, row = rows[raw["id"]]
        start = row["text"].find(raw["sentence"])
        if start < 0:
            print(f"problem: {raw['id']}: sentence not found", file=sys.stderr)
            continue
        units.append({"id": raw["id"], "corpus": corpus, "unit": "sentence",
                      "span": [start, start + len(raw["sentence"])], "split": "nonpolitical",
                      "topic": raw.get("topic"), "date": row.get("date"), "events": []})
    with open(out, "w", encoding="utf-8") as fh:
        for u in sorted(units, key=lambda u: (u["corpus"], u["id"], u["span"][0])):
            fh.write(json.dumps(u, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(units)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("raw", type=Path, nargs="+", help="annotators' directories (a unit in two: the first kept)")
    c.add_argument("--out", type=Path, default=HERE / "realnews")
    c.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    c.add_argument("--agreement", action="store_true")
    g = sub.add_parser("agree")
    g.add_argument("a", type=Path)
    g.add_argument("b", type=Path)
    n = sub.add_parser("nonpolitical")
    n.add_argument("raw", type=Path)
    n.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    n.add_argument("--out", type=Path, default=HERE / "realnews" / "nonpolitical.jsonl")
    args = ap.parse_args()
    if args.cmd == "nonpolitical":
        print(f"{nonpolitical(args.raw, args.shared, args.out)} sentences -> {args.out}")
    elif args.cmd == "convert":
        conv = Converter(args.shared)
        units = conv.convert(args.raw)
        write_units(units, args.out, args.agreement)
        for p in conv.problems:
            print("problem:", p, file=sys.stderr)
        print(f"{len(conv.problems)} problems", file=sys.stderr)
    else:
        print(json.dumps(agree(_read(args.a), _read(args.b)), indent=2))


if __name__ == "__main__":
    main()
