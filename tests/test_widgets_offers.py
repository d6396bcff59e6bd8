"""The offer widgets driven headlessly: enter, edit, delete; import a spreadsheet or refuse it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from swot import offers as of
from swot.demo import sample_data_dir
from swot.model import Institution, OfferAudience, Weekday
from swot.store import Workspace
from swot.widgets.offers import OfferEditor, OfferImporter, offers_table


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="test") as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury", short_name="MOK"))
        yield ws


def test_editor_adds_edits_and_deletes_offers(ws):
    view = OfferEditor(ws, "mok", actor="Anna")
    assert "nie ma jeszcze wpisanej oferty" in repr(view)
    view.name.value = "Chór <seniora>"
    view.activity_type.value = "muzyka"
    view.form.value = "group"
    view.audiences.value = ("seniors", "adults")
    view.days.value = ("wed", "mon")
    view.districts.value = "Centrum, Niebrów, Centrum"
    view.price.value = "12,50 zł"
    view.save_button.click()
    assert "Zapisano: Chór <seniora>" in view.status.text
    [offer] = of.offers(ws, "mok")
    assert offer.audiences == (OfferAudience.ADULTS, OfferAudience.SENIORS)
    assert offer.days == (Weekday.MON, Weekday.WED)
    assert offer.districts == ("Centrum", "Niebrów")
    assert (offer.paid, offer.price) == (True, 12.5)
    assert "Chór <seniora>" in repr(view) and "&lt;seniora&gt;" in view.table.value
    assert view.pick.value == offer.id
    # edit the picked item
    view.notes.value = "sala 2"
    view.price.value = ""
    view.paid.value = False
    view.save_button.click()
    [edited] = of.offers(ws, "mok")
    assert (edited.notes, edited.paid, edited.version) == ("sala 2", False, 2)
    # a new, invalid item: the error is shown, nothing saved
    view.new_button.click()
    assert view.name.value == ""
    view.name.value = "Kino"
    view.price.value = "dużo"
    view.save_button.click()
    assert "nie jest liczbą" in view.status.text
    view.price.value = ""
    view.name.value = " "
    view.save_button.click()
    assert "nazwa" in view.status.text
    assert len(of.offers(ws, "mok")) == 1
    # delete
    view.pick.value = edited.id
    view.delete_button.click()
    assert "Usunięto" in view.status.text and of.offers(ws, "mok") == []
    view.delete_button.click()
    assert "wybierz pozycję" in view.status.text


def test_editor_refuses_a_stale_edit(ws):
    view = OfferEditor(ws, "mok")
    view.name.value = "Chór"
    view.activity_type.value = "muzyka"
    view.save_button.click()
    [offer] = of.offers(ws, "mok")
    ws.update(offer.replace(notes="ktoś inny"))
    view.notes.value = "ja"
    view.save_button.click()
    assert "Ktoś inny zmienił" in view.status.text
    assert of.offers(ws, "mok")[0].notes == "ktoś inny"


def test_importer_checks_then_imports_a_sample_file(ws):
    folder = sample_data_dir()
    view = OfferImporter(ws, "mok", actor="Anna", base_dir=folder, path="oferta_tkacz.csv")
    assert "pozycji 8; błędów 0" in repr(view)
    assert not view.accept_button.disabled
    view.accept_button.click()
    assert "zapisano 8 pozycji" in view.status.text
    assert len(of.offers(ws, "mok")) == 8
    # the same file again: refused as duplicates, nothing written
    view.check_button.click()
    view.accept_button.click()
    assert "Nie udało się" in view.status.text and "już w ofercie" in repr(view)
    assert len(of.offers(ws, "mok")) == 8
    assert "Pracownia tkacka" in repr(offers_table(ws))


def test_importer_shows_problems_and_refusals(ws, tmp_path):
    bad = tmp_path / "zla.csv"
    bad.write_text("Nazwa;Rodzaj zajęć;Odbiorcy\nBal;taniec;kosmici\n", encoding="utf-8")
    view = OfferImporter(ws, "mok", base_dir=tmp_path)
    view.check_button.click()
    assert "wybierz plik" in view.status.text.lower()
    view.path.value = "zla.csv"
    view.check_button.click()
    assert "błędy" in view.status.text and "kosmici" in repr(view)
    assert view.accept_button.disabled
    (tmp_path / "bez.csv").write_text("Tytuł;Cena\nA;5\n", encoding="utf-8")
    view.path.value = "bez.csv"
    view.check_button.click()
    assert "Brak kolumn" in repr(view)
    content = "Nazwa,Rodzaj zajęć\nKino,<b>film</b>\nTeatr,teatr\n".encode()
    view.upload.value = (
        {
            "name": "u.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2019, 3, 1, tzinfo=UTC),
        },
    )
    view.check_button.click()
    assert "u.csv: pozycji 2; błędów 0, uwag 2" in repr(view)
    assert "&lt;b&gt;film&lt;/b&gt;" in view.report.value and "<b>film" not in view.report.value
    view.upload.value = (
        {
            "name": "u.csv",
            "type": "text/csv",
            "size": 10,
            "content": memoryview(b"Nazwa,Rodzaj zaj\xc4\x99\xc4\x87\nKino,film\n"),
            "last_modified": datetime(2019, 3, 1, tzinfo=UTC),
        },
    )
    view.check_button.click()
    assert not view.accept_button.disabled
    view.cancel_button.click()
    assert "Anulowano" in view.status.text and of.offers(ws, "mok") == []


def test_importer_parts_keep_their_classes(ws):
    view = OfferImporter(ws, "mok")
    parts = {
        "upload": view.upload,
        "path": view.path,
        "replace": view.replace,
        "check": view.check_button,
        "accept": view.accept_button,
        "cancel": view.cancel_button,
        "report": view.report,
    }
    for key, part in parts.items():
        assert f"swot-offimp-{key}" in part._dom_classes
    assert "swot-offer-importer" in view._dom_classes
    assert view.upload.accept == ".xlsx,.csv" and view.pending is None
    assert repr(view) == "Import oferty z arkusza (XLSX lub CSV): MOK"
