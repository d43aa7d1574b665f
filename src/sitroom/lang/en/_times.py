"""Time expressions: find them in a text and normalise them against an anchor date.

Spans are found with our own regular expressions over month names, weekday names, units
and relative phrases (no dateparser search: it is slow and noisy). Each span is then
resolved against the anchor (the publication date):

* a month and day without a year takes the year that puts it nearest the anchor, with
  dates after the anchor counted as farther away (news reports the past) unless the
  sentence speaks of the future ("will", "to commence", "next");
* a weekday given with the date fixes the year: the year whose calendar agrees, nearest
  the anchor;
* "the following day", "that evening", "over a month earlier" count from the last
  day-precision date mentioned before them, else from the anchor;
* durations ("40 days") are TimeML DURATIONs (value ``P40D``), never dates.

:mod:`sitroom.clean._published` guesses a publication date for a text without metadata from them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Iterator

from sitroom.core import TimeExpression
from sitroom.lang.en._vocabulary import (
    MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS, alternation,
)

DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midnight": "NI",
             "noon": "MI", "overnight": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
VAGUE_NUMBERS = ("several", "a few", "few", "many", "some", "a couple of", "a number of")
UNIT_CODES = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE",
    "fortnight": "W2", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE",
}
FUTURE_PENALTY = 3.0  # a date after the anchor counts as this many times farther away
MIN_YEAR, MAX_YEAR = 1900, 2099

# -- regular expression pieces ----------------------------------------------------------
_MONTH = rf"(?P<month>(?:{alternation(MONTH_NAMES)})\b|(?:{alternation(MONTH_ABBREVIATIONS)})\b\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)\b"
_DAY0 = r"(?P<day0>[0-3]?\d)(?:st|nd|rd|th)?\b"  # the first day of a range ("13-14 May", "May 13 to 14")
_JOIN = r"(?P<join>-|–|to|and|or|&)"
_WEEKDAY = rf"(?P<weekday>{alternation(WEEKDAY_NAMES)})\b"
_PART = r"(?P<part>morning|afternoon|evening|night|overnight)"
_PART_OF = rf"(?:(?:early\s+|late\s+)?(?:the\s+)?{_PART}\s+of\s+)?"
_MOD = (r"(?P<mod>(?:(?:early|mid|late)(?:-|\s+|\s*-?\s*to\s*-?\s*(?:early|mid|late)(?:-|\s+)))"
        r"|the\s+(?:beginning|start|middle|end|first\s+half|second\s+half)\s+of\s+)?")
_NUM_WORD = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three"
             r"|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten"
             r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
             r"|a\s+couple\s+of|a\s+few|a\s+number\s+of|several|few|many|some|a|an|half\s+an?")
_NUM = rf"(?P<num>\d+(?:\.\d+)?(?:\s+1/2)?|(?:{_NUM_WORD}))"
_UNIT = r"(?P<unit>second|minute|hour|day|weekend|week|fortnight|month|quarter|year|decade|century|centurie)s?\b"
_APPROX = (r"(?:(?:more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|some"
           r"|over|under|at\s+least|at\s+most|up\s+to|just|barely|only)\s+)?")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    rule: str
    match: re.Match


@dataclass
class _Context:
    """What resolution needs: the text, the anchor and the last day-precision date seen."""
    text: str
    anchor: date | None
    reference: date | None = None

    @property
    def base(self) -> date | None:
        return self.reference or self.anchor


# -- small calendar helpers ---------------------------------------------------------------
def valid_date(year: int, month: int, day: int) -> date | None:
    """The date, or None where there is no such day (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _cost(delta_days: float, future: bool) -> float:
    """How unlikely a candidate is at ``delta_days`` after the anchor (negative: before)."""
    if future:
        return delta_days if delta_days >= 0 else -delta_days * FUTURE_PENALTY
    return -delta_days if delta_days <= 0 else delta_days * FUTURE_PENALTY


def nearest_year(month: int, day: int, anchor: date, future: bool = False) -> int:
    """The year for a month/day without one: nearest the anchor, the past preferred (news also names
    coming dates: "the offer expires Nov. 22"). Incident dating moves a date after the publication into the
    year before (:func:`sitroom.extract._dating.in_the_past`)."""
    candidates = [(y, valid_date(y, month, day)) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    scored = [(_cost((d - anchor).days, future), y) for y, d in candidates if d]
    return min(scored)[1] if scored else anchor.year


def weekday_years(month: int, day: int, weekday: int, low: int, high: int) -> list[int]:
    """Years in ``low..high`` whose calendar puts ``weekday`` on that month/day."""
    return [y for y in range(low, high + 1) if (d := valid_date(y, month, day)) and d.weekday() == weekday]


def year_for_weekday(month: int, day: int, weekday: int, anchor: date) -> int | None:
    years = weekday_years(month, day, weekday, anchor.year - 12, anchor.year + 12)
    if not years:
        return None
    return min(years, key=lambda y: abs((date(y, month, day) - anchor).days))


def nearest_month_year(month: int, anchor: date, future: bool = False) -> int:
    candidates = [anchor.year - 1, anchor.year, anchor.year + 1]
    offset = lambda y: (y * 12 + month) - (anchor.year * 12 + anchor.month)  # noqa: E731
    return min(candidates, key=lambda y: _cost(offset(y), future))


def weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The weekday nearest the anchor: 'past' on/before, 'future' after, 'this' same week."""
    if direction == "future":
        ahead = (weekday - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=ahead)
    if direction == "this":
        return _week_start(anchor) + timedelta(days=weekday)
    if direction == "last":
        back = (anchor.weekday() - weekday) % 7 or 7
        return anchor - timedelta(days=back)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


# -- tense ------------------------------------------------------------------------------------
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|going\s+to|scheduled|planned|plans?\s+to|expected\s+to|is\s+to|are\s+to"
    r"|set\s+to|due\s+to|to\s+(?:commence|begin|start|take\s+place|be\s+held|open|resume|meet)"
    r"|next|upcoming|ahead\s+of|starting)\b|'ll\b", re.I)


def speaks_of_future(text: str, start: int) -> bool:
    """Whether the clause before ``start`` (same sentence, 80 characters) speaks of the future."""
    window = text[max(0, start - 80):start]
    window = re.split(r"[.!?\n]\s", window)[-1]
    return bool(_FUTURE_CUE.search(window))


# -- numbers ------------------------------------------------------------------------------------
def parse_number(words: str) -> float | None:
    """'twenty-four' -> 24, '40' -> 40, 'a' -> 1; vague words ('several') -> None."""
    words = words.lower().replace("-", " ").strip()
    if any(words == v for v in VAGUE_NUMBERS):
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    if m := re.fullmatch(r"(\d+)\s+1/2", words):
        return int(m.group(1)) + 0.5
    if words.startswith("half"):
        return 0.5
    total = 0.0
    for word in words.split():
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total


def duration_value(number: float | None, unit: str) -> str:
    """TimeML duration: (3, 'year') -> 'P3Y', (None, 'day') -> 'PXD', (5, 'hour') -> 'PT5H'."""
    unit = "century" if unit.startswith("centur") else unit
    code = UNIT_CODES[unit]
    if number is not None and code in ("DE", "CE"):
        number, code = number * (10 if code == "DE" else 100), "Y"
    if code == "W2":
        number, code = (number or 1) * 2, "W"
    if number is not None and number != int(number):
        return _fractional_duration(number, code, unit)
    amount = "X" if number is None else str(int(number))
    prefix = "PT" if unit in ("second", "minute", "hour") else "P"
    return f"{prefix}{amount}{code}"


def _fractional_duration(number: float, code: str, unit: str) -> str:
    smaller = {"Y": (12, "M", "P"), "D": (24, "H", "PT"), "H": (60, "M", "PT"), "M": (30, "D", "P"),
               "W": (7, "D", "P")}
    if unit == "minute" or code not in smaller:
        return f"P{number:g}{code}"
    factor, sub, prefix = smaller[code]
    whole, part = int(number), round((number - int(number)) * factor)
    if whole == 0:
        return f"{prefix}{part}{sub}"
    if code == "D":
        return f"P{whole}DT{part}H"
    return f"{prefix}{whole}{code}{part}{sub}"


# -- building expressions ---------------------------------------------------------------------
def _day_expr(span: _Span, ctx: _Context, day: date | None, part: str | None = None,
              timex: str | None = None) -> TimeExpression:
    value = day.isoformat() if day else None
    suffix = DAY_PARTS.get(part.lower()) if part else None
    timex_value = timex or value
    if suffix and timex_value:
        timex_value = f"{timex_value}T{suffix}"
    if day and not _is_landmark(span, ctx, day):
        ctx.reference = day
    return _expr(span, ctx, value, "day" if day else None, timex_type="TIME" if suffix else "DATE",
                 timex_value=timex_value)


_LANDMARK_CUE = re.compile(r"\b(?:since|as\s+of|until|till|before|after|prior\s+to)\s+(?:the\s+)?$", re.I)


def _is_landmark(span: _Span, ctx: _Context, day: date) -> bool:
    """A date named as a landmark ('since November 10', 'as of November 9') or inside a
    quotation does not move the narrative's reference point."""
    if _LANDMARK_CUE.search(ctx.text[max(0, span.start - 12):span.start]):
        return True
    return inside_quotation(ctx.text, span.start)


def inside_quotation(text: str, position: int) -> bool:
    """Whether ``position`` lies inside a quotation opened earlier in its paragraph."""
    paragraph = text[text.rfind("\n", 0, position) + 1:position]
    if paragraph.rfind("“") > paragraph.rfind("”"):
        return True
    return paragraph.count('"') % 2 == 1


def _expr(span: _Span, ctx: _Context, value: str | None, precision: str | None, **extra) -> TimeExpression:
    extra.setdefault("timex_value", value)
    return TimeExpression(span.start, span.end, ctx.text[span.start:span.end], value, precision, **extra)


def _month_expr(span: _Span, ctx: _Context, year: int | None, month: int, mod: str | None) -> TimeExpression:
    if year is None:
        return _expr(span, ctx, None, "month", timex_value=f"XXXX-{month:02d}")
    value = f"{year}-{month:02d}"
    first, last = _month_range_days(mod)
    value_end = None
    if mod and (first, last) != (1, 31):
        value_end = f"{value}-{min(last, _month_length(year, month)):02d}"
    return _expr(span, ctx, value, "month", value_end=value_end)


def _month_length(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def _month_range_days(mod: str | None) -> tuple[int, int]:
    """The days of the month a modifier covers: 'mid' 11-20, 'mid to late' 11-31."""
    if not mod:
        return 1, 31
    mod = mod.lower()
    parts = re.findall(r"early|mid|late|beginning|start|middle|end|first half|second half", mod)
    bounds = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
              "middle": (11, 20), "late": (21, 31), "end": (21, 31), "first half": (1, 15),
              "second half": (16, 31)}
    ranges = [bounds[p] for p in parts] or [(1, 31)]
    return ranges[0][0], ranges[-1][1]


# -- rules: each finds spans; each resolver turns a span into a TimeExpression -------------------
Resolver = Callable[[_Span, _Context], TimeExpression | None]


def _g(span: _Span, name: str) -> str | None:
    try:
        return span.match.group(name)
    except IndexError:
        return None


def resolve_month_day(span: _Span, ctx: _Context) -> TimeExpression | None:
    month_word = _g(span, "month")
    if not _is_month_word(month_word, ctx.text, span.match.start("month"), followed_by_number=True):
        return None
    month, day = MONTHS[month_word.lower().rstrip(".")], int(_g(span, "day"))
    if not 1 <= day <= 31:
        return None
    year = _explicit_year(span) or _contextual_year(span, ctx, month, day)
    if year is None:
        return _expr(span, ctx, None, "day", timex_value=f"XXXX-{month:02d}-{day:02d}")
    resolved = valid_date(year, month, day)
    if resolved is None:
        return None
    return _day_expr(span, ctx, resolved, _g(span, "part"))


def resolve_day_range(span: _Span, ctx: _Context) -> TimeExpression | None:
    """ "13-14 May", "May 13 to 14", "between 30 and 31 October 2019": a range of days, dated by its first day
    (``value_end`` its last); alternatives ("on either September 26 or 25") by the later one, as ACLED codes them."""
    first, last = int(_g(span, "day0")), int(_g(span, "day"))
    alternatives = _g(span, "join").lower() == "or"
    if not alternatives and not first < last:
        return None
    expression = resolve_month_day(span, ctx)  # the last day, with its month and year
    if expression is None or expression.value is None:
        return expression
    end = date.fromisoformat(expression.value)
    start = valid_date(end.year, end.month, min(first, last))
    if start is None:
        return None
    chosen = end.replace(day=max(first, last)) if alternatives else start
    if ctx.reference == end:
        ctx.reference = chosen
    timex = (expression.timex_value or "").replace(expression.value, chosen.isoformat()) or None
    return replace(expression, value=chosen.isoformat(), timex_value=timex,
                   value_end=None if alternatives else expression.value)


def _explicit_year(span: _Span) -> int | None:
    year = _g(span, "year")
    return int(year) if year else None


def _contextual_year(span: _Span, ctx: _Context, month: int, day: int) -> int | None:
    weekday = _g(span, "weekday")
    if ctx.anchor is None:
        return None
    if weekday:
        year = year_for_weekday(month, day, WEEKDAYS[weekday.lower()], ctx.anchor)
        if year:
            return year
    return nearest_year(month, day, ctx.anchor, speaks_of_future(ctx.text, span.start))


_LOWER_CASE_WORDS = {"may", "march", "august"}  # month names that are also ordinary words


def _is_month_word(word: str | None, text: str, start: int, followed_by_number: bool = False) -> bool:
    """Month names are capitalised; 'May' and 'March' alone need a date context."""
    if not word or not (word[0].isupper() or (followed_by_number and word.lower() not in _LOWER_CASE_WORDS)):
        return False  # "14 oct" is a date; "may 5", "march 3", "august 2" in lower case are not
    if word.lower() in ("may", "march") and not followed_by_number:
        before = text[max(0, start - 12):start].lower().split()
        return bool(before) and before[-1] in _YEAR_CONTEXT | {"last", "next", "this", "early", "mid", "late",
                                                               "mid-", "of"}
    return True


def resolve_month(span: _Span, ctx: _Context) -> TimeExpression | None:
    word = _g(span, "month")
    year = _explicit_year(span)
    if not _is_month_word(word, ctx.text, span.match.start("month"), followed_by_number=bool(year)):
        return None
    month = MONTHS[word.lower().rstrip(".")]
    if year is None and ctx.anchor:
        rel = (_g(span, "rel") or "").lower()
        year = _relative_month_year(month, rel, ctx.anchor, speaks_of_future(ctx.text, span.start))
    return _month_expr(span, ctx, year, month, _g(span, "mod"))


def _relative_month_year(month: int, rel: str, anchor: date, future: bool) -> int:
    if rel == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if rel == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel == "this":
        return anchor.year
    return nearest_month_year(month, anchor, future or rel == "next")


def resolve_numeric_date(span: _Span, ctx: _Context) -> TimeExpression | None:
    a, b, c = (int(x) for x in span.match.group("a", "b", "c"))
    if span.rule == "iso":
        day = valid_date(a, b, c)
    else:
        year = c + (2000 if c < 50 else 1900) if c < 100 else c
        day = valid_date(year, a, b) or valid_date(year, b, a)
    return _day_expr(span, ctx, day) if day else None


def resolve_year(span: _Span, ctx: _Context) -> TimeExpression | None:
    year = int(_g(span, "year"))
    if not MIN_YEAR <= year <= MAX_YEAR or not _year_context(span, ctx.text):
        return None
    end_year = _g(span, "year2")
    value_end = None
    if end_year:
        end = int(end_year) if len(end_year) == 4 else year // 100 * 100 + int(end_year)
        value_end = str(end) if end > year else None
    return _expr(span, ctx, str(year), "year", value_end=value_end)


_YEAR_CONTEXT = {"in", "since", "of", "by", "until", "till", "from", "to", "during", "before", "after",
                 "through", "between", "and", "or", "early", "late", "mid", "fiscal", "year", "end",
                 "for", "around", "circa", "throughout", "spring", "summer", "fall", "autumn", "winter",
                 "mid-", "post-", "pre-", "as", "at", "within", "'s"}


def _year_context(span: _Span, text: str) -> bool:
    """A bare four-digit number is a year only next to a date word ('in 1990', 'fiscal 1989')."""
    if _g(span, "mod") or _g(span, "year2"):
        return True
    before = text[max(0, span.start - 20):span.start]
    if re.search(r"[$£€#\d][\s,.]*$", before):
        return False
    after = text[span.end:span.end + 12]
    if re.match(r"\s*(?:%|percent|\w+s\b)", after) and not re.match(r"\s*(?:levels?|figures?|levels)\b", after):
        if not re.match(r"\s*(?:'s|s\b)", after):
            return False
    words = before.lower().split()
    prev = words[-1] if words else ""
    prev = re.sub(r"[^\w'-]", "", prev)
    return prev in _YEAR_CONTEXT or prev.endswith("-") or bool(re.match(r"\s*(?:'s\b|[.,;:)]|$)", after)
                                                                        ) and prev not in ("the", "a")


def resolve_decade(span: _Span, ctx: _Context) -> TimeExpression | None:
    decade = int(span.match.group("decade"))
    return _expr(span, ctx, str(decade), "year", value_end=str(decade + 9),
                 timex_value=f"{decade // 10}X")


def resolve_weekday(span: _Span, ctx: _Context) -> TimeExpression | None:
    if ctx.anchor is None:
        return _expr(span, ctx, None, "day", timex_value="XXXX-WXX-" + str(WEEKDAYS[_g(span, "weekday").lower()] + 1))
    rel = (_g(span, "rel") or "").lower()
    weekday = WEEKDAYS[_g(span, "weekday").lower()]
    if rel in ("next", "coming") or (not rel and speaks_of_future(ctx.text, span.start)):
        direction = "future"
    else:
        direction = {"last": "last", "this": "this"}.get(rel, "past")
    return _day_expr(span, ctx, weekday_near(ctx.anchor, weekday, direction), _g(span, "part"))


_DEICTIC_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def resolve_deictic_day(span: _Span, ctx: _Context) -> TimeExpression | None:
    word = span.match.group("deictic").lower()
    part = _g(span, "part") or ("night" if word == "tonight" else None)
    if word == "last night":
        offset, part = -1, "night"
    elif word in ("this morning", "this afternoon", "this evening"):
        offset, part = 0, word.split()[1]
    else:
        offset = _DEICTIC_DAYS[word]
    offset += {"the day before ": -1, "the day after ": 1}.get((_g(span, "shift") or "").lower(), 0)
    day = ctx.anchor + timedelta(days=offset) if ctx.anchor else None
    if day is None:
        return _expr(span, ctx, None, "day", timex_value="PRESENT_REF" if offset == 0 else None)
    return _day_expr(span, ctx, day, part)


_ANAPHORIC_OFFSETS = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "same": 0, "that": 0,
                      "before": -1, "after": 1}


def resolve_anaphoric_day(span: _Span, ctx: _Context) -> TimeExpression | None:
    words = span.match.group(0).lower().split()
    offset = next((_ANAPHORIC_OFFSETS[w] for w in words if w in _ANAPHORIC_OFFSETS), 0)
    part = next((w for w in words if w in DAY_PARTS), None)
    base = ctx.base
    if base is None:
        return _expr(span, ctx, None, "day", timex_value=None)
    reference = ctx.reference
    expression = _day_expr(span, ctx, base + timedelta(days=offset), part)
    ctx.reference = reference  # an anaphoric date does not move the reference point
    return expression


def resolve_relative_unit(span: _Span, ctx: _Context) -> TimeExpression | None:
    """'last week', 'this month', 'next year', 'earlier this year', 'the past year'."""
    rel = span.match.group("rel").lower().split()[-1]
    unit = span.match.group("runit").lower()
    offset = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if ctx.anchor is None:
        return _expr(span, ctx, None, _unit_precision(unit), timex_value=None)
    return _calendar_unit(span, ctx, ctx.anchor, unit, offset)


def _unit_precision(unit: str) -> str:
    return {"week": "week", "weekend": "week", "month": "month", "quarter": "month"}.get(unit, "year")


def _calendar_unit(span: _Span, ctx: _Context, base: date, unit: str, offset: int) -> TimeExpression | None:
    if unit in ("week", "weekend"):
        day = base + timedelta(weeks=offset)
        week = _iso_week(day)
        timex = week + "-WE" if unit == "weekend" else week
        return _expr(span, ctx, week, "week", timex_value=timex)
    if unit == "month":
        year, month = _shift_months(base, offset)
        return _expr(span, ctx, f"{year}-{month:02d}", "month")
    if unit == "quarter":
        year, month = _shift_months(base, 3 * offset)
        return _quarter_expr(span, ctx, year, (month - 1) // 3 + 1)
    if unit in SEASONS:
        return _season_expr(span, ctx, base.year + offset, SEASONS[unit])
    if unit == "decade":
        decade = (base.year // 10 + offset) * 10
        return _expr(span, ctx, str(decade), "year", value_end=str(decade + 9), timex_value=f"{decade // 10}X")
    if unit == "century":
        return _expr(span, ctx, None, "year", timex_value=f"{base.year // 100 + offset:02d}")
    return _expr(span, ctx, str(base.year + offset), "year")


def _quarter_expr(span: _Span, ctx: _Context, year: int, quarter: int) -> TimeExpression:
    first = 3 * (quarter - 1) + 1
    return _expr(span, ctx, f"{year}-{first:02d}", "month", value_end=f"{year}-{first + 2:02d}",
                 timex_value=f"{year}-Q{quarter}")


def _season_expr(span: _Span, ctx: _Context, year: int, code: str) -> TimeExpression:
    first, last = SEASON_MONTHS[code]
    end_year = year + 1 if last < first else year
    return _expr(span, ctx, f"{year}-{first:02d}", "month", value_end=f"{end_year}-{last:02d}",
                 timex_value=f"{year}-{code}")


def resolve_quarter(span: _Span, ctx: _Context) -> TimeExpression | None:
    ordinal = (_g(span, "ordinal") or "").lower()
    words = span.match.group(0).lower()
    if ctx.anchor is None:
        return _expr(span, ctx, None, "month", timex_value=None)
    current = (ctx.anchor.month - 1) // 3 + 1
    year = ctx.anchor.year - (1 if re.search(r"year[\s-](?:ago|earlier)|last\s+year", words) else 0)
    if ordinal in ORDINALS:
        quarter = ORDINALS[ordinal]
        if quarter > current and "next" not in words:
            year -= 1
    else:
        quarter = current - 1 if not re.search(r"current|this", words) else current
        if quarter == 0:
            quarter, year = 4, year - 1
    if explicit := _g(span, "year"):
        year = int(explicit)
    return _quarter_expr(span, ctx, year, quarter)


def resolve_season(span: _Span, ctx: _Context) -> TimeExpression | None:
    code = SEASONS[span.match.group("season").lower()]
    if explicit := _explicit_year(span):
        return _season_expr(span, ctx, explicit, code)
    if ctx.anchor is None:
        return _expr(span, ctx, None, "month", timex_value=None)
    rel = (_g(span, "rel") or "").lower()
    year = ctx.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    return _season_expr(span, ctx, year, code)


def resolve_ago(span: _Span, ctx: _Context) -> TimeExpression | None:
    """'two weeks ago' (from the anchor), 'over a month earlier' (from the last date mentioned)."""
    number = parse_number(span.match.group("num"))
    unit = span.match.group("unit").lower()
    direction = span.match.group("dir").lower()
    base = ctx.anchor if direction == "ago" else ctx.base
    if base is None or number is None or unit in ("second", "minute", "hour"):
        return _expr(span, ctx, None, None, timex_value=None)
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    return _shifted(span, ctx, base, unit, sign * number)


def _shifted(span: _Span, ctx: _Context, base: date, unit: str, amount: float) -> TimeExpression:
    unit = "century" if unit.startswith("centur") else unit
    if unit == "day":
        day = base + timedelta(days=round(amount))
        return _expr(span, ctx, day.isoformat(), "day")
    if unit in ("week", "weekend", "fortnight"):
        day = base + timedelta(weeks=amount * (2 if unit == "fortnight" else 1))
        return _expr(span, ctx, _iso_week(day), "week")
    if unit in ("month", "quarter"):
        year, month = _shift_months(base, round(amount * (3 if unit == "quarter" else 1)))
        return _expr(span, ctx, f"{year}-{month:02d}", "month")
    years = round(amount * {"decade": 10, "century": 100}.get(unit, 1))
    return _expr(span, ctx, str(base.year + years), "year")


def resolve_duration(span: _Span, ctx: _Context) -> TimeExpression | None:
    num = span.match.group("num")
    number = parse_number(num) if num else None
    unit = span.match.group("unit").lower()
    if num and number is None and num.lower() not in VAGUE_NUMBERS and not num.lower().startswith("a "):
        return None
    return _expr(span, ctx, None, None, timex_type="DURATION", timex_value=duration_value(number, unit))


_SET_UNITS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q"}


def resolve_set(span: _Span, ctx: _Context) -> TimeExpression | None:
    word = span.match.group(0).lower()
    if _capitalised_mid_sentence(span, ctx.text):
        return None  # a name: "The Armenian Weekly"
    if word in _SET_UNITS:
        value = _SET_UNITS[word]
    else:
        number = parse_number(_g(span, "num") or "one") or 1
        value = duration_value(number, span.match.group("unit").lower())
    return _expr(span, ctx, None, None, timex_type="SET", timex_value=value)


def _capitalised_mid_sentence(span: _Span, text: str) -> bool:
    before = text[:span.start].rstrip()
    return text[span.start].isupper() and bool(before) and before[-1] not in ".!?:\"“'‘\n"


_REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
         "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
         "these days": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
         "previously": "PAST_REF", "formerly": "PAST_REF", "the past": "PAST_REF",
         "once": "PAST_REF", "lately": "PAST_REF",
         "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
         "in the coming days": "FUTURE_REF", "shortly": "FUTURE_REF"}


def resolve_ref(span: _Span, ctx: _Context) -> TimeExpression | None:
    word = re.sub(r"\s+", " ", span.match.group(0).lower())
    return _expr(span, ctx, None, None, timex_value=_REFS[word])


_HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
             "new year's eve": (12, 31), "new year's day": (1, 1), "new year": (1, 1),
             "independence day": (7, 4), "valentine's day": (2, 14), "halloween": (10, 31)}


def resolve_holiday(span: _Span, ctx: _Context) -> TimeExpression | None:
    name = re.sub(r"\s+", " ", span.match.group("holiday").lower().replace("’", "'"))
    month, day = _HOLIDAYS[name]
    year = _explicit_year(span) or (nearest_year(month, day, ctx.anchor) if ctx.anchor else None)
    return _day_expr(span, ctx, valid_date(year, month, day)) if year else None


def resolve_the_unit(span: _Span, ctx: _Context) -> TimeExpression | None:
    """'the year', 'the month', 'the week': the current calendar unit."""
    unit = span.match.group("tunit").lower()
    if ctx.anchor is None:
        return None
    return _calendar_unit(span, ctx, ctx.anchor, unit, 0)


def resolve_vague(span: _Span, ctx: _Context) -> TimeExpression | None:
    unit = (span.match.group("unit") or span.match.group("unit2")).lower().rstrip("s")
    return _expr(span, ctx, None, None, timex_type="DURATION", timex_value=duration_value(None, unit))


def _rule(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


_WD_PREFIX = rf"(?:{_WEEKDAY},?\s+(?:the\s+)?)?"
RULES: list[tuple[str, re.Pattern, Resolver]] = [
    ("iso", _rule(r"\b(?P<a>(?:1[89]|20)\d\d)-(?P<b>[01]\d)-(?P<c>[0-3]\d)\b"), resolve_numeric_date),
    ("slash", _rule(r"\b(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<c>(?:19|20)\d\d|\d\d)\b"), resolve_numeric_date),
    ("month_day", _rule(rf"\b{_PART_OF}{_WD_PREFIX}(?:(?P<rel>last|this|next)\s+)?{_MONTH}\s*{_DAY}(?:,?\s+{_YEAR})?(?!\s*(?:%|percent|[.,]\d))"),
     resolve_month_day),
    ("day_month", _rule(rf"\b{_PART_OF}{_WD_PREFIX}(?:the\s+)?{_DAY}(?:\s+of\s+|\s*-\s*|\s+){_MONTH}(?:(?:,?\s+|\s*-\s*){_YEAR})?"),
     resolve_month_day),
    ("weekday_month_day", _rule(rf"\b{_WEEKDAY}(?:\s+{_PART})?\s*[\[(]\s*{_MONTH}\s*{_DAY}(?:,?\s+{_YEAR})?\s*[\])]"),
     resolve_month_day),  # "on Monday evening (Sept. 11)": the weekday fixes the year
    ("weekday_day_month", _rule(rf"\b{_WEEKDAY}(?:\s+{_PART})?\s*[\[(]\s*{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\s*[\])]"),
     resolve_month_day),  # "on Sunday [20 August]"
    ("day_range", _rule(rf"\b{_PART_OF}{_WD_PREFIX}(?:the\s+)?{_DAY0}\s*{_JOIN}\s*(?:the\s+)?{_DAY}(?:\s+of\s+|\s*-\s*|\s+)"
                        rf"{_MONTH}(?:(?:,?\s+|\s*-\s*){_YEAR})?"), resolve_day_range),
    ("month_day_range", _rule(rf"\b{_PART_OF}{_WD_PREFIX}{_MONTH}\s*{_DAY0}\s*{_JOIN}\s*{_DAY}(?:,?\s+{_YEAR})?"
                              r"(?!\s*(?:%|percent|[.,]\d))"), resolve_day_range),
    ("month", _rule(rf"\b{_MOD}(?:(?P<rel>last|next|this|early|late)\s+)?{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?"),
     resolve_month),
    ("decade", _rule(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<decade>(?:1[6-9]|20)\d0)'?s\b"), resolve_decade),
    ("year", _rule(rf"(?<![\d,.$])\b{_MOD}(?:fiscal\s+)?{_YEAR}(?:\s*[–-]\s*(?P<year2>(?:1[6-9]|20)\d\d|\d\d)\b)?"
                   r"(?![.,]\d)"), resolve_year),
    ("holiday", _rule(r"\b(?P<holiday>christmas\s+eve|christmas\s+day|christmas|new\s+year['’]s\s+(?:eve|day)"
                      rf"|independence\s+day|valentine['’]s\s+day|halloween)(?:,?\s+{_YEAR})?"), resolve_holiday),
    ("weekday", _rule(rf"\b(?:(?P<rel>last|next|this|coming|early|late)\s+)?(?:on\s+)?{_WEEKDAY}(?:\s+{_PART})?"),
     resolve_weekday),
    ("deictic", _rule(rf"\b(?:(?:late|early)\s+)?(?P<shift>the\s+day\s+before\s+|the\s+day\s+after\s+)?"
                      r"(?P<deictic>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))"
                      rf"(?:\s+{_PART})?\b"), resolve_deictic_day),
    ("anaphoric", _rule(r"\b(?:(?:the|that)\s+(?:very\s+)?(?:following|next|previous|preceding|same)\s+"
                        r"(?:day|morning|afternoon|evening|night)|that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)"
                        r"|the\s+day\s+(?:before|after)(?!\s+(?:yesterday|tomorrow))|the\s+next\s+morning"
                        r"|(?:on\s+)?the\s+same\s+day|overnight)\b"), resolve_anaphoric_day),
    ("ago", _rule(rf"\b{_APPROX}{_NUM}[\s-]+{_UNIT}\s+(?P<dir>ago|earlier|later|before|after|hence|from\s+now)\b"),
     resolve_ago),
    ("quarter", _rule(r"\b(?:(?:this|last|next)\s+year['’]s\s+)?(?:the\s+)?(?:(?:latest|last|current|next|same|fiscal|year[\s-]"
                      r"(?:earlier|ago)|calendar|(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th))[\s-]+)+"
                      rf"quarter\b(?:\s+of\s+{_YEAR})?|\bthe\s+quarter\b"),
     resolve_quarter),
    ("season", _rule(r"\b(?:(?P<rel>last|this|next|early|late)\s+)?(?P<season>spring|summer|fall|autumn|winter)\b"
                     rf"(?:\s+(?:of\s+)?{_YEAR})?"), resolve_season),
    ("relative_unit", _rule(r"\b(?P<rel>(?:earlier|later)\s+this|last|this|next|past|coming|previous|the\s+past"
                            r"|the\s+current|the\s+coming|the\s+previous|the\s+next|the\s+last|this\s+past)\s+"
                            r"(?P<runit>weekend|week|month|year|decade|century)\b"), resolve_relative_unit),
    ("duration", _rule(rf"\b(?:(?:the|for|over|during|within|in)\s+)?(?:(?:the\s+)?(?:past|last|next|first|coming|previous|"
                       rf"final|latest|recent)\s+)?{_APPROX}{_NUM}[\s-]+(?:full\s+|more\s+|calendar\s+)?{_UNIT}"),
     resolve_duration),
    ("vague_duration", _rule(r"\b(?:(?:for|over|in)\s+(?:the\s+)?(?:past\s+|last\s+|recent\s+|coming\s+)?)"
                             r"(?P<unit>days|weeks|months|years|decades)\b|\brecent\s+(?P<unit2>days|weeks|months|years)\b"),
     resolve_vague),
    ("set", _rule(rf"\b(?:daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|(?:every|each|per)\s+"
                  rf"(?:{_NUM}\s+)?{_UNIT})\b"), resolve_set),
    ("ref", _rule(r"\b(?:now|currently|at\s+present|presently|nowadays|these\s+days|recently|previously|formerly"
                  r"|the\s+past|the\s+future|soon|lately)\b(?!-)"), resolve_ref),
    ("the_unit", _rule(r"\bthe\s+(?P<tunit>year|month|week)\b(?!\s+(?:of|before|after|earlier|ago))"), resolve_the_unit),
]


# -- finding ------------------------------------------------------------------------------------
def candidate_spans(text: str) -> Iterator[_Span]:
    for name, pattern, _ in RULES:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield _Span(match.start(), match.end(), name, match)


_RESOLVERS = {name: resolver for name, _, resolver in RULES}
_RULE_ORDER = {name: i for i, (name, _, _) in enumerate(RULES)}


def _strip_leading(span: _Span, text: str) -> _Span:
    """TimeML spans leave out a leading 'on', 'for', 'over', 'in', 'during', 'within'."""
    m = re.match(r"(?:on|for|over|in|during|within)\s+", text[span.start:span.end], re.I)
    if m and span.rule in ("weekday", "duration", "vague_duration", "anaphoric"):
        return replace(span, start=span.start + m.end())
    return span


def find_time_expressions(text: str, anchor: date | None) -> list[TimeExpression]:
    """Every time expression in ``text``, in order, normalised against ``anchor``."""
    ctx = _Context(text, anchor)
    found: list[TimeExpression] = []
    for span in _select(text):
        expression = _RESOLVERS[span.rule](span, ctx)
        if expression is not None:
            found.append(expression)
    return found


def _select(text: str) -> list[_Span]:
    """Longest candidates first; a resolver that rejects its span lets shorter ones through."""
    spans = sorted(candidate_spans(text), key=lambda s: (-(s.end - s.start), _RULE_ORDER[s.rule], s.start))
    chosen: list[_Span] = []
    taken = bytearray(len(text) + 1)
    probe = _Context(text, date(2000, 1, 1))
    for span in spans:
        span = _strip_leading(span, text)
        if any(taken[span.start:span.end]):
            continue
        if _RESOLVERS[span.rule](span, _Context(text, probe.anchor)) is None and span.rule not in (
                "anaphoric", "ago", "relative_unit", "the_unit"):
            continue
        chosen.append(span)
        taken[span.start:span.end] = b"\x01" * (span.end - span.start)
    return sorted(chosen, key=lambda s: s.start)




def resolve_all(text: str, anchor: date | None) -> list[tuple[str, TimeExpression]]:
    """Like :func:`find_time_expressions`, with the name of the rule that found each one."""
    ctx = _Context(text, anchor)
    found = []
    for span in _select(text):
        expression = _RESOLVERS[span.rule](span, ctx)
        if expression is not None:
            found.append((span.rule, expression))
    return found


DATE_WITH_WEEKDAY_RULES = ("month_day", "day_month", "weekday_month_day", "weekday_day_month")


def weekday_date_pairs(text: str) -> list[tuple[int, int, int]]:
    """(month, day, weekday) for every 'Tuesday, December 22' written without a year."""
    pairs = []
    for span in _select(text):
        if span.rule in DATE_WITH_WEEKDAY_RULES and _g(span, "weekday") and not _g(span, "year"):
            month_word = _g(span, "month").lower().rstrip(".")
            pairs.append((MONTHS[month_word], int(_g(span, "day")), WEEKDAYS[_g(span, "weekday").lower()]))
    return pairs


def names_a_month(text: str) -> bool:
    """Does ``text`` name a month ("December", "Dec.")?"""
    return re.search(_MONTH, text, re.I) is not None
