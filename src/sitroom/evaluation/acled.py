"""ACLED scorer: every note of an ACLED export read by sitroom as a one-paragraph article.

Default file: ``shared/data/dev/acled_afghanistan_2020-03.csv`` (ACLED Terms of Use: rows are
read in place for internal evaluation, never copied or printed). Each note becomes an
:class:`~sitroom.core._records.Article` published on the row's upload date (never its ``event_date``),
goes through extraction and fusion as in ``sitroom run`` (:func:`note_event`), and the event of
its main incident is compared with ACLED's coding: event type and sub-type, date, place within
25 km, and fatalities (the event's ``fatalities_best`` by the ledger's conservative rule, none
counting as 0; ACLED codes 0 where only an armed group's own outlet reports deaths).

ACLED coding remarks such as "Fatalities coded as 0" state the answer; they are cut from the
note before anything reads it (:func:`strip_coding_remarks`). The attribution that follows
them, "(VoJ reported 3 fatalities)", stays: it is the kind of sourcing a news text carries.
ACLED also splits one report's deaths over several events ("Fatalities split over 2 locations");
a one-note reading cannot follow that, so those notes count against us.
"""
from __future__ import annotations

import csv
import gzip
import re
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

from sitroom.clean import article_id_for
from sitroom.core import Article, Event, km_between
from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score
from sitroom.extract import extract_article, main_mention
from sitroom.fuse import fuse

CODING_REMARK = re.compile(r"\b(?:total\s+)?fatalities\s+(?:were\s+|are\s+)?(?:coded\s+as\s+\d+[^.(]*|"
                           r"split\s+(?:over|across)\s+[^.(]*(?:\(\d+\))?)\.?", re.I)
# "[Russian MoD reported 200 fatalities. Coded as 10 ...]", "(fatalities spread across 5 events)",
# "20 fatalities coded in two separate VAC events.": ACLED's coding, in a bracket or a sentence
CODING_ASIDE = re.compile(r"\[[^\]]*\bcoded\b[^\]]*\]|\([^()]*\b(?:coded|fatalit\w*\s+(?:spread|split|divided)"
                          r")\b[^()]*\)", re.I)
CODING_SENTENCE = re.compile(r"(?:^|(?<=[.!?]\s))[^.!?]*\bfatalit\w*\s+(?:were\s+)?(?:coded|spread|split|divided"
                             r"|included)\b[^.!?]*[.!?]?", re.I)


def strip_coding_remarks(note: str) -> str:
    """The note without ACLED's coding statements ("Fatalities coded as N", "[... coded to this
    event]", "(fatalities spread across 5 events)"): they state the answer."""
    text = CODING_ASIDE.sub(" ", note)
    return " ".join(CODING_SENTENCE.sub(" ", CODING_REMARK.sub(" ", text)).split())


# ---------------------------------------------------------------- reading a note

def note_event(note: str, published: date | None = None) -> Event | None:
    """The event sitroom makes of one note's main incident (None when it finds no incident)."""
    article = Article(article_id_for(note), "acled", note, published=published.isoformat() if published else None)
    extraction = extract_article(article)
    main = main_mention(extraction)
    if main is None:
        return None
    events = fuse([article], list(extraction.figures), list(extraction.mentions)).events
    return next((e for e in events if main.id in e.mention_ids), None)


# ---------------------------------------------------------------- dates and places

ACLED_DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%d-%b-%y", "%d %b %Y", "%d/%m/%Y")  # as real exports write them


def acled_date(text: str) -> str | None:
    """ACLED's "21 March 2020", "2020-03-21" or "21-Mar-20" as an ISO date."""
    for fmt in ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def anchor_date(row: dict) -> date | None:
    """The row's upload timestamp as a date (never the event date)."""
    try:
        return datetime.fromtimestamp(int(float(row["timestamp"])), tz=timezone.utc).date()
    except (KeyError, ValueError, TypeError, OSError, OverflowError):
        return None


# ---------------------------------------------------------------- metrics

def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return km_between(*a, *b)


def accuracy(pairs: Iterable[tuple[object, object]]) -> float:
    pairs = list(pairs)
    return sum(1 for gold, guess in pairs if gold == guess) / len(pairs) if pairs else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    """Macro-F1 over the gold labels; a missing prediction counts as wrong."""
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    predicted = list(predicted) + [None] * (len(gold) - len(predicted))
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def within_km(gold: Sequence[tuple[float, float]], guess: Sequence[tuple[float, float] | None], km: float) -> float:
    if not gold:
        return 0.0
    hits = sum(1 for g, p in zip(gold, guess) if p is not None and haversine_km(g, p) <= km)
    return hits / len(gold)


# ---------------------------------------------------------------- scoring

REQUIRED_COLUMNS = ("event_type", "sub_event_type", "notes", "fatalities", "event_date", "latitude", "longitude")


def load_rows(path: Path, limit: int | None = None) -> list[dict]:
    """The rows (of a ``.csv`` or ``.csv.gz``) with every column the scorer reads; a row cut short (real exports have them) is
    skipped with one line on stderr naming it, never a crash."""
    rows = []
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            problem = row_problem(row)
            if problem:
                print(f"sitroom: {path}: row {number} skipped: {problem}", file=sys.stderr)
                continue
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    return rows


def row_problem(row: dict) -> str | None:
    """Why a row cannot be scored (a missing or unreadable column), or None."""
    missing = [c for c in REQUIRED_COLUMNS if not (row.get(c) or "").strip()]
    if missing:
        return f"cut short (no {', '.join(missing)})"
    if None in row:
        return "more fields than the header names"
    try:
        int(float(row["fatalities"])), float(row["latitude"]), float(row["longitude"])
    except ValueError as exc:
        return f"unreadable number ({exc})"
    return None if acled_date(row["event_date"]) else f"unreadable event_date {row['event_date']!r}"


def score_world(path: Path | None = None, limit: int | None = None) -> Score:
    """The world dev file: up to 120 notes per sub-event type from 162 countries (never trained on)."""
    return score(path or shared_path("data", "dev", "acled_world_dev.csv"), limit)


def score(path: Path | None = None, limit: int | None = None) -> Score:
    path = path or shared_path("data", "dev", "acled_afghanistan_2020-03.csv")
    rows = load_rows(path, limit)
    events = [note_event(strip_coding_remarks(r["notes"]), anchor_date(r)) for r in rows]
    fatalities = [(int(float(r["fatalities"])), (e.fatalities_best or 0) if e else 0) for r, e in zip(rows, events)]
    return Score(metrics={
        "event_type_accuracy": accuracy((r["event_type"], e.type if e else None) for r, e in zip(rows, events)),
        "sub_event_type_macro_f1": macro_f1([r["sub_event_type"] for r in rows], [e.sub_type if e else None for e in events]),
        "fatalities_accuracy": accuracy(fatalities),
        "fatalities_nonzero_accuracy": accuracy(p for p in fatalities if p[0] > 0),
        "date_accuracy": accuracy((acled_date(r["event_date"]), e.date if e else None) for r, e in zip(rows, events)),
        "location_25km": within_km([(float(r["latitude"]), float(r["longitude"])) for r in rows],
                                   [(e.lat, e.lon) if e and e.lat is not None else None for e in events], 25.0),
        "no_event": sum(e is None for e in events) / len(rows) if rows else 0.0,
    }, n=len(rows))
