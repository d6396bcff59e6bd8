"""Markup in factor texts stays text in the SWOT matrix figure, its hover and the exports.

The board itself is checked in test_lab_swot.py. Here the same kind of payloads go into:

* the plotly matrix (``swot.charts.swot_matrix``) as JupyterLab renders it, hover label included;
* the HTML export (``swot.exports.export_board``) opened as a ``file://`` page;
* the SVG written by ``swot.charts.save_figure`` (kaleido) opened as a ``file://`` document.

Each check reads what the browser shows (``textContent``), looks for elements a payload could
have created, and watches ``window.__xss`` and dialogs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from lab import SCREENSHOT_DIR, VIEWPORT, LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Request, Route, expect

if TYPE_CHECKING:
    from swot import Workspace

pytestmark = pytest.mark.browser

INSTITUTION = "mok"
INSTITUTION_NAME = "MOK <i>Łódź</i>"
AUTHOR = "<i>Ewa</i>"
CATEGORY = "<b>kat</b>"

# (quadrant, text, importance): one factor per payload; importance sets the order in a quadrant.
FACTORS = [
    ("S", "<script>window.__xss=1</script>", 5),
    ("S", "$x^2$", 3),
    ("W", '<img src=x onerror="window.__xss=1">', 4),
    ("W", "%{x}", 2),
    ("O", "<b>bold</b>", 4),
    ("T", '"><svg onload=window.__xss=1>', 4),
]
PAYLOADS = [text for _quadrant, text, _importance in FACTORS]
HOVERED = FACTORS[2][1]  # the <img onerror> factor; it also carries the markup category

# Elements no payload may create (plotly draws its own <svg class="main-svg"> and icons).
_INJECTED = "script, img, iframe, object, embed, foreignObject, [onerror], [onload], [onclick]"


# ------------------------------------------------------------------------------------ helpers


def _workspace_code(path: Path) -> str:
    """Python (calling only swot.*) that creates the workspace with the payload factors."""
    return (
        "from swot import Factor, Institution, Workspace\n\n"
        f"ws = Workspace.create({str(path)!r}, actor={AUTHOR!r}, categories=[{CATEGORY!r}])\n"
        f"ws.add(Institution(id={INSTITUTION!r}, name={INSTITUTION_NAME!r}))\n"
        f"for quadrant, text, importance in {FACTORS!r}:\n"
        "    ws.add(Factor(\n"
        f"        institution_id={INSTITUTION!r}, quadrant=quadrant, text=text,\n"
        f"        importance=importance, author={AUTHOR!r},\n"
        f"        category={CATEGORY!r} if text == {HOVERED!r} else '',\n"
        "    ))\n"
    )


def payload_workspace(path: Path) -> Workspace:
    """The same workspace as :func:`_workspace_code` makes, made in the test process."""
    from swot import Factor, Institution, Workspace

    ws = Workspace.create(path, actor=AUTHOR, categories=[CATEGORY])
    ws.add(Institution(id=INSTITUTION, name=INSTITUTION_NAME))
    for quadrant, text, importance in FACTORS:
        category = CATEGORY if text == HOVERED else ""
        ws.add(
            Factor(
                institution_id=INSTITUTION,
                quadrant=quadrant,
                text=text,
                importance=importance,
                author=AUTHOR,
                category=category,
            )
        )
    return ws


def write_matrix_notebook(server: LabServer, name: str, workspace: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("import swot.charts\n\n" + _workspace_code(workspace)),
        nbformat.v4.new_code_cell(
            f"swot.charts.swot_matrix(ws.factors({INSTITUTION!r}), note={INSTITUTION_NAME!r})"
        ),
    ]
    nbformat.write(nb, server.root_dir / name)
    return name


class Watch:
    """Dialogs and network requests of one browser context."""

    def __init__(self, context: BrowserContext, *, block_network: bool) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        context.on("request", self._on_request)
        if block_network:
            context.route("**/*", self._route)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def offline(chromium_browser: Browser) -> Iterator[tuple[Page, Watch]]:
    """A page for local files: every non-file request is aborted and recorded."""
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
    watch = Watch(context, block_network=True)
    page = context.new_page()
    page.on("dialog", watch.on_dialog)
    try:
        yield page, watch
    finally:
        context.close()


_FIND_INJECTED_JS = """
([scope, selector]) => {
  const roots = scope === null ? [document] : Array.from(document.querySelectorAll(scope));
  const found = roots.flatMap((r) => Array.from(r.querySelectorAll(selector)));
  // Page-wide, whatever the scope: a payload's own attributes or script body.
  const everywhere = Array.from(document.querySelectorAll(
    '[onerror], [onload], img[src="x"], script'))
    .filter((e) => e.localName !== 'script' || e.textContent.includes('__xss'));
  return [...new Set([...found, ...everywhere])].map((e) => e.outerHTML.slice(0, 120));
}
"""


def assert_nothing_ran(
    page: Page, dialogs: list[str], *, scope: str | None = None, allowed: str = ""
) -> None:
    """No element a payload could have made (in ``scope``, a CSS selector, or the whole
    document; ``allowed`` excludes the renderer's own), ``window.__xss`` unset, no dialog."""
    selector = ", ".join(
        f"{part.strip()}:not({allowed})" if allowed else part.strip()
        for part in _INJECTED.split(",")
    )
    injected = page.evaluate(_FIND_INJECTED_JS, [scope, selector])
    assert injected == [], f"elements made from payloads: {injected}"
    assert page.evaluate("typeof window.__xss") == "undefined", "a payload ran"
    assert not dialogs, f"a payload opened a dialog: {dialogs}"


def assert_no_visible_entities(texts: list[str], where: str) -> None:
    """Escaped twice would show ``&lt;`` or ``&#36;`` to the reader."""
    for text in texts:
        for entity in ("&lt;", "&gt;", "&amp;", "&quot;", "&#"):
            assert entity not in text, f"{where} shows {entity!r} to the reader: {text!r}"


# -------------------------------------------------------------------------------------- tests

# Every annotation of the matrix: its textContent and how many of its tspans are bold.
PLOT_OUTPUT = ".jp-OutputArea-output:has(.js-plotly-plot)"
PLOTLY_OWN = "img.plot-img"  # the renderer's hidden snapshot image, no src

_ANNOTATIONS_JS = """
(plot) => Array.from(plot.querySelectorAll('g.annotation'), (g) => ({
  text: g.querySelector('text.annotation-text').textContent,
  bold: Array.from(g.querySelectorAll('tspan'))
        .filter(s => (s.getAttribute('style') || '').includes('bold')).length,
}))
"""


def test_matrix_figure_and_its_hover_show_payloads_literally(
    scratch_lab: LabServer, page: Page, tmp_path: Path
) -> None:
    started = time.perf_counter()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    name = write_matrix_notebook(scratch_lab, "matrix_xss.ipynb", tmp_path / "matrix.swot")
    open_notebook(page, scratch_lab, name)
    # The A4 matrix is 1123 px wide: room for all of it (and its hover labels) on screen.
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")

    plot = page.locator(".js-plotly-plot").first
    expect(plot.locator("g.annotation").first).to_be_attached()
    annotations = plot.evaluate(_ANNOTATIONS_JS)
    texts = [a["text"] for a in annotations]
    for payload in PAYLOADS:
        assert payload in texts, f"{payload!r} not shown literally; the matrix shows {texts}"
        shown = next(a for a in annotations if a["text"] == payload)
        assert shown["bold"] == 0, f"{payload!r} was drawn with bold markup"
    assert INSTITUTION_NAME in texts  # the note in the footer
    assert_no_visible_entities(texts, "the matrix")
    # The only <svg> elements are plotly's own drawing surfaces and its modebar's icons.
    foreign_svg = plot.locator("svg:not(.main-svg):not(.modebar svg)")
    assert foreign_svg.count() == 0, foreign_svg.evaluate_all("l => l.map(e => e.outerHTML)")
    assert_nothing_ran(page, dialogs, scope=PLOT_OUTPUT, allowed=PLOTLY_OWN)
    plot.scroll_into_view_if_needed()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    plot.screenshot(path=str(SCREENSHOT_DIR / "swot-matrix-xss.png"))

    # Hovering a factor's text shows its full text and category, literally.
    target = plot.locator("g.annotation").filter(
        has=page.locator("text.annotation-text", has_text=HOVERED)
    )
    target.locator("text.annotation-text").hover()
    label = plot.locator(".hoverlayer .hovertext")
    expect(label).to_be_visible()
    hover = label.evaluate("e => e.textContent")
    assert HOVERED in hover, f"hover label: {hover!r}"
    assert f"Kategoria: {CATEGORY} · ważność: 4/5" in hover, f"hover label: {hover!r}"
    assert_no_visible_entities([hover], "the hover label")
    assert label.locator("tspan[style*='bold']").count() == 0
    assert_nothing_ran(page, dialogs, scope=PLOT_OUTPUT, allowed=PLOTLY_OWN)
    plot.screenshot(path=str(SCREENSHOT_DIR / "swot-matrix-xss-hover.png"))
    shutdown_kernel(page, name)
    print(f"matrix in JupyterLab: {time.perf_counter() - started:.1f} s")


def test_html_export_shows_payloads_literally_offline(
    offline: tuple[Page, Watch], tmp_path: Path
) -> None:
    from swot.exports import export_board

    started = time.perf_counter()
    page, watch = offline
    with payload_workspace(tmp_path / "export.swot") as ws:
        path = export_board(ws, INSTITUTION, tmp_path / "tablica.html")
    page.goto(path.as_uri(), wait_until="load")

    cells = page.evaluate(
        "() => Array.from(document.querySelectorAll('td.text'), e => e.textContent)"
    )
    for payload in PAYLOADS:
        assert payload in cells, f"{payload!r} not shown literally; the cells are {cells}"
    authors = page.evaluate("() => Array.from(document.querySelectorAll('td'), e => e.textContent)")
    assert AUTHOR in authors and CATEGORY in authors
    expect(page.locator("h1")).to_have_text(f"Analiza SWOT: {INSTITUTION_NAME}")
    assert page.title() == f"Analiza SWOT: {INSTITUTION_NAME}"
    body = page.evaluate("() => document.body.innerText")
    assert_no_visible_entities([body], "the HTML export")
    assert page.locator("body svg, body b, body i").count() == 0
    assert_nothing_ran(page, watch.dialogs)
    assert watch.requests == [path.as_uri()], f"requests: {watch.requests}"
    assert watch.blocked == []
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 1400})
    screenshot(page, "swot-export-html-xss")
    print(f"HTML export: {time.perf_counter() - started:.1f} s")


def test_saved_svg_shows_payloads_literally_and_runs_nothing(
    offline: tuple[Page, Watch], tmp_path: Path
) -> None:
    from swot.charts import save_figure, swot_matrix

    started = time.perf_counter()
    page, watch = offline
    with payload_workspace(tmp_path / "svg.swot") as ws:
        fig = swot_matrix(ws.factors(INSTITUTION), note=INSTITUTION_NAME)
    path = save_figure(fig, tmp_path / "macierz.svg")
    drawn = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")

    assert page.evaluate("() => document.documentElement.localName") == "svg"
    texts = page.evaluate(
        "() => Array.from(document.querySelectorAll('text.annotation-text'), e => e.textContent)"
    )
    for payload in PAYLOADS:
        assert payload in texts, f"{payload!r} not shown literally; the SVG shows {texts}"
    assert INSTITUTION_NAME in texts
    assert_no_visible_entities(texts, "the saved SVG")
    # One root <svg> (and plotly's nested drawing surfaces), nothing a payload made.
    nested = page.evaluate(
        "() => Array.from(document.querySelectorAll('svg svg'), e => e.getAttribute('class'))"
    )
    assert all(cls and "main-svg" in cls for cls in nested), nested
    assert_nothing_ran(page, watch.dialogs)
    assert watch.requests == [path.as_uri()], f"the SVG asked for {watch.requests}"
    assert watch.blocked == []
    screenshot(page, "swot-matrix-svg-xss")
    print(f"SVG: save_figure {drawn - started:.1f} s, browser {time.perf_counter() - drawn:.1f} s")


def test_fitted_matrix_fits_a_narrow_notebook_and_shows_payloads_literally(
    scratch_lab: LabServer, chromium_browser: Browser, tmp_path: Path
) -> None:
    """charts.fit_width: on a 1000 px screen with the file browser open the whole A4 matrix
    is visible (the plotly figure showed only its left half), as a picture that runs nothing."""
    from swot.charts import A4_LANDSCAPE

    context = chromium_browser.new_context(viewport={"width": 1000, "height": 800}, locale="pl-PL")
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nb.cells = [
            nbformat.v4.new_code_cell(
                "import swot.charts\n\n" + _workspace_code(tmp_path / "fit.swot")
            ),
            nbformat.v4.new_code_cell(
                f"swot.charts.fit_width(swot.charts.swot_matrix(ws.factors({INSTITUTION!r})))"
            ),
        ]
        name = "fitted_matrix.ipynb"
        nbformat.write(nb, scratch_lab.root_dir / name)
        open_notebook(page, scratch_lab, name)
        picture = page.locator(".jp-RenderedSVG img").first
        expect(picture).to_be_visible()
        picture.scroll_into_view_if_needed()
        shown = picture.bounding_box()
        area = page.locator(".jp-OutputArea-output.jp-RenderedSVG").first.bounding_box()
        assert shown is not None and area is not None
        # all of it inside the output area, scaled down with its proportions kept
        assert shown["x"] >= area["x"] - 1
        assert shown["x"] + shown["width"] <= area["x"] + area["width"] + 1
        assert shown["width"] >= 0.9 * area["width"]  # as wide as there is room for
        ratio = A4_LANDSCAPE[1] / A4_LANDSCAPE[0]
        assert shown["height"] / shown["width"] == pytest.approx(ratio, rel=0.02)
        screenshot(page, "lab_fitted_matrix_1000px")
        # the picture's own document holds the payloads as text, and nothing ran
        svg = picture.evaluate("async (img) => await (await fetch(img.src)).text()")
        import xml.etree.ElementTree as ET

        root = ET.fromstring(svg)
        tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
        assert not tags & {"script", "img", "image", "foreignObject", "iframe"}, tags
        handlers = [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")]
        assert handlers == []
        texts = "".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
        for payload in PAYLOADS:
            assert payload in texts  # shown as typed, as text
        assert_nothing_ran(page, dialogs, scope=".jp-RenderedSVG", allowed="img[src^='data:']")
        shutdown_kernel(page, name)
    finally:
        context.close()
