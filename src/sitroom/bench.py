"""`sitroom bench`: throughput and peak memory of each stage on a corpus, printed as a table.

Default corpus: ../shared/seeds (repeated ``--repeat`` times, each copy made unique so dedup
does not short-cut it). Times are wall-clock on this machine; results belong in
docs/benchmarks.md, never in test assertions.
"""
from __future__ import annotations

import resource
import time
import tracemalloc
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from rich.console import Console
from rich.table import Table

from sitroom.clean import clean_document, link_duplicates
from sitroom.core import RawDocument
from sitroom.evaluation.paths import shared_path
from sitroom.extract import classify_events, extract_article
from sitroom.fuse import fuse, fusion_mentions
from sitroom.ingest import read_inputs
from sitroom.progress import SILENT, Progress


@dataclass(frozen=True)
class StageTiming:
    stage: str
    items: int
    words: int
    seconds: float
    peak_mb: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def measure(stage: str, items: int | None, words: int, step: Callable[[], object],
            progress: Progress = SILENT) -> tuple[StageTiming, object]:
    """Time ``step`` as one stage, reported to ``progress`` (``items`` expected; None: not known);
    the step advances the progress itself (:func:`ticking`, :func:`counted`)."""
    tracemalloc.start()
    progress.start(stage, items)
    started = time.perf_counter()
    try:
        result = step()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        progress.finish()
    return StageTiming(stage, items or 0, words, seconds, peak), result


def ticking(progress: Progress, items: Iterable) -> Iterator:
    """The items, each told to ``progress`` as it is taken."""
    for item in items:
        progress.advance()
        yield item


def counted(progress: Progress, n: int, result):
    """``result``, with ``n`` items told to ``progress`` (a step done in one call)."""
    progress.advance(n)
    return result


def default_corpus() -> list[Path]:
    return [shared_path("seeds")]


def warm_up(sample) -> float:
    """Load models and indexes once (language id, gazetteer, spaCy, event typer); returns seconds."""
    started = time.perf_counter()
    article = clean_document(sample)
    if hasattr(article, "body"):
        extract_article(article)
    return time.perf_counter() - started


def bench(paths: list[Path], repeat: int = 1, limit: int | None = None,
          progress: Progress = SILENT) -> tuple[float, list[StageTiming]]:
    """Time each stage over the corpus (``repeat`` copies, each made unique). Extraction runs over every
    cleaned article, duplicates included, so the figure is per article read. Each stage is told to
    ``progress``."""
    timings = []
    t, raws = measure("ingest", None, 0, lambda: [r for r in ticking(progress, read_inputs(paths))
                                                  if isinstance(r, RawDocument)], progress)
    raws = raws[:limit] if limit else raws
    startup = warm_up(raws[0]) if raws else 0.0
    words = sum(len((r.text or r.html or "").split()) for r in raws)
    timings.append(replace(t, items=len(raws), words=words))
    raws = [replace(r, source=f"{r.source}~{i}", text=f"{r.text}\n[copy {i}]" if r.text else r.text)
            for i in range(repeat) for r in raws]
    words *= repeat
    t, articles = measure("clean", len(raws), words, lambda: [
        a for a in map(clean_document, ticking(progress, raws)) if hasattr(a, "body")], progress)
    timings.append(t)
    body_words = sum(len(a.body.split()) for a in articles)
    t, linked = measure("dedup", len(articles), body_words,
                        lambda: counted(progress, len(articles), link_duplicates(articles).new), progress)
    timings.append(t)
    t, extractions = measure("extract", len(articles), body_words,
                             lambda: [extract_article(a) for a in ticking(progress, articles)], progress)
    timings.append(t)
    timings += bench_downstream(articles, extractions, body_words, progress)
    return startup, timings


def bench_downstream(articles: list, extractions: list, body_words: int, progress: Progress) -> list[StageTiming]:
    """Fusion, and the floor beside it: the tokenizer pass and the event typer over its sentences."""
    figs = [f for e in extractions for f in e.figures]
    mens = [m for a, e in zip(articles, extractions) for m in fusion_mentions(a, e)]  # as `sitroom run` stores them
    fused, _ = measure("fuse", len(mens), body_words,
                       lambda: counted(progress, len(mens), fuse(articles, figs, mens)), progress)
    nlp = blank_sentencizer()
    floor, sentences = measure("tokenizer pass", len(articles), body_words,
                               lambda: tokenizer_pass(nlp, [a.body for a in articles], progress), progress)
    typer, _ = measure("event typer", len(sentences), sum(len(x.split()) for x in sentences),
                       lambda: counted(progress, len(sentences), classify_events(sentences)), progress)
    return [fused, floor, typer]


def blank_sentencizer() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def tokenizer_pass(nlp: spacy.language.Language, texts: list[str], progress: Progress = SILENT) -> list[str]:
    """The practical floor: spaCy's blank English tokenizer and rule sentencizer over the same text.
    Returns the sentences (the event typer is timed on them)."""
    return [s.text for doc in ticking(progress, nlp.pipe(texts)) for s in doc.sents if s.text.strip()]


def run_bench(paths: list[str], repeat: int = 1, limit: int | None = None, progress: Progress = SILENT) -> int:
    corpus = [Path(p) for p in paths] or default_corpus()
    with progress:
        startup, timings = bench(corpus, repeat, limit, progress)
    table = Table(title=f"sitroom bench ({', '.join(map(str, corpus))}, x{repeat})",
                  caption="tokenizer pass: spaCy blank('en') + sentencizer over the same bodies; "
                          "event typer: the sentences of that pass")
    for col in ("stage", "items", "words", "seconds", "words/s", "peak MB (Python heap)"):
        table.add_column(col, justify="right")
    for t in timings:
        table.add_row(t.stage, str(t.items), str(t.words), f"{t.seconds:.2f}", f"{t.words_per_second:,.0f}",
                      f"{t.peak_mb:.1f}")
    pipeline = sum(t.seconds for t in timings if t.stage in ("clean", "dedup", "extract", "fuse"))
    floor = next(t.seconds for t in timings if t.stage.startswith("tokenizer"))
    typer = timings[-1]
    console = Console()
    console.print(table)
    console.print(f"start-up (models and indexes loaded once): {startup:.1f} s")
    console.print(f"clean+dedup+extract+fuse: {pipeline:.1f} s = {pipeline / floor if floor else 0:.1f}x the tokenizer pass; "
                  f"articles/s: {timings[1].items / pipeline if pipeline else 0:.1f}")
    console.print(f"event typer: {typer.items / typer.seconds if typer.seconds else 0:,.0f} sentences/s (one process)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(f"process peak RSS: {rss:.0f} MB")
    return 0
