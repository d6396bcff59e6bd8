"""Where every team stands: one row of progress numbers per institution.

The trainer's overview (:class:`swot.widgets.TrainerOverview`) shows these rows; the numbers
come from the same functions the workshop views use (:func:`swot.facilitation.voting_progress`,
:func:`swot.tows.unaddressed`, :func:`swot.plan.check_plan`, :func:`swot.tows.open_comments`),
so the overview never disagrees with what a team sees. Voting progress counts dots only,
never who voted for what, so it is safe to show while the votes are hidden.

Examples
--------
>>> from swot.demo import build_demo
>>> import tempfile, pathlib
>>> with Workspace.open(build_demo(pathlib.Path(tempfile.mkdtemp()) / "d.swot")) as ws:
...     [row.institution_id for row in team_progress(ws)]
['mok', 'tkacz', 'dok']
"""

from __future__ import annotations

from dataclasses import dataclass

from swot.facilitation import session, voting_progress
from swot.model import Indicator, Institution, Phase, Quadrant, Strategy, Task
from swot.plan import Severity, check_plan
from swot.store import Workspace
from swot.tows import open_comments, unaddressed

__all__ = ["TeamProgress", "team_progress"]


@dataclass(frozen=True, slots=True)
class TeamProgress:
    """Progress of one institution's team, as numbers (rendering is the widget's job)."""

    institution_id: str
    name: str
    factors: dict[Quadrant, int]
    votes_cast: int
    votes_possible: int
    phase: Phase
    strategies: int
    unaddressed: int  # important weaknesses and threats no strategy answers
    goals: int
    tasks: int
    indicators: int
    plan_errors: int
    plan_warnings: int
    open_comments: int

    @property
    def factors_total(self) -> int:
        return sum(self.factors.values())


def _progress(ws: Workspace, institution: Institution) -> TeamProgress:
    factors = ws.factors(institution.id)
    votes = voting_progress(ws, institution.id)
    goals = ws.goals(institution.id)
    tasks = [task for goal in goals for task in ws.objects(Task, parent=goal.id)]
    indicators = sum(len(ws.objects(Indicator, parent=task.id)) for task in tasks)
    issues = check_plan(ws, institution.id)
    return TeamProgress(
        institution_id=institution.id,
        name=institution.name,
        factors={q: sum(1 for f in factors if f.quadrant is q) for q in Quadrant},
        votes_cast=votes.votes_cast,
        votes_possible=votes.votes_possible,
        phase=session(ws, institution.id).phase,
        strategies=len(ws.objects(Strategy, parent=institution.id)),
        unaddressed=len(unaddressed(ws, institution.id)),
        goals=len(goals),
        tasks=len(tasks),
        indicators=indicators,
        plan_errors=sum(1 for i in issues if i.severity is Severity.ERROR),
        plan_warnings=sum(1 for i in issues if i.severity is Severity.WARNING),
        open_comments=len(open_comments(ws, institution.id)),
    )


def team_progress(ws: Workspace) -> list[TeamProgress]:
    """One :class:`TeamProgress` per institution, in the order the institutions were added.

    Only institutions' own plans count here (the joint cooperation plan, with goals that
    belong to no institution, is not any one team's progress).
    """
    return [_progress(ws, institution) for institution in ws.institutions()]
