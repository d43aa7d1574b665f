"""The web UI and JSON API (FastAPI) on one sitroom database, read-only. See docs/api.md.

``GET /`` the one-page UI (``static/``); ``GET /report`` the bounded HTML report; under ``/api``:
``events``, ``figures``, ``articles``, ``contradictions``, ``search?q=`` (paged:
``{"items", "next", "total"}``, ``limit`` 1..``MAX_LIMIT``, ``offset`` >= 0 or ``cursor``),
``events/{id}`` (with its sources side by side), ``articles/{id}``, ``events.geojson``,
``timeline`` (events per day and type), ``facets`` (filter values) and ``stats``. The database is
opened read-only (``mode=ro``) for every request; a file that is not a sitroom database fails
:func:`create_app` with a one-line :class:`~sitroom.core.StoreError`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path as PathParam, Query
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from sitroom.report import render_html, situation
from sitroom.store import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, EventFilter, FigureFilter, Page, open_reader
from sitroom.web._security import ERROR_RESPONSES, HardeningMiddleware, install_error_handlers

STATIC = Path(__file__).resolve().parent / "static"
MAX_GEO_LIMIT = 100_000
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[date | None, Query(description="ISO date, YYYY-MM-DD (inclusive)")]
Id = Annotated[str, PathParam(max_length=200)]
# The contract's vocabularies (CONTRACT.md; fixed names).
Kind = Literal["killed", "wounded", "missing", "captured", "arrested", "released", "displaced"]
Stance = Literal["asserted", "confirmed", "denied", "unverified"]
Status = Literal["consistent", "range", "contested", "superseded"]


class PageModel(BaseModel):
    items: list[dict[str, Any]]
    next: str | None
    total: int


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
    next: str | None
    total: int


class Paging:
    """``limit`` and ``offset``, or ``cursor`` (the ``next`` of the previous page)."""

    def __init__(self, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
                 offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
                 cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,10}$")] = None):
        self.limit = limit
        self.offset = min(int(cursor), MAX_OFFSET) if cursor else offset


def event_filter(date_from: Day = None, date_to: Day = None, country: Text = None, type: Text = None,
                 sub_type: Text = None, actor: Text = None, kind: Kind | None = None, contested: bool = False,
                 q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None) -> EventFilter:
    return EventFilter(_iso(date_from), _iso(date_to), country, type, sub_type, actor, kind, contested, q)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _page(page: Page) -> dict[str, Any]:
    return {"items": page.items, "next": page.next, "total": page.total}


def create_app(db: str | Path) -> FastAPI:
    """The app on ``db``; :class:`~sitroom.core.StoreError` at once when it is not a sitroom database."""
    open_reader(db).close()
    app = FastAPI(title="sitroom", version="1", description="A sourced event database from war reporting "
                  "(read-only). Every error is {\"error\": {\"code\", \"message\"}}.")
    install_error_handlers(app)

    def reader():
        with open_reader(db) as r:
            yield r

    app.include_router(_list_routes(reader))
    app.include_router(_record_routes(reader))
    _add_pages(app, reader)
    app.add_middleware(HardeningMiddleware)
    return app


def _list_routes(reader) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    @api.get("/events", response_model=PageModel, summary="Events, filtered, by date")
    def events(f: Annotated[EventFilter, Depends(event_filter)], p: Annotated[Paging, Depends()], r=Depends(reader)):
        return _page(r.events(f, p.limit, p.offset))

    @api.get("/figures", response_model=PageModel, summary="Figures (one claim of a number in one article)")
    def figures(p: Annotated[Paging, Depends()], kind: Kind | None = None, party: Text = None,
                stance: Stance | None = None, claimant: Text = None, event_id: Text = None, article_id: Text = None,
                date_from: Day = None, date_to: Day = None, contested: bool = False, r=Depends(reader)):
        f = FigureFilter(kind, party, stance, claimant, event_id, article_id, _iso(date_from), _iso(date_to), contested)
        return _page(r.figures(f, p.limit, p.offset))

    @api.get("/articles", response_model=PageModel, summary="Articles (clean text), by publication date")
    def articles(p: Annotated[Paging, Depends()], outlet: Text = None,
                 q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None, r=Depends(reader)):
        return _page(r.articles(p.limit, p.offset, outlet, q))

    @api.get("/contradictions", response_model=PageModel, summary="The claims ledger, contested first")
    def contradictions(p: Annotated[Paging, Depends()], status: Status | None = None, kind: Kind | None = None,
                       event_id: Text = None, r=Depends(reader)):
        return _page(r.contradictions(p.limit, p.offset, status, kind, event_id))

    @api.get("/search", response_model=PageModel, summary="Full-text search over articles (any text, no syntax)")
    def search(q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)], p: Annotated[Paging, Depends()],
               r=Depends(reader)):
        return _page(r.search(q, p.limit, p.offset))

    @api.get("/events.geojson", response_model=FeatureCollection, summary="Geocoded events as GeoJSON points")
    def events_geojson(f: Annotated[EventFilter, Depends(event_filter)], r=Depends(reader),
                       limit: Annotated[int, Query(ge=1, le=MAX_GEO_LIMIT)] = 10_000,
                       offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0):
        page = r.geo_events(f, limit, offset)
        return {"type": "FeatureCollection", "features": [_feature(e) for e in page.items],
                "next": page.next, "total": page.total}
    return api


def _feature(e: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "type", "sub_type", "date", "date_precision", "place", "country", "admin1", "geo_precision",
            "fatalities_low", "fatalities_best", "fatalities_high", "summary", "actors")
    props = {k: e.get(k) for k in keys}
    props["sources"] = len(e.get("article_ids") or [])
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
            "properties": props}


def _record_routes(reader) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    @api.get("/events/{event_id}", summary="One event with every source side by side, their figures and claims")
    def event(event_id: Id, r=Depends(reader)) -> dict[str, Any]:
        found = r.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @api.get("/articles/{article_id}", summary="One article with its figures (evidence offsets) and events")
    def article(article_id: Id, r=Depends(reader)) -> dict[str, Any]:
        found = r.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @api.get("/timeline", summary="Events per day and type (the event filters, dates included)")
    def timeline(f: Annotated[EventFilter, Depends(event_filter)], r=Depends(reader)) -> list[dict[str, Any]]:
        return r.timeline(f)

    @api.get("/facets", summary="The values each filter can take, with counts")
    def facets(r=Depends(reader)) -> dict[str, Any]:
        return r.facets()

    @api.get("/stats", summary="Row counts")
    def stats(r=Depends(reader)) -> dict[str, int]:
        return r.counts()
    return api


def _add_pages(app: FastAPI, reader) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/report", include_in_schema=False, response_class=HTMLResponse)
    def report(r=Depends(reader)) -> str:
        return render_html(situation(r.records()))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the UI and API on ``db`` (127.0.0.1 unless told); fails at once on a non-database."""
    import uvicorn

    app = create_app(db)
    uvicorn.run(app, host=host, port=port, log_level="warning")
