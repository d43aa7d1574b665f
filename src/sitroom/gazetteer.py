"""Places: a layered gazetteer (GeoNames package + curated list + imported dumps). STUB."""
from __future__ import annotations

from sitroom.models import PlaceMention


def find_places(text: str) -> list[PlaceMention]:
    return []
