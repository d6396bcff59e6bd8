"""Compute the panel report from a workspace, then render it as HTML, XLSX and DOCX.

:func:`compute_report` asks the analysis and plan layers for their results and keeps them as
:class:`Section` trees of plain blocks (tables of values, figures as plotly JSON, texts).
:func:`render_html` fills the jinja2 template (autoescaping on; plotly.js embedded once);
:func:`render_xlsx` writes every table to its own sheet; :func:`swot.report.docx.render_docx`
lays the report out as a Word document. :func:`build_report` does all of it and writes the
files whole or not at all.

Examples
--------
>>> from swot.report import build_report              # doctest: +SKIP
>>> build_report(ws, "raport", progress=print)        # doctest: +SKIP
ReportFiles(html=PosixPath('raport/raport.html'), xlsx=PosixPath('raport/raport.xlsx'),
            docx=PosixPath('raport/raport.docx'), notes=())
"""

from __future__ import annotations

import io
import json
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from swot.errors import SwotError
from swot.i18n import get_language, register, set_language, t
from swot.matrix import QUADRANT_COLOURS
from swot.model import Factor, Institution, Quadrant, StrategyKind, Task
from swot.paths import check_path, output_folder, write_whole
from swot.store import Workspace

if TYPE_CHECKING:
    from swot.plan_io import PlanTable
    from swot.report.docx import ChartImages, DocxLayout

__all__ = [
    "FORMATS",
    "Chart",
    "Markup",
    "Report",
    "ReportFiles",
    "Section",
    "SwotGrid",
    "Table",
    "Text",
    "TraceList",
    "build_report",
    "compute_report",
    "render_html",
    "render_xlsx",
]

#: ``progress(step, i, total)``: the step about to run, its number (1-based) and how many.
Progress = Callable[[str, int, int], None]

#: Steps of :func:`compute_report`: loading the data, then the seven sections.
_COMPUTE_STEPS = ("data", "method", "results", "swot", "compare", "cooperation", "plans", "trace")

HTML_NAME = "raport.html"
XLSX_NAME = "raport.xlsx"
DOCX_NAME = "raport.docx"
#: The files :func:`build_report` can write, in the order it writes them.
FORMATS = ("html", "xlsx", "docx")

register(
    {
        "report.title": {"pl": "Raport dla panelu", "en": "Report for the panel"},
        "report.generated": {
            "pl": "Wygenerowano {date} programem swot.",
            "en": "Generated on {date} with swot.",
        },
        "report.toc": {"pl": "Spis treści", "en": "Contents"},
        "report.privacy": {
            "pl": (
                "Raport nie zawiera danych osobowych: tylko zestawienia zbiorcze, zanonimizowane "
                "cytaty z odpowiedzi otwartych i tabele krzyżowe bez komórek o liczności 1–4."
            ),
            "en": (
                "The report holds no personal data: only aggregates, masked quotes from open "
                "answers and cross-tables without cells of 1-4 people."
            ),
        },
        "report.step.data": {"pl": "Wczytywanie danych konsultacji", "en": "Loading the data"},
        "report.step.method": {"pl": "Metoda i próba", "en": "Method and sample"},
        "report.step.results": {"pl": "Wyniki konsultacji", "en": "Consultation results"},
        "report.step.swot": {"pl": "SWOT i TOWS ośrodków", "en": "SWOT and TOWS"},
        "report.step.compare": {"pl": "Porównanie ośrodków", "en": "Comparison"},
        "report.step.cooperation": {"pl": "Plan współpracy", "en": "Cooperation plan"},
        "report.step.plans": {"pl": "Plany rozwoju", "en": "Development plans"},
        "report.step.trace": {"pl": "Aneks: pochodzenie zadań", "en": "Appendix: trace"},
        "report.step.html": {"pl": "Zapisywanie raportu HTML", "en": "Writing the HTML"},
        "report.step.xlsx": {"pl": "Zapisywanie tabel XLSX", "en": "Writing the XLSX"},
        "report.step.images": {
            "pl": "Rysowanie wykresów do dokumentu DOCX",
            "en": "Drawing the charts for the DOCX",
        },
        "report.step.docx": {"pl": "Zapisywanie dokumentu DOCX", "en": "Writing the DOCX"},
        "report.error.formats": {
            "pl": (
                "Nieznany format raportu: {got}. Wybierz spośród: {allowed} (co najmniej jeden)."
            ),
            "en": "Unknown report format: {got}. Choose from: {allowed} (at least one).",
        },
        "report.method": {
            "pl": "Metoda konsultacji i próba",
            "en": "Consultation method and sample",
        },
        "report.method.text": {
            "pl": (
                "Mieszkańców pytano kilkoma kanałami: ankietą internetową, ankietami "
                "papierowymi, ankietami na wydarzeniach, sondą uliczną i w rozmowach. "
                "Łącznie wypełniono {n} ankiet indywidualnych{street}. Próba nie jest losowa: "
                "przedziały ufności (95%, metoda Wilsona) pokazują tylko błąd losowy, "
                "nie obciążenie wynikające z tego, kto zechciał odpowiedzieć."
            ),
            "en": (
                "Residents were asked through several channels: an online survey, paper "
                "questionnaires, questionnaires at events, a street poll and conversations. "
                "{n} individual questionnaires were filled in{street}. The sample is not random: "
                "the 95% (Wilson) confidence intervals show only sampling error, not the bias "
                "of who chose to answer."
            ),
        },
        "report.method.street": {
            "pl": ", a w sondzie ulicznej zliczono odpowiedzi {n} osób",
            "en": ", and the street poll counted the answers of {n} people",
        },
        "report.no_data": {
            "pl": "Brak zapisanych danych z konsultacji.",
            "en": "No consultation data saved.",
        },
        "report.sample": {"pl": "Liczba odpowiedzi według kanału", "en": "Answers by channel"},
        "report.channel": {"pl": "Kanał", "en": "Channel"},
        "report.n": {"pl": "Liczba osób", "en": "People"},
        "report.total": {
            "pl": "razem (ankiety indywidualne)",
            "en": "total (individual questionnaires)",
        },
        "report.sample.note": {
            "pl": (
                "Sonda uliczna to zliczenia bez danych o poszczególnych osobach: wchodzi do "
                "rozkładów odpowiedzi, ale nie do tabel krzyżowych."
            ),
            "en": (
                "The street poll holds counts without individual people: it enters answer "
                "distributions but not cross-tables."
            ),
        },
        "report.crosstab": {"pl": "{row} według: {col}", "en": "{row} by {col}"},
        "report.results": {"pl": "Wyniki konsultacji", "en": "Consultation results"},
        "report.results.all": {"pl": "Wszyscy badani", "en": "All respondents"},
        "report.participation": {
            "pl": "Udział w ofercie ośrodków w ostatnich 12 miesiącach",
            "en": "Taking part in the centres' activities in the last 12 months",
        },
        "report.satisfaction": {
            "pl": "Jak mieszkańcy oceniają ofertę ośrodków",
            "en": "How residents rate the centres' offer",
        },
        "report.needs": {
            "pl": "Czego najbardziej brakuje w ofercie",
            "en": "What the offer lacks most",
        },
        "report.barriers": {
            "pl": "Co utrudnia korzystanie z oferty",
            "en": "What makes taking part hard",
        },
        "report.open": {
            "pl": "O czym mówią odpowiedzi otwarte",
            "en": "What the open answers are about",
        },
        "report.quotes": {
            "pl": "Przykładowe wypowiedzi (zanonimizowane)",
            "en": "Example answers (masked)",
        },
        "report.col.option": {"pl": "Odpowiedź", "en": "Answer"},
        "report.col.subject": {"pl": "Ośrodek", "en": "Centre"},
        "report.col.count": {"pl": "Liczba", "en": "Count"},
        "report.col.base": {"pl": "Podstawa", "en": "Base"},
        "report.col.share": {"pl": "Odsetek", "en": "Share"},
        "report.col.ci": {"pl": "95% przedział", "en": "95% interval"},
        "report.col.question": {"pl": "Pytanie", "en": "Question"},
        "report.col.mean": {"pl": "Średnia (1–5)", "en": "Mean (1-5)"},
        "report.col.top2": {"pl": "Ocena dobra lub bardzo dobra", "en": "Good or very good"},
        "report.col.kind": {"pl": "Rodzaj", "en": "Kind"},
        "report.col.rank": {"pl": "Miejsce", "en": "Rank"},
        "report.col.code": {"pl": "Temat", "en": "Theme"},
        "report.col.examples": {"pl": "Przykłady", "en": "Examples"},
        "report.kind.need": {"pl": "brakuje", "en": "need"},
        "report.kind.barrier": {"pl": "przeszkadza", "en": "barrier"},
        "report.needs_centre": {
            "pl": "{name}: czego brakuje i co przeszkadza odbiorcom",
            "en": "{name}: what its audience misses and what keeps it away",
        },
        "report.ipa": {"pl": "{name}: ważność a ocena", "en": "{name}: importance and rating"},
        "report.swot": {"pl": "Analizy SWOT i strategie TOWS", "en": "SWOT analyses and TOWS"},
        "report.swot.title": {"pl": "Analiza SWOT", "en": "SWOT analysis"},
        "report.tows": {"pl": "Strategie TOWS", "en": "TOWS strategies"},
        "report.tows.none": {
            "pl": "Zespół nie zapisał jeszcze strategii.",
            "en": "The team has not written any strategies yet.",
        },
        "report.col.tows_kind": {"pl": "Typ strategii", "en": "Strategy type"},
        "report.col.strategy": {"pl": "Strategia", "en": "Strategy"},
        "report.col.factors": {"pl": "Łączy czynniki", "en": "Combines factors"},
        "report.col.factor": {"pl": "Czynnik", "en": "Factor"},
        "report.col.quadrant": {"pl": "Ćwiartka", "en": "Quadrant"},
        "report.col.importance": {"pl": "Ważność (1–5)", "en": "Importance (1-5)"},
        "report.col.category": {"pl": "Kategoria", "en": "Category"},
        "report.none": {"pl": "brak", "en": "none"},
        "report.compare": {
            "pl": "Porównanie ośrodków i wspólne tematy",
            "en": "Comparison of the centres and shared themes",
        },
        "report.themes": {"pl": "Wspólne tematy", "en": "Shared themes"},
        "report.col.theme": {"pl": "Temat", "en": "Theme"},
        "report.col.institutions": {"pl": "Ośrodki", "en": "Centres"},
        "report.col.status": {"pl": "Status", "en": "Status"},
        "report.theme.confirmed": {"pl": "zatwierdzony", "en": "confirmed"},
        "report.theme.suggested": {"pl": "propozycja", "en": "suggested"},
        "report.candidates": {"pl": "Możliwe obszary współpracy", "en": "Possible cooperation"},
        "report.cooperation": {"pl": "Plan współpracy ośrodków", "en": "Cooperation plan"},
        "report.cooperation.none": {
            "pl": "Ośrodki nie zapisały jeszcze wspólnych celów.",
            "en": "The centres have not written joint goals yet.",
        },
        "report.cooperation.plan": {
            "pl": "Wspólne cele, zadania i wskaźniki",
            "en": "Joint goals, tasks and indicators",
        },
        "report.plans": {"pl": "Plany rozwoju ośrodków", "en": "Development plans"},
        "report.plan.title": {
            "pl": "Plan rozwoju: {name}",
            "en": "Development plan: {name}",
        },
        "report.plan.none": {
            "pl": "Ośrodek nie zapisał jeszcze planu.",
            "en": "The centre has not written its plan yet.",
        },
        "report.timeline": {"pl": "Harmonogram zadań: {name}", "en": "Task timeline: {name}"},
        "report.monitoring": {
            "pl": "Wskaźniki i stan realizacji",
            "en": "Indicators and monitoring status",
        },
        "report.monitoring.no_horizon": {
            "pl": (
                "Stan realizacji wskaźników pojawi się, gdy zostanie ustalony okres planu "
                "(np. 2019–2021)."
            ),
            "en": "The indicators' status appears once the plan period is set (e.g. 2019-2021).",
        },
        "report.col.task": {"pl": "Zadanie", "en": "Task"},
        "report.col.indicator": {"pl": "Wskaźnik", "en": "Indicator"},
        "report.col.baseline": {"pl": "Wartość bazowa", "en": "Baseline"},
        "report.col.target": {"pl": "Wartość docelowa", "en": "Target"},
        "report.col.reached": {"pl": "Osiągnięto (ostatni rok)", "en": "Reached (latest)"},
        "report.col.reason": {"pl": "Uzasadnienie", "en": "Why"},
        "report.checks": {"pl": "Kontrola jakości planu", "en": "Plan quality checks"},
        "report.checks.ok": {
            "pl": "Kontrola nie znalazła problemów.",
            "en": "The checks found no problems.",
        },
        "report.col.severity": {"pl": "Waga", "en": "Severity"},
        "report.col.problem": {"pl": "Problem", "en": "Problem"},
        "report.col.hint": {"pl": "Jak poprawić", "en": "How to fix"},
        "report.trace": {
            "pl": "Aneks: skąd się wzięło każde zadanie",
            "en": "Appendix: where every task comes from",
        },
        "report.trace.text": {
            "pl": (
                "Każde zadanie planu prowadzi przez strategię TOWS do czynników SWOT, a od nich "
                "do wniosków z diagnozy potrzeb i innych źródeł."
            ),
            "en": (
                "Every planned task leads through a TOWS strategy to SWOT factors, and from "
                "them to the findings of the needs diagnosis and other sources."
            ),
        },
        "report.trace.joint": {"pl": "Plan współpracy", "en": "Cooperation plan"},
        "report.trace.none": {"pl": "Brak zadań w planie.", "en": "No tasks in the plan."},
        "report.sheet.index": {"pl": "Spis tabel", "en": "Tables"},
        "report.sheet.sheet": {"pl": "Arkusz", "en": "Sheet"},
        "report.sheet.table": {"pl": "Tabela", "en": "Table"},
        "report.ci_low": {"pl": "{heading} – od", "en": "{heading} - from"},
        "report.ci_high": {"pl": "{heading} – do", "en": "{heading} - to"},
        "report.error.target": {
            "pl": (
                "Nie można zapisać raportu w {path}: to plik, a nie folder. Wskaż folder "
                "(zostanie utworzony, jeśli go nie ma)."
            ),
            "en": (
                "Cannot save the report in {path}: it is a file, not a folder. Give a "
                "folder (it is created when missing)."
            ),
        },
        "report.error.parent": {
            "pl": "Nie można utworzyć folderu {path}: folder {parent} nie istnieje. Utwórz go.",
            "en": "Cannot create the folder {path}: {parent} does not exist. Create it.",
        },
        "report.error.write": {
            "pl": "Nie można zapisać pliku {path} ({reason}). Wybierz inny folder.",
            "en": "Cannot write {path} ({reason}). Choose another folder.",
        },
    }
)


# --- the report as values ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """A table of plain values; ``formats`` says per column how to show them.

    Formats: ``"text"``, ``"int"``, ``"pct"`` (a share 0-1), ``"dec"`` (a decimal),
    ``"ci"`` (a ``(low, high)`` pair of shares; two columns in the XLSX), ``"lines"``
    (a tuple of texts, one per line). ``None`` shows as a dash (a hidden or missing value).
    """

    kind: ClassVar[str] = "table"
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    formats: tuple[str, ...]
    note: str = ""
    css: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A plotly figure as its JSON (``fig.to_json()``), drawn by the embedded plotly.js."""

    kind: ClassVar[str] = "chart"
    id: str
    title: str
    spec: str


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph of plain text (escaped when rendered)."""

    kind: ClassVar[str] = "text"
    text: str
    css: str = ""


@dataclass(frozen=True, slots=True)
class Markup:
    """HTML made by another renderer that escapes its own texts (e.g. ``plan_to_html``).

    ``plan`` is the development plan the HTML shows, as values, so that other renderers
    lay it out natively (the DOCX in the official plan layout) instead of pasting HTML.
    """

    kind: ClassVar[str] = "markup"
    html: str
    plan: PlanTable | None = None


@dataclass(frozen=True, slots=True)
class SwotGrid:
    """An institution's SWOT as four coloured quadrants of (importance, text) items."""

    kind: ClassVar[str] = "swot"
    quadrants: tuple[tuple[str, str, str, str, tuple[tuple[int, str], ...]], ...]
    # (label, fill, edge, ink, items)


@dataclass(frozen=True, slots=True)
class TraceList:
    """Traces of a plan's tasks as nested items: (label, title, strategies, gaps)."""

    kind: ClassVar[str] = "trace"
    tasks: tuple[dict[str, Any], ...]


Block = Table | Chart | Text | Markup | SwotGrid | TraceList


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of the report; ``anchor`` is its id in the HTML."""

    anchor: str
    title: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

    def walk(self) -> list[Section]:
        """This section and every section under it, in reading order."""
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report as values: title, subtitle, date, sections and the centres' names."""

    title: str
    subtitle: str
    generated: str
    lang: str
    sections: tuple[Section, ...]
    institutions: tuple[str, ...] = ()

    def tables(self) -> list[Table]:
        """Every table, in reading order (the XLSX sheets)."""
        return [
            b for s in self.sections for x in s.walk() for b in x.blocks if isinstance(b, Table)
        ]

    def charts(self) -> list[Chart]:
        """Every chart, in reading order."""
        return [
            b for s in self.sections for x in s.walk() for b in x.blocks if isinstance(b, Chart)
        ]


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """The files :func:`build_report` wrote (``None``: a format not asked for).

    ``notes`` are warnings for the user, e.g. that the DOCX shows a placeholder instead of
    the charts because Chromium could not draw them.
    """

    html: Path | None
    xlsx: Path | None
    docx: Path | None = None
    notes: tuple[str, ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files written, in the order of :data:`FORMATS`."""
        return tuple(p for p in (self.html, self.xlsx, self.docx) if p is not None)


# --- compute -------------------------------------------------------------------------------------


@dataclass
class _Builder:
    ws: Workspace
    today_year: int | None
    charts: int = 0
    institutions: list[Institution] = field(default_factory=list)

    #: called with each chart as soon as it is computed (the DOCX draws it meanwhile)
    on_chart: Callable[[Chart], None] | None = None

    def chart(self, fig: Any, title: str) -> Chart:
        self.charts += 1
        chart = Chart(f"swot-fig-{self.charts}", title, fig.to_json())
        if self.on_chart is not None:
            self.on_chart(chart)
        return chart


def _ci(low: Any, high: Any) -> tuple[float, float] | None:
    if low is None or high is None or _nan(low) or _nan(high):
        return None
    return (float(low), float(high))


def _nan(value: Any) -> bool:
    """Whether a cell value is missing (None, NaN or pandas' NA)."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _num(value: Any) -> Any:
    """A value for a table cell: NaN/NA become ``None``, numpy scalars plain Python."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def _freq_table(freq: Any, title: str, *, subject: bool = False) -> Table:
    """Frequencies (``diagnosis.frequencies``) as a table with Wilson intervals."""
    data = freq[~freq["dont_know"]] if "dont_know" in freq else freq
    headings = [t("report.col.option"), t("report.col.count"), t("report.col.base")]
    headings += [t("report.col.share"), t("report.col.ci")]
    formats = ["text", "int", "int", "pct", "ci"]
    if subject:
        headings.insert(0, t("report.col.subject"))
        formats.insert(0, "text")
    rows = []
    for _, row in data.iterrows():
        cells: list[Any] = [
            str(row["option"]),
            _num(row["count"]),
            _num(row["base"]),
            _num(row["share"]),
            _ci(row["ci_low"], row["ci_high"]),
        ]
        if subject:
            cells.insert(0, str(row.get("label", "")))
        rows.append(tuple(cells))
    return Table(
        title, tuple(headings), tuple(rows), tuple(formats), str(freq.attrs.get("note", ""))
    )


def _crosstab_table(table: Any, codebook: Any, title: str) -> Table:
    """A cross-table as it may be published: counts, small cells (and their give-aways) hidden."""
    published = table.published("counts")
    first = codebook.get(table.row)
    headings = [first.label if first is not None else table.row, *map(str, published.columns)]
    rows = [
        (str(label), *(None if _nan(v) else int(v) for v in row))
        for label, row in zip(published.index, published.itertuples(index=False), strict=True)
    ]
    formats = ("text", *("int",) * len(published.columns))
    return Table(title, tuple(headings), tuple(rows), formats, str(table.note), "swot-crosstab")


def compute_report(
    ws: Workspace, *, progress: Progress | None = None, today_year: int | None = None
) -> Report:
    """Gather every section of the panel report from ``ws`` (in the current language).

    ``today_year`` is the year monitoring is judged at (default: this year).
    ``progress(step, i, total)`` is called before each of the eight steps.
    """
    return _compute(ws, progress, today_year, len(_COMPUTE_STEPS))


def _compute(
    ws: Workspace,
    progress: Progress | None,
    today_year: int | None,
    total: int,
    on_chart: Callable[[Chart], None] | None = None,
) -> Report:
    """:func:`compute_report`, counting its steps out of ``total`` (the whole build's).

    ``on_chart`` is called with each chart as soon as it is computed.
    """
    from swot import survey

    b = _Builder(ws, today_year, institutions=list(ws.institutions()), on_chart=on_chart)
    sections_by_key: dict[str, Callable[[_Builder, Any], Section]] = {
        "method": _method,
        "results": _results,
        "swot": _swot,
        "compare": _compare,
        "cooperation": _cooperation,
        "plans": _plans,
        "trace": _trace,
    }
    data = None
    sections: list[Section] = []
    for i, key in enumerate(_COMPUTE_STEPS, start=1):
        if progress is not None:
            progress(t(f"report.step.{key}"), i, total)
        if key == "data":
            data = survey.load_survey(ws)
        else:
            sections.append(sections_by_key[key](b, data))
    return Report(
        title=t("report.title"),
        subtitle=ws.name,
        generated=t("report.generated", date=date.today().isoformat()),
        lang=get_language(),
        sections=tuple(sections),
        institutions=tuple(i.name for i in b.institutions),
    )


def _method(b: _Builder, data: Any) -> Section:
    from swot import diagnosis

    blocks: list[Block] = []
    counts = data.n_by_channel()
    individual = sum(v for k, v in counts.items() if k != "street")
    street = counts.get("street", 0)
    street_text = t("report.method.street", n=street) if street else ""
    blocks.append(Text(t("report.method.text", n=individual, street=street_text)))
    if data.n == 0 and not street:
        blocks.append(Text(t("report.no_data"), "swot-empty"))
        return Section("metoda", t("report.method"), tuple(blocks))
    rows = [(t(f"channel.{k}", default=k), v) for k, v in counts.items()]
    rows.append((t("report.total"), individual))
    blocks.append(
        Table(
            t("report.sample"),
            (t("report.channel"), t("report.n")),
            tuple(rows),
            ("text", "int"),
            t("report.sample.note"),
        )
    )
    codebook = data.codebook
    if "age" in codebook and data.n:
        freq = diagnosis.frequencies(data.responses, codebook, "age", tallies=data.tallies)
        title = codebook["age"].label
        blocks.append(b.chart(_frequency_bars(freq, title), title))
        blocks.append(_freq_table(freq, title))
        table = diagnosis.crosstab(data.responses, codebook, "age", "channel")
        table = _channel_labels(table)
        blocks.append(
            _crosstab_table(
                table, codebook, t("report.crosstab", row=title, col=t("report.channel"))
            )
        )
    return Section("metoda", t("report.method"), tuple(blocks))


def _channel_labels(table: Any) -> Any:
    """The cross-table with channel codes shown as their names."""
    import dataclasses

    def rename(frame: Any) -> Any:
        return frame.rename(columns=lambda c: t(f"channel.{c}", default=str(c)))

    return dataclasses.replace(
        table,
        counts=rename(table.counts),
        row_percent=rename(table.row_percent),
        suppressed=rename(table.suppressed),
        complementary=rename(table.complementary),
    )


def _frequency_bars(freq: Any, title: str) -> Any:
    from swot import charts

    return charts.frequency_bars(freq, title)


def _results(b: _Builder, data: Any) -> Section:
    from swot import charts, diagnosis

    codebook = data.codebook
    if data.n == 0:
        return Section("wyniki", t("report.results"), (Text(t("report.no_data"), "swot-empty"),))
    blocks: list[Block] = []
    responses, tallies = data.responses, data.tallies
    if codebook.group("participation"):
        freq = diagnosis.group_frequencies(responses, codebook, "participation", tallies=tallies)
        title = t("report.participation")
        blocks.append(b.chart(charts.stacked_shares(freq, title), title))
        blocks.append(_freq_table(freq, title, subject=True))
    if codebook.group("satisfaction"):
        summary = diagnosis.likert_summary(responses, codebook, "satisfaction")
        title = t("report.satisfaction")
        blocks.append(b.chart(charts.likert_bars(summary, title), title))
        rows = tuple(
            (
                str(r["label"]),
                _num(r["n_valid"]),
                _num(r["mean"]),
                _ci(r["mean_low"], r["mean_high"]),
                _num(r["top2_share"]),
                _ci(r["top2_low"], r["top2_high"]),
            )
            for _, r in summary.iterrows()
        )
        headings = (
            t("report.col.question"),
            t("report.col.base"),
            t("report.col.mean"),
            t("report.col.ci"),
            t("report.col.top2"),
            t("report.col.ci"),
        )
        blocks.append(Table(title, headings, rows, ("text", "int", "dec", "dci", "pct", "ci")))
    for name, key in (("needs", "report.needs"), ("barriers", "report.barriers")):
        if name in codebook:
            freq = diagnosis.frequencies(responses, codebook, name, tallies=tallies)
            title = t(key)
            blocks.append(b.chart(charts.frequency_bars(freq, title), title))
            blocks.append(_freq_table(freq, title))
    if "suggestions" in codebook:
        coded = diagnosis.code_open_answers(responses["suggestions"])
        if len(coded.texts):
            title = t("report.open")
            blocks.append(b.chart(charts.open_codes_bars(coded, title), title))
            quotes = tuple(
                (str(r["code"]), int(r["count"]), tuple(coded.quotes(str(r["code"]), 2)))
                for _, r in coded.counts.head(6).iterrows()
                if int(r["count"])
            )
            quote_headings = (
                t("report.col.code"),
                t("report.col.count"),
                t("report.col.examples"),
            )
            blocks.append(
                Table(t("report.quotes"), quote_headings, quotes, ("text", "int", "lines"))
            )
    overall = Section("wyniki-ogolem", t("report.results.all"), tuple(blocks))

    children = [overall]
    labels = diagnosis.aspect_labels(codebook)
    for institution in b.institutions:
        own: list[Block] = []
        if "needs" in codebook or "barriers" in codebook:
            unmet = diagnosis.unmet_needs(responses, codebook, institution, tallies=tallies)
            title = t("report.needs_centre", name=institution.label)
            if len(unmet):
                own.append(b.chart(charts.needs_ranking(unmet, title), title))
                rows = tuple(
                    (
                        t(f"report.kind.{r['kind']}"),
                        int(r["rank"]),
                        str(r["option"]),
                        _num(r["base"]),
                        _num(r["share"]),
                        _ci(r["ci_low"], r["ci_high"]),
                    )
                    for _, r in unmet.iterrows()
                )
                headings = (
                    t("report.col.kind"),
                    t("report.col.rank"),
                    t("report.col.option"),
                    t("report.col.base"),
                    t("report.col.share"),
                    t("report.col.ci"),
                )
                own.append(
                    Table(
                        title,
                        headings,
                        rows,
                        ("text", "int", "text", "int", "pct", "ci"),
                        str(unmet.attrs.get("note", "")),
                    )
                )
        if codebook.group(f"rating_{institution.id}"):
            ipa = diagnosis.importance_performance(responses, codebook, institution.id)
            title = t("report.ipa", name=institution.label)
            fig = charts.importance_performance_grid(ipa, title, aspect_labels=labels)
            own.append(b.chart(fig, title))
        participation = f"participation_{institution.id}"
        if "age" in codebook and participation in codebook:
            table = diagnosis.crosstab(responses, codebook, "age", participation)
            title = t(
                "report.crosstab",
                row=codebook["age"].label,
                col=codebook[participation].label,
            )
            own.append(_crosstab_table(table, codebook, title))
        children.append(Section(f"wyniki-{_slug(institution.id)}", institution.name, tuple(own)))
    return Section("wyniki", t("report.results"), (), tuple(children))


def _swot(b: _Builder, data: Any) -> Section:
    from swot import tows

    children = []
    for institution in b.institutions:
        factors = b.ws.factors(institution.id)
        blocks: list[Block] = [_swot_grid(factors)]
        rows = [
            (f.quadrant.label, f.text, f.category, f.importance)
            for f in sorted(factors, key=lambda f: (list(Quadrant).index(f.quadrant), f.position))
        ]
        blocks.append(
            Table(
                f"{t('report.swot.title')}: {institution.label}",
                (
                    t("report.col.quadrant"),
                    t("report.col.factor"),
                    t("report.col.category"),
                    t("report.col.importance"),
                ),
                tuple(rows),
                ("text", "text", "text", "int"),
                css="swot-hidden-html",
            )
        )
        matrix = tows.tows_matrix(b.ws, institution.id)
        tows_rows = [
            (
                kind.value,
                entry.strategy.text,
                tuple(f"{f.quadrant.value}: {f.text}" for f in entry.factors),
            )
            for kind in StrategyKind
            for entry in matrix.cells.get(kind, ())
        ]
        title = f"{t('report.tows')}: {institution.label}"
        if tows_rows:
            blocks.append(
                Table(
                    title,
                    (
                        t("report.col.tows_kind"),
                        t("report.col.strategy"),
                        t("report.col.factors"),
                    ),
                    tuple(tows_rows),
                    ("text", "text", "lines"),
                )
            )
        else:
            blocks.append(Text(t("report.tows.none"), "swot-empty"))
        children.append(Section(f"swot-{_slug(institution.id)}", institution.name, tuple(blocks)))
    return Section("swot", t("report.swot"), (), tuple(children))


def _swot_grid(factors: Sequence[Factor]) -> SwotGrid:
    quadrants = []
    for quadrant in Quadrant:
        items = sorted(
            (f for f in factors if f.quadrant is quadrant),
            key=lambda f: (-f.importance, f.position),
        )
        fill, edge, ink = QUADRANT_COLOURS[quadrant]
        quadrants.append(
            (quadrant.label, fill, edge, ink, tuple((f.importance, f.text) for f in items))
        )
    return SwotGrid(tuple(quadrants))


def _compare(b: _Builder, data: Any) -> Section:
    from swot import charts, compare

    ws = b.ws
    blocks: list[Block] = []
    if data.n:
        result = compare.consultation_by_institution(data.responses, data.codebook, b.institutions)
        fig = charts.consultation_comparison(result)
        blocks.append(b.chart(fig, _figure_title(fig)))
        if "needs" in data.codebook:
            needs = compare.unmet_needs_by_institution(
                data.responses, data.codebook, b.institutions, top=5
            )
            if len(needs):
                fig = charts.unmet_needs_comparison(needs, labels=b.institutions)
                blocks.append(b.chart(fig, _figure_title(fig)))
    positions = compare.positions(ws)
    if positions.placed:
        fig = charts.positions_chart(positions)
        blocks.append(b.chart(fig, _figure_title(fig)))
    names = {i.id: i.label for i in b.institutions}
    themes = compare.workspace_themes(ws)
    rows = [
        (
            g.label,
            ", ".join(names.get(i, i) for i in g.institution_ids),
            ", ".join(Quadrant(q).label for q in g.quadrants),
            t("report.theme.confirmed") if g.confirmed else t("report.theme.suggested"),
        )
        for g in themes
    ]
    blocks.append(
        Table(
            t("report.themes"),
            (
                t("report.col.theme"),
                t("report.col.institutions"),
                t("report.col.quadrant"),
                t("report.col.status"),
            ),
            tuple(rows),
            ("text",) * 4,
        )
    )
    candidates = compare.cooperation_frame(compare.cooperation_candidates(themes), b.institutions)
    if len(candidates):
        areas = [
            (str(r["kind_label"]), str(r["theme"]), str(r["institutions"]))
            for _, r in candidates.iterrows()
        ]
        blocks.append(
            Table(
                t("report.candidates"),
                (t("report.col.kind"), t("report.col.theme"), t("report.col.institutions")),
                tuple(areas),
                ("text",) * 3,
            )
        )
    return Section("porownanie", t("report.compare"), tuple(blocks))


def _figure_title(fig: Any) -> str:
    import html

    text = fig.layout.title.text
    return html.unescape(str(text)) if text else ""


def _plan_blocks(b: _Builder, institution_id: str | None, name: str) -> list[Block]:
    from swot import charts, plan, plan_io

    ws = b.ws
    title = (
        t("report.cooperation.plan")
        if institution_id is None
        else t("report.plan.title", name=name)
    )
    table = plan_io.from_workspace(ws, institution_id, title=title)
    if not table.rows:
        key = "report.cooperation.none" if institution_id is None else "report.plan.none"
        return [Text(t(key), "swot-empty")]
    blocks: list[Block] = [Markup(plan_io.plan_to_html(table, fragment=True), plan=table)]
    rows = [
        (
            r.goal_label,
            r.task_label,
            r.responsible,
            tuple(r.cooperating),
            r.years,
            tuple(r.indicators),
        )
        for r in table.rows
    ]
    blocks.append(
        Table(
            table.title,
            tuple(table.headings),
            tuple(rows),
            ("text", "text", "text", "lines", "text", "lines"),
            css="swot-hidden-html",
        )
    )
    timeline = plan.timeline(ws, institution_id)
    if timeline.bars:
        title = t("report.timeline", name=name)
        blocks.append(b.chart(charts.plan_timeline(timeline, title=title), title))
    horizon = plan.plan_horizon(ws)
    monitoring = (
        plan.monitoring_table(ws, institution_id, horizon=horizon, today_year=b.today_year)
        if horizon is not None
        else []
    )
    if horizon is None:
        blocks.append(Text(t("report.monitoring.no_horizon"), "swot-empty"))
    if monitoring:
        rows_m = []
        for m in monitoring:
            reached = [y.actual for y in m.years if y.actual is not None]
            rows_m.append(
                (
                    m.task_number,
                    m.indicator_name,
                    m.baseline,
                    m.target_text,
                    reached[-1] if reached else None,
                    m.status_label,
                    m.reason,
                )
            )
        blocks.append(
            Table(
                f"{t('report.monitoring')}: {name}",
                (
                    t("report.col.task"),
                    t("report.col.indicator"),
                    t("report.col.baseline"),
                    t("report.col.target"),
                    t("report.col.reached"),
                    t("report.col.status"),
                    t("report.col.reason"),
                ),
                tuple(rows_m),
                ("text", "text", "dec", "text", "dec", "text", "text"),
                css="swot-monitoring",
            )
        )
    issues = plan.check_plan(ws, institution_id)
    if issues:
        blocks.append(
            Table(
                f"{t('report.checks')}: {name}",
                (t("report.col.severity"), t("report.col.problem"), t("report.col.hint")),
                tuple((i.severity.label, i.message, i.hint) for i in issues),
                ("text",) * 3,
            )
        )
    else:
        blocks.append(Text(t("report.checks.ok")))
    return blocks


def _cooperation(b: _Builder, data: Any) -> Section:
    blocks = _plan_blocks(b, None, t("report.trace.joint"))
    return Section("wspolpraca", t("report.cooperation"), tuple(blocks))


def _plans(b: _Builder, data: Any) -> Section:
    children = [
        Section(f"plan-{_slug(i.id)}", i.name, tuple(_plan_blocks(b, i.id, i.label)))
        for i in b.institutions
    ]
    return Section("plany", t("report.plans"), (), tuple(children))


def _trace(b: _Builder, data: Any) -> Section:
    children = []
    plans: list[tuple[str | None, str, str]] = [
        (i.id, f"aneks-{_slug(i.id)}", i.name) for i in b.institutions
    ]
    plans.append((None, "aneks-wspolpraca", t("report.trace.joint")))
    for institution_id, anchor, name in plans:
        traces = _traces(b.ws, institution_id)
        block: Block = TraceList(tuple(traces)) if traces else Text(t("report.trace.none"))
        children.append(Section(anchor, name, (block,)))
    return Section("aneks", t("report.trace"), (Text(t("report.trace.text")),), tuple(children))


def _traces(ws: Workspace, institution_id: str | None) -> list[dict[str, Any]]:
    from swot.trace import trace_task

    out = []
    for goal in ws.goals(institution_id):
        if goal.institution_id != institution_id:
            continue
        for task in sorted(ws.objects(Task, parent=goal.id), key=lambda x: x.number):
            trace = trace_task(ws, task.id)
            strategies = []
            for link in trace.strategies:
                factors = []
                for fl in link.factors:
                    evidence = []
                    for e in fl.evidence:
                        if e.finding is not None:
                            numbers = ", ".join(
                                f"{k}: {_plain_number(v)}" for k, v in e.finding.numbers
                            )
                            evidence.append(
                                {
                                    "finding": e.finding.statement,
                                    "numbers": numbers,
                                    "source": e.finding.source,
                                }
                            )
                        if e.source:
                            evidence.append({"finding": "", "numbers": "", "source": e.source})
                    factors.append(
                        {
                            "quadrant": fl.factor.quadrant.label,
                            "text": fl.factor.text,
                            "importance": fl.factor.importance,
                            "evidence": evidence,
                        }
                    )
                strategies.append(
                    {
                        "kind": link.strategy.kind.value,
                        "text": link.strategy.text,
                        "via_goal": link.via_goal,
                        "factors": factors,
                    }
                )
            out.append(
                {
                    "label": trace.label,
                    "goal": goal.title,
                    "goal_number": goal.number,
                    "title": task.title,
                    "strategies": strategies,
                    "gaps": list(trace.gaps),
                    "complete": t(
                        "trace.complete",
                        findings=len(trace.findings),
                        sources=len(trace.sources),
                    )
                    if trace.complete
                    else "",
                }
            )
    return out


def _plain_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}"
    return text.replace(".", ",") if get_language() == "pl" else text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "x"


# --- render: HTML --------------------------------------------------------------------------------


def _format(value: Any, kind: str, lang: str) -> Any:
    """A table cell as text (``lines``: a list of texts)."""
    comma = lang == "pl"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if kind == "lines":
        return [str(v) for v in value] if isinstance(value, tuple | list) else [str(value)]
    if kind == "pct":
        return f"{100 * value:.0f}%"
    if kind == "ci":
        low, high = value
        return f"{100 * low:.0f}–{100 * high:.0f}%"
    if kind in ("dec", "dci"):
        if kind == "dci":
            text = f"{value[0]:.2f}–{value[1]:.2f}"
        elif float(value).is_integer():
            text = str(int(value))
        else:
            text = f"{value:.2f}"
        return text.replace(".", ",") if comma else text
    if kind == "int":
        return str(int(value)) if isinstance(value, int | float) else str(value)
    return str(value)


def _script_json(text: str) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` as JSON escapes."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (plotly.js embedded once, every text escaped)."""
    import jinja2
    import markupsafe

    from swot.report.plotlyjs import bundle_text, trace_types

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("swot.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = lambda value, kind: _format(value, kind, report.lang)
    # JSON with <, > and & escaped cannot leave its <script> element
    env.filters["script_json"] = lambda text: markupsafe.Markup(_script_json(text))  # noqa: S704
    # only for Markup blocks: HTML from swot's own renderers, which escape every text
    env.filters["trusted"] = markupsafe.Markup
    # the smallest plotly.js that draws every chart (the cartesian bundle: a third of the size)
    types = trace_types(json.loads(chart.spec) for chart in report.charts())
    plotly_js = bundle_text(types).replace("</script", "<\\/script")
    return env.get_template("report.html.j2").render(
        report=report,
        toc_title=t("report.toc"),
        privacy=t("report.privacy"),
        plotly_js=markupsafe.Markup(plotly_js),  # noqa: S704 - plotly's own bundle
        numeric=("int", "pct", "ci", "dec", "dci"),
    )


# --- render: XLSX --------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip("' ")[:28] or "Tabela"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[: 28 - len(str(n))]} {n}"
    used.add(name.lower())
    return name


def _xlsx_text(cell: Any, value: str) -> None:
    """A text cell that never acts as a formula (as :func:`swot.exports.to_xlsx` writes them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from swot.exports import FORMULA_STARTS

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    cell.quotePrefix = value.startswith(FORMULA_STARTS)


def render_xlsx(report: Report) -> bytes:
    """Every table of the report on its own sheet, with an index sheet first.

    Texts are string cells, never formulas; a text that starts like a formula (``= + - @``)
    is marked as typed text (``quotePrefix``), so a spreadsheet shows it and never runs it.
    Shares are numbers formatted as percentages; an interval becomes two columns.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    index = book.active
    index.title = t("report.sheet.index")[:31]
    _xlsx_text(index.cell(row=1, column=1), report.title)
    index.cell(row=1, column=1).font = Font(bold=True, size=14)
    _xlsx_text(index.cell(row=2, column=1), report.subtitle)
    _xlsx_text(index.cell(row=3, column=1), report.generated)
    _xlsx_text(index.cell(row=5, column=1), t("report.sheet.sheet"))
    _xlsx_text(index.cell(row=5, column=2), t("report.sheet.table"))
    index.column_dimensions["A"].width = 30
    index.column_dimensions["B"].width = 80
    used = {index.title.lower()}
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE5F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, table in enumerate(report.tables(), start=1):
        sheet = book.create_sheet(_sheet_name(f"{number} {table.title}", used))
        _xlsx_text(index.cell(row=5 + number, column=1), sheet.title)
        _xlsx_text(index.cell(row=5 + number, column=2), table.title)
        _xlsx_text(sheet.cell(row=1, column=1), table.title)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        headings: list[str] = []
        for heading, kind in zip(table.headings, table.formats, strict=True):
            if kind in ("ci", "dci"):
                headings += [
                    t("report.ci_low", heading=heading),
                    t("report.ci_high", heading=heading),
                ]
            else:
                headings.append(heading)
        for col, heading in enumerate(headings, start=1):
            cell = sheet.cell(row=3, column=col)
            _xlsx_text(cell, heading)
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
        for r, row in enumerate(table.rows, start=4):
            col = 1
            for value, kind in zip(row, table.formats, strict=True):
                values: list[Any]
                if kind in ("ci", "dci"):
                    values = [None, None] if value is None else [value[0], value[1]]
                elif kind == "lines":
                    values = ["\n".join(map(str, value)) if value else None]
                else:
                    values = [value]
                for v in values:
                    cell = sheet.cell(row=r, column=col)
                    if isinstance(v, str):
                        if v:
                            _xlsx_text(cell, v)
                    elif isinstance(v, bool):
                        cell.value = int(v)
                    elif isinstance(v, int | float):
                        cell.value = v
                        if kind in ("pct", "ci"):
                            cell.number_format = "0.0%"
                    cell.alignment = wrap
                    col += 1
        if table.note:
            _xlsx_text(sheet.cell(row=len(table.rows) + 5, column=1), table.note)
        for col in range(1, len(headings) + 1):
            letter = sheet.cell(row=3, column=col).column_letter
            sheet.column_dimensions[letter].width = 40 if col <= 2 else 16
        sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- build ---------------------------------------------------------------------------------------


def build_report(
    ws: Workspace,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "pl",
    progress: Progress | None = None,
    today_year: int | None = None,
    formats: Sequence[str] = FORMATS,
) -> ReportFiles:
    """Write the panel report of ``ws`` into ``out_dir``: ``raport.html``, ``.xlsx``, ``.docx``.

    ``out_dir`` is created when missing (its parent must exist). ``lang`` is the report's
    language (``"pl"`` or ``"en"``); the interface language is restored afterwards.
    ``formats`` chooses the files (any of :data:`FORMATS`). ``progress(step, i, total)`` is
    called before each step. Each file is written whole or not at all.

    For the DOCX, Chromium draws every chart (one browser session, started at once so that
    it gets ready while the sections are computed). Without Chromium or kaleido the DOCX is
    still written, with a placeholder for each chart; :attr:`ReportFiles.notes` and an
    :class:`~swot.report.docx.ImageWarning` say so. Raises :class:`~swot.errors.PathError`
    for a folder that cannot be used.
    """
    from swot.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise SwotError(t("expect.choice", choices=", ".join(LANGUAGES)) + f": {lang!r}")
    wanted = tuple(formats)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        got = ", ".join(map(repr, unknown)) if unknown else "()"
        raise SwotError(t("report.error.formats", got=got, allowed=", ".join(FORMATS)))
    folder = output_folder(out_dir, messages="report.error")
    # the writing steps: one per file, and drawing the charts before the DOCX
    writing = [f for f in FORMATS if f in wanted]
    if "docx" in writing:
        writing.insert(writing.index("docx"), "images")
    total = len(_COMPUTE_STEPS) + len(writing)
    previous = get_language()
    set_language(lang)
    images_session: ChartImages | None = None
    cache = None
    cached: dict[str, bytes] = {}
    on_chart: Callable[[Chart], None] | None = None
    try:
        if "docx" in writing:
            from swot.report.docx import ChartImages, cached_charts, chart_cache_dir

            cache = chart_cache_dir()
            if cache is None or not any(cache.glob("*.png")):
                # nothing drawn before: Chromium starts while the sections are computed
                images_session = ChartImages()

            def on_chart(chart: Chart) -> None:
                # each chart is drawn while the next ones are computed, unless drawn before
                nonlocal images_session
                found = cached_charts([chart], cache)
                if found:
                    cached.update(found)
                    return
                if images_session is None:
                    images_session = ChartImages()
                images_session.add([chart])

        report = _compute(ws, progress, today_year, total, on_chart)
        if images_session is not None:
            images_session.draw()  # no more charts
        paths: dict[str, Path] = {}
        notes: list[str] = []
        images: dict[str, bytes] = {}
        layout: DocxLayout | None = None
        for i, step in enumerate(writing, start=len(_COMPUTE_STEPS) + 1):
            if progress is not None:
                progress(t(f"report.step.{step}"), i, total)
            if step == "html":
                paths[step] = folder / HTML_NAME
                write_whole(
                    check_path(paths[step]),
                    render_html(report).encode("utf-8"),
                    message="report.error.write",
                )
            elif step == "xlsx":
                paths[step] = folder / XLSX_NAME
                write_whole(
                    check_path(paths[step]), render_xlsx(report), message="report.error.write"
                )
            elif step == "images":
                from swot.report.docx import DocxLayout, keep_charts

                # the text is laid out while Chromium draws; then wait for the images
                layout = DocxLayout(report)
                drawn = images_session.result() if images_session is not None else {}
                if images_session is not None and images_session.problem:
                    notes.append(images_session.problem)
                keep_charts(report.charts(), drawn, cache)
                images = {**cached, **drawn}
            elif step == "docx" and layout is not None:
                paths[step] = folder / DOCX_NAME
                write_whole(
                    check_path(paths[step]), layout.finish(images), message="report.error.write"
                )
    finally:
        if images_session is not None:
            images_session.close()
        set_language(previous)
    return ReportFiles(paths.get("html"), paths.get("xlsx"), paths.get("docx"), tuple(notes))


def figure_specs(report: Report) -> dict[str, Any]:
    """Every chart's plotly spec by its id (for tests and previews)."""
    return {c.id: json.loads(c.spec) for c in report.charts()}
