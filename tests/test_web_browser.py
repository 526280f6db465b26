"""The web UI of ``diurna serve`` in a real browser: Debian's Chromium (/usr/bin/chromium, installed by
``make browser``; never a browser downloaded by a test tool) driven by Playwright, against a uvicorn server started in
a thread on a free port over the hand-made store of tests/test_web_api.py.

The main test is the promise of issue 14: from the home page, three clicks — a dyad, a period of its chart, an
event — reach the evidence sentence with its trigger, source and target highlighted. The others open every page,
check what is shown, that store text is shown as text (a title holding HTML stays text) and that the browser reports
no error (a Content-Security-Policy violation is one). Screenshots of every page go to test-artifacts/web/.

A missing Chromium fails these tests (it does not skip them): `make test` installs it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from test_web_api import HOSTILE_TITLE, build_web_store

from diurna.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-artifacts" / "web"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = build_web_store(tmp_path_factory.mktemp("webui") / "store")
    app = create_app(root, allow_save=False, allowed_hosts=["127.0.0.1", "localhost"])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make browser` installs Debian's chromium package "
                    f"(the web UI tests never download a browser)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    setattr(pg, "problems", problems)  # noqa: B010  (read by the tests)
    yield pg
    context.close()


def _ready(page: Page) -> None:
    """Wait until the page has drawn what it loaded (app.js sets data-state), and fail on an error shown."""
    page.wait_for_selector("body[data-state]")
    assert page.get_attribute("body", "data-state") == "ready", page.inner_text("main")


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _problems(page: Page) -> list[Any]:
    return list(getattr(page, "problems", []))


def test_three_clicks_from_the_home_page_to_the_evidence(server: str, page: Page) -> None:
    page.goto(server + "/")
    _ready(page)
    _shot(page, "1-home")
    # click 1: a dyad
    page.locator("a.dyad-link", has_text="Chile → Brazil").first.click()
    page.wait_for_url("**/dyad?**")
    _ready(page)
    bars = page.locator("svg.chart g.period")
    assert bars.count() == 5  # 2021-03 to 2021-07, empty months included
    _shot(page, "2-dyad")
    # click 2: a period of the chart
    page.locator('svg.chart g.period[data-period="2021-07"]').click()
    links = page.locator("#period-events a.evidence-link")
    links.first.wait_for()
    assert links.count() == 2
    assert "2021-07: 2 events" in page.inner_text("#period-events h2")
    _shot(page, "3-dyad-period")
    # click 3: an event
    links.filter(has_text="accused").click()
    page.wait_for_url("**/article?**")
    _ready(page)
    evidence = page.locator("#evidence")
    assert evidence.locator(".sentence").inner_text() == "Chile accused Brazil of blocking trucks at the border."
    assert "".join(evidence.locator(".sentence mark.trigger").all_inner_texts()) == "accused"
    assert "".join(evidence.locator(".sentence mark.source").all_inner_texts()) == "Chile"
    assert "".join(evidence.locator(".sentence mark.target").all_inner_texts()) == "Brazil"
    assert "Accuse" in evidence.inner_text()
    selected = page.locator("#article-text .ev-sentence.selected")
    assert "accused" in "".join(selected.all_inner_texts())
    assert page.locator("#article-text mark.trigger").inner_text() == "accused"
    _shot(page, "4-article-evidence")
    assert not _problems(page)


def test_events_page_filters_sorts_and_pages(server: str, page: Page) -> None:
    page.goto(server + "/events?source=CHL&target=BRA&limit=3")
    _ready(page)
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 3 and "rows 1–3 of 5" in page.inner_text(".pager")
    page.locator("table.events th a.sort", has_text="Goldstein").click()
    page.wait_for_url("**sort=goldstein**")
    _ready(page)
    scores = [float(t) for t in page.locator("table.events tbody td.num:nth-child(7)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] == 8.0
    page.locator(".pager a[rel=next]").first.click()
    page.wait_for_url("**offset=3**")
    _ready(page)
    assert page.locator("table.events tbody tr").count() == 2
    page.goto(server + "/events?modality=anticipated")
    _ready(page)
    assert page.locator("table.events tbody tr").count() == 1
    _shot(page, "5-events")
    assert not _problems(page)


def test_store_text_is_shown_as_text(server: str, page: Page) -> None:
    page.goto(server + "/article?id=hostile-4")
    _ready(page)
    assert page.inner_text("h1") == HOSTILE_TITLE
    assert '<script>document.title="pwned"</script>' in page.inner_text("#article-text")
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert page.title() != "pwned"
    assert "".join(page.locator("#evidence .sentence mark.trigger").all_inner_texts()) == "threatened"
    _shot(page, "6-article-hostile")
    assert not _problems(page)


def test_actor_page_draws_its_partners(server: str, page: Page) -> None:
    page.goto(server + "/actor?code=PER")
    _ready(page)
    nodes = page.locator("svg.network a.node-link")
    assert nodes.count() == 1 and nodes.locator("text").text_content() == "BOLGOV"
    _shot(page, "7-actor")
    nodes.first.click()  # a partner opens the dyad's timeline
    page.wait_for_url("**/dyad?**")
    _ready(page)
    assert page.locator("svg.chart g.period").count() == 1
    page.goto(server + "/code")
    _ready(page)
    assert page.locator("#code-text").is_visible()
    assert page.get_by_role("button", name="Code and save to the store").is_disabled()  # a read-only server
    _shot(page, "8-code")
    assert not _problems(page)
