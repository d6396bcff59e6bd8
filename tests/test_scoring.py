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
