"""An article as one mention, for the reports in which extraction typed no incident.

A follow-up about a vigil or a trial, or a report of ordinary crime (which ACLED-style typing
leaves out), still tells of an incident other reports type. :func:`fusion_mentions` gives fusion
an article's typed mentions, or where there are none its article-level mention
(:func:`article_mention`): typeless, dated by the day or time of day the article names most within
:data:`INCIDENT_DAYS` before publication, placed at its most named place, carrying its loose
figures, and citing the sentence that names that day. In :mod:`sitroom.fuse._clusters` such a mention adds
its article as a source to an incident found elsewhere; alone it makes no event.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from sitroom.core import (
    GEO_RANK,
    Analysis,
    Article,
    EventMention,
    Figure,
    PlaceMention,
    Sentence,
    TimeExpression,
    iso_day,
    setting,
)
from sitroom.extract import Extraction, is_tally_figure
from sitroom.fuse._likeness import surnames


def fusion_mentions(article: Article, extraction: Extraction) -> tuple[EventMention, ...]:
    """What an article brings to fusion: the incidents extraction found in it (a
    :class:`sitroom.extract._incidents.Extraction`), or when it found none its article-level mention
    (:func:`article_mention`), so that a report telling of an incident in words the typing does
    not know still counts as a source of it."""
    if extraction.mentions:
        return tuple(extraction.mentions)
    return (article_mention(article, extraction.analysis, extraction.figures),)


def article_mention(article: Article, analysis: Analysis | None = None,
                    figures: Sequence[Figure] = ()) -> EventMention:
    """An article in which extraction found no incident, as one mention for fusion.

    It stands for what the whole article reports: the day it names most within
    :data:`INCIDENT_DAYS` before publication (:func:`incident_day`; else undated), its most named
    place (not the surname of someone it names; ties go to the more specific, then the earlier),
    and the article's figures that belong to no mention and count no period. Its evidence is the
    sentence naming that day, else the one naming that place, else the lead. Its type is left empty
    (no evidence either way), and its id is ``{article.id}-a0``."""
    place = main_place(analysis, surnames(article)) if analysis else None
    own = tuple(sorted(f.id for f in figures if f.article_id == article.id and not f.mention_id
                       and not is_tally_figure(f)))
    day = incident_day(analysis, article.published) if analysis else None
    evidence = evidence_sentence(analysis, [day, place]) if analysis else None
    return EventMention(
        id=f"{article.id}-a0", article_id=article.id, type="", sub_type="",
        date=day.value[:10] if day else None, date_precision="day" if day else None,
        sentence=evidence.text if evidence else (article.title or ""), start=evidence.start if evidence else 0,
        end=evidence.end if evidence else 0, place=place.place if place else None,
        place_text=place.text if place else None, figure_ids=own, confidence=0.0, level="article",
    )


def evidence_sentence(analysis: Analysis, spans: Sequence[TimeExpression | PlaceMention | None]) -> Sentence | None:
    """The sentence holding the first of ``spans`` found in the text, else the first sentence."""
    for span in spans:
        if span is None:
            continue
        for sentence in analysis.sentences:
            if sentence.start <= span.start < sentence.end:
                return sentence
    return analysis.sentences[0] if analysis.sentences else None


INCIDENT_DAYS = setting("fuse.mentions.incident_days")  # an article's own incident is at most this many days older than the article


FULL_DATE = re.compile(r"\b(?:1[89]|20)\d\d\b")  # a date written with its year ("4 October 2019")


def incident_day(analysis: Analysis, published: str | None) -> TimeExpression | None:
    """The day an article's incident most likely fell on: the day-precision date or time it names
    most often within INCIDENT_DAYS before publication (ties: the earlier in the text), else the
    full date with its year it names first before publication (a report of an older incident:
    "on 4 October 2019"; with no publication date, the first such date); returned as its first naming."""
    end = iso_day(published)
    dated = [(t, iso_day(t.value)) for t in sorted(analysis.times, key=lambda t: t.start)
             if t.precision == "day" and t.timex_type in ("DATE", "TIME")]
    named = [t for t, day in dated if day and end and 0 <= (end - day).days <= INCIDENT_DAYS]
    if not named:
        return next((t for t, day in dated if day and (end is None or day <= end) and FULL_DATE.search(t.text)), None)
    days = [t.value[:10] for t in named]
    counts = Counter(days)
    best = min(counts, key=lambda d: (-counts[d], days.index(d)))
    return named[days.index(best)]


def main_place(analysis: Analysis, skip: frozenset[str]) -> PlaceMention | None:
    resolved = [p for p in analysis.places if p.place and p.text.strip().casefold() not in skip]
    if not resolved:
        return None
    counts = Counter(p.place.name for p in resolved)
    first = {}
    for n, p in enumerate(resolved):
        first.setdefault(p.place.name, (n, p))
    name = min(counts, key=lambda k: (-counts[k], GEO_RANK.get(first[k][1].place.geo_precision, 5), first[k][0]))
    return first[name][1]
