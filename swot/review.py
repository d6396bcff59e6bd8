"""Executed notebooks as static HTML pages for experts who have no Jupyter.

:func:`export_notebooks` runs the workshop notebooks against a snapshot of the workspace (the
real file is only read), then writes one self-contained, script-free HTML page per notebook
and an ``index.html`` listing them. What a person saw in JupyterLab becomes plain HTML:

- widget views are drawn from their saved state (:class:`StaticWidgets`): boxes as ``div``,
  tabs and accordions with their titles as headings, form fields as read-only values, HTML
  widgets as their sanitized markup; buttons and file pickers are left out;
- plotly charts (``application/vnd.plotly.v1+json`` outputs and plotly ``FigureWidget``) become
  PNG images drawn by kaleido in one Chromium session for the whole export
  (:class:`StaticCharts`), so a page needs no plotly.js;
- other HTML and Markdown outputs go through nbconvert's sanitizer (with an allowlist that keeps
  tables and headings); the ``lab`` template is used without require.js, MathJax, mermaid or
  widget scripts, and a last pass (:func:`strip_active_content`) removes anything that could run
  or load from elsewhere.

Examples
--------
>>> from swot.review import export_notebooks                               # doctest: +SKIP
>>> export_notebooks("warsztaty.swot", ["notebooks/02_swot.ipynb"], "eksport")  # doctest: +SKIP
[PosixPath('eksport/02_swot.html'), PosixPath('eksport/index.html')]
"""

from __future__ import annotations

import base64
import binascii
import functools
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from swot.errors import SwotError
from swot.i18n import LANGUAGES, get_language, register, set_language, t
from swot.paths import check_name, check_path, child_path, output_folder, write_whole
from swot.store import Workspace

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "StaticCharts",
    "StaticWidgets",
    "clean_html",
    "export_notebooks",
    "strip_active_content",
]

#: ``progress(step, i, total)``: the step about to run, its number (1-based) and how many.
Progress = Callable[[str, int, int], None]

INDEX_NAME = "index.html"

#: Output data that this module built itself, escaped by construction (never sanitized again).
STATIC_MIME = "application/vnd.swot.static+html"
#: Output of the cell added at the end of each run: every plotly FigureWidget's figure.
FIGURES_MIME = "application/vnd.swot.figure-widgets+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"

#: Chart size when the figure does not set one (the page is at most 1100 px wide).
CHART_SIZE = (960, 520)
#: PNG pixels per layout pixel: sharp on high-density screens, ~100 kB a chart.
CHART_SCALE = 1.5

register(
    {
        "review.badge": {
            "pl": "Eksport dla ekspertów — tylko do odczytu",
            "en": "Export for experts — read only",
        },
        "review.meta": {
            "pl": "Przestrzeń robocza: {name} · stan z {date}",
            "en": "Workspace: {name} · as of {date}",
        },
        "review.index": {"pl": "Spis notatników", "en": "Notebooks"},
        "review.index.intro": {
            "pl": (
                "Notatniki warsztatów wykonane na kopii przestrzeni roboczej. Strony działają "
                "bez internetu i bez Jupytera; formularzy nie da się tu wypełnić — pokazują "
                "stan z chwili eksportu."
            ),
            "en": (
                "The workshop notebooks, run on a copy of the workspace. The pages work "
                "offline and without Jupyter; forms cannot be filled in here: they show the "
                "state at the time of the export."
            ),
        },
        "review.back": {"pl": "← Spis notatników", "en": "← All notebooks"},
        "review.interactive": {"pl": "[element interaktywny]", "en": "[interactive element]"},
        "review.chart": {"pl": "Wykres", "en": "Chart"},
        "review.temporary": {"pl": "[kopia tymczasowa]", "en": "[temporary copy]"},
        "review.chart.failed": {
            "pl": (
                "[Wykres „{title}” — nie udało się zapisać go jako obrazu ({reason}). Sprawdź, "
                "czy są zainstalowane Chromium (apt-get install chromium) i pakiet kaleido, "
                "i wyeksportuj ponownie.]"
            ),
            "en": (
                "[Chart '{title}': could not be drawn as an image ({reason}). Check that "
                "Chromium (apt-get install chromium) and the kaleido package are installed, "
                "and export again.]"
            ),
        },
        "review.chart.empty": {"pl": "[wykres bez danych]", "en": "[chart without data]"},
        "review.step.snapshot": {
            "pl": "Kopiowanie przestrzeni roboczej",
            "en": "Copying the workspace",
        },
        "review.step.run": {"pl": "Wykonywanie notatnika {name}", "en": "Running {name}"},
        "review.step.render": {"pl": "Przygotowanie strony {name}", "en": "Rendering {name}"},
        "review.step.write": {"pl": "Zapisywanie plików HTML", "en": "Writing the HTML files"},
        "review.error.lang": {
            "pl": "Język eksportu: oczekiwano jednego z {choices}, otrzymano {got!r}.",
            "en": "Export language: expected one of {choices}, got {got!r}.",
        },
        "review.error.no_notebooks": {
            "pl": (
                "Nie wskazano żadnego notatnika do eksportu. Podaj co najmniej jeden plik .ipynb."
            ),
            "en": "No notebook to export. Name at least one .ipynb file.",
        },
        "review.error.notebook_missing": {
            "pl": "Nie ma notatnika {path}. Sprawdź ścieżkę (pliki .ipynb w folderze notebooks).",
            "en": "There is no notebook {path}. Check the path (.ipynb files in notebooks/).",
        },
        "review.error.notebook_unreadable": {
            "pl": (
                "Nie da się odczytać notatnika {path} ({reason}). Otwórz go w JupyterLab i zapisz."
            ),
            "en": "Cannot read notebook {path} ({reason}). Open it in JupyterLab and save it.",
        },
        "review.error.duplicate": {
            "pl": (
                "Dwa notatniki dałyby ten sam plik {file}: {paths}. Zmień nazwę jednego z nich "
                "albo eksportuj je osobno."
            ),
            "en": "Two notebooks would give the same file {file}: {paths}. Rename one of them.",
        },
        "review.error.cell": {
            "pl": (
                "Notatnik {notebook}, komórka nr {cell}: błąd podczas wykonywania — {error}. "
                "Nic nie zostało zapisane. Uruchom ten notatnik w JupyterLab, usuń przyczynę "
                "i wyeksportuj ponownie."
            ),
            "en": (
                "Notebook {notebook}, cell {cell}: error while running: {error}. Nothing was "
                "written. Run this notebook in JupyterLab, fix the cause and export again."
            ),
        },
        "review.error.timeout": {
            "pl": (
                "Notatnik {notebook}: komórka nr {cell} nie skończyła się w {seconds} s. Nic nie "
                "zostało zapisane. Sprawdź ją w JupyterLab albo wydłuż limit czasu."
            ),
            "en": (
                "Notebook {notebook}: cell {cell} did not finish within {seconds} s. Nothing "
                "was written. Check it in JupyterLab or allow more time."
            ),
        },
        "review.error.kernel": {
            "pl": (
                "Notatnik {notebook}: jądro Pythona nie wystartowało albo przerwało pracę "
                "({reason}). Nic nie zostało zapisane. Sprawdź, czy w tym środowisku jest "
                "zainstalowany pakiet ipykernel i czy starcza pamięci."
            ),
            "en": (
                "Notebook {notebook}: the Python kernel did not start or stopped ({reason}). "
                "Nothing was written. Check that ipykernel is installed here and that there "
                "is enough memory."
            ),
        },
        "review.error.target": {
            "pl": "{path} jest plikiem, a nie folderem. Wskaż folder na strony HTML.",
            "en": "{path} is a file, not a folder. Choose a folder for the HTML pages.",
        },
        "review.error.parent": {
            "pl": "Nie ma folderu {parent}, w którym miałby powstać folder {path}. Utwórz go.",
            "en": "The folder {parent} for {path} does not exist. Create it first.",
        },
        "review.error.write": {
            "pl": "Nie udało się zapisać {path} ({reason}). Sprawdź uprawnienia i wolne miejsce.",
            "en": "Could not write {path} ({reason}). Check permissions and free space.",
        },
    }
)


# ============================================================================ sanitizing

#: Tags kept in HTML that code (pandas, HTML widgets) produced: text, lists, tables, headings.
CLEAN_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
]  # fmt: skip
CLEAN_ATTRIBUTES = {
    "*": ["class", "title", "style"],
    "a": ["href", "class", "title"],
    "td": ["class", "title", "style", "colspan", "rowspan"],
    "th": ["class", "title", "style", "colspan", "rowspan", "scope"],
    "ol": ["class", "start"],
}
#: Elements dropped with their content before sanitizing (their text is code, not content).
_DROP_WITH_CONTENT = ("script", "style", "template", "noscript", "iframe", "object", "embed")
#: Elements that run code or load other documents; never in an exported page.
_ACTIVE_TAGS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
     "meta", "form", "portal", "noscript", "template"}
)  # fmt: skip
_URL_ATTRIBUTES = frozenset(
    {"src", "href", "action", "formaction", "poster", "background", "srcset", "xlink:href",
     "data", "codebase", "cite", "longdesc", "usemap", "ping", "manifest"}
)  # fmt: skip
# Embedded pictures only. An SVG is safe here: as an <img> it runs no script and loads nothing
# (charts.fit_width shows the A4 SWOT matrix as one).
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*\Z")
_SAFE_LINK = re.compile(r"(https?:|mailto:|#|[\w.-]+\.html(#[\w.-]*)?\Z)", re.IGNORECASE)
#: CSS a widget may bring along: no url(), @import, expression() or escapes that could hide one.
_UNSAFE_CSS = re.compile(r"url\s*\(|@import|expression\s*\(|\\|<|javascript:", re.IGNORECASE)
_CSS_CLASS = re.compile(r"-?[_a-zA-Z][\w-]*\Z")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@functools.cache
def _sanitizer() -> Any:
    """nbconvert's bleach-based sanitizer with our allowlist (built once)."""
    from nbconvert.preprocessors.sanitize import SanitizeHTML

    return SanitizeHTML(  # type: ignore[no-untyped-call]
        tags=CLEAN_TAGS, attributes=CLEAN_ATTRIBUTES, strip=True, strip_comments=True
    )


def clean_html(markup: object) -> str:
    """``markup`` with only harmless HTML left: text, lists, tables, headings, links.

    Scripts, styles and embedded documents are dropped with their content; other unknown tags
    are dropped but keep their text; attributes other than ``class``, ``title``, safe
    ``style`` and plain links go. Uses nbconvert's sanitizer (bleach). This is the
    ``clean_html`` filter of the export template, so Markdown and HTML outputs get it too.

    >>> clean_html('<b onclick="x()">Tak</b><script>alert(1)</script>')
    '<b>Tak</b>'
    """
    from bs4 import BeautifulSoup

    text = markup.decode() if isinstance(markup, bytes) else str(markup)
    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(_DROP_WITH_CONTENT):
        element.decompose()
    return str(_sanitizer().sanitize_html_tags(str(soup)))


def strip_active_content(document: str) -> str:
    """The whole page without anything that could run or load from elsewhere.

    The last guard of every exported page, whatever the template and the steps before it
    did: removes script-like elements, ``on*`` handlers and ``javascript:`` links, and every
    ``src`` that is not an embedded image. Links to web pages stay (they load only when
    clicked). ``<style>`` blocks with ``url(http…)`` or ``@import`` are removed as well.

    >>> strip_active_content('<p onclick="x()">a<img src="http://t.pl/p.gif"></p>')
    '<p>a<img/></p>'
    """
    from bs4 import BeautifulSoup
    from bs4.element import Tag

    soup = BeautifulSoup(document, "html.parser")
    for element in soup.find_all(list(_ACTIVE_TAGS)):
        if isinstance(element, Tag) and _harmless_meta(element):
            continue
        element.decompose()
    for style in soup.find_all("style"):
        css = style.get_text()
        if re.search(r"@import|url\s*\(\s*['\"]?\s*(?!data:)", css, re.IGNORECASE):
            style.decompose()
    for element in soup.find_all(True):
        for name in list(element.attrs):
            if _unsafe_attribute(element.name, name.lower(), str(element.attrs[name]).strip()):
                del element.attrs[name]
    return str(soup)


def _unsafe_attribute(tag: str, name: str, value: str) -> bool:
    if name.startswith("on"):
        return True
    if name in _URL_ATTRIBUTES:
        return not _allowed_url(tag, name, value)
    return name == "style" and bool(re.search(r"url\s*\(|expression", value, re.IGNORECASE))


def _harmless_meta(element: Any) -> bool:
    return bool(element.name == "meta" and not element.get("http-equiv"))


def _allowed_url(tag: str, attribute: str, value: str) -> bool:
    if attribute == "src" and tag == "img":
        return bool(_DATA_IMAGE.match(value))
    if attribute == "href" and tag == "a":
        return bool(_SAFE_LINK.match(value))
    return False


def _safe_css(css: str) -> str | None:
    """``css`` if it can only style the page (nothing loaded, nothing hidden in escapes)."""
    return None if _UNSAFE_CSS.search(css) else css.strip()


# ============================================================================ charts


class StaticCharts:
    """Plotly figures as ``<figure><img src="data:image/png…"></figure>``, one browser for all.

    Drawn by the process's kept Chromium (:mod:`swot.report.chromium`), started at the first
    chart. If kaleido or Chromium is missing or a chart fails, that chart becomes a short
    text saying why.
    """

    def __init__(self, scale: float = CHART_SCALE) -> None:
        self.scale = scale
        self.drawn = 0
        self.failed = 0
        self._broken: str | None = None

    def __enter__(self) -> StaticCharts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def html(self, figure: Mapping[str, Any]) -> str:
        """The chart ``figure`` (a plotly figure as JSON) as an embedded PNG with its title."""
        title = _chart_title(figure) or t("review.chart")
        layout = figure.get("layout") or {}
        if not figure.get("data") and not any(layout.get(k) for k in _DRAWN_LAYOUT):
            return f'<p class="swot-rv-note">{html.escape(t("review.chart.empty"))}</p>'
        try:
            png = self._draw(figure)
        except Exception as exc:  # kaleido/Chromium raise many kinds; each chart gets a note
            self.failed += 1
            reason = _first_line(exc)
            message = t("review.chart.failed", title=title, reason=reason)
            return f'<p class="swot-rv-note swot-rv-chart-failed">{html.escape(message)}</p>'
        self.drawn += 1
        data = base64.b64encode(png).decode("ascii")
        alt = html.escape(title, quote=True)
        width, _ = _chart_size(layout)
        # shown at the figure's own size; the PNG has `scale` times the pixels for sharpness
        return (
            f'<figure class="swot-rv-chart"><img src="data:image/png;base64,{data}" '
            f'alt="{alt}" width="{width}"></figure>'
        )

    def _draw(self, figure: Mapping[str, Any]) -> bytes:
        from swot.report import chromium

        if self._broken is not None:
            raise RuntimeError(self._broken)
        layout = figure.get("layout") or {}
        spec = {"data": figure.get("data") or [], "layout": layout}
        width, height = _chart_size(layout)
        opts = {"format": "png", "width": width, "height": height, "scale": self.scale}
        try:
            return chromium.draw_figure(spec, opts)
        except chromium.NotStarted as exc:  # no kaleido or no Chromium: the same for every chart
            self._broken = _first_line(exc)
            raise

    def close(self) -> None:
        """Nothing to stop: the process's kept browser closes itself (swot.report.chromium)."""


#: Layout parts that draw something even in a figure without traces (the SWOT matrix).
_DRAWN_LAYOUT = ("annotations", "shapes", "images")


def _chart_size(layout: Mapping[str, Any]) -> tuple[int, int]:
    width, height = layout.get("width"), layout.get("height")
    return (
        int(width) if isinstance(width, int | float) and width > 0 else CHART_SIZE[0],
        int(height) if isinstance(height, int | float) and height > 0 else CHART_SIZE[1],
    )


def _chart_title(figure: Mapping[str, Any]) -> str:
    title = (figure.get("layout") or {}).get("title")
    text = title.get("text") if isinstance(title, Mapping) else title
    if not isinstance(text, str):
        return ""
    # plotly titles may hold <b>, <br> and entities: the alt text is their plain text
    plain = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    plain = re.sub(r"<[^>]*>", "", plain)
    return " ".join(html.unescape(plain).split())


# ============================================================================ widgets


class StaticWidgets:
    """Draw saved widget state as static HTML.

    ``state`` is the ``state`` mapping of ``application/vnd.jupyter.widget-state+json``;
    ``figures`` maps a plotly FigureWidget's model id to its figure (the saved state of a
    FigureWidget keeps only the figure it started with). CSS that HTML widgets bring in
    ``<style>`` blocks is collected in :attr:`styles` for the page head.
    """

    #: model name → kind of drawing
    CONTAINERS = frozenset({"BoxModel", "VBoxModel", "HBoxModel", "GridBoxModel"})
    TITLED = frozenset({"AccordionModel", "TabModel"})
    HIDDEN = frozenset({"ButtonModel", "FileUploadModel", "PlayModel", "ControllerModel"})
    VALUES = frozenset(
        {"TextModel", "TextareaModel", "ComboboxModel", "IntTextModel", "FloatTextModel",
         "BoundedIntTextModel", "BoundedFloatTextModel", "IntSliderModel", "FloatSliderModel",
         "FloatLogSliderModel", "ColorPickerModel", "TimePickerModel",
         "NaiveDatetimePickerModel", "DatetimeModel", "ValidModel"}
    )  # fmt: skip
    TYPED = frozenset({"TextModel", "TextareaModel", "ComboboxModel"})
    CHOICE = frozenset({"DropdownModel", "SelectionSliderModel"})
    LISTS = frozenset(
        {"SelectModel", "SelectMultipleModel", "RadioButtonsModel", "ToggleButtonsModel",
         "SelectionRangeSliderModel"}
    )  # fmt: skip

    def __init__(
        self,
        state: Mapping[str, Any],
        charts: StaticCharts,
        figures: Mapping[str, Any] | None = None,
        hide_text: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.state = state
        self.charts = charts
        self.figures = figures or {}
        self.hide_text = hide_text
        self.styles: list[str] = []
        self._path: set[str] = set()

    # --- public ----------------------------------------------------------------------------

    def render(self, model_id: str) -> str:
        """The widget ``model_id`` and everything in it, as HTML (empty if hidden)."""
        model = self.state.get(model_id)
        if model is None or model_id in self._path:
            return self._placeholder()
        state = model.get("state", {})
        if self._hidden(state):
            return ""
        name = model.get("model_name") or state.get("_model_name", "")
        self._path.add(model_id)
        try:
            body = self._draw(model_id, name, state)
        finally:
            self._path.discard(model_id)
        return body

    def render_output(self, output: Mapping[str, Any]) -> str:
        """One notebook output (as stored by an Output widget) as HTML."""
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stderr":
                return ""
            return self._hide(_pre(_text(output.get("text", ""))))
        if kind == "error":
            lines = [_ANSI.sub("", line) for line in output.get("traceback", [])]
            return _pre("\n".join(lines) or f"{output.get('ename')}: {output.get('evalue')}")
        data = output.get("data", {})
        if WIDGET_VIEW_MIME in data:
            return self.render(_model_ref(data[WIDGET_VIEW_MIME].get("model_id", "")))
        if PLOTLY_MIME in data:
            return self.charts.html(data[PLOTLY_MIME])
        if "text/html" in data:
            return self.clean(_text(data["text/html"]))
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                return _image(mime, _text(data[mime]))
        if "text/plain" in data:
            return self._hide(_pre(_text(data["text/plain"])))
        return ""

    def clean(self, markup: str) -> str:
        """Sanitized HTML of a widget; its ``<style>`` CSS goes to :attr:`styles` if safe."""
        from bs4 import BeautifulSoup

        if "<style" in markup.lower():
            soup = BeautifulSoup(markup, "html.parser")
            for block in soup.find_all("style"):
                css = _safe_css(block.get_text())
                if css and css not in self.styles:
                    self.styles.append(css)
                block.decompose()
            markup = str(soup)
        return self._hide(clean_html(markup))

    # --- drawing ---------------------------------------------------------------------------

    def _draw(self, model_id: str, name: str, state: Mapping[str, Any]) -> str:
        classes = self._classes(name, state)
        if name in self.CONTAINERS:
            children = "".join(self.render(_model_ref(c)) for c in state.get("children", []))
            style = self._grid_style(state) if name == "GridBoxModel" else ""
            return f'<div class="{classes}"{style}>{children}</div>'
        if name in self.TITLED:
            titles = list(state.get("titles") or [])
            parts = []
            for i, child in enumerate(state.get("children", [])):
                title = titles[i] if i < len(titles) and titles[i] else ""
                heading = f'<h4 class="swot-rv-title">{self._esc(title)}</h4>' if title else ""
                parts.append(f'<section class="swot-rv-pane">{heading}'
                             f"{self.render(_model_ref(child))}</section>")  # fmt: skip
            return f'<div class="{classes}">{"".join(parts)}</div>'
        if name == "StackedModel":
            children = state.get("children", [])
            index = state.get("selected_index")
            shown = (
                children[index] if isinstance(index, int) and 0 <= index < len(children) else None
            )
            inner = self.render(_model_ref(shown)) if shown else ""
            return f'<div class="{classes}">{inner}</div>'
        if name in ("HTMLModel", "HTMLMathModel"):
            value = self.clean(_text(state.get("value", "")))
            return f'<div class="{classes}">{self._description(state)}{value}</div>'
        if name == "LabelModel":
            return f'<span class="{classes}">{self._esc(state.get("value", ""))}</span>'
        if name in self.HIDDEN:
            return ""
        if name == "PasswordModel":
            return self._field(classes, state, "••••••" if state.get("value") else "")
        if name in self.VALUES:
            value = _plain_value(state.get("value"))
            if not value.strip() and name in self.TYPED:
                return ""  # an empty box to type into tells a reader nothing
            return self._field(classes, state, value)
        if name in ("IntRangeSliderModel", "FloatRangeSliderModel"):
            low, high = [*list(state.get("value") or []), None, None][:2]
            return self._field(classes, state, f"{_plain_value(low)} – {_plain_value(high)}")
        if name == "DatePickerModel":
            return self._field(classes, state, _date_value(state.get("value")))
        if name in ("CheckboxModel", "ToggleButtonModel"):
            mark = "☑" if state.get("value") else "☐"
            return (
                f'<span class="{classes}"><span class="swot-rv-mark">{mark}</span> '
                f"{self._description_text(state)}</span>"
            )
        if name in self.CHOICE:
            labels = list(state.get("_options_labels") or [])
            index = state.get("index")
            chosen = labels[index] if isinstance(index, int) and 0 <= index < len(labels) else ""
            return self._field(classes, state, chosen)
        if name in self.LISTS:
            return self._options(classes, state)
        if name == "TagsInputModel":
            tags = "".join(
                f'<span class="swot-rv-tag">{self._esc(_plain_value(v))}</span>'
                for v in state.get("value") or []
            )
            return f'<div class="{classes}">{self._description(state)}{tags}</div>'
        if name in ("IntProgressModel", "FloatProgressModel"):
            value, top = state.get("value", 0), state.get("max", 100)
            return (
                f'<div class="{classes}">{self._description(state)}'
                f'<progress value="{_number(value)}" max="{_number(top)}"></progress> '
                f"{self._esc(_plain_value(value))} / {self._esc(_plain_value(top))}</div>"
            )
        if name == "OutputModel":
            inner = "".join(self.render_output(o) for o in state.get("outputs", []))
            return f'<div class="{classes}">{inner}</div>'
        if name == "ImageModel":
            return ""  # binary buffers are not kept in the saved state we read
        if _is_figure_widget(state):
            return self._figure(model_id, state)
        if name.endswith(("LayoutModel", "StyleModel")):
            return ""
        return self._placeholder()

    def _figure(self, model_id: str, state: Mapping[str, Any]) -> str:
        figure = self.figures.get(model_id)
        if figure is None:
            figure = {
                "data": state.get("_widget_data") or [],
                "layout": state.get("_widget_layout"),
            }
        chart = self.charts.html(figure)
        classes = self._classes("FigureWidget", state)
        return f'<div class="{classes}">{chart}</div>'

    def _options(self, classes: str, state: Mapping[str, Any]) -> str:
        labels = list(state.get("_options_labels") or [])
        chosen = state.get("index")
        if isinstance(chosen, int):
            picked = {chosen}
        elif isinstance(chosen, list | tuple):
            picked = {i for i in chosen if isinstance(i, int)}
            if len(chosen) == 2 and state.get("_model_name") == "SelectionRangeSliderModel":
                picked = set(range(chosen[0], chosen[1] + 1))
        else:
            picked = set()
        items = "".join(
            f'<li class="swot-rv-picked">{self._esc(label)}</li>'
            if i in picked
            else f"<li>{self._esc(label)}</li>"
            for i, label in enumerate(labels)
        )
        return f'<div class="{classes}">{self._description(state)}<ul>{items}</ul></div>'

    def _field(self, classes: str, state: Mapping[str, Any], value: str) -> str:
        shown = self._esc(value) if value.strip() else "—"
        empty = "" if value.strip() else " swot-rv-empty"
        return (
            f'<div class="{classes}">{self._description(state)}'
            f'<span class="swot-rv-value{empty}">{shown}</span></div>'
        )

    def _description(self, state: Mapping[str, Any]) -> str:
        text = self._description_text(state)
        return f'<span class="swot-rv-desc">{text}</span>' if text else ""

    def _description_text(self, state: Mapping[str, Any]) -> str:
        description = _text(state.get("description") or "")
        if not description.strip():
            return ""
        if state.get("description_allow_html"):
            return self.clean(description)
        return self._esc(description)

    def _grid_style(self, state: Mapping[str, Any]) -> str:
        layout = self._layout(state)
        columns = str(layout.get("grid_template_columns") or "")
        if columns and re.fullmatch(r"[\w\s().,%-]+", columns):
            return f' style="grid-template-columns: {html.escape(columns)}"'
        return ""

    # --- helpers ---------------------------------------------------------------------------

    def _layout(self, state: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = state.get("layout")
        if isinstance(ref, str):
            found = self.state.get(_model_ref(ref))
            if found is not None:
                return dict(found.get("state", {}))
        return {}

    def _hidden(self, state: Mapping[str, Any]) -> bool:
        layout = self._layout(state)
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    @staticmethod
    def _classes(name: str, state: Mapping[str, Any]) -> str:
        kind = re.sub(r"Model$", "", name).lower() or "widget"
        own = [c for c in state.get("_dom_classes") or [] if _CSS_CLASS.match(str(c))]
        return " ".join([f"swot-rv-{kind}", *own])

    def _esc(self, value: object) -> str:
        return self._hide(html.escape(_text(value)))

    def _hide(self, markup: str) -> str:
        return _replace_all(markup, self.hide_text)

    @staticmethod
    def _placeholder() -> str:
        return f'<span class="swot-rv-note">{html.escape(t("review.interactive"))}</span>'


def _is_figure_widget(state: Mapping[str, Any]) -> bool:
    return "FigureWidget" in str(state.get("_anywidget_id", "")) or (
        "_widget_data" in state and "_widget_layout" in state
    )


def _model_ref(value: object) -> str:
    text = str(value or "")
    return text.removeprefix("IPY_MODEL_")


def _text(value: object) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return "" if value is None else str(value)


def _plain_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: object) -> str:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else "0"


def _date_value(value: object) -> str:
    if isinstance(value, Mapping):
        try:
            # ipywidgets serializes months from 0, as JavaScript does
            return (
                f"{int(value['year']):04d}-{int(value['month']) + 1:02d}-{int(value['date']):02d}"
            )
        except (KeyError, TypeError, ValueError):
            return ""
    return _plain_value(value)


def _pre(text: str) -> str:
    return f'<pre class="swot-rv-text">{html.escape(_ANSI.sub("", text))}</pre>'


def _image(mime: str, data: str) -> str:
    payload = "".join(data.split())
    try:
        base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return f'<figure class="swot-rv-chart"><img src="data:{mime};base64,{payload}" alt=""></figure>'


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


# ============================================================================ preprocessors


def _preprocessors(charts: StaticCharts, hide_text: Sequence[tuple[str, str]]) -> list[Any]:
    """The three nbconvert preprocessors of the export, built on first use (lazy import)."""
    from nbconvert.preprocessors import Preprocessor

    class TidyOutputs(Preprocessor):
        """Drop what an expert should not see (stderr, scripts, paths of the temporary copy);
        show swot's own error messages as notes, as the notebook does."""

        def preprocess_cell(
            self, cell: NotebookNode, resources: dict[str, Any], index: int
        ) -> tuple[NotebookNode, dict[str, Any]]:
            if cell.cell_type == "code":
                kept = [_as_note(o, hide_text) for o in cell.outputs if _keep_output(o, hide_text)]
                cell.outputs = kept
            return cell, resources

    class WidgetsToHtml(Preprocessor):
        """Every widget view output becomes its saved state drawn as static HTML."""

        def preprocess(
            self, nb: NotebookNode, resources: dict[str, Any]
        ) -> tuple[NotebookNode, dict[str, Any]]:
            saved = nb.metadata.pop("widgets", {}).get(WIDGET_STATE_MIME, {})
            figures = resources.get("swot_figures", {})
            drawer = StaticWidgets(saved.get("state", {}), charts, figures, hide_text)
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                for output in cell.outputs:
                    data = output.get("data", {})
                    if WIDGET_VIEW_MIME in data:
                        ref = _model_ref(data[WIDGET_VIEW_MIME].get("model_id", ""))
                        output["data"] = {STATIC_MIME: drawer.render(ref)}
            resources.setdefault("swot_styles", []).extend(drawer.styles)
            return nb, resources

    class PlotlyToImages(Preprocessor):
        """Every plotly output becomes a PNG image (one browser session for the export)."""

        def preprocess_cell(
            self, cell: NotebookNode, resources: dict[str, Any], index: int
        ) -> tuple[NotebookNode, dict[str, Any]]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if PLOTLY_MIME in data:
                    output["data"] = {STATIC_MIME: charts.html(data[PLOTLY_MIME])}
            return cell, resources

    return [TidyOutputs(), WidgetsToHtml(), PlotlyToImages()]  # type: ignore[no-untyped-call]


_SHOWN = (STATIC_MIME, WIDGET_VIEW_MIME, PLOTLY_MIME, "text/html", "text/markdown")
_SHOWN_PLAIN = ("image/png", "image/jpeg", "image/svg+xml", "text/plain")


def _keep_output(output: Mapping[str, Any], hide_text: Sequence[tuple[str, str]]) -> bool:
    kind = output.get("output_type")
    if kind == "stream":
        return output.get("name") != "stderr"
    if kind == "error":
        return output.get("ename") in _swot_error_names()
    if kind not in ("display_data", "execute_result"):
        return False
    data = output.get("data", {})
    if not any(mime in data for mime in (*_SHOWN, *_SHOWN_PLAIN)):
        return False  # e.g. only application/javascript
    # e.g. PosixPath('/tmp/…/mok_plan.docx'): a file in the temporary copy means nothing
    plain = _text(data.get("text/plain", ""))
    return not (set(data) <= {"text/plain"} and any(s in plain for s, _ in hide_text))


def _as_note(output: Any, hide_text: Sequence[tuple[str, str]]) -> Any:
    """A swot error output as a display of its message (what the reader needs to know);
    printed text without the temporary copy's paths."""
    kind = output.get("output_type")
    if kind == "stream":
        output["text"] = _replace_all(_text(output.get("text", "")), hide_text)
    if kind != "error":
        return output
    from nbformat.v4 import new_output

    message = html.escape(_ANSI.sub("", str(output.get("evalue", ""))))
    message = _replace_all(message, hide_text)
    note = f'<p class="swot-rv-error">⚠ {message}</p>'
    return new_output("display_data", data={STATIC_MIME: note})  # type: ignore[no-untyped-call]


def _replace_all(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _swot_error_names() -> frozenset[str]:
    """Class names of swot's own errors: a cell raising one shows a message by design."""
    names: set[str] = set()
    todo: list[type[BaseException]] = [SwotError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return frozenset(names)


# ============================================================================ template

_TEMPLATE_NAME = "swot_review.html.j2"
_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{#- after the lab CSS, so that ours wins at equal specificity -#}
{%- block html_head_css -%}
<style type="text/css">
{{ resources.swot.css }}
{% for css in resources.swot_styles %}{{ css }}
{% endfor %}</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<header class="swot-rv-header">
<p class="swot-rv-badge">{{ resources.swot.badge | escape_html }}</p>
<p class="swot-rv-meta">{{ resources.swot.meta | escape_html }}</p>
<p class="swot-rv-nav"><a href="index.html">{{ resources.swot.back | escape_html }}</a></p>
</header>
{%- endblock body_header -%}
{%- block markdowncell scoped -%}
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" \
data-mime-type="text/markdown">
{{ cell.source | markdown2html | strip_files_prefix }}
</div>
</div>
</div>
</div>
{%- endblock markdowncell -%}
{%- block data_other -%}
{#- the loop variable `type` is not visible here; our outputs hold only this one type -#}
{%- if 'application/vnd.swot.static+html' in output.data -%}
<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output swot-rv-output">
{{ output.data['application/vnd.swot.static+html'] }}
</div>
{%- endif -%}
{%- endblock data_other -%}
{%- block data_widget_view -%}{%- endblock data_widget_view -%}
{%- block data_javascript -%}{%- endblock data_javascript -%}
"""

_CSS = """
body.jp-Notebook { background: #f4f6fa; }
main { max-width: 1100px; margin: 0 auto; padding: 0 16px 48px; background: #fff;
       box-shadow: 0 0 12px rgba(0, 0, 0, 0.06); }
.jp-Notebook .jp-Cell { padding: 4px 8px; }
.swot-rv-header { border-bottom: 3px solid #2f4b7c; margin: 0 0 12px; padding: 14px 8px 10px;
                  font-family: var(--jp-ui-font-family); }
.swot-rv-header p { margin: 2px 0; }
.swot-rv-badge { font-size: 15px; font-weight: bold; color: #2f4b7c; }
.swot-rv-meta { color: #444; }
.swot-rv-nav a { color: #2f4b7c; }
.swot-rv-output { font-size: 13px; }
.swot-rv-output.jp-RenderedHTMLCommon td, .swot-rv-output.jp-RenderedHTMLCommon th,
.swot-rv-output.jp-RenderedHTMLCommon tr { text-align: left; }
.swot-rv-output > div { max-width: 100%; }
.swot-rv-vbox, .swot-rv-box { display: flex; flex-direction: column; gap: 4px; }
.swot-rv-hbox { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: flex-start; }
.swot-rv-hbox > * { min-width: 0; }
.swot-rv-gridbox { display: grid; gap: 8px; }
.swot-rv-pane { margin: 6px 0 10px; }
.swot-rv-title { margin: 8px 0 4px; }
.swot-rv-desc { color: #555; margin-right: 6px; }
.swot-rv-desc::after { content: ":"; }
.swot-rv-value { display: inline-block; border: 1px solid #d4d9e3; background: #f7f8fb;
                 border-radius: 3px; padding: 1px 6px; white-space: pre-wrap; }
.swot-rv-empty { color: #999; }
.swot-rv-textarea .swot-rv-value { display: block; min-height: 1.4em; }
.swot-rv-select ul, .swot-rv-selectmultiple ul, .swot-rv-radiobuttons ul,
.swot-rv-togglebuttons ul { margin: 2px 0; padding-left: 18px; }
.swot-rv-picked { font-weight: bold; }
.swot-rv-picked::marker { content: "✔ "; }
.swot-rv-tag { display: inline-block; background: #e8edf7; border-radius: 10px;
               padding: 0 8px; margin: 0 4px 2px 0; }
.swot-rv-note { color: #666; font-style: italic; }
.swot-rv-error { color: #8a5a00; background: #fff6e0; border-left: 4px solid #e0a800;
                 padding: 6px 10px; margin: 4px 0; }
.swot-rv-chart { margin: 6px 0; }
.swot-rv-chart img { max-width: 100%; height: auto; }
.swot-rv-text { white-space: pre-wrap; }
@media print { body.jp-Notebook { background: #fff; } main { box-shadow: none; } }
"""

_INDEX = """\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{ title }} — {{ name }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       background: #f4f6fa; margin: 0; }
main { max-width: 820px; margin: 0 auto; background: #fff; padding: 16px 28px 40px;
       box-shadow: 0 0 12px rgba(0, 0, 0, 0.06); min-height: 100vh; }
header { border-bottom: 3px solid #2f4b7c; margin-bottom: 16px; padding-bottom: 8px; }
header p { margin: 2px 0; }
.badge { font-weight: bold; color: #2f4b7c; font-size: 15px; }
li { margin: 6px 0; font-size: 16px; }
a { color: #2f4b7c; }
.file { color: #777; font-size: 13px; }
</style>
</head>
<body>
<main>
<header>
<p class="badge">{{ badge }}</p>
<p>{{ meta }}</p>
</header>
<h1>{{ title }}</h1>
<p>{{ intro }}</p>
<ol>
{% for page in pages %}<li><a href="{{ page.file }}">{{ page.title }}</a> \
<span class="file">({{ page.file }})</span></li>
{% endfor %}</ol>
</main>
</body>
</html>
"""


def _exporter(
    show_code: bool, lang: str, charts: StaticCharts, hide: Sequence[tuple[str, str]]
) -> Any:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    # Only what this export can show without scripts; our own HTML first.
    config.NbConvertBase.display_data_priority = [
        STATIC_MIME, "text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg",
        "text/plain",
    ]  # fmt: skip
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        config=config,
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        sanitize_html=True,
        filters={"clean_html": clean_html},
        language_code=lang,
    )
    for preprocessor in _preprocessors(charts, hide):
        exporter.register_preprocessor(preprocessor, enabled=True)  # type: ignore[no-untyped-call]
    return exporter


# ============================================================================ running


@dataclass(frozen=True)
class _Page:
    source: Path
    file: str
    title: str
    html: str


def _current_python_kernel() -> type[Any]:
    """A kernel manager class for this very Python, never a stray kernelspec of that name.

    Passed as a class, so that nbclient owns each manager and shuts its kernel down.
    """
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class CurrentPythonSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str, *args: Any, **kwargs: Any) -> KernelSpec:
            return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())

    class CurrentPythonKernel(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _current_python_specs(self) -> KernelSpecManager:
            return CurrentPythonSpecs()

    return CurrentPythonKernel


_PUBLISH_SOURCE = "import swot.review\nswot.review._publish_figure_widgets()"


def _publish_figure_widgets() -> None:
    """Run in the kernel: display every plotly FigureWidget's current figure by model id.

    A FigureWidget sends new traces to the browser as one-off messages, so its saved widget
    state keeps only the (empty) figure it started with; this output carries the real one.
    """
    import gc

    from IPython.display import display

    base = getattr(sys.modules.get("plotly.basewidget"), "BaseFigureWidget", None)
    figures: dict[str, Any] = {}
    if base is not None:
        for obj in gc.get_objects():
            if isinstance(obj, base) and getattr(obj, "comm", None) is not None:
                figures[obj.model_id] = json.loads(obj.to_json())
    display({FIGURES_MIME: figures}, raw=True)  # type: ignore[no-untyped-call]


def _execute(
    path: Path, env: Mapping[str, str], timeout: int
) -> tuple[NotebookNode, dict[str, Any]]:
    """Run the notebook at ``path`` in a fresh kernel; return it and its FigureWidget figures."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    # A kernel that stops answering (seen once in ~10 runs on a busy machine: no reply to a
    # trivial cell) gets one more chance in a fresh kernel before the export gives up.
    for attempt in (1, 2):
        try:
            nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        except (OSError, ValueError) as exc:
            raise SwotError(
                t("review.error.notebook_unreadable", path=path, reason=_first_line(exc))
            ) from exc
        publish = nbformat.v4.new_code_cell(_PUBLISH_SOURCE)  # type: ignore[no-untyped-call]
        nb.cells.append(publish)
        client = NotebookClient(
            nb,
            kernel_manager_class=_current_python_kernel(),
            kernel_name="python3",
            timeout=timeout,
            # A cell raising a SwotError says what is missing ("fill in the IFE/EFE matrices
            # first"): the page shows that message. Any other error stops the export below.
            allow_errors=True,
            store_widget_state=True,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute(env=dict(env), stderr=subprocess.DEVNULL)
        except CellTimeoutError as exc:
            if attempt == 1:
                continue
            cell = _running_cell(nb)
            raise SwotError(
                t("review.error.timeout", notebook=path.name, cell=cell, seconds=timeout)
            ) from exc
        except (DeadKernelError, RuntimeError) as exc:
            raise SwotError(
                t("review.error.kernel", notebook=path.name, reason=_first_line(exc))
            ) from exc
        break
    nb.cells.pop()
    _check_errors(nb, path.name)
    figures: dict[str, Any] = {}
    for output in publish.get("outputs", []):
        figures.update(output.get("data", {}).get(FIGURES_MIME, {}))
    return nb, figures


def _check_errors(nb: NotebookNode, notebook: str) -> None:
    """Raise for the first error in ``nb`` that is not one of swot's own messages."""
    expected = _swot_error_names()
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") not in expected:
                error = _last_line(output)
                raise SwotError(t("review.error.cell", notebook=notebook, cell=number, error=error))


def _running_cell(nb: NotebookNode) -> int:
    """The 1-based number of the last code cell that started (has an execution count)."""
    started = [
        number
        for number, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code" and cell.get("execution_count")
    ]
    return started[-1] if started else 1


def _last_line(error: Mapping[str, Any]) -> str:
    """The last line of an error output's traceback (the one naming the error)."""
    traceback = "\n".join(str(line) for line in error.get("traceback") or [])
    lines = [line.strip() for line in _ANSI.sub("", traceback).splitlines() if line.strip()]
    if lines:
        return lines[-1]
    return f"{error.get('ename', 'Error')}: {error.get('evalue', '')}".strip()


def _title(nb: NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in str(cell.source).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        break
    return fallback


def _check_notebooks(notebooks: Sequence[str | os.PathLike[str]]) -> list[Path]:
    paths = sorted((Path(n) for n in notebooks), key=lambda p: (p.name, str(p)))
    if not paths:
        raise SwotError(t("review.error.no_notebooks"))
    seen: dict[str, Path] = {INDEX_NAME: Path(INDEX_NAME)}
    for path in paths:
        if not path.is_file():
            raise SwotError(t("review.error.notebook_missing", path=path))
        file = check_name(f"{path.stem}.html")  # refused now, not after a long run
        if file in seen:
            raise SwotError(t("review.error.duplicate", file=file, paths=f"{seen[file]}, {path}"))
        seen[file] = path
    return paths


def _index_html(pages: Sequence[_Page], lang: str, name: str, meta: str) -> str:
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(_INDEX)
    return template.render(
        lang=lang,
        name=name,
        title=t("review.index"),
        badge=t("review.badge"),
        meta=meta,
        intro=t("review.index.intro"),
        pages=pages,
    )


@dataclass
class _Steps:
    progress: Progress | None
    total: int
    done: int = 0

    def __call__(self, label: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(label, self.done, self.total)


def export_notebooks(
    workspace_path: str | os.PathLike[str],
    notebooks: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "pl",
    progress: Progress | None = None,
    show_code: bool = False,
    timeout: int = 600,
) -> list[Path]:
    """Run ``notebooks`` on a copy of the workspace and write them as static HTML pages.

    The notebooks run in file-name order, each in a fresh kernel, on one snapshot of the
    workspace (later notebooks see what earlier ones saved); the workspace file itself is only
    read. ``out_dir`` gets ``<notebook>.html`` for each and ``index.html``; it is created when
    missing (its parent must exist). Pages are self-contained, script-free and work offline;
    code cells are hidden unless ``show_code``. A notebook whose kernel stops answering for
    ``timeout`` seconds is run once more in a fresh kernel before the export gives up.
    ``lang`` is the language of the notebooks' widgets and of the pages.
    ``progress(step, i, total)`` is called before each step.

    Returns the paths written, ``index.html`` last. Raises :class:`~swot.errors.SwotError`
    naming the notebook and cell when a cell fails (nothing is written then), and
    :class:`~swot.errors.PathError` for a folder that cannot be used.
    """
    if lang not in LANGUAGES:
        raise SwotError(t("review.error.lang", choices=", ".join(LANGUAGES), got=lang))
    source = check_path(workspace_path)
    paths = _check_notebooks(notebooks)
    folder = output_folder(out_dir, messages="review.error")
    steps = _Steps(progress, total=2 + 2 * len(paths))
    previous = get_language()
    set_language(lang)
    try:
        with tempfile.TemporaryDirectory(prefix="swot-review-") as tmp:
            steps(t("review.step.snapshot"))
            copy = Path(tmp) / source.name
            with Workspace.open(source) as ws:
                name = ws.name
                ws.backup(copy)
            env = {**os.environ, "SWOT_WORKSPACE": str(copy), "SWOT_LANG": lang}
            runs = []
            for path in paths:
                steps(t("review.step.run", name=path.name))
                runs.append((path, *_execute(path, env, timeout)))
            # Files written next to the copy are gone after the export: say so, not /tmp/….
            gone = t("review.temporary")
            hide = [(str(Path(tmp).resolve()), gone), (tmp, gone)]
            meta = t("review.meta", name=name, date=date.today().isoformat())
            pages = list(_render(runs, steps, lang, name, meta, show_code, hide))
        steps(t("review.step.write"))
        written = []
        for page in pages:
            target = child_path(folder, page.file)
            write_whole(check_path(target), page.html.encode("utf-8"), message="review.error.write")
            written.append(target)
        index = child_path(folder, INDEX_NAME)
        write_whole(
            check_path(index),
            _index_html(pages, lang, name, meta).encode("utf-8"),
            message="review.error.write",
        )
        written.append(index)
    finally:
        set_language(previous)
    return written


def _render(
    runs: Sequence[tuple[Path, NotebookNode, dict[str, Any]]],
    steps: _Steps,
    lang: str,
    name: str,
    meta: str,
    show_code: bool,
    hide: Sequence[tuple[str, str]],
) -> Iterator[_Page]:
    with StaticCharts() as charts:
        for path, nb, figures in runs:
            steps(t("review.step.render", name=path.name))
            title = _title(nb, path.stem)
            exporter = _exporter(show_code, lang, charts, hide)
            resources = {
                "metadata": {"name": f"{title} — {name}", "path": str(path.parent)},
                "swot_figures": figures,
                "swot_styles": [],
                "swot": {
                    "css": _CSS,
                    "badge": t("review.badge"),
                    "meta": meta,
                    "back": t("review.back"),
                },
            }
            body, _ = exporter.from_notebook_node(nb, resources=resources)
            yield _Page(path, f"{path.stem}.html", title, strip_active_content(body))
