"""Event typing: text -> ACLED event type and sub-event type (+ PLOVER).

Two sources of evidence are combined:

* a hand-written cue lexicon (``data/event_lexicon.yaml``): weighted regular expressions for
  every ACLED sub-event type and for four kinds of text that report no conflict event
  (disaster, crime, diplomacy, attribution of responsibility). Negative weights mark
  counter-evidence (a ceasefire that is only *violated* or used as a time reference is no
  agreement); a cue family (e.g. prisoner exchanges) keeps its own counter-evidence and is then
  added to the label it belongs to; a label may require a pattern (no protest without a
  protest word); context cues (a death *at a protest*) count only where their requirement holds;
  codebook precedence settles overlaps (rioting protesters make a riot whatever force met them,
  a chemical attack by shells is a chemical weapon, property destroyed by an air strike is the
  air strike). Each label's ACLED codebook definition is written above its cues;
* a small TF-IDF + logistic-regression model (``data/event_typer.npz``) trained by
  ``scripts/train_event_typer.py`` on ACLED notes. Its training set only covers protests and
  riots, so it is used only to choose among those five sub-types once the lexicon has found
  protest or riot wording.

The ACLED -> PLOVER table below is our own, written with the CAMEO->PLOVER conversion table of
the PLOVER project (CC BY-SA 4.0) as a guide.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import numpy as np
import yaml

from sitroom.core import EVENT_TYPES

NONE_PREFIX = "none:"
SUB_TO_TYPE: dict[str, str] = {sub: etype for etype, subs in EVENT_TYPES.items() for sub in subs}
PROTEST_GROUP: tuple[str, ...] = EVENT_TYPES["Protests"] + EVENT_TYPES["Riots"]
MIN_CONFLICT_SCORE = 2.0  # below this the text does not report a conflict event
MODEL_WEIGHT = 3.0  # how much the protest/riot model's probability adds to the lexicon score
PRECEDENCE_MIN = 5.0  # a label outranks another (codebook precedence) only with at least this score
ESCALATION_MIN = 2.0  # an escalation needs at least this much evidence of its own (one weak cue is not enough)

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
    confidence: float
    plover: str | None = None
    plover_mode: str | None = None
    no_event_reason: str | None = None  # "disaster", "crime", ... when type is None


@dataclass(frozen=True)
class Cue:
    label: str
    weight: float
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    cues: tuple[Cue, ...]
    escalations: tuple[tuple[str, str], ...] = ()  # (label, base label)
    families: tuple[tuple[str, str], ...] = ()  # (cue family, label it counts towards)
    requirements: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (label, pattern it needs)
    precedence: tuple[tuple[str, str], ...] = ()  # (label, label it overrides when both are found)


@dataclass(frozen=True)
class ProtestModel:
    """TF-IDF + linear model over the five protest/riot sub-types."""
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray
    classes: tuple[str, ...]


# ---------------------------------------------------------------- text features

_TOKEN = re.compile(r"[a-z][a-z'-]+")


def model_tokens(text: str) -> list[str]:
    """Lower-case word unigrams and bigrams (digits and one-letter words dropped)."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def tfidf_rows(texts: Sequence[str], vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Dense sublinear TF-IDF rows, l2-normalised (as scikit-learn's TfidfVectorizer)."""
    rows = np.zeros((len(texts), len(idf)), dtype=np.float32)
    for i, text in enumerate(texts):
        for token in model_tokens(text):
            j = vocabulary.get(token)
            if j is not None:
                rows[i, j] += 1.0
    present = rows > 0
    rows[present] = 1.0 + np.log(rows[present])
    rows *= idf
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def model_probabilities(model: ProtestModel, texts: Sequence[str]) -> np.ndarray:
    """Softmax class probabilities, one row per text, columns in ``model.classes`` order."""
    logits = tfidf_rows(texts, model.vocabulary, model.idf) @ model.coef.T + model.intercept
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- loading

def _data_file(name: str):
    return resources.files("sitroom").joinpath("data", name)


def compile_lexicon(raw: dict) -> Lexicon:
    """Expand ``{concept}`` references and compile every cue."""
    concepts: dict[str, str] = {}
    for name, body in (raw.get("concepts") or {}).items():
        concepts[name] = _expand(body, concepts)
    cues = []
    for label, entries in raw["labels"].items():
        for weight, pattern in entries:
            cues.append(Cue(label, float(weight), re.compile(_expand(pattern, concepts), re.I)))
    escalations = tuple((label, base) for label, base in (raw.get("escalations") or {}).items())
    families = tuple((family, label) for family, label in (raw.get("families") or {}).items())
    requirements = tuple((label, re.compile(_expand(pattern, concepts), re.I))
                         for label, pattern in (raw.get("requires") or {}).items())
    precedence = tuple((label, other) for label, others in (raw.get("precedence") or {}).items()
                       for other in others)
    return Lexicon(tuple(cues), escalations, families, requirements, precedence)


def _expand(pattern: str, concepts: dict[str, str]) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: concepts.get(m.group(1), m.group(0)), pattern)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(_data_file("event_lexicon.yaml").read_text(encoding="utf-8"))
    return compile_lexicon(raw)


@lru_cache(maxsize=1)
def protest_model() -> ProtestModel | None:
    """The shipped model, or None when the artefact is missing (lexicon only then)."""
    path = _data_file("event_typer.npz")
    if not path.is_file():
        return None
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        vocab = [str(w) for w in data["vocabulary"]]
        return ProtestModel(
            vocabulary={w: i for i, w in enumerate(vocab)},
            idf=data["idf"].astype(np.float32),
            coef=data["coef"].astype(np.float32),
            intercept=data["intercept"].astype(np.float32),
            classes=tuple(str(c) for c in data["classes"]),
        )


# ---------------------------------------------------------------- scoring

def normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def cue_scores(text: str, lex: Lexicon | None = None) -> dict[str, float]:
    """Sum of the weights of the cues that match, per label (counter-evidence netted out, labels
    and cue families whose requirement is unmet dropped, families merged into their labels),
    escalations and precedence applied."""
    lex = lex or lexicon()
    raw: dict[str, float] = {}
    clean = normalise(text)
    for cue in lex.cues:
        if cue.pattern.search(clean):
            raw[cue.label] = raw.get(cue.label, 0.0) + cue.weight
    scores = apply_requirements(positive_scores(raw), lex.requirements, clean)
    scores = merge_families(scores, lex.families)
    scores = apply_requirements(scores, lex.requirements, clean)
    scores = apply_escalations(scores, lex.escalations)
    return apply_precedence(scores, lex.precedence)


def positive_scores(scores: dict[str, float]) -> dict[str, float]:
    """Net scores above zero (counter-evidence can cancel a label, never push it below zero)."""
    return {label: score for label, score in scores.items() if score > 0}


def merge_families(scores: dict[str, float], families: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Add each cue family's (already netted) score to the label it belongs to."""
    merged = dict(scores)
    for family, label in families:
        if family in merged:
            merged[label] = merged.get(label, 0.0) + merged.pop(family)
    return merged


def apply_requirements(scores: dict[str, float], requirements: Iterable[tuple[str, re.Pattern[str]]],
                       text: str) -> dict[str, float]:
    """Drop a label whose required pattern (e.g. a protest word for a protest) is not in the text."""
    kept = dict(scores)
    for label, pattern in requirements:
        if label in kept and not pattern.search(text):
            del kept[label]
    return kept


def apply_escalations(scores: dict[str, float], escalations: Iterable[tuple[str, str]]) -> dict[str, float]:
    """An escalation (e.g. a protest dispersed by police) builds on its base label: with the
    base found it scores base + its own cues; without it, half its own cues. Own evidence below
    ``ESCALATION_MIN`` (a bare "police") escalates nothing and is dropped."""
    escalated = dict(scores)
    for label, base in escalations:
        if label not in scores:
            continue
        if scores[label] < ESCALATION_MIN:
            del escalated[label]
            continue
        base_score = scores.get(base, 0.0)
        escalated[label] = scores[label] + base_score if base_score > 0 else 0.5 * scores[label]
    return escalated


def apply_precedence(scores: dict[str, float], precedence: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Codebook precedence: where both labels are found, the first outranks the second (rioting
    protesters make a riot even when police dispersed them)."""
    ranked = dict(scores)
    for label, other in precedence:
        if ranked.get(label, 0.0) >= PRECEDENCE_MIN and other in ranked and ranked[label] <= ranked[other]:
            ranked[label] = ranked[other] + 1.0
    return ranked


def add_model_evidence(scores: dict[str, float], probabilities: dict[str, float]) -> dict[str, float]:
    """Add the protest model's vote, only where the lexicon found protest/riot wording."""
    if max((scores.get(label, 0.0) for label in PROTEST_GROUP), default=0.0) <= 0:
        return scores
    merged = dict(scores)
    for label, p in probabilities.items():
        merged[label] = merged.get(label, 0.0) + MODEL_WEIGHT * p
    return merged


def decide(scores: dict[str, float], escalations: Iterable[tuple[str, str]] | None = None) -> EventTypeGuess:
    """The best conflict label unless a no-event label scores strictly higher.

    An escalation's base (the protest under a dispersed protest) is part of the winner's evidence,
    not a rival, so it does not lower the confidence (``escalations=None``: the lexicon's)."""
    conflict = sorted(((s, l) for l, s in scores.items() if l in SUB_TO_TYPE), reverse=True)
    no_event = max(((s, l) for l, s in scores.items() if l.startswith(NONE_PREFIX)), default=(0.0, None))
    best, sub = conflict[0] if conflict else (0.0, None)
    if sub is None or best < MIN_CONFLICT_SCORE or no_event[0] > best:
        reason = no_event[1][len(NONE_PREFIX):] if no_event[1] else None
        return EventTypeGuess(None, None, round(confidence(no_event[0], best), 3), no_event_reason=reason)
    bases = {base for label, base in (lexicon().escalations if escalations is None else escalations) if label == sub}
    rivals = [s for s, label in conflict[1:] if label not in bases]
    second = max(rivals[0] if rivals else 0.0, no_event[0])
    plover, mode = PLOVER_BY_SUB_TYPE[sub]
    return EventTypeGuess(SUB_TO_TYPE[sub], sub, round(confidence(best, second), 3), plover, mode)


def confidence(best: float, second: float) -> float:
    """How clearly the winner beats the runner-up (0..1); grows with the margin and the score."""
    if best <= 0:
        return 0.0
    margin = (best - second) / (best + 1.0)
    strength = 1.0 - math.exp(-best / 4.0)
    return max(0.0, min(1.0, 0.5 * strength + 0.5 * margin))


def classify_events(texts: Sequence[str]) -> list[EventTypeGuess]:
    """Classify many sentences or short passages at once (the model runs as one batch)."""
    texts = list(texts)
    model = protest_model()
    probs = model_probabilities(model, texts) if model is not None and texts else None
    guesses = []
    for i, text in enumerate(texts):
        scores = cue_scores(text)
        if probs is not None:
            scores = add_model_evidence(scores, dict(zip(model.classes, probs[i].tolist())))
        guesses.append(decide(scores))
    return guesses


@lru_cache(maxsize=50_000)
def classify_event(text: str) -> EventTypeGuess:
    """ACLED type/sub-type (None when no conflict event is reported), confidence and PLOVER.
    Cached: noisy captures repeat the same page lines across many articles."""
    return classify_events([text])[0]
