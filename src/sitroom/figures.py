"""Figures: numbers about people in a text, as sourced claims. STUB."""
from __future__ import annotations

from sitroom.models import Analysis, Article, Figure


def find_figures(article: Article, analysis: Analysis) -> list[Figure]:
    return []
