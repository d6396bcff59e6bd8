"""Plotly figures drawn from analysis results (never recomputing them).

Every label that a person could have typed (answer options, aspects, institution names) is
HTML-escaped before it reaches plotly, which interprets a subset of HTML in text; so a
``<script>`` in an answer label shows as text. Numbers use the Polish decimal comma.

The notebook renderer is ``plotly_mimetype``: its output holds no random ids and no copy of
plotly.js, so stored notebook outputs stay small and comparable.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from swot.diagnosis import CodedAnswers
from swot.i18n import get_language, register, t

__all__ = [
    "channel_comparison",
    "frequency_bars",
    "importance_performance_grid",
    "likert_bars",
    "needs_ranking",
    "open_codes_bars",
    "safe",
    "stacked_shares",
]

pio.renderers.default = "plotly_mimetype"

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
    }
)


def safe(text: Any) -> str:
    """Text as plotly should show it: escaped, so user input never becomes markup."""
    return html.escape("" if text is None else str(text), quote=False)


def _layout(fig: go.Figure, title: str, *, height: int | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": safe(title), "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        separators=", " if get_language() == "pl" else ".,",
        template="plotly_white",
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
