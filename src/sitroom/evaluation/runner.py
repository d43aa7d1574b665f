"""`sitroom eval`: run the scorers, print one table, write docs/quality.md."""
from __future__ import annotations

import dataclasses
import inspect
import json
import sys
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from sitroom.core import DataMissing
from sitroom.evaluation import SCORERS, scorer
from sitroom.evaluation.quality_doc import render
from sitroom.evaluation.score import Score

DOCS = Path(__file__).resolve().parents[3] / "docs" / "quality.md"


def run_one(name: str, path: str | None, limit: int | None, workers: int = 1) -> Score:
    started = time.perf_counter()
    score = scorer(name)
    extra = {"workers": workers} if workers > 1 and "workers" in inspect.signature(score).parameters else {}
    try:
        result = score(Path(path) if path else None, limit, **extra)
    except DataMissing as exc:
        result = Score.failure(str(exc))
    return dataclasses.replace(result, seconds=round(time.perf_counter() - started, 1))


def shown_rows(score: Score) -> list[tuple[str, str]]:
    """(metric, value as printed) for each reported number but ``n``: floats to three places."""
    return [(metric, f"{value:.3f}" if isinstance(value, float) else str(value))
            for metric, value in score.as_dict().items() if metric != "n"]


def score_table(results: dict[str, Score]) -> Table:
    table = Table(title="sitroom eval")
    for col in ("scorer", "metric", "value", "n", "seconds"):
        table.add_column(col)
    for name, score in results.items():
        if score.error is not None:
            table.add_row(name, "error", score.error, "0", str(score.seconds))
            continue
        for metric, shown in shown_rows(score):
            table.add_row(name, metric, shown, str(score.n), str(score.seconds))
    return table


def markdown(results: dict[str, Score]) -> str:
    lines = ["| scorer | metric | value | n |", "| --- | --- | --- | --- |"]
    for name, score in results.items():
        if score.error is not None:
            lines.append(f"| {name} | error | {score.error} | 0 |")
            continue
        lines += [f"| {name} | {metric} | {shown} | {score.n} |" for metric, shown in shown_rows(score)]
    return "\n".join(lines)


def write_quality_doc(results: dict[str, Score], path: Path = DOCS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(markdown(results), results, date.today().isoformat()), encoding="utf-8")


def run_eval(name: str | None, path: str | None = None, limit: int | None = None, as_json: bool = False,
             write_docs: bool = False, workers: int = 1) -> int:
    names = [name] if name else list(SCORERS)
    results = {n: run_one(n, path, limit, workers) for n in names}
    if as_json:
        out = results[names[0]].as_dict() if name else {n: r.as_dict() for n, r in results.items()}
        print(json.dumps(out, indent=1))
    else:
        console = Console()
        console.print(score_table(results))
        if "seeds" in results and results["seeds"].detail:
            print(results["seeds"].detail, end="")
    if write_docs:
        write_quality_doc(results)
    errors = [n for n, r in results.items() if r.error is not None]
    for n in errors:
        print(f"sitroom: eval {n}: {results[n].error}", file=sys.stderr)
    return 1 if errors and name else 0
