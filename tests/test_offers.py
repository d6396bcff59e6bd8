"""The offer inventory: model, activity types, offer map, coverage and spreadsheet import."""

from __future__ import annotations

import io

import openpyxl
import pytest

from swot import offers as of
from swot.demo import load_sample_offers
from swot.errors import DataImportError, SwotError, ValidationError
from swot.model import Institution, Offer, OfferAudience, OfferForm, Weekday
from swot.store import Workspace

HEAD = "Nazwa;Rodzaj zajęć;Forma;Odbiorcy;Dzielnica;Dni;Cena;Uwagi\n"


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "o.swot", actor="test") as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury", district="Centrum"))
        ws.add(Institution(id="dok", name="Dzielnicowy Ośrodek", district="Niebrów"))
        yield ws


def _offer(**kw):
    base = {"institution_id": "mok", "name": "Chór", "activity_type": "muzyka"}
    return Offer(**{**base, **kw})


# --- model -------------------------------------------------------------------------------------


def test_offer_normalises_lists_into_canonical_order():
    offer = _offer(audiences=["seniors", "children"], days=("sun", "mon"), districts=[" A "])
    assert offer.audiences == (OfferAudience.CHILDREN, OfferAudience.SENIORS)
    assert offer.days == (Weekday.MON, Weekday.SUN)
    assert offer.districts == ("A",)
    assert Offer.from_dict(offer.to_dict()) == offer


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"audiences": ("babies",)}, "audiences", "odbiorcy"),
        ({"audiences": "children"}, "audiences", "listy wartości"),
        ({"days": ("mon", "mon")}, "days", "powtórz"),
        ({"price": 10}, "price", "odpłatn"),
        ({"paid": True, "price": -1}, "price", "kwoty"),
        ({"name": " "}, "name", "nazwa"),
        ({"form": "party"}, "form", "forma"),
    ],
)
def test_offer_validation_is_polish(changes, field, phrase):
    with pytest.raises(ValidationError) as info:
        _offer(**changes)
    assert info.value.field == field
    assert phrase in str(info.value).lower() or phrase in str(info.value)


def test_price_text():
    assert _offer().price_text == "bezpłatne"
    assert _offer(paid=True).price_text == "odpłatne"
    assert _offer(paid=True, price=12.5).price_text == "odpłatne: 12,50 zł"


def test_offers_survive_export_and_import_byte_identically(ws, tmp_path):
    of.save_offer(ws, _offer(audiences=("adults",), days=("fri",), paid=True, price=20))
    of.set_activity_types(ws, [*of.DEFAULT_ACTIVITY_TYPES, "robotyka"])
    text = ws.export_json()
    with Workspace.import_json(ws.export_data(), tmp_path / "copy.swot") as copy:
        assert copy.export_json() == text
        assert of.activity_types(copy)[-1] == "robotyka"


# --- activity types and saving -------------------------------------------------------------------


def test_activity_types_are_editable_but_used_ones_stay(ws):
    assert of.activity_types(ws) == list(of.DEFAULT_ACTIVITY_TYPES)
    saved = of.save_offer(ws, _offer())
    with pytest.raises(SwotError, match="muzyka"):
        of.set_activity_types(ws, ["taniec"])
    with pytest.raises(SwotError, match="dwa razy"):
        of.set_activity_types(ws, ["muzyka", "Muzyka"])
    assert of.set_activity_types(ws, ["muzyka", " nowe  media "]) == ["muzyka", "nowe media"]
    assert of.activity_type_usage(ws) == {"muzyka": 1, "nowe media": 0}
    with pytest.raises(ValidationError, match="rodzaj zajęć"):
        of.save_offer(ws, _offer(name="Kino", activity_type="film"))
    edited = of.save_offer(ws, saved.replace(notes="sala 2"))
    assert edited.version == 2
    of.delete_offer(ws, edited)
    assert of.offers(ws) == []


def test_offer_map_counts_every_combination(ws):
    of.save_offer(ws, _offer(audiences=("children", "youth")))
    of.save_offer(ws, _offer(name="Kino", activity_type="film", institution_id="dok"))
    table = of.offer_map(ws)
    assert table.attrs["total"] == 2
    # 2 institutions × 10 types × (5 audiences + "unspecified")
    assert len(table) == 2 * 10 * 6
    hits = table[table["offers"] > 0]
    assert sorted(
        zip(hits["institution_id"], hits["activity_type"], hits["audience"], strict=True)
    ) == [
        ("dok", "film", "unspecified"),
        ("mok", "muzyka", "children"),
        ("mok", "muzyka", "youth"),
    ]
    assert set(table["audience_label"]) >= {"dzieci", "seniorzy"}
    # item counts per institution and type: the offer for two audiences counts once
    items = table.attrs["items"]
    assert items["mok"]["muzyka"] == 1 and items["dok"]["film"] == 1
    assert set(items) == {"mok", "dok"} and items["mok"]["film"] == 0


# --- needs and coverage ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "types", "audiences"),
    [
        ("Kino, pokazy filmowe", ("film",), ()),
        ("Koncerty, festyny plenerowe", ("muzyka", "wydarzenia"), ()),
        ("Warsztaty rękodzieła, ceramiki", ("plastyka",), ()),
        ("Zajęcia dla seniorów", (), ("seniors",)),
        ("Zajęcia dla dzieci i młodzieży", (), ("children", "youth")),
        ("Spotkania autorskie", ("literatura",), ()),
        ("Zajęcia taneczne", ("taniec",), ()),
        ("Potańcówki dla seniorów", ("taniec",), ("seniors",)),
        ("Coś zupełnie innego", (), ()),
    ],
)
def test_need_spec_reads_types_and_audiences(label, types, audiences):
    spec = of.need_spec(label)
    assert spec.types == types
    assert tuple(a.value for a in spec.audiences) == audiences


def test_a_type_added_to_the_list_is_recognised_by_its_name():
    spec = of.need_spec("Zajęcia z robotyki", [*of.DEFAULT_ACTIVITY_TYPES, "robotyka"])
    assert "robotyka" in spec.types


def test_coverage_finds_gaps_overlaps_and_unplanned_needs(ws):
    of.save_offer(
        ws, _offer(name="Taniec A", activity_type="taniec", audiences=("children",), days=("mon",))
    )
    of.save_offer(
        ws,
        _offer(
            name="Taniec B",
            activity_type="taniec",
            audiences=("children",),
            days=("mon",),
            institution_id="dok",
        ),
    )
    of.save_offer(
        ws, _offer(name="Klub", activity_type="inne", audiences=("seniors",), institution_id="dok")
    )
    needs = ["Zajęcia taneczne", "Zajęcia dla seniorów", "Kino, pokazy filmowe", "Coś innego"]
    result = of.coverage(ws, needs)
    table = result.needs.set_index("need")
    assert table.loc["Zajęcia taneczne", "offered_by"] == "MOK" or "Miejski" in str(
        table.loc["Zajęcia taneczne", "offered_by"]
    )
    assert bool(table.loc["Zajęcia dla seniorów", "covered"])
    assert not bool(table.loc["Kino, pokazy filmowe", "covered"])
    assert not bool(table.loc["Coś innego", "recognised"])
    gaps = result.gaps
    assert list(gaps[gaps["kind"] == "need"]["label"]) == ["Kino, pokazy filmowe"]
    # no offer names young people, adults or families
    assert set(gaps[gaps["kind"] == "audience"]["label"]) == {"młodzież", "dorośli", "rodziny"}
    overlaps = result.overlaps
    assert list(overlaps["basis"]) == ["day"]  # different districts (Centrum, Niebrów)
    assert overlaps.iloc[0]["where"] == "poniedziałek"
    assert overlaps.iloc[0]["n_institutions"] == 2
    # nothing in the (empty) plans or strengths mentions any recognised need
    assert set(result.unaddressed["need"]) == {
        "Zajęcia taneczne",
        "Zajęcia dla seniorów",
        "Kino, pokazy filmowe",
    }


def test_coverage_accepts_unmet_needs_frames(ws):
    import pandas as pd

    frame = pd.DataFrame(
        {
            "institution_id": ["mok", "dok", "mok"],
            "kind": ["need", "need", "barrier"],
            "option": ["Wystawy", "Wystawy", "Brak czasu"],
            "share": [0.2, 0.3, 0.5],
        }
    )
    result = of.coverage(ws, frame)
    assert list(result.needs["need"]) == ["Wystawy"]
    assert result.needs.iloc[0]["share"] == 0.3


def test_sample_offers_on_the_demo(demo_ws, tmp_path):
    played = load_sample_offers(demo_ws)
    assert played.played and "MOK: 9 pozycji" in repr(played)
    assert not load_sample_offers(demo_ws).played
    result = of.coverage(demo_ws)  # needs from the saved consultation
    assert len(result.needs) == 9
    gaps = result.gaps
    assert list(gaps["label"]) == ["Spotkania autorskie"]
    first = result.overlaps.iloc[0]
    assert (first["activity_type"], first["audience"], first["where"]) == (
        "plastyka",
        "children",
        "sobota",
    )
    assert first["n_institutions"] == 3
    assert "Spotkania autorskie" in set(result.unaddressed["need"])
    tkacz = of.offer_table(demo_ws, "tkacz")
    assert "wtorek, środa, czwartek, piątek, sobota" in set(tkacz["days"])
    with Workspace.create(tmp_path / "own.swot", name="Moje") as own:
        assert not load_sample_offers(own).played


# --- import ------------------------------------------------------------------------------------


def test_preview_reads_polish_spreadsheets():
    text = (
        "Nazwa zajęć;Rodzaj;forma;Dla kogo;Osiedle;Dni tygodnia;Odpłatność\n"
        "Chór;muzyka;zespół;seniorzy i dorośli;Centrum, Niebrów;pon., śr.;bezpłatne\n"
        "\n"
        'Kino;film;wydarzenie;"dzieci\nrodziny";;weekend;12,50 zł\n'
        "Świetlica;edukacja;;wszyscy;;pon–pt;odpłatne\n"
    )
    preview = of.preview_offers(text.encode("cp1250"), filename="oferta.csv")
    assert preview.ok, preview.problems
    choir, cinema, club = preview.rows
    assert (choir.form, choir.audiences) == (
        OfferForm.GROUP,
        (OfferAudience.ADULTS, OfferAudience.SENIORS),
    )
    assert choir.districts == ("Centrum", "Niebrów") and choir.days == (Weekday.MON, Weekday.WED)
    assert (cinema.row, cinema.paid, cinema.price) == (4, True, 12.5)
    assert cinema.days == (Weekday.SAT, Weekday.SUN)
    assert club.days == tuple(Weekday)[:5] and club.audiences == tuple(OfferAudience)
    assert (club.paid, club.price, club.form) == (True, None, OfferForm.ACTIVITY)
    assert dict(preview.columns)["audiences"] == "Dla kogo"


def test_preview_reads_xlsx_and_refuses_formulas():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nazwa", "Rodzaj zajęć", "Cena"])
    sheet.append(["Ceramika", "plastyka", 30])
    sheet.append(["Suma", "plastyka", "=SUM(C2:C2)"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = of.preview_offers(buffer.getvalue(), filename="oferta.xlsx")
    assert [r.name for r in preview.rows] == ["Ceramika"]
    assert preview.rows[0].price == 30
    [error] = preview.errors
    assert (error.row, error.column, error.rule) == (3, "Cena", "offers.formula")
    assert "formułę" in error.message and error.hint


def test_preview_collects_every_problem_with_row_column_and_hint():
    text = HEAD + (
        "Bal;taniec;;kosmici;;xx;drogo;\n"
        ";muzyka;;;;;;\n"
        '=HYPERLINK("http://x");muzyka;;;;;;\n'
        "Chór;muzyk;;;;;;\n"
        "Kino;astronomia;impreza;;;;;\n"
        "Kino;film;;;;;;\n"
        "<script>alert(1)</script>;teatr;;dzieci;;;;\n"
    )
    preview = of.preview_offers(text.encode(), filename="zle.csv")
    by_rule = {(p.rule, p.row, p.column) for p in preview.problems}
    assert ("offers.unknown_audience", 2, "Odbiorcy") in by_rule
    assert ("offers.unknown_day", 2, "Dni") in by_rule
    assert ("offers.unknown_price", 2, "Cena") in by_rule
    assert ("offers.no_name", 3, "Nazwa") in by_rule
    assert ("offers.formula", 4, "Nazwa") in by_rule
    assert ("offers.type_guess", 5, "Rodzaj zajęć") in by_rule  # a warning: "muzyk" → muzyka
    assert ("offers.unknown_type", 6, "Rodzaj zajęć") in by_rule
    assert ("offers.repeated_name", 7, "Nazwa") in by_rule
    assert ("offers.markup", 8, "Nazwa") in by_rule
    assert all(p.hint for p in preview.problems)
    assert not preview.ok
    # HTML stays text, and the preview's own HTML escapes it
    assert any(r.name == "<script>alert(1)</script>" for r in preview.rows)
    assert "<script>" not in preview._repr_html_()


def test_missing_headings_refuse_the_whole_file():
    with pytest.raises(DataImportError) as info:
        of.preview_offers("Tytuł;Cena\nA;5\n".encode(), filename="x.csv")
    message = str(info.value)
    assert "Rodzaj zajęć" in message and "Nazwa" not in message.split("Znalezione")[0][:30]
    with pytest.raises(DataImportError, match="Excel"):
        of.preview_offers(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, filename="old.xls")
    with pytest.raises(DataImportError, match="otworzyć"):
        of.preview_offers("/nonexistent/oferta.csv")


def test_empty_table_cannot_be_saved(ws):
    preview = of.preview_offers(HEAD.encode() + b"\n\n", filename="pusta.csv")
    assert not preview.rows and not preview.ok
    with pytest.raises(DataImportError, match="pozycji"):
        of.save_offers(ws, preview, "mok")


def test_save_offers_is_all_or_nothing(ws):
    good = of.preview_offers((HEAD + "Chór;muzyka;;;;;;\nKino;film;;;;;;\n").encode())
    saved = of.save_offers(ws, good, "mok", actor="Anna")
    assert [o.name for o in saved] == ["Chór", "Kino"]
    assert ws.history()[-1].actor == "Anna"
    # the same file again: duplicates, nothing written
    with pytest.raises(DataImportError, match="Chór"):
        of.save_offers(ws, good, "mok")
    assert len(of.offers(ws, "mok")) == 2
    # replace swaps the whole offer in one transaction
    other = of.preview_offers((HEAD + "Teatr;teatr;;;;;;\n").encode())
    of.save_offers(ws, other, "mok", replace=True)
    assert [o.name for o in of.offers(ws, "mok")] == ["Teatr"]
    # a type removed from the workspace list meanwhile: refused
    of.set_activity_types(ws, ["teatr", "muzyka"])
    film = of.preview_offers((HEAD + "Kino;film;;;;;;\n").encode())
    with pytest.raises(DataImportError, match="film"):
        of.save_offers(ws, film, "dok")
    bad = of.preview_offers((HEAD + "Bal;taniec;;kosmici;;;;\n").encode())
    with pytest.raises(DataImportError, match="kosmici"):
        of.save_offers(ws, bad, "dok")
    assert of.offers(ws, "dok") == []


def test_csv_export_round_trips(ws):
    of.save_offer(
        ws,
        _offer(
            name="Chór „Jesień”",
            form="group",
            audiences=("seniors", "adults"),
            districts=("Centrum",),
            days=("tue", "thu"),
            paid=True,
            price=15,
            notes="sala 2",
        ),
    )
    text = of.offers_to_csv(ws, "mok")
    [row] = of.preview_offers(text.encode("utf-8"), filename="x.csv").rows
    [original] = of.offers(ws, "mok")
    assert row.to_offer("mok").replace(id=original.id) == original.replace(version=0)
