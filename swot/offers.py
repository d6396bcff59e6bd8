"""The centres' current offer: who offers what to whom, set against the diagnosed needs.

An :class:`~swot.model.Offer` is one item of a centre's offer (classes, an event or a group)
with its activity type, audiences, districts, days and price. This module keeps the
workspace's list of activity types, maps the offer (:func:`offer_map`), compares it with the
needs from the consultation (:func:`coverage`) and imports an offer table from a spreadsheet
(:func:`preview_offers`, then :func:`save_offers`: all or nothing).

Matching needs to the offer
---------------------------
A diagnosed need is a short label, e.g. an option of the questionnaire's "what is missing"
question (``needs`` in the sample codebook: "Kino, pokazy filmowe", "Zajęcia dla
seniorów"). :func:`need_spec` reads it as **activity types** and **audiences**:

1. The label is folded (:func:`swot.survey.codebook.fold`: case, spaces and Polish
   diacritics ignored) and split into words.
2. A word names an activity type when it starts with one of that type's stems in
   :data:`TYPE_STEMS` ("kino" and "film" → ``film``; "rękodzieła", "ceramiki", "wystawy" →
   ``plastyka``; "koncerty" → ``muzyka``; "festyny", "plenerowe" → ``wydarzenia``), or with
   the folded name of a type from the workspace's own list (so a type a team adds, e.g.
   "robotyka", matches "Zajęcia z robotyki" by its first five letters).
3. A word names an audience when it starts with one of :data:`AUDIENCE_STEMS` ("seniorów"
   → seniors; "dzieci" → children; "młodzieży" → youth).

An offer **covers** a need when its type is one of the need's types (or the need names
none) and it is meant for one of the need's audiences (or the need names none, or the offer
names no audience: open to everyone). A need in which neither is recognised is listed as
"not recognised" so a person can map it, never silently counted as covered.

A need is **addressed in the plans** when the folded text of a strength (a factor in
quadrant S) or of a planned task of any centre, or of the joint plan, contains a word that
starts with one of the stems that recognised the need. "Kino, pokazy filmowe" is addressed
by the strength "Cyfrowe kino studyjne"; "Zajęcia dla seniorów" by the task "Klub seniora".

Competition (overlaps)
----------------------
Two or more centres *compete* when they offer the same activity type to the same audience in
the same district, or on the same day of the week. An offer with no districts takes place in
its centre's district. Only stated audiences count here (an offer for everyone competes with
no one in particular).
"""

from __future__ import annotations

import csv
import difflib
import html
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from swot import sheets
from swot.errors import DataImportError, Problem, SwotError, ValidationError
from swot.i18n import register, t
from swot.model import (
    Factor,
    Goal,
    Institution,
    Offer,
    OfferAudience,
    OfferForm,
    Quadrant,
    Task,
    Weekday,
)
from swot.store import Workspace
from swot.survey.codebook import fold

__all__ = [
    "AUDIENCE_STEMS",
    "COLUMNS",
    "DEFAULT_ACTIVITY_TYPES",
    "TYPE_STEMS",
    "Coverage",
    "NeedSpec",
    "OfferPreview",
    "OfferRow",
    "activity_type_usage",
    "activity_types",
    "coverage",
    "delete_offer",
    "diagnosed_needs",
    "need_spec",
    "offer_map",
    "offer_table",
    "offers",
    "offers_to_csv",
    "preview_offers",
    "save_offer",
    "save_offers",
    "set_activity_types",
]

#: Activity types a workspace starts with (setting ``"activity_types"``, editable).
DEFAULT_ACTIVITY_TYPES: tuple[str, ...] = (
    "muzyka",
    "taniec",
    "plastyka",
    "teatr",
    "film",
    "literatura",
    "sport i rekreacja",
    "edukacja",
    "wydarzenia",
    "inne",
)
SETTING = "activity_types"
TYPE_MAX_LENGTH = 60

#: Folded word stems naming each default activity type (see the module notes).
TYPE_STEMS: dict[str, tuple[str, ...]] = {
    "muzyka": ("muzy", "koncert", "chor", "spiew", "wokal", "gitar", "orkiest", "zespol muz"),
    "taniec": ("taniec", "tanecz", "tance", "potancow", "balet", "zumb", "disco"),
    "plastyka": (
        "plasty",
        "rekodziel",
        "ceramik",
        "malar",
        "rysun",
        "wystaw",
        "fotogra",
        "rzezb",
        "tkac",
        "galeri",
    ),
    "teatr": ("teatr", "spektak", "kabaret", "aktor"),
    "film": ("film", "kino", "kina", "seans"),
    "literatura": ("literac", "literat", "autorsk", "ksiaz", "poez", "czytel"),
    "sport i rekreacja": ("sport", "rekreac", "joga", "fitnes", "gimnast", "szach", "turnie"),
    "edukacja": ("eduka", "robotyk", "jezyk", "kurs", "nauk", "wyklad", "programow"),
    "wydarzenia": ("festyn", "festiwal", "plener", "piknik", "wydarzen", "impreza", "jarmark"),
}

#: Folded word stems naming each audience.
AUDIENCE_STEMS: dict[OfferAudience, tuple[str, ...]] = {
    OfferAudience.CHILDREN: ("dzieci", "dziec", "przedszkol", "malu"),
    OfferAudience.YOUTH: ("mlodziez", "nastolat", "mlodzi", "mlodych"),
    OfferAudience.ADULTS: ("dorosl",),
    OfferAudience.SENIORS: ("senior", "emeryt"),
    OfferAudience.FAMILIES: ("rodzin",),
}

#: The columns of an offer table (import and export), in order: ``t(f"offers.col.{name}")``.
COLUMNS = ("name", "activity_type", "form", "audiences", "districts", "days", "price", "notes")
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000

register(
    {
        "offers.col.name": {"pl": "Nazwa", "en": "Name"},
        "offers.col.activity_type": {"pl": "Rodzaj zajęć", "en": "Activity type"},
        "offers.col.form": {"pl": "Forma", "en": "Form"},
        "offers.col.audiences": {"pl": "Odbiorcy", "en": "Audiences"},
        "offers.col.districts": {"pl": "Dzielnica", "en": "District"},
        "offers.col.days": {"pl": "Dni", "en": "Days"},
        "offers.col.price": {"pl": "Cena", "en": "Price"},
        "offers.col.notes": {"pl": "Uwagi", "en": "Notes"},
        "offers.col.institution": {"pl": "Instytucja", "en": "Institution"},
        "offers.col.row": {"pl": "Wiersz", "en": "Row"},
        "offers.joint_plan": {"pl": "plan wspólny", "en": "joint plan"},
        "offers.audience.unspecified": {"pl": "wszyscy (bez określenia)", "en": "everyone"},
        "offers.type.empty": {
            "pl": "Nazwa rodzaju zajęć nie może być pusta.",
            "en": "An activity type needs a name.",
        },
        "offers.type.too_long": {
            "pl": "Nazwa rodzaju zajęć może mieć najwyżej {limit} znaków (ma {length}).",
            "en": "An activity type name may have at most {limit} characters (has {length}).",
        },
        "offers.type.repeated": {
            "pl": "Rodzaj zajęć „{name}” występuje na liście dwa razy.",
            "en": "The activity type '{name}' is listed twice.",
        },
        "offers.type.in_use": {
            "pl": (
                "Nie można usunąć rodzaju zajęć „{name}”: ma go {count} pozycji oferty "
                "(np. „{example}”). Najpierw zmień ich rodzaj."
            ),
            "en": (
                "Cannot remove the activity type '{name}': {count} offer items have it "
                "(e.g. '{example}'). Change their type first."
            ),
        },
        "offers.type.unknown_hint": {
            "pl": "Wybierz rodzaj z listy albo dopisz go do listy rodzajów zajęć.",
            "en": "Pick a type from the list or add it to the list of activity types.",
        },
        "offers.where": {"pl": "oferta", "en": "offer"},
        "offers.cannot_read": {
            "pl": "Nie można wczytać tabeli oferty z pliku {file}.",
            "en": "Cannot read the offer table from {file}.",
        },
        "offers.cannot_import": {
            "pl": "Nie zaimportowano oferty ({count} problemów). Nic nie zostało zapisane.",
            "en": "The offer was not imported ({count} problems). Nothing was saved.",
        },
        "offers.unreadable": {
            "pl": "Nie można otworzyć pliku ({reason}).",
            "en": "Cannot open the file ({reason}).",
        },
        "offers.unreadable_hint": {
            "pl": "Sprawdź nazwę i folder pliku.",
            "en": "Check the file's name and folder.",
        },
        "offers.too_big": {
            "pl": "Plik jest za duży ({size} MB; najwyżej {max} MB) albo ma ponad {rows} wierszy.",
            "en": "The file is too big ({size} MB; at most {max} MB) or has over {rows} rows.",
        },
        "offers.not_table": {
            "pl": "To nie jest arkusz Excel (.xlsx) ani plik CSV, albo plik jest uszkodzony.",
            "en": "This is not an Excel (.xlsx) or CSV file, or the file is damaged.",
        },
        "offers.not_table_hint": {
            "pl": "Zapisz tabelę jako „Skoroszyt programu Excel (.xlsx)” albo „CSV UTF-8”.",
            "en": "Save the table as an Excel workbook (.xlsx) or as CSV UTF-8.",
        },
        "offers.missing_columns": {
            "pl": "Brak kolumn: {columns}. Znalezione nagłówki: {found}.",
            "en": "Missing columns: {columns}. Headings found: {found}.",
        },
        "offers.missing_columns_hint": {
            "pl": "Pierwszy wiersz tabeli powinien mieć nagłówki, np.: {expected}.",
            "en": "The table's first row should hold headings, e.g.: {expected}.",
        },
        "offers.repeated_column": {
            "pl": "Dwie kolumny znaczą to samo („{first}” i „{second}”).",
            "en": "Two columns mean the same ('{first}' and '{second}').",
        },
        "offers.repeated_column_hint": {
            "pl": "Zostaw jedną z nich albo zmień nagłówek drugiej.",
            "en": "Keep one of them or rename the other's heading.",
        },
        "offers.ignored_column": {
            "pl": "Kolumna „{heading}” nie została rozpoznana i zostanie pominięta.",
            "en": "The column '{heading}' was not recognised and will be skipped.",
        },
        "offers.ignored_column_hint": {
            "pl": "Rozpoznawane nagłówki: {expected}.",
            "en": "Recognised headings: {expected}.",
        },
        "offers.no_rows": {
            "pl": "Tabela nie ma żadnej pozycji oferty.",
            "en": "The table has no offer items.",
        },
        "offers.no_rows_hint": {
            "pl": "Wpisz każdą pozycję oferty w osobnym wierszu pod nagłówkami.",
            "en": "Write each offer item in its own row under the headings.",
        },
        "offers.no_name": {
            "pl": "Wiersz ma dane, ale nie ma nazwy.",
            "en": "The row has data but no name.",
        },
        "offers.no_name_hint": {
            "pl": "Wpisz nazwę zajęć, wydarzenia lub grupy albo usuń wiersz.",
            "en": "Enter the name of the classes, event or group, or delete the row.",
        },
        "offers.formula": {
            "pl": "Komórka zawiera formułę, a nie wartość.",
            "en": "The cell holds a formula, not a value.",
        },
        "offers.formula_hint": {
            "pl": "Wpisz w komórce samą wartość (np. skopiuj i wklej jako wartości).",
            "en": "Put the plain value in the cell (e.g. copy and paste as values).",
        },
        "offers.markup": {
            "pl": "Komórka zawiera znaczniki HTML; zostaną zapisane jako zwykły tekst.",
            "en": "The cell holds HTML tags; they will be kept as plain text.",
        },
        "offers.markup_hint": {
            "pl": "Usuń znaczniki, jeśli nie mają być częścią tekstu.",
            "en": "Remove the tags unless they belong to the text.",
        },
        "offers.unknown_type": {
            "pl": "Nieznany rodzaj zajęć „{value}”.",
            "en": "Unknown activity type '{value}'.",
        },
        "offers.unknown_type_hint": {
            "pl": "Rodzaje zajęć: {choices}. Dopisz nowy rodzaj do listy albo popraw plik.",
            "en": "Activity types: {choices}. Add a new type to the list or fix the file.",
        },
        "offers.type_guess": {
            "pl": "Rodzaj zajęć „{value}” odczytano jako „{type}”.",
            "en": "The activity type '{value}' was read as '{type}'.",
        },
        "offers.type_guess_hint": {
            "pl": "Sprawdź, czy to właściwy rodzaj.",
            "en": "Check that this is the right type.",
        },
        "offers.unknown_form": {
            "pl": "Nieznana forma „{value}”.",
            "en": "Unknown form '{value}'.",
        },
        "offers.unknown_form_hint": {
            "pl": "Wpisz: zajęcia, wydarzenie albo grupa (zespół, klub, koło).",
            "en": "Enter: classes, event or group (ensemble, club, circle).",
        },
        "offers.unknown_audience": {
            "pl": "Nieznana grupa odbiorców „{value}”.",
            "en": "Unknown audience '{value}'.",
        },
        "offers.unknown_audience_hint": {
            "pl": "Wpisz jedną lub kilka (po przecinku): {choices}; albo „wszyscy”.",
            "en": "Enter one or more (comma-separated): {choices}; or 'everyone'.",
        },
        "offers.unknown_day": {
            "pl": "Nieznany dzień tygodnia „{value}”.",
            "en": "Unknown day of the week '{value}'.",
        },
        "offers.unknown_day_hint": {
            "pl": "Wpisz dni po przecinku (np. pon., śr., sob.) albo zakres (pon–pt).",
            "en": "Enter days separated by commas (e.g. Mon, Wed, Sat) or a range (Mon-Fri).",
        },
        "offers.unknown_price": {
            "pl": "Nie rozpoznano ceny „{value}”.",
            "en": "The price '{value}' was not understood.",
        },
        "offers.unknown_price_hint": {
            "pl": "Wpisz „bezpłatne”, „odpłatne” albo kwotę w złotych (np. 25 zł, 12,50).",
            "en": "Enter 'free', 'paid' or an amount in zloty (e.g. 25 PLN, 12.50).",
        },
        "offers.repeated_name": {
            "pl": "Nazwa „{name}” powtarza się (pierwszy raz w wierszu {row}).",
            "en": "The name '{name}' repeats (first in row {row}).",
        },
        "offers.repeated_name_hint": {
            "pl": "Nadaj pozycjom różne nazwy, np. dopisując grupę wieku lub dzień.",
            "en": "Give the items different names, e.g. add the age group or the day.",
        },
        "offers.exists": {
            "pl": "Instytucja ma już w ofercie pozycję „{name}”.",
            "en": "The institution already offers '{name}'.",
        },
        "offers.exists_hint": {
            "pl": "Zaznacz „zastąp obecną ofertę” albo zmień nazwę w pliku.",
            "en": "Choose 'replace the current offer' or rename the item in the file.",
        },
        "offers.need_unrecognised": {
            "pl": "nie rozpoznano rodzaju zajęć ani grupy odbiorców",
            "en": "neither an activity type nor an audience was recognised",
        },
        "offers.gap.need": {"pl": "potrzeba", "en": "need"},
        "offers.gap.audience": {"pl": "grupa odbiorców", "en": "audience"},
        "offers.gap.need_detail": {
            "pl": "żaden ośrodek nie ma oferty: {types} dla: {audiences}",
            "en": "no centre offers: {types} for: {audiences}",
        },
        "offers.gap.audience_detail": {
            "pl": "żaden ośrodek nie kieruje oferty do tej grupy",
            "en": "no centre addresses this group",
        },
        "offers.any_type": {"pl": "dowolne zajęcia", "en": "any activity"},
        "offers.any_audience": {"pl": "wszystkich", "en": "everyone"},
        "offers.basis.district": {"pl": "dzielnica", "en": "district"},
        "offers.basis.day": {"pl": "dzień tygodnia", "en": "day of the week"},
    }
)


# =========================================================================== activity types


def activity_types(ws: Workspace) -> list[str]:
    """The workspace's activity types, in its order (:data:`DEFAULT_ACTIVITY_TYPES` if unset)."""
    return [str(v) for v in ws.setting(SETTING, list(DEFAULT_ACTIVITY_TYPES))]


def activity_type_usage(ws: Workspace) -> dict[str, int]:
    """Every activity type (list order, then any used but not listed) with its offer count."""
    usage = dict.fromkeys(activity_types(ws), 0)
    for offer in ws.objects(Offer):
        usage[offer.activity_type] = usage.get(offer.activity_type, 0) + 1
    return usage


def set_activity_types(
    ws: Workspace, types: Sequence[str], *, actor: str | None = None
) -> list[str]:
    """Replace the list of activity types (add, rename by hand, reorder, remove).

    Names are trimmed; an empty, too long or repeated name is refused, and so is removing a
    type that any offer still has. Returns the saved list.
    """
    cleaned: list[str] = []
    for name in types:
        value = " ".join(str(name).split())
        if not value:
            raise SwotError(t("offers.type.empty"))
        if len(value) > TYPE_MAX_LENGTH:
            raise SwotError(t("offers.type.too_long", limit=TYPE_MAX_LENGTH, length=len(value)))
        if any(fold(value) == fold(c) for c in cleaned):
            raise SwotError(t("offers.type.repeated", name=value))
        cleaned.append(value)
    for offer in ws.objects(Offer):
        if offer.activity_type not in cleaned:
            using = [o for o in ws.objects(Offer) if o.activity_type == offer.activity_type]
            raise SwotError(
                t(
                    "offers.type.in_use",
                    name=offer.activity_type,
                    count=len(using),
                    example=using[0].name[:60],
                )
            )
    ws.set_setting(SETTING, cleaned, actor=actor)
    return cleaned


def _check_type(ws: Workspace, offer: Offer) -> None:
    allowed = activity_types(ws)
    if offer.activity_type not in allowed:
        raise ValidationError(
            "activity_type",
            t("expect.choice", choices=", ".join(allowed)),
            offer.activity_type,
            t("offers.type.unknown_hint"),
        )


# =========================================================================== offers


def offers(ws: Workspace, institution_id: str | None = None) -> list[Offer]:
    """The offer items of one institution (``None``: of every institution), in entry order."""
    return ws.objects(Offer, parent=institution_id)


def save_offer(ws: Workspace, offer: Offer, *, actor: str | None = None) -> Offer:
    """Add a new offer item (``version == 0``) or save an edited one.

    The activity type must be on the workspace's list; a stale edit raises
    :class:`~swot.errors.ConflictError` as every workspace update does.
    """
    _check_type(ws, offer)
    return ws.add(offer, actor=actor) if offer.version == 0 else ws.update(offer, actor=actor)


def delete_offer(ws: Workspace, offer: Offer, *, actor: str | None = None) -> None:
    """Delete an offer item (refused if it was changed meanwhile)."""
    ws.delete(offer, actor=actor)


def offer_table(ws: Workspace, institution_id: str | None = None) -> pd.DataFrame:
    """Every offer item as one row of labels (what a person reads; for tables and exports).

    Columns: ``id, institution_id, institution, name, activity_type, form, audiences,
    districts, days, price, notes`` (lists as comma-separated text, in Polish labels).
    """
    labels = {i.id: i.label for i in ws.institutions()}
    rows = [
        {
            "id": o.id,
            "institution_id": o.institution_id,
            "institution": labels.get(o.institution_id, o.institution_id),
            "name": o.name,
            "activity_type": o.activity_type,
            "form": o.form.label,
            "audiences": ", ".join(a.label for a in o.audiences),
            "districts": ", ".join(o.districts),
            "days": ", ".join(d.label for d in o.days),
            "price": o.price_text,
            "notes": o.notes,
        }
        for o in offers(ws, institution_id)
    ]
    columns = ["id", "institution_id", "institution", *COLUMNS]
    return pd.DataFrame(rows, columns=columns)


UNSPECIFIED = "unspecified"


def offer_map(ws: Workspace) -> pd.DataFrame:
    """Who offers what to whom: offer counts per institution × activity type × audience.

    Long form, one row per combination, zeros included (every institution, every listed
    activity type plus any type in use, every audience), so a heat map has no holes:
    ``institution_id, institution, activity_type, audience, audience_label, offers``. An
    offer for several audiences counts once for each; an offer naming none is counted under
    ``audience == "unspecified"`` (rows for it only when such offers exist).
    ``attrs["total"]`` is the number of offer items; ``attrs["items"]`` maps institution id
    → activity type → number of offer items (each item once, whatever its audiences), so a
    map summed over audiences does not count an item for three audiences three times.
    """
    institutions = ws.institutions()
    items = offers(ws)
    types = list(activity_type_usage(ws))
    audiences = [a.value for a in OfferAudience]
    if any(not o.audiences for o in items):
        audiences.append(UNSPECIFIED)
    counts: dict[tuple[str, str, str], int] = {}
    per_type: dict[str, dict[str, int]] = {i.id: dict.fromkeys(types, 0) for i in institutions}
    for o in items:
        by_type = per_type.setdefault(o.institution_id, dict.fromkeys(types, 0))
        by_type[o.activity_type] = by_type.get(o.activity_type, 0) + 1
        for audience in [a.value for a in o.audiences] or [UNSPECIFIED]:
            key = (o.institution_id, o.activity_type, audience)
            counts[key] = counts.get(key, 0) + 1
    rows = [
        (inst.id, inst.label, kind, audience, _audience_label(audience), counts.get(key, 0))
        for inst in institutions
        for kind in types
        for audience in audiences
        for key in [(inst.id, kind, audience)]
    ]
    out = pd.DataFrame(
        rows,
        columns=[
            "institution_id",
            "institution",
            "activity_type",
            "audience",
            "audience_label",
            "offers",
        ],
    )
    out["offers"] = out["offers"].astype("int64")
    out.attrs["total"] = len(items)
    out.attrs["items"] = per_type
    return out


def _audience_label(value: str) -> str:
    if value == UNSPECIFIED:
        return t("offers.audience.unspecified")
    return OfferAudience(value).label


# =========================================================================== needs


@dataclass(frozen=True, slots=True)
class NeedSpec:
    """What a need label asks for: activity types and audiences (empty: any), and why.

    ``stems`` are the folded stems that recognised it; they also find strengths and tasks
    that address the need (see the module notes).
    """

    label: str
    types: tuple[str, ...] = ()
    audiences: tuple[OfferAudience, ...] = ()
    stems: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        return bool(self.types or self.audiences)

    def covered_by(self, offer: Offer) -> bool:
        """True when ``offer`` answers this need (type and audience, see the module notes)."""
        if not self.recognised:
            return False
        type_ok = not self.types or offer.activity_type in self.types
        audience_ok = (
            not self.audiences
            or not offer.audiences
            or bool(set(offer.audiences) & set(self.audiences))
        )
        return type_ok and audience_ok


_WORD_RE = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


def _type_stems(types: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Stems of each type: the built-in ones plus the type's own folded name (5 letters)."""
    out: dict[str, tuple[str, ...]] = {}
    for name in types:
        own = tuple(w[:5] for w in _words(name) if len(w) > 2 and w not in {"inne", "oraz"})
        out[name] = tuple(dict.fromkeys((*TYPE_STEMS.get(name, ()), *own)))
    return out


def need_spec(label: str, types: Sequence[str] = DEFAULT_ACTIVITY_TYPES) -> NeedSpec:
    """Read a need label as activity types (from ``types``) and audiences.

    >>> need_spec("Kino, pokazy filmowe").types
    ('film',)
    >>> [a.value for a in need_spec("Zajęcia dla seniorów").audiences]
    ['seniors']
    """
    words = _words(label)
    text = " ".join(words)
    found_types: list[str] = []
    stems: list[str] = []
    for name, type_stems in _type_stems(types).items():
        hits = [s for s in type_stems if _has_stem(words, text, s)]
        if hits:
            found_types.append(name)
            stems += hits
    found_audiences: list[OfferAudience] = []
    for audience, audience_stems in AUDIENCE_STEMS.items():
        hits = [s for s in audience_stems if _has_stem(words, text, s)]
        if hits:
            found_audiences.append(audience)
            stems += hits
    return NeedSpec(label, tuple(found_types), tuple(found_audiences), tuple(dict.fromkeys(stems)))


def _has_stem(words: Sequence[str], text: str, stem: str) -> bool:
    if " " in stem:  # a two-word stem: look in the whole folded text
        return f" {stem}" in f" {text}"
    return any(w.startswith(stem) for w in words)


def diagnosed_needs(ws: Workspace, variable: str = "needs") -> pd.DataFrame:
    """The needs named in the consultation saved in the workspace, most cited first.

    City-wide counts of the multiple-choice question ``variable`` (the sample's "what is
    missing" question) over every channel, street-poll tallies included:
    ``need, count, base, share``. Empty when no consultation was imported yet. For one
    centre's audience use :func:`swot.diagnosis.unmet_needs` and pass its rows instead.
    """
    from swot import survey
    from swot.diagnosis import frequencies

    columns = ["need", "count", "base", "share"]
    data = survey.load_survey(ws)
    if variable not in data.codebook or data.responses.empty:
        return pd.DataFrame(columns=columns)
    freq = frequencies(data.responses, data.codebook, variable, tallies=data.tallies)
    freq = freq[~freq["dont_know"]]
    out = freq.rename(columns={"option": "need"})[columns].copy()
    out = out.sort_values(["share", "need"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def _needs_frame(needs: pd.DataFrame | Sequence[str] | None, ws: Workspace) -> pd.DataFrame:
    """``need, share`` from any of the accepted forms of ``needs``."""
    if needs is None:
        needs = diagnosed_needs(ws)
    if isinstance(needs, pd.DataFrame):
        frame = needs
        if "kind" in frame.columns:  # unmet_needs(...) / unmet_needs_by_institution(...)
            frame = frame[frame["kind"] == "need"]
        label_column = "need" if "need" in frame.columns else "option"
        if label_column not in frame.columns:
            raise ValidationError(
                "needs", t("expect.choice", choices="need, option"), list(frame.columns)
            )
        share = frame["share"] if "share" in frame.columns else pd.Series(float("nan"), frame.index)
        pairs = pd.DataFrame({"need": frame[label_column].astype(str), "share": share})
        # several institutions' rows: one row per need, its highest share
        pairs = pairs.groupby("need", sort=False, as_index=False).agg(share=("share", "max"))
        return pairs.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    if isinstance(needs, str):
        needs = [needs]
    labels = list(dict.fromkeys(str(n).strip() for n in needs if str(n).strip()))
    return pd.DataFrame({"need": labels, "share": [float("nan")] * len(labels)})


# =========================================================================== coverage


@dataclass(frozen=True, slots=True, eq=False)
class Coverage:
    """The offer set against the needs (see :func:`coverage` for the columns of each table)."""

    needs: pd.DataFrame
    gaps: pd.DataFrame
    overlaps: pd.DataFrame
    unaddressed: pd.DataFrame
    specs: tuple[NeedSpec, ...] = field(default=())

    def __repr__(self) -> str:
        return (
            f"Coverage(needs={len(self.needs)}, gaps={len(self.gaps)}, "
            f"overlaps={len(self.overlaps)}, unaddressed={len(self.unaddressed)})"
        )


def coverage(
    ws: Workspace,
    needs: pd.DataFrame | Sequence[str] | None = None,
) -> Coverage:
    """Gaps, competition and needs nobody plans for (rules in the module notes).

    Parameters
    ----------
    ws
        The workspace (offers, institutions, strengths, plans).
    needs
        The diagnosed needs: labels, or a DataFrame with ``need`` or ``option`` (and
        optionally ``share``) such as :func:`diagnosed_needs`,
        :func:`swot.diagnosis.unmet_needs` or :func:`swot.compare.unmet_needs_by_institution`
        (only ``kind == "need"`` rows are used). Default: :func:`diagnosed_needs` of ``ws``.

    Returns
    -------
    Coverage
        ``needs``: every need with ``share, types, audiences, recognised, offered_by``
        (institution labels), ``offers`` (count), ``strengths`` and ``tasks`` (texts that
        address it), ``covered``, ``planned``.
        ``gaps``: ``kind`` (``"need"`` or ``"audience"``), ``label, share, detail``: needs
        no centre's offer covers (recognised ones), then audiences no offer names.
        ``overlaps``: ``activity_type, audience, audience_label, basis`` (``"district"`` or
        ``"day"``), ``where`` (the district or day label), ``institutions`` (labels),
        ``offers`` (names), ``n_institutions``.
        ``unaddressed``: needs (recognised) that no strength and no planned task mentions:
        ``need, share, offered_by``.
    """
    frame = _needs_frame(needs, ws)
    types = list(activity_type_usage(ws))
    institutions = {i.id: i for i in ws.institutions()}
    items = offers(ws)
    strengths = [f for f in ws.objects(Factor) if f.quadrant is Quadrant.S]
    tasks = ws.objects(Task)
    goal_owner = {g.id: g.institution_id for g in ws.objects(Goal)}

    def label(inst_id: str | None) -> str:
        if inst_id is None:
            return t("offers.joint_plan")
        inst = institutions.get(inst_id)
        return inst.label if inst else inst_id

    specs = tuple(need_spec(n, types) for n in frame["need"])
    need_rows = []
    for spec, share in zip(specs, frame["share"], strict=True):
        covering = [o for o in items if spec.covered_by(o)]
        offered_by = list(dict.fromkeys(label(o.institution_id) for o in covering))
        words_s = [
            f"{label(f.institution_id)}: {f.text}"
            for f in strengths
            if spec.stems and _mentions(f.text, spec.stems)
        ]
        words_t = [
            f"{label(goal_owner.get(task.goal_id))}: {task.title}"
            for task in tasks
            if spec.stems and _mentions(task.title, spec.stems)
        ]
        need_rows.append(
            {
                "need": spec.label,
                "share": share,
                "types": ", ".join(spec.types),
                "audiences": ", ".join(a.label for a in spec.audiences),
                "recognised": spec.recognised,
                "offered_by": ", ".join(offered_by),
                "offers": len(covering),
                "strengths": words_s,
                "tasks": words_t,
                "covered": bool(covering),
                "planned": bool(words_s or words_t),
            }
        )
    need_columns = [
        "need",
        "share",
        "types",
        "audiences",
        "recognised",
        "offered_by",
        "offers",
        "strengths",
        "tasks",
        "covered",
        "planned",
    ]
    need_table = pd.DataFrame(need_rows, columns=need_columns)

    gap_rows = []
    for spec, row in zip(specs, need_rows, strict=True):
        if spec.recognised and not row["covered"]:
            detail = t(
                "offers.gap.need_detail",
                types=", ".join(spec.types) or t("offers.any_type"),
                audiences=", ".join(a.label for a in spec.audiences) or t("offers.any_audience"),
            )
            gap_rows.append(("need", spec.label, row["share"], detail))
    named = {a for o in items for a in o.audiences}
    for audience in OfferAudience:
        if audience not in named:
            gap_rows.append(
                ("audience", audience.label, float("nan"), t("offers.gap.audience_detail"))
            )
    gaps = pd.DataFrame(gap_rows, columns=["kind", "label", "share", "detail"])

    unaddressed = need_table[need_table["recognised"] & ~need_table["planned"]][
        ["need", "share", "offered_by"]
    ].reset_index(drop=True)

    return Coverage(need_table, gaps, _overlaps(items, institutions), unaddressed, specs)


def _mentions(text: str, stems: Sequence[str]) -> bool:
    words = _words(text)
    joined = " ".join(words)
    return any(_has_stem(words, joined, s) for s in stems)


def _overlaps(items: Sequence[Offer], institutions: Mapping[str, Institution]) -> pd.DataFrame:
    groups: dict[tuple[str, str, str, str], dict[str, list[str]]] = {}
    day_order = {d.value: i for i, d in enumerate(Weekday)}
    for o in items:
        home = institutions[o.institution_id].district if o.institution_id in institutions else ""
        places = o.districts or ((home,) if home else ())
        for group in o.audiences:
            keys = [("district", p) for p in places] + [("day", d.value) for d in o.days]
            for basis, where in keys:
                key = (o.activity_type, group.value, basis, where)
                groups.setdefault(key, {}).setdefault(o.institution_id, []).append(o.name)
    rows = []
    for (kind, audience, basis, where), by_inst in groups.items():
        if len(by_inst) < 2:
            continue
        rows.append(
            {
                "activity_type": kind,
                "audience": audience,
                "audience_label": OfferAudience(audience).label,
                "basis": basis,
                "where": Weekday(where).label if basis == "day" else where,
                "institutions": [
                    institutions[i].label if i in institutions else i for i in by_inst
                ],
                "offers": [name for names in by_inst.values() for name in names],
                "n_institutions": len(by_inst),
                "_order": day_order.get(where, -1),
            }
        )
    columns = [
        "activity_type",
        "audience",
        "audience_label",
        "basis",
        "where",
        "institutions",
        "offers",
        "n_institutions",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    audience_order = {a.value: i for i, a in enumerate(OfferAudience)}
    frame = pd.DataFrame(rows)
    frame["_audience"] = frame["audience"].map(audience_order)
    frame = frame.sort_values(
        ["n_institutions", "activity_type", "_audience", "basis", "_order", "where"],
        ascending=[False, True, True, False, True, True],
        kind="stable",
    )
    return frame[columns].reset_index(drop=True)


# =========================================================================== import


@dataclass(frozen=True, slots=True)
class OfferRow:
    """One offer item read from a file (not yet tied to an institution); ``row`` as in Excel."""

    row: int
    name: str
    activity_type: str
    form: OfferForm = OfferForm.ACTIVITY
    audiences: tuple[OfferAudience, ...] = ()
    districts: tuple[str, ...] = ()
    days: tuple[Weekday, ...] = ()
    paid: bool = False
    price: float | None = None
    notes: str = ""

    def to_offer(self, institution_id: str) -> Offer:
        return Offer(
            institution_id=institution_id,
            name=self.name,
            activity_type=self.activity_type,
            form=self.form,
            audiences=self.audiences,
            districts=self.districts,
            days=self.days,
            paid=self.paid,
            price=self.price,
            notes=self.notes,
        )


@dataclass(frozen=True, slots=True)
class OfferPreview:
    """What :func:`preview_offers` understood in a file, before anything is written.

    Rows with an error are left out of ``rows`` and make :func:`save_offers` refuse the whole
    file; warnings only inform. ``columns`` maps each recognised column to its heading.
    """

    file: str
    rows: tuple[OfferRow, ...]
    problems: tuple[Problem, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when the file can be imported (warnings may remain)."""
        return not self.errors and bool(self.rows)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Headings and rows of labels, as a person reads the preview."""
        headers = [t("offers.col.row")] + [t(f"offers.col.{c}") for c in COLUMNS]
        rows = [
            [
                str(r.row),
                r.name,
                r.activity_type,
                r.form.label,
                ", ".join(a.label for a in r.audiences),
                ", ".join(r.districts),
                ", ".join(d.label for d in r.days),
                _price_label(r.paid, r.price),
                r.notes,
            ]
            for r in self.rows
        ]
        return headers, rows

    def _repr_html_(self) -> str:
        headers, rows = self.table()
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        problems = "".join(f"<li>{html.escape(str(p))}</li>" for p in self.problems)
        listing = f"<ul>{problems}</ul>" if problems else ""
        return f"<table><tr>{head}</tr>{body}</table>{listing}"


def _price_label(paid: bool, price: float | None) -> str:
    probe = Offer(institution_id="x", name="x", activity_type="x", paid=paid, price=price)
    return probe.price_text


# Heading stems after fold, tried in this order (first role whose stem matches wins).
_HEADING_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("price", ("cena", "ceny", "odplat", "oplat", "koszt", "bilet", "platn", "price", "fee")),
    ("days", ("dni", "dzien", "termin", "kiedy", "days", "day")),
    ("districts", ("dzieln", "osiedl", "miejsc", "gdzie", "lokaliz", "district", "where")),
    ("audiences", ("odbiorc", "kogo", "wiek", "adresa", "uczestni", "audienc", "public")),
    ("form", ("forma", "formy", "form")),
    ("activity_type", ("rodzaj", "typ", "dziedzin", "kategori", "activity", "type")),
    ("notes", ("uwagi", "uwaga", "opis", "notatk", "komentarz", "notes", "note")),
    ("name", ("nazwa", "nazwy", "tytul", "zajecia", "name", "title")),
)
_REQUIRED = ("name", "activity_type")


def _heading_role(heading: str) -> str | None:
    """The offer column a heading names (case, diacritics and small typos ignored).

    Exact stems first (a word equal to a short stem, or starting with a longer one), then,
    only if nothing matched, long stems with a typo (similarity of the word's start >= 0.85).
    """
    words = _words(heading)
    if not words:
        return None
    for role, stems in _HEADING_STEMS:
        for stem in stems:
            short = len(stem) <= 3
            if any(w == stem if short else w.startswith(stem) for w in words):
                return role
    for role, stems in _HEADING_STEMS:
        for stem in stems:
            if len(stem) >= 6 and any(
                len(w) >= len(stem) - 1
                and difflib.SequenceMatcher(None, w[: len(stem)], stem).ratio() >= 0.85
                for w in words
            ):
                return role
    return None


_SPLIT_RE = re.compile(r"[,;\n/]+")
_AND_RE = re.compile(r"\s+(?:i|oraz|and)\s+")
_MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_FORM_STEMS: tuple[tuple[OfferForm, tuple[str, ...]], ...] = (
    (OfferForm.GROUP, ("grup", "zesp", "klub", "kolo", "kola", "chor", "sekc", "group", "club")),
    (
        OfferForm.EVENT,
        (
            "wydarz",
            "impre",
            "koncert",
            "festyn",
            "festiw",
            "spektak",
            "seans",
            "pokaz",
            "wystaw",
            "spotkan",
            "jednoraz",
            "event",
        ),
    ),
    (
        OfferForm.ACTIVITY,
        ("zaj", "warsztat", "kurs", "lekcj", "stale", "cykl", "pracown", "activit", "class"),
    ),
)
_AUDIENCE_WORDS: dict[str, tuple[OfferAudience, ...]] = {
    "wszyscy": tuple(OfferAudience),
    "wszystkie": tuple(OfferAudience),
    "wszystkich": tuple(OfferAudience),
    "kazdy": tuple(OfferAudience),
    "everyone": tuple(OfferAudience),
    "all": tuple(OfferAudience),
}
_DAY_STEMS: tuple[tuple[Weekday, tuple[str, ...]], ...] = (
    (Weekday.MON, ("pon", "pn", "mon")),
    (Weekday.TUE, ("wto", "wt", "tue")),
    (Weekday.WED, ("sro", "sr", "wed")),
    (Weekday.THU, ("czw", "cz", "thu")),
    (Weekday.FRI, ("pia", "pt", "fri")),
    (Weekday.SAT, ("sob", "so", "sb", "sat")),
    (Weekday.SUN, ("nie", "nd", "ndz", "sun")),
)
_FREE_WORDS = ("bezplat", "darmow", "wolny", "gratis", "free", "nieodplat")
_PAID_WORDS = ("odplat", "platn", "paid", "biletowan")
_AMOUNT_RE = re.compile(r"(\d+(?:[.,]\d{1,2})?)")
_RANGE_RE = re.compile(r"^(\S+?)\s*[-–—]\s*(\S+)$")


def _split(cell: str, *, and_words: bool = False) -> list[str]:
    parts = _SPLIT_RE.split(cell)
    if and_words:
        parts = [p for part in parts for p in _AND_RE.split(part)]
    return [" ".join(p.split()) for p in parts if p.strip()]


def _day(token: str) -> Weekday | None:
    word = fold(token).strip(". ")
    if not word:
        return None
    for day, stems in _DAY_STEMS:
        for stem in stems:
            if (len(stem) <= 2 and word == stem) or (len(stem) > 2 and word.startswith(stem)):
                return day
    return None


def _days(cell: str) -> tuple[list[Weekday], list[str]]:
    """Days named in a cell, and the tokens not understood."""
    found: list[Weekday] = []
    bad: list[str] = []
    order = list(Weekday)
    for token in _split(cell, and_words=True):
        folded = fold(token)
        if folded in ("codziennie", "daily", "caly tydzien"):
            found += order
            continue
        if folded.startswith("weekend"):
            found += [Weekday.SAT, Weekday.SUN]
            continue
        if folded in ("dni robocze", "dni powszednie", "weekdays"):
            found += order[:5]
            continue
        match = _RANGE_RE.match(token)
        if match:
            first, last = _day(match[1]), _day(match[2])
            if first is not None and last is not None:
                i, j = order.index(first), order.index(last)
                found += order[i : j + 1] if i <= j else order[i:] + order[: j + 1]
                continue
        day = _day(token)
        if day is None:
            bad.append(token)
        else:
            found.append(day)
    return list(dict.fromkeys(found)), bad


def _audiences(cell: str) -> tuple[list[OfferAudience], list[str]]:
    found: list[OfferAudience] = []
    bad: list[str] = []
    for token in _split(cell, and_words=True):
        words = _words(token)
        if any(w in _AUDIENCE_WORDS for w in words):
            found += _AUDIENCE_WORDS[next(w for w in words if w in _AUDIENCE_WORDS)]
            continue
        hits = [
            audience
            for audience, stems in AUDIENCE_STEMS.items()
            if any(w.startswith(s) for w in words for s in stems)
        ]
        if not hits and words:
            hits = [a for a in OfferAudience if a.value in words]
        if hits:
            found += hits
        else:
            bad.append(token)
    return list(dict.fromkeys(found)), bad


def _form(cell: str) -> OfferForm | None:
    words = _words(cell)
    if not words:
        return OfferForm.ACTIVITY
    for form, stems in _FORM_STEMS:
        if any(w.startswith(s) for w in words for s in stems):
            return form
    values = {f.value: f for f in OfferForm}
    return next((values[w] for w in words if w in values), None)


def _price(cell: str) -> tuple[bool, float | None] | None:
    folded = fold(cell)
    if not folded:
        return False, None
    if any(w in folded for w in _FREE_WORDS):
        return False, None
    match = _AMOUNT_RE.search(folded)
    if match:
        amount = float(match[1].replace(",", "."))
        return (False, None) if amount == 0 else (True, amount)
    if any(w in folded for w in _PAID_WORDS):
        return True, None
    return None


def _match_type(value: str, types: Sequence[str]) -> tuple[str | None, bool]:
    """The listed type ``value`` names, and whether it was a guess (not an exact match)."""
    folded = fold(value)
    for name in types:
        if fold(name) == folded:
            return name, False
    for name in types:  # "muzyczne" → "muzyka", "zajęcia plastyczne" → "plastyka"
        stems = _type_stems([name])[name]
        if any(w.startswith(s) for w in _words(value) for s in stems if len(s) >= 4):
            return name, True
    close = difflib.get_close_matches(folded, [fold(n) for n in types], n=1, cutoff=0.8)
    if close:
        return next(n for n in types if fold(n) == close[0]), True
    return None, False


def preview_offers(
    source: str | os.PathLike[str] | bytes,
    *,
    filename: str | None = None,
    activity_types: Sequence[str] = DEFAULT_ACTIVITY_TYPES,
) -> OfferPreview:
    """Read an offer table from an XLSX or CSV file, without writing anything.

    Headings are recognised in Polish, case- and diacritics-blind and despite small typos
    (``Nazwa``, ``Rodzaj zajęć``, ``Forma``, ``Odbiorcy``, ``Dzielnica``, ``Dni``, ``Cena``,
    ``Uwagi``; also e.g. ``Dla kogo``, ``Osiedle``, ``Dni tygodnia``, ``Odpłatność``). Lists in
    a cell are separated by commas, semicolons or line breaks (audiences and days also by
    "i"/"oraz"); days may be ranges (``pon–pt``) or ``weekend``. Problems with the whole file
    (unreadable, no name or type column) raise :class:`~swot.errors.DataImportError`; every
    other problem is in the preview's ``problems`` with row, column and a hint. Formulas are
    refused; HTML is kept as plain text with a warning. Pass the workspace's list as
    ``activity_types`` (:func:`activity_types`).
    """
    expected = ", ".join(t(f"offers.col.{c}") for c in COLUMNS)
    sheet = sheets.read_sheet(
        source,
        filename,
        prefix="offers",
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        role_of=_heading_role,
        expected=expected,
    )
    name, table, header_row = sheet.name, sheet.table, sheet.header_row
    roles, problems, formulas = sheet.roles, sheet.problems, sheet.formulas
    missing = [c for c in _REQUIRED if c not in roles]
    if missing:
        problem = Problem(
            name,
            header_row,
            None,
            "",
            "offers.missing_columns",
            t(
                "offers.missing_columns",
                columns=", ".join(t(f"offers.col.{c}") for c in missing),
                found=", ".join(table.headers) or "—",
            ),
            t("offers.missing_columns_hint", expected=expected),
        )
        raise DataImportError([problem, *problems], t("offers.cannot_read", file=name))

    rows: list[OfferRow] = []
    first_row: dict[str, int] = {}
    heading_of = {role: table.headers[i] for role, i in roles.items()}
    for number, record in zip(table.row_numbers, table.rows, strict=True):
        cells = {role: (record[i] if i < len(record) else "").strip() for role, i in roles.items()}
        row_problems: list[Problem] = []

        def flag(
            role: str,
            value: str,
            rule: str,
            message: str,
            hint: str,
            severity: str = "error",
            *,
            number: int = number,
            sink: list[Problem] = row_problems,
        ) -> None:
            sink.append(
                Problem(
                    name, number, heading_of.get(role), value[:80], rule, message, hint, severity
                )
            )

        for role, index in roles.items():
            value = cells[role]
            column = _excel_column(table, index)
            if value.startswith("=") or (number, column) in formulas:
                flag(
                    role,
                    value or formulas.get((number, column), ""),
                    "offers.formula",
                    t("offers.formula"),
                    t("offers.formula_hint"),
                )
            elif _MARKUP_RE.search(value):
                flag(
                    role,
                    value,
                    "offers.markup",
                    t("offers.markup"),
                    t("offers.markup_hint"),
                    "warning",
                )
        if not cells["name"]:
            flag("name", "", "offers.no_name", t("offers.no_name"), t("offers.no_name_hint"))
            problems += row_problems
            continue
        kind, guessed = _match_type(cells["activity_type"], activity_types)
        if kind is None:
            flag(
                "activity_type",
                cells["activity_type"],
                "offers.unknown_type",
                t("offers.unknown_type", value=cells["activity_type"]),
                t("offers.unknown_type_hint", choices=", ".join(activity_types)),
            )
        elif guessed:
            flag(
                "activity_type",
                cells["activity_type"],
                "offers.type_guess",
                t("offers.type_guess", value=cells["activity_type"], type=kind),
                t("offers.type_guess_hint"),
                "warning",
            )
        form = _form(cells.get("form", ""))
        if form is None:
            flag(
                "form",
                cells["form"],
                "offers.unknown_form",
                t("offers.unknown_form", value=cells["form"]),
                t("offers.unknown_form_hint"),
            )
        audiences, bad_audiences = _audiences(cells.get("audiences", ""))
        for token in bad_audiences:
            flag(
                "audiences",
                token,
                "offers.unknown_audience",
                t("offers.unknown_audience", value=token),
                t(
                    "offers.unknown_audience_hint",
                    choices=", ".join(a.label for a in OfferAudience),
                ),
            )
        days, bad_days = _days(cells.get("days", ""))
        for token in bad_days:
            flag(
                "days",
                token,
                "offers.unknown_day",
                t("offers.unknown_day", value=token),
                t("offers.unknown_day_hint"),
            )
        price = _price(cells.get("price", ""))
        if price is None:
            flag(
                "price",
                cells["price"],
                "offers.unknown_price",
                t("offers.unknown_price", value=cells["price"]),
                t("offers.unknown_price_hint"),
            )
        districts = list(dict.fromkeys(_split(cells.get("districts", ""))))
        folded_name = " ".join(fold(cells["name"]).split())
        if folded_name in first_row:
            flag(
                "name",
                cells["name"],
                "offers.repeated_name",
                t("offers.repeated_name", name=cells["name"], row=first_row[folded_name]),
                t("offers.repeated_name_hint"),
            )
        else:
            first_row[folded_name] = number
        if not any(p.severity == "error" for p in row_problems):
            paid, amount = price or (False, None)
            try:
                draft = OfferRow(
                    number,
                    cells["name"],
                    kind or "",
                    form or OfferForm.ACTIVITY,
                    tuple(audiences),
                    tuple(districts),
                    tuple(days),
                    paid,
                    amount,
                    cells.get("notes", ""),
                )
                offer = draft.to_offer("preview")
                rows.append(
                    OfferRow(
                        number,
                        offer.name,
                        offer.activity_type,
                        offer.form,
                        offer.audiences,
                        offer.districts,
                        offer.days,
                        offer.paid,
                        offer.price,
                        offer.notes,
                    )
                )
            except ValidationError as exc:
                role = _FIELD_ROLE.get(exc.field, "name")
                flag(role, cells.get(role, ""), "model", str(exc), exc.hint)
        problems += row_problems
    if not table.rows:
        problems.append(
            Problem(
                name,
                None,
                None,
                "",
                "offers.no_rows",
                t("offers.no_rows"),
                t("offers.no_rows_hint"),
            )
        )
    columns = tuple((role, heading_of[role]) for role in COLUMNS if role in heading_of)
    return OfferPreview(name, tuple(rows), tuple(problems), columns)


_FIELD_ROLE = {
    "name": "name",
    "activity_type": "activity_type",
    "form": "form",
    "audiences": "audiences",
    "districts": "districts",
    "days": "days",
    "paid": "price",
    "price": "price",
    "notes": "notes",
}


def _excel_column(table: Any, index: int) -> int:
    """1-based sheet column of ``table.headers[index]`` (tables keep columns in order)."""
    return index + 1


def save_offers(
    ws: Workspace,
    preview: OfferPreview,
    institution_id: str,
    *,
    actor: str | None = None,
    replace: bool = False,
) -> list[Offer]:
    """Write the previewed offer of ``institution_id`` in one transaction: all or nothing.

    Refused (:class:`~swot.errors.DataImportError` listing every problem, nothing written)
    when the preview has errors, an activity type is not on the workspace's list, or an item
    has the name of one the institution already offers. With ``replace=True`` the
    institution's current offer is deleted in the same transaction instead.
    """
    ws.get(Institution, institution_id)  # NotFoundError for a wrong id, before anything else
    problems = list(preview.errors)
    if not preview.rows and not problems:
        problems.append(
            Problem(
                preview.file,
                None,
                None,
                "",
                "offers.no_rows",
                t("offers.no_rows"),
                t("offers.no_rows_hint"),
            )
        )
    allowed = activity_types(ws)
    heading = dict(preview.columns)
    existing = offers(ws, institution_id)
    taken = {" ".join(fold(o.name).split()) for o in existing} if not replace else set()
    for row in preview.rows:
        if row.activity_type not in allowed:
            problems.append(
                Problem(
                    preview.file,
                    row.row,
                    heading.get("activity_type"),
                    row.activity_type,
                    "offers.unknown_type",
                    t("offers.unknown_type", value=row.activity_type),
                    t("offers.unknown_type_hint", choices=", ".join(allowed)),
                )
            )
        if " ".join(fold(row.name).split()) in taken:
            problems.append(
                Problem(
                    preview.file,
                    row.row,
                    heading.get("name"),
                    row.name,
                    "offers.exists",
                    t("offers.exists", name=row.name),
                    t("offers.exists_hint"),
                )
            )
    if problems:
        raise DataImportError(problems, t("offers.cannot_import", count=len(problems)))
    adds = [row.to_offer(institution_id) for row in preview.rows]
    added, _updated = ws.apply(adds=adds, deletes=existing if replace else (), actor=actor)
    return [o for o in added if isinstance(o, Offer)]


def offers_to_csv(ws: Workspace, institution_id: str) -> str:
    """One institution's offer as CSV text with the import's Polish headings (round-trips)."""
    from swot.exports import neutralise_formula

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"offers.col.{c}") for c in COLUMNS])
    for o in offers(ws, institution_id):
        writer.writerow(
            [
                neutralise_formula(v)
                for v in (
                    o.name,
                    o.activity_type,
                    o.form.label,
                    ", ".join(a.label for a in o.audiences),
                    ", ".join(o.districts),
                    ", ".join(d.label for d in o.days),
                    o.price_text,
                    o.notes,
                )
            ]
        )
    return out.getvalue()


def _refuse(file: str, rule: str, message: str, hint: str = "") -> DataImportError:
    return sheets.refuse(file, rule, message, hint, prefix="offers")
