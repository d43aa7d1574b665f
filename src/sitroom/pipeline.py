"""The pipeline: a readable loop over the stages.

    ingest -> clean -> dedup -> store -> extract (analyse, figures, mentions) -> fuse -> store

Every stage turns a bad input into a :class:`~sitroom.core._records.Rejection` (source, stage, reason)
and the batch goes on. Re-running on the same inputs changes nothing: articles are keyed by
content, extraction is redone only for articles not yet extracted by this version, and fusion
is recomputed from everything stored.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from sitroom import __version__
from sitroom.clean import clean_document, infer_published_batch, link_duplicates
from sitroom.core import Article, InputError, Rejection, SourceMeta
from sitroom.extract import extract_article
from sitroom.fuse import fuse, fusion_mentions
from sitroom.ingest import read_inputs
from sitroom.store import Store

EXTRACTION_VERSION = f"{__version__}+2"
log = logging.getLogger("sitroom")


@dataclass
class IngestReport:
    added: list[Article] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)


@dataclass
class RunReport:
    ingest: IngestReport
    extracted: int
    extraction_rejections: list[Rejection]


def guarded(stage: str, source: str, step: Callable, *args):
    """Run one stage on one input. Bad input (:class:`sitroom.core.InputError`) becomes a Rejection.

    Anything else is a bug, not bad input: it is logged with its traceback and, under
    ``SITROOM_STRICT=1`` (set by the tests), raised; otherwise the article is rejected as an
    internal error so that the rest of the batch goes on."""
    try:
        return step(*args)
    except InputError as exc:
        return Rejection(source, stage, one_line(exc.reason))
    except Exception as exc:  # noqa: BLE001 - a bug: logged with its traceback, raised when strict
        log.exception("sitroom: %s failed on %s", stage, source)
        if strict():
            raise
        return Rejection(source, stage, one_line(f"internal error: {type(exc).__name__}: {exc}"))


def strict() -> bool:
    """``SITROOM_STRICT=1``: programming errors are raised, never turned into rejections."""
    return os.environ.get("SITROOM_STRICT", "") not in ("", "0")


def one_line(reason: str) -> str:
    return " ".join(reason.split())[:300]


def read_and_clean(paths: Iterable[str | Path], defaults: SourceMeta) -> tuple[list[Article], list[Rejection]]:
    articles, rejections = [], []
    for item in read_inputs(paths, defaults):
        if isinstance(item, Rejection):
            rejections.append(item)
            continue
        cleaned = guarded("clean", item.source, clean_document, item)
        (rejections if isinstance(cleaned, Rejection) else articles).append(cleaned)
    return articles, rejections


def date_undated(articles: Sequence[Article]) -> list[Article]:
    """Publication dates for the articles that came without one (clean guessed from each text
    alone), guessed again with the whole batch as a prior (:func:`sitroom.clean._published.infer_published_batch`)."""
    undated = [n for n, a in enumerate(articles) if not a.published or a.published_inferred]
    known = [a.published for a in articles if a.published and not a.published_inferred]
    guesses = infer_published_batch([articles[n].body for n in undated], known=known,
                                    first=[articles[n].published for n in undated])
    dated = list(articles)
    for n, guess in zip(undated, guesses):
        if guess.date:
            dated[n] = replace(articles[n], published=guess.date, published_inferred=True)
    return dated


def ingest(paths: Iterable[str | Path], store: Store, defaults: SourceMeta = SourceMeta()) -> IngestReport:
    """Read, clean, link duplicates and store; each article is written in its own transaction."""
    report = IngestReport()
    articles, report.rejections = read_and_clean(paths, defaults)
    articles = date_undated(articles)
    linked = link_duplicates(articles, store.articles())
    for article in linked.new:
        if store.add_article(article):
            report.added.append(article)
            report.duplicates += bool(article.duplicate_of)
        else:
            report.unchanged += 1
    report.unchanged += len(articles) - len(linked.new)
    for article in linked.updated:
        store.update_article(article)
    for rejection in report.rejections:
        store.record_rejection(rejection)
    return report


def extract_or_reject(article: Article):
    """Extract one article; an unexpected error becomes a Rejection (module-level: picklable for Dask)."""
    return guarded("extract", article.source, extract_article, article)


def map_extraction(articles: list[Article], scheduler: str | None = None, workers: int = 1) -> list:
    """Extract articles here, or on a Dask cluster: a local one (``workers`` > 1) or one at ``scheduler``."""
    if not scheduler and workers <= 1:
        return [extract_or_reject(a) for a in articles]
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            return client.gather(client.map(extract_or_reject, articles, pure=False))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        return client.gather(client.map(extract_or_reject, articles, pure=False))


def extract_pending(store: Store, scheduler: str | None = None, workers: int = 1) -> tuple[int, list[Rejection]]:
    """Extract figures and event mentions from every original article not yet extracted by this version."""
    done = store.extracted_versions()
    pending = [a for a in store.articles()
               if not a.duplicate_of and done.get(a.id) != EXTRACTION_VERSION]
    count, rejections = 0, []
    for article, result in zip(pending, map_extraction(pending, scheduler, workers)):
        if isinstance(result, Rejection):
            rejections.append(result)
            store.record_rejection(result)
            continue
        store.save_extraction(article.id, EXTRACTION_VERSION, result.figures, fusion_mentions(article, result))
        count += 1
    return count, rejections


def fuse_stored(store: Store) -> None:
    """Fuse every stored mention and figure into events, contradictions and a timeline."""
    articles = store.articles()
    result = fuse(articles, store.figures(), store.mentions())
    store.save_fusion(result.events, result.figures, result.contradictions, result.timeline)


def run(paths: Sequence[str | Path], store: Store, defaults: SourceMeta = SourceMeta(),
        scheduler: str | None = None, workers: int = 1) -> RunReport:
    """The main job: ingest, extract (optionally on a Dask cluster), fuse."""
    ingested = ingest(paths, store, defaults)
    extracted, rejections = extract_pending(store, scheduler, workers)
    fuse_stored(store)
    return RunReport(ingested, extracted, rejections)
