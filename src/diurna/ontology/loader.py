"""Load, merge and validate diurna's event ontology from its TSV data files.

The bundled files live in ``diurna/data/ontology/``. A user directory (argument ``extra_dir`` of
:func:`load_ontology`, or the environment variable ``DIURNA_ONTOLOGY_DIR``) may hold files with the
same names and columns: their rows replace bundled rows with the same key and add new ones.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from diurna.errors import DataFileError
from diurna.ontology.model import (
    PLOVER_TYPE_NAMES,
    CameoCode,
    CameoRoot,
    PloverRename,
    PloverSector,
    PloverType,
    Sector,
    UnknownCodeError,
)
from diurna.ontology.tsv import Row, read_tsv

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "ontology"

# file name -> (columns, key columns)
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "roots.tsv": (("root", "name", "quad_class", "plover"), ("root",)),
    "cameo.tsv": (("code", "name", "goldstein"), ("code",)),
    "plover_types.tsv": (
        ("type", "quad_class", "polarity", "form", "requires_recipient", "score", "modes", "label"),
        ("type",),
    ),
    "plover_modes.tsv": (("type", "mode", "score"), ("type", "mode")),
    "plover_contexts.tsv": (("context", "label"), ("context",)),
    "cameo_plover.tsv": (("code", "plover", "mode", "context", "basis"), ("code",)),
    "plover_renames.tsv": (("field", "scope", "draft", "v2"), ("field", "scope", "draft")),
    "sectors.tsv": (("code", "name", "group"), ("code",)),
    "plover_sectors.tsv": (("code", "name", "slot", "cameo"), ("code",)),
}

BASES = ("crosswalk", "fixed", "root", "dropped", "user")
_CODE = re.compile(r"\d{2,4}")
_ROOT = re.compile(r"\d{2}")
_SECTOR = re.compile(r"[A-Z]{3}")
_NAME = re.compile(r"[a-z][a-z0-9_-]*")


@dataclass(frozen=True)
class Ontology:
    """CAMEO codes, PLOVER 2.0 types and actor sectors, validated and cross-linked."""

    codes: Mapping[str, CameoCode]
    roots: Mapping[str, CameoRoot]
    plover_types: Mapping[str, PloverType]
    plover_contexts: Mapping[str, str]
    sectors: Mapping[str, Sector]
    plover_sectors: Mapping[str, PloverSector]
    renames: tuple[PloverRename, ...]
    sources: tuple[Path, ...] = field(default=())

    def cameo(self, code: str) -> CameoCode:
        """The record of CAMEO event code ``code`` (e.g. ``"0211"``); UnknownCodeError if absent."""
        key = code.strip() if isinstance(code, str) else code
        try:
            return self.codes[key]
        except (KeyError, TypeError):
            raise UnknownCodeError("CAMEO event code", code) from None

    def is_valid(self, code: object) -> bool:
        """True when ``code`` is a CAMEO event code of this ontology."""
        return isinstance(code, str) and code.strip() in self.codes

    def quad_class(self, code: str) -> int:
        """Quad class (1-4) of a CAMEO event code."""
        return self.cameo(code).quad_class

    def goldstein(self, code: str) -> float:
        """Goldstein weight of a CAMEO event code."""
        return self.cameo(code).goldstein

    def plover_type(self, name: str) -> PloverType:
        """A PLOVER 2.0 event type by name (draft names such as FIGHT are translated)."""
        v2 = self.to_v2("type", name)
        if v2 and v2 in self.plover_types:
            return self.plover_types[v2]
        raise UnknownCodeError("PLOVER event type", name)

    def to_v2(self, field_name: str, name: str, plover_type: str = "*") -> str:
        """Translate a draft PLOVER ``type``/``mode``/``context`` name to 2.0 ("" = no 2.0 counterpart).

        Names that are not listed as renamed are returned unchanged.
        """
        for scope in (plover_type, "*"):
            for rename in self.renames:
                if rename.field == field_name and rename.scope == scope and rename.draft == name:
                    return rename.v2
        return name


def load_ontology(extra_dir: str | os.PathLike[str] | None = None) -> Ontology:
    """Load the ontology (parsed once per directory, then cached).

    ``extra_dir`` (the ``ontology_dir`` setting, environment variable ``DIURNA_ONTOLOGY_DIR``) holds user TSV files named like the
    bundled ones; their rows override or extend the bundled rows. Raises DataFileError, naming the
    file and line, for malformed or inconsistent data.
    """
    key = str(Path(extra_dir).expanduser().resolve()) if extra_dir is not None else None
    return _load(key)


@functools.cache
def _load(extra_dir: str | None) -> Ontology:
    tables: dict[str, dict[tuple[str, ...], Row]] = {}
    sources: list[Path] = []
    for name, (columns, key_columns) in FILES.items():
        tables[name] = _read_keyed(DATA_DIR / name, columns, key_columns)
        sources.append(DATA_DIR / name)
    if extra_dir is not None:
        directory = Path(extra_dir)
        if not directory.is_dir():
            raise DataFileError(extra_dir, "ontology directory does not exist")
        for path in sorted(directory.glob("*.tsv")):
            if path.name not in FILES:
                raise DataFileError(
                    str(path), f"unknown ontology file name; expected one of {', '.join(FILES)}"
                )
            columns, key_columns = FILES[path.name]
            tables[path.name].update(_read_keyed(path, columns, key_columns))
            sources.append(path)
            log.info("ontology: merged user file %s", path)
    return _build(tables, tuple(sources))


load_ontology.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


def _read_keyed(
    path: Path, columns: tuple[str, ...], key_columns: tuple[str, ...]
) -> dict[tuple[str, ...], Row]:
    out: dict[tuple[str, ...], Row] = {}
    for row in read_tsv(path, columns):
        key = tuple(row[c] for c in key_columns)
        if not all(key):
            raise row.error(f"empty key column ({', '.join(key_columns)})")
        if key in out:
            raise row.error(f"duplicate {'/'.join(key_columns)} {'/'.join(key)} (first on line {out[key].line})")
        out[key] = row
    return out


def _number(row: Row, column: str, low: float = -10.0, high: float = 10.0) -> float:
    try:
        value = float(row[column])
    except ValueError:
        raise row.error(f"{column} {row[column]!r} is not a number") from None
    if math.isnan(value) or not low <= value <= high:
        raise row.error(f"{column} {row[column]} is outside [{low:g}, {high:g}]")
    return value


def _quad(row: Row) -> int:
    if row["quad_class"] not in ("1", "2", "3", "4"):
        raise row.error(f"quad_class must be 1, 2, 3 or 4, not {row['quad_class']!r}")
    return int(row["quad_class"])


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _build(tables: dict[str, dict[tuple[str, ...], Row]], sources: tuple[Path, ...]) -> Ontology:
    # PLOVER types, modes, contexts
    types: dict[str, PloverType] = {}
    for row in tables["plover_types.tsv"].values():
        name = row["type"]
        if name not in PLOVER_TYPE_NAMES:
            raise row.error(f"{name!r} is not a PLOVER 2.0 event type ({', '.join(PLOVER_TYPE_NAMES)})")
        quad = _quad(row)
        polarity, form = row["polarity"], row["form"]
        if polarity not in ("cooperation", "conflict") or form not in ("verbal", "material"):
            raise row.error("polarity must be cooperation|conflict and form verbal|material")
        if (polarity == "conflict") != (quad >= 3) or (form == "material") != (quad in (2, 4)):
            raise row.error(f"quad_class {quad} contradicts {form} {polarity}")
        if row["requires_recipient"] not in ("yes", "no"):
            raise row.error("requires_recipient must be yes or no")
        score = _number(row, "score")
        if (score > 0 and polarity == "conflict") or (score < 0 and polarity == "cooperation"):
            raise row.error(f"score {score:g} has the wrong sign for a {polarity} type")
        modes = _split(row["modes"])
        bad = [m for m in modes if not _NAME.fullmatch(m)]
        if bad or len(set(modes)) != len(modes):
            raise row.error(f"bad or repeated mode names: {row['modes']!r}")
        types[name] = PloverType(
            name, modes, quad, polarity, form, row["requires_recipient"] == "yes", score, row["label"]
        )
    missing = [t for t in PLOVER_TYPE_NAMES if t not in types]
    if missing:
        raise DataFileError(str(DATA_DIR / "plover_types.tsv"), f"missing PLOVER types: {', '.join(missing)}")

    mode_scores: dict[str, list[tuple[str, float]]] = {t: [] for t in types}
    for row in tables["plover_modes.tsv"].values():
        if row["type"] not in types:
            raise row.error(f"unknown PLOVER type {row['type']!r}")
        if row["mode"] not in types[row["type"]].modes:
            raise row.error(f"{row['mode']!r} is not a mode of {row['type']} in plover_types.tsv")
        mode_scores[row["type"]].append((row["mode"], _number(row, "score")))
    types = {
        name: PloverType(**{**t.__dict__, "mode_scores": tuple(mode_scores[name])}) for name, t in types.items()
    }

    contexts: dict[str, str] = {}
    for row in tables["plover_contexts.tsv"].values():
        if not _NAME.fullmatch(row["context"]):
            raise row.error(f"bad context name {row['context']!r}")
        contexts[row["context"]] = row["label"]

    # CAMEO roots and codes
    roots: dict[str, CameoRoot] = {}
    for row in tables["roots.tsv"].values():
        if not _ROOT.fullmatch(row["root"]):
            raise row.error(f"root must be two digits, not {row['root']!r}")
        if row["plover"] and row["plover"] not in types:
            raise row.error(f"unknown PLOVER type {row['plover']!r}")
        roots[row["root"]] = CameoRoot(row["root"], row["name"], _quad(row), row["plover"] or None)
    absent = [f"{r:02d}" for r in range(1, 21) if f"{r:02d}" not in roots]
    if absent:
        raise DataFileError(str(DATA_DIR / "roots.tsv"), f"missing CAMEO roots: {', '.join(absent)}")

    cameo_rows = tables["cameo.tsv"]
    for (code,), row in cameo_rows.items():
        if not _CODE.fullmatch(code):
            raise row.error(f"CAMEO code must be 2-4 digits, not {code!r}")
        if code[:2] not in roots:
            raise row.error(f"root {code[:2]} of code {code} is not in roots.tsv")
        parent = code[:2] if len(code) == 3 else code[:3]
        if len(code) > 2 and (parent,) not in cameo_rows:
            raise row.error(f"parent code {parent} of {code} is not in cameo.tsv")
        if not row["name"]:
            raise row.error(f"code {code} has no name")
        _number(row, "goldstein")

    mapping: dict[str, tuple[str | None, str | None, tuple[str, ...], str]] = {}
    for (code,), row in tables["cameo_plover.tsv"].items():
        if (code,) not in cameo_rows:
            raise row.error(f"CAMEO code {code} is not in cameo.tsv")
        plover, mode, basis = row["plover"], row["mode"], row["basis"]
        context = _split(row["context"])
        if basis not in BASES:
            raise row.error(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
        if not plover:
            if mode or context or basis not in ("dropped", "user"):
                raise row.error("a row without a PLOVER type must have no mode/context and basis 'dropped'")
        elif plover not in types:
            raise row.error(f"{plover!r} is not a PLOVER 2.0 event type")
        elif mode and mode not in types[plover].modes:
            raise row.error(f"{mode!r} is not a mode of {plover}")
        unknown = [c for c in context if c not in contexts]
        if unknown:
            raise row.error(f"unknown PLOVER context(s): {', '.join(unknown)}")
        mapping[code] = (plover or None, mode or None, context, basis)

    codes: dict[str, CameoCode] = {}
    for (code,), row in sorted(cameo_rows.items()):
        root = roots[code[:2]]
        code_plover, code_mode, code_context, code_basis = mapping.get(
            code, (root.plover, None, (), "root" if root.plover else "dropped")
        )
        codes[code] = CameoCode(
            code, row["name"], float(row["goldstein"]), root.root, root.quad_class,
            code_plover, code_mode, code_context, code_basis,
        )

    # sectors
    sectors: dict[str, Sector] = {}
    for row in tables["sectors.tsv"].values():
        if not _SECTOR.fullmatch(row["code"]) or not row["name"]:
            raise row.error(f"sector code must be 3 capital letters with a name, not {row['code']!r}")
        sectors[row["code"]] = Sector(row["code"], row["name"], row["group"])
    plover_sectors: dict[str, PloverSector] = {}
    for row in tables["plover_sectors.tsv"].values():
        if not _SECTOR.fullmatch(row["code"]) or row["slot"] not in ("sector", "entity"):
            raise row.error("PLOVER sector needs a 3-capital-letter code and slot sector|entity")
        cameo = _split(row["cameo"])
        unknown = [c for c in cameo if c not in sectors]
        if unknown:
            raise row.error(f"unknown CAMEO sector code(s): {', '.join(unknown)}")
        plover_sectors[row["code"]] = PloverSector(row["code"], row["name"], row["slot"], cameo)

    renames: list[PloverRename] = []
    for row in tables["plover_renames.tsv"].values():
        kind, scope, v2 = row["field"], row["scope"], row["v2"]
        if kind not in ("type", "mode", "context"):
            raise row.error(f"field must be type, mode or context, not {kind!r}")
        if scope != "*" and scope not in types:
            raise row.error(f"scope must be '*' or a PLOVER type, not {scope!r}")
        valid = (
            v2 in types if kind == "type"
            else v2 in contexts if kind == "context"
            else (v2 in types[scope].modes if scope != "*" else any(v2 in t.modes for t in types.values()))
        )
        if v2 and not valid:
            raise row.error(f"{v2!r} is not a PLOVER 2.0 {kind}")
        renames.append(PloverRename(kind, scope, row["draft"], v2))

    return Ontology(
        codes=MappingProxyType(codes),
        roots=MappingProxyType(roots),
        plover_types=MappingProxyType(types),
        plover_contexts=MappingProxyType(contexts),
        sectors=MappingProxyType(sectors),
        plover_sectors=MappingProxyType(plover_sectors),
        renames=tuple(renames),
        sources=sources,
    )
