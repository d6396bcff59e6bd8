"""The domain model: immutable objects with validation that explains itself.

Every object is a frozen dataclass. A change returns a new object (``obj.replace(...)``); the
:class:`~swot.store.Workspace` persists it. Each persisted object has an ``id`` and a
``version`` (0 = never saved); the workspace uses the version to refuse stale edits.

The chain the whole toolkit follows::

    Finding → Factor (evidence) → Strategy (factor_ids) → Goal (strategy_ids) → Task
        → Indicator (target_text) → Measurement

Examples
--------
>>> f = Factor(institution_id="mok", quadrant="S", text="Doświadczona kadra instruktorów")
>>> f.quadrant.value, f.importance, f.version
('S', 3, 0)
>>> f.replace(importance=5).importance
5
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Self, TypeVar
from urllib.parse import urlsplit

from swot.errors import ValidationError
from swot.i18n import get_language, register, t
from swot.text import fold

__all__ = [
    "DEFAULT_CATEGORIES",
    "KINDS",
    "Comment",
    "CommentStatus",
    "Evidence",
    "Factor",
    "Finding",
    "Goal",
    "Indicator",
    "Institution",
    "InvitationStatus",
    "Measurement",
    "Model",
    "Offer",
    "OfferAudience",
    "OfferForm",
    "Participant",
    "Phase",
    "Quadrant",
    "Rating",
    "ReportDelivery",
    "Role",
    "Session",
    "Stakeholder",
    "StakeholderCategory",
    "Strategy",
    "StrategyKind",
    "Task",
    "Team",
    "Vote",
    "Weekday",
    "new_id",
]

#: Factor categories a new workspace starts with (editable per workspace).
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "oferta programowa",
    "odbiorcy",
    "kadra",
    "infrastruktura",
    "finanse",
    "promocja",
    "partnerstwa",
    "zarządzanie",
)

SHORT_TEXT = 200
LONG_TEXT = 1000
NOTE_TEXT = 10_000
MIN_YEAR, MAX_YEAR = 1990, 2100
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_E = TypeVar("_E", bound=enum.Enum)
_PERIOD_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$")


def new_id() -> str:
    """A new identifier: 20 hex digits, the time in milliseconds, then 36 random bits.

    Ids made later sort later (as UUIDv7's do), so a new object lands beside the last one in
    the workspace's tables instead of at a random place: a save writes fewer pages. Unique
    at any workshop's scale (two ids made in the same millisecond collide once in 69 billion).
    """
    return f"{time.time_ns() // 1_000_000:011x}{secrets.randbits(36):09x}"


def now_iso() -> str:
    """Current UTC time as an ISO 8601 string with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Quadrant(enum.StrEnum):
    """SWOT quadrant: internal (S, W) or external (O, T)."""

    S = "S"
    W = "W"
    O = "O"  # noqa: E741 - the letter is the domain's own name
    T = "T"

    @property
    def label(self) -> str:
        return t(f"quadrant.{self.value}")

    @property
    def internal(self) -> bool:
        return self in (Quadrant.S, Quadrant.W)


class StrategyKind(enum.StrEnum):
    """TOWS strategy: which internal and external quadrant it combines."""

    SO = "SO"
    ST = "ST"
    WO = "WO"
    WT = "WT"

    @property
    def quadrants(self) -> tuple[Quadrant, Quadrant]:
        return Quadrant(self.value[0]), Quadrant(self.value[1])


class Role(enum.StrEnum):
    TRAINER = "trainer"
    MEMBER = "member"
    EXPERT = "expert"


class CommentStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


# --- validators: each raises ValidationError naming the field, expectation and a fix ---------


def _text(name: str, value: Any, *, max_len: int, required: bool = True) -> str:
    expected = t("expect.text" if required else "expect.optional_text", max=max_len)
    if not isinstance(value, str):
        raise ValidationError(name, expected, value, t("hint.fill"))
    cleaned = value.strip()
    if required and not cleaned:
        raise ValidationError(name, expected, value, t("hint.fill"))
    if len(cleaned) > max_len:
        raise ValidationError(name, expected, t("got.length", n=len(cleaned)), t("hint.shorten"))
    if "\x00" in cleaned:
        raise ValidationError(name, expected, value, t("hint.fill"))
    return cleaned


def _int(name: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValidationError(
            name, t("expect.int_range", min=lo, max=hi), value, t("hint.int_range", min=lo, max=hi)
        )
    return value


def _optional_number(name: str, value: Any) -> float | None:
    if value is None:
        return None
    return _number(name, value)


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(name, t("expect.number"), value, t("hint.number"))
    return float(value)


def _choice(name: str, value: Any, enum_cls: type[_E]) -> _E:
    try:
        return enum_cls(value)
    except ValueError:
        choices = ", ".join(str(m.value) for m in enum_cls)
        raise ValidationError(
            name, t("expect.choice", choices=choices), value, t("hint.pick")
        ) from None


def _identifier(name: str, value: Any, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise ValidationError(name, t("expect.identifier"), value, t("hint.identifier"))
    return value


def _texts(name: str, values: Any, *, max_len: int = SHORT_TEXT) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError(name, t("expect.text_list"), values, t("hint.text_list"))
    cleaned = tuple(_text(name, v, max_len=max_len) for v in values)
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(name, t("expect.text_list"), list(cleaned), t("hint.repeats"))
    return cleaned


def _identifiers(name: str, values: Any) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError(name, t("expect.identifier"), values, t("hint.identifier"))
    ids = tuple(_identifier(name, v) or "" for v in values)
    if len(set(ids)) != len(ids):
        raise ValidationError(name, t("expect.text_list"), list(ids), t("hint.repeats"))
    return ids


# --- base class ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """Base of persisted objects: an ``id``, a ``version`` and JSON round-tripping.

    Subclasses declare ``KIND`` (the name in the workspace), ``REFS`` (fields holding ids of
    other objects, and their kinds) and ``PARENT`` (the field the workspace indexes for fast
    listing, e.g. the institution a factor belongs to).
    """

    KIND: ClassVar[str] = ""
    REFS: ClassVar[Mapping[str, str]] = {}
    PARENT: ClassVar[str | None] = None
    UNIQUE: ClassVar[tuple[str, ...]] = ()

    id: str = field(default_factory=new_id)
    version: int = 0

    def __post_init__(self) -> None:
        _identifier("id", self.id)
        _int("version", self.version, 0, 2**62)
        self._validate()

    def _validate(self) -> None:
        """Check and normalise fields; subclasses override (use ``self._set``)."""

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied and validated (the original is unchanged)."""
        return dataclasses.replace(self, **changes)

    @property
    def parent_id(self) -> str | None:
        return getattr(self, self.PARENT) if self.PARENT else None

    def unique_key(self) -> str | None:
        """The parent and ``UNIQUE`` fields, case- and space-blind, as one indexable string.

        Two objects with the same key are duplicates (e.g. one factor typed twice).
        """
        if not self.UNIQUE:
            return None
        values = [_normal(getattr(self, f)) for f in self.UNIQUE]
        return json.dumps([self.parent_id, *values], ensure_ascii=False)

    def ref_ids(self) -> list[tuple[str, str, str]]:
        """``(field, kind, id)`` for every reference this object holds."""
        out: list[tuple[str, str, str]] = []
        for name, kind in self.REFS.items():
            value = getattr(self, name)
            if value is None:
                continue
            for ref in value if isinstance(value, tuple) else (value,):
                out.append((name, kind, ref))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (enums as values, tuples as lists), without the version."""
        out: dict[str, Any] = {}
        for name in field_names(type(self)):
            value = getattr(self, name)
            out[name] = value if type(value) in _PLAIN else _jsonable(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], version: int = 0) -> Self:
        """Build from :meth:`to_dict` output; unknown or missing keys are validation errors."""
        kwargs = _checked_keys(cls, data)
        kwargs.pop("version", None)
        return cls._decode(kwargs, version)

    @classmethod
    def _decode(cls, kwargs: dict[str, Any], version: int) -> Self:
        return cls(**kwargs, version=version)


def _checked_keys(cls: type, data: Any) -> dict[str, Any]:
    """``data`` as keyword arguments for dataclass ``cls``, or a ValidationError saying why not."""
    if not isinstance(data, Mapping):
        raise ValidationError(cls.__name__, t("expect.mapping"), data, t("hint.mapping"))
    fields = dataclasses.fields(cls)
    names = {f.name for f in fields}
    unknown = sorted(str(k) for k in set(data) - names)
    if unknown:
        raise ValidationError(
            unknown[0],
            t("expect.choice", choices=", ".join(sorted(names))),
            unknown[0],
            t("hint.unknown_field"),
        )
    for f in fields:
        missing = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if missing and f.name not in data:
            raise ValidationError(f.name, t("expect.present"), None, t("hint.fill"))
    return dict(data)


_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """Persisted field names of a model class (all but ``version``), computed once."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name != "version")
        _FIELD_NAMES[cls] = names
    return names


def _normal(value: Any) -> Any:
    return " ".join(value.casefold().split()) if isinstance(value, str) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


# --- the objects --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Institution(Model):
    """A culture institution taking part in the programme (e.g. a municipal culture centre)."""

    KIND: ClassVar[str] = "institution"
    UNIQUE: ClassVar[tuple[str, ...]] = ("name",)

    name: str
    short_name: str = ""
    address: str = ""
    district: str = ""
    description: str = ""

    def _validate(self) -> None:
        self._set("name", _text("name", self.name, max_len=SHORT_TEXT))
        self._set("short_name", _text("short_name", self.short_name, max_len=60, required=False))
        self._set("address", _text("address", self.address, max_len=SHORT_TEXT, required=False))
        self._set("district", _text("district", self.district, max_len=SHORT_TEXT, required=False))
        self._set(
            "description", _text("description", self.description, max_len=LONG_TEXT, required=False)
        )

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Team(Model):
    """A strategic planning team of one institution."""

    KIND: ClassVar[str] = "team"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution"}
    PARENT: ClassVar[str | None] = "institution_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("name",)

    institution_id: str
    name: str
    members: tuple[str, ...] = ()

    def _validate(self) -> None:
        _identifier("institution_id", self.institution_id)
        self._set("name", _text("name", self.name, max_len=SHORT_TEXT))
        self._set("members", _texts("members", self.members))


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant(Model):
    """A person in the workshop: trainer, team member or expert (one vote budget each)."""

    KIND: ClassVar[str] = "participant"
    REFS: ClassVar[Mapping[str, str]] = {"team_id": "team"}
    PARENT: ClassVar[str | None] = "team_id"

    name: str
    role: Role = Role.MEMBER
    team_id: str | None = None

    def _validate(self) -> None:
        self._set("name", _text("name", self.name, max_len=SHORT_TEXT))
        self._set("role", _choice("role", self.role, Role))
        _identifier("team_id", self.team_id, required=False)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a factor is believed: a saved finding, or a free-text source, or both."""

    finding_id: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if self.finding_id is None and not (isinstance(self.source, str) and self.source.strip()):
            raise ValidationError(
                "evidence", t("expect.evidence"), dataclasses.asdict(self), t("hint.evidence")
            )
        _identifier("evidence", self.finding_id, required=False)
        object.__setattr__(
            self, "source", _text("source", self.source, max_len=LONG_TEXT, required=False)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Factor(Model):
    """One SWOT factor of one institution."""

    KIND: ClassVar[str] = "factor"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution", "team_id": "team"}
    PARENT: ClassVar[str | None] = "institution_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("quadrant", "text")

    institution_id: str
    quadrant: Quadrant
    text: str
    category: str = ""
    importance: int = 3
    author: str = ""
    team_id: str | None = None
    evidence: tuple[Evidence, ...] = ()
    position: int = 0

    def _validate(self) -> None:
        _identifier("institution_id", self.institution_id)
        self._set("quadrant", _choice("quadrant", self.quadrant, Quadrant))
        self._set("text", _text("text", self.text, max_len=LONG_TEXT))
        self._set("category", _text("category", self.category, max_len=60, required=False))
        _int("importance", self.importance, 1, 5)
        self._set("author", _text("author", self.author, max_len=SHORT_TEXT, required=False))
        _identifier("team_id", self.team_id, required=False)
        if isinstance(self.evidence, str | Mapping) or not isinstance(self.evidence, Iterable):
            raise ValidationError(
                "evidence", t("expect.evidence"), self.evidence, t("hint.evidence")
            )
        evidence = tuple(
            e if isinstance(e, Evidence) else Evidence(**_checked_keys(Evidence, e))
            for e in self.evidence
        )
        self._set("evidence", evidence)
        _int("position", self.position, 0, 10**6)

    def ref_ids(self) -> list[tuple[str, str, str]]:
        refs = Model.ref_ids(self)
        refs += [("evidence", "finding", e.finding_id) for e in self.evidence if e.finding_id]
        return refs


@dataclass(frozen=True, slots=True, kw_only=True)
class Strategy(Model):
    """A TOWS strategy of one institution, built from the factors it combines."""

    KIND: ClassVar[str] = "strategy"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution", "factor_ids": "factor"}
    PARENT: ClassVar[str | None] = "institution_id"

    institution_id: str
    kind: StrategyKind
    text: str
    factor_ids: tuple[str, ...] = ()

    def _validate(self) -> None:
        _identifier("institution_id", self.institution_id)
        self._set("kind", _choice("kind", self.kind, StrategyKind))
        self._set("text", _text("text", self.text, max_len=LONG_TEXT))
        self._set("factor_ids", _identifiers("factor_ids", self.factor_ids))


@dataclass(frozen=True, slots=True, kw_only=True)
class Goal(Model):
    """A strategic goal of an institution's plan (``institution_id=None``: the joint plan)."""

    KIND: ClassVar[str] = "goal"
    REFS: ClassVar[Mapping[str, str]] = {
        "institution_id": "institution",
        "strategy_ids": "strategy",
    }
    PARENT: ClassVar[str | None] = "institution_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("number",)

    institution_id: str | None
    number: int
    title: str
    description: str = ""
    strategy_ids: tuple[str, ...] = ()

    def _validate(self) -> None:
        _identifier("institution_id", self.institution_id, required=False)
        _int("number", self.number, 1, 999)
        self._set("title", _text("title", self.title, max_len=LONG_TEXT))
        self._set(
            "description", _text("description", self.description, max_len=NOTE_TEXT, required=False)
        )
        self._set("strategy_ids", _identifiers("strategy_ids", self.strategy_ids))


@dataclass(frozen=True, slots=True, kw_only=True)
class Task(Model):
    """A task under a goal: who is responsible, who cooperates, and in which years."""

    KIND: ClassVar[str] = "task"
    REFS: ClassVar[Mapping[str, str]] = {"goal_id": "goal", "strategy_ids": "strategy"}
    PARENT: ClassVar[str | None] = "goal_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("number",)

    goal_id: str
    number: int
    title: str
    responsible: str = ""
    cooperating: tuple[str, ...] = ()
    start_year: int | None = None
    end_year: int | None = None
    strategy_ids: tuple[str, ...] = ()

    def _validate(self) -> None:
        _identifier("goal_id", self.goal_id)
        _int("number", self.number, 1, 999)
        self._set("title", _text("title", self.title, max_len=LONG_TEXT))
        self._set(
            "responsible",
            _text("responsible", self.responsible, max_len=SHORT_TEXT, required=False),
        )
        self._set("cooperating", _texts("cooperating", self.cooperating))
        self._set("strategy_ids", _identifiers("strategy_ids", self.strategy_ids))
        for name in ("start_year", "end_year"):
            value = getattr(self, name)
            if value is not None:
                _int(name, value, MIN_YEAR, MAX_YEAR)
        if (self.start_year is None) != (self.end_year is None):
            self._set("end_year", self.end_year or self.start_year)
            self._set("start_year", self.start_year or self.end_year)
        if (
            self.start_year is not None
            and self.end_year is not None
            and (self.start_year > self.end_year)
        ):
            raise ValidationError(
                "end_year", t("expect.years"), f"{self.start_year}-{self.end_year}", t("hint.years")
            )

    @property
    def years(self) -> str:
        """The time perspective as written in plan tables: ``2019-2021`` or ``2019``."""
        if self.start_year is None:
            return ""
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}-{self.end_year}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator(Model):
    """How a task's progress is measured; ``target_text`` keeps the plan's wording verbatim."""

    KIND: ClassVar[str] = "indicator"
    REFS: ClassVar[Mapping[str, str]] = {"task_id": "task"}
    PARENT: ClassVar[str | None] = "task_id"

    task_id: str
    name: str
    unit: str = ""
    baseline: float | None = None
    target_text: str = ""

    def _validate(self) -> None:
        _identifier("task_id", self.task_id)
        self._set("name", _text("name", self.name, max_len=LONG_TEXT))
        self._set("unit", _text("unit", self.unit, max_len=60, required=False))
        self._set("baseline", _optional_number("baseline", self.baseline))
        self._set(
            "target_text", _text("target_text", self.target_text, max_len=LONG_TEXT, required=False)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement(Model):
    """The value of an indicator in a period (``2020``, ``2020-Q3`` or ``2020-09``)."""

    KIND: ClassVar[str] = "measurement"
    REFS: ClassVar[Mapping[str, str]] = {"indicator_id": "indicator"}
    PARENT: ClassVar[str | None] = "indicator_id"

    indicator_id: str
    period: str
    value: float
    note: str = ""

    def _validate(self) -> None:
        _identifier("indicator_id", self.indicator_id)
        if not isinstance(self.period, str) or not _PERIOD_RE.fullmatch(self.period.strip()):
            raise ValidationError("period", t("expect.period"), self.period, t("hint.period"))
        self._set("period", self.period.strip())
        self._set("value", _number("value", self.value))
        self._set("note", _text("note", self.note, max_len=LONG_TEXT, required=False))

    @property
    def year(self) -> int:
        return int(self.period[:4])


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding(Model):
    """A statement from the needs diagnosis, with its numbers and where it comes from.

    ``numbers`` maps a label to a value, e.g. ``{"n": 412, "odsetek": 0.37}``.
    """

    KIND: ClassVar[str] = "finding"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution"}
    PARENT: ClassVar[str | None] = "institution_id"

    statement: str
    source: str
    numbers: tuple[tuple[str, float], ...] = ()
    institution_id: str | None = None

    def _validate(self) -> None:
        self._set("statement", _text("statement", self.statement, max_len=LONG_TEXT))
        self._set("source", _text("source", self.source, max_len=LONG_TEXT))
        items = self.numbers.items() if isinstance(self.numbers, Mapping) else self.numbers
        pairs: list[tuple[str, float]] = []
        for item in items:
            if not isinstance(item, tuple | list) or len(item) != 2:
                raise ValidationError("numbers", t("expect.number"), item)
            label, value = item
            pairs.append((_text("numbers", label, max_len=SHORT_TEXT), _number("numbers", value)))
        labels = [label for label, _value in pairs]
        if len(set(labels)) != len(labels):
            raise ValidationError("numbers", t("expect.text_list"), labels, t("hint.repeats"))
        self._set("numbers", tuple(pairs))
        _identifier("institution_id", self.institution_id, required=False)

    def to_dict(self) -> dict[str, Any]:
        out = Model.to_dict(self)
        out["numbers"] = dict(self.numbers)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment(Model):
    """An expert's (or anyone's) comment on any object, open until resolved."""

    KIND: ClassVar[str] = "comment"
    PARENT: ClassVar[str | None] = "target_id"

    target_kind: str
    target_id: str
    author: str
    text: str
    status: CommentStatus = CommentStatus.OPEN
    created_at: str = field(default_factory=now_iso)

    def _validate(self) -> None:
        if self.target_kind not in KINDS:
            raise ValidationError(
                "target_kind",
                t("expect.choice", choices=", ".join(KINDS)),
                self.target_kind,
                t("hint.pick"),
            )
        _identifier("target_id", self.target_id)
        self._set("author", _text("author", self.author, max_len=SHORT_TEXT))
        self._set("text", _text("text", self.text, max_len=NOTE_TEXT))
        self._set("status", _choice("status", self.status, CommentStatus))
        _text("created_at", self.created_at, max_len=40)

    def ref_ids(self) -> list[tuple[str, str, str]]:
        return [("target_id", self.target_kind, self.target_id)]


class Phase(enum.StrEnum):
    """Stage of a SWOT workshop, switched by the trainer (in this order, though any is allowed)."""

    COLLECT = "collect"
    CLUSTER = "cluster"
    VOTE = "vote"
    DISCUSS = "discuss"

    @property
    def label(self) -> str:
        return t(f"phase.{self.value}")


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(name, t("expect.bool"), value, t("hint.pick"))
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Session(Model):
    """The SWOT workshop state of one institution: phase and dot-voting rules."""

    KIND: ClassVar[str] = "session"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution"}
    PARENT: ClassVar[str | None] = "institution_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("institution_id",)  # one session per institution

    institution_id: str
    phase: Phase = Phase.COLLECT
    votes_per_participant: int = 5
    votes_revealed: bool = False

    def _validate(self) -> None:
        _identifier("institution_id", self.institution_id)
        self._set("phase", _choice("phase", self.phase, Phase))
        _int("votes_per_participant", self.votes_per_participant, 1, 100)
        _bool("votes_revealed", self.votes_revealed)


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote(Model):
    """A participant's dots on one factor (one object per factor and participant)."""

    KIND: ClassVar[str] = "vote"
    REFS: ClassVar[Mapping[str, str]] = {"factor_id": "factor", "participant_id": "participant"}
    PARENT: ClassVar[str | None] = "factor_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("participant_id",)

    factor_id: str
    participant_id: str
    count: int = 1

    def _validate(self) -> None:
        _identifier("factor_id", self.factor_id)
        _identifier("participant_id", self.participant_id)
        _int("count", self.count, 1, 100)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rating(Model):
    """A participant's IFE/EFE weight (0-1) and rating (1-4) of one factor; either may be open."""

    KIND: ClassVar[str] = "rating"
    REFS: ClassVar[Mapping[str, str]] = {"factor_id": "factor", "participant_id": "participant"}
    PARENT: ClassVar[str | None] = "factor_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("participant_id",)

    factor_id: str
    participant_id: str
    weight: float | None = None
    rating: int | None = None

    def _validate(self) -> None:
        _identifier("factor_id", self.factor_id)
        _identifier("participant_id", self.participant_id)
        weight = _optional_number("weight", self.weight)
        if weight is not None and not 0 <= weight <= 1:
            raise ValidationError("weight", t("expect.weight"), self.weight, t("hint.weight"))
        self._set("weight", weight)
        if self.rating is not None:
            _int("rating", self.rating, 1, 4)
        if self.weight is None and self.rating is None:
            raise ValidationError("rating", t("expect.weight_or_rating"), None, t("hint.fill"))


# --- the offer of a centre (who offers what to whom) --------------------------------------------


class OfferForm(enum.StrEnum):
    """How an offer runs: regular classes, a one-off event, or a standing group (a choir)."""

    ACTIVITY = "activity"
    EVENT = "event"
    GROUP = "group"

    @property
    def label(self) -> str:
        return t(f"offer_form.{self.value}")


class OfferAudience(enum.StrEnum):
    """Age group an offer is meant for (a fixed list, so centres can be compared)."""

    CHILDREN = "children"
    YOUTH = "youth"
    ADULTS = "adults"
    SENIORS = "seniors"
    FAMILIES = "families"

    @property
    def label(self) -> str:
        return t(f"audience.{self.value}")


class Weekday(enum.StrEnum):
    """Day of the week, Monday first (as Polish calendars have it)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def label(self) -> str:
        return t(f"weekday.{self.value}")


MAX_PRICE = 100_000.0


def _choices(name: str, values: Any, enum_cls: type[_E]) -> tuple[_E, ...]:
    """Distinct enum members, in the enum's own order (so equal sets are equal tuples)."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        choices = ", ".join(str(m.value) for m in enum_cls)
        expected = t("expect.choice_list", choices=choices)
        raise ValidationError(name, expected, values, t("hint.pick"))
    members = [_choice(name, v, enum_cls) for v in values]
    if len(set(members)) != len(members):
        raise ValidationError(
            name, t("expect.text_list"), [m.value for m in members], t("hint.repeats")
        )
    order = list(enum_cls)
    return tuple(sorted(members, key=order.index))


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer(Model):
    """One item of a centre's current offer: classes, an event or a group, and for whom.

    ``activity_type`` comes from the workspace's editable list (see
    :func:`swot.offers.activity_types`; the workspace, not the model, checks membership);
    ``audiences`` and ``days`` from fixed lists; ``districts`` are free text (where it takes
    place or whom it serves; empty means the institution's own district). ``price`` is an
    amount in zł and only goes with ``paid=True``.
    """

    KIND: ClassVar[str] = "offer"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution"}
    PARENT: ClassVar[str | None] = "institution_id"
    UNIQUE: ClassVar[tuple[str, ...]] = ("name",)

    institution_id: str
    name: str
    activity_type: str
    form: OfferForm = OfferForm.ACTIVITY
    audiences: tuple[OfferAudience, ...] = ()
    districts: tuple[str, ...] = ()
    days: tuple[Weekday, ...] = ()
    paid: bool = False
    price: float | None = None
    notes: str = ""

    def _validate(self) -> None:
        _identifier("institution_id", self.institution_id)
        self._set("name", _text("name", self.name, max_len=SHORT_TEXT))
        self._set("activity_type", _text("activity_type", self.activity_type, max_len=60))
        self._set("form", _choice("form", self.form, OfferForm))
        self._set("audiences", _choices("audiences", self.audiences, OfferAudience))
        self._set("districts", _texts("districts", self.districts, max_len=60))
        self._set("days", _choices("days", self.days, Weekday))
        _bool("paid", self.paid)
        price = _optional_number("price", self.price)
        if price is not None and not 0 <= price <= MAX_PRICE:
            raise ValidationError(
                "price",
                t("expect.price", max=int(MAX_PRICE)),
                self.price,
                t("hint.price", max=int(MAX_PRICE)),
            )
        if price is not None and not self.paid:
            raise ValidationError("price", t("expect.price_paid"), self.price, t("hint.price_paid"))
        self._set("price", price)
        self._set("notes", _text("notes", self.notes, max_len=LONG_TEXT, required=False))

    @property
    def price_text(self) -> str:
        """``bezpłatne``, ``odpłatne`` or ``odpłatne: 25 zł`` (in the interface language)."""
        if not self.paid:
            return t("offer.free")
        if self.price is None:
            return t("offer.paid")
        amount = f"{self.price:.2f}".removesuffix(".00")
        if get_language() == "pl":
            amount = amount.replace(".", ",")
        return t("offer.paid_amount", amount=amount)


# --- the panel's invitation list (who is invited, what they receive) ----------------------------


class StakeholderCategory(enum.StrEnum):
    """Who a panel invitation goes to (a fixed list, so the report can count them)."""

    CULTURAL_INSTITUTION = "cultural_institution"
    LOCAL_ARTIST = "local_artist"
    NGO = "ngo"
    SCHOOL = "school"
    COUNCILLOR = "councillor"
    CITY_OFFICE = "city_office"
    COUNTY_OFFICE = "county_office"
    REGIONAL_INSTITUTION = "regional_institution"
    MEDIA = "media"
    OTHER = "other"

    @property
    def label(self) -> str:
        return t(f"stakeholder_category.{self.value}")


class ReportDelivery(enum.StrEnum):
    """What an invited stakeholder receives: the report's link, its files, or a printed copy."""

    LINK = "link"
    FILES = "files"
    PRINTED = "printed"

    @property
    def label(self) -> str:
        return t(f"delivery.{self.value}")


class InvitationStatus(enum.StrEnum):
    """Where an invitation stands, in the order it usually moves."""

    TO_INVITE = "to_invite"
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return t(f"invitation_status.{self.value}")


EMAIL_TEXT = 254
# One address: no spaces, commas, semicolons or angle brackets (a second address belongs in
# a second row), a dot in the domain, and no dot at either end of the domain.
_EMAIL_RE = re.compile(
    r"^[^@\s,;<>\"()\[\]]+@[^@\s,;<>\"()\[\]\.][^@\s,;<>\"()\[\]]*\.[^@\s,;<>\"()\[\]\.]+$"
)
# Polish numbers as people write them: +48 601 234 567, 601-234-567, (44) 724 12 34 wew. 12.
_PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+(?P<ext>\s*(?:wew\.?|w\.|ext\.?)\s*[0-9]{1,6})?$")


def _email(name: str, value: Any) -> str:
    text = _text(name, value, max_len=EMAIL_TEXT, required=False)
    if text and (not _EMAIL_RE.fullmatch(text) or ".." in text):
        raise ValidationError(name, t("expect.email"), value, t("hint.email"))
    return text


def _phone(name: str, value: Any) -> str:
    text = " ".join(_text(name, value, max_len=40, required=False).split())
    if not text:
        return text
    match = _PHONE_RE.fullmatch(text)
    number = text[: match.start("ext")] if match and match.group("ext") else text
    if match is None or not 6 <= sum(c.isdigit() for c in number) <= 15:
        raise ValidationError(name, t("expect.phone"), value, t("hint.phone"))
    return text


def _url(name: str, value: Any) -> str:
    text = _text(name, value, max_len=LONG_TEXT, required=False)
    if not text:
        return text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    bad = any(c.isspace() or ord(c) < 32 or c in "<>\"'`" for c in text)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host or bad:
        raise ValidationError(name, t("expect.url"), value, t("hint.url"))
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Stakeholder(Model):
    """One addressee of the closing panel's invitations: an organisation or a person.

    ``email`` and ``phone`` are personal data: they serve the invitation mailing only and
    never reach the public report (which may show counts, see
    :func:`swot.invitations.invitation_summary`). ``receives`` says what goes out (the report's
    link, its files, a printed copy); ``link_url`` is this addressee's own link (``http`` or
    ``https`` only), used instead of the workspace's report link. ``institution_id`` is the
    inviting centre; ``None`` means the centres invite jointly.
    """

    KIND: ClassVar[str] = "stakeholder"
    REFS: ClassVar[Mapping[str, str]] = {"institution_id": "institution"}
    PARENT: ClassVar[str | None] = "institution_id"
    #: One addressee is on the list once, whichever centre invites (see :meth:`unique_key`).
    UNIQUE: ClassVar[tuple[str, ...]] = ("email", "name")

    name: str
    category: StakeholderCategory = StakeholderCategory.OTHER
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    receives: tuple[ReportDelivery, ...] = (ReportDelivery.LINK,)
    link_url: str = ""
    status: InvitationStatus = InvitationStatus.TO_INVITE
    institution_id: str | None = None
    note: str = ""

    def _validate(self) -> None:
        self._set("name", _text("name", self.name, max_len=SHORT_TEXT))
        self._set("category", _choice("category", self.category, StakeholderCategory))
        self._set(
            "contact_person",
            _text("contact_person", self.contact_person, max_len=SHORT_TEXT, required=False),
        )
        self._set("email", _email("email", self.email))
        self._set("phone", _phone("phone", self.phone))
        self._set("receives", _choices("receives", self.receives, ReportDelivery))
        link = _url("link_url", self.link_url)
        if link and ReportDelivery.LINK not in self.receives:
            raise ValidationError(
                "link_url", t("expect.link_delivery"), link, t("hint.link_delivery")
            )
        self._set("link_url", link)
        self._set("status", _choice("status", self.status, InvitationStatus))
        _identifier("institution_id", self.institution_id, required=False)
        self._set("note", _text("note", self.note, max_len=LONG_TEXT, required=False))

    def unique_key(self) -> str:
        """Name and e-mail, case-, space- and diacritics-blind, without the inviting centre.

        The workspace keeps one row per key among all addressees (its ``objects_kind_key``
        index), so "Szkoła nr 1" invited by MOK and "szkola NR 1" invited jointly are one
        addressee, even when two people add them at the same instant.
        """
        return json.dumps([fold(self.name), fold(self.email)], ensure_ascii=False)


#: Every persisted kind, in dependency order (an object only refers to kinds listed before it,
#: except comments, which may point anywhere).
KINDS: dict[str, type[Model]] = {
    cls.KIND: cls
    for cls in (
        Institution,
        Team,
        Participant,
        Finding,
        Factor,
        Strategy,
        Goal,
        Task,
        Indicator,
        Measurement,
        Session,
        Vote,
        Rating,
        Offer,
        Stakeholder,
        Comment,
    )
}


# Labels of the workshop objects (Session, Vote, Rating), kept beside them.
register(
    {
        "kind.session": {"pl": "stan warsztatu SWOT", "en": "SWOT workshop state"},
        "kind.vote": {"pl": "głos", "en": "vote"},
        "kind.rating": {"pl": "waga i ocena czynnika", "en": "factor weight and rating"},
        "field.phase": {"pl": "etap warsztatu", "en": "workshop phase"},
        "field.votes_per_participant": {
            "pl": "liczba głosów na uczestnika",
            "en": "votes per participant",
        },
        "field.votes_revealed": {"pl": "wyniki głosowania odsłonięte", "en": "votes revealed"},
        "field.factor_id": {"pl": "czynnik", "en": "factor"},
        "field.participant_id": {"pl": "uczestnik", "en": "participant"},
        "field.count": {"pl": "liczba głosów", "en": "number of votes"},
        "field.weight": {"pl": "waga", "en": "weight"},
        "field.rating": {"pl": "ocena", "en": "rating"},
        "phase.collect": {"pl": "zbieranie czynników", "en": "collecting factors"},
        "phase.cluster": {
            "pl": "porządkowanie i scalanie",
            "en": "clustering and merging",
        },
        "phase.vote": {"pl": "głosowanie", "en": "voting"},
        "phase.discuss": {"pl": "dyskusja", "en": "discussion"},
        "expect.bool": {"pl": "wartości tak/nie", "en": "yes or no"},
        "expect.weight": {"pl": "wagi od 0 do 1", "en": "a weight from 0 to 1"},
        "hint.weight": {
            "pl": "Wpisz wagę jako ułamek, np. 0,15 (wagi jednej strony sumują się do 1).",
            "en": "Enter the weight as a fraction, e.g. 0.15 (one side's weights sum to 1).",
        },
        "expect.weight_or_rating": {
            "pl": "wagi albo oceny (co najmniej jednej z nich)",
            "en": "a weight or a rating (at least one)",
        },
    }
)


# Labels of the offer inventory (Offer), kept beside it.
register(
    {
        "kind.offer": {"pl": "pozycja oferty", "en": "offer item"},
        "field.activity_type": {"pl": "rodzaj zajęć", "en": "activity type"},
        "field.form": {"pl": "forma", "en": "form"},
        "field.audiences": {"pl": "odbiorcy", "en": "audiences"},
        "field.districts": {"pl": "dzielnice", "en": "districts"},
        "field.days": {"pl": "dni tygodnia", "en": "days of the week"},
        "field.paid": {"pl": "odpłatność", "en": "paid"},
        "field.price": {"pl": "cena", "en": "price"},
        "field.notes": {"pl": "uwagi", "en": "notes"},
        "offer_form.activity": {"pl": "zajęcia stałe", "en": "regular classes"},
        "offer_form.event": {"pl": "wydarzenie", "en": "event"},
        "offer_form.group": {"pl": "grupa, zespół lub klub", "en": "group, ensemble or club"},
        "audience.children": {"pl": "dzieci", "en": "children"},
        "audience.youth": {"pl": "młodzież", "en": "young people"},
        "audience.adults": {"pl": "dorośli", "en": "adults"},
        "audience.seniors": {"pl": "seniorzy", "en": "seniors"},
        "audience.families": {"pl": "rodziny", "en": "families"},
        "weekday.mon": {"pl": "poniedziałek", "en": "Monday"},
        "weekday.tue": {"pl": "wtorek", "en": "Tuesday"},
        "weekday.wed": {"pl": "środa", "en": "Wednesday"},
        "weekday.thu": {"pl": "czwartek", "en": "Thursday"},
        "weekday.fri": {"pl": "piątek", "en": "Friday"},
        "weekday.sat": {"pl": "sobota", "en": "Saturday"},
        "weekday.sun": {"pl": "niedziela", "en": "Sunday"},
        "offer.free": {"pl": "bezpłatne", "en": "free"},
        "offer.paid": {"pl": "odpłatne", "en": "paid"},
        "offer.paid_amount": {"pl": "odpłatne: {amount} zł", "en": "paid: PLN {amount}"},
        "expect.choice_list": {
            "pl": "listy wartości spośród: {choices}",
            "en": "a list of values from: {choices}",
        },
        "expect.price": {
            "pl": "kwoty w złotych od 0 do {max}",
            "en": "an amount in PLN from 0 to {max}",
        },
        "hint.price": {
            "pl": "Wpisz cenę jako liczbę złotych, np. 25 albo 12,50 (najwyżej {max}).",
            "en": "Enter the price as a number of zloty, e.g. 25 or 12.50 (at most {max}).",
        },
        "expect.price_paid": {
            "pl": "ceny tylko przy zajęciach odpłatnych",
            "en": "a price only for paid offers",
        },
        "hint.price_paid": {
            "pl": "Zaznacz „odpłatne” albo usuń kwotę.",
            "en": "Mark the offer as paid or remove the amount.",
        },
    }
)


# Labels of the panel's invitation list (Stakeholder), kept beside it.
register(
    {
        "kind.stakeholder": {"pl": "adresat zaproszenia", "en": "invitation addressee"},
        "field.contact_person": {"pl": "osoba kontaktowa", "en": "contact person"},
        "field.email": {"pl": "e-mail", "en": "e-mail"},
        "field.phone": {"pl": "telefon", "en": "phone"},
        "field.receives": {"pl": "co otrzymuje", "en": "receives"},
        "field.link_url": {"pl": "link", "en": "link"},
        "stakeholder_category.cultural_institution": {
            "pl": "instytucja kultury",
            "en": "cultural institution",
        },
        "stakeholder_category.local_artist": {"pl": "lokalny twórca", "en": "local artist"},
        "stakeholder_category.ngo": {
            "pl": "organizacja pozarządowa",
            "en": "NGO",
        },
        "stakeholder_category.school": {"pl": "szkoła lub przedszkole", "en": "school"},
        "stakeholder_category.councillor": {"pl": "radny lub radna", "en": "councillor"},
        "stakeholder_category.city_office": {
            "pl": "urząd miasta lub gminy",
            "en": "city or municipal office",
        },
        "stakeholder_category.county_office": {
            "pl": "starostwo powiatowe",
            "en": "county office",
        },
        "stakeholder_category.regional_institution": {
            "pl": "regionalna instytucja kultury",
            "en": "regional culture institution",
        },
        "stakeholder_category.media": {"pl": "media", "en": "media"},
        "stakeholder_category.other": {"pl": "inne", "en": "other"},
        "delivery.link": {"pl": "link do raportu", "en": "link to the report"},
        "delivery.files": {
            "pl": "pliki raportu (HTML, DOCX, XLSX)",
            "en": "report files (HTML, DOCX, XLSX)",
        },
        "delivery.printed": {"pl": "egzemplarz drukowany", "en": "printed copy"},
        "invitation_status.to_invite": {"pl": "do zaproszenia", "en": "to invite"},
        "invitation_status.invited": {"pl": "zaproszenie wysłane", "en": "invited"},
        "invitation_status.confirmed": {"pl": "udział potwierdzony", "en": "confirmed"},
        "invitation_status.declined": {"pl": "odmowa", "en": "declined"},
        "expect.email": {
            "pl": "jednego adresu e-mail (np. sekretariat@example.org)",
            "en": "one e-mail address (e.g. office@example.org)",
        },
        "hint.email": {
            "pl": (
                "Wpisz jeden adres bez spacji, np. sekretariat@example.org; drugi adres dopisz "
                "w osobnym wierszu albo w uwagach."
            ),
            "en": (
                "Enter one address without spaces, e.g. office@example.org; put a second "
                "address in another row or in the notes."
            ),
        },
        "expect.phone": {
            "pl": "numeru telefonu (6–15 cyfr)",
            "en": "a phone number (6-15 digits)",
        },
        "hint.phone": {
            "pl": (
                "Wpisz sam numer, np. +48 601 234 567 albo (44) 724 12 34 wew. 12; "
                "godziny kontaktu dopisz w uwagach."
            ),
            "en": (
                "Enter the number only, e.g. +48 601 234 567 or (44) 724 12 34 ext. 12; "
                "put contact hours in the notes."
            ),
        },
        "expect.url": {
            "pl": "adresu strony zaczynającego się od http:// lub https://",
            "en": "a web address starting with http:// or https://",
        },
        "hint.url": {
            "pl": "Wklej pełny adres z przeglądarki, np. https://example.org/raport.",
            "en": "Paste the full address from the browser, e.g. https://example.org/report.",
        },
        "expect.link_delivery": {
            "pl": "linku tylko u adresatów, którzy otrzymują link do raportu",
            "en": "a link only for addressees who receive the report's link",
        },
        "hint.link_delivery": {
            "pl": "Zaznacz „link do raportu” albo usuń adres strony.",
            "en": "Tick 'link to the report' or remove the web address.",
        },
    }
)
