"""Time expressions: find and normalise dates against an anchor date. STUB."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitroom.models import TimeExpression


@dataclass(frozen=True)
class PublishedGuess:
    date: str | None  # ISO date
    reason: str


def find_time_expressions(text: str, anchor: date | None) -> list[TimeExpression]:
    return []


def infer_published(text: str) -> PublishedGuess:
    return PublishedGuess(None, "not yet")
