"""The seeds scorer: every check of ../shared/gold/seeds.yaml, scored by the referee itself.

Runs the pipeline on ../shared/seeds into a temporary database, exports the four contract
tables as JSONL and hands them to ../shared/tools/score_seeds.py (imported, not re-implemented),
so ``sitroom eval seeds`` agrees with the referee number for number. ``path`` may name another
seeds folder laid out the same way (the gold is the referee's).
"""
from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from types import ModuleType

from sitroom.evaluation.paths import load_referee
from sitroom.evaluation.score import Score
from sitroom.export import export_table
from sitroom.pipeline import run
from sitroom.store import open_store

TABLES = ("articles", "figures", "events", "contradictions")


def export_seeds(seeds: Path, out: Path) -> None:
    """Run sitroom on the seeds folder and export the contract tables as JSONL into ``out``."""
    with open_store(out / "seeds.db") as store:
        run([seeds], store)
        for table in TABLES:
            with open(out / f"{table}.jsonl", "w", encoding="utf-8") as fh:
                export_table(store, table, "jsonl", fh)


def score_exports(referee: ModuleType, out: Path) -> tuple[dict[str, float], str]:
    import yaml

    gold = yaml.safe_load(referee.GOLD.read_text(encoding="utf-8"))
    rows = {t: referee.load_jsonl(out / f"{t}.jsonl") for t in TABLES}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        card = referee.Card()
        by_doc = referee.score_articles(card, gold, rows["articles"])
        referee.score_figures(card, gold, rows["figures"], by_doc)
        referee.score_events(card, gold, rows["events"], by_doc, False, rows["contradictions"], rows["figures"])
        referee.score_events(card, gold, rows["events"], by_doc, True, rows["contradictions"], rows["figures"])
    return dict(card.rows), printed.getvalue()


def score(path: Path | None = None, limit: int | None = None) -> Score:
    referee = load_referee("score_seeds")
    seeds = Path(path) if path else referee.SEEDS
    with tempfile.TemporaryDirectory(prefix="sitroom-seeds-") as tmp:
        export_seeds(seeds, Path(tmp))
        scores, detail = score_exports(referee, Path(tmp))
    failed = tuple(n for n, v in scores.items() if n in referee.FLOORS and v < referee.FLOORS[n] - 1e-9)
    return Score(metrics=scores, n=len(scores), detail=detail, failed=failed)
