"""SWOT board exports: read back, texts literal, spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest

import swot
from swot.errors import PathError, SwotError
from swot.exports import (
    BOARD_FORMATS,
    board_table,
    export_board,
    neutralise_formula,
    to_markdown,
    write_board,
)
from swot.model import Evidence, Factor, Finding

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
FORMULAS = [
    '=HYPERLINK("http://zly.example","klik")',
    "+48 600 100 200",
    "-5% frekwencji",
    "@SUM(A1:A2)",
]


@pytest.fixture
def table():
    finding = Finding(statement="37% nie zna oferty <b>MOK</b>", source="ankieta 2019")
    factors = [
        Factor(
            institution_id="mok",
            quadrant="S",
            text="Kadra | zespół <b>pogrubiony</b>",
            category="kadra",
            importance=5,
            author="Anna K.",
            evidence=[Evidence(finding_id=finding.id), Evidence(source="wizja lokalna")],
            position=1,
        ),
        Factor(
            institution_id="mok", quadrant="W", text=XSS, author="=cmd|' /C calc'!A0", importance=4
        ),
        Factor(institution_id="mok", quadrant="T", text="Dzwonek\x07 w tekście", importance=1),
        *(
            Factor(institution_id="mok", quadrant="O", text=text, category="@kat", position=k)
            for k, text in enumerate(FORMULAS)
        ),
    ]
    return board_table(factors, findings=[finding], title="Analiza SWOT: MOK <i>x</i>")


def test_board_table_orders_rows_and_resolves_evidence(table):
    assert [r.quadrant.value for r in table.rows] == ["S", "W", "O", "O", "O", "O", "T"]
    assert [r.number for r in table.rows if r.quadrant.value == "O"] == [1, 2, 3, 4]
    strength = table.rows[0]
    assert strength.evidence == "37% nie zna oferty <b>MOK</b> (ankieta 2019); wizja lokalna"
    assert table.headings == (
        "Ćwiartka",
        "Lp.",
        "Czynnik",
        "Kategoria",
        "Ważność (1–5)",
        "Autor",
        "Dowody",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kadra", "Kadra"),
        ("", ""),
        (5, 5),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_opens_in_polish_excel_and_neutralises_formulas(table, tmp_path):
    path = write_board(table, tmp_path / "swot.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(table.headings)
    assert len(rows) == 1 + len(table.rows)
    assert rows[1][:5] == ["Mocne strony", "1", "Kadra | zespół <b>pogrubiony</b>", "kadra", "5"]
    assert rows[2][2] == XSS and rows[2][5] == "'=cmd|' /C calc'!A0"
    assert [r[2] for r in rows[3:7]] == ["'" + f for f in FORMULAS]
    assert {r[3] for r in rows[3:7]} == {"'@kat"}


def test_xlsx_keeps_texts_exact_and_never_stores_a_formula(table, tmp_path):
    path = write_board(table, tmp_path / "swot.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    book = openpyxl.load_workbook(path)
    sheet = book["SWOT"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == table.headings and len(rows) == 1 + len(table.rows)
    assert rows[2][2] == XSS and rows[2][5] == "=cmd|' /C calc'!A0"
    assert [r[2] for r in rows[3:7]] == FORMULAS
    assert rows[7][2] == "Dzwonek w tekście"  # a control character XML cannot hold, dropped
    assert rows[1][4] == 5 and isinstance(rows[1][4], int)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "n")
            if isinstance(cell.value, str):
                assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@"))
    assert sheet.freeze_panes == "A2"


def test_markdown_escapes_markup_and_table_pipes(table, tmp_path):
    text = write_board(table, tmp_path / "swot.md").read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "| 1 | Kadra \\| zespół &lt;b&gt;pogrubiony&lt;/b&gt; | kadra | 5 | Anna K. |" in text
    assert text.startswith("# Analiza SWOT: MOK &lt;i&gt;x&lt;/i&gt;\n")
    assert "## Słabe strony (1)" in text
    empty = to_markdown(board_table([]))
    assert empty.count("*brak czynników*") == 4


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escaped(table, tmp_path):
    page = write_board(table, tmp_path / "swot.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    assert not parser.attrs & {"src", "href", "onerror"}  # nothing external, nothing active
    shown = "".join(parser.text)
    assert XSS in shown and "Kadra | zespół <b>pogrubiony</b>" in shown
    assert "=cmd|' /C calc'!A0" in shown
    assert '<html lang="pl">' in page and "Mocne strony (1)" in page


def test_export_board_from_the_demo_workspace(demo_ws, tmp_path):
    factors = demo_ws.factors("mok")
    for suffix in sorted(set(BOARD_FORMATS.values())):
        path = export_board(demo_ws, "mok", tmp_path / f"mok.{suffix}")
        assert path.stat().st_size > 0
    rows = list(openpyxl.load_workbook(tmp_path / "mok.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 1 + len(factors)
    assert {r[2] for r in rows[1:]} == {f.text for f in factors}
    assert {r[5] for r in rows[1:]} <= {f.author for f in factors}
    html_text = (tmp_path / "mok.html").read_text(encoding="utf-8")
    assert "Analiza SWOT: Miejski Ośrodek Kultury" in html_text
    assert not list(tmp_path.glob(".*part"))


def test_write_board_refuses_bad_paths_and_formats(table, tmp_path):
    with pytest.raises(SwotError, match="Dozwolone rozszerzenia"):
        write_board(table, tmp_path / "swot.docx")
    with pytest.raises(PathError, match="folder"):
        write_board(table, tmp_path)
    with pytest.raises(PathError, match="nie istnieje"):
        write_board(table, tmp_path / "brak" / "swot.csv")
    assert write_board(table, tmp_path / "plik", format="md").read_text(encoding="utf-8")


def test_exports_in_english(table, tmp_path):
    swot.set_language("en")
    rows = list(
        csv.reader(
            io.StringIO(
                write_board(board_table([]), tmp_path / "e.csv").read_text(encoding="utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows == [
        ["Quadrant", "No.", "Factor", "Category", "Importance (1-5)", "Author", "Evidence"]
    ]
