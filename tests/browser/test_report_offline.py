"""The panel report (``raport.html``) opened offline in Chromium as a ``file://`` page.

The report is built for the demo workspace with every sample step played (workshops of the
three centres, plan links, monitoring, cooperation) and one factor holding XSS payloads. The
page may not ask for anything but itself: every other request is aborted and recorded. Every
section of the table of contents must be there, every chart drawn by the embedded plotly.js,
the console clean, and the payloads shown as text without running.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab import SCREENSHOT_DIR, VIEWPORT
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Route

pytestmark = pytest.mark.browser

PAYLOADS = (
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
)
FACTOR_TEXT = f"Strona {PAYLOADS[0]} i {PAYLOADS[1]} &amp; koniec"


class Watch:
    """Requests, blocked requests, dialogs and console errors of one browser context."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def route(self, route: Route) -> None:
        if route.request.url.startswith("file://"):
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
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``raport.html`` of the fully played demo workspace with a payload factor in MOK."""
    from swot import Factor, Workspace, demo
    from swot.demo import build_demo
    from swot.report import build_report

    folder = tmp_path_factory.mktemp("swot-report")
    path = build_demo(folder / "demo.swot")
    with Workspace.open(path, actor="Trener prowadzący") as ws:
        for institution in ("mok", "tkacz", "dok"):
            assert demo.play_sample_workshop(ws, institution).played
        assert demo.link_sample_plan(ws, "mok") > 0
        assert demo.play_sample_monitoring(ws, "mok").played
        assert demo.play_sample_cooperation(ws).played
        ws.add(Factor(institution_id="mok", quadrant="W", text=FACTOR_TEXT, importance=5))
        files = build_report(ws, folder / "raport", today_year=2021)
    return files.html


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


_TOC_JS = """
() => Array.from(document.querySelectorAll('nav.toc a'), (a) => {
  const id = a.getAttribute('href').slice(1);
  const section = document.getElementById(id);
  const heading = section && section.querySelector(':scope > h2, :scope > h3');
  return {id, title: a.textContent, heading: heading ? heading.textContent : null,
          visible: heading ? heading.getBoundingClientRect().height > 0 : false};
})
"""


def test_report_opens_offline_with_every_section_and_chart(
    offline: tuple[Page, Watch], report_html: Path
) -> None:
    started = time.perf_counter()
    page, watch = offline
    page.goto(report_html.as_uri(), wait_until="load")

    # every entry of the table of contents leads to a visible heading with the same title
    toc = page.evaluate(_TOC_JS)
    assert len(toc) >= 20, toc
    for entry in toc:
        assert entry["heading"] is not None, f"no section for {entry}"
        assert entry["heading"].endswith(entry["title"]), entry
        assert entry["visible"], entry
    assert page.locator("main > section").count() == 7

    # every chart block got drawn by the embedded plotly.js
    blocks = page.locator("div.chart").count()
    assert blocks > 0
    assert page.locator("script.swot-figure").count() == blocks
    assert page.locator("div.chart.js-plotly-plot").count() == blocks
    assert page.locator("div.chart .main-svg").count() >= blocks
    empty = page.evaluate(
        "() => Array.from(document.querySelectorAll('div.chart'))"
        ".filter((d) => !d.querySelector('.main-svg')).map((d) => d.id)"
    )
    assert empty == [], f"charts not drawn: {empty}"

    # drawn by the vendored cartesian bundle, which holds exactly the trace types swot
    # counts on when it picks that bundle (swot.report.plotlyjs.CARTESIAN_TRACES)
    from swot.report.plotlyjs import CARTESIAN_TRACES, cartesian_version

    version, traces = page.evaluate(
        "() => [Plotly.version, Object.keys(Plotly.PlotSchema.get().traces)]"
    )
    assert version == ".".join(map(str, cartesian_version() or ())), version
    assert set(traces) == CARTESIAN_TRACES, sorted(traces)

    # offline: the page asked for itself only, and said nothing wrong
    assert watch.blocked == [], f"requests attempted: {watch.blocked}"
    assert watch.requests == [report_html.as_uri()], watch.requests
    assert watch.errors == [], watch.errors

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "report-offline-full.png"), full_page=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "report-offline-top.png"))
    print(f"{blocks} charts, {len(toc)} sections: {time.perf_counter() - started:.1f} s")


def test_payload_in_a_factor_shows_as_text_and_never_runs(
    offline: tuple[Page, Watch], report_html: Path
) -> None:
    page, watch = offline
    page.goto(report_html.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # an onerror handler would have fired by now

    shown = page.locator(".swot-grid li span", has_text="window.__xss")
    assert shown.count() >= 1
    texts = shown.evaluate_all("els => els.map((e) => e.textContent)")
    assert FACTOR_TEXT in texts, texts
    assert page.evaluate("typeof window.__xss") == "undefined", "a payload ran"
    assert watch.dialogs == []
    made = page.evaluate(
        "() => Array.from(document.querySelectorAll('img[src=\"x\"], [onerror], [onload]'))"
        ".map((e) => e.outerHTML.slice(0, 120))"
    )
    assert made == [], made
    scripts = page.evaluate(
        "() => Array.from(document.querySelectorAll('script'))"
        ".filter((s) => s.type !== 'application/json' && s.textContent.includes('__xss')).length"
    )
    assert scripts == 0
    body = page.evaluate("() => document.body.innerText")
    assert "&lt;" not in body and "&amp;amp;" not in body
    assert watch.blocked == [], watch.blocked
    assert watch.errors == [], watch.errors
    shown.first.scroll_into_view_if_needed()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "report-offline-xss.png"))
