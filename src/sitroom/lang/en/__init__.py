"""English language data and grammars: time expressions and amounts written in words.
"""
from __future__ import annotations

from sitroom.lang.en._numbers import Amount, find_amounts
from sitroom.lang.en._vocabulary import (
    CALENDAR_WORDS, INSTITUTION_WORDS, MONTH_ABBREVIATIONS, MONTH_NAMES, MONTH_PATTERN, MONTHS, TITLE_ABBREVIATIONS, TITLES_BEFORE_NAMES,
    WEEKDAY_NAMES, WEEKDAY_PATTERN, WEEKDAYS, alternation, vocabulary_file,
)
from sitroom.lang.en._times import (
    find_time_expressions,
    names_a_month,
    resolve_all,
    speaks_of_future,
    valid_date,
    weekday_date_pairs,
    weekday_years,
)

__all__ = [
    "CALENDAR_WORDS", "INSTITUTION_WORDS", "TITLE_ABBREVIATIONS", "TITLES_BEFORE_NAMES", "MONTH_ABBREVIATIONS", "MONTH_NAMES", "MONTH_PATTERN", "MONTHS", "WEEKDAY_NAMES", "WEEKDAY_PATTERN", "WEEKDAYS",
    "alternation", "vocabulary_file", "Amount", "find_amounts", "find_time_expressions", "names_a_month", "resolve_all", "speaks_of_future",
    "valid_date", "weekday_date_pairs", "weekday_years",
]
