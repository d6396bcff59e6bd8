"""Running the SWOT workshop: the trainer's panel, blind dot voting, merging, categories.

Thin views over :mod:`swot.facilitation`; every rule (phases, budgets, blind totals, what a
merge does to votes and evidence) lives there. Each action is saved at once and says so on
the status line; every error shows up there in Polish, never as a traceback. The trainer's
panel and the participants' voting panels redraw themselves within a few seconds when the
workspace changes (a light poll of :meth:`Workspace.last_change`, like the SWOT board).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from swot import facilitation as core
from swot.errors import SwotError
from swot.i18n import register, t
from swot.model import Factor, Institution, Participant, Phase, Quadrant
from swot.store import Workspace
from swot.widgets._common import (
    FullTextRepr,
    LiveView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)

__all__ = ["CategoryEditor", "FacilitationPanel", "MergePanel", "VotingPanel"]

register(
    {
        "ui.categories.add": {"pl": "Dodaj", "en": "Add"},
        "ui.categories.added": {"pl": "Dodano kategorię: {name}", "en": "Category added: {name}"},
        "ui.categories.count": {"pl": "Czynniki", "en": "Factors"},
        "ui.categories.down": {"pl": "Niżej", "en": "Down"},
        "ui.categories.empty": {
            "pl": "Lista kategorii jest pusta. Dodaj pierwszą kategorię.",
            "en": "The category list is empty. Add the first category.",
        },
        "ui.categories.item": {
            "pl": "{name} (czynniki: {count})",
            "en": "{name} (factors: {count})",
        },
        "ui.categories.moved": {
            "pl": "Zapisano kolejność kategorii.",
            "en": "Category order saved.",
        },
        "ui.categories.name": {"pl": "Nazwa", "en": "Name"},
        "ui.categories.name_placeholder": {
            "pl": "np. edukacja kulturalna",
            "en": "e.g. cultural education",
        },
        "ui.categories.category": {"pl": "Kategoria", "en": "Category"},
        "ui.categories.pick_first": {
            "pl": "Najpierw wybierz kategorię z listy.",
            "en": "Pick a category from the list first.",
        },
        "ui.categories.remove": {"pl": "Usuń", "en": "Remove"},
        "ui.categories.removed": {
            "pl": "Usunięto kategorię: {name}",
            "en": "Category removed: {name}",
        },
        "ui.categories.rename": {"pl": "Zmień nazwę", "en": "Rename"},
        "ui.categories.renamed": {
            "pl": "Zmieniono nazwę kategorii: {old} → {new}",
            "en": "Category renamed: {old} → {new}",
        },
        "ui.categories.title": {"pl": "Kategorie czynników", "en": "Factor categories"},
        "ui.categories.up": {"pl": "Wyżej", "en": "Up"},
        "ui.facilitate.apply": {
            "pl": "Ustaw ważność według głosów",
            "en": "Set importance from the votes",
        },
        "ui.facilitate.applied": {
            "pl": "Ustawiono ważność według głosów (zmienione czynniki: {count}).",
            "en": "Importance set from the votes (factors changed: {count}).",
        },
        "ui.facilitate.budget": {"pl": "Głosy na osobę", "en": "Votes each"},
        "ui.facilitate.budget_line": {
            "pl": "Głosy na uczestnika: {budget}",
            "en": "Votes per participant: {budget}",
        },
        "ui.facilitate.budget_saved": {
            "pl": "Zapisano: {budget} gł. na uczestnika.",
            "en": "Saved: {budget} votes per participant.",
        },
        "ui.facilitate.hide": {"pl": "Ukryj wyniki", "en": "Hide the results"},
        "ui.facilitate.hidden": {
            "pl": (
                "Wyniki są ukryte: uczestnicy widzą tylko własne głosy. Odsłoń je, aby pokazać "
                "ranking."
            ),
            "en": (
                "The results are hidden: participants see only their own votes. Reveal them to "
                "show the ranking."
            ),
        },
        "ui.facilitate.phase": {"pl": "Etap", "en": "Phase"},
        "ui.facilitate.phase_line": {"pl": "Etap: {phase}", "en": "Phase: {phase}"},
        "ui.facilitate.phase_saved": {
            "pl": "Zapisano: etap „{phase}”.",
            "en": "Saved: phase '{phase}'.",
        },
        "ui.facilitate.progress": {
            "pl": "Głosowało {voters} z {members} uczestników; oddano {cast} z {possible} głosów.",
            "en": "{voters} of {members} participants voted; {cast} of {possible} votes cast.",
        },
        "ui.facilitate.rank": {"pl": "Miejsce", "en": "Rank"},
        "ui.facilitate.importance_now": {"pl": "Ważność teraz", "en": "Importance now"},
        "ui.facilitate.importance_votes": {
            "pl": "Ważność z głosów",
            "en": "Importance from votes",
        },
        "ui.facilitate.results_hidden": {
            "pl": "Wyniki głosowania: ukryte",
            "en": "Voting results: hidden",
        },
        "ui.facilitate.results_shown": {
            "pl": "Wyniki głosowania: odsłonięte",
            "en": "Voting results: revealed",
        },
        "ui.facilitate.reveal": {"pl": "Odsłoń wyniki", "en": "Reveal the results"},
        "ui.facilitate.revealed": {
            "pl": "Wyniki odsłonięte: wszyscy widzą sumy głosów.",
            "en": "Results revealed: everyone sees the vote totals.",
        },
        "ui.facilitate.rehidden": {
            "pl": "Wyniki znów ukryte: uczestnicy widzą tylko własne głosy.",
            "en": "Results hidden again: participants see only their own votes.",
        },
        "ui.facilitate.save": {"pl": "Zapisz", "en": "Save"},
        "ui.facilitate.factor": {"pl": "Czynnik", "en": "Factor"},
        "ui.facilitate.quadrant": {"pl": "Ćwiartka", "en": "Quadrant"},
        "ui.facilitate.title": {
            "pl": "Prowadzenie warsztatu SWOT: {name}",
            "en": "Running the SWOT workshop: {name}",
        },
        "ui.facilitate.votes": {"pl": "Głosy", "en": "Votes"},
        "ui.merge.all_quadrants": {"pl": "wszystkie ćwiartki", "en": "all quadrants"},
        "ui.merge.button": {"pl": "Scal zaznaczone", "en": "Merge the selected"},
        "ui.merge.empty": {"pl": "Brak czynników.", "en": "No factors."},
        "ui.merge.factors": {"pl": "Powtórzenia", "en": "Duplicates"},
        "ui.merge.keep": {"pl": "Zostaje brzmienie", "en": "Keep the wording"},
        "ui.merge.merged": {
            "pl": "Scalono czynniki ({count}) w: {text}",
            "en": "Merged {count} factors into: {text}",
        },
        "ui.merge.text": {"pl": "lub nowe", "en": "or new"},
        "ui.merge.text_placeholder": {
            "pl": "…albo wpisz nowe brzmienie scalonego czynnika",
            "en": "…or type a new wording for the merged factor",
        },
        "ui.merge.title": {
            "pl": "Scalanie powtarzających się czynników: {name}",
            "en": "Merging duplicate factors: {name}",
        },
        "ui.voting.cast": {
            "pl": "Oddano głos na: {text}. Pozostało głosów: {left} z {budget}.",
            "en": "Voted for: {text}. Votes left: {left} of {budget}.",
        },
        "ui.voting.instructions": {
            "pl": (
                "Kliknij +, aby dać głos czynnikowi, który uważasz za ważny, lub −, aby go cofnąć."
            ),
            "en": "Click + to give a vote to a factor you find important, or − to take it back.",
        },
        "ui.voting.left": {
            "pl": "Pozostało głosów: {left} z {budget}",
            "en": "Votes left: {left} of {budget}",
        },
        "ui.voting.minus": {"pl": "Cofnij głos", "en": "Take back a vote"},
        "ui.voting.mine": {"pl": "moje głosy: {count}", "en": "my votes: {count}"},
        "ui.voting.plus": {"pl": "Daj głos", "en": "Give a vote"},
        "ui.voting.refreshed": {
            "pl": "Odświeżono (zmiany trenera lub innych uczestników).",
            "en": "Refreshed (changes by the trainer or other participants).",
        },
        "ui.voting.retracted": {
            "pl": "Cofnięto głos z: {text}. Pozostało głosów: {left} z {budget}.",
            "en": "Vote taken back from: {text}. Votes left: {left} of {budget}.",
        },
        "ui.voting.title": {
            "pl": "Głosowanie: {institution} — {name}",
            "en": "Voting: {institution} — {name}",
        },
        "ui.voting.total": {"pl": "razem: {count}", "en": "total: {count}"},
    }
)

_WIDE = {"description_width": "130px"}


class _WorkshopView(LiveView):
    """A live workshop view; a redraw by the poll leaves an unread refusal on the status line."""

    def _show_refreshed(self, key: str) -> None:
        if "swot-status-error" not in self.status._dom_classes:
            super()._show_refreshed(key)


def _button(label: str, css: str, *, icon: str = "", style: str = "") -> w.Button:
    # align_self: in a VBox a button would otherwise stretch over the whole width
    button = w.Button(
        description=label,
        icon=icon,
        button_style=style,
        layout=w.Layout(width="auto", align_self="flex-start"),
    )
    button.add_class(css)
    return button


# --- the trainer's panel ----------------------------------------------------------------------


class FacilitationPanel(_WorkshopView):
    """The trainer's controls for one institution: phase, vote budget, reveal, importance.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose workshop this is.
    actor
        Recorded in the history of every change made here.
    poll_seconds
        How often to look for votes and other changes (``0`` turns live refresh off).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        *,
        actor: str = "",
        poll_seconds: float = 2.0,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.actor = actor or None
        self.status = StatusLine()
        guard = guarded(self.status)
        self.phase = w.ToggleButtons(
            options=[(p.label, p.value) for p in Phase],
            description=t("ui.facilitate.phase"),
            style={"button_width": "auto"},
        )
        self.phase.add_class("swot-phase")
        self.phase.observe(guard(self._on_phase), names="value")
        self.budget = w.IntText(
            description=t("ui.facilitate.budget"), style=_WIDE, layout=w.Layout(width="220px")
        )
        self.budget.add_class("swot-vote-budget")
        self.budget_button = _button(t("ui.facilitate.save"), "swot-vote-budget-save", icon="check")
        self.budget_button.on_click(guard(self._on_budget))
        self.progress = w.HTML()
        self.progress.add_class("swot-vote-progress")
        self.reveal_button = _button(t("ui.facilitate.reveal"), "swot-reveal", icon="eye")
        self.reveal_button.on_click(guard(self._on_reveal))
        self.results = w.HTML()
        self.results.add_class("swot-ranking")
        self.apply_button = _button(
            t("ui.facilitate.apply"), "swot-apply-importance", icon="star", style="primary"
        )
        self.apply_button.on_click(guard(self._on_apply))
        title = w.HTML(
            f"<h3>{html.escape(t('ui.facilitate.title', name=self.institution.name))}</h3>"
        )
        super().__init__(
            children=[
                title,
                self.phase,
                w.HBox([self.budget, self.budget_button]),
                self.progress,
                self.reveal_button,
                self.results,
                self.apply_button,
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-facilitation")
        self.revealed = False
        self.refresh()
        self._start_polling(poll_seconds, "swot-facilitate-poll", "ui.voting.refreshed")

    # --- drawing -------------------------------------------------------------------------------

    def _ranking_rows(self) -> tuple[list[str], list[list[Any]]]:
        headers = [
            t("ui.facilitate.quadrant"),
            t("ui.facilitate.rank"),
            t("ui.facilitate.factor"),
            t("ui.facilitate.votes"),
            t("ui.facilitate.importance_now"),
            t("ui.facilitate.importance_votes"),
        ]
        ranked = core.ranking(self.ws, self.institution.id, viewer_is_trainer=True) or []
        rows = [
            [
                r.factor.quadrant.label,
                r.rank,
                r.factor.text,
                r.votes,
                r.factor.importance,
                r.importance,
            ]
            for r in ranked
        ]
        return headers, rows

    def _draw(self) -> None:
        state = core.session(self.ws, self.institution.id)
        self.phase.value = state.phase.value
        self.budget.value = state.votes_per_participant
        progress = core.voting_progress(self.ws, self.institution.id)
        self.progress.value = html.escape(self._progress_text(progress))
        self.revealed = state.votes_revealed
        if state.votes_revealed:
            headers, rows = self._ranking_rows()
            self.results.value = html_table(
                headers, rows, numeric=(1, 3, 4, 5), empty=t("ui.merge.empty")
            )
            self.reveal_button.description = t("ui.facilitate.hide")
            self.reveal_button.icon = "eye-slash"
        else:
            self.results.value = f"<i>{html.escape(t('ui.facilitate.hidden'))}</i>"
            self.reveal_button.description = t("ui.facilitate.reveal")
            self.reveal_button.icon = "eye"
        self.apply_button.disabled = not state.votes_revealed

    @staticmethod
    def _progress_text(progress: core.VotingProgress) -> str:
        return t(
            "ui.facilitate.progress",
            voters=progress.voters,
            members=progress.members,
            cast=progress.votes_cast,
            possible=progress.votes_possible,
        )

    def __repr__(self) -> str:
        state = core.session(self.ws, self.institution.id)
        lines = [
            t("ui.facilitate.title", name=self.institution.name),
            t("ui.facilitate.phase_line", phase=state.phase.label),
            t("ui.facilitate.budget_line", budget=state.votes_per_participant),
            self._progress_text(core.voting_progress(self.ws, self.institution.id)),
        ]
        if state.votes_revealed:
            headers, rows = self._ranking_rows()
            lines += [
                t("ui.facilitate.results_shown"),
                text_table(headers, rows, empty=t("ui.merge.empty")),
            ]
        else:
            lines.append(t("ui.facilitate.results_hidden"))
        return "\n".join(lines)

    # --- actions -------------------------------------------------------------------------------

    def _on_phase(self, change: dict[str, Any]) -> None:
        if self._redrawing():
            return
        try:
            saved = core.set_phase(self.ws, self.institution.id, change["new"], actor=self.actor)
        finally:
            self.refresh()  # on a refusal the buttons go back to the stored phase
        self.status.ok(t("ui.facilitate.phase_saved", phase=saved.phase.label))

    def _on_budget(self, _button: Any = None) -> None:
        try:
            saved = core.set_vote_budget(
                self.ws, self.institution.id, self.budget.value, actor=self.actor
            )
        finally:
            self.refresh()
        self.status.ok(t("ui.facilitate.budget_saved", budget=saved.votes_per_participant))

    def _on_reveal(self, _button: Any = None) -> None:
        # The button does what it says on it, even if another window changed the state.
        try:
            saved = core.reveal_votes(
                self.ws, self.institution.id, not self.revealed, actor=self.actor
            )
        finally:
            self.refresh()
        key = "ui.facilitate.revealed" if saved.votes_revealed else "ui.facilitate.rehidden"
        self.status.ok(t(key))

    def _on_apply(self, _button: Any = None) -> None:
        before = {f.id: f.importance for f in self.ws.factors(self.institution.id)}
        try:
            result = core.importance_from_votes(self.ws, self.institution.id, actor=self.actor)
        finally:
            self.refresh()
        changed = sum(1 for fid, value in result.items() if before.get(fid) != value)
        self.status.ok(t("ui.facilitate.applied", count=changed))


# --- a participant's ballot -------------------------------------------------------------------


class VotingPanel(_WorkshopView):
    """One participant's blind dot voting on the factors of their institution.

    The participant sees their own dots and how many are left; the totals appear only after
    the trainer reveals them. Voting works only in the voting phase.

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose factors are voted on.
    participant_id
        Who votes (a member of one of the institution's teams).
    poll_seconds
        How often to look for the trainer's and others' changes (``0`` turns it off).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        participant_id: str,
        *,
        poll_seconds: float = 2.0,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.participant = ws.get(Participant, participant_id)
        self.status = StatusLine()
        self.notice = w.HTML()
        self.notice.add_class("swot-vote-notice")
        self.left = w.HTML()
        self.left.add_class("swot-votes-left")
        self.quadrants = {q: w.VBox() for q in Quadrant}
        for quadrant, box in self.quadrants.items():
            box.add_class(f"swot-vote-quadrant-{quadrant.value.lower()}")
        self.totals_note = w.HTML()
        self.totals_note.add_class("swot-vote-totals-note")
        self.plus: dict[str, w.Button] = {}
        self.minus: dict[str, w.Button] = {}
        title = w.HTML(
            "<h3>"
            + html.escape(
                t("ui.voting.title", institution=self.institution.name, name=self.participant.name)
            )
            + "</h3>"
        )
        super().__init__(
            children=[
                title,
                self.notice,
                self.left,
                *self.quadrants.values(),
                self.totals_note,
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-voting")
        self.refresh()
        self._start_polling(poll_seconds, "swot-facilitate-poll", "ui.voting.refreshed")

    # --- drawing -------------------------------------------------------------------------------

    def _ballot(self) -> tuple[int | None, dict[str, int]]:
        """Votes left (``None`` if this participant cannot vote here) and own dots."""
        try:
            left = core.votes_left(self.ws, self.participant)
        except SwotError as exc:  # e.g. no team: say so where the instructions would be
            self.notice.value = f'<b style="color:#b3261e">{html.escape(str(exc))}</b>'
            self.status.error(str(exc))
            return None, {}
        return left, core.my_votes(self.ws, self.participant)

    def _draw(self) -> None:
        self.participant = self.ws.get(Participant, self.participant.id)
        state = core.session(self.ws, self.institution.id)
        open_ = state.phase is Phase.VOTE
        if open_:
            self.notice.value = html.escape(t("ui.voting.instructions"))
        else:
            closed = t("vote.wrong_phase", phase=state.phase.label, vote=Phase.VOTE.label)
            self.notice.value = f'<b style="color:#b3261e">{html.escape(closed)}</b>'
        left, mine = self._ballot()
        budget = state.votes_per_participant
        self.left.value = (
            ""
            if left is None
            else f"<b>{html.escape(t('ui.voting.left', left=left, budget=budget))}</b>"
        )
        totals = core.vote_totals(self.ws, self.institution.id, viewer_is_trainer=False)
        self.totals_note.value = f"<i>{html.escape(t('vote.hidden'))}</i>" if totals is None else ""
        self.plus, self.minus = {}, {}
        factors = self.ws.factors(self.institution.id)
        for quadrant, box in self.quadrants.items():
            rows: list[w.Widget] = [w.HTML(f"<h4>{html.escape(quadrant.label)}</h4>")]
            group = [f for f in factors if f.quadrant is quadrant]
            for factor in group:
                rows.append(self._row(factor, mine.get(factor.id, 0), totals, open_, left))
            if not group:
                rows.append(w.HTML(f"<i>{html.escape(t('ui.merge.empty'))}</i>"))
            box.children = rows

    def _row(
        self,
        factor: Factor,
        mine: int,
        totals: dict[str, int] | None,
        open_: bool,
        left: int | None,
    ) -> w.HBox:
        counts = t("ui.voting.mine", count=mine)
        if totals is not None:
            counts += " · " + t("ui.voting.total", count=totals.get(factor.id, 0))
        text = w.HTML(
            f"<span class='swot-vote-factor-text'>{html.escape(factor.text)}</span>",
            layout=w.Layout(width="100%"),
        )
        text.add_class("swot-vote-factor")
        dots = w.HTML(
            f"<span style='color:#2166ac'>{'●' * mine}</span> {html.escape(counts)}",
            layout=w.Layout(min_width="240px", flex="0 0 auto"),
        )
        dots.add_class("swot-vote-count")
        minus = w.Button(
            icon="minus",
            tooltip=t("ui.voting.minus"),
            disabled=not open_ or mine == 0,
            layout=w.Layout(width="34px", flex="0 0 auto"),
        )
        minus.add_class("swot-vote-minus")
        plus = w.Button(
            icon="plus",
            tooltip=t("ui.voting.plus"),
            disabled=not open_ or left is None,
            layout=w.Layout(width="34px", flex="0 0 auto"),
        )
        plus.add_class("swot-vote-plus")
        guard = guarded(self.status)
        minus.on_click(guard(lambda _b, fid=factor.id: self._vote(fid, -1)))
        plus.on_click(guard(lambda _b, fid=factor.id: self._vote(fid, 1)))
        self.plus[factor.id] = plus
        self.minus[factor.id] = minus
        row = w.HBox(
            [text, dots, minus, plus],
            layout=w.Layout(align_items="center", border_bottom="1px solid #ddd"),
        )
        row.add_class("swot-vote-row")
        return row

    def __repr__(self) -> str:
        state = core.session(self.ws, self.institution.id)
        lines = [
            t("ui.voting.title", institution=self.institution.name, name=self.participant.name),
            t("ui.facilitate.phase_line", phase=state.phase.label),
        ]
        try:
            left: int | None = core.votes_left(self.ws, self.participant)
            mine = core.my_votes(self.ws, self.participant)
        except SwotError as exc:
            left, mine = None, {}
            lines.append(str(exc))
        if left is not None:
            lines.append(t("ui.voting.left", left=left, budget=state.votes_per_participant))
        totals = core.vote_totals(self.ws, self.institution.id, viewer_is_trainer=False)
        factors = self.ws.factors(self.institution.id)
        for quadrant in Quadrant:
            lines.append(f"{quadrant.label}:")
            group = [f for f in factors if f.quadrant is quadrant]
            for factor in group:
                counts = t("ui.voting.mine", count=mine.get(factor.id, 0))
                if totals is not None:
                    counts += "; " + t("ui.voting.total", count=totals.get(factor.id, 0))
                lines.append(f"  - {factor.text} — {counts}")
            if not group:
                lines.append(f"  {t('ui.merge.empty')}")
        if totals is None:
            lines.append(t("vote.hidden"))
        return "\n".join(lines)

    # --- actions -------------------------------------------------------------------------------

    def _vote(self, factor_id: str, step: int) -> None:
        actor = self.participant.name
        try:
            factor = self.ws.get(Factor, factor_id)
            participant = self.ws.get(Participant, self.participant.id)
            if step > 0:
                core.cast_vote(self.ws, factor, participant, step, actor=actor)
            else:
                core.retract_vote(self.ws, factor, participant, -step, actor=actor)
            left = core.votes_left(self.ws, participant)
            budget = core.session(self.ws, self.institution.id).votes_per_participant
        finally:
            self.refresh()
        key = "ui.voting.cast" if step > 0 else "ui.voting.retracted"
        self.status.ok(t(key, text=factor.text[:80], left=left, budget=budget))


# --- merging duplicates -----------------------------------------------------------------------


class MergePanel(_WorkshopView):
    """Merge duplicate factors of one quadrant into one (votes and evidence go with it).

    Parameters
    ----------
    ws
        The workspace.
    institution_id
        Whose factors are merged.
    actor
        Recorded in the history of every merge made here.
    poll_seconds
        How often to look for other participants' changes (``0`` turns it off).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        *,
        actor: str = "",
        poll_seconds: float = 2.0,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.actor = actor or None
        self.status = StatusLine()
        guard = guarded(self.status)
        self.quadrant = w.Dropdown(
            options=[
                *((q.label, q.value) for q in Quadrant),
                (t("ui.merge.all_quadrants"), ""),
            ],
            value=Quadrant.S.value,
            description=t("ui.facilitate.quadrant"),
            style=_WIDE,
            layout=w.Layout(width="520px"),
        )
        self.quadrant.add_class("swot-merge-quadrant")
        self.factors = w.SelectMultiple(
            description=t("ui.merge.factors"),
            rows=8,
            style=_WIDE,
            layout=w.Layout(width="98%"),
        )
        self.factors.add_class("swot-merge-factors")
        self.keep = w.Dropdown(
            description=t("ui.merge.keep"), style=_WIDE, layout=w.Layout(width="98%")
        )
        self.keep.add_class("swot-merge-keep")
        self.text = w.Text(
            description=t("ui.merge.text"),
            placeholder=t("ui.merge.text_placeholder"),
            style=_WIDE,
            layout=w.Layout(width="98%"),
        )
        self.text.add_class("swot-merge-text")
        self.merge_button = _button(
            t("ui.merge.button"), "swot-merge-button", icon="compress", style="primary"
        )
        self.merge_button.on_click(guard(self._on_merge))
        self.quadrant.observe(guard(self._on_quadrant), names="value")
        self.factors.observe(guard(lambda _change: self._update_keep()), names="value")
        title = w.HTML(f"<h3>{html.escape(t('ui.merge.title', name=self.institution.name))}</h3>")
        super().__init__(
            children=[
                title,
                self.quadrant,
                self.factors,
                self.keep,
                self.text,
                self.merge_button,
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-merge")
        self.refresh()
        self._start_polling(poll_seconds, "swot-facilitate-poll", "ui.voting.refreshed")

    def _on_quadrant(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def _shown(self) -> list[Factor]:
        quadrant = self.quadrant.value or None
        return self.ws.factors(self.institution.id, quadrant)

    def _label(self, factor: Factor) -> str:
        # Option labels are plain text in the browser (never parsed as HTML).
        prefix = "" if self.quadrant.value else f"[{factor.quadrant.value}] "
        return prefix + factor.text[:120]

    def _draw(self) -> None:
        factors = self._shown()
        options = [(self._label(f), f.id) for f in factors]
        if list(self.factors.options) != options:
            selected = tuple(v for v in self.factors.value if v in {f.id for f in factors})
            self.factors.value = ()
            self.factors.options = options
            self.factors.value = selected
        self._update_keep()

    def _update_keep(self) -> None:
        chosen = set(self.factors.value)
        options = [(f.text[:120], f.id) for f in self._shown() if f.id in chosen]
        if list(self.keep.options) != options:
            current = self.keep.value
            self.keep.options = options
            ids = [value for _label, value in options]
            self.keep.value = current if current in ids else (ids[0] if ids else None)

    def __repr__(self) -> str:
        factors = self.ws.factors(self.institution.id)
        lines = [t("ui.merge.title", name=self.institution.name)]
        for quadrant in Quadrant:
            if self.quadrant.value and quadrant.value != self.quadrant.value:
                continue
            lines.append(f"{quadrant.label}:")
            group = [f"  - {f.text}" for f in factors if f.quadrant is quadrant]
            lines += group or [f"  {t('ui.merge.empty')}"]
        return "\n".join(lines)

    def _on_merge(self, _button: Any = None) -> None:
        ids = list(self.factors.value)
        if len(ids) < 2:
            raise SwotError(t("merge.too_few", count=len(ids)))
        try:
            factors = [self.ws.get(Factor, i) for i in ids]
            keep = next((f for f in factors if f.id == self.keep.value), factors[0])
            drops = [f for f in factors if f.id != keep.id]
            text = self.text.value if self.text.value.strip() else None
            merged = core.merge_duplicates(self.ws, keep, drops, text=text, actor=self.actor)
        finally:
            self.refresh()
        self.factors.value = ()
        self.text.value = ""
        self.status.ok(t("ui.merge.merged", count=len(factors), text=merged.text[:80]))


# --- the category list ------------------------------------------------------------------------


class CategoryEditor(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Edit the workspace's list of factor categories: add, rename, remove, reorder.

    A category that any factor still has cannot be removed (rename it instead). The SWOT
    board's category dropdowns read this list.
    """

    def __init__(self, ws: Workspace, *, actor: str = "", **kwargs: Any) -> None:
        self.ws = ws
        self.actor = actor or None
        self.status = StatusLine()
        guard = guarded(self.status)
        self.table = w.HTML()
        self.table.add_class("swot-category-list")
        self.select = w.Select(
            description=t("ui.categories.category"),
            rows=8,
            style=_WIDE,
            layout=w.Layout(width="520px"),
        )
        self.select.add_class("swot-category-select")
        self.select.observe(guard(self._on_select), names="value")
        self.name = w.Text(
            description=t("ui.categories.name"),
            placeholder=t("ui.categories.name_placeholder"),
            style=_WIDE,
            layout=w.Layout(width="520px"),
        )
        self.name.add_class("swot-category-name")
        self.add_button = _button(
            t("ui.categories.add"), "swot-category-add", icon="plus", style="primary"
        )
        self.rename_button = _button(
            t("ui.categories.rename"), "swot-category-rename", icon="pencil"
        )
        self.remove_button = _button(
            t("ui.categories.remove"), "swot-category-remove", icon="trash"
        )
        self.up_button = _button(t("ui.categories.up"), "swot-category-up", icon="arrow-up")
        self.down_button = _button(t("ui.categories.down"), "swot-category-down", icon="arrow-down")
        self.add_button.on_click(guard(self._on_add))
        self.rename_button.on_click(guard(self._on_rename))
        self.remove_button.on_click(guard(self._on_remove))
        self.up_button.on_click(guard(lambda _b: self._move(-1)))
        self.down_button.on_click(guard(lambda _b: self._move(1)))
        title = w.HTML(f"<h4>{html.escape(t('ui.categories.title'))}</h4>")
        super().__init__(
            children=[
                title,
                self.table,
                self.select,
                self.name,
                w.HBox(
                    [
                        self.add_button,
                        self.rename_button,
                        self.remove_button,
                        self.up_button,
                        self.down_button,
                    ]
                ),
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-category-editor")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the list from the workspace."""
        usage = core.category_usage(self.ws)
        headers = [t("ui.categories.category"), t("ui.categories.count")]
        self.table.value = html_table(
            headers, list(usage.items()), numeric=(1,), empty=t("ui.categories.empty")
        )
        current = self.select.value
        self.select.options = list(usage)
        self.select.value = current if current in usage else None

    def __repr__(self) -> str:
        usage = core.category_usage(self.ws)
        items = [
            f"  - {t('ui.categories.item', name=name, count=count)}"
            for name, count in usage.items()
        ]
        return "\n".join([f"{t('ui.categories.title')}:", *(items or [t("ui.categories.empty")])])

    def _on_select(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.name.value = change["new"]

    def _picked(self) -> str:
        if not self.select.value:
            raise SwotError(t("ui.categories.pick_first"))
        return str(self.select.value)

    def _on_add(self, _button: Any = None) -> None:
        categories = core.add_category(self.ws, self.name.value, actor=self.actor)
        self.refresh()
        self.select.value = categories[-1]
        self.status.ok(t("ui.categories.added", name=categories[-1]))

    def _on_rename(self, _button: Any = None) -> None:
        old = self._picked()
        try:
            index = self.ws.categories.index(old)
            categories = core.rename_category(self.ws, old, self.name.value, actor=self.actor)
        finally:
            self.refresh()
        new = categories[index]  # the new name takes the old one's place
        self.select.value = new
        self.status.ok(t("ui.categories.renamed", old=old, new=new))

    def _on_remove(self, _button: Any = None) -> None:
        name = self._picked()
        try:
            core.remove_category(self.ws, name, actor=self.actor)
        finally:
            self.refresh()
        self.name.value = ""
        self.status.ok(t("ui.categories.removed", name=name))

    def _move(self, step: int) -> None:
        name = self._picked()
        try:
            core.move_category(self.ws, name, step, actor=self.actor)
        finally:
            self.refresh()
        self.select.value = name
        self.status.ok(t("ui.categories.moved"))
