"""Take the plan table away: DOCX, XLSX, HTML or Markdown, one click, a download link.

The file is built from the workspace at the moment of the click, offered as a download link in
the page (nothing to find on the server's disk) and, when a folder is given, also saved there.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as w

from swot.i18n import register, t
from swot.plan_io import from_workspace, plan_to_docx, plan_to_html, plan_to_markdown, plan_to_xlsx
from swot.store import Workspace
from swot.widgets._common import FullTextRepr, StatusLine, guarded

__all__ = ["PlanExporter"]

register(
    {
        "ui.planexp.title": {
            "pl": "Zestawienie do pobrania",
            "en": "Plan table to download",
        },
        "ui.planexp.ready": {
            "pl": "Gotowe: {file} ({size} kB). Kliknij nazwę pliku, aby go pobrać.",
            "en": "Ready: {file} ({size} kB). Click the file name to download it.",
        },
        "ui.planexp.saved": {"pl": "Zapisano też: {path}", "en": "Also saved: {path}"},
        "ui.planexp.joint": {"pl": "plan_wspolpracy", "en": "cooperation_plan"},
    }
)

_FORMATS = {
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("HTML", "text/html"),
    "md": ("Markdown", "text/markdown"),
}


class PlanExporter(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Buttons that build the plan table of an institution and offer it for download.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose plan (``None``: the joint cooperation plan).
    folder
        Where to save a copy as well (e.g. next to the workspace file); ``None``: download only.
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str | None,
        *,
        folder: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution_id = institution_id
        self.folder = Path(folder) if folder is not None else None
        self.status = StatusLine()
        self.buttons: dict[str, w.Button] = {}
        for key, (label, _mime) in _FORMATS.items():
            button = w.Button(description=label, icon="download", layout=w.Layout(width="auto"))
            button.add_class(f"swot-planexp-{key}")
            button.on_click(self._click(key))
            self.buttons[key] = button
        self.link = w.HTML()
        self.link.add_class("swot-planexp-link")
        self.last_file = ""
        title = w.HTML(f"<h4>{html.escape(t('ui.planexp.title'))}</h4>")
        super().__init__(
            children=[title, w.HBox(list(self.buttons.values())), self.link, self.status],
            **kwargs,
        )
        self.add_class("swot-plan-exporter")

    def __repr__(self) -> str:
        formats = ", ".join(label for label, _mime in _FORMATS.values())
        return f"{t('ui.planexp.title')}: {formats}"

    def file_name(self, key: str) -> str:
        """``plan_mok.docx``: a safe name from the institution's id."""
        base = self.institution_id or t("ui.planexp.joint")
        return f"plan_{re.sub(r'[^A-Za-z0-9_-]+', '_', base)}.{key}"

    def build(self, key: str) -> bytes:
        """The file's bytes as it would be downloaded now."""
        table = from_workspace(self.ws, self.institution_id)
        if key == "docx":
            return plan_to_docx(table)
        if key == "xlsx":
            return plan_to_xlsx(table)
        if key == "html":
            return plan_to_html(table).encode("utf-8")
        return plan_to_markdown(table).encode("utf-8")

    def _click(self, key: str) -> Any:
        return guarded(self.status)(lambda _button: self.export(key))

    def export(self, key: str) -> None:
        data = self.build(key)
        name = self.file_name(key)
        mime = _FORMATS[key][1]
        payload = base64.b64encode(data).decode("ascii")
        self.link.value = (
            f'<a class="swot-planexp-download" download="{html.escape(name)}" '
            f'href="data:{mime};base64,{payload}">⬇ {html.escape(name)}</a>'
        )
        self.last_file = name
        message = t("ui.planexp.ready", file=name, size=max(1, round(len(data) / 1024)))
        if self.folder is not None:
            target = self.folder / name
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(target)  # whole or not at all
            message += " " + t("ui.planexp.saved", path=target)
        self.status.ok(message)
