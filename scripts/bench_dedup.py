"""Benchmark: the dedup stage of ingesting 100 articles into a store of ~2,800 GVA dev articles.

Writes the GVA dev articles (../shared/data/dev/gva/articles.jsonl) as text files into a temporary
folder, ingests all but the last 100 into a fresh database (``--db``: a file path, default a
temporary SQLite file, or a ``postgresql://`` URL of an empty database), then ingests the last 100
and prints the wall-clock seconds of that run's dedup stage (``IngestReport.timings["dedup"]``).
Usage: ``.venv/bin/python scripts/bench_dedup.py [--db URL] [--batch 100]``.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sitroom.pipeline import ingest
from sitroom.store import open_store

ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "dev" / "gva" / "articles.jsonl"


def write_texts(folder: Path) -> list[Path]:
    """One text file per GVA article with a body, in the file's order."""
    paths = []
    for n, line in enumerate(ARTICLES.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        if (row.get("content") or "").strip():
            path = folder / f"{n:05d}.txt"
            path.write_text(row["content"], encoding="utf-8")
            paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_texts(Path(tmp))
        db = args.db or str(Path(tmp) / "bench.db")
        with open_store(db) as store:
            started = time.perf_counter()
            first = ingest(paths[:-args.batch], store)
            print(f"store: {len(first.added)} articles added in {time.perf_counter() - started:.1f} s")
            second = ingest(paths[-args.batch:], store)
            print(f"batch of {args.batch}: {len(second.added)} added ({second.duplicates} duplicates); "
                  f"dedup stage {second.timings['dedup']:.3f} s; whole ingest "
                  f"{sum(second.timings.values()):.2f} s")


if __name__ == "__main__":
    main()
