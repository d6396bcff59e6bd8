"""Needs diagnosis: every number checked against a value computed by hand."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swot
from swot.diagnosis import (
    DEFAULT_CODES,
    OTHER_CODE,
    code_open_answers,
    compare_channels,
    crosstab,
    effective_sample_size,
    frequencies,
    importance_performance,
    likert_summary,
    rake,
    unmet_needs,
    wilson_interval,
    wilson_intervals,
)
from swot.errors import SwotError, ValidationError
from swot.model import Institution
from swot.survey.codebook import Codebook, Variable, option_column

SCALE = ("Bardzo źle", "Źle", "Ani dobrze, ani źle", "Dobrze", "Bardzo dobrze")
IMPORTANCE = (
    "Zupełnie nieważne",
    "Raczej nieważne",
    "Średnio ważne",
    "Raczej ważne",
    "Bardzo ważne",
)
DK = ("Nie wiem / trudno powiedzieć",)
PARTICIPATION = (
    "Tak, regularnie",
    "Tak, okazjonalnie",
    "Nie, ale znam tę instytucję",
    "Nie znam tej instytucji",
)
NEEDS = ("Koncerty", "Kino", "Zajęcia dla seniorów")
BARRIERS = ("Brak czasu", "Ceny", "Dojazd")
ASPECTS = ("prices", "hours", "offer", "building")


@pytest.fixture
def codebook() -> Codebook:
    variables = [
        Variable("age", "Wiek", "demographic", ("<30", "30-59", "60+")),
        Variable("gender", "Płeć", "demographic", ("Kobieta", "Mężczyzna")),
        Variable("district", "Część miasta", "demographic", ("Centrum", "Niebrów", "Starzyce")),
        Variable("participation_mok", "Udział: MOK", "single", PARTICIPATION, subject="mok"),
        *[
            Variable(f"satisfaction_{i}", f"Ocena {i}", "likert", SCALE, DK, "satisfaction", i)
            for i in ("mok", "dok")
        ],
        *[Variable(f"importance_{a}", a, "likert", IMPORTANCE, (), "importance") for a in ASPECTS],
        *[
            Variable(f"rating_mok_{a}", a, "likert", SCALE, DK, "rating_mok", "mok")
            for a in ASPECTS
        ],
        Variable("needs", "Potrzeby", "multiple", NEEDS),
        Variable("barriers", "Bariery", "multiple", BARRIERS),
        Variable("q", "Pytanie", "single", ("A", "B")),
        Variable("visits", "Wizyty", "numeric"),
        Variable("suggestions", "Uwagi", "open"),
    ]
    return Codebook(tuple(variables))


def canonical(codebook: Codebook, records: list[dict[str, object]]) -> pd.DataFrame:
    """A canonical dataset: categoricals in codebook categories, booleans per option."""
    n = len(records)
    data: dict[str, object] = {
        "respondent": [f"r{i}" for i in range(n)],
        "channel": pd.array([r.get("channel", "online") for r in records], dtype="string"),
    }
    for var in codebook:
        if var.type.categorical:
            values = [r.get(var.name) for r in records]
            data[var.name] = pd.Categorical(values, categories=list(var.categories))
        elif var.type.value == "multiple":
            for option in var.options:
                chosen = [r.get(var.name) for r in records]
                data[option_column(var.name, option)] = pd.array(
                    [None if c is None else option in c for c in chosen], dtype="boolean"
                )
        elif var.type.value == "numeric":
            data[var.name] = pd.array([r.get(var.name) for r in records], dtype="Float64")
        else:
            data[var.name] = pd.array([r.get(var.name) for r in records], dtype="string")
    return pd.DataFrame(data)


def tallies_frame(rows: list[tuple[str, str, str, int]], place: str = "Plac") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "channel": "street",
            "place": place,
            "date": "2019-03-16",
            "variable": [r[0] for r in rows],
            "option": [r[1] for r in rows],
            "count": pd.array([r[3] for r in rows], dtype="Int64"),
        }
    )


# =========================================================================== Wilson


def test_wilson_known_values():
    low, high = wilson_interval(50, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    assert wilson_interval(0, 10)[0] == 0.0
    assert round(wilson_interval(0, 10)[1], 4) == 0.2775
    low, high = wilson_interval(10, 10)
    assert (round(low, 4), high) == (0.7225, 1.0)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    low99, high99 = wilson_interval(50, 100, confidence=0.99)
    assert low99 < 0.4038 and high99 > 0.5962


def test_wilson_vectorised_matches_scalar():
    lows, highs = wilson_intervals([0, 3, 50, 10], [10, 7, 100, 10])
    for x, n, low, high in zip([0, 3, 50, 10], [10, 7, 100, 10], lows, highs, strict=True):
        assert (low, high) == pytest.approx(wilson_interval(x, n))


@pytest.mark.parametrize(("x", "n", "confidence"), [(11, 10, 0.95), (-1, 10, 0.95), (1, 2, 1.5)])
def test_wilson_rejects_impossible_input(x, n, confidence):
    with pytest.raises(ValidationError):
        wilson_interval(x, n, confidence)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=100_000),
    fraction=st.floats(min_value=0, max_value=1),
    confidence=st.floats(min_value=0.5, max_value=0.999),
)
def test_wilson_bounds_within_unit_interval_and_contain_share(n, fraction, confidence):
    x = round(fraction * n)
    low, high = wilson_interval(x, n, confidence)
    assert 0.0 <= low <= x / n <= high <= 1.0


@settings(max_examples=200, deadline=None)
@given(
    n=st.floats(min_value=0.5, max_value=5_000),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_wilson_bounds_hold_for_weighted_counts(n, fraction):
    low, high = wilson_interval(fraction * n, n)
    assert 0.0 <= low <= fraction * n / n + 1e-12 and fraction - 1e-12 <= high <= 1.0


def test_effective_sample_size_is_kish():
    assert effective_sample_size([1, 1, 1]) == 3.0
    assert effective_sample_size([2, 2, 1, 1]) == pytest.approx(36 / 10)
    assert effective_sample_size([]) == 0.0


# =========================================================================== frequencies


@pytest.fixture
def satisfaction(codebook):
    answers = ["Bardzo dobrze"] * 3 + ["Dobrze"] * 3 + ["Źle"] + [DK[0]] * 2 + [None]
    return canonical(codebook, [{"satisfaction_mok": a} for a in answers])


def test_frequencies_exclude_dont_know_from_the_base_but_show_it(codebook, satisfaction):
    out = frequencies(satisfaction, codebook, "satisfaction_mok").set_index("option")
    assert list(out.index) == [*SCALE, *DK]
    assert out.loc["Bardzo dobrze", "count"] == 3
    assert out.loc["Bardzo dobrze", "base"] == 7
    assert out.loc["Bardzo dobrze", "share"] == pytest.approx(3 / 7)
    assert (out.loc["Bardzo dobrze", "ci_low"], out.loc["Bardzo dobrze", "ci_high"]) == (
        pytest.approx(wilson_interval(3, 7))
    )
    assert out.loc["Ani dobrze, ani źle", "count"] == 0
    assert out.loc[DK[0], "dont_know"]
    assert (out.loc[DK[0], "count"], out.loc[DK[0], "base"]) == (2, 9)
    assert out.loc[DK[0], "share"] == pytest.approx(2 / 9)
    assert out.loc[list(SCALE), "share"].sum() == pytest.approx(1.0)
    assert not out["includes_tallies"].any()
    assert out.attrs["n_responses"] == 9 and out.attrs["n_tallies"] == 0
    assert "nie wiem" in out.attrs["note"]


def test_frequencies_add_street_tallies_and_say_so(codebook):
    responses = canonical(
        codebook,
        [{"participation_mok": PARTICIPATION[0]}] * 4 + [{"participation_mok": PARTICIPATION[3]}],
    )
    tallies = tallies_frame(
        [
            ("participation_mok", PARTICIPATION[0], "", 6),
            ("participation_mok", PARTICIPATION[1], "", 5),
            ("participation_mok", PARTICIPATION[3], "", 5),
            ("age", "60+", "", 16),
        ]
    )
    out = frequencies(responses, codebook, "participation_mok", tallies=tallies)
    row = out.set_index("option").loc[PARTICIPATION[0]]
    assert (row["count"], row["count_responses"], row["count_tallies"]) == (10, 4, 6)
    assert row["base"] == 21
    assert row["share"] == pytest.approx(10 / 21)
    assert out["includes_tallies"].all()
    assert out.attrs["includes_tallies"] is True
    assert (out.attrs["n_responses"], out.attrs["n_tallies"]) == (5, 16)
    assert "sondę uliczną (16 osób)" in out.attrs["note"]

    without = frequencies(responses, codebook, "participation_mok")
    assert without.set_index("option").loc[PARTICIPATION[0], "share"] == pytest.approx(4 / 5)
    assert without.attrs["includes_tallies"] is False


def test_frequencies_by_channel_give_tallies_their_own_block(codebook):
    responses = canonical(
        codebook,
        [{"channel": "online", "q": "A"}] * 3
        + [{"channel": "paper", "q": "B"}] * 2
        + [{"channel": "paper", "q": "A"}],
    )
    tallies = tallies_frame([("q", "A", "", 1), ("q", "B", "", 3)])
    out = frequencies(responses, codebook, "q", tallies=tallies, by="channel")
    assert list(out["channel"].unique()) == ["online", "paper", "street"]
    shares = out.set_index(["channel", "option"])["share"]
    assert shares[("online", "A")] == 1.0
    assert shares[("paper", "A")] == pytest.approx(1 / 3)
    assert shares[("street", "B")] == pytest.approx(3 / 4)
    assert out.set_index(["channel", "option"])["includes_tallies"].to_dict() == {
        ("online", "A"): False,
        ("online", "B"): False,
        ("paper", "A"): False,
        ("paper", "B"): False,
        ("street", "A"): True,
        ("street", "B"): True,
    }
    with pytest.raises(ValidationError, match="channel"):
        frequencies(responses, codebook, "q", tallies=tallies, by="age")


def test_frequencies_by_demographic_follow_category_order(codebook):
    responses = canonical(
        codebook,
        [{"age": "60+", "q": "A"}, {"age": "<30", "q": "B"}, {"age": None, "q": "A"}],
    )
    out = frequencies(responses, codebook, "q", by="age")
    assert list(out["age"].unique()) == ["<30", "60+"]  # empty "30-59" and NA left out
    assert out["count"].sum() == 2


def test_multiple_choice_base_is_respondents_who_answered(codebook):
    responses = canonical(
        codebook,
        [
            {"needs": ["Koncerty", "Kino"]},
            {"needs": ["Koncerty"]},
            {"needs": ["Zajęcia dla seniorów", "Koncerty"]},
            {"needs": []},  # answered, chose nothing listed
            {"needs": None},  # skipped the question
        ],
    )
    out = frequencies(responses, codebook, "needs").set_index("option")
    assert list(out.index) == list(NEEDS)
    assert (out["base"] == 4).all()
    assert out["count"].tolist() == [3, 1, 1]
    assert out["share"].tolist() == pytest.approx([3 / 4, 1 / 4, 1 / 4])
    assert out["share"].sum() > 1  # options are not exclusive


def test_multiple_choice_tallies_take_people_asked_from_the_same_session(codebook):
    responses = canonical(codebook, [{"needs": ["Kino"]}, {"needs": ["Koncerty"]}])
    tallies = pd.concat(
        [
            tallies_frame(
                [("age", "<30", "", 4), ("age", "60+", "", 6), ("needs", "Kino", "", 5)], "Plac"
            ),
            tallies_frame([("age", "30-59", "", 10), ("needs", "Koncerty", "", 2)], "Targ"),
        ]
    )
    out = frequencies(responses, codebook, "needs", tallies=tallies).set_index("option")
    assert (out["base"] == 2 + 10 + 10).all()
    assert out.loc["Kino", "count"] == 6
    assert out.loc["Kino", "share"] == pytest.approx(6 / 22)
    assert out.attrs["n_tallies"] == 20

    orphan = tallies_frame([("needs", "Kino", "", 5)], "Rynek")
    with pytest.raises(ValidationError, match="needs"):
        frequencies(responses, codebook, "needs", tallies=orphan)


def test_tallies_with_unknown_answers_are_refused(codebook, satisfaction):
    tallies = tallies_frame([("satisfaction_mok", "Super", "", 3)])
    with pytest.raises(ValidationError, match="Super"):
        frequencies(satisfaction, codebook, "satisfaction_mok", tallies=tallies)


def test_weighted_frequencies_use_kish_effective_n(codebook):
    responses = canonical(codebook, [{"q": "A"}, {"q": "A"}, {"q": "B"}, {"q": None}])
    weights = pd.Series([2.0, 2.0, 1.0, 5.0], index=responses.index)
    out = frequencies(responses, codebook, "q", weights=weights).set_index("option")
    assert out.loc["A", "count"] == pytest.approx(4.0)
    assert out.loc["A", "base"] == pytest.approx(5.0)
    assert out.loc["A", "share"] == pytest.approx(0.8)
    n_eff = 25 / 9
    assert out.loc["A", "effective_base"] == pytest.approx(n_eff)
    assert (out.loc["A", "ci_low"], out.loc["A", "ci_high"]) == pytest.approx(
        wilson_interval(0.8 * n_eff, n_eff)
    )
    assert out.attrs["weighted"] is True
    with pytest.raises(ValidationError):
        frequencies(responses, codebook, "q", weights=weights, tallies=tallies_frame([]))
    with pytest.raises(ValidationError):
        frequencies(responses, codebook, "q", weights=-weights)


@pytest.mark.parametrize("name", ["visits", "suggestions", "nope"])
def test_frequencies_refuse_what_cannot_be_counted(codebook, satisfaction, name):
    with pytest.raises(SwotError):
        frequencies(satisfaction, codebook, name)


@settings(max_examples=100, deadline=None)
@given(answers=st.lists(st.sampled_from([*SCALE, *DK, None]), min_size=1, max_size=60))
def test_single_choice_shares_sum_to_one(answers):
    cb = Codebook((Variable("s", "S", "likert", SCALE, DK),))
    df = pd.DataFrame({"s": pd.Categorical(answers, categories=[*SCALE, *DK])})
    out = frequencies(df, cb, "s")
    valid = out[~out["dont_know"]]
    if any(a in SCALE for a in answers):
        assert valid["share"].sum() == pytest.approx(1.0)
        assert ((valid["ci_low"] <= valid["share"]) & (valid["share"] <= valid["ci_high"])).all()
    else:
        assert valid["share"].isna().all()
    assert out["count"].sum() == sum(a is not None for a in answers)


# =========================================================================== cross-tabs


@pytest.fixture
def age_gender(codebook):
    cells = {
        ("<30", "Kobieta"): 10,
        ("<30", "Mężczyzna"): 2,
        ("30-59", "Kobieta"): 8,
        ("30-59", "Mężczyzna"): 7,
        ("60+", "Kobieta"): 12,
        ("60+", "Mężczyzna"): 9,
    }
    records = [
        {"age": age, "gender": gender, "channel": "paper" if age == "60+" else "online"}
        for (age, gender), n in cells.items()
        for _ in range(n)
    ]
    records.append(
        {"age": "60+", "gender": None, "channel": "paper"}
    )  # not counted: no answer to gender
    return canonical(codebook, records)


def test_crosstab_counts_percents_and_suppression(codebook, age_gender):
    table = crosstab(age_gender, codebook, "age", "gender")
    assert table.counts.to_numpy().tolist() == [[10, 2], [8, 7], [12, 9]]
    assert table.row_percent.loc["30-59", "Kobieta"] == pytest.approx(800 / 15)
    assert table.suppressed.to_numpy().tolist() == [[False, True], [False, False], [False, False]]
    # The lone hidden 2 would follow from the row total: its row partner (10) goes too, then
    # each column needs a second hidden cell: the smallest left in it (8 and 7).
    assert table.complementary.to_numpy().tolist() == [
        [True, False],
        [True, True],
        [False, False],
    ]
    published = table.published()
    assert published.isna().to_numpy().tolist() == table.hidden.to_numpy().tolist()
    assert published.loc["60+", "Kobieta"] == 12
    assert str(published.dtypes.iloc[0]) == "Int64"
    percent = table.published("row_percent")
    assert pd.isna(percent.loc["<30", "Kobieta"])
    assert percent.loc["60+", "Mężczyzna"] == pytest.approx(900 / 21)
    assert "Ukryte komórki: 4" in table.note
    assert "1 do 4: 1" in table.note and "sum: 3" in table.note
    assert "Sonda uliczna nie jest uwzględniona" in table.note


def test_crosstab_leaves_zeros_and_large_cells_alone(codebook, age_gender):
    table = crosstab(age_gender, codebook, "age", "channel", min_cell=5)
    assert list(table.counts.columns) == ["online", "paper"]
    assert table.counts.loc["<30", "paper"] == 0
    assert not table.hidden.to_numpy().any()
    assert "Ukryte komórki: 0" in table.note


def test_crosstab_secondary_suppression_uses_zero_cells_when_needed(codebook):
    records = [{"age": "<30", "gender": "Kobieta"}] * 3 + [
        {"age": "60+", "gender": "Mężczyzna"}
    ] * 20
    records += [{"age": "60+", "gender": "Kobieta"}] * 6
    table = crosstab(canonical(codebook, records), codebook, "age", "gender")
    hidden = table.hidden.loc[["<30", "60+"]]
    assert hidden.sum(axis=1).tolist() == [2, 2] and hidden.sum(axis=0).tolist() == [2, 2]


def test_crosstab_refuses_open_and_multiple_questions(codebook, age_gender):
    with pytest.raises(ValidationError):
        crosstab(age_gender, codebook, "age", "needs")
    with pytest.raises(ValidationError):
        crosstab(age_gender, codebook, "age", "gender", min_cell=0)


# =========================================================================== Likert


def test_likert_summary_means_top_box_and_diverging_bar(codebook):
    mok = ["Bardzo dobrze"] * 3 + ["Dobrze"] * 3 + ["Źle", DK[0], DK[0], None]
    dok = ["Ani dobrze, ani źle", "Ani dobrze, ani źle", "Bardzo źle", "Bardzo dobrze"]
    dok += [None] * (len(mok) - len(dok))
    responses = canonical(
        codebook,
        [{"satisfaction_mok": m, "satisfaction_dok": d} for m, d in zip(mok, dok, strict=True)],
    )
    out = likert_summary(responses, codebook, "satisfaction").set_index("variable")
    assert out.attrs["scale"] == SCALE
    m = out.loc["satisfaction_mok"]
    assert (m["n_valid"], m["n_dont_know"]) == (7, 2)
    assert m["dont_know_share"] == pytest.approx(2 / 9)
    assert [m[f"share_{i}"] for i in range(1, 6)] == pytest.approx([0, 1 / 7, 0, 3 / 7, 3 / 7])
    scores = np.array([5, 5, 5, 4, 4, 4, 2])
    assert m["mean"] == pytest.approx(29 / 7)
    half = 1.959964 * scores.std(ddof=1) / math.sqrt(7)
    assert (m["mean_low"], m["mean_high"]) == pytest.approx((29 / 7 - half, 29 / 7 + half))
    assert m["top2_share"] == pytest.approx(6 / 7)
    assert (m["top2_low"], m["top2_high"]) == pytest.approx(wilson_interval(6, 7))
    assert (m["negative"], m["neutral"], m["positive"]) == pytest.approx((1 / 7, 0, 6 / 7))
    assert m["bar_start"] == pytest.approx(-1 / 7)
    assert m["bar_end"] == pytest.approx(6 / 7)

    d = out.loc["satisfaction_dok"]
    assert (d["negative"], d["neutral"], d["positive"]) == pytest.approx((0.25, 0.5, 0.25))
    assert d["bar_start"] == pytest.approx(-(d["negative"] + d["neutral"] / 2)) == -0.5
    assert d["bar_end"] == pytest.approx(d["positive"] + d["neutral"] / 2) == 0.5
    # Segments tile the bar: each starts where the previous ends, the neutral one straddles 0.
    assert d["start_1"] == d["bar_start"]
    assert d["start_3"] == pytest.approx(-0.25)
    assert d["start_5"] + d["share_5"] == pytest.approx(d["bar_end"])
    assert d["mean"] == pytest.approx(3.0)


def test_likert_summary_accepts_a_list_and_refuses_other_types(codebook, satisfaction):
    out = likert_summary(satisfaction, codebook, ["satisfaction_mok"])
    assert out["variable"].tolist() == ["satisfaction_mok"]
    with pytest.raises(ValidationError):
        likert_summary(satisfaction, codebook, ["satisfaction_mok", "q"])
    with pytest.raises(ValidationError):
        likert_summary(satisfaction, codebook, ["satisfaction_mok", "importance_prices"])


# =========================================================================== IPA


def test_importance_performance_quadrants_and_gap_order(codebook):
    importance = {"prices": 5, "hours": 4, "offer": 3, "building": 3}
    performance = {"prices": 2, "hours": 4, "offer": 5, "building": 3}
    record: dict[str, object] = {
        f"importance_{a}": IMPORTANCE[s - 1] for a, s in importance.items()
    }
    record.update({f"rating_mok_{a}": SCALE[s - 1] for a, s in performance.items()})
    dont_know = {**record, "rating_mok_prices": DK[0]}
    responses = canonical(codebook, [record] * 4 + [dont_know])
    out = importance_performance(responses, codebook, "mok")
    # Thresholds are the grand means: importance 15/4 = 3.75, performance 14/4 = 3.5.
    assert out.attrs["importance_threshold"] == pytest.approx(3.75)
    assert out.attrs["performance_threshold"] == pytest.approx(3.5)
    assert out["aspect"].tolist() == ["prices", "building", "hours", "offer"]
    assert out["gap"].tolist() == pytest.approx([3, 0, 0, -2])
    assert dict(zip(out["aspect"], out["quadrant"], strict=True)) == {
        "prices": "concentrate",
        "hours": "keep_up",
        "building": "low_priority",
        "offer": "overkill",
    }
    labels = dict(zip(out["aspect"], out["quadrant_label"], strict=True))
    assert labels["prices"] == "Skup się tutaj" and labels["offer"] == "Możliwy nadmiar"
    prices = out.set_index("aspect").loc["prices"]
    assert (prices["importance_n"], prices["performance_n"]) == (5, 4)
    assert prices["performance_dont_know"] == 1


def test_importance_performance_needs_matching_pairs(codebook, satisfaction):
    with pytest.raises(ValidationError, match="rating_tkacz"):
        importance_performance(satisfaction, codebook, "tkacz")


# =========================================================================== channels


def _two_channels(codebook, a_online: int, a_paper: int, n: int = 100) -> pd.DataFrame:
    records = [{"channel": "online", "q": "A" if i < a_online else "B"} for i in range(n)]
    records += [{"channel": "paper", "q": "A" if i < a_paper else "B"} for i in range(n)]
    return canonical(codebook, records)


def test_compare_channels_ignores_noise(codebook):
    out = compare_channels(_two_channels(codebook, 50, 52), codebook, "q")
    assert not out["different"].any()
    a = out.set_index(["channel", "option"]).loc[("online", "A")]
    assert (a["share"], a["rest_share"]) == pytest.approx((0.50, 0.52))
    assert a["p_value"] == pytest.approx(0.777, abs=0.001)
    assert a["p_adj"] == pytest.approx(1.0)  # Holm over two options: min(1, 2p)


def test_compare_channels_flags_a_real_difference(codebook):
    out = compare_channels(_two_channels(codebook, 20, 60), codebook, "q")
    assert out["different"].all()
    a = out.set_index(["channel", "option"]).loc[("online", "A")]
    assert a["diff"] == pytest.approx(-0.4)
    assert a["z"] == pytest.approx(-5.774, abs=0.001)
    assert (a["ci_low"], a["ci_high"]) == pytest.approx(wilson_interval(20, 100))


def test_compare_channels_adds_street_tallies_and_checks_channels(codebook):
    responses = _two_channels(codebook, 50, 50)
    tallies = tallies_frame([("q", "A", "", 90), ("q", "B", "", 10)])
    out = compare_channels(responses, codebook, "q", tallies=tallies)
    assert list(out["channel"].unique()) == ["online", "paper", "street"]
    street = out.set_index(["channel", "option"]).loc[("street", "A")]
    assert street["share"] == pytest.approx(0.9) and street["different"]
    assert street["rest_share"] == pytest.approx(0.5)
    only_two = compare_channels(
        responses, codebook, "q", tallies=tallies, channels=["online", "paper"]
    )
    assert set(only_two["channel"]) == {"online", "paper"}
    with pytest.raises(ValidationError):
        compare_channels(responses, codebook, "q", channels=["online"])
    with pytest.raises(ValidationError):
        compare_channels(responses, codebook, "q", channels=["online", "fax"])


# =========================================================================== raking


@pytest.fixture
def sample_for_raking(codebook):
    records = (
        [{"gender": "Kobieta", "age": "<30"}] * 30
        + [{"gender": "Kobieta", "age": "60+"}] * 30
        + [{"gender": "Mężczyzna", "age": "<30"}] * 25
        + [{"gender": "Mężczyzna", "age": "60+"}] * 15
        + [{"gender": None, "age": "60+"}] * 2
    )
    return canonical(codebook, records)


MARGINS = {"gender": {"Kobieta": 0.52, "Mężczyzna": 0.48}, "age": {"<30": 0.35, "60+": 0.65}}


def test_rake_reproduces_margins(sample_for_raking):
    result = rake(sample_for_raking, MARGINS, tol=1e-9)
    assert result.converged and 0 < result.iterations <= 100
    assert result.weights.mean() == pytest.approx(1.0)
    assert result.weights.index.equals(sample_for_raking.index)
    raked = sample_for_raking.index[sample_for_raking["gender"].notna()]
    w = result.weights[raked]
    for variable, shares in MARGINS.items():
        column = sample_for_raking.loc[raked, variable].astype(object)
        for category, target in shares.items():
            assert w[column == category].sum() / w.sum() == pytest.approx(target, abs=1e-9)
    assert result.achieved["achieved"].to_numpy() == pytest.approx(
        result.achieved["target"].to_numpy(), abs=1e-9
    )
    assert result.n_unraked == 2
    assert (result.weights[result.unraked] == 1.0).all()
    assert result.effective_n < len(sample_for_raking)
    assert result.design_effect == pytest.approx(len(sample_for_raking) / result.effective_n)
    assert result.design_effect > 1


def test_rake_by_hand():
    df = pd.DataFrame({"gender": ["K", "K", "K", "M"]})
    result = rake(df, {"gender": {"K": 0.5, "M": 0.5}})
    assert result.weights.tolist() == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2.0])
    assert result.effective_n == pytest.approx(3.0)
    assert result.iterations == 1


def test_rake_reports_non_convergence(sample_for_raking):
    result = rake(sample_for_raking, MARGINS, max_iter=1, tol=1e-15)
    assert result.iterations == 1
    assert not result.converged


@pytest.mark.parametrize(
    ("margins", "message"),
    [
        ({"gender": {"Kobieta": 0.5, "Mężczyzna": 0.4}}, "gender.*0.9"),
        ({"gender": {"Kobieta": 1.0}}, "Mężczyzna"),
        ({"gender": {"Kobieta": 1.0, "Mężczyzna": 0.0}}, "Mężczyzna"),
        ({"age": {"<30": 0.3, "30-59": 0.3, "60+": 0.4}}, "30-59"),
        ({"nope": {"a": 1.0}}, "nope"),
        ({}, "margins"),
    ],
)
def test_rake_refuses_bad_margins(sample_for_raking, margins, message):
    with pytest.raises(ValidationError, match=message):
        rake(sample_for_raking, margins)


def test_rake_error_names_the_variable(sample_for_raking):
    swot.set_language("en")
    with pytest.raises(ValidationError) as info:
        rake(sample_for_raking, {"age": {"<30": 0.5, "60+": 0.6}})
    assert "'age'" in str(info.value) and "sum" in str(info.value)


# =========================================================================== open answers


ANSWERS = pd.Series(
    [
        "GODZINY otwarcia są złe",
        "Zajęcia w godzinach wieczornych",
        "wieczorem nic się nie dzieje",
        "Brak ogłoszeń o wydarzeniach",
        "ogloszenia wisza za krotko",
        "Bilety za drogie, a zajęcia wieczorem",
        "Plakaty tylko w centrum",
        "Zajęcia taneczne dla dorosłych",
        "Wszystko OK",
        "Brakuje miejsc parkingowych",
        "",
        None,
        "   ",
    ],
    index=range(100, 113),
)


def test_open_answers_match_without_case_or_diacritics():
    coded = code_open_answers(ANSWERS)
    m = coded.matrix
    assert len(m) == 10  # empty and missing answers are not coded
    assert m.loc[[100, 101, 102, 105], "godziny"].all()
    assert m.loc[[103, 104, 106], "informacja/promocja"].all()
    assert m.loc[105, "ceny"] and m.loc[105].sum() == 2  # several codes on one answer
    assert not m.loc[106, "ceny"]  # "centrum" is not a price
    assert m.loc[107, "taniec"] and not m.loc[107, "ceny"]  # "taneczne" is not "tanie"
    assert m.loc[108, OTHER_CODE] and m.loc[108].sum() == 1
    assert m.loc[109, "dojazd/parking"] and m.loc[109].sum() == 1  # parking, not enrolment
    counts = coded.counts.set_index("code")["count"]
    assert counts["godziny"] == 4 and counts["informacja/promocja"] == 3
    assert counts[OTHER_CODE] == 1
    assert coded.counts["code"].iloc[0] == "godziny" and coded.counts["code"].iloc[-1] == OTHER_CODE
    assert coded.counts.set_index("code").loc["godziny", "share"] == pytest.approx(4 / 10)


def test_open_answer_quotes_are_deterministic_and_specific():
    coded = code_open_answers(ANSWERS)
    quotes = coded.quotes("godziny", n=2)
    assert quotes == coded.quotes("godziny", n=2)
    assert len(quotes) == 2
    assert "Bilety za drogie, a zajęcia wieczorem" not in quotes  # has two codes
    assert coded.quotes("godziny", n=10)[-1] == "Bilety za drogie, a zajęcia wieczorem"
    assert coded.quotes(OTHER_CODE) == ["Wszystko OK"]
    with pytest.raises(ValidationError):
        coded.quotes("nope")


def test_open_answers_with_team_codes():
    coded = code_open_answers(
        pd.Series(["Jeździmy do ŁODZI", "Autobus do Lodzi", "Nic"]), {"Łódź": ("łódź", "lodzi")}
    )
    assert coded.matrix["Łódź"].tolist() == [True, True, False]
    assert coded.matrix[OTHER_CODE].tolist() == [False, False, True]


@pytest.mark.parametrize(
    "codes",
    [{}, {"ceny": ()}, {"ceny": ("",)}, {"ceny": "cen"}, {OTHER_CODE: ("x",)}, {"": ("x",)}],
)
def test_open_answer_codes_are_validated(codes):
    with pytest.raises(ValidationError):
        code_open_answers(ANSWERS, codes)


def test_default_codes_cover_the_main_themes():
    for code in ("godziny", "ceny", "informacja/promocja", "dojazd/parking", "kino"):
        assert DEFAULT_CODES[code]


# =========================================================================== unmet needs


@pytest.fixture
def audiences(codebook):
    rows = [
        (PARTICIPATION[0], "Niebrów", ["Koncerty", "Kino"], ["Brak czasu"]),
        (PARTICIPATION[1], "Starzyce", ["Koncerty"], ["Ceny"]),
        (PARTICIPATION[3], "Centrum", ["Zajęcia dla seniorów", "Koncerty"], ["Ceny"]),
        (PARTICIPATION[2], "Niebrów", ["Zajęcia dla seniorów"], ["Dojazd"]),
        (PARTICIPATION[3], "Starzyce", ["Kino"], []),
        (PARTICIPATION[0], "Centrum", None, ["Ceny"]),
    ]
    return canonical(
        codebook,
        [{"participation_mok": p, "district": d, "needs": n, "barriers": b} for p, d, n, b in rows],
    )


def test_unmet_needs_rank_the_audience_needs_and_barriers(codebook, audiences):
    out = unmet_needs(audiences, codebook, "mok", district="Centrum")
    assert out.attrs["audience_n"] == 4
    needs = out[out["kind"] == "need"]
    assert needs["option"].tolist() == ["Koncerty", "Kino", "Zajęcia dla seniorów"]
    assert needs["rank"].tolist() == [1, 2, 3]
    assert (needs["base"] == 3).all()
    assert needs["share"].tolist() == pytest.approx([1.0, 1 / 3, 1 / 3])
    assert (needs["ci_low"].iloc[0], needs["ci_high"].iloc[0]) == pytest.approx(
        wilson_interval(3, 3)
    )
    barriers = out[out["kind"] == "barrier"]
    assert barriers["option"].tolist()[0] == "Ceny"
    assert barriers["share"].tolist() == pytest.approx([3 / 4, 1 / 4, 0])
    assert "Centrum" in out.attrs["note"] and out.attrs["includes_tallies"] is False


def test_unmet_needs_audience_rule(codebook, audiences):
    participants = unmet_needs(audiences, codebook, "mok")
    assert participants.attrs["audience_n"] == 3
    assert participants[participants["kind"] == "need"]["share"].tolist() == pytest.approx(
        [1.0, 0.5, 0.0]
    )
    institution = Institution(id="mok", name="Miejski Ośrodek Kultury", district="Centrum")
    assert unmet_needs(audiences, codebook, institution).attrs["audience_n"] == 4
    with pytest.raises(ValidationError, match="participation_dok"):
        unmet_needs(audiences, codebook, "dok")


def test_unmet_needs_add_street_tallies_only_where_asked(codebook, audiences):
    tallies = tallies_frame(
        [
            ("age", "60+", "", 10),
            ("needs", "Zajęcia dla seniorów", "", 8),
            ("needs", "Kino", "", 1),
        ]
    )
    out = unmet_needs(audiences, codebook, "mok", district="Centrum", tallies=tallies)
    needs = out[out["kind"] == "need"].set_index("option")
    assert (needs["base"] == 13).all()
    assert needs.loc["Zajęcia dla seniorów", "count"] == 9
    assert needs.loc["Zajęcia dla seniorów", "count_tallies"] == 8
    assert needs.index[0] == "Zajęcia dla seniorów"
    barriers = out[out["kind"] == "barrier"]
    assert (barriers["count_tallies"] == 0).all() and (barriers["base"] == 4).all()
    assert out.attrs["tally_variables"] == ("needs",)
    assert "sondę uliczną (10 osób)" in out.attrs["note"]


# =========================================================================== layering


def test_notes_follow_the_interface_language(codebook, age_gender):
    swot.set_language("en")
    assert "street poll is not included" in crosstab(age_gender, codebook, "age", "gender").note


def test_diagnosis_imports_without_ui_libraries():
    code = textwrap.dedent(
        """
        import sys
        for name in ("ipywidgets", "plotly"):
            sys.modules[name] = None
        import swot.diagnosis
        assert not any(m.startswith(("ipywidgets", "plotly")) for m in sys.modules
                       if sys.modules[m] is not None)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_answer_codes_from_categories_match_codes_from_text():
    from swot.diagnosis import _codes

    answers = pd.Series(pd.Categorical(["b", "a", None, "b"], categories=["a", "b", "unused"]))
    labels = ["b", "c", "a"]
    assert _codes(answers, labels, "q").tolist() == [0, 2, -1, 0]
    assert _codes(answers.astype(object), labels, "q").tolist() == [0, 2, -1, 0]
    with pytest.raises(ValidationError, match="zz"):
        _codes(pd.Series(pd.Categorical(["zz"], categories=["a", "zz"])), labels, "q")
