"""Tests for swot.survey.sniff: encodings, dialects, layouts and tables from CSV and XLSX."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swot import i18n
from swot.errors import DataImportError
from swot.survey import sniff
from swot.survey.codebook import fold
from swot.survey.sniff import (
    Decoded,
    Dialect,
    Table,
    decode,
    read_rows,
    read_xlsx_rows,
    sniff_table,
)

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
PANGRAM = "zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ"
POLISH_CSV = f"Nr;Uwagi\n1;{PANGRAM}\n2;Źle, że nie ma zajęć dla seniorów. Ślicznie!\n"


def rules(error: DataImportError) -> list[str]:
    return [p.rule for p in error.problems]


def csv_bytes(rows, delimiter=",", encoding="utf-8", lineterminator="\n"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return out.getvalue().encode(encoding)


def garble(text: str, via: str) -> str:
    """UTF-8 read as ``via`` the Windows way (undefined bytes become U+0080-U+009F)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode(via))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


# --- decode -----------------------------------------------------------------------------------


def test_utf8_without_bom():
    decoded = decode(POLISH_CSV.encode("utf-8"), filename="a.csv")
    assert decoded == Decoded(POLISH_CSV, "utf-8", bom=False, confidence=1.0, note="")


def test_utf8_with_bom_is_stripped():
    decoded = decode(b"\xef\xbb\xbf" + POLISH_CSV.encode("utf-8"), filename="a.csv")
    assert (decoded.text, decoded.encoding, decoded.bom) == (POLISH_CSV, "utf-8", True)
    assert read_rows(b"\xef\xbb\xbfNr,Wiek\n1,2\n", filename="a.csv").headers == ["Nr", "Wiek"]


@pytest.mark.parametrize(
    ("codec", "expected"), [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be")]
)
def test_utf16_with_bom(codec, expected):
    data = POLISH_CSV.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    decoded = decode(data, filename="a.csv")
    assert (decoded.text, decoded.encoding, decoded.bom) == (POLISH_CSV, expected, True)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_nul_bytes(codec):
    decoded = decode(POLISH_CSV.encode(codec), filename="a.csv")
    assert (decoded.text, decoded.encoding, decoded.bom) == (POLISH_CSV, codec, False)
    assert decoded.note


def test_utf32_with_bom():
    decoded = decode(POLISH_CSV.encode("utf-32"), filename="a.csv")
    assert decoded.text == POLISH_CSV
    assert decoded.bom


@pytest.mark.parametrize("codec", ["cp1250", "iso-8859-2", "cp852"])
def test_polish_single_byte_encodings(codec):
    decoded = decode(POLISH_CSV.encode(codec), filename="a.csv")
    assert (decoded.text, decoded.encoding, decoded.bom) == (POLISH_CSV, codec, False)
    assert 0 < decoded.confidence < 1
    assert decoded.note


@pytest.mark.parametrize("codec", ["cp1250", "iso-8859-2", "cp852"])
def test_pangram_alone(codec):
    assert decode(PANGRAM.encode(codec), filename="a.csv").text == PANGRAM


def test_cp1250_is_preferred_when_letters_do_not_decide():
    # ć ę ł ń ó ż have the same bytes in Windows-1250 and ISO-8859-2
    decoded = decode("Płeć;Wiek\nżółć;20\n".encode("cp1250"), filename="a.csv")
    assert decoded.encoding == "cp1250"


def test_cp1250_table_reads_with_polish_headers():
    table = read_rows(f"Imię;Uwagi\nŁucja;{PANGRAM}\n".encode("cp1250"), filename="a.csv")
    assert table.headers == ["Imię", "Uwagi"]
    assert table.rows == [["Łucja", PANGRAM]]
    assert table.encoding == "cp1250"


@pytest.mark.parametrize("via", ["cp1250", "cp1252"])
def test_double_encoding_is_repaired(via):
    garbled = garble(POLISH_CSV, via)
    assert "Ä" in garbled or "Ĺ" in garbled
    decoded = decode(garbled.encode("utf-8"), filename="a.csv")
    assert decoded.text == POLISH_CSV
    assert decoded.repaired
    assert "Naprawiono" in decoded.note


def test_classic_mojibake_samples_are_repaired():
    for garbled, clean in [("ZajÄ™cia", "Zajęcia"), ("ĹĽĂłĹ‚w", "żółw"), ("Å‚Ä…ka", "łąka")]:
        assert decode(f"a;{garbled}\n".encode(), filename="a.csv").text == f"a;{clean}\n"


def test_utf8_with_a_stray_windows_byte_stays_utf8():
    data = POLISH_CSV.encode("utf-8") * 3 + "3;ł\n".encode("cp1250")
    decoded = decode(data, filename="a.csv")
    assert decoded.encoding == "utf-8"
    assert decoded.text == POLISH_CSV * 3 + "3;\ufffd\n"
    assert "wierszu 10" in decoded.note
    assert decoded.confidence < 1


def test_partly_double_encoded_file_is_refused_with_a_hint():
    garbled = garble(POLISH_CSV, "cp1250")
    with pytest.raises(DataImportError) as info:
        decode((POLISH_CSV + garbled).encode("utf-8"), filename="mix.csv")
    problem = info.value.problems[0]
    assert problem.rule == "sniff.mojibake"
    assert problem.row == 5
    assert "dwukrotnie" in problem.hint
    assert "zażółć" in problem.message


def test_clean_polish_text_is_not_mojibake():
    text = "Ã la carte? Nie: „Ośrodek” — ÄŚ to nie znaczniki; Å i Ä w nazwiskach.\n"
    assert decode(text.encode(), filename="a.csv").text == text


@pytest.mark.parametrize(
    ("data", "hint_word"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "CSV"),
        (b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml", "XLSX"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "XLSX"),
        (b"GIF89a\x01\x00", "CSV"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "CSV"),
        (b"\x1f\x8b\x08\x00", "CSV"),
        (b"abc\x00\x01\x02\x03\xff\xfe\x00\x00\x00\x00\x10", "CSV"),
    ],
)
def test_binary_files_are_refused(data, hint_word):
    with pytest.raises(DataImportError) as info:
        decode(data, filename="plik.csv")
    problem = info.value.problems[0]
    assert problem.rule == "sniff.binary"
    assert "nie jest plik tekstowy/CSV" in problem.message
    assert hint_word in problem.hint
    assert "plik.csv" in str(info.value)


def test_control_characters_mean_binary():
    data = bytes(range(1, 32)) * 20 + b"a,b\n"
    with pytest.raises(DataImportError) as info:
        decode(data, filename="a.csv")
    assert rules(info.value) == ["sniff.binary"]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\n\t", "\ufeff".encode("utf-16")])
def test_empty_files_are_refused(data):
    with pytest.raises(DataImportError) as info:
        read_rows(data, filename="a.csv")
    assert rules(info.value) == ["sniff.empty"]


def test_broken_utf16_is_undecodable():
    with pytest.raises(DataImportError) as info:
        decode(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8a\x00", filename="a.csv")
    assert rules(info.value) == ["sniff.undecodable"]


def test_messages_in_english():
    i18n.set_language("en")
    with pytest.raises(DataImportError) as info:
        decode(b"%PDF-1.4", filename="a.csv")
    assert "not a text/CSV file" in str(info.value)


def test_every_message_has_both_languages():
    for key in sniff._MESSAGES:
        entry = i18n.catalog_entry(key)
        assert entry["pl"] and entry["en"]


# --- dialect ----------------------------------------------------------------------------------

ROWS = [
    ["Nr", "Uwagi", "Ocena"],
    ["1", "Koncerty, festyny; wystawy | kino\ttaniec", "5"],
    ["2", 'Mówi „super”, a potem "nie"', "4"],
    ["3", "Dwie\nlinie", "3"],
    ["4", "", "2"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_with_quoted_delimiters_inside(delimiter):
    table = read_rows(csv_bytes(ROWS, delimiter), filename="a.csv")
    assert table.dialect.delimiter == delimiter
    assert table.headers == ROWS[0]
    assert table.rows == ROWS[1:]
    assert table.row_numbers == [2, 3, 4, 5]
    assert table.problems == []


def test_dialect_defaults_and_line_terminator():
    dialect = sniff_table("a,b\r\n1,2\r\n", filename="a.csv")
    assert dialect == Dialect(",", '"', ".", 0, 1, "\r\n")
    assert sniff_table("a;b\r1;2\r", filename="a.csv").line_terminator == "\r"
    assert sniff_table("a;b", filename="a.csv").line_terminator == ""


def test_decimal_comma_with_semicolons():
    text = "Nr;Wydatki;Ocena\n1;45,50;4,5\n2;12,5;3\n3;;\n"
    dialect = sniff_table(text, filename="a.csv")
    assert (dialect.delimiter, dialect.decimal) == (";", ",")


def test_semicolon_beats_comma_when_both_split_evenly():
    text = "1,5;2,5;3\n4,5;5,5;6\n7,5;8,5;9\n"
    assert sniff_table(text, filename="a.csv").delimiter == ";"


def test_decimal_point():
    text = "Nr,Wydatki\n1,47.50\n2,12.5\n"
    assert sniff_table(text, filename="a.csv").decimal == "."
    assert sniff_table("Nr;Kwota\n1;47.50\n", filename="a.csv").decimal == "."


def test_three_decimals_are_ambiguous():
    assert sniff_table("a;b\n1;1,500\n", filename="a.csv").decimal == ","  # Polish default
    assert sniff_table('a,b\n1,"1,500"\n', filename="a.csv").decimal == "."


def test_single_column_file():
    table = read_rows(b"Uwagi\nKoncerty\nKino\n", filename="a.csv")
    assert table.headers == ["Uwagi"]
    assert table.rows == [["Koncerty"], ["Kino"]]


def test_delimiter_by_consistency_when_sniffer_fails():
    text = "a|b|c\n" + "".join(f"{i}|x y|{i}\n" for i in range(20))
    assert sniff_table(text, filename="a.csv").delimiter == "|"


# --- layout -----------------------------------------------------------------------------------


def test_title_row_is_skipped():
    text = (
        "Ankiety papierowe – wprowadzone przez pracowników MOK, marzec 2019;;;\n"
        "Nr ankiety;Wiek;Płeć;Uwagi\n1;20-29;K;brak\n"
    )
    table = read_rows(text.encode("cp1250"), filename="p.csv")
    assert table.dialect.header_row == 1
    assert table.headers == ["Nr ankiety", "Wiek", "Płeć", "Uwagi"]
    assert table.row_numbers == [3]
    assert table.title.startswith("Ankiety papierowe")


def test_two_title_rows_and_blank_rows_above():
    text = ";;\nRaport;;\nEksport z 2019-03-12;;\n\nA;B;C\n1;2;3\n"
    table = read_rows(text.encode(), filename="a.csv")
    assert table.dialect.header_row == 4
    assert table.headers == ["A", "B", "C"]
    assert table.row_numbers == [6]
    assert table.skipped_blank == [1, 4]
    assert table.title == "Raport\nEksport z 2019-03-12"


TWO_ROW = (
    "Nr;Wiek;Ocena;;;Brakuje;;Uwagi\n"
    ";;MOK;Tkacz;DOK;koncerty;kino;\n"
    "1;20-29;5;4;3;x;;super\n"
    "2;30-44;4;;2;;1;\n"
)


def test_two_row_header():
    table = read_rows(TWO_ROW.encode(), filename="a.csv")
    assert table.dialect.header_rows == 2
    assert table.headers == [
        "Nr",
        "Wiek",
        "Ocena [MOK]",
        "Ocena [Tkacz]",
        "Ocena [DOK]",
        "Brakuje [koncerty]",
        "Brakuje [kino]",
        "Uwagi",
    ]
    assert table.row_numbers == [3, 4]
    assert table.rows[1] == ["2", "30-44", "4", "", "2", "", "1", ""]


def test_two_row_header_after_a_title():
    table = read_rows(("Ankieta 2019;;;;;;;\n" + TWO_ROW).encode(), filename="a.csv")
    assert (table.dialect.header_row, table.dialect.header_rows) == (1, 2)
    assert table.row_numbers == [4, 5]


@pytest.mark.parametrize(
    "second",
    [
        "1;20-29;5;4;3;x;;super",  # a data row
        ";;5;4;3;x;1;",  # numbers and marks are data, not labels
        "Nr;Wiek;MOK;Tkacz;DOK;koncerty;kino;",  # labels under single columns too
        ";;MOK;Tkacz;;koncerty;kino;",  # a gap without a sub-label
    ],
)
def test_not_a_two_row_header(second):
    text = f"Nr;Wiek;Ocena;;;Brakuje;;Uwagi\n{second}\n1;20-29;5;4;3;x;;super\n"
    try:
        table = read_rows(text.encode(), filename="a.csv")
    except DataImportError as error:  # gaps in a one-row header are columns without names
        assert set(rules(error)) == {"sniff.header_empty"}
    else:
        assert table.dialect.header_rows == 1


# --- rows -------------------------------------------------------------------------------------


def test_blank_rows_are_skipped_with_excel_numbers():
    text = 'Nr;Uwagi\n1;"dwie\nlinie"\n;\n\n2;a\n ; \n3;b\n;\n\n'
    table = read_rows(text.encode(), filename="a.csv")
    assert table.rows == [["1", "dwie\nlinie"], ["2", "a"], ["3", "b"]]
    assert table.row_numbers == [2, 5, 7]  # a quoted line break stays in one Excel row
    assert table.skipped_blank == [3, 4, 6]  # blank rows after the data are not listed


def test_ragged_rows_are_kept_and_reported():
    text = "A;B;C\n1;2;3\n4;5\n6;7;8;9\n10;11;12;;\n"
    table = read_rows(text.encode(), filename="r.csv")
    assert table.rows == [["1", "2", "3"], ["4", "5", ""], ["6", "7", "8", "9"], ["10", "11", "12"]]
    assert [(p.row, p.rule, p.severity) for p in table.problems] == [
        (3, "sniff.row_short", "warning"),
        (4, "sniff.row_long", "error"),
    ]
    long = table.problems[1]
    assert (long.file, long.value) == ("r.csv", "9")
    assert "4" in long.message and "3" in long.message


def test_header_whitespace_and_line_breaks_are_cleaned():
    text = '\ufeff Nr ;"Ocena\nMOK"\u00a0;\n1;2;\n'
    table = read_rows(text.encode(), filename="a.csv")
    assert table.headers == ["Nr", "Ocena MOK"]
    assert table.rows == [["1", "2"]]


def test_spacer_column_without_name_or_data_is_dropped():
    table = read_rows(b"A;;B\n1;;2\n3; ;4\n", filename="a.csv")
    assert table.headers == ["A", "B"]
    assert table.rows == [["1", "2"], ["3", "4"]]


def test_empty_and_duplicate_headers_are_all_reported():
    text = "Nr;;Wiek;wiek;Nr;Uwagi\n1;x;20;20;1;\n"
    with pytest.raises(DataImportError) as info:
        read_rows(text.encode(), filename="h.csv")
    problems = info.value.problems
    assert [p.rule for p in problems] == [
        "sniff.header_empty",
        "sniff.header_duplicate",
        "sniff.header_duplicate",
    ]
    assert problems[0].column == "B"
    assert "A, E" in problems[1].message
    assert all(p.row == 1 for p in problems)
    assert "h.csv" in str(info.value)


@pytest.mark.parametrize("text", [";;;\n;;;\n", "\n\n\n", ';"";\n', "\t\t\n"])
def test_no_header(text):
    with pytest.raises(DataImportError) as info:
        read_rows(text.encode(), filename="a.csv")
    assert rules(info.value)[0] in {"sniff.no_header", "sniff.empty"}


def test_header_only_gives_no_rows():
    table = read_rows(b"A,B\n", filename="a.csv")
    assert (table.headers, table.rows, table.row_numbers) == (["A", "B"], [], [])


def test_ten_megabyte_cell():
    big = "ą" * 10_000_000
    table = read_rows(f'Nr;Uwagi\n1;"{big}"\n2;ok\n'.encode(), filename="big.csv")
    assert len(table.rows[0][1]) == 10_000_000
    assert table.row_numbers == [2, 3]
    assert table.dialect.delimiter == ";"


def test_table_is_frozen():
    table = read_rows(b"A,B\n1,2\n", filename="a.csv")
    assert isinstance(table, Table)
    with pytest.raises(AttributeError):
        table.headers = []  # type: ignore[misc]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_a_table_or_a_data_import_error(data):
    try:
        table = read_rows(data, filename="x.csv")
    except DataImportError as error:
        assert error.problems
    else:
        assert len(table.rows) == len(table.row_numbers)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_table_or_a_data_import_error(text):
    for codec in ("utf-8", "utf-16"):
        with contextlib.suppress(DataImportError):
            read_rows(text.encode(codec, errors="replace"), filename="x.csv")


CELL = st.text(st.sampled_from("abcxyzśćżó AĄŁ0123456789\n\"'-"), max_size=12)
HEADER = st.text(st.sampled_from("abcdefghśżąĄŁ"), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sniff.DELIMITERS),
    st.lists(HEADER, min_size=2, max_size=6, unique_by=fold),
    st.data(),
)
def test_written_tables_read_back(delimiter, headers, data):
    width = len(headers)
    rows = data.draw(
        st.lists(
            st.lists(CELL, min_size=width, max_size=width).filter(
                lambda r: any(c.strip() for c in r)
            ),
            max_size=8,
        )
    )
    table = read_rows(csv_bytes([headers, *rows], delimiter), filename="w.csv")
    assert table.headers == headers
    assert table.rows == rows
    assert table.row_numbers == list(range(2, len(rows) + 2))


# --- sample data ------------------------------------------------------------------------------


def sample(name: str) -> bytes:
    path = SAMPLE_DATA / name
    if not path.exists():
        pytest.skip(f"sample_data/{name} is missing")
    return path.read_bytes()


def test_sample_paper_file():
    data = sample("konsultacje_papier.csv")
    table = read_rows(data, filename="konsultacje_papier.csv")
    assert table.encoding == "cp1250"
    assert (table.dialect.delimiter, table.dialect.decimal) == (";", ",")
    assert (table.dialect.header_row, table.dialect.header_rows) == (1, 1)
    assert table.dialect.line_terminator == "\r\n"
    assert table.title.startswith("Ankiety papierowe")
    assert table.headers[0] == "Nr ankiety"
    assert "Wydatki na kulturę (zł)" in table.headers
    assert len(table.rows) == 200
    assert len(table.skipped_blank) == 3
    assert table.problems == []
    # Excel row numbers: title = 1, header = 2, blank rows counted but not returned
    lines = data.decode("cp1250").split("\r\n")
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        assert lines[number - 1].startswith(row[0] + ";")
    for number in table.skipped_blank:
        assert not lines[number - 1].strip(";")
    assert table.row_numbers[0] == 3
    assert table.row_numbers[-1] == 205


def test_sample_google_file():
    table = read_rows(
        sample("konsultacje_online_google.csv"), filename="konsultacje_online_google.csv"
    )
    assert (table.encoding, table.dialect.delimiter, table.dialect.decimal) == ("utf-8", ",", ".")
    assert table.headers[:2] == ["Sygnatura czasowa", "Adres e-mail"]
    assert len(table.rows) == 320
    assert table.row_numbers == list(range(2, 322))  # multi-line answers are one row each
    assert any("\n" in cell for row in table.rows for cell in row)
    assert table.problems == []
    assert table.skipped_blank == []


def test_sample_limesurvey_file():
    data = sample("konsultacje_wydarzenia_limesurvey.csv")
    decoded = decode(data, filename="l.csv")
    assert (decoded.encoding, decoded.bom) == ("utf-8", True)
    table = read_rows(data, filename="l.csv")
    assert table.dialect.delimiter == ";"
    assert table.headers[:3] == ["id", "submitdate", "lastpage"]
    assert "Q4[SQ001]" in table.headers
    assert len(table.rows) == 150
    assert table.row_numbers == list(range(2, 152))
    assert table.problems == []


# --- xlsx -------------------------------------------------------------------------------------


def workbook_bytes(rows, *, merge=(), sheet="Arkusz1", extra_sheet=None, text_cells=()):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for ref in text_cells:  # a text cell that merely starts with "="
        ws[ref].data_type = "s"
    for cells in merge:
        ws.merge_cells(cells)
    if extra_sheet:
        book.create_sheet(extra_sheet).append(["Inny", "Arkusz"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_cells_as_people_see_them():
    data = workbook_bytes(
        [
            ["Ankieta papierowa 2019"],
            [],
            ["Nr", "Data", "Kwota", "Zgoda", "Godzina", "Uwagi", "Formuła"],
            [1.0, dt.datetime(2019, 3, 12), 45.5, True, dt.datetime(2019, 3, 12, 10, 15, 32), None],
            [],
            [2, dt.date(2019, 3, 13), 0.1 + 0.2, False, dt.time(18, 0), "=2+2", "=A1"],
        ],
        text_cells=["F6"],
    )
    table = read_xlsx_rows(data, filename="a.xlsx")
    assert table.encoding == "xlsx"
    assert table.sheet == "Arkusz1"
    assert table.title == "Ankieta papierowa 2019"
    assert table.headers == ["Nr", "Data", "Kwota", "Zgoda", "Godzina", "Uwagi", "Formuła"]
    assert table.rows == [
        ["1", "2019-03-12", "45.5", "TRUE", "2019-03-12 10:15:32", "", ""],
        ["2", "2019-03-13", "0.3", "FALSE", "18:00:00", "=2+2", ""],  # no cached value
    ]
    assert table.row_numbers == [4, 6]
    assert table.skipped_blank == [2, 5]
    assert table.dialect.header_row == 2
    assert table.problems == []  # short rows are normal in a sheet


def test_xlsx_two_row_header_from_merged_cells():
    data = workbook_bytes(
        [
            ["Nr", "Ocena", None, None, "Uwagi"],
            [None, "MOK", "Tkacz", "DOK", None],
            [1, 5, 4, 3, "x y"],
        ],
        merge=["B1:D1", "A1:A2", "E1:E2"],
    )
    table = read_xlsx_rows(data, filename="a.xlsx")
    assert table.headers == ["Nr", "Ocena [MOK]", "Ocena [Tkacz]", "Ocena [DOK]", "Uwagi"]
    assert table.rows == [["1", "5", "4", "3", "x y"]]
    assert table.row_numbers == [3]


def test_xlsx_sheet_choice():
    data = workbook_bytes([["A", "B"], [1, 2]], extra_sheet="Drugi")
    assert read_xlsx_rows(data, filename="a.xlsx").headers == ["A", "B"]
    assert read_xlsx_rows(data, filename="a.xlsx", sheet="Drugi").headers == ["Inny", "Arkusz"]
    with pytest.raises(DataImportError) as info:
        read_xlsx_rows(data, filename="a.xlsx", sheet="Brak")
    assert rules(info.value) == ["sniff.xlsx_sheet"]
    assert "Arkusz1, Drugi" in info.value.problems[0].message


def test_xlsx_data_right_of_the_header_needs_a_name():
    data = workbook_bytes([["A", "B"], [1, 2, 3]])
    with pytest.raises(DataImportError) as info:
        read_xlsx_rows(data, filename="a.xlsx")
    assert [(p.rule, p.column) for p in info.value.problems] == [("sniff.header_empty", "C")]


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"not a workbook", b""])
def test_xlsx_broken(data):
    with pytest.raises(DataImportError) as info:
        read_xlsx_rows(data, filename="a.xlsx")
    assert rules(info.value) == ["sniff.xlsx_bad"]


def test_xlsx_empty_sheet():
    with pytest.raises(DataImportError) as info:
        read_xlsx_rows(workbook_bytes([]), filename="a.xlsx")
    assert rules(info.value) == ["sniff.no_header"]


def test_xlsx_bytes_are_refused_as_csv():
    with pytest.raises(DataImportError) as info:
        read_rows(workbook_bytes([["A"]]), filename="a.csv")
    assert "XLSX" in info.value.problems[0].hint
