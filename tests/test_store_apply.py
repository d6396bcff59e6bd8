"""Workspace.apply: several adds, updates and deletes in one transaction, all or nothing."""

from __future__ import annotations

import pytest

from swot import (
    Comment,
    ConflictError,
    Factor,
    Institution,
    ReferenceError_,
    Strategy,
    ValidationError,
    Workspace,
)


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as workspace:
        workspace.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        yield workspace


def _factor(text, quadrant="W", **kw):
    return Factor(institution_id="mok", quadrant=quadrant, text=text, **kw)


def _snapshot(ws):
    return ws.export_data()["objects"], ws.last_change()


def test_apply_adds_updates_and_deletes_together(ws):
    a, b = ws.add_many([_factor("Słaba promocja"), _factor("Mała sala")])
    c = _factor("Brak strony WWW")
    added, updated = ws.apply(adds=[c], updates=[a.replace(importance=5)], deletes=[b])
    assert [o.id for o in added] == [c.id] and added[0].version == 1
    assert updated[0].importance == 5 and updated[0].version == 2
    assert {f.text for f in ws.factors("mok")} == {"Słaba promocja", "Brak strony WWW"}
    actions = [(h.action, h.id) for h in ws.history(kind="factor")][-3:]
    assert sorted(actions) == sorted([("delete", b.id), ("add", c.id), ("update", a.id)])
    assert len({h.at for h in ws.history(kind="factor")[-3:]}) == 1  # one moment, one actor


def test_apply_judges_references_on_the_final_state(ws):
    """Move a strategy off a factor and delete the factor: fine in one apply."""
    keep, drop = ws.add_many([_factor("Słaba promocja"), _factor("Promocja jest słaba")])
    strategy = ws.add(
        Strategy(institution_id="mok", kind="WT", text="Kampania", factor_ids=(drop.id,))
    )
    with pytest.raises(ReferenceError_):
        ws.delete(drop)
    ws.apply(updates=[strategy.replace(factor_ids=(keep.id,))], deletes=[drop])
    assert ws.get(Strategy, strategy.id).factor_ids == (keep.id,)
    assert ws.find(Factor, drop.id) is None


def test_apply_lets_a_kept_object_take_a_deleted_ones_unique_text(ws):
    keep, drop = ws.add_many([_factor("Słaba promocja"), _factor("Promocja w sieci")])
    with pytest.raises(ValidationError, match=r"już istnieje"):
        ws.update(keep.replace(text="Promocja w sieci"))
    _, (saved,) = ws.apply(updates=[keep.replace(text="Promocja w sieci")], deletes=[drop])
    assert saved.text == "Promocja w sieci"


def test_apply_refuses_a_delete_still_referenced_and_writes_nothing(ws):
    f = ws.add(_factor("Słaba promocja"))
    other = ws.add(_factor("Mała sala"))
    ws.add(Strategy(institution_id="mok", kind="WO", text="Kampania", factor_ids=(f.id,)))
    before = _snapshot(ws)
    with pytest.raises(ReferenceError_, match=r"nadal używany"):
        ws.apply(updates=[other.replace(importance=5)], deletes=[f])
    assert _snapshot(ws) == before


def test_apply_conflict_in_the_middle_rolls_everything_back(ws):
    a, b, c = ws.add_many([_factor("A1"), _factor("B1"), _factor("C1")])
    ws.update(c.replace(importance=1))  # someone else edits c: our copy is stale
    before = _snapshot(ws)
    with pytest.raises(ConflictError) as info:
        ws.apply(
            adds=[_factor("D1")],
            updates=[a.replace(importance=5), c.replace(importance=4)],
            deletes=[b],
        )
    assert info.value.theirs.importance == 1
    assert _snapshot(ws) == before


def test_apply_refuses_a_stale_delete(ws):
    f = ws.add(_factor("Słaba promocja"))
    ws.update(f.replace(importance=5))
    with pytest.raises(ConflictError):
        ws.apply(deletes=[f])
    assert ws.get(Factor, f.id).importance == 5


def test_apply_checks_adds_like_add(ws):
    ws.add(_factor("Słaba promocja"))
    before = _snapshot(ws)
    with pytest.raises(ValidationError, match=r"już istnieje"):
        ws.apply(adds=[_factor("Mała sala"), _factor("  słaba   PROMOCJA ")])
    with pytest.raises(ValidationError):
        ws.apply(adds=[ws.factors("mok")[0]])  # already saved: version 1
    with pytest.raises(ReferenceError_, match=r"gok"):
        ws.apply(adds=[Factor(institution_id="gok", quadrant="S", text="Kadra")])
    assert _snapshot(ws) == before


def test_apply_unchanged_update_is_a_version_guard(ws):
    f = ws.add(_factor("Słaba promocja"))
    guard = ws.add(_factor("Mała sala"))
    _, (same,) = ws.apply(updates=[guard])
    assert same is guard and ws.get(Factor, guard.id).version == 1
    ws.update(guard.replace(importance=1))
    with pytest.raises(ConflictError):
        ws.apply(updates=[f.replace(importance=5), guard])
    assert ws.get(Factor, f.id).importance == 3


def test_apply_deletes_comments_that_still_point_to_a_deleted_object(ws):
    keep, drop = ws.add_many([_factor("Słaba promocja"), _factor("Promocja w sieci")])
    moved, gone = ws.add_many(
        [
            Comment(target_kind="factor", target_id=drop.id, author="Ekspert", text="Źródło?"),
            Comment(target_kind="factor", target_id=drop.id, author="Ekspert", text="Dubel"),
        ]
    )
    ws.apply(updates=[moved.replace(target_id=keep.id)], deletes=[drop])
    assert ws.get(Comment, moved.id).target_id == keep.id
    assert ws.find(Comment, gone.id) is None
    assert [h.action for h in ws.history(object_id=gone.id)] == ["add", "delete"]


def test_apply_with_nothing_does_nothing(ws):
    before = _snapshot(ws)
    assert ws.apply() == ([], [])
    assert _snapshot(ws) == before


def test_touch_is_a_lock_for_an_invariant_over_many_rows(ws):
    guard = ws.add(_factor("Budżet głosów"))
    history = len(ws.history())
    change = ws.last_change()
    ws.apply(adds=[_factor("Pierwszy")], touch=[guard])
    touched = ws.get(Factor, guard.id)
    assert touched.version == guard.version + 1
    assert touched.replace(version=guard.version) == guard  # content unchanged
    with pytest.raises(ConflictError):  # a second change from the same reading
        ws.apply(adds=[_factor("Drugi")], touch=[guard])
    assert [f.text for f in ws.factors("mok", "W")].count("Drugi") == 0
    assert len(ws.history()) == history + 1  # only the add: a touch is no content change
    assert ws.last_change() != change
