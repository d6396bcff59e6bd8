"""The SWOT board in JupyterLab (headless Chromium): click "add" → the new factor is in the DOM.

Measured next to the cheapest widget round trip in the same notebook and kernel: a bare
ipywidgets Button whose handler sets a Label (click → kernel → label text in the DOM). Both are
timed inside the page (performance.now() at the click, a MutationObserver for the result), so
Playwright's own latency is not in the figures. Clicks alternate bare / board; the board starts
from the demo workspace (31 factors of "mok") and gets one factor per click, round the quadrants.
The kernel side of each add (workspace write, board redraw, widgets created) is recorded by a
wrapper in the notebook, so the report says where the time goes.

Goal: board median <= 2x the bare round trip median.

Needs JupyterLab, Playwright and /usr/bin/chromium (pip install -e '.[test]'; apt-get install
chromium); reuses the browser-test harness in tests/browser/lab.py.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

ROUNDS = 25
WARMUP = 3
GOAL_RATIO = 2.0
NOTEBOOK = "bench_board.ipynb"

# The bare round trip and the board share one kernel, so both pay the same kernel and
# JupyterLab overheads. The wrappers on board.add / board.refresh only read the clock.
CELLS = [
    """\
import itertools
import ipywidgets as widgets

clicks = itertools.count(1)
label = widgets.Label("0")
label.add_class("bench-label")
button = widgets.Button(description="Klik")
button.add_class("bench-button")
button.on_click(lambda _b: setattr(label, "value", f"klik {next(clicks)}"))
widgets.HBox([button, label])""",
    """\
import json
import time
import swot
import swot.widgets
from ipywidgets.widgets.widget import _instances

ws = swot.Workspace.open(WORKSPACE, actor="bench")
board = swot.widgets.SwotBoard(ws, "mok", author="bench")
stats = {"add_ms": [], "write_ms": [], "refresh_ms": [], "widgets_created": [], "factors": []}
_add, _refresh, _write = board.add, board.refresh, ws.add


def timed_refresh(*args, **kwargs):
    if not kwargs.get("force", True):  # the live poll's cheap check, not a redraw
        return _refresh(*args, **kwargs)
    t0 = time.perf_counter()
    try:
        return _refresh(*args, **kwargs)
    finally:
        stats["refresh_ms"].append(1000 * (time.perf_counter() - t0))


def timed_write(*args, **kwargs):
    t0 = time.perf_counter()
    try:
        return _write(*args, **kwargs)
    finally:
        stats["write_ms"].append(1000 * (time.perf_counter() - t0))


def timed_add(*args, **kwargs):
    before, t0 = len(_instances), time.perf_counter()
    try:
        return _add(*args, **kwargs)
    finally:
        stats["add_ms"].append(1000 * (time.perf_counter() - t0))
        stats["widgets_created"].append(len(_instances) - before)
        stats["factors"].append(len(ws.factors("mok")))


board.refresh, board.add, ws.add = timed_refresh, timed_add, timed_write
dump = widgets.Button(description="stats")
dump.add_class("bench-dump")
out = widgets.Label()
out.add_class("bench-stats")
dump.on_click(lambda _b: setattr(out, "value", json.dumps(stats)))
widgets.VBox([board, widgets.HBox([dump, out])])""",
]

# Click `button` and resolve with the milliseconds until an element matching `selector` has
# exactly the text `expected` (checked on every DOM mutation).
_TIME_CLICK_JS = """
async ([button, selector, expected]) => {
  const found = () => Array.from(document.querySelectorAll(selector))
      .some(e => e.textContent === expected);
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    const observer = new MutationObserver(() => {
      if (found()) { observer.disconnect(); resolve(performance.now() - t0); }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timeout')); }, 30000);
    t0 = performance.now();
    document.querySelector(button).click();
  });
}
"""


_KERNEL_STATUS_JS = """
() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status
"""
_KERNEL_IDLE_JS = f"() => ({_KERNEL_STATUS_JS})() === 'idle'"


def _write_notebook(folder: Path, workspace: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(c.replace("WORKSPACE", repr(str(workspace)))) for c in CELLS
    ]
    nbformat.write(nb, folder / NOTEBOOK)


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": statistics.median(ordered),
        "p90_ms": statistics.quantiles(ordered, n=10, method="inclusive")[8],
        "min_ms": ordered[0],
        "max_ms": ordered[-1],
    }


def _measure(page, rounds: int, warmup: int) -> tuple[list[float], list[float], dict]:
    """Alternate bare and board clicks, each started with an idle kernel.

    The board's text is typed before the bare click: the bare round trip then proves the kernel
    has the text, and the board click measures only the click.
    """
    bare: list[float] = []
    board: list[float] = []
    for i in range(warmup + rounds):
        letter = "swot"[i % 4]
        text = f"Czynnik pomiarowy nr {i + 1:02d}"
        _wait_idle(page)
        page.locator(f".swot-factor-text-{letter} textarea").fill(text)
        ms = page.evaluate(_TIME_CLICK_JS, ["button.bench-button", ".bench-label", f"klik {i + 1}"])
        if i >= warmup:
            bare.append(ms)
        _wait_idle(page)
        ms = page.evaluate(
            _TIME_CLICK_JS,
            [f"button.swot-add-{letter}", f".swot-items-{letter} .swot-factor-body > b", text],
        )
        if i >= warmup:
            board.append(ms)
    _wait_idle(page)
    page.locator("button.bench-dump").click()
    page.wait_for_function(
        "() => (document.querySelector('.bench-stats') || {}).textContent", polling=100
    )
    kernel = json.loads(page.locator(".bench-stats").text_content() or "{}")
    return bare, board, {k: v[warmup:] for k, v in kernel.items()}


def _wait_idle(page) -> None:
    """Wait until the kernel finished the previous click (a board redraw outlasts the moment
    its new factor appears: quadrants after it are still being drawn)."""
    try:
        page.wait_for_function(_KERNEL_IDLE_JS, polling=10, timeout=60_000)
    except Exception as exc:
        status = page.evaluate(_KERNEL_STATUS_JS)
        shot = Path(tempfile.gettempdir()) / "bench_board_failure.png"
        page.screenshot(path=str(shot))
        raise RuntimeError(f"kernel not idle after 60 s (status {status!r}); see {shot}") from exc


def main(rounds: int = ROUNDS, warmup: int = WARMUP) -> dict[str, object]:
    try:
        from lab import CHROMIUM, VIEWPORT, launch_chromium, open_notebook, running_lab
        from playwright.sync_api import sync_playwright

        from swot.demo import build_demo
    except ImportError as exc:
        print(f"board benchmark skipped: {exc}")
        return {"skipped": str(exc)}
    if not CHROMIUM.is_file():
        print(f"board benchmark skipped: {CHROMIUM} is missing (apt-get install chromium)")
        return {"skipped": f"{CHROMIUM} missing"}

    with tempfile.TemporaryDirectory(prefix="swot-bench-board-") as tmp:
        root, state = Path(tmp) / "root", Path(tmp) / "state"
        root.mkdir()
        state.mkdir()
        workspace = Path(build_demo(Path(tmp) / "demo.swot"))
        _write_notebook(root, workspace)
        started = time.perf_counter()
        with running_lab(root, state, workspace=workspace) as server, sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                page = browser.new_context(viewport=VIEWPORT, locale="pl-PL").new_page()
                open_notebook(page, server, NOTEBOOK)
                bare, board, kernel = _measure(page, rounds, warmup)
            finally:
                browser.close()
        elapsed = time.perf_counter() - started

    bare_s, board_s = _summary(bare), _summary(board)
    add_s, refresh_s = _summary(kernel["add_ms"]), _summary(kernel["refresh_ms"])
    write_s = _summary(kernel["write_ms"])
    # The board redraws every factor, so its time grows with the board: first vs last clicks.
    fifth = max(1, rounds // 5)
    early, late = statistics.median(board[:fifth]), statistics.median(board[-fifth:])
    ratio = board_s["median_ms"] / bare_s["median_ms"]
    per_add = statistics.median(kernel["widgets_created"])
    factors = (kernel["factors"][0], kernel["factors"][-1])
    print(f"SWOT board in JupyterLab, {rounds} clicks each (+{warmup} warm-up), {elapsed:.0f} s:")
    for label, m in (("bare Button→Label", bare_s), ("board add→visible", board_s)):
        print(f"  {label}  median {m['median_ms']:7.1f} ms  p90 {m['p90_ms']:7.1f} ms")
    print(
        f"  board median of the first {fifth} clicks {early:.0f} ms ({factors[0]} factors),"
        f" of the last {fifth} {late:.0f} ms ({factors[1]} factors)"
    )
    print(
        f"  kernel per add: {add_s['median_ms']:.1f} ms = workspace write"
        f" {write_s['median_ms']:.1f} ms + redraw {refresh_s['median_ms']:.1f} ms + rest;"
        f" live widget models +{per_add:.0f} per add"
    )
    verdict = "OK" if ratio <= GOAL_RATIO else "MISSED"
    print(f"  board/bare {ratio:.2f}x (goal <= {GOAL_RATIO:.0f}x: {verdict})")
    results: dict[str, object] = {
        "rounds": rounds,
        "bare": bare_s,
        "board": board_s,
        "ratio": ratio,
        "kernel_add": add_s,
        "kernel_refresh": refresh_s,
        "kernel_write": write_s,
        "board_first_ms": early,
        "board_last_ms": late,
        "widgets_per_add": per_add,
        "factors": factors,
    }
    return results


if __name__ == "__main__":
    main()
