"""Charts show the analysis values and never turn user text into markup."""

from __future__ import annotations

import pandas as pd
import pytest

from swot import charts, diagnosis
from swot.survey import Codebook, Variable

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def hostile():
    codebook = Codebook(
        (
            Variable("q", "Pytanie " + XSS, "single", (XSS, "Zwykła")),
            Variable(
                "s_a", "Ocena: A", "likert", ("1", "2", "3", "4", "5"), ("nie wiem",), group="s"
            ),
        )
    )
    responses = pd.DataFrame(
        {
            "channel": ["online"] * 6,
            "q": pd.Categorical([XSS, XSS, "Zwykła", XSS, None, "Zwykła"], [XSS, "Zwykła"]),
            "s_a": pd.Categorical(
                ["1", "5", "5", "4", "nie wiem", "3"],
                ["1", "2", "3", "4", "5", "nie wiem"],
                ordered=True,
            ),
        }
    )
    return codebook, responses


def _all_text(fig) -> str:
    return fig.to_json()


def test_frequency_bars_show_values_and_escape_labels(hostile):
    codebook, responses = hostile
    freq = diagnosis.frequencies(responses, codebook, "q")
    fig = charts.frequency_bars(freq, "Tytuł " + XSS)
    bar = fig.data[0]
    assert list(bar.x) == pytest.approx([0.6, 0.4])
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text


def test_likert_bars_diverge_around_zero(hostile):
    codebook, responses = hostile
    summary = diagnosis.likert_summary(responses, codebook, "s")
    fig = charts.likert_bars(summary, "Skala")
    bases = [trace.base[0] for trace in fig.data if trace.type == "bar"]
    shares = [trace.x[0] for trace in fig.data if trace.type == "bar"]
    assert bases[0] == pytest.approx(float(summary["bar_start"].iloc[0]))
    assert bases[-1] + shares[-1] == pytest.approx(float(summary["bar_end"].iloc[0]))
    assert sum(shares) == pytest.approx(1.0)
    assert "nie wiem" in _all_text(fig)


def test_safe_escapes_and_keeps_plain_text():
    assert charts.safe("Ani dobrze, ani źle") == "Ani dobrze, ani źle"
    assert charts.safe("<b>") == "&lt;b&gt;"
    assert charts.safe(None) == ""


# --- strategic position, SWOT matrix, image export -------------------------------------------

import math  # noqa: E402
import re  # noqa: E402
import struct  # noqa: E402

from swot.errors import PathError, SwotError  # noqa: E402
from swot.matrix import layout_matrix  # noqa: E402
from swot.model import Factor, Quadrant, Rating  # noqa: E402
from swot.scoring import Position, compute_ife_efe, compute_sensitivity  # noqa: E402


@pytest.fixture
def scored():
    """Two members whose own ratings land in different quadrants (team: SO)."""
    factors = [
        Factor(id=i, institution_id="mok", quadrant=q, text=i)
        for i, q in (("s", "S"), ("w", "W"), ("o", "O"), ("t", "T"))
    ]
    ratings = []
    for member, own in (("p1", (4, 2, 3, 3)), ("p2", (3, 1, 3, 1)), ("p3", (4, 2, 3, 3))):
        for factor, weight, rating in zip(factors, (0.5, 0.5, 0.5, 0.5), own, strict=True):
            ratings.append(
                Rating(factor_id=factor.id, participant_id=member, weight=weight, rating=rating)
            )
    names = {"p1": "Anna " + XSS, "p2": "Piotr", "p3": "Ewa"}
    return compute_ife_efe(factors, ratings, names=names), compute_sensitivity(
        factors, ratings, names=names
    )


def test_strategic_position_places_team_and_members(scored):
    result, sens = scored
    assert result.position.quadrant.value == "SO"
    fig = charts.strategic_position(result, sens)
    team = fig.data[-1]
    assert team.x == (pytest.approx(result.ife),) and team.y == (pytest.approx(result.efe),)
    by_name = {trace.name: trace for trace in fig.data}
    agree = by_name["członek zespołu (własne oceny): ta sama ćwiartka"]
    differ = by_name["członek zespołu (własne oceny): inna ćwiartka"]
    # Anna and Ewa rated alike: one marker, both names, bigger
    assert len(agree.x) == 1 and agree.marker.size == (12,)
    assert (differ.x[0], differ.y[0]) == pytest.approx((2.0, 2.0))  # Piotr: WT
    assert "Ewa" in agree.hovertext[0] and "ćwiartka WT" in differ.hovertext[0]
    assert "<script>" not in fig.to_json() and "&lt;script&gt;" in agree.hovertext[0]
    labels = " ".join(a.text for a in fig.layout.annotations)
    for kind in ("SO", "ST", "WO", "WT"):
        assert kind + " — strategia" in labels
    assert "IFE 2,67 · EFE 2,67" in labels  # Polish decimal comma
    assert fig.layout.xaxis.range == (0.95, 4.05) and fig.layout.yaxis.range == (0.95, 4.05)
    shaded = [s for s in fig.layout.shapes if s.type == "rect" and s.fillcolor == "#e8eef7"]
    assert [(s.x0, s.y0) for s in shaded] == [(2.5, 2.5)]  # the team's quadrant, SO


def test_strategic_position_without_sensitivity_accepts_a_position():
    fig = charts.strategic_position(Position(1.8, 3.1), title="Pozycja <b>MOK</b>")
    assert [trace.name for trace in fig.data] == ["Zespół"]
    assert fig.layout.showlegend is False
    assert fig.layout.title.text == "Pozycja &lt;b&gt;MOK&lt;/b&gt;"


def _factor(quadrant, text, importance=3, position=0, **kw):
    return Factor(
        institution_id="mok",
        quadrant=quadrant,
        text=text,
        importance=importance,
        position=position,
        **kw,
    )


def _named(fig, prefix):
    return [a for a in fig.layout.annotations if (a.name or "").startswith(prefix)]


def test_swot_matrix_is_a4_landscape_with_polish_headings_and_ordered_factors():
    factors = [
        _factor("S", "Kadra", 3, 0, category="kadra"),
        _factor("S", "Sala na 400 miejsc", 5, 1),
        _factor("W", "Brak windy", 4),
        _factor("O", "Granty", 2),
    ]
    fig = charts.swot_matrix(factors, title="SWOT — MOK", note="Tomaszów 2019")
    assert (fig.layout.width, fig.layout.height) == (1123, 794)
    assert fig.layout.width / fig.layout.height == pytest.approx(math.sqrt(2), rel=0.01)
    headings = [a.text for a in _named(fig, "heading-")]
    assert [re.sub(r"<[^>]+>", "", h) for h in headings] == [
        "Mocne strony (2)",
        "Słabe strony (1)",
        "Szanse (1)",
        "Zagrożenia",
    ]
    strengths = _named(fig, "factor-S")
    assert [a.text for a in strengths] == ["Sala na 400 miejsc", "Kadra"]  # importance first
    assert [a.text for a in _named(fig, "importance-S")] == ["<b>5</b>", "<b>3</b>"]
    assert strengths[0].y > strengths[1].y
    assert "Kategoria: kadra · ważność: 3/5" in strengths[1].hovertext
    assert "bez kategorii" in strengths[0].hovertext
    assert any(a.text == "(brak czynników)" for a in fig.layout.annotations)
    assert any(a.text == "Tomaszów 2019" for a in fig.layout.annotations)


def test_swot_matrix_escapes_user_text_everywhere():
    factors = [
        _factor("S", XSS, 5, category="<b>kat</b>"),
        _factor("T", "<b>gruby</b> & $x$ %{x}", 2),
    ]
    fig = charts.swot_matrix(factors, title="<i>" + XSS, note="<script>n</script>")
    text = fig.to_json()
    assert "<script>" not in text and "<img" not in text and "<b>gruby" not in text
    assert "<b>kat" not in text
    threat = _named(fig, "factor-T")[0]
    assert threat.text == "&lt;b&gt;gruby&lt;/b&gt; &amp; &#36;x&#36; &#37;{x}"
    assert "&lt;b&gt;kat&lt;/b&gt;" in _named(fig, "factor-S")[0].hovertext


def test_swot_matrix_wraps_long_texts_and_keeps_the_full_text_in_the_hover():
    long_text = ("Niewystarczające finansowanie remontu sali widowiskowej " * 30)[:1000]
    fig = charts.swot_matrix([_factor("W", long_text, 5)])
    item = _named(fig, "factor-W")[0]
    lines = item.text.split("<br>")
    assert 1 < len(lines) <= 4 and lines[-1].endswith("…")
    assert max(len(line) for line in lines) <= 70
    hover = item.hovertext.replace("<br>", " ")
    assert " ".join(long_text.split()) in hover


def test_swot_matrix_shrinks_a_crowded_quadrant_then_says_how_many_more():
    many = [
        _factor("O", f"Szansa numer {k} opisana w jednym dłuższym zdaniu", 2, k) for k in range(80)
    ]
    fig = charts.swot_matrix([*many, _factor("S", "Kadra", 4)])
    shown = _named(fig, "factor-O")
    more = _named(fig, "more-O")
    assert len(more) == 1
    assert more[0].text == f"<i>+ {80 - len(shown)} więcej</i>"
    hidden = more[0].hovertext.split("<br>")
    assert hidden[0] == f"2 · Szansa numer {len(shown)} opisana w jednym dłuższym zdaniu"
    assert len(hidden) == 21 and hidden[-1] == "…"  # the first 20 hidden, then an ellipsis
    assert shown[0].font.size == 8 and _named(fig, "factor-S")[0].font.size == 14
    lowest = min(a.y for a in (*shown, *more))
    plot_height = 794 - 64 - 44
    assert lowest - 1.3 * 8 / plot_height > 0  # the last line ends inside the O cell


def test_swot_matrix_in_english():
    import swot

    swot.set_language("en")
    fig = charts.swot_matrix([_factor("S", "Staff", 4)])
    assert "Strengths" in _named(fig, "heading-S")[0].text
    assert "Category: none · importance: 4/5" in _named(fig, "factor-S")[0].hovertext


def test_safe_neutralises_latex_and_templates():
    assert charts.safe("Koszt $5 i $6") == "Koszt &#36;5 i &#36;6"
    assert charts.safe("%{x} 50%") == "&#37;{x} 50%"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_save_figure_writes_real_png_and_svg(tmp_path, demo_ws):
    """Drawn by the kept Chromium (started once for both pictures)."""
    factors = [*demo_ws.factors("mok"), _factor("W", "<b>literal</b> " + XSS, 5)]
    fig = charts.swot_matrix(factors, title="Analiza SWOT — MOK")
    png = charts.save_figure(fig, tmp_path / "swot.png")
    width, height = _png_size(png.read_bytes())
    assert (width, height) == (2 * 1123, 2 * 794)
    assert width / height == pytest.approx(math.sqrt(2), rel=0.01)
    assert png.stat().st_size > 50_000
    svg = charts.save_figure(fig, tmp_path / "swot-wykres", format="svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and 'width="1123"' in text
    assert "Mocne strony" in text and "Wyeksploatowane" in text
    assert "<script" not in text and "<img" not in text
    assert "&#60;b&#62;literal&#60;/b&#62; &#60;script&#62;alert(1)" in text
    assert not list(tmp_path.glob(".*part"))


def test_save_figure_refuses_bad_paths_and_formats(tmp_path):
    fig = charts.strategic_position(Position(3, 3))
    with pytest.raises(SwotError, match="Dozwolone formaty: png, svg, pdf"):
        charts.save_figure(fig, tmp_path / "wykres.gif")
    with pytest.raises(PathError, match="folder"):
        charts.save_figure(fig, tmp_path)
    with pytest.raises(PathError, match="nie istnieje"):
        charts.save_figure(fig, tmp_path / "brak" / "wykres.png")
    with pytest.raises(PathError, match="NUL"):
        charts.save_figure(fig, "wykres\x00.png")


def test_save_figure_explains_a_missing_browser(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(SwotError, match="przeglądarka Chromium"):
        charts.save_figure(charts.strategic_position(Position(3, 3)), tmp_path / "w.png")
    assert not (tmp_path / "w.png").exists()


def test_save_figure_explains_missing_kaleido(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "kaleido" else real(name, *a)
    )
    with pytest.raises(SwotError, match="pip install kaleido"):
        charts.save_figure(charts.strategic_position(Position(3, 3)), tmp_path / "w.svg")


def test_matrix_figure_uses_the_core_layout():
    factors = [_factor("T", f"Zagrożenie {k}", 1 + k % 5, k) for k in range(6)]
    core = layout_matrix(factors)
    fig = charts.swot_matrix(factors)
    expected = ["<br>".join(item.lines) for item in core.cells[Quadrant.T].items]
    assert [a.text for a in _named(fig, "factor-T")] == expected


# --- development plan ------------------------------------------------------------------------


def test_plan_timeline_spans_whole_years_and_escapes(tmp_path):
    from swot.plan import Timeline, TimelineBar

    bars = (
        TimelineBar(1, "Sala " + XSS, "1.1", "Remont " + XSS, XSS, 2019, 2020),
        TimelineBar(1, "Sala " + XSS, "1.2", "Winda", "MOK", 2021, 2021),
        TimelineBar(2, "Oferta", "2.1", "Koncerty", "MOK", 2019, 2021),
    )
    fig = charts.plan_timeline(Timeline(bars, ("2.2",), (2019, 2021)), "Plan " + XSS)
    assert [len(trace.y) for trace in fig.data] == [2, 1]  # one trace per goal
    assert list(fig.data[0].base) == [2018.5, 2020.5] and list(fig.data[0].x) == [2, 1]
    assert list(fig.data[1].base) == [2018.5] and list(fig.data[1].x) == [3]
    assert list(fig.layout.xaxis.range) == [2018.5, 2021.5]
    assert fig.data[1].y[0] == "2.1. Koncerty"
    assert "2.2" in fig.layout.annotations[0].text
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_responsibility_matrix_marks_each_role():
    from swot.plan import ResponsibilityMatrix

    matrix = ResponsibilityMatrix(
        ("MOK", XSS),
        (("1.1", "Remont"), ("1.2", "Winda " + XSS)),
        {("MOK", "1.1"): "responsible", (XSS, "1.1"): "cooperating", (XSS, "1.2"): "responsible"},
    )
    fig = charts.responsibility_matrix(matrix)
    responsible, cooperating = fig.data
    assert list(responsible.x) == ["1.1", "1.2"] and responsible.y[0] == "MOK"
    assert list(cooperating.x) == ["1.1"] and cooperating.marker.symbol == "square-open"
    assert list(fig.layout.xaxis.categoryarray) == ["1.1", "1.2"]
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_monitoring_chart_expected_against_reached():
    from swot.plan import MonitoringRow, Status, YearValue, parse_target

    row = MonitoringRow(
        goal_number=1,
        task_number="1.1",
        task_title="Koncerty",
        responsible="MOK",
        indicator_id="i1",
        indicator_name="Liczba koncertów " + XSS,
        unit="szt.",
        baseline=None,
        target_text="min. 6 rocznie",
        target=parse_target("min. 6 rocznie"),
        status=Status.AT_RISK,
        reason="",
        years=(
            YearValue(2019, 6, 7.5, True),
            YearValue(2020, 6, 4, False),
            YearValue(2021, 6, None, None),
        ),
    )
    fig = charts.monitoring_chart(row)
    actual, expected = fig.data
    assert list(actual.x) == ["2019", "2020", "2021"]
    assert list(actual.y) == [7.5, 4, None] and list(expected.y) == [6, 6, 6]
    assert list(actual.text) == ["7,5", "4", ""]
    assert actual.marker.color[1] == charts.NEGATIVE[0]
    assert "zagrożony" in fig.layout.annotations[0].text
    text = _all_text(fig)
    assert "<script>" not in text and "&lt;script&gt;" in text


# --- institutions compared ---------------------------------------------------------------------

from swot import compare  # noqa: E402
from swot.demo import play_sample_workshop  # noqa: E402
from swot.model import Institution  # noqa: E402
from swot.store import Workspace  # noqa: E402
from swot.survey.storage import load_survey  # noqa: E402


@pytest.fixture
def centres(tmp_path):
    """Two small centres, one named with markup, with factors of known importance."""
    with Workspace.create(tmp_path / "c.swot", actor="test") as ws:
        ws.add(Institution(id="a", name="Ośrodek A", short_name="A"))
        ws.add(Institution(id="x", name="Ośrodek " + XSS, short_name="X" + XSS))
        rows = [
            ("a", "S", "Dobra kadra", "kadra", 5),
            ("a", "S", "Sala", "infrastruktura", 2),
            ("a", "W", "Stary dach", "infrastruktura", 4),
            ("a", "O", "Granty", "finanse", 3),
            ("x", "W", "Brak kadry " + XSS, "kadra", 3),
            ("x", "T", "Cięcia dotacji", "finanse", 5),
        ]
        ws.add_many(
            [
                Factor(institution_id=i, quadrant=q, text=text, category=cat, importance=imp)
                for i, q, text, cat, imp in rows
            ]
        )
        yield ws


def test_side_by_side_table_one_column_per_institution_rows_per_quadrant(centres):
    fig = charts.side_by_side_table(compare.side_by_side(centres))
    table = fig.data[0]
    assert table.type == "table"
    assert len(table.header.values) == 3  # quadrant + two institutions
    assert table.header.values[1] == "<b>A</b>"
    quadrant, a, x = table.cells.values
    # strengths (2 rows: a has two), weaknesses (1), opportunities (1), threats (1)
    assert len(quadrant) == 5
    assert quadrant[0] == "<b>Mocne strony</b>" and quadrant[1] == ""
    assert a[0] == "<b>5</b> · Dobra kadra" and a[1] == "<b>2</b> · Sala"
    assert a[2] == "<b>4</b> · Stary dach"
    assert x[0] == "<i>(brak czynników)</i>" and x[1] == ""
    assert x[2].startswith("<b>3</b> · Brak kadry<br>&lt;script&gt;")
    assert x[4] == "<b>5</b> · Cięcia dotacji"
    assert table.cells.fill.color[0][0] == charts.QUADRANT_COLOURS[Quadrant.S][0]
    assert "ważność co najmniej 1" in fig.layout.annotations[0].text
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text


def test_side_by_side_table_filters_and_grows_for_thirty_institutions(tmp_path):
    with Workspace.create(tmp_path / "many.swot", actor="test") as ws:
        ws.add_many([Institution(id=f"i{n}", name=f"Ośrodek {n}") for n in range(30)])
        ws.add_many(
            [
                Factor(
                    institution_id=f"i{n}", quadrant="W", text=f"Słabość {n}", importance=n % 5 + 1
                )
                for n in range(30)
            ]
        )
        fig = charts.side_by_side_table(
            compare.side_by_side(ws, categories=["kadra", ""], min_importance=4)
        )
    table = fig.data[0]
    assert len(table.header.values) == 31
    assert fig.layout.width >= 30 * 190
    shown = [v for column in table.cells.values[1:] for v in column if "Słabość" in v]
    assert len(shown) == 12  # importance 4 or 5: n % 5 in (3, 4)
    assert "kategorie: kadra" in fig.layout.annotations[0].text


def test_category_heatmap_values_diverge_and_hover_shows_both_parts(centres):
    balance = compare.category_balance(centres)
    fig = charts.category_heatmap(balance)
    heat = fig.data[0]
    assert list(heat.y) == list(balance.index)
    assert [list(row) for row in heat.z] == balance.to_numpy(dtype=float).tolist()
    kadra = list(balance.index).index("kadra")
    assert list(heat.z[kadra]) == [5.0, -3.0]
    assert heat.zmid == 0 and heat.zmin == -heat.zmax
    infra = list(balance.index).index("infrastruktura")
    assert "Mocne strony: 2" in heat.hovertext[infra][0]
    assert "Słabe strony: 4" in heat.hovertext[infra][0]
    assert "bilans: -2" in heat.hovertext[infra][0]
    assert "mocne minus słabe" in fig.layout.title.text
    assert "suma ważności" in fig.layout.annotations[0].text
    text = _all_text(fig)
    assert "<script>" not in text and "X&lt;script&gt;" in text

    external = charts.category_heatmap(compare.category_balance(centres, side="external"))
    finanse = list(external.data[0].y).index("finanse")
    assert list(external.data[0].z[finanse]) == [3.0, -5.0]
    assert "Zagrożenia: 5" in external.data[0].hovertext[finanse][1]


def test_positions_chart_places_rated_and_explains_skipped(demo_ws):
    assert play_sample_workshop(demo_ws, "mok").played
    result = compare.positions(demo_ws)
    fig = charts.positions_chart(result)
    points = [trace for trace in fig.data if trace.type == "scatter"]
    assert len(points) == 1
    place = result.placed[0].position
    assert (points[0].x[0], points[0].y[0]) == (place.ife, place.efe)
    assert points[0].text[0] == "<b>MOK</b>"
    skipped = next(a for a in fig.layout.annotations if a.name == "skipped")
    assert "OK „Tkacz”" in skipped.text and "DOK" in skipped.text
    assert "brak wag i ocen" in skipped.text

    empty = charts.positions_chart(compare.Positions((), ()))
    assert (
        "Żadna instytucja" in next(a for a in empty.layout.annotations if a.name == "skipped").text
    )


def test_consultation_comparison_bars_intervals_and_only_significant_marks(demo_ws):
    data = load_survey(demo_ws)
    result = compare.consultation_by_institution(
        data.responses, data.codebook, demo_ws.institutions()
    )
    fig = charts.consultation_comparison(result)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    marks = [trace for trace in fig.data if trace.type == "scatter"]
    assert len(bars) == 3 and len(marks) == 3
    shares = result.shares
    for bar, measure in zip(bars, ("awareness", "participation", "satisfaction"), strict=True):
        part = shares[shares["measure"] == measure]
        assert list(bar.x) == pytest.approx(part["share"].tolist())
        assert list(bar.error_x.array) == pytest.approx((part["ci_high"] - part["share"]).tolist())
        assert list(bar.y) == ["MOK", "OK „Tkacz”", "DOK"]
    # awareness: MOK differs from both, the other two do not differ from each other
    assert marks[0].text[0] == "★ istotnie różni się od: OK „Tkacz”, DOK"
    assert marks[0].text[1] == "★ istotnie różni się od: MOK"
    # satisfaction: no difference is larger than the sampling error
    assert list(marks[2].text) == ["", "", ""]


def test_consultation_comparison_without_questions():
    empty = compare.ConsultationComparison(
        pd.DataFrame(columns=["measure", "institution_id", "institution"]),
        pd.DataFrame(columns=["measure", "significant"]),
        0.05,
        "",
    )
    fig = charts.consultation_comparison(empty)
    assert "Brak pytań" in fig.layout.annotations[0].text


def test_unmet_needs_comparison_map(demo_ws):
    data = load_survey(demo_ws)
    needs = compare.unmet_needs_by_institution(
        data.responses, data.codebook, demo_ws.institutions(), top=3
    )
    labels = {"mok": "MOK", "tkacz": "<b>Tkacz</b>", "dok": "DOK"}
    fig = charts.unmet_needs_comparison(needs, labels=labels)
    heat = fig.data[0]
    assert list(heat.x) == ["MOK", "&lt;b&gt;Tkacz&lt;/b&gt;", "DOK"]
    top_mok = needs[(needs["institution_id"] == "mok") & (needs["kind"] == "need")]
    for row in top_mok.itertuples():
        i = list(heat.y).index(row.option)
        assert heat.z[i][0] == pytest.approx(row.share)
        assert f"miejsce {row.rank}" in heat.hovertext[i][0]
    assert sum(v is not None for row in heat.z for v in row) == 9  # 3 institutions × top 3
    barriers = charts.unmet_needs_comparison(needs, kind="barrier")
    assert "utrudnia" in barriers.layout.title.text
    assert set(barriers.data[0].y) == set(needs.loc[needs["kind"] == "barrier", "option"])


# --- offer map and coverage (swot.offers) --------------------------------------------------------

from swot import offers as offer_core  # noqa: E402
from swot.model import Offer  # noqa: E402


@pytest.fixture
def offered(tmp_path):
    """Two centres (one named with markup) with offers whose names carry markup."""
    with Workspace.create(tmp_path / "o.swot", actor="test") as ws:
        ws.add(Institution(id="a", name="Ośrodek A", short_name="A", district="Centrum"))
        ws.add(Institution(id="x", name="Ośrodek " + XSS, short_name="X" + XSS, district="Centrum"))
        items = [
            ("a", "Chór " + XSS, "muzyka", ("children", "youth", "seniors"), ("sat",)),
            ("a", "Kino", "film", ("adults",), ()),
            ("x", "Zespół $5 %{x}", "muzyka", ("children",), ("sat",)),
            ("x", "Otwarte koncerty", "muzyka", (), ()),
        ]
        for inst, name, kind, audiences, days in items:
            offer_core.save_offer(
                ws,
                Offer(
                    institution_id=inst,
                    name=name,
                    activity_type=kind,
                    audiences=audiences,
                    days=days,
                ),
            )
        yield ws


def test_offer_map_heatmap_counts_each_item_once_and_escapes(offered):
    table = offer_core.offer_map(offered)
    fig = charts.offer_map_heatmap(table)
    heat = fig.data[0]
    assert list(heat.y) == [
        "A",
        "X&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;",
    ]
    kinds = list(heat.x)
    assert kinds == list(offer_core.activity_types(offered))
    music, film = kinds.index("muzyka"), kinds.index("film")
    # the choir is for three audiences but is one offer item
    assert heat.z[0][music] == 1 and heat.z[0][film] == 1
    assert heat.z[1][music] == 2 and heat.z[1][film] == 0
    assert heat.text[1][film] == ""  # zeros stay blank
    assert sum(v for row in heat.z for v in row) == table.attrs["total"] == 4
    hover = heat.hovertext[0][music]
    assert "dzieci: 1" in hover and "młodzież: 1" in hover and "seniorzy: 1" in hover
    assert "wszyscy (bez określenia): 1" in heat.hovertext[1][music]
    assert "Kto co oferuje i komu" in fig.layout.title.text
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_offer_map_heatmap_for_one_audience(offered):
    fig = charts.offer_map_heatmap(offer_core.offer_map(offered), audience="children")
    heat = fig.data[0]
    music = list(heat.x).index("muzyka")
    assert [row[music] for row in heat.z] == [1, 1]
    assert fig.layout.title.text == "Kto co oferuje: dzieci"
    seniors = charts.offer_map_heatmap(offer_core.offer_map(offered), audience="seniors")
    assert [row[music] for row in seniors.data[0].z] == [1, 0]


def test_offer_map_heatmap_without_item_counts_sums_audiences(offered):
    table = offer_core.offer_map(offered)
    table.attrs.pop("items")  # e.g. a table rebuilt from a spreadsheet
    heat = charts.offer_map_heatmap(table).data[0]
    assert heat.z[0][list(heat.x).index("muzyka")] == 3


def test_coverage_table_lists_gaps_competition_and_unplanned_needs(offered):
    needs = pd.DataFrame(
        {
            "need": ["Spotkania autorskie " + XSS, "Zajęcia muzyczne dla dzieci", "Kino"],
            "share": [0.25, 0.2, float("nan")],
        }
    )
    result = offer_core.coverage(offered, needs)
    fig = charts.coverage_table(result)
    table = fig.data[0]
    kinds, whats, details = table.cells.values
    n_gaps, n_overlaps = len(result.gaps), len(result.overlaps)
    assert len(kinds) == n_gaps + n_overlaps + len(result.unaddressed)
    assert kinds[0] == "luka" and whats[0].startswith("Spotkania autorskie")
    assert whats[0].endswith("(25%)")
    assert "literatura" in details[0]
    assert list(kinds[n_gaps : n_gaps + n_overlaps]) == ["konkurencja"] * n_overlaps
    # both centres offer music to children on Saturday, in the same district
    overlap = [w for w in whats if w.startswith("muzyka · dzieci")]
    assert {w.split(" · ")[2] for w in overlap} == {"sobota", "Centrum"}
    competing = details[list(whats).index(overlap[0])].replace("<br>", " ")
    assert "Chór &lt;script&gt;" in competing and "Zespół &#36;5 &#37;{x}" in competing
    assert kinds[-1] == "poza planami"
    assert whats[-1] == "Kino"  # no share: no brackets
    assert table.header.values[:3] == ("Rodzaj", "Co", "Szczegóły")
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
    assert "$5" not in text and "%{x}" not in text


def test_coverage_table_wraps_long_text_and_grows_with_it(offered):
    result = offer_core.coverage(offered, ["Spotkania autorskie"])
    short = charts.coverage_table(result)
    long_label = "Spotkania autorskie z lokalnymi pisarzami i poetami " * 3
    longer = charts.coverage_table(offer_core.coverage(offered, [long_label]))
    assert "<br>" in longer.data[0].cells.values[1][0]
    assert longer.layout.height > short.layout.height


def test_coverage_table_says_when_there_is_nothing_to_show(tmp_path):
    with Workspace.create(tmp_path / "e.swot", actor="test") as ws:
        ws.add(Institution(id="a", name="Ośrodek A"))
        offer_core.save_offer(
            ws,
            Offer(
                institution_id="a",
                name="Wszystko dla wszystkich",
                activity_type="muzyka",
                audiences=("children", "youth", "adults", "seniors", "families"),
            ),
        )
        fig = charts.coverage_table(offer_core.coverage(ws, []))
    assert list(fig.data[0].cells.values[0]) == []
    assert "Brak luk" in next(a for a in fig.layout.annotations if a.name == "empty").text


# --- importance-performance by institution ------------------------------------------------------


def test_importance_performance_comparison_shows_gaps_and_stars(demo_ws):
    data = load_survey(demo_ws)
    ipa = compare.importance_performance_by_institution(
        data.responses, data.codebook, demo_ws.institutions()
    )
    labels = {"mok": "MOK", "tkacz": "<b>Tkacz</b>", "dok": "DOK"}
    aspects = diagnosis.aspect_labels(data.codebook)
    fig = charts.importance_performance_comparison(ipa, labels=labels, aspect_labels=aspects)
    heat = fig.data[0]
    assert list(heat.x) == ["MOK", "&lt;b&gt;Tkacz&lt;/b&gt;", "DOK"]
    assert len(heat.y) == len(aspects)
    for row in ipa.itertuples():
        i = list(heat.y).index(aspects[row.aspect])
        j = ["mok", "tkacz", "dok"].index(row.institution_id)
        assert heat.z[i][j] == pytest.approx(row.gap)
        assert heat.text[i][j].startswith("★") == (row.quadrant == "concentrate")
        assert row.quadrant_label in heat.hovertext[i][j]
    # the aspect with the largest gap anywhere comes first
    assert heat.y[0] == aspects[ipa.loc[ipa["gap"].idxmax(), "aspect"]]
    assert heat.zmid == 0 and heat.zmin == -heat.zmax
    mok_prices = heat.text[list(heat.y).index("Przystępne ceny")][0]
    assert mok_prices.startswith("★ +") and "," in mok_prices
    assert "ważność minus ocena" in fig.layout.annotations[0].text
    text = _all_text(fig)
    assert "<b>Tkacz" not in text


def test_importance_performance_comparison_names_centres_without_ratings():
    empty = pd.DataFrame()
    empty.attrs["missing"] = ("x",)
    fig = charts.importance_performance_comparison(empty, labels={"x": "Ośrodek " + XSS})
    note = fig.layout.annotations[0].text
    assert "Brak pytań o ważność" in note and "Ośrodek &lt;script&gt;" in note
    assert "<script>" not in _all_text(fig)


# --- plan charts: legends and long task names ----------------------------------------------------


def test_plan_timeline_wraps_long_task_names_and_keeps_the_legend_below():
    from swot.plan import Timeline, TimelineBar

    long_title = "Likwidacja barier architektonicznych – montaż windy " + "i podjazdu " * 12
    bars = (
        TimelineBar(1, "Sala", "1.1", "Remont", "MOK", 2019, 2020),
        TimelineBar(1, "Sala", "1.2", long_title + XSS, "MOK", 2020, 2021),
        TimelineBar(2, "Oferta " * 20, "2.1", "Koncerty młodych zespołów", "MOK", 2019, 2021),
    )
    fig = charts.plan_timeline(Timeline(bars, (), (2019, 2021)))
    short, wrapped = fig.data[0].y
    assert short == "1.1. Remont"
    lines = wrapped.split("<br>")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) <= 42 for line in lines)
    assert list(fig.layout.yaxis.categoryarray) == [*fig.data[0].y, *fig.data[1].y]
    # the hover has the whole name (escaped) and the goal
    hover = fig.data[0].hovertext[1].replace("<br>", " ")
    assert "i podjazdu " * 3 in hover and "&lt;script&gt;" in hover and "Cel 1. Sala" in hover
    # the legend sits under the chart, away from the title; a long goal name wraps
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert fig.layout.legend.yanchor == "bottom"
    assert "<br>" in fig.data[1].name
    assert fig.layout.margin.b >= 70 + 24 * 3  # three legend rows (goal 2 on two lines)
    one_line = charts.plan_timeline(Timeline(bars[:1], (), (2019, 2021)))
    assert fig.layout.height - one_line.layout.height >= 2 * 36
    text = _all_text(fig)
    assert "<script>" not in text and "<img" not in text


def test_plan_timeline_leaves_room_for_undated_tasks_above_the_bars():
    from swot.plan import Timeline, TimelineBar

    bars = (TimelineBar(1, "Sala", "1.1", "Remont", "MOK", 2019, 2020),)
    dated = charts.plan_timeline(Timeline(bars, (), (2019, 2021)))
    undated = charts.plan_timeline(Timeline(bars, ("1.2", "1.3"), (2019, 2021)))
    assert undated.layout.margin.t > dated.layout.margin.t
    note = next(a for a in undated.layout.annotations if a.name == "undated")
    assert "1.2, 1.3" in note.text


def test_responsibility_matrix_keeps_task_numbers_clear_of_legend_and_title():
    from swot.plan import ResponsibilityMatrix

    matrix = ResponsibilityMatrix(
        ("MOK", "DOK"),
        (("1.1", "Remont"), ("1.2", "Winda")),
        {("MOK", "1.1"): "responsible", ("DOK", "1.1"): "cooperating"},
    )
    fig = charts.responsibility_matrix(matrix, title="Plan współpracy")
    assert fig.layout.xaxis.side == "top" and fig.layout.xaxis.title.text == "Zadanie"
    # legend under the plot (the task numbers are on top), title pinned to the top edge
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert fig.layout.title.yref == "container" and fig.layout.title.yanchor == "top"
    assert fig.layout.margin.t >= 100 and fig.layout.margin.b >= 24
    assert "1.1. Remont" in fig.data[0].hovertext[0]


def test_charts_get_plotly_white_exactly_as_plotly_validates_it():
    import json

    import plotly.graph_objects as go

    fig = charts._layout(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "Tytuł", height=300)
    checked = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    checked.update_layout(template="plotly_white")
    checked = charts._layout(checked, "Tytuł", height=300)
    assert json.loads(fig.to_json()) == json.loads(checked.to_json())
    assert fig.layout.template.layout.plot_bgcolor == "white"
    # validation is back on for everything set afterwards
    with pytest.raises(ValueError, match="Invalid value"):
        fig.update_layout(height="wysoki")


def _run_in_kernel(code: str, env: dict[str, str] | None = None) -> list[dict]:
    """The outputs of ``code`` run in a fresh IPython kernel (as a notebook cell)."""
    import os

    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code)]
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(env={**os.environ, **(env or {})})
    try:
        NotebookClient(nb, km=manager, timeout=120).execute()
    finally:
        manager.shutdown_kernel(now=True)
    return nb.cells[0].outputs


FIGURE_IN_KERNEL = (
    "import sys\n"
    "from swot import charts\n"
    "from swot.scoring import Position\n"
    "display(charts.strategic_position(Position(3, 3)))\n"
    "print(sorted(m for m in ('nbformat', 'jsonschema') if m in sys.modules))"
)


def test_a_notebook_shows_figures_as_plotly_would_without_loading_its_renderers():
    import json

    import plotly.io as pio

    figure, printed = _run_in_kernel(FIGURE_IN_KERNEL)
    assert printed["text"].strip() == "[]"  # 1.4 s of imports saved before the first chart
    fig = charts.strategic_position(Position(3, 3))
    # what plotly's own plotly_mimetype renderer makes of the same figure
    expected = pio.renderers._build_mime_bundle(fig.to_dict(), "plotly_mimetype")
    assert set(figure["data"]) == {"application/vnd.plotly.v1+json"}
    shown = figure["data"]["application/vnd.plotly.v1+json"]
    assert json.dumps(shown, sort_keys=True) == json.dumps(
        expected["application/vnd.plotly.v1+json"], sort_keys=True
    )


def test_a_renderer_the_user_chose_is_kept_in_a_notebook():
    figure, _printed = _run_in_kernel(FIGURE_IN_KERNEL, env={"PLOTLY_RENDERER": "json"})
    assert set(figure["data"]) == {"application/json"}


def test_fit_width_shows_the_matrix_as_a_picture_as_wide_as_the_page(demo_ws):
    fig = charts.swot_matrix(demo_ws.factors("mok"), title="Analiza SWOT — MOK")
    fitted = charts.fit_width(fig)
    bundle = fitted._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    svg = bundle["image/svg+xml"]
    root = svg[: svg.index(">")]
    assert 'viewBox="0 0 1123 794"' in root  # the A4 proportions
    assert " width=" not in root and " height=" not in root  # as wide as where it is shown
    assert "Mocne strony" in svg and "Zagrożenia" in svg
    assert bundle["text/plain"] == "Analiza SWOT — MOK (rysunek dopasowany do szerokości strony)"
    assert fitted._repr_mimebundle_()["image/svg+xml"] == svg  # same figure, same picture
    other = charts.fit_width(charts.swot_matrix(demo_ws.factors("tkacz")))._repr_mimebundle_()
    uid = re.search(r'id="defs-(\w+)"', svg)[1]
    assert uid not in other["image/svg+xml"]  # two pictures inlined in one page keep apart
    assert fig.layout.width == 1123  # the figure itself is left for printing


def test_fit_width_without_a_browser_shows_the_interactive_figure(demo_ws, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    bundle = charts.fit_width(charts.swot_matrix(demo_ws.factors("mok")))._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/plain"}
    assert "przeglądarka Chromium" in bundle["text/plain"]


def test_pictures_of_every_format_come_from_one_kept_browser(tmp_path, demo_ws):
    import re as _re

    from swot.report import chromium

    chromium.shutdown()
    before = chromium.BROWSERS.starts
    matrix = charts.swot_matrix(demo_ws.factors("mok"))
    position = charts.strategic_position(Position(3, 3))
    first = charts.save_figure(matrix, tmp_path / "macierz.pdf").read_bytes()
    png = charts.save_figure(position, tmp_path / "pozycja.png").read_bytes()
    second = charts.save_figure(position, tmp_path / "pozycja.pdf").read_bytes()
    assert chromium.BROWSERS.starts - before == 1
    for pdf in (first, second):
        assert pdf.startswith(b"%PDF")
        assert len(_re.findall(rb"/Type\s*/Page\b", pdf)) == 1  # one page each
    assert len(first) != len(second)  # the second PDF is not the first one's page again
    assert _png_size(png)[0] == round(660 * charts.PNG_SCALE)
