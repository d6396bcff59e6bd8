"""The codebook: what each question is, its answers, and how every channel spells them.

One :class:`Variable` per analysed quantity. A grid question ("How do you rate the offer of
[MOK] / [Tkacz] / [DOK]?") becomes one variable per row, sharing a ``group`` and naming its
``subject`` (an institution id), so analyses can compare the centres.

How the four channels spell a question differs ("Jak ocenia Pan/Pani ofertę ... [MOK]" online,
"Ocena MOK" on paper, ``Q5[SQ001]`` in LimeSurvey), and so do answers ("Bardzo dobrze" vs
``5``). ``Variable.headings`` lists every known heading of the question; ``Variable.answers``
maps every known spelling of an answer to the canonical option. For a multiple-choice
question answered in one column per option (paper sheets, LimeSurvey), ``option_headings``
maps each such column heading to its option.

A codebook is plain data: it round-trips through JSON (and YAML, where PyYAML is installed)
so a team can review and correct it, and it is saved in the workspace.

Canonical dataset (what every importer returns, see :mod:`swot.survey.dataset`): one row per
respondent with the columns ``respondent``, ``channel``, ``source_file``, ``source_row``,
``submitted``, then per variable

* single, likert, demographic: one categorical column named ``var.name`` whose categories are
  ``options + dont_know`` (missing answer: NA);
* multiple: one boolean column per option named :func:`option_column` (``name[option]``),
  NA where the respondent skipped the whole question, plus a string column
  :func:`other_column` (``name_other``) with unlisted answers;
* numeric: one float column; open: one string column (personal data already masked).
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from swot.errors import ValidationError
from swot.i18n import register, t
from swot.text import fold

__all__ = [
    "Codebook",
    "VarType",
    "Variable",
    "fold",
    "option_column",
    "other_column",
]

_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")

register(
    {
        "field.label": {"pl": "treść pytania", "en": "question text"},
        "field.type": {"pl": "typ pytania", "en": "question type"},
        "field.options": {"pl": "odpowiedzi", "en": "answers"},
        "field.dont_know": {"pl": "odpowiedzi „nie wiem”", "en": "'don't know' answers"},
        "field.answers": {"pl": "inne pisownie odpowiedzi", "en": "other spellings of answers"},
        "field.headings": {"pl": "nagłówki kolumn", "en": "column headings"},
        "field.variables": {"pl": "zmienne", "en": "variables"},
        "field.format": {"pl": "format pliku", "en": "file format"},
    }
)


class VarType(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    LIKERT = "likert"
    NUMERIC = "numeric"
    OPEN = "open"
    DEMOGRAPHIC = "demographic"

    @property
    def categorical(self) -> bool:
        return self in (VarType.SINGLE, VarType.LIKERT, VarType.DEMOGRAPHIC)


def other_column(variable: str) -> str:
    """Column of a multiple-choice variable's free-text "other" answers: ``needs_other``."""
    return f"{variable}_other"


def option_column(variable: str, option: str) -> str:
    """Column name of one option of a multiple-choice variable: ``needs[Wystawy]``."""
    return f"{variable}[{option}]"


@dataclass(frozen=True, slots=True)
class Variable:
    """One question (or one row of a grid question) of the questionnaire."""

    name: str
    label: str
    type: VarType
    options: tuple[str, ...] = ()
    dont_know: tuple[str, ...] = ()
    group: str | None = None
    subject: str | None = None
    headings: tuple[str, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)
    option_headings: Mapping[str, str] = field(default_factory=dict)
    other_headings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.fullmatch(self.name):
            raise ValidationError(
                "name", t("expect.variable_name"), self.name, t("hint.variable_name")
            )
        object.__setattr__(self, "type", _vartype(self.type))
        for name in ("options", "dont_know", "headings", "other_headings"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if len(set(self.options + self.dont_know)) != len(self.options) + len(self.dont_know):
            raise ValidationError(
                "options", t("expect.text_list"), list(self.options), t("hint.repeats")
            )
        if self.type in (VarType.LIKERT, VarType.MULTIPLE) and not self.options:
            raise ValidationError("options", t("expect.text_list"), [], t("hint.fill"))
        allowed = set(self.options) | set(self.dont_know)
        bad = sorted(v for v in self.answers.values() if v not in allowed)
        bad += sorted(v for v in self.option_headings.values() if v not in self.options)
        if bad:
            raise ValidationError(
                "answers",
                t("expect.choice", choices=", ".join(self.options + self.dont_know)),
                bad[0],
                t("hint.pick"),
            )
        object.__setattr__(self, "answers", dict(self.answers))
        object.__setattr__(self, "option_headings", dict(self.option_headings))

    @property
    def categories(self) -> tuple[str, ...]:
        """Answer categories in order: the scale (or options), then "don't know"."""
        return self.options + self.dont_know

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns this variable occupies in the canonical dataset."""
        if self.type is VarType.MULTIPLE:
            return tuple(option_column(self.name, o) for o in self.options)
        return (self.name,)

    def canonical(self, answer: str) -> str | None:
        """The canonical option for one spelling of an answer, or ``None`` if unknown."""
        if answer in self.answers:
            return self.answers[answer]
        key = fold(answer)
        for option in self.categories:
            if fold(option) == key:
                return option
        for spelling, option in self.answers.items():
            if fold(spelling) == key:
                return option
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "label": self.label, "type": self.type.value}
        for key in ("options", "dont_know", "headings", "other_headings"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        for key in ("group", "subject"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        for key in ("answers", "option_headings"):
            if getattr(self, key):
                out[key] = dict(getattr(self, key))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Variable:
        known = {
            "name",
            "label",
            "type",
            "options",
            "dont_know",
            "group",
            "subject",
            "headings",
            "answers",
            "option_headings",
            "other_headings",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(
                unknown[0],
                t("expect.choice", choices=", ".join(sorted(known))),
                unknown[0],
                t("hint.unknown_field"),
            )
        if "name" not in data or "type" not in data:
            raise ValidationError(
                "name" if "name" not in data else "type", t("expect.present"), None, t("hint.fill")
            )
        return cls(**{**data, "label": data.get("label", data["name"])})

    def replace(self, **changes: Any) -> Variable:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Codebook:
    """The questionnaire: variables in order, found by name or by any heading."""

    variables: tuple[Variable, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        names = [v.name for v in self.variables]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValidationError(
                "name", t("expect.unique", kind=t("kind.variable")), dupes[0], t("hint.unique")
            )
        taken: dict[str, str] = {}
        for var in self.variables:
            for heading in (*var.headings, *var.option_headings, *var.other_headings):
                key = fold(heading)
                if key in taken and taken[key] != var.name:
                    raise ValidationError(
                        "headings",
                        t("expect.unique", kind=t("kind.heading")),
                        heading,
                        t("hint.unique"),
                    )
                taken[key] = var.name

    def __iter__(self) -> Any:
        return iter(self.variables)

    def __len__(self) -> int:
        return len(self.variables)

    def __getitem__(self, name: str) -> Variable:
        for var in self.variables:
            if var.name == name:
                return var
        raise KeyError(name)

    def get(self, name: str, default: Variable | None = None) -> Variable | None:
        """The variable called ``name``, or ``default``."""
        return next((v for v in self.variables if v.name == name), default)

    def __contains__(self, name: object) -> bool:
        return any(v.name == name for v in self.variables)

    @property
    def names(self) -> list[str]:
        return [v.name for v in self.variables]

    def by_type(self, *types: VarType) -> list[Variable]:
        return [v for v in self.variables if v.type in types]

    def group(self, group: str) -> list[Variable]:
        """The rows of one grid question, in codebook order."""
        return [v for v in self.variables if v.group == group]

    def match_heading(self, heading: str) -> tuple[Variable, str | None] | None:
        """Which variable a column heading belongs to.

        Returns ``(variable, option)`` where ``option`` is set for a one-column-per-option
        heading of a multiple-choice question, ``"__other__"`` for its free-text "other"
        column, else ``None``. ``None`` overall when no variable claims the heading.
        """
        key = fold(heading)
        for var in self.variables:
            if any(fold(h) == key for h in var.headings):
                return var, None
            for h, option in var.option_headings.items():
                if fold(h) == key:
                    return var, option
            if any(fold(h) == key for h in var.other_headings):
                return var, "__other__"
        return None

    def with_variable(self, variable: Variable) -> Codebook:
        """A codebook with ``variable`` added, or replacing the one of the same name."""
        if variable.name in self:
            return replace(
                self,
                variables=tuple(variable if v.name == variable.name else v for v in self.variables),
            )
        return replace(self, variables=(*self.variables, variable))

    def merged(self, other: Codebook) -> Codebook:
        """This codebook plus ``other``'s variables and spellings (ours win on conflicts)."""
        result = self
        for var in other.variables:
            if var.name not in result:
                result = result.with_variable(var)
                continue
            mine = result[var.name]
            result = result.with_variable(
                mine.replace(
                    headings=_union(mine.headings, var.headings),
                    other_headings=_union(mine.other_headings, var.other_headings),
                    answers={**var.answers, **mine.answers},
                    option_headings={**var.option_headings, **mine.option_headings},
                )
            )
        return result

    # --- files -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "swot-codebook",
            "version": 1,
            "title": self.title,
            "variables": [v.to_dict() for v in self.variables],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Codebook:
        if not isinstance(data, Mapping) or data.get("format") != "swot-codebook":
            raise ValidationError(
                "format",
                "swot-codebook",
                data.get("format") if isinstance(data, Mapping) else type(data).__name__,
                t("hint.mapping"),
            )
        variables = data.get("variables", [])
        if not isinstance(variables, list):
            raise ValidationError("variables", t("expect.text_list"), type(variables).__name__)
        return cls(tuple(Variable.from_dict(v) for v in variables), str(data.get("title", "")))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Codebook:
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise ValidationError("json", "JSON", exc.msg, t("hint.mapping")) from None

    def save(self, path: str | Path) -> Path:
        """Write as JSON, or YAML when the name ends in ``.yaml``/``.yml``."""
        target = Path(path)
        if target.suffix.lower() in (".yaml", ".yml"):
            import yaml

            target.write_text(
                yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )
        else:
            target.write_text(self.to_json(), encoding="utf-8")
        return target

    @classmethod
    def load(cls, path: str | Path) -> Codebook:
        source = Path(path)
        text = source.read_text(encoding="utf-8-sig")
        if source.suffix.lower() in (".yaml", ".yml"):
            import yaml

            return cls.from_dict(yaml.safe_load(text))
        return cls.from_json(text)


def _vartype(value: Any) -> VarType:
    try:
        return VarType(value)
    except ValueError:
        choices = ", ".join(v.value for v in VarType)
        raise ValidationError(
            "type", t("expect.choice", choices=choices), value, t("hint.pick")
        ) from None


def _union(first: Sequence[str], second: Iterable[str]) -> tuple[str, ...]:
    seen = dict.fromkeys(first)
    seen.update(dict.fromkeys(second))
    return tuple(seen)
