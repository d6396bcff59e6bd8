"""The printed SWOT matrix's layout: order, wrapping, shortening and what is left out."""

from __future__ import annotations

import pytest

from swot.matrix import ELLIPSIS, layout_matrix, wrap_text
from swot.model import Factor, Quadrant


def _f(quadrant, text, importance=3, position=0):
    return Factor(
        institution_id="mok",
        quadrant=quadrant,
        text=text,
        importance=importance,
        position=position,
    )


def test_factors_are_ordered_by_importance_then_the_teams_order():
    factors = [_f("S", "a", 3, 0), _f("S", "b", 5, 2), _f("S", "c", 5, 1), _f("O", "d", 1, 0)]
    cells = layout_matrix(factors).cells
    assert list(cells) == [Quadrant.S, Quadrant.W, Quadrant.O, Quadrant.T]
    assert [i.factor.text for i in cells[Quadrant.S].items] == ["c", "b", "a"]
    by_position = layout_matrix(factors, by="position").cells[Quadrant.S]
    assert [i.factor.text for i in by_position.items] == ["a", "c", "b"]
    assert cells[Quadrant.W].total == 0 and cells[Quadrant.O].total == 1
    with pytest.raises(ValueError, match="by must be one of"):
        layout_matrix(factors, by="votes")


def test_wrap_text_breaks_at_words_and_shortens_with_an_ellipsis():
    assert wrap_text("Kadra", 10) == (("Kadra",), False)
    assert wrap_text("  Brak\n\nwindy  ", 20) == (("Brak windy",), False)
    lines, cut = wrap_text("słowo " * 400, 30, 3)  # a 2,400-character text
    assert cut and len(lines) == 3 and lines[-1].endswith(" " + ELLIPSIS)
    assert all(len(line) <= 30 for line in lines)
    long_word = wrap_text("x" * 100, 10, 2)
    assert long_word == (("x" * 10, "x" * 8 + " " + ELLIPSIS), True)
    with pytest.raises(ValueError, match="width"):
        wrap_text("a", 2)


def test_a_full_cell_shows_what_fits_and_keeps_a_line_for_the_rest():
    factors = [_f("W", f"Słabość {k:02d} " + "opis " * 8, 2, k) for k in range(10)]  # 2 lines
    cell = layout_matrix(factors, width=30, max_lines=9, gap=0.5).cells[Quadrant.W]
    # 2 + 0.5 + 2 + 0.5 + 2 + 0.5 = 7.5 lines; a fourth would pass 8 (9 minus the note)
    assert len(cell.items) == 3 and cell.lines == 6
    assert [f.position for f in cell.hidden] == list(range(3, 10))
    assert cell.total == 10
    everything = layout_matrix(factors, width=30, max_lines=24.5, gap=0.5)
    assert everything.fits and everything.hidden == 0  # 10 × 2 + 9 gaps × 0.5 = 24.5


def test_item_lines_cap_a_long_factor():
    text = "Bardzo długi opis " * 55  # about 1,000 characters, the model's maximum
    cell = layout_matrix([_f("T", text.strip())], width=50, item_lines=4).cells[Quadrant.T]
    item = cell.items[0]
    assert item.truncated and len(item.lines) == 4 and item.lines[-1].endswith(ELLIPSIS)
    assert item.factor.text == text.strip()  # the factor itself is untouched
