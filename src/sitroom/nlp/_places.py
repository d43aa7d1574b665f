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
   distance to the other places resolved in the text, in two passes. A span's own first guess is
   never evidence for itself. "Town, Region" (including "Edmonton, Ky.") puts the town in the
   region; in a list, the kind of place the neighbours are (states, countries) wins; a small town
   does not take the name of a large area.

Demonyms ("Turkish", "Armenians") are actors, not places; they only inform the country context,
unless ``include_demonyms=True`` asks for them as mentions resolving to their country, which
:func:`is_demonym` tells apart.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Sequence

from sitroom.core import ActorMention, Place, PlaceMention, km_between
from sitroom.lang.en import CALENDAR_WORDS
from sitroom.nlp._actors import find_actors
from sitroom.nlp._gazetteer import (
    FEATURE_ADMIN1,
    FEATURE_CAPITAL,
    FEATURE_CONTINENT,
    FEATURE_COUNTRY,
    LATIN_NAMED,
    Gazetteer,
    gazetteer,
    name_key,
    resolve_in_province,
    resolve_province,
)

WORD = re.compile(r"[^\W\d_]+(?:['’ʼ](?![sS]\b)[^\W\d_]+)*")
JOINER = re.compile(r"[ \t]?[-–.]?[ \t]?|['’]s[ \t]")
CONNECTORS = frozenset(
    "of de del della la le les al el ad as ash at the and upon on du des da di do dos das van von "
    "der den y en sur am an im bin ibn e i".split())
NEVER_PLACES = CALENDAR_WORDS | frozenset(
    "today tonight yesterday tomorrow "
    "i a an the of on in at to by for from with over under after before about as but and or not no "
    "yes he she it we they you his her its our their this that these those there here then when "
    "where who what which why how all any some many more most other one two three four five six "
    "seven eight nine ten first second third last next new old mr mrs ms dr st god lord allah "
    "president minister prime general governor mayor king queen prince pope sheikh senator "
    "police army navy government ministry news reuters associated press agency report reports "
    "north south east west northern southern eastern western central upper lower greater "
    "university college hospital airport street road church mosque school center centre "
    "department office council court party union republic kingdom state states city town "
    "post christmas easter ramadan eid islam islamic christian muslim jewish catholic orthodox "
    "english internet facebook twitter google email online video photo said says".split())
NEVER_PLACES |= {"region", "capital", "province", "district", "county", "territory"}  # GeoNames aliases of areas
NEVER_PLACES |= {"national park", "air base", "military base"}  # kinds of place, named towns only elsewhere
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
NAMESAKE_SHARE = 10  # a province loses its name to a town inside it holding a tenth of its people ("Basra"),
# where names come through transliteration (not LATIN_NAMED: "Oklahoma" is the state, its city an alternate)
APPOSITION_BONUS = 8.0  # "Paris, Texas": more than a capital's and a country's weight together
LIST_KIND_BONUS = 4.0  # "Gambia, Ghana, Niger and Togo": the country Niger, not Nigeria's Niger State

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
    folded: bool = False  # found as a transliteration variant of a gazetteer name


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
        folded = not demonym and key not in index.by_key and may_fold(text, start, key)
        if folded:
            key = index.folded_key(key) or key  # a transliteration variant ("Idleb", "Hodeidah")
        if demonym or key in index.by_key:
            if j > i or not _lowercase_inside(text, words, i, j):
                return Span(start, end, text[start:end], key, demonym, folded)
    return None


FOLD_CUES = re.compile(r"\b(?:in|near|at|from|to|of|outside|around|into|province|governorate|district|city|town|"
                       r"village)\s+(?:the\s+)?$", re.IGNORECASE)  # a variant spelling is read as a place only after one
ENGLISH_ENDINGS = re.compile(r"(?:ing|ed|ers?|tion|sion|ment|ness|ly|ous|ive|able|ful|less|ist|ism)$")


def may_fold(text: str, start: int, key: str) -> bool:
    """Whether a name the gazetteer lacks may be looked up as a spelling variant: one word after a
    locative cue ("in Idleb"), not opening a sentence, not shaped like an English word ("Shelling" is no
    "Shillong", "Le Drian" no "Lodhran")."""
    if " " in key or key in NEVER_PLACES or ENGLISH_ENDINGS.search(key) or _sentence_start(text, start):
        return False
    return bool(FOLD_CUES.search(text[max(0, start - 30):start]))


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


KM_PER_DEGREE = 111.0  # a degree of latitude is at least this long on the great circle used by km_between
CLOSE_KM = 500.0  # anchors further than this give no closeness bonus


def _closeness(index: Gazetteer, i: int, anchors: Sequence[tuple[float, float]]) -> float:
    if not anchors or index.is_country(i) or index.feature[i] == FEATURE_CONTINENT:
        return 0.0
    lat, lon = index.lat[i], index.lon[i]
    # a great circle is never shorter than its north-south leg (111 km a degree): far anchors skip the trigonometry
    nearest = min((km_between(lat, lon, a, b) for a, b in anchors if abs(a - lat) * KM_PER_DEGREE < CLOSE_KM),
                  default=CLOSE_KM)
    return 3.0 if nearest < 50 else 2.0 if nearest < 150 else 1.0 if nearest < CLOSE_KM else 0.0


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
                    anchors: Sequence[tuple[float, float]] = (),
                    apposed: set[tuple[str, str]] = frozenset(), prefer_kind: str | None = None) -> list[int]:
    """Candidates best first. A small admin area (a district, not a province) loses to the town
    of the same name inside it: 'Shusha' is the town, not the Shusha district. A candidate inside
    the region named right after it ("Paris, Texas") beats any namesake elsewhere; in a list, the
    kind of place its neighbours are ("Georgia, Oklahoma and Ohio": states) wins; a small town does
    not take the name of a large area from it ("California" the state, not the Maryland town)."""
    towns_in: dict[tuple[str, str], int] = {}  # (ISO-2, admin1) -> population of its largest namesake town
    for i in candidates:
        if index.feature[i].startswith("P."):
            where = (index.country_code[i], index.admin1[i])
            towns_in[where] = max(towns_in.get(where, 0), index.population[i])
    largest_area = max((index.population[i] for i in candidates
                        if index.is_country(i) or index.feature[i] == FEATURE_ADMIN1), default=0)

    def score(i: int) -> float:
        town = towns_in.get((index.country_code[i], index.admin1[i]), -1)
        namesake = index.feature[i] == FEATURE_ADMIN1 and town >= 0 and (
            index.population[i] < 1_000_000 or (town * NAMESAKE_SHARE >= index.population[i]
                                                and index.country_code[i] not in LATIN_NAMED))
        overshadowed = index.feature[i].startswith("P.") and index.population[i] * 100 < largest_area
        inside = bool(apposed) and not index.is_country(i) and in_region(index, i, apposed)
        same_kind = prefer_kind == ("country" if index.is_country(i) else
                                    "admin1" if index.feature[i] == FEATURE_ADMIN1 else "other")
        return (candidate_score(index, i, key, countries, admins, anchors) - (4.0 if namesake else 0.0)
                - (3.0 if overshadowed and not inside else 0.0)
                + (APPOSITION_BONUS if inside else 0.0) + (LIST_KIND_BONUS if same_kind else 0.0))

    return sorted(candidates, reverse=True, key=score)


# ---------------------------------------------------------------- filtering


def _is_strong(index: Gazetteer, i: int, span: Span) -> bool:
    """Places whose name is unlikely to be anything else."""
    feature = index.feature[i]
    if feature in (FEATURE_COUNTRY, FEATURE_CONTINENT) or feature.startswith(("L.", "A.ADM1")):
        return True
    if index.layer[i] == "curated" or names_its_province(index, i, span):
        return True
    return index.population[i] >= 100_000 or (" " in span.key and index.population[i] >= 1_000)


def names_its_province(index: Gazetteer, i: int, span: Span) -> bool:
    """A town that shares its name with a first-level area of its country ("Diffa", "Kandahar"): the
    name is that of a known place, whatever stands around it."""
    return index.feature[i].startswith("P") and any(
        index.feature[j] == FEATURE_ADMIN1 and index.country_code[j] == index.country_code[i]
        for j in index.by_key.get(span.key, ()))


ABROAD_KEEP_POPULATION = 1_000_000  # a town this big keeps its name though the text's places lie elsewhere


def coherent_choice(index: Gazetteer, ranked: Sequence[int], span: Span, countries: set[str]) -> int | None:
    """The candidate kept once the countries of the text's other places are known: a town or area in
    another country gives way to a namesake in one of them ("Lada" in Niger, not Spain, beside "Diffa"),
    unless it is a capital or a city of :data:`ABROAD_KEEP_POPULATION`; a spelling variant that only
    matches a place abroad is dropped ("Berdale" beside "Bay" is no "Bordeaux"). Other towns abroad
    stay: news names them ("refugees reached Kilis")."""
    best = ranked[0]
    if not countries or index.is_country(best) or index.country_code[best] in countries:
        return best
    if index.population[best] < ABROAD_KEEP_POPULATION and index.feature[best] != FEATURE_CAPITAL:
        inside = next((i for i in ranked if index.country_code[i] in countries and not index.is_country(i)), None)
        if inside is not None:
            return inside
    return None if span.folded else best


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


# ---------------------------------------------------------------- names of things, not places

# A place name followed by a currency word is a currency ("the US dollar", "the Syrian pound").
CURRENCY_AFTER = re.compile(
    r"^\s+(?:dollars?|pounds?|liras?|lira|riyals?|rials?|dinars?|dirhams?|rupees?|rupiahs?|euros?|yen|yuan|"
    r"renminbi|pesos?|shekels?|francs?|shillings?|nairas?|rand|kwachas?|cedis?|taka|afghanis?|hryvnias?|"
    r"rubles?|roubles?|won|manats?|lari|drams?|somonis?|tenges?|birr|leones?|kyats?|ringgits?|baht|dong|"
    r"reais|real|currency|exchange rate|bonds?|stocks?|shares)\b", re.IGNORECASE)
# "-made", "-backed": the place qualifies a thing or a side ("US-made", "Iran-backed"), not where it happened.
ATTRIBUTE_AFTER = re.compile(r"^[-–](?:made|built|backed|led|based|supplied|funded|trained|sponsored|allied|"
                             r"born|owned|brokered|registered|flagged|manufactured|produced)\b", re.IGNORECASE)
# Organisations named after a place: a company or a club word right after it, a club word right before it.
ORGANISATION_AFTER = re.compile(
    r"^\s+(?:Instruments|Airlines?|Airways|Air Lines|Motors|Steel|Telecom|Petroleum|Oil Company|Times|Post|"
    r"Herald|Tribune|Gazette|Chronicle|Journal|Inquirer|Standard|Observer|F\.?C\.?|United(?! States| Kingdom|"
    r" Nations| Arab)|Rangers|Wanderers|Athletic|Hotspur|Albion|Rovers|Stock Exchange|Bancorp|Inc\.?|Corp\.?|"
    r"Ltd\.?|Corporation|Group|Holdings|Broadcasting|Railways?|Electric|Energy|Pharmaceuticals?)\b")
ORGANISATION_BEFORE = re.compile(r"(?:\b(?:Real|Atletico|Atlético|Inter|AC|AS|Sporting|Dynamo|Dinamo|Bayern|"
                                 r"Borussia|Olympique|Racing|Deportivo|Universidad)\s+)$")
# Country and state names that are also names of people, after a given name ("Michael Jordan").
NAME_LIKE_PLACES = frozenset("jordan georgia chad israel india kenya florida virginia carolina dakota".split())


def names_a_thing(text: str, span: Span) -> bool:
    """A currency, an organisation or a thing named after a place, or a person with a place's name:
    "the US dollar", "Texas Instruments", "Real Madrid", "US-made", "Jordan Henderson"."""
    after = text[span.end:span.end + 40]
    if CURRENCY_AFTER.match(after) or ATTRIBUTE_AFTER.match(after) or ORGANISATION_AFTER.match(after):
        return True
    before = text[max(0, span.start - 20):span.start]
    if ORGANISATION_BEFORE.search(before):
        return True
    given = re.search(r"([A-Z][a-z]+)\s+$", before)
    return span.key in NAME_LIKE_PLACES and bool(given) and given.group(1).casefold() in GIVEN_NAMES  # "Michael Jordan"


ACRONYM_LETTERS = 5  # an all-capitals word this short in mixed-case text is an acronym ("PETA", "SWAT")


def is_acronym(text: str, span: Span, index: Gazetteer, best: int) -> bool:
    """An all-capitals short word in mixed-case text ("PETA", "SWAT", "MILF") names an organisation,
    unless it is a country's or a region's ("USA", "UAE")."""
    letters = span.text.replace(" ", "")
    if not (2 < len(letters) <= ACRONYM_LETTERS and letters.isupper()) or index.is_country(best):
        return False
    if re.match(r"\s*[,—–-]", text[span.end:span.end + 3]):
        return False  # a dateline or an apposition: "GARY, Ind. —", "ERIE -"
    if index.feature[best].startswith("A.ADM1"):
        return False
    return mostly_lowercase(text)


@lru_cache(maxsize=8)  # asked once per short capitalised span: the same text many times over
def mostly_lowercase(text: str) -> bool:
    """Whether ``text`` has more lower-case than upper-case letters (mixed-case prose, not a headline block)."""
    return sum(ch.islower() for ch in text) > sum(ch.isupper() for ch in text)


def keep_span(text: str, span: Span, index: Gazetteer, best: int, countries: set[str],
              apposed: set[tuple[str, str]] = frozenset()) -> bool:
    """Whether a matched span is a toponym, given its best candidate."""
    if span.key in NEVER_PLACES or names_a_thing(text, span) or is_acronym(text, span, index, best):
        return False
    if apposed and not index.is_country(best) and in_region(index, best, apposed) and \
            not PERSON_BEFORE.search(text[max(0, span.start - 8):span.start]):
        return True  # "Austin, Texas", "Gary, Indiana": the region after the comma says it is a place
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


def named_countries(spans: Sequence[Span], index: Gazetteer) -> dict[str, frozenset[str]]:
    """span key -> the country it names outright or through a demonym."""
    found: dict[str, frozenset[str]] = {}
    for span in spans:
        cc = text_countries([span], index)
        if cc:
            found[span.key] = frozenset(cc)
    return found


def group_name_spans(text: str, actors: Sequence[ActorMention] | None = None) -> list[tuple[int, int]]:
    """Where the text names an armed group or organisation (not a state): "Taliban" is not the Turkish
    village of that name. From the actors the pipeline already found, else
    :func:`sitroom.nlp._actors.find_actors`."""
    found = find_actors(text) if actors is None else actors
    return [(a.start, a.end) for a in found if a.sector not in (None, "state")]


def _inside_group_name(span: Span, groups: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in groups)


@dataclass(frozen=True)
class TextContext:
    """What the rest of a text says about where it is, kept per span key so that a span's own
    first guess never counts as evidence for itself ('London' choosing London, England must not
    make England look mentioned)."""
    countries: frozenset[str]  # named outright, through demonyms, or by the caller
    countries_by_key: dict[str, frozenset[str]]  # countries of each key's first-pass place
    admins_by_key: dict[str, frozenset[tuple[str, str]]]  # (ISO-2, admin1) of each key's first-pass place
    anchors_by_key: dict[str, tuple[tuple[float, float], ...]]  # points of each key's first-pass places
    town_countries_by_key: dict[str, frozenset[str]] | None = None  # countries of each key's first-pass towns

    def countries_for(self, key: str) -> set[str]:
        """Countries that weigh in ranking: named ones, and those of the areas the other spans name."""
        return set(self.countries).union(*(c for k, c in self.countries_by_key.items() if k != key))

    def any_countries_for(self, key: str) -> set[str]:
        """Countries that make a small town plausible: those above and the other spans' towns'."""
        towns = (c for k, c in (self.town_countries_by_key or {}).items() if k != key)
        return self.countries_for(key).union(*towns)

    def admins_for(self, key: str) -> set[tuple[str, str]]:
        return set().union(*(a for k, a in self.admins_by_key.items() if k != key))

    def anchors_for(self, key: str) -> list[tuple[float, float]]:
        return [p for k, points in self.anchors_by_key.items() if k != key for p in points]


def first_pass_context(spans: Sequence[Span], index: Gazetteer, countries: set[str],
                       first: dict[int, int]) -> TextContext:
    """The context of a text once each kept span has a first-pass place: the countries of areas (a
    town's namesakes are too many for its country to count), admin1 areas, and points."""
    by_country: dict[str, set[str]] = {}
    by_admin: dict[str, set[tuple[str, str]]] = {}
    by_town: dict[str, set[str]] = {}
    anchors: dict[str, list[tuple[float, float]]] = {}
    for n, i in first.items():
        key = spans[n].key
        if index.country_code[i]:  # a town's country is weaker evidence: its namesakes are many
            kept = by_town if index.feature[i].startswith("P.") else by_country
            kept.setdefault(key, set()).add(index.country_code[i])
        if index.admin1[i]:
            by_admin.setdefault(key, set()).add((index.country_code[i], index.admin1[i]))
        if not index.is_country(i) and index.feature[i] != FEATURE_CONTINENT:
            anchors.setdefault(key, []).append((index.lat[i], index.lon[i]))
    return TextContext(frozenset(countries), {k: frozenset(v) for k, v in by_country.items()},
                       {k: frozenset(v) for k, v in by_admin.items()}, {k: tuple(v) for k, v in anchors.items()},
                       {k: frozenset(v) for k, v in by_town.items()})


def _resolve_all(text: str, spans: Sequence[Span], index: Gazetteer, context: TextContext,
                 groups: Sequence[tuple[int, int]] = (),
                 abbreviations: Sequence[PlaceMention] = (), first: dict[int, int] | None = None) -> dict[int, int]:
    """span position -> chosen row, for the spans kept (``first``: the first pass's choices)."""
    chosen: dict[int, int] = {}
    first = first or {}
    for n, span in enumerate(spans):
        if span.demonym:
            continue
        if _inside_group_name(span, groups) and not any(
                index.is_country(i) or index.feature[i].startswith("A.ADM1") for i in index.by_key[span.key]):
            continue
        countries = context.countries_for(span.key)
        apposed = apposed_regions(text, span, index, abbreviations)
        kind = sibling_kind(index, [first[m] for m in list_siblings(text, spans, n) if m in first])
        ranked = rank_candidates(index, index.by_key[span.key], countries, span.key,
                                 context.admins_for(span.key), context.anchors_for(span.key), apposed, kind)
        if names_the_region(text, span):
            ranked = sorted(ranked, key=lambda i: index.feature[i] != FEATURE_ADMIN1)  # stable: best area first
        best = coherent_choice(index, ranked, span, context.any_countries_for(span.key)) if ranked else None
        if best is not None and keep_span(text, span, index, best, context.any_countries_for(span.key), apposed):
            chosen[n] = best
    return chosen


def find_places(text: str, context_countries: Sequence[str] = (),
                include_demonyms: bool = False, actors: Sequence[ActorMention] | None = None) -> list[PlaceMention]:
    """Toponyms in ``text`` with the place each one most likely means (see module docstring).

    ``context_countries``: country names or ISO-2 codes the caller knows the text is about.
    ``include_demonyms``: also return demonyms ('Turkish') resolved to their country; tell
    them apart with :func:`is_demonym`. ``actors``: the text's actor mentions when the caller
    has them (the spaCy pipeline's actors component runs first), so they are not found twice."""
    index = gazetteer()
    abbreviations = abbreviation_mentions(text, index)
    spans = [s for s in candidate_spans(text, index)
             if not any(s.start < a.end and a.start < s.end for a in abbreviations)]
    named = named_countries(spans, index)
    countries = country_codes(context_countries) | {a.place.country_code for a in abbreviations if a.place.country_code}
    groups = group_name_spans(text, actors) if spans else []
    empty = TextContext(frozenset(countries), named, {}, {})
    first = _resolve_all(text, spans, index, empty, groups, abbreviations)
    context = first_pass_context(spans, index, countries, first)
    area_countries = {k: context.countries_by_key.get(k, frozenset()) | named.get(k, frozenset())
                      for k in {*context.countries_by_key, *named}}
    context = TextContext(context.countries, area_countries,
                          context.admins_by_key, context.anchors_by_key, context.town_countries_by_key)
    abbreviation_admins = {(a.place.country_code, a.place.admin1) for a in abbreviations if a.place.admin1}
    context = TextContext(context.countries, context.countries_by_key,
                          {**context.admins_by_key, "": frozenset(abbreviation_admins)}, context.anchors_by_key,
                          context.town_countries_by_key)
    chosen = _resolve_all(text, spans, index, context, groups, abbreviations, first)
    found = sorted(_mentions(text, spans, index, chosen, include_demonyms) + abbreviations,
                   key=lambda m: (m.start, m.end))
    every_country = countries.union(*context.countries_by_key.values(), *context.town_countries_by_key.values())
    return with_province_places(text, found, every_country)


# ---------------------------------------------------------------- "Town, State" and state abbreviations

# AP-style and postal abbreviations of US states and Canadian provinces, with the admin1 name they stand for.
_STATE_ABBREVIATIONS = """
US Alabama Ala. AL|US Alaska AK|US Arizona Ariz. AZ|US Arkansas Ark. AR|US California Calif. Cal. CA|
US Colorado Colo. CO|US Connecticut Conn. CT|US Delaware Del. DE|US Florida Fla. FL|US Georgia Ga. GA|
US Hawaii HI|US Idaho ID|US Illinois Ill. IL|US Indiana Ind. IN|US Iowa IA|US Kansas Kan. Kans. KS|
US Kentucky Ky. KY|US Louisiana La. LA|US Maine ME|US Maryland Md. MD|US Massachusetts Mass. MA|
US Michigan Mich. MI|US Minnesota Minn. MN|US Mississippi Miss. MS|US Missouri Mo. MO|US Montana Mont. MT|
US Nebraska Neb. Nebr. NE|US Nevada Nev. NV|US New_Hampshire N.H. NH|US New_Jersey N.J. NJ|
US New_Mexico N.M. NM|US New_York N.Y. NY|US North_Carolina N.C. NC|US North_Dakota N.D. ND|US Ohio OH|
US Oklahoma Okla. OK|US Oregon Ore. Oreg. OR|US Pennsylvania Pa. Penn. PA|US Rhode_Island R.I. RI|
US South_Carolina S.C. SC|US South_Dakota S.D. SD|US Tennessee Tenn. TN|US Texas Tex. TX|US Utah UT|
US Vermont Vt. VT|US Virginia Va. VA|US Washington Wash. WA|US West_Virginia W.Va. W._Va. WV|
US Wisconsin Wis. Wisc. WI|US Wyoming Wyo. WY|US District_of_Columbia D.C. DC|
CA Alberta Alta. AB|CA British_Columbia B.C. BC|CA Manitoba Man. MB|CA New_Brunswick N.B. NB|
CA Newfoundland_and_Labrador Nfld. NL|CA Nova_Scotia N.S. NS|CA Ontario Ont. ON|
CA Prince_Edward_Island P.E.I. PE|CA Quebec Que. Qc. QC|CA Saskatchewan Sask. SK
"""


def _abbreviation_table() -> dict[str, tuple[str, str]]:
    """abbreviation as written -> (ISO-2, admin1 name)."""
    table: dict[str, tuple[str, str]] = {}
    for entry in _STATE_ABBREVIATIONS.replace("\n", "").split("|"):
        cc, name, *forms = entry.split()
        for form in forms:
            table[form.replace("_", " ")] = (cc, name.replace("_", " "))
    return table


STATE_ABBREVIATIONS = _abbreviation_table()
# An abbreviation counts only right after "Town, " (or in a dateline "TOWN, Ky. —"); postal codes only
# when not followed by a lower-case word ("Louisville, KY 40202", not "Paris, IN the spring").
_ABBREVIATION_AFTER_TOWN = re.compile(
    r"(?<=[A-Za-z]), (" + "|".join(sorted((re.escape(a) for a in STATE_ABBREVIATIONS), key=len, reverse=True))
    + r")(?![\w.])")
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")


def state_row(index: Gazetteer, cc: str, admin1: str) -> int | None:
    """The gazetteer row of a US state or Canadian province by its name (DC: the capital)."""
    rows = [i for i in index.candidates(admin1) if index.country_code[i] == cc]
    areas = [i for i in rows if index.feature[i] == FEATURE_ADMIN1]
    return (areas or sorted(rows, key=lambda i: -index.population[i]) or [None])[0]


def abbreviation_mentions(text: str, index: Gazetteer) -> list[PlaceMention]:
    """State and province abbreviations after a town ("Edmonton, Ky.", "London, Ont.") as mentions of
    the state or province."""
    found: list[PlaceMention] = []
    for match in _ABBREVIATION_AFTER_TOWN.finditer(text):
        postal = match.group(1).isupper() and len(match.group(1)) == 2
        if postal and (not _town_before(text, match.start()) or _LOWER_WORD_AFTER.match(text, match.end())):
            continue
        row = state_row(index, *STATE_ABBREVIATIONS[match.group(1)])
        if row is not None:
            found.append(PlaceMention(match.start(1), match.end(1), match.group(1), index.place(row)))
    return found


def _town_before(text: str, pos: int) -> bool:
    """A capitalised word just before ``pos`` (postal codes only count after a town's name)."""
    word = re.search(r"([^\W\d_]+)\s*$", text[max(0, pos - 40):pos])
    return bool(word) and word.group(1)[:1].isupper()


def apposed_regions(text: str, span: Span, index: Gazetteer,
                    abbreviations: Sequence[PlaceMention] = ()) -> set[tuple[str, str]]:
    """Where "Town, Region" puts the town: (ISO-2, admin1) for a state or province after the comma,
    (ISO-2, "") for a country ("Paris, Texas", "Surrey, UK", "Edmonton, Ky.", "Fife, Scotland")."""
    for abbreviation in abbreviations:
        if abbreviation.start - span.end == 2 and text[span.end:abbreviation.start] == ", ":
            return {(abbreviation.place.country_code or "", abbreviation.place.admin1 or "")}
    match = re.match(r",\s+([A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)*|[A-Z]\.[A-Z]\.)", text[span.end:span.end + 60])
    if not match:
        return set()
    own = index.candidates(span.text)
    if any(index.is_country(i) for i in own):
        return set()  # "China, Japan and ...": a country is not inside another place
    if any(index.feature[i] == FEATURE_ADMIN1 for i in own) and in_a_list(text, span.start, span.end + match.end()):
        return set()  # "Washington, Pennsylvania and California": a list of states
    regions: set[tuple[str, str]] = set()
    for j in index.candidates(match.group(1)):
        if index.is_country(j):
            regions.add((index.country_code[j], ""))
        elif index.feature[j] == FEATURE_ADMIN1:
            regions.add((index.country_code[j], index.admin1[j]))
    return regions


REGION_BEFORE = re.compile(r"[A-Z][^\W\d_]*(?:[ -][A-Z][^\W\d_]*)*\)?,[ \t]*$")
REGION_END = re.compile(r"(?:\s*[.;)]|,?\s+(?!and\b|or\b)[a-z]|,\s*\d|\s*$)")


def names_the_region(text: str, span: Span) -> bool:
    """The last name of "Town, Region" ("near Tuzly, Odesa.", "in Woulouwa (Gueskerou, Diffa)"): where a
    province and a town share the name, the region is meant. Not in a list ("Kyiv, Odesa and Kharkiv")."""
    return bool(REGION_BEFORE.search(text[max(0, span.start - 40):span.start])
                and REGION_END.match(text, span.end))


LIST_BEFORE = re.compile(r"[A-Za-z][a-z]*(?:,|,? and|,? or)\s+$")
LIST_AFTER = re.compile(r"^(?:,|,? and|,? or)\s+[A-Z]")


def in_a_list(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ("Colorado, California") stands in a longer list of names."""
    return bool(LIST_BEFORE.search(text[max(0, start - 30):start]) or LIST_AFTER.match(text[end:end + 30]))


def list_siblings(text: str, spans: Sequence[Span], n: int) -> list[int]:
    """Positions of the spans next to span ``n`` in a list ("Georgia, Oklahoma and Ohio")."""
    siblings = []
    for m in (n - 1, n + 1):
        if 0 <= m < len(spans):
            left, right = (spans[m], spans[n]) if m < n else (spans[n], spans[m])
            if re.fullmatch(r"\s*(?:,|,? and|,? or|/|;)\s*", text[left.end:right.start]):
                siblings.append(m)
    return siblings


def sibling_kind(index: Gazetteer, rows: Sequence[int]) -> str | None:
    """'country' or 'admin1' when the list neighbours' places are all of that kind."""
    kinds = {"country" if index.is_country(i) else "admin1" if index.feature[i] == FEATURE_ADMIN1 else "other"
             for i in rows}
    return next(iter(kinds)) if len(kinds) == 1 and "other" not in kinds else None


def in_region(index: Gazetteer, i: int, regions: set[tuple[str, str]]) -> bool:
    return any(index.country_code[i] == cc and (not admin1 or index.admin1[i] == admin1) for cc, admin1 in regions)


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


# ---------------------------------------------------------------- name-level lookups


def country_place(name: str) -> Place | None:
    """The country a name (or ISO-2 code, or demonym) stands for, at country precision."""
    index = gazetteer()
    if len(name) == 2 and name.isupper() and name in index.country_rows:
        return index.place(index.country_rows[name])
    for i in index.candidates(name):
        if index.is_country(i):
            return index.place(i)
    cc = demonym_country(name)
    return index.place(index.country_rows[cc]) if cc in index.country_rows else None


def resolve_place(name: str, context_countries: Sequence[str] = ()) -> Place | None:
    """The most likely place a bare name stands for, preferring ``context_countries``
    (names or ISO-2 codes). None when the gazetteer does not know the name."""
    index = gazetteer()
    ranked = rank_candidates(index, index.candidates(name), country_codes(context_countries), name_key(name))
    return index.place(ranked[0]) if ranked else None


def country_codes(countries: Sequence[str]) -> set[str]:
    """ISO-2 codes for country names or codes; unknown ones are left out."""
    codes: set[str] = set()
    for value in countries:
        place = country_place(value) if value else None
        if place and place.country_code:
            codes.add(place.country_code)
    return codes
