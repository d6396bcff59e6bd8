"""The "import a file" box the importers share: choose a file, check it, import it or not.

A person uploads a file (or types its path) and clicks "Sprawdź": the box shows what was
understood (a summary line, the problems with row and column, a preview) without writing
anything. "Importuj" then saves the checked file whole or not at all; "Anuluj" drops it. A
file that cannot be read (:class:`~swot.errors.DataImportError`) shows its reasons instead,
and any other error ends on the status line. What reading and saving mean comes from the
box's owner (:class:`~swot.widgets.offers.OfferImporter`,
:class:`~swot.widgets.plan_import.PlanImporter`,
:class:`~swot.widgets.diagnosis.SurveyImporter`, the import section of
:class:`~swot.widgets.invitations.InvitationsEditor`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import ipywidgets as w

from swot.errors import DataImportError, Problem, SwotError
from swot.i18n import register, t
from swot.widgets._common import (
    FullTextRepr,
    HTMLView,
    StatusLine,
    chosen_file,
    guarded,
    problems_table,
)

__all__ = ["TEXTS", "CheckedFile", "ImportBox", "PreviewReport"]

# The keys keep their ``ui.planimp.`` names: the plan importer had this box first.
register(
    {
        "ui.planimp.upload": {"pl": "Wybierz plik", "en": "Choose a file"},
        "ui.planimp.path": {"pl": "…lub ścieżka", "en": "…or a path"},
        "ui.planimp.check": {"pl": "Sprawdź", "en": "Check"},
        "ui.planimp.accept": {"pl": "Importuj", "en": "Import"},
        "ui.planimp.cancel": {"pl": "Anuluj", "en": "Cancel"},
        "ui.planimp.no_file": {
            "pl": "Najpierw wybierz plik albo wpisz ścieżkę do niego.",
            "en": "Choose a file or type its path first.",
        },
        "ui.planimp.checked": {
            "pl": "Plik odczytany. Sprawdź podgląd i uwagi, potem kliknij „Importuj”.",
            "en": "File read. Check the preview and the notes, then click 'Import'.",
        },
        "ui.planimp.has_errors": {
            "pl": "Plik ma błędy (lista poniżej): popraw je w pliku i sprawdź go ponownie. "
            "Nic nie zostało zapisane.",
            "en": "The file has errors (listed below): fix them in the file and check it "
            "again. Nothing was saved.",
        },
        "ui.planimp.failed": {
            "pl": "Nie udało się odczytać pliku (powody poniżej). Nic nie zostało zapisane.",
            "en": "The file could not be read (reasons below). Nothing was saved.",
        },
        "ui.planimp.cancelled": {
            "pl": "Anulowano: nic nie zostało zapisane.",
            "en": "Cancelled: nothing was saved.",
        },
    }
)


class CheckedFile(Protocol):
    """What the box needs of a checked file (a preview): its name, problems and verdict."""

    @property
    def file(self) -> str: ...

    @property
    def problems(self) -> Sequence[Problem]: ...

    @property
    def ok(self) -> bool: ...


P = TypeVar("P", bound=CheckedFile)
R = TypeVar("R")

TEXTS = {
    role: f"ui.planimp.{role}"
    for role in (
        "upload",
        "path",
        "check",
        "accept",
        "cancel",
        "no_file",
        "checked",
        "has_errors",
        "failed",
        "cancelled",
    )
}
"""The i18n keys of the box's labels and messages, by role (an owner may name its own)."""


@dataclass(frozen=True)
class PreviewReport:
    """How the box shows a checked file, above and below its problems table.

    Attributes
    ----------
    summary
        One line: the file's name and what was found in it (escaped by the box; ``""``: no
        such line, the table says it).
    table_html, table_text
        The preview as escaped HTML and as plain text (``""``: none); the text is what a
        saved notebook keeps, so it may leave out personal data the HTML shows.
    nothing_new
        When set and the file cannot be imported, shown as a calm message instead of "the
        file has errors" (its owner decides when, e.g. everyone in it is on the list already).
    lists_problems
        The table lists the file's problems itself, so the box adds no problems table.
    """

    summary: str
    table_html: str = ""
    table_text: str = ""
    nothing_new: str = ""
    lists_problems: bool = False


class ImportBox(FullTextRepr, w.VBox, Generic[P, R]):  # type: ignore[misc]
    """Upload or name a file, check what was understood, then import it or cancel.

    Parameters
    ----------
    css_prefix
        Each part gets the prefix plus ``-upload``, ``-path``, ``-check``, ``-accept``,
        ``-cancel`` and ``-report`` as its class (browser tests find the parts by them).
    read
        Checks a file without writing anything: its bytes (an upload) or its path, and its
        name; returns the preview, or raises DataImportError when the file is unreadable.
    describe
        The preview's summary line and table (:class:`PreviewReport`).
    save
        Saves a checked preview all or nothing; DataImportError refuses it with reasons.
    on_saved
        Called after a save with the preview and what ``save`` returned; returns the status
        line's message (and may redraw its owner first).
    title
        The heading, also the first line of the ``repr`` (``""``: no heading).
    accept
        File types the upload offers, e.g. ``".xlsx,.csv"``.
    extra
        Controls shown between the file row and the buttons (e.g. a "replace" checkbox).
    report_class
        The report's class when it is not ``{css_prefix}-report``.
    texts
        The i18n keys of labels and messages by role, for those that differ from
        :data:`TEXTS` (e.g. ``{"check": "ui.imp.check"}``).
    refusal
        The reasons a file was refused, as escaped HTML and as text, from its name and the
        error (default: the name and :func:`~swot.widgets._common.problems_table`).
    base_dir
        Where a relative typed path is looked for (default: working directory).
    path
        A file to check at once (its preview is shown; importing still takes a click).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> box = ImportBox(
    ...     css_prefix="swot-demo",
    ...     read=lambda source, name: SimpleNamespace(file=name, problems=(), ok=True),
    ...     describe=lambda preview: PreviewReport(f"{preview.file}: 1 row"),
    ...     save=lambda preview: ["row"],
    ...     on_saved=lambda preview, saved: f"{preview.file}: {len(saved)} saved",
    ...     path="list.csv",
    ... )
    >>> repr(box)
    'list.csv: 1 row'
    >>> box.accept_button.click()
    >>> box.status.text
    '✔ list.csv: 1 saved'
    """

    def __init__(
        self,
        *,
        css_prefix: str,
        read: Callable[[bytes | Path, str], P],
        describe: Callable[[P], PreviewReport],
        save: Callable[[P], R],
        on_saved: Callable[[P, R], str],
        title: str = "",
        accept: str = ".xlsx,.csv",
        extra: Sequence[w.Widget] = (),
        report_class: str = "",
        texts: Mapping[str, str] | None = None,
        refusal: Callable[[str, DataImportError], tuple[str, str]] | None = None,
        base_dir: str | Path | None = None,
        path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.title = title
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self._read = read
        self._describe = describe
        self._save = save
        self._on_saved = on_saved
        self._texts = {**TEXTS, **(texts or {})}
        self._refusal = refusal or _refusal_report
        self.pending: P | None = None
        self.upload = w.FileUpload(accept=accept, multiple=False, description=self._text("upload"))
        self.upload.add_class(f"{css_prefix}-upload")
        self.path = w.Text(
            description=self._text("path"),
            style={"description_width": "90px"},
            layout=w.Layout(width="520px"),
        )
        self.path.add_class(f"{css_prefix}-path")
        self.check_button = w.Button(
            description=self._text("check"), icon="search", button_style="info"
        )
        self.check_button.add_class(f"{css_prefix}-check")
        self.accept_button = w.Button(
            description=self._text("accept"), icon="check", button_style="success", disabled=True
        )
        self.accept_button.add_class(f"{css_prefix}-accept")
        self.cancel_button = w.Button(description=self._text("cancel"), disabled=True)
        self.cancel_button.add_class(f"{css_prefix}-cancel")
        self.status = StatusLine()
        self.report = HTMLView("", "", report_class or f"{css_prefix}-report")
        guard = guarded(self.status)
        self.check_button.on_click(guard(self._on_check))
        self.accept_button.on_click(guard(self._on_accept))
        self.cancel_button.on_click(guard(self._on_cancel))
        heading = [w.HTML(f"<h4>{html.escape(title)}</h4>")] if title else []
        super().__init__(
            children=[
                *heading,
                w.HBox([self.upload, self.path]),
                *extra,
                w.HBox([self.check_button, self.accept_button, self.cancel_button]),
                self.status,
                self.report,
            ],
            **kwargs,
        )
        if path is not None:  # a file named in the notebook: show its preview at once
            self.path.value = str(path)
            self.check_button.click()

    def __repr__(self) -> str:
        return "\n".join(part for part in (self.title, self.report.text) if part)

    def _text(self, role: str) -> str:
        return t(self._texts[role])

    def _on_check(self, _button: Any = None) -> None:
        self._reset()
        source, name = chosen_file(
            self.upload, self.path.value, self.base_dir, self._text("no_file")
        )
        try:
            preview = self._read(source, name)
        except DataImportError as exc:
            self._show_refusal(name, exc)
            return
        shown = self._describe(preview)
        problems_html, problems_text = (
            ("", "") if shown.lists_problems else problems_table(preview.problems)
        )
        summary_html = f"<p><b>{html.escape(shown.summary)}</b></p>" if shown.summary else ""
        self.report.value = f"{summary_html}{problems_html}{shown.table_html}"
        self.report.text = "\n".join(
            part for part in (shown.summary, problems_text, shown.table_text) if part
        )
        if preview.ok:
            self.pending = preview
            self.accept_button.disabled = False
            self.cancel_button.disabled = False
            self.status.ok(self._text("checked"))
        elif shown.nothing_new:
            self.status.ok(shown.nothing_new)
        else:
            self.status.error(self._text("has_errors"))

    def _on_accept(self, _button: Any = None) -> None:
        if self.pending is None:
            raise SwotError(self._text("no_file"))
        preview = self.pending
        try:
            saved = self._save(preview)
        except DataImportError as exc:
            self._show_refusal(preview.file, exc)
            self.pending = None
            self.accept_button.disabled = True
            return
        self._reset()
        self.status.ok(self._on_saved(preview, saved))

    def _on_cancel(self, _button: Any = None) -> None:
        self._reset()
        self.status.ok(self._text("cancelled"))

    def _show_refusal(self, name: str, exc: DataImportError) -> None:
        self.report.value, self.report.text = self._refusal(name, exc)
        self.status.error(self._text("failed"))

    def _reset(self) -> None:
        self.pending = None
        self.accept_button.disabled = True
        self.cancel_button.disabled = True
        self.report.value = ""
        self.report.text = ""


def _refusal_report(name: str, exc: DataImportError) -> tuple[str, str]:
    """The refused file's name over its problems table, as HTML and as text."""
    problems_html, problems_text = problems_table(exc.problems)
    return f"<p><b>{html.escape(name)}</b></p>{problems_html}", f"{name}\n{problems_text}"
