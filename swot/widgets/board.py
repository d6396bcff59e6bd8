"""The SWOT board: four quadrants of one institution, filled by a team on several laptops.

Every action is saved at once (and says so). An edit made on a stale copy is never written:
the board shows both versions and lets the person keep theirs or take the stored one. When
another participant changes the workspace, the board redraws itself within a few seconds
(a light poll of :meth:`Workspace.last_change`, no re-running of cells).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from swot.errors import ConflictError
from swot.i18n import register, t
from swot.model import Evidence, Factor, Finding, Institution, Quadrant
from swot.store import Workspace
from swot.widgets._common import LiveView, StatusLine, guarded
from swot.widgets._conflict import ConflictPanel

__all__ = ["SwotBoard"]

register(
    {
        "ui.board.title": {"pl": "Analiza SWOT: {name}", "en": "SWOT analysis: {name}"},
        "ui.board.add": {"pl": "Dodaj", "en": "Add"},
        "ui.board.text_placeholder": {
            "pl": "Wpisz czynnik, np. „Doświadczona kadra instruktorów”",
            "en": "Type a factor, e.g. 'Experienced instructors'",
        },
        "ui.board.category": {"pl": "Kategoria", "en": "Category"},
        "ui.board.importance": {"pl": "Ważność", "en": "Importance"},
        "ui.board.evidence": {"pl": "Dowód", "en": "Evidence"},
        "ui.board.no_evidence": {"pl": "(bez dowodu)", "en": "(no evidence)"},
        "ui.board.source_placeholder": {
            "pl": "…lub źródło, np. sprawozdanie 2018",
            "en": "…or a source, e.g. annual report 2018",
        },
        "ui.board.edit": {"pl": "Edytuj", "en": "Edit"},
        "ui.board.delete": {"pl": "Usuń", "en": "Delete"},
        "ui.board.up": {"pl": "Wyżej", "en": "Up"},
        "ui.board.down": {"pl": "Niżej", "en": "Down"},
        "ui.board.save": {"pl": "Zapisz zmiany", "en": "Save changes"},
        "ui.board.cancel": {"pl": "Anuluj", "en": "Cancel"},
        "ui.board.empty": {"pl": "Brak czynników.", "en": "No factors yet."},
        "ui.board.added": {"pl": "Zapisano: {text}", "en": "Saved: {text}"},
        "ui.board.deleted": {"pl": "Usunięto: {text}", "en": "Deleted: {text}"},
        "ui.board.conflict": {
            "pl": "Ktoś inny zmienił ten czynnik w międzyczasie. Twoja wersja: „{mine}”. "
            "Zapisana wersja: „{theirs}”. Nic nie zostało nadpisane.",
            "en": "Someone else changed this factor meanwhile. Yours: '{mine}'. Stored: "
            "'{theirs}'. Nothing was overwritten.",
        },
        "ui.board.conflict_short": {
            "pl": "Nie zapisano: ktoś inny zmienił ten czynnik. Porównaj wersje poniżej i wybierz.",
            "en": "Not saved: someone else changed this factor. Compare the versions below "
            "and choose.",
        },
        "ui.board.keep_mine": {"pl": "Zapisz moją wersję", "en": "Save my version"},
        "ui.board.keep_theirs": {"pl": "Zostaw zapisaną", "en": "Keep the stored one"},
        "ui.board.deleted_meanwhile": {
            "pl": "Ktoś inny usunął ten czynnik w międzyczasie — nic nie zapisano.",
            "en": "Someone else deleted this factor meanwhile: nothing was saved.",
        },
        "ui.board.refreshed": {
            "pl": "Tablica odświeżona (zmiany innych uczestników).",
            "en": "Board refreshed (other participants' changes).",
        },
    }
)

_COLOURS = {"S": "#1b7f3b", "W": "#b3261e", "O": "#2166ac", "T": "#a05195"}


def _close_tree(widget: w.Widget) -> None:
    """Close a widget and everything in it (a dropped row must not linger in the kernel and
    in every browser showing the board)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget):
            part.close()
    widget.close()


class _Quadrant(w.VBox):  # type: ignore[misc]
    """One quadrant: its factors (each with edit, move, delete) and a form to add one."""

    def __init__(self, board: SwotBoard, quadrant: Quadrant) -> None:
        self.board = board
        self.quadrant = quadrant
        self.editing: Factor | None = None
        letter = quadrant.value.lower()
        self.items = w.VBox()
        self.items.add_class(f"swot-items-{letter}")
        self._rows: dict[str, tuple[tuple[Any, ...], w.HBox]] = {}
        self._empty = w.HTML(f"<i>{html.escape(t('ui.board.empty'))}</i>")
        self.text = w.Textarea(
            placeholder=t("ui.board.text_placeholder"), layout=w.Layout(width="98%", height="56px")
        )
        self.text.add_class(f"swot-factor-text-{letter}")
        self.text.add_class("swot-factor-text")
        self.category = w.Dropdown(
            options=self._category_options(board.ws.categories),
            description=t("ui.board.category"),
            layout=w.Layout(width="98%"),
        )
        self.category.add_class("swot-factor-category")
        self.importance = w.Dropdown(
            options=[1, 2, 3, 4, 5],
            value=3,
            description=t("ui.board.importance"),
            layout=w.Layout(width="98%"),
        )
        self.importance.add_class("swot-factor-importance")
        self.finding = w.Dropdown(description=t("ui.board.evidence"), layout=w.Layout(width="98%"))
        self.finding.add_class("swot-factor-finding")
        self.source = w.Text(
            placeholder=t("ui.board.source_placeholder"), layout=w.Layout(width="98%")
        )
        self.source.add_class("swot-factor-source")
        self.add_button = w.Button(
            description=t("ui.board.add"),
            icon="plus",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.add_button.add_class(f"swot-add-{letter}")
        self.add_button.add_class("swot-factor-add")
        self.cancel_button = w.Button(
            description=t("ui.board.cancel"), layout=w.Layout(width="auto", display="none")
        )
        self.cancel_button.add_class("swot-factor-cancel")
        self.status = StatusLine()
        self.conflict = ConflictPanel(self.status, "ui.board")
        guard = guarded(self.status)
        self.add_button.on_click(guard(self._on_submit))
        self.cancel_button.on_click(guard(self._on_cancel))
        title = w.HTML(
            f'<h4 style="color:{_COLOURS[quadrant.value]};margin:4px 0">'
            f"{html.escape(quadrant.label)}</h4>"
        )
        super().__init__(
            children=[
                title,
                self.items,
                self.text,
                self.category,
                self.importance,
                self.finding,
                self.source,
                w.HBox([self.add_button, self.cancel_button]),
                self.status,
                self.conflict,
            ],
            layout=w.Layout(
                border=f"2px solid {_COLOURS[quadrant.value]}", padding="6px", width="100%"
            ),
        )
        self.add_class(f"swot-quadrant-{letter}")

    # --- drawing -----------------------------------------------------------------------------

    def draw(self, factors: list[Factor], findings: dict[str, Finding]) -> None:
        # Rows whose factor, place and evidence are unchanged are kept: a redraw sends only
        # what changed to the browsers (a full rebuild is ~17 widget models per factor).
        kept: dict[str, tuple[tuple[Any, ...], w.HBox]] = {}
        rows: list[w.Widget] = []
        for i, factor in enumerate(factors):
            evidence = self._evidence_texts(factor, findings)
            key = (factor, evidence)
            first, last = i == 0, i == len(factors) - 1
            cached = self._rows.get(factor.id)
            if cached is not None and cached[0] == key:
                row = cached[1]
                _body, _edit, up, down, _delete = row.children
                if (up.disabled, down.disabled) != (first, last):  # the row moved to an end
                    up.disabled, down.disabled = first, last
            else:
                row = self._row(factor, evidence, first, last)
            kept[factor.id] = (key, row)
            rows.append(row)
        for factor_id, (_key, row) in self._rows.items():
            if kept.get(factor_id, (None, None))[1] is not row:
                _close_tree(row)
        self._rows = kept
        if not rows:
            rows = [self._empty]
        if list(self.items.children) != rows:
            self.items.children = rows
        options = [(t("ui.board.no_evidence"), "")] + [
            (f.statement[:70], f.id) for f in findings.values()
        ]
        if list(self.finding.options) != options:
            current = self.finding.value
            self.finding.options = options
            self.finding.value = current if current in {v for _label, v in options} else ""
        self._offer_categories(self.category.value)

    def _category_options(self, categories: list[str], keep: str = "") -> list[tuple[str, str]]:
        """The workspace's list (the trainer may change it mid-session) plus ``keep``."""
        names = [*categories, *([keep] if keep and keep not in categories else [])]
        return [("—", ""), *[(c, c) for c in names]]

    def _offer_categories(self, keep: str) -> None:
        """Refresh the category list without losing the value shown (a factor being edited
        keeps a category that was renamed or removed meanwhile: never saved as empty)."""
        options = self._category_options(self.board.ws.categories, keep)
        if list(self.category.options) != options:
            self.category.options = options
            self.category.value = keep

    @staticmethod
    def _evidence_texts(factor: Factor, findings: dict[str, Finding]) -> tuple[str, ...]:
        return tuple(
            findings[e.finding_id].statement if e.finding_id in findings else e.source
            for e in factor.evidence
            if e.finding_id or e.source
        )

    def _row(self, factor: Factor, evidence: tuple[str, ...], first: bool, last: bool) -> w.HBox:
        meta = " · ".join(x for x in (factor.category, "★" * factor.importance) if x)
        proof = "".join(
            f"<div style='color:#555;font-size:12px'>↳ {html.escape(text[:120])}</div>"
            for text in evidence
        )
        body = w.HTML(
            f"<div class='swot-factor-body' style='line-height:1.35'>"
            f"<b>{html.escape(factor.text)}</b>"
            f"<div style='color:#666;font-size:12px'>{html.escape(meta)}</div>{proof}</div>",
            layout=w.Layout(width="100%"),
        )
        body.add_class("swot-factor")
        buttons = []
        for icon, key, action, disabled in (
            ("pencil", "edit", self._edit, False),
            ("arrow-up", "up", lambda f: self.board.move(f, -1, self.status), first),
            ("arrow-down", "down", lambda f: self.board.move(f, 1, self.status), last),
            ("trash", "delete", lambda f: self.board.delete(f, self.status), False),
        ):
            button = w.Button(
                icon=icon,
                tooltip=t(f"ui.board.{key}"),
                disabled=disabled,
                layout=w.Layout(width="34px", flex="0 0 auto"),
            )
            button.add_class(f"swot-factor-{key}")
            button.on_click(guarded(self.status)(lambda _b, f=factor, a=action: a(f)))
            buttons.append(button)
        row = w.HBox(
            [body, *buttons],
            layout=w.Layout(align_items="flex-start", border_bottom="1px solid #ddd"),
        )
        row.add_class("swot-factor-row")
        return row

    # --- actions -----------------------------------------------------------------------------

    def _evidence(self) -> tuple[Evidence, ...]:
        out = []
        if self.finding.value:
            out.append(Evidence(finding_id=self.finding.value))
        if self.source.value.strip():
            out.append(Evidence(source=self.source.value))
        return tuple(out)

    def _on_submit(self, _button: Any = None) -> None:
        saved: Factor | None
        if self.editing is None:
            saved = self.board.add(
                self.quadrant,
                self.text.value,
                self.category.value,
                self.importance.value,
                self._evidence(),
            )
        else:
            changed = self.editing.replace(
                text=self.text.value,
                category=self.category.value,
                importance=self.importance.value,
                evidence=self._evidence() or self.editing.evidence,
            )
            saved = self.board.save(changed, self)
        if saved is not None:
            self._reset_form()
            self.status.ok(t("ui.board.added", text=saved.text[:60]))

    def _edit(self, factor: Factor) -> None:
        self.editing = factor
        self.text.value = factor.text
        self._offer_categories(factor.category)
        self.category.value = factor.category
        self.importance.value = factor.importance
        self.add_button.description = t("ui.board.save")
        self.cancel_button.layout.display = ""

    def _on_cancel(self, _button: Any = None) -> None:
        self._reset_form()

    def _reset_form(self) -> None:
        self.editing = None
        self.text.value = ""
        self.source.value = ""
        self.finding.value = ""
        self.add_button.description = t("ui.board.add")
        self.cancel_button.layout.display = "none"
        self.conflict.hide()

    def show_conflict(self, mine: Factor, theirs: Factor | None) -> None:
        if theirs is None:
            self.status.error(t("ui.board.deleted_meanwhile"))
            self._reset_form()
            return
        self.conflict.show(
            t("ui.board.conflict", mine=mine.text, theirs=theirs.text),
            keep_mine=lambda: self._resolve(mine, theirs),
            keep_theirs=self._reset_form,
            status_text=t("ui.board.conflict_short"),  # the versions are in the box below
        )

    def _resolve(self, mine: Factor, theirs: Factor) -> None:
        """Put my fields on top of the stored version: an informed overwrite."""
        rebased = theirs.replace(
            text=mine.text,
            category=mine.category,
            importance=mine.importance,
            evidence=mine.evidence,
        )
        saved = self.board.save(rebased, self)
        if saved is not None:
            self._reset_form()
            self.status.ok(t("ui.board.added", text=saved.text[:60]))


class SwotBoard(LiveView):
    """The four quadrants of one institution's SWOT, live and safe for several writers.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose SWOT this is.
    author, team_id
        Recorded on every factor added here (who wrote it).
    poll_seconds
        How often to look for other participants' changes (``0`` turns live refresh off).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        *,
        author: str = "",
        team_id: str | None = None,
        poll_seconds: float = 2.0,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.author = author
        self.team_id = team_id
        self.quadrants = {q: _Quadrant(self, q) for q in Quadrant}
        grid = w.GridBox(
            list(self.quadrants.values()),
            layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="100%"),
        )
        self.status = StatusLine()
        title = w.HTML(f"<h3>{html.escape(t('ui.board.title', name=self.institution.name))}</h3>")
        super().__init__(children=[title, grid, self.status], **kwargs)
        self.add_class("swot-board")
        self.refresh()
        self._start_polling(poll_seconds, "swot-board-poll", "ui.board.refreshed")

    def __repr__(self) -> str:
        lines = [t("ui.board.title", name=self.institution.name)]
        for quadrant in Quadrant:
            lines.append(f"{quadrant.label}:")
            factors = self.ws.factors(self.institution.id, quadrant.value)
            lines += [f"  - {f.text} ({f.importance})" for f in factors] or [
                f"  {t('ui.board.empty')}"
            ]
        return "\n".join(lines)

    # --- live --------------------------------------------------------------------------------

    def _draw(self) -> None:
        factors = self.ws.factors(self.institution.id)
        findings = {
            f.id: f
            for f in self.ws.objects(Finding)
            if f.institution_id in (None, self.institution.id)
        }
        for quadrant, panel in self.quadrants.items():
            panel.draw([f for f in factors if f.quadrant is quadrant], findings)

    # --- writes (each one transaction; the board redraws after) -----------------------------

    def add(
        self,
        quadrant: Quadrant,
        text: str,
        category: str,
        importance: int,
        evidence: tuple[Evidence, ...],
    ) -> Factor:
        with self._lock:  # the live poll must not redraw between a write and its redraw
            position = len(self.ws.factors(self.institution.id, quadrant.value))
            factor = self.ws.add(
                Factor(
                    institution_id=self.institution.id,
                    quadrant=quadrant,
                    text=text,
                    category=category,
                    importance=importance,
                    author=self.author,
                    team_id=self.team_id,
                    evidence=evidence,
                    position=position,
                ),
                actor=self.author or None,
            )
            self.refresh()
            return factor

    def save(self, factor: Factor, panel: _Quadrant) -> Factor | None:
        with self._lock:
            try:
                saved = self.ws.update(factor, actor=self.author or None)
            except ConflictError as exc:
                panel.show_conflict(exc.mine, exc.theirs)
                self.refresh()
                return None
            self.refresh()
            return saved

    def move(self, factor: Factor, step: int, status: StatusLine) -> None:
        with self._lock:
            siblings = self.ws.factors(self.institution.id, factor.quadrant.value)
            index = next(i for i, f in enumerate(siblings) if f.id == factor.id)
            other = siblings[index + step]
            order = list(siblings)
            order[index], order[index + step] = other, siblings[index]
            updates = [f.replace(position=i) for i, f in enumerate(order) if f.position != i]
            self.ws.apply(updates=updates, actor=self.author or None)
            self.refresh()
        status.ok(t("ui.board.added", text=factor.text[:60]))

    def delete(self, factor: Factor, status: StatusLine) -> None:
        with self._lock:
            self.ws.delete(factor, actor=self.author or None)
            self.refresh()
        status.ok(t("ui.board.deleted", text=factor.text[:60]))
