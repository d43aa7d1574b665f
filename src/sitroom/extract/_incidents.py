"""Stage 4, extract: Article -> Extraction (analysis, figures, event mentions).

:func:`extract_article` runs :func:`sitroom.nlp._pipeline.analyse`, then
:func:`sitroom.extract._figures.find_figures`, then :func:`find_mentions`: the incidents the article
reports, one :class:`EventMention` each, with the figures whose evidence lies in them.

How mentions are found, sentence by sentence:

1. the event classifier says whether the sentence reports an incident, and which type;
2. its date is the best time expression in it (:func:`sitroom.extract._dating.sentence_date`: day
   before week before month before year), leaving out background times ("since the November 10
   cease-fire", "until ...") and future ones (after the publication date: plans, not incidents);
   "the following day", "that evening" are counted from the last day the narrative named;
3. its place is the most specific resolved place in it (village before region before country);
4. adjacent sentences about one incident (same type family or an explicit back-reference such as
   "in the attack", compatible dates and places) are merged into one mention;
5. sentences that only mention the war as background ("during the war") and carry no date of their
   own, and weak sentences with neither date, place nor figure, give no mention;
6. a sentence that refers back with a definite event noun ("killed in the incident") and has no date
   of its own takes the date (and place, if it names none) of the latest sentence in its paragraph or
   the 3 before that introduced a dated incident ("a breach of the ceasefire on 11th December");
7. a sentence the classifier does not type, but which counts combatants (or civilians) killed,
   wounded, captured or missing at a time and place of its own, is an incident (armed clash by
   default); tallies ("since the cease-fire"), statement dates and briefings are not. The parts of
   an enumerated tally do not lend each other date and place; "Separately, ..." starts a new incident.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Iterable, Sequence

from sitroom.core import (
    DATE_RANK,
    EVENT_FAMILY,
    GEO_RANK,
    ActorMention,
    Analysis,
    Article,
    EventMention,
    Figure,
    Place,
    PlaceMention,
    Sentence,
    iso_day,
    km_between,
)
from sitroom.extract import _event_types as event_types
from sitroom.extract import _figures as figures_stage
from sitroom.extract._codebook import codebook_guess, weapon_sub_type
from sitroom.extract._dating import STATEMENT_VERB, DateGuess, inside_sentence, is_planned, sentence_date
from sitroom.extract._event_types import PLOVER_BY_SUB_TYPE, EventTypeGuess
from sitroom.nlp import analyse

Classifier = Callable[[str], EventTypeGuess]

MAX_BACK_REFERENCE_GAP = 3  # "in the attack" may refer to an incident up to this many sentences back
MAX_SAME_TYPE_GAP = 3  # an undated event sentence of the same family this close goes on about the same incident
MIN_CONFIDENCE = 0.35  # below this a classifier guess is not an incident
STRONG_CONFIDENCE = 0.5  # an undated, placeless, figureless sentence needs this much to stand alone
LEAD_CONFIDENCE = 0.9  # an article's first incident sentence stands without an anchor when this sure

FAMILY_PRIORITY = {"violence": 0, "demonstrations": 1, "strategic": 2}
# Within violence, ACLED codes by the means: remote/explosive weapons first (even against civilians),
# then armed clashes, then attacks on civilians by other means.
TYPE_PRIORITY = {"Explosions/Remote violence": 0, "Battles": 1, "Violence against civilians": 2}

# A clause ends here: a figure's tally cue or a time's relation holds up to the next one.
CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s-\s")

BACKGROUND_WAR = re.compile(
    r"\b(?:during|throughout|in the course of|since the (?:start|beginning|outbreak|end) of|prior to|"
    r"before|after|ahead of)\s+the\s+(?:\w+[- ])?(?:war|conflict|hostilities|cease-?fire|truce|offensive)\b",
    re.I,
)

BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|these|those|the same)\s+(?:\w+\s)?(?:incident|attack|attacks|strike|strikes|clash|clashes|"
    r"fighting|assault|shelling|raid|explosion|blast|bombing|operation|ambush|exchange|protest|protests|rally|"
    r"break-in|demonstration|violence|skirmish|battle|breach|violation|incursion|offensive)\b|\bas a result\b|\bin response\b",
    re.I,
)

ATTACKER_CUE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
# Commentary: opinions, aims, obligations and ongoing states, not a reported incident.
COMMENTARY = re.compile(
    r"\b(?:charged|argued|believes?|hopes?|urged?|called (?:on|for)|demonstrates?|need (?:for|to)|must|should|"
    r"would|might|wants?|goal|aims?|continu(?:e|es|ing)|threat to|intends?|vowed|no choice)\b", re.I)
REPORT_CUE = re.compile(r"\b(?:report|reports|investigation|documented|study|survey)\b", re.I)
# A sentence that announces another incident: "Separately, ...", "In a separate attack, ...", "Elsewhere, ...".
NEW_INCIDENT_CUE = re.compile(r"^\W*(?:separately|elsewhere|in (?:a |an )?(?:separate|unrelated|different|another)\b|"
                              r"in other (?:news|developments|incidents?))", re.I)
COARSE_AREA_KM = 150.0  # a region (admin1) holds a point of the same country this close to its centre

# Dates carried by reference: "a breach of the ceasefire on 11th December ... were killed in the incident".
EVENT_NOUNS = (r"incidents?|attacks?|assaults?|raids?|clash(?:es)?|fighting|skirmish(?:es)?|battles?|firefights?|"
               r"gunfights?|shelling|bombardments?|(?:air|drone|missile|rocket)?\s?strikes?|airstrikes?|bombings?|"
               r"explosions?|blasts?|ambush(?:es)?|breach(?:es)?|violations?|incursions?|offensives?|engagements?|"
               r"shootings?|exchanges? of fire|massacres?|killings?")
EVENT_NOUN = re.compile(rf"\b(?:{EVENT_NOUNS})\b", re.I)
# A definite noun phrase pointing back at an incident named before: "in the incident", "the same attack".
DEFINITE_EVENT_REFERENCE = re.compile(
    rf"\b(?:the|this|that|these|those)\s+(?:same\s+|latest\s+|recent\s+|deadly\s+|fatal\s+|reported\s+)?"
    rf"(?:{EVENT_NOUNS})\b", re.I)
MAX_CARRY_BACK = 3  # sentences back (beyond the paragraph) a date may be carried from
TIME_RELATION_BEFORE = re.compile(r"\b(?:prior to|before|after|since|until|till|ahead of|following|in the wake of|"
                                  r"(?:days?|weeks?|months?|hours?) (?:before|after))\s+$", re.I)

# Figure-driven incidents: "62 servicemen captured in Hadrut district in mid-December".
INCIDENT_FIGURE_KINDS = ("killed", "wounded", "captured", "missing")
COMBATANTS = re.compile(
    r"\b(?:soldiers?|servicem[ae]n|service ?members?|troops|fighters?|militants?|militiam[ae]n|militia|insurgents?|"
    r"rebels?|police(?:m[ae]n|wom[ae]n)?|police officers?|officers?|guards?|(?:military )?personnel|combatants?|"
    r"gunmen|conscripts?|paratroopers?|marines?|commandos?|jihadists?|holdouts?)\b", re.I)
# A tally of a period ("have been killed since the cease-fire", "so far"): its parts are the incidents.
TALLY_CUE = re.compile(r"\b(?:since|as of|so far|to date|in total|a total of|death toll|tally|altogether|"
                       r"cumulative|overall|in all|(?:in|during|this|last)\s+(?:\w+\s+){0,2}alone)\b", re.I)
CLASH_CUE = re.compile(r"\b(?:clash\w*|fight\w*|fought|battl\w+|firefights?|gunfights?|exchanges? of fire|"
                       r"ambush\w*|skirmish\w*|engagements?|assault\w*)\b", re.I)
FIGURE_INCIDENT_CONFIDENCE = 0.5
ENUMERATION_BREAK = re.compile(r"[,;:\u2014]|\s-\s|\band\b")
SPEECH_OCCASION = re.compile(r"\b(?:speech|address|statement|interview|press conference|briefing|letter|remarks|"
                             r"told|say|says|saying|according to)\b", re.I)


@dataclass(frozen=True)
class Extraction:
    article_id: str
    analysis: Analysis | None
    figures: tuple[Figure, ...]
    mentions: tuple[EventMention, ...]


@dataclass(frozen=True)
class SentenceFacts:
    """What one sentence contributes to an incident."""
    index: int
    sentence: Sentence
    guess: EventTypeGuess | None
    date: DateGuess | None
    place: PlaceMention | None
    back_reference: bool
    background: bool
    figure_ids: tuple[str, ...]
    planned: bool = False  # its only dates lie after the publication date
    place_keys: frozenset[str] = frozenset()  # every place named in it (text and resolved name, casefolded)
    statement_date: bool = False  # its only dates are those of a statement about the incident
    commentary: bool = False  # it reads as opinion or an ongoing state ("charged that ... is continuing")
    report: bool = False  # it is about a report or investigation, not a single incident
    introduces_event: bool = False  # it names an incident (an event noun) and dates it to the day
    carried_from: int | None = None  # the sentence its date was carried from ("killed in the incident")
    paragraph: int = 0

    @property
    def is_event(self) -> bool:
        return bool(self.guess and self.guess.type and self.guess.confidence >= MIN_CONFIDENCE)

    @property
    def family(self) -> str | None:
        return EVENT_FAMILY.get(self.guess.type) if self.guess and self.guess.type else None


# ------------------------------------------------------------------ event classification
def sentence_classifier() -> Classifier:
    """The sentence classifier extraction uses (a seam for tests)."""
    return event_types.classify_event


# ------------------------------------------------------------------ dates


# ------------------------------------------------------------------ places and actors
def is_dateline(mention: PlaceMention, sentence: Sentence) -> bool:
    """"STEPANAKERT (Combined Sources) --": where the story was filed, not where the incident happened."""
    head = sentence.text[: mention.start - sentence.start]
    return not head.strip() and mention.text.isupper() and len(mention.text) > 2


def place_rank(mention: PlaceMention) -> tuple[int, int]:
    """Smaller is more specific: populated places first, then by geo precision."""
    place = mention.place
    if place is None:
        return (9, 9)
    populated = 0 if (place.feature or "").startswith("P") else 1
    return (GEO_RANK.get(place.geo_precision, 5), populated)


def best_place(places: Iterable[PlaceMention]) -> PlaceMention | None:
    """The most specific resolved place; an unresolved toponym only when nothing resolved."""
    ordered = list(places)
    resolved = [p for p in ordered if p.place is not None]
    if resolved:
        return min(resolved, key=place_rank)
    return ordered[0] if ordered else None


def places_compatible(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Same place, or one is a coarser area (country, region) that holds the other, or either unknown.

    A region holds a point when the point's admin1 is the region, or (admin1 names differ between
    gazetteer layers) when the point lies in the same country within :data:`COARSE_AREA_KM` of it."""
    if a is None or b is None or a.place is None or b.place is None:
        return a is None or b is None or a.text.casefold() == b.text.casefold()
    pa, pb = a.place, b.place
    if pa.name == pb.name or (pa.geonameid and pa.geonameid == pb.geonameid):
        return True
    if pa.country_code and pb.country_code and pa.country_code != pb.country_code:
        return False
    coarse = {"country", "admin1"}
    if pa.geo_precision == "country" or pb.geo_precision == "country":
        return True
    if pa.geo_precision in coarse or pb.geo_precision in coarse:
        return bool(pa.admin1 and pa.admin1 == pb.admin1) or _near(pa, pb, COARSE_AREA_KM)
    return False


def _near(a: Place, b: Place, km: float) -> bool:
    if None in (a.lat, a.lon, b.lat, b.lon) or not a.country_code or a.country_code != b.country_code:
        return False
    return km_between(a.lat, a.lon, b.lat, b.lon) <= km


def ordered_actor_names(text: str, offset: int, actors: Iterable[ActorMention]) -> tuple[str, ...]:
    """Canonical names, attacker first: an actor after "by" (passive agent) goes first, then text order."""
    agents, others = [], []
    for actor in actors:
        before = text[max(0, actor.start - offset - 8): actor.start - offset]
        (agents if ATTACKER_CUE.search(before) else others).append(actor.name)
    names: list[str] = []
    for name in agents + others:
        if name not in names:
            names.append(name)
    return tuple(names)


# ------------------------------------------------------------------ sentences -> facts
def paragraph_numbers(sentences: Sequence[Sentence], body: str) -> list[int]:
    """The paragraph of each sentence: a new one after a line break between sentences. Without the body
    every sentence gets its own (no paragraph is known)."""
    numbers, current = [], 0
    for index, sentence in enumerate(sentences):
        if index and (not body or "\n" in body[sentences[index - 1].end:sentence.start]):
            current += 1
        numbers.append(current)
    return numbers


def introduces_event(text: str, when: DateGuess | None, background: bool) -> bool:
    """The sentence names an incident with an event noun and dates it to the day ("a breach of the
    ceasefire on 11th December")."""
    own_day = when is not None and when.precision == "day" and not when.statement
    return own_day and not background and bool(EVENT_NOUN.search(text))


def refers_to_earlier_event(text: str) -> bool:
    """A definite event noun that points back at the incident itself: "in the incident", "the breach",
    "in the clashes"; not at a time before or after it ("prior to the attack", "after the fighting")."""
    return any(not TIME_RELATION_BEFORE.search(text[:m.start()])
               for m in DEFINITE_EVENT_REFERENCE.finditer(text))


def carried_scene(index: int, paragraph: int, earlier: Sequence[SentenceFacts]) -> SentenceFacts | None:
    """The most recent earlier sentence, in the same paragraph or among the :data:`MAX_CARRY_BACK` before,
    that introduced a dated incident."""
    for fact in reversed(earlier):
        if fact.paragraph != paragraph and index - fact.index > MAX_CARRY_BACK:
            return None
        if fact.introduces_event:
            return fact
    return None


def carry_date(fact: SentenceFacts, earlier: Sequence[SentenceFacts]) -> SentenceFacts:
    """An undated sentence (or one dated only by a statement) that refers back to an incident takes that
    incident's date, and its place when it names none."""
    if (fact.date is not None and not fact.date.statement) or not refers_to_earlier_event(fact.sentence.text):
        return fact
    scene = carried_scene(fact.index, fact.paragraph, earlier)
    if scene is None:
        return fact
    return replace(fact, date=scene.date, statement_date=False, carried_from=scene.index,
                   place=fact.place or scene.place)


def sentence_facts(analysis: Analysis, figures: Iterable[Figure], anchor: date | None,
                   classify: Classifier, body: str = "") -> list[SentenceFacts]:
    facts: list[SentenceFacts] = []
    last_day: date | None = None
    history: list[tuple[str, date | None]] = []  # (sentence, the narrative's day there)
    figures = list(figures)
    paragraphs = paragraph_numbers(analysis.sentences, body)
    if classify is event_types.classify_event:  # the model: every sentence of the article in one batch
        event_types.classify_all([s.text for s in analysis.sentences])
    for index, sentence in enumerate(analysis.sentences):
        when = sentence_date(sentence, analysis.times, anchor, last_day, history)
        background = bool(BACKGROUND_WAR.search(sentence.text))
        if when and when.precision == "day" and not background and not when.statement:
            last_day = iso_day(when.value) or last_day
        history.append((sentence.text, last_day))
        places = [p for p in analysis.places if inside_sentence(p.start, p.end, sentence) and not is_dateline(p, sentence)]
        own = [f for f in figures if sentence.start <= f.start < sentence.end]
        if when and when.start is not None and is_enumerated_tally(sentence, own):
            places = [p for p in places if same_part(sentence, p.start, when.start)]
        fact = SentenceFacts(
            index=index, sentence=sentence, guess=classify(sentence.text), date=when, place=best_place(places),
            back_reference=bool(BACK_REFERENCE.search(sentence.text)),
            background=background,
            figure_ids=tuple(f.id for f in own),
            planned=is_planned(sentence, analysis.times, anchor),
            place_keys=frozenset().union(*(_place_keys(p) for p in places)),
            statement_date=bool(when and when.statement),
            commentary=bool(COMMENTARY.search(sentence.text)),
            report=bool(REPORT_CUE.search(sentence.text)),
            introduces_event=introduces_event(sentence.text, when, background),
            paragraph=paragraphs[index],
        )
        fact = carry_date(fact, facts)
        facts.append(with_figure_incident(fact, own))
    return facts


def is_tally(text: str, figure_start: int) -> bool:
    """The figure counts a period ("at least 29 have been killed since the cease-fire", "so far, 12 ..."):
    a tally cue before it or in its own clause."""
    clause_end = CLAUSE_BREAK.search(text, figure_start)
    return bool(TALLY_CUE.search(text[:clause_end.start() if clause_end else len(text)]))


def is_tally_figure(figure: Figure) -> bool:
    """Does the figure count a period rather than one incident (:func:`is_tally` on its sentence)?"""
    at = figure.sentence.find(figure.text)
    return is_tally(figure.sentence, max(0, at))


def incident_figures(fact: SentenceFacts, figures: Iterable[Figure]) -> list[Figure]:
    """The sentence's figures that count people killed, wounded, captured or missing in one incident:
    combatants, or civilians; not tallies of a period."""
    found = []
    for figure in figures:
        if figure.kind not in INCIDENT_FIGURE_KINDS or figure.stance == "denied":
            continue
        people = figure.civilian is True or bool(COMBATANTS.search(figure.text))
        if people and not is_tally(fact.sentence.text, figure.start - fact.sentence.start):
            found.append(figure)
    return found


def reported_apart(sentence: Sentence, when: DateGuess, figure: Figure) -> bool:
    """A reporting verb stands between the time and the figure: the time dates the telling ("During a speech
    that afternoon, the president confirmed that several dozen soldiers had been taken prisoner")."""
    if when.start is None:
        return True
    low, high = sorted((when.start, figure.start))
    between = sentence.text[low - sentence.start:high - sentence.start]
    return bool(STATEMENT_VERB.search(between) or SPEECH_OCCASION.search(between))


def is_enumerated_tally(sentence: Sentence, figures: Sequence[Figure]) -> bool:
    """A tally of a period broken down into parts: "at least 29 have been killed since the cease-fire: nine
    in Khtsaberd area, six on December 27 and fourteen in November"."""
    ordered = sorted(figures, key=lambda f: f.start)
    return len(ordered) >= 3 and is_tally(sentence.text, ordered[0].start - sentence.start)


def same_part(sentence: Sentence, a: int, b: int) -> bool:
    """Body offsets ``a`` and ``b`` lie in the same part of an enumeration (parts end at a comma, semicolon,
    colon, dash or "and")."""
    low, high = sorted((a - sentence.start, b - sentence.start))
    return not ENUMERATION_BREAK.search(sentence.text[low:high])


def figure_incident_guess(text: str, figures: Sequence[Figure]) -> EventTypeGuess:
    """The type of an incident told only through its toll: a remote-violence sub-type when a weapon is
    named, violence against civilians when only civilians are counted and no clash is described, else an
    armed clash."""
    weapon = weapon_sub_type(text)
    if weapon:
        kind, sub_type = "Explosions/Remote violence", weapon
    elif all(f.civilian is True for f in figures) and not CLASH_CUE.search(text):
        taken = all(f.kind in ("captured", "missing") for f in figures)
        kind, sub_type = "Violence against civilians", "Abduction/forced disappearance" if taken else "Attack"
    else:
        kind, sub_type = "Battles", "Armed clash"
    return EventTypeGuess(kind, sub_type, FIGURE_INCIDENT_CONFIDENCE, *PLOVER_BY_SUB_TYPE[sub_type])


def with_figure_incident(fact: SentenceFacts, figures: Sequence[Figure]) -> SentenceFacts:
    """A sentence the classifier does not type as an incident, but which counts combatants (or civilians)
    killed, wounded, captured or missing at a time of its own (not a statement date, not a tally "since")
    and a place below country level, becomes an incident of its own."""
    if fact.is_event or fact.planned or fact.background or fact.date is None or fact.statement_date:
        return fact
    if fact.carried_from is not None or fact.place is None or fact.place.place is None:
        return fact
    if fact.place.place.geo_precision == "country":
        return fact
    counted = [f for f in incident_figures(fact, figures) if not reported_apart(fact.sentence, fact.date, f)]
    if not counted:
        return fact
    return replace(fact, guess=figure_incident_guess(fact.sentence.text, counted))


def starts_incident(fact: SentenceFacts) -> bool:
    """An event sentence that can stand as an incident of its own.

    It needs an anchor: a date of its own (not only the date of a statement about it), a place below
    country level, or a figure. Strategic developments need a date; commentary ("charged that ... is
    continuing") needs a date or a figure; a report or investigation needs a day or a figure."""
    if not fact.is_event or fact.planned or fact.sentence.text.rstrip(" \"'\u201d").endswith("?"):
        return False
    own_date = fact.date is not None and not fact.statement_date
    if fact.background and not own_date:
        return False
    dated = own_date and fact.date.precision in ("day", "week", "month")
    placed = fact.place is not None and fact.place.place is not None and fact.place.place.geo_precision != "country"
    figures = bool(fact.figure_ids)
    if fact.family == "strategic" and not dated:
        return False
    if fact.commentary and not (dated or figures):
        return False
    if fact.report and not (figures or (dated and fact.date.precision == "day")):
        return False
    anchored = dated or placed or figures
    return anchored or fact.guess.confidence >= STRONG_CONFIDENCE and fact.back_reference


# ------------------------------------------------------------------ merging
def iso_dates_compatible(a: str | None, b: str | None) -> bool:
    """Two ISO dates of any precision can name the same time: equal at the coarser precision."""
    if not a or not b or "W" in a or "W" in b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def dates_compatible(a: DateGuess | None, b: DateGuess | None) -> bool:
    return a is None or b is None or iso_dates_compatible(a.value, b.value)


@dataclass
class _Draft:
    """A mention being assembled from consecutive sentences."""
    facts: list[SentenceFacts]

    @property
    def last(self) -> SentenceFacts:
        return self.facts[-1]

    @property
    def lead(self) -> SentenceFacts:
        """The sentence that types the mention: violence before unrest before strategic developments (an
        incident with casualties is a violent one); within violence, explosive weapons before clashes before
        other attacks (ACLED codes a shelling that hurts civilians as Explosions/Remote violence); then the
        most confident, then the first."""
        events = [f for f in self.facts if f.is_event]
        if not events:
            return self.facts[0]
        return min(events, key=lambda f: (FAMILY_PRIORITY.get(f.family, 9), TYPE_PRIORITY.get(f.guess.type, 9),
                                          -f.guess.confidence, f.index))

    @property
    def date(self) -> DateGuess | None:
        dated = [f.date for f in self.facts if f.date]
        return min(dated, key=lambda d: (d.statement, DATE_RANK.get(d.precision or "", 9))) if dated else None

    @property
    def place(self) -> PlaceMention | None:
        return best_place(f.place for f in self.facts if f.place)

    @property
    def family(self) -> str | None:
        return self.lead.family

    @property
    def place_keys(self) -> set[str]:
        return set().union(*(f.place_keys for f in self.facts))


def continues(draft: _Draft, fact: SentenceFacts) -> bool:
    """The sentence goes on about the draft's incident: it refers back to it ("in the attack"), or is an
    adjacent event sentence of the same family, or a non-event sentence about the draft's place (a bridge);
    and its date and place agree with the draft's."""
    gap = fact.index - draft.last.index
    if fact.planned or gap < 1 or NEW_INCIDENT_CUE.search(fact.sentence.text):
        return False
    if fact.back_reference:
        linked = gap <= MAX_BACK_REFERENCE_GAP
    elif elaborates(fact, gap) and fact.paragraph == draft.last.paragraph:
        linked = True
    elif fact.is_event:
        linked = fact.family == draft.family and gap <= (1 if fact.date else MAX_SAME_TYPE_GAP)
    else:
        linked = gap <= 2 and not fact.background and bool(fact.place_keys & draft.place_keys)
    if not linked:
        return False
    same_place = bool(fact.place_keys & draft.place_keys) or places_compatible(draft.place, fact.place)
    return dates_compatible(draft.date, fact.date) and same_place


def elaborates(fact: SentenceFacts, gap: int) -> bool:
    """The very next sentence (of the same paragraph, checked by the caller), with no date, place or
    background time of its own, says more about the incident before it ("They looted food.", "No casualties reported.", "Four people were shot by police."),
    whatever type the classifier reads in it alone."""
    return gap == 1 and fact.date is None and fact.place is None and not fact.place_keys and not fact.background


def _place_keys(mention: PlaceMention | None) -> set[str]:
    """Names that identify a place below region level (a shared country or province says nothing about the
    incident)."""
    if mention is None or (mention.place is not None and mention.place.geo_precision in ("country", "admin1")):
        return set()
    keys = {mention.text.casefold()}
    if mention.place is not None:
        keys.add(mention.place.name.casefold())
    return keys


def scene_setter(facts: list[SentenceFacts], fact: SentenceFacts, drafts: list[_Draft]) -> SentenceFacts | None:
    """The sentence just before an undated incident sentence, when it dates the scene ("Fighting spread
    on Tuesday, October 27, ...") and belongs to no other incident."""
    if fact.date is not None or fact.index == 0:
        return None
    before = facts[fact.index - 1]
    taken = bool(drafts) and drafts[-1].last.index >= before.index
    usable = (before.date is not None and before.date.precision == "day" and not before.background
              and not before.statement_date)
    return before if usable and not taken and not before.planned else None


def group_sentences(facts: list[SentenceFacts]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for fact in facts:
        if drafts and continues(drafts[-1], fact):
            drafts[-1].facts.append(fact)
            continue
        setter = scene_setter(facts, fact, drafts) if fact.is_event else None
        opened = _Draft([setter, fact] if setter else [fact])
        if starts_incident(fact) or (setter and starts_incident(replace(fact, date=setter.date))) \
                or (not drafts and leads_the_article(facts, fact)):
            drafts.append(opened)
    return drafts


def leads_the_article(facts: list[SentenceFacts], fact: SentenceFacts) -> bool:
    """The first incident sentence of an article stands as its main incident without a date, place or
    figure of its own (news leads with what happened; the date is the publication's) when the
    classifier is sure of it and it is not background, planned, commentary or a question."""
    if not fact.is_event or fact.guess.confidence < LEAD_CONFIDENCE or any(f.is_event for f in facts[:fact.index]):
        return False
    unusable = fact.planned or fact.background or fact.commentary or fact.report or fact.statement_date
    return not unusable and not fact.sentence.text.rstrip(" \"'\u201d").endswith("?")


def _context_place(draft: _Draft, facts: list[SentenceFacts]) -> PlaceMention | None:
    """For a placeless incident that refers back: the place of the sentence just before it."""
    first = draft.facts[0]
    if first.index == 0 or not first.back_reference:
        return None
    return facts[first.index - 1].place


def own_figure_ids(draft: _Draft, day: str | None, figures_by_id: dict[str, Figure]) -> tuple[str, ...]:
    """The figures of the mention's sentences, less those dated apart from it (a tally "since the
    cease-fire" in the sentence of a 27 December toll is not that incident's figure)."""
    return tuple(fid for f in draft.facts for fid in f.figure_ids
                 if iso_dates_compatible(figures_by_id[fid].event_date if fid in figures_by_id else None, day))


def passage_guess(draft: _Draft, classify: Classifier) -> EventTypeGuess | None:
    """The type of a mention told over several event sentences, read by the classifier as one passage
    (the model was trained on whole reports as well as their first sentences); the lead sentence's
    own guess where the passage reads as no incident."""
    lead = draft.lead
    events = [f for f in draft.facts if f.is_event]
    if len(events) < 2:
        return lead.guess
    guess = classify(" ".join(f.sentence.text for f in events))
    return guess if guess.type and guess.confidence >= MIN_CONFIDENCE else lead.guess


def build_mention(article: Article, n: int, draft: _Draft, facts: list[SentenceFacts],
                  actors: Iterable[ActorMention], figures_by_id: dict[str, Figure],
                  classify: Classifier) -> EventMention:
    start, end = draft.facts[0].sentence.start, draft.last.sentence.end
    own = [figures_by_id[fid] for f in draft.facts for fid in f.figure_ids if fid in figures_by_id]
    guess = codebook_guess(passage_guess(draft, classify), article.body[start:end], own, figure_incident_guess)
    when = draft.date
    where = draft.place or _context_place(draft, facts)
    inside = [a for a in actors if start <= a.start < end]
    return EventMention(
        id=f"{article.id}-m{n}", article_id=article.id, type=guess.type, sub_type=guess.sub_type or "",
        date=when.value if when else None, date_precision=when.precision if when else None,
        date_end=when.value_end if when else None,
        sentence=article.body[start:end], start=start, end=end,
        place=where.place if where else None, place_text=where.text if where else None,
        actors=ordered_actor_names(article.body[start:end], start, inside),
        figure_ids=own_figure_ids(draft, when.value if when else None, figures_by_id),
        confidence=guess.confidence, plover=guess.plover,
    )


def find_mentions(article: Article, analysis: Analysis, figures: Sequence[Figure] = (),
                  classify: Classifier | None = None) -> tuple[EventMention, ...]:
    """The incidents the article reports, in text order, ids ``{article.id}-m{n}``."""
    classify = classify or sentence_classifier()
    facts = sentence_facts(analysis, figures, iso_day(article.published), classify, article.body)
    drafts = group_sentences(facts)
    figures_by_id = {f.id: f for f in figures}
    return tuple(build_mention(article, n, d, facts, analysis.actors, figures_by_id, classify)
                 for n, d in enumerate(drafts, 1))


# ------------------------------------------------------------------ figures <- mentions
def attach_figures(figures: Iterable[Figure], mentions: Iterable[EventMention]) -> tuple[Figure, ...]:
    """Each figure with its mention id, and the mention's date and place where the figure has none."""
    owner = {fid: m for m in mentions for fid in m.figure_ids}
    out = []
    for fig in figures:
        mention = owner.get(fig.id)
        if mention is None:
            out.append(fig)
            continue
        out.append(replace(
            fig, mention_id=mention.id,
            event_date=fig.event_date or mention.date,
            place=fig.place or (mention.place.name if mention.place else mention.place_text),
        ))
    return tuple(out)


def main_mention(extraction: Extraction) -> EventMention | None:
    """The most salient incident: the first confident one, unless a later one carries figures it lacks."""
    mentions = list(extraction.mentions)
    if not mentions:
        return None
    counted = {f.id for f in extraction.figures if counts_people(f)}
    return max(mentions, key=lambda m: (any(fid in counted for fid in m.figure_ids),
                                        m.confidence >= STRONG_CONFIDENCE,
                                        sum(fid in counted for fid in m.figure_ids), -mentions.index(m)))


def counts_people(figure: Figure) -> bool:
    """The figure counts someone: not "no casualties" (a zero), not a denied toll."""
    value = max(v for v in (figure.value, figure.low, figure.high, 0.0) if v is not None)
    return value > 0 and figure.stance != "denied"


def extract_article(article: Article) -> Extraction:
    analysis = analyse(article)
    found = figures_stage.find_figures(article, analysis)
    mentions = find_mentions(article, analysis, found)
    return Extraction(article.id, analysis, attach_figures(found, mentions), mentions)


__all__ = [
    "Extraction", "SentenceFacts", "attach_figures", "best_place", "extract_article",
    "find_mentions", "main_mention", "sentence_classifier",
    "carry_date", "figure_incident_guess", "with_figure_incident", "refers_to_earlier_event", "is_tally_figure",
]
