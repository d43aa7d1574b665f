"""`sitroom eval`: run the scorers, print one table, write docs/quality.md."""
from __future__ import annotations

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

DOCS = Path(__file__).resolve().parents[3] / "docs" / "quality.md"


def public(scores: dict) -> dict:
    return {k: v for k, v in scores.items() if not k.startswith("_")}


def run_one(name: str, path: str | None, limit: int | None, workers: int = 1) -> dict:
    started = time.perf_counter()
    score = scorer(name)
    extra = {"workers": workers} if workers > 1 and "workers" in inspect.signature(score).parameters else {}
    try:
        scores = score(Path(path) if path else None, limit, **extra)
    except DataMissing as exc:
        scores = {"_error": str(exc), "n": 0}
    scores["_seconds"] = round(time.perf_counter() - started, 1)
    return scores


def score_table(results: dict[str, dict]) -> Table:
    table = Table(title="sitroom eval")
    for col in ("scorer", "metric", "value", "n", "seconds"):
        table.add_column(col)
    for name, scores in results.items():
        if "_error" in scores:
            table.add_row(name, "error", scores["_error"], "0", str(scores["_seconds"]))
            continue
        for metric, value in public(scores).items():
            if metric == "n":
                continue
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            table.add_row(name, metric, shown, str(scores.get("n", "")), str(scores["_seconds"]))
    return table


def markdown(results: dict[str, dict]) -> str:
    lines = ["| scorer | metric | value | n |", "| --- | --- | --- | --- |"]
    for name, scores in results.items():
        if "_error" in scores:
            lines.append(f"| {name} | error | {scores['_error']} | 0 |")
            continue
        for metric, value in public(scores).items():
            if metric != "n":
                shown = f"{value:.3f}" if isinstance(value, float) else str(value)
                lines.append(f"| {name} | {metric} | {shown} | {scores.get('n', '')} |")
    return "\n".join(lines)


def write_quality_doc(results: dict[str, dict], path: Path = DOCS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(markdown(results), results, date.today().isoformat()), encoding="utf-8")


def run_eval(name: str | None, path: str | None = None, limit: int | None = None, as_json: bool = False,
             write_docs: bool = False, workers: int = 1) -> int:
    names = [name] if name else list(SCORERS)
    results = {n: run_one(n, path, limit, workers) for n in names}
    if as_json:
        out = public(results[names[0]]) if name else {n: public(r) for n, r in results.items()}
        print(json.dumps(out, indent=1))
    else:
        console = Console()
        console.print(score_table(results))
        if "seeds" in results and results["seeds"].get("_detail"):
            print(results["seeds"]["_detail"], end="")
    if write_docs:
        write_quality_doc(results)
    errors = [n for n, r in results.items() if "_error" in r]
    for n in errors:
        print(f"sitroom: eval {n}: {results[n]['_error']}", file=sys.stderr)
    return 1 if errors and name else 0
