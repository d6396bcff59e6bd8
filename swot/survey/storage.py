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
    codebook = load_codebook(ws)
    old = codebook.get(variable.name)
    data = load_survey(ws).responses if old is not None else None
    if old is not None and data is not None and len(data):
        categorical = old.type.categorical and variable.type.categorical
        if old.type is not variable.type and not categorical:
            raise SwotError(t("store.type_change", old=old.type.value, new=variable.type.value))
        if categorical and old.name in data:
            present = {str(v) for v in data[old.name].dropna().unique()}
            missing = sorted(present - set(variable.categories))
            if missing:
                raise SwotError(
                    f"{t('store.lost_answers', values=', '.join(missing))} "
                    f"{t('store.lost_answers_hint')}"
                )
        if old.type is VarType.MULTIPLE:
            used = {
                o
                for o in old.options
                if f"{old.name}[{o}]" in data and bool(data[f"{old.name}[{o}]"].any())
            }
            missing = sorted(used - set(variable.options))
            if missing:
                raise SwotError(
                    f"{t('store.lost_answers', values=', '.join(missing))} "
                    f"{t('store.lost_answers_hint')}"
                )
    updated = codebook.with_variable(variable)
    save_codebook(ws, updated, actor=actor)
    return updated
