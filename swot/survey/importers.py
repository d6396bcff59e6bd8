"""Import consultation files from every channel into the canonical dataset.

One entry point, :func:`import_survey`, reads a CSV or XLSX file, recognises its format
(Google Forms, LimeSurvey, MS Forms, Kobo/ODK, a generic table such as paper questionnaires
keyed into Excel, street-poll tallies, in-person notes), maps every column to the codebook,
converts every answer to its canonical label, masks personal data in free text, and returns a
:class:`~swot.survey.dataset.SurveyImport` with a report of every problem (file, row as Excel
shows it, column, value, rule, message, hint). Rows with errors are rejected, never half
imported; nothing is written anywhere — saving is a separate step a person confirms.

The bulk of the work is vectorised: answers are converted once per distinct value, not once
per cell, so a million rows cost little more than reading them. A CSV file in plain UTF-8 (the
usual export) is read by pyarrow straight from its bytes, columns with few distinct answers
dictionary-encoded (categoricals from then on: trimming, screening, validation, typing and
masking run once per distinct text); other files are decoded first. A file pyarrow might read
otherwise than pandas' C parser (a stray quote) is read by the latter, and a file with a row
longer than its header record by record (such a row is rejected: its values may have shifted).

Whole files are refused (``DataImportError``) when they cannot be read or have no usable
header, rows or questions. Single rows are rejected, with the reason, for an unknown answer,
an unreadable number or mark, a number of nine or more digits (a phone or PESEL number typed
into a number field), a repeated respondent id or header, a cell longer than Excel allows, or
no answer at all. Unclaimed columns that hold personal data are dropped, never inferred.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import functools
import io
import itertools
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv
from pandas.tseries.api import guess_datetime_format

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
    CHANNELS,
    ImportReport,
    SurveyImport,
    category_dtype,
    conform,
    empty_notes,
    empty_tallies,
)

__all__ = ["FORMATS", "RawTable", "detect_format", "import_survey", "parse_dates", "read_table"]

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
SAMPLE_CHARS = 1 << 20  # text enough to hold the header rows

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
        "Kod dostępu",
        "Access code",
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
        "ID odpowiedzi",
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
        "Czas ostatniej modyfikacji",
        "Total points",
        "Quiz feedback",
        "Łączna liczba punktów",
        "Opinia dotycząca testu",
    )
}

register(
    {
        "imp.read_failed": {
            "pl": "Nie można odczytać tabeli ({reason}).",
            "en": "Cannot read the table ({reason}).",
        },
        "imp.no_file": {
            "pl": "Nie ma pliku „{file}”.",
            "en": "There is no file '{file}'.",
        },
        "imp.no_file_hint": {
            "pl": "Sprawdź nazwę pliku i folder, w którym leży.",
            "en": "Check the file's name and the folder it is in.",
        },
        "imp.file_unreadable": {
            "pl": "Nie można otworzyć pliku „{file}” (brak uprawnień albo to folder).",
            "en": "Cannot open the file '{file}' (no permission, or it is a folder).",
        },
        "imp.read_hint": {
            "pl": "Zapisz plik ponownie jako CSV (UTF-8) lub XLSX i spróbuj jeszcze raz.",
            "en": "Save the file again as CSV (UTF-8) or XLSX and try again.",
        },
        "imp.no_rows": {
            "pl": "Plik nie zawiera żadnych odpowiedzi.",
            "en": "The file has no answers.",
        },
        "imp.cannot_read": {
            "pl": "Nie można wczytać pliku „{file}”.",
            "en": "Cannot read the file '{file}'.",
        },
        "imp.no_rows_hint": {
            "pl": "Sprawdź, czy wybrano właściwy plik i czy pod nagłówkiem są wiersze "
            "z odpowiedziami.",
            "en": "Check that this is the right file and that rows of answers follow the header.",
        },
        "imp.unbalanced_quote": {
            "pl": "Cudzysłów otwarty w wierszu {row} nie zostaje zamknięty do końca pliku.",
            "en": "The quote opened in row {row} is never closed before the end of the file.",
        },
        "imp.unbalanced_quote_hint": {
            "pl": 'Dopisz brakujący cudzysłów (") w tym wierszu albo zapisz plik ponownie '
            "z Excela.",
            "en": 'Add the missing quote (") in that row or save the file again from Excel.',
        },
        "imp.ragged": {
            "pl": "Wiersz ma więcej komórek ({count}) niż nagłówek ({width}); pominięto go, "
            "bo wartości mogły się przesunąć.",
            "en": "The row has more cells ({count}) than the header ({width}); it was skipped "
            "because its values may have shifted.",
        },
        "imp.short_row": {
            "pl": "Wiersz ma mniej komórek ({count}) niż nagłówek ({width}); brakujące "
            "odpowiedzi na końcu wiersza potraktowano jako puste.",
            "en": "The row has fewer cells ({count}) than the header ({width}); the missing "
            "answers at its end were taken as empty.",
        },
        "imp.short_row_hint": {
            "pl": "Sprawdź w pliku, czy w tym wierszu nie zgubiono separatorów „{delimiter}” "
            "(wtedy odpowiedzi są w złych kolumnach).",
            "en": "Check whether the row lost some '{delimiter}' separators (its answers "
            "would then be in the wrong columns).",
        },
        "imp.ragged_hint": {
            "pl": "Sprawdź, czy tekst zawierający „{delimiter}” jest ujęty w cudzysłów.",
            "en": "Check that text containing '{delimiter}' is quoted.",
        },
        "imp.duplicate_header": {
            "pl": "Nagłówek „{name}” powtarza się (kolumny {letters}).",
            "en": "The heading '{name}' repeats (columns {letters}).",
        },
        "imp.duplicate_header_hint": {
            "pl": "Nadaj kolumnom różne nagłówki.",
            "en": "Give the columns distinct headings.",
        },
        "imp.empty_header": {
            "pl": "Kolumna {letter} zawiera dane, ale nie ma nagłówka.",
            "en": "Column {letter} holds data but has no heading.",
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
        "imp.number_too_large": {
            "pl": "Liczba „{value}” ma co najmniej 9 cyfr: to raczej numer (telefonu, PESEL) niż "
            "odpowiedź.",
            "en": "The number '{value}' has nine or more digits: more likely a phone or PESEL "
            "number than an answer.",
        },
        "imp.number_too_large_hint": {
            "pl": "Wpisz właściwą liczbę albo usuń komórkę; nie przepisuj danych osobowych.",
            "en": "Enter the right number or clear the cell; do not copy personal data.",
        },
        "imp.negative_number": {
            "pl": "Liczba „{value}” jest ujemna.",
            "en": "The number '{value}' is negative.",
        },
        "imp.cell_too_long": {
            "pl": "Komórka ma więcej niż {limit} znaków (limit Excela); wiersz pominięto.",
            "en": "The cell has more than {limit} characters (Excel's limit); the row was skipped.",
        },
        "imp.cell_too_long_hint": {
            "pl": "Sprawdź, czy plik nie jest uszkodzony (np. brakujący cudzysłów) i skróć tekst.",
            "en": "Check that the file is not damaged (e.g. a missing quote) and shorten the text.",
        },
        "imp.repeated_header": {
            "pl": "Wiersz powtarza nagłówek tabeli (np. dwa eksporty sklejone w jeden plik).",
            "en": "The row repeats the table's header (e.g. two exports joined into one file).",
        },
        "imp.repeated_header_hint": {
            "pl": "Usuń powtórzony nagłówek i sprawdź, czy żadna odpowiedź nie jest zdublowana.",
            "en": "Delete the repeated header and check that no response is there twice.",
        },
        "imp.wrong_delimiter": {
            "pl": "Wiersz jest rozdzielony znakiem „{used}”, a reszta pliku znakiem „{file}”.",
            "en": "The row is separated by '{used}' but the rest of the file by '{file}'.",
        },
        "imp.wrong_delimiter_hint": {
            "pl": "Popraw ten wiersz tak, by komórki oddzielał znak „{file}”.",
            "en": "Correct the row so that '{file}' separates its cells.",
        },
        "imp.encoding_hint": {
            "pl": "Jeśli polskie litery wyglądają źle, zapisz plik jako „CSV UTF-8” i wczytaj go "
            "ponownie.",
            "en": "If Polish letters look wrong, save the file as 'CSV UTF-8' and load it again.",
        },
        "imp.no_questions": {
            "pl": "Plik nie zawiera żadnej kolumny z odpowiedziami (same kolumny techniczne).",
            "en": "The file has no column of answers (only bookkeeping columns).",
        },
        "imp.no_questions_hint": {
            "pl": "Wyeksportuj ankietę ponownie razem z odpowiedziami na pytania.",
            "en": "Export the survey again including the answers to its questions.",
        },
        "imp.personal_column": {
            "pl": "Kolumna wygląda na dane osobowe (e-mail, telefon, PESEL, nazwisko); "
            "pominięto ją.",
            "en": "The column looks like personal data (e-mail, phone, PESEL, name); "
            "it was dropped.",
        },
        "imp.personal_column_hint": {
            "pl": "Jeśli to pytanie ankiety, dopisz jego nagłówek w książce kodów.",
            "en": "If this is a question of the survey, add its heading to the codebook.",
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
        "imp.formula_hint": {
            "pl": "Tekst zostanie pokazany i wyeksportowany jako tekst, nie jako formuła.",
            "en": "It will be shown and exported as text, never as a formula.",
        },
        "imp.tally_count": {
            "pl": "Liczba „{value}” w zliczeniach nie jest liczbą całkowitą nieujemną.",
            "en": "The count '{value}' is not a whole non-negative number.",
        },
        "imp.tally_columns": {
            "pl": "Plik zliczeń musi mieć kolumny pytanie, odpowiedź i liczba.",
            "en": "A tally file needs question, answer and count columns.",
        },
        "imp.tally_columns_hint": {
            "pl": "Nazwij kolumny „pytanie”, „odpowiedz” i „liczba” (oraz „miejsce”, „data”).",
            "en": "Name the columns 'question', 'answer' and 'count' (and 'place', 'date').",
        },
        "imp.tally_count_hint": {
            "pl": "Wpisz liczbę osób jako liczbę całkowitą, np. 12 (0, jeśli nikt).",
            "en": "Enter the number of people as a whole number, e.g. 12 (0 if nobody).",
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
        "imp.notes_columns_hint": {
            "pl": "Nazwij kolumnę z treścią „notatka” (oraz „data”, „instytucja”, „forma”).",
            "en": "Name the text column 'note' (and 'date', 'institution', 'form').",
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
        "imp.unknown_institution_hint": {
            "pl": "Wpisz identyfikator jednej z instytucji: {choices}.",
            "en": "Enter the id of one of the institutions: {choices}.",
        },
        "imp.unknown_format": {
            "pl": "Nieznany format „{value}”. Dozwolone: {choices}.",
            "en": "Unknown format '{value}'. Allowed: {choices}.",
        },
        "imp.unknown_channel": {
            "pl": "Nieznany kanał „{value}”. Dozwolone: {choices}.",
            "en": "Unknown channel '{value}'. Allowed: {choices}.",
        },
        "imp.unknown_format_hint": {
            "pl": "Wybierz jedną z dozwolonych wartości albo pozwól rozpoznać ją automatycznie.",
            "en": "Choose one of the allowed values or let it be recognised automatically.",
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
    """A file read as text cells, with Excel row numbers and what reading found.

    :func:`read_table` gives one ``str`` column per heading. Inside an import a column may
    instead be categorical (its distinct texts and a code per row, as pyarrow reads columns
    with few distinct values): every step then works once per distinct text.
    """

    file: str
    frame: pd.DataFrame  # one text column per heading, in file order
    rows: pd.Series  # Excel row number of each frame row
    encoding: str = ""
    delimiter: str = ""
    decimal: str = "."
    problems: list[Problem] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)
    rows_in: int = 0  # data rows in the file, blank ones excluded
    skipped_rows: list[int] = field(default_factory=list)  # ragged rows, not in ``frame``
    arrow: pa.Table | None = None  # cells still in Arrow, until :func:`_settle` moves them

    @property
    def headings(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def _refuse(file: str, value: str, rule: str, message: str, hint: str = "") -> DataImportError:
    """A problem with the whole file: nothing in it can be imported."""
    problem = Problem(file, None, None, value, rule, message, hint)
    return DataImportError([problem], t("imp.cannot_read", file=file))


def read_table(
    source: str | Path | bytes, *, filename: str | None = None, sheet: str | None = None
) -> RawTable:
    """Read a CSV or XLSX file into text cells.

    Raises
    ------
    DataImportError
        The file cannot be read, or its header is unusable (empty or repeated column names;
        every such problem is listed).
    """
    table = _load_table(source, filename=filename, sheet=sheet)
    frame = table.frame.copy()
    for i in range(frame.shape[1]):
        frame.isetitem(i, _as_text(frame.iloc[:, i]).array)
    table.frame = frame
    return table


def _load_table(source: str | Path | bytes, *, filename: str | None, sheet: str | None) -> RawTable:
    """:func:`read_table`, with columns of few distinct texts left categorical."""
    if isinstance(source, bytes):
        data, name = source, filename or "plik"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError)
            raise _refuse(
                name,
                str(source),
                "read",
                t("imp.no_file" if missing else "imp.file_unreadable", file=path),
                t("imp.no_file_hint" if missing else "imp.read_hint"),
            ) from None
    is_zip = data[:4] == b"PK\x03\x04"
    table = _read_xlsx(data, name, sheet) if is_zip else _read_csv(data, name)
    del data  # read: a large file's bytes need not be held while the cells are prepared
    _settle(table)
    fatal = [p for p in table.problems if p.rule in _HEADER_RULES]
    if fatal:
        raise DataImportError(fatal, t("imp.cannot_read", file=name))
    return table


_HEADER_RULES = ("duplicate_header", "empty_header")


# --- text columns, whole or by distinct value ---------------------------------------------------


def _is_coded(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.CategoricalDtype)


def _as_text(values: pd.Series) -> pd.Series:
    """A column as plain ``str`` cells (a categorical one spelled out)."""
    return values.astype(str) if _is_coded(values) else values


def _cells_where(values: pd.Series, test: Any) -> npt.NDArray[np.intp]:
    """Positions of the cells for which ``test`` (a vectorised function of a text column
    giving booleans) holds, tested once per distinct text of a categorical column."""
    if _is_coded(values):
        hits = np.flatnonzero(np.asarray(test(pd.Series(values.cat.categories)), dtype=bool))
        if not len(hits):
            return np.empty(0, dtype=np.intp)
        return np.flatnonzero(np.isin(values.cat.codes.to_numpy(), hits))
    return np.flatnonzero(np.asarray(test(values), dtype=bool))


def _recode(values: pd.Series, texts: Any) -> pd.Series:
    """A categorical column whose distinct texts became ``texts`` (equal ones merged)."""
    codes = values.cat.codes.to_numpy()
    index = pd.Index(texts)
    if not index.is_unique:
        remap, index = pd.factorize(index)  # merged texts keep the first one's place
        codes = np.append(remap, -1)[codes]  # -1 (missing) stays -1
    coded = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(index))
    return pd.Series(coded, index=values.index)


def _stripped(values: pd.Series) -> pd.Series:
    """The column trimmed; the very same column when no cell needs it (the usual export)."""
    if _is_coded(values):
        texts = values.cat.categories
        trimmed = texts.str.strip()
        return values if (trimmed == texts).all() else _recode(values, trimmed)
    stripped = values.str.strip()
    if not (stripped != values).any():
        return values
    return pd.Series(stripped.array, index=values.index)


def _lowered(values: pd.Series) -> pd.Series:
    if _is_coded(values):
        return _recode(values, values.cat.categories.str.lower())
    return values.str.lower()


def _blanked(values: pd.Series, where: npt.NDArray[np.bool_]) -> pd.Series:
    """The column with the cells at ``where`` emptied."""
    if not _is_coded(values):
        out = values.copy()
        out[where] = ""
        return out
    coded = values.array
    if "" not in coded.categories:
        coded = coded.add_categories([""])
    codes = coded.codes.copy()
    codes[where] = coded.categories.get_loc("")
    return pd.Series(pd.Categorical.from_codes(codes, dtype=coded.dtype), index=values.index)


# --- CSV -----------------------------------------------------------------------------------------

#: Bytes decoded up front from a UTF-8 file: the header must lie in the first
#: :data:`SAMPLE_CHARS` characters, and this many bytes hold at least that many.
HEAD_BYTES = 4 * SAMPLE_CHARS + 4
#: The head tried first: more than the 64K characters the dialect is sniffed from (at most
#: four bytes each), and almost always the whole header.
_SHORT_HEAD = (1 << 18) + 4


def _read_csv(data: bytes, name: str) -> RawTable:
    # The usual export, plain UTF-8, is never decoded whole: pyarrow reads the bytes,
    # checking every value as UTF-8, and the checks of sniff.decode() run on the values.
    plain = sniff.plain_utf8(data, head_bytes=_SHORT_HEAD)
    if plain is not None:
        normalised = _normalise_bytes(plain[0])
        for size in (_SHORT_HEAD, HEAD_BYTES):
            found = sniff.utf8_prefix(normalised, size)
            if found is None or (size > _SHORT_HEAD and sniff.double_encoding_suspected(found[0])):
                break
            try:
                table = _read_text(name, normalised, found[0], found[1], "utf-8", "")
            except _LongHeader:
                continue
            if table is not None:
                return table
            break
    decoded, text, payload = _decode_csv(data, name)
    table = _read_text(name, payload, text, True, decoded.encoding, decoded.note)
    assert table is not None  # the whole text was given
    return table


def _normalise_bytes(payload: bytes) -> bytes:
    """:func:`_decode_csv`'s changes to a text, made to its UTF-8 bytes (the same changes)."""
    out = payload[:-1] if payload.endswith(b"\x1a") else payload
    if b"\xef" in out and codecs.BOM_UTF8 in out:  # one byte is found at memchr speed
        out = out.replace(codecs.BOM_UTF8, b"")
    if b"\r" in out:
        out = out.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return out


def _read_text(
    name: str, payload: bytes | None, text: str, whole: bool, encoding: str, note: str
) -> RawTable | None:
    """Read a CSV file's text (``payload``: its UTF-8 bytes, if they are at hand).

    ``text`` is the whole text, or (``whole`` false) only its head: then the bytes are not yet
    known to be UTF-8 without double encoding, and ``None`` says that the whole text is needed
    (:func:`_decode_csv` decides what it is); ``_LongHeader`` that the header goes on past
    the head.
    """
    dialect = sniff.sniff_table(text, filename=name)
    header_lines = _header_lines(text, dialect, whole)
    if header_lines is None:
        raise _LongHeader
    headings, problems = _headings(header_lines, name, dialect.header_row + 1)
    if note:  # an encoding guessed, or double-encoded letters repaired: say so
        problems.append(
            Problem(name, None, None, encoding, "encoding", note, t("imp.encoding_hint"), "warning")
        )
    skip = dialect.header_row + dialect.header_rows
    widths_differ = False
    try:
        if payload is not None:
            parsed = _read_arrow(None, payload, headings, dialect, skip, not whole)
        else:
            parsed = _read_arrow(text, None, headings, dialect, skip)
    except _RowWidths:
        parsed, widths_differ = None, True
    if parsed is not None:
        return _finish_csv(name, parsed, skip, encoding, dialect, problems)
    if not whole:
        assert payload is not None
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if sniff.double_encoding_suspected(text):
            return None
    parsed = None if widths_differ else _read_regular(text, headings, dialect, skip, name)
    if parsed is not None:
        return _finish_csv(name, parsed, skip, encoding, dialect, problems)
    # Some row is longer than the header: read record by record.
    frame, rows, skipped, ragged = _read_records(text, headings, dialect, skip, name)
    problems += ragged
    table = RawTable(
        name,
        frame,
        rows,
        encoding,
        dialect.delimiter,
        dialect.decimal,
        problems,
        skipped_rows=skipped,
    )
    _drop_blank(table)
    return table


def _decode_csv(data: bytes, name: str) -> tuple[sniff.Decoded, str, bytes | None]:
    """The file's text, normalised for the parsers, and its UTF-8 bytes if they are the same.

    When the bytes are exactly the text in UTF-8, pyarrow reads them as they are (no second
    encoding).
    """
    decoded = sniff.decode(data, filename=name)  # the whole file: a late odd byte counts too
    text = decoded.text.removesuffix("\x1a")  # DOS end-of-file mark
    if "\ufeff" in text:  # a BOM inside the text: exports joined after saving
        text = text.replace("\ufeff", "")
    if "\r" in text:  # one line end: pandas loses a row's leading empty cell after a lone CR
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    same = text is decoded.text and decoded.encoding == "utf-8" and not decoded.note
    payload = (data[3:] if decoded.bom else data) if same else None
    return decoded, text, payload


def _finish_csv(
    name: str,
    frame: pd.DataFrame | pa.Table,
    skip: int,
    encoding: str,
    dialect: Any,
    problems: list[Problem],
) -> RawTable:
    """A table read whole by a fast parser: record k after the header is Excel row skip + k.

    An Arrow table is kept as it is, for :func:`_settle` to convert once the file's bytes
    are let go.
    """
    rows = pd.Series(range(skip + 1, skip + 1 + len(frame)), dtype="int64")
    if isinstance(frame, pa.Table):
        return RawTable(
            name,
            pd.DataFrame(),
            rows,
            encoding,
            dialect.delimiter,
            dialect.decimal,
            problems,
            arrow=frame,
        )
    table = RawTable(name, frame, rows, encoding, dialect.delimiter, dialect.decimal, problems)
    _drop_blank(table)
    return table


def _settle(table: RawTable) -> None:
    """Move the cells of a table read by pyarrow into pandas (trimmed, blank rows dropped)."""
    if table.arrow is None:
        return
    arrow, table.arrow = table.arrow, None
    columns: dict[str, pd.Series] = {}
    for name in arrow.column_names:  # one column at a time: each is let go once moved
        column = arrow.column(name)
        arrow = arrow.drop_columns([name])
        columns[name] = (
            _categorical(column) if pa.types.is_dictionary(column.type) else column.to_pandas()
        )
        del column
    table.frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=range(len(table.rows)))
    _drop_blank(table)


class _LongHeader(Exception):
    """The header does not end in the head of the text that was decoded."""


class _RowWidths(Exception):
    """Some row has another number of cells than the header: only the exact reader says
    which (pandas' C parser would pad a short row without a word)."""


_BLOCK_BYTES = 1 << 22  # pyarrow's blocks: 4 MiB parse faster than larger ones (cache)
_LARGE = 1 << 26  # bytes: a larger file's read goes to pyarrow's own memory pool
#: How pyarrow reads a column of few distinct texts: each text once, and a code per row.
_CODED = pa.dictionary(pa.int32(), pa.string())


def _read_arrow(
    text: str | None,
    payload: bytes | None,
    headings: list[str],
    dialect: Any,
    skip: int,
    unchecked: bool = False,
) -> pa.Table | None:
    """The fastest path: pyarrow's multithreaded reader, into an Arrow table of text.

    Columns with few distinct texts (answers to closed questions) are read
    dictionary-encoded: each text is stored once, and later steps work once per text (they
    become categoricals in pandas). The others (time stamps, e-mail addresses) are plain text.

    Only for files it reads exactly as pandas' C parser does (a test compares the two on every
    file we have): ``None`` when a row does not fit the header, a quote is left open (pyarrow
    would read to the end of the file without a word), or headings repeat after cleaning.
    ``unchecked``: the bytes are not known to be UTF-8 without double encoding (only the head
    was decoded), so ``None`` also when they are not UTF-8 or a text holds a letter of double
    encoding (:func:`sniff.double_encoding_suspected`): the whole text must be decoded.
    """
    quote = dialect.quotechar or ""
    data = payload if payload is not None else (text or "").encode("utf-8")
    if not data or len(set(headings)) < len(headings):
        return None
    breaks = _quoting(data, quote.encode(), dialect.delimiter.encode()) if quote else False
    if breaks is None:
        return None
    # The header was found line by line; pyarrow skips records. They agree unless a quoted
    # line break sits above the data.
    if quote and any(line.count(quote.encode()) % 2 for line in _first_lines(data, skip)):
        return None
    names = [f"c{i}" for i in range(len(headings))]
    coded = _few_values(data, dialect, skip, len(headings))
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(
                column_names=names,
                skip_rows=skip,
                encoding="utf8",
                # Blocks that fit in the cache parse fastest; the columns come back in one
                # chunk per block, later unified (dictionaries) or walked chunk by chunk.
                block_size=_BLOCK_BYTES,
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=dialect.delimiter,
                quote_char=quote or False,
                double_quote=True,
                newlines_in_values=breaks,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    name: _CODED if i in coded else pa.string() for i, name in enumerate(names)
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            # The system allocator gives a small file's read buffers back at once; for a
            # large one, pyarrow's own pool, which the later steps reuse, holds less at peak.
            memory_pool=pa.system_memory_pool() if len(data) < _LARGE else None,
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        if "columns, got" in str(exc):  # a row shorter or longer than the header
            raise _RowWidths from None
        return None
    if unchecked and any(sniff.double_encoding_suspected(_texts_of(c)) for c in table.columns):
        return None
    return table.rename_columns(headings)


def _texts_of(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """The texts of a column: of a dictionary-encoded one, its dictionaries."""
    if pa.types.is_dictionary(column.type):
        return pa.chunked_array([c.dictionary for c in column.chunks], type=pa.string())
    return column


def _categorical(column: pa.ChunkedArray) -> pd.Series:
    """A dictionary-encoded column as a pandas categorical: no text per row.

    Each block has its own dictionary; unified, texts keep the order they first occur in.
    """
    chunks = column.unify_dictionaries().chunks
    if not chunks:
        return pd.Series(pd.Categorical.from_codes([], categories=pd.Index([], dtype=str)))
    categories = pd.Index(pd.array(chunks[0].dictionary, dtype="str"))
    width = (
        np.int8 if len(categories) < 1 << 7 else np.int16 if len(categories) < 1 << 15 else np.int32
    )
    codes: npt.NDArray[np.integer[Any]] = np.concatenate(
        [c.indices.to_numpy(zero_copy_only=False) for c in chunks], dtype=width
    )
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)))


def _first_lines(data: bytes, count: int) -> list[bytes]:
    """``data.split(b"\\n", count)[:count]`` without copying the rest of the file."""
    lines: list[bytes] = []
    start = 0
    while len(lines) < count:
        end = data.find(b"\n", start)
        if end < 0:
            lines.append(data[start:])
            break
        lines.append(data[start:end])
        start = end + 1
    return lines


_CODED_SAMPLE = 1 << 16  # bytes of records that show which columns have few distinct texts


def _few_values(data: bytes, dialect: Any, skip: int, width: int) -> set[int]:
    """Columns to read dictionary-encoded: those with few distinct texts in the first records.

    Only a matter of speed (a test reads every file both ways): a column of distinct texts,
    such as time stamps, is faster read as plain text.
    """
    sample = data[:_CODED_SAMPLE].decode("utf-8", errors="replace")
    reader = csv.reader(
        io.StringIO(sample, newline=""),
        delimiter=dialect.delimiter,
        quotechar=dialect.quotechar or '"',
        strict=False,
    )
    records = list(itertools.islice(reader, skip, skip + 500))
    if len(data) > _CODED_SAMPLE:
        records = records[:-1]  # perhaps cut short
    if len(records) < 50:
        return set(range(width))
    columns = itertools.zip_longest(*records, fillvalue="")
    return {
        i for i, cells in enumerate(columns) if i < width and len(set(cells)) * 2 <= len(records)
    }


def _quotes_well_formed(data: bytes, quote: bytes, delimiter: bytes) -> bool:
    """Whether every quote opens a field, closes one, or is doubled inside one.

    Quotes alternate opening and closing (a doubled quote is a close straight followed by
    an open). An opening quote must start a field and a closing one end it; a quote in the
    middle of a field (``x"y``, ``"a"b``) is read differently by different parsers, so such
    a file goes to pandas' C parser. Checked in blocks, at numpy speed.
    """
    return _quoting(data, quote, delimiter) is not None


def _quoting(data: bytes, quote: bytes, delimiter: bytes) -> bool | None:
    """``None`` unless quotes are well formed (:func:`_quotes_well_formed`); else whether a
    line break lies inside quotes (pyarrow splits a file among threads much faster when
    none does)."""
    view = np.frombuffer(data, dtype=np.uint8)
    # A quote may follow or precede a delimiter, a line end or another quote. That other
    # quote is always the other half of a doubled quote: quotes alternate, so the one just
    # before an opening quote closes a field and the one just after a closing quote opens.
    edge = np.zeros(256, dtype=bool)
    edge[[delimiter[0], ord("\n"), quote[0]]] = True
    inside = False  # whether a quoted field is open where the block starts
    breaks = False  # whether a line break was found inside quotes
    block = 1 << 20  # small blocks stay in the cache
    for start in range(0, len(view), block):
        part = view[start : start + block]
        at = np.flatnonzero(part == quote[0]) + start
        opens, closes = (at[1::2], at[0::2]) if inside else (at[0::2], at[1::2])
        if len(opens) and opens[0] == 0:  # the first byte: starts a field
            opens = opens[1:]
        if len(closes) and closes[-1] == len(view) - 1:  # the last byte: ends a field
            closes = closes[:-1]
        if not (edge[view[opens - 1]].all() and edge[view[closes + 1]].all()):
            return None
        if not breaks and (inside or len(at)):  # inside quotes: an odd number of them before
            lines = np.flatnonzero(part == ord("\n")) + start
            before = np.searchsorted(at, lines)
            breaks = bool(((before % 2 == 1) ^ inside).any())
        inside ^= len(at) % 2 == 1
    return None if inside else breaks  # a quote left open: None


def _read_regular(
    text: str, headings: list[str], dialect: Any, skip: int, name: str
) -> pd.DataFrame | None:
    """The fast path: pandas' C parser. ``None`` when a row does not fit the header.

    The C parser silently cuts the first data row to the header's width and skips longer
    rows later on; either way it warns, and then the exact (slower) reader takes over.
    """
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            frame = pd.read_csv(
                io.BytesIO(text.encode("utf-8")),
                encoding="utf-8",
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
    except pd.errors.EmptyDataError:
        return pd.DataFrame({h: pd.Series(dtype=str) for h in headings})
    except (pd.errors.ParserError, ValueError, OverflowError) as exc:
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if unclosed:  # 0-based record of the whole file
            row = int(unclosed[1]) + 1
            raise DataImportError(
                [
                    Problem(
                        name,
                        row,
                        None,
                        "",
                        "unbalanced_quote",
                        t("imp.unbalanced_quote", row=row),
                        t("imp.unbalanced_quote_hint"),
                    )
                ],
                t("imp.cannot_read", file=name),
            ) from None
        return None
    if seen:
        return None
    return frame


def _read_records(
    text: str, headings: list[str], dialect: Any, skip: int, name: str
) -> tuple[pd.DataFrame, pd.Series, list[int], list[Problem]]:
    """The exact path: every record with its Excel row; rows longer than the header skipped.

    Extra cells that are empty (a trailing delimiter) are harmless and dropped; a row whose
    extra cells hold text is skipped and reported, because its values may have shifted.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:  # a 10 MB cell is still a cell
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=dialect.delimiter,
        quotechar=dialect.quotechar or '"',
        doublequote=True,
        strict=False,
    )
    width = len(headings)
    cells: list[list[str]] = []
    rows: list[int] = []
    skipped: list[int] = []
    problems: list[Problem] = []
    try:
        for index, record in enumerate(reader):
            if index < skip:
                continue
            extra = [c for c in record[width:] if c.strip()]
            if extra:
                skipped.append(index + 1)
                problems.append(
                    Problem(
                        name,
                        index + 1,
                        None,
                        _shown(dialect.delimiter.join(extra)),
                        "ragged",
                        t("imp.ragged", count=len(record), width=width),
                        t("imp.ragged_hint", delimiter=_delimiter_name(dialect.delimiter)),
                    )
                )
                continue
            if len(record) < width and any(c.strip() for c in record):
                problems.append(
                    Problem(
                        name,
                        index + 1,
                        None,
                        _shown(dialect.delimiter.join(record)),
                        "short_row",
                        t("imp.short_row", count=len(record), width=width),
                        t("imp.short_row_hint", delimiter=_delimiter_name(dialect.delimiter)),
                        "warning",
                    )
                )
            cells.append(record[:width] + [""] * (width - len(record)))
            rows.append(index + 1)
    except csv.Error as exc:  # pragma: no cover - the reader is lenient (strict=False)
        raise DataImportError(
            [Problem(name, None, None, "", "read", t("imp.read_failed", reason=exc))],
            t("imp.cannot_read", file=name),
        ) from None
    columns = list(zip(*cells, strict=True)) if cells else [() for _ in headings]
    frame = pd.DataFrame(
        {h: pd.Series(list(c), dtype=str) for h, c in zip(headings, columns, strict=True)}
    )
    return frame, pd.Series(rows, dtype="int64"), skipped, problems


_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)  # csv's limit is a C long (32 bits on Windows)


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "TAB"}.get(delimiter, delimiter)


def _header_lines(text: str, dialect: Any, whole: bool = True) -> list[list[str]] | None:
    """The header record(s), read from the top of the text (the whole text only if needed).

    ``None`` when ``text`` is only the head of the file (``whole`` false) and the header
    does not end in its first :data:`SAMPLE_CHARS` characters.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    for head in (text[:SAMPLE_CHARS], text) if whole else (text[:SAMPLE_CHARS],):
        reader = csv.reader(
            io.StringIO(head, newline=""),  # newline="": a file with CR line ends reads too
            delimiter=dialect.delimiter,
            quotechar=dialect.quotechar or '"',
            strict=False,
        )
        wanted = dialect.header_row + dialect.header_rows + 1
        lines = list(itertools.islice(reader, wanted))[dialect.header_row :]
        if len(lines) > dialect.header_rows or (whole and len(head) == len(text)):
            return lines[: dialect.header_rows]  # a record followed: the header was whole
    return [] if whole else None


def _headings(lines: list[list[str]], name: str, excel_row: int) -> tuple[list[str], list[Problem]]:
    """Column headings (a two-row header becomes ``Top [Sub]``), empty ones named by letter."""
    if not lines:
        raise DataImportError(
            [Problem(name, None, None, "", "no_rows", t("imp.no_rows"), t("imp.no_rows_hint"))],
            t("imp.cannot_read", file=name),
        )
    top = [" ".join(c.split()) for c in lines[0]]
    if len(lines) > 1:
        subs = [" ".join(c.split()) for c in lines[1]]
        width = max(len(top), len(subs))
        top += [""] * (width - len(top))
        subs += [""] * (width - len(subs))
        current = ""
        combined = []
        for head, sub in zip(top, subs, strict=True):
            current = head or current
            # a merged cell spans the columns with a sub-label; a column with neither a
            # heading nor a sub-label has no name (dropped when it holds no data)
            combined.append(f"{current} [{sub}]" if sub and current else (head or sub))
        top = combined
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    headings = []
    for index, head in enumerate(top):
        label = head or f"{_EMPTY}{index}"
        if head and fold(head) in seen:
            first = _column_letter(seen[fold(head)])
            problems.append(
                Problem(
                    name,
                    excel_row,
                    head,
                    _shown(head),
                    "duplicate_header",
                    t(
                        "imp.duplicate_header",
                        name=_shown(head),
                        letters=f"{first}, {_column_letter(index)}",
                    ),
                    t("imp.duplicate_header_hint"),
                )
            )
            label = f"{head} {_DUP}{index}"
        if head:
            seen.setdefault(fold(head), index)
        headings.append(label)
    return headings, problems


_EMPTY = "__empty_"
_DUP = "__dup_"


def _column_letter(index: int) -> str:
    """Excel column letter of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# sniff's rules for the header problems it raises, in this module's words
_SNIFF_RULES = {"sniff.header_empty": "empty_header", "sniff.header_duplicate": "duplicate_header"}


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> RawTable:
    try:
        sheet_table = sniff.read_xlsx_rows(data, filename=name, sheet=sheet)
    except DataImportError as exc:
        problems = [
            dataclasses.replace(p, rule=_SNIFF_RULES.get(p.rule, p.rule)) for p in exc.problems
        ]
        raise DataImportError(problems, t("imp.cannot_read", file=name)) from None
    headings = list(sheet_table.headers)
    width = len(headings)
    cells = [(r + [""] * width)[:width] for r in sheet_table.rows]
    columns = list(zip(*cells, strict=True)) if cells else [() for _ in headings]
    frame = pd.DataFrame(
        {h: pd.Series(list(c), dtype=str) for h, c in zip(headings, columns, strict=True)}
    )
    rows = pd.Series(sheet_table.row_numbers, dtype="int64")
    first_data = sheet_table.dialect.header_row + sheet_table.dialect.header_rows + 1
    table = RawTable(name, frame, rows, "xlsx", "", ".", list(sheet_table.problems))
    _drop_blank(table)
    table.blank_rows = sorted(
        {r for r in sheet_table.skipped_blank if r >= first_data} | set(table.blank_rows)
    )
    return table


def _drop_blank(table: RawTable) -> None:
    """Trim every cell, then drop blank rows (listed in ``blank_rows``) and unnamed columns
    without data. Every reader ends here, so later steps get trimmed text and need not trim
    each column again."""
    frame = table.frame
    for i in range(frame.shape[1]):  # in place: each old column is freed as soon as trimmed
        frame.isetitem(i, _stripped(frame.iloc[:, i]).array)
    empty_columns = [c for c in frame.columns if str(c).startswith(_EMPTY)]
    for column in empty_columns:
        filled = (frame[column] != "").to_numpy(dtype=bool)
        if filled.any():
            letter = _column_letter(int(str(column)[len(_EMPTY) :]))
            table.problems.append(
                Problem(
                    table.file,
                    int(table.rows[filled].iloc[0]),
                    letter,
                    _shown(str(frame[column][filled].iloc[0])),
                    "empty_header",
                    t("imp.empty_header", letter=letter),
                    t("imp.empty_header_hint"),
                )
            )
    frame = frame.drop(columns=empty_columns)
    if len(frame.columns):
        blank = np.logical_and.reduce(
            [(frame[c] == "").to_numpy(dtype=bool) for c in frame.columns]
        )
    else:
        blank = np.ones(len(frame), dtype=bool)
    table.blank_rows = [int(r) for r in table.rows[blank]]
    if blank.any():  # no copy of a large table that has no blank row
        frame = frame[~blank].reset_index(drop=True)
        table.rows = table.rows[~blank].reset_index(drop=True)
    table.frame = frame
    table.rows_in = len(table.frame) + len(table.skipped_rows)


# --- formats ---------------------------------------------------------------------------------

_LIME_MARKERS = {
    fold(h)
    for h in (
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "Data wysłania",
        "Ostatnia strona",
        "Język początkowy",
        "Ziarno",
        "Data rozpoczęcia",
        "Data ostatniej akcji",
        "Date submitted",
        "Last page",
        "Start language",
        "Seed",
        "Date started",
        "Date last action",
    )
}
_MS_MARKERS = {
    fold(h)
    for h in (
        "Start time",
        "Completion time",
        "Godzina rozpoczęcia",
        "Godzina ukończenia",
        "Czas rozpoczęcia",
        "Czas ukończenia",
    )
}
_KOBO_MARKERS = {"_uuid", "_submission_time", "_index", "_id", "__version__", "_xform_id_string"}
_KOBO_PATH = re.compile(r"[A-Za-z_][\w.-]*(/[A-Za-z_][\w.-]*)+")  # group/question, no spaces


def detect_format(headings: Sequence[str]) -> str:
    """Recognise the tool that exported a table from its headings."""
    folded = [fold(h) for h in headings]
    names = set(folded)
    if names & {fold("Sygnatura czasowa"), fold("Znacznik czasu"), "timestamp"}:
        return "google_forms"
    if len(names & _LIME_MARKERS) >= 2:
        return "limesurvey"
    if names & _MS_MARKERS:
        return "ms_forms"
    paths = sum(1 for h in headings if _KOBO_PATH.fullmatch(h.strip()))
    if names & _KOBO_MARKERS or (paths >= 2 and 3 * paths >= len(headings)):
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
        forms.append(f"{match[1]}[{match[2]}]")  # Q1_SQ001 → Q1[SQ001]
    option = _option_match(heading)
    if option:  # a two-row header gives "Top [Sub]" where the codebook says "Top: Sub"
        question, label = option[1].strip().rstrip(":").strip(), option[2].strip()
        forms += [f"{question}: {label}", f"{question} [{label}]"]
    if fmt == "kobo":
        for sep in ("/", "-"):
            if sep in heading:
                forms.append(heading.rsplit(sep, 1)[-1])
                forms.append(heading.split(sep, 1)[-1])
    return list(dict.fromkeys(forms))


_OTHER_LABELS = {
    fold(s)
    for s in (
        "inne",
        "inna",
        "inny",
        "inne (jakie?)",
        "inne (jakie)",
        "other",
        "other (please specify)",
    )
}
_IDENTITY_WORDS = ("e-mail", "email", "telefon", "phone", "pesel", "nazwisko", "adres ip")


def _plan(headings: Sequence[str], codebook: Codebook, fmt: str) -> list[_Column]:
    plan = []
    roles_seen: set[str] = set()
    for heading in headings:
        key = fold(heading)
        if key in _IDENTITY:
            plan.append(_Column(heading, "identity"))
            continue
        found = _match_heading(heading, codebook, fmt)
        if found is not None:
            plan.append(found)
            continue
        if key in _TIMESTAMP or key in _RESPONDENT_ID:
            role = "timestamp" if key in _TIMESTAMP else "respondent"
            # only the first id and the first time stamp count; others are bookkeeping
            plan.append(_Column(heading, "metadata" if role in roles_seen else role))
            roles_seen.add(role)
        elif key in _METADATA or (fmt == "kobo" and heading.startswith("_")):
            plan.append(_Column(heading, "metadata"))
        else:
            plan.append(_Column(heading, "new"))
    return plan


def _match_heading(heading: str, codebook: Codebook, fmt: str) -> _Column | None:
    """The codebook's claim on a heading, also as ``Question [option]`` or ``group/q/option``."""
    for form in _normalise_heading(heading, fmt):
        found = codebook.match_heading(form)
        if found:
            var, option = found
            if option is None:
                return _Column(heading, "variable", var.name)
            if option == "__other__":
                return _Column(heading, "other", var.name)
            return _Column(heading, "option", var.name, option)
    # one column per option, named by the question and the option (LimeSurvey full headings,
    # Kobo "group/question/option" 0/1 columns)
    parts: list[tuple[str, str]] = []
    option_match = _option_match(heading)
    if option_match:
        parts.append((option_match[1].strip().rstrip(":").strip(), option_match[2].strip()))
    if "/" in heading:
        parent, _, label = heading.rpartition("/")
        parts.append((parent, label))
        if fmt == "kobo" and "/" in parent:
            parts.append((parent.rsplit("/", 1)[-1], label))
    for parent, label in parts:
        found = codebook.match_heading(parent)
        if found is None or found[1] is not None or found[0].type is not VarType.MULTIPLE:
            continue
        var = found[0]
        if fold(label) in _OTHER_LABELS or fold(label).startswith(("inne (", "other (")):
            return _Column(heading, "other", var.name)
        return _Column(heading, "option", var.name, _option_by_name(label, var) or label)
    return None


def _option_by_name(name: str, var: Variable) -> str | None:
    """An option as its label, a known spelling, or a form's choice name (``brak_czasu``)."""
    found = var.canonical(name) or var.canonical(name.replace("_", " "))
    if found is not None:
        return found
    key = _name_key(name)
    return next((o for o in var.options if _name_key(o) == key), None)


def _name_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


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
) -> tuple[Codebook, list[_Column], list[str], list[str]]:
    """Turn every unclaimed column into a variable, inferred from its values, and say so.

    Returns the codebook, the plan, the inferred variables and the unclaimed columns dropped
    because they hold personal data (e-mail addresses, phone numbers, PESEL numbers).
    """
    taken = set(codebook.names)
    inferred: list[str] = []
    personal: list[str] = []
    new_plan = list(plan)
    for index, col in enumerate(plan):
        if col.role != "new":
            continue
        key = fold(col.heading)
        if any(w in key for w in _IDENTITY_WORDS) or _holds_personal_data(
            _as_text(frame[col.heading])
        ):
            new_plan[index] = _Column(col.heading, "identity")
            personal.append(col.heading)
    plan = list(new_plan)
    # one-column-per-option groups: "Q7[SQ001]" / "Brakuje: kino" with only marks as values
    groups: dict[str, list[int]] = {}
    for index, col in enumerate(plan):
        if col.role != "new":
            continue
        prefix = _option_prefix(col.heading)
        values = set(_as_text(frame[col.heading]).str.strip().str.lower().unique()) - {""}
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
        var = _infer_variable(col.heading, _as_text(frame[col.heading]), taken)
        codebook = codebook.with_variable(var)
        inferred.append(var.name)
        new_plan[index] = _Column(col.heading, "variable", var.name)
    return codebook, new_plan, inferred, personal


_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in pii.PLACEHOLDERS.values()))


def _holds_personal_data(values: pd.Series) -> bool:
    """Whether most answers of a column are nothing but e-mails, phones or PESEL numbers."""
    distinct = [v for v in values.str.strip().unique()[:200] if v]
    if not distinct:
        return False
    bare = 0
    for value in distinct:
        masked = pii.mask_text(value[:200]).text
        if masked != value[:200] and not _PLACEHOLDER_RE.sub("", masked).strip(" ,;.:-/()"):
            bare += 1
    return bare * 2 >= len(distinct)


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

    numbers = [_parse_number(v)[0] for v in distinct[:2000]]
    if distinct and all(n is not None and abs(n) < LARGEST for n in numbers):
        return make(VarType.NUMERIC)
    folded = {fold(v) for v in distinct}
    for scale, dont_know in KNOWN_SCALES:
        known = {fold(s) for s in scale + dont_know}
        if folded and folded <= known:
            present_dk = tuple(d for d in dont_know if fold(d) in folded) or dont_know[:1]
            return make(VarType.LIKERT, scale, present_dk)
    if (
        distinct
        and len(distinct) <= 15
        and len(distinct) <= max(2, len(present) // 2)
        and not _holds_pii(distinct)
    ):
        kind = VarType.DEMOGRAPHIC if demographic else VarType.SINGLE
        return make(kind, tuple(sorted(distinct, key=fold)))
    return make(VarType.OPEN)


def _holds_pii(values: Sequence[str]) -> bool:
    """Whether an answer holds an e-mail, a phone or a PESEL number.

    Such a column is open text, never a choice: the answers of a choice question become its
    option list in the codebook, which is stored and shown unmasked.
    """
    return any(any(pii.mask_text(v).counts.values()) for v in values if _MAY_HOLD_PII.search(v))


# --- converting answers ----------------------------------------------------------------------

MAX_CELL = 32_767  # Excel's limit: a longer cell did not come from a spreadsheet or a form
SHOWN = 200  # characters of a cell value kept in a problem


def _shown(value: str, limit: int = SHOWN) -> str:
    """A cell value fit for a report: personal data masked, long text shortened."""
    text = pii.mask_text(value[: 5 * limit]).text if value else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        """Record one problem per row; ``value`` is masked and shortened (messages must use
        :func:`_shown` for the values they quote)."""
        at = np.asarray(positions, dtype=np.intp).ravel()
        if reject:
            self.rejected.update(at.tolist())
        listed = at[: max(0, MAX_LISTED_PROBLEMS - len(self.problems))]
        if len(listed):
            shown = _shown(value)
            severity = "error" if reject else "warning"
            self.problems.extend(
                Problem(self.file, row, column, shown, rule, message, hint, severity)
                for row in rows.to_numpy()[listed].tolist()
            )
        self.more += len(at) - len(listed)


def _screen(
    frame: pd.DataFrame, rows: pd.Series, issues: _Issues, delimiter: str = ""
) -> pd.DataFrame:
    """Reject rows no answer can come from, and blank them so nothing else reports them.

    A cell longer than Excel allows (a broken quote swallowed the file, or an attack), a row
    that repeats the header (two exports joined into one file), and a row written with
    another delimiter than the rest of the file (its whole content lands in one cell).
    """
    frame = _long_cells(frame, rows, issues)
    if len(frame.columns) < 2 or not len(frame):
        return frame
    same = np.zeros(len(frame), dtype=np.int64)
    filled = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        cells = frame[column]  # trimmed by _drop_blank
        same[_cells_where(cells, functools.partial(_repeats_heading, str(column)))] += 1
        filled += (cells != "").to_numpy(dtype=bool)
    repeated = (same >= 2) & (same == filled)
    width = len(frame.columns)
    for pos in ((filled == 1) & ~repeated).nonzero()[0] if delimiter and width >= 3 else ():
        cell = next(v for v in frame.iloc[pos] if str(v).strip())
        for other in sniff.DELIMITERS:
            parts = str(cell).count(other) + 1
            if other != delimiter and parts >= max(3, -(-width * 4 // 5)):
                issues.add(
                    [int(pos)],
                    rows,
                    None,
                    str(cell),
                    "wrong_delimiter",
                    t(
                        "imp.wrong_delimiter",
                        used=_delimiter_name(other),
                        file=_delimiter_name(delimiter),
                    ),
                    t("imp.wrong_delimiter_hint", file=_delimiter_name(delimiter)),
                )
                repeated[pos] = True  # blanked below like a repeated header
                break
    if repeated.any():
        header_rows = [p for p in repeated.nonzero()[0] if p not in issues.rejected]
        issues.add(
            header_rows,
            rows,
            None,
            "",
            "repeated_header",
            t("imp.repeated_header"),
            t("imp.repeated_header_hint"),
        )
        frame = frame.copy()
        for i in range(frame.shape[1]):
            frame.isetitem(i, _blanked(frame.iloc[:, i], repeated).array)
    return frame


def _repeats_heading(heading: str, values: pd.Series) -> npt.NDArray[np.bool_]:
    """Cells that say ``heading`` (case aside)."""
    # Lower-casing a whole column is slow: only cells as long as the heading can equal it.
    candidates = (values.str.len() == len(heading)).to_numpy(dtype=bool)
    equal = np.zeros(len(values), dtype=bool)
    if candidates.any():
        lowered = values[candidates].str.lower()
        equal[candidates] = (lowered == heading.lower()).to_numpy(dtype=bool)
    return equal


def _long_cells(frame: pd.DataFrame, rows: pd.Series, issues: _Issues) -> pd.DataFrame:
    """Reject rows with a cell longer than Excel allows, and blank that cell."""
    for column in frame.columns:
        positions = _cells_where(frame[column], _too_long)
        if len(positions):
            too_long = np.zeros(len(frame), dtype=bool)
            too_long[positions] = True
            issues.add(
                positions,
                rows,
                str(column),
                "",
                "cell_too_long",
                t("imp.cell_too_long", limit=MAX_CELL),
                t("imp.cell_too_long_hint"),
            )
            frame = frame.copy()
            frame[column] = _blanked(frame[column], too_long)
    return frame


def _too_long(values: pd.Series) -> npt.NDArray[np.bool_]:
    return (values.str.len() > MAX_CELL).to_numpy(dtype=bool)


_SCANS = 16  # values whose rows are found by a scan; a sort groups all rows after that


def _in_first_use_order(codes: npt.NDArray[np.integer[Any]], count: int) -> bool:
    """Whether ``codes`` use all of ``0 .. count - 1``, each first occurring after the one
    before (as ``pd.factorize`` numbers them): then no renumbering is needed."""
    if not len(codes):
        return count == 0
    top = np.maximum.accumulate(codes)
    return bool(top[0] == 0 and top[-1] == count - 1 and not (np.diff(top) > 1).any())


class _Distinct:
    """The distinct values of a column and where each occurs: work once per value, not cell.

    Values come in the order they first occur, whether the column is plain text or
    categorical (its unused categories left out), so problems are listed in file order.
    """

    def __init__(self, values: pd.Series) -> None:
        if _is_coded(values) and not values.hasnans:
            codes = values.cat.codes.to_numpy()
            uniques = values.cat.categories
            if not _in_first_use_order(codes, len(uniques)):
                codes, used = pd.factorize(codes)
                uniques = uniques.take(used)
        else:
            codes, uniques = pd.factorize(_as_text(values).fillna(""))
        self.codes = codes
        self.uniques = uniques
        self.index = values.index
        self._values: list[str] | None = None
        self._order: npt.NDArray[np.intp] = np.empty(0, dtype=np.intp)
        self._starts: npt.NDArray[np.intp] | None = None
        self._scans = 0

    @property
    def values(self) -> list[str]:
        """The distinct values as Python text (made on first use: a column of free text has
        hundreds of thousands)."""
        if self._values is None:
            self._values = [str(u) for u in self.uniques]
        return self._values

    def __len__(self) -> int:
        return len(self.uniques)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(enumerate(self.values))

    def where(self, k: int) -> npt.NDArray[np.bool_]:
        return np.asarray(self.codes == k, dtype=bool)

    def positions(self, k: int) -> npt.NDArray[np.intp]:
        """Row positions holding value ``k``: a scan for the first few values asked, then
        grouped once by a sort and sliced."""
        if self._starts is None and self._scans < _SCANS:
            self._scans += 1
            return np.flatnonzero(self.codes == k)
        if self._starts is None:
            self._order = np.argsort(self.codes, kind="stable")
            counts = np.bincount(self.codes, minlength=len(self))
            self._starts = np.concatenate(([0], np.cumsum(counts)))
        return self._order[self._starts[k] : self._starts[k + 1]]

    def map(self, results: Sequence[Any], dtype: Any) -> pd.Series:
        """One result per distinct value, spread back over the rows as ``dtype``.

        The few distinct results are typed once and taken by code: no column of Python
        objects in between.
        """
        typed = pd.array(list(results), dtype=dtype)
        return pd.Series(typed.take(self.codes), index=self.index)

    def categorical(self, results: Sequence[Any], dtype: pd.CategoricalDtype) -> pd.Series:
        """Like :meth:`map` for answers of a closed question (``NA`` or one of its categories)."""
        code_of = {c: i for i, c in enumerate(dtype.categories)}
        lookup = np.array([code_of.get(r, -1) for r in results], dtype=np.int32)
        codes = lookup[self.codes] if len(lookup) else np.zeros(0, dtype=np.int32)
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=self.index)


def _convert(
    frame: pd.DataFrame,
    rows: pd.Series,
    plan: list[_Column],
    codebook: Codebook,
    decimal: str,
    issues: _Issues,
    fmt: str,
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
            out.update(_convert_multiple(frame, rows, var, cols, issues, masked, fmt))
            continue
        col = next(c for c in cols if c.role == "variable")
        values = frame[col.heading]  # trimmed by _drop_blank
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
    distinct = _Distinct(values)
    results: list[Any] = []
    for k, value in distinct:
        canonical = var.canonical(value) if value else pd.NA
        results.append(pd.NA if canonical is None else canonical)
        if canonical is None:
            issues.add(
                distinct.positions(k),
                rows,
                heading,
                value,
                "unknown_answer",
                t("imp.unknown_answer", value=_shown(value, 80), label=var.label),
                t("imp.unknown_answer_hint", choices=", ".join(var.categories)),
            )
    return distinct.categorical(results, category_dtype(var))


LARGEST = 1e8  # nine digits and more: a phone or PESEL number typed in, not a count or amount


def _convert_numeric(
    values: pd.Series, rows: pd.Series, heading: str, decimal: str, issues: _Issues
) -> pd.Series:
    distinct = _Distinct(values)
    results: list[Any] = []
    for k, value in distinct:
        if not value:
            results.append(pd.NA)
            continue
        number, unit = _parse_number(value, decimal)
        positions = distinct.positions(k)
        shown = _shown(value, 80)
        if number is None:
            results.append(pd.NA)
            issues.add(
                positions,
                rows,
                heading,
                value,
                "not_number",
                t("imp.not_number", value=shown),
                t("imp.not_number_hint"),
            )
            continue
        if abs(number) >= LARGEST:
            results.append(pd.NA)
            issues.add(
                positions,
                rows,
                heading,
                value,
                "number_too_large",
                t("imp.number_too_large", value=shown),
                t("imp.number_too_large_hint"),
            )
            continue
        results.append(number)
        if unit:
            issues.add(
                positions,
                rows,
                heading,
                value,
                "unit_removed",
                t("imp.unit_removed", value=shown, number=_format_number(number)),
                t("imp.unit_hint"),
                reject=False,
            )
        if number < 0:
            issues.add(
                positions,
                rows,
                heading,
                value,
                "negative_number",
                t("imp.negative_number", value=shown),
                t("imp.unit_hint"),
                reject=False,
            )
    return distinct.map(results, "Float64")


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else f"{number:g}"


_NUMBER_RE = re.compile(r"[+-]?(\d{1,3}([ \u00a0\u202f.,]\d{3})+|\d+)([.,]\d+)?")
_UNITS = ("złotych", "zlotych", "zł", "zl", "pln", "osób", "osob", "razy", "raz", "x", "%")


def _parse_number(value: str, decimal: str = ",") -> tuple[float | None, bool]:
    """``(number, unit_removed)`` for a cell as people type numbers, else ``(None, False)``.

    ``decimal`` is the file's decimal mark. The other mark (and spaces) may group thousands:
    ``1 200,50`` and ``1.200,50`` in a Polish file, ``1,200.50`` in an English one. A single
    mark is a decimal mark unless it is the other one followed by exactly three digits
    (``1.200`` in a Polish file is 1200; ``47.50`` is 47.5 anywhere).
    """
    text = value.strip()
    unit = False
    lowered = text.lower()
    for suffix in _UNITS:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            text, unit = text[: -len(suffix)].strip(), True
            break
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if not _NUMBER_RE.fullmatch(text):
        return None, False
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-").replace(" ", "")
    other = "." if decimal == "," else ","
    marks = [c for c in body if c in ".,"]
    if not marks:
        return sign * float(body), unit
    last = marks[-1]
    if len(set(marks)) == 2:  # 1.200,50 / 1,200.50: the last mark is the decimal one
        if marks.count(last) > 1:
            return None, False
        integer, _, fraction = body.rpartition(last)
        return sign * float(f"{integer.replace('.', '').replace(',', '')}.{fraction}"), unit
    if len(marks) > 1:  # 1.200.000: only thousands
        groups = body.split(last)
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            return sign * float("".join(groups)), unit
        return None, False
    integer, _, fraction = body.partition(last)
    if last == other and len(fraction) == 3 and 1 <= len(integer) <= 3 and integer != "0":
        return sign * float(integer + fraction), unit
    return sign * float(f"{integer}.{fraction}"), unit


def _convert_multiple(
    frame: pd.DataFrame,
    rows: pd.Series,
    var: Variable,
    cols: list[_Column],
    issues: _Issues,
    masked: dict[str, int],
    fmt: str,
) -> dict[str, pd.Series]:
    n = len(frame)
    ticked = {o: np.zeros(n, dtype=bool) for o in var.options}
    answered = np.zeros(n, dtype=bool)
    other: pd.Series | None = None  # free text per row; None: none yet
    other_heading = var.name
    for col in cols:
        values = frame[col.heading]  # trimmed by _drop_blank
        if col.role == "variable":  # options joined in one cell (Google Forms, MS Forms, Kobo)
            # Parse each distinct cell once into a row of a small table, then spread the
            # table over all rows by the cell codes: no full-column pass per distinct cell.
            cells = _Distinct(values)
            index = {o: i for i, o in enumerate(var.options)}
            spellings = _spellings(var)
            steps: dict[str, tuple[str | None, str, str]] = {}
            table = np.zeros((len(cells), len(var.options)), dtype=bool)
            given = np.zeros(len(cells), dtype=bool)
            rest_of = np.full(len(cells), "", dtype=object)
            for k, value in cells:
                if not value:
                    continue
                found, rest = _split_options(value, spellings, steps)
                unknown: list[str] = []
                if rest and fmt == "kobo":  # Kobo: choice names or labels, space-separated
                    found, unknown = _split_names(value, var)
                    rest = ""
                if unknown:
                    shown = _shown(" ".join(unknown), 80)
                    issues.add(
                        cells.positions(k),
                        rows,
                        col.heading,
                        value,
                        "unknown_answer",
                        t("imp.unknown_answer", value=shown, label=var.label),
                        t("imp.unknown_answer_hint", choices=", ".join(var.options)),
                    )
                    continue
                given[k] = True
                for option in found:
                    table[k, index[option]] = True
                if rest:
                    rest_of[k] = rest
                    other_heading = col.heading
                    issues.add(
                        cells.positions(k),
                        rows,
                        col.heading,
                        rest,
                        "other_answer",
                        t("imp.other_answer", value=_shown(rest, 80)),
                        reject=False,
                    )
            answered |= given[cells.codes]
            for option, i in index.items():
                ticked[option] |= table[cells.codes, i]
            if not (rest_of != "").any():
                pass
            elif other is None:  # the usual case: the texts by code, as the cells
                remap, texts = pd.factorize(rest_of)
                coded = pd.Categorical.from_codes(remap[cells.codes], categories=pd.Index(texts))
                other = pd.Series(coded, index=pd.RangeIndex(n))
            else:
                rest_rows = rest_of[cells.codes]
                has_rest = rest_rows != ""
                other = _texts(other, n)
                extra = pd.Series(rest_rows[has_rest], index=other.index[has_rest], dtype=object)
                other[has_rest] = _join_other(other[has_rest], extra)
        elif col.role == "option":
            marks = _Distinct(_lowered(values))
            for k, value in marks:
                positions = marks.where(k)
                if value in _TRUE_MARKS:
                    if col.option not in ticked:  # a column for an option the codebook lacks
                        issues.add(
                            positions.nonzero()[0],
                            rows,
                            col.heading,
                            str(col.option),
                            "unknown_answer",
                            t(
                                "imp.unknown_answer",
                                value=_shown(str(col.option), 80),
                                label=var.label,
                            ),
                            t("imp.unknown_answer_hint", choices=", ".join(var.options)),
                        )
                        continue
                    ticked[str(col.option)] |= positions
                    answered |= positions
                elif value in _FALSE_MARKS:
                    if value:  # an explicit "0" / "nie": the question was answered
                        answered |= positions
                else:
                    issues.add(
                        positions.nonzero()[0],
                        rows,
                        col.heading,
                        value,
                        "bad_mark",
                        t("imp.bad_mark", value=_shown(value, 80)),
                        t("imp.bad_mark_hint"),
                    )
        else:  # free-text "other" column
            present = (values != "").to_numpy(dtype=bool)
            answered |= present
            other = _texts(other, n)
            other[present] = _join_other(other[present], _as_text(values)[present])
            other_heading = col.heading
    out: dict[str, pd.Series] = {}
    skipped = ~answered
    for option, chosen in ticked.items():  # NA where the question was skipped
        out[option_column(var.name, option)] = pd.Series(
            pd.arrays.BooleanArray(chosen, skipped.copy())
        )
    if other is None:
        none = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index([""]))
        other = pd.Series(none, index=pd.RangeIndex(n))
    elif not _is_coded(other):
        other = other.astype(str)
    out[other_column(var.name)] = _mask_series(other, masked, rows, other_heading, issues)
    return out


def _texts(other: pd.Series | None, n: int) -> pd.Series:
    """The "other" texts as a column of Python text, to append to (``None``: all empty)."""
    if other is None:
        return pd.Series([""] * n, dtype=object)
    return _as_text(other).astype(object)


def _join_other(current: pd.Series, extra: pd.Series | str) -> pd.Series:
    """Append free text to what a row already has in its "other" answer."""
    before = current.astype(str)
    joined: pd.Series = (before + ", " + extra).where(before != "", extra)
    return joined


def _spellings(var: Variable) -> list[tuple[str, str]]:
    """Folded labels, then other accepted spellings, each with its option: longest first."""
    by_fold = sorted(((fold(o), o) for o in var.options), key=lambda p: -len(p[0]))
    others = sorted(((fold(s), o) for s, o in var.answers.items()), key=lambda p: -len(p[0]))
    return by_fold + others


def _split_options(
    cell: str,
    spellings: list[tuple[str, str]],
    steps: dict[str, tuple[str | None, str, str]] | None = None,
) -> tuple[list[str], str]:
    """Options found in a cell joined by ", " (labels may contain commas), and the rest.

    ``spellings`` comes from :func:`_spellings` of the question. ``steps`` remembers what each
    tail of a cell starts with: cells of one question share their tails ("Kino, Teatr" and
    "Teatr"), so each is folded once.
    """
    found: list[str] = []
    rest: list[str] = []
    remaining = cell
    while remaining:
        step = steps.get(remaining) if steps is not None else None
        if step is None:
            step = _split_step(remaining, spellings)
            if steps is not None:
                steps[remaining] = step
        option, piece, remaining = step
        if option is not None:
            found.append(option)
        else:
            rest.append(piece)
    return list(dict.fromkeys(found)), ", ".join(r for r in rest if r)


def _split_step(remaining: str, spellings: list[tuple[str, str]]) -> tuple[str | None, str, str]:
    """``(option, "", tail)`` when ``remaining`` starts with an option, else ``(None, text,
    tail)``: the text up to the next separator."""
    key = fold(remaining)
    for folded, option in spellings:
        if (
            folded
            and key.startswith(folded)
            and (len(key) == len(folded) or key[len(folded)] in ",;")
        ):
            return option, "", _cut_after(remaining, len(folded))
    head, sep, tail = remaining.partition(", ")
    if not sep:
        head, sep, tail = remaining.partition(";")
    return None, head.strip(" ,;"), tail if sep else ""


def _split_names(cell: str, var: Variable) -> tuple[list[str], list[str]]:
    """Kobo/ODK select_multiple: space-separated choice names (or labels, which may contain
    spaces: the longest run of words that names an option wins). Returns options, unknowns."""
    words = cell.split()[:60]
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 12), i, -1):  # a label has at most 12 words
            option = _option_by_name(" ".join(words[i:j]), var)
            if option is not None:
                found.append(option)
                i = j
                break
        else:
            unknown.append(words[i])
            i += 1
    return list(dict.fromkeys(found)), unknown


def _cut_after(text: str, folded_length: int) -> str:
    """Drop the first option (``folded_length`` characters once folded) and its separator."""
    stripped = text.lstrip()
    # The folded length of a prefix never shrinks as the prefix grows: search for the
    # shortest prefix that folds to ``folded_length`` characters. Most labels fold to as
    # many characters as they have: try that first.
    guess = min(folded_length, len(stripped))
    if len(fold(stripped[:guess])) >= folded_length and (
        guess == 0 or len(fold(stripped[: guess - 1])) < folded_length
    ):
        return stripped[guess:].lstrip(" ,;")
    low, high = 0, len(stripped)
    while low < high:
        middle = (low + high) // 2
        if len(fold(stripped[:middle])) >= folded_length:
            high = middle
        else:
            low = middle + 1
    return stripped[low:].lstrip(" ,;")


def _mask_series(
    values: pd.Series, masked: dict[str, int], rows: pd.Series, heading: str, issues: _Issues
) -> pd.Series:
    """Free text with personal data masked (once per distinct value); formulas flagged."""
    distinct = _Distinct(values)
    counts = np.bincount(distinct.codes, minlength=len(distinct))
    # The distinct texts stay in Arrow: only those that may hold personal data become Python
    # text, to be masked.
    texts = pa.array(pd.Series(distinct.uniques, dtype="str"))
    texts = pa_compute.replace_substring(texts, "\r\n", "\n")
    texts = pa_compute.replace_substring(texts, "\r", "\n")
    # Most answers hold neither '@' nor nine digits: only the others are scanned in Python.
    suspect = pa_compute.match_substring_regex(texts, _MAY_HOLD_PII.pattern)
    where = np.flatnonzero(suspect.to_numpy(zero_copy_only=False))
    if len(where):
        replaced = []
        for k, text in zip(where.tolist(), texts.take(where).to_pylist(), strict=True):
            result = pii.mask_text(text)
            for kind, found in result.counts.items():
                if found:
                    masked[kind] = masked.get(kind, 0) + found * int(counts[k])
            replaced.append(result.text)
        texts = pa_compute.replace_with_mask(texts, suspect, pa.array(replaced, texts.type))
    formula = pa_compute.starts_with(texts, _FORMULA_STARTS[0])
    for start in _FORMULA_STARTS[1:]:
        formula = pa_compute.or_(formula, pa_compute.starts_with(texts, start))
    for k in np.flatnonzero(formula.to_numpy(zero_copy_only=False)).tolist():
        text = texts[k].as_py()
        issues.add(
            distinct.positions(k),
            rows,
            heading,
            text,
            "formula",
            t("imp.formula", char=text[:1]),
            t("imp.formula_hint"),
            reject=False,
        )
    typed = pa_compute.if_else(pa_compute.equal(texts, ""), pa.scalar(None, texts.type), texts)
    spread = typed.take(pa.array(distinct.codes))
    return pd.Series(pd.array(spread, dtype="string"), index=distinct.index)


#: Whatever :func:`pii.mask_text` can change holds an '@' (e-mail) or nine digits with at most
#: a few separators between them (phone, PESEL); other texts are left as they are, unscanned.
_MAY_HOLD_PII = re.compile(r"@|(?:[0-9][^0-9]{0,3}){8}[0-9]")


_FORMULA_STARTS = "=+-@"


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
    name = filename or (Path(source).name if not isinstance(source, bytes) else "plik")
    if format is not None and format not in FORMATS:
        raise _refuse(
            name,
            str(format),
            "format",
            t("imp.unknown_format", value=format, choices=", ".join(FORMATS)),
            t("imp.unknown_format_hint"),
        )
    if channel is not None and channel not in CHANNELS:
        raise _refuse(
            name,
            str(channel),
            "channel",
            t("imp.unknown_channel", value=channel, choices=", ".join(CHANNELS)),
            t("imp.unknown_format_hint"),
        )
    table = _load_table(source, filename=filename, sheet=sheet)
    if table.rows_in == 0:
        raise _refuse(table.file, "", "no_rows", t("imp.no_rows"), t("imp.no_rows_hint"))
    fmt = format or detect_format(table.headings)
    chan = channel or DEFAULT_CHANNEL[fmt]
    if fmt == "tallies":
        return _import_tallies(table, book, chan)
    if fmt == "notes":
        return _import_notes(table, book, chan, set(institutions))
    return _import_responses(table, book, fmt, chan)


def _import_responses(table: RawTable, codebook: Codebook, fmt: str, channel: str) -> SurveyImport:
    rows = table.rows
    plan = _plan(table.headings, codebook, fmt)
    codebook, plan, inferred, personal = _infer(codebook, table.frame, plan)
    if not any(c.variable is not None for c in plan):
        raise _refuse(
            table.file,
            _shown(", ".join(table.headings)),
            "no_questions",
            t("imp.no_questions"),
            t("imp.no_questions_hint"),
        )
    issues = _Issues(table.file, list(table.problems))
    for heading in personal:
        issues.problems.append(
            Problem(
                table.file,
                None,
                heading,
                "",
                "personal_column",
                t("imp.personal_column"),
                t("imp.personal_column_hint"),
                "warning",
            )
        )
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
    used = [c.heading for c in plan if c.role not in ("identity", "metadata")]
    frame = _screen(table.frame[used], rows, issues, table.delimiter)
    converted, masked = _convert(frame, rows, plan, codebook, table.decimal, issues, fmt)
    respondent = _respondents(frame, rows, plan, channel, table.file, issues)
    submitted = _submitted(frame, plan)
    if fmt == "limesurvey":
        stamp = next((c.heading for c in plan if c.role == "timestamp"), None)
        if stamp is not None:
            missing = (frame[stamp] == "").to_numpy().nonzero()[0]
            issues.add(missing, rows, stamp, "", "incomplete", t("imp.incomplete"), reject=False)
    answer_columns = [s for k, s in converted.items() if not k.endswith("_other")]
    other_columns = [s for k, s in converted.items() if k.endswith("_other")]
    empty = np.logical_and.reduce(
        [s.isna().to_numpy(dtype=bool) for s in answer_columns + other_columns]
    )
    issues.add(
        [int(p) for p in empty.nonzero()[0] if p not in issues.rejected],
        rows,
        None,
        "",
        "empty_row",
        t("imp.empty_row"),
        t("imp.empty_row_hint"),
    )
    keep = np.ones(len(frame), dtype=bool)
    keep[sorted(issues.rejected)] = False
    data = pd.DataFrame(
        {
            "respondent": respondent,
            "channel": _repeated(channel, len(frame)),
            "source_file": _repeated(table.file, len(frame)),
            "source_row": rows.astype("Int64"),
            "submitted": submitted,
            **converted,
        },
        copy=False,  # the columns are new: no second copy of a million rows
    )
    accepted = data if keep.all() else data[keep].reset_index(drop=True)
    responses = conform(accepted, codebook)
    report = _report(table, fmt, channel, issues, keep)
    report = dataclasses.replace(
        report,
        dropped_columns=tuple(c.heading for c in plan if c.role == "identity"),
        ignored_columns=tuple(c.heading for c in plan if c.role == "metadata"),
        inferred_variables=tuple(inferred),
        masked=masked,
    )
    return SurveyImport(report=report, codebook=codebook, responses=responses)


def _repeated(text: str, n: int) -> pd.Series:
    """``text`` in each of ``n`` rows, as a ``string`` column."""
    one = pa.array([text], type=pa.large_string())
    return pd.Series(pd.array(one.take(pa.array(np.zeros(n, dtype=np.int32))), dtype="string"))


def _report(table: RawTable, fmt: str, channel: str, issues: _Issues, keep: Any) -> ImportReport:
    """The report of one file: every row accepted or rejected (ragged rows rejected too)."""
    problems = list(issues.problems)
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
    accepted = int(np.count_nonzero(keep))
    rejected_rows = {int(table.rows.iloc[p]) for p in issues.rejected} | set(table.skipped_rows)
    return ImportReport(
        file=table.file,
        format=fmt,
        channel=channel,
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows_in=table.rows_in,
        accepted=accepted,
        rejected=table.rows_in - accepted,
        problems=tuple(problems),
        rejected_rows=tuple(sorted(rejected_rows)),
        blank_rows=tuple(table.blank_rows),
    )


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
        numbers = pa.array(rows.to_numpy(), type=pa.int64()).cast(pa.string())
        ids = pa_compute.binary_join_element_wise(f"{channel}-{stem}-", numbers, "")
        return pd.Series(pd.array(ids, dtype="string"))
    ids = _as_text(frame[id_col])
    duplicated = ids[(ids != "") & ids.duplicated(keep=False)]
    for value in duplicated.unique():
        positions = (ids == value).to_numpy().nonzero()[0]
        shown = ", ".join(str(int(rows.iloc[p])) for p in positions[:20])
        if len(positions) > 20:
            shown += ", …"
        issues.add(
            positions,
            rows,
            id_col,
            value,
            "duplicate_id",
            t("imp.duplicate_id", value=_shown(value, 80), rows=shown),
            t("imp.duplicate_id_hint"),
        )
    fallback = pd.Series([str(r) for r in rows], index=ids.index)
    return (f"{channel}-{stem}-" + ids.where(ids != "", "r" + fallback)).astype("string")


def _submitted(frame: pd.DataFrame, plan: list[_Column]) -> pd.Series:
    column = next((c.heading for c in plan if c.role == "timestamp"), None)
    if column is None:
        return pd.Series([pd.NaT] * len(frame), dtype="datetime64[ns]")
    return parse_dates(frame[column])


_YEAR_FIRST = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:$|[T ])")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$| )")
_ZONE = re.compile(
    r"\s*(?:(?:GMT|UTC)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|(?<=\d)Z|(?<=:\d\d)[+-]\d{2}:?\d{2}"
    r"|(?<=\.\d{3})[+-]\d{2}:?\d{2})$"
)


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates and times as survey tools and people write them, in local time; NaT if unreadable.

    ``2019-03-12 22:15``, ``2019/03/12 10:15:32 PM GMT+1`` (Google), ``2019-03-12T10:15:32.000
    +01:00`` (Kobo) read year first; ``12.03.2019`` and ``12/03/2019`` day first (Polish), unless
    the column shows the month first (``3/25/2019``). A zone suffix is dropped: the time is
    the respondent's local time.
    """
    text = values.astype(str).str.strip()
    fast = _parse_dates_one_layout(text)
    if fast is not None:
        return fast
    return _parse_dates_each(text)


_LAYOUT_SAMPLE = 256


def _parse_dates_one_layout(text: pd.Series) -> pd.Series | None:
    """The common case at C speed: one layout (and zone suffix) throughout the column.

    The layout is learnt from a sample spread over the column by the careful per-value path,
    then the whole column is read with that exact format, zone suffix included as a literal.
    Cells it does not fit (another zone, a hand-typed date) go through the careful path, so
    the result is the same as reading every value on its own. ``None`` for small columns and
    columns whose sample shows more than one layout.
    """
    filled = np.flatnonzero((text != "").to_numpy(dtype=bool))
    if len(filled) < 4 * _LAYOUT_SAMPLE:
        return None
    step = len(filled) // _LAYOUT_SAMPLE
    sample = pd.Series(text.iloc[filled[::step]].to_numpy(dtype=object), dtype=object)
    cleaned = sample.str.replace(_ZONE, "", regex=True).str.strip()
    suffixes = {original[len(kept) :] for original, kept in zip(sample, cleaned, strict=True)}
    year_first = cleaned.str.match(_YEAR_FIRST).to_numpy(dtype=bool)
    day_first = cleaned.str.match(_DAY_FIRST).to_numpy(dtype=bool) & ~year_first
    if len(suffixes) != 1 or not (year_first.all() or day_first.all()):
        return None
    (suffix,) = suffixes
    dayfirst = bool(day_first.all()) and not _month_first(cleaned)
    fmt = _best_format(cleaned, dayfirst)
    if fmt is None:
        return None
    got = _strptime(text, fmt + suffix.replace("%", "%%"))
    rest = (got.isna() & (text != "")).to_numpy(dtype=bool)
    if rest.any():
        if not year_first.all():
            # Day or month first is decided by the whole column (one "3/25/2019" turns
            # every "3/4/2019" into 4 March): a stray layout means the careful path.
            return None
        got[rest] = _parse_dates_each(text[rest]).to_numpy()
    return got


#: Each directive pyarrow reads as pandas does, as the cells it must match to be read alike:
#: fixed width, every field in its range. What pyarrow's strptime (like C's) would do
#: differently, rolling an impossible date over (31.02 becomes 3 March), reading a leap second
#: into the next minute, a missing blank or an unpadded number, shows in a cell of another
#: shape or a day of another number.
_ARROW_FIELDS = {
    "%Y": "[0-9]{4}",
    "%m": "(?:0[1-9]|1[0-2])",
    "%d": "(?:0[1-9]|[12][0-9]|3[01])",
    "%H": "(?:[01][0-9]|2[0-3])",
    "%I": "(?:0[1-9]|1[0-2])",
    "%M": "[0-5][0-9]",
    "%S": "[0-5][0-9]",
    "%p": "(?:AM|PM)",
    "%%": "%",
}
_RE2_SPECIAL = frozenset(".^$*+?()[]{}|\\")


def _strict_shape(fmt: str) -> tuple[str, int | None] | None:
    """A pattern (RE2) of the cells ``fmt`` reads at fixed width with every field in its
    range, and where the day of the month starts; ``None`` for a format pyarrow may read
    otherwise than pandas."""
    if ("%I" in fmt) != ("%p" in fmt):  # an hour of 1-12 and AM/PM come together or not at all
        return None
    parts: list[str] = []
    at, day = 0, None
    for piece in re.findall("%.|.", fmt, flags=re.DOTALL):
        if piece.startswith("%") and len(piece) == 2:
            if piece not in _ARROW_FIELDS:
                return None
            day = at if piece == "%d" else day
            parts.append(_ARROW_FIELDS[piece])
            at += 4 if piece == "%Y" else 1 if piece == "%%" else 2
        elif not piece.isascii() or (piece.isspace() and piece != " "):
            return None
        else:
            parts.append("\\" + piece if piece in _RE2_SPECIAL else piece)
            at += 1
    return "^" + "".join(parts) + "$", day


def _strptime(text: pd.Series, fmt: str) -> pd.Series:
    """``pd.to_datetime(text, format=fmt, errors="coerce")``, ten times faster (NaT outside
    :data:`_YEARS`).

    pyarrow reads the cells that have the format's exact shape (:func:`_strict_shape`) and
    whose day of the month is read as written; every other cell (an impossible date rolled
    over, a leap second, a missing blank, an unpadded number, something pyarrow could not
    read) is read again by pandas: the result is pandas' own (a property test compares the
    two).
    """
    shape = _strict_shape(fmt)
    if shape is None:
        return _plausible(pd.to_datetime(text, format=fmt, errors="coerce"))
    pattern, day = shape
    cells = pa.array(text, type=pa.string())
    parsed = pa_compute.strptime(cells, format=fmt, unit="s", error_is_null=True)
    year = pa_compute.year(parsed)
    sure = pa_compute.and_(
        pa_compute.match_substring_regex(cells, pattern),
        pa_compute.and_(
            pa_compute.greater_equal(year, _YEARS[0]), pa_compute.less_equal(year, _YEARS[1])
        ),
    )
    if day is not None:  # no roll-over: the day read is the day written
        written = pa_compute.utf8_slice_codeunits(cells, day, day + 2)
        read = pa_compute.utf8_lpad(pa_compute.cast(pa_compute.day(parsed), pa.string()), 2, "0")
        sure = pa_compute.and_(sure, pa_compute.equal(written, read))
    sure = pa_compute.fill_null(sure, False)
    kept = pa_compute.if_else(sure, parsed, pa.scalar(None, type=parsed.type))
    got = kept.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
    certain = sure.to_numpy(zero_copy_only=False)
    again = ~certain & (text != "").to_numpy(dtype=bool)
    if again.any():
        careful = pd.to_datetime(text[again], format=fmt, errors="coerce")
        got[again] = _plausible(careful).to_numpy()
    return pd.Series(got, index=text.index)


_YEARS = (1900, 2200)  # a survey date outside these years is a typing error


def _plausible(got: pd.Series) -> pd.Series:
    """Dates in :data:`_YEARS` as ``datetime64[ns]``; others NaT."""
    inside = (got.dt.year >= _YEARS[0]) & (got.dt.year <= _YEARS[1])
    return got.where(inside).astype("datetime64[ns]")


def _best_format(sample: pd.Series, dayfirst: bool) -> str | None:
    """The exact format that reads most of the sample (and nearly all of it), or ``None``.

    pandas' guess fails on some values of a layout (``01:00:00 PM``) and not on others, so
    several values are asked and the guesses tried on the whole sample.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        guesses = {guess_datetime_format(v, dayfirst=dayfirst) for v in sample.iloc[:16]}
    best, best_count = None, 0
    for fmt in sorted(g for g in guesses if g and "%z" not in g and "%Z" not in g):
        count = int(pd.to_datetime(sample, format=fmt, errors="coerce").notna().sum())
        if count > best_count:
            best, best_count = fmt, count
    return best if best_count >= 0.9 * len(sample) else None


def _month_first(cleaned: pd.Series) -> bool:
    """Whether day-first looking dates are in fact month first (``3/25/2019``)."""
    parts = cleaned.str.extract(_DAY_FIRST)
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    return bool((second > 12).any()) and not bool((first > 12).any())


def _parse_dates_each(text: pd.Series) -> pd.Series:
    """Every distinct value's layout found on its own (columns of mixed hands)."""
    distinct = pd.Series(text.unique(), dtype=object)
    distinct = distinct[distinct != ""].reset_index(drop=True)
    cleaned = distinct.str.replace(_ZONE, "", regex=True).str.strip()
    year_first = cleaned.str.match(_YEAR_FIRST).to_numpy(dtype=bool)
    day_parts = cleaned.str.extract(_DAY_FIRST)
    day_first = day_parts[0].notna().to_numpy(dtype=bool) & ~year_first
    # Only dates written day or month first say which of the two comes first (the digits
    # of "2019/03/12" must not vote).
    month_first = _month_first(cleaned[day_first])
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    for mask, dayfirst in ((year_first, False), (day_first, not month_first)):
        if mask.any():
            parsed[mask] = _to_datetime(cleaned[mask], dayfirst)
    mapping = dict(zip(distinct, parsed, strict=True))
    return text.map(mapping).astype("datetime64[ns]")


def _to_datetime(text: pd.Series, dayfirst: bool) -> pd.Series:
    """Parse date texts of one layout; a year outside 1900-2200 or a time zone left → NaT.

    The exact format guessed from the first value parses the whole column at C speed;
    cells it does not fit fall back to the per-cell parser.
    """
    first = next((v for v in text if v), None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fmt = guess_datetime_format(first, dayfirst=dayfirst) if first else None
    if fmt is not None and "%z" not in fmt and "%Z" not in fmt:
        got = pd.to_datetime(text, format=fmt, errors="coerce")
        rest = got.isna() & (text != "")
        if rest.any():
            got = got.astype("datetime64[ns]")
            got[rest] = _to_datetime_mixed(text[rest], dayfirst)
        return _plausible(got)
    return _to_datetime_mixed(text, dayfirst)


def _to_datetime_mixed(text: pd.Series, dayfirst: bool) -> pd.Series:
    """Per-cell parsing for columns whose values do not share one layout."""
    options: dict[str, Any] = {"dayfirst": dayfirst, "yearfirst": not dayfirst}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil's guesses per cell: checked below
        try:
            got = pd.to_datetime(text, errors="coerce", format="mixed", **options)
        except (ValueError, OverflowError):  # mixed time zones: one by one
            got = pd.Series(
                [pd.to_datetime(v, errors="coerce", **options) for v in text], index=text.index
            )
            got = pd.to_datetime(
                got.map(lambda v: v if isinstance(v, pd.Timestamp) and v.tz is None else pd.NaT)
            )
    if getattr(got.dt, "tz", None) is not None:
        got = got.dt.tz_localize(None)
    return _plausible(got)


def _iso_dates(values: pd.Series) -> tuple[pd.Series, npt.NDArray[np.bool_]]:
    """Dates as ``YYYY-MM-DD`` text (empty stays empty) and where text is no date."""
    text = values.astype(str).str.strip()
    parsed = parse_dates(text)
    iso = parsed.dt.strftime("%Y-%m-%d").astype(object).where(parsed.notna(), "")
    bad = ((text != "") & parsed.isna()).to_numpy(dtype=bool)
    return iso.where(~bad, text).astype("string"), bad


def _find(headings: Sequence[str], names: Iterable[str]) -> str | None:
    wanted = {fold(n) for n in names}
    return next((h for h in headings if fold(h) in wanted), None)


def _missing_columns(table: RawTable, key: str) -> DataImportError:
    """The file lacks the columns its format needs: say which ones it has instead."""
    return _refuse(
        table.file, _shown(", ".join(table.headings)), "columns", t(key), t(f"{key}_hint")
    )


def _import_tallies(table: RawTable, codebook: Codebook, channel: str) -> SurveyImport:
    headings = table.headings
    q = _find(headings, ("pytanie", "question"))
    a = _find(headings, ("odpowiedź", "odpowiedz", "answer", "opcja", "option"))
    n = _find(headings, ("liczba", "count", "n", "liczba osób", "ile"))
    if not (q and a and n):
        raise _missing_columns(table, "imp.tally_columns")
    place = _find(headings, ("miejsce", "place", "lokalizacja"))
    date = _find(headings, ("data", "date"))
    issues = _Issues(table.file, list(table.problems))
    frame = _screen(table.frame, table.rows, issues, table.delimiter)
    rows = table.rows
    dates, bad_dates = (
        _iso_dates(frame[date]) if date else (pd.Series([""] * len(frame)), np.zeros(0, bool))
    )
    records = []
    keep = np.zeros(len(frame), dtype=bool)
    for pos in range(len(frame)):
        if pos in issues.rejected:
            continue
        question, answer, count = (str(frame[c].iloc[pos]).strip() for c in (q, a, n))
        found = codebook.match_heading(question)
        if found is None:
            issues.add(
                [pos],
                rows,
                q,
                question,
                "unknown_question",
                t("imp.tally_question", value=_shown(question, 80)),
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
                t("imp.unknown_answer", value=_shown(answer, 80), label=var.label),
                t("imp.unknown_answer_hint", choices=", ".join(var.categories)),
            )
            continue
        if not re.fullmatch(r"\d{1,9}", count):
            issues.add(
                [pos],
                rows,
                n,
                count,
                "tally_count",
                t("imp.tally_count", value=_shown(count, 80)),
                t("imp.tally_count_hint"),
            )
            continue
        if date and bad_dates[pos]:
            value = str(frame[date].iloc[pos]).strip()
            issues.add(
                [pos],
                rows,
                date,
                value,
                "bad_date",
                t("imp.bad_date", value=_shown(value, 80)),
                t("imp.bad_date_hint"),
            )
            continue
        keep[pos] = True
        records.append(
            {
                "channel": channel,
                "place": str(frame[place].iloc[pos]).strip() if place else "",
                "date": str(dates.iloc[pos]),
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
    report = _report(table, "tallies", channel, issues, keep)
    people = 0
    if records:  # people asked: the largest total of a single-answer question
        single = [v.name for v in codebook if v.type is not VarType.MULTIPLE]
        asked = tallies[tallies["variable"].isin(single)]
        totals = (asked if len(asked) else tallies).groupby("variable")["count"].sum()
        people = int(totals.max())
    report = dataclasses.replace(report, people=people)
    return SurveyImport(report=report, codebook=codebook, tallies=tallies)


def _import_notes(
    table: RawTable, codebook: Codebook, channel: str, institutions: set[str]
) -> SurveyImport:
    headings = table.headings
    text_col = _find(headings, ("notatka", "note", "opinia", "treść", "tresc", "text"))
    if text_col is None:
        raise _missing_columns(table, "imp.notes_columns")
    date_col = _find(headings, ("data", "date"))
    inst_col = _find(headings, ("instytucja", "institution", "ośrodek", "osrodek"))
    form_col = _find(headings, ("forma", "form", "kanał", "kanal"))
    rows = table.rows
    issues = _Issues(table.file, list(table.problems))
    frame = _screen(table.frame, rows, issues, table.delimiter)
    masked: dict[str, int] = {}
    texts = _mask_series(frame[text_col], masked, rows, text_col, issues)
    empty = [int(p) for p in texts.isna().to_numpy().nonzero()[0] if p not in issues.rejected]
    issues.add(empty, rows, text_col, "", "empty_row", t("imp.empty_row"), t("imp.empty_row_hint"))
    blank = pd.Series([""] * len(frame), dtype="string")
    dates = blank
    if date_col:
        dates, bad = _iso_dates(frame[date_col])
        for pos in bad.nonzero()[0]:
            value = str(frame[date_col].iloc[pos]).strip()
            issues.add(
                [int(pos)],
                rows,
                date_col,
                value,
                "bad_date",
                t("imp.bad_date", value=_shown(value, 80)),
                t("imp.bad_date_hint"),
            )
    owners = frame[inst_col].astype("string") if inst_col else blank
    if institutions and inst_col:
        unknown = ((owners != "") & ~owners.isin(institutions)).to_numpy(dtype=bool)
        for pos in unknown.nonzero()[0]:
            value = str(owners.iloc[pos])
            issues.add(
                [int(pos)],
                rows,
                inst_col,
                value,
                "unknown_institution",
                t("imp.unknown_institution", value=_shown(value, 80)),
                t("imp.unknown_institution_hint", choices=", ".join(sorted(institutions))),
            )
    keep = np.ones(len(frame), dtype=bool)
    keep[sorted(issues.rejected)] = False
    forms = frame[form_col].astype("string") if form_col else blank
    notes = pd.DataFrame(
        {
            "date": dates.astype("string").to_numpy(),
            "institution": owners.to_numpy(),
            "form": forms.to_numpy(),
            "text": texts.to_numpy(),
            "source_file": table.file,
            "source_row": rows.astype("Int64").to_numpy(),
        }
    )[keep].reset_index(drop=True)
    notes = pd.concat([empty_notes(), notes], ignore_index=True).astype(empty_notes().dtypes)
    report = _report(table, "notes", channel, issues, keep)
    report = dataclasses.replace(report, masked=masked)
    return SurveyImport(report=report, codebook=codebook, notes=notes)
