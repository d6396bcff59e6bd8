"""The demo workspace (swot/demo.py): its diagnosis findings and the sample workshop."""

from __future__ import annotations

import csv
import shutil

import pytest

from swot import (
    Comment,
    Factor,
    Finding,
    Institution,
    Rating,
    Strategy,
    Vote,
    Workspace,
    diagnosis,
    survey,
)
from swot.demo import (
    SAMPLE_EVIDENCE,
    SAMPLE_FINDINGS,
    SAMPLE_STRATEGIES,
    play_sample_workshop,
    sample_data_dir,
)
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


# --- findings of the sample needs diagnosis ------------------------------------------------------


@pytest.fixture(scope="module")
def consultation(demo_template):
    with Workspace.open(demo_template) as ws:
        return survey.load_survey(ws)


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _saved(ws: Workspace, institution_id: str, needle: str) -> Finding:
    """The one saved finding of an institution whose statement contains ``needle``."""
    found = [f for f in ws.objects(Finding, parent=institution_id) if needle in f.statement]
    assert len(found) == 1, (institution_id, needle, [f.statement for f in found])
    return found[0]


def test_the_demo_has_findings_of_every_centre_from_its_consultation(demo_ws):
    saved = demo_ws.objects(Finding)
    assert len(saved) == len(SAMPLE_FINDINGS) == 11
    per_centre = {i: sum(f.institution_id == i for f in saved) for i in ("mok", "tkacz", "dok")}
    assert per_centre == {"mok": 3, "tkacz": 4, "dok": 4}
    assert all(f.source.startswith("Konsultacje społeczne:") for f in saved)


def test_each_centres_weakest_aspect_is_a_finding_with_its_means(demo_ws, consultation):
    data = consultation
    for institution_id, label, name in (
        ("mok", "Przystępne ceny", "MOK"),
        ("tkacz", "Informacja o ofercie", "OK „Tkacz”"),
        ("dok", "Informacja o ofercie", "DOK"),
    ):
        ipa = diagnosis.importance_performance(data.responses, data.codebook, institution_id)
        weakest = ipa.iloc[0]  # sorted by the gap, largest first
        assert diagnosis.aspect_labels(data.codebook)[weakest["aspect"]] == label
        finding = _saved(demo_ws, institution_id, f"„{label}” jest dla mieszkańców ważna")
        imp = f"{weakest['importance']:.1f}".replace(".", ",")
        perf = f"{weakest['performance']:.1f}".replace(".", ",")
        assert finding.statement == (
            f"Cecha „{label}” jest dla mieszkańców ważna (średnio {imp}), a ocena {name} jest "
            f"niższa (średnio {perf})."
        )
        numbers = dict(finding.numbers)
        assert numbers["ważność (średnia)"] == pytest.approx(weakest["importance"], abs=1e-3)
        assert numbers["ocena (średnia)"] == pytest.approx(weakest["performance"], abs=1e-3)
        assert numbers["n"] == weakest["performance_n"]
        assert f"n = {weakest['importance_n']} (ważność)" in finding.source


def test_answer_findings_carry_the_share_base_and_interval_of_the_data(demo_ws, consultation):
    data = consultation
    cases = (
        ("mok", "barriers", "Brak informacji o ofercie", None, None, False),
        ("mok", "needs", "Zajęcia dla seniorów", "age", "60–74", False),
        ("tkacz", "participation_tkacz", "Nie znam tej instytucji", "age", "20–29", False),
        ("tkacz", "needs", "Warsztaty rękodzieła, ceramiki", None, None, True),
        ("dok", "participation_dok", "Nie znam tej instytucji", None, None, False),
        ("dok", "needs", "Zajęcia dla dzieci i młodzieży", "age", "30–44", False),
    )
    for institution_id, question, answer, by, group, tallies in cases:
        freq = diagnosis.frequencies(
            data.responses,
            data.codebook,
            question,
            by=by,
            tallies=data.tallies if tallies else None,
        )
        rows = freq[freq["option"] == answer]
        if by:
            rows = rows[rows[by] == group]
        row = rows.iloc[0]
        label = data.codebook[question].label
        finding = _saved(demo_ws, institution_id, f"na pytanie „{label}” wybrało „{answer}”")
        assert finding.statement.startswith(f"{_pct(row['share'])} odpowiadających")
        assert finding.statement.endswith(f" (grupa: {group})." if group else "”.")
        numbers = dict(finding.numbers)
        assert numbers["odsetek"] == pytest.approx(row["share"], abs=1e-4)
        assert numbers["n"] == row["base"]
        assert f"podstawa n = {row['base']}" in finding.source
        assert f"{_pct(row['ci_low'])}–{_pct(row['ci_high'])}" in finding.source
        assert ("sonda uliczna" in finding.source) is tallies
    # the information barrier is the one residents name most often
    barriers = diagnosis.frequencies(data.responses, data.codebook, "barriers")
    top = barriers.sort_values("share", ascending=False).iloc[0]
    assert top["option"] == "Brak informacji o ofercie"


def test_dok_prices_are_a_strength_in_the_data(demo_ws, consultation):
    ipa = diagnosis.importance_performance(
        consultation.responses, consultation.codebook, "dok"
    ).set_index("aspect")
    prices = ipa.loc["prices"]
    assert prices["performance"] > prices["importance"]
    finding = _saved(demo_ws, "dok", "„Przystępne ceny”")
    imp = f"{prices['importance']:.1f}".replace(".", ",")
    perf = f"{prices['performance']:.1f}".replace(".", ",")
    assert finding.statement == (
        f"Cecha „Przystępne ceny” jest dla mieszkańców ważna (średnio {imp}), a ocena DOK jest "
        f"jeszcze wyższa (średnio {perf})."
    )


def test_factors_from_the_consultation_cite_a_matching_finding(demo_ws):
    findings = {f.id: f for f in demo_ws.objects(Finding)}
    by_text = {f.text: f for f in demo_ws.factors()}
    for text, spec in SAMPLE_EVIDENCE.items():
        factor = by_text[text]
        assert factor.institution_id == spec.institution_id, text
        # the free-text source the team wrote stays beside the finding
        [evidence] = factor.evidence
        assert evidence.source == "konsultacje społeczne 2019", text
        assert findings[evidence.finding_id].institution_id == factor.institution_id
    expected = {
        "Przestarzała strona internetowa i mała aktywność w mediach": "„Brak informacji o ofercie”",
        "Rosnące zainteresowanie mieszkańców zajęciami dla seniorów": "„Zajęcia dla seniorów”",
        "Zły stan techniczny budynku (dach, instalacja grzewcza)": "„Dostępny, wygodny budynek”",
        "Moda na rękodzieło, slow fashion i upcykling tekstyliów": "„Warsztaty rękodzieła",
        "Mała rozpoznawalność ośrodka poza osiedlem": "„Nie znam tej instytucji”",
        "Młode rodziny z dziećmi wprowadzające się do nowych bloków": "(grupa: 30–44)",
        "Niskie ceny zajęć, dostępne dla większości rodzin": "„Przystępne ceny”",
    }
    assert set(expected) == set(SAMPLE_EVIDENCE)
    for text, needle in expected.items():
        assert needle in findings[by_text[text].evidence[0].finding_id].statement, text
    # every other factor keeps exactly the source of the sample file, and no finding
    with (sample_data_dir() / "swot_robocze.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["tresc"]: row["zrodlo"] for row in csv.DictReader(handle)}
    assert len(rows) == len(by_text)
    for text, factor in by_text.items():
        assert [e.source for e in factor.evidence] == ([rows[text]] if rows[text] else [])
        if text not in SAMPLE_EVIDENCE:
            assert all(e.finding_id is None for e in factor.evidence), text


def test_the_expert_asks_for_evidence_where_the_diagnosis_gives_none(demo_ws):
    assert play_sample_workshop(demo_ws, "tkacz").played
    asking = [c for c in demo_ws.objects(Comment) if c.text.startswith("Czy to potwierdzają")]
    [comment] = asking
    factor = demo_ws.get(Factor, comment.target_id)
    assert factor.text == "Brak profesjonalnej promocji – informacja tylko pocztą pantoflową"
    assert all(e.finding_id is None for e in factor.evidence)
