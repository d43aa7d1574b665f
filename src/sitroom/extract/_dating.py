"""When a sentence says its incident happened.

:func:`sentence_date` gives a sentence's date as a :class:`DateGuess`: the best time expression
in it (day before week before month before year), leaving out background times ("since the
November 10 cease-fire", "until ..."), future ones (after the publication date: plans, not
incidents), names ("the November 9 agreement" as a modifier) and statement dates ("said on
Monday", a fallback only); "the following day", "that evening" are counted from the last day the
narrative named, "the same day of the exchange" from the day of that incident.
:mod:`sitroom.extract._incidents` dates each sentence with it before grouping sentences into incidents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Iterable, Sequence

from sitroom.core import DATE_RANK, Sentence, TimeExpression, iso_day
from sitroom.lang.en import MONTH_PATTERN, names_a_month, speaks_of_future

# A time after one of these, in the same clause, dates something else than the incident.
BACKGROUND_TIME_CUE = re.compile(r"\b(?:since|as of|until|till|prior to|ahead of|before the|in the run-up to|(?:outbreak|start|beginning) of)\b", re.I)
NAME_MODIFIER_BEFORE = re.compile(r"\b(?:the|a|its|their|his|her)\s+$", re.I)
NAME_MODIFIER_AFTER = re.compile(r"\s+[a-z][\w-]*")
CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s-\s")

RELATIVE_DAYS = (
    (re.compile(r"\b(?:the\s+)?(?:following|next)\s+day\b|\bthe\s+day\s+after\b", re.I), 1),
    (re.compile(r"\bthe\s+(?:previous|preceding)\s+day\b|\bthe\s+day\s+before\b", re.I), -1),
    (re.compile(r"\b(?:that|the\s+same)\s+(?:morning|afternoon|evening|night|day)\b|\blater\s+that\s+day\b", re.I), 0),
)

# A time right after one of these verbs (no other verb or "that" between) dates a statement, not the incident:
# "said on Monday", "confirmed the capture of 62 servicemen in a letter ... on December 28".
STATEMENT_VERB = re.compile(
    r"\b(?:said|says|told|stated|announced|confirmed|reported|claimed|wrote|tweeted|added|noted|declared|denied|"
    r"accused|urged|called|published|printed|released|issued|shared|stressed|warned|condemned|appealed)\b", re.I)
STATEMENT_GAP_BREAK = re.compile(r"[,;:\u2014]|\b(?:that|during|amid|after|following|before|while|when)\b|"
                                 r"\b[a-z]{3,}ed\b|\b(?:was|were|is|are|has|have|had)\b")
MAX_STATEMENT_GAP_WORDS = 15
# "As reported on 8 April, the army dismantled ...", "Reported on 1 January 2020, that residents ...": the only date
# the source gives, leading the sentence; it dates the incident (ACLED codes it so).
AS_REPORTED_LEAD = re.compile(r"^\W*(?:[A-Z][\w/ -]{0,30}:\s*)?(?:as\s+)?reported\s+(?:on\s+|in\s+)?$", re.I)
# A sentence about publishing something: its dates are the publication's.
PUBLICATION = re.compile(r"\b(?:published|released|issued|printed)\s+(?:a|an|the|its|their|his|her)\s+(?:\w+\s+){0,2}"
                         r"(?:report|statement|study|video|videos|map|letter|findings)\b", re.I)
# "the same day of the exchange": the day of an incident named earlier, not the narrative's last day.
SAME_DAY_OF = re.compile(r"\b(?:the\s+)?same\s+day\s+(?:of|as)\s+(?:the\s+|that\s+|this\s+)?([a-z]{4,})", re.I)

# A sentence that is only a date ("04 May 2019.", "Arrests: 20 May.", "19 December (on or before).", "08-11 June."):
# a heading that dates the text after it, up to the next day the text names.
DATE_HEADING = re.compile(rf"^\W*(?:[A-Z][\w/ -]{{0,30}}:\s*)?(?:(?:on|around|about|on\s+or\s+about)\s+)?"
                          rf"[\d\s.,/\u2013-]*(?:{MONTH_PATTERN})\.?(?:[\s\d,.\u2013-]|\b(?:to|and|or)\b)*"
                          r"(?:\([^)]*\))?\W*$", re.I)


@dataclass(frozen=True)
class DateGuess:
    value: str
    precision: str | None
    value_end: str | None = None
    statement: bool = False  # the date a statement was made ("said on Monday"), a fallback only
    start: int | None = field(default=None, compare=False)  # where its time expression starts in the body


def inside_sentence(start: int, end: int, sentence: Sentence) -> bool:
    return sentence.start <= start and end <= sentence.end


def _clause_before(text: str, pos: int) -> str:
    """The text between the last clause break before ``pos`` and ``pos``."""
    head = text[:pos]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
    return head[breaks[-1]:] if breaks else head


def is_background_time(time: TimeExpression, sentence: Sentence) -> bool:
    """The time is introduced by "since", "until", "prior to" ... in its clause."""
    return bool(BACKGROUND_TIME_CUE.search(_clause_before(sentence.text, time.start - sentence.start)))


def is_future(value: str, anchor: date | None) -> bool:
    """The date (any precision) starts after the anchor date."""
    if anchor is None or not value or "W" in value:
        return False
    iso = anchor.isoformat()
    return value[:10] > iso[: len(value[:10])]


def relative_day(text: str, last_day: date | None) -> DateGuess | None:
    """A day given relative to the narrative's last day ("the following day", "that evening")."""
    if last_day is None:
        return None
    for pattern, offset in RELATIVE_DAYS:
        if pattern.search(text):
            return DateGuess((last_day + timedelta(days=offset)).isoformat(), "day")
    return None


def relative_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentence names a day relative to the narrative."""
    return [m.span() for pattern, _ in RELATIVE_DAYS for m in pattern.finditer(text)]


WRITTEN_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b|'\d\d\b")


def in_the_past(time: TimeExpression, sentence: Sentence, anchor: date | None) -> TimeExpression:
    """A day or month written without a year that the normaliser put after the publication date, in a sentence
    that does not speak of the future ("On March 6, gunmen abducted ..." published in January), is the most
    recent such date before it: reports tell of the past, however late they come."""
    if anchor is None or not time.value or "W" in time.value or not is_future(time.value, anchor) \
            or WRITTEN_YEAR.search(time.text) or time.precision not in ("day", "month") \
            or speaks_of_future(sentence.text, time.start - sentence.start):
        return time
    earlier = [_year_before(v) for v in (time.value, time.value_end)]
    if earlier[0] is None or is_future(earlier[0], anchor):
        return time
    timex = (time.timex_value or "").replace(time.value, earlier[0]) or None
    return replace(time, value=earlier[0], value_end=earlier[1], timex_value=timex)


def _year_before(value: str | None) -> str | None:
    """"2020-03-06" -> "2019-03-06" (None where there is no such day: February 29)."""
    if not value or not re.match(r"\d{4}", value):
        return None
    shifted = f"{int(value[:4]) - 1:04d}{value[4:]}"
    return shifted if len(shifted) < 10 or iso_day(shifted) else None


def incident_times(sentence: Sentence, times: Iterable[TimeExpression], anchor: date | None) -> list[TimeExpression]:
    """The sentence's dated time expressions that can date an incident, best first."""
    times = [in_the_past(t, sentence, anchor) if inside_sentence(t.start, t.end, sentence) else t for t in times]
    usable = [t for t in times
              if inside_sentence(t.start, t.end, sentence) and t.value and t.timex_type in ("DATE", "TIME")
              and not is_background_time(t, sentence) and not is_future(t.value, anchor)]
    return sorted(usable, key=lambda t: (is_name_modifier(t, sentence), DATE_RANK.get(t.precision or "", 9),
                                         not is_calendar_date(t), t.start))


def is_calendar_date(time: TimeExpression) -> bool:
    """The expression names its date ("20 August", "2019-08-20"), not only a weekday or a day counted from the
    publication ("on Sunday [20 August]": the date in brackets is the one the source gives)."""
    return bool(re.search(r"\d", time.text)) or names_a_month(time.text)


def is_name_modifier(time: TimeExpression, sentence: Sentence) -> bool:
    """"the November 10 cease-fire": the date names another thing rather than dating the sentence."""
    before = sentence.text[:time.start - sentence.start]
    after = sentence.text[time.end - sentence.start:]
    return bool(NAME_MODIFIER_BEFORE.search(before) and NAME_MODIFIER_AFTER.match(after))


def is_planned(sentence: Sentence, times: Iterable[TimeExpression], anchor: date | None) -> bool:
    """The sentence is dated only in the future: it announces a plan, not an incident."""
    inside = [in_the_past(t, sentence, anchor) for t in times
              if inside_sentence(t.start, t.end, sentence) and t.value and t.timex_type in ("DATE", "TIME")]
    return bool(inside) and all(is_future(t.value, anchor) or is_background_time(t, sentence) for t in inside) \
        and any(is_future(t.value, anchor) for t in inside)


def is_statement_time(time: TimeExpression, sentence: Sentence) -> bool:
    """The time dates a statement: it follows a reporting verb with no other verb (nor "that") between
    ("said on Monday", "confirmed the capture ... in a letter on December 28"), or the sentence is about
    publishing something ("published a report")."""
    if PUBLICATION.search(sentence.text):
        return True
    before = sentence.text[:time.start - sentence.start]
    verbs = list(STATEMENT_VERB.finditer(before))
    if not verbs or AS_REPORTED_LEAD.search(before):
        return False
    gap = re.sub(r"\([^)]*\)", " ", before[verbs[-1].end():])
    return not STATEMENT_GAP_BREAK.search(gap) and len(gap.split()) <= MAX_STATEMENT_GAP_WORDS


def statement_gap_words(time: TimeExpression, sentence: Sentence) -> int:
    """Words between the reporting verb and the time ("said on Monday": 1)."""
    before = sentence.text[:time.start - sentence.start]
    verbs = list(STATEMENT_VERB.finditer(before))
    return len(before[verbs[-1].end():].split()) if verbs else 99


def referenced_day(text: str, history: Sequence[tuple[str, date | None]]) -> tuple[bool, date | None]:
    """For "the same day of the exchange": (True, the narrative day of the last sentence naming the exchange),
    (True, None) when no earlier sentence names it, (False, None) when the sentence says nothing of the kind."""
    match = SAME_DAY_OF.search(text)
    if not match:
        return False, None
    stem = match.group(1).casefold().rstrip("s")[:6]
    for earlier, day in reversed(history):
        if stem in earlier.casefold() and day is not None:
            return True, day
    return True, None


def heading_day(history: Sequence[tuple[str, date | None]]) -> date | None:
    """The day of the last date heading ("10 June.") when no other day has been named since."""
    current = history[-1][1] if history else None
    for text, day in reversed(history):
        if day != current or day is None:
            return None
        if DATE_HEADING.match(text) and re.search(r"\d", text):
            return day
    return None


def sentence_date(sentence: Sentence, times: Iterable[TimeExpression], anchor: date | None,
                  last_day: date | None, history: Sequence[tuple[str, date | None]] = ()) -> DateGuess | None:
    """The incident date a sentence gives: the day of an incident it points back to ("the same day of the
    exchange"), a relative day counted from the narrative, else its best time; the date of a statement
    ("said on Monday") only as a flagged fallback, and never when the incident is named as its object."""
    pointed, day = referenced_day(sentence.text, history)
    if pointed:
        return DateGuess(day.isoformat(), "day") if day else None
    relative = [(sentence.start + a, sentence.start + b) for a, b in relative_spans(sentence.text)]
    times = [t for t in times if not any(t.start < b and a < t.end for a, b in relative)]
    usable = incident_times(sentence, times, anchor)
    statements = [t for t in usable if is_statement_time(t, sentence)]
    best = [t for t in usable if t not in statements]
    first_day = next((t for t in best + statements if t.precision == "day"), None)
    explicit_day = iso_day(first_day.value) if first_day else None
    relative = relative_day(sentence.text, explicit_day or last_day)
    if relative:
        spans = relative_spans(sentence.text)
        return replace(relative, start=sentence.start + spans[0][0]) if spans else relative
    heading = heading_day(history)
    if heading and not (best and best[0].precision == "day"):  # "10 June. Residents ... end of April."
        return DateGuess(heading.isoformat(), "day")
    if best:
        return DateGuess(best[0].value, best[0].precision, best[0].value_end, start=best[0].start)
    said = [t for t in statements if statement_gap_words(t, sentence) <= 3 and not PUBLICATION.search(sentence.text)]
    if said:
        return DateGuess(said[0].value, said[0].precision, said[0].value_end, statement=True, start=said[0].start)
    return None
