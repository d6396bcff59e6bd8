"""The expert export (``swot.review``) opened offline in Chromium as ``file://`` pages.

Two notebooks (05_monitoring with charts, trener with the expert's review) are exported from
the demo workspace with one factor holding XSS payloads. Every request other than the page
itself is aborted and recorded. The index must lead to the pages, every chart image must
load, the payloads must show as text without running, and the console must stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lab import CHROMIUM, SCREENSHOT_DIR, VIEWPORT
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Route

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PAYLOADS = ('<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>")
FACTOR_TEXT = f"Słabość {PAYLOADS[0]} i {PAYLOADS[1]} &amp; koniec"

# Per cell: a kernel that stops answering is retried well before pytest's 600 s limit.
TIMEOUT = 120


class Watch:
    """Requests, blocked requests, dialogs and console errors of one browser context."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def on_request(self, request: Request) -> None:
        if not request.url.startswith("data:"):
            self.requests.append(request.url)

    def route(self, route: Route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export folder of 05_monitoring and trener, with a payload factor in MOK."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: kaleido cannot draw the charts")
    from swot import Factor, Workspace
    from swot.demo import build_demo
    from swot.review import export_notebooks

    folder = tmp_path_factory.mktemp("swot-review")
    path = build_demo(folder / "demo.swot")
    with Workspace.open(path, actor="trener") as ws:
        ws.add(Factor(institution_id="mok", quadrant="W", text=FACTOR_TEXT, importance=5))
    notebooks = [NOTEBOOKS / "05_monitoring.ipynb", NOTEBOOKS / "trener.ipynb"]
    written = export_notebooks(path, notebooks, folder / "eksport", timeout=TIMEOUT)
    return written[-1].parent


@pytest.fixture
def offline(chromium_browser: Browser) -> Iterator[tuple[Page, Watch]]:
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
    watch = Watch()
    context.on("request", watch.on_request)
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("dialog", watch.on_dialog)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
    try:
        yield page, watch
    finally:
        context.close()


_IMAGES_JS = """
() => Array.from(document.images, (img) => ({
  alt: img.alt, loaded: img.complete && img.naturalWidth > 0, shown: img.width,
}))
"""


def test_index_leads_to_pages_whose_charts_load_offline(
    offline: tuple[Page, Watch], exported: Path
) -> None:
    page, watch = offline
    index = exported / "index.html"
    page.goto(index.as_uri(), wait_until="load")
    assert page.locator("ol li a").count() == 2
    page.locator("ol li a", has_text="Monitorowanie").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/05_monitoring.html")
    images = page.evaluate(_IMAGES_JS)
    assert len(images) == 2, images
    assert all(i["loaded"] and i["alt"] and i["shown"] > 300 for i in images), images
    assert page.locator("header.swot-rv-header", has_text="tylko do odczytu").count() == 1
    page.locator("header .swot-rv-nav a").click()  # back to the index
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")

    pages = [(exported / name).as_uri() for name in ("index.html", "05_monitoring.html")]
    assert watch.requests == [*pages, pages[0]], watch.requests
    assert watch.blocked == [] and watch.errors == [], (watch.blocked, watch.errors)

    page.goto(pages[1], wait_until="load")
    page.locator("img").first.scroll_into_view_if_needed()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "review-export-monitoring.png"))


def test_payload_in_a_factor_shows_as_text_and_never_runs(
    offline: tuple[Page, Watch], exported: Path
) -> None:
    page, watch = offline
    page.goto((exported / "trener.html").as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # an onerror handler would have fired by now

    assert page.evaluate("typeof window.__xss") == "undefined", "a payload ran"
    assert watch.dialogs == []
    assert page.locator("script").count() == 0
    made = page.evaluate(
        "() => Array.from(document.querySelectorAll('img[src=\"x\"], [onerror], [onload]'))"
        ".map((e) => e.outerHTML.slice(0, 120))"
    )
    assert made == [], made
    shown = page.get_by_text("window.__xss", exact=False)
    assert shown.count() >= 1
    texts = shown.evaluate_all("els => els.map((e) => e.textContent)")
    assert any(FACTOR_TEXT in text for text in texts), texts
    body = page.evaluate("() => document.body.innerText")
    assert "&lt;" not in body and "&amp;amp;" not in body
    assert watch.blocked == [] and watch.errors == [], (watch.blocked, watch.errors)

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "review-export-trener-top.png"))
    shown.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "review-export-trener-xss.png"))
