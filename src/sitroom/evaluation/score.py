"""The record every scorer returns: :class:`Score`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Score:
    """What one scorer measured.

    - ``metrics``: the scores by name, in the order they are reported (values as computed: mostly
      floats; the seeds referee gives a few as ints, geocoding counts per corpus as floats).
    - ``n``: the items scored (geocoding counts them as a float, as it always has).
    - ``counts``: further sizes, reported after ``n`` (``n_incidents``, ``n_events``).
    - ``detail``: the referee's own report, printed under the table (seeds, claims).
    - ``failed``: the checks below the referee's own floors (seeds, claims).
    - ``error``: why the scorer could not run (reference data missing); metrics are then empty.
    - ``seconds``: how long the scorer ran, set by the runner.
    """
    metrics: dict[str, float]
    n: int | float
    detail: str = ""
    failed: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    seconds: float | None = None

    @classmethod
    def failure(cls, error: str) -> Score:
        """A scorer that could not run, and why."""
        return cls(metrics={}, n=0, error=error)

    def as_dict(self) -> dict[str, Any]:
        """The flat form ``sitroom eval --json`` prints: the metrics, ``n``, then the counts."""
        return {**self.metrics, "n": self.n, **self.counts}
