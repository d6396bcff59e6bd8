"""Which plotly.js the report embeds and draws with (swot.report.plotlyjs).

That the vendored bundle holds exactly :data:`CARTESIAN_TRACES` is checked in Chromium by
``tests/browser/test_report_offline.py``; here: the file is the published one, and the choice
between it and plotly.py's full bundle.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace

import plotly.offline
import pytest

from swot.report import compute_report, render_html
from swot.report.plotlyjs import (
    CARTESIAN,
    CARTESIAN_TRACES,
    VENDOR,
    bundle_path,
    bundle_text,
    cartesian_fits,
    cartesian_version,
    full_bundle,
    trace_types,
)
from swot.store import Workspace


def test_the_vendored_bundle_is_the_published_file_and_licensed():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    checksum = re.search(r"sha256 `([0-9a-f]{64})`", readme)
    assert checksum, "the README names the bundle's checksum"
    assert hashlib.sha256(CARTESIAN.read_bytes()).hexdigest() == checksum[1]
    version = cartesian_version()
    assert version is not None
    assert f"plotly.js-cartesian-dist-min` {'.'.join(map(str, version))}" in readme
    assert "MIT License" in (VENDOR / "LICENSE-plotly.js").read_text(encoding="utf-8")


def test_the_bundle_ships_with_the_package():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads(
        (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    )
    patterns = pyproject["tool"]["setuptools"]["package-data"]["swot"]
    assert "report/vendor/*" in patterns


def test_trace_types_default_to_scatter():
    figures = [
        {"data": [{"type": "bar"}, {"x": [1]}]},
        {"data": [{"type": "heatmap"}]},
        {"layout": {}},
    ]
    assert trace_types(figures) == {"bar", "scatter", "heatmap"}


def test_the_cartesian_bundle_is_chosen_only_when_it_can_draw_everything(monkeypatch):
    major = cartesian_version()[0]
    monkeypatch.setattr(plotly.offline, "get_plotlyjs_version", lambda: f"{major}.9.0")
    assert cartesian_fits({"bar", "scatter", "heatmap"})
    assert bundle_path({"bar"}) == CARTESIAN
    # a trace type outside the bundle, e.g. a map or a sunburst: the full bundle
    assert not cartesian_fits({"bar", "sunburst"})
    assert bundle_path({"scattermap"}) == full_bundle()
    # plotly.py with another major plotly.js may build figures 4.x cannot draw
    monkeypatch.setattr(plotly.offline, "get_plotlyjs_version", lambda: f"{major + 1}.0.0")
    assert not cartesian_fits({"bar"})
    assert bundle_path({"bar"}) == full_bundle()


def test_the_full_bundle_is_plotly_pys_own():
    assert bundle_text({"sunburst"}) == plotly.offline.get_plotlyjs()
    assert len(CARTESIAN.read_bytes()) < len(full_bundle().read_bytes()) / 2


@pytest.fixture(scope="module")
def report(demo_template):
    with Workspace.open(demo_template) as ws:
        return compute_report(ws, today_year=2021)


def test_every_report_chart_fits_the_cartesian_bundle(report):
    types = trace_types(json.loads(chart.spec) for chart in report.charts())
    assert types and types <= CARTESIAN_TRACES
    assert cartesian_fits(types)  # so the HTML embeds it and the DOCX is drawn with it


def test_the_html_embeds_the_smallest_bundle_that_draws_its_charts(report):
    page = render_html(report)
    assert "plotly.js (cartesian - minified) v" in page
    assert "* plotly.js v" not in page
    # a chart of another type: the report carries plotly.py's full bundle instead
    chart = report.charts()[0]
    spec = json.dumps({"data": [{"type": "sunburst"}], "layout": {"height": 300}})
    sunburst = replace(chart, id="sunburst", spec=spec)
    sections = list(report.sections)
    first = sections[0]
    sections[0] = replace(first, blocks=(*first.blocks, sunburst))
    page = render_html(replace(report, sections=tuple(sections)))
    assert "* plotly.js v" in page
    assert "plotly.js (cartesian" not in page
