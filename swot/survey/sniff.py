"""Read a delimited text file (or a workbook sheet) the way the person who made it meant it.

Consultation results arrive as CSV exports of Google Forms, LimeSurvey, MS Forms and Kobo, and
as paper questionnaires keyed into a Polish Excel. This module turns the bytes into text cells
with the row numbers people see in Excel; it knows nothing about questions (see
:mod:`swot.survey.importers`).

Three steps, each usable on its own:

* :func:`decode` finds the encoding: a BOM (UTF-8, UTF-16, UTF-32), else strict UTF-8, else
  UTF-16 without a BOM (recognised by its NUL bytes), else one of the single-byte encodings
  Polish files really come in (Windows-1250, ISO-8859-2, rarely DOS 852): charset-normalizer
  ranks them and a count of Polish letters settles it, preferring Windows-1250 on a tie.
  UTF-8 with a few stray bytes (one pasted Windows-1250 letter) stays UTF-8, the bytes shown
  as ``�`` and the note saying where. Binary files (NUL bytes, ZIP/XLSX, old XLS, PDF,
  images) are refused.
  **Double encoding** (UTF-8 read as Windows-1250 or -1252 and saved again as UTF-8, so that
  ``ą`` shows as ``Ä…`` and ``ł`` as ``Ĺ‚`` or ``Å‚``) is *repaired* when the whole text
  converts back exactly (lossless, so nothing is guessed; ``Decoded.repaired`` and ``note``
  say so) and *refused* otherwise (only some cells damaged): then no safe repair exists and
  the person should export the file again.
* :func:`sniff_table` finds the delimiter (``,``, ``;``, tab or ``|``), the decimal mark, title
  rows above the table and a two-row header.
* :func:`read_rows` / :func:`read_xlsx_rows` return a :class:`Table`: headers, rows as text,
  the Excel row number of every row, blank rows skipped, ragged rows reported (never raised).

Row numbers count records the way Excel shows them: a quoted cell that spans several lines is
one row. Every problem that makes a file unreadable is collected and raised at once as a
:class:`~swot.errors.DataImportError`.

Examples
--------
>>> table = read_rows("Nr;Ocena\\n1;4,5\\n;\\n2;3\\n".encode("cp1250"), filename="a.csv")
>>> table.headers, table.rows, table.row_numbers, table.skipped_blank, table.dialect.decimal
(['Nr', 'Ocena'], [['1', '4,5'], ['2', '3']], [2, 4], [3], ',')
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow.compute as pa_compute

from swot.errors import DataImportError, Problem
from swot.i18n import register, t
from swot.survey.codebook import fold

__all__ = [
    "DELIMITERS",
    "Decoded",
    "Dialect",
    "Table",
    "decode",
    "double_encoding_suspected",
    "plain_utf8",
    "read_rows",
    "read_xlsx_rows",
    "sniff_table",
    "utf8_prefix",
]

DELIMITERS = (",", ";", "\t", "|")

_MESSAGES = {
    "sniff.cannot_read": {
        "pl": "Nie można wczytać pliku „{file}”.",
        "en": "Cannot read the file '{file}'.",
    },
    "sniff.empty": {"pl": "Plik jest pusty.", "en": "The file is empty."},
    "sniff.empty_hint": {
        "pl": "Sprawdź, czy wybrano właściwy plik i czy eksport z ankiety się zakończył.",
        "en": "Check that this is the right file and that the export finished.",
    },
    "sniff.binary": {
        "pl": "To nie jest plik tekstowy/CSV ({kind}).",
        "en": "This is not a text/CSV file ({kind}).",
    },
    "sniff.binary_hint": {
        "pl": (
            "Wybierz plik CSV albo zapisz dane w Excelu jako „CSV UTF-8 (rozdzielany przecinkami)”."
        ),
        "en": "Choose a CSV file, or save the data from Excel as 'CSV UTF-8 (comma delimited)'.",
    },
    "sniff.kind.zip": {
        "pl": "to archiwum ZIP, np. arkusz Excel XLSX lub ODS",
        "en": "a ZIP archive, e.g. an Excel XLSX or ODS workbook",
    },
    "sniff.kind.zip_hint": {
        "pl": "Arkusz Excel (XLSX) wczytaj jako arkusz, nie jako CSV.",
        "en": "Load an Excel workbook (XLSX) as a workbook, not as CSV.",
    },
    "sniff.kind.xls": {
        "pl": "to stary plik Excel (XLS) lub Word (DOC)",
        "en": "an old Excel (XLS) or Word (DOC) file",
    },
    "sniff.kind.xls_hint": {
        "pl": "Otwórz go w Excelu i zapisz jako XLSX albo „CSV UTF-8”.",
        "en": "Open it in Excel and save it as XLSX or 'CSV UTF-8'.",
    },
    "sniff.kind.pdf": {"pl": "to dokument PDF", "en": "a PDF document"},
    "sniff.kind.image": {"pl": "to obraz", "en": "an image"},
    "sniff.kind.archive": {"pl": "to archiwum skompresowane", "en": "a compressed archive"},
    "sniff.kind.nul": {
        "pl": "zawiera bajty zerowe, typowe dla plików binarnych",
        "en": "it contains NUL bytes, typical of binary files",
    },
    "sniff.kind.control": {
        "pl": "zawiera wiele znaków sterujących",
        "en": "it contains many control characters",
    },
    "sniff.undecodable": {
        "pl": "Nie udało się odczytać znaków pliku (kodowanie {encoding}).",
        "en": "The characters of the file cannot be read (encoding {encoding}).",
    },
    "sniff.undecodable_hint": {
        "pl": "Zapisz plik ponownie jako „CSV UTF-8” i wczytaj jeszcze raz.",
        "en": "Save the file again as 'CSV UTF-8' and load it again.",
    },
    "sniff.mojibake": {
        "pl": (
            "Polskie litery są zniekształcone (liczba miejsc: {count}), np. „{sample}” "
            "(powinno być „{fixed}”)."
        ),
        "en": (
            "Polish letters are garbled in {count} places, e.g. '{sample}' (should be '{fixed}')."
        ),
    },
    "sniff.mojibake_hint": {
        "pl": (
            "Plik był zapisany dwukrotnie w innym kodowaniu (np. otwarty jako Windows-1250 "
            "i zapisany jako UTF-8). Pobierz ponownie oryginalny eksport albo zapisz go jako "
            "„CSV UTF-8” bez wcześniejszego otwierania w innym programie."
        ),
        "en": (
            "The file was saved twice in different encodings (e.g. opened as Windows-1250 and "
            "saved as UTF-8). Download the original export again, or save it as 'CSV UTF-8' "
            "without opening it in another program first."
        ),
    },
    "sniff.note.repaired": {
        "pl": (
            "Naprawiono podwójnie zakodowane polskie litery (plik UTF-8 był odczytany jako "
            "{via} i zapisany ponownie)."
        ),
        "en": "Repaired double-encoded Polish letters (a UTF-8 file was read as {via} and saved).",
    },
    "sniff.note.guessed": {
        "pl": "Kodowanie rozpoznane automatycznie: {encoding} (pewność {confidence}).",
        "en": "Encoding detected automatically: {encoding} ({confidence} confidence).",
    },
    "sniff.note.utf8_replaced": {
        "pl": (
            "Plik jest w UTF-8, ale zawiera bajty spoza tego kodowania (liczba: {count}, "
            "pierwszy w wierszu {line}); zastąpiono je znakiem �. Sprawdź te komórki."
        ),
        "en": (
            "The file is UTF-8, but {count} bytes do not fit that encoding (the first in line "
            "{line}); they were replaced by �. Check those cells."
        ),
    },
    "sniff.note.utf16": {
        "pl": "Plik w kodowaniu {encoding} bez znacznika BOM.",
        "en": "The file is {encoding} without a byte order mark.",
    },
    "sniff.no_header": {
        "pl": "Plik nie zawiera wiersza nagłówka ani danych (same puste wiersze).",
        "en": "The file has no header row and no data (only empty rows).",
    },
    "sniff.header_empty": {
        "pl": "Kolumna {letter} zawiera dane, ale nie ma nazwy w wierszu nagłówka.",
        "en": "Column {letter} holds data but has no name in the header row.",
    },
    "sniff.header_empty_hint": {
        "pl": "Wpisz nazwę kolumny w wierszu nagłówka albo usuń kolumnę.",
        "en": "Enter a column name in the header row or delete the column.",
    },
    "sniff.header_duplicate": {
        "pl": "Nazwa kolumny „{name}” powtarza się (kolumny {letters}).",
        "en": "The column name '{name}' repeats (columns {letters}).",
    },
    "sniff.header_duplicate_hint": {
        "pl": "Nadaj kolumnom różne nazwy, np. dopisz numer pytania.",
        "en": "Give the columns different names, e.g. add the question number.",
    },
    "sniff.row_long": {
        "pl": "Komórek w wierszu: {count}, w nagłówku: {width}; nadmiarowe wartości zachowano.",
        "en": "The row has {count} cells but the header {width}; the extra values were kept.",
    },
    "sniff.row_long_hint": {
        "pl": "Sprawdź, czy tekst w komórce z separatorem „{delimiter}” jest ujęty w cudzysłów.",
        "en": "Check that a cell containing the delimiter '{delimiter}' is quoted.",
    },
    "sniff.row_short": {
        "pl": "Komórek w wierszu: {count}, w nagłówku: {width}; brakujące uznano za puste.",
        "en": "The row has {count} cells but the header {width}; the missing ones count as empty.",
    },
    "sniff.row_short_hint": {
        "pl": "Sprawdź, czy wiersz nie został przerwany znakiem nowej linii w komórce.",
        "en": "Check that the row was not broken by a line break inside a cell.",
    },
    "sniff.xlsx_bad": {
        "pl": "Nie można otworzyć arkusza Excel: plik jest uszkodzony albo to nie jest plik XLSX.",
        "en": "Cannot open the Excel workbook: the file is damaged or not an XLSX file.",
    },
    "sniff.xlsx_bad_hint": {
        "pl": "Otwórz plik w Excelu, zapisz go ponownie jako XLSX i wczytaj jeszcze raz.",
        "en": "Open the file in Excel, save it again as XLSX and load it again.",
    },
    "sniff.xlsx_sheet": {
        "pl": "W pliku nie ma arkusza „{sheet}”; są: {sheets}.",
        "en": "The workbook has no sheet '{sheet}'; it has: {sheets}.",
    },
    "sniff.xlsx_sheet_hint": {
        "pl": "Wybierz jeden z istniejących arkuszy.",
        "en": "Choose one of the existing sheets.",
    },
}
register(_MESSAGES)

_SNIFF_CHARS = 64 * 1024  # text sample for delimiter, decimal and layout detection
_SNIFF_RECORDS = 200
_SNIFFER_CHARS = 16 * 1024  # csv.Sniffer is slow on large samples
_LEGACY_SAMPLE = 256 * 1024  # bytes given to charset-normalizer
_LEGACY = ("cp1250", "iso-8859-2", "cp852")  # in order of preference
_MAX_TITLE_ROWS = 5
_TIE = 0.02  # delimiter consistency within this share counts as a tie
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)  # csv's limit is a C long (32 bits on Windows)

_SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"%PDF", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"),
)
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "cp1250": "Windows-1250",
    "iso-8859-2": "ISO-8859-2",
    "cp852": "DOS 852",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
}
# Control characters that never occur in text (tab, line breaks, form feed and DOS end-of-file
# are allowed).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")

_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_NEUTRAL = frozenset("„”“‘’«»–—…•·°§©®™€×\u00a0\u202féÉäÄöÖüÜáÁíÍúÚšŠčČžŽ")

# What double encoding makes of these characters: their UTF-8 bytes read one by one.
_MOJIBAKE_SOURCE = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ„”“’–—…€éäöüáí"
_MOJIBAKE_VIA = ("cp1250", "cp1252")


# --- result objects ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file's bytes, and how.

    ``encoding`` is the Python codec of the payload after any BOM (``utf-8``, ``utf-16-le``,
    ``cp1250``, ...); ``bom`` says whether a BOM preceded it. ``confidence`` is 1.0 when the
    encoding is certain (BOM, valid UTF-8) and lower when it was guessed. ``note`` explains a
    guess or a repair in the interface language ("" when there is nothing to say);
    ``repaired`` is true when double-encoded letters were converted back.
    """

    text: str
    encoding: str
    bom: bool = False
    confidence: float = 1.0
    note: str = ""
    repaired: bool = False


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a table is written.

    ``header_row`` is the 0-based index of the (first) header record in the file, counting
    title and blank records (its Excel row is ``header_row + 1``); ``header_rows`` is 1, or 2
    for a two-row header. ``line_terminator`` is the dominant line ending (``"\\r\\n"``,
    ``"\\n"``, ``"\\r"``, or ``""`` for one line). For a workbook sheet ``delimiter``,
    ``quotechar`` and ``line_terminator`` are empty.
    """

    delimiter: str
    quotechar: str = '"'
    decimal: str = "."
    header_row: int = 0
    header_rows: int = 1
    line_terminator: str = "\n"


@dataclass(frozen=True, slots=True)
class Table:
    """A table read from a file: header labels and rows of text cells.

    ``row_numbers[i]`` is the Excel row of ``rows[i]``. Rows shorter than the header are
    padded with ``""``; rows longer keep their extra cells. Both are listed in ``problems``
    (they do not stop the import). ``skipped_blank`` holds the Excel rows of blank rows that
    were dropped (blank rows at the very end are not listed). ``title`` is the text of title
    rows above the table. ``encoding`` is ``"xlsx"`` for a workbook sheet.
    """

    file: str
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str
    dialect: Dialect
    skipped_blank: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""
    sheet: str | None = None
    note: str = ""


# --- decoding ----------------------------------------------------------------------------------


def decode(data: bytes, *, filename: str) -> Decoded:
    """Decode a text file's bytes, finding the encoding the way Polish files are written.

    Raises
    ------
    DataImportError
        The file is empty, binary, undecodable, or has garbled letters that cannot be
        repaired exactly.

    Examples
    --------
    >>> decode("zażółć".encode("cp1250"), filename="a.csv").encoding
    'cp1250'
    >>> garbled = "zażółć".encode("utf-8").decode("cp1250").encode("utf-8")
    >>> decode(garbled, filename="a.csv").text
    'zażółć'
    """
    if not data:
        raise _fail(filename, "sniff.empty", t("sniff.empty"), t("sniff.empty_hint"))
    kind = next((k for sig, k in _SIGNATURES if data.startswith(sig)), None)
    if kind is not None:
        raise _binary(filename, kind)
    decoded = _check_mojibake(_decode_bytes(data, filename), filename)
    _check_text(decoded.text, filename)
    return decoded


def plain_utf8(data: bytes, *, head_bytes: int) -> tuple[bytes, str, bool] | None:
    """The start of :func:`decode` for a large file, without decoding all of it.

    Returns ``(payload, head, whole)``: the bytes after a UTF-8 BOM, the text of (about) their
    first ``head_bytes`` and whether that is all of it. ``None`` when :func:`decode` has more
    to do or to say: an empty, binary, UTF-16/32 or not-UTF-8 start, a NUL byte, control
    characters or a blank start, or a double-encoded letter in the head.

    What is not checked here is the caller's to check on the rest of the file: that it is
    valid UTF-8 (pyarrow's reader checks every value) and that no value holds a letter of
    double encoding (:func:`double_encoding_suspected`). Then :func:`decode` would return
    exactly this text, as UTF-8 with nothing to say.
    """
    if not data or any(data.startswith(sig) for sig, _ in _SIGNATURES):
        return None
    payload = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    if b"\x00" in payload:  # UTF-16 or binary (or a NUL after a BOM): decode() decides
        return None
    found = utf8_prefix(payload, head_bytes)
    if found is None:
        return None
    head, whole = found
    blank = " \t\r\n\x0b\x0c\ufeff"
    sample = head[:_SNIFF_CHARS]
    if not head[:4096].strip(blank) or len(_CONTROL_RE.findall(sample)) > max(
        2, len(sample) // 100
    ):
        return None
    if any(lead in head for lead in _MARKER_LEADS):
        return None
    return payload, head, whole


def utf8_prefix(payload: bytes, size: int) -> tuple[str, bool] | None:
    """The text of the first ``size`` bytes (fewer, to end on a whole character) and whether
    that is all of ``payload``; ``None`` if those bytes are not UTF-8."""
    cut = min(len(payload), size)
    while 0 < cut < len(payload) and payload[cut] & 0xC0 == 0x80:  # inside a character
        cut -= 1
    try:
        return payload[:cut].decode("utf-8"), cut == len(payload)
    except UnicodeDecodeError:
        return None


def double_encoding_suspected(texts: Any) -> bool:
    """Whether any text holds a letter that starts a double-encoded character (``Ä``, ``Å``...).

    ``texts`` is a ``str`` or a pyarrow array of strings (searched at C speed). Only then
    does :func:`decode` look for double encoding in earnest.
    """
    if isinstance(texts, str):
        return any(lead in texts for lead in _MARKER_LEADS)
    wide = pa_compute.filter(texts, pa_compute.invert(pa_compute.string_is_ascii(texts)))
    found = pa_compute.any(pa_compute.match_substring_regex(wide, _LEADS_PATTERN)).as_py()
    return bool(found)


def _decode_bytes(data: bytes, filename: str) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data[len(bom) :], codec, filename), codec, bom=True)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _binary(filename, "nul")
        name = _ENCODING_NAMES[utf16]
        text = _strict(data, utf16, filename)
        return Decoded(text, utf16, confidence=0.9, note=t("sniff.note.utf16", encoding=name))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _mostly_utf8(data) or _decode_legacy(data, filename)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes (a pasted Windows-1250 letter): keep it, mark the bytes.

    Reading such a file as Windows-1250 would garble every correct letter instead.
    """
    for chunk in (data[:_LEGACY_SAMPLE], data):  # the sample rules out legacy files quickly
        text = chunk.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        good = len(chunk) - len(text)  # extra bytes of valid multi-byte characters
        if good < 10 * bad:
            return None
    line = text.count("\n", 0, text.index("\ufffd")) + 1
    note = t("sniff.note.utf8_replaced", count=bad, line=line)
    return Decoded(text, "utf-8", confidence=0.8, note=note)


def _strict(data: bytes, codec: str, filename: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        name = _ENCODING_NAMES.get(codec, codec)
        raise _fail(
            filename,
            "sniff.undecodable",
            t("sniff.undecodable", encoding=name),
            t("sniff.undecodable_hint"),
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 byte order from NUL bytes: mostly-ASCII text has every other byte zero."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, filename: str) -> Decoded:
    """Choose among the single-byte encodings used for Polish; Polish letters settle it."""
    import charset_normalizer  # only for files in a legacy encoding: 3 MB not loaded otherwise

    sample = data[:_LEGACY_SAMPLE]
    guesses = charset_normalizer.from_bytes(sample, cp_isolation=list(_LEGACY))
    chaos = {codecs.lookup(m.encoding).name: m.chaos for m in guesses}
    ranked = sorted(
        _LEGACY,
        key=lambda codec: (-_polish_score(sample, codec), codecs.lookup(codec).name not in chaos),
    )
    for codec in ranked:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        confidence = round(max(0.0, 1.0 - chaos.get(codecs.lookup(codec).name, 0.5)), 2)
        note = t(
            "sniff.note.guessed", encoding=_ENCODING_NAMES[codec], confidence=f"{confidence:.0%}"
        )
        return Decoded(text, codec, confidence=confidence, note=note)
    raise _fail(  # pragma: no cover - cp852 decodes every byte
        filename, "sniff.undecodable", t("sniff.undecodable", encoding="?"), ""
    )


def _polish_score(sample: bytes, codec: str) -> int:
    """Polish letters minus characters that do not belong in Polish text (-inf if invalid)."""
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return -sys.maxsize
    score = 0
    for char, count in Counter(text).items():
        if char.isascii():
            continue
        if char in _POLISH:
            score += count
        elif "\x80" <= char <= "\x9f":
            score -= 5 * count
        elif char not in _NEUTRAL:
            score -= count
    return score


def _check_text(text: str, filename: str) -> None:
    blank = " \t\r\n\x0b\x0c\ufeff"
    if not text[:4096].strip(blank) and not text.strip(blank):  # no copy of a large text
        raise _fail(filename, "sniff.empty", t("sniff.empty"), t("sniff.empty_hint"))
    sample = text[:_SNIFF_CHARS]
    if len(_CONTROL_RE.findall(sample)) > max(2, len(sample) // 100):
        raise _binary(filename, "control")


def _byte_chars(codec: str) -> list[str]:
    """What each byte shows as in ``codec``; undefined bytes pass through as U+0080-U+009F."""
    out = []
    for byte in range(256):
        try:
            out.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return out


class _Strict(dict[int, int]):
    """A ``str.translate`` table that fails on a character it does not map."""

    def __missing__(self, key: int) -> int:
        raise ValueError(chr(key))


def _mojibake_tables() -> tuple[dict[str, str], dict[str, _Strict]]:
    markers: dict[str, str] = {}
    undo: dict[str, _Strict] = {}
    for codec in _MOJIBAKE_VIA:
        chars = _byte_chars(codec)
        undo[codec] = _Strict({ord(c): b for b, c in enumerate(chars)})
        for original in _MOJIBAKE_SOURCE:
            markers["".join(chars[b] for b in original.encode("utf-8"))] = original
    return markers, undo


_MARKERS, _UNDO = _mojibake_tables()
_MARKER_LEADS = frozenset(m[0] for m in _MARKERS)
_MARKER_RE = re.compile("|".join(re.escape(m) for m in sorted(_MARKERS, key=len, reverse=True)))
_LEADS_PATTERN = "[" + "".join(sorted(_MARKER_LEADS)) + "]"  # no character here is special


def _check_mojibake(decoded: Decoded, filename: str) -> Decoded:
    text = decoded.text
    if not any(lead in text for lead in _MARKER_LEADS):  # one-character search: fast
        return decoded
    found = list(_MARKER_RE.finditer(text))
    if not found:
        return decoded
    for codec in _MOJIBAKE_VIA:
        repaired = _undo_double_encoding(text, codec)
        if repaired is not None and not _MARKER_RE.search(repaired):
            via = _ENCODING_NAMES.get(codec, "Windows-1252")
            return Decoded(
                repaired,
                decoded.encoding,
                decoded.bom,
                decoded.confidence,
                t("sniff.note.repaired", via=via),
                repaired=True,
            )
    first = found[0]
    before = re.search(r"\S{0,20}$", text[max(0, first.start() - 20) : first.start()])
    after = re.match(r"\S{0,20}", text[first.end() : first.end() + 20])
    word = (before.group() if before else "") + first.group() + (after.group() if after else "")
    fixed = _MARKER_RE.sub(lambda m: _MARKERS[m.group()], word)
    line = text.count("\n", 0, first.start()) + 1
    problem = Problem(
        filename,
        line,
        None,
        word,
        "sniff.mojibake",
        t("sniff.mojibake", count=len(found), sample=word, fixed=fixed),
        t("sniff.mojibake_hint"),
    )
    raise DataImportError([problem], t("sniff.cannot_read", file=filename))


def _undo_double_encoding(text: str, codec: str) -> str | None:
    try:  # each character back to the byte it came from, then read those bytes as UTF-8
        return text.translate(_UNDO[codec]).encode("latin-1").decode("utf-8")
    except ValueError:  # includes UnicodeError
        return None


# --- sniffing ----------------------------------------------------------------------------------


def sniff_table(text: str, *, filename: str) -> Dialect:
    """Find delimiter, decimal mark, title rows and a two-row header from a sample of ``text``.

    The delimiter is the one of ``, ; tab |`` that splits the sample records (quotes respected)
    into the most consistent number of cells; ``csv.Sniffer`` breaks ties, and ``;`` wins a
    tie with ``,`` because decimal commas make both look plausible in Polish exports.

    Title rows are leading rows with a single filled cell above a wider table (``Ankiety
    papierowe – …;;;;``); at most five are skipped. A two-row header is recognised only when
    the first row has merged-cell gaps that the second row fills with labels, columns with a
    label in the first row only are empty in the second, and no second-row cell looks like a
    number or a date. Anything less clear is read as a one-row header.

    >>> d = sniff_table("Tytuł;;\\nA;B;C\\n1;2,5;x\\n", filename="a.csv")
    >>> d.delimiter, d.decimal, d.header_row, d.header_rows
    (';', ',', 1, 1)
    """
    sample, truncated = _sample(text)
    by_delimiter = {d: _parse(sample, d, limit=_SNIFF_RECORDS) for d in DELIMITERS}
    if truncated:  # the last record may be cut in the middle
        by_delimiter = {d: r[:-1] if len(r) > 1 else r for d, r in by_delimiter.items()}
    delimiter = _choose_delimiter(sample, by_delimiter)
    records = by_delimiter[delimiter]
    header_row, header_rows = _layout(records, filename)
    data = [r for r in records[header_row + header_rows :] if not _is_blank(r)]
    return Dialect(
        delimiter=delimiter,
        quotechar='"',
        decimal=_decimal(data, delimiter),
        header_row=header_row,
        header_rows=header_rows,
        line_terminator=_line_terminator(sample),
    )


def _sample(text: str) -> tuple[str, bool]:
    if len(text) <= _SNIFF_CHARS:
        return text, False
    sample = text[:_SNIFF_CHARS]
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    return (sample[: cut + 1] if cut > 0 else sample), True


def _parse(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    """Records of ``text`` (a quoted cell may span lines); at most ``limit`` of them."""
    if csv.field_size_limit() < _FIELD_LIMIT:  # a 10 MB cell is still a cell
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        strict=False,
    )
    records: list[list[str]] = []
    for record in reader:
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records


def _choose_delimiter(sample: str, by_delimiter: dict[str, list[list[str]]]) -> str:
    scores = {d: _consistency(records) for d, records in by_delimiter.items()}
    best = max(scores.values())
    if best == 0:  # one column, or nothing but delimiters (";;;" rows of an empty sheet)
        return max((",", ";", "\t", "|"), key=sample.count)
    tied = [d for d in DELIMITERS if scores[d] >= best - _TIE]
    if ";" in tied and "," in tied:
        return ";"
    try:
        sniffed = csv.Sniffer().sniff(sample[:_SNIFFER_CHARS], "".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in tied:
        return sniffed
    return next(d for d in (";", "\t", ",", "|") if d in tied)


def _consistency(records: list[list[str]]) -> float:
    """Share of non-blank records with the most common number of cells (0 for one cell)."""
    widths = [len(r) for r in records if not _is_blank(r)]
    if not widths:
        return 0.0
    width, count = Counter(widths).most_common(1)[0]
    return count / len(widths) if width > 1 else 0.0


_COMMA_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0.]\d{3})*,(\d+)|-?\d+,(\d+)")
_POINT_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0,]\d{3})*\.(\d+)|-?\d+\.(\d+)")


def _decimal(records: list[list[str]], delimiter: str) -> str:
    """``,`` when numbers like ``45,50`` outnumber ``45.50`` (three decimals are ambiguous)."""
    comma = point = 0
    for record in records:
        for cell in record:
            cell = cell.strip()
            if m := _COMMA_NUMBER.fullmatch(cell):
                comma += len(m.group(1) or m.group(2)) != 3
            elif m := _POINT_NUMBER.fullmatch(cell):
                point += len(m.group(1) or m.group(2)) != 3
    if comma == point:
        return "," if delimiter == ";" else "."
    return "," if comma > point else "."


def _line_terminator(sample: str) -> str:
    crlf = sample.count("\r\n")
    counts = {"\r\n": crlf, "\n": sample.count("\n") - crlf, "\r": sample.count("\r") - crlf}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ""


def _is_blank(record: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in record)


def _filled(record: Sequence[str]) -> int:
    return sum(1 for cell in record if cell.strip())


def _layout(records: list[list[str]], filename: str) -> tuple[int, int]:
    """``(header_row, header_rows)``: title rows skipped, a two-row header recognised."""
    nonblank = [i for i, r in enumerate(records) if not _is_blank(r)]
    if not nonblank:
        raise _fail(filename, "sniff.no_header", t("sniff.no_header"), t("sniff.empty_hint"))
    width = max(_filled(records[i]) for i in nonblank[:50])
    pos = 0
    while (
        width > 1
        and pos < min(_MAX_TITLE_ROWS, len(nonblank) - 1)
        and _filled(records[nonblank[pos]]) == 1
    ):
        pos += 1
    header = nonblank[pos]
    if header + 1 < len(records) and _two_row_header(records[header], records[header + 1]):
        return header, 2
    return header, 1


_VALUE_RE = re.compile(r"[-+]?[\d\s.,:/%-]+|(?i:x|tak|nie|y|n|true|false)")


def _two_row_header(top: Sequence[str], sub: Sequence[str]) -> bool:
    """Whether ``sub`` is a row of sub-labels under the merged cells of ``top``."""
    width = max(len(top), len(sub))
    has_top = [j < len(top) and bool(top[j].strip()) for j in range(width)]
    has_sub = [j < len(sub) and bool(sub[j].strip()) for j in range(width)]
    used = [j for j in range(width) if has_top[j] or has_sub[j]]
    if not used or sum(has_sub) < 2:
        return False
    last = used[-1]
    gaps = [j for j in range(last + 1) if not has_top[j] and any(has_top[:j])]
    starts = {j for j in range(last) if has_top[j] and not has_top[j + 1]}
    standalone = [j for j in range(last + 1) if has_top[j] and j not in starts]
    return (
        bool(gaps)
        and all(has_sub[j] for j in range(last + 1) if not has_top[j])
        and all(has_sub[j] for j in starts)
        and not any(has_sub[j] for j in standalone)
        and not any(_VALUE_RE.fullmatch(c.strip()) for c in sub if c.strip())
    )


# --- reading -----------------------------------------------------------------------------------


def read_rows(data: bytes, *, filename: str) -> Table:
    """Read a delimited text file into a :class:`Table` (encoding and dialect detected).

    Raises
    ------
    DataImportError
        Empty, binary or undecodable file, no header, empty or repeated column names (every
        problem listed at once). Ragged rows are reported in ``Table.problems`` instead.
    """
    decoded = decode(data, filename=filename)
    dialect = sniff_table(decoded.text, filename=filename)
    try:
        records = _parse(decoded.text, dialect.delimiter)
    except csv.Error as exc:  # pragma: no cover - the reader is lenient (strict=False)
        raise _fail(filename, "sniff.undecodable", str(exc), t("sniff.undecodable_hint")) from None
    return _table(
        records,
        filename=filename,
        encoding=decoded.encoding,
        dialect=dialect,
        note=decoded.note,
    )


def read_xlsx_rows(data: bytes, *, filename: str, sheet: str | None = None) -> Table:
    """Read one sheet of an XLSX workbook (the active one by default) into a :class:`Table`.

    Cells become the text a person sees: ``""`` for empty, integers without ``.0``, other
    numbers with a decimal point and up to 15 significant digits, dates as ``2019-03-12``
    (``2019-03-12 10:15:32`` with a time), booleans as ``TRUE``/``FALSE``. Cached values of
    formulas are read; a text cell starting with ``=`` is kept as it is (callers neutralise it).
    Title rows, blank rows and a two-row header are handled as in :func:`read_rows`.
    """
    records, sheet_name = _xlsx_records(data, filename, sheet)
    header_row, header_rows = _layout(records, filename)
    dialect = Dialect("", "", ".", header_row, header_rows, "")
    return _table(
        records, filename=filename, encoding="xlsx", dialect=dialect, grid=True, sheet=sheet_name
    )


def _xlsx_records(data: bytes, filename: str, sheet: str | None) -> tuple[list[list[str]], str]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken file raises many kinds (zipfile, KeyError, XML, ...)
        raise _fail(
            filename,
            "sniff.xlsx_bad",
            t("sniff.xlsx_bad"),
            t("sniff.xlsx_bad_hint"),
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise _fail(
                filename,
                "sniff.xlsx_sheet",
                t("sniff.xlsx_sheet", sheet=sheet, sheets=", ".join(book.sheetnames)),
                t("sniff.xlsx_sheet_hint"),
            )
        worksheet = book[sheet] if sheet is not None else book.active
        if worksheet is None or not hasattr(worksheet, "iter_rows"):
            worksheet = book.worksheets[0]
        worksheet.reset_dimensions()  # stated dimensions are often wrong; read every cell
        records = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
        return records, str(worksheet.title)
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    """A cell value as the text a person sees in the sheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        if value.microsecond:  # Excel stores times as fractions of a day
            value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        if value.time() == dt.time(0):
            return str(value.date().isoformat())
        return str(value.isoformat(sep=" "))
    if isinstance(value, dt.date | dt.time):
        return str(value.isoformat())
    return str(value)


def _table(
    records: list[list[str]],
    *,
    filename: str,
    encoding: str,
    dialect: Dialect,
    grid: bool = False,
    sheet: str | None = None,
    note: str = "",
) -> Table:
    """Assemble a :class:`Table` from all records (index + 1 = Excel row)."""
    first_data = dialect.header_row + dialect.header_rows
    header_records = records[dialect.header_row : first_data]
    data = [(i + 1, r) for i, r in enumerate(records[first_data:], start=first_data)]
    data = [(n, r) for n, r in data if not _is_blank(r)]
    end = max(data[-1][0] if data else 0, first_data)  # blank rows after the data: not listed
    blank = [i + 1 for i, r in enumerate(records[:end]) if _is_blank(r)]
    titles = [r for r in records[: dialect.header_row] if not _is_blank(r)]
    title = "\n".join(" ".join(c.strip() for c in r if c.strip()) for r in titles)
    labels = _labels(header_records)
    if grid:  # a sheet cell right of the header is a column without a name
        labels += [""] * (max((len(r) for _, r in data), default=0) - len(labels))
    keep = _check_headers(labels, data, filename, dialect.header_row + 1)
    rows: list[list[str]] = []
    problems: list[Problem] = []
    for number, record in data:
        row = [record[j] if j < len(record) else "" for j in keep]
        extra = record[len(labels) :]
        if any(c.strip() for c in extra):
            row += extra
            problems.append(_ragged(filename, number, record, labels, dialect))
        elif not grid and len(record) < len(labels):
            problems.append(_ragged(filename, number, record, labels, dialect))
        rows.append(row)
    return Table(
        file=filename,
        headers=[labels[j] for j in keep],
        rows=rows,
        row_numbers=[n for n, _ in data],
        encoding=encoding,
        dialect=dialect,
        skipped_blank=sorted(blank),
        problems=problems,
        title=title,
        sheet=sheet,
        note=note,
    )


def _labels(header_records: Sequence[Sequence[str]]) -> list[str]:
    """Column labels; a two-row header becomes ``Top [Sub]``."""
    top = [_clean(c) for c in header_records[0]]
    if len(header_records) < 2:
        return top
    sub = [_clean(c) for c in header_records[1]]
    width = max(len(top), len(sub))
    top += [""] * (width - len(top))
    sub += [""] * (width - len(sub))
    labels, group = [], ""
    for head, label in zip(top, sub, strict=True):
        group = head or group
        labels.append(f"{group} [{label}]" if group and label else group or label)
    return labels


def _clean(label: str) -> str:
    return " ".join(label.replace("\ufeff", "").split())


def _check_headers(
    labels: list[str], data: list[tuple[int, list[str]]], filename: str, row: int
) -> list[int]:
    """Indexes of the columns to keep; raise for empty names over data and repeated names.

    A column with neither a name nor any data (a spacer column, trailing ``;;``) is dropped.
    """
    problems: list[Problem] = []
    keep: list[int] = []
    for j, label in enumerate(labels):
        if label:
            keep.append(j)
        elif any(j < len(r) and r[j].strip() for _, r in data):
            letter = _column_letter(j)
            problems.append(
                Problem(
                    filename,
                    row,
                    letter,
                    "",
                    "sniff.header_empty",
                    t("sniff.header_empty", letter=letter),
                    t("sniff.header_empty_hint"),
                )
            )
    seen: dict[str, list[int]] = {}
    for j in keep:
        seen.setdefault(fold(labels[j]), []).append(j)
    for columns in seen.values():
        if len(columns) > 1:
            name = labels[columns[0]]
            letters = ", ".join(_column_letter(j) for j in columns)
            problems.append(
                Problem(
                    filename,
                    row,
                    name,
                    name,
                    "sniff.header_duplicate",
                    t("sniff.header_duplicate", name=name, letters=letters),
                    t("sniff.header_duplicate_hint"),
                )
            )
    if problems:
        raise DataImportError(problems, t("sniff.cannot_read", file=filename))
    return keep


def _ragged(
    filename: str, number: int, record: list[str], labels: list[str], dialect: Dialect
) -> Problem:
    """A row longer or shorter than the header (``labels``), as a problem to report."""
    count, width = len(record), len(labels)
    if count > width:
        shown = (dialect.delimiter or " ").join(c for c in record[width:] if c.strip())
        return Problem(
            filename,
            number,
            None,
            shown[:200],
            "sniff.row_long",
            t("sniff.row_long", count=count, width=width),
            t("sniff.row_long_hint", delimiter=_delimiter_name(dialect.delimiter)),
            severity="error",  # values may have moved to the wrong columns
        )
    return Problem(
        filename,
        number,
        None,
        "",
        "sniff.row_short",
        t("sniff.row_short", count=count, width=width),
        t("sniff.row_short_hint"),
        severity="warning",  # Excel leaves out trailing empty cells after row 16
    )


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "TAB"}.get(delimiter, delimiter)


def _column_letter(index: int) -> str:
    """Excel column letter of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- errors ------------------------------------------------------------------------------------


def _fail(filename: str, rule: str, message: str, hint: str) -> DataImportError:
    problem = Problem(filename, None, None, "", rule, message, hint)
    return DataImportError([problem], t("sniff.cannot_read", file=filename))


def _binary(filename: str, kind: str) -> DataImportError:
    hint = t(f"sniff.kind.{kind}_hint", default="") or t("sniff.binary_hint")
    message = t("sniff.binary", kind=t(f"sniff.kind.{kind}"))
    return _fail(filename, "sniff.binary", message, hint)
