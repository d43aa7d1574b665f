"""Several processes on one SQLite database at once (issue 13, case 6): real processes, no crash,
no duplicate, the same database as one process would have made."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitroom.export._tables import table_rows
from sitroom.pipeline import run
from sitroom.store import open_store
from test_reliability import story

SRC = Path(__file__).resolve().parents[1] / "src"


def snapshot(db: Path) -> dict:
    with open_store(db) as store:
        tables = {t: sorted(r["id"] for r in table_rows(store, t))
                  for t in ("articles", "figures", "events", "contradictions")}
        tables["mentions"] = sorted(m.id for m in store.mentions())
        tables["bodies"] = sorted((a.id, a.body) for a in store.articles())
    return tables


def sitroom(*argv: object, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen([sys.executable, "-m", "sitroom.cli", *map(str, argv)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_6_two_runs_of_the_same_corpus_on_one_database_at_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"{n}.txt").write_text(story(n), encoding="utf-8")
    with open_store(tmp_path / "alone.db") as store:
        run([corpus], store)
    db = tmp_path / "shared.db"
    procs = [sitroom("run", corpus, "--db", db, "--report", tmp_path / f"r{n}.html", "--quiet", cwd=tmp_path)
             for n in range(2)]  # --quiet: stderr holds nothing but errors
    for p in procs:
        code, (out, err) = p.wait(timeout=300), p.communicate()
        assert code == 0 and err.strip() == "", err
    assert snapshot(db) == snapshot(tmp_path / "alone.db")
    with open_store(db) as store:
        again = run([corpus], store)
        assert again.ingest.added == [] and again.ingest.unchanged == 6 and again.extracted == 0
