"""Opening the store a ``--db`` value names: a SQLite file path or a ``postgresql://`` URL."""
from __future__ import annotations

from pathlib import Path

from sitroom.store._postgres import is_postgres_url, open_postgres
from sitroom.store._sql import SQLStore
from sitroom.store._sqlite import SQLiteStore


def open_store(target: str | Path) -> SQLStore:
    """Open (creating and migrating) the database ``target`` names: a ``postgresql://`` (or
    ``postgres://``) URL opens a :class:`~sitroom.store._postgres.PostgresStore`, anything else is
    the path of a SQLite file."""
    if is_postgres_url(target):
        return open_postgres(str(target))
    return SQLiteStore(target)


def database_exists(target: str | Path) -> bool:
    """Whether ``target`` names a database that can be opened for reading: a URL is taken to (opening
    it says if not), a path must be an existing file."""
    return is_postgres_url(target) or Path(target).exists()
