"""Development plan rules: targets read from Polish wording, plan checks, monitoring status.

Plan tables state targets in words: "min. 10 rocznie", "1 w 2019 r.", "1 do 2021 r.",
"min. 2 począwszy od drugiego roku trwania projektu", "min. 1 na kwartał", "(1)". This module
turns such wording into a checkable :class:`Target`; what it does not understand becomes a
target of kind ``unparsed`` that keeps the text verbatim and is flagged for a person. Nothing
is ever dropped and nothing is guessed silently.

Kinds of targets (:class:`TargetKind`) and what :meth:`Target.expected` gives for a year:

========== =========================================== ==========================================
kind       wording                                     expected value in a year
========== =========================================== ==========================================
per_period "min. 10 rocznie", "min. 1 na kwartał"      value × periods in a year, every year of
                                                       the window (horizon unless years are named)
in_year    "1 w 2019 r."                               value in that year only
by_year    "1 do 2021 r.", "5 w latach 2019-2021"      value, summed from the window start, due
                                                       in the deadline year
from_year  "min. 2 od drugiego roku trwania projektu"  value per year from the n-th year on
one_off    "(1)", "min. 10"                            value, summed over the horizon, due in its
                                                       last year
level      "min. 80%"                                  the latest measured level, every year
change     "wzrost o 10% do 2021 r."                   baseline × 1.10 (or baseline + value) in
                                                       the deadline year
unparsed   anything else                               nothing: a person must rewrite it
========== =========================================== ==========================================

A bare number gets its period from the indicator's name when that name says so: in plan tables
"Liczba udzielonych dotacji rocznie (min. 10)" puts "rocznie" in the name, so
``parse_target("min. 10", context="Liczba udzielonych dotacji rocznie")`` is a yearly minimum.
"Od n-tego roku trwania projektu" counts from the first year of the horizon passed in, which
:func:`monitoring_table` and :func:`check_plan` take from the task's own years.

Matching ignores case and Polish diacritics (:func:`fold`), accepts en and em dashes, Polish
number words (jeden, dwa, dwie, trzy, ...), ordinal words (pierwszego ... dziesiątego) and digits.

Measurements and periods: a measurement's period is ``"2020"`` (the whole year), ``"2020-Q3"``
or ``"2020-09"``. For counts, a year's value is its yearly measurement when there is one (the
total wins over its parts), otherwise the sum of its quarterly and monthly measurements. For
levels and changes (percentages, shares) the latest measurement counts; a yearly measurement
counts as taken at the year's end.

Examples
--------
>>> target = parse_target("min. 2 począwszy od drugiego roku trwania projektu",
...                       horizon=(2019, 2021))
>>> target.kind.value, target.value, target.start, target.end
('from_year', 2.0, 2020, 2021)
>>> [target.expected(year) for year in (2019, 2020, 2021)]
[None, 2.0, 2.0]
>>> parse_target("1 w 2019 r.").kind.value
'in_year'
>>> parse_target("co 2 lata").kind.value
'unparsed'
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from swot.errors import ValidationError
from swot.i18n import get_language, register, t
from swot.model import (
    MAX_YEAR,
    MIN_YEAR,
    Factor,
    Goal,
    Indicator,
    Measurement,
    Quadrant,
    Strategy,
    Task,
)
from swot.store import Workspace

__all__ = [
    "HORIZON_SETTING",
    "Bound",
    "IndicatorStatus",
    "IndicatorText",
    "MonitoringRow",
    "Period",
    "PlanIssue",
    "ResponsibilityMatrix",
    "Severity",
    "Status",
    "Target",
    "TargetKind",
    "Timeline",
    "TimelineBar",
    "YearValue",
    "check_plan",
    "describe_target",
    "fold",
    "indicator_status",
    "known_entities",
    "monitoring_table",
    "parse_target",
    "parse_years",
    "plan_horizon",
    "responsibilities",
    "set_plan_horizon",
    "split_indicators",
    "task_label",
    "timeline",
]

register(
    {
        # target kinds, periods, bounds
        "plan.kind.per_period": {"pl": "wartość w każdym okresie", "en": "value per period"},
        "plan.kind.in_year": {"pl": "wartość w danym roku", "en": "value in a given year"},
        "plan.kind.by_year": {"pl": "wartość do danego roku", "en": "value by a given year"},
        "plan.kind.from_year": {
            "pl": "wartość rocznie od n-tego roku",
            "en": "yearly value from the n-th year",
        },
        "plan.kind.one_off": {"pl": "wartość jednorazowa", "en": "one-off value"},
        "plan.kind.level": {"pl": "poziom (np. odsetek)", "en": "level (e.g. a share)"},
        "plan.kind.change": {
            "pl": "zmiana względem wartości bazowej",
            "en": "change from the baseline",
        },
        "plan.kind.unparsed": {
            "pl": "nierozpoznana — do sprawdzenia",
            "en": "not understood: to be checked",
        },
        "plan.period.year": {"pl": "rocznie", "en": "per year"},
        "plan.period.half": {"pl": "na półrocze", "en": "per half-year"},
        "plan.period.quarter": {"pl": "na kwartał", "en": "per quarter"},
        "plan.period.month": {"pl": "miesięcznie", "en": "per month"},
        "plan.period.week": {"pl": "tygodniowo", "en": "per week"},
        "plan.bound.min": {"pl": "co najmniej", "en": "at least"},
        "plan.bound.exact": {"pl": "dokładnie", "en": "exactly"},
        "plan.bound.max": {"pl": "najwyżej", "en": "at most"},
        "plan.bound.range": {"pl": "od–do", "en": "from-to"},
        # why a target is flagged
        "plan.note.empty": {
            "pl": "Nie podano wartości docelowej.",
            "en": "No target value is given.",
        },
        "plan.note.no_number": {
            "pl": "Nie znaleziono liczby, którą można sprawdzić.",
            "en": "No number that could be checked was found.",
        },
        "plan.note.numbers": {
            "pl": "Kilka liczb ({numbers}) — nie wiadomo, która jest wartością docelową.",
            "en": "Several numbers ({numbers}): it is unclear which one is the target.",
        },
        "plan.note.words": {
            "pl": "Nierozpoznane sformułowanie: „{words}”.",
            "en": "Wording not understood: '{words}'.",
        },
        "plan.note.reversed": {
            "pl": "Lata podano w odwrotnej kolejności ({years}).",
            "en": "The years are in reverse order ({years}).",
        },
        "plan.note.conflict": {
            "pl": "Sprzeczne określenia czasu lub okresu ({what}).",
            "en": "Conflicting time or period wording ({what}).",
        },
        "plan.note.bounds": {
            "pl": "Sprzeczne ograniczenia (np. jednocześnie „min.” i „max.”).",
            "en": "Conflicting bounds (e.g. both 'min.' and 'max.').",
        },
        "plan.note.outside": {
            "pl": "Rok {year} wykracza poza okres realizacji {start}-{end}.",
            "en": "Year {year} lies outside the period {start}-{end}.",
        },
        "plan.note.needs_horizon": {
            "pl": "Określenie „od {n}. roku” wymaga lat realizacji zadania.",
            "en": "'From year {n}' needs the task's years.",
        },
        "plan.note.assumed_one": {
            "pl": "Nie podano liczby; przyjęto 1 (wykonanie do {year} r.) — potwierdź.",
            "en": "No number is given; 1 was assumed (done by {year}). Please confirm.",
        },
        "plan.hint.target": {
            "pl": (
                "Przepisz wartość docelową jednym ze sprawdzalnych sformułowań, np. "
                "„min. 10 rocznie”, „1 w 2019 r.”, „1 do 2021 r.”, „min. 1 na kwartał”."
            ),
            "en": (
                "Rewrite the target in a checkable form, e.g. 'min. 10 rocznie', "
                "'1 w 2019 r.', '1 do 2021 r.', 'min. 1 na kwartal'."
            ),
        },
        # how a parsed target reads back (describe_target)
        "plan.read.window": {"pl": "w latach {start}-{end}", "en": "in {start}-{end}"},
        "plan.read.window_one": {"pl": "w {year} r.", "en": "in {year}"},
        "plan.read.in_year": {"pl": "{amount} w {year} r.", "en": "{amount} in {year}"},
        "plan.read.by_year": {
            "pl": "{amount} łącznie do {year} r.",
            "en": "{amount} in total by {year}",
        },
        "plan.read.from_year": {
            "pl": "{amount} rocznie od {year} r.",
            "en": "{amount} per year from {year}",
        },
        "plan.read.from_nth": {
            "pl": "{amount} rocznie od {n}. roku zadania",
            "en": "{amount} per year from year {n} of the task",
        },
        "plan.read.one_off": {"pl": "{amount} łącznie w okresie planu", "en": "{amount} in total"},
        "plan.read.level": {"pl": "poziom {amount}", "en": "a level of {amount}"},
        "plan.read.increase": {"pl": "wzrost o {amount}", "en": "an increase of {amount}"},
        "plan.read.decrease": {"pl": "spadek o {amount}", "en": "a decrease of {amount}"},
        "plan.read.deadline": {"pl": "do {year} r.", "en": "by {year}"},
        # years
        "field.years": {"pl": "perspektywa czasowa", "en": "time perspective"},
        "field.horizon": {"pl": "okres planu", "en": "plan period"},
        "plan.expect.years": {
            "pl": "roku (np. 2019) albo zakresu lat (np. 2019-2021) z lat {min}-{max}",
            "en": "a year (e.g. 2019) or a range of years (e.g. 2019-2021) within {min}-{max}",
        },
        "plan.hint.years": {
            "pl": "Wpisz np. 2019 albo 2019-2021.",
            "en": "Enter e.g. 2019 or 2019-2021.",
        },
        # plan checks
        "plan.severity.error": {"pl": "błąd", "en": "error"},
        "plan.severity.warning": {"pl": "uwaga", "en": "warning"},
        "plan.issue.goal_no_tasks": {
            "pl": "Cel {goal} („{title}”) nie ma żadnego zadania.",
            "en": "Goal {goal} ('{title}') has no tasks.",
        },
        "plan.hint.goal_no_tasks": {
            "pl": "Dodaj co najmniej jedno zadanie, które realizuje ten cel.",
            "en": "Add at least one task that carries out this goal.",
        },
        "plan.issue.no_responsible": {
            "pl": "Zadanie {task} nie ma podmiotu odpowiedzialnego.",
            "en": "Task {task} has no responsible entity.",
        },
        "plan.hint.no_responsible": {
            "pl": "Wpisz podmiot odpowiedzialny, np. nazwę ośrodka kultury.",
            "en": "Enter the responsible entity, e.g. the culture centre's name.",
        },
        "plan.issue.no_years": {
            "pl": "Zadanie {task} nie ma perspektywy czasowej.",
            "en": "Task {task} has no time perspective.",
        },
        "plan.issue.outside_horizon": {
            "pl": "Zadanie {task}: lata {years} wykraczają poza okres planu {start}-{end}.",
            "en": "Task {task}: years {years} lie outside the plan period {start}-{end}.",
        },
        "plan.hint.outside_horizon": {
            "pl": "Popraw lata zadania albo okres planu.",
            "en": "Correct the task's years or the plan period.",
        },
        "plan.issue.no_indicators": {
            "pl": "Zadanie {task} nie ma żadnego wskaźnika.",
            "en": "Task {task} has no indicator.",
        },
        "plan.hint.no_indicators": {
            "pl": "Dodaj wskaźnik z wartością docelową, np. „Liczba warsztatów (min. 10 rocznie)”.",
            "en": "Add an indicator with a target, e.g. 'Liczba warsztatow (min. 10 rocznie)'.",
        },
        "plan.issue.no_checkable": {
            "pl": "Zadanie {task}: żaden wskaźnik nie ma sprawdzalnej wartości docelowej.",
            "en": "Task {task}: no indicator has a checkable target.",
        },
        "plan.issue.unparsed": {
            "pl": "Zadanie {task}, wskaźnik „{indicator}”: wartość docelowa „{target}” "
            "wymaga sprawdzenia. {note}",
            "en": "Task {task}, indicator '{indicator}': the target '{target}' needs "
            "checking. {note}",
        },
        "plan.issue.target_note": {
            "pl": "Zadanie {task}, wskaźnik „{indicator}”: {note}",
            "en": "Task {task}, indicator '{indicator}': {note}",
        },
        "plan.hint.target_note": {
            "pl": "Sprawdź wartość docelową i lata zadania.",
            "en": "Check the target and the task's years.",
        },
        "plan.issue.factor_no_strategy": {
            "pl": "{quadrant}: „{factor}” (ważność {importance}) — żadna strategia TOWS "
            "tego czynnika nie podejmuje.",
            "en": "{quadrant}: '{factor}' (importance {importance}): no TOWS strategy "
            "addresses this factor.",
        },
        "plan.hint.factor_no_strategy": {
            "pl": "Dodaj strategię TOWS wykorzystującą ten czynnik i zadanie, które ją realizuje.",
            "en": "Add a TOWS strategy using this factor and a task that carries it out.",
        },
        "plan.issue.factor_no_task": {
            "pl": "{quadrant}: „{factor}” (ważność {importance}) — strategia „{strategy}” "
            "go podejmuje, ale żadne zadanie jej nie realizuje.",
            "en": "{quadrant}: '{factor}' (importance {importance}): strategy '{strategy}' "
            "addresses it, but no task carries it out.",
        },
        "plan.hint.factor_no_task": {
            "pl": "Połącz z tą strategią zadanie (albo cel, który ma zadania).",
            "en": "Link a task (or a goal that has tasks) to this strategy.",
        },
        # monitoring
        "plan.status.achieved": {"pl": "osiągnięty", "en": "achieved"},
        "plan.status.on_track": {"pl": "zgodnie z planem", "en": "on track"},
        "plan.status.at_risk": {"pl": "zagrożony", "en": "at risk"},
        "plan.status.not_started": {"pl": "nierozpoczęty", "en": "not started"},
        "plan.status.not_checkable": {"pl": "niesprawdzalny", "en": "not checkable"},
        "plan.reason.no_baseline": {
            "pl": "Wartość docelowa to zmiana, a wskaźnik nie ma wartości bazowej.",
            "en": "The target is a change, but the indicator has no baseline.",
        },
        "plan.reason.no_due_year": {
            "pl": "W okresie {start}-{end} nie przypada żadna wartość docelowa.",
            "en": "No target falls within {start}-{end}.",
        },
        "plan.reason.no_data": {"pl": "Brak pomiarów.", "en": "No measurements yet."},
        "plan.reason.overdue": {
            "pl": "Brak pomiarów, choć termin ({year}) minął.",
            "en": "No measurements although the deadline ({year}) has passed.",
        },
        "plan.reason.missed": {
            "pl": "W {year} r. oczekiwano {expected}, osiągnięto {actual}.",
            "en": "In {year} {expected} was expected, {actual} was reached.",
        },
        "plan.reason.achieved": {
            "pl": "Osiągnięto {actual} przy wartości docelowej {expected}.",
            "en": "Reached {actual} against a target of {expected}.",
        },
        "plan.reason.on_track": {
            "pl": "Dotychczasowe wartości zgodne z planem.",
            "en": "Values so far are as planned.",
        },
        "plan.reason.not_due": {
            "pl": "Wartość docelowa przypada od {year} r.",
            "en": "The target applies from {year}.",
        },
    }
)


# --- diacritics-blind matching -------------------------------------------------------------

_FOLD_MAP = {
    "ł": "l",
    "Ł": "l",
    "–": "-",
    "—": "-",
    "‒": "-",
    "−": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "„": '"',
    "”": '"',
    "“": '"',
}


def fold(text: str) -> str:
    """Lowercase ``text`` without Polish diacritics, character for character.

    The result has the same length as ``text``, so a match in the folded text points to the
    same characters in the original (which is how units keep their diacritics). Dashes become
    ``-`` and non-breaking spaces plain spaces.

    >>> fold("Począwszy od DRUGIEGO roku – łącznie")
    'poczawszy od drugiego roku - lacznie'
    """
    out = []
    for ch in text:
        mapped = _FOLD_MAP.get(ch)
        if mapped is None:
            base = unicodedata.normalize("NFKD", ch)[:1].lower()
            mapped = base if len(base) == 1 else ch
        out.append(mapped)
    return "".join(out)


# --- targets -------------------------------------------------------------------------------


class TargetKind(enum.StrEnum):
    """How a target is to be checked (see the module docstring)."""

    PER_PERIOD = "per_period"
    IN_YEAR = "in_year"
    BY_YEAR = "by_year"
    FROM_YEAR = "from_year"
    ONE_OFF = "one_off"
    LEVEL = "level"
    CHANGE = "change"
    UNPARSED = "unparsed"

    @property
    def label(self) -> str:
        return t(f"plan.kind.{self.value}")


class Period(enum.StrEnum):
    """The period of a per-period target."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"

    @property
    def per_year(self) -> int:
        """How many such periods a year has."""
        return {"year": 1, "half": 2, "quarter": 4, "month": 12, "week": 52}[self.value]

    @property
    def label(self) -> str:
        return t(f"plan.period.{self.value}")


class Bound(enum.StrEnum):
    """Whether the value is a floor ("min."), a ceiling ("max.") or a range.

    A plain number ("1 w 2019 r.") is ``exact``; for counts it is checked as a floor, since a
    plan that promised one report and delivered two has met its target.
    """

    MIN = "min"
    EXACT = "exact"
    MAX = "max"
    RANGE = "range"

    @property
    def label(self) -> str:
        return t(f"plan.bound.{self.value}")


@dataclass(frozen=True, slots=True)
class Target:
    """A target as written in the plan, and (when understood) how to check it.

    Attributes
    ----------
    text
        The wording exactly as written (never changed).
    kind
        How to check it; ``unparsed`` when it was not understood.
    value, upper
        The number (``upper`` only for ranges such as "10-15").
    bound
        Floor, exact, ceiling or range.
    unit
        ``"%"``, ``"p.p."`` or the words that followed the number (``"osób"``), else ``""``.
    period
        The period of a ``per_period`` target (also ``year`` for ``from_year``).
    start, end
        The years the target applies to; for ``by_year``, ``one_off`` and ``change`` ``end``
        is the deadline and ``start`` the year counting starts.
    from_plan_year
        ``n`` in "od n-tego roku trwania projektu".
    note
        Why a person should look at it (empty when nothing is doubtful).
    """

    text: str
    kind: TargetKind
    value: float | None = None
    upper: float | None = None
    bound: Bound = Bound.EXACT
    unit: str = ""
    period: Period | None = None
    start: int | None = None
    end: int | None = None
    from_plan_year: int | None = None
    note: str = ""

    @property
    def flagged(self) -> bool:
        """Whether a person should look at it (not understood, or something is doubtful)."""
        return self.kind is TargetKind.UNPARSED or bool(self.note)

    @property
    def cumulative(self) -> bool:
        """Whether measurements add up from ``start`` to the deadline (``by_year``, ``one_off``)."""
        return self.kind in (TargetKind.BY_YEAR, TargetKind.ONE_OFF)

    @property
    def latest(self) -> bool:
        """Whether the latest measurement counts (levels and changes) rather than sums."""
        return self.kind in (TargetKind.LEVEL, TargetKind.CHANGE)

    @property
    def checkable(self) -> bool:
        """Whether :meth:`expected` gives a value for some year (a change also needs a baseline)."""
        if self.kind is TargetKind.UNPARSED or self.value is None:
            return False
        if self.kind in (TargetKind.PER_PERIOD, TargetKind.LEVEL):
            return True
        if self.kind is TargetKind.FROM_YEAR:
            return self.start is not None
        return self.end is not None

    def expected(self, year: int, *, baseline: float | None = None) -> float | None:
        """The value the indicator should reach in ``year``, or ``None`` if nothing is due.

        For cumulative targets this is the total from ``start`` up to the deadline, due only in
        the deadline year; for ranges the lower end; for changes it needs ``baseline``.

        >>> target = parse_target("min. 1 na kwartał", horizon=(2019, 2021))
        >>> target.expected(2020), target.expected(2022)
        (4.0, None)
        >>> parse_target("wzrost o 10%", horizon=(2019, 2021)).expected(2021, baseline=200)
        220.0
        """
        if not self.checkable or self.value is None:
            return None
        if (self.start is not None and year < self.start) or (
            self.end is not None and year > self.end
        ):
            return None
        if self.kind in (TargetKind.PER_PERIOD, TargetKind.FROM_YEAR):
            return self.value * (self.period or Period.YEAR).per_year
        if self.kind in (TargetKind.IN_YEAR, TargetKind.LEVEL):
            return self.value
        if year != self.end:
            return None
        if self.kind is TargetKind.CHANGE:
            if baseline is None:
                return None
            if self.unit == "%":
                return round(baseline * (1 + self.value / 100), 10)
            return baseline + self.value
        return self.value

    def meets(self, actual: float, year: int, *, baseline: float | None = None) -> bool | None:
        """Whether ``actual`` meets the target for ``year`` (``None`` if nothing is due then).

        >>> target = parse_target("10-15 rocznie", horizon=(2019, 2021))
        >>> target.meets(12, 2019), target.meets(16, 2019), target.meets(9, 2019)
        (True, False, False)
        >>> parse_target("spadek o 5% do 2021 r.").meets(94, 2021, baseline=100)
        True
        """
        expected = self.expected(year, baseline=baseline)
        if expected is None:
            return None
        decrease = self.kind is TargetKind.CHANGE and self.value is not None and self.value < 0
        if self.bound is Bound.MAX or decrease:
            return actual <= expected
        if self.bound is Bound.RANGE and self.upper is not None and self.value:
            return expected <= actual <= expected * self.upper / self.value
        return actual >= expected


@dataclass(frozen=True, slots=True)
class IndicatorText:
    """One indicator cut out of a plan cell: its name and its target wording.

    ``text`` is the piece of the cell it came from, verbatim.
    """

    name: str
    target_text: str
    text: str

    def target(self, *, horizon: tuple[int, int] | None = None) -> Target:
        """The parsed target, with the name as context (a "rocznie" in the name counts)."""
        return parse_target(self.target_text, horizon=horizon, context=self.name)

    @property
    def flagged(self) -> bool:
        """True when no name or no target was found: a person should look at it."""
        return not self.name or not self.target_text


# --- the parser ------------------------------------------------------------------------------

_Y = r"(?:199\d|20\d\d|2100)"
_YR = rf"(?<!\d)({_Y})(?!\d)"
_R = r"(?:\s*(?:r\b\.?|rr\b\.?|roku\b))?"
_TAIL = (
    r"(?:\s+(?:trwania|realizacji|obowiazywania|dzialania))?"
    r"(?:\s+(?:projektu|planu|zadania|programu|strategii|przedsiewziecia))?"
)
_ORD_GEN = {
    "pierwszego": 1,
    "drugiego": 2,
    "trzeciego": 3,
    "czwartego": 4,
    "piatego": 5,
    "szostego": 6,
    "siodmego": 7,
    "osmego": 8,
    "dziewiatego": 9,
    "dziesiatego": 10,
}
_ORD_LOC = {
    "pierwszym": 1,
    "drugim": 2,
    "trzecim": 3,
    "czwartym": 4,
    "piatym": 5,
    "szostym": 6,
    "siodmym": 7,
    "osmym": 8,
    "dziewiatym": 9,
    "dziesiatym": 10,
}
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_NUMBER_WORDS = {
    **dict.fromkeys(("jeden", "jedna", "jedno", "jednego", "jednej"), 1),
    **dict.fromkeys(("dwa", "dwie", "dwoch", "dwu", "dwoje"), 2),
    **dict.fromkeys(("trzy", "trzech", "troje"), 3),
    **dict.fromkeys(("cztery", "czterech", "czworo"), 4),
    **dict.fromkeys(("piec", "pieciu"), 5),
    **dict.fromkeys(("szesc", "szesciu"), 6),
    **dict.fromkeys(("siedem", "siedmiu"), 7),
    **dict.fromkeys(("osiem", "osmiu"), 8),
    **dict.fromkeys(("dziewiec", "dziewieciu"), 9),
    **dict.fromkeys(("dziesiec", "dziesieciu"), 10),
    **dict.fromkeys(("dwanascie", "dwunastu"), 12),
    **dict.fromkeys(("pietnascie", "pietnastu"), 15),
    **dict.fromkeys(("dwadziescia", "dwudziestu"), 20),
    **dict.fromkeys(("sto", "stu"), 100),
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_NUM = (
    r"(?<![\d,])\d{1,3}(?:[ ]\d{3})+(?![\d,])"  # 1 500
    r"|(?<![\d,])\d+(?:,\d+|\.\d+(?!\.))?(?![\d,])"  # 10, 10,5, 1.5 (not a date's 31.12.)
    rf"|\b(?:{_alt(_NUMBER_WORDS)})\b"
)
_ORDINAL = rf"(?:(?P<ord>{_alt(_ORD_GEN)})|(?P<num>\d{{1,2}})\s*\.?|(?P<rom>{_alt(_ROMAN)}))"
_ORDINAL_LOC = rf"(?:(?P<ord>{_alt(_ORD_LOC)})|(?P<num>\d{{1,2}})\s*\.?|(?P<rom>{_alt(_ROMAN)}))"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_RE_DATE_BY = _rx(rf"\b(?:do|najpozniej)\s+(?:dnia\s+)?\d{{1,2}}[./-]\d{{1,2}}[./-]{_YR}{_R}")
_RE_YEAR_RANGE = _rx(
    r"(?:\bw\s+latach\s+|\blatach\s+|\blata\s+|\bw\s+okresie\s+|\bokres\s+)?(?:\bod\s+)?"
    rf"{_YR}\s*(?:-|/|\bdo\b)\s*{_YR}{_R}"
)
_RE_FROM_ORD = _rx(rf"(?:\bpoczawszy\s+)?\bod\s+{_ORDINAL}\s+roku\b{_TAIL}")
_RE_IN_ORD = _rx(rf"\bw\s+{_ORDINAL_LOC}\s+roku\b{_TAIL}")
_RE_FROM_YEAR = _rx(rf"(?:\bpoczawszy\s+)?\bod\s+(?:roku\s+)?{_YR}{_R}")
_RE_BY_YEAR = _rx(
    rf"(?:\bnajpozniej\s+)?\bdo\s+(?:konca\s+)?(?:roku\s+)?{_YR}{_R}"
    rf"|\b(?:najpozniej|nie\s+pozniej\s+niz)\s+(?:w\s+)?(?:roku\s+)?{_YR}{_R}"
)
_RE_BY_END = _rx(
    r"\bdo\s+(?:konca|zakonczenia)\s+(?:trwania\s+|realizacji\s+|okresu\s+)?"
    r"(?:projektu|planu|zadania|programu|realizacji|strategii|okresu)"
    r"(?:\s+(?:projektu|planu|zadania|programu))?"
)
_RE_IN_YEAR = _rx(rf"\bw\s+(?:roku\s+)?{_YR}{_R}|{_YR}\s*(?:r\b\.?|roku\b)|\broku\s+{_YR}")
_RE_PERIODS: tuple[tuple[Period, re.Pattern[str]], ...] = (
    (
        Period.HALF,
        _rx(r"\b(?:polrocznie|co\s+pol\s+roku|na\s+polrocze|w\s+(?:kazdym\s+)?polroczu)\b"),
    ),
    (
        Period.QUARTER,
        _rx(
            r"\b(?:kwartalnie|co\s+kwartal|na\s+kwartal|w\s+(?:kazdym\s+)?kwartale"
            r"|kazdego\s+kwartalu)\b|/\s*kw(?:artal)?\b\.?"
        ),
    ),
    (
        Period.MONTH,
        _rx(
            r"\b(?:miesiecznie|co\s+miesiac|na\s+miesiac|w\s+(?:kazdym\s+)?miesiacu"
            r"|kazdego\s+miesiaca)\b|/\s*mies(?:iac)?\b\.?"
        ),
    ),
    (
        Period.WEEK,
        _rx(
            r"\b(?:tygodniowo|co\s+tydzien|na\s+tydzien|w\s+(?:kazdym\s+)?tygodniu"
            r"|kazdego\s+tygodnia)\b|/\s*tydz(?:ien)?\b\.?"
        ),
    ),
    (
        Period.YEAR,
        _rx(
            r"\b(?:co\s*rocznie|corocznie|rocznie|co\s+roku|kazdego\s+roku|w\s+kazdym\s+roku"
            r"|w\s+ciagu\s+roku|w\s+skali\s+roku|na\s+przestrzeni\s+roku|na\s+rok|w\s+roku"
            r"|rok\s+w\s+rok)\b|/\s*rok\b|/\s*r\b\.?"
        ),
    ),
)
_RE_CHANGE = _rx(
    r"\b(?P<dir>wzrost\w*|zwieksz\w*|przyrost\w*|spadek|spadk\w*|zmniejsz\w*|redukcj\w*"
    r"|obniz\w*)(?:\s+[a-z]+)?\s+o(?=\s|\d)"
)
_RE_RANGE = _rx(rf"\bod\s+(?P<a>{_NUM})\s+do\s+(?P<b>{_NUM})|(?P<c>{_NUM})\s*-\s*(?P<d>{_NUM})")
_RE_NOT_LESS = _rx(r"\bnie\s+mniej\s+niz\b")
_RE_NOT_MORE = _rx(r"\bnie\s+wiecej\s+niz\b")
_RE_MIN = _rx(
    r"\bco\s+najmniej\b|\bconajmniej\b|\bprzynajmniej\b|\bminimum\b|\bminimalnie\b"
    r"|\bmin\b\.?|\bponad\b|\bpowyzej\b|\bwiecej\s+niz\b|>=|≥|>"
)
_RE_MAX = _rx(
    r"\bmaksymalnie\b|\bmaksimum\b|\bmaks\b\.?|\bmax\b\.?|\bnajwyzej\b|\bponizej\b"
    r"|\bmniej\s+niz\b|<=|≤|<|\bdo\b(?=\s*\d)"
)
_RE_APPROX = _rx(r"\bokolo\b|\bok\b\.?|~")
_RE_PERCENT = _rx(r"%|\bproc\b\.?|\bprocent\w*")
_RE_POINTS = _rx(r"\bp\.\s?p\b\.?|\bpunkt\w*\s+procentow\w*|\bpkt\b\.?\s+proc\w*\.?")
_RE_NUMBER = _rx(_NUM)
_RE_ONCE = _rx(r"\braz\b")
_RE_WORD = _rx(r"[^\W\d_]+")

#: Words that carry no meaning of their own around a target ("w", "r.", "trwania projektu").
_FILLERS = _words(
    "r rr rok roku w we na o i z ze od po a oraz razy razem raz trwania realizacji "
    "projektu planu zadania programu okresie okresu calym calego lacznie sumie ogolem "
    "jednorazowo kazdym kazdego poczawszy szt sztuk sztuki liczbie "
    "poziom poziomie poziomu utrzymanie osiagniecie minimum"
)
#: Words that change the meaning in a way the parser does not model: never read past them.
_BLOCKERS = _words(
    "co lata lat latach nie lub albo badz srednio sredni srednia sredniej mniej wiecej niz "
    "wzrost spadek dziennie dzien dni semestr semestrze sezon sezonie kazdy drugi trzeci "
    "tygodnie miesiace kwartaly zaleznie zaleznosci potrzeb potrzeby wg wedlug zgodnie "
    "harmonogramem procentowo ok okolo"
)


class _Text:
    """The folded text; each recognised piece is blanked out so it is read only once."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.folded = fold(original)

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.folded))
        for match in found:
            self.blank(match.start(), match.end())
        return found

    def blank(self, start: int, end: int) -> None:
        self.folded = self.folded[:start] + " " * (end - start) + self.folded[end:]


def _number(token: str) -> float:
    token = token.strip()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    return float(token.replace(" ", "").replace(",", "."))


def _ordinal(match: re.Match[str]) -> int:
    if match["ord"]:
        return _ORD_GEN.get(match["ord"]) or _ORD_LOC[match["ord"]]
    if match["rom"]:
        return _ROMAN[match["rom"]]
    return int(match["num"])


def _fmt(value: float | None) -> str:
    """A number as Polish plan tables write it (``10``, ``10,5``), ``–`` for none."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if get_language() == "pl" else text


def _check_horizon(horizon: tuple[int, int] | None) -> tuple[int, int] | None:
    if horizon is None:
        return None
    ok = (
        isinstance(horizon, tuple | list)
        and len(horizon) == 2
        and all(isinstance(y, int) and not isinstance(y, bool) for y in horizon)
        and MIN_YEAR <= horizon[0] <= horizon[1] <= MAX_YEAR
    )
    if not ok:
        raise ValidationError(
            "horizon",
            t("plan.expect.years", min=MIN_YEAR, max=MAX_YEAR),
            horizon,
            t("hint.years") if _reversed_pair(horizon) else t("plan.hint.years"),
        )
    return int(horizon[0]), int(horizon[1])


def _required_horizon(horizon: tuple[int, int] | None) -> tuple[int, int]:
    checked = _check_horizon(horizon)
    if checked is None:
        raise ValidationError("horizon", t("expect.present"), None, t("plan.hint.years"))
    return checked


def _reversed_pair(value: object) -> bool:
    return (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(isinstance(y, int) for y in value)
        and value[0] > value[1]
    )


def parse_target(text: str, *, horizon: tuple[int, int] | None = None, context: str = "") -> Target:
    """Read a target written in Polish; what is not understood comes back ``unparsed``.

    Parameters
    ----------
    text
        The target as written, e.g. ``"min. 10 rocznie"`` or ``"(1 w 2019 r.)"``.
    horizon
        ``(first year, last year)`` the target lives in: usually the task's years. Needed for
        "od drugiego roku", one-off targets and deadlines such as "do końca projektu".
    context
        The indicator's name; a period in it ("Liczba dotacji rocznie") applies to a target
        that names no period or year of its own.

    Returns
    -------
    Target
        Never raises for odd wording: doubtful targets carry a ``note`` and are ``flagged``.

    Examples
    --------
    >>> t1 = parse_target("rocznie (min. 10)", horizon=(2019, 2021))
    >>> t1.kind.value, t1.value, t1.bound.value, t1.period.value, t1.start, t1.end
    ('per_period', 10.0, 'min', 'year', 2019, 2021)
    >>> parse_target("1 do 2021 r.").end
    2021
    >>> t2 = parse_target("Dwa razy w roku")
    >>> t2.kind.value, t2.value
    ('per_period', 2.0)
    >>> parse_target("min. 10", context="Liczba udzielonych dotacji rocznie").period.value
    'year'
    >>> parse_target("1 w latach 2021-2019").note
    'Lata podano w odwrotnej kolejności (2021-2019).'
    """
    horizon = _check_horizon(horizon)
    verbatim = text if isinstance(text, str) else str(text)
    body = verbatim.strip().rstrip(".;,").strip()
    if not body:
        return Target(verbatim, TargetKind.UNPARSED, note=t("plan.note.empty"))
    scan = _Text(body.replace("(", " ").replace(")", " ").replace("[", " ").replace("]", " "))
    problems: list[str] = []
    anchors: list[tuple[str, int | None, int | None]] = []  # (what, start, end)
    wording: list[str] = []  # the same, as written (for the message when they conflict)

    def found(m: re.Match[str], what: str, first: int | None, last: int | None) -> None:
        anchors.append((what, first, last))
        wording.append(scan.original[m.start() : m.end()].strip())

    # 1. years: deadlines, windows, "from the n-th year", single years
    for m in scan.take(_RE_DATE_BY):
        found(m, "by", None, int(m[1]))
    for m in scan.take(_RE_YEAR_RANGE):
        first, last = int(m[1]), int(m[2])
        if first > last:
            problems.append(t("plan.note.reversed", years=f"{first}-{last}"))
        found(m, "window", first, last)
    for m in scan.take(_RE_FROM_ORD):
        found(m, "from_nth", _ordinal(m), None)
    for m in scan.take(_RE_IN_ORD):
        found(m, "in_nth", _ordinal(m), None)
    for m in scan.take(_RE_FROM_YEAR):
        found(m, "from", int(m[1]), None)
    for m in scan.take(_RE_BY_YEAR):
        found(m, "by", None, int(next(g for g in m.groups() if g)))
    for m in scan.take(_RE_BY_END):
        found(m, "by_end", None, None)
    for m in scan.take(_RE_IN_YEAR):
        year = int(next(g for g in m.groups() if g))
        found(m, "in", year, year)
    if len(anchors) > 1:
        problems.append(t("plan.note.conflict", what="; ".join(wording)))

    # 2. periods
    periods: list[Period] = []
    said: list[str] = []
    for period, pattern in _RE_PERIODS:
        for m in scan.take(pattern):
            periods.append(period)
            said.append(scan.original[m.start() : m.end()].strip())
    if len(set(periods)) > 1:
        problems.append(t("plan.note.conflict", what="; ".join(said)))

    # 3. change, unit, bound, number
    change_sign = 0
    for m in scan.take(_RE_CHANGE):
        change_sign = -1 if m["dir"][0] in "szro" else 1
    unit = ""
    if scan.take(_RE_POINTS):
        unit = "p.p."
    if scan.take(_RE_PERCENT):
        unit = unit or "%"
    value: float | None = None
    upper: float | None = None
    bound = Bound.EXACT
    ranges = scan.take(_RE_RANGE)
    if ranges:
        m = ranges[0]
        value, upper = _number(m["a"] or m["c"]), _number(m["b"] or m["d"])
        bound = Bound.RANGE
        if len(ranges) > 1 or value > upper:
            problems.append(t("plan.note.numbers", numbers=", ".join(r[0] for r in ranges)))
    bounds: set[Bound] = set()
    if scan.take(_RE_NOT_LESS):
        bounds.add(Bound.MIN)
    if scan.take(_RE_NOT_MORE):
        bounds.add(Bound.MAX)
    if scan.take(_RE_MIN):
        bounds.add(Bound.MIN)
    if scan.take(_RE_MAX):
        bounds.add(Bound.MAX)
    scan.take(_RE_APPROX)
    if len(bounds) > 1 or (bounds and bound is Bound.RANGE):
        problems.append(t("plan.note.bounds"))
    elif bounds:
        bound = bounds.pop()
    numbers = scan.take(_RE_NUMBER)
    if (numbers and value is not None) or len(numbers) > 1:
        problems.append(t("plan.note.numbers", numbers=", ".join(n[0].strip() for n in numbers)))
    elif numbers:
        value = _number(numbers[0][0])
    once = scan.take(_RE_ONCE)
    if value is None and once:
        value = 1.0

    # 4. whatever is left must be filler or a short unit ("osób", "uczestników")
    unit_words: list[str] = []
    odd: list[str] = []
    for m in _RE_WORD.finditer(scan.folded):
        word = m[0]
        if word in _BLOCKERS:
            odd.append(scan.original[m.start() : m.end()])
        elif word not in _FILLERS:
            unit_words.append(scan.original[m.start() : m.end()])
    if odd or len(unit_words) > 4:
        problems.append(t("plan.note.words", words=" ".join(odd or unit_words)))
    if not unit and unit_words:
        unit = " ".join(unit_words)

    if problems:
        return Target(verbatim, TargetKind.UNPARSED, note=" ".join(problems))
    anchor = anchors[0] if anchors else None
    note = ""
    if value is None:
        if anchor and anchor[0] in ("by", "by_end") and not change_sign and not unit:
            deadline = anchor[2] if anchor[0] == "by" else (horizon[1] if horizon else None)
            value = 1.0
            note = t("plan.note.assumed_one", year=deadline if deadline is not None else "?")
        else:
            return Target(verbatim, TargetKind.UNPARSED, note=t("plan.note.no_number"))
    return _build(
        verbatim,
        value=value,
        upper=upper,
        bound=bound,
        unit=unit,
        change_sign=change_sign,
        period=periods[0] if periods else None,
        anchor=anchor,
        horizon=horizon,
        context=context,
        note=note,
    )


def _build(
    text: str,
    *,
    value: float,
    upper: float | None,
    bound: Bound,
    unit: str,
    change_sign: int,
    period: Period | None,
    anchor: tuple[str, int | None, int | None] | None,
    horizon: tuple[int, int] | None,
    context: str,
    note: str,
) -> Target:
    """Decide the kind and the years once every piece of the wording is known."""
    h_start, h_end = horizon if horizon else (None, None)
    what, first, last = anchor or ("", None, None)
    start, end, nth = h_start, h_end, None
    if what == "window":
        start, end = first, last
    elif what == "in":
        start = end = first
    elif what == "by":
        end = last
    elif what == "from":
        start = first
    elif what in ("from_nth", "in_nth"):
        nth = first
        start = h_start + nth - 1 if h_start is not None and nth is not None else None
        if what == "in_nth":
            end = start
        if start is None:
            note = t("plan.note.needs_horizon", n=nth)
    if what == "by" and start is not None and end is not None and start > end:
        start = end  # "do 2019 r." in a 2020-2021 task: the horizon note below says so

    kind: TargetKind
    if change_sign:
        kind, value = TargetKind.CHANGE, change_sign * value
    elif unit in ("%", "p.p."):
        kind = TargetKind.LEVEL
        if what == "by":
            start = end  # "min. 50% do 2021 r.": the level is due in 2021
    else:
        if period is None and what in ("", "from", "from_nth"):
            period = _context_period(context)
        if what in ("from", "from_nth"):
            kind, period = TargetKind.FROM_YEAR, period or Period.YEAR
        elif period is not None:
            kind = TargetKind.PER_PERIOD
        elif what in ("in", "in_nth"):
            kind = TargetKind.IN_YEAR
        elif what in ("by", "by_end", "window"):
            kind = TargetKind.BY_YEAR
        else:
            kind = TargetKind.ONE_OFF
    if kind is not TargetKind.PER_PERIOD and kind is not TargetKind.FROM_YEAR:
        period = None
    target = Target(
        text,
        kind,
        value=value,
        upper=upper,
        bound=bound,
        unit=unit,
        period=period,
        start=start,
        end=end,
        from_plan_year=nth,
        note=note,
    )
    if horizon is None or note:
        return target
    for year in (start, end):
        if year is not None and not horizon[0] <= year <= horizon[1]:
            note = t("plan.note.outside", year=year, start=horizon[0], end=horizon[1])
            return dataclasses.replace(target, note=note)
    return target


def _context_period(context: str) -> Period | None:
    if not context:
        return None
    folded = fold(context)
    found = [period for period, pattern in _RE_PERIODS if pattern.search(folded)]
    return found[0] if len(found) == 1 else None


# --- years ----------------------------------------------------------------------------------

_RE_YEARS = re.compile(
    r"^(?:w\s+latach\s+|lata\s+|w\s+roku\s+|rok\s+|od\s+)?"
    rf"{_YR}{_R}(?:\s*(?:-|/|do)\s*{_YR}{_R})?\.?$"
)


def parse_years(text: str) -> tuple[int, int]:
    """The time perspective of a task as ``(start, end)``.

    Accepts "2019", "2019-2021", "2019–2021" (en dash), "2019 - 2021 r.", "w latach
    2019-2021", "od 2019 do 2021". Raises :class:`~swot.errors.ValidationError` with a Polish
    message otherwise; reversed years ("2021-2019") are refused with the hint to swap them.

    >>> parse_years("2019–2021"), parse_years("2020"), parse_years("w latach 2020-2021 r.")
    ((2019, 2021), (2020, 2020), (2020, 2021))
    >>> parse_years("2021-2019")
    Traceback (most recent call last):
    ...
    swot.errors.ValidationError: Pole „perspektywa czasowa”: oczekiwano roku początkowego nie \
późniejszego niż końcowy, otrzymano '2021-2019'. Zamień lata miejscami (np. 2019-2021).
    """
    if not isinstance(text, str):
        raise ValidationError(
            "years", t("plan.expect.years", min=MIN_YEAR, max=MAX_YEAR), text, t("plan.hint.years")
        )
    match = _RE_YEARS.match(" ".join(fold(text).split()))
    if not match:
        raise ValidationError(
            "years", t("plan.expect.years", min=MIN_YEAR, max=MAX_YEAR), text, t("plan.hint.years")
        )
    start = int(match[1])
    end = int(match[2]) if match[2] else start
    if start > end:
        raise ValidationError("years", t("expect.years"), text, t("hint.years"))
    if not MIN_YEAR <= start <= end <= MAX_YEAR:
        raise ValidationError(
            "years", t("plan.expect.years", min=MIN_YEAR, max=MAX_YEAR), text, t("plan.hint.years")
        )
    return start, end


# --- the plan's horizon ---------------------------------------------------------------------

#: The workspace setting holding the plan's horizon as ``[start, end]``.
HORIZON_SETTING = "plan_horizon"


def plan_horizon(ws: Workspace) -> tuple[int, int] | None:
    """The plan's horizon set once for the workspace (:func:`set_plan_horizon`), or ``None``.

    :func:`check_plan` and :func:`monitoring_table` use it when no ``horizon`` is passed.
    A setting that is not a valid pair of years (edited by hand) raises
    :class:`~swot.errors.ValidationError` rather than being guessed around.
    """
    stored = ws.setting(HORIZON_SETTING)
    if stored is None:
        return None
    return _check_horizon(tuple(stored) if isinstance(stored, list) else stored)


def set_plan_horizon(
    ws: Workspace, start: int, end: int, *, actor: str | None = None
) -> tuple[int, int]:
    """Set the plan's horizon (first and last year of the plan) for the whole workspace.

    Checked like every horizon: whole years within the supported range, ``start <= end``
    (reversed years are refused with the hint to swap them). Recorded in the history.
    Returns the horizon as stored.
    """
    horizon = _required_horizon((start, end))
    ws.set_setting(HORIZON_SETTING, list(horizon), actor=actor)
    return horizon


def _horizon_or_stored(ws: Workspace, horizon: tuple[int, int] | None) -> tuple[int, int] | None:
    return _check_horizon(horizon) if horizon is not None else plan_horizon(ws)


def known_entities(ws: Workspace) -> list[str]:
    """Every responsible and cooperating entity already named in the workspace, sorted.

    Forms offer these so that one institution is spelled one way across plans.
    """
    names = {task.responsible for task in ws.objects(Task) if task.responsible}
    names.update(name for task in ws.objects(Task) for name in task.cooperating)
    return sorted(names, key=lambda name: (fold(name), name))


def describe_target(target: Target) -> str:
    """How a parsed target reads back, in the interface language (empty when unparsed).

    >>> describe_target(parse_target("min. 10 rocznie"))
    'co najmniej 10 rocznie'
    >>> describe_target(parse_target("1 do 2021 r.", horizon=(2019, 2021)))
    '1 łącznie do 2021 r.'
    >>> describe_target(parse_target("co 2 lata"))
    ''
    """
    if target.kind is TargetKind.UNPARSED or target.value is None:
        return ""
    value = _fmt(target.value)
    if target.bound is Bound.RANGE and target.upper is not None:
        value = f"{value}–{_fmt(target.upper)}"
    unit = target.unit
    if unit in ("%", "p.p."):
        value = f"{value}{unit}" if unit == "%" else f"{value} {unit}"
    elif unit:
        value = f"{value} {unit}"
    bound = {Bound.MIN: "plan.bound.min", Bound.MAX: "plan.bound.max"}.get(target.bound)
    amount = f"{t(bound)} {value}" if bound else value
    kind = target.kind
    if kind is TargetKind.PER_PERIOD:
        text = f"{amount} {(target.period or Period.YEAR).label}"
        if target.start is not None and target.start == target.end:
            text += " " + t("plan.read.window_one", year=target.start)
        elif target.start is not None and target.end is not None:
            text += " " + t("plan.read.window", start=target.start, end=target.end)
        return text
    if kind is TargetKind.IN_YEAR:
        return t("plan.read.in_year", amount=amount, year=target.start)
    if kind is TargetKind.BY_YEAR:
        return t("plan.read.by_year", amount=amount, year=target.end)
    if kind is TargetKind.FROM_YEAR:
        if target.start is None:
            return t("plan.read.from_nth", amount=amount, n=target.from_plan_year)
        return t("plan.read.from_year", amount=amount, year=target.start)
    if kind is TargetKind.ONE_OFF:
        if target.end is None:
            return t("plan.read.one_off", amount=amount)
        return t("plan.read.by_year", amount=amount, year=target.end)
    if kind is TargetKind.LEVEL:
        return t("plan.read.level", amount=amount)
    # a change ("wzrost o 10% do 2021 r.")
    sign = "plan.read.increase" if target.value >= 0 else "plan.read.decrease"
    size = _fmt(abs(target.value)) + (unit if unit == "%" else f" {unit}" if unit else "")
    text = t(sign, amount=size)
    return text + (" " + t("plan.read.deadline", year=target.end) if target.end else "")


# --- splitting a cell into indicators -------------------------------------------------------

_RE_PIECES = re.compile(r"[\r\n;•●▪◦·]+")
_RE_BULLET = re.compile(r"^\s*(?:[-–—*]|\d{1,2}[.)](?=\s+\D)|[a-z]\))\s*")
_RE_SENTENCE_END = re.compile(r"(?<=[.)])\s*[.,]?\s+(?=\S)")
_ABBREVIATIONS = _words(
    "np tj im św sw ul ok tzw in dr prof pt nr godz al pl zob wg ang mgr inż inz ks"
)
_INDICATOR_START = re.compile(
    r"^(?:liczba|odsetek|udzial|wartosc|procent|poziom|stopien|wskaznik|kwota|ilosc)\b"
)
_RE_MARKER = re.compile(
    r"(?:^|\s)(?=(?:min\b\.?|minimum\b|co\s+najmniej\b|nie\s+mniej\s+niz\b|przynajmniej\b"
    r"|max\b\.?|maks\b\.?|nie\s+wiecej\s+niz\b|wzrost\w*\s|spadek\s|zwieksz\w*\s"
    r"|zmniejsz\w*\s)\S*)"
)
_RE_TRAILING_PAREN = re.compile(r"^(?P<name>.*?)\s*\((?P<target>[^()]*)\)\s*[.,;:]?\s*$", re.S)
_RE_COLON = re.compile(r"^(?P<name>[^:]+?)\s*:\s*(?P<target>.+)$", re.S)
_RE_DASH = re.compile(r"^(?P<name>.+)\s+[-–—]\s+(?P<target>[^-–—]+)$", re.S)


def _looks_like_target(text: str) -> bool:
    folded = fold(text)
    return bool(
        re.search(r"\d|%", folded) or re.search(rf"\b(?:{_alt(_NUMBER_WORDS)}|raz)\b", folded)
    )


def _sentences(piece: str) -> list[str]:
    """Cut a piece at sentence ends that start a new indicator (not after "np.", "im.")."""
    out: list[str] = []
    start = 0
    for m in _RE_SENTENCE_END.finditer(piece):
        before = piece[start : m.start()]
        after = piece[m.end() :]
        last_word = re.findall(r"[^\W\d_]+\.?$", before.rstrip(")"))
        if last_word and fold(last_word[0].rstrip(".")) in _ABBREVIATIONS:
            continue
        starts_new = (
            after[:1].isupper()
            or bool(_INDICATOR_START.match(fold(after)))
            or bool(re.match(r"[-–—*]\s", after))
        )
        closes = before.endswith(")") or "." in piece[m.start() : m.end()]
        if starts_new and closes:
            out.append(before)
            start = m.end()
    out.append(piece[start:])
    return [s.strip() for s in out if s.strip(" .,;")]


def _split_one(sentence: str) -> tuple[str, str]:
    text = sentence.strip().rstrip(".;,").strip()
    m = _RE_TRAILING_PAREN.match(text)
    if m and _looks_like_target(m["target"]):
        return m["name"].strip(" .:–-"), m["target"].strip()
    m = _RE_COLON.match(text)
    if m and not _looks_like_target_only(m["name"]):  # "Name: target", whatever the target says
        return m["name"].strip(), m["target"].strip()
    m = _RE_DASH.match(text)  # dashes also occur in names: the right side must look like a target
    if m and _looks_like_target(m["target"]) and not _looks_like_target_only(m["name"]):
        return m["name"].strip(), m["target"].strip()
    m = _RE_MARKER.search(fold(text))
    if m:
        cut = m.end()
        return text[:cut].strip(" .:–-"), text[cut:].strip()
    trailing = re.match(r"^(?P<name>.*[^\W\d_])\s+(?P<target>\d[\d\s,.]*%?)$", text)
    if trailing:
        return trailing["name"].strip(), trailing["target"].strip()
    if _looks_like_target_only(text):
        return "", text
    return text, ""


def _looks_like_target_only(text: str) -> bool:
    """True when the whole text reads as a target ("(1)", "min. 1 na kwartał")."""
    if _INDICATOR_START.match(fold(text)):
        return False
    return parse_target(text).kind is not TargetKind.UNPARSED


def split_indicators(cell_text: str | None) -> list[IndicatorText]:
    """Cut a plan cell into indicators, each with its name and its target wording.

    Indicators are separated by new lines, bullets, semicolons or sentence ends; the target is
    the last parenthesis ("Liczba warsztatów (min. 10)"), the part after a colon or a dash,
    or what follows "min.", "co najmniej", "wzrost o" ... A piece with no recognisable target
    keeps its whole text as the name and an empty target (``flagged``); a piece that is only a
    target joins the previous indicator if that one has none. Nothing is dropped.

    Examples
    --------
    >>> cell = ("Liczba udzielonych dotacji rocznie (min. 10). "
    ...         "Liczba opracowanych założeń (1 w 2019 r.).")
    >>> for piece in split_indicators(cell):
    ...     print(piece.name, "|", piece.target_text)
    Liczba udzielonych dotacji rocznie | min. 10
    Liczba opracowanych założeń | 1 w 2019 r.
    >>> [(i.name, i.target_text) for i in split_indicators("• Liczba spotkań: min. 1 na kwartał")]
    [('Liczba spotkań', 'min. 1 na kwartał')]
    """
    if not cell_text:
        return []
    found: list[IndicatorText] = []
    for raw in _RE_PIECES.split(cell_text):
        piece = _RE_BULLET.sub("", raw, count=1).strip()
        if not piece.strip(" .,;"):
            continue
        for sentence in _sentences(piece):
            sentence = _RE_BULLET.sub("", sentence, count=1).strip()
            name, target = _split_one(sentence)
            if not name and found and not found[-1].target_text:
                previous = found.pop()
                found.append(IndicatorText(previous.name, target, f"{previous.text} {sentence}"))
                continue
            found.append(IndicatorText(name, target, sentence))
    return found


# --- plan checks ----------------------------------------------------------------------------


class Severity(enum.StrEnum):
    """``error``: the plan is incomplete; ``warning``: a person should look."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return t(f"plan.severity.{self.value}")


@dataclass(frozen=True, slots=True)
class PlanIssue:
    """One problem found in a plan, with where it is and how to fix it.

    ``rule`` is a stable identifier (``"task.no_responsible"``) for tests and filters;
    ``message`` and ``hint`` are in the interface language.
    """

    severity: Severity
    rule: str
    message: str
    hint: str
    goal_number: int | None = None
    task_number: str | None = None
    object_kind: str = ""
    object_id: str = ""


def task_label(goal: Goal, task: Task) -> str:
    """A task's number as plan tables write it: goal.task, e.g. ``"1.2"``."""
    return f"{goal.number}.{task.number}"


def _plan_goals(ws: Workspace, institution_id: str | None) -> list[Goal]:
    if institution_id is None:  # the joint plan: goals that belong to no institution
        goals = [g for g in ws.objects(Goal) if g.institution_id is None]
        return sorted(goals, key=lambda g: g.number)
    return ws.goals(institution_id)


def _tasks(ws: Workspace, goal: Goal) -> list[Task]:
    return sorted(ws.objects(Task, parent=goal.id), key=lambda task: task.number)


def _task_horizon(task: Task, horizon: tuple[int, int] | None) -> tuple[int, int] | None:
    if task.start_year is not None and task.end_year is not None:
        return task.start_year, task.end_year
    return horizon


def check_plan(
    ws: Workspace, institution_id: str | None, horizon: tuple[int, int] | None = None
) -> list[PlanIssue]:
    """Everything a plan needs before a panel sees it, as a list of issues (empty: all good).

    Rules, in the order they are reported (goal by goal, task by task):

    * each goal has at least one task (error);
    * each task has a responsible entity (error), years (error) that lie inside ``horizon``
      (error; ``horizon=None`` takes the workspace's :func:`plan_horizon`, and the rule is
      skipped when none is set) and at least one indicator (error);
    * at least one indicator of each task has a checkable target (error), and every target
      that was not understood or is doubtful is reported (warning);
    * each weakness and threat of importance 4 or 5 is used by a TOWS strategy (warning) that
      a task carries out (warning). A task carries out the strategies it lists and those of its
      goal. Skipped for the joint plan (``institution_id=None``), which has no factors of
      its own.

    Targets are read with the task's years as their horizon (so "od drugiego roku trwania
    projektu" counts from the task's first year).
    """
    horizon = _horizon_or_stored(ws, horizon)
    issues: list[PlanIssue] = []
    implemented: set[str] = set()
    for goal in _plan_goals(ws, institution_id):
        tasks = _tasks(ws, goal)
        if not tasks:
            issues.append(
                PlanIssue(
                    Severity.ERROR,
                    "goal.no_tasks",
                    t("plan.issue.goal_no_tasks", goal=goal.number, title=goal.title),
                    t("plan.hint.goal_no_tasks"),
                    goal.number,
                    None,
                    Goal.KIND,
                    goal.id,
                )
            )
        else:
            implemented.update(goal.strategy_ids)
        for task in tasks:
            implemented.update(task.strategy_ids)
            issues.extend(_check_task(ws, goal, task, horizon))
    if institution_id is not None:
        issues.extend(_check_factors(ws, institution_id, implemented))
    return issues


def _check_task(
    ws: Workspace, goal: Goal, task: Task, horizon: tuple[int, int] | None
) -> list[PlanIssue]:
    label = task_label(goal, task)

    def issue(severity: Severity, rule: str, message: str, hint: str, obj: object) -> PlanIssue:
        kind = getattr(obj, "KIND", "")
        return PlanIssue(severity, rule, message, hint, goal.number, label, kind, obj.id)  # type: ignore[attr-defined]

    out: list[PlanIssue] = []
    if not task.responsible:
        out.append(
            issue(
                Severity.ERROR,
                "task.no_responsible",
                t("plan.issue.no_responsible", task=label),
                t("plan.hint.no_responsible"),
                task,
            )
        )
    if task.start_year is None:
        out.append(
            issue(
                Severity.ERROR,
                "task.no_years",
                t("plan.issue.no_years", task=label),
                t("plan.hint.years"),
                task,
            )
        )
    elif horizon is not None and not (
        horizon[0] <= task.start_year and (task.end_year or task.start_year) <= horizon[1]
    ):
        out.append(
            issue(
                Severity.ERROR,
                "task.outside_horizon",
                t(
                    "plan.issue.outside_horizon",
                    task=label,
                    years=task.years,
                    start=horizon[0],
                    end=horizon[1],
                ),
                t("plan.hint.outside_horizon"),
                task,
            )
        )
    indicators = ws.objects(Indicator, parent=task.id)
    if not indicators:
        out.append(
            issue(
                Severity.ERROR,
                "task.no_indicators",
                t("plan.issue.no_indicators", task=label),
                t("plan.hint.no_indicators"),
                task,
            )
        )
        return out
    checkable = 0
    notes: list[PlanIssue] = []
    for indicator in indicators:
        target = parse_target(
            indicator.target_text,
            horizon=_task_horizon(task, horizon),
            context=indicator.name,
        )
        checkable += target.checkable
        if target.kind is TargetKind.UNPARSED:
            notes.append(
                issue(
                    Severity.WARNING,
                    "indicator.unparsed",
                    t(
                        "plan.issue.unparsed",
                        task=label,
                        indicator=indicator.name,
                        target=indicator.target_text,
                        note=target.note,
                    ),
                    t("plan.hint.target"),
                    indicator,
                )
            )
        elif target.note:
            notes.append(
                issue(
                    Severity.WARNING,
                    "indicator.doubtful",
                    t(
                        "plan.issue.target_note",
                        task=label,
                        indicator=indicator.name,
                        note=target.note,
                    ),
                    t("plan.hint.target_note"),
                    indicator,
                )
            )
    if not checkable:
        out.append(
            issue(
                Severity.ERROR,
                "task.no_checkable_indicator",
                t("plan.issue.no_checkable", task=label),
                t("plan.hint.target"),
                task,
            )
        )
    return out + notes


def _check_factors(ws: Workspace, institution_id: str, implemented: set[str]) -> list[PlanIssue]:
    strategies = ws.objects(Strategy, parent=institution_id)
    out: list[PlanIssue] = []
    important = [
        f
        for f in ws.factors(institution_id)
        if f.quadrant in (Quadrant.W, Quadrant.T) and f.importance >= 4
    ]
    important.sort(key=lambda f: (-f.importance, f.quadrant != Quadrant.W, f.position))
    for factor in important:
        using = [s for s in strategies if factor.id in s.factor_ids]
        if any(s.id in implemented for s in using):
            continue
        params: dict[str, Any] = {
            "quadrant": factor.quadrant.label,
            "factor": factor.text,
            "importance": factor.importance,
        }
        if using:
            message = t("plan.issue.factor_no_task", strategy=using[0].text, **params)
            rule, hint = "factor.no_task", t("plan.hint.factor_no_task")
        else:
            message = t("plan.issue.factor_no_strategy", **params)
            rule, hint = "factor.no_strategy", t("plan.hint.factor_no_strategy")
        out.append(
            PlanIssue(Severity.WARNING, rule, message, hint, None, None, Factor.KIND, factor.id)
        )
    return out


# --- monitoring -----------------------------------------------------------------------------


class Status(enum.StrEnum):
    """Monitoring status of an indicator."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    NOT_STARTED = "not_started"
    NOT_CHECKABLE = "not_checkable"

    @property
    def label(self) -> str:
        return t(f"plan.status.{self.value}")


@dataclass(frozen=True, slots=True)
class YearValue:
    """One year of an indicator: what was due, what counts as reached, and whether it is met.

    ``actual`` is the value compared with ``expected``: the year's total for per-year targets,
    the running total from the target's start for cumulative ones, the latest measurement for
    levels and changes. ``met`` is ``None`` when nothing is due that year or nothing is known.
    """

    year: int
    expected: float | None
    actual: float | None
    met: bool | None


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    """The status of one indicator, the target it was checked against, and why."""

    status: Status
    target: Target
    years: tuple[YearValue, ...]
    reason: str


def _sort_key(period: str) -> tuple[int, int]:
    """Chronological order; a yearly value counts as taken at the year's end."""
    year, _, part = period.partition("-")
    if not part:
        return int(year), 13
    if part.startswith("Q"):
        return int(year), int(part[1]) * 3
    return int(year), int(part)


def _yearly_totals(measurements: Sequence[Measurement]) -> dict[int, float]:
    totals: dict[int, float] = {}
    whole: dict[int, float] = {}
    for m in measurements:
        if "-" in m.period:
            totals[m.year] = totals.get(m.year, 0.0) + m.value
        else:
            whole[m.year] = whole.get(m.year, 0.0) + m.value
    return totals | whole


def indicator_status(
    indicator: Indicator,
    measurements: Iterable[Measurement],
    *,
    horizon: tuple[int, int],
    today_year: int | None = None,
) -> IndicatorStatus:
    """Compare an indicator's measurements with its target, year by year.

    Parameters
    ----------
    indicator
        Its ``target_text`` is parsed with its name as context; its ``baseline`` serves
        changes ("wzrost o 10%").
    measurements
        Measurements of this indicator (others are ignored), periods ``"2020"``, ``"2020-Q1"``
        or ``"2020-03"`` (see the module docstring for how they add up).
    horizon
        The years the target lives in: the task's years, else the plan's.
    today_year
        The year in progress (default: this calendar year). Earlier years are closed; the
        year in progress is never held against the plan.

    Returns
    -------
    IndicatorStatus
        ``not_checkable``: the target was not understood, a change has no baseline, or nothing
        is due within ``horizon``. ``not_started``: no measurements yet and no deadline passed.
        ``at_risk``: a closed year missed its value, a deadline passed with nothing measured,
        or a level is below its target. ``achieved``: every due value is met and nothing more is
        due (a cumulative floor counts as achieved as soon as it is reached). ``on_track``:
        otherwise.

    Examples
    --------
    >>> from swot.model import Indicator, Measurement
    >>> ind = Indicator(task_id="t1", name="Liczba warsztatów", target_text="min. 10 rocznie")
    >>> ms = [Measurement(indicator_id=ind.id, period="2019", value=12),
    ...       Measurement(indicator_id=ind.id, period="2020-Q1", value=3)]
    >>> indicator_status(ind, ms, horizon=(2019, 2021), today_year=2020).status.value
    'on_track'
    >>> indicator_status(ind, ms, horizon=(2019, 2021), today_year=2021).status.value
    'at_risk'
    """
    horizon = _required_horizon(horizon)
    today = today_year if today_year is not None else date.today().year
    mine = sorted(
        (m for m in measurements if m.indicator_id == indicator.id),
        key=lambda m: _sort_key(m.period),
    )
    target = parse_target(indicator.target_text, horizon=horizon, context=indicator.name)
    baseline = indicator.baseline
    years = range(horizon[0], horizon[1] + 1)

    def result(status: Status, reason: str, rows: Sequence[YearValue] = ()) -> IndicatorStatus:
        return IndicatorStatus(status, target, tuple(rows), reason)

    if not target.checkable:
        return result(Status.NOT_CHECKABLE, target.note or t("plan.note.no_number"))
    if target.kind is TargetKind.CHANGE and baseline is None:
        return result(Status.NOT_CHECKABLE, t("plan.reason.no_baseline"))
    due = [y for y in years if target.expected(y, baseline=baseline) is not None]
    if not due:
        reason = t("plan.reason.no_due_year", start=horizon[0], end=horizon[1])
        return result(Status.NOT_CHECKABLE, reason)

    totals = _yearly_totals(mine)
    rows: list[YearValue] = []
    for year in years:
        expected = target.expected(year, baseline=baseline)
        if target.latest:
            known = [m.value for m in mine if m.year <= year]
            actual = known[-1] if known else None
        elif target.cumulative:
            first = target.start if target.start is not None else horizon[0]
            span = [v for y, v in totals.items() if first <= y <= year]
            actual = sum(span) if span else None
        else:
            actual = totals.get(year)
        met = (
            None
            if expected is None or actual is None
            else target.meets(actual, year, baseline=baseline)
        )
        rows.append(YearValue(year, expected, actual, met))

    if not mine:
        overdue = [y for y in due if y < today]
        if overdue:
            return result(Status.AT_RISK, t("plan.reason.overdue", year=overdue[0]), rows)
        return result(Status.NOT_STARTED, t("plan.reason.no_data"), rows)

    by_year = {row.year: row for row in rows}
    last_due = by_year[due[-1]]
    if target.latest:
        latest = mine[-1]
        first_due = due[0]
        if latest.year < first_due and today <= due[-1]:
            return result(Status.ON_TRACK, t("plan.reason.not_due", year=first_due), rows)
        check_year = min(max(latest.year, first_due), due[-1])
        row = by_year[check_year]
        if row.met:
            done = today > due[-1] and latest.year >= due[-1]
            if done:
                return result(Status.ACHIEVED, _achieved(row), rows)
            return result(Status.ON_TRACK, t("plan.reason.on_track"), rows)
        if target.kind is TargetKind.CHANGE and today <= due[-1]:
            return result(Status.ON_TRACK, t("plan.reason.on_track"), rows)
        return result(Status.AT_RISK, _missed(row, target, baseline), rows)

    missed = [by_year[y] for y in due if y < today and not by_year[y].met]
    if missed:
        return result(Status.AT_RISK, _missed(missed[0], target, baseline), rows)
    early = target.cumulative and target.bound is not Bound.MAX and last_due.met
    closed = all(by_year[y].met for y in due) and (
        due[-1] < today or (due[-1] == today and target.bound is not Bound.MAX)
    )
    if early or closed:
        return result(Status.ACHIEVED, _achieved(last_due), rows)
    return result(Status.ON_TRACK, t("plan.reason.on_track"), rows)


def _achieved(row: YearValue) -> str:
    return t("plan.reason.achieved", actual=_fmt(row.actual), expected=_fmt(row.expected))


def _missed(row: YearValue, target: Target, baseline: float | None) -> str:
    expected = target.expected(row.year, baseline=baseline)
    return t("plan.reason.missed", year=row.year, expected=_fmt(expected), actual=_fmt(row.actual))


@dataclass(frozen=True, slots=True)
class MonitoringRow:
    """One row of the yearly monitoring table: an indicator and its status."""

    goal_number: int
    task_number: str
    task_title: str
    responsible: str
    indicator_id: str
    indicator_name: str
    unit: str
    baseline: float | None
    target_text: str
    target: Target
    status: Status
    reason: str
    years: tuple[YearValue, ...] = field(default=())

    @property
    def status_label(self) -> str:
        return self.status.label


def monitoring_table(
    ws: Workspace,
    institution_id: str | None,
    *,
    horizon: tuple[int, int] | None = None,
    today_year: int | None = None,
) -> list[MonitoringRow]:
    """The yearly monitoring table of a plan: one row per indicator, goal by goal, task by task.

    Each indicator is checked with :func:`indicator_status` over its task's years (the plan's
    ``horizon`` when the task has none); ``years`` in each row always covers the whole
    ``horizon`` so the rows line up as a table. ``institution_id=None`` is the joint plan.
    ``horizon=None`` takes the workspace's :func:`plan_horizon` (required then).
    """
    horizon = _required_horizon(_horizon_or_stored(ws, horizon))
    rows: list[MonitoringRow] = []
    for goal in _plan_goals(ws, institution_id):
        for task in _tasks(ws, goal):
            task_horizon = _task_horizon(task, horizon) or horizon
            for indicator in ws.objects(Indicator, parent=task.id):
                measurements = ws.objects(Measurement, parent=indicator.id)
                checked = indicator_status(
                    indicator, measurements, horizon=task_horizon, today_year=today_year
                )
                known = {row.year: row for row in checked.years}
                years = tuple(
                    known.get(year, YearValue(year, None, None, None))
                    for year in range(horizon[0], horizon[1] + 1)
                )
                rows.append(
                    MonitoringRow(
                        goal_number=goal.number,
                        task_number=task_label(goal, task),
                        task_title=task.title,
                        responsible=task.responsible,
                        indicator_id=indicator.id,
                        indicator_name=indicator.name,
                        unit=indicator.unit or checked.target.unit,
                        baseline=indicator.baseline,
                        target_text=indicator.target_text,
                        target=checked.target,
                        status=checked.status,
                        reason=checked.reason,
                        years=years,
                    )
                )
    return rows


# --- timeline and responsibility matrix ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineBar:
    """One task on the timeline: its goal, its label ("1.2") and its years (inclusive)."""

    goal_number: int
    goal_title: str
    task_number: str
    task_title: str
    responsible: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """The plan's tasks as bars over the years, goal by goal (a Gantt chart's data).

    ``undated`` lists the tasks without years (``"1.3"`` ...): they cannot be drawn.
    ``horizon`` is the plan's horizon, else the span of the tasks' years (``None``: no years).
    """

    bars: tuple[TimelineBar, ...]
    undated: tuple[str, ...]
    horizon: tuple[int, int] | None


def timeline(
    ws: Workspace, institution_id: str | None, *, horizon: tuple[int, int] | None = None
) -> Timeline:
    """The timeline of a plan (``institution_id=None``: the joint plan), in plan order."""
    bars: list[TimelineBar] = []
    undated: list[str] = []
    for goal in _plan_goals(ws, institution_id):
        for task in _tasks(ws, goal):
            if task.start_year is None or task.end_year is None:
                undated.append(task_label(goal, task))
                continue
            bars.append(
                TimelineBar(
                    goal.number,
                    goal.title,
                    task_label(goal, task),
                    task.title,
                    task.responsible,
                    task.start_year,
                    task.end_year,
                )
            )
    span = _horizon_or_stored(ws, horizon)
    if span is None and bars:
        span = (min(b.start for b in bars), max(b.end for b in bars))
    return Timeline(tuple(bars), tuple(undated), span)


@dataclass(frozen=True, slots=True)
class ResponsibilityMatrix:
    """Entity × task: who is responsible (``"responsible"``) and who cooperates.

    ``tasks`` are ``(label, title)`` in plan order; ``entities`` are responsible ones first
    (by how many tasks they lead), then the others by how many tasks they join; ``roles``
    maps ``(entity, task label)`` to ``"responsible"`` or ``"cooperating"``.
    """

    entities: tuple[str, ...]
    tasks: tuple[tuple[str, str], ...]
    roles: dict[tuple[str, str], str]

    def role(self, entity: str, task: str) -> str:
        """The role of ``entity`` in task ``task`` (a label such as ``"1.2"``), or ``""``."""
        return self.roles.get((entity, task), "")

    def count(self, entity: str, role: str) -> int:
        """In how many tasks ``entity`` has ``role``."""
        return sum(1 for (e, _task), r in self.roles.items() if e == entity and r == role)


def responsibilities(ws: Workspace, institution_id: str | None) -> ResponsibilityMatrix:
    """Who leads and who joins each task of a plan (``institution_id=None``: the joint plan).

    Names are compared as written (after collapsing spaces): spelling variants are separate
    rows, which is how a team sees them and fixes them.
    """
    tasks: list[tuple[str, str]] = []
    roles: dict[tuple[str, str], str] = {}
    for goal in _plan_goals(ws, institution_id):
        for task in _tasks(ws, goal):
            label = task_label(goal, task)
            tasks.append((label, task.title))
            for name in task.cooperating:
                roles.setdefault((" ".join(name.split()), label), "cooperating")
            if task.responsible.strip():
                roles[(" ".join(task.responsible.split()), label)] = "responsible"
    names = {entity for entity, _task in roles}
    lead = {
        n: sum(1 for (e, _), r in roles.items() if e == n and r == "responsible") for n in names
    }
    join = {
        n: sum(1 for (e, _), r in roles.items() if e == n and r == "cooperating") for n in names
    }
    order = sorted(names, key=lambda n: (-lead[n], -join[n], fold(n), n))
    return ResponsibilityMatrix(tuple(order), tuple(tasks), roles)
