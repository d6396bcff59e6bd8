"""swot.compare: institutions side by side, balances, positions, consultation, shared themes."""

from __future__ import annotations

import pandas as pd
import pytest

from swot import compare
from swot.demo import play_sample_workshop
from swot.errors import NotFoundError, ValidationError
from swot.model import Factor, Institution
from swot.store import Workspace
from swot.survey.codebook import Codebook, Variable
from swot.survey.storage import load_survey


@pytest.fixture
def ws(tmp_path):
    """Three small centres with known near-duplicates across them."""
    with Workspace.create(tmp_path / "c.swot", actor="test") as w:
        for i, name in (("a", "Ośrodek A"), ("b", "Ośrodek B"), ("c", "Ośrodek C")):
            w.add(Institution(id=i, name=name, short_name=name[-1]))
        rows = [
            ("a1", "a", "W", "Słaba promocja w internecie", "promocja", 4),
            ("a2", "a", "W", "Brak parkingu", "infrastruktura", 3),
            ("a3", "a", "S", "Doświadczona kadra instruktorów", "kadra", 5),
            ("a4", "a", "O", "Fundusze unijne na remonty", "finanse", 2),
            ("b1", "b", "W", "słaba promocja internetowa", "promocja", 3),
            ("b2", "b", "T", "brak miejsc parkingowych", "infrastruktura", 2),
            ("b3", "b", "W", "Brak doświadczonej kadry instruktorów", "kadra", 4),
            ("b4", "b", "S", "Nowa sala koncertowa", "", 1),
            ("c1", "c", "S", "Ogród do zajęć plenerowych", "infrastruktura", 3),
            ("c2", "c", "T", "Starzenie się publiczności", "odbiorcy", 2),
            # same institution as a1: must never be grouped with it alone
            ("a5", "a", "T", "Słaba promocja internetu w mieście", "promocja", 1),
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


def _ids(groups):
    return sorted(tuple(sorted(g.factor_ids)) for g in groups)


# --- side by side --------------------------------------------------------------------------------


def test_side_by_side_columns_quadrants_and_filters(ws):
    board = compare.side_by_side(ws)
    assert [i.id for i in board.institutions] == ["a", "b", "c"]
    a = board.board("a")
    assert [f.id for f in a.weaknesses] == ["a1", "a2"]  # importance 4 before 3
    assert [f.id for f in a.factors("T")] == ["a5"]
    assert a.count == 5
    assert board.rows == 1 + 2 + 1 + 1  # the longest column of each quadrant

    only = compare.side_by_side(ws, ["c", "a"], categories=["Promocja "], min_importance=2)
    assert [i.id for i in only.institutions] == ["c", "a"]
    frame = only.to_frame()
    assert frame["factor_id"].tolist() == ["a1"]  # a5 has importance 1
    assert frame.loc[0, "institution"] == "A" and frame.loc[0, "rank"] == 1


def test_side_by_side_rejects_bad_filters(ws):
    with pytest.raises(ValidationError, match="minimalna ważność"):
        compare.side_by_side(ws, min_importance=0)
    with pytest.raises(ValidationError, match="kategorie"):
        compare.side_by_side(ws, categories="promocja")
    with pytest.raises(NotFoundError):
        compare.side_by_side(ws, ["a", "nie-ma"])
    with pytest.raises(ValidationError, match="instytucje"):
        compare.side_by_side(ws, ["a", "a"])


# --- category balance ----------------------------------------------------------------------------


def test_category_balance_internal_and_external(ws):
    internal = compare.category_balance(ws)
    assert list(internal.columns) == ["a", "b", "c"]
    assert internal.loc["promocja"].tolist() == [-4, -3, 0]
    assert internal.loc["kadra"].tolist() == [5, -4, 0]
    assert internal.loc["infrastruktura"].tolist() == [-3, 0, 3]
    assert internal.loc["(bez kategorii)"].tolist() == [0, 1, 0]  # b4 has no category
    assert internal.index[-1] == "(bez kategorii)"
    assert internal.attrs["positive"].loc["kadra", "a"] == 5
    assert "mocnych stron minus" in internal.attrs["formula"]

    external = compare.category_balance(ws, side="external")
    assert external.loc["finanse"].tolist() == [2, 0, 0]
    assert external.loc["infrastruktura"].tolist() == [0, -2, 0]
    assert external.loc["promocja"].tolist() == [-1, 0, 0]
    assert external.loc["odbiorcy"].tolist() == [0, 0, -2]
    with pytest.raises(ValidationError, match="strona analizy"):
        compare.category_balance(ws, side="both")


# --- positions ------------------------------------------------------------------------------------


def test_positions_skip_institutions_without_ratings(demo_ws):
    assert play_sample_workshop(demo_ws, "mok").played
    assert play_sample_workshop(demo_ws, "dok").played
    result = compare.positions(demo_ws)
    assert [p.institution.id for p in result.placed] == ["mok", "dok"]
    assert [p.institution.id for p in result.skipped] == ["tkacz"]
    assert "brak wag i ocen" in result.skipped[0].reason
    frame = result.to_frame()
    assert frame["institution_id"].tolist() == ["mok", "dok"]
    assert ((frame["ife"] >= 1) & (frame["ife"] <= 4)).all()
    assert set(frame["quadrant"]) <= {"SO", "ST", "WO", "WT"}


# --- consultation --------------------------------------------------------------------------------


def _survey(n_a, aware_a, part_a, n_b, aware_b, part_b):
    options = ["Tak, regularnie", "Tak, okazjonalnie", "Nie, ale znam tę instytucję"]
    options.append("Nie znam tej instytucji")
    scale = ["Bardzo źle", "Źle", "Ani dobrze, ani źle", "Dobrze", "Bardzo dobrze"]
    codebook = Codebook(
        tuple(
            Variable(
                name=f"participation_{i}",
                label=f"Udział: {i.upper()}",
                type="single",
                options=tuple(options),
                group="participation",
                subject=i,
            )
            for i in ("a", "b")
        )
        + tuple(
            Variable(
                name=f"satisfaction_{i}",
                label=f"Ocena: {i.upper()}",
                type="likert",
                options=tuple(scale),
                dont_know=("Nie wiem",),
                group="satisfaction",
                subject=i,
            )
            for i in ("a", "b")
        )
    )

    def answers(n, aware, part):
        return (
            ["Tak, regularnie"] * part
            + ["Nie, ale znam tę instytucję"] * (aware - part)
            + ["Nie znam tej instytucji"] * (n - aware)
        )

    n = max(n_a, n_b)
    col_a = answers(n_a, aware_a, part_a) + [None] * (n - n_a)
    col_b = answers(n_b, aware_b, part_b) + [None] * (n - n_b)
    frame = pd.DataFrame(
        {
            "participation_a": col_a,
            "participation_b": col_b,
            "satisfaction_a": (["Dobrze", "Źle", "Nie wiem"] * n)[:n],
            "satisfaction_b": (["Dobrze", "Źle", "Nie wiem"] * n)[:n],
        }
    )
    return frame, codebook


def test_consultation_shares_and_only_real_differences():
    frame, codebook = _survey(200, 180, 120, 200, 100, 40)
    result = compare.consultation_by_institution(frame, codebook)
    shares = result.shares.set_index(["institution_id", "measure"])
    assert shares.loc[("a", "awareness"), "share"] == pytest.approx(0.9)
    assert shares.loc[("a", "participation"), "share"] == pytest.approx(0.6)
    assert shares.loc[("b", "participation"), "base"] == 200
    low, high = shares.loc[("a", "awareness"), ["ci_low", "ci_high"]]
    assert low < 0.9 < high
    sat = shares.loc[("a", "satisfaction")]
    assert sat["share"] == pytest.approx(0.5) and sat["mean"] == pytest.approx(3.0)
    diff = result.differences.set_index("measure")
    assert bool(diff.loc["awareness", "significant"]) and bool(
        diff.loc["participation", "significant"]
    )
    assert not bool(diff.loc["satisfaction", "significant"])  # identical answers
    assert result.significant()["measure"].tolist() == ["awareness", "participation"]
    assert "Holma" in result.note


def test_consultation_small_wiggles_and_small_bases_are_not_marked():
    frame, codebook = _survey(200, 150, 100, 200, 140, 92)  # 75% vs 70%: within error
    diff = compare.consultation_by_institution(frame, codebook).differences
    assert not diff["significant"].any()
    frame, codebook = _survey(8, 8, 8, 8, 0, 0)  # huge gap, tiny bases
    diff = compare.consultation_by_institution(frame, codebook).differences
    assert diff.loc[diff["measure"] == "awareness", "p"].iloc[0] < 0.01
    assert not diff["significant"].any()


def test_consultation_on_the_demo(demo_ws):
    data = load_survey(demo_ws)
    result = compare.consultation_by_institution(
        data.responses, data.codebook, demo_ws.institutions()
    )
    assert set(result.shares["institution_id"]) == {"mok", "tkacz", "dok"}
    assert len(result.shares) == 9 and len(result.differences) == 9
    share = result.shares.set_index(["institution_id", "measure"])["share"]
    assert share["mok", "awareness"] > share["tkacz", "awareness"]  # the city's big centre
    assert (
        (result.shares["ci_low"] <= result.shares["share"])
        & (result.shares["share"] <= result.shares["ci_high"])
    ).all()
    needs = compare.unmet_needs_by_institution(
        data.responses, data.codebook, demo_ws.institutions(), top=3
    )
    assert set(needs["institution_id"]) == {"mok", "tkacz", "dok"}
    assert needs["rank"].max() == 3
    ipa = compare.importance_performance_by_institution(
        data.responses, data.codebook, ["mok", "nowy"]
    )
    assert set(ipa["institution_id"]) == {"mok"} and ipa.attrs["missing"] == ("nowy",)


# --- shared themes -------------------------------------------------------------------------------


def test_theme_tokens_fold_polish_and_drop_judgements():
    assert compare.theme_tokens("Słaba promocja w internecie") == ("inter", "promo")
    assert compare.theme_tokens("SŁABA PROMOCJA INTERNETOWA") == ("inter", "promo")
    assert compare.theme_tokens("Brak parkingu") == ("parki",)
    assert compare.theme_tokens("Duży parking") == ("parki",)
    assert compare.theme_tokens("i w na") == ()


def test_similarity_matrix_values():
    m = compare.similarity_matrix(
        [
            "Słaba promocja w internecie",
            "słaba promocja internetowa",
            "Brak parkingu",
            "brak miejsc parkingowych",
            "i w",
        ]
    )
    assert m.shape == (5, 5)
    assert m[0, 1] == pytest.approx(100)
    assert m[2, 3] == pytest.approx(200 / 3, abs=0.01)  # Dice of {parki} and {miejs, parki}
    assert m[0, 2] == 0
    assert m[4, 4] == 0  # nothing to compare is not "identical"


def test_shared_themes_groups_known_duplicates_across_institutions(ws):
    groups = compare.shared_themes(ws.factors())
    assert _ids(groups) == [("a1", "a5", "b1"), ("a2", "b2"), ("a3", "b3")]
    promo = next(g for g in groups if "a1" in g.factor_ids)
    assert promo.institution_ids == ("a", "b")
    assert promo.label in ("Słaba promocja w internecie", "słaba promocja internetowa")
    assert promo.score >= 60
    parking = next(g for g in groups if "a2" in g.factor_ids)
    assert parking.quadrants == (compare.Quadrant.W, compare.Quadrant.T)
    assert parking.to_frame()["quadrant"].tolist() == ["W", "T"]


def test_shared_themes_only_across_institutions(ws):
    one = [f for f in ws.factors() if f.institution_id == "a"]
    assert compare.shared_themes(one, threshold=0) == []
    groups = compare.shared_themes(ws.factors(), threshold=0.0)
    assert all(len(g.institution_ids) >= 2 for g in groups)


def test_shared_themes_threshold(ws):
    assert _ids(compare.shared_themes(ws.factors(), threshold=90)) == [("a1", "b1")]
    assert ("a2", "b2") in _ids(compare.shared_themes(ws.factors(), threshold=60))
    assert ("a2", "b2") not in _ids(compare.shared_themes(ws.factors(), threshold=70))
    with pytest.raises(ValidationError, match="próg podobieństwa"):
        compare.shared_themes(ws.factors(), threshold=120)


def test_average_linkage_does_not_chain():
    def f(i, inst, text):
        return Factor(id=i, institution_id=inst, quadrant="W", text=text)

    factors = [
        f("x", "a", "remont dachu budynku"),
        f("y", "b", "remont dachu sali koncertowej"),
        f("z", "c", "sali koncertowej nagłośnienie"),
    ]
    m = compare.similarity_matrix([x.text for x in factors])
    assert m[0, 1] >= 40 and m[1, 2] >= 40 and m[0, 2] < 40
    groups = compare.shared_themes(factors, threshold=40)
    assert len(groups) == 1 and len(groups[0].factors) == 2  # x–y–z would be a chain


def test_cooperation_candidates(ws):
    groups = compare.shared_themes(ws.factors())
    candidates = compare.cooperation_candidates(groups)
    kinds = [(c.kind, tuple(sorted(c.theme.factor_ids))) for c in candidates]
    assert ("cooperation", ("a1", "a5", "b1")) in kinds
    assert ("cooperation", ("a2", "b2")) in kinds
    sharing = next(c for c in candidates if c.kind == "sharing")
    assert sharing.providers == ("a",) and sharing.receivers == ("b",)
    assert sharing.kind_label == "dzielenie się mocną stroną"
    assert [c.kind for c in candidates] == sorted(
        (c.kind for c in candidates), key=["cooperation", "opportunity", "sharing"].index
    )


def test_demo_shared_themes_make_sense(demo_ws):
    groups = compare.shared_themes(demo_ws.factors())
    for g in groups:
        print(f"{g.label} ({g.score}):")
        for factor in g.factors:
            print(f"    {factor.institution_id}/{factor.quadrant.value}: {factor.text}")
    texts = [{f.text for f in g.factors} for g in groups]
    assert {
        "Fundusze unijne na termomodernizację i wyposażenie obiektów",
        "Fundusze unijne na rewitalizację obiektów poprzemysłowych",
    } in texts
    assert {
        "Przestarzała strona internetowa i mała aktywność w mediach",
        "Oferta słabo widoczna w internecie, brak profilu w mediach",
    } in texts
    competition = next(t for t in texts if "Konkurencja oferty komercyjnej i internetu" in t)
    assert len(competition) == 3  # all three centres fear the internet
    assert 5 <= len(groups) <= 15
    assert all(len(g.institution_ids) >= 2 for g in groups)
    kinds = {c.kind for c in compare.cooperation_candidates(groups)}
    assert {"cooperation", "opportunity"} <= kinds


# --- people's decisions --------------------------------------------------------------------------


def test_confirm_split_merge_and_remove(ws):
    groups = compare.shared_themes(ws.factors())
    promo = next(g for g in groups if "a1" in g.factor_ids)
    confirmed = compare.confirm_theme(ws, promo, label="Promocja w sieci", actor="Ala")
    assert confirmed.confirmed and confirmed.label == "Promocja w sieci"
    assert sorted(ws.setting("themes")["themes"][0]["factor_ids"]) == ["a1", "a5", "b1"]

    # confirmed factors are not suggested again; the confirmed theme comes first
    listed = compare.workspace_themes(ws)
    assert listed[0].id == confirmed.id and listed[0].confirmed
    assert sum("a1" in g.factor_ids for g in listed) == 1

    with pytest.raises(ValidationError, match="należy już do tematu „Promocja w sieci”"):
        compare.confirm_theme(ws, ["a1", "b2"])
    again = compare.confirm_theme(ws, ["b1", "a1", "a5"], label="Internet")
    assert again.id == confirmed.id and len(compare.confirmed_themes(ws)) == 1

    parking = compare.confirm_theme(ws, ["a2", "b2"])
    assert parking.label in ("Brak parkingu", "brak miejsc parkingowych")
    merged = compare.merge_themes(ws, [confirmed.id, parking.id], label="Dostępność")
    assert merged.id == confirmed.id and set(merged.factor_ids) == {"a1", "a5", "b1", "a2", "b2"}
    assert [t.id for t in compare.confirmed_themes(ws)] == [confirmed.id]

    parts = compare.split_theme(ws, merged.id, ["a2", "b2"], label="Parking")
    assert [(p.label, set(p.factor_ids)) for p in parts] == [
        ("Dostępność", {"a1", "a5", "b1"}),
        ("Parking", {"a2", "b2"}),
    ]
    # splitting off one institution's factor leaves a one-sided part, which is dropped
    parts = compare.split_theme(ws, parts[1].id, ["b2"])
    assert [p.label for p in parts] == []
    assert len(compare.confirmed_themes(ws)) == 1

    compare.remove_theme(ws, confirmed.id)
    assert compare.confirmed_themes(ws) == []


def test_theme_decisions_validate_in_polish(ws):
    with pytest.raises(ValidationError, match="co najmniej dwóch różnych instytucji"):
        compare.confirm_theme(ws, ["a1", "a2"])
    with pytest.raises(ValidationError, match="co najmniej dwóch"):
        compare.confirm_theme(ws, ["a1"])
    with pytest.raises(NotFoundError):
        compare.confirm_theme(ws, ["a1", "nie-ma"])
    with pytest.raises(ValidationError, match="nazwa tematu"):
        compare.confirm_theme(ws, ["a1", "b1"], label="  ")
    theme = compare.confirm_theme(ws, ["a1", "b1"])
    with pytest.raises(NotFoundError, match="wspólny temat"):
        compare.split_theme(ws, "theme-0000", ["a1"])
    with pytest.raises(ValidationError, match="części czynników"):
        compare.split_theme(ws, theme.id, ["a1", "b1"])
    with pytest.raises(ValidationError, match="części czynników"):
        compare.split_theme(ws, theme.id, ["c1"])
    with pytest.raises(ValidationError, match="co najmniej dwóch różnych zatwierdzonych"):
        compare.merge_themes(ws, [theme.id, theme.id])
    ws.set_setting("themes", {"format": "coś innego"})
    with pytest.raises(ValidationError, match="swot-themes"):
        compare.confirmed_themes(ws)


def test_deleted_factor_drops_out_of_confirmed_theme(ws):
    theme = compare.confirm_theme(ws, ["a1", "a5", "b1"])
    ws.delete(ws.get(Factor, "a5"))
    assert compare.confirmed_themes(ws)[0].factor_ids == ("a1", "b1")
    ws.delete(ws.get(Factor, "b1"))
    assert compare.confirmed_themes(ws) == []  # one institution left: not shared
    assert ws.setting("themes")["themes"][0]["id"] == theme.id  # kept for a restore


def test_workspace_themes_narrowed_to_institutions(ws):
    compare.confirm_theme(ws, ["a2", "b2"])
    themes = compare.workspace_themes(ws, ["a", "c"])
    assert all(set(g.institution_ids) <= {"a", "c"} for g in themes)
    assert not any(g.confirmed for g in themes)


def test_compare_imports_without_ui():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "class Blocker:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('plotly', 'ipywidgets'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Blocker())\n"
        "import swot.compare\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('plotly', 'ipywidgets')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- cooperation plan ----------------------------------------------------------------------------


def test_add_joint_task_creates_a_joint_goal_and_exports_in_the_plan_layout(ws, tmp_path):
    from swot import plan_io
    from swot.model import Goal, Task

    task = compare.add_joint_task(
        ws,
        "Wspólna kampania promocyjna w internecie",
        responsible="a",
        cooperating=["b", "c"],
        goal_title="Wspólna promocja ośrodków",
        start_year=2019,
        end_year=2020,
        actor="trener",
    )
    (goal,) = compare.joint_goals(ws)
    assert goal.institution_id is None and goal.number == 1
    assert task.goal_id == goal.id and task.number == 1
    assert task.responsible == "Ośrodek A"
    assert task.cooperating == ("Ośrodek B", "Ośrodek C")
    assert task.years == "2019-2020"

    second = compare.add_joint_task(ws, "Wspólny kalendarz", responsible="b", goal_id=goal.id)
    assert second.number == 2 and second.cooperating == ()
    other = compare.add_joint_task(ws, "Parking", responsible="c", goal_title="Dostępność")
    assert ws.get(Goal, ws.get(Task, other.id).goal_id).number == 2
    assert [g.title for g in compare.joint_goals(ws)] == ["Wspólna promocja ośrodków", "Dostępność"]

    table = plan_io.from_workspace(ws, None)
    assert [(r.goal_number, r.task_number, r.responsible) for r in table.rows] == [
        (1, 1, "Ośrodek A"),
        (1, 2, "Ośrodek B"),
        (2, 1, "Ośrodek C"),
    ]
    assert table.rows[0].cooperating == ("Ośrodek B", "Ośrodek C")
    path = plan_io.export_plan(ws, None, tmp_path / "wspolny.docx")
    preview = plan_io.preview_plan(path)
    assert preview.ok and len(preview.table.rows) == 3


def test_add_joint_task_refuses_bad_input_in_polish_and_writes_nothing(ws):
    from swot.model import Goal, Task

    own = ws.add(Goal(institution_id="a", number=1, title="Cel ośrodka A"))
    before = (ws.count(Goal), ws.count(Task))
    cases = [
        ({"responsible": "nie-ma", "goal_title": "G"}, "instytucja odpowiedzialna"),
        ({"responsible": "a", "cooperating": ["a"], "goal_title": "G"}, "współpracujące"),
        ({"responsible": "a", "cooperating": ["b", "b"], "goal_title": "G"}, "współpracujące"),
        ({"responsible": "a", "cooperating": "b", "goal_title": "G"}, "współpracujące"),
        ({"responsible": "a"}, "wspólny cel"),
        ({"responsible": "a", "goal_title": "  "}, "wspólny cel"),
        ({"responsible": "a", "goal_title": "G", "goal_id": own.id}, "wspólny cel"),
        ({"responsible": "a", "goal_id": own.id}, "wspólnego planu"),
        ({"responsible": "a", "goal_title": "G", "start_year": 2021, "end_year": 2019}, "2021"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            compare.add_joint_task(ws, "Zadanie", **kwargs)
    with pytest.raises(ValidationError, match="tytuł"):
        compare.add_joint_task(ws, "", responsible="a", goal_title="Nowy cel")
    assert (ws.count(Goal), ws.count(Task)) == before  # goal and task: both or nothing


def test_cooperation_frame_names_institutions(ws):
    candidates = compare.cooperation_candidates(compare.shared_themes(ws.factors()))
    frame = compare.cooperation_frame(candidates, ws.institutions())
    assert list(frame.columns) == [
        "kind",
        "kind_label",
        "theme",
        "institutions",
        "providers",
        "receivers",
        "weight",
    ]
    assert len(frame) == len(candidates)
    sharing = frame[frame["kind"] == "sharing"].iloc[0]
    assert (sharing["providers"], sharing["receivers"]) == ("A", "B")
    assert sharing["kind_label"] == "dzielenie się mocną stroną"
    empty = compare.cooperation_frame([])
    assert empty.empty and "theme" in empty.columns


def test_sample_cooperation_plan_runs_once_and_only_on_the_demo(demo_ws, tmp_path):
    from swot import plan_io
    from swot.demo import SAMPLE_JOINT_GOAL, play_sample_cooperation
    from swot.model import Indicator, Task

    result = play_sample_cooperation(demo_ws)
    assert result.played, result.message
    confirmed = compare.confirmed_themes(demo_ws)
    assert len(confirmed) == 2
    assert all(len(g.institution_ids) >= 2 for g in confirmed)
    (goal,) = compare.joint_goals(demo_ws)
    assert goal.title == SAMPLE_JOINT_GOAL
    tasks = demo_ws.objects(Task, parent=goal.id)
    assert [(t.responsible, len(t.cooperating)) for t in tasks] == [
        ("Miejski Ośrodek Kultury", 2),
        ("Dzielnicowy Ośrodek Kultury", 2),
    ]
    assert all(demo_ws.objects(Indicator, parent=t.id) for t in tasks)
    rows = plan_io.from_workspace(demo_ws, None).rows
    assert [(r.goal_number, r.task_number) for r in rows] == [(1, 1), (1, 2)]

    again = play_sample_cooperation(demo_ws)
    assert not again.played and "Pominięto" in again.message
    assert len(demo_ws.objects(Task, parent=goal.id)) == 2
    with Workspace.create(tmp_path / "own.swot", actor="t") as own:
        assert not play_sample_cooperation(own).played


def test_two_people_confirming_themes_at_once_lose_nothing(ws, monkeypatch):
    """A's change was computed from a reading older than B's: it is redone on fresh data."""
    stale = ws.setting(compare.THEMES_SETTING)
    with Workspace.open(ws.path, actor="Basia") as other:
        compare.confirm_theme(other, ["a2", "b2"], label="Parking")
    reads = iter([stale])  # A's first reading predates Basia's change; later ones are fresh
    real = ws.setting

    def setting(key, default=None):
        if key == compare.THEMES_SETTING:
            return next(reads, real(key, default))
        return real(key, default)

    monkeypatch.setattr(ws, "setting", setting)
    compare.confirm_theme(ws, ["a1", "b1"], label="Promocja w sieci", actor="Ala")
    monkeypatch.undo()
    assert sorted(t.label for t in compare.confirmed_themes(ws)) == ["Parking", "Promocja w sieci"]


def test_a_setting_changed_meanwhile_is_not_overwritten(ws):
    from swot.errors import ConflictError

    ws.set_setting("themes", {"a": 1})
    with pytest.raises(ConflictError):
        ws.set_setting("themes", {"a": 2}, expected=None)
    assert ws.setting("themes") == {"a": 1}
    ws.set_setting("themes", {"a": 3}, expected={"a": 1})
    assert ws.setting("themes") == {"a": 3}
