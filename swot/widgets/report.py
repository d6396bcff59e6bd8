"""Build the panel report with one click: a progress bar, then links to the files.

:class:`ReportBuilder` calls :func:`swot.report.build_report` (``raport.html``,
``raport.xlsx`` and ``raport.docx`` in ``folder``), shows each step on a progress bar and then
offers the files as download links in the page (data URIs: nothing to find on the server's
disk) with their paths. Charts missing from the DOCX (no Chromium) are reported on the status
line.
:func:`report_outline` lists the report's sections as text, for a preview in a notebook.
"""

from __future__ import annotations

import base64
import html
import warnings
from pathlib import Path
from typing import Any

import ipywidgets as w

from swot.i18n import register, t
from swot.report import ImageWarning, ReportFiles, build_report, compute_report
from swot.report.chromium import warm_up
from swot.store import Workspace
from swot.widgets._common import FullTextRepr, HTMLView, StatusLine, guarded

__all__ = ["ReportBuilder", "report_outline"]

register(
    {
        "ui.report.title": {"pl": "Raport dla panelu", "en": "Report for the panel"},
        "ui.report.button": {"pl": "Zbuduj raport", "en": "Build the report"},
        "ui.report.idle": {
            "pl": "Raport nie jest jeszcze zbudowany.",
            "en": "The report has not been built yet.",
        },
        "ui.report.step": {"pl": "Krok {i} z {total}: {step}", "en": "Step {i} of {total}: {step}"},
        "ui.report.done": {
            "pl": "Gotowe: raport HTML, dokument DOCX i tabele XLSX w folderze {folder}.",
            "en": "Done: the HTML report, the DOCX document and XLSX tables in {folder}.",
        },
        "ui.report.links": {"pl": "Pliki do pobrania", "en": "Files to download"},
        "ui.report.folder": {"pl": "Folder: {folder}", "en": "Folder: {folder}"},
        "ui.report.outline": {"pl": "Zawartość raportu", "en": "Contents of the report"},
        "ui.report.outline.counts": {
            "pl": "wykresy: {charts}, tabele: {tables}",
            "en": "charts: {charts}, tables: {tables}",
        },
    }
)

_MIME = {
    ".html": "text/html",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportBuilder(FullTextRepr, w.VBox):  # type: ignore[misc]
    """A "Zbuduj raport" button: builds the report into ``folder`` and offers the files.

    Parameters
    ----------
    ws
        The workspace.
    folder
        Where ``raport.html``, ``raport.xlsx`` and ``raport.docx`` are written (created when
        missing; its parent must exist).
    lang
        The report's language (``"pl"`` or ``"en"``).
    today_year
        The year monitoring is judged at (default: this year).
    """

    def __init__(
        self,
        ws: Workspace,
        *,
        folder: str | Path,
        lang: str = "pl",
        today_year: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.folder = Path(folder)
        self.lang = lang
        self.today_year = today_year
        self.files: ReportFiles | None = None
        self.steps: list[str] = []
        self.status = StatusLine()
        self.button = w.Button(
            description=t("ui.report.button"), icon="file-text", layout=w.Layout(width="auto")
        )
        self.button.add_class("swot-report-build")
        self.button.on_click(guarded(self.status)(self._click))
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="320px"))
        self.progress.add_class("swot-report-progress")
        self.label = w.Label(value=t("ui.report.idle"))
        self.label.add_class("swot-report-step")
        self.links = w.HTML()
        self.links.add_class("swot-report-links")
        title = w.HTML(f"<h4>{html.escape(t('ui.report.title'))}</h4>")
        super().__init__(
            children=[
                title,
                self.button,
                w.HBox([self.progress, self.label]),
                self.links,
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-report-builder")
        # Chromium, which draws the DOCX's charts, starts while the trainer reads the page,
        # so that the click does not wait for it (it stays open for rebuilds)
        warm_up()

    def __repr__(self) -> str:
        lines = [f"{t('ui.report.title')}: [{t('ui.report.button')}]", self.label.value]
        if self.files is not None:
            lines.append(f"{t('ui.report.links')}:")
            lines += [f"  {path.name}: {path}" for path in self.files.paths]
        if self.status.value:
            lines.append(self.status.text)
        return "\n".join(lines)

    def _click(self, _button: Any) -> None:
        self.build()

    def _on_progress(self, step: str, i: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = i
        self.label.value = t("ui.report.step", i=i, total=total, step=step)
        self.steps.append(step)

    def build(self) -> ReportFiles:
        """Build the report now (what the button does); errors propagate."""
        self.files = None
        self.links.value = ""
        self.steps = []
        self.progress.bar_style = ""
        self.button.disabled = True
        try:
            with warnings.catch_warnings():
                # shown on the status line from files.notes, not as a stray stderr warning
                warnings.simplefilter("ignore", ImageWarning)
                files = build_report(
                    self.ws,
                    self.folder,
                    lang=self.lang,
                    progress=self._on_progress,
                    today_year=self.today_year,
                )
        except Exception:
            self.progress.bar_style = "danger"
            raise
        finally:
            self.button.disabled = False
        self.progress.bar_style = "success"
        self.files = files
        self.links.value = self._links_html(files)
        done = t("ui.report.done", folder=self.folder)
        self.status.ok(" ".join([done, *files.notes]))
        return files

    @staticmethod
    def _links_html(files: ReportFiles) -> str:
        items = []
        for path in files.paths:
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            mime = _MIME.get(path.suffix, "application/octet-stream")
            name = html.escape(path.name)
            items.append(
                f'<li><a class="swot-report-download" download="{name}" '
                f'href="data:{mime};base64,{payload}">⬇ {name}</a> '
                f"<code>{html.escape(str(path))}</code></li>"
            )
        notes = "".join(
            f'<p class="swot-report-note" style="color:#8a5300">⚠ {html.escape(note)}</p>'
            for note in files.notes
        )
        return f"<b>{html.escape(t('ui.report.links'))}</b><ul>{''.join(items)}</ul>{notes}"


def report_outline(ws: Workspace, *, today_year: int | None = None) -> HTMLView:
    """The report's numbered section titles (with how many charts and tables), as a list."""
    report = compute_report(ws, today_year=today_year)
    lines: list[str] = []
    items: list[str] = []
    for number, section in enumerate(report.sections, start=1):
        children = []
        for sub, child in enumerate(section.children, start=1):
            lines.append(f"  {number}.{sub}. {child.title}")
            children.append(f"<li>{html.escape(child.title)}</li>")
        head = f"{number}. {section.title}"
        lines.insert(len(lines) - len(children), head)
        sub_list = f"<ol>{''.join(children)}</ol>" if children else ""
        items.append(f"<li>{html.escape(section.title)}{sub_list}</li>")
    counts = t("ui.report.outline.counts", charts=len(report.charts()), tables=len(report.tables()))
    title = t("ui.report.outline")
    value = f"<h4>{html.escape(title)}</h4><ol>{''.join(items)}</ol><p>{html.escape(counts)}</p>"
    text = "\n".join([f"{title}:", *lines, counts])
    return HTMLView(value, text, css_class="swot-report-outline")
