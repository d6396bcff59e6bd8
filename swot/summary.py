"""What a workspace holds, per institution: computed once, rendered by the CLI and widgets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from swot.i18n import plural, t
from swot.model import Goal, Indicator, Quadrant, Strategy, Task
from swot.store import Workspace

__all__ = ["InstitutionSummary", "WorkspaceSummary", "workspace_summary"]


@dataclass(frozen=True, slots=True)
class InstitutionSummary:
    id: str
    name: str
    label: str
    teams: int
    members: int
    factors: dict[str, int]  # quadrant letter -> count
    strategies: int
    goals: int
    tasks: int
    indicators: int

    @property
    def factor_total(self) -> int:
        return sum(self.factors.values())


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    name: str
    institutions: tuple[InstitutionSummary, ...]
    joint_goals: int

    @property
    def teams(self) -> int:
        return sum(i.teams for i in self.institutions)

    @property
    def factors(self) -> int:
        return sum(i.factor_total for i in self.institutions)

    @property
    def goals(self) -> int:
        return sum(i.goals for i in self.institutions) + self.joint_goals

    def headline(self) -> str:
        """One sentence: the workspace name and what it holds, with Polish plurals."""
        return t(
            "ui.workspace_summary",
            name=self.name,
            institutions=plural("count.institution", len(self.institutions)),
            teams=plural("count.team", self.teams),
            factors=plural("count.factor", self.factors),
            goals=plural("count.goal", self.goals),
        )

    def text(self) -> str:
        """Plain-text rendering for the terminal."""
        lines = [self.headline()]
        for inst in self.institutions:
            quadrants = " ".join(f"{q.value}={inst.factors.get(q.value, 0)}" for q in Quadrant)
            lines.append(
                f"- {inst.name} [{inst.id}]: {t('ui.teams')}: {inst.teams}, "
                f"SWOT {quadrants}, {t('ui.goals_count')}: {inst.goals}"
            )
        return "\n".join(lines)


def workspace_summary(ws: Workspace) -> WorkspaceSummary:
    """Count teams, members, factors, strategies and plan items per institution."""
    factors = Counter((f.institution_id, f.quadrant.value) for f in ws.factors())
    strategies = Counter(s.institution_id for s in ws.objects(Strategy))
    goals = ws.objects(Goal)
    goal_owner = {g.id: g.institution_id for g in goals}
    tasks = ws.objects(Task)
    task_owner = {task.id: goal_owner.get(task.goal_id) for task in tasks}
    indicators = Counter(task_owner.get(i.task_id) for i in ws.objects(Indicator))
    goal_count = Counter(g.institution_id for g in goals)
    task_count = Counter(task_owner[task.id] for task in tasks)
    rows = []
    for inst in ws.institutions():
        teams = ws.teams(inst.id)
        rows.append(
            InstitutionSummary(
                id=inst.id,
                name=inst.name,
                label=inst.label,
                teams=len(teams),
                members=sum(len(team.members) for team in teams),
                factors={q.value: factors[(inst.id, q.value)] for q in Quadrant},
                strategies=strategies[inst.id],
                goals=goal_count[inst.id],
                tasks=task_count[inst.id],
                indicators=indicators[inst.id],
            )
        )
    return WorkspaceSummary(name=ws.name, institutions=tuple(rows), joint_goals=goal_count[None])
