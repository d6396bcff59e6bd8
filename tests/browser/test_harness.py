"""The browser harness works end to end: JupyterLab runs a notebook and Chromium clicks a widget.

Uses a throwaway notebook in the scratch server's root, so it does not depend on notebooks/.
"""

from __future__ import annotations

import time

import nbformat
import pytest
from lab import LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PROBE_CELLS = [
    """\
import ipywidgets as widgets

label = widgets.Label("nie kliknięto")
label.add_class("probe-label")
button = widgets.Button(description="Kliknij")
button.add_class("probe-btn")
button.on_click(lambda _: setattr(label, "value", "kliknięto"))
widgets.VBox([button, label])""",
    """\
import plotly.graph_objects as go
import plotly.io as pio

pio.renderers.default = "plotly_mimetype"
go.Figure(go.Bar(x=["Mocne", "Słabe"], y=[3, 1]))""",
]


def write_probe_notebook(server: LabServer, name: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(source) for source in PROBE_CELLS]
    nbformat.write(nb, server.root_dir / name)


def test_widget_click_round_trips_through_the_kernel(scratch_lab: LabServer, page: Page) -> None:
    write_probe_notebook(scratch_lab, "probe.ipynb")
    started = time.perf_counter()
    open_notebook(page, scratch_lab, "probe.ipynb")
    opened = time.perf_counter()

    label = page.locator(".probe-label")
    expect(label).to_contain_text("nie kliknięto")
    expect(page.locator(".js-plotly-plot")).to_be_visible()
    page.locator("button.probe-btn").click()
    expect(label).to_have_text("kliknięto")
    screenshot(page, "harness-probe")

    shutdown_kernel(page, "probe.ipynb")
    print(f"open+run {opened - started:.1f} s, click+assert {time.perf_counter() - opened:.1f} s")


def test_open_notebook_reports_the_error_of_a_failing_cell(
    scratch_lab: LabServer, page: Page
) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in ("1", "1 / 0", "2")]
    nbformat.write(nb, scratch_lab.root_dir / "failing.ipynb")

    with pytest.raises(AssertionError, match=r"cell 1: ZeroDivisionError"):
        open_notebook(page, scratch_lab, "failing.ipynb")
    shutdown_kernel(page, "failing.ipynb")
