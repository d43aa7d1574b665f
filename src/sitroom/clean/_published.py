"""When a text without metadata was published, guessed from the text alone or with its batch.

The year comes from :func:`candidate_years`: a weekday given with a date fixes it ("Friday,
December 11" is 2020 or 2015), else the years the text writes, else the batch's. The day is the
earliest plausible one after the latest past date the text names (:func:`earliest_publication`).
:func:`infer_published_batch` runs a second pass with the batch's typical date as a prior, which
fixes the year of a text that names none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from sitroom.core import setting
from sitroom.lang.en import (
    names_a_month,
    resolve_all,
    speaks_of_future,
    valid_date,
    weekday_date_pairs,
    weekday_years,
)


@dataclass(frozen=True)
class PublishedGuess:
    date: str | None  # ISO date
    reason: str


PLAUSIBLE_FIRST_YEAR = setting("clean.published.plausible_first_year")
BATCH_WINDOW_DAYS = setting("clean.published.batch_window_days")
_ABSOLUTE_RULES = ("iso", "slash", "month_day", "day_month", "holiday", "anaphoric")
_RECENT_SPAN = re.compile(r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:few|several|couple\s+of)\s+days\b"
                          r"|\bin\s+recent\s+days\b", re.I)
_FEW_DAYS = setting("clean.published.few_days")


def explicit_years(text: str, last_year: int) -> tuple[list[int], list[int]]:
    """Years written in the text: (of full dates and month-years, bare years), up to ``last_year``."""
    full, bare = [], []
    for rule, expression in resolve_all(text, None):
        year = int(expression.value[:4]) if expression.value and expression.value[:4].isdigit() else None
        if year is None or year > last_year or rule == "decade":
            continue
        (bare if rule == "year" else full).append(year)
    return full, bare


def candidate_years(text: str, near: date | None = None, today: date | None = None) -> list[tuple[int, str]]:
    """Publication years, best first, with the reason: weekday/date pairs fix the year (among
    those, the one nearest the latest year written with a date, else nearest ``near``, else the
    most recent); written years bound it from below."""
    last_year = (today or date.today()).year
    full, bare = explicit_years(text, last_year)
    lowest = max(full + bare, default=PLAUSIBLE_FIRST_YEAR)
    pairs = weekday_date_pairs(text)
    votes = {y: sum(bool(weekday_years(m, d, w, y, y)) for m, d, w in pairs)
             for y in range(max(lowest, PLAUSIBLE_FIRST_YEAR), last_year + 1)} if pairs else {}
    best = max(votes.values(), default=0)
    target = max(full) if full else (near.year if near else last_year)
    fitting = sorted((y for y, v in votes.items() if v == best and best > 0), key=lambda y: (abs(y - target), -y))
    ranked = [(y, f"{best} weekday/date pair(s) fit {y}") for y in fitting]
    if full:
        ranked.append((max(full), f"latest year written with a date: {max(full)}"))
    if near:
        ranked.append((max(near.year, lowest), f"year of the batch ({near.isoformat()})"))
    return ranked


def _provisional_anchor(text: str, year: int, near: date | None) -> date:
    if near and near.year == year:
        return near
    pair_days = [d for m, dd, w in weekday_date_pairs(text) if (d := valid_date(year, m, dd)) and d.weekday() == w]
    return max(pair_days, default=date(year, 12, 31))


def latest_event(text: str, anchor: date) -> date | None:
    """The latest day-precision date the text names for something that already happened."""
    days = [date.fromisoformat(e.value) for rule, e in resolve_all(text, anchor)
            if rule in _ABSOLUTE_RULES and e.precision == "day" and e.value
            and not speaks_of_future(text, e.start)]
    return max(days, default=None)


def earliest_publication(text: str, latest: date) -> tuple[date, str]:
    """News is published after the latest date it names: the next day, later where the text
    speaks of a spell of days since (\"over the past few days\") or of yesterday apart from it."""
    lag, why = 1, "the day after the latest date named"
    if _RECENT_SPAN.search(text):
        lag, why = 1 + _FEW_DAYS, "a few days after the latest date named (\"past few days\")"
    elif _yesterday_apart(text, latest):
        lag, why = 2, "yesterday's event comes after the latest date named"
    return latest + timedelta(days=lag), why


def _yesterday_apart(text: str, latest: date) -> bool:
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(r"\byesterday\b", sentence, re.I) and not names_a_month(sentence):
            return True
    return False


def infer_published(text: str, near: date | None = None, today: date | None = None) -> PublishedGuess:
    """Guess when ``text`` was published from the text alone.

    The year comes from :func:`candidate_years` (the first that puts the guess on or before
    ``today``). The day is the earliest plausible one after the latest past date the text
    names (:func:`earliest_publication`); ``near`` (a date known to be close, e.g. the typical
    date of the batch the text came with) is taken instead when it lies within
    :data:`BATCH_WINDOW_DAYS` after that.
    """
    today = today or date.today()
    candidates = candidate_years(text, near, today)
    if not candidates:
        return PublishedGuess(None, _no_year_reason(text, today))
    for year, reason in candidates:
        guess = _guess_for_year(text, year, reason, near)
        if guess.date is None or date.fromisoformat(guess.date) <= today:
            return guess
    return PublishedGuess(None, "every year the text allows puts it after today")


def _no_year_reason(text: str, today: date) -> str:
    full, bare = explicit_years(text, today.year)
    return f"year not fixed by the text (written years from {max(bare)})" if bare else "no year in the text"


def _guess_for_year(text: str, year: int, reason: str, near: date | None) -> PublishedGuess:
    latest = latest_event(text, _provisional_anchor(text, year, near))
    if latest is None:
        return PublishedGuess(None, f"{reason}; no dated event")
    earliest, why = earliest_publication(text, latest)
    if near and earliest <= near <= earliest + timedelta(days=BATCH_WINDOW_DAYS):
        return PublishedGuess(near.isoformat(), f"{reason}; the batch's date, within a week after {why}")
    return PublishedGuess(earliest.isoformat(), f"{reason}; {why}")


def infer_published_batch(texts: Sequence[str], today: date | None = None, known: Sequence[str | None] = (),
                          first: Sequence[str | None] | None = None) -> list[PublishedGuess]:
    """Guesses for texts that came together, in two passes. The batch's typical date, the median
    of the ``known`` publication dates of the batch's dated articles, else of the first, text-only
    guesses (``first``, where the caller already made them), is the ``near`` date of a second pass
    over every text: articles that arrive together are usually from the same weeks, which fixes
    the year of a text that names none."""
    if first is None:
        first = [infer_published(t, today=today).date for t in texts]
    dates = sorted(d[:10] for d in known if d) or sorted(d[:10] for d in first if d)
    if not dates:
        return [PublishedGuess(d, "from the text alone") if d else PublishedGuess(None, "no date in the batch")
                for d in first]
    near = date.fromisoformat(dates[len(dates) // 2])
    return [infer_published(t, near, today) for t in texts]
