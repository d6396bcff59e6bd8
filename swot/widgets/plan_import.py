"""Bring an existing plan table (DOCX or XLSX, as public offices write them) into the workspace.

Upload or name the file, see what was understood and what was not, then import it whole or
not at all (:func:`swot.plan_io.to_workspace` writes in one transaction).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from swot.i18n import register, t
from swot.model import Model
from swot.plan import known_entities
from swot.plan_io import PlanPreview, plan_to_html, preview_plan, to_workspace
from swot.store import Workspace
from swot.widgets._import import ImportBox, PreviewReport

__all__ = ["PlanImporter"]

register(
    {
        "ui.planimp.title": {
            "pl": "Import istniejącego planu (DOCX lub XLSX)",
            "en": "Import an existing plan (DOCX or XLSX)",
        },
        "ui.planimp.replace": {
            "pl": "Zastąp obecny plan instytucji",
            "en": "Replace the institution's current plan",
        },
        "ui.planimp.summary": {
            "pl": "{file}: celów {goals}, zadań {tasks}, wskaźników {indicators}; "
            "błędów {errors}, uwag {warnings}.",
            "en": "{file}: {goals} goals, {tasks} tasks, {indicators} indicators; "
            "{errors} errors, {warnings} warnings.",
        },
        "ui.planimp.saved": {
            "pl": "Zaimportowano plan z pliku {file}: zapisano {count} elementów.",
            "en": "Imported the plan from {file}: {count} items saved.",
        },
    }
)


class PlanImporter(ImportBox[PlanPreview, list[Model]]):
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
        self.replace = w.Checkbox(description=t("ui.planimp.replace"), indent=False)
        self.replace.add_class("swot-planimp-replace")
        super().__init__(
            css_prefix="swot-planimp",
            read=self._read_plan,
            describe=_describe_plan,
            save=self._save_plan,
            on_saved=lambda preview, added: t(
                "ui.planimp.saved", file=preview.file, count=len(added)
            ),
            title=t("ui.planimp.title"),
            accept=".docx,.xlsx",
            extra=[self.replace],
            base_dir=base_dir,
            path=path,
            **kwargs,
        )
        for button in (self.check_button, self.accept_button, self.cancel_button):
            button.layout = w.Layout(width="auto")  # sized to their labels
        self.add_class("swot-plan-importer")

    def _read_plan(self, source: bytes | Path, name: str) -> PlanPreview:
        return preview_plan(source, filename=name, known_entities=known_entities(self.ws))

    def _save_plan(self, preview: PlanPreview) -> list[Model]:
        return to_workspace(
            self.ws,
            preview,
            self.institution_id,
            actor=self.actor or None,
            replace=self.replace.value,
        )


def _describe_plan(preview: PlanPreview) -> PreviewReport:
    """The plan's counts; the preview is the plan table as the report will show it."""
    table = preview.table
    summary = t(
        "ui.planimp.summary",
        file=preview.file,
        goals=len({(r.goal_number, r.goal_title) for r in table.rows}),
        tasks=sum(not r.is_goal_only for r in table.rows),
        indicators=sum(len(r.indicators) for r in table.rows),
        errors=len(preview.errors),
        warnings=len(preview.warnings),
    )
    return PreviewReport(summary, plan_to_html(table, fragment=True))
