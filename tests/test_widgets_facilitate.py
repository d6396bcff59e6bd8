"""The workshop widgets driven in-process: trainer's panel, blind voting, merging, categories."""

from __future__ import annotations

import re

import pytest
from helpers import wait_until

from swot import Factor, Participant, Workspace, widgets
from swot.facilitation import cast_vote, reveal_votes, session, set_phase, set_vote_budget
from swot.model import Phase, Vote

XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def _members(ws, institution_id="mok"):
    return [p for team in ws.teams(institution_id) for p in ws.objects(Participant, parent=team.id)]


@pytest.fixture
def trainer(demo_ws):
    view = widgets.FacilitationPanel(demo_ws, "mok", actor="Trener", poll_seconds=0)
    yield view
    view.close()


@pytest.fixture
def anna(demo_ws):
    return _members(demo_ws)[0]


@pytest.fixture
def ballot(demo_ws, anna):
    view = widgets.VotingPanel(demo_ws, "mok", anna.id, poll_seconds=0)
    yield view
    view.close()


@pytest.fixture
def merger(demo_ws):
    view = widgets.MergePanel(demo_ws, "mok", actor="Trener", poll_seconds=0)
    yield view
    view.close()


# --- the trainer's panel ----------------------------------------------------------------------


def test_switching_the_phase_saves_at_once(trainer, demo_ws):
    assert trainer.phase.value == "collect"
    assert [label for label, _value in trainer.phase.options] == [
        "zbieranie czynników",
        "porządkowanie i scalanie",
        "głosowanie",
        "dyskusja",
    ]
    trainer.phase.value = "vote"
    assert session(demo_ws, "mok").phase is Phase.VOTE
    assert trainer.status.text == "✔ Zapisano: etap „głosowanie”."
    assert demo_ws.history("session")[-1].actor == "Trener"
    assert session(demo_ws, "gok").phase is Phase.COLLECT
    trainer.phase.value = "discuss"
    assert session(demo_ws, "mok").phase is Phase.DISCUSS


def test_a_refused_phase_switch_goes_back_and_says_why(trainer, demo_ws, monkeypatch):
    from swot import facilitation
    from swot.errors import SwotError

    def refuse(*_args, **_kwargs):
        raise SwotError("Przestrzeń robocza jest zajęta.")

    monkeypatch.setattr(facilitation, "set_phase", refuse)
    trainer.phase.value = "vote"
    assert trainer.status.text == "✖ Nie zapisano. Przestrzeń robocza jest zajęta."
    assert trainer.phase.value == "collect"  # the buttons show what is stored
    monkeypatch.setattr(facilitation, "set_phase", lambda *a, **k: 1 / 0)
    trainer.phase.value = "discuss"
    assert "Wystąpił nieoczekiwany błąd (ZeroDivisionError)" in trainer.status.text
    assert trainer.phase.value == "collect"
    assert session(demo_ws, "mok").phase is Phase.COLLECT


def test_vote_budget_is_saved_and_bad_values_explained(trainer, demo_ws, anna):
    trainer.budget.value = 3
    trainer.budget_button.click()
    assert session(demo_ws, "mok").votes_per_participant == 3
    assert "Zapisano: 3 gł. na uczestnika" in trainer.status.text
    for bad in (0, 1000):
        trainer.budget.value = bad
        trainer.budget_button.click()
        assert "Nie zapisano" in trainer.status.text
        assert "liczba głosów na uczestnika" in trainer.status.text
        assert trainer.budget.value == 3  # the field shows the stored budget again
    set_phase(demo_ws, "mok", "vote")
    factor = demo_ws.factors("mok", "S")[0]
    cast_vote(demo_ws, factor, anna, count=3)
    trainer.budget.value = 2
    trainer.budget_button.click()
    assert "Nie można zmniejszyć puli do 2" in trainer.status.text
    assert session(demo_ws, "mok").votes_per_participant == 3


def test_reveal_shows_the_ranking_and_hides_it_again(trainer, demo_ws, anna):
    set_phase(demo_ws, "mok", "vote")
    top = demo_ws.factors("mok", "W")[2]
    cast_vote(demo_ws, top, anna, count=2)
    trainer.refresh()
    assert "Wyniki są ukryte" in trainer.results.value
    assert top.text not in trainer.results.value  # the projected screen gives nothing away
    assert "Głosowało 1 z 6 uczestników; oddano 2 z 30 głosów." in trainer.progress.value
    assert trainer.apply_button.disabled
    trainer.reveal_button.click()
    assert session(demo_ws, "mok").votes_revealed
    assert "Wyniki odsłonięte" in trainer.status.text
    assert trainer.reveal_button.description == "Ukryj wyniki"
    assert "swot-table" in trainer.results.value and top.text in trainer.results.value
    assert not trainer.apply_button.disabled
    assert "Wyniki głosowania: odsłonięte" in repr(trainer)
    trainer.reveal_button.click()
    assert not session(demo_ws, "mok").votes_revealed
    assert "znów ukryte" in trainer.status.text
    assert trainer.reveal_button.description == "Odsłoń wyniki"


def test_apply_ranking_to_importance(trainer, demo_ws, anna):
    set_phase(demo_ws, "mok", "vote")
    top = demo_ws.factors("mok", "W")[-1]
    cast_vote(demo_ws, top, anna, count=2)
    trainer.apply_button.click()  # still hidden: refused with the reason
    assert "Wyniki głosowania są jeszcze ukryte" in trainer.status.text
    assert demo_ws.get(Factor, top.id).importance == top.importance
    trainer.reveal_button.click()
    trainer.apply_button.click()
    assert re.search(
        r"Ustawiono ważność według głosów \(zmienione czynniki: \d+\)\.", trainer.status.text
    )
    assert demo_ws.get(Factor, top.id).importance == 5
    assert {f.importance for f in demo_ws.factors("mok", "W") if f.id != top.id} == {1}
    trainer.apply_button.click()
    assert "(zmienione czynniki: 0)" in trainer.status.text


def test_trainer_repr_is_plain_and_deterministic(demo_ws, trainer):
    text = repr(trainer)
    assert text.splitlines()[:5] == [
        "Prowadzenie warsztatu SWOT: Miejski Ośrodek Kultury",
        "Etap: zbieranie czynników",
        "Głosy na uczestnika: 5",
        "Głosowało 0 z 6 uczestników; oddano 0 z 30 głosów.",
        "Wyniki głosowania: ukryte",
    ]
    other = widgets.FacilitationPanel(demo_ws, "mok", poll_seconds=0)
    try:
        assert repr(other) == text
        reveal_votes(demo_ws, "mok")
        assert repr(other) == repr(trainer)
    finally:
        other.close()
    assert not re.search(r"[0-9a-f]{16}|0x[0-9a-f]+|\d{4}-\d\d-\d\dT", repr(trainer))
    bundle = trainer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(trainer)


def test_trainer_panel_follows_votes_live(demo_ws, anna):
    set_phase(demo_ws, "mok", "vote")
    view = widgets.FacilitationPanel(demo_ws, "mok", poll_seconds=0.1)
    try:
        with Workspace.open(demo_ws.path, actor="Anna") as other:
            cast_vote(other, other.factors("mok", "S")[0], other.get(Participant, anna.id))
        assert wait_until(lambda: "oddano 1 z 30" in view.progress.value)
    finally:
        view.close()
    assert not view._thread.is_alive() or wait_until(lambda: not view._thread.is_alive())


def test_trainer_ranking_escapes_factor_texts(trainer, demo_ws):
    for i, payload in enumerate(XSS):
        demo_ws.add(Factor(institution_id="mok", quadrant="T", text=payload, position=50 + i))
    reveal_votes(demo_ws, "mok")
    trainer.refresh()
    assert "<script>" not in trainer.results.value and "<img" not in trainer.results.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in trainer.results.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in trainer.results.value
    assert all(payload in repr(trainer) for payload in XSS)


# --- a participant's ballot -------------------------------------------------------------------


def test_voting_is_closed_outside_the_vote_phase(ballot, demo_ws, anna):
    assert "Głosowanie jest zamknięte" in ballot.notice.value
    factor_id = demo_ws.factors("mok", "S")[0].id
    assert ballot.plus[factor_id].disabled
    ballot.plus[factor_id].click()  # even a click that gets through is refused by the core
    assert "Głosowanie jest zamknięte: trwa etap „zbieranie czynników”" in ballot.status.text
    assert demo_ws.objects(Vote) == []
    assert "Głosowanie jest zamknięte" not in repr(ballot)  # repr shows phase, not the error
    assert "Etap: zbieranie czynników" in repr(ballot)


def test_cast_and_retract_votes_within_the_budget(ballot, demo_ws, anna):
    set_vote_budget(demo_ws, "mok", 2)
    set_phase(demo_ws, "mok", "vote")
    ballot.refresh()
    assert "Kliknij +" in ballot.notice.value
    assert "Pozostało głosów: 2 z 2" in ballot.left.value
    first, second = demo_ws.factors("mok", "O")[:2]
    assert ballot.minus[first.id].disabled  # nothing to take back yet
    ballot.plus[first.id].click()
    assert "Oddano głos na: " + first.text in ballot.status.text
    assert "Pozostało głosów: 1 z 2" in ballot.left.value
    ballot.plus[first.id].click()
    ballot.plus[second.id].click()
    assert "ma jeszcze 0 z 2 głosów, więc nie może oddać 1" in ballot.status.text
    assert [(v.factor_id, v.count) for v in demo_ws.objects(Vote)] == [(first.id, 2)]
    assert demo_ws.history("vote")[-1].actor == anna.name
    ballot.minus[first.id].click()
    assert "Cofnięto głos z: " + first.text in ballot.status.text
    assert "Pozostało głosów: 1 z 2" in ballot.left.value
    assert "moje głosy: 1" in repr(ballot)
    ballot.minus[second.id].click()
    assert "ma na czynnik" in ballot.status.text and "wycofać 1" in ballot.status.text


def test_totals_stay_hidden_until_the_trainer_reveals_them(ballot, demo_ws, anna):
    set_phase(demo_ws, "mok", "vote")
    factor = demo_ws.factors("mok", "T")[0]
    jan = _members(demo_ws)[1]
    cast_vote(demo_ws, factor, jan, count=3)
    ballot.refresh()
    ballot.plus[factor.id].click()
    row = next(r for r in ballot.quadrants[factor.quadrant].children if hasattr(r, "children"))
    assert "moje głosy: 1" in row.children[1].value
    assert "razem" not in row.children[1].value
    assert "ukryte, dopóki trener ich nie odsłoni" in ballot.totals_note.value
    assert "razem" not in repr(ballot) and "ukryte" in repr(ballot)
    reveal_votes(demo_ws, "mok")
    ballot.refresh()
    row = next(r for r in ballot.quadrants[factor.quadrant].children if hasattr(r, "children"))
    assert "moje głosy: 1 · razem: 4" in row.children[1].value
    assert ballot.totals_note.value == ""
    assert f"  - {factor.text} — moje głosy: 1; razem: 4" in repr(ballot).splitlines()


def test_ballot_refreshes_when_the_phase_or_the_factors_change(demo_ws, anna):
    view = widgets.VotingPanel(demo_ws, "mok", anna.id, poll_seconds=0.1)
    try:
        with Workspace.open(demo_ws.path, actor="Trener") as other:
            set_phase(other, "mok", "vote")
            assert wait_until(lambda: "Kliknij +" in view.notice.value)
            added = other.add(Factor(institution_id="mok", quadrant="O", text="Nowy park"))
            assert wait_until(lambda: added.id in view.plus)
            assert not view.plus[added.id].disabled
            assert wait_until(lambda: "Odświeżono" in view.status.text)
    finally:
        view.close()
    assert wait_until(lambda: not view._thread.is_alive())


def test_vote_on_a_factor_deleted_meanwhile_is_explained(ballot, demo_ws):
    set_phase(demo_ws, "mok", "vote")
    factor = demo_ws.add(Factor(institution_id="mok", quadrant="W", text="Do usunięcia"))
    ballot.refresh()
    button = ballot.plus[factor.id]
    demo_ws.delete(factor)
    button.click()
    assert "Nie zapisano" in ballot.status.text and "Nie znaleziono" in ballot.status.text
    assert factor.id not in ballot.plus  # redrawn without it


def test_participant_without_a_team_is_told_why(demo_ws):
    trainer = next(p for p in demo_ws.objects(Participant) if p.team_id is None)
    set_phase(demo_ws, "mok", "vote")
    view = widgets.VotingPanel(demo_ws, "mok", trainer.id, poll_seconds=0)
    try:
        assert "nie należy do żadnego zespołu" in view.status.text
        assert "nie należy do żadnego zespołu" in view.notice.value
        factor_id = demo_ws.factors("mok", "S")[0].id
        assert view.plus[factor_id].disabled
        view.plus[factor_id].click()
        assert "nie należy do żadnego zespołu" in view.status.text
        assert "nie należy do żadnego zespołu" in repr(view)
    finally:
        view.close()
    assert demo_ws.objects(Vote) == []


def test_ballot_escapes_factor_texts(ballot, demo_ws):
    for i, payload in enumerate(XSS):
        demo_ws.add(Factor(institution_id="mok", quadrant="S", text=payload, position=50 + i))
    ballot.refresh()
    shown = " ".join(
        row.children[0].value
        for row in ballot.quadrants[next(iter(ballot.quadrants))].children
        if hasattr(row, "children")
    )
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert all(f"  - {payload} — moje głosy: 0" in repr(ballot) for payload in XSS)


# --- merging duplicates -----------------------------------------------------------------------


def test_merge_needs_two_selected_factors(merger, demo_ws):
    before = demo_ws.count(Factor)
    merger.merge_button.click()
    assert "Zaznacz co najmniej dwa czynniki do scalenia (zaznaczono: 0)" in merger.status.text
    merger.factors.value = (demo_ws.factors("mok", "S")[0].id,)
    merger.merge_button.click()
    assert "(zaznaczono: 1)" in merger.status.text
    assert demo_ws.count(Factor) == before


def test_merge_keeps_the_chosen_wording_with_votes_and_evidence(merger, demo_ws, anna):
    set_phase(demo_ws, "mok", "vote")
    first, second, third = demo_ws.factors("mok", "S")[:3]
    cast_vote(demo_ws, first, anna)
    cast_vote(demo_ws, second, anna, count=2)
    merger.refresh()
    assert [value for _label, value in merger.factors.options][:3] == [
        first.id,
        second.id,
        third.id,
    ]
    merger.factors.value = (first.id, second.id)
    assert [value for _label, value in merger.keep.options] == [first.id, second.id]
    merger.keep.value = second.id
    merger.merge_button.click()
    assert "Scalono czynniki (2) w: " + second.text in merger.status.text
    assert demo_ws.find(Factor, first.id) is None
    kept = demo_ws.get(Factor, second.id)
    assert kept.text == second.text
    assert set(kept.evidence) >= set(first.evidence) | set(second.evidence)
    assert [(v.factor_id, v.count) for v in demo_ws.objects(Vote)] == [(second.id, 3)]
    assert merger.factors.value == () and first.id not in dict(merger.factors.options).values()
    assert demo_ws.history("factor")[-1].actor == "Trener"


def test_merge_three_with_a_new_wording(merger, demo_ws):
    picked = demo_ws.factors("mok", "O")[:3]
    merger.quadrant.value = "O"
    merger.factors.value = tuple(f.id for f in picked)
    merger.text.value = "Wsparcie zewnętrzne: ministerstwo, UE, sponsorzy"
    merger.merge_button.click()
    assert "Scalono czynniki (3)" in merger.status.text
    remaining = [f for f in demo_ws.factors("mok", "O") if f.id in {p.id for p in picked}]
    assert [f.text for f in remaining] == ["Wsparcie zewnętrzne: ministerstwo, UE, sponsorzy"]
    assert remaining[0].id == picked[0].id  # the first selected survives when none is chosen
    assert merger.text.value == ""


def test_merge_across_quadrants_is_refused(merger, demo_ws):
    merger.quadrant.value = ""  # all quadrants
    strength, weakness = demo_ws.factors("mok", "S")[0], demo_ws.factors("mok", "W")[0]
    labels = dict((value, label) for label, value in merger.factors.options)
    assert labels[strength.id].startswith("[S] ") and labels[weakness.id].startswith("[W] ")
    merger.factors.value = (strength.id, weakness.id)
    merger.merge_button.click()
    assert "tej samej ćwiartki" in merger.status.text
    assert "Mocne strony" in merger.status.text and "Słabe strony" in merger.status.text
    assert demo_ws.find(Factor, weakness.id) is not None
    assert "Zagrożenia:" in repr(merger)


def test_merge_shows_payloads_literally(merger, demo_ws):
    first, second = demo_ws.factors("mok", "W")[:2]
    merger.quadrant.value = "W"
    merger.factors.value = (first.id, second.id)
    merger.text.value = XSS[0] + XSS[1]
    merger.merge_button.click()
    assert demo_ws.get(Factor, first.id).text == XSS[0] + XSS[1]
    assert "<script>" not in merger.status.value and "<img" not in merger.status.value
    assert XSS[0] + XSS[1] in merger.status.text
    assert f"  - {XSS[0]}{XSS[1]}" in repr(merger).splitlines()


def test_merge_of_a_stale_selection_is_explained(merger, demo_ws):
    first, second = demo_ws.factors("mok", "T")[:2]
    merger.quadrant.value = "T"
    merger.factors.value = (first.id, second.id)
    demo_ws.delete(second)
    merger.merge_button.click()
    assert "Nie zapisano" in merger.status.text and "Nie znaleziono" in merger.status.text
    assert demo_ws.find(Factor, first.id) is not None


# --- the category list ------------------------------------------------------------------------


@pytest.fixture
def categories(demo_ws):
    return widgets.CategoryEditor(demo_ws, actor="Trener")


def test_add_a_category_and_the_board_offers_it(categories, demo_ws):
    categories.name.value = "  edukacja  kulturalna "
    categories.add_button.click()
    assert demo_ws.categories[-1] == "edukacja kulturalna"
    assert categories.status.text == "✔ Dodano kategorię: edukacja kulturalna"
    assert categories.select.value == "edukacja kulturalna"
    assert "edukacja kulturalna" in categories.table.value
    assert "  - edukacja kulturalna (czynniki: 0)" in repr(categories)
    board = widgets.SwotBoard(demo_ws, "mok", poll_seconds=0)
    try:
        offered = [value for _label, value in board.quadrants["S"].category.options]
        assert offered == ["", *demo_ws.categories]
    finally:
        board.close()


def test_bad_category_names_are_explained(categories, demo_ws):
    before = list(demo_ws.categories)
    for name, message in (
        ("", "Nazwa kategorii jest pusta"),
        ("KADRA", "Kategoria „KADRA” już jest na liście"),
        ("x" * 61, "najwyżej 60 znaków (otrzymano 61)"),
    ):
        categories.name.value = name
        categories.add_button.click()
        assert "Nie zapisano" in categories.status.text and message in categories.status.text
    assert demo_ws.categories == before
    categories.select.value = None
    for button in (categories.rename_button, categories.remove_button, categories.up_button):
        button.click()
        assert "Najpierw wybierz kategorię z listy" in categories.status.text


def test_rename_a_category_renames_it_on_every_factor(categories, demo_ws):
    using = [f.id for f in demo_ws.objects(Factor) if f.category == "kadra"]
    assert using
    categories.select.value = "kadra"
    assert categories.name.value == "kadra"
    categories.name.value = "kadra i wolontariusze"
    categories.rename_button.click()
    assert categories.status.text == "✔ Zmieniono nazwę kategorii: kadra → kadra i wolontariusze"
    assert demo_ws.categories[2] == "kadra i wolontariusze" and "kadra" not in demo_ws.categories
    assert {demo_ws.get(Factor, i).category for i in using} == {"kadra i wolontariusze"}
    assert categories.select.value == "kadra i wolontariusze"
    categories.name.value = "promocja"
    categories.rename_button.click()
    assert "„promocja” już jest na liście" in categories.status.text


def test_remove_only_an_unused_category(categories, demo_ws):
    count = sum(1 for f in demo_ws.objects(Factor) if f.category == "finanse")
    categories.select.value = "finanse"
    categories.remove_button.click()
    assert f"Nie można usunąć kategorii „finanse”: ma ją {count} czynn." in categories.status.text
    assert "finanse" in demo_ws.categories
    categories.name.value = "nieużywana"
    categories.add_button.click()
    categories.remove_button.click()
    assert categories.status.text == "✔ Usunięto kategorię: nieużywana"
    assert "nieużywana" not in demo_ws.categories
    assert categories.select.value is None and categories.name.value == ""


def test_reorder_categories(categories, demo_ws):
    categories.select.value = "odbiorcy"
    categories.up_button.click()
    assert demo_ws.categories[:2] == ["odbiorcy", "oferta programowa"]
    assert categories.status.text == "✔ Zapisano kolejność kategorii."
    categories.up_button.click()  # already first: stays
    assert demo_ws.categories[0] == "odbiorcy"
    categories.down_button.click()
    categories.down_button.click()
    assert demo_ws.categories[:3] == ["oferta programowa", "kadra", "odbiorcy"]
    assert categories.select.value == "odbiorcy"
    assert repr(categories).splitlines()[1].startswith("  - oferta programowa (czynniki: ")


def test_category_names_are_shown_as_text(categories, demo_ws):
    for payload in XSS:
        categories.name.value = payload
        categories.add_button.click()
        assert payload in demo_ws.categories
    assert "<script>" not in categories.table.value and "<img" not in categories.table.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in categories.table.value
    assert "<script>" not in categories.status.value
    assert all(f"  - {payload} (czynniki: 0)" in repr(categories) for payload in XSS)


def test_a_phase_set_by_a_redraw_is_not_saved_again(trainer, demo_ws, monkeypatch):
    from swot import facilitation

    with Workspace.open(demo_ws.path, actor="Inny trener") as other:
        set_phase(other, "mok", "vote")
    calls = []
    monkeypatch.setattr(facilitation, "set_phase", lambda *a, **k: calls.append(a))
    assert trainer.refresh(force=False)  # another window's change
    assert trainer.phase.value == "vote" and calls == [] and trainer.status.text == ""
    assert not trainer._redrawing()  # only while drawing


def test_the_poll_keeps_an_unread_refusal_on_the_status_line(demo_ws, anna):
    set_phase(demo_ws, "mok", "vote")
    view = widgets.VotingPanel(demo_ws, "mok", anna.id, poll_seconds=0.1)
    try:
        assert view._thread.name == "swot-facilitate-poll" and view._thread.daemon
        view.status.error("Nie zapisano. Głos odrzucony.")
        with Workspace.open(demo_ws.path, actor="Trener") as other:
            added = other.add(Factor(institution_id="mok", quadrant="O", text="Nowy park"))
            assert wait_until(lambda: added.id in view.plus)  # redrawn ...
            assert view.status.text == "✖ Nie zapisano. Głos odrzucony."  # ... not overwritten
            view.status.ok("Oddano głos.")
            other.add(Factor(institution_id="mok", quadrant="T", text="Nowy market"))
            assert wait_until(lambda: "Odświeżono" in view.status.text)  # a read one is replaced
    finally:
        view.close()
    assert wait_until(lambda: not view._thread.is_alive())
