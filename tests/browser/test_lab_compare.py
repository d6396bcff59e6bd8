"""The shared-themes panel (swot.widgets.ThemesPanel) in a real JupyterLab.

A person confirms a suggested shared theme and turns it into a task of the joint
(cooperation) plan; the test then reads the workspace from its own process: the theme is
stored as confirmed, and the joint plan holds a goal of no institution with the task, one
responsible institution and the other cooperating.

As in test_lab_plan.py, the test writes its own two-cell notebook (cells call only
``swot.*``) opening a private copy of the demo workspace, so nothing depends on
notebooks/03_porownanie.ipynb or on what other tests wrote.

Contract used here (CSS classes of swot/widgets/compare.py): swot-themes-panel,
swot-themes-{confirmed,suggested} (the two lists), swot-theme-row, swot-theme-{confirmed,
suggested} (a row's state), swot-theme-label, swot-theme-confirm, swot-theme-to-plan,
swot-joint-{form,title,goal,goal-title,responsible,cooperating,years,add,plan},
swot-status(-ok/-error).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from lab import LabServer, open_notebook, screenshot, shutdown_kernel
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

AUTHOR = "Anna K."
THEME = "Przestarzała strona internetowa i mała aktywność w mediach"
THEME_FACTORS = {
    ("mok", THEME),
    ("dok", "Oferta słabo widoczna w internecie, brak profilu w mediach"),
}
GOAL = "Wspólna promocja ośrodków w internecie"
YEARS = "2019–2020"  # en dash, as plans write it

_KERNEL_IDLE_JS = """
() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'
"""


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from swot.demo import build_demo

    return Path(build_demo(tmp_path_factory.mktemp("compare-demo") / "demo.swot"))


@pytest.fixture
def workspace(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace (no confirmed themes, no joint plan)."""
    path = tmp_path / "demo.swot"
    shutil.copyfile(demo_template, path)
    return path


def write_themes_notebook(server: LabServer, name: str, workspace: Path) -> str:
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
        nbformat.v4.new_code_cell(f"swot.widgets.ThemesPanel(ws, author={AUTHOR!r})"),
    ]
    nbformat.write(nb, server.root_dir / name)
    return name


def idle(page: Page) -> None:
    """Wait until the kernel has handled every message sent so far (redraws included)."""
    page.wait_for_function(_KERNEL_IDLE_JS, polling=50)


def type_into(field: Locator, text: str) -> None:
    field.fill(text)
    field.press("Tab")


def _has(css_class: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){re.escape(css_class)}(\s|$)")


def test_confirm_a_shared_theme_and_add_it_as_a_joint_task(
    scratch_lab: LabServer, page: Page, workspace: Path
) -> None:
    from swot import compare
    from swot.model import Task
    from swot.store import Workspace

    started = time.perf_counter()
    name = write_themes_notebook(scratch_lab, "themes_joint_task.ipynb", workspace)
    open_notebook(page, scratch_lab, name)
    panel = page.locator(".swot-themes-panel")
    status = panel.locator(".swot-status").first
    expect(panel.locator("h3").first).to_have_text("Wspólne tematy instytucji")

    # --- confirm the suggested theme
    suggested = panel.locator(".swot-themes-suggested .swot-theme-row").filter(
        has=page.locator(".swot-theme-label", has_text=THEME)
    )
    expect(suggested).to_have_count(1)
    expect(suggested).to_contain_text("Oferta słabo widoczna w internecie")
    suggested.locator("button.swot-theme-confirm").click()
    expect(status).to_have_text(f"✔ Zatwierdzono temat: {THEME}")
    expect(status).to_have_class(_has("swot-status-ok"))
    confirmed = panel.locator(".swot-themes-confirmed .swot-theme-row").filter(
        has=page.locator(".swot-theme-label", has_text=THEME)
    )
    expect(confirmed).to_have_count(1)
    expect(confirmed).to_have_class(_has("swot-theme-confirmed"))
    idle(page)

    # --- "to the cooperation plan" fills the joint task form from the theme
    confirmed.locator("button.swot-theme-to-plan").click()
    form = panel.locator(".swot-joint-form")
    expect(form.locator(".swot-joint-title input")).to_have_value(THEME)
    expect(form.locator(".swot-joint-responsible select option:checked")).to_have_text(
        "Miejski Ośrodek Kultury"
    )
    expect(form.locator(".swot-joint-cooperating select option:checked")).to_have_text(
        ["Dzielnicowy Ośrodek Kultury"]
    )
    expect(form.locator(".swot-joint-goal select option:checked")).to_contain_text("nowy cel")
    idle(page)
    type_into(form.locator(".swot-joint-goal-title input"), GOAL)
    type_into(form.locator(".swot-joint-years input"), YEARS)
    idle(page)
    form.locator("button.swot-joint-add").click()
    expect(status).to_have_text(
        f"✔ Dodano wspólne zadanie 1.1. {THEME} (odpowiada: Miejski Ośrodek Kultury)"
    )
    plan = panel.locator(".swot-joint-plan")
    expect(plan).to_contain_text(f"1. {GOAL}")
    expect(plan).to_contain_text(f"1.1. {THEME}")
    expect(plan).to_contain_text("Dzielnicowy Ośrodek Kultury")
    expect(form.locator(".swot-joint-title input")).to_have_value("")  # form reset
    idle(page)
    plan.scroll_into_view_if_needed()
    screenshot(page, "compare-themes-joint-task")

    # --- the workspace holds the confirmed theme and the joint task (read from this process)
    with Workspace.open(workspace) as ws:
        themes = compare.confirmed_themes(ws)
        assert [g.label for g in themes] == [THEME]
        assert {(f.institution_id, f.text) for f in themes[0].factors} == THEME_FACTORS
        (goal,) = compare.joint_goals(ws)
        assert (goal.institution_id, goal.number, goal.title) == (None, 1, GOAL)
        (task,) = ws.objects(Task, parent=goal.id)
        assert (task.number, task.title) == (1, THEME)
        assert task.responsible == "Miejski Ośrodek Kultury"
        assert task.cooperating == ("Dzielnicowy Ośrodek Kultury",)
        assert (task.start_year, task.end_year) == (2019, 2020)

    shutdown_kernel(page, name)
    print(f"confirm theme + joint task: {time.perf_counter() - started:.1f} s")
