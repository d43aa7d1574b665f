"""Stage 4, extract: Article -> Extraction (analysis, figures, event mentions). STUB."""
from __future__ import annotations

from dataclasses import dataclass

from sitroom.models import Analysis, Article, EventMention, Figure


@dataclass(frozen=True)
class Extraction:
    article_id: str
    analysis: Analysis | None
    figures: tuple[Figure, ...]
    mentions: tuple[EventMention, ...]


def extract_article(article: Article) -> Extraction:
    return Extraction(article.id, None, (), ())
