"""Turn analysis results into findings: a statement, its numbers, and where they come from.

A finding is what later stages cite as SWOT evidence, so its source must let a planning team
trace it back to the residents' answers: the question, the base, the channels, the interval.
These functions only draft a :class:`~swot.model.Finding` (version 0); a person edits the
statement and saves it.
"""

from __future__ import annotations

import pandas as pd

from swot.errors import ValidationError
from swot.i18n import register, t
from swot.model import Finding
from swot.survey.codebook import Codebook

__all__ = ["draft_from_frequencies", "draft_from_ipa"]

register(
    {
        "find.source.freq": {
            "pl": "Konsultacje społeczne: pytanie „{question}”, odpowiedź „{option}”{group}; "
            "podstawa n = {base}{tallies}; 95% przedział ufności {low}–{high}.",
            "en": "Public consultation: question '{question}', answer '{option}'{group}; "
            "base n = {base}{tallies}; 95% confidence interval {low}-{high}.",
        },
        "find.source.group": {"pl": " (grupa: {group})", "en": " (group: {group})"},
        "find.source.tallies": {
            "pl": ", w tym sonda uliczna",
            "en": ", street poll included",
        },
        "find.source.ipa": {
            "pl": "Konsultacje społeczne: ważność i ocena cechy „{aspect}” ({institution}); "
            "n = {n_imp} (ważność), {n_perf} (ocena).",
            "en": "Public consultation: importance and rating of '{aspect}' ({institution}); "
            "n = {n_imp} (importance), {n_perf} (rating).",
        },
        "find.statement.freq": {
            "pl": "{share} odpowiadających na pytanie „{question}” wybrało „{option}”{group}.",
            "en": "{share} of those answering '{question}' chose '{option}'{group}.",
        },
        "find.statement.ipa": {
            "pl": "Cecha „{aspect}” jest dla mieszkańców ważna (średnio {imp}), a ocena "
            "{institution} jest niższa (średnio {perf}).",
            "en": "'{aspect}' matters to residents (mean {imp}) while {institution} is rated "
            "lower (mean {perf}).",
        },
        "find.n.share": {"pl": "odsetek", "en": "share"},
        "find.n.low": {"pl": "dolna granica 95%", "en": "95% lower bound"},
        "find.n.high": {"pl": "górna granica 95%", "en": "95% upper bound"},
        "find.n.base": {"pl": "n", "en": "n"},
        "find.n.importance": {"pl": "ważność (średnia)", "en": "importance (mean)"},
        "find.n.performance": {"pl": "ocena (średnia)", "en": "rating (mean)"},
        "find.no_option": {
            "pl": "odpowiedzi występującej w wynikach ({choices})",
            "en": "an answer present in the results ({choices})",
        },
    }
)


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def draft_from_frequencies(
    freq: pd.DataFrame,
    codebook: Codebook,
    option: str,
    *,
    group: str | None = None,
    statement: str | None = None,
    institution_id: str | None = None,
) -> Finding:
    """A finding about one answer of a :func:`swot.diagnosis.frequencies` result.

    ``group`` picks the block of a result computed with ``by=`` (e.g. ``"20–29"``).
    """
    rows = freq[freq["option"] == option]
    by = next((c for c in freq.columns if c not in _FREQ_COLUMNS), None)
    if group is not None and by is not None:
        rows = rows[rows[by].astype(str) == group]
    if rows.empty:
        choices = ", ".join(dict.fromkeys(map(str, freq["option"])))
        raise ValidationError(
            "option", t("find.no_option", choices=choices), option, t("hint.pick")
        )
    row = rows.iloc[0]
    variable = str(freq.attrs.get("variable", ""))
    question = codebook[variable].label if variable in codebook else variable
    group_text = t("find.source.group", group=group) if group else ""
    tallies = t("find.source.tallies") if bool(row.get("includes_tallies", False)) else ""
    source = t(
        "find.source.freq",
        question=question,
        option=option,
        group=group_text,
        base=int(row["base"]),
        tallies=tallies,
        low=_pct(row["ci_low"]),
        high=_pct(row["ci_high"]),
    )
    text = statement or t(
        "find.statement.freq",
        share=_pct(row["share"]),
        question=question,
        option=option,
        group=group_text,
    )
    numbers = {
        t("find.n.share"): round(float(row["share"]), 4),
        t("find.n.low"): round(float(row["ci_low"]), 4),
        t("find.n.high"): round(float(row["ci_high"]), 4),
        t("find.n.base"): int(row["base"]),
    }
    return Finding(
        statement=text, source=source, numbers=tuple(numbers.items()), institution_id=institution_id
    )


_FREQ_COLUMNS = {
    "option",
    "dont_know",
    "count",
    "count_responses",
    "count_tallies",
    "base",
    "effective_base",
    "share",
    "ci_low",
    "ci_high",
    "includes_tallies",
}


def draft_from_ipa(
    ipa: pd.DataFrame,
    aspect: str,
    *,
    institution_id: str,
    institution_name: str,
    aspect_label: str | None = None,
    statement: str | None = None,
) -> Finding:
    """A finding about one aspect of an :func:`swot.diagnosis.importance_performance` result."""
    rows = ipa[ipa["aspect"] == aspect]
    if rows.empty:
        choices = ", ".join(map(str, ipa["aspect"]))
        raise ValidationError(
            "aspect", t("find.no_option", choices=choices), aspect, t("hint.pick")
        )
    row = rows.iloc[0]
    label = aspect_label or aspect
    source = t(
        "find.source.ipa",
        aspect=label,
        institution=institution_name,
        n_imp=int(row["importance_n"]),
        n_perf=int(row["performance_n"]),
    )
    imp, perf = f"{row['importance']:.1f}", f"{row['performance']:.1f}"
    text = statement or t(
        "find.statement.ipa",
        aspect=label,
        institution=institution_name,
        imp=imp.replace(".", ","),
        perf=perf.replace(".", ","),
    )
    numbers = {
        t("find.n.importance"): round(float(row["importance"]), 3),
        t("find.n.performance"): round(float(row["performance"]), 3),
        t("find.n.base"): int(row["performance_n"]),
    }
    return Finding(
        statement=text, source=source, numbers=tuple(numbers.items()), institution_id=institution_id
    )
