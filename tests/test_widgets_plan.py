"""Plan editor, horizon form and monitoring form driven in-process: actions, bad input,
conflicts and escaping of what people type."""

from __future__ import annotations

import pytest
from helpers import wait_until

from swot import Goal, Indicator, Institution, Measurement, Strategy, Task, Workspace, widgets
from swot.plan import plan_horizon, set_plan_horizon

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "plan.swot", actor="trener") as workspace:
        workspace.add_many(
            [
                Institution(id="mok", name="Miejski Ośrodek Kultury"),
                Institution(id="dok", name="Dzielnicowy Ośrodek Kultury"),
                Strategy(id="wo1", institution_id="mok", kind="WO", text="Remont sali z grantu"),
                Strategy(id="so1", institution_id="mok", kind="SO", text="Koncerty dla młodzieży"),
                Goal(id="gd", institution_id="dok", number=1, title="Cel DOK"),
                Task(
                    id="td",
                    goal_id="gd",
                    number=1,
                    title="Festyn",
                    responsible="Dzielnicowy Ośrodek Kultury",
                    cooperating=("Rada Osiedla",),
                    start_year=2019,
                    end_year=2019,
                ),
            ]
        )
        yield workspace


@pytest.fixture
def editor(ws):
    view = widgets.PlanEditor(ws, "mok", author="Anna K.", poll_seconds=0)
    yield view
    view.close()


def _add_goal(editor, title="Modernizacja sali", strategies=("wo1",)):
    section = editor.goals_section
    section.title.value = title
    section.strategies.value = strategies
    section.add_button.click()
    return section


def _add_task(editor, title="Wymiana nagłośnienia", years="2019-2020"):
    section = editor.tasks_section
    section.title.value = title
    section.responsible.value = "Miejski Ośrodek Kultury"
    section.cooperating_pick.value = "Urząd Miasta"
    section.years.value = years
    section.add_button.click()
    return section


def _add_indicator(editor, name="Liczba systemów", target="1 do 2020 r."):
    section = editor.indicators_section
    section.name.value = name
    section.target.value = target
    section.add_button.click()
    return section


# --- horizon -----------------------------------------------------------------------------------


def test_horizon_form_saves_once_for_the_workspace(ws):
    form = widgets.HorizonForm(ws, actor="trener")
    assert repr(form) == "Okres planu: nie ustalono (wpisz np. 2019-2021 i zapisz)."
    form.years.value = "2019–2021"  # en dash, as Word writes it
    form.save_button.click()
    assert form.status.text == "✔ Zapisano okres planu: 2019-2021"
    assert plan_horizon(ws) == (2019, 2021) and form.years.value == "2019-2021"
    assert repr(widgets.HorizonForm(ws)) == "Okres planu: 2019-2021"
    assert ws.history(kind="setting")[-1].actor == "trener"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("2021-2019", "Zamień lata miejscami"), ("od zaraz", "Wpisz np. 2019"), ("", "Wpisz")],
)
def test_horizon_form_refuses_bad_years_and_keeps_the_old_horizon(ws, text, fragment):
    set_plan_horizon(ws, 2019, 2021)
    form = widgets.HorizonForm(ws)
    form.years.value = text
    form.save_button.click()
    assert form.status.text.startswith("✖ Nie zapisano.") and fragment in form.status.text
    assert plan_horizon(ws) == (2019, 2021)


# --- goals -------------------------------------------------------------------------------------


def test_add_goal_linked_to_strategies(editor, ws):
    assert [label for label, _id in editor.goals_section.strategies.options] == [
        "[WO] Remont sali z grantu",
        "[SO] Koncerty dla młodzieży",
    ]
    section = _add_goal(editor)
    assert section.status.text == "✔ Zapisano: 1. Modernizacja sali"
    assert section.state_text == "✔ wszystkie zmiany zapisane"
    goal = ws.goals("mok")[0]
    assert (goal.number, goal.title, goal.strategy_ids) == (1, "Modernizacja sali", ("wo1",))
    assert ws.history(object_id=goal.id)[-1].actor == "Anna K."
    assert editor.goal_picker.value == goal.id  # the new goal is picked for its tasks
    assert section.number.value == 2  # the next free number is offered
    text = repr(editor)
    assert "1. Modernizacja sali (realizuje: [WO] Remont sali z grantu)" in text
    assert "Cel 1 („Modernizacja sali”) nie ma żadnego zadania." in text
    assert "Cel 1 („Modernizacja sali”) nie ma żadnego zadania." in editor.checks.value
    assert repr(editor) == text  # deterministic


def test_a_goal_being_edited_saves_itself_at_every_change(editor, ws):
    _add_goal(editor)
    goal = ws.goals("mok")[0]
    section = editor.goals_section
    section.edit(goal)
    assert section.state_text == "edycja — każda zmiana zapisuje się sama"
    section.title.value = "Nowoczesna sala"
    assert ws.get(Goal, goal.id).title == "Nowoczesna sala"
    assert section.state_text == "✔ wszystkie zmiany zapisane"
    section.strategies.value = ("wo1", "so1")
    assert ws.get(Goal, goal.id).strategy_ids == ("wo1", "so1")
    section.done_button.click()
    assert section.editing is None and section.title.value == ""


def test_a_new_goal_that_is_typed_but_not_added_says_so(editor):
    editor.goals_section.title.value = "Szkic"
    assert editor.goals_section.state_text == "● niezapisane — kliknij „Dodaj”"


def test_goal_with_a_taken_number_or_no_title_is_refused(editor, ws):
    _add_goal(editor)
    section = _add_goal(editor, title="Drugi")
    assert section.status.text == "✔ Zapisano: 2. Drugi"
    section.number.value = 1
    section.title.value = "Powtórka"
    section.add_button.click()
    assert section.status.text.startswith("✖ Nie zapisano.")
    assert section.state_text == "✖ ostatnia zmiana NIE jest zapisana"
    section.number.value = 3
    section.title.value = "   "
    section.add_button.click()
    assert section.status.text.startswith("✖ Nie zapisano.")
    assert [g.title for g in ws.goals("mok")] == ["Modernizacja sali", "Drugi"]


def test_delete_goal_only_when_it_has_no_tasks(editor, ws):
    _add_goal(editor)
    _add_task(editor)
    goal = ws.goals("mok")[0]
    editor.goals_section.delete(goal)
    assert editor.goals_section.status.text == (
        "✖ Nie usunięto „1. Modernizacja sali”: najpierw usuń to, co jest pod spodem (1)."
    )
    task = ws.objects(Task, parent=goal.id)[0]
    editor.tasks_section.delete(task)
    assert editor.tasks_section.status.text.startswith("✔ Usunięto: 1. Wymiana nagłośnienia")
    editor.goals_section.delete(ws.get(Goal, goal.id))
    assert ws.goals("mok") == [] and "Brak celów." in repr(editor)


# --- tasks -------------------------------------------------------------------------------------


def test_add_task_with_entities_years_and_strategies(editor, ws):
    _add_goal(editor)
    section = editor.tasks_section
    # entities already used anywhere in the workspace are offered
    assert list(section.responsible.options) == ["Dzielnicowy Ośrodek Kultury", "Rada Osiedla"]
    section.cooperating_pick.value = "Rada Osiedla"
    section.strategies.value = ("wo1",)
    _add_task(editor, years="2019 – 2020 r.")
    assert section.status.text == (
        "✔ Zapisano: 1. Wymiana nagłośnienia; Miejski Ośrodek Kultury; 2019-2020"
    )
    task = ws.objects(Task)[-1]
    assert (task.number, task.responsible, task.cooperating) == (
        1,
        "Miejski Ośrodek Kultury",
        ("Rada Osiedla", "Urząd Miasta"),
    )
    assert (task.start_year, task.end_year, task.strategy_ids) == (2019, 2020, ("wo1",))
    assert "Miejski Ośrodek Kultury" in section.responsible.options
    assert editor.task_picker.value == task.id
    assert (
        "  1.1. Wymiana nagłośnienia — odpowiada: Miejski Ośrodek Kultury; współpracują: "
        "Rada Osiedla, Urząd Miasta; lata: 2019-2020; realizuje: [WO] Remont sali z grantu"
    ) in repr(editor)
    assert "Zadanie 1.1 nie ma żadnego wskaźnika." in repr(editor)


@pytest.mark.parametrize(
    ("years", "fragment"),
    [("2021-2019", "Zamień lata miejscami"), ("w przyszłym roku", "Wpisz np. 2019 albo")],
)
def test_bad_years_show_a_polish_error_next_to_the_field_and_nothing_is_saved(
    editor, ws, years, fragment
):
    _add_goal(editor)
    section = editor.tasks_section
    section.years.value = years
    assert fragment in section.years_error.value
    assert "perspektywa czasowa" in section.years_error.value
    section.title.value = "Zadanie"
    section.add_button.click()
    assert section.status.text.startswith("✖ Nie zapisano.") and fragment in section.status.text
    assert ws.objects(Task, parent=ws.goals("mok")[0].id) == []
    section.years.value = "2020"
    assert section.years_error.value == ""


def test_a_task_needs_a_goal_first(editor, ws):
    section = editor.tasks_section
    section.title.value = "Bez celu"
    section.add_button.click()
    assert section.status.text == "✖ Nie zapisano. Najpierw dodaj cel albo wybierz go z listy."


def test_editing_a_task_with_bad_years_keeps_the_stored_version(editor, ws):
    _add_goal(editor)
    _add_task(editor)
    task = ws.objects(Task)[-1]
    section = editor.tasks_section
    section.edit(task)
    section.years.value = "2022-2020"
    assert section.state_text == "✖ ostatnia zmiana NIE jest zapisana"
    assert ws.get(Task, task.id).years == "2019-2020"
    section.years.value = "2020-2021"
    assert ws.get(Task, task.id).years == "2020-2021"
    assert section.state_text == "✔ wszystkie zmiany zapisane"


def test_task_conflict_shows_both_versions_and_lets_the_person_choose(editor, ws):
    _add_goal(editor)
    _add_task(editor)
    task = ws.objects(Task)[-1]
    section = editor.tasks_section
    section.edit(task)
    ws.update(task.replace(title="Nowe nagłośnienie (Basia)"), actor="Basia")
    section.title.value = "Nagłośnienie (Anna)"
    assert section.state_text == "✖ konflikt — wybierz wersję poniżej"
    message = section.conflict.children[0].value
    assert "Nagłośnienie (Anna)" in message and "Nowe nagłośnienie (Basia)" in message
    assert ws.get(Task, task.id).title == "Nowe nagłośnienie (Basia)"
    mine = section.conflict.children[1].children[0]
    mine.click()
    assert ws.get(Task, task.id).title == "Nagłośnienie (Anna)"
    assert section.state_text == "✔ wszystkie zmiany zapisane"
    # and taking the stored version
    stored = ws.get(Task, task.id)
    ws.update(stored.replace(responsible="Urząd Miasta"), actor="Basia")
    section.title.value = "Jeszcze inaczej"
    section.conflict.children[1].children[1].click()
    assert section.title.value == "Nagłośnienie (Anna)"
    assert section.responsible.value == "Urząd Miasta"
    assert ws.get(Task, task.id).title == "Nagłośnienie (Anna)"


def test_a_task_deleted_meanwhile_is_not_resurrected(editor, ws):
    _add_goal(editor)
    _add_task(editor)
    task = ws.objects(Task)[-1]
    section = editor.tasks_section
    section.edit(task)
    ws.delete(task)
    section.title.value = "Zmiana"
    assert (
        section.status.text == "✖ Ktoś inny usunął ten element w międzyczasie — nic nie zapisano."
    )
    assert ws.find(Task, task.id) is None and section.editing is None


# --- indicators --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reading", "flagged"),
    [
        ("min. 10 rocznie", "✓ co najmniej 10 rocznie w latach 2019-2020", False),
        ("1 w 2019 r.", "✓ 1 w 2019 r.", False),
        ("1 do 2020 r.", "✓ 1 łącznie do 2020 r.", False),
        ("min. 2 od drugiego roku trwania projektu", "✓ co najmniej 2 rocznie od 2020 r.", False),
        ("co 2 lata", "⚠ nie rozumiem — zostanie zapisane dosłownie.", True),
        ("1 w 2025 r.", "✓ 1 w 2025 r. — ⚠ Rok 2025 wykracza poza okres realizacji", True),
    ],
)
def test_target_reading_is_shown_as_it_is_typed(editor, target, reading, flagged):
    _add_goal(editor)
    _add_task(editor)
    section = editor.indicators_section
    section.target.value = target
    assert section.reading_text.startswith(reading)
    assert ("swot-plan-reading-flagged" in section.reading._dom_classes) is flagged


def test_add_indicator_and_the_checks_follow(editor, ws):
    _add_goal(editor)
    _add_task(editor)
    section = editor.indicators_section
    section.unit.value = "szt."
    section.baseline.value = "0,5"
    _add_indicator(editor, target="co 2 lata")
    indicator = ws.objects(Indicator)[-1]
    assert (indicator.name, indicator.unit, indicator.baseline, indicator.target_text) == (
        "Liczba systemów",
        "szt.",
        0.5,
        "co 2 lata",  # kept verbatim
    )
    text = repr(editor)
    assert "żaden wskaźnik nie ma sprawdzalnej wartości docelowej" in text
    assert "wartość docelowa „co 2 lata” wymaga sprawdzenia" in text
    section.edit(indicator)
    assert section.baseline.value == "0,5"
    section.target.value = "1 do 2020 r."
    assert ws.get(Indicator, indicator.id).target_text == "1 do 2020 r."
    text = repr(editor)
    assert "    - Liczba systemów (1 do 2020 r.) — Jednostka: szt. · Wartość bazowa: 0,5" in text
    assert "sprawdzalnej" not in text and "Zadanie 1.1" not in text


def test_bad_baseline_is_refused_with_the_error_next_to_the_field(editor, ws):
    _add_goal(editor)
    _add_task(editor)
    section = editor.indicators_section
    section.baseline.value = "dużo"
    assert "Wpisz liczbę, np. 12 albo 12,5" in section.baseline_error.value
    _add_indicator(editor)
    assert section.status.text.startswith("✖ Nie zapisano.")
    assert ws.objects(Indicator) == []


def test_an_indicator_needs_a_task(editor):
    _add_goal(editor)
    section = _add_indicator(editor)
    assert section.status.text == "✖ Nie zapisano. Najpierw dodaj zadanie albo wybierz je z listy."


# --- escaping ----------------------------------------------------------------------------------


def test_what_people_type_is_shown_as_text_never_as_markup(editor, ws):
    ws.add(Strategy(institution_id="mok", kind="WT", text=XSS))
    editor.refresh()
    _add_goal(editor, title=XSS, strategies=())
    section = editor.tasks_section
    section.title.value = XSS
    section.responsible.value = XSS
    section.cooperating_pick.value = XSS
    section.years.value = XSS
    assert "<script>" not in section.years_error.value
    section.years.value = "2019"
    section.add_button.click()
    _add_indicator(editor, name=XSS, target=XSS)
    assert ws.objects(Indicator)[-1].name == XSS
    editor.goals_section.edit(ws.goals("mok")[0])
    editor.goals_section.strategies.value = (ws.objects(Strategy, kind="WT")[0].id,)
    markup = [
        row.children[0].value
        for section in (editor.goals_section, editor.tasks_section, editor.indicators_section)
        for row in section.items.children
    ]
    markup += [editor.checks.value, editor.indicators_section.reading.value]
    markup.append(editor.goals_section.status.value)
    for value in markup:
        assert "<script>" not in value and "<img" not in value, value
    assert any("&lt;script&gt;" in value for value in markup)
    assert XSS in repr(editor)  # the plain text keeps what was typed


# --- monitoring --------------------------------------------------------------------------------


@pytest.fixture
def planned(ws):
    ws.add_many(
        [
            Goal(id="g1", institution_id="mok", number=1, title="Sala"),
            Task(
                id="k1",
                goal_id="g1",
                number=1,
                title="Remont",
                responsible="MOK",
                start_year=2019,
                end_year=2021,
            ),
            Indicator(id="i1", task_id="k1", name="Liczba koncertów rocznie", target_text="min. 4"),
            Indicator(id="i2", task_id="k1", name="Liczba sal", target_text="1 do 2021 r."),
        ]
    )
    return ws


def test_monitoring_needs_the_horizon(planned):
    form = widgets.MonitoringForm(planned, "mok", today_year=2020)
    assert "Tabela statusów potrzebuje okresu planu" in repr(form)


def test_monitoring_form_saves_measurements_and_shows_statuses(planned):
    set_plan_horizon(planned, 2019, 2021)
    form = widgets.MonitoringForm(planned, "mok", author="Anna K.", today_year=2020)
    assert [label for label, _id in form.indicator.options] == [
        "1.1 · Liczba koncertów rocznie (min. 4)",
        "1.1 · Liczba sal (1 do 2021 r.)",
    ]
    assert form.year.value == 2019
    form.value.value = "5"
    form.note.value = "sprawozdanie"
    form.save_button.click()
    assert form.status.text == "✔ Zapisano pomiar: Liczba koncertów rocznie, 2019: 5"
    form.year.value = 2020
    form.part.value = "Q1"
    form.value.value = "1,5"
    form.save_button.click()
    stored = sorted(planned.objects(Measurement, parent="i1"), key=lambda m: m.period)
    assert [(m.period, m.value, m.note) for m in stored] == [
        ("2019", 5, "sprawozdanie"),
        ("2020-Q1", 1.5, ""),
    ]
    assert planned.history(object_id=stored[0].id)[-1].actor == "Anna K."
    text = repr(form)
    assert "Stan realizacji wskaźników (rok bieżący: 2020)" in text
    assert "1.1     | Liczba koncertów rocznie | min. 4" in text
    assert "5 / 4 | 1,5 / 4 | – / 4 | zgodnie z planem" in text
    assert "nierozpoczęty" in text  # the second indicator
    assert "zgodnie z planem" in form.table.value and "swot-status-on_track" in form.table.value
    assert "2019: 5 — sprawozdanie" in form.measurements.children[1].children[0].value


def test_the_same_period_again_replaces_the_value(planned):
    set_plan_horizon(planned, 2019, 2021)
    form = widgets.MonitoringForm(planned, "mok", today_year=2022)
    for value in ("2", "4"):
        form.value.value = value
        form.save_button.click()
    assert [(m.period, m.value) for m in planned.objects(Measurement)] == [("2019", 4)]
    assert "4 / 4 | – / 4 | – / 4 | zagrożony" in repr(form)


@pytest.mark.parametrize("value", ["", "dużo", "12 osób"])
def test_bad_measurement_values_are_refused(planned, value):
    set_plan_horizon(planned, 2019, 2021)
    form = widgets.MonitoringForm(planned, "mok")
    form.value.value = value
    form.save_button.click()
    assert form.status.text.startswith("✖ Nie zapisano.") and "Wpisz liczbę" in form.status.text
    assert planned.objects(Measurement) == []


def test_a_measurement_changed_meanwhile_is_not_overwritten_and_delete_works(planned):
    set_plan_horizon(planned, 2019, 2021)
    form = widgets.MonitoringForm(planned, "mok", today_year=2020)
    form.value.value = "3"
    form.save_button.click()
    stored = planned.objects(Measurement)[0]
    planned.update(stored.replace(value=7), actor="Basia")
    # the form read the measurement before Basia's change
    original = form._measurements
    form._measurements = lambda indicator: [stored]
    form.value.value = "9"
    form.save_button.click()
    form._measurements = original
    assert "Ktoś inny zmienił ten pomiar w międzyczasie (teraz: 7)" in form.status.text
    assert planned.objects(Measurement)[0].value == 7
    form.refresh()
    delete = form.measurements.children[1].children[1]
    delete.click()
    assert form.status.text == "✔ Usunięto pomiar: 2019: 7"
    assert planned.objects(Measurement) == []


def test_monitoring_escapes_names(planned):
    set_plan_horizon(planned, 2019, 2021)
    planned.add(Indicator(task_id="k1", name=XSS, target_text=XSS))
    form = widgets.MonitoringForm(planned, "mok", today_year=2020)
    form.indicator.value = planned.objects(Indicator, name=XSS)[0].id
    for value in (form.table.value, form.measurements.children[0].value):
        assert "<script>" not in value and "<img" not in value
    assert "&lt;script&gt;" in form.table.value
    assert XSS in repr(form)


def test_the_joint_cooperation_plan_is_edited_like_an_institutions_plan(ws):
    joint = widgets.PlanEditor(ws, None, author="Trener", poll_seconds=0)
    try:
        assert repr(joint).startswith("Plan rozwoju: plan współpracy instytucji")
        _add_goal(joint, title="Wspólna promocja", strategies=("so1",))
        _add_task(joint, title="Wspólny kalendarz wydarzeń")
        _add_indicator(joint, name="Liczba wspólnych wydarzeń", target="min. 4 rocznie")
        goal = next(g for g in ws.goals(None) if g.institution_id is None)
        assert (goal.number, goal.title, goal.strategy_ids) == (1, "Wspólna promocja", ("so1",))
        task = ws.objects(Task, parent=goal.id)[0]
        assert task.title == "Wspólny kalendarz wydarzeń"
        assert [i.target_text for i in ws.objects(Indicator, parent=task.id)] == ["min. 4 rocznie"]
        # the institutions' own plans are not shown in the joint one, nor the other way round
        assert "Cel DOK" not in repr(joint)
        mok = widgets.PlanEditor(ws, "mok", poll_seconds=0)
        assert "Wspólna promocja" not in repr(mok)
        mok.close()
    finally:
        joint.close()


def test_the_plan_refreshes_live_and_close_stops_it(ws):
    view = widgets.PlanEditor(ws, "mok", poll_seconds=0.05)

    def drawn():
        rows = view.goals_section.items.children  # the rows, or a "no goals yet" line
        return " ".join(getattr(row, "children", [row])[0].value for row in rows)

    try:
        with Workspace.open(ws.path, actor="Piotr W.") as other:
            other.add(Goal(institution_id="mok", number=7, title="Cel z innego laptopa"))
        wait_until(lambda: "Cel z innego laptopa" in drawn())
        assert "Cel z innego laptopa" in drawn()
        wait_until(lambda: "odświeżony" in view.status.text)
        assert view.status.text == "✔ Plan odświeżony (zmiany innych uczestników)."
    finally:
        view.close()
    view._thread.join(2.0)
    assert not view._thread.is_alive()


def test_a_goal_conflict_is_escaped_and_closes_once_a_version_is_chosen(editor, ws):
    section = _add_goal(editor)
    goal = ws.objects(Goal, parent="mok")[-1]
    section.edit(goal)
    ws.update(goal.replace(title=f"Basia {XSS}"), actor="Basia")
    section.title.value = f"Anna {XSS}"
    assert section.in_conflict and section.conflict.layout.display == ""
    shown = section.conflict.children[0].value
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<script>" not in section.status.value
    assert section.status.text.startswith("✖ Ktoś inny zmienił ten element w międzyczasie.")
    mine, theirs = section.conflict.children[1].children
    assert (mine.description, theirs.description) == ("Zapisz moją wersję", "Weź zapisaną")
    theirs.click()
    assert not section.in_conflict
    assert section.conflict.layout.display == "none" and section.conflict.children == ()
    assert section.title.value == f"Basia {XSS}"
    assert section.state_text == "edycja — każda zmiana zapisuje się sama"
    assert section.status.text.startswith("✔ Zapisano: 1. Basia <script>alert(1)")
