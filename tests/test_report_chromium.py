"""The process's chart browser (swot.report.chromium): kept between reports, replaced when
dead, closed when unused, at exit and on request, and never in the way of warnings or exit."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings

import pytest
from helpers import wait_until

from swot.report import ChartImages, ImageWarning
from swot.report import chromium as report_chromium
from swot.report.build import Chart
from swot.report.chromium import BROWSERS, warm_up

HAS_BROWSER = any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))
needs_browser = pytest.mark.skipif(not HAS_BROWSER, reason="starts Chromium")
PNG = b"\x89PNG\r\n\x1a\n"


def _chart(n: int) -> Chart:
    trace = {"type": "bar", "x": ["a", "b"], "y": [n, n + 1]}
    figure = {"data": [trace], "layout": {"height": 200}}
    return Chart(id=f"c{n}", title=f"Wykres {n}", spec=json.dumps(figure))


def _draw(*charts: Chart) -> dict[str, bytes]:
    with ChartImages() as session, warnings.catch_warnings():
        warnings.simplefilter("error", ImageWarning)
        session.draw(charts)
        return session.result()


def _browser_pid() -> int:
    """The process id of the kept browser (started if none runs)."""

    async def pid() -> int:
        async with BROWSERS.lease(report_chromium.default_bundle()) as browser:
            return int(browser.subprocess.pid)

    return BROWSERS.submit(pid()).result(60)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a process that ended but was not reaped yet (a zombie) does not count
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def no_browser():
    """No browser before or after the test."""
    report_chromium.shutdown()
    yield
    report_chromium.shutdown()


@needs_browser
def test_sessions_share_one_kept_browser(no_browser):
    before = BROWSERS.starts
    first = _draw(_chart(1), _chart(2))
    second = _draw(_chart(3))
    assert set(first) == {"c1", "c2"} and set(second) == {"c3"}
    assert all(data.startswith(PNG) for data in [*first.values(), *second.values()])
    assert BROWSERS.starts - before == 1  # the second session found the first one's browser
    assert BROWSERS.open_count() == 1


@needs_browser
def test_shutdown_closes_the_browser(no_browser):
    pid = _browser_pid()
    assert _running(pid)
    report_chromium.shutdown()
    assert BROWSERS.open_count() == 0
    assert wait_until(lambda: not _running(pid), 20)


@needs_browser
def test_an_unused_browser_closes_after_a_while(no_browser, monkeypatch):
    monkeypatch.setattr(report_chromium, "KEEP_SECONDS", 0.3)
    pid = _browser_pid()
    assert wait_until(lambda: BROWSERS.open_count() == 0, 20)
    assert wait_until(lambda: not _running(pid), 20)


@needs_browser
def test_a_browser_whose_process_died_is_replaced(no_browser):
    pid = _browser_pid()
    before = BROWSERS.starts
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not _running(pid), 20)
    images = _draw(_chart(4))  # no warning: a new browser drew it
    assert images["c4"].startswith(PNG)
    assert BROWSERS.starts - before == 1
    assert _browser_pid() != pid


@needs_browser
def test_sessions_starting_at_once_start_one_browser(no_browser):
    before = BROWSERS.starts
    sessions = [ChartImages() for _ in range(3)]  # all waiting for the same start
    for n, session in enumerate(sessions):
        session.draw([_chart(10 + n)])
    for n, session in enumerate(sessions):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ImageWarning)
            assert set(session.result()) == {f"c{10 + n}"}
        session.close()
    assert BROWSERS.starts - before == 1
    assert BROWSERS.open_count() == 1


@needs_browser
def test_a_session_that_timed_out_has_the_next_one_start_a_fresh_browser(no_browser):
    pid = _browser_pid()
    before = BROWSERS.starts
    session = ChartImages(timeout=0.0001)  # gives up before any chart can be drawn
    session.draw([_chart(6)])
    with pytest.warns(ImageWarning, match="dłużej niż 0 s"):
        assert session.result() == {}
    session.close()
    assert wait_until(lambda: not _running(pid), 20)  # the browser that seemed stuck is closed
    assert _draw(_chart(7))["c7"].startswith(PNG)
    assert BROWSERS.starts - before == 1


@needs_browser
def test_warm_up_starts_one_browser_ahead_of_time(no_browser):
    before = BROWSERS.starts
    ready = warm_up()
    assert ready is not None
    ready.result(60)
    assert BROWSERS.open_count() == 1
    again = warm_up()
    assert again is not None
    again.result(60)
    assert BROWSERS.starts - before == 1
    assert _draw(_chart(5))["c5"].startswith(PNG)
    assert BROWSERS.starts - before == 1


def test_warm_up_is_skipped_when_the_chart_cache_has_charts(tmp_path, monkeypatch, no_browser):
    monkeypatch.setenv("SWOT_CHART_CACHE", str(tmp_path))
    (tmp_path / "0123.png").write_bytes(PNG)
    before = BROWSERS.starts
    assert warm_up(unless_cached=True) is None
    assert BROWSERS.starts == before


def test_warm_up_without_kaleido_does_nothing(monkeypatch, no_browser):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "kaleido" else real(name, *a)
    )
    before = BROWSERS.starts
    assert warm_up() is None
    assert BROWSERS.starts == before


@needs_browser
def test_closing_a_kept_browser_leaves_the_warning_filters_alone(no_browser):
    # choreographer's own watchdog holds warnings.catch_warnings() for the browser's life
    # and would put back, on closing, the filters of the moment the browser started
    _browser_pid()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="set after the browser started")
        filters = list(warnings.filters)
        report_chromium.shutdown()
        time.sleep(0.3)
        assert warnings.filters == filters


@needs_browser
def test_python_exits_at_once_and_closes_the_kept_browser():
    code = (
        "import json\n"
        "from swot.report import ChartImages\n"
        "from swot.report.chromium import BROWSERS, default_bundle\n"
        "with ChartImages() as session:\n"
        "    session.draw([])\n"
        "    session.result()\n"
        "async def pid():\n"
        "    async with BROWSERS.lease(default_bundle()) as browser:\n"
        "        return browser.subprocess.pid\n"
        "print(BROWSERS.submit(pid()).result(60))\n"
    )
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert time.monotonic() - start < 60
    pid = int(run.stdout.strip())
    assert wait_until(lambda: not _running(pid), 10)


def test_importing_it_loads_neither_pandas_nor_plotly():
    code = (
        "import sys\n"
        "import swot.report.chromium\n"
        "from swot.report.chromium import warm_up\n"
        "print(sorted(m for m in ('pandas', 'plotly', 'kaleido', 'docx') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_charts_choose_jupyterlabs_renderer_without_loading_nbformat():
    # touching plotly's renderers imports nbformat and jsonschema (over a second); the
    # renderer is chosen through PLOTLY_RENDERER instead, unless the user chose one
    code = (
        "import os, sys\n"
        "os.environ.pop('PLOTLY_RENDERER', None)\n"
        "import swot.charts\n"
        "print('nbformat' in sys.modules)\n"
        "import plotly.io as pio\n"
        "print(pio.renderers.default)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PLOTLY_RENDERER"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "plotly_mimetype"]
    chosen = subprocess.run(
        [sys.executable, "-c", code.replace("os.environ.pop('PLOTLY_RENDERER', None)\n", "")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "PLOTLY_RENDERER": "json"},
    )
    assert chosen.stdout.split()[-1] == "json"
