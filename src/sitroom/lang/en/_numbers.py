"""Amounts in text: digits, number words, vague amounts as ranges, and their qualifiers.

``find_amounts(text)`` returns every amount with its offsets; ``parse_amount(text)`` the first one.
Vague words become ranges ("several" 3..9, "dozens" 24..99) with qualifier ``approx`` and no value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from text_to_num import text2num

UNITS = "one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

# vague amount -> (low, high); longest phrases first so "several dozen" wins over "several"
VAGUE = {
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "several million": (3_000_000, 9_999_999), "a few million": (2_000_000, 5_000_000),
    "millions": (2_000_000, 9_999_999),
    "several dozen": (24, 99), "a few dozen": (24, 60), "several hundred": (200, 999),
    "a few hundred": (200, 500), "several thousand": (2_000, 9_999), "a few thousand": (2_000, 5_000),
    "dozens": (24, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999), "scores": (40, 199),
    "a dozen": (12, 12), "a couple of": (2, 2), "both": (2, 2), "a handful of": (2, 5), "a few": (2, 5), "several": (3, 9),
}
QUALIFIERS = {
    "at_least": ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than",
                 "no less than", "a minimum of", "at minimum"),
    "at_most": ("as many as", "up to", "at most", "fewer than", "less than", "no more than", "a maximum of"),
    "approx": ("nearly", "about", "around", "approximately", "an estimated", "estimated", "some", "roughly",
               "almost", "close to", "approx.", "circa", "an approximate", "just under", "just over"),
}
FRACTIONS = {"half": 0.5, "a half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25,
             "one quarter": 0.25, "two thirds": 2 / 3, "two-thirds": 2 / 3, "three quarters": 0.75}

_WORD = "|".join(sorted(UNITS + TEENS + TENS + list(SCALES), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
CORE = re.compile(
    rf"(?<![\w\-./$€£#])(?<!no )(?<!No )"
    rf"(?P<core>(?:{_DIGITS})(?:\s+(?:million|thousand|billion))?"
    rf"|(?:a\s+(?:hundred|thousand|million|billion)|(?:{_WORD}))(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*"
    rf"|(?:{_VAGUE}))(?![\w%])",
    re.IGNORECASE,
)
_QUAL = "|".join(re.escape(q) for qs in QUALIFIERS.values() for q in sorted(qs, key=len, reverse=True))
QUALIFIER_BEFORE = re.compile(rf"(?:^|(?<=\W))(?P<q>{_QUAL})\s+$", re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"(?:^|(?<=\W))between\s+$", re.IGNORECASE)
RANGE_JOIN = re.compile(r"^\s*(?:to|-|–|—|or|and)\s*", re.IGNORECASE)
_FRAC = "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
FRACTION_BEFORE = re.compile(rf"(?:^|(?<=\W))(?P<f>{_FRAC})\s+of\s+(?:the\s+|those\s+|these\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """An amount as written: ``value`` for one number, ``low``/``high`` for ranges and vague words."""
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact, at_least, at_most, approx, range
    text: str
    start: int
    end: int
    vague: bool = False


def core_value(words: str) -> tuple[float | None, float | None, float | None, bool]:
    """(value, low, high, vague) of a bare number: digits, number words or a vague word."""
    w = re.sub(r"\s+", " ", words.strip().lower())
    if w in VAGUE:
        low, high = VAGUE[w]
        return (float(low), None, None, False) if low == high else (None, float(low), float(high), True)
    m = re.fullmatch(rf"({_DIGITS})(?:\s+(million|thousand|billion))?", w)
    if m:
        number = float(m.group(1).replace(",", "")) * SCALES.get(m.group(2) or "", 1)
        return number, None, None, False
    return _words_value(w), None, None, False


def _words_value(w: str) -> float | None:
    w = re.sub(r"^a ", "one ", w).replace(" and ", " ")
    try:
        return float(text2num(w, "en"))
    except ValueError:
        first = re.split(r"[\s-]+", w)[0]
        try:
            return float(text2num(first, "en"))
        except ValueError:
            return None


BARE_SCALES = frozenset(SCALES)
DIGIT_RANGE = re.compile(r"(?<![\w\-./$€£#])(\d{1,6})\s?[-–]\s?(\d{1,6})(?![\w%]|[-–.]\d)")


def _digit_ranges(text: str) -> list[Amount]:
    """ "5-7", "10–12": a range written with a dash (the second number has no amount of its own)."""
    out = []
    for m in DIGIT_RANGE.finditer(text):
        low, high = float(m.group(1)), float(m.group(2))
        if low < high:
            out.append(Amount(None, low, high, "range", m.group(), m.start(), m.end()))
    return out


def _bare_amounts(text: str) -> list[Amount]:
    ranges = _digit_ranges(text)
    out = list(ranges)
    for m in CORE.finditer(text):
        if any(r.start <= m.start() < r.end for r in ranges) or m.group("core").lower() in BARE_SCALES:
            continue  # "million" alone counts nothing ("a million" is read as one amount)
        value, low, high, vague = core_value(m.group("core"))
        if value is None and low is None:
            continue
        qualifier = "approx" if vague else "exact"
        out.append(Amount(value, low, high, qualifier, m.group(), m.start(), m.end(), vague))
    return sorted(out, key=lambda a: a.start)


def _with_qualifier(text: str, a: Amount) -> Amount:
    before = text[max(0, a.start - 30):a.start]
    m = QUALIFIER_BEFORE.search(before)
    if not m:
        return a
    q = m.group("q").lower()
    kind = next(k for k, qs in QUALIFIERS.items() if q in qs)
    start = a.start - (len(before) - m.start("q"))
    return replace(a, qualifier=kind, text=text[start:a.end], start=start)


def _fraction(text: str, a: Amount) -> Amount:
    before = text[max(0, a.start - 30):a.start]
    m = FRACTION_BEFORE.search(before)
    if not m or a.value is None:
        return a
    start = a.start - (len(before) - m.start("f"))
    value = round(a.value * FRACTIONS[m.group("f").lower()])
    return Amount(float(value), None, None, "approx", text[start:a.end], start, a.end)


def _join_ranges(text: str, amounts: list[Amount]) -> list[Amount]:
    out: list[Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        gap = text[a.end:b.start] if b else ""
        between = BETWEEN_BEFORE.search(text[max(0, a.start - 10):a.start])
        joins = b and RANGE_JOIN.fullmatch(gap) and (gap.strip().lower() != "and" or between)
        if joins and a.value is not None and b.value is not None and a.value < b.value:
            start = a.start - (len(text[max(0, a.start - 10):a.start]) - between.start()) if between else a.start
            out.append(Amount(None, a.value, b.value, "range", text[start:b.end], start, b.end))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def find_amounts(text: str) -> list[Amount]:
    """Every amount in ``text`` with qualifier, range and offsets, in text order."""
    bare = _join_ranges(text, _bare_amounts(text))
    return [_fraction(text, _with_qualifier(text, a)) if a.qualifier != "range" else a for a in bare]


def parse_amount(text: str) -> Amount | None:
    """The first amount in ``text`` ("nearly forty" -> 40 approx), or None."""
    found = find_amounts(text)
    return found[0] if found else None
