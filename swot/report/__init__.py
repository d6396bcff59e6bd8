"""The panel report: everything a workshop produced, as files to hand out.

:func:`build_report` writes a self-contained HTML report (plotly.js embedded once, charts
interactive, opens offline), an XLSX workbook with the tables behind it and a DOCX document
to print and edit (cover page, table of contents, charts as images, plans in the official
layout). Compute, then render: :func:`compute_report` gathers every section as plain values
(:class:`Report`); :func:`render_html`, :func:`render_xlsx` and :func:`render_docx` turn it
into documents. :func:`draw_charts` draws the charts as PNGs in one Chromium session; without
Chromium the DOCX shows a placeholder per chart and an :class:`ImageWarning` says why.

Nothing personal is published: only aggregates, masked quotes of open answers, and
cross-tabulations with small cells hidden (:func:`swot.diagnosis.crosstab`).

The names below are imported on first use: :mod:`swot.report.chromium` is light, so that
``swot report`` can start Chromium before pandas and plotly are loaded.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from swot.report.build import (
        FORMATS,
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
    from swot.report.docx import ChartImages, ImageWarning, draw_charts, render_docx

__all__ = [
    "FORMATS",
    "Chart",
    "ChartImages",
    "ImageWarning",
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
    "draw_charts",
    "render_docx",
    "render_html",
    "render_xlsx",
]

_DOCX = {"ChartImages", "ImageWarning", "draw_charts", "render_docx"}


def __getattr__(name: str) -> Any:
    # imported on first use, so that swot.report.chromium starts Chromium before pandas loads
    if name not in __all__:
        raise AttributeError(f"module 'swot.report' has no attribute {name!r}")
    import importlib

    module = importlib.import_module("swot.report.docx" if name in _DOCX else "swot.report.build")
    value = getattr(module, name)
    globals()[name] = value
    return value
