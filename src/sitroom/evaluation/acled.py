"""ACLED scorer: every note of an ACLED export read as a one-paragraph article.

Default file: ``shared/data/dev/acled_afghanistan_2020-03.csv`` (ACLED Terms of Use: rows are
read in place for internal evaluation, never copied or printed). Per note we predict the event
type and sub-type (:mod:`sitroom.event_types`), the date (:func:`sitroom.timex.find_time_expressions`
anchored on the row's upload ``timestamp``, never on ``event_date``), the place
(:func:`sitroom.gazetteer.find_places`, most specific resolved place) and the fatality count
(:func:`count_fatalities`, ACLED's conservative coding).

ACLED coding remarks such as "Fatalities coded as 0" state the answer; they are cut from the
note before anything reads it (:func:`strip_coding_remarks`). The attribution that follows
them, "(VoJ reported 3 fatalities)", stays: it is the kind of sourcing a news text carries.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

from sitroom.evaluation.paths import shared_path
from sitroom.geocode import km_between
from sitroom.models import GEO_RANK

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "dozens": 24,
}
NUMBER = r"(?:\d+(?:\s*-\s*\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
CODING_REMARK = re.compile(r"\b(?:total\s+)?fatalities\s+(?:were\s+|are\s+)?(?:coded\s+as\s+\d+[^.(]*|"
                           r"split\s+(?:over|across)\s+[^.(]*(?:\(\d+\))?)\.?", re.I)
ATTRIBUTION = re.compile(r"according to\s+(?:the\s+)?(?P<a>[\w' -]{1,40}?)(?=,|\s+(?:sources?|media)\b|\.|$)"
                         r"|(?P<b>\b[\w']+(?:\s+[\w']+){0,2})\s+(?:also\s+)?(?:said|claimed|reported|stated|announced)\b",
                         re.I)
UNKNOWN_COUNT = re.compile(r"\b(?:an?\s+(?:unknown\s+)?number\s+of|unknown\s+number\s+of|several|some|many)\b", re.I)
AMBIGUOUS_KILLED = re.compile(r"\bkilled\s+(?:or|and)\s+(?:wounded|injured)\b", re.I)
# Outlets and sources that speak for a belligerent: their figures alone are not coded.
PARTISAN_SOURCE = re.compile(
    r"\b(?:VoJ|Voice of Jihad|Amaq|Taliban(?:'s)?(?: sources?| spokesm[ae]n| spokesperson| media)?|"
    r"militant sources?|rebel sources?|insurgent sources?|Islamic State(?: media)?)\b", re.I)
PASSIVE_KILLED = re.compile(r"\b(?:were|was|have been|has been|had been|got)\s+(?:\w+\s+){0,2}?(?:killed|shot dead|"
                            r"beheaded|executed|murdered|gunned down)\b", re.I)
ACTIVE_KILLED = re.compile(r"\b(?:killed|killing|kills|killing at least|killed at least)\s+(?:at least\s+|about\s+|"
                           r"some\s+|around\s+)?(" + NUMBER + r")\b(?!\s*(?:km|kilomet|%|percent))", re.I)
DEAD = re.compile(r"\b(" + NUMBER + r")\s+(?:\w+\s+){0,3}?(?:dead|died|fatalities|bodies)\b", re.I)
SUBJECT_BOUNDARY = re.compile(r"(?:[.;:]|\b(?:were|was|wounded|injured|killed|said|reported|claimed|that|when|"
                              r"while|after|following|as|since)\b|\bOn \d+ \w+ \d{4},|\breported on \d+ \w+ \d{4},)",
                              re.I)
SUBSET = re.compile(r"\b(?:including|among them|among whom|of whom|incl\.)\s+(?:\w+\s+){0,4}?(?=and\b|,|$)", re.I)
PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class KilledClaim:
    value: int
    partisan: bool  # the figure comes from a belligerent's outlet only
    also: bool = False  # the claimant corroborates another source ("X also reported")


def strip_coding_remarks(note: str) -> str:
    """The note without ACLED's "Fatalities coded as N" statements (they state the answer)."""
    return " ".join(CODING_REMARK.sub(" ", note).split())


def number_value(token: str) -> int:
    """Lower end of "5-7", or the value of "12"/"three"/"a"."""
    token = token.strip().lower()
    if token[0].isdigit():
        return int(re.split(r"\s*-\s*", token)[0])
    return NUMBER_WORDS.get(token, 0)


def subject_numbers(segment: str) -> list[int]:
    """Counts in a subject like "4 militia members and 3 militants" (subsets and asides left out;
    "a"/"an" count only where no figure is written)."""
    segment = UNKNOWN_COUNT.sub(" ", SUBSET.sub(" ", PARENTHESES.sub(" ", segment)))
    tokens = [m.group(0) for m in re.finditer(r"\b" + NUMBER + r"\b(?!\s*(?:March|April|km|%))", segment, re.I)
              if not _is_year(m.group(0))]
    written = [t for t in tokens if t.lower() not in ("a", "an")]
    return [number_value(t) for t in (written or tokens)]


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4


def killed_mentions(sentence: str) -> list[tuple[int, int]]:
    """(value, offset) of each killed figure: passive subjects, active objects, else "N dead"."""
    mentions = []
    for match in PASSIVE_KILLED.finditer(sentence):
        if AMBIGUOUS_KILLED.match(sentence, match.end() - len("killed")):
            continue
        before = sentence[:match.start()]
        boundaries = [b.end() for b in SUBJECT_BOUNDARY.finditer(before)]
        start = boundaries[-1] if boundaries else 0
        mentions.append((sum(subject_numbers(before[start:])), start))
    for match in ACTIVE_KILLED.finditer(sentence):
        if not AMBIGUOUS_KILLED.match(sentence, match.start()):
            mentions.append((number_value(match.group(1)), match.start()))
    if not mentions:
        mentions = [(number_value(m.group(1)), m.start()) for m in DEAD.finditer(sentence)]
    return [(value, offset) for value, offset in mentions if value]


def source_before(sentence: str, offset: int) -> str | None:
    """Who the nearest attribution before ``offset`` names ("according to X", "X said")."""
    found = None
    for match in ATTRIBUTION.finditer(sentence[:offset]):
        found = match.group("a") or match.group("b")
    return found


def killed_claims(note: str) -> list[KilledClaim]:
    """Every killed figure in a note, flagged when a belligerent's outlet is its only source."""
    claims = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", note):
        outside = PARENTHESES.sub(lambda m: " " * len(m.group(0)), sentence)
        for value, offset in killed_mentions(outside):
            source = source_before(outside, offset)
            claims.append(KilledClaim(value, bool(source and PARTISAN_SOURCE.search(source))))
        for aside in re.findall(r"\(([^()]*)\)", sentence):
            if PARTISAN_SOURCE.search(aside):
                also = bool(re.search(r"\balso\b", aside, re.I))
                claims.append(KilledClaim(_aside_value(aside), True, also))
    return claims


def _aside_value(aside: str) -> int:
    match = re.search(r"(?:reported|claimed|said)\s+(?:at least\s+)?(" + NUMBER + r")\b", aside, re.I)
    return number_value(match.group(1)) if match else 0


def count_fatalities(note: str) -> int:
    """ACLED-style coded fatalities: figures in the outlet's own voice are summed; a belligerent's
    claim is not coded unless corroborated. When the only other figure equals an uncorroborated
    partisan one ("N killed ... (VoJ reported N)"), the text is the partisan claim: 0."""
    note = strip_coding_remarks(note)
    claims = killed_claims(note)
    own = [c for c in claims if not c.partisan]
    asides = [c for c in claims if c.partisan and not c.also and c.value]
    total = sum(c.value for c in own)
    if own and any(a.value == total for a in asides) and not re.search(r"\(\s*\d+\s+according to", note):
        return 0
    return total


# ---------------------------------------------------------------- dates and places

def acled_date(text: str) -> str | None:
    """ACLED's "21 March 2020" (or ISO) as an ISO date."""
    for fmt in ("%d %B %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def anchor_date(row: dict) -> date | None:
    """The row's upload timestamp as a date (never the event date)."""
    try:
        return datetime.fromtimestamp(int(row["timestamp"]), tz=timezone.utc).date()
    except (KeyError, ValueError, TypeError, OSError):
        return None


def predicted_date(note: str, anchor: date | None) -> str | None:
    """The first day-precise time expression in the note."""
    from sitroom.timex import find_time_expressions

    for expression in find_time_expressions(note, anchor):
        if expression.precision == "day" and expression.value:
            return expression.value[:10]
    return None


def predicted_point(note: str) -> tuple[float, float] | None:
    """Coordinates of the incident's place: the most specific resolved place of the first sentence that
    names one, preferring the country most of the note's places lie in (first mention among equals)."""
    from sitroom.gazetteer import find_places

    resolved = [m for m in find_places(note) if m.place is not None and m.place.lat is not None]
    if not resolved:
        return None
    best = main_place(note, resolved)
    return best.lat, best.lon


def main_place(note: str, mentions: Sequence) -> object:
    """The place of the main incident among resolved mentions (see :func:`predicted_point`)."""
    countries = Counter(m.place.country_code for m in mentions if m.place.country_code)
    home = countries.most_common(1)[0][0] if countries else None
    first_end = next((m.end() for m in re.finditer(r"[.!?](?:\s|$)", note) if m.start() > mentions[0].start),
                     len(note))
    in_first = [m for m in mentions if m.start < first_end]
    best = min(in_first, key=lambda m: (m.place.country_code != home, GEO_RANK.get(m.place.geo_precision, 5),
                                        m.start))
    return best.place


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return km_between(*a, *b)


# ---------------------------------------------------------------- metrics

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

def load_rows(path: Path, limit: int | None = None) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:limit] if limit is not None else rows


def score(path: Path | None = None, limit: int | None = None) -> dict:
    from sitroom.event_types import classify_events

    path = path or shared_path("data", "dev", "acled_afghanistan_2020-03.csv")
    rows = load_rows(path, limit)
    notes = [strip_coding_remarks(r["notes"]) for r in rows]
    guesses = classify_events(notes)
    fatalities = [(int(r["fatalities"]), count_fatalities(r["notes"])) for r in rows]
    return {
        "event_type_accuracy": accuracy((r["event_type"], g.type) for r, g in zip(rows, guesses)),
        "sub_event_type_macro_f1": macro_f1([r["sub_event_type"] for r in rows], [g.sub_type for g in guesses]),
        "fatalities_accuracy": accuracy(fatalities),
        "fatalities_nonzero_accuracy": accuracy(p for p in fatalities if p[0] > 0),
        "date_accuracy": accuracy((acled_date(r["event_date"]), predicted_date(n, anchor_date(r)))
                                  for r, n in zip(rows, notes)),
        "location_25km": within_km([(float(r["latitude"]), float(r["longitude"])) for r in rows],
                                   [predicted_point(n) for n in notes], 25.0),
        "n": len(rows),
    }
