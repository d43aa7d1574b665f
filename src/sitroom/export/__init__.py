"""Exports in the contract's formats: ACLED-style CSV, GeoJSON, JSONL, CSV.
"""
from __future__ import annotations

from sitroom.export._tables import TABLES, export_table, geojson, table_rows

__all__ = [
    "export_table", "geojson", "table_rows", "TABLES",
]
