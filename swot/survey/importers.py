"""Import consultation files from every channel into the canonical dataset.

One entry point, :func:`import_survey`, reads a CSV or XLSX file, recognises its format
(Google Forms, LimeSurvey, MS Forms, Kobo/ODK, a generic table such as paper questionnaires
keyed into Excel, street-poll tallies, in-person notes), maps every column to the codebook,
converts every answer to its canonical label, masks personal data in free text, and returns a
:class:`~swot.survey.dataset.SurveyImport` with a report of every problem (file, row as Excel
shows it, column, value, rule, message, hint). Rows with errors are rejected, never half
imported; nothing is written anywhere — saving is a separate step a person confirms.

The bulk of the work is vectorised: answers are converted once per distinct value, not once
per cell, so a million rows cost little more than reading them.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from swot.errors import DataImportError, Problem
from swot.i18n import register, t
from swot.survey import pii, sniff
from swot.survey.codebook import (
    Codebook,
    Variable,
    VarType,
    fold,
    option_column,
    other_column,
)
from swot.survey.dataset import (
    ImportReport,
    SurveyImport,
    conform,
    empty_notes,
    empty_tallies,
)

__all__ = ["FORMATS", "RawTable", "detect_format", "import_survey", "read_table"]

FORMATS = ("google_forms", "limesurvey", "ms_forms", "kobo", "generic", "tallies", "notes")
DEFAULT_CHANNEL = {
    "google_forms": "online",
    "ms_forms": "online",
    "limesurvey": "online",
    "kobo": "event",
    "generic": "paper",
    "tallies": "street",
    "notes": "in_person",
}
MAX_LISTED_PROBLEMS = 5000
SAMPLE_BYTES = 1 << 20

_TRUE_MARKS = {"x", "1", "y", "yes", "tak", "t", "true", "prawda", "✓", "✔", "v"}
_FALSE_MARKS = {"", "0", "n", "no", "nie", "false", "fałsz", "falsz", "-"}

# Columns that identify a person: dropped at import, never stored.
_IDENTITY = {
    fold(h)
    for h in (
        "Adres e-mail",
        "E-mail",
        "Email",
        "e-mail address",
        "Email address",
        "mail",
        "Imię",
        "Nazwisko",
        "Imię i nazwisko",
        "Name",
        "Nazwa",
        "Full name",
        "Telefon",
        "Phone",
        "ipaddr",
        "Adres IP",
        "IP address",
        "token",
        "Token",
        "refurl",
        "Odsyłający URL",
        "Referrer URL",
        "username",
        "deviceid",
        "_submitted_by",
    )
}
_TIMESTAMP = {
    fold(h)
    for h in (
        "Sygnatura czasowa",
        "Znacznik czasu",
        "Timestamp",
        "submitdate",
        "Data wysłania",
        "Date submitted",
        "Completion time",
        "Godzina ukończenia",
        "Czas ukończenia",
        "_submission_time",
        "end",
        "Data",
        "Data wpływu",
        "Date",
    )
}
_RESPONDENT_ID = {
    fold(h)
    for h in (
        "id",
        "ID",
        "Identyfikator",
        "Identyfikator odpowiedzi",
        "Response ID",
        "_id",
        "_uuid",
        "Nr ankiety",
        "Numer ankiety",
        "Nr",
        "Lp.",
        "Lp",
    )
}
_METADATA = {
    fold(h)
    for h in (
        "lastpage",
        "Ostatnia strona",
        "Last page",
        "startlanguage",
        "Język początkowy",
        "Start language",
        "seed",
        "Ziarno",
        "startdate",
        "Data rozpoczęcia",
        "Date started",
        "datestamp",
        "Data ostatniej akcji",
        "Date last action",
        "Start time",
        "Godzina rozpoczęcia",
        "Czas rozpoczęcia",
        "Last modified time",
        "Godzina ostatniej modyfikacji",
        "start",
        "today",
        "audit",
        "_index",
        "_status",
        "_validation_status",
        "_notes",
        "_tags",
        "__version__",
        "_version_",
        "_xform_id_string",
        "_attachments",
        "_geolocation",
        "meta/instanceID",
        "instanceID",
        "Uwagi",
    )
}

register(
    {
        "imp.read_failed": {
            "pl": "Nie można odczytać tabeli ({reason}).",
            "en": "Cannot read the table ({reason}).",
        },
        "imp.read_hint": {
            "pl": "Zapisz plik ponownie jako CSV (UTF-8) lub XLSX i spróbuj jeszcze raz.",
            "en": "Save the file again as CSV (UTF-8) or XLSX and try again.",
        },
        "imp.no_rows": {
            "pl": "Plik nie zawiera żadnych odpowiedzi.",
            "en": "The file has no answers.",
        },
        "imp.ragged": {
            "pl": "Wiersz ma więcej komórek niż nagłówek i został pominięty.",
            "en": "The row has more cells than the header and was skipped.",
        },
        "imp.ragged_hint": {
            "pl": "Sprawdź, czy w odpowiedzi nie ma dodatkowego średnika lub przecinka.",
            "en": "Check the answer for an extra semicolon or comma.",
        },
        "imp.duplicate_header": {
            "pl": "Kolumna o tym nagłówku występuje więcej niż raz.",
            "en": "A column with this heading occurs more than once.",
        },
        "imp.duplicate_header_hint": {
            "pl": "Nadaj kolumnom różne nagłówki.",
            "en": "Give the columns distinct headings.",
        },
        "imp.empty_header": {
            "pl": "Kolumna z danymi nie ma nagłówka.",
            "en": "A column with data has no heading.",
        },
        "imp.empty_header_hint": {
            "pl": "Wpisz nagłówek w pierwszym wierszu tabeli.",
            "en": "Type a heading in the table's first row.",
        },
        "imp.unknown_answer": {
            "pl": "Odpowiedź „{value}” nie należy do listy odpowiedzi pytania „{label}”.",
            "en": "The answer '{value}' is not one of the answers of '{label}'.",
        },
        "imp.unknown_answer_hint": {
            "pl": "Dozwolone: {choices}. Popraw komórkę albo dopisz tę pisownię w książce kodów.",
            "en": "Allowed: {choices}. Correct the cell or add this spelling to the codebook.",
        },
        "imp.bad_mark": {
            "pl": "Nieczytelne zaznaczenie „{value}” w kolumnie odpowiedzi wielokrotnego wyboru.",
            "en": "Unreadable mark '{value}' in a multiple-choice column.",
        },
        "imp.bad_mark_hint": {
            "pl": "Użyj „x” lub „1” dla zaznaczonej odpowiedzi, pustej komórki lub „0” dla braku.",
            "en": "Use 'x' or '1' for a ticked answer, an empty cell or '0' otherwise.",
        },
        "imp.not_number": {
            "pl": "„{value}” nie jest liczbą.",
            "en": "'{value}' is not a number.",
        },
        "imp.not_number_hint": {
            "pl": "Wpisz samą liczbę, np. 12 albo 45,50.",
            "en": "Enter just a number, e.g. 12 or 45.50.",
        },
        "imp.unit_removed": {
            "pl": "Usunięto jednostkę z „{value}” i odczytano liczbę {number}.",
            "en": "Removed the unit from '{value}' and read the number {number}.",
        },
        "imp.unit_hint": {
            "pl": "Sprawdź, czy to właściwa wartość.",
            "en": "Check that this is the right value.",
        },
        "imp.duplicate_id": {
            "pl": "Identyfikator ankiety „{value}” powtarza się (wiersze {rows}).",
            "en": "Respondent id '{value}' repeats (rows {rows}).",
        },
        "imp.duplicate_id_hint": {
            "pl": "Sprawdź, czy ankieta nie została wpisana dwa razy; popraw numer.",
            "en": "Check whether the questionnaire was keyed in twice; correct the number.",
        },
        "imp.empty_row": {
            "pl": "Wiersz nie zawiera żadnej odpowiedzi.",
            "en": "The row holds no answer.",
        },
        "imp.empty_row_hint": {
            "pl": "Usuń pusty wiersz albo uzupełnij odpowiedzi.",
            "en": "Delete the empty row or fill in the answers.",
        },
        "imp.incomplete": {
            "pl": "Ankieta niedokończona (brak daty wysłania): przyjęto udzielone odpowiedzi.",
            "en": "Unfinished response (no submit date): the answers given were kept.",
        },
        "imp.other_answer": {
            "pl": "Odpowiedź spoza listy „{value}” zapisano jako „inne”.",
            "en": "The unlisted answer '{value}' was kept as 'other'.",
        },
        "imp.inferred": {
            "pl": "Kolumny nie ma w książce kodów: rozpoznano ją jako pytanie typu „{type}”.",
            "en": "The column is not in the codebook: read it as a '{type}' question.",
        },
        "imp.inferred_hint": {
            "pl": "Sprawdź typ i odpowiedzi w przeglądzie książki kodów przed zatwierdzeniem.",
            "en": "Check the type and answers in the codebook review before accepting.",
        },
        "imp.formula": {
            "pl": "Komórka zaczyna się od „{char}” jak formuła arkusza; zapisano ją jako tekst.",
            "en": "The cell starts with '{char}' like a spreadsheet formula; it was kept as text.",
        },
        "imp.tally_count": {
            "pl": "Liczba „{value}” w zliczeniach nie jest liczbą całkowitą nieujemną.",
            "en": "The count '{value}' is not a whole non-negative number.",
        },
        "imp.tally_columns": {
            "pl": "Plik zliczeń musi mieć kolumny pytanie, odpowiedź i liczba.",
            "en": "A tally file needs question, answer and count columns.",
        },
        "imp.tally_question": {
            "pl": "Pytanie „{value}” nie występuje w książce kodów.",
            "en": "The question '{value}' is not in the codebook.",
        },
        "imp.tally_question_hint": {
            "pl": "Dopisz to brzmienie pytania do nagłówków zmiennej w książce kodów.",
            "en": "Add this wording to the variable's headings in the codebook.",
        },
        "imp.notes_columns": {
            "pl": "Plik opinii musi mieć kolumnę z treścią opinii (np. „notatka”).",
            "en": "A notes file needs a column with the text (e.g. 'note').",
        },
        "imp.bad_date": {
            "pl": "„{value}” nie jest datą.",
            "en": "'{value}' is not a date.",
        },
        "imp.bad_date_hint": {
            "pl": "Wpisz datę jako RRRR-MM-DD, np. 2019-03-12.",
            "en": "Enter the date as YYYY-MM-DD, e.g. 2019-03-12.",
        },
        "imp.unknown_institution": {
            "pl": "Nieznana instytucja „{value}”.",
            "en": "Unknown institution '{value}'.",
        },
        "imp.unknown_format": {
            "pl": "Nieznany format „{value}”. Dozwolone: {choices}.",
            "en": "Unknown format '{value}'. Allowed: {choices}.",
        },
        "type.single": {"pl": "jednokrotny wybór", "en": "single choice"},
        "type.multiple": {"pl": "wielokrotny wybór", "en": "multiple choice"},
        "type.likert": {"pl": "skala (Likerta)", "en": "scale (Likert)"},
        "type.numeric": {"pl": "liczba", "en": "number"},
        "type.open": {"pl": "odpowiedź otwarta", "en": "open answer"},
        "type.demographic": {"pl": "metryczka", "en": "demographic"},
    }
)

# Known answer scales for inferring Likert questions (worst → best, "don't know" apart).
KNOWN_SCALES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Bardzo źle", "Źle", "Ani dobrze, ani źle", "Dobrze", "Bardzo dobrze"),
        ("Nie wiem / trudno powiedzieć", "Nie wiem", "Trudno powiedzieć"),
    ),
    (
        (
            "Zupełnie nieważne",
            "Raczej nieważne",
            "Ani ważne, ani nieważne",
            "Raczej ważne",
            "Bardzo ważne",
        ),
        ("Nie wiem / trudno powiedzieć", "Nie wiem", "Trudno powiedzieć"),
    ),
    (
        (
            "Zdecydowanie się nie zgadzam",
            "Raczej się nie zgadzam",
            "Ani się zgadzam, ani nie",
            "Raczej się zgadzam",
            "Zdecydowanie się zgadzam",
        ),
        ("Nie wiem / trudno powiedzieć", "Nie wiem", "Trudno powiedzieć"),
    ),
    (("Very poor", "Poor", "Fair", "Good", "Very good"), ("Don't know",)),
    (
        ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
        ("Don't know",),
    ),
)
_DEMOGRAPHIC_WORDS = (
    "wiek",
    "plec",
    "dzielnic",
    "osiedl",
    "miejscow",
    "wyksztalc",
    "age",
    "gender",
    "district",
)


# --- reading ---------------------------------------------------------------------------------


@dataclass
class RawTable:
    """A file read as text cells, with Excel row numbers and what reading found."""

    file: str
    frame: pd.DataFrame  # one str column per heading, in file order
    rows: pd.Series  # Excel row number of each frame row
    encoding: str = ""
    delimiter: str = ""
    decimal: str = "."
    problems: list[Problem] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)
    rows_in: int = 0  # data rows in the file, blank ones excluded

    @property
    def headings(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def read_table(
    source: str | Path | bytes, *, filename: str | None = None, sheet: str | None = None
) -> RawTable:
    """Read a CSV or XLSX file into text cells (raises DataImportError if it cannot)."""
    if isinstance(source, bytes):
        data, name = source, filename or "plik"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataImportError(
                [
                    Problem(
                        name,
                        None,
                        None,
                        "",
                        "read",
                        t("imp.read_failed", reason=exc),
                        t("imp.read_hint"),
                    )
                ]
            ) from None
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name, sheet)
    return _read_csv(data, name)


def _read_csv(data: bytes, name: str) -> RawTable:
    sample = data[:SAMPLE_BYTES]
    if len(data) > SAMPLE_BYTES:  # cut at a line end, so no character or row is split
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    decoded = sniff.decode(sample, filename=name)
    dialect = sniff.sniff_table(decoded.text, filename=name)
    header_lines = _header_lines(decoded.text, dialect)
    headings, problems = _headings(header_lines, name, dialect.header_row + 1)
    skip = dialect.header_row + dialect.header_rows
    caught: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            frame = pd.read_csv(
                io.BytesIO(data),
                encoding=_codec(decoded.encoding),
                sep=dialect.delimiter,
                quotechar=dialect.quotechar,
                header=None,
                names=headings,
                skiprows=skip,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                on_bad_lines="warn",
                engine="c",
                index_col=False,
            )
        caught = [str(w.message) for w in seen]
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame(columns=headings, dtype=str)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise DataImportError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    "read",
                    t("imp.read_failed", reason=exc),
                    t("imp.read_hint"),
                )
            ]
        ) from None
    first_row = skip + 1  # Excel row of the first data record
    rows = pd.Series(range(first_row, first_row + len(frame)), dtype="int64")
    skipped = sorted(int(m) for w in caught for m in re.findall(r"line (\d+)", w))
    for line in skipped:  # rows after a skipped record move down by one
        rows[rows >= line] += 1
        problems.append(
            Problem(name, line, None, "", "ragged", t("imp.ragged"), t("imp.ragged_hint"))
        )
    table = RawTable(
        name, frame, rows, decoded.encoding, dialect.delimiter, dialect.decimal, problems
    )
    _drop_blank(table, extra_rows=len(skipped))
    return table


def _header_lines(text: str, dialect: Any) -> list[list[str]]:
    import csv

    reader = csv.reader(io.StringIO(text), delimiter=dialect.delimiter, quotechar=dialect.quotechar)
    lines: list[list[str]] = []
    for index, row in enumerate(reader):
        if index >= dialect.header_row:
            lines.append(row)
        if len(lines) == dialect.header_rows:
            break
    return lines


def _headings(lines: list[list[str]], name: str, excel_row: int) -> tuple[list[str], list[Problem]]:
    """Column headings (a two-row header becomes ``Top [Sub]``), empty ones named by letter."""
    if not lines:
        raise DataImportError(
            [Problem(name, None, None, "", "empty", t("imp.no_rows"), t("imp.read_hint"))]
        )
    top = [c.strip().lstrip("\ufeff") for c in lines[0]]
    if len(lines) > 1:
        subs = [c.strip() for c in lines[1]] + [""] * (len(top) - len(lines[1]))
        current = ""
        combined = []
        for head, sub in zip(top, subs, strict=False):
            current = head or current
            combined.append(f"{current} [{sub}]" if sub and current else (current or sub))
        top = combined
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    headings = []
    for index, head in enumerate(top):
        label = head or f"__empty_{index}"
        if head and fold(head) in seen:
            problems.append(
                Problem(
                    name,
                    excel_row,
                    head,
                    head,
                    "duplicate_header",
                    t("imp.duplicate_header"),
                    t("imp.duplicate_header_hint"),
                )
            )
            label = f"{head} __dup_{index}"
        seen[fold(head)] = index
        headings.append(label)
    return headings, problems


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> RawTable:
    try:
        grid = pd.read_excel(
            io.BytesIO(data),
            sheet_name=sheet or 0,
            header=None,
            dtype=str,
            engine="openpyxl",
            keep_default_na=False,
            na_filter=False,
        )
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DataImportError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    "read",
                    t("imp.read_failed", reason=type(exc).__name__),
                    t("imp.read_hint"),
                )
            ]
        ) from None
    grid = grid.fillna("").astype(str)
    filled = (grid != "").sum(axis=1).tolist()
    width = max(filled, default=0)
    header_row = 0
    while header_row < len(filled) and filled[header_row] <= 1 < width:
        header_row += 1  # a title row: one cell of text above the table
    if header_row >= len(grid):
        raise DataImportError(
            [Problem(name, None, None, "", "empty", t("imp.no_rows"), t("imp.read_hint"))]
        )
    lines = [list(grid.iloc[header_row])]
    headings, problems = _headings(lines, name, header_row + 1)
    frame = grid.iloc[header_row + 1 :].reset_index(drop=True)
    frame.columns = headings
    rows = pd.Series(range(header_row + 2, header_row + 2 + len(frame)), dtype="int64")
    table = RawTable(name, frame, rows, "xlsx", "", ",", problems)
    _drop_blank(table)
    return table


def _drop_blank(table: RawTable, extra_rows: int = 0) -> None:
    frame = table.frame
    empty_columns = [c for c in frame.columns if str(c).startswith("__empty_")]
    for column in empty_columns:
        values = frame[column]
        if (values.str.strip() != "").any():
            first = int(table.rows[(values.str.strip() != "").to_numpy()].iloc[0])
            table.problems.append(
                Problem(
                    table.file,
                    first,
                    column,
                    str(values.iloc[0]),
                    "empty_header",
                    t("imp.empty_header"),
                    t("imp.empty_header_hint"),
                )
            )
    frame = frame.drop(columns=empty_columns)
    blank = (
        (frame.apply(lambda c: c.str.strip()) == "").all(axis=1)
        if len(frame.columns)
        else pd.Series(True, index=frame.index)
    )
    table.blank_rows = [int(r) for r in table.rows[blank.to_numpy()]]
    table.frame = frame[~blank.to_numpy()].reset_index(drop=True)
    table.rows = table.rows[~blank.to_numpy()].reset_index(drop=True)
    table.rows_in = len(table.frame) + extra_rows


def _codec(encoding: str) -> str:
    return {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(encoding.lower(), encoding)


# --- formats ---------------------------------------------------------------------------------


def detect_format(headings: Sequence[str]) -> str:
    """Recognise the tool that exported a table from its headings."""
    folded = [fold(h) for h in headings]
    names = set(folded)
    if names & {fold("Sygnatura czasowa"), fold("Znacznik czasu"), "timestamp"}:
        return "google_forms"
    lime = {
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        fold("Ostatnia strona"),
        fold("Język początkowy"),
        fold("Data wysłania"),
        fold("Ziarno"),
    }
    if len(names & lime) >= 2:
        return "limesurvey"
    ms = {
        fold("Start time"),
        fold("Completion time"),
        fold("Godzina rozpoczęcia"),
        fold("Godzina ukończenia"),
    }
    if names & ms:
        return "ms_forms"
    if names & {"_uuid", "_submission_time", "_index", "_id"} or any(
        "/" in h for h in folded if not h.startswith("http")
    ):
        return "kobo"
    question = {"pytanie", "question"}
    answer = {"odpowiedz", "answer", "opcja", "option"}
    count = {"liczba", "count", "n", "liczba osob", "ile"}
    if names & question and names & answer and names & count:
        return "tallies"
    if names & {"notatka", "note", "opinia", "tresc", "text"}:
        return "notes"
    return "generic"


@dataclass(frozen=True)
class _Column:
    heading: str
    role: str  # identity | timestamp | respondent | metadata | variable | option | other | new
    variable: str | None = None
    option: str | None = None


def _normalise_heading(heading: str, fmt: str) -> list[str]:
    """Forms of one heading to try against the codebook (most specific first)."""
    forms = [heading]
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9]+)", heading)
    if fmt == "limesurvey" and match:
        forms.append(f"{match[1]}[{match[2]}]")
    if fmt == "kobo":
        for sep in ("/", "-"):
            if sep in heading:
                forms.append(heading.rsplit(sep, 1)[-1])
                forms.append(heading.split(sep, 1)[-1])
    return forms


def _plan(headings: Sequence[str], codebook: Codebook, fmt: str) -> list[_Column]:
    plan = []
    for heading in headings:
        key = fold(heading)
        if key in _IDENTITY:
            plan.append(_Column(heading, "identity"))
            continue
        found = None
        for form in _normalise_heading(heading, fmt):
            found = codebook.match_heading(form)
            if found:
                break
        if found:
            var, option = found
            role = (
                "variable" if option is None else ("other" if option == "__other__" else "option")
            )
            plan.append(_Column(heading, role, var.name, None if role != "option" else option))
        elif key in _TIMESTAMP:
            plan.append(_Column(heading, "timestamp"))
        elif key in _RESPONDENT_ID:
            plan.append(_Column(heading, "respondent"))
        elif key in _METADATA or (fmt == "kobo" and heading.startswith("_")):
            plan.append(_Column(heading, "metadata"))
        else:
            plan.append(_Column(heading, "new"))
    return plan


# --- inference of new variables --------------------------------------------------------------


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:40] or "pytanie"
    if not base[0].isalpha():
        base = f"q_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _infer(
    codebook: Codebook, frame: pd.DataFrame, plan: list[_Column]
) -> tuple[Codebook, list[_Column], list[str]]:
    """Turn every unclaimed column into a variable, inferred from its values, and say so."""
    taken = set(codebook.names)
    inferred: list[str] = []
    new_plan = list(plan)
    # one-column-per-option groups: "Q7[SQ001]" / "Brakuje: kino" with only marks as values
    groups: dict[str, list[int]] = {}
    for index, col in enumerate(plan):
        if col.role != "new":
            continue
        prefix = _option_prefix(col.heading)
        values = set(frame[col.heading].str.strip().str.lower().unique()) - {""}
        if prefix and values and values <= (_TRUE_MARKS | _FALSE_MARKS):
            groups.setdefault(prefix, []).append(index)
    for prefix, members in groups.items():
        if len(members) < 2:
            continue
        options = [_option_label(plan[i].heading) for i in members]
        if len(set(options)) != len(options):
            continue
        var = Variable(
            name=_slug(prefix, taken),
            label=prefix,
            type=VarType.MULTIPLE,
            options=tuple(options),
            option_headings={plan[i].heading: o for i, o in zip(members, options, strict=True)},
        )
        codebook = codebook.with_variable(var)
        inferred.append(var.name)
        for i, option in zip(members, options, strict=True):
            new_plan[i] = _Column(plan[i].heading, "option", var.name, option)
    for index, col in enumerate(new_plan):
        if col.role != "new":
            continue
        var = _infer_variable(col.heading, frame[col.heading], taken)
        codebook = codebook.with_variable(var)
        inferred.append(var.name)
        new_plan[index] = _Column(col.heading, "variable", var.name)
    return codebook, new_plan, inferred


def _option_match(heading: str) -> re.Match[str] | None:
    """``Question [Option]`` or ``Question: option`` (one column per option of a question)."""
    return re.fullmatch(r"(.+?)\s*\[(.+)\]\s*", heading) or re.fullmatch(r"(.+?):\s*(.+)", heading)


def _option_prefix(heading: str) -> str | None:
    match = _option_match(heading)
    return match[1].strip() if match else None


def _option_label(heading: str) -> str:
    match = _option_match(heading)
    return match[2].strip() if match else heading


def _infer_variable(heading: str, values: pd.Series, taken: set[str]) -> Variable:
    cleaned = values.str.strip()
    present = cleaned[cleaned != ""]
    distinct = present.unique().tolist()
    grid = re.fullmatch(r"(.+?)\s*\[(.+)\]\s*", heading)
    group = _slug(grid[1], set()) if grid else None
    name = _slug(heading, taken)
    demographic = any(w in fold(heading) for w in _DEMOGRAPHIC_WORDS)

    def make(
        kind: VarType, options: tuple[str, ...] = (), dont_know: tuple[str, ...] = ()
    ) -> Variable:
        return Variable(
            name=name,
            label=heading,
            type=kind,
            options=options,
            dont_know=dont_know,
            group=group,
            headings=(heading,),
        )

    if distinct and all(_parse_number(v)[0] is not None for v in distinct[:2000]):
        return make(VarType.NUMERIC)
    folded = {fold(v) for v in distinct}
    for scale, dont_know in KNOWN_SCALES:
        known = {fold(s) for s in scale + dont_know}
        if folded and folded <= known:
            present_dk = tuple(d for d in dont_know if fold(d) in folded) or dont_know[:1]
            return make(VarType.LIKERT, scale, present_dk)
    if distinct and len(distinct) <= 15 and len(distinct) <= max(2, len(present) // 2):
        kind = VarType.DEMOGRAPHIC if demographic else VarType.SINGLE
        return make(kind, tuple(sorted(distinct, key=fold)))
    return make(VarType.OPEN)


# --- converting answers ----------------------------------------------------------------------


@dataclass
class _Issues:
    """Problems found while converting, with the rows they reject."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    rejected: set[int] = field(default_factory=set)  # frame positions
    more: int = 0

    def add(
        self,
        positions: Iterable[int],
        rows: pd.Series,
        column: str | None,
        value: str,
        rule: str,
        message: str,
        hint: str = "",
        *,
        reject: bool = True,
    ) -> None:
        for pos in positions:
            if reject:
                self.rejected.add(pos)
            if len(self.problems) < MAX_LISTED_PROBLEMS:
                self.problems.append(
                    Problem(
                        self.file,
                        int(rows.iloc[pos]),
                        column,
                        value[:200],
                        rule,
                        message,
                        hint,
                        "error" if reject else "warning",
                    )
                )
            else:
                self.more += 1


def _convert(
    frame: pd.DataFrame,
    rows: pd.Series,
    plan: list[_Column],
    codebook: Codebook,
    decimal: str,
    issues: _Issues,
) -> tuple[dict[str, pd.Series], dict[str, int]]:
    out: dict[str, pd.Series] = {}
    masked: dict[str, int] = {}
    by_var: dict[str, list[_Column]] = {}
    for col in plan:
        if col.variable is not None:
            by_var.setdefault(col.variable, []).append(col)
    for name, cols in by_var.items():
        var = codebook[name]
        if var.type is VarType.MULTIPLE:
            out.update(_convert_multiple(frame, rows, var, cols, issues, masked))
            continue
        col = next(c for c in cols if c.role == "variable")
        values = frame[col.heading].str.strip()
        if var.type.categorical:
            out[name] = _convert_categorical(values, rows, var, col.heading, issues)
        elif var.type is VarType.NUMERIC:
            out[name] = _convert_numeric(values, rows, col.heading, decimal, issues)
        else:
            out[name] = _mask_series(values, masked, rows, col.heading, issues)
    return out, masked


def _convert_categorical(
    values: pd.Series, rows: pd.Series, var: Variable, heading: str, issues: _Issues
) -> pd.Series:
    mapping: dict[str, Any] = {"": pd.NA}
    for value in values.unique():
        if value in mapping:
            continue
        canonical = var.canonical(value)
        mapping[value] = canonical
        if canonical is None:
            positions = (values == value).to_numpy().nonzero()[0]
            issues.add(
                positions,
                rows,
                heading,
                value,
                "unknown_answer",
                t("imp.unknown_answer", value=value, label=var.label),
                t("imp.unknown_answer_hint", choices=", ".join(var.categories)),
            )
    return values.map(mapping)


def _convert_numeric(
    values: pd.Series, rows: pd.Series, heading: str, decimal: str, issues: _Issues
) -> pd.Series:
    mapping: dict[str, Any] = {"": pd.NA}
    for value in values.unique():
        if value in mapping:
            continue
        number, unit = _parse_number(value, decimal)
        mapping[value] = pd.NA if number is None else number
        positions = (values == value).to_numpy().nonzero()[0]
        if number is None:
            issues.add(
                positions,
                rows,
                heading,
                value,
                "not_number",
                t("imp.not_number", value=value),
                t("imp.not_number_hint"),
            )
        elif unit:
            issues.add(
                positions,
                rows,
                heading,
                value,
                "unit_removed",
                t("imp.unit_removed", value=value, number=number),
                t("imp.unit_hint"),
                reject=False,
            )
    return values.map(mapping).astype("Float64")


_NUMBER_RE = re.compile(r"[+-]?(\d{1,3}([ \u00a0\u202f.]\d{3})+|\d+)([.,]\d+)?")
_UNITS = ("zł", "zl", "pln", "złotych", "zlotych", "razy", "raz", "x", "%", "osób", "osob")


def _parse_number(value: str, decimal: str = ",") -> tuple[float | None, bool]:
    """``(number, unit_removed)`` for a cell as people type numbers, else ``(None, False)``."""
    text = value.strip()
    unit = False
    lowered = text.lower()
    for suffix in _UNITS:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            text, unit = text[: -len(suffix)].strip(), True
            break
    if not _NUMBER_RE.fullmatch(text):
        return None, False
    integer, _, fraction = (
        text.replace("\u00a0", " ").replace("\u202f", " ").rpartition("," if "," in text else ".")
    )
    if not integer:  # no separator at all
        return float(fraction.replace(" ", "")), unit
    if (
        len(fraction) == 3
        and decimal != ","
        and "," not in text
        and text.count(".") == 1
        and " " not in integer
    ):
        return float(integer + fraction), unit  # "1.200" with a dot as thousands separator
    return float(f"{integer.replace(' ', '').replace('.', '')}.{fraction}"), unit


def _convert_multiple(
    frame: pd.DataFrame,
    rows: pd.Series,
    var: Variable,
    cols: list[_Column],
    issues: _Issues,
    masked: dict[str, int],
) -> dict[str, pd.Series]:
    n = len(frame)
    ticked = {o: pd.Series([False] * n, dtype="boolean") for o in var.options}
    answered = pd.Series([False] * n)
    other = pd.Series([pd.NA] * n, dtype="string")
    for col in cols:
        values = frame[col.heading].str.strip()
        if col.role == "variable":  # options joined in one cell (Google Forms, Kobo)
            for value in values.unique():
                if not value:
                    continue
                found, rest = _split_options(value, var)
                positions = (values == value).to_numpy()
                answered |= positions
                for option in found:
                    ticked[option] = ticked[option] | positions
                if rest:
                    other[positions] = rest
                    issues.add(
                        positions.nonzero()[0],
                        rows,
                        col.heading,
                        rest,
                        "other_answer",
                        t("imp.other_answer", value=rest),
                        reject=False,
                    )
        elif col.role == "option":
            marks = values.str.lower()
            for value in marks.unique():
                positions = (marks == value).to_numpy()
                if value in _TRUE_MARKS:
                    ticked[str(col.option)] = ticked[str(col.option)] | positions
                    answered |= positions
                elif value not in _FALSE_MARKS:
                    issues.add(
                        positions.nonzero()[0],
                        rows,
                        col.heading,
                        value,
                        "bad_mark",
                        t("imp.bad_mark", value=value),
                        t("imp.bad_mark_hint"),
                    )
        else:  # free-text "other" column
            present = values != ""
            answered |= present.to_numpy()
            other = other.mask(present, values)
    out: dict[str, pd.Series] = {}
    skipped = ~answered.to_numpy()
    for option, series in ticked.items():
        out[option_column(var.name, option)] = series.mask(skipped)
    other_masked = _mask_series(other.fillna(""), masked, rows, var.name, issues)
    out[other_column(var.name)] = other_masked
    return out


def _split_options(cell: str, var: Variable) -> tuple[list[str], str]:
    """Options found in a cell joined by ", " (labels may contain commas), and the rest."""
    by_fold = sorted(((fold(o), o) for o in var.options), key=lambda p: -len(p[0]))
    spellings = sorted(((fold(s), o) for s, o in var.answers.items()), key=lambda p: -len(p[0]))
    found: list[str] = []
    rest: list[str] = []
    remaining = cell
    while remaining:
        key = fold(remaining)
        for folded, option in by_fold + spellings:
            if key.startswith(folded) and (len(key) == len(folded) or key[len(folded)] in ",;"):
                found.append(option)
                cut = _cut_after(remaining, len(folded))
                remaining = cut
                break
        else:
            head, sep, tail = remaining.partition(", ")
            rest.append(head.strip())
            remaining = tail if sep else ""
    return list(dict.fromkeys(found)), ", ".join(r for r in rest if r)


def _cut_after(text: str, folded_length: int) -> str:
    """Drop the first option (``folded_length`` characters once folded) and its separator."""
    stripped = text.lstrip()
    taken = 0
    index = 0
    while index < len(stripped) and taken < folded_length:
        taken += len(fold(stripped[: index + 1])) - len(fold(stripped[:index]))
        index += 1
    return stripped[index:].lstrip(" ,;")


def _mask_series(
    values: pd.Series, masked: dict[str, int], rows: pd.Series, heading: str, issues: _Issues
) -> pd.Series:
    out: dict[str, Any] = {"": pd.NA}
    for value in values.unique():
        if value in out:
            continue
        result = pii.mask_text(str(value))
        for kind, count in result.counts.items():
            masked[kind] = masked.get(kind, 0) + count * int((values == value).sum())
        out[value] = result.text
        if result.text[:1] in "=+-@" and result.text[:1]:
            positions = (values == value).to_numpy().nonzero()[0]
            issues.add(
                positions,
                rows,
                heading,
                value,
                "formula",
                t("imp.formula", char=result.text[:1]),
                reject=False,
            )
    return values.map(out).astype("string")


# --- the entry point ---------------------------------------------------------------------------


def import_survey(
    source: str | Path | bytes,
    *,
    codebook: Codebook | None = None,
    filename: str | None = None,
    channel: str | None = None,
    format: str | None = None,
    sheet: str | None = None,
    institutions: Iterable[str] = (),
) -> SurveyImport:
    """Read one consultation file and convert it to the canonical dataset.

    Parameters
    ----------
    source
        Path or the file's bytes (then ``filename`` names it in messages).
    codebook
        The questionnaire; columns it does not know become inferred variables (reported).
    channel
        ``online``, ``paper``, ``event``, ``street`` or ``in_person``; default by format.
    format
        Force a format instead of detecting it (see :data:`FORMATS`).
    institutions
        Known institution ids (for in-person notes).

    Raises
    ------
    DataImportError
        The file cannot be read at all (every problem listed). Problems in single rows do not
        raise: those rows are rejected and listed in the report.
    """
    book = codebook or Codebook()
    table = read_table(source, filename=filename, sheet=sheet)
    fmt = format or detect_format(table.headings)
    if fmt not in FORMATS:
        raise DataImportError(
            [
                Problem(
                    table.file,
                    None,
                    None,
                    fmt,
                    "format",
                    t("imp.unknown_format", value=fmt, choices=", ".join(FORMATS)),
                )
            ]
        )
    chan = channel or DEFAULT_CHANNEL[fmt]
    if fmt == "tallies":
        return _import_tallies(table, book, chan)
    if fmt == "notes":
        return _import_notes(table, book, chan, set(institutions))
    return _import_responses(table, book, fmt, chan)


def _import_responses(table: RawTable, codebook: Codebook, fmt: str, channel: str) -> SurveyImport:
    frame, rows = table.frame, table.rows
    fatal = [p for p in table.problems if p.rule in ("duplicate_header", "empty_header")]
    if fatal:
        raise DataImportError(fatal)
    plan = _plan(table.headings, codebook, fmt)
    codebook, plan, inferred = _infer(codebook, frame, plan)
    issues = _Issues(table.file, list(table.problems))
    for name in inferred:
        var = codebook[name]
        heading = var.headings[0] if var.headings else next(iter(var.option_headings))
        issues.problems.append(
            Problem(
                table.file,
                None,
                heading,
                "",
                "inferred",
                t("imp.inferred", type=t(f"type.{var.type.value}")),
                t("imp.inferred_hint"),
                "warning",
            )
        )
    converted, masked = _convert(frame, rows, plan, codebook, table.decimal, issues)
    respondent = _respondents(frame, rows, plan, channel, table.file, issues)
    submitted = _submitted(frame, plan)
    if fmt == "limesurvey":
        stamp = next((c.heading for c in plan if c.role == "timestamp"), None)
        if stamp is not None:
            missing = (frame[stamp].str.strip() == "").to_numpy().nonzero()[0]
            issues.add(missing, rows, stamp, "", "incomplete", t("imp.incomplete"), reject=False)
    answer_columns = [s for k, s in converted.items() if not k.endswith("_other")]
    if answer_columns:
        empty = pd.concat([s.isna() for s in answer_columns], axis=1).all(axis=1).to_numpy()
        issues.add(
            empty.nonzero()[0],
            rows,
            None,
            "",
            "empty_row",
            t("imp.empty_row"),
            t("imp.empty_row_hint"),
        )
    keep = pd.Series(True, index=frame.index)
    if issues.rejected:
        keep.iloc[sorted(issues.rejected)] = False
    data = pd.DataFrame(
        {
            "respondent": respondent,
            "channel": channel,
            "source_file": table.file,
            "source_row": rows.astype("Int64"),
            "submitted": submitted,
            **converted,
        }
    )
    accepted = data[keep.to_numpy()].reset_index(drop=True)
    responses = conform(accepted, codebook)
    problems = issues.problems
    if issues.more:
        problems.append(
            Problem(
                table.file,
                None,
                None,
                str(issues.more),
                "more",
                t("error.more_problems", count=issues.more),
                "",
                "warning",
            )
        )
    report = ImportReport(
        file=table.file,
        format=fmt,
        channel=channel,
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows_in=table.rows_in,
        accepted=int(keep.sum()),
        rejected=table.rows_in - int(keep.sum()),
        problems=tuple(problems),
        rejected_rows=tuple(
            sorted(
                {int(rows.iloc[p]) for p in issues.rejected}
                | {p.row for p in table.problems if p.rule == "ragged" and p.row is not None}
            )
        ),
        dropped_columns=tuple(c.heading for c in plan if c.role == "identity"),
        ignored_columns=tuple(c.heading for c in plan if c.role == "metadata"),
        inferred_variables=tuple(inferred),
        blank_rows=tuple(table.blank_rows),
        masked=masked,
    )
    return SurveyImport(report=report, codebook=codebook, responses=responses)


def _respondents(
    frame: pd.DataFrame,
    rows: pd.Series,
    plan: list[_Column],
    channel: str,
    file: str,
    issues: _Issues,
) -> pd.Series:
    stem = re.sub(r"[^a-z0-9]+", "-", fold(Path(file).stem)).strip("-")[:30] or "plik"
    id_col = next((c.heading for c in plan if c.role == "respondent"), None)
    if id_col is None:
        return pd.Series([f"{channel}-{stem}-{r}" for r in rows], dtype="string")
    ids = frame[id_col].str.strip()
    duplicated = ids[(ids != "") & ids.duplicated(keep=False)]
    for value in duplicated.unique():
        positions = (ids == value).to_numpy().nonzero()[0]
        where = ", ".join(str(int(rows.iloc[p])) for p in positions)
        issues.add(
            positions,
            rows,
            id_col,
            value,
            "duplicate_id",
            t("imp.duplicate_id", value=value, rows=where),
            t("imp.duplicate_id_hint"),
        )
    fallback = pd.Series([str(r) for r in rows], index=ids.index)
    return (f"{channel}-{stem}-" + ids.where(ids != "", "r" + fallback)).astype("string")


def _submitted(frame: pd.DataFrame, plan: list[_Column]) -> pd.Series:
    column = next((c.heading for c in plan if c.role == "timestamp"), None)
    if column is None:
        return pd.Series([pd.NaT] * len(frame), dtype="datetime64[ns]")
    text = frame[column].str.strip()
    # Google exports "2019/03/12 10:15:32 PM GMT+1": drop the zone name, keep local time.
    text = text.str.replace(r"\s*(GMT|UTC)[+-]?\d*$", "", regex=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format": fine per cell
        parsed = pd.to_datetime(text, errors="coerce", format="mixed", dayfirst=True)
    return parsed.astype("datetime64[ns]")


def _find(headings: Sequence[str], names: Iterable[str]) -> str | None:
    wanted = {fold(n) for n in names}
    return next((h for h in headings if fold(h) in wanted), None)


def _import_tallies(table: RawTable, codebook: Codebook, channel: str) -> SurveyImport:
    headings = table.headings
    q = _find(headings, ("pytanie", "question"))
    a = _find(headings, ("odpowiedź", "odpowiedz", "answer", "opcja", "option"))
    n = _find(headings, ("liczba", "count", "n", "liczba osób", "ile"))
    if not (q and a and n):
        raise DataImportError(
            [
                Problem(
                    table.file, None, None, ", ".join(headings), "columns", t("imp.tally_columns")
                )
            ]
        )
    place = _find(headings, ("miejsce", "place", "lokalizacja"))
    date = _find(headings, ("data", "date"))
    issues = _Issues(table.file, list(table.problems))
    records = []
    frame, rows = table.frame, table.rows
    for pos in range(len(frame)):
        question, answer, count = (str(frame[c].iloc[pos]).strip() for c in (q, a, n))
        found = codebook.match_heading(question)
        if found is None:
            issues.add(
                [pos],
                rows,
                q,
                question,
                "unknown_question",
                t("imp.tally_question", value=question),
                t("imp.tally_question_hint"),
            )
            continue
        var, _option = found
        option = var.canonical(answer)
        if option is None:
            issues.add(
                [pos],
                rows,
                a,
                answer,
                "unknown_answer",
                t("imp.unknown_answer", value=answer, label=var.label),
                t("imp.unknown_answer_hint", choices=", ".join(var.categories)),
            )
            continue
        if not re.fullmatch(r"\d+", count):
            issues.add(
                [pos],
                rows,
                n,
                count,
                "tally_count",
                t("imp.tally_count", value=count),
                t("imp.not_number_hint"),
            )
            continue
        records.append(
            {
                "channel": channel,
                "place": frame[place].iloc[pos] if place else "",
                "date": frame[date].iloc[pos] if date else "",
                "variable": var.name,
                "option": option,
                "count": int(count),
            }
        )
    tallies = pd.DataFrame(records) if records else empty_tallies()
    tallies = tallies.astype(
        {
            "channel": "string",
            "place": "string",
            "date": "string",
            "variable": "string",
            "option": "string",
            "count": "Int64",
        }
    )
    people = int(tallies.groupby("variable")["count"].sum().max()) if records else 0
    accepted = len(records)
    report = ImportReport(
        file=table.file,
        format="tallies",
        channel=channel,
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows_in=table.rows_in,
        accepted=accepted,
        rejected=table.rows_in - accepted,
        problems=tuple(issues.problems),
        rejected_rows=tuple(sorted(int(rows.iloc[p]) for p in issues.rejected)),
        blank_rows=tuple(table.blank_rows),
        people=people,
    )
    return SurveyImport(report=report, codebook=codebook, tallies=tallies)


def _import_notes(
    table: RawTable, codebook: Codebook, channel: str, institutions: set[str]
) -> SurveyImport:
    headings = table.headings
    text_col = _find(headings, ("notatka", "note", "opinia", "treść", "tresc", "text"))
    if text_col is None:
        raise DataImportError(
            [
                Problem(
                    table.file, None, None, ", ".join(headings), "columns", t("imp.notes_columns")
                )
            ]
        )
    date_col = _find(headings, ("data", "date"))
    inst_col = _find(headings, ("instytucja", "institution", "ośrodek", "osrodek"))
    form_col = _find(headings, ("forma", "form", "kanał", "kanal"))
    frame, rows = table.frame, table.rows
    issues = _Issues(table.file, list(table.problems))
    masked: dict[str, int] = {}
    texts = _mask_series(frame[text_col].str.strip(), masked, rows, text_col, issues)
    empty = texts.isna().to_numpy().nonzero()[0]
    issues.add(empty, rows, text_col, "", "empty_row", t("imp.empty_row"), t("imp.empty_row_hint"))
    dates = frame[date_col].str.strip() if date_col else pd.Series([""] * len(frame))
    if date_col:
        parsed = pd.to_datetime(dates, errors="coerce", format="mixed", dayfirst=False)
        bad = ((dates != "") & parsed.isna()).to_numpy().nonzero()[0]
        for pos in bad:
            issues.add(
                [int(pos)],
                rows,
                date_col,
                dates.iloc[pos],
                "bad_date",
                t("imp.bad_date", value=dates.iloc[pos]),
                t("imp.bad_date_hint"),
            )
    owners = frame[inst_col].str.strip() if inst_col else pd.Series([""] * len(frame))
    if institutions and inst_col:
        unknown = ((owners != "") & ~owners.isin(institutions)).to_numpy().nonzero()[0]
        for pos in unknown:
            issues.add(
                [int(pos)],
                rows,
                inst_col,
                owners.iloc[pos],
                "unknown_institution",
                t("imp.unknown_institution", value=owners.iloc[pos]),
                t("hint.pick"),
            )
    keep = pd.Series(True, index=frame.index)
    if issues.rejected:
        keep.iloc[sorted(issues.rejected)] = False
    notes = pd.DataFrame(
        {
            "date": dates.astype("string"),
            "institution": owners.astype("string"),
            "form": (
                frame[form_col].str.strip() if form_col else pd.Series([""] * len(frame))
            ).astype("string"),
            "text": texts,
            "source_file": table.file,
            "source_row": rows.astype("Int64"),
        }
    )[keep.to_numpy()].reset_index(drop=True)
    notes = pd.concat([empty_notes(), notes], ignore_index=True).astype(empty_notes().dtypes)
    report = ImportReport(
        file=table.file,
        format="notes",
        channel=channel,
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows_in=table.rows_in,
        accepted=int(keep.sum()),
        rejected=table.rows_in - int(keep.sum()),
        problems=tuple(issues.problems),
        rejected_rows=tuple(sorted(int(rows.iloc[p]) for p in issues.rejected)),
        blank_rows=tuple(table.blank_rows),
        masked=masked,
    )
    return SurveyImport(report=report, codebook=codebook, notes=notes)
