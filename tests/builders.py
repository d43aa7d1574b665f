"""Shared builders of records for the tests (one place, so a record's fields change once)."""
from __future__ import annotations

from itertools import permutations

from sitroom.core import Article


def body_article(aid: str, body: str, published: str, title: str = "") -> Article:
    """An article with a body and a publication date, its source named after its id."""
    return Article(id=aid, source=f"{aid}.txt", body=body, title=title, published=published)


def news_padding(tag: int) -> str:
    """Sentences of stop words (which weigh nothing in likeness), each in its own order (so they
    are not page chrome): appended to a test article, it is as long as a real news report, and
    whole-text likeness applies to it (two short notes get none: ``fuse.likeness.body_min_words``)."""
    orders = list(permutations(["according", "after", "also", "before", "being", "during", "people", "reported"]))
    return " " + " ".join(" ".join(orders[tag * 10 + k]).capitalize() + "." for k in range(10))


def filler_articles(n: int) -> list[Article]:
    """Unrelated reports, so that the words of the articles under test are rare among the sources."""
    return [body_article(f"z{k:02d}", f"Story number {k} tells of weather{k} and market{k} news in town{k}.",
                         "2015-01-01") for k in range(n)]
