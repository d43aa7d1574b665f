"""Claims on news: every kind in every voice, period tolls, zero tolls, descriptions that count no
one, and the ledger across outlets and time. Sentences written here, not taken from any gold set."""
from __future__ import annotations

from dataclasses import replace

import pytest

from sitroom.core._records import Article
from sitroom.extract._figures import find_figures
from sitroom.fuse._ledger import build_contradictions, fatalities, status_of, make_claims
from sitroom.clean._boilerplate import article_id_for
from test_figures import analyse, figures_of
from test_ledger import ARTICLES, fig, only


def kinds(text: str) -> list[tuple[str, float | None]]:
    return sorted((f.kind, f.value if f.value is not None else f.low) for f in figures_of(text))


@pytest.mark.parametrize("text, want", [
    ("Officers arrested 5 protesters in the capital on Friday.", [("arrested", 5)]),
    ("Eleven students were detained overnight, the rights group said.", [("arrested", 11)]),
    ("Troops took 31 villagers into custody after the raid.", [("arrested", 31)]),
    ("Prosecutors confirmed the arrest of six men in the port city.", [("arrested", 6)]),
    ("The coast guard freed 9 hostages held on a trawler.", [("released", 9)]),
    ("Navy commandos captured 17 pirates off the coast.", [("captured", 17)]),
    ("A 41-year-old woman named Dana Perez was arrested at her home.", [("arrested", 1)]),
    ("The driver later turned himself in to police.", [("arrested", 1)]),
    ("Her husband, son and brother were detained at a checkpoint.", [("arrested", 3)]),
    ("Four were arrested and one remains in custody.", [("arrested", 1), ("arrested", 4)]),
])
def test_every_kind_in_every_voice(text, want):
    assert kinds(text) == want


@pytest.mark.parametrize("text, want", [
    ("A car bomb killed 9 soldiers and wounded 20 more near the base.", [("killed", 9), ("wounded", 20)]),
    ("Five people were killed and another injured in the blast.", [("killed", 5), ("wounded", 1)]),
    ("Two miners died and a third was hurt when the tunnel collapsed.", [("killed", 2), ("wounded", 1)]),
    ("Thousands have fled the coastal villages.", [("displaced", 2000)]),
    ("The remaining three were taken to a hospital in serious condition.", [("wounded", 3)]),
    ("The gunman killed the two guards and injured several more.", [("killed", 2), ("wounded", 3)]),
    ("Of the nine people who were wounded, two are in critical condition.", [("wounded", 2), ("wounded", 9)]),
])
def test_elided_nouns_and_references_back_with_their_own_predicate(text, want):
    assert kinds(text) == want


@pytest.mark.parametrize("text", [
    "Two plainclothes officers approached the car.",
    "The three soldiers wounded in the raid were decorated on Monday.",
    "A man shot 12 rounds into the air.",
    "Dozens of 911 calls came in after the blast.",
    "Lincoln County 911 released a statement.",
    "The talks covered the handover of over 300 wanted fighters held by the militia.",
])
def test_descriptions_and_phone_numbers_count_no_one(text):
    assert [f for f in figures_of(text) if f.value != 0] == []


@pytest.mark.parametrize("text, want", [
    ("There were no casualties at the checkpoint, the ministry said.", [("killed", 0), ("wounded", 0)]),
    ("No one was hurt in the fire.", [("wounded", 0)]),
    ("Nobody was killed, police said.", [("killed", 0)]),
    ("Investigators have not made any arrests.", [("arrested", 0)]),
    ("There were no immediate reports of casualties.", []),
    ("No other injuries were reported.", []),
])
def test_zero_tolls_are_claims_of_nought(text, want):
    assert kinds(text) == want


def test_zero_toll_keeps_its_claimant():
    f = figures_of("There were no casualties at the checkpoint, the ministry said.")[0]
    assert f.claimant and "ministry" in f.claimant and f.stance == "asserted"


def dated_figures(text: str, published: str):
    article = Article(article_id_for(text), "test", text, published=published)
    return find_figures(article, analyse(article))


def test_period_tolls_keep_their_period_and_incident_tolls_stay_incidents():
    text = ("Shelling killed 14 people in the market on Sunday, bringing the death toll to 812, the health "
            "ministry said. Since 3 March, at least 790 civilians have been killed in the province. So far "
            "this year 120 people have been detained.")
    found = {(f.kind, f.value): f for f in dated_figures(text, "2023-04-10")}
    assert found[("killed", 14)].scope == "incident"
    assert found[("killed", 812)].scope == "period"
    assert found[("killed", 790)].scope == "period" and found[("killed", 790)].period_start == "2023-03-03"
    assert found[("arrested", 120)].scope == "period"


def test_period_tolls_never_inflate_an_incident():
    toll = replace(fig("a1-f2", "a1", "killed", 812, event_id="e1"), scope="period")
    figures = [fig("a1-f1", "a1", "killed", 14, event_id="e1"), toll]
    assert fatalities(figures, ARTICLES) == (14, 14, 14)


def test_zero_claims_do_not_erase_a_toll_but_stand_alone():
    assert fatalities([fig("a1-f1", "a1", "killed", 12, event_id="e1"),
                       fig("a2-f1", "a2", "killed", 0, event_id="e1")], ARTICLES) == (12, 12, 12)
    assert fatalities([fig("a2-f1", "a2", "killed", 0, event_id="e1")], ARTICLES) == (0, 0, 0)


def test_zero_against_a_toll_is_contested_in_the_ledger():
    c = only(build_contradictions([fig("a1-f1", "a1", "killed", 12, event_id="e1"),
                                   fig("a2-f1", "a2", "killed", 0, event_id="e1", claimant="army")], (), ARTICLES))
    assert c.status == "contested" and set(c.values) == {12, 0}


def test_period_tolls_from_several_outlets_form_one_ledger_group():
    figures = [replace(fig("a1-f1", "a1", "killed", 600, party="Palestine", qualifier="at_least"), scope="period"),
               replace(fig("a2-f1", "a2", "killed", 660, party="Palestinian", claimant="health ministry"), scope="period")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert set(c.values) == {600, 660} and c.event_id is None and "to date" in c.about
    assert c.status == "range"


def test_a_later_figure_from_the_same_claimant_supersedes_and_stays_listed():
    figures = [fig("a1-f1", "a1", "killed", 30, event_id="e1", claimant="civil defence"),
               fig("a2-f1", "a2", "killed", 41, event_id="e1", claimant="civil defence"),
               fig("a3-f1", "a3", "killed", 41, event_id="e1", claimant="UN agency")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert c.status == "superseded" and c.best == 41
    marked = {cl.figure_id: cl.superseded for cl in c.claims}
    assert marked == {"a1-f1": True, "a2-f1": False, "a3-f1": False}


def test_claimants_that_still_disagree_are_contested():
    claims = make_claims([fig("a1-f1", "a1", "killed", 30, event_id="e1", claimant="civil defence"),
                          fig("a2-f1", "a2", "killed", 41, event_id="e1", claimant="civil defence"),
                          fig("a3-f1", "a3", "killed", 12, event_id="e1", claimant="army")], ARTICLES)
    assert status_of(claims) == "contested"
