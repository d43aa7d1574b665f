"""Stage 5, fuse: event mentions and figures from all articles -> events, contradictions, timeline. STUB."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sitroom.models import Article, Contradiction, Event, EventMention, Figure, TimelineEntry


@dataclass(frozen=True)
class Fusion:
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]  # the input figures, with event_id filled in
    contradictions: tuple[Contradiction, ...]
    timeline: tuple[TimelineEntry, ...]


def fuse(articles: Sequence[Article], figures: Sequence[Figure], mentions: Sequence[EventMention]) -> Fusion:
    return Fusion((), tuple(figures), (), ())
