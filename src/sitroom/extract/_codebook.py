"""ACLED codebook definitions applied to the event model's guess, where they are exact.

The learned typer (:mod:`sitroom.extract._event_types`) decides; these rules only enforce what the
ACLED codebook defines and the training notes cannot teach:

* violence against civilians targets unarmed non-combatants: a mention whose counted victims are
  all combatants is typed from its toll instead (a weapon named, else a clash);
* an attack with explosive or remote weapons is Explosions/Remote violence whoever its victims are
  (a shelling that hurts civilians is a shelling);
* strategic developments record non-violent activity: one that counts combatants killed, wounded,
  captured or missing is typed from its toll (arrests, looting and seized weapons keep their type);
* an exchange of prisoners is an Agreement (no training note reports one);
* the use of a chemical agent is a Chemical weapon event (no training note has one).

The words live in ``lang/en/codebook.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Sequence

from sitroom.core import Figure
from sitroom.extract._event_types import PLOVER_BY_SUB_TYPE, SUB_TO_TYPE, EventTypeGuess
from sitroom.lang.en import alternation, vocabulary_file

_WORDS = vocabulary_file("codebook")
_CAPTIVES = alternation(_WORDS["captives"])
_EXCHANGE = alternation(_WORDS["exchange_words"])
PRISONER_EXCHANGE = re.compile(  # "exchange of POWs", "prisoners ... in an all-for-all exchange"
    rf"\b(?:{_EXCHANGE})\s+(?:of\s+)?(?:\S+\s+){{0,3}}?(?:{_CAPTIVES})\b"
    rf"|\b(?:{_CAPTIVES})\b[^.;]{{0,120}}?\b(?:{_EXCHANGE})\b", re.I)
CHEMICAL_AGENT = re.compile(rf"\b(?:{alternation(_WORDS['chemical_agents'])})\b", re.I)
# The weapons that make an attack Explosions/Remote violence, first named first served.
WEAPON_SUB_TYPES = (
    (re.compile(r"\b(?:suicide (?:bomb\w*|attack\w*|car)|suicide bombers?)\b", re.I), "Suicide bomb"),
    (re.compile(r"\b(?:air ?strikes?|drones?|warplanes?|aircraft|helicopters?|air raids?|bombed|bombing)\b", re.I),
     "Air/drone strike"),
    (re.compile(r"\b(?:ieds?|roadside bombs?|(?:land)?mines?|explosive devices?|car bombs?)\b", re.I),
     "Remote explosive/landmine/IED"),
    (re.compile(r"\b(?:grenades?)\b", re.I), "Grenade"),
    (re.compile(r"\b(?:shell(?:s|ed|ing)?|artillery|mortars?|rockets?|missiles?|howitzers?|grad|smerch)\b", re.I),
     "Shelling/artillery/missile attack"),
)
VICTIM_KINDS = ("killed", "wounded", "captured", "missing")
STRATEGIC_WITH_VICTIMS = ("Arrests", "Looting/property destruction", "Disrupted weapons use")  # may count people


def weapon_sub_type(text: str) -> str | None:
    """The Explosions/Remote violence sub-type of the first kind of weapon the text names, if any."""
    for pattern, sub_type in WEAPON_SUB_TYPES:
        if pattern.search(text):
            return sub_type
    return None


def typed_as(guess: EventTypeGuess, sub_type: str) -> EventTypeGuess:
    plover, mode = PLOVER_BY_SUB_TYPE[sub_type]
    return replace(guess, type=SUB_TO_TYPE[sub_type], sub_type=sub_type, plover=plover, plover_mode=mode)


def codebook_guess(guess: EventTypeGuess, text: str, figures: Sequence[Figure],
                   toll_guess: Callable[[str, Sequence[Figure]], EventTypeGuess]) -> EventTypeGuess:
    """The model's guess for a mention's ``text``, held to the codebook's definitions above."""
    if not guess.type:
        return guess
    if PRISONER_EXCHANGE.search(text):
        return typed_as(guess, "Agreement")
    if CHEMICAL_AGENT.search(text) and guess.type == "Explosions/Remote violence":
        return typed_as(guess, "Chemical weapon")
    weapon = weapon_sub_type(text) if guess.type == "Violence against civilians" else None
    if weapon:
        return typed_as(guess, weapon)
    combatants = [f for f in figures if f.kind in VICTIM_KINDS and f.stance != "denied"]
    if not combatants or any(f.civilian is not False for f in combatants):
        return guess
    if guess.type == "Violence against civilians" or (
            guess.type == "Strategic developments" and guess.sub_type not in STRATEGIC_WITH_VICTIMS):
        return replace(toll_guess(text, combatants), confidence=guess.confidence)
    return guess
