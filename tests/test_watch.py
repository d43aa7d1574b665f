"""`sitroom watch` against a local HTTP server on 127.0.0.1 whose feeds and pages change between
polls, fail, time out and redirect."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sitroom.core import UsageError
from sitroom.store import open_store
from sitroom.watch import Fetcher, PollReport, WatchSettings, WatchState, parse_duration, poll_once

FAST = WatchSettings(every=0, timeout=1.0, retries=2, backoff=0.01, per_host_interval=0.0)


def page(title: str, town: str, killed: int) -> bytes:
    paragraphs = [
        f"Shelling hit the town of {town} on Tuesday, killing {killed} civilians, local officials said.",
        f"Residents of {town} said the shells fell on a market and a school in the early morning.",
        "Rescue teams worked through the day to reach people trapped under the rubble of two buildings.",
        "The regional governor called the attack a crime and asked for an independent investigation.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
            f"</article></body></html>").encode()


def feed(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                      f"<pubDate>Tue, 15 Dec 2020 10:00:00 GMT</pubDate></item>" for t, link in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Invented Wire</title>'
            f"<link>http://example.invalid/</link>{entries}</channel></rss>").encode()


class Site:
    """Routes of the local server: path -> (status, headers, body, delay); requests are logged."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.failures_left: dict[str, int] = {}

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                site.requests.append((self.path, dict(self.headers)))
                if site.failures_left.get(self.path, 0) > 0:
                    site.failures_left[self.path] -= 1
                    return self.answer(503, {}, b"busy")
                status, headers, body, delay = site.routes.get(self.path, (404, {}, b"not found", 0))
                time.sleep(delay)
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    return self.answer(304, headers, b"")
                self.answer(status, headers, body)

            def answer(self, status, headers, body):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), s.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()


def poll(site, tmp_path, sources=None, settings=FAST) -> PollReport:
    db = tmp_path / "w.db"
    state = WatchState.load(tmp_path / "w.db.watch.json")
    fetcher = Fetcher(settings)
    try:
        with open_store(db) as store:
            return poll_once(sources or [site.base + "/feed.xml"], store, state, fetcher, tmp_path / "spool")
    finally:
        fetcher.close()


def article_count(tmp_path) -> int:
    with open_store(tmp_path / "w.db") as store:
        return len(store.articles())


def serve_feed(site, items, etag):
    site.routes["/feed.xml"] = (200, {"ETag": etag, "Content-Type": "application/rss+xml",
                                      "Last-Modified": formatdate(usegmt=True)}, feed(items), 0)


def test_new_entries_are_fetched_once_and_an_unchanged_feed_costs_a_304(site, tmp_path):
    site.routes["/a"] = (200, {"Content-Type": "text/html"}, page("Shelling in Ivanivka", "Ivanivka", 4), 0)
    serve_feed(site, [("Shelling in Ivanivka", site.base + "/a")], '"v1"')
    first = poll(site, tmp_path)
    assert first.errors == [] and first.added == 1 and article_count(tmp_path) == 1
    second = poll(site, tmp_path)
    assert second.not_modified == 1 and second.new_files == [] and article_count(tmp_path) == 1
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'

    site.routes["/b"] = (200, {"Content-Type": "text/html"}, page("Strike on Petrivka", "Petrivka", 2), 0)
    serve_feed(site, [("Strike on Petrivka", site.base + "/b"), ("Shelling in Ivanivka", site.base + "/a")], '"v2"')
    third = poll(site, tmp_path)
    assert third.added == 1 and article_count(tmp_path) == 2
    assert [p for p, _ in site.requests].count("/a") == 1  # a page seen before is not fetched again


def test_a_failing_page_is_retried_with_backoff_and_a_redirect_is_followed(site, tmp_path):
    site.routes["/moved"] = (302, {"Location": "/final"}, b"", 0)
    site.routes["/final"] = (200, {"Content-Type": "text/html"}, page("Clash at Kamianka", "Kamianka", 3), 0)
    site.routes["/flaky"] = (200, {"Content-Type": "text/html"}, page("Raid near Bilohirka", "Bilohirka", 1), 0)
    site.failures_left["/flaky"] = 2  # two 503s, then the page
    serve_feed(site, [("Clash", site.base + "/moved"), ("Raid", site.base + "/flaky")], '"r1"')
    report = poll(site, tmp_path)
    assert report.errors == [] and report.added == 2
    assert [p for p, _ in site.requests].count("/flaky") == 3


def test_a_page_that_times_out_is_reported_and_tried_again_at_the_next_poll(site, tmp_path):
    site.routes["/slow"] = (200, {"Content-Type": "text/html"}, page("Slow", "Ivanivka", 4), 1.5)
    site.routes["/ok"] = (200, {"Content-Type": "text/html"}, page("Strike on Petrivka", "Petrivka", 2), 0)
    serve_feed(site, [("Slow", site.base + "/slow"), ("Fine", site.base + "/ok")], '"t1"')
    settings = WatchSettings(every=0, timeout=0.3, retries=1, backoff=0.01, per_host_interval=0.0)
    report = poll(site, tmp_path, settings=settings)
    assert report.added == 1
    assert len(report.errors) == 1 and report.errors[0].startswith(site.base + "/slow: page not fetched")
    assert "\n" not in report.errors[0]
    site.routes["/slow"] = (200, {"Content-Type": "text/html"}, page("Slow", "Ivanivka", 4), 0)
    serve_feed(site, [("Slow", site.base + "/slow"), ("Fine", site.base + "/ok")], '"t2"')
    assert poll(site, tmp_path, settings=settings).added == 1
    assert article_count(tmp_path) == 2


def test_a_dead_feed_does_not_stop_a_folder_source(site, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "one.html").write_bytes(page("Shelling in Ivanivka", "Ivanivka", 4))
    report = poll(site, tmp_path, sources=[site.base + "/missing.xml", str(folder)])
    assert report.added == 1 and len(report.errors) == 1 and "feed not fetched" in report.errors[0]
    assert poll(site, tmp_path, sources=[str(folder)]).new_files == []  # unchanged files are not read again
    (folder / "two.html").write_bytes(page("Strike on Petrivka", "Petrivka", 2))
    assert poll(site, tmp_path, sources=[str(folder)]).added == 1


def test_requests_carry_a_polite_user_agent(site, tmp_path):
    serve_feed(site, [], '"u1"')
    poll(site, tmp_path)
    assert site.requests[0][1]["User-Agent"].startswith("sitroom/")


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("1h30m", 5400), ("2d", 172800), ("45", 45)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "15x", "m15"])
def test_a_bad_duration_is_a_usage_error(text):
    with pytest.raises(UsageError, match="not a duration"):
        parse_duration(text)


def test_the_command_polls_and_stops(site, tmp_path):
    site.routes["/a"] = (200, {"Content-Type": "text/html"}, page("Shelling in Ivanivka", "Ivanivka", 4), 0)
    serve_feed(site, [("Shelling in Ivanivka", site.base + "/a")], '"c1"')
    db = tmp_path / "cmd.db"
    done = subprocess.run([sys.executable, "-m", "sitroom.cli", "watch", site.base + "/feed.xml", "--db", str(db),
                           "--every", "1s", "--polls", "2"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("1 new, 1 added") and lines[1].startswith("0 new, 0 added, 1 feeds unchanged")
    bad = subprocess.run([sys.executable, "-m", "sitroom.cli", "watch", str(tmp_path), "--every", "soon"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "not a duration" in bad.stderr
