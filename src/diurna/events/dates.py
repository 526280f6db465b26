"""Resolve the date of a reported event against the article's publication date.

:func:`resolve_date` finds the temporal expression that governs an event trigger in a parsed sentence and turns
it into a calendar date with a precision. The function is pure: it reads only the sentence, the trigger and the
publication date, and never the clock (relative expressions need the publication date; without it they stay
unresolved with a warning).

Conventions (documented here because the event coder and users rely on them):

* No date expression in the sentence -> ``date=None, precision="unknown", text=None``; the coder decides whether
  to fall back to the publication date (with its own precision flag).
* Which expression: the DATE/TIME entity (or bare weekday/``yesterday``-style word) closest to the trigger in the
  dependency tree, counting clause boundaries (ccomp, advcl, relcl, conj, ...) crossed first. Expressions in
  the trigger's own clause therefore win over the date of a reporting verb ("officials said on Monday").
* Tense is read from the verb that the chosen expression modifies (its nearest verbal ancestor): modals
  (will/shall/'ll/would/may/...), "is to", "going/expected/due/set/plans/... to" and present forms used with a
  date ("is visiting on Tuesday", "travels on Tuesday") are *future*; past forms, perfects and passives with
  a past auxiliary are *past*; anything else is *unknown* and resolves like the past (news mostly reports what
  has happened).
* Weekdays: past -> the most recent such day on or before publication; future -> the next such day on or after
  publication. The same weekday as the publication date is the publication day itself in both cases (wire copy
  says "on Tuesday" for same-day events). "last Tuesday" is strictly before, "next Tuesday" strictly after.
* Month-day without a year ("March 3"): past -> the most recent one not after publication + 1 day (time-zone
  tolerance); future -> the next one not before publication - 1 day. "in May" likewise at month precision.
* Precision ``week`` dates are the Monday of that ISO week; ``month`` dates the 1st; ``year`` dates 1 January.
* Durations ("for ten years", "over the past decade", "in recent weeks") and numbers or money ("$50 billion",
  "2.3 million") are not event dates and are ignored. A bare year counts only after a preposition such as
  "in"/"since"/"by" (not "the 2019 election").
* Expressions anchored on another time in the text ("two days later", "the next day") and anything else that
  cannot be read give ``date=None`` with a warning; nothing here raises on odd input.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from diurna.articles.model import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

Tense = Literal["past", "future", "unknown"]

__all__ = ["DateResolution", "Tense", "long_before", "resolve_date", "resolve_expression", "tense_of"]


@dataclass(frozen=True)
class DateResolution:
    """The resolved date of an event.

    ``text`` is the temporal expression used (as written), ``relative`` whether the date was computed from the
    publication date (including the year of "March 3"), ``warning`` why a found expression gave no date or
    what is doubtful about it.
    """

    date: dt.date | None
    precision: DatePrecision
    text: str | None
    relative: bool
    warning: str | None = None


# --------------------------------------------------------------------------------------------------------------
# vocabulary

MONTH_NUMBERS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_VAGUE = {"few": 3, "a few": 3, "several": 3, "couple": 2, "a couple": 2, "a couple of": 2, "couple of": 2}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?P<year>19\d\d|20\d\d|2100)(?!\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"

_RE_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_RE_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b")
_RE_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?(?:\s*,?\s*{_YEAR})?")
_RE_DMY = re.compile(rf"\b{_DAY}(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?")
_RE_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s*,?\s*(?:of\s+)?{_YEAR}")
_RE_MONTH = re.compile(rf"(?:\b(?P<mod>last|next|this|coming|past)\s+)?(?:\b|mid-){_MONTH}(?![a-z])")
_RE_YEAR = re.compile(rf"\b{_YEAR}")
_RE_DECADE = re.compile(r"\b(?:19|20)\d0s\b|\b(?:decades?|century|centuries|millenni(?:um|a))\b")
_RE_AGO = re.compile(
    r"\b(?:(?P<n>\d+|a couple of|a couple|couple of|a few|few|several|a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+)?(?P<unit>day|week|month|year)s?\s+ago\b"
)
_RE_WEEKDAY = re.compile(rf"(?:\b(?P<mod>last|next|this coming|coming|this|past)\s+)?\b{_WD}\b")
_RE_ORDINAL_DAY = re.compile(r"^(?:on\s+)?(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?:\s+of\s+(?:the|this)\s+month)?$")
_RE_REL_UNIT = re.compile(r"\b(?P<mod>last|this|next|previous|coming)\s+(?P<unit>week|month|year)\b")
_RE_WEEKEND = re.compile(r"(?:\b(?P<mod>last|this|next|coming|past)\s+)?\bweekend\b")
_RE_THE_UNIT = re.compile(r"\b(?:end|start|beginning|middle|rest)\s+of\s+the\s+(?P<unit>week|month|year)\b")
_RE_ANCHORED = re.compile(
    r"\b(?:later|earlier|before|after|following|previous|prior|same)\b|\bthe\s+next\s+(?:day|morning|night|week)\b"
    r"|\bthat\s+(?:day|night|morning|week|month|year)\b"
)
_RE_MONEY = re.compile(r"[$€£¥]|\b(?:million|billion|trillion|percent|per\s*cent|usd|eur)\b|%")
_RE_DECIMAL = re.compile(r"\d[.,]\d")
_RE_DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|a|an|few|several|many|couple\s+of|some|\d+-)\s*(?:more\s+|full\s+|long\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?)\b"
    r"|\b(?:past|previous|recent|coming|next|last|first|final|following)\s+(?:few\s+|several\s+|\w+\s+)?(?:days|weeks|months|years)\b"
    r"|\b(?:past|previous)\s+(?:day|week|month|year)\b|\ball\s+(?:day|week|month|year)\b"
)
_RE_DATE_WORDS = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|weekend|day|days|week|weeks|month|months|year|years|night|morning|"
    r"afternoon|evening)\b"
)
_YEAR_PREPS = {"in", "since", "by", "during", "until", "till", "before", "after", "from", "through", "throughout"}

# tense vocabulary
_FUTURE_MODALS = {"will", "shall", "'ll", "wo", "would", "'d", "may", "might", "should", "must", "can", "ca"}
_ANTICIPATION = {
    "expect", "due", "set", "plan", "schedule", "go", "intend", "aim", "hope", "prepare", "slate", "poise",
    "likely", "unlikely", "agree", "decide", "promise", "pledge", "vow", "threaten", "want", "seek", "propose",
    "be", "about", "ready", "vote", "announce", "offer", "invite", "urge", "call", "ask", "plot",
}  # fmt: skip
_SCHEDULING = {"schedule", "reschedule", "set", "slate", "plan", "fix", "postpone", "delay", "move", "book", "push"}
_CLAUSAL = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "acl", "conj", "pcomp"}
_VERBAL = {"VERB", "AUX"}


# --------------------------------------------------------------------------------------------------------------
# public API


def resolve_date(
    sent: Span | Doc, pub_date: dt.date | None, *, trigger: Token | None = None
) -> DateResolution:
    """Resolve the date of the event reported in ``sent`` (triggered by ``trigger``) against ``pub_date``."""
    found = _chosen(sent, trigger)
    if found is None:
        return DateResolution(None, "unknown", None, False, None)
    chosen, prev = found
    tense = tense_of(chosen.root)
    head = chosen.root.head
    if head.lower_ in ("for", "until", "till", "to") and head.head.lemma_.lower() in _SCHEDULING:
        tense = "future"  # "scheduled for Tuesday", "postponed until Friday"
    return resolve_expression(chosen.text, pub_date, tense=tense, preceding=prev)


def _chosen(sent: Span | Doc, trigger: Token | None) -> tuple[Span, str | None] | None:
    """The date expression that governs ``trigger`` (see :func:`_closest`) and the word before it; None if none."""
    candidates = _candidates(sent)
    if not candidates:
        return None
    chosen = _closest(candidates, trigger)
    return chosen, (chosen.doc[chosen.start - 1].lower_ if chosen.start > 0 else None)


# an act a sentence dates this long before the article (at the latest day its expression allows) is background
BACKGROUND_DAYS = 180


def long_before(sent: Span | Doc, pub_date: dt.date | None, trigger: Token) -> bool:
    """True when the trigger's own clause dates its act half a year or more before publication ("Turkey sent
    troops into Syria in 2016" in a 2018 article; "in January 2017, he described ..."): background, not news. Only
    an expression in the trigger's own clause counts ("a bargain struck in March 2016" dates the bargain, not the
    accusation), and never "since 1991" (from then until now)."""
    if pub_date is None:
        return False
    found = _chosen(sent, trigger)
    if found is None or _cost(found[0], trigger)[0] != 0:
        return False
    chosen, prev = found
    if prev in ("since", "until", "till", "by"):
        return False
    dated = resolve_expression(chosen.text, pub_date, tense="past", preceding=prev)
    if dated.date is None:
        return False
    latest = dated.date
    if dated.precision == "year":
        latest = dt.date(dated.date.year, 12, 31)
    elif dated.precision == "month":
        latest = _add_months(dated.date, 1) - dt.timedelta(days=1)
    elif dated.precision != "day":
        return False
    return (pub_date - latest).days >= BACKGROUND_DAYS


def resolve_expression(
    text: str, pub_date: dt.date | None, *, tense: Tense = "unknown", preceding: str | None = None
) -> DateResolution:
    """Resolve one temporal expression (e.g. "last week", "on March 3") given the tense of its verb.

    ``preceding`` is the word before the expression, used to accept a bare year ("in 2019"). Never raises.
    """
    norm = _normalize(text)
    if not is_event_date_expression(text, preceding):
        return DateResolution(None, "unknown", text, False, f"'{text}' is not a point in time (a number or duration)")
    try:
        return _resolve(text, norm, pub_date, "future" if tense == "future" else "past", preceding)
    except (ValueError, OverflowError) as exc:  # e.g. "February 30"
        return _unresolved(text, f"could not read date '{text}': {exc}", relative=False)


def is_event_date_expression(text: str, preceding: str | None = None) -> bool:
    """True when ``text`` looks like a point in time, not money, a number or a duration ("for ten years")."""
    norm = _normalize(text)
    if not norm or _RE_MONEY.search(norm) or (_RE_DECIMAL.search(norm) and not _RE_NUMERIC.search(norm)):
        return False
    if _RE_DECADE.search(norm) and not _RE_MONTH.search(norm):
        return False
    # "two days ago" is a point; "ten years" / "the past three months" are spans
    if (
        _RE_DURATION.search(norm)
        and not re.search(r"\b(?:ago|later|earlier|before|after)\b", norm)
        and not (_RE_MDY.search(norm) or _RE_DMY.search(norm) or _RE_ISO.search(norm))
    ):
        return False
    if (
        _RE_MONTH.search(norm)
        or re.search(rf"\b{_WD}\b", norm)
        or _RE_ISO.search(norm)
        or _RE_NUMERIC.search(norm)
        or _RE_DATE_WORDS.search(norm)
        or _RE_ORDINAL_DAY.match(norm)
    ):
        return True
    if _RE_YEAR.search(norm):
        return not _bare_year(text, norm, preceding)
    return False


def _bare_year(text: str, norm: str, preceding: str | None) -> bool:
    """A year on its own with no preposition before it ("the 2019 election"): not taken as an event date."""
    if re.fullmatch(rf"(?:the\s+)?{_YEAR}", norm) is None:
        return False
    first = text.strip().lower().split()[0]
    return (preceding or "").lower() not in _YEAR_PREPS and first not in _YEAR_PREPS


def tense_of(token: Token) -> Tense:
    """The tense that orients a date attached to ``token``: read on its nearest verb (itself or an ancestor)."""
    verb = token
    if verb.pos_ not in _VERBAL:
        verb = next((a for a in token.ancestors if a.pos_ in _VERBAL), None)  # type: ignore[assignment]
        if verb is None:
            return "unknown"
    return _verb_tense(verb, 0)


# --------------------------------------------------------------------------------------------------------------
# choosing the expression


_CACHE_KEY = "diurna.date_candidates"
MAX_PARSED_CHARS = 120  # longest expression given to dateparser
NEAREST_CANDIDATES = 8  # on each side of the trigger: how many expressions are weighed when a sentence has many


def _candidates(sent: Span | Doc) -> list[Span]:
    """The date expressions of ``sent``, found once per parse (kept in ``doc.user_data``): the coder asks for
    every event of the sentence, and a scan per event made long sentences quadratic."""
    doc = cast("Doc", getattr(sent, "doc", sent))
    key = (0, len(doc)) if sent is doc else (cast("Span", sent).start, cast("Span", sent).end)
    cache = doc.user_data.setdefault(_CACHE_KEY, {})
    bounds = cache.get(key)
    if bounds is None:
        bounds = cache[key] = [(span.start, span.end) for span in _find_candidates(sent)]
    return [doc[a:b] for a, b in bounds]


def _find_candidates(sent: Span | Doc) -> list[Span]:
    out: list[Span] = []
    covered: set[int] = set()
    for ent in sent.ents:
        if ent.label_ == "DATE" or (
            ent.label_ == "TIME"
            and re.search(r"\b(?:yesterday|today|tonight|tomorrow|last night|this (?:morning|afternoon|evening))\b|"
                          rf"\b{_WD}\b", ent.text.lower())
        ):
            prev = ent.doc[ent.start - 1].lower_ if ent.start > 0 else None
            if is_event_date_expression(ent.text, prev):
                out.append(ent)
            covered.update(range(ent.start, ent.end))
    # words the entity recognizer sometimes misses
    doc = getattr(sent, "doc", sent)
    for tok in sent:
        if tok.i in covered:
            continue
        low = tok.lower_
        if (
            low in ("yesterday", "today", "tonight", "tomorrow")
            or (low in _WEEKDAYS and tok.pos_ == "PROPN")
            or _RE_ISO.fullmatch(low)
            or _RE_NUMERIC.fullmatch(low)
        ):
            out.append(doc[tok.i : tok.i + 1])
        elif low == "night" and tok.i > 0 and doc[tok.i - 1].lower_ == "last" and tok.i - 1 not in covered:
            out.append(doc[tok.i - 1 : tok.i + 1])
    return out


def _closest(candidates: list[Span], trigger: Token | None) -> Span:
    """The candidate of least :func:`_cost`. When the sentence has more than twice :data:`NEAREST_CANDIDATES`,
    only the nearest ones on each side of the trigger are weighed, so that time stays linear in the sentence."""
    if trigger is not None and len(candidates) > 2 * NEAREST_CANDIDATES:
        order = sorted(range(len(candidates)), key=lambda k: candidates[k].start)
        starts = [candidates[k].start for k in order]
        at = bisect.bisect_left(starts, trigger.i)
        keep = sorted(order[max(0, at - NEAREST_CANDIDATES):at + NEAREST_CANDIDATES])  # in the original order
        candidates = [candidates[k] for k in keep]
    chain = _chain(trigger) if trigger is not None else None
    return min(candidates, key=lambda span: _cost(span, trigger, chain))


def _chain(token: Token) -> tuple[list[Token], dict[int, int]]:
    """``token`` and its ancestors, and the place of each in that list by token index."""
    up = [token, *token.ancestors]
    return up, {t.i: k for k, t in enumerate(up)}


def _cost(span: Span, trigger: Token | None,
          chain: tuple[list[Token], dict[int, int]] | None = None) -> tuple[int, int, int]:
    """(clause boundaries crossed, tree distance, word distance) from the trigger to the expression (``chain``:
    the trigger's :func:`_chain`, computed once for all the expressions)."""
    target = span.root
    if trigger is None:
        # no trigger: the expression closest to its sentence's main clause
        crossed = sum(1 for t in [target, *target.ancestors] if t.dep_ in _CLAUSAL)
        return crossed, sum(1 for _ in target.ancestors), target.i
    up_t, pos_t = chain if chain is not None else _chain(trigger)
    up_d = [target, *target.ancestors]
    meet = next(((kd, pos_t[node.i]) for kd, node in enumerate(up_d) if node.i in pos_t), None)
    if meet is None:  # different sentences (a Doc of several)
        return 99, 99, abs(target.i - trigger.i)
    kd, kt = meet
    edges = up_t[:kt] + up_d[:kd]  # the child end of every edge on the path
    crossed = sum(1 for child in edges if child.dep_ in _CLAUSAL)
    return crossed, kt + kd, abs(target.i - trigger.i)


def _verb_tense(verb: Token, depth: int) -> Tense:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lows = {a.lower_ for a in auxes}
    modals = [a for a in auxes if a.tag_ == "MD" or a.lower_ in _FUTURE_MODALS]
    if modals:
        if any(a.lemma_ == "have" for a in auxes):  # "would have met"
            return "past"
        if all(m.lower_ == "could" for m in modals):
            return "unknown"
        return "future"
    if "to" in lows and depth < 4 and verb.head.i != verb.i:
        gov = verb.head
        if gov.lemma_.lower() in _ANTICIPATION or gov.lower_ in ("going", "gonna", "due", "set", "about"):
            return "future"
        return _verb_tense(gov, depth + 1) if gov.pos_ in _VERBAL else "unknown"
    if any(a.lemma_ == "have" for a in auxes):  # perfects: "has visited", "has been visiting"
        return "past"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes):  # present passive: "the vote is held on Sunday"
            return "future"
        return "past"  # reduced relative / headline passive: "five killed on Tuesday"
    if verb.tag_ in ("VBZ", "VBP", "VBG"):  # "is visiting on Tuesday", "travels to Paris on Tuesday"
        if verb.tag_ == "VBG" and not auxes:
            return "unknown"
        return "future"
    return "unknown"


# --------------------------------------------------------------------------------------------------------------
# reading the expression


def _normalize(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip(" ,.;:()")
    return re.sub(r"^(?:on|in|at|during|since|by|from|until|till|of)\s+", "", t)


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _add_months(d: dt.date, months: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + months
    return dt.date(idx // 12, idx % 12 + 1, 1)


def _year_for(month: int, day: int | None, pub: dt.date, direction: str) -> int:
    """Year of a month(-day) without a year, the nearest occurrence in ``direction`` with one day's tolerance."""
    if day is None:
        if direction == "past":
            return pub.year if month <= pub.month else pub.year - 1
        return pub.year if month >= pub.month else pub.year + 1
    for year in ((pub.year, pub.year - 1, pub.year - 2) if direction == "past" else (pub.year, pub.year + 1)):
        try:
            cand = dt.date(year, month, day)
        except ValueError:  # 29 February
            continue
        if direction == "past" and cand <= pub + dt.timedelta(days=1):
            return year
        if direction == "future" and cand >= pub - dt.timedelta(days=1):
            return year
    raise ValueError(f"no {calendar.month_name[month]} {day} near {pub.isoformat()}")


def _check_weekday(res: DateResolution, norm: str) -> DateResolution:
    m = re.search(rf"\b{_WD}\b", norm)
    if m and res.date is not None and res.precision == "day" and res.date.weekday() != _WEEKDAYS[m.group("wd")]:
        return DateResolution(
            res.date, res.precision, res.text, res.relative,
            f"'{res.text}': {res.date.isoformat()} is a {calendar.day_name[res.date.weekday()]}",
        )  # fmt: skip
    return res


def _unresolved(text: str, why: str, relative: bool = True) -> DateResolution:
    return DateResolution(None, "unknown", text, relative, why)


def _two_digit_year(y: str) -> int:
    n = int(y)
    return n if len(y) == 4 else (2000 + n if n < 70 else 1900 + n)


def _resolve(text: str, norm: str, pub: dt.date | None, direction: str, preceding: str | None) -> DateResolution:
    no_pub = f"relative date '{text}' cannot be resolved without a publication date"

    # absolute numeric dates
    if m := _RE_ISO.search(norm):
        return DateResolution(dt.date(int(m["year"]), int(m["m"]), int(m["d"])), "day", text, False)
    if m := _RE_NUMERIC.search(norm):
        a, b, year = int(m["a"]), int(m["b"]), _two_digit_year(m["y"])
        warning = None
        if a > 12:
            day, month = a, b
        elif b > 12:
            month, day = a, b
        elif m["sep"] == ".":
            day, month = a, b
        else:
            month, day = a, b
            if a != b:
                warning = f"'{text}': day/month order is ambiguous; read as month/day"
        return DateResolution(dt.date(year, month, day), "day", text, False, warning)

    # dates with a month name
    for rx in (_RE_MDY, _RE_DMY):
        if (m := rx.search(norm)) and 1 <= int(m["day"]) <= 31:
            month, day = MONTH_NUMBERS[m["month"].rstrip(".")], int(m["day"])
            if m["year"]:
                return _check_weekday(DateResolution(dt.date(int(m["year"]), month, day), "day", text, False), norm)
            if pub is None:
                return _unresolved(text, f"the year of '{text}' cannot be chosen without a publication date")
            year = _year_for(month, day, pub, direction)
            return _check_weekday(DateResolution(dt.date(year, month, day), "day", text, True), norm)
    if m := _RE_MONTH_YEAR.search(norm):
        return DateResolution(dt.date(int(m["year"]), MONTH_NUMBERS[m["month"].rstrip(".")], 1), "month", text, False)
    if (m := _RE_MONTH.search(norm)) and not _RE_YEAR.search(norm):
        month = MONTH_NUMBERS[m["month"].rstrip(".")]
        if pub is None:
            return _unresolved(text, f"the year of '{text}' cannot be chosen without a publication date")
        mod = m["mod"]
        if mod in ("last", "past"):
            year = pub.year if month < pub.month else pub.year - 1
        elif mod in ("next", "coming"):
            year = pub.year if month > pub.month else pub.year + 1
        else:
            year = _year_for(month, None, pub, "future" if mod == "this" and month >= pub.month else direction)
        return DateResolution(dt.date(year, month, 1), "month", text, True)

    # a year
    if (m := _RE_YEAR.search(norm)) and not _bare_year(text, norm, preceding):
        return DateResolution(dt.date(int(m["year"]), 1, 1), "year", text, False)

    # relative to the publication date
    if m := _RE_AGO.search(norm):
        if pub is None:
            return _unresolved(text, no_pub)
        return _ago(text, m, pub)
    day_offset = _day_word_offset(norm)
    if day_offset is not None:
        if pub is None:
            return _unresolved(text, no_pub)
        return DateResolution(pub + dt.timedelta(days=day_offset), "day", text, True)
    if m := _RE_WEEKDAY.search(norm):
        if pub is None:
            return _unresolved(text, no_pub)
        return DateResolution(_weekday(m, norm, pub, direction), "day", text, True)
    if m := _RE_WEEKEND.search(norm):
        if pub is None:
            return _unresolved(text, no_pub)
        return DateResolution(_weekend(m["mod"], pub, direction), "week", text, True)
    if m := _RE_REL_UNIT.search(norm):
        if pub is None:
            return _unresolved(text, no_pub)
        step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[m["mod"]]
        return _unit(text, m["unit"], step, pub)
    if m := _RE_THE_UNIT.search(norm):
        if pub is None:
            return _unresolved(text, no_pub)
        return _unit(text, m["unit"], 0, pub)
    if m := _RE_ORDINAL_DAY.match(norm):
        if pub is None:
            return _unresolved(text, no_pub)
        return DateResolution(_day_of_month(int(m["day"]), pub, direction), "day", text, True)
    if _RE_ANCHORED.search(norm):
        return _unresolved(text, f"'{text}' is relative to another time in the text, not to the publication date")
    return _fallback(text, norm, pub, direction)


def _ago(text: str, m: re.Match[str], pub: dt.date) -> DateResolution:
    raw, unit = m["n"], m["unit"]
    vague = raw is None or raw in _VAGUE
    if raw is None:
        n = 3
    elif raw.isdigit():
        n = int(raw)
    else:
        n = _VAGUE.get(raw) or _NUMBERS[raw]
    coarser = {"day": "week", "week": "month", "month": "year", "year": "year"}
    precision: DatePrecision = coarser[unit] if vague else unit  # type: ignore[assignment]
    if unit == "year" and raw is None:
        return _unresolved(text, f"'{text}' is too vague to date")
    if unit == "day":
        target = pub - dt.timedelta(days=n)
    elif unit == "week":
        target = pub - dt.timedelta(weeks=n)
    elif unit == "month":
        target = _add_months(pub, -n)
    else:
        target = dt.date(pub.year - n, 1, 1)
    return DateResolution(_truncate(target, precision), precision, text, True)


def _truncate(d: dt.date, precision: DatePrecision) -> dt.date:
    if precision == "week":
        return _monday(d)
    if precision == "month":
        return d.replace(day=1)
    if precision == "year":
        return dt.date(d.year, 1, 1)
    return d


def _day_word_offset(norm: str) -> int | None:
    if re.search(r"\bday before yesterday\b", norm):
        return -2
    if re.search(r"\bday after tomorrow\b", norm):
        return 2
    if re.search(r"\byesterday\b|\blast night\b", norm):
        return -1
    if re.search(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", norm):
        return 0
    if re.search(r"\btomorrow\b", norm):
        return 1
    return None


def _weekday(m: re.Match[str], norm: str, pub: dt.date, direction: str) -> dt.date:
    wd, mod = _WEEKDAYS[m["wd"]], m["mod"]
    week = _RE_REL_UNIT.search(norm)
    if week and week["unit"] == "week":  # "Tuesday last week"
        step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[week["mod"]]
        return _monday(pub) + dt.timedelta(weeks=step, days=wd)
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if mod in ("last", "past"):
        return pub - dt.timedelta(days=back or 7)
    if mod in ("next", "coming", "this coming"):
        return pub + dt.timedelta(days=ahead or 7)
    return pub + dt.timedelta(days=ahead) if direction == "future" else pub - dt.timedelta(days=back)


def _weekend(mod: str | None, pub: dt.date, direction: str) -> dt.date:
    saturday = _monday(pub) + dt.timedelta(days=5)
    if mod in ("last", "past"):
        saturday -= dt.timedelta(weeks=1)
    elif mod in ("next", "coming"):
        saturday += dt.timedelta(weeks=1)
    elif direction == "past" and saturday > pub:
        saturday -= dt.timedelta(weeks=1)
    return _monday(saturday)


def _unit(text: str, unit: str, step: int, pub: dt.date) -> DateResolution:
    if unit == "week":
        return DateResolution(_monday(pub) + dt.timedelta(weeks=step), "week", text, True)
    if unit == "month":
        return DateResolution(_add_months(pub.replace(day=1), step), "month", text, True)
    return DateResolution(dt.date(pub.year + step, 1, 1), "year", text, True)


def _day_of_month(day: int, pub: dt.date, direction: str) -> dt.date:
    first = pub.replace(day=1)
    steps = range(0, -13, -1) if direction == "past" else range(0, 13)
    for step in steps:
        month = _add_months(first, step)
        if day > calendar.monthrange(month.year, month.month)[1]:
            continue
        cand = month.replace(day=day)
        if (direction == "past" and cand <= pub + dt.timedelta(days=1)) or (
            direction == "future" and cand >= pub - dt.timedelta(days=1)
        ):
            return cand
    raise ValueError(f"no day {day} in the months around {pub.isoformat()}")


def _fallback(text: str, norm: str, pub: dt.date | None, direction: str) -> DateResolution:
    """Other forms with a month name or numeric date, read by dateparser; everything else is reported."""
    if not (_RE_MONTH.search(norm) or _RE_NUMERIC.search(norm)):
        return _unresolved(text, f"could not resolve date expression '{text}'", relative=False)
    if len(norm) > MAX_PARSED_CHARS:  # dateparser's time grows fast with the text; no date is this long
        return _unresolved(text, f"date expression too long to read ({len(text):,} characters)", relative=False)
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if direction == "future" else "past"}
    if pub is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(pub, dt.time(12))
    else:
        settings["STRICT_PARSING"] = True
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(norm)
    except Exception as exc:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        log.debug("dateparser failed on %r: %s", text, exc)
        data = None
    if data is None or data.date_obj is None:
        return _unresolved(text, f"could not resolve date expression '{text}'", relative=False)
    period = data.period if data.period in ("day", "week", "month", "year") else "day"
    has_year = _RE_YEAR.search(norm) is not None
    if pub is None and not has_year:
        return _unresolved(text, f"the year of '{text}' cannot be chosen without a publication date")
    found = data.date_obj.date()
    return DateResolution(_truncate(found, period), period, text, not has_year)
