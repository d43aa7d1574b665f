from __future__ import annotations

import sqlite3

from sitroom.core._records import Article, EventMention, Figure, Place, Rejection
from sitroom.store._sqlite import MIGRATIONS, open_store


def article(n: int, body: str = "Shelling was reported near the border.") -> Article:
    return Article(id=f"a{n}", source=f"file{n}.txt", body=f"{body} ({n})", title=f"Title {n}", removed=("Share this",))


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
