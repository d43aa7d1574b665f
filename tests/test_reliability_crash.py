"""Checkpoints (issue 13, build 4): a run killed with SIGKILL at random points, in every phase
(ingest, extraction, fusion), resumes where it stopped; after each round of kills, one more
uninterrupted run gives exactly what a clean run gives (counts, ids, content hashes).

The killed runs are forked from this process once the models are loaded, so that each one does
pipeline work from its first millisecond (a fresh interpreter would spend its life importing)."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from sitroom.export._tables import table_rows
from sitroom.pipeline import extract_pending, fuse_stored, ingest
from sitroom.store import open_store
from test_reliability import story

PHASES = ("ingest", "extract", "fuse", "done")
ROUNDS, KILLS_PER_ROUND = 3, 8  # 24 kills


def run_phases(db: Path, paths: list[Path], report) -> None:
    """``sitroom run``'s three phases, telling ``report`` (a pipe end or a list) as each starts."""
    with open_store(db) as store:
        for phase, step in (("ingest", lambda: ingest(paths, store)), ("extract", lambda: extract_pending(store)),
                            ("fuse", lambda: fuse_stored(store))):
            report(phase)
            step()
    report("done")


def child(db: Path, paths: list[Path], conn) -> None:
    try:
        run_phases(db, paths, lambda phase: conn.send((phase, time.monotonic())))
    finally:
        os._exit(0)


def fingerprint(db: Path) -> dict:
    """What must match a clean run: ids and content hashes of every table, and the counts."""
    def digest(rows) -> list[tuple[str, str]]:
        return sorted((r["id"], hashlib.sha1(repr(sorted(r.items())).encode()).hexdigest()) for r in rows)

    with open_store(db) as store:
        found = {t: digest(table_rows(store, t)) for t in ("articles", "figures", "events", "contradictions")}
        found["mentions"] = digest([m.__dict__ for m in store.mentions()])
        found["extractions"] = sorted(store.extracted_versions().items())
        found["counts"] = store.counts()
    return found


def consistent(db: Path) -> None:
    """What holds after any kill: every id once, ids are content hashes, extractions are whole."""
    from sitroom.clean import article_id_for

    with open_store(db) as store:
        articles = store.articles()
        ids = [a.id for a in articles]
        assert len(ids) == len(set(ids))
        assert all(a.id == article_id_for(a.body) for a in articles if not a.duplicate_of)
        owners = {f.article_id for f in store.figures()} | {m.article_id for m in store.mentions()}
        assert owners <= set(store.extracted_versions()) <= set(ids)


def corpus(root: Path, seeds_dir: Path) -> list[Path]:
    folder = root / "corpus"
    folder.mkdir()
    for n in range(4):
        (folder / f"gen{n}.txt").write_text(story(n), encoding="utf-8")
    return [seeds_dir, folder]


def phase_times(db: Path, paths: list[Path]) -> dict[str, float]:
    """How long each phase of a forked run takes (the models already loaded here)."""
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe(duplex=False)
    process = ctx.Process(target=child, args=(db, paths, theirs))
    process.start()
    marks = [ours.recv() for _ in PHASES]
    process.join(60)
    return {a[0]: b[1] - a[1] for a, b in zip(marks, marks[1:])}


def kill_once(db: Path, paths: list[Path], target: str, within: float, rng: random.Random) -> str:
    """Start a run, wait until it reaches ``target``, kill it at a random moment of that phase;
    returns the phase it was in when killed ("done" when it finished first)."""
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe(duplex=False)
    process = ctx.Process(target=child, args=(db, paths, theirs))
    process.start()
    phase = "starting"
    while phase != "done" and PHASES.index(phase if phase in PHASES else "ingest") < PHASES.index(target):
        if not ours.poll(60):
            break
        phase = ours.recv()[0]
    time.sleep(rng.uniform(0, within))
    while ours.poll():
        phase = ours.recv()[0]
    os.kill(process.pid, signal.SIGKILL)
    process.join(30)
    return phase


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or "fork" not in multiprocessing.get_all_start_methods(), reason="fork")
def test_killed_runs_resume_and_end_like_a_clean_run(tmp_path, seeds_dir):
    paths = corpus(tmp_path, seeds_dir)
    run_phases(tmp_path / "clean.db", paths, lambda phase: None)  # loads the models, here
    clean = fingerprint(tmp_path / "clean.db")
    times = phase_times(tmp_path / "timed.db", paths)
    assert fingerprint(tmp_path / "timed.db") == clean
    assert clean["counts"]["figures"] and clean["counts"]["events"]
    rng, killed_in = random.Random(13), []
    for round_ in range(ROUNDS):
        db = tmp_path / f"killed{round_}.db"
        for n in range(KILLS_PER_ROUND):
            target = ("ingest", "extract", "fuse")[n % 3]
            killed_in.append(kill_once(db, paths, target, times[target] * 1.2, rng))
            consistent(db)
        run_phases(db, paths, lambda phase: None)
        assert fingerprint(db) == clean, f"round {round_}: killed in {killed_in[-KILLS_PER_ROUND:]}"
    print(f"phase times {times}; killed in {killed_in}")
    assert len(killed_in) >= 20
    assert {"ingest", "extract"} <= set(killed_in), killed_in  # fusion is too quick to be sure of
