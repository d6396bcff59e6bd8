"""The trainer's overview of every team, and the expert's read-only view of one institution.

:class:`TrainerOverview` shows one row per institution (numbers from
:func:`swot.progress.team_progress`) and redraws itself when anyone changes the workspace,
like the SWOT board (a light poll of :meth:`Workspace.last_change`). :class:`ExpertView` shows
an institution's diagnosis findings, SWOT, TOWS strategies and plan without any way to change
them, plus a form for comments; a comment lands where the team reads them (the comments panel
of notebook ``02_swot``).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from swot.errors import SwotError
from swot.i18n import register, t
from swot.model import Factor, Finding, Institution, Quadrant, Strategy, StrategyKind, Task
from swot.plan import task_label
from swot.progress import TeamProgress, team_progress
from swot.store import Workspace
from swot.tows import add_comment, comment_targets, open_comments, tows_matrix
from swot.widgets._common import (
    FullTextRepr,
    LiveView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)

__all__ = ["ExpertView", "TrainerOverview"]

register(
    {
        "ui.overview.title": {"pl": "Postępy zespołów", "en": "Teams' progress"},
        "ui.overview.institution": {"pl": "Instytucja", "en": "Institution"},
        "ui.overview.phase": {"pl": "Etap", "en": "Phase"},
        "ui.overview.votes": {"pl": "Głosy", "en": "Votes"},
        "ui.overview.strategies": {"pl": "Strategie TOWS", "en": "TOWS strategies"},
        "ui.overview.unaddressed": {"pl": "W/T bez strategii", "en": "W/T without strategy"},
        "ui.overview.goals": {"pl": "Cele", "en": "Goals"},
        "ui.overview.tasks": {"pl": "Zadania", "en": "Tasks"},
        "ui.overview.indicators": {"pl": "Wskaźniki", "en": "Indicators"},
        "ui.overview.plan_errors": {"pl": "Błędy planu", "en": "Plan errors"},
        "ui.overview.plan_warnings": {"pl": "Ostrzeżenia", "en": "Warnings"},
        "ui.overview.comments": {"pl": "Otwarte uwagi", "en": "Open comments"},
        "ui.overview.empty": {
            "pl": "Brak instytucji w przestrzeni roboczej.",
            "en": "No institutions in the workspace.",
        },
        "ui.overview.refreshed": {
            "pl": "Przegląd odświeżony (zmiany zespołów).",
            "en": "Overview refreshed (the teams' changes).",
        },
        "ui.expert.title": {"pl": "Przegląd ekspercki: {name}", "en": "Expert review: {name}"},
        "ui.expert.findings": {"pl": "Ustalenia z diagnozy", "en": "Diagnosis findings"},
        "ui.expert.statement": {"pl": "Ustalenie", "en": "Finding"},
        "ui.expert.source": {"pl": "Źródło", "en": "Source"},
        "ui.expert.scope": {"pl": "Dotyczy", "en": "About"},
        "ui.expert.scope_all": {"pl": "wszystkich instytucji", "en": "all institutions"},
        "ui.expert.scope_own": {"pl": "tej instytucji", "en": "this institution"},
        "ui.expert.no_findings": {"pl": "Brak ustaleń.", "en": "No findings."},
        "ui.expert.swot": {"pl": "Analiza SWOT", "en": "SWOT analysis"},
        "ui.expert.quadrant": {"pl": "Ćwiartka", "en": "Quadrant"},
        "ui.expert.factor": {"pl": "Czynnik", "en": "Factor"},
        "ui.expert.category": {"pl": "Kategoria", "en": "Category"},
        "ui.expert.importance": {"pl": "Ważność", "en": "Importance"},
        "ui.expert.no_factors": {"pl": "Brak czynników.", "en": "No factors."},
        "ui.expert.tows": {"pl": "Strategie TOWS", "en": "TOWS strategies"},
        "ui.expert.kind": {"pl": "Typ", "en": "Type"},
        "ui.expert.strategy": {"pl": "Strategia", "en": "Strategy"},
        "ui.expert.uses": {"pl": "Łączy czynniki", "en": "Combines"},
        "ui.expert.no_strategies": {"pl": "Brak strategii.", "en": "No strategies."},
        "ui.expert.plan": {"pl": "Plan rozwoju", "en": "Development plan"},
        "ui.expert.number": {"pl": "Nr", "en": "No."},
        "ui.expert.goal_or_task": {"pl": "Cel / zadanie", "en": "Goal / task"},
        "ui.expert.responsible": {"pl": "Odpowiada", "en": "Responsible"},
        "ui.expert.years": {"pl": "Lata", "en": "Years"},
        "ui.expert.no_plan": {"pl": "Plan nie ma jeszcze celów.", "en": "The plan has no goals."},
        "ui.expert.comments": {"pl": "Otwarte uwagi ({count})", "en": "Open comments ({count})"},
        "ui.expert.about": {"pl": "Dotyczy", "en": "About"},
        "ui.expert.author": {"pl": "Autor", "en": "Author"},
        "ui.expert.text": {"pl": "Uwaga", "en": "Comment"},
        "ui.expert.no_comments": {"pl": "Brak otwartych uwag.", "en": "No open comments."},
        "ui.expert.new_comment": {"pl": "Nowa uwaga", "en": "New comment"},
        "ui.expert.pick": {
            "pl": "(wybierz czynnik albo strategię)",
            "en": "(pick a factor or a strategy)",
        },
        "ui.expert.pick_target": {
            "pl": "Wybierz czynnik albo strategię, której dotyczy uwaga.",
            "en": "Pick the factor or strategy the comment is about.",
        },
        "ui.expert.placeholder": {
            "pl": "Uwaga dla zespołu, np. „Wskażcie dowód z diagnozy”",
            "en": "A comment for the team, e.g. 'Point to a diagnosis finding'",
        },
        "ui.expert.add": {"pl": "Dodaj uwagę", "en": "Add comment"},
        "ui.expert.refresh": {"pl": "Odśwież", "en": "Refresh"},
        "ui.expert.added": {
            "pl": "Zapisano uwagę do: {target}. Zespół zobaczy ją w swoich uwagach.",
            "en": "Comment saved on: {target}. The team will see it among its comments.",
        },
    }
)


def _overview_headers() -> list[str]:
    return [
        t("ui.overview.institution"),
        t("ui.overview.phase"),
        *(q.value for q in Quadrant),
        t("ui.overview.votes"),
        t("ui.overview.strategies"),
        t("ui.overview.unaddressed"),
        t("ui.overview.goals"),
        t("ui.overview.tasks"),
        t("ui.overview.indicators"),
        t("ui.overview.plan_errors"),
        t("ui.overview.plan_warnings"),
        t("ui.overview.comments"),
    ]


def _overview_row(row: TeamProgress) -> list[Any]:
    return [
        row.name,
        row.phase.label,
        *(row.factors[q] for q in Quadrant),
        f"{row.votes_cast}/{row.votes_possible}",
        row.strategies,
        row.unaddressed,
        row.goals,
        row.tasks,
        row.indicators,
        row.plan_errors,
        row.plan_warnings,
        row.open_comments,
    ]


class TrainerOverview(LiveView):
    """Every team's progress at a glance, one row per institution, refreshed live.

    Parameters
    ----------
    ws
        The workspace.
    poll_seconds
        How often to look for the teams' changes (``0`` turns live refresh off).
        :meth:`close` stops the polling.
    """

    def __init__(self, ws: Workspace, *, poll_seconds: float = 2.0, **kwargs: Any) -> None:
        self.ws = ws
        self.rows: list[TeamProgress] = []
        self.table = w.HTML()
        self.table.add_class("swot-overview-table")
        self.status = StatusLine()
        title = w.HTML(f"<h3>{html.escape(t('ui.overview.title'))}</h3>")
        super().__init__(children=[title, self.table, self.status], **kwargs)
        self.add_class("swot-trainer-overview")
        self.refresh()
        self._start_polling(poll_seconds, "swot-overview-poll", "ui.overview.refreshed")

    def __repr__(self) -> str:
        rows = [_overview_row(r) for r in self.rows]
        table = text_table(_overview_headers(), rows, empty=t("ui.overview.empty"))
        return f"{t('ui.overview.title')}\n{table}"

    def _draw(self) -> None:
        self.rows = team_progress(self.ws)
        headers = _overview_headers()
        self.table.value = html_table(
            headers,
            [_overview_row(r) for r in self.rows],
            numeric=range(2, len(headers)),
            empty=t("ui.overview.empty"),
            css_class="swot-overview",
        )


def _label(target: Factor | Strategy, limit: int = 80) -> str:
    letter = target.quadrant.value if isinstance(target, Factor) else target.kind.value
    text = target.text if len(target.text) <= limit else target.text[: limit - 1] + "…"
    return f"[{letter}] {text}"


class ExpertView(FullTextRepr, w.VBox):  # type: ignore[misc]
    """An institution's work, read-only, with a form for the expert's comments.

    Shows the diagnosis findings (the institution's and the general ones), the SWOT factors
    by quadrant, the TOWS strategies, the plan's goals and tasks, and the open comments.
    Comments can be left on factors and strategies (what :func:`swot.tows.add_comment`
    accepts); the team sees them in its comments panel.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose work is reviewed.
    author
        The expert's name, saved with every comment.
    """

    def __init__(self, ws: Workspace, institution_id: str, *, author: str, **kwargs: Any) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.author = author
        self.findings = w.HTML()
        self.findings.add_class("swot-expert-findings")
        self.swot = w.HTML()
        self.swot.add_class("swot-expert-swot")
        self.tows = w.HTML()
        self.tows.add_class("swot-expert-tows")
        self.plan = w.HTML()
        self.plan.add_class("swot-expert-plan")
        self.comments = w.HTML()
        self.comments.add_class("swot-expert-comments")
        self.target = w.Dropdown(description=t("ui.expert.about"), layout=w.Layout(width="98%"))
        self.target.add_class("swot-expert-target")
        self.text = w.Textarea(
            placeholder=t("ui.expert.placeholder"), layout=w.Layout(width="98%", height="64px")
        )
        self.text.add_class("swot-expert-text")
        self.add_button = w.Button(
            description=t("ui.expert.add"),
            icon="comment",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.add_button.add_class("swot-expert-add")
        self.refresh_button = w.Button(
            description=t("ui.expert.refresh"), icon="refresh", layout=w.Layout(width="auto")
        )
        self.refresh_button.add_class("swot-expert-refresh")
        self.status = StatusLine()
        guard = guarded(self.status)
        self.add_button.on_click(guard(self._on_add))
        self.refresh_button.on_click(guard(lambda _b: self.refresh()))
        name = self.institution.name
        title = w.HTML(f"<h3>{html.escape(t('ui.expert.title', name=name))}</h3>")
        super().__init__(
            children=[
                title,
                self.findings,
                self.swot,
                self.tows,
                self.plan,
                self.comments,
                w.HTML(f"<h4>{html.escape(t('ui.expert.new_comment'))}</h4>"),
                self.target,
                self.text,
                w.HBox([self.add_button, self.refresh_button]),
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-expert-view")
        self.refresh()

    # --- the sections, as (title, headers, rows, empty) ------------------------------------

    def _sections(self) -> list[tuple[str, list[str], list[list[Any]], str]]:
        iid = self.institution.id
        findings = [
            [
                f.statement,
                f.source,
                t("ui.expert.scope_all" if f.institution_id is None else "ui.expert.scope_own"),
            ]
            for f in self.ws.objects(Finding)
            if f.institution_id in (None, iid)
        ]
        matrix = tows_matrix(self.ws, iid)
        factors = [
            [q.label, f.text, f.category, f.importance] for q in Quadrant for f in matrix.factors[q]
        ]
        strategies = [
            [kind.value, entry.strategy.text, [_label(f, 60) for f in entry.factors]]
            for kind in StrategyKind
            for entry in matrix.cells[kind]
        ]
        plan: list[list[Any]] = []
        for goal in self.ws.goals(iid):
            plan.append([str(goal.number), goal.title, "", ""])
            tasks = sorted(self.ws.objects(Task, parent=goal.id), key=lambda k: k.number)
            plan += [[task_label(goal, k), k.title, k.responsible, k.years] for k in tasks]
        found = open_comments(self.ws, iid)
        comments = [[_label(c.target, 60), c.author, c.comment.text] for c in found]
        return [
            (
                t("ui.expert.findings"),
                [t("ui.expert.statement"), t("ui.expert.source"), t("ui.expert.scope")],
                findings,
                t("ui.expert.no_findings"),
            ),
            (
                t("ui.expert.swot"),
                [
                    t("ui.expert.quadrant"),
                    t("ui.expert.factor"),
                    t("ui.expert.category"),
                    t("ui.expert.importance"),
                ],
                factors,
                t("ui.expert.no_factors"),
            ),
            (
                t("ui.expert.tows"),
                [t("ui.expert.kind"), t("ui.expert.strategy"), t("ui.expert.uses")],
                strategies,
                t("ui.expert.no_strategies"),
            ),
            (
                t("ui.expert.plan"),
                [
                    t("ui.expert.number"),
                    t("ui.expert.goal_or_task"),
                    t("ui.expert.responsible"),
                    t("ui.expert.years"),
                ],
                plan,
                t("ui.expert.no_plan"),
            ),
            (
                t("ui.expert.comments", count=len(comments)),
                [t("ui.expert.about"), t("ui.expert.author"), t("ui.expert.text")],
                comments,
                t("ui.expert.no_comments"),
            ),
        ]

    def __repr__(self) -> str:
        parts = [t("ui.expert.title", name=self.institution.name)]
        for title, headers, rows, empty in self._sections():
            parts.append(f"\n{title}:\n{text_table(headers, rows, empty=empty)}")
        return "\n".join(parts)

    def refresh(self) -> None:
        """Redraw every section and the list of comment targets from the workspace."""
        views = (self.findings, self.swot, self.tows, self.plan, self.comments)
        for view, (title, headers, rows, empty) in zip(views, self._sections(), strict=True):
            view.value = f"<h4>{html.escape(title)}</h4>" + html_table(headers, rows, empty=empty)
        options = [(t("ui.expert.pick"), "")] + [
            (_label(x), f"{x.KIND}:{x.id}") for x in comment_targets(self.ws, self.institution.id)
        ]
        if list(self.target.options) != options:
            current = self.target.value
            self.target.options = options
            self.target.value = current if current in {v for _label, v in options} else ""

    def _on_add(self, _button: Any = None) -> None:
        if not self.target.value:
            raise SwotError(t("ui.expert.pick_target"))
        kind, target_id = str(self.target.value).split(":", 1)
        target: Factor | Strategy = (
            self.ws.get(Factor, target_id)
            if kind == Factor.KIND
            else self.ws.get(Strategy, target_id)
        )
        add_comment(self.ws, target, self.author, self.text.value, actor=self.author or None)
        self.text.value = ""
        self.refresh()
        self.status.ok(t("ui.expert.added", target=_label(target, 60)))
