"""English word lists as data (``lang/en/*.yaml``), loaded once, with the regular expressions
built from them. A vocabulary is written in one data file; code reads it from here."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def vocabulary_file(name: str) -> dict:
    """The parsed ``lang/en/NAME.yaml``."""
    text = resources.files("sitroom.lang.en").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def alternation(words) -> str:
    """A regex alternation of the words, longest first (so "sept" is tried before "sep")."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_CALENDAR = vocabulary_file("calendar")
MONTH_NAMES: tuple[str, ...] = tuple(_CALENDAR["months"])
MONTH_ABBREVIATIONS: dict[str, int] = dict(_CALENDAR["month_abbreviations"])
WEEKDAY_NAMES: tuple[str, ...] = tuple(_CALENDAR["weekdays"])
MONTHS: dict[str, int] = {**{m: i + 1 for i, m in enumerate(MONTH_NAMES)}, **MONTH_ABBREVIATIONS}
WEEKDAYS: dict[str, int] = {d: i for i, d in enumerate(WEEKDAY_NAMES)}
CALENDAR_WORDS: frozenset[str] = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES)  # never names or places
MONTH_PATTERN = alternation([*MONTH_NAMES, *MONTH_ABBREVIATIONS])  # for regexes, case-insensitive use
WEEKDAY_PATTERN = alternation(WEEKDAY_NAMES)

_TITLES = vocabulary_file("titles")
TITLE_ABBREVIATIONS: frozenset[str] = frozenset(_TITLES["abbreviations"])  # "Lt." never ends a sentence
TITLES_BEFORE_NAMES: frozenset[str] = frozenset(_TITLES["before_names"])  # "Judge Ann Lee": not a name pair
INSTITUTION_WORDS: frozenset[str] = frozenset(_TITLES["institution_words"])  # "Lincoln High": a place
