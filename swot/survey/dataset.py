"""The canonical consultation dataset and the report of one import.

Every importer returns a :class:`SurveyImport`: the rows it accepted in canonical form (see
:mod:`swot.survey.codebook`), the codebook it used (possibly with variables it inferred, marked
as such), and an :class:`ImportReport` saying what happened to every row. Nothing is written to
a workspace until a person has seen the report and accepted it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from swot.errors import Problem
from swot.i18n import register, t
from swot.survey.codebook import Codebook, Variable, VarType, other_column

__all__ = [
    "BASE_COLUMNS",
    "NOTE_COLUMNS",
    "TALLY_COLUMNS",
    "ImportReport",
    "SurveyData",
    "SurveyImport",
    "category_dtype",
    "empty_notes",
    "empty_responses",
    "empty_tallies",
]

BASE_COLUMNS = ("respondent", "channel", "source_file", "source_row", "submitted")
TALLY_COLUMNS = ("channel", "place", "date", "variable", "option", "count")
NOTE_COLUMNS = ("date", "institution", "form", "text", "source_file", "source_row")

CHANNELS = ("online", "paper", "event", "street", "in_person")

register(
    {
        "channel.online": {"pl": "ankieta internetowa", "en": "online survey"},
        "channel.paper": {"pl": "ankiety papierowe", "en": "paper questionnaires"},
        "channel.event": {"pl": "ankiety na wydarzeniach", "en": "questionnaires at events"},
        "channel.street": {"pl": "sonda uliczna", "en": "street poll"},
        "channel.in_person": {"pl": "opinie zebrane osobiście", "en": "opinions given in person"},
        "report.summary": {
            "pl": "{file}: {rows_in} wierszy → przyjęto {accepted}, odrzucono {rejected}.",
            "en": "{file}: {rows_in} rows → accepted {accepted}, rejected {rejected}.",
        },
        "report.tallies": {
            "pl": "{file}: {rows_in} wierszy zliczeń ({people} odpowiedzi) → przyjęto {accepted}, "
            "odrzucono {rejected}.",
            "en": "{file}: {rows_in} tally rows ({people} answers) → accepted {accepted}, "
            "rejected {rejected}.",
        },
    }
)


def empty_responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent": pd.Series(dtype="string"),
            "channel": pd.Series(dtype="string"),
            "source_file": pd.Series(dtype="string"),
            "source_row": pd.Series(dtype="Int64"),
            "submitted": pd.Series(dtype="datetime64[ns]"),
        }
    )


def empty_tallies() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "channel": pd.Series(dtype="string"),
            "place": pd.Series(dtype="string"),
            "date": pd.Series(dtype="string"),
            "variable": pd.Series(dtype="string"),
            "option": pd.Series(dtype="string"),
            "count": pd.Series(dtype="Int64"),
        }
    )


def empty_notes() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="Int64" if c == "source_row" else "string") for c in NOTE_COLUMNS}
    )


@dataclass(frozen=True)
class ImportReport:
    """What happened to one file: every row is either accepted or rejected, with reasons.

    ``rows_in == accepted + rejected`` always holds (checked on construction).
    """

    file: str
    format: str
    channel: str
    encoding: str
    delimiter: str
    rows_in: int
    accepted: int
    rejected: int
    problems: tuple[Problem, ...] = ()
    rejected_rows: tuple[int, ...] = ()
    dropped_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    inferred_variables: tuple[str, ...] = ()
    blank_rows: tuple[int, ...] = ()
    masked: dict[str, int] = field(default_factory=dict)
    people: int = 0  # tallies: answers counted

    def __post_init__(self) -> None:
        if self.rows_in != self.accepted + self.rejected:
            raise ValueError(
                f"rows_in {self.rows_in} != accepted {self.accepted} + rejected {self.rejected}"
            )

    @property
    def ok(self) -> bool:
        """True when at least one row can be imported."""
        return self.accepted > 0

    def summary(self) -> str:
        key = "report.tallies" if self.format == "tallies" else "report.summary"
        return t(
            key,
            file=self.file,
            rows_in=self.rows_in,
            accepted=self.accepted,
            rejected=self.rejected,
            people=self.people,
        )

    def problem_counts(self) -> Counter[str]:
        return Counter(p.rule for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "channel": self.channel,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows_in": self.rows_in,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "problems": [_problem_dict(p) for p in self.problems],
            "rejected_rows": list(self.rejected_rows),
            "dropped_columns": list(self.dropped_columns),
            "ignored_columns": list(self.ignored_columns),
            "inferred_variables": list(self.inferred_variables),
            "blank_rows": list(self.blank_rows),
            "masked": dict(self.masked),
            "people": self.people,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        values = dict(data)
        values["problems"] = tuple(Problem(**p) for p in values.get("problems", []))
        for key in (
            "rejected_rows",
            "dropped_columns",
            "ignored_columns",
            "inferred_variables",
            "blank_rows",
        ):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


def _problem_dict(p: Problem) -> dict[str, Any]:
    return dataclasses.asdict(p)


@dataclass(frozen=True)
class SurveyImport:
    """One file turned into canonical data, waiting for a person to accept it."""

    report: ImportReport
    codebook: Codebook
    responses: pd.DataFrame = field(default_factory=empty_responses)
    tallies: pd.DataFrame = field(default_factory=empty_tallies)
    notes: pd.DataFrame = field(default_factory=empty_notes)

    @property
    def kind(self) -> str:
        """``"responses"``, ``"tallies"`` or ``"notes"``: what this file holds."""
        if self.report.format == "tallies":
            return "tallies"
        if self.report.format == "notes":
            return "notes"
        return "responses"


@dataclass(frozen=True)
class SurveyData:
    """All accepted consultation data of a workspace, merged over files and channels."""

    codebook: Codebook
    responses: pd.DataFrame = field(default_factory=empty_responses)
    tallies: pd.DataFrame = field(default_factory=empty_tallies)
    notes: pd.DataFrame = field(default_factory=empty_notes)
    reports: tuple[ImportReport, ...] = ()

    @classmethod
    def merge(cls, codebook: Codebook, imports: Sequence[SurveyImport]) -> SurveyData:
        """Concatenate imports into one dataset typed by ``codebook``."""
        responses = [i.responses for i in imports if i.kind == "responses"]
        tallies = [i.tallies for i in imports if i.kind == "tallies"]
        notes = [i.notes for i in imports if i.kind == "notes"]
        merged = (
            pd.concat([empty_responses(), *responses], ignore_index=True)
            if responses
            else empty_responses()
        )
        return cls(
            codebook=codebook,
            responses=conform(merged, codebook),
            tallies=pd.concat([empty_tallies(), *tallies], ignore_index=True)
            if tallies
            else empty_tallies(),
            notes=pd.concat([empty_notes(), *notes], ignore_index=True) if notes else empty_notes(),
            reports=tuple(i.report for i in imports),
        )

    @property
    def n(self) -> int:
        return len(self.responses)

    def n_by_channel(self) -> dict[str, int]:
        """Respondents per channel, plus answers counted in street-poll tallies."""
        out = {str(k): int(v) for k, v in self.responses["channel"].value_counts().items()}
        single = [v.name for v in self.codebook if v.type is not VarType.MULTIPLE]
        asked = self.tallies[self.tallies["variable"].isin(single)]
        if len(asked):  # people asked: the largest total of a single-answer question
            out["street"] = int(asked.groupby("variable")["count"].sum().max())
        return out


def category_dtype(var: Variable) -> pd.CategoricalDtype:
    """The dtype of a closed question's answers: its categories, ordered for a Likert scale."""
    return pd.CategoricalDtype(list(var.categories), ordered=var.type is VarType.LIKERT)


def _missing(n: int, dtype: Any) -> pd.Series:
    """A column of ``n`` missing answers of ``dtype`` (made at once, not cell by cell)."""
    return pd.Series(index=pd.RangeIndex(n), dtype=dtype)


def conform(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Give ``frame`` every codebook column with its canonical dtype (missing → NA)."""
    columns: dict[str, pd.Series] = {}
    n = len(frame)
    for name in BASE_COLUMNS:
        columns[name] = frame[name] if name in frame else pd.Series([pd.NA] * n)
    for var in codebook:
        if var.type.categorical:
            dtype = category_dtype(var)
            if var.name not in frame:
                columns[var.name] = _missing(n, dtype)
                continue
            source = frame[var.name]
            same = isinstance(source.dtype, pd.CategoricalDtype) and source.dtype == dtype
            columns[var.name] = source if same else source.astype("object").astype(dtype)
        elif var.type is VarType.MULTIPLE:
            for column in var.columns:
                columns[column] = (
                    frame[column].astype("boolean") if column in frame else _missing(n, "boolean")
                )
            other = other_column(var.name)
            columns[other] = (
                frame[other].astype("string") if other in frame else _missing(n, "string")
            )
        elif var.type is VarType.NUMERIC:
            columns[var.name] = (
                pd.to_numeric(frame[var.name], errors="coerce").astype("Float64")
                if var.name in frame
                else _missing(n, "Float64")
            )
        else:
            columns[var.name] = (
                frame[var.name].astype("string") if var.name in frame else _missing(n, "string")
            )
    out = pd.DataFrame({k: v.reset_index(drop=True) for k, v in columns.items()}, copy=False)
    out = out.astype(
        {
            "respondent": "string",
            "channel": "string",
            "source_file": "string",
            "source_row": "Int64",
        }
    )
    out["submitted"] = pd.to_datetime(out["submitted"], errors="coerce")
    return out
