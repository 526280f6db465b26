"""Tests of diurna's event ontology data files and loader."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from diurna.errors import DataFileError
from diurna.config import Config
from diurna.ontology import (
    DATA_DIR,
    PLOVER_TYPE_NAMES,
    UnknownCodeError,
    load_ontology,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "reference"

# Documented in docs/ontology.md.
CODES_MISSING_FROM_GDELT_LOOKUP = {"106", "1213"}
CROSSWALK_ONLY_CODES = {"1214"}
FIXED_AGAINST_CROSSWALK = {"163", "175"}
MANUAL_SCORE_CORRECTIONS = {("ACCUSE", None): 3.0}  # manual prints +3; we use -3


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def expected_quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


# ---------------------------------------------------------------- structure


def test_all_twenty_roots_with_quad_classes(onto):
    assert sorted(onto.roots) == [f"{r:02d}" for r in range(1, 21)]
    for root in onto.roots.values():
        assert root.quad_class == expected_quad(root.root)
        assert root.root in onto.codes  # each root is itself a code


def test_codes_are_well_formed(onto):
    assert len(onto.codes) > 300
    for code, rec in onto.codes.items():
        assert re.fullmatch(r"\d{2,4}", code)
        assert rec.root == code[:2]
        assert rec.quad_class == expected_quad(rec.root)
        assert -10 <= rec.goldstein <= 10
        assert rec.name and rec.name == rec.name.strip()
        if rec.parent is not None:
            assert rec.parent in onto.codes
        # every 3-digit family has its residual "x0" member (e.g. 010, 190)
        assert f"{code[:2]}0" in onto.codes


def test_every_code_maps_to_plover_or_is_dropped(onto):
    for rec in onto.codes.values():
        if rec.root in ("01", "02"):
            assert rec.plover is None and rec.plover_basis == "dropped", rec
        else:
            assert rec.plover in PLOVER_TYPE_NAMES, rec
            assert rec.plover_basis in ("crosswalk", "fixed", "root")
            if rec.plover_mode:
                assert rec.plover_mode in onto.plover_types[rec.plover].modes
            for context in rec.plover_context:
                assert context in onto.plover_contexts


def test_plover_types(onto):
    assert tuple(onto.plover_types) == PLOVER_TYPE_NAMES
    quads = {t.name: t.quad_class for t in onto.plover_types.values()}
    assert [n for n, q in quads.items() if q == 1] == ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]
    assert [n for n, q in quads.items() if q == 2] == ["COOPERATE", "AID", "RETREAT"]
    assert [n for n, q in quads.items() if q == 3] == ["REQUEST", "ACCUSE", "REJECT", "THREATEN"]
    for t in onto.plover_types.values():
        assert -10 <= t.score <= 10
        assert {m for m, _ in t.mode_scores} <= set(t.modes)
        for mode in t.modes:
            assert -10 <= t.score_for(mode) <= 10
    assert onto.plover_types["ASSAULT"].score_for("unconventional") == -10
    assert onto.plover_types["PROTEST"].score_for("vandalize") == onto.plover_types["PROTEST"].score
    with pytest.raises(UnknownCodeError):
        onto.plover_types["AID"].score_for("firearms")


def test_cameo_lookups(onto):
    assert load_ontology() is onto  # parsed once, cached
    rec = onto.cameo("0211")
    assert (rec.root, rec.quad_class, rec.parent) == ("02", 1, "021")
    assert onto.quad_class("190") == 4 and onto.cameo("190").plover == "ASSAULT"
    assert onto.cameo(" 043 ").code == "043"
    assert onto.is_valid("0874") and not onto.is_valid("0875") and not onto.is_valid(874)
    with pytest.raises(UnknownCodeError, match="'999'"):
        onto.cameo("999")
    with pytest.raises(KeyError):  # UnknownCodeError is also a KeyError
        onto.quad_class("21")
    assert onto.plover_type("FIGHT").name == "ASSAULT"
    assert onto.to_v2("mode", "assassinate", "ASSAULT") == "targeted"
    assert onto.to_v2("mode", "seize", "COERCE") == "seize"  # scoped: only ASSAULT's seize is renamed


def test_sectors(onto):
    for code in ("GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "INS", "SEP", "BUS", "MED", "HLH", "IGO", "NGO"):
        assert code in onto.sectors
    assert onto.plover_sectors["JRN"].cameo == ("MED",)
    assert onto.plover_sectors["MED"].cameo == ("HLH",)
    assert set(onto.plover_sectors["REB"].cameo) == {"REB", "INS", "SEP"}
    for sector in onto.plover_sectors.values():
        assert set(sector.cameo) <= set(onto.sectors)


# ---------------------------------------------------------------- user files


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_user_file_names_file_and_line(tmp_path):
    bad = write(tmp_path / "cameo.tsv", "# user codes\ncode\tname\tgoldstein\n1214\tReject intel\t-4\n1215\tOops\t-40\n")
    with pytest.raises(DataFileError) as info:
        load_ontology(tmp_path)
    assert info.value.path == str(bad) and info.value.line == 4
    assert f"{bad}:4" in str(info.value) and "goldstein" in str(info.value)


@pytest.mark.parametrize(
    "name, text, line, fragment",
    [
        ("cameo.tsv", "code\tname\tgoldstein\n0215\tMissing field\n", 2, "fields"),
        ("cameo.tsv", "code\tname\n", 1, "header"),
        ("cameo.tsv", "code\tname\tgoldstein\n2101\tNo root\t1\n", 2, "root"),
        ("cameo.tsv", "code\tname\tgoldstein\n0299\tNo parent\t1\n", 2, "parent"),
        ("cameo.tsv", "code\tname\tgoldstein\n0215\tA\t1\n0215\tB\t1\n", 3, "duplicate"),
        ("cameo_plover.tsv", "code\tplover\tmode\tcontext\tbasis\n190\tFIGHT\t\t\tuser\n", 2, "PLOVER 2.0"),
        ("cameo_plover.tsv", "code\tplover\tmode\tcontext\tbasis\n190\tASSAULT\tphone\t\tuser\n", 2, "mode"),
        ("roots.tsv", "root\tname\tquad_class\tplover\n21\tExtra\t5\t\n", 2, "quad_class"),
    ],
)
def test_malformed_user_rows(tmp_path, name, text, line, fragment):
    path = write(tmp_path / name, text)
    with pytest.raises(DataFileError, match=fragment) as info:
        load_ontology(tmp_path)
    assert info.value.path == str(path) and info.value.line == line


def test_unknown_user_file_name_is_rejected(tmp_path):
    write(tmp_path / "cameo_codes.tsv", "code\tname\tgoldstein\n")
    with pytest.raises(DataFileError, match="unknown ontology file"):
        load_ontology(tmp_path)


def test_user_dir_overrides_and_extends(tmp_path, monkeypatch):
    write(tmp_path / "cameo.tsv", "code\tname\tgoldstein\n1214\tReject intelligence cooperation\t-4\n010\tStatement\t0.5\n")
    write(tmp_path / "cameo_plover.tsv", "code\tplover\tmode\tcontext\tbasis\n1214\tREJECT\tassist\tintelligence\tuser\n")
    monkeypatch.setenv("DIURNA_ONTOLOGY_DIR", str(tmp_path))  # the setting reaches the loader through Config
    onto = load_ontology(Config.from_env().ontology_dir)
    assert onto is not load_ontology(tmp_path / "..")  # different directory, different ontology
    assert onto.cameo("1214").plover == "REJECT" and onto.cameo("1214").plover_basis == "user"
    assert onto.cameo("010").goldstein == 0.5
    assert tmp_path / "cameo.tsv" in onto.sources
    monkeypatch.delenv("DIURNA_ONTOLOGY_DIR")
    assert load_ontology(Config.from_env().ontology_dir).cameo("010").goldstein == 0.0


def test_user_code_without_mapping_falls_back_to_root(tmp_path):
    write(tmp_path / "cameo.tsv", "code\tname\tgoldstein\n1735\tCustom coercion\t-6\n")
    rec = load_ontology(tmp_path).cameo("1735")
    assert (rec.plover, rec.plover_mode, rec.plover_basis, rec.quad_class) == ("COERCE", None, "root", 4)


def test_bundled_files_all_have_header_comments():
    for path in DATA_DIR.glob("*.tsv"):
        assert path.read_text(encoding="utf-8").startswith("# diurna ontology:"), path


# ---------------------------------------------------------------- against the public references

needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason=f"reference files not available ({REFERENCE} is absent)"
)


def _lookup_codes() -> set[str]:
    lines = (REFERENCE / "LOOKUP-CAMEO.eventcodes.txt").read_text(encoding="utf-8", errors="replace").splitlines()
    return {line.split("\t", 1)[0].strip() for line in lines[1:] if line.strip()}


def _goldstein_table() -> dict[str, float]:
    with open(REFERENCE / "cameo-codes.csv", encoding="utf-8", errors="replace", newline="") as f:
        return {r["code"].strip(): float(r["goldstein"]) for r in csv.DictReader(f)}


def _crosswalk() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    out: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for line in (REFERENCE / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if m:
            parts = [p.strip() for p in m.group(2).split(",")] + ["", ""]
            ctx = tuple(c.strip() for c in parts[2].split(";") if c.strip())
            out.setdefault(m.group(1), []).append((parts[0], parts[1], ctx))
    return out


def _manual() -> str:
    text = (REFERENCE / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("%"))


@needs_reference
def test_code_set_matches_gdelt_lookup(onto):
    lookup = _lookup_codes()
    assert lookup <= set(onto.codes)
    assert set(onto.codes) - lookup == CODES_MISSING_FROM_GDELT_LOOKUP


@needs_reference
def test_goldstein_matches_followed_table(onto):
    table = _goldstein_table()
    assert set(table) == set(onto.codes)
    assert {c: onto.codes[c].goldstein for c in table} == table


@needs_reference
def test_plover_mapping_agrees_with_crosswalk_modulo_renames(onto):
    crosswalk = _crosswalk()
    assert set(crosswalk) - set(onto.codes) == CROSSWALK_ONLY_CODES
    fixed = {c for c, r in onto.codes.items() if r.plover_basis == "fixed"}
    assert fixed == FIXED_AGAINST_CROSSWALK
    from_crosswalk = {c for c, r in onto.codes.items() if r.plover_basis == "crosswalk"}
    assert from_crosswalk == set(crosswalk) - CROSSWALK_ONLY_CODES - FIXED_AGAINST_CROSSWALK
    for code in from_crosswalk:
        rec = onto.codes[code]
        candidates = []
        for typ, mode, ctx in crosswalk[code]:
            typ = onto.to_v2("type", typ)
            candidates.append(
                (typ, onto.to_v2("mode", mode, typ) or None, tuple(v for v in (onto.to_v2("context", c) for c in ctx) if v))
            )
        assert (rec.plover, rec.plover_mode, rec.plover_context) in candidates, (code, candidates)
    for code in FIXED_AGAINST_CROSSWALK:  # a fix must really differ from the crosswalk
        typ, mode, _ = crosswalk[code][0]
        assert (onto.codes[code].plover, onto.codes[code].plover_mode) != (typ, mode or None)


@needs_reference
def test_plover_modes_and_scores_match_manual(onto):
    manual = _manual()
    modes: dict[str, list[str]] = {}
    for m in re.finditer(r"\\caption\{(?:\\plcat\{)?([A-Z]+)\}? modes.*?\\end\{tabular\}", manual, re.S):
        modes[m.group(1)] = re.findall(r"^([a-z][a-z-]*)\s*&", m.group(0), re.M)
    assert modes == {t.name: list(t.modes) for t in onto.plover_types.values() if t.modes}

    block = manual.split(r"\caption{PLOVER conflict--cooperation scores}", 1)[1].split(r"\end{tabular}", 1)[0]
    block = block.replace(r"\cellcolor{gray!25}", "")
    scores = {
        (typ, mode.lower() if mode else None): float(value)
        for typ, mode, value in re.findall(r"([A-Z]+)(?::\s*([A-Za-z-]+))?\s*&\s*(-?\d+(?:\.\d+)?)", block)
    }
    ours = {(t.name, None): t.score for t in onto.plover_types.values()}
    ours.update({(t.name, m): s for t in onto.plover_types.values() for m, s in t.mode_scores})
    differing = {k: v for k, v in scores.items() if ours.get(k) != v}
    assert differing == MANUAL_SCORE_CORRECTIONS
    assert set(ours) == set(scores)


@needs_reference
def test_plover_sectors_match_manual(onto):
    manual = _manual()
    sector_table = manual.split(r"\label{tab:roles}", 1)[1].split(r"\end{longtable}", 1)[0]
    entity_table = manual.split(r"\caption{International Non-state actor names}", 1)[1].split(r"\end{tabular}", 1)[0]
    sectors = set(re.findall(r"^\s*([A-Z]{3})\s*&", sector_table, re.M))
    entities = set(re.findall(r"^\s*([A-Z]{3})\s*&", entity_table, re.M))
    assert sectors == {s.code for s in onto.plover_sectors.values() if s.slot == "sector"}
    assert entities == {s.code for s in onto.plover_sectors.values() if s.slot == "entity"}
