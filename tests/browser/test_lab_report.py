"""The report button (swot.widgets.ReportBuilder) clicked in a real JupyterLab.

The test writes its own notebook (cells call only ``swot.*``): a private copy of the demo
workspace played through (sample workshop, plan links, monitoring, cooperation), then the
report widget, shown but not built. A person clicks "Zbuduj raport": the progress bar and
the step's name move while it builds, then the bar turns green and links to the three
files appear. The test reads the DOCX from its own process: every chart is an image,
drawn by the Chromium the widget started when it was shown (the chart cache is off here).

Contract used here (CSS classes of swot/widgets/report.py): swot-report-builder,
swot-report-build (the button), swot-report-progress, swot-report-step, swot-report-links,
swot-status(-ok).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import docx
import nbformat
import pytest
from lab import LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TRAINER = "Trener prowadzący"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    from swot.demo import build_demo

    return Path(build_demo(tmp_path / "demo.swot"))


def write_report_notebook(server: LabServer, name: str, workspace: Path, folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    plays = "\n".join(
        f"demo.play_sample_workshop(ws, {i!r})\n"
        f"demo.link_sample_plan(ws, {i!r})\n"
        f"demo.play_sample_monitoring(ws, {i!r})"
        for i in ("mok", "tkacz", "dok")
    )
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import swot\nfrom swot import demo, widgets\n\n"
            f"ws = swot.Workspace.open({str(workspace)!r}, actor={TRAINER!r})\n"
            f"{plays}\ndemo.play_sample_cooperation(ws)"
        ),
        nbformat.v4.new_code_cell(
            f"widgets.ReportBuilder(ws, folder={str(folder)!r}, today_year=2021)"
        ),
    ]
    nbformat.write(nb, server.root_dir / name)
    return name


def test_click_builds_the_report_with_progress_and_links(
    scratch_lab: LabServer, page: Page, workspace: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "raport"
    name = write_report_notebook(scratch_lab, "report_click.ipynb", workspace, folder)
    open_notebook(page, scratch_lab, name)
    builder = page.locator(".swot-report-builder")
    button = builder.locator("button.swot-report-build")
    step = builder.locator(".swot-report-step")
    expect(button).to_have_text(re.compile("Zbuduj raport"))
    expect(step).to_be_visible()
    idle_text = step.inner_text()

    # every text the step label shows during the build, as the trainer sees it change
    step.evaluate(
        """(el) => {
            window.swotSteps = [];
            new MutationObserver(() => window.swotSteps.push(el.textContent)).observe(
                el, {childList: true, characterData: true, subtree: true});
        }"""
    )
    clicked = time.perf_counter()
    button.click()
    expect(builder.locator(".swot-report-progress .progress-bar-success")).to_be_visible(
        timeout=120_000
    )
    took = time.perf_counter() - clicked
    # what the trainer saw: the last step's name, the links, a green status line
    expect(step).to_have_text("Krok 12 z 12: Zapisywanie dokumentu DOCX")
    assert step.inner_text() != idle_text
    seen = page.evaluate("window.swotSteps")
    shown = {int(m[1]) for text in seen if (m := re.match(r"Krok (\d+) z 12", text))}
    assert len(shown) >= 6, seen  # the label moved on step by step, not only at the end
    links = builder.locator(".swot-report-links a")
    expect(links).to_have_count(3)
    expect(links.nth(0)).to_contain_text("raport.html")
    status = builder.locator(".swot-status")
    expect(status).to_have_class(re.compile(r"(^|\s)swot-status-ok(\s|$)"))
    # and nothing more: no note about charts left out of the DOCX
    expect(status).to_have_text(
        f"✔ Gotowe: raport HTML, dokument DOCX i tabele XLSX w folderze {folder}."
    )
    screenshot(page, "lab_report_click")
    print(f"\nclick to links: {took:.2f} s (including the browser's round trips)")

    document = docx.Document(str(folder / "raport.docx"))
    assert len(document.inline_shapes) == 19  # every chart of the played demo, drawn
    assert (folder / "raport.html").stat().st_size > 1_000_000
    shutdown_kernel(page, name)
    shutil.rmtree(folder, ignore_errors=True)
