"""workspace_summary: counts per institution, checked against counts made independently."""

from __future__ import annotations

import pytest

import swot
from swot.model import (
    Factor,
    Goal,
    Indicator,
    Institution,
    Participant,
    Quadrant,
    Strategy,
    Task,
    Team,
)
from swot.store import Workspace
from swot.summary import workspace_summary


@pytest.fixture
def small_ws(tmp_path):
    """Two institutions with distinct, known counts, plus a joint goal."""
    with Workspace.create(tmp_path / "small.swot", name="Mały test") as ws:
        ws.add(Institution(id="a", name="Ośrodek A"))
        ws.add(Institution(id="b", name="Ośrodek B"))
        t1 = Team(institution_id="a", name="Zespół 1", members=("Anna", "Jan", "Ewa"))
        t2 = Team(institution_id="a", name="Zespół 2", members=("Olga",))
        ws.add_many([t1, t2, *(Participant(name=m, team_id=t1.id) for m in t1.members)])
        s1 = ws.add(Factor(institution_id="a", quadrant="S", text="Kadra"))
        ws.add(Factor(institution_id="a", quadrant="S", text="Sala"))
        ws.add(Factor(institution_id="a", quadrant="W", text="Promocja"))
        o1 = ws.add(Factor(institution_id="a", quadrant="O", text="Granty"))
        ws.add(Strategy(institution_id="a", kind="SO", text="Wnioski", factor_ids=(s1.id, o1.id)))
        goals = [ws.add(Goal(institution_id="a", number=n, title=f"Cel {n}")) for n in (1, 2)]
        tasks = [
            ws.add(Task(goal_id=goals[0].id, number=1, title="Z1")),
            ws.add(Task(goal_id=goals[0].id, number=2, title="Z2")),
            ws.add(Task(goal_id=goals[1].id, number=1, title="Z3")),
        ]
        for task, name in zip([tasks[0], tasks[0], tasks[1], tasks[2]], "wxyz", strict=True):
            ws.add(Indicator(task_id=task.id, name=name))
        joint = ws.add(Goal(institution_id=None, number=1, title="Cel wspólny"))
        joint_task = ws.add(Task(goal_id=joint.id, number=1, title="Wspólne"))
        ws.add(Indicator(task_id=joint_task.id, name="Wspólny wskaźnik"))
        yield ws


def _independent_counts(ws: Workspace) -> dict[str, dict[str, object]]:
    """The numbers a summary should show, counted straight from the stored objects."""
    teams = ws.objects(Team)
    participants = ws.objects(Participant)
    factors = ws.objects(Factor)
    goals = ws.objects(Goal)
    tasks = ws.objects(Task)
    indicators = ws.objects(Indicator)
    out = {}
    for inst in ws.objects(Institution):
        team_ids = {t.id for t in teams if t.institution_id == inst.id}
        goal_ids = {g.id for g in goals if g.institution_id == inst.id}
        task_ids = {t.id for t in tasks if t.goal_id in goal_ids}
        out[inst.id] = {
            "name": inst.name,
            "teams": len(team_ids),
            "members": sum(len(t.members) for t in teams if t.id in team_ids),
            "factors": {
                q.value: sum(1 for f in factors if f.institution_id == inst.id and f.quadrant == q)
                for q in Quadrant
            },
            "strategies": sum(1 for s in ws.objects(Strategy) if s.institution_id == inst.id),
            "goals": len(goal_ids),
            "tasks": len(task_ids),
            "indicators": sum(1 for i in indicators if i.task_id in task_ids),
            "participants": sum(1 for p in participants if p.team_id in team_ids),
        }
    return out


def _as_counts(summary) -> dict[str, dict[str, object]]:
    return {
        i.id: {
            "name": i.name,
            "teams": i.teams,
            "members": i.members,
            "factors": i.factors,
            "strategies": i.strategies,
            "goals": i.goals,
            "tasks": i.tasks,
            "indicators": i.indicators,
        }
        for i in summary.institutions
    }


def test_demo_summary_matches_independent_counts(demo_ws):
    summary = workspace_summary(demo_ws)
    expected = _independent_counts(demo_ws)
    # In the demo every team member is also a participant.
    for counts in expected.values():
        assert counts.pop("participants") == counts["members"]
    assert _as_counts(summary) == expected
    assert [i.id for i in summary.institutions] == list(expected)
    assert summary.name == demo_ws.name
    assert summary.teams == demo_ws.count(Team) == 3
    assert summary.factors == demo_ws.count(Factor)
    joint = sum(1 for g in demo_ws.objects(Goal) if g.institution_id is None)
    assert summary.joint_goals == joint
    assert summary.goals == demo_ws.count(Goal)
    assert sum(i.tasks for i in summary.institutions) <= demo_ws.count(Task)


def test_demo_summary_numbers_are_not_trivial(demo_ws):
    summary = workspace_summary(demo_ws)
    assert len(summary.institutions) == 3
    for inst in summary.institutions:
        assert inst.teams == 1
        assert inst.members >= 3
        assert all(n > 0 for n in inst.factors.values())
        assert inst.factor_total == sum(inst.factors.values())
        assert inst.goals > 0 and inst.tasks > 0 and inst.indicators > 0


def test_small_summary_exact_numbers(small_ws):
    summary = workspace_summary(small_ws)
    a, b = summary.institutions
    assert (a.id, a.name, a.label) == ("a", "Ośrodek A", "Ośrodek A")
    assert (a.teams, a.members) == (2, 4)
    assert a.factors == {"S": 2, "W": 1, "O": 1, "T": 0}
    assert (a.factor_total, a.strategies, a.goals, a.tasks, a.indicators) == (4, 1, 2, 3, 4)
    assert (b.teams, b.members, b.factor_total, b.strategies, b.goals, b.tasks, b.indicators) == (
        0,
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert b.factors == {"S": 0, "W": 0, "O": 0, "T": 0}
    assert (summary.teams, summary.factors, summary.joint_goals, summary.goals) == (2, 4, 1, 3)
    independent = _independent_counts(small_ws)
    for counts in independent.values():
        counts.pop("participants")
    assert _as_counts(summary) == independent


def test_empty_workspace_summary(tmp_path):
    with Workspace.create(tmp_path / "pusta.swot", name="Pusta") as ws:
        summary = workspace_summary(ws)
    assert summary.institutions == ()
    assert (summary.teams, summary.factors, summary.goals) == (0, 0, 0)
    assert summary.text().startswith("Pusta: 0 instytucji")


def test_summary_is_immutable(small_ws):
    summary = workspace_summary(small_ws)
    with pytest.raises(AttributeError):
        summary.joint_goals = 5  # type: ignore[misc]


def test_text_lists_each_institution(demo_ws):
    summary = workspace_summary(demo_ws)
    lines = summary.text().splitlines()
    assert lines[0].startswith(demo_ws.name + ": ")
    assert "3 instytucje" in lines[0]
    assert "3 zespoły" in lines[0]
    assert len(lines) == 1 + len(demo_ws.institutions())
    for line, inst in zip(lines[1:], summary.institutions, strict=True):
        assert line.startswith(f"- {inst.name} [{inst.id}]: ")
        quadrants = " ".join(f"{q}={inst.factors[q]}" for q in "SWOT")
        assert f"SWOT {quadrants}" in line
        assert f"Cele planu: {inst.goals}" in line
        assert f"Zespoły planowania strategicznego: {inst.teams}" in line


def test_text_small_workspace_polish_plurals(small_ws):
    first = workspace_summary(small_ws).text().splitlines()[0]
    assert first == "Mały test: 2 instytucje, 2 zespoły, 4 czynniki SWOT, 3 cele planu."


def test_text_in_english(small_ws):
    swot.set_language("en")
    lines = workspace_summary(small_ws).text().splitlines()
    assert lines[0] == "Mały test: 2 institutions, 2 teams, 4 SWOT factors, 3 plan goals."
    assert lines[1] == (
        "- Ośrodek A [a]: Strategic planning teams: 2, SWOT S=2 W=1 O=1 T=0, Plan goals: 2"
    )
    assert lines[2].startswith("- Ośrodek B [b]: Strategic planning teams: 0")
