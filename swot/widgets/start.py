"""Widgets of the start notebook: the workspace overview and the team manager."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from swot.i18n import t
from swot.model import Participant, Quadrant, Role, Team
from swot.store import Workspace
from swot.summary import workspace_summary
from swot.widgets._common import FullTextRepr, HTMLView, StatusLine, guarded, html_table, text_table

__all__ = ["TeamManager", "institutions_table", "overview"]


def overview(ws: Workspace) -> HTMLView:
    """A table of the institutions with their teams, SWOT factors and plan items."""
    summary = workspace_summary(ws)
    headers = [
        t("ui.institution"),
        t("ui.teams"),
        t("ui.members_count"),
        *(q.label for q in Quadrant),
        t("ui.goals_count"),
    ]
    rows = [
        [
            inst.name,
            inst.teams,
            inst.members,
            *(inst.factors[q.value] for q in Quadrant),
            inst.goals,
        ]
        for inst in summary.institutions
    ]
    headline = summary.headline()
    table = html_table(headers, rows, numeric=range(1, len(headers)))
    return HTMLView(
        f"<p><b>{html.escape(headline)}</b></p>{table}",
        f"{headline}\n{text_table(headers, rows)}",
        "swot-overview",
    )


def institutions_table(ws: Workspace) -> HTMLView:
    """The institutions with their addresses and a short description."""
    headers = [
        t("ui.institution"),
        t("field.address").capitalize(),
        t("field.district").capitalize(),
        t("field.description").capitalize(),
    ]
    rows = [[i.name, i.address, i.district, i.description] for i in ws.institutions()]
    return HTMLView(html_table(headers, rows), text_table(headers, rows), "swot-institutions")


class TeamManager(FullTextRepr, w.VBox):  # type: ignore[misc]
    """List the planning teams and add a new one (saved at once)."""

    def __init__(self, ws: Workspace, **kwargs: Any) -> None:
        self.ws = ws
        self.team_list = HTMLView("", "", "swot-team-list")
        options = [(i.name, i.id) for i in ws.institutions()]
        self.institution = w.Dropdown(
            options=options,
            description=t("ui.institution"),
            style={"description_width": "130px"},
            layout=w.Layout(width="520px"),
        )
        self.institution.add_class("swot-team-institution")
        self.name = w.Text(
            description=t("ui.team_name"),
            placeholder=t("ui.team_name_placeholder"),
            style={"description_width": "130px"},
            layout=w.Layout(width="520px"),
        )
        self.name.add_class("swot-team-name")
        self.members = w.Textarea(
            description=t("ui.team_members"),
            placeholder=t("ui.team_members_placeholder"),
            style={"description_width": "130px"},
            layout=w.Layout(width="520px", height="110px"),
        )
        self.members.add_class("swot-team-members")
        self.add_button = w.Button(
            layout=w.Layout(width="auto"),
            description=t("ui.add_team"),
            button_style="primary",
            icon="plus",
        )
        self.add_button.add_class("swot-team-add")
        self.status = StatusLine()
        self.add_button.on_click(guarded(self.status)(self._on_add))
        title = w.HTML(f"<h4>{html.escape(t('ui.new_team'))}</h4>")
        super().__init__(
            children=[
                self.team_list,
                title,
                self.institution,
                self.name,
                self.members,
                self.add_button,
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-team-manager")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the list of teams from the workspace."""
        names = {i.id: i.name for i in self.ws.institutions()}
        rows = [
            [
                names.get(team.institution_id, team.institution_id),
                team.name,
                ", ".join(team.members),
            ]
            for team in self.ws.teams()
        ]
        headers = [t("ui.institution"), t("ui.team_name"), t("field.members").capitalize()]
        self.team_list.value = html_table(headers, rows, empty=t("ui.no_teams"))
        self.team_list.text = text_table(headers, rows, empty=t("ui.no_teams"))

    def __repr__(self) -> str:
        return f"{t('ui.teams')}:\n{self.team_list.text}"

    def _on_add(self, _button: Any = None) -> None:
        members = tuple(line.strip() for line in self.members.value.splitlines() if line.strip())
        team = Team(institution_id=self.institution.value, name=self.name.value, members=members)
        people = [Participant(name=m, role=Role.MEMBER, team_id=team.id) for m in team.members]
        self.ws.add_many([team, *people])
        self.name.value = ""
        self.members.value = ""
        self.refresh()
        self.status.ok(t("ui.saved", what=team.name))
