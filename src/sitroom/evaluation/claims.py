"""The news-claims scorer: figures as sourced claims on 30 dev news documents, scored by the referee.

Writes the documents of ../shared/gold/news_claims.yaml as JSONL (the referee's own loader builds
them from ../shared/data/dev), runs the pipeline on them into a temporary database, exports the
articles, figures and contradictions tables and hands them to ../shared/tools/score_claims.py
(imported, not re-implemented), so ``sitroom eval claims`` agrees with
``score_claims.py --run`` number for number. ``path`` may name another gold file of that format.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import ModuleType

from sitroom.evaluation.paths import load_referee
from sitroom.evaluation.score import Score
from sitroom.export import export_table
from sitroom.pipeline import run
from sitroom.store import open_store


def export_claims(referee: ModuleType, gold: dict, out: Path) -> None:
    """The gold's documents as one JSONL feed, run through sitroom, the referee's tables exported."""
    feed = out / "news_claims.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for doc in referee.load_docs(gold):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with open_store(out / "news_claims.db") as store:
        run([feed], store)
        for table in referee.TABLES:
            with open(out / f"{table}.jsonl", "w", encoding="utf-8") as fh:
                export_table(store, table, "jsonl", fh)


def score(path: Path | None = None, limit: int | None = None) -> Score:
    referee = load_referee("score_claims")
    gold = referee.load_gold(Path(path)) if path else referee.load_gold()
    with tempfile.TemporaryDirectory(prefix="sitroom-claims-") as tmp:
        export_claims(referee, gold, Path(tmp))
        result = referee.score(gold, referee.read_exports(Path(tmp)))
    return Score(metrics=dict(result["scores"]), n=result["counts"]["required"],
                 detail="\n".join(referee.report(result)) + "\n", failed=tuple(referee.failed(result)))
