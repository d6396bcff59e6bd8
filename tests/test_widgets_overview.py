"""The trainer's overview and the expert's view driven in-process: live refresh, comments,
escaping."""

from __future__ import annotations

import re
import time

import ipywidgets
import pytest
from helpers import wait_until

from swot import Factor, Finding, Institution, Quadrant, Strategy, Workspace, widgets
from swot.progress import team_progress
from swot.tows import open_comments

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def overview(demo_ws):
    view = widgets.TrainerOverview(demo_ws, poll_seconds=0)
    yield view
    view.close()


@pytest.fixture
def expert(demo_ws):
    view = widgets.ExpertView(demo_ws, "mok", author="Ekspert zewnętrzny")
    yield view
    view.close()


def _buttons(widget):
    found = [widget] if isinstance(widget, ipywidgets.Button) else []
    for child in getattr(widget, "children", ()):
        found += _buttons(child)
    return found


def test_overview_has_one_row_per_institution(overview, demo_ws):
    assert overview.rows == team_progress(demo_ws)
    lines = repr(overview).splitlines()
    assert lines[0] == "Postępy zespołów"
    assert lines[1].split(" | ")[:3] == ["Instytucja                 ", "Etap               ", "S"]
    assert len(lines) == 2 + 3
    mok = [cell.strip() for cell in lines[2].split("|")]
    assert mok == [
        *("Miejski Ośrodek Kultury", "zbieranie czynników", "8", "8", "8", "7", "0/30"),
        *("0", "6", "3", "7", "12", "0", "6", "0"),
    ]
    assert overview.table.value.count("<tr>") == 1 + 3
    assert "swot-overview" in overview.table.value
    assert repr(overview) == repr(widgets.TrainerOverview(demo_ws, poll_seconds=0))


def test_overview_refreshes_live_when_another_handle_writes(demo_ws):
    view = widgets.TrainerOverview(demo_ws, poll_seconds=0.1)
    try:
        assert view.rows[0].factors[Quadrant.O] == 8
        with Workspace.open(demo_ws.path, actor="Piotr W.") as other:
            other.add(Factor(institution_id="mok", quadrant="O", text="Dotacje z programu MKiDN"))
        assert wait_until(lambda: view.rows[0].factors[Quadrant.O] == 9)
        assert "| 9 |" in repr(view)
        assert wait_until(lambda: "odświeżony" in view.status.text)
    finally:
        view.close()
    assert wait_until(lambda: not view._thread.is_alive(), 2.0)  # close() stops the poll
    seen = view._seen
    demo_ws.add(Factor(institution_id="mok", quadrant="T", text="Nowe zagrożenie"))
    time.sleep(0.3)
    assert view._seen == seen  # nothing redraws a closed overview


def test_overview_refresh_without_change_does_nothing(overview):
    assert overview.refresh(force=False) is False
    assert overview.refresh() is True


def test_overview_escapes_institution_names(demo_ws):
    demo_ws.add(Institution(id="xss", name=XSS))
    view = widgets.TrainerOverview(demo_ws, poll_seconds=0)
    try:
        assert "<script>" not in view.table.value and "<img" not in view.table.value
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.table.value
        assert XSS in repr(view)  # the plain text shows it literally
    finally:
        view.close()


def test_expert_view_shows_the_institution_s_work(expert, demo_ws):
    text = repr(expert)
    assert text.startswith("Przegląd ekspercki: Miejski Ośrodek Kultury\n")
    for section in ("Ustalenia z diagnozy:", "Analiza SWOT:", "Strategie TOWS:", "Plan rozwoju:"):
        assert section in text
    assert "Mocne strony | Bogata i różnorodna oferta: koncerty, spektakle, kino" in text
    assert "1.1 | Wymiana nagłośnienia i oświetlenia scenicznego sali widowiskowej" in text
    assert "Otwarte uwagi (0):\nBrak otwartych uwag." in text
    # nothing of another institution, and no editing controls besides the comment form
    assert "Tkacz" not in text
    assert _buttons(expert) == [expert.add_button, expert.refresh_button]
    # targets: every factor, then every strategy (what add_comment accepts)
    assert len(expert.target.options) == 1 + len(demo_ws.factors("mok"))


def test_expert_view_shows_own_and_general_findings(demo_ws):
    demo_ws.add_many(
        [
            Finding(statement="Młodzież chce koncertów", source="sonda", institution_id="mok"),
            Finding(statement="Mieszkańcy chcą kina", source="ankieta"),
            Finding(statement="Seniorzy w Tkaczu", source="ankieta", institution_id="tkacz"),
        ]
    )
    text = repr(widgets.ExpertView(demo_ws, "mok", author="E"))
    assert re.search(r"Młodzież chce koncertów\s+\| sonda\s+\| tej instytucji", text)
    assert re.search(r"Mieszkańcy chcą kina\s+\| ankieta\s+\| wszystkich instytucji", text)
    assert "Seniorzy w Tkaczu" not in text


def test_expert_comment_reaches_the_team(expert, demo_ws):
    factor = demo_ws.factors("mok", "W")[0]
    expert.target.value = f"factor:{factor.id}"
    expert.text.value = "Wskażcie dowód z diagnozy."
    expert.add_button.click()
    assert expert.status.text.startswith("✔ Zapisano uwagę do: [W] Wyeksploatowane")
    assert expert.text.value == ""
    found = open_comments(demo_ws, "mok")
    assert [(c.author, c.comment.text, c.target.id) for c in found] == [
        ("Ekspert zewnętrzny", "Wskażcie dowód z diagnozy.", factor.id)
    ]
    assert "Otwarte uwagi (1):" in repr(expert)
    # the team's comments panel and the trainer's overview show it
    assert "Wskażcie dowód z diagnozy." in repr(widgets.CommentsPanel(demo_ws, "mok"))
    assert team_progress(demo_ws)[0].open_comments == 1


def test_expert_comment_on_a_strategy(demo_ws):
    strategy = demo_ws.add(
        Strategy(institution_id="mok", kind="SO", text="Kino dla seniorów", factor_ids=())
    )
    view = widgets.ExpertView(demo_ws, "mok", author="E")
    view.target.value = f"strategy:{strategy.id}"
    view.text.value = "Dopiszcie termin."
    view.add_button.click()
    assert [c.target.id for c in open_comments(demo_ws, "mok")] == [strategy.id]


def test_expert_comment_needs_a_target_and_text(expert, demo_ws):
    expert.text.value = "Bez celu"
    expert.add_button.click()
    assert (
        expert.status.text == "✖ " + "Błąd: Wybierz czynnik albo strategię, której dotyczy uwaga."
        or ("Wybierz czynnik albo strategię" in expert.status.text)
    )
    expert.target.value = expert.target.options[1][1]
    expert.text.value = "   "
    expert.add_button.click()
    assert expert.status.text.startswith("✖")
    assert open_comments(demo_ws, "mok") == []


def test_expert_view_escapes_payloads(demo_ws):
    bad = demo_ws.add(Factor(institution_id="mok", quadrant="S", text=XSS, category=""))
    demo_ws.add(Strategy(institution_id="mok", kind="ST", text=XSS, factor_ids=(bad.id,)))
    demo_ws.add(Finding(statement=XSS, source=XSS, institution_id="mok"))
    view = widgets.ExpertView(demo_ws, "mok", author="E")
    view.target.value = f"factor:{bad.id}"
    view.text.value = XSS
    view.add_button.click()
    markup = " ".join(
        str(c.value) for c in (view.findings, view.swot, view.tows, view.plan, view.comments)
    )
    markup += view.status.value
    assert "<script>" not in markup and "<img" not in markup
    assert markup.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert XSS in repr(view)


def test_the_poll_stops_quietly_when_the_workspace_is_closed(demo_path):
    ws = Workspace.open(demo_path, actor="trener")
    view = widgets.TrainerOverview(ws, poll_seconds=0.05)
    try:
        assert view._thread.name == "swot-overview-poll" and view._thread.daemon
        ws.close()
        assert wait_until(lambda: not view._thread.is_alive(), 2.0)
        assert view.status.text == ""  # nothing to tell the trainer, no traceback either
    finally:
        view.close()
