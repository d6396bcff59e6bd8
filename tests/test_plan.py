"""Plan rules: Polish target wording, years, cells with several indicators, checks, monitoring."""

from __future__ import annotations

import dataclasses
import doctest

import pytest

import swot
from swot import (
    Factor,
    Goal,
    Indicator,
    Institution,
    Measurement,
    Strategy,
    Task,
    ValidationError,
    Workspace,
    plan,
)
from swot.plan import (
    Bound,
    Period,
    Severity,
    Status,
    TargetKind,
    check_plan,
    fold,
    indicator_status,
    monitoring_table,
    parse_target,
    parse_years,
    split_indicators,
)

H = (2019, 2021)
K = TargetKind

# text, expected (kind, value, bound, period, start, end); horizon 2019-2021 unless the row is
# the issue's task of 2020-2021. Phrasings are as plan tables write them (most from real plans).
PHRASINGS = [
    # from the issue, verbatim
    ("min. 10", K.ONE_OFF, 10, "min", None, 2019, 2021),
    ("rocznie (min. 10)", K.PER_PERIOD, 10, "min", "year", 2019, 2021),
    ("1 w 2019 r.", K.IN_YEAR, 1, "exact", None, 2019, 2019),
    ("(1 w 2019 r.)", K.IN_YEAR, 1, "exact", None, 2019, 2019),
    ("1 do 2021 r.", K.BY_YEAR, 1, "exact", None, 2019, 2021),
    (
        "min. 2 począwszy od drugiego roku trwania projektu",
        K.FROM_YEAR,
        2,
        "min",
        "year",
        2020,
        2021,
    ),
    ("min. 1 na kwartał", K.PER_PERIOD, 1, "min", "quarter", 2019, 2021),
    ("(1)", K.ONE_OFF, 1, "exact", None, 2019, 2021),
    ("1", K.ONE_OFF, 1, "exact", None, 2019, 2021),
    # per year
    ("min. 10 rocznie", K.PER_PERIOD, 10, "min", "year", 2019, 2021),
    ("co najmniej 5 w roku", K.PER_PERIOD, 5, "min", "year", 2019, 2021),
    ("1 rocznie", K.PER_PERIOD, 1, "exact", "year", 2019, 2021),
    ("Dwa razy w roku", K.PER_PERIOD, 2, "exact", "year", 2019, 2021),
    ("raz w roku", K.PER_PERIOD, 1, "exact", "year", 2019, 2021),
    ("jedna edycja corocznie", K.PER_PERIOD, 1, "exact", "year", 2019, 2021),
    ("nie mniej niż 200 uczestników rocznie", K.PER_PERIOD, 200, "min", "year", 2019, 2021),
    ("min. 1 500 osób rocznie", K.PER_PERIOD, 1500, "min", "year", 2019, 2021),
    ("min. 2 w każdym roku trwania projektu", K.PER_PERIOD, 2, "min", "year", 2019, 2021),
    ("nie więcej niż 3 rocznie", K.PER_PERIOD, 3, "max", "year", 2019, 2021),
    ("MIN. 4 ROCZNIE", K.PER_PERIOD, 4, "min", "year", 2019, 2021),
    ("min 4 rocznie", K.PER_PERIOD, 4, "min", "year", 2019, 2021),
    ("min. 2 rocznie w latach 2019–2021", K.PER_PERIOD, 2, "min", "year", 2019, 2021),
    ("min. 2 rocznie w latach 2020-2021", K.PER_PERIOD, 2, "min", "year", 2020, 2021),
    ("10-15 rocznie", K.PER_PERIOD, 10, "range", "year", 2019, 2021),
    ("od 10 do 15 rocznie", K.PER_PERIOD, 10, "range", "year", 2019, 2021),
    # per quarter, month, week, half-year
    ("1 na kwartał", K.PER_PERIOD, 1, "exact", "quarter", 2019, 2021),
    ("przynajmniej trzy na kwartał", K.PER_PERIOD, 3, "min", "quarter", 2019, 2021),
    ("kwartalnie min. 1", K.PER_PERIOD, 1, "min", "quarter", 2019, 2021),
    ("min. 1 w miesiącu", K.PER_PERIOD, 1, "min", "month", 2019, 2021),
    ("min. 1 na kwartał w 2020 r.", K.PER_PERIOD, 1, "min", "quarter", 2020, 2020),
    ("min. 3 tygodniowo", K.PER_PERIOD, 3, "min", "week", 2019, 2021),
    ("min. 2 na półrocze", K.PER_PERIOD, 2, "min", "half", 2019, 2021),
    # exact year, by a year
    ("min. 1 w 2020 r.", K.IN_YEAR, 1, "min", None, 2020, 2020),
    ("1 w roku 2020", K.IN_YEAR, 1, "exact", None, 2020, 2020),
    ("1 - 2019 r.", K.IN_YEAR, 1, "exact", None, 2019, 2019),
    ("1 w drugim roku realizacji projektu", K.IN_YEAR, 1, "exact", None, 2020, 2020),
    ("1 do końca 2020 roku", K.BY_YEAR, 1, "exact", None, 2019, 2020),
    ("min. 100 do 2021 r.", K.BY_YEAR, 100, "min", None, 2019, 2021),
    ("min. 50 do końca projektu", K.BY_YEAR, 50, "min", None, 2019, 2021),
    ("1 najpóźniej w 2020 r.", K.BY_YEAR, 1, "exact", None, 2019, 2020),
    ("min. 10 w latach 2019-2021", K.BY_YEAR, 10, "min", None, 2019, 2021),
    ("łącznie 30 w latach 2019–2021", K.BY_YEAR, 30, "exact", None, 2019, 2021),
    # from the n-th year
    ("min. 2 od II roku", K.FROM_YEAR, 2, "min", "year", 2020, 2021),
    ("min. 3 od 3. roku realizacji", K.FROM_YEAR, 3, "min", "year", 2021, 2021),
    ("od 2020 r. min. 4 rocznie", K.FROM_YEAR, 4, "min", "year", 2020, 2021),
    ("co najmniej dwa począwszy od trzeciego roku", K.FROM_YEAR, 2, "min", "year", 2021, 2021),
    # percentages and changes
    ("min. 80%", K.LEVEL, 80, "min", None, 2019, 2021),
    ("min. 50 %", K.LEVEL, 50, "min", None, 2019, 2021),
    ("100%", K.LEVEL, 100, "exact", None, 2019, 2021),
    ("10,5%", K.LEVEL, 10.5, "exact", None, 2019, 2021),
    ("min. 40 proc.", K.LEVEL, 40, "min", None, 2019, 2021),
    ("min. 50% do 2021 r.", K.LEVEL, 50, "min", None, 2021, 2021),
    ("wzrost o 10%", K.CHANGE, 10, "exact", None, 2019, 2021),
    ("wzrost o 30% do 2021 r.", K.CHANGE, 30, "exact", None, 2019, 2021),
    ("wzrost liczby o 200", K.CHANGE, 200, "exact", None, 2019, 2021),
    ("spadek o 5 p.p.", K.CHANGE, -5, "exact", None, 2019, 2021),
    # others
    ("max. 5", K.ONE_OFF, 5, "max", None, 2019, 2021),
    ("ok. 50 osób", K.ONE_OFF, 50, "exact", None, 2019, 2021),
    ("jednorazowo 1", K.ONE_OFF, 1, "exact", None, 2019, 2021),
]


@pytest.mark.parametrize(
    ("text", "kind", "value", "bound", "period", "start", "end"),
    PHRASINGS,
    ids=[row[0] for row in PHRASINGS],
)
def test_phrasings_are_parsed(text, kind, value, bound, period, start, end):
    target = parse_target(text, horizon=H)
    assert (target.kind, target.value, target.bound, target.period) == (
        kind,
        value,
        Bound(bound),
        Period(period) if period else None,
    ), target.note
    assert (target.start, target.end) == (start, end)
    assert target.text == text
    assert target.checkable
    assert not target.flagged, target.note


def test_the_table_is_big_and_covers_every_kind():
    assert len(PHRASINGS) >= 40
    assert {row[1] for row in PHRASINGS} == set(TargetKind) - {TargetKind.UNPARSED}


UNPARSED = [
    "co 2 lata",
    "raz na dwa lata",
    "min. 10 rocznie, łącznie 30",
    "zgodnie z harmonogramem",
    "nie dotyczy",
    "-",
    "",
    "   ",
    "min. 20 dziennie",
    "1 w latach 2021-2019",
    "1 w latach 2021–2019",
    "min. 1 na kwartał, min. 2 rocznie",
    "w zależności od potrzeb",
    "min. 2 lub 3",
    "1 w 2019 r. i 1 w 2020 r.",
    "wzrost",
    "średnio 5 rocznie",
    "min. 5 max. 10",
    "2 na semestr",
]


@pytest.mark.parametrize("text", UNPARSED)
def test_what_is_not_understood_is_kept_verbatim_and_flagged(text):
    target = parse_target(text, horizon=H)
    assert target.kind is TargetKind.UNPARSED
    assert target.text == text
    assert target.flagged and not target.checkable
    assert target.note
    assert target.expected(2020) is None


def test_reversed_years_in_a_target_say_so():
    target = parse_target("1 w latach 2021–2019")
    assert target.note == "Lata podano w odwrotnej kolejności (2021-2019)."


def test_unknown_words_are_named_with_their_diacritics():
    assert "„średnio”" in parse_target("średnio 5 rocznie").note


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("2 w 2023 r.", "Rok 2023 wykracza poza okres realizacji 2019-2021."),
        ("min. 2 od szóstego roku", "Rok 2024 wykracza poza okres realizacji 2019-2021."),
        ("do końca 2020", "Nie podano liczby; przyjęto 1 (wykonanie do 2020 r.) — potwierdź."),
        ("do 31.12.2020", "Nie podano liczby; przyjęto 1 (wykonanie do 2020 r.) — potwierdź."),
    ],
)
def test_doubtful_targets_are_parsed_but_flagged(text, note):
    target = parse_target(text, horizon=H)
    assert target.kind is not TargetKind.UNPARSED
    assert target.note == note
    assert target.flagged


def test_without_a_horizon_the_nth_year_cannot_be_placed():
    target = parse_target("min. 2 od drugiego roku trwania projektu")
    assert target.kind is TargetKind.FROM_YEAR and target.from_plan_year == 2
    assert target.start is None and not target.checkable
    assert "wymaga lat realizacji" in target.note


def test_the_indicator_name_gives_the_period():
    name = "Liczba udzielonych dotacji rocznie"
    assert parse_target("min. 10", context=name).period is Period.YEAR
    assert parse_target("min. 10", context="Liczba dotacji").kind is TargetKind.ONE_OFF
    # a year of its own wins over the name
    assert parse_target("1 w 2019 r.", context=name).kind is TargetKind.IN_YEAR


def test_diacritics_and_case_do_not_matter():
    plain = parse_target("min. 2 poczawszy od DRUGIEGO roku trwania projektu", horizon=H)
    assert (plain.kind, plain.start) == (TargetKind.FROM_YEAR, 2020)
    assert fold("Łączność – ŻÓŁW") == "lacznosc - zolw"
    assert len(fold("Zażółć gęślą jaźń")) == len("Zażółć gęślą jaźń")


def test_target_is_immutable():
    target = parse_target("1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        target.value = 2  # type: ignore[misc]


# --- expected values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min. 10 rocznie", [10, 10, 10]),
        ("min. 1 na kwartał", [4, 4, 4]),
        ("min. 1 w miesiącu", [12, 12, 12]),
        ("1 w 2019 r.", [1, None, None]),
        ("1 do 2020 r.", [None, 1, None]),
        ("(1)", [None, None, 1]),
        ("min. 2 począwszy od drugiego roku trwania projektu", [None, 2, 2]),
        ("min. 80%", [80, 80, 80]),
        ("co 2 lata", [None, None, None]),
    ],
)
def test_expected_values_per_year(text, expected):
    target = parse_target(text, horizon=H)
    assert [target.expected(year) for year in (2019, 2020, 2021)] == expected
    assert target.expected(2018) is None and target.expected(2022) is None


def test_changes_need_the_baseline():
    up = parse_target("wzrost o 30% do 2021 r.", horizon=H)
    assert up.expected(2021) is None
    assert up.expected(2021, baseline=1000) == 1300
    assert up.meets(1300, 2021, baseline=1000) and not up.meets(1299, 2021, baseline=1000)
    down = parse_target("spadek o 5 p.p.", horizon=H)
    assert down.expected(2021, baseline=40) == 35
    assert down.meets(30, 2021, baseline=40) and not down.meets(36, 2021, baseline=40)


def test_bounds_when_checking():
    assert parse_target("max. 5 rocznie", horizon=H).meets(6, 2020) is False
    assert parse_target("max. 5 rocznie", horizon=H).meets(5, 2020) is True
    assert parse_target("1 rocznie", horizon=H).meets(2, 2020) is True  # a count is a floor
    assert parse_target("10-15 rocznie", horizon=H).meets(15, 2020) is True
    assert parse_target("1 w 2019 r.", horizon=H).meets(5, 2020) is None


# --- years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2019-2021", (2019, 2021)),
        ("2019–2021", (2019, 2021)),
        ("2019—2021", (2019, 2021)),
        ("2019 - 2021", (2019, 2021)),
        ("2019", (2019, 2019)),
        ("2020-2021", (2020, 2021)),
        (" 2020 r. ", (2020, 2020)),
        ("2019-2021 r.", (2019, 2021)),
        ("w latach 2019–2021", (2019, 2021)),
        ("od 2019 do 2021", (2019, 2021)),
        ("2019/2020", (2019, 2020)),
    ],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


def test_reversed_years_are_refused_with_a_hint():
    with pytest.raises(ValidationError) as info:
        parse_years("2021-2019")
    assert str(info.value) == (
        "Pole „perspektywa czasowa”: oczekiwano roku początkowego nie późniejszego niż "
        "końcowy, otrzymano '2021-2019'. Zamień lata miejscami (np. 2019-2021)."
    )


@pytest.mark.parametrize("text", ["", "2019-", "19-21", "2019-2021-2022", "dwa lata", "1890", None])
def test_bad_years_are_refused(text):
    with pytest.raises(ValidationError, match=r"Wpisz np\. 2019 albo 2019-2021"):
        parse_years(text)


def test_years_error_in_english():
    swot.set_language("en")
    with pytest.raises(ValidationError, match=r"Enter e\.g\. 2019 or 2019-2021"):
        parse_years("wkrótce")


@pytest.mark.parametrize("horizon", [(2021, 2019), (2019,), ("2019", "2021"), (1800, 2021)])
def test_bad_horizons_are_refused(horizon):
    with pytest.raises(ValidationError):
        parse_target("1", horizon=horizon)


# --- cells with several indicators ----------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "pieces"),
    [
        (
            "Liczba udzielonych dotacji rocznie (min. 10). Liczba opracowanych założeń "
            "(1 w 2019 r.).",
            [
                ("Liczba udzielonych dotacji rocznie", "min. 10"),
                ("Liczba opracowanych założeń", "1 w 2019 r."),
            ],
        ),
        (
            "Liczba wymienionych systemów nagłośnienia (1 do 2020 r.).\n"
            "Udział dofinansowania zewnętrznego w kosztach zadania (min. 50%).",
            [
                ("Liczba wymienionych systemów nagłośnienia", "1 do 2020 r."),
                ("Udział dofinansowania zewnętrznego w kosztach zadania", "min. 50%"),
            ],
        ),
        (
            "• Liczba spotkań: min. 1 na kwartał\n• Liczba uczestników – min. 100 rocznie",
            [("Liczba spotkań", "min. 1 na kwartał"), ("Liczba uczestników", "min. 100 rocznie")],
        ),
        (
            "Liczba warsztatów min. 10 rocznie; liczba uczestników co najmniej 150 rocznie",
            [
                ("Liczba warsztatów", "min. 10 rocznie"),
                ("liczba uczestników", "co najmniej 150 rocznie"),
            ],
        ),
        (
            "Liczba koncertów rocznie (min. 6), liczba uczestników koncertów rocznie (min. 600)",
            [
                ("Liczba koncertów rocznie", "min. 6"),
                ("liczba uczestników koncertów rocznie", "min. 600"),
            ],
        ),
        (
            "Odsetek uczestników w wieku 15–29 lat (min. 40%).",
            [("Odsetek uczestników w wieku 15–29 lat", "min. 40%")],
        ),
        (
            "1) Liczba wydarzeń (min. 5 rocznie)\r\n2) Liczba partnerów (min. 3)",
            [("Liczba wydarzeń", "min. 5 rocznie"), ("Liczba partnerów", "min. 3")],
        ),
        (
            "- Liczba wniosków (1 w 2020 r.). - Liczba umów (1 w 2021 r.)",
            [("Liczba wniosków", "1 w 2020 r."), ("Liczba umów", "1 w 2021 r.")],
        ),
        ("Program im. Jana Pawła II (1 w 2020 r.)", [("Program im. Jana Pawła II", "1 w 2020 r.")]),
        ("Liczba uczestników.\nmin. 100 rocznie", [("Liczba uczestników", "min. 100 rocznie")]),
        ("Liczba osób (dorosłych) (min. 100)", [("Liczba osób (dorosłych)", "min. 100")]),
        ("Liczba publikacji 12", [("Liczba publikacji", "12")]),
        ("Liczba programów (1)", [("Liczba programów", "1")]),
        (
            "Liczba wydarzeń: zgodnie z harmonogramem",
            [("Liczba wydarzeń", "zgodnie z harmonogramem")],
        ),
        ("Liczba zorganizowanych wystaw", [("Liczba zorganizowanych wystaw", "")]),
        ("min. 1 na kwartał", [("", "min. 1 na kwartał")]),
        ("", []),
        (" \n ; ", []),
    ],
)
def test_split_indicators(cell, pieces):
    assert [(i.name, i.target_text) for i in split_indicators(cell)] == pieces


def test_split_keeps_everything_and_flags_what_lacks_a_part():
    found = split_indicators("Liczba zorganizowanych wystaw\nLiczba koncertów (min. 6)")
    assert [i.flagged for i in found] == [True, False]
    assert found[0].text == "Liczba zorganizowanych wystaw"
    assert found[1].target(horizon=H).kind is TargetKind.ONE_OFF
    yearly = split_indicators("Liczba koncertów rocznie (min. 6)")[0].target(horizon=H)
    assert (yearly.kind, yearly.period) == (TargetKind.PER_PERIOD, Period.YEAR)


def test_sample_plan_indicators_are_all_checkable(demo_ws):
    """Every indicator of the demo plan (as notebooks 04-05 use it) has a checkable target."""
    indicators = demo_ws.objects(Indicator)
    assert indicators
    targets = [parse_target(i.target_text, horizon=H, context=i.name) for i in indicators]
    assert [(i.name, t.note) for i, t in zip(indicators, targets, strict=True) if t.flagged] == []


# --- plan checks ----------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "plan.swot", actor="trener") as workspace:
        workspace.add_many(
            [
                Institution(id="mok", name="Miejski Ośrodek Kultury"),
                Factor(id="w1", institution_id="mok", quadrant="W", text="Sala", importance=5),
                Factor(id="w2", institution_id="mok", quadrant="W", text="Promocja", importance=4),
                Factor(id="t1", institution_id="mok", quadrant="T", text="Koszty", importance=4),
                Factor(id="t2", institution_id="mok", quadrant="T", text="Pogoda", importance=3),
                Factor(id="o1", institution_id="mok", quadrant="O", text="Fundusze", importance=5),
                Strategy(
                    id="wo1",
                    institution_id="mok",
                    kind="WO",
                    text="Remont",
                    factor_ids=("w1", "o1"),
                ),
                Strategy(
                    id="wt1",
                    institution_id="mok",
                    kind="WT",
                    text="Oszczędności",
                    factor_ids=["t1"],
                ),
                Goal(id="g1", institution_id="mok", number=1, title="Sala"),
                Goal(id="g2", institution_id="mok", number=2, title="Promocja"),
                Task(
                    id="k1",
                    goal_id="g1",
                    number=1,
                    title="Remont sali",
                    responsible="MOK",
                    start_year=2019,
                    end_year=2020,
                    strategy_ids=("wo1",),
                ),
                Indicator(id="i1", task_id="k1", name="Liczba sal", target_text="1 do 2020 r."),
            ]
        )
        yield workspace


def test_a_good_plan_has_only_the_unaddressed_factors_left(ws):
    ws.delete(ws.get(Goal, "g2"))
    issues = check_plan(ws, "mok", H)
    assert [(i.rule, i.object_id) for i in issues] == [
        ("factor.no_strategy", "w2"),
        ("factor.no_task", "t1"),
    ]
    assert issues[1].message == (
        "Zagrożenia: „Koszty” (ważność 4) — strategia „Oszczędności” go podejmuje, ale żadne "
        "zadanie jej nie realizuje."
    )
    assert all(i.severity is Severity.WARNING for i in issues)


def test_every_rule_reports_goal_and_task_numbers(ws):
    ws.add_many(
        [
            Task(id="k2", goal_id="g1", number=2, title="Bez niczego"),
            Task(
                id="k3",
                goal_id="g1",
                number=3,
                title="Za późno",
                responsible="MOK",
                start_year=2021,
                end_year=2023,
            ),
            Indicator(id="i3", task_id="k3", name="Liczba wydarzeń", target_text="co 2 lata"),
        ]
    )
    issues = [i for i in check_plan(ws, "mok", H) if not i.rule.startswith("factor.")]
    assert [(i.rule, i.goal_number, i.task_number) for i in issues] == [
        ("task.no_responsible", 1, "1.2"),
        ("task.no_years", 1, "1.2"),
        ("task.no_indicators", 1, "1.2"),
        ("task.outside_horizon", 1, "1.3"),
        ("task.no_checkable_indicator", 1, "1.3"),
        ("indicator.unparsed", 1, "1.3"),
        ("goal.no_tasks", 2, None),
    ]
    assert [i.severity for i in issues].count(Severity.WARNING) == 1
    messages = [i.message for i in issues]
    assert messages[0] == "Zadanie 1.2 nie ma podmiotu odpowiedzialnego."
    assert messages[3] == "Zadanie 1.3: lata 2021-2023 wykraczają poza okres planu 2019-2021."
    assert messages[6] == "Cel 2 („Promocja”) nie ma żadnego zadania."
    assert messages[5].startswith(
        "Zadanie 1.3, wskaźnik „Liczba wydarzeń”: wartość docelowa „co 2 lata” wymaga sprawdzenia."
    )
    assert all(i.hint for i in issues)


def test_goal_strategies_count_for_their_tasks(ws):
    ws.update(ws.get(Goal, "g1").replace(strategy_ids=("wt1",)))
    assert "factor.no_task" not in {i.rule for i in check_plan(ws, "mok", H)}


def test_doubtful_target_is_a_warning(ws):
    ws.update(ws.get(Indicator, "i1").replace(target_text="1 w 2023 r."))
    issues = check_plan(ws, "mok", None)
    doubtful = [i for i in issues if i.rule == "indicator.doubtful"]
    assert [i.message for i in doubtful] == [
        "Zadanie 1.1, wskaźnik „Liczba sal”: Rok 2023 wykracza poza okres realizacji 2019-2020."
    ]


def test_joint_plan_is_checked_without_factors(ws):
    ws.add(Goal(id="gj", institution_id=None, number=1, title="Wspólna promocja"))
    issues = check_plan(ws, None, H)
    assert [(i.rule, i.object_id) for i in issues] == [("goal.no_tasks", "gj")]


def test_plan_check_messages_in_english(ws):
    swot.set_language("en")
    issues = check_plan(ws, "mok", H)
    assert [i.message for i in issues if i.rule == "goal.no_tasks"] == [
        "Goal 2 ('Promocja') has no tasks."
    ]


# --- monitoring -----------------------------------------------------------------------------


def _measure(indicator, **values):
    return [
        Measurement(indicator_id=indicator.id, period=p.replace("_", "-").lstrip("y"), value=v)
        for p, v in values.items()
    ]


def _status(target_text, measurements, today, *, name="Liczba", baseline=None, horizon=H):
    indicator = Indicator(id="ind", task_id="k", name=name, target_text=target_text)
    indicator = indicator.replace(baseline=baseline)
    return indicator_status(
        indicator, _measure(indicator, **measurements), horizon=horizon, today_year=today
    )


@pytest.mark.parametrize(
    ("target", "measurements", "today", "status"),
    [
        ("min. 10 rocznie", {}, 2019, Status.NOT_STARTED),
        ("min. 10 rocznie", {}, 2020, Status.AT_RISK),  # 2019 closed with nothing measured
        ("min. 10 rocznie", {"y2019": 12}, 2020, Status.ON_TRACK),
        ("min. 10 rocznie", {"y2019": 8}, 2020, Status.AT_RISK),
        ("min. 10 rocznie", {"y2019": 12, "y2020": 10, "y2021": 11}, 2022, Status.ACHIEVED),
        ("min. 10 rocznie", {"y2019": 12, "y2020": 10, "y2021": 11}, 2021, Status.ACHIEVED),
        ("min. 10 rocznie", {"y2019": 12, "y2020": 10, "y2021": 9}, 2022, Status.AT_RISK),
        # quarters add up to the year; a yearly total wins over its quarters
        ("min. 1 na kwartał", {"y2019_Q1": 1, "y2019_Q2": 1, "y2019_Q3": 1}, 2020, Status.AT_RISK),
        ("min. 1 na kwartał", {"y2019_Q1": 2, "y2019_Q2": 2}, 2020, Status.ON_TRACK),
        ("min. 1 na kwartał", {"y2019_Q1": 1, "y2019": 4}, 2020, Status.ON_TRACK),
        ("1 w 2019 r.", {"y2019": 1}, 2019, Status.ACHIEVED),
        ("1 w 2019 r.", {}, 2020, Status.AT_RISK),
        ("1 w 2019 r.", {"y2020": 1}, 2021, Status.AT_RISK),
        ("1 do 2021 r.", {"y2019": 0}, 2020, Status.ON_TRACK),
        ("1 do 2021 r.", {"y2020_06": 1}, 2020, Status.ACHIEVED),  # reached early
        ("1 do 2021 r.", {}, 2021, Status.NOT_STARTED),
        ("1 do 2021 r.", {}, 2022, Status.AT_RISK),
        ("min. 100 do 2021 r.", {"y2019": 40, "y2020": 40, "y2021": 30}, 2022, Status.ACHIEVED),
        ("min. 100 do 2021 r.", {"y2019": 40, "y2020": 40, "y2021": 10}, 2022, Status.AT_RISK),
        ("min. 2 od drugiego roku trwania projektu", {}, 2020, Status.NOT_STARTED),
        ("min. 2 od drugiego roku trwania projektu", {"y2019": 1}, 2020, Status.ON_TRACK),
        ("min. 2 od drugiego roku trwania projektu", {"y2020": 1}, 2021, Status.AT_RISK),
        ("max. 5 rocznie", {"y2019": 4, "y2020": 5, "y2021": 1}, 2021, Status.ON_TRACK),
        ("max. 5 rocznie", {"y2019": 4, "y2020": 5, "y2021": 1}, 2022, Status.ACHIEVED),
        ("min. 80%", {"y2019": 85}, 2020, Status.ON_TRACK),
        ("min. 80%", {"y2019": 85, "y2020_Q2": 70}, 2020, Status.AT_RISK),
        ("min. 80%", {"y2019": 70, "y2021": 81}, 2022, Status.ACHIEVED),
        ("min. 50% do 2021 r.", {"y2019": 20}, 2020, Status.ON_TRACK),
        ("co 2 lata", {"y2019": 1}, 2020, Status.NOT_CHECKABLE),
        ("1 w 2025 r.", {"y2019": 1}, 2020, Status.NOT_CHECKABLE),
    ],
)
def test_indicator_status(target, measurements, today, status):
    assert _status(target, measurements, today).status is status


def test_changes_are_checked_against_the_baseline():
    text = "wzrost o 30% do 2021 r."
    assert _status(text, {"y2020": 1100}, 2020).status is Status.NOT_CHECKABLE
    assert _status(text, {"y2020": 1100}, 2020, baseline=1000).status is Status.ON_TRACK
    assert _status(text, {"y2021": 1350}, 2022, baseline=1000).status is Status.ACHIEVED
    late = _status(text, {"y2021": 1200}, 2022, baseline=1000)
    assert late.status is Status.AT_RISK
    assert late.reason == "W 2021 r. oczekiwano 1300, osiągnięto 1200."


def test_status_explains_itself_year_by_year():
    checked = _status("min. 10 rocznie", {"y2019": 12, "y2020_Q1": 3, "y2020_Q3": 4}, 2021)
    assert checked.status is Status.AT_RISK
    assert checked.reason == "W 2020 r. oczekiwano 10, osiągnięto 7."
    assert [(y.year, y.expected, y.actual, y.met) for y in checked.years] == [
        (2019, 10, 12, True),
        (2020, 10, 7, False),
        (2021, 10, None, None),
    ]
    assert checked.status.label == "zagrożony"
    assert Status.ON_TRACK.label == "zgodnie z planem"


def test_status_uses_the_name_and_ignores_other_indicators():
    indicator = Indicator(id="a", task_id="k", name="Liczba dotacji rocznie", target_text="min. 2")
    other = Measurement(indicator_id="b", period="2019", value=100)
    mine = Measurement(indicator_id="a", period="2019", value=1)
    checked = indicator_status(indicator, [other, mine], horizon=H, today_year=2020)
    assert checked.target.period is Period.YEAR
    assert checked.status is Status.AT_RISK


def test_monitoring_table(ws):
    ws.add_many(
        [
            Measurement(indicator_id="i1", period="2020", value=1),
            Indicator(id="i2", task_id="k1", name="Liczba wydarzeń rocznie", target_text="min. 2"),
            Measurement(indicator_id="i2", period="2019-Q2", value=1),
        ]
    )
    rows = monitoring_table(ws, "mok", horizon=H, today_year=2021)
    assert [(r.task_number, r.indicator_name, r.status) for r in rows] == [
        ("1.1", "Liczba sal", Status.ACHIEVED),
        ("1.1", "Liczba wydarzeń rocznie", Status.AT_RISK),
    ]
    # years always span the plan horizon, even for a task of 2019-2020
    assert [(y.year, y.expected, y.actual) for y in rows[1].years] == [
        (2019, 2, 1),
        (2020, 2, None),
        (2021, None, None),
    ]
    assert rows[0].responsible == "MOK" and rows[0].status_label == "osiągnięty"
    assert monitoring_table(ws, None, horizon=H) == []


def test_core_module_docstrings_run():
    result = doctest.testmod(plan, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


# --- the plan's horizon, set once ------------------------------------------------------------


def test_plan_horizon_is_set_once_and_used_by_checks_and_monitoring(ws):
    assert plan.plan_horizon(ws) is None
    assert plan.set_plan_horizon(ws, 2020, 2021, actor="Anna K.") == (2020, 2021)
    assert plan.plan_horizon(ws) == (2020, 2021)
    assert ws.setting(plan.HORIZON_SETTING) == [2020, 2021]
    change = ws.history(kind="setting")[-1]
    assert change.actor == "Anna K." and change.id == plan.HORIZON_SETTING
    # the task of 2019-2020 now lies outside the stored horizon; an explicit one still wins
    assert "task.outside_horizon" in [i.rule for i in check_plan(ws, "mok")]
    assert "task.outside_horizon" not in [i.rule for i in check_plan(ws, "mok", H)]
    rows = monitoring_table(ws, "mok", today_year=2021)
    assert [y.year for y in rows[0].years] == [2020, 2021]
    assert [y.year for y in monitoring_table(ws, "mok", horizon=H)[0].years] == [2019, 2020, 2021]


def test_without_a_horizon_checks_skip_it_and_monitoring_asks_for_one(ws):
    assert "task.outside_horizon" not in [i.rule for i in check_plan(ws, "mok")]
    with pytest.raises(ValidationError, match="okres planu"):
        monitoring_table(ws, "mok")


@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        (2021, 2019, "Zamień lata miejscami"),
        (1800, 2020, "Wpisz np. 2019 albo 2019-2021"),
        ("2019", 2021, "Wpisz np. 2019"),
        (2019.0, 2021, "Wpisz np. 2019"),
        (True, 2021, "Wpisz np. 2019"),
    ],
)
def test_bad_plan_horizons_are_refused_and_nothing_is_stored(ws, start, end, fragment):
    with pytest.raises(ValidationError, match=fragment) as info:
        plan.set_plan_horizon(ws, start, end)
    assert "okres planu" in str(info.value)
    assert plan.plan_horizon(ws) is None


def test_a_hand_edited_horizon_setting_is_refused(ws):
    ws.set_setting(plan.HORIZON_SETTING, [2021, "x"])
    with pytest.raises(ValidationError, match="okres planu"):
        plan.plan_horizon(ws)


def test_known_entities_are_every_name_used_once_sorted(ws):
    ws.add(
        Task(
            goal_id="g2",
            number=1,
            title="Promocja",
            responsible="Urząd Miasta",
            cooperating=("MOK", "Ośrodek Kultury „Tkacz”", "Biblioteka"),
        )
    )
    assert plan.known_entities(ws) == [
        "Biblioteka",
        "MOK",
        "Ośrodek Kultury „Tkacz”",
        "Urząd Miasta",
    ]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("min. 10 rocznie", "co najmniej 10 rocznie w latach 2019-2021"),
        ("min. 1 na kwartał w 2020 r.", "co najmniej 1 na kwartał w 2020 r."),
        ("10-15 rocznie", "10–15 rocznie w latach 2019-2021"),
        ("1 w 2019 r.", "1 w 2019 r."),
        ("1 do 2021 r.", "1 łącznie do 2021 r."),
        ("(1)", "1 łącznie do 2021 r."),
        ("min. 2 począwszy od drugiego roku trwania projektu", "co najmniej 2 rocznie od 2020 r."),
        ("min. 80%", "poziom co najmniej 80%"),
        ("max. 5 osób w 2020 r.", "najwyżej 5 osób w 2020 r."),
        ("wzrost o 10% do 2021 r.", "wzrost o 10% do 2021 r."),
        ("spadek o 5 p.p.", "spadek o 5 p.p. do 2021 r."),
        ("co 2 lata", ""),
        ("", ""),
    ],
)
def test_describe_target(text, reading):
    assert plan.describe_target(parse_target(text, horizon=H)) == reading


def test_describe_target_without_a_horizon_and_in_english():
    assert plan.describe_target(parse_target("min. 2 od drugiego roku")) == (
        "co najmniej 2 rocznie od 2. roku zadania"
    )
    assert plan.describe_target(parse_target("min. 10")) == "co najmniej 10 łącznie w okresie planu"
    swot.set_language("en")
    assert plan.describe_target(parse_target("1 do 2021 r.")) == "1 in total by 2021"


# --- timeline and responsibility matrix ------------------------------------------------------


def test_timeline_bars_goal_by_goal_and_undated_tasks_named(ws):
    ws.add_many(
        [
            Task(
                id="k2",
                goal_id="g2",
                number=2,
                title="Ulotki",
                responsible="MOK",
                start_year=2021,
                end_year=2021,
            ),
            Task(id="k3", goal_id="g2", number=1, title="Bez lat"),
        ]
    )
    result = plan.timeline(ws, "mok")
    assert [(b.task_number, b.start, b.end, b.goal_number) for b in result.bars] == [
        ("1.1", 2019, 2020, 1),
        ("2.2", 2021, 2021, 2),
    ]
    assert result.undated == ("2.1",)
    assert result.horizon == (2019, 2021)  # the tasks' span when no horizon is set
    plan.set_plan_horizon(ws, 2018, 2022)
    assert plan.timeline(ws, "mok").horizon == (2018, 2022)
    assert plan.timeline(ws, "mok", horizon=H).horizon == H
    assert plan.timeline(ws, None) == plan.Timeline((), (), (2018, 2022))


def test_responsibility_matrix_counts_roles(ws):
    ws.add_many(
        [
            Task(
                id="k2",
                goal_id="g2",
                number=1,
                title="Ulotki",
                responsible="Urząd  Miasta",
                cooperating=("MOK", "Biblioteka"),
            ),
            Task(
                id="k3",
                goal_id="g2",
                number=2,
                title="Plakaty",
                responsible="MOK",
                cooperating=("Biblioteka", "MOK"),
            ),
        ]
    )
    m = plan.responsibilities(ws, "mok")
    assert m.tasks == (("1.1", "Remont sali"), ("2.1", "Ulotki"), ("2.2", "Plakaty"))
    assert m.entities == ("MOK", "Urząd Miasta", "Biblioteka")
    assert m.role("MOK", "1.1") == "responsible" and m.role("MOK", "2.1") == "cooperating"
    assert m.role("MOK", "2.2") == "responsible"  # leading a task wins over also cooperating
    assert m.role("Biblioteka", "1.1") == ""
    assert (m.count("MOK", "responsible"), m.count("Biblioteka", "cooperating")) == (2, 2)
