"""IFE/EFE matrices, the strategic position, and how firmly the position holds.

Conventions (David's IFE/EFE matrices, as taught in strategic management):

* **Weights** (0-1) say how much a factor matters for success in the sector. Internal factors
  (strengths and weaknesses) are weighted together and sum to 1; so do external factors
  (opportunities and threats). A factor is in the matrix when anyone weighted it; whoever
  weights one side weights every factor of it (0 for "does not matter"), and their weights
  must sum to 1 ± 0.01. The team's weight is the mean of its members' weights, rescaled so
  each side sums to exactly 1 (this removes only rounding, at most 1%).
* **Ratings** (1-4). Internal: 4 = major strength, 3 = minor strength, 2 = minor weakness,
  1 = major weakness, so strengths are rated 3-4 and weaknesses 1-2 (enforced). External:
  how well the institution responds today, 4 = superior, 3 = above average, 2 = average,
  1 = poor, for opportunities and threats alike. The team's rating is the mean of the ratings
  its members gave (members may skip factors; every factor needs at least one rating).
* **Totals** (IFE, EFE) are sums of weight × rating, between 1 and 4; 2.5 is the average.
* **Position**: the TOWS quadrant suggested by the totals, internal side S when IFE ≥ 2.5
  (else W), external side O when EFE ≥ 2.5 (else T): SO, ST, WO or WT. Also the cell (1-9)
  of the internal-external (IE) matrix, with IFE and EFE split at 2.0 and 3.0: cells 1, 2, 4
  "grow and build", 3, 5, 7 "hold and maintain", 6, 8, 9 "harvest or divest".
* **Sensitivity** asks whether the quadrant depends on who rated. For each member, the
  position from the team's weights and that member's own ratings (the team's rating where
  the member gave none); and leave-one-out: the team without that member (for anything only
  that member supplied, the team's value stays). The position *holds* when every member's
  own ratings give the team's quadrant, and is *robust* when no single member's absence
  changes it.

Compute, then render: everything here returns frozen dataclasses; :func:`compute_ife_efe`
and :func:`compute_sensitivity` are pure, :func:`ife_efe` and :func:`sensitivity` load from
a workspace.

Entering one member's matrix (what a scoring form needs): :func:`suggest_weights` spreads a
side's weights evenly or by importance, :func:`weight_problems` says which side does not sum
to 1 and by how much, :func:`member_ratings` and :func:`save_member_ratings` read and write
that member's rows (one transaction, refusing stale edits). A side whose weights are all left
at 0 is not weighted by that member: they only rate it, and the team's weights come from the
others. A factor that every member weighted 0 and nobody rated is left out of the matrix.

Examples
--------
>>> from swot.model import Factor, Rating
>>> s = Factor(id="s", institution_id="mok", quadrant="S", text="Kadra")
>>> w = Factor(id="w", institution_id="mok", quadrant="W", text="Budynek")
>>> o = Factor(id="o", institution_id="mok", quadrant="O", text="Granty")
>>> r = [Rating(factor_id="s", participant_id="p", weight=0.6, rating=4),
...      Rating(factor_id="w", participant_id="p", weight=0.4, rating=1),
...      Rating(factor_id="o", participant_id="p", weight=1.0, rating=2)]
>>> result = compute_ife_efe([s, w, o], r)
>>> round(result.ife, 2), round(result.efe, 2), result.position.quadrant.value
(2.8, 2.0, 'ST')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from swot.errors import ConflictError, NotFoundError, SwotError, ValidationError
from swot.i18n import get_language, register, t
from swot.model import Factor, Participant, Quadrant, Rating, StrategyKind, Team
from swot.store import Workspace

__all__ = [
    "MIDPOINT",
    "WEIGHT_TOLERANCE",
    "FactorScore",
    "IfeEfe",
    "MemberPosition",
    "Position",
    "Sensitivity",
    "compute_ife_efe",
    "compute_sensitivity",
    "format_decimal",
    "ife_efe",
    "member_ratings",
    "members",
    "save_member_ratings",
    "sensitivity",
    "suggest_weights",
    "weight_problems",
]

#: Totals at or above this are on the strong (S) / favourable (O) side.
MIDPOINT = 2.5
#: How far one member's weights of a side may sum from 1 (typing 0.33 three times is fine).
WEIGHT_TOLERANCE = 0.01
_EPS = 1e-9  # float sums like 0.1 + 0.2 must not flip a position that sits on a threshold
_QUADRANT_ORDER = {q: i for i, q in enumerate(Quadrant)}

register(
    {
        "score.side.internal": {
            "pl": "czynników wewnętrznych (mocne i słabe strony)",
            "en": "internal factors (strengths and weaknesses)",
        },
        "score.side.external": {
            "pl": "czynników zewnętrznych (szanse i zagrożenia)",
            "en": "external factors (opportunities and threats)",
        },
        "score.expect.weights_sum": {
            "pl": "wag {side} sumujących się do 1",
            "en": "weights of {side} summing to 1",
        },
        "score.hint.weights_sum": {
            "pl": (
                "Wagi uczestnika {name} sumują się do {total}. {change} wagi łącznie o "
                "{diff}, tak aby suma wynosiła 1."
            ),
            "en": (
                "{name}'s weights sum to {total}. {change} them by {diff} in total so "
                "that they sum to 1."
            ),
        },
        "score.raise": {"pl": "Zwiększ", "en": "Raise"},
        "score.lower": {"pl": "Zmniejsz", "en": "Lower"},
        "score.expect.weight_present": {
            "pl": "wagi każdego czynnika ocenianej strony",
            "en": "a weight for every factor of the side",
        },
        "score.hint.weight_present": {
            "pl": (
                "Uczestnik {name} nadał wagi innym {side}, ale nie temu. Wpisz wagę "
                "(0, jeśli czynnik nie ma znaczenia)."
            ),
            "en": (
                "{name} weighted other {side} but not this one. Enter a weight (0 if it does "
                "not matter)."
            ),
        },
        "score.expect.rating_present": {
            "pl": "co najmniej jednej oceny (1-4) czynnika z wagą",
            "en": "at least one rating (1-4) of a weighted factor",
        },
        "score.hint.rating_present": {
            "pl": "Niech co najmniej jeden członek zespołu oceni ten czynnik w skali 1-4.",
            "en": "Let at least one team member rate this factor from 1 to 4.",
        },
        "score.expect.rating_S": {
            "pl": "oceny 3 (mała siła) lub 4 (duża siła) dla mocnej strony",
            "en": "a rating of 3 (minor strength) or 4 (major strength) for a strength",
        },
        "score.expect.rating_W": {
            "pl": "oceny 1 (duża słabość) lub 2 (mała słabość) dla słabej strony",
            "en": "a rating of 1 (major weakness) or 2 (minor weakness) for a weakness",
        },
        "score.hint.rating_convention": {
            "pl": (
                "Popraw ocenę uczestnika {name} dla czynnika „{factor}” albo, jeśli ocena jest "
                "trafna, przenieś czynnik do drugiej ćwiartki."
            ),
            "en": (
                "Correct {name}'s rating of '{factor}' or, if the rating is right, move the "
                "factor to the other quadrant."
            ),
        },
        "score.no_weights": {
            "pl": (
                "Brak wag {side}: macierz nie ma czego zsumować. Nadajcie wagi (0-1, suma 1) "
                "czynnikom tej strony."
            ),
            "en": (
                "No weights for {side}: the matrix has nothing to sum. Weight the factors of "
                "this side (0-1, summing to 1)."
            ),
        },
        "position.SO": {
            "pl": "SO — strategia agresywna (wykorzystać mocne strony, by sięgnąć po szanse)",
            "en": "SO: aggressive strategy (use strengths to seize opportunities)",
        },
        "position.ST": {
            "pl": "ST — strategia konserwatywna (mocnymi stronami odpierać zagrożenia)",
            "en": "ST: conservative strategy (use strengths to counter threats)",
        },
        "position.WO": {
            "pl": "WO — strategia konkurencyjna (wykorzystać szanse, by usunąć słabości)",
            "en": "WO: competitive strategy (use opportunities to overcome weaknesses)",
        },
        "position.WT": {
            "pl": "WT — strategia defensywna (ograniczać słabości i unikać zagrożeń)",
            "en": "WT: defensive strategy (reduce weaknesses and avoid threats)",
        },
        "score.side_short.internal": {
            "pl": "czynników wewnętrznych",
            "en": "internal factors",
        },
        "score.side_short.external": {
            "pl": "czynników zewnętrznych",
            "en": "external factors",
        },
        "score.side_sum": {
            "pl": (
                "Wagi {side} sumują się do {total} — powinny do 1,00. {change} je łącznie o "
                "{diff} (albo użyj przycisku rozkładającego wagi)."
            ),
            "en": (
                "The weights of {side} sum to {total}; they should sum to 1.00. {change} them "
                "by {diff} in total (or use the button that spreads the weights)."
            ),
        },
        "score.factor_problem": {
            "pl": "Czynnik „{factor}”: {message}",
            "en": "Factor '{factor}': {message}",
        },
        "score.spread": {
            "pl": "Sposób rozkładania wag musi być „even” albo „importance” (otrzymano „{by}”).",
            "en": "The way to spread weights must be 'even' or 'importance' (got '{by}').",
        },
        "ie.grow": {"pl": "rozwijać się i budować", "en": "grow and build"},
        "ie.hold": {"pl": "utrzymywać pozycję", "en": "hold and maintain"},
        "ie.harvest": {"pl": "zbierać owoce lub wycofywać się", "en": "harvest or divest"},
    }
)


@dataclass(frozen=True, slots=True)
class FactorScore:
    """One row of an IFE or EFE matrix: the team's weight and rating of a factor."""

    factor: Factor
    weight: float
    rating: float
    raters: int  # how many members rated it

    @property
    def score(self) -> float:
        return self.weight * self.rating


_IE_REGION = {1: "grow", 2: "grow", 4: "grow", 3: "hold", 5: "hold", 7: "hold"}


@dataclass(frozen=True, slots=True)
class Position:
    """Where the IFE and EFE totals place the institution."""

    ife: float
    efe: float

    @property
    def quadrant(self) -> StrategyKind:
        """SO, ST, WO or WT: which kind of strategy the position suggests first."""
        internal = "S" if self.ife >= MIDPOINT - _EPS else "W"
        external = "O" if self.efe >= MIDPOINT - _EPS else "T"
        return StrategyKind(internal + external)

    @property
    def ie_cell(self) -> int:
        """Cell 1-9 of the IE matrix (1: IFE and EFE ≥ 3; 9: both below 2)."""
        return 3 * _band(self.efe) + _band(self.ife) + 1

    @property
    def ie_region(self) -> str:
        """``grow`` (cells 1, 2, 4), ``hold`` (3, 5, 7) or ``harvest`` (6, 8, 9)."""
        return _IE_REGION.get(self.ie_cell, "harvest")

    @property
    def label(self) -> str:
        return t(f"position.{self.quadrant.value}")


def _band(total: float) -> int:
    """0 for 3.0-4.0, 1 for 2.0-2.99, 2 for 1.0-1.99 (the IE matrix's thirds)."""
    if total >= 3.0 - _EPS:
        return 0
    if total >= 2.0 - _EPS:
        return 1
    return 2


@dataclass(frozen=True, slots=True)
class IfeEfe:
    """Both matrices and the position they give."""

    internal: tuple[FactorScore, ...]
    external: tuple[FactorScore, ...]

    @property
    def ife(self) -> float:
        return math.fsum(row.score for row in self.internal)

    @property
    def efe(self) -> float:
        return math.fsum(row.score for row in self.external)

    @property
    def position(self) -> Position:
        return Position(self.ife, self.efe)


@dataclass(frozen=True, slots=True)
class MemberPosition:
    """The position computed for (or without) one team member."""

    participant_id: str
    name: str
    position: Position
    agrees: bool  # same quadrant as the whole team's
    rated: int  # how many of the matrix's factors this member rated


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Does the team's quadrant survive individual opinions?"""

    team: Position
    members: tuple[MemberPosition, ...]  # team weights, each member's own ratings
    leave_one_out: tuple[MemberPosition, ...]  # the team without each member

    @property
    def agreeing(self) -> int:
        """How many members' own ratings give the team's quadrant."""
        return sum(1 for m in self.members if m.agrees)

    @property
    def holds(self) -> bool:
        """Every member's own ratings give the team's quadrant."""
        return all(m.agrees for m in self.members)

    @property
    def robust(self) -> bool:
        """No single member's absence changes the quadrant."""
        return all(m.agrees for m in self.leave_one_out)


# --- pure computation ---------------------------------------------------------------------------


def compute_ife_efe(
    factors: Iterable[Factor],
    ratings: Iterable[Rating],
    *,
    names: Mapping[str, str] | None = None,
) -> IfeEfe:
    """The team's IFE and EFE matrices from individual ratings (see the module conventions).

    ``names`` maps participant ids to names for the messages. Ratings of factors not in
    ``factors`` are ignored. Raises ValidationError naming the member, factor, sum and fix.
    """
    by_id = {f.id: f for f in factors}
    mine = [r for r in ratings if r.factor_id in by_id]
    names = names or {}
    _check_conventions(by_id, mine, names)
    internal = _side(by_id, mine, internal=True, names=names)
    external = _side(by_id, mine, internal=False, names=names)
    return IfeEfe(internal, external)


def _check_conventions(
    by_id: Mapping[str, Factor], ratings: Sequence[Rating], names: Mapping[str, str]
) -> None:
    for r in ratings:
        quadrant = by_id[r.factor_id].quadrant
        if r.rating is None:
            continue
        wrong = (quadrant is Quadrant.S and r.rating < 3) or (
            quadrant is Quadrant.W and r.rating > 2
        )
        if wrong:
            raise ValidationError(
                "rating",
                t(f"score.expect.rating_{quadrant.value}"),
                r.rating,
                t(
                    "score.hint.rating_convention",
                    name=names.get(r.participant_id, r.participant_id),
                    factor=by_id[r.factor_id].text,
                ),
            )


def _side(
    by_id: Mapping[str, Factor],
    ratings: Sequence[Rating],
    *,
    internal: bool,
    names: Mapping[str, str],
) -> tuple[FactorScore, ...]:
    side = t("score.side.internal" if internal else "score.side.external")
    rows = [r for r in ratings if by_id[r.factor_id].quadrant.internal is internal]
    weighted = {r.factor_id for r in rows if r.weight is not None}
    in_matrix = sorted(
        (by_id[i] for i in weighted), key=lambda f: (_QUADRANT_ORDER[f.quadrant], f.position)
    )
    if not in_matrix:
        raise SwotError(t("score.no_weights", side=side))

    for participant_id, given in _weights_by_member(rows).items():
        name = names.get(participant_id, participant_id)
        for factor in in_matrix:
            if factor.id not in given:
                raise ValidationError(
                    "weight",
                    t("score.expect.weight_present"),
                    factor.text,
                    t("score.hint.weight_present", name=name, side=side),
                )
        total = math.fsum(given.values())
        if abs(total - 1) > WEIGHT_TOLERANCE + _EPS:
            raise ValidationError(
                "weight",
                t("score.expect.weights_sum", side=side),
                round(total, 3),
                t(
                    "score.hint.weights_sum",
                    name=name,
                    total=_decimal(total),
                    change=t("score.raise" if total < 1 else "score.lower"),
                    diff=_decimal(abs(1 - total)),
                ),
            )
    rated = {r.factor_id for r in rows if r.rating is not None}
    mattering = {r.factor_id for r in rows if r.weight}  # a positive weight from someone
    for factor in in_matrix:
        if factor.id not in rated and factor.id in mattering:
            raise ValidationError(
                "rating",
                t("score.expect.rating_present"),
                factor.text,
                t("score.hint.rating_present"),
            )
    # weighted 0 by everyone and rated by nobody: it does not matter, so it is not a row
    in_matrix = [f for f in in_matrix if f.id in rated]

    weights, mean_ratings = _consensus(rows, in_matrix)
    if weights is None:  # pragma: no cover - in_matrix holds only weighted factors
        raise SwotError(t("score.no_weights", side=side))
    return tuple(
        FactorScore(
            factor,
            weights[factor.id],
            mean_ratings[factor.id],
            sum(1 for r in rows if r.factor_id == factor.id and r.rating is not None),
        )
        for factor in in_matrix
    )


def format_decimal(value: float, digits: int = 2) -> str:
    """``value`` with ``digits`` decimals and a decimal comma in Polish.

    >>> format_decimal(0.95)
    '0,95'
    """
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if get_language() == "pl" else text


_decimal = format_decimal


def _weights_by_member(rows: Iterable[Rating]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        if r.weight is not None:
            out.setdefault(r.participant_id, {})[r.factor_id] = r.weight
    return out


def _consensus(
    rows: Sequence[Rating], in_matrix: Sequence[Factor]
) -> tuple[dict[str, float] | None, dict[str, float]]:
    """Mean weights (rescaled to sum to 1; ``None`` if nobody weighted) and mean ratings.

    Factors nobody rated are missing from the ratings. No checks: callers validate first.
    """
    by_member = _weights_by_member(rows)
    weights: dict[str, float] | None = None
    if by_member:
        means = {
            f.id: math.fsum(given.get(f.id, 0.0) for given in by_member.values()) / len(by_member)
            for f in in_matrix
        }
        scale = math.fsum(means.values())
        weights = {i: (w / scale if scale > 0 else 0.0) for i, w in means.items()}
    ratings: dict[str, float] = {}
    for f in in_matrix:
        given = [r.rating for r in rows if r.factor_id == f.id and r.rating is not None]
        if given:
            ratings[f.id] = math.fsum(given) / len(given)
    return weights, ratings


def compute_sensitivity(
    factors: Iterable[Factor],
    ratings: Iterable[Rating],
    *,
    names: Mapping[str, str] | None = None,
) -> Sensitivity:
    """The team's position, each member's, and the team's without each member.

    Members are everyone who rated at least one factor of the matrices, in rating order.
    """
    factor_list = list(factors)
    ratings = list(ratings)
    team = compute_ife_efe(factor_list, ratings, names=names)
    in_matrix = {row.factor.id for row in (*team.internal, *team.external)}
    rows = [r for r in ratings if r.factor_id in in_matrix]
    names = names or {}
    quadrant = team.position.quadrant

    members = []
    leave_one_out = []
    for participant_id in dict.fromkeys(r.participant_id for r in rows if r.rating is not None):
        own = {
            r.factor_id: float(r.rating)
            for r in rows
            if r.participant_id == participant_id and r.rating is not None
        }
        name = names.get(participant_id, participant_id)
        alone = Position(_total(team.internal, None, own), _total(team.external, None, own))
        members.append(
            MemberPosition(participant_id, name, alone, alone.quadrant is quadrant, len(own))
        )
        others = [r for r in rows if r.participant_id != participant_id]
        without = Position(_without(team.internal, others), _without(team.external, others))
        leave_one_out.append(
            MemberPosition(participant_id, name, without, without.quadrant is quadrant, len(own))
        )
    return Sensitivity(team.position, tuple(members), tuple(leave_one_out))


def _without(rows: Sequence[FactorScore], others: Sequence[Rating]) -> float:
    """The side's total from ``others``' ratings; gaps keep the whole team's values."""
    ids = {row.factor.id for row in rows}
    weights, ratings = _consensus(
        [r for r in others if r.factor_id in ids], [row.factor for row in rows]
    )
    return _total(rows, weights, ratings)


def _total(
    rows: Sequence[FactorScore], weights: Mapping[str, float] | None, ratings: Mapping[str, float]
) -> float:
    """Sum of weight × rating; ``weights=None`` or a missing rating means the team's value."""
    return math.fsum(
        (row.weight if weights is None else weights[row.factor.id])
        * ratings.get(row.factor.id, row.rating)
        for row in rows
    )


# --- loading from a workspace -------------------------------------------------------------------


def _load(ws: Workspace, institution_id: str) -> tuple[list[Factor], list[Rating], dict[str, str]]:
    factors = ws.factors(institution_id)
    ids = {f.id for f in factors}
    ratings = [r for r in ws.objects(Rating) if r.factor_id in ids]
    names = {p.id: p.name for p in ws.objects(Participant)}
    return factors, ratings, names


def ife_efe(ws: Workspace, institution_id: str) -> IfeEfe:
    """The institution's IFE/EFE matrices from the ratings saved in the workspace."""
    factors, ratings, names = _load(ws, institution_id)
    return compute_ife_efe(factors, ratings, names=names)


def sensitivity(ws: Workspace, institution_id: str) -> Sensitivity:
    """How firmly the institution's position holds across its members' ratings."""
    factors, ratings, names = _load(ws, institution_id)
    return compute_sensitivity(factors, ratings, names=names)


# --- entering one member's matrix ---------------------------------------------------------------

#: A member's entry for one factor: (weight or None, rating or None).
Entry = tuple[float | None, int | None]
_SPREADS = ("even", "importance")


def suggest_weights(factors: Iterable[Factor], *, by: str = "importance") -> dict[str, float]:
    """Weights for every factor, each side summing to exactly 1 in steps of 0.01.

    ``by="even"`` gives every factor of a side the same share; ``by="importance"`` shares in
    proportion to the factors' importance (1-5). Hundredths left over by rounding go to the
    factors that lost most to it (largest remainder), earlier factors first.

    >>> fs = [Factor(id=i, institution_id="mok", quadrant=q, text=i, importance=n)
    ...       for i, q, n in (("s", "S", 5), ("w", "W", 3), ("v", "W", 2), ("o", "O", 3))]
    >>> suggest_weights(fs)
    {'s': 0.5, 'w': 0.3, 'v': 0.2, 'o': 1.0}
    >>> suggest_weights(fs, by="even")
    {'s': 0.34, 'w': 0.33, 'v': 0.33, 'o': 1.0}
    """
    if by not in _SPREADS:
        raise SwotError(t("score.spread", by=by))
    factor_list = sorted(factors, key=lambda f: (_QUADRANT_ORDER[f.quadrant], f.position))
    out: dict[str, float] = {}
    for internal in (True, False):
        side = [f for f in factor_list if f.quadrant.internal is internal]
        shares = [1.0 if by == "even" else float(f.importance) for f in side]
        total = math.fsum(shares)
        exact = [100 * share / total for share in shares]
        cents = [math.floor(x + _EPS) for x in exact]
        order = sorted(range(len(side)), key=lambda i: (-(exact[i] - cents[i]), i))
        for i in order[: 100 - sum(cents)]:
            cents[i] += 1
        out.update({f.id: c / 100 for f, c in zip(side, cents, strict=True)})
    return {f.id: out[f.id] for f in factor_list}


def weight_problems(factors: Iterable[Factor], weights: Mapping[str, float | None]) -> list[str]:
    """What is wrong with one member's weights, per side (an empty list when nothing is).

    A side whose weights are all missing or 0 is fine: the member does not weight it. Any
    other side must sum to 1 ± :data:`WEIGHT_TOLERANCE`; the message names the sum and the fix.
    """
    problems = []
    factor_list = list(factors)
    for internal in (True, False):
        given = [weights.get(f.id) for f in factor_list if f.quadrant.internal is internal]
        total = math.fsum(w for w in given if w)
        if total and abs(total - 1) > WEIGHT_TOLERANCE + _EPS:
            side = t("score.side_short.internal" if internal else "score.side_short.external")
            problems.append(
                t(
                    "score.side_sum",
                    side=side,
                    total=format_decimal(total),
                    change=t("score.raise" if total < 1 else "score.lower"),
                    diff=format_decimal(abs(1 - total)),
                )
            )
    return problems


def members(ws: Workspace, institution_id: str) -> list[Participant]:
    """The people who rate an institution's factors: members of its planning teams."""
    teams = {team.id for team in ws.objects(Team, parent=institution_id)}
    return [p for p in ws.objects(Participant) if p.team_id in teams]


def member_ratings(ws: Workspace, institution_id: str, participant_id: str) -> dict[str, Rating]:
    """One member's stored ratings of the institution's factors, by factor id."""
    ids = {f.id for f in ws.factors(institution_id)}
    return {
        r.factor_id: r
        for r in ws.objects(Rating, participant_id=participant_id)
        if r.factor_id in ids
    }


def save_member_ratings(
    ws: Workspace,
    institution_id: str,
    participant_id: str,
    entries: Mapping[str, Entry],
    *,
    loaded: Mapping[str, Rating] | None = None,
    actor: str | None = None,
) -> dict[str, Rating]:
    """Check and save one member's weights and ratings of an institution's factors.

    ``entries`` maps factor ids to ``(weight, rating)``; a factor left out, or with neither,
    loses the member's stored row. On a side where every weight is missing or 0 the member
    only rates (weights are stored as missing); elsewhere each factor keeps its weight, 0
    included, as the matrices require. Every problem is collected into one SwotError before
    anything is written: ratings out of 1-4, weights out of 0-1, sides not summing to 1,
    strengths rated below 3 or weaknesses above 2.

    ``loaded`` is what the caller's form was built from (:func:`member_ratings`); when given,
    a row that changed, appeared or vanished since then raises ConflictError (carrying both
    versions) and nothing is written. Returns the member's rows as now stored.
    """
    participant = ws.get(Participant, participant_id)
    factors = ws.factors(institution_id)
    by_id = {f.id: f for f in factors}
    for factor_id in entries:
        if factor_id not in by_id:
            raise NotFoundError(Factor.KIND, factor_id)

    unweighted = {
        internal
        for internal in (True, False)
        if not any(
            (entries.get(f.id) or (None, None))[0]
            for f in factors
            if f.quadrant.internal is internal
        )
    }
    problems = weight_problems(factors, {i: weight for i, (weight, _rating) in entries.items()})
    wanted: dict[str, Rating] = {}
    for factor in factors:
        weight, rating = entries.get(factor.id) or (None, None)
        if factor.quadrant.internal in unweighted:
            weight = None
        elif weight is None:
            weight = 0.0  # whoever weights a side weights all of it
        if weight is None and rating is None:
            continue
        try:
            wanted[factor.id] = Rating(
                factor_id=factor.id, participant_id=participant.id, weight=weight, rating=rating
            )
        except ValidationError as exc:
            problems.append(t("score.factor_problem", factor=factor.text, message=str(exc)))
    try:
        _check_conventions(by_id, list(wanted.values()), {participant.id: participant.name})
    except ValidationError as exc:
        problems.append(str(exc))
    if problems:
        raise SwotError(" ".join(problems))

    stored = member_ratings(ws, institution_id, participant.id)
    base = stored if loaded is None else loaded
    if loaded is not None:
        for factor_id, row in stored.items():
            if factor_id not in loaded:  # the member saved from another window meanwhile
                raise ConflictError(wanted.get(factor_id, row), row)
    adds: list[Rating] = []
    updates: list[Rating] = []
    for factor_id, row in wanted.items():
        if factor_id in base:
            old = base[factor_id]
            updates.append(old.replace(weight=row.weight, rating=row.rating))
        else:
            adds.append(row)
    deletes = [row for factor_id, row in base.items() if factor_id not in wanted]
    ws.apply(adds=adds, updates=updates, deletes=deletes, actor=actor)
    return member_ratings(ws, institution_id, participant.id)
