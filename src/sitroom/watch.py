"""``sitroom watch``: poll feeds and folders, ingest only what is new, keep the database current.

A source is an RSS/Atom feed URL (``http://`` or ``https://``) or a folder. Each poll:

* fetches each feed with a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the
  last answer), so an unchanged feed costs one 304;
* fetches the page of every entry not seen before (a polite user agent, a timeout, retries with
  exponential backoff on timeouts, connection errors and 5xx answers, at most one request per
  host every ``per_host_interval`` seconds), and writes it to the spool folder beside the
  database as ``<id>.html`` with a ``.meta.json`` sidecar (url, title, outlet, published);
* lists the files of each folder whose size or modification time changed since the last poll;
* runs the pipeline (:func:`sitroom.pipeline.run`) on what is new, and only when something is.

What was seen is kept in ``<db>.watch.json``; an entry whose page could not be fetched is not
marked seen and is tried again at the next poll. Errors are data (:class:`PollReport`), one line
each: one failing source never stops the others.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import urlsplit

import feedparser
import httpx

from sitroom import __version__
from sitroom.core import UsageError
from sitroom.pipeline import run
from sitroom.progress import SILENT, Progress
from sitroom.store import Store

USER_AGENT = f"sitroom/{__version__} (news monitoring; +https://github.com/sitroom)"
_DURATION = re.compile(r"(\d+)\s*([smhd])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class WatchSettings:
    every: float = 900.0  # seconds between polls ("15m")
    timeout: float = 20.0  # seconds for one request
    retries: int = 3  # further tries after a timeout, a connection error or a 5xx answer
    backoff: float = 1.0  # seconds before the first retry; doubled for each further one
    per_host_interval: float = 1.0  # at least this many seconds between two requests to one host
    max_page_bytes: int = 10 * 1024 * 1024  # a larger page is skipped with a reason


@dataclass
class PollReport:
    new_files: list[str] = field(default_factory=list)
    not_modified: int = 0  # feeds that answered 304
    errors: list[str] = field(default_factory=list)  # one line each: "source: reason"
    added: int = 0  # articles the pipeline stored
    timings: dict[str, float] = field(default_factory=dict)  # the pipeline's stages, seconds each


def parse_duration(text: str) -> float:
    """ "15m", "30s", "1h30m", "2d" -> seconds; a bare number is seconds."""
    text = text.strip().lower()
    if text.isdigit():
        return float(text)
    parts = _DURATION.findall(text)
    if not parts or _DURATION.sub("", text).strip():
        raise UsageError(f"--every {text!r}: not a duration (e.g. 30s, 15m, 1h)")
    return float(sum(int(n) * _SECONDS[unit] for n, unit in parts))


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


# ---------------------------------------------------------------- fetching


class Fetcher:
    """An httpx client that is polite (user agent, per-host pacing) and patient (retries)."""

    def __init__(self, settings: WatchSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.sleep = sleep
        self.client = httpx.Client(follow_redirects=True, timeout=settings.timeout,
                                   headers={"User-Agent": USER_AGENT})
        self.last_request: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        """The answer (2xx or 304); raises httpx.HTTPError once the retries are spent."""
        for attempt in range(self.settings.retries + 1):
            self._pace(url)
            try:
                response = self.client.get(url, headers=headers or {})
            except (httpx.TimeoutException, httpx.TransportError):
                if attempt == self.settings.retries:
                    raise
            else:
                if response.status_code < 500 or attempt == self.settings.retries:
                    return self._checked(response)
            self.sleep(self.settings.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _checked(self, response: httpx.Response) -> httpx.Response:
        if response.status_code != 304:
            response.raise_for_status()
        return response

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self.last_request.get(host, -1e9) + self.settings.per_host_interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self.last_request[host] = time.monotonic()


# ---------------------------------------------------------------- state


@dataclass
class WatchState:
    """What earlier polls saw: feed validators, entries fetched, folder files by (size, mtime)."""
    path: Path
    feeds: dict[str, dict[str, str]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    files: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "WatchState":
        if not path.is_file():
            return cls(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(path, data.get("feeds", {}), set(data.get("seen", [])), data.get("files", {}))

    def save(self) -> None:
        data = {"feeds": self.feeds, "seen": sorted(self.seen), "files": self.files}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(self.path)


# ---------------------------------------------------------------- one poll


def conditional_headers(validators: dict[str, str]) -> dict[str, str]:
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers


def poll_feed(url: str, state: WatchState, fetcher: Fetcher, spool: Path, report: PollReport) -> None:
    try:
        response = fetcher.get(url, conditional_headers(state.feeds.get(url, {})))
    except httpx.HTTPError as exc:
        report.errors.append(f"{url}: feed not fetched: {one_line_error(exc)}")
        return
    if response.status_code == 304:
        report.not_modified += 1
        return
    state.feeds[url] = {"etag": response.headers.get("etag", ""),
                        "last_modified": response.headers.get("last-modified", "")}
    feed = feedparser.parse(response.content)
    outlet = feed.feed.get("title")
    for entry in feed.entries:
        link = entry.get("link")
        key = entry.get("id") or link
        if link and key and key not in state.seen and fetch_entry(entry, outlet, fetcher, spool, report):
            state.seen.add(key)


def fetch_entry(entry, outlet: str | None, fetcher: Fetcher, spool: Path, report: PollReport) -> bool:
    """Fetch one entry's page into the spool; False (tried again next poll) when it failed."""
    link = entry["link"]
    try:
        response = fetcher.get(link)
    except httpx.HTTPError as exc:
        report.errors.append(f"{link}: page not fetched: {one_line_error(exc)}")
        return False
    if len(response.content) > fetcher.settings.max_page_bytes:
        report.errors.append(f"{link}: page skipped: larger than {fetcher.settings.max_page_bytes} bytes")
        return True
    name = hashlib.sha256(link.encode("utf-8")).hexdigest()[:20]
    page = spool / f"{name}.html"
    page.write_bytes(response.content)
    meta = {"url": str(response.url), "title": entry.get("title"), "outlet": outlet,
            "published": entry_date(entry)}
    page.with_name(f"{name}.meta.json").write_text(json.dumps({k: v for k, v in meta.items() if v}),
                                                     encoding="utf-8")
    report.new_files.append(str(page))
    return True


def entry_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def poll_folder(folder: Path, state: WatchState, report: PollReport) -> None:
    if not folder.is_dir():
        report.errors.append(f"{folder}: not a folder or feed URL")
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".meta.json")):
        stat = path.stat()
        signature = [stat.st_size, stat.st_mtime_ns]
        key = str(path.resolve())
        if state.files.get(key) != signature:
            state.files[key] = signature
            report.new_files.append(str(path))


def one_line_error(exc: Exception) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]


def poll_once(sources: Sequence[str], store: Store, state: WatchState, fetcher: Fetcher,
              spool: Path, progress: Progress = SILENT) -> PollReport:
    """One poll of every source; the pipeline runs on what is new (its stages told to ``progress``)."""
    report = PollReport()
    spool.mkdir(parents=True, exist_ok=True)
    for source in sources:
        if is_url(source):
            poll_feed(source, state, fetcher, spool, report)
        else:
            poll_folder(Path(source), state, report)
    if report.new_files:
        result = run(report.new_files, store, progress=progress)
        report.added = len(result.ingest.added)
        report.timings = result.timings
        report.errors += [str(r) for r in result.ingest.rejections + result.extraction_rejections]
    state.save()
    return report


def watch(sources: Sequence[str], store: Store, db_path: str | Path, settings: WatchSettings = WatchSettings(),
          polls: int | None = None, on_poll: Callable[[PollReport], None] = lambda report: None,
          progress: Progress = SILENT) -> int:
    """Poll every ``settings.every`` seconds, ``polls`` times (None: until interrupted); the stages
    of each poll's pipeline run are told to ``progress``, closed before ``on_poll`` hears of the poll."""
    db_path = Path(db_path)
    state = WatchState.load(db_path.with_name(db_path.name + ".watch.json"))
    spool = db_path.with_name(db_path.name + ".watch")
    fetcher = Fetcher(settings)
    done = 0
    try:
        while polls is None or done < polls:
            started = time.monotonic()
            report = poll_once(sources, store, state, fetcher, spool, progress)
            progress.close()
            on_poll(report)
            done += 1
            if polls is None or done < polls:
                time.sleep(max(0.0, settings.every - (time.monotonic() - started)))
    finally:
        fetcher.close()
    return done
