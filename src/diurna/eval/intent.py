"""The correspondence between our anticipated events and gold intent/threat codings (CAMEO 03/13, PLOVER
AGREE/THREATEN), loaded once from ``diurna/data/eval/anticipated.yaml``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from diurna.errors import DataFileError

MAPPING_FILE = Path(__file__).resolve().parents[1] / "data" / "eval" / "anticipated.yaml"

_CODE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True)
class IntentMap:
    """``roots``: 3-digit gold code -> our roots; ``codes``: 4-digit gold code -> prefixes of our code;
    ``plover``: gold PLOVER type -> our PLOVER types."""

    roots: dict[str, frozenset[str]]
    codes: dict[str, tuple[str, ...]]
    plover: dict[str, frozenset[str]]

    def root_compatible(self, gold_code: str, our_code: str) -> bool:
        """Whether our anticipated ``our_code`` expresses the gold intent/threat ``gold_code`` at root level."""
        roots = self.roots.get(gold_code[:3])
        return roots is not None and our_code[:2] in roots

    def code_compatible(self, gold_code: str, our_code: str) -> bool:
        """Same at full-code level: a 3-digit gold code needs root correspondence, a 4-digit one its own entry."""
        if len(gold_code) <= 3:
            return self.root_compatible(gold_code, our_code)
        prefixes = self.codes.get(gold_code)
        return prefixes is not None and any(our_code.startswith(p) for p in prefixes)

    def plover_compatible(self, gold_type: str, our_type: str) -> bool:
        ours = self.plover.get(gold_type)
        return ours is not None and our_type in ours


def _codes(path: Path, key: str, raw: Any, value_len: set[int] | None) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise DataFileError(str(path), f"`{key}` must be a mapping")
    out: dict[str, tuple[str, ...]] = {}
    for gold, ours in raw.items():
        gold = str(gold)
        if not _CODE.match(gold) or gold[:2] not in ("03", "13"):
            raise DataFileError(str(path), f"`{key}`: {gold!r} is not a CAMEO 03x/13x code")
        if not isinstance(ours, list) or not ours:
            raise DataFileError(str(path), f"`{key}`: {gold} needs a non-empty list")
        for code in ours:
            if not isinstance(code, str) or not _CODE.match(code) or (value_len and len(code) not in value_len):
                raise DataFileError(str(path), f"`{key}`: {gold}: {code!r} is not a valid CAMEO code/root")
        out[gold] = tuple(ours)
    return out


@functools.cache
def load_intent_map(path: Path = MAPPING_FILE) -> IntentMap:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"cannot read mapping: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping at top level")
    roots = _codes(path, "intent_roots", data.get("intent_roots"), {2})
    for gold in roots:
        if len(gold) != 3:
            raise DataFileError(str(path), f"`intent_roots`: {gold} must be a 3-digit code")
    codes = _codes(path, "intent_codes", data.get("intent_codes"), None)
    for gold in codes:
        if len(gold) != 4 or gold[:3] not in roots:
            raise DataFileError(str(path), f"`intent_codes`: {gold} must be 4 digits under a listed 3-digit code")
    plover_raw = data.get("plover")
    if not isinstance(plover_raw, dict):
        raise DataFileError(str(path), "`plover` must be a mapping")
    plover: dict[str, frozenset[str]] = {}
    for gold, ours in plover_raw.items():
        if not isinstance(ours, list) or not all(isinstance(t, str) and t.isupper() for t in ours):
            raise DataFileError(str(path), f"`plover`: {gold} needs a list of upper-case PLOVER types")
        plover[str(gold)] = frozenset(ours)
    return IntentMap(
        roots={k: frozenset(v) for k, v in roots.items()},
        codes=codes,
        plover=plover,
    )
