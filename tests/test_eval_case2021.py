from __future__ import annotations

import re

from sitroom.evaluation.case2021 import (
    CASE_TO_ACLED,
    NO_EVENT,
    UNSEEN_LABELS,
    gold_label,
    macro_f1,
    micro_f1,
    per_label_f1,
    score,
)
from sitroom.extract._event_types import SUB_TO_TYPE


def test_perfect_answer_scores_one_and_empty_answer_zero():
    gold = {"1": "Armed clash", "2": NO_EVENT, "3": "Grenade"}
    assert macro_f1(gold, gold) == 1.0 and micro_f1(gold, gold) == 1.0
    assert macro_f1(gold, {}) == 0.0 and micro_f1(gold, {}) == 0.0


def test_f1_counts_false_positives():
    gold = {"1": "Armed clash", "2": "Grenade"}
    predicted = {"1": "Armed clash", "2": "Armed clash"}
    scores = per_label_f1(gold, predicted)
    assert scores["Armed clash"] == 2 / 3 and scores["Grenade"] == 0.0
    assert micro_f1(gold, predicted) == 0.5


def test_mapping_targets_acled_sub_types():
    assert set(CASE_TO_ACLED.values()) == set(SUB_TO_TYPE)
    assert all(gold_label(label) == NO_EVENT for label in UNSEEN_LABELS)


def test_label_file_is_fully_mapped(shared):
    text = (shared / "data" / "dev" / "case2021_task2_event_types.txt").read_text(encoding="utf-8")
    labels = set(re.findall(r"^([A-Z][A-Z_]+)\s*$", text, re.M)) - {"EVENT", "TYPES", "TASK"}
    assert labels and labels <= set(CASE_TO_ACLED) | set(UNSEEN_LABELS)


def test_score_on_reference_sample(shared):
    result = score(limit=80)
    assert result.n == 80
    assert 0.3 < result.metrics["macro_f1"] <= 1.0
    assert 0.3 < result.metrics["micro_f1"] <= 1.0
