"""Progress of the pipeline's stages, reported to whoever asked for it.

The library is silent: :data:`SILENT` (a plain :class:`Progress`, which does nothing) is the default
of every :mod:`sitroom.pipeline` function. The command line picks a reporter with :func:`reporter`:

* on a terminal, a rich progress line per stage (done/total, rate, time left, time taken);
* elsewhere (a pipe, a log file), one plain line per stage when it ends, on the same stream::

      sitroom: extract: 300/300 articles, 13.2/s, 22.7 s

* with ``--quiet``, nothing.

A stage is reported as ``start(stage, total, unit)``, any number of ``advance(n)``, ``finish()``;
``total`` is None where it is not known beforehand (the articles a folder holds). :func:`stage`
does that around a block and adds the stage's wall-clock seconds to a timings dict, which the
pipeline returns in its reports (it never prints them).
"""
from __future__ import annotations

import re
import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

# A plain progress line, as :class:`PlainProgress` writes it (tests tell these from rejection lines).
PLAIN_LINE = re.compile(r"^sitroom: [\w +-]+: \d+(/\d+)? \w+, [\d.]+/s, [\d.]+ s$")


class Progress:
    """The reporter's interface, and the silent reporter itself (the library's default)."""

    def start(self, stage: str, total: int | None = None, unit: str = "articles") -> None:
        """A stage begins; ``total`` items are expected (None: not known)."""

    def advance(self, n: int = 1) -> None:
        """``n`` more items of the current stage are done."""

    def finish(self) -> None:
        """The current stage is over."""

    def close(self) -> None:
        """No more stages for now (a live display is taken down; a later ``start`` brings it back)."""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


SILENT = Progress()


class PlainProgress(Progress):
    """One line per stage, written when it ends: ``sitroom: STAGE: DONE/TOTAL UNIT, RATE/s, SECONDS s``."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream
        self.current: tuple[str, int | None, str, float] | None = None
        self.done = 0

    def start(self, stage: str, total: int | None = None, unit: str = "articles") -> None:
        self.current, self.done = (stage, total, unit, time.perf_counter()), 0

    def advance(self, n: int = 1) -> None:
        self.done += n

    def finish(self) -> None:
        if self.current is None:
            return
        stage, total, unit, started = self.current
        self.current = None
        seconds = time.perf_counter() - started
        print(plain_line(stage, self.done, total, unit, seconds), file=self.stream or sys.stderr, flush=True)


def plain_line(stage: str, done: int, total: int | None, unit: str, seconds: float) -> str:
    count = f"{done}/{total}" if total is not None else str(done)
    rate = done / seconds if seconds > 0 else 0.0
    return f"sitroom: {stage}: {count} {unit}, {rate:.1f}/s, {seconds:.1f} s"


class RichProgress(Progress):
    """A rich progress line per stage on a terminal; the lines stay when each stage ends."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream
        self.live = None
        self.task = None

    def start(self, stage: str, total: int | None = None, unit: str = "articles") -> None:
        if self.live is None:
            self.live = rich_progress(self.stream or sys.stderr)
            self.live.start()
        self.task = self.live.add_task(stage, total=total, unit=unit)

    def advance(self, n: int = 1) -> None:
        if self.live is not None and self.task is not None:
            self.live.advance(self.task, n)

    def finish(self) -> None:
        if self.live is None or self.task is None:
            return
        task = next(t for t in self.live.tasks if t.id == self.task)
        if task.total is None:  # the count is known now: the line ends as done/done
            self.live.update(self.task, total=task.completed)
        self.live.stop_task(self.task)
        self.task = None

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
        self.live, self.task = None, None


def rich_progress(stream: TextIO):
    """A rich progress display on ``stream`` (rich is imported only when a terminal wants it)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second: the stage's own rate once it is over, the recent rate meanwhile."""

        def render(self, task) -> Text:
            speed = task.completed / task.elapsed if task.finished and task.elapsed else task.speed
            return Text(f"{speed:,.1f}/s" if speed else "-/s", style="progress.data.speed")

    return Bar(TextColumn("[bold]{task.description:>8}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[unit]}"), RateColumn(), TimeRemainingColumn(), TimeElapsedColumn(),
               console=Console(file=stream), transient=False)


def reporter(quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """The command line's reporter: nothing when quiet, rich on a terminal, plain lines elsewhere."""
    stream = stream or sys.stderr
    if quiet:
        return SILENT
    is_terminal = getattr(stream, "isatty", lambda: False)()
    return RichProgress(stream) if is_terminal else PlainProgress(stream)


@contextmanager
def stage(progress: Progress, timings: dict[str, float], name: str, total: int | None = None,
          unit: str = "articles") -> Iterator[Progress]:
    """Report the block as one stage and add its wall-clock seconds to ``timings[name]``."""
    progress.start(name, total, unit)
    started = time.perf_counter()
    try:
        yield progress
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        progress.finish()


def format_timings(timings: dict[str, float]) -> str:
    """``read 0.4 s, dedup 0.1 s, ..., total 3.2 s``: the stages in the order they ran."""
    parts = [f"{name} {seconds:.1f} s" for name, seconds in timings.items()]
    return ", ".join(parts + [f"total {sum(timings.values()):.1f} s"]) if parts else "nothing to do"
