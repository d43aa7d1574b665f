"""Stage 5, fuse: event mentions and figures from all articles -> events, contradictions, timeline.

Entry point: :func:`fuse`.

How mentions become events
--------------------------
1. Inputs are sorted canonically (by id) and duplicate articles count as their original
   (``duplicate_of``): their mentions take part, but sources are counted per original.
2. Candidate pairs come from blocking on dates (mentions whose date intervals overlap, with one
   day of slack; an undated mention stands for the :data:`RECENT_DAYS` before its article's
   publication) and, for undated mentions, on place (same normalised name or nearby grid cell).
3. Each candidate pair gets a score (:func:`pair_score`), the sum of: date (same day 2, a coarser
   overlapping date 0.75, one day apart 0.5, undated but within the days before publication
   0.25); place (within :data:`SAME_PLACE_KM` or names equal after normalisation, e.g.
   Khtsabert ~ Khtsaberd: 2; a region holding the other: 0.5); type (same sub-type 1, same type
   0.5, another type of the same family (Protests vs Riots) :data:`OTHER_TYPE_PENALTY`, since ACLED
   codes them as separate events; another family :data:`OTHER_FAMILY_PENALTY`: typing is noisy, so
   neither is a hard block); actor
   overlap (Jaccard); killed/wounded numbers (one equal +1, all different -0.5); wording
   (2 x Jaccard of content words); shared proper names other than the place (0.75 each, at most
   two). Some pairs *cannot link* (:func:`cannot_link`): dates more than a day apart, a day apart
   in different or unrelated places, clearly different places (over :data:`DIFFERENT_PLACE_KM`,
   another admin1 or country), or an agreement against an incident of another family.
4. Clustering is agglomerative single link with cannot-link constraints: pairs scoring at least
   :data:`MERGE_THRESHOLD` (same day and same place reach it alone; anything less needs type,
   wording, names or numbers too) are taken best first (ties broken by mention ids) and two
   clusters join unless some pair across them cannot link. The result does not depend on input
   order, and fusing the events' own mentions again gives the same events.
5. Event ids are a hash of the sorted mention ids.

Event fields
------------
- type/sub_type/plover: vote over mentions weighted by confidence (ties: alphabetical).
- date: among day-precision dates, the one reported by most distinct sources; ties go to the
  earliest (reports of an incident usually err late: "late on 9 November" is reported as the
  10th by outlets counting from when it took effect). Without day dates, the most precise
  coarser date by the same rule. ``date_end`` is the latest ``date_end`` a mention gives, if any.
- place: the most specific place (geo precision exact > near > admin2 > admin1 > country), then
  the most reported, then alphabetical; lat/lon/country/admin1 come with it.
- actors: union, most reported first.
- fatalities: see :mod:`sitroom.ledger` (:func:`sitroom.ledger.fatalities`).
- summary: one line, e.g. "Armed clash at Hin Tagher, 2020-12-11 (3 sources)".
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Sequence

from sitroom.models import Article, Contradiction, Event, EventMention, Figure, Place, TimelineEntry

SAME_PLACE_KM = 15.0
DIFFERENT_PLACE_KM = 40.0
MERGE_THRESHOLD = 3.5
RECENT_DAYS = 3
OTHER_FAMILY_PENALTY = -1.0  # typing is noisy (a shooting told through its arrests), so no hard block
OTHER_TYPE_PENALTY = -2.0  # a rally and a riot in one city on one day are two ACLED events
NAME_SIMILARITY = 0.85
GEO_RANK = {"exact": 0, "near": 1, "admin2": 2, "admin1": 3, "country": 4}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
TYPE_FAMILY = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}
STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but as is was were be been being has have had "
    "it its this that these those he she they them his her their who which what when where said says "
    "after before during into over than then there also not no one two three four five six seven eight "
    "nine ten according told reported report reports people".split()
)


@dataclass(frozen=True)
class Fusion:
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]  # the input figures, with event_id filled in
    contradictions: tuple[Contradiction, ...]
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class MentionView:
    """What fusion needs to know about one mention, computed once."""
    mention: EventMention
    source: str  # the original article id (duplicates count as their original)
    span: tuple[int, int] | None  # date interval as ordinals (inclusive), None when undated
    place_key: str | None
    words: frozenset[str]
    tolls: frozenset[tuple[str, float]]  # (kind, value) of killed/wounded figures
    names: frozenset[str] = frozenset()  # proper names in the sentence and the article title
    published_span: tuple[int, int] | None = None  # undated: the days before publication


# ---------------------------------------------------------------- entry point
def fuse(articles: Sequence[Article], figures: Sequence[Figure], mentions: Sequence[EventMention]) -> Fusion:
    """Fuse mentions from all articles into events; figures get their ``event_id``."""
    from sitroom.ledger import build_contradictions
    from sitroom.timeline import build_timeline

    articles = sorted(articles, key=lambda a: a.id)
    figures = sorted(figures, key=lambda f: f.id)
    mentions = sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id)
    original = original_ids(articles)
    by_id = {a.id: a for a in articles}
    views = [mention_view(m, original, figures, by_id.get(m.article_id)) for m in mentions]
    clusters = cluster_mentions(views)
    events = tuple(sorted((build_event(c, figures, articles, original) for c in clusters), key=event_sort_key))
    linked = tuple(link_figures(figures, mentions, events))
    contradictions = build_contradictions(linked, events, articles)
    timeline = build_timeline(events, contradictions, articles)
    return Fusion(events, linked, contradictions, timeline)


def original_ids(articles: Iterable[Article]) -> dict[str, str]:
    """Article id -> the id of the article it counts as (its original when a duplicate)."""
    return {a.id: a.duplicate_of or a.id for a in articles}


def event_sort_key(event: Event) -> tuple:
    return (event.date or "9999", event.id)


# ---------------------------------------------------------------- per-mention features
def mention_view(mention: EventMention, original: dict[str, str], figures: Sequence[Figure],
                 article: Article | None = None) -> MentionView:
    own = set(mention.figure_ids)
    tolls = frozenset(
        (f.kind, float(f.value)) for f in figures
        if (f.id in own or f.mention_id == mention.id) and f.kind in ("killed", "wounded")
        and f.value is not None and f.stance != "denied"
    )
    return MentionView(
        mention=mention,
        source=original.get(mention.article_id, mention.article_id),
        span=date_span(mention.date, mention.date_precision, mention.date_end),
        place_key=normal_place_name(mention.place.name if mention.place else mention.place_text),
        words=content_words(mention.sentence),
        tolls=tolls,
        names=(proper_names(mention.sentence) | title_names(article)) - place_words(mention),
        published_span=recent_days(article.published if article else None),
    )


def place_words(mention: EventMention) -> frozenset[str]:
    """Words of the mention's place: already counted by place agreement, not again as names."""
    text = " ".join(filter(None, [mention.place.name if mention.place else None, mention.place_text]))
    return frozenset(re.findall(r"[a-z]+", text.casefold()))


def recent_days(published: str | None) -> tuple[int, int] | None:
    """The days an undated incident reported on ``published`` most likely fell on."""
    day = parse_day(published)
    return (day.toordinal() - RECENT_DAYS, day.toordinal()) if day else None


NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december police news update updated posted photo video read more "
    "share click street avenue road county city new north south east west department sheriff officers "
    "officer mayor chief state".split()
)


def proper_names(text: str | None) -> frozenset[str]:
    """Capitalised words that do not open a sentence: victims, streets, units, villages. Names of
    sides ("Armenian", "Taliban") are left out: actor overlap already counts them."""
    found = re.findall(r"(?<![.!?:\n]\s)(?<!^)\b([A-Z][a-z]{2,})\b", text or "")
    return frozenset(w.casefold() for w in found if w.casefold() not in STOPWORDS | NOT_NAMES and not is_side(w))


@lru_cache(maxsize=65536)
def is_side(word: str) -> bool:
    from sitroom.actors import party_of

    return party_of(word) is not None


def title_names(article: Article | None) -> frozenset[str]:
    """Names in the headline that the body also capitalises mid-sentence (a Title Case headline
    capitalises every word: "Missing" there is no name)."""
    if article is None or not article.title:
        return frozenset()
    return proper_names(article.title) & proper_names(article.body)


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except (TypeError, ValueError):
        return None


def date_span(value: str | None, precision: str | None, value_end: str | None = None) -> tuple[int, int] | None:
    """The interval of days a date of some precision can mean, as ordinals (inclusive)."""
    if not value:
        return None
    text = str(value)
    week = re.fullmatch(r"(\d{4})-W(\d{1,2})", text)
    if week:
        start = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return start.toordinal(), start.toordinal() + 6
    parts = text.split("-")
    try:
        if len(parts) == 1 or precision == "year":
            year = int(parts[0])
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if len(parts) == 2 or precision == "month":
            start = date(int(parts[0]), int(parts[1]), 1)
            nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start.toordinal(), nxt.toordinal() - 1
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    if precision == "week":
        return day.toordinal(), day.toordinal() + 6
    end = parse_day(value_end)
    return day.toordinal(), max(day.toordinal(), end.toordinal() if end else day.toordinal())


def normal_place_name(name: str | None) -> str | None:
    """Casefolded ASCII letters only: "Çaylaqqala" -> "caylaqqala", "Hin Tagher" -> "hintagher"."""
    if not name:
        return None
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z]", "", ascii_name.casefold())
    return key or None


def content_words(text: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z]+", (text or "").casefold())
    return frozenset(w for w in words if len(w) > 2 and w not in STOPWORDS)


# ---------------------------------------------------------------- pairwise evidence
def km_between(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def names_match(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def is_coarse(place: Place) -> bool:
    return GEO_RANK.get(place.geo_precision, 0) >= GEO_RANK["admin1"]


def place_relation(a: MentionView, b: MentionView) -> str:
    """'same', 'within' (one is a region holding the other), 'unknown' or 'different'."""
    pa, pb = a.mention.place, b.mention.place
    km = km_between(pa, pb) if pa and pb and not is_coarse(pa) and not is_coarse(pb) else None
    if km is not None:
        if km <= SAME_PLACE_KM:
            return "same"
        return "different" if km > DIFFERENT_PLACE_KM else "unknown"
    if names_match(a.place_key, b.place_key):
        return "same"
    if pa is None or pb is None:
        return "unknown"
    if pa.country and pb.country and pa.country != pb.country:
        return "different"
    return region_relation(pa, pb)


def region_relation(pa: Place, pb: Place) -> str:
    coarse, fine = (pa, pb) if GEO_RANK.get(pa.geo_precision, 0) >= GEO_RANK.get(pb.geo_precision, 0) else (pb, pa)
    if coarse.geo_precision == "country" or not coarse.admin1 or not fine.admin1:
        return "within" if coarse.country == fine.country else "unknown"
    return "within" if normal_place_name(coarse.admin1) == normal_place_name(fine.admin1) else "different"


def day_gap(a: MentionView, b: MentionView) -> int | None:
    """0 when the date intervals overlap, else the number of days between them; None if undated."""
    if a.span is None or b.span is None:
        return None
    return max(0, max(a.span[0], b.span[0]) - min(a.span[1], b.span[1]))


def family(event_type: str | None) -> str | None:
    return TYPE_FAMILY.get(event_type or "")


def cannot_link(a: MentionView, b: MentionView) -> bool:
    """Pairs that must never be one event, whatever else they share."""
    gap = day_gap(a, b)
    if gap is not None and gap > 1:
        return True
    if gap == 1 and place_relation(a, b) not in ("same", "unknown"):
        return True
    if agreement_and_incident(a.mention, b.mention):
        return True
    return place_relation(a, b) == "different"


def agreement_and_incident(a: EventMention, b: EventMention) -> bool:
    """An agreement (a cease-fire, an exchange deal) is never the incident it follows."""
    return (a.sub_type == "Agreement") != (b.sub_type == "Agreement") and family(a.type) != family(b.type)


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def date_score(a: MentionView, b: MentionView) -> float:
    gap = day_gap(a, b)
    if gap is None:
        return 0.25 if soft_overlap(a, b) else 0.0
    if gap == 1:
        return 0.5
    precise = a.mention.date_precision == "day" and b.mention.date_precision == "day"
    return 2.0 if precise else 0.75


PLACE_SCORES = {"same": 2.0, "within": 0.5, "unknown": 0.0, "different": -5.0}


def type_score(a: EventMention, b: EventMention) -> float:
    if a.type == b.type and a.sub_type == b.sub_type:
        return 1.0
    if a.type == b.type:
        return 0.5
    return OTHER_TYPE_PENALTY if family(a.type) == family(b.type) else OTHER_FAMILY_PENALTY


def toll_score(a: MentionView, b: MentionView) -> float:
    if not a.tolls or not b.tolls:
        return 0.0
    return 1.0 if a.tolls & b.tolls else -0.5


def soft_overlap(a: MentionView, b: MentionView) -> bool:
    """Undated mentions: does the other date fall in the days before publication?"""
    sa, sb = a.span or a.published_span, b.span or b.published_span
    return bool(sa and sb) and max(sa[0], sb[0]) <= min(sa[1], sb[1])


def name_score(a: MentionView, b: MentionView) -> float:
    return min(2, len(a.names & b.names)) * 0.75


def pair_score(a: MentionView, b: MentionView) -> float:
    """How strongly two mentions look like the same incident (see the module docstring)."""
    return (date_score(a, b) + PLACE_SCORES[place_relation(a, b)] + type_score(a.mention, b.mention)
            + jaccard(frozenset(a.mention.actors), frozenset(b.mention.actors))
            + toll_score(a, b) + 2.0 * jaccard(a.words, b.words) + name_score(a, b))


# ---------------------------------------------------------------- candidates and clustering
def candidate_pairs(views: Sequence[MentionView]) -> set[tuple[int, int]]:
    """Index pairs worth scoring: overlapping dates (1 day slack), or undated ones sharing a place."""
    pairs: set[tuple[int, int]] = set()
    spans = [v.span or v.published_span for v in views]
    dated = sorted((i for i, span in enumerate(spans) if span), key=lambda i: (spans[i], i))
    for pos, i in enumerate(dated):
        for j in dated[pos + 1:]:
            if spans[j][0] > spans[i][1] + 1:
                break
            pairs.add((min(i, j), max(i, j)))
    by_place: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for key in place_keys(v):
            by_place[key].append(i)
    for members in by_place.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if views[i].span is None or views[j].span is None:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def place_keys(view: MentionView) -> list[str]:
    keys = [f"n:{view.place_key}"] if view.place_key else []
    place = view.mention.place
    if place and place.lat is not None and place.lon is not None and not is_coarse(place):
        row, col = int(math.floor(place.lat * 5)), int(math.floor(place.lon * 5))
        keys += [f"g:{row + dr}:{col + dc}" for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
    return keys


def cluster_mentions(views: Sequence[MentionView]) -> list[list[MentionView]]:
    """Single-link agglomeration over pairs above the threshold, refusing cannot-link merges."""
    scored = []
    for i, j in candidate_pairs(views):
        if cannot_link(views[i], views[j]):
            continue
        score = pair_score(views[i], views[j])
        if score >= MERGE_THRESHOLD:
            scored.append((-round(score, 9), views[i].mention.id, views[j].mention.id, i, j))
    parent = list(range(len(views)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(views))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, _, i, j in sorted(scored):
        ri, rj = root(i), root(j)
        if ri == rj or any(cannot_link(views[x], views[y]) for x in members[ri] for y in members[rj]):
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        parent[gone] = keep
        members[keep] += members.pop(gone)
    return [[views[i] for i in sorted(group)] for group in members.values()]


# ---------------------------------------------------------------- events
def event_id_for(mention_ids: Iterable[str]) -> str:
    return "e" + hashlib.sha1("|".join(sorted(mention_ids)).encode("utf-8")).hexdigest()[:15]


def vote(pairs: Iterable[tuple[str | None, float]]) -> str | None:
    weights: Counter = Counter()
    for value, weight in pairs:
        if value:
            weights[value] += weight + 0.01
    return min(weights, key=lambda v: (-weights[v], v)) if weights else None


def choose_date(cluster: Sequence[MentionView]) -> tuple[str | None, str | None]:
    """The best-supported date of the most precise precision present (see the module docstring)."""
    dated = [v for v in cluster if v.mention.date]
    if not dated:
        return None, None
    best_rank = min(PRECISION_RANK.get(v.mention.date_precision or "year", 3) for v in dated)
    sources: dict[str, set[str]] = defaultdict(set)
    precision_of: dict[str, str | None] = {}
    for v in dated:
        if PRECISION_RANK.get(v.mention.date_precision or "year", 3) == best_rank:
            sources[v.mention.date].add(v.source)
            precision_of[v.mention.date] = v.mention.date_precision
    chosen = min(sources, key=lambda d: (-len(sources[d]), d))
    return chosen, precision_of[chosen]


def choose_place(cluster: Sequence[MentionView]) -> Place | None:
    counts: Counter = Counter(v.mention.place for v in cluster if v.mention.place)
    if not counts:
        return None
    return min(counts, key=lambda p: (GEO_RANK.get(p.geo_precision, 5), -counts[p], p.name))


def ranked(values: Iterable[str]) -> tuple[str, ...]:
    counts = Counter(values)
    return tuple(sorted(counts, key=lambda v: (-counts[v], v)))


def cluster_figures(cluster: Sequence[MentionView], figures: Sequence[Figure]) -> list[Figure]:
    ids = {v.mention.id for v in cluster}
    listed = {fid for v in cluster for fid in v.mention.figure_ids}
    return [f for f in figures if f.mention_id in ids or f.id in listed]


def summary_line(sub_type: str | None, place: Place | None, day: str | None, n_sources: int) -> str:
    where = f" at {place.name}" if place else ""
    when = f", {day}" if day else ""
    return f"{sub_type or 'Event'}{where}{when} ({n_sources} source{'s' if n_sources != 1 else ''})"


def build_event(cluster: Sequence[MentionView], figures: Sequence[Figure], articles: Sequence[Article],
                original: dict[str, str]) -> Event:
    from sitroom.ledger import fatalities

    mentions = [v.mention for v in cluster]
    etype = vote((m.type, m.confidence) for m in mentions)
    sub_type = vote((m.sub_type, m.confidence) for m in mentions if m.type == etype)
    day, precision = choose_date(cluster)
    ends = [m.date_end for m in mentions if m.date_end and (not day or m.date_end > day)]
    place = choose_place(cluster)
    own_figures = cluster_figures(cluster, figures)
    low, best, high = fatalities(own_figures, articles)
    article_ids = sorted({m.article_id for m in mentions} | {f.article_id for f in own_figures})
    n_sources = len({original.get(a, a) for a in article_ids})
    return Event(
        id=event_id_for(m.id for m in mentions), type=etype or "", sub_type=sub_type or "",
        date=day, date_end=max(ends) if ends else None, date_precision=precision,
        place=place.name if place else None, country=place.country if place else None,
        admin1=place.admin1 if place else None, lat=place.lat if place else None,
        lon=place.lon if place else None, geo_precision=place.geo_precision if place else None,
        actors=ranked(a for m in mentions for a in m.actors),
        fatalities_low=low, fatalities_best=best, fatalities_high=high,
        article_ids=tuple(article_ids), figure_ids=tuple(sorted(f.id for f in own_figures)),
        summary=summary_line(sub_type, place, day, n_sources),
        mention_ids=tuple(sorted(m.id for m in mentions)),
        plover=vote((m.plover, m.confidence) for m in mentions),
        sentences=tuple(dict.fromkeys(m.sentence for m in sorted(mentions, key=lambda m: m.id) if m.sentence)),
    )


def link_figures(figures: Sequence[Figure], mentions: Sequence[EventMention], events: Sequence[Event]) -> list[Figure]:
    """The figures with ``event_id`` set from their mention (or the mention that lists them)."""
    event_of_mention = {mid: e.id for e in events for mid in e.mention_ids}
    mention_of_figure = {fid: m.id for m in mentions for fid in m.figure_ids}
    linked = []
    for f in figures:
        mention_id = f.mention_id or mention_of_figure.get(f.id)
        event_id = event_of_mention.get(mention_id) if mention_id else None
        linked.append(replace(f, event_id=event_id or f.event_id))
    return linked
