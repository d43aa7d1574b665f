"""Cross-source fusion on Gun Violence Archive incidents (SemEval-2018 task 5 pilot data).

Reads ``dev/gva/{incidents.jsonl,articles.jsonl}`` (or a folder of that layout), cleans and
extracts every article, fuses all of them, and maps each article to ONE event: the event holding
its main mention, or its article-level mention when extraction found none (an article rejected
by cleaning is a singleton).

Scores:

- ``bcubed_precision``, ``bcubed_recall``, ``bcubed_f1``: article -> event against article ->
  incident (B-cubed over article rows).
- ``killed_accuracy``: share of incidents whose event (the one most of its articles map to) has
  ``fatalities_best`` equal to ``num_killed`` (a missing value counts as 0).
- ``n``: articles scored; ``n_incidents``; ``n_events``: distinct predicted clusters.

Usage: ``sitroom eval gva [--file FOLDER] [--limit N] [--workers N]`` (extraction
runs on a local Dask cluster when workers > 1).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Hashable, Sequence

from sitroom.clean import clean_document
from sitroom.core import Article, RawDocument, Rejection, SourceMeta
from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score
from sitroom.extract import Extraction, main_mention
from sitroom.fuse import fuse, fusion_mentions
from sitroom.pipeline import map_extraction


@dataclass(frozen=True)
class Row:
    """One article of one incident, as the reference lists it."""
    incident_id: str
    article_id: str
    title: str | None
    dct: str | None
    content: str


# ---------------------------------------------------------------- metric
def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of a clustering (one label per item) against gold labels."""
    if not predicted or len(predicted) != len(gold):
        return 0.0, 0.0, 0.0
    pred_size = Counter(predicted)
    gold_size = Counter(gold)
    both = Counter(zip(predicted, gold))
    precision = sum(both[(p, g)] / pred_size[p] for p, g in zip(predicted, gold)) / len(predicted)
    recall = sum(both[(p, g)] / gold_size[g] for p, g in zip(predicted, gold)) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def majority(labels: Sequence[Hashable]) -> Hashable | None:
    counts = Counter(labels)
    return min(counts, key=lambda x: (-counts[x], str(x))) if counts else None


def killed_accuracy(incident_killed: dict[str, int], incident_events: dict[str, list[str]],
                    event_killed: dict[str, int | None]) -> float:
    """Share of incidents whose majority event has the right killed count (missing counts as 0)."""
    if not incident_killed:
        return 0.0
    right = 0
    for incident, killed in incident_killed.items():
        event = majority(incident_events.get(incident, []))
        got = event_killed.get(event) if event is not None else None
        right += int((got or 0) == killed)
    return right / len(incident_killed)


# ---------------------------------------------------------------- data
def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load(folder: Path, limit: int | None = None) -> tuple[list[dict], list[Row]]:
    incidents = read_jsonl(folder / "incidents.jsonl")
    if limit is not None:
        incidents = incidents[:limit]
    wanted = {str(i["incident_id"]) for i in incidents}
    rows = [Row(str(a["incident_id"]), str(a["article_id"]), a.get("title"), a.get("dct"), a.get("content") or "")
            for a in read_jsonl(folder / "articles.jsonl") if str(a["incident_id"]) in wanted]
    return incidents, rows


def article_of(row: Row) -> Article | None:
    raw = RawDocument(source=f"gva:{row.incident_id}:{row.article_id}", kind="text", text=row.content,
                      meta=SourceMeta(external_id=row.article_id, title=row.title, published=row.dct))
    cleaned = clean_document(raw)
    return None if isinstance(cleaned, Rejection) else cleaned


# ---------------------------------------------------------------- pipeline run
def predict(rows: Sequence[Row], workers: int = 1) -> tuple[list[str], dict[str, int | None]]:
    """Per row, the id of the event its article maps to; and each event's fatalities_best."""
    articles = [article_of(r) for r in rows]
    unique = dict(sorted({a.id: a for a in articles if a is not None}.items()))
    done = map_extraction(list(unique.values()), workers=workers)  # in the order of the articles
    extractions = {aid: x if isinstance(x, Extraction) else Extraction(aid, None, (), ())
                   for aid, x in zip(unique, done)}
    return fuse_articles(articles, extractions)


def fuse_articles(articles: Sequence[Article | None], extractions: dict) -> tuple[list[str], dict[str, int | None]]:
    """Fuse the extractions as ``sitroom run`` does (:func:`sitroom.fuse._mentions.fusion_mentions`); each
    article (None: rejected by cleaning, a singleton) maps to the event, typed or not
    (:attr:`sitroom.fuse._clusters.Fusion.untyped`), holding its main mention: the incident it is mostly
    about, or its article-level mention where extraction typed none (GVA's ordinary crime, which
    ACLED-style typing leaves out)."""
    unique = dict(sorted({a.id: a for a in articles if a is not None}.items()))
    brought = {aid: fusion_mentions(article, extractions[aid]) for aid, article in unique.items()}
    mains = {aid: main_mention(Extraction(aid, None, (), ms)) for aid, ms in brought.items()}
    fusion = fuse(list(unique.values()), [f for x in extractions.values() for f in x.figures],
                  [m for ms in brought.values() for m in ms])
    grouped = fusion.events + fusion.untyped
    event_of_mention = {mid: e.id for e in grouped for mid in e.mention_ids}
    labels = [event_of_mention.get(mains[a.id].id, f"single:{n}") if a else f"single:{n}"
              for n, a in enumerate(articles)]
    return labels, {e.id: e.fatalities_best for e in grouped}


def score(path: Path | None = None, limit: int | None = None, workers: int = 1) -> Score:
    folder = Path(path) if path else shared_path("data", "dev", "gva")
    incidents, rows = load(folder, limit)
    labels, event_killed = predict(rows, workers)
    precision, recall, f1 = bcubed(labels, [r.incident_id for r in rows])
    incident_events: dict[str, list[str]] = defaultdict(list)
    for row, label in zip(rows, labels):
        incident_events[row.incident_id].append(label)
    killed = {str(i["incident_id"]): int(i.get("num_killed") or 0) for i in incidents}
    return Score(metrics={"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1,
                          "killed_accuracy": killed_accuracy(killed, incident_events, event_killed)},
                 n=len(rows), counts={"n_incidents": len(incidents), "n_events": len(set(labels))})
