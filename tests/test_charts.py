"""Charts show the analysis values and never turn user text into markup."""

from __future__ import annotations

import pandas as pd
import pytest

from swot import charts, diagnosis
from swot.survey import Codebook, Variable

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def hostile():
    codebook = Codebook(
        (
            Variable("q", "Pytanie " + XSS, "single", (XSS, "Zwykła")),
            Variable(
                "s_a", "Ocena: A", "likert", ("1", "2", "3", "4", "5"), ("nie wiem",), group="s"
            ),
        )
    )
    responses = pd.DataFrame(
        {
            "channel": ["online"] * 6,
            "q": pd.Categorical([XSS, XSS, "Zwykła", XSS, None, "Zwykła"], [XSS, "Zwykła"]),
            "s_a": pd.Categorical(
                ["1", "5", "5", "4", "nie wiem", "3"],
                ["1", "2", "3", "4", "5", "nie wiem"],
                ordered=True,
            ),
        }
    )
    return codebook, responses


def _all_text(fig) -> str:
    return fig.to_json()


def test_frequency_bars_show_values_and_escape_labels(hostile):
    codebook, responses = hostile
    freq = diagnosis.frequencies(responses, codebook, "q")
    fig = charts.frequency_bars(freq, "Tytuł " + XSS)
    bar = fig.data[0]
    assert list(bar.x) == pytest.approx([0.6, 0.4])
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text


def test_likert_bars_diverge_around_zero(hostile):
    codebook, responses = hostile
    summary = diagnosis.likert_summary(responses, codebook, "s")
    fig = charts.likert_bars(summary, "Skala")
    bases = [trace.base[0] for trace in fig.data if trace.type == "bar"]
    shares = [trace.x[0] for trace in fig.data if trace.type == "bar"]
    assert bases[0] == pytest.approx(float(summary["bar_start"].iloc[0]))
    assert bases[-1] + shares[-1] == pytest.approx(float(summary["bar_end"].iloc[0]))
    assert sum(shares) == pytest.approx(1.0)
    assert "nie wiem" in _all_text(fig)


def test_safe_escapes_and_keeps_plain_text():
    assert charts.safe("Ani dobrze, ani źle") == "Ani dobrze, ani źle"
    assert charts.safe("<b>") == "&lt;b&gt;"
    assert charts.safe(None) == ""
