"""The panel's invitation list in the browser: keep it, export it for a mail merge, import it.

:class:`InvitationsEditor` is a thin view over :mod:`swot.invitations`: a filtered table of
the addressees with counts, a form to add, edit and delete one (a stale edit shows both
versions and lets the person choose), a button that marks everyone still "to invite" as
invited once the letters went out, the mailing table as a CSV or XLSX download link (and a
copy next to the workspace), and an import box for an address list the organisers already
have (check first, then import all or nothing).

E-mails and phones are personal data: the widget's plain-text form (what a saved notebook
keeps) shows names, categories and statuses only.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from swot import invitations as core
from swot.errors import ConflictError, SwotError
from swot.i18n import register, t
from swot.model import InvitationStatus, ReportDelivery, Stakeholder, StakeholderCategory
from swot.store import Workspace
from swot.widgets._common import (
    FullTextRepr,
    HTMLView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)
from swot.widgets._import import ImportBox, PreviewReport

__all__ = ["InvitationsEditor"]

register(
    {
        "ui.invite.title": {"pl": "Zaproszenia na panel", "en": "Panel invitations"},
        "ui.invite.privacy": {
            "pl": (
                "Adresy e-mail i telefony to dane osobowe: służą tylko do wysyłki zaproszeń. "
                "Raport na panel pokazuje wyłącznie liczby zaproszonych."
            ),
            "en": (
                "E-mail addresses and phones are personal data: they serve the invitations "
                "only. The panel report shows counts of the invited only."
            ),
        },
        "ui.invite.filter_category": {"pl": "Kategoria", "en": "Category"},
        "ui.invite.filter_status": {"pl": "Status", "en": "Status"},
        "ui.invite.all": {"pl": "(wszystkie)", "en": "(all)"},
        "ui.invite.visible": {
            "pl": "Widocznych po filtrze: {count}.",
            "en": "Shown with the filter: {count}.",
        },
        "ui.invite.empty": {
            "pl": "Nikogo tu jeszcze nie ma: dodaj adresata poniżej albo zaimportuj listę.",
            "en": "Nobody here yet: add an addressee below or import a list.",
        },
        "ui.invite.form": {"pl": "Adresat", "en": "Addressee"},
        "ui.invite.pick": {"pl": "Wybierz", "en": "Pick"},
        "ui.invite.new_item": {"pl": "(nowy adresat)", "en": "(new addressee)"},
        "ui.invite.email_hint": {
            "pl": "np. sekretariat@example.org",
            "en": "e.g. office@example.org",
        },
        "ui.invite.phone_hint": {"pl": "np. +48 44 724 12 34", "en": "e.g. +48 44 724 12 34"},
        "ui.invite.link_hint": {
            "pl": "własny link adresata (puste = link do raportu poniżej)",
            "en": "this addressee's own link (empty = the report link below)",
        },
        "ui.invite.save": {"pl": "Zapisz", "en": "Save"},
        "ui.invite.new": {"pl": "Nowy", "en": "New"},
        "ui.invite.delete": {"pl": "Usuń", "en": "Delete"},
        "ui.invite.refresh": {"pl": "Odśwież", "en": "Refresh"},
        "ui.invite.refreshed": {"pl": "Lista odświeżona.", "en": "List refreshed."},
        "ui.invite.saved": {"pl": "Zapisano: {name}", "en": "Saved: {name}"},
        "ui.invite.deleted": {"pl": "Usunięto: {name}", "en": "Deleted: {name}"},
        "ui.invite.nothing": {
            "pl": "Najpierw wybierz adresata z listy.",
            "en": "Pick an addressee from the list first.",
        },
        "ui.invite.conflict_title": {
            "pl": "Ktoś inny zmienił tego adresata w międzyczasie. Różnice:",
            "en": "Someone else changed this addressee meanwhile. Differences:",
        },
        "ui.invite.field": {"pl": "Pole", "en": "Field"},
        "ui.invite.mine": {"pl": "Twoja wersja", "en": "Your version"},
        "ui.invite.theirs": {"pl": "Zapisana wersja", "en": "Stored version"},
        "ui.invite.keep_mine": {"pl": "Zapisz moją wersję", "en": "Save my version"},
        "ui.invite.take_theirs": {"pl": "Wczytaj zapisaną", "en": "Load the stored one"},
        "ui.invite.took_theirs": {
            "pl": "Wczytano zapisaną wersję: {name}",
            "en": "Loaded the stored version: {name}",
        },
        "ui.invite.deleted_meanwhile": {
            "pl": (
                "Ktoś inny usunął tego adresata w międzyczasie. Twoje dane zostały w "
                "formularzu: „Zapisz” doda go ponownie."
            ),
            "en": (
                "Someone else deleted this addressee meanwhile. Your data stay in the form: "
                "'Save' adds it again."
            ),
        },
        "ui.invite.mark_sent": {
            "pl": "Oznacz widocznych „do zaproszenia” jako wysłane",
            "en": "Mark the shown 'to invite' as invited",
        },
        "ui.invite.marked": {
            "pl": "Oznaczono jako „zaproszenie wysłane”: {count}.",
            "en": "Marked as invited: {count}.",
        },
        "ui.invite.none_to_mark": {
            "pl": "Wśród widocznych nie ma nikogo ze statusem „do zaproszenia”.",
            "en": "Nobody shown has the status 'to invite'.",
        },
        "ui.invite.export_title": {
            "pl": "Tabela do korespondencji seryjnej (według filtra)",
            "en": "Mail-merge table (as filtered)",
        },
        "ui.invite.export_note": {
            "pl": (
                "Plik zawiera dane kontaktowe: przekaż go tylko osobie, która wysyła "
                "zaproszenia. CSV otwiera się w polskim Excelu; XLSX nadaje się też do "
                "korespondencji seryjnej w Wordzie."
            ),
            "en": (
                "The file holds contact data: give it only to whoever sends the invitations. "
                "The CSV opens in Excel; the XLSX also suits a Word mail merge."
            ),
        },
        "ui.invite.report_link": {"pl": "Link do raportu", "en": "Report link"},
        "ui.invite.report_link_hint": {
            "pl": "https://… (dla wszystkich, którzy otrzymują link)",
            "en": "https://… (for everyone who receives a link)",
        },
        "ui.invite.save_link": {"pl": "Zapisz link", "en": "Save link"},
        "ui.invite.link_saved": {
            "pl": "Zapisano link do raportu.",
            "en": "The report link was saved.",
        },
        "ui.invite.link_cleared": {
            "pl": "Usunięto link do raportu.",
            "en": "The report link was removed.",
        },
        "ui.invite.ready": {
            "pl": (
                "Gotowe: {file} ({size} kB, adresatów: {count}). Kliknij nazwę pliku, aby go "
                "pobrać."
            ),
            "en": "Ready: {file} ({size} kB, {count} addressees). Click the file name to download.",
        },
        "ui.invite.copy_saved": {"pl": "Zapisano też: {path}", "en": "Also saved: {path}"},
        "ui.invite.import_title": {
            "pl": "Import listy adresowej (XLSX lub CSV)",
            "en": "Import an address list (XLSX or CSV)",
        },
        "ui.invite.import_summary": {
            "pl": (
                "{file}: nowych adresatów {rows}, już na liście {existing}; błędów {errors}, "
                "uwag {warnings}."
            ),
            "en": (
                "{file}: {rows} new addressees, {existing} on the list already; {errors} "
                "errors, {warnings} warnings."
            ),
        },
        "ui.invite.nothing_new": {
            "pl": "Wszyscy adresaci z pliku już są na liście: nie ma czego importować.",
            "en": "Everyone in the file is on the list already: nothing to import.",
        },
        "ui.invite.imported": {
            "pl": (
                "Zaimportowano listę z pliku {file}: dodano adresatów: {count}, pominięto "
                "(już na liście): {skipped}."
            ),
            "en": (
                "Imported the list from {file}: {count} addressees added, {skipped} skipped "
                "(on the list already)."
            ),
        },
    }
)

_WIDE = {"description_width": "130px"}
_ALL = "*"
#: Columns of the on-screen table (the mailing table's, in its order).
_SHOWN = core.MAILING_COLUMNS
#: Form fields compared in a conflict, with their labels' keys.
_COMPARED = (
    "name",
    "category",
    "contact_person",
    "email",
    "phone",
    "receives",
    "link_url",
    "status",
    "institution_id",
    "note",
)


class InvitationsEditor(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Keep the panel's invitation list, export it for a mail merge, import an address list.

    Parameters
    ----------
    ws
        The workspace.
    actor
        Recorded in the history as who made each change.
    folder
        Where the exported mailing table is also saved (default: the workspace's folder).
    save_copy
        ``False``: the export is only offered as a download link.
    base_dir
        Where a relative path typed in the import box is looked for (default: working
        directory).
    """

    def __init__(
        self,
        ws: Workspace,
        *,
        actor: str = "",
        folder: str | Path | None = None,
        save_copy: bool = True,
        base_dir: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.actor = actor or None
        self.folder = Path(folder) if folder is not None else Path(ws.path).parent
        self.save_copy = save_copy
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self.editing: Stakeholder | None = None  # the version in the form (stale edits fail)
        self._quiet = False
        self.last_file = ""
        self._link_loaded = ""
        self.status = StatusLine()
        self.export_status = StatusLine()
        self._build_list()
        self._build_form()
        self._build_export()
        self._build_import()
        title = w.HTML(f"<h3>{html.escape(t('ui.invite.title'))}</h3>")
        privacy = w.HTML(
            f'<p style="color:#555;font-size:12px">{html.escape(t("ui.invite.privacy"))}</p>'
        )
        super().__init__(
            children=[
                title,
                privacy,
                self.counts,
                w.HBox([self.filter_category, self.filter_status, self.refresh_button]),
                self.table,
                self.mark_sent_button,
                _heading(t("ui.invite.form")),
                self.pick,
                self.name,
                self.category,
                self.contact_person,
                self.email,
                self.phone,
                self.receives,
                self.link_url,
                self.invitation_status,
                self.institution,
                self.note,
                w.HBox([self.save_button, self.new_button, self.delete_button]),
                self.status,
                self.conflict,
                _heading(t("ui.invite.export_title")),
                w.HTML(
                    f'<p style="color:#555;font-size:12px">'
                    f"{html.escape(t('ui.invite.export_note'))}</p>"
                ),
                w.HBox([self.report_link, self.save_link_button]),
                w.HBox([self.export_csv_button, self.export_xlsx_button]),
                self.download,
                self.export_status,
                _heading(t("ui.invite.import_title")),
                self.importer,
            ],
            **kwargs,
        )
        self.add_class("swot-invitations")
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build_list(self) -> None:
        guard = guarded(self.status)
        self.counts = HTMLView("", "", "swot-invite-counts")
        self.table = HTMLView("", "", "swot-invite-table")
        self.filter_category = w.Dropdown(
            description=t("ui.invite.filter_category"),
            options=[(t("ui.invite.all"), _ALL)]
            + [(c.label, c.value) for c in StakeholderCategory],
            value=_ALL,
        )
        self.filter_category.add_class("swot-invite-filter-category")
        self.filter_status = w.Dropdown(
            description=t("ui.invite.filter_status"),
            options=[(t("ui.invite.all"), _ALL)] + [(s.label, s.value) for s in InvitationStatus],
            value=_ALL,
        )
        self.filter_status.add_class("swot-invite-filter-status")
        self.refresh_button = w.Button(description=t("ui.invite.refresh"), icon="refresh")
        self.refresh_button.add_class("swot-invite-refresh")
        self.mark_sent_button = w.Button(
            description=t("ui.invite.mark_sent"), icon="envelope", layout=w.Layout(width="auto")
        )
        self.mark_sent_button.add_class("swot-invite-mark-sent")
        self.filter_category.observe(guard(self._on_filter), names="value")
        self.filter_status.observe(guard(self._on_filter), names="value")
        self.refresh_button.on_click(guard(self._on_refresh))
        self.mark_sent_button.on_click(guard(self._on_mark_sent))

    def _build_form(self) -> None:
        guard = guarded(self.status)
        layout = w.Layout(width="600px")

        def text(cls: str, key: str, placeholder: str = "") -> w.Text:
            field = w.Text(description=t(key), placeholder=placeholder, style=_WIDE, layout=layout)
            field.add_class(cls)
            return field

        self.pick = w.Dropdown(description=t("ui.invite.pick"), style=_WIDE, layout=layout)
        self.pick.add_class("swot-invite-pick")
        self.name = text("swot-invite-name", "invite.col.name")
        self.category = w.Dropdown(
            description=t("invite.col.category"),
            options=[(c.label, c.value) for c in StakeholderCategory],
            value=StakeholderCategory.OTHER.value,
            style=_WIDE,
            layout=layout,
        )
        self.category.add_class("swot-invite-category")
        self.contact_person = text("swot-invite-contact", "invite.col.contact_person")
        self.email = text("swot-invite-email", "invite.col.email", t("ui.invite.email_hint"))
        self.phone = text("swot-invite-phone", "invite.col.phone", t("ui.invite.phone_hint"))
        self.receives = w.SelectMultiple(
            description=t("invite.col.receives"),
            options=[(d.label, d.value) for d in ReportDelivery],
            value=(ReportDelivery.LINK.value,),
            rows=len(ReportDelivery),
            style=_WIDE,
            layout=layout,
        )
        self.receives.add_class("swot-invite-receives")
        self.link_url = text("swot-invite-link", "invite.col.link", t("ui.invite.link_hint"))
        self.invitation_status = w.Dropdown(
            description=t("invite.col.status"),
            options=[(s.label, s.value) for s in InvitationStatus],
            value=InvitationStatus.TO_INVITE.value,
            style=_WIDE,
            layout=layout,
        )
        self.invitation_status.add_class("swot-invite-status")
        self.institution = w.Dropdown(
            description=t("invite.col.institution"), style=_WIDE, layout=layout
        )
        self.institution.add_class("swot-invite-institution")
        self.note = w.Textarea(description=t("invite.col.note"), style=_WIDE, layout=layout)
        self.note.add_class("swot-invite-note")
        self.save_button = w.Button(
            description=t("ui.invite.save"), icon="check", button_style="primary"
        )
        self.save_button.add_class("swot-invite-save")
        self.new_button = w.Button(description=t("ui.invite.new"), icon="plus")
        self.new_button.add_class("swot-invite-new")
        self.delete_button = w.Button(description=t("ui.invite.delete"), icon="trash")
        self.delete_button.add_class("swot-invite-delete")
        self.conflict = w.VBox(layout=w.Layout(display="none"))
        self.conflict.add_class("swot-invite-conflict")
        self.conflict_view = HTMLView("", "", "swot-invite-conflict-table")
        self.keep_mine_button = w.Button(
            description=t("ui.invite.keep_mine"),
            button_style="warning",
            layout=w.Layout(width="auto"),
        )
        self.keep_mine_button.add_class("swot-invite-keep-mine")
        self.take_theirs_button = w.Button(
            description=t("ui.invite.take_theirs"), layout=w.Layout(width="auto")
        )
        self.take_theirs_button.add_class("swot-invite-take-theirs")
        self.conflict.children = [
            self.conflict_view,
            w.HBox([self.keep_mine_button, self.take_theirs_button]),
        ]
        self._mine: Stakeholder | None = None
        self._theirs: Stakeholder | None = None
        self.pick.observe(guard(self._on_pick), names="value")
        self.save_button.on_click(guard(self._on_save))
        self.new_button.on_click(guard(self._on_new))
        self.delete_button.on_click(guard(self._on_delete))
        self.keep_mine_button.on_click(guard(self._on_keep_mine))
        self.take_theirs_button.on_click(guard(self._on_take_theirs))

    def _build_export(self) -> None:
        guard = guarded(self.export_status)
        self.report_link = w.Text(
            description=t("ui.invite.report_link"),
            placeholder=t("ui.invite.report_link_hint"),
            style=_WIDE,
            layout=w.Layout(width="600px"),
        )
        self.report_link.add_class("swot-invite-report-link")
        self.save_link_button = w.Button(description=t("ui.invite.save_link"), icon="link")
        self.save_link_button.add_class("swot-invite-save-link")
        self.export_csv_button = w.Button(description="CSV", icon="download")
        self.export_csv_button.add_class("swot-invite-export-csv")
        self.export_xlsx_button = w.Button(description="XLSX", icon="download")
        self.export_xlsx_button.add_class("swot-invite-export-xlsx")
        self.download = w.HTML()
        self.download.add_class("swot-invite-download")
        self.save_link_button.on_click(guard(self._on_save_link))
        self.export_csv_button.on_click(guard(lambda _b: self.export("csv")))
        self.export_xlsx_button.on_click(guard(lambda _b: self.export("xlsx")))

    def _build_import(self) -> None:
        self.importer: ImportBox[core.StakeholderPreview, list[Stakeholder]] = ImportBox(
            css_prefix="swot-invite",
            read=lambda source, name: core.preview_stakeholders(self.ws, source, filename=name),
            describe=_describe_import,
            save=lambda preview: core.save_stakeholders(self.ws, preview, actor=self.actor),
            on_saved=self._on_imported,
            report_class="swot-invite-import-report",
            base_dir=self.base_dir,
        )
        # The box's parts under the editor's names, as before it was shared.
        self.upload = self.importer.upload
        self.path = self.importer.path
        self.check_button = self.importer.check_button
        self.accept_button = self.importer.accept_button
        self.cancel_button = self.importer.cancel_button
        self.import_status = self.importer.status
        self.import_report = self.importer.report

    @property
    def pending(self) -> core.StakeholderPreview | None:
        """The checked address list waiting for "Importuj" (``None``: nothing checked)."""
        return self.importer.pending

    # --- drawing -------------------------------------------------------------------------------

    def visible(self) -> list[Stakeholder]:
        """The addressees the filter shows, in the list's order."""
        category = self.filter_category.value
        status = self.filter_status.value
        return core.stakeholders(
            self.ws,
            categories=None if category == _ALL else [category],
            statuses=None if status == _ALL else [status],
        )

    def refresh(self, select: str | None = None) -> None:
        """Redraw the counts, the table and the lists from the workspace."""
        items = self.visible()
        summary = core.invitation_summary(self.ws)
        line = summary.text()
        if self.filter_category.value != _ALL or self.filter_status.value != _ALL:
            line += " " + t("ui.invite.visible", count=len(items))
        self.counts.value = f"<p><b>{html.escape(line)}</b></p>"
        self.counts.text = line
        table = core.mailing_table(self.ws, items=items)
        rows = [list(r) for r in table.rows]
        empty = t("ui.invite.empty")
        self.table.value = html_table(table.headings, rows, empty=empty, css_class="swot-invite")
        # The plain-text form is what a saved notebook keeps: no e-mails, phones or notes.
        private = {"contact_person", "email", "phone", "link", "note"}
        keep = [i for i, c in enumerate(_SHOWN) if c not in private]
        self.table.text = text_table(
            [table.headings[i] for i in keep], [[r[i] for i in keep] for r in rows], empty=empty
        )
        labels = {i.id: i.label for i in self.ws.institutions()}
        current = self.institution.value
        self.institution.options = [
            (t("invite.joint"), ""),
            *((label, key) for key, label in labels.items()),
        ]
        self.institution.value = current if current in labels else ""
        loaded, self._link_loaded = self._link_loaded, core.report_link(self.ws)
        if self.report_link.value.strip() in ("", loaded):  # never wipe a link being typed
            self.report_link.value = self._link_loaded
        # The entry in the form stays pickable even when the filter hides it.
        listed = list(items)
        editing = self.ws.find(Stakeholder, self.editing.id) if self.editing else None
        if editing is not None and editing.id not in {s.id for s in listed}:
            listed.append(editing)
        if editing is not None and editing != self.editing and self._form_unchanged():
            self.editing = editing  # nothing typed that could be lost: show what is stored
            self._load(editing)
        self._quiet = True  # a redraw must not reload the form (that is the person's own)
        try:
            self.pick.options = [(t("ui.invite.new_item"), "")] + [
                (_pick_label(s), s.id) for s in listed
            ]
            self.pick.value = select if select in {s.id for s in listed} else ""
        finally:
            self._quiet = False

    def __repr__(self) -> str:
        return "\n".join(
            part for part in (t("ui.invite.title"), self.counts.text, self.table.text) if part
        )

    # --- the list ------------------------------------------------------------------------------

    def _editing_id(self) -> str | None:
        return self.editing.id if self.editing is not None else None

    def _on_filter(self, _change: Any = None) -> None:
        self.refresh(select=self._editing_id())

    def _on_refresh(self, _button: Any = None) -> None:
        self.refresh(select=self._editing_id())
        self.status.ok(t("ui.invite.refreshed"))

    def _on_mark_sent(self, _button: Any = None) -> None:
        waiting = [s for s in self.visible() if s.status is InvitationStatus.TO_INVITE]
        if not waiting:
            raise SwotError(t("ui.invite.none_to_mark"))
        try:
            changed = core.set_status(self.ws, waiting, InvitationStatus.INVITED, actor=self.actor)
        finally:
            self.refresh(select=self._editing_id())
        self.status.ok(t("ui.invite.marked", count=len(changed)))

    # --- the form ------------------------------------------------------------------------------

    def _selected(self) -> Stakeholder | None:
        if not self.pick.value:
            return None
        return self.ws.find(Stakeholder, self.pick.value)

    def _on_pick(self, _change: Any = None) -> None:
        if self._quiet:
            return
        self._hide_conflict()
        stakeholder = self._selected()
        self.editing = stakeholder
        if stakeholder is None:
            self._clear()
        else:
            self._load(stakeholder)

    def _load(self, s: Stakeholder) -> None:
        self.name.value = s.name
        self.category.value = s.category.value
        self.contact_person.value = s.contact_person
        self.email.value = s.email
        self.phone.value = s.phone
        self.receives.value = tuple(d.value for d in s.receives)
        self.link_url.value = s.link_url
        self.invitation_status.value = s.status.value
        options = {value for _label, value in self.institution.options}
        self.institution.value = s.institution_id if s.institution_id in options else ""
        self.note.value = s.note

    def _clear(self) -> None:
        self.name.value = ""
        self.category.value = StakeholderCategory.OTHER.value
        self.contact_person.value = ""
        self.email.value = ""
        self.phone.value = ""
        self.receives.value = (ReportDelivery.LINK.value,)
        self.link_url.value = ""
        self.invitation_status.value = InvitationStatus.TO_INVITE.value
        self.institution.value = ""
        self.note.value = ""

    def _build(self) -> Stakeholder:
        fields: dict[str, Any] = {
            "name": self.name.value,
            "category": self.category.value,
            "contact_person": self.contact_person.value,
            "email": self.email.value,
            "phone": self.phone.value,
            "receives": tuple(self.receives.value),
            "link_url": self.link_url.value.strip(),
            "status": self.invitation_status.value,
            "institution_id": self.institution.value or None,
            "note": self.note.value,
        }
        if self.editing is None:
            return Stakeholder(**fields)
        return self.editing.replace(**fields)

    def _form_unchanged(self) -> bool:
        """Whether the form still shows the entry as it was loaded (nothing typed since)."""
        try:
            return self.editing is not None and self._build() == self.editing
        except SwotError:
            return False

    def _on_save(self, _button: Any = None) -> None:
        self._save(self._build())

    def _save(self, stakeholder: Stakeholder) -> None:
        try:
            saved = core.save_stakeholder(self.ws, stakeholder, actor=self.actor)
        except ConflictError as exc:
            self._show_conflict(exc)
            return
        self._hide_conflict()
        self.editing = saved
        self.refresh(select=saved.id)
        self._load(saved)  # as stored: trimmed, in the lists' order
        self.status.ok(t("ui.invite.saved", name=saved.name))

    def _on_new(self, _button: Any = None) -> None:
        self._hide_conflict()
        self.pick.value = ""
        self.editing = None
        self._clear()

    def _on_delete(self, _button: Any = None) -> None:
        stakeholder = self.editing
        if stakeholder is None:
            raise SwotError(t("ui.invite.nothing"))
        try:
            core.delete_stakeholder(self.ws, stakeholder, actor=self.actor)
        except ConflictError as exc:
            self._show_conflict(exc)
            return
        self._hide_conflict()
        self.editing = None
        self.refresh()
        self._clear()
        self.status.ok(t("ui.invite.deleted", name=stakeholder.name))

    # --- conflicts -----------------------------------------------------------------------------

    def _show_conflict(self, exc: ConflictError) -> None:
        mine, theirs = exc.mine, exc.theirs
        if theirs is None:
            self.editing = None
            self._hide_conflict()
            self.refresh()
            self.status.error(t("ui.invite.deleted_meanwhile"))
            return
        self._mine, self._theirs = mine, theirs
        labels = {i.id: i.label for i in self.ws.institutions()}
        rows = [
            [
                t(f"field.{name}"),
                _shown(name, getattr(mine, name), labels),
                _shown(name, getattr(theirs, name), labels),
            ]
            for name in _COMPARED
            if getattr(mine, name) != getattr(theirs, name)
        ]
        headers = [t("ui.invite.field"), t("ui.invite.mine"), t("ui.invite.theirs")]
        intro = t("ui.invite.conflict_title")
        self.conflict_view.value = f"<p>{html.escape(intro)}</p>" + html_table(headers, rows)
        self.conflict_view.text = f"{intro}\n{text_table(headers, rows)}"
        self.conflict.layout.display = ""
        self.status.error(t("ui.error", message=str(exc)))

    def _hide_conflict(self) -> None:
        self._mine = self._theirs = None
        self.conflict.layout.display = "none"
        self.conflict_view.value = ""
        self.conflict_view.text = ""

    def _on_keep_mine(self, _button: Any = None) -> None:
        """An informed overwrite: my fields on top of the version stored now."""
        if self._mine is None or self._theirs is None:
            raise SwotError(t("ui.invite.nothing"))
        self._save(self._mine.replace(version=self._theirs.version))

    def _on_take_theirs(self, _button: Any = None) -> None:
        theirs = self._theirs
        if theirs is None:
            raise SwotError(t("ui.invite.nothing"))
        self._hide_conflict()
        self.editing = theirs
        self.refresh(select=theirs.id)
        self._load(theirs)
        self.status.ok(t("ui.invite.took_theirs", name=theirs.name))

    # --- export --------------------------------------------------------------------------------

    def _on_save_link(self, _button: Any = None) -> None:
        saved = core.set_report_link(
            self.ws, self.report_link.value, expected=self._link_loaded, actor=self.actor
        )
        self.refresh(select=self._editing_id())
        self.export_status.ok(t("ui.invite.link_saved" if saved else "ui.invite.link_cleared"))

    def file_name(self, key: str) -> str:
        """``zaproszenia_panel.csv``: the name of the downloaded file."""
        return f"{t('invite.file')}.{key}"

    def export(self, key: str) -> None:
        """Build the mailing table of the shown addressees and offer it as a download link."""
        table = core.mailing_table(self.ws, items=self.visible())
        data = core.mailing_bytes(table, key)
        name = self.file_name(key)
        mime = {
            "csv": "text/csv;charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[key]
        payload = base64.b64encode(data).decode("ascii")
        self.download.value = (
            f'<a class="swot-invite-download-link" download="{html.escape(name)}" '
            f'href="data:{mime};base64,{payload}">⬇ {html.escape(name)}</a>'
        )
        self.last_file = name
        message = t(
            "ui.invite.ready",
            file=name,
            size=max(1, round(len(data) / 1024)),
            count=len(table.rows),
        )
        if self.save_copy:
            target = core.write_mailing(table, self.folder / name)
            message += " " + t("ui.invite.copy_saved", path=target)
        self.export_status.ok(message)

    # --- import --------------------------------------------------------------------------------

    def _on_imported(self, preview: core.StakeholderPreview, saved: list[Stakeholder]) -> str:
        self.refresh(select=self._editing_id())
        skipped = len(preview.rows) + len(preview.existing) - len(saved)
        return t("ui.invite.imported", file=preview.file, count=len(saved), skipped=skipped)


def _describe_import(preview: core.StakeholderPreview) -> PreviewReport:
    """The counts and the preview; the text form leaves the table out (personal data)."""
    summary = t(
        "ui.invite.import_summary",
        file=preview.file,
        rows=len(preview.rows),
        existing=len(preview.existing),
        errors=len(preview.errors),
        warnings=len(preview.warnings),
    )
    headers, rows = preview.table()
    return PreviewReport(
        summary,
        html_table(headers, rows, css_class="swot-invite-preview"),
        nothing_new=t("ui.invite.nothing_new") if not preview.errors and preview.existing else "",
    )


def _heading(text: str) -> w.HTML:
    return w.HTML(f"<h4 style='margin:10px 0 4px'>{html.escape(text)}</h4>")


def _pick_label(s: Stakeholder) -> str:
    """What the pick list shows: the name, and the contact person to tell twins apart."""
    return f"{s.name} ({s.contact_person})" if s.contact_person else s.name


def _shown(name: str, value: Any, labels: dict[str, str]) -> str:
    """A field's value as a person reads it in the conflict table."""
    if name == "institution_id":
        return t("invite.joint") if value is None else labels.get(value, str(value))
    if isinstance(value, tuple):
        return ", ".join(getattr(v, "label", str(v)) for v in value)
    if isinstance(value, StakeholderCategory | InvitationStatus):
        return value.label
    return str(value)
