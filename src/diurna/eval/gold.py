"""Reading and writing gold sets: diurna's JSONL, PETRARCH validation XML and PLOVER gold-record JSON.

Every reader returns :class:`~diurna.eval.records.GoldRecord` objects. Malformed input is an
:class:`~diurna.errors.InputError` naming the file, the record (id and, where there is one, line) and the
problem. By default the first one is raised; pass a list as ``errors=`` and a record that cannot be read is
appended to it instead, and reading goes on with the next record. Problems with the file as a whole (it
cannot be read, is empty, is not JSON, has no records) are always raised.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias

from diurna.errors import InputError
from diurna.eval.records import GoldEvent, GoldRecord

GoldFormat = Literal["jsonl", "petrarch", "plover"]
FORMATS: tuple[str, ...] = ("jsonl", "petrarch", "plover")

_CAMEO = re.compile(r"^\d{2,4}$")
_EVENT_KEYS = ("source", "target", "cameo", "plover")
_RECORD_KEYS = ("id", "date", "text", "events")

Errors: TypeAlias = list[InputError] | None
"""Where record errors go: ``None`` raises the first one, a list collects them and reading goes on."""


# ---------------------------------------------------------------- entry points


def read_gold(path: str | Path, fmt: str | None = None, *, errors: Errors = None) -> list[GoldRecord]:
    """Read a gold file in any supported format (detected from the content unless ``fmt`` is given).

    With ``errors`` a list, each record that cannot be read is appended to it as one :class:`InputError`
    and the other records are returned; without, the first such record raises."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read gold file: {exc}") from exc
    return parse_gold(text, name, fmt, errors=errors)


def parse_gold(
    text: str, name: str = "<gold>", fmt: str | None = None, *, errors: Errors = None
) -> list[GoldRecord]:
    """Parse gold records from ``text`` (``name`` is the file named in errors); ``errors`` as for
    :func:`read_gold`."""
    fmt = fmt or detect_format(text, name)
    records: list[tuple[str, GoldRecord]]
    if fmt == "petrarch":
        records = _petrarch_records(text, name, errors)
    elif fmt == "jsonl":
        records = []
        for _, where, value in _json_objects(text, name, errors):
            try:
                record = _jsonl_record(_as_object(value, name, where), name, where)
                records.append((f"{where} (id {record.id!r})", record))
            except InputError as exc:
                _fail(errors, exc)
    elif fmt == "plover":
        records = []
        for n, where, value in _json_objects(text, name, errors):
            try:
                record = _plover_record(_as_object(value, name, where), name, where, n)
                records.append((f"{where} (id {record.id!r})", record))
            except InputError as exc:
                _fail(errors, exc)
    else:
        raise InputError(name, f"unknown gold format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return _merge(records, name, errors)


def detect_format(text: str, name: str = "<gold>") -> GoldFormat:
    """``petrarch`` for XML, ``jsonl`` when the first record has an ``events`` list, else ``plover``."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise InputError(name, "gold file is empty")
    if stripped.startswith("<"):
        return "petrarch"
    objects = _json_objects(text, name, [])  # bad records are reported when the file is parsed
    if not objects:
        raise InputError(name, "no gold records found")
    first = next((value for _, _, value in objects if isinstance(value, dict)), None)
    return "plover" if first is not None and not isinstance(first.get("events"), list) else "jsonl"


def gold_record_to_dict(record: GoldRecord) -> dict[str, Any]:
    """A record in diurna's gold JSONL form (extra fields kept after the standard ones)."""
    out: dict[str, Any] = {
        "id": record.id,
        "date": record.date.isoformat() if record.date else None,
        "text": record.text,
        "events": [
            {
                "source": e.source,
                "target": e.target,
                "cameo": e.cameo,
                "plover": e.plover,
                **{k: v for k, v in e.extra.items() if k not in _EVENT_KEYS},
            }
            for e in record.events
        ],
    }
    out.update({k: v for k, v in record.extra.items() if k not in _RECORD_KEYS})
    return out


def write_gold_jsonl(records: Iterable[GoldRecord], out: IO[str]) -> int:
    """Write records as diurna gold JSONL; returns the number written."""
    n = 0
    for record in records:
        out.write(json.dumps(gold_record_to_dict(record), ensure_ascii=False) + "\n")
        n += 1
    return n


# ---------------------------------------------------------------- helpers shared by the readers


def _fail(errors: Errors, exc: InputError) -> None:
    """A record cannot be read: raise, or note it and let the caller go on with the next record."""
    if errors is None:
        raise exc
    errors.append(exc)


DATE_FORMS = "YYYYMMDD, YYMMDD, YYYY-MM-DD, YYYY/MM/DD or an ISO date-time"
_YYYYMMDD = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YYMMDD = re.compile(r"(\d{2})(\d{2})(\d{2})")
_YYYY_MM_DD = re.compile(r"(\d{4})([-/])(\d{2})\2(\d{2})")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


def parse_gold_date(value: Any) -> dt.date | None:
    """A gold record's date: ``YYYYMMDD``, ``YYMMDD``, ``YYYY-MM-DD``, ``YYYY/MM/DD`` or an ISO date-time
    (``2015-06-09T14:30:00Z``, ``2015-06-09 14:30+02:00``; the date as written, the zone is not applied).

    Six digits are ``YYMMDD`` with the two-digit year 00-69 read as 2000-2069 and 70-99 as 1970-1999
    (``081226`` -> 2008-12-26, ``991231`` -> 1999-12-31). ``None``, an empty or blank value is an unknown date:
    ``None``. Anything else, or a date that does not exist (``991345``, ``2015-02-30``), raises ``ValueError``.
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    if m := _YYYYMMDD.fullmatch(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _YYMMDD.fullmatch(s):
        yy = int(m[1])
        year, month, day = (2000 + yy if yy < 70 else 1900 + yy), int(m[2]), int(m[3])
    elif m := _YYYY_MM_DD.fullmatch(s):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
    elif m := _ISO_DATETIME.fullmatch(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        try:
            dt.time(int(m[4]), int(m[5]), int(m[6] or 0))
        except ValueError as exc:
            raise ValueError(f"not a time of day ({exc})") from None
    else:
        raise ValueError("not a date")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"no such day ({exc})") from None


def _parse_date(value: Any, name: str, where: str) -> dt.date | None:
    try:
        return parse_gold_date(value)
    except ValueError as exc:
        raise InputError(name, f"invalid date {value!r}: {exc}; expected {DATE_FORMS}", where) from None


def _code(value: Any, name: str, where: str, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(name, f"`{field}` must be a string or null, not {type(value).__name__}", where)
    value = value.strip()
    return value or None


def _cameo(value: Any, name: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    s = str(value).strip()
    if not _CAMEO.match(s):
        raise InputError(name, f"invalid CAMEO code {value!r} (expected 2-4 digits)", where)
    return s


def _plover_type(value: Any, name: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(name, f"PLOVER type must be a string, not {type(value).__name__}", where)
    return value.strip().upper() or None


def _merge(records: list[tuple[str, GoldRecord]], name: str, errors: Errors) -> list[GoldRecord]:
    """Merge records that share an id (one record per event in some formats); keep first-seen order.

    ``records`` are ``(where, record)`` pairs; a later record whose text differs from the first one with its id
    is an error (that later record is left out)."""
    by_id: dict[str, GoldRecord] = {}
    for where, record in records:
        seen = by_id.get(record.id)
        if seen is None:
            by_id[record.id] = record
        elif " ".join(seen.text.split()) != " ".join(record.text.split()):
            _fail(errors, InputError(name, "two records share this id but have different texts", where))
        else:
            seen.events.extend(e for e in record.events if e not in seen.events)
    return list(by_id.values())


# ---------------------------------------------------------------- JSON (ours, arrays, JSONL, lenient)


def _strip_trailing_commas(text: str) -> str:
    """Remove commas directly before ``}``/``]`` outside strings (PLOVER GSR files have them)."""
    out: list[str] = []
    in_string = escape = False
    pending: list[str] = []  # a comma and the whitespace after it, held back until we see what follows
    for ch in text:
        if in_string:
            out.append(ch)
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if pending:
            if ch.isspace():
                pending.append(ch)
                continue
            if ch in "}]":
                out.extend(pending[1:])  # drop the comma, keep the whitespace
            else:
                out.extend(pending)
            pending = []
        if ch == ",":
            pending = [ch]
            continue
        out.append(ch)
        if ch == '"':
            in_string = True
    out.extend(pending[1:] if pending else [])  # a trailing comma at the very end goes too
    return "".join(out)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _json_objects(text: str, name: str, errors: Errors = None) -> list[tuple[int, str, Any]]:
    """Parse a JSON array, JSON Lines, or a stream of (possibly comma-separated) objects.

    Returns ``(n, where, value)`` triples: ``n`` counts the records from 0 (unreadable JSON Lines included),
    ``where`` names the line or record for error messages. A JSON Lines line that is not JSON is a record
    error (see :data:`Errors`); an array or a stream of objects that is not JSON fails the whole file.
    """
    stripped = text.strip().lstrip("\ufeff")
    if not stripped:
        return []
    if stripped.startswith("["):
        try:
            data = json.loads(_strip_trailing_commas(stripped))
        except json.JSONDecodeError as exc:
            raise InputError(name, f"invalid JSON: {exc.msg}", f"line {exc.lineno}") from None
        if not isinstance(data, list):
            raise InputError(name, "expected a JSON array of records")
        return [(i, f"record {i + 1}", value) for i, value in enumerate(data)]
    lines = text.splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if _one_object_per_line([line for _, line in numbered]):
        out: list[tuple[int, str, Any]] = []
        for i, (n, line) in enumerate(numbered):
            try:
                out.append((i, f"line {n}", json.loads(line)))
            except json.JSONDecodeError as exc:
                _fail(errors, InputError(name, f"invalid JSON: {exc.msg}", f"line {n}"))
        return out
    # a stream of multi-line objects, maybe separated by commas
    cleaned = _strip_trailing_commas(text)
    decoder = json.JSONDecoder()
    out = []
    pos = 0
    while True:
        while pos < len(cleaned) and (cleaned[pos].isspace() or cleaned[pos] in ",\ufeff"):
            pos += 1
        if pos >= len(cleaned):
            break
        try:
            value, end = decoder.raw_decode(cleaned, pos)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"invalid JSON: {exc.msg}", f"line {_line_of(cleaned, exc.pos)}") from None
        out.append((len(out), f"record {len(out) + 1} (line {_line_of(cleaned, pos)})", value))
        pos = end
    return out


def _one_object_per_line(lines: list[str]) -> bool:
    """JSON Lines rather than multi-line objects: the first line is JSON, or (when it is broken) most lines
    are JSON objects of their own."""
    if not lines:
        return False

    def is_object(line: str) -> bool:
        try:
            return isinstance(json.loads(line), dict)
        except json.JSONDecodeError:
            return False

    try:
        json.loads(lines[0])
        return True
    except json.JSONDecodeError:
        pass
    return len(lines) > 1 and sum(is_object(line) for line in lines) * 2 > len(lines)


def _as_object(obj: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise InputError(name, f"expected a JSON object, found {type(obj).__name__}", where)
    return obj


def _jsonl_record(obj: dict[str, Any], name: str, where: str) -> GoldRecord:
    rid = obj.get("id")
    if rid is None or str(rid).strip() == "":
        raise InputError(name, "record has no `id`", where)
    where = f"{where} (id {rid!r})"
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, "record has no `text`", where)
    events_raw = obj.get("events")
    if not isinstance(events_raw, list):
        raise InputError(name, "record has no `events` list (use [] for a text without events)", where)
    events = []
    for i, ev in enumerate(events_raw, start=1):
        ewhere = f"{where}, event {i}"
        if not isinstance(ev, dict):
            raise InputError(name, "event must be a JSON object", ewhere)
        event = GoldEvent(
            source=_code(ev.get("source"), name, ewhere, "source"),
            target=_code(ev.get("target"), name, ewhere, "target"),
            cameo=_cameo(ev.get("cameo"), name, ewhere),
            plover=_plover_type(ev.get("plover"), name, ewhere),
            extra={k: v for k, v in ev.items() if k not in _EVENT_KEYS},
        )
        if event.cameo is None and event.plover is None:
            raise InputError(name, "event has neither `cameo` nor `plover`", ewhere)
        events.append(event)
    return GoldRecord(
        id=str(rid),
        text=text,
        date=_parse_date(obj.get("date"), name, where),
        events=events,
        extra={k: v for k, v in obj.items() if k not in _RECORD_KEYS},
    )


# ---------------------------------------------------------------- PLOVER gold records


def _first(obj: dict[str, Any], *keys: str) -> tuple[bool, Any]:
    for key in keys:
        if key in obj:
            return True, obj[key]
    return False, None


def _plover_actor_codes(value: Any, name: str, where: str, field: str) -> list[str | None]:
    """Actor field(s) of a PLOVER record -> codes; a string, an object (``code``/``country`` + ``sector``/
    ``agent``) or a list of either. Empty means "not given"."""
    if value is None or value == "" or value == []:
        return [None]
    items = value if isinstance(value, list) else [value]
    codes: list[str | None] = []
    for item in items:
        if isinstance(item, str):
            codes.append(item.strip() or None)
        elif isinstance(item, dict):
            _, code = _first(item, "code", "actor_code", "country", "countryCode")
            if code is not None and not isinstance(code, str):
                raise InputError(name, f"`{field}` code must be a string", where)
            code = (code or "").strip()
            for key in ("sector", "agent", "agent_code"):
                extra = item.get(key)
                if isinstance(extra, str) and extra.strip() and not code.upper().endswith(extra.strip().upper()):
                    code += extra.strip()
            codes.append(code or None)
        else:
            raise InputError(name, f"`{field}` must be a code, an actor object or a list of them", where)
    return codes or [None]


def _plover_record(obj: dict[str, Any], name: str, where: str, n: int) -> GoldRecord:
    _, rid = _first(obj, "id", "event_id", "story_id", "record_id")
    rid = str(rid) if rid is not None and str(rid).strip() else f"{Path(name).stem}-{n + 1}"
    where = f"{where} (id {rid!r})"
    _, text = _first(obj, "text", "sentence", "story_text", "event_text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, "record has no text (`text`, `sentence` or `event_text`)", where)
    has_type, etype = _first(obj, "event_type", "event", "eventType", "plover", "type")
    if not has_type:
        raise InputError(name, "record has no event type (`event_type` or `event`)", where)
    plover = _plover_type(etype, name, where)
    _, cameo_raw = _first(obj, "cameo", "cameo_code", "eventcode")
    cameo = _cameo(cameo_raw, name, where)
    _, date_raw = _first(obj, "date", "publication_date", "story_date", "pub_date")
    _, src_raw = _first(obj, "source", "source_actor", "src_actor", "actor1")
    _, tgt_raw = _first(obj, "target", "target_actor", "tgt_actor", "actor2")
    events: list[GoldEvent] = []
    if plover is not None or cameo is not None:
        sources = _plover_actor_codes(src_raw, name, where, "source")
        targets = _plover_actor_codes(tgt_raw, name, where, "target")
        extra = {k: obj[k] for k in ("mode", "context") if obj.get(k) not in (None, "", [])}
        markup = json.dumps(obj.get("textInfo", ""))
        if targets == [None] and len(sources) > 1 and "SRC/TAR" in markup:
            pairs = [(s, t) for s in sources for t in sources if s != t]  # reciprocal compound actors
        else:
            pairs = [(s, t) for s in sources for t in targets]
        for s, t in dict.fromkeys(pairs):
            events.append(GoldEvent(source=s, target=t, cameo=cameo, plover=plover, extra=dict(extra)))
    keep = ("publication", "comment", "language", "version", "coder")
    return GoldRecord(
        id=rid,
        text=" ".join(text.split()),
        date=_parse_date(date_raw, name, where),
        events=events,
        extra={k: obj[k] for k in keep if obj.get(k) not in (None, "")},
    )


# ---------------------------------------------------------------- PETRARCH validation XML

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SENTENCE = re.compile(
    r"<Sentence\b([^>]*)>(.*?)(?=</Sentence\s*>|<Sentence\b|\Z)(</Sentence\s*>)?", re.DOTALL | re.IGNORECASE
)
_CODING = re.compile(r"<EventCod(?:ing|es)\b([^>]*?)/?>", re.IGNORECASE)
_TEXT = re.compile(r"<Text\s*>(.*?)</Text\s*>", re.DOTALL | re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>/=]+))""")
_STOP = re.compile(r"<Stop\b", re.IGNORECASE)
_SKIP = re.compile(r"<Skip\b", re.IGNORECASE)


def _attrs(raw: str) -> dict[str, str]:
    """Attributes of a tag, names lower-cased; values quoted with ``"`` or ``'``, or bare."""
    return {m[1].lower(): html.unescape(next(v for v in m.groups()[1:] if v is not None)) for m in _ATTR.finditer(raw)}


def _petrarch_actor(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if not value or set(value) <= {"-", "*"} else value


def parse_petrarch(text: str, name: str = "<gold>", *, errors: Errors = None) -> list[GoldRecord]:
    """PETRARCH/TABARI validation records: ``<Sentence date= id= ...>`` with ``<EventCoding sourcecode=
    targetcode= eventcode=>`` (or ``noevents="True"``) and ``<Text>``; ``<Parse>``, ``<EventText>`` and the
    ``<Environment>`` block are ignored, ``<Skip>`` records skipped, ``<Stop>`` ends the file. Records are not
    merged by id here (:func:`parse_gold` does that); ``errors`` as for :func:`read_gold`."""
    return [record for _, record in _petrarch_records(text, name, errors)]


def _petrarch_records(text: str, name: str, errors: Errors) -> list[tuple[str, GoldRecord]]:
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    records: list[tuple[str, GoldRecord]] = []
    bad = 0
    for n, m in enumerate(_SENTENCE.finditer(text), start=1):
        attrs = _attrs(m[1])
        rid = attrs.get("id") or f"{Path(name).stem}-{n}"
        where = f"sentence {n} (line {_line_of(text, m.start())}, id {rid!r})"
        if m[3] is not None and _STOP.search(m[2]):
            break
        try:
            record = _petrarch_record(m[2], m[3] is not None, attrs, rid, name, where)
        except InputError as exc:
            _fail(errors, exc)
            bad += 1
            continue
        if record is not None:
            records.append((where, record))
    if not records and not bad and not _STOP.search(text):
        raise InputError(name, "no <Sentence> records found")
    return records


def _petrarch_record(
    body: str, closed: bool, attrs: dict[str, str], rid: str, name: str, where: str
) -> GoldRecord | None:
    """One ``<Sentence>`` (``None`` for a ``<Skip>`` record)."""
    if not closed:
        raise InputError(name, "<Sentence> is not closed by </Sentence>", where)
    if _SKIP.search(body):
        return None
    tm = _TEXT.search(body)
    if tm is None or not tm[1].strip():
        raise InputError(name, "sentence has no <Text>", where)
    sentence_text = " ".join(html.unescape(tm[1]).split())
    events: list[GoldEvent] = []
    for c in _CODING.finditer(body[: tm.start()] + body[tm.end() :]):
        ca = _attrs(c[1])
        if "noevents" in ca:
            continue
        if "eventcode" not in ca:
            tag = " ".join(f"<EventCoding {c[1]}".split())
            raise InputError(name, f"{tag}> has no eventcode", where)
        event = GoldEvent(
            source=_petrarch_actor(ca.get("sourcecode")),
            target=_petrarch_actor(ca.get("targetcode")),
            cameo=_cameo(ca.get("eventcode"), name, where),
            plover=_plover_type(ca.get("plover"), name, where),
        )
        if event not in events:
            events.append(event)
    date = _parse_date(attrs.get("date"), name, where)
    extra = {k: v for k, v in attrs.items() if k not in ("id", "date")}
    return GoldRecord(id=rid, text=sentence_text, date=date, events=events, extra=extra)
