"""Event typing: text -> ACLED event type and sub-event type (+ PLOVER), by a learned model.

The model (:mod:`sitroom.extract._incident_model`, shipped as ``data/incident_typer.npz``) is a
linear classifier trained by ``scripts/train_incident_typer.py`` on 88k ACLED notes from 145
countries plus sentences of news that report no incident; docs/quality.md says what it was
trained on and how it scores on held-out countries. It reads one sentence or a short passage
and gives the probability that it reports an incident and, if it does, the sub-event type (the
event type is always the sub-type's parent in the ACLED codebook).

Rules stay only where they are exact, elsewhere in extraction: numbers, dates, attribution,
negation, ACLED's conservative fatality rule.

The ACLED -> PLOVER table below is our own, written with the CAMEO->PLOVER conversion table of
the PLOVER project (CC BY-SA 4.0) as a guide.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sitroom.extract._incident_model import PARENT, IncidentPrediction, predict

SUB_TO_TYPE: dict[str, str] = PARENT  # sub-event type -> its event type
NO_INCIDENT_REASON = "no incident"  # the model's answer for text that reports none

# ACLED sub-event type -> (PLOVER event, PLOVER mode). Guided by CAMEO2PLOVER-2021.
PLOVER_BY_SUB_TYPE: dict[str, tuple[str | None, str | None]] = {
    "Armed clash": ("ASSAULT", "firearms"),
    "Government regains territory": ("COERCE", "seize"),
    "Non-state actor overtakes territory": ("COERCE", "seize"),
    "Chemical weapon": ("ASSAULT", "unconventional"),
    "Air/drone strike": ("ASSAULT", "heavy-weapons"),
    "Suicide bomb": ("ASSAULT", "suicide-attack"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"),
    "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"),
    "Attack": ("ASSAULT", None),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"),
    "Peaceful protest": ("PROTEST", "demo"),
    "Protest with intervention": ("PROTEST", "demo"),
    "Excessive force against protesters": ("ASSAULT", "pro_autocracy"),
    "Violent demonstration": ("PROTEST", "riot"),
    "Mob violence": ("PROTEST", "riot"),
    "Agreement": ("AGREE", None),
    "Arrests": ("COERCE", "arrest"),
    "Change to group/activity": ("MOBILIZE", None),
    "Disrupted weapons use": ("COERCE", "seize"),
    "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("ASSAULT", "seize"),
    "Non-violent transfer of territory": ("RETREAT", "withdraw"),
    "Other": (None, None),
}


@dataclass(frozen=True)
class EventTypeGuess:
    type: str | None  # ACLED event type, None when the text reports no conflict event
    sub_type: str | None
    confidence: float  # the model's probability that the text reports an incident
    plover: str | None = None
    plover_mode: str | None = None
    no_event_reason: str | None = None  # why type is None
    sub_type_probability: float = 0.0  # P(sub_type | an incident is reported)


def guess_of(prediction: IncidentPrediction) -> EventTypeGuess:
    """The model's prediction as the guess extraction reads."""
    if prediction.sub_type is None:
        return EventTypeGuess(None, None, round(1.0 - prediction.incident, 3), no_event_reason=NO_INCIDENT_REASON)
    plover, mode = PLOVER_BY_SUB_TYPE[prediction.sub_type]
    return EventTypeGuess(SUB_TO_TYPE[prediction.sub_type], prediction.sub_type, round(prediction.incident, 3),
                          plover, mode, sub_type_probability=round(prediction.probability, 3))


def classify_events(texts: Sequence[str]) -> list[EventTypeGuess]:
    """Classify many sentences or short passages at once (the model runs as one batch)."""
    texts = list(texts)
    return [guess_of(p) for p in predict(texts)] if texts else []


CACHE_SIZE = 50_000  # sentences remembered: noisy captures repeat the same page lines across many articles
_guesses: dict[str, EventTypeGuess] = {}


def classify_all(texts: Sequence[str]) -> list[EventTypeGuess]:
    """:func:`classify_event` for many sentences, the ones not seen before typed as one batch
    (one model call per article instead of one per sentence; the same guesses)."""
    missing = list(dict.fromkeys(t for t in texts if t not in _guesses))
    if missing:
        if len(_guesses) + len(missing) > CACHE_SIZE:
            _guesses.clear()
        _guesses.update(zip(missing, classify_events(missing)))
    return [_guesses[t] for t in texts]


def classify_event(text: str) -> EventTypeGuess:
    """ACLED type/sub-type (None when no conflict event is reported), confidence and PLOVER.
    Cached: noisy captures repeat the same page lines across many articles."""
    return classify_all([text])[0]
