"""IFE/EFE form, TOWS editor and expert review driven in-process: actions, bad input, conflicts."""

from __future__ import annotations

import re

import pytest
import traitlets
from helpers import wait_until

import swot
from swot import (
    Comment,
    CommentStatus,
    Factor,
    Participant,
    Quadrant,
    Rating,
    Strategy,
    StrategyKind,
    Workspace,
    widgets,
)
from swot.scoring import member_ratings
from swot.widgets.strategy import format_time

XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
RATINGS = {Quadrant.S: 4, Quadrant.W: 2, Quadrant.O: 3, Quadrant.T: 2}


def _member(ws, name):
    return next(p for p in ws.objects(Participant) if p.name == name)


def _fill(form, ratings=RATINGS, by="importance"):
    form.spread(by)
    for row in form.rows.values():
        row.rating.value = ratings[row.factor.quadrant]


# --- IFE/EFE -----------------------------------------------------------------------------------


@pytest.fixture
def scoring(demo_ws):
    view = widgets.ScoringForm(demo_ws, "mok", member="Anna K.")
    yield view
    view.close()


def test_scoring_form_saves_a_members_rows_and_shows_the_teams_position(scoring, demo_ws):
    anna = _member(demo_ws, "Anna K.")
    assert scoring.member.value == anna.id
    assert len(scoring.rows) == len(demo_ws.factors("mok"))
    scoring.importance_button.click()
    assert "Wagi rozłożone (według ważności)" in scoring.status.text
    for row in scoring.rows.values():
        row.rating.value = RATINGS[row.factor.quadrant]
    assert all("Suma wag: 1,00 ✔" in label.value for label in scoring.sums.values())
    scoring.save_button.click()
    assert scoring.status.text == (
        f"✔ Zapisano wagi i oceny uczestnika Anna K. ({len(scoring.rows)} czynn.)."
    )
    stored = member_ratings(demo_ws, "mok", anna.id)
    assert set(stored) == set(scoring.rows)
    strength = next(r for r in scoring.rows.values() if r.factor.quadrant is Quadrant.S)
    assert stored[strength.factor.id].rating == 4
    assert stored[strength.factor.id].weight == strength.weight.value
    assert demo_ws.history(object_id=stored[strength.factor.id].id)[-1].actor == "Anna K."
    text = repr(scoring)
    assert "Pozycja strategiczna: SO — strategia agresywna" in text
    assert "Pozycja się utrzymuje: oceny każdego członka zespołu (osób: 1) dają SO." in text
    assert "IFE (czynniki wewnętrzne): 3," in text
    assert "Pozycja strategiczna: SO" in scoring.results.value
    assert repr(scoring) == text  # deterministic


def test_even_weights_button(scoring):
    scoring.even_button.click()
    internal = [r.weight.value for r in scoring.rows.values() if r.factor.quadrant.internal]
    assert sum(internal) == pytest.approx(1.0)
    assert max(internal) - min(internal) <= 0.011
    assert "po równo" in scoring.status.text


def test_weights_not_summing_to_one_are_refused_with_the_fix(scoring, demo_ws):
    _fill(scoring)
    for row in scoring.rows.values():
        if row.factor.quadrant.internal:
            row.weight.value = 0.0
    strength = next(r for r in scoring.rows.values() if r.factor.quadrant is Quadrant.S)
    weakness = next(r for r in scoring.rows.values() if r.factor.quadrant is Quadrant.W)
    strength.weight.value = 0.5
    weakness.weight.value = 0.45
    expected = "Wagi czynników wewnętrznych sumują się do 0,95 — powinny do 1,00. Zwiększ je"
    assert expected in scoring.sums[True].value  # said while typing
    assert "#b3261e" in scoring.sums[True].value
    scoring.save_button.click()
    assert scoring.status.text.startswith("✖ Nie zapisano. " + expected)
    assert "łącznie o 0,05" in scoring.status.text
    assert demo_ws.count(Rating) == 0
    weakness.weight.value = 0.65
    scoring.save_button.click()
    assert "sumują się do 1,15 — powinny do 1,00. Zmniejsz je łącznie o 0,15" in (
        scoring.status.text
    )
    assert demo_ws.count(Rating) == 0


def test_bad_ratings_never_reach_the_workspace(scoring, demo_ws):
    row = next(iter(scoring.rows.values()))
    with pytest.raises(traitlets.TraitError):
        row.rating.value = 5  # the dropdown offers 1-4 only
    _fill(scoring)
    strength = next(r for r in scoring.rows.values() if r.factor.quadrant is Quadrant.S)
    strength.rating.value = 2
    scoring.save_button.click()
    assert "oczekiwano oceny 3 (mała siła) lub 4 (duża siła) dla mocnej strony" in (
        scoring.status.text
    )
    assert "Popraw ocenę uczestnika Anna K." in scoring.status.text
    strength.rating.value = 4
    strength.weight.value = 1.5
    scoring.save_button.click()
    assert "Pole „waga”: oczekiwano wagi od 0 do 1, otrzymano 1.5" in scoring.status.text
    assert demo_ws.count(Rating) == 0


def test_a_member_must_be_picked(demo_ws):
    form = widgets.ScoringForm(demo_ws, "mok")
    assert form.member.value == ""
    _fill(form)
    form.save_button.click()
    assert "Wybierz uczestnika" in form.status.text
    assert demo_ws.count(Rating) == 0


def test_switching_members_loads_their_own_rows(scoring, demo_ws):
    _fill(scoring)
    scoring.save_button.click()
    piotr = _member(demo_ws, "Piotr W.")
    scoring.member.value = piotr.id
    assert "Piotr W." in scoring.status.text
    assert all(r.weight.value == 0 and r.rating.value is None for r in scoring.rows.values())
    scoring.member.value = _member(demo_ws, "Anna K.").id
    assert all(r.rating.value is not None for r in scoring.rows.values())


def test_sensitivity_names_the_member_who_sees_it_differently(scoring, demo_ws):
    _fill(scoring)
    scoring.save_button.click()
    scoring.member.value = _member(demo_ws, "Piotr W.").id
    _fill(scoring, {Quadrant.S: 3, Quadrant.W: 1, Quadrant.O: 1, Quadrant.T: 1})
    scoring.save_button.click()
    text = repr(scoring)
    # the team's means land between two members who each see another quadrant
    assert "Pozycja strategiczna: ST" in text
    assert "Pozycja zależy od tego, kto ocenia: 0 z 2 członków zespołu daje ST." in text
    assert "  Anna K.: IFE 3,08, EFE 2,54 → SO (inna niż zespołu)" in text
    assert "Bez uczestnika Anna K. pozycja byłaby WT." in text


def test_a_side_left_at_zero_only_rates(scoring, demo_ws):
    _fill(scoring)
    scoring.save_button.click()
    scoring.member.value = _member(demo_ws, "Piotr W.").id
    for row in scoring.rows.values():
        row.rating.value = RATINGS[row.factor.quadrant]
    assert "tylko oceny" in scoring.sums[True].value
    scoring.save_button.click()
    assert "Zapisano" in scoring.status.text
    rows = member_ratings(demo_ws, "mok", _member(demo_ws, "Piotr W.").id)
    assert all(r.weight is None for r in rows.values())


def test_an_incomplete_team_result_is_explained_not_raised(scoring):
    assert "Wynik zespołu jeszcze niepełny: Brak wag czynników wewnętrznych" in repr(scoring)


def test_stale_scoring_shows_both_versions_and_overwrites_nothing(scoring, demo_ws):
    _fill(scoring)
    scoring.save_button.click()
    strength = next(r for r in scoring.rows.values() if r.factor.quadrant is Quadrant.S)
    anna = _member(demo_ws, "Anna K.")
    with Workspace.open(demo_ws.path, actor="Anna K. (tablet)") as other:
        row = other.objects(Rating, parent=strength.factor.id, participant_id=anna.id)[0]
        other.update(row.replace(rating=3))
    first_weight = strength.weight.value
    scoring.save_button.click()
    text = scoring.status.text
    assert "Ktoś inny (albo Ty w innym oknie) zmienił w międzyczasie" in text
    assert f"Twoja wersja: waga {swot.scoring.format_decimal(first_weight)}, ocena 4" in text
    assert "Zapisana wersja: waga" in text and ", ocena 3." in text
    assert "Nic nie zostało nadpisane" in text
    assert member_ratings(demo_ws, "mok", anna.id)[strength.factor.id].rating == 3
    scoring.conflict.children[1].children[0].click()  # save my version
    assert "Zapisano" in scoring.status.text
    assert member_ratings(demo_ws, "mok", anna.id)[strength.factor.id].rating == 4
    assert scoring.conflict.layout.display == "none"


def test_stale_scoring_can_take_the_stored_version(scoring, demo_ws):
    _fill(scoring)
    scoring.save_button.click()
    strength = next(r for r in scoring.rows.values() if r.factor.quadrant is Quadrant.S)
    anna = _member(demo_ws, "Anna K.")
    with Workspace.open(demo_ws.path) as other:
        row = other.objects(Rating, parent=strength.factor.id, participant_id=anna.id)[0]
        other.update(row.replace(rating=3))
    scoring.save_button.click()
    scoring.conflict.children[1].children[1].click()  # load the stored one
    assert strength.rating.value != 3  # the rows were rebuilt...
    assert scoring.rows[strength.factor.id].rating.value == 3  # ...with the stored values
    assert "Wczytano" in scoring.status.text


def test_scoring_in_english(demo_ws):
    swot.set_language("en")
    form = widgets.ScoringForm(demo_ws, "mok", member="Anna K.")
    _fill(form)
    next(iter(form.rows.values())).weight.value = 0.9
    form.save_button.click()
    assert "Not saved. The weights of internal factors sum to" in form.status.text
    assert "Participant: Anna K." in repr(form)


def test_scoring_shows_payloads_as_text(demo_ws):
    for text in XSS:
        demo_ws.add(Factor(institution_id="mok", quadrant="S", text=text, position=99))
    form = widgets.ScoringForm(demo_ws, "mok", member="Anna K.")
    labels = " ".join(row.children[0].value for row in form.rows.values())
    assert "<script>" not in labels and "<img" not in labels
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels
    assert all(text in repr(form) for text in XSS)


# --- TOWS --------------------------------------------------------------------------------------


@pytest.fixture
def tows(demo_ws):
    view = widgets.TowsEditor(demo_ws, "mok", author="Anna K.", poll_seconds=0)
    yield view
    view.close()


def _quadrants(ws, ids):
    return {ws.get(Factor, i).quadrant.value for i in ids}


def _bodies(cell):
    return [row.children[0].value for row in cell.items.children if hasattr(row, "children")]


@pytest.mark.parametrize("kind", list(StrategyKind))
def test_add_a_strategy_in_each_cell_from_its_own_quadrants(tows, demo_ws, kind):
    cell = tows.cells[kind]
    offered = [value for _label, value in cell.factors.options]
    assert _quadrants(demo_ws, offered) == set(kind.value)
    internal = next(v for v in offered if demo_ws.get(Factor, v).quadrant.internal)
    external = next(v for v in offered if not demo_ws.get(Factor, v).quadrant.internal)
    cell.text.value = f"Strategia {kind.value}"
    assert "niezapisane" in cell.state.value
    cell.factors.value = (internal, external)
    cell.add_button.click()
    assert cell.status.text == f"✔ Zapisano strategię: Strategia {kind.value}"
    (saved,) = demo_ws.objects(Strategy, parent="mok")
    assert (saved.kind, saved.factor_ids) == (kind, (internal, external))
    assert any(f"Strategia {kind.value}" in body for body in _bodies(cell))
    assert cell.text.value == "" and cell.factors.value == ()
    assert f"  - Strategia {kind.value} ← [" in repr(tows)


def test_empty_strategy_text_is_refused(tows, demo_ws):
    cell = tows.cells[StrategyKind.SO]
    cell.text.value = "   "
    cell.add_button.click()
    assert "Pole „treść”" in cell.status.text and "Uzupełnij to pole" in cell.status.text
    assert "NIE jest zapisana" in cell.state.value
    assert demo_ws.objects(Strategy) == []


def test_a_factor_from_the_wrong_quadrant_is_refused(tows, demo_ws):
    cell = tows.cells[StrategyKind.SO]
    strength = demo_ws.factors("mok", "S")[0]
    cell.text.value = "Kadra pisze wnioski grantowe"
    cell.factors.value = (strength.id,)
    with Workspace.open(demo_ws.path, actor="Piotr W.") as other:  # moved on the board meanwhile
        other.update(other.get(Factor, strength.id).replace(quadrant="W", position=50))
    cell.add_button.click()
    assert "oczekiwano czynników z ćwiartek S/O (strategia SO)" in cell.status.text
    assert f"W: {strength.text}" in cell.status.text
    assert demo_ws.objects(Strategy) == []
    assert strength.id not in [v for _label, v in cell.factors.options]  # redrawn


def test_editing_saves_every_change_and_says_so(tows, demo_ws):
    cell = tows.cells[StrategyKind.WT]
    weakness, threat = demo_ws.factors("mok", "W")[0], demo_ws.factors("mok", "T")[0]
    cell.text.value = "Remont nagłośnienia z funduszy zewnętrznych"
    cell.factors.value = (weakness.id,)
    cell.add_button.click()
    cell.items.children[0].children[1].click()  # edit
    assert cell.text.value == "Remont nagłośnienia z funduszy zewnętrznych"
    assert "każda zmiana zapisuje się sama" in cell.state.value
    cell.text.value = "Remont nagłośnienia i oświetlenia"
    (stored,) = demo_ws.objects(Strategy)
    assert stored.text == "Remont nagłośnienia i oświetlenia"
    assert "wszystkie zmiany zapisane" in cell.state.value
    cell.factors.value = (weakness.id, threat.id)
    (stored,) = demo_ws.objects(Strategy)
    assert (stored.factor_ids, stored.version) == ((weakness.id, threat.id), 3)
    cell.text.value = ""
    assert "Uzupełnij to pole" in cell.status.text
    assert "NIE jest zapisana" in cell.state.value
    assert demo_ws.objects(Strategy)[0].text == "Remont nagłośnienia i oświetlenia"
    cell.done_button.click()
    assert cell.editing is None and cell.text.value == ""
    assert demo_ws.objects(Strategy)[0].text == "Remont nagłośnienia i oświetlenia"


def test_delete_a_strategy(tows, demo_ws):
    cell = tows.cells[StrategyKind.ST]
    cell.text.value = "Do usunięcia"
    cell.add_button.click()
    cell.items.children[0].children[2].click()
    assert demo_ws.objects(Strategy) == []
    assert cell.status.text == "✔ Usunięto strategię: Do usunięcia"
    assert "Brak strategii." in cell.items.children[0].value


def test_stale_strategy_edit_shows_both_versions(tows, demo_ws):
    cell = tows.cells[StrategyKind.SO]
    cell.text.value = "Wersja pierwsza"
    cell.add_button.click()
    cell.items.children[0].children[1].click()
    (strategy,) = demo_ws.objects(Strategy)
    with Workspace.open(demo_ws.path, actor="Piotr W.") as other:
        other.update(other.get(Strategy, strategy.id).replace(text="Wersja Piotra"))
    cell.text.value = "Wersja Anny"
    assert "Wersja Anny" in cell.status.text and "Wersja Piotra" in cell.status.text
    assert "Nic nie zostało nadpisane" in cell.status.text
    assert "konflikt" in cell.state.value
    assert demo_ws.get(Strategy, strategy.id).text == "Wersja Piotra"
    cell.text.value = "Wersja Anny 2"  # no autosave while the conflict waits for a choice
    assert demo_ws.get(Strategy, strategy.id).text == "Wersja Piotra"
    cell.conflict.children[1].children[0].click()  # save my version
    stored = demo_ws.get(Strategy, strategy.id)
    assert (stored.text, stored.version) == ("Wersja Anny 2", 3)
    assert "wszystkie zmiany zapisane" in cell.state.value


def test_stale_strategy_edit_can_take_the_stored_version(tows, demo_ws):
    cell = tows.cells[StrategyKind.SO]
    cell.text.value = "Wersja pierwsza"
    cell.add_button.click()
    cell.items.children[0].children[1].click()
    (strategy,) = demo_ws.objects(Strategy)
    with Workspace.open(demo_ws.path) as other:
        other.update(other.get(Strategy, strategy.id).replace(text="Wersja Piotra"))
    cell.text.value = "Wersja Anny"
    cell.conflict.children[1].children[1].click()  # take the stored one
    assert cell.text.value == "Wersja Piotra"
    assert cell.editing is not None and cell.editing.version == 2
    cell.text.value = "Wersja Piotra, poprawiona"  # editing goes on from the stored version
    assert demo_ws.get(Strategy, strategy.id).text == "Wersja Piotra, poprawiona"


def test_a_strategy_deleted_meanwhile(tows, demo_ws):
    cell = tows.cells[StrategyKind.WO]
    cell.text.value = "Znika"
    cell.add_button.click()
    cell.items.children[0].children[1].click()
    with Workspace.open(demo_ws.path) as other:
        other.delete(other.objects(Strategy)[0])
    cell.text.value = "Znika, poprawione"
    assert "usunął tę strategię w międzyczasie" in cell.status.text
    assert demo_ws.objects(Strategy) == [] and cell.editing is None


def test_gap_check_follows_the_strategies(tows, demo_ws):
    gaps = [f for f in demo_ws.factors("mok") if f.quadrant.value in "WT" and f.importance >= 4]
    assert gaps
    top = max(gaps, key=lambda f: f.importance)
    assert "na które nie odpowiada żadna strategia" in tows.gaps.value
    assert f"[{top.quadrant.value}] {top.text} (ważność {top.importance})" in repr(tows)
    cell = tows.cells[StrategyKind.WT]
    cell.text.value = "Odpowiedź na wszystkie luki"
    cell.factors.value = tuple(f.id for f in gaps)
    cell.add_button.click()
    assert "ma strategię" in tows.gaps.value
    assert "(ważność ≥ 4) ma strategię." in repr(tows)


def test_tows_shows_payloads_as_text(tows, demo_ws):
    demo_ws.add(Factor(institution_id="mok", quadrant="O", text=XSS[1], position=99))
    tows.refresh()
    cell = tows.cells[StrategyKind.SO]
    cell.text.value = XSS[0]
    cell.factors.value = (next(v for label, v in cell.factors.options if XSS[1] in label),)
    cell.add_button.click()
    body = " ".join(_bodies(cell))
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert XSS[0] in repr(tows) and XSS[1] in repr(tows)
    assert "<script>" not in cell.status.value


def test_tows_live_refresh(demo_ws):
    view = widgets.TowsEditor(demo_ws, "mok", poll_seconds=0.2)
    try:
        with Workspace.open(demo_ws.path, actor="Piotr W.") as other:
            other.add(Strategy(institution_id="mok", kind="ST", text="Z innego laptopa"))
        wait_until(lambda: "Z innego laptopa" in " ".join(_bodies(view.cells[StrategyKind.ST])))
        assert "Z innego laptopa" in " ".join(_bodies(view.cells[StrategyKind.ST]))
    finally:
        view.close()


# --- expert review -----------------------------------------------------------------------------


@pytest.fixture
def review(demo_ws):
    demo_ws.add(
        Strategy(id="so1", institution_id="mok", kind="SO", text="Kadra pisze wnioski grantowe")
    )
    view = widgets.CommentsPanel(demo_ws, "mok", author="dr Nowak")
    yield view
    view.close()


def _value(kind, target_id):
    """The target dropdown's value for a factor or strategy."""
    return f"{kind}:{target_id}"


def test_comment_on_a_factor_and_a_strategy(review, demo_ws):
    weakness = demo_ws.factors("mok", "W")[0]
    labels = [label for label, _v in review.target.options]
    assert labels[0] == "(wybierz czynnik albo strategię)"
    assert labels[-1] == "[SO] Kadra pisze wnioski grantowe"
    review.target.value = _value("factor", weakness.id)
    review.text.value = "Na jakich danych opiera się ten wniosek?"
    review.add_button.click()
    assert review.status.text.startswith("✔ Zapisano uwagę do: [W] ")
    assert review.text.value == ""
    review.target.value = _value("strategy", "so1")
    review.text.value = "Jakie wskaźniki?"
    review.add_button.click()
    comments = demo_ws.objects(Comment)
    assert {(c.target_kind, c.author) for c in comments} == {
        ("factor", "dr Nowak"),
        ("strategy", "dr Nowak"),
    }
    row = review.open_list.children[0].children[0].value
    assert "dr Nowak · " in row and re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", row)
    text = repr(review)
    assert "Otwarte uwagi (2):" in text
    assert f"[W] {weakness.text} — dr Nowak: Na jakich danych" in text
    assert "[SO] Kadra pisze wnioski grantowe — dr Nowak: Jakie wskaźniki?" in text
    assert not re.search(r"\d\d:\d\d", text)  # no times in the plain-text view


def test_bad_comments_are_refused(review, demo_ws):
    review.text.value = "Bez celu"
    review.add_button.click()
    assert "Wybierz czynnik albo strategię" in review.status.text
    review.target.value = _value("strategy", "so1")
    review.text.value = "   "
    review.add_button.click()
    assert "Pole „treść”" in review.status.text and "Uzupełnij to pole" in review.status.text
    review.text.value = "Uwaga"
    review.author.value = ""
    review.add_button.click()
    assert "Pole „autor”" in review.status.text
    assert demo_ws.objects(Comment) == []


def test_resolve_moves_a_comment_apart(review, demo_ws):
    review.target.value = _value("strategy", "so1")
    review.text.value = "Do wyjaśnienia"
    review.add_button.click()
    assert review.resolved_list.layout.display == "none"
    review.open_list.children[0].children[1].click()
    assert review.status.text == "✔ Oznaczono jako rozwiązaną: Do wyjaśnienia"
    (comment,) = demo_ws.objects(Comment)
    assert comment.status is CommentStatus.RESOLVED
    assert demo_ws.history(object_id=comment.id)[-1].actor == "dr Nowak"
    assert "Brak otwartych uwag." in review.open_list.children[0].value
    assert review.show_resolved.description == "Rozwiązane uwagi (1)"
    review.show_resolved.value = True
    assert review.resolved_list.layout.display == ""
    assert len(review.resolved_list.children[0].children) == 1  # no resolve button any more
    assert "Rozwiązane uwagi (1):\n  - [SO] Kadra pisze wnioski grantowe" in repr(review)


def test_resolving_a_stale_comment_explains_and_refreshes(review, demo_ws):
    review.target.value = _value("strategy", "so1")
    review.text.value = "Dwie osoby naraz"
    review.add_button.click()
    button = review.open_list.children[0].children[1]
    with Workspace.open(demo_ws.path, actor="Anna K.") as other:
        (comment,) = other.objects(Comment)
        other.update(comment.replace(status=CommentStatus.RESOLVED))
    button.click()
    assert "Ktoś inny zmienił tę uwagę w międzyczasie (teraz: rozwiązany)" in review.status.text
    assert "Brak otwartych uwag." in review.open_list.children[0].value


def test_comment_on_a_target_deleted_meanwhile(review, demo_ws):
    review.target.value = _value("strategy", "so1")
    with Workspace.open(demo_ws.path) as other:
        other.delete(other.get(Strategy, "so1"))
    review.text.value = "Za późno"
    review.add_button.click()
    assert "Nie znaleziono obiektu „strategia”" in review.status.text
    assert demo_ws.objects(Comment) == []


def test_comments_show_payloads_as_text(review, demo_ws):
    review.target.value = _value("strategy", "so1")
    review.author.value = XSS[1]
    review.text.value = XSS[0]
    review.add_button.click()
    row = review.open_list.children[0].children[0].value
    assert "<script>" not in row and "<img" not in row
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert "&lt;img src=x onerror=alert(1)&gt;" in row
    assert f"{XSS[1]}: {XSS[0]}" in repr(review)


def test_times_are_shown_on_the_workshops_clock():
    assert format_time("2019-03-14T10:00:00.000+00:00") == "14.03.2019 11:00"
    assert format_time("2019-07-01T10:00:00.000+00:00") == "01.07.2019 12:00"  # summer time
    assert format_time("nonsense") == "nonsense"


def test_a_strategy_conflict_is_escaped_and_closes_once_a_version_is_chosen(tows, demo_ws):
    cell = tows.cells[StrategyKind.WT]
    cell.text.value = "Wersja pierwsza"
    cell.add_button.click()
    cell.items.children[0].children[1].click()
    (strategy,) = demo_ws.objects(Strategy)
    with Workspace.open(demo_ws.path) as other:
        other.update(other.get(Strategy, strategy.id).replace(text=f"Piotr {XSS[1]}"))
    cell.text.value = f"Anna {XSS[0]}"
    assert cell.in_conflict and cell.conflict.layout.display == ""
    shown = cell.conflict.children[0].value
    assert XSS[0] not in shown and XSS[1] not in shown
    assert "&lt;script&gt;" in shown and "&lt;img" in shown
    assert "swot-save-state-conflict" in cell.state._dom_classes
    mine, theirs = cell.conflict.children[1].children
    assert (mine.description, theirs.description) == ("Zapisz moją wersję", "Weź zapisaną")
    mine.click()
    assert not cell.in_conflict
    assert cell.conflict.layout.display == "none" and cell.conflict.children == ()
    assert demo_ws.get(Strategy, strategy.id).text == f"Anna {XSS[0]}"
    assert "swot-save-state-saved" in cell.state._dom_classes
    assert "swot-save-state-conflict" not in cell.state._dom_classes


def test_a_scoring_conflict_is_escaped_and_its_box_empties_after_a_choice(demo_ws):
    demo_ws.update(demo_ws.factors("mok", "S")[0].replace(text=XSS[1]))
    form = widgets.ScoringForm(demo_ws, "mok", member="Anna K.")
    try:
        _fill(form)
        form.save_button.click()
        anna = _member(demo_ws, "Anna K.")
        factor_id = next(r.factor.id for r in form.rows.values() if r.factor.text == XSS[1])
        with Workspace.open(demo_ws.path) as other:
            row = other.objects(Rating, parent=factor_id, participant_id=anna.id)[0]
            other.update(row.replace(rating=3))
        form.save_button.click()
        shown = form.conflict.children[0].value
        assert XSS[1] not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
        assert XSS[1] not in form.status.value
        mine, theirs = form.conflict.children[1].children
        assert "swot-conflict-mine" in mine._dom_classes
        assert "swot-conflict-theirs" in theirs._dom_classes
        theirs.click()
        assert form.conflict.layout.display == "none" and form.conflict.children == ()
    finally:
        form.close()
