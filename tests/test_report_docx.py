"""The panel report as a Word document (swot.report.docx): read back with python-docx.

The demo workspace is played through (workshops, plan links, monitoring, cooperation) and
given factors with an XSS payload, a spreadsheet formula and control characters. The report
is built once for the module (one Chromium session draws every chart); the other tests
render from computed values with ``images={}`` or simulate a machine without Chromium.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import warnings
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn
from helpers import FORMULA, XSS, rich_demo

from swot import plan_io
from swot.matrix import QUADRANT_COLOURS
from swot.model import Factor, Goal, Quadrant, Task
from swot.report import (
    ImageWarning,
    Markup,
    Section,
    Text,
    build_report,
    compute_report,
    draw_charts,
    render_docx,
)
from swot.report.docx import FIGURE_WIDTH, PNG_SCALE
from swot.store import Workspace

CONTROL = "Ryzyko\x0bpionowe\x1f tabulatory\x0c i\x00 znaki"
CONTROL_SHOWN = "Ryzykopionowe tabulatory i znaki"
PNG = b"\x89PNG\r\n\x1a\n"
HAS_BROWSER = any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))


@pytest.fixture(scope="module")
def rich_path(demo_template, tmp_path_factory):
    path = rich_demo(demo_template, tmp_path_factory.mktemp("docx") / "demo.swot")
    with Workspace.open(path, actor="trener") as ws:
        # the model keeps control characters other than NUL; XML cannot hold them
        ws.add(Factor(institution_id="dok", quadrant=Quadrant.T, text=CONTROL.replace("\x00", "")))
    return path


@pytest.fixture(scope="module")
def built(rich_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "raport"
    with Workspace.open(rich_path) as ws:
        files = build_report(ws, out, today_year=2021)
        report = compute_report(ws, today_year=2021)
    return files, docx.Document(str(files.docx)), report


@pytest.fixture(scope="module")
def report(built):
    return built[2]


def _xml(path_or_bytes, part="word/document.xml") -> str:
    source = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        return archive.read(part).decode("utf-8")


def _texts(document) -> list[str]:
    """Every paragraph's text, in the body and in table cells."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _drawn_without_warnings(charts) -> dict[str, bytes]:
    """``draw_charts``, failing the test on any ImageWarning (a chart not drawn)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ImageWarning)
        return draw_charts(charts)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_cover_page(built):
    files, document, report = built
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", "Raport dla panelu")
    assert (paragraphs[1].style.name, paragraphs[1].text) == ("Subtitle", report.subtitle)
    assert paragraphs[2].text == report.generated
    assert paragraphs[2].text.startswith("Wygenerowano 20")
    cover = [p.text for p in paragraphs[: [p.style.name for p in paragraphs].index("TOC Heading")]]
    assert "Ośrodki objęte raportem" in cover
    names = [p.text for p in paragraphs[:12] if p.style.name == "List Bullet"]
    assert names == list(report.institutions)
    assert names == [
        "Miejski Ośrodek Kultury",
        "Ośrodek Kultury „Tkacz”",
        "Dzielnicowy Ośrodek Kultury",
    ]
    assert any(text.startswith("Raport nie zawiera danych osobowych") for text in cover)
    assert document.core_properties.title == f"Raport dla panelu — {report.subtitle}"
    assert document.core_properties.language == "pl-PL"
    assert files.notes == ()


def test_table_of_contents_is_a_word_field_updated_on_opening(built):
    files, document, _report = built
    xml = _xml(files.docx)
    instruction = '<w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>'
    assert instruction in xml
    for kind in ("begin", "separate", "end"):
        assert f'w:fldCharType="{kind}"' in xml
    assert (
        xml.index('w:fldCharType="begin"')
        < xml.index("TOC \\o")
        < xml.index('w:fldCharType="separate"')
        < xml.index('w:fldCharType="end"')
    )
    settings = _xml(files.docx, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings
    # before w:compat, as the schema orders the settings
    assert settings.index("w:updateFields") < settings.index("<w:compat")
    texts = [p.text for p in document.paragraphs]
    assert "Spis treści" in texts
    assert any("Aktualizuj pole" in text for text in texts)
    # until Word updates it, the field shows the sections
    assert "1. Metoda konsultacji i próba" in texts
    assert "7.4. Plan współpracy" in texts


def test_headings_follow_the_sections_in_order(built):
    _files, document, report = built
    expected_1 = [f"{n}. {s.title}" for n, s in enumerate(report.sections, start=1)]
    assert _headings(document, 1) == expected_1
    assert expected_1[:3] == [
        "1. Metoda konsultacji i próba",
        "2. Wyniki konsultacji",
        "3. Analizy SWOT i strategie TOWS",
    ]
    expected_2 = [
        f"{n}.{m}. {child.title}"
        for n, s in enumerate(report.sections, start=1)
        for m, child in enumerate(s.children, start=1)
    ]
    assert _headings(document, 2) == expected_2
    level_3 = _headings(document, 3)
    for title in (
        "Czego najbardziej brakuje w ofercie",
        "Analiza SWOT: Miejski Ośrodek Kultury",
        "Strategie TOWS: MOK",
        "Wspólne tematy",
        "Plan rozwoju: MOK",
        "Wskaźniki i stan realizacji: MOK",
    ):
        assert title in level_3
    # a chart and the table of the same numbers share one heading
    assert level_3.count("Czego najbardziej brakuje w ofercie") == 1
    # every heading is in reading order: Heading 1 of the appendix comes last
    order = [p.text for p in document.paragraphs if p.style.name.startswith("Heading ")]
    assert order.index("7. Aneks: skąd się wzięło każde zadanie") > order.index("Plan rozwoju: DOK")


def test_every_table_repeats_its_header_row(built):
    _files, document, _report = built
    swot_grids = 3
    repeated = [t for t in document.tables if t.rows[0]._tr.trPr is not None]
    assert len(repeated) == len(document.tables) - swot_grids
    for table in repeated:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_plans_in_the_official_layout(built, rich_path):
    _files, document, _report = built
    headings = list(plan_io.PlanTable("", ()).headings)
    assert headings[0] == "Cel strategiczny"
    plans = [t for t in document.tables if [c.text for c in t.rows[0].cells] == headings]
    assert len(plans) == 4  # the joint plan and each centre's
    with Workspace.open(rich_path) as ws:
        expected = [plan_io.from_workspace(ws, i) for i in (None, "mok", "tkacz", "dok")]
    for table, plan in zip(plans, expected, strict=True):
        tasks = [row.cells[1].text for row in table.rows[1:]]
        assert tasks == [r.task_label for r in plan.rows]
        assert tasks and all(re.match(r"\d+\.\d+\. ", task) for task in tasks)
        goals = {row.cells[0].text for row in table.rows[1:]}
        assert goals == {r.goal_label for r in plan.rows}
        indicators = "\n".join(row.cells[5].text for row in table.rows[1:])
        for row in plan.rows:
            for indicator in row.indicators:
                assert indicator in indicators
    # the plan parts are on landscape A4 pages, the rest on portrait
    orientations = [round(s.page_width.mm) for s in document.sections]
    assert orientations.count(297) == 2 and set(orientations) == {210, 297}


def test_swot_grid_is_a_coloured_two_by_two_table(built):
    _files, document, _report = built
    grids = [t for t in document.tables if t.rows[0].cells[0].text.startswith("Mocne strony")]
    assert len(grids) == 3
    grid = grids[0]
    assert len(grid.rows) == 2 and len(grid.columns) == 2
    labels = [grid.cell(r, c).paragraphs[0].text for r in (0, 1) for c in (0, 1)]
    assert [label.split(" (")[0] for label in labels] == [q.label for q in Quadrant]
    for (r, c), quadrant in zip(((0, 0), (0, 1), (1, 0), (1, 1)), Quadrant, strict=True):
        shading = grid.cell(r, c)._tc.tcPr.find(qn("w:shd"))
        assert shading.get(qn("w:fill")) == QUADRANT_COLOURS[quadrant][0].lstrip("#").upper()
    weaknesses = [p.text for p in grid.cell(0, 1).paragraphs[1:]]
    assert f"5  {XSS}" in weaknesses  # the importance, then the text as typed
    assert labels[1] == f"Słabe strony ({len(weaknesses)})"
    importance = [int(text.split()[0]) for text in weaknesses]
    assert importance == sorted(importance, reverse=True)  # most important first


def test_trace_appendix_is_nested_bullets(built):
    _files, document, _report = built
    styles = [p.style.name for p in document.paragraphs]
    start = [p.text for p in document.paragraphs].index("7. Aneks: skąd się wzięło każde zadanie")
    appendix = styles[start:]
    assert {"List Bullet", "List Bullet 2", "List Bullet 3", "Heading 4"} <= set(appendix)
    first = appendix.index("List Bullet")
    assert appendix[first + 1] == "List Bullet 2"
    strategies = [p.text for p in document.paragraphs[start:] if p.style.name == "List Bullet"]
    assert strategies and all(text[:3] in ("SO ", "WO ", "ST ", "WT ") for text in strategies)


@pytest.mark.skipif(not HAS_BROWSER, reason="no Chromium: the placeholders are tested below")
def test_every_chart_is_a_png_image(built):
    _files, document, report = built
    charts = report.charts()
    assert len(charts) >= 15
    shapes = document.inline_shapes
    assert len(shapes) == len(charts)
    text_width = max(s.page_width - s.left_margin - s.right_margin for s in document.sections)
    descriptions = []
    for shape, chart in zip(shapes, charts, strict=True):
        blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        data = document.part.related_parts[blob].blob
        width, height = _png_size(data)
        # drawn at the figure's own width (or A4's) times the scale, its own height
        layout = json.loads(chart.spec)["layout"]
        assert width == round((layout.get("width") or FIGURE_WIDTH) * PNG_SCALE)
        assert height == round(layout["height"] * PNG_SCALE)
        assert 900 <= width <= 2000 and 300 <= height <= 2000, (width, height)
        assert 10_000 < len(data) < 1_000_000
        assert 0 < shape.width <= text_width
        # the shape keeps the image's proportions
        assert abs(shape.height / shape.width - height / width) < 0.01
        descriptions.append(shape._inline.docPr.get("descr"))
    assert descriptions == [c.title for c in charts]
    assert "Wykres dostępny w raporcie HTML" not in "\n".join(_texts(document))


def test_payloads_stay_literal_text_and_the_file_opens(built):
    files, document, _report = built
    texts = _texts(document)
    joined = "\n".join(texts)
    # the SWOT grid, the TOWS table, the plan, the monitoring table and the appendix
    assert joined.count(XSS) >= 5
    assert "Cel " + XSS in joined and "Liczba " + XSS in joined
    assert "9.1. " + FORMULA in joined  # the task in the plan table
    assert any(CONTROL_SHOWN in text for text in texts)
    xml = _xml(files.docx)
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert "HYPERLINK" not in re.sub(r"<w:t[^>]*>[^<]*</w:t>", "", xml)  # only as text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)


def test_control_characters_in_any_value_are_dropped(report):
    broken = replace(
        report,
        subtitle="Warsztat\x0b\x00 2019",
        sections=(
            *report.sections,
            Section("x", "Tytuł\x1f", (Text("tekst\x0c z\x07 błędami"),)),
        ),
    )
    document = docx.Document(io.BytesIO(render_docx(broken, images={})))
    texts = _texts(document)
    assert "Warsztat 2019" in texts
    assert "8. Tytuł" in texts
    assert "tekst z błędami" in texts


def test_markup_without_a_plan_becomes_plain_text(report):
    extra = Section("x", "Dodatek", (Markup("<p>Pierwszy &amp; <b>drugi</b></p><p>trzeci</p>"),))
    document = docx.Document(io.BytesIO(render_docx(replace(report, sections=(extra,)), images={})))
    texts = _texts(document)
    assert "Pierwszy & drugi\ntrzeci" in texts
    assert not any("<p>" in text for text in texts)


def test_charts_without_images_get_placeholders(report):
    document = docx.Document(io.BytesIO(render_docx(report, images={})))
    placeholder = "Wykres dostępny w raporcie HTML (plik raport.html)."
    placeholders = [p for p in document.paragraphs if p.text == placeholder]
    assert len(placeholders) == len(report.charts())
    assert len(document.inline_shapes) == 0


def test_missing_chromium_writes_placeholders_and_warns(rich_path, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with Workspace.open(rich_path) as ws, pytest.warns(ImageWarning, match="Chromium"):
        files = build_report(ws, tmp_path / "raport", formats=("docx",), today_year=2021)
    assert files.html is None and files.xlsx is None
    assert len(files.notes) == 1 and "apt-get install chromium" in files.notes[0]
    document = docx.Document(str(files.docx))
    assert len(document.inline_shapes) == 0
    placeholder = "Wykres dostępny w raporcie HTML"
    placeholders = [p for p in document.paragraphs if p.text.startswith(placeholder)]
    assert len(placeholders) >= 15
    assert _headings(document, 1)[0] == "1. Metoda konsultacji i próba"


def test_missing_kaleido_warns_and_draws_nothing(report, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "kaleido", None)  # import kaleido raises ImportError
    with pytest.warns(ImageWarning, match="pip install kaleido"):
        assert draw_charts(report.charts()) == {}


def test_english_document(rich_path):
    import swot

    swot.set_language("en")
    try:
        with Workspace.open(rich_path) as ws:
            english = compute_report(ws, today_year=2021)
    finally:
        swot.set_language("pl")
    document = docx.Document(io.BytesIO(render_docx(english, images={})))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Report for the panel"
    assert "Contents" in texts and "Centres in this report" in texts
    assert _headings(document, 1)[0] == "1. Consultation method and sample"
    assert "Chart available in the HTML report (raport.html)." in texts
    assert document.core_properties.language == "en-GB"
    assert swot.get_language() == "pl"  # rendering English did not change the interface


@pytest.mark.skipif(not HAS_BROWSER, reason="draws one chart in Chromium")
def test_a_chart_that_cannot_be_drawn_is_left_out(report):
    good = report.charts()[0]
    bad = replace(good, id="zly", title="Zły wykres", spec='{"layout": {}}')  # no data
    # refused by plotly.js in the page, while the other charts of the same call are drawn
    broken = replace(good, id="null", title="Pusty ślad", spec='{"data": [null]}')
    with pytest.warns(ImageWarning, match=r"narysować 2 z 3 wykresów"):
        images = draw_charts([good, bad, broken])
    assert set(images) == {good.id}
    assert images[good.id].startswith(PNG)


@pytest.mark.skipif(not HAS_BROWSER, reason="draws charts in Chromium")
def test_all_charts_are_drawn_in_one_call_to_kaleidos_page(report, monkeypatch):
    from swot.report import chromium as report_chromium

    base = report_chromium._browser_class

    def no_single_charts(kaleido):
        class Browser(base(kaleido)):
            async def calc_fig(self, *args, **kwargs):
                raise AssertionError("drawn one by one")

        return Browser

    monkeypatch.setattr(report_chromium, "_browser_class", no_single_charts)
    charts = report.charts()[:4]
    images = _drawn_without_warnings(charts)
    assert set(images) == {c.id for c in charts}
    for chart in charts:
        width, _height = _png_size(images[chart.id])
        layout = json.loads(chart.spec)["layout"]
        assert width == round((layout.get("width") or FIGURE_WIDTH) * PNG_SCALE)


@pytest.mark.skipif(not HAS_BROWSER, reason="draws charts in Chromium")
def test_should_the_one_call_fail_each_chart_is_drawn_alone(report, monkeypatch):
    from swot.report import docx as report_docx

    async def changed_page(*args, **kwargs):
        raise RuntimeError("kaleido_scopes is not defined")

    monkeypatch.setattr(report_docx, "_draw_batch", changed_page)
    charts = report.charts()[:3]
    images = _drawn_without_warnings(charts)
    assert set(images) == {c.id for c in charts}
    assert all(data.startswith(PNG) for data in images.values())


@pytest.mark.skipif(not HAS_BROWSER, reason="draws charts in Chromium")
def test_a_chart_the_small_bundle_cannot_draw_gets_the_full_one(report):
    from swot.report.plotlyjs import CARTESIAN_TRACES

    good = report.charts()[0]
    figure = {
        "data": [{"type": "sunburst", "labels": ["a", "b"], "parents": ["", "a"]}],
        "layout": {"height": 300},
    }
    assert "sunburst" not in CARTESIAN_TRACES
    other = replace(good, id="slonce", title="Inny typ", spec=json.dumps(figure))
    images = _drawn_without_warnings([good, other])
    assert set(images) == {good.id, other.id}
    assert _png_size(images[other.id]) == (round(FIGURE_WIDTH * PNG_SCALE), 450)


@pytest.mark.skipif(not HAS_BROWSER, reason="draws charts in Chromium")
def test_charts_are_handed_to_chromium_while_the_rest_is_computed(rich_path, tmp_path, monkeypatch):
    from swot.report import docx as report_docx

    monkeypatch.setenv("SWOT_CHART_CACHE", "")
    steps: list[str] = []
    handed: list[tuple[str, int]] = []  # (the step computing when handed over, how many)
    add = report_docx.ChartImages.add

    def recording_add(self, charts):
        charts = list(charts)
        handed.append((steps[-1], len(charts)))
        add(self, charts)

    monkeypatch.setattr(report_docx.ChartImages, "add", recording_add)
    with Workspace.open(rich_path) as ws:
        files = build_report(
            ws,
            tmp_path / "raport",
            formats=("docx",),
            today_year=2021,
            progress=lambda step, i, total: steps.append(step),
        )
        charts = compute_report(ws, today_year=2021).charts()
    # one at a time, each during the step that computed it: the first long before the end
    handed = [(step, n) for step, n in handed if n]  # draw() at the end hands over none
    assert sum(n for _step, n in handed) == len(charts)
    assert handed[0][0] == "Metoda i próba"  # the first section to compute
    assert {step for step, _n in handed} >= {"Wyniki konsultacji", "Plany rozwoju"}
    assert all(n == 1 for _step, n in handed)
    assert len(docx.Document(str(files.docx)).inline_shapes) == len(charts)


@pytest.mark.skipif(not HAS_BROWSER, reason="draws charts in Chromium")
def test_charts_handed_over_in_parts_are_each_drawn_once(report):
    from swot.report.docx import ChartImages

    charts = report.charts()[:3]
    with ChartImages() as session:
        session.add(charts[:1])
        session.add(charts[:2])  # the first again: drawn once
        session.draw(charts[2:])
        session.add(report.charts()[3:5])  # after draw(): ignored
        with warnings.catch_warnings():
            warnings.simplefilter("error", ImageWarning)
            images = session.result()
    assert set(images) == {c.id for c in charts}


@pytest.mark.skipif(not HAS_BROWSER, reason="starts Chromium")
def test_a_session_never_ended_does_not_keep_python_from_exiting():
    import subprocess
    import sys

    code = (
        "import time\n"
        "from swot.report.docx import ChartImages\n"
        "session = ChartImages()\n"
        "session.add([])  # neither draw() nor close(): the caller forgot\n"
        "assert session.ready.wait(90), 'the browser did not start'\n"
        "time.sleep(1)  # the session now waits for charts\n"
        "print('done')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "done"


def test_a_browser_that_breaks_costs_only_the_images(report, monkeypatch):
    from swot.report import chromium as report_chromium

    class Broken:
        def __init__(self, **options):
            pass

        async def __aenter__(self):
            raise RuntimeError("crashed on start")

        async def __aexit__(self, *exc):
            return False

    monkeypatch.setattr(report_chromium, "_browser_class", lambda kaleido: Broken)
    with pytest.warns(ImageWarning, match=r"nie zadziałała \(crashed on start\)"):
        data = render_docx(report)
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 0
    assert _headings(document, 1)[0] == "1. Metoda konsultacji i próba"


def test_a_chart_title_repeated_by_its_heading_is_not_drawn_twice():
    from swot.report.docx import _without_title

    figure = {"data": [], "layout": {"title": {"text": "Wiek &amp; płeć"}, "margin": {"t": 60}}}
    drawn = _without_title(figure, "Wiek & płeć")
    assert "title" not in drawn["layout"] and drawn["layout"]["margin"]["t"] == 20
    assert figure["layout"]["title"]  # the report's own spec is left as it was
    assert _without_title(figure, "Inny tytuł") is figure


def test_a_rebuild_takes_unchanged_charts_from_the_cache(rich_path, tmp_path, monkeypatch):
    path = tmp_path / "kopia.swot"
    shutil.copyfile(rich_path, path)
    cache = tmp_path / "wykresy"
    monkeypatch.setenv("SWOT_CHART_CACHE", str(cache))
    with Workspace.open(path) as ws:
        first = build_report(ws, tmp_path / "r1", today_year=2021, formats=("docx",))
    stored = sorted(cache.glob("*.png"))
    assert first.docx is not None and first.notes == ()
    charts = len(docx.Document(str(first.docx)).inline_shapes)
    assert charts > 10 and len(stored) == charts

    # No Chromium now: every chart still comes out, from the cache, and nothing is redrawn.
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with Workspace.open(path) as ws, warnings.catch_warnings():
        warnings.simplefilter("error", ImageWarning)
        again = build_report(ws, tmp_path / "r2", today_year=2021, formats=("docx",))
    assert again.notes == () and again.docx is not None
    assert len(docx.Document(str(again.docx)).inline_shapes) == charts
    assert sorted(cache.glob("*.png")) == stored

    # A changed chart misses the cache: without Chromium only it becomes a placeholder.
    with Workspace.open(path) as ws:
        goal = next(g for g in ws.objects(Goal) if g.institution_id == "dok")
        ws.add(
            Task(goal_id=goal.id, number=9, title="Nowe zadanie", start_year=2020, end_year=2021)
        )
        with pytest.warns(ImageWarning):
            changed = build_report(ws, tmp_path / "r3", today_year=2021, formats=("docx",))
    assert len(changed.notes) == 1 and changed.docx is not None
    document = docx.Document(str(changed.docx))
    shown = len(document.inline_shapes)
    placeholders = [
        p for p in document.paragraphs if p.text.startswith("Wykres dostępny w raporcie HTML")
    ]
    assert 0 < len(placeholders) < charts / 2
    assert shown + len(placeholders) == charts


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    from swot.report.docx import chart_cache_dir

    monkeypatch.setenv("SWOT_CHART_CACHE", "")
    assert chart_cache_dir() is None
    monkeypatch.delenv("SWOT_CHART_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert chart_cache_dir() == tmp_path / "swot" / "wykresy"
