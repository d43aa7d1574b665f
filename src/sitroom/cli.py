"""The ``sitroom`` command: a thin adapter over the library (see CONTRACT.md).

Exit status: 0 on success, 2 for bad usage, 1 for failures (one-line reason on stderr).
Bad input files are reported on stderr (path: stage: reason) and skipped.
Progress (run, ingest, watch, bench, demo) goes to stderr: a rich line per stage on a terminal,
a plain line per stage elsewhere, nothing with ``--quiet`` (:mod:`sitroom.progress`).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
import zipfile
from pathlib import Path

from sitroom import __version__
from sitroom.core import DataMissing, SitroomError, SourceMeta, UsageError
from sitroom.evaluation import SCORERS
from sitroom.progress import format_timings, reporter

DEFAULT_DB = "sitroom.db"


def _err(message: str) -> None:
    print(f"sitroom: {_one_line(message)}", file=sys.stderr)


def _one_line(text: str) -> str:
    """Control characters (a newline in a file name) written as escapes: one message, one line."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], str(text))


def _defaults(args: argparse.Namespace) -> SourceMeta:
    published = getattr(args, "published", None)
    if published:
        from datetime import date
        try:
            published = date.fromisoformat(published).isoformat()
        except ValueError:
            raise UsageError(f"--published {published!r}: not an ISO date (YYYY-MM-DD)")
        if not 1000 <= int(published[:4]) <= 2999:
            raise UsageError(f"--published {published}: not a plausible publication date")
    return SourceMeta(published=published, outlet=getattr(args, "outlet", None))


def _check_paths(paths: list[str]) -> None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing and len(missing) == len(paths):
        raise UsageError(f"{missing[0]}: no such file or folder")


def _report_rejections(rejections) -> None:
    for r in rejections:
        _err(str(r))


def _rejected(count: int) -> str:
    """``N rejected``, and where to see why (each reason is on stderr, and stored in the database)."""
    return f"{count} rejected (reasons above)" if count else "0 rejected"


def _print_run_summary(result, timings: dict[str, float]) -> None:
    """What happened to the articles, and how long each stage took."""
    ingested = result.ingest
    print(f"articles: {ingested.new} new, {ingested.duplicates} duplicates, {ingested.unchanged} unchanged, "
          f"{_rejected(len(result.rejections))}; {result.extracted} extracted")
    print(f"stages: {format_timings(timings)}")


def _check_writable(path: str, option: str) -> None:
    """Usage error unless a file can be written at ``path`` (checked before any work is done)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(f"{option} {path}: is a folder")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: no such folder {folder}")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"{option} {path}: permission denied")


def _open_out(path: str):
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise SitroomError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def cmd_ingest(args: argparse.Namespace) -> int:
    from sitroom.pipeline import ingest
    from sitroom.store import open_store

    _check_paths(args.paths)
    defaults = _defaults(args)
    with open_store(args.db) as store:
        with reporter(args.quiet) as progress:
            report = ingest(args.paths, store, defaults, progress)
    _report_rejections(report.rejections)
    print(f"{len(report.added)} added ({report.duplicates} duplicates), {report.unchanged} unchanged, "
          f"{_rejected(len(report.rejections))} -> {args.db}")
    print(f"stages: {format_timings(report.timings)}")
    return 0


def _main_job(args: argparse.Namespace, paths: list, report_path: str, defaults: SourceMeta = SourceMeta()) -> None:
    """Run the pipeline with progress, then the rejections, the situation summary, the HTML report
    and what happened to the articles (run and demo)."""
    from sitroom.pipeline import run
    from sitroom.report import print_summary, situation, write_html
    from sitroom.store import open_store

    with open_store(args.db) as store:
        with reporter(args.quiet) as progress:
            result = run(paths, store, defaults, scheduler=getattr(args, "scheduler", None),
                         workers=getattr(args, "workers", 1), progress=progress)
        _report_rejections(result.rejections)
        started = time.perf_counter()
        s = situation(store)
        print_summary(s)
        try:
            write_html(s, report_path)
        except OSError as exc:
            raise SitroomError(f"{report_path}: cannot write the report: {exc.strerror or exc}") from exc
    _print_run_summary(result, {**result.timings, "report": time.perf_counter() - started})
    print(f"database: {args.db}; report: {report_path}")


def cmd_run(args: argparse.Namespace) -> int:
    _check_paths(args.paths)
    report_path = args.report or "report.html"
    _check_writable(report_path, "--report")
    _main_job(args, args.paths, report_path, _defaults(args))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the built-in demo corpus (an invented flare-up, shipped as package data)."""
    corpus = Path(__file__).resolve().parent / "data" / "demo" / "corpus"
    if not corpus.is_dir():
        raise DataMissing(f"{corpus}: the demo corpus is missing from this install")
    _main_job(args, [corpus], args.report)
    print(f"open the UI: sitroom serve --db {args.db}  (then http://127.0.0.1:8000/ in a browser)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sitroom.export import export_table
    from sitroom.store import database_exists, open_store

    if not database_exists(args.db):
        raise UsageError(f"{args.db}: no such database")
    if args.format in ("jsonl", "csv") and not args.table:
        raise UsageError("--table is required for jsonl and csv")
    if args.out:
        _check_writable(args.out, "--out")
    with open_store(args.db) as store:
        if args.out:
            with _open_out(args.out) as out:
                export_table(store, args.table or "events", args.format, out)
        else:
            export_table(store, args.table or "events", args.format, sys.stdout)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from sitroom.evaluation.runner import run_eval

    return run_eval(args.name or args.only, path=args.file, limit=args.limit, as_json=args.json,
                    write_docs=args.name is None and args.only is None and args.file is None,
                    workers=args.workers)


def cmd_bench(args: argparse.Namespace) -> int:
    from sitroom.bench import BenchOptions, run_bench

    options = BenchOptions(repeat=args.repeat, limit=args.limit, dedup=args.dedup, trace_memory=args.trace_memory)
    return run_bench(args.paths, options, progress=reporter(args.quiet), markdown=args.markdown)


def cmd_serve(args: argparse.Namespace) -> int:
    from sitroom.store import is_postgres_url
    from sitroom.web import serve

    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a TCP port (1 to 65535)")
    if is_postgres_url(args.db):
        raise UsageError("serve reads SQLite databases only: the web UI's queries are not written for PostgreSQL "
                         "(export the events with `sitroom export --db URL`, or serve a SQLite copy)")
    if not Path(args.db).exists():
        raise UsageError(f"{args.db}: no such database")
    serve(args.db, host=args.host, port=args.port)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from sitroom.store import open_store
    from sitroom.watch import WatchSettings, parse_duration, watch

    settings = WatchSettings(every=parse_duration(args.every))

    def show(report) -> None:
        for line in report.errors:
            _err(line)
        print(f"{len(report.new_files)} new, {report.added} added, {report.not_modified} feeds unchanged, "
              f"{len(report.errors)} errors -> {args.db}", flush=True)

    with open_store(args.db) as store, reporter(args.quiet) as progress:
        try:
            watch(args.sources, store, args.db, settings, polls=args.polls, on_poll=show, progress=progress)
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
    return 0


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from sitroom.nlp import import_geonames_dump

    if not Path(args.file).is_file():
        raise UsageError(f"{args.file}: no such file")
    try:
        count = import_geonames_dump(args.file)
    except UnicodeDecodeError as exc:
        raise SitroomError(f"{args.file}: not a GeoNames dump (not UTF-8 text at byte {exc.start})") from exc
    except (zipfile.BadZipFile, ValueError, IndexError) as exc:
        raise SitroomError(f"{args.file}: not a GeoNames dump ({type(exc).__name__}: {exc})") from exc
    print(f"{count} places imported from {args.file}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitroom", description="A sourced event database from war reporting.")
    parser.add_argument("--version", action="version", version=f"sitroom {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_demo, _add_run, _add_ingest, _add_export, _add_eval, _add_bench, _add_serve, _add_watch, _add_gazetteer):
        add(sub)
    return parser


def _add_run(sub) -> None:
    p = sub.add_parser("run", help="ingest, analyse, fuse; print a situation summary; write the HTML report")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--report", help="HTML report path (default report.html)")
    p.add_argument("--published", help="publication date for inputs without one (YYYY-MM-DD)")
    p.add_argument("--outlet", help="outlet for inputs without one")
    p.add_argument("--workers", type=int, default=1, help="extract on a local Dask cluster of N processes")
    p.add_argument("--scheduler", help="extract on the Dask cluster at this address (tcp://host:8786)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_run)


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="the main job on the built-in demo corpus (an invented flare-up)")
    p.add_argument("--db", default="sitroom-demo.db")
    p.add_argument("--report", default="sitroom-demo.html", help="HTML report path (default sitroom-demo.html)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_demo)


def _add_ingest(sub) -> None:
    p = sub.add_parser("ingest", help="add articles (re-ingesting the same content changes nothing)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--published")
    p.add_argument("--outlet")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_ingest)


def _add_export(sub) -> None:
    p = sub.add_parser("export", help="export a table")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--table", choices=("articles", "figures", "events", "contradictions"))
    p.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "acled", "geojson"))
    p.add_argument("--out")
    p.set_defaults(func=cmd_export)


def _add_eval(sub) -> None:
    p = sub.add_parser("eval", help="score every stage on the reference data in ../shared")
    p.add_argument("name", nargs="?", choices=tuple(SCORERS))
    p.add_argument("--only", choices=tuple(SCORERS))
    p.add_argument("--file", help="score another file/folder of the same format")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--workers", type=int, default=1, help="extraction processes for scorers that extract (gva)")
    p.set_defaults(func=cmd_eval)


def _add_bench(sub) -> None:
    p = sub.add_parser("bench", help="throughput and memory per stage")
    p.add_argument("paths", nargs="*")
    p.add_argument("--repeat", type=int, default=1, help="process N unique copies of the corpus")
    p.add_argument("--limit", type=int, help="only the first N input articles")
    p.add_argument("--no-dedup", dest="dedup", action="store_false", help="skip dedup (repeated corpora)")
    p.add_argument("--trace-memory", action="store_true", help="each stage's Python heap peak (slower)")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown (for docs/benchmarks.md)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_bench)


def _add_serve(sub) -> None:
    p = sub.add_parser("serve", help="web UI and JSON API")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)


def _add_watch(sub) -> None:
    p = sub.add_parser("watch", help="poll feed URLs and folders, ingest what is new, fuse")
    p.add_argument("sources", nargs="+", help="RSS/Atom feed URLs or folders")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--every", default="15m", help="time between polls (30s, 15m, 1h)")
    p.add_argument("--polls", type=int, help="stop after N polls (default: run until interrupted)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=cmd_watch)


def _add_gazetteer(sub) -> None:
    p = sub.add_parser("gazetteer", help="manage the gazetteer")
    gsub = p.add_subparsers(dest="action", required=True)
    gi = gsub.add_parser("import", help="import a GeoNames country dump (e.g. AM.txt or AM.zip)")
    gi.add_argument("file")
    gi.set_defaults(func=cmd_gazetteer)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        _err(str(exc))
        return 2
    except (SitroomError, DataMissing) as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - one line for users; SITROOM_DEBUG=1 shows the traceback
        if os.environ.get("SITROOM_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        return 1


if __name__ == "__main__":
    sys.exit(main())
