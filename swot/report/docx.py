"""Render the panel report as a Word document (DOCX).

:func:`render_docx` lays a computed :class:`~swot.report.build.Report` out with python-docx:
a cover page (title, workspace, date, the centres), a table of contents that Word fills in
when the file is opened (a ``TOC`` field, pre-filled with the sections), then every section
as Heading 1, its parts as Heading 2 and each table or chart under a Heading 3. Tables repeat
their header row on every page; a SWOT is a 2 x 2 table in the quadrants' colours; the
appendix traces each task as nested bullets; development plans are tables in the official
layout of :func:`swot.plan_io.add_plan_table`, on landscape pages.

Charts are PNG images drawn by kaleido in one Chromium session for the whole report, as
they are computed, many at a time in one call to kaleido's page (:class:`ChartImages`,
:func:`draw_charts`). Without kaleido or Chromium each chart becomes a placeholder
paragraph pointing to the HTML report, and an :class:`ImageWarning` says why.

Every text is the report's own (already aggregated and masked) value; characters that XML
cannot hold (``\\x00``-``\\x1f`` but tab and line breaks) are dropped, the rest is escaped by
python-docx, so a factor typed as ``<script>`` or ``=HYPERLINK(...)`` shows as typed.

Examples
--------
>>> from swot.report import compute_report, render_docx        # doctest: +SKIP
>>> data = render_docx(compute_report(ws))                     # doctest: +SKIP
>>> Path("raport.docx").write_bytes(data)                      # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import hashlib
import html
import io
import json
import os
import queue
import re
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from swot.i18n import get_language, register, set_language, t
from swot.report import chromium
from swot.report.build import (
    Block,
    Chart,
    Markup,
    Report,
    Section,
    SwotGrid,
    Table,
    Text,
    TraceList,
    _format,
)
from swot.report.chromium import chart_cache_dir
from swot.report.plotlyjs import CARTESIAN_TRACES, trace_types

__all__ = [
    "FIGURE_WIDTH",
    "PNG_SCALE",
    "ChartImages",
    "DocxLayout",
    "ImageWarning",
    "chart_cache_dir",
    "draw_charts",
    "render_docx",
]

#: Width in CSS pixels a chart without its own width is drawn at (about A4 portrait's text).
FIGURE_WIDTH = 760
#: PNGs are drawn at this multiple of the layout size: 760 px become 1140 px on 17 cm of
#: paper, about 170 dpi (sharp in print; scale 2 costs a quarter more time and bytes).
PNG_SCALE = 1.5
#: Seconds to wait for all charts before the DOCX is written with placeholders instead.
IMAGES_TIMEOUT = 120.0
#: Seconds between looks for newly computed charts while the browser waits for them.
_ARRIVAL_POLL = 0.01

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Characters XML 1.0 cannot hold; python-docx refuses them (tab, CR and LF it turns into
# tabs and line breaks).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMERIC = ("int", "pct", "ci", "dec", "dci")
_HEADER_FILL = "DDE5F0"
_GREY = (0x55, 0x55, 0x55)

register(
    {
        "report.docx.institutions": {
            "pl": "Ośrodki objęte raportem",
            "en": "Centres in this report",
        },
        "report.docx.toc_hint": {
            "pl": (
                "Numery stron pojawią się po aktualizacji spisu treści: kliknij go prawym "
                "przyciskiem myszy i wybierz „Aktualizuj pole” (w LibreOffice: Narzędzia → "
                "Aktualizuj → Aktualizuj wszystko)."
            ),
            "en": (
                "Page numbers appear once the table of contents is updated: right-click it "
                "and choose 'Update Field' (in LibreOffice: Tools → Update → Update All)."
            ),
        },
        "report.docx.page": {"pl": "str.", "en": "page"},
        "report.docx.no_chart": {
            "pl": "Wykres dostępny w raporcie HTML (plik raport.html).",
            "en": "Chart available in the HTML report (raport.html).",
        },
        "report.docx.no_kaleido": {
            "pl": (
                "Wykresy w dokumencie DOCX zastąpiono odesłaniem do raportu HTML: brak "
                "pakietu kaleido. Zainstaluj go (pip install kaleido) i zbuduj raport ponownie."
            ),
            "en": (
                "The DOCX refers to the HTML report instead of showing the charts: the "
                "kaleido package is missing. Install it (pip install kaleido) and build again."
            ),
        },
        "report.docx.no_browser": {
            "pl": (
                "Wykresy w dokumencie DOCX zastąpiono odesłaniem do raportu HTML: nie "
                "znaleziono przeglądarki Chromium ani Chrome, której kaleido używa do "
                "rysowania. Zainstaluj ją (np. apt-get install chromium) i zbuduj raport "
                "ponownie."
            ),
            "en": (
                "The DOCX refers to the HTML report instead of showing the charts: kaleido "
                "found no Chromium or Chrome to draw them. Install one (e.g. apt-get install "
                "chromium) and build again."
            ),
        },
        "report.docx.failed": {
            "pl": (
                "Nie udało się narysować {n} z {total} wykresów do dokumentu DOCX ({reason}); "
                "zamiast nich jest odesłanie do raportu HTML. Zbuduj raport ponownie."
            ),
            "en": (
                "{n} of {total} charts could not be drawn for the DOCX ({reason}); it refers "
                "to the HTML report instead. Build the report again."
            ),
        },
        "report.docx.broken": {
            "pl": (
                "Wykresy w dokumencie DOCX zastąpiono odesłaniem do raportu HTML: przeglądarka "
                "Chromium nie zadziałała ({reason}). Zbuduj raport ponownie."
            ),
            "en": (
                "The DOCX refers to the HTML report instead of showing the charts: Chromium "
                "failed ({reason}). Build the report again."
            ),
        },
        "report.docx.timeout": {
            "pl": (
                "Rysowanie wykresów do dokumentu DOCX trwało dłużej niż {seconds} s; zamiast "
                "nich jest odesłanie do raportu HTML. Zbuduj raport ponownie."
            ),
            "en": (
                "Drawing the charts for the DOCX took longer than {seconds} s; it refers to "
                "the HTML report instead. Build the report again."
            ),
        },
    }
)


class ImageWarning(UserWarning):
    """Charts could not be drawn as images; the DOCX shows placeholders instead."""


def _clean(text: Any) -> str:
    """``text`` as a string XML can hold (python-docx raises on control characters)."""
    return _XML_ILLEGAL.sub("", str(text))


# --- chart images --------------------------------------------------------------------------------


def _without_title(figure: dict[str, Any], title: str) -> dict[str, Any]:
    """The figure without its title when the document's heading above it says the same."""
    layout = figure.get("layout", {})
    heading = layout.get("title")
    text = heading.get("text") if isinstance(heading, dict) else heading
    if not text or html.unescape(re.sub(r"<[^>]+>", " ", str(text))).split() != title.split():
        return figure
    layout = {key: value for key, value in layout.items() if key != "title"}
    margin = dict(layout.get("margin") or {})
    margin["t"] = max(int(margin.get("t", 100)) - 40, 20)  # the space the title took
    layout["margin"] = margin
    return {**figure, "layout": layout}


def _figure_options(figure: Mapping[str, Any], scale: float) -> dict[str, Any]:
    options: dict[str, Any] = {"format": "png", "scale": scale}
    if not figure.get("layout", {}).get("width"):
        options["width"] = FIGURE_WIDTH
    return options


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0][:200] if lines else type(exc).__name__


class ChartImages:
    """A Chromium session drawing the report's charts as PNGs, started ahead of time.

    Creating it borrows the process's chart browser (:mod:`swot.report.chromium`), which is
    kept open between reports; the first session starts it (about 1 s) while the caller
    does other work, e.g. computes the report. :meth:`add` hands over charts as soon as they
    exist: whatever has arrived is drawn in one call to kaleido's page, while the caller
    computes the rest. :meth:`draw` hands over the last ones; :meth:`result` waits for the
    PNGs by chart id. A chart that could not be drawn is missing from the result, and
    :attr:`problem` says why (kaleido or Chromium missing, a chart failing, a timeout):
    :meth:`result` then also issues an :class:`ImageWarning`. Nothing is raised. Use it as
    a context manager, or call :meth:`close` to end the session (the browser stays open for
    the next one; :func:`swot.report.chromium.shutdown` closes it).

    ``tabs`` pages could draw in parallel, each in its own process, but each pays for loading
    plotly.js; on a 2-core machine one tab is fastest.

    >>> with ChartImages() as session:                 # doctest: +SKIP
    ...     session.draw(report.charts())
    ...     images = session.result()
    """

    def __init__(
        self, *, scale: float = PNG_SCALE, timeout: float = IMAGES_TIMEOUT, tabs: int = 1
    ) -> None:
        self.scale = scale
        self.tabs = tabs
        self.timeout = timeout
        # charts to draw, then None once no more will come
        self._queue: queue.SimpleQueue[Chart | None] = queue.SimpleQueue()
        self._ended = False
        self._images: concurrent.futures.Future[dict[str, bytes]] = concurrent.futures.Future()
        # (message key, values): the browser thread never calls t(), whose language is global
        self._issue: tuple[str, dict[str, Any]] | None = None
        self._warned = False
        self.ready = threading.Event()  # set once the browser can draw
        self._done = chromium.BROWSERS.submit(self._run())

    def __enter__(self) -> ChartImages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, charts: Iterable[Chart]) -> None:
        """Hand over charts to draw; more may follow (ignored once :meth:`draw` was called)."""
        if not self._ended:
            for chart in charts:
                self._queue.put(chart)

    def draw(self, charts: Iterable[Chart] = ()) -> None:
        """Hand over the last charts to draw (later calls add nothing)."""
        if not self._ended:
            self.add(charts)
            self._ended = True
            self._queue.put(None)

    @property
    def problem(self) -> str | None:
        """Why some or all charts are missing from :meth:`result` (``None``: none is)."""
        if self._issue is None:
            return None
        key, values = self._issue
        return t(f"report.docx.{key}", **values)

    def result(self) -> dict[str, bytes]:
        """PNG bytes by chart id, once drawn (waits at most ``timeout`` seconds)."""
        self.draw(())
        try:
            images = self._images.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            images = {}
            self._issue = ("timeout", {"seconds": round(self.timeout)})
            chromium.BROWSERS.retire()  # the next report starts a fresh one
        problem = self.problem
        if problem and not self._warned:
            self._warned = True
            warnings.warn(problem, ImageWarning, stacklevel=2)
        return images

    def close(self) -> None:
        """End the session (waits for its last drawing; the browser stays open)."""
        self.draw(())
        with contextlib.suppress(Exception):
            self._done.result(timeout=self.timeout)

    async def _run(self) -> None:
        try:
            await self._session()
        except chromium.NotStarted as exc:
            key = exc.key if exc.key in ("no_kaleido", "no_browser") else "broken"
            self._issue = (key, {"reason": _first_line(exc)} if key == "broken" else {})
        except Exception as exc:  # every failure only costs the images, never the report
            if not self._images.done():
                self._issue = ("broken", {"reason": _first_line(exc)})
        finally:
            self.ready.set()  # whoever waits for the browser learns it is there or not
        if not self._images.done():
            self._images.set_result({})

    async def _arrivals(self) -> tuple[list[Chart], bool]:
        """The charts handed over since the last call (waiting for one), and whether that's all.

        Polled rather than waited for in a worker thread: a session its caller never ends
        must not keep the interpreter from exiting, nor its loop's other sessions waiting.
        """
        items: list[Chart | None] = []
        while True:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                if items:
                    break
                await asyncio.sleep(_ARRIVAL_POLL)
        return [c for c in items if c is not None], None in items

    async def _session(self) -> None:
        # the cartesian bundle loads in half the time; charts it cannot draw go to a browser
        # with plotly.py's full bundle (the report itself never needs one)
        bundle = chromium.default_bundle()
        charts: list[Chart] = []
        seen: set[str] = set()
        drawn: dict[str, bytes | BaseException] = {}
        rest: list[tuple[Chart, dict[str, Any]]] = []
        async with chromium.BROWSERS.lease(bundle, self.tabs) as session:
            self.ready.set()
            ended = False
            while not ended:
                arrived, ended = await self._arrivals()
                here: list[tuple[Chart, dict[str, Any]]] = []
                for chart in arrived:
                    if chart.id in seen:
                        continue
                    seen.add(chart.id)
                    charts.append(chart)
                    figure = _without_title(json.loads(chart.spec), chart.title)
                    fits = bundle is None or trace_types([figure]) <= CARTESIAN_TRACES
                    (here if fits else rest).append((chart, figure))
                pictures = await _draw(session, [f for _c, f in here], self.scale)
                for (chart, _figure), data in zip(here, pictures, strict=True):
                    drawn[chart.id] = data
        if rest:
            async with chromium.BROWSERS.lease(None, 1) as full:
                pictures = await _draw(full, [f for _c, f in rest], self.scale)
            for (chart, _figure), data in zip(rest, pictures, strict=True):
                drawn[chart.id] = data
        self._finish(charts, drawn)

    def _finish(self, charts: Sequence[Chart], drawn: Mapping[str, bytes | BaseException]) -> None:
        images: dict[str, bytes] = {}
        failures: list[BaseException] = []
        for chart in charts:
            data = drawn.get(chart.id)
            if isinstance(data, bytes) and data.startswith(_PNG_MAGIC):
                images[chart.id] = data
            else:
                failures.append(
                    data if isinstance(data, BaseException) else ValueError("not a PNG")
                )
        if failures:
            reason = _first_line(failures[0])
            self._issue = ("failed", {"n": len(failures), "total": len(charts), "reason": reason})
        self._images.set_result(images)


#: Draws every spec at once in kaleido's page, by kaleido's own entry point.
_BATCH_JS = (
    "Promise.all(({specs}).map(s => kaleido_scopes.plotly(s, null, false)"
    ".catch(e => ({{code: -1, message: String(e)}})))).then(JSON.stringify)"
)
#: Seconds the whole batch may take before the charts are drawn one by one instead.
BATCH_TIMEOUT = 60.0


async def _draw(session: Any, figures: Sequence[dict[str, Any]], scale: float) -> list[Any]:
    """Each figure as PNG bytes, or the exception that stopped it, in order.

    All figures are drawn concurrently in one page by one call of kaleido's own drawing
    function (``kaleido_scopes.plotly``, which ``calc_fig`` calls once per figure with a
    round trip each): about a third faster for the report's charts. Should that call not
    work as expected (kaleido changed its page), every figure is drawn by ``calc_fig``.
    """
    if not figures:
        return []
    try:
        return await asyncio.wait_for(_draw_batch(session, figures, scale), BATCH_TIMEOUT)
    except Exception:
        drawn = await asyncio.gather(
            *(session.calc_fig(f, _figure_options(f, scale)) for f in figures),
            return_exceptions=True,
        )
        return list(drawn)


async def _draw_batch(
    session: Any, figures: Sequence[dict[str, Any]], scale: float
) -> list[bytes | BaseException]:
    # kaleido refuses what is not a figure before drawing; so does the one call
    drawable = [isinstance(f.get("data"), list) for f in figures]
    specs = []
    for figure in (f for f, ok in zip(figures, drawable, strict=True) if ok):
        layout = figure.get("layout", {})
        specs.append(
            {
                "format": "png",
                "width": layout.get("width") or FIGURE_WIDTH,
                "height": layout.get("height") or 500,
                "scale": scale,
                "data": figure,
            }
        )
    # JSON is a JavaScript literal; U+2028/9 are legal in strings since ES2019
    expression = _BATCH_JS.format(specs=json.dumps(specs, ensure_ascii=False))
    tab = await session.tabs_ready.get()
    try:
        reply = await tab.tab.send_command(
            "Runtime.evaluate",
            params={"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
    finally:
        await session.tabs_ready.put(tab)
    if not isinstance(reply, dict):
        raise RuntimeError("no answer from kaleido's page")
    result = reply.get("result") or {}
    if "error" in reply or "exceptionDetails" in result:
        raise RuntimeError(str(reply.get("error") or result["exceptionDetails"])[:200])
    answers = json.loads(result["result"]["value"])
    if not isinstance(answers, list) or len(answers) != len(specs):
        raise RuntimeError("unexpected answer from kaleido's page")
    drawn: list[bytes | BaseException] = []
    replies = iter(answers)
    for ok in drawable:
        answer = next(replies) if ok else {"message": "not a plotly figure (no data)"}
        if answer.get("code") == 0 and isinstance(answer.get("result"), str):
            drawn.append(base64.b64decode(answer["result"]))
        else:
            message = answer.get("message") or f"kaleido code {answer.get('code')}"
            drawn.append(RuntimeError(str(message)))
    return drawn


#: Most PNGs kept in the chart cache; the least recently used go first.
CACHE_LIMIT = 1000


def _cache_file(folder: Path, chart: Chart, scale: float) -> Path:
    key = json.dumps([chart.spec, chart.title, scale, 1], ensure_ascii=False)
    return folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.png"


def cached_charts(
    charts: Sequence[Chart], folder: Path | None, *, scale: float = PNG_SCALE
) -> dict[str, bytes]:
    """PNGs of ``charts`` drawn by an earlier build, by chart id (a cache miss is left out)."""
    found: dict[str, bytes] = {}
    if folder is None:
        return found
    for chart in charts:
        path = _cache_file(folder, chart, scale)
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: kept when the cache is trimmed
        except OSError:
            continue
        if data.startswith(_PNG_MAGIC):
            found[chart.id] = data
    return found


def keep_charts(
    charts: Sequence[Chart],
    images: Mapping[str, bytes],
    folder: Path | None,
    *,
    scale: float = PNG_SCALE,
) -> None:
    """Store freshly drawn PNGs for the next build; a cache that cannot be written is skipped."""
    if folder is None or not images:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for chart in charts:
            data = images.get(chart.id)
            if data is None:
                continue
            path = _cache_file(folder, chart, scale)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
            tmp.write_bytes(data)
            tmp.replace(path)
        kept = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[: max(0, len(kept) - CACHE_LIMIT)]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # the cache only saves time; the report never depends on it


def draw_charts(charts: Sequence[Chart], *, scale: float = PNG_SCALE) -> dict[str, bytes]:
    """Every chart as PNG bytes by its id, drawn in one Chromium session.

    Charts that cannot be drawn are left out and an :class:`ImageWarning` says why.
    """
    with ChartImages(scale=scale) as session:
        session.draw(charts)
        return session.result()


# --- the document --------------------------------------------------------------------------------


def render_docx(report: Report, *, images: Mapping[str, bytes] | None = None) -> bytes:
    """The report as a Word document (DOCX bytes).

    ``images`` are the charts as PNG bytes by chart id (see :func:`draw_charts`); a chart
    without one gets a placeholder paragraph pointing to the HTML report. By default every
    chart is drawn now, in one Chromium session, while the text is laid out. Texts are in
    the report's language.
    """
    session = ChartImages() if images is None else None
    previous = get_language()
    set_language(report.lang)
    try:
        if session is not None:
            session.draw(report.charts())
        layout = DocxLayout(report)
        if session is not None:
            images = session.result()
        return layout.finish(images or {})
    finally:
        if session is not None:
            session.close()
        set_language(previous)


def _mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


class DocxLayout:
    """The report laid out as a Word document, waiting for its chart images.

    Creating it lays out every text, table and plan (in the current language), leaving an
    empty paragraph where each chart goes; :meth:`finish` puts the images in and returns the
    DOCX bytes. The two steps let the text be laid out while Chromium draws the charts.
    """

    PORTRAIT_MARGIN = 20  # mm
    LANDSCAPE_MARGIN = 15  # mm, as the official plan layout (plan_io)

    def __init__(self, report: Report) -> None:
        import docx

        self.report = report
        self.doc: Any = docx.Document()
        self.text_width = 210 - 2 * self.PORTRAIT_MARGIN
        self.last_heading = ""
        self._style_ids: dict[str, str] = {}
        # (paragraph, chart, width in mm) for each chart, filled in by finish()
        self._slots: list[tuple[Any, Chart, float]] = []
        self._finished = False
        self._setup()
        self._cover()
        self._toc()
        for number, section in enumerate(report.sections, start=1):
            self._section(number, section)

    def finish(self, images: Mapping[str, bytes]) -> bytes:
        """The DOCX with ``images`` (PNG bytes by chart id); placeholders for the rest."""
        from docx.shared import Mm

        if self._finished:
            raise RuntimeError("DocxLayout.finish() may be called once")
        self._finished = True
        for paragraph, chart, width in self._slots:
            data = images.get(chart.id)
            if data:
                paragraph.alignment = _align("center")
                shape = paragraph.add_run().add_picture(io.BytesIO(data), width=Mm(width))
                shape._inline.docPr.set("descr", _clean(chart.title))
            else:
                run = paragraph.add_run(_clean(t("report.docx.no_chart")))
                run.italic = True
                run.font.color.rgb = _rgb(_GREY)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _add(self, text: str = "", style: str = "", container: Any = None) -> Any:
        """A new paragraph (in ``container``, by default the body) with ``text`` and ``style``.

        The style is set by its id: python-docx's own lookup scans every style on each call,
        which made the report's ~1,500 paragraphs take seconds.
        """
        paragraph = (self.doc if container is None else container).add_paragraph()
        if style:
            self._style(paragraph, style)
        if text:
            paragraph.add_run(_clean(text))
        return paragraph

    def _style(self, paragraph: Any, style: str) -> None:
        paragraph._p.get_or_add_pPr().style = self._style_id(style)

    def _style_id(self, style: str) -> str:
        style_id = self._style_ids.get(style)
        if style_id is None:
            style_id = self._style_ids[style] = self.doc.styles[style].style_id
        return style_id

    # - the whole ---------------------------------------------------------------------------------

    def _setup(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        doc = self.doc
        report = self.report
        language = "pl-PL" if report.lang == "pl" else "en-GB"
        properties = doc.core_properties
        properties.title = _clean(f"{report.title} — {report.subtitle}")[:255]
        properties.subject = _clean(report.subtitle)[:255]
        properties.author = properties.last_modified_by = "swot"
        properties.language = language
        properties.comments = ""
        properties.created = properties.modified = datetime.now().replace(microsecond=0)
        properties.revision = 1

        styles = doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if lang is not None:
            lang.set(qn("w:val"), language)
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        cell = styles.add_style("Swot Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(9)
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.line_spacing = 1.0
        note = styles.add_style("Swot Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = normal
        note.font.size = Pt(8.5)
        note.font.italic = True
        note.font.color.rgb = _rgb(_GREY)

        # Word refreshes the table of contents (and page numbers) when the file is opened
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        doc.settings.element.insert_element_before(update, *_SETTINGS_AFTER_UPDATE_FIELDS)

        section = doc.sections[0]
        self._page(section, landscape=False)
        section.different_first_page_header_footer = True  # no footer on the cover
        footer = section.footer.paragraphs[0]
        self._style(footer, "Swot Note")
        footer.alignment = _align("center")
        footer.add_run(_clean(f"{report.title} — {report.subtitle} · {t('report.docx.page')} "))
        _field(footer, "PAGE", "1")

    def _page(self, section: Any, *, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT

        margin = self.LANDSCAPE_MARGIN if landscape else self.PORTRAIT_MARGIN
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = _mm(297), _mm(210)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = _mm(210), _mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, _mm(margin))
        self.text_width = (297 if landscape else 210) - 2 * margin

    def _cover(self) -> None:
        from docx.enum.text import WD_BREAK
        from docx.shared import Pt

        doc = self.doc
        report = self.report
        title = self._add(report.title, "Title")
        title.paragraph_format.space_before = Pt(140)
        self._add(report.subtitle, "Subtitle")
        self._add(report.generated)
        if report.institutions:
            label = doc.add_paragraph()
            label.paragraph_format.space_before = Pt(24)
            label.add_run(_clean(t("report.docx.institutions"))).bold = True
            for name in report.institutions:
                self._add(name, "List Bullet")
        privacy = self._add(t("report.privacy"), "Swot Note")
        privacy.paragraph_format.space_before = Pt(48)
        privacy.add_run().add_break(WD_BREAK.PAGE)

    def _toc(self) -> None:
        """A ``TOC`` field: Word fills it in on opening; until then it lists the sections."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        doc = self.doc
        self._add(t("report.toc"), "TOC Heading")
        first = doc.add_paragraph()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        begin.set(qn("w:dirty"), "true")
        first.add_run()._r.append(begin)
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = ' TOC \\o "1-3" \\h \\z \\u '
        first.add_run()._r.append(instruction)
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        first.add_run()._r.append(separate)
        hint = first.add_run(_clean(t("report.docx.toc_hint")))
        hint.italic = True
        hint.font.color.rgb = _rgb(_GREY)
        for number, section in enumerate(self.report.sections, start=1):
            doc.add_paragraph(_clean(f"{number}. {section.title}"))
            for sub, child in enumerate(section.children, start=1):
                entry = doc.add_paragraph(_clean(f"{number}.{sub}. {child.title}"))
                entry.paragraph_format.left_indent = Mm(8)
        last = doc.add_paragraph()
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        last.add_run()._r.append(end)

    def _section(self, number: int, section: Section) -> None:
        from docx.enum.section import WD_SECTION

        # each part starts on a new page; plans get landscape pages like the official layout
        landscape = any(_is_plan(b) for s in section.walk() for b in s.blocks)
        page = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(page, landscape=landscape)
        page.different_first_page_header_footer = False
        self._heading(f"{number}. {section.title}", 1)
        self._blocks(section, section.blocks)
        for sub, child in enumerate(section.children, start=1):
            self._heading(f"{number}.{sub}. {child.title}", 2)
            self._blocks(child, child.blocks)

    def _heading(self, text: str, level: int) -> None:
        self._add(text, f"Heading {level}")
        self.last_heading = text

    def _title(self, text: str) -> None:
        """A block's title as Heading 3, unless the block before had the same one."""
        if text and text != self.last_heading:
            self._heading(text, 3)

    # - blocks ------------------------------------------------------------------------------------

    def _blocks(self, section: Section, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, Text):
                self._text(block)
            elif isinstance(block, Table):
                if "swot-hidden-html" not in block.css:  # shown as the grid or the plan
                    self._table(block)
            elif isinstance(block, Chart):
                self._chart(block)
            elif isinstance(block, Markup):
                self._markup(block)
            elif isinstance(block, SwotGrid):
                self._swot(block, section.title)
            elif isinstance(block, TraceList):
                self._trace(block)

    def _text(self, block: Text) -> None:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(_clean(block.text))
        if "swot-empty" in block.css:
            run.italic = True
            run.font.color.rgb = _rgb(_GREY)

    def _note(self, text: str) -> None:
        if text:
            self._add(text, "Swot Note")

    def _table(self, table: Table) -> None:
        self._title(table.title)
        lang = self.report.lang
        rows = [
            [
                _lines(_format(value, kind, lang))
                for value, kind in zip(row, table.formats, strict=True)
            ]
            for row in table.rows
        ]
        self._grid([[h] for h in table.headings], rows, table.formats)
        self._note(table.note)

    def _grid(
        self,
        headings: Sequence[Sequence[str]],
        rows: Sequence[Sequence[Sequence[str]]],
        formats: Sequence[str],
    ) -> Any:
        """A table: a shaded header row repeated on each page, then rows of cell lines."""
        doc = self.doc
        style = self._style_id("Swot Table Text")
        grid = doc.add_table(rows=1 + len(rows), cols=len(headings))
        grid.style = "Table Grid"
        grid.autofit = False
        header = grid.rows[0]
        _repeat_header(header)
        for cell, lines in zip(header.cells, headings, strict=True):
            _shade(cell, _HEADER_FILL)
            _fill(cell, lines, style, bold=True)
        for r, row in enumerate(rows, start=1):
            cells = grid.rows[r].cells
            for cell, lines, kind in zip(cells, row, formats, strict=True):
                _fill(cell, lines, style, right=kind in _NUMERIC)
        widths = _column_widths(headings, rows, formats, self.text_width)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = _mm(width)
        for grid_row in grid.rows:
            for cell, width in zip(grid_row.cells, widths, strict=True):
                cell.width = _mm(width)
        return grid

    def _chart(self, chart: Chart) -> None:
        self._title(chart.title)
        figure = json.loads(chart.spec)
        pixels = figure.get("layout", {}).get("width") or FIGURE_WIDTH
        # as wide as drawn at 96 dpi, at most the text's width
        width = min(self.text_width, pixels * 25.4 / 96)
        self._slots.append((self.doc.add_paragraph(), chart, width))

    def _markup(self, block: Markup) -> None:
        from swot import plan_io

        if block.plan is None:
            self.doc.add_paragraph(_clean(_html_text(block.html)))
            return
        self._title(block.plan.title)
        plan_io.add_plan_table(self.doc, block.plan, title=False, font_size=9)

    def _swot(self, grid: SwotGrid, name: str) -> None:
        from docx.shared import Pt, RGBColor

        self._title(f"{t('report.swot.title')}: {name}")
        table = self.doc.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        table.autofit = False
        half = self.text_width / 2
        for index, (label, fill, edge, ink, items) in enumerate(grid.quadrants):
            cell = table.cell(index // 2, index % 2)
            cell.width = _mm(half)
            _cell_borders(cell, edge.lstrip("#"))
            _shade(cell, fill.lstrip("#"))
            heading = cell.paragraphs[0]
            self._style(heading, "Swot Table Text")
            heading.paragraph_format.space_after = Pt(4)
            run = heading.add_run(_clean(f"{label} ({len(items)})"))
            run.bold = True
            run.font.size = Pt(11)
            run.font.color.rgb = RGBColor.from_string(ink.lstrip("#").upper())
            for importance, text in items:
                item = self._add("", "Swot Table Text", cell)
                item.paragraph_format.space_after = Pt(2)
                mark = item.add_run(f"{importance}  ")
                mark.bold = True
                mark.font.color.rgb = RGBColor.from_string(edge.lstrip("#").upper())
                item.add_run(_clean(text))
        for column in table.columns:
            column.width = _mm(half)

    def _trace(self, block: TraceList) -> None:
        from docx.shared import RGBColor

        doc = self.doc
        for task in block.tasks:
            self._add(f"{task['label']} {task['title']}", "Heading 4")
            self._note(f"{task['goal_number']}. {task['goal']}")
            for strategy in task["strategies"]:
                item = self._add("", "List Bullet")
                item.add_run(_clean(strategy["kind"])).bold = True
                item.add_run(_clean(f" {strategy['text']}"))
                for factor in strategy["factors"]:
                    line = f"{factor['quadrant']}: {factor['text']} ({factor['importance']}/5)"
                    self._add(line, "List Bullet 2")
                    for evidence in factor["evidence"]:
                        item = self._add("", "List Bullet 3")
                        if evidence["finding"]:
                            numbers = f" ({evidence['numbers']})" if evidence["numbers"] else ""
                            item.add_run(_clean(f"{evidence['finding']}{numbers} — "))
                        item.add_run(_clean(evidence["source"])).italic = True
            for gap in task["gaps"]:
                run = doc.add_paragraph().add_run(_clean(f"⚠ {gap}"))
                run.font.color.rgb = RGBColor(0xA5, 0x0F, 0x15)
            if task["complete"]:
                run = doc.add_paragraph().add_run(_clean(f"✓ {task['complete']}"))
                run.font.color.rgb = RGBColor(0x1B, 0x5E, 0x20)


# --- python-docx helpers -------------------------------------------------------------------------

# Children of w:settings that come after w:updateFields (ECMA-376 order); Word wants it so.
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _is_plan(block: Block) -> bool:
    return isinstance(block, Markup) and block.plan is not None


def _rgb(colour: tuple[int, int, int]) -> Any:
    from docx.shared import RGBColor

    return RGBColor(*colour)


def _align(where: str) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[where]


def _lines(value: Any) -> list[str]:
    """A formatted cell as its lines; several become bullets."""
    if isinstance(value, list):
        return [f"• {v}" for v in value] if len(value) > 1 else [str(v) for v in value]
    return [str(value)]


def _fill(
    cell: Any, lines: Sequence[str], style: str, *, bold: bool = False, right: bool = False
) -> None:
    for number, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph._p.get_or_add_pPr().style = style
        if right:
            paragraph.alignment = _align("right")
        run = paragraph.add_run(_clean(line))
        if bold:
            run.bold = True


# A character of 9 pt text is at most about 2.2 mm wide (bold, in a wide font such as DejaVu
# Serif, which LibreOffice may show for Calibri); a cell's margins take 3.8 mm (0.19 cm a side).
_CHAR_MM = 2.2
_CELL_PAD_MM = 4.0


def _column_widths(
    headings: Sequence[Sequence[str]],
    rows: Sequence[Sequence[Sequence[str]]],
    formats: Sequence[str],
    total: float,
) -> list[float]:
    """Column widths in mm summing to ``total``.

    Each column gets at least its longest word (so no word is split over lines), then the
    rest of the width goes to the columns with longer texts (up to 60 characters a line).
    """
    least: list[float] = []
    wanted: list[float] = []
    for column, kind in enumerate(formats):
        lines = [line for row in rows[:100] for line in row[column]]
        words = [w for line in (*headings[column], *lines) for w in line.split()]
        longest_word = max(map(len, words), default=1)
        longest_line = max(map(len, lines), default=0)
        if kind in _NUMERIC:  # a number never breaks
            longest_word = max(longest_word, longest_line)
        least.append(longest_word * _CHAR_MM + _CELL_PAD_MM)
        wanted.append(max(min(longest_line, 60) * _CHAR_MM + _CELL_PAD_MM, least[-1]))
    if sum(least) >= total:  # cannot be helped: shrink every column alike
        return [w * total / sum(least) for w in least]
    spare = total - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    if sum(extra) <= 0:
        return [m + spare / len(least) for m in least]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.upper())
    properties = cell._tc.get_or_add_tcPr()
    properties.insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _cell_borders(cell: Any, edge: str) -> None:
    """A thick top border in the quadrant's colour, thin ones elsewhere."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    for side, size, colour in (
        ("top", "36", edge),
        ("left", "4", "FFFFFF"),
        ("bottom", "4", "FFFFFF"),
        ("right", "4", "FFFFFF"),
    ):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), size)
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), colour.upper())
        borders.append(border)
    properties = cell._tc.get_or_add_tcPr()
    properties.insert_element_before(
        borders,
        "w:shd",
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
    )


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A simple field (e.g. ``PAGE``) showing ``shown`` until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "tr", "li", "h1", "h2", "h3", "h4"):
            self.parts.append("\n")


def _html_text(markup: str) -> str:
    """The text of an HTML fragment (for a :class:`Markup` block without a plan)."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts).strip()
