"""CASE-2021 Task 2 scorer: snippet -> ACLED sub-event type (or "no conflict event").

Gold: ``shared/data/dev/case2021_task2.tsv`` (``id``, ``EventSnippet``, ``SubType``). The 25
"seen" labels map onto ACLED sub-event types; the 5 "unseen" ones (organised crime, disasters,
diplomacy, attribution) mean "no conflict event" and are scored as one class, ``NO_EVENT``.
This is an evaluation set: it is only read here, never used for training or tuning.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Mapping

from sitroom.evaluation.paths import shared_path
from sitroom.evaluation.score import Score
from sitroom.extract import classify_events

NO_EVENT = "NO_EVENT"
CASE_TO_ACLED: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
UNSEEN_LABELS = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")


def gold_label(case_label: str) -> str:
    """The ACLED sub-type for a CASE label, ``NO_EVENT`` for the unseen ones."""
    if case_label in UNSEEN_LABELS:
        return NO_EVENT
    return CASE_TO_ACLED[case_label]


def per_label_f1(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> dict[str, float]:
    """F1 of each gold label; an item missing from ``predicted`` counts as wrong."""
    scores = {}
    for label in sorted(set(gold.values())):
        tp = sum(1 for k, g in gold.items() if g == label and predicted.get(k) == label)
        fp = sum(1 for k, p in predicted.items() if p == label and gold.get(k) != label)
        fn = sum(1 for g in gold.values() if g == label) - tp
        scores[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return scores


def macro_f1(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> float:
    scores = per_label_f1(gold, predicted)
    return sum(scores.values()) / len(scores) if scores else 0.0


def micro_f1(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> float:
    """Single-label task: micro-F1 over all classes is the share of items labelled right."""
    if not gold:
        return 0.0
    return sum(1 for k, g in gold.items() if predicted.get(k) == g) / len(gold)


def load_gold(path: Path, limit: int | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> snippet, id -> gold label)."""
    texts, gold = {}, {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if limit is not None and len(gold) >= limit:
                break
            texts[row["id"]] = row["EventSnippet"]
            gold[row["id"]] = gold_label(row["SubType"].strip())
    return texts, gold


def predict(texts: Mapping[str, str]) -> dict[str, str]:
    ids = list(texts)
    guesses = classify_events([texts[i] for i in ids])
    return {i: g.sub_type or NO_EVENT for i, g in zip(ids, guesses)}


def score(path: Path | None = None, limit: int | None = None) -> Score:
    path = path or shared_path("data", "dev", "case2021_task2.tsv")
    texts, gold = load_gold(path, limit)
    predicted = predict(texts)
    seen = {k: g for k, g in gold.items() if g != NO_EVENT}
    seen_scores = [f for label, f in per_label_f1(gold, predicted).items() if label != NO_EVENT]
    return Score(metrics={
        "macro_f1": macro_f1(gold, predicted),
        "micro_f1": micro_f1(gold, predicted),
        "macro_f1_seen": sum(seen_scores) / len(seen_scores) if seen_scores else 0.0,
        "accuracy_seen": micro_f1(seen, predicted),
        "no_event_f1": per_label_f1(gold, predicted).get(NO_EVENT, 0.0),
    }, n=len(gold))
