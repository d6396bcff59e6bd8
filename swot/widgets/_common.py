"""Pieces every swot widget uses: a status line, an error guard, escaped HTML tables, and a
view that redraws itself when someone else changes the workspace.

In JupyterLab an exception raised in a widget callback disappears into the browser console.
:func:`guarded` turns every error into a message on the status line instead: a swot error
shows its own (Polish) text; anything else shows a short apology and is logged in full.
"""

from __future__ import annotations

import functools
import html
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import ipywidgets as w

from swot.errors import Problem, SwotError
from swot.i18n import register, t

if TYPE_CHECKING:
    from swot.store import Workspace

__all__ = [
    "FullTextRepr",
    "HTMLView",
    "LiveView",
    "StatusLine",
    "chosen_file",
    "guarded",
    "html_table",
    "problems_table",
    "text_table",
]

log = logging.getLogger("swot.widgets")
P = ParamSpec("P")

TABLE_CSS = """
<style>
.swot-table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px;
               line-height: 1.4; }
.swot-table th { background: #2f4b7c; color: #fff; text-align: left; padding: 6px 10px; }
.swot-table td { border-bottom: 1px solid #d9dee8; padding: 5px 10px; vertical-align: top; }
.swot-table td.num, .swot-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.swot-table tr:nth-child(even) td { background: #f5f7fb; }
.swot-empty { color: #666; font-style: italic; }
</style>
"""


class FullTextRepr:
    """Mixin: keep the whole ``repr`` as the ``text/plain`` output (ipywidgets cuts it at 110)."""

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle:
            bundle["text/plain"] = repr(self)
        return bundle


class HTMLView(FullTextRepr, w.HTML):  # type: ignore[misc]
    """An HTML widget whose plain-text form (``repr``, what nbval compares) is its content.

    ipywidgets' own repr is cut at ~100 characters of markup, so a stored notebook output
    would check almost nothing; this one shows the same facts as the HTML, as text.
    """

    def __init__(self, value: str, text: str, css_class: str = "") -> None:
        super().__init__(value=value)
        self.text = text
        if css_class:
            self.add_class(css_class)

    def __repr__(self) -> str:
        return self.text


class StatusLine(w.HTML):  # type: ignore[misc]
    """One line under a form: green when saved, red when not, always escaped."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(value="", **kwargs)
        self.add_class("swot-status")

    def ok(self, text: str) -> None:
        self.value = f'<span style="color:#1b7f3b">✔ {html.escape(text)}</span>'
        self.remove_class("swot-status-error")
        self.add_class("swot-status-ok")

    def error(self, text: str) -> None:
        self.value = f'<span style="color:#b3261e">✖ {html.escape(text)}</span>'
        self.remove_class("swot-status-ok")
        self.add_class("swot-status-error")

    @property
    def text(self) -> str:
        """The message without markup (what a person reads)."""
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.value)).strip()


def guarded(status: StatusLine) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """Decorate a widget callback so every error ends up on ``status``, never lost."""

    def decorate(func: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                func(*args, **kwargs)
            except SwotError as exc:
                status.error(t("ui.error", message=str(exc)))
            except Exception as exc:
                log.exception("widget callback %s failed", func.__qualname__)
                status.error(t("ui.unexpected", error=type(exc).__name__))

        return wrapper

    return decorate


class LiveView(FullTextRepr, w.VBox):  # type: ignore[misc]
    """A view that redraws itself from the workspace, also when someone else changed it.

    A light poll of :meth:`Workspace.last_change <swot.store.Workspace.last_change>` in a
    daemon thread, no re-running of cells. A subclass sets ``ws`` and ``status``, draws in
    :meth:`_draw` and calls :meth:`_start_polling` once it is built; :meth:`close` stops the
    poll. An observer asks :meth:`_redrawing` to ignore the values a redraw sets, and
    :meth:`_show_refreshed` says on the status line that others' changes were drawn.
    """

    ws: Workspace
    status: StatusLine

    def __init__(self, **kwargs: Any) -> None:
        self._seen = -1
        self._lock = threading.RLock()  # a write and its redraw hold it: no poll in between
        self._stop = threading.Event()
        self._drawing_in: int | None = None  # the thread redrawing now, if any
        super().__init__(**kwargs)

    def refresh(self, *, force: bool = True) -> bool:
        """Redraw from the workspace; with ``force=False`` only if something changed."""
        with self._lock:
            current = self.ws.last_change()
            if not force and current == self._seen:
                return False
            self._seen = current
            self._drawing_in = threading.get_ident()
            try:
                self._draw()
            finally:
                self._drawing_in = None
            return True

    def _draw(self) -> None:
        raise NotImplementedError

    def _redrawing(self) -> bool:
        """Whether a value change comes from our own redraw (not from the person)."""
        return self._drawing_in == threading.get_ident()

    def _start_polling(self, seconds: float, name: str, refreshed: str) -> None:
        """Look for others' changes every ``seconds`` (``0``: never) in a thread ``name``;
        after a redraw the status line says the text of the i18n key ``refreshed``."""
        if seconds > 0:
            self._thread = threading.Thread(
                target=self._poll, args=(seconds, refreshed), name=name, daemon=True
            )
            self._thread.start()

    def _poll(self, seconds: float, refreshed: str) -> None:
        while not self._stop.wait(seconds):
            try:
                if self.refresh(force=False):
                    self._show_refreshed(refreshed)
            except SwotError:
                self._stop.set()  # workspace closed: stop quietly

    def _show_refreshed(self, key: str) -> None:
        """After the poll redrew others' changes: the status line says the text of ``key``.

        A subclass may say nothing instead, e.g. to keep an unread refusal in view.
        """
        self.status.ok(t(key))

    def close(self) -> None:
        self._stop.set()
        super().close()


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Sequence[int] = (),
    empty: str = "",
    css_class: str = "",
) -> str:
    """An HTML table with every cell escaped; ``numeric`` column indexes align right."""
    body = []
    for row in rows:
        cells = "".join(
            f"<td{' class=num' if i in numeric else ''}>{_cell(v)}</td>" for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        return f'<p class="swot-empty">{html.escape(empty)}</p>'
    head = "".join(
        f"<th{' class=num' if i in numeric else ''}>{html.escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    extra = f" {html.escape(css_class)}" if css_class else ""
    header = f"<tr>{head}</tr>" if any(headers) else ""  # a key-value table needs no header
    return f'{TABLE_CSS}<table class="swot-table{extra}">{header}{"".join(body)}</table>'


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "<br>".join(html.escape(str(v)) for v in value)
    return html.escape("" if value is None else str(value))


def text_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, empty: str = "") -> str:
    """The same table as :func:`html_table`, as aligned plain text."""
    cells = [[_plain(v) for v in row] for row in rows]
    if not cells:
        return empty
    table = [list(headers), *cells]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    return "\n".join(
        " | ".join(c.ljust(wd) for c, wd in zip(r, widths, strict=True)).rstrip() for r in table
    )


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


register(
    {
        "ui.problems.severity": {"pl": "Rodzaj", "en": "Kind"},
        "ui.problems.where": {"pl": "Miejsce", "en": "Where"},
        "ui.problems.column": {"pl": "Kolumna", "en": "Column"},
        "ui.problems.value": {"pl": "Wartość", "en": "Value"},
        "ui.problems.message": {"pl": "Co jest nie tak", "en": "What is wrong"},
        "ui.problems.hint": {"pl": "Co zrobić", "en": "What to do"},
        "ui.problems.error": {"pl": "błąd", "en": "error"},
        "ui.problems.warning": {"pl": "uwaga", "en": "warning"},
    }
)


def problems_table(problems: Sequence[Problem]) -> tuple[str, str]:
    """Problems of a checked file as an escaped HTML table and as text (``("", "")`` if none)."""
    keys = ("severity", "where", "column", "value", "message", "hint")
    headers = [t(f"ui.problems.{key}") for key in keys]
    rows = [
        [
            t("ui.problems.error" if p.severity == "error" else "ui.problems.warning"),
            p.row if p.row is not None else "",
            p.column or "",
            p.value,
            p.message,
            p.hint,
        ]
        for p in problems
    ]
    if not rows:
        return "", ""
    return html_table(headers, rows, css_class="swot-problems"), text_table(headers, rows)


def chosen_file(
    upload: w.FileUpload, typed: str, base_dir: Path, missing: str
) -> tuple[bytes | Path, str]:
    """The uploaded file (it wins) or the typed path (relative to ``base_dir``), and its name.

    Raises SwotError(``missing``) when neither was given.
    """
    if upload.value:
        item = upload.value[0]
        return bytes(item["content"]), str(item["name"])
    if not typed.strip():
        raise SwotError(missing)
    path = Path(typed.strip()).expanduser()
    path = path if path.is_absolute() else base_dir / path
    return path, path.name
