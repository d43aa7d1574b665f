"""The whole pipeline on the real seeds: idempotent, order-independent, nothing lost."""
from __future__ import annotations

import pytest

from sitroom.export import table_rows
from sitroom.pipeline import run
from sitroom.store import open_store


def snapshot(store) -> dict[str, list[dict]]:
    return {t: sorted(table_rows(store, t), key=lambda r: r["id"]) for t in ("articles", "events", "contradictions")}


@pytest.fixture(scope="module")
def seed_files(seeds_dir):
    return sorted(seeds_dir.glob("*.txt"))


def test_running_twice_on_the_same_corpus_changes_nothing(seed_files, tmp_path):
    with open_store(tmp_path / "a.db") as store:
        run(seed_files, store)
        first = snapshot(store)
        again = run(seed_files, store)
        assert again.ingest.added == [] and again.extracted == 0
        assert snapshot(store) == first
        assert first["events"], "the seeds report incidents"


def test_events_do_not_depend_on_input_order(seed_files, tmp_path):
    with open_store(tmp_path / "forward.db") as forward, open_store(tmp_path / "backward.db") as backward:
        run(seed_files, forward)
        run(list(reversed(seed_files)), backward)
        a, b = snapshot(forward), snapshot(backward)
        assert [e["id"] for e in a["events"]] == [e["id"] for e in b["events"]]
        assert a["contradictions"] == b["contradictions"]


def test_ingesting_in_two_batches_keeps_everything_once(seed_files, tmp_path):
    with open_store(tmp_path / "split.db") as store:
        run(seed_files[:2], store)
        run(seed_files, store)
        ids = [a["id"] for a in table_rows(store, "articles")]
        assert len(ids) == len(set(ids)) == len(seed_files)
        linked = [a for a in table_rows(store, "articles") if a["duplicate_of"]]
        assert len(linked) == 1


def test_every_figure_and_mention_points_at_its_evidence_in_the_body(seed_files, tmp_path):
    with open_store(tmp_path / "e.db") as store:
        run(seed_files, store)
        bodies = {a.id: a.body for a in store.articles()}
        figures, mentions = store.figures(), store.mentions()
        assert figures and mentions
        for f in figures:
            assert bodies[f.article_id][f.start:f.end] == f.text
            assert f.sentence in bodies[f.article_id]
        for m in mentions:
            assert m.sentence.startswith(bodies[m.article_id][m.start:m.end][:40])
