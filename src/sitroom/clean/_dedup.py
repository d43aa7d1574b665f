"""Stage 3, dedup: recognise duplicate articles and link each to the best copy.

Entry point: :func:`link_duplicates`.

- Exact duplicates: the article id is a hash of the normalised body, so two files with the same
  text get the same id. A second source with an already-known body is kept as its own row
  (id derived from body and source) with ``duplicate_of`` set; the same source again is a no-op.
- Near duplicates: MinHash LSH (word 3-shingles) proposes candidate pairs; a pair is a duplicate
  when the *containment* of the smaller shingle set in the larger is at least
  :data:`CONTAINMENT_THRESHOLD`. Containment, not Jaccard, because a scraped page with reader
  comments contains the whole clean article (Jaccard 0.39, containment 0.98 on such a pair).
- The best copy of a group is the one with the most metadata (author, outlet, title, a real
  publication date) and then the longest body; duplicates point at it with ``duplicate_of`` and
  the best copy takes the metadata it lacks from them. Nothing is dropped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Sequence

from datasketch import MinHash, MinHashLSH

CONTAINMENT_THRESHOLD = 0.8
LSH_THRESHOLD = 0.2  # LSH recall for low-Jaccard pairs; containment decides
NUM_PERM = 128
SHINGLE = 3
METADATA_FIELDS = ("title", "outlet", "author", "url")


@dataclass(frozen=True)
class DedupResult:
    new: tuple  # Articles to insert (with duplicate_of set where they are duplicates)
    updated: tuple  # already-stored Articles whose metadata or duplicate link changed


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger one."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def _minhash(sh: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=7)
    for s in sh:
        m.update(s.encode("utf-8"))
    return m


def exact_duplicate_id(article_id: str, source: str) -> str:
    return "a" + hashlib.sha1(f"{article_id}|{source}".encode("utf-8")).hexdigest()[:15]


def completeness(article) -> tuple:
    meta = sum(1 for f in METADATA_FIELDS if getattr(article, f))
    dated = 1 if article.published and not article.published_inferred else 0
    return (meta + dated, len(article.body), article.id)


def _groups(articles: Sequence, sets: dict[str, set[str]]) -> list[list[str]]:
    """Connected components of near-duplicate pairs (LSH candidates confirmed by containment)."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = {a.id: _minhash(sets[a.id]) for a in articles}
    for a in articles:
        lsh.insert(a.id, hashes[a.id])
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in articles:
        for other in lsh.query(hashes[a.id]):
            if other != a.id and containment(sets[a.id], sets[other]) >= CONTAINMENT_THRESHOLD:
                ra, rb = root(a.id), root(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(root(a.id), []).append(a.id)
    return [g for g in groups.values() if len(g) > 1]


def _fill_metadata(best, others):
    changes = {}
    for field in METADATA_FIELDS:
        if not getattr(best, field):
            value = next((getattr(o, field) for o in others if getattr(o, field)), None)
            if value:
                changes[field] = value
    if best.published_inferred or not best.published:
        real = next((o.published for o in others if o.published and not o.published_inferred), None)
        if real:
            changes.update(published=real, published_inferred=False)
    return replace(best, **changes) if changes else best


def _split_exact(new: Sequence, stored_by_id: dict) -> tuple[list, list, list]:
    """Group new articles by content id. Per group, the stored article (or else the most complete new
    one) keeps the id and takes missing metadata; copies from other sources get their own id and
    ``duplicate_of``; the same source again is a no-op. Returns (fresh, copies, updated stored)."""
    groups: dict[str, list] = {}
    for article in new:
        groups.setdefault(article.id, []).append(article)
    fresh, copies, updated = [], [], []
    for content_id, members in groups.items():
        known = stored_by_id.get(content_id)
        keeper = known or max(members, key=completeness)
        sources = {keeper.source}
        others = []
        for article in members:
            if article.source in sources or article is keeper:
                continue
            sources.add(article.source)
            copy_id = exact_duplicate_id(content_id, article.source)
            if copy_id in stored_by_id:
                continue
            others.append(article)
            copies.append(replace(article, id=copy_id, duplicate_of=keeper.duplicate_of or keeper.id))
        filled = _fill_metadata(keeper, others)
        if known is None:
            fresh.append(filled)
        elif filled != known:
            updated.append(filled)
    return fresh, copies, updated


def link_duplicates(new: Sequence, stored: Sequence = ()) -> DedupResult:
    """Link duplicates among ``new`` articles and between them and ``stored`` ones."""
    stored_by_id = {a.id: a for a in stored}
    fresh, exact, refreshed = _split_exact(new, stored_by_id)
    stored_now = {**stored_by_id, **{a.id: a for a in refreshed}}
    pool = {a.id: a for a in list(stored_now.values()) + fresh if not a.duplicate_of}
    sets = {i: shingles(a.body) for i, a in pool.items()}
    result = {a.id: a for a in fresh}
    updated: dict[str, object] = {a.id: a for a in refreshed}
    for group in _groups(sorted(pool.values(), key=lambda a: a.id), sets):
        members = [pool[i] for i in group]
        best = max(members, key=completeness)
        others = [m for m in members if m.id != best.id]
        best_filled = _fill_metadata(best, others)
        for m in [best_filled] + [replace(o, duplicate_of=best.id) for o in others]:
            if m.id in stored_by_id:
                if m != stored_by_id[m.id]:
                    updated[m.id] = m
            else:
                result[m.id] = m
    return DedupResult(new=tuple(result.values()) + tuple(exact), updated=tuple(updated.values()))
