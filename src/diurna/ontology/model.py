"""Typed records of diurna's event ontology (CAMEO codes, PLOVER types, actor sectors)."""

from __future__ import annotations

from dataclasses import dataclass

from diurna.errors import DiurnaError

#: The 16 event types of PLOVER 2.0, in the manual's order (verbal/material cooperation, then conflict).
PLOVER_TYPE_NAMES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: Names of the four CAMEO/PLOVER quad classes, by number.
QUAD_CLASS_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


class UnknownCodeError(DiurnaError, KeyError):
    """A code (CAMEO event code, PLOVER type, sector) is not in the ontology."""

    def __init__(self, kind: str, code: object) -> None:
        self.kind = kind
        self.code = code
        super().__init__(f"unknown {kind} {code!r}")

    def __str__(self) -> str:  # KeyError would otherwise print the repr of the args
        return f"unknown {self.kind} {self.code!r}"


@dataclass(frozen=True)
class CameoRoot:
    """A two-digit CAMEO cue category."""

    root: str
    name: str
    quad_class: int
    plover: str | None  # fallback PLOVER type for codes under this root; None = dropped by PLOVER


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its Goldstein weight, quad class and PLOVER 2.0 mapping."""

    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    plover: str | None  # PLOVER 2.0 event type; None when PLOVER drops the category
    plover_mode: str | None = None
    plover_context: tuple[str, ...] = ()
    plover_basis: str = "root"  # crosswalk | fixed | root | dropped | user

    @property
    def parent(self) -> str | None:
        """The code one level up (``"0211"`` -> ``"021"`` -> ``"02"``); None for a root."""
        return None if len(self.code) == 2 else (self.code[:2] if len(self.code) == 3 else self.code[:3])

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


@dataclass(frozen=True)
class PloverType:
    """A PLOVER 2.0 event type with its modes and conflict-cooperation scores."""

    name: str
    modes: tuple[str, ...]
    quad_class: int
    polarity: str  # cooperation | conflict
    form: str  # verbal | material
    requires_recipient: bool
    score: float
    label: str
    mode_scores: tuple[tuple[str, float], ...] = ()

    def score_for(self, mode: str | None = None) -> float:
        """Score of the type with ``mode``; the type's own score when the mode has none."""
        if mode:
            if mode not in self.modes:
                raise UnknownCodeError(f"{self.name} mode", mode)
            for name, score in self.mode_scores:
                if name == mode:
                    return score
        return self.score


@dataclass(frozen=True)
class Sector:
    """A CAMEO actor type (sector) code."""

    code: str
    name: str
    group: str = ""


@dataclass(frozen=True)
class PloverSector:
    """A PLOVER 2.0 sector code (or international non-state entity) and its CAMEO counterparts."""

    code: str
    name: str
    slot: str  # sector | entity
    cameo: tuple[str, ...] = ()


@dataclass(frozen=True)
class PloverRename:
    """A draft PLOVER name (type, mode or context) and its 2.0 replacement ("" = none)."""

    field: str
    scope: str
    draft: str
    v2: str
