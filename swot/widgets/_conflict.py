"""Where an edit stands: a save-state indicator and the choice after a stale edit.

A stale edit is never written: the store raises :class:`~swot.errors.ConflictError` with
``mine`` and ``theirs``. :class:`ConflictPanel` then shows both versions and two buttons,
"keep mine" (an informed overwrite) and "keep theirs" (the stored version); what each does is
the form's own business. :class:`SaveState` is the line beside a form's buttons that says
whether the last change is saved.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import ipywidgets as w

from swot.i18n import t
from swot.widgets._common import StatusLine, guarded

__all__ = ["STATES", "ConflictPanel", "SaveState"]

#: What :class:`SaveState` can say; each has a CSS class ``swot-save-state-{state}``.
STATES = ("saved", "editing", "unsaved", "failed", "conflict")


class ConflictPanel(w.VBox):  # type: ignore[misc]
    """The message of a stale edit and two buttons; hidden until :meth:`show`.

    Parameters
    ----------
    status
        The form's status line: it gets the message too, and any error of a button.
    texts
        The i18n prefix of the buttons' labels, ``{texts}.keep_mine`` and
        ``{texts}.keep_theirs`` (e.g. ``"ui.plan"``).

    Examples
    --------
    >>> from swot.widgets._common import StatusLine
    >>> panel = ConflictPanel(StatusLine(), "ui.plan")
    >>> panel.show("Yours: <b>A</b>", keep_mine=lambda: None, keep_theirs=panel.hide)
    >>> panel.children[0].value
    'Yours: &lt;b&gt;A&lt;/b&gt;'
    """

    def __init__(self, status: StatusLine, texts: str) -> None:
        super().__init__(layout=w.Layout(display="none"))
        self.add_class("swot-conflict")
        self._status = status
        self._texts = texts

    def show(
        self,
        message: str,
        *,
        keep_mine: Callable[[], None],
        keep_theirs: Callable[[], None],
        status_text: str | None = None,
    ) -> None:
        """Show ``message`` (escaped) with the two buttons; the status line says
        ``status_text`` (default: the message)."""
        mine = w.Button(
            description=t(f"{self._texts}.keep_mine"),
            button_style="warning",
            layout=w.Layout(width="auto"),
        )
        mine.add_class("swot-conflict-mine")
        theirs = w.Button(
            description=t(f"{self._texts}.keep_theirs"), layout=w.Layout(width="auto")
        )
        theirs.add_class("swot-conflict-theirs")
        guard = guarded(self._status)
        mine.on_click(guard(lambda _b: keep_mine()))
        theirs.on_click(guard(lambda _b: keep_theirs()))
        self.children = [w.HTML(html.escape(message)), w.HBox([mine, theirs])]
        self.layout.display = ""
        self._status.error(message if status_text is None else status_text)

    def hide(self) -> None:
        """Hide the panel and drop the message and buttons."""
        self.layout.display = "none"
        self.children = []


class SaveState(w.HTML):  # type: ignore[misc]
    """Whether a form's last change is saved, e.g. "✔ all changes saved"; empty until set.

    Parameters
    ----------
    texts
        The i18n prefix of the states' texts, ``{texts}.{state}`` (e.g. ``"ui.plan.state"``).
    """

    def __init__(self, texts: str) -> None:
        super().__init__()
        self.add_class("swot-save-state")
        self._texts = texts

    def set(self, state: str) -> None:
        """Say ``state`` (one of :data:`STATES`), with its CSS class."""
        self.value = f"<small>{html.escape(t(f'{self._texts}.{state}'))}</small>"
        for other in STATES:
            self.remove_class(f"swot-save-state-{other}")
        self.add_class(f"swot-save-state-{state}")

    def clear(self) -> None:
        """Say nothing (no edit in progress)."""
        self.value = ""

    @property
    def text(self) -> str:
        """What the indicator says, without markup."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.value))
