"""TOWS matrix, the gap check for weaknesses and threats, and the expert's open comments."""

from __future__ import annotations

import pytest

from swot import (
    Comment,
    CommentStatus,
    ConflictError,
    Factor,
    Goal,
    Institution,
    Quadrant,
    Strategy,
    StrategyKind,
    SwotError,
    Workspace,
)
from swot.tows import (
    add_comment,
    comment_targets,
    open_comments,
    resolve_comment,
    resolved_comments,
    tows_matrix,
    unaddressed,
)


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as workspace:
        workspace.add_many(
            [
                Institution(id="mok", name="Miejski Ośrodek Kultury"),
                Institution(id="gok", name="Gminny Ośrodek Kultury"),
                Factor(id="s1", institution_id="mok", quadrant="S", text="Kadra", importance=5),
                Factor(id="w1", institution_id="mok", quadrant="W", text="Promocja", importance=5),
                Factor(id="w2", institution_id="mok", quadrant="W", text="Sala", importance=4),
                Factor(id="w3", institution_id="mok", quadrant="W", text="Parking", importance=3),
                Factor(id="o1", institution_id="mok", quadrant="O", text="Granty", importance=4),
                Factor(id="t1", institution_id="mok", quadrant="T", text="Niż", importance=4),
                Factor(id="t2", institution_id="mok", quadrant="T", text="Galeria", importance=5),
                Factor(id="g1", institution_id="gok", quadrant="W", text="Dojazd", importance=5),
                Strategy(
                    id="so1",
                    institution_id="mok",
                    kind="SO",
                    text="Kadra pisze wnioski grantowe",
                    factor_ids=("s1", "o1"),
                ),
                Strategy(
                    id="wt1",
                    institution_id="mok",
                    kind="WT",
                    text="Promocja wśród rodzin z dziećmi",
                    factor_ids=("t1", "w1"),
                ),
            ]
        )
        yield workspace


def test_tows_matrix_puts_strategies_in_cells_with_their_factors(ws):
    matrix = tows_matrix(ws, "mok")
    assert set(matrix.cells) == set(StrategyKind)
    (so,) = matrix.cells[StrategyKind.SO]
    assert so.strategy.id == "so1"
    assert [f.text for f in so.factors] == ["Kadra", "Granty"]
    (wt,) = matrix.cells[StrategyKind.WT]
    assert [f.id for f in wt.factors] == ["t1", "w1"]  # the strategy's own order
    assert matrix.cells[StrategyKind.ST] == () and matrix.cells[StrategyKind.WO] == ()
    assert [f.id for f in matrix.factors[Quadrant.W]] == ["w1", "w2", "w3"]
    assert [s.id for s in matrix.uses("w1")] == ["wt1"]
    assert matrix.uses("w2") == ()
    assert tows_matrix(ws, "gok").cells[StrategyKind.SO] == ()


def test_gap_check_lists_important_unaddressed_weaknesses_and_threats(ws):
    assert [f.id for f in unaddressed(ws, "mok")] == ["t2", "w2"]  # 5 before 4
    assert [f.id for f in unaddressed(ws, "mok", min_importance=3)] == ["t2", "w2", "w3"]
    assert [f.id for f in unaddressed(ws, "mok", min_importance=5)] == ["t2"]
    ws.add(Strategy(institution_id="mok", kind="ST", text="Własna oferta", factor_ids=("s1", "t2")))
    assert [f.id for f in unaddressed(ws, "mok")] == ["w2"]
    assert [f.id for f in unaddressed(ws, "gok")] == ["g1"]


def test_strengths_and_opportunities_are_never_gaps(ws):
    ws.add(Factor(institution_id="mok", quadrant="O", text="Nowy program", importance=5))
    assert {f.quadrant for f in unaddressed(ws, "mok", min_importance=1)} == {
        Quadrant.W,
        Quadrant.T,
    }


def test_open_comments_oldest_first_with_author_and_time(ws):
    ws.add_many(
        [
            Comment(
                id="c2",
                target_kind="strategy",
                target_id="wt1",
                author="Ekspert",
                text="Jakie wskaźniki?",
                created_at="2019-03-14T11:00:00.000+00:00",
            ),
            Comment(
                id="c1",
                target_kind="factor",
                target_id="w1",
                author="dr Nowak",
                text="Skąd ten wniosek?",
                created_at="2019-03-14T10:00:00.000+00:00",
            ),
            Comment(
                id="c3",
                target_kind="factor",
                target_id="g1",
                author="Ekspert",
                text="Inna instytucja",
                created_at="2019-03-14T09:00:00.000+00:00",
            ),
            Comment(
                id="c4",
                target_kind="factor",
                target_id="s1",
                author="Ekspert",
                text="Już wyjaśnione",
                status=CommentStatus.RESOLVED,
                created_at="2019-03-14T08:00:00.000+00:00",
            ),
            Goal(id="g", institution_id="mok", number=1, title="Cel"),
            Comment(id="c5", target_kind="goal", target_id="g", author="Ekspert", text="Cel?"),
        ]
    )
    found = open_comments(ws, "mok")
    assert [(o.comment.id, o.author, o.created_at, o.target_text) for o in found] == [
        ("c1", "dr Nowak", "2019-03-14T10:00:00.000+00:00", "Promocja"),
        ("c2", "Ekspert", "2019-03-14T11:00:00.000+00:00", "Promocja wśród rodzin z dziećmi"),
    ]
    assert isinstance(found[1].target, Strategy)
    assert [o.comment.id for o in open_comments(ws, "gok")] == ["c3"]


def test_add_and_resolve_comment(ws):
    comment = add_comment(ws, ws.get(Factor, "w2"), "Ekspert", "Czy sala jest za mała?")
    assert (comment.status, comment.version, comment.target_kind) == (
        CommentStatus.OPEN,
        1,
        "factor",
    )
    assert [o.comment.id for o in open_comments(ws, "mok")] == [comment.id]
    resolved = resolve_comment(ws, comment, actor="Anna K.")
    assert resolved.status is CommentStatus.RESOLVED and resolved.version == 2
    assert open_comments(ws, "mok") == []
    assert ws.history(object_id=comment.id)[-1].actor == "Anna K."
    with pytest.raises(ConflictError):
        resolve_comment(ws, comment)  # stale copy


def test_comments_only_on_factors_and_strategies(ws):
    with pytest.raises(SwotError, match=r"Komentować można czynniki SWOT i strategie.*instytucja"):
        add_comment(ws, ws.get(Institution, "mok"), "Ekspert", "Uwaga")  # type: ignore[arg-type]


def test_candidates_are_the_factors_of_the_cells_two_quadrants(ws):
    matrix = tows_matrix(ws, "mok")
    assert [f.id for f in matrix.candidates("SO")] == ["s1", "o1"]
    assert [f.id for f in matrix.candidates(StrategyKind.WT)] == ["w1", "w2", "w3", "t1", "t2"]
    assert [f.quadrant.value for f in matrix.candidates("ST")] == ["S", "T", "T"]


def test_comment_targets_factors_in_quadrant_order_then_strategies(ws):
    targets = comment_targets(ws, "mok")
    assert [x.id for x in targets] == ["s1", "w1", "w2", "w3", "o1", "t1", "t2", "so1", "wt1"]
    assert [x.id for x in comment_targets(ws, "gok")] == ["g1"]


def test_resolved_comments_apart_and_newest_first(ws):
    first = add_comment(ws, ws.get(Factor, "w1"), "Ekspert", "Pierwsza")
    second = add_comment(ws, ws.get(Strategy, "so1"), "Ekspert", "Druga")
    add_comment(ws, ws.get(Factor, "t1"), "Ekspert", "Wciąż otwarta")
    resolve_comment(ws, first)
    resolve_comment(ws, second)
    done = resolved_comments(ws, "mok")
    assert [o.comment.text for o in done] == ["Druga", "Pierwsza"]
    assert all(o.resolved for o in done)
    assert [o.comment.text for o in open_comments(ws, "mok")] == ["Wciąż otwarta"]
    assert not open_comments(ws, "mok")[0].resolved
    assert resolved_comments(ws, "gok") == []


def test_a_strategy_linking_a_factor_from_the_wrong_quadrant_is_refused(ws):
    with pytest.raises(SwotError, match=r"czynników z ćwiartek W/O \(strategia WO\)"):
        ws.add(Strategy(institution_id="mok", kind="WO", text="Sala", factor_ids=("w2", "t1")))
    with pytest.raises(SwotError, match=r"Uzupełnij"):
        Strategy(institution_id="mok", kind="WO", text="  ", factor_ids=("w2",))
