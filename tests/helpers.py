"""Helpers shared by the tests (``from helpers import``): waiting for a condition, and the
played demo with planted payloads for the report tests.

pytest puts ``tests/`` on ``sys.path`` for the test modules here, as ``tests/browser`` does
for its ``lab`` helpers.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from swot import demo
from swot.model import Factor, Goal, Indicator, Quadrant, Strategy, StrategyKind, Task
from swot.store import Workspace


def wait_until(condition: Callable[[], object], seconds: float = 5.0) -> bool:
    """Whether ``condition()`` became true within ``seconds`` (polled every 0.05 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


#: Markup that must stay text in every report file.
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
#: A spreadsheet formula that must stay text in the XLSX.
FORMULA = '=HYPERLINK("http://zly.example","kliknij")'


def rich_demo(template: Path, path: Path) -> Path:
    """A copy of the demo ``template`` at ``path`` after the sample workshop, plan links,
    monitoring and cooperation, plus a factor, strategy, goal, task and indicator of MOK
    carrying :data:`XSS` or :data:`FORMULA`."""
    shutil.copyfile(template, path)
    with Workspace.open(path, actor="trener") as ws:
        for institution in ws.institutions():
            demo.play_sample_workshop(ws, institution.id)
            demo.link_sample_plan(ws, institution.id)
            demo.play_sample_monitoring(ws, institution.id)
        demo.play_sample_cooperation(ws)
        bad = ws.add(Factor(institution_id="mok", quadrant=Quadrant.W, text=XSS, importance=5))
        ws.add(Factor(institution_id="mok", quadrant=Quadrant.S, text=FORMULA, importance=2))
        strategy = ws.add(
            Strategy(
                institution_id="mok",
                kind=StrategyKind.WO,
                text="Strategia " + XSS,
                factor_ids=(bad.id,),
            )
        )
        goal = ws.add(Goal(institution_id="mok", number=9, title="Cel " + XSS))
        task = ws.add(
            Task(
                goal_id=goal.id,
                number=1,
                title=FORMULA,
                responsible="MOK",
                strategy_ids=(strategy.id,),
            )
        )
        ws.add(Indicator(task_id=task.id, name="Liczba " + XSS, target_text="min. 2 rocznie"))
    return path
