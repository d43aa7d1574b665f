"""Stage 4: incidents found and typed in each article, their figures, victims and dates.
"""
from __future__ import annotations

from sitroom.extract._event_types import classify_events
from sitroom.extract._figures import LIST_JOIN
from sitroom.extract._incidents import Extraction, extract_article, is_tally_figure, main_mention

__all__ = [
    "classify_events", "extract_article", "Extraction", "is_tally_figure", "LIST_JOIN", "main_mention",
]
