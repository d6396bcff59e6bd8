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

from swot.errors import ConflictError, SwotError
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
    "CATEGORY_MAX_LENGTH",
    "RankedFactor",
    "VotingProgress",
    "add_category",
    "cast_vote",
    "category_usage",
    "importance_from_votes",
    "importance_rule",
    "merge_duplicates",
    "merge_factors",
    "move_category",
    "my_votes",
    "ranking",
    "remove_category",
    "rename_category",
    "retract_vote",
    "reveal_votes",
    "session",
    "set_phase",
    "set_vote_budget",
    "vote_totals",
    "votes_left",
    "votes_used",
    "voting_progress",
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

register(
    {
        "merge.too_few": {
            "pl": (
                "Zaznacz co najmniej dwa czynniki do scalenia (zaznaczono: {count}). "
                "Przytrzymaj Ctrl (na Macu Cmd), aby zaznaczyć kilka."
            ),
            "en": (
                "Select at least two factors to merge (selected: {count}). Hold Ctrl (Cmd on "
                "a Mac) to select several."
            ),
        },
        "category.empty": {
            "pl": "Nazwa kategorii jest pusta. Wpisz nazwę, np. „edukacja kulturalna”.",
            "en": "The category name is empty. Type a name, e.g. 'cultural education'.",
        },
        "category.too_long": {
            "pl": (
                "Nazwa kategorii może mieć najwyżej {limit} znaków (otrzymano {length}). Skróć ją."
            ),
            "en": "A category name may have at most {limit} characters (got {length}). Shorten it.",
        },
        "category.exists": {
            "pl": "Kategoria „{name}” już jest na liście. Wybierz inną nazwę.",
            "en": "The category '{name}' is already on the list. Choose another name.",
        },
        "category.unknown": {
            "pl": (
                "Nie ma kategorii „{name}” (są: {choices}). Ktoś mógł ją właśnie zmienić — "
                "wybierz kategorię z odświeżonej listy."
            ),
            "en": (
                "There is no category '{name}' (there are: {choices}). Someone may have just "
                "changed it: pick one from the refreshed list."
            ),
        },
        "category.in_use": {
            "pl": (
                "Nie można usunąć kategorii „{name}”: ma ją {count} czynn. (np. „{example}”). "
                "Najpierw zmień kategorię tych czynników albo zmień nazwę kategorii."
            ),
            "en": (
                "Cannot remove the category '{name}': {count} factor(s) use it (e.g. "
                "'{example}'). Change their category first, or rename the category."
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
    or for a factor of another institution than the participant's team. Votes cast at the
    same moment (the session is their version guard) are retried on fresh data, so the
    budget holds and nobody sees a conflict for an ordinary vote.
    """
    for _attempt in range(_VOTE_ATTEMPTS - 1):
        try:
            return _cast_vote(ws, factor, participant, count, actor=actor)
        except ConflictError:
            continue
    return _cast_vote(ws, factor, participant, count, actor=actor)


_VOTE_ATTEMPTS = 8


def _cast_vote(
    ws: Workspace, factor: Factor, participant: Participant, count: int, *, actor: str | None
) -> Vote:
    ballot = ws.get(Participant, participant.id)  # touched below: one budget, one writer
    state, current = _open_ballot(ws, factor, ballot, count)
    left = state.votes_per_participant - votes_used(ws, ballot)
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
            touch=[ballot],
            actor=actor,
        )
        return _as(Vote, added[0])
    _, updated = ws.apply(
        updates=[current.replace(count=current.count + count), state],
        touch=[ballot],
        actor=actor,
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
    """Take back ``count`` dots; returns the remaining vote, or ``None`` if none is left.

    Retried on fresh data when another vote lands at the same moment, like :func:`cast_vote`.
    """
    for _attempt in range(_VOTE_ATTEMPTS - 1):
        try:
            return _retract_vote(ws, factor, participant, count, actor=actor)
        except ConflictError:
            continue
    return _retract_vote(ws, factor, participant, count, actor=actor)


def _retract_vote(
    ws: Workspace, factor: Factor, participant: Participant, count: int, *, actor: str | None
) -> Vote | None:
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
    return merge_duplicates(ws, keep, [drop], text=text, actor=actor)


def merge_duplicates(
    ws: Workspace,
    keep: Factor,
    drops: Sequence[Factor],
    *,
    text: str | None = None,
    actor: str | None = None,
) -> Factor:
    """Merge several duplicates into ``keep`` in one transaction (see :func:`merge_factors`).

    ``drops`` are merged in the given order: the first one with a category lends it, and a
    participant's rating comes from ``keep`` or else from the first duplicate they rated.
    Either every duplicate is merged or, on any error, nothing changes.
    """
    if not drops:
        raise SwotError(t("merge.too_few", count=1))
    seen = {keep.id}
    for drop in drops:
        if drop.id in seen:
            raise SwotError(t("merge.same"))
        seen.add(drop.id)
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
    evidence = list(keep.evidence)
    for drop in drops:
        evidence += [e for e in drop.evidence if e not in evidence]
    merged = keep.replace(
        text=keep.text if text is None else text,
        evidence=tuple(evidence),
        importance=max(keep.importance, *(d.importance for d in drops)),
        category=next((f.category for f in (keep, *drops) if f.category), ""),
    )
    updates: list[Model] = []
    deletes: list[Model] = []

    # One vote per participant survives (the kept factor's, else the first moved one), and
    # it carries the sum: every vote object is written at most once.
    survivors = {v.participant_id: v for v in ws.objects(Vote, parent=keep.id)}
    totals = {pid: v.count for pid, v in survivors.items()}
    rated = {r.participant_id for r in ws.objects(Rating, parent=keep.id)}
    drop_ids = {d.id for d in drops}
    for drop in drops:
        for vote in ws.objects(Vote, parent=drop.id):
            if vote.participant_id in survivors:
                totals[vote.participant_id] += vote.count
                deletes.append(vote)
            else:
                survivors[vote.participant_id] = vote
                totals[vote.participant_id] = vote.count
        for rating in ws.objects(Rating, parent=drop.id):
            if rating.participant_id in rated:
                deletes.append(rating)
            else:
                rated.add(rating.participant_id)
                updates.append(rating.replace(factor_id=keep.id))
        for comment in ws.objects(Comment, parent=drop.id):
            if comment.target_kind == Factor.KIND:
                updates.append(comment.replace(target_id=keep.id))
    for pid, vote in survivors.items():
        moved = vote.replace(factor_id=keep.id, count=totals[pid])
        if moved != vote:
            updates.append(moved)

    for strategy in ws.objects(Strategy, parent=keep.institution_id):
        if drop_ids & set(strategy.factor_ids):
            ids = [keep.id if i in drop_ids else i for i in strategy.factor_ids]
            updates.append(strategy.replace(factor_ids=tuple(dict.fromkeys(ids))))

    updates.append(merged)
    deletes += drops
    _, saved = ws.apply(updates=updates, deletes=deletes, actor=actor)
    return _as(Factor, saved[-1])


# --- voting progress (safe to show while the votes are hidden) ------------------------------


@dataclass(frozen=True, slots=True)
class VotingProgress:
    """How far the voting of one institution has got, without saying who voted for what."""

    members: int  # participants in the institution's teams
    voters: int  # of them, how many have placed at least one dot
    votes_cast: int
    votes_possible: int  # members x budget


def voting_progress(ws: Workspace, institution_id: str) -> VotingProgress:
    """Dots placed so far in the institution's voting (no per-factor numbers)."""
    members = [
        p.id for team in ws.teams(institution_id) for p in ws.objects(Participant, parent=team.id)
    ]
    used = _used_by_participant(ws, institution_id)
    budget = session(ws, institution_id).votes_per_participant
    return VotingProgress(
        members=len(members),
        voters=sum(1 for count in used.values() if count > 0),
        votes_cast=sum(used.values()),
        votes_possible=len(members) * budget,
    )


# --- factor categories (one list per workspace) ---------------------------------------------

CATEGORY_MAX_LENGTH = 60  # as Factor.category


def category_usage(ws: Workspace) -> dict[str, int]:
    """Every category of the workspace (in its order) with the number of factors using it."""
    usage = dict.fromkeys(ws.categories, 0)
    for factor in ws.objects(Factor):
        if factor.category in usage:
            usage[factor.category] += 1
    return usage


def _category_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise SwotError(t("category.empty"))
    if len(cleaned) > CATEGORY_MAX_LENGTH:
        raise SwotError(t("category.too_long", limit=CATEGORY_MAX_LENGTH, length=len(cleaned)))
    return cleaned


def _require_category(categories: list[str], name: str) -> None:
    if name not in categories:
        raise SwotError(t("category.unknown", name=name, choices=", ".join(categories)))


def _refuse_duplicate(categories: list[str], name: str, *, besides: str = "") -> None:
    if any(c.casefold() == name.casefold() for c in categories if c != besides):
        raise SwotError(t("category.exists", name=name))


def add_category(ws: Workspace, name: str, *, actor: str | None = None) -> list[str]:
    """Add a factor category at the end of the workspace's list; returns the new list."""
    categories = ws.categories
    cleaned = _category_name(name)
    _refuse_duplicate(categories, cleaned)
    categories.append(cleaned)
    ws.set_setting("categories", categories, actor=actor)
    return categories


def rename_category(ws: Workspace, old: str, new: str, *, actor: str | None = None) -> list[str]:
    """Rename a category, and every factor that has it; returns the new list.

    Three steps, each saved whole: the new name joins the list next to the old one, the
    factors move over (one transaction), the old name leaves. Interrupted, the list only
    holds both names; a conflicting factor edit undoes the first step and raises.
    """
    categories = ws.categories
    _require_category(categories, old)
    cleaned = _category_name(new)
    _refuse_duplicate(categories, cleaned, besides=old)
    if cleaned == old:
        return categories
    index = categories.index(old)
    ws.set_setting("categories", [*categories[:index], cleaned, *categories[index:]], actor=actor)
    try:
        moved = [f.replace(category=cleaned) for f in ws.objects(Factor) if f.category == old]
        ws.apply(updates=moved, actor=actor)
    except SwotError:
        ws.set_setting("categories", [c for c in ws.categories if c != cleaned], actor=actor)
        raise
    renamed = [c for c in ws.categories if c != old]
    ws.set_setting("categories", renamed, actor=actor)
    return renamed


def remove_category(ws: Workspace, name: str, *, actor: str | None = None) -> list[str]:
    """Remove an unused category; refused (in Polish) while any factor has it."""
    categories = ws.categories
    _require_category(categories, name)
    using = [f for f in ws.objects(Factor) if f.category == name]
    if using:
        raise SwotError(
            t("category.in_use", name=name, count=len(using), example=using[0].text[:60])
        )
    categories.remove(name)
    ws.set_setting("categories", categories, actor=actor)
    return categories


def move_category(ws: Workspace, name: str, step: int, *, actor: str | None = None) -> list[str]:
    """Move a category ``step`` places down the list (negative: up), stopping at the ends."""
    categories = ws.categories
    _require_category(categories, name)
    index = categories.index(name)
    target = min(max(index + step, 0), len(categories) - 1)
    categories.insert(target, categories.pop(index))
    ws.set_setting("categories", categories, actor=actor)
    return categories


def _as(cls: type[_M], obj: Model) -> _M:
    """``obj`` typed as ``cls``: apply returns the very objects it was given, saved."""
    if not isinstance(obj, cls):  # pragma: no cover - a broken store, not a user error
        raise TypeError(f"expected {cls.__name__}, got {type(obj).__name__}")
    return obj
