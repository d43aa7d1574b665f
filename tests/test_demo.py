"""`sitroom demo`: the built-in corpus (an invented flare-up) runs anywhere and shows what sitroom does."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from sitroom.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "src" / "sitroom" / "data" / "demo" / "corpus"


def test_the_corpus_has_every_input_kind_and_is_labelled_invented():
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    suffixes = {p.suffix for p in files}
    assert {".html", ".rss", ".txt", ".jsonl", ".json"} <= suffixes
    titles = re.findall(r"<title>(.*?)</title>", (CORPUS / "feed.rss").read_text(encoding="utf-8"))
    assert titles[0].endswith("(invented)") and all(t.startswith("Invented demo:") for t in titles[1:])
    for page in CORPUS.glob("html/*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Invented demo:" in text and "(invented)" in text, page
    for line in (CORPUS / "feed.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert record["title"].startswith("Invented demo:") and record["outlet"].endswith("(invented)")
    for text_file in CORPUS.glob("scraped/*.txt"):
        body = text_file.read_text(encoding="utf-8")
        assert "Invented demo:" in body and "invented" in body.split("Invented demo:", 1)[1]
    assert any("Reply" in p.read_text(encoding="utf-8") for p in CORPUS.glob("scraped/*.txt"))  # comments left in
    rss_items = (CORPUS / "feed.rss").read_text(encoding="utf-8").count("<item>")
    jsonl_records = len((CORPUS / "feed.jsonl").read_text(encoding="utf-8").splitlines())
    assert 15 <= len([p for p in files if p.suffix in (".html", ".txt")]) + rss_items + jsonl_records <= 25


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    import os
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        code = main(["demo"])
    finally:
        os.chdir(cwd)
    return code, folder


def test_sitroom_demo_writes_the_default_database_and_report(demo_run, capsys):
    code, folder = demo_run
    assert code == 0
    assert (folder / "sitroom-demo.db").is_file() and (folder / "sitroom-demo.html").is_file()
    assert "sitroom situation report" in (folder / "sitroom-demo.html").read_text(encoding="utf-8")


def rows(db: Path, sql: str) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_the_demo_database_shows_the_story(demo_run):
    db = demo_run[1] / "sitroom-demo.db"
    articles = rows(db, "SELECT outlet, duplicate_of FROM articles")
    assert 15 <= len(articles) <= 25
    assert all(outlet and outlet.endswith("(invented)") for outlet, _ in articles)
    assert any(dup for _, dup in articles)  # the syndicated copy
    stances = {json.loads(d)["stance"] for (d,) in rows(db, "SELECT data FROM figures")}
    assert "denied" in stances
    groups = [json.loads(d) for (d,) in rows(db, "SELECT data FROM contradictions WHERE status = 'contested'")]
    toll = [g for g in groups if g["kind"] == "killed"]
    assert toll and len({c["outlet"] for c in toll[0]["claims"]}) >= 2  # two outlets disagree on the toll
    assert len({c["as_of"] for c in toll[0]["claims"]}) >= 2  # a follow-up report
    places = {p for (p,) in rows(db, "SELECT json_extract(data, '$.country') FROM events")}
    assert {"Kyrgyzstan", "Tajikistan"} <= places
    assert rows(db, "SELECT count(*) FROM events WHERE json_extract(data, '$.lat') IS NOT NULL")[0][0] >= 5


def test_a_second_demo_run_changes_nothing(demo_run, capsys):
    db = demo_run[1] / "sitroom-demo.db"
    before = rows(db, "SELECT id FROM articles ORDER BY id"), rows(db, "SELECT id FROM figures ORDER BY id")
    assert main(["demo", "--db", str(db), "--report", str(demo_run[1] / "again.html")]) == 0
    out = capsys.readouterr().out
    assert "sitroom serve --db" in out and "Main incidents" in out
    assert (rows(db, "SELECT id FROM articles ORDER BY id"), rows(db, "SELECT id FROM figures ORDER BY id")) == before


def test_the_readme_first_command_installs_and_runs_the_demo():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    first = re.findall(r"```(?:sh|bash)\n(.+?)\n```", setup, re.S)[0]
    assert "pip install" in first and "sitroom demo" in first.split("#")[0]
