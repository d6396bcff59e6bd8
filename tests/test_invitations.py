"""The panel's invitation list: the model, duplicates, counts, the mailing table, import."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

import swot
from swot import invitations as inv
from swot.demo import DEMO_NAME, load_sample_stakeholders, sample_data_dir
from swot.errors import (
    ConflictError,
    DataImportError,
    PathError,
    ReferenceError_,
    SwotError,
    ValidationError,
)
from swot.model import (
    Institution,
    InvitationStatus,
    ReportDelivery,
    Stakeholder,
    StakeholderCategory,
)
from swot.store import Workspace

HEADER = "Organizacja;Kategoria;Osoba kontaktowa;E-mail;Telefon;Co otrzymuje;Status;Zaprasza;Uwagi"


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="test") as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury", short_name="MOK"))
        ws.add(Institution(id="tkacz", name="Ośrodek Kultury „Tkacz”", short_name="OK „Tkacz”"))
        ws.add(Institution(id="dok", name="Dzielnicowy Ośrodek Kultury", short_name="DOK"))
        yield ws


def _school(**changes) -> Stakeholder:
    fields = {
        "name": "Szkoła Podstawowa nr 99 (fikcyjna)",
        "category": "school",
        "contact_person": "Anna Przykładowa",
        "email": "sekretariat@sp99.example.org",
        "phone": "+48 44 700 00 99",
        "institution_id": "dok",
    }
    return Stakeholder(**(fields | changes))


def _csv(*rows: str, title: bool = False) -> bytes:
    lines = (["Lista zaproszonych (fikcyjna);;;;;;;;"] if title else []) + [HEADER, *rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


# --- the model -------------------------------------------------------------------------------


def test_defaults_and_normalisation():
    s = Stakeholder(name="  Radio Przykład FM  ", phone="  601   234 567 ")
    assert s.name == "Radio Przykład FM"
    assert s.phone == "601 234 567"
    assert s.category is StakeholderCategory.OTHER
    assert s.receives == (ReportDelivery.LINK,)
    assert s.status is InvitationStatus.TO_INVITE
    assert s.institution_id is None  # jointly
    assert Stakeholder(name="x", receives=("printed", "link")).receives == (
        ReportDelivery.LINK,
        ReportDelivery.PRINTED,
    )


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("email", "sekretariat(at)example.org", ("„e-mail”", "jednego adresu e-mail")),
        ("email", "a@example.org; b@example.org", ("„e-mail”", "w osobnym wierszu")),
        ("email", "jan@localhost", ("„e-mail”",)),
        ("phone", "12", ("„telefon”", "6–15 cyfr")),
        ("phone", "po 16:00", ("„telefon”", "godziny kontaktu dopisz w uwagach")),
        ("link_url", "javascript:alert(1)", ("„link”", "http:// lub https://")),
        ("link_url", "www.example.org", ("„link”", "https://")),
        ("link_url", "https://exa mple.org", ("„link”",)),
        ("category", "kościół", ("„kategoria”", "school")),
        ("status", "może", ("„status”", "confirmed")),
        ("receives", ("fax",), ("„co otrzymuje”",)),
        ("name", " ", ("„nazwa”", "Uzupełnij")),
    ],
)
def test_validation_names_field_and_fix_in_polish(field, value, words):
    with pytest.raises(ValidationError) as info:
        Stakeholder(**({"name": "Radio"} | {field: value}))
    assert info.value.field == field
    for word in words:
        assert word in str(info.value)


def test_accepts_real_polish_contact_forms():
    for phone in ("+48 601 234 567", "601-234-567", "(44) 724 12 34", "44 724 12 34 wew. 12"):
        assert Stakeholder(name="x", phone=phone).phone == phone
    for email in ("jan.kowalski@szkola99.invalid", "sekretariat@sp99.example.org"):
        assert Stakeholder(name="x", email=email).email == email
    assert Stakeholder(name="x", link_url="http://example.org/r?x=1").link_url


def test_link_only_with_link_delivery():
    with pytest.raises(ValidationError) as info:
        Stakeholder(name="x", receives=("printed",), link_url="https://example.org")
    assert "Zaznacz „link do raportu”" in str(info.value)


def test_english_labels():
    swot.set_language("en")
    assert StakeholderCategory.COUNTY_OFFICE.label == "county office"
    assert InvitationStatus.CONFIRMED.label == "confirmed"
    with pytest.raises(ValidationError) as info:
        Stakeholder(name="x", email="nope")
    assert "Field 'e-mail'" in str(info.value)


def test_every_category_has_a_polish_label():
    labels = [c.label for c in StakeholderCategory]
    assert len(set(labels)) == len(labels) == 10
    assert "regionalna instytucja kultury" in labels
    assert StakeholderCategory.NGO.label == "organizacja pozarządowa"


# --- the list in the workspace ----------------------------------------------------------------


def test_save_edit_delete(ws):
    saved = inv.save_stakeholder(ws, _school(), actor="Anna")
    assert saved.version == 1
    edited = inv.save_stakeholder(ws, saved.replace(status="invited"))
    assert edited.version == 2
    assert ws.history(kind="stakeholder")[-1].actor == "test"
    inv.delete_stakeholder(ws, edited)
    assert inv.stakeholders(ws) == []


def test_duplicate_refused_case_and_diacritics_blind(ws):
    inv.save_stakeholder(ws, _school(name="Szkoła Podstawowa nr 5", email="sp5@example.org"))
    twin = _school(name="  SZKOLA podstawowa  NR 5 ", email="SP5@EXAMPLE.ORG")
    with pytest.raises(ValidationError) as info:
        inv.save_stakeholder(ws, twin)
    assert "już jest na liście zaproszonych" in str(info.value)
    # the same school with another contact address is another addressee
    inv.save_stakeholder(ws, _school(name="Szkoła Podstawowa nr 5", email="dyrektor@example.org"))
    assert len(inv.stakeholders(ws)) == 2


def test_two_people_adding_one_addressee_at_once_keep_one(ws, monkeypatch):
    """Both checks before the write see an empty list; the database keeps only the first."""
    seen_before_the_write = inv.stakeholders(ws)
    monkeypatch.setattr(type(ws), "objects", lambda self, cls, *a, **k: seen_before_the_write)
    inv.save_stakeholder(ws, _school(name="Szkoła Podstawowa nr 5", email="sp5@example.org"))
    with pytest.raises(ValidationError) as info:
        inv.save_stakeholder(ws, _school(name="SZKOŁA podstawowa nr 5", email="sp5@example.org"))
    assert "adresat zaproszenia" in str(info.value)
    monkeypatch.undo()
    assert len(inv.stakeholders(ws)) == 1


def test_stale_edit_is_a_conflict_in_polish(ws):
    saved = inv.save_stakeholder(ws, _school())
    inv.save_stakeholder(ws, saved.replace(note="ktoś inny"))
    with pytest.raises(ConflictError) as info:
        inv.save_stakeholder(ws, saved.replace(note="ja"))
    assert "Ktoś inny zmienił ten obiekt („adresat zaproszenia”)" in str(info.value)
    assert ws.get(Stakeholder, saved.id).note == "ktoś inny"


def test_set_status_is_all_or_nothing(ws):
    a = inv.save_stakeholder(ws, _school())
    b = inv.save_stakeholder(ws, Stakeholder(name="Radio Przykład FM", category="media"))
    changed = inv.set_status(ws, [a, b], "invited")
    assert {s.status for s in changed} == {InvitationStatus.INVITED}
    inv.save_stakeholder(ws, ws.get(Stakeholder, b.id).replace(note="zmiana"))
    stale = [ws.get(Stakeholder, a.id), changed[1]]
    with pytest.raises(ConflictError):
        inv.set_status(ws, stale, "confirmed")
    assert {s.status for s in inv.stakeholders(ws)} == {InvitationStatus.INVITED}
    assert inv.set_status(ws, inv.stakeholders(ws), "invited") == []


def test_inviting_institution_must_exist_and_stays_referenced(ws):
    with pytest.raises(ReferenceError_):
        inv.save_stakeholder(ws, _school(institution_id="nowhere"))
    inv.save_stakeholder(ws, _school())
    with pytest.raises(ReferenceError_):
        ws.delete(ws.get(Institution, "dok"))


def test_filters_and_order(ws):
    inv.save_stakeholder(ws, Stakeholder(name="Tygodnik", category="media"))
    inv.save_stakeholder(ws, Stakeholder(name="Biblioteka", category="cultural_institution"))
    inv.save_stakeholder(ws, _school(status="invited"))
    assert inv.stakeholders(ws)[0].name == "Biblioteka"
    assert [s.name for s in inv.stakeholders(ws, categories=["media"])] == ["Tygodnik"]
    assert [s.category for s in inv.stakeholders(ws, statuses=["invited"])] == ["school"]


def test_json_export_import_round_trips_the_kind(ws, tmp_path):
    inv.save_stakeholder(ws, _school(receives=("link", "files"), link_url="https://example.org"))
    inv.save_stakeholder(ws, Stakeholder(name="Radny Piotr Próbny", category="councillor"))
    inv.set_report_link(ws, "https://example.org/raport")
    ws.export_json(tmp_path / "e.json")
    with Workspace.import_json(tmp_path / "e.json", tmp_path / "copy.swot") as copy:
        assert copy.objects(Stakeholder) == ws.objects(Stakeholder)
        assert inv.report_link(copy) == "https://example.org/raport"
        assert copy.export_json() == ws.export_json()
    data = json.loads(ws.export_json())
    entry = next(o for o in data["objects"] if o["kind"] == "stakeholder")
    entry["data"]["email"] = "zły adres"
    with pytest.raises(DataImportError) as info:
        Workspace.import_json(data, tmp_path / "bad.swot")
    assert "„e-mail”" in str(info.value)
    assert not (tmp_path / "bad.swot").exists()


# --- counts (for the public report) -----------------------------------------------------------


def test_summary_counts_only(ws):
    inv.save_stakeholder(ws, _school(status="confirmed"))
    inv.save_stakeholder(ws, Stakeholder(name="Radio", category="media", status="invited"))
    inv.save_stakeholder(ws, Stakeholder(name="Tygodnik", category="media"))
    summary = inv.invitation_summary(ws)
    assert summary.total == 3 and summary.sent == 2
    assert summary.count("media") == 2
    assert summary.count("media", "invited") == 1
    assert summary.by_status()[InvitationStatus.CONFIRMED] == 1
    assert len(summary.by_category()) == len(StakeholderCategory)
    headers, rows = summary.table()
    assert headers[:2] == ["Kategoria", "Na liście"]
    assert rows[-1][:2] == ["Razem", 3]
    assert [r[0] for r in rows[:-1]] == ["szkoła lub przedszkole", "media"]
    text = f"{summary} {summary!r} {rows}"
    for private in ("Szkoła Podstawowa", "sekretariat", "Anna", "+48", "Radio"):
        assert private not in text
    assert str(summary).startswith("Na liście: 3;")
    assert "Lista zaproszonych jest pusta" in str(inv.invitation_summary(ws, []))


# --- the mailing table ------------------------------------------------------------------------


def test_mailing_table_headings_and_link(ws):
    inv.save_stakeholder(ws, _school(receives=("link", "printed")))
    inv.save_stakeholder(ws, Stakeholder(name="Radio", category="media", receives=("files",)))
    inv.save_stakeholder(
        ws, Stakeholder(name="Tygodnik", category="media", link_url="https://example.com/t")
    )
    inv.set_report_link(ws, "https://example.org/raport")
    table = inv.mailing_table(ws)
    assert table.headings == (
        "Organizacja",
        "Kategoria",
        "Osoba kontaktowa",
        "E-mail",
        "Telefon",
        "Co otrzymuje",
        "Link",
        "Status",
        "Zaprasza",
        "Uwagi",
    )
    rows = {r[0]: r for r in table.rows}
    assert rows["Szkoła Podstawowa nr 99 (fikcyjna)"][5] == "link do raportu, egzemplarz drukowany"
    assert rows["Szkoła Podstawowa nr 99 (fikcyjna)"][6] == "https://example.org/raport"
    assert rows["Szkoła Podstawowa nr 99 (fikcyjna)"][8] == "DOK"
    assert rows["Radio"][6] == ""  # receives files only: no link
    assert rows["Tygodnik"][6] == "https://example.com/t"  # own link wins
    assert rows["Tygodnik"][8] == "wspólnie (wszystkie ośrodki)"
    assert table.column("email")[0] == "sekretariat@sp99.example.org"
    swot.set_language("en")
    assert inv.mailing_table(ws).headings[0] == "Organisation"


def test_report_link_checked_and_compare_and_set(ws):
    with pytest.raises(ValidationError):
        inv.set_report_link(ws, "javascript:alert(1)")
    assert (
        inv.set_report_link(ws, " https://example.org/r ", expected="") == "https://example.org/r"
    )
    with pytest.raises(ConflictError):
        inv.set_report_link(ws, "https://example.org/other", expected="")
    assert inv.set_report_link(ws, "") == ""
    assert inv.report_link(ws) == ""


def test_csv_opens_in_polish_excel_and_neutralises_formulas(ws, tmp_path):
    inv.save_stakeholder(
        ws,
        Stakeholder(
            name='=HYPERLINK("http://evil.example","klik")',
            contact_person="-2+3",
            phone="+48 601 234 567",
            note="@SUM(1,2); drugi",
            category="ngo",
        ),
    )
    path = inv.write_mailing(inv.mailing_table(ws), tmp_path / "zaproszenia.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "Organizacja;Kategoria;Osoba kontaktowa;E-mail;Telefon;Co otrzymuje;Link;Status;"
        "Zaprasza;Uwagi"
    )
    assert "\r\n" in text
    [row] = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert row[0] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row[2] == "'-2+3"
    assert row[4] == "'+48 601 234 567"
    assert row[9] == "'@SUM(1,2); drugi"
    assert not list(tmp_path.glob(".*part"))


def test_xlsx_keeps_text_as_text(ws, tmp_path):
    inv.save_stakeholder(ws, Stakeholder(name="=1+1", phone="+48 601 234 567"))
    path = inv.write_mailing(inv.mailing_table(ws), tmp_path / "zaproszenia.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "Organizacja" and sheet.title == "Zaproszenia"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix
    assert sheet["E2"].value == "+48 601 234 567" and sheet["E2"].quotePrefix
    assert sheet["C2"].value is None  # empty cells stay empty


def test_write_mailing_refuses_bad_targets(ws, tmp_path):
    table = inv.mailing_table(ws)
    with pytest.raises(SwotError) as info:
        inv.write_mailing(table, tmp_path / "zaproszenia.docx")
    assert ".csv, .xlsx" in str(info.value)
    with pytest.raises(PathError):
        inv.write_mailing(table, tmp_path / "brak" / "zaproszenia.csv")
    assert inv.mailing_bytes(table, "csv").startswith(b"\xef\xbb\xbf")


# --- import -----------------------------------------------------------------------------------


def test_import_reads_title_row_and_excel_row_numbers(ws):
    data = _csv(
        "Szkoła Podstawowa nr 5;szkoła;;sp5@example.org;;link;;DOK;",
        "Radio Przykład FM;media;;radio@example.com;;link, wydruk;tak;MOK;",
        title=True,
    )
    preview = inv.preview_stakeholders(ws, data, filename="lista.csv")
    assert preview.ok and preview.problems == ()
    assert [r.row for r in preview.rows] == [3, 4]  # title row 1, header row 2
    radio = preview.rows[1].stakeholder
    assert radio.status is InvitationStatus.CONFIRMED
    assert radio.receives == (ReportDelivery.LINK, ReportDelivery.PRINTED)
    assert radio.institution_id == "mok"
    saved = inv.save_stakeholders(ws, preview, actor="Anna")
    assert len(saved) == 2 and ws.history(kind="stakeholder")[-1].actor == "Anna"


def test_import_is_all_or_nothing_with_problems_at_excel_rows(ws):
    data = _csv(
        "Szkoła Podstawowa nr 5;szkoła;;sp5@example.org;;link;;DOK;",
        "Radio;media;;radio(at)example.com;;link;;MOK;",
        "Urząd;kościół;;;;faks;może;Filharmonia;",
        '=HYPERLINK("x");inne;;;;;;;',
        ";;Jan;;;;;;",
        title=True,
    )
    preview = inv.preview_stakeholders(ws, data, filename="lista.csv")
    assert not preview.ok
    where = {(p.row, p.column, p.rule) for p in preview.errors}
    assert (4, "E-mail", "model") in where
    assert (5, "Kategoria", "invite.unknown_category") in where
    assert (5, "Co otrzymuje", "invite.unknown_delivery") in where
    assert (5, "Status", "invite.unknown_status") in where
    assert (5, "Zaprasza", "invite.unknown_institution") in where
    assert (6, "Organizacja", "invite.formula") in where
    assert (7, "Organizacja", "invite.no_name") in where
    email = next(p for p in preview.errors if p.row == 4)
    assert "oczekiwano jednego adresu e-mail" in email.message and email.hint
    institution = next(p for p in preview.errors if p.rule == "invite.unknown_institution")
    assert "MOK, OK „Tkacz”, DOK" in institution.hint
    assert [r.row for r in preview.rows] == [3]
    with pytest.raises(DataImportError) as info:
        inv.save_stakeholders(ws, preview)
    assert "Nic nie zostało zapisane" in str(info.value)
    assert "wiersz 4" in str(info.value)
    assert inv.stakeholders(ws) == []


def test_import_duplicates(ws):
    inv.save_stakeholder(ws, Stakeholder(name="Tygodnik Przykładowy", email="red@example.com"))
    data = _csv(
        "Szkoła Podstawowa nr 5;szkoła;;sp5@example.org;;;;;",
        "SZKOŁA PODSTAWOWA NR 5;szkoła;;SP5@example.org;;;;;",
        "Tygodnik przykladowy;media;;red@example.com;;;;;",
        "Gazeta Przykładowa;media;;red@example.com;;;;;",
    )
    preview = inv.preview_stakeholders(ws, data, filename="lista.csv")
    repeated = [p for p in preview.problems if p.rule == "invite.repeated"]
    assert [(p.row, p.severity) for p in repeated] == [(3, "error")]
    assert "pierwszy raz w wierszu 2" in repeated[0].message
    [exists] = [p for p in preview.problems if p.rule == "invite.exists"]
    assert (exists.row, exists.severity) == (4, "warning")
    [same] = [p for p in preview.problems if p.rule == "invite.same_email"]
    assert (same.row, same.severity) == (5, "warning")
    assert "Tygodnik Przykładowy" in same.message
    assert [r.row for r in preview.existing] == [4]
    with pytest.raises(DataImportError):
        inv.save_stakeholders(ws, preview)
    fixed = inv.preview_stakeholders(
        ws,
        _csv(
            "Szkoła Podstawowa nr 5;szkoła;;sp5@example.org;;;;;",
            "Tygodnik przykladowy;media;;red@example.com;;;;;",
        ),
        filename="lista.csv",
    )
    assert fixed.ok
    assert [s.name for s in inv.save_stakeholders(ws, fixed)] == ["Szkoła Podstawowa nr 5"]
    again = inv.preview_stakeholders(ws, _csv("Szkoła Podstawowa nr 5;;;sp5@example.org;;;;;"))
    assert not again.ok and not again.errors and len(again.existing) == 1


def test_import_rows_added_meanwhile_are_skipped(ws):
    preview = inv.preview_stakeholders(ws, _csv("Radio;media;;;;;;;", "Tygodnik;media;;;;;;;"))
    inv.save_stakeholder(ws, Stakeholder(name="radio", category="media"))
    assert [s.name for s in inv.save_stakeholders(ws, preview)] == ["Tygodnik"]


def test_import_other_headings_and_a_list_of_people(ws):
    data = (
        "Imię i nazwisko,Adres e-mail,Nr tel.,Instytucja zapraszająca\n"
        "Radna Ewa Testowa,e.testowa@rada.example.org,601 234 567,wspólnie\n"
        "Jan Przykładowy – malarz,jan@example.com,,OK „Tkacz”\n"
    ).encode()
    preview = inv.preview_stakeholders(ws, data, filename="radni.csv")
    assert preview.ok
    rules = {p.rule for p in preview.warnings}
    assert {"invite.name_from_contact", "invite.no_category_column"} <= rules
    first, second = (r.stakeholder for r in preview.rows)
    assert (first.name, first.category, first.institution_id) == (
        "Radna Ewa Testowa",
        StakeholderCategory.COUNCILLOR,
        None,
    )
    assert (second.category, second.institution_id) == (StakeholderCategory.LOCAL_ARTIST, "tkacz")


def test_import_guesses_empty_category_from_the_name(ws):
    preview = inv.preview_stakeholders(
        ws,
        _csv(
            "Gminna Biblioteka Publiczna;;;;;;;;",
            "Starostwo Powiatowe – Wydział Promocji;;;;;;;;",
            "Wydział Kultury Urzędu Miasta;;;;;;;;",
            "Wojewódzki Dom Kultury;;;;;;;;",
            "Stowarzyszenie Sąsiadów;;;;;;;;",
            "Zupełnie Nieznany Podmiot;;;;;;;;",
        ),
    )
    categories = [r.stakeholder.category.value for r in preview.rows]
    assert categories == [
        "cultural_institution",
        "county_office",
        "city_office",
        "regional_institution",
        "ngo",
        "other",
    ]
    assert {p.rule for p in preview.warnings} == {"invite.category_guess"}


def test_import_refuses_a_file_without_a_name_column(ws):
    with pytest.raises(DataImportError) as info:
        inv.preview_stakeholders(ws, b"Telefon;Uwagi\n601234567;x\n", filename="t.csv")
    assert "Brak kolumny z nazwą adresata" in str(info.value)
    with pytest.raises(DataImportError) as info:
        inv.preview_stakeholders(ws, b"PK\x03\x04broken", filename="t.xlsx")
    assert "To nie jest arkusz Excel" in str(info.value)
    with pytest.raises(DataImportError) as info:
        inv.preview_stakeholders(ws, ws.path.parent / "brak.csv")
    assert "Nie można otworzyć pliku" in str(info.value)


def test_import_refuses_xlsx_formulas_and_keeps_markup_as_text(ws, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organizacja", "E-mail", "Uwagi"])
    sheet.append(["Radio", "radio@example.com", "=1+1"])
    sheet.append(["<b>Tygodnik</b>", "", ""])
    book.save(tmp_path / "lista.xlsx")
    preview = inv.preview_stakeholders(ws, tmp_path / "lista.xlsx")
    [formula] = [p for p in preview.problems if p.rule == "invite.formula"]
    assert (formula.row, formula.column, formula.value) == (2, "Uwagi", "=1+1")
    [markup] = [p for p in preview.problems if p.rule == "invite.markup"]
    assert markup.severity == "warning"
    assert [r.stakeholder.name for r in preview.rows] == ["<b>Tygodnik</b>"]


def test_mailing_export_imports_back(ws, tmp_path):
    preview = inv.preview_stakeholders(ws, sample_data_dir() / "zaproszeni_panel.csv")
    inv.save_stakeholders(ws, preview)
    for suffix in ("csv", "xlsx"):
        path = inv.write_mailing(inv.mailing_table(ws), tmp_path / f"m.{suffix}")
        with Workspace.create(tmp_path / f"{suffix}.swot") as other:
            for institution in ws.institutions():
                other.add(Institution(**{k: v for k, v in institution.to_dict().items()}))
            back = inv.preview_stakeholders(other, path)
            assert back.ok and back.problems == ()
            inv.save_stakeholders(other, back)

            def plain(items):
                return sorted(json.dumps(s.to_dict() | {"id": ""}) for s in items)

            assert plain(other.objects(Stakeholder)) == plain(ws.objects(Stakeholder))


# --- the sample list --------------------------------------------------------------------------


def test_sample_list_is_marked_fictional_and_covers_every_category(ws):
    text = (sample_data_dir() / "zaproszeni_panel.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    assert "DANE FIKCYJNE" in text.decode("utf-8-sig").splitlines()[0]
    preview = inv.preview_stakeholders(ws, sample_data_dir() / "zaproszeni_panel.csv")
    assert preview.ok and not preview.errors
    items = [r.stakeholder for r in preview.rows]
    assert 15 <= len(items) <= 20
    assert {s.category for s in items} == set(StakeholderCategory)
    assert {s.status for s in items} == set(InvitationStatus)
    for s in items:
        domain = s.email.rsplit("@", 1)[-1]
        # sample_data/README.md: e-mail addresses use only example.com and example.pl
        assert domain.endswith((".example.pl", ".example.com")) or domain in (
            "example.pl",
            "example.com",
        ), s.email


def test_load_sample_stakeholders_only_on_the_demo_once(demo_ws, ws):
    assert demo_ws.name == DEMO_NAME
    played = load_sample_stakeholders(demo_ws)
    assert played.played and "Na liście: 19" in str(played)
    assert demo_ws.count(Stakeholder) == 19
    again = load_sample_stakeholders(demo_ws)
    assert not again.played and "nie jest pusta" in str(again)
    assert demo_ws.count(Stakeholder) == 19
    other = load_sample_stakeholders(ws)
    assert not other.played and ws.count(Stakeholder) == 0
