"""Spreadsheets people bring for import (offers, address lists): reading them safely.

The importers of :mod:`swot.offers` and :mod:`swot.invitations` read a user's CSV or XLSX the
same way: refuse a file that is too big or unreadable before parsing it, and find the cells
that hold formulas (shown and imported as text, never computed). Each importer keeps its own
messages: ``prefix`` names its i18n keys (``<prefix>.too_big``, ``<prefix>.unreadable``,
``<prefix>.unreadable_hint``, ``<prefix>.not_table_hint``, ``<prefix>.cannot_read``).
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swot.errors import DataImportError, Problem
from swot.i18n import t

__all__ = ["Sheet", "read_sheet", "read_source", "refuse", "xlsx_formulas"]


def xlsx_formulas(data: bytes) -> dict[tuple[int, int], str]:
    """``(row, column) -> formula`` of every formula cell on the sheet read by sniff."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # a broken file: sniff has already said so
        return {}
    try:
        sheet = book.active if book.active is not None else book.worksheets[0]
        sheet.reset_dimensions()
        out: dict[tuple[int, int], str] = {}
        for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            for c, value in enumerate(values, start=1):
                if isinstance(value, str) and value.startswith("="):
                    out[(r, c)] = value
        return out
    finally:
        book.close()


def refuse(file: str, rule: str, message: str, hint: str = "", *, prefix: str) -> DataImportError:
    """The error for a whole file that cannot be imported (one problem, no row)."""
    problem = Problem(file, None, None, "", rule, message, hint or t(f"{prefix}.not_table_hint"))
    return DataImportError([problem], t(f"{prefix}.cannot_read", file=file))


def read_source(
    source: str | os.PathLike[str] | bytes,
    filename: str | None,
    *,
    prefix: str,
    max_bytes: int,
    max_rows: int,
) -> tuple[bytes, str]:
    """The file's bytes and the name to show, refusing files over ``max_bytes``."""

    def too_big(name: str, size: int) -> DataImportError:
        message = t(f"{prefix}.too_big", size=size // 2**20, max=max_bytes // 2**20, rows=max_rows)
        return refuse(name, f"{prefix}.too_big", message, prefix=prefix)

    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), filename or "plik"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise too_big(name, size)
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise refuse(
                name,
                f"{prefix}.unreadable",
                t(f"{prefix}.unreadable", reason=reason),
                t(f"{prefix}.unreadable_hint"),
                prefix=prefix,
            ) from None
    if len(data) > max_bytes:
        raise too_big(name, len(data))
    return data, name


@dataclass
class Sheet:
    """A spreadsheet read for import, with its columns matched to roles.

    ``roles`` maps a role to the column index of its first heading; ``problems`` lists the
    ignored (warning) and repeated (error) headings; ``header_row`` is the row Excel shows
    the headings in; ``formulas`` maps ``(row, column)`` to the formula of an XLSX cell.
    """

    name: str
    table: Any  # swot.survey.sniff's raw table: headers, rows, row_numbers, dialect
    header_row: int
    roles: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def read_sheet(
    source: str | os.PathLike[str] | bytes,
    filename: str | None,
    *,
    prefix: str,
    max_bytes: int,
    max_rows: int,
    role_of: Callable[[str], str | None],
    expected: str,
) -> Sheet:
    """Read a CSV or XLSX table and match each heading to a role with ``role_of``.

    Refuses (:class:`~swot.errors.DataImportError`) what is not a table or is too big.
    ``expected`` lists the known headings for the hint of an ignored column. Message keys:
    ``<prefix>.not_table``, ``.ignored_column(_hint)``, ``.repeated_column(_hint)`` and
    those of :func:`read_source`.
    """
    from swot.survey import sniff

    data, name = read_source(
        source, filename, prefix=prefix, max_bytes=max_bytes, max_rows=max_rows
    )
    formulas: dict[tuple[int, int], str] = {}
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                is_workbook = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_workbook = False
        if not is_workbook:
            raise refuse(name, f"{prefix}.not_table", t(f"{prefix}.not_table"), prefix=prefix)
        table = sniff.read_xlsx_rows(data, filename=name)
        formulas = xlsx_formulas(data)
    else:
        if b"\x00" in data[:4096] or data[:4] == b"\xd0\xcf\x11\xe0":
            raise refuse(name, f"{prefix}.not_table", t(f"{prefix}.not_table"), prefix=prefix)
        table = sniff.read_rows(data, filename=name)
    if len(table.rows) > max_rows:
        message = t(
            f"{prefix}.too_big", size=len(data) // 2**20, max=max_bytes // 2**20, rows=max_rows
        )
        raise refuse(name, f"{prefix}.too_big", message, prefix=prefix)
    sheet = Sheet(name, table, table.dialect.header_row + table.dialect.header_rows)
    sheet.formulas = formulas
    for index, heading in enumerate(table.headers):
        role = role_of(heading)
        if role is None:
            sheet.problems.append(
                Problem(
                    name,
                    sheet.header_row,
                    heading,
                    heading,
                    f"{prefix}.ignored_column",
                    t(f"{prefix}.ignored_column", heading=heading),
                    t(f"{prefix}.ignored_column_hint", expected=expected),
                    "warning",
                )
            )
        elif role in sheet.roles:
            first = table.headers[sheet.roles[role]]
            sheet.problems.append(
                Problem(
                    name,
                    sheet.header_row,
                    heading,
                    heading,
                    f"{prefix}.repeated_column",
                    t(f"{prefix}.repeated_column", first=first, second=heading),
                    t(f"{prefix}.repeated_column_hint"),
                )
            )
        else:
            sheet.roles[role] = index
    return sheet
