"""Shared builders of records for the tests (one place, so a record's fields change once)."""
from __future__ import annotations

from sitroom.core import Article


def body_article(aid: str, body: str, published: str, title: str = "") -> Article:
    """An article with a body and a publication date, its source named after its id."""
    return Article(id=aid, source=f"{aid}.txt", body=body, title=title, published=published)


def filler_articles(n: int) -> list[Article]:
    """Unrelated reports, so that the words of the articles under test are rare among the sources."""
    return [body_article(f"z{k:02d}", f"Story number {k} tells of weather{k} and market{k} news in town{k}.",
                         "2015-01-01") for k in range(n)]
