"""The panel report: everything a workshop produced, as files to hand out.

:func:`build_report` writes a self-contained HTML report (plotly.js embedded once, charts
interactive, opens offline) and an XLSX workbook with the tables behind it. Compute, then
render: :func:`compute_report` gathers every section as plain values (:class:`Report`);
:func:`render_html` and :func:`render_xlsx` turn it into documents.

Nothing personal is published: only aggregates, masked quotes of open answers, and
cross-tabulations with small cells hidden (:func:`swot.diagnosis.crosstab`).
"""

from swot.report.build import (
    Chart,
    Markup,
    Report,
    ReportFiles,
    Section,
    SwotGrid,
    Table,
    Text,
    TraceList,
    build_report,
    compute_report,
    render_html,
    render_xlsx,
)

__all__ = [
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
