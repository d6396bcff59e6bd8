"""Downloading the plan table from the widget."""

from __future__ import annotations

import base64
import re

from swot.plan_io import preview_plan
from swot.widgets.plan_export import PlanExporter


def _downloaded(view):
    match = re.search(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', view.link.value)
    assert match, view.link.value
    return match[1], base64.b64decode(match[2])


def test_each_format_is_offered_for_download_and_saved_next_to_the_workspace(demo_ws, tmp_path):
    view = PlanExporter(demo_ws, "mok", folder=tmp_path)
    for key in ("docx", "xlsx", "html", "md"):
        view.buttons[key].click()
        name, data = _downloaded(view)
        assert name == f"plan_mok.{key}"
        assert (tmp_path / name).read_bytes() == data
        assert "Gotowe: plan_mok." in view.status.text
    name, data = (lambda v: (v.buttons["docx"].click(), _downloaded(v))[1])(view)
    preview = preview_plan(data, filename=name)
    assert preview.ok
    titles = {row.goal_title for row in preview.table.rows}
    assert titles == {g.title for g in demo_ws.goals("mok") if g.institution_id == "mok"}


def test_user_text_cannot_break_out_of_the_link(demo_ws):
    goal = demo_ws.goals("mok")[0]
    demo_ws.update(goal.replace(title='"><script>alert(1)</script>'))
    view = PlanExporter(demo_ws, "mok")
    view.buttons["html"].click()
    _name, data = _downloaded(view)
    assert b"<script>alert(1)</script>" not in data
    assert "<script>" not in view.link.value
    assert "Zapisano też" not in view.status.text  # no folder: download only
