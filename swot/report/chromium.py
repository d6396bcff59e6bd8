"""The Chromium that draws charts as pictures: one per process, kept open between uses.

Starting Chromium with kaleido's page takes about a second on a small machine, more than
drawing all of the sample report's charts. So the process keeps the browser it started
(:data:`BROWSERS`) and lends it (:meth:`Browsers.lease`) to whatever draws: the report's
DOCX pictures (:class:`~swot.report.docx.ChartImages`), :func:`swot.charts.save_figure`
(PNG, SVG, PDF) and :func:`swot.charts.fit_width`. The next report, a rebuild after a typo is
fixed, or the next saved matrix draws at once. :func:`warm_up` starts it ahead of time:
the report widget calls it when shown, ``swot report`` before importing pandas, so a
trainer's click finds it ready.

An unused browser is closed after :data:`KEEP_SECONDS` (its processes hold about 400 MB of
memory, measured as PSS with Debian's Chromium), at exit, and by :func:`shutdown`. A
browser whose process died or that stopped answering is replaced by the next lease. All
browsers of a process are run by one event loop in a daemon thread, so a browser never
keeps Python from exiting (and if Python is killed, Chromium ends with its pipe).

This module imports only the standard library; kaleido is imported on first use.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import importlib
import importlib.util
import os
import threading
from collections.abc import AsyncIterator, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "BROWSERS",
    "KEEP_SECONDS",
    "Browsers",
    "NotStarted",
    "chart_cache_dir",
    "draw_figure",
    "shutdown",
    "warm_up",
]

#: Seconds an unused browser stays open for the next report.
KEEP_SECONDS = 600.0
#: Seconds a browser may take to start, and to close at exit.
START_TIMEOUT = 60.0
CLOSE_TIMEOUT = 10.0

_T = TypeVar("_T")


class NotStarted(RuntimeError):
    """The browser could not be started; ``key`` names why for the report's note.

    ``"no_kaleido"`` (kaleido missing), ``"no_browser"`` (no Chromium or Chrome found) or
    ``"broken"`` (it failed to start; the message says how).
    """

    def __init__(self, key: str, message: str = "") -> None:
        super().__init__(message or key)
        self.key = key


_CLASSES: dict[type, type] = {}


def _browser_class(kaleido: Any) -> Any:
    """kaleido's browser, putting a tab back without reloading it after each PNG.

    kaleido reloads its page after every figure to start the next from a clean page (which
    PDF output needs: :func:`draw_figure` reloads after a PDF). A PNG or SVG is drawn by
    ``Plotly.toImage`` on a detached graph that plotly purges itself, so nothing is left
    behind; skipping the reload saves about 0.13 s a chart.
    Should kaleido rename the hook, this override is simply never called and every chart is
    drawn the standard way. One class per kaleido, so that a kept browser is found again.
    """
    base = kaleido.Kaleido
    if not hasattr(base, "_return_kaleido_tab"):
        return base
    if base not in _CLASSES:

        class _Browser(base):  # type: ignore[misc,valid-type]
            async def _return_kaleido_tab(self, tab: Any, *args: Any, **kwargs: Any) -> None:
                await self.tabs_ready.put(tab)

            async def _watchdog(self) -> None:
                # choreographer's watchdog (close the browser once its process ends) without
                # its warnings.catch_warnings(): that context is process-wide, and held for
                # a kept browser's life it would put back, when the browser closes, the
                # warning filters of the moment it started
                loop = asyncio.get_running_loop()
                ended = asyncio.Event()

                def wait() -> None:
                    self.subprocess.wait()
                    loop.call_soon_threadsafe(ended.set)

                # a daemon thread: an executor's would keep Python from exiting
                threading.Thread(target=wait, name="swot-chromium-wait", daemon=True).start()
                try:
                    await ended.wait()
                except asyncio.CancelledError:
                    return  # closed by close()
                self._watch_dog_task = None  # close() must not cancel this task
                with contextlib.suppress(Exception):
                    await self.close()

        _CLASSES[base] = _Browser
    return _CLASSES[base]


def _alive(browser: Any) -> bool:
    """Whether a started browser's process still runs (unknown counts as running)."""
    process = getattr(browser, "subprocess", None)
    poll = getattr(process, "poll", None)
    return poll is None or poll() is None


async def _start(cls: Any, plotly_js: Path | None, tabs: int) -> Any:
    options: dict[str, Any] = {"plotlyjs": str(plotly_js)} if plotly_js is not None else {}
    try:
        browser = cls(n=tabs, mathjax=False, timeout=60, **options)
    except Exception as exc:  # choreographer's ChromeNotFoundError (a RuntimeError)
        text = str(exc).lower()
        key = "no_browser" if "chrom" in text or "browser" in text else "broken"
        raise NotStarted(key, str(exc)) from exc
    try:
        await asyncio.wait_for(browser.__aenter__(), START_TIMEOUT)
    except BaseException as exc:  # cancelled too (closed while starting): no Chromium left
        with contextlib.suppress(BaseException):
            await asyncio.shield(
                asyncio.wait_for(browser.__aexit__(None, None, None), CLOSE_TIMEOUT)
            )
        if isinstance(exc, Exception):
            raise NotStarted("broken", str(exc) or type(exc).__name__) from exc
        raise
    return browser


@dataclass(eq=False)
class _Entry:
    """One browser: its start (a task giving the started browser), users and idle timer."""

    started: asyncio.Task[Any]
    users: int = 0
    timer: asyncio.TimerHandle | None = None
    retired: bool = False

    def usable(self) -> bool:
        if self.retired:
            return False
        if not self.started.done():
            return True
        if self.started.cancelled() or self.started.exception() is not None:
            return False
        return _alive(self.started.result())

    async def close(self) -> None:
        self.retired = True
        if self.timer is not None:
            self.timer.cancel()
        if not self.started.done():
            self.started.cancel()
        with contextlib.suppress(BaseException):
            browser = await self.started
            await asyncio.wait_for(browser.__aexit__(None, None, None), CLOSE_TIMEOUT)


@dataclass(eq=False)
class Browsers:
    """The process's chart browsers, run by one event loop in a daemon thread.

    Coroutines run on that loop by :meth:`submit`; inside them, :meth:`lease` lends a
    started browser. One browser is kept per kind (plotly.js bundle, number of tabs);
    starting a new kind closes unused browsers of the others.
    """

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _pid: int = 0
    _entries: dict[tuple[Any, ...], _Entry] = field(default_factory=dict)
    _closing: set[asyncio.Task[None]] = field(default_factory=set)
    starts: int = 0  # browsers started by this process (for tests and benchmarks)

    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the browsers live in (started on first use)."""
        with self._lock:
            fresh = self._pid != os.getpid()  # a forked child has the thread no longer
            if self._loop is None or fresh or not (self._thread and self._thread.is_alive()):
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="swot-chromium", daemon=True
                )
                thread.start()
                if self._pid == 0:
                    atexit.register(self.close_all)
                self._loop, self._thread, self._pid = loop, thread, os.getpid()
                self._entries = {}
            return self._loop

    def submit(self, coroutine: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        """Run ``coroutine`` on the browsers' loop; its future can be waited for anywhere."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop())

    @contextlib.asynccontextmanager
    async def lease(self, plotly_js: Path | None, tabs: int = 1) -> AsyncIterator[Any]:
        """A started kaleido browser drawing with ``plotly_js`` (``None``: plotly.py's).

        Runs on the browsers' loop only. Raises :class:`NotStarted` when it cannot start.
        """
        try:
            kaleido = importlib.import_module("kaleido")
        except ImportError as exc:
            raise NotStarted("no_kaleido", str(exc)) from exc
        cls = _browser_class(kaleido)
        # kaleido finds the browser by $BROWSER_PATH when set: another path, another browser
        key = (cls, str(plotly_js or ""), tabs, os.environ.get("BROWSER_PATH"))
        # nothing awaited until the entry is registered and used: a lease running meanwhile
        # finds it instead of starting a second browser
        entry = self._entries.get(key)
        if entry is None or not entry.usable():
            for other_key, other in list(self._entries.items()):
                if other.users == 0 or other_key == key:  # one kind kept at a time
                    del self._entries[other_key]
                    self._close_later(other)
            entry = _Entry(asyncio.ensure_future(_start(cls, plotly_js, tabs)))
            self._entries[key] = entry
            self.starts += 1
        entry.users += 1
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        try:
            browser = await asyncio.shield(entry.started)
            yield browser
        finally:
            entry.users -= 1
            if self._entries.get(key) is entry:
                if not entry.usable():
                    del self._entries[key]
                    self._close_later(entry)
                elif entry.users == 0:
                    entry.timer = asyncio.get_running_loop().call_later(
                        KEEP_SECONDS, self._expire, key, entry
                    )

    def retire(self) -> None:
        """Have the next lease start new browsers (e.g. after one stopped answering)."""
        loop = self._loop
        if loop is None or self._pid != os.getpid():
            return

        def mark() -> None:
            for key, entry in list(self._entries.items()):
                entry.retired = True
                if entry.users == 0:
                    del self._entries[key]
                    self._close_later(entry)

        loop.call_soon_threadsafe(mark)

    def open_count(self) -> int:
        """How many browsers are started or starting."""
        loop = self._loop
        if loop is None or self._pid != os.getpid():
            return 0

        async def count() -> int:
            return sum(1 for e in self._entries.values() if e.usable())

        return self.submit(count()).result(CLOSE_TIMEOUT)

    def close_all(self) -> None:
        """Close every browser and wait for it (at most :data:`CLOSE_TIMEOUT` s each)."""
        loop = self._loop
        if loop is None or self._pid != os.getpid() or not loop.is_running():
            return

        async def close() -> None:
            entries = list(self._entries.values())
            self._entries.clear()
            await asyncio.gather(*(e.close() for e in entries), return_exceptions=True)

        with contextlib.suppress(Exception):
            self.submit(close()).result(CLOSE_TIMEOUT + 5)

    def _close_later(self, entry: _Entry) -> None:
        task = asyncio.ensure_future(entry.close())
        self._closing.add(task)  # kept until done (the loop holds tasks only weakly)
        task.add_done_callback(self._closing.discard)

    def _expire(self, key: tuple[Any, ...], entry: _Entry) -> None:
        if self._entries.get(key) is entry and entry.users == 0:
            del self._entries[key]
            self._close_later(entry)


#: The browsers of this process.
BROWSERS = Browsers()


def default_bundle() -> Path | None:
    """The plotly.js the report's charts are drawn with (``None``: plotly.py's own)."""
    from swot.report.plotlyjs import CARTESIAN, cartesian_fits

    return CARTESIAN if cartesian_fits() else None


def chart_cache_dir() -> Path | None:
    """Where drawn charts are kept between builds, or ``None`` when caching is off.

    ``$SWOT_CHART_CACHE`` names the folder; set it empty to turn caching off. By default
    ``$XDG_CACHE_HOME/swot/wykresy`` (``~/.cache/swot/wykresy``). A chart's image depends
    only on its plotly spec, title and scale, so an unchanged chart is never drawn twice
    (see :func:`swot.report.docx.cached_charts`).
    """
    configured = os.environ.get("SWOT_CHART_CACHE")
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "swot" / "wykresy"


def warm_up(*, unless_cached: bool = False) -> concurrent.futures.Future[None] | None:
    """Start the report's browser in the background, unless it runs (returns at once).

    ``unless_cached``: not when the chart cache holds charts (the next report may need no
    browser; it starts one itself for a chart it lacks). Nothing happens without kaleido;
    a browser that cannot start is only reported when a report needs it. Returns what to
    wait on for the browser to be ready, or ``None`` when none is started.
    """
    if importlib.util.find_spec("kaleido") is None:
        return None
    if unless_cached:
        folder = chart_cache_dir()
        if folder is not None and next(folder.glob("*.png"), None) is not None:
            return None

    async def hold() -> None:
        with contextlib.suppress(Exception):
            async with BROWSERS.lease(default_bundle()):
                pass

    return BROWSERS.submit(hold())


def draw_figure(
    figure: Mapping[str, Any], options: Mapping[str, Any], *, timeout: float = 120.0
) -> bytes:
    """One plotly figure (as a dict) drawn by the kept browser: PNG, SVG or PDF bytes.

    ``options`` are kaleido's (``format``, ``width``, ``height``, ``scale``). The figure is
    drawn with the report's plotly.js when its trace types fit, else with plotly.py's own.
    kaleido prints a PDF from its page, leaving the figure there; the page is reloaded
    after one, as kaleido itself does after every figure. Raises :class:`NotStarted` when
    no browser can start, :class:`TimeoutError` after ``timeout`` seconds (the browser is
    then replaced), and what kaleido raises for a figure it cannot draw.
    """
    from swot.report.plotlyjs import CARTESIAN_TRACES, trace_types

    kind = str(options.get("format", "png")).lower()
    if kind not in ("png", "svg", "pdf"):
        raise ValueError(f"draw_figure draws PNG, SVG and PDF, not {options.get('format')!r}")
    bundle = default_bundle() if trace_types([figure]) <= CARTESIAN_TRACES else None

    async def draw() -> bytes:
        async with BROWSERS.lease(bundle) as browser:
            data = await browser.calc_fig(dict(figure), dict(options))
            if kind == "pdf":
                tab = await browser.tabs_ready.get()
                try:
                    await tab.reload()
                finally:
                    await browser.tabs_ready.put(tab)
        return bytes(data)

    future = BROWSERS.submit(draw())
    try:
        return future.result(timeout)
    except concurrent.futures.TimeoutError:
        future.cancel()
        BROWSERS.retire()
        raise TimeoutError(f"the chart was not drawn within {timeout:g} s") from None


def shutdown() -> None:
    """Close this process's chart browsers now (they are closed at exit anyway)."""
    BROWSERS.close_all()
