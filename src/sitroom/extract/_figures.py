"""Figures: numbers about people in a text, as sourced claims.

For every amount in a sentence (``sitroom.lang.en._numbers``) we look for the people it counts (a person noun
right after it, "of them", an elided noun before a casualty word, or the head of a list after a colon),
the kind from the words around it (predicate after the noun phrase first, then the verb before the
number, then the noun itself: "POWs" are captured), whose people they are, and who says so.
Numbers that count no people (kilometres, videos, days, years, percentages) are dropped. Single
victims written without a number ("a 15-year-old was killed") come from :mod:`sitroom.extract._victims`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Sequence

from sitroom.core import ActorMention, Analysis, Article, Figure, PlaceMention, Sentence, TimeExpression, iso_day
from sitroom.extract._dating import in_the_past
from sitroom.extract._victims import VictimRegister, article_names, victims_in
from sitroom.lang.en import MONTH_ABBREVIATIONS, MONTH_PATTERN, Amount, alternation, find_amounts, vocabulary_file
from sitroom.nlp import find_actors, party_of, side_of

ELIDED_KIND_REACH = 25  # chars after "were"/"have" within which the kind word must start ("were all later killed")
ELIDED_CLAUSE = 60  # chars of an elided amount's clause searched for its kind (one short predicate)
PERIOD_START_REACH = 30  # chars after "since" within which its date must start ("since early on 27 December")

_PEOPLE = vocabulary_file("people")  # lang/en/people.yaml: every person noun, with examples
MILITARY = frozenset(_PEOPLE["military"])
CIVILIAN = frozenset(_PEOPLE["civilian"])
OTHER_PEOPLE = frozenset(_PEOPLE["other_people"])
PERSON_SUFFIX = re.compile(r"\w+goers?", re.I)  # partygoers, churchgoers, concertgoers: open-ended compounds
CASUALTY_NOUNS = frozenset(_PEOPLE["casualty_nouns"])
PRISONER_NOUNS = frozenset(_PEOPLE["prisoner_nouns"])
SINGULAR = frozenset(_PEOPLE["singular_people"])
STOP = {"and", "or", "in", "on", "at", "to", "from", "with", "by", "were", "was", "are", "is", "have", "has", "had",
        "been", "who", "that", "which", "for", "as", "since", "during", "after", "before", "the", "a", "an", "of",
        "than", "per", "percent", "times", "according", "said", "says", "while", "but"}

# The base form "kill" (headlines: "rebels kill 14 soldiers"), not an intention or a negation
KILL_BASE = r"(?<!to )(?<!not )(?<!n't )(?<!will )(?<!would )(?<!could )(?<!may )kill"
KIND_WORDS = [  # (regex, kind); checked nearest-first
    (r"killed|dead|died|die|deaths?|slain|perished|lost their lives|executed|beheaded|massacred|murdered|lynched"
     r"|shot dead|fatalities|fatally(?:\s+(?:shot|shooting|stabbed|stabbing|wounded|wounding|injured|assaulted|beaten))?"
     rf"|death toll|killing|kills|{KILL_BASE}|assassinated|deceased"
     r"|homicides?", "killed"),
    (r"wounded|injured|injuries|injuring|wounding|hurt|maimed|grazed|hospitali[sz]ed|shooting(?=\s+of\b)"
     r"|(?:taken|rushed|transported|airlifted|flown|driven)\s+(?:by\s+\w+\s+)?to\s+(?:a\s+|the\s+|an?\s+area\s+|local\s+|nearby\s+)?hospitals?"
     r"|in\s+(?:critical|serious|stable|grave)\s+condition"
     r"|(?<=were )shot(?=\s+at\s+(?:a\s|an\s|the\s|(?-i:[A-Z])|\d))|(?<=was )shot(?=\s+at\s+(?:a\s|an\s|the\s|(?-i:[A-Z])|\d))"
     r"|(?<!being )shot(?!\s+(?:and\s+killed|to\s+death|dead|down|at\b|up\b|back\b|through\b))", "wounded"),
    (r"missing|gone missing|went missing|disappeared|unaccounted for|missing in action", "missing"),
    (r"captured|capture|taken prisoner|taken captive|held captive|held hostage|taken hostage|abducted|kidnapped"
     r"|seized|captivity|imprisoned|hostages?|prisoner|capturing|abducting|kidnapping|capture(?=\s+of\b)", "captured"),
    (r"arrested|detained|apprehended|jailed|rounded up|arresting|detaining|arrests|detentions|arrest(?=\s+of\b)"
     r"|(?:in|into)\s+(?:police\s+|federal\s+|military\s+|protective\s+)?custody|turned\s+(?:himself|herself|themselves)\s+in", "arrested"),
    (r"(?<!treated and )(?<!treated and later )released|freed|repatriated|exchanged|swapped|releasing|freeing"
     r"|release(?=\s+of\b)", "released"),
    (r"displaced|fled|relocated|evacuated|refuge|homeless|forced to flee|uprooted|displacing|evacuating", "displaced"),
]
RETURN_WORDS = r"transported|transferred|returned|handed over|hand over|flown|sent home|brought home|sent back|handing over"
KIND_RE = [(re.compile(rf"\b(?:{pattern})\b", re.I), kind) for pattern, kind in KIND_WORDS]
RETURN_RE = re.compile(rf"\b(?:{RETURN_WORDS})\b", re.I)
LATER_KILLED = re.compile(r"\b(?:and|then)\s+(?:later\s+|then\s+|subsequently\s+)?(?:killed|beheaded|executed|murdered|"
                          r"shot\s+dead)\b", re.I)
# An active verb right before the amount governs it, whatever verb follows ("killing two people and
# wounding nine others", "freed 40 prisoners who had been captured").
GOVERNING_VERB_BEFORE = re.compile(
    rf"\b(?:{KILL_BASE}|killing|kills|killed|assassinated|assassinating|lynching|lynched|executing|executed|beheading|beheaded|massacring|massacred|wounding|wounds|injuring|injures|injured|wounded|capturing|captured|abducting"
    r"|abducted|kidnapping|kidnapped|arresting|arrested|detaining|detained|releasing|released|freeing|freed"
    r"|displacing|displaced|evacuating|evacuated|shot|shooting|stabbed|stabbing|hurt|hurting|seizing)\s+(?:(?:at\s+least|about|around|nearly|almost|some|up\s+to"
    r"|more\s+than|as\s+many\s+as|an\s+estimated|another|over)\s+)?$", re.I)
# "resulted in the killing of 1 militant", "the arrest of four men": a casualty noun governs what follows "of"
GOVERNING_NOUN_BEFORE = re.compile(r"\b(?:killings?|deaths?|arrests?|capture|release|abduction|kidnapping)\s+of\s+"
                                   r"(?:(?:at\s+least|about|around|nearly|some|up\s+to|more\s+than|over)\s+)?$", re.I)
NOUN_OF_BEFORE = re.compile(r"\b(?:the|a|an|its|their)\s+([\w\-]+)\s+of\s+(?:(?:at\s+least|over|more\s+than|some|about"
                            r"|nearly|around|up\s+to)\s+)?$", re.I)
HOLD_BEFORE = re.compile(r"\b(?:hold|holds|holding|held)\s+$", re.I)
NEGATED = re.compile(r"\b(?:refus\w*|declin\w*|not|yet to|failed to|reject\w*)\s+(?:\w+\s+){0,2}$", re.I)
FATE_BEFORE = re.compile(r"\b(?:fate|whereabouts)\s+of\s+(?:the\s+)?$", re.I)
TOLL_BEFORE = re.compile(r"\b(?:death|homicide|casualty) (?:toll|total)\b(?:\s+\w+){0,4}\s+(?:to|at|of|reached|is|was|stands at|rose to|climbed to)\s+$", re.I)
DESTINATION = re.compile(r"^\s*(?:\w+\s+){0,4}?(?:to|into)\s+((?:[A-Z][\w\-]+\s?){1,3})")
CLAUSE_END = re.compile(r"[;:.!?—–]|,\s|\b(?:where|when|while|whereas|although|but|because|before|until)\b", re.I)
MONTHS = MONTH_PATTERN
DATE_AFTER = re.compile(rf"^\s*(?:{MONTHS})\b", re.I)
# "May 5", "Aug. 5"; not "31 August. Five people ...": after a full month name a period ends a sentence
DATE_BEFORE = re.compile(rf"\b(?:(?:{MONTHS})|(?:{alternation(MONTH_ABBREVIATIONS)})\.)\s+$", re.I)
NOT_COUNT_AFTER = re.compile(r"^\s*(?:%|percent|per cent|times|years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|meters?|metres?|-year|-day|-month"
                             r"|o[’']clock|[ap]\.?m\b|[ap]\.m\.|(?:-|\s)?(?:caliber|calibre|mm)\b)", re.I)
EMERGENCY_NUMBER = re.compile(r"\s*(?:calls?|callers?|dispatch\w*|operators?|emergency\s+(?:calls?|line))\b", re.I)
CAPTION_BEFORE = re.compile(r"\b(?:image|photo|slide|picture|page|video|gallery)s?\s+(?:\d+\s+of\s+/?\s*)?$", re.I)
STATISTIC = re.compile(r"\b(?:each|every|per|a)\s+year\b|\bannually\b|\byearly\b", re.I)
PERIOD_CUE = re.compile(
    r"\b(?:since|so\s+far|to\s+date|thus\s+far|(?:this|last)\s+(?:year|month)|for\s+the\s+year|cumulative"
    r"|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+){0,2}(?:days|weeks|months|years|decades)"
    r"|over\s+(?:\w+\s+){1,2}(?:decades|years|months)|(?:overall|total)\s+(?:death\s+)?toll"
    r"|(?:bring|brings|bringing|raise|raises|raising|raised|push|pushing|pushed|take|taking)\s+(?:the\s+)?"
    r"(?:[\w’'\-]+\s+){0,3}(?:death\s+toll|toll|total|tally)\s+(?:\w+\s+){0,3}to)\b", re.I)
PERIOD_LEAD = re.compile(r"^\W*(?:since\b[^,]{1,60}|so\s+far|to\s+date|in\s+all|this\s+year),", re.I)
BRACKETED = re.compile(r"\([^()]*\)")  # "two militants (suspected TTP) were killed": an aside, not the predicate
AGENT_VERB = re.compile(r"\b(?:charged|accused|suspected|indicted|convicted|sentenced|wanted|responsible|arrested|held|jailed)\b", re.I)
ANAPHOR_BEFORE = re.compile(r"\b(?:the|these|those|all|both|its|their|his|her)\s+(?:other\s+)?$", re.I)
REDUCED_RELATIVE = re.compile(r"^\s+(?:\w+ed|slain|shot|hurt|taken|held)\b(?!\s+(?:\w+\s+){0,2}(?:were|was|are|is)\b)", re.I)
RELATIVE_LEAD = re.compile(r"^\s*,?\s*(?:who|that|which)\s+(?=(?:\w+\s+){0,3}?(?:were|was|had|have|are|is)\b)", re.I)
PARTITIVE = re.compile(r"^\s*(?:more\s+)?of\s+(?:the\s+|those\s+|these\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?", re.I)

SPEECH = (r"said|says|say|stated|states|reported|reports|reporting|confirmed|confirms|confirming|claimed|claims|claiming"
          r"|announced|shared|told|added|noted|noting|wrote|affirmed|accused|denied|denies|estimated|tweeted|declared"
          r"|insisted|acknowledged|revealed|warned|alleged|put")
SPEECH_RE = re.compile(rf"\b(?:{SPEECH})\b", re.I)
ACCORDING = re.compile(r"\baccording to\s+((?:[\w’'\-]+\s?){1,6}?)(?=[,.;]|\s+(?:at least|some|nearly|about|up to|the|a|an)\b|$)", re.I)
HEARSAY = re.compile(r"\b(?:(unconfirmed|some|several|other|local|media|press|unverified)\s+)?"
                     r"(rumou?rs?|reports?|accounts?|allegations?|claims?)\s+(?:\w+\s+){0,1}?"
                     r"(?:that|claim\w*|say\w*|suggest\w*|circulating that|indicat\w*)\b", re.I)
DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected|dismissed|refuted)\s+(?:the\s+)?"
                    r"(?:\w+\s+){0,1}?(rumou?rs?|reports?|claims?|allegations?|accounts?)\b", re.I)
DENY_VERB = re.compile(r"\b(?:denied|denies|deny|denying|rejected|dismissed|refuted)\b", re.I)
CONFIRM_VERB = re.compile(r"\b(?:confirmed|confirms|confirming|affirmed|verified)\b", re.I)
UNVERIFIED_WORDS = re.compile(r"\b(?:claimed|claims|claiming|alleged|allegedly|reportedly|unconfirmed|rumou?rs?|purportedly)\b", re.I)
TEMPORAL_LEAD = re.compile(r"^\W*(?:that|the following|later|meanwhile|earlier|then|on the same day|the next)\b", re.I)


@dataclass(frozen=True)
class Counted:
    """The people an amount counts: head noun, where the noun phrase ends, its modifiers' text."""
    head: str
    end: int
    phrase: str  # from the amount to the head, as written
    partitive: bool = False


@dataclass(frozen=True)
class Attribution:
    claimant: str | None
    stance: str
    verb_at: int | None = None  # offset in the body of the attribution verb
    actor: ActorMention | None = None


@dataclass(frozen=True)
class Draft:
    """A figure before ids: what an amount in a sentence says."""
    amount: Amount
    kind: str
    party: str | None
    civilian: bool | None
    start: int
    end: int
    sentence: Sentence
    head: str


# ---------------------------------------------------------------- people counted

def counted_people(body: str, amount: Amount) -> Counted | None:
    """The person noun an amount counts ("60 Armenian soldiers", "dozens of Armenians"), or None."""
    after = body[amount.end:amount.end + 80]
    m = PARTITIVE.match(after)
    offset = m.end() if m else 0
    if offset == 0 and re.match(r"\s+more\b", after):
        offset = re.match(r"\s+more\b", after).end()
    words = list(re.finditer(r"[\w’'\-]+|[^\w\s]|\n", after[offset:]))[:6]
    for n, w in enumerate(words):
        token = w.group().lower()
        if not re.match(r"\w", token) or (n and body[amount.end + offset + words[n - 1].end():amount.end + offset + w.start()].count("\n")):
            return None
        adjective = token in {"dead", "wounded", "injured", "missing", "displaced"} and n + 1 < len(words) \
            and re.match(r"[A-Za-z]", words[n + 1].group()) and words[n + 1].group().lower() not in STOP
        one = amount.value == 1 and token in SINGULAR  # "1 resident", "one soldier" (elsewhere "rebel" may be a modifier)
        if (_is_person_noun(w.group()) or one or _group_subject(w.group(), after[offset + w.end():])) and not adjective:
            end = amount.end + offset + w.end()
            if token in {"police"} and n + 1 < len(words) and words[n + 1].group().lower() in {"officers", "personnel"}:
                end = amount.end + offset + words[n + 1].end()
            return Counted(token, end, body[amount.start:end], partitive=bool(m))
        if (token in STOP and not w.group().isupper()) or n >= 4 \
                or (any(rx.fullmatch(token) for rx, _ in KIND_RE) and not adjective):  # "5 IS militants": a group, not "is"
            return None
    return None


def _is_person_noun(word: str) -> bool:
    low = word.lower()
    if low in MILITARY or low in CIVILIAN or low in OTHER_PEOPLE or PERSON_SUFFIX.fullmatch(low):
        return True
    return word[:1].isupper() and low.endswith("s") and party_of(word) is not None and _is_plural_demonym(word)


GROUP_PREDICATE = re.compile(r"\s+(?:were|have\s+been|had\s+been)\b")


def _group_subject(word: str, rest: str) -> bool:
    """ "At least 4 Hutu were killed", "Three Fulani were reportedly killed": a capitalised name right
    before "were" counts people of that community (an ethnic or national name without a plural -s)."""
    return word[:1].isupper() and not word.isupper() and word.lower() not in STOP \
        and GROUP_PREDICATE.match(rest) is not None


def _is_plural_demonym(word: str) -> bool:
    mentions = find_actors(word)
    return bool(mentions) and mentions[0].sector == "civilians"


MEMBERS_OF = re.compile(r"\s+of\s+((?:the\s+)?(?:[\w’'\-]+\s+){0,3}?(?:forces|army|police|military|militia|guards?|units?"
                        r"|brigades?|movement|group|party|[A-Z][\w’'\-]+))")


def civilian_of(head: str, phrase: str) -> bool | None:
    if head in CIVILIAN or re.search(r"\bcivilian", phrase, re.I):
        return True
    if head in MILITARY or re.search(r"\b(?:military|army|soldier|troop|POW|prisoners of war)", phrase, re.I):
        return False
    return None


# ---------------------------------------------------------------- kind

def _clause_after(body: str, pos: int, limit: int) -> str:
    text = body[pos:limit]
    m = CLAUSE_END.search(text)
    return text[:m.start()] if m else text


def _clause_before(body: str, pos: int, start: int) -> str:
    text = body[start:pos]
    ends = list(CLAUSE_END.finditer(text))
    if ends and re.search(r"\bincluding\s*$", text[ends[-1].end():]):
        ends = ends[:-1]  # "handed over all of its prisoners, including two men": the list head governs
    return text[ends[-1].end():] if ends else text


def kind_after(clause: str, head: str) -> str | None:
    hits = [(m.start(), kind) for rx, kind in KIND_RE for m in rx.finditer(clause)]
    if head in PRISONER_NOUNS:
        hits += [(m.start(), "released") for m in RETURN_RE.finditer(clause)]
    if re.match(r"^\s+being\b", clause) and not hits:
        return None
    if not hits:
        return None
    first, kind = min(hits)
    if kind in ("captured", "wounded", "arrested") and LATER_KILLED.search(clause, first):
        kind = "killed"  # "kidnapped and killed", "abducted and later beheaded": the fate that counts
    agent = AGENT_VERB.search(BRACKETED.sub(lambda m: " " * len(m.group()), clause[:first]))
    if agent and kind in ("killed", "wounded"):
        return None  # "three men were charged in a shooting that left a boy dead": the agents, not the victims
    return kind


LIST_PREDICATE = re.compile(r"((?:\s*,\s*(?:and\s+)?|\s+and\s+)[^;:.()]*?)\s+(?:were|was|have\s+been|had\s+been)\s+"
                            r"(?:also\s+|reportedly\s+|all\s+)?(\w+)")
APPOSITION_AFTER = re.compile(r"\s*,\s*(?:(?:an?|the|his|her|their)\s+[^,;.()]{1,40}?|including\s+[^,;.()]{1,80}?),"
                              r"(?=\s+(?:was|were|had\s+been|has\s+been|have\s+been)\b)")
LIST_JOIN = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
LIST_SUBJECT_START = re.compile(r"\s*(?:(?:at\s+least|about|some|around|nearly|over|more\s+than)\s+)?", re.I)


def counts_people_first(item: str) -> bool:
    """Does a list item open with an amount ("5 soldiers") or a single person ("a child")?"""
    found = find_amounts(item)
    return bool(found and found[0].start == 0) or re.match(r"(?:an?|one)\s+\w", item, re.I) is not None


def list_predicate_kind(before: str, rest: str) -> str | None:
    """ "6 commandos, 5 soldiers, and 15 militants were killed": an amount heading a list of amounts
    (as the subject: nothing but a qualifier ``before`` it in its clause) takes the kind of the
    predicate the list shares."""
    m = LIST_PREDICATE.match(rest) if LIST_SUBJECT_START.fullmatch(before) else None
    if not m:
        return None
    items = [item.strip() for item in LIST_JOIN.split(m.group(1)) if item.strip()]
    if not items or not all(counts_people_first(item) for item in items):
        return None
    return next((kind for rx, kind in KIND_RE if rx.fullmatch(m.group(2))), None)


# Counted people who did it, not who suffered it: the agent of a passive ("killed by around 14
# armed men"), the sides of a fight ("a clash between as many as 100 fighters and soldiers").
AGENT_BEFORE = re.compile(r"\b(?:by|between)\s+(?:(?:at\s+least|about|around|some|nearly|up\s+to|more\s+than"
                          r"|as\s+many\s+as|an\s+estimated|over)\s+)?$", re.I)
# ... and the subject of an active verb with an object ("two gunmen shot and killed the abbot",
# "two individuals opened fire and killed a man"): no auxiliary before the verb, an object after it.
ACTIVE_VERB = re.compile(r"^\s+(?P<lead>(?:[\w\-]+\s+){0,4}?)(?:(?:shot|stabbed|beat|hacked|attacked|abducted)\s+and\s+killed"
                         r"|shot\s+dead|killed|shot|stabbed"
                         r"|wounded|injured|abducted|kidnapped|arrested|executed|murdered|beheaded|lynched|hacked"
                         r"|beat|captured|detained)\b", re.I)
AUXILIARY = re.compile(r"\b(?:were|was|are|is|been|being|be|got|get|had|have|has|who|that|which)\b", re.I)


TIME_AFTER = re.compile(r"\s+(?:the|a|this|that|last)\s+(?:\w+\s+)?(?:day|days|night|week|weeks|month|months|year|years"
                        r"|morning|evening|afternoon|weekend|previous|same|following|next|other|before)\b", re.I)


def is_active_agent(after: str) -> bool:
    """ "two gunmen shot and killed the abbot": the counted people are the subject of an active
    verb with an object (not "the 3 suspects arrested the day before", a time after a participle)."""
    verb = ACTIVE_VERB.match(after)
    return bool(verb) and not AUXILIARY.search(verb.group("lead")) and not TIME_AFTER.match(after, verb.end()) \
        and ACTIVE_OBJECT_AFTER.match(after, verb.end()) is not None


def kind_before(clause: str) -> str | None:
    if FATE_BEFORE.search(clause):
        return "missing"
    if TOLL_BEFORE.search(clause):
        return "killed"
    if HOLD_BEFORE.search(clause):
        return "captured"
    hits = [(m.end(), kind, m) for rx, kind in KIND_RE for m in rx.finditer(clause)]
    hits += [(m.end(), "released", m) for m in RETURN_RE.finditer(clause)]
    if not hits:
        return None
    end, kind, m = max(hits, key=lambda h: h[0])
    head = NOUN_OF_BEFORE.search(clause, end)
    if head and not any(rx.fullmatch(head.group(1)) for rx, _ in KIND_RE):
        return None  # "fighters taken hostage ... and the handover of 250 fighters": the noun governs the number
    if kind == "released" and NEGATED.search(clause[:m.start()]):
        return "captured"
    return kind


def kind_of_noun(head: str, phrase: str) -> str | None:
    if head in PRISONER_NOUNS or re.search(r"prisoners of war|\bPOWs?\b", phrase):
        return "captured"
    if head in {"deaths", "fatalities", "dead", "bodies"}:
        return "killed"
    if head in {"wounded", "injured"}:
        return "wounded"
    if head == "missing":
        return "missing"
    if head == "refugees":
        return "displaced"
    return None


# ---------------------------------------------------------------- sentences and amounts

def segments(analysis: Analysis, body: str) -> list[Sentence]:
    """The analysis's sentences split again at line breaks (titles, captions, list items)."""
    base = list(analysis.sentences) or [Sentence(0, len(body), body)]
    out = []
    for s in base:
        pos = s.start
        for part in re.split(r"(\n+)", body[s.start:s.end]):
            if part.strip() and not part.startswith("\n"):
                lead = len(part) - len(part.lstrip())
                out.append(Sentence(pos + lead, pos + len(part.rstrip()), part.strip()))
            pos += len(part)
    return out


def is_count(body: str, a: Amount, sentence: Sentence) -> bool:
    """False for dates, years, percentages, durations, measures and ordinals."""
    after, before = body[a.end:a.end + 20], body[max(0, a.start - 12):a.start]
    if NOT_COUNT_AFTER.match(after) or DATE_AFTER.match(after) or DATE_BEFORE.search(before):
        return False
    if EMERGENCY_NUMBER.match(body, a.end) or (a.text in ("911", "999", "112") and not re.match(r"\s+(?:people|persons)\b", after)):
        return False  # "a 911 caller", "50 911 calls": a telephone number
    if CAPTION_BEFORE.search(body[max(0, a.start - 30):a.start]):
        return False  # "Image 2 of 33": a gallery counter
    if re.search(r"\d:$", before) or re.match(r":\d", after):
        return False  # a clock time or a video length ("0:39 Fairway police investigate")
    value = a.value if a.value is not None else a.low
    if value is not None and 1800 <= value <= 2100 and re.fullmatch(r"\d{4}", a.text.split("–")[0].split("-")[0].strip()):
        return False
    return not re.match(r"^\s*(?:st|nd|rd|th)\b", after)


def singular_amounts(body: str, sentence: Sentence) -> list[tuple[Amount, Counted]]:
    """ "an Azerbaijani civilian injured": a/an + a person noun followed by a casualty word."""
    out = []
    pattern = re.compile(r"\b(an?)\s+((?:[A-Z][\w\-]+\s+|[a-z]+\s+){0,2}?)(%s)\b" % "|".join(sorted(SINGULAR)))
    for m in pattern.finditer(body, sentence.start, sentence.end):
        rest = _clause_after(body, m.end(), sentence.end)
        if any(w in STOP for w in m.group(2).lower().split()):
            continue
        if re.search(r"\bincluding\s+$", body[max(sentence.start, m.start() - 12):m.start()]):
            continue  # "four others including a police officer were injured": a share of the count before
        verb = re.match(r"^\s+(?:\w+\s+){0,2}?(was\s+|were\s+)?\w*(?:ed|dead)\b", rest)
        if verb and not verb.group(1) and ACTIVE_OBJECT_AFTER.match(rest, verb.end()):
            continue  # "a man stabbed 11 students": the agent of an active verb, not a victim
        if kind_after(rest[:40], m.group(3).lower()) and verb:
            amount = Amount(1.0, None, None, "exact", m.group(1), m.start(1), m.end(1))
            out.append((amount, Counted(m.group(3).lower(), m.end(3), m.group())))
    return out


ACTIVE_OBJECT_AFTER = re.compile(r"\s+(?:a|an|the|his|her|their|its|him|them|\d+|one|two|three|four|five|six|seven|eight"
                                 r"|nine|ten|dozens|several|at\s+least)\b", re.I)
ELIDED_VERB = re.compile(r"^\s+(?:more\s+|others?\s+)?(?:(?:were|was|are|is|have|has|had|remains?|remained)\s+(?:also\s+|already\s+|now\s+"
                         r"|reportedly\s+|since\s+|all\s+|later\s+|been\s+|being\s+){0,3})?", re.I)
ELIDED_TAIL = re.compile(r"^\s*(?:more\b|others?\b)?\s*(?:in|on|at|near|and|during|,|;|\.|$)", re.I)
ANOTHER = re.compile(r"\b(?:and\s+|while\s+)(?P<who>another(?:\s+(?:one|person|victim))?|a\s+(?:second|third|fourth|fifth|sixth))"
                     r"(?P<rest>\s+(?:was|were|is|had\s+been|has\s+been)?\s*(?:also\s+)?\w+(?:\s+\w+)?)", re.I)


ZERO_SUBJECT = re.compile(
    r"\b(?:no(?:\s+|-)one|nobody|no\s+(?:people|persons?|civilians|soldiers|troops|officers|passengers|residents|students))"
    r"\s+(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are|got)\s+(?:\w+ly\s+)?)?"
    r"(?P<verb>killed|died|hurt|injured|wounded|harmed|arrested|detained)\b", re.I)
ZERO_NOUN = re.compile(r"\b(?:no|not\s+(?:made\s+|make\s+|reported\s+)?any|without(?:\s+any)?)\s+"
                       r"(?P<noun>casualties|deaths|fatalities|injuries|arrests)\b", re.I)
ZERO_KINDS = {"killed": ("killed",), "died": ("killed",), "hurt": ("wounded",), "injured": ("wounded",),
              "wounded": ("wounded",), "harmed": ("wounded",), "arrested": ("arrested",), "detained": ("arrested",),
              "casualties": ("killed", "wounded"), "deaths": ("killed",), "fatalities": ("killed",),
              "injuries": ("wounded",), "arrests": ("arrested",)}
CONDITIONAL_BEFORE = re.compile(r"\b(?:if|unless|so that|to ensure|to make sure|ensure|hope|hoped|whether)\s+(?:\w+\s+){0,3}$", re.I)


def zero_drafts(body: str, sentence: Sentence) -> list[Draft]:
    """ "no one was killed", "nobody was hurt", "there were no casualties", "police have not made any
    arrests": figures of 0, one per kind the words deny ("casualties": killed and wounded). Not "no
    other injuries" (nothing beyond a figure given) nor "no reports of casualties" (no news, no claim)."""
    out = []
    for rx in (ZERO_SUBJECT, ZERO_NOUN):
        for m in rx.finditer(body, sentence.start, sentence.end):
            if CONDITIONAL_BEFORE.search(body[max(sentence.start, m.start() - 40):m.start()]):
                continue
            word = (m.groupdict().get("verb") or m.groupdict().get("noun")).lower()
            amount = Amount(0.0, None, None, "exact", m.group(), m.start(), m.end())
            out += [Draft(amount, kind, None, None, m.start(), m.end(), sentence, word) for kind in ZERO_KINDS[word]]
    return out


def elided_kind(after: str) -> str | None:
    """The kind a verb right after an amount with no noun gives ("one was wounded", "tens of thousands
    have already fled", "the other five were taken to a hospital"), or None."""
    verb = ELIDED_VERB.match(after)
    rest = after[verb.end():] if verb else after
    first = re.match(r"[\w’'\-]+", rest)
    if first is None or (_is_person_noun(first.group()) and first.group().lower() not in CASUALTY_NOUNS):
        return None
    clause = _clause_after(rest, 0, len(rest))[:ELIDED_CLAUSE]
    hits = [(m.start(), k) for rx, k in KIND_RE for m in rx.finditer(clause)]
    return min(hits)[1] if hits and min(hits)[0] <= (ELIDED_KIND_REACH if verb and verb.group().strip() else 0) else None


FATAL_PART = re.compile(r"\s+(?:of\s+(?:them|whom|those)\s+|people\s+|persons?\s+)?(?:was\s+|were\s+|later\s+|have\s+|has\s+)?"
                        r"(?:fatally|died|killed|confirmed\s+dead|dead)\b", re.I)

# ---------------------------------------------------------------- party

def party_in(phrase: str) -> str | None:
    return party_of(phrase)


def last_party_in(text: str) -> str | None:
    """The party of the last actor or demonym in ``text``."""
    for m in reversed(list(re.finditer(r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*", text))):
        party = party_of(m.group())
        if party:
            return party
    return None


def article_sides(actors: tuple[ActorMention, ...] | list[ActorMention]) -> list[str]:
    counts = Counter(side_of(a.country) for a in actors if a.country)
    return [c for c, _ in counts.most_common()]


def only_country(places: Sequence[PlaceMention]) -> str | None:
    """The side of the one country every resolved place of the article lies in, if there is one."""
    countries = {side_of(p.place.country) for p in places if p.place and p.place.country}
    return next(iter(countries)) if len(countries) == 1 else None


def opposite(country: str | None, sides: list[str]) -> str | None:
    if country is None:
        return None
    others = [s for s in sides[:3] if s != side_of(country)]
    return others[0] if others else None


# ---------------------------------------------------------------- attribution

def _subject_before(body: str, verb_start: int, sentence: Sentence, actors: list[ActorMention]) -> tuple[str | None, ActorMention | None]:
    clause = _clause_before(body, verb_start, sentence.start)
    clause_start = verb_start - len(clause)
    verb = re.match(r"\w+", body[verb_start:]).group()
    if verb.endswith("ing") and re.search(r",\s*(?:\w+\s+)?$", body[sentence.start:verb_start]):
        main = [a for a in actors if sentence.start <= a.start and a.end <= verb_start]
        main = [a for a in main if a.sector == "official"] or main
        if main:  # "X denied ..., instead reporting that": the main clause's subject
            return main[0].name, main[0]
    inside = [a for a in actors if clause_start <= a.start and a.end <= verb_start]
    if not inside and re.search(r",\s*$", body[sentence.start:verb_start]):  # "Artak Beglaryan, Karabakh's ombudsman, said"
        inside = [a for a in actors if sentence.start <= a.start and a.end <= verb_start]
    if inside:
        people = [a for a in inside if a.sector == "official"]
        chosen = people[0] if people else inside[-1]
        return claimant_name(body, chosen), chosen
    words = re.findall(r"[\w’'\-]+", clause)
    words = [w for w in words if w.lower() not in {"the", "a", "an", "has", "have", "had", "also", "now"}][-3:]
    if not words or words[-1].lower() in {"it", "he", "she", "they", "which", "who", "as", "was", "were", "is"}:
        return None, None  # "As reported on 5 March": when it was reported, not by whom
    return " ".join(words), None


GENERIC_LEAD = re.compile(r"((?:[A-Z][\w’'.\-]*\s+){1,3})$")


def claimant_name(body: str, actor: ActorMention) -> str:
    """An actor's canonical name, unless it is a generic one (no country: "Police Forces") that the text
    narrows with a name before it ("Miami-Dade Police", "State Police"): then the words as written."""
    lead = GENERIC_LEAD.search(body[max(0, actor.start - 40):actor.start])
    if actor.country is None and lead and not lead.group(1).strip().lower() in {"the", "a", "an"}:
        return (lead.group(1) + actor.text).strip()
    return actor.name


def _broken(between: str) -> bool:
    """True when a new clause or a new reporting verb stands between an attribution and a figure."""
    return bool(re.search(r";|, as |, but ", between) or SPEECH_RE.search(between))


def attribution_in(body: str, sentence: Sentence, pos: int, actors: list[ActorMention]) -> Attribution | None:
    """Who the sentence says claims the figure at ``pos`` (an offset in ``body``)."""
    before = body[sentence.start:pos]
    denial = list(DENIAL.finditer(before))
    if denial and not _broken(before[denial[-1].end():]):
        return Attribution(denial[-1].group(1).lower(), "denied", sentence.start + denial[-1].start())
    hearsay = list(HEARSAY.finditer(before))
    if hearsay and not _broken(before[hearsay[-1].end():]):
        h = hearsay[-1]
        return Attribution(h.group(2).lower(), "unverified", sentence.start + h.start())
    according = list(ACCORDING.finditer(body[sentence.start:sentence.end]))
    if according:
        m = according[0]
        at = sentence.start + m.start(1)
        named = [a for a in actors if at <= a.start < at + len(m.group(1)) + 2]
        claimant = named[0].name if named else m.group(1).strip()
        stance = "unverified" if UNVERIFIED_WORDS.search(m.group(1)) else "asserted"
        return Attribution(claimant, stance, at, named[0] if named else None)
    return _speech_attribution(body, sentence, pos, actors)


def _speech_attribution(body: str, sentence: Sentence, pos: int, actors: list[ActorMention]) -> Attribution | None:
    verbs = list(SPEECH_RE.finditer(body, sentence.start, sentence.end))
    before = [v for v in verbs if v.end() <= pos and not re.search(r";|, as |, but |, while ", body[v.end():pos])]
    after = [v for v in verbs if v.start() > pos]
    verb = before[-1] if before else (after[0] if after else None)
    if verb is None:
        return None
    name, actor = _subject_before(body, verb.start(), sentence, actors)
    if name is None and verb.start() > pos:
        inverted = [a for a in actors if verb.end() <= a.start <= verb.end() + 3]
        name, actor = (inverted[0].name, inverted[0]) if inverted else (None, None)
    if name is None:
        return None
    word = verb.group().lower()
    stance = "asserted"
    if CONFIRM_VERB.fullmatch(word):
        stance = "confirmed"
    elif DENY_VERB.fullmatch(word):
        stance = "denied"
    elif UNVERIFIED_WORDS.fullmatch(word):
        stance = "unverified"
    return Attribution(name, stance, verb.start(), actor)


# ---------------------------------------------------------------- main

def _timex_near(times: tuple[TimeExpression, ...], sentence: Sentence, pos: int, avoid: int | None,
                anchor: date | None = None) -> tuple[str | None, str | None]:
    """(event_date, as_of) from the time expressions of the sentence, a yearless day after the
    publication read as the last such day before it (:func:`in_the_past`), as the incident's own
    date is, so that a figure and its incident never disagree on the year."""
    inside = [in_the_past(t, sentence, anchor) for t in times
              if sentence.start <= t.start < sentence.end and t.value and t.timex_type != "DURATION"]
    as_of = None
    if avoid is not None:
        near_verb = [t for t in inside if abs(t.start - avoid) < abs(t.start - pos) and abs(t.start - avoid) < 60]
        if near_verb:
            as_of = near_verb[0].value
            inside = [t for t in inside if t is not near_verb[0]]
    event = min(inside, key=lambda t: abs(t.start - pos)).value if inside else None
    return event, as_of


def _place_near(analysis: Analysis, sentence: Sentence, pos: int) -> tuple[str | None, str | None]:
    inside = [p for p in analysis.places if sentence.start <= p.start < sentence.end]
    if not inside:
        return None, None
    p = min(inside, key=lambda p: abs(p.start - pos))
    return (p.place.name if p.place else p.text), (p.place.country if p.place else None)


class _FigureFinder:
    def __init__(self, article: Article, analysis: Analysis) -> None:
        self.article = article
        self.body = article.body
        self.analysis = analysis
        self.actors = list(analysis.actors) or find_actors(article.body)
        self.sides = article_sides(self.actors)
        self.home = only_country(analysis.places)
        self.last_attribution: tuple[int, Attribution] | None = None  # (paragraph start, attribution)
        self.victims = VictimRegister()
        self.names = article_names(self.body)

    def drafts_in(self, sentence: Sentence) -> list[Draft]:
        drafts: list[Draft] = []
        found = [(a, counted_people(self.body, a)) for a in _shifted(find_amounts(sentence.text), sentence.start)
                 if is_count(self.body, a, sentence)]
        found += singular_amounts(self.body, sentence)
        found.sort(key=lambda f: f[0].start)
        for amount, counted in found:
            draft = self.draft(sentence, amount, counted, drafts)
            if draft:
                drafts.append(draft)
        drafts = split_shot_toll(self.body, drafts)
        drafts += self.another(sentence, drafts)
        for d in drafts:
            self.victims.add_count(d.kind, d.amount.value)
        drafts += self.victim_drafts(sentence, drafts)
        drafts += [d for d in zero_drafts(self.body, sentence) if not any(d.start < o.end and o.start < d.end for o in drafts)]
        if STATISTIC.search(sentence.text):  # "gun violence kills thousands each year": no one incident
            drafts = [d for d in drafts if d.kind not in ("killed", "wounded")]
        return sorted(drafts, key=lambda d: d.start)

    def victim_drafts(self, sentence: Sentence, drafts: list[Draft]) -> list[Draft]:
        """Single victims and counted multiple killings that no numbered figure already covers."""
        out = []
        for v in victims_in(self.body, sentence, self.names):
            if any(v.start < d.end and d.start < v.end for d in drafts) or not self.victims.is_new(v):
                continue
            amount = Amount(v.value, None, None, v.qualifier, self.body[v.start:v.end], v.start, v.end)
            out.append(Draft(amount, v.kind, v.party, v.civilian, v.start, v.end, sentence, v.head))
        return out

    def draft(self, s: Sentence, amount: Amount, counted: Counted | None, earlier: list[Draft]) -> Draft | None:
        if counted is None:
            return self.elided(s, amount, earlier)
        after = _clause_after(self.body, counted.end, s.end)
        aside = APPOSITION_AFTER.match(self.body, counted.end, s.end)
        if aside:  # "1 civilian, a tribal elder, was killed": the predicate is past the apposition
            after = _clause_after(self.body, aside.end(), s.end)
        before = _clause_before(self.body, amount.start, s.start)
        kind = self.counted_kind(s, amount, counted, before, after)
        if kind is None:
            return None
        party = self.party(s, amount, counted, kind, after, before, earlier)
        return Draft(amount, kind, party, civilian_of(counted.head, counted.phrase), amount.start, counted.end, s, counted.head)

    def counted_kind(self, s: Sentence, amount: Amount, counted: Counted, before: str, after: str) -> str | None:
        """The kind of a counted noun phrase. A definite one ("the four soldiers") refers back, and is a
        claim only when its own predicate or a verb governing it gives the kind ("the eight people who
        were injured", "killed the three officers")."""
        anaphor = ANAPHOR_BEFORE.search(self.body[max(s.start, amount.start - 12):amount.start]) and not counted.partitive
        governed = GOVERNING_VERB_BEFORE.search(ANAPHOR_BEFORE.sub("", before) if anaphor else before) \
            or GOVERNING_NOUN_BEFORE.search(before)
        if amount.vague and re.match(r"\s+more\b", self.body[amount.end:]) and not governed:
            return None  # "dozens more" on its own: an increment on an unknown base
        if counted.head in CASUALTY_NOUNS:
            return kind_of_noun(counted.head, counted.phrase)
        if governed:  # "killing two people and wounding nine others"
            return kind_before(before)
        if AGENT_BEFORE.search(before) or is_active_agent(after):
            return None  # "killed by 14 armed men", "a clash between 100 fighters", "two gunmen shot a man"
        predicate = kind_after(RELATIVE_LEAD.sub("", after), counted.head)
        if anaphor:  # not from a participle after the noun ("the four soldiers killed in the ambush were buried")
            return None if REDUCED_RELATIVE.match(after) else predicate
        return (predicate or kind_before(before) or kind_of_noun(counted.head, counted.phrase)
                or list_predicate_kind(before, self.body[counted.end:s.end]))

    def elided(self, s: Sentence, amount: Amount, earlier: list[Draft]) -> Draft | None:
        """ "dozens injured", "nine in Khtsaberd area" after "29 servicemen have been killed: ...", "killing 12"."""
        after = self.body[amount.end:s.end]
        kind = elided_kind(after)
        if kind is None and ELIDED_TAIL.match(after) and GOVERNING_VERB_BEFORE.search(self.body[s.start:amount.start]):
            kind = kind_before(self.body[s.start:amount.start])  # "killed 13 soldiers and wounded 56 more"
        head = self.list_head(amount, earlier)
        if kind is None and head and re.match(r"^\s*(?:in|on|at|near|during|and|elsewhere|earlier|later|each|,|;|\.|$)", after):
            kind = head.kind
        head = head or (earlier[-1] if earlier else None)
        if kind is None and (TOLL_BEFORE.search(self.body[s.start:amount.start])
                             or re.search(r"\b(?:killing|injuring|wounding)\s+(?:\w+\s+){0,2}$", self.body[s.start:amount.start])) \
                and re.match(r"^\s*(?:in|on|at|near|and|for|since|so\s+far|,|;|\.|people|$)", after):
            kind = kind_before(self.body[s.start:amount.start])
        if kind is None:
            return None
        party = head.party if head else self.fallback_party(s, amount.start)
        civilian = head.civilian if head else None
        return Draft(amount, kind, party, civilian, amount.start, amount.end, s, head.head if head else "")

    def another(self, s: Sentence, earlier: list[Draft]) -> list[Draft]:
        """ "three people were killed and another wounded", "a fourth was injured": one more person, of the
        kind its own verb gives, counted beside the figure before it."""
        out = []
        for m in ANOTHER.finditer(self.body, s.start, s.end):
            prior = [d for d in earlier if d.end <= m.start()]
            kind = elided_kind(" " + m.group("rest"))
            if not prior or kind is None or any(d.start < m.end() and m.start() < d.end for d in earlier):
                continue
            amount = Amount(1.0, None, None, "exact", m.group("who"), m.start("who"), m.end("who"))
            d = prior[-1]
            out.append(Draft(amount, kind, d.party, d.civilian, amount.start, amount.end, s, d.head))
        return out

    def list_head(self, amount: Amount, earlier: list[Draft]) -> Draft | None:
        """The figure that opens a list this amount belongs to ("29 killed: nine in X, six on Y")."""
        for d in reversed(earlier):
            between = self.body[d.end:amount.start]
            if re.search(r"[:—–]", between) and d.head:
                return d
        return None

    def party(self, s: Sentence, amount: Amount, counted: Counted, kind: str, after: str, before: str,
              earlier: list[Draft]) -> str | None:
        own = party_in(counted.phrase)
        members = MEMBERS_OF.match(self.body, counted.end, s.end) if counted.head in ("members", "member") else None
        own = own or (party_in(members.group(1)) if members else None)
        if own:
            return own
        if counted.partitive and re.search(r"\b(?:its|their)\s", self.body[amount.end:counted.end]):
            owner = [a for a in self.actors if s.start <= a.start < amount.start]
            if owner:
                return owner[0].name if owner[0].sector == "rebels" else (side_of(owner[0].country) or owner[0].name)
        if re.search(r"\bincluding\s*$", self.body[s.start:amount.start]) or "including" in before[-15:]:
            inherited = last_party_in(before)
            if inherited:
                return inherited
        if kind == "released":
            dest = DESTINATION.match(after)
            if dest and party_of(dest.group(1)):
                return party_of(dest.group(1))
        if kind == "captured":
            claimant = attribution_in(self.body, s, amount.start, self.actors)
            agents = [a for a in self.actors if s.start <= a.start < amount.start and a.country]
            source = claimant.actor if claimant and claimant.actor and claimant.actor.country else (agents[0] if agents else None)
            if source and opposite(source.country, self.sides):
                return opposite(source.country, self.sides)
        if earlier:
            return earlier[-1].party
        claimant = attribution_in(self.body, s, amount.start, self.actors)
        if kind != "captured" and claimant and claimant.actor and claimant.actor.country:
            return side_of(claimant.actor.country)
        return self.fallback_party(s, amount.start)

    def fallback_party(self, s: Sentence, pos: int) -> str | None:
        """The side of a figure that names none: the country of the place near it, else the
        article's most named side, else the one country all the article's places lie in (so
        that in a one-country story a toll far from any place name has the same side as one
        beside a place, and one incident's tolls are not split into two ledger groups)."""
        _, country = _place_near(self.analysis, s, pos)
        if country:
            return side_of(country)
        return self.sides[0] if self.sides else self.home

    def attribution(self, s: Sentence, d: Draft, paragraph_start: int) -> Attribution:
        found = attribution_in(self.body, s, d.start, self.actors)
        if found:
            return found
        if re.search(r"\b(?:reportedly|allegedly|purportedly)\b", s.text):
            return Attribution(None, "unverified")
        carried = self.last_attribution
        if carried and carried[0] == paragraph_start and carried[1].actor is not None and not self.new_scene(s):
            return Attribution(carried[1].claimant, "asserted" if carried[1].stance == "confirmed" else carried[1].stance,
                               carried[1].verb_at, carried[1].actor)
        return Attribution(None, "asserted")

    def new_scene(self, s: Sentence) -> bool:
        """A sentence that opens with a time ("That evening, ...") starts new narration."""
        if TEMPORAL_LEAD.match(s.text):
            return True
        return any(s.start <= t.start <= s.start + 4 for t in self.analysis.times)

    def remember(self, s: Sentence, paragraph_start: int) -> None:
        verbs = list(SPEECH_RE.finditer(self.body, s.start, s.end))
        if verbs:
            found = _speech_attribution(self.body, s, s.end, self.actors)
            if found and found.actor is not None:
                self.last_attribution = (paragraph_start, found)

    def figures(self) -> list[Figure]:
        out: list[Figure] = []
        for s in segments(self.analysis, self.body):
            paragraph_start = self.body.rfind("\n", 0, s.start) + 1
            for d in self.drafts_in(s):
                out.append(self.figure(d, s, paragraph_start, len(out) + 1))
            self.remember(s, paragraph_start)
        return out

    def period_of(self, d: Draft, s: Sentence) -> tuple[str, str | None]:
        """("period", its start) for a running or cumulative toll ("raising the death toll to 660", "more
        than 600 have been killed since the offensive began", "so far this year"), else ("incident", None).
        The cue must stand in the figure's own clause, or lead the sentence."""
        clause = _clause_before(self.body, d.start, s.start)
        clause_start = d.start - len(clause)
        clause_end = d.end + len(_clause_after(self.body, d.end, s.end))
        cue = PERIOD_CUE.search(self.body, clause_start, clause_end)
        if cue is None and PERIOD_LEAD.match(s.text):
            cue = PERIOD_CUE.search(s.text)
            cue_at = s.start + cue.start() if cue else s.start
        elif cue is None:
            return "incident", None
        else:
            cue_at = cue.start()
        starts = [t for t in self.analysis.times if cue_at <= t.start <= cue_at + PERIOD_START_REACH and t.value
                  and t.timex_type != "DURATION" and re.match(r"since\b", self.body[cue_at:], re.I)]
        return "period", (starts[0].value if starts else None)

    def figure(self, d: Draft, s: Sentence, paragraph_start: int, n: int) -> Figure:
        attribution = self.attribution(s, d, paragraph_start)
        scope, period_start = self.period_of(d, s)
        event_date, as_of = _timex_near(self.analysis.times, s, d.start, attribution.verb_at,
                                        iso_day(self.article.published))
        place, _ = _place_near(self.analysis, s, d.start)
        a = d.amount
        return Figure(
            id=f"{self.article.id}-f{n}", article_id=self.article.id, kind=d.kind, party=d.party,
            value=a.value, low=a.low, high=a.high, qualifier=a.qualifier, text=self.body[d.start:d.end],
            sentence=s.text, start=d.start, end=d.end, civilian=d.civilian, claimant=attribution.claimant,
            stance=attribution.stance, event_date=event_date, place=place,
            as_of=as_of or self.article.published, scope=scope, period_start=period_start,
        )


SOURCE_ASIDE = re.compile(
    r"\(\s*(?P<who>[A-Z][\w'’.\- ]{0,40}?)\s+(?P<also>also\s+)?(?:reported|reports|claimed|claims|said|says)\s+"
    r"(?P<rest>[^()\n]{0,80})\)")


def with_source_asides(body: str, figures: list[Figure]) -> list[Figure]:
    """ "... killing 2 soldiers, in Maywand district. (VoJ reported 2)": an aside naming a source that
    reports the same number as the outlet's figures before it (in the paragraph, with no claimant
    yet: one of them, or the total of one kind) makes them that source's claims. "(VoJ also
    reported 2)" corroborates them instead: they stay the outlet's own."""
    out = list(figures)
    for aside in SOURCE_ASIDE.finditer(body):
        amounts = find_amounts(aside.group("rest"))
        if aside.group("also") or not amounts or amounts[0].value is None:
            continue
        paragraph_start = body.rfind("\n", 0, aside.start()) + 1
        before = [n for n, f in enumerate(out) if paragraph_start <= f.start and f.end <= aside.start()
                  and f.claimant is None and f.value is not None]
        same = [n for n in before if out[n].value == amounts[0].value]
        if not same:
            for kind in sorted({out[n].kind for n in before}):
                parts = [n for n in before if out[n].kind == kind]
                if len(parts) > 1 and sum(out[n].value for n in parts) == amounts[0].value:
                    same = parts
        for n in same:
            out[n] = replace(out[n], claimant=aside.group("who").strip())
    return out


def split_shot_toll(body: str, drafts: list[Draft]) -> list[Draft]:
    """ "Two people were shot, one fatally": one killed and one wounded (as GVA and ACLED count them),
    so the wounded figure keeps the number shot less the number killed (its evidence is the number shot)."""
    out = list(drafts)
    for i, d in enumerate(out):
        if d.kind != "wounded" or d.amount.value is None:
            continue
        for k in out[i + 1:]:
            between = body[d.end:k.start]
            if (k.kind == "killed" and k.amount.value is not None and k.amount.value < d.amount.value
                    and re.fullmatch(r"[^.;:]{0,60}?,\s*(?:with\s+|including\s+)?", between)
                    and FATAL_PART.match(body, k.amount.end)):
                value = d.amount.value - k.amount.value
                out[i] = Draft(Amount(value, None, None, d.amount.qualifier, d.amount.text, d.amount.start, d.amount.end),
                               d.kind, d.party, d.civilian, d.start, d.end, d.sentence, d.head)
                break
    return out


# A later sentence telling that someone already counted as wounded died: "He later died", "The victim died of his
# injuries", "One of them died at the hospital".
REFERS_BACK = re.compile(r"^(?:he|she|the\s+(?:victim|man|woman|boy|girl|teen|teenager|child|person|officer|soldier)"
                         r"|one\s+of\s+(?:them|those|the\s+(?:victims|wounded|injured)))\b", re.I)
DEATH_AFTER_WOUNDS = re.compile(r"\b(?:later\s+died|died\s+(?:later|of\s+(?:his|her|their)\s+(?:injuries|wounds)"
                                r"|(?:at|in)\s+(?:a\s+|the\s+)?(?:\w+\s+){0,3}?hospital)|succumbed"
                                r"|(?:was\s+|later\s+)?(?:pronounced|declared)\s+dead)\b", re.I)


def died_of_wounds(figures: list[Figure]) -> list[Figure]:
    """A victim counted as wounded who later dies is counted once, as killed: the killed figure that refers back
    ("He later died") takes its number off the latest wounded figure of an earlier sentence (dropped at 0)."""
    out = list(figures)
    for f in figures:
        if f.kind != "killed" or not f.value or not REFERS_BACK.match(f.text) or not DEATH_AFTER_WOUNDS.search(f.sentence):
            continue
        earlier = [n for n, w in enumerate(out) if w is not None and w.kind == "wounded" and w.end <= f.start
                   and w.sentence != f.sentence and (w.value or 0) >= f.value]
        if earlier:
            n = earlier[-1]
            left = out[n].value - f.value
            out[n] = replace(out[n], value=left) if left else None
    return [f for f in out if f is not None]


def _shifted(amounts: list[Amount], offset: int) -> list[Amount]:
    return [Amount(a.value, a.low, a.high, a.qualifier, a.text, a.start + offset, a.end + offset, a.vague) for a in amounts]


def find_figures(article: Article, analysis: Analysis) -> list[Figure]:
    """Every number about people in ``article.body`` as a sourced claim (see models.Figure)."""
    return died_of_wounds(with_source_asides(article.body, _FigureFinder(article, analysis).figures()))
