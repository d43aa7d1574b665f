from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitroom.core._records import Article
from sitroom.store._sqlite import open_store
from sitroom.web._api import create_app


@pytest.fixture()
def client(tmp_path):
    db = tmp_path / "api.db"
    with open_store(db) as store:
        store.add_article(Article(id="a1", source="one.txt", body="Artillery shelled the market.", title="Shelling"))
        store.add_article(Article(id="a2", source="two.txt", body="Talks on a prisoner exchange resumed."))
    return TestClient(create_app(db))


def test_tables_and_search(client):
    articles = client.get("/api/articles").json()
    assert [a["id"] for a in articles] == ["a1", "a2"]
    assert client.get("/api/articles?limit=1&offset=1").json()[0]["id"] == "a2"
    assert [h["id"] for h in client.get("/api/search", params={"q": "prisoner"}).json()] == ["a2"]
    assert client.get("/api/articles/a1").json()["figures"] == []


def test_unknown_table_and_article_are_404(client):
    assert client.get("/api/nothing").status_code == 404
    assert client.get("/api/articles/zzz").status_code == 404


def test_index_is_the_html_report(client):
    page = client.get("/")
    assert page.status_code == 200 and "sitroom situation report" in page.text
    assert client.get("/api/events.geojson").json()["type"] == "FeatureCollection"
