"""Timeline: dated events and statuses in date order, each with its sources.

An event gives one entry at its date (label: its summary). A status contradiction (captured or
missing people of one side in one month, see :mod:`sitroom.fuse._ledger`) gives one entry at its month,
labelled with what it is about and the best estimate. Undated events are left out. Order: date,
then precision (a day before the month that holds it), then label.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from sitroom.core import Article, Contradiction, Event, TimelineEntry


def outlets_of(article_ids: Sequence[str], by_id: Mapping[str, Article]) -> tuple[str, ...]:
    return tuple(sorted({by_id[a].outlet for a in article_ids if a in by_id and by_id[a].outlet}))


def event_entry(event: Event, by_id: Mapping[str, Article]) -> TimelineEntry:
    return TimelineEntry(date=event.date, date_precision=event.date_precision, label=event.summary,
                         event_id=event.id, article_ids=event.article_ids,
                         outlets=outlets_of(event.article_ids, by_id))


def status_entry(contradiction: Contradiction, by_id: Mapping[str, Article]) -> TimelineEntry | None:
    months = sorted(str(c.as_of or "")[:7] for c in contradiction.claims if c.as_of)
    if contradiction.event_id or not months:
        return None
    month = max(set(months), key=lambda m: (months.count(m), m))
    best = "" if contradiction.best is None else f": best estimate {contradiction.best:g}"
    article_ids = tuple(sorted({c.article_id for c in contradiction.claims}))
    return TimelineEntry(date=month, date_precision="month",
                         label=f"{contradiction.about}{best} [{contradiction.status}]",
                         event_id=None, article_ids=article_ids, outlets=outlets_of(article_ids, by_id))


PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def build_timeline(events: Sequence[Event], contradictions: Sequence[Contradiction] = (),
                   articles: Sequence[Article] = ()) -> tuple[TimelineEntry, ...]:
    """Dated events and statuses in date order, each with its article ids and outlets."""
    by_id = {a.id: a for a in articles}  # once, not once per event (it made the timeline quadratic)
    entries = [event_entry(e, by_id) for e in events if e.date]
    entries += [s for c in contradictions if (s := status_entry(c, by_id))]
    return tuple(sorted(entries, key=lambda t: (t.date, PRECISION_ORDER.get(t.date_precision or "", 4), t.label)))
