"""Why is this task in our plan? The chain from a task back to the residents' answers.

    task → TOWS strategies (the task's own and its goal's) → SWOT factors they use
         → evidence of each factor: findings of the needs diagnosis (statement, numbers,
           source) or a free-text source

Every link is data in the workspace; :func:`trace_task` follows them and says where the
chain breaks (a task that implements no strategy, a strategy without factors, a factor
without evidence), so a planning team sees what it still has to justify.
"""

from __future__ import annotations

from dataclasses import dataclass

from swot.i18n import register, t
from swot.model import Factor, Finding, Goal, Strategy, Task
from swot.plan import task_label
from swot.store import Workspace

__all__ = [
    "EvidenceLink",
    "FactorLink",
    "StrategyLink",
    "TaskTrace",
    "trace_task",
    "trace_text",
]

register(
    {
        "trace.task": {"pl": "Zadanie {label}: {title}", "en": "Task {label}: {title}"},
        "trace.goal": {"pl": "Cel {number}: {title}", "en": "Goal {number}: {title}"},
        "trace.strategy": {
            "pl": "Strategia {kind} (z celu)",
            "en": "Strategy {kind} (from the goal)",
        },
        "trace.strategy_own": {"pl": "Strategia {kind}", "en": "Strategy {kind}"},
        "trace.factor": {
            "pl": "{quadrant}: {text} (ważność {importance}/5)",
            "en": "{quadrant}: {text} (importance {importance}/5)",
        },
        "trace.finding": {"pl": "Wniosek z diagnozy: {statement}", "en": "Finding: {statement}"},
        "trace.source": {"pl": "źródło: {source}", "en": "source: {source}"},
        "trace.free_source": {"pl": "Źródło: {source}", "en": "Source: {source}"},
        "trace.gap.no_strategy": {
            "pl": "To zadanie nie realizuje żadnej strategii TOWS: dopisz, której strategii "
            "służy (w zadaniu albo w jego celu).",
            "en": "This task implements no TOWS strategy: say which strategy it serves (in "
            "the task or in its goal).",
        },
        "trace.gap.no_factors": {
            "pl": "Strategia nie wskazuje czynników SWOT, z których wynika.",
            "en": "The strategy names no SWOT factors it builds on.",
        },
        "trace.gap.no_evidence": {
            "pl": "Czynnik nie ma dowodu: podepnij wniosek z diagnozy albo podaj źródło.",
            "en": "The factor has no evidence: link a finding or give a source.",
        },
        "trace.complete": {
            "pl": "Łańcuch kompletny: każdy czynnik ma dowód (wnioski z diagnozy: {findings}, "
            "inne źródła: {sources}).",
            "en": "The chain is complete: every factor has evidence (findings: {findings}, "
            "other sources: {sources}).",
        },
    }
)


@dataclass(frozen=True)
class EvidenceLink:
    """One piece of evidence of a factor: a saved finding, or a free-text source."""

    finding: Finding | None
    source: str


@dataclass(frozen=True)
class FactorLink:
    factor: Factor
    evidence: tuple[EvidenceLink, ...]


@dataclass(frozen=True)
class StrategyLink:
    strategy: Strategy
    via_goal: bool  # linked to the task's goal rather than to the task itself
    factors: tuple[FactorLink, ...]


@dataclass(frozen=True)
class TaskTrace:
    """The chain behind one task, and where it breaks (``gaps``, in the interface language)."""

    goal: Goal
    task: Task
    strategies: tuple[StrategyLink, ...]
    gaps: tuple[str, ...]

    @property
    def label(self) -> str:
        return task_label(self.goal, self.task)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The distinct findings the task rests on, in the order met."""
        seen: dict[str, Finding] = {}
        for link in self.strategies:
            for factor in link.factors:
                for evidence in factor.evidence:
                    if evidence.finding is not None:
                        seen.setdefault(evidence.finding.id, evidence.finding)
        return tuple(seen.values())

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct free-text sources (reports, statistics) the task rests on."""
        seen = dict.fromkeys(
            e.source
            for link in self.strategies
            for factor in link.factors
            for e in factor.evidence
            if e.finding is None and e.source
        )
        return tuple(seen)

    @property
    def complete(self) -> bool:
        return not self.gaps


def trace_task(ws: Workspace, task_id: str) -> TaskTrace:
    """Follow the links from a task back to the findings of the needs diagnosis.

    Raises
    ------
    NotFoundError
        No task ``task_id`` in the workspace.
    """
    task = ws.get(Task, task_id)
    goal = ws.get(Goal, task.goal_id)
    gaps: list[str] = []
    own = list(task.strategy_ids)
    ids = own + [s for s in goal.strategy_ids if s not in own]
    links = []
    for strategy_id in ids:
        strategy = ws.get(Strategy, strategy_id)
        factors = []
        for factor_id in strategy.factor_ids:
            factor = ws.get(Factor, factor_id)
            evidence = tuple(
                EvidenceLink(
                    ws.get(Finding, e.finding_id) if e.finding_id else None,
                    e.source,
                )
                for e in factor.evidence
            )
            if not evidence:
                gaps.append(f"{factor.text[:60]}: {t('trace.gap.no_evidence')}")
            factors.append(FactorLink(factor, evidence))
        if not factors:
            gaps.append(f"{strategy.text[:60]}: {t('trace.gap.no_factors')}")
        links.append(StrategyLink(strategy, strategy_id not in own, tuple(factors)))
    if not links:
        gaps.append(t("trace.gap.no_strategy"))
    return TaskTrace(goal, task, tuple(links), tuple(gaps))


def trace_text(trace: TaskTrace) -> str:
    """The chain as an indented plain-text tree (for notebooks, reports and tests)."""
    lines = [
        t("trace.goal", number=trace.goal.number, title=trace.goal.title),
        "  " + t("trace.task", label=trace.label, title=trace.task.title),
    ]
    for link in trace.strategies:
        key = "trace.strategy" if link.via_goal else "trace.strategy_own"
        lines.append(f"    {t(key, kind=link.strategy.kind.value)}: {link.strategy.text}")
        for factor in link.factors:
            f = factor.factor
            lines.append(
                "      "
                + t(
                    "trace.factor",
                    quadrant=f.quadrant.label,
                    text=f.text,
                    importance=f.importance,
                )
            )
            for evidence in factor.evidence:
                if evidence.finding is not None:
                    finding = evidence.finding
                    numbers = ", ".join(f"{k}: {_number(v)}" for k, v in finding.numbers)
                    lines.append(
                        "        "
                        + t("trace.finding", statement=finding.statement)
                        + (f" ({numbers})" if numbers else "")
                    )
                    lines.append("          " + t("trace.source", source=finding.source))
                if evidence.source:
                    lines.append("        " + t("trace.free_source", source=evidence.source))
    lines += [f"  ⚠ {gap}" for gap in trace.gaps]
    if trace.complete:
        done = t("trace.complete", findings=len(trace.findings), sources=len(trace.sources))
        lines.append("  ✓ " + done)
    return "\n".join(lines)


def _number(value: float) -> str:
    """Polish decimal comma; whole numbers without decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".replace(".", ",")
