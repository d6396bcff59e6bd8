"""The development plan in the browser: horizon, goals, tasks, indicators and monitoring.

Three thin views over the workspace, each saving at once and saying so:

* :class:`HorizonForm`: the plan's horizon (first and last year), set once for the workspace
  (:func:`swot.plan.set_plan_horizon`);
* :class:`PlanEditor`: goals linked to TOWS strategies, tasks under a goal (responsible and
  cooperating entities offered from those already used, years read with
  :func:`swot.plan.parse_years`), indicators under a task with the parsed reading of their
  target; an object being edited saves itself at every change, and the plan checks
  (:func:`swot.plan.check_plan`) are listed below and kept up to date;
* :class:`MonitoringForm`: measurements per indicator and period, and the yearly status table
  (:func:`swot.plan.monitoring_table`).

A stale edit is never written: the view shows both versions and lets the person choose, as
:class:`~swot.widgets.board.SwotBoard` does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import ipywidgets as w

from swot.errors import ConflictError, SwotError, ValidationError
from swot.i18n import get_language, register, t
from swot.model import (
    MAX_YEAR,
    MIN_YEAR,
    Goal,
    Indicator,
    Institution,
    Measurement,
    Model,
    Strategy,
    Task,
)
from swot.plan import (
    PlanIssue,
    Severity,
    Target,
    check_plan,
    describe_target,
    known_entities,
    monitoring_table,
    parse_target,
    parse_years,
    plan_horizon,
    set_plan_horizon,
    task_label,
)
from swot.store import Workspace
from swot.widgets._common import (
    FullTextRepr,
    LiveView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)
from swot.widgets._conflict import ConflictPanel, SaveState

__all__ = ["HorizonForm", "MonitoringForm", "PlanEditor"]

register(
    {
        # --- horizon --------------------------------------------------------------------------
        "ui.horizon.title": {"pl": "Okres planu", "en": "Plan period"},
        "ui.horizon.years": {"pl": "Lata", "en": "Years"},
        "ui.horizon.placeholder": {"pl": "np. 2019-2021", "en": "e.g. 2019-2021"},
        "ui.horizon.save": {"pl": "Zapisz okres planu", "en": "Save the plan period"},
        "ui.horizon.current": {
            "pl": "Okres planu: {start}-{end}",
            "en": "Plan period: {start}-{end}",
        },
        "ui.horizon.unset": {
            "pl": "Okres planu: nie ustalono (wpisz np. 2019-2021 i zapisz).",
            "en": "Plan period: not set (enter e.g. 2019-2021 and save).",
        },
        "ui.horizon.saved": {
            "pl": "Zapisano okres planu: {start}-{end}",
            "en": "Plan period saved: {start}-{end}",
        },
        # --- plan editor ----------------------------------------------------------------------
        "ui.plan.title": {"pl": "Plan rozwoju: {name}", "en": "Development plan: {name}"},
        "ui.plan.joint": {
            "pl": "plan współpracy instytucji",
            "en": "the institutions' cooperation plan",
        },
        "ui.plan.goals": {"pl": "Cele strategiczne", "en": "Strategic goals"},
        "ui.plan.tasks": {"pl": "Zadania celu", "en": "Tasks of the goal"},
        "ui.plan.indicators": {"pl": "Wskaźniki zadania", "en": "Indicators of the task"},
        "ui.plan.number": {"pl": "Numer", "en": "Number"},
        "ui.plan.goal_title": {
            "pl": "Wpisz cel, np. „Modernizacja sali widowiskowej”",
            "en": "Type a goal, e.g. 'Modernise the theatre hall'",
        },
        "ui.plan.task_title": {
            "pl": "Wpisz zadanie, np. „Wymiana nagłośnienia sali”",
            "en": "Type a task, e.g. 'Replace the hall's sound system'",
        },
        "ui.plan.strategies": {
            "pl": "Strategie TOWS, które realizuje (Ctrl/Cmd + klik: kilka):",
            "en": "TOWS strategies it carries out (Ctrl/Cmd + click: several):",
        },
        "ui.plan.goal": {"pl": "Cel", "en": "Goal"},
        "ui.plan.task": {"pl": "Zadanie", "en": "Task"},
        "ui.plan.pick_goal": {
            "pl": "Najpierw dodaj cel albo wybierz go z listy.",
            "en": "Add a goal first or pick one from the list.",
        },
        "ui.plan.pick_task": {
            "pl": "Najpierw dodaj zadanie albo wybierz je z listy.",
            "en": "Add a task first or pick one from the list.",
        },
        "ui.plan.responsible": {"pl": "Odpowiada", "en": "Responsible"},
        "ui.plan.responsible_placeholder": {
            "pl": "np. Miejski Ośrodek Kultury",
            "en": "e.g. the municipal culture centre",
        },
        "ui.plan.cooperating": {"pl": "Współpracują", "en": "Cooperating"},
        "ui.plan.cooperating_add": {
            "pl": "dodaj podmiot współpracujący (lista podpowiada znane)",
            "en": "add a cooperating entity (known ones are suggested)",
        },
        "ui.plan.cooperating_none": {
            "pl": "brak — dodaj w polu poniżej",
            "en": "none: add them in the box below",
        },
        "ui.plan.years": {"pl": "Lata", "en": "Years"},
        "ui.plan.years_placeholder": {"pl": "np. 2019-2021", "en": "e.g. 2019-2021"},
        "ui.plan.name": {
            "pl": "Nazwa wskaźnika, np. „Liczba zorganizowanych koncertów”",
            "en": "Indicator name, e.g. 'Number of concerts held'",
        },
        "ui.plan.unit": {"pl": "Jednostka", "en": "Unit"},
        "ui.plan.baseline": {"pl": "Wartość bazowa", "en": "Baseline"},
        "ui.plan.target": {"pl": "Wartość docelowa", "en": "Target"},
        "ui.plan.target_placeholder": {
            "pl": "np. min. 10 rocznie; 1 do 2021 r.",
            "en": "e.g. min. 10 rocznie; 1 do 2021 r.",
        },
        "ui.plan.reading": {"pl": "✓ {reading}", "en": "✓ {reading}"},
        "ui.plan.reading_note": {"pl": "✓ {reading} — ⚠ {note}", "en": "✓ {reading}: ⚠ {note}"},
        "ui.plan.unparsed": {
            "pl": "⚠ nie rozumiem — zostanie zapisane dosłownie. {note}",
            "en": "⚠ not understood: it will be saved verbatim. {note}",
        },
        "ui.plan.add_goal": {"pl": "Dodaj cel", "en": "Add goal"},
        "ui.plan.add_task": {"pl": "Dodaj zadanie", "en": "Add task"},
        "ui.plan.add_indicator": {"pl": "Dodaj wskaźnik", "en": "Add indicator"},
        "ui.plan.save": {"pl": "Zapisz teraz", "en": "Save now"},
        "ui.plan.done": {"pl": "Zakończ edycję", "en": "Finish editing"},
        "ui.plan.edit": {"pl": "Edytuj", "en": "Edit"},
        "ui.plan.delete": {"pl": "Usuń", "en": "Delete"},
        "ui.plan.no_goals": {"pl": "Brak celów.", "en": "No goals yet."},
        "ui.plan.no_tasks": {"pl": "Brak zadań.", "en": "No tasks yet."},
        "ui.plan.no_indicators": {"pl": "Brak wskaźników.", "en": "No indicators yet."},
        "ui.plan.no_strategies": {"pl": "bez strategii TOWS", "en": "no TOWS strategy"},
        "ui.plan.with_strategies": {"pl": "realizuje: {items}", "en": "carries out: {items}"},
        "ui.plan.task_line": {
            "pl": "odpowiada: {responsible}; współpracują: {cooperating}; lata: {years}",
            "en": "responsible: {responsible}; cooperating: {cooperating}; years: {years}",
        },
        "ui.plan.none": {"pl": "—", "en": "-"},
        "ui.plan.saved": {"pl": "Zapisano: {text}", "en": "Saved: {text}"},
        "ui.plan.deleted": {"pl": "Usunięto: {text}", "en": "Deleted: {text}"},
        "ui.plan.has_children": {
            "pl": "Nie usunięto „{text}”: najpierw usuń to, co jest pod spodem ({count}).",
            "en": "'{text}' was not deleted: delete what is under it first ({count}).",
        },
        "ui.plan.state.saved": {"pl": "✔ wszystkie zmiany zapisane", "en": "✔ all changes saved"},
        "ui.plan.state.editing": {
            "pl": "edycja — każda zmiana zapisuje się sama",
            "en": "editing: every change saves itself",
        },
        "ui.plan.state.unsaved": {
            "pl": "● niezapisane — kliknij „Dodaj”",
            "en": "● not saved: click 'Add'",
        },
        "ui.plan.state.failed": {
            "pl": "✖ ostatnia zmiana NIE jest zapisana",
            "en": "✖ the last change is NOT saved",
        },
        "ui.plan.state.conflict": {
            "pl": "✖ konflikt — wybierz wersję poniżej",
            "en": "✖ conflict: choose a version below",
        },
        "ui.plan.conflict": {
            "pl": "Ktoś inny zmienił ten element w międzyczasie. Twoja wersja: „{mine}”. "
            "Zapisana wersja: „{theirs}”. Nic nie zostało nadpisane.",
            "en": "Someone else changed this item meanwhile. Yours: '{mine}'. Stored: "
            "'{theirs}'. Nothing was overwritten.",
        },
        "ui.plan.keep_mine": {"pl": "Zapisz moją wersję", "en": "Save my version"},
        "ui.plan.keep_theirs": {"pl": "Weź zapisaną", "en": "Take the stored one"},
        "ui.plan.deleted_meanwhile": {
            "pl": "Ktoś inny usunął ten element w międzyczasie — nic nie zapisano.",
            "en": "Someone else deleted this item meanwhile: nothing was saved.",
        },
        "ui.plan.checks": {"pl": "Sprawdzenie planu", "en": "Plan check"},
        "ui.plan.checks_ok": {
            "pl": "Plan jest kompletny: nie znaleziono braków.",
            "en": "The plan is complete: nothing is missing.",
        },
        "ui.plan.issue": {
            "pl": "[{severity}] {message} {hint}",
            "en": "[{severity}] {message} {hint}",
        },
        "ui.plan.refreshed": {
            "pl": "Plan odświeżony (zmiany innych uczestników).",
            "en": "Plan refreshed (other participants' changes).",
        },
        # --- monitoring -----------------------------------------------------------------------
        "ui.monitor.title": {"pl": "Monitorowanie: {name}", "en": "Monitoring: {name}"},
        "ui.monitor.indicator": {"pl": "Wskaźnik", "en": "Indicator"},
        "ui.monitor.no_indicators": {
            "pl": "(plan nie ma jeszcze wskaźników)",
            "en": "(the plan has no indicators yet)",
        },
        "ui.monitor.year": {"pl": "Rok", "en": "Year"},
        "ui.monitor.part": {"pl": "Okres", "en": "Period"},
        "ui.monitor.whole_year": {"pl": "cały rok", "en": "whole year"},
        "ui.monitor.quarter": {"pl": "{n}. kwartał", "en": "quarter {n}"},
        "ui.monitor.value": {"pl": "Wartość", "en": "Value"},
        "ui.monitor.note": {"pl": "Uwagi (np. źródło danych)", "en": "Note (e.g. data source)"},
        "ui.monitor.save": {"pl": "Zapisz pomiar", "en": "Save measurement"},
        "ui.monitor.saved": {
            "pl": "Zapisano pomiar: {indicator}, {period}: {value}",
            "en": "Measurement saved: {indicator}, {period}: {value}",
        },
        "ui.monitor.deleted": {
            "pl": "Usunięto pomiar: {period}: {value}",
            "en": "Measurement deleted: {period}: {value}",
        },
        "ui.monitor.pick": {
            "pl": "Wybierz wskaźnik, którego dotyczy pomiar.",
            "en": "Pick the indicator the measurement is for.",
        },
        "ui.monitor.measurements": {
            "pl": "Pomiary wskaźnika: {name}",
            "en": "Measurements of: {name}",
        },
        "ui.monitor.no_measurements": {"pl": "Brak pomiarów.", "en": "No measurements yet."},
        "ui.monitor.needs_horizon": {
            "pl": "Tabela statusów potrzebuje okresu planu — ustaw go w formularzu „Okres planu”.",
            "en": "The status table needs the plan period: set it in the 'Plan period' form.",
        },
        "ui.monitor.table": {
            "pl": "Stan realizacji wskaźników (rok bieżący: {year})",
            "en": "Indicator status (current year: {year})",
        },
        "ui.monitor.col.task": {"pl": "Zadanie", "en": "Task"},
        "ui.monitor.col.indicator": {"pl": "Wskaźnik", "en": "Indicator"},
        "ui.monitor.col.target": {"pl": "Wartość docelowa", "en": "Target"},
        "ui.monitor.col.status": {"pl": "Status", "en": "Status"},
        "ui.monitor.col.reason": {"pl": "Dlaczego", "en": "Why"},
        "ui.monitor.cell": {"pl": "{actual} / {expected}", "en": "{actual} / {expected}"},
        "ui.monitor.legend": {
            "pl": "W kolumnach lat: osiągnięto / oczekiwano (– brak danych lub nic nie przypada).",
            "en": "Year columns: reached / expected (- no data or nothing due).",
        },
        "ui.monitor.conflict": {
            "pl": "Ktoś inny zmienił ten pomiar w międzyczasie (teraz: {theirs}). Twoja wartość: "
            "{mine}. Nic nie zostało nadpisane — wpisz ją ponownie, jeśli jest właściwa.",
            "en": "Someone else changed this measurement meanwhile (now: {theirs}). Yours: "
            "{mine}. Nothing was overwritten: enter it again if it is right.",
        },
    }
)

# One label width for every described field of the editor, wide enough for "Wartość docelowa"
# (the ipywidgets default of 80px cuts it to "Wartość d…") and the same in every section, so
# the fields line up under each other.
_LABEL_WIDTH = "130px"
_LABELLED = {"description_width": _LABEL_WIDTH}
# Icon buttons at the end of a row whose text is 100% wide: without flex "0 0 auto" the row
# squeezes them below their width and the pencil shows as "✎…".
_ICON_BUTTON = {"width": "34px", "flex": "0 0 auto"}
_STATUS_COLOURS = {
    "achieved": "#1b7f3b",
    "on_track": "#2166ac",
    "at_risk": "#b3261e",
    "not_started": "#666666",
    "not_checkable": "#a05195",
}


# "480 / 600" in a year column must not break after the slash.
_MONITOR_CSS = "<style>.swot-monitor-status td.num { white-space: nowrap; }</style>"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if get_language() == "pl" else text


def parse_number(field: str, text: str) -> float | None:
    """A number as people type it (``12``, ``12,5``, ``1 500``); empty gives ``None``."""
    cleaned = re.sub(r"[\s\u00a0]", "", text or "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValidationError(field, t("expect.number"), text, t("hint.number")) from None


def _field_label(text: str) -> w.HTML:
    """A label for a field without its own description, placed and sized like one."""
    return w.HTML(
        f"<div style='text-align:right;padding-right:8px;line-height:28px'>"
        f"{html.escape(text)}</div>",
        layout=w.Layout(width=_LABEL_WIDTH, flex="0 0 auto"),
    )


def _numbered_fields(key: str) -> tuple[w.BoundedIntText, w.Textarea, w.SelectMultiple]:
    """The number, title and TOWS strategies of a goal or a task (``key``), alike in both."""
    number = w.BoundedIntText(
        value=1,
        min=1,
        max=999,
        description=t("ui.plan.number"),
        style=_LABELLED,
        layout=w.Layout(width="230px"),
    )
    number.add_class(f"swot-plan-{key}-number")
    title = w.Textarea(
        placeholder=t(f"ui.plan.{key}_title"),
        continuous_update=False,
        layout=w.Layout(width="98%", height="48px"),
    )
    title.add_class(f"swot-plan-{key}-title")
    strategies = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="98%"))
    strategies.add_class(f"swot-plan-{key}-strategies")
    return number, title, strategies


def _strategy_label(strategy: Strategy) -> str:
    return f"[{strategy.kind.value}] {_short(strategy.text, 80)}"


def target_reading(target: Target) -> str:
    """What the editor shows beside a target: its reading, or why it was not understood."""
    if not target.text.strip():
        return ""
    reading = describe_target(target)
    if not reading:
        return t("ui.plan.unparsed", note=target.note).strip()
    if target.note:
        return t("ui.plan.reading_note", reading=reading, note=target.note)
    return t("ui.plan.reading", reading=reading)


# --- one editable list: goals, tasks or indicators ------------------------------------------


class _Section(w.VBox):  # type: ignore[misc]
    """A list of objects with edit and delete buttons, and a form that adds one or edits one
    as you type. Subclasses say which objects, how they read, and how the form maps to them."""

    key = ""

    def __init__(self, editor: PlanEditor, heading: str, form: Sequence[w.Widget]) -> None:
        self.editor = editor
        self.editing: Model | None = None
        self.in_conflict = False
        self._quiet = False
        self.items = w.VBox()
        self.items.add_class(f"swot-plan-{self.key}-items")
        self.add_button = w.Button(
            description=t(f"ui.plan.add_{self.key}"),
            icon="plus",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.add_button.add_class(f"swot-plan-{self.key}-add")
        self.done_button = w.Button(
            description=t("ui.plan.done"), layout=w.Layout(width="auto", display="none")
        )
        self.done_button.add_class(f"swot-plan-{self.key}-done")
        self.state = SaveState("ui.plan.state")
        self.status = StatusLine()
        self.conflict = ConflictPanel(self.status, "ui.plan")
        guard = guarded(self.status)
        self.add_button.on_click(guard(self._on_submit))
        self.done_button.on_click(guard(lambda _b: self.reset_form()))
        super().__init__(
            children=[
                w.HTML(f"<h4 style='margin:6px 0'>{html.escape(heading)}</h4>"),
                self.items,
                *form,
                w.HBox([self.add_button, self.done_button, self.state]),
                self.status,
                self.conflict,
            ],
            layout=w.Layout(border="1px solid #d9dee8", padding="6px", width="100%"),
        )
        self.add_class(f"swot-plan-{self.key}s")

    def watch(self, *fields: w.Widget) -> None:
        guard = guarded(self.status)
        for field in fields:
            field.observe(guard(self._on_change), names="value")

    # --- hooks ---------------------------------------------------------------------------------

    def objects(self) -> list[Model]:
        raise NotImplementedError

    def body(self, obj: Any) -> tuple[str, str]:
        """The row as (HTML, plain text)."""
        raise NotImplementedError

    def summary(self, obj: Any) -> str:
        raise NotImplementedError

    def load(self, obj: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def build(self, base: Any) -> Model:
        """The object the form describes (a new one when ``base`` is None); may raise."""
        raise NotImplementedError

    def filled(self) -> bool:
        raise NotImplementedError

    def children_of(self, obj: Any) -> int:
        return 0

    # --- drawing -------------------------------------------------------------------------------

    def draw(self) -> None:
        rows = [self._row(obj) for obj in self.objects()]
        empty = t(f"ui.plan.no_{self.key}s")
        self.items.children = rows or [w.HTML(f"<i>{html.escape(empty)}</i>")]

    def _row(self, obj: Model) -> w.HBox:
        body_html, _plain = self.body(obj)
        body = w.HTML(body_html, layout=w.Layout(width="100%"))
        body.add_class(f"swot-plan-{self.key}")
        buttons = []
        for icon, name, action in (("pencil", "edit", self.edit), ("trash", "delete", self.delete)):
            button = w.Button(
                icon=icon, tooltip=t(f"ui.plan.{name}"), layout=w.Layout(**_ICON_BUTTON)
            )
            button.add_class(f"swot-plan-{self.key}-{name}")
            button.on_click(guarded(self.status)(lambda _b, o=obj, a=action: a(o)))
            buttons.append(button)
        row = w.HBox(
            [body, *buttons],
            layout=w.Layout(align_items="flex-start", border_bottom="1px solid #ddd"),
        )
        row.add_class(f"swot-plan-{self.key}-row")
        return row

    @property
    def state_text(self) -> str:
        return self.state.text

    # --- actions -------------------------------------------------------------------------------

    def edit(self, obj: Model) -> None:
        """Load an object into the form; from now on every change saves itself."""
        self._load(obj)
        self.add_button.description = t("ui.plan.save")
        self.done_button.layout.display = ""
        self.state.set("editing")

    def _load(self, obj: Model) -> None:
        self.editing = obj
        self.in_conflict = False
        self._quiet = True
        try:
            self.load(obj)
        finally:
            self._quiet = False

    def _on_change(self, _change: Any = None) -> None:
        if self._quiet:
            return
        if self.editing is None:
            self.state.set("unsaved" if self.filled() else "saved")
            return
        if self.in_conflict:
            return  # wait for the person to choose a version
        self._save_edit()

    def _save_edit(self) -> None:
        assert self.editing is not None
        self.state.set("failed")  # until the write below says otherwise
        saved = self.editor.save(self.build(self.editing), self)
        if saved is not None:
            self.editing = saved
            self.state.set("saved")
            self.status.ok(t("ui.plan.saved", text=_short(self.summary(saved))))

    def _on_submit(self, _button: Any = None) -> None:
        if self.editing is not None:
            self._save_edit()
            return
        self.state.set("failed")
        saved = self.editor.add(self.build(None))
        self.reset_form()
        self.state.set("saved")
        self.after_add(saved)
        self.status.ok(t("ui.plan.saved", text=_short(self.summary(saved))))

    def after_add(self, obj: Model) -> None:
        """Hook: e.g. pick a new goal for the task list."""

    def delete(self, obj: Model) -> None:
        count = self.children_of(obj)
        if count:
            self.status.error(t("ui.plan.has_children", text=self.summary(obj), count=count))
            return
        deleted = self.editor.delete(obj, self)
        if deleted and self.editing is not None and self.editing.id == obj.id:
            self.reset_form()

    def reset_form(self) -> None:
        self.editing = None
        self.in_conflict = False
        self._quiet = True
        try:
            self.clear()
        finally:
            self._quiet = False
        self.add_button.description = t(f"ui.plan.add_{self.key}")
        self.done_button.layout.display = "none"
        self._hide_conflict()
        self.state.clear()

    def show_conflict(self, mine: Model, theirs: Model | None) -> None:
        if theirs is None:
            self.reset_form()
            self.status.error(t("ui.plan.deleted_meanwhile"))
            return
        self.in_conflict = True
        self.state.set("conflict")
        self.conflict.show(
            t("ui.plan.conflict", mine=self.summary(mine), theirs=self.summary(theirs)),
            keep_mine=lambda: self._resolve(mine, theirs),
            keep_theirs=lambda: self._take(theirs),
        )

    def _hide_conflict(self) -> None:
        self.in_conflict = False
        self.conflict.hide()

    def _resolve(self, mine: Model, theirs: Model) -> None:
        """Put my fields on top of the stored version: an informed overwrite."""
        self._hide_conflict()
        self.editing = mine.replace(version=theirs.version)
        self._save_edit()

    def _take(self, theirs: Model) -> None:
        self._hide_conflict()
        self.edit(theirs)
        self.status.ok(t("ui.plan.saved", text=_short(self.summary(theirs))))


class _Goals(_Section):
    key = "goal"

    def __init__(self, editor: PlanEditor) -> None:
        self.number, self.title, self.strategies = _numbered_fields("goal")
        form = [
            self.number,
            self.title,
            w.HTML(f"<small>{html.escape(t('ui.plan.strategies'))}</small>"),
            self.strategies,
        ]
        super().__init__(editor, t("ui.plan.goals"), form)
        self.watch(self.number, self.title, self.strategies)

    def objects(self) -> list[Model]:
        return list(self.editor.goals())

    def body(self, goal: Goal) -> tuple[str, str]:
        names = [self.editor.strategy_label(i) for i in goal.strategy_ids]
        linked = t("ui.plan.with_strategies", items="; ".join(names)) if names else ""
        plain = f"{goal.number}. {goal.title}" + (f" ({linked})" if linked else "")
        extra = linked or t("ui.plan.no_strategies")
        return (
            f"<b>{goal.number}. {html.escape(goal.title)}</b>"
            f"<div style='color:#555;font-size:12px'>↳ {html.escape(extra)}</div>",
            plain,
        )

    def summary(self, goal: Goal) -> str:
        return f"{goal.number}. {goal.title}"

    def load(self, goal: Goal) -> None:
        self.number.value = goal.number
        self.title.value = goal.title
        known = {value for _label, value in self.strategies.options}
        self.strategies.value = tuple(i for i in goal.strategy_ids if i in known)

    def clear(self) -> None:
        self.number.value = self.editor.next_goal_number()
        self.title.value = ""
        self.strategies.value = ()

    def filled(self) -> bool:
        return bool(self.title.value.strip())

    def build(self, base: Goal | None) -> Model:
        fields = {
            "number": self.number.value,
            "title": self.title.value,
            "strategy_ids": tuple(self.strategies.value),
        }
        if base is None:
            return Goal(institution_id=self.editor.institution_id, **fields)
        return base.replace(**fields)

    def children_of(self, goal: Goal) -> int:
        return len(self.editor.ws.objects(Task, parent=goal.id))

    def after_add(self, goal: Model) -> None:
        self.editor.goal_picker.value = goal.id


class _Tasks(_Section):
    key = "task"

    def __init__(self, editor: PlanEditor) -> None:
        self.number, self.title, self.strategies = _numbered_fields("task")
        self.responsible = w.Combobox(
            options=[],
            placeholder=t("ui.plan.responsible_placeholder"),
            description=t("ui.plan.responsible"),
            style=_LABELLED,
            ensure_option=False,
            continuous_update=False,
            layout=w.Layout(width="98%"),
        )
        self.responsible.add_class("swot-plan-task-responsible")
        self.cooperating = w.TagsInput(
            value=[],
            allowed_tags=[],
            allow_duplicates=False,
            placeholder=t("ui.plan.cooperating_none"),
            layout=w.Layout(flex="1 1 auto"),
        )
        self.cooperating.add_class("swot-plan-task-cooperating")
        self.cooperating_pick = w.Combobox(
            options=[],
            placeholder=t("ui.plan.cooperating_add"),
            ensure_option=False,
            continuous_update=False,
            layout=w.Layout(width="auto", margin=f"2px 2% 2px calc({_LABEL_WIDTH} + 6px)"),
        )
        self.cooperating_pick.add_class("swot-plan-task-cooperating-add")
        self.years = w.Text(
            placeholder=t("ui.plan.years_placeholder"),
            description=t("ui.plan.years"),
            style=_LABELLED,
            continuous_update=False,
            layout=w.Layout(width="290px", flex="0 0 auto"),
        )
        self.years.add_class("swot-plan-task-years")
        self.years_error = w.HTML()
        self.years_error.add_class("swot-plan-task-years-error")
        form = [
            editor.goal_picker,
            self.number,
            self.title,
            self.responsible,
            w.HBox([_field_label(t("ui.plan.cooperating")), self.cooperating]),
            self.cooperating_pick,
            w.HBox([self.years, self.years_error]),
            w.HTML(f"<small>{html.escape(t('ui.plan.strategies'))}</small>"),
            self.strategies,
        ]
        super().__init__(editor, t("ui.plan.tasks"), form)
        guard = guarded(self.status)
        self.years.observe(guard(self._on_years), names="value")
        self.cooperating_pick.observe(guard(self._on_pick), names="value")
        self.watch(self.number, self.title, self.responsible, self.cooperating, self.years)
        self.watch(self.strategies)

    def _on_years(self, _change: Any = None) -> None:
        self.years_error.value = ""
        if self.years.value.strip():
            try:
                parse_years(self.years.value)
            except ValidationError as exc:
                self.years_error.value = (
                    f"<span style='color:#b3261e'>✖ {html.escape(str(exc))}</span>"
                )

    def _on_pick(self, _change: Any = None) -> None:
        name = " ".join(self.cooperating_pick.value.split())
        if not name:
            return
        if name not in self.cooperating.value:
            self.cooperating.value = [*self.cooperating.value, name]
        self.cooperating_pick.value = ""

    def objects(self) -> list[Model]:
        goal = self.editor.picked_goal()
        return list(self.editor.tasks(goal)) if goal is not None else []

    def body(self, task: Task) -> tuple[str, str]:
        goal = self.editor.ws.get(Goal, task.goal_id)
        none = t("ui.plan.none")
        line = t(
            "ui.plan.task_line",
            responsible=task.responsible or none,
            cooperating=", ".join(task.cooperating) or none,
            years=task.years or none,
        )
        names = [self.editor.strategy_label(i) for i in task.strategy_ids]
        linked = t("ui.plan.with_strategies", items="; ".join(names)) if names else ""
        label = f"{task_label(goal, task)}. {task.title}"
        proof = (
            f"<div style='color:#555;font-size:12px'>↳ {html.escape(linked)}</div>"
            if linked
            else ""
        )
        return (
            f"<b>{html.escape(label)}</b>"
            f"<div style='color:#555;font-size:12px'>{html.escape(line)}</div>{proof}",
            f"{label} — {line}" + (f"; {linked}" if linked else ""),
        )

    def summary(self, task: Task) -> str:
        return f"{task.number}. {task.title}; {task.responsible}; {task.years}".rstrip("; ")

    def load(self, task: Task) -> None:
        self.number.value = task.number
        self.title.value = task.title
        self.responsible.value = task.responsible
        self.cooperating.value = list(task.cooperating)
        self.years.value = task.years
        known = {value for _label, value in self.strategies.options}
        self.strategies.value = tuple(i for i in task.strategy_ids if i in known)

    def clear(self) -> None:
        self.number.value = self.editor.next_task_number()
        self.title.value = ""
        self.responsible.value = ""
        self.cooperating.value = []
        self.cooperating_pick.value = ""
        self.years.value = ""
        self.years_error.value = ""
        self.strategies.value = ()

    def filled(self) -> bool:
        return bool(self.title.value.strip())

    def build(self, base: Task | None) -> Model:
        start: int | None = None
        end: int | None = None
        if self.years.value.strip():
            start, end = parse_years(self.years.value)
        fields = {
            "number": self.number.value,
            "title": self.title.value,
            "responsible": " ".join(self.responsible.value.split()),
            "cooperating": tuple(self.cooperating.value),
            "start_year": start,
            "end_year": end,
            "strategy_ids": tuple(self.strategies.value),
        }
        if base is None:
            goal = self.editor.picked_goal()
            if goal is None:
                raise SwotError(t("ui.plan.pick_goal"))
            return Task(goal_id=goal.id, **fields)
        return base.replace(**fields)

    def children_of(self, task: Task) -> int:
        return len(self.editor.ws.objects(Indicator, parent=task.id))

    def after_add(self, task: Model) -> None:
        self.editor.task_picker.value = task.id


class _Indicators(_Section):
    key = "indicator"

    def __init__(self, editor: PlanEditor) -> None:
        self.name = w.Textarea(
            placeholder=t("ui.plan.name"),
            continuous_update=False,
            layout=w.Layout(width="98%", height="40px"),
        )
        self.name.add_class("swot-plan-indicator-name")
        self.unit = w.Text(
            description=t("ui.plan.unit"),
            style=_LABELLED,
            continuous_update=False,
            layout=w.Layout(width="290px", flex="0 0 auto"),
        )
        self.unit.add_class("swot-plan-indicator-unit")
        self.baseline = w.Text(
            description=t("ui.plan.baseline"),
            style=_LABELLED,
            continuous_update=False,
            layout=w.Layout(width="290px", flex="0 0 auto"),
        )
        self.baseline.add_class("swot-plan-indicator-baseline")
        self.baseline_error = w.HTML()
        self.baseline_error.add_class("swot-plan-indicator-baseline-error")
        self.target = w.Text(
            placeholder=t("ui.plan.target_placeholder"),
            description=t("ui.plan.target"),
            style=_LABELLED,
            continuous_update=False,
            layout=w.Layout(width="98%"),
        )
        self.target.add_class("swot-plan-indicator-target")
        self.reading = w.HTML()
        self.reading.add_class("swot-plan-indicator-reading")
        form = [
            editor.task_picker,
            self.name,
            w.HBox([self.unit, self.baseline, self.baseline_error]),
            self.target,
            self.reading,
        ]
        super().__init__(editor, t("ui.plan.indicators"), form)
        guard = guarded(self.status)
        self.target.observe(guard(self._on_target), names="value")
        self.name.observe(guard(self._on_target), names="value")
        self.baseline.observe(guard(self._on_baseline), names="value")
        self.watch(self.name, self.unit, self.baseline, self.target)

    def _task(self) -> Task | None:
        if isinstance(self.editing, Indicator):
            return self.editor.ws.find(Task, self.editing.task_id)
        return self.editor.picked_task()

    def _on_target(self, _change: Any = None) -> None:
        task = self._task()
        target = parse_target(
            self.target.value,
            horizon=self.editor.task_horizon(task),
            context=self.name.value,
        )
        reading = target_reading(target)
        flagged = target.flagged
        colour = "#b3261e" if flagged else "#1b7f3b"
        self.reading.value = (
            f"<span style='color:{colour}'>{html.escape(reading)}</span>" if reading else ""
        )
        self.reading.remove_class("swot-plan-reading-ok")
        self.reading.remove_class("swot-plan-reading-flagged")
        if reading:
            self.reading.add_class(
                "swot-plan-reading-flagged" if flagged else "swot-plan-reading-ok"
            )

    @property
    def reading_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self.reading.value))

    def _on_baseline(self, _change: Any = None) -> None:
        self.baseline_error.value = ""
        try:
            parse_number("baseline", self.baseline.value)
        except ValidationError as exc:
            self.baseline_error.value = (
                f"<span style='color:#b3261e'>✖ {html.escape(str(exc))}</span>"
            )

    def objects(self) -> list[Model]:
        task = self.editor.picked_task()
        return list(self.editor.ws.objects(Indicator, parent=task.id)) if task else []

    def body(self, indicator: Indicator) -> tuple[str, str]:
        task = self.editor.ws.find(Task, indicator.task_id)
        target = parse_target(
            indicator.target_text,
            horizon=self.editor.task_horizon(task),
            context=indicator.name,
        )
        reading = target_reading(target)
        extra = [indicator.unit, _number_text(indicator.baseline)]
        meta = " · ".join(
            x
            for x in (
                f"{t('ui.plan.unit')}: {extra[0]}" if extra[0] else "",
                f"{t('ui.plan.baseline')}: {extra[1]}" if extra[1] else "",
            )
            if x
        )
        colour = "#b3261e" if target.flagged else "#1b7f3b"
        head = indicator.name + (f" ({indicator.target_text})" if indicator.target_text else "")
        plain = " — ".join(x for x in (head, meta, reading) if x)
        return (
            f"<b>{html.escape(head)}</b>"
            + (f"<div style='color:#555;font-size:12px'>{html.escape(meta)}</div>" if meta else "")
            + (
                f"<div style='color:{colour};font-size:12px'>{html.escape(reading)}</div>"
                if reading
                else ""
            ),
            plain,
        )

    def summary(self, indicator: Indicator) -> str:
        return indicator.name + (f" ({indicator.target_text})" if indicator.target_text else "")

    def load(self, indicator: Indicator) -> None:
        self.name.value = indicator.name
        self.unit.value = indicator.unit
        self.baseline.value = _number_text(indicator.baseline)
        self.target.value = indicator.target_text
        self._on_target()

    def clear(self) -> None:
        self.name.value = ""
        self.unit.value = ""
        self.baseline.value = ""
        self.baseline_error.value = ""
        self.target.value = ""
        self.reading.value = ""

    def filled(self) -> bool:
        return bool(self.name.value.strip())

    def build(self, base: Indicator | None) -> Model:
        fields = {
            "name": " ".join(self.name.value.split()),
            "unit": self.unit.value,
            "baseline": parse_number("baseline", self.baseline.value),
            "target_text": self.target.value.strip(),
        }
        if base is None:
            task = self.editor.picked_task()
            if task is None:
                raise SwotError(t("ui.plan.pick_task"))
            return Indicator(task_id=task.id, **fields)
        return base.replace(**fields)


class PlanEditor(LiveView):
    """Goals, tasks and indicators of one institution's development plan, live and safe for
    several writers; the plan checks are listed below and refreshed after every change.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose plan this is.
    author
        Recorded as the actor of every change made here.
    poll_seconds
        How often to look for other participants' changes (``0`` turns live refresh off).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str | None,
        *,
        author: str = "",
        poll_seconds: float = 2.0,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        # ``None``: the joint cooperation plan of all institutions.
        self.institution_id = institution_id
        self.name = (
            ws.get(Institution, institution_id).name
            if institution_id is not None
            else t("ui.plan.joint")
        )
        self.author = author
        self._strategies: dict[str, Strategy] = {}
        self._issues: list[PlanIssue] = []
        self.goal_picker = w.Dropdown(
            description=t("ui.plan.goal"), style=_LABELLED, layout=w.Layout(width="98%")
        )
        self.goal_picker.add_class("swot-plan-goal-picker")
        self.task_picker = w.Dropdown(
            description=t("ui.plan.task"), style=_LABELLED, layout=w.Layout(width="98%")
        )
        self.task_picker.add_class("swot-plan-task-picker")
        self.horizon = w.HTML()
        self.horizon.add_class("swot-plan-horizon")
        self.goals_section = _Goals(self)
        self.tasks_section = _Tasks(self)
        self.indicators_section = _Indicators(self)
        self.checks = w.HTML()
        self.checks.add_class("swot-plan-checks")
        self.status = StatusLine()
        guard = guarded(self.status)
        self.goal_picker.observe(guard(self._on_goal_picked), names="value")
        self.task_picker.observe(guard(self._on_task_picked), names="value")
        title = w.HTML(f"<h3>{html.escape(t('ui.plan.title', name=self.name))}</h3>")
        super().__init__(
            children=[
                title,
                self.horizon,
                self.goals_section,
                self.tasks_section,
                self.indicators_section,
                self.checks,
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-plan-editor")
        self.refresh()
        self.goals_section.clear()
        self.tasks_section.clear()
        self._start_polling(poll_seconds, "swot-plan-poll", "ui.plan.refreshed")

    def __repr__(self) -> str:
        lines = [t("ui.plan.title", name=self.name), self._horizon_text()]
        goals = self.goals()
        for goal in goals:
            lines.append(self.goals_section.body(goal)[1])
            for task in self.tasks(goal):
                lines.append(f"  {self.tasks_section.body(task)[1]}")
                for indicator in self.ws.objects(Indicator, parent=task.id):
                    lines.append(f"    - {self.indicators_section.body(indicator)[1]}")
        if not goals:
            lines.append(t("ui.plan.no_goals"))
        return "\n".join([*lines, *self._check_lines()])

    # --- reading -------------------------------------------------------------------------------

    def goals(self) -> list[Goal]:
        goals = self.ws.goals(self.institution_id)
        return [g for g in goals if g.institution_id == self.institution_id]

    def tasks(self, goal: Goal) -> list[Task]:
        return sorted(self.ws.objects(Task, parent=goal.id), key=lambda task: task.number)

    def picked_goal(self) -> Goal | None:
        return self.ws.find(Goal, self.goal_picker.value) if self.goal_picker.value else None

    def picked_task(self) -> Task | None:
        return self.ws.find(Task, self.task_picker.value) if self.task_picker.value else None

    def next_goal_number(self) -> int:
        return max((g.number for g in self.goals()), default=0) + 1

    def next_task_number(self) -> int:
        goal = self.picked_goal()
        tasks = self.tasks(goal) if goal is not None else []
        return max((task.number for task in tasks), default=0) + 1

    def strategy_label(self, strategy_id: str) -> str:
        strategy = self._strategies.get(strategy_id)
        return _strategy_label(strategy) if strategy else strategy_id

    def task_horizon(self, task: Task | None) -> tuple[int, int] | None:
        if task is not None and task.start_year is not None and task.end_year is not None:
            return task.start_year, task.end_year
        return plan_horizon(self.ws)

    def _horizon_text(self) -> str:
        horizon = plan_horizon(self.ws)
        if horizon is None:
            return t("ui.horizon.unset")
        return t("ui.horizon.current", start=horizon[0], end=horizon[1])

    def _check_lines(self) -> list[str]:
        head = t("ui.plan.checks") + ":"
        if not self._issues:
            return [head, f"  ✔ {t('ui.plan.checks_ok')}"]
        return [head, *(f"  - {self._issue_text(i)}" for i in self._issues)]

    @staticmethod
    def _issue_text(issue: PlanIssue) -> str:
        return t(
            "ui.plan.issue", severity=issue.severity.label, message=issue.message, hint=issue.hint
        )

    # --- live ----------------------------------------------------------------------------------

    def _draw(self) -> None:
        parent = self.institution_id  # the joint plan may carry out any centre's strategy
        strategies = (
            self.ws.objects(Strategy, parent=parent) if parent else self.ws.objects(Strategy)
        )
        self._strategies = {s.id: s for s in strategies}
        options = [(_strategy_label(s), s.id) for s in self._strategies.values()]
        self._set_options(self.goals_section.strategies, options, self.goals_section)
        self._set_options(self.tasks_section.strategies, options, self.tasks_section)
        entities = known_entities(self.ws)
        for box in (self.tasks_section.responsible, self.tasks_section.cooperating_pick):
            if list(box.options) != entities:
                box.options = entities
        self._draw_pickers()
        self.horizon.value = f"<b>{html.escape(self._horizon_text())}</b>"
        for section in (self.goals_section, self.tasks_section, self.indicators_section):
            section.draw()
        self._draw_checks()

    @staticmethod
    def _set_options(
        box: w.SelectMultiple, options: list[tuple[str, str]], section: _Section
    ) -> None:
        if list(box.options) == options:
            return
        section._quiet = True
        try:
            chosen = box.value
            known = {value for _label, value in options}
            box.options = options
            box.value = tuple(v for v in chosen if v in known)
        finally:
            section._quiet = False

    def _draw_pickers(self) -> None:
        goals = self.goals()
        goal_options = [(f"{g.number}. {_short(g.title, 70)}", g.id) for g in goals]
        if list(self.goal_picker.options) != goal_options:
            current = self.goal_picker.value
            self.goal_picker.options = goal_options
            ids = [value for _label, value in goal_options]
            self.goal_picker.value = current if current in ids else (ids[0] if ids else None)
        task_options = [
            (f"{task_label(g, task)}. {_short(task.title, 70)}", task.id)
            for g in goals
            for task in self.tasks(g)
        ]
        if list(self.task_picker.options) != task_options:
            current = self.task_picker.value
            self.task_picker.options = task_options
            ids = [value for _label, value in task_options]
            self.task_picker.value = current if current in ids else (ids[0] if ids else None)

    def _draw_checks(self) -> None:
        self._issues = check_plan(self.ws, self.institution_id)
        head = f"<h4 style='margin:6px 0'>{html.escape(t('ui.plan.checks'))}</h4>"
        if not self._issues:
            text = html.escape(t("ui.plan.checks_ok"))
            self.checks.value = f"{head}<div style='color:#1b7f3b'>✔ {text}</div>"
            return
        items = []
        for issue in self._issues:
            colour = "#b3261e" if issue.severity is Severity.ERROR else "#8a6d00"
            items.append(
                f"<li style='color:{colour}'><b>{html.escape(issue.severity.label)}</b>: "
                f"{html.escape(issue.message)} <i style='color:#555'>"
                f"{html.escape(issue.hint)}</i></li>"
            )
        self.checks.value = f"{head}<ul class='swot-plan-issues'>{''.join(items)}</ul>"

    def _on_goal_picked(self, _change: Any = None) -> None:
        self.tasks_section.reset_form()
        self.tasks_section.draw()

    def _on_task_picked(self, _change: Any = None) -> None:
        self.indicators_section.reset_form()
        self.indicators_section.draw()

    # --- writes (each one transaction; the editor redraws after) -------------------------------

    def add(self, obj: Model) -> Model:
        try:
            return self.ws.add(obj, actor=self.author or None)
        finally:
            self.refresh()  # refused or not: show what is stored now

    def save(self, obj: Model, section: _Section) -> Model | None:
        try:
            saved = self.ws.update(obj, actor=self.author or None)
        except ConflictError as exc:
            section.show_conflict(exc.mine, exc.theirs)
            self.refresh()
            return None
        self.refresh()
        return saved

    def delete(self, obj: Model, section: _Section) -> bool:
        try:
            self.ws.delete(obj, actor=self.author or None)
        except ConflictError as exc:
            self.refresh()
            if exc.theirs is None:
                section.status.error(t("ui.plan.deleted_meanwhile"))
            else:
                section.show_conflict(obj, exc.theirs)
            return False
        self.refresh()
        section.status.ok(t("ui.plan.deleted", text=_short(section.summary(obj))))
        return True


# --- horizon ---------------------------------------------------------------------------------


class HorizonForm(FullTextRepr, w.VBox):  # type: ignore[misc]
    """The plan's horizon (first and last year), set once for the whole workspace."""

    def __init__(self, ws: Workspace, *, actor: str = "", **kwargs: Any) -> None:
        self.ws = ws
        self.actor = actor
        current = plan_horizon(ws)
        self.years = w.Text(
            value=f"{current[0]}-{current[1]}" if current else "",
            placeholder=t("ui.horizon.placeholder"),
            description=t("ui.horizon.years"),
            layout=w.Layout(width="260px"),
        )
        self.years.add_class("swot-horizon-years")
        self.save_button = w.Button(
            description=t("ui.horizon.save"), button_style="primary", layout=w.Layout(width="auto")
        )
        self.save_button.add_class("swot-horizon-save")
        self.current = w.HTML()
        self.current.add_class("swot-horizon-current")
        self.status = StatusLine()
        self.save_button.on_click(guarded(self.status)(self._on_save))
        title = w.HTML(f"<h4 style='margin:6px 0'>{html.escape(t('ui.horizon.title'))}</h4>")
        super().__init__(
            children=[title, w.HBox([self.years, self.save_button]), self.current, self.status],
            **kwargs,
        )
        self.add_class("swot-horizon")
        self._show()

    def _text(self) -> str:
        horizon = plan_horizon(self.ws)
        if horizon is None:
            return t("ui.horizon.unset")
        return t("ui.horizon.current", start=horizon[0], end=horizon[1])

    def _show(self) -> None:
        self.current.value = html.escape(self._text())

    def __repr__(self) -> str:
        return self._text()

    def _on_save(self, _button: Any = None) -> None:
        start, end = parse_years(self.years.value)
        set_plan_horizon(self.ws, start, end, actor=self.actor or None)
        self.years.value = f"{start}-{end}"
        self._show()
        self.status.ok(t("ui.horizon.saved", start=start, end=end))


# --- monitoring ------------------------------------------------------------------------------


class MonitoringForm(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Measurements of one institution's indicators and the yearly status table.

    A measurement is per indicator and period (a whole year or a quarter); saving a period
    that already has a value replaces it (a stale replacement is refused, never written).

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose plan is monitored.
    author
        Recorded as the actor of every change made here.
    today_year
        The year in progress for the statuses (default: this calendar year).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        *,
        author: str = "",
        today_year: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.author = author
        self.today_year = today_year
        self._rows_text = ""
        horizon = plan_horizon(ws)
        self.indicator = w.Dropdown(
            description=t("ui.monitor.indicator"), layout=w.Layout(width="98%")
        )
        self.indicator.add_class("swot-monitor-indicator")
        self.year = w.BoundedIntText(
            value=horizon[0] if horizon else min(max(date.today().year, MIN_YEAR), MAX_YEAR),
            min=MIN_YEAR,
            max=MAX_YEAR,
            description=t("ui.monitor.year"),
            layout=w.Layout(width="200px"),
        )
        self.year.add_class("swot-monitor-year")
        self.part = w.Dropdown(
            options=[(t("ui.monitor.whole_year"), "")]
            + [(t("ui.monitor.quarter", n=n), f"Q{n}") for n in range(1, 5)],
            value="",
            description=t("ui.monitor.part"),
            layout=w.Layout(width="240px"),
        )
        self.part.add_class("swot-monitor-part")
        self.value = w.Text(description=t("ui.monitor.value"), layout=w.Layout(width="200px"))
        self.value.add_class("swot-monitor-value")
        self.note = w.Text(placeholder=t("ui.monitor.note"), layout=w.Layout(width="98%"))
        self.note.add_class("swot-monitor-note")
        self.save_button = w.Button(
            description=t("ui.monitor.save"),
            icon="plus",
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start"),  # not the form's full width
        )
        self.save_button.add_class("swot-monitor-save")
        self.measurements = w.VBox()
        self.measurements.add_class("swot-monitor-measurements")
        self.table = w.HTML()
        self.table.add_class("swot-monitor-table")
        self.status = StatusLine()
        guard = guarded(self.status)
        self.save_button.on_click(guard(self._on_save))
        self.indicator.observe(guard(lambda _c: self._draw_measurements()), names="value")
        title = w.HTML(f"<h3>{html.escape(t('ui.monitor.title', name=self.institution.name))}</h3>")
        super().__init__(
            children=[
                title,
                self.indicator,
                w.HBox([self.year, self.part, self.value]),
                self.note,
                self.save_button,
                self.status,
                self.measurements,
                self.table,
            ],
            **kwargs,
        )
        self.add_class("swot-monitor")
        self.refresh()

    def __repr__(self) -> str:
        return "\n".join([t("ui.monitor.title", name=self.institution.name), self._rows_text])

    def _indicators(self) -> list[tuple[str, Indicator]]:
        out = []
        for goal in self.ws.goals(self.institution.id):
            if goal.institution_id != self.institution.id:
                continue
            tasks = sorted(self.ws.objects(Task, parent=goal.id), key=lambda task: task.number)
            for task in tasks:
                for indicator in self.ws.objects(Indicator, parent=task.id):
                    out.append((task_label(goal, task), indicator))
        return out

    def refresh(self) -> None:
        options = [
            (
                f"{label} · {_short(i.name, 70)}"
                + (f" ({i.target_text})" if i.target_text else ""),
                i.id,
            )
            for label, i in self._indicators()
        ]
        if list(self.indicator.options) != options:
            current = self.indicator.value
            self.indicator.options = options
            ids = [value for _label, value in options]
            self.indicator.value = current if current in ids else (ids[0] if ids else None)
        self._draw_measurements()
        self._draw_table()

    def _draw_measurements(self) -> None:
        indicator = self.ws.find(Indicator, self.indicator.value) if self.indicator.value else None
        if indicator is None:
            self.measurements.children = [
                w.HTML(f"<i>{html.escape(t('ui.monitor.no_indicators'))}</i>")
            ]
            return
        head = w.HTML(
            f"<b>{html.escape(t('ui.monitor.measurements', name=_short(indicator.name, 80)))}</b>"
        )
        rows: list[w.Widget] = []
        for m in self._measurements(indicator):
            text = f"{m.period}: {_number_text(m.value)}" + (f" — {m.note}" if m.note else "")
            body = w.HTML(html.escape(text), layout=w.Layout(width="100%"))
            body.add_class("swot-monitor-measurement")
            button = w.Button(
                icon="trash", tooltip=t("ui.plan.delete"), layout=w.Layout(**_ICON_BUTTON)
            )
            button.add_class("swot-monitor-delete")
            button.on_click(guarded(self.status)(lambda _b, x=m: self.delete(x)))
            rows.append(w.HBox([body, button]))
        if not rows:
            rows = [w.HTML(f"<i>{html.escape(t('ui.monitor.no_measurements'))}</i>")]
        self.measurements.children = [head, *rows]

    def _measurements(self, indicator: Indicator) -> list[Measurement]:
        return sorted(self.ws.objects(Measurement, parent=indicator.id), key=lambda m: m.period)

    def _draw_table(self) -> None:
        horizon = plan_horizon(self.ws)
        if horizon is None:
            message = t("ui.monitor.needs_horizon")
            self._rows_text = message
            self.table.value = f"<p class='swot-empty'>{html.escape(message)}</p>"
            return
        rows = monitoring_table(self.ws, self.institution.id, today_year=self.today_year)
        years = list(range(horizon[0], horizon[1] + 1))
        headers = [
            t("ui.monitor.col.task"),
            t("ui.monitor.col.indicator"),
            t("ui.monitor.col.target"),
            *(str(y) for y in years),
            t("ui.monitor.col.status"),
            t("ui.monitor.col.reason"),
        ]
        cells = [
            [
                row.task_number,
                row.indicator_name,
                row.target_text,
                *(
                    t(
                        "ui.monitor.cell",
                        actual=_number_text(y.actual) or "–",
                        expected=_number_text(y.expected) or "–",
                    )
                    for y in row.years
                ),
                row.status_label,
                row.reason,
            ]
            for row in rows
        ]
        year = self.today_year if self.today_year is not None else date.today().year
        caption = t("ui.monitor.table", year=year)
        legend = t("ui.monitor.legend")
        table = html_table(
            headers,
            cells,
            numeric=list(range(3, 3 + len(years))),
            empty=t("ui.monitor.no_indicators"),
            css_class="swot-monitor-status",
        )
        for status, colour in _STATUS_COLOURS.items():  # colour the status labels
            label = html.escape(t(f"plan.status.{status}"))
            table = table.replace(
                f"<td>{label}</td>",
                f"<td class='swot-status-{status}' style='color:{colour};font-weight:bold'>"
                f"{label}</td>",
            )
        self.table.value = (
            _MONITOR_CSS + f"<h4 style='margin:6px 0'>{html.escape(caption)}</h4>{table}"
            f"<small>{html.escape(legend)}</small>"
        )
        self._rows_text = "\n".join(
            [caption, text_table(headers, cells, empty=t("ui.monitor.no_indicators")), legend]
        )

    @property
    def period(self) -> str:
        return f"{self.year.value}" + (f"-{self.part.value}" if self.part.value else "")

    def _on_save(self, _button: Any = None) -> None:
        indicator = self.ws.find(Indicator, self.indicator.value) if self.indicator.value else None
        if indicator is None:
            self.status.error(t("ui.monitor.pick"))
            return
        value = parse_number("value", self.value.value)
        if value is None:
            raise ValidationError("value", t("expect.number"), self.value.value, t("hint.number"))
        period = self.period
        existing = next((m for m in self._measurements(indicator) if m.period == period), None)
        actor = self.author or None
        try:
            if existing is None:
                saved = self.ws.add(
                    Measurement(
                        indicator_id=indicator.id, period=period, value=value, note=self.note.value
                    ),
                    actor=actor,
                )
            else:
                saved = self.ws.update(
                    existing.replace(value=value, note=self.note.value), actor=actor
                )
        except ConflictError as exc:
            theirs = exc.theirs
            shown = _number_text(theirs.value) if isinstance(theirs, Measurement) else "—"
            self.status.error(t("ui.monitor.conflict", theirs=shown, mine=_number_text(value)))
            return
        finally:
            self.refresh()  # refused or not: show what is stored now
        self.value.value = ""
        self.note.value = ""
        self.status.ok(
            t(
                "ui.monitor.saved",
                indicator=_short(indicator.name),
                period=saved.period,
                value=_number_text(saved.value),
            )
        )

    def delete(self, measurement: Measurement) -> None:
        try:
            self.ws.delete(measurement, actor=self.author or None)
        finally:
            self.refresh()
        self.status.ok(
            t(
                "ui.monitor.deleted",
                period=measurement.period,
                value=_number_text(measurement.value),
            )
        )
