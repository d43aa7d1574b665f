"""Progress and the final summary (issue 15, part 8).

The CLI runs as a subprocess, so stderr is not a terminal: one plain line per stage. ``--quiet``
prints none. The library stays silent by default and returns each stage's seconds in its reports.
Nothing here asserts on time.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitroom.bench import BenchOptions, bench, copies, corpus_documents
from sitroom.pipeline import ingest, run
from sitroom.progress import (
    PLAIN_LINE,
    SILENT,
    PlainProgress,
    Progress,
    RichProgress,
    plain_line,
    reporter,
)
from sitroom.store import open_store
from sitroom.watch import WatchSettings, watch

ARTICLES = {
    "shelling.txt": "Shelling kills three in border village\n\nThree civilians were killed and five wounded when "
                    "artillery shells hit the village of Talish on Monday, March 2, 2020, local officials said. "
                    "The regional governor said the shelling lasted two hours and damaged a school.",
    "protest.txt": "Hundreds protest in the capital\n\nHundreds of people protested outside the parliament in "
                   "Yerevan on Tuesday, March 3, 2020, demanding the release of detained activists. Police said "
                   "twelve protesters were arrested.",
    "ambush.txt": "Two soldiers killed in ambush\n\nTwo soldiers were killed and one is missing after an ambush "
                  "on a patrol near Martuni on Wednesday, March 4, 2020, the defence ministry said in a statement.",
}
STAGES = ["read", "dedup", "store", "extract", "fuse"]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Three articles, a near-copy of the first (a duplicate) and an empty file (rejected)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "shelling-copy.txt").write_text(ARTICLES["shelling.txt"] + "\n\nShare this article.", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def sitroom(*argv, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitroom.cli", *map(str, argv)], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def progress_lines(stderr: str) -> dict[str, str]:
    """Stage -> its plain progress line."""
    return {line.split(": ")[1]: line for line in stderr.splitlines() if PLAIN_LINE.match(line)}


class Recorder(Progress):
    """Every call, as (stage, total, done) per finished stage."""

    def __init__(self):
        self.stages: list[tuple[str, int | None, int]] = []
        self.current = None
        self.closed = 0

    def start(self, stage, total=None, unit="articles"):
        assert self.current is None, f"{stage} started inside {self.current}"
        self.current = [stage, total, 0]

    def advance(self, n=1):
        self.current[2] += n

    def finish(self):
        self.stages.append(tuple(self.current))
        self.current = None

    def close(self):
        self.closed += 1


def test_run_prints_a_plain_line_per_stage_and_the_summary(corpus, tmp_path):
    done = sitroom("run", corpus, "--db", tmp_path / "t.db", "--report", tmp_path / "r.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = progress_lines(done.stderr)
    assert list(lines) == STAGES, done.stderr
    assert lines["read"].startswith("sitroom: read: 5 articles, ")
    assert lines["dedup"].startswith("sitroom: dedup: 4/4 articles, ")
    assert lines["store"].startswith("sitroom: store: 4/4 articles, ")
    assert lines["extract"].startswith("sitroom: extract: 3/3 articles, ")
    assert re.match(r"sitroom: fuse: \d+ mentions, ", lines["fuse"])
    others = [l for l in done.stderr.splitlines() if l.strip() and not PLAIN_LINE.match(l)]
    assert others == [f"sitroom: {corpus / 'empty.txt'}: ingest: empty file"]
    assert "articles: 3 new, 1 duplicates, 0 unchanged, 1 rejected (reasons above); 3 extracted" in done.stdout
    stages = next(l for l in done.stdout.splitlines() if l.startswith("stages: "))
    assert re.fullmatch(r"stages: read [\d.]+ s, dedup [\d.]+ s, store [\d.]+ s, extract [\d.]+ s, "
                        r"fuse [\d.]+ s, report [\d.]+ s, total [\d.]+ s", stages)


def test_quiet_ingest_prints_no_progress_and_the_same_summary(corpus, tmp_path):
    db = tmp_path / "t.db"
    first = sitroom("ingest", corpus, "--db", db, "--quiet", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [f"sitroom: {corpus / 'empty.txt'}: ingest: empty file"]
    assert first.stdout.startswith(f"4 added (1 duplicates), 0 unchanged, 1 rejected (reasons above) -> {db}\n")
    assert re.search(r"^stages: read [\d.]+ s, dedup [\d.]+ s, store [\d.]+ s, total [\d.]+ s$", first.stdout, re.M)
    again = sitroom("ingest", corpus, "--db", db, cwd=tmp_path)
    assert again.returncode == 0 and list(progress_lines(again.stderr)) == ["read", "dedup", "store"]
    assert progress_lines(again.stderr)["store"].startswith("sitroom: store: 0/0 articles")
    assert again.stdout.startswith("0 added (0 duplicates), 4 unchanged, 1 rejected (reasons above)")


def test_exit_codes_are_unchanged_with_quiet(tmp_path):
    bad = sitroom("ingest", tmp_path / "nowhere", "--db", tmp_path / "x.db", "-q", cwd=tmp_path)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "nowhere" in bad.stderr
    assert not progress_lines(bad.stderr)
    for command in ("run", "ingest", "watch", "bench", "demo"):
        helped = sitroom(command, "--help", cwd=tmp_path)
        assert helped.returncode == 0 and "--quiet" in helped.stdout, command


def test_the_library_is_silent_and_returns_each_stage_s_seconds(corpus, tmp_path, capsys):
    with open_store(tmp_path / "t.db") as store:
        report = run([corpus], store)
    assert capsys.readouterr() == ("", "")
    assert list(report.timings) == STAGES and all(s >= 0 for s in report.timings.values())
    assert list(report.ingest.timings) == STAGES[:3]
    assert (report.ingest.new, report.ingest.duplicates, len(report.rejections)) == (3, 1, 1)


def test_the_pipeline_tells_the_progress_each_stage_with_its_counts(corpus, tmp_path):
    recorder = Recorder()
    with open_store(tmp_path / "t.db") as store:
        run([corpus], store, progress=recorder)
        assert [s for s, _, _ in recorder.stages] == STAGES
        assert recorder.stages[:4] == [("read", None, 5), ("dedup", 4, 4), ("store", 4, 4), ("extract", 3, 3)]
        again = Recorder()
        ingest([corpus], store, progress=again)
    assert again.stages == [("read", None, 5), ("dedup", 4, 4), ("store", 0, 0)]


def test_watch_reports_each_poll_s_stages_and_closes_the_display_before_the_poll_line(corpus, tmp_path):
    recorder, seen = Recorder(), []
    with open_store(tmp_path / "w.db") as store:
        watch([str(corpus)], store, tmp_path / "w.db", WatchSettings(every=0), polls=2, progress=recorder,
              on_poll=lambda report: seen.append((recorder.closed, list(report.timings))))
    assert [s for s, _, _ in recorder.stages] == STAGES  # the second poll found nothing new: no run
    assert seen == [(1, STAGES), (2, [])]


def test_bench_reports_every_stage(corpus):
    recorder = Recorder()
    _, timings = bench([corpus], progress=recorder)
    assert [s for s, _, _ in recorder.stages] == [t.stage for t in timings]
    assert all(total is None or done == total for _, total, done in recorder.stages), recorder.stages
    assert recorder.stages[0] == ("ingest", None, timings[0].items)  # the readable documents, counted as read
    assert timings[0].items == 4 and all(t.peak_mb is None for t in timings)  # the fixture's 5th file is unreadable


def test_bench_reads_acled_notes_and_makes_copies_of_their_own(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("event_date,notes,timestamp\n"
                     "3 March 2021,\"On 3 March 2021, police arrested 4 protesters in Harare. Fatalities coded as 0.\",1615000000\n"
                     "4 March 2021,,1615000000\n", encoding="utf-8")
    raws = list(corpus_documents([notes]))
    assert len(raws) == 1 and raws[0].meta.published == "2021-03-06"
    assert "coded" not in raws[0].text and raws[0].text.startswith("On 3 March 2021")
    doubled = copies(raws, 3)
    assert len({r.source for r in doubled}) == 3 and len({r.text for r in doubled}) == 3
    _, timings = bench([notes], BenchOptions(repeat=2, dedup=False))
    assert "dedup" not in [t.stage for t in timings] and timings[1].items == 2


def test_plain_lines_and_the_choice_of_reporter():
    assert plain_line("extract", 300, 300, "articles", 22.7) == "sitroom: extract: 300/300 articles, 13.2/s, 22.7 s"
    assert plain_line("read", 0, None, "articles", 0.0) == "sitroom: read: 0 articles, 0.0/s, 0.0 s"
    assert PLAIN_LINE.match(plain_line("tokenizer pass", 3, 3, "articles", 0.5))
    assert not PLAIN_LINE.match("sitroom: /tmp/a.txt: ingest: empty file")
    out = io.StringIO()
    progress = reporter(stream=out)
    assert isinstance(progress, PlainProgress)
    progress.start("dedup", 2)
    progress.advance(2)
    assert out.getvalue() == ""  # a plain line is written when its stage ends
    progress.finish()
    assert out.getvalue().startswith("sitroom: dedup: 2/2 articles, ")
    assert reporter(quiet=True, stream=out) is SILENT


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_each_stage_has_a_rich_line_that_stays():
    screen = Terminal()
    progress = reporter(stream=screen)
    assert isinstance(progress, RichProgress)
    with progress:
        for stage, total in (("read", None), ("extract", 3)):
            progress.start(stage, total)
            progress.advance(3)
            progress.finish()
    text = screen.getvalue()
    assert "read" in text and "extract" in text and "3/3" in text and "/s" in text
    progress.start("fuse", 1)  # a closed display comes back for the next poll
    progress.finish()
    progress.close()
    assert "fuse" in screen.getvalue()
