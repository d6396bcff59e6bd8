"""Development plan tables in and out: DOCX, XLSX, Markdown and HTML.

Public offices write a development plan as one table::

    Cel strategiczny | Zadanie | Podmiot odpowiedzialny | Podmioty współpracujące
        | Perspektywa czasowa | Wskaźniki realizacji (z proponowaną wartością docelową)

with the goal cell merged down over its tasks. :class:`PlanTable` is that table as plain
values (one :class:`PlanRow` per task, texts kept verbatim), between the workspace and files:

* :func:`from_workspace` / :func:`to_workspace` convert it to goals, tasks and indicators;
  :func:`to_workspace` writes everything in one transaction or nothing.
* :func:`write_plan` (or :func:`export_plan` from a workspace) writes DOCX (A4 landscape,
  merged goal cells, a header row repeated on every page), XLSX, Markdown or HTML;
  :func:`add_plan_table` puts the same table into a Word document made elsewhere.
* :func:`preview_plan` reads DOCX or XLSX as offices write them (a title before the table,
  merged goal cells, entities in two columns or in one, tables split over pages with repeated
  headers, an empty first column) into a :class:`PlanPreview`: what would be imported and a
  :class:`~swot.errors.Problem` for everything not understood. Nothing is written until the
  user has seen it and calls :func:`to_workspace`.

Example
-------
>>> row = PlanRow(1, "Modernizacja sali", 1, "Nowe nagłośnienie", "MOK", (), "2019-2020",
...               ("Liczba wymienionych systemów (1 do 2020 r.).",))
>>> md = plan_to_markdown(PlanTable("Plan", (row,)))
>>> "| 1. Modernizacja sali | 1.1. Nowe nagłośnienie | MOK |" in md
True
"""

from __future__ import annotations

import difflib
import html
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swot.errors import DataImportError, PathError, Problem, SwotError, ValidationError
from swot.exports import FORMULA_STARTS
from swot.i18n import get_language, register, t
from swot.model import MAX_YEAR, MIN_YEAR, Goal, Indicator, Model, Task
from swot.paths import check_path
from swot.store import Workspace

__all__ = [
    "COLUMNS",
    "PLAN_FORMATS",
    "PlanPreview",
    "PlanRow",
    "PlanTable",
    "add_plan_table",
    "export_plan",
    "from_workspace",
    "plan_to_docx",
    "plan_to_html",
    "plan_to_markdown",
    "plan_to_xlsx",
    "preview_plan",
    "to_workspace",
    "write_plan",
]

#: The six columns of a plan table, in order (labels: ``t(f"planio.col.{name}")``).
COLUMNS = ("goal", "task", "responsible", "cooperating", "years", "indicators")
#: File suffix -> export format.
PLAN_FORMATS = {".docx": "docx", ".xlsx": "xlsx", ".md": "md", ".html": "html", ".htm": "html"}
MAX_BYTES = 50 * 1024 * 1024  # a plan table is kilobytes; refuse anything absurd before unzipping

register(
    {
        "planio.title": {
            "pl": (
                "Zestawienie celów strategicznych, zadań, podmiotów odpowiedzialnych "
                "i współpracujących oraz perspektywy czasowej wraz ze wskaźnikami realizacji"
            ),
            "en": (
                "Strategic goals, tasks, responsible and cooperating entities, time "
                "perspective and indicators"
            ),
        },
        "planio.col.goal": {"pl": "Cel strategiczny", "en": "Strategic goal"},
        "planio.col.task": {"pl": "Zadanie", "en": "Task"},
        "planio.col.responsible": {"pl": "Podmiot odpowiedzialny", "en": "Responsible entity"},
        "planio.col.cooperating": {
            "pl": "Podmioty współpracujące",
            "en": "Cooperating entities",
        },
        "planio.col.years": {"pl": "Perspektywa czasowa", "en": "Time perspective"},
        "planio.col.indicators": {
            "pl": "Wskaźniki realizacji (z proponowaną wartością docelową)",
            "en": "Indicators (with proposed target values)",
        },
        "planio.sheet": {"pl": "Zestawienie", "en": "Plan"},
        "planio.where_table": {"pl": "{file}, tabela {table}", "en": "{file}, table {table}"},
        "planio.where_sheet": {"pl": "{file}, arkusz „{sheet}”", "en": "{file}, sheet '{sheet}'"},
        "planio.where_plan": {"pl": "zestawienie", "en": "plan table"},
        "planio.cannot_read": {
            "pl": "Nie można wczytać zestawienia z pliku {file}.",
            "en": "Cannot read the plan table from {file}.",
        },
        "planio.cannot_import": {
            "pl": "Nie zaimportowano zestawienia ({count} problemów). Nic nie zostało zapisane.",
            "en": "The plan table was not imported ({count} problems). Nothing was saved.",
        },
        "planio.unreadable": {
            "pl": "Nie można otworzyć pliku ({reason}).",
            "en": "Cannot open the file ({reason}).",
        },
        "planio.unreadable_hint": {
            "pl": "Sprawdź nazwę i folder pliku.",
            "en": "Check the file's name and folder.",
        },
        "planio.too_big": {
            "pl": "Plik jest za duży ({size} MB; najwyżej {max} MB).",
            "en": "The file is too big ({size} MB; at most {max} MB).",
        },
        "planio.not_office": {
            "pl": (
                "To nie jest dokument Word (.docx) ani arkusz Excel (.xlsx), albo plik jest "
                "uszkodzony."
            ),
            "en": "This is not a Word (.docx) or Excel (.xlsx) file, or the file is damaged.",
        },
        "planio.not_office_hint": {
            "pl": (
                "Otwórz plik w Wordzie, Excelu lub LibreOffice i zapisz go jako „Dokument "
                "programu Word (.docx)” albo „Skoroszyt programu Excel (.xlsx)”."
            ),
            "en": (
                "Open the file in Word, Excel or LibreOffice and save it as a Word document "
                "(.docx) or an Excel workbook (.xlsx)."
            ),
        },
        "planio.old_office": {
            "pl": "To plik w starym formacie Office (.doc lub .xls), którego nie da się odczytać.",
            "en": "This is an old Office file (.doc or .xls), which cannot be read.",
        },
        "planio.no_table": {
            "pl": "W pliku nie ma żadnej tabeli.",
            "en": "The file contains no table.",
        },
        "planio.no_table_hint": {
            "pl": (
                "Zestawienie musi być tabelą (w Wordzie: Wstaw → Tabela) z kolumnami „Cel "
                "strategiczny”, „Zadanie”, „Podmiot odpowiedzialny”, „Perspektywa czasowa”, "
                "„Wskaźniki realizacji”."
            ),
            "en": (
                "The plan must be a table (in Word: Insert > Table) with the columns Strategic "
                "goal, Task, Responsible entity, Time perspective, Indicators."
            ),
        },
        "planio.no_header": {
            "pl": "Żadna tabela w pliku nie ma nagłówka zestawienia celów i zadań.",
            "en": "No table in the file has the heading row of a plan table.",
        },
        "planio.skipped_table": {
            "pl": "Tabela nie ma nagłówka zestawienia i została pominięta.",
            "en": "The table has no plan heading row and was skipped.",
        },
        "planio.skipped_table_hint": {
            "pl": "Jeśli to część zestawienia, dodaj do niej wiersz nagłówka.",
            "en": "If it belongs to the plan, give it a heading row.",
        },
        "planio.continued": {
            "pl": "Tabela nie ma nagłówka; odczytano ją jako ciąg poprzedniej tabeli.",
            "en": "The table has no heading row; it was read as the previous table's continuation.",
        },
        "planio.missing_column": {
            "pl": "Brak kolumny „{column}”.",
            "en": "The column '{column}' is missing.",
        },
        "planio.missing_column_hint": {
            "pl": "Dodaj kolumnę albo popraw jej nagłówek, np. „{column}”.",
            "en": "Add the column or correct its heading, e.g. '{column}'.",
        },
        "planio.unknown_column": {
            "pl": "Kolumna nie należy do zestawienia i zostanie pominięta.",
            "en": "The column is not part of the plan table and will be skipped.",
        },
        "planio.shifted": {
            "pl": "Tekst w kolumnie bez nagłówka: kolumny w tym wierszu są chyba przesunięte.",
            "en": "Text in a column without a heading: the columns of this row seem shifted.",
        },
        "planio.shifted_hint": {
            "pl": "Sprawdź, czy wiersz nie ma dodatkowej lub brakującej komórki.",
            "en": "Check whether the row has an extra or a missing cell.",
        },
        "planio.no_goal": {
            "pl": "Wiersz nie należy do żadnego celu strategicznego (pusta komórka celu).",
            "en": "The row belongs to no strategic goal (the goal cell is empty).",
        },
        "planio.no_goal_hint": {
            "pl": "Wpisz cel strategiczny w pierwszym wierszu tabeli.",
            "en": "Fill in the strategic goal in the table's first row.",
        },
        "planio.empty_task": {"pl": "Brak nazwy zadania.", "en": "The task has no name."},
        "planio.empty_task_hint": {
            "pl": "Wpisz nazwę zadania albo usuń ten wiersz.",
            "en": "Fill in the task's name or delete the row.",
        },
        "planio.goal_only": {
            "pl": "Cel nie ma żadnego zadania.",
            "en": "The goal has no tasks.",
        },
        "planio.empty_responsible": {
            "pl": "Brak podmiotu odpowiedzialnego.",
            "en": "No responsible entity.",
        },
        "planio.many_responsible": {
            "pl": "Kilka podmiotów odpowiedzialnych zapisano razem: „{value}”.",
            "en": "Several responsible entities were kept together: '{value}'.",
        },
        "planio.many_responsible_hint": {
            "pl": "Zwykle jeden podmiot odpowiada za zadanie; pozostałe wpisz jako współpracujące.",
            "en": "Usually one entity is responsible; list the others as cooperating.",
        },
        "planio.empty_years": {
            "pl": "Brak perspektywy czasowej.",
            "en": "No time perspective.",
        },
        "planio.years_hint": {
            "pl": "Wpisz rok (2019) albo zakres lat (2019-2021).",
            "en": "Write a year (2019) or a range of years (2019-2021).",
        },
        "planio.years_bad": {
            "pl": "Nie rozpoznano perspektywy czasowej „{value}”.",
            "en": "The time perspective '{value}' was not understood.",
        },
        "planio.years_reversed": {
            "pl": "Lata w odwrotnej kolejności: „{value}”.",
            "en": "The years are in reverse order: '{value}'.",
        },
        "planio.years_reversed_hint": {
            "pl": "Czy chodziło o {fixed}?",
            "en": "Did you mean {fixed}?",
        },
        "planio.years_range": {
            "pl": "Rok spoza zakresu {min}–{max}: „{value}”.",
            "en": "A year outside {min}-{max}: '{value}'.",
        },
        "planio.empty_indicators": {
            "pl": "Zadanie nie ma wskaźników realizacji.",
            "en": "The task has no indicators.",
        },
        "planio.goal_number_twice": {
            "pl": "Numer celu {number} oznacza dwa różne cele: „{first}” i „{second}”.",
            "en": "Goal number {number} names two different goals: '{first}' and '{second}'.",
        },
        "planio.task_number_twice": {
            "pl": "Numer zadania {number} występuje dwa razy w celu {goal}.",
            "en": "Task number {number} appears twice in goal {goal}.",
        },
        "planio.numbers_hint": {
            "pl": "Popraw numerację w pliku.",
            "en": "Correct the numbering in the file.",
        },
        "planio.task_goal_mismatch": {
            "pl": "Numer zadania {task} nie pasuje do celu {goal}; przypisano je do celu {goal}.",
            "en": "Task number {task} does not match goal {goal}; it was put under goal {goal}.",
        },
        "planio.similar_entities": {
            "pl": "Podobne nazwy podmiotów, to chyba ten sam podmiot: {names}.",
            "en": "Similar entity names, probably the same entity: {names}.",
        },
        "planio.similar_entities_hint": {
            "pl": "Ujednolić pisownię, aby podmiot był liczony raz.",
            "en": "Spell them the same way so that the entity is counted once.",
        },
        "planio.invalid": {"pl": "{message}", "en": "{message}"},
        "planio.goals_exist": {
            "pl": "Plan tej instytucji ma już cele o numerach: {numbers}.",
            "en": "This institution's plan already has goals numbered {numbers}.",
        },
        "planio.goals_exist_hint": {
            "pl": "Usuń lub przenumeruj istniejące cele albo zastąp cały plan (replace=True).",
            "en": "Delete or renumber the existing goals, or replace the plan (replace=True).",
        },
        "planio.format": {
            "pl": (
                "Nie można zapisać zestawienia jako „{suffix}”. Dozwolone rozszerzenia "
                "plików: {allowed}."
            ),
            "en": "Cannot save the plan table as '{suffix}'. Allowed file types: {allowed}.",
        },
        "planio.generated": {
            "pl": "Wygenerowano programem swot.",
            "en": "Generated with swot.",
        },
    }
)


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One task of a plan table (or a goal without tasks: ``task_number`` is ``None``).

    Texts are kept as written; ``years`` is the time perspective verbatim (``"2019–2021"``),
    ``indicators`` one text per indicator with its proposed target, e.g.
    ``"Liczba udzielonych dotacji rocznie (min. 10)."``.
    """

    goal_number: int
    goal_title: str
    task_number: int | None
    task_title: str
    responsible: str = ""
    cooperating: tuple[str, ...] = ()
    years: str = ""
    indicators: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; tuples keep rows hashable and comparable.
        object.__setattr__(self, "cooperating", tuple(self.cooperating))
        object.__setattr__(self, "indicators", tuple(self.indicators))

    @property
    def goal_label(self) -> str:
        """The goal cell as exported: ``"1. Modernizacja sali"``."""
        return f"{self.goal_number}. {self.goal_title}"

    @property
    def task_label(self) -> str:
        """The task cell as exported: ``"1.2. Montaż windy"`` (empty for a goal-only row)."""
        if self.task_number is None:
            return self.task_title
        return f"{self.goal_number}.{self.task_number}. {self.task_title}"

    @property
    def is_goal_only(self) -> bool:
        """A goal written without tasks: nothing but the goal cell is filled in."""
        return self.task_number is None and not (
            self.task_title or self.responsible or self.cooperating or self.years or self.indicators
        )


@dataclass(frozen=True, slots=True)
class PlanTable:
    """A plan table: its title and one row per task, in the plan's order."""

    title: str
    rows: tuple[PlanRow, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(t(f"planio.col.{name}") for name in COLUMNS)

    def goal_groups(self) -> list[tuple[PlanRow, ...]]:
        """Consecutive rows of the same goal (a merged goal cell each)."""
        groups: list[list[PlanRow]] = []
        for row in self.rows:
            if groups and _same_goal(groups[-1][-1], row):
                groups[-1].append(row)
            else:
                groups.append([row])
        return [tuple(g) for g in groups]


def _same_goal(a: PlanRow, b: PlanRow) -> bool:
    return (a.goal_number, a.goal_title) == (b.goal_number, b.goal_title)


@dataclass(frozen=True, slots=True)
class PlanPreview:
    """What :func:`preview_plan` understood in a file, before anything is written.

    ``origins[i]`` says where ``table.rows[i]`` came from (file, table, row). Problems with
    ``severity == "error"`` make :func:`to_workspace` refuse the table; warnings only inform.
    """

    file: str
    table: PlanTable
    problems: tuple[Problem, ...] = ()
    origins: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when the table can be imported (warnings may remain)."""
        return not self.errors

    def _repr_html_(self) -> str:
        problems = "".join(f"<li>{html.escape(str(p))}</li>" for p in self.problems)
        listing = f"<ul>{problems}</ul>" if problems else ""
        return plan_to_html(self.table, fragment=True) + listing


# --- workspace <-> table -----------------------------------------------------------------------

_TARGET_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<target>[^()]*)\)\s*\.?\s*$", re.DOTALL)


def indicator_parts(text: str) -> tuple[str, str]:
    """An indicator's text split into its name and the target in the final parentheses.

    >>> indicator_parts("Liczba udzielonych dotacji rocznie (min. 10).")
    ('Liczba udzielonych dotacji rocznie', 'min. 10')
    >>> indicator_parts("(1)")
    ('(1)', '1')
    """
    text = text.strip()
    match = _TARGET_RE.match(text)
    if not match:
        return text, ""
    name = match["name"].rstrip(" .")
    return (name or text), match["target"].strip()


def indicator_text(indicator: Indicator) -> str:
    """An indicator as a plan table writes it: ``"Name (target)."``, or the name alone."""
    target = indicator.target_text
    if not target or indicator.name == f"({target})":
        return indicator.name
    return f"{indicator.name} ({target})."


def from_workspace(ws: Workspace, institution_id: str | None, *, title: str = "") -> PlanTable:
    """The plan of an institution (``None``: the joint plan) as a :class:`PlanTable`."""
    rows: list[PlanRow] = []
    goals = [g for g in ws.goals(institution_id) if g.institution_id == institution_id]
    for goal in goals:
        tasks = sorted(ws.objects(Task, parent=goal.id), key=lambda task: task.number)
        if not tasks:
            rows.append(PlanRow(goal.number, goal.title, None, ""))
        for task in tasks:
            indicators = ws.objects(Indicator, parent=task.id)
            rows.append(
                PlanRow(
                    goal.number,
                    goal.title,
                    task.number,
                    task.title,
                    task.responsible,
                    task.cooperating,
                    task.years,
                    tuple(indicator_text(i) for i in indicators),
                )
            )
    return PlanTable(title or t("planio.title"), tuple(rows))


def to_workspace(
    ws: Workspace,
    table: PlanTable | PlanPreview,
    institution_id: str | None,
    *,
    actor: str | None = None,
    replace: bool = False,
) -> list[Model]:
    """Write the table's goals, tasks and indicators in one transaction: all or nothing.

    Every problem of the table is collected first; if any is an error (unreadable years, a
    task without a name, a goal number used for two goals, goals that already exist, ...)
    :class:`~swot.errors.DataImportError` lists them all and nothing is written. With
    ``replace=True`` the institution's current goals, tasks and indicators are deleted in the
    same transaction (refused if measurements still point to them).

    Returns the added objects (goals, tasks, indicators) with their new versions.
    """
    origins: Sequence[str] = ()
    if isinstance(table, PlanPreview):
        origins = table.origins
        table = table.table
    objects, problems = _analyse(table, institution_id, _locator(origins))
    existing = [g for g in ws.goals(institution_id) if g.institution_id == institution_id]
    deletes: list[Model] = []
    if replace:
        for goal in existing:
            for task in ws.objects(Task, parent=goal.id):
                deletes += ws.objects(Indicator, parent=task.id)
                deletes.append(task)
            deletes.append(goal)
    else:
        numbers = {g.number for g in existing} & {o.number for o in objects if isinstance(o, Goal)}
        if numbers:
            shown = ", ".join(str(n) for n in sorted(numbers))
            problems.append(
                Problem(
                    t("planio.where_plan"),
                    None,
                    t("planio.col.goal"),
                    shown,
                    "planio.goals_exist",
                    t("planio.goals_exist", numbers=shown),
                    t("planio.goals_exist_hint"),
                )
            )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataImportError(errors, t("planio.cannot_import", count=len(errors)))
    added, _updated = ws.apply(adds=objects, deletes=deletes, actor=actor)
    return added


def _locator(origins: Sequence[str]) -> Callable[[int | None], tuple[str, int | None]]:
    """Where row ``i`` of a table came from: ``(file, row)`` for a Problem."""

    def locate(index: int | None) -> tuple[str, int | None]:
        if index is None:
            return t("planio.where_plan"), None
        if index < len(origins):
            where, _sep, row = origins[index].rpartition("#")
            return where, int(row) if row.isdigit() else None
        return t("planio.where_plan"), index + 1

    return locate


def _analyse(
    table: PlanTable,
    institution_id: str | None,
    locate: Callable[[int | None], tuple[str, int | None]],
    known_entities: Iterable[str] = (),
) -> tuple[list[Model], list[Problem]]:
    """Build the model objects of ``table`` and every problem with its content."""
    problems: list[Problem] = []

    def flag(
        index: int | None,
        column: str | None,
        value: str,
        rule: str,
        message: str,
        hint: str = "",
        severity: str = "error",
    ) -> None:
        where, row = locate(index)
        label = t(f"planio.col.{column}") if column else None
        problems.append(Problem(where, row, label, value, rule, message, hint, severity))

    objects: list[Model] = []
    goals: dict[int, Goal] = {}
    task_numbers: dict[int, set[int]] = {}
    for index, row in enumerate(table.rows):
        goal = goals.get(row.goal_number)
        if goal is None:
            try:
                goal = Goal(
                    institution_id=institution_id, number=row.goal_number, title=row.goal_title
                )
            except ValidationError as exc:
                flag(index, "goal", row.goal_title, "planio.invalid", str(exc))
                continue
            goals[row.goal_number] = goal
            objects.append(goal)
        elif _fold(goal.title) != _fold(row.goal_title):
            flag(
                index,
                "goal",
                row.goal_title,
                "planio.goal_number_twice",
                t(
                    "planio.goal_number_twice",
                    number=row.goal_number,
                    first=goal.title,
                    second=row.goal_title,
                ),
                t("planio.numbers_hint"),
            )
            continue
        if row.is_goal_only:
            flag(index, "task", "", "planio.goal_only", t("planio.goal_only"), severity="warning")
            continue
        if not row.task_title.strip():
            flag(
                index,
                "task",
                row.task_title,
                "planio.empty_task",
                t("planio.empty_task"),
                t("planio.empty_task_hint"),
            )
            continue
        used = task_numbers.setdefault(row.goal_number, set())
        number = row.task_number if row.task_number is not None else max(used, default=0) + 1
        if number in used:
            flag(
                index,
                "task",
                row.task_label,
                "planio.task_number_twice",
                t("planio.task_number_twice", number=row.task_number, goal=row.goal_number),
                t("planio.numbers_hint"),
            )
            continue
        used.add(number)
        start, end, rule = _parse_years(row.years)
        if rule == "planio.empty_years":
            flag(index, "years", "", rule, t(rule), t("planio.years_hint"), "warning")
        elif rule == "planio.years_reversed":
            fixed = f"{end}-{start}"
            flag(
                index,
                "years",
                row.years,
                rule,
                t(rule, value=row.years),
                t("planio.years_reversed_hint", fixed=fixed),
            )
        elif rule is not None:
            message = t(rule, value=row.years, min=MIN_YEAR, max=MAX_YEAR)
            flag(index, "years", row.years, rule, message, t("planio.years_hint"))
        if not row.responsible.strip():
            flag(
                index,
                "responsible",
                "",
                "planio.empty_responsible",
                t("planio.empty_responsible"),
                severity="warning",
            )
        if not row.indicators:
            flag(
                index,
                "indicators",
                "",
                "planio.empty_indicators",
                t("planio.empty_indicators"),
                severity="warning",
            )
        try:
            task = Task(
                goal_id=goal.id,
                number=number,
                title=row.task_title,
                responsible=row.responsible,
                cooperating=row.cooperating,
                start_year=start if rule is None else None,
                end_year=end if rule is None else None,
            )
        except ValidationError as exc:
            column = {"responsible": "responsible", "cooperating": "cooperating"}.get(
                exc.field, "task"
            )
            flag(index, column, str(exc.got), "planio.invalid", str(exc))
            continue
        objects.append(task)
        for text in row.indicators:
            name, target = indicator_parts(text)
            try:
                objects.append(Indicator(task_id=task.id, name=name, target_text=target))
            except ValidationError as exc:
                flag(index, "indicators", text, "planio.invalid", str(exc))
    problems += _entity_problems(table, locate, known_entities)
    return objects, problems


_YEAR_WORDS = re.compile(r"(?i)\b(?:w\s+latach|w\s+roku|latach|lata|roku|rok|r)\b\.?")
_YEARS_RE = re.compile(r"^(\d{4})(?:\s*[-–—−‐‑]\s*(\d{4}))?$")


def _parse_years(text: str) -> tuple[int | None, int | None, str | None]:
    """``(start, end, rule)`` of a time perspective; ``rule`` names a problem, else ``None``.

    Accepts ``2019``, ``2019-2021``, ``2019–2021`` (en dash), ``2019 r.``, ``w latach
    2019-2021``. Reversed years come back as written, with ``planio.years_reversed``.

    >>> _parse_years("2019–2021"), _parse_years("2021-2019")[2]
    ((2019, 2021, None), 'planio.years_reversed')
    """
    cleaned = " ".join(_YEAR_WORDS.sub(" ", text).split())
    if not cleaned:
        return None, None, "planio.empty_years"
    match = _YEARS_RE.match(cleaned)
    if not match:
        return None, None, "planio.years_bad"
    start = int(match[1])
    end = int(match[2]) if match[2] else start
    if not (MIN_YEAR <= start <= MAX_YEAR and MIN_YEAR <= end <= MAX_YEAR):
        return start, end, "planio.years_range"
    if start > end:
        return start, end, "planio.years_reversed"
    return start, end, None


# --- entities spelled differently --------------------------------------------------------------

_SMALL_WORDS = {"i", "w", "z", "na", "do", "dla", "oraz", "im", "we", "ze", "and", "of", "the"}


def _fold(text: str) -> str:
    """Lower case, no diacritics (ł too), punctuation as spaces: for comparing names."""
    text = text.replace("ł", "l").replace("Ł", "L")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def _initials(folded: str) -> str:
    words = [w for w in folded.split() if w not in _SMALL_WORDS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _entity_problems(
    table: PlanTable,
    locate: Callable[[int | None], tuple[str, int | None]],
    known: Iterable[str],
) -> list[Problem]:
    """Warnings for entity names that are probably one entity spelled differently."""
    first_row: dict[str, int | None] = {}
    for index, row in enumerate(table.rows):
        for name in (row.responsible, *row.cooperating):
            if name.strip():
                first_row.setdefault(name.strip(), index)
    for name in known:
        if name.strip():
            first_row.setdefault(name.strip(), None)
    names = list(first_row)
    folded = {n: _fold(n) for n in names}
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            fa, fb = folded[a], folded[b]
            similar = (
                fa == fb
                or (len(fa) >= 8 and difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.9)
                or (" " not in fa and len(fa) >= 2 and fa == _initials(fb))
                or (" " not in fb and len(fb) >= 2 and fb == _initials(fa))
            )
            if similar:
                parent[root(b)] = root(a)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(root(n), []).append(n)
    problems: list[Problem] = []
    for members in groups.values():
        if len(members) < 2 or all(first_row[m] is None for m in members):
            continue
        first = min(i for i in (first_row[m] for m in members) if i is not None)
        where, row_number = locate(first)
        shown = ", ".join(f"„{m}”" if get_language() == "pl" else f"'{m}'" for m in members)
        problems.append(
            Problem(
                where,
                row_number,
                t("planio.col.responsible"),
                " | ".join(members),
                "planio.similar_entities",
                t("planio.similar_entities", names=shown),
                t("planio.similar_entities_hint"),
                "warning",
            )
        )
    return problems


# --- export ------------------------------------------------------------------------------------


def export_plan(
    ws: Workspace,
    institution_id: str | None,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
) -> Path:
    """Write the institution's plan table to ``path`` (format from the suffix or ``format``)."""
    return write_plan(from_workspace(ws, institution_id), path, format=format)


def write_plan(
    table: PlanTable, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write ``table`` as DOCX, XLSX, Markdown or HTML; the file is written whole or not at all."""
    target = check_path(path)
    suffix = f".{format.lower().lstrip('.')}" if format else target.suffix.lower()
    kind = PLAN_FORMATS.get(suffix)
    if kind is None:
        allowed = ", ".join(sorted(set(PLAN_FORMATS)))
        raise SwotError(t("planio.format", suffix=suffix or target.name, allowed=allowed))
    if not target.parent.is_dir():
        raise PathError(t("export.folder", path=target, folder=target.parent))
    if kind == "docx":
        data = plan_to_docx(table)
    elif kind == "xlsx":
        data = plan_to_xlsx(table)
    elif kind == "md":
        data = plan_to_markdown(table).encode("utf-8")
    else:
        data = plan_to_html(table).encode("utf-8")
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PathError(
            t("export.write", path=target, reason=exc.strerror or type(exc).__name__)
        ) from exc
    return target


# Characters XML 1.0 cannot hold (python-docx and openpyxl refuse them).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _cells(row: PlanRow) -> tuple[list[str], ...]:
    """The six cells of a row, each as its lines (paragraphs)."""
    return (
        [row.goal_label],
        [row.task_label] if row.task_label else [],
        [row.responsible] if row.responsible else [],
        list(row.cooperating),
        [row.years] if row.years else [],
        list(row.indicators),
    )


# Widths in millimetres on A4 landscape with 15 mm margins (267 mm in all).
_DOCX_WIDTHS = (42, 62, 36, 40, 22, 65)


def plan_to_docx(table: PlanTable) -> bytes:
    """A Word document: title, then the six-column table on A4 landscape.

    Goal cells are merged down over their tasks, the header row repeats on every page
    (``w:tblHeader``) and every cooperating entity and indicator is its own paragraph
    (see :func:`add_plan_table`).
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    document.core_properties.title = _clean(table.title)[:255]
    document.styles["Normal"].font.size = Pt(9)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    add_plan_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_plan_table(
    document: Any,
    table: PlanTable,
    *,
    title: bool = True,
    font_size: float | None = None,
) -> Any:
    """Add ``table`` in the official layout to a python-docx ``document``; returns the table.

    The layout of :func:`plan_to_docx`, for a document made elsewhere (e.g. the panel
    report): the title as a bold centred paragraph (unless ``title`` is false), then the six
    columns sized for A4 landscape with 15 mm margins, goal cells merged down over their
    tasks, the header row repeated on every page, each entity and indicator its own
    paragraph. ``font_size`` (points) sets the size of every text in the table; by default
    it is the document's ``Normal`` size.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    size = Pt(font_size) if font_size is not None else None
    if title:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(_clean(table.title))
        run.bold = True
        run.font.size = Pt(12)

    grid = document.add_table(rows=1 + len(table.rows), cols=len(COLUMNS))
    grid.style = "Table Grid"
    header = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, heading in zip(header.cells, table.headings, strict=True):
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        run.font.size = size
    for index, row in enumerate(table.rows, start=1):
        cells = grid.rows[index].cells
        for column, lines in enumerate(_cells(row)):
            if column == 0 and index > 1 and _same_goal(table.rows[index - 2], row):
                continue  # merged into the goal cell above
            _fill(cells[column], lines, size)
    start = 1
    for group in table.goal_groups():
        if len(group) > 1:
            grid.cell(start, 0).merge(grid.cell(start + len(group) - 1, 0))
        start += len(group)
    # tcW for Word, gridCol for LibreOffice and others
    for column, width in zip(grid.columns, _DOCX_WIDTHS, strict=True):
        column.width = Mm(width)
    for r in grid.rows:
        for cell, width in zip(r.cells, _DOCX_WIDTHS, strict=True):
            cell.width = Mm(width)
    return grid


def _fill(cell: Any, lines: Sequence[str], size: Any = None) -> None:
    for number, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.add_run(_clean(line)).font.size = size


def plan_to_xlsx(table: PlanTable) -> bytes:
    """An XLSX workbook: title, heading row, one row per task, goal cells merged.

    Texts are string cells (never formulas); one that starts like a formula is marked as
    typed text (``quotePrefix``). Several entities or indicators are lines in one cell.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = t("planio.sheet")
    width = len(COLUMNS)
    sheet.cell(row=1, column=1, value=_clean(table.title)).font = Font(bold=True, size=12)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, heading in enumerate(table.headings, start=1):
        cell = sheet.cell(row=2, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = wrap
    for index, row in enumerate(table.rows, start=3):
        for column, lines in enumerate(_cells(row), start=1):
            if column == 1 and index > 3 and _same_goal(table.rows[index - 4], row):
                continue
            text = _clean("\n".join(lines))
            cell = sheet.cell(row=index, column=column)
            if text:
                cell.value = text
                cell.data_type = "s"  # openpyxl would store "=..." as a formula
                cell.quotePrefix = text.startswith(FORMULA_STARTS)
            cell.alignment = wrap
    start = 3
    for group in table.goal_groups():
        if len(group) > 1:
            sheet.merge_cells(
                start_row=start, start_column=1, end_row=start + len(group) - 1, end_column=1
            )
        start += len(group)
    for letter, mm in zip("ABCDEF", _DOCX_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = mm * 0.55
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(lines: Sequence[str]) -> str:
    """One Markdown table cell: entities escaped, lines joined with ``<br>``."""
    out = []
    for line in lines:
        text = html.escape(" ".join(line.split()), quote=False)
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text))
    return "<br>".join(out)


def plan_to_markdown(table: PlanTable) -> str:
    """Markdown: the title and one table; a goal is written on its first task only."""
    lines = [f"# {_md([table.title])}", ""]
    lines.append("| " + " | ".join(_md([h]) for h in table.headings) + " |")
    lines.append("|" + "|".join(["---"] * len(COLUMNS)) + "|")
    previous: PlanRow | None = None
    for row in table.rows:
        cells = list(_cells(row))
        if previous is not None and _same_goal(previous, row):
            cells[0] = []
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        previous = row
    return "\n".join(lines) + "\n"


_HTML = """\
{% if not fragment %}<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.3rem; }
@page { size: A4 landscape; margin: 15mm; }
</style>
</head>
<body>
{% endif %}<h1 style="font-size: 1.2rem">{{ title }}</h1>
<table class="swot-plan" style="border-collapse: collapse; width: 100%">
<thead><tr>{% for h in headings %}\
<th style="border: 1px solid #999; padding: .3rem; background: #dde5f0; text-align: left; \
vertical-align: top">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}<tr>{% for cell in row %}{% if cell is not none %}\
<td style="border: 1px solid #999; padding: .3rem; vertical-align: top"\
{% if cell.span > 1 %} rowspan="{{ cell.span }}"{% endif %}>\
{% for line in cell.lines %}<p style="margin: 0 0 .2rem">{{ line }}</p>{% endfor %}</td>\
{% endif %}{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% if not fragment %}<footer style="color: #666; font-size: .85rem">{{ generated }}</footer>
</body>
</html>
{% endif %}"""


def plan_to_html(table: PlanTable, *, fragment: bool = False) -> str:
    """A self-contained HTML page (or, with ``fragment``, the title and table only).

    Goal cells span their tasks (``rowspan``); every text is escaped by jinja2.
    """
    import jinja2

    rows: list[list[dict[str, Any] | None]] = []
    spans = {}
    start = 0
    for group in table.goal_groups():
        spans[start] = len(group)
        start += len(group)
    for index, row in enumerate(table.rows):
        cells: list[dict[str, Any] | None] = [{"lines": lines, "span": 1} for lines in _cells(row)]
        if index in spans:
            cells[0] = {"lines": [row.goal_label], "span": spans[index]}
        else:
            cells[0] = None
        rows.append(cells)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_HTML).render(
        fragment=fragment,
        lang=get_language(),
        title=table.title,
        headings=table.headings,
        rows=rows,
        generated=t("planio.generated"),
    )


# --- import: files to grids --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str  # lines joined with "\n"
    key: int  # the same for every grid position of one merged cell


@dataclass(slots=True)
class _Grid:
    where: str  # "plan.docx, tabela 2"
    rows: list[tuple[int, list[_Cell]]]  # (row number as the user sees it, cells)
    before: list[str] = field(default_factory=list)  # paragraphs before the table (DOCX)


class _Keys:
    """A counter handing out merge keys."""

    def __init__(self) -> None:
        self.n = 0

    def new(self) -> int:
        self.n += 1
        return self.n


def preview_plan(
    source: str | os.PathLike[str] | bytes,
    *,
    filename: str | None = None,
    known_entities: Iterable[str] = (),
) -> PlanPreview:
    """Read a plan table from a DOCX or XLSX file, without writing anything.

    The format is recognised from the content (not the name). Problems the whole file shares
    (not an Office file, no table, no heading row) raise
    :class:`~swot.errors.DataImportError`; everything else is listed in the preview's
    ``problems`` with file, table, row, column and a hint. ``known_entities`` (e.g. names
    already used in the workspace) are compared with the file's entity names.
    """
    data, name = _read_source(source, filename)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(name, "planio.old_office", t("planio.old_office"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    if "word/document.xml" in names:
        grids, title = _docx_grids(data, name)
    elif "xl/workbook.xml" in names:
        grids, title = _xlsx_grids(data, name)
    else:
        raise _refuse(name, "planio.not_office", t("planio.not_office"))
    if not grids:
        raise _refuse(name, "planio.no_table", t("planio.no_table"), t("planio.no_table_hint"))
    table, origins, problems = _parse(name, grids, title)
    _objects, content = _analyse(table, None, _locator(origins), known_entities)
    return PlanPreview(name, table, tuple(problems + content), tuple(origins))


def _refuse(file: str, rule: str, message: str, hint: str = "") -> DataImportError:
    problem = Problem(file, None, None, "", rule, message, hint or t("planio.not_office_hint"))
    return DataImportError([problem], t("planio.cannot_read", file=file))


def _read_source(source: str | os.PathLike[str] | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        data, name = source, filename or "plik"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise _refuse(
                    name,
                    "planio.too_big",
                    t("planio.too_big", size=size // 2**20, max=MAX_BYTES // 2**20),
                )
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise _refuse(
                name,
                "planio.unreadable",
                t("planio.unreadable", reason=reason),
                t("planio.unreadable_hint"),
            ) from None
    if len(data) > MAX_BYTES:
        raise _refuse(
            name,
            "planio.too_big",
            t("planio.too_big", size=len(data) // 2**20, max=MAX_BYTES // 2**20),
        )
    return data, name


def _docx_grids(data: bytes, name: str) -> tuple[list[_Grid], str]:
    """Every top-level table of a Word document as a grid, with the paragraphs before it."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # a broken package raises many kinds (zip, XML, KeyError, ...)
        raise _refuse(name, "planio.not_office", t("planio.not_office")) from None
    keys = _Keys()
    grids: list[_Grid] = []
    before: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                before.append(block.text.strip())
            continue
        where = t("planio.where_table", file=name, table=len(grids) + 1)
        rows: list[tuple[int, list[_Cell]]] = []
        above: dict[int, _Cell] = {}
        for number, tr in enumerate(block._tbl.tr_lst, start=1):
            cells: list[_Cell] = [_Cell("", keys.new()) for _ in range(tr.grid_before)]
            for tc in tr.tc_lst:
                column = len(cells)
                if tc.vMerge == "continue" and column in above:
                    cell = above[column]
                else:
                    lines = [Paragraph(p, block).text for p in tc.iterchildren(qn("w:p"))]
                    cell = _Cell("\n".join(lines).strip(), keys.new())
                cells += [cell] * tc.grid_span
            for column, cell in enumerate(cells):
                above[column] = cell
            rows.append((number, cells))
        grids.append(_Grid(where, rows, before))
        before = []
    return grids, ""


def _xlsx_grids(data: bytes, name: str) -> tuple[list[_Grid], str]:
    """Every worksheet as a grid (merged ranges share one key and the top-left text)."""
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # a broken file raises many kinds (zipfile, KeyError, XML, ...)
        raise _refuse(name, "planio.not_office", t("planio.not_office")) from None
    keys = _Keys()
    grids: list[_Grid] = []
    for sheet in book.worksheets:
        merged: dict[tuple[int, int], _Cell] = {}
        for area in sheet.merged_cells.ranges:
            top = sheet.cell(row=area.min_row, column=area.min_col).value
            cell = _Cell(_cell_text(top), keys.new())
            for r in range(area.min_row, area.max_row + 1):
                for c in range(area.min_col, area.max_col + 1):
                    merged[(r, c)] = cell
        rows: list[tuple[int, list[_Cell]]] = []
        for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [
                merged.get((r, c)) or _Cell(_cell_text(v), keys.new())
                for c, v in enumerate(values, start=1)
            ]
            rows.append((r, cells))
        if any(c.text for _r, cells in rows for c in cells):
            grids.append(_Grid(t("planio.where_sheet", file=name, sheet=sheet.title), rows))
    return grids, ""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).replace("\r\n", "\n").strip()


# --- import: grids to a table ------------------------------------------------------------------

# Header stems after _fold, tried in this order; "entities" = responsible and cooperating in one.
_ROLE_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("indicators", ("wskaznik", "miernik", "rezultat", "indicator", "measure")),
    ("cooperating", ("wspolprac", "partner", "cooperat")),
    ("responsible", ("odpowiedzial", "realizator", "wykonawc", "responsib")),
    ("years", ("perspektyw", "termin", "okres", "harmonogram", "lata", "timeframe", "years")),
    ("task", ("zadani", "dzialani", "task", "action")),
    ("goal", ("cel", "cele", "celu", "goal", "objective")),
)
_NUMBER_HEADINGS = {"lp", "l p", "nr", "no", "numer"}


def _role(heading: str) -> str | None:
    """The plan column a heading names (diacritics, case and small typos ignored)."""
    folded = _fold(heading)
    if not folded:
        return None
    if folded in _NUMBER_HEADINGS:
        return "number"
    words = folded.split()
    found: list[str] = []
    for role, stems in _ROLE_STEMS:
        for stem in stems:
            if len(stem) <= 4:
                hit = any(w == stem for w in words)
            else:
                hit = any(
                    w.startswith(stem)
                    or (len(w) >= len(stem) - 1 and _ratio(w[: len(stem)], stem) >= 0.8)
                    for w in words
                )
            if hit:
                found.append(role)
                break
    if "responsible" in found and "cooperating" in found:
        return "entities"
    if "time" in words or "czas" in words:
        found.append("years")
    return found[0] if found else None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass(slots=True)
class _Layout:
    columns: dict[str, int]  # role -> grid column
    headings: dict[int, str]  # grid column -> heading text
    header_texts: list[str]  # folded texts of the header row (to skip repeats)
    ignored: set[int]  # columns with a heading that is not part of the plan


def _layout(cells: list[_Cell]) -> _Layout | None:
    """The columns of a heading row, or ``None`` if the row is not a plan heading."""
    columns: dict[str, int] = {}
    headings: dict[int, str] = {}
    ignored: set[int] = set()
    seen: set[int] = set()
    for index, cell in enumerate(cells):
        if cell.key in seen:
            continue  # a heading spanning two grid columns
        seen.add(cell.key)
        if not cell.text:
            continue
        headings[index] = cell.text
        role = _role(cell.text)
        if role is None or role in columns:
            ignored.add(index)
        elif role != "number":
            columns[role] = index
    content = set(columns) - {"task"}
    if "task" not in columns or len(content) < 2:
        return None
    folded = [f for f in (_fold(c.text) for c in cells) if f]
    return _Layout(columns, headings, folded, ignored)


_GOAL_PREFIXED = re.compile(
    r"^(?:cel(?:\s+strategiczny)?|goal)\s*(?:nr\.?\s*)?(?P<n>\d{1,3}|[IVXLC]{1,7})"
    r"\s*[.):–—-]?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
_GOAL_NUMBERED = re.compile(r"^(?P<n>\d{1,3}|[IVXLC]{1,7})[.)]\s+(?P<title>\S.*)$")
_TASK_DOTTED = re.compile(
    r"^(?:(?:zadanie|task)\s*(?:nr\.?\s*)?)?(?P<g>\d{1,3})\.(?P<n>\d{1,3})\.?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
_TASK_PREFIXED = re.compile(
    r"^(?:zadanie|task)\s*(?:nr\.?\s*)?(?P<n>\d{1,3})\s*[.):–—-]?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
_TASK_NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<title>\S.*)$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _goal_parts(text: str) -> tuple[int | None, str]:
    """``"Cel strategiczny 2: Rozwój"``, ``"2. Rozwój"``, ``"II. Rozwój"`` -> ``(2, "Rozwój")``."""
    text = " ".join(text.split())
    match = _GOAL_PREFIXED.match(text) or _GOAL_NUMBERED.match(text)
    if not match:
        return None, text
    number = match["n"]
    if number.isdigit():
        return int(number), match["title"]
    if number.isupper():
        return _roman(number), match["title"]
    return None, text  # "cel ii" is not a Roman numeral someone wrote


def _task_parts(text: str) -> tuple[int | None, int | None, str]:
    """``"1.2. Montaż windy"`` -> ``(1, 2, "Montaż windy")``; ``"2) Montaż"`` -> ``(None, 2, ...)``.

    A title that merely starts with a number (``"2019 – festiwal"``) keeps it.
    """
    text = " ".join(text.split())
    match = _TASK_DOTTED.match(text)
    if match:
        return int(match["g"]), int(match["n"]), match["title"]
    match = _TASK_PREFIXED.match(text) or _TASK_NUMBERED.match(text)
    if match:
        return None, int(match["n"]), match["title"]
    return None, None, text


_NUMBERING = re.compile(r"\d{1,3}(?:\.\d{1,3})*[.)]?")
_BULLET = re.compile(r"^\s*[-–—•·*▪○◦]\s+")
_INDICATOR_SPLIT = re.compile(r"(?<=\)\.)\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])")
_RESPONSIBLE_LABEL = re.compile(
    r"^(?:podmioty?\s+)?(?:odpowiedzialn\w*|realizator\w*|responsible)\s*[:–-]\s*",
    re.IGNORECASE,
)
_COOPERATING_LABEL = re.compile(
    r"^(?:podmioty?\s+)?(?:wsp[oó][lł]pracuj\w*|partnerzy|partners?|cooperating)\s*[:–-]\s*",
    re.IGNORECASE,
)


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        line = " ".join(_BULLET.sub("", line).split())
        if line:
            out.append(line)
    return out


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _entities(text: str) -> tuple[str, tuple[str, ...]]:
    """Responsible and cooperating entities written in one cell, one per line.

    Lines may be labelled (``Odpowiedzialny: …``, ``Współpracujący: …``); without labels the
    first line names the responsible entity and the others cooperate.
    """
    responsible: list[str] = []
    cooperating: list[str] = []
    section: str | None = None
    for line in _lines(text):
        if match := _RESPONSIBLE_LABEL.match(line):
            section, line = "responsible", line[match.end() :]
        elif match := _COOPERATING_LABEL.match(line):
            section, line = "cooperating", line[match.end() :]
        elif section is None:
            responsible.append(line)
            section = "cooperating"
            continue
        if section == "responsible":
            responsible.append(line)
        else:
            cooperating += [p.strip() for p in line.split(";")]
    return "; ".join(_unique(responsible)), _unique(cooperating)


@dataclass(slots=True)
class _Draft:
    goal_number: int
    goal_title: str
    task_number: int | None
    task_title: str
    responsible: str
    cooperating: list[str]
    years: str
    indicators: list[str]
    origin: str
    task_key: int | None

    def freeze(self) -> PlanRow:
        return PlanRow(
            self.goal_number,
            self.goal_title,
            self.task_number,
            self.task_title,
            self.responsible,
            _unique(self.cooperating),
            self.years,
            _unique(self.indicators),
        )


def _parse(file: str, grids: list[_Grid], title: str) -> tuple[PlanTable, list[str], list[Problem]]:
    problems: list[Problem] = []
    drafts: list[_Draft] = []
    layout: _Layout | None = None
    goal: tuple[int, str, int] | None = None  # number, title, merge key of its cell
    goal_has_rows = True
    used_goals: set[int] = set()
    found_header = False

    def problem(
        where: str,
        row: int | None,
        column: str | None,
        value: str,
        rule: str,
        hint: str = "",
        severity: str = "error",
        params: dict[str, Any] | None = None,
    ) -> None:
        message = t(rule, **(params or {}))
        problems.append(Problem(where, row, column, value, rule, message, hint, severity))

    def close_goal(where: str, row: int) -> None:
        if goal is not None and not goal_has_rows:
            drafts.append(
                _Draft(goal[0], goal[1], None, "", "", [], "", [], f"{where}#{row}", None)
            )

    def new_goal(text: str, key: int, where: str, row: int) -> None:
        nonlocal goal, goal_has_rows
        close_goal(where, row)
        number, goal_title = _goal_parts(text)
        if number is None:
            number = max(used_goals, default=0) + 1
        used_goals.add(number)
        goal = (number, goal_title, key)
        goal_has_rows = False

    for grid in grids:
        start = 0
        this_layout = None
        for position, (_number, cells) in enumerate(grid.rows[:15]):
            this_layout = _layout(cells)
            if this_layout is not None:
                start = position + 1
                found_header = True
                break
        if this_layout is None:
            if (
                layout is not None
                and grid.rows
                and len(grid.rows[0][1]) > max(layout.columns.values())
            ):
                problem(grid.where, None, None, "", "planio.continued", severity="warning")
            else:
                problem(
                    grid.where,
                    None,
                    None,
                    "",
                    "planio.skipped_table",
                    t("planio.skipped_table_hint"),
                    "warning",
                )
                continue
        else:
            if not title:
                title = _title_before(grid, start)
            layout = this_layout
            for column in sorted(layout.ignored):
                problem(
                    grid.where,
                    grid.rows[start - 1][0],
                    layout.headings[column],
                    layout.headings[column],
                    "planio.unknown_column",
                    severity="warning",
                )
            for role in ("goal", "indicators"):
                if role not in layout.columns:
                    label = t(f"planio.col.{role}")
                    problem(
                        grid.where,
                        grid.rows[start - 1][0],
                        label,
                        "",
                        "planio.missing_column",
                        t("planio.missing_column_hint", column=label),
                        "warning",
                        {"column": label},
                    )
        assert layout is not None
        columns = layout.columns
        mapped = set(columns.values())
        for number, cells in grid.rows[start:]:
            where_row = f"{grid.where}#{number}"

            def text(
                role: str, cells: list[_Cell] = cells, columns: dict[str, int] = columns
            ) -> str:
                index = columns.get(role)
                return cells[index].text if index is not None and index < len(cells) else ""

            folded = [f for f in (_fold(c.text) for c in cells) if f]
            if folded and folded == layout.header_texts:
                continue  # a header row repeated on a new page
            texts = [c.text for c in cells if c.text]
            if not texts:
                continue
            if all(x.isdigit() for x in texts) and [int(x) for x in _unique(texts)] == list(
                range(1, len(_unique(texts)) + 1)
            ):
                continue  # a row numbering the columns: 1 | 2 | 3 ...
            distinct = _unique(texts)
            keys = {c.key for c in cells if c.text}
            spanning = len(keys) == 1 and len(texts) > 1
            if (
                len(distinct) == 1
                and (spanning or "goal" not in columns)
                and (spanning or _goal_parts(distinct[0])[0] is not None)
            ):
                # One text across the whole width: a goal heading row inside the table.
                new_goal(distinct[0], cells[0].key, grid.where, number)
                continue
            shifted = [
                c.text
                for index, c in enumerate(cells)
                if c.text
                and index not in mapped
                and index not in layout.ignored
                and index not in layout.headings
                and not _NUMBERING.fullmatch(c.text)  # an unlabelled "Lp." column
                and all(c.key != cells[m].key for m in mapped if m < len(cells))
            ]
            if shifted:
                problem(
                    grid.where,
                    number,
                    None,
                    shifted[0],
                    "planio.shifted",
                    t("planio.shifted_hint"),
                )
            goal_index = columns.get("goal")
            goal_cell = cells[goal_index] if goal_index is not None else None
            if goal_cell is not None and goal_cell.text:
                same = goal is not None and (
                    goal_cell.key == goal[2]
                    or _fold(_goal_parts(goal_cell.text)[1]) == _fold(goal[1])
                )
                if not same:
                    new_goal(goal_cell.text, goal_cell.key, grid.where, number)
            if goal is None:
                problem(
                    grid.where,
                    number,
                    layout.headings.get(goal_index or 0, t("planio.col.goal")),
                    "",
                    "planio.no_goal",
                    t("planio.no_goal_hint"),
                )
                continue
            task_cell_index = columns["task"]
            task_cell = cells[task_cell_index] if task_cell_index < len(cells) else None
            task_text = text("task")
            if "entities" in columns:
                responsible, cooperating = _entities(text("entities"))
            else:
                lines = _lines(text("responsible"))
                responsible = "; ".join(_unique(lines))
                if len(_unique(lines)) > 1:
                    problem(
                        grid.where,
                        number,
                        layout.headings[columns["responsible"]],
                        responsible,
                        "planio.many_responsible",
                        t("planio.many_responsible_hint"),
                        "warning",
                        {"value": responsible},
                    )
                cooperating = tuple(
                    p.strip() for line in _lines(text("cooperating")) for p in line.split(";")
                )
            years = " ".join(text("years").split())
            indicators = [
                part
                for line in _lines(text("indicators"))
                for part in _INDICATOR_SPLIT.split(line)
                if part.strip()
            ]
            previous = drafts[-1] if drafts else None
            if (
                previous is not None
                and task_cell is not None
                and previous.task_key == task_cell.key
                and (previous.goal_number, previous.goal_title) == goal[:2]
            ):
                # The task cell is merged down: this row adds entities or indicators to it.
                if not previous.responsible:
                    previous.responsible = responsible
                previous.cooperating += list(cooperating)
                previous.years = previous.years or years
                previous.indicators += indicators
                continue
            content = task_text or responsible or cooperating or years or indicators
            if not content:
                continue  # only the (merged) goal cell: nothing to add
            task_goal, task_number, task_title = _task_parts(task_text)
            if task_goal is not None and task_goal != goal[0]:
                problem(
                    grid.where,
                    number,
                    layout.headings[task_cell_index],
                    task_text,
                    "planio.task_goal_mismatch",
                    severity="warning",
                    params={"task": f"{task_goal}.{task_number}", "goal": goal[0]},
                )
            if task_title and task_number is None:
                same_goal = [
                    d.task_number or 0 for d in drafts if (d.goal_number, d.goal_title) == goal[:2]
                ]
                task_number = max(same_goal, default=0) + 1
            drafts.append(
                _Draft(
                    goal[0],
                    goal[1],
                    task_number,
                    task_title,
                    responsible,
                    list(cooperating),
                    years,
                    indicators,
                    where_row,
                    task_cell.key if task_cell is not None else None,
                )
            )
            goal_has_rows = True
    if not found_header:
        problems.insert(
            0,
            Problem(
                file,
                None,
                None,
                "",
                "planio.no_header",
                t("planio.no_header"),
                t("planio.no_table_hint"),
            ),
        )
        raise DataImportError(
            [p for p in problems if p.rule == "planio.no_header"],
            t("planio.cannot_read", file=file),
        )
    close_goal(grids[-1].where, grids[-1].rows[-1][0] if grids[-1].rows else 0)
    rows = tuple(d.freeze() for d in drafts)
    origins = [d.origin for d in drafts]
    return PlanTable(title or t("planio.title"), rows), origins, problems


def _title_before(grid: _Grid, header_position: int) -> str:
    """The title: the last paragraph before the table, or a one-text row above the header."""
    for _number, cells in reversed(grid.rows[: header_position - 1]):
        texts = _unique(c.text for c in cells if c.text)
        if len(texts) == 1:
            return " ".join(texts[0].split())
    return " ".join(grid.before[-1].split()) if grid.before else ""
