"""The cannot-link rules of fusion (sitroom.fuse._constraints), one test each, and the score breakdown."""
from __future__ import annotations

from dataclasses import replace

from sitroom.core._records import EventMention, Place
from sitroom.fuse._clusters import PairScore, explain, mention_view, pair_score
from sitroom.fuse._constraints import RULES, broken_rule, cannot_link

GARABULLI = Place("Garabulli", 32.76, 13.72, "Libya", "LY", "Tripoli", geo_precision="exact")
IDLIB = Place("Idlib", 35.93, 36.63, "Syria", "SY", "Idlib", geo_precision="exact")
ARIHA = Place("Ariha", 35.81, 36.61, "Syria", "SY", "Idlib", geo_precision="exact")
HAMA = Place("Hama", 35.13, 36.75, "Syria", "SY", "Hama", geo_precision="exact")
MAARRAT = Place("Maarrat", 35.64, 36.67, "Syria", "SY", "Hama", geo_precision="exact")  # an admin1 border town
SYRIA = Place("Syria", 35.0, 38.0, "Syria", "SY", None, geo_precision="country")
LEBANON = Place("Lebanon", 33.9, 35.8, "Lebanon", "LB", None, geo_precision="country")
ORIGINAL = {f"a{n}": f"a{n}" for n in range(10)}


def mention(aid: str, date: str | None, place: Place | None, sentence: str = "Shelling hit the town.",
            type_: str = "Explosions/Remote violence", sub: str = "Shelling/artillery/missile attack",
            precision: str = "day", level: str = "sentence") -> EventMention:
    return EventMention(id=f"{aid}-m0", article_id=aid, type=type_ if level == "sentence" else "",
                        sub_type=sub if level == "sentence" else "", date=date,
                        date_precision=precision if date else None, sentence=sentence, start=0,
                        end=len(sentence), place=place, place_text=place.name if place else None, level=level)


def view(m: EventMention, **changes):
    return replace(mention_view(m, ORIGINAL, ()), **changes)


def rule_of(a: EventMention, b: EventMention, **changes) -> str | None:
    return broken_rule(view(a, **changes), view(b, **changes))


def test_every_rule_is_named_once():
    names = [name for name, _ in RULES]
    assert len(names) == len(set(names)) and len(names) >= 8


def test_places_in_different_countries_never_link():
    a, b = mention("a1", "2020-03-01", GARABULLI), mention("a2", "2020-03-01", IDLIB)
    assert rule_of(a, b) == "different_country"
    article_level = mention("a3", "2020-03-01", LEBANON, level="article")
    assert rule_of(article_level, b) == "different_country"  # a guessed place still names a country


def test_towns_in_different_first_level_regions_never_link():
    a, b = mention("a1", "2020-03-01", IDLIB), mention("a2", "2020-03-01", MAARRAT)
    assert rule_of(a, b) == "different_admin1"
    assert rule_of(mention("a1", "2020-03-01", IDLIB), mention("a2", "2020-03-01", ARIHA)) is None
    assert rule_of(mention("a1", "2020-03-01", SYRIA), mention("a2", "2020-03-01", HAMA)) is None  # a country holds it


def test_incidents_far_apart_in_one_region_never_link():
    far = Place("Harem", 36.21, 36.52, "Syria", "SY", "Idlib", geo_precision="exact")  # ~ 33 km: unknown
    further = Place("Jisr", 35.80, 36.32, "Syria", "SY", "Idlib", geo_precision="exact")
    assert rule_of(mention("a1", "2020-03-01", IDLIB), mention("a2", "2020-03-01", far)) is None
    assert rule_of(mention("a1", "2020-03-01", ARIHA), mention("a2", "2020-03-01", replace(further, lat=35.5, lon=36.0))) == "far_apart"


def test_dates_more_than_a_day_apart_never_link_unless_a_follow_up():
    a, b = mention("a1", "2020-03-01", IDLIB), mention("a2", "2020-03-05", IDLIB)
    assert rule_of(a, b) == "dates_apart"
    people = frozenset({"ahmad khalil", "omar haddad"})
    assert broken_rule(view(a, people=people), view(b, people=people)) is None  # a follow-up names them


def test_a_day_apart_only_in_the_same_place():
    a, b = mention("a1", "2020-03-01", IDLIB), mention("a2", "2020-03-02", SYRIA)
    assert rule_of(a, b) == "day_apart_elsewhere"
    assert rule_of(a, mention("a2", "2020-03-02", IDLIB)) is None


def test_undated_reports_months_apart_never_link():
    a = view(mention("a1", None, IDLIB), published_span=(737000, 737003))
    b = view(mention("a2", None, IDLIB), published_span=(737400, 737403))
    assert broken_rule(a, b) == "far_in_time"


def test_an_agreement_is_not_the_incident_it_follows():
    deal = mention("a1", "2020-03-01", IDLIB, type_="Strategic developments", sub="Agreement")
    assert rule_of(deal, mention("a2", "2020-03-01", IDLIB)) == "agreement_and_incident"


def test_no_place_and_no_day_joins_only_on_strong_evidence():
    a = mention("a1", None, None, sentence="Shelling was reported.")
    b = mention("a2", "2020-03-01", IDLIB, sentence="Government artillery hit Idlib overnight.")
    assert rule_of(a, b) == "unanchored_without_evidence"
    same = frozenset({"ahmad khalil"})
    assert broken_rule(view(a, people=same), view(b, people=same)) is None  # a rare name of its own


def test_two_undated_reports_join_only_in_the_same_place():
    a = mention("a1", None, IDLIB, sentence="Shelling was reported in Idlib.")
    b = mention("a2", None, SYRIA, sentence="Artillery fire hit villages across Syria.")
    assert rule_of(a, b) == "undated_elsewhere"
    assert rule_of(a, mention("a2", None, IDLIB)) is None


def test_a_placeless_report_needs_more_than_type_and_day():
    a = mention("a1", "2020-03-01", None, sentence="Artillery shelling was reported overnight.")
    b = mention("a2", "2020-03-01", GARABULLI, sentence="Militias exchanged fire near the coast road.")
    assert rule_of(a, b) == "placeless_without_evidence"
    c = mention("a3", "2020-03-01", GARABULLI, sentence="Artillery shelling was reported overnight near Garabulli.")
    assert rule_of(a, c) is None


def test_the_pair_score_is_explained_part_by_part():
    a, b = mention("a1", "2020-03-01", IDLIB), mention("a2", "2020-03-01", ARIHA)
    parts = pair_score(view(a), view(b))
    assert isinstance(parts, PairScore) and parts.date == 2.0 and parts.place == 2.0 and parts.type == 1.0
    assert abs(parts.total - sum((parts.date, parts.place, parts.type, parts.actors, parts.tolls,
                                  parts.wording, parts.names, parts.body))) < 1e-9
    decision = explain(view(a), view(b))
    assert decision.rule is None and decision.merges
    refused = explain(view(a), view(mention("a2", "2020-03-01", GARABULLI)))
    assert refused.rule == "different_country" and not refused.merges and cannot_link(view(a), view(mention("a2", "2020-03-01", GARABULLI)))
