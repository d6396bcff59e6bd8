"""Building the panel report from the widget: progress, files, download links, errors."""

from __future__ import annotations

import base64
import re

from swot.widgets import ReportBuilder, report_outline


def _links(view: ReportBuilder) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', view.links.value)
    return {name: base64.b64decode(payload) for name, payload in found}


def test_click_builds_every_file_and_offers_them(demo_ws, tmp_path):
    folder = tmp_path / "raport"
    view = ReportBuilder(demo_ws, folder=folder, today_year=2021)
    assert "nie jest jeszcze zbudowany" in repr(view)
    view.button.click()

    html_path, xlsx_path = folder / "raport.html", folder / "raport.xlsx"
    docx_path = folder / "raport.docx"
    assert html_path.is_file() and xlsx_path.is_file() and docx_path.is_file()
    assert view.progress.value == view.progress.max == 12
    assert view.progress.bar_style == "success"
    assert view.label.value == "Krok 12 z 12: Zapisywanie dokumentu DOCX"
    assert len(view.steps) == 12 and view.steps[0] == "Wczytywanie danych konsultacji"
    links = _links(view)
    assert links == {
        "raport.html": html_path.read_bytes(),
        "raport.xlsx": xlsx_path.read_bytes(),
        "raport.docx": docx_path.read_bytes(),
    }
    assert (
        'href="data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;'
        in view.links.value
    )
    assert str(html_path) in view.links.value and str(docx_path) in view.links.value
    assert "Gotowe" in view.status.text and "swot-status-ok" in view.status._dom_classes
    assert "DOCX" in view.status.text
    assert not view.button.disabled
    text = repr(view)
    assert f"raport.html: {html_path}" in text and f"raport.xlsx: {xlsx_path}" in text
    assert f"raport.docx: {docx_path}" in text
    assert repr(view) == text  # deterministic


def test_missing_browser_is_shown_on_the_status_line(demo_ws, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    folder = tmp_path / "raport"
    view = ReportBuilder(demo_ws, folder=folder, today_year=2021)
    view.button.click()  # no ImageWarning escapes (filterwarnings = error)
    assert (folder / "raport.docx").is_file()
    assert "swot-status-ok" in view.status._dom_classes
    assert "przeglądarki Chromium" in view.status.text
    assert "swot-report-note" in view.links.value
    assert set(_links(view)) == {"raport.html", "raport.xlsx", "raport.docx"}


def test_repr_is_deterministic_across_builds(demo_ws, tmp_path):
    first = ReportBuilder(demo_ws, folder=tmp_path / "a", today_year=2021)
    second = ReportBuilder(demo_ws, folder=tmp_path / "a", today_year=2021)
    first.build()
    second.build()
    assert repr(first) == repr(second)


def test_bad_folder_shows_an_error_and_offers_nothing(demo_ws, tmp_path):
    view = ReportBuilder(demo_ws, folder=tmp_path / "missing" / "raport")
    view.button.click()  # guarded: no exception escapes
    assert "swot-status-error" in view.status._dom_classes
    assert "missing" in view.status.text
    assert view.files is None and view.links.value == ""
    assert view.progress.bar_style == "danger"
    assert not view.button.disabled
    assert not (tmp_path / "missing").exists()
    assert view.status.text in repr(view)


def test_folder_that_is_a_file_is_refused(demo_ws, tmp_path):
    target = tmp_path / "raport"
    target.write_text("not a folder")
    view = ReportBuilder(demo_ws, folder=target)
    view.button.click()
    assert "swot-status-error" in view.status._dom_classes
    assert target.read_text() == "not a folder"


def test_outline_lists_every_section(demo_ws):
    outline = report_outline(demo_ws, today_year=2021)
    text = repr(outline)
    assert text.startswith("Zawartość raportu:\n1. Metoda konsultacji i próba")
    assert "  2.1. Wszyscy badani" in text
    assert "7. Aneks" in text
    assert re.search(r"wykresy: \d+, tabele: \d+$", text)
    assert "<ol>" in outline.value
