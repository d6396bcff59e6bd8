"""Progress of every team for the trainer's overview, checked by value."""

from __future__ import annotations

import pytest

from swot import (
    Comment,
    Factor,
    Goal,
    Indicator,
    Institution,
    Participant,
    Quadrant,
    Session,
    Strategy,
    Task,
    Team,
    Vote,
    Workspace,
)
from swot.demo import play_sample_workshop
from swot.model import Phase
from swot.progress import TeamProgress, team_progress


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as workspace:
        workspace.add_many(
            [
                Institution(id="mok", name="Miejski Ośrodek Kultury"),
                Institution(id="gok", name="Gminny Ośrodek Kultury"),
                Team(id="tm", institution_id="mok", name="Zespół MOK"),
                Participant(id="p1", name="Anna", team_id="tm"),
                Participant(id="p2", name="Piotr", team_id="tm"),
                Factor(id="s1", institution_id="mok", quadrant="S", text="Kadra", importance=5),
                Factor(id="w1", institution_id="mok", quadrant="W", text="Promocja", importance=5),
                Factor(id="w2", institution_id="mok", quadrant="W", text="Sala", importance=3),
                Factor(id="o1", institution_id="mok", quadrant="O", text="Granty", importance=4),
                Factor(id="t1", institution_id="mok", quadrant="T", text="Niż", importance=4),
                Strategy(
                    id="so1",
                    institution_id="mok",
                    kind="SO",
                    text="Kadra pisze wnioski",
                    factor_ids=("s1", "o1"),
                ),
                Strategy(
                    id="wt1",
                    institution_id="mok",
                    kind="WT",
                    text="Promocja wśród rodzin",
                    factor_ids=("w1",),
                ),
                Session(institution_id="mok", phase="vote", votes_per_participant=3),
                Vote(factor_id="s1", participant_id="p1", count=2),
                Vote(factor_id="w1", participant_id="p2", count=1),
                Goal(
                    id="g1", institution_id="mok", number=1, title="Młodzież", strategy_ids=("wt1",)
                ),
                Goal(id="g2", institution_id="mok", number=2, title="Bez zadań"),
                Task(
                    id="k1",
                    goal_id="g1",
                    number=1,
                    title="Kampania",
                    responsible="MOK",
                    start_year=2020,
                    end_year=2021,
                ),
                Task(id="k2", goal_id="g1", number=2, title="Bez niczego"),
                Indicator(task_id="k1", name="Uczestnicy", target_text="co najmniej 100 osób"),
                Indicator(task_id="k1", name="Wydarzenia", target_text="10"),
                Goal(id="j1", institution_id=None, number=1, title="Wspólny cel"),
            ]
        )
        yield workspace


def test_counts_every_part_of_a_team_s_work(ws):
    ws.add_many(
        [
            Comment(target_kind="factor", target_id="w1", author="Ekspert", text="Dowód?"),
            Comment(target_kind="strategy", target_id="so1", author="Ekspert", text="Termin?"),
            Comment(
                target_kind="factor", target_id="s1", author="Ekspert", text="OK", status="resolved"
            ),
        ]
    )
    mok, gok = team_progress(ws)
    assert mok == TeamProgress(
        institution_id="mok",
        name="Miejski Ośrodek Kultury",
        factors={Quadrant.S: 1, Quadrant.W: 2, Quadrant.O: 1, Quadrant.T: 1},
        votes_cast=3,
        votes_possible=6,  # 2 members x 3 votes
        phase=Phase.VOTE,
        strategies=2,
        unaddressed=1,  # t1: importance 4, no strategy
        goals=2,
        tasks=2,
        indicators=2,
        plan_errors=4,  # task 1.2: responsible, years, indicators; goal 2: no tasks
        plan_warnings=1,  # t1 without strategy
        open_comments=2,  # the resolved one does not count
    )
    assert mok.factors_total == 5
    # an institution with nothing yet: zeros, the first phase, and the joint plan not counted
    assert gok.factors == dict.fromkeys(Quadrant, 0)
    assert (gok.phase, gok.goals, gok.tasks, gok.plan_errors, gok.votes_possible) == (
        Phase.COLLECT,
        0,
        0,
        0,
        0,
    )


def test_follows_changes(ws):
    ws.add(Factor(institution_id="gok", quadrant="T", text="Niż demograficzny", importance=5))
    ws.add(Strategy(institution_id="mok", kind="ST", text="Kadra dla seniorów", factor_ids=("t1",)))
    mok, gok = team_progress(ws)
    assert gok.factors[Quadrant.T] == 1
    assert gok.unaddressed == 1
    assert (mok.strategies, mok.unaddressed, mok.plan_warnings) == (3, 0, 1)


def test_demo_workspace(demo_ws):
    rows = {row.institution_id: row for row in team_progress(demo_ws)}
    assert list(rows) == ["mok", "tkacz", "dok"]
    mok = rows["mok"]
    assert mok.factors == {Quadrant.S: 8, Quadrant.W: 8, Quadrant.O: 8, Quadrant.T: 7}
    assert (mok.votes_cast, mok.votes_possible, mok.phase) == (0, 30, Phase.COLLECT)
    assert (mok.strategies, mok.unaddressed, mok.open_comments) == (0, 6, 0)
    assert (mok.goals, mok.tasks, mok.indicators) == (3, 7, 12)
    assert (mok.plan_errors, mok.plan_warnings) == (0, 6)
    assert [r.factors_total for r in rows.values()] == [31, 30, 29]

    play_sample_workshop(demo_ws, "mok")
    after = team_progress(demo_ws)[0]
    assert (after.votes_cast, after.votes_possible, after.phase) == (25, 30, Phase.DISCUSS)
    assert (after.strategies, after.unaddressed, after.open_comments) == (6, 1, 2)
    assert team_progress(demo_ws)[1:] == list(rows.values())[1:]  # other teams unchanged
