"""The JSON API: every endpoint, paging limits, filters, the one error shape, headers, read-only.

The database is the built-in demo corpus run through the pipeline (``sitroom demo``), plus one
hostile article (markup in its title and body), built once per test session.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitroom.cli import main
from sitroom.core import StoreError
from sitroom.pipeline import run
from sitroom.store import MAX_LIMIT, fts_query, open_store
from sitroom.web._api import create_app

HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)>'
HOSTILE_RECORD = {
    "id": "hostile-1", "title": f"Hostile {HOSTILE} title", "outlet": "Hostile Outlet (invented)",
    "published": "2026-09-10", "url": "javascript:alert(4)",
    "text": f"Hostile body {HOSTILE} here.\n\nAt least 5 Kyrgyz civilians were killed in Osh on Monday, "
            f"police said. {HOSTILE}",
}


def build_demo_db(base: Path) -> Path:
    """The demo database with one hostile article added; built once, reused by the API and UI tests."""
    db = base / "demo.db"
    if db.exists():
        return db
    assert main(["demo", "--db", str(db), "--report", str(base / "demo.html")]) == 0
    hostile = base / "hostile"
    hostile.mkdir(exist_ok=True)
    (hostile / "hostile.jsonl").write_text(json.dumps(HOSTILE_RECORD) + "\n", encoding="utf-8")
    with open_store(db) as store:
        run([hostile], store)
    return db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    return build_demo_db(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def client(demo_db):
    return TestClient(create_app(demo_db), raise_server_exceptions=False)


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert response.headers["content-type"].startswith("application/json")
    return body["error"]


LISTS = ["events", "figures", "articles", "contradictions", "search?q=Ak-Sai"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_pages_with_items_next_total(client, path):
    sep = "&" if "?" in path else "?"
    first = client.get(f"/api/{path}{sep}limit=2").json()
    assert set(first) == {"items", "next", "total"} and first["total"] > 2 and len(first["items"]) == 2
    assert first["next"] == "2"
    by_cursor = client.get(f"/api/{path}{sep}limit=2&cursor={first['next']}").json()
    by_offset = client.get(f"/api/{path}{sep}limit=2&offset=2").json()
    assert by_cursor == by_offset and by_cursor["items"] != first["items"]
    everything = client.get(f"/api/{path}{sep}limit={MAX_LIMIT}").json()
    assert everything["next"] is None and len(everything["items"]) == everything["total"]
    past = client.get(f"/api/{path}{sep}offset={everything['total'] + 5}").json()
    assert past["items"] == [] and past["next"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", f"limit={MAX_LIMIT + 1}", "limit=9223372036854775808",
                                   "offset=-100", "offset=99999999999999999999", "cursor=abc", "cursor=-1",
                                   "limit=ten", "date_from=2026-13-01", "kind=eaten", "contested=maybe"])
def test_paging_and_filter_bounds_are_422_in_the_error_shape(client, query):
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 422
    assert error_of(r)["code"] == "invalid_request"


def ids(client, path: str) -> list[str]:
    return [i["id"] for i in client.get(path).json()["items"]]


def test_event_filters(client):
    every = client.get("/api/events?limit=500").json()["items"]
    kyrgyz = ids(client, "/api/events?country=Kyrgyzstan&limit=500")
    assert kyrgyz and set(kyrgyz) == {e["id"] for e in every if e["country"] == "Kyrgyzstan"}
    strikes = ids(client, "/api/events?sub_type=Air/drone strike")
    assert strikes and all(e["sub_type"] == "Air/drone strike" for e in every if e["id"] in strikes)
    typed = client.get("/api/events", params={"type": "Strategic developments"}).json()["items"]
    assert typed and {e["type"] for e in typed} == {"Strategic developments"}
    days = client.get("/api/events?date_from=2026-09-08&date_to=2026-09-09&limit=500").json()["items"]
    assert days and all("2026-09-08" <= e["date"] <= "2026-09-09" for e in days)
    assert len(days) < len(every)
    actor = next(e["actors"][0] for e in every if e["actors"])
    assert all(actor in e["actors"] for e in client.get("/api/events", params={"actor": actor}).json()["items"])
    assert ids(client, "/api/events?kind=arrested")
    contested = client.get("/api/events?contested=true").json()
    assert 0 < contested["total"] < len(every)
    for junk in ("***", '"', "NEAR(", "a OR b"):
        assert client.get("/api/events", params={"q": junk}).status_code == 200
        assert client.get("/api/articles", params={"q": junk}).status_code == 200
    searched = client.get("/api/events", params={"q": "Isfara drone"}).json()["items"]
    assert searched and any(e["place"] == "Isfara" for e in searched)


def test_figure_article_and_ledger_filters(client):
    killed = client.get("/api/figures?kind=killed&limit=500").json()["items"]
    assert killed and {f["kind"] for f in killed} == {"killed"}
    denied = client.get("/api/figures?stance=denied").json()["items"]
    assert denied and {f["stance"] for f in denied} == {"denied"}
    contested = client.get("/api/figures?contested=true&limit=500").json()["items"]
    assert contested and len(contested) < client.get("/api/figures").json()["total"]
    courier = client.get("/api/articles", params={"outlet": "Valley Courier (invented)"}).json()["items"]
    assert courier and {a["outlet"] for a in courier} == {"Valley Courier (invented)"}
    ledger = client.get("/api/contradictions?limit=500").json()["items"]
    statuses = [c["status"] for c in ledger]
    assert statuses[0] == "contested" and statuses == sorted(statuses, key=lambda s: s != "contested")
    only = client.get("/api/contradictions?status=contested").json()["items"]
    assert only and {c["status"] for c in only} == {"contested"}
    assert all(c.get("claimant") is not None or c.get("outlet") for c in only[0]["claims"])


@pytest.mark.parametrize("q", ["Nagorno-Karabakh", "al-Qaeda", "O'Brien", "U.S.", '"', "*", "NEAR(a b)", "a OR",
                               "AND", ")(", "title:x", "^ak", "Ak-Sai", "\u0000", "ünïcödé 😀", "x" * 500])
def test_search_takes_any_text_as_words_never_syntax(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"items", "next", "total"}


def test_search_finds_phrases_and_marks_hits(client):
    hits = client.get("/api/search", params={"q": "Ak-Sai"}).json()["items"]
    assert hits and all("\u0002" in h["snippet"] for h in hits)
    assert fts_query('O\'Brien "x" NEAR(') == '"O\'Brien" """x""" "NEAR("'
    assert fts_query("*** ---") is None
    assert client.get("/api/search", params={"q": "x" * 501}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_event_page_has_every_source_side_by_side(client):
    contested = client.get("/api/events?contested=true").json()["items"]
    event = max(contested, key=lambda e: len(e["article_ids"]))
    page = client.get(f"/api/events/{event['id']}").json()
    assert len(page["sources"]) == len(event["article_ids"]) >= 2
    outlets = {s["article"]["outlet"] for s in page["sources"]}
    assert {"Valley Courier (invented)", "Highland Herald (invented)"} <= outlets
    for source in page["sources"]:
        for f in source["figures"]:
            assert f["article_id"] == source["article"]["id"] and f["text"] in f["sentence"]
    assert any(c["status"] == "contested" for c in page["contradictions"])
    copies = [c["outlet"] for s in page["sources"] for c in s["copies"]]
    assert "Ridge Wire (invented)" in copies


def test_article_page_has_figures_with_evidence_offsets(client):
    figure = client.get("/api/figures?kind=killed").json()["items"][0]
    page = client.get(f"/api/articles/{figure['article_id']}").json()
    assert page["figures"] and page["events"]
    for f in page["figures"]:
        assert page["body"][f["start"]:f["end"]] == f["text"]
    assert isinstance(page["removed"], list)


def test_geojson_timeline_facets_stats(client):
    geo = client.get("/api/events.geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 60 < lon < 80 and 35 < lat < 45  # the Batken-Isfara valley
    assert client.get("/api/events.geojson?limit=1").json()["next"] == "1"
    days = client.get("/api/timeline").json()
    assert days and {"date", "type", "count"} == set(days[0])
    facets = client.get("/api/facets").json()
    assert {"Kyrgyzstan", "Tajikistan"} <= {c["value"] for c in facets["countries"]}
    assert client.get("/api/stats").json()["articles"] >= 15


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/nothing", 404), ("GET", "/nothing", 404), ("GET", "/api/events/zzz", 404),
    ("GET", "/api/articles/zzz", 404), ("GET", "/static/nothing.js", 404), ("POST", "/api/events", 405),
    ("DELETE", "/api/articles", 405), ("PUT", "/api/events/x", 405), ("GET", "/api/events?limit=x", 422),
])
def test_every_error_has_one_json_shape(client, method, path, status):
    r = client.request(method, path)
    assert r.status_code == status
    assert error_of(r)["message"]
    assert "content-security-policy" in r.headers


def test_a_server_error_is_the_json_shape_too(demo_db, monkeypatch):
    from sitroom.store import Reader

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Reader, "events", boom)
    r = TestClient(create_app(demo_db), raise_server_exceptions=False).get("/api/events")
    assert r.status_code == 500 and error_of(r)["code"] == "internal_error"
    assert r.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in r.headers


@pytest.mark.parametrize("path", ["/", "/api/events", "/static/app.js", "/report", "/openapi.json", "/api/nothing"])
def test_security_headers_and_head(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp or "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[-1].split(";")[0] if "script-src" in csp else True
    assert "http" not in csp and "*" not in csp  # no third-party origins
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    head = client.head(path)
    assert head.status_code == r.status_code and head.content == b""


def test_ui_and_report_pages(client):
    page = client.get("/")
    assert page.status_code == 200 and '<div id="map"' in page.text
    assert "<script>" not in page.text and "cdn" not in page.text.lower()  # scripts only by src, same origin
    report = client.get("/report")
    assert "sitroom situation report" in report.text
    assert HOSTILE not in report.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in report.text
    assert "script-src" not in report.headers["content-security-policy"]  # no script at all on the report


def test_hostile_article_is_data_not_markup(client):
    hits = client.get("/api/search", params={"q": "Hostile"}).json()["items"]
    assert hits
    article = client.get(f"/api/articles/{hits[0]['id']}").json()
    assert "<script>alert(1)</script>" in article["title"]  # stored as text, escaped by the UI


def digest(db: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(db.parent.glob(db.name + "*"))]


def test_the_api_never_writes(demo_db, client):
    before = digest(demo_db)
    for path in ("/api/events", "/api/events?contested=true", "/api/search?q=Batken", "/report", "/api/facets"):
        assert client.get(path).status_code == 200
    assert digest(demo_db) == before


def test_a_file_that_is_not_a_sitroom_database_fails_at_startup(tmp_path, capsys):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a sitroom database"):
        create_app(junk)
    empty = tmp_path / "empty.db"
    import sqlite3
    sqlite3.connect(empty).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(StoreError, match="no table"):
        create_app(empty)
    assert main(["serve", "--db", str(junk), "--port", "8999"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a sitroom database" in err


def test_openapi_document_validates(client):
    from openapi_spec_validator import validate

    doc = client.get("/openapi.json").json()
    validate(doc)
    paths = set(doc["paths"])
    assert {"/api/events", "/api/figures", "/api/articles", "/api/contradictions", "/api/search",
            "/api/events/{event_id}", "/api/articles/{article_id}", "/api/events.geojson"} <= paths
    for path, item in doc["paths"].items():
        responses = item["get"]["responses"]
        assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody"), path
