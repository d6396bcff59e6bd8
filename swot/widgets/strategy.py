"""From SWOT to strategy: IFE/EFE scoring, the TOWS matrix and the expert's review.

Three thin views over the workspace, each saving at once and saying so on its status line:

* :class:`ScoringForm`: one team member's weights and ratings of the institution's factors,
  the team's IFE/EFE totals, its strategic position and whether the position holds across
  the members' own ratings (all computed in :mod:`swot.scoring`);
* :class:`TowsEditor`: SO/ST/WO/WT strategies linked to the factors they combine, saved as
  they are edited, and the gap check of :func:`swot.tows.unaddressed`;
* :class:`CommentsPanel`: the expert's comments on factors and strategies, open and resolved.

A stale edit is never written: the view shows both versions and lets the person choose, as
:class:`~swot.widgets.board.SwotBoard` does.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ipywidgets as w

from swot.errors import ConflictError, SwotError
from swot.i18n import register, t
from swot.model import (
    Factor,
    Institution,
    Quadrant,
    Rating,
    Strategy,
    StrategyKind,
)
from swot.scoring import (
    Sensitivity,
    format_decimal,
    ife_efe,
    member_ratings,
    members,
    save_member_ratings,
    sensitivity,
    suggest_weights,
    weight_problems,
)
from swot.store import Workspace
from swot.tows import (
    ReviewComment,
    StrategyEntry,
    add_comment,
    comment_targets,
    open_comments,
    resolve_comment,
    resolved_comments,
    tows_matrix,
    unaddressed,
)
from swot.widgets._common import FullTextRepr, LiveView, StatusLine, guarded
from swot.widgets._conflict import ConflictPanel, SaveState

__all__ = ["CommentsPanel", "ScoringForm", "TowsEditor"]

register(
    {
        # --- scoring form ---------------------------------------------------------------------
        "ui.scoring.title": {
            "pl": "Macierze IFE/EFE: {name}",
            "en": "IFE/EFE matrices: {name}",
        },
        "ui.scoring.member": {"pl": "Uczestnik", "en": "Participant"},
        "ui.scoring.no_member": {"pl": "(wybierz uczestnika)", "en": "(pick a participant)"},
        "ui.scoring.pick_member": {
            "pl": "Wybierz uczestnika, którego wagi i oceny wpisujesz.",
            "en": "Pick the participant whose weights and ratings you are entering.",
        },
        "ui.scoring.internal": {
            "pl": "Czynniki wewnętrzne (mocne i słabe strony)",
            "en": "Internal factors (strengths and weaknesses)",
        },
        "ui.scoring.external": {
            "pl": "Czynniki zewnętrzne (szanse i zagrożenia)",
            "en": "External factors (opportunities and threats)",
        },
        "ui.scoring.help": {
            "pl": (
                "Waga (0-1) mówi, jak bardzo czynnik liczy się dla sukcesu; wagi każdej strony "
                "sumują się do 1 (wszystkie 0: tylko oceniasz, wagi dają inni). Ocena: mocne "
                "strony 3-4, słabe strony 1-2; szanse i zagrożenia: jak dobrze instytucja "
                "dziś na nie odpowiada (1-4)."
            ),
            "en": (
                "A weight (0-1) says how much a factor matters for success; each side's "
                "weights sum to 1 (all 0: you only rate, others weight). Rating: strengths "
                "3-4, weaknesses 1-2; opportunities and threats: how well the institution "
                "responds to them today (1-4)."
            ),
        },
        "ui.scoring.weight": {"pl": "waga", "en": "weight"},
        "ui.scoring.rating": {"pl": "ocena", "en": "rating"},
        "ui.scoring.no_rating": {"pl": "— bez oceny —", "en": "— no rating —"},
        "ui.scoring.rating.internal.4": {"pl": "4 — duża siła", "en": "4 - major strength"},
        "ui.scoring.rating.internal.3": {"pl": "3 — mała siła", "en": "3 - minor strength"},
        "ui.scoring.rating.internal.2": {"pl": "2 — mała słabość", "en": "2 - minor weakness"},
        "ui.scoring.rating.internal.1": {"pl": "1 — duża słabość", "en": "1 - major weakness"},
        "ui.scoring.rating.external.4": {
            "pl": "4 — odpowiadamy znakomicie",
            "en": "4 - superior response",
        },
        "ui.scoring.rating.external.3": {
            "pl": "3 — odpowiadamy ponadprzeciętnie",
            "en": "3 - above-average response",
        },
        "ui.scoring.rating.external.2": {
            "pl": "2 — odpowiadamy przeciętnie",
            "en": "2 - average response",
        },
        "ui.scoring.rating.external.1": {
            "pl": "1 — odpowiadamy słabo",
            "en": "1 - poor response",
        },
        "ui.scoring.no_factors": {
            "pl": "Brak czynników po tej stronie — dodaj je na tablicy SWOT.",
            "en": "No factors on this side yet: add them on the SWOT board.",
        },
        "ui.scoring.sum": {"pl": "Suma wag: {total}", "en": "Sum of weights: {total}"},
        "ui.scoring.sum_unweighted": {
            "pl": "Suma wag: 0 (tylko oceny — wagi dadzą inni członkowie zespołu)",
            "en": "Sum of weights: 0 (ratings only: other team members give the weights)",
        },
        "ui.scoring.even": {"pl": "Wagi po równo", "en": "Equal weights"},
        "ui.scoring.by_importance": {"pl": "Wagi wg ważności", "en": "Weights by importance"},
        "ui.scoring.spread_done": {
            "pl": "Wagi rozłożone ({how}) — sprawdź je i zapisz.",
            "en": "Weights spread ({how}): check them and save.",
        },
        "ui.scoring.how.even": {"pl": "po równo", "en": "equally"},
        "ui.scoring.how.importance": {"pl": "według ważności", "en": "by importance"},
        "ui.scoring.save": {"pl": "Zapisz wagi i oceny", "en": "Save weights and ratings"},
        "ui.scoring.reload": {"pl": "Wczytaj zapisane", "en": "Load the saved ones"},
        "ui.scoring.saved": {
            "pl": "Zapisano wagi i oceny uczestnika {name} ({count} czynn.).",
            "en": "Saved {name}'s weights and ratings ({count} factors).",
        },
        "ui.scoring.loaded": {
            "pl": "Wczytano zapisane wagi i oceny uczestnika {name}.",
            "en": "Loaded {name}'s saved weights and ratings.",
        },
        "ui.scoring.conflict": {
            "pl": (
                "Ktoś inny (albo Ty w innym oknie) zmienił w międzyczasie wagi i oceny "
                "uczestnika {name}, czynnik „{factor}”. Twoja wersja: {mine}. Zapisana "
                "wersja: {theirs}. Nic nie zostało nadpisane."
            ),
            "en": (
                "Someone else (or you in another window) changed {name}'s weights and ratings "
                "meanwhile, factor '{factor}'. Yours: {mine}. Stored: {theirs}. Nothing was "
                "overwritten."
            ),
        },
        "ui.scoring.entry": {
            "pl": "waga {weight}, ocena {rating}",
            "en": "weight {weight}, rating {rating}",
        },
        "ui.scoring.entry_gone": {"pl": "(usunięta)", "en": "(deleted)"},
        "ui.scoring.keep_mine": {"pl": "Zapisz moją wersję", "en": "Save my version"},
        "ui.scoring.keep_theirs": {"pl": "Wczytaj zapisaną", "en": "Load the stored one"},
        "ui.scoring.team": {"pl": "Wynik zespołu", "en": "The team's result"},
        "ui.scoring.team_incomplete": {
            "pl": "Wynik zespołu jeszcze niepełny: {message}",
            "en": "The team's result is not complete yet: {message}",
        },
        "ui.scoring.totals": {
            "pl": "IFE (czynniki wewnętrzne): {ife} · EFE (czynniki zewnętrzne): {efe} "
            "(średnia 2,50)",
            "en": "IFE (internal factors): {ife} · EFE (external factors): {efe} (average 2.50)",
        },
        "ui.scoring.position": {
            "pl": "Pozycja strategiczna: {label}",
            "en": "Strategic position: {label}",
        },
        "ui.scoring.ie": {
            "pl": "Macierz IE: pole {cell} — {region}",
            "en": "IE matrix: cell {cell}, {region}",
        },
        "ui.scoring.holds": {
            "pl": (
                "Pozycja się utrzymuje: oceny każdego członka zespołu (osób: {count}) dają {kind}."
            ),
            "en": "The position holds: every team member's ratings ({count} people) give {kind}.",
        },
        "ui.scoring.not_holds": {
            "pl": "Pozycja zależy od tego, kto ocenia: {agree} z {count} członków zespołu "
            "daje {kind}.",
            "en": "The position depends on who rates: {agree} of {count} team members give {kind}.",
        },
        "ui.scoring.member_position": {
            "pl": "{name}: IFE {ife}, EFE {efe} → {kind}{mark}",
            "en": "{name}: IFE {ife}, EFE {efe} → {kind}{mark}",
        },
        "ui.scoring.differs": {"pl": " (inna niż zespołu)", "en": " (differs from the team)"},
        "ui.scoring.robust": {
            "pl": "Nieobecność żadnej pojedynczej osoby nie zmienia pozycji.",
            "en": "No single member's absence changes the position.",
        },
        "ui.scoring.fragile": {
            "pl": "Bez uczestnika {name} pozycja byłaby {kind}.",
            "en": "Without {name} the position would be {kind}.",
        },
        # --- TOWS editor ----------------------------------------------------------------------
        "ui.tows.title": {"pl": "Macierz TOWS: {name}", "en": "TOWS matrix: {name}"},
        "ui.tows.cell.SO": {
            "pl": "SO — mocne strony × szanse",
            "en": "SO: strengths × opportunities",
        },
        "ui.tows.cell.ST": {
            "pl": "ST — mocne strony × zagrożenia",
            "en": "ST: strengths × threats",
        },
        "ui.tows.cell.WO": {
            "pl": "WO — słabe strony × szanse",
            "en": "WO: weaknesses × opportunities",
        },
        "ui.tows.cell.WT": {
            "pl": "WT — słabe strony × zagrożenia",
            "en": "WT: weaknesses × threats",
        },
        "ui.tows.text_placeholder": {
            "pl": "Wpisz strategię, np. „Kadra pisze wnioski o granty na zajęcia dla seniorów”",
            "en": "Type a strategy, e.g. 'Staff write grant applications for senior classes'",
        },
        "ui.tows.factors": {
            "pl": "Czynniki, które łączy (Ctrl/Cmd + klik: kilka):",
            "en": "Factors it combines (Ctrl/Cmd + click: several):",
        },
        "ui.tows.add": {"pl": "Dodaj strategię", "en": "Add strategy"},
        "ui.tows.save": {"pl": "Zapisz teraz", "en": "Save now"},
        "ui.tows.done": {"pl": "Zakończ edycję", "en": "Finish editing"},
        "ui.tows.edit": {"pl": "Edytuj", "en": "Edit"},
        "ui.tows.delete": {"pl": "Usuń", "en": "Delete"},
        "ui.tows.empty": {"pl": "Brak strategii.", "en": "No strategies yet."},
        "ui.tows.no_factors": {"pl": "bez powiązanych czynników", "en": "no linked factors"},
        "ui.tows.added": {"pl": "Zapisano strategię: {text}", "en": "Strategy saved: {text}"},
        "ui.tows.deleted": {"pl": "Usunięto strategię: {text}", "en": "Strategy deleted: {text}"},
        "ui.tows.state.saved": {
            "pl": "✔ wszystkie zmiany zapisane",
            "en": "✔ all changes saved",
        },
        "ui.tows.state.editing": {
            "pl": "edycja — każda zmiana zapisuje się sama",
            "en": "editing: every change saves itself",
        },
        "ui.tows.state.unsaved": {
            "pl": "● niezapisane — kliknij „Dodaj strategię”",
            "en": "● not saved: click 'Add strategy'",
        },
        "ui.tows.state.failed": {
            "pl": "✖ ostatnia zmiana NIE jest zapisana",
            "en": "✖ the last change is NOT saved",
        },
        "ui.tows.state.conflict": {
            "pl": "✖ konflikt — wybierz wersję poniżej",
            "en": "✖ conflict: choose a version below",
        },
        "ui.tows.conflict": {
            "pl": "Ktoś inny zmienił tę strategię w międzyczasie. Twoja wersja: „{mine}”. "
            "Zapisana wersja: „{theirs}”. Nic nie zostało nadpisane.",
            "en": "Someone else changed this strategy meanwhile. Yours: '{mine}'. Stored: "
            "'{theirs}'. Nothing was overwritten.",
        },
        "ui.tows.keep_mine": {"pl": "Zapisz moją wersję", "en": "Save my version"},
        "ui.tows.keep_theirs": {"pl": "Weź zapisaną", "en": "Take the stored one"},
        "ui.tows.deleted_meanwhile": {
            "pl": "Ktoś inny usunął tę strategię w międzyczasie — nic nie zapisano.",
            "en": "Someone else deleted this strategy meanwhile: nothing was saved.",
        },
        "ui.tows.gaps": {
            "pl": "Ważne słabości i zagrożenia (ważność ≥ {min}), na które nie odpowiada "
            "żadna strategia:",
            "en": "Important weaknesses and threats (importance ≥ {min}) that no strategy answers:",
        },
        "ui.tows.no_gaps": {
            "pl": "Każda ważna słabość i każde ważne zagrożenie (ważność ≥ {min}) ma strategię.",
            "en": "Every important weakness and threat (importance ≥ {min}) has a strategy.",
        },
        "ui.tows.gap": {
            "pl": "[{quadrant}] {text} (ważność {importance})",
            "en": "[{quadrant}] {text} (importance {importance})",
        },
        "ui.tows.refreshed": {
            "pl": "Macierz odświeżona (zmiany innych uczestników).",
            "en": "Matrix refreshed (other participants' changes).",
        },
        # --- expert review --------------------------------------------------------------------
        "ui.comments.title": {
            "pl": "Uwagi eksperta: {name}",
            "en": "Expert review: {name}",
        },
        "ui.comments.target": {"pl": "Dotyczy", "en": "About"},
        "ui.comments.no_target": {
            "pl": "(wybierz czynnik albo strategię)",
            "en": "(pick a factor or a strategy)",
        },
        "ui.comments.pick_target": {
            "pl": "Wybierz czynnik albo strategię, której dotyczy uwaga.",
            "en": "Pick the factor or strategy the comment is about.",
        },
        "ui.comments.author": {"pl": "Autor", "en": "Author"},
        "ui.comments.text_placeholder": {
            "pl": "Wpisz uwagę, np. „Na jakich danych opiera się ten wniosek?”",
            "en": "Type a comment, e.g. 'What data is this conclusion based on?'",
        },
        "ui.comments.add": {"pl": "Dodaj uwagę", "en": "Add comment"},
        "ui.comments.added": {
            "pl": "Zapisano uwagę do: {target}",
            "en": "Comment saved on: {target}",
        },
        "ui.comments.resolve": {"pl": "Rozwiązane", "en": "Resolved"},
        "ui.comments.resolved_done": {
            "pl": "Oznaczono jako rozwiązaną: {text}",
            "en": "Marked as resolved: {text}",
        },
        "ui.comments.open": {"pl": "Otwarte uwagi ({count})", "en": "Open comments ({count})"},
        "ui.comments.resolved": {
            "pl": "Rozwiązane uwagi ({count})",
            "en": "Resolved comments ({count})",
        },
        "ui.comments.show_resolved": {"pl": "Pokaż rozwiązane", "en": "Show resolved"},
        "ui.comments.none_open": {"pl": "Brak otwartych uwag.", "en": "No open comments."},
        "ui.comments.none_resolved": {
            "pl": "Brak rozwiązanych uwag.",
            "en": "No resolved comments.",
        },
        "ui.comments.refresh": {"pl": "Odśwież", "en": "Refresh"},
        "ui.comments.conflict": {
            "pl": "Ktoś inny zmienił tę uwagę w międzyczasie (teraz: {status}). Twoja wersja: "
            "{mine}. Nic nie zostało nadpisane — lista jest odświeżona.",
            "en": "Someone else changed this comment meanwhile (now: {status}). Yours: "
            "{mine}. Nothing was overwritten; the list is refreshed.",
        },
        "ui.comments.deleted_meanwhile": {
            "pl": "Tej uwagi już nie ma (usunięto ją razem z czynnikiem lub strategią).",
            "en": "This comment is gone (deleted with its factor or strategy).",
        },
    }
)

_COLOURS = {"SO": "#1b7f3b", "ST": "#2166ac", "WO": "#a05195", "WT": "#b3261e"}


def _timezone() -> tzinfo | None:
    try:
        return ZoneInfo("Europe/Warsaw")  # the workshops' own clock, whatever the server's
    except ZoneInfoNotFoundError:  # pragma: no cover - systems without a time zone database
        return None


_TZ = _timezone()


def format_time(iso: str) -> str:
    """A stored UTC time as workshop participants read it: ``14.03.2019 11:00``."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone(_TZ).strftime("%d.%m.%Y %H:%M")


def _factor_label(factor: Factor, limit: int = 80) -> str:
    text = factor.text if len(factor.text) <= limit else factor.text[: limit - 1] + "…"
    return f"[{factor.quadrant.value}] {text}"


def _target_label(target: Factor | Strategy, limit: int = 80) -> str:
    if isinstance(target, Factor):
        return _factor_label(target, limit)
    text = target.text if len(target.text) <= limit else target.text[: limit - 1] + "…"
    return f"[{target.kind.value}] {text}"


def _lines_html(lines: Sequence[str]) -> str:
    """Lines as HTML; leading spaces stay visible (HTML would collapse the indentation)."""
    return "<br>".join(
        "&nbsp;" * (len(line) - len(line.lstrip(" "))) + html.escape(line.lstrip(" "))
        for line in lines
    )


# --- IFE/EFE ---------------------------------------------------------------------------------


class _FactorRow(w.HBox):  # type: ignore[misc]
    """One factor of the scoring form: its text, a weight and a rating."""

    def __init__(self, factor: Factor, on_change: Any) -> None:
        self.factor = factor
        side = "internal" if factor.quadrant.internal else "external"
        self.weight = w.FloatText(
            value=0.0, step=0.01, layout=w.Layout(width="90px", flex="0 0 auto")
        )
        self.weight.add_class("swot-scoring-weight")
        self.rating = w.Dropdown(
            options=[(t("ui.scoring.no_rating"), None)]
            + [(t(f"ui.scoring.rating.{side}.{n}"), n) for n in (4, 3, 2, 1)],
            value=None,
            layout=w.Layout(width="300px", flex="0 0 auto"),
        )
        self.rating.add_class("swot-scoring-rating")
        self.weight.observe(on_change, names="value")
        label = w.HTML(
            f"<span class='swot-scoring-factor'>{html.escape(_factor_label(factor))}</span>",
            layout=w.Layout(width="100%"),
        )
        super().__init__(
            [label, self.weight, self.rating],
            layout=w.Layout(align_items="center", border_bottom="1px solid #eee"),
        )
        self.add_class("swot-scoring-row")

    def entry(self) -> tuple[float | None, int | None]:
        return self.weight.value, self.rating.value

    def load(self, rating: Rating | None) -> None:
        self.weight.value = rating.weight if rating and rating.weight is not None else 0.0
        self.rating.value = rating.rating if rating else None


class ScoringForm(FullTextRepr, w.VBox):  # type: ignore[misc]
    """One team member's IFE/EFE weights and ratings, and the team's strategic position.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose factors are scored.
    member
        The participant (id or name) selected at the start; others can be picked.
    """

    def __init__(
        self, ws: Workspace, institution_id: str, *, member: str = "", **kwargs: Any
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self._loaded: dict[str, Rating] = {}
        self._quiet = False
        self._team_lines: list[str] = []
        people = members(ws, institution_id)
        chosen = next((p.id for p in people if member in (p.id, p.name)), "")
        self.member = w.Dropdown(
            options=[(t("ui.scoring.no_member"), ""), *((p.name, p.id) for p in people)],
            value=chosen,
            description=t("ui.scoring.member"),
        )
        self.member.add_class("swot-scoring-member")
        self.rows: dict[str, _FactorRow] = {}
        self.sides = {True: w.VBox(), False: w.VBox()}
        self.sums = {True: w.HTML(), False: w.HTML()}
        for internal, box in self.sides.items():
            box.add_class(f"swot-scoring-{'internal' if internal else 'external'}")
            self.sums[internal].add_class("swot-scoring-sum")
        self.even_button = w.Button(description=t("ui.scoring.even"), icon="balance-scale")
        self.even_button.add_class("swot-scoring-even")
        self.importance_button = w.Button(
            description=t("ui.scoring.by_importance"), icon="sort-amount-desc"
        )
        self.importance_button.add_class("swot-scoring-by-importance")
        self.save_button = w.Button(
            description=t("ui.scoring.save"), icon="save", button_style="primary"
        )
        self.save_button.add_class("swot-scoring-save")
        self.reload_button = w.Button(description=t("ui.scoring.reload"), icon="refresh")
        self.reload_button.add_class("swot-scoring-reload")
        for button in (
            self.even_button,
            self.importance_button,
            self.save_button,
            self.reload_button,
        ):
            button.layout = w.Layout(width="auto")
        self.status = StatusLine()
        self.conflict = ConflictPanel(self.status, "ui.scoring")
        self.results = w.HTML()
        self.results.add_class("swot-scoring-results")
        guard = guarded(self.status)
        self.member.observe(guard(self._on_member), names="value")
        self.even_button.on_click(guard(lambda _b: self.spread("even")))
        self.importance_button.on_click(guard(lambda _b: self.spread("importance")))
        self.save_button.on_click(guard(self._on_save))
        self.reload_button.on_click(guard(self._on_reload))
        title = w.HTML(
            f"<h3>{html.escape(t('ui.scoring.title', name=self.institution.name))}</h3>"
            f"<div style='color:#555;font-size:12px'>{html.escape(t('ui.scoring.help'))}</div>"
        )
        side_boxes = []
        for internal in (True, False):
            heading = t("ui.scoring.internal" if internal else "ui.scoring.external")
            side_boxes += [
                w.HTML(f"<h4 style='margin:8px 0 4px'>{html.escape(heading)}</h4>"),
                self.sides[internal],
                self.sums[internal],
            ]
        super().__init__(
            children=[
                title,
                self.member,
                *side_boxes,
                w.HBox(
                    [
                        self.even_button,
                        self.importance_button,
                        self.save_button,
                        self.reload_button,
                    ]
                ),
                self.status,
                self.conflict,
                self.results,
            ],
            **kwargs,
        )
        self.add_class("swot-scoring")
        self.reload()

    def __repr__(self) -> str:
        lines = [t("ui.scoring.title", name=self.institution.name)]
        lines.append(f"{t('ui.scoring.member')}: {self._member_name() or '—'}")
        for internal in (True, False):
            lines.append(t("ui.scoring.internal" if internal else "ui.scoring.external") + ":")
            rows = [r for r in self.rows.values() if r.factor.quadrant.internal is internal]
            for row in rows:
                weight, rating = row.entry()
                lines.append(
                    f"  {_factor_label(row.factor)}: "
                    + t(
                        "ui.scoring.entry",
                        weight=format_decimal(weight or 0.0),
                        rating="—" if rating is None else rating,
                    )
                )
            if not rows:
                lines.append(f"  {t('ui.scoring.no_factors')}")
            lines.append(f"  {self._sum_text(internal)}")
        return "\n".join([*lines, *self._team_lines])

    # --- reading -----------------------------------------------------------------------------

    def _member_name(self) -> str:
        return str(self.member.label) if self.member.value else ""

    def reload(self) -> None:
        """Rebuild the rows from the workspace, with the selected member's saved values."""
        factors = self.ws.factors(self.institution.id)
        order = {q: i for i, q in enumerate(Quadrant)}
        factors.sort(key=lambda f: (order[f.quadrant], f.position))
        self.rows = {f.id: _FactorRow(f, self._on_weight) for f in factors}
        for internal, box in self.sides.items():
            rows = [r for r in self.rows.values() if r.factor.quadrant.internal is internal]
            box.children = rows or [w.HTML(f"<i>{html.escape(t('ui.scoring.no_factors'))}</i>")]
        self._load_member()
        self._hide_conflict()
        self.show_team()

    def _load_member(self) -> None:
        member_id = self.member.value
        self._loaded = member_ratings(self.ws, self.institution.id, member_id) if member_id else {}
        self._quiet = True
        try:
            for factor_id, row in self.rows.items():
                row.load(self._loaded.get(factor_id))
        finally:
            self._quiet = False
        self._show_sums()

    def _sum_text(self, internal: bool) -> str:
        return self._sum_state(internal)[0]

    def _sum_state(self, internal: bool) -> tuple[str, bool]:
        """The side's weight sum as a sentence, and whether it is fine to save."""
        weights = {i: r.weight.value for i, r in self.rows.items()}
        factors = [r.factor for r in self.rows.values() if r.factor.quadrant.internal is internal]
        problems = weight_problems(factors, weights)
        if problems:
            return problems[0], False
        total = math.fsum(weights[f.id] or 0.0 for f in factors)
        if not total:
            return t("ui.scoring.sum_unweighted"), True
        return t("ui.scoring.sum", total=format_decimal(total)) + " ✔", True

    def _show_sums(self) -> None:
        for internal, label in self.sums.items():
            text, fine = self._sum_state(internal)
            colour = "#1b7f3b" if fine else "#b3261e"
            label.value = f"<span style='color:{colour};font-size:12px'>{html.escape(text)}</span>"

    def show_team(self) -> None:
        """Recompute the team's totals, position and sensitivity from the workspace."""
        lines = [f"{t('ui.scoring.team')}:"]
        try:
            result = ife_efe(self.ws, self.institution.id)
            report = sensitivity(self.ws, self.institution.id)
        except SwotError as exc:
            lines.append(t("ui.scoring.team_incomplete", message=str(exc)))
        else:
            position = result.position
            lines += [
                t(
                    "ui.scoring.totals",
                    ife=format_decimal(result.ife),
                    efe=format_decimal(result.efe),
                ),
                t("ui.scoring.position", label=position.label),
                t(
                    "ui.scoring.ie",
                    cell=position.ie_cell,
                    region=t(f"ie.{position.ie_region}"),
                ),
                *_sensitivity_lines(report),
            ]
        self._team_lines = lines
        head, *rest = lines
        self.results.value = (
            f"<div style='border-top:1px solid #ccc;margin-top:6px;padding-top:4px'>"
            f"<b>{html.escape(head)}</b><br>{_lines_html(rest)}</div>"
        )

    # --- actions -----------------------------------------------------------------------------

    def _on_member(self, _change: Any = None) -> None:
        self._load_member()
        self._hide_conflict()
        if self.member.value:
            self.status.ok(t("ui.scoring.loaded", name=self._member_name()))

    def _on_weight(self, _change: Any = None) -> None:
        if not self._quiet:
            self._show_sums()

    def spread(self, by: str) -> None:
        """Fill in the weights evenly (``"even"``) or by the factors' importance."""
        weights = suggest_weights([r.factor for r in self.rows.values()], by=by)
        self._quiet = True
        try:
            for factor_id, weight in weights.items():
                self.rows[factor_id].weight.value = weight
        finally:
            self._quiet = False
        self._show_sums()
        self.status.ok(t("ui.scoring.spread_done", how=t(f"ui.scoring.how.{by}")))

    def entries(self) -> dict[str, tuple[float | None, int | None]]:
        """What the form holds: factor id → (weight, rating)."""
        return {factor_id: row.entry() for factor_id, row in self.rows.items()}

    def _on_save(self, _button: Any = None) -> None:
        self.save(loaded=self._loaded)

    def save(self, *, loaded: dict[str, Rating]) -> None:
        if not self.member.value:
            raise SwotError(t("ui.scoring.pick_member"))
        try:
            self._loaded = save_member_ratings(
                self.ws,
                self.institution.id,
                self.member.value,
                self.entries(),
                loaded=loaded,
                actor=self._member_name() or None,
            )
        except ConflictError as exc:
            self._show_conflict(exc.mine, exc.theirs)
            return
        self._hide_conflict()
        self.status.ok(t("ui.scoring.saved", name=self._member_name(), count=len(self._loaded)))
        self.show_team()

    def _on_reload(self, _button: Any = None) -> None:
        self.reload()
        if self.member.value:
            self.status.ok(t("ui.scoring.loaded", name=self._member_name()))

    def _show_conflict(self, mine: Rating, theirs: Rating | None) -> None:
        row = self.rows.get(mine.factor_id)
        weight, rating = row.entry() if row else (mine.weight, mine.rating)
        mine_text = t(
            "ui.scoring.entry",
            weight=format_decimal(weight or 0.0),
            rating="—" if rating is None else rating,
        )
        theirs_text = (
            t(
                "ui.scoring.entry",
                weight="—" if theirs.weight is None else format_decimal(theirs.weight),
                rating="—" if theirs.rating is None else theirs.rating,
            )
            if theirs is not None
            else t("ui.scoring.entry_gone")
        )
        factor = row.factor.text if row else mine.factor_id
        self.conflict.show(
            t(
                "ui.scoring.conflict",
                name=self._member_name(),
                factor=factor,
                mine=mine_text,
                theirs=theirs_text,
            ),
            # an informed overwrite: my form's values on top of what is stored now
            keep_mine=lambda: self.save(
                loaded=member_ratings(self.ws, self.institution.id, self.member.value)
            ),
            keep_theirs=self._on_reload,
        )

    def _hide_conflict(self) -> None:
        self.conflict.hide()


def _sensitivity_lines(report: Sensitivity) -> list[str]:
    kind = report.team.quadrant.value
    count = len(report.members)
    if report.holds:
        lines = [t("ui.scoring.holds", count=count, kind=kind)]
    else:
        lines = [t("ui.scoring.not_holds", agree=report.agreeing, count=count, kind=kind)]
    for m in report.members:
        lines.append(
            "  "
            + t(
                "ui.scoring.member_position",
                name=m.name,
                ife=format_decimal(m.position.ife),
                efe=format_decimal(m.position.efe),
                kind=m.position.quadrant.value,
                mark="" if m.agrees else t("ui.scoring.differs"),
            )
        )
    if report.robust:
        lines.append(t("ui.scoring.robust"))
    else:
        lines += [
            t("ui.scoring.fragile", name=m.name, kind=m.position.quadrant.value)
            for m in report.leave_one_out
            if not m.agrees
        ]
    return lines


# --- TOWS ------------------------------------------------------------------------------------


class _Cell(w.VBox):  # type: ignore[misc]
    """One TOWS cell: its strategies and a form that adds one or edits one as you type."""

    def __init__(self, editor: TowsEditor, kind: StrategyKind) -> None:
        self.editor = editor
        self.kind = kind
        self.editing: Strategy | None = None
        self.in_conflict = False
        self._quiet = False
        code = kind.value.lower()
        self.items = w.VBox()
        self.items.add_class(f"swot-strategies-{code}")
        self.text = w.Textarea(
            placeholder=t("ui.tows.text_placeholder"),
            continuous_update=False,
            layout=w.Layout(width="98%", height="56px"),
        )
        self.text.add_class("swot-strategy-text")
        self.text.add_class(f"swot-strategy-text-{code}")
        self.factors = w.SelectMultiple(options=[], rows=5, layout=w.Layout(width="98%"))
        self.factors.add_class("swot-strategy-factors")
        self.add_button = w.Button(
            description=t("ui.tows.add"),
            icon="plus",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.add_button.add_class("swot-strategy-add")
        self.add_button.add_class(f"swot-strategy-add-{code}")
        self.done_button = w.Button(
            description=t("ui.tows.done"), layout=w.Layout(width="auto", display="none")
        )
        self.done_button.add_class("swot-strategy-done")
        self.state = SaveState("ui.tows.state")
        self.status = StatusLine()
        self.conflict = ConflictPanel(self.status, "ui.tows")
        guard = guarded(self.status)
        self.add_button.on_click(guard(self._on_submit))
        self.done_button.on_click(guard(lambda _b: self._reset_form()))
        self.text.observe(guard(self._on_change), names="value")
        self.factors.observe(guard(self._on_change), names="value")
        colour = _COLOURS[kind.value]
        title = w.HTML(
            f'<h4 style="color:{colour};margin:4px 0">'
            f"{html.escape(t(f'ui.tows.cell.{kind.value}'))}</h4>"
        )
        super().__init__(
            children=[
                title,
                self.items,
                self.text,
                w.HTML(f"<small>{html.escape(t('ui.tows.factors'))}</small>"),
                self.factors,
                w.HBox([self.add_button, self.done_button, self.state]),
                self.status,
                self.conflict,
            ],
            layout=w.Layout(border=f"2px solid {colour}", padding="6px", width="100%"),
        )
        self.add_class(f"swot-tows-{code}")

    # --- drawing -----------------------------------------------------------------------------

    def draw(self, entries: Sequence[StrategyEntry], candidates: Sequence[Factor]) -> None:
        rows = [self._row(entry.strategy, entry.factors) for entry in entries]
        self.items.children = rows or [w.HTML(f"<i>{html.escape(t('ui.tows.empty'))}</i>")]
        options = [(_factor_label(f), f.id) for f in candidates]
        if list(self.factors.options) != options:
            self._quiet = True
            try:
                chosen = self.factors.value
                known = {value for _label, value in options}
                self.factors.options = options
                self.factors.value = tuple(v for v in chosen if v in known)
            finally:
                self._quiet = False

    def _row(self, strategy: Strategy, factors: Sequence[Factor]) -> w.HBox:
        linked = "".join(
            f"<div style='color:#555;font-size:12px'>↳ {html.escape(_factor_label(f, 100))}</div>"
            for f in factors
        ) or (
            f"<div style='color:#999;font-size:12px'>{html.escape(t('ui.tows.no_factors'))}</div>"
        )
        body = w.HTML(
            f"<div class='swot-strategy-body'><b>{html.escape(strategy.text)}</b>{linked}</div>",
            layout=w.Layout(width="100%"),
        )
        body.add_class("swot-strategy")
        buttons = []
        for icon, key, action in (
            ("pencil", "edit", self.edit),
            ("trash", "delete", lambda s: self.editor.delete(s, self)),
        ):
            button = w.Button(
                icon=icon,
                tooltip=t(f"ui.tows.{key}"),
                layout=w.Layout(width="34px", flex="0 0 auto"),
            )
            button.add_class(f"swot-strategy-{key}")
            button.on_click(guarded(self.status)(lambda _b, s=strategy, a=action: a(s)))
            buttons.append(button)
        row = w.HBox(
            [body, *buttons],
            layout=w.Layout(align_items="flex-start", border_bottom="1px solid #ddd"),
        )
        row.add_class("swot-strategy-row")
        return row

    # --- actions -----------------------------------------------------------------------------

    def edit(self, strategy: Strategy) -> None:
        """Load a strategy into the form; from now on every change saves itself."""
        self._load(strategy)
        self.add_button.description = t("ui.tows.save")
        self.done_button.layout.display = ""
        self.state.set("editing")

    def _load(self, strategy: Strategy) -> None:
        self.editing = strategy
        self.in_conflict = False
        self._quiet = True
        try:
            self.text.value = strategy.text
            known = {value for _label, value in self.factors.options}
            self.factors.value = tuple(i for i in strategy.factor_ids if i in known)
        finally:
            self._quiet = False

    def _on_change(self, _change: Any = None) -> None:
        if self._quiet:
            return
        if self.editing is None:
            self.state.set("unsaved" if self.text.value.strip() else "saved")
            return
        if self.in_conflict:
            return  # wait for the person to choose a version
        self._save_edit()

    def _changed(self) -> Strategy:
        assert self.editing is not None
        return self.editing.replace(text=self.text.value, factor_ids=tuple(self.factors.value))

    def _save_edit(self) -> None:
        self.state.set("failed")  # until the write below says otherwise
        saved = self.editor.save(self._changed(), self)
        if saved is not None:
            self.editing = saved
            self.state.set("saved")
            self.status.ok(t("ui.tows.added", text=saved.text[:60]))

    def _on_submit(self, _button: Any = None) -> None:
        if self.editing is not None:
            self._save_edit()
            return
        self.state.set("failed")
        saved = self.editor.add(self.kind, self.text.value, tuple(self.factors.value))
        self._reset_form()
        self.state.set("saved")
        self.status.ok(t("ui.tows.added", text=saved.text[:60]))

    def _reset_form(self) -> None:
        self.editing = None
        self.in_conflict = False
        self._quiet = True
        try:
            self.text.value = ""
            self.factors.value = ()
        finally:
            self._quiet = False
        self.add_button.description = t("ui.tows.add")
        self.done_button.layout.display = "none"
        self.conflict.hide()
        self.state.clear()

    def show_conflict(self, mine: Strategy, theirs: Strategy | None) -> None:
        if theirs is None:
            self._reset_form()
            self.status.error(t("ui.tows.deleted_meanwhile"))
            return
        self.in_conflict = True
        self.state.set("conflict")
        self.conflict.show(
            t("ui.tows.conflict", mine=mine.text, theirs=theirs.text),
            keep_mine=lambda: self._resolve(mine, theirs),
            keep_theirs=lambda: self._take(theirs),
        )

    def _hide_conflict(self) -> None:
        self.in_conflict = False
        self.conflict.hide()

    def _resolve(self, mine: Strategy, theirs: Strategy) -> None:
        """Put my text and factors on top of the stored version: an informed overwrite."""
        self._hide_conflict()
        self.editing = theirs.replace(text=mine.text, factor_ids=mine.factor_ids)
        self._save_edit()

    def _take(self, theirs: Strategy) -> None:
        self._hide_conflict()
        self.edit(theirs)
        self.status.ok(t("ui.tows.added", text=theirs.text[:60]))


class TowsEditor(LiveView):
    """The TOWS matrix of one institution: strategies built from its SWOT factors.

    Each cell (SO, ST, WO, WT) offers only the factors of its two quadrants. A strategy being
    edited saves itself at every change; the gap check below the matrix lists the important
    weaknesses and threats that no strategy answers yet.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose strategies these are.
    author
        Recorded as the actor of every change made here.
    min_importance
        From which importance (1-5) a weakness or threat counts as important.
    poll_seconds
        How often to look for other participants' changes (``0`` turns live refresh off).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        *,
        author: str = "",
        min_importance: int = 4,
        poll_seconds: float = 2.0,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.author = author
        self.min_importance = min_importance
        self._gap_lines: list[str] = []
        self.cells = {kind: _Cell(self, kind) for kind in StrategyKind}
        grid = w.GridBox(
            list(self.cells.values()),
            layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="100%"),
        )
        self.gaps = w.HTML()
        self.gaps.add_class("swot-tows-gaps")
        self.status = StatusLine()
        title = w.HTML(f"<h3>{html.escape(t('ui.tows.title', name=self.institution.name))}</h3>")
        super().__init__(children=[title, grid, self.gaps, self.status], **kwargs)
        self.add_class("swot-tows")
        self.refresh()
        self._start_polling(poll_seconds, "swot-tows-poll", "ui.tows.refreshed")

    def __repr__(self) -> str:
        matrix = tows_matrix(self.ws, self.institution.id)
        lines = [t("ui.tows.title", name=self.institution.name)]
        for kind, entries in matrix.cells.items():
            lines.append(f"{t(f'ui.tows.cell.{kind.value}')}:")
            for entry in entries:
                linked = "; ".join(_factor_label(f, 60) for f in entry.factors)
                lines.append(f"  - {entry.strategy.text}" + (f" ← {linked}" if linked else ""))
            if not entries:
                lines.append(f"  {t('ui.tows.empty')}")
        return "\n".join([*lines, *self._gap_lines])

    # --- live --------------------------------------------------------------------------------

    def _draw(self) -> None:
        matrix = tows_matrix(self.ws, self.institution.id)
        for kind, cell in self.cells.items():
            cell.draw(matrix.cells[kind], matrix.candidates(kind))
        self._draw_gaps()

    def _draw_gaps(self) -> None:
        gaps = unaddressed(self.ws, self.institution.id, min_importance=self.min_importance)
        if gaps:
            head = t("ui.tows.gaps", min=self.min_importance)
            items = [
                t(
                    "ui.tows.gap",
                    quadrant=f.quadrant.value,
                    text=f.text,
                    importance=f.importance,
                )
                for f in gaps
            ]
            self._gap_lines = [head, *(f"  - {item}" for item in items)]
            self.gaps.value = (
                f"<div style='color:#b3261e'><b>{html.escape(head)}</b><ul>"
                + "".join(f"<li>{html.escape(item)}</li>" for item in items)
                + "</ul></div>"
            )
        else:
            text = t("ui.tows.no_gaps", min=self.min_importance)
            self._gap_lines = [text]
            self.gaps.value = f"<div style='color:#1b7f3b'>✔ {html.escape(text)}</div>"

    # --- writes (each one transaction; the matrix redraws after) ----------------------------

    def add(self, kind: StrategyKind, text: str, factor_ids: tuple[str, ...]) -> Strategy:
        try:
            return self.ws.add(
                Strategy(
                    institution_id=self.institution.id,
                    kind=kind,
                    text=text,
                    factor_ids=factor_ids,
                ),
                actor=self.author or None,
            )
        finally:
            self.refresh()  # refused or not: show what is stored now (e.g. a factor moved)

    def save(self, strategy: Strategy, cell: _Cell) -> Strategy | None:
        try:
            saved = self.ws.update(strategy, actor=self.author or None)
        except ConflictError as exc:
            cell.show_conflict(exc.mine, exc.theirs)
            self.refresh()
            return None
        self.refresh()
        return saved

    def delete(self, strategy: Strategy, cell: _Cell) -> None:
        try:
            self.ws.delete(strategy, actor=self.author or None)
        except ConflictError as exc:
            self.refresh()
            if exc.theirs is None:
                cell.status.error(t("ui.tows.deleted_meanwhile"))
            else:
                cell.show_conflict(strategy, exc.theirs)
            return
        if cell.editing is not None and cell.editing.id == strategy.id:
            cell._reset_form()
        self.refresh()
        cell.status.ok(t("ui.tows.deleted", text=strategy.text[:60]))


# --- expert review ---------------------------------------------------------------------------


class CommentsPanel(FullTextRepr, w.VBox):  # type: ignore[misc]
    """The expert's review of one institution: comments on factors and strategies.

    Open comments are listed oldest first, each with a button that marks it resolved;
    resolved ones are kept apart, behind a toggle.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose factors and strategies are reviewed.
    author
        The name filled in as the comments' author (editable in the panel).
    """

    def __init__(
        self, ws: Workspace, institution_id: str, *, author: str = "", **kwargs: Any
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.target = w.Dropdown(description=t("ui.comments.target"), layout=w.Layout(width="98%"))
        self.target.add_class("swot-comment-target")
        self.author = w.Text(value=author, description=t("ui.comments.author"))
        self.author.add_class("swot-comment-author")
        self.text = w.Textarea(
            placeholder=t("ui.comments.text_placeholder"),
            layout=w.Layout(width="98%", height="64px"),
        )
        self.text.add_class("swot-comment-text")
        self.add_button = w.Button(
            description=t("ui.comments.add"),
            icon="comment",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.add_button.add_class("swot-comment-add")
        self.refresh_button = w.Button(
            description=t("ui.comments.refresh"), icon="refresh", layout=w.Layout(width="auto")
        )
        self.refresh_button.add_class("swot-comments-refresh")
        self.status = StatusLine()
        self.open_title = w.HTML()
        self.open_list = w.VBox()
        self.open_list.add_class("swot-comments-open")
        self.show_resolved = w.ToggleButton(
            value=False,
            description=t("ui.comments.show_resolved"),
            icon="eye",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.show_resolved.add_class("swot-comments-show-resolved")
        self.resolved_list = w.VBox(layout=w.Layout(display="none"))
        self.resolved_list.add_class("swot-comments-resolved")
        guard = guarded(self.status)
        self.add_button.on_click(guard(self._on_add))
        self.refresh_button.on_click(guard(lambda _b: self.refresh()))
        self.show_resolved.observe(guard(self._on_toggle), names="value")
        title = w.HTML(
            f"<h3>{html.escape(t('ui.comments.title', name=self.institution.name))}</h3>"
        )
        super().__init__(
            children=[
                title,
                self.target,
                self.author,
                self.text,
                w.HBox([self.add_button, self.refresh_button]),
                self.status,
                self.open_title,
                self.open_list,
                self.show_resolved,
                self.resolved_list,
            ],
            **kwargs,
        )
        self.add_class("swot-comments")
        self.refresh()

    def __repr__(self) -> str:
        found = open_comments(self.ws, self.institution.id)
        done = resolved_comments(self.ws, self.institution.id)
        lines = [t("ui.comments.title", name=self.institution.name)]
        lines.append(t("ui.comments.open", count=len(found)) + ":")
        lines += [f"  - {self._plain(c)}" for c in found] or [f"  {t('ui.comments.none_open')}"]
        lines.append(t("ui.comments.resolved", count=len(done)) + ":")
        lines += [f"  - {self._plain(c)}" for c in done] or [f"  {t('ui.comments.none_resolved')}"]
        return "\n".join(lines)

    @staticmethod
    def _plain(entry: ReviewComment) -> str:
        return f"{_target_label(entry.target, 60)} — {entry.author}: {entry.comment.text}"

    # --- drawing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw the targets and both lists from the workspace."""
        targets = comment_targets(self.ws, self.institution.id)
        options = [(t("ui.comments.no_target"), "")] + [
            (_target_label(x), f"{x.KIND}:{x.id}") for x in targets
        ]
        if list(self.target.options) != options:
            current = self.target.value
            self.target.options = options
            self.target.value = current if current in {v for _label, v in options} else ""
        found = open_comments(self.ws, self.institution.id)
        self.open_title.value = f"<h4>{html.escape(t('ui.comments.open', count=len(found)))}</h4>"
        self.open_list.children = [self._row(c) for c in found] or [
            w.HTML(f"<i>{html.escape(t('ui.comments.none_open'))}</i>")
        ]
        done = resolved_comments(self.ws, self.institution.id)
        self.show_resolved.description = t("ui.comments.resolved", count=len(done))
        self.resolved_list.children = [self._row(c) for c in done] or [
            w.HTML(f"<i>{html.escape(t('ui.comments.none_resolved'))}</i>")
        ]

    def _row(self, entry: ReviewComment) -> w.HBox:
        meta = f"{entry.author} · {format_time(entry.created_at)}"
        body = w.HTML(
            "<div class='swot-comment-body'>"
            f"<div style='color:#555;font-size:12px'>{html.escape(_target_label(entry.target))}"
            f"</div><div>{html.escape(entry.comment.text)}</div>"
            f"<div style='color:#777;font-size:12px'>{html.escape(meta)}</div></div>",
            layout=w.Layout(width="100%"),
        )
        body.add_class("swot-comment")
        children: list[w.Widget] = [body]
        if not entry.resolved:
            button = w.Button(
                description=t("ui.comments.resolve"),
                icon="check",
                layout=w.Layout(width="auto", flex="0 0 auto"),
            )
            button.add_class("swot-comment-resolve")
            button.on_click(guarded(self.status)(lambda _b, c=entry: self.resolve(c)))
            children.append(button)
        row = w.HBox(
            children, layout=w.Layout(align_items="flex-start", border_bottom="1px solid #ddd")
        )
        row.add_class("swot-comment-row")
        return row

    # --- actions -----------------------------------------------------------------------------

    def _on_toggle(self, _change: Any = None) -> None:
        self.resolved_list.layout.display = "" if self.show_resolved.value else "none"

    def _on_add(self, _button: Any = None) -> None:
        if not self.target.value:
            raise SwotError(t("ui.comments.pick_target"))
        kind, target_id = str(self.target.value).split(":", 1)
        target: Factor | Strategy = (
            self.ws.get(Factor, target_id)
            if kind == Factor.KIND
            else self.ws.get(Strategy, target_id)
        )
        author = self.author.value.strip()
        add_comment(self.ws, target, author, self.text.value, actor=author or None)
        self.text.value = ""
        self.refresh()
        self.status.ok(t("ui.comments.added", target=_target_label(target, 60)))

    def resolve(self, entry: ReviewComment) -> None:
        """Mark a comment resolved (a stale copy is refused and the lists are redrawn)."""
        author = self.author.value.strip()
        try:
            resolve_comment(self.ws, entry.comment, actor=author or None)
        except ConflictError as exc:
            self.refresh()
            if exc.theirs is None:
                self.status.error(t("ui.comments.deleted_meanwhile"))
            else:
                self.status.error(
                    t(
                        "ui.comments.conflict",
                        status=t(f"status.{exc.theirs.status.value}"),
                        mine=entry.comment.text[:60],
                    )
                )
            return
        self.refresh()
        self.status.ok(t("ui.comments.resolved_done", text=entry.comment.text[:60]))
