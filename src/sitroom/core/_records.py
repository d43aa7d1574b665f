"""The records that cross stage boundaries.

Every record is a frozen dataclass. Provenance is a real field: an article keeps its
``source``; a figure, a time expression, a place or an event mention keeps the article id and
the character offsets (``start``, ``end``) of its evidence in the article's clean ``body``.

Stages and the records they pass on::

    ingest   -> RawDocument | Rejection
    clean    -> Article | Rejection
    dedup    -> Article (with duplicate_of)
    analyse  -> Analysis (sentences, TimeExpression, PlaceMention, ActorMention)
    extract  -> Figure, EventMention
    fuse     -> Event, Contradiction, TimelineEntry
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

# The contract's vocabularies (../shared/CONTRACT.md), each defined once: the Literal types the
# records are annotated with, and the tuples that the records check their values against.
FigureKind = Literal["killed", "wounded", "missing", "captured", "arrested", "released", "displaced"]
Qualifier = Literal["exact", "at_least", "at_most", "approx", "range"]
Stance = Literal["asserted", "confirmed", "denied", "unverified"]
DatePrecision = Literal["day", "week", "month", "year"]
GeoPrecision = Literal["exact", "near", "admin2", "admin1", "country"]
ContradictionStatus = Literal["consistent", "range", "contested", "superseded"]

FIGURE_KINDS: tuple[str, ...] = get_args(FigureKind)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
STANCES: tuple[str, ...] = get_args(Stance)
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
GEO_PRECISIONS: tuple[str, ...] = get_args(GeoPrecision)
CONTRADICTION_STATUSES: tuple[str, ...] = get_args(ContradictionStatus)
DATE_RANK = {p: i for i, p in enumerate(DATE_PRECISIONS)}  # finer first
GEO_RANK = {p: i for i, p in enumerate(GEO_PRECISIONS)}  # more specific first
EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}

EVENT_FAMILY = {  # types that can describe one incident from different angles
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}


SUB_EVENT_TYPES: tuple[str, ...] = tuple(sub for subs in EVENT_TYPES.values() for sub in subs)


def check_vocabulary(record: Any, name: str, allowed: tuple[str, ...], optional: bool = False) -> None:
    """A record built with a value outside its vocabulary is a bug: raise at once, naming it."""
    value = getattr(record, name)
    if value is None and optional:
        return
    if value not in allowed:
        raise ValueError(f"{type(record).__name__}.{name} = {value!r}: not one of {', '.join(allowed)}")


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (tuples become lists), ready for JSON."""
    def plain(value: Any) -> Any:
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value
    return {k: plain(v) for k, v in asdict(record).items()}


@dataclass(frozen=True)
class Rejection:
    """An input that a stage could not use: where, which stage, and why (one line)."""
    source: str
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.stage}: {self.reason}"


@dataclass(frozen=True)
class SourceMeta:
    """Metadata that came with an input (jsonl fields, sidecar .meta.json, HTML/RSS headers, CLI)."""
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    language: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """One input article as read from disk, before any cleaning.

    Exactly one of ``text`` (already scraped plain text) and ``html`` is set.
    ``source`` is the path, with ``#N`` for the Nth record of a .jsonl/.warc/feed file.
    """
    source: str
    kind: str  # "text", "html", "jsonl", "warc", "feed"
    text: str | None = None
    html: str | None = None
    meta: SourceMeta = field(default_factory=SourceMeta)


@dataclass(frozen=True)
class RemovedLine:
    """A line taken out of the body by cleaning, with the rule that took it out."""
    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``id`` is derived from the normalised body, so the same content
    always gets the same id (re-ingesting changes nothing)."""
    id: str
    source: str
    body: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    published: str | None = None
    published_inferred: bool = False
    external_id: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    removed: tuple[RemovedLine, ...] = ()  # the lines cleaning took out, each with its rule


@dataclass(frozen=True)
class TimeExpression:
    """A time expression in a text, normalised against an anchor (the publication date)."""
    start: int
    end: int
    text: str
    value: str | None  # ISO date of the start: YYYY-MM-DD, YYYY-MM, YYYY, or YYYY-Www
    precision: str | None  # day, week, month, year
    value_end: str | None = None  # for ranges ("mid to late November")
    timex_type: str = "DATE"  # DATE, TIME, DURATION, SET (TimeML)
    timex_value: str | None = None  # the TimeML-style value (e.g. "P1M", "1998-02-27")


@dataclass(frozen=True)
class Place:
    """A resolved place."""
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # country name
    country_code: str | None  # ISO-2
    admin1: str | None
    admin2: str | None = None
    feature: str | None = None  # GeoNames feature class/code, e.g. "P.PPL", "A.ADM1", "A.PCLI"
    geo_precision: GeoPrecision = "exact"
    geonameid: int | None = None
    population: int = 0

    def __post_init__(self) -> None:
        check_vocabulary(self, "geo_precision", GEO_PRECISIONS)


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place | None  # None: a toponym we could not resolve


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    name: str  # canonical, e.g. "Military Forces of Armenia", "Armenian Ministry of Defense"
    country: str | None  # the country the actor belongs to ("Armenia"), None for IGOs/NGOs
    sector: str | None = None  # "military", "government", "ngo", "igo", "official", "civilians", ...
    role: str | None = None  # for named officials: "President of Artsakh"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Analysis:
    """What the language analysis found in one article body."""
    article_id: str
    sentences: tuple[Sentence, ...]
    times: tuple[TimeExpression, ...]
    places: tuple[PlaceMention, ...]
    actors: tuple[ActorMention, ...]


@dataclass(frozen=True)
class Figure:
    """One claim of a number of people affected, in one article."""
    id: str
    article_id: str
    kind: FigureKind
    party: str | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    text: str
    sentence: str
    start: int
    end: int
    civilian: bool | None = None
    claimant: str | None = None
    stance: Stance = "asserted"
    event_id: str | None = None
    event_date: str | None = None
    place: str | None = None
    as_of: str | None = None  # the date the claim was made (article date or dated attribution)
    mention_id: str | None = None  # the EventMention this figure belongs to, if any
    scope: str = "incident"  # "incident": one incident's toll; "period": a running or cumulative toll ("since ...", "so far")
    period_start: str | None = None  # for a period figure: the ISO date the period starts, where the text gives it

    def __post_init__(self) -> None:
        check_vocabulary(self, "kind", FIGURE_KINDS)
        check_vocabulary(self, "qualifier", QUALIFIERS)
        check_vocabulary(self, "stance", STANCES)


@dataclass(frozen=True)
class EventMention:
    """An incident as one article reports it, before fusion across articles."""
    id: str
    article_id: str
    type: str
    sub_type: str
    date: str | None
    date_precision: DatePrecision | None
    sentence: str
    start: int
    end: int
    date_end: str | None = None
    place: Place | None = None
    place_text: str | None = None
    actors: tuple[str, ...] = ()
    figure_ids: tuple[str, ...] = ()
    confidence: float = 0.0
    plover: str | None = None
    level: Literal["sentence", "article"] = "sentence"  # "article": a whole article as one typeless
    # mention (sitroom.fuse.fusion_mentions), for an article in which extraction typed no incident

    def __post_init__(self) -> None:
        check_vocabulary(self, "date_precision", DATE_PRECISIONS, optional=True)


@dataclass(frozen=True)
class Event:
    """An incident fused across articles."""
    id: str
    type: str
    sub_type: str
    date: str | None
    date_end: str | None
    date_precision: DatePrecision | None
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: GeoPrecision | None
    actors: tuple[str, ...]
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    article_ids: tuple[str, ...]
    figure_ids: tuple[str, ...]
    summary: str
    mention_ids: tuple[str, ...] = ()
    plover: str | None = None
    sentences: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_vocabulary(self, "date_precision", DATE_PRECISIONS, optional=True)
        check_vocabulary(self, "geo_precision", GEO_PRECISIONS, optional=True)


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One figure as the claims ledger lists it in a :class:`Contradiction`: the figure's number and
    words, who claims it and how, the outlet and date of the report, and how the ledger counts it.
    Field order is the order of the keys in the exported ``claims`` objects."""
    figure_id: str
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    text: str = ""
    claimant: str | None = None
    stance: Stance = "asserted"
    outlet: str | None = None
    as_of: str | None = None  # the date the claim was made (dated attribution, else the article's date)
    article_id: str
    part: bool = False  # a share of a larger figure in the same sentence: listed, not counted
    superseded: bool = False  # replaced by a later report of the same claimant
    scope: str = "incident"  # as Figure.scope: "incident" or "period"
    period_start: str | None = None

    def __post_init__(self) -> None:
        check_vocabulary(self, "qualifier", QUALIFIERS)
        check_vocabulary(self, "stance", STANCES)


@dataclass(frozen=True)
class Contradiction:
    """Figures about the same quantity from several claims, and how they relate."""
    id: str
    about: str
    kind: str
    party: str | None
    figure_ids: tuple[str, ...]
    values: tuple[Any, ...]
    status: ContradictionStatus
    event_id: str | None = None
    best_low: float | None = None
    best: float | None = None
    best_high: float | None = None
    claims: tuple[Claim, ...] = ()  # every figure of the group, in date order

    def __post_init__(self) -> None:
        check_vocabulary(self, "kind", FIGURE_KINDS)
        check_vocabulary(self, "status", CONTRADICTION_STATUSES)


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    date_precision: str | None
    label: str
    event_id: str | None
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...] = ()
