"""The event database on PostgreSQL: ``--db postgresql://user@host:port/dbname``.

:class:`PostgresStore` runs the shared SQL of :class:`sitroom.store._sql.SQLStore` through psycopg 3
(the ``postgres`` extra). Each write is one transaction (READ COMMITTED); writers of articles and
extractions take the ``revision`` row's lock when they bump it, so :meth:`save_fusion`'s revision
check (``SELECT ... FOR UPDATE``) sees every write that committed before it. Migrations run under
a transaction-level advisory lock, so several workers may open a new database at once. There is
no full-text index here (``search`` and the web UI's read-only queries are SQLite's).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sitroom.core import StoreError
from sitroom.store._sql import Dialect, SQLStore

POSTGRES = Dialect(now="(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))", blob="BYTEA",
                   order_column=", seq BIGSERIAL", order_by="seq", fts_table="")
URL_SCHEMES = ("postgresql://", "postgres://")
MIGRATION_LOCK = 0x5175  # the advisory lock key taken while migrating
CONNECT_TIMEOUT_S = 10


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


class _Connection:
    """A psycopg connection that takes the ``?`` placeholders of the shared SQL."""

    def __init__(self, conn: Any):
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()):
        return self.conn.execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)

    def close(self) -> None:
        self.conn.close()


class PostgresStore(SQLStore):
    """The store on a PostgreSQL database (tables created by the first open)."""

    dialect = POSTGRES

    def __init__(self, url: str):
        self.name = _without_password(url)
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(f"{self.name}: PostgreSQL needs psycopg (pip install 'sitroom[postgres]')") from exc
        self.errors = psycopg.Error
        try:
            self.db = _Connection(psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S))
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: cannot open database ({_first_line(exc)})") from exc

    def _transaction(self):
        return _Transaction(self)

    def _lock_schema(self) -> None:
        self.db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))

    def _locked_revision(self) -> int:
        return self.db.execute("SELECT n FROM revision WHERE id = 1 FOR UPDATE").fetchone()[0]


class _Transaction:
    """psycopg's transaction block; a database error while in it is a one-line :class:`StoreError`."""

    def __init__(self, store: PostgresStore):
        self.store = store

    def __enter__(self) -> None:
        self.block = self.store.db.conn.transaction()
        try:
            self.block.__enter__()
        except self.store.errors as exc:
            raise StoreError(f"{self.store.name}: cannot write ({_first_line(exc)})") from exc

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            self.block.__exit__(exc_type, exc, tb)
        except self.store.errors as error:
            raise StoreError(f"{self.store.name}: cannot write ({_first_line(error)})") from error
        if isinstance(exc, self.store.errors):
            raise StoreError(f"{self.store.name}: cannot write ({_first_line(exc)})") from exc
        return False


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _without_password(url: str) -> str:
    """The URL as it may be printed: a password in it replaced by ``***``."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{host}"


def open_postgres(url: str) -> PostgresStore:
    """Open (creating and migrating the tables in) the PostgreSQL database at ``url``."""
    return PostgresStore(url)
