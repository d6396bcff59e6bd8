"""The SWOT board (swot.widgets.SwotBoard) in a real JupyterLab, driven through its widgets.

Notebooks are generated per test in the scratch server's folder (cells call only ``swot.*``)
and open a workspace file made for the test, so nothing depends on notebooks/02_swot.ipynb
or on what other tests wrote. Contract used here (CSS classes of board.py): swot-board,
swot-quadrant-{s,w,o,t}, swot-items-{s,w,o,t}, swot-factor-body (the factor text is its <b>),
swot-factor-text-{s,w,o,t} (Textarea), swot-factor-category / swot-factor-importance
(Dropdowns), swot-add-{s,w,o,t}, swot-factor-row, swot-factor-edit, swot-conflict,
swot-conflict-theirs, swot-status.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from lab import (
    VIEWPORT,
    LabServer,
    open_notebook,
    restart_and_run_all,
    screenshot,
    shutdown_kernel,
)
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

pytestmark = pytest.mark.browser

INSTITUTION = "mok"

# Exact text of every factor shown in quadrant <letter>, in board order.
_FACTOR_TEXTS_JS = """
(letter) => Array.from(
  document.querySelectorAll(`.swot-items-${letter} .swot-factor-body > b`),
  (b) => b.textContent)
"""
_HAS_FACTOR_JS = f"""
([letter, text]) => ({_FACTOR_TEXTS_JS})(letter).includes(text)
"""
_KERNEL_IDLE_JS = """
() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'
"""


# ------------------------------------------------------------------------------------ helpers


def write_board_notebook(server: LabServer, name: str, workspace: Path, author: str) -> str:
    """A two-cell notebook: open ``workspace`` as ``author``, show the board (poll every 1 s)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import swot\nimport swot.widgets\n\n"
            f"ws = swot.Workspace.open({str(workspace)!r}, actor={author!r})"
        ),
        nbformat.v4.new_code_cell(
            f"swot.widgets.SwotBoard(ws, {INSTITUTION!r}, author={author!r}, poll_seconds=1)"
        ),
    ]
    nbformat.write(nb, server.root_dir / name)
    return name


def small_workspace(path: Path) -> Path:
    """One institution with one factor per quadrant: a compact board."""
    from swot import Factor, Institution, Workspace

    with Workspace.create(path, actor="trener") as ws:
        ws.add(Institution(id=INSTITUTION, name="Miejski Ośrodek Kultury"))
        for quadrant, text in (
            ("S", "Sala widowiskowa na 400 miejsc"),
            ("W", "Mało zajęć dla młodzieży"),
            ("O", "Rosnąca liczba aktywnych seniorów"),
            ("T", "Konkurencja galerii handlowej"),
        ):
            ws.add(Factor(institution_id=INSTITUTION, quadrant=quadrant, text=text, importance=3))
    return path


def quadrant(page: Page, letter: str) -> Locator:
    return page.locator(f".swot-quadrant-{letter.lower()}")


def factor_texts(page: Page, letter: str) -> list[str]:
    return list(page.evaluate(_FACTOR_TEXTS_JS, letter.lower()))


def wait_for_factor(page: Page, letter: str, text: str, *, timeout_ms: float = 15_000) -> None:
    """Wait until quadrant ``letter`` shows a factor whose text is exactly ``text``."""
    page.wait_for_function(
        _HAS_FACTOR_JS, arg=[letter.lower(), text], timeout=timeout_ms, polling="raf"
    )


def add_factor(
    page: Page, letter: str, text: str, *, category: str = "", importance: int = 3
) -> None:
    """Type a factor into quadrant ``letter``'s form, pick category and importance, click add."""
    panel = quadrant(page, letter)
    letter = letter.lower()
    panel.locator(f".swot-factor-text-{letter} textarea").fill(text)
    if category:
        panel.locator(".swot-factor-category select").select_option(label=category)
    panel.locator(".swot-factor-importance select").select_option(label=str(importance))
    panel.locator(f"button.swot-add-{letter}").click()
    wait_for_factor(page, letter, text)
    expect(panel.locator(".swot-status").first).to_contain_text("Zapisano")
    expect(panel.locator(f".swot-factor-text-{letter} textarea")).to_have_value("")
    # The new factor shows as soon as its quadrant is redrawn, while the kernel still redraws
    # the quadrants after it and the forms below them move: act again only when it is done.
    page.wait_for_function(_KERNEL_IDLE_JS, polling=50)


def factor_row(page: Page, letter: str, text: str) -> Locator:
    return (
        quadrant(page, letter)
        .locator(".swot-factor-row")
        .filter(has=page.locator(".swot-factor-body > b", has_text=text))
    )


def screenshot_board(page: Page, name: str) -> Path:
    """Screenshot with the viewport grown to the board's height, so all four quadrants show."""
    board = page.locator(".swot-board").first
    board.scroll_into_view_if_needed()
    height = board.evaluate("b => b.getBoundingClientRect().height")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": int(min(height + 250, 4000))})
    try:
        board.scroll_into_view_if_needed()
        return screenshot(page, name)
    finally:
        page.set_viewport_size(VIEWPORT)


def stored_factors(workspace: Path, letter: str) -> list[tuple[str, str, int]]:
    from swot import Workspace

    with Workspace.open(workspace) as ws:
        return [(f.text, f.category, f.importance) for f in ws.factors(INSTITUTION, letter)]


@pytest.fixture
def page_b(chromium_browser: Browser) -> Iterator[Page]:
    """A second participant: its own browser context (cookies, storage), its own kernel."""
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
    try:
        yield context.new_page()
    finally:
        context.close()


# -------------------------------------------------------------------------------------- tests

NEW_FACTORS = {
    "S": ("Nowa pracownia ceramiczna z piecem", "infrastruktura", 4),
    "W": ("Brak windy do sali na piętrze", "infrastruktura", 5),
    "O": ("Program „Kultura dostępna” finansuje przystosowanie budynków", "finanse", 2),
    "T": ("Odpływ młodych mieszkańców do Łodzi i Warszawy", "odbiorcy", 1),
}


def test_factors_added_in_four_quadrants_survive_a_kernel_restart(
    scratch_lab: LabServer, page: Page, tmp_path: Path
) -> None:
    from swot.demo import build_demo

    started = time.perf_counter()
    workspace = Path(build_demo(tmp_path / "demo.swot"))
    name = write_board_notebook(scratch_lab, "board_restart.ipynb", workspace, "Anna K.")
    open_notebook(page, scratch_lab, name)
    expect(page.locator(".swot-board h3")).to_have_text("Analiza SWOT: Miejski Ośrodek Kultury")

    for letter, (text, category, importance) in NEW_FACTORS.items():
        add_factor(page, letter, text, category=category, importance=importance)
        row = factor_row(page, letter, text)
        expect(row).to_be_visible()
        expect(row.locator(".swot-factor-body")).to_contain_text(f"{category} · {'★' * importance}")
    for letter, (text, category, importance) in NEW_FACTORS.items():
        assert text in factor_texts(page, letter), f"{letter}: {text!r} vanished"
        assert (text, category, importance) in stored_factors(workspace, letter)
    screenshot_board(page, "swot-board-four-added")

    restart_and_run_all(page, name)
    counts = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets.map("
        "c => c.model.executionCount)"
    )
    assert counts == [1, 2], f"expected a fresh kernel (cells [1], [2]), got {counts}"
    for letter, (text, _category, _importance) in NEW_FACTORS.items():
        # A fresh kernel draws the whole board (~60 rows) at once: on a busy CI machine that
        # can take longer than an ordinary redraw, and JupyterLab may defer what is off-screen.
        quadrant(page, letter).scroll_into_view_if_needed()
        wait_for_factor(page, letter, text, timeout_ms=45_000)
        expect(factor_row(page, letter, text)).to_be_visible()
        shown = factor_texts(page, letter)
        stored = [t for t, _c, _i in stored_factors(workspace, letter)]
        assert shown == stored, f"{letter}: the board shows {shown}, the workspace has {stored}"
    factor_row(page, "T", NEW_FACTORS["T"][0]).scroll_into_view_if_needed()
    screenshot(page, "swot-board-after-restart")
    shutdown_kernel(page, name)
    print(f"four quadrants + restart: {time.perf_counter() - started:.1f} s")


def test_two_participants_see_each_other_and_stale_edits_conflict(
    scratch_lab: LabServer, page: Page, page_b: Page, tmp_path: Path
) -> None:
    started = time.perf_counter()
    workspace = small_workspace(tmp_path / "shared.swot")
    name_a = write_board_notebook(scratch_lab, "board_anna.ipynb", workspace, "Anna")
    name_b = write_board_notebook(scratch_lab, "board_bartek.ipynb", workspace, "Bartek")
    open_notebook(page, scratch_lab, name_a)
    open_notebook(page_b, scratch_lab, name_b)

    # An addition in A shows up in B by itself (B polls every second; no cell re-run).
    page.locator(".swot-factor-text-o textarea").fill("Dotacje z programu MKiDN")
    page.locator("button.swot-add-o").click()
    clicked = time.perf_counter()
    wait_for_factor(page_b, "O", "Dotacje z programu MKiDN", timeout_ms=5_000)
    print(f"A's factor visible in B {time.perf_counter() - clicked:.1f} s after A's click")
    wait_for_factor(page, "O", "Dotacje z programu MKiDN")
    page.wait_for_function(_KERNEL_IDLE_JS, polling=50)
    expect(page_b.locator(".swot-board > .swot-status")).to_contain_text("odświeżona")

    # B opens factor X for editing; meanwhile A edits and saves X; then B saves its stale copy.
    original = "Sala widowiskowa na 400 miejsc"
    factor_row(page_b, "S", original).locator("button.swot-factor-edit").click()
    expect(page_b.locator(".swot-factor-text-s textarea")).to_have_value(original)
    expect(page_b.locator("button.swot-add-s")).to_contain_text("Zapisz zmiany")

    factor_row(page, "S", original).locator("button.swot-factor-edit").click()
    expect(page.locator(".swot-factor-text-s textarea")).to_have_value(original)
    page.locator(".swot-factor-text-s textarea").fill("Sala na 400 miejsc (wersja Anny)")
    page.locator("button.swot-add-s").click()
    wait_for_factor(page, "S", "Sala na 400 miejsc (wersja Anny)")
    wait_for_factor(page_b, "S", "Sala na 400 miejsc (wersja Anny)", timeout_ms=5_000)

    page_b.locator(".swot-factor-text-s textarea").fill("Sala na 400 miejsc (wersja Bartka)")
    page_b.locator("button.swot-add-s").click()
    conflict = page_b.locator(".swot-quadrant-s .swot-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Ktoś inny zmienił ten czynnik")
    expect(conflict).to_contain_text("Twoja wersja: „Sala na 400 miejsc (wersja Bartka)”")
    expect(conflict).to_contain_text("Zapisana wersja: „Sala na 400 miejsc (wersja Anny)”")
    expect(conflict).to_contain_text("Nic nie zostało nadpisane")
    expect(page_b.locator(".swot-quadrant-s .swot-status-error")).to_be_visible()
    screenshot_board(page_b, "swot-board-conflict")

    assert [t for t, _c, _i in stored_factors(workspace, "S")] == [
        "Sala na 400 miejsc (wersja Anny)"
    ]
    assert "Sala na 400 miejsc (wersja Bartka)" not in factor_texts(page_b, "S")
    assert "Sala na 400 miejsc (wersja Bartka)" not in factor_texts(page, "S")

    # "Keep the stored one" closes the conflict and still writes nothing.
    conflict.locator("button.swot-conflict-theirs").click()
    expect(conflict).to_be_hidden()
    expect(page_b.locator("button.swot-add-s")).to_contain_text("Dodaj")
    assert [t for t, _c, _i in stored_factors(workspace, "S")] == [
        "Sala na 400 miejsc (wersja Anny)"
    ]
    screenshot(page, "swot-board-participant-a")
    shutdown_kernel(page, name_a)
    shutdown_kernel(page_b, name_b)
    print(f"two participants: {time.perf_counter() - started:.1f} s")


PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "<b>bold</b>",
    '"><svg onload=window.__xss=1>',
]


def test_markup_in_factor_texts_is_shown_literally_and_never_runs(
    scratch_lab: LabServer, page: Page, tmp_path: Path
) -> None:
    started = time.perf_counter()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    workspace = small_workspace(tmp_path / "xss.swot")
    name = write_board_notebook(scratch_lab, "board_xss.ipynb", workspace, "<i>Ewa</i>")
    open_notebook(page, scratch_lab, name)

    for letter, payload in zip("SWOT", PAYLOADS, strict=True):
        add_factor(page, letter, payload)
        # The status line repeats the text: escaped there too.
        expect(quadrant(page, letter).locator(".swot-status").first).to_have_text(
            f"✔ Zapisano: {payload}"
        )
    for letter, payload in zip("SWOT", PAYLOADS, strict=True):
        assert payload in factor_texts(page, letter)
        expect(factor_row(page, letter, payload)).to_be_visible()
        assert (payload, "", 3) in stored_factors(workspace, letter)

    board = page.locator(".swot-board")
    # No element came out of a payload: the board's own markup has no img, svg or script,
    # and the only <b> elements are the factor texts themselves (one per factor, no nesting).
    assert board.locator("script, img, svg, [onerror], [onload]").count() == 0
    assert board.locator(".swot-factor-body b b").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    screenshot_board(page, "swot-board-xss")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert not dialogs, f"a payload opened a dialog: {dialogs}"
    shutdown_kernel(page, name)
    print(f"payloads: {time.perf_counter() - started:.1f} s")
