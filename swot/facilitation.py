"""Running the SWOT board: phases, blind dot voting, importance from votes, merging duplicates.

The trainer switches each institution's workshop through four phases (any order is allowed,
the usual one is collect → cluster → vote → discuss). Voting is *blind*: each participant
has ``votes_per_participant`` dots for the factors of their own institution, sees only their
own, and nobody but the trainer sees totals until the trainer reveals them.

Importance from votes (:func:`importance_rule`), within each SWOT quadrant separately, so
every quadrant keeps its own top factors (the TOWS gap check and IFE/EFE work per side):

* a factor without votes gets importance 1;
* otherwise let ``above`` be the number of factors of the quadrant with strictly more votes
  and ``n`` the number of factors in the quadrant: importance = ``5 - floor(5 * above / n)``.
  The top fifth of the ranking gets 5, the next fifth 4, and so on; tied factors share the
  better class.

All writes go through :meth:`~swot.store.Workspace.apply`, so a change either happens whole or
not at all. Writes that depend on the workshop phase carry the stored session as a version
guard: a vote cast just as the trainer closes voting is refused with a ConflictError.

Examples
--------
>>> importance_rule([8, 5, 5, 3, 0])
[5, 4, 4, 2, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from swot.errors import SwotError
from swot.i18n import register, t
from swot.model import (
    Comment,
    Factor,
    Model,
    Participant,
    Phase,
    Quadrant,
    Rating,
    Session,
    Strategy,
    Team,
    Vote,
)
from swot.store import Workspace

__all__ = [
    "RankedFactor",
    "cast_vote",
    "importance_from_votes",
    "importance_rule",
    "merge_factors",
    "my_votes",
    "ranking",
    "retract_vote",
    "reveal_votes",
    "session",
    "set_phase",
    "set_vote_budget",
    "vote_totals",
    "votes_left",
    "votes_used",
]

register(
    {
        "vote.wrong_phase": {
            "pl": (
                "Głosowanie jest zamknięte: trwa etap „{phase}”. Trener musi najpierw "
                "przełączyć warsztat na etap „{vote}”."
            ),
            "en": (
                "Voting is closed: the workshop is in the '{phase}' phase. The trainer must "
                "first switch it to '{vote}'."
            ),
        },
        "vote.over_budget": {
            "pl": (
                "Uczestnik {name} ma jeszcze {left} z {budget} głosów, więc nie może oddać "
                "{count}. Wycofaj głos z innego czynnika albo poproś trenera o większą pulę."
            ),
            "en": (
                "{name} has {left} of {budget} votes left and cannot cast {count}. Retract a "
                "vote from another factor or ask the trainer for more votes."
            ),
        },
        "vote.no_team": {
            "pl": (
                "Uczestnik {name} nie należy do żadnego zespołu, więc nie może głosować. "
                "Przypisz go do zespołu planowania swojej instytucji."
            ),
            "en": (
                "{name} belongs to no team and cannot vote. Assign them to their "
                "institution's planning team."
            ),
        },
        "vote.other_institution": {
            "pl": (
                "Czynnik „{factor}” należy do innej instytucji niż zespół uczestnika {name}. "
                "Głosować można tylko na czynniki własnej instytucji."
            ),
            "en": (
                "Factor '{factor}' belongs to another institution than {name}'s team. Vote "
                "only for your own institution's factors."
            ),
        },
        "vote.nothing_to_retract": {
            "pl": (
                "Uczestnik {name} ma na czynnik „{factor}” {have} gł., więc nie może wycofać "
                "{count}. Wycofaj najwyżej {have}."
            ),
            "en": (
                "{name} has {have} vote(s) on '{factor}' and cannot retract {count}. Retract "
                "at most {have}."
            ),
        },
        "vote.count": {
            "pl": "Liczba głosów musi być dodatnia (otrzymano {count}). Wpisz 1 lub więcej.",
            "en": "The number of votes must be positive (got {count}). Enter 1 or more.",
        },
        "vote.budget_below_used": {
            "pl": (
                "Nie można zmniejszyć puli do {budget}: uczestnik {name} oddał już {used} gł. "
                "Ustaw pulę co najmniej {used} albo poproś o wycofanie części głosów."
            ),
            "en": (
                "Cannot lower the budget to {budget}: {name} has already cast {used} votes. "
                "Set at least {used} or ask them to retract some."
            ),
        },
        "vote.reveal_first": {
            "pl": (
                "Wyniki głosowania są jeszcze ukryte. Najpierw je odsłoń — inaczej nowa "
                "ważność czynników zdradziłaby wyniki przed czasem."
            ),
            "en": (
                "The votes are still hidden. Reveal them first: otherwise the new importance "
                "would give the results away early."
            ),
        },
        "vote.hidden": {
            "pl": "Wyniki głosowania są ukryte, dopóki trener ich nie odsłoni.",
            "en": "The votes stay hidden until the trainer reveals them.",
        },
        "merge.same": {
            "pl": "Nie można scalić czynnika z nim samym. Wybierz dwa różne czynniki.",
            "en": "A factor cannot be merged with itself. Pick two different factors.",
        },
        "merge.mismatch": {
            "pl": (
                "Scalać można tylko czynniki tej samej instytucji i tej samej ćwiartki "
                "(„{keep}”: {keep_quadrant}, „{drop}”: {drop_quadrant}). Najpierw przenieś "
                "czynnik do właściwej ćwiartki."
            ),
            "en": (
                "Only factors of one institution and one quadrant can be merged ('{keep}': "
                "{keep_quadrant}, '{drop}': {drop_quadrant}). Move the factor first."
            ),
        },
    }
)

_QUADRANT_ORDER = {q: i for i, q in enumerate(Quadrant)}
_M = TypeVar("_M", bound=Model)


# --- the workshop state -------------------------------------------------------------------------


def session(ws: Workspace, institution_id: str) -> Session:
    """The institution's workshop state (a fresh, unsaved one before the trainer sets any)."""
    stored = ws.objects(Session, parent=institution_id)
    return stored[0] if stored else Session(institution_id=institution_id)


def _save(ws: Workspace, state: Session, actor: str | None) -> Session:
    if state.version == 0:
        return ws.add(state, actor=actor)
    return ws.update(state, actor=actor)


def set_phase(
    ws: Workspace, institution_id: str, phase: Phase | str, *, actor: str | None = None
) -> Session:
    """Switch the institution's workshop to ``phase`` (``collect|cluster|vote|discuss``)."""
    return _save(ws, session(ws, institution_id).replace(phase=phase), actor)


def set_vote_budget(
    ws: Workspace, institution_id: str, votes: int, *, actor: str | None = None
) -> Session:
    """Give every participant ``votes`` dots; refused below what someone has already cast."""
    state = session(ws, institution_id).replace(votes_per_participant=votes)
    for participant_id, used in sorted(_used_by_participant(ws, institution_id).items()):
        if used > votes:
            name = ws.get(Participant, participant_id).name
            raise SwotError(t("vote.budget_below_used", budget=votes, name=name, used=used))
    return _save(ws, state, actor)


def reveal_votes(
    ws: Workspace, institution_id: str, revealed: bool = True, *, actor: str | None = None
) -> Session:
    """Show the vote totals to everyone (``revealed=False`` hides them again)."""
    return _save(ws, session(ws, institution_id).replace(votes_revealed=revealed), actor)


# --- voting -----------------------------------------------------------------------------------


def _institution_of(ws: Workspace, participant: Participant) -> str:
    if participant.team_id is None:
        raise SwotError(t("vote.no_team", name=participant.name))
    return ws.get(Team, participant.team_id).institution_id


def _votes(ws: Workspace, institution_id: str) -> list[Vote]:
    factor_ids = {f.id for f in ws.objects(Factor, parent=institution_id)}
    return [v for v in ws.objects(Vote) if v.factor_id in factor_ids]


def _used_by_participant(ws: Workspace, institution_id: str) -> dict[str, int]:
    used: dict[str, int] = {}
    for vote in _votes(ws, institution_id):
        used[vote.participant_id] = used.get(vote.participant_id, 0) + vote.count
    return used


def votes_used(ws: Workspace, participant: Participant) -> int:
    """How many dots ``participant`` has placed on their institution's factors."""
    institution_id = _institution_of(ws, participant)
    return _used_by_participant(ws, institution_id).get(participant.id, 0)


def votes_left(ws: Workspace, participant: Participant) -> int:
    """How many dots ``participant`` may still place."""
    state = session(ws, _institution_of(ws, participant))
    return state.votes_per_participant - votes_used(ws, participant)


def my_votes(ws: Workspace, participant: Participant) -> dict[str, int]:
    """The participant's own dots per factor id (always visible to them)."""
    return {v.factor_id: v.count for v in ws.objects(Vote, participant_id=participant.id)}


def _open_ballot(
    ws: Workspace, factor: Factor, participant: Participant, count: int
) -> tuple[Session, Vote | None]:
    """The session (voting open) and the participant's current vote on ``factor``."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise SwotError(t("vote.count", count=count))
    institution_id = _institution_of(ws, participant)
    if factor.institution_id != institution_id:
        raise SwotError(t("vote.other_institution", factor=factor.text, name=participant.name))
    state = session(ws, institution_id)
    if state.phase is not Phase.VOTE:
        raise SwotError(t("vote.wrong_phase", phase=state.phase.label, vote=Phase.VOTE.label))
    current = ws.objects(Vote, parent=factor.id, participant_id=participant.id)
    return state, (current[0] if current else None)


def cast_vote(
    ws: Workspace,
    factor: Factor,
    participant: Participant,
    count: int = 1,
    *,
    actor: str | None = None,
) -> Vote:
    """Place ``count`` dots of ``participant`` on ``factor``; returns their vote on it.

    Refused (SwotError, in Polish) outside the voting phase, over the participant's budget,
    or for a factor of another institution than the participant's team.
    """
    state, current = _open_ballot(ws, factor, participant, count)
    left = state.votes_per_participant - votes_used(ws, participant)
    if count > left:
        raise SwotError(
            t(
                "vote.over_budget",
                name=participant.name,
                left=left,
                budget=state.votes_per_participant,
                count=count,
            )
        )
    if current is None:
        added, _ = ws.apply(
            adds=[Vote(factor_id=factor.id, participant_id=participant.id, count=count)],
            updates=[state],  # unchanged: guards against the trainer closing voting meanwhile
            actor=actor,
        )
        return _as(Vote, added[0])
    _, updated = ws.apply(
        updates=[current.replace(count=current.count + count), state], actor=actor
    )
    return _as(Vote, updated[0])


def retract_vote(
    ws: Workspace,
    factor: Factor,
    participant: Participant,
    count: int = 1,
    *,
    actor: str | None = None,
) -> Vote | None:
    """Take back ``count`` dots; returns the remaining vote, or ``None`` if none is left."""
    state, current = _open_ballot(ws, factor, participant, count)
    have = current.count if current is not None else 0
    if current is None or count > have:
        raise SwotError(
            t(
                "vote.nothing_to_retract",
                name=participant.name,
                factor=factor.text,
                have=have,
                count=count,
            )
        )
    if count == have:
        ws.apply(updates=[state], deletes=[current], actor=actor)
        return None
    _, updated = ws.apply(updates=[current.replace(count=have - count), state], actor=actor)
    return _as(Vote, updated[0])


def vote_totals(
    ws: Workspace, institution_id: str, *, viewer_is_trainer: bool
) -> dict[str, int] | None:
    """Dots per factor id (every factor of the institution, 0 included).

    ``None`` while the totals are hidden from this viewer: the trainer always sees them,
    everyone else only after :func:`reveal_votes` (show ``t("vote.hidden")`` instead).
    """
    if not viewer_is_trainer and not session(ws, institution_id).votes_revealed:
        return None
    totals = {f.id: 0 for f in ws.objects(Factor, parent=institution_id)}
    for vote in _votes(ws, institution_id):
        totals[vote.factor_id] += vote.count
    return totals


@dataclass(frozen=True, slots=True)
class RankedFactor:
    """A factor's place in its quadrant's vote ranking (``rank`` 1 = most dots; ties share)."""

    factor: Factor
    votes: int
    rank: int
    importance: int  # what importance_from_votes would set


def importance_rule(votes: Sequence[int]) -> list[int]:
    """Importance 1-5 for factors of one quadrant with these vote totals (see module doc)."""
    n = len(votes)
    return [1 if v <= 0 else 5 - (5 * sum(1 for o in votes if o > v)) // n for v in votes]


def ranking(
    ws: Workspace, institution_id: str, *, viewer_is_trainer: bool
) -> list[RankedFactor] | None:
    """Factors ranked by votes within each quadrant (S, W, O, T); ``None`` while hidden."""
    totals = vote_totals(ws, institution_id, viewer_is_trainer=viewer_is_trainer)
    if totals is None:
        return None
    out: list[RankedFactor] = []
    factors = ws.factors(institution_id)
    for quadrant in Quadrant:
        group = [f for f in factors if f.quadrant is quadrant]
        counts = [totals[f.id] for f in group]
        for factor, votes, importance in zip(group, counts, importance_rule(counts), strict=True):
            rank = 1 + sum(1 for other in counts if other > votes)
            out.append(RankedFactor(factor, votes, rank, importance))
    out.sort(key=lambda r: (_QUADRANT_ORDER[r.factor.quadrant], r.rank, r.factor.position))
    return out


def importance_from_votes(
    ws: Workspace, institution_id: str, *, actor: str | None = None
) -> dict[str, int]:
    """Set every factor's importance from the revealed votes; returns importance per factor id.

    Refused while the votes are hidden. Changed factors are saved in one transaction.
    """
    state = session(ws, institution_id)
    if not state.votes_revealed:
        raise SwotError(t("vote.reveal_first"))
    ranked = ranking(ws, institution_id, viewer_is_trainer=True) or []
    changed = [
        r.factor.replace(importance=r.importance)
        for r in ranked
        if r.factor.importance != r.importance
    ]
    ws.apply(updates=[*changed, state], actor=actor)
    return {r.factor.id: r.importance for r in ranked}


# --- merging duplicates ----------------------------------------------------------------------


def merge_factors(
    ws: Workspace,
    keep: Factor,
    drop: Factor,
    *,
    text: str | None = None,
    actor: str | None = None,
) -> Factor:
    """Merge ``drop`` into ``keep`` in one transaction; returns the saved kept factor.

    The kept factor takes ``text`` (default: its own; it may be ``drop``'s wording), the union
    of both evidence lists, the higher importance, and ``drop``'s category if it had none.
    Votes are summed per participant (budgets stay as they were), a rating of ``drop`` moves
    over unless the participant already rated ``keep``, comments and strategy links move to
    ``keep``, and ``drop`` is deleted. A stale ``keep`` or ``drop`` (or any object edited by
    someone else meanwhile) raises ConflictError and nothing changes.
    """
    if keep.id == drop.id:
        raise SwotError(t("merge.same"))
    if keep.institution_id != drop.institution_id or keep.quadrant is not drop.quadrant:
        raise SwotError(
            t(
                "merge.mismatch",
                keep=keep.text,
                drop=drop.text,
                keep_quadrant=keep.quadrant.label,
                drop_quadrant=drop.quadrant.label,
            )
        )
    merged = keep.replace(
        text=keep.text if text is None else text,
        evidence=(*keep.evidence, *(e for e in drop.evidence if e not in keep.evidence)),
        importance=max(keep.importance, drop.importance),
        category=keep.category or drop.category,
    )
    updates: list[Model] = []
    deletes: list[Model] = []

    kept_votes = {v.participant_id: v for v in ws.objects(Vote, parent=keep.id)}
    for vote in ws.objects(Vote, parent=drop.id):
        target = kept_votes.get(vote.participant_id)
        if target is None:
            updates.append(vote.replace(factor_id=keep.id))
        else:
            updates.append(target.replace(count=target.count + vote.count))
            deletes.append(vote)

    rated = {r.participant_id for r in ws.objects(Rating, parent=keep.id)}
    for rating in ws.objects(Rating, parent=drop.id):
        if rating.participant_id in rated:
            deletes.append(rating)
        else:
            updates.append(rating.replace(factor_id=keep.id))

    for comment in ws.objects(Comment, parent=drop.id):
        if comment.target_kind == Factor.KIND:
            updates.append(comment.replace(target_id=keep.id))

    for strategy in ws.objects(Strategy, parent=keep.institution_id):
        if drop.id in strategy.factor_ids:
            ids = [keep.id if i == drop.id else i for i in strategy.factor_ids]
            updates.append(strategy.replace(factor_ids=tuple(dict.fromkeys(ids))))

    updates.append(merged)
    deletes.append(drop)
    _, saved = ws.apply(updates=updates, deletes=deletes, actor=actor)
    return _as(Factor, saved[-1])


def _as(cls: type[_M], obj: Model) -> _M:
    """``obj`` typed as ``cls``: apply returns the very objects it was given, saved."""
    if not isinstance(obj, cls):  # pragma: no cover - a broken store, not a user error
        raise TypeError(f"expected {cls.__name__}, got {type(obj).__name__}")
    return obj
