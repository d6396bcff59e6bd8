"""Keep accepted consultation data in the workspace, and read it back merged.

Each accepted file becomes one workspace dataset: its canonical rows as Parquet (compact,
typed, fast) with the import report beside them. The codebook lives in the workspace
settings and is saved in the same transaction as the data it describes.
"""

from __future__ import annotations

import io

import pandas as pd

from swot.errors import DataImportError, Problem, SwotError
from swot.i18n import register, t
from swot.store import Dataset, Workspace
from swot.survey.codebook import Codebook, Variable, VarType
from swot.survey.dataset import ImportReport, SurveyData, SurveyImport

__all__ = [
    "load_codebook",
    "load_survey",
    "replace_codebook",
    "save_codebook",
    "save_import",
    "survey_files",
    "update_variable",
]

KINDS = ("responses", "tallies", "notes")

register(
    {
        "store.nothing_to_import": {
            "pl": "Nie zapisano: w pliku {file} nie ma żadnego poprawnego wiersza.",
            "en": "Not saved: {file} has no valid row.",
        },
        "store.lost_answers": {
            "pl": "Nie zapisano: w zaimportowanych danych są odpowiedzi, których nie ma na nowej "
            "liście ({values}).",
            "en": "Not saved: the imported data holds answers not on the new list ({values}).",
        },
        "store.lost_answers_hint": {
            "pl": "Dopisz je do odpowiedzi albo do „nie wiem”, albo zmień tylko kolejność.",
            "en": "Add them to the answers or to 'don't know', or only change the order.",
        },
        "store.type_change": {
            "pl": "Nie zapisano: zmiana typu z „{old}” na „{new}” wymaga ponownego importu plików.",
            "en": "Not saved: changing the type from '{old}' to '{new}' needs the files imported "
            "again.",
        },
        "store.variable_missing": {
            "pl": "Nie zapisano: brak zmiennej „{name}”, a są już dla niej wczytane odpowiedzi.",
            "en": "Not saved: variable '{name}' is missing but has imported answers.",
        },
        "store.nothing_hint": {
            "pl": "Popraw problemy wymienione w raporcie i wczytaj plik ponownie.",
            "en": "Fix the problems listed in the report and load the file again.",
        },
    }
)


def load_codebook(ws: Workspace) -> Codebook:
    """The workspace's codebook (empty if none was saved yet)."""
    data = ws.setting("codebook")
    return Codebook.from_dict(data) if data else Codebook()


def save_codebook(ws: Workspace, codebook: Codebook, *, actor: str | None = None) -> None:
    """Replace the workspace's codebook (after a person reviewed it)."""
    ws.set_setting("codebook", codebook.to_dict(), actor=actor)


def save_import(ws: Workspace, result: SurveyImport, *, actor: str | None = None) -> Dataset:
    """Store the accepted rows of one import, and its codebook, in one transaction."""
    report = result.report
    if not report.ok:
        raise DataImportError(
            [
                Problem(
                    report.file,
                    None,
                    None,
                    "",
                    "empty",
                    t("store.nothing_to_import", file=report.file),
                    t("store.nothing_hint"),
                )
            ]
        )
    frame = {"responses": result.responses, "tallies": result.tallies, "notes": result.notes}[
        result.kind
    ]
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, compression="zstd")
    meta = {
        "report": report.to_dict(),
        "channel": report.channel,
        "format": report.format,
        "rows": len(frame),
    }
    codebook = load_codebook(ws).merged(result.codebook)
    return ws.add_dataset(
        result.kind,
        report.file,
        buffer.getvalue(),
        meta,
        settings={"codebook": codebook.to_dict()},
        actor=actor,
    )


def survey_files(ws: Workspace) -> list[Dataset]:
    """The consultation files saved in the workspace, in import order."""
    return [d for d in ws.datasets() if d.kind in KINDS]


def load_survey(ws: Workspace) -> SurveyData:
    """All saved consultation data, merged and typed by the workspace's codebook."""
    codebook = load_codebook(ws)
    imports = []
    for dataset in survey_files(ws):
        frame = pd.read_parquet(io.BytesIO(ws.dataset_bytes(dataset.id)))
        report = ImportReport.from_dict(dataset.meta["report"])
        parts = {dataset.kind: frame}
        imports.append(SurveyImport(report=report, codebook=codebook, **parts))
    return SurveyData.merge(codebook, imports)


def update_variable(ws: Workspace, variable: Variable, *, actor: str | None = None) -> Codebook:
    """Save a reviewed variable, refusing changes that would orphan answers already imported.

    Renaming or reordering answers of a categorical question is fine while every answer found
    in the saved data is still on the list; switching between single choice, scale and
    demographic is fine; any other type change needs the files imported again.
    """
    return replace_codebook(ws, load_codebook(ws).with_variable(variable), actor=actor)


def replace_codebook(ws: Workspace, codebook: Codebook, *, actor: str | None = None) -> Codebook:
    """Save a whole reviewed codebook (e.g. loaded from a corrected file), checked as a whole.

    Every variable that has imported answers must still exist and be compatible (see
    :func:`update_variable`); nothing is saved unless all are.
    """
    current = load_codebook(ws)
    data = load_survey(ws).responses
    problems = []
    for old in current:
        new = codebook.get(old.name)
        used = old.name in data.columns or any(c in data.columns for c in old.columns)
        if new is None:
            if used and len(data) and _has_answers(data, old):
                problems.append(t("store.variable_missing", name=old.name))
            continue
        problem = _incompatibility(old, new, data)
        if problem:
            problems.append(f"{old.name}: {problem}")
    if problems:
        raise SwotError(" ".join(problems) + " " + t("store.lost_answers_hint"))
    # spellings learnt from imports stay, so the next file of a known channel still matches
    merged = codebook.merged(Codebook(tuple(v for v in current if v.name in codebook)))
    save_codebook(ws, merged, actor=actor)
    return merged


def _has_answers(data: pd.DataFrame, var: Variable) -> bool:
    columns = [c for c in var.columns if c in data.columns]
    return bool(columns) and bool(data[columns].notna().any().any())


def _incompatibility(old: Variable, new: Variable, data: pd.DataFrame) -> str | None:
    if not len(data) or not _has_answers(data, old):
        return None
    categorical = old.type.categorical and new.type.categorical
    if old.type is not new.type and not categorical:
        return t("store.type_change", old=old.type.value, new=new.type.value)
    if categorical:
        present = {str(v) for v in data[old.name].dropna().unique()}
        missing = sorted(present - set(new.categories))
        if missing:
            return t("store.lost_answers", values=", ".join(missing))
    if old.type is VarType.MULTIPLE:
        used = {o for o in old.options if bool(data[old.columns[old.options.index(o)]].any())}
        missing = sorted(used - set(new.options))
        if missing:
            return t("store.lost_answers", values=", ".join(missing))
    return None
