"""The shared import box driven headlessly with a fake reader and saver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as w
import pytest

from swot.errors import DataImportError, Problem
from swot.widgets._import import ImportBox, PreviewReport

HOSTILE = "<img src=x onerror=alert(1)>.csv"


@dataclass(frozen=True)
class FakePreview:
    file: str
    rows: tuple[str, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(p.severity == "error" for p in self.problems)


@dataclass
class Fake:
    """A reader and saver that record their calls; each step may be told to fail."""

    rows: tuple[str, ...] = ("Chór", "Kino")
    problems: tuple[Problem, ...] = ()
    read_fails: Exception | None = None
    save_fails: Exception | None = None
    read_calls: list[tuple[bytes | Path, str]] = field(default_factory=list)
    saved: list[FakePreview] = field(default_factory=list)

    def read(self, source: bytes | Path, name: str) -> FakePreview:
        self.read_calls.append((source, name))
        if self.read_fails is not None:
            raise self.read_fails
        return FakePreview(name, self.rows, self.problems)

    def save(self, preview: FakePreview) -> list[str]:
        if self.save_fails is not None:
            raise self.save_fails
        self.saved.append(preview)
        return list(preview.rows)

    def box(self, **kwargs: object) -> ImportBox[FakePreview, list[str]]:
        options: dict[str, object] = {
            "css_prefix": "swot-test",
            "read": self.read,
            "describe": describe,
            "save": self.save,
            "on_saved": lambda preview, saved: f"Zapisano {len(saved)} z {preview.file}",
            "title": "Import testowy",
        }
        return ImportBox(**(options | kwargs))


def describe(preview: FakePreview) -> PreviewReport:
    rows = [[row] for row in preview.rows]
    return PreviewReport(
        f"{preview.file}: wierszy {len(preview.rows)}",
        f"<table class=fake>{''.join(f'<tr><td>{r}</td></tr>' for r in preview.rows)}</table>",
        "\n".join(r[0] for r in rows),
    )


def problem(value: str, severity: str = "error") -> Problem:
    return Problem("f.csv", 2, "Nazwa", value, "test", "zła nazwa", "popraw", severity)


def upload(box: ImportBox[FakePreview, list[str]], name: str, content: bytes) -> None:
    box.upload.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2019, 3, 1, tzinfo=UTC),
        },
    )


def test_check_then_accept_saves_once_and_resets(tmp_path):
    fake = Fake()
    box = fake.box(base_dir=tmp_path)
    assert repr(box) == "Import testowy" and box.accept_button.disabled
    box.path.value = "lista.csv"
    box.check_button.click()
    assert fake.read_calls == [(tmp_path / "lista.csv", "lista.csv")]  # relative to base_dir
    assert "Plik odczytany" in box.status.text
    assert "swot-status-ok" in box.status._dom_classes
    assert repr(box) == "Import testowy\nlista.csv: wierszy 2\nChór\nKino"
    assert "<b>lista.csv: wierszy 2</b>" in box.report.value and "class=fake" in box.report.value
    assert box.pending is not None
    assert not box.accept_button.disabled and not box.cancel_button.disabled
    box.accept_button.click()
    assert [p.file for p in fake.saved] == ["lista.csv"]
    assert "Zapisano 2 z lista.csv" in box.status.text
    assert box.pending is None and box.report.value == "" and box.report.text == ""
    assert box.accept_button.disabled and box.cancel_button.disabled
    box.accept_button.click()  # a second click saves nothing twice
    assert len(fake.saved) == 1 and "Najpierw wybierz plik" in box.status.text


def test_check_then_cancel_saves_nothing(tmp_path):
    fake = Fake()
    box = fake.box(path=tmp_path / "lista.csv")  # named up front: checked at once
    assert "lista.csv: wierszy 2" in repr(box) and not box.accept_button.disabled
    box.cancel_button.click()
    assert "Anulowano: nic nie zostało zapisane." in box.status.text
    assert fake.saved == [] and box.pending is None and box.report.value == ""
    assert box.accept_button.disabled and box.cancel_button.disabled


def test_a_refused_file_shows_its_problems_as_an_error(tmp_path):
    fake = Fake(read_fails=DataImportError([problem("Brak kolumny <Nazwa>")]))
    box = fake.box(path=tmp_path / "zla.csv")
    assert "Nie udało się odczytać pliku" in box.status.text
    assert "swot-status-error" in box.status._dom_classes
    assert "Brak kolumny <Nazwa>" in repr(box) and "zla.csv" in repr(box)
    assert "Brak kolumny &lt;Nazwa&gt;" in box.report.value
    assert "swot-problems" in box.report.value
    assert box.pending is None and box.accept_button.disabled and box.cancel_button.disabled


def test_a_file_with_errors_is_shown_but_cannot_be_imported(tmp_path):
    fake = Fake(problems=(problem("kosmici"), problem("cicho", "warning")))
    box = fake.box(path=tmp_path / "f.csv")
    assert "Plik ma błędy" in box.status.text and "swot-status-error" in box.status._dom_classes
    assert "kosmici" in repr(box) and "cicho" in repr(box)
    assert box.pending is None and box.accept_button.disabled


def test_nothing_new_is_a_calm_message_not_an_error(tmp_path):
    fake = Fake(rows=())
    box = fake.box(
        describe=lambda p: PreviewReport(f"{p.file}: 0", nothing_new="Wszyscy już są."),
        path=tmp_path / "f.csv",
    )
    assert "Wszyscy już są." in box.status.text and "swot-status-ok" in box.status._dom_classes
    assert box.accept_button.disabled


def test_a_refusal_at_saving_keeps_the_reasons_and_drops_the_file(tmp_path):
    fake = Fake(save_fails=DataImportError([problem("już w ofercie")]))
    box = fake.box(path=tmp_path / "f.csv")
    box.accept_button.click()
    assert "Nie udało się" in box.status.text and "już w ofercie" in repr(box)
    assert box.pending is None and box.accept_button.disabled
    assert fake.saved == []


def test_accept_or_check_without_a_file_asks_for_one():
    fake = Fake()
    box = fake.box()
    box.accept_button.click()
    assert "Najpierw wybierz plik albo wpisz ścieżkę do niego." in box.status.text
    assert "swot-status-error" in box.status._dom_classes
    box.check_button.click()
    assert "Najpierw wybierz plik" in box.status.text
    assert fake.read_calls == [] and fake.saved == []


@pytest.mark.parametrize("step", ["read", "save", "on_saved"])
def test_an_unexpected_error_ends_on_the_status_line(tmp_path, step, caplog):
    fake = Fake(
        read_fails=RuntimeError("boom") if step == "read" else None,
        save_fails=KeyError("boom") if step == "save" else None,
    )

    def on_saved(preview: FakePreview, saved: list[str]) -> str:
        raise ZeroDivisionError

    options = {"on_saved": on_saved} if step == "on_saved" else {}
    box = fake.box(path=tmp_path / "f.csv", **options)
    if step != "read":  # a failed check leaves nothing to accept
        box.accept_button.click()
    error = {"read": "RuntimeError", "save": "KeyError", "on_saved": "ZeroDivisionError"}[step]
    assert f"Wystąpił nieoczekiwany błąd ({error})" in box.status.text
    assert "swot-status-error" in box.status._dom_classes
    assert "Traceback" not in box.status.value and "Traceback" not in box.report.value
    assert any(r.exc_info for r in caplog.records)  # logged in full for whoever debugs it


def test_a_hostile_file_name_is_escaped_everywhere():
    fake = Fake(rows=("<script>x</script>",))
    box = fake.box(
        describe=lambda p: PreviewReport(f"{p.file}: 1"),
        on_saved=lambda preview, saved: f"Zapisano {preview.file}",
    )
    upload(box, HOSTILE, b"Nazwa\nx\n")
    box.path.value = "/nie/ma/takiego/pliku.csv"  # the upload wins
    box.check_button.click()
    assert fake.read_calls == [(b"Nazwa\nx\n", HOSTILE)]
    assert HOSTILE not in box.report.value and "<img" not in box.report.value
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in box.report.value
    assert repr(box).startswith(f"Import testowy\n{HOSTILE}: 1")  # the text form is plain
    box.accept_button.click()
    assert "<img" not in box.status.value and f"Zapisano {HOSTILE}" in box.status.text
    # a refused upload names the file in the report: escaped too
    fake.read_fails = DataImportError([problem("<img src=y>")])
    box.check_button.click()
    assert "<img" not in box.report.value and "&lt;img src=x" in box.report.value
    assert "&lt;img src=y&gt;" in box.report.value


def test_parts_carry_the_prefix_classes_and_extras_sit_above_the_buttons():
    replace = w.Checkbox(description="Zastąp")
    box = Fake().box(extra=[replace], report_class="swot-test-import-report", accept=".docx")
    parts = [box.upload, box.path, box.check_button, box.accept_button, box.cancel_button]
    classes = [next(c for c in p._dom_classes if c.startswith("swot-test-")) for p in parts]
    assert classes == [f"swot-test-{k}" for k in ("upload", "path", "check", "accept", "cancel")]
    assert "swot-test-import-report" in box.report._dom_classes
    assert box.upload.accept == ".docx" and not box.upload.multiple
    heading, files, extra, buttons, status, report = box.children
    assert heading.value == "<h4>Import testowy</h4>" and extra is replace
    assert list(files.children) == [box.upload, box.path]
    assert list(buttons.children) == [box.check_button, box.accept_button, box.cancel_button]
    assert (status, report) == (box.status, box.report)
    untitled = Fake().box(title="")
    assert len(untitled.children) == 4 and repr(untitled) == ""
    assert "<h4>&lt;b&gt;</h4>" in Fake().box(title="<b>").children[0].value


def test_an_owner_names_its_own_texts(tmp_path):
    import swot.widgets.diagnosis  # noqa: F401  (registers the ui.imp.* keys used below)

    texts = {
        "check": "ui.imp.check",
        "has_errors": "ui.imp.failed",
        "cancelled": "ui.imp.cancelled",
    }
    box = Fake(problems=(problem("kosmici"),)).box(texts=texts, path=tmp_path / "f.csv")
    assert box.check_button.description == "Sprawdź plik"
    assert box.accept_button.description == "Importuj"  # roles not named keep the box's own
    assert box.status.text == "✖ Pliku nie można zaimportować — nic nie zostało zapisane."
    box.cancel_button.click()
    assert box.status.text == "✔ Anulowano — nic nie zapisano."


def test_an_owner_may_show_a_refusal_its_own_way(tmp_path):
    refused = DataImportError([problem("Brak kolumny")])
    seen = []

    def refusal(name: str, exc: DataImportError) -> tuple[str, str]:
        seen.append((name, exc))
        return "<p class=own>odrzucony</p>", f"{name}: odrzucony"

    box = Fake(read_fails=refused).box(refusal=refusal, path=tmp_path / "zla.csv")
    assert seen == [("zla.csv", refused)]
    assert box.report.value == "<p class=own>odrzucony</p>"
    assert repr(box) == "Import testowy\nzla.csv: odrzucony"
    assert "Nie udało się odczytać pliku" in box.status.text


def test_a_preview_that_lists_its_problems_is_shown_as_it_is(tmp_path):
    fake = Fake(problems=(problem("cicho", "warning"),))
    box = fake.box(
        describe=lambda p: PreviewReport(
            "", "<table class=own></table>", "własny", lists_problems=True
        ),
        path=tmp_path / "f.csv",
    )
    assert box.report.value == "<table class=own></table>"  # no summary line, no second table
    assert repr(box) == "Import testowy\nwłasny"
    assert "Plik odczytany" in box.status.text and not box.accept_button.disabled
