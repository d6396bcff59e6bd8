"""Importing an existing plan table through the widget: check, read the preview, import or not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from swot import Goal, Indicator, Task
from swot.plan_io import export_plan
from swot.widgets.plan_import import PlanImporter


@pytest.fixture
def plan_file(demo_ws, tmp_path):
    path = tmp_path / "plan_mok.docx"
    export_plan(demo_ws, "mok", path)
    return path


def _counts(ws, institution_id):
    goals = ws.goals(institution_id)
    tasks = [t for g in goals for t in ws.objects(Task, parent=g.id)]
    indicators = [i for t in tasks for i in ws.objects(Indicator, parent=t.id)]
    return len(goals), len(tasks), len(indicators)


def test_a_plan_file_is_checked_then_imported_whole(demo_ws, plan_file):
    before = _counts(demo_ws, "mok")
    view = PlanImporter(demo_ws, "tkacz", actor="Anna K.", base_dir=plan_file.parent)
    view.path.value = plan_file.name  # relative to base_dir, as typed in a notebook
    view.replace.value = True  # Tkacz has its own draft plan: replaced in the same transaction
    view.check_button.click()
    assert "Plik odczytany" in view.status.text
    assert not view.accept_button.disabled
    assert f"celów {before[0]}, zadań {before[1]}, wskaźników {before[2]}" in repr(view)
    assert "<table" in view.report.value
    view.accept_button.click()
    assert "Zaimportowano plan z pliku plan_mok.docx" in view.status.text
    assert _counts(demo_ws, "tkacz") == before
    titles = sorted(g.title for g in demo_ws.goals("tkacz"))
    assert titles == sorted(g.title for g in demo_ws.goals("mok"))
    assert view.accept_button.disabled and view.report.value == ""


def test_existing_goals_are_not_overwritten_without_replace(demo_ws, plan_file):
    before = [g.title for g in demo_ws.goals("tkacz")]
    view = PlanImporter(demo_ws, "tkacz")
    view.path.value = str(plan_file)
    view.check_button.click()
    view.accept_button.click()
    assert "Nic nie zostało zapisane" in view.status.text
    assert "już" in view.report.value or "istnie" in view.report.value
    assert [g.title for g in demo_ws.goals("tkacz")] == before


def test_a_file_that_is_no_plan_is_refused_with_reasons(demo_ws, tmp_path):
    fake = tmp_path / "plan.docx"
    fake.write_text("Cel;Zadanie\n1;2\n", encoding="utf-8")
    view = PlanImporter(demo_ws, "tkacz")
    view.path.value = str(fake)
    count = demo_ws.count(Goal)
    view.check_button.click()
    assert "Nie udało się odczytać pliku" in view.status.text
    assert view.accept_button.disabled
    assert "plan.docx" in repr(view)
    assert demo_ws.count(Goal) == count


def test_nothing_chosen_gets_a_polish_message(demo_ws):
    view = PlanImporter(demo_ws, "tkacz")
    view.check_button.click()
    assert "Najpierw wybierz plik" in view.status.text


def test_uploaded_bytes_work_like_a_path_and_text_is_escaped(demo_ws, tmp_path):
    goal = demo_ws.goals("mok")[0]
    demo_ws.update(goal.replace(title="<script>alert(1)</script>"))
    path = tmp_path / "p.docx"
    export_plan(demo_ws, "mok", path)
    view = PlanImporter(demo_ws, "tkacz")
    view.upload.value = (
        {
            "name": "p.docx",
            "type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "size": path.stat().st_size,
            "content": memoryview(path.read_bytes()),
            "last_modified": datetime(2019, 3, 1, tzinfo=UTC),
        },
    )
    view.path.value = "/nie/ma/takiego/pliku.docx"  # the upload wins
    view.check_button.click()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.report.value
    assert "<script>" not in view.report.value


def test_a_file_named_up_front_is_previewed_at_once(demo_ws, plan_file):
    view = PlanImporter(demo_ws, "tkacz", path=plan_file)
    assert "Plik odczytany" in view.status.text
    assert "plan_mok.docx: celów 3" in repr(view)
    assert demo_ws.goals("tkacz") and not view.accept_button.disabled


def test_parts_keep_their_classes(demo_ws):
    view = PlanImporter(demo_ws, None)
    parts = {
        "upload": view.upload,
        "path": view.path,
        "replace": view.replace,
        "check": view.check_button,
        "accept": view.accept_button,
        "cancel": view.cancel_button,
        "report": view.report,
    }
    for key, part in parts.items():
        assert f"swot-planimp-{key}" in part._dom_classes
    assert "swot-plan-importer" in view._dom_classes
    assert view.upload.accept == ".docx,.xlsx" and view.pending is None
    assert view.check_button.layout.width == "auto"
    assert repr(view) == "Import istniejącego planu (DOCX lub XLSX)"
