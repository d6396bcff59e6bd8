"""An institution's SWOT board as files to take away: CSV, XLSX, Markdown and HTML.

Compute, then render: :func:`board_table` turns factors (and the findings their evidence
points to) into a :class:`BoardTable` of plain values; :func:`write_board` writes it in the
format the file name asks for. :func:`export_board` does both from a workspace.

Whatever a participant typed reaches the files as text and never as something that acts:

* CSV (UTF-8 with BOM and ``;``, which Excel with Polish settings opens directly): a cell that
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so
  a spreadsheet shows it instead of evaluating a formula (OWASP's advice for CSV injection).
* XLSX: every text is a string cell, never a formula, and a text that starts like a formula
  is marked as Excel marks typed text (``quotePrefix``): the text itself stays unchanged.
  Control characters XML cannot hold are dropped.
* Markdown: ``<``, ``>``, ``&`` become entities and Markdown's own characters are escaped.
* HTML: jinja2 with autoescaping; the page is self-contained (no scripts, styles inline).

Only the factor's author name (team attribution) leaves the workspace; no other personal data.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from swot.errors import PathError, SwotError
from swot.i18n import get_language, register, t
from swot.matrix import QUADRANT_COLOURS
from swot.model import Factor, Finding, Institution, Quadrant
from swot.paths import check_path, write_whole
from swot.store import Workspace

__all__ = [
    "BOARD_FORMATS",
    "BoardRow",
    "BoardTable",
    "board_table",
    "export_board",
    "neutralise_formula",
    "write_board",
]

#: File suffix -> format name.
BOARD_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".md": "md", ".html": "html", ".htm": "html"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ORDER = {q: i for i, q in enumerate(Quadrant)}

register(
    {
        "export.title": {"pl": "Analiza SWOT: {name}", "en": "SWOT analysis: {name}"},
        "export.quadrant": {"pl": "Ćwiartka", "en": "Quadrant"},
        "export.number": {"pl": "Lp.", "en": "No."},
        "export.text": {"pl": "Czynnik", "en": "Factor"},
        "export.category": {"pl": "Kategoria", "en": "Category"},
        "export.importance": {"pl": "Ważność (1–5)", "en": "Importance (1-5)"},
        "export.author": {"pl": "Autor", "en": "Author"},
        "export.evidence": {"pl": "Dowody", "en": "Evidence"},
        "export.none": {"pl": "brak czynników", "en": "no factors"},
        "export.generated": {
            "pl": "Wygenerowano {date} programem swot.",
            "en": "Generated on {date} with swot.",
        },
        "export.sheet": {"pl": "SWOT", "en": "SWOT"},
        "export.format": {
            "pl": (
                "Nie można zapisać tablicy SWOT jako „{suffix}”. Dozwolone rozszerzenia "
                "plików: {allowed}."
            ),
            "en": "Cannot save the SWOT board as '{suffix}'. Allowed file types: {allowed}.",
        },
        "export.folder": {
            "pl": "Nie można zapisać pliku {path}: folder {folder} nie istnieje. Utwórz go.",
            "en": "Cannot save {path}: the folder {folder} does not exist. Create it.",
        },
        "export.write": {
            "pl": "Nie można zapisać pliku {path} ({reason}). Wybierz inny folder lub nazwę.",
            "en": "Cannot write {path} ({reason}). Choose another folder or name.",
        },
    }
)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One factor as exported: plain texts and its importance."""

    quadrant: Quadrant
    number: int  # 1, 2, ... within the quadrant, in the board's order
    text: str
    category: str
    importance: int
    author: str
    evidence: str

    def cells(self) -> tuple[str | int, ...]:
        """Values in :data:`BoardTable.headings` order."""
        return (
            self.quadrant.label,
            self.number,
            self.text,
            self.category,
            self.importance,
            self.author,
            self.evidence,
        )


@dataclass(frozen=True, slots=True)
class BoardTable:
    """An institution's SWOT factors, ready to write (S, W, O, T; the team's order in each)."""

    title: str
    rows: tuple[BoardRow, ...]

    @property
    def headings(self) -> tuple[str, ...]:
        keys = ("quadrant", "number", "text", "category", "importance", "author", "evidence")
        return tuple(t(f"export.{key}") for key in keys)

    def quadrant(self, quadrant: Quadrant) -> tuple[BoardRow, ...]:
        return tuple(row for row in self.rows if row.quadrant is quadrant)


def board_table(
    factors: Iterable[Factor], *, findings: Iterable[Finding] = (), title: str = ""
) -> BoardTable:
    """The rows of a SWOT board; evidence names the finding (and its source) or the source.

    >>> f = Factor(institution_id="mok", quadrant="W", text="Brak windy", importance=4,
    ...            evidence=[{"source": "wizja lokalna 2019"}])
    >>> board_table([f]).rows[0].cells()
    ('Słabe strony', 1, 'Brak windy', '', 4, '', 'wizja lokalna 2019')
    """
    by_id = {f.id: f for f in findings}
    ordered = sorted(factors, key=lambda f: (_ORDER[f.quadrant], f.position))
    rows: list[BoardRow] = []
    counters = dict.fromkeys(Quadrant, 0)
    for factor in ordered:
        counters[factor.quadrant] += 1
        rows.append(
            BoardRow(
                factor.quadrant,
                counters[factor.quadrant],
                factor.text,
                factor.category,
                factor.importance,
                factor.author,
                "; ".join(_evidence(e.finding_id, e.source, by_id) for e in factor.evidence),
            )
        )
    return BoardTable(title, tuple(rows))


def _evidence(finding_id: str | None, source: str, findings: dict[str, Finding]) -> str:
    parts = []
    if finding_id is not None:
        finding = findings.get(finding_id)
        parts.append(f"{finding.statement} ({finding.source})" if finding else finding_id)
    if source:
        parts.append(source)
    return " — ".join(parts)


def export_board(
    ws: Workspace, institution_id: str, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write the institution's SWOT board to ``path`` (format from the suffix or ``format``)."""
    institution = ws.get(Institution, institution_id)
    findings = ws.objects(Finding)
    table = board_table(
        ws.factors(institution_id),
        findings=findings,
        title=t("export.title", name=institution.name),
    )
    return write_board(table, path, format=format)


def write_board(
    table: BoardTable, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write ``table`` as CSV, XLSX, Markdown or HTML; the file is written whole or not at all.

    Raises :class:`~swot.errors.PathError` for an unsafe path or a missing folder and
    :class:`~swot.errors.SwotError` for an unknown format.
    """
    target = check_path(path)
    suffix = f".{format.lower().lstrip('.')}" if format else target.suffix.lower()
    kind = BOARD_FORMATS.get(suffix)
    if kind is None:
        allowed = ", ".join(sorted(set(BOARD_FORMATS)))
        raise SwotError(t("export.format", suffix=suffix or target.name, allowed=allowed))
    if not target.parent.is_dir():
        raise PathError(t("export.folder", path=target, folder=target.parent))
    if kind == "csv":
        data = to_csv(table).encode("utf-8-sig")
    elif kind == "xlsx":
        data = to_xlsx(table)
    elif kind == "md":
        data = to_markdown(table).encode("utf-8")
    else:
        data = to_html(table).encode("utf-8")
    return write_whole(target, data, message="export.write")


# --- the formats ---------------------------------------------------------------------------------


def neutralise_formula(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, prefixed with ``'``; other values as given.

    >>> [neutralise_formula(v) for v in ("=1+1", "-5%", "Kadra", 3)]
    ["'=1+1", "'-5%", 'Kadra', 3]
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table: BoardTable) -> str:
    """CSV text: ``;``-separated, CRLF line ends, formulas neutralised (encode as utf-8-sig)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.headings)
    for row in table.rows:
        writer.writerow([neutralise_formula(v) for v in row.cells()])
    return out.getvalue()


def to_xlsx(table: BoardTable) -> bytes:
    """An XLSX workbook with one sheet: headings, one row per factor, all texts as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = t("export.sheet")
    sheet.append(list(table.headings))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row.cells(), start=1):
            cell = sheet.cell(row=index, column=column)
            if value == "":
                pass  # an empty cell, not an empty string
            elif isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # openpyxl would store "=..." as a formula
                cell.quotePrefix = value.startswith(FORMULA_STARTS)
            else:
                cell.value = value
            cell.alignment = wrap
    for letter, width in zip("ABCDEFG", (16, 6, 60, 18, 12, 18, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Inside a table cell (never at a line start) only these can start markup or end the cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(value: str | int) -> str:
    """A table cell's text: HTML characters as entities, Markdown's escaped, one line."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_markdown(table: BoardTable) -> str:
    """Markdown: a heading per quadrant and a table of its factors."""
    headings = table.headings[1:]
    lines = [f"# {_md(table.title or t('chart.matrix.title', default='SWOT'))}", ""]
    for quadrant in Quadrant:
        rows = table.quadrant(quadrant)
        lines += [f"## {_md(quadrant.label)} ({len(rows)})", ""]
        if not rows:
            lines += [f"*{_md(t('export.none'))}*", ""]
            continue
        lines.append("| " + " | ".join(_md(h) for h in headings) + " |")
        lines.append("|" + "|".join(["---:", "---", "---", "---:", "---", "---"]) + "|")
        for row in rows:
            lines.append("| " + " | ".join(_md(v) for v in row.cells()[1:]) + " |")
        lines.append("")
    lines.append(_md(t("export.generated", date=_today())))
    return "\n".join(lines) + "\n"


_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.5rem; }
section { margin: 1.5rem 0; border-left: 6px solid var(--edge); padding-left: 1rem; }
h2 { color: var(--ink); font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: var(--fill); }
td.n { text-align: right; white-space: nowrap; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
footer { color: #666; font-size: .85rem; }
@media print { body { margin: 1cm; } section { break-inside: avoid-page; } }
</style>
</head>
<body>
<h1>{{ title }}</h1>
{% for section in sections %}
<section style="--fill: {{ section.fill }}; --edge: {{ section.edge }}; --ink: {{ section.ink }}">
<h2>{{ section.label }} ({{ section.rows | length }})</h2>
{% if section.rows %}
<table>
<thead><tr>{% for h in headings %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in section.rows %}
<tr><td class="n">{{ row.number }}</td><td class="text">{{ row.text }}</td>\
<td>{{ row.category }}</td><td class="n">{{ row.importance }}</td>\
<td>{{ row.author }}</td><td class="text">{{ row.evidence }}</td></tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p><em>{{ none }}</em></p>
{% endif %}
</section>
{% endfor %}
<footer>{{ generated }}</footer>
</body>
</html>
"""


def to_html(table: BoardTable) -> str:
    """A self-contained HTML page (no scripts, no external files), every text escaped."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    sections = [
        {
            "label": quadrant.label,
            "rows": table.quadrant(quadrant),
            "fill": QUADRANT_COLOURS[quadrant][0],
            "edge": QUADRANT_COLOURS[quadrant][1],
            "ink": QUADRANT_COLOURS[quadrant][2],
        }
        for quadrant in Quadrant
    ]
    return env.from_string(_HTML).render(
        lang=get_language(),
        title=table.title or t("export.sheet"),
        headings=table.headings[1:],
        sections=sections,
        none=t("export.none"),
        generated=t("export.generated", date=_today()),
    )


def _today() -> str:
    return date.today().isoformat()
