"""ComparisonView and ThemesPanel driven in-process: every action, bad input, escaping."""

from __future__ import annotations

import pytest

from swot import compare, plan_io, widgets
from swot.errors import NotFoundError
from swot.model import Factor, Goal, Institution, Task
from swot.store import Workspace

XSS = "<script>alert(1)</script>"


@pytest.fixture
def ws(tmp_path):
    """Three centres with near-duplicate factors across them; one name carries markup."""
    with Workspace.create(tmp_path / "c.swot", actor="test") as w:
        w.add(Institution(id="a", name="Ośrodek A", short_name="A"))
        w.add(Institution(id="b", name="Ośrodek B " + XSS, short_name="B" + XSS))
        w.add(Institution(id="c", name="Ośrodek C", short_name="C"))
        rows = [
            ("a1", "a", "W", "Słaba promocja w internecie", "promocja", 4),
            ("a2", "a", "W", "Brak parkingu", "infrastruktura", 3),
            ("a3", "a", "S", "Doświadczona kadra instruktorów", "kadra", 5),
            ("b1", "b", "W", "słaba promocja internetowa " + XSS, "promocja", 3),
            ("b2", "b", "T", "brak miejsc parkingowych", "infrastruktura", 2),
            ("b3", "b", "W", "Brak doświadczonej kadry instruktorów", "kadra", 4),
            ("c1", "c", "W", "Promocja w internecie zaniedbana", "promocja", 2),
            ("c2", "c", "T", "Starzenie się publiczności", "odbiorcy", 2),
        ]
        w.add_many(
            [
                Factor(
                    id=i, institution_id=inst, quadrant=q, text=text, category=cat, importance=imp
                )
                for i, inst, q, text, cat, imp in rows
            ]
        )
        yield w


def _group_of(panel, factor_id):
    return next(g for g in panel.themes if factor_id in g.factor_ids)


# --- comparison view -----------------------------------------------------------------------------


def test_comparison_view_filters_refresh_table_and_heatmap(ws):
    view = widgets.ComparisonView(ws)
    assert "swot-compare-view" in view._dom_classes
    table = view.table.value
    assert table.count("<th") == 4  # quadrant + three institutions
    assert table.count("<li>") == 8
    assert view.heat_chart.data[0].type == "heatmap"
    text = repr(view)
    assert "wszystkie kategorie; ważność co najmniej 1" in text
    assert "A: mocne 1, słabe 2, szanse 0, zagrożenia 0" in text

    view.category.value = "promocja"
    view.min_importance.value = 3
    assert view.status.text == "✔ Odświeżono. Pokazano: promocja; ważność co najmniej 3."
    assert view.table.value.count("<li>") == 2  # a1 (4) and b1 (3); c1 has importance 2
    assert "Słaba promocja w internecie" in view.table.value
    assert list(view.heat_chart.data[0].y) == ["promocja"]
    assert list(view.heat_chart.data[0].z[0]) == [-4.0, -3.0, 0.0]
    view.side.value = "external"
    assert "szanse minus zagrożenia" in view.heat_chart.layout.title.text
    assert "szanse minus zagrożenia" in repr(view)


def test_comparison_view_escapes_and_follows_new_categories(ws):
    view = widgets.ComparisonView(ws, ["b", "a"])
    assert [i.id for i in view.board.institutions] == ["b", "a"]
    assert "<script>" not in view.table.value
    assert "B&lt;script&gt;alert(1)&lt;/script&gt;</th>" in view.table.value
    assert view.table.value.index("B&lt;script") < view.table.value.index(">A</th>")
    assert "(brak czynników)" in view.table.value  # b has no strengths
    ws.set_setting("categories", [*ws.categories, "nowa"], actor="test")
    view.refresh()
    assert "nowa" in dict(view.category.options).values()


def test_comparison_view_reports_a_broken_filter_on_the_status_line(ws):
    view = widgets.ComparisonView(ws, ["a", "nie-ma"])
    assert view.status.text.startswith("✖")
    assert "nie-ma" in view.status.text


# --- themes panel --------------------------------------------------------------------------------


def test_themes_panel_lists_suggestions_with_sources_escaped(ws):
    panel = widgets.ThemesPanel(ws, author="trener")
    promo = _group_of(panel, "a1")
    assert set(promo.factor_ids) == {"a1", "b1", "c1"}
    row = panel.rows[promo.id]
    body = row.children[0].value
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "swot-theme-suggested" in row._dom_classes
    assert "<script>" not in panel.candidates_view.value
    text = repr(panel)
    assert "Zatwierdzone (0):" in text and "Brak zatwierdzonych tematów." in text
    assert "A · Słabe strony: Słaba promocja w internecie (4)" in text
    assert "obszar współpracy (wspólny problem)" in text
    assert "Plan współpracy nie ma jeszcze zadań." in text


def test_confirm_split_merge_and_remove_through_the_buttons(ws):
    panel = widgets.ThemesPanel(ws, author="trener")
    promo, parking = _group_of(panel, "a1"), _group_of(panel, "a2")
    # confirm: the row's button
    panel.rows[promo.id].children[1].children[0].click()
    assert panel.status.text == f"✔ Zatwierdzono temat: {promo.label}"
    assert [g.factor_ids for g in compare.confirmed_themes(ws)] == [promo.factor_ids]
    assert "swot-theme-confirmed" in panel.rows[promo.id]._dom_classes
    panel.rows[parking.id].children[1].children[0].click()
    assert len(compare.confirmed_themes(ws)) == 2

    # split: pick c1 out of the promotion theme; a part of one institution is dropped
    panel.split_picks[promo.id].value = ("c1",)
    split_button = panel.rows[promo.id].children[2].children[1].children[1]
    split_button.click()
    assert panel.status.text.startswith("✔ Podzielono temat")
    stored = {g.id: set(g.factor_ids) for g in compare.confirmed_themes(ws)}
    assert stored[promo.id] == {"a1", "b1"}

    # merge: tick both confirmed themes
    for pick in panel.merge_picks.values():
        pick.value = True
    panel.merge_button.click()
    assert panel.status.text.startswith("✔ Połączono tematy w:")
    (merged,) = compare.confirmed_themes(ws)
    assert set(merged.factor_ids) == {"a1", "b1", "a2", "b2"}

    # remove: withdraw the confirmation
    panel.rows[merged.id].children[1].children[1].click()
    assert panel.status.text.startswith("✔ Cofnięto zatwierdzenie tematu")
    assert compare.confirmed_themes(ws) == []
    assert "Zatwierdzone (0):" in repr(panel)


def test_theme_actions_refuse_bad_input_on_the_status_line(ws):
    panel = widgets.ThemesPanel(ws, author="trener")
    promo = _group_of(panel, "a1")
    panel.confirm(promo.id)
    # split with nothing selected
    panel.rows[promo.id].children[2].children[1].children[1].click()
    assert panel.status.text.startswith("✖") and "Zaznacz czynniki" in panel.status.text
    # split off every factor
    panel.split_picks[promo.id].value = ("a1", "b1", "c1")
    panel.rows[promo.id].children[2].children[1].children[1].click()
    assert panel.status.text.startswith("✖")
    # merge with one theme ticked
    panel.merge_picks[promo.id].value = True
    panel.merge_button.click()
    assert panel.status.text == (
        "✖ Nie zapisano. Zaznacz co najmniej dwa zatwierdzone tematy do połączenia."
    )
    # confirming a factor already in a confirmed theme
    compare.remove_theme(ws, promo.id)
    panel.refresh()
    compare.confirm_theme(ws, ["a1", "b1"])
    stale = next(g for g in panel.themes if g.id == promo.id)
    panel.rows[stale.id].children[1].children[0].click()
    assert panel.status.text.startswith("✖") and "należy już do tematu" in panel.status.text
    assert len(compare.confirmed_themes(ws)) == 1
    with pytest.raises(NotFoundError):
        panel.theme("nie-ma")


def test_add_as_joint_task_creates_goal_and_task_in_the_joint_plan(ws, tmp_path):
    panel = widgets.ThemesPanel(ws, author="trener")
    promo = _group_of(panel, "a1")
    panel.confirm(promo.id)
    to_plan = panel.rows[promo.id].children[1].children[-1]
    to_plan.click()
    assert panel.joint_theme.value == promo.id
    assert panel.joint_title.value == promo.label
    assert panel.joint_responsible.value == "a"
    assert panel.joint_cooperating.value == ("b", "c")
    assert panel.joint_goal.value == ""  # a new goal
    panel.joint_goal_title.value = "Wspólna promocja ośrodków"
    panel.joint_years.value = "2019–2021"
    panel.joint_add.click()
    assert panel.status.text.startswith("✔ Dodano wspólne zadanie 1.1.")
    (goal,) = compare.joint_goals(ws)
    assert goal.title == "Wspólna promocja ośrodków" and goal.institution_id is None
    (task,) = ws.objects(Task, parent=goal.id)
    assert task.title == promo.label
    assert task.responsible == "Ośrodek A"
    assert task.cooperating == ("Ośrodek B " + XSS, "Ośrodek C")
    assert (task.start_year, task.end_year) == (2019, 2021)
    assert panel.joint_goal.value == goal.id  # the next task goes under the same goal
    assert "<script>" not in panel.joint_plan.value
    assert "1.1. " + promo.label in panel.joint_plan.value
    assert "Wspólna promocja ośrodków" in repr(panel)

    # a second task under the existing goal, typed by hand
    panel.joint_title.value = "Wspólny kalendarz wydarzeń"
    panel.joint_responsible.value = "c"
    panel.joint_cooperating.value = ("a",)
    panel.joint_years.value = ""
    panel.joint_add.click()
    assert panel.status.text.startswith("✔ Dodano wspólne zadanie 1.2.")
    rows = plan_io.from_workspace(ws, None).rows
    assert [(r.task_number, r.responsible, r.cooperating) for r in rows] == [
        (1, "Ośrodek A", ("Ośrodek B " + XSS, "Ośrodek C")),
        (2, "Ośrodek C", ("Ośrodek A",)),
    ]
    path = plan_io.export_plan(ws, None, tmp_path / "wspolny.docx")
    assert plan_io.preview_plan(path).ok


def test_joint_task_bad_input_writes_nothing(ws):
    panel = widgets.ThemesPanel(ws, author="trener")
    ws.add(Goal(institution_id="a", number=1, title="Cel ośrodka A"))
    before = (ws.count(Goal), ws.count(Task))

    def attempt():
        panel.joint_add.click()
        assert panel.status.text.startswith("✖"), panel.status.text
        assert (ws.count(Goal), ws.count(Task)) == before
        return panel.status.text

    panel.joint_title.value = "Zadanie"
    panel.joint_goal_title.value = "Nowy cel"
    assert "instytucję odpowiedzialną" in attempt()
    panel.joint_responsible.value = "a"
    panel.joint_cooperating.value = ("a", "b")
    assert "nie może być jednocześnie współpracującą" in attempt()
    panel.joint_cooperating.value = ("b",)
    panel.joint_years.value = "2021-2019"
    assert "Zamień lata miejscami" in attempt()
    panel.joint_years.value = "kiedyś"
    assert "perspektywa czasowa" in attempt()
    panel.joint_years.value = ""
    panel.joint_goal_title.value = ""
    assert "wspólny cel" in attempt()
    panel.joint_goal_title.value = "Nowy cel"
    panel.joint_title.value = " "
    assert "tytuł" in attempt()


def test_panel_with_one_institution_has_no_themes(tmp_path):
    with Workspace.create(tmp_path / "one.swot", actor="test") as ws:
        ws.add(Institution(id="a", name="Ośrodek A"))
        ws.add(Factor(institution_id="a", quadrant="W", text="Brak parkingu"))
        panel = widgets.ThemesPanel(ws)
        text = repr(panel)
        assert "Brak propozycji" in text and "Brak kandydatów" in text
        assert panel.merge_button.layout.display == "none"


def test_cooperation_table_lists_candidates_escaped(ws):
    view = widgets.cooperation_table(ws)
    assert "swot-cooperation-table" in view._dom_classes
    assert "<script>" not in view.value and "B&lt;script&gt;" in view.value
    text = repr(view)
    assert "obszar współpracy (wspólny problem)" in text
    assert "dzielenie się mocną stroną" in text
    assert "A → B" + XSS in text  # a's strength (kadra) meets b's weakness
    only_c = widgets.cooperation_table(ws, ["c"])
    assert "Brak kandydatów" in repr(only_c)
