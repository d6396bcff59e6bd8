"""ipywidgets views over a workspace: thin, with no logic of their own.

Every interactive element has a stable CSS class (``swot-...``) for browser tests, and every
callback reports errors on a status line (see :mod:`swot.widgets._common`).
"""

from swot.widgets._common import HTMLView, StatusLine, guarded, html_table, text_table
from swot.widgets.start import TeamManager, institutions_table, overview

__all__ = [
    "HTMLView",
    "StatusLine",
    "TeamManager",
    "guarded",
    "html_table",
    "institutions_table",
    "overview",
    "text_table",
]
