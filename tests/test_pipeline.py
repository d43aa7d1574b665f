"""The whole pipeline on the real seeds: idempotent, order-independent, nothing lost."""
from __future__ import annotations

import pytest

from sitroom.export._tables import table_rows
from sitroom.pipeline import run
from sitroom.store._sqlite import open_store


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


SHOOTING = """Gunman kills two at Lafayette theater

LAFAYETTE, La. — A gunman opened fire inside the Grand 16 theater in Lafayette on Thursday night, killing two people \
and wounding nine others before killing himself, police said.

Police identified the gunman as John Russell Houser, 59. The victims were Mayci Breaux, 21, and Jillian Johnson, 33. \
Breaux studied at the university; Johnson ran a clothing store.
"""
VIGIL = """Lafayette theater victims remembered by their families

LAFAYETTE, La. — Relatives spoke on Saturday about Mayci Breaux and Jillian Johnson. Breaux had \
planned to study radiology, her family said, and Johnson played in a band. Investigators are still looking into why \
John Russell Houser chose the theater. Houser had a history of mental illness.
"""
RECIPE = """Harvest fair opens in Lafayette with pies and music

LAFAYETTE, La. — The harvest fair opened on Saturday with pies, music and a tractor parade. Organisers expect \
thousands of visitors before it closes on Sunday.
"""


def test_a_report_with_no_typed_incident_joins_the_incident_it_tells_of_as_a_source(tmp_path):
    for name, text, day in (("shooting", SHOOTING, "2015-07-24"), ("vigil", VIGIL, "2015-07-26"),
                            ("fair", RECIPE, "2015-07-26")):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.meta.json").write_text(f'{{"published": "{day}", "outlet": "{name}"}}', encoding="utf-8")
    with open_store(tmp_path / "s.db") as store:
        run(sorted(tmp_path.glob("*.txt")), store)
        outlet = {a.id: a.outlet for a in store.articles()}
        untyped = [m for m in store.mentions() if not m.type]
        assert sorted(outlet[m.article_id] for m in untyped) == ["fair", "vigil"]  # no incident typed in either
        events = table_rows(store, "events")
        assert len(events) == 1  # the fair is no incident: it makes no event of its own
        (event,) = events
        assert event["type"] == "Violence against civilians" and event["fatalities_best"] == 2
        assert sorted(outlet[a] for a in event["article_ids"]) == ["shooting", "vigil"]
        first = snapshot(store)
        run(sorted(tmp_path.glob("*.txt")), store)  # the same corpus again: nothing changes
        assert snapshot(store) == first
    with open_store(tmp_path / "reversed.db") as store:  # nor does the order the files come in
        run(sorted(tmp_path.glob("*.txt"), reverse=True), store)
        assert [e["id"] for e in snapshot(store)["events"]] == [e["id"] for e in first["events"]]
