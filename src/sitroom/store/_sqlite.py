"""Stage 6, store: the event database.

:class:`Store` is the small storage interface the pipeline uses; :class:`SQLiteStore` implements
it on one SQLite file (WAL mode, FTS5 over article text, schema migrations recorded in the
``schema_migrations`` table). A PostgreSQL store would implement the same methods.

Every record is kept as its JSON (``data``) plus the columns needed to query it. Each article is
written in its own transaction, so an interrupted ingest leaves no half-written article; the
extraction of one article (its figures and mentions) is replaced in one transaction; a fusion
result replaces the previous one in one transaction.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol, Sequence, TypeVar

from sitroom.core import (
    Article,
    Claim,
    Contradiction,
    Event,
    EventMention,
    Figure,
    Place,
    Rejection,
    RemovedLine,
    StoreError,
    TimelineEntry,
    to_dict,
)

T = TypeVar("T")

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "articles, figures, mentions, events, contradictions, rejections", """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, external_id TEXT, url TEXT, title TEXT,
            outlet TEXT, author TEXT, language TEXT, published TEXT, published_inferred INTEGER,
            body TEXT NOT NULL, duplicate_of TEXT, data TEXT NOT NULL,
            ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, body);
        CREATE TABLE extractions (
            article_id TEXT PRIMARY KEY, version TEXT NOT NULL,
            done_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE TABLE figures (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, kind TEXT, party TEXT,
                              event_id TEXT, data TEXT NOT NULL);
        CREATE INDEX figures_article ON figures(article_id);
        CREATE TABLE mentions (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, type TEXT, date TEXT,
                               data TEXT NOT NULL);
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT, date TEXT, data TEXT NOT NULL);
        CREATE TABLE contradictions (id TEXT PRIMARY KEY, kind TEXT, status TEXT, data TEXT NOT NULL);
        CREATE TABLE timeline (n INTEGER PRIMARY KEY, date TEXT, data TEXT NOT NULL);
        CREATE TABLE rejections (source TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL,
                                 at TEXT NOT NULL DEFAULT (datetime('now')),
                                 PRIMARY KEY (source, stage));
    """),
    (2, "revision: a counter every write of articles or extractions bumps", """
        CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
        INSERT INTO revision(id, n) VALUES (1, 0);
    """),
)
BUSY_TIMEOUT_S = 60  # how long a writer waits for another process's transaction before giving up


class Store(Protocol):
    """What the pipeline needs from a database."""

    def add_article(self, article: Article) -> bool: ...
    def update_article(self, article: Article) -> None: ...
    def articles(self) -> list[Article]: ...
    def save_extraction(self, article_id: str, version: str, figures: Sequence[Figure],
                        mentions: Sequence[EventMention]) -> None: ...
    def extracted_versions(self) -> dict[str, str]: ...
    def figures(self) -> list[Figure]: ...
    def mentions(self) -> list[EventMention]: ...
    def drop_extraction(self, article_ids: Sequence[str]) -> None: ...
    def revision(self) -> int: ...
    def save_fusion(self, events: Sequence[Event], figures: Sequence[Figure],
                    contradictions: Sequence[Contradiction], timeline: Sequence[TimelineEntry],
                    revision: int | None = None) -> bool: ...
    def events(self) -> list[Event]: ...
    def contradictions(self) -> list[Contradiction]: ...
    def timeline(self) -> list[TimelineEntry]: ...
    def record_rejection(self, rejection: Rejection) -> None: ...
    def rejections(self) -> list[Rejection]: ...
    def close(self) -> None: ...


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a frozen record from its JSON dict (lists back to tuples, places back to Place, a
    contradiction's claims back to Claim records). Keys the record does not have are ignored."""
    kwargs = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _field_value(cls, f.name, data[f.name])
    if cls is Article and data.get("removed"):
        kwargs["removed"] = removed_lines(data["removed"], data.get("removed_reasons") or ())
    return cls(**kwargs)


def removed_lines(removed: Sequence[Any], reasons: Sequence[str] = ()) -> tuple[RemovedLine, ...]:
    """An article's removed lines from its stored JSON: ``{"text", "reason"}`` objects, or (the form
    :func:`article_data` writes, and older versions wrote) the lines as strings with their rules in the
    parallel list ``removed_reasons`` (missing there: an empty rule)."""
    return tuple(RemovedLine(**line) if isinstance(line, dict)
                 else RemovedLine(line, reasons[n] if n < len(reasons) else "") for n, line in enumerate(removed))


def article_data(article: Article) -> dict[str, Any]:
    """An article as it is stored and exported: ``removed`` the lines (strings, the contract's field),
    ``removed_reasons`` the rule that took out each, in the same order."""
    data: dict[str, Any] = {}
    for key, value in to_dict(article).items():
        if key == "removed":
            data["removed"] = [line.text for line in article.removed]
            data["removed_reasons"] = [line.reason for line in article.removed]
        else:
            data[key] = value
    return data


def _field_value(cls: type, name: str, value: Any) -> Any:
    """One stored field as the record holds it."""
    if name == "place" and isinstance(value, dict):
        return Place(**value)
    if cls is Contradiction and name == "claims" and isinstance(value, list):
        return tuple(from_dict(Claim, c) for c in value)
    if isinstance(value, list):
        return tuple(value)
    return value


class SQLiteStore:
    """The default store: one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_S)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    # ------------------------------------------------------------ schema
    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                        "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))")
        for version, name, sql in MIGRATIONS:
            with self._transaction():  # read inside the lock: another process may have just migrated
                if self.db.execute("SELECT 1 FROM schema_migrations WHERE version=?", (version,)).fetchone():
                    continue
                for statement in filter(str.strip, sql.split(";")):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (version, name))

    def schema_version(self) -> int:
        return self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0

    def _transaction(self):
        return _Transaction(self.db, self.path)

    def _bump(self) -> None:
        """Inside a write transaction: note that articles or extractions changed."""
        self.db.execute("UPDATE revision SET n = n + 1 WHERE id = 1")

    def revision(self) -> int:
        """A number that changes whenever any process writes articles or extractions."""
        return self.db.execute("SELECT n FROM revision WHERE id = 1").fetchone()[0]

    # ------------------------------------------------------------ articles
    def add_article(self, article: Article) -> bool:
        """Insert one article; False (and nothing written) when its id is already stored, also when
        another process stored it a moment ago (an upsert: never an integrity error)."""
        if self.db.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone():
            return False
        with self._transaction():
            inserted = self.db.execute(
                "INSERT OR IGNORE INTO articles(id, source, external_id, url, title, outlet, author, language,"
                " published, published_inferred, body, duplicate_of, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, article.source, article.external_id, article.url, article.title, article.outlet,
                 article.author, article.language, article.published, int(article.published_inferred),
                 article.body, article.duplicate_of, json.dumps(article_data(article), ensure_ascii=False))).rowcount
            if inserted:
                self.db.execute("INSERT INTO articles_fts(id, title, body) VALUES (?,?,?)",
                                (article.id, article.title or "", article.body))
                self._bump()
        return bool(inserted)

    def update_article(self, article: Article) -> None:
        """Rewrite an article's metadata (filling fields from a duplicate); the body never changes."""
        with self._transaction():
            self.db.execute(
                "UPDATE articles SET title=?, outlet=?, author=?, published=?, published_inferred=?,"
                " duplicate_of=?, data=? WHERE id=?",
                (article.title, article.outlet, article.author, article.published, int(article.published_inferred),
                 article.duplicate_of, json.dumps(article_data(article), ensure_ascii=False), article.id))
            self.db.execute("UPDATE articles_fts SET title=? WHERE id=?", (article.title or "", article.id))
            self._bump()

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT data FROM articles ORDER BY rowid")
        return [from_dict(Article, json.loads(r[0])) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search: (article id, snippet) pairs."""
        rows = self.db.execute(
            "SELECT id, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts WHERE articles_fts MATCH ?"
            " ORDER BY rank LIMIT ?", (query, limit))
        return [(r[0], r[1]) for r in rows]

    # ------------------------------------------------------------ extraction
    def save_extraction(self, article_id: str, version: str, figures: Sequence[Figure],
                        mentions: Sequence[EventMention]) -> None:
        with self._transaction():
            self.db.execute("DELETE FROM figures WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
            self.db.executemany(
                "INSERT OR REPLACE INTO figures(id, article_id, kind, party, event_id, data) VALUES (?,?,?,?,?,?)",
                [(f.id, f.article_id, f.kind, f.party, f.event_id, _json(f)) for f in figures])
            self.db.executemany(
                "INSERT OR REPLACE INTO mentions(id, article_id, type, date, data) VALUES (?,?,?,?,?)",
                [(m.id, m.article_id, m.type, m.date, _json(m)) for m in mentions])
            self.db.execute("INSERT OR REPLACE INTO extractions(article_id, version) VALUES (?,?)",
                            (article_id, version))
            self._bump()

    def drop_extraction(self, article_ids: Sequence[str]) -> None:
        """Forget the figures, mentions and extraction record of these articles (now duplicates)."""
        with self._transaction():
            for table, key in (("figures", "article_id"), ("mentions", "article_id"), ("extractions", "article_id")):
                self.db.executemany(f"DELETE FROM {table} WHERE {key}=?", [(i,) for i in article_ids])
            self._bump()

    def extracted_versions(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT article_id, version FROM extractions"))

    def figures(self) -> list[Figure]:
        return [from_dict(Figure, json.loads(r[0])) for r in self.db.execute("SELECT data FROM figures ORDER BY id")]

    def mentions(self) -> list[EventMention]:
        rows = self.db.execute("SELECT data FROM mentions ORDER BY id")
        return [from_dict(EventMention, json.loads(r[0])) for r in rows]

    # ------------------------------------------------------------ fusion
    def save_fusion(self, events: Sequence[Event], figures: Sequence[Figure],
                    contradictions: Sequence[Contradiction], timeline: Sequence[TimelineEntry],
                    revision: int | None = None) -> bool:
        """Replace the fusion result; when ``revision`` is given and articles or extractions changed
        since (another process wrote), nothing is written and False is returned: fuse again."""
        with self._transaction():
            if revision is not None and self.revision() != revision:
                return False
            self.db.execute("DELETE FROM events")
            self.db.execute("DELETE FROM contradictions")
            self.db.execute("DELETE FROM timeline")
            self.db.executemany("INSERT INTO events(id, type, date, data) VALUES (?,?,?,?)",
                                [(e.id, e.type, e.date, _json(e)) for e in events])
            self.db.executemany("UPDATE figures SET event_id=?, data=? WHERE id=?",
                                [(f.event_id, _json(f), f.id) for f in figures])
            self.db.executemany("INSERT INTO contradictions(id, kind, status, data) VALUES (?,?,?,?)",
                                [(c.id, c.kind, c.status, _json(c)) for c in contradictions])
            self.db.executemany("INSERT INTO timeline(n, date, data) VALUES (?,?,?)",
                                [(n, t.date, _json(t)) for n, t in enumerate(timeline)])
        return True

    def events(self) -> list[Event]:
        rows = self.db.execute("SELECT data FROM events ORDER BY date, id")
        return [from_dict(Event, json.loads(r[0])) for r in rows]

    def contradictions(self) -> list[Contradiction]:
        rows = self.db.execute("SELECT data FROM contradictions ORDER BY id")
        return [from_dict(Contradiction, json.loads(r[0])) for r in rows]

    def timeline(self) -> list[TimelineEntry]:
        rows = self.db.execute("SELECT data FROM timeline ORDER BY n")
        return [from_dict(TimelineEntry, json.loads(r[0])) for r in rows]

    # ------------------------------------------------------------ rejections
    def record_rejection(self, rejection: Rejection) -> None:
        self.db.execute("INSERT OR REPLACE INTO rejections(source, stage, reason) VALUES (?,?,?)",
                        (rejection.source, rejection.stage, rejection.reason))

    def rejections(self) -> list[Rejection]:
        rows = self.db.execute("SELECT source, stage, reason FROM rejections ORDER BY source")
        return [Rejection(*r) for r in rows]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "figures", "mentions", "events", "contradictions", "rejections")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception. Failing to begin or commit (locked
    past the busy timeout, disk full, a read-only file) is a one-line :class:`StoreError`."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db, self.path = db, path

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write ({exc})") from exc

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self.db.execute("COMMIT")
            elif self.db.in_transaction:  # SQLite may have rolled back already (e.g. disk full)
                self.db.execute("ROLLBACK")
        except sqlite3.Error as error:
            if exc_type is None:
                raise StoreError(f"{self.path}: cannot write ({error})") from error
        return False


def _json(record: Any) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False)


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating and migrating) the database at ``path``."""
    return SQLiteStore(path)
