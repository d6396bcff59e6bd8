"""Invitations to the closing panel: who is invited, what they receive, and the mailing table.

The panel is the public meeting that closes the programme (consultation results, cooperation
plans, new programmes). Its addressees are :class:`~swot.model.Stakeholder` objects in the
workspace: other cultural institutions, local artists, NGOs, schools, councillors, the city
and county offices, the regional culture institution, the media.

* Keep the list: :func:`stakeholders`, :func:`save_stakeholder` (optimistic versions: a
  stale edit raises :class:`~swot.errors.ConflictError`), :func:`delete_stakeholder`,
  :func:`set_status` (many at once, e.g. after the mailing went out).
* Count: :func:`invitation_summary` gives counts per category and status and nothing else,
  so it is safe for the public report.
* Mail merge: :func:`mailing_table` (Polish headings in a Polish interface), written by
  :func:`write_mailing` as CSV (UTF-8 with BOM, ``;``: what Polish Excel opens directly) or
  XLSX, whole or not at all, every cell that a spreadsheet could run neutralised.
* Import an address list the organisers already have: :func:`preview_stakeholders` reads a
  CSV or XLSX and collects every problem with its row and column; :func:`save_stakeholders`
  then writes all rows in one transaction, or nothing.

Duplicates
----------
Two entries are the same addressee when their name and e-mail are equal once case, spaces
and Polish diacritics are ignored (``Szkoła Podstawowa nr 5`` = ``SZKOLA podstawowa NR 5``).
Saving such a duplicate by hand is refused. In an imported file a repeated row is an error;
a row already on the list is reported and skipped (so an updated list can be imported again).
The same e-mail under two different names only gets a warning.

Personal data
-------------
Contact persons, e-mail addresses and phone numbers serve the mailing only. Nothing in
:mod:`swot.report` reads this kind; :func:`invitation_summary` returns counts, never names
or addresses. The mailing files hold personal data: hand them on as you would the address
list they came from.
"""

from __future__ import annotations

import csv
import difflib
import html
import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from swot import sheets
from swot.errors import DataImportError, PathError, Problem, SwotError, ValidationError
from swot.exports import FORMULA_STARTS, neutralise_formula
from swot.i18n import register, t
from swot.model import (
    Institution,
    InvitationStatus,
    ReportDelivery,
    Stakeholder,
    StakeholderCategory,
)
from swot.paths import check_path, write_whole
from swot.store import Workspace

__all__ = [
    "MAILING_COLUMNS",
    "MAILING_FORMATS",
    "InvitationSummary",
    "MailingTable",
    "StakeholderPreview",
    "StakeholderRow",
    "delete_stakeholder",
    "duplicate_key",
    "guess_category",
    "invitation_summary",
    "mailing_bytes",
    "mailing_table",
    "mailing_to_csv",
    "mailing_to_xlsx",
    "preview_stakeholders",
    "report_link",
    "save_stakeholder",
    "save_stakeholders",
    "set_report_link",
    "set_status",
    "stakeholders",
    "write_mailing",
]

#: Columns of the mailing table (export and import), in order: ``t(f"invite.col.{name}")``.
MAILING_COLUMNS = (
    "name",
    "category",
    "contact_person",
    "email",
    "phone",
    "receives",
    "link",
    "status",
    "institution",
    "note",
)
#: File suffix -> format of the mailing table.
MAILING_FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
#: The workspace setting holding the report's link for everyone who receives a link.
LINK_SETTING = "panel_report_link"
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000

register(
    {
        "invite.col.name": {"pl": "Organizacja", "en": "Organisation"},
        "invite.col.category": {"pl": "Kategoria", "en": "Category"},
        "invite.col.contact_person": {"pl": "Osoba kontaktowa", "en": "Contact person"},
        "invite.col.email": {"pl": "E-mail", "en": "E-mail"},
        "invite.col.phone": {"pl": "Telefon", "en": "Phone"},
        "invite.col.receives": {"pl": "Co otrzymuje", "en": "Receives"},
        "invite.col.link": {"pl": "Link", "en": "Link"},
        "invite.col.status": {"pl": "Status", "en": "Status"},
        "invite.col.institution": {"pl": "Zaprasza", "en": "Invited by"},
        "invite.col.note": {"pl": "Uwagi", "en": "Notes"},
        "invite.col.row": {"pl": "Wiersz", "en": "Row"},
        "invite.col.listed": {"pl": "Na liście", "en": "Listed"},
        "invite.col.total": {"pl": "Razem", "en": "Total"},
        "invite.joint": {"pl": "wspólnie (wszystkie ośrodki)", "en": "jointly (all centres)"},
        "invite.nothing": {"pl": "—", "en": "—"},
        "invite.sheet": {"pl": "Zaproszenia", "en": "Invitations"},
        "invite.file": {"pl": "zaproszenia_panel", "en": "panel_invitations"},
        "invite.summary": {
            "pl": "Na liście: {total}; {statuses}.",
            "en": "Listed: {total}; {statuses}.",
        },
        "invite.summary_empty": {
            "pl": "Lista zaproszonych jest pusta.",
            "en": "The invitation list is empty.",
        },
        "invite.duplicate": {
            "pl": "adresata, którego jeszcze nie ma na liście",
            "en": "an addressee not on the list yet",
        },
        "invite.duplicate_hint": {
            "pl": (
                "„{name}” (e-mail: {email}) już jest na liście zaproszonych. Popraw tamten "
                "wpis zamiast dodawać nowy."
            ),
            "en": (
                "'{name}' (e-mail: {email}) is on the invitation list already. Edit that "
                "entry instead of adding a new one."
            ),
        },
        "invite.no_email": {"pl": "bez adresu", "en": "no address"},
        "invite.format": {
            "pl": (
                "Nie można zapisać tabeli do korespondencji jako „{suffix}”. Dozwolone "
                "rozszerzenia plików: {allowed}."
            ),
            "en": "Cannot save the mailing table as '{suffix}'. Allowed file types: {allowed}.",
        },
        "invite.where": {"pl": "lista zaproszonych", "en": "invitation list"},
        "invite.cannot_read": {
            "pl": "Nie można wczytać listy zaproszonych z pliku {file}.",
            "en": "Cannot read the invitation list from {file}.",
        },
        "invite.cannot_import": {
            "pl": (
                "Nie zaimportowano listy zaproszonych ({count} problemów). Nic nie zostało "
                "zapisane."
            ),
            "en": "The invitation list was not imported ({count} problems). Nothing was saved.",
        },
        "invite.unreadable": {
            "pl": "Nie można otworzyć pliku ({reason}).",
            "en": "Cannot open the file ({reason}).",
        },
        "invite.unreadable_hint": {
            "pl": "Sprawdź nazwę i folder pliku.",
            "en": "Check the file's name and folder.",
        },
        "invite.too_big": {
            "pl": "Plik jest za duży ({size} MB; najwyżej {max} MB) albo ma ponad {rows} wierszy.",
            "en": "The file is too big ({size} MB; at most {max} MB) or has over {rows} rows.",
        },
        "invite.not_table": {
            "pl": "To nie jest arkusz Excel (.xlsx) ani plik CSV, albo plik jest uszkodzony.",
            "en": "This is not an Excel (.xlsx) or CSV file, or the file is damaged.",
        },
        "invite.not_table_hint": {
            "pl": "Zapisz tabelę jako „Skoroszyt programu Excel (.xlsx)” albo „CSV UTF-8”.",
            "en": "Save the table as an Excel workbook (.xlsx) or as CSV UTF-8.",
        },
        "invite.missing_name": {
            "pl": "Brak kolumny z nazwą adresata. Znalezione nagłówki: {found}.",
            "en": "No column with the addressee's name. Headings found: {found}.",
        },
        "invite.missing_name_hint": {
            "pl": "Pierwszy wiersz tabeli powinien mieć nagłówki, np.: {expected}.",
            "en": "The table's first row should hold headings, e.g.: {expected}.",
        },
        "invite.name_from_contact": {
            "pl": (
                "Nie ma kolumny z nazwą organizacji: nazwą adresata będzie kolumna „{heading}”."
            ),
            "en": "No organisation column: the column '{heading}' names the addressees.",
        },
        "invite.name_from_contact_hint": {
            "pl": "Tak jest dobrze dla listy osób (np. radnych, twórców).",
            "en": "That suits a list of people (e.g. councillors, artists).",
        },
        "invite.repeated_column": {
            "pl": "Dwie kolumny znaczą to samo („{first}” i „{second}”).",
            "en": "Two columns mean the same ('{first}' and '{second}').",
        },
        "invite.repeated_column_hint": {
            "pl": "Zostaw jedną z nich albo zmień nagłówek drugiej.",
            "en": "Keep one of them or rename the other's heading.",
        },
        "invite.ignored_column": {
            "pl": "Kolumna „{heading}” nie została rozpoznana i zostanie pominięta.",
            "en": "The column '{heading}' was not recognised and will be skipped.",
        },
        "invite.ignored_column_hint": {
            "pl": "Rozpoznawane nagłówki: {expected}.",
            "en": "Recognised headings: {expected}.",
        },
        "invite.no_category_column": {
            "pl": "Nie ma kolumny z kategorią: kategorie odczytano z nazw adresatów.",
            "en": "No category column: categories were read from the addressees' names.",
        },
        "invite.no_category_column_hint": {
            "pl": "Sprawdź kategorie w podglądzie i popraw je później na liście.",
            "en": "Check the categories in the preview and correct them later on the list.",
        },
        "invite.no_rows": {
            "pl": "Tabela nie ma żadnego adresata.",
            "en": "The table has no addressees.",
        },
        "invite.no_rows_hint": {
            "pl": "Wpisz każdego adresata w osobnym wierszu pod nagłówkami.",
            "en": "Write each addressee in its own row under the headings.",
        },
        "invite.no_name": {
            "pl": "Wiersz ma dane, ale nie ma nazwy adresata.",
            "en": "The row has data but no addressee name.",
        },
        "invite.no_name_hint": {
            "pl": "Wpisz nazwę organizacji albo imię i nazwisko, albo usuń wiersz.",
            "en": "Enter the organisation's or the person's name, or delete the row.",
        },
        "invite.formula": {
            "pl": "Komórka zawiera formułę, a nie wartość.",
            "en": "The cell holds a formula, not a value.",
        },
        "invite.formula_hint": {
            "pl": "Wpisz w komórce samą wartość (np. skopiuj i wklej jako wartości).",
            "en": "Put the plain value in the cell (e.g. copy and paste as values).",
        },
        "invite.markup": {
            "pl": "Komórka zawiera znaczniki HTML; zostaną zapisane jako zwykły tekst.",
            "en": "The cell holds HTML tags; they will be kept as plain text.",
        },
        "invite.markup_hint": {
            "pl": "Usuń znaczniki, jeśli nie mają być częścią tekstu.",
            "en": "Remove the tags unless they belong to the text.",
        },
        "invite.unknown_category": {
            "pl": "Nieznana kategoria „{value}”.",
            "en": "Unknown category '{value}'.",
        },
        "invite.unknown_category_hint": {
            "pl": "Wpisz jedną z kategorii: {choices}.",
            "en": "Enter one of the categories: {choices}.",
        },
        "invite.category_guess": {
            "pl": "Nie podano kategorii: z nazwy odczytano „{category}”.",
            "en": "No category given: '{category}' was read from the name.",
        },
        "invite.category_guess_hint": {
            "pl": "Sprawdź, czy to właściwa kategoria.",
            "en": "Check that this is the right category.",
        },
        "invite.unknown_status": {
            "pl": "Nieznany status zaproszenia „{value}”.",
            "en": "Unknown invitation status '{value}'.",
        },
        "invite.unknown_status_hint": {
            "pl": "Wpisz jeden ze statusów: {choices} (puste = do zaproszenia).",
            "en": "Enter one of: {choices} (empty = to invite).",
        },
        "invite.unknown_delivery": {
            "pl": "Nie rozpoznano, co adresat ma otrzymać: „{value}”.",
            "en": "What the addressee receives was not understood: '{value}'.",
        },
        "invite.unknown_delivery_hint": {
            "pl": "Wpisz po przecinku: link, pliki (HTML, DOCX, XLSX) albo wydruk.",
            "en": "Enter, comma-separated: link, files (HTML, DOCX, XLSX) or printed copy.",
        },
        "invite.unknown_institution": {
            "pl": "Nieznana instytucja zapraszająca „{value}”.",
            "en": "Unknown inviting institution '{value}'.",
        },
        "invite.unknown_institution_hint": {
            "pl": "Wpisz jedną z: {choices} albo „wspólnie” (puste = wspólnie).",
            "en": "Enter one of: {choices} or 'jointly' (empty = jointly).",
        },
        "invite.repeated": {
            "pl": (
                "Adresat „{name}” z tym samym e-mailem powtarza się (pierwszy raz w wierszu {row})."
            ),
            "en": "The addressee '{name}' with the same e-mail repeats (first in row {row}).",
        },
        "invite.repeated_hint": {
            "pl": "Usuń powtórzony wiersz.",
            "en": "Delete the repeated row.",
        },
        "invite.exists": {
            "pl": (
                "Adresat „{name}” już jest na liście zaproszonych; ten wiersz zostanie pominięty."
            ),
            "en": "The addressee '{name}' is on the invitation list already; the row is skipped.",
        },
        "invite.exists_hint": {
            "pl": "Zmiany w jego danych wprowadź na liście, nie w imporcie.",
            "en": "Make changes to that entry on the list, not by importing.",
        },
        "invite.same_email": {
            "pl": "Ten sam adres e-mail ma też „{other}”.",
            "en": "'{other}' has the same e-mail address.",
        },
        "invite.same_email_hint": {
            "pl": "Sprawdź, czy to nie ten sam adresat pod inną nazwą.",
            "en": "Check that this is not the same addressee under another name.",
        },
        "invite.row_broken": {
            "pl": "Wiersz ma więcej komórek niż nagłówek, więc wartości mogły się przesunąć.",
            "en": "The row has more cells than the header, so values may have moved.",
        },
    }
)


# =========================================================================== the list


def stakeholders(
    ws: Workspace,
    *,
    categories: Iterable[StakeholderCategory | str] | None = None,
    statuses: Iterable[InvitationStatus | str] | None = None,
) -> list[Stakeholder]:
    """The invitation list, by category (in the fixed order) and then by name.

    ``categories`` and ``statuses`` keep only those (``None``: all).
    """
    items = ws.objects(Stakeholder)
    if categories is not None:
        wanted_categories = {StakeholderCategory(c) for c in categories}
        items = [s for s in items if s.category in wanted_categories]
    if statuses is not None:
        wanted_statuses = {InvitationStatus(s) for s in statuses}
        items = [s for s in items if s.status in wanted_statuses]
    order = {c: i for i, c in enumerate(StakeholderCategory)}
    return sorted(items, key=lambda s: (order[s.category], _fold(s.name)))


def duplicate_key(stakeholder: Stakeholder) -> tuple[str, str]:
    """Name and e-mail, case-, space- and diacritics-blind: equal keys are one addressee."""
    return _fold(stakeholder.name), _fold(stakeholder.email)


def save_stakeholder(
    ws: Workspace, stakeholder: Stakeholder, *, actor: str | None = None
) -> Stakeholder:
    """Add a new addressee (``version == 0``) or save an edited one.

    Refused (:class:`~swot.errors.ValidationError`) when another entry has the same name and
    e-mail (see the module notes); a stale edit raises :class:`~swot.errors.ConflictError`.
    """
    key = duplicate_key(stakeholder)
    twin = next(
        (s for s in ws.objects(Stakeholder) if s.id != stakeholder.id and duplicate_key(s) == key),
        None,
    )
    if twin is not None:
        raise ValidationError(
            "name",
            t("invite.duplicate"),
            stakeholder.name,
            t("invite.duplicate_hint", name=twin.name, email=twin.email or t("invite.no_email")),
        )
    if stakeholder.version == 0:
        return ws.add(stakeholder, actor=actor)
    return ws.update(stakeholder, actor=actor)


def delete_stakeholder(
    ws: Workspace, stakeholder: Stakeholder, *, actor: str | None = None
) -> None:
    """Delete an addressee (refused if it was changed meanwhile)."""
    ws.delete(stakeholder, actor=actor)


def set_status(
    ws: Workspace,
    items: Sequence[Stakeholder],
    status: InvitationStatus | str,
    *,
    actor: str | None = None,
) -> list[Stakeholder]:
    """Give every one of ``items`` the ``status`` in one transaction (all or nothing).

    Typical use: after the mailing went out, mark everyone still "to invite" as invited. If
    any of them was changed meanwhile, :class:`~swot.errors.ConflictError` and nothing is
    written. Returns the changed entries (those that had another status).
    """
    new = InvitationStatus(status)
    changed = [s.replace(status=new) for s in items if s.status is not new]
    if not changed:
        return []
    _added, updated = ws.apply(updates=changed, actor=actor)
    return [s for s in updated if isinstance(s, Stakeholder)]


def report_link(ws: Workspace) -> str:
    """The report's link that everyone receiving a link gets (``""`` until it is set)."""
    return str(ws.setting(LINK_SETTING, "") or "")


def set_report_link(
    ws: Workspace, url: str, *, expected: str | None = None, actor: str | None = None
) -> str:
    """Set the report's link (``http``/``https`` only; ``""`` clears it); returns it cleaned.

    With ``expected`` (the link read before) the change is refused with
    :class:`~swot.errors.ConflictError` if someone changed the link meanwhile.
    """
    # The model's own rule for links, so the two can never disagree.
    cleaned = Stakeholder(name="-", link_url=url).link_url
    if expected is None:
        ws.set_setting(LINK_SETTING, cleaned, actor=actor)
    else:
        ws.set_setting(LINK_SETTING, cleaned, expected=expected or None, actor=actor)
    return cleaned


# =========================================================================== counts


@dataclass(frozen=True, slots=True)
class InvitationSummary:
    """How many addressees there are per category and status: counts only, no names.

    Safe for the public report: it holds no names, e-mails or phones. ``cells`` lists every
    category × status pair in the fixed orders, zeros included.
    """

    cells: tuple[tuple[StakeholderCategory, InvitationStatus, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _c, _s, n in self.cells)

    @property
    def sent(self) -> int:
        """Invitations sent: every status but "to invite"."""
        return sum(n for _c, s, n in self.cells if s is not InvitationStatus.TO_INVITE)

    def count(
        self,
        category: StakeholderCategory | str | None = None,
        status: InvitationStatus | str | None = None,
    ) -> int:
        """Addressees of one category and/or status (``None``: any)."""
        return sum(
            n
            for c, s, n in self.cells
            if (category is None or c == category) and (status is None or s == status)
        )

    def by_category(self) -> dict[StakeholderCategory, int]:
        return {c: self.count(category=c) for c in StakeholderCategory}

    def by_status(self) -> dict[InvitationStatus, int]:
        return {s: self.count(status=s) for s in InvitationStatus}

    def table(self) -> tuple[list[str], list[list[str | int]]]:
        """Headings and rows per category (categories with nobody left out), then a total."""
        headers = [t("invite.col.category"), t("invite.col.listed")] + [
            s.label for s in InvitationStatus
        ]
        rows: list[list[str | int]] = []
        for category in StakeholderCategory:
            if self.count(category=category):
                row: list[str | int] = [category.label, self.count(category=category)]
                rows.append(row + [self.count(category, s) for s in InvitationStatus])
        if rows:
            total: list[str | int] = [t("invite.col.total"), self.total]
            rows.append(total + [self.count(status=s) for s in InvitationStatus])
        return headers, rows

    def text(self) -> str:
        """One line: ``Na liście: 18; do zaproszenia 6, zaproszenie wysłane 8, ...``."""
        if not self.total:
            return t("invite.summary_empty")
        statuses = ", ".join(f"{s.label} {n}" for s, n in self.by_status().items())
        return t("invite.summary", total=self.total, statuses=statuses)

    def __str__(self) -> str:
        return self.text()


def invitation_summary(
    ws: Workspace, items: Sequence[Stakeholder] | None = None
) -> InvitationSummary:
    """Counts of addressees per category and status (of ``items``, default: the whole list).

    Only counts leave this function, never a name, e-mail or phone: the public panel report
    may show it (e.g. "invited: 4 schools, 6 NGOs").
    """
    chosen = ws.objects(Stakeholder) if items is None else items
    counts = Counter((s.category, s.status) for s in chosen)
    cells = tuple(
        (c, s, counts.get((c, s), 0)) for c in StakeholderCategory for s in InvitationStatus
    )
    return InvitationSummary(cells)


# =========================================================================== mailing table


@dataclass(frozen=True, slots=True)
class MailingTable:
    """The rows of a mail merge: headings in the interface language, every cell as text."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def column(self, key: str) -> list[str]:
        """The cells of one of :data:`MAILING_COLUMNS` (e.g. ``"email"``)."""
        index = MAILING_COLUMNS.index(key)
        return [row[index] for row in self.rows]


def mailing_table(
    ws: Workspace,
    *,
    categories: Iterable[StakeholderCategory | str] | None = None,
    statuses: Iterable[InvitationStatus | str] | None = None,
    items: Sequence[Stakeholder] | None = None,
) -> MailingTable:
    """The invitation list as a mail-merge table (:data:`MAILING_COLUMNS`, labels as text).

    ``Link`` is the addressee's own link, else the report's link (:func:`report_link`) for
    everyone who receives a link. ``items`` (already chosen) wins over the filters.
    """
    chosen = stakeholders(ws, categories=categories, statuses=statuses) if items is None else items
    labels = {i.id: i.label for i in ws.institutions()}
    shared_link = report_link(ws)
    rows = []
    for s in chosen:
        link = s.link_url or (shared_link if ReportDelivery.LINK in s.receives else "")
        inviting = t("invite.joint") if s.institution_id is None else labels.get(s.institution_id)
        rows.append(
            (
                s.name,
                s.category.label,
                s.contact_person,
                s.email,
                s.phone,
                ", ".join(d.label for d in s.receives),
                link,
                s.status.label,
                inviting or str(s.institution_id),
                s.note,
            )
        )
    headings = tuple(t(f"invite.col.{c}") for c in MAILING_COLUMNS)
    return MailingTable(headings, tuple(rows))


def _neutralise(value: str) -> str:
    return str(neutralise_formula(value))


def mailing_to_csv(table: MailingTable) -> str:
    """CSV text: ``;``-separated, CRLF, formulas neutralised (encode as ``utf-8-sig``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_neutralise(h) for h in table.headings])
    for row in table.rows:
        writer.writerow([_neutralise(v) for v in row])
    return out.getvalue()


def mailing_to_xlsx(table: MailingTable) -> bytes:
    """An XLSX workbook: headings, one row per addressee, every value a text cell.

    A text that starts like a formula is marked as typed text (``quotePrefix``), as Excel
    marks it, so a spreadsheet shows it and never runs it; the text itself is unchanged.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = t("invite.sheet")
    for row_index, values in enumerate((table.headings, *table.rows), start=1):
        for column, value in enumerate(values, start=1):
            if value == "":
                continue  # an empty cell, not an empty string
            cell = sheet.cell(row=row_index, column=column)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # openpyxl would store "=..." as a formula
            cell.quotePrefix = value.startswith(FORMULA_STARTS)
            if row_index == 1:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDE5F0")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = (40, 22, 24, 30, 18, 30, 36, 20, 18, 40)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mailing_bytes(table: MailingTable, format: str) -> bytes:
    """The file's bytes: ``"csv"`` (UTF-8 with BOM) or ``"xlsx"``."""
    kind = format.lower().lstrip(".")
    if kind == "csv":
        return mailing_to_csv(table).encode("utf-8-sig")
    if kind == "xlsx":
        return mailing_to_xlsx(table)
    allowed = ", ".join(sorted(MAILING_FORMATS))
    raise SwotError(t("invite.format", suffix=f".{kind}", allowed=allowed))


def write_mailing(
    table: MailingTable, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write ``table`` as CSV or XLSX (by the suffix or ``format``): whole or not at all.

    Raises :class:`~swot.errors.PathError` for an unsafe path or a missing folder and
    :class:`~swot.errors.SwotError` for another format.
    """
    target = check_path(path)
    suffix = f".{format.lower().lstrip('.')}" if format else target.suffix.lower()
    kind = MAILING_FORMATS.get(suffix)
    if kind is None:
        allowed = ", ".join(sorted(MAILING_FORMATS))
        raise SwotError(t("invite.format", suffix=suffix or target.name, allowed=allowed))
    if not target.parent.is_dir():
        raise PathError(t("export.folder", path=target, folder=target.parent))
    data = mailing_bytes(table, kind)
    return write_whole(target, data, message="export.write")


# =========================================================================== reading values


def _fold(text: str) -> str:
    from swot.survey.codebook import fold  # the survey package needs pandas: load it late

    return fold(text)


_WORD_RE = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(_fold(text))


def _mentions(words: Sequence[str], stem: str) -> bool:
    """Whether ``words`` contain ``stem``.

    ``stem$`` must be a whole word; ``a b`` is a phrase; ``a+b`` needs both; otherwise a word
    starting with the stem counts (short stems of three letters or less: whole words only).
    """
    if "+" in stem:
        return all(_mentions(words, part) for part in stem.split("+"))
    if " " in stem:
        return f" {stem}" in " " + " ".join(words)
    if stem.endswith("$") or len(stem) <= 3:
        return stem.rstrip("$") in words
    return any(w.startswith(stem) for w in words)


#: Folded word stems that name each category, tried in this order (see :func:`guess_category`).
CATEGORY_STEMS: tuple[tuple[StakeholderCategory, tuple[str, ...]], ...] = (
    (
        StakeholderCategory.REGIONAL_INSTITUTION,
        ("wojewodzk", "regionaln", "marszalk", "regional"),
    ),
    (
        StakeholderCategory.MEDIA,
        (
            "media",
            "medial",
            "prasa",
            "prasow",
            "gazet",
            "radio",
            "telewiz",
            "tv",
            "portal",
            "tygodnik",
            "dziennik",
            "redakcj",
            "press",
            "newspaper",
        ),
    ),
    (
        StakeholderCategory.COUNCILLOR,
        ("radn", "rada miej", "rada miast", "rada gmin", "rada osiedl", "councillor", "councilor"),
    ),
    (
        StakeholderCategory.COUNTY_OFFICE,
        ("starost", "powiat+urzad", "powiat+wydzial", "powiat+biuro", "powiat$", "county"),
    ),
    (
        StakeholderCategory.CITY_OFFICE,
        (
            "urzad",
            "magistrat",
            "prezydent",
            "burmistrz",
            "wojt",
            "wydzial",
            "gmina$",
            "miasto$",
            "city",
            "municipal",
        ),
    ),
    (
        StakeholderCategory.SCHOOL,
        (
            "szkol",
            "przedszkol",
            "liceum",
            "technikum",
            "gimnazj",
            "uczelni",
            "uniwersyt",
            "sp",
            "zs",
            "zsp",
            "lo",
            "school",
            "kindergarten",
            "college",
            "university",
        ),
    ),
    (
        StakeholderCategory.NGO,
        (
            "stowarzysz",
            "fundacj",
            "ngo",
            "pozarzad",
            "towarzystw",
            "kolo gospodyn",
            "kgw",
            "ochotnicz",
            "association",
            "foundation",
        ),
    ),
    (
        StakeholderCategory.CULTURAL_INSTITUTION,
        (
            "bibliotek",
            "muze",
            "kultur",
            "teatr",
            "galeri",
            "kino",
            "kina",
            "filharmon",
            "orkiestr",
            "library",
            "museum",
            "theatre",
            "theater",
            "gallery",
            "cultur",
        ),
    ),
    (
        StakeholderCategory.LOCAL_ARTIST,
        (
            "artyst",
            "tworc",
            "plastyk",
            "muzyk",
            "malar",
            "rzezb",
            "poet",
            "pisarz",
            "pisark",
            "fotograf",
            "grafik",
            "rekodziel",
            "zespol",
            "kapel",
            "chor$",
            "artist",
            "musician",
            "painter",
            "band",
        ),
    ),
)
_OTHER_WORDS = ("inne", "inny", "inna", "pozostale", "other")


def guess_category(text: str) -> StakeholderCategory | None:
    """The category a name or a category cell points to, or ``None`` if nothing does.

    >>> guess_category("Szkoła Podstawowa nr 99"), guess_category("Wydział Kultury UM")
    (<StakeholderCategory.SCHOOL: 'school'>, <StakeholderCategory.CITY_OFFICE: 'city_office'>)
    """
    folded = _fold(text)
    for category in StakeholderCategory:
        if folded in (
            category.value,
            _fold(t(f"stakeholder_category.{category.value}", lang="pl")),
            _fold(t(f"stakeholder_category.{category.value}", lang="en")),
        ):
            return category
    words = _words(text)
    if any(w in _OTHER_WORDS for w in words) and len(words) <= 2:
        return StakeholderCategory.OTHER
    for category, stems in CATEGORY_STEMS:
        if any(_mentions(words, stem) for stem in stems):
            return category
    return None


_STATUS_STEMS: tuple[tuple[InvitationStatus, tuple[str, ...]], ...] = (
    (
        InvitationStatus.TO_INVITE,
        ("do zaprosz", "nie wyslan", "niewyslan", "do wyslan", "planowan", "to invite"),
    ),
    (
        InvitationStatus.DECLINED,
        (
            "odmow",
            "odmawi",
            "rezygn",
            "nie przyj",
            "nie bedzie",
            "nie wezmie",
            "declin",
            "nie$",
            "no$",
        ),
    ),
    (
        InvitationStatus.CONFIRMED,
        ("potwierdz", "przyjdzie", "bedzie", "wezmie", "obecn", "tak$", "confirm", "yes$"),
    ),
    (InvitationStatus.INVITED, ("zaprosz", "wyslan", "wyslal", "invited", "sent")),
)


def _status(cell: str) -> InvitationStatus | None:
    if not cell.strip():
        return InvitationStatus.TO_INVITE
    folded = _fold(cell)
    for status in InvitationStatus:
        labels = (t(f"invitation_status.{status.value}", lang=lang) for lang in ("pl", "en"))
        if folded == status.value or folded in (_fold(label) for label in labels):
            return status
    words = _words(cell)
    for status, stems in _STATUS_STEMS:
        if any(_mentions(words, stem) for stem in stems):
            return status
    return None


_DELIVERY_STEMS: tuple[tuple[ReportDelivery, tuple[str, ...]], ...] = (
    (ReportDelivery.LINK, ("link", "url", "www", "odnosnik", "adres strony")),
    (
        ReportDelivery.FILES,
        ("plik", "html", "docx", "doc", "xlsx", "xls", "pdf", "word", "excel", "zalacz", "file"),
    ),
    (
        ReportDelivery.PRINTED,
        ("druk", "wydruk", "papier", "egzemplarz", "poczt", "print", "paper", "copy"),
    ),
)
_LIST_SPLIT_RE = re.compile(r"[,;/\n+]+|\s+(?:i|oraz|and)\s+")


def _receives(cell: str) -> tuple[list[ReportDelivery], list[str]]:
    """What a cell says the addressee receives, and the parts that say nothing known."""
    found: list[ReportDelivery] = []
    unknown: list[str] = []
    for part in _LIST_SPLIT_RE.split(cell):
        if not part.strip():
            continue
        words = _words(part)
        hits = [d for d, stems in _DELIVERY_STEMS if any(_mentions(words, s) for s in stems)]
        if not hits and words and all(w in ("raport", "raportu", "report") for w in words):
            continue  # "raport" alone says nothing more than the other parts
        if not hits:
            unknown.append(part.strip())
        found += [d for d in hits if d not in found]
    return found, unknown


_JOINT_WORDS = ("wspolnie", "razem", "wszystkie", "wszyscy", "joint", "jointly", "all")


def _inviting(cell: str, institutions: Sequence[Institution]) -> tuple[bool, str | None]:
    """``(understood, institution id or None for joint)`` of an "invited by" cell."""
    folded = _fold(cell)
    if not folded or folded == _fold(t("invite.joint")):
        return True, None
    for institution in institutions:
        names = {institution.id, institution.name, institution.short_name, institution.label}
        if folded in {_fold(n) for n in names if n}:
            return True, institution.id
    if any(w in _JOINT_WORDS for w in _words(cell)):
        return True, None
    return False, None


# =========================================================================== import


@dataclass(frozen=True, slots=True)
class StakeholderRow:
    """One addressee read from a file (not yet saved); ``row`` as Excel shows it."""

    row: int
    stakeholder: Stakeholder


@dataclass(frozen=True, slots=True)
class StakeholderPreview:
    """What :func:`preview_stakeholders` understood in a file, before anything is written.

    ``rows`` are the new addressees; ``existing`` the rows already on the list (skipped when
    importing). A row with an error is in neither and makes :func:`save_stakeholders` refuse
    the whole file; warnings only inform. ``columns`` maps each recognised column to its
    heading; ``inviting`` maps institution ids to the labels the preview shows.
    """

    file: str
    rows: tuple[StakeholderRow, ...]
    problems: tuple[Problem, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    existing: tuple[StakeholderRow, ...] = ()
    inviting: tuple[tuple[str, str], ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when the file can be imported (warnings may remain)."""
        return not self.errors and bool(self.rows)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Headings and rows of labels, as a person reads the preview (new rows only)."""
        labels = dict(self.inviting)
        headers = [t("invite.col.row")] + [t(f"invite.col.{c}") for c in MAILING_COLUMNS]
        rows = []
        for item in self.rows:
            s = item.stakeholder
            inviting = (
                t("invite.joint") if s.institution_id is None else labels.get(s.institution_id)
            )
            rows.append(
                [
                    str(item.row),
                    s.name,
                    s.category.label,
                    s.contact_person,
                    s.email,
                    s.phone,
                    ", ".join(d.label for d in s.receives),
                    s.link_url,
                    s.status.label,
                    inviting or str(s.institution_id),
                    s.note,
                ]
            )
        return headers, rows

    def _repr_html_(self) -> str:
        headers, rows = self.table()
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        problems = "".join(f"<li>{html.escape(str(p))}</li>" for p in self.problems)
        listing = f"<ul>{problems}</ul>" if problems else ""
        return f"<table><tr>{head}</tr>{body}</table>{listing}"


# Heading stems after folding, tried in this order (the first role whose stem matches wins).
_HEADING_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("mail", "email")),
    ("phone", ("telefon", "tel", "komork", "phone", "mobile")),
    ("link", ("link", "url", "www", "odnosnik")),
    ("institution", ("zaprasza", "zapraszaj", "invited by", "inviting", "od kogo")),
    ("status", ("status", "potwierdz", "odpowiedz")),
    ("receives", ("otrzym", "wysyl", "receiv", "dostaje", "material", "forma")),
    ("category", ("kategori", "rodzaj", "typ", "grupa", "sektor", "categor")),
    (
        "name",
        (
            "organizac",
            "nazwa",
            "podmiot",
            "instytucj",
            "adresat",
            "zaproszon",
            "name$",
            "organisation",
            "organization",
        ),
    ),
    ("contact_person", ("osob", "kontakt", "imie", "nazwisk", "contact", "person")),
    ("note", ("uwagi", "uwaga", "notatk", "komentarz", "notes$", "note$", "remarks")),
)
_FIELD_ROLE = {
    "name": "name",
    "category": "category",
    "contact_person": "contact_person",
    "email": "email",
    "phone": "phone",
    "receives": "receives",
    "link_url": "link",
    "status": "status",
    "institution_id": "institution",
    "note": "note",
}
_MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def _heading_role(heading: str) -> str | None:
    """The mailing column a heading names (case, diacritics and small typos ignored)."""
    words = _words(heading)
    if not words:
        return None
    for role, stems in _HEADING_STEMS:
        if any(_mentions(words, stem) for stem in stems):
            return role
    for role, stems in _HEADING_STEMS:
        for stem in stems:
            if (
                len(stem) >= 6
                and stem.isalpha()
                and any(
                    len(w) >= len(stem) - 1
                    and difflib.SequenceMatcher(None, w[: len(stem)], stem).ratio() >= 0.85
                    for w in words
                )
            ):
                return role
    return None


def preview_stakeholders(
    ws: Workspace, source: str | os.PathLike[str] | bytes, *, filename: str | None = None
) -> StakeholderPreview:
    """Read an address list (XLSX or CSV) without writing anything.

    Headings are recognised in Polish or English, case- and diacritics-blind and despite
    small typos: the mailing table's own (``Organizacja``, ``Kategoria``, ``Osoba
    kontaktowa``, ``E-mail``, ``Telefon``, ``Co otrzymuje``, ``Link``, ``Status``,
    ``Zaprasza``, ``Uwagi``) and others such as ``Nazwa instytucji``, ``Adres e-mail``,
    ``Nr tel.``, ``Imię i nazwisko``. Only a name column is required (a list of people may
    name them in ``Imię i nazwisko``); an empty category is read from the name, an empty
    status means "to invite", an empty "invited by" means jointly. Title rows above the
    table are skipped. Problems with the whole file raise
    :class:`~swot.errors.DataImportError`; every other problem is in the preview's
    ``problems`` with its row (as Excel numbers it), column, a message and a hint. Formulas
    are refused; HTML is kept as plain text with a warning. The workspace is only read: for
    its institutions and to find addressees already on the list.
    """
    expected = ", ".join(t(f"invite.col.{c}") for c in MAILING_COLUMNS)
    sheet = sheets.read_sheet(
        source,
        filename,
        prefix="invite",
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        role_of=_heading_role,
        expected=expected,
    )
    name, table, header_row = sheet.name, sheet.table, sheet.header_row
    roles, problems, formulas = sheet.roles, sheet.problems, sheet.formulas
    if "name" not in roles and "contact_person" in roles:
        roles["name"] = roles.pop("contact_person")
        problems.append(
            Problem(
                name,
                header_row,
                table.headers[roles["name"]],
                table.headers[roles["name"]],
                "invite.name_from_contact",
                t("invite.name_from_contact", heading=table.headers[roles["name"]]),
                t("invite.name_from_contact_hint"),
                "warning",
            )
        )
    if "name" not in roles:
        problem = Problem(
            name,
            header_row,
            None,
            "",
            "invite.missing_name",
            t("invite.missing_name", found=", ".join(table.headers) or "—"),
            t("invite.missing_name_hint", expected=expected),
        )
        raise DataImportError([problem, *problems], t("invite.cannot_read", file=name))
    if "category" not in roles:
        problems.append(
            Problem(
                name,
                header_row,
                None,
                "",
                "invite.no_category_column",
                t("invite.no_category_column"),
                t("invite.no_category_column_hint"),
                "warning",
            )
        )

    institutions = ws.institutions()
    choices = ", ".join(i.label for i in institutions)
    on_list = {duplicate_key(s): s for s in ws.objects(Stakeholder)}
    emails_on_list = {_fold(s.email): s.name for s in on_list.values() if s.email}
    broken_rows = {p.row for p in table.problems if p.severity == "error"}
    problems += table.problems
    heading_of = {role: table.headers[i] for role, i in roles.items()}
    rows: list[StakeholderRow] = []
    existing: list[StakeholderRow] = []
    first_row: dict[tuple[str, str], int] = {}
    first_email: dict[str, tuple[int, str]] = {}
    for number, record in zip(table.row_numbers, table.rows, strict=True):
        cells = {role: (record[i] if i < len(record) else "").strip() for role, i in roles.items()}
        row_problems: list[Problem] = []

        def flag(
            role: str | None,
            value: str,
            rule: str,
            message: str,
            hint: str,
            severity: str = "error",
            *,
            number: int = number,
            sink: list[Problem] = row_problems,
        ) -> None:
            column = heading_of.get(role) if role else None
            sink.append(Problem(name, number, column, value[:80], rule, message, hint, severity))

        for role, index in roles.items():
            value = cells[role]
            if value.startswith("=") or (number, index + 1) in formulas:
                flag(
                    role,
                    value or formulas.get((number, index + 1), ""),
                    "invite.formula",
                    t("invite.formula"),
                    t("invite.formula_hint"),
                )
                continue
            if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
                cells[role] = value = value[1:]  # the mark our own export (or Excel) adds
            if _MARKUP_RE.search(value):
                flag(
                    role,
                    value,
                    "invite.markup",
                    t("invite.markup"),
                    t("invite.markup_hint"),
                    "warning",
                )
        if not cells["name"]:
            if any(cells.values()):
                flag("name", "", "invite.no_name", t("invite.no_name"), t("invite.no_name_hint"))
            problems += row_problems
            continue

        category = guess_category(cells["category"]) if cells.get("category") else None
        if cells.get("category") and category is None:
            flag(
                "category",
                cells["category"],
                "invite.unknown_category",
                t("invite.unknown_category", value=cells["category"]),
                t(
                    "invite.unknown_category_hint",
                    choices=", ".join(c.label for c in StakeholderCategory),
                ),
            )
        elif category is None:
            category = guess_category(cells["name"]) or StakeholderCategory.OTHER
            if "category" in roles:
                flag(
                    "category",
                    "",
                    "invite.category_guess",
                    t("invite.category_guess", category=category.label),
                    t("invite.category_guess_hint"),
                    "warning",
                )
        status = _status(cells.get("status", ""))
        if status is None:
            flag(
                "status",
                cells["status"],
                "invite.unknown_status",
                t("invite.unknown_status", value=cells["status"]),
                t(
                    "invite.unknown_status_hint",
                    choices=", ".join(s.label for s in InvitationStatus),
                ),
            )
        receives, unknown = _receives(cells.get("receives", ""))
        for part in unknown:
            flag(
                "receives",
                part,
                "invite.unknown_delivery",
                t("invite.unknown_delivery", value=part),
                t("invite.unknown_delivery_hint"),
            )
        if not receives:
            receives = [ReportDelivery.LINK]
        understood, institution_id = _inviting(cells.get("institution", ""), institutions)
        if not understood:
            flag(
                "institution",
                cells["institution"],
                "invite.unknown_institution",
                t("invite.unknown_institution", value=cells["institution"]),
                t("invite.unknown_institution_hint", choices=choices),
            )
        stakeholder: Stakeholder | None = None
        if not any(p.severity == "error" for p in row_problems) and number not in broken_rows:
            try:
                stakeholder = Stakeholder(
                    name=cells["name"],
                    category=category or StakeholderCategory.OTHER,
                    contact_person=cells.get("contact_person", ""),
                    email=cells.get("email", ""),
                    phone=cells.get("phone", ""),
                    receives=tuple(receives),
                    link_url=cells.get("link", ""),
                    status=status or InvitationStatus.TO_INVITE,
                    institution_id=institution_id,
                    note=cells.get("note", ""),
                )
            except ValidationError as exc:
                role = _FIELD_ROLE.get(exc.field, "name")
                flag(role, cells.get(role, ""), "model", str(exc), exc.hint)
        if stakeholder is not None:
            key = duplicate_key(stakeholder)
            email = _fold(stakeholder.email)
            if key in first_row:
                flag(
                    "name",
                    cells["name"],
                    "invite.repeated",
                    t("invite.repeated", name=cells["name"], row=first_row[key]),
                    t("invite.repeated_hint"),
                )
            elif key in on_list:
                flag(
                    "name",
                    cells["name"],
                    "invite.exists",
                    t("invite.exists", name=cells["name"]),
                    t("invite.exists_hint"),
                    "warning",
                )
                existing.append(StakeholderRow(number, stakeholder))
                stakeholder = None
            else:
                first_row[key] = number
                twin = first_email.get(email) if email else None
                other = twin[1] if twin else emails_on_list.get(email) if email else None
                if other is not None:
                    flag(
                        "email",
                        stakeholder.email,
                        "invite.same_email",
                        t("invite.same_email", other=other),
                        t("invite.same_email_hint"),
                        "warning",
                    )
                if email:
                    first_email.setdefault(email, (number, stakeholder.name))
            if stakeholder is not None and not any(p.severity == "error" for p in row_problems):
                rows.append(StakeholderRow(number, stakeholder))
        problems += row_problems
    if not table.rows:
        problems.append(
            Problem(
                name,
                None,
                None,
                "",
                "invite.no_rows",
                t("invite.no_rows"),
                t("invite.no_rows_hint"),
            )
        )
    columns = tuple((role, heading_of[role]) for role in MAILING_COLUMNS if role in heading_of)
    inviting = tuple((i.id, i.label) for i in institutions)
    return StakeholderPreview(
        name, tuple(rows), tuple(problems), columns, tuple(existing), inviting
    )


def save_stakeholders(
    ws: Workspace, preview: StakeholderPreview, *, actor: str | None = None
) -> list[Stakeholder]:
    """Write the previewed addressees in one transaction: all of them or none.

    Refused (:class:`~swot.errors.DataImportError` listing every problem, nothing written)
    when the preview has errors or no rows. Rows already on the list (also those added by
    someone else since the preview) are skipped; returns the addressees saved.
    """
    problems = list(preview.errors)
    if not preview.rows and not problems:
        problems.append(
            Problem(
                preview.file,
                None,
                None,
                "",
                "invite.no_rows",
                t("invite.no_rows"),
                t("invite.no_rows_hint"),
            )
        )
    if problems:
        raise DataImportError(problems, t("invite.cannot_import", count=len(problems)))
    on_list = {duplicate_key(s) for s in ws.objects(Stakeholder)}
    adds = [r.stakeholder for r in preview.rows if duplicate_key(r.stakeholder) not in on_list]
    if not adds:
        return []
    added, _updated = ws.apply(adds=adds, actor=actor)
    return [s for s in added if isinstance(s, Stakeholder)]


def _refuse(file: str, rule: str, message: str, hint: str = "") -> DataImportError:
    return sheets.refuse(file, rule, message, hint, prefix="invite")
