"""The TOWS matrix, the gap check, and the expert's review comments.

TOWS pairs the internal and external sides: SO strategies use strengths to seize
opportunities, ST use strengths against threats, WO use opportunities to overcome weaknesses,
WT reduce weaknesses and avoid threats. :func:`unaddressed` is the gap check a panel asks
first: which important weaknesses and threats does no strategy answer?

Expert review: anyone (usually the expert) comments on a factor or a strategy
(:func:`comment_targets` lists what can be commented on); a comment is open until resolved;
:func:`open_comments` lists what still waits, oldest first, :func:`resolved_comments` what
was settled, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from swot.errors import SwotError
from swot.i18n import register, t
from swot.model import (
    Comment,
    CommentStatus,
    Factor,
    Quadrant,
    Strategy,
    StrategyKind,
)
from swot.store import Workspace

__all__ = [
    "OpenComment",
    "ReviewComment",
    "StrategyEntry",
    "TowsMatrix",
    "add_comment",
    "comment_targets",
    "open_comments",
    "resolve_comment",
    "resolved_comments",
    "tows_matrix",
    "unaddressed",
]

register(
    {
        "tows.comment_target": {
            "pl": (
                "Komentować można czynniki SWOT i strategie (otrzymano „{kind}”). Wybierz "
                "czynnik albo strategię."
            ),
            "en": "Only SWOT factors and strategies can be commented on (got {kind}).",
        },
    }
)

_QUADRANT_ORDER = {q: i for i, q in enumerate(Quadrant)}


@dataclass(frozen=True, slots=True)
class StrategyEntry:
    """A strategy with the factors it combines (in the order the strategy lists them)."""

    strategy: Strategy
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class TowsMatrix:
    """An institution's strategies by cell, and the factors along the matrix's edges."""

    cells: dict[StrategyKind, tuple[StrategyEntry, ...]]
    factors: dict[Quadrant, tuple[Factor, ...]]

    def candidates(self, kind: StrategyKind | str) -> tuple[Factor, ...]:
        """The factors a strategy of ``kind`` may combine (SO: strengths and opportunities...)."""
        internal, external = StrategyKind(kind).quadrants
        return self.factors[internal] + self.factors[external]

    def uses(self, factor_id: str) -> tuple[Strategy, ...]:
        """The strategies that use a factor."""
        return tuple(
            entry.strategy
            for entries in self.cells.values()
            for entry in entries
            if factor_id in entry.strategy.factor_ids
        )


def tows_matrix(ws: Workspace, institution_id: str) -> TowsMatrix:
    """Strategies of the institution in their SO/ST/WO/WT cells, each with its factors."""
    factors = ws.factors(institution_id)
    by_id = {f.id: f for f in factors}
    strategies = ws.objects(Strategy, parent=institution_id)
    cells = {
        kind: tuple(
            StrategyEntry(s, tuple(by_id[i] for i in s.factor_ids if i in by_id))
            for s in strategies
            if s.kind is kind
        )
        for kind in StrategyKind
    }
    edges = {q: tuple(f for f in factors if f.quadrant is q) for q in Quadrant}
    return TowsMatrix(cells, edges)


def unaddressed(ws: Workspace, institution_id: str, *, min_importance: int = 4) -> list[Factor]:
    """Weaknesses and threats of at least ``min_importance`` that no strategy uses.

    Most important first, weaknesses before threats of equal importance.
    """
    used = {i for s in ws.objects(Strategy, parent=institution_id) for i in s.factor_ids}
    gaps = [
        f
        for f in ws.factors(institution_id)
        if f.quadrant in (Quadrant.W, Quadrant.T)
        and f.importance >= min_importance
        and f.id not in used
    ]
    return sorted(gaps, key=lambda f: (-f.importance, _QUADRANT_ORDER[f.quadrant], f.position))


# --- expert review ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """A comment with the factor or strategy it is about."""

    comment: Comment
    target: Factor | Strategy

    @property
    def author(self) -> str:
        return self.comment.author

    @property
    def created_at(self) -> str:
        return self.comment.created_at

    @property
    def target_text(self) -> str:
        return self.target.text

    @property
    def resolved(self) -> bool:
        return self.comment.status is CommentStatus.RESOLVED


#: The name :func:`open_comments` has always returned (every open comment is a review comment).
OpenComment = ReviewComment


def add_comment(
    ws: Workspace,
    target: Factor | Strategy,
    author: str,
    text: str,
    *,
    actor: str | None = None,
) -> Comment:
    """Save an open comment by ``author`` on a factor or strategy."""
    if not isinstance(target, Factor | Strategy):
        raise SwotError(t("tows.comment_target", kind=t(f"kind.{target.KIND}")))
    comment = Comment(target_kind=target.KIND, target_id=target.id, author=author, text=text)
    return ws.add(comment, actor=actor)


def comment_targets(ws: Workspace, institution_id: str) -> list[Factor | Strategy]:
    """What can be commented on: the institution's factors (S, W, O, T), then its strategies."""
    factors = sorted(
        ws.factors(institution_id), key=lambda f: (_QUADRANT_ORDER[f.quadrant], f.position)
    )
    kinds = {k: i for i, k in enumerate(StrategyKind)}
    strategies = sorted(ws.objects(Strategy, parent=institution_id), key=lambda s: kinds[s.kind])
    return [*factors, *strategies]


def _comments(ws: Workspace, institution_id: str, status: CommentStatus) -> list[ReviewComment]:
    targets: dict[tuple[str, str], Factor | Strategy] = {}
    for factor in ws.objects(Factor, parent=institution_id):
        targets[(Factor.KIND, factor.id)] = factor
    for strategy in ws.objects(Strategy, parent=institution_id):
        targets[(Strategy.KIND, strategy.id)] = strategy
    found = [
        ReviewComment(c, targets[(c.target_kind, c.target_id)])
        for c in ws.objects(Comment, status=status)
        if (c.target_kind, c.target_id) in targets
    ]
    # ISO times in UTC sort as text; the stable sort keeps insertion order within a millisecond
    return sorted(found, key=lambda o: o.comment.created_at)


def open_comments(ws: Workspace, institution_id: str) -> list[ReviewComment]:
    """Open comments on the institution's factors and strategies, oldest first."""
    return _comments(ws, institution_id, CommentStatus.OPEN)


def resolved_comments(ws: Workspace, institution_id: str) -> list[ReviewComment]:
    """Resolved comments on the institution's factors and strategies, newest first."""
    return _comments(ws, institution_id, CommentStatus.RESOLVED)[::-1]


def resolve_comment(ws: Workspace, comment: Comment, *, actor: str | None = None) -> Comment:
    """Mark a comment resolved (ConflictError if someone changed it meanwhile)."""
    return ws.update(comment.replace(status=CommentStatus.RESOLVED), actor=actor)
