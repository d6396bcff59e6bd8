"""From a task back to the residents' answers (swot/trace.py)."""

from __future__ import annotations

import pytest

from swot import Evidence, Factor, Finding, Goal, Strategy, Task
from swot.errors import NotFoundError
from swot.trace import trace_task, trace_text


@pytest.fixture
def chain(demo_ws):
    ws = demo_ws
    finding = ws.add(
        Finding(
            statement="37% mieszkańców chce zajęć dla seniorów w soboty",
            source="ankieta online 2019, n=320",
            numbers=(("odsetek", 0.37), ("n", 320)),
            institution_id="mok",
        )
    )
    strong = ws.add(
        Factor(
            institution_id="mok",
            quadrant="S",
            text="Sala taneczna wolna w soboty",
            importance=4,
            evidence=(Evidence(finding_id=finding.id), Evidence(source="grafik sal 2019")),
        )
    )
    chance = ws.add(Factor(institution_id="mok", quadrant="O", text="Więcej aktywnych seniorów"))
    strategy = ws.add(
        Strategy(
            institution_id="mok",
            kind="SO",
            text="Sobotnie zajęcia dla seniorów",
            factor_ids=(strong.id, chance.id),
        )
    )
    goal = ws.add(Goal(institution_id="mok", number=9, title="Oferta dla seniorów"))
    task = ws.add(Task(goal_id=goal.id, number=1, title="Sobotni klub seniora"))
    return ws, finding, strong, chance, strategy, goal, task


def test_a_task_leads_back_to_findings_through_its_goal(chain):
    ws, finding, strong, chance, strategy, goal, task = chain
    ws.update(goal.replace(strategy_ids=(strategy.id,)))
    trace = trace_task(ws, task.id)
    assert trace.label == "9.1"
    assert [s.strategy.id for s in trace.strategies] == [strategy.id]
    assert trace.strategies[0].via_goal
    assert [f.factor.id for f in trace.strategies[0].factors] == [strong.id, chance.id]
    assert [f.id for f in trace.findings] == [finding.id]
    text = trace_text(trace)
    assert "Wniosek z diagnozy: 37% mieszkańców chce zajęć dla seniorów w soboty" in text
    assert "(n: 320, odsetek: 0,37)" in text
    assert "źródło: ankieta online 2019, n=320" in text
    assert "Źródło: grafik sal 2019" in text
    # the opportunity has no evidence: the chain says so instead of looking complete
    assert not trace.complete
    assert any("Więcej aktywnych seniorów" in gap and "nie ma dowodu" in gap for gap in trace.gaps)


def test_a_complete_chain_says_so(chain):
    ws, finding, _strong, chance, strategy, _goal, task = chain
    ws.update(chance.replace(evidence=(Evidence(finding_id=finding.id),)))
    ws.update(task.replace(strategy_ids=(strategy.id,)))
    trace = trace_task(ws, task.id)
    assert trace.complete and not trace.strategies[0].via_goal
    assert trace_text(trace).endswith(
        "✓ Łańcuch kompletny: każdy czynnik ma dowód (wnioski z diagnozy: 1, inne źródła: 1)."
    )


def test_where_the_chain_breaks(chain):
    ws, _finding, _strong, _chance, _strategy, _goal, task = chain
    assert trace_task(ws, task.id).gaps == (
        "To zadanie nie realizuje żadnej strategii TOWS: dopisz, której strategii służy "
        "(w zadaniu albo w jego celu).",
    )
    empty = ws.add(Strategy(institution_id="mok", kind="WT", text="Strategia bez czynników"))
    ws.update(task.replace(strategy_ids=(empty.id,)))
    assert "nie wskazuje czynników" in trace_task(ws, task.id).gaps[0]
    with pytest.raises(NotFoundError):
        trace_task(ws, "no-such-task")


def test_user_text_is_kept_as_typed(chain):
    ws, _finding, strong, _chance, strategy, _goal, task = chain
    ws.update(strong.replace(text="<script>alert(1)</script>"))
    ws.update(task.replace(strategy_ids=(strategy.id,)))
    assert "<script>alert(1)</script>" in trace_text(trace_task(ws, task.id))


def test_trace_view_shows_the_chain_of_the_chosen_task_escaped(chain):
    from swot.widgets.trace import TraceView

    ws, _finding, strong, _chance, strategy, _goal, task = chain
    ws.update(strong.replace(text="<img src=x onerror=alert(1)>"))
    ws.update(task.replace(strategy_ids=(strategy.id,)))
    view = TraceView(ws, "mok")
    view.task.value = task.id
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.tree.value
    assert "<img" not in view.tree.value
    assert "37% mieszkańców chce zajęć dla seniorów w soboty" in view.tree.value
    assert "nie ma dowodu" in view.tree.value  # the gap is shown too
    assert repr(view) == trace_text(trace_task(ws, task.id))
    assert [label for label, _id in view.task.options][-1] == "9.1 Sobotni klub seniora"


def _sample_tasks(ws, institution_id):
    return {
        (goal.number, task.number): task
        for goal in ws.goals(institution_id)
        if goal.institution_id == institution_id
        for task in ws.objects(Task, parent=goal.id)
    }


def test_the_demo_plan_traces_back_to_the_residents_answers(demo_ws):
    from swot import diagnosis, survey
    from swot.demo import SAMPLE_PLAN_LINKS, link_sample_plan, play_sample_workshop

    data = survey.load_survey(demo_ws)
    for institution_id, links in SAMPLE_PLAN_LINKS.items():
        assert play_sample_workshop(demo_ws, institution_id).played
        assert link_sample_plan(demo_ws, institution_id) == len(links)
        tasks = _sample_tasks(demo_ws, institution_id)
        assert set(links) <= set(tasks), institution_id
        traces = {key: trace_task(demo_ws, tasks[key].id) for key in links}
        assert all(link.factors for trace in traces.values() for link in trace.strategies)
        assert all(trace.strategies for trace in traces.values())
        reaching = sorted(key for key, trace in traces.items() if trace.findings)
        if institution_id == "dok":
            # DOK's strategies rest on other sources (annual report, the SWOT workshop) and,
            # for 2.1, on a factor with no evidence at all, which the trace points out
            assert reaching == [], reaching
            assert all(trace.sources for trace in traces.values())
            assert [key for key, trace in traces.items() if not trace.complete] == [(2, 1)]
            assert "Czynnik nie ma dowodu" in trace_text(traces[(2, 1)])
        else:
            assert reaching, institution_id
        # the tasks left without a strategy on purpose stay so: no chain, no findings
        for key in sorted(set(tasks) - set(links)):
            trace = trace_task(demo_ws, tasks[key].id)
            assert not trace.strategies and not trace.findings and not trace.complete

    tasks = _sample_tasks(demo_ws, "mok")
    assert [key for key in SAMPLE_PLAN_LINKS["mok"] if key not in tasks] == []
    assert sorted(set(tasks) - set(SAMPLE_PLAN_LINKS["mok"])) == [(3, 1), (3, 2)]
    # 2.3 (social media profiles) rests on the information barrier the residents named
    trace = trace_task(demo_ws, tasks[(2, 3)].id)
    [finding] = trace.findings
    barriers = diagnosis.frequencies(data.responses, data.codebook, "barriers")
    row = barriers[barriers["option"] == "Brak informacji o ofercie"].iloc[0]
    share = f"{100 * row['share']:.0f}%"
    text = trace_text(trace)
    assert (
        f"Wniosek z diagnozy: {share} odpowiadających na pytanie „Co utrudnia korzystanie z "
        "oferty” wybrało „Brak informacji o ofercie”." in text
    )
    assert f"n: {row['base']}, odsetek: {row['share']:.2f}".replace(".", ",") in text
    assert "źródło: Konsultacje społeczne: pytanie „Co utrudnia korzystanie z oferty”" in text
    assert "Źródło: konsultacje społeczne 2019" in text  # the team's own note is kept
    assert dict(finding.numbers)["n"] == row["base"]
    # 2.2 (film club) rests on what residents aged 60-74 miss
    trace = trace_task(demo_ws, tasks[(2, 2)].id)
    [finding] = trace.findings
    needs = diagnosis.frequencies(data.responses, data.codebook, "needs", by="age")
    row = needs[(needs["option"] == "Zajęcia dla seniorów") & (needs["age"] == "60–74")].iloc[0]
    assert finding.statement.startswith(f"{100 * row['share']:.0f}% odpowiadających")
    assert dict(finding.numbers)["n"] == row["base"] and "(grupa: 60–74)" in finding.statement
    assert trace.complete
    assert trace_text(trace).endswith("(wnioski z diagnozy: 1, inne źródła: 3).")
