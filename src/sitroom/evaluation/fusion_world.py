"""Fusion on the open world: a whole ACLED file run as one batch (``sitroom eval fusion-world``).

Every note of the file (default ``shared/data/dev/acled_world_dev.csv``, rows read in place, never
copied or printed) becomes an article published on the row's upload date, as in
:mod:`sitroom.evaluation.acled`, but all of them are extracted and fused *together*, as
``sitroom run notes.jsonl`` would. ACLED codes each note as its own incident, so any two notes
fused into one event is a fusion error: the scores measure the cannot-link rules
(:mod:`sitroom.fuse._constraints`) on the world, not only on GVA's US news.

Scores:

- ``bcubed_precision``: B-cubed precision of note -> event (the event, typed or not, holding the
  note's main mention) against note -> itself; 1.0 when no two notes are fused.
- ``fused_notes``: share of notes that share their event with another note.
- ``cross_country``: share of notes fused with a note ACLED places in another country.
- ``location_25km``: share of notes whose batch event lies within 25 km of ACLED's point.
- ``n``: notes; ``n_events``: distinct clusters.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Sequence

from sitroom.clean import article_id_for
from sitroom.core import Article, km_between
from sitroom.evaluation.acled import anchor_date, load_rows, strip_coding_remarks
from sitroom.evaluation.gva import bcubed
from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score
from sitroom.extract import Extraction, main_mention
from sitroom.fuse import fuse, fusion_mentions
from sitroom.pipeline import map_extraction

NEAR_KM = 25.0  # ACLED's own location score: within 25 km of the coded point


def note_article(row: dict) -> Article:
    """One ACLED note as an article, published on the row's upload day (never its event date)."""
    note = strip_coding_remarks(row["notes"])
    published = anchor_date(row)
    return Article(article_id_for(note), "acled", note, published=published.isoformat() if published else None)


def batch_events(articles: Sequence[Article], workers: int = 1) -> list[tuple[str, float | None, float | None]]:
    """Per article (in order): the label of the event holding its main mention and that event's point."""
    unique = dict(sorted({a.id: a for a in articles}.items()))
    done = map_extraction(list(unique.values()), workers=workers)  # in the order of the articles
    extractions = {aid: x if isinstance(x, Extraction) else Extraction(aid, None, (), ())
                   for aid, x in zip(unique, done)}
    brought = {aid: fusion_mentions(article, extractions[aid]) for aid, article in unique.items()}
    mains = {aid: main_mention(Extraction(aid, None, (), ms)) for aid, ms in brought.items()}
    fusion = fuse(list(unique.values()), [f for x in extractions.values() for f in x.figures],
                  [m for ms in brought.values() for m in ms])
    event_of = {mid: e for e in fusion.events + fusion.untyped for mid in e.mention_ids}
    found = []
    for n, article in enumerate(articles):
        event = event_of.get(mains[article.id].id) if mains.get(article.id) else None
        found.append((event.id, event.lat, event.lon) if event else (f"single:{n}", None, None))
    return found


def score(path: Path | None = None, limit: int | None = None, workers: int = 1) -> Score:
    path = path or shared_path("data", "dev", "acled_world_dev.csv")
    rows = load_rows(path, limit)
    found = batch_events([note_article(r) for r in rows], workers)
    labels = [label for label, _, _ in found]
    precision, _, _ = bcubed(labels, list(range(len(rows))))
    members: dict[str, list[int]] = defaultdict(list)
    for n, label in enumerate(labels):
        members[label].append(n)
    fused = [n for group in members.values() if len(group) > 1 for n in group]
    crossing = {n for group in members.values() for n in group
                if len({rows[m]["country"] for m in group}) > 1}
    near = sum(1 for r, (_, lat, lon) in zip(rows, found) if lat is not None
               and km_between(float(r["latitude"]), float(r["longitude"]), lat, lon) <= NEAR_KM)
    n = len(rows) or 1
    return Score(metrics={"bcubed_precision": precision, "fused_notes": len(fused) / n,
                          "cross_country": len(crossing) / n, "location_25km": near / n},
                 n=len(rows), counts={"n_events": len(members)})
