"""Stage 2: boilerplate and comments removed, publication dates guessed, near-duplicates linked.
"""
from __future__ import annotations

from sitroom.clean._boilerplate import article_id_for, clean_document
from sitroom.clean._dedup import DuplicateIndex, Neighbours, band_keys, link_duplicates, stored_neighbours
from sitroom.clean._published import infer_published_batch

__all__ = [
    "article_id_for", "clean_document", "infer_published_batch", "link_duplicates",
    "band_keys", "stored_neighbours", "DuplicateIndex", "Neighbours",
]
