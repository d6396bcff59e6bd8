"""The ``swot`` command, run in-process (``main([...])``) and once as a real subprocess."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from swot.cli import main
from swot.demo import sample_data_dir
from swot.model import Institution
from swot.store import Workspace


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sample_institutions() -> list[tuple[str, str]]:
    with (sample_data_dir() / "instytucje.csv").open(encoding="utf-8", newline="") as f:
        return [(row["id"], row["nazwa"]) for row in csv.DictReader(f)]


def test_help_in_a_subprocess():
    env = {**os.environ, "SWOT_LANG": "pl"}
    result = subprocess.run(
        [sys.executable, "-m", "swot.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: swot")
    assert "warsztaty planowania strategicznego" in result.stdout
    for command in ("demo", "info", "export", "import", "backup", "report", "check"):
        assert command in result.stdout
    assert result.stderr == ""


# --- demo -------------------------------------------------------------------------------------


def test_demo_creates_workspace(tmp_path, capsys):
    target = tmp_path / "nowa.swot"
    assert main(["demo", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == f"Utworzono przestrzeń roboczą: {target}\n"
    assert err == ""
    assert _listing(tmp_path) == ["nowa.swot"]  # no temporary or -wal/-shm files left
    with Workspace.open(target) as ws:
        assert [i.id for i in ws.institutions()] == [i for i, _ in _sample_institutions()]
        assert ws.count() > 100
        assert ws.integrity_check() == "ok"


def test_demo_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "moje.swot"
    target.write_text("moje ważne notatki", encoding="utf-8")
    assert main(["demo", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Błąd: Plik {target} już istnieje.")
    assert "Wybierz inną nazwę" in err
    assert target.read_text(encoding="utf-8") == "moje ważne notatki"
    assert _listing(tmp_path) == ["moje.swot"]


def test_demo_force_replaces(tmp_path, demo_path, capsys):
    target = tmp_path / "moje.swot"
    target.write_text("stare", encoding="utf-8")
    assert main(["demo", str(target), "--force"]) == 0
    assert capsys.readouterr().out == f"Utworzono przestrzeń roboczą: {target}\n"
    with Workspace.open(target) as ws, Workspace.open(demo_path) as fresh:
        assert ws.count() == fresh.count()


def test_demo_force_resets_a_changed_workspace(demo_path):
    with Workspace.open(demo_path) as ws:
        before = ws.count()
        ws.add(Institution(id="extra", name="Dodatkowa instytucja"))
    assert main(["demo", "--force", str(demo_path)]) == 0
    with Workspace.open(demo_path) as ws:
        assert ws.count() == before
        assert ws.find(Institution, "extra") is None


def test_demo_into_missing_folder_explains_in_polish(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "brak" / "x.swot")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Błąd: ")
    assert "does not exist" not in err


def test_demo_without_sample_data_explains_in_polish(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SWOT_SAMPLE_DATA", str(tmp_path))
    assert main(["demo", str(tmp_path / "x.swot")]) == 1
    err = capsys.readouterr().err
    assert "SWOT_SAMPLE_DATA" in err
    assert "set SWOT_SAMPLE_DATA" not in err


def test_demo_without_sample_data_fails_cleanly(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SWOT_SAMPLE_DATA", str(tmp_path))
    assert main(["demo", str(tmp_path / "x.swot")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Błąd: Nie można odczytać pliku ")
    assert "instytucje.csv" in err
    assert _listing(tmp_path) == []


# --- info -------------------------------------------------------------------------------------


def test_info_lists_the_three_institutions(demo_path, capsys):
    assert main(["info", str(demo_path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Tomaszów Mazowiecki 2019")
    assert "3 instytucje" in lines[0]
    institutions = _sample_institutions()
    assert len(institutions) == 3
    assert len(lines) == 1 + len(institutions)
    for line, (inst_id, name) in zip(lines[1:], institutions, strict=True):
        assert line.startswith(f"- {name} [{inst_id}]: ")


def test_info_does_not_change_the_workspace(demo_path, capsys):
    before = _digest(demo_path)
    assert main(["info", str(demo_path)]) == 0
    assert _digest(demo_path) == before
    assert _listing(demo_path.parent) == ["demo.swot"]


# --- export and import --------------------------------------------------------------------------


def test_export_to_stdout(demo_path, capsys):
    assert main(["export", str(demo_path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    with Workspace.open(demo_path) as ws:
        assert out == ws.export_json()
        count = ws.count()
    data = json.loads(out)
    assert data["format"] == "swot-workspace"
    assert len(data["objects"]) == count


def test_export_to_file(demo_path, tmp_path, capsys):
    target = tmp_path / "kopia.json"
    assert main(["export", str(demo_path), "-o", str(target)]) == 0
    out, _err = capsys.readouterr()
    assert out == f"Wyeksportowano do: {target}\n"
    assert main(["export", str(demo_path)]) == 0
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out
    assert sorted(_listing(tmp_path)) == ["demo.swot", "kopia.json"]


def test_export_import_export_is_byte_identical(demo_path, tmp_path, capsys):
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    copy = tmp_path / "kopia.swot"
    assert main(["export", str(demo_path), "--output", str(first)]) == 0
    assert main(["import", str(first), str(copy)]) == 0
    assert capsys.readouterr().out.endswith(f"Utworzono przestrzeń roboczą: {copy}\n")
    assert main(["export", str(copy), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    with Workspace.open(copy) as ws:
        assert [i.name for i in ws.institutions()] == [n for _, n in _sample_institutions()]


def _import_fails(tmp_path, capsys, text: str) -> str:
    source = tmp_path / "wejscie.json"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "nowa.swot"
    assert main(["import", str(source), str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert _listing(tmp_path) == ["wejscie.json"]  # no workspace, no -wal/-shm left behind
    assert err.startswith("Błąd: Nie zaimportowano niczego")
    return err


def test_import_malformed_json(tmp_path, capsys):
    err = _import_fails(tmp_path, capsys, '{"format": "swot-workspace",\n "objects": [')
    assert "To nie jest poprawny plik JSON" in err
    assert "wejscie.json, wiersz 2" in err


def test_import_json_that_is_not_a_swot_export(tmp_path, capsys):
    err = _import_fails(tmp_path, capsys, json.dumps({"hello": "world"}))
    assert "To nie jest eksport przestrzeni roboczej swot" in err
    assert "swot-workspace" in err


def test_import_json_list(tmp_path, capsys):
    err = _import_fails(tmp_path, capsys, "[1, 2, 3]")
    assert "To nie jest eksport przestrzeni roboczej swot" in err


def _demo_export(demo_path: Path) -> dict:
    with Workspace.open(demo_path) as ws:
        return ws.export_data()


def test_import_with_dangling_reference(demo_path, capsys):
    data = _demo_export(demo_path)
    factor = next(o for o in data["objects"] if o["kind"] == "factor")
    factor["data"]["institution_id"] = "duch"
    demo_path.unlink()
    err = _import_fails(demo_path.parent, capsys, json.dumps(data, ensure_ascii=False))
    assert "znaleziono 1 problem" in err
    assert "Pole „instytucja” wskazuje na obiekt „instytucja” o identyfikatorze duch" in err


def test_import_reports_every_problem(demo_path, capsys):
    data = _demo_export(demo_path)
    factors = [o for o in data["objects"] if o["kind"] == "factor"]
    factors[0]["data"]["importance"] = 9
    factors[1]["data"]["quadrant"] = "X"
    data["objects"].append({"kind": "planet", "data": {}})
    demo_path.unlink()
    err = _import_fails(demo_path.parent, capsys, json.dumps(data, ensure_ascii=False))
    assert "znaleziono 3 problem" in err
    assert "„ważność”" in err
    assert "„ćwiartka”" in err
    assert "Nieznany rodzaj obiektu „planet”" in err


def test_import_object_data_that_is_not_an_object(demo_path, capsys):
    data = _demo_export(demo_path)
    data["objects"][0]["data"] = "mok"
    demo_path.unlink()
    _import_fails(demo_path.parent, capsys, json.dumps(data, ensure_ascii=False))


def test_import_meta_that_is_not_an_object(demo_path, capsys):
    data = _demo_export(demo_path)
    data["meta"] = []
    demo_path.unlink()
    _import_fails(demo_path.parent, capsys, json.dumps(data, ensure_ascii=False))


def test_import_onto_existing_file_refused(demo_path, tmp_path, capsys):
    source = tmp_path / "a.json"
    assert main(["export", str(demo_path), "-o", str(source)]) == 0
    target = tmp_path / "zajete.swot"
    target.write_text("nie ruszać", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(source), str(target)]) == 1
    assert "już istnieje" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "nie ruszać"


def test_import_missing_json_file(tmp_path, capsys):
    assert main(["import", str(tmp_path / "brak.json"), str(tmp_path / "x.swot")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Błąd: Nie można odczytać pliku ")
    assert "brak.json" in err
    assert _listing(tmp_path) == []


# --- backup -----------------------------------------------------------------------------------


def test_backup_copies_everything(demo_path, tmp_path, capsys):
    target = tmp_path / "kopia.swot"
    assert main(["backup", str(demo_path), str(target)]) == 0
    assert capsys.readouterr().out == f"Kopia zapasowa: {target}\n"
    with Workspace.open(demo_path) as ws, Workspace.open(target) as copy:
        assert copy.export_json() == ws.export_json()
        assert copy.integrity_check() == "ok"
    assert sorted(_listing(tmp_path)) == ["demo.swot", "kopia.swot"]


def test_backup_refuses_to_overwrite(demo_path, tmp_path, capsys):
    target = tmp_path / "kopia.swot"
    target.write_text("poprzednia kopia", encoding="utf-8")
    assert main(["backup", str(demo_path), str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Błąd: Plik {target} już istnieje.")
    assert target.read_text(encoding="utf-8") == "poprzednia kopia"


# --- files that are not workspaces --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["info"], ["export"], ["backup", "{tmp}/kopia.swot"], ["export", "-o", "{tmp}/a.json"]],
)
def test_missing_workspace_suggests_swot_demo(tmp_path, capsys, args):
    missing = tmp_path / "brak.swot"
    argv = [args[0], str(missing), *(a.format(tmp=tmp_path) for a in args[1:])]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"Błąd: Nie ma przestrzeni roboczej w pliku {missing}. Sprawdź ścieżkę albo utwórz "
        f"nową (np. poleceniem: swot demo {missing}).\n"
    )
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("command", ["info", "export"])
def test_text_file_is_not_a_workspace(tmp_path, capsys, command):
    notes = tmp_path / "notatki.txt"
    notes.write_text("To są notatki z warsztatu, a nie baza danych.\n" * 20, encoding="utf-8")
    before = _digest(notes)
    assert main([command, str(notes)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Błąd: Plik {notes} nie jest przestrzenią roboczą swot")
    assert "Sprawdź, czy wskazano właściwy plik." in err
    assert _digest(notes) == before
    assert _listing(tmp_path) == ["notatki.txt"]


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Anna')")
    conn.commit()
    conn.close()


def test_foreign_sqlite_database_is_refused(tmp_path, capsys):
    other = tmp_path / "kontakty.db"
    _foreign_database(other)
    assert main(["info", str(other)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Błąd: Plik {other} nie jest przestrzenią roboczą swot")
    conn = sqlite3.connect(other)
    assert conn.execute("SELECT name FROM contacts").fetchall() == [("Anna",)]
    conn.close()


def test_foreign_sqlite_database_is_left_unchanged(tmp_path, capsys):
    other = tmp_path / "kontakty.db"
    _foreign_database(other)
    before = _digest(other)
    assert main(["info", str(other)]) == 1
    assert _digest(other) == before


def test_info_on_empty_file_writes_nothing(tmp_path, capsys):
    empty = tmp_path / "pusty.swot"
    empty.write_bytes(b"")
    main(["info", str(empty)])
    assert empty.stat().st_size == 0


# --- language and usage -----------------------------------------------------------------------


def test_lang_en_gives_english_messages(tmp_path, capsys):
    missing = tmp_path / "nope.swot"
    assert main(["--lang", "en", "info", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"Error: There is no workspace at {missing}. Check the path or create one "
        f"(e.g. with: swot demo {missing}).\n"
    )
    target = tmp_path / "demo.swot"
    assert main(["--lang", "en", "demo", str(target)]) == 0
    assert capsys.readouterr().out == f"Created workspace: {target}\n"
    assert main(["--lang", "en", "info", str(target)]) == 0
    assert "3 institutions" in capsys.readouterr().out


def test_lang_en_help_is_english(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--lang", "en", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "strategic planning and SWOT workshops" in out
    assert "warsztaty" not in out


def test_default_messages_are_polish(tmp_path, capsys):
    assert main(["info", str(tmp_path / "x.swot")]) == 1
    assert capsys.readouterr().err.startswith("Błąd: Nie ma przestrzeni roboczej")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["frob"], "frob"),
        ([], "command"),
        (["info"], "workspace"),
        (["--lang", "de", "info", "x.swot"], "de"),
        (["backup", "a.swot"], "target"),
    ],
)
def test_wrong_usage_exits_2(argv, fragment, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: swot")
    assert "Błąd: " in err
    assert fragment in err


# --- report and check ---------------------------------------------------------------------------


def test_report_writes_html_and_xlsx_with_progress(demo_path, tmp_path, capsys):
    out_dir = tmp_path / "raport"
    assert main(["report", str(demo_path), "-o", str(out_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"Raport zapisano: {out_dir / name}"
        for name in ("raport.html", "raport.xlsx", "raport.docx")
    ]
    lines = err.splitlines()
    assert lines[0] == "[1/12] Wczytywanie danych konsultacji…"
    assert lines[-1] == "[12/12] Zapisywanie dokumentu DOCX…"
    assert len(lines) == 12
    assert _listing(out_dir) == ["raport.docx", "raport.html", "raport.xlsx"]
    html = (out_dir / "raport.html").read_text(encoding="utf-8")
    assert '<html lang="pl">' in html
    assert "Metoda konsultacji i próba" in html


def test_report_lang_after_the_command(demo_path, tmp_path, capsys):
    out_dir = tmp_path / "report"
    assert main(["report", str(demo_path), "-o", str(out_dir), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Report saved: ")
    assert err.startswith("[1/12] Loading the data...")
    assert '<html lang="en">' in (out_dir / "raport.html").read_text(encoding="utf-8")


def test_report_into_a_file_fails_in_polish(demo_path, tmp_path, capsys):
    target = tmp_path / "zajete.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["report", str(demo_path), "-o", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Błąd: Nie można zapisać raportu w {target}: to plik, a nie folder.")
    assert target.read_text(encoding="utf-8") == "x"


def test_report_of_missing_workspace(tmp_path, capsys):
    missing = tmp_path / "brak.swot"
    assert main(["report", str(missing), "-o", str(tmp_path / "r")]) == 1
    assert capsys.readouterr().err.startswith("Błąd: Nie ma przestrzeni roboczej")
    assert _listing(tmp_path) == []


def test_report_needs_output(capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "x.swot"])
    assert info.value.code == 2
    assert "-o" in capsys.readouterr().err


def test_check_lists_every_plan(demo_path, capsys):
    assert main(["check", str(demo_path)]) == 0  # the demo plans have warnings, no errors
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    for _, name in _sample_institutions():
        assert name in lines
    assert "Plan współpracy" in lines
    assert lines[-1].startswith("Błędów: 0, uwag: ")
    assert any(line.startswith("  uwaga: ") for line in lines)


def test_check_exits_1_on_errors(demo_path, capsys):
    from swot.model import Goal

    with Workspace.open(demo_path) as ws:
        ws.add(Goal(institution_id="mok", number=9, title="Cel bez zadań"))
    assert main(["check", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert "  błąd: " in out
    assert not out.splitlines()[-1].startswith("Błędów: 0")


def test_check_does_not_change_the_workspace(demo_path, capsys):
    before = _digest(demo_path)
    main(["check", str(demo_path)])
    assert _digest(demo_path) == before


# --- import-survey ------------------------------------------------------------------------------


def _survey_count(path: Path) -> int:
    from swot.survey import survey_files

    with Workspace.open(path) as ws:
        return len(survey_files(ws))


def test_import_survey_checks_without_saving_unless_told(demo_path, capsys):
    before = _digest(demo_path)
    sample = sample_data_dir() / "przyklad_ankiety_z_bledami.csv"
    assert main(["import-survey", str(demo_path), str(sample)]) == 0
    out, err = capsys.readouterr()
    assert err == "[1/1] czytanie przyklad_ankiety_z_bledami.csv…\n"
    lines = out.splitlines()
    assert lines[0] == (
        "przyklad_ankiety_z_bledami.csv: format generic, kanał paper, kodowanie cp1250"
    )
    assert "12 wierszy → przyjęto 7, odrzucono 5." in lines[1]
    assert any("wiersz 13, kolumna „Płeć”" in line for line in lines)
    assert lines[-1] == "Nic nie zapisano. Aby zapisać, uruchom polecenie z --yes."
    assert _digest(demo_path) == before


def test_import_survey_yes_saves_every_file(demo_path, capsys):
    before = _survey_count(demo_path)
    samples = [
        sample_data_dir() / "sonda_uliczna.csv",
        sample_data_dir() / "konsultacje_papier.csv",
    ]
    assert main(["import-survey", str(demo_path), *map(str, samples), "--yes"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "[1/2] czytanie sonda_uliczna.csv…",
        "[2/2] czytanie konsultacje_papier.csv…",
    ]
    assert "Zapisano sonda_uliczna.csv: " in out
    assert "Zapisano konsultacje_papier.csv: " in out
    assert _survey_count(demo_path) == before + 2


def test_import_survey_saves_nothing_when_one_file_fails(demo_path, tmp_path, capsys):
    broken = tmp_path / "pusty.csv"
    broken.write_bytes(b"")
    good = sample_data_dir() / "sonda_uliczna.csv"
    before = _digest(demo_path)
    assert main(["import-survey", str(demo_path), str(good), str(broken), "--yes"]) == 1
    out, err = capsys.readouterr()
    assert "Błąd: " in err and "pusty.csv" in err
    assert err.rstrip().endswith(
        "Nic nie zapisano: 1 z 2 plików nie da się zaimportować. "
        "Popraw je i uruchom polecenie ponownie."
    )
    assert "Zapisano" not in out
    assert _digest(demo_path) == before


def test_import_survey_masks_personal_data_before_saving(demo_path, tmp_path, capsys):
    from swot.survey import load_survey

    sample = tmp_path / "ankieta.csv"
    sample.write_text(
        "Sygnatura czasowa,Adres e-mail,Czego brakuje w ofercie?\n"
        "2019-03-01 10:00:00,jan@example.org,zadzwońcie 601 234 567 albo ewa@example.com\n"
        "2019-03-01 10:05:00,ola@example.org,więcej koncertów\n"
        "2019-03-01 10:07:00,ela@example.org,zajęcia dla seniorów\n",
        encoding="utf-8",
    )
    assert main(["import-survey", str(demo_path), str(sample), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "pominięte kolumny z danymi osobowymi: Adres e-mail" in out
    assert "zamaskowane dane osobowe w odpowiedziach: " in out
    with Workspace.open(demo_path) as ws:
        text = load_survey(ws).responses.astype(str).to_csv()
    assert "601 234 567" not in text
    assert "ewa@example.com" not in text
    assert "jan@example.org" not in text


def test_import_survey_unknown_channel_lists_the_channels(demo_path, capsys):
    sample = sample_data_dir() / "sonda_uliczna.csv"
    before = _digest(demo_path)
    assert main(["import-survey", str(demo_path), str(sample), "--channel", "radio"]) == 1
    err = capsys.readouterr().err
    assert "radio" in err
    assert "online, paper, event, street, in_person" in err
    assert _digest(demo_path) == before


# --- review-export ------------------------------------------------------------------------------


def test_review_export_writes_static_pages_and_leaves_the_workspace(demo_path, tmp_path, capsys):
    from swot.cli import NOTEBOOK_DIR

    before = _digest(demo_path)
    out_dir = tmp_path / "eksperci"
    notebook = NOTEBOOK_DIR / "00_start.ipynb"
    assert main(["review-export", str(demo_path), str(notebook), "-o", str(out_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == f"Strony dla ekspertów zapisano: {out_dir / 'index.html'}\n"
    assert err.startswith("[1/")
    assert _listing(out_dir) == ["00_start.html", "index.html"]
    page = (out_dir / "00_start.html").read_text(encoding="utf-8")
    assert "Eksport dla ekspertów" in page
    assert "Miejski Ośrodek Kultury" in page
    assert "<script" not in page.lower()
    assert "import swot" not in page  # code hidden by default
    assert _digest(demo_path) == before


def test_review_export_of_a_missing_notebook_fails_in_polish(demo_path, tmp_path, capsys):
    missing = tmp_path / "brak.ipynb"
    assert main(["review-export", str(demo_path), str(missing), "-o", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Błąd: ")
    assert "brak.ipynb" in err
    assert not (tmp_path / "x").exists() or _listing(tmp_path / "x") == []
