"""`sitroom bench`: throughput and peak memory of each stage on a corpus, printed as a table.

Default corpus: ../shared/seeds. Any path ``sitroom run`` reads, or an ACLED CSV (``.csv`` or
``.csv.gz`` with a ``notes`` column: each note a short report published on its upload day).
``--repeat N`` processes N copies, each with its own id; ``--no-dedup`` skips dedup (for repeated
corpora, where every copy would be linked to the first). Times are wall-clock on this machine
without ``--trace-memory`` (which adds each stage's Python heap peak and slows Python code up to
2x); results belong in docs/benchmarks.md, never in test assertions.
"""
from __future__ import annotations

import csv
import gzip
import resource
import time
import tracemalloc
from itertools import islice
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from rich.console import Console
from rich.table import Table

from sitroom.clean import clean_document, link_duplicates
from sitroom.core import RawDocument, SourceMeta
from sitroom.evaluation.acled import anchor_date, strip_coding_remarks
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
    peak_mb: float | None  # Python heap peak (``--trace-memory`` only)
    rss_mb: float = 0.0  # process peak RSS at the end of the stage

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class BenchOptions:
    repeat: int = 1  # unique copies of the corpus
    limit: int | None = None  # only the first N input documents
    dedup: bool = True  # False: no dedup stage (repeated corpora)
    trace_memory: bool = False  # each stage's Python heap peak (slows Python code)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(stage: str, items: int | None, words: int, step: Callable[[], object],
            progress: Progress = SILENT, trace_memory: bool = False) -> tuple[StageTiming, object]:
    """Time ``step`` as one stage, reported to ``progress`` (``items`` expected; None: not known);
    the step advances the progress itself (:func:`ticking`, :func:`counted`)."""
    if trace_memory:
        tracemalloc.start()
    progress.start(stage, items)
    started = time.perf_counter()
    try:
        result = step()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace_memory else None
        if trace_memory:
            tracemalloc.stop()
        progress.finish()
    return StageTiming(stage, items or 0, words, seconds, peak, peak_rss_mb()), result


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


def is_acled_csv(path: Path) -> bool:
    return path.name.lower().endswith((".csv", ".csv.gz"))


def acled_notes(path: Path) -> Iterator[RawDocument]:
    """Each note of an ACLED CSV as a short plain-text report published on its upload day (coding
    remarks cut, as the ACLED scorer does)."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", newline="", encoding="utf-8-sig") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=1):
            note = strip_coding_remarks(row.get("notes") or "")
            if note:
                day = anchor_date(row)
                yield RawDocument(f"{path}#{n}", "text", text=note,
                                  meta=SourceMeta(published=day.isoformat() if day else None, outlet="acled"))


def corpus_documents(paths: list[Path]) -> Iterator[RawDocument]:
    """The raw documents of the corpus: ACLED CSVs note by note, everything else as ``sitroom run`` reads it."""
    others = [p for p in paths if not is_acled_csv(p)]
    for path in paths:
        if is_acled_csv(path):
            yield from acled_notes(path)
    yield from (r for r in read_inputs(others) if isinstance(r, RawDocument))


def copies(raws: list[RawDocument], repeat: int) -> list[RawDocument]:
    """``repeat`` copies of the corpus, each document with its own source and a marker line."""
    if repeat <= 1:
        return raws
    return [replace(r, source=f"{r.source}~{i}", text=f"{r.text}\n[copy {i}]" if r.text else r.text)
            for i in range(repeat) for r in raws]


def warm_up(sample) -> float:
    """Load models and indexes once (language id, gazetteer, spaCy, event typer); returns seconds."""
    started = time.perf_counter()
    article = clean_document(sample)
    if hasattr(article, "body"):
        extract_article(article)
    return time.perf_counter() - started


def bench(paths: list[Path], options: BenchOptions = BenchOptions(),
          progress: Progress = SILENT) -> tuple[float, list[StageTiming]]:
    """Time each stage over the corpus (``options.repeat`` copies, each its own article). Extraction
    runs over every cleaned article, duplicates included, so the figure is per article read. Each
    stage is told to ``progress``."""
    traced = options.trace_memory
    t, raws = measure("ingest", options.limit, 0, lambda: list(
        ticking(progress, islice(corpus_documents(paths), options.limit))), progress, traced)
    startup = warm_up(raws[0]) if raws else 0.0
    words = sum(len((r.text or r.html or "").split()) for r in raws)
    timings = [replace(t, items=len(raws), words=words)]
    raws = copies(raws, options.repeat)
    t, articles = measure("clean", len(raws), words * options.repeat, lambda: [
        a for a in map(clean_document, ticking(progress, raws)) if hasattr(a, "body")], progress, traced)
    timings.append(t)
    body_words = sum(len(a.body.split()) for a in articles)
    if options.dedup:
        t, _ = measure("dedup", len(articles), body_words,
                       lambda: counted(progress, len(articles), link_duplicates(articles).new), progress, traced)
        timings.append(t)
    t, extractions = measure("extract", len(articles), body_words,
                             lambda: [extract_article(a) for a in ticking(progress, articles)], progress, traced)
    timings.append(t)
    timings += bench_downstream(articles, extractions, body_words, progress, traced)
    return startup, timings


def bench_downstream(articles: list, extractions: list, body_words: int, progress: Progress,
                     traced: bool = False) -> list[StageTiming]:
    """Fusion, and the floor beside it: the tokenizer pass and the event typer over its sentences."""
    figs = [f for e in extractions for f in e.figures]
    mens = [m for a, e in zip(articles, extractions) for m in fusion_mentions(a, e)]  # as `sitroom run` stores them
    fused, _ = measure("fuse", len(mens), body_words,
                       lambda: counted(progress, len(mens), fuse(articles, figs, mens)), progress, traced)
    nlp = blank_sentencizer()
    floor, sentences = measure("tokenizer pass", len(articles), body_words,
                               lambda: tokenizer_pass(nlp, [a.body for a in articles], progress), progress, traced)
    typer, _ = measure("event typer", len(sentences), sum(len(x.split()) for x in sentences),
                       lambda: counted(progress, len(sentences), classify_events(sentences)), progress, traced)
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


PIPELINE_STAGES = ("clean", "dedup", "extract", "fuse")


def run_bench(paths: list[str], options: BenchOptions = BenchOptions(), progress: Progress = SILENT,
              markdown: bool = False) -> int:
    corpus = [Path(p) for p in paths] or default_corpus()
    with progress:
        startup, timings = bench(corpus, options, progress)
    title = (f"sitroom bench ({', '.join(map(str, corpus))}, x{options.repeat}"
             f"{', dedup off' if not options.dedup else ''})")
    if markdown:
        print(markdown_table(title, timings))
    else:
        Console().print(rich_table(title, timings))
    print("\n".join(summary_lines(startup, timings)))
    return 0


COLUMNS = ("stage", "items", "words", "seconds", "words/s", "items/s", "peak RSS MB", "Python heap MB")


def table_rows(timings: list[StageTiming]) -> list[tuple[str, ...]]:
    return [(t.stage, f"{t.items:,}", f"{t.words:,}", f"{t.seconds:.2f}", f"{t.words_per_second:,.0f}",
             f"{t.items / t.seconds if t.seconds else 0:,.1f}", f"{t.rss_mb:.0f}",
             "-" if t.peak_mb is None else f"{t.peak_mb:.1f}") for t in timings]


def rich_table(title: str, timings: list[StageTiming]) -> Table:
    table = Table(title=title, caption="tokenizer pass: spaCy blank('en') + sentencizer over the same bodies; "
                                       "event typer: the sentences of that pass")
    for col in COLUMNS:
        table.add_column(col, justify="right")
    for row in table_rows(timings):
        table.add_row(*row)
    return table


def markdown_table(title: str, timings: list[StageTiming]) -> str:
    lines = [f"`{title}`", "", "| " + " | ".join(COLUMNS) + " |", "| --- |" + " ---: |" * (len(COLUMNS) - 1)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in table_rows(timings)])


def summary_lines(startup: float, timings: list[StageTiming]) -> list[str]:
    pipeline = sum(t.seconds for t in timings if t.stage in PIPELINE_STAGES)
    floor = next(t.seconds for t in timings if t.stage.startswith("tokenizer"))
    cleaned = next(t.items for t in timings if t.stage == "clean")
    typer = timings[-1]
    return [
        f"start-up (models and indexes loaded once): {startup:.1f} s",
        f"{'+'.join(t.stage for t in timings if t.stage in PIPELINE_STAGES)}: {pipeline:.1f} s = "
        f"{pipeline / floor if floor else 0:.1f}x the tokenizer pass; articles/s: {cleaned / pipeline if pipeline else 0:.1f}",
        f"event typer: {typer.items / typer.seconds if typer.seconds else 0:,.0f} sentences/s (one process)",
        f"process peak RSS: {peak_rss_mb():.0f} MB",
    ]
