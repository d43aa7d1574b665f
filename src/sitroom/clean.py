"""Stage 2, clean: RawDocument -> Article (boilerplate out, metadata recovered). STUB."""
from __future__ import annotations

import hashlib
import re

from sitroom.models import Article, RawDocument, Rejection


def article_id_for(body: str) -> str:
    """Content id: the same normalised body always gets the same id."""
    norm = re.sub(r"\s+", " ", body).strip().casefold()
    return "a" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:15]


def clean_document(raw: RawDocument) -> Article | Rejection:
    body = (raw.text or "").strip()
    if not body:
        return Rejection(raw.source, "clean", "no article text")
    m = raw.meta
    return Article(id=article_id_for(body), source=raw.source, body=body, title=m.title, outlet=m.outlet,
                   author=m.author, language=m.language or "en", published=m.published,
                   external_id=m.external_id, url=m.url)
