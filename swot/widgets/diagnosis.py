"""Widgets of the diagnosis notebook: import consultation files, review, save findings.

The import is two steps on purpose: *Sprawdź plik* reads the file and shows what would be
imported (format, encoding, how columns map to questions, every problem with its row); only
*Zatwierdź import* writes, and only the accepted rows. A failed or cancelled check changes
nothing in the workspace.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import ipywidgets as w

from swot.errors import DataImportError, Problem, SwotError
from swot.i18n import plural, register, t
from swot.model import Finding
from swot.store import Dataset, Workspace
from swot.survey import (
    FORMATS,
    ImportReport,
    SurveyImport,
    import_survey,
    load_codebook,
    save_import,
    survey_files,
)
from swot.widgets._common import (
    FullTextRepr,
    HTMLView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)
from swot.widgets._import import TEXTS, ImportBox, PreviewReport

__all__ = ["FindingForm", "SurveyImporter", "findings_table", "import_report", "survey_files_table"]

CHANNELS = ("online", "paper", "event", "street", "in_person")
MAX_SHOWN_PROBLEMS = 200

register(
    {
        "ui.imp.title": {"pl": "Wczytaj plik z konsultacji", "en": "Load a consultation file"},
        "ui.imp.upload": {"pl": "Wybierz plik", "en": "Choose file"},
        "ui.imp.path": {"pl": "…lub ścieżka", "en": "…or path"},
        "ui.imp.path_placeholder": {
            "pl": "np. ../sample_data/konsultacje_papier.csv",
            "en": "e.g. ../sample_data/konsultacje_papier.csv",
        },
        "ui.imp.channel": {"pl": "Kanał", "en": "Channel"},
        "ui.imp.format": {"pl": "Format", "en": "Format"},
        "ui.imp.auto": {"pl": "rozpoznaj automatycznie", "en": "detect automatically"},
        "ui.imp.check": {"pl": "Sprawdź plik", "en": "Check file"},
        "ui.imp.accept": {"pl": "Zatwierdź import", "en": "Accept import"},
        "ui.imp.cancel": {"pl": "Anuluj", "en": "Cancel"},
        "ui.imp.no_file": {
            "pl": "Najpierw wybierz plik albo wpisz ścieżkę.",
            "en": "Choose a file or type a path first.",
        },
        "ui.imp.checked": {
            "pl": "Sprawdzono. Przeczytaj raport i zatwierdź import albo anuluj.",
            "en": "Checked. Read the report, then accept or cancel.",
        },
        "ui.imp.failed": {
            "pl": "Pliku nie można zaimportować — nic nie zostało zapisane.",
            "en": "The file cannot be imported: nothing was saved.",
        },
        "ui.imp.saved": {
            "pl": "Zapisano {rows} z pliku {file}.",
            "en": "Saved {rows} from {file}.",
        },
        "ui.imp.cancelled": {
            "pl": "Anulowano — nic nie zapisano.",
            "en": "Cancelled: nothing saved.",
        },
        "ui.rep.file": {"pl": "Plik", "en": "File"},
        "ui.rep.format": {"pl": "Rozpoznany format", "en": "Detected format"},
        "ui.rep.channel": {"pl": "Kanał", "en": "Channel"},
        "ui.rep.encoding": {"pl": "Kodowanie i separator", "en": "Encoding and delimiter"},
        "ui.rep.rows": {"pl": "Wiersze", "en": "Rows"},
        "ui.rep.dropped": {
            "pl": "Usunięte kolumny z danymi osobowymi",
            "en": "Dropped columns with personal data",
        },
        "ui.rep.masked": {
            "pl": "Zamaskowane dane osobowe w odpowiedziach",
            "en": "Masked personal data in answers",
        },
        "ui.rep.inferred": {
            "pl": "Nowe pytania (spoza książki kodów)",
            "en": "New questions (not in the codebook)",
        },
        "ui.rep.blank": {"pl": "Puste wiersze pominięte", "en": "Blank rows skipped"},
        "ui.rep.problems": {"pl": "Problemy", "en": "Problems"},
        "ui.rep.none": {"pl": "brak", "en": "none"},
        "ui.rep.row": {"pl": "Wiersz", "en": "Row"},
        "ui.rep.column": {"pl": "Kolumna", "en": "Column"},
        "ui.rep.value": {"pl": "Wartość", "en": "Value"},
        "ui.rep.message": {"pl": "Opis", "en": "Description"},
        "ui.rep.hint": {"pl": "Co zrobić", "en": "What to do"},
        "ui.rep.severity": {"pl": "Waga", "en": "Severity"},
        "ui.rep.error": {"pl": "błąd", "en": "error"},
        "ui.rep.warning": {"pl": "uwaga", "en": "warning"},
        "ui.rep.more": {
            "pl": "… oraz {count} dalszych problemów (pełna lista w raporcie zapisanym z plikiem).",
            "en": "… and {count} more problems (full list in the report saved with the import).",
        },
        "ui.files.empty": {
            "pl": "Nie zaimportowano jeszcze żadnego pliku.",
            "en": "No file imported yet.",
        },
        "ui.files.accepted": {"pl": "Przyjęte", "en": "Accepted"},
        "ui.files.rejected": {"pl": "Odrzucone", "en": "Rejected"},
        "ui.files.by": {"pl": "Zaimportował(a)", "en": "Imported by"},
        "count.response": {
            "pl": "{n} odpowiedź|{n} odpowiedzi|{n} odpowiedzi",
            "en": "{n} response|{n} responses",
        },
        "count.row": {"pl": "{n} wiersz|{n} wiersze|{n} wierszy", "en": "{n} row|{n} rows"},
        "ui.find.title": {"pl": "Zapisz ustalenie", "en": "Save a finding"},
        "ui.find.statement": {"pl": "Stwierdzenie", "en": "Statement"},
        "ui.find.statement_placeholder": {
            "pl": "np. Mieszkańcy powyżej 60 lat najczęściej wskazują brak zajęć dla seniorów.",
            "en": "e.g. Residents over 60 most often name the lack of activities for seniors.",
        },
        "ui.find.source": {"pl": "Źródło", "en": "Source"},
        "ui.find.numbers": {"pl": "Liczby", "en": "Numbers"},
        "ui.find.numbers_placeholder": {
            "pl": "Jedna w wierszu: etykieta = liczba, np.\nodsetek = 0,41\nn = 212",
            "en": "One per line: label = number, e.g.\nshare = 0.41\nn = 212",
        },
        "ui.find.institution": {"pl": "Dotyczy", "en": "Concerns"},
        "ui.find.all": {"pl": "wszystkich ośrodków", "en": "all centres"},
        "ui.find.save": {"pl": "Zapisz ustalenie", "en": "Save finding"},
        "ui.find.bad_number": {
            "pl": "Wiersz „{line}”: oczekiwano „etykieta = liczba”.",
            "en": "Line '{line}': expected 'label = number'.",
        },
        "ui.find.list_empty": {"pl": "Brak zapisanych ustaleń.", "en": "No findings saved yet."},
    }
)


def import_report(report: ImportReport) -> HTMLView:
    """The report of one import as a person reads it (everything escaped)."""
    facts = [
        (t("ui.rep.file"), report.file),
        (t("ui.rep.format"), report.format),
        (t("ui.rep.channel"), t(f"channel.{report.channel}", default=report.channel)),
        (t("ui.rep.encoding"), f"{report.encoding} {report.delimiter!r}".strip()),
        (t("ui.rep.rows"), report.summary()),
        (t("ui.rep.dropped"), ", ".join(report.dropped_columns) or t("ui.rep.none")),
        (
            t("ui.rep.masked"),
            ", ".join(f"{k}: {v}" for k, v in sorted(report.masked.items()) if v)
            or t("ui.rep.none"),
        ),
        (t("ui.rep.inferred"), ", ".join(report.inferred_variables) or t("ui.rep.none")),
        (t("ui.rep.blank"), ", ".join(map(str, report.blank_rows)) or t("ui.rep.none")),
    ]
    headers = [
        t("ui.rep.severity"),
        t("ui.rep.row"),
        t("ui.rep.column"),
        t("ui.rep.value"),
        t("ui.rep.message"),
        t("ui.rep.hint"),
    ]
    shown = report.problems[:MAX_SHOWN_PROBLEMS]
    rows = [
        [
            t(f"ui.rep.{p.severity}"),
            p.row if p.row is not None else "",
            p.column or "",
            p.value,
            p.message,
            p.hint,
        ]
        for p in shown
    ]
    more = len(report.problems) - len(shown)
    tail = t("ui.rep.more", count=more) if more > 0 else ""
    facts_html = html_table(["", ""], facts)
    problems_html = html_table(
        headers, rows, numeric=(1,), empty=t("ui.rep.none"), css_class="swot-problems"
    )
    value = (
        f"{facts_html}<h4>{html.escape(t('ui.rep.problems'))} ({len(report.problems)})"
        f"</h4>{problems_html}<p>{html.escape(tail)}</p>"
    )
    text = (
        f"{text_table(['', ''], facts)}\n{t('ui.rep.problems')} ({len(report.problems)}):\n"
        f"{text_table(headers, rows, empty=t('ui.rep.none'))}\n{tail}".rstrip()
    )
    return HTMLView(value, text, "swot-import-report")


def survey_files_table(ws: Workspace) -> HTMLView:
    """The consultation files already saved in the workspace."""
    headers = [
        t("ui.rep.file"),
        t("ui.rep.channel"),
        t("ui.files.accepted"),
        t("ui.files.rejected"),
        t("ui.files.by"),
    ]
    rows = []
    for dataset in survey_files(ws):
        report = dataset.meta["report"]
        rows.append(
            [
                dataset.name,
                t(f"channel.{report['channel']}", default=report["channel"]),
                report["accepted"],
                report["rejected"],
                dataset.created_by,
            ]
        )
    return HTMLView(
        html_table(headers, rows, numeric=(2, 3), empty=t("ui.files.empty")),
        text_table(headers, rows, empty=t("ui.files.empty")),
        "swot-survey-files",
    )


class _CheckedSurvey(SurveyImport):
    """A checked consultation file with what the import box reads of it.

    Its report's file name, problems and verdict; still a :class:`~swot.survey.SurveyImport`
    for :func:`~swot.survey.save_import`.
    """

    @property
    def file(self) -> str:
        return self.report.file

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.report.problems

    @property
    def ok(self) -> bool:
        return self.report.ok


class SurveyImporter(ImportBox[_CheckedSurvey, Dataset]):
    """Upload (or name) a file, check it, read the report, then accept or cancel.

    Parameters
    ----------
    ws
        The workspace.
    on_saved
        Called after a file was saved (e.g. to redraw the list of saved files).
    base_dir
        Where a relative path typed in the widget is looked for (default: working directory).
    """

    def __init__(
        self,
        ws: Workspace,
        *,
        on_saved: Callable[[], None] | None = None,
        base_dir: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.on_saved = on_saved
        style = {"description_width": "110px"}
        self.channel = w.Dropdown(
            options=[(t("ui.imp.auto"), "")] + [(t(f"channel.{c}"), c) for c in CHANNELS],
            description=t("ui.imp.channel"),
            style=style,
            layout=w.Layout(width="420px"),
        )
        self.channel.add_class("swot-imp-channel")
        self.format = w.Dropdown(
            options=[(t("ui.imp.auto"), "")] + [(f, f) for f in FORMATS],
            description=t("ui.imp.format"),
            style=style,
            layout=w.Layout(width="420px"),
        )
        self.format.add_class("swot-imp-format")
        super().__init__(
            css_prefix="swot-imp",
            read=self._read_survey,
            describe=_describe_survey,
            save=lambda checked: save_import(self.ws, checked),
            on_saved=self._saved,
            title=t("ui.imp.title"),
            accept=".csv,.txt,.tsv,.xlsx",
            extra=[self.channel, self.format],
            report_class="swot-imp-report-area",
            # a file that has no row to import "cannot be imported", as a refused one
            texts={role: f"ui.imp.{role}" for role in TEXTS} | {"has_errors": "ui.imp.failed"},
            refusal=_problems_only,
            base_dir=base_dir,
            **kwargs,
        )
        self.path.placeholder = t("ui.imp.path_placeholder")
        self.path.style.description_width = style["description_width"]
        self.path.layout.width = "560px"
        for button in (self.check_button, self.accept_button, self.cancel_button):
            button.layout = w.Layout(width="auto")  # sized to their labels
        self.add_class("swot-survey-importer")

    def __repr__(self) -> str:
        return t("ui.imp.title")

    def _read_survey(self, source: bytes | Path, name: str) -> _CheckedSurvey:
        result = import_survey(
            source,
            codebook=load_codebook(self.ws),
            filename=name,
            channel=self.channel.value or None,
            format=self.format.value or None,
            institutions=[i.id for i in self.ws.institutions()],
        )
        return _CheckedSurvey(**{f.name: getattr(result, f.name) for f in fields(result)})

    def _saved(self, checked: _CheckedSurvey, _dataset: Dataset) -> str:
        rows = plural("count.row", checked.report.accepted)
        if self.on_saved is not None:
            self.on_saved()
        return t("ui.imp.saved", rows=rows, file=checked.report.file)


def _describe_survey(checked: _CheckedSurvey) -> PreviewReport:
    """The whole import report (its facts and its own problems table) is the preview."""
    view = import_report(checked.report)
    return PreviewReport("", view.value, view.text, lists_problems=True)


def _problems_only(name: str, exc: DataImportError) -> tuple[str, str]:
    headers = [
        t("ui.rep.row"),
        t("ui.rep.column"),
        t("ui.rep.value"),
        t("ui.rep.message"),
        t("ui.rep.hint"),
    ]
    rows = [
        [p.row if p.row is not None else "", p.column or "", p.value, p.message, p.hint]
        for p in exc.problems[:MAX_SHOWN_PROBLEMS]
    ]
    head = f"<p><b>{html.escape(name)}</b></p>"
    return head + html_table(
        headers, rows, numeric=(0,), css_class="swot-problems"
    ), f"{name}\n{text_table(headers, rows)}"


def findings_table(ws: Workspace) -> HTMLView:
    """Findings saved so far (they become evidence for SWOT factors)."""
    names = {i.id: i.label for i in ws.institutions()}
    headers = [
        t("ui.find.statement"),
        t("ui.find.numbers"),
        t("ui.find.source"),
        t("ui.find.institution"),
    ]
    rows = [
        [
            f.statement,
            "; ".join(f"{k} = {_number(v)}" for k, v in f.numbers),
            f.source,
            names.get(f.institution_id or "", t("ui.find.all")),
        ]
        for f in ws.objects(Finding)
    ]
    return HTMLView(
        html_table(headers, rows, empty=t("ui.find.list_empty")),
        text_table(headers, rows, empty=t("ui.find.list_empty")),
        "swot-findings",
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}".replace(".", ",")


class FindingForm(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Turn a result into a finding: statement, numbers, source, institution; saved at once."""

    def __init__(self, ws: Workspace, *, draft: Finding | None = None, **kwargs: Any) -> None:
        self.ws = ws
        statement = draft.statement if draft else ""
        source = draft.source if draft else ""
        numbers = dict(draft.numbers) if draft else {}
        institution_id = draft.institution_id if draft else None
        style = {"description_width": "110px"}
        wide = w.Layout(width="640px")
        self.statement = w.Textarea(
            value=statement,
            description=t("ui.find.statement"),
            placeholder=t("ui.find.statement_placeholder"),
            style=style,
            layout=w.Layout(width="640px", height="70px"),
        )
        self.statement.add_class("swot-find-statement")
        self.numbers = w.Textarea(
            value="\n".join(f"{k} = {_number(v)}" for k, v in numbers.items()),
            description=t("ui.find.numbers"),
            placeholder=t("ui.find.numbers_placeholder"),
            style=style,
            layout=w.Layout(width="640px", height="80px"),
        )
        self.numbers.add_class("swot-find-numbers")
        self.source = w.Text(
            value=source, description=t("ui.find.source"), style=style, layout=wide
        )
        self.source.add_class("swot-find-source")
        options = [(t("ui.find.all"), "")] + [(i.name, i.id) for i in ws.institutions()]
        self.institution = w.Dropdown(
            options=options,
            value=institution_id or "",
            description=t("ui.find.institution"),
            style=style,
            layout=wide,
        )
        self.institution.add_class("swot-find-institution")
        self.save_button = w.Button(
            layout=w.Layout(width="auto"),
            description=t("ui.find.save"),
            icon="bookmark",
            button_style="primary",
        )
        self.save_button.add_class("swot-find-save")
        self.status = StatusLine()
        self.saved = findings_table(ws)
        self.save_button.on_click(guarded(self.status)(self._on_save))
        title = w.HTML(f"<h4>{html.escape(t('ui.find.title'))}</h4>")
        super().__init__(
            children=[
                title,
                self.statement,
                self.numbers,
                self.source,
                self.institution,
                self.save_button,
                self.status,
                self.saved,
            ],
            **kwargs,
        )
        self.add_class("swot-finding-form")

    def __repr__(self) -> str:
        return f"{t('ui.find.title')}\n{self.saved.text}"

    def fill(self, draft: Finding) -> None:
        """Put a drafted finding into the form for a person to edit and save."""
        self.statement.value = draft.statement
        self.source.value = draft.source
        self.numbers.value = "\n".join(f"{k} = {_number(v)}" for k, v in draft.numbers)
        self.institution.value = draft.institution_id or ""

    def _parse_numbers(self) -> dict[str, float]:
        numbers: dict[str, float] = {}
        for line in self.numbers.value.splitlines():
            if not line.strip():
                continue
            label, sep, value = line.partition("=")
            try:
                number = float(value.strip().replace(",", ".").replace(" ", ""))
            except ValueError:
                number = float("nan")
            if not sep or not label.strip() or number != number:
                raise SwotError(t("ui.find.bad_number", line=line.strip()))
            numbers[label.strip()] = number
        return numbers

    def _on_save(self, _button: Any = None) -> None:
        finding = self.ws.add(
            Finding(
                statement=self.statement.value,
                source=self.source.value,
                numbers=tuple(self._parse_numbers().items()),
                institution_id=self.institution.value or None,
            )
        )
        view = findings_table(self.ws)
        self.saved.value, self.saved.text = view.value, view.text
        self.statement.value = ""
        self.status.ok(t("ui.saved", what=finding.statement[:60]))
