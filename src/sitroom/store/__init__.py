"""Storage of articles, extractions, events and claims (SQLite), and read-only paged queries.
"""
from __future__ import annotations

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
from sitroom.store._sqlite import SQLiteStore, Store, article_data, open_store

__all__ = [
    "open_store", "SQLiteStore", "Store", "article_data",
    "open_reader", "Reader", "Page", "EventFilter", "FigureFilter", "fts_query",
    "MAX_LIMIT", "MAX_OFFSET", "MAX_QUERY_CHARS", "HIT_START", "HIT_END",
]
