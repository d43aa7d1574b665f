from __future__ import annotations

import json
import sqlite3

from sitroom.core._records import (
    Article,
    Claim,
    Contradiction,
    EventMention,
    Figure,
    Place,
    Rejection,
    RemovedLine,
    to_dict,
)
from sitroom.store._sqlite import MIGRATIONS, open_store


def article(n: int, body: str = "Shelling was reported near the border.") -> Article:
    return Article(id=f"a{n}", source=f"file{n}.txt", body=f"{body} ({n})", title=f"Title {n}",
                   removed=(RemovedLine("Share this", "share prompt"),))


def test_migrations_are_recorded_and_wal_is_on(tmp_path):
    db = tmp_path / "x.db"
    with open_store(db) as store:
        assert store.schema_version() == MIGRATIONS[-1][0]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in con.execute("SELECT version FROM schema_migrations")] == [m[0] for m in MIGRATIONS]
    with open_store(db) as store:  # reopening migrates nothing twice
        assert store.schema_version() == MIGRATIONS[-1][0]


def test_article_round_trip_and_idempotent_insert(tmp_path):
    with open_store(tmp_path / "x.db") as store:
        a = article(1)
        assert store.add_article(a) is True
        assert store.add_article(a) is False
        assert store.articles() == [a]
        assert store.counts()["articles"] == 1


def test_full_text_search_finds_body_words(tmp_path):
    with open_store(tmp_path / "x.db") as store:
        store.add_article(article(1, "Drone strike on a convoy"))
        store.add_article(article(2, "Talks on prisoner exchange"))
        hits = store.search("prisoner")
        assert [h[0] for h in hits] == ["a2"]


def test_failed_transaction_leaves_no_half_written_article(tmp_path):
    with open_store(tmp_path / "x.db") as store:
        store.add_article(article(1))
        store.db.execute("DROP TABLE articles_fts")  # the second write of add_article will fail
        try:
            store.add_article(article(2))
        except sqlite3.Error:
            pass
        assert [a.id for a in store.articles()] == ["a1"]


def test_extraction_replaced_per_article(tmp_path):
    fig = Figure(id="a1-f1", article_id="a1", kind="killed", party="Armenia", value=3.0, low=None, high=None,
                 qualifier="exact", text="Three", sentence="Three soldiers were killed.", start=0, end=5)
    place = Place(name="Nngi", lat=39.9, lon=46.8, country="Azerbaijan", country_code="AZ", admin1=None)
    men = EventMention(id="a1-m1", article_id="a1", type="Battles", sub_type="Armed clash", date="2020-12-11",
                       date_precision="day", sentence="x", start=0, end=1, place=place, actors=("A", "B"))
    with open_store(tmp_path / "x.db") as store:
        store.save_extraction("a1", "v1", [fig], [men])
        store.save_extraction("a1", "v1", [fig], [men])
        assert store.figures() == [fig]
        assert store.mentions() == [men]
        assert store.extracted_versions() == {"a1": "v1"}


def test_rejections_are_stored_once_per_source_and_stage(tmp_path):
    with open_store(tmp_path / "x.db") as store:
        store.record_rejection(Rejection("bad.txt", "ingest", "empty file"))
        store.record_rejection(Rejection("bad.txt", "ingest", "empty file"))
        assert store.rejections() == [Rejection("bad.txt", "ingest", "empty file")]


def test_extraction_on_a_local_dask_cluster_matches_the_serial_result():
    from sitroom.pipeline import map_extraction

    articles = [Article(id=f"a{n}", source=f"{n}.txt",
                        body=f"On December {n}, 2020, {n + 2} soldiers were killed in shelling near the village.")
                for n in range(1, 4)]
    serial = map_extraction(articles)
    parallel = map_extraction(articles, workers=2)
    assert [type(r).__name__ for r in parallel] == [type(r).__name__ for r in serial]
    assert parallel == serial


def test_contradiction_claims_round_trip_as_claim_records(tmp_path):
    claims = (Claim(figure_id="f1", value=3.0, article_id="a1", outlet="OC Media", as_of="2020-12-11"),
              Claim(figure_id="f2", value=None, low=2.0, high=5.0, qualifier="range", article_id="a2",
                    claimant="the ministry", stance="confirmed", superseded=True))
    c = Contradiction("c1", "Armenia killed", "killed", "Armenia", ("f1", "f2"), (3, "2-5"), "contested",
                      claims=claims)
    with open_store(tmp_path / "x.db") as store:
        store.save_fusion([], [], [c], [])
        assert store.contradictions() == [c]
        row = json.loads(store.db.execute("SELECT data FROM contradictions").fetchone()[0])
    assert row == json.loads(json.dumps(to_dict(c)))
    assert list(row["claims"][0]) == ["figure_id", "value", "low", "high", "qualifier", "text", "claimant",
                                      "stance", "outlet", "as_of", "article_id", "part", "superseded",
                                      "scope", "period_start"]


def test_claims_stored_by_an_older_version_still_load(tmp_path):
    old = {"id": "c1", "about": "x", "kind": "killed", "party": None, "figure_ids": ["f1"], "values": [3],
           "status": "consistent", "claims": [{"figure_id": "f1", "value": 3, "claimant": None,
                                                "stance": "asserted", "outlet": "X", "as_of": None,
                                                "article_id": "a1"}]}
    with open_store(tmp_path / "x.db") as store:
        store.db.execute("INSERT INTO contradictions(id, kind, status, data) VALUES (?,?,?,?)",
                         ("c1", "killed", "consistent", json.dumps(old)))
        (loaded,) = store.contradictions()
    assert loaded.claims == (Claim(figure_id="f1", value=3, article_id="a1", outlet="X"),)


def test_removed_lines_are_stored_as_the_line_strings_with_their_rules_beside(tmp_path):
    with open_store(tmp_path / "x.db") as store:
        store.add_article(article(1))
        row = json.loads(store.db.execute("SELECT data FROM articles").fetchone()[0])
    assert row["removed"] == ["Share this"] and row["removed_reasons"] == ["share prompt"]
    assert list(row)[-3:] == ["duplicate_of", "removed", "removed_reasons"]


def test_articles_stored_in_either_form_load(tmp_path):
    flat = {"id": "a1", "source": "f.txt", "body": "b", "removed": ["Share this", "Comments"],
            "removed_reasons": ["share prompt", "comments"]}
    nested = {"id": "a2", "source": "g.txt", "body": "c", "removed": [{"text": "Share this", "reason": "share"}]}
    bare = {"id": "a3", "source": "h.txt", "body": "d", "removed": ["Share this"]}
    with open_store(tmp_path / "x.db") as store:
        for data in (flat, nested, bare):
            store.db.execute("INSERT INTO articles(id, source, title, body, duplicate_of, data) VALUES (?,?,?,?,?,?)",
                             (data["id"], data["source"], None, data["body"], None, json.dumps(data)))
        loaded = {a.id: a.removed for a in store.articles()}
    assert loaded == {"a1": (RemovedLine("Share this", "share prompt"), RemovedLine("Comments", "comments")),
                      "a2": (RemovedLine("Share this", "share"),), "a3": (RemovedLine("Share this", ""),)}


def test_a_database_from_before_the_dedup_index_gets_it_and_its_articles_are_indexed(tmp_path):
    from sitroom.pipeline import ingest

    story = ("Azerbaijani forces shelled the village overnight and three soldiers were wounded, the defence ministry "
             "said on Monday. Residents fled to the regional capital as the shelling continued into the morning.")
    db = tmp_path / "old.db"
    (tmp_path / "page.txt").write_text(story + "\n\nLeave a reply. " + "Comment text here. " * 30, encoding="utf-8")
    with open_store(db) as store:
        store.add_article(Article(id="a-old", source="old.txt", body=story))
    con = sqlite3.connect(db)  # as a version-2 database was: no index tables
    con.executescript("DROP TABLE minhash_bands; DROP TABLE minhash_articles; DROP INDEX articles_url;"
                      " DROP INDEX articles_external_id; DELETE FROM schema_migrations WHERE version = 3;")
    con.close()
    with open_store(db) as store:
        assert store.schema_version() == 3 and [a.id for a in store.unbanded_articles()] == ["a-old"]
        report = ingest([tmp_path / "page.txt"], store)
        assert len(report.added) == 1 and store.unbanded_articles() == []
        linked = {a.id: a.duplicate_of for a in store.articles()}
        assert linked["a-old"] == report.added[0].id  # the old article, indexed now, was found as a copy
