"""Widgets of the start notebook: the workspace overview and the team manager."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from swot.app import app_link
from swot.i18n import register, t
from swot.model import Participant, Quadrant, Role, Team
from swot.store import Workspace
from swot.summary import workspace_summary
from swot.widgets._common import FullTextRepr, HTMLView, StatusLine, guarded, html_table, text_table

__all__ = ["AppLauncher", "TeamManager", "institutions_table", "overview"]

register(
    {
        "app.title": {"pl": "Tryb aplikacji (bez kodu)", "en": "App mode (no code)"},
        "app.intro": {
            "pl": (
                "Każdy link otwiera etap warsztatu jako stronę bez kodu, z wybraną instytucją "
                "i osobą. Wyślij go uczestnikowi albo otwórz na jego komputerze."
            ),
            "en": (
                "Each link opens a workshop stage as a page without code, for the chosen "
                "institution and person. Send it to the participant or open it on their computer."
            ),
        },
        "app.person": {"pl": "Osoba", "en": "Person"},
        "app.stage": {"pl": "Etap", "en": "Stage"},
        "app.link": {"pl": "Adres strony", "en": "Page address"},
        "app.open": {"pl": "otwórz", "en": "open"},
        "app.no_people": {
            "pl": "Ta instytucja nie ma jeszcze zespołu — dodaj go niżej.",
            "en": "This institution has no team yet — add one below.",
        },
        "app.stage.00_start": {"pl": "Start: instytucje i zespoły", "en": "Start"},
        "app.stage.01_diagnoza": {"pl": "Diagnoza potrzeb", "en": "Needs diagnosis"},
        "app.stage.02_swot": {"pl": "Warsztat SWOT", "en": "SWOT workshop"},
        "app.stage.03_porownanie": {"pl": "Porównanie ośrodków", "en": "Comparison"},
        "app.stage.04_plan": {"pl": "Plan rozwoju", "en": "Development plan"},
        "app.stage.05_monitoring": {"pl": "Monitoring wskaźników", "en": "Monitoring"},
        "app.stage.06_panel": {"pl": "Raport na panel", "en": "Panel report"},
        "app.stage.trener": {"pl": "Przegląd trenera", "en": "Trainer's overview"},
    }
)

#: Stages in app mode and the address parameters each notebook reads (``url_setting``).
APP_STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("00_start", ()),
    ("01_diagnoza", ()),
    ("02_swot", ("instytucja", "uczestnik")),
    ("03_porownanie", ("uczestnik",)),
    ("04_plan", ("instytucja", "uczestnik")),
    ("05_monitoring", ("instytucja", "uczestnik")),
    ("06_panel", ()),
    ("trener", ("instytucja",)),
)


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


class AppLauncher(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Links to every workshop stage in app mode (Voila) for one institution and person.

    The notebooks read ``instytucja`` and ``uczestnik`` from the address
    (:func:`swot.app.url_setting`), so one link opens a stage ready for that team member.
    """

    def __init__(self, ws: Workspace, *, base_url: str | None = None, **kwargs: Any) -> None:
        self.ws = ws
        self.base_url = base_url
        self.institution = w.Dropdown(
            options=[(i.name, i.id) for i in ws.institutions()],
            description=t("ui.institution"),
            style={"description_width": "130px"},
            layout=w.Layout(width="520px"),
        )
        self.institution.add_class("swot-app-institution")
        self.person = w.Dropdown(
            description=t("app.person"),
            style={"description_width": "130px"},
            layout=w.Layout(width="520px"),
        )
        self.person.add_class("swot-app-person")
        self.links = HTMLView("", "", "swot-app-links")
        self._fill_people()
        self.institution.observe(self._on_institution, names="value")
        self.person.observe(lambda _change: self.refresh(), names="value")
        super().__init__(
            children=[
                w.HTML(
                    f"<h4>{html.escape(t('app.title'))}</h4><p>{html.escape(t('app.intro'))}</p>"
                ),
                self.institution,
                self.person,
                self.links,
            ],
            **kwargs,
        )
        self.add_class("swot-app-launcher")
        self.refresh()

    def _people(self, institution_id: str | None) -> list[str]:
        names: list[str] = []
        for team in self.ws.teams(institution_id) if institution_id else []:
            for name in team.members:
                if name not in names:
                    names.append(name)
        return names

    def _fill_people(self) -> None:
        people = self._people(self.institution.value)
        self.person.options = people
        self.person.value = people[0] if people else None

    def _on_institution(self, _change: Any = None) -> None:
        self._fill_people()
        self.refresh()

    def link(self, stage: str) -> str:
        """The address of ``stage`` for the chosen institution and person."""
        wanted = dict(APP_STAGES)[stage]
        values = {"instytucja": self.institution.value or "", "uczestnik": self.person.value or ""}
        return app_link(
            f"{stage}.ipynb",
            base_url=self.base_url,
            **{k: v for k, v in values.items() if k in wanted},
        )

    def refresh(self) -> None:
        """Redraw the links for the current choice."""
        rows = [(t(f"app.stage.{stage}"), self.link(stage)) for stage, _ in APP_STAGES]
        cells = "".join(
            f"<tr><td>{html.escape(label)}</td><td><a class='swot-app-link' "
            f"href='{html.escape(url, quote=True)}' target='_blank' rel='noopener'>"
            f"{html.escape(t('app.open'))}</a> <code>{html.escape(url)}</code></td></tr>"
            for label, url in rows
        )
        note = "" if self.person.options else f"<p>{html.escape(t('app.no_people'))}</p>"
        self.links.value = (
            f"{note}<table class='swot-table'><thead><tr><th>{html.escape(t('app.stage'))}</th>"
            f"<th>{html.escape(t('app.link'))}</th></tr></thead><tbody>{cells}</tbody></table>"
        )
        self.links.text = text_table(
            [t("app.stage"), t("app.link")], [list(r) for r in rows], empty=""
        )

    def __repr__(self) -> str:
        return f"{t('app.title')}:\n{self.links.text}"
