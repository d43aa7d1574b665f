"""Cannot-link rules: pairs of mentions that are never one event, whatever else they share.

Fusion (:mod:`sitroom.fuse._clusters`) checks these before any score counts: a pair that breaks one
is never merged, and two clusters never join while any pair across them breaks one. Each rule is a
named function of two :class:`MentionView`; :data:`RULES` lists them in the order they are checked,
and :func:`broken_rule` names the first one a pair breaks (so a fusion decision can be explained).

- ``different_country``: both places are known and lie in different countries (the same toponym
  that two articles' contexts resolved apart, "Monroe", is one place and exempt).
- ``different_admin1``: both places lie below first-level regions (towns, districts) in different
  first-level regions of one country, more than :data:`SAME_PLACE_KM` apart.
- ``far_apart``: two incidents (neither an article-level mention, whose place is a guess) placed
  more than :data:`DIFFERENT_PLACE_KM` apart.
- ``dates_apart``: day intervals more than a day apart, unless one day is a guess (an article-level
  mention dated by its most named recent day) or the later report is a follow-up
  (:func:`follow_up`: rare people in common, a near-copy, or it recalls the other's day in the
  same place).
- ``day_apart_elsewhere``: a day apart and not in the same (or an unknown) place.
- ``far_in_time``: dates (an undated mention standing at its publication) more than
  :data:`FAR_APART_DAYS` apart and not a follow-up: two like incidents in different years.
- ``agreement_and_incident``: an agreement (a cease-fire, an exchange deal) is not the incident it
  follows.
- ``unanchored_without_evidence``: an incident (a typed mention; an article-level one has no type and
  scores no day, so it joins only on names, wording and figures anyway) with neither a place nor a
  day joins another only on
  strong evidence of its own (:func:`strong_evidence`: a rare full name in common, the same killed
  or wounded number, a near-copy of the other's text, or most of its wording; or
  :func:`joint_evidence`: a shared proper name and like wording together), never on type and day
  alone.
- ``undated_elsewhere``: two undated mentions join only in the same place, or on strong evidence:
  undated, fusion rests on place, names, wording and figures together.
- ``placeless_without_evidence``: a mention without a place needs some evidence beyond the date and
  the type (:func:`some_evidence`): a shared proper name, a rare person, a number, like wording.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable

from sitroom.core import EVENT_FAMILY, GEO_RANK, EventMention, Place, km_between, setting
from sitroom.fuse._mentions import INCIDENT_DAYS as GUESS_DAYS  # a day this recent is an article-level mention's guess

SAME_PLACE_KM = setting("fuse.constraints.same_place_km")  # two points this close are one place (a town and its outskirts, two geocodes of a village)
DIFFERENT_PLACE_KM = setting("fuse.constraints.different_place_km")  # two points this far apart are two places (beyond one town's sprawl)
NAME_SIMILARITY = setting("fuse.constraints.name_similarity")  # transliterations of one toponym (Khtsabert ~ Khtsaberd) are at least this alike
FOLLOW_UP_PEOPLE = setting("fuse.constraints.follow_up_people")  # rare full names two reports share that make a later one a follow-up
FOLLOW_UP_LIKENESS = setting("fuse.constraints.follow_up_likeness")  # or whole-article likeness this high ...
FOLLOW_UP_LIKENESS_DAYS = setting("fuse.constraints.follow_up_likeness_days")  # ... within a month: later than that, like wording is a like incident (a template)
FAR_APART_DAYS = setting("fuse.constraints.far_apart_days")  # further apart than this, only a follow-up (a trial, an anniversary) is the same incident
STRONG_LIKENESS = setting("fuse.constraints.strong_likeness")  # whole-article likeness of a rewrite of one wire story (random same-topic pairs: < 0.2)
STRONG_WORDING = setting("fuse.constraints.strong_wording")  # share of content words (Jaccard) of a near-verbatim retelling
SOME_LIKENESS = setting("fuse.constraints.some_likeness")  # likeness above noise (sitroom.fuse._likeness.BODY_MIN_LIKENESS is 0.05)
SOME_WORDING = setting("fuse.constraints.some_wording")  # a quarter of the content words shared: more than one topic's vocabulary


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
    people: frozenset[str] = frozenset()  # full names of people the mention's article tells of
    alike: dict[str, float] | None = None  # whole-article likeness: other source -> cosine (see sitroom.fuse._likeness.body_likeness)
    named_days: frozenset[int] = frozenset()  # days (ordinals) its article dates incidents or figures to

    @property
    def article_level(self) -> bool:
        """An article-level mention (:mod:`sitroom.fuse._mentions`): its place is a guess."""
        return self.mention.level == "article" or not self.mention.type

    @property
    def guessed_day(self) -> bool:
        """An article-level mention dated by its most named recent day (a guess); one dated by a
        full date further back ("on 4 October 2019") is dated by the text itself."""
        if not self.article_level or self.span is None:
            return self.article_level
        end = self.published_span[1] if self.published_span else None
        return end is not None and 0 <= end - self.span[0] <= GUESS_DAYS

    @property
    def anchored_day(self) -> bool:
        return self.span is not None and self.mention.date_precision == "day"


# ---------------------------------------------------------------- relations
def normal_place_name(name: str | None) -> str | None:
    """Casefolded ASCII letters only: "Çaylaqqala" -> "caylaqqala", "Hin Tagher" -> "hintagher"."""
    if not name:
        return None
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z]", "", ascii_name.casefold())
    return key or None


def place_km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return km_between(a.lat, a.lon, b.lat, b.lon)


def names_match(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def is_coarse(place: Place) -> bool:
    return GEO_RANK.get(place.geo_precision, 0) >= GEO_RANK["admin1"]


def same_toponym(a: MentionView, b: MentionView) -> bool:
    """One toponym that two articles' contexts resolved apart ("Monroe"), one side a guess."""
    return (a.article_level or b.article_level) and names_match(normal_place_name(a.mention.place_text),
                                                                normal_place_name(b.mention.place_text))


def place_relation(a: MentionView, b: MentionView) -> str:
    """'same', 'within' (one is a region holding the other), 'unknown' or 'different'."""
    pa, pb = a.mention.place, b.mention.place
    if same_toponym(a, b):
        return "same"
    km = place_km(pa, pb) if pa and pb and not is_coarse(pa) and not is_coarse(pb) else None
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


def days_apart(a: MentionView, b: MentionView) -> int:
    """Days between two mentions' dates, an undated one standing at its publication; 0 if unknown."""
    sa, sb = a.span or a.published_span, b.span or b.published_span
    if not sa or not sb:
        return 0
    return max(0, max(sa[0], sb[0]) - min(sa[1], sb[1]))


def family(event_type: str | None) -> str | None:
    return EVENT_FAMILY.get(event_type or "")


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def likeness(a: MentionView, b: MentionView) -> float:
    """Whole-article likeness of two lead mentions' articles (0 when either is not a lead)."""
    if a.alike is None or b.alike is None or a.source == b.source:
        return 0.0
    return a.alike.get(b.source, 0.0)


def follow_up(a: MentionView, b: MentionView) -> bool:
    """A later report of the same incident (an arrest, a death in hospital, a trial) dated by its
    own news: it names the same rare people, or it recalls the other's day in the same place
    (:func:`recalls_day`), or its whole text is very like the other's and names a rare person of it,
    or is very like it and dated within :data:`FOLLOW_UP_LIKENESS_DAYS` of it, unless both are
    incidents each dated to its own day (two like incidents, neither naming the other's day)."""
    if len(a.people & b.people) >= FOLLOW_UP_PEOPLE:
        return True
    if recalls_day(a, b):
        return True
    if likeness(a, b) < FOLLOW_UP_LIKENESS:
        return False
    if a.people & b.people:
        return True  # a very alike text naming the same rare person: a trial, a funeral months on
    both_dated = a.anchored_day and b.anchored_day and not (a.article_level or b.article_level)
    return days_apart(a, b) <= FOLLOW_UP_LIKENESS_DAYS and not both_dated


def recalls_day(a: MentionView, b: MentionView) -> bool:
    """The later of two day-dated mentions comes from an article that also names the earlier's
    day ("shot on Sunday, the girl died on Thursday"), and both are placed in the same place."""
    if a.span is None or b.span is None or a.mention.date_precision != "day" or b.mention.date_precision != "day":
        return False
    early, late = (a, b) if a.span[0] <= b.span[0] else (b, a)
    return early.span[0] in late.named_days and place_relation(a, b) == "same"


def strong_evidence(a: MentionView, b: MentionView) -> bool:
    """Evidence that stands on its own: a rare full name in common, a killed or wounded number in
    common, a rewrite of one text, or most of the wording."""
    return (bool(a.people & b.people) or bool(a.tolls & b.tolls) or likeness(a, b) >= STRONG_LIKENESS
            or jaccard(a.words, b.words) >= STRONG_WORDING)


def some_evidence(a: MentionView, b: MentionView) -> bool:
    """Anything beyond the date and the type: a shared proper name, or like wording."""
    return (strong_evidence(a, b) or bool(a.names & b.names) or likeness(a, b) >= SOME_LIKENESS
            or jaccard(a.words, b.words) >= SOME_WORDING)


def placed(view: MentionView) -> bool:
    return view.mention.place is not None or bool(view.mention.place_text)


# ---------------------------------------------------------------- the rules
def different_country(a: MentionView, b: MentionView) -> bool:
    pa, pb = a.mention.place, b.mention.place
    if pa is None or pb is None or not pa.country_code or not pb.country_code:
        return False
    return pa.country_code != pb.country_code and not same_toponym(a, b)  # the cheap test first


def different_admin1(a: MentionView, b: MentionView) -> bool:
    pa, pb = a.mention.place, b.mention.place
    if pa is None or pb is None or is_coarse(pa) or is_coarse(pb) or same_toponym(a, b):
        return False
    if pa.country_code != pb.country_code or not pa.admin1 or not pb.admin1:
        return False
    km = place_km(pa, pb)
    return normal_place_name(pa.admin1) != normal_place_name(pb.admin1) and (km is None or km > SAME_PLACE_KM)


def far_apart(a: MentionView, b: MentionView) -> bool:
    return not (a.article_level or b.article_level) and place_relation(a, b) == "different"


def dates_apart(a: MentionView, b: MentionView) -> bool:
    gap = day_gap(a, b)
    return gap is not None and gap > 1 and not (a.guessed_day or b.guessed_day) and not follow_up(a, b)


def day_apart_elsewhere(a: MentionView, b: MentionView) -> bool:
    return day_gap(a, b) == 1 and place_relation(a, b) not in ("same", "unknown")


def far_in_time(a: MentionView, b: MentionView) -> bool:
    return days_apart(a, b) > FAR_APART_DAYS and not follow_up(a, b)


def agreement_and_incident(a: MentionView, b: MentionView) -> bool:
    ma, mb = a.mention, b.mention
    return (ma.sub_type == "Agreement") != (mb.sub_type == "Agreement") and family(ma.type) != family(mb.type)


def unanchored_without_evidence(a: MentionView, b: MentionView) -> bool:
    unanchored = any(not placed(v) and not v.anchored_day and not v.article_level for v in (a, b))
    return unanchored and not strong_evidence(a, b) and not joint_evidence(a, b)


def joint_evidence(a: MentionView, b: MentionView) -> bool:
    """Two independent weaker signals together: a shared proper name, or like whole texts, with like
    wording."""
    return (bool(a.names & b.names) or likeness(a, b) >= SOME_LIKENESS) and jaccard(a.words, b.words) >= SOME_WORDING


def undated_elsewhere(a: MentionView, b: MentionView) -> bool:
    undated = a.span is None and b.span is None
    return undated and place_relation(a, b) != "same" and not strong_evidence(a, b)


def placeless_without_evidence(a: MentionView, b: MentionView) -> bool:
    return (not placed(a) or not placed(b)) and not some_evidence(a, b)


RULES: tuple[tuple[str, Callable[[MentionView, MentionView], bool]], ...] = (
    ("different_country", different_country),
    ("different_admin1", different_admin1),
    ("far_apart", far_apart),
    ("dates_apart", dates_apart),
    ("day_apart_elsewhere", day_apart_elsewhere),
    ("far_in_time", far_in_time),
    ("agreement_and_incident", agreement_and_incident),
    ("unanchored_without_evidence", unanchored_without_evidence),
    ("undated_elsewhere", undated_elsewhere),
    ("placeless_without_evidence", placeless_without_evidence),
)


def broken_rule(a: MentionView, b: MentionView) -> str | None:
    """The name of the first cannot-link rule the pair breaks, or None."""
    return next((name for name, rule in RULES if rule(a, b)), None)


def cannot_link(a: MentionView, b: MentionView) -> bool:
    """Pairs that must never be one event, whatever else they share (see :data:`RULES`)."""
    return broken_rule(a, b) is not None
