"""Single victims: one person killed, wounded or arrested, written without a number.

"A 15-year-old was killed", "Jacob Stahl died", "the victim, 23, succumbed to his injuries",
"killing a 28-year-old family friend", "crews pronounced the victim dead". :func:`victims_in`
finds them in a sentence; each counts once per article (:class:`VictimRegister`: a victim
described again is the same person); "a double homicide" counts two. :mod:`sitroom.extract._figures`
turns them into figures beside the numbered ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.core import Sentence
from sitroom.lang.en import CALENDAR_WORDS, WEEKDAY_PATTERN, vocabulary_file
from sitroom.nlp import party_of

_PEOPLE = vocabulary_file("people")  # lang/en/people.yaml: every person noun, with examples
ORDINARY_NOUNS = tuple(_PEOPLE["victim_nouns"]) + (r"\w+-grader", r"mother-of-\w+", r"father-of-\w+", r"grandmother-of-\w+")
FORCE_NOUNS = tuple(_PEOPLE["force_victims"])
SUSPECT_NOUNS = tuple(_PEOPLE["suspect_victims"])
_NOUN = "|".join(sorted(ORDINARY_NOUNS + FORCE_NOUNS + SUSPECT_NOUNS, key=len, reverse=True))
_AGE = r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[\s-]years?[\s-]old"
_MOD = (r"(?:(?!(?:was|were|is|are|who|that|and|or|but|had|has|have|said|says|after|before|when|while|in|on|at"
        r"|from|with|by|to|for)\b)[\w’'\-\.]+,?\s+)")
_DESCRIBED = (rf"\b(?P<det>[Aa]n?|[Aa]nother|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?P<mods>{_MOD}{{0,4}}?)"
              rf"(?P<noun>{_NOUN}|{_AGE})(?![\w\-])")
_TITLE = (r"(?:Officer|Deputy|Trooper|Sgt\.?|Sergeant|Cpl\.?|Corporal|Lt\.?|Lieutenant|Detective|Det\.?|Agent"
          r"|Pvt\.?|Private|Capt\.?|Captain|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)")
_NAME_WORD = r"[A-Z][a-z’'\-]+(?:[A-Z][a-z’'\-]+)?"
_NAMED = (rf"(?:\b(?P<title>{_TITLE})\s+)?(?P<name>\b{_NAME_WORD}(?:\s+(?:[A-Z]\.|{_NAME_WORD}|Jr\.?|Sr\.?|III|II))"
          r"{1,3})")
_PRONOUN = r"\b(?P<pronoun>[Hh]e|[Ss]he)"
_SINGLE_NAME = r"\b(?P<single>[A-Z][a-z’'\-]+)(?![\w’'\-])"
_APPOSITION = r"(?:\s*\(\d{1,3}\))?(?:(?:\s*,\s*(?!(?:and|but|while|police|officials|authorities)\b)[^,;.]{1,60}?){1,3},)?"
_RELATIVE = r"(?:\s+(?:who|that)(?:\s+[\w’'\-]+){0,14}?(?=\s+(?:was|is|had|has|died|later)\b))?"
_BE = r"(?:was|is|has\s+been|had\s+been|got)"
_ADV = (r"(?:(?:also|later|then|reportedly|allegedly|apparently|accidentally|critically|seriously|just|both"
        r"|eventually|subsequently|tragically|also\s+later)\s+)?")
_KILLED_PREDICATE = (
    rf"(?:{_BE}\s+{_ADV}(?:shot\s+and\s+killed|shot\s+to\s+death|shot\s+dead|gunned\s+down|killed|murdered|slain"
    r"|found\s+dead|pronounced\s+dead|declared\s+dead|dead|lynched|executed|beheaded"
    r"|(?:stabbed|beaten|strangled|burned|burnt|stoned|hacked|tortured)\s+to\s+death"
    r"|fatally\s+(?:shot|wounded|injured|stabbed|struck|hit))"
    rf"|{_BE}\s+{_ADV}(?:rushed|taken|transported|flown|airlifted)\s+[^.;]{{0,80}}?"
    r"(?:\bwhere\s+(?:he|she)\s+|,?\s+and\s+|,?\s+but\s+)(?:later\s+)?(?:died|was\s+pronounced\s+dead)"
    rf"|{_ADV}(?:died|dies|has\s+died|had\s+died|succumbed\s+to(?:\s+(?:his|her|their)\s+(?:injuries|wounds|gunshot\s+wounds?))?|lost\s+(?:his|her|their)\s+life))\b"
)
_WOUNDED_PREDICATE = (
    rf"(?:{_BE}\s+{_ADV}(?:shot|wounded|injured|hurt|grazed|struck\s+by\s+(?:a\s+)?(?:bullet|gunfire|stray))"
    r"(?!\s+(?:and\s+killed|to\s+death|dead|down|at\b|up\b|back\b))"
    rf"|{_ADV}suffered\s+(?:[\w\-]+\s+){{0,3}}?(?:gunshot\s+wounds?|wounds?|injuries))\b"
)
_ARRESTED_PREDICATE = (
    rf"(?:{_BE}\s+{_ADV}(?:arrested|detained|apprehended|captured|booked|jailed|taken\s+prisoner"
    r"|taken\s+into\s+(?:police\s+|federal\s+)?custody)"
    r"|(?:is|was|remains|remained|are|were)\s+(?:now\s+|still\s+|also\s+|later\s+)?(?:in|under)\s+(?:police\s+|federal\s+)?(?:custody|arrest)"
    rf"|{_ADV}turned\s+(?:himself|herself)\s+in)\b"
)
_NAMED_AS = r"(?:\s+(?:surnamed|named|identified\s+as|called)\s+[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2})?"
# "a soldier from the Egyptian military forces was killed", "a member of the TNI was killed": who they belong to
_BELONGING = r"(?:\s+(?:of|from)\s+(?:(?!(?:was|were|is|are|who|that|and|but|when|after)\b)[\w’'\-().]+\s+){0,5}?[\w’'\-().]+(?=\s+(?:was|had|has)\b))?"
SUBJECT_VICTIM = re.compile(
    rf"(?:{_DESCRIBED}|{_NAMED}|{_PRONOUN}|{_SINGLE_NAME}){_NAMED_AS}{_BELONGING}{_APPOSITION}{_RELATIVE}\s+"
    rf"(?:(?P<killed>{_KILLED_PREDICATE})|(?P<wounded>{_WOUNDED_PREDICATE})|(?P<arrested>{_ARRESTED_PREDICATE}))")
_OBJECT = rf"(?:{_DESCRIBED}|{_NAMED}|\b(?P<self>himself|herself)\b|\b(?P<objpronoun>him|her)\b(?!\s+\w+\s+(?:was|is)\b))"
OBJECT_VICTIM = re.compile(
    r"\b(?:(?P<killverb>killing|killed|fatally\s+(?:shooting|shot|wounding|wounded|stabbing|stabbed)"
    r"|shot\s+and\s+killed|shooting\s+and\s+killing|murdered|murdering|gunned\s+down|gunning\s+down"
    r"|lynched|lynching|executed|executing|beheaded|beheading|(?:stabbed|beat|beaten|hacked)\s+and\s+killed"
    r"|shot\s+dead|assassinated|assassinating|(?:stoned|stabbed|beat|beaten|hacked|burned|burnt)\s+to\s+death)"
    r"|(?P<woundverb>(?:(?:critically|seriously)\s+)?(?:wounding|injuring|wounded|injured))"
    r"|(?P<arrestverb>arrested|arresting|detained|detaining|apprehended|apprehending))\s+" + _OBJECT)
OBJECT_MORE = re.compile(
    rf"(?:\s*,)?\s+and\s+(?:then\s+|also\s+)?(?:(?:his|her|their|a|an)\s+{_MOD}{{0,2}}?(?:{_NOUN})(?![\w\-])"
    r"|himself|herself)\b")
_DEATH_NOUN = r"(?:fatal\s+(?:shooting|stabbing|beating)|(?:(?:shooting|gunshot)\s+)?(?:death|murder|killing|slaying))"
DEATH_OF = re.compile(rf"\b{_DEATH_NOUN}\s+of\s+(?:{_AGE}\s+)?(?:{_DESCRIBED}|{_NAMED})")
PRONOUNCED_DEAD = re.compile(rf"\b(?:pronounced|declared)\s+{_OBJECT}\s+dead\b")  # "crews pronounced the victim dead"
POSSESSIVE_DEATH = re.compile(rf"(?:{_DESCRIBED}|{_NAMED})(?:’s|'s)\s+{_DEATH_NOUN}\b")
REDUCED_PASSIVE = re.compile(rf"\b(?P<det>[Aa]n?)\s+(?P<mods>{_MOD}{{0,4}}?)(?P<noun>{_NOUN}|{_AGE})(?![\w\-]){_APPOSITION}\s+"
                             r"(?:shot\s+and\s+killed|shot\s+to\s+death|shot\s+dead|fatally\s+shot|killed|slain|found\s+dead)\b")
ACTIVE_OBJECT = re.compile(r"\s+(?:a|an|the|his|her|their|its|him|them|himself|herself|one|two|three|four|five|\d+"
                           rf"|(?!(?i:{WEEKDAY_PATTERN})\b)[A-Z][a-z]+\s+[A-Z])\b")
FULL_NAME = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{1,2}}(?=\s*,\s*\d{{1,3}}\b|\s+(?:was|died|is)\b)"
                       rf"|(?<=year-old\s){_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}")
MULTIPLE_DEATHS = re.compile(r"\b(?P<n>double|triple|quadruple)[\s-](?:homicide|murder|killing|slaying|fatal\s+shooting)s?\b"
                             r"|\b(?P<suicide>murder[\s-]suicide)\b", re.I)
MULTIPLE_VALUES = {"double": 2.0, "triple": 3.0, "quadruple": 4.0}
NOT_NAME_WORDS = frozenset(
    "police sheriff chief mayor county city state department office hospital center centre medical university college"
    " school high street avenue road drive boulevard news court church park the a an authorities investigators"
    " detectives coroner fire officials god jesus christ".split()) | CALENDAR_WORDS
NOT_DYING = re.compile(r"^\s*(?:down\b|out\b|peacefully|surrounded|after\s+(?:a\s+)?(?:long|brief|short)\b|at\s+(?:the\s+)?age\b"
                       r"|of\s+(?!(?:his|her|their|the|a|an|multiple|several|single)?\s*(?:gunshot|gun|bullet|stab|wound|injur|shot|blunt)))", re.I)
HYPOTHETICAL = re.compile(r"\b(?:could|would|might|may|should|nearly|almost|not|never|to)\s+(?:have\s+)?$", re.I)


@dataclass(frozen=True)
class Victim:
    """One person (or a counted multiple-killing) a sentence says was killed or wounded."""
    kind: str
    value: float
    qualifier: str
    start: int
    end: int
    head: str
    names: frozenset[str] = frozenset()
    distinct: bool = False  # "another man", "a woman was also killed": someone new
    civilian: bool | None = True
    party: str | None = None


def name_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z’'\-]{2,}", name) if w.lower() not in {"jr", "sr", "ii", "iii"})


def is_person_name(name: str) -> bool:
    words = name_words(name)
    return bool(words) and not words & NOT_NAME_WORDS and party_of(name) is None


def victim_civilian(noun: str, title: str | None) -> bool | None:
    low = noun.lower()
    if title and re.match(r"(?:Officer|Deputy|Trooper|Sgt|Sergeant|Cpl|Corporal|Lt|Lieutenant|Detective|Det|Agent|Pvt|Private|Capt|Captain)", title):
        return False
    if low in FORCE_NOUNS:
        return False
    if low in SUSPECT_NOUNS or low in ("he", "she", "him", "her"):
        return None
    return True


def _who(m: re.Match, known_names: frozenset[str] = frozenset()) -> tuple[str, frozenset[str], bool | None, str | None, bool] | None:
    """(head, names, civilian, party, distinct) of the person a match names, or None if it names none.
    A lone capitalised word ("Brunner died") names someone only when the article gave it in a full name."""
    if _group(m, "single"):
        word = m.group("single").lower()
        return (word, frozenset({word}), True, None, False) if word in known_names else None
    if _group(m, "name"):
        if not is_person_name(m.group("name")):
            return None
        return m.group("name"), name_words(m.group("name")), victim_civilian("", _group(m, "title")), None, False
    for group in ("pronoun", "self", "objpronoun"):
        if _group(m, group):
            return m.group(group).lower(), frozenset(), victim_civilian(m.group(group), None), None, False
    mods = m.group("mods") or ""
    distinct = m.group("det").lower() == "another" or bool(re.search(r"\b(?:second|third|fourth|other)\b", mods, re.I))
    phrase = f"{mods}{m.group('noun')}"
    return m.group("noun").lower(), frozenset(), victim_civilian(m.group("noun"), None), party_of(phrase), distinct


def _group(m: re.Match, name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


def subject_victims(body: str, sentence: Sentence, known_names: frozenset[str] = frozenset()) -> list[Victim]:
    """ "A 15-year-old was killed", "Jacob Stahl, a sophomore, died", "the victim succumbed to his injuries"."""
    out = []
    for m in SUBJECT_VICTIM.finditer(body, sentence.start, sentence.end):
        kind = "killed" if m.group("killed") else ("arrested" if m.group("arrested") else "wounded")
        predicate_end = m.end()
        if kind == "killed" and NOT_DYING.match(body[predicate_end:predicate_end + 60]):
            continue
        if HYPOTHETICAL.search(body[max(sentence.start, m.start() - 30):m.start()]):
            continue
        who = _who(m, known_names)
        if who is None:
            continue
        if kind == "wounded" and dies_later(body, predicate_end, sentence.end):
            kind = "killed"
        head, names, civilian, party, distinct = who
        distinct = distinct or bool(re.search(r"\balso\b", body[m.start():predicate_end], re.I))
        civilian = None if kind == "arrested" else civilian
        out.append(Victim(kind, 1.0, "exact", m.start(), predicate_end, head, names, distinct, civilian, party))
    return out


def dies_later(body: str, pos: int, end: int) -> bool:
    """ "was shot in the chest and later died", "was taken to a hospital, where he was pronounced dead"."""
    rest = body[pos:min(end, pos + 160)]
    cut = re.search(r";|\bwhile\b|,\s+and\s+(?:a|an|the|his|her|two|three|another)\b", rest)
    rest = rest[:cut.start()] if cut else rest
    return bool(re.search(r"\b(?:died|dies|pronounced\s+dead|declared\s+dead|succumbed|killed|fatal|fatally)\b", rest))


def object_victims(body: str, sentence: Sentence) -> list[Victim]:
    """ "killing a 28-year-old family friend", "killed his wife and then himself" (two), "wounding a man"."""
    out = []
    for m in OBJECT_VICTIM.finditer(body, sentence.start, sentence.end):
        who = _who(m)
        if who is None or HYPOTHETICAL.search(body[max(sentence.start, m.start() - 30):m.start()]):
            continue  # "almost lynched the victim"
        kind = "killed" if m.group("killverb") else ("arrested" if m.group("arrestverb") else "wounded")
        head, names, civilian, party, distinct = who
        civilian = None if kind == "arrested" else civilian
        value, end = 1.0, m.end()
        more = OBJECT_MORE.match(body, end, sentence.end)
        while more and kind == "killed":
            value, end = value + 1, more.end()
            more = OBJECT_MORE.match(body, end, sentence.end)
        start = m.start(m.lastgroup) if m.lastgroup in ("self", "objpronoun") else _victim_start(m)
        out.append(Victim(kind, value, "exact", start, end, head, names, distinct, civilian, party))
    return out


def _victim_start(m: re.Match) -> int:
    for group in ("det", "title", "name"):
        if _group(m, group):
            return m.start(group)
    return m.start()


def multiple_killings(body: str, sentence: Sentence) -> list[Victim]:
    """ "a double homicide" (two killed), "a murder-suicide" (at least two)."""
    out = []
    for m in MULTIPLE_DEATHS.finditer(body, sentence.start, sentence.end):
        if m.group("suicide"):
            out.append(Victim("killed", 2.0, "at_least", m.start(), m.end(), "murder-suicide", distinct=False))
        else:
            value = MULTIPLE_VALUES[m.group("n").lower()]
            out.append(Victim("killed", value, "exact", m.start(), m.end(), m.group().lower()))
    return out


def nominal_victims(body: str, sentence: Sentence) -> list[Victim]:
    """ "the shooting death of 17-year-old Jaylene Cruz", "the fatal shooting of a 15-year-old girl", "the
    boy's death", "crews pronounced the victim dead", "a 16-year-old boy shot and killed late Friday" (a
    reduced passive: no object follows)."""
    out = []
    nominal = (DEATH_OF, POSSESSIVE_DEATH, PRONOUNCED_DEAD)
    for m in [m for pattern in nominal for m in pattern.finditer(body, sentence.start, sentence.end)]:
        who = _who(m)
        if who is not None:
            head, names, civilian, party, distinct = who
            out.append(Victim("killed", 1.0, "exact", m.start(), m.end(), head, names, distinct, civilian, party))
    for m in REDUCED_PASSIVE.finditer(body, sentence.start, sentence.end):
        if not ACTIVE_OBJECT.match(body, m.end()):
            head, names, civilian, party, distinct = _who(m)
            out.append(Victim("killed", 1.0, "exact", m.start(), m.end(), head, names, distinct, civilian, party))
    return out


_KIN = (r"mother|father|sister|brother|son|daughter|wife|husband|uncle|aunt|cousin|nephew|niece|grandmother"
        r"|grandfather|grandson|granddaughter|stepfather|stepmother|girlfriend|boyfriend|fiancee?|friend|parents?")
_PLURAL_BE = r"(?:were|are|have\s+been|had\s+been)"
COORDINATED = re.compile(
    rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?P<items>(?:{_KIN})(?:\s*,\s*(?:his\s+|her\s+|their\s+)?(?:{_KIN}))*"
    rf"\s*,?\s+and\s+(?:his\s+|her\s+|their\s+)?(?:{_KIN}))\s+(?=(?:{_PLURAL_BE})\b)")
COUPLE = re.compile(r"\b(?:[Tt]he|[Aa]n?(?:\s+[\w\-]+){0,2}?|[Hh]is|[Hh]er|[Tt]heir)\s+couple\b(?:\s*,[^,;.]{1,60},)?\s+(?=(?:were|was)\b)")
PLURAL_PREDICATE = re.compile(
    rf"(?:were|are|have\s+been|had\s+been)\s+{_ADV}(?:(?P<killed>shot\s+and\s+killed|shot\s+dead|killed|murdered|slain|found\s+dead)"
    r"|(?P<wounded>shot|wounded|injured|hurt)|(?P<arrested>arrested|detained|taken\s+into\s+custody|in\s+custody))\b")


def coordinated_victims(body: str, sentence: Sentence) -> list[Victim]:
    """ "his mother, father and sister were detained" (three), "the couple were found dead" (two):
    people named one by one, or as a pair, sharing one predicate."""
    out = []
    for pattern in (COORDINATED, COUPLE):
        for m in pattern.finditer(body, sentence.start, sentence.end):
            p = PLURAL_PREDICATE.match(body, m.end(), sentence.end)
            if not p:
                continue
            kind = next(k for k in ("killed", "wounded", "arrested") if p.group(k))
            value = 2.0 if pattern is COUPLE else float(len(re.findall(_KIN, m.group("items"))))
            civilian = None if kind == "arrested" else True
            out.append(Victim(kind, value, "exact", m.start(), p.end(), "couple" if pattern is COUPLE else "relatives",
                              civilian=civilian))
    return out


def article_names(body: str) -> frozenset[str]:
    """Words of the full personal names an article gives ("Marcus Seichter, 17" -> marcus, seichter)."""
    words: set[str] = set()
    for m in FULL_NAME.finditer(body):
        if is_person_name(m.group()):
            words |= name_words(m.group())
    return frozenset(words)


def victims_in(body: str, sentence: Sentence, known_names: frozenset[str] = frozenset()) -> list[Victim]:
    """Every single victim and counted multiple killing in a sentence, in text order, without overlaps."""
    found = sorted(subject_victims(body, sentence, known_names) + object_victims(body, sentence)
                   + nominal_victims(body, sentence) + multiple_killings(body, sentence)
                   + coordinated_victims(body, sentence),
                   key=lambda v: (v.start, -v.end))
    out: list[Victim] = []
    for v in found:
        if not any(v.start < o.end and o.start < v.end for o in out):
            out.append(v)
    return out


class VictimRegister:
    """Who an article has already counted, per kind: a victim described again ("the victim", "he",
    "Brunner") is the same figure; a new name, "another man" or "also killed" is someone new.
    An unnamed mention joins whoever was counted first; a name joins the same name, else binds to an
    unnamed victim, else is new."""

    def __init__(self) -> None:
        self.seen: dict[str, list[set[str]]] = {}
        self.multiples: set[tuple[str, float]] = set()

    def add_count(self, kind: str, value: float | None) -> None:
        """A numbered figure ("one man was killed", "two people were shot"): unnamed mentions join it."""
        if value is not None:
            self.seen.setdefault(kind, []).append(set())

    def is_new(self, v: Victim) -> bool:
        if v.value != 1.0:
            key = (v.kind, v.value)
            new = key not in self.multiples
            self.multiples.add(key)
            return new
        victims = self.seen.setdefault(v.kind, [])
        if v.names:
            if any(known & v.names for known in victims):
                return False
            unnamed = next((known for known in victims if not known), None)
            if unnamed is not None and not v.distinct:
                unnamed |= v.names
                return False
        elif victims and not v.distinct:
            return False
        victims.append(set(v.names))
        return True
