"""Safe names for workspaces and output files.

A name typed in a widget or passed to the CLI must stay a plain file name inside its folder:
no path separators, no ``..``, no NUL, no hidden files, no symlink that escapes the folder.
Folder membership is checked on resolved paths (``Path.is_relative_to``), never by string
prefix, so ``/data/ws2`` is not "inside" ``/data/ws``.

>>> check_name("warsztaty-2019")
'warsztaty-2019'
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from swot.errors import PathError
from swot.i18n import t

__all__ = ["check_name", "check_path", "child_path", "output_folder", "write_whole"]

MAX_NAME = 100
# First character a letter or digit (any script); then letters, digits, space, dot, dash, _.
_NAME_RE = re.compile(r"^[^\W_][\w .-]*$")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
}


def check_name(name: object) -> str:
    """Return ``name`` (NFC-normalised) if it is a safe plain file name, else raise PathError."""
    if not isinstance(name, str):
        raise PathError(t("error.path_name", name=repr(name), reason=_reason("type")))
    reason = None
    normal = unicodedata.normalize("NFC", name)
    if not normal.strip():
        reason = "empty"
    elif "\x00" in normal:
        reason = "nul"
    elif "/" in normal or "\\" in normal or normal in {".", ".."}:
        reason = "separator"
    elif len(normal) > MAX_NAME:
        reason = "long"
    elif not _NAME_RE.fullmatch(normal) or normal.endswith((" ", ".")):
        reason = "chars"
    elif normal.split(".")[0].lower() in _WINDOWS_RESERVED:
        reason = "reserved"
    if reason:
        shown = name.replace("\x00", "\\0")
        raise PathError(t("error.path_name", name=shown, reason=_reason(reason)))
    return normal


def child_path(root: str | os.PathLike[str], name: str, suffix: str = "") -> Path:
    """The path of file ``name`` (plus ``suffix`` unless already there) directly in ``root``.

    Raises PathError if the name is unsafe or the result (after resolving symlinks) is not
    directly inside ``root``.
    """
    clean = check_name(name)
    if suffix and not clean.endswith(suffix):
        clean += suffix
    root_resolved = Path(root).resolve()
    candidate = (root_resolved / clean).resolve()
    if candidate.parent != root_resolved or not candidate.is_relative_to(root_resolved):
        raise PathError(t("error.path_outside", name=name, root=root_resolved))
    return candidate


def check_path(path: str | os.PathLike[str]) -> Path:
    """Validate a path the user chose explicitly (any folder, but no NUL, not a directory)."""
    text = os.fspath(path)
    if not text or "\x00" in text:
        raise PathError(
            t(
                "error.path_name",
                name=text.replace("\x00", "\\0"),
                reason=_reason("nul" if text else "empty"),
            )
        )
    result = Path(text).expanduser()
    if result.is_dir():
        raise PathError(t("error.path_name", name=text, reason=_reason("directory")))
    return result


def _reason(key: str) -> str:
    return t(f"path.reason.{key}", max=MAX_NAME)


def write_whole(path: Path, data: bytes, *, message: str) -> Path:
    """Write ``data`` to ``path`` whole or not at all: a hidden ``.part`` file, then a rename.

    ``message`` is the i18n key of the error (placeholders ``path`` and ``reason``), so each
    caller keeps its own advice. Raises :class:`~swot.errors.PathError`; no ``.part`` is left.
    """
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or type(exc).__name__
        raise PathError(t(message, path=path, reason=reason)) from exc
    return path


def output_folder(out_dir: str | os.PathLike[str], *, messages: str) -> Path:
    """The folder ``out_dir``, created when missing (its parent must exist).

    ``messages`` is the prefix of the i18n keys ``<prefix>.target`` (a file is in the way),
    ``<prefix>.parent`` (no parent folder) and ``<prefix>.write`` (it cannot be created).
    """
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise PathError(t(f"{messages}.target", path=folder))
    if not folder.exists():
        if not folder.parent.is_dir():
            raise PathError(t(f"{messages}.parent", path=folder, parent=folder.parent))
        try:
            folder.mkdir()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise PathError(t(f"{messages}.write", path=folder, reason=reason)) from exc
    return folder
