"""Event patterns: which words, in which grammatical frame, make which CAMEO event.

The patterns are data (``data/events/patterns.yaml``, readable and extendable by users); this module parses
and validates them once and indexes them by trigger lemma. See ``docs/patterns.md`` for the format.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from diurna.errors import DataFileError

SLOT_RE = re.compile(
    r"^(dobj|iobj|dative|attr|subj|between|poss|of|by|agent|executor|(?:xcomp|ccomp)\.(?:dobj|subj|prep:[a-z]+)|acl\.subj|object\.(?:prep:[a-z]+|of|poss|between)|prep:[a-z]+)$"
)
CODE_RE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True)
class Pattern:
    """One trigger and its frame.

    ``kind`` is ``verb`` or ``noun``. ``object`` restricts a verb pattern to those object-noun lemmas (light
    verbs: *impose* + *sanctions*). ``modifiers`` refine the code by a modifier lemma of the object or noun
    (*military* aid -> 072). ``requires`` lists prepositions/particles that must hang on the trigger
    (*call* + *on*). ``target`` is the ordered list of slots where the target actor is looked for.
    """

    lemmas: tuple[str, ...]
    kind: str
    code: str
    target: tuple[str, ...] = ("dobj",)
    source: tuple[str, ...] = ("subj",)
    object: tuple[str, ...] = ()
    modifiers: tuple[tuple[str, str], ...] = ()
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    xcomp: tuple[str, ...] = ()
    modified_by: tuple[str, ...] = ()
    implicit_source: str | None = None
    source_sector: tuple[str, ...] = ()  # the pattern applies only when the source is of one of these sectors
    reverse_code: tuple[tuple[str, str], ...] = ()  # with source_sector: the other side's sector -> its code
    symmetric: bool = False
    needs_target: bool = False
    confidence: float = 0.7
    line: int = 0
    note: str = ""

    def code_for(self, modifier_lemmas: set[str]) -> str:
        for lemma, code in self.modifiers:
            if lemma in modifier_lemmas:
                return code
        return self.code


WORD_LISTS = ("anticipation", "hypothetical", "negating", "speech", "statement", "pessimism", "optimism", "attempt",
              "habitual",
              "non_agents", "weapons", "sports", "agency_roots", "untargeted_roots", "unsourced_roots", "political_sectors", "visiting_sectors", "support_verbs", "naming", "praise", "act_nouns",
              "armed_sectors", "criticism", "accusation", "critical_speech")


@dataclass
class PatternSet:
    verbs: dict[str, list[Pattern]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, list[Pattern]] = field(default_factory=lambda: defaultdict(list))
    commissive: dict[str, str] = field(default_factory=dict)  # lemma -> "intent" | "threat"
    anticipation: frozenset[str] = frozenset()
    hypothetical: frozenset[str] = frozenset()
    attempt: frozenset[str] = frozenset()  # "tried to", "efforts to": hypothetical, and never a threat or intent
    habitual: frozenset[str] = frozenset()  # "had previously backed", "has repeatedly used": background, not news
    non_agents: frozenset[str] = frozenset()  # forces of nature, accidents, diseases, markets: never the doer
    weapons: frozenset[str] = frozenset()  # a weapon or attack word implies an attacker ("a bomb killed")
    sports: frozenset[str] = frozenset()  # words of a sports report ("wickets", "goals"): "crushed" is no attack
    agency_roots: frozenset[str] = frozenset()  # CAMEO roots whose events need an agent
    untargeted_roots: frozenset[str] = frozenset()  # roots whose events stand without a target (a statement)
    unsourced_roots: frozenset[str] = frozenset()  # roots whose events stand without a source (an unclaimed bombing)
    political_sectors: frozenset[str] = frozenset()  # who may act with nobody addressed (a statement, a resignation)
    visiting_sectors: frozenset[str] = frozenset()  # whose travel is a visit (042) or whose welcome is hosting (043)
    naming: frozenset[str] = frozenset()  # "described X as", "termed X": a judgement of X (criticism or praise)
    praise: frozenset[str] = frozenset()  # "described the move as a positive step" -> 051
    act_nouns: frozenset[str] = frozenset()  # "the move", "this decision": an act whose author the article told
    support_verbs: frozenset[str] = frozenset()  # "backed", "supported": military aid (072) when the backed are armed
    armed_sectors: frozenset[str] = frozenset()  # the sectors of armed actors (armies, rebels, militias)
    negating: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()
    statement: frozenset[str] = frozenset()  # speech verbs that are a statement (010) when nothing else applies
    pessimism: frozenset[str] = frozenset()  # "said he was skeptical" -> 012
    optimism: frozenset[str] = frozenset()  # "said he was confident" -> 013
    criticism: frozenset[str] = frozenset()  # "said the US plan was a blatant attack on Syria" -> 111
    accusation: frozenset[str] = frozenset()  # "said the regime was responsible for the attack" -> 112
    critical_speech: frozenset[str] = frozenset()  # speech verbs that make only a critical statement ("added")
    intent_codes: dict[str, str] = field(default_factory=dict)  # root -> 03x code
    threat_codes: dict[str, str] = field(default_factory=dict)  # root -> 13x code
    appeal_codes: dict[str, str] = field(default_factory=dict)  # asked-for act -> 02x code
    demand_codes: dict[str, str] = field(default_factory=dict)  # demanded act -> 10x code
    reject_codes: dict[str, str] = field(default_factory=dict)  # refused act -> 12x code

    @staticmethod
    def lookup(table: dict[str, str], code: str) -> str | None:
        """Most specific key first: the 4-digit code, its 3-digit parent, then the root."""
        for key in (code, code[:3], code[:2]):
            if key in table:
                return table[key]
        return None

    def all(self) -> list[Pattern]:
        return [p for group in (self.verbs, self.nouns) for ps in group.values() for p in ps]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _parse_entry(entry: Any, path: str, line: int) -> list[Pattern]:
    if not isinstance(entry, dict):
        raise DataFileError(path, "each pattern must be a mapping", line)
    kinds = [k for k in ("verb", "noun") if k in entry]
    if len(kinds) != 1:
        raise DataFileError(path, "a pattern needs exactly one of 'verb' or 'noun'", line)
    kind = kinds[0]
    code = str(entry.get("code", ""))
    if not CODE_RE.match(code):
        raise DataFileError(path, f"bad CAMEO code {code!r}", line)
    known = {"verb", "noun", "code", "target", "source", "object", "modifiers", "requires", "forbids", "xcomp",
             "symmetric", "needs_target", "confidence", "note", "modified_by", "implicit_source", "source_sector",
             "reverse_code"}
    unknown = set(entry) - known
    if unknown:
        raise DataFileError(path, f"unknown pattern keys: {', '.join(sorted(unknown))}", line)
    slots = _as_tuple(entry.get("target", "dobj")) + _as_tuple(entry.get("source", "subj"))
    for slot in slots:
        if not SLOT_RE.match(slot):
            raise DataFileError(path, f"unknown slot {slot!r}", line)
    modifiers = entry.get("modifiers") or {}
    if not isinstance(modifiers, dict):
        raise DataFileError(path, "'modifiers' must map a modifier word to a CAMEO code", line)
    for mcode in modifiers.values():
        if not CODE_RE.match(str(mcode)):
            raise DataFileError(path, f"bad CAMEO code {mcode!r} in modifiers", line)
    reverse = entry.get("reverse_code") or {}
    if not isinstance(reverse, dict) or any(not CODE_RE.match(str(c)) for c in reverse.values()):
        raise DataFileError(path, "'reverse_code' must map a sector to a CAMEO code", line)
    if reverse and not entry.get("source_sector"):
        raise DataFileError(path, "'reverse_code' needs 'source_sector'", line)
    lemmas = tuple(lemma.lower() for lemma in _as_tuple(entry[kind]))
    return [
        Pattern(
            lemmas=lemmas,
            kind=kind,
            code=code,
            target=_as_tuple(entry.get("target", "dobj")),
            source=_as_tuple(entry.get("source", "subj")),
            object=tuple(o.lower() for o in _as_tuple(entry.get("object"))),
            modifiers=tuple((str(k).lower(), str(v)) for k, v in modifiers.items()),
            requires=tuple(r.lower() for r in _as_tuple(entry.get("requires"))),
            forbids=tuple(r.lower() for r in _as_tuple(entry.get("forbids"))),
            xcomp=tuple(x.lower() for x in _as_tuple(entry.get("xcomp"))),
            modified_by=tuple(m.lower() for m in _as_tuple(entry.get("modified_by"))),
            implicit_source=str(entry["implicit_source"]) if entry.get("implicit_source") else None,
            source_sector=tuple(str(x).upper() for x in _as_tuple(entry.get("source_sector"))),
            reverse_code=tuple((str(k).upper(), str(v)) for k, v in reverse.items()),
            symmetric=bool(entry.get("symmetric", False)),
            needs_target=bool(entry.get("needs_target", False)),
            confidence=float(entry.get("confidence", 0.7)),
            line=line,
            note=str(entry.get("note", "")),
        )
    ]


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of each mapping, so errors can name it."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:  # YAML keys need not be str
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 reads on/off/yes/no as booleans; in a pattern file they are words ("call on", "lay off").
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def parse_patterns(text: str, path: str) -> PatternSet:
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("patterns"), list):
        raise DataFileError(path, "expected a mapping with a 'patterns' list")
    result = PatternSet()
    for entry in doc.get("patterns") or []:
        line = entry.get("__line__", 0) if isinstance(entry, dict) else 0
        for pattern in _parse_entry(_strip_lines(entry), path, line):
            index = result.verbs if pattern.kind == "verb" else result.nouns
            for lemma in pattern.lemmas:
                index[lemma].append(pattern)
    words = _strip_lines(doc.get("modality") or {})
    for name in WORD_LISTS:
        setattr(result, name, frozenset(w.lower() for w in _as_tuple(words.get(name))))
    for lemma in _as_tuple(words.get("intent")):
        result.commissive[lemma.lower()] = "intent"
    for lemma in _as_tuple(words.get("threat")):
        result.commissive[lemma.lower()] = "threat"
    for key, target in (("intent_codes", result.intent_codes), ("threat_codes", result.threat_codes),
                        ("appeal_codes", result.appeal_codes), ("demand_codes", result.demand_codes),
                        ("reject_codes", result.reject_codes)):
        for root, code in (_strip_lines(doc.get(key)) or {}).items():
            root, code = str(root), str(code)
            if not CODE_RE.match(code):
                raise DataFileError(path, f"bad CAMEO code {code!r} in {key}")
            target[root] = code
    return _order(result)


def _specificity(pattern: Pattern) -> int:
    """Patterns with more conditions are tried first, so a general frame never hides a specific one."""
    if pattern.modified_by or pattern.source_sector:
        return 0
    if pattern.object or pattern.requires or pattern.xcomp:
        return 1
    return 2


def _order(result: PatternSet) -> PatternSet:
    for index in (result.verbs, result.nouns):
        for lemma, ps in index.items():
            index[lemma] = sorted(ps, key=_specificity)  # stable: file order within one level
    return result


def _append(base: PatternSet, extra: PatternSet) -> PatternSet:
    """Add ``extra``'s patterns after ``base``'s (word lists and code tables are united)."""
    for lemma, ps in extra.verbs.items():
        base.verbs[lemma] = base.verbs.get(lemma, []) + ps
    for lemma, ps in extra.nouns.items():
        base.nouns[lemma] = base.nouns.get(lemma, []) + ps
    return _merge_words(base, extra)


def _merge_words(base: PatternSet, extra: PatternSet) -> PatternSet:
    base.commissive.update(extra.commissive)
    for name in WORD_LISTS:
        setattr(base, name, getattr(base, name) | getattr(extra, name))
    for table in ("intent_codes", "threat_codes", "appeal_codes", "demand_codes", "reject_codes"):
        getattr(base, table).update(getattr(extra, table))
    return _order(base)


def _merge(base: PatternSet, extra: PatternSet) -> PatternSet:
    for lemma, ps in extra.verbs.items():
        base.verbs[lemma] = ps + base.verbs.get(lemma, [])
    for lemma, ps in extra.nouns.items():
        base.nouns[lemma] = ps + base.nouns.get(lemma, [])
    return _merge_words(base, extra)


@cache
def load_patterns(extra: str | os.PathLike[str] | None = None) -> PatternSet:
    """The bundled patterns, plus a user file named by ``extra`` (the ``patterns_file`` setting).

    User patterns are tried before the bundled ones for the same trigger lemma.
    """
    folder = resources.files("diurna") / "data" / "events"
    bundled = folder / "patterns.yaml"
    patterns = parse_patterns(bundled.read_text(encoding="utf-8"), str(bundled))
    # further bundled vocabularies (vocabulary-*.yaml), in name order, after the core file
    for extra_file in sorted((f for f in folder.iterdir() if f.name.startswith("vocabulary")), key=lambda f: f.name):
        patterns = _append(patterns, parse_patterns(extra_file.read_text(encoding="utf-8"), str(extra_file)))
    if extra:
        path = Path(extra)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(str(path), f"cannot read pattern file: {exc.strerror}") from None
        patterns = _merge(patterns, parse_patterns(text, str(path)))
    return patterns
