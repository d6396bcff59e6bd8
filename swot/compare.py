"""Institutions side by side: SWOT boards, category balance, positions, consultation, themes.

Everything here is pure analysis (compute, then render): functions take a workspace or the
canonical survey data and return frozen dataclasses or DataFrames that charts, reports and
widgets draw. They work for any number of institutions (the programme has 3; a region 30).

Shared themes
-------------
Factors of *different* institutions that say the same thing are found by text similarity:

1. **Folding.** Lowercase, Polish diacritics removed (``ł`` → ``l``, see
   :func:`swot.survey.codebook.fold`), punctuation dropped.
2. **Stopwords.** Function words (``i``, ``w``, ``dla`` …) and *evaluative* words (``brak``,
   ``słaby``, ``dobry``, ``niski``, ``bardzo`` …) are dropped: a theme is about a subject,
   and the quadrant already says whether it is good or bad. So "Brak parkingu" (a weakness)
   and "Duży parking" (a strength) share the theme "parking" – which is exactly what makes
   a strength of one centre a candidate for sharing with another.
3. **Stemming by truncation.** Every remaining word is cut to its first
   :data:`STEM_LENGTH` (5) letters, a crude but robust stand-in for Polish inflection:
   ``internecie``/``internetowa`` → ``inter``, ``szkołami``/``szkołą`` → ``szkol``.
4. **Similarity** (0-100) is the Dice coefficient of the two sets of stems,
   ``200·|A∩B| / (|A|+|B|)``, computed by :func:`rapidfuzz.process.cdist` with the Indel
   similarity over the sorted stem lists (for sorted sets the longest common subsequence is
   the intersection). Character-level ratios (``token_set_ratio``) were tried on the demo
   and gave 55-60 to unrelated sentences of shared short stems; word-level Dice separates
   paraphrases (30-60) from noise (≤ 25) much better.
5. **Grouping** (greedy average linkage). Pairs from different institutions scoring at
   least ``threshold`` are visited from the most similar down; the groups of the two factors
   merge when the *mean* similarity between them (over pairs of a factor of one group and a
   factor of the other, from different institutions) is still at least ``threshold``.
   Unlike connected components, a chain A≈B≈C does not pull in a C unlike A.
   Two factors of one institution are never compared with each other.

Each :class:`ThemeGroup` lists its factors (with institution and quadrant) and a suggested
label: the text of its most central factor. People then **confirm**, **split** or **merge**
groups; their decisions live in the workspace setting ``"themes"``::

    {"format": "swot-themes", "version": 1,
     "themes": [{"id": "…", "label": "…", "factor_ids": ["…", "…"]}, …]}

:func:`workspace_themes` returns the confirmed themes first, then suggestions made only from
factors no confirmed theme holds. :func:`cooperation_candidates` turns themes into candidate
joint work: shared weaknesses and threats → cooperation areas; shared opportunities → joint
opportunities; a strength of one centre matching a weakness of another → sharing.

Examples
--------
>>> from swot.model import Factor
>>> a = Factor(id="a", institution_id="mok", quadrant="W", text="Słaba promocja w internecie")
>>> b = Factor(id="b", institution_id="dok", quadrant="W", text="słaba promocja internetowa")
>>> c = Factor(id="c", institution_id="dok", quadrant="S", text="Duża sala widowiskowa")
>>> [g.factor_ids for g in shared_themes([a, b, c])]
[('a', 'b')]
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Indel

from swot.diagnosis import (
    PARTICIPANT_OPTIONS,
    _holm,
    _two_proportion_p,
    importance_performance,
    likert_summary,
    unmet_needs,
    wilson_interval,
)
from swot.errors import ConflictError, NotFoundError, SwotError, ValidationError
from swot.i18n import register, t
from swot.model import Factor, Goal, Institution, Participant, Quadrant, Rating, Task
from swot.scoring import Position, compute_ife_efe
from swot.store import Workspace
from swot.survey.codebook import Codebook, VarType, fold

__all__ = [
    "DEFAULT_THRESHOLD",
    "MEASURES",
    "STEM_LENGTH",
    "THEMES_SETTING",
    "Board",
    "ConsultationComparison",
    "CooperationCandidate",
    "InstitutionPosition",
    "Positions",
    "SideBySide",
    "ThemeGroup",
    "add_joint_task",
    "category_balance",
    "confirm_theme",
    "confirmed_themes",
    "consultation_by_institution",
    "cooperation_candidates",
    "cooperation_frame",
    "importance_performance_by_institution",
    "joint_goals",
    "merge_themes",
    "positions",
    "remove_theme",
    "shared_themes",
    "side_by_side",
    "similarity_matrix",
    "split_theme",
    "theme_tokens",
    "unmet_needs_by_institution",
    "workspace_themes",
]

#: Default similarity (0-100, Dice of stems) from which factors count as one theme.
DEFAULT_THRESHOLD = 40.0
#: Letters a word keeps after stemming by truncation.
STEM_LENGTH = 5
#: Workspace setting holding the confirmed themes.
THEMES_SETTING = "themes"
THEMES_FORMAT = "swot-themes"
#: Consultation measures compared by :func:`consultation_by_institution`.
MEASURES = ("awareness", "participation", "satisfaction")
#: Answers to ``participation_<institution>`` meaning the respondent does not know it.
UNAWARE_OPTIONS = ("Nie znam tej instytucji",)
#: Smallest base (respondents) on each side for a difference to be marked significant.
MIN_BASE = 10

_QUADRANTS = tuple(Quadrant)
_WORD_RE = re.compile(r"[a-z0-9]+")

# Folded (lowercase, no diacritics). Function words, then evaluative words: a theme is its
# subject, the quadrant carries the judgement.
_STOPWORD_TEXT = """
    a aby albo ale az bez beda by byc byl byla bylo co czy dla do gdy go i ich ile im in
    iz ja jak jako jakos je jego jej jest jeszcze jesli jezeli juz ku lecz lub m ma maja
    mi mu na nad nam nas nich nie niz np o od oraz po pod poza przed przez przy sa sie
    so ta tak takze tam te tego tej ten ter to tu tych tylko tym u w we wiec wsrod z za
    ze zas
    brak braki braku brakuje bardzo dobra dobre dobry dobrze dobrej dobrego duza duze duzy
    duzo duzej duzych kilka kiepska kiepski kiepskie mala male maly malo malej malych
    mniej niska niskie niski niskiej niewielka niewielki niewielkie niewystarczajaca
    niewystarczajacy niewystarczajace slaba slabe slaby slabo slabej slabych silna silne
    silny wysoka wysokie wysoki wysokiej wiele wielu wieksza wieksze wiekszy wiecej zbyt
    zla zle zly zlej
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Stems of words nearly every factor of a culture centre uses ("oferta", "ośrodek",
# "instytucja", "mieszkańcy"): they would make unrelated factors look alike.
_GENERIC_STEMS = frozenset({"ofert", "oferc", "osrod", "insty", "miesz"})

register(
    {
        "kind.theme": {"pl": "wspólny temat", "en": "shared theme"},
        "field.factor_ids": {"pl": "czynniki", "en": "factors"},
        "field.theme_ids": {"pl": "wspólne tematy", "en": "shared themes"},
        "field.theme_label": {"pl": "nazwa tematu", "en": "theme name"},
        "field.threshold": {"pl": "próg podobieństwa", "en": "similarity threshold"},
        "field.min_importance": {"pl": "minimalna ważność", "en": "minimum importance"},
        "field.categories": {"pl": "kategorie", "en": "categories"},
        "field.institution_ids": {"pl": "instytucje", "en": "institutions"},
        "field.side": {"pl": "strona analizy", "en": "side"},
        "compare.no_category": {"pl": "(bez kategorii)", "en": "(no category)"},
        "compare.side.internal": {
            "pl": "mocne minus słabe strony",
            "en": "strengths minus weaknesses",
        },
        "compare.side.external": {
            "pl": "szanse minus zagrożenia",
            "en": "opportunities minus threats",
        },
        "compare.formula.internal": {
            "pl": (
                "Bilans kategorii = suma ważności (1–5) mocnych stron minus suma ważności "
                "słabych stron tej kategorii w danej instytucji (0: brak czynników lub równowaga)."
            ),
            "en": (
                "Category balance = sum of the importance (1-5) of the strengths minus the sum "
                "of the importance of the weaknesses in that category of the institution "
                "(0: no factors or a balance)."
            ),
        },
        "compare.formula.external": {
            "pl": (
                "Bilans kategorii = suma ważności (1–5) szans minus suma ważności zagrożeń tej "
                "kategorii w danej instytucji (0: brak czynników lub równowaga)."
            ),
            "en": (
                "Category balance = sum of the importance (1-5) of the opportunities minus the "
                "sum of the importance of the threats in that category of the institution "
                "(0: no factors or a balance)."
            ),
        },
        "compare.expect.side": {
            "pl": "„internal” (mocne i słabe strony) albo „external” (szanse i zagrożenia)",
            "en": "'internal' (strengths and weaknesses) or 'external' (opportunities and threats)",
        },
        "compare.expect.categories": {
            "pl": "listy nazw kategorii (albo None: wszystkie)",
            "en": "a list of category names (or None: all)",
        },
        "compare.expect.institutions": {
            "pl": "listy identyfikatorów instytucji bez powtórzeń (albo None: wszystkie)",
            "en": "a list of institution ids without repeats (or None: all)",
        },
        "compare.expect.threshold": {
            "pl": "liczby od 0 do 100",
            "en": "a number from 0 to 100",
        },
        "compare.hint.threshold": {
            "pl": "Im wyższy próg, tym bardziej podobne muszą być czynniki; zwykle 30–60.",
            "en": "The higher the threshold, the more alike factors must be; usually 30-60.",
        },
        "compare.skip.no_ratings": {
            "pl": "brak wag i ocen czynników (macierze IFE/EFE nie zostały wypełnione)",
            "en": "no factor weights and ratings (the IFE/EFE matrices were not filled in)",
        },
        "compare.skip.invalid": {
            "pl": "macierze IFE/EFE są niekompletne: {message}",
            "en": "the IFE/EFE matrices are incomplete: {message}",
        },
        "compare.measure.awareness": {"pl": "znajomość instytucji", "en": "awareness"},
        "compare.measure.participation": {
            "pl": "udział w ostatnich 12 miesiącach",
            "en": "participation in the last 12 months",
        },
        "compare.measure.satisfaction": {
            "pl": "dobra ocena oferty (dobrze lub bardzo dobrze)",
            "en": "offer rated good or very good",
        },
        "compare.note.differences": {
            "pl": (
                "Różnicę między instytucjami oznaczono jako istotną, gdy test dwóch proporcji "
                "(dwustronny, z poprawką Holma na wszystkie porównania danej miary) daje "
                "p < {alpha} i każda z instytucji ma co najmniej {min_base} odpowiedzi. "
                "Mniejsze różnice mieszczą się w błędzie losowym."
            ),
            "en": (
                "A difference between institutions is marked significant when the two-sided "
                "two-proportion test (Holm-adjusted over all comparisons of that measure) gives "
                "p < {alpha} and each institution has at least {min_base} answers. Smaller "
                "differences are within sampling error."
            ),
        },
        "compare.expect.theme_factors": {
            "pl": "co najmniej dwóch czynników z co najmniej dwóch różnych instytucji",
            "en": "at least two factors from at least two different institutions",
        },
        "compare.hint.theme_factors": {
            "pl": "Wspólny temat łączy czynniki różnych instytucji – dodaj czynnik innej "
            "instytucji.",
            "en": "A shared theme joins factors of different institutions: add another "
            "institution's factor.",
        },
        "compare.expect.theme_free": {
            "pl": "czynników, które nie należą jeszcze do innego zatwierdzonego tematu",
            "en": "factors not yet in another confirmed theme",
        },
        "compare.hint.theme_free": {
            "pl": "Czynnik „{factor}” należy już do tematu „{theme}”. Połącz oba tematy "
            "albo najpierw wydziel z niego ten czynnik.",
            "en": "Factor '{factor}' is already in theme '{theme}'. Merge the two themes or "
            "split the factor out of it first.",
        },
        "compare.expect.theme_part": {
            "pl": "części czynników tego tematu (nie wszystkich i nie żadnego)",
            "en": "some of this theme's factors (not all, not none)",
        },
        "compare.hint.theme_part": {
            "pl": "Zaznacz czynniki, które mają utworzyć osobny temat; reszta zostanie w obecnym.",
            "en": "Select the factors that form the new theme; the rest stay in this one.",
        },
        "compare.expect.theme_ids": {
            "pl": "co najmniej dwóch różnych zatwierdzonych tematów",
            "en": "at least two different confirmed themes",
        },
        "compare.hint.theme_ids": {
            "pl": "Zaznacz dwa lub więcej tematów do połączenia.",
            "en": "Select two or more themes to merge.",
        },
        "compare.expect.themes_setting": {
            "pl": "zapisu tematów w formacie swot-themes",
            "en": "themes stored in the swot-themes format",
        },
        "compare.hint.themes_setting": {
            "pl": "Ustawienie „themes” zostało uszkodzone; usuń je, aby zacząć od nowa.",
            "en": "The 'themes' setting is damaged; remove it to start again.",
        },
        "compare.candidate.cooperation": {
            "pl": "obszar współpracy (wspólny problem)",
            "en": "cooperation area (shared problem)",
        },
        "compare.candidate.opportunity": {
            "pl": "wspólna szansa do wykorzystania razem",
            "en": "joint opportunity",
        },
        "compare.candidate.sharing": {
            "pl": "dzielenie się mocną stroną",
            "en": "sharing a strength",
        },
    }
)


# =========================================================================== validation helpers


def _institutions(ws: Workspace, institution_ids: Sequence[str] | None) -> list[Institution]:
    if institution_ids is None:
        return ws.institutions()
    if isinstance(institution_ids, str) or not isinstance(institution_ids, Iterable):
        raise ValidationError(
            "institution_ids", t("compare.expect.institutions"), institution_ids, t("hint.pick")
        )
    ids = list(institution_ids)
    if len(set(ids)) != len(ids):
        raise ValidationError("institution_ids", t("compare.expect.institutions"), ids)
    return [ws.get(Institution, i) for i in ids]


def _categories(categories: Iterable[str] | None) -> frozenset[str] | None:
    if categories is None:
        return None
    if isinstance(categories, str) or not isinstance(categories, Iterable):
        raise ValidationError(
            "categories", t("compare.expect.categories"), categories, t("hint.text_list")
        )
    values = list(categories)
    if not all(isinstance(c, str) for c in values):
        raise ValidationError("categories", t("compare.expect.categories"), values)
    return frozenset(" ".join(c.casefold().split()) for c in values)


def _min_importance(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(
            "min_importance",
            t("expect.int_range", min=1, max=5),
            value,
            t("hint.int_range", min=1, max=5),
        )
    return value


def _keep(factor: Factor, categories: frozenset[str] | None, min_importance: int) -> bool:
    if factor.importance < min_importance:
        return False
    return categories is None or " ".join(factor.category.casefold().split()) in categories


def _sort_key(factor: Factor) -> tuple[int, int, str]:
    return (-factor.importance, factor.position, factor.text.casefold())


# =========================================================================== side by side


@dataclass(frozen=True, slots=True)
class Board:
    """One institution's column: its (filtered) factors by quadrant, most important first."""

    institution: Institution
    strengths: tuple[Factor, ...]
    weaknesses: tuple[Factor, ...]
    opportunities: tuple[Factor, ...]
    threats: tuple[Factor, ...]

    def factors(self, quadrant: Quadrant | str) -> tuple[Factor, ...]:
        """The factors of one quadrant (``"S"``, ``"W"``, ``"O"`` or ``"T"``)."""
        index = _QUADRANTS.index(Quadrant(quadrant))
        return (self.strengths, self.weaknesses, self.opportunities, self.threats)[index]

    @property
    def count(self) -> int:
        return sum(len(self.factors(q)) for q in _QUADRANTS)


@dataclass(frozen=True, slots=True)
class SideBySide:
    """SWOT boards of several institutions, one column each, with the filter applied."""

    boards: tuple[Board, ...]
    categories: tuple[str, ...] | None  # None: every category
    min_importance: int

    @property
    def institutions(self) -> tuple[Institution, ...]:
        return tuple(b.institution for b in self.boards)

    def board(self, institution_id: str) -> Board:
        for b in self.boards:
            if b.institution.id == institution_id:
                return b
        raise NotFoundError("institution", institution_id)

    @property
    def rows(self) -> int:
        """Height of the printed table: the longest quadrant list summed over quadrants."""
        return sum(max((len(b.factors(q)) for b in self.boards), default=0) for q in _QUADRANTS)

    def to_frame(self) -> pd.DataFrame:
        """One row per shown factor: ``institution_id, institution, quadrant, rank, text,
        category, importance, factor_id`` (``rank`` 1 = most important in its quadrant)."""
        records = [
            {
                "institution_id": b.institution.id,
                "institution": b.institution.label,
                "quadrant": q.value,
                "rank": rank,
                "text": f.text,
                "category": f.category,
                "importance": f.importance,
                "factor_id": f.id,
            }
            for b in self.boards
            for q in _QUADRANTS
            for rank, f in enumerate(b.factors(q), start=1)
        ]
        columns = [
            "institution_id",
            "institution",
            "quadrant",
            "rank",
            "text",
            "category",
            "importance",
            "factor_id",
        ]
        return pd.DataFrame.from_records(records, columns=columns)


def side_by_side(
    ws: Workspace,
    institution_ids: Sequence[str] | None = None,
    *,
    categories: Iterable[str] | None = None,
    min_importance: int = 1,
) -> SideBySide:
    """The SWOT boards of ``institution_ids`` (default: all, in workspace order) side by side.

    Parameters
    ----------
    categories
        Show only factors of these categories (case- and space-blind); ``None`` shows all.
    min_importance
        Show only factors at least this important (1-5).
    """
    chosen = _institutions(ws, institution_ids)
    wanted = _categories(categories)
    floor = _min_importance(min_importance)
    by_institution: dict[str, list[Factor]] = {i.id: [] for i in chosen}
    for factor in ws.factors():
        if factor.institution_id in by_institution and _keep(factor, wanted, floor):
            by_institution[factor.institution_id].append(factor)
    boards = []
    for inst in chosen:
        mine = by_institution[inst.id]
        quadrants = [
            tuple(sorted((f for f in mine if f.quadrant is q), key=_sort_key)) for q in _QUADRANTS
        ]
        boards.append(Board(inst, *quadrants))
    shown = None if categories is None else tuple(categories)
    return SideBySide(tuple(boards), shown, floor)


# =========================================================================== category balance


def category_balance(
    ws: Workspace,
    institution_ids: Sequence[str] | None = None,
    *,
    side: str = "internal",
    categories: Iterable[str] | None = None,
    min_importance: int = 1,
) -> pd.DataFrame:
    """Category × institution balance of one side of the SWOT, weighted by importance.

    Formula (``side="internal"``): for each category and institution, the sum of the
    importance (1-5) of its strengths minus the sum of the importance of its weaknesses.
    ``side="external"``: opportunities minus threats. Positive: the category is an asset
    (or a favourable environment); negative: a problem (or a threat); 0: no factors or a
    balance. Counts are not normalised: a centre with more factors has larger numbers, as it
    has more to say about the category.

    Returns
    -------
    pandas.DataFrame
        Index: categories (the workspace's categories first, in its order, then others
        alphabetically; factors with no category under ``t("compare.no_category")``);
        columns: institution ids; integer values. ``attrs``: ``side``, ``title``,
        ``formula``, ``labels`` (institution id → label), ``positive`` and ``negative``
        (same shape: the two sums separately, for hover texts).
    """
    if side not in ("internal", "external"):
        raise ValidationError("side", t("compare.expect.side"), side, t("hint.pick"))
    plus, minus = (Quadrant.S, Quadrant.W) if side == "internal" else (Quadrant.O, Quadrant.T)
    board = side_by_side(ws, institution_ids, categories=categories, min_importance=min_importance)
    none = t("compare.no_category")
    records = [
        {
            "category": f.category or none,
            "institution_id": b.institution.id,
            "positive": f.importance if f.quadrant is plus else 0,
            "negative": f.importance if f.quadrant is minus else 0,
        }
        for b in board.boards
        for q in (plus, minus)
        for f in b.factors(q)
    ]
    frame = pd.DataFrame.from_records(
        records, columns=["category", "institution_id", "positive", "negative"]
    )
    known = ws.categories
    present = set(frame["category"])
    order = [c for c in known if c in present or categories is None]
    order += sorted((present - set(order)) - {none}, key=str.casefold)
    if none in present:
        order.append(none)
    columns = [i.id for i in board.institutions]
    sums = frame.groupby(["category", "institution_id"])[["positive", "negative"]].sum()
    positive = (
        sums["positive"].unstack(fill_value=0).reindex(index=order, columns=columns, fill_value=0)
    )
    negative = (
        sums["negative"].unstack(fill_value=0).reindex(index=order, columns=columns, fill_value=0)
    )
    positive = positive.fillna(0).astype("int64")
    negative = negative.fillna(0).astype("int64")
    out = positive - negative
    out.index.name = "category"
    out.columns.name = "institution_id"
    out.attrs.update(
        {
            "side": side,
            "title": t(f"compare.side.{side}"),
            "formula": t(f"compare.formula.{side}"),
            "labels": {i.id: i.label for i in board.institutions},
            "positive": positive,
            "negative": negative,
        }
    )
    return out


# =========================================================================== positions


@dataclass(frozen=True, slots=True)
class InstitutionPosition:
    """One institution's strategic position, or why it has none (``position is None``)."""

    institution: Institution
    position: Position | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Positions:
    """Every chosen institution's IFE/EFE position; ``skipped`` say why they have none."""

    placed: tuple[InstitutionPosition, ...]
    skipped: tuple[InstitutionPosition, ...]

    def to_frame(self) -> pd.DataFrame:
        """``institution_id, institution, ife, efe, quadrant, label, ie_cell, ie_region``."""
        records = []
        for item in self.placed:
            pos = item.position
            assert pos is not None  # placed ones always have a position
            records.append(
                {
                    "institution_id": item.institution.id,
                    "institution": item.institution.label,
                    "ife": pos.ife,
                    "efe": pos.efe,
                    "quadrant": pos.quadrant.value,
                    "label": pos.label,
                    "ie_cell": pos.ie_cell,
                    "ie_region": pos.ie_region,
                }
            )
        columns = [
            "institution_id",
            "institution",
            "ife",
            "efe",
            "quadrant",
            "label",
            "ie_cell",
            "ie_region",
        ]
        return pd.DataFrame.from_records(records, columns=columns)


def positions(ws: Workspace, institution_ids: Sequence[str] | None = None) -> Positions:
    """The IFE/EFE position of every institution whose team filled in the matrices.

    An institution with no ratings, or whose ratings do not yet make both matrices (a side
    not weighted, weights not summing to 1 …), is skipped with the reason in Polish.
    """
    chosen = _institutions(ws, institution_ids)
    factors: dict[str, list[Factor]] = {i.id: [] for i in chosen}
    for factor in ws.factors():
        if factor.institution_id in factors:
            factors[factor.institution_id].append(factor)
    owner = {f.id: f.institution_id for fs in factors.values() for f in fs}
    ratings: dict[str, list[Rating]] = {i.id: [] for i in chosen}
    for rating in ws.objects(Rating):
        holder = owner.get(rating.factor_id)
        if holder is not None:
            ratings[holder].append(rating)
    names = {p.id: p.name for p in ws.objects(Participant)}
    placed, skipped = [], []
    for inst in chosen:
        if not ratings[inst.id]:
            skipped.append(InstitutionPosition(inst, None, t("compare.skip.no_ratings")))
            continue
        try:
            result = compute_ife_efe(factors[inst.id], ratings[inst.id], names=names)
        except SwotError as exc:
            reason = t("compare.skip.invalid", message=str(exc))
            skipped.append(InstitutionPosition(inst, None, reason))
            continue
        placed.append(InstitutionPosition(inst, result.position))
    return Positions(tuple(placed), tuple(skipped))


# =========================================================================== consultation


@dataclass(frozen=True, slots=True)
class ConsultationComparison:
    """Consultation results per institution and which differences exceed sampling error.

    ``shares``: one row per institution and measure: ``institution_id, institution,
    measure, measure_label, successes, base, share, ci_low, ci_high`` (Wilson interval),
    plus ``mean, mean_low, mean_high`` (mean satisfaction score 1..k; NaN for other measures).

    ``differences``: one row per measure and pair of institutions: ``measure, first, second,
    share_first, share_second, difference, z, p, p_adjusted, intervals_overlap,
    significant``. ``attrs["note"]`` states the rule.
    """

    shares: pd.DataFrame
    differences: pd.DataFrame
    alpha: float
    note: str

    def significant(self) -> pd.DataFrame:
        """Only the differences larger than the sampling error."""
        return self.differences[self.differences["significant"]].reset_index(drop=True)


def _institution_labels(
    codebook: Codebook, institutions: Sequence[str | Institution] | None
) -> dict[str, str]:
    if institutions is not None:
        return {
            (i.id if isinstance(i, Institution) else str(i)): (
                i.label if isinstance(i, Institution) else str(i)
            )
            for i in institutions
        }
    found: dict[str, str] = {}
    for var in codebook:
        for prefix in ("participation_", "satisfaction_"):
            if var.name.startswith(prefix) and var.type in (VarType.SINGLE, VarType.LIKERT):
                inst = var.subject or var.name.removeprefix(prefix)
                found.setdefault(inst, var.label.rsplit(": ", 1)[-1])
    return found


def _matching(categories: Sequence[str], wanted: Sequence[str]) -> list[str]:
    folded = {fold(w) for w in wanted}
    return [c for c in categories if fold(c) in folded]


def _share_row(
    inst: str, label: str, measure: str, successes: float, base: float
) -> dict[str, Any]:
    low, high = wilson_interval(successes, base)
    return {
        "institution_id": inst,
        "institution": label,
        "measure": measure,
        "measure_label": t(f"compare.measure.{measure}"),
        "successes": successes,
        "base": base,
        "share": successes / base if base else math.nan,
        "ci_low": low,
        "ci_high": high,
        "mean": math.nan,
        "mean_low": math.nan,
        "mean_high": math.nan,
    }


def consultation_by_institution(
    responses: pd.DataFrame,
    codebook: Codebook,
    institutions: Sequence[str | Institution] | None = None,
    *,
    alpha: float = 0.05,
) -> ConsultationComparison:
    """Awareness, participation and satisfaction per institution, with honest differences.

    Questions are found by name, as in the sample questionnaire: ``participation_<id>``
    (single choice) and ``satisfaction_<id>`` (Likert). Missing answers are left out.

    * **awareness**: of those who answered ``participation_<id>``, the share not answering
      "Nie znam tej instytucji";
    * **participation**: of the same base, "Tak, regularnie" or "Tak, okazjonalnie";
    * **satisfaction**: of those who rated the offer on the scale ("don't know" left out),
      the share of the two highest points (top-2-box, as :func:`~swot.diagnosis.likert_summary`),
      with the mean score beside it.

    Intervals are 95% Wilson intervals. **Differences**: for every measure, every pair of
    institutions is compared with a two-sided pooled two-proportion z-test; the p-values of
    one measure are Holm-adjusted together, and a difference is ``significant`` only when
    the adjusted p is below ``alpha`` and both bases have at least :data:`MIN_BASE` answers.
    (Non-overlapping Wilson intervals would be stricter than needed; overlapping ones do not
    rule a difference out. ``intervals_overlap`` is given for reading the chart.)
    Responses are unweighted; street-poll tallies have no per-institution questions.
    """
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValidationError("alpha", t("diag.expect.probability"), alpha)
    labels = _institution_labels(codebook, institutions)
    rows: list[dict[str, Any]] = []
    for inst, label in labels.items():
        name = f"participation_{inst}"
        var = codebook.get(name)
        if var is not None and name in responses.columns:
            answers = responses[name].astype(object)
            answered = answers.notna()
            base = float(answered.sum())
            unaware = _matching(var.categories, UNAWARE_OPTIONS)
            if unaware:
                aware = float((answered & ~answers.isin(unaware)).sum())
                rows.append(_share_row(inst, label, "awareness", aware, base))
            taking_part = _matching(var.categories, PARTICIPANT_OPTIONS)
            if taking_part:
                part = float(answers.isin(taking_part).sum())
                rows.append(_share_row(inst, label, "participation", part, base))
        name = f"satisfaction_{inst}"
        var = codebook.get(name)
        if var is not None and var.type is VarType.LIKERT and name in responses.columns:
            summary = likert_summary(responses, codebook, [name]).iloc[0]
            n = float(summary["n_valid"])
            top = round(float(summary["top2_share"]) * n) if n else 0.0
            row = _share_row(inst, label, "satisfaction", float(top), n)
            row.update(
                mean=float(summary["mean"]),
                mean_low=float(summary["mean_low"]),
                mean_high=float(summary["mean_high"]),
            )
            rows.append(row)
    share_columns = [
        "institution_id",
        "institution",
        "measure",
        "measure_label",
        "successes",
        "base",
        "share",
        "ci_low",
        "ci_high",
        "mean",
        "mean_low",
        "mean_high",
    ]
    shares = pd.DataFrame.from_records(rows, columns=share_columns)
    diffs: list[dict[str, Any]] = []
    for measure in MEASURES:
        block = shares[shares["measure"] == measure].reset_index(drop=True)
        pairs = list(itertools.combinations(range(len(block)), 2))
        p_values = np.full(len(pairs), np.nan)
        found = []
        for k, (i, j) in enumerate(pairs):
            a, b = block.iloc[i], block.iloc[j]
            z, p = _two_proportion_p(a["successes"], a["base"], b["successes"], b["base"])
            p_values[k] = p
            found.append((a, b, z, p))
        adjusted = _holm(p_values) if len(pairs) else p_values
        for (a, b, z, p), p_adj in zip(found, adjusted, strict=True):
            enough = min(a["base"], b["base"]) >= MIN_BASE
            diffs.append(
                {
                    "measure": measure,
                    "first": a["institution_id"],
                    "second": b["institution_id"],
                    "share_first": a["share"],
                    "share_second": b["share"],
                    "difference": a["share"] - b["share"],
                    "z": z,
                    "p": p,
                    "p_adjusted": float(p_adj),
                    "intervals_overlap": bool(
                        a["ci_low"] <= b["ci_high"] and b["ci_low"] <= a["ci_high"]
                    ),
                    "significant": bool(enough and math.isfinite(p_adj) and p_adj < alpha),
                }
            )
    diff_columns = [
        "measure",
        "first",
        "second",
        "share_first",
        "share_second",
        "difference",
        "z",
        "p",
        "p_adjusted",
        "intervals_overlap",
        "significant",
    ]
    differences = pd.DataFrame.from_records(diffs, columns=diff_columns)
    differences["significant"] = differences["significant"].astype(bool)
    note = t("compare.note.differences", alpha=f"{alpha:g}", min_base=MIN_BASE)
    shares.attrs["note"] = differences.attrs["note"] = note
    return ConsultationComparison(shares, differences, float(alpha), note)


def importance_performance_by_institution(
    responses: pd.DataFrame,
    codebook: Codebook,
    institutions: Sequence[str | Institution],
) -> pd.DataFrame:
    """:func:`~swot.diagnosis.importance_performance` of each institution, stacked.

    Adds ``institution_id`` as the first column; institutions without rating questions are
    left out (``attrs["missing"]`` lists them).
    """
    frames, missing = [], []
    for inst in institutions:
        inst_id = inst.id if isinstance(inst, Institution) else str(inst)
        try:
            frame = importance_performance(responses, codebook, inst)
        except ValidationError:
            missing.append(inst_id)
            continue
        frame.insert(0, "institution_id", inst_id)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    out.attrs["missing"] = tuple(missing)
    return out


def unmet_needs_by_institution(
    responses: pd.DataFrame,
    codebook: Codebook,
    institutions: Sequence[str | Institution],
    *,
    top: int = 5,
    tallies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``top`` needs and barriers of each institution's audience, stacked.

    :func:`~swot.diagnosis.unmet_needs` per institution (its audience rule and intervals),
    rows with ``rank <= top``, ``institution_id`` first; ``attrs["audience_n"]`` maps each
    institution to its audience size.
    """
    frames, audience = [], {}
    for inst in institutions:
        inst_id = inst.id if isinstance(inst, Institution) else str(inst)
        frame = unmet_needs(responses, codebook, inst, tallies=tallies)
        audience[inst_id] = frame.attrs["audience_n"]
        frame = frame[frame["rank"] <= top].copy()
        frame.insert(0, "institution_id", inst_id)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    out.attrs["audience_n"] = audience
    return out


# =========================================================================== shared themes


def theme_tokens(text: str) -> tuple[str, ...]:
    """The sorted, distinct stems a factor's text is compared by (see the module notes).

    >>> theme_tokens("Słaba promocja w internecie")
    ('inter', 'promo')
    >>> theme_tokens("brak miejsc parkingowych")
    ('miejs', 'parki')
    """
    words = _WORD_RE.findall(fold(text))
    stems = {w[:STEM_LENGTH] for w in words if w not in _STOPWORDS and len(w) > 2}
    return tuple(sorted(stems - _GENERIC_STEMS))


def similarity_matrix(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Pairwise similarity (0-100, Dice of stems) of ``texts``; rapidfuzz, all cores."""
    tokens = [list(theme_tokens(text)) for text in texts]
    if not tokens:
        return np.zeros((0, 0), dtype=np.float32)
    matrix = process.cdist(
        tokens,
        tokens,
        scorer=Indel.normalized_similarity,
        processor=None,
        dtype=np.float32,
        workers=-1,
    )
    matrix *= 100
    # a text with no content words is like nothing (Indel calls two empty lists equal)
    empty = np.array([not tok for tok in tokens])
    matrix[empty, :] = 0
    matrix[:, empty] = 0
    return matrix


@dataclass(frozen=True, slots=True)
class ThemeGroup:
    """Factors of different institutions that say the same thing.

    ``score`` is the mean similarity (0-100) of the group's cross-institution pairs;
    ``confirmed`` says whether a person confirmed the group (it is then stored).
    """

    id: str
    label: str
    factors: tuple[Factor, ...]
    score: float
    confirmed: bool = False

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.factors)

    @property
    def institution_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.institution_id for f in self.factors))

    @property
    def quadrants(self) -> tuple[Quadrant, ...]:
        present = {f.quadrant for f in self.factors}
        return tuple(q for q in _QUADRANTS if q in present)

    def institutions_with(self, *quadrants: Quadrant | str) -> tuple[str, ...]:
        """Institutions having a factor of one of ``quadrants`` in this group."""
        wanted = {Quadrant(q) for q in quadrants}
        return tuple(dict.fromkeys(f.institution_id for f in self.factors if f.quadrant in wanted))

    def to_frame(self) -> pd.DataFrame:
        """``theme_id, label, institution_id, quadrant, text, category, importance, factor_id``."""
        return pd.DataFrame.from_records(
            [
                {
                    "theme_id": self.id,
                    "label": self.label,
                    "institution_id": f.institution_id,
                    "quadrant": f.quadrant.value,
                    "text": f.text,
                    "category": f.category,
                    "importance": f.importance,
                    "factor_id": f.id,
                }
                for f in self.factors
            ]
        )


def _theme_id(factor_ids: Iterable[str]) -> str:
    digest = hashlib.blake2b("\n".join(sorted(factor_ids)).encode(), digest_size=8)
    return f"theme-{digest.hexdigest()}"


def _linkage(
    matrix: npt.NDArray[np.float32], codes: npt.NDArray[Any], first: list[int], second: list[int]
) -> float:
    """Mean similarity of the cross-institution pairs between two groups (average linkage)."""
    block = matrix[np.ix_(first, second)]
    cross = codes[first][:, None] != codes[second][None, :]
    return float(block[cross].mean()) if cross.any() else 0.0


def _cross_mean(
    matrix: npt.NDArray[np.float32], inst: npt.NDArray[Any], members: list[int]
) -> float:
    idx = np.asarray(members)
    block = matrix[np.ix_(idx, idx)]
    cross = inst[idx][:, None] != inst[idx][None, :]
    return float(block[cross].mean()) if cross.any() else 0.0


def _group(
    factors: Sequence[Factor],
    members: list[int],
    matrix: npt.NDArray[np.float32],
    inst: npt.NDArray[Any],
    *,
    theme_id: str | None = None,
    label: str | None = None,
    confirmed: bool = False,
) -> ThemeGroup:
    members = sorted(members)
    idx = np.asarray(members)
    block = matrix[np.ix_(idx, idx)]
    centrality = (block.sum(axis=1) - np.diag(block)) / max(len(members) - 1, 1)

    def rank(k: int) -> tuple[float, int, int, int]:
        f = factors[members[k]]
        return (-float(centrality[k]), -f.importance, len(f.text), k)

    central = factors[members[min(range(len(members)), key=rank)]]
    chosen = tuple(factors[i] for i in members)
    return ThemeGroup(
        id=theme_id or _theme_id(f.id for f in chosen),
        label=label or central.text,
        factors=chosen,
        score=round(_cross_mean(matrix, inst, members), 1),
        confirmed=confirmed,
    )


def _threshold(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValidationError(
            "threshold", t("compare.expect.threshold"), value, t("compare.hint.threshold")
        )
    return float(value)


def shared_themes(
    factors: Iterable[Factor], *, threshold: float = DEFAULT_THRESHOLD
) -> list[ThemeGroup]:
    """Group factors of different institutions that say the same thing.

    Parameters
    ----------
    factors
        Factors of any number of institutions (e.g. ``ws.factors()``).
    threshold
        Similarity (0-100, Dice of stems; see the module notes) from which two factors count
        as the same theme. 40 suits paraphrases such as "Fundusze unijne na
        termomodernizację" / "Fundusze unijne na rewitalizację obiektów"; near-duplicates
        score 60-100.

    Returns
    -------
    list of ThemeGroup
        Groups with factors from at least two institutions, the most institutions first,
        then the most similar. Factors of one institution are never linked to each other.
    """
    cutoff = _threshold(threshold)
    items = list(factors)
    if len(items) < 2:
        return []
    matrix = similarity_matrix([f.text for f in items])
    inst = np.array([f.institution_id for f in items], dtype=object)
    codes = np.unique(inst, return_inverse=True)[1]
    same = codes[:, None] == codes[None, :]
    candidates = np.triu((matrix >= cutoff) & ~same, k=1)
    rows, cols = np.nonzero(candidates)
    order = np.lexsort((cols, rows, -matrix[rows, cols]))  # most similar first, stable
    parent = list(range(len(items)))
    groups: dict[int, list[int]] = {}
    refused: set[tuple[int, int, int, int]] = set()  # groups only grow: sizes name a state

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k in order:
        a, b = root(int(rows[k])), root(int(cols[k]))
        if a == b:
            continue
        first, second = groups.get(a, [a]), groups.get(b, [b])
        if len(first) + len(second) > 2:
            state = (a, b, len(first), len(second))
            if state in refused:
                continue
            if _linkage(matrix, codes, first, second) < cutoff:
                refused.add(state)  # average linkage: the groups are not alike enough
                continue
        parent[b] = a
        groups[a] = first + second
        groups.pop(b, None)
    out = [_group(items, members, matrix, inst) for members in groups.values()]
    out.sort(key=lambda g: (-len(g.institution_ids), -g.score, g.label.casefold()))
    return out


# --- cooperation candidates ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CooperationCandidate:
    """Joint work a shared theme suggests.

    ``kind``: ``"cooperation"`` (weaknesses or threats of several institutions),
    ``"opportunity"`` (an opportunity several institutions see) or ``"sharing"`` (a strength
    of ``providers`` matching a weakness of ``receivers``). ``weight`` is the summed
    importance of the factors behind it (for ordering).
    """

    kind: str
    theme: ThemeGroup
    institution_ids: tuple[str, ...]
    providers: tuple[str, ...] = ()
    receivers: tuple[str, ...] = ()
    weight: int = 0

    @property
    def label(self) -> str:
        return self.theme.label

    @property
    def kind_label(self) -> str:
        return t(f"compare.candidate.{self.kind}")


_KIND_ORDER = {"cooperation": 0, "opportunity": 1, "sharing": 2}


def cooperation_candidates(groups: Iterable[ThemeGroup]) -> list[CooperationCandidate]:
    """Candidate cooperation areas and sharing from shared themes.

    * weaknesses or threats (W/T) of two or more institutions → ``"cooperation"``;
    * opportunities of two or more institutions → ``"opportunity"`` (apply or act together);
    * a strength (S) of one institution and a weakness (W) of another → ``"sharing"``:
      ``providers`` have the strength, ``receivers`` the weakness (an institution with both
      counts as a provider only).

    One theme may give several candidates. Ordered by kind, then by ``weight`` (summed
    importance), heaviest first.
    """
    out: list[CooperationCandidate] = []
    for group in groups:

        def weight(*quadrants: Quadrant, group: ThemeGroup = group) -> int:
            return sum(f.importance for f in group.factors if f.quadrant in quadrants)

        problems = group.institutions_with(Quadrant.W, Quadrant.T)
        if len(problems) >= 2:
            out.append(
                CooperationCandidate(
                    "cooperation", group, problems, weight=weight(Quadrant.W, Quadrant.T)
                )
            )
        chances = group.institutions_with(Quadrant.O)
        if len(chances) >= 2:
            out.append(
                CooperationCandidate("opportunity", group, chances, weight=weight(Quadrant.O))
            )
        providers = group.institutions_with(Quadrant.S)
        receivers = tuple(i for i in group.institutions_with(Quadrant.W) if i not in providers)
        if providers and receivers:
            out.append(
                CooperationCandidate(
                    "sharing",
                    group,
                    tuple(dict.fromkeys(providers + receivers)),
                    providers,
                    receivers,
                    weight(Quadrant.S, Quadrant.W),
                )
            )
    out.sort(key=lambda c: (_KIND_ORDER[c.kind], -c.weight, c.theme.label.casefold()))
    return out


def cooperation_frame(
    candidates: Iterable[CooperationCandidate], institutions: Iterable[Institution] = ()
) -> pd.DataFrame:
    """Cooperation candidates as a table: ``kind, kind_label, theme, institutions, providers,
    receivers, weight`` (institutions named by ``institutions``' labels when given)."""
    names = {i.id: i.label for i in institutions}

    def named(ids: Iterable[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    columns = [
        "kind",
        "kind_label",
        "theme",
        "institutions",
        "providers",
        "receivers",
        "weight",
    ]
    records = [
        {
            "kind": c.kind,
            "kind_label": c.kind_label,
            "theme": c.label,
            "institutions": named(c.institution_ids),
            "providers": named(c.providers),
            "receivers": named(c.receivers),
            "weight": c.weight,
        }
        for c in candidates
    ]
    return pd.DataFrame.from_records(records, columns=columns)


# --- people's decisions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Stored:
    id: str
    label: str
    factor_ids: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "factor_ids": list(self.factor_ids)}


def _load_stored(ws: Workspace) -> list[_Stored]:
    return _parse_stored(ws.setting(THEMES_SETTING))


def _parse_stored(data: Any) -> list[_Stored]:
    if data is None:
        return []
    bad = ValidationError(
        THEMES_SETTING,
        t("compare.expect.themes_setting"),
        data,
        t("compare.hint.themes_setting"),
    )
    if not isinstance(data, Mapping) or data.get("format") != THEMES_FORMAT:
        raise bad
    themes = data.get("themes")
    if not isinstance(themes, list):
        raise bad
    out = []
    for item in themes:
        if not (
            isinstance(item, Mapping)
            and isinstance(item.get("id"), str)
            and isinstance(item.get("label"), str)
            and isinstance(item.get("factor_ids"), list)
            and all(isinstance(i, str) for i in item["factor_ids"])
        ):
            raise bad
        out.append(_Stored(item["id"], item["label"], tuple(item["factor_ids"])))
    return out


def _save_stored(ws: Workspace, themes: Sequence[_Stored], actor: str | None, before: Any) -> None:
    """Store the themes if nobody changed them since ``before`` was read (else ConflictError)."""
    value = {"format": THEMES_FORMAT, "version": 1, "themes": [s.to_dict() for s in themes]}
    ws.set_setting(THEMES_SETTING, value, expected=before, actor=actor)


_F = TypeVar("_F", bound=Callable[..., Any])


def _retried(function: _F) -> _F:
    """Run a theme change again on fresh data when another person's change landed first."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for _attempt in range(7):
            try:
                return function(*args, **kwargs)
            except ConflictError:
                continue
        return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _label(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 200:
        raise ValidationError("theme_label", t("expect.text", max=200), value, t("hint.fill"))
    return " ".join(value.split())


def _as_group(stored: _Stored, by_id: Mapping[str, Factor]) -> ThemeGroup | None:
    chosen = [by_id[i] for i in stored.factor_ids if i in by_id]  # deleted factors drop out
    if len({f.institution_id for f in chosen}) < 2:
        return None
    matrix = similarity_matrix([f.text for f in chosen])
    inst = np.array([f.institution_id for f in chosen], dtype=object)
    return _group(
        chosen,
        list(range(len(chosen))),
        matrix,
        inst,
        theme_id=stored.id,
        label=stored.label,
        confirmed=True,
    )


def _factor_ids(value: Any) -> list[str]:
    if isinstance(value, ThemeGroup):
        return list(value.factor_ids)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(
            "factor_ids", t("compare.expect.theme_factors"), value, t("compare.hint.theme_factors")
        )
    ids = [f.id if isinstance(f, Factor) else f for f in value]
    if not all(isinstance(i, str) for i in ids):
        raise ValidationError("factor_ids", t("compare.expect.theme_factors"), ids)
    return list(dict.fromkeys(ids))


def _checked_factors(ws: Workspace, ids: Sequence[str]) -> list[Factor]:
    factors = [ws.get(Factor, i) for i in ids]
    if len(factors) < 2 or len({f.institution_id for f in factors}) < 2:
        raise ValidationError(
            "factor_ids",
            t("compare.expect.theme_factors"),
            [f.text for f in factors],
            t("compare.hint.theme_factors"),
        )
    return factors


def confirmed_themes(ws: Workspace) -> list[ThemeGroup]:
    """The themes people confirmed, in the order they were confirmed.

    Deleted factors drop out; a theme left with factors of only one institution is not
    returned (it stays stored, so restoring the factor from history restores the theme).
    """
    by_id = {f.id: f for f in ws.factors()}
    out = []
    for stored in _load_stored(ws):
        group = _as_group(stored, by_id)
        if group is not None:
            out.append(group)
    return out


def _find(stored: Sequence[_Stored], theme_id: str) -> _Stored:
    for s in stored:
        if s.id == theme_id:
            return s
    raise NotFoundError("theme", str(theme_id))


@_retried
def confirm_theme(
    ws: Workspace,
    factors: ThemeGroup | Iterable[str | Factor],
    *,
    label: str | None = None,
    actor: str | None = None,
) -> ThemeGroup:
    """Confirm a suggested group (or any factors of two or more institutions) as a theme.

    ``label`` defaults to the group's label (or the most central factor's text). A factor may
    belong to only one confirmed theme: confirming it again in another raises a
    ValidationError saying which theme holds it. Confirming the same factors again only
    renames the theme.
    """
    ids = _factor_ids(factors)
    chosen = _checked_factors(ws, ids)
    before = ws.setting(THEMES_SETTING)
    stored = _parse_stored(before)
    default = factors.label if isinstance(factors, ThemeGroup) else None
    same = next((s for s in stored if set(s.factor_ids) == set(ids)), None)
    if same is None:
        for s in stored:
            taken = next((f for f in chosen if f.id in s.factor_ids), None)
            if taken is not None:
                raise ValidationError(
                    "factor_ids",
                    t("compare.expect.theme_free"),
                    taken.text,
                    t("compare.hint.theme_free", factor=taken.text, theme=s.label),
                )
    matrix = similarity_matrix([f.text for f in chosen])
    inst = np.array([f.institution_id for f in chosen], dtype=object)
    suggested = _group(chosen, list(range(len(chosen))), matrix, inst)
    text = _label(label if label is not None else (default or suggested.label))
    if same is not None:
        record = _Stored(same.id, text, same.factor_ids)
        stored = [record if s.id == same.id else s for s in stored]
    else:
        record = _Stored(_theme_id(ids), text, tuple(ids))
        stored.append(record)
    _save_stored(ws, stored, actor, before)
    group = _as_group(record, {f.id: f for f in chosen})
    assert group is not None  # checked above: two institutions
    return group


@_retried
def split_theme(
    ws: Workspace,
    theme_id: str,
    factor_ids: Iterable[str | Factor],
    *,
    label: str | None = None,
    actor: str | None = None,
) -> list[ThemeGroup]:
    """Move ``factor_ids`` out of a confirmed theme into a new one.

    Both parts are kept while each still joins two or more institutions; a part left with
    one institution's factors only is no longer a shared theme and is dropped (its factors
    become free for suggestions again). Returns the parts kept: the old theme (same id and
    label), then the new one (``label``, or its most central factor's text).
    """
    before = ws.setting(THEMES_SETTING)
    stored = _parse_stored(before)
    old = _find(stored, theme_id)
    moving = _factor_ids(factor_ids)
    if not moving or len(moving) >= len(old.factor_ids) or not set(moving) <= set(old.factor_ids):
        raise ValidationError(
            "factor_ids", t("compare.expect.theme_part"), moving, t("compare.hint.theme_part")
        )
    by_id = {f.id: f for f in ws.factors()}
    staying = tuple(i for i in old.factor_ids if i not in moving)
    parts: list[_Stored] = []
    kept = _Stored(old.id, old.label, staying)
    if _as_group(kept, by_id) is not None:
        parts.append(kept)
    new_factors = [by_id[i] for i in moving if i in by_id]
    if len({f.institution_id for f in new_factors}) >= 2:
        matrix = similarity_matrix([f.text for f in new_factors])
        inst = np.array([f.institution_id for f in new_factors], dtype=object)
        suggested = _group(new_factors, list(range(len(new_factors))), matrix, inst)
        text = _label(label) if label is not None else suggested.label
        parts.append(_Stored(_theme_id(moving), text, tuple(moving)))
    index = stored.index(old)
    stored[index : index + 1] = parts
    _save_stored(ws, stored, actor, before)
    return [g for g in (_as_group(p, by_id) for p in parts) if g is not None]


@_retried
def merge_themes(
    ws: Workspace,
    theme_ids: Iterable[str],
    *,
    label: str | None = None,
    actor: str | None = None,
) -> ThemeGroup:
    """Merge confirmed themes into one, in place of the first (its label unless ``label``)."""
    if isinstance(theme_ids, str) or not isinstance(theme_ids, Iterable):
        raise ValidationError(
            "theme_ids", t("compare.expect.theme_ids"), theme_ids, t("compare.hint.theme_ids")
        )
    ids = list(dict.fromkeys(theme_ids))
    if len(ids) < 2:
        raise ValidationError(
            "theme_ids", t("compare.expect.theme_ids"), ids, t("compare.hint.theme_ids")
        )
    before = ws.setting(THEMES_SETTING)
    stored = _parse_stored(before)
    chosen = [_find(stored, i) for i in ids]
    factor_ids = tuple(dict.fromkeys(f for s in chosen for f in s.factor_ids))
    text = _label(label) if label is not None else chosen[0].label
    merged = _Stored(chosen[0].id, text, factor_ids)
    out: list[_Stored] = []
    for s in stored:
        if s.id == chosen[0].id:
            out.append(merged)
        elif s.id not in ids:
            out.append(s)
    _save_stored(ws, out, actor, before)
    group = _as_group(merged, {f.id: f for f in ws.factors()})
    if group is None:  # every factor of one side was deleted meanwhile
        raise ValidationError(
            "theme_ids", t("compare.expect.theme_factors"), ids, t("compare.hint.theme_factors")
        )
    return group


@_retried
def remove_theme(ws: Workspace, theme_id: str, *, actor: str | None = None) -> None:
    """Withdraw a confirmation; its factors become free for suggestions again."""
    before = ws.setting(THEMES_SETTING)
    stored = _parse_stored(before)
    _find(stored, theme_id)
    _save_stored(ws, [s for s in stored if s.id != theme_id], actor, before)


def workspace_themes(
    ws: Workspace,
    institution_ids: Sequence[str] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[ThemeGroup]:
    """Confirmed themes first, then suggestions from the factors no confirmed theme holds.

    With ``institution_ids``, only factors of those institutions are considered (confirmed
    themes are narrowed to them, and kept while they still join two of them).
    """
    chosen = {i.id for i in _institutions(ws, institution_ids)}
    by_id = {f.id: f for f in ws.factors() if f.institution_id in chosen}
    confirmed = []
    for stored in _load_stored(ws):
        group = _as_group(stored, by_id)
        if group is not None:
            confirmed.append(group)
    taken = {i for g in confirmed for i in g.factor_ids}
    free = [f for f in by_id.values() if f.id not in taken]
    return confirmed + shared_themes(free, threshold=threshold)


# =========================================================================== cooperation plan

register(
    {
        "field.responsible_institution": {
            "pl": "instytucja odpowiedzialna",
            "en": "responsible institution",
        },
        "field.cooperating_institutions": {
            "pl": "instytucje współpracujące",
            "en": "cooperating institutions",
        },
        "field.joint_goal": {"pl": "wspólny cel", "en": "joint goal"},
        "compare.expect.responsible": {
            "pl": "identyfikatora jednej instytucji z przestrzeni roboczej",
            "en": "the id of one institution of the workspace",
        },
        "compare.expect.cooperating": {
            "pl": "listy innych instytucji niż odpowiedzialna, bez powtórzeń",
            "en": "a list of institutions other than the responsible one, without repeats",
        },
        "compare.hint.cooperating": {
            "pl": "Instytucja odpowiedzialna nie może być jednocześnie współpracującą.",
            "en": "The responsible institution cannot also be a cooperating one.",
        },
        "compare.expect.joint_goal": {
            "pl": "celu wspólnego planu (istniejącego) albo nazwy nowego celu — jednego z nich",
            "en": "a goal of the joint plan (existing) or the title of a new one: one of them",
        },
        "compare.hint.joint_goal": {
            "pl": "Wybierz wspólny cel z listy albo wpisz nazwę nowego.",
            "en": "Pick a joint goal from the list or type the title of a new one.",
        },
        "compare.not_joint_goal": {
            "pl": "celu wspólnego planu (bez instytucji)",
            "en": "a goal of the joint plan (no institution)",
        },
    }
)


def joint_goals(ws: Workspace) -> list[Goal]:
    """The goals of the joint (cooperation) plan: those of no institution, by number."""
    return sorted((g for g in ws.objects(Goal) if g.institution_id is None), key=lambda g: g.number)


def add_joint_task(
    ws: Workspace,
    title: str,
    *,
    responsible: str,
    cooperating: Sequence[str] = (),
    goal_id: str | None = None,
    goal_title: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    actor: str | None = None,
) -> Task:
    """Add a task of the joint plan (goals with ``institution_id=None``), with its goal if new.

    The task is an ordinary :class:`~swot.model.Task`, so it is checked, monitored and
    exported (:func:`swot.plan_io.export_plan` with ``institution_id=None``) in the same table
    layout as each institution's plan. Exactly one of ``goal_id`` (an existing joint goal) and
    ``goal_title`` (a new joint goal, numbered after the last) must be given; goal and task are
    written in one transaction.

    Parameters
    ----------
    responsible
        Id of the one institution responsible; stored under its full name, as plan tables
        name entities.
    cooperating
        Ids of the cooperating institutions (not the responsible one, no repeats).
    """
    institutions = {i.id: i for i in ws.institutions()}
    if not isinstance(responsible, str) or responsible not in institutions:
        raise ValidationError(
            "responsible_institution", t("compare.expect.responsible"), responsible, t("hint.pick")
        )
    if isinstance(cooperating, str) or not isinstance(cooperating, Iterable):
        raise ValidationError(
            "cooperating_institutions", t("compare.expect.cooperating"), cooperating
        )
    partners = list(cooperating)
    if (
        len(set(partners)) != len(partners)
        or responsible in partners
        or not all(isinstance(p, str) and p in institutions for p in partners)
    ):
        raise ValidationError(
            "cooperating_institutions",
            t("compare.expect.cooperating"),
            partners,
            t("compare.hint.cooperating"),
        )
    new_goal = goal_title is not None and bool(str(goal_title).strip())
    if (goal_id is not None) == new_goal:  # neither, or both
        raise ValidationError(
            "joint_goal",
            t("compare.expect.joint_goal"),
            goal_id or goal_title,
            t("compare.hint.joint_goal"),
        )
    existing = joint_goals(ws)
    adds: list[Goal | Task] = []
    if goal_id is not None:
        goal = ws.get(Goal, goal_id)
        if goal.institution_id is not None:
            raise ValidationError("joint_goal", t("compare.not_joint_goal"), goal.title)
        number = max((task.number for task in ws.objects(Task, parent=goal.id)), default=0) + 1
    else:
        goal = Goal(
            institution_id=None,
            number=max((g.number for g in existing), default=0) + 1,
            title=str(goal_title),
        )
        adds.append(goal)
        number = 1
    task = Task(
        goal_id=goal.id,
        number=number,
        title=title,
        responsible=institutions[responsible].name,
        cooperating=tuple(institutions[p].name for p in partners),
        start_year=start_year,
        end_year=end_year,
    )
    adds.append(task)
    saved = ws.add_many(adds, actor=actor)
    added = saved[-1]
    assert isinstance(added, Task)
    return added
