"""The quality gate: scores must not fall below the floors pinned in quality_floors.yaml.

Lowering a floor needs an explicit change to that file (reviewed like code). The seeds are
scored by the referee itself (sitroom.evaluation.seeds); reference-set scorers run on a
limited sample here and in full under `sitroom eval`.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitroom.evaluation import scorer

FLOORS = yaml.safe_load((Path(__file__).resolve().parents[1] / "quality_floors.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_scores(shared):
    return scorer("seeds")(None, None)


@pytest.mark.parametrize("check", sorted(FLOORS["seeds"]))
def test_seed_check_meets_pinned_floor(seed_scores, check):
    assert seed_scores.metrics[check] >= FLOORS["seeds"][check] - 1e-9, seed_scores.detail


@pytest.mark.slow  # the full reference sets: minutes (GVA alone ~2)
@pytest.mark.parametrize("name", sorted(k for k in FLOORS if k != "seeds"))
def test_reference_scorer_meets_pinned_floor(shared, name):
    spec = FLOORS[name]
    result = scorer(name)(None, spec.get("limit"))
    assert result.n > 0
    scores = result.metrics
    for metric, floor in spec["floors"].items():
        assert scores[metric] >= floor - 1e-9, f"{name}.{metric} = {scores[metric]:.3f} < floor {floor}"
