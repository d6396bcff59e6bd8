"""Plotly figures drawn from analysis results (never recomputing them).

Every label that a person could have typed (answer options, aspects, institution names) is
HTML-escaped before it reaches plotly, which interprets a subset of HTML in text; so a
``<script>`` in an answer label shows as text. Numbers use the Polish decimal comma.

The notebook renderer is ``plotly_mimetype``: its output holds no random ids and no copy of
plotly.js, so stored notebook outputs stay small and comparable.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from swot.diagnosis import CodedAnswers
from swot.errors import PathError, SwotError
from swot.i18n import get_language, register, t
from swot.matrix import QUADRANT_COLOURS, MatrixCell, layout_matrix, wrap_text
from swot.model import Factor, Institution, Quadrant
from swot.paths import check_path
from swot.scoring import MIDPOINT, IfeEfe, Position, Sensitivity

__all__ = [
    "FittedFigure",
    "channel_comparison",
    "fit_width",
    "frequency_bars",
    "importance_performance_grid",
    "likert_bars",
    "needs_ranking",
    "open_codes_bars",
    "safe",
    "save_figure",
    "stacked_shares",
    "strategic_position",
    "swot_matrix",
]

# Notebooks show figures through JupyterLab's plotly renderer (the figure's JSON, no copy of
# plotly.js in every output). Set through plotly's own variable when its renderers are not
# loaded yet: touching pio.renderers imports nbformat and jsonschema, 1-1.7 s that building
# a report or running the CLI never needs. A renderer the user chose stays.
if "PLOTLY_RENDERER" not in os.environ:
    if "plotly.io._renderers" in sys.modules:
        pio.renderers.default = "plotly_mimetype"
    else:
        os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"


def _show_in_notebook(fig: go.Figure) -> None:
    """Show ``fig`` in a notebook as plotly's ``plotly_mimetype`` renderer does.

    The same output, without loading plotly's renderers on the first figure of a kernel
    (they import nbformat and jsonschema: 1.5-1.9 s before each notebook's first chart, on
    every Voila page). A renderer chosen otherwise is used as plotly would.
    """
    from IPython.display import display

    loaded = "plotly.io._renderers" in sys.modules
    chosen = pio.renderers.default if loaded else os.environ.get("PLOTLY_RENDERER")
    if chosen != "plotly_mimetype":
        pio.show(fig)
        return
    display(_plotly_bundle(fig), raw=True)  # type: ignore[no-untyped-call]


def _plotly_bundle(fig: go.Figure) -> dict[str, Any]:
    """What plotly's ``plotly_mimetype`` renderer outputs for ``fig``."""
    data = json.loads(pio.to_json(fig.to_dict(), validate=False, remove_uids=False))
    return {"application/vnd.plotly.v1+json": data}


def _register_display() -> None:
    """In a running IPython kernel, display figures by :func:`_show_in_notebook`."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    formatter = getattr(
        getattr(shell, "display_formatter", None), "ipython_display_formatter", None
    )
    if formatter is not None:
        from plotly.basedatatypes import BaseFigure

        formatter.for_type(BaseFigure, _show_in_notebook)


_register_display()

NEGATIVE = ("#b2182b", "#ef8a62", "#fddbc7")
NEUTRAL = "#d9d9d9"
POSITIVE = ("#d1e5f0", "#67a9cf", "#2166ac")
ACCENT = "#2f4b7c"
FONT = "DejaVu Sans, Arial, sans-serif"

register(
    {
        "chart.share": {"pl": "Odsetek", "en": "Share"},
        "chart.share_of_valid": {
            "pl": "Odsetek odpowiedzi (bez „nie wiem”)",
            "en": "Share of answers (without 'don't know')",
        },
        "chart.importance": {"pl": "Ważność (średnia 1–5)", "en": "Importance (mean 1-5)"},
        "chart.performance": {"pl": "Ocena (średnia 1–5)", "en": "Performance (mean 1-5)"},
        "chart.dont_know": {"pl": "nie wiem", "en": "don't know"},
        "chart.ci": {"pl": "95% przedział ufności", "en": "95% confidence interval"},
        "chart.different": {
            "pl": "różnica większa niż błąd z próby",
            "en": "difference larger than sampling error",
        },
        "chart.needs": {"pl": "Czego brakuje", "en": "What is missing"},
        "chart.barriers": {"pl": "Co utrudnia udział", "en": "What gets in the way"},
        "chart.answers": {"pl": "Liczba odpowiedzi", "en": "Answers"},
        "chart.position.title": {
            "pl": "Pozycja strategiczna (macierze IFE i EFE)",
            "en": "Strategic position (IFE and EFE matrices)",
        },
        "chart.position.ife": {
            "pl": "IFE: suma ważona czynników wewnętrznych (1–4)",
            "en": "IFE: weighted total of internal factors (1-4)",
        },
        "chart.position.efe": {
            "pl": "EFE: suma ważona czynników zewnętrznych (1–4)",
            "en": "EFE: weighted total of external factors (1-4)",
        },
        "chart.position.team": {"pl": "Zespół", "en": "Team"},
        "chart.position.agrees": {
            "pl": "członek zespołu (własne oceny): ta sama ćwiartka",
            "en": "team member (own ratings): same quadrant",
        },
        "chart.position.differs": {
            "pl": "członek zespołu (własne oceny): inna ćwiartka",
            "en": "team member (own ratings): another quadrant",
        },
        "chart.position.quadrant": {"pl": "ćwiartka {kind}", "en": "quadrant {kind}"},
        "chart.matrix.title": {"pl": "Analiza SWOT", "en": "SWOT analysis"},
        "chart.matrix.more": {"pl": "+ {n} więcej", "en": "+ {n} more"},
        "chart.matrix.empty": {"pl": "(brak czynników)", "en": "(no factors)"},
        "chart.matrix.legend": {
            "pl": (
                "Liczba przy czynniku to jego ważność (1 — mała, 5 — bardzo duża); "
                "w każdej ćwiartce najważniejsze czynniki są pierwsze."
            ),
            "en": (
                "The number by a factor is its importance (1 low, 5 very high); each "
                "quadrant lists the most important factors first."
            ),
        },
        "chart.matrix.hover": {
            "pl": "Kategoria: {category} · ważność: {importance}/5",
            "en": "Category: {category} · importance: {importance}/5",
        },
        "chart.matrix.no_category": {"pl": "bez kategorii", "en": "none"},
        "chart.export.format": {
            "pl": (
                "Nie można zapisać wykresu jako „{format}”. Dozwolone formaty: {allowed}. "
                "Nadaj plikowi rozszerzenie .png, .svg lub .pdf albo podaj format."
            ),
            "en": (
                "Cannot save a chart as '{format}'. Allowed formats: {allowed}. Name the file "
                ".png, .svg or .pdf or pass the format."
            ),
        },
        "chart.export.folder": {
            "pl": "Nie można zapisać wykresu w {path}: folder {folder} nie istnieje. Utwórz go.",
            "en": "Cannot save the chart to {path}: the folder {folder} does not exist.",
        },
        "chart.export.write": {
            "pl": "Nie można zapisać pliku {path} ({reason}). Wybierz inny folder lub nazwę.",
            "en": "Cannot write {path} ({reason}). Choose another folder or name.",
        },
        "chart.export.no_kaleido": {
            "pl": (
                "Do zapisu wykresów jako obrazów potrzebny jest pakiet kaleido. Zainstaluj go: "
                "pip install kaleido."
            ),
            "en": "Saving charts as images needs the kaleido package: pip install kaleido.",
        },
        "chart.fit.text": {
            "pl": "{title} (rysunek dopasowany do szerokości strony)",
            "en": "{title} (picture fitted to the page's width)",
        },
        "chart.fit.interactive": {
            "pl": "Wykres interaktywny zamiast rysunku dopasowanego do szerokości strony: {reason}",
            "en": "The interactive chart instead of a picture fitted to the page's width: {reason}",
        },
        "chart.export.no_browser": {
            "pl": (
                "Do zapisu wykresów jako obrazów potrzebna jest przeglądarka Chromium lub "
                "Chrome. Zainstaluj ją (np. apt-get install chromium) albo wskaż jej plik "
                "w zmiennej BROWSER_PATH."
            ),
            "en": (
                "Saving charts as images needs Chromium or Chrome. Install it (e.g. apt-get "
                "install chromium) or point BROWSER_PATH at it."
            ),
        },
        "chart.export.failed": {
            "pl": "Nie udało się zapisać wykresu jako {format} ({reason}). Spróbuj ponownie.",
            "en": "Could not save the chart as {format} ({reason}). Try again.",
        },
    }
)


def safe(text: Any) -> str:
    """Text as plotly should show it: escaped, so user input never becomes markup.

    Besides ``<``, ``>`` and ``&``, two characters plotly gives meaning to are written as
    character references, which plotly shows as the characters themselves: ``$`` (a text with
    two of them would be typeset as LaTeX where MathJax is loaded) and the ``%`` of ``%{``
    (a hover or text template would fill in a value).

    >>> safe("<b>Koszt: $5 lub %{x}</b>")
    '&lt;b&gt;Koszt: &#36;5 lub &#37;{x}&lt;/b&gt;'
    """
    escaped = html.escape("" if text is None else str(text), quote=False)
    return escaped.replace("$", "&#36;").replace("%{", "&#37;{")


def _white(fig: go.Figure) -> None:
    """Give ``fig`` plotly's ``plotly_white`` template without validating it again.

    Validating a template deep-copies it, about 10 ms a figure (a third of the report's
    computing time); plotly skips that for the default template it gives every new figure,
    and so does this for its own registered one. The figure's JSON is the same.
    """
    layout = fig.layout
    validate = layout._validate
    layout._validate = False
    try:
        layout.template = pio.templates["plotly_white"]
    finally:
        layout._validate = validate


def _layout(fig: go.Figure, title: str, *, height: int | None = None) -> go.Figure:
    _white(fig)
    fig.update_layout(
        title={"text": safe(title), "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        separators=", " if get_language() == "pl" else ".,",
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        height=height,
    )
    return fig


def _percent(value: float) -> str:
    text = f"{100 * value:.0f}%"
    return text


def _interval(
    part: pd.DataFrame, value: str = "share", low: str = "ci_low", high: str = "ci_high"
) -> dict[str, Any]:
    """Asymmetric error bars from a result's interval columns."""
    return {
        "type": "data",
        "symmetric": False,
        "array": part[high] - part[value],
        "arrayminus": part[value] - part[low],
        "thickness": 1,
    }


def frequency_bars(freq: pd.DataFrame, title: str, *, by: str | None = None) -> go.Figure:
    """Horizontal bars of shares with 95% intervals; one colour per group when ``by``."""
    data = freq[~freq["dont_know"]] if "dont_know" in freq else freq
    fig = go.Figure()
    groups: Sequence[Any] = data[by].unique().tolist() if by else [None]
    for group in groups:
        part = data if group is None else data[data[by] == group]
        options = [safe(o) for o in part["option"]]
        fig.add_trace(
            go.Bar(
                name=safe(t(f"channel.{group}", default=str(group))) if group is not None else "",
                y=options,
                x=part["share"],
                orientation="h",
                error_x=_interval(part),
                text=[_percent(v) for v in part["share"]],
                textposition="outside",
                customdata=part[["count", "base"]].to_numpy(),
                hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:.0f} / %{customdata[1]:.0f})"
                "<extra></extra>",
                marker_color=ACCENT if group is None else None,
            )
        )
    fig.update_xaxes(tickformat=".0%", title=t("chart.share"), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    height = 120 + 28 * len(data["option"].unique()) * (len(groups) if by else 1)
    fig.update_layout(barmode="group", showlegend=by is not None)
    return _layout(fig, title, height=min(height, 900))


def likert_bars(
    summary: pd.DataFrame, title: str, *, labels: Sequence[str] | None = None
) -> go.Figure:
    """Diverging stacked bars: negative left of zero, neutral centred, positive right.

    "Don't know" is shown apart, as a note on each bar, not as part of the scale.
    """
    scale = list(summary.attrs.get("scale", []))
    k = len(scale)
    colours = _scale_colours(k)
    rows = labels or [safe(v) for v in summary["label"]]
    fig = go.Figure()
    for i in range(1, k + 1):
        fig.add_trace(
            go.Bar(
                name=safe(scale[i - 1]) if scale else str(i),
                y=list(rows),
                x=summary[f"share_{i}"],
                base=summary[f"start_{i}"],
                orientation="h",
                marker_color=colours[i - 1],
                hovertemplate="%{y}<br>"
                + safe(scale[i - 1] if scale else i)
                + ": %{x:.0%}<extra></extra>",
            )
        )
    dk = [f"{t('chart.dont_know')}: {_percent(v)}" for v in summary["dont_know_share"]]
    fig.add_trace(
        go.Scatter(
            x=[float(e) + 0.02 for e in summary["bar_end"]],
            y=list(rows),
            mode="text",
            text=dk,
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
            textfont={"size": 11, "color": "#555"},
        )
    )
    fig.add_vline(x=0, line_width=1, line_color="#333")
    fig.update_xaxes(tickformat=".0%", range=[-1.05, 1.35], title=t("chart.share_of_valid"))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="overlay")
    return _layout(fig, title, height=160 + 45 * len(summary))


def _scale_colours(k: int) -> list[str]:
    if k <= 1:
        return [ACCENT]
    half = k // 2
    negative = list(NEGATIVE[-half:]) if half <= len(NEGATIVE) else list(NEGATIVE)
    positive = list(POSITIVE[:half]) if half <= len(POSITIVE) else list(POSITIVE)
    middle = [NEUTRAL] if k % 2 else []
    colours = negative[:half] + middle + positive[-half:]
    return (colours + [ACCENT] * k)[:k]


def importance_performance_grid(
    ipa: pd.DataFrame, title: str, *, aspect_labels: dict[str, str] | None = None
) -> go.Figure:
    """Importance (vertical) against performance (horizontal), split at the grand means."""
    names = [safe((aspect_labels or {}).get(a, a)) for a in ipa["aspect"]]
    x_cut = float(ipa.attrs.get("performance_threshold", ipa["performance"].mean()))
    y_cut = float(ipa.attrs.get("importance_threshold", ipa["importance"].mean()))
    fig = go.Figure(
        go.Scatter(
            x=ipa["performance"],
            y=ipa["importance"],
            mode="markers+text",
            text=names,
            # neighbours in the gap ranking often sit close: alternate labels above and below
            textposition=["top center" if i % 2 == 0 else "bottom center" for i in range(len(ipa))],
            marker={"size": 12, "color": ACCENT},
            error_x=_interval(ipa, "performance", "performance_low", "performance_high"),
            error_y=_interval(ipa, "importance", "importance_low", "importance_high"),
            customdata=[safe(q) for q in ipa["quadrant_label"]],
            hovertemplate="%{text}<br>"
            + t("chart.importance")
            + ": %{y:.2f}<br>"
            + t("chart.performance")
            + ": %{x:.2f}<br>%{customdata}<extra></extra>",
        )
    )
    fig.add_vline(x=x_cut, line_dash="dot", line_color="#888")
    fig.add_hline(y=y_cut, line_dash="dot", line_color="#888")
    for label, x, y, xa, ya in (
        ("diag.quadrant.concentrate", 0.01, 0.99, "left", "top"),
        ("diag.quadrant.keep_up", 0.99, 0.99, "right", "top"),
        ("diag.quadrant.low_priority", 0.01, 0.01, "left", "bottom"),
        ("diag.quadrant.overkill", 0.99, 0.01, "right", "bottom"),
    ):
        fig.add_annotation(
            text=safe(t(label, default=label)),
            xref="paper",
            yref="paper",
            x=x,
            y=y,
            xanchor=xa,
            yanchor=ya,
            showarrow=False,
            font={"size": 11, "color": "#777"},
        )
    fig.update_xaxes(title=t("chart.performance"), range=[1, 5.2])
    fig.update_yaxes(title=t("chart.importance"), range=[1, 5.2])
    return _layout(fig, title, height=520)


def channel_comparison(table: pd.DataFrame, title: str) -> go.Figure:
    """Share per option in each channel against the rest; real differences marked."""
    fig = go.Figure()
    for channel in table["channel"].unique():
        part = table[table["channel"] == channel]
        fig.add_trace(
            go.Bar(
                name=safe(t(f"channel.{channel}", default=str(channel))),
                y=[safe(o) for o in part["option"]],
                x=part["share"],
                orientation="h",
                error_x=_interval(part),
                text=["★" if d else "" for d in part["different"]],
                textposition="outside",
                hovertemplate="%{y}: %{x:.1%}<extra>" + safe(channel) + "</extra>",
            )
        )
    fig.update_xaxes(tickformat=".0%", title=t("chart.share"))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="group")
    fig.add_annotation(
        text="★ " + safe(t("chart.different")),
        xref="paper",
        yref="paper",
        x=1,
        y=-0.12,
        xanchor="right",
        showarrow=False,
        font={"size": 11},
    )
    return _layout(fig, title, height=140 + 22 * len(table))


def needs_ranking(unmet: pd.DataFrame, title: str) -> go.Figure:
    """Needs and barriers of one centre's audience, ranked, side by side."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(safe(t("chart.needs")), safe(t("chart.barriers"))),
        horizontal_spacing=0.25,
    )
    for col, kind in ((1, "need"), (2, "barrier")):
        part = unmet[unmet["kind"] == kind]
        fig.add_trace(
            go.Bar(
                y=[safe(o) for o in part["option"]],
                x=part["share"],
                orientation="h",
                marker_color=ACCENT if kind == "need" else "#a05195",
                showlegend=False,
                error_x=_interval(part),
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_yaxes(autorange="reversed", row=1, col=col)
        fig.update_xaxes(tickformat=".0%", row=1, col=col)
    rows = max(len(unmet[unmet["kind"] == "need"]), len(unmet[unmet["kind"] == "barrier"]), 1)
    return _layout(fig, title, height=160 + 30 * rows)


def open_codes_bars(coded: CodedAnswers, title: str) -> go.Figure:
    """How many open answers touch each theme of the coding dictionary."""
    counts = coded.counts
    fig = go.Figure(
        go.Bar(
            y=[safe(c) for c in counts["code"]],
            x=counts["count"],
            orientation="h",
            marker_color=ACCENT,
            text=counts["count"],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title=t("chart.answers"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=140 + 26 * len(counts))


def stacked_shares(freq: pd.DataFrame, title: str) -> go.Figure:
    """One 100% bar per grid row (e.g. per centre), answers stacked in codebook order."""
    data = freq[~freq["dont_know"]]
    options = list(dict.fromkeys(data["option"]))
    palette = ["#2166ac", "#67a9cf", "#d1e5f0", "#f4a582", "#b2182b", "#999999"]
    fig = go.Figure()
    for index, option in enumerate(options):
        part = data[data["option"] == option]
        fig.add_trace(
            go.Bar(
                name=safe(option),
                y=[safe(v) for v in part["label"]],
                x=part["share"],
                orientation="h",
                marker_color=palette[index % len(palette)],
                text=[_percent(v) for v in part["share"]],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}<br>" + safe(option) + ": %{x:.0%}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title=t("chart.share"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=180 + 50 * len(data["label"].unique()))


# --- strategic position -------------------------------------------------------------------------

_POSITION_CORNERS = {  # quadrant -> (x, y, xanchor, yanchor) of its label, in data coordinates
    "WO": (1.05, 3.95, "left", "top"),
    "SO": (3.95, 3.95, "right", "top"),
    "WT": (1.05, 1.05, "left", "bottom"),
    "ST": (3.95, 1.05, "right", "bottom"),
}
_POSITION_BOXES = {"WO": (1, 2.5, 2.5, 4), "SO": (2.5, 4, 2.5, 4), "WT": (1, 2.5, 1, 2.5)}
_POSITION_BOXES["ST"] = (2.5, 4, 1, 2.5)
AGREE = "#67a9cf"
DIFFER = "#ef8a62"


def _number(value: float) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if get_language() == "pl" else text


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "<br>".join(safe(line) for line in textwrap.wrap(text, width) or [""])


def strategic_position(
    result: IfeEfe | Position,
    sensitivity: Sensitivity | None = None,
    *,
    title: str | None = None,
) -> go.Figure:
    """The team's IFE and EFE totals as a point in the SO/ST/WO/WT quadrants.

    The axes run from 1 to 4 and are split at the average, 2.5 (see :mod:`swot.scoring`); the
    team's quadrant is shaded. With a :class:`~swot.scoring.Sensitivity`, each member's position
    (the team's weights and that member's own ratings) is drawn too, coloured by whether it
    falls in the team's quadrant; members at the same point share one marker.

    Examples
    --------
    >>> from swot.scoring import Position
    >>> fig = strategic_position(Position(2.8, 2.0))
    >>> fig.data[-1].x, fig.data[-1].y
    ((2.8,), (2.0,))
    """
    position = result.position if isinstance(result, IfeEfe) else result
    team_kind = position.quadrant.value
    fig = go.Figure()
    for kind, (x0, x1, y0, y1) in _POSITION_BOXES.items():
        mine = kind == team_kind
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            layer="below",
            line_width=0,
            fillcolor="#e8eef7" if mine else "#fafafa",
        )
        x, y, xanchor, yanchor = _POSITION_CORNERS[kind]
        fig.add_annotation(
            text=_wrap(t(f"position.{kind}"), 30),
            x=x,
            y=y,
            xanchor=xanchor,
            yanchor=yanchor,
            align=xanchor,
            showarrow=False,
            font={"size": 12 if mine else 11, "color": ACCENT if mine else "#777"},
        )
    for x0, x1, y0, y1 in ((MIDPOINT, MIDPOINT, 1, 4), (1, 4, MIDPOINT, MIDPOINT)):
        fig.add_shape(type="line", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": "#555", "width": 1.5})

    if sensitivity is not None:
        for agrees in (True, False):
            groups: dict[tuple[float, float], list[str]] = {}
            for member in sensitivity.members:
                if member.agrees is agrees:
                    key = (round(member.position.ife, 3), round(member.position.efe, 3))
                    groups.setdefault(key, []).append(member.name)
            if not groups:
                continue
            fig.add_trace(
                go.Scatter(
                    name=t("chart.position.agrees" if agrees else "chart.position.differs"),
                    x=[x for x, _ in groups],
                    y=[y for _, y in groups],
                    mode="markers",
                    marker={
                        "size": [9 + 3 * (len(names) - 1) for names in groups.values()],
                        "color": AGREE if agrees else DIFFER,
                        "line": {"width": 1, "color": "#333"},
                    },
                    hovertext=[
                        "<br>".join(safe(n) for n in names)
                        + f"<br>IFE {_number(x)} · EFE {_number(y)}<br>"
                        + safe(t("chart.position.quadrant", kind=Position(x, y).quadrant.value))
                        for (x, y), names in groups.items()
                    ],
                    hoverinfo="text",
                )
            )
    team = safe(t("chart.position.team"))
    team_text = f"IFE {_number(position.ife)} · EFE {_number(position.efe)}"
    fig.add_trace(
        go.Scatter(
            name=t("chart.position.team"),
            x=[position.ife],
            y=[position.efe],
            mode="markers",
            marker={"size": 18, "color": ACCENT, "symbol": "diamond"},
            hovertext=[f"{team}<br>{team_text}<br>{safe(position.label)}"],
            hoverinfo="text",
        )
    )
    fig.add_annotation(  # a label with a backing, so the quadrant lines never cross it
        text=f"<b>{team}</b><br>{team_text}",
        x=position.ife,
        y=position.efe,
        ax=50 if position.ife < 3.3 else -50,
        ay=-45 if position.efe < 3.4 else 45,
        showarrow=True,
        arrowcolor=ACCENT,
        arrowwidth=1,
        bgcolor="rgba(255,255,255,0.9)",
        bordercolor=ACCENT,
        borderpad=3,
        font={"size": 12, "color": ACCENT},
    )
    axis = {
        "range": [0.95, 4.05],
        "dtick": 0.5,
        "showgrid": False,
        "zeroline": False,
        "constrain": "domain",
    }
    fig.update_xaxes(title=t("chart.position.ife"), **axis)
    fig.update_yaxes(title=t("chart.position.efe"), scaleanchor="x", scaleratio=1, **axis)
    fig = _layout(fig, title if title is not None else t("chart.position.title"), height=640)
    fig.update_layout(
        width=660,
        showlegend=sensitivity is not None,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0.0},
        margin={"l": 70, "r": 20, "t": 60, "b": 110},
    )
    return fig


# --- export -------------------------------------------------------------------------------------

IMAGE_FORMATS = ("png", "svg", "pdf")
#: Raster images are drawn at twice the layout's size: an A4 matrix (1123 × 794 px, i.e. A4 at
#: 96 dpi) becomes 2246 × 1588 px, about 190 dpi on paper.
PNG_SCALE = 2


def save_figure(
    fig: go.Figure,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    scale: float | None = None,
) -> Path:
    """Write ``fig`` as PNG, SVG or PDF (by ``format`` or the file's suffix); returns the path.

    The size is the figure's own layout size (the SWOT matrix is A4 landscape); PNGs are drawn
    at :data:`PNG_SCALE`. Drawing uses kaleido and Chromium: the process's kept browser
    (started once, about 1 s; see :mod:`swot.report.chromium`). The
    file is written whole or not at all. Raises :class:`~swot.errors.PathError` for a bad path and
    :class:`~swot.errors.SwotError` when kaleido or Chromium is missing.
    """
    target = check_path(path)
    kind = (format or target.suffix.lstrip(".")).lower()
    if kind not in IMAGE_FORMATS:
        raise SwotError(
            t(
                "chart.export.format",
                format=format or target.suffix,
                allowed=", ".join(IMAGE_FORMATS),
            )
        )
    folder = target.parent
    if not folder.is_dir():
        raise PathError(t("chart.export.folder", path=target, folder=folder))
    if importlib.util.find_spec("kaleido") is None:
        raise SwotError(t("chart.export.no_kaleido"))
    data = _draw(fig, kind, scale if scale is not None else (PNG_SCALE if kind == "png" else 1))
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PathError(
            t("chart.export.write", path=target, reason=exc.strerror or type(exc).__name__)
        ) from exc
    return target


def _draw(fig: go.Figure, kind: str, scale: float) -> bytes:
    """The figure as ``kind`` bytes, drawn by the process's kept Chromium
    (:mod:`swot.report.chromium`: started once, not per picture)."""
    from swot.report import chromium

    try:
        figure = fig.to_dict()
        layout = figure.get("layout", {})
        template = layout.get("template", {}).get("layout", {})
        options = {
            "format": kind,
            "scale": scale,
            "width": layout.get("width") or template.get("width") or pio.defaults.default_width,
            "height": (
                layout.get("height") or template.get("height") or pio.defaults.default_height
            ),
        }
        return chromium.draw_figure(figure, options)
    except chromium.NotStarted as exc:
        if exc.key == "no_browser":
            raise SwotError(t("chart.export.no_browser")) from exc
        if exc.key == "no_kaleido":
            raise SwotError(t("chart.export.no_kaleido")) from exc
        raise SwotError(t("chart.export.failed", format=kind, reason=_first_line(exc))) from exc
    except Exception as exc:  # kaleido's errors (a RuntimeError for a missing browser)
        if "chrome" in str(exc).lower():
            raise SwotError(t("chart.export.no_browser")) from exc
        raise SwotError(t("chart.export.failed", format=kind, reason=_first_line(exc))) from exc


class FittedFigure:
    """A figure laid out for paper, shown in a notebook scaled to the page's width.

    The A4 SWOT matrix is 1123 px wide: in a notebook beside the file browser, or on a
    1280 px projector, JupyterLab cut off its right half (weaknesses and threats). Shown
    through this, it is a vector picture (SVG, drawn by the process's kept Chromium) as wide
    as the notebook, Voila page or exported HTML page, with the figure's proportions.
    Hovering over factors is lost; the board shows every factor in full. Without Chromium
    the interactive figure is shown instead, with a note why. ``figure`` is kept as given.
    """

    def __init__(self, figure: go.Figure) -> None:
        self.figure = figure

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        title = self.figure.layout.title.text or ""
        try:
            svg = _draw(self.figure, "svg", 1).decode("utf-8")
        except SwotError as exc:
            note = t("chart.fit.interactive", reason=str(exc))
            return {**_plotly_bundle(self.figure), "text/plain": note}
        svg = _stable_ids(_fluid(svg))
        return {"image/svg+xml": svg, "text/plain": t("chart.fit.text", title=title)}

    def __repr__(self) -> str:
        return t("chart.fit.text", title=self.figure.layout.title.text or "")


_PLOTLY_UID = re.compile(r'id="defs-([0-9a-f]{6})"')
_SIZE_ATTRIBUTE = re.compile(r' (?:width|height)="[^"]*"')


def _fluid(svg: str) -> str:
    """The SVG without its root's width and height: its viewBox keeps the proportions and it
    takes the width of wherever it is shown (<img> in JupyterLab and Voila, inline in HTML)."""
    end = svg.find(">")
    if not svg.startswith("<svg") or end < 0:
        return svg
    return _SIZE_ATTRIBUTE.sub("", svg[:end]) + svg[end:]


def _stable_ids(svg: str) -> str:
    """plotly's random id in an SVG's clip paths replaced by one derived from the picture.

    The same figure then gives the same SVG (no churn in saved notebooks), and two different
    ones inlined into one HTML page still keep their ids apart.
    """
    found = _PLOTLY_UID.search(svg)
    if found is None:
        return svg
    uid = found[1]
    stable = hashlib.sha256(svg.replace(uid, "").encode("utf-8")).hexdigest()[:6]
    return svg.replace(uid, stable)


def fit_width(figure: go.Figure) -> FittedFigure:
    """``figure`` to show in a notebook scaled to its width (see :class:`FittedFigure`).

    >>> charts.fit_width(charts.swot_matrix(ws.factors("mok")))   # doctest: +SKIP
    """
    return FittedFigure(figure)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


# --- SWOT matrix for print ----------------------------------------------------------------------

#: A4 landscape at 96 dpi, in CSS pixels (297 × 210 mm).
A4_LANDSCAPE = (1123, 794)
_MATRIX_MARGIN = {"l": 28, "r": 28, "t": 64, "b": 44}
_CELL_GAP = 10  # px between cells
_CELL_PAD = 12  # px inside a cell
_HEADING = 34  # px for a cell's heading
_NUMBER_COLUMN = 22  # px for the importance before each factor
_LINE_SPACING = 1.3  # plotly's line height, in font sizes
_CHAR_WIDTH = 0.56  # mean width of a character of Polish text in DejaVu Sans, in font sizes
_ITEM_GAP = 0.35  # lines of space between factors
#: Font sizes tried in turn (largest first) until every factor fits, with lines per factor.
_DENSITIES = ((14.0, 4), (13.0, 4), (12.0, 4), (11.0, 5), (10.0, 5), (9.0, 6), (8.0, 6))


def swot_matrix(
    factors: Sequence[Factor],
    *,
    title: str | None = None,
    note: str = "",
    by: str = "importance",
) -> go.Figure:
    """The SWOT matrix of one institution, laid out for printing on A4 landscape.

    Four coloured quadrants (strengths and weaknesses above, opportunities and threats below),
    each a list of factors with their importance, most important first (``by="position"``:
    the team's order). Long texts are wrapped and shortened (see :func:`swot.matrix.layout_matrix`);
    a crowded quadrant's font shrinks (14 px down to 8 px) until its factors fit, and if they
    still do not, the quadrant ends with "+ k more". Hovering a factor shows its full text,
    category and importance. ``note`` goes in the footer (e.g. the institution and date).
    """
    width, height = A4_LANDSCAPE
    plot_w = width - _MATRIX_MARGIN["l"] - _MATRIX_MARGIN["r"]
    plot_h = height - _MATRIX_MARGIN["t"] - _MATRIX_MARGIN["b"]
    cell_w = (plot_w - _CELL_GAP) / 2
    cell_h = (plot_h - _CELL_GAP) / 2
    text_w = cell_w - 2 * _CELL_PAD - _NUMBER_COLUMN
    text_h = cell_h - _HEADING - _CELL_PAD

    cells: dict[Quadrant, tuple[float, MatrixCell]] = {}
    for font, item_lines in _DENSITIES:
        matrix = layout_matrix(
            factors,
            width=int(text_w / (_CHAR_WIDTH * font)),
            max_lines=text_h / (_LINE_SPACING * font),
            item_lines=item_lines,
            gap=_ITEM_GAP,
            by=by,
        )
        for quadrant, cell in matrix.cells.items():
            # each quadrant keeps the largest font at which all its factors fit
            if quadrant not in cells or cells[quadrant][1].hidden:
                cells[quadrant] = (font, cell)
        if not any(cell.hidden for _font, cell in cells.values()):
            break

    def paper(x: float, y: float) -> tuple[float, float]:
        """Plot-area pixels (from the top left) to paper coordinates."""
        return x / plot_w, 1 - y / plot_h

    fig = go.Figure()
    for index, quadrant in enumerate(Quadrant):
        font, cell = cells[quadrant]
        line = _LINE_SPACING * font
        fill, edge, ink = QUADRANT_COLOURS[quadrant]
        left = (index % 2) * (cell_w + _CELL_GAP)
        top = (index // 2) * (cell_h + _CELL_GAP)
        x0, y1 = paper(left, top)
        x1, y0 = paper(left + cell_w, top + cell_h)
        fig.add_shape(
            type="rect",
            xref="paper",
            yref="paper",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            fillcolor=fill,
            line={"color": edge, "width": 1.5},
            layer="below",
        )
        hx, hy = paper(left + _CELL_PAD, top + _CELL_PAD * 0.6)
        fig.add_annotation(
            text=f"<b>{safe(quadrant.label)}</b> <span style='font-size:13px'>({cell.total})</span>"
            if cell.total
            else f"<b>{safe(quadrant.label)}</b>",
            x=hx,
            y=hy,
            xanchor="left",
            yanchor="top",
            font={"size": 17, "color": ink},
            name=f"heading-{quadrant.value}",
        )
        rx0, ry = paper(left + _CELL_PAD, top + _HEADING)
        rx1, _ = paper(left + cell_w - _CELL_PAD, top)
        fig.add_shape(
            type="line",
            xref="paper",
            yref="paper",
            x0=rx0,
            x1=rx1,
            y0=ry,
            y1=ry,
            line={"color": edge, "width": 1},
        )
        y = top + _HEADING + 6
        if not cell.total:
            ex, ey = paper(left + _CELL_PAD, y)
            fig.add_annotation(
                text=safe(t("chart.matrix.empty")),
                x=ex,
                y=ey,
                xanchor="left",
                yanchor="top",
                font={"size": font, "color": "#777"},
            )
        for item in cell.items:
            nx, ny = paper(left + _CELL_PAD, y)
            tx, _ = paper(left + _CELL_PAD + _NUMBER_COLUMN, y)
            fig.add_annotation(
                text=f"<b>{item.factor.importance}</b>",
                x=nx,
                y=ny,
                xanchor="left",
                yanchor="top",
                font={"size": font, "color": ink},
                name=f"importance-{quadrant.value}",
            )
            fig.add_annotation(
                text="<br>".join(safe(part) for part in item.lines),
                x=tx,
                y=ny,
                xanchor="left",
                yanchor="top",
                align="left",
                font={"size": font, "color": "#222"},
                hovertext=_factor_hover(item.factor),
                name=f"factor-{quadrant.value}",
            )
            y += (len(item.lines) + _ITEM_GAP) * line
        if cell.hidden:
            mx, my = paper(left + _CELL_PAD + _NUMBER_COLUMN, y)
            fig.add_annotation(
                text=f"<i>{safe(t('chart.matrix.more', n=len(cell.hidden)))}</i>",
                x=mx,
                y=my,
                xanchor="left",
                yanchor="top",
                font={"size": font, "color": ink},
                hovertext="<br>".join(
                    f"{f.importance} · {safe(wrap_text(f.text, 70, 1)[0][0])}"
                    for f in cell.hidden[:20]
                )
                + ("<br>…" if len(cell.hidden) > 20 else ""),
                name=f"more-{quadrant.value}",
            )
    fig.add_annotation(
        text=safe(t("chart.matrix.legend")),
        x=0,
        y=-14 / plot_h,
        xanchor="left",
        yanchor="top",
        font={"size": 10, "color": "#555"},
        name="legend",
    )
    if note:
        fig.add_annotation(
            text=safe(note),
            x=1,
            y=-14 / plot_h,
            xanchor="right",
            yanchor="top",
            font={"size": 10, "color": "#555"},
            name="note",
        )
    fig.update_annotations(xref="paper", yref="paper", showarrow=False)
    fig.update_xaxes(visible=False, range=[0, 1], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, 1], fixedrange=True)
    fig = _layout(fig, title if title is not None else t("chart.matrix.title"))
    fig.update_layout(
        width=width,
        height=height,
        margin=_MATRIX_MARGIN,
        showlegend=False,
        title={"x": _MATRIX_MARGIN["l"] / width, "y": 1 - 22 / height, "font": {"size": 20}},
        hoverlabel={"align": "left"},
        dragmode=False,
    )
    return fig


def _factor_hover(factor: Factor) -> str:
    lines, _cut = wrap_text(factor.text, 80)
    category = factor.category or t("chart.matrix.no_category")
    details = t("chart.matrix.hover", category=category, importance=factor.importance)
    return "<br>".join(safe(part) for part in lines) + "<br><br><i>" + safe(details) + "</i>"


# --- development plan: timeline, responsibilities, monitoring -----------------------------------

__all__ += ["monitoring_chart", "plan_timeline", "responsibility_matrix"]

register(
    {
        "chart.timeline.title": {"pl": "Harmonogram zadań", "en": "Task timeline"},
        "chart.timeline.goal": {"pl": "Cel {number}", "en": "Goal {number}"},
        "chart.timeline.year": {"pl": "Rok", "en": "Year"},
        "chart.timeline.hover": {
            "pl": "odpowiada: {responsible}<br>lata: {years}",
            "en": "responsible: {responsible}<br>years: {years}",
        },
        "chart.timeline.undated": {
            "pl": "Bez perspektywy czasowej (niewidoczne): {tasks}",
            "en": "No years (not shown): {tasks}",
        },
        "chart.roles.title": {
            "pl": "Podmioty odpowiedzialne i współpracujące",
            "en": "Responsible and cooperating entities",
        },
        "chart.roles.responsible": {"pl": "odpowiada", "en": "responsible"},
        "chart.roles.cooperating": {"pl": "współpracuje", "en": "cooperating"},
        "chart.roles.task": {"pl": "Zadanie", "en": "Task"},
        "chart.monitor.expected": {"pl": "oczekiwano", "en": "expected"},
        "chart.monitor.actual": {"pl": "osiągnięto", "en": "reached"},
        "chart.monitor.status": {"pl": "status: {status}", "en": "status: {status}"},
    }
)

_GOAL_COLOURS = ("#2f4b7c", "#a05195", "#1b7f3b", "#d45087", "#2166ac", "#ff7c43", "#665191")


def _amount(value: float | None) -> str:
    """A measured value as plan tables write it: ``12``, ``12,5``; empty for none."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if get_language() == "pl" else text


_TASK_CHARS = 42  # characters per line of a task's name beside its bar
_TASK_LINES = 3  # lines at most; the hover always has the whole name
_LEGEND_ROW = 24  # px per row of a legend under a chart


def _task_label(number: str, title: str) -> str:
    """A task's number and name wrapped onto at most :data:`_TASK_LINES` escaped lines."""
    import textwrap

    lines = textwrap.wrap(f"{number}. {title}", _TASK_CHARS) or [f"{number}."]
    if len(lines) > _TASK_LINES:
        last = " ".join(lines[_TASK_LINES - 1 :])
        lines = [*lines[: _TASK_LINES - 1], last[: _TASK_CHARS - 1].rstrip() + "…"]
    return "<br>".join(safe(line) for line in lines)


def _legend_below(fig: go.Figure, rows: int, *, bottom: int) -> None:
    """Put the legend under the chart (never over the title or the axis labels)."""
    fig.update_layout(
        legend={
            "orientation": "h",
            "x": 0.0,
            "xref": "container",
            "xanchor": "left",
            "y": 0.0,
            "yref": "container",
            "yanchor": "bottom",
        },
        margin={"b": bottom + _LEGEND_ROW * max(rows, 1)},
    )


def plan_timeline(timeline: Any, title: str | None = None) -> go.Figure:
    """A Gantt chart of a :class:`swot.plan.Timeline`: one bar per task, coloured by goal.

    A bar spans its years whole (2019-2020 covers both years); tasks without years are named
    under the chart, never silently left out. Long task names wrap onto up to three lines
    (the hover shows the whole name, the goal and who is responsible); the legend of goals
    sits under the chart, one row per goal.
    """
    fig = go.Figure()
    goals: dict[int, list[Any]] = {}
    for bar in timeline.bars:
        goals.setdefault(bar.goal_number, []).append(bar)
    order = [_task_label(b.task_number, b.task_title) for b in timeline.bars]
    for index, (number, bars) in enumerate(goals.items()):
        goal_name = t("chart.timeline.goal", number=number)
        fig.add_trace(
            go.Bar(
                name=_wrap(f"{goal_name}. {bars[0].goal_title}", 90),
                orientation="h",
                y=[_task_label(b.task_number, b.task_title) for b in bars],
                x=[b.end - b.start + 1 for b in bars],
                base=[b.start - 0.5 for b in bars],
                marker_color=_GOAL_COLOURS[index % len(_GOAL_COLOURS)],
                hovertext=[
                    _wrap(f"{b.task_number}. {b.task_title}", 70)
                    + "<br>"
                    + _wrap(f"{goal_name}. {b.goal_title}", 70)
                    + "<br>"
                    + t(
                        "chart.timeline.hover",
                        responsible=safe(b.responsible or "—"),
                        years=f"{b.start}-{b.end}" if b.end != b.start else str(b.start),
                    )
                    for b in bars
                ],
                hoverinfo="text",
            )
        )
    if timeline.horizon is not None:
        first, last = timeline.horizon
        fig.update_xaxes(range=[first - 0.5, last + 0.5], tickmode="linear", tick0=first, dtick=1)
    fig.update_xaxes(title=t("chart.timeline.year"), showgrid=True)
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="overlay")
    if timeline.undated:
        fig.add_annotation(
            text=safe(t("chart.timeline.undated", tasks=", ".join(timeline.undated))),
            xref="paper",
            yref="paper",
            x=0,
            y=1.02,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": 11, "color": "#b3261e"},
            name="undated",
        )
    rows = sum(max(36, 18 * (label.count("<br>") + 1) + 12) for label in order) or 36
    legend_rows = sum(name.count("<br>") + 1 for name in (trace.name for trace in fig.data))
    bottom = 70
    fig = _layout(
        fig,
        title if title is not None else t("chart.timeline.title"),
        height=60 + (30 if timeline.undated else 0) + rows + bottom + _LEGEND_ROW * legend_rows,
    )
    fig.update_layout(margin={"t": 90 if timeline.undated else 60})
    _legend_below(fig, legend_rows, bottom=bottom)
    return fig


def responsibility_matrix(matrix: Any, title: str | None = None) -> go.Figure:
    """Entity × task of a :class:`swot.plan.ResponsibilityMatrix`: a filled square where the
    entity is responsible, a hollow one where it cooperates.

    Task numbers run along the top under the axis title; the legend sits under the chart so
    it never covers them. The hover names the task in full.
    """
    fig = go.Figure()
    titles = dict(matrix.tasks)
    styles = {
        "responsible": ("square", ACCENT, 16),
        "cooperating": ("square-open", "#a05195", 14),
    }
    for role, (symbol, colour, size) in styles.items():
        cells = [
            (entity, task)
            for entity in matrix.entities
            for task, _title in matrix.tasks
            if matrix.role(entity, task) == role
        ]
        fig.add_trace(
            go.Scatter(
                name=t(f"chart.roles.{role}"),
                mode="markers",
                x=[task for _entity, task in cells],
                y=[safe(entity) for entity, _task in cells],
                marker={"symbol": symbol, "color": colour, "size": size, "line": {"width": 2}},
                hovertext=[
                    f"{safe(entity)}<br>{_wrap(f'{task}. {titles[task]}', 70)}"
                    f"<br><i>{t(f'chart.roles.{role}')}</i>"
                    for entity, task in cells
                ],
                hoverinfo="text",
            )
        )
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=[task for task, _title in matrix.tasks],
        title={"text": t("chart.roles.task"), "standoff": 6},
        side="top",
        automargin=True,
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[safe(e) for e in matrix.entities],
        autorange="reversed",
        automargin=True,
    )
    bottom = 20
    height = 150 + bottom + _LEGEND_ROW + 40 * max(len(matrix.entities), 1)
    fig = _layout(fig, title if title is not None else t("chart.roles.title"), height=height)
    # the title at the very top, the axis title and the task numbers under it
    fig.update_layout(
        margin={"t": 100},
        title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 16}},
    )
    _legend_below(fig, 1, bottom=bottom)
    return fig


def monitoring_chart(row: Any, title: str | None = None) -> go.Figure:
    """Expected against reached, year by year, for one :class:`swot.plan.MonitoringRow`.

    Bars are what was reached (the value compared with the target: yearly totals, or running
    totals for cumulative targets); diamonds are what was expected. Years with nothing due
    and nothing measured stay empty.
    """
    years = [str(y.year) for y in row.years]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            name=t("chart.monitor.actual"),
            x=years,
            y=[y.actual for y in row.years],
            marker_color=[
                POSITIVE[2] if y.met else NEGATIVE[0] if y.met is False else NEUTRAL
                for y in row.years
            ],
            text=[_amount(y.actual) for y in row.years],
            textposition="outside",
        )
    )
    fig.add_trace(
        go.Scatter(
            name=t("chart.monitor.expected"),
            x=years,
            y=[y.expected for y in row.years],
            mode="markers",
            marker={"symbol": "diamond", "size": 14, "color": "#333"},
        )
    )
    unit = safe(row.unit)
    fig.update_yaxes(title=unit or None, rangemode="tozero")
    fig.update_xaxes(type="category")
    heading = (
        title
        if title is not None
        else f"{row.task_number} · {row.indicator_name} ({row.target_text})"
    )
    fig.add_annotation(
        text=safe(t("chart.monitor.status", status=row.status_label)),
        xref="paper",
        yref="paper",
        x=1,
        y=1.02,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 12, "color": "#555"},
        name="status",
    )
    return _layout(fig, heading, height=380)


# --- institutions compared: side by side, balances, positions, consultation, needs ----------------

__all__ += [
    "category_heatmap",
    "consultation_comparison",
    "positions_chart",
    "side_by_side_table",
    "unmet_needs_comparison",
]

register(
    {
        "chart.compare.title": {
            "pl": "Analizy SWOT instytucji obok siebie",
            "en": "SWOT analyses of the institutions side by side",
        },
        "chart.compare.quadrant": {"pl": "Ćwiartka", "en": "Quadrant"},
        "chart.compare.filter": {
            "pl": "Pokazano: {categories}; ważność co najmniej {min_importance}.",
            "en": "Shown: {categories}; importance at least {min_importance}.",
        },
        "chart.compare.all_categories": {"pl": "wszystkie kategorie", "en": "all categories"},
        "chart.compare.some_categories": {"pl": "kategorie: {names}", "en": "categories: {names}"},
        "chart.compare.no_factors": {"pl": "(brak czynników)", "en": "(no factors)"},
        "chart.heatmap.title": {
            "pl": "Bilans kategorii w instytucjach: {side}",
            "en": "Category balance by institution: {side}",
        },
        "chart.heatmap.hover": {
            "pl": "{category} · {institution}<br>bilans: {value}<br>{plus}: {positive} · "
            "{minus}: {negative}",
            "en": "{category} · {institution}<br>balance: {value}<br>{plus}: {positive} · "
            "{minus}: {negative}",
        },
        "chart.heatmap.balance": {"pl": "Bilans", "en": "Balance"},
        "chart.positions.title": {
            "pl": "Pozycje strategiczne instytucji (macierze IFE i EFE)",
            "en": "Strategic positions of the institutions (IFE and EFE matrices)",
        },
        "chart.positions.skipped": {
            "pl": "Bez pozycji: {name} — {reason}",
            "en": "No position: {name}: {reason}",
        },
        "chart.positions.none": {
            "pl": "Żadna instytucja nie wypełniła jeszcze macierzy IFE/EFE.",
            "en": "No institution has filled in the IFE/EFE matrices yet.",
        },
        "chart.consultation.title": {
            "pl": "Wyniki konsultacji według instytucji",
            "en": "Consultation results by institution",
        },
        "chart.consultation.hover": {
            "pl": "{institution}: {share} ({successes} z {base})<br>95% przedział: {low}–{high}",
            "en": "{institution}: {share} ({successes} of {base})<br>95% interval: {low}-{high}",
        },
        "chart.consultation.differs": {
            "pl": "★ istotnie różni się od: {others}",
            "en": "★ significantly different from: {others}",
        },
        "chart.consultation.differs_many": {
            "pl": "★ istotnie różni się od {count} instytucji",
            "en": "★ significantly different from {count} institutions",
        },
        "chart.consultation.legend": {
            "pl": "★ różnica większa niż błąd z próby (wg testu dwóch proporcji z poprawką "
            "Holma); kreski: 95% przedział ufności.",
            "en": "★ difference larger than sampling error (two-proportion test, Holm "
            "adjustment); whiskers: 95% confidence interval.",
        },
        "chart.consultation.empty": {
            "pl": "Brak pytań o instytucje w kwestionariuszu.",
            "en": "The questionnaire has no questions about the institutions.",
        },
        "chart.needs_compare.title.need": {
            "pl": "Czego brakuje odbiorcom poszczególnych instytucji",
            "en": "What each institution's audience misses",
        },
        "chart.needs_compare.title.barrier": {
            "pl": "Co utrudnia udział odbiorcom poszczególnych instytucji",
            "en": "What keeps each institution's audience away",
        },
        "chart.needs_compare.hover": {
            "pl": "{option} · {institution}<br>{share} odbiorców (miejsce {rank})<br>"
            "95% przedział: {low}–{high}",
            "en": "{option} · {institution}<br>{share} of the audience (rank {rank})<br>"
            "95% interval: {low}-{high}",
        },
        "chart.needs_compare.legend": {
            "pl": "Liczby: odsetek odbiorców instytucji (osób, które w ostatnich 12 miesiącach "
            "brały udział w jej ofercie); puste pole: poza pierwszymi {top} w tej instytucji.",
            "en": "Numbers: share of the institution's audience (who took part in its offer in "
            "the last 12 months); empty: not among its top {top}.",
        },
    }
)

_COMPARE_COLUMN = 190  # px per institution in the side-by-side table
_COMPARE_FIRST = 120  # px for the quadrant column
_COMPARE_CHARS = 32  # characters per line in an institution's column (at 11 px)
_COMPARE_LINE = 16  # px per line of text in the table (11 px font, with spacing)


def _institution_names(items: Sequence[Any]) -> list[str]:
    return [safe(i.label) for i in items]


def side_by_side_table(board: Any, *, title: str | None = None) -> go.Figure:
    """The SWOT boards of a :class:`swot.compare.SideBySide` as one printable table.

    One column per institution (2 to 30 fit: the figure grows 190 px per column), one block of
    rows per quadrant (strengths, weaknesses, opportunities, threats), the most important
    factors first, each with its importance (1-5). Long texts are wrapped; the cell colour is
    the quadrant's. The filter in force is stated under the title.
    """
    institutions = list(board.institutions)
    header = [f"<b>{safe(t('chart.compare.quadrant'))}</b>"] + [
        f"<b>{name}</b>" for name in _institution_names(institutions)
    ]
    columns: list[list[str]] = [[] for _ in range(len(institutions) + 1)]
    fills: list[str] = []
    heights: list[int] = []
    for quadrant in Quadrant:
        fill = QUADRANT_COLOURS[quadrant][0]
        lists = [b.factors(quadrant) for b in board.boards]
        depth = max((len(x) for x in lists), default=0)
        for rank in range(max(depth, 1)):
            lines = 1
            first = f"<b>{safe(quadrant.label)}</b>" if rank == 0 else ""
            columns[0].append(first)
            for index, factors in enumerate(lists, start=1):
                if rank < len(factors):
                    factor = factors[rank]
                    wrapped, _cut = wrap_text(factor.text, _COMPARE_CHARS, 6)
                    lines = max(lines, len(wrapped))
                    text = "<br>".join(safe(part) for part in wrapped)
                    columns[index].append(f"<b>{factor.importance}</b> · {text}")
                elif rank == 0:  # this institution has none in the quadrant
                    columns[index].append(f"<i>{safe(t('chart.compare.no_factors'))}</i>")
                else:
                    columns[index].append("")
            fills.append(fill)
            heights.append(lines)
    if board.categories is None:
        shown = t("chart.compare.all_categories")
    else:
        shown = t("chart.compare.some_categories", names=", ".join(board.categories))
    note = t("chart.compare.filter", categories=shown, min_importance=board.min_importance)
    fig = go.Figure(
        go.Table(
            columnwidth=[_COMPARE_FIRST] + [_COMPARE_COLUMN] * len(institutions),
            header={
                "values": header,
                "fill_color": ACCENT,
                "font": {"color": "white", "size": 12},
                "align": "left",
                "height": 30,
            },
            cells={
                "values": columns,
                "fill_color": [fills] * len(columns),
                "align": "left",
                "font": {"size": 11, "color": "#222"},
                "line": {"color": "#ffffff", "width": 1},
                "height": 22,
            },
        )
    )
    fig.add_annotation(
        text=safe(note),
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#555"},
        name="filter",
    )
    width = max(A4_LANDSCAPE[0], 40 + _COMPARE_FIRST + _COMPARE_COLUMN * len(institutions))
    height = 150 + 30 + sum(14 + _COMPARE_LINE * lines for lines in heights)
    fig = _layout(fig, title if title is not None else t("chart.compare.title"), height=height)
    fig.update_layout(width=width, margin={"l": 20, "r": 20, "t": 80, "b": 20})
    return fig


def category_heatmap(balance: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Category × institution map of :func:`swot.compare.category_balance`.

    Diverging colours centred on 0 (blue: an asset or a favourable environment, red: a
    problem or a threat, white: nothing or a balance); each cell shows its balance, and
    hovering shows the two sums it is made of. The formula is printed under the map.
    """
    side = balance.attrs.get("side", "internal")
    labels = balance.attrs.get("labels", {})
    positive = balance.attrs.get("positive", balance.clip(lower=0))
    negative = balance.attrs.get("negative", (-balance).clip(lower=0))
    plus, minus = (Quadrant.S, Quadrant.W) if side == "internal" else (Quadrant.O, Quadrant.T)
    columns = [safe(labels.get(c, c)) for c in balance.columns]
    rows = [safe(c) for c in balance.index]
    values = balance.to_numpy(dtype=float)
    plus_sums = positive.to_numpy(dtype=int)
    minus_sums = negative.to_numpy(dtype=int)
    hover = [
        [
            t(
                "chart.heatmap.hover",
                category=row,
                institution=column,
                value=int(values[i, j]),
                plus=safe(plus.label),
                positive=int(plus_sums[i, j]),
                minus=safe(minus.label),
                negative=int(minus_sums[i, j]),
            )
            for j, column in enumerate(columns)
        ]
        for i, row in enumerate(rows)
    ]
    reach = max(float(abs(values).max()) if values.size else 0.0, 1.0)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=columns,
            y=rows,
            zmin=-reach,
            zmax=reach,
            zmid=0,
            colorscale=[
                [0.0, NEGATIVE[0]],
                [0.25, NEGATIVE[1]],
                [0.5, "#f7f7f7"],
                [0.75, POSITIVE[1]],
                [1.0, POSITIVE[2]],
            ],
            text=[[str(int(v)) for v in row] for row in values],
            texttemplate="%{text}",
            textfont={"size": 13},
            hovertext=hover,
            hoverinfo="text",
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": t("chart.heatmap.balance")}, "thickness": 12},
        )
    )
    width = max(560, 260 + 90 * len(columns))
    _footnote(fig, _wrap(str(balance.attrs.get("formula", "")), width // 9), name="formula")
    fig.update_xaxes(side="top", type="category")
    fig.update_yaxes(autorange="reversed", type="category")
    heading = (
        title
        if title is not None
        else t("chart.heatmap.title", side=balance.attrs.get("title", side))
    )
    height = 190 + 34 * max(len(rows), 1)
    fig = _layout(fig, heading, height=height)
    fig.update_layout(
        width=width,
        margin={"l": 10, "r": 20, "t": 100, "b": 70},
    )
    return fig


_PALETTE = _GOAL_COLOURS


def positions_chart(result: Any, *, title: str | None = None) -> go.Figure:
    """Every placed institution of a :class:`swot.compare.Positions` on one IFE/EFE chart.

    The quadrants are drawn as in :func:`strategic_position` (axes 1-4, split at 2.5); each
    institution is a labelled point (hover: its totals and position). Institutions without
    a position are named under the chart with the reason, never silently left out.
    """
    fig = go.Figure()
    for kind, (x0, x1, y0, y1) in _POSITION_BOXES.items():
        fig.add_shape(
            type="rect", x0=x0, x1=x1, y0=y0, y1=y1, layer="below", line_width=0,
            fillcolor="#fafafa",
        )  # fmt: skip
        x, y, xanchor, yanchor = _POSITION_CORNERS[kind]
        fig.add_annotation(
            text=_wrap(t(f"position.{kind}"), 30),
            x=x,
            y=y,
            xanchor=xanchor,
            yanchor=yanchor,
            align=xanchor,
            showarrow=False,
            font={"size": 11, "color": "#777"},
        )
    for x0, x1, y0, y1 in ((MIDPOINT, MIDPOINT, 1, 4), (1, 4, MIDPOINT, MIDPOINT)):
        fig.add_shape(type="line", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": "#555", "width": 1.5})
    many = len(result.placed) > len(_PALETTE)
    for index, item in enumerate(result.placed):
        pos = item.position
        name = safe(item.institution.label)
        totals = f"IFE {_number(pos.ife)} · EFE {_number(pos.efe)}"
        fig.add_trace(
            go.Scatter(
                name=safe(item.institution.name),
                x=[pos.ife],
                y=[pos.efe],
                mode="markers+text",
                text=[f"<b>{name}</b>"],
                textposition="top center" if index % 2 == 0 else "bottom center",
                marker={
                    "size": 14,
                    "symbol": "diamond",
                    "color": ACCENT if many else _PALETTE[index % len(_PALETTE)],
                    "line": {"width": 1, "color": "#333"},
                },
                hovertext=[
                    f"<b>{safe(item.institution.name)}</b><br>{totals}<br>{safe(pos.label)}"
                ],
                hoverinfo="text",
                showlegend=False,
            )
        )
    notes = [
        t("chart.positions.skipped", name=item.institution.label, reason=item.reason)
        for item in result.skipped
    ]
    if not result.placed:
        notes.insert(0, t("chart.positions.none"))
    if notes:
        fig.add_annotation(
            text="<br>".join(_wrap(note, 95) for note in notes),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.13,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 11, "color": "#b3261e"},
            name="skipped",
        )
    axis = {
        "range": [0.95, 4.05],
        "dtick": 0.5,
        "showgrid": False,
        "zeroline": False,
        "constrain": "domain",
    }
    fig.update_xaxes(title=t("chart.position.ife"), **axis)
    fig.update_yaxes(title=t("chart.position.efe"), scaleanchor="x", scaleratio=1, **axis)
    extra = 18 * sum(_wrap(note, 95).count("<br>") + 1 for note in notes)
    fig = _layout(
        fig, title if title is not None else t("chart.positions.title"), height=640 + extra
    )
    fig.update_layout(
        width=660,
        showlegend=False,
        margin={"l": 70, "r": 20, "t": 60, "b": 80 + extra},
    )
    return fig


def _share_text(value: float) -> str:
    text = f"{100 * value:.0f}%"
    return text


def consultation_comparison(result: Any, *, title: str | None = None) -> go.Figure:
    """Awareness, participation and satisfaction per institution, from
    :func:`swot.compare.consultation_by_institution`.

    One panel per measure, one bar per institution with its 95% Wilson interval. An
    institution whose share differs from another's by more than the sampling error (the
    result's ``significant`` flag) gets a ★ and the names it differs from; smaller
    differences are not marked, however they look.
    """
    from plotly.subplots import make_subplots

    shares = result.shares
    measures = list(dict.fromkeys(shares["measure"]))
    if not measures:
        fig = go.Figure()
        fig.add_annotation(
            text=safe(t("chart.consultation.empty")), showarrow=False, xref="paper", yref="paper"
        )
        return _layout(fig, title if title is not None else t("chart.consultation.title"))
    names = dict(zip(shares["institution_id"], shares["institution"], strict=False))
    significant = result.significant()
    fig = make_subplots(
        rows=len(measures),
        cols=1,
        subplot_titles=[
            safe(shares.loc[shares["measure"] == m, "measure_label"].iloc[0]) for m in measures
        ],
        vertical_spacing=min(0.12, 0.5 / len(measures)),
    )
    for row, measure in enumerate(measures, start=1):
        part = shares[shares["measure"] == measure]
        pairs = significant[significant["measure"] == measure]
        marks = []
        for inst in part["institution_id"]:
            others = [
                names.get(b if a == inst else a, b if a == inst else a)
                for a, b in zip(pairs["first"], pairs["second"], strict=True)
                if inst in (a, b)
            ]
            if len(others) > 4:
                marks.append("  " + t("chart.consultation.differs_many", count=len(others)))
            elif others:
                marks.append("  " + t("chart.consultation.differs", others=", ".join(others)))
            else:
                marks.append("")
        fig.add_trace(
            go.Bar(
                y=[safe(v) for v in part["institution"]],
                x=part["share"],
                orientation="h",
                marker_color=ACCENT,
                error_x=_interval(part),
                text=[_share_text(v) for v in part["share"]],
                textposition="inside",
                insidetextanchor="end",
                textfont={"color": "white"},
                hovertext=[
                    t(
                        "chart.consultation.hover",
                        institution=safe(r.institution),
                        share=_share_text(r.share),
                        successes=f"{r.successes:.0f}",
                        base=f"{r.base:.0f}",
                        low=_share_text(r.ci_low),
                        high=_share_text(r.ci_high),
                    )
                    for r in part.itertuples()
                ],
                hoverinfo="text",
                showlegend=False,
                name=safe(measure),
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                y=[safe(v) for v in part["institution"]],
                x=[float(v) + 0.02 for v in part["ci_high"]],
                mode="text",
                text=[safe(mark.strip()) for mark in marks],
                textposition="middle right",
                textfont={"size": 12, "color": "#b3261e"},
                hoverinfo="skip",
                showlegend=False,
                name=f"marks-{measure}",
                cliponaxis=False,
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(autorange="reversed", row=row, col=1)
        fig.update_xaxes(
            tickformat=".0%",
            range=[0, 1.75],
            tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1.0],
            row=row,
            col=1,
        )
    fig.add_annotation(
        text=_wrap(t("chart.consultation.legend"), 110),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.04,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": "#555"},
        name="legend",
    )
    institutions = len(names)
    height = 140 + len(measures) * (70 + 26 * institutions)
    fig = _layout(fig, title if title is not None else t("chart.consultation.title"), height=height)
    fig.update_layout(width=820, margin={"l": 10, "r": 20, "t": 70, "b": 80})
    return fig


def unmet_needs_comparison(
    needs: pd.DataFrame,
    *,
    kind: str = "need",
    labels: Mapping[str, str] | Sequence[Institution] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Top needs (or barriers: ``kind="barrier"``) of each institution's audience, from
    :func:`swot.compare.unmet_needs_by_institution`, as an option × institution map.

    Each cell is the share of the institution's audience citing the option (hover: its rank
    and 95% interval); an option outside an institution's top stays empty. ``labels`` maps
    institution ids to the names shown, or is a list of institutions (their short labels are
    shown); default: the ids.
    """
    if labels is None:
        known: Mapping[str, str] = {}
    elif isinstance(labels, Mapping):
        known = labels
    else:
        known = {i.id: i.label for i in labels}
    part = needs[needs["kind"] == kind] if len(needs) else needs
    institutions = list(dict.fromkeys(part["institution_id"])) if len(part) else []
    names = {i: known.get(i, i) for i in institutions}
    options: list[str] = []
    if len(part):
        mean = part.groupby("option", sort=False)["share"].mean()
        options = [str(o) for o in mean.sort_values(ascending=False).index]
    cells: dict[tuple[str, str], dict[Any, Any]] = {
        (str(r["option"]), str(r["institution_id"])): r for r in part.to_dict("records")
    }

    def need_cell(option: str, inst: str, r: Mapping[Any, Any]) -> tuple[float, str, str]:
        share = _share_text(r["share"])
        hover = t(
            "chart.needs_compare.hover",
            option=safe(option),
            institution=safe(names[inst]),
            share=share,
            rank=r["rank"],
            low=_share_text(r["ci_low"]),
            high=_share_text(r["ci_high"]),
        )
        return float(r["share"]), share, hover

    z, text, hover = _heat_grid(options, institutions, cells, need_cell)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[safe(names[i]) for i in institutions],
            y=[safe(o) for o in options],
            colorscale=[[0.0, "#dbe4f0"], [1.0, ACCENT]],
            zmin=0,
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            xgap=2,
            ygap=2,
            showscale=False,
        )
    )
    top = int(part["rank"].max()) if len(part) else 0
    width = max(600, 330 + 110 * len(institutions))
    _footnote(fig, _wrap(t("chart.needs_compare.legend", top=top), width // 9), name="legend")
    fig.update_xaxes(side="top", type="category")
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(showgrid=False, zeroline=False)
    fig.update_yaxes(showgrid=False, zeroline=False)
    heading = title if title is not None else t(f"chart.needs_compare.title.{kind}")
    fig = _layout(fig, heading, height=200 + 32 * max(len(options), 1))
    fig.update_layout(
        width=width,
        margin={"l": 10, "r": 20, "t": 100, "b": 70},
    )
    return fig


# ====================================================================== offer map (swot.offers)

__all__ += ["coverage_table", "offer_map_heatmap"]

register(
    {
        "chart.offer_map.title": {
            "pl": "Kto co oferuje i komu: liczba pozycji oferty",
            "en": "Who offers what to whom: number of offer items",
        },
        "chart.offer_map.title_audience": {
            "pl": "Kto co oferuje: {audience}",
            "en": "Who offers what: {audience}",
        },
        "chart.offer_map.hover": {
            "pl": "{institution} · {kind}<br>{details}",
            "en": "{institution} · {kind}<br>{details}",
        },
        "chart.offer_map.total": {"pl": "razem: {n}", "en": "total: {n}"},
        "chart.coverage.title": {
            "pl": "Oferta wobec potrzeb: luki i konkurencja",
            "en": "Offer against needs: gaps and competition",
        },
        "chart.coverage.section": {"pl": "Rodzaj", "en": "Kind"},
        "chart.coverage.what": {"pl": "Co", "en": "What"},
        "chart.coverage.detail": {"pl": "Szczegóły", "en": "Details"},
        "chart.coverage.gap": {"pl": "luka", "en": "gap"},
        "chart.coverage.overlap": {"pl": "konkurencja", "en": "competition"},
        "chart.coverage.unplanned": {"pl": "poza planami", "en": "not in plans"},
        "chart.coverage.overlap_what": {
            "pl": "{kind} · {audience} · {where}",
            "en": "{kind} · {audience} · {where}",
        },
        "chart.coverage.unplanned_detail": {
            "pl": "żadna mocna strona ani zadanie planu o tym nie mówi",
            "en": "no strength and no planned task mentions it",
        },
        "chart.coverage.none": {
            "pl": "Brak luk, konkurencji i potrzeb poza planami.",
            "en": "No gaps, no competition and no needs outside the plans.",
        },
    }
)


def offer_map_heatmap(
    table: pd.DataFrame, *, audience: str | None = None, title: str | None = None
) -> go.Figure:
    """Institution × activity type heat map of :func:`swot.offers.offer_map`.

    ``audience`` (e.g. ``"seniors"``) shows one audience; by default each cell is the number
    of offer items of that type (an item for several audiences counts once, from
    ``attrs["items"]``) and the hover lists them per audience.
    """
    part = table if audience is None else table[table["audience"] == audience]
    institutions = list(
        dict.fromkeys(zip(part["institution_id"], part["institution"], strict=True))
    )
    kinds = [str(k) for k in dict.fromkeys(part["activity_type"])]
    summed = part.groupby(["institution_id", "activity_type"], sort=False)["offers"].sum()
    items: Mapping[str, Mapping[str, int]] = table.attrs.get("items") or {}
    z: list[list[int]] = []
    hover: list[list[str]] = []
    for inst_id, inst in institutions:
        z_row: list[int] = []
        hover_row: list[str] = []
        for kind in kinds:
            if audience is None and inst_id in items:
                z_row.append(int(items[inst_id].get(kind, 0)))
            else:
                z_row.append(int(summed.get((inst_id, kind), 0)))
            cells = part[(part["institution_id"] == inst_id) & (part["activity_type"] == kind)]
            details = ", ".join(
                f"{label}: {n}"
                for label, n in zip(cells["audience_label"], cells["offers"], strict=True)
                if n
            )
            hover_row.append(
                t(
                    "chart.offer_map.hover",
                    institution=safe(inst),
                    kind=safe(kind),
                    details=safe(details or "0"),
                )
            )
        z.append(z_row)
        hover.append(hover_row)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[safe(k) for k in kinds],
            y=[safe(inst) for _inst_id, inst in institutions],
            text=[[str(v) if v else "" for v in row] for row in z],
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale="Blues",
            zmin=0,
            xgap=2,
            ygap=2,
            showscale=False,
        )
    )
    fig.update_xaxes(side="top", type="category", tickangle=-30)
    fig.update_yaxes(autorange="reversed", type="category")
    if title is None:
        label = part["audience_label"].iloc[0] if audience is not None and len(part) else ""
        title = (
            t("chart.offer_map.title_audience", audience=label)
            if audience is not None
            else t("chart.offer_map.title")
        )
    fig = _layout(fig, title, height=200 + 44 * max(len(institutions), 1))
    fig.update_layout(margin={"l": 10, "r": 20, "t": 130, "b": 20})
    return fig


_COVERAGE_COLUMNS = (110, 230, 520)  # px: kind, what, details (the figure is 880 px wide)
_COVERAGE_CHARS = (14, 28, 66)  # characters per line in each column (13 px font)
_COVERAGE_LINE = 17  # px per line of cell text (as plotly draws 13 px text)
_COVERAGE_PAD = 7  # px above and below a cell's text


def coverage_table(result: Any, *, title: str | None = None) -> go.Figure:
    """Gaps, competition and needs outside the plans (:func:`swot.offers.coverage`) as a table.

    Gaps and needs outside the plans show the share of residents who named the need (when
    known). Long texts are wrapped and the figure grows with them, so a printed table shows
    every row whole.
    """
    rows: list[tuple[str, str, str]] = []
    for row in result.gaps.itertuples(index=False):
        rows.append((t("chart.coverage.gap"), _with_share(row.label, row.share), row.detail))
    for row in result.overlaps.itertuples(index=False):
        what = t(
            "chart.coverage.overlap_what",
            kind=row.activity_type,
            audience=row.audience_label,
            where=row.where,
        )
        rows.append(
            (
                t("chart.coverage.overlap"),
                what,
                ", ".join(row.institutions) + ": " + "; ".join(row.offers),
            )
        )
    for row in result.unaddressed.itertuples(index=False):
        rows.append(
            (
                t("chart.coverage.unplanned"),
                _with_share(row.need, row.share),
                t("chart.coverage.unplanned_detail"),
            )
        )
    columns: list[list[str]] = [[], [], []]
    heights = []
    for row in rows:
        lines = 1
        for index, (cell, width) in enumerate(zip(row, _COVERAGE_CHARS, strict=True)):
            wrapped = _wrap(cell, width)
            columns[index].append(wrapped)
            lines = max(lines, wrapped.count("<br>") + 1)
        heights.append(lines * _COVERAGE_LINE + 2 * _COVERAGE_PAD)
    fig = go.Figure(
        go.Table(
            columnwidth=list(_COVERAGE_COLUMNS),
            header={
                "values": [
                    t("chart.coverage.section"),
                    t("chart.coverage.what"),
                    t("chart.coverage.detail"),
                ],
                "fill_color": ACCENT,
                "font": {"color": "#fff"},
                "align": "left",
                "height": 30,
            },
            cells={
                "values": columns,
                "align": "left",
                "height": _COVERAGE_LINE + 2 * _COVERAGE_PAD,
            },
        )
    )
    if not rows:
        fig.add_annotation(
            text=safe(t("chart.coverage.none")),
            xref="paper",
            yref="paper",
            x=0,
            y=0.5,
            xanchor="left",
            showarrow=False,
            font={"size": 13, "color": "#555"},
            name="empty",
        )
    height = 60 + 30 + sum(heights) + 60 if rows else 200
    fig = _layout(fig, title or t("chart.coverage.title"), height=height)
    fig.update_layout(width=sum(_COVERAGE_COLUMNS) + 30)
    return fig


def _with_share(label: str, share: float | None) -> str:
    """A need with the share of residents who named it: ``Spotkania autorskie (22%)``."""
    if share is None or pd.isna(share):
        return str(label)
    return f"{label} ({_share_text(float(share))})"


# ========================================== importance–performance by institution (swot.compare)

__all__ += ["importance_performance_comparison"]

register(
    {
        "chart.ipa_compare.title": {
            "pl": "Ważność a ocena: luka w każdej instytucji",
            "en": "Importance against performance: the gap in each institution",
        },
        "chart.ipa_compare.hover": {
            "pl": "{aspect} · {institution}<br>ważność: {importance} · ocena: {performance} "
            "(95% przedział: {low}–{high})<br>luka: {gap} · {quadrant}",
            "en": "{aspect} · {institution}<br>importance: {importance} · performance: "
            "{performance} (95% interval: {low}-{high})<br>gap: {gap} · {quadrant}",
        },
        "chart.ipa_compare.legend": {
            "pl": "Liczby: luka = ważność minus ocena (średnie 1–5). Czerwone pole: mieszkańcy "
            "oceniają cechę gorzej, niż jest dla nich ważna; ★ „Skup się tutaj” (wysoka "
            "ważność, ocena poniżej średniej instytucji).",
            "en": "Numbers: gap = importance minus performance (means 1-5). Red: residents "
            "rate the aspect below its importance to them; ★ 'Concentrate here' (high "
            "importance, performance below the institution's mean).",
        },
        "chart.ipa_compare.missing": {
            "pl": "Bez pytań o ocenę cech: {names}",
            "en": "No aspect ratings: {names}",
        },
        "chart.ipa_compare.empty": {
            "pl": "Brak pytań o ważność i ocenę cech ośrodka w kwestionariuszu.",
            "en": "The questionnaire has no importance and performance questions.",
        },
    }
)


def importance_performance_comparison(
    ipa: pd.DataFrame,
    *,
    labels: Mapping[str, str] | Sequence[Institution] | None = None,
    aspect_labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Aspect × institution map of the importance–performance gap, from
    :func:`swot.compare.importance_performance_by_institution`.

    Each cell is importance minus performance (red: rated below its importance); cells in
    the "concentrate here" quadrant carry a ★. The hover gives both means, the performance
    interval and the quadrant. Aspects are ordered by their largest gap. ``labels`` maps
    institution ids to names, or is a list of institutions; ``aspect_labels`` names the
    aspects (e.g. :func:`swot.diagnosis.aspect_labels`). Institutions without ratings
    (``attrs["missing"]``) are named under the chart.
    """
    if labels is None:
        known: Mapping[str, str] = {}
    elif isinstance(labels, Mapping):
        known = labels
    else:
        known = {i.id: i.label for i in labels}
    aspect_names = aspect_labels or {}
    empty = ipa.empty
    institutions = [] if empty else [str(i) for i in dict.fromkeys(ipa["institution_id"])]
    names = {i: known.get(i, i) for i in institutions}
    aspects: list[str] = []
    if not empty:
        worst = ipa.groupby("aspect", sort=False)["gap"].max()
        aspects = [str(a) for a in worst.sort_values(ascending=False, kind="stable").index]
    cells = (
        {}
        if empty
        else {(str(r["aspect"]), str(r["institution_id"])): r for r in ipa.to_dict("records")}
    )

    def gap_cell(aspect: str, inst: str, r: Mapping[Any, Any]) -> tuple[float, str, str]:
        gap = float(r["gap"])
        star = "★ " if r["quadrant"] == "concentrate" else ""
        hover = t(
            "chart.ipa_compare.hover",
            aspect=safe(aspect_names.get(aspect, aspect)),
            institution=safe(names[inst]),
            importance=_number(float(r["importance"])),
            performance=_number(float(r["performance"])),
            low=_number(float(r["performance_low"])),
            high=_number(float(r["performance_high"])),
            gap=_signed(gap),
            quadrant=safe(r["quadrant_label"]),
        )
        return gap, star + _signed(gap), hover

    z, text, hover = _heat_grid(aspects, institutions, cells, gap_cell)
    reach = max((abs(v) for row in z for v in row if v is not None), default=1.0) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[safe(names[i]) for i in institutions],
            y=[safe(aspect_names.get(a, a)) for a in aspects],
            colorscale=[[0.0, POSITIVE[2]], [0.5, "#f7f7f7"], [1.0, NEGATIVE[0]]],
            zmin=-reach,
            zmax=reach,
            zmid=0,
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            xgap=2,
            ygap=2,
            showscale=False,
        )
    )
    notes = [t("chart.ipa_compare.legend") if aspects else t("chart.ipa_compare.empty")]
    missing = [known.get(str(i), str(i)) for i in ipa.attrs.get("missing", ())]
    if missing:
        notes.append(t("chart.ipa_compare.missing", names=", ".join(missing)))
    width = max(600, 330 + 110 * len(institutions))
    _footnote(fig, "<br>".join(_wrap(note, width // 8) for note in notes), name="legend")
    fig.update_xaxes(side="top", type="category", showgrid=False, zeroline=False)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, zeroline=False)
    fig = _layout(
        fig,
        title if title is not None else t("chart.ipa_compare.title"),
        height=220 + 40 * max(len(aspects), 1),
    )
    fig.update_layout(width=width, margin={"l": 10, "r": 20, "t": 100, "b": 90})
    return fig


def _signed(value: float) -> str:
    """A gap with its sign and the language's decimal separator: ``+1,27``, ``−0,34``."""
    text = f"{abs(value):.2f}"
    if get_language() == "pl":
        text = text.replace(".", ",")
    return ("−" if value < 0 else "+") + text


def _heat_grid(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[str, str], Mapping[Any, Any]],
    cell: Callable[[str, str, Mapping[Any, Any]], tuple[float, str, str]],
) -> tuple[list[list[float | None]], list[list[str]], list[list[str]]]:
    """Values, labels and hover texts of a heat map; an empty cell where no record exists."""
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for row in rows:
        parts = [cell(row, c, cells[row, c]) if (row, c) in cells else None for c in columns]
        z.append([p[0] if p else None for p in parts])
        text.append([p[1] if p else "" for p in parts])
        hover.append([p[2] if p else "" for p in parts])
    return z, text, hover


def _footnote(fig: go.Figure, text: str, *, name: str) -> None:
    """A small grey note under the plot, left-aligned (how to read it, the formula used)."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.02,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#555"},
        name=name,
    )
