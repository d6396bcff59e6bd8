"""Broken and hostile consultation files (tests/data/bad_input/): never a partial import.

Every file of the corpus is paired in :data:`CASES` with what must happen: either the whole
file is refused (``DataImportError`` with the expected rule, nothing saved), or it imports and
the report names the expected problem at the Excel row and column, the rows with errors are
rejected and absent from the data, and saving stores exactly the accepted rows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

import swot
from swot import survey
from swot.errors import DataImportError, Problem
from swot.survey.codebook import Codebook
from swot.survey.dataset import SurveyImport

CORPUS = Path(__file__).resolve().parent / "data" / "bad_input"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
POLISH = re.compile("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ„”]")
MAX_FILE = 50 * 1024


@dataclass(frozen=True)
class Case:
    """What importing one corpus file must give."""

    file: str
    rule: str | None  # a problem with this rule must be reported; None: no problem at all
    row: int | None = None  # its Excel row
    column: str | None = None  # its column
    fatal: bool = False  # the whole file is refused (DataImportError)
    rejected: tuple[int, ...] = ()  # Excel rows rejected
    accepted: int = 0
    severity: str = "error"
    codebook: str = "sample"  # "kobo": the sample codebook plus the Kobo form's names
    format: str | None = None
    values: dict[str, list[object]] = field(default_factory=dict)  # column → accepted values

    def __str__(self) -> str:
        return self.file


SPENDING = "Wydatki na kulturę (zł)"
UWAGI = ["Źle, że ściany są zimne", "Łódź też ma żłobki"]

CASES = [
    # -- the file cannot be read at all
    Case("pusty.csv", "sniff.empty", fatal=True),
    Case("tylko_puste_wiersze.csv", "sniff.empty", fatal=True),
    Case("tylko_separatory.csv", "sniff.no_header", fatal=True),
    Case("tylko_naglowek.csv", "no_rows", fatal=True),
    Case("obraz.png", "sniff.binary", fatal=True),
    Case("zip_nie_xlsx.xlsx", "sniff.xlsx_bad", fatal=True),
    Case("pusty_arkusz.xlsx", "sniff.no_header", fatal=True),
    Case("arkusz_bez_tabeli.xlsx", "no_rows", fatal=True),
    Case("mojibake_czesciowy.csv", "sniff.mojibake", row=2, fatal=True),
    Case("zduplikowany_naglowek.csv", "duplicate_header", row=1, column="płeć", fatal=True),
    Case("pusty_naglowek_nad_danymi.csv", "empty_header", row=2, column="C", fatal=True),
    Case("niedomkniety_cudzyslow.csv", "unbalanced_quote", row=3, fatal=True),
    Case("limesurvey_tylko_metadane.csv", "no_questions", fatal=True),
    Case("opinie_bez_tekstu.csv", "columns", fatal=True, format="notes"),
    # -- encodings: read right, and the guess or repair is said
    Case(
        "cp1250.csv",
        "encoding",
        severity="warning",
        accepted=2,
        values={"suggestions": UWAGI, "gender": ["Mężczyzna", "Kobieta"]},
    ),
    Case(
        "iso8859_2.csv",
        "encoding",
        severity="warning",
        accepted=2,
        values={"suggestions": UWAGI},
    ),
    Case(
        "utf16_bez_bom.csv",
        "encoding",
        severity="warning",
        accepted=2,
        values={"suggestions": UWAGI},
    ),
    Case(
        "mojibake_caly_plik.csv",
        "encoding",
        severity="warning",
        accepted=2,
        values={"suggestions": ["Źle, że ściany są zimne", "w łodzi też ma żłobki"]},
    ),
    # -- layout
    Case("mieszane_separatory.csv", "wrong_delimiter", row=3, rejected=(3,), accepted=2),
    Case(
        "dwuwierszowy_naglowek.csv",
        "bad_mark",
        row=5,
        column="Brakuje: [kino]",
        rejected=(5,),
        accepted=2,
        values={
            "needs[Koncerty, festyny plenerowe]": [True, False],
            "needs[Kino, pokazy filmowe]": [False, True],
            "needs[Zajęcia dla seniorów]": [True, False],
        },
    ),
    Case("powtorzony_naglowek.csv", "repeated_header", row=4, rejected=(4,), accepted=3),
    Case(
        "bom_w_srodku.csv",
        None,
        accepted=2,
        values={"respondent": ["paper-bom-w-srodku-1", "paper-bom-w-srodku-2"]},
    ),
    Case("za_duzo_komorek.csv", "ragged", row=3, rejected=(3,), accepted=2),
    Case(
        "za_malo_komorek.csv",
        "short_row",
        row=3,
        severity="warning",
        accepted=3,
        values={"gender": ["Kobieta", "Mężczyzna", "Kobieta"], "spending": [40.0, None, 5.0]},
    ),
    Case(
        "tytul_i_puste_wiersze.csv",
        "unknown_answer",
        row=8,
        column="Ocena MOK",
        rejected=(8,),
        accepted=2,
        values={"source_row": [5, 7], "spending": [40.0, 12.5]},
    ),
    Case("wiersz_bez_odpowiedzi.csv", "empty_row", row=3, rejected=(3,), accepted=2),
    # -- line endings and delimiters: a multi-line cell is one row, its breaks are "\n"
    *[
        Case(
            f"konce_linii_{kind}.csv",
            None,
            accepted=2,
            values={"source_row": [2, 3], "suggestions": ["Pierwsza\nlinia", "Druga"]},
        )
        for kind in ("crlf", "cr", "lf")
    ],
    Case(
        "konce_linii_mieszane.csv",
        None,
        accepted=3,
        values={"suggestions": ["Pierwsza\nlinia", "Druga", "Trzecia"]},
    ),
    Case("tabulatory.csv", None, accepted=2, values={"spending": [12.5, None]}),
    # -- answers
    Case(
        "likert_poza_skala.csv",
        "unknown_answer",
        row=3,
        column="Ocena MOK",
        rejected=(3, 4),
        accepted=2,
        values={"satisfaction_mok": ["Bardzo dobrze", "Nie wiem / trudno powiedzieć"]},
    ),
    Case("tekst_w_liczbie.csv", "not_number", row=3, column=SPENDING, rejected=(3,), accepted=2),
    Case(
        "liczby_ujemne_i_ogromne.csv",
        "number_too_large",
        row=3,
        column=SPENDING,
        rejected=(3, 4),
        accepted=2,
        values={"spending": [-40.0, 1200.5]},
    ),
    Case(
        "liczby_z_jednostkami.csv",
        "unit_removed",
        row=2,
        column=SPENDING,
        severity="warning",
        accepted=3,
        values={"spending": [40.0, 25.5, 15.0]},
    ),
    Case(
        "pesel_w_liczbie.csv", "number_too_large", row=2, column=SPENDING, rejected=(2,), accepted=1
    ),
    Case(
        "zduplikowane_id.csv",
        "duplicate_id",
        row=4,
        column="Nr ankiety",
        rejected=(2, 4),
        accepted=2,
    ),
    Case("zle_znaczniki.csv", "bad_mark", row=3, column="Brakuje: kino", rejected=(3,), accepted=2),
    Case(
        "formuly.csv",
        "formula",
        row=2,
        column="Uwagi",
        severity="warning",
        accepted=4,
        values={
            "suggestions": [
                '=HYPERLINK("http://example.com";"kliknij")',
                "+cmd|' /C calc'!A0",
                "@SUM(1+1)*cmd|' /C calc'!A0",
                "Zwykły tekst",
            ]
        },
    ),
    Case(
        "html_skrypt.csv",
        None,
        accepted=2,
        values={  # stored verbatim (escaping is the display's job), personal data masked
            "suggestions": [
                "<script>alert('x')</script><b>Więcej</b> koncertów &amp; kina",
                "<img src=x onerror=alert(1)> tel. [telefon]",
            ]
        },
    ),
    Case(
        "kobo_nieznane_opcje.csv",
        "unknown_answer",
        row=3,
        column="bariery_grp/bariery",
        rejected=(3,),
        accepted=1,
        codebook="kobo",
    ),
    Case(
        "sonda_zle_liczby.csv",
        "tally_count",
        row=2,
        column="liczba",
        rejected=(2, 3, 5),
        accepted=1,
    ),
    Case("opinie_zla_data.csv", "bad_date", row=3, column="data", rejected=(3,), accepted=1),
]


@pytest.fixture(scope="module")
def codebooks() -> dict[str, Codebook]:
    sample = Codebook.load(SAMPLE / "kwestionariusz.json")
    barriers = sample["barriers"]
    kobo = barriers.replace(
        headings=(*barriers.headings, "bariery"), answers={"ceny": "Ceny biletów i zajęć"}
    )
    return {"sample": sample, "kobo": sample.merged(Codebook((kobo,)))}


def test_corpus_is_complete_and_small() -> None:
    files = sorted(p.name for p in CORPUS.iterdir())
    assert len(files) >= 30
    assert files == sorted(c.file for c in CASES), "every corpus file has exactly one case"
    for name in files:
        assert (CORPUS / name).stat().st_size <= MAX_FILE, name


def assert_polish(problems: list[Problem]) -> None:
    for problem in problems:
        assert POLISH.search(f"{problem.message} {problem.hint}"), problem
        if problem.severity == "error":
            assert problem.hint, problem


def frame_of(result: SurveyImport) -> pd.DataFrame:
    return {"responses": result.responses, "tallies": result.tallies, "notes": result.notes}[
        result.kind
    ]


def cells(series: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in series.astype(object)]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_corpus_file(case: Case, codebooks: dict[str, Codebook], tmp_path: Path) -> None:
    data = (CORPUS / case.file).read_bytes()
    options = {
        "codebook": codebooks[case.codebook],
        "filename": case.file,
        "format": case.format,
        "institutions": ("mok", "tkacz", "dok"),
    }
    ws = swot.Workspace.create(tmp_path / "ws.swot")
    try:
        if case.fatal:
            with pytest.raises(DataImportError) as caught:
                survey.save_import(ws, survey.import_survey(data, **options))  # type: ignore[arg-type]
            problems = caught.value.problems
            assert ws.datasets() == []
            assert str(caught.value).startswith("Nie można")
        else:
            result = survey.import_survey(data, **options)  # type: ignore[arg-type]
            problems = list(result.report.problems)
            check_result(case, result)
            check_saved(ws, result)
    finally:
        ws.close()
    assert_polish(problems)
    if case.rule is None:
        assert problems == []
        return
    matching = [p for p in problems if p.rule == case.rule]
    assert matching, [(p.rule, p.row, p.column) for p in problems]
    where = [(p.row, p.column, p.severity) for p in matching]
    assert (case.row, case.column, case.severity) in where


def check_result(case: Case, result: SurveyImport) -> None:
    report = result.report
    frame = frame_of(result)
    assert report.rows_in == report.accepted + report.rejected
    assert (report.accepted, report.rejected_rows) == (case.accepted, case.rejected)
    assert len(frame) == report.accepted
    errors = {p.row for p in report.problems if p.severity == "error"}
    assert set(report.rejected_rows) <= errors  # every rejected row says why
    if "source_row" in frame:  # tallies have no row of their own
        assert not set(frame["source_row"].astype(int)) & set(report.rejected_rows)
        assert not set(frame["source_row"].astype(int)) & set(report.blank_rows)
    for column, expected in case.values.items():
        assert cells(frame[column]) == expected, column


def check_saved(ws: swot.Workspace, result: SurveyImport) -> None:
    """Saving stores exactly the accepted rows, or nothing when no row was accepted."""
    if result.report.accepted == 0:
        with pytest.raises(DataImportError):
            survey.save_import(ws, result)
        assert ws.datasets() == []
        return
    dataset = survey.save_import(ws, result)
    (stored,) = ws.datasets()
    assert stored.id == dataset.id
    frame = pd.read_parquet(io.BytesIO(ws.dataset_bytes(dataset.id)))
    assert len(frame) == result.report.accepted
    pd.testing.assert_frame_equal(frame, frame_of(result), check_dtype=False)


def test_ten_megabyte_cell_rejects_its_row_only(
    codebooks: dict[str, Codebook], tmp_path: Path
) -> None:
    path = tmp_path / "ogromna_komorka.csv"
    header = f"Nr ankiety;Płeć;{SPENDING};Uwagi\n"
    path.write_text(header + "1;K;40;" + "a" * 10_000_000 + "\n2;M;10;Dobrze\n", encoding="utf-8")
    result = survey.import_survey(path, codebook=codebooks["sample"])
    report = result.report
    assert (report.rows_in, report.accepted, report.rejected_rows) == (2, 1, (2,))
    (problem,) = [p for p in report.problems if p.rule == "cell_too_long"]
    assert (problem.row, problem.column, problem.value) == (2, "Uwagi", "")
    assert_polish([problem])
    assert cells(result.responses["suggestions"]) == ["Dobrze"]


def test_ten_megabyte_quoted_cell_with_line_breaks(codebooks: dict[str, Codebook]) -> None:
    long_text, huge = "tak; nie" * 2_000, "x;\n" * 2_600_000
    text = f'Nr ankiety;Płeć;Uwagi\n1;K;"{long_text}"\n2;M;"{huge}"\n3;K;ok\n'
    result = survey.import_survey(text.encode(), codebook=codebooks["sample"], filename="a.csv")
    assert result.report.rejected_rows == (3,)
    assert cells(result.responses["source_row"]) == [2, 4]
    assert cells(result.responses["suggestions"]) == [long_text, "ok"]


def test_messages_follow_the_interface_language(codebooks: dict[str, Codebook]) -> None:
    data = (CORPUS / "likert_poza_skala.csv").read_bytes()
    swot.set_language("en")
    result = survey.import_survey(data, codebook=codebooks["sample"], filename="a.csv")
    problem = next(p for p in result.report.problems if p.rule == "unknown_answer")
    assert problem.message.startswith("The answer '7'") and "Allowed:" in problem.hint
    with pytest.raises(DataImportError) as caught:
        survey.import_survey((CORPUS / "tylko_naglowek.csv").read_bytes(), filename="b.csv")
    assert str(caught.value).startswith("Cannot read")
