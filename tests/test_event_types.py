"""Event typing by the learned model: a table of clear sentences (written here, from the ACLED
codebook's definitions; none from a dev file) and the guarantees the rest of extraction relies on."""
from __future__ import annotations

import pytest

from sitroom.core._records import EVENT_TYPES
from sitroom.extract._event_types import (
    NO_INCIDENT_REASON,
    PLOVER_BY_SUB_TYPE,
    SUB_TO_TYPE,
    EventTypeGuess,
    classify_event,
    classify_events,
)


@pytest.mark.parametrize("text, event_type", [
    ("Rebels and government troops clashed near the town on Monday, leaving five fighters dead.", "Battles"),
    ("Warplanes carried out airstrikes on the village, killing four people.", "Explosions/Remote violence"),
    ("A suicide bomber blew himself up at a checkpoint, killing three policemen.", "Explosions/Remote violence"),
    ("The army shelled rebel positions with heavy artillery overnight.", "Explosions/Remote violence"),
    ("Two soldiers died when their vehicle struck a roadside bomb.", "Explosions/Remote violence"),
    ("Unknown gunmen shot dead a teacher in front of his house.", "Violence against civilians"),
    ("Militants kidnapped six aid workers on the highway.", "Violence against civilians"),
    ("Hundreds of workers staged a peaceful protest demanding higher wages.", "Protests"),
    ("Protesters threw stones at police and set fire to tyres on the main road.", "Riots"),
    ("Police arrested fourteen opposition activists at their party office.", "Strategic developments"),
    ("Security forces defused an explosive device planted under a bridge.", "Strategic developments"),
])
def test_clear_reports_get_their_event_type(text, event_type):
    guess = classify_event(text)
    assert guess.type == event_type, guess
    assert guess.sub_type in EVENT_TYPES[event_type]
    assert 0.5 < guess.confidence <= 1.0 and 0.0 < guess.sub_type_probability <= 1.0


@pytest.mark.parametrize("text, sub_type", [
    ("Warplanes carried out airstrikes on the village, killing four people.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint, killing three policemen.", "Suicide bomb"),
    ("Two soldiers died when their vehicle struck a roadside bomb.", "Remote explosive/landmine/IED"),
    ("Militants kidnapped six aid workers on the highway.", "Abduction/forced disappearance"),
    ("Hundreds of workers staged a peaceful protest demanding higher wages.", "Peaceful protest"),
    ("Police arrested fourteen opposition activists at their party office.", "Arrests"),
])
def test_clear_reports_get_their_sub_type(text, sub_type):
    assert classify_event(text).sub_type == sub_type


@pytest.mark.parametrize("text", [
    "The foreign minister held talks with his counterpart during a state visit.",
    "The weather was pleasant and the market reopened as usual.",
    "The central bank kept its interest rate unchanged at 4 percent.",
])
def test_text_that_reports_no_incident_is_not_typed(text):
    guess = classify_event(text)
    assert guess.type is None and guess.sub_type is None and guess.plover is None
    assert guess.no_event_reason == NO_INCIDENT_REASON


def test_the_type_is_always_the_sub_types_parent():
    texts = ["Troops clashed with insurgents.", "A drone struck a convoy.", "Students marched to parliament.",
             "Rioters looted shops downtown.", "The two parties signed a peace deal."]
    for guess in classify_events(texts):
        if guess.type:
            assert SUB_TO_TYPE[guess.sub_type] == guess.type


def test_plover_mapping_covers_every_sub_type_and_uses_plover_events():
    plover_events = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                     "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    all_subs = {sub for subs in EVENT_TYPES.values() for sub in subs}
    assert set(PLOVER_BY_SUB_TYPE) == all_subs
    assert {event for event, _ in PLOVER_BY_SUB_TYPE.values() if event} <= plover_events
    assert classify_event("Thousands of people marched in protest against the new law.").plover == "PROTEST"


def test_batch_equals_single_calls():
    texts = ["Police arrested three suspects.", "Troops clashed with insurgents.", "Nothing happened."]
    assert classify_events(texts) == [classify_event(t) for t in texts]
    assert classify_events([]) == []


def test_a_guess_is_a_frozen_record():
    guess = classify_event("Troops clashed with insurgents.")
    assert isinstance(guess, EventTypeGuess)
    with pytest.raises(AttributeError):
        guess.type = None
