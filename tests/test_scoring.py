"""IFE/EFE: hand-computed totals, the conventions enforced in Polish, position, sensitivity."""

from __future__ import annotations

import dataclasses
import json

import pytest

import swot
from swot import Factor, Institution, Participant, SwotError, Team, ValidationError, Workspace
from swot.model import Rating, StrategyKind
from swot.scoring import (
    MIDPOINT,
    Position,
    compute_ife_efe,
    compute_sensitivity,
    ife_efe,
    sensitivity,
)


def _factor(fid, quadrant, position=0):
    return Factor(
        id=fid, institution_id="mok", quadrant=quadrant, text=f"Czynnik {fid}", position=position
    )


FACTORS = [
    _factor("s1", "S"),
    _factor("s2", "S", 1),
    _factor("s3", "S", 2),
    _factor("w1", "W"),
    _factor("w2", "W", 1),
    _factor("o1", "O"),
    _factor("o2", "O", 1),
    _factor("t1", "T"),
    _factor("t2", "T", 1),
]

# One member's matrices, computed by hand:
#   IFE = .20*4 + .15*4 + .15*3 + .30*2 + .20*2 = .80 + .60 + .45 + .60 + .40 = 2.85
#   EFE = .30*3 + .20*2 + .30*2 + .20*1           = .90 + .40 + .60 + .20       = 2.10
ANNA = {
    "s1": (0.20, 4),
    "s2": (0.15, 4),
    "s3": (0.15, 3),
    "w1": (0.30, 2),
    "w2": (0.20, 2),
    "o1": (0.30, 3),
    "o2": (0.20, 2),
    "t1": (0.30, 2),
    "t2": (0.20, 1),
}
NAMES = {"anna": "Anna K.", "jan": "Jan P.", "ewa": "Ewa G."}


def _ratings(participant, table):
    return [
        Rating(factor_id=fid, participant_id=participant, weight=weight, rating=rating)
        for fid, (weight, rating) in table.items()
    ]


def test_hand_computed_example():
    result = compute_ife_efe(FACTORS, _ratings("anna", ANNA), names=NAMES)
    assert result.ife == pytest.approx(2.85)
    assert result.efe == pytest.approx(2.10)
    assert [row.factor.id for row in result.internal] == ["s1", "s2", "s3", "w1", "w2"]
    assert [round(row.score, 2) for row in result.internal] == [0.8, 0.6, 0.45, 0.6, 0.4]
    assert [row.factor.id for row in result.external] == ["o1", "o2", "t1", "t2"]
    position = result.position
    assert position.quadrant is StrategyKind.ST  # strong inside (2.85), threatened outside (2.1)
    assert (position.ie_cell, position.ie_region) == (5, "hold")
    assert position.label.startswith("ST — strategia konserwatywna")


def test_team_means_of_weights_and_ratings():
    factors = [_factor("s1", "S"), _factor("w1", "W"), _factor("o1", "O")]
    ratings = [
        Rating(factor_id="s1", participant_id="anna", weight=0.4, rating=4),
        Rating(factor_id="w1", participant_id="anna", weight=0.6, rating=2),
        Rating(factor_id="s1", participant_id="jan", weight=0.2, rating=3),
        Rating(factor_id="w1", participant_id="jan", weight=0.8, rating=1),
        Rating(factor_id="o1", participant_id="jan", weight=1.0, rating=3),
        Rating(factor_id="o1", participant_id="ewa", rating=4),  # rates without weighting
    ]
    result = compute_ife_efe(factors, ratings)
    s1, w1 = result.internal
    assert (s1.weight, s1.rating, s1.raters) == (pytest.approx(0.3), 3.5, 2)
    assert (w1.weight, w1.rating) == (pytest.approx(0.7), 1.5)
    assert result.ife == pytest.approx(0.3 * 3.5 + 0.7 * 1.5)  # 2.10
    assert result.efe == pytest.approx(3.5)
    assert result.position.quadrant is StrategyKind.WO


def test_weights_within_tolerance_are_rescaled_to_one():
    factors = [_factor("s1", "S"), _factor("w1", "W"), _factor("o1", "O")]
    ratings = [
        Rating(factor_id="s1", participant_id="anna", weight=0.33, rating=4),
        Rating(factor_id="w1", participant_id="anna", weight=0.66, rating=1),
        Rating(factor_id="o1", participant_id="anna", weight=1.0, rating=2),
    ]
    result = compute_ife_efe(factors, ratings)
    assert sum(row.weight for row in result.internal) == pytest.approx(1.0)
    assert result.ife == pytest.approx(2.0)  # 4/3 + 2/3, not 1.32 + 0.66


def test_only_weighted_factors_enter_the_matrix_and_other_ratings_are_ignored():
    extra = [*FACTORS, _factor("s9", "S", 9)]
    ratings = [
        *_ratings("anna", ANNA),
        Rating(factor_id="s9", participant_id="jan", rating=4),  # nobody weighted s9
        Rating(factor_id="elsewhere", participant_id="jan", weight=1.0, rating=1),
    ]
    result = compute_ife_efe(extra, ratings)
    assert "s9" not in {row.factor.id for row in result.internal}
    assert result.ife == pytest.approx(2.85)


# --- conventions enforced, in Polish ----------------------------------------------------------


def _with(change):
    table = {**ANNA, **change}
    return _ratings("anna", table)


def test_weights_must_sum_to_one_per_side_with_the_fix():
    with pytest.raises(ValidationError) as info:
        compute_ife_efe(FACTORS, _with({"s1": (0.10, 4)}), names=NAMES)
    message = str(info.value)
    assert info.value.field == "weight"
    assert "Pole „waga”: oczekiwano wag czynników wewnętrznych (mocne i słabe strony)" in message
    assert "sumujących się do 1, otrzymano 0.9." in message
    assert "Wagi uczestnika Anna K. sumują się do 0,90. Zwiększ wagi łącznie o 0,10" in message
    with pytest.raises(ValidationError, match=r"zewnętrznych.*1,20. Zmniejsz wagi łącznie o 0,20"):
        compute_ife_efe(FACTORS, _with({"o1": (0.50, 3)}), names=NAMES)


def test_weights_message_in_english():
    swot.set_language("en")
    with pytest.raises(ValidationError, match=r"Anna K.'s weights sum to 0.90. Raise them by 0.10"):
        compute_ife_efe(FACTORS, _with({"s1": (0.10, 4)}), names=NAMES)


def test_a_member_who_weights_a_side_weights_all_of_it():
    ratings = [*_with({"w2": (None, 2)})]
    ratings.append(Rating(factor_id="w2", participant_id="jan", weight=0.2, rating=2))
    with pytest.raises(ValidationError, match=r"Anna K. nadał wagi innym czynnik.*nie temu"):
        compute_ife_efe(FACTORS, ratings, names=NAMES)


def test_strengths_rated_3_or_4_and_weaknesses_1_or_2():
    with pytest.raises(ValidationError) as info:
        compute_ife_efe(FACTORS, _with({"s2": (0.15, 2)}), names=NAMES)
    assert str(info.value).startswith(
        "Pole „ocena”: oczekiwano oceny 3 (mała siła) lub 4 (duża siła) dla mocnej strony, "
        "otrzymano 2. Popraw ocenę uczestnika Anna K. dla czynnika „Czynnik s2”"
    )
    with pytest.raises(ValidationError, match=r"1 \(duża słabość\) lub 2.*otrzymano 3"):
        compute_ife_efe(FACTORS, _with({"w1": (0.30, 3)}), names=NAMES)
    # opportunities and threats use the whole scale (how well we respond)
    result = compute_ife_efe(FACTORS, _with({"t1": (0.30, 4), "o1": (0.30, 1)}))
    assert result.efe == pytest.approx(0.3 * 1 + 0.2 * 2 + 0.3 * 4 + 0.2 * 1)


def test_every_weighted_factor_needs_a_rating():
    with pytest.raises(ValidationError, match=r"co najmniej jednej oceny.*Czynnik o2"):
        compute_ife_efe(FACTORS, _with({"o2": (0.20, None)}))


def test_a_side_without_weights_is_explained():
    internal_only = {k: v for k, v in ANNA.items() if k[0] in "sw"}
    with pytest.raises(SwotError, match=r"Brak wag czynników zewnętrznych"):
        compute_ife_efe(FACTORS, _ratings("anna", internal_only))


def test_rating_model_validates_in_polish():
    with pytest.raises(
        ValidationError, match=r"Pole „waga”: oczekiwano wagi od 0 do 1, otrzymano 1.5"
    ):
        Rating(factor_id="s1", participant_id="anna", weight=1.5)
    with pytest.raises(
        ValidationError, match=r"Pole „ocena”: oczekiwano liczby całkowitej od 1 do 4"
    ):
        Rating(factor_id="s1", participant_id="anna", rating=5)
    with pytest.raises(ValidationError, match=r"wagi albo oceny"):
        Rating(factor_id="s1", participant_id="anna")
    with pytest.raises(ValidationError):
        Rating(factor_id="s1", participant_id="anna", rating=True)
    r = Rating(factor_id="s1", participant_id="anna", weight=0, rating=4)
    assert r.weight == 0.0 and isinstance(r.weight, float)
    restored = Rating.from_dict(json.loads(json.dumps(r.to_dict())), version=3)
    assert restored == r.replace(version=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.rating = 3  # type: ignore[misc]


# --- position --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ife", "efe", "quadrant", "cell", "region"),
    [
        (3.2, 3.1, "SO", 1, "grow"),
        (2.5, 3.0, "SO", 2, "grow"),
        (1.9, 3.0, "WO", 3, "hold"),
        (3.0, 2.4, "ST", 4, "grow"),
        (2.4, 2.6, "WO", 5, "hold"),
        (1.5, 2.0, "WT", 6, "harvest"),
        (3.0, 1.9, "ST", 7, "hold"),
        (2.0, 1.0, "WT", 8, "harvest"),
        (1.0, 1.0, "WT", 9, "harvest"),
    ],
)
def test_position_quadrant_and_ie_cell(ife, efe, quadrant, cell, region):
    position = Position(ife, efe)
    assert (position.quadrant.value, position.ie_cell, position.ie_region) == (
        quadrant,
        cell,
        region,
    )


def test_a_total_on_the_midpoint_is_not_flipped_by_float_error():
    # weights .1/.2/.7 rated 2/1/3 give exactly 2.5 on paper, 2.4999999999999996 in floats
    factors = [_factor("s1", "S"), _factor("w1", "W"), _factor("w2", "W"), _factor("o1", "O")]
    ratings = [
        Rating(factor_id="s1", participant_id="anna", weight=0.7, rating=3),
        Rating(factor_id="w1", participant_id="anna", weight=0.1, rating=2),
        Rating(factor_id="w2", participant_id="anna", weight=0.2, rating=1),
        Rating(factor_id="o1", participant_id="anna", weight=1.0, rating=3),
    ]
    result = compute_ife_efe(factors, ratings)
    assert result.ife < MIDPOINT and result.ife == pytest.approx(MIDPOINT)
    assert result.position.quadrant is StrategyKind.SO


# --- sensitivity -----------------------------------------------------------------------------


def _panel(c_strength, c_weakness):
    """Anna weights; three members rate s1, w1, o1 (weights .5/.5 and 1)."""
    factors = [_factor("s1", "S"), _factor("w1", "W"), _factor("o1", "O")]
    ratings = [
        Rating(factor_id="s1", participant_id="anna", weight=0.5, rating=4),
        Rating(factor_id="w1", participant_id="anna", weight=0.5, rating=2),
        Rating(factor_id="o1", participant_id="anna", weight=1.0, rating=3),
        Rating(factor_id="s1", participant_id="jan", rating=4),
        Rating(factor_id="w1", participant_id="jan", rating=2),
        Rating(factor_id="o1", participant_id="jan", rating=3),
        Rating(factor_id="s1", participant_id="ewa", rating=c_strength),
        Rating(factor_id="w1", participant_id="ewa", rating=c_weakness),
    ]
    return factors, ratings


def test_one_member_flips_the_quadrant():
    # team IFE = .5 * (4+4+3)/3 + .5 * (2+2+1)/3 = 2.667 -> SO; Ewa alone: .5*3 + .5*1 = 2.0 -> WO
    factors, ratings = _panel(3, 1)
    result = compute_sensitivity(factors, ratings, names=NAMES)
    assert result.team.ife == pytest.approx(8 / 3)
    assert result.team.quadrant is StrategyKind.SO
    members = {
        m.name: (round(m.position.ife, 3), m.position.quadrant.value, m.agrees, m.rated)
        for m in result.members
    }
    assert members == {
        "Anna K.": (3.0, "SO", True, 3),
        "Jan P.": (3.0, "SO", True, 3),
        "Ewa G.": (2.0, "WO", False, 2),  # o1 not rated by Ewa: the team's 3.0 stands
    }
    assert (result.agreeing, result.holds) == (2, False)
    # Leave-one-out: without Anna (the only one to weight) the team's weights stand and
    # IFE = .5 * 3.5 + .5 * 1.5 = 2.5 exactly -> still S; nobody's absence flips it.
    without = {m.name: round(m.position.ife, 3) for m in result.leave_one_out}
    assert without == {"Anna K.": 2.5, "Jan P.": 2.5, "Ewa G.": 3.0}
    assert result.robust


def test_position_that_holds_for_everyone():
    result = compute_sensitivity(*_panel(4, 2))
    assert result.holds and result.robust and result.agreeing == 3


def test_leave_one_out_can_flip_too():
    factors = [_factor("s1", "S"), _factor("w1", "W"), _factor("o1", "O")]
    ratings = [
        Rating(factor_id="s1", participant_id="anna", weight=0.5, rating=4),
        Rating(factor_id="w1", participant_id="anna", weight=0.5, rating=2),
        Rating(factor_id="o1", participant_id="anna", weight=1.0, rating=3),
        Rating(factor_id="s1", participant_id="jan", weight=0.5, rating=3),
        Rating(factor_id="w1", participant_id="jan", weight=0.5, rating=1),
    ]
    result = compute_sensitivity(factors, ratings)
    assert result.team.ife == pytest.approx(2.5) and result.team.quadrant is StrategyKind.SO
    without = {
        m.participant_id: (m.position.quadrant.value, m.agrees) for m in result.leave_one_out
    }
    assert without == {"anna": ("WO", False), "jan": ("SO", True)}
    assert not result.robust and not result.holds


# --- from a workspace --------------------------------------------------------------------------


def test_loaders_read_the_workspace(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as ws:
        ws.add_many(
            [
                Institution(id="mok", name="MOK"),
                Institution(id="gok", name="GOK"),
                Team(id="t", institution_id="mok", name="Zespół"),
                Participant(id="anna", name="Anna K.", team_id="t"),
                Participant(id="jan", name="Jan P.", team_id="t"),
                Participant(id="ewa", name="Ewa G.", team_id="t"),
                *_panel(3, 1)[0],
                Factor(id="g1", institution_id="gok", quadrant="S", text="Inna"),
            ]
        )
        ws.add_many(_panel(3, 1)[1])
        ws.add(Rating(factor_id="g1", participant_id="anna", weight=1.0, rating=3))
        result = ife_efe(ws, "mok")
        assert result.ife == pytest.approx(8 / 3) and result.efe == pytest.approx(3.0)
        report = sensitivity(ws, "mok")
        assert [m.name for m in report.members if not m.agrees] == ["Ewa G."]
        with pytest.raises(ValidationError, match=r"uczestnika Anna K. dla czynnika „Czynnik w1”"):
            ws.update(ws.objects(Rating, parent="w1", participant_id="anna")[0].replace(rating=3))
            ife_efe(ws, "mok")


# --- entering one member's matrix ---------------------------------------------------------------

from swot.scoring import (  # noqa: E402 - kept beside the tests that use them
    format_decimal,
    member_ratings,
    members,
    save_member_ratings,
    suggest_weights,
    weight_problems,
)


def test_factors_weighted_zero_by_everyone_and_unrated_leave_the_matrix():
    table = {**ANNA, "s3": (0.0, None), "s1": (0.35, 4)}
    result = compute_ife_efe(FACTORS, _ratings("anna", table))
    assert [row.factor.id for row in result.internal] == ["s1", "s2", "w1", "w2"]
    assert result.ife == pytest.approx(0.35 * 4 + 0.15 * 4 + 0.30 * 2 + 0.20 * 2)
    with pytest.raises(ValidationError, match=r"co najmniej jednej oceny.*Czynnik s3"):
        compute_ife_efe(FACTORS, _ratings("anna", {**ANNA, "s3": (0.15, None)}))


def test_suggest_weights_evenly_and_by_importance_sum_to_one_per_side():
    factors = [
        Factor(id=f"f{i}", institution_id="mok", quadrant=q, text=f"F{i}", importance=n)
        for i, (q, n) in enumerate(
            [("S", 5), ("S", 1), ("W", 3), ("O", 4), ("O", 4), ("T", 4), ("T", 1)]
        )
    ]
    even = suggest_weights(factors, by="even")
    assert [even[f"f{i}"] for i in range(3)] == [0.34, 0.33, 0.33]
    assert [even[f"f{i}"] for i in range(3, 7)] == [0.25] * 4
    weighted = suggest_weights(factors)
    assert [weighted[f"f{i}"] for i in range(3)] == [0.56, 0.11, 0.33]  # 5:1:3 of 9
    assert [weighted[f"f{i}"] for i in range(3, 7)] == [0.31, 0.31, 0.31, 0.07]  # 4:4:4:1
    for table in (even, weighted):
        for side in ("SW", "OT"):
            total = sum(v for f, v in table.items() if factors[int(f[1:])].quadrant in side)
            assert total == pytest.approx(1.0)
    assert suggest_weights([]) == {}
    with pytest.raises(SwotError, match=r"„even” albo „importance”"):
        suggest_weights(factors, by="random")


def test_weight_problems_name_the_side_the_sum_and_the_fix():
    weights = {"s1": 0.5, "s2": 0.2, "s3": 0.25, "o1": 0.7, "o2": 0.6}
    internal, external = weight_problems(FACTORS, weights)
    assert internal.startswith(
        "Wagi czynników wewnętrznych sumują się do 0,95 — powinny do 1,00. Zwiększ je łącznie "
        "o 0,05"
    )
    assert external.startswith("Wagi czynników zewnętrznych sumują się do 1,30")
    assert "Zmniejsz je łącznie o 0,30" in external
    assert weight_problems(FACTORS, {"s1": 0.33, "s2": 0.33, "s3": 0.33}) == []  # tolerance
    assert weight_problems(FACTORS, {"s1": 0.0, "o1": None}) == []  # sides not weighted
    swot.set_language("en")
    assert weight_problems(FACTORS, {"s1": 0.9})[0].startswith(
        "The weights of internal factors sum to 0.90; they should sum to 1.00. Raise them"
    )
    assert format_decimal(2.5) == "2.50"


@pytest.fixture
def team_ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as ws:
        ws.add_many(
            [
                Institution(id="mok", name="MOK"),
                Institution(id="gok", name="GOK"),
                Team(id="t", institution_id="mok", name="Zespół"),
                Team(id="g", institution_id="gok", name="Zespół GOK"),
                Participant(id="anna", name="Anna K.", team_id="t"),
                Participant(id="jan", name="Jan P.", team_id="t"),
                Participant(id="ola", name="Ola Z.", team_id="g"),
                Participant(id="ekspert", name="Ekspert"),
                *FACTORS,
            ]
        )
        yield ws


def _entries(table):
    return {fid: (weight, rating) for fid, (weight, rating) in table.items()}


def test_save_member_ratings_round_trip(team_ws):
    ws = team_ws
    assert [p.name for p in members(ws, "mok")] == ["Anna K.", "Jan P."]
    saved = save_member_ratings(ws, "mok", "anna", _entries(ANNA), actor="Anna K.")
    assert set(saved) == set(ANNA)
    assert member_ratings(ws, "mok", "anna") == saved
    assert ife_efe(ws, "mok").ife == pytest.approx(2.85)
    # change one, clear another: one transaction, versions move on
    entries = {**_entries(ANNA), "s1": (0.20, 3), "t2": (None, None), "t1": (0.50, 2)}
    again = save_member_ratings(ws, "mok", "anna", entries, loaded=saved)
    assert (again["s1"].rating, again["s1"].version) == (3, 2)
    assert (again["t2"].weight, again["t2"].rating) == (0.0, None)  # a weighted side: all of it
    assert again["o1"].version == 1  # unchanged rows are not rewritten
    # a side left without weights or ratings loses the member's rows
    external = {fid: (None, None) for fid in ("o1", "o2", "t1", "t2")}
    assert set(save_member_ratings(ws, "mok", "anna", {**entries, **external})) == {
        "s1",
        "s2",
        "s3",
        "w1",
        "w2",
    }
    assert ws.history(object_id=saved["s1"].id)[-1].actor == "trener"


def test_a_side_left_at_zero_is_only_rated(team_ws):
    entries = {fid: (0.0, rating) for fid, (_w, rating) in ANNA.items()}
    entries.update({fid: ANNA[fid] for fid in ("o1", "o2", "t1", "t2")})
    saved = save_member_ratings(team_ws, "mok", "jan", entries)
    assert saved["s1"].weight is None and saved["s1"].rating == 4
    assert saved["o1"].weight == 0.30
    # a weighted side keeps every factor's weight, 0 and unrated included
    entries = {**_entries(ANNA), "s3": (0.0, None), "s1": (0.35, 4)}
    saved = save_member_ratings(team_ws, "mok", "anna", entries)
    assert (saved["s3"].weight, saved["s3"].rating) == (0.0, None)


def test_save_member_ratings_collects_every_problem_and_writes_nothing(team_ws):
    entries = {**_entries(ANNA), "s1": (0.15, 5), "o1": (0.40, 3)}
    with pytest.raises(SwotError) as info:
        save_member_ratings(team_ws, "mok", "anna", entries)
    message = str(info.value)
    assert "Wagi czynników wewnętrznych sumują się do 0,95 — powinny do 1,00" in message
    assert "Wagi czynników zewnętrznych sumują się do 1,10" in message
    assert "Czynnik „Czynnik s1”: Pole „ocena”: oczekiwano liczby całkowitej od 1 do 4" in message
    assert team_ws.count(Rating) == 0
    with pytest.raises(SwotError, match=r"Popraw ocenę uczestnika Anna K."):
        save_member_ratings(team_ws, "mok", "anna", {**_entries(ANNA), "w1": (0.30, 4)})
    with pytest.raises(SwotError, match=r"wagi od 0 do 1"):
        save_member_ratings(team_ws, "mok", "anna", {**_entries(ANNA), "w1": (-0.3, 2)})
    with pytest.raises(swot.NotFoundError, match=r"Nie znaleziono obiektu „czynnik SWOT”"):
        save_member_ratings(team_ws, "mok", "anna", {"nope": (1.0, 3)})
    assert team_ws.count(Rating) == 0


def test_a_stale_form_is_refused_with_both_versions(team_ws):
    ws = team_ws
    loaded = save_member_ratings(ws, "mok", "anna", _entries(ANNA))
    with Workspace.open(ws.path, actor="Anna K. (drugi laptop)") as other:
        row = other.objects(Rating, parent="s1", participant_id="anna")[0]
        other.update(row.replace(rating=3))
    with pytest.raises(swot.ConflictError) as info:
        save_member_ratings(ws, "mok", "anna", {**_entries(ANNA), "s2": (0.15, 3)}, loaded=loaded)
    assert info.value.theirs.rating == 3 and info.value.mine.factor_id == "s1"
    assert member_ratings(ws, "mok", "anna")["s2"].rating == 4  # nothing written
    # a row saved meanwhile from another window is a conflict too, not a duplicate
    fresh = member_ratings(ws, "mok", "jan")
    save_member_ratings(ws, "mok", "jan", _entries(ANNA))
    with pytest.raises(swot.ConflictError):
        save_member_ratings(ws, "mok", "jan", _entries(ANNA), loaded=fresh)
