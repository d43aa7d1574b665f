"""Finding toponyms in text and choosing which place each one means.

:func:`find_places` works in three steps:

1. **Spans**: runs of capitalised words (with lower-case connectors such as "of", "al", "de"
   inside) looked up in the gazetteer's name index, longest first.
2. **Filter**: a span is kept when it is unlikely to be a common word or part of a name:
   months, weekdays and function words never become places; small towns whose names are also
   common words or first names need a locative cue ("in", "near", "village of"), a place in the
   same country mentioned elsewhere, or an "X, Region" apposition.
3. **Disambiguation**: each candidate is scored by its kind and population, by the countries the
   text mentions (names and demonyms, plus ``context_countries``), by the admin1 areas and
   distance to the other places resolved in the text, in two passes.

Demonyms ("Turkish", "Armenians") are actors, not places; they only inform the country context,
unless ``include_demonyms=True`` asks for them as mentions resolving to their country, which
:func:`is_demonym` tells apart.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from sitroom.gazetteer import (
    FEATURE_ADMIN1, FEATURE_CAPITAL, FEATURE_CONTINENT, FEATURE_COUNTRY, Gazetteer, country_codes,
    gazetteer, name_key,
)
from sitroom.models import Place, PlaceMention

WORD = re.compile(r"[^\W\d_]+(?:['’ʼ](?![sS]\b)[^\W\d_]+)*")
JOINER = re.compile(r"[ \t]?[-–.]?[ \t]?|['’]s[ \t]")
CONNECTORS = frozenset(
    "of de del della la le les al el ad as ash at the and upon on du des da di do dos das van von "
    "der den y en sur am an im bin ibn e i".split())
NEVER_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday today tonight yesterday tomorrow "
    "i a an the of on in at to by for from with over under after before about as but and or not no "
    "yes he she it we they you his her its our their this that these those there here then when "
    "where who what which why how all any some many more most other one two three four five six "
    "seven eight nine ten first second third last next new old mr mrs ms dr st god lord allah "
    "president minister prime general governor mayor king queen prince pope sheikh senator "
    "police army navy government ministry news reuters associated press agency report reports "
    "north south east west northern southern eastern western central upper lower greater "
    "university college hospital airport street road church mosque school center centre "
    "department office council court party union republic kingdom state states city town "
    "christmas easter ramadan eid islam islamic christian muslim jewish catholic orthodox "
    "english internet facebook twitter google email online video photo said says".split())
# Town names that are also common words or given names: kept only with a locative cue.
COMMON_WORD_PLACES = frozenset(
    "reading mobile nice bath split hope independence liberty victory union unity progress "
    "concord paradise eden rome delta florence orange media mission surprise opportunity "
    "hell why how ok mark john paul peter emil george david james victoria elizabeth charlotte "
    "clinton trump obama bush young black white green brown "
    "gray grey long short little sale deal worth wells buy best bolton darwin newton leicester "
    "page chase dallas austin lafayette franklin florence marion carmel sharon grace faith joy "
    "lima plain early late friendly commerce justice sandy tiny aid".split())
LOCATIVE_CUES = re.compile(
    r"(?:\b(?:in|near|at|from|to|into|outside|around|across|toward|towards|between|via|of|"
    r"village|town|city|capital|province|region|district|outskirts|suburb|"
    r"north|south|east|west|northern|southern|eastern|western|central)\s*,?\s*)$",
    re.IGNORECASE)
STRONG_CUES = re.compile(
    r"(?:\b(?:in|near|outside|village of|town of|city of|province of|region of|outskirts of|"
    r"villages? of|towns? of|suburbs? of|district of|north of|south of|east of|west of)\s+)$",
    re.IGNORECASE)
NEAR_BEFORE = re.compile(
    r"(?:\b(?:near|outside|around|nearby|outskirts of|close to|(?:north|south|east|west|"
    r"north-?east|north-?west|south-?east|south-?west)(?:ern)? of|km (?:from|of)|"
    r"kilometers? (?:from|of)|kilometres? (?:from|of)|miles? (?:from|of))\s+(?:the\s+)?)$",
    re.IGNORECASE)
NEAR_AFTER = re.compile(r"^\s+(?:area|areas|region|environs|outskirts|vicinity|direction|sector)\b")
MAX_SPAN_WORDS = 6

# Common given names that are also town names somewhere: a person, not a place, when a surname follows,
# "By" precedes, or they stand in a list of names.
GIVEN_NAMES = frozenset("""
aaron adam adrian alan albert alex alexander alfred alice allen amanda amelia amy andrea andrew angela anna
anne anthony antonio arthur ashley barbara ben benjamin bernard betty beverly bill billy bob bobby brenda brian
bruce carl carlos carol caroline catherine charles charlie chris christian christina christine christopher
claire clara craig daniel danny darren dave david dean deborah dennis diana diane donald donna doris dorothy
douglas edward elena elizabeth ellen emil emily emma eric ernest ethel eugene evelyn frank fred frederick gary
george gerald gloria gordon grace gregory harold harry heather helen henry howard irene isabel jack jacob james
jane janet jason jean jeff jeffrey jennifer jeremy jerry jessica jim jimmy joan joe john johnny jonathan jose
joseph joshua joyce juan judith judy julia julie justin karen katherine kathleen keith kelly kenneth kevin kim
larry laura lauren lawrence leonard leslie lillian linda lisa lois louis louise lucy luis marc marcus margaret
maria marie marilyn mark martha martin mary matthew megan melissa michael michelle mike nancy nathan nicholas
nicole norman olivia oscar pamela patricia patrick paul pauline peter philip phillip rachel ralph randy raymond
rebecca richard rita robert roger ronald rose roy ruby russell ruth ryan samuel sandra sara sarah scott sean
sharon shirley simon sophia stanley stephanie stephen steve steven susan teresa terry theresa thomas timothy
tina todd tom tony victor victoria vincent virginia vladimir walter wayne william yves zachary
""".split())
PERSON_BEFORE = re.compile(r"(?:\b(?:by|By|BY|Mr|Mrs|Ms|Dr|Prof|Sir|Dame|Lady|Lord)\.?\s+|[A-Z][a-z]+-)$")
NAME_LIST_AFTER = re.compile(r"^(?:,\s+|\s+and\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:,|\s+and\b)")
SURNAME_AFTER = re.compile(r"^(?:['’]s\b|\s+(?:[A-Z]\.\s+)?(?:[A-Z][a-z]+|[A-Z]['’][A-Z][a-z]+|(?:de|van|von|Le|La|Mc)\s*[A-Z][a-z]+))")


# ---------------------------------------------------------------- demonyms

_DEMONYM_TABLE = """
AF Afghan Afghani|AL Albanian|DZ Algerian|AO Angolan|AR Argentine Argentinian|AM Armenian|
AU Australian|AT Austrian|AZ Azerbaijani Azeri|BH Bahraini|BD Bangladeshi|BY Belarusian|
BE Belgian|BJ Beninese|BO Bolivian|BA Bosnian|BR Brazilian|GB British Briton English Scottish Welsh Brit|
BG Bulgarian|BF Burkinabe|MM Burmese|BI Burundian|KH Cambodian|CM Cameroonian|CA Canadian|
CF Centrafrican|TD Chadian|CL Chilean|CN Chinese|CO Colombian|CD Congolese|HR Croatian Croat|
CU Cuban|CY Cypriot|CZ Czech|DK Danish Dane|DJ Djiboutian|NL Dutch|EC Ecuadorian|EG Egyptian|
SV Salvadoran|ER Eritrean|EE Estonian|ET Ethiopian|FI Finnish Finn|FR French|GA Gabonese|
GE Georgian|DE German|GH Ghanaian|GR Greek|GT Guatemalan|GN Guinean|HT Haitian|HN Honduran|
HU Hungarian|IS Icelandic|IN Indian|ID Indonesian|IR Iranian Persian|IQ Iraqi|IE Irish|
IL Israeli|IT Italian|CI Ivorian|JM Jamaican|JP Japanese|JO Jordanian|KZ Kazakh Kazakhstani|
KE Kenyan|KW Kuwaiti|KG Kyrgyz|LA Laotian|LV Latvian|LB Lebanese|LR Liberian|LY Libyan|
LT Lithuanian|MK Macedonian|MG Malagasy|MW Malawian|MY Malaysian|ML Malian|MR Mauritanian|
MX Mexican|MD Moldovan|MN Mongolian|ME Montenegrin|MA Moroccan|MZ Mozambican|NA Namibian|
NP Nepalese Nepali|NZ Zealander|NI Nicaraguan|NE Nigerien|NG Nigerian|KP North Korean|
NO Norwegian|OM Omani|PK Pakistani|PS Palestinian|PA Panamanian|PY Paraguayan|PE Peruvian|
PH Philippine Filipino|PL Polish|PT Portuguese|QA Qatari|RO Romanian|RU Russian|RW Rwandan|
SA Saudi|SN Senegalese|RS Serbian Serb|SL Sierra Leonean|SG Singaporean|SK Slovak|SI Slovenian|
SO Somali Somalian|ZA South African|KR South Korean Korean|SS South Sudanese|ES Spanish Spaniard|
LK Sri Lankan|SD Sudanese|SE Swedish Swede|CH Swiss|SY Syrian|TW Taiwanese|TJ Tajik|
TZ Tanzanian|TH Thai|TG Togolese|TN Tunisian|TR Turkish Turk|TM Turkmen|UG Ugandan|
UA Ukrainian|AE Emirati|US American|UY Uruguayan|UZ Uzbek|VE Venezuelan|VN Vietnamese|
YE Yemeni Yemenite|ZM Zambian|ZW Zimbabwean
"""


def _demonyms() -> dict[str, str]:
    """name key -> ISO-2 for demonyms and their plurals ('Syrians', 'Turks')."""
    table: dict[str, str] = {}
    for entry in _DEMONYM_TABLE.replace("\n", "").split("|"):
        cc, *forms = entry.split()
        for form in _multiword_forms(forms):
            table[name_key(form)] = cc
            if not form.endswith(("ese", "ish", "ch", "ss", "y")):
                table[name_key(form + "s")] = cc
    return table


def _multiword_forms(forms: list[str]) -> list[str]:
    """Re-joins two-word demonyms ('North Korean', 'Sierra Leonean') split by the table format."""
    joined: list[str] = []
    for form in forms:
        if joined and joined[-1] in ("North", "South", "Sierra", "Sri"):
            joined[-1] = f"{joined[-1]} {form}"
        else:
            joined.append(form)
    return joined


DEMONYMS = _demonyms()


def demonym_country(text: str) -> str | None:
    """The ISO-2 code of the country a demonym refers to ('Armenian' -> 'AM'), else None."""
    return DEMONYMS.get(name_key(text))


def is_demonym(mention: PlaceMention) -> bool:
    """True when a mention is a demonym or adjective ('Turkish') standing for a country,
    not a toponym. find_places only returns such mentions with ``include_demonyms=True``."""
    return demonym_country(mention.text) is not None


# ---------------------------------------------------------------- spans


@dataclass(frozen=True)
class Span:
    """A run of words whose key the gazetteer (or the demonym table) knows."""
    start: int
    end: int
    text: str
    key: str
    demonym: str | None  # ISO-2 when the span is a demonym


def _chainable(text: str, left_end: int, right_start: int) -> bool:
    gap = text[left_end:right_start]
    return len(gap) <= 3 and JOINER.fullmatch(gap) is not None


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def candidate_spans(text: str, index: Gazetteer) -> list[Span]:
    """Longest known runs of capitalised words, left to right, not overlapping."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    spans: list[Span] = []
    i = 0
    while i < len(words):
        span = _longest_known(text, words, i, index)
        if span is None:
            i += 1
            continue
        spans.append(span)
        while i < len(words) and words[i][0] < span.end:
            i += 1
    return spans


def _longest_known(text: str, words: list[tuple[int, int]], i: int, index: Gazetteer) -> Span | None:
    if not _capitalised(text[words[i][0]:words[i][1]]):
        return None
    last = i
    limit = min(len(words), i + min(MAX_SPAN_WORDS, index.max_words))
    ends: list[int] = [i]
    while last + 1 < limit and _chainable(text, words[last][1], words[last + 1][0]):
        last += 1
        ends.append(last)
    for j in reversed(ends):
        word = text[words[j][0]:words[j][1]]
        if not _capitalised(word):
            continue
        start, end = words[i][0], words[j][1]
        key = name_key(text[start:end])
        demonym = DEMONYMS.get(key)
        if demonym or key in index.by_key:
            if j > i or not _lowercase_inside(text, words, i, j):
                return Span(start, end, text[start:end], key, demonym)
    return None


def _lowercase_inside(text: str, words: list[tuple[int, int]], i: int, j: int) -> bool:
    return any(text[words[k][0]:words[k][1]].lower() not in CONNECTORS and
               not _capitalised(text[words[k][0]:words[k][1]]) for k in range(i, j + 1))


# ---------------------------------------------------------------- ranking


def _prior(index: Gazetteer, i: int) -> float:
    feature, population = index.feature[i], index.population[i]
    if feature == FEATURE_COUNTRY:
        return 12.0
    if feature == FEATURE_CONTINENT:
        return 8.5
    if feature.startswith("L."):
        return 7.0
    if feature.startswith("A.ADM1"):
        return 5.0 + 0.3 * math.log10(population + 1)
    if feature.startswith("A."):
        return 3.0 + 0.3 * math.log10(population + 1)
    bonus = 2.5 if feature == FEATURE_CAPITAL else 0.0  # a capital is what news means by its name
    return math.log10(population + 1) + bonus


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _closeness(index: Gazetteer, i: int, anchors: Sequence[tuple[float, float]]) -> float:
    if not anchors or index.is_country(i) or index.feature[i] == FEATURE_CONTINENT:
        return 0.0
    nearest = min(km_between(index.lat[i], index.lon[i], a, b) for a, b in anchors)
    return 3.0 if nearest < 50 else 2.0 if nearest < 150 else 1.0 if nearest < 500 else 0.0


def candidate_score(index: Gazetteer, i: int, key: str, countries: set[str],
                    admins: set[tuple[str, str]] = frozenset(),
                    anchors: Sequence[tuple[float, float]] = ()) -> float:
    score = _prior(index, i)
    if index.country_code[i] in countries and not index.is_country(i):
        score += 3.0
    if (index.country_code[i], index.admin1[i]) in admins and index.feature[i] != FEATURE_ADMIN1:
        score += 1.5
    if index.layer[i] == "curated":
        score += 1.5
    if name_key(index.names[i]) != key:
        score -= 1.5  # an alternate name: weaker evidence than the place's own name
    return score + _closeness(index, i, anchors)


def rank_candidates(index: Gazetteer, candidates: Sequence[int], countries: set[str],
                    key: str = "", admins: set[tuple[str, str]] = frozenset(),
                    anchors: Sequence[tuple[float, float]] = ()) -> list[int]:
    """Candidates best first. A small admin area (a district, not a province) loses to the town
    of the same name inside it: 'Shusha' is the town, not the Shusha district."""
    towns_in = {(index.country_code[i], index.admin1[i]) for i in candidates if index.feature[i].startswith("P.")}

    def score(i: int) -> float:
        namesake = (index.feature[i] == FEATURE_ADMIN1 and index.population[i] < 1_000_000
                    and (index.country_code[i], index.admin1[i]) in towns_in)
        return candidate_score(index, i, key, countries, admins, anchors) - (4.0 if namesake else 0.0)

    return sorted(candidates, reverse=True, key=score)


# ---------------------------------------------------------------- filtering


def _is_strong(index: Gazetteer, i: int, span: Span) -> bool:
    """Places whose name is unlikely to be anything else."""
    feature = index.feature[i]
    if feature in (FEATURE_COUNTRY, FEATURE_CONTINENT) or feature.startswith(("L.", "A.ADM1")):
        return True
    if index.layer[i] == "curated":
        return True
    return index.population[i] >= 100_000 or (" " in span.key and index.population[i] >= 1_000)


def _neighbour_capitalised(text: str, span: Span) -> bool:
    """A capitalised word right before (not at a sentence start) or after the span: 'Emil Smith'."""
    after = re.match(r"[ \t]+([^\W\d_]+)", text[span.end:span.end + 40])
    if after and _capitalised(after.group(1)) and after.group(1).lower() not in CONNECTORS:
        return True
    before = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, span.start - 40):span.start])
    if before and _capitalised(before.group(1)) and not _sentence_start(text, span.start - len(before.group(0))):
        return before.group(1).lower() not in NEVER_PLACES or before.group(1) in ("Mr", "Mrs", "Ms", "Dr")
    return False


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3):pos].rstrip(" \t\"'“‘(")
    return not head or head[-1] in ".!?\n:;—-"


def _apposition_supports(text: str, span: Span, index: Gazetteer, i: int) -> bool:
    """'Pandi, Bulacan' / 'Hadrut, Azerbaijan': the next comma-separated name contains candidate i."""
    match = re.match(r",\s+([A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)*)", text[span.end:span.end + 60])
    if not match:
        return False
    for j in index.candidates(match.group(1)):
        if index.country_code[j] == index.country_code[i] and (
                index.is_country(j) or index.admin1[j] == index.admin1[i]):
            return True
    return False


def is_person_name(text: str, span: Span) -> bool:
    """A given name used as a person's name: "By Lillian", "Emil Smith", "Jean-Yves", "Gary, Emil and ..."."""
    if span.key not in GIVEN_NAMES:
        return False
    before = text[max(0, span.start - 8):span.start]
    after = text[span.end:span.end + 40]
    if PERSON_BEFORE.search(before) or NAME_LIST_AFTER.match(after):
        return True
    surname = SURNAME_AFTER.match(after)
    return bool(surname) and not re.match(r"\s+(?:Province|District|County|Region|City|State)\b", after)


def keep_span(text: str, span: Span, index: Gazetteer, best: int, countries: set[str]) -> bool:
    """Whether a matched span is a toponym, given its best candidate."""
    if span.key in NEVER_PLACES:
        return False
    if not index.is_country(best) and is_person_name(text, span):
        return False
    if span.key in GIVEN_NAMES and not index.is_country(best) and not index.feature[best].startswith("A.ADM1"):
        before = text[max(0, span.start - 30):span.start]
        if not STRONG_CUES.search(before):
            return False  # a bare given name is a person unless the text says it is a place
    if len(span.key.replace(" ", "")) <= 3 and not index.is_country(best) and \
            not index.feature[best].startswith("A.ADM1"):
        return False  # initials and short codes stand for places only at country or state level
    before = text[max(0, span.start - 30):span.start]
    if span.key in COMMON_WORD_PLACES and not index.is_country(best):
        return STRONG_CUES.search(before) is not None and not _neighbour_capitalised(text, span)
    if _is_strong(index, best, span):
        return True
    if _neighbour_capitalised(text, span):
        return _apposition_supports(text, span, index, best)
    if LOCATIVE_CUES.search(before) or _apposition_supports(text, span, index, best):
        return True
    return index.country_code[best] in countries and index.population[best] >= 1_000


def precision_for(text: str, span: Span, place: Place) -> str:
    """'near' for "near X"/"X area" around a town; else the place's own precision."""
    if place.geo_precision != "exact":
        return place.geo_precision
    if NEAR_BEFORE.search(text[max(0, span.start - 40):span.start]) or NEAR_AFTER.match(text[span.end:span.end + 20]):
        return "near"
    return "exact"


# ---------------------------------------------------------------- find_places


def text_countries(spans: Sequence[Span], index: Gazetteer) -> set[str]:
    """Countries the text names outright or through demonyms."""
    found: set[str] = set()
    for span in spans:
        if span.demonym:
            found.add(span.demonym)
            continue
        countries = [i for i in index.by_key.get(span.key, ()) if index.is_country(i)]
        if countries and span.key not in NEVER_PLACES:
            found.add(index.country_code[countries[0]])
    return found


def group_name_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names an armed group or organisation (not a state): "Taliban" is not the Turkish
    village of that name. From :func:`sitroom.actors.find_actors`."""
    from sitroom.actors import find_actors

    return [(a.start, a.end) for a in find_actors(text) if a.sector not in (None, "state")]


def _inside_group_name(span: Span, groups: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in groups)


def _resolve_all(text: str, spans: Sequence[Span], index: Gazetteer, countries: set[str],
                 admins: set[tuple[str, str]], anchors_by_key: dict[str, list[tuple[float, float]]],
                 groups: Sequence[tuple[int, int]] = ()) -> dict[int, int]:
    """span position -> chosen row, for the spans kept."""
    chosen: dict[int, int] = {}
    for n, span in enumerate(spans):
        if span.demonym:
            continue
        if _inside_group_name(span, groups) and not any(
                index.is_country(i) or index.feature[i].startswith("A.ADM1") for i in index.by_key[span.key]):
            continue
        anchors = [p for key, points in anchors_by_key.items() if key != span.key for p in points]
        ranked = rank_candidates(index, index.by_key[span.key], countries, span.key, admins, anchors)
        if ranked and keep_span(text, span, index, ranked[0], countries):
            chosen[n] = ranked[0]
    return chosen


def find_places(text: str, context_countries: Sequence[str] = (),
                include_demonyms: bool = False) -> list[PlaceMention]:
    """Toponyms in ``text`` with the place each one most likely means (see module docstring).

    ``context_countries``: country names or ISO-2 codes the caller knows the text is about.
    ``include_demonyms``: also return demonyms ('Turkish') resolved to their country; tell
    them apart with :func:`is_demonym`."""
    index = gazetteer()
    spans = candidate_spans(text, index)
    countries = text_countries(spans, index) | country_codes(context_countries)
    groups = group_name_spans(text) if spans else []
    first = _resolve_all(text, spans, index, countries, set(), {}, groups)
    admins = {(index.country_code[i], index.admin1[i]) for i in first.values() if index.admin1[i]}
    anchors: dict[str, list[tuple[float, float]]] = {}
    for n, i in first.items():
        if not index.is_country(i) and index.feature[i] != FEATURE_CONTINENT:
            anchors.setdefault(spans[n].key, []).append((index.lat[i], index.lon[i]))
    countries |= {index.country_code[i] for i in first.values() if index.country_code[i]}
    chosen = _resolve_all(text, spans, index, countries, admins, anchors, groups)
    found = _mentions(text, spans, index, chosen, include_demonyms)
    return with_province_places(text, found, countries)


# ---------------------------------------------------------------- "X district, Y"

AREA_WORD = re.compile(r"\b(districts?|city|town|village)\b(?:\s+(?:center|centre))?", re.I)
NAME_WORD = re.compile(r"[A-Z][\w'’-]*|(?:i|e|ye|wa|al|ul|el|de|do)(?=\s)")
PROVINCE_AFTER = re.compile(r"(?:[^.;()]{0,60}?,\s*|\s*\()([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)")


def area_name_before(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the capitalised name just before ``pos`` ("Dara i Pech (Manogi) district": 'Dara i Pech')."""
    head = re.sub(r"\s*\([^()]{0,40}\)\s*$", "", text[max(0, pos - 80):pos].rstrip())
    offset = max(0, pos - 80)
    words = list(re.finditer(r"\S+", head))
    start = None
    for word in reversed(words):
        if not NAME_WORD.fullmatch(word.group(0)):
            break
        start = word.start()
    if start is None:
        return None
    name = head[start:]
    name_start = offset + start + (len(name) - len(name.lstrip("iewayuldo ").lstrip()) if not name[:1].isupper() else 0)
    return (name_start, offset + len(head)) if text[name_start:name_start + 1].isupper() else None


def province_places(text: str, countries: set[str]) -> list[PlaceMention]:
    """Places given with their province: "in Dawlat Abad district, Balkh", "Qalat city (Zabul)": the name is
    looked up among the districts and towns of that province, with spelling-tolerant matching."""
    from sitroom.gazetteer import resolve_in_province, resolve_province

    found = []
    for match in AREA_WORD.finditer(text):
        span = area_name_before(text, match.start())
        after = PROVINCE_AFTER.match(text, match.end())
        if span is None or after is None:
            continue
        province = resolve_province(after.group(1), sorted(countries))
        if province is None:
            continue
        place = resolve_in_province(text[span[0]:span[1]], province, match.group(1).lower().startswith("district"))
        if place is not None:
            found.append(PlaceMention(span[0], span[1], text[span[0]:span[1]], place))
            found.append(PlaceMention(after.start(1), after.end(1), after.group(1), gazetteer().place(province)))
    return found


def with_province_places(text: str, mentions: list[PlaceMention], countries: set[str]) -> list[PlaceMention]:
    """The mentions, where a place given with its province replaces what overlaps it."""
    extra = province_places(text, countries | {m.place.country_code for m in mentions
                                               if m.place and m.place.country_code})
    kept = [m for m in mentions if not any(m.start < e.end and e.start < m.end for e in extra)]
    return sorted(kept + extra, key=lambda m: (m.start, m.end))


def _mentions(text: str, spans: Sequence[Span], index: Gazetteer, chosen: dict[int, int],
              include_demonyms: bool) -> list[PlaceMention]:
    mentions: list[PlaceMention] = []
    for n, span in enumerate(spans):
        if span.demonym and include_demonyms and span.demonym in index.country_rows:
            place = index.place(index.country_rows[span.demonym])
            mentions.append(PlaceMention(span.start, span.end, span.text, place))
        elif n in chosen:
            place = index.place(chosen[n])
            precision = precision_for(text, span, place)
            if precision != place.geo_precision:
                place = index.place(chosen[n], precision)
            mentions.append(PlaceMention(span.start, span.end, span.text, place))
    return mentions
