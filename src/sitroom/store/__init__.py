"""Storage of articles, extractions, events and claims (SQLite or PostgreSQL), and read-only paged
queries (SQLite). See docs/storage.md.
"""
from __future__ import annotations

from sitroom.store._open import database_exists, open_store
from sitroom.store._postgres import PostgresStore, is_postgres_url
from sitroom.store._queries import (
    HIT_END,
    HIT_START,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_CHARS,
    EventFilter,
    FigureFilter,
    Page,
    Reader,
    fts_query,
    open_reader,
)
from sitroom.store._sql import SQLStore, Store, article_data
from sitroom.store._sqlite import SQLiteStore

__all__ = [
    "HIT_END",
    "HIT_START",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_QUERY_CHARS",
    "EventFilter",
    "FigureFilter",
    "Page",
    "PostgresStore",
    "Reader",
    "SQLStore",
    "SQLiteStore",
    "Store",
    "article_data",
    "database_exists",
    "fts_query",
    "is_postgres_url",
    "open_reader",
    "open_store",
]
