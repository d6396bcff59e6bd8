"""The SWOT board driven in-process: every action, conflicts, live refresh, escaping."""

from __future__ import annotations

import pytest
from helpers import wait_until

from swot import Factor, Quadrant, Workspace, widgets


@pytest.fixture
def board(demo_ws):
    view = widgets.SwotBoard(demo_ws, "mok", author="Anna K.", poll_seconds=0)
    yield view
    view.close()


def _texts(panel):
    return [row.children[0].value for row in panel.items.children if hasattr(row, "children")]


@pytest.mark.parametrize("quadrant", list(Quadrant))
def test_add_a_factor_in_each_quadrant(board, demo_ws, quadrant):
    panel = board.quadrants[quadrant]
    panel.text.value = f"Nowy czynnik {quadrant.value}"
    panel.category.value = "promocja"
    panel.importance.value = 4
    panel.add_button.click()
    assert "Zapisano" in panel.status.text
    saved = [f for f in demo_ws.factors("mok", quadrant.value) if f.text.startswith("Nowy")]
    assert len(saved) == 1
    assert (saved[0].category, saved[0].importance, saved[0].author) == ("promocja", 4, "Anna K.")
    assert any(f"Nowy czynnik {quadrant.value}" in text for text in _texts(panel))
    assert panel.text.value == ""  # the form is ready for the next factor


def test_bad_input_gets_a_polish_message_next_to_the_field(board, demo_ws):
    panel = board.quadrants[Quadrant.W]
    before = demo_ws.count(Factor)
    for text, expected in (("", "Uzupełnij to pole"), ("x" * 2000, "Skróć tekst")):
        panel.text.value = text
        panel.add_button.click()
        assert expected in panel.status.text
    existing = demo_ws.factors("mok", "W")[0].text
    panel.text.value = "  " + existing.upper() + " "
    panel.add_button.click()
    assert "już istnieje" in panel.status.text
    assert demo_ws.count(Factor) == before


def test_evidence_from_a_finding_and_a_free_source(board, demo_ws):
    from swot import Finding

    finding = demo_ws.add(
        Finding(statement="Seniorzy chcą zajęć w soboty", source="ankieta", institution_id="mok")
    )
    board.refresh()
    panel = board.quadrants[Quadrant.O]
    panel.text.value = "Rosnąca liczba aktywnych seniorów"
    panel.finding.value = finding.id
    panel.source.value = "GUS 2018"
    panel.add_button.click()
    saved = next(f for f in demo_ws.factors("mok", "O") if f.text.startswith("Rosnąca liczba"))
    assert [e.finding_id for e in saved.evidence] == [finding.id, None]
    assert "Seniorzy chcą zajęć" in " ".join(_texts(panel))


def test_edit_reorder_and_delete(board, demo_ws):
    panel = board.quadrants[Quadrant.S]
    first, second = demo_ws.factors("mok", "S")[:2]
    panel.items.children[0].children[1].click()  # edit the first
    panel.text.value = first.text + " (poprawione)"
    panel.add_button.click()
    assert demo_ws.get(Factor, first.id).text.endswith("(poprawione)")
    panel.items.children[0].children[3].click()  # move the first down
    order = [f.id for f in demo_ws.factors("mok", "S")]
    assert order[:2] == [second.id, first.id]
    panel.items.children[0].children[4].click()  # delete what is now first
    assert demo_ws.find(Factor, second.id) is None
    assert "Usunięto" in panel.status.text


def test_stale_edit_shows_both_versions_and_overwrites_nothing(board, demo_ws):
    panel = board.quadrants[Quadrant.T]
    factor = demo_ws.factors("mok", "T")[0]
    panel.items.children[0].children[1].click()
    with Workspace.open(demo_ws.path, actor="Piotr W.") as other:
        other.update(other.get(Factor, factor.id).replace(text="Wersja Piotra"))
    panel.text.value = "Wersja Anny"
    panel.add_button.click()
    assert "Nie zapisano: ktoś inny zmienił ten czynnik" in panel.status.text
    shown = panel.conflict.children[0].value
    assert "Wersja Anny" in shown and "Wersja Piotra" in shown  # both versions, once
    assert demo_ws.get(Factor, factor.id).text == "Wersja Piotra"
    keep_theirs = panel.conflict.children[1].children[1]
    keep_theirs.click()
    assert demo_ws.get(Factor, factor.id).text == "Wersja Piotra"


def test_conflict_can_be_resolved_with_my_version(board, demo_ws):
    panel = board.quadrants[Quadrant.T]
    factor = demo_ws.factors("mok", "T")[0]
    panel.items.children[0].children[1].click()
    with Workspace.open(demo_ws.path) as other:
        other.update(other.get(Factor, factor.id).replace(importance=1))
    panel.text.value = "Wersja Anny"
    panel.add_button.click()
    panel.conflict.children[1].children[0].click()  # save my version
    stored = demo_ws.get(Factor, factor.id)
    assert stored.text == "Wersja Anny"
    assert stored.version == factor.version + 2


def test_live_refresh_shows_other_participants_changes(demo_ws):
    board = widgets.SwotBoard(demo_ws, "mok", poll_seconds=0.2)
    try:
        with Workspace.open(demo_ws.path, actor="Piotr W.") as other:
            other.add(Factor(institution_id="mok", quadrant="O", text="Dotacje z programu MKiDN"))
        wait_until(
            lambda: any("Dotacje z programu" in x for x in _texts(board.quadrants[Quadrant.O]))
        )
        assert any("Dotacje z programu" in x for x in _texts(board.quadrants[Quadrant.O]))
    finally:
        board.close()


def test_payloads_are_shown_as_text(board, demo_ws):
    panel = board.quadrants[Quadrant.W]
    panel.text.value = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    panel.add_button.click()
    html_text = " ".join(_texts(panel))
    assert "<script>" not in html_text and "<img" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "<script>alert(1)</script>" in repr(board)  # the plain-text view shows it literally


def test_category_list_follows_the_workspace_and_edits_keep_a_removed_category(board, demo_ws):
    panel = board.quadrants[Quadrant.S]
    factor = demo_ws.factors("mok", "S")[0]
    demo_ws.set_setting("categories", [*demo_ws.categories, "dostępność"])
    board.refresh()
    assert "dostępność" in [value for _label, value in panel.category.options]
    # The trainer drops the factor's category while the board is open: editing the factor
    # must not save it with an empty category.
    demo_ws.set_setting("categories", [c for c in demo_ws.categories if c != factor.category])
    board.refresh()
    row = next(r for r in panel.items.children if factor.text in r.children[0].value)
    next(b for b in row.children if "swot-factor-edit" in b._dom_classes).click()
    assert panel.category.value == factor.category
    panel.importance.value = 1 if factor.importance != 1 else 2
    panel.add_button.click()
    assert demo_ws.get(Factor, factor.id).category == factor.category


def test_redraw_keeps_unchanged_rows_and_closes_dropped_ones(board, demo_ws):
    weak = board.quadrants[Quadrant.W]
    strong = board.quadrants[Quadrant.S]
    before_w = list(weak.items.children)
    before_s = list(strong.items.children)
    strong.text.value = "Nowa sala prób"
    strong.add_button.click()
    assert list(weak.items.children) == before_w  # the same widgets: nothing re-sent
    after_s = list(strong.items.children)
    assert after_s[:-1] == before_s  # one new row; the old last one only enables "down"
    assert not after_s[-2].children[3].disabled and after_s[-1].children[3].disabled
    row = after_s[-1]
    next(b for b in row.children if "swot-factor-delete" in b._dom_classes).click()
    assert row.comm is None and all(child.comm is None for child in row.children)
    assert list(strong.items.children) == before_s
    assert before_s[-1].children[3].disabled  # the last row again
    assert "Nowa sala prób" not in " ".join(_texts(strong))


def test_a_conflict_shows_payloads_as_text_and_keeping_theirs_closes_it(board, demo_ws):
    payload = "<img src=x onerror=alert(1)>"
    panel = board.quadrants[Quadrant.S]
    factor = demo_ws.factors("mok", "S")[0]
    panel.items.children[0].children[1].click()
    with Workspace.open(demo_ws.path, actor="Piotr W.") as other:
        other.update(other.get(Factor, factor.id).replace(text=f"Piotr {payload}"))
    panel.text.value = f"Anna {payload}"
    panel.add_button.click()
    assert panel.conflict.layout.display == ""
    shown = panel.conflict.children[0].value
    assert payload not in shown and shown.count("&lt;img src=x onerror=alert(1)&gt;") == 2
    assert "Porównaj wersje poniżej" in panel.status.text  # the short note, not the message
    mine, theirs = panel.conflict.children[1].children
    assert (mine.description, theirs.description) == ("Zapisz moją wersję", "Zostaw zapisaną")
    assert "swot-conflict-mine" in mine._dom_classes
    assert "swot-conflict-theirs" in theirs._dom_classes
    theirs.click()
    assert panel.conflict.layout.display == "none" and panel.conflict.children == ()
    assert panel.editing is None and panel.text.value == ""
    assert demo_ws.get(Factor, factor.id).text == f"Piotr {payload}"
