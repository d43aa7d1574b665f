"""Browser tests of the served UI: Debian's chromium, headless, driven by Playwright for Python.

No browser is downloaded: chromium comes from apt (installed here when missing and possible; the
tests skip with the reason otherwise). Screenshots of each view are saved under the pytest tmp
folder; ``SITROOM_SCREENSHOTS=DIR`` copies them to DIR as well (docs/img holds one of each).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from sitroom.pipeline import run
from sitroom.store import open_store
from sitroom.web._api import create_app
from test_api import HOSTILE, build_demo_db

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
READY = "() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0'"


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists() and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=600)
        if not CHROMIUM.exists():  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=600)
            subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=600)
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium and it cannot be installed here (apt-get install chromium as root)")
    return CHROMIUM


class Server:
    """``create_app(db)`` under uvicorn in a thread, on a free local port."""

    def __init__(self, db: Path):
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    server = Server(build_demo_db(tmp_path_factory.getbasetemp()))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seeds_server(tmp_path_factory, seeds_dir):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with open_store(db) as store:
        run([seeds_dir], store)
    server = Server(db)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(chromium), args=ARGS,
            headless=True, viewport={"width": 1500, "height": 1000})
        yield context
        context.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def screenshot(page, shots: Path, name: str) -> None:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path))
    if os.environ.get("SITROOM_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["SITROOM_SCREENSHOTS"]) / path.name)


@pytest.fixture()
def page(browser):
    page = browser.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    assert not page.errors, page.errors
    assert not page.dialogs, f"script ran from data: {page.dialogs}"
    page.close()


def open_ui(page, server: Server, hash_: str = "") -> None:
    response = page.goto(server.url + "/" + hash_)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page.wait_for_function(READY, timeout=20000)


def test_map_shows_markers_over_country_outlines(page, demo_server, shots):
    open_ui(page, demo_server)
    assert page.locator("path.country").count() > 100
    assert int(page.locator("#map").get_attribute("data-markers")) >= 5
    assert page.locator(".event-marker, .marker-cluster").count() >= 1
    screenshot(page, shots, "ui-map-timeline")


def test_timeline_range_selection_filters_the_event_list(page, demo_server, shots):
    open_ui(page, demo_server)
    before = int(page.locator("#tab-events").get_attribute("data-total"))
    box = page.locator("#timeline svg").bounding_box()
    page.mouse.move(box["x"] + 26, box["y"] + 50)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 50, steps=5)
    page.mouse.up()
    page.wait_for_function(READY, timeout=20000)
    after = int(page.locator("#tab-events").get_attribute("data-total"))
    assert 0 < after < before
    start, end = page.input_value("#f-date-from"), page.input_value("#f-date-to")
    dates = page.locator("tr.event-row td:first-child").all_inner_texts()
    assert dates and all(start <= d <= end for d in dates)
    screenshot(page, shots, "ui-timeline-selection")


def test_clicking_an_event_shows_its_sources_side_by_side(page, demo_server, shots):
    open_ui(page, demo_server)
    rows = page.locator("tr.event-row")
    sources = [int(t) for t in page.locator("tr.event-row td:last-child").all_inner_texts()]
    rows.nth(sources.index(max(sources))).click()
    page.wait_for_selector("#event-page .source")
    page.wait_for_function(READY)
    cards = page.locator("#event-page .sources > .source")
    assert cards.count() == max(sources) >= 2
    assert page.locator("#event-page .source mark.evidence").count() >= 2
    assert "killed: low" in page.locator("#event-page .toll").inner_text()
    assert "precision" in page.locator("#event-page").inner_text()
    screenshot(page, shots, "ui-event")


def test_an_article_shows_its_highlighted_evidence(page, demo_server, shots):
    open_ui(page, demo_server)
    page.locator("#event-page").count()
    page.locator("tr.event-row").first.click()
    page.wait_for_selector("#event-page .source h4 a")
    page.locator("#event-page .source h4 a").first.click()
    page.wait_for_selector("#article-page")
    page.wait_for_function(READY)
    marks = page.locator("#article-page .body a.evidence mark")
    assert marks.count() >= 1 and marks.count() == page.locator("#article-page .article-figures li").count()
    assert page.locator("#article-page details.removed").count() == 1
    screenshot(page, shots, "ui-article")


def test_the_claims_ledger_puts_contested_first(page, demo_server, shots):
    open_ui(page, demo_server)
    page.click("#tabs button[data-tab=ledger]")
    page.wait_for_selector("#ledger .ledger-group")
    assert page.locator("#ledger .ledger-group").first.get_attribute("class").endswith("status-contested")
    assert "denied" in page.locator("#ledger").inner_text()
    screenshot(page, shots, "ui-ledger")


def test_the_seeds_contested_captured_and_missing_figures_appear_with_their_claimants(page, seeds_server, shots):
    open_ui(page, seeds_server)
    page.click("#tabs button[data-tab=ledger]")
    page.wait_for_selector("#ledger .ledger-group")
    group = page.locator("#ledger .ledger-group.status-contested", has_text="captured")
    claims = {}
    for row in group.locator("tr.claim").all():
        cells = row.locator("td").all_inner_texts()
        claims.setdefault(cells[0], []).append(cells[2])
    for value in ("60", "62", "73", "160", "171"):
        assert value in claims, (value, claims)
        assert all(c.strip() for c in claims[value])
    assert "Foreign Minister of Azerbaijan" in claims["62"] and "Armenian Ministry of Defense" in claims["73"]
    screenshot(page, shots, "ui-seeds-ledger")


def test_search_marks_its_hits(page, demo_server, shots):
    open_ui(page, demo_server)
    page.fill("#q", "Nagorno-Karabakh O'Brien Isfara")
    page.press("#q", "Enter")
    page.wait_for_function(READY)
    page.fill("#q", "Isfara market")
    page.press("#q", "Enter")
    page.wait_for_function(READY)
    page.wait_for_selector("#tab-search li.hit mark")
    screenshot(page, shots, "ui-search")


def test_a_hostile_article_shows_as_text_in_the_ui_and_the_report(page, demo_server, shots):
    open_ui(page, demo_server)
    page.fill("#q", "Hostile")
    page.press("#q", "Enter")
    page.wait_for_selector("#tab-search li.hit a")
    assert "<script>alert(1)</script>" in page.locator("#tab-search li.hit a").first.inner_text()
    page.locator("#tab-search li.hit a").first.click()
    page.wait_for_selector("#article-page")
    page.wait_for_function(READY)
    article = page.locator("#article-page")
    assert HOSTILE in article.locator("h2.title").inner_text()
    assert HOSTILE in article.locator(".body").inner_text()
    assert article.locator("script, img, svg").count() == 0
    assert page.locator("#article-page a[href^=javascript]").count() == 0
    screenshot(page, shots, "ui-hostile-article")
    response = page.goto(demo_server.url + "/report")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert HOSTILE in page.locator("body").inner_text()
    assert page.locator("body script, body img, body svg[onload]").count() == 0
    screenshot(page, shots, "report")
