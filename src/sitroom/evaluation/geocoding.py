"""Geocoding scorer: toponym finding and resolution against GeoVirus and TR-News.

Both corpora give each article's text and its gold toponyms (character span, coordinates).
GeoVirus: ``<article><text/><locations><location><name/><start/><end/><lat/><lon/>``;
TR-News: ``<article><text/><toponyms><toponym><phrase/><start/><end/><gaztag><lat/><lon/>``.

Keys (per corpus with a ``<corpus>_`` prefix, and combined without one):

- ``toponym_recall``: share of ALL gold toponyms whose span one of our mentions overlaps.
- ``resolved_161km``: share of ALL gold toponyms with coordinates that we found (overlapping
  mention) AND placed within 161 km of the gold point. The headline number: denominator is
  every gold toponym with coordinates, found or not.
- ``resolved_161km_found``: the same, over the found ones only (resolution quality alone).
- ``median_km``: median error over found-and-resolved toponyms.
- ``precision``: share of our mentions that overlap a gold toponym (the gold is not exhaustive
  for every corpus, so read it as a lower bound).
- ``n``: gold toponyms scored.

find_places runs with ``include_demonyms=True`` because TR-News annotates demonyms
("Turkish" -> Turkey). Run: ``sitroom eval geocoding [--file X.xml] [--limit N]``.
"""
from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from sitroom.core import PlaceMention, km_between
from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score
from sitroom.nlp import find_places

CORPORA = ("GeoVirus.xml", "TR-News.xml")
DISTANCE_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True)
class ToponymOutcome:
    """What happened to one gold toponym."""
    found: bool
    has_coordinates: bool
    error_km: float | None  # None when not found, unresolved or without gold coordinates


def _float(node: ET.Element | None) -> float | None:
    try:
        return float(node.text) if node is not None and node.text else None
    except ValueError:
        return None


def _gold_toponym(node: ET.Element) -> GoldToponym | None:
    name = node.findtext("name") if node.tag == "location" else node.findtext("phrase")
    start, end = node.findtext("start"), node.findtext("end")
    if start is None or end is None:
        return None
    coords = node if node.tag == "location" else node.find("gaztag")
    lat = _float(coords.find("lat")) if coords is not None else None
    lon = _float(coords.find("lon")) if coords is not None else None
    return GoldToponym(int(start), int(end), name or "", lat, lon)


def align(text: str, toponym: GoldToponym, slack: int = 12) -> GoldToponym:
    """The toponym with its span moved onto the nearest occurrence of its name when the corpus
    offsets drift by a few characters (GeoVirus offsets are one too far; in some TR-News articles
    they drift by up to ten further into the text)."""
    if not toponym.name or text[toponym.start:toponym.end] == toponym.name:
        return toponym
    for shift in sorted(range(-slack, slack + 1), key=lambda s: (abs(s), s)):
        start = toponym.start + shift
        if start >= 0 and text[start:start + len(toponym.name)] == toponym.name:
            return GoldToponym(start, start + len(toponym.name), toponym.name, toponym.lat, toponym.lon)
    return toponym


def read_corpus(path: Path) -> list[GoldArticle]:
    """Articles of a GeoVirus- or TR-News-style XML file."""
    articles: list[GoldArticle] = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        nodes = [*article.iter("location"), *article.iter("toponym")]
        toponyms = tuple(align(text, t) for t in (_gold_toponym(n) for n in nodes) if t is not None)
        articles.append(GoldArticle(text, toponyms))
    return articles


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def judge(gold: Sequence[GoldToponym], mentions: Sequence[PlaceMention]) -> list[ToponymOutcome]:
    """Each gold toponym's outcome given our mentions (the first overlapping mention counts)."""
    outcomes: list[ToponymOutcome] = []
    for toponym in gold:
        match = next((m for m in mentions if overlaps(m.start, m.end, toponym.start, toponym.end)), None)
        has_coords = toponym.lat is not None and toponym.lon is not None
        error = None
        if match and has_coords and match.place and match.place.lat is not None:
            error = km_between(toponym.lat, toponym.lon, match.place.lat, match.place.lon)
        outcomes.append(ToponymOutcome(match is not None, has_coords, error))
    return outcomes


def summarise(outcomes: Sequence[ToponymOutcome], mentions_total: int = 0,
              mentions_matching: int = 0) -> dict[str, float]:
    """The scores of a list of outcomes (see module docstring). Empty input scores 0."""
    with_coords = [o for o in outcomes if o.has_coordinates]
    found_coords = [o for o in with_coords if o.found]
    close = [o for o in found_coords if o.error_km is not None and o.error_km <= DISTANCE_KM]
    errors = [o.error_km for o in found_coords if o.error_km is not None]
    return {
        "toponym_recall": _share(sum(o.found for o in outcomes), len(outcomes)),
        "resolved_161km": _share(len(close), len(with_coords)),
        "resolved_161km_found": _share(len(close), len(found_coords)),
        "median_km": float(statistics.median(errors)) if errors else 0.0,
        "precision": _share(mentions_matching, mentions_total),
        "n": float(len(outcomes)),
    }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def score_corpus(path: Path, limit: int | None = None) -> tuple[dict[str, float], list[ToponymOutcome]]:
    """The scores of one corpus (as :func:`summarise`), and the outcomes behind them."""
    outcomes: list[ToponymOutcome] = []
    mentions_total = mentions_matching = 0
    for article in read_corpus(path)[:limit]:
        mentions = find_places(article.text, include_demonyms=True)
        outcomes.extend(judge(article.toponyms, mentions))
        mentions_total += len(mentions)
        mentions_matching += sum(
            any(overlaps(m.start, m.end, t.start, t.end) for t in article.toponyms) for m in mentions)
    return summarise(outcomes, mentions_total, mentions_matching), outcomes


def score(path: Path | None = None, limit: int | None = None) -> Score:
    """Scores one XML file (``path``), or both default corpora per corpus and combined."""
    paths = [path] if path else [shared_path("data", "dev", "geoparsing", name) for name in CORPORA]
    result: dict[str, float] = {}
    every: list[ToponymOutcome] = []
    for corpus in paths:
        scores, outcomes = score_corpus(Path(corpus), limit)
        every.extend(outcomes)
        prefix = Path(corpus).stem.replace("-", "_").lower()
        result.update({f"{prefix}_{k}": v for k, v in scores.items()})
    combined = summarise(every)
    combined.pop("precision")
    n = combined.pop("n")
    return Score(metrics={**result, **combined}, n=n)
