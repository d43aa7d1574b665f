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
- Against a store: the stored articles are not all compared again. Each stored article keeps its
  MinHash LSH *band keys* in the database (:func:`band_keys`); :func:`stored_neighbours` looks
  the band keys of a new batch up there, checks the candidates with the same containment test,
  follows confirmed links from the stored articles found (a chain of copies), and returns the few
  stored articles that :func:`link_duplicates` needs to link the batch exactly as it would against
  every stored article. Articles another run stored since the last dedup are *pending* and are
  checked again, so two workers storing copies of one story at once are linked by the next run.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from datasketch import MinHash, MinHashLSH

from sitroom.core import setting

CONTAINMENT_THRESHOLD = setting("clean.dedup.containment_threshold")
LSH_THRESHOLD = setting("clean.dedup.lsh_threshold")  # LSH recall for low-Jaccard pairs; containment decides
NUM_PERM = setting("clean.dedup.num_perm")
SHINGLE = setting("clean.dedup.shingle")
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
    m.update_batch([s.encode("utf-8") for s in sorted(sh)])  # the same values as one update() each
    return m


@cache
def _hashranges() -> tuple[tuple[int, int], ...]:
    """The bands (slices of the MinHash) that the LSH index at :data:`LSH_THRESHOLD` uses."""
    return tuple(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


def _band_keys_of(sh: set[str]) -> tuple[bytes, ...]:
    values = _minhash(sh).hashvalues
    return tuple(n.to_bytes(1, "big") + values[start:end].astype(">u8").tobytes()
                 for n, (start, end) in enumerate(_hashranges()))


def band_keys(body: str) -> tuple[bytes, ...]:
    """The MinHash LSH band keys of a body: two bodies are LSH candidates (the pairs
    :class:`MinHashLSH` proposes) exactly when they share a key. Each key is the band's number
    and its hash values, so no two bands collide."""
    return _band_keys_of(shingles(body))


def exact_duplicate_id(article_id: str, source: str) -> str:
    return "a" + hashlib.sha1(f"{article_id}|{source}".encode()).hexdigest()[:15]


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


class DuplicateIndex(Protocol):
    """The stored side of dedup (the store implements it)."""

    def articles_by_id(self, ids: Sequence[str]) -> list: ...
    def band_candidates(self, band_keys: Sequence[bytes]) -> list[tuple[str, bytes]]: ...
    def pending_articles(self) -> list: ...


@dataclass(frozen=True)
class Neighbours:
    stored: tuple  # the stored Articles to pass to link_duplicates with the batch
    checked: tuple  # ids of the pending stored articles this run checks (to settle once stored)


def stored_neighbours(new: Sequence, index: DuplicateIndex) -> Neighbours:
    """The stored articles that linking ``new`` can touch: those with the content id of a new article
    or of its copy from the same source (exact duplicates), the pending ones, and every stored
    article linked to these or to a new one by a chain of near duplicates (LSH candidates found by
    band key, confirmed by containment). Linking ``new`` with them gives what linking it with every
    stored article gives: the rest were linked among themselves when they were stored."""
    exact = {a.id for a in new} | {exact_duplicate_id(a.id, a.source) for a in new}
    stored = {a.id: a for a in index.articles_by_id(sorted(exact))}
    pending = index.pending_articles()
    stored.update((a.id, a) for a in pending)
    stored.update(_near_closure(list(new) + pending, index))
    return Neighbours(stored=tuple(stored.values()), checked=tuple(a.id for a in pending))


def _near_closure(start: Sequence, index: DuplicateIndex) -> dict:
    """Stored articles reachable from ``start`` through confirmed near-duplicate pairs."""
    sets: dict[str, set[str]] = {}
    looked: dict = {}  # stored candidates fetched so far, by id
    found: dict = {}
    frontier = list(start)
    while frontier:
        pairs = _candidate_pairs(frontier, sets, index)
        for article in index.articles_by_id(sorted({c for _, c in pairs} - looked.keys())):
            looked[article.id] = article
            sets[article.id] = shingles(article.body)
        frontier = []
        for article_id, other in sorted(pairs):
            if other in looked and other not in found and \
                    containment(sets[article_id], sets[other]) >= CONTAINMENT_THRESHOLD:
                found[other] = looked[other]
                frontier.append(looked[other])
    return found


def _candidate_pairs(frontier: Sequence, sets: dict[str, set[str]], index: DuplicateIndex) -> set[tuple[str, str]]:
    """(frontier id, stored id) for each stored article sharing a band key with a frontier article."""
    by_key: dict[bytes, list[str]] = {}
    for article in frontier:
        sets.setdefault(article.id, shingles(article.body))
        for key in _band_keys_of(sets[article.id]):
            by_key.setdefault(key, []).append(article.id)
    return {(article_id, other) for other, key in index.band_candidates(list(by_key))
            for article_id in by_key.get(key, ()) if other != article_id}
