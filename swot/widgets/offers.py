"""A centre's current offer in the browser: enter it by hand, or import it from a spreadsheet.

* :class:`OfferEditor`: add, edit and delete one institution's offer items (multi-selects for
  audiences and days); saved at once through :func:`swot.offers.save_offer`.
* :class:`OfferImporter`: upload or name an XLSX/CSV table, see what was understood and what
  was not, then import it whole or not at all (:func:`swot.offers.save_offers`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from swot import offers as core
from swot.errors import SwotError
from swot.i18n import register, t
from swot.model import Institution, Offer, OfferAudience, OfferForm, Weekday
from swot.store import Workspace
from swot.widgets._common import (
    FullTextRepr,
    HTMLView,
    StatusLine,
    guarded,
    html_table,
    text_table,
)
from swot.widgets._import import ImportBox, PreviewReport

__all__ = ["OfferEditor", "OfferImporter", "offers_table"]

register(
    {
        "ui.offers.title": {"pl": "Oferta: {name}", "en": "Offer: {name}"},
        "ui.offers.pick": {"pl": "Pozycja", "en": "Item"},
        "ui.offers.new_item": {"pl": "(nowa pozycja)", "en": "(new item)"},
        "ui.offers.save": {"pl": "Zapisz", "en": "Save"},
        "ui.offers.new": {"pl": "Nowa", "en": "New"},
        "ui.offers.delete": {"pl": "Usuń", "en": "Delete"},
        "ui.offers.districts_hint": {
            "pl": "po przecinku, puste = dzielnica ośrodka",
            "en": "comma-separated; empty = the centre's district",
        },
        "ui.offers.price_hint": {"pl": "kwota w zł (opcjonalnie)", "en": "amount in PLN"},
        "ui.offers.saved": {"pl": "Zapisano: {name}", "en": "Saved: {name}"},
        "ui.offers.deleted": {"pl": "Usunięto: {name}", "en": "Deleted: {name}"},
        "ui.offers.nothing": {
            "pl": "Najpierw wybierz pozycję z listy.",
            "en": "Pick an item from the list first.",
        },
        "ui.offers.bad_price": {
            "pl": "Cena „{value}” nie jest liczbą. Wpisz kwotę, np. 25 albo 12,50.",
            "en": "The price '{value}' is not a number. Enter an amount, e.g. 25 or 12.50.",
        },
        "ui.offers.empty": {
            "pl": "Ta instytucja nie ma jeszcze wpisanej oferty.",
            "en": "No offer entered for this institution yet.",
        },
        "ui.offers.count": {"pl": "pozycji oferty: {count}", "en": "offer items: {count}"},
        "ui.offimp.title": {
            "pl": "Import oferty z arkusza (XLSX lub CSV): {name}",
            "en": "Import the offer from a spreadsheet (XLSX or CSV): {name}",
        },
        "ui.offimp.summary": {
            "pl": "{file}: pozycji {rows}; błędów {errors}, uwag {warnings}.",
            "en": "{file}: {rows} items; {errors} errors, {warnings} warnings.",
        },
        "ui.offimp.replace": {
            "pl": "Zastąp obecną ofertę instytucji",
            "en": "Replace the institution's current offer",
        },
        "ui.offimp.saved": {
            "pl": "Zaimportowano ofertę z pliku {file}: zapisano {count} pozycji.",
            "en": "Imported the offer from {file}: {count} items saved.",
        },
    }
)


def offers_table(ws: Workspace, institution_id: str | None = None) -> HTMLView:
    """The offer of one institution (or of all) as an escaped table, with a text form."""
    frame = core.offer_table(ws, institution_id)
    columns = ["institution", *core.COLUMNS] if institution_id is None else list(core.COLUMNS)
    headers = [
        t("offers.col.institution") if c == "institution" else t(f"offers.col.{c}") for c in columns
    ]
    rows = frame[columns].values.tolist()
    empty = t("ui.offers.empty")
    return HTMLView(
        html_table(headers, rows, empty=empty, css_class="swot-offers"),
        text_table(headers, rows, empty=empty),
        "swot-offers-table",
    )


def _parse_price(text: str) -> float | None:
    cleaned = text.strip().replace("zł", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise SwotError(t("ui.offers.bad_price", value=text.strip())) from None


class OfferEditor(FullTextRepr, w.VBox):  # type: ignore[misc]
    """Add, edit and delete the offer items of one institution.

    Pick an item to edit it, or "(nowa pozycja)" to add one; "Zapisz" saves at once (a stale
    edit is refused with a message, nothing is overwritten).
    """

    def __init__(
        self, ws: Workspace, institution_id: str, *, actor: str = "", **kwargs: Any
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.actor = actor or None
        self.editing: Offer | None = None  # the version loaded into the form (stale edits fail)
        self.status = StatusLine()
        guard = guarded(self.status)
        wide = {"description_width": "110px"}
        layout = w.Layout(width="560px")
        self.table = HTMLView("", "", "swot-offers-list")
        self.pick = w.Dropdown(description=t("ui.offers.pick"), style=wide, layout=layout)
        self.pick.add_class("swot-offer-pick")
        self.name = w.Text(description=t("offers.col.name"), style=wide, layout=layout)
        self.name.add_class("swot-offer-name")
        self.activity_type = w.Dropdown(
            description=t("offers.col.activity_type"), style=wide, layout=layout
        )
        self.activity_type.add_class("swot-offer-type")
        self.form = w.Dropdown(
            description=t("offers.col.form"),
            options=[(f.label, f.value) for f in OfferForm],
            style=wide,
            layout=layout,
        )
        self.form.add_class("swot-offer-form")
        self.audiences = w.SelectMultiple(
            description=t("offers.col.audiences"),
            options=[(a.label, a.value) for a in OfferAudience],
            rows=len(OfferAudience),
            style=wide,
            layout=layout,
        )
        self.audiences.add_class("swot-offer-audiences")
        self.days = w.SelectMultiple(
            description=t("offers.col.days"),
            options=[(d.label, d.value) for d in Weekday],
            rows=len(Weekday),
            style=wide,
            layout=layout,
        )
        self.days.add_class("swot-offer-days")
        self.districts = w.Text(
            description=t("offers.col.districts"),
            placeholder=t("ui.offers.districts_hint"),
            style=wide,
            layout=layout,
        )
        self.districts.add_class("swot-offer-districts")
        self.paid = w.Checkbox(description=t("offer.paid"), indent=False)
        self.paid.add_class("swot-offer-paid")
        self.price = w.Text(
            description=t("offers.col.price"),
            placeholder=t("ui.offers.price_hint"),
            style=wide,
            layout=w.Layout(width="300px"),
        )
        self.price.add_class("swot-offer-price")
        self.notes = w.Textarea(description=t("offers.col.notes"), style=wide, layout=layout)
        self.notes.add_class("swot-offer-notes")
        self.save_button = w.Button(
            description=t("ui.offers.save"), icon="check", button_style="primary"
        )
        self.save_button.add_class("swot-offer-save")
        self.new_button = w.Button(description=t("ui.offers.new"), icon="plus")
        self.new_button.add_class("swot-offer-new")
        self.delete_button = w.Button(description=t("ui.offers.delete"), icon="trash")
        self.delete_button.add_class("swot-offer-delete")
        self.pick.observe(guard(self._on_pick), names="value")
        self.save_button.on_click(guard(self._on_save))
        self.new_button.on_click(guard(self._on_new))
        self.delete_button.on_click(guard(self._on_delete))
        title = w.HTML(f"<h4>{html.escape(t('ui.offers.title', name=self.institution.label))}</h4>")
        super().__init__(
            children=[
                title,
                self.table,
                self.pick,
                self.name,
                self.activity_type,
                self.form,
                self.audiences,
                self.days,
                self.districts,
                w.HBox([self.paid, self.price]),
                self.notes,
                w.HBox([self.save_button, self.new_button, self.delete_button]),
                self.status,
            ],
            **kwargs,
        )
        self.add_class("swot-offer-editor")
        self.refresh()

    @property
    def items(self) -> list[Offer]:
        return core.offers(self.ws, self.institution.id)

    def refresh(self, select: str | None = None) -> None:
        """Redraw the table and the lists from the workspace."""
        view = offers_table(self.ws, self.institution.id)
        self.table.value, self.table.text = view.value, view.text
        types = core.activity_types(self.ws)
        current_type = self.activity_type.value
        self.activity_type.options = types
        if current_type in types:
            self.activity_type.value = current_type
        self.pick.options = [(t("ui.offers.new_item"), "")] + [(o.name, o.id) for o in self.items]
        self.pick.value = select if select in {o.id for o in self.items} else ""

    def __repr__(self) -> str:
        header = t("ui.offers.title", name=self.institution.label)
        return f"{header}\n{self.table.text}"

    def _selected(self) -> Offer | None:
        return next((o for o in self.items if o.id == self.pick.value), None)

    def _on_pick(self, _change: Any = None) -> None:
        offer = self._selected()
        self.editing = offer
        if offer is None:
            self._clear()
            return
        self.name.value = offer.name
        if offer.activity_type not in self.activity_type.options:
            self.activity_type.options = [*self.activity_type.options, offer.activity_type]
        self.activity_type.value = offer.activity_type
        self.form.value = offer.form.value
        self.audiences.value = tuple(a.value for a in offer.audiences)
        self.days.value = tuple(d.value for d in offer.days)
        self.districts.value = ", ".join(offer.districts)
        self.paid.value = offer.paid
        self.price.value = "" if offer.price is None else f"{offer.price:g}"
        self.notes.value = offer.notes

    def _clear(self) -> None:
        self.name.value = ""
        self.form.value = OfferForm.ACTIVITY.value
        self.audiences.value = ()
        self.days.value = ()
        self.districts.value = ""
        self.paid.value = False
        self.price.value = ""
        self.notes.value = ""

    def _build(self) -> Offer:
        price = _parse_price(self.price.value)
        fields: dict[str, Any] = {
            "name": self.name.value,
            "activity_type": self.activity_type.value or "",
            "form": self.form.value,
            "audiences": tuple(self.audiences.value),
            "days": tuple(self.days.value),
            "districts": tuple(
                dict.fromkeys(d.strip() for d in self.districts.value.split(",") if d.strip())
            ),
            "paid": bool(self.paid.value) or price is not None,
            "price": price,
            "notes": self.notes.value,
        }
        base = self.editing
        if base is None:
            return Offer(institution_id=self.institution.id, **fields)
        return base.replace(**fields)

    def _on_save(self, _button: Any = None) -> None:
        saved = core.save_offer(self.ws, self._build(), actor=self.actor)
        self.refresh(select=saved.id)
        self.editing = saved
        self.status.ok(t("ui.offers.saved", name=saved.name))

    def _on_new(self, _button: Any = None) -> None:
        self.pick.value = ""
        self._clear()

    def _on_delete(self, _button: Any = None) -> None:
        offer = self.editing
        if offer is None:
            raise SwotError(t("ui.offers.nothing"))
        core.delete_offer(self.ws, offer, actor=self.actor)
        self.refresh()
        self.status.ok(t("ui.offers.deleted", name=offer.name))


class OfferImporter(ImportBox[core.OfferPreview, list[Offer]]):
    """Upload or name an offer table, check what was understood, then import it or cancel.

    Parameters
    ----------
    ws, institution_id
        The workspace and whose offer this is.
    actor
        Recorded in the history as who imported it.
    base_dir
        Where a relative path typed in the widget is looked for (default: working directory).
    path
        A file to check at once (its preview is shown; importing still takes a click).
    """

    def __init__(
        self,
        ws: Workspace,
        institution_id: str,
        *,
        actor: str = "",
        base_dir: str | Path | None = None,
        path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.ws = ws
        self.institution = ws.get(Institution, institution_id)
        self.actor = actor
        self.replace = w.Checkbox(description=t("ui.offimp.replace"), indent=False)
        self.replace.add_class("swot-offimp-replace")
        super().__init__(
            css_prefix="swot-offimp",
            read=self._read_offers,
            describe=_describe_offers,
            save=self._save_offers,
            on_saved=lambda preview, saved: t(
                "ui.offimp.saved", file=preview.file, count=len(saved)
            ),
            title=t("ui.offimp.title", name=self.institution.label),
            extra=[self.replace],
            base_dir=base_dir,
            path=path,
            **kwargs,
        )
        self.add_class("swot-offer-importer")

    def _read_offers(self, source: bytes | Path, name: str) -> core.OfferPreview:
        return core.preview_offers(
            source, filename=name, activity_types=core.activity_types(self.ws)
        )

    def _save_offers(self, preview: core.OfferPreview) -> list[Offer]:
        return core.save_offers(
            self.ws,
            preview,
            self.institution.id,
            actor=self.actor or None,
            replace=self.replace.value,
        )


def _describe_offers(preview: core.OfferPreview) -> PreviewReport:
    summary = t(
        "ui.offimp.summary",
        file=preview.file,
        rows=len(preview.rows),
        errors=len(preview.errors),
        warnings=len(preview.warnings),
    )
    headers, rows = preview.table()
    return PreviewReport(
        summary,
        html_table(headers, rows, css_class="swot-offimp-preview"),
        text_table(headers, rows),
    )
