"""notebooks/01_diagnoza.ipynb in a real JupyterLab: upload a consultation file, accept it,
then draft a finding from a result and save it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lab import LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

NOTEBOOK = "01_diagnoza.ipynb"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "przyklad_ankiety_z_bledami.csv"


def test_upload_check_accept_and_save_finding(lab_server: LabServer, page: Page) -> None:
    from swot import Finding, Workspace, survey

    with Workspace.open(lab_server.workspace) as ws:
        files_before = len(survey.survey_files(ws))
        findings_before = ws.count(Finding)

    open_notebook(page, lab_server, NOTEBOOK)

    importer = page.locator(".swot-survey-importer")
    # ipywidgets' upload button opens a detached <input type=file>: answer its file chooser,
    # as a person picking the file would.
    with page.expect_file_chooser() as chooser:
        importer.locator("button.swot-imp-upload").click()
    chooser.value.set_files(str(SAMPLE))
    expect(importer.locator("button.swot-imp-upload")).to_contain_text("(1)")
    importer.locator("button.swot-imp-check").click()
    report = importer.locator(".swot-import-report, .swot-imp-report-area")
    expect(importer.locator(".swot-status")).to_contain_text("Sprawdzono")
    # The report names the planted mistakes with their Excel rows, escaped as text.
    expect(report.first).to_contain_text("„7” nie należy do listy odpowiedzi")
    expect(report.first).to_contain_text('=HYPERLINK("http://example.com";"kliknij")')
    screenshot(page, "diagnosis-import-checked")
    importer.locator("button.swot-imp-accept").click()
    expect(importer.locator(".swot-status")).to_contain_text("Zapisano 7 wierszy")

    explorer = page.locator(".swot-explorer")
    # ipywidgets renders each option's label as its value attribute
    explorer.locator(".swot-exp-question select").select_option(
        value="Udział w zajęciach lub wydarzeniach w ostatnich 12 miesiącach: OK „Tkacz”"
    )
    explorer.locator(".swot-exp-by select").select_option(value="Wiek")
    expect(explorer.locator(".swot-exp-table")).to_contain_text("Nie znam tej instytucji")
    explorer.locator(".swot-exp-answer select").select_option(value="Nie znam tej instytucji")
    explorer.locator(".swot-exp-group select").select_option(value="15–19")
    explorer.locator("button.swot-exp-draft").click()
    statement = explorer.locator(".swot-find-statement textarea")
    expect(statement).to_have_value(
        "73% odpowiadających na pytanie „Udział w zajęciach lub wydarzeniach w ostatnich "
        "12 miesiącach: OK „Tkacz”” wybrało „Nie znam tej instytucji” (grupa: 15–19)."
    )
    statement.fill("Młodzież (15–19 lat) w większości nie zna Ośrodka Kultury „Tkacz”.")
    explorer.locator("button.swot-find-save").click()
    expect(explorer.locator(".swot-finding-form .swot-status")).to_contain_text("Zapisano")
    screenshot(page, "diagnosis-finding-saved")
    shutdown_kernel(page, NOTEBOOK)

    with Workspace.open(lab_server.workspace) as ws:
        files = survey.survey_files(ws)
        assert len(files) == files_before + 1
        assert files[-1].name == SAMPLE.name
        assert files[-1].meta["report"]["accepted"] == 7
        saved = [f for f in ws.objects(Finding) if f.statement.startswith("Młodzież")]
        assert ws.count(Finding) == findings_before + 1
        assert len(saved) == 1
        assert saved[0].institution_id == "tkacz"
        assert dict(saved[0].numbers)["n"] == 49
