"""Records that cross stages, the contract's vocabularies, errors, distances and ISO days.

Every other package imports from here; this package imports nothing of sitroom's.
"""
from __future__ import annotations

from sitroom.core._days import iso_day
from sitroom.core._errors import (
    DataMissing, InputError, SitroomError, StoreError, UnreadableInput, UnsupportedInput, UsageError,
)
from sitroom.core._geo import km_between
from sitroom.core._limits import Limits, limits
from sitroom.core._settings import Setting, setting, settings
from sitroom.core._records import (
    DATE_RANK,
    EVENT_FAMILY,
    EVENT_TYPES,
    GEO_RANK,
    ActorMention,
    Analysis,
    Article,
    Claim,
    Contradiction,
    Event,
    EventMention,
    Figure,
    Place,
    PlaceMention,
    RawDocument,
    Rejection,
    RemovedLine,
    Sentence,
    SourceMeta,
    TimeExpression,
    TimelineEntry,
    to_dict,
)

__all__ = [
    "Setting", "setting", "settings",
    "ActorMention", "Analysis", "Article", "Claim", "Contradiction", "DataMissing", "DATE_RANK", "Event",
    "EVENT_FAMILY", "EVENT_TYPES", "EventMention", "Figure", "GEO_RANK", "InputError", "iso_day", "km_between", "Limits", "limits", "Place",
    "PlaceMention", "RawDocument", "Rejection", "RemovedLine", "Sentence", "SitroomError", "SourceMeta", "StoreError",
    "TimeExpression", "TimelineEntry", "to_dict", "UnreadableInput", "UnsupportedInput", "UsageError",
]
