"""Plan tables in and out: DOCX/XLSX/Markdown/HTML export, DOCX/XLSX import, round trips.

Every input file is built here with python-docx or openpyxl (no binary fixtures), shaped like
the documents public offices write: a title before the table, merged goal cells, entities as
paragraphs in one cell, a table split over two pages with its header repeated.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import swot
from swot import plan_io
from swot.errors import DataImportError, PathError, SwotError
from swot.model import Goal, Indicator, Institution, Measurement, Task
from swot.plan_io import PlanPreview, PlanRow, PlanTable, _parse_years
from swot.store import Workspace

TITLE = (
    "Zestawienie celów strategicznych, zadań, podmiotów odpowiedzialnych i współpracujących "
    "oraz perspektywy czasowej wraz ze wskaźnikami realizacji"
)
HEADINGS = [
    "Cel strategiczny",
    "Zadanie",
    "Podmiot odpowiedzialny",
    "Podmioty współpracujące",
    "Perspektywa czasowa",
    "Wskaźniki realizacji (z proponowaną wartością docelową)",
]


def _table() -> PlanTable:
    return PlanTable(
        TITLE,
        (
            PlanRow(
                1,
                "Modernizacja sali widowiskowej",
                1,
                "Wymiana nagłośnienia",
                "Miejski Ośrodek Kultury",
                ("Urząd Miasta", "Ministerstwo Kultury i Dziedzictwa Narodowego"),
                "2019–2021",
                (
                    "Liczba wymienionych systemów (1 do 2020 r.).",
                    "Udział dofinansowania (min. 50%).",
                ),
            ),
            PlanRow(
                1,
                "Modernizacja sali widowiskowej",
                2,
                "Montaż windy",
                "Miejski Ośrodek Kultury",
                (),
                "2020",
                ("Liczba wind (1 w 2020 r.).",),
            ),
            PlanRow(
                2,
                "Rozwój oferty dla seniorów",
                1,
                "Klub seniora",
                "Miejski Ośrodek Kultury",
                ("Miejski Ośrodek Pomocy Społecznej",),
                "2019-2023",
                ("Liczba spotkań klubu rocznie (min. 10).", "min. 1 na kwartał"),
            ),
        ),
    )


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "plan.swot", actor="trener") as workspace:
        workspace.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        yield workspace


# --- building office-like input files ----------------------------------------------------------


def _repeat_header(row) -> None:
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _put(cell, value) -> None:
    """A cell's text: a string, or a list of strings as separate paragraphs."""
    lines = value if isinstance(value, list) else [value]
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def _add_table(document, rows, merges=(), header=True):
    """A table of ``rows``; ``merges`` are (column, first row, last row) vertical merges."""
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value not in ("", []):
                _put(table.cell(r, c), value)
    for column, first, last in merges:
        table.cell(first, column).merge(table.cell(last, column))
    if header:
        _repeat_header(table.rows[0])
    return table


def _save(document, path: Path) -> Path:
    document.save(str(path))
    return path


def _office_docx(tmp_path: Path) -> Path:
    """Like a municipal document: title, merged goals, entities in one cell, split table."""
    document = docx.Document()
    document.add_paragraph("Załącznik nr 3 do Strategii Rozwoju Kultury")
    document.add_paragraph(TITLE)
    header = [
        "Lp.",
        "Cele strategiczne",
        "Zadania",
        "Podmioty odpowiedzialne i wspolpracujace",  # no diacritics, one column for both
        "Termin realizacji",
        "Wskazniki realizacji",
    ]
    first = [
        header,
        ["1", "2", "3", "4", "5", "6"],  # a row numbering the columns
        [
            "1",
            "Cel strategiczny 1: Modernizacja sali widowiskowej",
            "1.1. Wymiana nagłośnienia",
            ["Miejski Ośrodek Kultury", "Urząd Miasta", "Ministerstwo Kultury"],
            "2019–2021",
            ["Liczba wymienionych systemów (1 do 2020 r.).", "Udział dofinansowania (min. 50%)."],
        ],
        [
            "2",
            "",
            "1.2. Montaż windy",
            ["Odpowiedzialny: Miejski Ośrodek Kultury", "Współpracujący: PFRON; Urząd Miasta"],
            "2020 r.",
            "Liczba wind (1 w 2020 r.).",
        ],
        [
            "3",
            "Cel strategiczny 2: Rozwój oferty dla seniorów",
            "2.1. Klub seniora",
            ["Miejski Ośrodek Kultury"],
            "2019-2023",
            "Liczba spotkań klubu rocznie (min. 10). Liczba uczestników (min. 15 osób).",
        ],
    ]
    _add_table(document, first, merges=[(1, 2, 3)])
    document.add_paragraph("")  # the page break between the two parts
    second = [
        header,  # the header repeated by hand on the next page
        [
            "4",
            "Cel strategiczny 2: Rozwój oferty dla seniorów",  # merged cell continued
            "2.2. Kurs komputerowy",
            ["Miejski Ośrodek Kultury", "Uniwersytet Trzeciego Wieku"],
            "2021",
            ["- Liczba kursów (1 rocznie).", "- Liczba absolwentów (min. 20)."],
        ],
    ]
    _add_table(document, second)
    return _save(document, tmp_path / "plan_urzedu.docx")


OFFICE_ROWS = (
    PlanRow(
        1,
        "Modernizacja sali widowiskowej",
        1,
        "Wymiana nagłośnienia",
        "Miejski Ośrodek Kultury",
        ("Urząd Miasta", "Ministerstwo Kultury"),
        "2019–2021",
        ("Liczba wymienionych systemów (1 do 2020 r.).", "Udział dofinansowania (min. 50%)."),
    ),
    PlanRow(
        1,
        "Modernizacja sali widowiskowej",
        2,
        "Montaż windy",
        "Miejski Ośrodek Kultury",
        ("PFRON", "Urząd Miasta"),
        "2020 r.",
        ("Liczba wind (1 w 2020 r.).",),
    ),
    PlanRow(
        2,
        "Rozwój oferty dla seniorów",
        1,
        "Klub seniora",
        "Miejski Ośrodek Kultury",
        (),
        "2019-2023",
        ("Liczba spotkań klubu rocznie (min. 10).", "Liczba uczestników (min. 15 osób)."),
    ),
    PlanRow(
        2,
        "Rozwój oferty dla seniorów",
        2,
        "Kurs komputerowy",
        "Miejski Ośrodek Kultury",
        ("Uniwersytet Trzeciego Wieku",),
        "2021",
        ("Liczba kursów (1 rocznie).", "Liczba absolwentów (min. 20)."),
    ),
)


def _simple_docx(tmp_path: Path, rows, name="plan.docx", merges=()) -> Path:
    document = docx.Document()
    document.add_paragraph(TITLE)
    _add_table(document, [HEADINGS, *rows], merges=merges)
    return _save(document, tmp_path / name)


def _xlsx(tmp_path: Path, rows, name="plan.xlsx", merges=(), first_column=1) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=first_column):
            if value != "":
                sheet.cell(row=r, column=c, value=value)
    for merged in merges:
        sheet.merge_cells(merged)
    path = tmp_path / name
    book.save(path)
    return path


def _rules(preview: PlanPreview) -> list[str]:
    return [p.rule for p in preview.problems]


def _docx_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


# --- years, numbers, headings, entities ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-2021", (2019, 2021, None)),
        ("2019–2021", (2019, 2021, None)),  # en dash, as Word auto-corrects
        ("2019 — 2021", (2019, 2021, None)),
        ("2019", (2019, 2019, None)),
        ("2019 r.", (2019, 2019, None)),
        ("w latach 2019-2021", (2019, 2021, None)),
        ("2019 r. – 2021 r.", (2019, 2021, None)),
        ("2021-2019", (2021, 2019, "planio.years_reversed")),
        ("", (None, None, "planio.empty_years")),
        ("na bieżąco", (None, None, "planio.years_bad")),
        ("2019, 2021", (None, None, "planio.years_bad")),
        ("1890-2021", (1890, 2021, "planio.years_range")),
    ],
)
def test_parse_years(text, expected):
    assert _parse_years(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Modernizacja sali", (1, "Modernizacja sali")),
        ("Cel strategiczny 2: Rozwój oferty", (2, "Rozwój oferty")),
        ("Cel nr 3 – Promocja", (3, "Promocja")),
        ("II. Rozwój oferty", (2, "Rozwój oferty")),
        ("Rozwój oferty", (None, "Rozwój oferty")),
        ("2019 rokiem jubileuszu", (None, "2019 rokiem jubileuszu")),
    ],
)
def test_goal_numbers(text, expected):
    assert plan_io._goal_parts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2. Montaż windy", (1, 2, "Montaż windy")),
        ("1.2 Montaż windy", (1, 2, "Montaż windy")),
        ("Zadanie 3: Festiwal", (None, 3, "Festiwal")),
        ("4) Kurs", (None, 4, "Kurs")),
        ("Festiwal 2019", (None, None, "Festiwal 2019")),
        ("2019 – festiwal", (None, None, "2019 – festiwal")),
    ],
)
def test_task_numbers(text, expected):
    assert plan_io._task_parts(text) == expected


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Cel strategiczny", "goal"),
        ("CELE STRATEGICZNE", "goal"),
        ("Zadanie", "task"),
        ("Zadnia", "task"),  # a typo
        ("Działania", "task"),
        ("Podmiot odpowiedzialny", "responsible"),
        ("Podmioty wspolpracujace", "cooperating"),
        ("Partnerzy", "cooperating"),
        ("Podmiot odpowiedzialny / podmioty współpracujące", "entities"),
        ("Perspektywa czasowa", "years"),
        ("Termin realizacji", "years"),
        ("Wskaźniki realizacji (z proponowaną wartością docelową)", "indicators"),
        ("WSKAZNIKI", "indicators"),
        ("Lp.", "number"),
        ("Uwagi", None),
        ("Strategic goal", "goal"),
        ("Time perspective", "years"),
    ],
)
def test_heading_roles(heading, role):
    assert plan_io._role(heading) == role


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("MOK\nUrząd Miasta\nPFRON", ("MOK", ("Urząd Miasta", "PFRON"))),
        (
            "Odpowiedzialny: MOK\nWspółpracujący: Urząd Miasta; PFRON",
            ("MOK", ("Urząd Miasta", "PFRON")),
        ),
        ("Podmioty współpracujące: PFRON\nOdpowiedzialny: MOK", ("MOK", ("PFRON",))),
        ("• MOK\n• Biblioteka", ("MOK", ("Biblioteka",))),
        ("", ("", ())),
    ],
)
def test_entities_in_one_cell(cell, expected):
    assert plan_io._entities(cell) == expected


def test_indicator_text_and_parts_round_trip():
    for text in ("Liczba wind (1 w 2020 r.).", "Udział dofinansowania (min. 50%).", "min. 1"):
        name, target = plan_io.indicator_parts(text)
        indicator = Indicator(task_id="t", name=name, target_text=target)
        assert plan_io.indicator_text(indicator) == text
    assert plan_io.indicator_parts("(1)") == ("(1)", "1")
    assert plan_io.indicator_text(Indicator(task_id="t", name="(1)", target_text="1")) == "(1)"


# --- export -------------------------------------------------------------------------------------


def test_docx_layout(tmp_path):
    path = plan_io.write_plan(_table(), tmp_path / "plan.docx")
    data = path.read_bytes()
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == TITLE
    section = document.sections[0]
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert abs(section.page_width.mm - 297) < 1 and abs(section.page_height.mm - 210) < 1
    xml = _docx_xml(data)
    # The header row repeats on every page; nothing else does.
    assert xml.count("<w:tblHeader") == 1
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == HEADINGS
    # Goal 1 is one cell merged over its two tasks; goal 2 stands alone.
    merges = [tr.tc_lst[0].vMerge for tr in table._tbl.tr_lst[1:]]
    assert merges == ["restart", "continue", None]
    assert table.cell(1, 0).text == "1. Modernizacja sali widowiskowej"
    assert table.cell(2, 0)._tc is table.cell(1, 0)._tc
    # Several cooperating entities and indicators are separate paragraphs of one cell.
    assert [p.text for p in table.cell(1, 3).paragraphs] == [
        "Urząd Miasta",
        "Ministerstwo Kultury i Dziedzictwa Narodowego",
    ]
    assert [p.text for p in table.cell(1, 5).paragraphs] == [
        "Liczba wymienionych systemów (1 do 2020 r.).",
        "Udział dofinansowania (min. 50%).",
    ]
    assert table.cell(1, 1).text == "1.1. Wymiana nagłośnienia"
    assert table.cell(3, 1).text == "2.1. Klub seniora"


def test_plan_table_goes_into_an_existing_document():
    document = docx.Document()
    document.add_paragraph("Raport")
    table = plan_io.add_plan_table(document, _table(), title=False, font_size=8)
    assert [p.text for p in document.paragraphs] == ["Raport"]  # no title paragraph
    assert len(document.tables) == 1 and document.tables[0]._tbl is table._tbl
    assert [c.text for c in table.rows[0].cells] == HEADINGS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.cell(2, 0)._tc is table.cell(1, 0)._tc  # the goal merged over its tasks
    sizes = {
        run.font.size.pt
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
    }
    assert sizes == {8}
    # the official widths, for Word (tcW) and for LibreOffice (gridCol)
    assert [round(c.width.mm) for c in table.columns] == [42, 62, 36, 40, 22, 65]
    assert [round(c.width.mm) for c in table.rows[1].cells] == [42, 62, 36, 40, 22, 65]
    with_title = docx.Document()
    plan_io.add_plan_table(with_title, _table())
    assert with_title.paragraphs[0].text == TITLE
    assert with_title.paragraphs[0].runs[0].bold


def test_docx_drops_characters_xml_cannot_hold(tmp_path):
    row = PlanRow(1, "Cel\x01 z błędem", 1, "Zadanie\x0b", "MOK", (), "2019", ())
    data = plan_io.plan_to_docx(PlanTable("T\x00", (row,)))
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert table.cell(1, 0).text == "1. Cel z błędem"


def test_xlsx_layout_and_formulas_neutralised(tmp_path):
    rows = (
        PlanRow(1, '=HYPERLINK("http://x")', 1, "+48 zadanie", "@MOK", ("-minus",), "2019", ()),
        PlanRow(1, '=HYPERLINK("http://x")', 2, "Drugie", "MOK", (), "2019", ("=1+1",)),
    )
    path = plan_io.write_plan(PlanTable(TITLE, rows), tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet["A1"].value == TITLE
    assert [c.value for c in sheet[2]] == HEADINGS
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:F1", "A3:A4"}
    for ref in ("C3", "D3", "F4"):  # texts starting like a formula: marked as typed text
        assert sheet[ref].data_type == "s", ref
        assert sheet[ref].quotePrefix, ref
    # Numbered goal and task cells start with a digit, so they are plain text anyway.
    assert sheet["A3"].value == '1. =HYPERLINK("http://x")'
    assert sheet["B3"].value == "1.1. +48 zadanie"
    assert sheet["D3"].value == "-minus"
    assert sheet["F4"].value == "=1+1"
    assert sheet["C3"].value == "@MOK"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
    # Nothing in the file is a formula.
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_markdown_and_html_escape_everything(tmp_path):
    row = PlanRow(
        1, "<script>alert(1)</script>", 1, "A | B *x*", "MOK & Co", ("<b>x</b>",), "2019", ()
    )
    table = PlanTable("Plan <i>", (row, replace(row, task_number=2)))
    md = plan_io.plan_to_markdown(table)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "A \\| B \\*x\\*" in md
    assert md.count("1. &lt;script&gt;") == 1  # the goal is written once, like a merged cell
    page = plan_io.plan_to_html(table)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "MOK &amp; Co" in page
    assert 'rowspan="2"' in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Plan &lt;i&gt;</title>" in page
    assert "http" not in page  # self-contained
    fragment = plan_io.plan_to_html(table, fragment=True)
    assert "<html" not in fragment and "<table" in fragment


def test_write_plan_refuses_unknown_format_and_missing_folder(tmp_path):
    with pytest.raises(SwotError, match=r"„\.pdf”.*\.docx"):
        plan_io.write_plan(_table(), tmp_path / "plan.pdf")
    with pytest.raises(PathError, match="nie istnieje"):
        plan_io.write_plan(_table(), tmp_path / "brak" / "plan.docx")
    assert (
        plan_io.write_plan(_table(), tmp_path / "plan.bin", format="md")
        .read_text(encoding="utf-8")
        .startswith("# Zestawienie")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.bin"]  # no .part left


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_export_then_import_gives_the_same_table(tmp_path, suffix):
    table = _table()
    path = plan_io.write_plan(table, tmp_path / f"plan{suffix}")
    preview = plan_io.preview_plan(path)
    assert preview.table == table
    assert preview.problems == ()
    assert preview.ok
    assert len(preview.origins) == len(table.rows)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_round_trip_of_awkward_texts(tmp_path, suffix):
    rows = (
        PlanRow(1, "Cel | z <tagiem> & „cudzysłowem”", None, ""),  # a goal without tasks
        PlanRow(2, "=SUMA(A1:A3)", 1, "-zadanie z minusem", "@podmiot", ("+48 1",), "2019", ()),
        PlanRow(2, "=SUMA(A1:A3)", 2, "Zadanie 2019", "MOK", (), "", ("(1)",)),
        PlanRow(3, "Cel trzeci", 1, "Tylko zadanie", "", (), "2020-2021", ("min. 2",)),
    )
    table = PlanTable("Plan rozwoju", rows)
    path = plan_io.write_plan(table, tmp_path / f"plan{suffix}")
    preview = plan_io.preview_plan(path)
    assert preview.table == table
    # Only the gaps are reported, as warnings.
    assert sorted(_rules(preview)) == sorted(
        [
            "planio.goal_only",
            "planio.empty_years",
            "planio.empty_indicators",
            "planio.empty_responsible",
        ]
    )
    assert preview.ok


def test_round_trip_in_english(tmp_path):
    swot.set_language("en")
    table = plan_io.PlanTable(plan_io.t("planio.title"), _table().rows)
    path = plan_io.write_plan(table, tmp_path / "plan.docx")
    assert docx.Document(str(path)).tables[0].cell(0, 0).text == "Strategic goal"
    assert plan_io.preview_plan(path).table == table


def test_workspace_round_trip(ws, tmp_path):
    table = _table()
    added = plan_io.to_workspace(ws, table, "mok", actor="zespół MOK")
    assert [type(o).__name__ for o in added].count("Goal") == 2
    assert ws.count(Task) == 3 and ws.count(Indicator) == 5
    task = ws.objects(Task)[0]
    assert (task.start_year, task.end_year, task.cooperating) == (
        2019,
        2021,
        ("Urząd Miasta", "Ministerstwo Kultury i Dziedzictwa Narodowego"),
    )
    indicator = ws.objects(Indicator, parent=task.id)[0]
    assert (indicator.name, indicator.target_text) == (
        "Liczba wymienionych systemów",
        "1 do 2020 r.",
    )
    assert {c.actor for c in ws.history()[-10:]} == {"zespół MOK"}
    back = plan_io.from_workspace(ws, "mok")
    # The workspace keeps years as numbers: the en dash comes back as a hyphen.
    assert back.rows[0].years == "2019-2021"
    assert back == PlanTable(
        TITLE,
        (
            replace(table.rows[0], years="2019-2021"),
            *table.rows[1:],
        ),
    )


def test_demo_plan_round_trips_through_docx_and_a_new_workspace(demo_ws, ws, tmp_path):
    table = plan_io.from_workspace(demo_ws, "mok")
    assert len(table.rows) >= 3
    path = plan_io.export_plan(demo_ws, "mok", tmp_path / "mok.docx")
    preview = plan_io.preview_plan(path)
    assert preview.table == table
    plan_io.to_workspace(ws, preview, "mok")
    assert plan_io.from_workspace(ws, "mok") == table


# --- import as offices write it -----------------------------------------------------------------


def test_office_document(tmp_path):
    preview = plan_io.preview_plan(_office_docx(tmp_path))
    assert preview.table.title == TITLE
    assert preview.table.rows == OFFICE_ROWS
    assert preview.ok
    # The one-column entities and the repeated header are understood without complaint; the
    # entity names are spelled consistently, so nothing is flagged at all.
    assert preview.problems == ()
    assert preview.origins[0] == "plan_urzedu.docx, tabela 1#3"
    assert preview.origins[-1] == "plan_urzedu.docx, tabela 2#2"


def test_office_document_imports_all_at_once(ws, tmp_path):
    preview = plan_io.preview_plan(_office_docx(tmp_path))
    plan_io.to_workspace(ws, preview, "mok", actor="trener")
    assert [g.title for g in ws.goals("mok")] == [
        "Modernizacja sali widowiskowej",
        "Rozwój oferty dla seniorów",
    ]
    assert ws.count(Task) == 4


def test_table_split_without_repeated_header_continues(tmp_path):
    document = docx.Document()
    _add_table(document, [HEADINGS, ["1. Cel", "1.1. A", "MOK", "", "2019", "x (1)."]])
    document.add_paragraph("")
    _add_table(document, [["", "1.2. B", "MOK", "", "2020", "y (2)."]], header=False)
    preview = plan_io.preview_plan(_save(document, tmp_path / "split.docx"))
    assert [r.task_label for r in preview.table.rows] == ["1.1. A", "1.2. B"]
    assert _rules(preview) == ["planio.continued"]
    assert preview.problems[0].severity == "warning"


def test_other_tables_before_the_plan_are_skipped(tmp_path):
    document = docx.Document()
    _add_table(document, [["Imię", "Podpis"], ["Jan", ""]], header=False)
    document.add_paragraph("Tytuł zestawienia")
    _add_table(document, [HEADINGS, ["1. Cel", "1.1. A", "MOK", "", "2019", "x (1)."]])
    preview = plan_io.preview_plan(_save(document, tmp_path / "two.docx"))
    assert preview.table.title == "Tytuł zestawienia"
    assert _rules(preview) == ["planio.skipped_table"]
    assert len(preview.table.rows) == 1


def test_empty_first_column_docx(tmp_path):
    rows = [
        ["", *HEADINGS],
        ["", "1. Cel", "1.1. A", "MOK", "Biblioteka", "2019", "x (1)."],
        ["1.", "", "", "", "", "", ""],  # an unlabelled numbering column is not "shifted"
    ]
    document = docx.Document()
    _add_table(document, rows)
    preview = plan_io.preview_plan(_save(document, tmp_path / "shifted.docx"))
    assert preview.table.rows == (
        PlanRow(1, "Cel", 1, "A", "MOK", ("Biblioteka",), "2019", ("x (1).",)),
    )
    assert preview.problems == ()


def test_office_xlsx_with_title_merges_and_empty_first_column(tmp_path):
    rows = [
        [TITLE],
        [],
        HEADINGS,
        ["Cel 1. Modernizacja", "1.1. Nagłośnienie", "MOK", "UM\nMKiDN", 2019, "Liczba (1)."],
        ["", "1.2. Winda", "MOK", "", "2020–2021", "Liczba wind (1).\nUdział (min. 50%)."],
        HEADINGS,  # repeated header (printed pages copied into one sheet)
        ["2. Seniorzy", "Klub seniora", "MOK", "", "2019-2023", "Spotkania (min. 10)."],
        ["", "Kurs", "MOK", "", "2021", "Kursy (1)."],
        ["", "", "", "", "", "Absolwenci (min. 20)."],
    ]
    merges = ["B1:G1", "B4:B5", "B7:B9", "C8:C9", "D8:D9", "E8:E9", "F8:F9"]
    path = _xlsx(tmp_path, rows, merges=merges, first_column=2)
    preview = plan_io.preview_plan(path)
    assert preview.table.title == TITLE
    assert preview.table.rows == (
        PlanRow(
            1, "Modernizacja", 1, "Nagłośnienie", "MOK", ("UM", "MKiDN"), "2019", ("Liczba (1).",)
        ),
        PlanRow(
            1,
            "Modernizacja",
            2,
            "Winda",
            "MOK",
            (),
            "2020–2021",
            ("Liczba wind (1).", "Udział (min. 50%)."),
        ),
        PlanRow(
            2, "Seniorzy", 1, "Klub seniora", "MOK", (), "2019-2023", ("Spotkania (min. 10).",)
        ),
        # The task cell merged over two rows: its second indicator joins it.
        PlanRow(
            2, "Seniorzy", 2, "Kurs", "MOK", (), "2021", ("Kursy (1).", "Absolwenci (min. 20).")
        ),
    )
    assert preview.problems == ()
    assert preview.origins[1] == "plan.xlsx, arkusz „Plan”#5"


def test_goal_rows_spanning_the_whole_table(tmp_path):
    document = docx.Document()
    headings = HEADINGS[1:]
    table = _add_table(
        document,
        [
            headings,
            ["Cel strategiczny 1: Modernizacja", "", "", "", ""],
            ["1.1. Winda", "MOK", "", "2020", "Liczba wind (1)."],
            ["Cel strategiczny 2: Seniorzy", "", "", "", ""],
            ["2.1. Klub", "MOK", "", "2021", "Spotkania (min. 10)."],
        ],
    )
    for r in (1, 3):
        table.cell(r, 0).merge(table.cell(r, 4))
    preview = plan_io.preview_plan(_save(document, tmp_path / "goal_rows.docx"))
    assert [(r.goal_number, r.goal_title, r.task_title) for r in preview.table.rows] == [
        (1, "Modernizacja", "Winda"),
        (2, "Seniorzy", "Klub"),
    ]
    assert _rules(preview) == ["planio.missing_column"]  # no goal column, only a warning


def test_unknown_columns_are_skipped_with_a_warning(tmp_path):
    rows = [["1. Cel", "1.1. A", "MOK", "", "2019", "x (1).", "50 000 zł"]]
    document = docx.Document()
    _add_table(document, [[*HEADINGS, "Koszt"], *rows])
    preview = plan_io.preview_plan(_save(document, tmp_path / "cost.docx"))
    assert _rules(preview) == ["planio.unknown_column"]
    assert preview.problems[0].column == "Koszt"
    assert preview.ok


# --- bad input ----------------------------------------------------------------------------------


def _refused(source, **kwargs) -> list[str]:
    with pytest.raises(DataImportError) as info:
        plan_io.preview_plan(source, **kwargs)
    return [p.rule for p in info.value.problems]


def test_document_without_a_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Plan rozwoju: cele opisane tekstem, bez tabeli.")
    path = _save(document, tmp_path / "bez_tabeli.docx")
    with pytest.raises(DataImportError) as info:
        plan_io.preview_plan(path)
    assert [p.rule for p in info.value.problems] == ["planio.no_table"]
    message = str(info.value)
    assert "bez_tabeli.docx" in message and "nie ma żadnej tabeli" in message
    assert "Wstaw → Tabela" in message


def test_table_without_plan_headings(tmp_path):
    document = docx.Document()
    _add_table(document, [["Imię", "Nazwisko"], ["Jan", "Kowalski"]])
    path = _save(document, tmp_path / "inna.docx")
    assert _refused(path) == ["planio.no_header"]
    assert _refused(_xlsx(tmp_path, [["a", "b"], [1, 2]])) == ["planio.no_header"]
    assert _refused(_xlsx(tmp_path, [], name="empty.xlsx")) == ["planio.no_table"]


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        (b"Cel strategiczny;Zadanie\n1;2\n", "planio.not_office"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "planio.old_office"),
        (b"PK\x03\x04 broken zip", "planio.not_office"),
        (b"", "planio.not_office"),
    ],
)
def test_files_that_are_not_docx(tmp_path, data, rule):
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    with pytest.raises(DataImportError) as info:
        plan_io.preview_plan(path)
    assert [p.rule for p in info.value.problems] == [rule]
    assert "plan.docx" in str(info.value)
    assert ".docx" in info.value.problems[0].hint or ".docx" in info.value.problems[0].message


def test_a_zip_that_is_neither_docx_nor_xlsx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")  # e.g. an .odt
    assert _refused(buffer.getvalue(), filename="plan.odt") == ["planio.not_office"]


def test_missing_file(tmp_path):
    assert _refused(tmp_path / "nie_ma.docx") == ["planio.unreadable"]


def test_empty_cells_and_reversed_years_are_flagged_where_they_are(tmp_path):
    rows = [
        ["1. Cel", "1.1. Dobre", "MOK", "", "2019-2021", "x (1)."],
        ["", "", "MOK", "", "2019", "y (1)."],  # a task without a name
        ["", "1.3. Bez podmiotu", "", "", "2021-2019", ""],
        ["", "1.4. Myślnik", "MOK", "", "2019–2021", "z (1)."],
        ["", "1.5. Bez terminu", "MOK", "", "", "z (2)."],
    ]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows, merges=[(0, 1, 5)]))
    assert not preview.ok
    found = {(p.row, p.rule, p.severity) for p in preview.problems}
    assert found == {
        (3, "planio.empty_task", "error"),
        (4, "planio.years_reversed", "error"),
        (4, "planio.empty_responsible", "warning"),
        (4, "planio.empty_indicators", "warning"),
        (6, "planio.empty_years", "warning"),
    }
    reversed_years = next(p for p in preview.problems if p.rule == "planio.years_reversed")
    assert reversed_years.file == "plan.docx, tabela 1"
    assert reversed_years.column == "Perspektywa czasowa"
    assert str(reversed_years) == (
        "plan.docx, tabela 1, wiersz 4, kolumna „Perspektywa czasowa”: Lata w odwrotnej "
        "kolejności: „2021-2019”. Czy chodziło o 2019-2021?"
    )


def test_rows_shifted_against_the_header(tmp_path):
    document = docx.Document()
    rows = [
        [*HEADINGS, ""],
        ["1. Cel", "1.1. Dobre", "MOK", "", "2019", "x (1).", ""],
        ["", "1. Cel", "1.2. Przesunięte", "MOK", "", "2019", "y (1)."],
    ]
    _add_table(document, rows)
    preview = plan_io.preview_plan(_save(document, tmp_path / "przesuniete.docx"))
    shifted = [p for p in preview.problems if p.rule == "planio.shifted"]
    assert [(p.row, p.value) for p in shifted] == [(3, "y (1).")]
    assert "przesunięte" in shifted[0].message
    assert not preview.ok


def test_row_before_any_goal(tmp_path):
    preview = plan_io.preview_plan(
        _simple_docx(tmp_path, [["", "1.1. Sierota", "MOK", "", "2019", "x (1)."]])
    )
    assert [(p.row, p.rule) for p in preview.problems] == [(2, "planio.no_goal")]
    assert preview.table.rows == ()


def test_entities_spelled_slightly_differently(tmp_path):
    rows = [
        ["1. Cel", "1.1. A", "Miejski Ośrodek Kultury", "Urząd Miasta", "2019", "x (1)."],
        ["", "1.2. B", "miejski  ośrodek kultury", "Urzad Miasta", "2019", "x (1)."],
        ["", "1.3. C", "MOK", "Biblioteka Publiczna", "2019", "x (1)."],
        ["", "1.4. D", "Miejski Osrodek Kultry", "Biblioteka Pedagogiczna", "2019", "x (1)."],
    ]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows, merges=[(0, 1, 4)]))
    similar = [p for p in preview.problems if p.rule == "planio.similar_entities"]
    assert {p.value for p in similar} == {
        # Runs of spaces are collapsed when the cell is read; case, diacritics, a typo and
        # the initials still differ.
        "Miejski Ośrodek Kultury | miejski ośrodek kultury | MOK | Miejski Osrodek Kultry",
        "Urząd Miasta | Urzad Miasta",
    }
    assert all(p.severity == "warning" for p in similar)
    assert "ten sam podmiot" in similar[0].message
    assert preview.ok  # only warnings: importing is allowed


def test_known_entities_are_compared_too(tmp_path):
    rows = [["1. Cel", "1.1. A", "Urzad Miasta", "", "2019", "x (1)."]]
    path = _simple_docx(tmp_path, rows)
    assert _rules(plan_io.preview_plan(path)) == []
    preview = plan_io.preview_plan(path, known_entities=["Urząd Miasta"])
    assert _rules(preview) == ["planio.similar_entities"]


def test_several_responsible_entities_in_their_own_column(tmp_path):
    rows = [["1. Cel", "1.1. A", ["MOK", "Biblioteka"], "", "2019", "x (1)."]]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows))
    assert preview.table.rows[0].responsible == "MOK; Biblioteka"
    assert _rules(preview) == ["planio.many_responsible"]


def test_duplicate_numbers(tmp_path):
    rows = [
        ["1. Cel", "1.1. A", "MOK", "", "2019", "x (1)."],
        ["", "1.1. B", "MOK", "", "2019", "x (1)."],
        ["1. Inny cel", "1.1. C", "MOK", "", "2019", "x (1)."],
    ]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows, merges=[(0, 1, 2)]))
    assert [(p.row, p.rule) for p in preview.errors] == [
        (3, "planio.task_number_twice"),
        (4, "planio.goal_number_twice"),
    ]


def test_task_number_of_another_goal(tmp_path):
    rows = [["2. Cel", "1.1. A", "MOK", "", "2019", "x (1)."]]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows))
    assert _rules(preview) == ["planio.task_goal_mismatch"]
    assert preview.table.rows[0].goal_number == 2 and preview.table.rows[0].task_number == 1


# --- to_workspace: all or nothing ---------------------------------------------------------------


def test_nothing_is_written_when_the_table_has_errors(ws, tmp_path):
    rows = [
        ["1. Cel", "1.1. Dobre", "MOK", "", "2019", "x (1)."],
        ["2. Drugi", "2.1. Złe lata", "MOK", "", "2021-2019", "y (1)."],
    ]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows))
    before = ws.count()
    with pytest.raises(DataImportError) as info:
        plan_io.to_workspace(ws, preview, "mok")
    assert [p.rule for p in info.value.problems] == ["planio.years_reversed"]
    assert "Nic nie zostało zapisane" in str(info.value)
    assert "plan.docx, tabela 1, wiersz 3" in str(info.value)
    assert ws.count() == before


def test_model_limits_are_checked_before_writing(ws):
    long_name = "x" * 1001
    table = PlanTable(
        "T", (*_table().rows, PlanRow(3, "Cel", 1, "A", "MOK", (), "2019", (long_name,)))
    )
    with pytest.raises(DataImportError) as info:
        plan_io.to_workspace(ws, table, "mok")
    assert [(p.row, p.rule) for p in info.value.problems] == [(4, "planio.invalid")]
    assert ws.count(Goal) == 0


def test_existing_goals_are_not_overwritten_unless_replaced(ws):
    plan_io.to_workspace(ws, _table(), "mok")
    with pytest.raises(DataImportError, match="1, 2"):
        plan_io.to_workspace(ws, _table(), "mok")
    assert ws.count(Goal) == 2
    smaller = PlanTable(TITLE, _table().rows[2:])
    plan_io.to_workspace(ws, smaller, "mok", replace=True)
    assert plan_io.from_workspace(ws, "mok").rows == smaller.rows
    assert ws.count(Goal) == 1 and ws.count(Task) == 1 and ws.count(Indicator) == 2


def test_replace_refuses_when_measurements_depend_on_the_plan(ws):
    plan_io.to_workspace(ws, _table(), "mok")
    indicator = ws.objects(Indicator)[0]
    ws.add(Measurement(indicator_id=indicator.id, period="2020", value=1))
    before = ws.count()
    with pytest.raises(SwotError):
        plan_io.to_workspace(ws, _table(), "mok", replace=True)
    assert ws.count() == before


def test_joint_plan_without_institution(ws):
    plan_io.to_workspace(ws, _table(), None)
    plan_io.to_workspace(ws, _table(), "mok")
    assert [g.institution_id for g in ws.goals()] == [None, "mok", None, "mok"]
    assert plan_io.from_workspace(ws, None).rows == plan_io.from_workspace(ws, "mok").rows


def test_preview_shows_in_a_notebook(tmp_path):
    rows = [["1. <Cel>", "1.1. A", "MOK", "", "2021-2019", "x (1)."]]
    preview = plan_io.preview_plan(_simple_docx(tmp_path, rows))
    shown = preview._repr_html_()
    assert "&lt;Cel&gt;" in shown and "<li>" in shown and "odwrotnej" in shown


def test_messages_have_both_languages_for_every_rule():
    source = Path(plan_io.__file__).read_text(encoding="utf-8")
    for rule in set(re.findall(r'"(planio\.[a-z_.]+)"', source)):
        if rule.endswith("."):
            continue
        assert plan_io.t(rule, lang="en", default="?") != "?", rule
