"""Stage 6, store: the event database on one SQLite file (the default back-end).

:class:`SQLiteStore` runs the shared SQL of :class:`sitroom.store._sql.SQLStore` on one SQLite
file: WAL mode, FTS5 over article text, ``BEGIN IMMEDIATE`` write transactions (one writer at a
time, others wait up to :data:`BUSY_TIMEOUT_S`), schema migrations recorded in the
``schema_migrations`` table. :mod:`sitroom.store._postgres` is the other back-end.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sitroom.core import Article, StoreError
from sitroom.store._sql import (
    MIGRATIONS,
    Dialect,
    SQLStore,
    Store,
    article_data,
    from_dict,
    removed_lines,
)

__all__ = ["MIGRATIONS", "SQLiteStore", "Store", "article_data", "from_dict", "open_store", "removed_lines"]

BUSY_TIMEOUT_S = 60  # how long a writer waits for another process's transaction before giving up
SQLITE = Dialect(now="(datetime('now'))", blob="BLOB", order_column="", order_by="rowid",
                 fts_table="CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, body)")


class SQLiteStore(SQLStore):
    """The default store: one SQLite file."""

    dialect = SQLITE

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = str(self.path)
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_S)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc

    def _transaction(self):
        return _Transaction(self.db, self.path)

    def _index_text(self, article: Article) -> None:
        self.db.execute("INSERT INTO articles_fts(id, title, body) VALUES (?,?,?)",
                        (article.id, article.title or "", article.body))

    def _reindex_title(self, article: Article) -> None:
        self.db.execute("UPDATE articles_fts SET title=? WHERE id=?", (article.title or "", article.id))

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search: (article id, snippet) pairs."""
        rows = self.db.execute(
            "SELECT id, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts WHERE articles_fts MATCH ?"
            " ORDER BY rank LIMIT ?", (query, limit))
        return [(r[0], r[1]) for r in rows]


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


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating and migrating) the SQLite database at ``path`` (for a URL or a path:
    :func:`sitroom.store.open_store`)."""
    return SQLiteStore(path)
