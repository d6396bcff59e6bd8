"""The invitation list widget driven headlessly: edit, conflicts, filter, export, import."""

from __future__ import annotations

import base64
import re

import pytest

from swot import invitations as inv
from swot.demo import sample_data_dir
from swot.model import Institution, InvitationStatus, ReportDelivery, Stakeholder
from swot.store import Workspace
from swot.widgets.invitations import InvitationsEditor

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="test") as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury", short_name="MOK"))
        ws.add(Institution(id="tkacz", name="Ośrodek Kultury „Tkacz”", short_name="OK „Tkacz”"))
        ws.add(Institution(id="dok", name="Dzielnicowy Ośrodek Kultury", short_name="DOK"))
        yield ws


def _fill(view: InvitationsEditor, name: str, **values: object) -> None:
    view.name.value = name
    for field, value in values.items():
        getattr(view, field).value = value


def test_add_edit_delete_with_messages_in_polish(ws):
    view = InvitationsEditor(ws, actor="Anna")
    assert "Lista zaproszonych jest pusta" in repr(view)
    _fill(
        view,
        "Szkoła Podstawowa nr 99 (fikcyjna)",
        category="school",
        contact_person="Anna Przykładowa",
        email="sekretariat@sp99.example.org",
        phone="+48 44 700 00 99",
        receives=("link", "printed"),
        institution="dok",
    )
    view.save_button.click()
    assert "Zapisano: Szkoła Podstawowa nr 99 (fikcyjna)" in view.status.text
    [saved] = inv.stakeholders(ws)
    assert saved.receives == (ReportDelivery.LINK, ReportDelivery.PRINTED)
    assert (saved.institution_id, saved.version) == ("dok", 1)
    assert ws.history(kind="stakeholder")[-1].actor == "Anna"
    assert view.pick.value == saved.id
    assert "Na liście: 1" in view.counts.text
    # edit the picked entry
    view.invitation_status.value = "confirmed"
    view.save_button.click()
    assert inv.stakeholders(ws)[0].status is InvitationStatus.CONFIRMED
    assert inv.stakeholders(ws)[0].version == 2
    # invalid input: the message names the field and the fix; nothing is saved
    view.new_button.click()
    assert view.name.value == "" and view.pick.value == ""
    _fill(view, "Radio Przykład FM", email="radio(at)example.com")
    view.save_button.click()
    assert "Nie zapisano" in view.status.text and "„e-mail”" in view.status.text
    view.email.value = "radio@example.com"
    view.link_url.value = "javascript:alert(1)"
    view.save_button.click()
    assert "http:// lub https://" in view.status.text
    view.link_url.value = ""
    view.name.value = " "
    view.save_button.click()
    assert "„nazwa”" in view.status.text
    assert len(inv.stakeholders(ws)) == 1
    # a duplicate (case and diacritics ignored) is refused
    view.name.value = "SZKOLA podstawowa nr 99 (FIKCYJNA)"
    view.email.value = "Sekretariat@SP99.example.org"
    view.save_button.click()
    assert "już jest na liście zaproszonych" in view.status.text
    # delete
    view.pick.value = saved.id
    view.delete_button.click()
    assert "Usunięto" in view.status.text and inv.stakeholders(ws) == []
    view.delete_button.click()
    assert "wybierz adresata" in view.status.text


def test_user_text_is_escaped_everywhere(ws, tmp_path):
    inv.save_stakeholder(
        ws, Stakeholder(name=PAYLOAD, contact_person=PAYLOAD, note=PAYLOAD, category="ngo")
    )
    view = InvitationsEditor(ws)
    assert PAYLOAD not in view.table.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.table.value
    assert PAYLOAD in repr(view)  # plain text shows it as typed
    view.pick.value = inv.stakeholders(ws)[0].id
    assert view.name.value == PAYLOAD
    view.note.value = "mój " + PAYLOAD
    ws.update(inv.stakeholders(ws)[0].replace(note="ich " + PAYLOAD))
    view.save_button.click()
    assert PAYLOAD not in view.conflict_view.value
    assert "&lt;img" in view.conflict_view.value
    assert PAYLOAD not in view.status.value
    (tmp_path / "lista.csv").write_text(f"Organizacja;Uwagi\n{PAYLOAD}2;{PAYLOAD}\n")
    view.path.value = str(tmp_path / "lista.csv")
    view.check_button.click()
    assert PAYLOAD not in view.import_report.value
    assert "&lt;img src=x onerror=alert(1)&gt;2" in view.import_report.value


def test_stale_edit_shows_both_versions_and_lets_the_person_choose(ws):
    stored = inv.save_stakeholder(ws, Stakeholder(name="Radio Przykład FM", category="media"))
    view = InvitationsEditor(ws, actor="Anna")
    view.pick.value = stored.id
    ws.update(stored.replace(status="declined", note="zadzwonili"), actor="Piotr")
    view.invitation_status.value = "confirmed"
    view.save_button.click()
    assert "Nie zapisano. Ktoś inny zmienił ten obiekt („adresat zaproszenia”)" in (
        view.status.text
    )
    assert "Nic nie zostało nadpisane" in view.status.text
    assert view.conflict.layout.display == ""
    text = view.conflict_view.text
    assert "Twoja wersja" in text and "Zapisana wersja" in text
    assert "udział potwierdzony" in text and "odmowa" in text and "zadzwonili" in text
    assert ws.get(Stakeholder, stored.id).status is InvitationStatus.DECLINED
    # the person keeps their version, knowing what it replaces
    view.keep_mine_button.click()
    now = ws.get(Stakeholder, stored.id)
    assert (now.status, now.note, now.version) == (InvitationStatus.CONFIRMED, "", 3)
    assert view.conflict.layout.display == "none"
    assert "Zapisano" in view.status.text
    # another round, and this time the stored version wins
    ws.update(now.replace(note="inna zmiana"))
    view.phone.value = "601 234 567"
    view.save_button.click()
    assert "Ktoś inny zmienił" in view.status.text
    view.take_theirs_button.click()
    assert view.note.value == "inna zmiana" and view.phone.value == ""
    assert "Wczytano zapisaną wersję" in view.status.text
    view.phone.value = "601 234 567"
    view.save_button.click()
    assert ws.get(Stakeholder, stored.id).phone == "601 234 567"


def test_deleted_meanwhile_keeps_the_form(ws):
    stored = inv.save_stakeholder(ws, Stakeholder(name="Tygodnik", category="media"))
    view = InvitationsEditor(ws)
    view.pick.value = stored.id
    ws.delete(stored)
    view.note.value = "ważne"
    view.save_button.click()
    assert "usunął tego adresata" in view.status.text
    assert view.name.value == "Tygodnik" and view.note.value == "ważne"
    view.save_button.click()  # saved again, as a new entry
    [again] = inv.stakeholders(ws)
    assert (again.name, again.note, again.version) == ("Tygodnik", "ważne", 1)


def test_filter_counts_and_mark_sent(ws):
    preview = inv.preview_stakeholders(ws, sample_data_dir() / "zaproszeni_panel.csv")
    inv.save_stakeholders(ws, preview)
    view = InvitationsEditor(ws, actor="Anna")
    assert view.counts.text.startswith("Na liście: 19; do zaproszenia 9")
    view.filter_category.value = "media"
    assert "Widocznych po filtrze: 2." in view.counts.text
    view.pick.value = view.pick.options[1][1]  # the form shows one of them, unchanged
    assert len(view.pick.options) == 3  # "(nowy adresat)" and the two media
    assert "Radio Przykład FM" in view.table.value and "Biblioteka" not in view.table.value
    view.mark_sent_button.click()
    assert "Oznaczono jako „zaproszenie wysłane”: 2." in view.status.text
    assert inv.invitation_summary(ws).count("media", "invited") == 2
    assert view.invitation_status.value == "invited"  # the untouched form follows the list
    view.note.value = "po wysyłce"
    view.save_button.click()
    assert "Zapisano" in view.status.text
    view.mark_sent_button.click()
    assert "nie ma nikogo ze statusem „do zaproszenia”" in view.status.text
    view.filter_category.value = "*"
    view.filter_status.value = "confirmed"
    assert "Widocznych po filtrze: 3." in view.counts.text
    # the entry being edited stays in the form when the filter hides it
    radio = next(s for s in inv.stakeholders(ws) if s.name.startswith("Radio Przykład"))
    view.filter_status.value = "*"
    view.pick.value = radio.id
    view.note.value = "jeszcze nie zapisane"
    view.filter_status.value = "declined"
    assert view.pick.value == radio.id and view.note.value == "jeszcze nie zapisane"
    assert "Radio Przykład FM" not in view.table.value
    view.save_button.click()
    assert ws.get(Stakeholder, radio.id).note == "jeszcze nie zapisane"


def test_plain_text_form_keeps_no_contact_data(ws):
    inv.save_stakeholders(
        ws, inv.preview_stakeholders(ws, sample_data_dir() / "zaproszeni_panel.csv")
    )
    view = InvitationsEditor(ws)
    text = repr(view)
    assert "Szkoła Podstawowa nr 99 (fikcyjna)" in text
    assert "@" not in text and "44 700" not in text and "Anna Przykładowa" not in text
    assert "sekretariat@sp99.example.pl" in view.table.value  # the organiser still sees it


def test_export_gives_a_download_link_and_a_copy(ws, tmp_path):
    inv.save_stakeholder(
        ws, Stakeholder(name="=cmd|' /C calc'!A0", phone="+48 601 234 567", category="other")
    )
    inv.save_stakeholder(ws, Stakeholder(name="Radio", category="media", status="invited"))
    view = InvitationsEditor(ws, folder=tmp_path)
    view.report_link.value = "https://example.org/raport"
    view.save_link_button.click()
    assert "Zapisano link do raportu" in view.export_status.text
    view.filter_status.value = "to_invite"
    view.export_csv_button.click()
    assert "adresatów: 1" in view.export_status.text
    assert str(tmp_path / "zaproszenia_panel.csv") in view.export_status.text
    href = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', view.download.value)
    assert href is not None
    data = base64.b64decode(href.group(1))
    assert data == (tmp_path / "zaproszenia_panel.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Organizacja;Kategoria;Osoba kontaktowa;E-mail;Telefon;")
    assert lines[1].startswith("'=cmd|")
    assert ";'+48 601 234 567;" in lines[1]
    assert "https://example.org/raport" in lines[1]
    assert "Radio" not in data.decode("utf-8-sig")
    view.export_xlsx_button.click()
    assert (tmp_path / "zaproszenia_panel.xlsx").exists()
    assert "spreadsheetml" in view.download.value
    # a bad link is refused with a Polish message, the saved one stays
    view.report_link.value = "ftp://example.org"
    view.save_link_button.click()
    assert "http:// lub https://" in view.export_status.text
    assert inv.report_link(ws) == "https://example.org/raport"


def test_export_without_a_copy(ws, tmp_path):
    view = InvitationsEditor(ws, folder=tmp_path, save_copy=False)
    view.export_csv_button.click()
    assert "Gotowe" in view.export_status.text and "Zapisano też" not in view.export_status.text
    assert not list(tmp_path.glob("zaproszenia_panel*"))


def test_import_bad_file_saves_nothing_then_good_file_imports(ws, tmp_path):
    bad = tmp_path / "lista.csv"
    bad.write_text(
        "Organizacja;E-mail;Status\n"
        "Szkoła Podstawowa nr 5;sp5@example.org;\n"
        "Radio;radio(at)example.com;\n"
        "Szkoła podstawowa NR 5;SP5@example.org;\n"
        "Tygodnik;;może\n",
        encoding="utf-8",
    )
    view = InvitationsEditor(ws, base_dir=tmp_path)
    view.path.value = "lista.csv"
    view.check_button.click()
    assert "Plik ma błędy" in view.import_status.text
    report = view.import_report.text
    assert "błąd   | 3" in report and "E-mail" in report  # row 3 as Excel shows it
    assert "powtarza się (pierwszy raz w wierszu 2)" in report
    assert view.accept_button.disabled
    assert inv.stakeholders(ws) == []
    bad.write_text(
        "Organizacja;E-mail;Status\nSzkoła Podstawowa nr 5;sp5@example.org;\nRadio;;tak\n",
        encoding="utf-8",
    )
    view.check_button.click()
    assert "nowych adresatów 2" in view.import_report.text
    assert not view.accept_button.disabled
    view.accept_button.click()
    assert "dodano adresatów: 2, pominięto (już na liście): 0" in view.import_status.text
    assert "Na liście: 2" in view.counts.text
    view.check_button.click()
    assert "już są na liście" in view.import_status.text
    assert view.accept_button.disabled


def test_import_refusal_and_cancel(ws, tmp_path):
    view = InvitationsEditor(ws, base_dir=tmp_path)
    view.check_button.click()
    assert "Najpierw wybierz plik" in view.import_status.text
    (tmp_path / "t.csv").write_text("Telefon;Uwagi\n601234567;x\n", encoding="utf-8")
    view.path.value = "t.csv"
    view.check_button.click()
    assert "Nie udało się odczytać pliku" in view.import_status.text
    assert "Brak kolumny z nazwą adresata" in view.import_report.text
    (tmp_path / "t.csv").write_text("Organizacja\nRadio\n", encoding="utf-8")
    view.check_button.click()
    view.cancel_button.click()
    assert "Anulowano" in view.import_status.text and inv.stakeholders(ws) == []


def test_every_interactive_widget_has_a_stable_class(ws):
    view = InvitationsEditor(ws)
    interactive = [
        view.filter_category,
        view.filter_status,
        view.refresh_button,
        view.mark_sent_button,
        view.pick,
        view.name,
        view.category,
        view.contact_person,
        view.email,
        view.phone,
        view.receives,
        view.link_url,
        view.invitation_status,
        view.institution,
        view.note,
        view.save_button,
        view.new_button,
        view.delete_button,
        view.keep_mine_button,
        view.take_theirs_button,
        view.report_link,
        view.save_link_button,
        view.export_csv_button,
        view.export_xlsx_button,
        view.upload,
        view.path,
        view.check_button,
        view.accept_button,
        view.cancel_button,
    ]
    classes = [next(c for c in x._dom_classes if c.startswith("swot-invite-")) for x in interactive]
    assert len(set(classes)) == len(classes)
    assert "swot-invite-name" in classes


def test_refresh_shows_other_peoples_changes(ws):
    view = InvitationsEditor(ws)
    inv.save_stakeholder(ws, Stakeholder(name="Tygodnik", category="media"))
    assert "Tygodnik" not in view.table.value
    view.refresh_button.click()
    assert "Tygodnik" in view.table.value and "Lista odświeżona" in view.status.text


def test_import_box_keeps_contacts_out_of_the_text_form(ws, tmp_path):
    (tmp_path / "l.csv").write_text(
        "Organizacja;E-mail\nRadio;radio@example.org\n", encoding="utf-8"
    )
    view = InvitationsEditor(ws, base_dir=tmp_path)
    assert "swot-invite-import-report" in view.import_report._dom_classes
    assert view.pending is None
    view.path.value = "l.csv"
    view.check_button.click()
    assert view.pending is not None and view.pending.file == "l.csv"
    assert "radio@example.org" in view.import_report.value  # shown on screen
    assert "radio@example.org" not in view.import_report.text  # not kept in a notebook
    assert "Plik odczytany" in view.import_status.text and view.status.text == ""
    view.accept_button.click()
    assert view.pending is None and "Radio" in view.table.text
