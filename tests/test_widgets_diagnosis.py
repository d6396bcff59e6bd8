"""Diagnosis widgets driven in-process: import two-step, explorer, findings, codebook."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from swot import Finding, survey, widgets
from swot.demo import sample_data_dir

ERRORS = sample_data_dir() / "przyklad_ankiety_z_bledami.csv"


def test_check_shows_report_and_saves_nothing_until_accepted(demo_ws):
    before = len(survey.survey_files(demo_ws))
    importer = widgets.SurveyImporter(demo_ws)
    importer.path.value = str(ERRORS)
    importer.check_button.click()
    assert "Sprawdzono" in importer.status.text
    assert "„7” nie należy do listy odpowiedzi" in importer.report.text
    assert not importer.accept_button.disabled
    assert len(survey.survey_files(demo_ws)) == before  # checking writes nothing
    importer.accept_button.click()
    assert "Zapisano 7 wierszy" in importer.status.text
    files = survey.survey_files(demo_ws)
    assert len(files) == before + 1 and files[-1].meta["report"]["rejected"] == 5
    assert importer.accept_button.disabled  # one accept per check


def test_cancel_discards_the_checked_file(demo_ws):
    before = len(survey.survey_files(demo_ws))
    importer = widgets.SurveyImporter(demo_ws)
    importer.path.value = str(ERRORS)
    importer.check_button.click()
    importer.cancel_button.click()
    assert "nic nie zapisano" in importer.status.text
    assert len(survey.survey_files(demo_ws)) == before


def test_upload_value_is_used_before_the_path(demo_ws):
    importer = widgets.SurveyImporter(demo_ws)
    importer.upload.value = (
        {
            "name": "ankiety.csv",
            "type": "text/csv",
            "size": 1,
            "content": memoryview(ERRORS.read_bytes()),
            "last_modified": datetime(2019, 3, 1, tzinfo=UTC),
        },
    )
    importer.path.value = "/nie/ma/takiego/pliku.csv"
    importer.check_button.click()
    assert "ankiety.csv" in importer.report.text


def test_unreadable_file_shows_polish_problems_not_a_traceback(demo_ws, tmp_path):
    binary = tmp_path / "zdjecie.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    importer = widgets.SurveyImporter(demo_ws)
    importer.path.value = str(binary)
    importer.check_button.click()
    assert "nic nie zostało zapisane" in importer.status.text
    assert "Traceback" not in importer.report.value
    assert importer.accept_button.disabled


def test_missing_path_asks_for_a_file(demo_ws):
    importer = widgets.SurveyImporter(demo_ws)
    importer.check_button.click()
    assert "Najpierw wybierz plik" in importer.status.text


def test_explorer_recomputes_and_drafts_a_finding(demo_ws):
    explorer = widgets.DiagnosisExplorer(demo_ws)
    explorer.question.value = "needs"
    explorer.by.value = "channel"
    assert set(explorer.result["channel"]) == {"online", "paper", "event", "street"}
    assert len(explorer.chart.data) == 4  # one bar series per channel
    explorer.by.value = "age"
    assert explorer.tallies.disabled  # street-poll tallies cannot be split by age
    explorer.answer.value = "Zajęcia dla seniorów"
    explorer.group.value = "75 lat i więcej"
    explorer.draft_button.click()
    assert "Zajęcia dla seniorów" in explorer.form.statement.value
    before = {f.id for f in demo_ws.objects(Finding)}  # the demo's own findings
    explorer.form.save_button.click()
    saved = [f for f in demo_ws.objects(Finding) if f.id not in before]
    assert len(saved) == 1 and "75 lat i więcej" in saved[0].source


def test_finding_form_reports_bad_numbers_in_polish(demo_ws):
    before = demo_ws.objects(Finding)  # the demo's own findings
    form = widgets.FindingForm(demo_ws)
    form.statement.value = "Seniorzy chcą więcej zajęć."
    form.source.value = "konsultacje 2019"
    form.numbers.value = "odsetek = 0,41\nn = dużo"
    form.save_button.click()
    assert "oczekiwano „etykieta = liczba”" in form.status.text
    assert demo_ws.objects(Finding) == before
    form.numbers.value = "odsetek = 0,41\nn = 212"
    form.save_button.click()
    [new] = [f for f in demo_ws.objects(Finding) if f not in before]
    assert dict(new.numbers) == {"odsetek": 0.41, "n": 212}


def test_finding_text_is_escaped_in_the_list(demo_ws):
    form = widgets.FindingForm(demo_ws)
    form.statement.value = "<img src=x onerror=alert(1)>"
    form.source.value = "<script>alert(2)</script>"
    form.save_button.click()
    assert "<img" not in form.saved.value and "<script>" not in form.saved.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in form.saved.value


def test_codebook_editor_saves_and_refuses_orphaning_changes(demo_ws):
    editor = widgets.CodebookEditor(demo_ws)
    editor.variable.value = "gender"
    editor.options.value = "Kobieta\nMężczyzna"  # drops an answer present in the data
    editor.save_button.click()
    assert "Nie zapisano" in editor.status.text
    editor.options.value = "Mężczyzna\nKobieta\nWolę nie podawać"
    editor.label.value = "Płeć respondenta"
    editor.save_button.click()
    assert "Zapisano" in editor.status.text
    assert survey.load_codebook(demo_ws)["gender"].label == "Płeć respondenta"


@pytest.mark.parametrize("view", ["sample_table", "survey_files_table"])
def test_overview_tables_have_meaningful_text(demo_ws, view):
    table = getattr(widgets, view)(
        demo_ws if view == "survey_files_table" else survey.load_survey(demo_ws)
    )
    assert "ankiety papierowe" in table.text


def test_codebook_file_round_trip_through_the_editor(demo_ws, tmp_path):
    editor = widgets.CodebookEditor(demo_ws, folder=tmp_path)
    editor.file.value = "ksiazka"
    editor.export_button.click()
    written = tmp_path / "ksiazka.yaml"
    assert written.is_file() and "Zapisano plik" in editor.status.text
    text = written.read_text(encoding="utf-8").replace("label: Płeć\n", "label: Płeć (z pliku)\n")
    written.write_text(text, encoding="utf-8")
    editor.import_button.click()
    assert "Wczytano" in editor.status.text
    assert survey.load_codebook(demo_ws)["gender"].label == "Płeć (z pliku)"


def test_codebook_file_name_cannot_leave_the_folder(demo_ws, tmp_path):
    editor = widgets.CodebookEditor(demo_ws, folder=tmp_path / "sub")
    (tmp_path / "sub").mkdir()
    editor.file.value = "../wyciek.yaml"
    editor.export_button.click()
    assert "niedozwolona" in editor.status.text
    assert not (tmp_path / "wyciek.yaml").exists()


def test_loading_a_codebook_that_drops_answered_questions_is_refused(demo_ws, tmp_path):
    from swot.survey import Codebook

    book = survey.load_codebook(demo_ws)
    Codebook(tuple(v for v in book if v.name != "age")).save(tmp_path / "bez_wieku.json")
    editor = widgets.CodebookEditor(demo_ws, folder=tmp_path)
    editor.file.value = "bez_wieku.json"
    editor.import_button.click()
    assert "age" in editor.status.text and "Nie zapisano" in editor.status.text
    assert "age" in survey.load_codebook(demo_ws)


def test_importer_parts_order_and_classes(demo_ws):
    importer = widgets.SurveyImporter(demo_ws)
    title, files, channel, fmt, buttons, status, report = importer.children
    assert (
        title.value == "<h4>Wczytaj plik z konsultacji</h4>" and repr(importer) == title.value[4:-5]
    )
    assert list(files.children) == [importer.upload, importer.path]
    assert (channel, fmt) == (importer.channel, importer.format)
    assert list(buttons.children) == [
        importer.check_button,
        importer.accept_button,
        importer.cancel_button,
    ]
    assert (status, report) == (importer.status, importer.report)
    parts = {
        "upload": importer.upload,
        "path": importer.path,
        "channel": importer.channel,
        "format": importer.format,
        "check": importer.check_button,
        "accept": importer.accept_button,
        "cancel": importer.cancel_button,
        "report-area": importer.report,
    }
    for name, part in parts.items():
        assert f"swot-imp-{name}" in part._dom_classes
    assert "swot-survey-importer" in importer._dom_classes
    assert importer.upload.accept == ".csv,.txt,.tsv,.xlsx"
    assert [b.description for b in buttons.children] == [
        "Sprawdź plik",
        "Zatwierdź import",
        "Anuluj",
    ]
    assert importer.path.placeholder.startswith("np. ") and importer.path.layout.width == "560px"
    assert importer.path.style.description_width == "110px"


def test_a_file_without_acceptable_rows_shows_its_report_but_cannot_be_accepted(demo_ws, tmp_path):
    bad = tmp_path / "<b>zle.csv"
    bad.write_text("id;q1\n1;7\n", encoding="utf-8")
    importer = widgets.SurveyImporter(demo_ws, base_dir=tmp_path)
    importer.path.value = bad.name
    importer.check_button.click()
    assert "nie można zaimportować" in importer.status.text
    assert "swot-status-error" in importer.status._dom_classes
    assert importer.accept_button.disabled and importer.cancel_button.disabled
    assert f"Plik                                     | {bad.name}" in importer.report.text
    assert "<b>zle" not in importer.report.value and "&lt;b&gt;zle.csv" in importer.report.value


def test_accept_calls_on_saved_with_the_chosen_channel(demo_ws):
    saved = []
    importer = widgets.SurveyImporter(demo_ws, on_saved=lambda: saved.append(1))
    importer.channel.value = "paper"
    importer.path.value = str(ERRORS)
    importer.check_button.click()
    assert "ankiety papierowe" in importer.report.text
    importer.accept_button.click()
    assert saved == [1] and "Zapisano 7 wierszy" in importer.status.text
    assert survey.survey_files(demo_ws)[-1].meta["channel"] == "paper"
