from __future__ import annotations

import csv
import io
import json

import pytest

from sitroom.cli import main
from sitroom.export._tables import TABLES

STORY = ("Three soldiers were killed and five wounded when artillery shells hit a checkpoint near the town, "
         "the defence ministry said on Tuesday, December 8, 2020. Local officials said the shelling lasted two hours.")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "x1", "text": STORY.replace("Three", "Four"), "outlet": "Wire"}) + "\n{not json\n",
        encoding="utf-8")
    return folder


def test_bad_inputs_are_reported_one_line_each_and_the_rest_is_ingested(batch, tmp_path, capsys):
    db = tmp_path / "t.db"
    code, out, err = run_cli(capsys, "ingest", str(batch), "--db", str(db))
    assert code == 0
    lines = [l for l in err.splitlines() if l.strip()]
    assert any("empty.txt" in l for l in lines)
    assert any("binary.txt" in l for l in lines)
    assert any("lines.jsonl#2" in l for l in lines)
    code, out, _ = run_cli(capsys, "export", "--db", str(db), "--table", "articles", "--format", "jsonl")
    rows = [json.loads(l) for l in out.splitlines()]
    assert sorted(r["external_id"] or "" for r in rows) == ["", "x1"]


def test_reingest_changes_nothing(batch, tmp_path, capsys):
    db = tmp_path / "t.db"
    run_cli(capsys, "ingest", str(batch), "--db", str(db))
    _, first, _ = run_cli(capsys, "export", "--db", str(db), "--table", "articles", "--format", "jsonl")
    code, out, _ = run_cli(capsys, "ingest", str(batch), "--db", str(db))
    assert code == 0 and out.startswith("0 added")
    _, second, _ = run_cli(capsys, "export", "--db", str(db), "--table", "articles", "--format", "jsonl")
    assert first == second


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_contract_field_is_exported_in_jsonl_and_csv(seeds_dir, tmp_path, capsys, table):
    db = tmp_path / "s.db"
    assert run_cli(capsys, "ingest", str(seeds_dir), "--db", str(db))[0] == 0
    code, out, _ = run_cli(capsys, "export", "--db", str(db), "--table", table, "--format", "csv")
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert set(TABLES[table]) <= set(header)
    if table == "articles":
        code, out, _ = run_cli(capsys, "export", "--db", str(db), "--table", table, "--format", "jsonl")
        rows = [json.loads(l) for l in out.splitlines()]
        assert len(rows) == 5 and all(set(TABLES[table]) <= set(r) for r in rows)


def test_bad_usage_exits_2_with_one_line(tmp_path, capsys):
    code, _, err = run_cli(capsys, "export", "--db", str(tmp_path / "missing.db"), "--table", "events")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "missing.db" in err
    code, _, err = run_cli(capsys, "ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db"))
    assert code == 2 and "nowhere" in err
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "xml"])
    assert exc.value.code == 2


def test_run_writes_report_and_prints_summary(seeds_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "run", str(seeds_dir), "--db", "s.db", "--report", "r.html")
    assert code == 0
    assert "articles" in out
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>Events</h2>" in page and page.count("<details>") == 5


@pytest.mark.parametrize("name, keys", [
    ("case2021", {"macro_f1", "micro_f1"}),
    ("dates", {"detection_recall", "detection_precision", "value_accuracy"}),
    ("cleaning", {"precision", "recall", "f1", "trafilatura_f1"}),
])
def test_eval_one_scorer_on_another_file_prints_json_with_its_keys(shared, capsys, name, keys):
    paths = {"case2021": shared / "data/dev/case2021_task2.tsv", "dates": shared / "data/dev/timeml/AQUAINT",
             "cleaning": shared / "data/dev/html"}
    code, out, _ = run_cli(capsys, "eval", name, "--file", str(paths[name]), "--limit", "3", "--json")
    assert code == 0
    scores = json.loads(out)
    assert keys | {"n"} <= set(scores) and 0 < scores["n"]
    assert all(0.0 <= scores[k] <= 1.0 for k in keys)


def test_eval_on_a_missing_file_fails_with_one_line(tmp_path, capsys):
    code, _, err = run_cli(capsys, "eval", "dates", "--file", str(tmp_path / "none"), "--json")
    assert code == 1 and "none" in err


def test_events_export_as_acled_csv_and_geojson(seeds_dir, tmp_path, capsys):
    db = tmp_path / "g.db"
    assert run_cli(capsys, "run", str(seeds_dir), "--db", str(db), "--report", str(tmp_path / "r.html"))[0] == 0
    code, out, _ = run_cli(capsys, "export", "--db", str(db), "--format", "acled")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and {"event_type", "sub_event_type", "event_date", "latitude", "fatalities"} <= set(rows[0])
    code, out, _ = run_cli(capsys, "export", "--db", str(db), "--format", "geojson")
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection" and collection["features"]
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
