"""App mode: the repository's notebooks served by Voila, as ``scripts/workshop.sh --app`` does.

A participant never sees code: the start page lists links per institution and person
(``AppLauncher``), a link opens the SWOT stage for that team, and a factor typed there is
saved under that person's name for that institution.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from lab import NOTEBOOK_DIR, VIEWPORT, VoilaServer, running_voila, screenshot
from playwright.sync_api import Browser, expect

import swot
from swot.demo import build_demo

pytestmark = pytest.mark.browser

INSTITUTION = "tkacz"


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    workspace = Path(build_demo(tmp_path_factory.mktemp("swot-ws-voila") / "demo.swot"))
    state = tmp_path_factory.mktemp("voila-state")
    with running_voila(
        NOTEBOOK_DIR, state, workspace=workspace, token=secrets.token_urlsafe(16)
    ) as server:
        yield server


def _names(workspace: Path) -> tuple[str, str]:
    """The institution's name and the second member of its team (not the default person)."""
    with swot.Workspace.open(workspace) as ws:
        return ws.get(swot.Institution, INSTITUTION).name, ws.teams(INSTITUTION)[0].members[1]


def test_start_page_links_open_the_swot_stage_for_the_chosen_person(
    voila: VoilaServer, chromium_browser: Browser
) -> None:
    name, person = _names(voila.workspace)
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
    try:
        page = context.new_page()
        page.goto(f"{voila.url}/voila/render/00_start.ipynb?token={voila.token}", timeout=180_000)
        launcher = page.locator(".swot-app-launcher")
        expect(launcher).to_be_visible(timeout=180_000)
        # App mode: the page shows forms and tables, never the notebook's Python.
        assert page.get_by_text("import swot").count() == 0
        assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0

        launcher.locator(".swot-app-institution select").select_option(label=name)
        launcher.locator(".swot-app-person select").select_option(label=person)
        swot_row = launcher.locator("tr", has_text="Warsztat SWOT")
        expected = urlencode({"instytucja": INSTITUTION, "uczestnik": person})
        expect(swot_row.locator("code")).to_contain_text(expected)
        href = swot_row.locator("a.swot-app-link").get_attribute("href")
        assert href is not None
        query = parse_qs(urlsplit(href).query)
        assert query == {"instytucja": [INSTITUTION], "uczestnik": [person], "token": [voila.token]}
        launcher.scroll_into_view_if_needed()
        screenshot(page, "voila-start-launcher")

        # A participant's computer: a fresh browser context, only the link.
        participant = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
        try:
            board_page = participant.new_page()
            board_page.goto(voila.url + href, timeout=180_000)
            board = board_page.locator(".swot-board")
            expect(board).to_be_visible(timeout=180_000)
            expect(board).to_contain_text("Tkacz")
            text = f"Próba trybu aplikacji {secrets.token_hex(3)} <b>nie pogrubiaj</b>"
            board_page.locator(".swot-factor-text-o textarea").fill(text)
            board_page.locator("button.swot-add-o").click()
            items = board_page.locator(".swot-items-o .swot-factor-body > b")
            expect(items.filter(has_text=text)).to_have_count(1, timeout=30_000)
            board_page.locator(".swot-quadrant-o").scroll_into_view_if_needed()
            screenshot(board_page, "voila-swot-added")
        finally:
            participant.close()
    finally:
        context.close()

    with swot.Workspace.open(voila.workspace) as ws:
        saved = [f for f in ws.factors(INSTITUTION, "O") if f.text == text]
    assert len(saved) == 1
    assert saved[0].author == person


def test_a_hand_edited_address_with_an_unknown_institution_shows_no_board(
    voila: VoilaServer, chromium_browser: Browser
) -> None:
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
    try:
        page = context.new_page()
        url = f"{voila.url}/voila/render/02_swot.ipynb?instytucja=nieznana&token={voila.token}"
        page.goto(url, timeout=180_000)
        expect(page.get_by_text("There was an error when executing cell")).to_be_visible(
            timeout=180_000
        )
        # the reason is in Polish above Voila's generic line, with a way back to the start
        refusal = page.locator(".swot-app-refusal")
        expect(refusal).to_contain_text("W adresie strony jest instytucja='nieznana'")
        expect(refusal).to_contain_text("Dozwolone: mok, tkacz, dok.")
        start = refusal.get_by_role("link", name="Otwórz stronę startową")
        assert "/voila/render/00_start.ipynb" in (start.get_attribute("href") or "")
        assert page.locator(".swot-board").count() == 0
        assert "Traceback" not in page.inner_text("body")
        screenshot(page, "voila-unknown-institution")
    finally:
        context.close()
