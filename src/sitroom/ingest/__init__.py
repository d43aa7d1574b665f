"""Readers for every input kind (HTML, RSS/Atom, WARC, JSONL, text), language identification, outlets.
"""
from __future__ import annotations

from sitroom.ingest._language import document_language, identify, probability_of
from sitroom.ingest._outlets import canonical_outlet, outlet_name
from sitroom.ingest._readers import read_inputs

__all__ = [
    "canonical_outlet", "document_language", "identify", "outlet_name", "probability_of", "read_inputs",
]
