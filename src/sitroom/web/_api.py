"""The web UI and JSON API: a thin adapter over the store and the report.

``GET /`` the HTML report; ``GET /api/{articles,figures,events,contradictions}`` the contract tables
(JSON lists, same fields as the exports; ``?limit=&offset=``); ``GET /api/timeline``;
``GET /api/events.geojson``; ``GET /api/search?q=`` full-text search over article bodies;
``GET /api/articles/{id}`` one article with its figures.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from sitroom.core import to_dict
from sitroom.export import TABLES, geojson, table_rows
from sitroom.report import render_html, situation
from sitroom.store import open_store


def create_app(db: str | Path) -> FastAPI:
    app = FastAPI(title="sitroom", description="A sourced event database from war reporting.")

    def store():
        return open_store(db)

    _add_report_routes(app, store)
    _add_table_routes(app, store)
    return app


def _add_report_routes(app: FastAPI, store) -> None:
    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        with store() as s:
            return render_html(situation(s))

    @app.get("/api/timeline")
    def timeline() -> list[dict]:
        with store() as s:
            return [to_dict(t) for t in s.timeline()]

    @app.get("/api/events.geojson")
    def events_geojson() -> dict:
        with store() as s:
            return geojson(s)

    @app.get("/api/search")
    def search(q: str = Query(min_length=1), limit: int = 20) -> list[dict]:
        with store() as s:
            try:
                return [{"id": i, "snippet": snip} for i, snip in s.search(q, limit)]
            except Exception as exc:  # FTS5 syntax errors
                raise HTTPException(400, f"bad query: {exc}") from exc


def _add_table_routes(app: FastAPI, store) -> None:
    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict:
        with store() as s:
            rows = [r for r in table_rows(s, "articles") if r["id"] == article_id]
            if not rows:
                raise HTTPException(404, f"no article {article_id}")
            figures = [f for f in table_rows(s, "figures") if f["article_id"] == article_id]
            return {**rows[0], "figures": figures}

    @app.get("/api/{table}")
    def table(table: str, limit: int = 1000, offset: int = 0) -> list[dict]:
        if table not in TABLES:
            raise HTTPException(404, f"no table {table}; tables: {', '.join(sorted(TABLES))}")
        with store() as s:
            return table_rows(s, table)[offset:offset + limit]


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
