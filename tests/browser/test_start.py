"""notebooks/00_start.ipynb in a real JupyterLab: a team typed into the form is saved.

Depends on 00_start.ipynb and swot.demo existing; it fails (never skips) while they are missing.
Contract: widgets carry the CSS classes swot-team-institution (Dropdown), swot-team-name (Text),
swot-team-members (Textarea, one member per line), swot-team-add (Button) and swot-status
(says "Zapisano" after a save).
"""

from __future__ import annotations

import time

import pytest
from lab import NOTEBOOK_DIR, LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

NOTEBOOK = "00_start.ipynb"


def test_start_notebook_exists() -> None:
    assert (NOTEBOOK_DIR / NOTEBOOK).is_file(), f"{NOTEBOOK_DIR / NOTEBOOK} is missing"


def test_team_form_saves_a_team(lab_server: LabServer, page: Page) -> None:
    from swot import Workspace

    started = time.perf_counter()
    open_notebook(page, lab_server, NOTEBOOK)

    institution = page.locator(".swot-team-institution select")
    values = [
        v for v in institution.locator("option").evaluate_all("os => os.map(o => o.value)") if v
    ]
    assert values, "the institution dropdown offers no institution from the demo workspace"
    institution.select_option(value=values[0])
    page.locator(".swot-team-name input").fill("Zespół przeglądarkowy")
    page.locator(".swot-team-members textarea").fill("Anna Nowak\nJan Kowalski")
    page.locator("button.swot-team-add").click()
    expect(page.locator(".swot-status")).to_contain_text("Zapisano")
    screenshot(page, "start-team-saved")

    shutdown_kernel(page, NOTEBOOK)
    ws = Workspace.open(lab_server.workspace)
    try:
        saved = [t for t in ws.teams() if t.name == "Zespół przeglądarkowy"]
    finally:
        ws.close()
    assert len(saved) == 1, f"expected one saved team, found {saved}"
    assert saved[0].members == ("Anna Nowak", "Jan Kowalski")
    print(f"00_start team form: {time.perf_counter() - started:.1f} s")
