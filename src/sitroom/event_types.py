"""Event typing: text -> ACLED event type and sub-event type (+ PLOVER). STUB."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventTypeGuess:
    type: str | None  # ACLED event type, None when the text reports no conflict event
    sub_type: str | None
    confidence: float
    plover: str | None = None


def classify_event(text: str) -> EventTypeGuess:
    return EventTypeGuess(None, None, 0.0)
