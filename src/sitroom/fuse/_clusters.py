"""Stage 5, fuse: event mentions and figures from all articles -> events, contradictions, timeline.

Entry point: :func:`fuse`.

How mentions become events
--------------------------
1. Inputs are sorted canonically (by id) and duplicate articles count as their original
   (``duplicate_of``): their mentions take part, but sources are counted per original.
2. Candidate pairs come from blocking on dates (mentions whose date intervals overlap, with one
   day of slack; an undated mention stands for the :data:`RECENT_DAYS` before its article's
   publication), for undated mentions on place (same normalised name or nearby grid cell), on
   shared rare full names of people (whatever the dates: a trial report a year on), and on
   whole-article likeness (:func:`sitroom.fuse._likeness.body_likeness`).
3. Each candidate pair gets a score (:func:`pair_score`), the sum of: date (same day 2, a coarser
   overlapping date 0.75, one day apart 0.5, undated but within the days before publication 0.25,
   undated and over :data:`FAR_DAYS` from the other's date or publication :data:`FAR_DATE_PENALTY`,
   further apart where allowed at all :data:`GUESSED_DATE_PENALTY`); place (within
   :data:`sitroom.fuse._constraints.SAME_PLACE_KM` or names equal after normalisation, e.g. Khtsabert ~ Khtsaberd: 2, or
   :data:`BIG_PLACE_SCORE` when both are cities of at least :data:`BIG_PLACE_POPULATION`, which have
   many incidents a day; a region holding the other: 0.5); type (same sub-type 1, same type 0.5,
   another type of the same family (Protests vs Riots) :data:`OTHER_TYPE_PENALTY`, since ACLED codes
   them as separate events; another family :data:`OTHER_FAMILY_PENALTY`: typing is noisy, so neither
   is a hard block); actor overlap (Jaccard); killed/wounded numbers (one equal +1, all different
   -0.5); wording (2 x Jaccard of content words of the sentence and the headline); shared proper
   names other than the place (0.75 each, at most two); shared rare full names of people
   (:func:`sitroom.fuse._likeness.full_names`, in at most :data:`sitroom.fuse._likeness.COMMON_NAME_SHARE` of
   the articles; :data:`PERSON_WEIGHT` each, two at most, so two such names merge on their own);
   whole-article likeness for the *lead* mentions of two articles (the incident each is mostly
   about, :func:`lead_mentions`): :data:`BODY_WEIGHT` x the cosine of TF-IDF vectors over words few
   sources use (victims, streets), capped at :data:`BODY_CAP` so that it never merges alone. Page
   chrome (:func:`sitroom.fuse._likeness.page_chrome`: lines or sentences recurring, case, spacing and
   numbers aside, in :data:`sitroom.fuse._likeness.CHROME_SOURCES` sources of the batch: "Get email
   notifications", "2 of 3 Premium Clicks used") is left out of both likeness and people's names. A
   mention that is its article's only one also counts the article's loose killed/wounded figures,
   and a one-word place that is the surname of someone the article names is dropped ("Stafford's
   gun"). Some pairs *cannot link*, whatever they score: the named rules of
   :mod:`sitroom.fuse._constraints` (another country or first-level region, far apart, dates apart
   unless a follow-up, a mention with no place and no day without strong evidence of its own, ...).
   :func:`pair_score` returns a :class:`PairScore` (each part named, ``.total`` the sum) and
   :func:`explain` a :class:`Decision` (the rule broken, if any, and the score), so that a fusion
   decision can be explained.

   Article-level mentions (:mod:`sitroom.fuse._mentions`, saved by the pipeline) stand for articles
   in which extraction found no incident (a follow-up about a vigil or a trial; GVA's ordinary
   crime, which ACLED-style typing leaves out): typeless (type scores 0), dated by the day or time
   of day the article names most within :data:`sitroom.fuse._mentions.INCIDENT_DAYS` before
   publication (else the first full date it names before publication, "on 4 October 2019"; else
   undated), with the article's most named place and loose figures, citing the
   sentence that names that day.
4. Clustering is agglomerative single link with cannot-link constraints: pairs scoring at least
   :data:`MERGE_THRESHOLD` (same day and same place reach it alone; anything less needs type,
   wording, names or numbers too) are taken best first (ties broken by mention ids) and two
   clusters join unless some pair across them cannot link, or their cross-source pairs score
   below :data:`CHAIN_MEAN_SCORE` on average (:func:`weakly_joined`: an average-link check, so
   that one chance pair sharing a city and some wording does not chain two incidents). The result
   does not depend on input order, and fusing the events' own mentions again gives the same events.
5. Event ids are a hash of the sorted mention ids.
6. Only clusters holding a typed mention are events: an article-level mention that joined one adds
   its article as a source (and its loose figures as claims); clusters of article-level mentions
   alone are kept apart in :attr:`Fusion.untyped` (reports grouped though no incident was typed:
   scored by ``sitroom eval gva``, never exported as events).

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
- fatalities: see :mod:`sitroom.fuse._ledger` (:func:`sitroom.fuse._ledger.fatalities`), over the figures about
  the event's mentions (:func:`figure_owners`): a figure's own mention, the mention listing it,
  and for a loose killed/wounded figure its article's lead mention unless dated elsewhere.
- summary: one line, e.g. "Armed clash at Hin Tagher, 2020-12-11 (3 sources)".
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Sequence

from sitroom.core import (
    DATE_RANK,
    GEO_RANK,
    Article,
    Contradiction,
    Event,
    EventMention,
    Figure,
    Place,
    TimelineEntry,
    iso_day,
    setting,
)
from sitroom.extract import Extraction, is_tally_figure, main_mention
from sitroom.fuse._constraints import (
    MentionView,
    broken_rule,
    cannot_link,
    day_gap,
    different_country,
    days_apart,
    family,
    follow_up,
    is_coarse,
    jaccard,
    normal_place_name,
    place_relation,
)
from sitroom.fuse._ledger import build_contradictions, fatalities
from sitroom.fuse._likeness import (
    STOPWORDS,
    body_likeness,
    full_names,
    original_ids,
    page_chrome,
    proper_names,
    rare_people,
    surnames,
    title_names,
)
from sitroom.fuse._timeline import build_timeline

MERGE_THRESHOLD = setting("fuse.clusters.merge_threshold")
RECENT_DAYS = setting("fuse.clusters.recent_days")
PERSON_WEIGHT = MERGE_THRESHOLD / 2  # two rare full names in common are enough on their own
OTHER_FAMILY_PENALTY = setting("fuse.clusters.other_family_penalty")  # typing is noisy (a shooting told through its arrests), so no hard block
OTHER_TYPE_PENALTY = setting("fuse.clusters.other_type_penalty")  # a rally and a riot in one city on one day are two ACLED events


@dataclass(frozen=True)
class Fusion:
    events: tuple[Event, ...]  # incidents: clusters holding at least one typed mention
    figures: tuple[Figure, ...]  # the input figures, with event_id filled in
    contradictions: tuple[Contradiction, ...]
    timeline: tuple[TimelineEntry, ...]
    untyped: tuple[Event, ...] = ()  # clusters of article-level mentions only: reports grouped
    # though no incident was typed in any of them (not exported; see the module docstring)


# ---------------------------------------------------------------- entry point
def fuse(articles: Sequence[Article], figures: Sequence[Figure], mentions: Sequence[EventMention]) -> Fusion:
    """Fuse mentions from all articles into events; figures get their ``event_id``."""
    articles = sorted(articles, key=lambda a: a.id)
    figures = sorted(figures, key=lambda f: f.id)
    mentions = sorted({m.id: m for m in mentions}.values(), key=lambda m: m.id)
    original = original_ids(articles)
    views = mention_views(mentions, articles, figures)
    clusters = cluster_mentions(views)
    owners = figure_owners(figures, mentions)
    owned, by_id = figures_by_owner(figures, owners), {a.id: a for a in articles}
    built = sorted((build_event(c, figures, articles, original, owners, owned, by_id) for c in clusters),
                   key=event_sort_key)
    events = tuple(e for e in built if e.type)
    linked = tuple(link_figures(figures, mentions, events, owners))
    contradictions = build_contradictions(linked, events, articles)
    timeline = build_timeline(events, contradictions, articles)
    return Fusion(events, linked, contradictions, timeline, tuple(e for e in built if not e.type))


def event_sort_key(event: Event) -> tuple:
    return (event.date or "9999", event.id)


# ---------------------------------------------------------------- per-mention features
def mention_views(mentions: Sequence[EventMention], articles: Sequence[Article],
                  figures: Sequence[Figure]) -> list[MentionView]:
    """One view per mention (in the given order), with the rare people names of its article."""
    original = original_ids(articles)
    by_id = {a.id: a for a in articles}
    chrome = page_chrome(articles)
    people = rare_people(articles, chrome)
    per_article = Counter(m.article_id for m in mentions)
    owners = figure_owners(figures, mentions)
    figures_of: dict[str, list[Figure]] = defaultdict(list)
    listed = {fid for m in mentions for fid in m.figure_ids}
    for f in figures:  # adopted figures count as evidence only for an article's only incident
        owner = owners.get(f.id)
        if owner and (f.mention_id or f.id in listed or per_article[f.article_id] == 1):
            figures_of[owner].append(replace(f, mention_id=owner))
    alike = body_likeness(articles, chrome)
    leads = lead_mentions(mentions)
    days = days_named(mentions, figures)
    views = []
    for m in mentions:
        article = by_id.get(m.article_id)
        named = people.get(m.article_id, frozenset())
        own = figures_of.get(m.id, [])
        if per_article[m.article_id] > 1 and article is not None:  # several incidents: the names near this one
            named = named & full_names(f"{article.title or ''}\n{article.body[m.start:m.end]}", article.body)
        view = mention_view(m, original, own, article, named, days.get(m.article_id, frozenset()))
        if m.id in leads:  # the incident the article is mostly about: its whole text tells of it
            view = replace(view, alike=alike.get(view.source, {}))
        views.append(view)
    return views


def days_named(mentions: Sequence[EventMention], figures: Sequence[Figure]) -> dict[str, frozenset[int]]:
    """Article id -> the days (ordinals) it dates any incident or figure to."""
    days: dict[str, set[int]] = defaultdict(set)
    named = [(m.article_id, m.date) for m in mentions if m.date_precision == "day"]
    named += [(f.article_id, f.event_date) for f in figures]
    for article_id, value in named:
        day = iso_day(value)
        if day:
            days[article_id].add(day.toordinal())
    return {aid: frozenset(d) for aid, d in days.items()}


def lead_mentions(mentions: Sequence[EventMention]) -> set[str]:
    """Per article, the id of the incident it is mostly about (:func:`sitroom.extract._incidents.main_mention`)."""
    per_article: dict[str, list[EventMention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (m.start, m.id)):  # in reading order
        per_article[m.article_id].append(m)
    return {main_mention(Extraction(aid, None, (), tuple(ms))).id for aid, ms in per_article.items()}


ADOPTED_KINDS = ("killed", "wounded")


def figure_owners(figures: Sequence[Figure], mentions: Sequence[EventMention]) -> dict[str, str]:
    """Figure id -> the mention it is about: its own, else the mention listing it; a loose killed or
    wounded figure (extraction tied it to no incident) is about the incident its article is mostly
    about (:func:`lead_mentions`), unless it is dated more than a day away from that one or counts
    a period ("80 killed in the city in November alone")."""
    by_id = {m.id: m for m in mentions}
    owners = {fid: m.id for m in mentions for fid in m.figure_ids}
    lead_of = {by_id[mid].article_id: by_id[mid] for mid in lead_mentions(mentions)}
    for f in figures:
        if f.mention_id:
            owners[f.id] = f.mention_id
        elif f.id not in owners and f.kind in ADOPTED_KINDS and f.article_id in lead_of and not is_tally_figure(f):
            lead = lead_of[f.article_id]
            if not dated_apart(f.event_date, lead):
                owners[f.id] = lead.id
    return owners


def dated_apart(day: str | None, mention: EventMention) -> bool:
    """Is ``day`` more than a day away from the mention's date interval?"""
    span = date_span(mention.date, mention.date_precision, mention.date_end)
    own = date_span(day, "day") if day else None
    return bool(span and own) and max(0, max(span[0], own[0]) - min(span[1], own[1])) > 1


def mention_view(mention: EventMention, original: dict[str, str], figures: Sequence[Figure],
                 article: Article | None = None, people: frozenset[str] = frozenset(),
                 named_days: frozenset[int] = frozenset()) -> MentionView:
    own = set(mention.figure_ids)
    tolls = frozenset(
        (f.kind, float(f.value)) for f in figures
        if (f.id in own or f.mention_id == mention.id) and f.kind in ("killed", "wounded")
        and f.value is not None and f.stance != "denied"
    )
    mention = without_surname_place(mention, article)
    return MentionView(
        mention=mention,
        source=original.get(mention.article_id, mention.article_id),
        span=date_span(mention.date, mention.date_precision, mention.date_end),
        place_key=normal_place_name(mention.place.name if mention.place else mention.place_text),
        words=content_words(mention.sentence) | content_words(article.title if article else None),
        tolls=tolls,
        names=(proper_names(mention.sentence) | title_names(article)) - place_words(mention),
        published_span=recent_days(article.published if article else None),
        named_days=named_days,
        people=people,
    )


# ---------------------------------------------------------------- page chrome


# ---------------------------------------------------------------- whole-article likeness
BODY_WEIGHT = setting("fuse.clusters.body_weight")
BODY_CAP = MERGE_THRESHOLD - 0.5  # wording alone never merges: the date or the place must agree a little


def body_score(a: MentionView, b: MentionView) -> float:
    """Two articles that each report one incident and share rare words: BODY_WEIGHT x cosine, capped."""
    if a.alike is None or b.alike is None or a.source == b.source:
        return 0.0
    return min(BODY_CAP, BODY_WEIGHT * a.alike.get(b.source, 0.0))


# ---------------------------------------------------------------- people named in articles


def without_surname_place(mention: EventMention, article: Article | None) -> EventMention:
    """A one-word "place" that is the surname of someone the article names is that person
    ("Stafford's gun", "Bryant was among"), not a town: the mention is taken as placeless."""
    text = (mention.place_text or "").strip().casefold()
    if text and " " not in text and text in surnames(article):
        return replace(mention, place=None, place_text=None)
    return mention


def place_words(mention: EventMention) -> frozenset[str]:
    """Words of the mention's place: already counted by place agreement, not again as names."""
    text = " ".join(filter(None, [mention.place.name if mention.place else None, mention.place_text]))
    return frozenset(re.findall(r"[a-z]+", text.casefold()))


def recent_days(published: str | None) -> tuple[int, int] | None:
    """The days an undated incident reported on ``published`` most likely fell on."""
    day = iso_day(published)
    return (day.toordinal() - RECENT_DAYS, day.toordinal()) if day else None


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
            end = iso_day(value_end)  # "mid-December" ends on the 20th, not the 31st
            last = min(nxt.toordinal() - 1, end.toordinal()) if end and end >= start else nxt.toordinal() - 1
            return start.toordinal(), last
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    if precision == "week":
        return day.toordinal(), day.toordinal() + 6
    end = iso_day(value_end)
    return day.toordinal(), max(day.toordinal(), end.toordinal() if end else day.toordinal())


def content_words(text: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z]+", (text or "").casefold())
    return frozenset(w for w in words if len(w) > 2 and w not in STOPWORDS)


# ---------------------------------------------------------------- pairwise evidence
def date_score(a: MentionView, b: MentionView) -> float:
    gap = day_gap(a, b)
    if gap is None:
        if soft_overlap(a, b):
            return 0.25
        if days_apart(a, b) <= FAR_DAYS:
            return NEAR_UNDATED_SCORE
        return FOLLOW_UP_DATE_PENALTY if follow_up(a, b) else FAR_DATE_PENALTY
    if gap == 1:
        return 0.5
    if gap > 1:  # a follow-up report or a guessed day (see cannot_link)
        return FOLLOW_UP_DATE_PENALTY if follow_up(a, b) else GUESSED_DATE_PENALTY
    precise = a.mention.date_precision == "day" and b.mention.date_precision == "day"
    return 2.0 if precise else 0.75


PLACE_SCORES = {"same": setting("fuse.clusters.place_same"), "within": setting("fuse.clusters.place_within"),
                "unknown": setting("fuse.clusters.place_unknown"), "different": setting("fuse.clusters.place_different")}
GUESSED_PLACE_PENALTY = setting("fuse.clusters.guessed_place_penalty")  # an article-level mention's place is its most named one: a guess
GUESSED_DATE_PENALTY = setting("fuse.clusters.guessed_date_penalty")  # an article-level mention's day is its most named recent one: a guess
FOLLOW_UP_DATE_PENALTY = setting("fuse.clusters.follow_up_date_penalty")  # a later report of the incident, dated by its own news


def type_score(a: EventMention, b: EventMention) -> float:
    if not a.type or not b.type:
        return 0.0
    if a.type == b.type and a.sub_type == b.sub_type:
        return 1.0
    if a.type == b.type:
        return 0.5
    return OTHER_TYPE_PENALTY if family(a.type) == family(b.type) else OTHER_FAMILY_PENALTY


def toll_score(a: MentionView, b: MentionView) -> float:
    """+1 for each killed/wounded number both give (two at most), -0.5 when none agrees."""
    if not a.tolls or not b.tolls:
        return 0.0
    return min(2, len(a.tolls & b.tolls)) * 1.0 or -0.5


FAR_DAYS = setting("fuse.clusters.far_days")  # an undated mention and a date (or publication) this far apart: likely another incident
FAR_DATE_PENALTY = setting("fuse.clusters.far_date_penalty")
NEAR_UNDATED_SCORE = setting("fuse.clusters.near_undated_score")  # undated, within FAR_DAYS but outside the days before publication


def soft_overlap(a: MentionView, b: MentionView) -> bool:
    """Undated mentions: does the other date fall in the days before publication?"""
    sa, sb = a.span or a.published_span, b.span or b.published_span
    return bool(sa and sb) and max(sa[0], sb[0]) <= min(sa[1], sb[1])


def name_score(a: MentionView, b: MentionView) -> float:
    """Shared proper words (0.75 each, two at most) and shared rare full names of people
    (:data:`PERSON_WEIGHT` each, two at most): victims, suspects, commanders."""
    return min(2, len(a.names & b.names)) * 0.75 + min(2, len(a.people & b.people)) * PERSON_WEIGHT


def place_score(a: MentionView, b: MentionView) -> float:
    relation = place_relation(a, b)
    if relation == "different" and (a.article_level or b.article_level):
        return GUESSED_PLACE_PENALTY
    if relation == "same" and big_place(a.mention.place) and big_place(b.mention.place):
        return BIG_PLACE_SCORE
    return PLACE_SCORES[relation]


BIG_PLACE_POPULATION = setting("fuse.clusters.big_place_population")  # a city this big has many incidents a day: sharing it says less
BIG_PLACE_SCORE = setting("fuse.clusters.big_place_score")


def big_place(place: Place | None) -> bool:
    """A place too big to tell incidents apart (or none given: the other side decides)."""
    return place is None or place.population >= BIG_PLACE_POPULATION


@dataclass(frozen=True)
class PairScore:
    """The parts of a pair's score (see the module docstring), so a fusion decision can be explained."""
    date: float
    place: float
    type: float
    actors: float
    tolls: float
    wording: float
    names: float
    body: float

    @property
    def total(self) -> float:
        return (self.date + self.place + self.type + self.actors + self.tolls + self.wording
                + self.names + self.body)


def pair_score(a: MentionView, b: MentionView) -> PairScore:
    """How strongly two mentions look like the same incident, part by part (``.total``: the sum)."""
    return PairScore(
        date=date_score(a, b), place=place_score(a, b), type=type_score(a.mention, b.mention),
        actors=jaccard(frozenset(a.mention.actors), frozenset(b.mention.actors)), tolls=toll_score(a, b),
        wording=2.0 * jaccard(a.words, b.words), names=name_score(a, b), body=body_score(a, b))


@dataclass(frozen=True)
class Decision:
    """Why two mentions are or are not one event: the cannot-link rule they break, if any, and the score."""
    rule: str | None
    score: PairScore

    @property
    def merges(self) -> bool:
        return self.rule is None and self.score.total >= MERGE_THRESHOLD


def explain(a: MentionView, b: MentionView) -> Decision:
    """The fusion decision for one pair of mentions, with its reasons."""
    return Decision(broken_rule(a, b), pair_score(a, b))


# ---------------------------------------------------------------- candidates and clustering
def candidate_pairs(views: Sequence[MentionView]) -> set[tuple[int, int]]:
    """Index pairs worth scoring: overlapping dates (1 day slack), shared rare people, alike
    articles, a recalled earlier day in the same place, or undated ones sharing a place."""
    pairs: set[tuple[int, int]] = set()
    spans = [v.span or v.published_span for v in views]
    dated = sorted((i for i, span in enumerate(spans) if span), key=lambda i: (spans[i], i))
    for pos, i in enumerate(dated):
        for j in dated[pos + 1:]:
            if spans[j][0] > spans[i][1] + 1:
                break
            pairs.add((min(i, j), max(i, j)))
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for name in v.people:
            by_person[name].append(i)
    for members in by_person.values():
        pairs.update((i, j) for x, i in enumerate(members) for j in members[x + 1:])
    pairs |= alike_pairs(views)
    pairs |= recalled_day_pairs(views)
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


def recalled_day_pairs(views: Sequence[MentionView]) -> set[tuple[int, int]]:
    """Index pairs where one mention's article names the other's (earlier) day and both share a
    place key: candidates for :func:`recalls_day`."""
    by_day_place: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        if v.span is not None:
            for key in place_keys(v):
                by_day_place[(v.span[0], key)].append(i)
    pairs = set()
    for i, v in enumerate(views):
        if v.span is None:
            continue
        for day in v.named_days:
            if day < v.span[0]:
                for key in place_keys(v):
                    pairs.update((min(i, j), max(i, j)) for j in by_day_place.get((day, key), ()) if j != i)
    return pairs


def alike_pairs(views: Sequence[MentionView]) -> set[tuple[int, int]]:
    """Index pairs of single-incident articles whose bodies are alike (see sitroom.fuse._likeness.body_likeness)."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        if v.alike is not None:
            by_source[v.source].append(i)
    pairs = set()
    for i, v in enumerate(views):
        for other in (v.alike or {}):
            pairs.update((min(i, j), max(i, j)) for j in by_source.get(other, ()) if j != i)
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
        if different_country(views[i], views[j]):
            continue  # a cannot-link pair, dropped before the costlier scoring
        score = pair_score(views[i], views[j]).total  # cheaper than the rules, and most pairs score low
        if score >= MERGE_THRESHOLD and not cannot_link(views[i], views[j]):
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
        if weakly_joined([views[x] for x in members[ri]], [views[y] for y in members[rj]]):
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        parent[gone] = keep
        members[keep] += members.pop(gone)
    return [[views[i] for i in sorted(group)] for group in members.values()]


CHAIN_SOURCES = setting("fuse.clusters.chain_sources")  # joins of clusters whose smaller one has reports from this many sources are checked:
CHAIN_MEAN_SCORE = setting("fuse.clusters.chain_mean_score")  # their cross-source pairs must agree this much on average (average link)


def weakly_joined(a: Sequence[MentionView], b: Sequence[MentionView]) -> bool:
    """Would joining two clusters rest on one chance pair? Single link chains incidents through a
    shared city and shared wording; clusters that really report one incident agree on most of
    their cross-source pairs, so their mean pair score stays high."""
    if min(len({v.source for v in a}), len({v.source for v in b})) < CHAIN_SOURCES:
        return False
    scores = [pair_score(x, y).total for x in a for y in b if x.source != y.source]
    return bool(scores) and sum(scores) / len(scores) < CHAIN_MEAN_SCORE


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
    best_rank = min(DATE_RANK.get(v.mention.date_precision or "year", 3) for v in dated)
    sources: dict[str, set[str]] = defaultdict(set)
    precision_of: dict[str, str | None] = {}
    for v in dated:
        if DATE_RANK.get(v.mention.date_precision or "year", 3) == best_rank:
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


def cluster_figures(cluster: Sequence[MentionView], figures: Sequence[Figure],
                    owners: dict[str, str] | None = None) -> list[Figure]:
    """The figures about the cluster's mentions (``owners``: see :func:`figure_owners`)."""
    ids = {v.mention.id for v in cluster}
    if owners is None:
        owners = figure_owners(figures, [v.mention for v in cluster])
    return [f for f in figures if owners.get(f.id) in ids]


def figures_by_owner(figures: Sequence[Figure], owners: dict[str, str]) -> dict[str, list[Figure]]:
    """Mention id -> the figures about it (:func:`figure_owners`), in the order of ``figures``."""
    owned: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.id in owners:
            owned[owners[f.id]].append(f)
    return owned


def owned_figures(cluster: Sequence[MentionView], owned: dict[str, list[Figure]]) -> list[Figure]:
    """:func:`cluster_figures` through an index (:func:`figures_by_owner`): sorted by id, as fusion sorts them."""
    return sorted((f for v in cluster for f in owned.get(v.mention.id, ())), key=lambda f: f.id)


def summary_line(sub_type: str | None, place: Place | None, day: str | None, n_sources: int) -> str:
    where = f" at {place.name}" if place else ""
    when = f", {day}" if day else ""
    return f"{sub_type or 'Event'}{where}{when} ({n_sources} source{'s' if n_sources != 1 else ''})"


def build_event(cluster: Sequence[MentionView], figures: Sequence[Figure], articles: Sequence[Article],
                original: dict[str, str], owners: dict[str, str] | None = None,
                owned: dict[str, list[Figure]] | None = None, by_id: dict[str, Article] | None = None) -> Event:
    """The event of one cluster (see the module docstring); ``owned`` (:func:`figures_by_owner`) and
    ``by_id`` (article id -> article) are indexes that spare a pass over all figures and articles."""
    mentions = [v.mention for v in cluster]
    etype = vote((m.type, m.confidence) for m in mentions)
    sub_type = vote((m.sub_type, m.confidence) for m in mentions if m.type == etype)
    day, precision = choose_date(cluster)
    ends = [m.date_end for m in mentions if m.date_end and (not day or m.date_end > day)]
    place = choose_place(cluster)
    own_figures = owned_figures(cluster, owned) if owned is not None else cluster_figures(cluster, figures, owners)
    low, best, high = fatalities(own_figures, cited_articles(own_figures, by_id) if by_id is not None else articles)
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


def cited_articles(figures: Sequence[Figure], by_id: dict[str, Article]) -> list[Article]:
    return [by_id[aid] for aid in sorted({f.article_id for f in figures}) if aid in by_id]


def link_figures(figures: Sequence[Figure], mentions: Sequence[EventMention], events: Sequence[Event],
                 owners: dict[str, str] | None = None) -> list[Figure]:
    """The figures with ``event_id`` set from the mention they are about (:func:`figure_owners`)."""
    event_of_mention = {mid: e.id for e in events for mid in e.mention_ids}
    owners = figure_owners(figures, mentions) if owners is None else owners
    linked = []
    for f in figures:
        mention_id = owners.get(f.id)
        event_id = event_of_mention.get(mention_id) if mention_id else None
        linked.append(replace(f, event_id=event_id or f.event_id))
    return linked
