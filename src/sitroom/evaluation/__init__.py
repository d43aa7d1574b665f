"""Scorers for every stage, each over real reference data.

Each scorer module exposes ``score(path: Path | None = None, limit: int | None = None) -> dict``
returning a flat dict of scores plus ``n`` (items scored). ``path`` None means the default
reference file under ``../shared``. :data:`SCORERS` maps the eval NAME to its module path.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

SCORERS: dict[str, str] = {
    "seeds": "sitroom.evaluation.seeds",
    "claims": "sitroom.evaluation.claims",
    "cleaning": "sitroom.evaluation.cleaning",
    "acled": "sitroom.evaluation.acled",
    "case2021": "sitroom.evaluation.case2021",
    "geocoding": "sitroom.evaluation.geocoding",
    "dates": "sitroom.evaluation.dates",
    "gva": "sitroom.evaluation.gva",
    "fusion-world": "sitroom.evaluation.fusion_world",
}


def scorer(name: str) -> Callable[..., dict[str, Any]]:
    module = importlib.import_module(SCORERS[name])
    return module.score
