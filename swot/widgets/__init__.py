"""ipywidgets views over a workspace: thin, with no logic of their own.

Every interactive element has a stable CSS class (``swot-...``) for browser tests, and every
callback reports errors on a status line (see :mod:`swot.widgets._common`).
"""

from swot.widgets._common import HTMLView, StatusLine, guarded, html_table, text_table
from swot.widgets.board import SwotBoard
from swot.widgets.compare import ComparisonView, ThemesPanel, cooperation_table
from swot.widgets.diagnosis import (
    FindingForm,
    SurveyImporter,
    findings_table,
    import_report,
    survey_files_table,
)
from swot.widgets.explore import (
    CodebookEditor,
    DiagnosisExplorer,
    codebook_table,
    crosstab_table,
    frequency_table,
    quotes_table,
    rake_table,
    sample_table,
)
from swot.widgets.facilitate import CategoryEditor, FacilitationPanel, MergePanel, VotingPanel
from swot.widgets.invitations import InvitationsEditor
from swot.widgets.offers import OfferEditor, OfferImporter, offers_table
from swot.widgets.overview import ExpertView, TrainerOverview
from swot.widgets.plan import HorizonForm, MonitoringForm, PlanEditor
from swot.widgets.plan_export import PlanExporter
from swot.widgets.plan_import import PlanImporter
from swot.widgets.report import ReportBuilder, report_outline
from swot.widgets.start import AppLauncher, TeamManager, institutions_table, overview
from swot.widgets.strategy import CommentsPanel, ScoringForm, TowsEditor
from swot.widgets.trace import TraceView, trace_html

__all__ = [
    "AppLauncher",
    "CategoryEditor",
    "CodebookEditor",
    "CommentsPanel",
    "ComparisonView",
    "DiagnosisExplorer",
    "ExpertView",
    "FacilitationPanel",
    "FindingForm",
    "HTMLView",
    "HorizonForm",
    "InvitationsEditor",
    "MergePanel",
    "MonitoringForm",
    "OfferEditor",
    "OfferImporter",
    "PlanEditor",
    "PlanExporter",
    "PlanImporter",
    "ReportBuilder",
    "ScoringForm",
    "StatusLine",
    "SurveyImporter",
    "SwotBoard",
    "TeamManager",
    "ThemesPanel",
    "TowsEditor",
    "TraceView",
    "TrainerOverview",
    "VotingPanel",
    "codebook_table",
    "cooperation_table",
    "crosstab_table",
    "findings_table",
    "frequency_table",
    "guarded",
    "html_table",
    "import_report",
    "institutions_table",
    "offers_table",
    "overview",
    "quotes_table",
    "rake_table",
    "report_outline",
    "sample_table",
    "survey_files_table",
    "text_table",
    "trace_html",
]
