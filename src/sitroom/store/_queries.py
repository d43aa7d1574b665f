"""Read-only, paged and filtered queries over a sitroom database (the web API's data side).

:func:`open_reader` opens the SQLite file read-only (``file:...?mode=ro``) and checks that it is a
sitroom database; :class:`Reader` answers the list queries (events, figures, articles, claims
groups, full-text search) one page at a time, with every filter a bound parameter. User search
text never reaches FTS5 as query syntax: :func:`fts_query` turns it into quoted phrases.

Nothing here writes: the tables are those :mod:`sitroom.store._sqlite` creates.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sitroom.core import Article, Contradiction, Event, Figure, StoreError, TimelineEntry
from sitroom.store._sqlite import from_dict

REQUIRED_TABLES = ("schema_migrations", "articles", "articles_fts", "figures", "events", "contradictions")
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_QUERY_CHARS = 500
HIT_START, HIT_END = "\u0002", "\u0003"  # snippet markers: never in clean text, safe to split on
CONTESTED_FIGURES = ("SELECT cf.value FROM contradictions c, json_each(c.data, '$.figure_ids') cf "
                     "WHERE c.status = 'contested'")
STATUS_ORDER = "CASE status WHEN 'contested' THEN 0 WHEN 'superseded' THEN 1 WHEN 'range' THEN 2 ELSE 3 END"


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted phrases (implicit AND), or None if it has no words.

    ``Nagorno-Karabakh`` becomes ``"Nagorno-Karabakh"`` (the phrase *nagorno karabakh*), ``O'Brien``
    ``"O'Brien"``; quotes, stars, brackets and operators are only ever text inside a phrase."""
    chunks = [c for c in text[:MAX_QUERY_CHARS].split() if re.search(r"\w", c)]
    if not chunks:
        return None
    return " ".join('"' + c.replace('"', '""') + '"' for c in chunks)


@dataclass(frozen=True)
class EventFilter:
    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    type: str | None = None
    sub_type: str | None = None
    actor: str | None = None
    kind: str | None = None
    contested: bool = False
    q: str | None = None


@dataclass(frozen=True)
class FigureFilter:
    kind: str | None = None
    party: str | None = None
    stance: str | None = None
    claimant: str | None = None
    event_id: str | None = None
    article_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    contested: bool = False


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    offset: int
    limit: int

    @property
    def next(self) -> str | None:
        """The cursor of the next page (an offset, as a string), None on the last page."""
        end = self.offset + self.limit
        return str(end) if end < self.total else None


class _Where:
    """A WHERE clause built from bound parameters only."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""


def _event_where(f: EventFilter) -> _Where:
    w = _Where()
    if f.date_from:
        w.add("events.date >= ?", f.date_from)
    if f.date_to:
        w.add("events.date <= ?", f.date_to)
    if f.type:
        w.add("events.type = ?", f.type)
    for field in ("country", "sub_type"):
        if getattr(f, field):
            w.add(f"json_extract(events.data, '$.{field}') = ?", getattr(f, field))
    if f.actor:
        w.add("EXISTS (SELECT 1 FROM json_each(events.data, '$.actors') a WHERE a.value = ?)", f.actor)
    if f.kind:
        w.add("EXISTS (SELECT 1 FROM figures WHERE figures.event_id = events.id AND figures.kind = ?)", f.kind)
    if f.contested:
        w.add(f"EXISTS (SELECT 1 FROM json_each(events.data, '$.figure_ids') ef WHERE ef.value IN ({CONTESTED_FIGURES}))")
    match = fts_query(f.q) if f.q else None
    if f.q:
        w.add("EXISTS (SELECT 1 FROM json_each(events.data, '$.article_ids') ea WHERE ea.value IN "
              "(SELECT id FROM articles_fts WHERE articles_fts MATCH ?))", match or '""')
    return w


def _figure_where(f: FigureFilter) -> _Where:
    w = _Where()
    for column in ("kind", "party", "event_id", "article_id"):
        if getattr(f, column):
            w.add(f"figures.{column} = ?", getattr(f, column))
    for field in ("stance", "claimant"):
        if getattr(f, field):
            w.add(f"json_extract(figures.data, '$.{field}') = ?", getattr(f, field))
    day = "coalesce(json_extract(figures.data, '$.event_date'), json_extract(figures.data, '$.as_of'))"
    if f.date_from:
        w.add(f"{day} >= ?", f.date_from)
    if f.date_to:
        w.add(f"{day} <= ?", f.date_to)
    if f.contested:
        w.add(f"figures.id IN ({CONTESTED_FIGURES})")
    return w


class Reader:
    """Read-only queries on one open connection (one per request; cheap to open)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ helpers
    def _page(self, table: str, where: _Where, order: str, limit: int, offset: int) -> Page:
        total = self.db.execute(f"SELECT count(*) FROM {table}{where.sql()}", where.params).fetchone()[0]
        rows = self.db.execute(f"SELECT {table}.data FROM {table}{where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                               [*where.params, limit, offset])
        return Page([json.loads(r[0]) for r in rows], total, offset, limit)

    def _one(self, table: str, key: str) -> dict[str, Any] | None:
        row = self.db.execute(f"SELECT data FROM {table} WHERE id = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _many(self, table: str, keys: list[str]) -> list[dict[str, Any]]:
        if not keys:
            return []
        rows = self.db.execute(f"SELECT data FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                               (json.dumps(keys),))
        found = {d["id"]: d for d in map(json.loads, (r[0] for r in rows))}
        return [found[k] for k in keys if k in found]

    # ------------------------------------------------------------ lists
    def events(self, f: EventFilter, limit: int, offset: int) -> Page:
        return self._page("events", _event_where(f), "events.date IS NULL, events.date, events.id", limit, offset)

    def figures(self, f: FigureFilter, limit: int, offset: int) -> Page:
        return self._page("figures", _figure_where(f), "figures.id", limit, offset)

    def articles(self, limit: int, offset: int, outlet: str | None = None, q: str | None = None) -> Page:
        w = _Where()
        if outlet:
            w.add("articles.outlet = ?", outlet)
        if q:
            w.add("articles.id IN (SELECT id FROM articles_fts WHERE articles_fts MATCH ?)", fts_query(q) or '""')
        return self._page("articles", w, "articles.published IS NULL, articles.published, articles.rowid",
                          limit, offset)

    def contradictions(self, limit: int, offset: int, status: str | None = None, kind: str | None = None,
                       event_id: str | None = None) -> Page:
        w = _Where()
        for column, value in (("status", status), ("kind", kind)):
            if value:
                w.add(f"contradictions.{column} = ?", value)
        if event_id:
            w.add("json_extract(contradictions.data, '$.event_id') = ?", event_id)
        return self._page("contradictions", w, f"{STATUS_ORDER}, contradictions.id", limit, offset)

    def search(self, text: str, limit: int, offset: int) -> Page:
        """Articles whose title or body match every word of ``text``, best first, with a snippet."""
        match = fts_query(text)
        if match is None:
            return Page([], 0, offset, limit)
        total = self.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]
        rows = self.db.execute(
            "SELECT f.id, snippet(articles_fts, 2, ?, ?, '…', 16), a.title, a.outlet, a.published"
            " FROM articles_fts f JOIN articles a ON a.id = f.id WHERE articles_fts MATCH ?"
            " ORDER BY rank LIMIT ? OFFSET ?", (HIT_START, HIT_END, match, limit, offset))
        items = [{"id": r[0], "snippet": r[1], "title": r[2], "outlet": r[3], "published": r[4]} for r in rows]
        return Page(items, total, offset, limit)

    # ------------------------------------------------------------ one record
    def event(self, event_id: str) -> dict[str, Any] | None:
        """An event with every source article side by side, each with its figures, and its claims groups."""
        event = self._one("events", event_id)
        if event is None:
            return None
        figures = self._many("figures", list(event.get("figure_ids") or []))
        sources = []
        for article in self._many("articles", list(event.get("article_ids") or [])):
            own = [f for f in figures if f["article_id"] == article["id"]]
            sources.append({"article": _article_head(article), "figures": own,
                            "copies": self._copies(article["id"])})
        wanted = {f["id"] for f in figures}
        claims = [c for c in self._claims_touching(list(wanted)) if wanted & set(c.get("figure_ids") or [])]
        return {**event, "sources": sources, "contradictions": claims}

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article with its figures (evidence offsets in ``body``) and the events it is a source of."""
        article = self._one("articles", article_id)
        if article is None:
            return None
        rows = self.db.execute("SELECT data FROM figures WHERE article_id = ? ORDER BY id", (article_id,))
        figures = [json.loads(r[0]) for r in rows]
        rows = self.db.execute("SELECT data FROM events WHERE EXISTS (SELECT 1 FROM json_each(events.data, "
                               "'$.article_ids') ea WHERE ea.value = ?) ORDER BY date, id", (article_id,))
        events = [_event_head(json.loads(r[0])) for r in rows]
        original = self._one("articles", article["duplicate_of"]) if article.get("duplicate_of") else None
        return {**article, "figures": figures, "events": events, "copies": self._copies(article_id),
                "original": _article_head(original) if original else None}

    def _copies(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT data FROM articles WHERE duplicate_of = ? ORDER BY rowid", (article_id,))
        return [_article_head(json.loads(r[0])) for r in rows]

    def _claims_touching(self, figure_ids: list[str]) -> list[dict[str, Any]]:
        if not figure_ids:
            return []
        rows = self.db.execute(
            "SELECT data FROM contradictions WHERE EXISTS (SELECT 1 FROM json_each(contradictions.data, "
            f"'$.figure_ids') cf WHERE cf.value IN (SELECT value FROM json_each(?))) ORDER BY {STATUS_ORDER}, id",
            (json.dumps(figure_ids),))
        return [json.loads(r[0]) for r in rows]

    # ------------------------------------------------------------ aggregates
    def timeline(self, f: EventFilter) -> list[dict[str, Any]]:
        """Events per day and type (undated events left out)."""
        w = _event_where(f)
        w.add("events.date IS NOT NULL")
        rows = self.db.execute(f"SELECT events.date, events.type, count(*) FROM events{w.sql()} "
                               "GROUP BY events.date, events.type ORDER BY events.date, events.type", w.params)
        return [{"date": r[0], "type": r[1], "count": r[2]} for r in rows]

    def facets(self) -> dict[str, Any]:
        """The values the filters can take, with counts."""
        def counted(sql: str) -> list[dict[str, Any]]:
            return [{"value": r[0], "count": r[1]} for r in self.db.execute(sql) if r[0] is not None]
        span = self.db.execute("SELECT min(date), max(date) FROM events").fetchone()
        sub = self.db.execute("SELECT type, json_extract(data, '$.sub_type') s, count(*) FROM events "
                              "GROUP BY type, s ORDER BY type, s")
        return {
            "date_min": span[0], "date_max": span[1],
            "countries": counted("SELECT json_extract(data, '$.country') v, count(*) FROM events GROUP BY v ORDER BY v"),
            "types": counted("SELECT type, count(*) FROM events GROUP BY type ORDER BY type"),
            "sub_types": [{"type": r[0], "value": r[1], "count": r[2]} for r in sub if r[1] is not None],
            "actors": counted("SELECT a.value v, count(*) n FROM events, json_each(events.data, '$.actors') a "
                              "GROUP BY v ORDER BY n DESC, v LIMIT 300"),
            "kinds": counted("SELECT kind, count(*) FROM figures GROUP BY kind ORDER BY kind"),
            "outlets": counted("SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY outlet"),
        }

    def records(self) -> "RecordView":
        return RecordView(self.db)

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "figures", "events", "contradictions")}

    def geo_events(self, f: EventFilter, limit: int, offset: int) -> Page:
        """Geocoded events only (for the map)."""
        w = _event_where(f)
        w.add("json_extract(events.data, '$.lat') IS NOT NULL AND json_extract(events.data, '$.lon') IS NOT NULL")
        return self._page("events", w, "events.date IS NULL, events.date, events.id", limit, offset)


def _article_head(a: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "title", "outlet", "author", "published", "published_inferred", "url", "source", "duplicate_of")
    return {k: a.get(k) for k in keys}


def _event_head(e: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "type", "sub_type", "date", "date_precision", "place", "country", "fatalities_best")
    return {k: e.get(k) for k in keys}


def open_reader(path: str | Path) -> Reader:
    """Open ``path`` read-only; :class:`StoreError` (one line) when it is missing or not a sitroom database."""
    path = Path(path).resolve()
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a sitroom database ({exc})") from exc
    missing = [t for t in REQUIRED_TABLES if t not in names]
    if missing:
        db.close()
        raise StoreError(f"{path}: not a sitroom database (no table {missing[0]})")
    return Reader(db)


class RecordView:
    """The whole tables as records, read-only (what :func:`sitroom.report.situation` reads)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def _all(self, cls, sql: str) -> list:
        return [from_dict(cls, json.loads(r[0])) for r in self.db.execute(sql)]

    def articles(self) -> list[Article]:
        return self._all(Article, "SELECT data FROM articles ORDER BY rowid")

    def events(self) -> list[Event]:
        return self._all(Event, "SELECT data FROM events ORDER BY date, id")

    def figures(self) -> list[Figure]:
        return self._all(Figure, "SELECT data FROM figures ORDER BY id")

    def contradictions(self) -> list[Contradiction]:
        return self._all(Contradiction, "SELECT data FROM contradictions ORDER BY id")

    def timeline(self) -> list[TimelineEntry]:
        return self._all(TimelineEntry, "SELECT data FROM timeline ORDER BY n")
