"""Hostile inputs (issue 13): each test makes its input itself and checks the one-line message,
the exit status and what is stored. See docs/reliability.md."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path

import pytest

from sitroom.cli import main
from sitroom.clean import article_id_for
from sitroom.core import Limits, UsageError, limits
from sitroom.export._tables import csv_cell, table_rows
from sitroom.ingest._readers import normalise_date
from sitroom.pipeline import extract_pending, ingest, run
from sitroom.progress import PLAIN_LINE
from sitroom.store import open_store

PLACES = ("Martakert", "Hadrut", "Askeran", "Shusha", "Lachin", "Kelbajar", "Fizuli", "Jabrayil")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday")


def story(n: int) -> str:
    """A short report, different words for each ``n`` (so that no two are near-duplicates)."""
    place, day = PLACES[n % len(PLACES)], WEEKDAYS[n % len(WEEKDAYS)]
    return (f"{n + 2} soldiers were killed and {n + 5} wounded when artillery shells hit a checkpoint near "
            f"{place} on {day}, October {n + 1}, 2020, the defence ministry said.\n"
            f"Report {n}: officials in {place} said the shelling of district {n * 7 + 3} lasted {n + 2} hours "
            f"and damaged {n * 3 + 4} houses, a school and the road to the regional centre number {n}.\n"
            f"Residents of {place} quarter {n * 11 + 1} described convoy {n * 13 + 2} leaving at dawn.")


def cli(capsys, *argv: str) -> tuple[int, str, list[str]]:
    """Run the command; (exit status, stdout, stderr lines other than the per-stage progress lines)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.strip() and not PLAIN_LINE.match(line)]


def articles_in(db: Path) -> list[dict]:
    with open_store(db) as store:
        return table_rows(store, "articles")


def assert_no_internal_error(lines: list[str]) -> None:
    assert not [line for line in lines if "internal error" in line], lines


# ---------------------------------------------------------------- 1: dates out of range


def test_1_published_out_of_range_is_read_as_missing_and_the_batch_is_stored(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = [99999999999999, "NaN", 1e15, float("nan"), float("inf"), -1e20, "1e15", "9999999-01-01"]
    lines = [json.dumps({"id": f"r{n}", "text": story(n), "published": value}) for n, value in enumerate(bad)]
    lines.append(json.dumps({"id": "good", "text": story(20), "published": "2020-10-05"}))
    (folder / "dates.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "side.txt").write_text(story(21), encoding="utf-8")
    (folder / "side.txt.meta.json").write_text('{"published": 1e15, "title": "Side"}', encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", folder, "--db", db)
    assert code == 0 and err == [], err
    rows = {r["external_id"] or r["title"]: r for r in articles_in(db)}
    assert len(rows) == len(bad) + 2
    assert rows["good"]["published"] == "2020-10-05" and not rows["good"]["published_inferred"]
    for key in [f"r{n}" for n in range(len(bad))] + ["Side"]:
        assert rows[key]["published"] is None or rows[key]["published_inferred"]  # inferred from the text


@pytest.mark.parametrize("value, expected", [
    (99999999999999, None), (1e15, None), (float("nan"), None), (float("inf"), None), (-1e20, None),
    (1608163200, "2020-12-17"), (1608163200000, "2020-12-17"),  # seconds, and JavaScript milliseconds
    ("9999999-01-01", None), ("0001-01-01", None), ("2020-12-17", "2020-12-17"),
])
def test_1_normalise_date_never_raises(value, expected):
    assert normalise_date(value) == expected


# ---------------------------------------------------------------- 2: symlink loops


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_2_symlink_loops_are_one_line_each_and_the_rest_is_stored(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(story(1), encoding="utf-8")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "sub" / "up").symlink_to("..")  # a folder loop: never walked into
    (folder / "sub" / "again.txt").symlink_to(folder / "good.txt")  # the same file by another name
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", folder, folder / "self.txt", "--db", db)
    assert code == 0
    assert_no_internal_error(err)
    assert sorted(err) == sorted([f"sitroom: {folder / name}: ingest: symbolic link loop"
                                  for name in ("a.txt", "b.txt", "self.txt")]
                                 + [f"sitroom: {folder / 'gone.txt'}: ingest: broken symbolic link"])
    rows = articles_in(db)
    assert [r["source"] for r in rows] == [str((folder / "good.txt").resolve())]


# ---------------------------------------------------------------- 3: feeds with plain descriptions


def rss(items: list[tuple[str, str]], guid_prefix: str = "g") -> str:
    from xml.sax.saxutils import escape

    body = "".join(f"<item><title>{escape(title)}</title><link>http://wire.example/{n}</link>"
                   f"<guid>{guid_prefix}{n}</guid><pubDate>Mon, 05 Oct 2020 10:00:00 GMT</pubDate>"
                   f"<description>{escape(text)}</description></item>" for n, (title, text) in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>http://wire.example</link>'
            f"<description>news</description>{body}</channel></rss>")


def test_3_feed_items_with_plain_text_or_short_html_descriptions_are_stored(tmp_path, capsys):
    long_text = " ".join(story(n).replace("\n", " ") for n in range(40))  # ~2,900 words, no markup
    items = [("Long plain", long_text), ("Short html", f"<p>{story(41)}</p>"), ("Short plain", story(42)),
             ("Entities", "Two civilians were killed &amp; three wounded in Hadrut on Monday, officials said.")]
    path = tmp_path / "feed.rss"
    path.write_text(rss(items), encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", path, "--db", db)
    assert code == 0 and err == [], err
    rows = {r["title"]: r for r in articles_in(db)}
    assert sorted(rows) == sorted(t for t, _ in items)
    assert len(rows["Long plain"]["body"].split()) > 2500
    assert "soldiers were killed" in rows["Short html"]["body"] and "<p>" not in rows["Short html"]["body"]
    assert "killed & three" in rows["Entities"]["body"]


def test_a_file_that_vanishes_mid_run_is_one_rejection(tmp_path):
    from sitroom.core import RawDocument, Rejection
    from sitroom.ingest import read_inputs

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(story(ord(name[0])), encoding="utf-8")
    out = []
    for item in read_inputs([tmp_path]):
        out.append(item)
        if len(out) == 1:
            (tmp_path / "b.txt").unlink()  # gone after the folder was listed
    assert [type(i) for i in out] == [RawDocument, Rejection, RawDocument]
    assert out[1].source == str(tmp_path / "b.txt") and out[1].reason == "no such file or directory"


def test_billion_laughs_feed_is_not_expanded(tmp_path, capsys):
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    path = tmp_path / "laughs.rss"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>T</title>'
                    f"<item><title>a</title><description>&lol9;</description></item></channel></rss>", encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", path, "--db", db)
    assert code == 0
    assert_no_internal_error(err)
    assert all(len(r["body"]) < 1000 for r in articles_in(db))  # 10^9 "lol"s were never made


# ---------------------------------------------------------------- 4: WARC limits


def write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, payload, content_type in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    path.write_bytes(buffer.getvalue())


def html_page(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return f"<html><head><title>T</title></head><body><article>{paragraphs}</article></body></html>".encode()


def test_4_warc_record_over_the_limit_is_one_line_and_the_others_are_stored(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITROOM_MAX_RECORD_BYTES", "200000")
    path = tmp_path / "crawl.warc.gz"
    huge = html_page(story(2) + "\n" + "filler words here. " * 20_000)  # ~380 KB of HTML
    write_warc(path, [("http://e.org/1", html_page(story(1)), "text/html"), ("http://e.org/2", huge, "text/html"),
                      ("http://e.org/3", html_page(story(3)), "text/html")])
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", path, "--db", db)
    assert code == 0
    assert err == [f"sitroom: {path}#2: ingest: HTML record too large (over 0.2 MiB limit, SITROOM_MAX_RECORD_BYTES)"]
    assert sorted(r["source"] for r in articles_in(db)) == [f"{path}#1", f"{path}#3"]
    assert "2 added" in out and "1 rejected" in out


def test_4_gzip_bomb_and_a_warc_without_html_are_one_line_each(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITROOM_MAX_DECOMPRESSED_BYTES", str(4 * 2**20))
    bomb = tmp_path / "bomb.warc.gz"
    bomb.write_bytes(gzip.compress(b"WARC/1.0\r\n" + b"\0" * (40 * 2**20), compresslevel=9))  # 40 MiB in ~40 KB
    images = tmp_path / "images.warc.gz"
    write_warc(images, [("http://e.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(500), "image/png")])
    (tmp_path / "good.txt").write_text(story(4), encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", tmp_path, "--db", db)
    assert code == 0
    assert sorted(err) == [
        f"sitroom: {bomb}: ingest: decompresses to more than 4 MiB (limit, SITROOM_MAX_DECOMPRESSED_BYTES)",
        f"sitroom: {images}: ingest: no HTML response record in the WARC"]
    assert [Path(r["source"]).name for r in articles_in(db)] == ["good.txt"]


# ---------------------------------------------------------------- 5: identity of content


def test_5_the_same_file_in_any_spelling_is_stored_once(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [json.dumps({"text": story(n), "outlet": "Wire"}) for n in range(3)]
    (corpus / "f.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    monkeypatch.chdir(tmp_path)
    assert cli(capsys, "ingest", "corpus/f.jsonl", "--db", db)[1].startswith("3 added")
    monkeypatch.chdir(corpus)
    for spelling in ("f.jsonl", "./f.jsonl", "../corpus/../corpus/f.jsonl", corpus / "f.jsonl", "."):
        code, out, err = cli(capsys, "ingest", spelling, "--db", db)
        assert code == 0 and err == [] and out.startswith("0 added (0 duplicates), 3 unchanged"), (spelling, out)
    (corpus / "link.jsonl").symlink_to("f.jsonl")
    assert cli(capsys, "ingest", "link.jsonl", "--db", db)[1].startswith("0 added")
    rows = articles_in(db)
    assert len(rows) == 3 and all(r["id"] == article_id_for(r["body"]) for r in rows)  # id: a hash of the content
    assert {r["source"] for r in rows} == {f"{corpus / 'f.jsonl'}#{n}" for n in (1, 2, 3)}


def test_5_a_feed_item_seen_in_two_snapshots_is_stored_once(tmp_path, capsys):
    items = [(f"Item {n}", story(n)) for n in range(3)]
    (tmp_path / "monday.rss").write_text(rss(items[:2]), encoding="utf-8")
    (tmp_path / "tuesday.rss").write_text(rss(items), encoding="utf-8")  # the same guids and links, one more
    db = tmp_path / "t.db"
    assert cli(capsys, "ingest", tmp_path / "monday.rss", "--db", db)[1].startswith("2 added")
    code, out, err = cli(capsys, "ingest", tmp_path, "--db", db)
    assert code == 0 and out.startswith("1 added (0 duplicates), 4 unchanged"), out  # 2 + 2 seen
    assert sorted(r["title"] for r in articles_in(db)) == ["Item 0", "Item 1", "Item 2"]


# ---------------------------------------------------------------- 7: extraction of a later duplicate


def near_duplicates(tmp_path: Path) -> tuple[Path, Path]:
    """A bare copy of a report and a fuller one (same text plus a paragraph, and metadata)."""
    bare, full = tmp_path / "bare.txt", tmp_path / "full.jsonl"
    bare.write_text(story(3), encoding="utf-8")
    full.write_text(json.dumps({"text": story(3) + "\nThe ministry gave no further details of the attack.",
                                "title": "Checkpoint shelled", "author": "A. Writer", "outlet": "Wire",
                                "published": "2020-10-05"}) + "\n", encoding="utf-8")
    return bare, full


def extraction_state(db: Path) -> tuple:
    with open_store(db) as store:
        counts = store.counts()
        duplicates = {a.id for a in store.articles() if a.duplicate_of}
        extracted = set(store.extracted_versions())
        owners = {f.article_id for f in store.figures()} | {m.article_id for m in store.mentions()}
    return counts["articles"], counts["figures"], counts["mentions"], duplicates, extracted, owners


def test_7_an_article_that_becomes_a_duplicate_loses_its_extraction(tmp_path):
    bare, full = near_duplicates(tmp_path)
    with open_store(tmp_path / "later.db") as store:
        run([bare], store)
        assert store.figures()  # the bare copy, alone, was extracted
        run([full], store)
    with open_store(tmp_path / "together.db") as store:
        run([bare, full], store)
    with open_store(tmp_path / "reversed.db") as store:
        run([full], store)
        run([bare], store)
    later, together, backward = (extraction_state(tmp_path / f"{n}.db") for n in ("later", "together", "reversed"))
    assert later[:3] == together[:3] == backward[:3]
    articles, figures, mentions, duplicates, extracted, owners = later
    assert articles == 2 and len(duplicates) == 1 and figures > 0
    assert not duplicates & extracted and not duplicates & owners


# ---------------------------------------------------------------- 8: deep HTML


@pytest.mark.parametrize("depth", [300, 5000])
def test_8_deeply_nested_html_keeps_its_text(tmp_path, capsys, depth):
    paragraphs = "".join(f"<p>{line}</p>" for line in story(5).split("\n"))
    path = tmp_path / "deep.html"
    path.write_text(f"<html><head><title>Deep</title></head><body>{'<div>' * depth}{paragraphs}"
                    f"{'</div>' * depth}</body></html>", encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", path, "--db", db)
    assert code == 0 and err == [], err
    [row] = articles_in(db)
    assert "7 soldiers were killed" in row["body"] and "convoy" in row["body"]


# ---------------------------------------------------------------- 13: usage errors before any work


def test_13_bad_port_is_a_usage_error(tmp_path, capsys):
    db = tmp_path / "t.db"
    open_store(db).close()
    for port in ("70000", "0", "-1"):
        code, out, err = cli(capsys, "serve", "--db", db, "--port", port)
        assert code == 2 and err == [f"sitroom: --port {port}: not a TCP port (1 to 65535)"]


def test_13_export_to_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    db = tmp_path / "t.db"
    open_store(db).close()
    target = tmp_path / "missing" / "x.csv"
    code, out, err = cli(capsys, "export", "--db", db, "--table", "articles", "--format", "csv", "--out", target)
    assert code == 2 and err == [f"sitroom: --out {target}: no such folder {target.parent}"]
    assert not target.parent.exists()


def test_13_run_with_a_report_in_a_missing_folder_stops_before_the_run(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(story(1), encoding="utf-8")
    report, db = tmp_path / "missing" / "r.html", tmp_path / "t.db"
    code, out, err = cli(capsys, "run", tmp_path / "a.txt", "--db", db, "--report", report)
    assert code == 2 and err == [f"sitroom: --report {report}: no such folder {report.parent}"]
    assert not db.exists()  # nothing was done
    code, out, err = cli(capsys, "run", tmp_path / "a.txt", "--db", db, "--report", tmp_path)
    assert code == 2 and err == [f"sitroom: --report {tmp_path}: is a folder"]


def test_13_gazetteer_import_of_a_latin1_file_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITROOM_HOME", str(tmp_path / "home"))
    dump = tmp_path / "AM.txt"
    dump.write_bytes("616052\tYerevan\tYerevan\tEr\xe9van\t40.18\t44.51\tP\tPPLC\tAM\t\t11\t\t\t\t1093485\n"
                     .encode("latin-1"))
    code, out, err = cli(capsys, "gazetteer", "import", dump)
    assert code == 1 and len(err) == 1 and err[0].startswith(f"sitroom: {dump}: not a GeoNames dump")


def test_13_a_database_that_is_not_one_is_one_line(tmp_path, capsys):
    db = tmp_path / "not.db"
    db.write_text("hello, I am a text file, not a database " * 100, encoding="utf-8")
    (tmp_path / "a.txt").write_text(story(1), encoding="utf-8")
    code, out, err = cli(capsys, "ingest", tmp_path / "a.txt", "--db", db)
    assert code == 1 and len(err) == 1 and "cannot open database" in err[0] and str(db) in err[0]


# ---------------------------------------------------------------- 14: a newline in a file name


@pytest.mark.skipif(os.name != "posix", reason="newlines in file names")
def test_14_a_file_named_with_a_newline_is_rejected_on_one_line(tmp_path, capsys):
    (tmp_path / "bad\nname.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "good.txt").write_text(story(1), encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", tmp_path, "--db", db)
    assert code == 0
    assert err == [f"sitroom: {tmp_path}/bad\\nname.txt: ingest: binary file (not text)"]
    with open_store(db) as store:
        assert [r.source for r in store.rejections()] == [f"{tmp_path}/bad\nname.txt"]  # stored as it is
        assert len(store.articles()) == 1


# ---------------------------------------------------------------- 15: CSV formula injection


def test_15_csv_cells_that_look_like_formulas_are_neutralised(tmp_path, capsys):
    body = '=HYPERLINK("http://evil.example/x","click") ' + story(6).replace("\n", " ")
    record = {"text": body, "title": "@SUM(1+1)", "outlet": "+cmd|' /C calc'!A0", "author": "-2+3"}
    (tmp_path / "evil.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db, out_csv = tmp_path / "t.db", tmp_path / "articles.csv"
    assert cli(capsys, "ingest", tmp_path / "evil.jsonl", "--db", db)[0] == 0
    code, out, err = cli(capsys, "export", "--db", db, "--table", "articles", "--format", "csv", "--out", out_csv)
    assert code == 0 and err == []
    [row] = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert row["body"].startswith("'=HYPERLINK(") and row["title"] == "'@SUM(1+1)"
    assert row["outlet"].startswith("'+cmd") and row["author"] == "'-2+3"
    code, out, err = cli(capsys, "export", "--db", db, "--table", "articles", "--format", "jsonl")
    assert json.loads(out)["body"].startswith("=HYPERLINK(")  # JSONL keeps the text as it is


def test_15_numbers_are_not_neutralised():
    assert csv_cell(-46.75) == -46.75 and csv_cell(-3) == -3
    assert csv_cell("-3") == "'-3" and csv_cell("\t=1") == "'\t=1" and csv_cell("a=1") == "a=1"


# ---------------------------------------------------------------- 16: checkpoints


class Interrupted(BaseException):
    """Stands for a kill: not an Exception, so nothing in the pipeline catches it."""


def test_16_extraction_is_stored_per_article_as_it_comes(tmp_path, monkeypatch):
    from sitroom import pipeline

    paths = []
    for n in range(4):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(story(n), encoding="utf-8")
    calls = []
    real = pipeline.extract_article

    def dies_on_the_third(article):
        calls.append(article.id)
        if len(calls) == 3:
            raise Interrupted
        return real(article)

    with open_store(tmp_path / "t.db") as store:
        ingest(paths, store)
        monkeypatch.setattr(pipeline, "extract_article", dies_on_the_third)
        with pytest.raises(Interrupted):
            extract_pending(store)
        assert set(store.extracted_versions()) == set(calls[:2])  # the work done is kept
        monkeypatch.setattr(pipeline, "extract_article", real)
        count, _ = extract_pending(store)
        assert count == 2 and len(store.extracted_versions()) == 4


# ---------------------------------------------------------------- 17: extraction cost per article


def long_article(chars: int) -> str:
    lines, n = [], 0
    while sum(map(len, lines)) < chars:
        lines.append(story(n).replace("report", f"report{n}") + f" Item {n} of the long list.")
        n += 1
    return "\n".join(lines)


def test_17_a_long_article_is_stored_whole_and_analysed_up_to_the_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITROOM_MAX_ARTICLE_CHARS", "20000")
    path = tmp_path / "long.txt"
    path.write_text(long_article(120_000), encoding="utf-8")
    db, report = tmp_path / "t.db", tmp_path / "r.html"
    code, out, err = cli(capsys, "run", path, "--db", db, "--report", report)
    assert code == 0
    [note] = err
    assert note.startswith(f"sitroom: {path}: extract: article of ") and "SITROOM_MAX_ARTICLE_CHARS" in note
    with open_store(db) as store:
        [article] = store.articles()
        assert len(article.body) > 110_000  # stored whole
        figures = store.figures()
        assert figures and max(f.end for f in figures) <= 20_000
        assert [r.stage for r in store.rejections()] == ["extract"]


def test_limits_come_from_one_place_and_bad_values_are_usage_errors(tmp_path, capsys, monkeypatch):
    assert limits() == Limits()
    monkeypatch.setenv("SITROOM_MAX_FILE_BYTES", "1_000")
    assert limits().file_bytes == 1000
    monkeypatch.setenv("SITROOM_MAX_FILE_BYTES", "lots")
    with pytest.raises(UsageError):
        limits()
    (tmp_path / "a.txt").write_text(story(1), encoding="utf-8")
    code, out, err = cli(capsys, "ingest", tmp_path / "a.txt", "--db", tmp_path / "t.db")
    assert code == 2 and err == ["sitroom: SITROOM_MAX_FILE_BYTES='lots': not a positive integer"]


def test_file_and_record_limits_are_one_line_each(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITROOM_MAX_FILE_BYTES", "2000")
    monkeypatch.setenv("SITROOM_MAX_RECORDS_PER_FILE", "3")
    (tmp_path / "big.txt").write_text(story(1) * 10, encoding="utf-8")
    short = [json.dumps({"text": f"Line {n}: {n + 1} killed in Hadrut on Monday, officials said."}) for n in range(5)]
    (tmp_path / "many.jsonl").write_text("\n".join(short) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", tmp_path, "--db", db)
    assert code == 0
    assert err[0].startswith(f"sitroom: {tmp_path / 'big.txt'}: ingest: file too large (")
    assert err[1] == (f"sitroom: {tmp_path / 'many.jsonl'}: ingest: more than 3 records: the rest of the file "
                      "skipped (limit, SITROOM_MAX_RECORDS_PER_FILE)")
    assert len(err) == 2 and len(articles_in(db)) == 3


def test_jsonl_nested_too_deeply_is_one_line(tmp_path, capsys):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"text": story(1)}) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", path, "--db", db)
    assert code == 0 and err == [f"sitroom: {path}#1: ingest: invalid JSON line: nested too deeply"]
    assert len(articles_in(db)) == 1


# ---------------------------------------------------------------- all of it at once


def hostile_folder(root: Path) -> tuple[Path, int]:
    """A folder of every kind of bad input beside good files; returns it and the good articles' count."""
    folder = root / "mixed"
    folder.mkdir()
    for n in range(3):
        (folder / f"good{n}.txt").write_text(story(n), encoding="utf-8")
    (folder / "feed.rss").write_text(rss([("Feed item", story(10))]), encoding="utf-8")
    (folder / "dates.jsonl").write_text(json.dumps({"text": story(11), "published": 1e15}) + "\n{broken\n",
                                        encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 10)
    (folder / "utf16.txt").write_bytes(story(12).encode("utf-16"))
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 3000 + f"<p>{story(13)}</p>" + "</div>" * 3000
                                      + "</body></html>", encoding="utf-8")
    (folder / "bomb.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n" + b"\0" * (8 * 2**20)))
    (folder / "not-a-feed.xml").write_text("<root><x/></root>", encoding="utf-8")
    if os.name == "posix":
        (folder / "loop.txt").symlink_to("loop.txt")
        (folder / "new\nline.txt").write_text("", encoding="utf-8")
    return folder, 3 + 1 + 1 + 1 + 1  # good*, feed item, dated record, utf-16 file, deep page


def test_a_mixed_folder_of_hostile_inputs(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITROOM_MAX_DECOMPRESSED_BYTES", str(2**20))
    folder, good = hostile_folder(tmp_path)
    db = tmp_path / "t.db"
    code, out, err = cli(capsys, "ingest", folder, "--db", db)
    assert code == 0
    assert_no_internal_error(err)
    bad = ["dates.jsonl#2", "empty.txt", "binary.html", "bomb.warc.gz", "not-a-feed.xml"]
    bad += ["loop.txt", "new\\nline.txt"] if os.name == "posix" else []
    assert sorted(line.split(": ")[1].rsplit("/", 1)[-1] for line in err) == sorted(bad), err
    rows = articles_in(db)
    assert len(rows) == good and len({r["id"] for r in rows}) == good
    code, out, err2 = cli(capsys, "ingest", folder, "--db", db)
    assert code == 0 and out.startswith(f"0 added (0 duplicates), {good} unchanged") and err2 == err
    assert articles_in(db) == rows


def test_every_limit_is_documented():
    from dataclasses import fields

    from sitroom.core._limits import variable

    doc = (Path(__file__).resolve().parents[1] / "docs" / "reliability.md").read_text(encoding="utf-8")
    for f in fields(Limits):
        assert f"`{variable(f.name)}`" in doc, f.name
