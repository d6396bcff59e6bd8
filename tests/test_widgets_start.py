"""The start notebook's widgets, driven in-process: set ``.value``, ``.click()``, check the file."""

from __future__ import annotations

import html
import re

import pytest

import swot
from swot.model import Factor, Goal, Institution, Participant, Quadrant, Role, Team
from swot.store import Workspace
from swot.widgets import TeamManager, overview


@pytest.fixture
def manager(demo_ws):
    return TeamManager(demo_ws)


def _fill(manager: TeamManager, institution: str, name: str, members: str = "") -> None:
    manager.institution.value = institution
    manager.name.value = name
    manager.members.value = members


def _state(ws: Workspace) -> tuple[int, int]:
    """Objects and history entries: both must stay put when nothing is saved."""
    return ws.count(), ws.last_change()


def _rows(markup: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", markup, flags=re.S)
    return [
        [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        for row in rows
        if "<td" in row
    ]


def test_initial_view_lists_demo_teams(manager, demo_ws):
    assert [label for label, _ in manager.institution.options] == [
        i.name for i in demo_ws.institutions()
    ]
    assert manager.institution.value == demo_ws.institutions()[0].id
    listed = [row[1] for row in _rows(manager.team_list.value)]
    assert listed == [team.name for team in demo_ws.teams()]
    assert len(listed) == 3
    assert manager.status.value == ""


def test_add_team_saves_team_and_participants(manager, demo_ws):
    before = demo_ws.count()
    _fill(manager, "tkacz", "Zespół młodzieżowy", "  Ala Nowak \n\nOla Kowal\n  \nEla Wiśniewska")
    manager.add_button.click()

    assert manager.status.text == "✔ Zapisano: Zespół młodzieżowy"
    assert "swot-status-ok" in manager.status._dom_classes
    assert demo_ws.count() == before + 4
    # A second, independent connection proves it is on disk.
    with Workspace.open(demo_ws.path) as other:
        teams = [t for t in other.teams("tkacz") if t.name == "Zespół młodzieżowy"]
        assert len(teams) == 1
        team = teams[0]
        assert team.members == ("Ala Nowak", "Ola Kowal", "Ela Wiśniewska")
        assert team.version == 1
        people = other.objects(Participant, parent=team.id)
        assert [(p.name, p.role) for p in people] == [
            ("Ala Nowak", Role.MEMBER),
            ("Ola Kowal", Role.MEMBER),
            ("Ela Wiśniewska", Role.MEMBER),
        ]
        assert other.history(kind="team", object_id=team.id)[0].actor == "trener"
    rows = [r for r in _rows(manager.team_list.value) if r[1] == "Zespół młodzieżowy"]
    assert len(rows) == 1
    assert rows[0][0] == "Ośrodek Kultury „Tkacz”"
    members_cell = rows[0][2]
    positions = [members_cell.index(m) for m in ("Ala Nowak", "Ola Kowal", "Ela Wiśniewska")]
    assert positions == sorted(positions)
    # the form is cleared for the next team
    assert (manager.name.value, manager.members.value) == ("", "")


def test_add_team_without_members(manager, demo_ws):
    _fill(manager, "dok", "Zespół seniorów")
    manager.add_button.click()
    assert manager.status.text == "✔ Zapisano: Zespół seniorów"
    team = next(t for t in demo_ws.teams("dok") if t.name == "Zespół seniorów")
    assert team.members == ()
    assert demo_ws.objects(Participant, parent=team.id) == []


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_refused_with_polish_message(manager, demo_ws, name):
    before = _state(demo_ws)
    list_before = manager.team_list.value
    _fill(manager, "mok", name, "Anna\nJan")
    manager.add_button.click()
    assert manager.status.text == (
        "✖ Nie zapisano. Pole „nazwa”: oczekiwano niepustego tekstu (najwyżej 200 znaków), "
        f"otrzymano {name!r}. Uzupełnij to pole."
    )
    assert "swot-status-error" in manager.status._dom_classes
    assert _state(demo_ws) == before
    assert manager.team_list.value == list_before
    # what the person typed stays, so they can correct it
    assert manager.members.value == "Anna\nJan"


def test_duplicate_members_are_refused(manager, demo_ws):
    before = _state(demo_ws)
    _fill(manager, "mok", "Zespół B", "Anna\nJan\nAnna")
    manager.add_button.click()
    assert manager.status.text.startswith("✖ Nie zapisano. Pole „członkowie”")
    assert _state(demo_ws) == before


def test_duplicate_team_name_in_same_institution_is_refused(manager, demo_ws):
    existing = demo_ws.teams("mok")[0].name
    before = _state(demo_ws)
    _fill(manager, "mok", "  " + existing.upper() + "  ", "Ktoś Nowy")
    manager.add_button.click()
    text = manager.status.text
    assert text.startswith("✖ Nie zapisano. Pole „nazwa”: oczekiwano wartości niepowtarzalnej")
    assert "taki obiekt „zespół” już istnieje" in text
    assert "Zmień treść albo edytuj istniejący obiekt." in text
    assert _state(demo_ws) == before
    assert [t.name for t in demo_ws.teams("mok")] == [existing]


def test_same_team_name_in_another_institution_is_fine(manager, demo_ws):
    name = demo_ws.teams("mok")[0].name
    _fill(manager, "dok", name)
    manager.add_button.click()
    assert manager.status.text == f"✔ Zapisano: {name}"
    assert name in [t.name for t in demo_ws.teams("dok")]


@pytest.mark.parametrize(
    ("name", "escaped", "raw"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", "<img"),
    ],
)
def test_team_names_are_escaped(manager, demo_ws, name, escaped, raw):
    _fill(manager, "mok", name, '<b onclick="x()">Anna</b>')
    manager.add_button.click()
    assert name in [t.name for t in demo_ws.teams("mok")]  # stored verbatim
    listing = manager.team_list.value
    assert escaped in listing
    assert name in [row[1] for row in _rows(listing)]
    assert raw not in listing
    assert "<b " not in listing
    assert "&lt;b onclick=&quot;x()&quot;&gt;Anna&lt;/b&gt;" in listing
    assert raw not in manager.status.value
    assert manager.status.text == f"✔ Zapisano: {name}"


def test_unexpected_error_is_shown_not_raised(manager, demo_ws, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo_ws, "add_many", broken)
    before = _state(demo_ws)
    _fill(manager, "mok", "Zespół awaryjny", "Anna")
    manager.add_button.click()  # must not raise
    assert manager.status.text == (
        "✖ Wystąpił nieoczekiwany błąd (RuntimeError). Nic nie zostało utracone — zgłoś to "
        "trenerowi."
    )
    assert "disk on fire" not in manager.status.value
    assert "swot-status-error" in manager.status._dom_classes
    assert _state(demo_ws) == before
    assert "disk on fire" in caplog.text  # logged in full for the trainer


def test_error_then_success_clears_error_style(manager):
    _fill(manager, "mok", "")
    manager.add_button.click()
    assert "swot-status-error" in manager.status._dom_classes
    _fill(manager, "mok", "Zespół C")
    manager.add_button.click()
    assert "swot-status-ok" in manager.status._dom_classes
    assert "swot-status-error" not in manager.status._dom_classes


def test_messages_in_english(demo_ws):
    swot.set_language("en")
    manager = TeamManager(demo_ws)
    assert manager.add_button.description == "Add team"
    _fill(manager, "mok", "")
    manager.add_button.click()
    assert manager.status.text.startswith("✖ Not saved. Field 'name': expected non-empty text")
    _fill(manager, "mok", "Team E")
    manager.add_button.click()
    assert manager.status.text == "✔ Saved: Team E"


def test_team_list_for_workspace_without_teams(tmp_path):
    with Workspace.create(tmp_path / "pusta.swot") as ws:
        ws.add(Institution(id="a", name="Ośrodek A"))
        manager = TeamManager(ws)
        assert "Nie utworzono jeszcze żadnego zespołu." in manager.team_list.value
        assert "<table" not in manager.team_list.value


def test_stable_css_classes(manager):
    assert "swot-team-manager" in manager._dom_classes
    assert "swot-team-name" in manager.name._dom_classes
    assert "swot-team-members" in manager.members._dom_classes
    assert "swot-team-institution" in manager.institution._dom_classes
    assert "swot-team-add" in manager.add_button._dom_classes
    assert "swot-team-list" in manager.team_list._dom_classes
    assert "swot-status" in manager.status._dom_classes


# --- overview -----------------------------------------------------------------------------------


def test_overview_shows_each_institution_with_correct_counts(demo_ws):
    view = overview(demo_ws)
    assert "swot-overview" in view._dom_classes
    expected = []
    for inst in demo_ws.institutions():
        teams = [t for t in demo_ws.objects(Team) if t.institution_id == inst.id]
        factors = [f for f in demo_ws.objects(Factor) if f.institution_id == inst.id]
        goals = [g for g in demo_ws.objects(Goal) if g.institution_id == inst.id]
        expected.append(
            [
                inst.name,
                str(len(teams)),
                str(sum(len(t.members) for t in teams)),
                *(str(sum(1 for f in factors if f.quadrant == q)) for q in Quadrant),
                str(len(goals)),
            ]
        )
    assert _rows(view.value) == expected
    for inst in demo_ws.institutions():
        assert html.escape(inst.name) in view.value
    headers = re.findall(r"<th[^>]*>(.*?)</th>", view.value)
    assert headers[:3] == ["Instytucja", "Zespoły planowania strategicznego", "Liczba członków"]
    assert headers[3:7] == ["Mocne strony", "Słabe strony", "Szanse", "Zagrożenia"]


def test_overview_follows_changes(demo_ws):
    before = _rows(overview(demo_ws).value)
    demo_ws.add(Factor(institution_id="dok", quadrant="T", text="Nowe zagrożenie testowe"))
    after = _rows(overview(demo_ws).value)
    row = [r[0] for r in after].index("Dzielnicowy Ośrodek Kultury")
    assert int(after[row][6]) == int(before[row][6]) + 1
    assert after[:row] == before[:row]


def test_overview_escapes_names(tmp_path):
    with Workspace.create(tmp_path / "x.swot", name="<i>Warsztat</i>") as ws:
        ws.add(Institution(id="a", name="<script>alert(1)</script>"))
        value = overview(ws).value
    assert "<script" not in value
    assert "<i>" not in value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in value
    assert "&lt;i&gt;Warsztat&lt;/i&gt;" in value


# --- app mode launcher ---------------------------------------------------------------------------


def _links(launcher) -> dict[str, str]:
    from urllib.parse import unquote

    rows = re.findall(
        r"<tr><td>(.*?)</td><td><a class='swot-app-link' href='(.*?)'", launcher.links.value
    )
    return {html.unescape(label): html.unescape(href) for label, href in rows} | {
        "_raw": unquote(launcher.links.value)
    }


def test_app_launcher_links_follow_the_chosen_institution_and_person(demo_ws, monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    from swot.widgets import AppLauncher

    monkeypatch.delenv("SWOT_APP_TOKEN", raising=False)
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    launcher = AppLauncher(demo_ws)
    team = demo_ws.teams("dok")[0]
    launcher.institution.value = "dok"
    assert list(launcher.person.options) == list(team.members)
    launcher.person.value = team.members[-1]
    links = _links(launcher)
    swot_link = urlsplit(links["Warsztat SWOT"])
    assert swot_link.path == "/voila/render/02_swot.ipynb"
    assert parse_qs(swot_link.query) == {"instytucja": ["dok"], "uczestnik": [team.members[-1]]}
    assert parse_qs(urlsplit(links["Porównanie ośrodków"]).query) == {
        "uczestnik": [team.members[-1]]
    }
    assert links["Przegląd trenera"] == "/voila/render/trener.ipynb?instytucja=dok"
    assert len(links) - 1 == 8
    assert "instytucja=dok&uczestnik=" in repr(launcher)


def test_app_launcher_escapes_names_in_links(demo_ws, monkeypatch):
    from swot.widgets import AppLauncher

    monkeypatch.delenv("SWOT_APP_TOKEN", raising=False)
    payload = "<img src=x onerror=alert(1)>'\""
    demo_ws.add(Team(institution_id="mok", name="Zespół próbny", members=(payload,)))
    launcher = AppLauncher(demo_ws)
    launcher.institution.value = "tkacz"
    launcher.institution.value = "mok"
    launcher.person.value = payload
    assert "<img" not in launcher.links.value
    assert "onerror=alert(1)>'" not in launcher.links.value
    assert payload in _links(launcher)["_raw"].replace("+", " ")


def test_app_launcher_says_when_an_institution_has_no_team(tmp_path):
    from swot.widgets import AppLauncher

    with Workspace.create(tmp_path / "pusta.swot") as ws:
        ws.add(Institution(name="Nowy Dom Kultury"))
        launcher = AppLauncher(ws)
        assert launcher.person.options == ()
        assert "nie ma jeszcze zespołu" in launcher.links.value
