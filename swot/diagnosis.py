"""Needs diagnosis: the numbers behind the findings, computed from the canonical dataset.

Every function here is pure: it takes the canonical ``responses`` (one row per respondent,
see :mod:`swot.survey.codebook`), the :class:`~swot.survey.codebook.Codebook` and, where it
makes sense, the street-poll ``tallies``, and returns a DataFrame or a frozen dataclass.
Charts and reports render these results; they never recompute them.

Rules applied throughout
------------------------
* **Missing answers (NA)** are left out of every base.
* **"Don't know"** answers (``Variable.dont_know``) are counted and shown, but left out of the
  base of the scale or options: a share is "of those who gave an answer on the scale". The
  share of "don't know" itself is given out of everyone who answered the question.
* **Multiple choice**: the base is the respondents who answered the question (at least one
  option column not NA); options are not exclusive, so shares need not sum to 1.
* **Street-poll tallies** have no individual respondents. They are merged only into counts
  (:func:`frequencies`, :func:`compare_channels` as their own channel, :func:`unmet_needs`),
  never into cross-tabulations, Likert summaries or weighting. For a multiple-choice question
  the number of people asked at one place and date is taken from the single-choice tallies of
  the same session (the largest total, e.g. of the age question).
* **Confidence intervals** are 95% Wilson intervals for shares and normal intervals for means;
  with weights, the Kish effective sample size replaces n.

Examples
--------
>>> from swot.diagnosis import wilson_interval
>>> [round(x, 4) for x in wilson_interval(50, 100)]
[0.4038, 0.5962]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from swot.errors import ValidationError
from swot.i18n import register, t
from swot.model import Institution
from swot.survey.codebook import Codebook, Variable, VarType, fold

__all__ = [
    "DEFAULT_CODES",
    "OTHER_CODE",
    "PARTICIPANT_OPTIONS",
    "QUADRANTS",
    "CodedAnswers",
    "CrossTab",
    "RakeResult",
    "aspect_labels",
    "code_open_answers",
    "compare_channels",
    "crosstab",
    "effective_sample_size",
    "frequencies",
    "group_frequencies",
    "importance_performance",
    "likert_summary",
    "rake",
    "unmet_needs",
    "wilson_interval",
    "wilson_intervals",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

CHANNEL_ORDER = ("online", "paper", "event", "street", "in_person")
"""Order in which channels are listed; unknown channels follow alphabetically."""

PARTICIPANT_OPTIONS = ("Tak, regularnie", "Tak, okazjonalnie")
"""Answers to ``participation_<institution>`` that make a respondent part of its audience."""

QUADRANTS = ("concentrate", "keep_up", "low_priority", "overkill")
"""Importance–performance quadrants; labels are ``t("diag.quadrant.<id>")``."""

OTHER_CODE = "inne"
"""Code given to an open answer that matches no other code."""

NEEDS_VARIABLE = "needs"
BARRIERS_VARIABLE = "barriers"
DISTRICT_VARIABLE = "district"

register(
    {
        "diag.expect.group": {
            "pl": "nazwy pytania tabelarycznego z książki kodów",
            "en": "the name of a grid question in the codebook",
        },
        "diag.quadrant.concentrate": {"pl": "Skup się tutaj", "en": "Concentrate here"},
        "diag.quadrant.keep_up": {"pl": "Tak trzymaj", "en": "Keep up the good work"},
        "diag.quadrant.low_priority": {"pl": "Niski priorytet", "en": "Low priority"},
        "diag.quadrant.overkill": {"pl": "Możliwy nadmiar", "en": "Possible overkill"},
        "diag.note.responses_only": {
            "pl": "Liczebności z ankiet ({n_responses} osób); sonda uliczna nie jest uwzględniona.",
            "en": "Counts from questionnaires ({n_responses} people); the street poll is not "
            "included.",
        },
        "diag.note.with_tallies": {
            "pl": "Liczebności obejmują ankiety ({n_responses} osób) i sondę uliczną "
            "({n_tallies} osób).",
            "en": "Counts include questionnaires ({n_responses} people) and the street poll "
            "({n_tallies} people).",
        },
        "diag.note.dont_know": {
            "pl": "Odpowiedzi „nie wiem” pokazano osobno i nie wliczono ich do podstawy procentów.",
            "en": "'Don't know' answers are shown apart and not counted in the base of the "
            "percentages.",
        },
        "diag.note.weighted": {
            "pl": "Wyniki ważone; efektywna liczebność próby: {effective_n}.",
            "en": "Weighted results; effective sample size: {effective_n}.",
        },
        "diag.note.crosstab": {
            "pl": "Ukryte komórki: {total} (liczebność od 1 do {max_small}: {primary}; ukryte "
            "dodatkowo, by nie dało się ich odtworzyć z sum: {secondary}). Sonda uliczna nie jest "
            "uwzględniona: to zliczenia bez odpowiedzi poszczególnych osób, więc nie da się ich "
            "krzyżować z innymi pytaniami.",
            "en": "Hidden cells: {total} (counts from 1 to {max_small}: {primary}; hidden as well "
            "so that they cannot be recovered from the totals: {secondary}). The street poll is "
            "not included: its tallies have no individual respondents, so they cannot be "
            "cross-tabulated with other questions.",
        },
        "diag.note.ipa": {
            "pl": "Progi ćwiartek to średnie ze wszystkich obszarów: ważność {importance}, "
            "ocena {performance}. Odpowiedzi „nie wiem” pominięto.",
            "en": "Quadrant thresholds are the means over all aspects: importance {importance}, "
            "performance {performance}. 'Don't know' answers are left out.",
        },
        "diag.note.channels": {
            "pl": "Każdy kanał porównano z pozostałymi razem (test dwóch proporcji, poprawka "
            "Holma dla wielu odpowiedzi); różnicę zaznaczono, gdy skorygowane p < {alpha}.",
            "en": "Each channel is compared with all the others together (two-proportion test, "
            "Holm correction over the options); a difference is flagged when adjusted "
            "p < {alpha}.",
        },
        "diag.note.audience": {
            "pl": "Odbiorcy ośrodka {institution}: {n} osób, które w ostatnich 12 miesiącach "
            "brały udział w jego zajęciach (regularnie lub okazjonalnie).",
            "en": "Audience of {institution}: {n} people who took part in its activities in the "
            "last 12 months (regularly or occasionally).",
        },
        "diag.note.audience_district": {
            "pl": "Odbiorcy ośrodka {institution}: {n} osób, które w ostatnich 12 miesiącach "
            "brały udział w jego zajęciach (regularnie lub okazjonalnie) albo mieszkają w części "
            "miasta {district}.",
            "en": "Audience of {institution}: {n} people who took part in its activities in the "
            "last 12 months (regularly or occasionally) or live in {district}.",
        },
        "diag.note.unmet_tallies": {
            "pl": "Doliczono sondę uliczną ({n_tallies} osób) dla pytań: {variables}. Obejmuje ona "
            "wszystkich zapytanych przechodniów, nie tylko odbiorców ośrodka.",
            "en": "The street poll ({n_tallies} people) is added for: {variables}. It covers "
            "every passer-by asked, not only the centre's audience.",
        },
        "diag.note.unmet_no_tallies": {
            "pl": "Sonda uliczna nie jest uwzględniona (nie podano jej albo nie zawiera tych "
            "pytań).",
            "en": "The street poll is not included (not given, or it does not ask these "
            "questions).",
        },
        "diag.expect.variable": {
            "pl": "nazwy zmiennej z kwestionariusza",
            "en": "a variable name from the codebook",
        },
        "diag.expect.countable": {
            "pl": "pytania jednokrotnego lub wielokrotnego wyboru albo ze skalą",
            "en": "a single-choice, multiple-choice or scale question",
        },
        "diag.expect.categorical": {
            "pl": "pytania jednokrotnego wyboru, ze skalą, metryczkowego albo kanału (channel)",
            "en": "a single-choice, scale or demographic question, or the channel",
        },
        "diag.expect.likert": {
            "pl": "pytania ze skalą (likert)",
            "en": "a scale (Likert) question",
        },
        "diag.expect.same_scale": {
            "pl": "pytań z tą samą skalą odpowiedzi",
            "en": "questions with the same answer scale",
        },
        "diag.expect.column": {
            "pl": "kolumny obecnej w danych",
            "en": "a column present in the data",
        },
        "diag.expect.known_answer": {
            "pl": "odpowiedzi z listy: {choices}",
            "en": "an answer from the list: {choices}",
        },
        "diag.expect.probability": {
            "pl": "liczby większej od 0 i mniejszej od 1",
            "en": "a number greater than 0 and less than 1",
        },
        "diag.expect.successes": {
            "pl": "liczby od 0 do n (n nie mniejsze od 0)",
            "en": "a number from 0 to n (n not below 0)",
        },
        "diag.expect.weights": {
            "pl": "nieujemnych wag, po jednej dla każdego respondenta",
            "en": "non-negative weights, one for each respondent",
        },
        "diag.expect.no_weights_with_tallies": {
            "pl": "wag albo sondy ulicznej (nie obu naraz: sonda nie ma osób, którym można "
            "nadać wagi)",
            "en": "weights or street-poll tallies (not both: tallies have no respondents to "
            "weight)",
        },
        "diag.expect.by_with_tallies": {
            "pl": "podziału według kanału (channel), bo sonda uliczna nie ma danych o osobach",
            "en": "a split by channel, because the street poll has no data on persons",
        },
        "diag.expect.tally_columns": {
            "pl": "tabeli zliczeń z kolumnami {columns}",
            "en": "a tally table with the columns {columns}",
        },
        "diag.expect.tally_counts": {
            "pl": "nieujemnych liczb całkowitych",
            "en": "non-negative whole numbers",
        },
        "diag.expect.tally_base": {
            "pl": "zliczeń pytania jednokrotnego wyboru (np. wieku) z tego samego miejsca i dnia, "
            "by znać liczbę zapytanych osób",
            "en": "tallies of a single-choice question (e.g. age) from the same place and date, "
            "to know how many people were asked",
        },
        "diag.expect.margins": {
            "pl": "słownika: zmienna → (kategoria → udział w populacji)",
            "en": "a mapping: variable → (category → population share)",
        },
        "diag.expect.margins_sum": {
            "pl": "nieujemnych udziałów sumujących się do 1 (±0,000001)",
            "en": "non-negative shares summing to 1 (±0.000001)",
        },
        "diag.expect.margins_cover": {
            "pl": "udziału dla każdej kategorii obecnej w danych (brak: {category})",
            "en": "a share for every category present in the data (missing: {category})",
        },
        "diag.expect.margins_positive": {
            "pl": "udziału większego od 0 dla kategorii {category}, bo są w niej respondenci",
            "en": "a share above 0 for {category}, because it has respondents",
        },
        "diag.expect.margins_reachable": {
            "pl": "respondentów w kategorii {category}, której udział jest większy od 0",
            "en": "respondents in {category}, whose share is above 0",
        },
        "diag.hint.margins": {
            "pl": "Podaj udziały w populacji dla wszystkich kategorii (np. z danych GUS) albo "
            "połącz nieliczne kategorie.",
            "en": "Give population shares for every category (e.g. from census data) or merge "
            "sparse categories.",
        },
        "diag.expect.codes": {
            "pl": "słownika kodów: nazwa → niepusta lista fraz (nazwa „{other}” jest "
            "zarezerwowana)",
            "en": "a code dictionary: name → non-empty list of phrases (the name '{other}' is "
            "reserved)",
        },
        "diag.hint.codes": {
            "pl": "Każdemu kodowi przypisz co najmniej jedną frazę, np. „godzin”.",
            "en": "Give every code at least one phrase, e.g. 'godzin'.",
        },
        "diag.expect.code": {
            "pl": "kodu z listy: {choices}",
            "en": "a code from the list: {choices}",
        },
        "diag.expect.ipa_pairs": {
            "pl": "par zmiennych importance_<obszar> i rating_{institution}_<obszar>",
            "en": "pairs of variables importance_<aspect> and rating_{institution}_<aspect>",
        },
        "diag.expect.channels": {
            "pl": "co najmniej dwóch kanałów z odpowiedziami",
            "en": "at least two channels with answers",
        },
        "diag.expect.audience": {
            "pl": "zmiennej participation_{institution} albo części miasta, w której działa "
            "ośrodek",
            "en": "a variable participation_{institution} or the district of the centre",
        },
        "diag.expect.min_cell": {
            "pl": "liczby całkowitej nie mniejszej od 1",
            "en": "a whole number of at least 1",
        },
        "diag.expect.max_iter": {
            "pl": "liczby całkowitej nie mniejszej od 1 i tolerancji większej od 0",
            "en": "a whole number of at least 1 and a tolerance above 0",
        },
    }
)


# =========================================================================== intervals


def _z(confidence: float) -> float:
    if not isinstance(confidence, int | float) or not 0 < confidence < 1:
        raise ValidationError("confidence", t("diag.expect.probability"), confidence)
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_intervals(
    successes: npt.ArrayLike, n: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Vectorised Wilson score interval for proportions ``successes / n``.

    Successes and n may be non-integer (weighted shares with an effective n). The bounds are
    exact at the edges (0 for no successes, 1 for all), always within [0, 1] and always
    contain the observed share; where ``n == 0`` they are NaN.

    Examples
    --------
    >>> low, high = wilson_intervals([0, 50], [10, 100])
    >>> [round(float(x), 4) for x in low], [round(float(x), 4) for x in high]
    ([0.0, 0.4038], [0.2775, 0.5962])
    """
    z = _z(confidence)
    x, m = np.broadcast_arrays(np.asarray(successes, dtype=float), np.asarray(n, dtype=float))
    x = np.atleast_1d(x).astype(float)
    m = np.atleast_1d(m).astype(float)
    if np.any(~np.isfinite(x) | ~np.isfinite(m)) or np.any(m < 0):
        raise ValidationError("n", t("diag.expect.successes"), np.asarray(n).tolist())
    if np.any(x < -1e-9) or np.any(x > m + 1e-9 * np.maximum(m, 1)):
        raise ValidationError("successes", t("diag.expect.successes"), np.asarray(successes))
    empty = m <= 0
    safe_m = np.where(empty, 1.0, m)
    p = np.clip(x / safe_m, 0.0, 1.0)
    z2 = z * z
    denominator = 1 + z2 / safe_m
    centre = (p + z2 / (2 * safe_m)) / denominator
    spread = np.maximum(p * (1 - p) / safe_m + z2 / (4 * safe_m * safe_m), 0.0)
    half = z * np.sqrt(spread) / denominator
    low = np.minimum(np.clip(centre - half, 0.0, 1.0), p)
    high = np.maximum(np.clip(centre + half, 0.0, 1.0), p)
    low = np.where(p <= 0, 0.0, low)
    high = np.where(p >= 1, 1.0, high)
    low = np.where(empty, np.nan, low)
    high = np.where(empty, np.nan, high)
    return low.astype(np.float64), high.astype(np.float64)


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for one proportion; ``(nan, nan)`` when ``n == 0``.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(0, 10)]
    [0.0, 0.2775]
    """
    low, high = wilson_intervals([successes], [n], confidence)
    return float(low[0]), float(high[0])


def effective_sample_size(weights: npt.ArrayLike) -> float:
    """Kish effective sample size ``(Σw)² / Σw²`` (0 for no weights).

    >>> effective_sample_size([1, 1, 1, 1])
    4.0
    >>> round(effective_sample_size([0.5, 1.5]), 3)
    1.6
    """
    w = np.asarray(weights, dtype=float)
    squares = float(np.sum(w * w))
    return float(np.sum(w)) ** 2 / squares if squares > 0 else 0.0


def _mean_interval(scores: FloatArray, z: float) -> tuple[float, float, float]:
    n = scores.size
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(np.mean(scores))
    if n < 2:
        return mean, math.nan, math.nan
    half = z * float(np.std(scores, ddof=1)) / math.sqrt(n)
    return mean, mean - half, mean + half


# =========================================================================== counting core


def _variable(codebook: Codebook, name: str) -> Variable:
    if name not in codebook:
        raise ValidationError(
            "variable",
            t("diag.expect.variable"),
            name,
            t(
                "expect.choice",
                choices=", ".join(codebook.names[:12]) + (" …" if len(codebook) > 12 else ""),
            ),
        )
    return codebook[name]


def _require_countable(var: Variable) -> None:
    if not (var.type.categorical or var.type is VarType.MULTIPLE):
        raise ValidationError(var.name, t("diag.expect.countable"), var.type.value)


def _codes(values: pd.Series, labels: Sequence[str], field_name: str) -> IntArray:
    """Position of each value in ``labels`` (-1 for NA); unknown values are an error."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        # The usual case (imported answers): look up the few categories, then take by code.
        raw = values.cat.codes.to_numpy()
        used = np.bincount(raw[raw >= 0], minlength=len(values.cat.categories)) > 0
        categories = pd.Series(values.cat.categories[used], dtype=object)
        where = np.full(len(used), -1, dtype=np.intp)
        where[used] = _codes(categories, labels, field_name)  # an unknown answer raises here
        return np.append(where, -1)[raw]  # code -1 (NA) stays -1
    objects = values.astype(object)
    present = objects.notna().to_numpy(dtype=bool)
    codes = np.asarray(
        pd.Index(list(labels), dtype=object).get_indexer(
            pd.Index(objects.to_numpy(), dtype=object)
        ),
        dtype=np.intp,
    )
    unknown = present & (codes < 0)
    if unknown.any():
        bad = str(objects.to_numpy()[unknown][0])
        raise ValidationError(
            field_name,
            t("diag.expect.known_answer", choices=", ".join(labels)),
            bad,
            t("hint.pick"),
        )
    return codes


def _column(responses: pd.DataFrame, name: str) -> pd.Series:
    if name not in responses.columns:
        raise ValidationError(name, t("diag.expect.column"), name)
    return responses[name]


@dataclass(frozen=True)
class _Counts:
    """Counts of one question in one group: options (then "don't know") in codebook order."""

    labels: tuple[str, ...]
    dont_know: tuple[bool, ...]
    counts: FloatArray
    base: float  # valid answers (no DK); multiple choice: respondents who answered
    answered: float  # valid + DK
    effective_base: float
    effective_answered: float
    n: int  # respondents (unweighted) who answered, DK included

    @staticmethod
    def empty(var: Variable) -> _Counts:
        labels = var.categories if var.type.categorical else var.options
        return _Counts(
            labels,
            tuple(i >= len(var.options) for i in range(len(labels))),
            np.zeros(len(labels)),
            0.0,
            0.0,
            0.0,
            0.0,
            0,
        )

    def plus(self, other: _Counts) -> _Counts:
        return _Counts(
            self.labels,
            self.dont_know,
            self.counts + other.counts,
            self.base + other.base,
            self.answered + other.answered,
            self.effective_base + other.effective_base,
            self.effective_answered + other.effective_answered,
            self.n + other.n,
        )


def _count(frame: pd.DataFrame, var: Variable, weights: FloatArray | None) -> _Counts:
    if weights is None:  # counting, not weighing: whole numbers, the same floats
        return _count_unweighted(frame, var)
    w = weights
    if var.type is VarType.MULTIPLE:
        columns = list(var.columns)
        for column in columns:
            _column(frame, column)
        block = frame[columns]
        answered = block.notna().any(axis=1).to_numpy(dtype=bool)
        chosen = block.to_numpy(dtype=bool, na_value=False) & answered[:, None]
        counts = (chosen * w[:, None]).sum(axis=0).astype(np.float64)
        base_w = w[answered]
        k = len(var.options)
        return _Counts(
            var.options,
            (False,) * k,
            counts,
            float(base_w.sum()),
            float(base_w.sum()),
            effective_sample_size(base_w),
            effective_sample_size(base_w),
            int(answered.sum()),
        )
    labels = var.categories
    codes = _codes(_column(frame, var.name), labels, var.name)
    given = codes >= 0
    counts = np.bincount(codes[given], weights=w[given], minlength=len(labels)).astype(np.float64)
    valid = given & (codes < len(var.options))
    return _Counts(
        labels,
        tuple(i >= len(var.options) for i in range(len(labels))),
        counts,
        float(w[valid].sum()),
        float(w[given].sum()),
        effective_sample_size(w[valid]),
        effective_sample_size(w[given]),
        int(given.sum()),
    )


def _count_unweighted(frame: pd.DataFrame, var: Variable) -> _Counts:
    """:func:`_count` with every weight 1, without the arrays of ones (a million rows)."""
    if var.type is VarType.MULTIPLE:
        answered = np.zeros(len(frame), dtype=bool)
        chosen = []
        for column in var.columns:
            values = _column(frame, column)
            answered |= values.notna().to_numpy(dtype=bool)
            chosen.append(values.to_numpy(dtype=bool, na_value=False))
        n = int(np.count_nonzero(answered))
        k = len(var.options)
        counts = np.array([np.count_nonzero(c & answered) for c in chosen], dtype=np.float64)
        return _Counts(var.options, (False,) * k, counts, float(n), float(n), _kish(n), _kish(n), n)
    labels = var.categories
    values = _column(frame, var.name)
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Count the codes of the categories, then add them up by label: no code per row.
        raw = values.cat.codes.to_numpy()
        categories = values.cat.categories
        per_category = np.bincount(np.add(raw, 1, dtype=np.intp), minlength=len(categories) + 1)
        used = per_category[1:] > 0
        where = np.full(len(categories), -1, dtype=np.intp)
        where[used] = _codes(pd.Series(categories[used], dtype=object), labels, var.name)
        per_label = np.bincount(where[used], weights=per_category[1:][used], minlength=len(labels))
        per_label = per_label.astype(np.int64)
    else:
        codes = _codes(values, labels, var.name)
        per_label = np.bincount(codes + 1, minlength=len(labels) + 1)[1:]  # code -1 (NA) first
    valid = int(per_label[: len(var.options)].sum())
    given = int(per_label.sum())
    return _Counts(
        labels,
        tuple(i >= len(var.options) for i in range(len(labels))),
        per_label.astype(np.float64),
        float(valid),
        float(given),
        _kish(valid),
        _kish(given),
        given,
    )


def _kish(n: int) -> float:
    """:func:`effective_sample_size` of ``n`` weights of 1, computed the same way."""
    return float(n) ** 2 / float(n) if n > 0 else 0.0


def _weights(responses: pd.DataFrame, weights: pd.Series | None) -> FloatArray | None:
    if weights is None:
        return None
    aligned = pd.to_numeric(weights.reindex(responses.index), errors="coerce")
    values = aligned.to_numpy(dtype=float, na_value=np.nan)
    if np.any(~np.isfinite(values)) or np.any(values < 0):
        raise ValidationError("weights", t("diag.expect.weights"), weights.head(3).tolist())
    return values.astype(np.float64)


# --------------------------------------------------------------------------- tallies

_TALLY_NEEDED = ("variable", "option", "count")


def _check_tallies(tallies: pd.DataFrame) -> None:
    missing = [c for c in _TALLY_NEEDED if c not in tallies.columns]
    if missing:
        raise ValidationError(
            "tallies",
            t("diag.expect.tally_columns", columns=", ".join(_TALLY_NEEDED)),
            list(tallies.columns),
        )
    counts = pd.to_numeric(tallies["count"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if np.any(~np.isfinite(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValidationError("count", t("diag.expect.tally_counts"), tallies["count"].tolist()[:5])


def _tally_rows(tallies: pd.DataFrame | None, var: Variable) -> pd.DataFrame | None:
    """The tally rows of one variable, or ``None`` when there are none."""
    if tallies is None:
        return None
    _check_tallies(tallies)
    rows = tallies[tallies["variable"].astype(object) == var.name]
    return rows if len(rows) else None


def _session_keys(frame: pd.DataFrame) -> pd.Series:
    """One key per street-poll session (place and date); tallies without them are one session."""
    parts = [
        frame[c].astype("string").fillna("") for c in ("channel", "place", "date") if c in frame
    ]
    if not parts:
        return pd.Series(["" for _ in range(len(frame))], index=frame.index, dtype="string")
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _people_asked(
    tallies: pd.DataFrame, rows: pd.DataFrame, codebook: Codebook, var: Variable
) -> float:
    """People asked a multiple-choice question: per session, the largest single-choice total."""
    names = tallies["variable"].astype(object)
    single = [
        n for n in names.dropna().unique() if n in codebook and codebook[str(n)].type.categorical
    ]
    others = tallies[names.isin(single)]
    other_keys = _session_keys(others)
    sums = (
        pd.to_numeric(others["count"])
        .groupby([other_keys, others["variable"].astype(object)], sort=False)
        .sum()
    )
    per_session = sums.groupby(level=0, sort=False).max()
    total = 0.0
    for key in _session_keys(rows).unique():
        if key not in per_session.index:
            raise ValidationError(
                var.name, t("diag.expect.tally_base"), str(key).replace("\x1f", " ")
            )
        total += float(per_session[key])
    return total


def _count_tallies(
    rows: pd.DataFrame, tallies: pd.DataFrame, codebook: Codebook, var: Variable
) -> _Counts:
    labels = var.categories if var.type.categorical else var.options
    codes = _codes(rows["option"], labels, "option")
    values = pd.to_numeric(rows["count"]).to_numpy(dtype=float)
    given = codes >= 0
    counts: FloatArray = np.bincount(
        codes[given], weights=values[given], minlength=len(labels)
    ).astype(np.float64)
    k = len(var.options)
    if var.type is VarType.MULTIPLE:
        people = _people_asked(tallies, rows, codebook, var)
        people = max(people, float(counts.max(initial=0.0)))
        return _Counts(labels, (False,) * k, counts, people, people, people, people, int(people))
    base = float(counts[:k].sum())
    answered = float(counts.sum())
    return _Counts(
        labels,
        tuple(i >= k for i in range(len(labels))),
        counts,
        base,
        answered,
        base,
        answered,
        int(answered),
    )


# =========================================================================== frequencies


def _channel_order(values: pd.Series) -> list[str]:
    present = {str(v) for v in values.astype(object).dropna().unique()}
    known = [c for c in CHANNEL_ORDER if c in present]
    return known + sorted(present - set(known))


def _dimension(
    responses: pd.DataFrame, codebook: Codebook, name: str
) -> tuple[IntArray, list[str]]:
    """Codes and labels of a grouping dimension: a categorical variable or a plain column."""
    if name in codebook:
        var = codebook[name]
        if not var.type.categorical:
            raise ValidationError(name, t("diag.expect.categorical"), var.type.value)
        labels = list(var.categories)
    else:
        labels = _channel_order(_column(responses, name))
    return _codes(_column(responses, name), labels, name), labels


def _rows(counts: _Counts) -> pd.DataFrame:
    return pd.DataFrame(_row_columns(counts))


def _row_columns(counts: _Counts) -> dict[str, Any]:
    dk = np.array(counts.dont_know, dtype=bool)
    base = np.where(dk, counts.answered, counts.base)
    effective = np.where(dk, counts.effective_answered, counts.effective_base)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(base > 0, counts.counts / np.where(base > 0, base, 1.0), np.nan)
    low, high = wilson_intervals(np.nan_to_num(share) * effective, effective)
    return {
        "option": list(counts.labels),
        "dont_know": dk,
        "count": counts.counts,
        "base": base,
        "effective_base": effective,
        "share": share,
        "ci_low": low,
        "ci_high": high,
    }


def _frequency_table(
    blocks: Sequence[tuple[str | None, _Counts, _Counts]], by: str | None, *, whole: bool
) -> pd.DataFrame:
    """The rows of :func:`frequencies`, block after block, built at once (``whole``: the
    counts as whole numbers)."""
    parts: dict[str, list[Any]] = {}
    for group, own, tallied in blocks:
        columns = _row_columns(own.plus(tallied))
        size = len(columns["option"])
        block = {
            **({by: [group] * size} if by is not None else {}),
            "option": columns["option"],
            "dont_know": columns["dont_know"],
            "count": columns["count"],
            "count_responses": own.counts,
            "count_tallies": tallied.counts,
            **{k: columns[k] for k in ("base", "effective_base", "share", "ci_low", "ci_high")},
            "includes_tallies": np.full(size, tallied.n > 0),
        }
        for name, values in block.items():
            parts.setdefault(name, []).append(values)
    table: dict[str, Any] = {}
    for name, values in parts.items():
        if name in (by, "option"):
            table[name] = [v for part in values for v in part]
            continue
        joined = np.concatenate([np.asarray(v) for v in values])
        if whole and name in ("count", "count_responses", "count_tallies", "base"):
            joined = joined.round().astype(np.int64)
        table[name] = joined
    return pd.DataFrame(table)


def frequencies(
    responses: pd.DataFrame,
    codebook: Codebook,
    variable: str,
    *,
    tallies: pd.DataFrame | None = None,
    by: str | None = None,
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """Counts and shares of the answers to one question, with 95% Wilson intervals.

    Parameters
    ----------
    responses, codebook
        The canonical dataset and its codebook.
    variable
        A single-choice, scale, demographic or multiple-choice variable.
    tallies
        Street-poll tallies; their counts for ``variable`` are added to the questionnaire
        counts (this is the only analysis that merges them into the same numbers).
    by
        A column to split by (``"channel"`` or a categorical variable such as ``"age"``);
        one block of rows per group, in category order. Respondents with NA in ``by`` are left
        out. With tallies only ``by="channel"`` is possible; they form their own channel.
    weights
        Respondent weights aligned to ``responses`` (e.g. :func:`rake`); intervals then use the
        Kish effective sample size. Cannot be combined with ``tallies``.

    Returns
    -------
    pandas.DataFrame
        One row per option (then per "don't know" answer), in codebook order, with columns
        ``[by,] option, dont_know, count, count_responses, count_tallies, base,
        effective_base, share, ci_low, ci_high, includes_tallies``. ``base`` is the number of
        valid answers (no "don't know"); for a "don't know" row it is everyone who answered.
        For multiple choice, ``base`` is the respondents who answered the question. Counts are
        whole numbers unless weighted. ``attrs`` holds ``variable``, ``includes_tallies``,
        ``n_responses``, ``n_tallies``, ``weighted`` and a Polish ``note``.

    Examples
    --------
    >>> from swot.survey.codebook import Codebook, Variable
    >>> cb = Codebook((Variable("q", "Q", "single", ("A", "B")),))
    >>> df = pd.DataFrame({"q": pd.Categorical(["A", "A", "B", None], ["A", "B"])})
    >>> frequencies(df, cb, "q")[["option", "count", "share"]].to_dict("list")
    {'option': ['A', 'B'], 'count': [2, 1], 'share': [0.6666666666666666, 0.3333333333333333]}
    """
    var = _variable(codebook, variable)
    _require_countable(var)
    w = _weights(responses, weights)
    if w is not None and tallies is not None:
        raise ValidationError("weights", t("diag.expect.no_weights_with_tallies"), "weights")
    rows = _tally_rows(tallies, var)
    blocks: list[tuple[str | None, _Counts, _Counts]] = []
    if by is None:
        tallied = _Counts.empty(var)
        if rows is not None and tallies is not None:
            tallied = _count_tallies(rows, tallies, codebook, var)
        blocks.append((None, _count(responses, var, w), tallied))
    else:
        if rows is not None and by != "channel":
            raise ValidationError("by", t("diag.expect.by_with_tallies"), by)
        codes, labels = _dimension(responses, codebook, by)
        tally_channels: dict[str, pd.DataFrame] = {}
        if rows is not None:
            channel = (
                rows["channel"].astype("string").fillna("street")
                if "channel" in rows
                else pd.Series("street", index=rows.index, dtype="string")
            )
            for name in _channel_order(channel):
                tally_channels[name] = rows[(channel == name).to_numpy(dtype=bool)]
        order = labels + [c for c in tally_channels if c not in labels]
        for position, label in enumerate(order):
            mask = codes == position if position < len(labels) else np.zeros(len(codes), bool)
            own = _count(responses[mask], var, None if w is None else w[mask])
            tallied = _Counts.empty(var)
            if label in tally_channels and tallies is not None:
                tallied = _count_tallies(tally_channels[label], tallies, codebook, var)
            if own.n == 0 and tallied.n == 0:
                continue
            blocks.append((label, own, tallied))

    out = _frequency_table(blocks, by, whole=w is None) if blocks else _rows(_Counts.empty(var))
    if w is None and not blocks:
        for column in ("count", "count_responses", "count_tallies", "base"):
            out[column] = out[column].round().astype("int64")
    n_responses = sum(own.n for _, own, _ in blocks)
    n_tallies = sum(tallied.n for _, _, tallied in blocks)
    includes = n_tallies > 0
    notes = [
        t("diag.note.with_tallies", n_responses=n_responses, n_tallies=n_tallies)
        if includes
        else t("diag.note.responses_only", n_responses=n_responses)
    ]
    if var.dont_know:
        notes.append(t("diag.note.dont_know"))
    if w is not None:
        effective = sum(own.effective_answered for _, own, _ in blocks)
        notes.append(t("diag.note.weighted", effective_n=round(effective, 1)))
    out.attrs.update(
        {
            "variable": var.name,
            "type": var.type.value,
            "includes_tallies": includes,
            "n_responses": n_responses,
            "n_tallies": n_tallies,
            "weighted": w is not None,
            "note": " ".join(notes),
        }
    )
    return out


# =========================================================================== cross-tabs


@dataclass(frozen=True, eq=False)
class CrossTab:
    """A cross-tabulation of two categorical questions with small-cell suppression.

    Attributes
    ----------
    counts
        Respondents per cell (rows: categories of ``row``; columns: of ``col``).
    row_percent
        Percentages of each row total (NaN for an empty row).
    suppressed
        Cells with ``0 < count < min_cell`` (primary suppression).
    complementary
        Further cells hidden so that a suppressed cell cannot be recovered from row or column
        totals (secondary suppression).
    note
        Polish (or English) text for the reader: how many cells are hidden, and that
        street-poll tallies are not included.
    """

    row: str
    col: str
    counts: pd.DataFrame
    row_percent: pd.DataFrame
    suppressed: pd.DataFrame
    complementary: pd.DataFrame
    min_cell: int
    note: str

    @property
    def hidden(self) -> pd.DataFrame:
        """Every cell that is not published (primary or complementary)."""
        return self.suppressed | self.complementary

    def published(self, what: Literal["counts", "row_percent"] = "counts") -> pd.DataFrame:
        """The table to publish: hidden cells replaced by NA (nullable dtypes)."""
        if what == "counts":
            return self.counts.astype("Int64").mask(self.hidden)
        if what == "row_percent":
            return self.row_percent.astype("Float64").mask(self.hidden)
        raise ValidationError("what", t("expect.choice", choices="counts, row_percent"), what)


def _secondary_suppression(
    counts: IntArray, primary: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Cells to hide besides ``primary`` so no hidden cell is alone in its row or column.

    A row or column whose totals are known and that hides exactly one cell gives that cell
    away; the smallest other cell of that line is hidden too (non-zero cells first, then the
    first in order), repeated until no line hides exactly one cell.
    """
    hidden = primary.copy()
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 0 else hidden.T
            values = counts if axis == 0 else counts.T
            for i in range(lines.shape[0]):
                if lines[i].sum() != 1:
                    continue
                candidates = [j for j in range(lines.shape[1]) if not lines[i, j]]
                if not candidates:
                    continue
                best = min(candidates, key=lambda j: (values[i, j] == 0, values[i, j], j))
                if axis == 0:
                    hidden[i, best] = True
                else:
                    hidden[best, i] = True
                changed = True
    result: npt.NDArray[np.bool_] = hidden & ~primary
    return result


def crosstab(
    responses: pd.DataFrame,
    codebook: Codebook,
    row: str,
    col: str,
    *,
    min_cell: int = 5,
) -> CrossTab:
    """Cross-tabulate two categorical questions (or a question and ``"channel"``).

    Only respondents with an answer to both are counted. Street-poll tallies are never used:
    they have no individual respondents, so their answers cannot be paired. Cells with
    ``0 < n < min_cell`` are suppressed for publication, plus complementary cells so that they
    cannot be recovered from the row and column totals.

    Examples
    --------
    >>> from swot.survey.codebook import Codebook, Variable
    >>> cb = Codebook((Variable("age", "Wiek", "demographic", ("<30", "30+")),))
    >>> df = pd.DataFrame({"age": pd.Categorical(["<30"] * 6 + ["30+"] * 2, ["<30", "30+"]),
    ...                    "channel": ["online"] * 6 + ["paper"] * 2})
    >>> int(crosstab(df, cb, "age", "channel").counts.loc["<30", "online"])
    6
    """
    if not isinstance(min_cell, int) or isinstance(min_cell, bool) or min_cell < 1:
        raise ValidationError("min_cell", t("diag.expect.min_cell"), min_cell)
    row_codes, row_labels = _dimension(responses, codebook, row)
    col_codes, col_labels = _dimension(responses, codebook, col)
    both = (row_codes >= 0) & (col_codes >= 0)
    table = np.zeros((len(row_labels), len(col_labels)), dtype=np.int64)
    np.add.at(table, (row_codes[both], col_codes[both]), 1)
    index = pd.Index(row_labels, name=row)
    columns = pd.Index(col_labels, name=col)
    counts = pd.DataFrame(table, index=index, columns=columns)
    totals = table.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(totals > 0, 100.0 * table / np.where(totals > 0, totals, 1), np.nan)
    primary = (table > 0) & (table < min_cell)
    secondary = _secondary_suppression(table.astype(np.intp), primary)
    note = t(
        "diag.note.crosstab",
        total=int(primary.sum() + secondary.sum()),
        max_small=min_cell - 1,
        primary=int(primary.sum()),
        secondary=int(secondary.sum()),
    )
    return CrossTab(
        row=row,
        col=col,
        counts=counts,
        row_percent=pd.DataFrame(percent, index=index, columns=columns),
        suppressed=pd.DataFrame(primary, index=index, columns=columns),
        complementary=pd.DataFrame(secondary, index=index, columns=columns),
        min_cell=min_cell,
        note=note,
    )


# =========================================================================== Likert scales


def _likert_variables(codebook: Codebook, group_or_vars: str | Sequence[str]) -> list[Variable]:
    if isinstance(group_or_vars, str):
        grid = codebook.group(group_or_vars)
        variables = grid or [_variable(codebook, group_or_vars)]
    else:
        variables = [_variable(codebook, name) for name in group_or_vars]
    if not variables:
        raise ValidationError("variables", t("diag.expect.likert"), list(group_or_vars))
    for var in variables:
        if var.type is not VarType.LIKERT:
            raise ValidationError(var.name, t("diag.expect.likert"), var.type.value)
    scale = variables[0].options
    for var in variables[1:]:
        if var.options != scale:
            raise ValidationError(var.name, t("diag.expect.same_scale"), list(var.options))
    return variables


def _scores(responses: pd.DataFrame, var: Variable) -> tuple[FloatArray, int]:
    """Scale scores 1..k of valid answers, and the number of "don't know" answers."""
    codes = _codes(_column(responses, var.name), var.categories, var.name)
    k = len(var.options)
    valid = (codes >= 0) & (codes < k)
    return (codes[valid] + 1).astype(np.float64), int((codes >= k).sum())


def likert_summary(
    responses: pd.DataFrame, codebook: Codebook, group_or_vars: str | Sequence[str]
) -> pd.DataFrame:
    """Summarise scale questions: shares, mean score, top-2-box and diverging-bar geometry.

    Parameters
    ----------
    group_or_vars
        A grid group (``"satisfaction"``), one variable name, or a list of names. All must be
        Likert variables with the same scale.

    Returns
    -------
    pandas.DataFrame
        One row per variable with ``variable, label, subject, n_valid, n_dont_know,
        dont_know_share, share_1 … share_k`` (shares of valid answers per scale point),
        ``mean, mean_low, mean_high`` (score 1..k, normal 95% interval),
        ``top2_share, top2_low, top2_high`` (two highest points; the top point only when
        k < 4; Wilson interval), and for a diverging stacked bar ``negative, neutral,
        positive`` (shares below, at and above the middle point) with ``bar_start =
        -(negative + neutral/2)``, ``bar_end = positive + neutral/2`` and ``start_1 …
        start_k`` (where each point's segment begins). "Don't know" stays apart
        (``dont_know_share``, out of everyone who answered). ``attrs["scale"]`` lists the
        scale labels.
    """
    variables = _likert_variables(codebook, group_or_vars)
    scale = variables[0].options
    k = len(scale)
    z = _z(0.95)
    top = 2 if k >= 4 else 1
    middle = k // 2  # index of the neutral point when k is odd
    records = []
    for var in variables:
        scores, n_dk = _scores(responses, var)
        n = scores.size
        counts = np.bincount(scores.astype(np.intp) - 1, minlength=k).astype(float)
        shares = counts / n if n else np.full(k, np.nan)
        mean, mean_low, mean_high = _mean_interval(scores, z)
        top_count = float(counts[k - top :].sum())
        top_low, top_high = wilson_interval(top_count, n)
        negative = float(shares[:middle].sum()) if n else math.nan
        neutral = float(shares[middle]) if k % 2 and n else (0.0 if n else math.nan)
        positive = float(shares[k - middle :].sum()) if n else math.nan
        start = -(negative + neutral / 2)
        record: dict[str, object] = {
            "variable": var.name,
            "label": var.label,
            "subject": var.subject,
            "n_valid": n,
            "n_dont_know": n_dk,
            "dont_know_share": n_dk / (n + n_dk) if n + n_dk else math.nan,
        }
        record.update({f"share_{i + 1}": float(shares[i]) for i in range(k)})
        record.update(
            {
                "mean": mean,
                "mean_low": mean_low,
                "mean_high": mean_high,
                "top2_share": top_count / n if n else math.nan,
                "top2_low": top_low,
                "top2_high": top_high,
                "negative": negative,
                "neutral": neutral,
                "positive": positive,
                "bar_start": start,
                "bar_end": positive + neutral / 2,
            }
        )
        offsets = start + np.concatenate([[0.0], np.cumsum(shares)[:-1]])
        record.update({f"start_{i + 1}": float(offsets[i]) for i in range(k)})
        records.append(record)
    out = pd.DataFrame.from_records(records)
    out.attrs.update({"scale": scale, "dont_know": variables[0].dont_know})
    return out


# =========================================================================== importance–performance


def _institution_id(institution: str | Institution) -> str:
    return institution.id if isinstance(institution, Institution) else str(institution)


def importance_performance(
    responses: pd.DataFrame, codebook: Codebook, institution: str | Institution
) -> pd.DataFrame:
    """Importance–performance analysis of one centre.

    Aspects are matched by suffix: ``importance_<aspect>`` with
    ``rating_<institution>_<aspect>``. Means are scale scores 1..k without "don't know".
    The quadrant thresholds are the grand means: the mean of the aspects' importance means
    and the mean of their performance means (an aspect exactly at a threshold counts as
    high). High importance and low performance → ``concentrate`` ("Skup się tutaj"), high
    and high → ``keep_up``, low and low → ``low_priority``, low importance and high
    performance → ``overkill`` ("Możliwy nadmiar").

    Returns
    -------
    pandas.DataFrame
        One row per aspect, sorted by ``gap`` (importance − performance, largest first):
        ``aspect, importance, importance_low, importance_high, importance_n, performance,
        performance_low, performance_high, performance_n, performance_dont_know, gap,
        quadrant, quadrant_label``. ``attrs`` holds the thresholds and a ``note``.
    """
    inst = _institution_id(institution)
    prefix = f"rating_{inst}_"
    importance = {
        v.name.removeprefix("importance_"): v
        for v in codebook
        if v.name.startswith("importance_") and v.type is VarType.LIKERT
    }
    rating = {
        v.name.removeprefix(prefix): v
        for v in codebook
        if v.name.startswith(prefix) and v.type is VarType.LIKERT
    }
    aspects = [a for a in importance if a in rating]
    if not aspects:
        raise ValidationError("institution", t("diag.expect.ipa_pairs", institution=inst), inst)
    z = _z(0.95)
    records = []
    for aspect in aspects:
        imp_scores, _ = _scores(responses, importance[aspect])
        perf_scores, perf_dk = _scores(responses, rating[aspect])
        imp = _mean_interval(imp_scores, z)
        perf = _mean_interval(perf_scores, z)
        records.append(
            {
                "aspect": aspect,
                "importance": imp[0],
                "importance_low": imp[1],
                "importance_high": imp[2],
                "importance_n": imp_scores.size,
                "performance": perf[0],
                "performance_low": perf[1],
                "performance_high": perf[2],
                "performance_n": perf_scores.size,
                "performance_dont_know": perf_dk,
                "gap": imp[0] - perf[0],
            }
        )
    out = pd.DataFrame.from_records(records)
    imp_threshold = float(out["importance"].mean())
    perf_threshold = float(out["performance"].mean())
    high_imp = out["importance"] >= imp_threshold
    high_perf = out["performance"] >= perf_threshold
    quadrant = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["concentrate", "keep_up", "low_priority"],
        default="overkill",
    )
    out["quadrant"] = quadrant.astype(object)
    out["quadrant_label"] = [t(f"diag.quadrant.{q}") for q in quadrant]
    out = out.sort_values(["gap", "aspect"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs.update(
        {
            "institution": inst,
            "importance_threshold": imp_threshold,
            "performance_threshold": perf_threshold,
            "note": t(
                "diag.note.ipa",
                importance=f"{imp_threshold:.2f}",
                performance=f"{perf_threshold:.2f}",
            ),
        }
    )
    return out


# =========================================================================== channels


def _holm(p_values: FloatArray) -> FloatArray:
    """Holm step-down adjusted p-values (NaN entries are ignored and stay NaN)."""
    adjusted = np.full(p_values.shape, np.nan)
    finite = np.flatnonzero(np.isfinite(p_values))
    order = finite[np.argsort(p_values[finite], kind="stable")]
    m = order.size
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * float(p_values[index])))
        adjusted[index] = running
    return adjusted


def _two_proportion_p(x1: float, n1: float, x2: float, n2: float) -> tuple[float, float]:
    """Two-sided pooled z-test of ``x1/n1 == x2/n2``: ``(z, p)``; NaN when a base is empty."""
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    return z, 2 * (1 - NormalDist().cdf(abs(z)))


def compare_channels(
    responses: pd.DataFrame,
    codebook: Codebook,
    variable: str,
    *,
    tallies: pd.DataFrame | None = None,
    channels: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Do the channels answer a question differently?

    For each channel and option: the share with a Wilson interval, and a two-proportion
    z-test of that channel against all other compared channels together. The p-values of one
    channel are Holm-adjusted over the options, and ``different`` is set only where the
    adjusted p-value is below ``alpha`` — so sampling noise is not flagged. "Don't know"
    answers are left out of the base and not tested. Street-poll tallies, when given and
    covering the question, form the channel ``"street"`` (for a multiple-choice question the
    people asked are taken from the single-choice tallies of the same session). Channels
    without answers to the question are left out.

    Returns
    -------
    pandas.DataFrame
        ``channel, option, count, base, share, ci_low, ci_high, rest_share, diff, z, p_value,
        p_adj, different``.

    Examples
    --------
    >>> from swot.survey.codebook import Codebook, Variable
    >>> cb = Codebook((Variable("q", "Q", "single", ("A", "B")),))
    >>> df = pd.DataFrame({"q": pd.Categorical(["A"] * 20 + ["B"] * 80 + ["A"] * 60
    ...                                        + ["B"] * 40, ["A", "B"]),
    ...                    "channel": ["online"] * 100 + ["paper"] * 100})
    >>> compare_channels(df, cb, "q")["different"].tolist()
    [True, True, True, True]
    """
    var = _variable(codebook, variable)
    _require_countable(var)
    rows = _tally_rows(tallies, var)
    codes, labels = _dimension(responses, codebook, "channel")
    blocks: dict[str, _Counts] = {}
    tally_channels: list[str] = []
    for position, label in enumerate(labels):
        blocks[label] = _count(responses[codes == position], var, None)
    if rows is not None and tallies is not None:
        channel = (
            rows["channel"].astype("string").fillna("street")
            if "channel" in rows
            else pd.Series("street", index=rows.index, dtype="string")
        )
        for name in _channel_order(channel):
            tallied = _count_tallies(
                rows[(channel == name).to_numpy(dtype=bool)], tallies, codebook, var
            )
            blocks[name] = blocks[name].plus(tallied) if name in blocks else tallied
            tally_channels.append(name)
    wanted = list(channels) if channels is not None else list(blocks)
    unknown = [c for c in wanted if c not in blocks]
    if unknown:
        raise ValidationError(
            "channel", t("expect.choice", choices=", ".join(blocks)), unknown[0], t("hint.pick")
        )
    compared = [c for c in wanted if blocks[c].base > 0]
    if len(compared) < 2:
        raise ValidationError("channel", t("diag.expect.channels"), compared)
    k = len(var.options)
    frames = []
    for name in compared:
        own = blocks[name]
        rest_counts = sum(
            (blocks[c].counts for c in compared if c != name), np.zeros(len(own.labels))
        )
        rest_base = sum(blocks[c].base for c in compared if c != name)
        tests = [
            _two_proportion_p(own.counts[j], own.base, rest_counts[j], rest_base) for j in range(k)
        ]
        p_values = np.array([p for _, p in tests], dtype=float)
        adjusted = _holm(p_values)
        share = own.counts[:k] / own.base
        rest_share = rest_counts[:k] / rest_base if rest_base > 0 else np.full(k, np.nan)
        low, high = wilson_intervals(own.counts[:k], np.full(k, own.base))
        frames.append(
            pd.DataFrame(
                {
                    "channel": name,
                    "option": list(var.options),
                    "count": own.counts[:k].round().astype(np.int64),
                    "base": np.full(k, round(own.base), dtype=np.int64),
                    "share": share,
                    "ci_low": low,
                    "ci_high": high,
                    "rest_share": rest_share,
                    "diff": share - rest_share,
                    "z": [zz for zz, _ in tests],
                    "p_value": p_values,
                    "p_adj": adjusted,
                    "different": np.nan_to_num(adjusted, nan=1.0) < alpha,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(
        {
            "variable": var.name,
            "includes_tallies": any(c in compared for c in tally_channels),
            "alpha": alpha,
            "note": t("diag.note.channels", alpha=alpha),
        }
    )
    return out


# =========================================================================== weighting


@dataclass(frozen=True, eq=False)
class RakeResult:
    """Weights from :func:`rake`.

    Attributes
    ----------
    weights
        One weight per respondent (index of ``responses``), mean 1. Respondents with NA in a
        raked variable keep weight 1 (they are listed in ``unraked``).
    effective_n
        Kish effective sample size of all weights.
    design_effect
        ``n / effective_n``: by how much weighting inflates variances.
    converged, iterations
        Whether every margin was within ``tol`` and after how many full cycles.
    achieved
        Per variable and category: ``target``, ``achieved`` weighted share among the raked
        respondents, and the unweighted ``count``.
    unraked
        Index of respondents left at weight 1 because of a missing answer.
    """

    weights: pd.Series
    effective_n: float
    design_effect: float
    converged: bool
    iterations: int
    achieved: pd.DataFrame
    unraked: pd.Index = field(default_factory=lambda: pd.Index([]))

    @property
    def n_unraked(self) -> int:
        return len(self.unraked)


def _validate_margins(
    responses: pd.DataFrame, margins: Mapping[str, Mapping[str, float]]
) -> dict[str, tuple[list[str], FloatArray]]:
    if not isinstance(margins, Mapping) or not margins:
        raise ValidationError("margins", t("diag.expect.margins"), margins, t("diag.hint.margins"))
    checked: dict[str, tuple[list[str], FloatArray]] = {}
    for name, shares in margins.items():
        values = _column(responses, name).astype(object)
        if not isinstance(shares, Mapping) or not shares:
            raise ValidationError(name, t("diag.expect.margins"), shares, t("diag.hint.margins"))
        categories = [str(c) for c in shares]
        try:
            target = np.array([float(shares[c]) for c in shares], dtype=float)
        except (TypeError, ValueError):
            raise ValidationError(
                name, t("diag.expect.margins_sum"), dict(shares), t("diag.hint.margins")
            ) from None
        total = float(target.sum())
        if np.any(~np.isfinite(target)) or np.any(target < 0) or abs(total - 1) > 1e-6:
            raise ValidationError(
                name, t("diag.expect.margins_sum"), round(total, 9), t("diag.hint.margins")
            )
        present = [str(v) for v in values.dropna().unique()]
        missing = [c for c in present if c not in categories]
        if missing:
            raise ValidationError(
                name,
                t("diag.expect.margins_cover", category=missing[0]),
                categories,
                t("diag.hint.margins"),
            )
        for category, share in zip(categories, target, strict=True):
            if share == 0 and category in present:
                raise ValidationError(
                    name,
                    t("diag.expect.margins_positive", category=category),
                    0,
                    t("diag.hint.margins"),
                )
        checked[name] = (categories, target / total)
    return checked


def rake(
    responses: pd.DataFrame,
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-6,
) -> RakeResult:
    """Weight respondents so their demographics match population shares (raking / IPF).

    Parameters
    ----------
    responses
        The canonical dataset.
    margins
        ``{variable: {category: population share}}``, e.g. ``{"gender": {"Kobieta": 0.53,
        "Mężczyzna": 0.47}}``. Each variable's shares must sum to 1 (within 1e-6) and name
        every category that occurs in the data; otherwise a :class:`ValidationError` names
        the variable.
    max_iter, tol
        Stop after ``max_iter`` full cycles, or once every weighted share is within ``tol``
        of its target.

    Notes
    -----
    Respondents with a missing answer in any raked variable are not raked: they keep weight
    1 and are reported in ``unraked``. The raked respondents' weights have mean 1, so all
    weights do too.

    Examples
    --------
    >>> df = pd.DataFrame({"gender": ["K", "K", "K", "M"]})
    >>> result = rake(df, {"gender": {"K": 0.5, "M": 0.5}})
    >>> [round(w, 3) for w in result.weights], round(result.effective_n, 2)
    ([0.667, 0.667, 0.667, 2.0], 3.0)
    """
    if (
        not isinstance(max_iter, int)
        or isinstance(max_iter, bool)
        or max_iter < 1
        or not isinstance(tol, int | float)
        or not tol > 0
    ):
        raise ValidationError("max_iter", t("diag.expect.max_iter"), (max_iter, tol))
    checked = _validate_margins(responses, margins)
    complete = np.ones(len(responses), dtype=bool)
    for name in checked:
        complete &= responses[name].notna().to_numpy(dtype=bool)
    subset = responses[complete]
    codes = {
        name: _codes(subset[name].astype(object).astype(str), categories, name)
        for name, (categories, _) in checked.items()
    }
    for name, (categories, target) in checked.items():
        observed = np.bincount(codes[name], minlength=len(categories))
        empty = [
            c for c, s, o in zip(categories, target, observed, strict=True) if s > 0 and o == 0
        ]
        if empty:
            raise ValidationError(
                name,
                t("diag.expect.margins_reachable", category=empty[0]),
                0,
                t("diag.hint.margins"),
            )
    n = int(complete.sum())
    w = np.ones(n)

    def deviation(weights: FloatArray) -> float:
        total = float(weights.sum())
        worst = 0.0
        for name, (categories, target) in checked.items():
            shares = np.bincount(codes[name], weights=weights, minlength=len(categories)) / total
            worst = max(worst, float(np.max(np.abs(shares - target))))
        return worst

    iterations = 0
    converged = n == 0 or deviation(w) < tol
    while not converged and iterations < max_iter:
        for name, (categories, target) in checked.items():
            current = np.bincount(codes[name], weights=w, minlength=len(categories))
            factor = np.where(current > 0, target * n / np.where(current > 0, current, 1), 1.0)
            w = w * factor[codes[name]]
        iterations += 1
        converged = deviation(w) < tol
    if n:
        w = w * (n / w.sum())
    all_weights = np.ones(len(responses))
    all_weights[complete] = w
    rows = []
    for name, (categories, target) in checked.items():
        observed = np.bincount(codes[name], minlength=len(categories))
        shares = np.bincount(codes[name], weights=w, minlength=len(categories)) / max(n, 1)
        for i, category in enumerate(categories):
            rows.append(
                {
                    "variable": name,
                    "category": category,
                    "target": float(target[i]),
                    "achieved": float(shares[i]),
                    "count": int(observed[i]),
                }
            )
    effective = effective_sample_size(all_weights)
    return RakeResult(
        weights=pd.Series(all_weights, index=responses.index, name="weight"),
        effective_n=effective,
        design_effect=len(responses) / effective if effective else math.nan,
        converged=bool(converged),
        iterations=iterations,
        achieved=pd.DataFrame.from_records(rows),
        unraked=responses.index[~complete],
    )


# =========================================================================== open answers

DEFAULT_CODES: dict[str, tuple[str, ...]] = {
    "godziny": (
        "godzin",
        "wieczor",
        "weekend",
        "sobot",
        "niedziel",
        "popołudni",
        "przedpołudni",
        "po pracy",
        "za wcześnie",
        "otwarte dłużej",
    ),
    "ceny": (
        "ceny",
        "cena",
        "cenę",
        "cenach",
        "cenami",
        "cenow",
        "drogo",
        "drogie",
        "drogich",
        "za drogi",
        "drożej",
        "droższ",
        "bilet",
        "tanio",
        "taniej",
        "tańsz",
        "tanich",
        "bezpłat",
        "darmow",
        "zniżk",
        "opłat",
        "koszt",
    ),
    "informacja/promocja": (
        "informac",
        "ogłosze",
        "facebook",
        "plakat",
        "stron",
        "nie wiedzia",
        "nie wie",
        "promocj",
        "reklam",
        "newsletter",
        "harmonogram",
        "dowiaduj",
        "ulotk",
        "internet",
    ),
    "oferta dla seniorów": (
        "senior",
        "emeryt",
        "starsz",
        "osób starszych",
        "uniwersytet trzeciego wieku",
    ),
    "dla dzieci i młodzieży": (
        "dzieci",
        "dziec",
        "młodzież",
        "nastolat",
        "uczni",
        "szkoln",
        "przedszkol",
    ),
    "infrastruktura/budynek": (
        "budyn",
        "remont",
        "sala",
        "sali",
        "sale",
        "ciasn",
        "toalet",
        "ogrzewa",
        "krzesł",
        "nagłośni",
        "wind",
        "pomieszcze",
    ),
    "dojazd/parking": (
        "dojazd",
        "dojecha",
        "dojść",
        "parking",
        "autobus",
        "komunikac",
        "daleko",
        "rower",
    ),
    "kultura ludowa/rękodzieło": (
        "rękodzieł",
        "ceramik",
        "tkack",
        "tkanin",
        "tkactw",
        "ludow",
        "folklor",
        "haft",
        "garncar",
        "rzemiosł",
        "wiklin",
    ),
    "koncerty i wydarzenia plenerowe": (
        "koncert",
        "plener",
        "festyn",
        "festiwal",
        "zespoł",
        "muzyk",
        "jazz",
        "rock",
        "dni tomaszowa",
        "potańców",
    ),
    "kino": ("kino", "kina", "kinie", "film", "seans", "premier", "dkf"),
    "teatr": ("teatr", "spektak", "przedstawie", "kabaret"),
    "taniec": ("taniec", "tańc", "tanecz", "salsa", "tango", "zumba"),
    "wystawy i spotkania": (
        "wystaw",
        "galeri",
        "fotograf",
        "autorsk",
        "pisarz",
        "podróżnik",
        "dyskusj",
        "wykład",
    ),
    "zapisy i miejsca": (
        "zapis",
        "kolejk",
        "limit miejsc",
        "wolnych miejsc",
        "zawsze brakuje miejsc",
    ),
    "nowości/różnorodność": (
        "nowego",
        "nowości",
        "ten sam",
        "to samo",
        "różnorodn",
        "urozmaic",
        "nudn",
    ),
    "współpraca ośrodków": ("współprac", "dublow", "koordyn"),
    "kadra/obsługa": ("pracownicy", "pracowników", "instruktor", "personel", "obsługa", "mili"),
}
"""Codes for open answers: code → phrases (stems) that mark it.

A phrase matches at the start of a word, case- and diacritics-blind (:func:`fold`, so
``ł`` = ``l``): ``"godzin"`` finds "GODZINY" and "godzinach", ``"ogłosze"`` finds
"ogloszenia". Stems are chosen to avoid common false friends (``"cen"`` would match
"centrum", ``"tani"`` "taniec", ``"drog"`` "droga"). Teams may pass their own dictionary.
"""


@dataclass(frozen=True, eq=False)
class CodedAnswers:
    """Open answers with the codes they match.

    Attributes
    ----------
    texts
        The non-empty answers (original index), as given (already masked upstream).
    matrix
        Boolean DataFrame: one row per answer, one column per code, then ``"inne"`` for
        answers matching no code. An answer may have several codes.
    counts
        ``code, count, share`` (share of answers), most frequent first, ``"inne"`` last.
    """

    texts: pd.Series
    matrix: pd.DataFrame
    counts: pd.DataFrame
    codes: Mapping[str, tuple[str, ...]]

    def quotes(self, code: str, n: int = 3) -> list[str]:
        """Up to ``n`` example answers for ``code``, chosen deterministically.

        The most specific answers come first (fewest other codes), then those closest to
        100 characters, then the original order; repeated texts are shown once.
        """
        if code not in self.matrix.columns:
            raise ValidationError(
                "code",
                t("diag.expect.code", choices=", ".join(map(str, self.matrix.columns))),
                code,
                t("hint.pick"),
            )
        selected = self.matrix[code].to_numpy(dtype=bool)
        n_codes = self.matrix.drop(columns=[OTHER_CODE]).sum(axis=1).to_numpy()
        candidates = []
        for position in np.flatnonzero(selected):
            text = str(self.texts.iloc[position])
            candidates.append((int(n_codes[position]), abs(len(text) - 100), int(position), text))
        seen: set[str] = set()
        out: list[str] = []
        for *_, text in sorted(candidates):
            key = fold(text)
            if key in seen:
                continue
            seen.add(key)
            out.append(text)
            if len(out) == n:
                break
        return out


def _compile_codes(codes: Mapping[str, Sequence[str]]) -> dict[str, re.Pattern[str]]:
    expected = t("diag.expect.codes", other=OTHER_CODE)
    if not isinstance(codes, Mapping) or not codes:
        raise ValidationError("codes", expected, codes, t("diag.hint.codes"))
    patterns: dict[str, re.Pattern[str]] = {}
    for name, phrases in codes.items():
        if not isinstance(name, str) or not name.strip() or name == OTHER_CODE:
            raise ValidationError("codes", expected, name, t("diag.hint.codes"))
        if isinstance(phrases, str) or not isinstance(phrases, Sequence):
            raise ValidationError(name, expected, phrases, t("diag.hint.codes"))
        folded = [fold(p) for p in phrases if isinstance(p, str) and fold(p)]
        if not folded or len(folded) != len(phrases):
            raise ValidationError(name, expected, list(phrases), t("diag.hint.codes"))
        alternatives = "|".join(re.escape(p) for p in sorted(set(folded), key=len, reverse=True))
        patterns[name] = re.compile(rf"(?<!\w)(?:{alternatives})")
    return patterns


def code_open_answers(
    texts: pd.Series, codes: Mapping[str, Sequence[str]] = DEFAULT_CODES
) -> CodedAnswers:
    """Code open answers with a dictionary of phrases.

    Empty and missing answers are left out. Matching is at word starts, blind to case and
    Polish diacritics. Answers matching no code get ``"inne"``.

    Examples
    --------
    >>> coded = code_open_answers(pd.Series(["Za mało ogłoszeń", "Zajęcia wieczorem", "OK"]))
    >>> coded.counts.set_index("code")["count"][["informacja/promocja", "godziny", "inne"]].tolist()
    [1, 1, 1]
    """
    patterns = _compile_codes(codes)
    strings = texts.astype("string")
    answers = strings[strings.fillna("").str.strip().str.len() > 0].astype(object)
    folded = [fold(str(text)) for text in answers]
    matrix = pd.DataFrame(
        {name: [bool(p.search(text)) for text in folded] for name, p in patterns.items()},
        index=answers.index,
        dtype=bool,
    )
    matrix[OTHER_CODE] = ~matrix.any(axis=1) if len(patterns) else True
    total = len(answers)
    sums = matrix.sum(axis=0)
    ordered = sorted(patterns, key=lambda c: (-int(sums[c]), list(patterns).index(c)))
    counts = pd.DataFrame(
        {
            "code": [*ordered, OTHER_CODE],
            "count": [int(sums[c]) for c in [*ordered, OTHER_CODE]],
        }
    )
    counts["share"] = counts["count"] / total if total else math.nan
    return CodedAnswers(
        texts=answers,
        matrix=matrix,
        counts=counts,
        codes={name: tuple(phrases) for name, phrases in codes.items()},
    )


# =========================================================================== unmet needs


def _audience(
    responses: pd.DataFrame, codebook: Codebook, inst: str, district: str | None
) -> npt.NDArray[np.bool_]:
    participation = f"participation_{inst}"
    mask = np.zeros(len(responses), dtype=bool)
    usable = False
    if participation in codebook and participation in responses.columns:
        var = codebook[participation]
        wanted = {fold(o) for o in PARTICIPANT_OPTIONS}
        chosen = [o for o in var.categories if fold(o) in wanted]
        if chosen:
            values = responses[participation].astype(object)
            mask |= values.isin(chosen).to_numpy(dtype=bool)
            usable = True
    if district:
        values = _column(responses, DISTRICT_VARIABLE).astype(object)
        mask |= values.isin([district]).to_numpy(dtype=bool)
        usable = True
    if not usable:
        raise ValidationError("institution", t("diag.expect.audience", institution=inst), inst)
    return mask


def unmet_needs(
    responses: pd.DataFrame,
    codebook: Codebook,
    institution: str | Institution,
    *,
    tallies: pd.DataFrame | None = None,
    district: str | None = None,
) -> pd.DataFrame:
    """What the centre's audience misses, and what keeps it away.

    The audience of a centre is every respondent who took part in its activities in the last
    12 months (``participation_<institution>`` is "Tak, regularnie" or "Tak, okazjonalnie")
    **or** lives in its district. The district is ``district`` if given, else
    ``institution.district`` when an :class:`~swot.model.Institution` is passed; with neither,
    only participation counts.

    Needs (``needs``) and barriers (``barriers``) are multiple-choice: a share is of the
    audience members who answered that question. Street-poll tallies, when given, are added
    only for the questions they carry (normally ``needs``); they cannot be narrowed to the
    centre's audience, which the ``note`` says.

    Returns
    -------
    pandas.DataFrame
        ``kind`` (``"need"`` then ``"barrier"``), ``rank`` (1 = most cited within kind),
        ``option, count, count_tallies, base, share, ci_low, ci_high``, sorted by kind and
        share. ``attrs``: ``institution``, ``district``, ``audience_n``, ``includes_tallies``,
        ``tally_variables``, ``note``.
    """
    inst = _institution_id(institution)
    if district is None and isinstance(institution, Institution) and institution.district:
        district = institution.district
    audience = _audience(responses, codebook, inst, district)
    group = responses[audience]
    frames = []
    tally_variables: list[str] = []
    n_tallies = 0
    for kind, name in (("need", NEEDS_VARIABLE), ("barrier", BARRIERS_VARIABLE)):
        if name not in codebook:
            continue
        var = codebook[name]
        _require_countable(var)
        own = _count(group, var, None)
        rows = _tally_rows(tallies, var)
        tallied = _Counts.empty(var)
        if rows is not None and tallies is not None:
            tallied = _count_tallies(rows, tallies, codebook, var)
            tally_variables.append(name)
            n_tallies = max(n_tallies, tallied.n)
        frame = _rows(own.plus(tallied))
        frame = frame[~frame["dont_know"]].drop(columns=["dont_know", "effective_base"])
        frame.insert(0, "kind", kind)
        frame.insert(3, "count_tallies", tallied.counts[: len(frame)])
        frame = frame.sort_values(["share", "option"], ascending=[False, True], kind="stable")
        frame.insert(1, "rank", np.arange(1, len(frame) + 1))
        frames.append(frame)
    if not frames:
        raise ValidationError(
            "variable", t("diag.expect.variable"), f"{NEEDS_VARIABLE}, {BARRIERS_VARIABLE}"
        )
    out = pd.concat(frames, ignore_index=True)
    for column in ("count", "count_tallies", "base"):
        out[column] = out[column].round().astype("int64")
    key = "diag.note.audience_district" if district else "diag.note.audience"
    notes = [t(key, institution=inst, n=int(audience.sum()), district=district or "")]
    notes.append(
        t("diag.note.unmet_tallies", n_tallies=n_tallies, variables=", ".join(tally_variables))
        if tally_variables
        else t("diag.note.unmet_no_tallies")
    )
    out.attrs.update(
        {
            "institution": inst,
            "district": district,
            "audience_n": int(audience.sum()),
            "includes_tallies": bool(tally_variables),
            "tally_variables": tuple(tally_variables),
            "note": " ".join(notes),
        }
    )
    return out


def aspect_labels(codebook: Codebook) -> dict[str, str]:
    """Readable names of the aspects of :func:`importance_performance` (from the codebook).

    ``importance_prices`` labelled "Ważność cechy ośrodka kultury: Przystępne ceny" gives
    ``{"prices": "Przystępne ceny"}``.
    """
    out = {}
    for var in codebook.group("importance"):
        aspect = var.name.removeprefix("importance_")
        out[aspect] = var.label.rsplit(": ", 1)[-1]
    return out


def group_frequencies(
    responses: pd.DataFrame,
    codebook: Codebook,
    group: str,
    *,
    tallies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`frequencies` of every row of a grid question, stacked, one block per subject.

    Adds ``variable``, ``subject`` and ``label`` columns (the row's own label), so one chart
    can compare the institutions on the same question.
    """
    blocks = []
    for var in codebook.group(group):
        freq = frequencies(responses, codebook, var.name, tallies=tallies)
        blocks.append(
            freq.assign(
                variable=var.name, subject=var.subject or "", label=var.label.rsplit(": ", 1)[-1]
            )
        )
    if not blocks:
        raise ValidationError("group", t("diag.expect.group"), group, t("hint.pick"))
    out = pd.concat(blocks, ignore_index=True)
    out.attrs["group"] = group
    return out
