"""The sample SWOT workshop played on the demo workspace (swot.demo.play_sample_workshop)."""

from __future__ import annotations

import shutil

from swot import Comment, Institution, Rating, Strategy, Vote, Workspace
from swot.demo import SAMPLE_STRATEGIES, play_sample_workshop
from swot.facilitation import session
from swot.model import CommentStatus, Phase
from swot.scoring import ife_efe, sensitivity
from swot.tows import unaddressed


def _snapshot(ws: Workspace) -> dict[str, int]:
    return {cls.__name__: ws.count(cls) for cls in (Vote, Rating, Strategy, Comment)}


def test_every_sample_strategy_links_factors_that_exist(demo_ws):
    for institution_id, strategies in SAMPLE_STRATEGIES.items():
        texts = {f.text: f.quadrant.value for f in demo_ws.factors(institution_id)}
        for kind, _text, linked in strategies:
            assert linked, (institution_id, kind)
            for factor_text in linked:
                assert texts.get(factor_text) in set(kind), (institution_id, factor_text)


def test_the_sample_workshop_fills_every_stage_and_is_reproducible(
    demo_ws, demo_template, tmp_path
):
    result = play_sample_workshop(demo_ws, "mok")
    assert result.played and "Miejski Ośrodek Kultury" in repr(result)
    state = session(demo_ws, "mok")
    assert state.phase is Phase.DISCUSS and state.votes_revealed
    counts = _snapshot(demo_ws)
    assert counts == {"Vote": counts["Vote"], "Rating": 31 * 6, "Strategy": 6, "Comment": 3}
    assert sum(v.count for v in demo_ws.objects(Vote)) == 25  # 5 of 6 members, 5 votes each
    assert [c.status for c in demo_ws.objects(Comment)].count(CommentStatus.RESOLVED) == 1
    team = ife_efe(demo_ws, "mok")
    assert team.position.quadrant.value == "SO"
    assert sensitivity(demo_ws, "mok").agreeing == 5
    assert [f.text for f in unaddressed(demo_ws, "mok")] == [
        "Konkurencja oferty komercyjnej i internetu"
    ]
    # the same seed gives the same numbers in another copy of the demo
    copy = tmp_path / "again.swot"
    shutil.copyfile(demo_template, copy)
    with Workspace.open(copy) as again:
        assert play_sample_workshop(again, "mok").played
        assert _snapshot(again) == counts
        assert ife_efe(again, "mok") == team


def test_the_sample_workshop_runs_once_and_only_on_the_demo(demo_ws, tmp_path):
    assert play_sample_workshop(demo_ws, "dok").played
    before = _snapshot(demo_ws)
    again = play_sample_workshop(demo_ws, "dok")
    assert not again.played and "już" in again.message
    assert _snapshot(demo_ws) == before
    with Workspace.create(tmp_path / "own.swot", name="Moje warsztaty") as own:
        own.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        skipped = play_sample_workshop(own, "mok")
        assert not skipped.played and "Moje warsztaty" in skipped.message
        assert _snapshot(own) == {"Vote": 0, "Rating": 0, "Strategy": 0, "Comment": 0}


def test_sample_monitoring_fills_measurements_once_and_only_on_the_demo(demo_ws, tmp_path):
    from swot.demo import SAMPLE_HORIZON, play_sample_monitoring
    from swot.model import Measurement
    from swot.plan import Status, monitoring_table, plan_horizon

    result = play_sample_monitoring(demo_ws, "mok")
    assert result.played and "pomiarów: 19 (lata 2019-2020)" in repr(result)
    assert plan_horizon(demo_ws) == SAMPLE_HORIZON
    rows = monitoring_table(demo_ws, "mok", today_year=2021)
    statuses = {row.status for row in rows}
    assert {Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.NOT_CHECKABLE} <= statuses
    count = demo_ws.count(Measurement)
    again = play_sample_monitoring(demo_ws, "mok")
    assert not again.played and "ma już pomiary" in again.message
    assert demo_ws.count(Measurement) == count
    with Workspace.create(tmp_path / "own.swot", name="Moje warsztaty") as own:
        own.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        skipped = play_sample_monitoring(own, "mok")
        assert not skipped.played and "Moje warsztaty" in skipped.message
        assert plan_horizon(own) is None


def test_sample_plan_tasks_are_linked_to_the_sample_strategies(demo_ws):
    from swot import Task
    from swot.demo import link_sample_plan, play_sample_workshop
    from swot.trace import trace_task

    assert link_sample_plan(demo_ws, "mok") == 0  # no strategies yet: nothing to link
    play_sample_workshop(demo_ws, "mok")
    assert link_sample_plan(demo_ws, "mok") == 5
    assert link_sample_plan(demo_ws, "mok") == 0  # twice changes nothing
    tasks = {
        (g.number, task.number): task
        for g in demo_ws.goals("mok")
        for task in demo_ws.objects(Task, parent=g.id)
    }
    assert trace_task(demo_ws, tasks[(2, 2)].id).complete
    assert not trace_task(demo_ws, tasks[(3, 1)].id).strategies  # left open on purpose
