"""Keep accepted consultation data in the workspace, and read it back merged.

Each accepted file becomes one workspace dataset: its canonical rows as Parquet (compact,
typed, fast) with the import report beside them. The codebook lives in the workspace
settings and is saved in the same transaction as the data it describes.
"""

from __future__ import annotations

import io

import pandas as pd

from swot.errors import DataImportError, Problem
from swot.i18n import register, t
from swot.store import Dataset, Workspace
from swot.survey.codebook import Codebook
from swot.survey.dataset import ImportReport, SurveyData, SurveyImport

__all__ = ["load_codebook", "load_survey", "save_codebook", "save_import", "survey_files"]

KINDS = ("responses", "tallies", "notes")

register(
    {
        "store.nothing_to_import": {
            "pl": "Nie zapisano: w pliku {file} nie ma żadnego poprawnego wiersza.",
            "en": "Not saved: {file} has no valid row.",
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
