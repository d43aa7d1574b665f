"""Stage 3: the spaCy pipeline over clean text: sentences, times, actors, places (gazetteer).
"""
from __future__ import annotations

from sitroom.nlp._actors import find_actors, is_partisan_source, party_of, side_of
from sitroom.nlp._gazetteer import import_geonames_dump
from sitroom.nlp._pipeline import analyse
from sitroom.nlp._places import find_places

__all__ = [
    "analyse", "find_actors", "find_places", "import_geonames_dump", "is_partisan_source", "party_of",
    "side_of",
]
