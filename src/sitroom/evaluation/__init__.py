"""Scorers for every stage, each over real reference data.

Each scorer module exposes ``score(path: Path | None = None, limit: int | None = None) -> Score``
returning a :class:`~sitroom.evaluation.score.Score` (its metrics, ``n`` items scored, the referee's
report where there is one). ``path`` None means the default
reference file under ``../shared``. :data:`SCORERS` maps the eval NAME to its module path (and,
after a colon, the function when it is not ``score``).
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

SCORERS: dict[str, str] = {
    "seeds": "sitroom.evaluation.seeds",
    "claims": "sitroom.evaluation.claims",
    "cleaning": "sitroom.evaluation.cleaning",
    "acled": "sitroom.evaluation.acled",
    "acled-world": "sitroom.evaluation.acled:score_world",
    "case2021": "sitroom.evaluation.case2021",
    "geocoding": "sitroom.evaluation.geocoding",
    "dates": "sitroom.evaluation.dates",
    "gva": "sitroom.evaluation.gva",
    "fusion-world": "sitroom.evaluation.fusion_world",
}


def scorer(name: str) -> Callable[..., Any]:
    """The scorer registered as ``name`` ("module" for its ``score``, or "module:function")."""
    module_name, _, function = SCORERS[name].partition(":")
    return getattr(importlib.import_module(module_name), function or "score")
