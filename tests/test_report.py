"""The panel report (swot.report): sections, offline HTML, privacy, escaping, XLSX."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pytest
from helpers import FORMULA, XSS, rich_demo
from openpyxl import load_workbook

from swot.errors import PathError, SwotError
from swot.report import build_report, compute_report, render_html
from swot.report.build import figure_specs
from swot.store import Workspace

SECTION_IDS = ("metoda", "wyniki", "swot", "porownanie", "wspolpraca", "plany", "aneks")


class _Page(HTMLParser):
    """Tags, ids, texts of the page; scripts and stylesheets with their sources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.tables: list[list[list[str]]] = []
        self.crosstabs: list[list[list[str]]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_crosstab = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "script":
            self._script, self._script_text = attributes, []
        elif tag == "table":
            self.tables.append([])
            self._in_crosstab = "swot-crosstab" in (attributes.get("class") or "")
            if self._in_crosstab:
                self.crosstabs.append(self.tables[-1])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def rich_path(demo_template, tmp_path_factory):
    """The played demo with payloads (see payloads.rich_demo)."""
    return rich_demo(demo_template, tmp_path_factory.mktemp("report") / "demo.swot")


@pytest.fixture(scope="module")
def built(rich_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "raport"
    steps: list[tuple[str, int, int]] = []
    with Workspace.open(rich_path) as ws:
        files = build_report(ws, out, progress=lambda *a: steps.append(a), today_year=2021)
    html = files.html.read_text(encoding="utf-8")
    return files, html, _parse(html), steps


def test_files_are_written(built):
    files, html, _page, _steps = built
    assert files.html.name == "raport.html"
    assert files.xlsx.name == "raport.xlsx"
    assert files.docx.name == "raport.docx"
    assert files.paths == (files.html, files.xlsx, files.docx)
    names = sorted(p.name for p in files.html.parent.iterdir())
    assert names == ["raport.docx", "raport.html", "raport.xlsx"]  # no leftover .part files
    assert html.startswith("<!DOCTYPE html>")


def test_progress_reports_every_step(built):
    *_, steps = built
    assert [i for _, i, _ in steps] == list(range(1, 13))
    assert {total for *_, total in steps} == {12}
    assert steps[0][0] == "Wczytywanie danych konsultacji"
    assert [name for name, *_ in steps[-4:]] == [
        "Zapisywanie raportu HTML",
        "Zapisywanie tabel XLSX",
        "Rysowanie wykresów do dokumentu DOCX",
        "Zapisywanie dokumentu DOCX",
    ]


def test_formats_choose_the_files_and_the_steps(rich_path, tmp_path):
    steps: list[tuple[str, int, int]] = []
    with Workspace.open(rich_path) as ws:
        files = build_report(
            ws,
            tmp_path / "raport",
            formats=("html", "xlsx"),
            progress=lambda *a: steps.append(a),
            today_year=2021,
        )
    assert files.docx is None and files.notes == ()
    assert files.paths == (files.html, files.xlsx)
    assert sorted(p.name for p in (tmp_path / "raport").iterdir()) == [
        "raport.html",
        "raport.xlsx",
    ]
    assert [i for _, i, _ in steps] == list(range(1, 11))
    assert {total for *_, total in steps} == {10}
    assert steps[-1][0] == "Zapisywanie tabel XLSX"


@pytest.mark.parametrize("formats", [("pdf",), (), ("html", "odt")])
def test_unknown_formats_are_refused_before_anything_is_written(demo_ws, tmp_path, formats):
    with pytest.raises(SwotError, match=r"Nieznany format raportu.*html, xlsx, docx"):
        build_report(demo_ws, tmp_path / "raport", formats=formats)
    assert not (tmp_path / "raport").exists()


def test_plan_markup_carries_the_plan_as_values(rich_path):
    from swot import plan_io
    from swot.report import Markup

    with Workspace.open(rich_path) as ws:
        report = compute_report(ws, today_year=2021)
        expected = plan_io.from_workspace(ws, "mok", title="Plan rozwoju: MOK")
    plans = [
        b for s in report.sections for x in s.walk() for b in x.blocks if isinstance(b, Markup)
    ]
    assert len(plans) == 4  # the joint plan and the three centres'
    mok = next(b for b in plans if b.plan is not None and b.plan.title == "Plan rozwoju: MOK")
    assert mok.plan == expected
    assert mok.html == plan_io.plan_to_html(expected, fragment=True)  # the HTML is unchanged
    assert report.institutions == (
        "Miejski Ośrodek Kultury",
        "Ośrodek Kultury „Tkacz”",
        "Dzielnicowy Ośrodek Kultury",
    )


def test_sections_present_with_table_of_contents(built):
    _files, _html, page, _steps = built
    for anchor in SECTION_IDS:
        assert anchor in page.ids
    for inst in ("mok", "tkacz", "dok"):
        for prefix in ("wyniki", "swot", "plan", "aneks"):
            assert f"{prefix}-{inst}" in page.ids
    links = [a["href"] for tag, a in page.tags if tag == "a" and a.get("href")]
    anchors = [h for h in links if h.startswith("#")]
    assert anchors, "table of contents missing"
    assert all(h[1:] in page.ids for h in anchors)
    assert "#aneks-wspolpraca" in anchors
    headings = " ".join(page.text)
    for title in (
        "Metoda konsultacji i próba",
        "Wyniki konsultacji",
        "Analizy SWOT i strategie TOWS",
        "Porównanie ośrodków i wspólne tematy",
        "Plan współpracy ośrodków",
        "Plany rozwoju ośrodków",
        "Aneks: skąd się wzięło każde zadanie",
        "Strategie TOWS: MOK",
        "Wskaźniki i stan realizacji: MOK",
        "Wspólna promocja i dotarcie do nowych odbiorców",
    ):
        assert title in headings, title


def test_plotly_embedded_once_and_every_chart_has_data(built):
    _files, html, page, _steps = built
    # the cartesian partial bundle (swot.report.plotlyjs), embedded once
    assert html.count("* plotly.js (cartesian - minified) v") == 1
    bundles = [s for attrs, s in page.scripts if "Plotly" in s and len(s) > 1_000_000]
    assert len(bundles) == 1
    figures = [(a, s) for a, s in page.scripts if a.get("type") == "application/json"]
    assert len(figures) >= 15
    for attrs, text in figures:
        spec = json.loads(text)
        assert spec["data"], attrs
        assert attrs["data-target"] in page.ids


def test_no_external_resources(built):
    _files, _html, page, _steps = built
    for tag, attrs in page.tags:
        if tag == "script":
            assert not attrs.get("src"), attrs
        if tag in ("link", "img", "iframe"):
            for key in ("href", "src"):
                assert not re.match(r"(https?:)?//", attrs.get(key) or ""), attrs


def test_xss_payload_shows_as_text(built):
    _files, _html, page, _steps = built
    assert not [a for tag, a in page.tags if tag == "img"]
    assert not [a for _, a in page.tags for key in a if key.startswith("on")]
    assert all("alert" not in s for a, s in page.scripts if a.get("type") != "application/json")
    text = "".join(page.text)
    assert XSS in text  # the swot grid, TOWS, the plan table, the trace
    assert text.count(XSS) >= 4
    assert "Cel " + XSS in text
    # inside figure JSON no raw "<" can end the script element
    for attrs, script in page.scripts:
        if attrs.get("type") == "application/json":
            assert "<" not in script


def test_chart_labels_are_escaped_for_plotly(rich_path):
    with Workspace.open(rich_path) as ws:
        report = compute_report(ws, today_year=2021)
    dumped = json.dumps(figure_specs(report))
    assert "<script>" not in dumped


def test_published_crosstabs_hide_small_cells(built):
    _files, _html, page, _steps = built
    assert len(page.crosstabs) >= 4  # age × channel, age × participation of each centre
    hidden = 0
    for table in page.crosstabs:
        for row in table[1:]:
            for cell in row[1:]:
                if cell == "—":
                    hidden += 1
                    continue
                n = int(cell)
                assert not 0 < n < 5, table
    assert hidden > 0  # the sample has small cells, so suppression did happen


def test_no_personal_columns(built, rich_path):
    files, html, _page, _steps = built
    from swot import survey

    with Workspace.open(rich_path) as ws:
        data = survey.load_survey(ws)
    respondents = data.responses["respondent"].dropna().astype(str).tolist()
    assert respondents
    for rid in respondents[:200]:
        assert f">{rid}<" not in html
    for word in ("respondent", "source_row", "source_file"):
        assert word not in html.replace("\n", " ").split("<script>", 1)[0]
    book = load_workbook(files.xlsx)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert value not in {"respondent", "source_row", "source_file"}


def test_xlsx_has_tables_and_neutralised_formulas(built):
    files, *_ = built
    book = load_workbook(files.xlsx)
    assert book.sheetnames[0] == "Spis tabel"
    assert len(book.sheetnames) > 20
    found = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and FORMULA in cell.value:
                    found += 1
    assert found >= 2  # the factor's text and the task's, kept as they were typed
    raw = files.xlsx.read_bytes()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8")


def test_xlsx_shares_are_numbers_with_intervals(built):
    files, *_ = built
    book = load_workbook(files.xlsx)
    sheet = next(s for s in book.worksheets if "Czego najbardziej brakuje" in str(s["A1"].value))
    headings = [c.value for c in sheet[3]]
    assert headings[:4] == ["Odpowiedź", "Liczba", "Podstawa", "Odsetek"]
    assert headings[4].endswith("od") and headings[5].endswith("do")
    first = [c.value for c in sheet[4]]
    assert 0 < first[4] < first[3] < first[5] < 1


def test_english_report(rich_path, tmp_path):
    import swot

    with Workspace.open(rich_path) as ws:
        files = build_report(ws, tmp_path / "en", lang="en", today_year=2021, formats=("html",))
    html = files.html.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Consultation method and sample" in html
    assert swot.get_language() == "pl"  # restored


def test_empty_workspace_gives_a_report(tmp_path):
    with Workspace.create(tmp_path / "pusta.swot", name="Pusta") as ws:
        files = build_report(ws, tmp_path / "raport")
    page = _parse(files.html.read_text(encoding="utf-8"))
    assert "Brak zapisanych danych z konsultacji." in "".join(page.text)
    assert all(anchor in page.ids for anchor in SECTION_IDS)
    import docx

    document = docx.Document(str(files.docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == len(SECTION_IDS)
    assert "Brak zapisanych danych z konsultacji." in [p.text for p in document.paragraphs]


def test_output_folder_problems(demo_ws, tmp_path):
    afile = tmp_path / "plik.txt"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(PathError, match="to plik, a nie folder"):
        build_report(demo_ws, afile)
    with pytest.raises(PathError, match="nie istnieje"):
        build_report(demo_ws, tmp_path / "brak" / "raport")


def test_render_html_escapes_report_title(rich_path):
    with Workspace.open(rich_path) as ws:
        report = compute_report(ws, today_year=2021)
    from dataclasses import replace

    html = render_html(replace(report, subtitle=XSS))
    assert XSS not in html
    assert "&lt;script&gt;alert(" in html
