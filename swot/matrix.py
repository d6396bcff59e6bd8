"""The SWOT matrix as it is printed: factors ordered per quadrant, texts wrapped to fit a cell.

Pure layout arithmetic, no plotting: :func:`layout_matrix` decides which factors appear in
each quadrant, in which order, broken into which lines, and how many are left out, for a cell
that holds ``max_lines`` lines of ``width`` characters. :func:`swot.charts.swot_matrix` draws
the result (and tries smaller fonts, i.e. wider and longer cells, before leaving any out).

Order: most important first; among equally important factors, the team's own order
(``position``). With ``by="position"`` the team's order alone.

Examples
--------
>>> from swot.model import Factor
>>> factors = [
...     Factor(institution_id="mok", quadrant="S", text="Kadra", importance=3),
...     Factor(institution_id="mok", quadrant="S", text="Sala widowiskowa na 300 miejsc",
...            importance=5),
... ]
>>> m = layout_matrix(factors, width=16, max_lines=10)
>>> [item.lines for item in m.cells[Quadrant.S].items]
[('Sala widowiskowa', 'na 300 miejsc'), ('Kadra',)]
>>> m.cells[Quadrant.W].items, m.fits
((), True)
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from swot.model import Factor, Quadrant

__all__ = [
    "ELLIPSIS",
    "QUADRANT_COLOURS",
    "MatrixCell",
    "MatrixItem",
    "SwotMatrix",
    "layout_matrix",
    "wrap_text",
]

ELLIPSIS = "…"
#: Print colours of the quadrants (fill, edge, text), shared by the figure and the HTML export.
QUADRANT_COLOURS = {
    Quadrant.S: ("#edf7ec", "#5aae61", "#1b5e20"),
    Quadrant.W: ("#fcebea", "#d6604d", "#a50f15"),
    Quadrant.O: ("#e9f1fa", "#6baed6", "#08468a"),
    Quadrant.T: ("#fdf1e4", "#f4a261", "#8c3d00"),
}
_ORDERS = ("importance", "position")


@dataclass(frozen=True, slots=True)
class MatrixItem:
    """One factor as shown in its cell: its text broken into lines, maybe shortened."""

    factor: Factor
    lines: tuple[str, ...]
    truncated: bool  # the text was cut (the last line ends with an ellipsis)


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """One quadrant: the factors shown, and those that did not fit (in the same order)."""

    quadrant: Quadrant
    items: tuple[MatrixItem, ...]
    hidden: tuple[Factor, ...]

    @property
    def total(self) -> int:
        """How many factors the quadrant has (shown and hidden)."""
        return len(self.items) + len(self.hidden)

    @property
    def lines(self) -> int:
        """Text lines the shown factors take (without gaps and the "more" line)."""
        return sum(len(item.lines) for item in self.items)


@dataclass(frozen=True, slots=True)
class SwotMatrix:
    """The four cells of one institution's SWOT matrix, in S, W, O, T order."""

    cells: dict[Quadrant, MatrixCell]
    width: int
    max_lines: float

    @property
    def fits(self) -> bool:
        """Every factor is shown (possibly shortened)."""
        return not any(cell.hidden for cell in self.cells.values())

    @property
    def hidden(self) -> int:
        return sum(len(cell.hidden) for cell in self.cells.values())


def wrap_text(text: str, width: int, max_lines: int | None = None) -> tuple[tuple[str, ...], bool]:
    """``text`` broken into lines of at most ``width`` characters, and whether it was cut.

    Runs of whitespace (line breaks included) become single spaces; words longer than a line
    are split. Beyond ``max_lines`` the text is cut at a word and ends with an ellipsis.

    >>> wrap_text("Brak windy i podjazdu dla wózków", 12, 2)
    (('Brak windy i', 'podjazdu …'), True)
    """
    if width < 4:
        raise ValueError(f"width must be at least 4 characters (got {width})")
    lines = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]
    if max_lines is None or len(lines) <= max_lines:
        return tuple(lines), False
    kept = lines[:max_lines]
    last = kept[-1]
    while len(last) + 2 > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    kept[-1] = (last[: width - 2] if len(last) + 2 > width else last) + " " + ELLIPSIS
    return tuple(kept), True


def _ordered(factors: Iterable[Factor], by: str) -> dict[Quadrant, list[Factor]]:
    if by not in _ORDERS:
        raise ValueError(f"by must be one of {_ORDERS} (got {by!r})")
    cells: dict[Quadrant, list[Factor]] = {q: [] for q in Quadrant}
    for factor in factors:
        cells[factor.quadrant].append(factor)
    for items in cells.values():
        if by == "importance":
            items.sort(key=lambda f: (-f.importance, f.position))
        else:
            items.sort(key=lambda f: f.position)
    return cells


def layout_matrix(
    factors: Iterable[Factor],
    *,
    width: int = 60,
    max_lines: float = 18,
    item_lines: int = 4,
    gap: float = 0.0,
    by: str = "importance",
) -> SwotMatrix:
    """Lay the factors out in four cells of ``max_lines`` lines of ``width`` characters.

    Each factor takes at most ``item_lines`` lines (longer texts are cut with an ellipsis)
    plus ``gap`` lines of space before the next one. When a quadrant's factors do not all fit,
    the first ones that do are shown, in order, and one line is left free for a note saying how
    many more there are (``MatrixCell.hidden``).
    """
    if max_lines < 1 or item_lines < 1:
        raise ValueError("max_lines and item_lines must be at least 1")
    cells: dict[Quadrant, MatrixCell] = {}
    for quadrant, ordered in _ordered(factors, by).items():
        items = []
        for factor in ordered:
            lines, cut = wrap_text(factor.text, width, item_lines)
            items.append(MatrixItem(factor, lines, cut))
        costs = [len(item.lines) + gap for item in items]
        if sum(costs) - (gap if items else 0) <= max_lines:
            shown = len(items)
        else:
            budget = max_lines - 1  # the "+ k more" note takes a line
            shown, used = 0, 0.0
            while shown < len(items) and used + costs[shown] - gap <= budget:
                used += costs[shown]
                shown += 1
        cells[quadrant] = MatrixCell(
            quadrant, tuple(items[:shown]), tuple(item.factor for item in items[shown:])
        )
    return SwotMatrix(cells, width, max_lines)
