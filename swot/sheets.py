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
from pathlib import Path

from swot.errors import DataImportError, Problem
from swot.i18n import t

__all__ = ["read_source", "refuse", "xlsx_formulas"]


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
