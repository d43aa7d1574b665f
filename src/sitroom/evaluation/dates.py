"""Dates scorer: time expressions against TimeML gold (TimeBank and AQUAINT, TempEval-3).

Each ``.tml`` document gives its creation time (the DCT ``TIMEX3`` with
``functionInDocument="CREATION_TIME"``), used as the anchor, and gold ``TIMEX3`` spans in its
``TEXT``; only those are scored (never the DCT itself).

* ``detection_recall``: share of gold timexes overlapped by a system expression;
  ``detection_precision``: share of system expressions that overlap a gold timex.
* ``value_accuracy``: over matched gold DATE and TIME timexes, the share whose value agrees
  *at the precision the gold gives*: our value cut to the gold's length must equal the gold
  (gold ``1998-02`` accepts ours ``1998-02`` or ``1998-02-14``; gold ``1998-02-14`` needs the
  day). Unspecified trailing fields are dropped first (``1968-XX`` is ``1968``) and week
  numbers are compared unpadded (``2000-W7`` is ``2000-W07``). A TIME's part of day (``T...``) is compared only when both sides have one. Words like
  ``PRESENT_REF`` must be equal. ``value_exact`` is the strict string equality, for reference.
* ``duration_accuracy``: over matched gold DURATION and SET timexes, the share whose TimeML
  value (``P40D``, ``PXY``) is equal; these never count in ``value_accuracy``.
* ``n``: the number of gold timexes scored.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from sitroom.core import TimeExpression, iso_day
from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score
from sitroom.lang.en import find_time_expressions

CORPORA = ("TimeBank", "AQUAINT")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimemlDoc:
    name: str
    text: str
    anchor: date | None
    timexes: tuple[GoldTimex, ...]


# -- reading ----------------------------------------------------------------------------------
def read_tml(path: Path) -> TimemlDoc:
    root = ET.parse(path).getroot()
    anchor = _creation_time(root)
    body = root.find("TEXT")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(body, pieces, timexes) if body is not None else None
    return TimemlDoc(path.name, "".join(pieces), anchor, tuple(timexes))


def _creation_time(root: ET.Element) -> date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            return iso_day(timex.get("value", ""))
    return None


def _walk(element: ET.Element, pieces: list[str], timexes: list[GoldTimex]) -> None:
    """Plain text of ``element`` into ``pieces``; every TIMEX3 inside with its offsets."""
    pieces.append(element.text or "")
    for child in element:
        start = sum(map(len, pieces))
        _walk(child, pieces, timexes)
        if child.tag == "TIMEX3":
            end = sum(map(len, pieces))
            text = "".join(pieces)[start:end]
            timexes.append(GoldTimex(start, end, text, child.get("type", ""), child.get("value", "")))
        pieces.append(child.tail or "")


def tml_files(path: Path | None) -> list[Path]:
    if path is not None:
        return sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    base = shared_path("data", "dev", "timeml")
    return sorted(p for corpus in CORPORA for p in (base / corpus).glob("*.tml"))


# -- metrics (pure) -----------------------------------------------------------------------------
def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Gold index -> the first system index whose span overlaps it."""
    matches: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if overlaps(g, s):
                matches[gi] = si
                break
    return matches


def detection_recall(gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]) -> float:
    if not gold:
        return 1.0 if not system else 0.0
    return sum(any(overlaps(g, s) for s in system) for g in gold) / len(gold)


def detection_precision(gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]) -> float:
    if not system:
        return 1.0 if not gold else 0.0
    return sum(any(overlaps(s, g) for g in gold) for s in system) / len(system)


def normalise_value(value: str) -> str:
    """Unspecified trailing fields dropped ('1968-XX' -> '1968'), week numbers unpadded."""
    value = re.sub(r"(?:-XX)+$", "", value.strip())
    return re.sub(r"-W0(\d)", r"-W\1", value)


def value_agrees(gold: str, ours: str | None) -> bool:
    """Whether our TimeML value agrees with the gold's at the precision the gold gives."""
    if not ours or not gold:
        return False
    gold, ours = normalise_value(gold), normalise_value(ours)
    gold_date, _, gold_part = gold.partition("T")
    our_date, _, our_part = ours.partition("T")
    if not gold_date[:1].isdigit():
        return gold == ours
    if len(our_date) < len(gold_date) or our_date[:len(gold_date)] != gold_date:
        return False
    if len(our_date) > len(gold_date) and not our_date[len(gold_date)] == "-":
        return False
    return not (gold_part and our_part) or gold_part == our_part


def share(flags: Iterable[bool]) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


# -- scoring --------------------------------------------------------------------------------------
def _doc_pairs(doc: TimemlDoc) -> tuple[list[tuple[GoldTimex, TimeExpression | None]], list[TimeExpression]]:
    ours = find_time_expressions(doc.text, doc.anchor)
    matches = match_spans([(g.start, g.end) for g in doc.timexes], [(e.start, e.end) for e in ours])
    pairs = [(g, ours[matches[i]] if i in matches else None) for i, g in enumerate(doc.timexes)]
    return pairs, ours


def score(path: Path | None = None, limit: int | None = None) -> Score:
    files = tml_files(path)[:limit] if limit else tml_files(path)
    pairs: list[tuple[GoldTimex, TimeExpression | None]] = []
    n_system = n_system_hit = 0
    for file in files:
        doc = read_tml(file)
        doc_pairs, ours = _doc_pairs(doc)
        pairs += doc_pairs
        gold_spans = [(g.start, g.end) for g in doc.timexes]
        n_system += len(ours)
        n_system_hit += sum(any(overlaps((e.start, e.end), g) for g in gold_spans) for e in ours)
    scores = summarise(pairs, n_system, n_system_hit)
    n = scores.pop("n")
    return Score(metrics=scores, n=n)


def summarise(pairs: list[tuple[GoldTimex, TimeExpression | None]], n_system: int, n_system_hit: int) -> dict:
    matched = [(g, e) for g, e in pairs if e is not None]
    dated = [(g, e) for g, e in matched if g.type in ("DATE", "TIME")]
    spans = [(g, e) for g, e in matched if g.type in ("DURATION", "SET")]
    return {
        "detection_recall": len(matched) / len(pairs) if pairs else 0.0,
        "detection_precision": n_system_hit / n_system if n_system else 0.0,
        "value_accuracy": share(value_agrees(g.value, e.timex_value) for g, e in dated),
        "value_exact": share(g.value == e.timex_value for g, e in dated),
        "duration_accuracy": share(g.value == e.timex_value for g, e in spans),
        "type_accuracy": share(g.type == e.timex_type for g, e in matched),
        "n": len(pairs),
    }


def errors(path: Path | None = None, limit: int | None = None) -> Iterable[dict]:
    """Every gold timex we miss or value wrongly, for reading (``--errors``)."""
    files = tml_files(path)[:limit] if limit else tml_files(path)
    for file in files:
        doc = read_tml(file)
        for gold, ours in _doc_pairs(doc)[0]:
            if ours is None or (gold.type in ("DATE", "TIME") and not value_agrees(gold.value, ours.timex_value)):
                yield {"doc": doc.name, "anchor": str(doc.anchor), "gold": gold.text, "type": gold.type,
                       "value": gold.value, "ours": ours.text if ours else None,
                       "our_value": ours.timex_value if ours else None}
