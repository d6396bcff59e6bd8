"""Consultation data: codebook, importers for every channel, validation, PII masking, storage.

Typical use::

    from swot import survey

    result = survey.import_survey("ankiety.csv", codebook=survey.load_codebook(ws))
    print(result.report.summary())          # a person reads this first
    survey.save_import(ws, result)          # then accepts it
    data = survey.load_survey(ws)           # everything accepted so far, merged
"""

from swot.survey.codebook import Codebook, Variable, VarType, fold, option_column
from swot.survey.dataset import ImportReport, SurveyData, SurveyImport
from swot.survey.importers import FORMATS, detect_format, import_survey, read_table
from swot.survey.storage import (
    load_codebook,
    load_survey,
    replace_codebook,
    save_codebook,
    save_import,
    survey_files,
    update_variable,
)

__all__ = [
    "FORMATS",
    "Codebook",
    "ImportReport",
    "SurveyData",
    "SurveyImport",
    "VarType",
    "Variable",
    "detect_format",
    "fold",
    "import_survey",
    "load_codebook",
    "load_survey",
    "option_column",
    "read_table",
    "replace_codebook",
    "save_codebook",
    "save_import",
    "survey_files",
    "update_variable",
]
