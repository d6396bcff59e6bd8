"""The panel's invitation list (``InvitationsEditor``) in a real browser, served by Voila.

An organiser adds an addressee whose name is a markup and formula payload, sees it in the
table as text, exports the mailing table and downloads the CSV that Excel would open.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from lab import VIEWPORT, VoilaServer, running_voila, screenshot
from playwright.sync_api import Browser, expect

import swot
from swot.demo import build_demo
from swot.invitations import stakeholders

pytestmark = pytest.mark.browser

PAYLOAD = '=HYPERLINK("http://x")<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    workspace = Path(build_demo(tmp_path_factory.mktemp("swot-ws-invite") / "demo.swot"))
    root = tmp_path_factory.mktemp("voila-invite-nb")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import swot\nfrom swot import widgets\n"
            'ws = swot.Workspace.open(actor="Organizator")\n'
            'widgets.InvitationsEditor(ws, actor="Organizator")'
        )
    ]
    nbformat.write(nb, root / "zaproszenia.ipynb")
    state = tmp_path_factory.mktemp("voila-invite-state")
    with running_voila(root, state, workspace=workspace, token=secrets.token_urlsafe(16)) as server:
        yield server


def test_organiser_adds_an_addressee_and_downloads_the_mailing_table(
    voila: VoilaServer, chromium_browser: Browser, tmp_path: Path
) -> None:
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL", accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(
            f"{voila.url}/voila/render/zaproszenia.ipynb?token={voila.token}", timeout=180_000
        )
        name_field = page.locator(".swot-invite-name input")
        expect(name_field).to_be_visible(timeout=180_000)
        name_field.fill(PAYLOAD)
        page.locator(".swot-invite-category select").select_option(label="szkoła lub przedszkole")
        page.locator(".swot-invite-email input").fill("sekretariat@szkola.example.pl")
        page.locator("button.swot-invite-save").click()
        status = page.locator(".swot-status").first
        expect(status).to_contain_text("Zapisano", timeout=30_000)

        table = page.locator(".swot-invite-table")
        expect(table).to_contain_text(PAYLOAD, timeout=30_000)  # shown literally
        assert page.evaluate("() => window.__xss") is None
        assert page.locator("img[src='x']").count() == 0

        page.locator("button.swot-invite-export-csv").click()
        link = page.locator("a.swot-invite-download-link")
        expect(link).to_be_visible(timeout=30_000)
        link.scroll_into_view_if_needed()
        screenshot(page, "voila-invitations-export")
        with page.expect_download() as info:
            link.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
    finally:
        context.close()

    data = target.read_bytes()
    assert target.suffix == ".csv"
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Polish Excel opens it right
    text = data.decode("utf-8-sig")
    assert ";" in text.splitlines()[0]
    row = next(line for line in text.splitlines() if "HYPERLINK" in line)
    assert "'=HYPERLINK" in row  # neutralised: Excel shows it as text, never runs it
    assert "sekretariat@szkola.example.pl" in row

    with swot.Workspace.open(voila.workspace) as ws:
        saved = [s for s in stakeholders(ws) if s.name == PAYLOAD]
    assert len(saved) == 1
    assert saved[0].email == "sekretariat@szkola.example.pl"
