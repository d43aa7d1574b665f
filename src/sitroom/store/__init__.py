"""Storage of articles, extractions, events and claims (SQLite).
"""
from __future__ import annotations

from sitroom.store._sqlite import SQLiteStore, Store, open_store

__all__ = [
    "open_store", "SQLiteStore", "Store",
]
