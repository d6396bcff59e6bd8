"""Bring an existing plan table (DOCX or XLSX, as public offices write them) into the workspace.

Upload or name the file, see what was understood and what was not, then import it whole or
not at all (:func:`swot.plan_io.to_workspace` writes in one transaction).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from swot.errors import DataImportError, SwotError
from swot.i18n import register, t
from swot.plan import known_entities
from swot.plan_io import PlanPreview, plan_to_html, preview_plan, to_workspace
from swot.store import Workspace
from swot.widgets._common import (
    FullTextRepr,
    HTMLView,
    StatusLine,
    chosen_file,
    guarded,
    problems_table,
)

__all__ = ["PlanImporter"]

register(
    {
        "ui.planimp.title": {
            "pl": "Import istniejącego planu (DOCX lub XLSX)",
            "en": "Import an existing plan (DOCX or XLSX)",
        },
        "ui.planimp.upload": {"pl": "Wybierz plik", "en": "Choose a file"},
        "ui.planimp.path": {"pl": "…lub ścieżka", "en": "…or a path"},
        "ui.planimp.check": {"pl": "Sprawdź", "en": "Check"},
        "ui.planimp.accept": {"pl": "Importuj", "en": "Import"},
        "ui.planimp.cancel": {"pl": "Anuluj", "en": "Cancel"},
        "ui.planimp.replace": {
            "pl": "Zastąp obecny plan instytucji",
            "en": "Replace the institution's current plan",
        },
        "ui.planimp.no_file": {
            "pl": "Najpierw wybierz plik albo wpisz ścieżkę do niego.",
            "en": "Choose a file or type its path first.",
        },
        "ui.planimp.summary": {
            "pl": "{file}: celów {goals}, zadań {tasks}, wskaźników {indicators}; "
            "błędów {errors}, uwag {warnings}.",
            "en": "{file}: {goals} goals, {tasks} tasks, {indicators} indicators; "
            "{errors} errors, {warnings} warnings.",
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
        "ui.planimp.saved": {
            "pl": "Zaimportowano plan z pliku {file}: zapisano {count} elementów.",
            "en": "Imported the plan from {file}: {count} items saved.",
        },
        "ui.planimp.cancelled": {
            "pl": "Anulowano: nic nie zostało zapisane.",
            "en": "Cancelled: nothing was saved.",
        },
    }
)


class PlanImporter(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Upload or name a plan table, check what was understood, then import it or cancel.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose plan this is (``None``: the joint cooperation plan).
    actor
        Recorded in the history as who imported it.
    base_dir
        Where a relative path typed in the widget is looked for (default: the working
        directory, i.e. the notebook's folder).
    path
        A file to check at once (its preview is shown; importing still takes a click).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str | None,
        *,
        actor: str = "",
        base_dir: str | Path | None = None,
        path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution_id = institution_id
        self.actor = actor
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self.pending: PlanPreview | None = None
        self.upload = w.FileUpload(
            accept=".docx,.xlsx", multiple=False, description=t("ui.planimp.upload")
        )
        self.upload.add_class("swot-planimp-upload")
        self.path = w.Text(
            description=t("ui.planimp.path"),
            style={"description_width": "90px"},
            layout=w.Layout(width="520px"),
        )
        self.path.add_class("swot-planimp-path")
        self.replace = w.Checkbox(description=t("ui.planimp.replace"), indent=False)
        self.replace.add_class("swot-planimp-replace")
        self.check_button = w.Button(
            description=t("ui.planimp.check"), icon="search", button_style="info"
        )
        self.check_button.add_class("swot-planimp-check")
        self.accept_button = w.Button(
            description=t("ui.planimp.accept"), icon="check", button_style="success", disabled=True
        )
        self.accept_button.add_class("swot-planimp-accept")
        self.cancel_button = w.Button(description=t("ui.planimp.cancel"), disabled=True)
        self.cancel_button.add_class("swot-planimp-cancel")
        for button in (self.check_button, self.accept_button, self.cancel_button):
            button.layout = w.Layout(width="auto")
        self.status = StatusLine()
        self.report = HTMLView("", "", "swot-planimp-report")
        guard = guarded(self.status)
        self.check_button.on_click(guard(self._on_check))
        self.accept_button.on_click(guard(self._on_accept))
        self.cancel_button.on_click(guard(self._on_cancel))
        title = w.HTML(f"<h4>{html.escape(t('ui.planimp.title'))}</h4>")
        super().__init__(
            children=[
                title,
                w.HBox([self.upload, self.path]),
                self.replace,
                w.HBox([self.check_button, self.accept_button, self.cancel_button]),
                self.status,
                self.report,
            ],
            **kwargs,
        )
        self.add_class("swot-plan-importer")
        if path is not None:  # a file named in the notebook: show its preview at once
            self.path.value = str(path)
            self.check_button.click()

    def __repr__(self) -> str:
        text = self.report.text
        return t("ui.planimp.title") + (f"\n{text}" if text else "")

    def _source(self) -> tuple[bytes | Path, str]:
        return chosen_file(self.upload, self.path.value, self.base_dir, t("ui.planimp.no_file"))

    def _on_check(self, _button: Any = None) -> None:
        self._reset()
        source, name = self._source()
        try:
            preview = preview_plan(source, filename=name, known_entities=known_entities(self.ws))
        except DataImportError as exc:
            self._show_refusal(name, exc)
            return
        table = preview.table
        summary = t(
            "ui.planimp.summary",
            file=name,
            goals=len({(r.goal_number, r.goal_title) for r in table.rows}),
            tasks=sum(not r.is_goal_only for r in table.rows),
            indicators=sum(len(r.indicators) for r in table.rows),
            errors=len(preview.errors),
            warnings=len(preview.warnings),
        )
        problems_html, problems_text = problems_table(preview.problems)
        self.report.value = f"<p><b>{html.escape(summary)}</b></p>{problems_html}" + plan_to_html(
            table, fragment=True
        )
        self.report.text = summary + (f"\n{problems_text}" if problems_text else "")
        if preview.ok:
            self.pending = preview
            self.accept_button.disabled = False
            self.cancel_button.disabled = False
            self.status.ok(t("ui.planimp.checked"))
        else:
            self.status.error(t("ui.planimp.has_errors"))

    def _on_accept(self, _button: Any = None) -> None:
        if self.pending is None:
            raise SwotError(t("ui.planimp.no_file"))
        preview = self.pending
        try:
            added = to_workspace(
                self.ws,
                preview,
                self.institution_id,
                actor=self.actor or None,
                replace=self.replace.value,
            )
        except DataImportError as exc:
            self._show_refusal(preview.file, exc)
            self.pending = None
            self.accept_button.disabled = True
            return
        self._reset()
        self.status.ok(t("ui.planimp.saved", file=preview.file, count=len(added)))

    def _on_cancel(self, _button: Any = None) -> None:
        self._reset()
        self.status.ok(t("ui.planimp.cancelled"))

    def _show_refusal(self, name: str, exc: DataImportError) -> None:
        problems_html, problems_text = problems_table(exc.problems)
        self.report.value = f"<p><b>{html.escape(name)}</b></p>{problems_html}"
        self.report.text = f"{name}\n{problems_text}"
        self.status.error(t("ui.planimp.failed"))

    def _reset(self) -> None:
        self.pending = None
        self.accept_button.disabled = True
        self.cancel_button.disabled = True
        self.report.value = ""
        self.report.text = ""
