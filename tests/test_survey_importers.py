"""Importers of every consultation channel (swot/survey/importers.py), checked on values.

Each test builds its input file in memory or in ``tmp_path``, imports it with the sample
questionnaire's codebook and checks the canonical result cell by cell.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import swot
from swot import survey
from swot.errors import DataImportError, Problem
from swot.survey.codebook import Codebook, VarType
from swot.survey.dataset import SurveyData, SurveyImport

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
CHANNEL_FILES = (
    ("konsultacje_online_google.csv", "online"),
    ("konsultacje_papier.csv", "paper"),
    ("konsultacje_wydarzenia_limesurvey.csv", "event"),
    ("sonda_uliczna.csv", "street"),
    ("opinie_osobiste.csv", "in_person"),
)
INSTITUTIONS = ("mok", "tkacz", "dok")


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.load(SAMPLE / "kwestionariusz.json")


def heading(codebook: Codebook, name: str) -> str:
    """The online (Google) heading of a variable: the first one in the codebook."""
    return codebook[name].headings[0]


def csv_bytes(
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def imported(source: bytes | Path, codebook: Codebook, **options: object) -> SurveyImport:
    """Import and check the bookkeeping every import must satisfy."""
    result = survey.import_survey(source, codebook=codebook, **options)  # type: ignore[arg-type]
    report = result.report
    assert report.rows_in == report.accepted + report.rejected
    frame = {"responses": result.responses, "tallies": result.tallies, "notes": result.notes}
    assert len(frame[result.kind]) == report.accepted
    assert len(report.rejected_rows) == report.rejected
    assert not set(report.rejected_rows) & set(report.blank_rows)
    for problem in report.problems:
        assert problem.message and problem.severity in ("error", "warning")
        if problem.severity == "error":
            assert problem.hint, problem
    return result


def rule_problems(result: SurveyImport, rule: str) -> list[Problem]:
    return [p for p in result.report.problems if p.rule == rule]


def values(series: pd.Series) -> list[object]:
    """Cells as plain Python values, missing ones as None."""
    return [None if pd.isna(v) else v for v in series.astype(object)]


def all_text(frame: pd.DataFrame) -> str:
    parts = [
        frame[c].astype(str).str.cat(sep="\n")
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c])
    ]
    return "\n".join(parts)


# --- Google Forms ---------------------------------------------------------------------------


def test_google_forms_polish_locale(codebook: Codebook) -> None:
    needs = heading(codebook, "needs")
    rows = [
        [
            "Sygnatura czasowa",
            "Adres e-mail",
            heading(codebook, "age"),
            heading(codebook, "gender"),
            heading(codebook, "satisfaction_mok"),
            heading(codebook, "satisfaction_dok"),
            needs,
            heading(codebook, "barriers"),
            heading(codebook, "events_last_month"),
            heading(codebook, "spending"),
            heading(codebook, "suggestions"),
        ],
        [
            "2019/03/12 10:15:32 PM GMT+1",
            "anna.nowak@example.com",
            "20–29",
            "Kobieta",
            "Ani dobrze, ani źle",
            "",
            "Koncerty, festyny plenerowe, Wystawy",
            "Brak czasu, Niedogodne godziny",
            "3",
            "47.50",
            "Więcej koncertów\nw parku",
        ],
        [
            "2019/04/02 9:05:01 AM GMT+2",
            "jan@example.pl",
            "60–74",
            "Mężczyzna",
            "Bardzo dobrze",
            "Nie wiem / trudno powiedzieć",
            "Warsztaty rękodzieła, ceramiki, Zajęcia dla seniorów, Joga, pilates",
            "",
            "0",
            "",
            "Proszę dzwonić: 601 234 567",
        ],
    ]
    result = imported(csv_bytes(rows), codebook, filename="google.csv")
    report, data = result.report, result.responses
    assert (report.format, report.channel, report.encoding, report.delimiter) == (
        "google_forms",
        "online",
        "utf-8",
        ",",
    )
    assert (report.rows_in, report.accepted, report.rejected) == (2, 2, 0)
    assert report.dropped_columns == ("Adres e-mail",)
    assert "Adres e-mail" not in data.columns
    assert "example" not in all_text(data)
    assert values(data["respondent"]) == ["online-google-2", "online-google-3"]
    assert values(data["source_row"]) == [2, 3]
    assert values(data["submitted"]) == [
        pd.Timestamp("2019-03-12 22:15:32"),
        pd.Timestamp("2019-04-02 09:05:01"),
    ]
    assert values(data["age"]) == ["20–29", "60–74"]
    assert values(data["gender"]) == ["Kobieta", "Mężczyzna"]
    assert values(data["satisfaction_mok"]) == ["Ani dobrze, ani źle", "Bardzo dobrze"]
    assert values(data["satisfaction_dok"]) == [None, "Nie wiem / trudno powiedzieć"]
    assert values(data["needs[Koncerty, festyny plenerowe]"]) == [True, False]
    assert values(data["needs[Wystawy]"]) == [True, False]
    assert values(data["needs[Warsztaty rękodzieła, ceramiki]"]) == [False, True]
    assert values(data["needs[Zajęcia dla seniorów]"]) == [False, True]
    assert values(data["needs_other"]) == [None, "Joga, pilates"]
    assert values(data["barriers[Brak czasu]"]) == [True, None]
    assert values(data["barriers[Niedogodne godziny]"]) == [True, None]
    assert values(data["barriers[Trudny dojazd]"]) == [False, None]
    assert values(data["events_last_month"]) == [3.0, 0.0]
    assert values(data["spending"]) == [47.5, None]
    assert values(data["suggestions"]) == ["Więcej koncertów\nw parku", "Proszę dzwonić: [telefon]"]
    assert report.masked["phone"] == 1
    (other,) = rule_problems(result, "other_answer")
    assert (other.row, other.column, other.value, other.severity) == (
        3,
        needs,
        "Joga, pilates",
        "warning",
    )
    assert "Joga, pilates" in other.message


def test_google_forms_english_locale_month_first_dates(codebook: Codebook) -> None:
    rows = [
        ["Timestamp", "Email address", heading(codebook, "gender"), heading(codebook, "needs")],
        ["3/25/2019 10:15:32", "a@example.com", "Kobieta", "Kino, pokazy filmowe"],
        ["4/2/2019 9:05:01", "b@example.com", "Wolę nie podawać", "Spektakle teatralne, Wystawy"],
    ]
    result = imported(csv_bytes(rows), codebook, filename="forms_en.csv")
    data = result.responses
    assert result.report.format == "google_forms"
    assert result.report.dropped_columns == ("Email address",)
    assert values(data["submitted"]) == [
        pd.Timestamp("2019-03-25 10:15:32"),
        pd.Timestamp("2019-04-02 09:05:01"),
    ]
    assert values(data["gender"]) == ["Kobieta", "Wolę nie podawać"]
    assert values(data["needs[Kino, pokazy filmowe]"]) == [True, False]
    assert values(data["needs[Spektakle teatralne]"]) == [False, True]
    assert values(data["needs[Wystawy]"]) == [False, True]
    assert values(data["needs_other"]) == [None, None]


# --- LimeSurvey -----------------------------------------------------------------------------

LIME_FIXED = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
]
LIME_FIXED_PL = [
    "ID odpowiedzi",
    "Data wysłania",
    "Ostatnia strona",
    "Język początkowy",
    "Ziarno",
    "Token",
    "Data rozpoczęcia",
    "Data ostatniej akcji",
    "Adres IP",
    "Odsyłający URL",
]
LIME_FIXED_EN = [
    "Response ID",
    "Date submitted",
    "Last page",
    "Start language",
    "Seed",
    "Token",
    "Date started",
    "Date last action",
    "IP address",
    "Referrer URL",
]
LIME_META = [
    [
        "7",
        "2019-03-08 19:37:22",
        "4",
        "pl",
        "1516667369",
        "Wg4U8PnAb6jdJY4",
        "2019-03-08 19:30:00",
        "2019-03-08 19:37:22",
        "198.51.100.217",
        "https://example.org/q",
    ],
    [
        "8",
        "",
        "2",
        "pl",
        "1285162302",
        "ifYkcjc9vyKJppX",
        "2019-03-09 10:00:00",
        "2019-03-09 10:03:00",
        "198.51.100.6",
        "",
    ],
]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_limesurvey_codes(codebook: Codebook, delimiter: str) -> None:
    header = [
        *LIME_FIXED,
        "Q1",
        "Q2",
        "Q4[SQ001]",
        "Q4_SQ002",  # LimeSurvey's other heading style, normalised to Q4[SQ002]
        "Q5[SQ001]",
        "Q7[SQ001]",
        "Q7[SQ007]",
        "Q7[other]",
        "Q8[SQ001]",
        "Q9",
        "Q10",
        "Q11",
    ]
    answers = [
        [
            "20–29",
            "Kobieta",
            "Tak, regularnie",
            "Nie znam tej instytucji",
            "Ani dobrze, ani źle",
            "Y",
            "",
            "Joga",
            "Y",
            "3",
            "47.50",
            "Napiszcie: ala@example.com",
        ],
        ["30–44", "Mężczyzna"] + [""] * 10,
    ]
    rows = [header] + [m + a for m, a in zip(LIME_META, answers, strict=True)]
    data_bytes = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    result = imported(data_bytes, codebook, filename="wydarzenia.csv", channel="event")
    report, data = result.report, result.responses
    assert (report.format, report.delimiter, report.encoding) == ("limesurvey", delimiter, "utf-8")
    assert report.dropped_columns == ("token", "ipaddr", "refurl")
    assert set(report.ignored_columns) == {
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
    }
    text = all_text(data)
    for secret in ("Wg4U8PnAb6jdJY4", "198.51.100", "example.org", "ala@example.com"):
        assert secret not in text
    assert not {"token", "ipaddr", "refurl"} & set(data.columns)
    assert values(data["respondent"]) == ["event-wydarzenia-7", "event-wydarzenia-8"]
    assert values(data["submitted"]) == [pd.Timestamp("2019-03-08 19:37:22"), None]
    assert values(data["age"]) == ["20–29", "30–44"]
    assert values(data["participation_mok"]) == ["Tak, regularnie", None]
    assert values(data["participation_tkacz"]) == ["Nie znam tej instytucji", None]
    assert values(data["satisfaction_mok"]) == ["Ani dobrze, ani źle", None]
    assert values(data["needs[Koncerty, festyny plenerowe]"]) == [True, None]
    assert values(data["needs[Wystawy]"]) == [False, None]
    assert values(data["needs_other"]) == ["Joga", None]
    assert values(data["barriers[Brak czasu]"]) == [True, None]
    assert values(data["spending"]) == [47.5, None]
    assert values(data["suggestions"]) == ["Napiszcie: [e-mail]", None]
    (incomplete,) = rule_problems(result, "incomplete")
    assert (incomplete.row, incomplete.severity) == (3, "warning")


@pytest.mark.parametrize(
    ("fixed", "other"), [(LIME_FIXED_PL, "Inne"), (LIME_FIXED_EN, "Other")], ids=["pl", "en"]
)
def test_limesurvey_full_headings(codebook: Codebook, fixed: list[str], other: str) -> None:
    needs = heading(codebook, "needs")
    header = [
        *fixed,
        heading(codebook, "age"),
        heading(codebook, "participation_dok"),  # "Question [DOK]"
        f"{needs} [Koncerty, festyny plenerowe]",
        f"{needs} [Wystawy]",
        f"{needs} [{other}]",
    ]
    answers = [
        ["75 lat i więcej", "Tak, okazjonalnie", "Y", "", "Chór"],
        ["15–19", "Nie znam tej instytucji", "", "Y", ""],
    ]
    rows = [header] + [m + a for m, a in zip(LIME_META, answers, strict=True)]
    data_bytes = csv_bytes(rows, delimiter=";", quoting=csv.QUOTE_ALL)
    result = imported(data_bytes, codebook, filename="lime_full.csv", channel="event")
    report, data = result.report, result.responses
    assert report.format == "limesurvey"
    assert report.dropped_columns == tuple(fixed[i] for i in (5, 8, 9))
    assert set(report.ignored_columns) == {fixed[i] for i in (2, 3, 4, 6, 7)}
    assert report.inferred_variables == ()
    assert values(data["respondent"]) == ["event-lime-full-7", "event-lime-full-8"]
    assert values(data["submitted"]) == [pd.Timestamp("2019-03-08 19:37:22"), None]
    assert values(data["age"]) == ["75 lat i więcej", "15–19"]
    assert values(data["participation_dok"]) == ["Tak, okazjonalnie", "Nie znam tej instytucji"]
    assert values(data["needs[Koncerty, festyny plenerowe]"]) == [True, False]
    assert values(data["needs[Wystawy]"]) == [False, True]
    assert values(data["needs_other"]) == ["Chór", None]
    assert "198.51.100" not in all_text(data)


# --- MS Forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "meta",
    [
        ["ID", "Start time", "Completion time", "Email", "Name"],
        ["Identyfikator", "Godzina rozpoczęcia", "Godzina ukończenia", "Adres e-mail", "Nazwa"],
    ],
    ids=["en", "pl"],
)
def test_ms_forms_xlsx(codebook: Codebook, tmp_path: Path, meta: list[str]) -> None:
    rows: list[list[object]] = [
        [
            *meta,
            heading(codebook, "gender"),
            heading(codebook, "age"),
            heading(codebook, "events_last_month"),
            heading(codebook, "spending"),
            heading(codebook, "barriers"),
        ],
        [
            14,
            dt.datetime(2019, 3, 12, 10, 15, 32),
            dt.datetime(2019, 3, 12, 10, 20, 1),
            "jan.kowalski@example.com",
            "Jan Kowalski",
            "Kobieta",
            "20–29",
            3,
            47.5,
            "Brak czasu;Trudny dojazd;",
        ],
        [
            15,
            dt.datetime(2019, 3, 13, 8, 0, 0),
            dt.datetime(2019, 3, 13, 8, 4, 0),
            "anonymous",
            "",
            "Mężczyzna",
            "30–44",
            0,
            40,
            "Ceny biletów i zajęć;",
        ],
    ]
    path = tmp_path / "ms_forms.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    result = imported(path, codebook)
    report, data = result.report, result.responses
    assert (report.format, report.channel, report.encoding) == ("ms_forms", "online", "xlsx")
    assert report.dropped_columns == (meta[3], meta[4])
    assert report.ignored_columns == (meta[1],)
    assert "Kowalski" not in all_text(data) and "example.com" not in all_text(data)
    assert values(data["respondent"]) == ["online-ms-forms-14", "online-ms-forms-15"]
    assert values(data["source_row"]) == [2, 3]
    assert values(data["submitted"]) == [
        pd.Timestamp("2019-03-12 10:20:01"),
        pd.Timestamp("2019-03-13 08:04:00"),
    ]
    assert values(data["gender"]) == ["Kobieta", "Mężczyzna"]
    assert values(data["events_last_month"]) == [3.0, 0.0]
    assert values(data["spending"]) == [47.5, 40.0]
    assert values(data["barriers[Brak czasu]"]) == [True, False]
    assert values(data["barriers[Trudny dojazd]"]) == [True, False]
    assert values(data["barriers[Ceny biletów i zajęć]"]) == [False, True]
    assert values(data["barriers_other"]) == [None, None]


# --- Kobo / ODK -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kobo_codebook(codebook: Codebook) -> Codebook:
    """The sample codebook plus the Kobo form's names: question ``bariery``, choice ``ceny``."""
    barriers = codebook["barriers"]
    extra = barriers.replace(
        headings=(*barriers.headings, "bariery"), answers={"ceny": "Ceny biletów i zajęć"}
    )
    return codebook.merged(Codebook((extra,)))


KOBO_HEADER = [
    "start",
    "end",
    "dane/Q1",
    "dane-Q2",
    "bariery_grp/bariery",
    "bariery_grp/bariery/brak_czasu",
    "bariery_grp/bariery/ceny",
    "bariery_grp/bariery/trudny_dojazd",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_index",
    "__version__",
]
KOBO_TIMES = ["2019-03-12T10:00:00.000+01:00", "2019-03-12T10:05:00.000+01:00"]


def kobo_rows(answers: list[list[str]]) -> list[list[str]]:
    rows = [KOBO_HEADER]
    for index, answer in enumerate(answers, start=1):
        tail = [str(100 + index), f"uuid-{index}", "2019-03-12T09:05:10", "", str(index), "v1"]
        rows.append(KOBO_TIMES + answer + tail)
    return rows


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_kobo(kobo_codebook: Codebook, kind: str) -> None:
    rows = kobo_rows(
        [
            ["20–29", "Kobieta", "brak_czasu ceny", "1", "1", "0"],
            ["30–44", "Mężczyzna", "Trudny dojazd", "0", "0", "1"],
            ["45–59", "Kobieta", "", "", "", ""],
        ]
    )
    source = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)  # type: ignore[arg-type]
    result = imported(source, kobo_codebook, filename=f"kobo.{kind}")
    report, data = result.report, result.responses
    assert (report.format, report.channel) == ("kobo", "event")
    assert report.inferred_variables == ()
    assert set(report.ignored_columns) == {
        "start",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_index",
        "__version__",
    }
    assert values(data["respondent"]) == ["event-kobo-101", "event-kobo-102", "event-kobo-103"]
    assert values(data["submitted"]) == [pd.Timestamp("2019-03-12 10:05:00")] * 3
    assert values(data["age"]) == ["20–29", "30–44", "45–59"]
    assert values(data["gender"]) == ["Kobieta", "Mężczyzna", "Kobieta"]
    assert values(data["barriers[Brak czasu]"]) == [True, False, None]
    assert values(data["barriers[Ceny biletów i zajęć]"]) == [True, False, None]
    assert values(data["barriers[Trudny dojazd]"]) == [False, True, None]
    assert values(data["barriers[Brak informacji o ofercie]"]) == [False, False, None]


def test_kobo_unknown_choice_name_rejects_the_row(kobo_codebook: Codebook) -> None:
    rows = kobo_rows(
        [
            ["20–29", "Kobieta", "brak_czasu joga", "1", "0", "0"],
            ["30–44", "Mężczyzna", "ceny", "0", "1", "0"],
        ]
    )
    result = imported(csv_bytes(rows), kobo_codebook, filename="kobo.csv")
    assert result.report.rejected_rows == (2,)
    (problem,) = rule_problems(result, "unknown_answer")
    assert (problem.row, problem.column) == (2, "bariery_grp/bariery")
    assert "joga" in problem.message and "Odpowiedź" in problem.message
    assert values(result.responses["barriers[Ceny biletów i zajęć]"]) == [True]


# --- paper questionnaires keyed into Polish Excel --------------------------------------------

PAPER_TOP = [
    "Nr ankiety",
    "Data wpływu",
    "Wiek",
    "Płeć",
    "Ocena MOK",
    "Brakuje:",
    "",
    "",
    "Bariera: czas",
    "Wydatki na kulturę (zł)",
    "Uwagi",
]
PAPER_SUB = ["", "", "", "", "", "koncerty, festyny", "kino", "seniorzy", "", "", ""]
PAPER_ROWS = [
    ["Ankiety papierowe – wprowadzone przez pracowników MOK, marzec 2019"] + [""] * 10,
    PAPER_TOP,
    PAPER_SUB,
    ["1", "06.11.2018", "75+", "M", "4", "x", "", "X", "1", "45,50", "Świetnie"],
    [""] * 11,
    ["2", "07.11.2018", "20-29", "K", "nw", "", "1", "", "", "40 zł", ""],
    ["5", "07.11.2018", "30-44", "nie podano", "7", "", "", "", "x", "12", ""],  # planted: 7
    [""] * 11,
    ["6", "08.11.2018", "45-59", "K", "5", "", "", "", "", "1 200,00", "tel. 601 234 567"],
]


def check_paper(result: SurveyImport) -> None:
    report, data = result.report, result.responses
    assert report.format == "generic" and report.channel == "paper"
    assert report.blank_rows == (5, 8)
    assert (report.rows_in, report.accepted, report.rejected) == (4, 3, 1)
    assert report.rejected_rows == (7,)
    (planted,) = rule_problems(result, "unknown_answer")
    assert (planted.row, planted.column, planted.value) == (7, "Ocena MOK", "7")
    assert planted.message.startswith("Odpowiedź „7”")
    assert report.inferred_variables == ()
    assert values(data["source_row"]) == [4, 6, 9]
    assert values(data["respondent"]) == ["paper-papier-1", "paper-papier-2", "paper-papier-6"]
    assert values(data["submitted"]) == [
        pd.Timestamp("2018-11-06"),
        pd.Timestamp("2018-11-07"),
        pd.Timestamp("2018-11-08"),
    ]
    assert values(data["age"]) == ["75 lat i więcej", "20–29", "45–59"]
    assert values(data["gender"]) == ["Mężczyzna", "Kobieta", "Kobieta"]
    assert values(data["satisfaction_mok"]) == [
        "Dobrze",
        "Nie wiem / trudno powiedzieć",
        "Bardzo dobrze",
    ]
    assert values(data["needs[Koncerty, festyny plenerowe]"]) == [True, False, None]
    assert values(data["needs[Kino, pokazy filmowe]"]) == [False, True, None]
    assert values(data["needs[Zajęcia dla seniorów]"]) == [True, False, None]
    assert values(data["barriers[Brak czasu]"]) == [True, None, None]
    assert values(data["spending"]) == [45.5, 40.0, 1200.0]
    (unit,) = rule_problems(result, "unit_removed")
    assert (unit.row, unit.severity) == (6, "warning")
    assert values(data["suggestions"]) == ["Świetnie", None, "tel. [telefon]"]


def test_paper_csv_cp1250(codebook: Codebook, tmp_path: Path) -> None:
    path = tmp_path / "papier.csv"
    path.write_bytes(csv_bytes(PAPER_ROWS, delimiter=";", encoding="cp1250", newline="\r\n"))
    result = imported(path, codebook)
    assert (result.report.encoding, result.report.delimiter) == ("cp1250", ";")
    check_paper(result)


def test_paper_xlsx(codebook: Codebook, tmp_path: Path) -> None:
    rows: list[list[object]] = [[c or None for c in r] for r in PAPER_ROWS]
    rows[0] = [PAPER_ROWS[0][0]]
    rows[3][0], rows[3][9] = 1, 45.5  # numbers typed as numbers, dates as dates
    rows[3][1] = dt.datetime(2018, 11, 6)
    rows[8][9] = 1200
    path = tmp_path / "papier.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    result = imported(path, codebook)
    assert result.report.encoding == "xlsx"
    check_paper(result)


# --- street-poll tallies and in-person notes -------------------------------------------------


def test_tallies(codebook: Codebook) -> None:
    rows = [
        ["miejsce", "data", "pytanie", "odpowiedz", "liczba"],
        ["Rynek", "16.03.2019", "Wiek rozmówcy", "60-74", "5"],
        ["Rynek", "16.03.2019", "Czy zna Pan/Pani OK „Tkacz”?", "Nie znam", "3"],
        [
            "Rynek",
            "16.03.2019",
            "Czego brakuje w ofercie kulturalnej miasta? (do 3 odpowiedzi)",
            "Kino, pokazy filmowe",
            "2",
        ],
        ["Rynek", "16.03.2019", "Ulubiony kolor", "zielony", "4"],
        ["Rynek", "16.03.2019", "Wiek rozmówcy", "100+", "1"],
    ]
    result = imported(csv_bytes(rows), codebook, filename="sonda.csv")
    report, tallies = result.report, result.tallies
    assert (report.format, report.channel, result.kind) == ("tallies", "street", "tallies")
    assert values(tallies["variable"]) == ["age", "participation_tkacz", "needs"]
    assert values(tallies["option"]) == ["60–74", "Nie znam tej instytucji", "Kino, pokazy filmowe"]
    assert values(tallies["count"]) == [5, 3, 2]
    assert values(tallies["date"]) == ["2019-03-16"] * 3
    assert values(tallies["place"]) == ["Rynek"] * 3
    assert report.people == 5
    assert report.rejected_rows == (5, 6)
    (question,) = rule_problems(result, "unknown_question")
    (answer,) = rule_problems(result, "unknown_answer")
    assert (question.row, question.column, question.value) == (5, "pytanie", "Ulubiony kolor")
    assert (answer.row, answer.column, answer.value) == (6, "odpowiedz", "100+")
    assert "Ulubiony kolor" in question.message and question.hint


def test_notes(codebook: Codebook) -> None:
    rows = [
        ["data", "instytucja", "forma", "notatka"],
        [
            "2019-03-01",
            "mok",
            "dyżur konsultacyjny",
            "Proszę o kontakt: jan.kowalski@example.com, tel. 601 234 567",
        ],
        ["12.03.2019", "tkacz", "rozmowa po wydarzeniu", "Brakuje zajęć dla seniorów"],
        ["2019-03-14", "muzeum", "dyżur konsultacyjny", "Inna instytucja"],
    ]
    source = csv_bytes(rows)
    result = imported(source, codebook, filename="opinie.csv", institutions=INSTITUTIONS)
    report, notes = result.report, result.notes
    assert (report.format, report.channel, result.kind) == ("notes", "in_person", "notes")
    assert values(notes["text"]) == [
        "Proszę o kontakt: [e-mail], tel. [telefon]",
        "Brakuje zajęć dla seniorów",
    ]
    assert values(notes["date"]) == ["2019-03-01", "2019-03-12"]
    assert values(notes["institution"]) == ["mok", "tkacz"]
    assert values(notes["source_row"]) == [2, 3]
    assert report.masked == {"email": 1, "phone": 1}
    (unknown,) = rule_problems(result, "unknown_institution")
    assert (unknown.row, unknown.column, unknown.value) == (4, "instytucja", "muzeum")
    assert "mok" in unknown.hint
    everyone = imported(source, codebook, filename="opinie.csv")
    assert everyone.report.accepted == 3


# --- the whole sample consultation ----------------------------------------------------------


@pytest.fixture(scope="module")
def sample_imports(codebook: Codebook) -> list[SurveyImport]:
    return [
        imported(SAMPLE / name, codebook, channel=channel, institutions=INSTITUTIONS)
        for name, channel in CHANNEL_FILES
    ]


def test_every_sample_file_imports_without_rejects(sample_imports: list[SurveyImport]) -> None:
    summary = {r.report.file: (r.report.format, r.report.rejected) for r in sample_imports}
    assert summary == {
        "konsultacje_online_google.csv": ("google_forms", 0),
        "konsultacje_papier.csv": ("generic", 0),
        "konsultacje_wydarzenia_limesurvey.csv": ("limesurvey", 0),
        "sonda_uliczna.csv": ("tallies", 0),
        "opinie_osobiste.csv": ("notes", 0),
    }
    accepted = [r.report.accepted for r in sample_imports]
    assert accepted == [320, 200, 150, 108, 14]
    assert all(r.report.inferred_variables == () for r in sample_imports)
    assert sample_imports[1].report.blank_rows == (60, 122, 168)
    assert sample_imports[3].report.people == 250
    online = sample_imports[0].responses["submitted"]
    assert online.min() >= pd.Timestamp("2018-10-01")
    assert online.max() <= pd.Timestamp("2019-05-31 23:59:59")


def test_whole_sample_saved_merged_and_masked(
    codebook: Codebook, sample_imports: list[SurveyImport], tmp_path: Path
) -> None:
    ws = swot.Workspace.create(tmp_path / "konsultacje.swot")
    try:
        survey.save_codebook(ws, codebook)
        for result in sample_imports:
            survey.save_import(ws, result)
        data = survey.load_survey(ws)
        reports = [d.meta["report"] for d in survey.survey_files(ws)]
    finally:
        ws.close()
    assert data.n == 670
    assert data.n_by_channel() == {"online": 320, "paper": 200, "event": 150, "street": 250}
    assert len(data.tallies) == 108 and len(data.notes) == 14
    for var in codebook:
        if var.type.categorical:
            column = data.responses[var.name]
            assert list(column.cat.categories) == list(var.categories), var.name
            assert set(column.dropna()) <= set(var.categories)
    stored = "\n".join(
        [all_text(data.responses), all_text(data.notes), all_text(data.tallies)]
        + [json.dumps(r, ensure_ascii=False) for r in reports]
    )
    manifest = json.loads((SAMPLE / "pii_manifest.json").read_text(encoding="utf-8"))
    kinds = {item["kind"] for item in manifest["items"]}
    assert kinds == {"email", "phone", "pesel", "pesel_invalid"}
    for item in manifest["items"]:
        if item["kind"] == "pesel_invalid":  # not personal data: kept for the team
            assert item["value"] in stored
        else:
            assert item["value"] not in stored, item
    phones = [i["value"] for i in manifest["items"] if i["kind"] == "phone"]
    assert any(p.startswith("+48") for p in phones) and any("(" in p for p in phones)
    assert any("-" in p for p in phones) and any(p.isdigit() for p in phones)
    assert "[PESEL]" in stored and "[telefon]" in stored and "[e-mail]" in stored


def test_channels_share_one_column_and_one_set_of_categories(codebook: Codebook) -> None:
    google = [
        ["Sygnatura czasowa", heading(codebook, "gender"), heading(codebook, "satisfaction_mok")],
        ["2019/03/12 10:15:32 PM GMT+1", "Kobieta", "Dobrze"],
    ]
    paper = [
        ["Nr ankiety", "Płeć", "Ocena MOK"],
        ["1", "K", "4"],
        ["2", "M", "nw"],
    ]
    lime = [
        ["id", "submitdate", "lastpage", "Q2", "Q5[SQ001]"],
        ["1", "2019-03-08 19:37:22", "4", "Mężczyzna", "Bardzo źle"],
    ]
    imports = [
        imported(csv_bytes(google), codebook, filename="online.csv"),
        imported(csv_bytes(paper, delimiter=";"), codebook, filename="papier.csv"),
        imported(csv_bytes(lime, delimiter=";"), codebook, filename="lime.csv", channel="event"),
    ]
    merged = SurveyData.merge(codebook, imports)
    frame = merged.responses
    assert values(frame["channel"]) == ["online", "paper", "paper", "event"]
    assert values(frame["gender"]) == ["Kobieta", "Kobieta", "Mężczyzna", "Mężczyzna"]
    assert values(frame["satisfaction_mok"]) == [
        "Dobrze",
        "Dobrze",
        "Nie wiem / trudno powiedzieć",
        "Bardzo źle",
    ]
    assert list(frame["gender"].cat.categories) == list(codebook["gender"].categories)
    assert frame["satisfaction_mok"].cat.ordered
    assert not {"Płeć", "Q2", "Ocena MOK", "plec"} & set(frame.columns)
    assert all(i.codebook.names == codebook.names for i in imports)


# --- inference of questions the codebook does not know ---------------------------------------


def test_inferred_variables_are_reported(codebook: Codebook) -> None:
    rows = [
        [
            "Nr ankiety",
            "Płeć",
            "Czy korzysta Pan/Pani z biblioteki?",
            "Jak ocenia Pan/Pani parking?",
            "Ile osób liczy gospodarstwo domowe?",
            "Co jeszcze chce Pan/Pani powiedzieć?",
            "Dojazd: autobus",
            "Dojazd: rower",
            "Dojazd: samochód",
        ],
        ["1", "K", "Tak", "Dobrze", "2", "Więcej ławek w parku", "x", "", ""],
        ["2", "M", "Nie", "Źle", "4", "Dzwońcie 601 234 567", "", "x", "x"],
        ["3", "K", "Tak", "Bardzo dobrze", "1", "Nic", "", "", ""],
        ["4", "M", "Nie", "Nie wiem", "3", "Lepsza informacja o zajęciach", "1", "", ""],
    ]
    result = imported(csv_bytes(rows, delimiter=";"), codebook, filename="nowe.csv")
    report, book, data = result.report, result.codebook, result.responses
    by_label = {book[n].label: book[n] for n in report.inferred_variables}
    assert set(by_label) == {
        "Czy korzysta Pan/Pani z biblioteki?",
        "Jak ocenia Pan/Pani parking?",
        "Ile osób liczy gospodarstwo domowe?",
        "Co jeszcze chce Pan/Pani powiedzieć?",
        "Dojazd",
    }
    library = by_label["Czy korzysta Pan/Pani z biblioteki?"]
    parking = by_label["Jak ocenia Pan/Pani parking?"]
    household = by_label["Ile osób liczy gospodarstwo domowe?"]
    remarks = by_label["Co jeszcze chce Pan/Pani powiedzieć?"]
    transport = by_label["Dojazd"]
    assert (library.type, library.options) == (VarType.SINGLE, ("Nie", "Tak"))
    assert parking.type is VarType.LIKERT
    assert parking.options == (
        "Bardzo źle",
        "Źle",
        "Ani dobrze, ani źle",
        "Dobrze",
        "Bardzo dobrze",
    )
    assert parking.dont_know == ("Nie wiem",)
    assert household.type is VarType.NUMERIC
    assert remarks.type is VarType.OPEN
    assert (transport.type, transport.options) == (
        VarType.MULTIPLE,
        ("autobus", "rower", "samochód"),
    )
    inferred = rule_problems(result, "inferred")
    assert len(inferred) == 5 and all(p.severity == "warning" and p.hint for p in inferred)
    assert {p.column for p in inferred} >= {"Jak ocenia Pan/Pani parking?"}
    assert values(data[library.name]) == ["Tak", "Nie", "Tak", "Nie"]
    assert values(data[parking.name]) == ["Dobrze", "Źle", "Bardzo dobrze", "Nie wiem"]
    assert values(data[household.name]) == [2.0, 4.0, 1.0, 3.0]
    assert values(data[remarks.name])[1] == "Dzwońcie [telefon]"
    assert values(data[f"{transport.name}[autobus]"]) == [True, False, None, True]
    assert values(data[f"{transport.name}[samochód]"]) == [False, True, None, False]
    assert values(data["gender"]) == ["Kobieta", "Mężczyzna", "Kobieta", "Mężczyzna"]


def test_column_of_personal_data_is_dropped_not_inferred(codebook: Codebook) -> None:
    rows = [
        ["Nr ankiety", "Płeć", "Kontakt"],
        ["1", "K", "601 234 567"],
        ["2", "M", "jan@example.com"],
    ]
    result = imported(csv_bytes(rows, delimiter=";"), codebook, filename="kontakt.csv")
    assert result.report.dropped_columns == ("Kontakt",)
    assert result.report.inferred_variables == ()
    (warning,) = rule_problems(result, "personal_column")
    assert warning.column == "Kontakt" and warning.severity == "warning"
    assert "601" not in all_text(result.responses)


# --- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "rule", "phrase"),
    [
        ({"format": "spss"}, "format", "Nieznany format „spss”"),
        ({"channel": "telefon"}, "channel", "Nieznany kanał „telefon”"),
    ],
)
def test_unknown_format_or_channel(
    codebook: Codebook, options: dict[str, str], rule: str, phrase: str
) -> None:
    with pytest.raises(DataImportError) as caught:
        survey.import_survey(b"Nr ankiety;Plec\n1;K\n", codebook=codebook, **options)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert problem.rule == rule and phrase in problem.message and problem.hint


def test_missing_file(codebook: Codebook, tmp_path: Path) -> None:
    with pytest.raises(DataImportError) as caught:
        survey.import_survey(tmp_path / "brak.csv", codebook=codebook)
    (problem,) = caught.value.problems
    assert problem.rule == "read" and problem.message.startswith("Nie ma pliku")


# --- the Arrow reader reads exactly what pandas' C parser reads ---------------------------------

_CSV_FILES = sorted(
    [p for p in SAMPLE.glob("*.csv")]
    + [p for p in (Path(__file__).parent / "data" / "bad_input").glob("*.csv")]
)


def _read_outcome(path: Path) -> object:
    """What reading gives; short rows aside (pandas' C parser pads them without a word, so
    a file with one is read by the exact reader, which warns: checked apart below)."""
    try:
        table = survey.read_table(path)
    except DataImportError as exc:
        return ("refused", [(p.row, p.column, p.rule) for p in exc.problems])
    return (
        table.frame.astype(object).to_dict("list"),
        table.rows.tolist(),
        table.skipped_rows,
        [(p.row, p.column, p.rule) for p in table.problems if p.rule != "short_row"],
    )


def test_short_rows_are_padded_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "krotkie.csv"
    path.write_text("a;b;c\n1;2;3\n4;5\n\n7;8;9\n", encoding="utf-8")
    table = survey.read_table(path)
    assert table.frame.to_dict("list") == {
        "a": ["1", "4", "7"],
        "b": ["2", "5", "8"],
        "c": [
            "3",
            "",
            "9",
        ],
    }
    short = [p for p in table.problems if p.rule == "short_row"]
    assert [(p.row, p.severity) for p in short] == [(3, "warning")]
    assert "mniej komórek (2) niż nagłówek (3)" in short[0].message


@pytest.mark.parametrize("path", _CSV_FILES, ids=lambda p: p.name)
def test_arrow_reader_and_c_parser_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from swot.survey import importers

    fast = _read_outcome(path)
    monkeypatch.setattr(importers, "_read_arrow", lambda *args: None)
    assert fast == _read_outcome(path)


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n\n3,4\n",  # a blank line keeps its place (Excel row numbers)
        'a,b\n1,"two\nlines"\n3,4\n',  # a line break inside quotes
        'a,b\n1,"x""y"\n2, "z"\n',  # doubled quotes, a space before a quote
        'a,b\n1,"open\n3,4\n',  # a quote never closed: refused, not read to the end
        "a,b\n1,2\n3\n",  # a short row
        "a,b\n1,2\n3,4,5\n",  # a long row
    ],
)
def test_arrow_reader_and_c_parser_agree_on_edge_cases(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from swot.survey import importers

    path = tmp_path / "edge.csv"
    path.write_text(text, encoding="utf-8")
    fast = _read_outcome(path)
    monkeypatch.setattr(importers, "_read_arrow", lambda *args: None)
    assert fast == _read_outcome(path)


def test_arrow_reader_takes_regular_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from swot.survey import importers

    results: list[object] = []
    real = importers._read_arrow

    def spy(*args: object) -> object:
        results.append(real(*args))  # type: ignore[arg-type]
        return results[-1]

    monkeypatch.setattr(importers, "_read_arrow", spy)
    survey.read_table(SAMPLE / "konsultacje_online_google.csv")
    survey.read_table(SAMPLE / "konsultacje_papier.csv")  # cp1250, semicolons
    assert [r is not None for r in results] == [True, True]


# --- the fast path gives what the careful paths give ---------------------------------------------
# A plain UTF-8 file is read by pyarrow from its bytes (never decoded whole), columns with few
# distinct answers dictionary-encoded (categoricals), every later step working once per distinct
# answer. Each variant below turns one of these off; the import must not change at all.

_VARIANTS = {
    "decoded whole": ("swot.survey.sniff.plain_utf8", lambda *args, **kwargs: None),
    "plain text columns": ("swot.survey.importers._few_values", lambda *args: set()),
    "all columns coded": (
        "swot.survey.importers._few_values",
        lambda data, dialect, skip, width: set(range(width)),
    ),
    "pandas parser": ("swot.survey.importers._read_arrow", lambda *args: None),
}


def _import_outcome(source: Path | bytes, codebook: Codebook, **options: object) -> tuple:
    """Everything an import gives: ``("refused", problems)`` or ``(report, codebook, frames)``."""
    try:
        result = survey.import_survey(
            source,  # type: ignore[arg-type]
            codebook=codebook,
            institutions=INSTITUTIONS,
            **options,  # type: ignore[arg-type]
        )
    except DataImportError as exc:
        return ("refused", exc.problems)
    return result.report, result.codebook, (result.responses, result.tallies, result.notes)


def _assert_same(got: tuple, expected: tuple) -> None:
    """Two import outcomes are equal: reports, codebooks, and frames to the dtype."""
    assert got[:2] == expected[:2]
    if got[0] != "refused":
        for frame, other in zip(got[2], expected[2], strict=True):
            pd.testing.assert_frame_equal(frame, other, check_exact=True)


_IMPORT_FILES = sorted(
    [*SAMPLE.glob("*.csv"), *(Path(__file__).parent / "data" / "bad_input").glob("*")]
)


@pytest.mark.parametrize("variant", sorted(_VARIANTS))
@pytest.mark.parametrize("path", _IMPORT_FILES, ids=lambda p: p.name)
def test_fast_import_equals_careful_import(
    path: Path, variant: str, codebook: Codebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _import_outcome(path, codebook)
    monkeypatch.setattr(*_VARIANTS[variant])
    careful = _import_outcome(path, codebook)
    if variant == "pandas parser":  # it pads a short row without a word (see above)
        fast, careful = _without_short_rows(fast), _without_short_rows(careful)
    _assert_same(careful, fast)


def _without_short_rows(outcome: tuple) -> tuple:
    if outcome[0] == "refused":
        return outcome
    report, *rest = outcome
    problems = tuple(p for p in report.problems if p.rule != "short_row")
    return (dataclasses.replace(report, problems=problems), *rest)


def _large_file(tmp_path: Path, codebook: Codebook, tail: bytes, *, newline: str = "\n") -> Path:
    """A Google Forms export larger than the head decoded up front, ending in ``tail``."""
    rows = [["Sygnatura czasowa", "Adres e-mail", heading(codebook, "gender"), "Uwagi"]]
    for i in range(60_000):
        rows.append(
            [
                f"2019/03/{i // 3600 + 1:02d} 10:{i // 60 % 60:02d}:{i % 60:02d} AM GMT+1",
                f"osoba{i}@example.pl",
                ("Kobieta", "Mężczyzna", "Kobieta ", "")[i % 4],
                ("", "Więcej koncertów, proszę", f"Zajęcia nr {i % 500}", "Tel. 601 234 567")[
                    i % 4
                ],
            ]
        )
    data = csv_bytes(rows, newline=newline) + tail
    from swot.survey import importers

    assert len(data) > importers.HEAD_BYTES
    path = tmp_path / "duzy.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("tail", "newline", "rule"),
    [
        (b"", "\n", None),
        (b'2019/03/12 10:15:32 AM GMT+1,a@b.pl,Kobieta,"dwie\nlinie"\n', "\n", None),
        # letters of double encoding far below the head (the rest is right): refused
        (
            "2019/03/12 10:15:32 AM GMT+1,a@b.pl,Kobieta,zażółć\n".encode()
            .decode("cp1250")
            .encode(),
            "\n",
            "sniff.mojibake",
        ),
        # one stray byte far below the head: UTF-8 with the byte replaced, and said so
        (b"2019/03/12 10:15:32 AM GMT+1,a@b.pl,Kobieta,z\xb3e\n", "\n", "encoding"),
        # Windows line ends, a line break inside quotes, a BOM joined in, a DOS end mark
        (
            '2019/03/12 10:15:32 AM GMT+1,a@b.pl,Kobieta,"a\r\nb"\r\n\ufeff'.encode() + b"\x1a",
            "\r\n",
            None,
        ),
        # a quote in the middle of a cell: pandas' C parser reads the file
        (b'2019/03/12 10:15:32 AM GMT+1,a@b.pl,Kobieta,x"y\n', "\n", None),
        # a row longer than the header: read record by record
        (b"2019/03/12 10:15:32 AM GMT+1,a@b.pl,Kobieta,x,y\n", "\n", "ragged"),
    ],
    ids=["plain", "quoted break", "double encoded", "stray byte", "windows", "quote", "long row"],
)
def test_large_files_read_fast_as_the_careful_paths_read_them(
    tail: bytes,
    newline: str,
    rule: str | None,
    codebook: Codebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _large_file(tmp_path, codebook, tail, newline=newline)
    fast = _import_outcome(path, codebook)
    if fast[0] == "refused":
        assert [p.rule for p in fast[1]] == [rule]
    else:
        assert fast[0].accepted >= 60_000
        assert rule is None or rule in {p.rule for p in fast[0].problems}
    for variant in ("decoded whole", "pandas parser"):
        with monkeypatch.context() as patched:
            patched.setattr(*_VARIANTS[variant])
            _assert_same(_import_outcome(path, codebook), fast)


def test_large_plain_file_is_read_by_pyarrow_without_decoding(
    codebook: Codebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from swot.survey import importers, sniff

    path = _large_file(tmp_path, codebook, b"")
    calls: list[str] = []
    real_decode, real_arrow = sniff.decode, importers._read_arrow
    monkeypatch.setattr(
        sniff, "decode", lambda *a, **k: calls.append("decode") or real_decode(*a, **k)
    )
    monkeypatch.setattr(
        importers, "_read_arrow", lambda *a: calls.append("arrow") or real_arrow(*a)
    )
    table = importers._load_table(path, filename=None, sheet=None)
    assert calls == ["arrow"]
    coded = [
        c for c in table.frame.columns if isinstance(table.frame[c].dtype, pd.CategoricalDtype)
    ]
    assert coded == [heading(codebook, "gender"), "Uwagi"]  # time stamps and e-mails: plain text
    assert survey.read_table(path).frame.dtypes.map(str).tolist() == ["str"] * 4


@pytest.mark.parametrize("size", [300_000, 1_200_000])  # past the short head; past the long one
def test_a_header_longer_than_the_head_is_read_whole(
    size: int, codebook: Codebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_heading = "Długie pytanie " * (size // 15)
    data = f"Płeć;{long_heading}\nK;tak\nM;nie\n".encode()
    fast = _import_outcome(data, codebook, filename="dlugi.csv")
    assert fast[0] != "refused" and fast[0].accepted == 2
    monkeypatch.setattr(*_VARIANTS["decoded whole"])
    _assert_same(_import_outcome(data, codebook, filename="dlugi.csv"), fast)
