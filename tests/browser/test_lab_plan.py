"""The plan editor (swot.widgets.PlanEditor) in a real JupyterLab, driven through its widgets.

Each test writes its own two-cell notebook into the scratch server's folder (cells call only
``swot.*``) opening a private copy of the demo workspace, so nothing depends on
notebooks/04_plan.ipynb or on what other tests wrote. The DOCX is downloaded through the
page's PlanExporter button, as a person would, and read back with
:func:`swot.plan_io.preview_plan`.

Contract used here (CSS classes of swot/widgets/plan.py): swot-plan-editor,
swot-plan-{goals,tasks,indicators} (the three sections), swot-plan-{goal,task,indicator}
(a row's text), swot-plan-{goal,task,indicator}-add, swot-plan-task-edit, swot-save-state
(+ swot-save-state-{saved,failed,...}), swot-status(-ok/-error), swot-plan-goal-title,
swot-plan-goal-picker, swot-plan-task-{title,responsible,cooperating,cooperating-add,years,
years-error}, swot-plan-task-picker, swot-plan-indicator-{name,target,reading},
swot-plan-reading-ok.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat
import pytest
from lab import LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

INSTITUTION = "mok"
AUTHOR = "Anna K."

GOAL = "Pracownia ceramiczna dla mieszkańców"
TASK = "Uruchomienie warsztatów ceramicznych"
RESPONSIBLE = "Miejski Ośrodek Kultury"
KNOWN_PARTNER = "Miejska Biblioteka Publiczna"  # in the demo workspace: offered by the list
NEW_PARTNER = "Stowarzyszenie Ceramików „Glina”"  # typed as a new tag
YEARS_TYPED = "2019–2021"  # en dash, as plans write it
INDICATOR = "Liczba warsztatów"
TARGET = "min. 10 rocznie"
READING = "✓ co najmniej 10 rocznie w latach 2019-2021"  # read with the task's own years
SAVED = "✔ wszystkie zmiany zapisane"
YEARS_ERROR = (
    "Pole „perspektywa czasowa”: oczekiwano roku początkowego nie późniejszego niż końcowy, "
    "otrzymano '2021-2019'. Zamień lata miejscami (np. 2019-2021)."
)

_KERNEL_IDLE_JS = """
() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'
"""


# ------------------------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from swot.demo import build_demo

    return Path(build_demo(tmp_path_factory.mktemp("plan-demo") / "demo.swot"))


@pytest.fixture
def workspace(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace (three goals of "mok", no plan horizon)."""
    path = tmp_path / "demo.swot"
    shutil.copyfile(demo_template, path)
    return path


def write_plan_notebook(server: LabServer, name: str, workspace: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import swot\nimport swot.widgets\n\n"
            f"ws = swot.Workspace.open({str(workspace)!r}, actor={AUTHOR!r})"
        ),
        nbformat.v4.new_code_cell(
            f"swot.widgets.PlanEditor(ws, {INSTITUTION!r}, author={AUTHOR!r})"
        ),
        nbformat.v4.new_code_cell(f"swot.widgets.PlanExporter(ws, {INSTITUTION!r})"),
    ]
    nbformat.write(nb, server.root_dir / name)
    return name


def section(page: Page, key: str) -> Locator:
    """The goals, tasks or indicators section (``key``: goal, task, indicator)."""
    return page.locator(f".swot-plan-editor .swot-plan-{key}s")


def idle(page: Page) -> None:
    """Wait until the kernel has handled every message sent so far (redraws included)."""
    page.wait_for_function(_KERNEL_IDLE_JS, polling=50)


def type_into(field: Locator, text: str) -> None:
    """Type into a text field and leave it: the fields sync on change (continuous_update off)."""
    field.fill(text)
    field.press("Tab")


def expect_saved(panel: Locator) -> None:
    state = panel.locator(".swot-save-state")
    expect(state).to_have_text(SAVED)
    expect(state).to_have_class(_has("swot-save-state-saved"))
    expect(panel.locator(".swot-status").first).to_contain_text("Zapisano")


def _has(css_class: str) -> object:
    import re

    return re.compile(rf"(^|\s){re.escape(css_class)}(\s|$)")


def stored(workspace: Path) -> dict[str, list[tuple[object, ...]]]:
    """Goals, tasks and indicators of the institution as the workspace holds them."""
    from swot import Indicator, Task, Workspace

    out: dict[str, list[tuple[object, ...]]] = {"goals": [], "tasks": [], "indicators": []}
    with Workspace.open(workspace) as ws:
        for goal in ws.goals(INSTITUTION):
            out["goals"].append((goal.number, goal.title))
            for task in ws.objects(Task, parent=goal.id):
                out["tasks"].append(
                    (
                        goal.title,
                        task.title,
                        task.responsible,
                        task.cooperating,
                        task.start_year,
                        task.end_year,
                    )
                )
                for ind in ws.objects(Indicator, parent=task.id):
                    out["indicators"].append((task.title, ind.name, ind.target_text))
    return out


# -------------------------------------------------------------------------------------- tests


def test_goal_task_and_indicator_added_in_the_editor_reach_workspace_and_docx(
    scratch_lab: LabServer, page: Page, workspace: Path, tmp_path: Path
) -> None:
    from swot import plan_io
    from swot.plan import known_entities
    from swot.store import Workspace

    started = time.perf_counter()
    before = stored(workspace)
    name = write_plan_notebook(scratch_lab, "plan_add.ipynb", workspace)
    open_notebook(page, scratch_lab, name)
    expect(page.locator(".swot-plan-editor h3")).to_have_text(
        "Plan rozwoju: Miejski Ośrodek Kultury"
    )

    # --- a new goal; the task form then works under it
    goals = section(page, "goal")
    type_into(goals.locator(".swot-plan-goal-title textarea"), GOAL)
    expect(goals.locator(".swot-save-state")).to_contain_text("niezapisane")
    goals.locator("button.swot-plan-goal-add").click()
    expect(goals.locator(".swot-plan-goal b").filter(has_text=GOAL)).to_have_text(f"4. {GOAL}")
    expect_saved(goals)
    idle(page)
    tasks = section(page, "task")
    expect(tasks.locator(".swot-plan-goal-picker select option:checked")).to_have_text(f"4. {GOAL}")
    expect(tasks.locator(".swot-plan-task-items")).to_contain_text("Brak zadań.")

    # --- a task: responsible from the list, one partner offered, one typed, years with en dash
    type_into(tasks.locator(".swot-plan-task-title textarea"), TASK)
    type_into(tasks.locator(".swot-plan-task-responsible input"), RESPONSIBLE)
    pick = tasks.locator(".swot-plan-task-cooperating-add input")
    pick.fill(KNOWN_PARTNER)
    pick.press("Enter")
    tags = tasks.locator(".swot-plan-task-cooperating .jupyter-widget-tag:not(input)")
    expect(tags).to_have_count(1)
    expect(pick).to_have_value("")  # the pick box empties itself once the tag is added
    idle(page)
    tasks.locator(".swot-plan-task-cooperating").click()
    tag_input = tasks.locator(".swot-plan-task-cooperating input.jupyter-widget-taginput")
    # Enter in the tag box itself reaches JupyterLab's notebook shortcuts and adds nothing;
    # leaving the box (Tab) adds the tag, as the change event fires then.
    type_into(tag_input, NEW_PARTNER)
    expect(tags).to_have_count(2)
    expect(tags.nth(0)).to_contain_text(KNOWN_PARTNER)
    expect(tags.nth(1)).to_contain_text(NEW_PARTNER)
    type_into(tasks.locator(".swot-plan-task-years input"), YEARS_TYPED)
    idle(page)
    expect(tasks.locator(".swot-plan-task-years-error")).to_have_text("")
    tasks.locator("button.swot-plan-task-add").click()
    task_row = tasks.locator(".swot-plan-task").filter(has_text=TASK)
    expect(task_row.locator("b")).to_have_text(f"4.1. {TASK}")
    expect(task_row).to_contain_text(
        f"odpowiada: {RESPONSIBLE}; współpracują: {KNOWN_PARTNER}, {NEW_PARTNER}; lata: 2019-2021"
    )
    expect_saved(tasks)
    expect(tasks.locator(".swot-plan-task-title textarea")).to_have_value("")  # form reset
    idle(page)

    # --- an indicator of the new task; its target is read live, with the task's years
    indicators = section(page, "indicator")
    expect(indicators.locator(".swot-plan-task-picker select option:checked")).to_have_text(
        f"4.1. {TASK}"
    )
    type_into(indicators.locator(".swot-plan-indicator-name textarea"), INDICATOR)
    type_into(indicators.locator(".swot-plan-indicator-target input"), TARGET)
    reading = indicators.locator(".swot-plan-indicator-reading")
    expect(reading).to_have_text(READING)
    expect(reading).to_have_class(_has("swot-plan-reading-ok"))
    expect(reading.locator("span")).to_have_css("color", "rgb(27, 127, 59)")
    indicators.locator("button.swot-plan-indicator-add").click()
    indicator_row = indicators.locator(".swot-plan-indicator").filter(has_text=INDICATOR)
    expect(indicator_row.locator("b")).to_have_text(f"{INDICATOR} ({TARGET})")
    expect(indicator_row).to_contain_text(READING)
    expect_saved(indicators)
    idle(page)
    page.locator(".swot-plan-editor").scroll_into_view_if_needed()
    indicator_row.scroll_into_view_if_needed()
    screenshot(page, "plan-editor-added")

    # --- the workspace holds exactly what was typed (read from this process)
    after = stored(workspace)
    assert after["goals"] == [*before["goals"], (4, GOAL)]
    new_tasks = [x for x in after["tasks"] if x not in before["tasks"]]
    assert new_tasks == [
        (GOAL, TASK, RESPONSIBLE, (KNOWN_PARTNER, NEW_PARTNER), 2019, 2021),
    ]
    new_indicators = [x for x in after["indicators"] if x not in before["indicators"]]
    assert new_indicators == [(TASK, INDICATOR, TARGET)]

    # --- the official table (DOCX), downloaded through the page, has them and reads back
    page.locator(".swot-plan-exporter .swot-planexp-docx").click()
    link = page.locator(".swot-plan-exporter a.swot-planexp-download")
    expect(link).to_have_text(f"⬇ plan_{INSTITUTION}.docx", timeout=20_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"plan_{INSTITUTION}.docx"
    path = tmp_path / "plan.docx"
    download.save_as(path)
    with Workspace.open(workspace) as ws:
        known = known_entities(ws)
    preview = plan_io.preview_plan(path, known_entities=known)
    assert preview.ok, [str(p) for p in preview.errors]
    rows = [r for r in preview.table.rows if r.task_title == TASK]
    assert len(rows) == 1, [r.task_label for r in preview.table.rows]
    row = rows[0]
    assert (row.goal_number, row.goal_title, row.task_number) == (4, GOAL, 1)
    assert row.responsible == RESPONSIBLE
    assert row.cooperating == (KNOWN_PARTNER, NEW_PARTNER)
    assert row.years.replace("–", "-") == "2019-2021"
    assert row.indicators == (f"{INDICATOR} ({TARGET}).",)
    assert plan_io.indicator_parts(row.indicators[0]) == (INDICATOR, TARGET)

    shutdown_kernel(page, name)
    print(f"goal + task + indicator + DOCX: {time.perf_counter() - started:.1f} s")


def test_reversed_years_show_the_polish_error_and_save_nothing(
    scratch_lab: LabServer, page: Page, workspace: Path
) -> None:
    started = time.perf_counter()
    before = stored(workspace)
    name = write_plan_notebook(scratch_lab, "plan_bad_years.ipynb", workspace)
    open_notebook(page, scratch_lab, name)
    tasks = section(page, "task")
    error = tasks.locator(".swot-plan-task-years-error")
    years = tasks.locator(".swot-plan-task-years input")
    status = tasks.locator(".swot-status").first

    # A new task (under the first goal, picked by default): the error shows beside the field
    # as soon as the field is left, and "Add" refuses with the same message.
    expect(tasks.locator(".swot-plan-goal-picker select option:checked")).to_contain_text("1. ")
    type_into(tasks.locator(".swot-plan-task-title textarea"), "Zadanie z odwróconymi latami")
    type_into(years, "2021-2019")
    expect(error).to_have_text(f"✖ {YEARS_ERROR}")
    expect(error.locator("span")).to_have_css("color", "rgb(179, 38, 30)")
    idle(page)
    tasks.locator("button.swot-plan-task-add").click()
    expect(status).to_have_text(f"✖ Nie zapisano. {YEARS_ERROR}")
    expect(status).to_have_class(_has("swot-status-error"))
    expect(tasks.locator(".swot-save-state")).to_have_text("✖ ostatnia zmiana NIE jest zapisana")
    expect(tasks.locator(".swot-plan-task").filter(has_text="odwróconymi")).to_have_count(0)
    idle(page)
    assert stored(workspace) == before
    screenshot(page, "plan-editor-bad-years")

    # An existing task being edited saves itself at every change, but not with reversed years.
    tasks.locator(".swot-plan-task-row").first.locator("button.swot-plan-task-edit").click()
    expect(tasks.locator("button.swot-plan-task-add")).to_contain_text("Zapisz teraz")
    expect(tasks.locator(".swot-save-state")).to_contain_text("edycja")
    idle(page)
    original = years.input_value()
    assert original, "the first demo task has years"
    type_into(years, "2021-2019")
    expect(error).to_have_text(f"✖ {YEARS_ERROR}")
    expect(status).to_have_text(f"✖ Nie zapisano. {YEARS_ERROR}")
    expect(tasks.locator(".swot-save-state")).to_have_text("✖ ostatnia zmiana NIE jest zapisana")
    expect(tasks.locator(".swot-plan-task-row").first).to_contain_text(f"lata: {original}")
    idle(page)
    assert stored(workspace) == before

    shutdown_kernel(page, name)
    print(f"reversed years: {time.perf_counter() - started:.1f} s")
