"""The store's SQL, shared by the SQLite and the PostgreSQL back-ends.

:class:`SQLStore` holds every query of the :class:`Store` interface, written once with ``?``
placeholders and upserts (``INSERT ... ON CONFLICT``) that both databases accept. A back-end
subclass says only what differs, as a :class:`Dialect` and four methods: how to connect, how to
run a transaction, how to keep the full-text index, and how to lock the revision row.

Every record is kept as its JSON (``data``) plus the columns needed to query it. Each article is
written in its own transaction (with its MinHash band keys, see :meth:`SQLStore.band_candidates`),
so an interrupted ingest leaves no half-written article; the extraction of one article (its
figures and mentions) is replaced in one transaction; a fusion result replaces the previous one in
one transaction.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol, Self, TypeVar

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
            ingested_at TEXT NOT NULL DEFAULT {now}{order_column}
        );
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        {fts_table};
        CREATE TABLE extractions (
            article_id TEXT PRIMARY KEY, version TEXT NOT NULL,
            done_at TEXT NOT NULL DEFAULT {now}
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
                                 at TEXT NOT NULL DEFAULT {now},
                                 PRIMARY KEY (source, stage));
    """),
    (2, "revision: a counter every write of articles or extractions bumps", """
        CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
        INSERT INTO revision(id, n) VALUES (1, 0);
    """),
    (3, "dedup index: MinHash LSH band keys of each article, and articles not yet checked by a later run", """
        CREATE TABLE minhash_articles (article_id TEXT PRIMARY KEY, pending INTEGER NOT NULL);
        CREATE TABLE minhash_bands (band_key {blob} NOT NULL, article_id TEXT NOT NULL,
                                    PRIMARY KEY (band_key, article_id));
        CREATE INDEX articles_url ON articles(url);
        CREATE INDEX articles_external_id ON articles(external_id);
    """),
)
ARTICLE_COLUMNS = ("id", "source", "external_id", "url", "title", "outlet", "author", "language", "published",
                   "published_inferred", "body", "duplicate_of", "data")
LOOKUP_CHUNK = 500  # ids or keys per IN (...) list: far below either database's limit on parameters


@dataclass(frozen=True)
class Dialect:
    """What the two databases spell differently in the schema and the queries."""

    now: str  # a column default: the current UTC time as 'YYYY-MM-DD HH:MM:SS' text
    blob: str  # the binary column type
    order_column: str  # the column giving articles their insertion order ('' = the implicit rowid)
    order_by: str  # the name to sort articles by in insertion order
    fts_table: str  # the statement creating the full-text index ('' = none)


class Store(Protocol):
    """What the pipeline needs from a database."""

    def add_article(self, article: Article, band_keys: Sequence[bytes] = ()) -> bool: ...
    def update_article(self, article: Article) -> None: ...
    def articles(self) -> list[Article]: ...
    def articles_by_id(self, ids: Sequence[str]) -> list[Article]: ...
    def articles_by_origin(self, urls: Sequence[str], external_ids: Sequence[str]) -> list[Article]: ...
    def band_candidates(self, band_keys: Sequence[bytes]) -> list[tuple[str, bytes]]: ...
    def pending_articles(self) -> list[Article]: ...
    def unbanded_articles(self) -> list[Article]: ...
    def save_bands(self, article_id: str, band_keys: Sequence[bytes]) -> None: ...
    def settle_bands(self, article_ids: Sequence[str]) -> None: ...
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
    def counts(self) -> dict[str, int]: ...
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


def upsert(table: str, columns: Sequence[str], key: Sequence[str], values: Sequence[str] = ()) -> str:
    """``INSERT ... ON CONFLICT (key) DO UPDATE`` of every other column (SQLite and PostgreSQL alike);
    ``values`` the value expressions, by default one ``?`` per column."""
    others = [c for c in columns if c not in key]
    return (f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join(values or ['?'] * len(columns))})"
            f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(f'{c}=excluded.{c}' for c in others)}")


def chunks(items: Sequence[T], size: int = LOOKUP_CHUNK) -> list[list[T]]:
    return [list(items[n:n + size]) for n in range(0, len(items), size)]


def _json(record: Any) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False)


def _article_row(article: Article) -> tuple:
    return (article.id, article.source, article.external_id, article.url, article.title, article.outlet,
            article.author, article.language, article.published, int(article.published_inferred),
            article.body, article.duplicate_of, json.dumps(article_data(article), ensure_ascii=False))


def _articles(rows) -> list[Article]:
    return [from_dict(Article, json.loads(r[0])) for r in rows]


class SQLStore:
    """The :class:`Store` methods over a DB-API connection ``self.db`` (``?`` placeholders)."""

    dialect: Dialect
    name: str  # the file or URL, for messages

    # ------------------------------------------------------------ back-end hooks
    def _transaction(self):
        """A context manager: one write transaction, committed or rolled back, errors as StoreError."""
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Inside a transaction: keep other processes from migrating at the same time."""

    def _index_text(self, article: Article) -> None:
        """Inside a transaction: add a new article to the full-text index (none by default)."""

    def _reindex_title(self, article: Article) -> None:
        """Inside a transaction: an article's title changed."""

    def _locked_revision(self) -> int:
        """Inside a transaction: the revision, locked against other writers until commit."""
        return self.revision()

    # ------------------------------------------------------------ schema
    def _migrate(self) -> None:
        for version, name, sql in MIGRATIONS:
            with self._transaction():  # read inside the lock: another process may have just migrated
                self._lock_schema()
                self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                f"name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT {self.dialect.now})")
                if self.db.execute("SELECT 1 FROM schema_migrations WHERE version=?", (version,)).fetchone():
                    continue
                for statement in filter(str.strip, sql.format(**vars(self.dialect)).split(";")):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (version, name))

    def schema_version(self) -> int:
        return self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0

    def _bump(self) -> None:
        """Inside a write transaction: note that articles or extractions changed."""
        self.db.execute("UPDATE revision SET n = n + 1 WHERE id = 1")

    def revision(self) -> int:
        """A number that changes whenever any process writes articles or extractions."""
        return self.db.execute("SELECT n FROM revision WHERE id = 1").fetchone()[0]

    # ------------------------------------------------------------ articles
    def add_article(self, article: Article, band_keys: Sequence[bytes] = ()) -> bool:
        """Insert one article (and its dedup band keys, if given); False (and nothing written) when its
        id is already stored, also when another process stored it a moment ago (never an integrity error)."""
        if self.db.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone():
            return False
        with self._transaction():
            inserted = self.db.execute(
                f"INSERT INTO articles({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})"
                " ON CONFLICT DO NOTHING", _article_row(article)).rowcount
            if inserted:
                self._index_text(article)
                if band_keys:
                    self._insert_bands(article.id, band_keys)
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
            self._reindex_title(article)
            self._bump()

    def articles(self) -> list[Article]:
        return _articles(self.db.execute(f"SELECT data FROM articles ORDER BY {self.dialect.order_by}"))

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles with these ids (in insertion order; unknown ids are left out)."""
        return self._articles_where("id IN ({})", sorted(set(ids)))

    def articles_by_origin(self, urls: Sequence[str], external_ids: Sequence[str]) -> list[Article]:
        """The stored articles with one of these URLs or one of these record ids."""
        found = {a.id: a for a in self._articles_where("url IN ({})", sorted(set(urls)))}
        found.update((a.id, a) for a in self._articles_where("external_id IN ({})", sorted(set(external_ids))))
        return list(found.values())

    def _articles_where(self, condition: str, values: Sequence[Any]) -> list[Article]:
        found = []
        for part in chunks(values):
            sql = f"SELECT data FROM articles WHERE {condition.format(', '.join('?' * len(part)))}"
            found += _articles(self.db.execute(f"{sql} ORDER BY {self.dialect.order_by}", part))
        return found

    # ------------------------------------------------------------ dedup index
    def band_candidates(self, band_keys: Sequence[bytes]) -> list[tuple[str, bytes]]:
        """(article id, band key) for every stored article that is no duplicate and has one of these
        MinHash LSH band keys: the candidates a MinHash LSH index over the stored articles would propose."""
        found: list[tuple[str, bytes]] = []
        for part in chunks(sorted(set(band_keys))):
            found += [(r[0], bytes(r[1])) for r in self.db.execute(
                "SELECT b.article_id, b.band_key FROM minhash_bands b JOIN articles a ON a.id = b.article_id"
                f" WHERE a.duplicate_of IS NULL AND b.band_key IN ({', '.join('?' * len(part))})", part)]
        return found

    def pending_articles(self) -> list[Article]:
        """Articles no duplicate whose band keys were written but not yet checked by a later dedup run
        (another process may have stored a near duplicate at the same time)."""
        return _articles(self.db.execute(
            "SELECT a.data FROM articles a JOIN minhash_articles m ON m.article_id = a.id"
            f" WHERE m.pending = 1 AND a.duplicate_of IS NULL ORDER BY a.{self.dialect.order_by}"))

    def unbanded_articles(self) -> list[Article]:
        """Articles no duplicate without band keys (stored before the index, or by other code)."""
        return _articles(self.db.execute(
            "SELECT data FROM articles WHERE duplicate_of IS NULL AND id NOT IN"
            f" (SELECT article_id FROM minhash_articles) ORDER BY {self.dialect.order_by}"))

    def save_bands(self, article_id: str, band_keys: Sequence[bytes]) -> None:
        """Write an article's band keys (pending: to be checked by the next dedup run)."""
        with self._transaction():
            self._insert_bands(article_id, band_keys)

    def settle_bands(self, article_ids: Sequence[str]) -> None:
        """These articles were checked against the whole store: no longer pending."""
        with self._transaction():
            self.db.executemany("UPDATE minhash_articles SET pending = 0 WHERE article_id = ?",
                                [(i,) for i in article_ids])

    def _insert_bands(self, article_id: str, band_keys: Sequence[bytes]) -> None:
        self.db.execute("INSERT INTO minhash_articles(article_id, pending) VALUES (?, 1) ON CONFLICT DO NOTHING",
                        (article_id,))
        self.db.executemany("INSERT INTO minhash_bands(band_key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(key, article_id) for key in sorted(set(band_keys))])

    # ------------------------------------------------------------ extraction
    def save_extraction(self, article_id: str, version: str, figures: Sequence[Figure],
                        mentions: Sequence[EventMention]) -> None:
        with self._transaction():
            self.db.execute("DELETE FROM figures WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
            self.db.executemany(upsert("figures", ("id", "article_id", "kind", "party", "event_id", "data"), ("id",)),
                                [(f.id, f.article_id, f.kind, f.party, f.event_id, _json(f)) for f in figures])
            self.db.executemany(upsert("mentions", ("id", "article_id", "type", "date", "data"), ("id",)),
                                [(m.id, m.article_id, m.type, m.date, _json(m)) for m in mentions])
            self.db.execute(upsert("extractions", ("article_id", "version", "done_at"), ("article_id",),
                                   ("?", "?", self.dialect.now)), (article_id, version))
            self._bump()

    def drop_extraction(self, article_ids: Sequence[str]) -> None:
        """Forget the figures, mentions and extraction record of these articles (now duplicates)."""
        with self._transaction():
            for table in ("figures", "mentions", "extractions"):
                self.db.executemany(f"DELETE FROM {table} WHERE article_id=?", [(i,) for i in article_ids])
            self._bump()

    def extracted_versions(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT article_id, version FROM extractions")}

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
            if revision is not None and self._locked_revision() != revision:
                return False
            for table in ("events", "contradictions", "timeline"):
                self.db.execute(f"DELETE FROM {table}")
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
        self.db.execute(upsert("rejections", ("source", "stage", "reason", "at"), ("source", "stage"),
                               ("?", "?", "?", self.dialect.now)), (rejection.source, rejection.stage, rejection.reason))

    def rejections(self) -> list[Rejection]:
        rows = self.db.execute("SELECT source, stage, reason FROM rejections ORDER BY source")
        return [Rejection(*r) for r in rows]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "figures", "mentions", "events", "contradictions", "rejections")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
