"""One error family for everything swot raises on purpose.

Every message is rendered in the current interface language (``swot.i18n``) when the error
is created, and names the field or file, what was expected, what came, and how to fix it.

Hierarchy::

    SwotError (ValueError)
    ├── ValidationError        a value does not fit a model field (field, expected, got, hint)
    ├── NotFoundError          no object of that kind and id in the workspace
    ├── ConflictError          a stale edit: carries ``mine`` and ``theirs``; nothing was written
    ├── ReferenceError_        an object points to a missing one, or is still pointed to
    ├── WorkspaceError         the workspace file cannot be opened, created, migrated or written
    │   ├── WorkspaceBusyError other writers held the workspace for too long
    │   └── PathError          a workspace or file name is unsafe (path traversal, NUL, ...)
    └── DataImportError        a file to import has problems; ``problems`` lists every one
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from swot.i18n import t

__all__ = [
    "ConflictError",
    "DataImportError",
    "NotFoundError",
    "PathError",
    "Problem",
    "ReferenceError_",
    "SwotError",
    "ValidationError",
    "WorkspaceBusyError",
    "WorkspaceError",
]


class SwotError(ValueError):
    """Base of every error swot raises on purpose; ``str(err)`` is the user-facing message."""


class ValidationError(SwotError):
    """A value does not fit a model field.

    Parameters
    ----------
    field
        Name of the field (identifier, translated for the message).
    expected
        What was expected, already in the user's language.
    got
        The offending value (shown shortened).
    hint
        How to fix it, already in the user's language.
    """

    def __init__(self, field: str, expected: str, got: Any, hint: str = "") -> None:
        self.field = field
        self.expected = expected
        self.got = got
        self.hint = hint
        message = t(
            "error.validation",
            field=t(f"field.{field}", default=field),
            expected=expected,
            got=_short_repr(got),
        )
        if hint:
            message = f"{message} {hint}"
        super().__init__(message)


class NotFoundError(SwotError):
    """No object of the given kind and id exists in the workspace."""

    def __init__(self, kind: str, object_id: str) -> None:
        self.kind = kind
        self.object_id = object_id
        super().__init__(t("error.not_found", kind=t(f"kind.{kind}", default=kind), id=object_id))


class ConflictError(SwotError):
    """Somebody else changed (or deleted) the object since it was read; nothing was written.

    ``mine`` is the edit that was refused, ``theirs`` the version now stored (``None`` if the
    object was deleted). Show both to the user and let them choose.
    """

    def __init__(self, mine: Any, theirs: Any) -> None:
        self.mine = mine
        self.theirs = theirs
        kind = t(f"kind.{getattr(mine, 'KIND', '')}", default=type(mine).__name__)
        if theirs is None:
            message = t("error.conflict_deleted", kind=kind)
        else:
            message = t(
                "error.conflict",
                kind=kind,
                mine=getattr(mine, "version", "?"),
                theirs=getattr(theirs, "version", "?"),
            )
        super().__init__(message)


class ReferenceError_(SwotError):  # the builtin ReferenceError means something else
    """An object refers to one that does not exist, or is still referred to by others."""


class WorkspaceError(SwotError):
    """The workspace file cannot be opened, created, migrated or written."""


class WorkspaceBusyError(WorkspaceError):
    """Other writers kept the workspace locked longer than we are willing to wait."""


class PathError(WorkspaceError):
    """A workspace or output file name is unsafe or points outside its folder."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input file: where, what, and how to fix it.

    ``row`` is the row number as the user sees it in a spreadsheet (header = 1), or ``None``
    when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    rule: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" rejects the row; "warning" only informs

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(t("where.row", row=self.row))
        if self.column:
            where.append(t("where.column", column=self.column))
        text = f"{', '.join(where)}: {self.message}"
        return f"{text} {self.hint}".strip()


class DataImportError(SwotError):
    """A file cannot be imported; ``problems`` holds every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem], summary: str = "") -> None:
        self.problems = list(problems)
        head = summary or t("error.import_problems", count=len(self.problems))
        shown = "\n".join(f"- {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = "\n" + t("error.more_problems", count=more) if more > 0 else ""
        super().__init__(f"{head}\n{shown}{tail}" if shown else head)


def _short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
