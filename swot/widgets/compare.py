"""The institutions compared: SWOTs side by side, shared themes and the joint plan.

Two thin views over the workspace (every computation is in :mod:`swot.compare`, every figure
in :mod:`swot.charts`):

* :class:`ComparisonView`: the SWOT boards of all institutions side by side and the category
  × institution heat map, both redrawn when the category, minimum importance or side filter
  changes;
* :class:`ThemesPanel`: shared themes (confirmed first, then suggestions) with their factors
  and institutions; confirm, split, merge and remove them; the cooperation candidates they
  suggest; and a form that turns a theme into a task of the joint plan (goals of no
  institution), with one responsible institution and the others cooperating.

Every action is saved at once and reported on the status line; a bad input shows the
(Polish) reason there and writes nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go

from swot import charts, compare, plan_io
from swot.compare import ThemeGroup
from swot.errors import NotFoundError, SwotError
from swot.i18n import register, t
from swot.matrix import QUADRANT_COLOURS
from swot.model import Factor, Institution, Quadrant, Task
from swot.plan import parse_years
from swot.store import Workspace
from swot.widgets._common import (
    FullTextRepr,
    HTMLView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)

__all__ = ["ComparisonView", "ThemesPanel", "cooperation_table", "side_by_side_html"]

register(
    {
        # --- comparison view ------------------------------------------------------------------
        "ui.compare.title": {
            "pl": "Porównanie instytucji",
            "en": "The institutions compared",
        },
        "ui.compare.category": {"pl": "Kategoria", "en": "Category"},
        "ui.compare.all_categories": {"pl": "(wszystkie kategorie)", "en": "(all categories)"},
        "ui.compare.min_importance": {"pl": "Ważność od", "en": "Importance from"},
        "ui.compare.side": {"pl": "Mapa", "en": "Map"},
        "ui.compare.counts": {
            "pl": "{name}: mocne {s}, słabe {w}, szanse {o}, zagrożenia {t}",
            "en": "{name}: strengths {s}, weaknesses {w}, opportunities {o}, threats {t}",
        },
        "ui.compare.refreshed": {
            "pl": "Odświeżono. {filter}",
            "en": "Refreshed. {filter}",
        },
        "ui.compare.balance": {
            "pl": "Bilans kategorii ({side}):",
            "en": "Category balance ({side}):",
        },
        # --- themes panel ---------------------------------------------------------------------
        "ui.themes.title": {"pl": "Wspólne tematy instytucji", "en": "Shared themes"},
        "ui.themes.help": {
            "pl": (
                "Program zestawia czynniki różnych instytucji, które mówią o tym samym. "
                "Zatwierdź trafne propozycje; z zatwierdzonego tematu można wydzielić "
                "czynniki (zaznacz je i kliknij „Wydziel”), a kilka tematów połączyć "
                "(zaznacz je i kliknij „Połącz zaznaczone”)."
            ),
            "en": (
                "Factors of different institutions that say the same thing are put together. "
                "Confirm the apt suggestions; a confirmed theme can have factors split off "
                "(select them and click 'Split off'), and several themes can be merged "
                "(tick them and click 'Merge ticked')."
            ),
        },
        "ui.themes.confirmed": {"pl": "Zatwierdzone ({count})", "en": "Confirmed ({count})"},
        "ui.themes.suggested": {"pl": "Propozycje ({count})", "en": "Suggestions ({count})"},
        "ui.themes.none_confirmed": {
            "pl": "Brak zatwierdzonych tematów.",
            "en": "No confirmed themes yet.",
        },
        "ui.themes.none_suggested": {
            "pl": "Brak propozycji: czynniki różnych instytucji nie są do siebie podobne.",
            "en": "No suggestions: no factors of different institutions are alike.",
        },
        "ui.themes.badge.confirmed": {"pl": "zatwierdzony", "en": "confirmed"},
        "ui.themes.badge.suggested": {"pl": "propozycja", "en": "suggestion"},
        "ui.themes.similarity": {"pl": "podobieństwo {score}", "en": "similarity {score}"},
        "ui.themes.confirm": {"pl": "Zatwierdź", "en": "Confirm"},
        "ui.themes.remove": {"pl": "Cofnij zatwierdzenie", "en": "Withdraw"},
        "ui.themes.split": {"pl": "Wydziel zaznaczone", "en": "Split off selected"},
        "ui.themes.split_help": {
            "pl": "Czynniki do wydzielenia (Ctrl/Cmd + klik: kilka):",
            "en": "Factors to split off (Ctrl/Cmd + click: several):",
        },
        "ui.themes.merge_pick": {"pl": "do połączenia", "en": "to merge"},
        "ui.themes.merge": {"pl": "Połącz zaznaczone", "en": "Merge ticked"},
        "ui.themes.to_plan": {"pl": "Do planu współpracy", "en": "To the cooperation plan"},
        "ui.themes.refresh": {"pl": "Odśwież", "en": "Refresh"},
        "ui.themes.confirmed_done": {
            "pl": "Zatwierdzono temat: {label}",
            "en": "Theme confirmed: {label}",
        },
        "ui.themes.removed_done": {
            "pl": "Cofnięto zatwierdzenie tematu: {label}",
            "en": "Confirmation withdrawn: {label}",
        },
        "ui.themes.split_done": {
            "pl": "Podzielono temat „{label}” (tematów po podziale: {count})",
            "en": "Theme '{label}' split (themes after the split: {count})",
        },
        "ui.themes.merged_done": {
            "pl": "Połączono tematy w: {label}",
            "en": "Themes merged into: {label}",
        },
        "ui.themes.pick_merge": {
            "pl": "Zaznacz co najmniej dwa zatwierdzone tematy do połączenia.",
            "en": "Tick at least two confirmed themes to merge.",
        },
        "ui.themes.pick_split": {
            "pl": "Zaznacz czynniki do wydzielenia z tematu „{label}”.",
            "en": "Select the factors to split off theme '{label}'.",
        },
        "ui.themes.candidates": {
            "pl": "Kandydaci do współpracy",
            "en": "Cooperation candidates",
        },
        "ui.themes.candidates_none": {
            "pl": "Brak kandydatów: żaden wspólny temat nie łączy problemów, szans ani mocnych "
            "i słabych stron różnych instytucji.",
            "en": "No candidates: no shared theme joins problems, opportunities or strengths "
            "and weaknesses of different institutions.",
        },
        "ui.themes.col.kind": {"pl": "Rodzaj", "en": "Kind"},
        "ui.themes.col.theme": {"pl": "Temat", "en": "Theme"},
        "ui.themes.col.institutions": {"pl": "Instytucje", "en": "Institutions"},
        "ui.themes.col.sharing": {
            "pl": "Kto może się podzielić → z kim",
            "en": "Who shares → with",
        },
        # --- joint task form -------------------------------------------------------------------
        "ui.joint.title": {
            "pl": "Wspólne zadanie w planie współpracy",
            "en": "Joint task in the cooperation plan",
        },
        "ui.joint.theme": {"pl": "Temat", "en": "Theme"},
        "ui.joint.no_theme": {"pl": "(bez tematu)", "en": "(no theme)"},
        "ui.joint.task_title": {"pl": "Zadanie", "en": "Task"},
        "ui.joint.task_placeholder": {
            "pl": "np. Wspólna kampania promocyjna w mediach społecznościowych",
            "en": "e.g. a joint social media campaign",
        },
        "ui.joint.goal": {"pl": "Cel wspólny", "en": "Joint goal"},
        "ui.joint.new_goal": {"pl": "(nowy cel — wpisz nazwę)", "en": "(new goal: type its title)"},
        "ui.joint.goal_title": {"pl": "Nowy cel", "en": "New goal"},
        "ui.joint.goal_placeholder": {
            "pl": "np. Wspólna promocja oferty ośrodków",
            "en": "e.g. joint promotion of the centres' offer",
        },
        "ui.joint.responsible": {"pl": "Odpowiada", "en": "Responsible"},
        "ui.joint.cooperating": {
            "pl": "Współpracują (Ctrl/Cmd + klik: kilka)",
            "en": "Cooperating (Ctrl/Cmd + click: several)",
        },
        "ui.joint.years": {"pl": "Lata", "en": "Years"},
        "ui.joint.years_placeholder": {"pl": "np. 2019-2021", "en": "e.g. 2019-2021"},
        "ui.joint.add": {"pl": "Dodaj wspólne zadanie", "en": "Add the joint task"},
        "ui.joint.pick_responsible": {
            "pl": "Wybierz instytucję odpowiedzialną za zadanie.",
            "en": "Pick the institution responsible for the task.",
        },
        "ui.joint.added": {
            "pl": "Dodano wspólne zadanie {number}. {title} (odpowiada: {responsible})",
            "en": "Joint task added: {number}. {title} (responsible: {responsible})",
        },
        "ui.joint.plan": {"pl": "Plan współpracy", "en": "Cooperation plan"},
        "ui.joint.plan_empty": {
            "pl": "Plan współpracy nie ma jeszcze zadań.",
            "en": "The cooperation plan has no tasks yet.",
        },
        "ui.joint.col.goal": {"pl": "Cel", "en": "Goal"},
        "ui.joint.col.task": {"pl": "Zadanie", "en": "Task"},
        "ui.joint.col.responsible": {"pl": "Odpowiada", "en": "Responsible"},
        "ui.joint.col.cooperating": {"pl": "Współpracują", "en": "Cooperating"},
        "ui.joint.col.years": {"pl": "Lata", "en": "Years"},
    }
)

_LABELLED = {"description_width": "120px"}
_QUADRANT_INK = {"S": "#1b7f3b", "W": "#b3261e", "O": "#2166ac", "T": "#a05195"}


def _close_tree(widget: w.Widget) -> None:
    """Close a widget and everything in it (a redrawn row must not linger in the kernel)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def _show(chart: go.FigureWidget, figure: go.Figure) -> None:
    """Put ``figure`` into a plotly widget in place (no Output capture needed)."""
    with chart.batch_update():
        chart.data = ()
        chart.add_traces(figure.data)
        chart.layout = figure.layout


# ============================================================================= comparison view

_SIDE_CSS = """
<style>
.swot-sbs-wrap { overflow-x: auto; max-width: 100%; }
.swot-sbs { border-collapse: collapse; font-size: 13px; line-height: 1.35; }
.swot-sbs th { background: #2f4b7c; color: #fff; text-align: left; padding: 6px 8px;
               min-width: 190px; position: sticky; top: 0; }
.swot-sbs th.swot-sbs-q { min-width: 110px; }
.swot-sbs td { padding: 6px 8px; vertical-align: top; border-bottom: 4px solid #fff; }
.swot-sbs td.swot-sbs-q { font-weight: bold; }
.swot-sbs ul { margin: 0; padding: 0; list-style: none; }
.swot-sbs li { margin: 0 0 5px; }
.swot-sbs .imp { font-weight: bold; margin-right: 4px; }
.swot-sbs .none { color: #777; font-style: italic; }
</style>
"""


def side_by_side_html(board: compare.SideBySide) -> str:
    """The boards of :func:`swot.compare.side_by_side` as an HTML table (every text escaped):
    one column per institution, one row per quadrant, most important factors first."""
    head = "".join(f"<th>{html.escape(i.label)}</th>" for i in board.institutions)
    rows = []
    for quadrant in Quadrant:
        fill, _edge, ink = QUADRANT_COLOURS[quadrant]
        cells = []
        for b in board.boards:
            items = "".join(
                f"<li><span class='imp'>{f.importance}</span>{html.escape(f.text)}</li>"
                for f in b.factors(quadrant)
            )
            body = (
                f"<ul>{items}</ul>"
                if items
                else (f"<span class='none'>{html.escape(t('chart.compare.no_factors'))}</span>")
            )
            cells.append(f"<td style='background:{fill}'>{body}</td>")
        rows.append(
            f"<tr><td class='swot-sbs-q' style='background:{fill};color:{ink}'>"
            f"{html.escape(quadrant.label)}</td>{''.join(cells)}</tr>"
        )
    quadrant_head = html.escape(t("chart.compare.quadrant"))
    return (
        f"{_SIDE_CSS}<div class='swot-sbs-wrap'><table class='swot-sbs'>"
        f"<tr><th class='swot-sbs-q'>{quadrant_head}</th>{head}</tr>{''.join(rows)}</table></div>"
    )


class ComparisonView(FullTextRepr, w.VBox):  # type: ignore[misc]
    """SWOT boards side by side and the category heat map, with filters.

    Parameters
    ----------
    ws
        The workspace.
    institution_ids
        Institutions to compare, in this order (default: all of the workspace).
    """

    def __init__(
        self, ws: Workspace, institution_ids: Sequence[str] | None = None, **kwargs: Any
    ) -> None:
        self.ws = ws
        self.institution_ids = None if institution_ids is None else list(institution_ids)
        self.category = w.Dropdown(
            options=self._category_options(),
            value="",
            description=t("ui.compare.category"),
            style=_LABELLED,
            layout=w.Layout(width="360px"),
        )
        self.category.add_class("swot-compare-category")
        self.min_importance = w.Dropdown(
            options=[1, 2, 3, 4, 5],
            value=1,
            description=t("ui.compare.min_importance"),
            style=_LABELLED,
            layout=w.Layout(width="220px"),
        )
        self.min_importance.add_class("swot-compare-importance")
        self.side = w.Dropdown(
            options=[
                (t("compare.side.internal"), "internal"),
                (t("compare.side.external"), "external"),
            ],
            value="internal",
            description=t("ui.compare.side"),
            style=_LABELLED,
            layout=w.Layout(width="400px"),
        )
        self.side.add_class("swot-compare-side")
        # An HTML table, not a plotly one: it wraps long texts and grows with them in every
        # browser (a plotly table in a FigureWidget draws before its fonts are measured, so
        # rows overlap). The printable plotly version is charts.side_by_side_table.
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.table.add_class("swot-compare-table")
        self.heat_chart = go.FigureWidget()
        self.heat_chart.add_class("swot-compare-heatmap")
        self.status = StatusLine()
        self.board: compare.SideBySide | None = None
        self.balance: Any = None
        guard = guarded(self.status)
        for control in (self.category, self.min_importance, self.side):
            control.observe(guard(self._on_change), names="value")
        title = w.HTML(f"<h3>{html.escape(t('ui.compare.title'))}</h3>")
        super().__init__(
            children=[
                title,
                w.HBox([self.category, self.min_importance, self.side]),
                self.status,
                self.table,
                self.heat_chart,
            ],
            **kwargs,
        )
        self.add_class("swot-compare-view")
        guard(self.refresh)()

    def _category_options(self) -> list[tuple[str, str]]:
        return [(t("ui.compare.all_categories"), "")] + [(c, c) for c in self.ws.categories]

    def _filter_text(self) -> str:
        shown = self.category.value or t("chart.compare.all_categories")
        return t("chart.compare.filter", categories=shown, min_importance=self.min_importance.value)

    def refresh(self) -> None:
        """Recompute both figures from the workspace with the filters shown."""
        options = self._category_options()
        if list(self.category.options) != options:
            current = self.category.value
            self.category.options = options
            self.category.value = current if current in dict(options).values() else ""
        categories = [self.category.value] if self.category.value else None
        self.board = compare.side_by_side(
            self.ws,
            self.institution_ids,
            categories=categories,
            min_importance=self.min_importance.value,
        )
        self.balance = compare.category_balance(
            self.ws,
            self.institution_ids,
            side=self.side.value,
            categories=categories,
            min_importance=self.min_importance.value,
        )
        self.table.value = side_by_side_html(self.board)
        _show(self.heat_chart, charts.category_heatmap(self.balance))

    def _on_change(self, _change: Any = None) -> None:
        self.refresh()
        self.status.ok(t("ui.compare.refreshed", filter=self._filter_text()))

    def __repr__(self) -> str:
        lines = [t("ui.compare.title"), self._filter_text()]
        if self.board is not None:
            for b in self.board.boards:
                s, w_, o, t_ = (len(b.factors(q)) for q in Quadrant)
                lines.append(
                    "  " + t("ui.compare.counts", name=b.institution.label, s=s, w=w_, o=o, t=t_)
                )
        if self.balance is not None:
            lines.append(t("ui.compare.balance", side=self.balance.attrs["title"]))
            labels = self.balance.attrs["labels"]
            headers = ["", *(labels[c] for c in self.balance.columns)]
            rows = [
                [category, *(str(v) for v in values)]
                for category, values in zip(
                    self.balance.index, self.balance.to_numpy().tolist(), strict=True
                )
            ]
            lines.append(text_table(headers, rows))
        return "\n".join(lines)


def _candidate_rows(
    candidates: Sequence[compare.CooperationCandidate], names: dict[str, str]
) -> tuple[list[str], list[list[str]]]:
    headers = [
        t("ui.themes.col.kind"),
        t("ui.themes.col.theme"),
        t("ui.themes.col.institutions"),
        t("ui.themes.col.sharing"),
    ]
    rows = []
    for c in candidates:
        sharing = ""
        if c.kind == "sharing":
            sharing = (
                ", ".join(names.get(i, i) for i in c.providers)
                + " → "
                + ", ".join(names.get(i, i) for i in c.receivers)
            )
        rows.append(
            [c.kind_label, c.label, ", ".join(names.get(i, i) for i in c.institution_ids), sharing]
        )
    return headers, rows


def cooperation_table(
    ws: Workspace,
    institution_ids: Sequence[str] | None = None,
    *,
    threshold: float = compare.DEFAULT_THRESHOLD,
) -> HTMLView:
    """The cooperation candidates of the workspace's themes (confirmed and suggested) as a
    table: kind, theme, institutions, and who could share a strength with whom."""
    themes = compare.workspace_themes(ws, institution_ids, threshold=threshold)
    candidates = compare.cooperation_candidates(themes)
    names = {i.id: i.label for i in ws.institutions()}
    headers, rows = _candidate_rows(candidates, names)
    empty = t("ui.themes.candidates_none")
    return HTMLView(
        html_table(headers, rows, empty=empty),
        text_table(headers, rows, empty=empty),
        "swot-cooperation-table",
    )


# ================================================================================ themes panel


class ThemesPanel(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Shared themes to confirm, split, merge or remove, and the joint tasks they lead to.

    Parameters
    ----------
    ws
        The workspace.
    author
        Recorded as the actor of every change made here.
    institution_ids
        Institutions whose factors are compared (default: all).
    threshold
        Similarity from which factors are suggested as one theme (see :mod:`swot.compare`).
    """

    def __init__(
        self,
        ws: Workspace,
        *,
        author: str = "",
        institution_ids: Sequence[str] | None = None,
        threshold: float = compare.DEFAULT_THRESHOLD,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.author = author
        self.institution_ids = None if institution_ids is None else list(institution_ids)
        self.threshold = threshold
        self.themes: list[ThemeGroup] = []
        self.candidates: list[compare.CooperationCandidate] = []
        self.rows: dict[str, w.VBox] = {}
        self.merge_picks: dict[str, w.Checkbox] = {}
        self.split_picks: dict[str, w.SelectMultiple] = {}
        self.status = StatusLine()
        guard = guarded(self.status)

        self.confirmed_title = w.HTML()
        self.confirmed_list = w.VBox()
        self.confirmed_list.add_class("swot-themes-confirmed")
        self.merge_button = w.Button(
            description=t("ui.themes.merge"), icon="compress", layout=w.Layout(width="auto")
        )
        self.merge_button.add_class("swot-themes-merge")
        self.merge_button.on_click(guard(self._on_merge))
        self.suggested_title = w.HTML()
        self.suggested_list = w.VBox()
        self.suggested_list.add_class("swot-themes-suggested")
        self.refresh_button = w.Button(
            description=t("ui.themes.refresh"), icon="refresh", layout=w.Layout(width="auto")
        )
        self.refresh_button.add_class("swot-themes-refresh")
        self.refresh_button.on_click(guard(lambda _b: self.refresh()))
        self.candidates_view = w.HTML()
        self.candidates_view.add_class("swot-themes-candidates")

        # --- the joint task form
        self.joint_theme = w.Dropdown(
            description=t("ui.joint.theme"), style=_LABELLED, layout=w.Layout(width="98%")
        )
        self.joint_theme.add_class("swot-joint-theme")
        self.joint_title = w.Text(
            description=t("ui.joint.task_title"),
            placeholder=t("ui.joint.task_placeholder"),
            style=_LABELLED,
            layout=w.Layout(width="98%"),
        )
        self.joint_title.add_class("swot-joint-title")
        self.joint_goal = w.Dropdown(
            description=t("ui.joint.goal"), style=_LABELLED, layout=w.Layout(width="98%")
        )
        self.joint_goal.add_class("swot-joint-goal")
        self.joint_goal_title = w.Text(
            description=t("ui.joint.goal_title"),
            placeholder=t("ui.joint.goal_placeholder"),
            style=_LABELLED,
            layout=w.Layout(width="98%"),
        )
        self.joint_goal_title.add_class("swot-joint-goal-title")
        institutions = self._institutions()
        self.joint_responsible = w.Dropdown(
            options=[("—", "")] + [(i.name, i.id) for i in institutions],
            value="",
            description=t("ui.joint.responsible"),
            style=_LABELLED,
            layout=w.Layout(width="60%"),
        )
        self.joint_responsible.add_class("swot-joint-responsible")
        self.joint_cooperating = w.SelectMultiple(
            options=[(i.name, i.id) for i in institutions],
            rows=min(max(len(institutions), 2), 8),
            layout=w.Layout(width="60%"),
        )
        self.joint_cooperating.add_class("swot-joint-cooperating")
        self.joint_years = w.Text(
            description=t("ui.joint.years"),
            placeholder=t("ui.joint.years_placeholder"),
            style=_LABELLED,
            layout=w.Layout(width="300px"),
        )
        self.joint_years.add_class("swot-joint-years")
        self.joint_add = w.Button(
            description=t("ui.joint.add"),
            icon="plus",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.joint_add.add_class("swot-joint-add")
        self.joint_add.layout.align_self = "flex-start"
        self.joint_add.on_click(guard(self._on_add_joint))
        self.joint_theme.observe(guard(self._on_joint_theme), names="value")
        self.joint_goal.observe(guard(self._on_joint_goal), names="value")
        self.joint_plan = w.HTML()
        self.joint_plan.add_class("swot-joint-plan")

        def heading(key: str, level: int = 4) -> w.HTML:
            return w.HTML(f"<h{level}>{html.escape(t(key))}</h{level}>")

        joint_form = w.VBox(
            [
                heading("ui.joint.title"),
                self.joint_theme,
                self.joint_title,
                self.joint_goal,
                self.joint_goal_title,
                self.joint_responsible,
                w.HTML(
                    f"<div style='font-size:13px'>{html.escape(t('ui.joint.cooperating'))}</div>"
                ),
                self.joint_cooperating,
                self.joint_years,
                self.joint_add,
            ],
            layout=w.Layout(border="1px solid #d9dee8", padding="6px", margin="8px 0"),
        )
        joint_form.add_class("swot-joint-form")
        super().__init__(
            children=[
                heading("ui.themes.title", 3),
                w.HTML(f"<p style='color:#555'>{html.escape(t('ui.themes.help'))}</p>"),
                self.refresh_button,
                self.status,
                self.confirmed_title,
                self.confirmed_list,
                self.merge_button,
                self.suggested_title,
                self.suggested_list,
                heading("ui.themes.candidates"),
                self.candidates_view,
                joint_form,
                heading("ui.joint.plan"),
                self.joint_plan,
            ],
            **kwargs,
        )
        self.add_class("swot-themes-panel")
        self.refresh()
        self.joint_goal_title.layout.display = "" if self.joint_goal.value == "" else "none"

    # --- reading -------------------------------------------------------------------------------

    def _institutions(self) -> list[Institution]:
        chosen = self.ws.institutions()
        if self.institution_ids is None:
            return chosen
        by_id = {i.id: i for i in chosen}
        return [by_id[i] for i in self.institution_ids if i in by_id]

    def _names(self) -> dict[str, str]:
        return {i.id: i.label for i in self.ws.institutions()}

    def theme(self, theme_id: str) -> ThemeGroup:
        """The shown theme with this id (confirmed or suggested)."""
        for group in self.themes:
            if group.id == theme_id:
                return group
        raise NotFoundError("theme", theme_id)

    def _factor_text(self, factor: Factor, names: dict[str, str]) -> str:
        name = names.get(factor.institution_id, factor.institution_id)
        return f"{name} · {factor.quadrant.label}: {factor.text} ({factor.importance})"

    # --- drawing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the themes, candidates and the joint plan from the workspace and redraw."""
        self.themes = compare.workspace_themes(
            self.ws, self.institution_ids, threshold=self.threshold
        )
        self.candidates = compare.cooperation_candidates(self.themes)
        names = self._names()
        for row in self.rows.values():
            _close_tree(row)
        self.rows, self.merge_picks, self.split_picks = {}, {}, {}
        confirmed = [g for g in self.themes if g.confirmed]
        suggested = [g for g in self.themes if not g.confirmed]
        self.confirmed_title.value = (
            f"<h4>{html.escape(t('ui.themes.confirmed', count=len(confirmed)))}</h4>"
        )
        self.suggested_title.value = (
            f"<h4>{html.escape(t('ui.themes.suggested', count=len(suggested)))}</h4>"
        )
        self.confirmed_list.children = [self._row(g, names) for g in confirmed] or [
            w.HTML(f"<i>{html.escape(t('ui.themes.none_confirmed'))}</i>")
        ]
        self.suggested_list.children = [self._row(g, names) for g in suggested] or [
            w.HTML(f"<i>{html.escape(t('ui.themes.none_suggested'))}</i>")
        ]
        self.merge_button.layout.display = "" if len(confirmed) >= 2 else "none"
        self.candidates_view.value = html_table(
            *self._candidate_rows(names), empty=t("ui.themes.candidates_none")
        )
        self._draw_joint_form()

    def _row(self, group: ThemeGroup, names: dict[str, str]) -> w.VBox:
        state = "confirmed" if group.confirmed else "suggested"
        institutions = ", ".join(names.get(i, i) for i in group.institution_ids)
        items = "".join(
            f"<li><span style='color:{_QUADRANT_INK[f.quadrant.value]}'>"
            f"{html.escape(names.get(f.institution_id, f.institution_id))} · "
            f"{html.escape(f.quadrant.label)}</span>: {html.escape(f.text)} "
            f"<span style='color:#777'>({f.importance})</span></li>"
            for f in group.factors
        )
        badge = t(f"ui.themes.badge.{state}")
        score = t("ui.themes.similarity", score=f"{group.score:.0f}")
        body = w.HTML(
            "<div class='swot-theme-body' style='line-height:1.4'>"
            f"<b class='swot-theme-label'>{html.escape(group.label)}</b> "
            f"<span style='color:#666;font-size:12px'>[{html.escape(badge)} · "
            f"{html.escape(score)}] {html.escape(institutions)}</span>"
            f"<ul style='margin:2px 0 4px 18px;padding:0'>{items}</ul></div>",
            layout=w.Layout(width="100%"),
        )
        body.add_class("swot-theme")
        guard = guarded(self.status)
        buttons: list[w.Widget] = []
        if group.confirmed:
            pick = w.Checkbox(
                value=False, description=t("ui.themes.merge_pick"), indent=False,
                layout=w.Layout(width="auto"),
            )  # fmt: skip
            pick.add_class("swot-theme-merge-pick")
            self.merge_picks[group.id] = pick
            split = w.SelectMultiple(
                options=[(self._factor_text(f, names)[:110], f.id) for f in group.factors],
                rows=min(len(group.factors), 5),
                layout=w.Layout(width="70%"),
            )
            split.add_class("swot-theme-split-pick")
            self.split_picks[group.id] = split
            split_button = w.Button(
                description=t("ui.themes.split"), icon="scissors", layout=w.Layout(width="auto")
            )
            split_button.add_class("swot-theme-split")
            split_button.on_click(guard(lambda _b, g=group: self.split(g.id)))
            remove = w.Button(
                description=t("ui.themes.remove"), icon="undo", layout=w.Layout(width="auto")
            )
            remove.add_class("swot-theme-remove")
            remove.on_click(guard(lambda _b, g=group: self.remove(g.id)))
            buttons = [pick, remove]
        else:
            confirm = w.Button(
                description=t("ui.themes.confirm"),
                icon="check",
                button_style="success",
                layout=w.Layout(width="auto"),
            )
            confirm.add_class("swot-theme-confirm")
            confirm.on_click(guard(lambda _b, g=group: self.confirm(g.id)))
            buttons = [confirm]
        to_plan = w.Button(
            description=t("ui.themes.to_plan"), icon="share", layout=w.Layout(width="auto")
        )
        to_plan.add_class("swot-theme-to-plan")
        to_plan.on_click(guard(lambda _b, g=group: self.pick_for_plan(g.id)))
        children: list[w.Widget] = [body, w.HBox([*buttons, to_plan])]
        if group.confirmed:
            children.append(
                w.VBox(
                    [
                        w.HTML(
                            "<div style='font-size:12px;color:#555'>"
                            f"{html.escape(t('ui.themes.split_help'))}</div>"
                        ),
                        w.HBox([self.split_picks[group.id], split_button]),
                    ]
                )
            )
        row = w.VBox(children, layout=w.Layout(border_bottom="1px solid #ddd", padding="4px 0"))
        row.add_class("swot-theme-row")
        row.add_class(f"swot-theme-{state}")
        self.rows[group.id] = row
        return row

    def _candidate_rows(self, names: dict[str, str]) -> tuple[list[str], list[list[str]]]:
        return _candidate_rows(self.candidates, names)

    def _draw_joint_form(self) -> None:
        themes = [(t("ui.joint.no_theme"), "")] + [
            (("✔ " if g.confirmed else "") + g.label[:90], g.id) for g in self.themes
        ]
        if list(self.joint_theme.options) != themes:
            current = self.joint_theme.value
            self.joint_theme.options = themes
            self.joint_theme.value = current if current in dict(themes).values() else ""
        goals = [(t("ui.joint.new_goal"), "")] + [
            (f"{g.number}. {g.title}"[:100], g.id) for g in compare.joint_goals(self.ws)
        ]
        if list(self.joint_goal.options) != goals:
            current = self.joint_goal.value
            self.joint_goal.options = goals
            self.joint_goal.value = current if current in dict(goals).values() else ""
        self.joint_plan.value = html_table(*self._plan_rows(), empty=t("ui.joint.plan_empty"))

    def _plan_rows(self) -> tuple[list[str], list[list[str]]]:
        table = plan_io.from_workspace(self.ws, None)
        headers = [
            t("ui.joint.col.goal"),
            t("ui.joint.col.task"),
            t("ui.joint.col.responsible"),
            t("ui.joint.col.cooperating"),
            t("ui.joint.col.years"),
        ]
        rows = [
            [
                f"{r.goal_number}. {r.goal_title}",
                f"{r.goal_number}.{r.task_number}. {r.task_title}" if r.task_number else "",
                r.responsible,
                ", ".join(r.cooperating),
                r.years,
            ]
            for r in table.rows
        ]
        return headers, rows

    def __repr__(self) -> str:
        names = self._names()
        confirmed = [g for g in self.themes if g.confirmed]
        suggested = [g for g in self.themes if not g.confirmed]
        lines = [t("ui.themes.title")]
        for key, groups, empty in (
            ("ui.themes.confirmed", confirmed, "ui.themes.none_confirmed"),
            ("ui.themes.suggested", suggested, "ui.themes.none_suggested"),
        ):
            lines.append(t(key, count=len(groups)) + ":")
            for g in groups:
                lines.append(f"  * {g.label}")
                lines += [f"      - {self._factor_text(f, names)}" for f in g.factors]
            if not groups:
                lines.append(f"  {t(empty)}")
        lines.append(t("ui.themes.candidates") + ":")
        headers, rows = self._candidate_rows(names)
        lines.append(text_table(headers, rows, empty="  " + t("ui.themes.candidates_none")))
        lines.append(t("ui.joint.plan") + ":")
        headers, rows = self._plan_rows()
        lines.append(text_table(headers, rows, empty="  " + t("ui.joint.plan_empty")))
        return "\n".join(lines)

    # --- actions -------------------------------------------------------------------------------

    def _actor(self) -> str | None:
        return self.author or None

    def confirm(self, theme_id: str) -> None:
        """Confirm a suggested theme (its factors and label are stored)."""
        group = compare.confirm_theme(self.ws, self.theme(theme_id), actor=self._actor())
        self.refresh()
        self.status.ok(t("ui.themes.confirmed_done", label=group.label[:80]))

    def remove(self, theme_id: str) -> None:
        """Withdraw a confirmation; the factors become free for suggestions again."""
        label = self.theme(theme_id).label
        compare.remove_theme(self.ws, theme_id, actor=self._actor())
        self.refresh()
        self.status.ok(t("ui.themes.removed_done", label=label[:80]))

    def split(self, theme_id: str, factor_ids: Sequence[str] | None = None) -> None:
        """Move the factors selected in the theme's list (or ``factor_ids``) to a new theme."""
        group = self.theme(theme_id)
        chosen = list(factor_ids if factor_ids is not None else self.split_picks[theme_id].value)
        if not chosen:
            raise SwotError(t("ui.themes.pick_split", label=group.label[:80]))
        parts = compare.split_theme(self.ws, theme_id, chosen, actor=self._actor())
        self.refresh()
        self.status.ok(t("ui.themes.split_done", label=group.label[:80], count=len(parts)))

    def _on_merge(self, _button: Any = None) -> None:
        self.merge([i for i, pick in self.merge_picks.items() if pick.value])

    def merge(self, theme_ids: Sequence[str]) -> None:
        """Merge confirmed themes into the first of them."""
        if len(theme_ids) < 2:
            raise SwotError(t("ui.themes.pick_merge"))
        group = compare.merge_themes(self.ws, theme_ids, actor=self._actor())
        self.refresh()
        self.status.ok(t("ui.themes.merged_done", label=group.label[:80]))

    def pick_for_plan(self, theme_id: str) -> None:
        """Fill the joint task form from a theme (title, responsible, cooperating)."""
        self.joint_theme.value = theme_id
        self._on_joint_theme()

    def _on_joint_theme(self, _change: Any = None) -> None:
        if not self.joint_theme.value:
            return
        group = self.theme(self.joint_theme.value)
        known = {i.id for i in self._institutions()}
        ids = [i for i in group.institution_ids if i in known]
        self.joint_title.value = group.label
        if ids:
            self.joint_responsible.value = ids[0]
            self.joint_cooperating.value = tuple(ids[1:])

    def _on_joint_goal(self, _change: Any = None) -> None:
        self.joint_goal_title.layout.display = "" if self.joint_goal.value == "" else "none"

    def _on_add_joint(self, _button: Any = None) -> None:
        self.add_joint_task()

    def add_joint_task(self) -> Task:
        """Save the joint task of the form (and its new goal); returns the task."""
        if not self.joint_responsible.value:
            raise SwotError(t("ui.joint.pick_responsible"))
        start: int | None = None
        end: int | None = None
        if self.joint_years.value.strip():
            start, end = parse_years(self.joint_years.value)
        goal_id = self.joint_goal.value or None
        task = compare.add_joint_task(
            self.ws,
            self.joint_title.value,
            responsible=self.joint_responsible.value,
            cooperating=list(self.joint_cooperating.value),
            goal_id=goal_id,
            goal_title=None if goal_id else self.joint_goal_title.value,
            start_year=start,
            end_year=end,
            actor=self._actor(),
        )
        goal_number = next(g.number for g in compare.joint_goals(self.ws) if g.id == task.goal_id)
        self.joint_title.value = ""
        self.joint_goal_title.value = ""
        self.joint_theme.value = ""
        self.refresh()
        self.joint_goal.value = task.goal_id
        self.status.ok(
            t(
                "ui.joint.added",
                number=f"{goal_number}.{task.number}",
                title=task.title[:80],
                responsible=task.responsible,
            )
        )
        return task
