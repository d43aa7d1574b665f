"""The pipeline: a readable loop over the stages.

    ingest -> clean -> dedup -> store -> extract (analyse, figures, mentions) -> fuse -> store

Every stage turns a bad input into a :class:`~sitroom.core._records.Rejection` (source, stage, reason)
and the batch goes on. Re-running on the same inputs changes nothing: articles are keyed by
content (and the same content from the same origin, a resolved path, URL or record id, is stored
once), extraction is redone only for articles not yet extracted by this version, and fusion
is recomputed from everything stored.

Checkpoints: each article is stored in its own transaction and each article's extraction is
stored as soon as it is done, so a killed run resumes where it stopped. Several processes may
work on one database at once: writes are upserts, and a fusion computed while another process
changed the articles or extractions is thrown away and computed again.

Progress: every function here takes an optional ``progress`` (:class:`sitroom.progress.Progress`,
default silent) told of each stage as it goes (read, dedup, store, extract, fuse); the wall-clock
seconds of each stage come back in the reports (``timings``). The library prints nothing itself.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from sitroom import __version__
from sitroom.clean import (
    article_id_for,
    band_keys,
    clean_document,
    infer_published_batch,
    link_duplicates,
    stored_neighbours,
)
from sitroom.core import Article, InputError, Rejection, SourceMeta, limits, setting
from sitroom.extract import extract_article
from sitroom.fuse import fuse, fusion_mentions
from sitroom.ingest import read_inputs
from sitroom.progress import SILENT, Progress, stage
from sitroom.store import Store

EXTRACTION_VERSION = f"{__version__}+2"
FUSION_ATTEMPTS = setting("app.pipeline.fusion_attempts")
log = logging.getLogger("sitroom")


@dataclass
class IngestReport:
    added: list[Article] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> wall-clock seconds, in order

    @property
    def new(self) -> int:
        """Articles added that are not a near-copy of another."""
        return len(self.added) - self.duplicates


@dataclass
class RunReport:
    ingest: IngestReport
    extracted: int
    extraction_rejections: list[Rejection]
    timings: dict[str, float] = field(default_factory=dict)  # every stage, ingest's included

    @property
    def rejections(self) -> list[Rejection]:
        return self.ingest.rejections + self.extraction_rejections


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


def read_and_clean(paths: Iterable[str | Path], defaults: SourceMeta,
                   progress: Progress = SILENT) -> tuple[list[Article], list[Rejection]]:
    articles, rejections = [], []
    for item in read_inputs(paths, defaults):
        progress.advance()
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
    cap = limits().article_chars  # bounded work: dates are read from the first characters only
    guesses = infer_published_batch([articles[n].body[:cap] for n in undated], known=known,
                                    first=[articles[n].published for n in undated])
    dated = list(articles)
    for n, guess in zip(undated, guesses):
        if guess.date:
            dated[n] = replace(articles[n], published=guess.date, published_inferred=True)
    return dated


def ingest(paths: Iterable[str | Path], store: Store, defaults: SourceMeta = SourceMeta(),
           progress: Progress = SILENT) -> IngestReport:
    """Read, clean, link duplicates and store; each article is written in its own transaction."""
    report = IngestReport()
    with stage(progress, report.timings, "read"):
        articles, report.rejections = read_and_clean(paths, defaults, progress)
    with stage(progress, report.timings, "dedup", len(articles)):
        revision = store.revision()  # read first: at the end it tells whether another process wrote meanwhile
        articles, linked, neighbours = link_to_store(store, date_undated(articles), report)
        progress.advance(len(articles) + report.unchanged)
    report.unchanged += len(articles) - len(linked.new)
    with stage(progress, report.timings, "store", len(linked.new) + len(linked.updated)):
        store_linked(store, linked, report, progress)
        settle_checked(store, neighbours.checked, report, len(linked.updated), revision)
    return report


def link_to_store(store: Store, articles: list[Article], report: IngestReport):
    """Drop the articles already stored from the same origin (``report.unchanged`` counts them) and link
    the rest with each other and with the stored articles the dedup index finds (not every stored
    one). Returns the articles kept, the :class:`~sitroom.clean._dedup.DedupResult` and the neighbours."""
    band_unbanded(store)
    articles, report.unchanged = drop_known(articles, store.articles_by_origin(
        [a.url for a in articles if a.url], [a.external_id for a in articles if a.external_id]))
    neighbours = stored_neighbours(articles, store)
    return articles, link_duplicates(articles, neighbours.stored), neighbours


def settle_checked(store: Store, checked: Sequence[str], report: IngestReport, updated: int, revision: int) -> None:
    """Mark as checked the pending articles this run compared with the whole store, and its own new
    ones too when no other process wrote since the run read the store (the revision moved by exactly
    this run's writes: one per article added or updated); else those wait for the next run."""
    alone = store.revision() == revision + len(report.added) + updated
    own = [a.id for a in report.added if not a.duplicate_of] if alone else []
    store.settle_bands([*checked, *own])


def band_unbanded(store: Store) -> None:
    """Give the stored articles that have no dedup band keys theirs (a database written before the
    index existed, or articles added by other code); they are pending, so the next dedup checks them."""
    for article in store.unbanded_articles():
        store.save_bands(article.id, band_keys(article.body))


def store_linked(store: Store, linked, report: IngestReport, progress: Progress = SILENT) -> None:
    """Write the new articles (one transaction each), the ones dedup changed, and the rejections."""
    for article in linked.new:
        if store.add_article(article, () if article.duplicate_of else band_keys(article.body)):
            report.added.append(article)
            report.duplicates += bool(article.duplicate_of)
        else:
            report.unchanged += 1
        progress.advance()
    for article in linked.updated:
        store.update_article(article)
        progress.advance()
    for rejection in report.rejections:
        store.record_rejection(rejection)


def origins(article: Article) -> set[tuple[str, str]]:
    """Where an article came from, as far as identity goes: its URL and record id where given."""
    return {(kind, value) for kind, value in (("url", article.url), ("id", article.external_id)) if value}


def drop_known(articles: Sequence[Article], stored: Sequence[Article]) -> tuple[list[Article], int]:
    """The articles whose content is not yet stored from the same origin (URL or record id), and
    how many were (a feed item seen in two snapshots of a feed, a record re-exported elsewhere).
    ``stored``: at least the stored articles with one of their URLs or record ids. The same content
    from the same path is recognised later, by dedup."""
    seen = {(article_id_for(a.body), o) for a in stored for o in origins(a)}
    kept = []
    for article in articles:
        keys = {(article.id, o) for o in origins(article)}
        if keys & seen:
            continue
        seen |= keys
        kept.append(article)
    return kept, len(articles) - len(kept)


def extract_or_reject(article: Article):
    """Extract one article; an unexpected error becomes a Rejection (module-level: picklable for Dask)."""
    return guarded("extract", article.source, extract_article, article)


def map_extraction(articles: list[Article], scheduler: str | None = None, workers: int = 1) -> list:
    """Extract articles here, or on a Dask cluster: a local one (``workers`` > 1) or one at ``scheduler``;
    the results in the order of ``articles``."""
    results = dict(iter_extraction(articles, scheduler, workers))
    return [results[n] for n in range(len(articles))]


def iter_extraction(articles: list[Article], scheduler: str | None = None, workers: int = 1) -> Iterator[tuple]:
    """(index in ``articles``, result) pairs as each extraction finishes (here, in order; on a
    Dask cluster, in completion order), so that each result can be stored at once."""
    if not scheduler and workers <= 1:
        for n, article in enumerate(articles):
            yield n, extract_or_reject(article)
        return
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler:
        with Client(scheduler) as client:
            yield from gather_as_completed(client, articles, as_completed)
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield from gather_as_completed(client, articles, as_completed)


def gather_as_completed(client, articles: list[Article], as_completed) -> Iterator[tuple]:
    futures = client.map(extract_or_reject, articles, pure=False)
    index = {future.key: n for n, future in enumerate(futures)}
    for future, result in as_completed(futures, with_results=True):
        yield index[future.key], result


def bounded(article: Article) -> tuple[Article, Rejection | None]:
    """The article as extraction sees it: its first ``article_chars`` characters (cut at a line or
    sentence end), with a one-line note when it was cut. Offsets stay valid in the whole body."""
    cap = limits().article_chars
    if len(article.body) <= cap:
        return article, None
    head = article.body[:cap]
    cut = max(head.rfind("\n"), head.rfind(". ") + 1)
    head = head[:cut] if cut > cap // 2 else head
    note = Rejection(article.source, "extract", f"article of {len(article.body)} characters: only the first "
                     f"{len(head)} analysed (limit {cap}, SITROOM_MAX_ARTICLE_CHARS)")
    return replace(article, body=head), note


def extract_pending(store: Store, scheduler: str | None = None, workers: int = 1, progress: Progress = SILENT,
                    timings: dict[str, float] | None = None) -> tuple[int, list[Rejection]]:
    """Extract figures and event mentions from every original article not yet extracted by this
    version, storing each article's result as soon as it comes (a checkpoint). Articles that became
    duplicates since they were extracted lose their extraction (their original carries it).
    The stage is reported to ``progress`` article by article; its seconds go to ``timings``."""
    done = store.extracted_versions()
    stored = store.articles()
    stale = [a.id for a in stored if a.duplicate_of and a.id in done]
    if stale:
        store.drop_extraction(stale)
    pending = [a for a in stored if not a.duplicate_of and done.get(a.id) != EXTRACTION_VERSION]
    full = {a.id: a for a in pending}
    views = [bounded(a) for a in pending]
    rejections = [note for _, note in views if note]
    for note in rejections:
        store.record_rejection(note)
    count = 0
    with stage(progress, {} if timings is None else timings, "extract", len(views)):
        for n, result in iter_extraction([v for v, _ in views], scheduler, workers):
            progress.advance()
            view = views[n][0]
            if isinstance(result, Rejection):
                rejections.append(result)
                store.record_rejection(result)
                continue
            store.save_extraction(view.id, EXTRACTION_VERSION, result.figures, fusion_mentions(full[view.id], result))
            count += 1
    return count, rejections


def fuse_stored(store: Store, progress: Progress = SILENT, timings: dict[str, float] | None = None) -> bool:
    """Fuse every stored mention and figure into events, contradictions and a timeline.

    When another process writes articles or extractions meanwhile, the result is thrown away and
    fusion runs again on the new state; after :data:`FUSION_ATTEMPTS` it gives up (False), leaving
    the fusion to the process still writing, which fuses after its last write. Reported to
    ``progress`` as one stage counted in mentions; its seconds go to ``timings``."""
    with stage(progress, {} if timings is None else timings, "fuse", unit="mentions"):
        for _ in range(FUSION_ATTEMPTS):
            revision = store.revision()
            articles, figures, mentions = store.articles(), store.figures(), store.mentions()
            result = fuse(articles, figures, mentions)
            if store.save_fusion(result.events, result.figures, result.contradictions, result.timeline,
                                 revision=revision):
                progress.advance(len(mentions))
                return True
    log.warning("sitroom: fusion skipped: the database kept changing under it (another process is writing)")
    return False


def run(paths: Sequence[str | Path], store: Store, defaults: SourceMeta = SourceMeta(),
        scheduler: str | None = None, workers: int = 1, progress: Progress = SILENT) -> RunReport:
    """The main job: ingest, extract (optionally on a Dask cluster), fuse. Each stage is reported to
    ``progress`` (default: silent); the report carries every stage's seconds."""
    ingested = ingest(paths, store, defaults, progress)
    timings = dict(ingested.timings)
    extracted, rejections = extract_pending(store, scheduler, workers, progress, timings)
    fuse_stored(store, progress, timings)
    return RunReport(ingested, extracted, rejections, timings)
