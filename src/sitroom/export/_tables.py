"""Exports: the contract tables as JSONL or CSV, events as an ACLED-style CSV or GeoJSON.

Entry point: :func:`export_table`. The field lists below are the outside contract
(``CONTRACT.md``): they may grow, never shrink or rename.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Iterable, TextIO

from sitroom.core import to_dict
from sitroom.store import SQLiteStore, article_data

ARTICLE_FIELDS = ("id", "external_id", "source", "title", "outlet", "author", "language", "published",
                  "published_inferred", "body", "duplicate_of", "removed", "url")
FIGURE_FIELDS = ("id", "article_id", "kind", "party", "civilian", "value", "low", "high", "qualifier", "text",
                 "claimant", "stance", "event_id", "event_date", "place", "sentence", "start", "end", "as_of")
EVENT_FIELDS = ("id", "type", "sub_type", "date", "date_end", "date_precision", "place", "country", "admin1",
                "lat", "lon", "geo_precision", "actors", "fatalities_low", "fatalities_best", "fatalities_high",
                "article_ids", "figure_ids", "summary", "plover")
CONTRADICTION_FIELDS = ("id", "about", "kind", "party", "figure_ids", "values", "status", "event_id",
                        "best_low", "best", "best_high", "claims")
TABLES = {"articles": ARTICLE_FIELDS, "figures": FIGURE_FIELDS, "events": EVENT_FIELDS,
          "contradictions": CONTRADICTION_FIELDS}
FORMATS = ("jsonl", "csv", "acled", "geojson")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "source", "notes", "fatalities")
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
ACLED_GEO_PRECISION = {"exact": 1, "near": 2, "admin2": 2, "admin1": 3, "country": 3}


def table_rows(store: SQLiteStore, table: str) -> list[dict[str, Any]]:
    """The rows of one contract table, each with the contract fields in order."""
    records = {"articles": store.articles, "figures": store.figures, "events": store.events,
               "contradictions": store.contradictions}[table]()
    names = TABLES[table]
    as_row = article_data if table == "articles" else to_dict  # removed: the lines, as strings
    return [{name: row.get(name) for name in names} for row in map(as_row, records)]


def write_jsonl(rows: Iterable[dict], out: TextIO) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); tab and
# carriage return too, since some spreadsheets strip them and read what follows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: lists and objects as JSON, booleans as true/false, None as empty;
    a text that starts with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` so that a
    spreadsheet shows it instead of running it. Numbers (a negative longitude) are left as they are."""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def write_csv(rows: list[dict], fields: Iterable[str], out: TextIO) -> None:
    """Rows as CSV, every cell through :func:`csv_cell` (formula-like texts neutralised)."""
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})


def acled_rows(store: SQLiteStore) -> list[dict]:
    """Events in ACLED's column layout (one row per event; sources = outlets of its articles)."""
    articles = {a.id: a for a in store.articles()}
    rows = []
    for n, event in enumerate(store.events(), 1):
        outlets = sorted({articles[a].outlet or articles[a].source for a in event.article_ids if a in articles})
        date = event.date or ""
        rows.append({
            "event_id_cnty": event.id, "event_date": date, "year": date[:4],
            "time_precision": ACLED_TIME_PRECISION.get(event.date_precision or "", 3),
            "event_type": event.type, "sub_event_type": event.sub_type,
            "actor1": event.actors[0] if event.actors else "", "actor2": event.actors[1] if len(event.actors) > 1 else "",
            "country": event.country or "", "admin1": event.admin1 or "", "location": event.place or "",
            "latitude": event.lat if event.lat is not None else "", "longitude": event.lon if event.lon is not None else "",
            "geo_precision": ACLED_GEO_PRECISION.get(event.geo_precision or "", 3),
            "source": "; ".join(outlets), "notes": event.summary, "fatalities": event.fatalities_best or 0,
        })
    return rows


def geojson(store: SQLiteStore) -> dict:
    features = []
    for row in table_rows(store, "events"):
        if row.get("lat") is None or row.get("lon") is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def export_table(store: SQLiteStore, table: str, fmt: str, out: TextIO) -> int:
    """Write one table in one format; returns the number of records written."""
    if fmt == "acled":
        rows = acled_rows(store)
        write_csv(rows, ACLED_COLUMNS, out)
        return len(rows)
    if fmt == "geojson":
        collection = geojson(store)
        json.dump(collection, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(collection["features"])
    rows = table_rows(store, table)
    if fmt == "jsonl":
        write_jsonl(rows, out)
    else:
        write_csv(rows, TABLES[table], out)
    return len(rows)
