"""“Why is this task in our plan?”: pick a task, see the chain back to the residents' answers."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from swot.i18n import register, t
from swot.model import Task
from swot.plan import task_label
from swot.store import Workspace
from swot.trace import TaskTrace, trace_task, trace_text
from swot.widgets._common import FullTextRepr, StatusLine, guarded

__all__ = ["TraceView", "trace_html"]

register(
    {
        "ui.trace.task": {"pl": "Zadanie", "en": "Task"},
        "ui.trace.none": {
            "pl": "Ten plan nie ma jeszcze zadań.",
            "en": "This plan has no tasks yet.",
        },
    }
)

_STEP = "margin:2px 0 2px {indent}px;line-height:1.35"


def trace_html(trace: TaskTrace) -> str:
    """The chain as nested, escaped HTML: strategies, factors, then their evidence."""

    def line(indent: int, body: str, colour: str = "#222") -> str:
        return f"<div style='{_STEP.format(indent=indent)};color:{colour}'>{body}</div>"

    e = html.escape
    out = [
        line(0, f"<b>{e(t('trace.goal', number=trace.goal.number, title=trace.goal.title))}</b>"),
        line(12, f"<b>{e(t('trace.task', label=trace.label, title=trace.task.title))}</b>"),
    ]
    for link in trace.strategies:
        key = "trace.strategy" if link.via_goal else "trace.strategy_own"
        out.append(
            line(24, f"↳ {e(t(key, kind=link.strategy.kind.value))}: {e(link.strategy.text)}")
        )
        for factor in link.factors:
            f = factor.factor
            text = t(
                "trace.factor", quadrant=f.quadrant.label, text=f.text, importance=f.importance
            )
            out.append(line(40, f"↳ {e(text)}", "#333"))
            for evidence in factor.evidence:
                if evidence.finding is not None:
                    statement = t("trace.finding", statement=evidence.finding.statement)
                    source = t("trace.source", source=evidence.finding.source)
                    out.append(line(56, f"↳ <b>{e(statement)}</b> <i>({e(source)})</i>", "#1b5e20"))
                if evidence.source:
                    out.append(line(56, f"↳ {e(t('trace.free_source', source=evidence.source))}"))
    for gap in trace.gaps:
        out.append(line(12, f"⚠ {e(gap)}", "#b3261e"))
    if trace.complete:
        done = t("trace.complete", findings=len(trace.findings), sources=len(trace.sources))
        out.append(line(12, f"✓ {e(done)}", "#1b7f3b"))
    return "<div class='swot-trace-tree'>" + "".join(out) + "</div>"


class TraceView(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Pick a task of an institution's plan; see which strategies, factors and findings it
    rests on, and where the chain still has gaps."""

    def __init__(self, ws: Workspace, institution_id: str | None, **kwargs: Any) -> None:
        self.ws = ws
        self.institution_id = institution_id
        options = []
        for goal in ws.goals(institution_id):
            for task in sorted(ws.objects(Task, parent=goal.id), key=lambda x: x.number):
                options.append((f"{task_label(goal, task)} {task.title[:70]}", task.id))
        self.task = w.Dropdown(
            options=options, description=t("ui.trace.task"), layout=w.Layout(width="95%")
        )
        self.task.add_class("swot-trace-task")
        self.tree = w.HTML()
        self.tree.add_class("swot-trace")
        self.status = StatusLine()
        self.task.observe(guarded(self.status)(lambda _change: self._draw()), names="value")
        super().__init__(children=[self.task, self.tree, self.status], **kwargs)
        self.add_class("swot-trace-view")
        self._draw()

    def _draw(self) -> None:
        if self.task.value is None:
            self.tree.value = f"<i>{html.escape(t('ui.trace.none'))}</i>"
            return
        self.tree.value = trace_html(trace_task(self.ws, self.task.value))

    def __repr__(self) -> str:
        if self.task.value is None:
            return t("ui.trace.none")
        return trace_text(trace_task(self.ws, self.task.value))
