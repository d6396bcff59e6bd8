"""swot: strategic planning and SWOT workshops for public culture institutions.

The core (model, workspace, i18n) imports only the standard library, so ``import swot`` is
fast and works where ipywidgets or plotly are not installed. Widgets live in
``swot.widgets``, which a notebook imports explicitly.

>>> import swot
>>> swot.t("quadrant.W", lang="en")
'Weaknesses'
"""

from swot.app import url_setting
from swot.errors import (
    ConflictError,
    DataImportError,
    NotFoundError,
    PathError,
    Problem,
    ReferenceError_,
    SwotError,
    ValidationError,
    WorkspaceBusyError,
    WorkspaceError,
)
from swot.i18n import get_language, set_language, t
from swot.model import (
    DEFAULT_CATEGORIES,
    Comment,
    CommentStatus,
    Evidence,
    Factor,
    Finding,
    Goal,
    Indicator,
    Institution,
    Measurement,
    Participant,
    Quadrant,
    Rating,
    Role,
    Session,
    Strategy,
    StrategyKind,
    Task,
    Team,
    Vote,
)
from swot.store import Change, Workspace

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_CATEGORIES",
    "Change",
    "Comment",
    "CommentStatus",
    "ConflictError",
    "DataImportError",
    "Evidence",
    "Factor",
    "Finding",
    "Goal",
    "Indicator",
    "Institution",
    "Measurement",
    "NotFoundError",
    "Participant",
    "PathError",
    "Problem",
    "Quadrant",
    "Rating",
    "ReferenceError_",
    "Role",
    "Session",
    "Strategy",
    "StrategyKind",
    "SwotError",
    "Task",
    "Team",
    "ValidationError",
    "Vote",
    "Workspace",
    "WorkspaceBusyError",
    "WorkspaceError",
    "__version__",
    "get_language",
    "set_language",
    "t",
    "url_setting",
]
