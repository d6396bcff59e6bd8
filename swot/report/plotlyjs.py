"""Which plotly.js the panel report embeds and draws its pictures with.

The report only draws bar, scatter and heatmap traces. plotly.js's official *cartesian*
partial bundle (vendored unchanged in ``swot/report/vendor``, see its README) holds those
in 1.5 MB instead of the 4.8 MB of the full bundle plotly.py ships: the HTML report is a
third of the size, and Chromium is ready to draw the DOCX's pictures about 0.4 s sooner.
The full bundle is used whenever a figure needs another trace type, and whenever plotly.py
ships a plotly.js of another major version (its figures might use what 4.x cannot draw).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "vendor"
#: plotly.js's cartesian partial bundle (npm ``plotly.js-cartesian-dist-min``).
CARTESIAN = VENDOR / "plotly-cartesian.min.js"
#: The trace types the cartesian bundle holds (checked against the bundle in the tests).
CARTESIAN_TRACES = frozenset(
    {
        "bar",
        "box",
        "contour",
        "heatmap",
        "histogram",
        "histogram2d",
        "histogram2dcontour",
        "image",
        "pie",
        "scatter",
        "scatterternary",
        "violin",
    }
)

_VERSION = re.compile(rb"plotly\.js \([^)]*\) v(\d+)\.(\d+)\.(\d+)")


def full_bundle() -> Path:
    """plotly.py's own full plotly.js (what ``plotly.offline.get_plotlyjs`` returns)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


@functools.cache
def cartesian_version() -> tuple[int, int, int] | None:
    """The vendored cartesian bundle's version, or ``None`` when it is missing or unreadable."""
    try:
        with CARTESIAN.open("rb") as f:
            head = f.read(400)
    except OSError:
        return None
    found = _VERSION.search(head)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def trace_types(figures: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every trace type the figures use (plotly's default type is ``scatter``)."""
    return {
        str(trace.get("type") or "scatter")
        for figure in figures
        for trace in figure.get("data") or ()
        if isinstance(trace, Mapping)
    }


def cartesian_fits(types: Iterable[str] = ()) -> bool:
    """Whether the vendored bundle can draw figures with ``types`` for this plotly.py."""
    from plotly.offline import get_plotlyjs_version

    ours = cartesian_version()
    if ours is None or not set(types) <= CARTESIAN_TRACES:
        return False
    theirs = get_plotlyjs_version().split(".")[0]
    return theirs.isdigit() and int(theirs) == ours[0]


def bundle_path(types: Iterable[str] = ()) -> Path:
    """The smallest plotly.js that draws figures with the given trace types."""
    return CARTESIAN if cartesian_fits(types) else full_bundle()


@functools.cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def bundle_text(types: Iterable[str] = ()) -> str:
    """The source of :func:`bundle_path` (read once per process)."""
    return _read(bundle_path(types))
