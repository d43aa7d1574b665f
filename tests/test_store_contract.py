"""The storage contract, run on both back-ends: SQLite (a file) and PostgreSQL (a throw-away server,
see tests/postgres_server.py; those cases skip with the reason when no server can be had)."""
from __future__ import annotations

import multiprocessing
import re
from dataclasses import replace
from itertools import count

import postgres_server
import pytest

from sitroom.clean import article_id_for, band_keys, link_duplicates, stored_neighbours
from sitroom.core._records import (
    Article,
    Claim,
    Contradiction,
    Event,
    EventMention,
    Figure,
    Place,
    Rejection,
    TimelineEntry,
)
from sitroom.pipeline import ingest
from sitroom.store import open_store

STORY = ("Azerbaijani forces shelled the village of Talish overnight and three soldiers were wounded, the defence "
         "ministry said on Monday. Residents fled to the regional capital as the shelling continued into the "
         "morning, and local officials asked for an independent investigation of the attack on the school.")
OTHER = ("Protesters gathered outside parliament in Yerevan demanding the release of detained journalists; police "
         "used tear gas and arrested twelve people, according to a rights group that monitored the rally.")
WORKER_ARTICLES = 40  # per writer process; half of them are also written by the other process
DATABASES = count()


@pytest.fixture(scope="session")
def postgres_admin():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    try:
        url, server = postgres_server.start()
    except postgres_server.Unavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield url
    if server is not None:
        server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    """What ``--db`` would say: a SQLite file path, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "contract.db")
    admin = request.getfixturevalue("postgres_admin")
    return postgres_server.database_url(admin, f"sitroom_test_{next(DATABASES)}")


def article(body: str, source: str = "a.txt", **meta) -> Article:
    return Article(id=article_id_for(body), source=source, body=body, **meta)


def numbered(n: int) -> Article:
    return article(f"{OTHER} Report number {n} of the series names district {n * 7}.", source=f"r{n}.txt")


def test_adding_an_article_twice_stores_it_once(target):
    a = article(STORY, outlet="The Weekly", removed=(), published="2020-10-05")
    with open_store(target) as store:
        assert store.add_article(a) is True
        assert store.add_article(a) is False
        assert store.add_article(replace(a, title="Another title")) is False
        assert store.articles() == [a]
        assert store.counts()["articles"] == 1
    with open_store(target) as store:  # reopening migrates nothing twice and keeps the row
        assert store.articles() == [a] and store.schema_version() == 3


def test_articles_come_back_in_insertion_order_and_by_id_and_origin(target):
    items = [numbered(n) for n in (5, 1, 3)]
    items[1] = replace(items[1], url="https://example.org/1", external_id="rec-1")
    with open_store(target) as store:
        for a in items:
            store.add_article(a)
        assert [a.id for a in store.articles()] == [a.id for a in items]
        assert store.articles_by_id([items[2].id, "missing"]) == [items[2]]
        assert store.articles_by_origin(["https://example.org/1"], []) == [items[1]]
        assert store.articles_by_origin([], ["rec-1", "rec-9"]) == [items[1]]
        store.update_article(replace(items[0], title="Village shelled", duplicate_of=items[2].id))
        assert store.articles_by_id([items[0].id])[0].title == "Village shelled"


def test_an_extraction_is_read_back_equal_and_replaced_whole(target):
    a = article(STORY)
    figure = Figure(id="f1", article_id=a.id, kind="wounded", party="Armenia", value=3.0, low=None, high=None,
                    qualifier="exact", text="three", sentence=STORY.split(",")[0], start=72, end=77)
    place = Place(name="Talish", lat=40.1, lon=46.6, country="Azerbaijan", country_code="AZ", admin1=None)
    mention = EventMention(id="m1", article_id=a.id, type="Explosions/Remote violence", sub_type="Shelling",
                           date="2020-10-05", date_precision="day", sentence=STORY.split(",")[0], start=0, end=40,
                           place=place, actors=("Military Forces of Azerbaijan",))
    with open_store(target) as store:
        store.add_article(a)
        store.save_extraction(a.id, "v1", [figure], [mention])
        assert store.figures() == [figure] and store.mentions() == [mention]
        assert store.extracted_versions() == {a.id: "v1"}
        store.save_extraction(a.id, "v2", [replace(figure, id="f2", value=4)], [])
        assert [(f.id, f.value) for f in store.figures()] == [("f2", 4)] and store.mentions() == []
        assert store.extracted_versions() == {a.id: "v2"}
        store.drop_extraction([a.id])
        assert store.figures() == [] and store.extracted_versions() == {}


def test_a_fusion_saved_against_an_old_revision_is_refused(target):
    event = Event(id="e1", type="Explosions/Remote violence", sub_type="Shelling", date="2020-10-05",
                  date_end=None, date_precision="day", place="Talish", country="Azerbaijan", admin1=None, lat=40.1,
                  lon=46.6, geo_precision="exact", actors=("Military Forces of Azerbaijan",), fatalities_low=0,
                  fatalities_best=0, fatalities_high=0, article_ids=("a1",), figure_ids=(), summary="Shelling")
    contradiction = Contradiction("c1", "Armenia wounded", "wounded", "Armenia", ("f1", "f2"), (3, 4), "contested",
                                  claims=(Claim(figure_id="f1", value=3.0, article_id="a1"),))
    entry = TimelineEntry(date="2020-10-05", date_precision="day", label="shelled", event_id="e1",
                          article_ids=("a1",))
    with open_store(target) as store, open_store(target) as other:
        seen = store.revision()
        other.add_article(article(STORY))  # another process writes meanwhile
        assert store.revision() != seen
        assert store.save_fusion([event], [], [contradiction], [], revision=seen) is False
        assert store.events() == []
        assert store.save_fusion([event], [], [contradiction], [entry], revision=store.revision()) is True
        assert other.events() == [event] and other.contradictions() == [contradiction]
        assert other.timeline() == [entry]


def test_rejections_are_recorded_once_per_source_and_stage(target):
    with open_store(target) as store:
        store.record_rejection(Rejection("bad.html", "read", "not HTML"))
        store.record_rejection(Rejection("bad.html", "read", "empty after cleaning"))
        store.record_rejection(Rejection("bad.html", "extract", "too long"))
        assert sorted(store.rejections(), key=lambda r: r.stage) == [
            Rejection("bad.html", "extract", "too long"), Rejection("bad.html", "read", "empty after cleaning")]
        assert store.counts()["rejections"] == 2


def test_the_minhash_index_finds_articles_by_band_key_and_forgets_duplicates(target):
    story, other = article(STORY), article(OTHER, source="b.txt")
    with open_store(target) as store:
        store.add_article(story, band_keys(story.body))
        store.add_article(other)  # stored without band keys
        assert [a.id for a in store.unbanded_articles()] == [other.id]
        store.save_bands(other.id, band_keys(other.body))
        assert store.unbanded_articles() == []
        copy_keys = band_keys(STORY + " Leave a reply.")
        assert {i for i, _ in store.band_candidates(copy_keys)} == {story.id}
        assert all(key in copy_keys for _, key in store.band_candidates(copy_keys))
        assert {a.id for a in store.pending_articles()} == {story.id, other.id}
        store.settle_bands([story.id, other.id])
        assert store.pending_articles() == []
        store.update_article(replace(story, duplicate_of=other.id))
        assert store.band_candidates(copy_keys) == []


def test_ingest_links_a_copy_through_the_index_on_both_back_ends(target, tmp_path):
    (tmp_path / "clean.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "page.txt").write_text(STORY + "\n\nLeave a reply. " + "Comment text here. " * 30, encoding="utf-8")
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    with open_store(target) as store:
        first = ingest([tmp_path / "clean.txt", tmp_path / "other.txt"], store)
        assert len(first.added) == 2 and first.duplicates == 0
        second = ingest([tmp_path / "page.txt"], store)
        assert len(second.added) == 1
        linked = {a.source.rsplit("/", 1)[-1]: a for a in store.articles()}
        # the longer page is the best copy (neither has metadata): the stored clean copy points at it
        assert linked["clean.txt"].duplicate_of == linked["page.txt"].id and linked["page.txt"].duplicate_of is None
        assert linked["other.txt"].duplicate_of is None
        assert store.pending_articles() == []  # each run was alone: its own articles were checked at once


def test_copies_stored_at_once_by_two_workers_are_linked_by_the_next_run(target):
    """Two workers each stored one copy without seeing the other's (both pending): the next dedup,
    of an unrelated batch, links them as dedup over every stored article would."""
    clean, page = article(STORY, outlet="The Weekly"), article(STORY + " Leave a reply. " * 3, source="page.txt")
    with open_store(target) as store:
        for a in (clean, page):
            store.add_article(a, band_keys(a.body))
        batch = [article(OTHER, source="c.txt")]
        neighbours = stored_neighbours(batch, store)
        via_index = link_duplicates(batch, neighbours.stored)
        assert via_index == link_duplicates(batch, store.articles())
        assert {a.id for a in via_index.updated} == {page.id}
        assert set(neighbours.checked) == {clean.id, page.id}


def write_articles(target: str, first: int) -> None:
    """One writer process: its own articles, half of which the other writer also writes."""
    with open_store(target) as store:
        for n in range(first, first + WORKER_ARTICLES):
            a = numbered(n)
            if store.add_article(a, band_keys(a.body)):
                store.save_extraction(a.id, f"w{first}", [], [])


def test_two_processes_writing_at_once_neither_lose_nor_duplicate_rows(target):
    with open_store(target):
        pass  # migrated before the writers start, as the CLI does on the first command
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=write_articles, args=(target, first)) for first in (0, WORKER_ARTICLES // 2)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    expected = {numbered(n).id for n in range(WORKER_ARTICLES * 3 // 2)}
    with open_store(target) as store:
        ids = [a.id for a in store.articles()]
        assert len(ids) == len(set(ids)) and set(ids) == expected
        assert set(store.extracted_versions()) == expected
        assert store.revision() == 2 * len(expected)  # one bump per article and per extraction: none lost
        keys = [k for a in store.articles() for k in band_keys(a.body)]
        assert {i for i, _ in store.band_candidates(keys)} == expected


def test_a_postgres_url_without_a_server_is_a_one_line_store_error():
    pytest.importorskip("psycopg")
    from sitroom.core import StoreError

    with pytest.raises(StoreError) as caught:
        open_store("postgresql://nobody:secret@/nowhere?host=/nonexistent-socket-dir")
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message and re.search(r"cannot open database", message)


def test_the_cli_ingests_and_exports_with_either_kind_of_db(target, tmp_path, capsys):
    from sitroom.cli import main

    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert main(["ingest", "--db", target, "--published", "2020-10-05", str(tmp_path / "story.txt")]) == 0
    capsys.readouterr()
    assert main(["export", "--db", target, "--table", "articles", "--format", "jsonl"]) == 0
    assert '"body": "Azerbaijani forces shelled' in capsys.readouterr().out


def test_serve_says_in_one_line_that_it_reads_sqlite_only(capsys):
    from sitroom.cli import main

    assert main(["serve", "--db", "postgresql://sitroom@/events"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "SQLite databases only" in err and "PostgreSQL" in err
