"""The conflict panel and the save-state indicator the edit forms share, driven headlessly."""

from __future__ import annotations

import logging

import pytest

import swot
from swot import widgets
from swot.errors import SwotError
from swot.i18n import t
from swot.widgets._common import StatusLine
from swot.widgets._conflict import STATES, ConflictPanel, SaveState

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture
def status():
    return StatusLine()


@pytest.fixture
def panel(status):
    return ConflictPanel(status, "ui.plan")


def _buttons(panel):
    _message, buttons = panel.children
    mine, theirs = buttons.children
    return mine, theirs


def test_a_new_panel_is_hidden_and_empty(panel):
    assert panel.layout.display == "none"
    assert panel.children == ()
    assert "swot-conflict" in panel._dom_classes


def test_show_escapes_the_message_and_repeats_it_on_the_status_line(panel, status):
    message = f"Twoja wersja: „{PAYLOAD}”"
    panel.show(message, keep_mine=lambda: None, keep_theirs=lambda: None)
    assert panel.layout.display == ""
    shown = panel.children[0].value
    assert PAYLOAD not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert PAYLOAD not in status.value
    assert status.text == f"✖ {message}"
    assert "swot-status-error" in status._dom_classes


def test_the_status_line_can_say_something_shorter(panel, status):
    panel.show(PAYLOAD, keep_mine=lambda: None, keep_theirs=lambda: None, status_text="Krótko")
    assert status.text == "✖ Krótko"
    assert "&lt;img" in panel.children[0].value


def test_buttons_are_labelled_from_the_forms_texts_and_classed(panel):
    panel.show("x", keep_mine=lambda: None, keep_theirs=lambda: None)
    mine, theirs = _buttons(panel)
    assert (mine.description, theirs.description) == ("Zapisz moją wersję", "Weź zapisaną")
    assert "swot-conflict-mine" in mine._dom_classes
    assert "swot-conflict-theirs" in theirs._dom_classes
    assert mine.button_style == "warning"
    board = ConflictPanel(StatusLine(), "ui.board")
    board.show("x", keep_mine=lambda: None, keep_theirs=lambda: None)
    assert _buttons(board)[1].description == "Zostaw zapisaną"


def test_labels_follow_the_language_at_the_time_of_the_conflict(panel):
    swot.set_language("en")
    panel.show("x", keep_mine=lambda: None, keep_theirs=lambda: None)
    assert [b.description for b in _buttons(panel)] == ["Save my version", "Take the stored one"]


def test_each_button_calls_its_own_callback(panel):
    calls = []
    panel.show("x", keep_mine=lambda: calls.append("mine"), keep_theirs=lambda: calls.append("t"))
    mine, theirs = _buttons(panel)
    mine.click()
    assert calls == ["mine"]
    theirs.click()
    assert calls == ["mine", "t"]


def test_a_swot_error_in_a_callback_ends_on_the_status_line(panel, status):
    def refuse():
        raise SwotError(f"Nie wolno {PAYLOAD}")

    panel.show("x", keep_mine=refuse, keep_theirs=lambda: None)
    _buttons(panel)[0].click()  # no exception escapes the click
    assert status.text == f"✖ Nie zapisano. Nie wolno {PAYLOAD}"
    assert PAYLOAD not in status.value


def test_an_unexpected_error_in_a_callback_ends_on_the_status_line(panel, status, caplog):
    def crash():
        raise KeyError("boom")

    panel.show("x", keep_mine=lambda: None, keep_theirs=crash)
    with caplog.at_level(logging.ERROR, logger="swot.widgets"):
        _buttons(panel)[1].click()
    assert "nieoczekiwany błąd (KeyError)" in status.text
    assert "swot-status-error" in status._dom_classes
    assert "boom" in caplog.text  # the traceback goes to the log, not into the widget


def test_hide_empties_the_panel(panel, status):
    panel.show("x", keep_mine=lambda: None, keep_theirs=panel.hide)
    _buttons(panel)[1].click()
    assert panel.layout.display == "none"
    assert panel.children == ()
    panel.hide()  # hiding twice is harmless
    assert panel.children == ()


def test_showing_again_replaces_the_previous_conflict(panel):
    calls = []
    panel.show("pierwszy", keep_mine=lambda: calls.append(1), keep_theirs=lambda: None)
    panel.show("drugi", keep_mine=lambda: calls.append(2), keep_theirs=lambda: None)
    assert panel.children[0].value == "drugi"
    _buttons(panel)[0].click()
    assert calls == [2]


@pytest.mark.parametrize("state", STATES)
def test_save_state_says_each_state_with_its_own_class(state):
    indicator = SaveState("ui.tows.state")
    for other in STATES:  # whatever came before, only the last state's class stays
        indicator.set(other)
    indicator.set(state)
    assert indicator.text == t(f"ui.tows.state.{state}")
    assert indicator.value.startswith("<small>")
    classes = [c for c in indicator._dom_classes if c.startswith("swot-save-state-")]
    assert classes == [f"swot-save-state-{state}"]
    assert "swot-save-state" in indicator._dom_classes


def test_save_state_escapes_and_clears():
    indicator = SaveState(PAYLOAD)  # an unknown key reads as itself
    indicator.set("saved")
    assert PAYLOAD not in indicator.value
    assert indicator.text == f"{PAYLOAD}.saved"
    indicator.clear()
    assert indicator.value == "" and indicator.text == ""


def test_every_edit_form_uses_the_shared_pieces(demo_ws):
    board = widgets.SwotBoard(demo_ws, "mok", poll_seconds=0)
    tows = widgets.TowsEditor(demo_ws, "mok", poll_seconds=0)
    plan = widgets.PlanEditor(demo_ws, "mok", poll_seconds=0)
    scoring = widgets.ScoringForm(demo_ws, "mok")
    try:
        panels = [
            *board.quadrants.values(),
            *tows.cells.values(),
            plan.goals_section,
            plan.tasks_section,
            plan.indicators_section,
            scoring,
        ]
        for view in panels:
            assert isinstance(view.conflict, ConflictPanel)
            assert view.conflict in view.children  # below the form, hidden until needed
            assert view.conflict.layout.display == "none"
        for view in [*tows.cells.values(), plan.goals_section]:
            assert isinstance(view.state, SaveState)
    finally:
        for view in (board, tows, plan, scoring):
            view.close()
