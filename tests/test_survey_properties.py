"""Property tests of ``import_survey``: whatever the bytes, a full report or a DataImportError.

Never any other exception, never a partial import: ``rows_in == accepted + rejected`` and the
data holds exactly the accepted rows.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swot import survey
from swot.diagnosis import frequencies
from swot.errors import DataImportError
from swot.survey import importers
from swot.survey.codebook import Codebook, fold
from swot.survey.dataset import SurveyImport, category_dtype
from swot.survey.importers import (
    _cut_after,
    _Distinct,
    _parse_dates_each,
    _parse_dates_one_layout,
    _quoting,
    _spellings,
    _split_options,
    _strptime,
    parse_dates,
)

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
CODEBOOK = Codebook.load(SAMPLE / "kwestionariusz.json")
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Headings and answers the sample codebook knows, so generated rows reach the converters.
HEADINGS = [
    "Nr ankiety",
    "Płeć",
    "Wiek",
    "Ocena MOK",
    "Brakuje: kino",
    "Brakuje: wystawy",
    "Wydatki na kulturę (zł)",
    "Uwagi",
    "Sygnatura czasowa",
    "id",
    "submitdate",
    "lastpage",
    "token",
    "pytanie",
    "odpowiedz",
    "liczba",
    "notatka",
    "instytucja",
    "data",
    "grp/Q1",
    "_uuid",
    "Nowe pytanie",
]
WORDS = [
    "K",
    "M",
    "nie podano",
    "75+",
    "20-29",
    "nw",
    "5",
    "7",
    "x",
    "X",
    "1",
    "0",
    "Y",
    "45,50",
    "1 200",
    "-3",
    "40 zł",
    "601 234 567",
    "jan@example.com",
    "44051401359",
    "=SUMA(A1)",
    "<b>",
    "Wiek rozmówcy",
    "Ani dobrze, ani źle",
    "2019/03/12 10:15:32 PM GMT+1",
    "12.03.2019",
    "mok",
    "zażółć gęślą jaźń",
]
CELL_CHARS = st.sampled_from(list("abcxyzĄąĘęŁłŃńÓóŚśŹźŻż0123456789 ,;\t|\"'\n\r.-+=@[]:/\ufeff"))
cells = st.one_of(
    st.sampled_from([*WORDS, *HEADINGS, ""]),
    st.text(CELL_CHARS, max_size=12),
)


def check(result_or_error: SurveyImport | DataImportError) -> None:
    if isinstance(result_or_error, DataImportError):
        assert result_or_error.problems
        for problem in result_or_error.problems:
            assert problem.message and problem.rule
        return
    report = result_or_error.report
    assert report.rows_in == report.accepted + report.rejected
    assert report.accepted >= 0 and report.rejected >= 0
    frame = {
        "responses": result_or_error.responses,
        "tallies": result_or_error.tallies,
        "notes": result_or_error.notes,
    }[result_or_error.kind]
    assert len(frame) == report.accepted
    assert len(report.rejected_rows) <= report.rejected
    assert not set(report.rejected_rows) & set(report.blank_rows)


def run(data: bytes, filename: str = "plik.csv", **options: object) -> None:
    try:
        result = survey.import_survey(
            data,
            codebook=CODEBOOK,
            filename=filename,
            institutions=("mok", "tkacz", "dok"),
            **options,  # type: ignore[arg-type]
        )
    except DataImportError as error:
        check(error)
    else:
        check(result)


@PROPERTY
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes(data: bytes) -> None:
    run(data)


# Headings of each kind of file, so that generated tables reach every importer.
KINDS = {
    "generic": ["Nr ankiety", "Płeć", "Wiek", "Ocena MOK", "Wydatki na kulturę (zł)", "Uwagi"],
    "multiple": ["Nr ankiety", "Brakuje: kino", "Brakuje: wystawy", "Brakuje: inne (jakie?)"],
    "google": ["Sygnatura czasowa", "Adres e-mail", "Płeć", "Wiek", "Nowe pytanie"],
    "lime": ["id", "submitdate", "lastpage", "token", "Q1", "Q2", "Q7[SQ001]", "Q7[other]"],
    "kobo": ["end", "grp/Q1", "grp-Q2", "_uuid", "_id", "__version__"],
    "tallies": ["miejsce", "data", "pytanie", "odpowiedz", "liczba"],
    "notes": ["data", "instytucja", "forma", "notatka"],
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, str]:
    """A small table as text: header, rows (some ragged or blank), delimiter, line end."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    kind = draw(st.sampled_from(sorted(KINDS)))
    header = draw(st.permutations(KINDS[kind]))[: draw(st.integers(1, len(KINDS[kind])))]
    header += draw(st.lists(st.sampled_from(HEADINGS), max_size=2))  # may repeat one
    width = len(header)
    lines = []
    if draw(st.booleans()):
        lines.append(delimiter.join([draw(cells)] + [""] * (width - 1)))  # a title row
    lines.append(delimiter.join(quote(h, delimiter, draw(st.booleans())) for h in header))
    for _ in range(draw(st.integers(0, 8))):
        size = draw(st.sampled_from([width, width, width, 0, width - 1, width + 1, width + 3]))
        row = [quote(draw(cells), delimiter, draw(st.booleans())) for _ in range(max(size, 0))]
        lines.append(delimiter.join(row))
    return newline.join(lines) + draw(st.sampled_from(["", newline])), delimiter


def quote(cell: str, delimiter: str, always: bool) -> str:
    if always or any(c in cell for c in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@PROPERTY
@given(tables(), st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "utf-16"]))
def test_small_csv_tables(table: tuple[str, str], encoding: str) -> None:
    text, _delimiter = table
    run(text.encode(encoding, errors="replace"))


@PROPERTY
@given(st.text(CELL_CHARS, max_size=300), st.sampled_from(["utf-8", "cp1250"]))
def test_arbitrary_text(text: str, encoding: str) -> None:
    run(text.encode(encoding, errors="replace"))


@PROPERTY
@given(tables(), st.sampled_from([None, "google_forms", "limesurvey", "kobo", "tallies", "notes"]))
def test_forced_formats(table: tuple[str, str], fmt: str | None) -> None:
    run(table[0].encode("utf-8"), format=fmt)


XLSX_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
]


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*XLSX_PARTS, "docProps/app.xml", "inny.txt"]),
            st.one_of(
                st.binary(max_size=200),
                st.sampled_from([b"<?xml version='1.0'?><a/>", b"", b"<workbook>"]),
            ),
        ),
        max_size=6,
    )
)
def test_arbitrary_zip_archives(members: list[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in dict(members).items():
            archive.writestr(name, content)
    run(buffer.getvalue(), filename="plik.xlsx")


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    values = st.one_of(
        cells.map(lambda c: c.replace("\r", "").replace("\ufeff", "") or None),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.booleans(),
        st.none(),
    )
    kind = draw(st.sampled_from(sorted(KINDS)))
    if draw(st.booleans()):
        sheet.append([draw(cells)])  # a title row
    sheet.append(draw(st.permutations(KINDS[kind])))
    for _ in range(draw(st.integers(0, 7))):
        sheet.append(draw(st.lists(values, max_size=len(KINDS[kind]) + 1)))
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if draw(st.booleans()):  # damage it
        cut = draw(st.integers(0, 1 << 16)) % len(data)  # the size varies with the save time
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut + 1 :]
    return data


@PROPERTY
@given(workbooks())
def test_xlsx_workbooks(data: bytes) -> None:
    run(data, filename="plik.xlsx")


@pytest.mark.parametrize("size", [0, 1, 7])
def test_property_helper_accepts_a_valid_file(size: int) -> None:
    rows = "".join(f"{i};K;5\n" for i in range(1, size + 1))
    run(f"Nr ankiety;Płeć;Ocena MOK\n{rows}".encode())


@PROPERTY
@given(tables())
def test_a_long_row_changes_no_other_row(table: tuple[str, str]) -> None:
    """A row longer than the header switches to the exact reader: the others read the same."""
    text, delimiter = table
    try:
        plain = survey.read_table(text.encode(), filename="a.csv")
    except DataImportError:
        return
    width = len(plain.headings)
    ending = "" if text.endswith(("\n", "\r")) else "\n"
    longer = f"{text}{ending}{delimiter.join(['x'] * (width + 2))}\n"
    try:
        exact = survey.read_table(longer.encode(), filename="a.csv")
    except DataImportError:
        return  # the extra row changed what the file looks like (e.g. its delimiter)
    if exact.headings != plain.headings:
        return
    kept = exact.rows.isin(plain.rows).to_numpy()
    assert list(exact.rows[kept]) == list(plain.rows)
    assert exact.frame[kept].reset_index(drop=True).equals(plain.frame.reset_index(drop=True))


def group(integer: str, separator: str) -> str:
    head = len(integer) % 3 or 3
    return separator.join(
        [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
    )


@PROPERTY
@given(
    st.lists(st.integers(0, 10**9 - 1), min_size=1, max_size=8),
    st.sampled_from(["pl", "en"]),
    st.sampled_from(["", " ", "\u00a0", "."]),
    st.booleans(),
)
def test_numbers_read_back(cents: list[int], style: str, thousands: str, always: bool) -> None:
    """Amounts written the Polish way (1 234,50) or the English way (1,234.50) read back."""
    decimal, delimiter = (",", ";") if style == "pl" else (".", ",")
    if style == "en" and thousands == ".":
        thousands = ","
    cells = []
    for value in cents:
        integer = group(str(value // 100), thousands) if thousands else str(value // 100)
        cells.append(f"{integer}{decimal}{value % 100:02d}" if always or value % 100 else integer)
    header = f"Nr ankiety{delimiter}Wydatki na kulturę (zł)"
    rows = [f"{i}{delimiter}{quote(c, delimiter, False)}" for i, c in enumerate(cells, start=1)]
    result = survey.import_survey(
        "\n".join([header, *rows]).encode(), codebook=CODEBOOK, filename="a.csv"
    )
    assert result.report.accepted == len(cents)
    expected = [v / 100 for v in cents]
    assert list(result.responses["spending"].astype(float)) == pytest.approx(expected)


# --- dates: the one-layout fast path reads exactly what the careful per-value path reads ------

_LAYOUTS = {
    "google_pl": lambda d: d.strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+1",
    "google_zone_mix": lambda d: d.strftime("%Y/%m/%d %H:%M:%S") + f" GMT+{1 + d.day % 2}",
    "kobo": lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.000+01:00"),
    "iso": lambda d: d.strftime("%Y-%m-%d %H:%M"),
    "polish": lambda d: d.strftime("%d.%m.%Y"),
    "slashes": lambda d: f"{d.day}/{d.month}/{d.year}",
    "us": lambda d: f"{d.month}/{d.day}/{d.year}",
}
_STRAYS = st.sampled_from(
    ["", "brak", "31.02.2019", "3/25/2019", "25/3/2019", "2019-13-01", "12.03.19", "1850-01-01"]
)


@settings(max_examples=40, deadline=None)
@given(
    layout=st.sampled_from(sorted(_LAYOUTS)),
    start=st.datetimes(min_value=dt.datetime(2018, 1, 1), max_value=dt.datetime(2025, 1, 1)),
    strays=st.lists(st.tuples(st.integers(0, 1199), _STRAYS), max_size=6),
)
def test_dates_fast_path_reads_what_the_careful_path_reads(layout, start, strays):
    days = [start + dt.timedelta(hours=7 * i) for i in range(1200)]
    cells = [_LAYOUTS[layout](d) for d in days]
    for where, value in strays:
        cells[where] = value
    text = pd.Series(cells, dtype="str")
    assert parse_dates(text).equals(_parse_dates_each(text.str.strip()))


def test_dates_fast_path_is_taken_for_one_layout():
    days = [dt.datetime(2019, 3, 1) + dt.timedelta(minutes=13 * i) for i in range(2000)]
    text = pd.Series([d.strftime("%Y/%m/%d %I:%M:%S %p GMT+1") for d in days], dtype="str")
    fast = _parse_dates_one_layout(text)
    assert fast is not None
    assert fast.tolist() == days


def _cut_after_by_scanning(text: str, folded_length: int) -> str:
    """The obvious reference: grow the prefix one character at a time."""
    stripped = text.lstrip()
    index = 0
    while index < len(stripped) and len(fold(stripped[:index])) < folded_length:
        index += 1
    return stripped[index:].lstrip(" ,;")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="aźŁ ,;–ﬁe\u0301„”x\t", max_size=30), data=st.data())
def test_cutting_an_option_off_matches_a_plain_scan(text, data):
    folded_length = data.draw(st.integers(0, len(fold(text)) + 1))
    assert _cut_after(text, folded_length) == _cut_after_by_scanning(text, folded_length)


@settings(max_examples=200, deadline=None)
@given(
    fmt=st.sampled_from(
        ["%Y/%m/%d %I:%M:%S %p GMT+1", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    ),
    day=st.datetimes(min_value=dt.datetime(1890, 1, 1), max_value=dt.datetime(2230, 1, 1)),
    cells=st.lists(
        st.text(alphabet="0123456789/.-: APMGT+", max_size=24)
        | st.sampled_from(
            [
                "2019-02-31 10:00",
                "2019-03-12  10:15",
                "2019-03-1210:15",
                "2019-3-5 1:2",
                "31.02.2019",
                "29.02.2019",
                "2019-03-12 10:15:60",
                "2019/03/12 13:00:00 PM GMT+1",
                "2019/03/12 12:00:00 AM GMT+1",
                "2019/03/12 00:15:32 AM GMT+1",
                "2019/03/12 10:15:32 am GMT+1",
                "2019/02/29 10:15:32 PM GMT+1",
                "2020/02/29 10:15:32 PM GMT+1",
                "2019-04-31 10:00",
                "2019-12-31 23:59:59",
                "2019-03-12 24:00",
                "2019-13-01 10:00",
                "29.02.2020",
                " 2019-03-12 10:15",
                "0.0.0",
                "",
            ]
        ),
        max_size=12,
    ),
)
def test_fast_strptime_reads_what_pandas_reads(fmt, day, cells):
    text = pd.Series([day.strftime(fmt), *cells], dtype="str")
    expected = pd.to_datetime(text, format=fmt, errors="coerce")
    expected = expected.where((expected.dt.year >= 1900) & (expected.dt.year <= 2200))
    assert _strptime(text, fmt).equals(expected.astype("datetime64[ns]"))


def test_year_first_dates_do_not_decide_day_or_month_order():
    # Found by the property test: the digits of "2018/01/01" once voted for month-first.
    cells = ["2018/01/01 12:00:00 AM GMT+1"] * 1100 + ["3/4/2019", "3/25/2019"]
    got = parse_dates(pd.Series(cells, dtype="str"))
    assert got.iloc[-2:].tolist() == [pd.Timestamp(2019, 3, 4), pd.Timestamp(2019, 3, 25)]


# --- the fast paths read and convert what the careful paths do ------------------------------------


def outcome(data: bytes) -> tuple:
    """What importing gives, comparable: ``("refused", problems)`` or report, codebook, frames."""
    try:
        result = survey.import_survey(
            data, codebook=CODEBOOK, filename="plik.csv", institutions=("mok", "tkacz", "dok")
        )
    except DataImportError as error:
        return ("refused", error.problems)
    return result.report, result.codebook, (result.responses, result.tallies, result.notes)


def assert_same(got: tuple, expected: tuple) -> None:
    assert got[:2] == expected[:2]
    if got[0] != "refused":
        for frame, other in zip(got[2], expected[2], strict=True):
            pd.testing.assert_frame_equal(frame, other, check_exact=True)


CAREFUL = {
    # the whole text decoded first, as sniff.decode() does
    "decoded": (importers.sniff, "plain_utf8", lambda *args, **kwargs: None),
    # every column as plain text, none dictionary-encoded
    "plain columns": (importers, "_few_values", lambda *args: set()),
    # every column dictionary-encoded (categoricals)
    "coded columns": (
        importers,
        "_few_values",
        lambda data, dialect, skip, width: set(range(width)),
    ),
}


@PROPERTY
@given(
    tables(), st.sampled_from(["utf-8", "utf-8-sig", "cp1250"]), st.sampled_from(sorted(CAREFUL))
)
def test_fast_import_equals_careful_import(
    table: tuple[str, str], encoding: str, variant: str
) -> None:
    try:
        data = table[0].encode(encoding)
    except UnicodeEncodeError:
        return
    fast = outcome(data)
    module, name, replacement = CAREFUL[variant]
    real = getattr(module, name)
    setattr(module, name, replacement)
    try:
        careful = outcome(data)
    finally:
        setattr(module, name, real)
    assert_same(careful, fast)


def quotes_by_hand(data: bytes, delimiter: int) -> bool | None:
    """:func:`_quoting` one byte at a time: None if a quote is misplaced or left open, else
    whether a line break lies inside quotes."""
    inside, breaks = False, False
    for i, byte in enumerate(data):
        if byte == ord('"'):
            if not inside:
                before = data[i - 1] if i else None
                if before not in (None, delimiter, ord("\n"), ord('"')):
                    return None
            else:
                after = data[i + 1] if i + 1 < len(data) else None
                if after not in (None, delimiter, ord("\n"), ord('"')):
                    return None
            inside = not inside
        elif byte == ord("\n") and inside:
            breaks = True
    return None if inside else breaks


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=40).map(lambda b: bytes(b'a;"\n'[x % 4] for x in b)))
def test_quotes_are_checked_as_by_hand(data: bytes) -> None:
    assert _quoting(data, b'"', b";") == quotes_by_hand(data, ord(";"))


def test_quotes_are_checked_across_blocks() -> None:
    cell = b'"' + b"x" * ((1 << 20) - 2) + b'"'  # a quoted cell across the first block's end
    assert _quoting(b"a;" + cell + b"\n", b'"', b";") is False
    assert _quoting(b"a;" + cell[:-5] + b'\nxx"\n', b'"', b";") is True
    assert _quoting(b"a;" + cell + b"b\n", b'"', b";") is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Tak", "Nie", "tak ", "", "Może", "x"]), min_size=1, max_size=30),
    st.permutations(["Tak", "Nie", "tak ", "", "Może", "x", "nieużywana"]),
)
def test_distinct_values_of_a_categorical_come_in_file_order(values, categories) -> None:
    coded = _Distinct(pd.Series(pd.Categorical(values, categories=categories)))
    plain = _Distinct(pd.Series(values, dtype="str"))
    assert coded.values == plain.values
    assert coded.codes.tolist() == plain.codes.tolist()
    assert [coded.positions(k).tolist() for k in range(len(coded))] == [
        plain.positions(k).tolist() for k in range(len(plain))
    ]


def old_fold(text: str) -> str:
    """:func:`fold` before its shortcut for ASCII text."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("–", "-").replace("—", "-").replace("„", '"').replace("”", '"')
    return " ".join(text.casefold().split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.text(st.characters(max_codepoint=127), max_size=30))
def test_fold_is_unchanged(text: str) -> None:
    assert fold(text) == old_fold(text)


LABELS = ["Kino", "Teatr, opera", "Zajęcia dla seniorów", "Wystawy", "inne", "brak czasu"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*LABELS, "", "ŁÓDŹ", " ;"]), max_size=5), max_size=8))
def test_splitting_with_remembered_tails_equals_splitting_afresh(cells) -> None:
    var = CODEBOOK["needs"]
    spellings = _spellings(
        var.__class__(name="q", label="q", type="multiple", options=tuple(LABELS[:4]))
    )
    steps: dict[str, tuple[str | None, str, str]] = {}
    for parts in cells:
        cell = ", ".join(parts)
        assert _split_options(cell, spellings, steps) == _split_options(cell, spellings)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Kobieta", "Mężczyzna", None]), max_size=40), st.data())
def test_counting_without_weights_equals_weights_of_one(answers, data) -> None:
    var = CODEBOOK["gender"]
    frame = pd.DataFrame(
        {
            "gender": pd.Series(answers, dtype=category_dtype(var)),
            **{
                column: pd.Series(
                    data.draw(
                        st.lists(
                            st.sampled_from([True, False, None]),
                            min_size=len(answers),
                            max_size=len(answers),
                        )
                    ),
                    dtype="boolean",
                )
                for column in CODEBOOK["needs"].columns
            },
        }
    )
    for name in ("gender", "needs"):
        plain = frequencies(frame, CODEBOOK, name)
        weighted = frequencies(frame, CODEBOOK, name, weights=pd.Series(1.0, index=frame.index))
        for column in ("count", "base", "effective_base", "share", "ci_low", "ci_high"):
            pd.testing.assert_series_equal(plain[column].astype(float), weighted[column])
