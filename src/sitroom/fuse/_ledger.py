"""The claims ledger: figures about the same quantity side by side, and how they relate.

Grouping
--------
A figure's *quantity* is (anchor, kind family, party, civilian):

- kind family: ``captured`` and ``missing`` count together (outlets blur "missing" and "taken
  prisoner" for the same men); every other kind is its own family.
- anchor: captured/missing/displaced are *stocks* (how many are held, missing or displaced at a
  time), reported as running totals rather than per incident, so they are grouped as a
  *status* by party and period: claims dated (``as_of``, else the article's date, else
  ``event_date``) within :data:`PERIOD_DAYS` of the previous one chain into one period, so a
  month boundary does not split a status; the period is named by the month it starts in.
  A *period* figure (``scope == "period"``: "raising the death toll to 660", "600 killed since the
  offensive began", "so far this year") is grouped the same way, by kind, party and chained
  dates, as a running toll of that side. Every other kind is grouped by its event (``event_id``);
  such a figure with no event is not grouped.
- party: country names and demonyms fold together ("Armenian" ~ "Armenia").
- civilian: ``True`` and ``False`` are different quantities; ``None`` joins whichever of them the
  group has (both present: it stays apart).

A group becomes a :class:`~sitroom.core._records.Contradiction` when it holds claims from at least two
articles (duplicates count as their original) or at least two distinct claims (value, claimant,
stance).

Status
------
Denied figures are listed but never decide the status; nor do *parts*: a figure that is a share
of a larger one in the same sentence ("all of its prisoners, including two men held ..."; a tally
"29 killed since the cease-fire: nine in X, six on December 27 and fourteen in November").
The *counted* claims are the others.

- ``consistent``: every counted claim gives the same number.
- ``range``: the counted claims, read as intervals (at least 60 -> [60, inf); up to 160 -> [0, 160];
  about 40 -> [36, 44]; several dozen -> [24, 99]), have a common value.
- ``superseded``: a later figure from the same claimant (the claimant named, else the outlet's own
  voice) replaces its earlier ones, and the claims still standing agree (consistent or range); or a
  rising toll from one claimant: ordered by claim date (``as_of``, else the article's date), each
  later claim is higher. The replaced claims stay listed, marked ``superseded`` in ``claims``.
- ``contested``: anything else (numbers that cannot all be true).

Best estimate (ACLED's conservative rule)
-----------------------------------------
Credible claims are the counted ones that are neither ``unverified`` (rumours, unconfirmed accounts)
nor partisan (an armed group's own outlet or spokespeople: "(VoJ reported 2)", "a Taliban spokesman
said"); when none is left, the counted ones. ``best`` is the lowest credible figure (a vague amount
counts by its low end); ``best_low``/``best_high`` span the numbers the credible claims give. For a
``superseded`` group ``best`` is the latest claim instead.

Event fatalities (:func:`fatalities`) leave period figures out (a running toll is no one incident's),
and zero claims ("no one was killed") where any claim gives a toll; they use the same rule over
per-article totals of killed figures,
except that a partisan claim is never the fallback: an event only an armed group's media report
deaths for has no coded fatalities, as ACLED codes it (0) until another source corroborates. Within
one article, groups one sentence lists together add up ("6 commandos, 5 soldiers and 15 militants
were killed", :func:`enumerated`); then the largest count per (party, civilian) is summed over
parties, and a figure naming no party stands for the whole toll when it is at least that sum.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from sitroom.core import Article, Claim, Contradiction, Event, Figure, iso_day, setting
from sitroom.extract import LIST_JOIN
from sitroom.nlp import is_partisan_source, party_of

STOCK_FAMILY = {"captured": "captured/missing", "missing": "captured/missing", "displaced": "displaced"}
APPROX_MARGIN = setting("fuse.ledger.approx_margin")
PERIOD_DAYS = setting("fuse.ledger.period_days")


@dataclass(frozen=True)
class LedgerClaim:
    """One figure as the ledger weighs it (the record it lists is a :class:`~sitroom.core.Claim`)."""
    figure: Figure
    source: str  # original article id
    outlet: str | None
    as_of: str | None
    part: bool = False  # a share of a larger figure in the same sentence

    @property
    def counted(self) -> bool:
        return self.figure.stance != "denied" and not self.part

    @property
    def partisan(self) -> bool:
        """Claimed by an armed group or its own outlet or spokespeople (:func:`is_partisan_source`)."""
        return is_partisan_source(self.figure.claimant)

    @property
    def credible(self) -> bool:
        return self.counted and self.figure.stance != "unverified" and not self.partisan


# ---------------------------------------------------------------- numbers
def interval(figure: Figure) -> tuple[float, float] | None:
    """The values a figure allows, by its qualifier."""
    v, lo, hi, q = figure.value, figure.low, figure.high, figure.qualifier
    if v is None:
        if lo is None and hi is None:
            return None
        return (lo if lo is not None else 0.0, hi if hi is not None else math.inf)
    if q == "at_least":
        return (v, math.inf)
    if q == "at_most":
        return (0.0, v)
    if q == "approx":
        return (v * (1 - APPROX_MARGIN), v * (1 + APPROX_MARGIN))
    if q == "range" and lo is not None and hi is not None:
        return (lo, hi)
    return (v, v)


def point(figure: Figure) -> float | None:
    """The number a figure stands for: its value, else the low end of its range."""
    if figure.value is not None:
        return figure.value
    return figure.low if figure.low is not None else figure.high


def numbers(figure: Figure) -> list[float]:
    return [x for x in (figure.value, figure.low, figure.high) if x is not None]


# ---------------------------------------------------------------- status and best estimate
def common_value(intervals: Iterable[tuple[float, float]]) -> bool:
    spans = list(intervals)
    return bool(spans) and max(lo for lo, _ in spans) <= min(hi for _, hi in spans)


def rising(claims: Sequence[LedgerClaim]) -> bool:
    """A later report of a higher toll from the same claimant (or all in outlets' own voice)."""
    dated = sorted((c for c in claims if c.as_of and point(c.figure) is not None), key=lambda c: (c.as_of, c.figure.id))
    if len(dated) < 2 or len(dated) != len(claims) or len({c.figure.claimant for c in claims}) != 1:
        return False
    for earlier, later in zip(dated, dated[1:]):
        same_value = point(earlier.figure) == point(later.figure)
        if not same_value and (later.as_of <= earlier.as_of or point(later.figure) < point(earlier.figure)):
            return False
    return len({point(c.figure) for c in dated}) > 1


def claimant_key(claim: LedgerClaim) -> tuple[str, str]:
    """Who makes a claim: the claimant named, else the outlet's own voice (its name, else its article)."""
    name = claim.figure.claimant
    return ("claimant", name.casefold()) if name else ("outlet", (claim.outlet or claim.source).casefold())


def superseded_ids(claims: Sequence[LedgerClaim]) -> set[str]:
    """Claims that a later claim from the same claimant (dated later, a different number) replaces."""
    by_who: dict[tuple[str, str], list[LedgerClaim]] = defaultdict(list)
    for c in claims:
        if c.counted and c.as_of and point(c.figure) is not None:
            by_who[claimant_key(c)].append(c)
    out = set()
    for own in by_who.values():
        latest = max(c.as_of for c in own)
        last = {point(c.figure) for c in own if c.as_of == latest}
        out |= {c.figure.id for c in own if c.as_of < latest and point(c.figure) not in last}
    return out


def agreement(counted: Sequence[LedgerClaim]) -> str | None:
    """consistent or range when the claims can all be true, else None."""
    if len({point(c.figure) for c in counted}) <= 1:
        return "consistent"
    spans = [interval(c.figure) for c in counted]
    return "range" if all(spans) and common_value(spans) else None


def status_of(claims: Sequence[LedgerClaim]) -> str:
    """consistent / range over the counted claims; else superseded when the claims still standing (each
    claimant's latest) agree, or the toll rises from one claimant; else contested."""
    counted = [c for c in claims if c.counted]
    agreed = agreement(counted)
    if agreed:
        return agreed
    old = superseded_ids(counted)
    standing = [c for c in counted if c.figure.id not in old]
    if (old and agreement(standing)) or rising(counted):
        return "superseded"
    return "contested"


def best_estimate(claims: Sequence[LedgerClaim], status: str) -> tuple[float | None, float | None, float | None]:
    """(best_low, best, best_high) by the conservative rule (see the module docstring)."""
    credible = [c for c in claims if c.credible and point(c.figure) is not None]
    if not credible:
        credible = [c for c in claims if c.counted and point(c.figure) is not None]
    if not credible:
        return None, None, None
    every = [x for c in credible for x in numbers(c.figure)]
    if status == "superseded":
        old = superseded_ids(credible)
        latest = max(credible, key=lambda c: (c.figure.id not in old, c.as_of or "", c.figure.id))
        return min(every), point(latest.figure), max(every)
    return min(every), min(point(c.figure) for c in credible), max(every)


# ---------------------------------------------------------------- grouping
def party_key(party: str | None) -> str | None:
    """A side as a comparable key: the side the actor list gives ("Azeri", "Military Forces of
    Azerbaijan" -> azerbaijan), else the words of the name."""
    if not party:
        return None
    side = party_of(party)
    return (side or "".join(re.findall(r"[a-z]+", party.casefold()))).casefold() or None


def claim_day(claim: LedgerClaim) -> str | None:
    day = claim.as_of or claim.figure.event_date
    return str(day)[:10] if day else None


def periods(claims: Sequence[LedgerClaim]) -> list[list[LedgerClaim]]:
    """Split a status into periods: dated claims chain while each is within PERIOD_DAYS of the last."""
    dated = sorted((c for c in claims if iso_day(claim_day(c))), key=lambda c: (claim_day(c), c.figure.id))
    groups: list[list[LedgerClaim]] = []
    for c in dated:
        gap = iso_day(claim_day(c)).toordinal() - iso_day(claim_day(groups[-1][-1])).toordinal() if groups else None
        if gap is not None and gap <= PERIOD_DAYS:
            groups[-1].append(c)
        else:
            groups.append([c])
    undated = [c for c in claims if not iso_day(claim_day(c))]
    return groups + ([undated] if undated else [])


def anchor_of(claim: LedgerClaim) -> tuple[str, str] | None:
    """status (a stock by party and period), period (a running or cumulative toll by party and period:
    "raising the death toll to 660"), else the claim's event."""
    f = claim.figure
    if f.kind in STOCK_FAMILY:
        return ("status", "")
    if f.scope == "period":
        return ("period", "")
    return ("event", f.event_id) if f.event_id else None


def civilian_groups(claims: Sequence[LedgerClaim]) -> list[list[LedgerClaim]]:
    """Split one quantity by civilian flag; ``None`` joins the one flag present."""
    by_flag: dict[bool | None, list[LedgerClaim]] = defaultdict(list)
    for c in claims:
        by_flag[c.figure.civilian].append(c)
    flags = [flag for flag in (True, False) if by_flag.get(flag)]
    if len(flags) == 1 and None in by_flag:
        by_flag[flags[0]] += by_flag.pop(None)
    return [group for _, group in sorted(by_flag.items(), key=lambda kv: str(kv[0])) if group]


PART_CUE = re.compile(r"\b(?:including|among them|among whom|of whom|of them|of which)\s+(?:\S+\s+){0,2}$", re.I)


def introduced_as_part(figure: Figure) -> bool:
    """"..., including two men held on murder charges": the words just before the figure say so."""
    at = figure.sentence.find(figure.text) if figure.text else -1
    return at > 0 and bool(PART_CUE.search(figure.sentence[:at]))


def part_ids(figures: Sequence[Figure]) -> set[str]:
    """Figures that are shares of a larger figure of the same kind and party in the same sentence:
    introduced as such, or listed after a total they add up to at most."""
    parts = {f.id for f in figures if introduced_as_part(f)}
    same_sentence: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        same_sentence[(f.article_id, f.sentence, f.kind, party_key(f.party))].append(f)
    for group in same_sentence.values():
        if len(group) < 3:
            continue
        total = max(group, key=lambda f: (point(f) or 0.0, -f.start))
        rest = [f for f in group if f.id != total.id]
        if all(f.start > total.start for f in rest) and sum(point(f) or 0.0 for f in rest) <= (point(total) or 0.0):
            parts.update(f.id for f in rest)
    return parts


def make_claims(figures: Sequence[Figure], articles: Sequence[Article]) -> list[LedgerClaim]:
    by_id = {a.id: a for a in articles}
    parts = part_ids(figures)
    claims = []
    for f in sorted(figures, key=lambda f: f.id):
        article = by_id.get(f.article_id)
        source = (article.duplicate_of or article.id) if article else f.article_id
        outlet = article.outlet if article else None
        as_of = f.as_of or (article.published if article else None)
        claims.append(LedgerClaim(f, source, outlet, as_of, f.id in parts))
    return claims


def group_claims(claims: Sequence[LedgerClaim]) -> dict[tuple, list[LedgerClaim]]:
    groups: dict[tuple, list[LedgerClaim]] = defaultdict(list)
    for c in claims:
        anchor = anchor_of(c)
        if anchor is None:
            continue
        fam = STOCK_FAMILY.get(c.figure.kind, c.figure.kind)
        groups[(anchor, fam, party_key(c.figure.party) or "")].append(c)
    return groups


def is_contradiction(claims: Sequence[LedgerClaim]) -> bool:
    whole = [c for c in claims if not c.part]
    distinct = {(point(c.figure), c.figure.low, c.figure.high, c.figure.claimant, c.figure.stance) for c in whole}
    return len({c.source for c in whole}) >= 2 or len(distinct) >= 2


# ---------------------------------------------------------------- records
def claim_record(c: LedgerClaim, superseded: bool = False) -> Claim:
    f = c.figure
    return Claim(figure_id=f.id, value=f.value, low=f.low, high=f.high, qualifier=f.qualifier,
                 text=f.text, claimant=f.claimant, stance=f.stance, outlet=c.outlet,
                 as_of=c.as_of, article_id=f.article_id, part=c.part, superseded=superseded,
                 scope=f.scope, period_start=f.period_start)


def shown_value(f: Figure):
    if f.value is not None:
        return int(f.value) if float(f.value).is_integer() else f.value
    return f.text


def common(values: Iterable) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def about_text(anchor: tuple[str, str], kind: str, party: str | None, civilian: bool | None,
               events: dict[str, Event]) -> str:
    who = f"{party} " if party else ""
    who += "civilians " if civilian else ""
    if anchor[0] == "status":
        return f"{who}{kind} ({anchor[1]})".strip()
    if anchor[0] == "period":
        return f"{who}{kind} to date ({anchor[1]})".strip()
    event = events.get(anchor[1])
    where = event.summary.split(" (")[0] if event else anchor[1]
    return f"{who}{kind}: {where}".strip()


def contradiction_for(anchor: tuple[str, str], family: str, claims: Sequence[LedgerClaim],
                      events: dict[str, Event]) -> Contradiction:
    ordered = sorted(claims, key=lambda c: (c.as_of or "", c.figure.id))
    figures = [c.figure for c in ordered]
    kind = common(f.kind for f in figures) or family
    party = common(f.party for f in figures)
    civilian = common(str(f.civilian) for f in figures if f.civilian is not None) == "True"
    status = status_of(ordered)
    old = superseded_ids([c for c in ordered if c.counted]) if status == "superseded" else set()
    low, best, high = best_estimate(ordered, status)
    return Contradiction(
        id="c" + hashlib.sha1("|".join(sorted(f.id for f in figures)).encode("utf-8")).hexdigest()[:15],
        about=about_text(anchor, family, party, civilian, events),
        kind=kind, party=party, figure_ids=tuple(f.id for f in figures),
        values=tuple(dict.fromkeys(shown_value(f) for f in figures)),
        status=status, event_id=anchor[1] if anchor[0] == "event" else None,
        best_low=low, best=best, best_high=high,
        claims=tuple(claim_record(c, c.figure.id in old) for c in ordered),
    )


def build_contradictions(figures: Sequence[Figure], events: Sequence[Event],
                         articles: Sequence[Article] = ()) -> tuple[Contradiction, ...]:
    """Group figures about the same quantity; groups with several claims become contradictions."""
    by_event = {e.id: e for e in events}
    found = []
    for (anchor, family, _), claims in group_claims(make_claims(figures, articles)).items():
        for group in civilian_groups(claims):
            for part in (periods(group) if anchor[0] != "event" else [group]):
                if is_contradiction(part):
                    period = (claim_day(part[0]) or "undated")[:7]
                    found.append(contradiction_for(anchor if anchor[0] == "event" else (anchor[0], period),
                                                   family, part, by_event))
    return tuple(sorted(found, key=lambda c: (c.event_id or "", c.about, c.id)))


# ---------------------------------------------------------------- event fatalities
def enumerated(figures: Sequence[Figure]) -> list[list[Figure]]:
    """The figures in runs that one sentence lists together ("4 militia members and 3 militants were
    killed"): consecutive, of one kind, joined by "and" or a comma. Each run is one toll."""
    runs: list[list[Figure]] = []
    for f in sorted(figures, key=lambda f: (f.sentence, f.start)):
        last = runs[-1][-1] if runs else None
        if last is not None and last.sentence == f.sentence and last.kind == f.kind and f.start > last.end:
            at = f.sentence.find(last.text)
            gap = f.sentence[at + len(last.text):at + len(last.text) + (f.start - last.end)] if at >= 0 else ""
            if LIST_JOIN.fullmatch(gap):
                runs[-1].append(f)
                continue
        runs.append([f])
    return runs


def article_toll(figures: Sequence[Figure]) -> float | None:
    """One article's killed total (see the module docstring)."""
    largest: dict[tuple, float] = {}
    for run in enumerated([f for f in figures if point(f) is not None]):
        listed: dict[tuple, float] = defaultdict(float)  # groups listed together add up ("6 commandos, 5 soldiers")
        for f in run:
            listed[(party_key(f.party), f.civilian if f.party else None)] += point(f)
        for key, value in listed.items():  # the same side told of again: the larger count stands
            largest[key] = max(largest.get(key, 0.0), value)
    if not largest:
        return None
    unnamed = max((v for (party, _), v in largest.items() if party is None), default=0.0)
    named = sum(v for (party, _), v in largest.items() if party is not None)
    return max(unnamed, named)


def fatalities(figures: Sequence[Figure], articles: Sequence[Article] = ()) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) killed for one event from its figures, by the conservative rule."""
    killed = [c for c in make_claims(figures, articles)
              if c.figure.kind == "killed" and c.counted and c.figure.scope != "period"]
    if any(point(c.figure) for c in killed):  # "no one was killed" stands only where no one gives a toll
        killed = [c for c in killed if point(c.figure) != 0]
    credible = [c for c in killed if c.credible] or [c for c in killed if not c.partisan]
    per_source: dict[str, list[LedgerClaim]] = defaultdict(list)
    for c in credible:
        per_source[c.source].append(c)
    totals = []
    for source, claims in sorted(per_source.items()):
        toll = article_toll([c.figure for c in claims])
        if toll is not None:
            as_of = max((c.as_of for c in claims if c.as_of), default=None)
            claimants = {c.figure.claimant for c in claims}
            total = Figure(id=source, article_id=source, kind="killed", party=None, value=toll, low=None,
                           high=None, qualifier="exact", text="", sentence="", start=0, end=0,
                           claimant=claimants.pop() if len(claimants) == 1 else "several")
            totals.append(LedgerClaim(total, source, None, as_of))
    if not totals:
        return None, None, None
    low, best, high = best_estimate(totals, status_of(totals))
    return tuple(None if x is None else int(round(x)) for x in (low, best, high))
