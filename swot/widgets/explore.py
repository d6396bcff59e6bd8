"""Explore the consultation results and review the codebook, without writing code.

:class:`DiagnosisExplorer`: pick a question and how to split it (channel, age, gender,
district); see the chart and the table with 95% intervals; turn any answer into a drafted
finding. :class:`CodebookEditor`: review and correct how a question is read (label, type,
answer order, "don't know"), refusing changes that would orphan answers already imported.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from swot import charts, diagnosis
from swot.errors import SwotError
from swot.findings import draft_from_frequencies
from swot.i18n import register, t
from swot.paths import child_path
from swot.store import Workspace
from swot.survey import (
    Codebook,
    SurveyData,
    Variable,
    VarType,
    load_codebook,
    load_survey,
    replace_codebook,
    update_variable,
)
from swot.widgets._common import FullTextRepr, HTMLView, StatusLine, guarded, html_table, text_table
from swot.widgets.diagnosis import FindingForm

__all__ = [
    "CodebookEditor",
    "DiagnosisExplorer",
    "codebook_table",
    "crosstab_table",
    "frequency_table",
    "quotes_table",
    "rake_table",
    "sample_table",
]

register(
    {
        "ui.exp.title": {"pl": "Przeglądaj wyniki", "en": "Explore results"},
        "ui.exp.question": {"pl": "Pytanie", "en": "Question"},
        "ui.exp.by": {"pl": "Podział", "en": "Split by"},
        "ui.exp.none": {"pl": "bez podziału", "en": "no split"},
        "ui.exp.channel": {"pl": "kanał zbierania", "en": "channel"},
        "ui.exp.tallies": {"pl": "dolicz sondę uliczną", "en": "add the street poll"},
        "ui.exp.answer": {"pl": "Odpowiedź", "en": "Answer"},
        "ui.exp.group": {"pl": "Grupa", "en": "Group"},
        "ui.exp.draft": {"pl": "Przygotuj ustalenie", "en": "Draft a finding"},
        "ui.exp.drafted": {
            "pl": "Ustalenie przygotowane poniżej — popraw stwierdzenie i zapisz.",
            "en": "Finding drafted below: edit the statement and save.",
        },
        "ui.exp.n": {"pl": "Liczba", "en": "Count"},
        "ui.exp.base": {"pl": "Podstawa", "en": "Base"},
        "ui.exp.share": {"pl": "Odsetek", "en": "Share"},
        "ui.exp.ci": {"pl": "95% przedział", "en": "95% interval"},
        "ui.exp.dk": {"pl": "(nie wiem)", "en": "(don't know)"},
        "ui.cb.title": {"pl": "Książka kodów", "en": "Codebook"},
        "ui.cb.variable": {"pl": "Zmienna", "en": "Variable"},
        "ui.cb.label": {"pl": "Treść pytania", "en": "Question text"},
        "ui.cb.type": {"pl": "Typ", "en": "Type"},
        "ui.cb.options": {"pl": "Odpowiedzi (w kolejności)", "en": "Answers (in order)"},
        "ui.cb.dont_know": {"pl": "„Nie wiem”", "en": "'Don't know'"},
        "ui.cb.headings": {"pl": "Nagłówki w plikach", "en": "Headings in files"},
        "ui.cb.save": {"pl": "Zapisz zmiany", "en": "Save changes"},
        "ui.cb.count": {"pl": "Liczba odpowiedzi", "en": "Answers"},
        "ui.cb.file": {"pl": "Plik książki kodów", "en": "Codebook file"},
        "ui.cb.export": {"pl": "Zapisz do pliku", "en": "Save to file"},
        "ui.cb.import": {"pl": "Wczytaj z pliku", "en": "Load from file"},
        "ui.cb.exported": {"pl": "Zapisano plik {path}", "en": "Saved file {path}"},
        "ui.cb.imported": {
            "pl": "Wczytano książkę kodów z pliku {path}",
            "en": "Loaded the codebook from {path}",
        },
    }
)

_BY_VARIABLES = ("age", "gender", "district")


def frequency_table(freq: pd.DataFrame, *, by: str | None = None) -> HTMLView:
    """A frequencies result as a table a person reads: count, base, share, 95% interval."""
    headers = ([t("ui.exp.group")] if by else []) + [
        t("ui.exp.answer"),
        t("ui.exp.n"),
        t("ui.exp.base"),
        t("ui.exp.share"),
        t("ui.exp.ci"),
    ]
    rows = []
    for _, row in freq.iterrows():
        label = f"{row['option']} {t('ui.exp.dk')}" if row["dont_know"] else row["option"]
        cells = [
            label,
            f"{row['count']:.0f}",
            f"{row['base']:.0f}",
            _pct(row["share"]),
            f"{_pct(row['ci_low'])}–{_pct(row['ci_high'])}",
        ]
        rows.append(([row[by]] if by else []) + cells)
    numeric = range(1 + bool(by), len(headers))
    return HTMLView(
        html_table(headers, rows, numeric=numeric),
        text_table(headers, rows),
        "swot-frequency-table",
    )


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%".replace(".", ",")


class DiagnosisExplorer(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Choose a question and a split; see chart and table; draft a finding from an answer."""

    def __init__(self, ws: Workspace, data: SurveyData | None = None, **kwargs: Any) -> None:
        self.ws = ws
        self.data = data if data is not None else load_survey(ws)
        self.result: pd.DataFrame | None = None
        self.figure: Any = None
        countable = [
            v
            for v in self.data.codebook
            if v.type is not VarType.NUMERIC and v.type is not VarType.OPEN
        ]
        style = {"description_width": "110px"}
        self.question = w.Dropdown(
            options=[(v.label, v.name) for v in countable],
            description=t("ui.exp.question"),
            style=style,
            layout=w.Layout(width="720px"),
        )
        self.question.add_class("swot-exp-question")
        by_options = [(t("ui.exp.none"), ""), (t("ui.exp.channel"), "channel")] + [
            (self.data.codebook[n].label, n) for n in _BY_VARIABLES if n in self.data.codebook
        ]
        self.by = w.Dropdown(
            options=by_options,
            description=t("ui.exp.by"),
            style=style,
            layout=w.Layout(width="420px"),
        )
        self.by.add_class("swot-exp-by")
        self.tallies = w.Checkbox(value=True, description=t("ui.exp.tallies"), indent=False)
        self.tallies.add_class("swot-exp-tallies")
        # plotly's own widget: updated in place, so the chart needs no Output capture (which
        # notebook runners handle badly) and plotly.js travels to the browser once.
        self.chart = go.FigureWidget()
        self.chart.add_class("swot-exp-chart")
        self.table = HTMLView("", "", "swot-exp-table")
        self.answer = w.Dropdown(
            description=t("ui.exp.answer"), style=style, layout=w.Layout(width="520px")
        )
        self.answer.add_class("swot-exp-answer")
        self.group = w.Dropdown(
            description=t("ui.exp.group"), style=style, layout=w.Layout(width="420px")
        )
        self.group.add_class("swot-exp-group")
        self.draft_button = w.Button(
            layout=w.Layout(width="auto"), description=t("ui.exp.draft"), icon="lightbulb-o"
        )
        self.draft_button.add_class("swot-exp-draft")
        self.status = StatusLine()
        self.form = FindingForm(ws)
        guard = guarded(self.status)
        for control in (self.question, self.by, self.tallies):
            control.observe(guard(self._on_change), names="value")
        self.draft_button.on_click(guard(self._on_draft))
        title = w.HTML(f"<h4>{html.escape(t('ui.exp.title'))}</h4>")
        super().__init__(
            children=[
                title,
                self.question,
                w.HBox([self.by, self.tallies]),
                self.chart,
                self.table,
                w.HBox([self.answer, self.group, self.draft_button]),
                self.status,
                self.form,
            ],
            **kwargs,
        )
        self.add_class("swot-explorer")
        guard(self._on_change)()

    def __repr__(self) -> str:
        return f"{t('ui.exp.title')}: {self.question.label}\n{self.table.text}"

    def _on_change(self, _change: Any = None) -> None:
        name = self.question.value
        if not name:
            return
        by = self.by.value or None
        use_tallies = self.tallies.value and by in (None, "channel") and len(self.data.tallies)
        self.tallies.disabled = by not in (None, "channel")
        self.result = diagnosis.frequencies(
            self.data.responses,
            self.data.codebook,
            name,
            by=by,
            tallies=self.data.tallies if use_tallies else None,
        )
        self.figure = charts.frequency_bars(self.result, self.question.label, by=by)
        with self.chart.batch_update():
            self.chart.data = ()
            self.chart.add_traces(self.figure.data)
            self.chart.layout = self.figure.layout
        view = frequency_table(self.result, by=by)
        self.table.value, self.table.text = view.value, view.text
        self.answer.options = list(dict.fromkeys(self.result["option"].astype(str)))
        groups = list(dict.fromkeys(self.result[by].astype(str))) if by else []
        self.group.options = groups
        self.group.layout.display = "" if by else "none"

    def _on_draft(self, _button: Any = None) -> None:
        if self.result is None or not self.answer.value:
            raise SwotError(t("ui.imp.no_file"))
        subject = self.data.codebook[self.question.value].subject
        draft = draft_from_frequencies(
            self.result,
            self.data.codebook,
            self.answer.value,
            group=self.group.value if self.by.value else None,
            institution_id=subject,
        )
        self.form.fill(draft)
        self.status.ok(t("ui.exp.drafted"))


def codebook_table(codebook: Any) -> HTMLView:
    """The questionnaire: every variable, its type, answers and where it comes from."""
    headers = [
        t("ui.cb.variable"),
        t("ui.cb.label"),
        t("ui.cb.type"),
        t("ui.cb.count"),
        t("ui.cb.headings"),
    ]
    rows = [
        [
            v.name,
            v.label,
            t(f"type.{v.type.value}"),
            len(v.categories) or "",
            len(v.headings) + len(v.option_headings),
        ]
        for v in codebook
    ]
    return HTMLView(
        html_table(headers, rows, numeric=(3, 4)), text_table(headers, rows), "swot-codebook"
    )


class CodebookEditor(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Review one variable at a time and save corrections to the workspace codebook."""

    def __init__(self, ws: Workspace, *, folder: str | Path | None = None, **kwargs: Any) -> None:
        self.ws = ws
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.codebook = load_codebook(ws)
        style = {"description_width": "150px"}
        wide = w.Layout(width="720px")
        self.variable = w.Dropdown(
            options=[(f"{v.name} — {v.label}"[:90], v.name) for v in self.codebook],
            description=t("ui.cb.variable"),
            style=style,
            layout=wide,
        )
        self.variable.add_class("swot-cb-variable")
        self.label = w.Text(description=t("ui.cb.label"), style=style, layout=wide)
        self.label.add_class("swot-cb-label")
        self.type = w.Dropdown(
            options=[(t(f"type.{k.value}"), k.value) for k in VarType],
            description=t("ui.cb.type"),
            style=style,
        )
        self.type.add_class("swot-cb-type")
        self.options = w.Textarea(
            description=t("ui.cb.options"),
            style=style,
            layout=w.Layout(width="720px", height="140px"),
        )
        self.options.add_class("swot-cb-options")
        self.dont_know = w.Textarea(
            description=t("ui.cb.dont_know"),
            style=style,
            layout=w.Layout(width="720px", height="50px"),
        )
        self.dont_know.add_class("swot-cb-dont-know")
        self.headings = HTMLView("", "", "swot-cb-headings")
        self.save_button = w.Button(
            layout=w.Layout(width="auto"),
            description=t("ui.cb.save"),
            button_style="primary",
            icon="save",
        )
        self.save_button.add_class("swot-cb-save")
        self.status = StatusLine()
        self.overview = codebook_table(self.codebook)
        self.file = w.Text(
            value="kwestionariusz.yaml",
            description=t("ui.cb.file"),
            style=style,
            layout=w.Layout(width="420px"),
        )
        self.file.add_class("swot-cb-file")
        self.export_button = w.Button(
            layout=w.Layout(width="auto"), description=t("ui.cb.export"), icon="download"
        )
        self.export_button.add_class("swot-cb-export")
        self.import_button = w.Button(
            layout=w.Layout(width="auto"), description=t("ui.cb.import"), icon="upload"
        )
        self.import_button.add_class("swot-cb-import")
        guard = guarded(self.status)
        self.variable.observe(guard(self._on_select), names="value")
        self.save_button.on_click(guard(self._on_save))
        self.export_button.on_click(guard(self._on_export))
        self.import_button.on_click(guard(self._on_import))
        title = w.HTML(f"<h4>{html.escape(t('ui.cb.title'))}</h4>")
        super().__init__(
            children=[
                title,
                self.variable,
                self.label,
                self.type,
                self.options,
                self.dont_know,
                self.headings,
                self.save_button,
                self.status,
                w.HBox([self.file, self.export_button, self.import_button]),
                self.overview,
            ],
            **kwargs,
        )
        self.add_class("swot-codebook-editor")
        guard(self._on_select)()

    def __repr__(self) -> str:
        return f"{t('ui.cb.title')}\n{self.overview.text}"

    def _path(self) -> Path:
        name = self.file.value.strip()
        suffix = "" if name.lower().endswith((".yaml", ".yml", ".json")) else ".yaml"
        return child_path(self.folder, name, suffix)

    def _on_export(self, _button: Any = None) -> None:
        path = self.codebook.save(self._path())
        self.status.ok(t("ui.cb.exported", path=path.name))

    def _on_import(self, _button: Any = None) -> None:
        path = self._path()
        self.codebook = replace_codebook(self.ws, Codebook.load(path))
        self.variable.options = [(f"{v.name} — {v.label}"[:90], v.name) for v in self.codebook]
        view = codebook_table(self.codebook)
        self.overview.value, self.overview.text = view.value, view.text
        self._on_select()
        self.status.ok(t("ui.cb.imported", path=path.name))

    def _current(self) -> Variable:
        return self.codebook[self.variable.value]

    def _on_select(self, _change: Any = None) -> None:
        if not self.variable.value:
            return
        var = self._current()
        self.label.value = var.label
        self.type.value = var.type.value
        self.options.value = "\n".join(var.options)
        self.dont_know.value = "\n".join(var.dont_know)
        headings = [*var.headings, *var.option_headings]
        self.headings.value = "<br>".join(html.escape(h) for h in headings)
        self.headings.text = "\n".join(headings)

    def _on_save(self, _button: Any = None) -> None:
        def lines(text: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(x.strip() for x in text.splitlines() if x.strip()))

        updated = self._current().replace(
            label=self.label.value.strip(),
            type=self.type.value,
            options=lines(self.options.value),
            dont_know=lines(self.dont_know.value),
        )
        self.codebook = update_variable(self.ws, updated)
        view = codebook_table(self.codebook)
        self.overview.value, self.overview.text = view.value, view.text
        self.status.ok(t("ui.saved", what=updated.label[:60]))


def sample_table(data: SurveyData) -> HTMLView:
    """Who answered: respondents per channel, and the street-poll count beside them."""
    headers = [t("ui.rep.channel"), t("ui.exp.n"), t("ui.exp.share")]
    counts = data.n_by_channel()
    individual = sum(v for k, v in counts.items() if k != "street")
    rows = []
    for channel, n in counts.items():
        share = _pct(n / individual) if channel != "street" and individual else "—"
        rows.append([t(f"channel.{channel}", default=channel), n, share])
    rows.append([t("ui.sample.total"), individual, "100%"])
    note = t("ui.sample.note")
    return HTMLView(
        html_table(headers, rows, numeric=(1, 2)) + f"<p><i>{html.escape(note)}</i></p>",
        f"{text_table(headers, rows)}\n{note}",
        "swot-sample",
    )


def crosstab_table(table: diagnosis.CrossTab, *, what: str = "row_percent") -> HTMLView:
    """A cross-tabulation as it may be published: small cells hidden, the note beside it."""
    published = table.published("row_percent" if what == "row_percent" else "counts")
    headers = [str(published.index.name or ""), *map(str, published.columns)]
    rows = []
    for label, row in published.iterrows():
        cells = [
            "—" if pd.isna(v) else (f"{v:.0f}%" if what == "row_percent" else f"{v:.0f}")
            for v in row
        ]
        rows.append([str(label), *cells])
    note = str(table.note)
    return HTMLView(
        html_table(headers, rows, numeric=range(1, len(headers)))
        + f"<p><i>{html.escape(note)}</i></p>",
        f"{text_table(headers, rows)}\n{note}",
        "swot-crosstab",
    )


def quotes_table(coded: diagnosis.CodedAnswers, *, n: int = 2, top: int = 6) -> HTMLView:
    """The most frequent themes of open answers, each with a few (masked) quotes."""
    headers = [t("ui.quotes.code"), t("ui.exp.n"), t("ui.quotes.examples")]
    rows = [
        [row["code"], int(row["count"]), coded.quotes(str(row["code"]), n)]
        for _, row in coded.counts.head(top).iterrows()
    ]
    return HTMLView(
        html_table(headers, rows, numeric=(1,)), text_table(headers, rows), "swot-quotes"
    )


def rake_table(result: diagnosis.RakeResult) -> HTMLView:
    """What weighting did: effective sample size, design effect, convergence."""
    headers = ["", ""]
    rows: list[list[object]] = [
        [t("ui.rake.n"), len(result.weights)],
        [t("ui.rake.effective_n"), f"{result.effective_n:.0f}"],
        [t("ui.rake.deff"), f"{result.design_effect:.2f}".replace(".", ",")],
        [t("ui.rake.converged"), t("ui.yes") if result.converged else t("ui.no")],
        [t("ui.rake.unraked"), result.n_unraked],
    ]
    return HTMLView(html_table(headers, rows, numeric=(1,)), text_table(headers, rows), "swot-rake")


register(
    {
        "ui.sample.total": {"pl": "razem (ankiety indywidualne)", "en": "total (individual)"},
        "ui.sample.note": {
            "pl": "Sonda uliczna to zliczenia odpowiedzi bez danych o poszczególnych osobach: "
            "wchodzi do rozkładów odpowiedzi, ale nie do tabel krzyżowych.",
            "en": "The street poll counts answers without individual records: it enters answer "
            "distributions but not cross-tabulations.",
        },
        "ui.quotes.code": {"pl": "Temat", "en": "Theme"},
        "ui.quotes.examples": {"pl": "Przykładowe wypowiedzi", "en": "Example answers"},
        "ui.rake.n": {"pl": "Liczba respondentów", "en": "Respondents"},
        "ui.rake.effective_n": {"pl": "Efektywna liczebność próby", "en": "Effective sample size"},
        "ui.rake.deff": {"pl": "Efekt schematu (deff)", "en": "Design effect"},
        "ui.rake.converged": {"pl": "Ważenie zbieżne", "en": "Converged"},
        "ui.rake.unraked": {"pl": "Bez wagi (brak danych)", "en": "Not weighted (missing data)"},
        "ui.yes": {"pl": "tak", "en": "yes"},
        "ui.no": {"pl": "nie", "en": "no"},
    }
)
