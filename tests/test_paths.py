"""Safe names and paths: what a person types must stay a plain file name in its folder."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

import swot
from swot.errors import PathError, WorkspaceError
from swot.paths import MAX_NAME, check_name, check_path, child_path
from swot.store import Workspace


def _listing(folder: Path) -> list[str]:
    """Every path under ``folder`` (recursively, symlinks included), relative and sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- check_name -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "warsztaty-2019",
        "Warsztaty Łódź 2019",
        "zażółć gęślą jaźń",
        "ŚWIT_1",
        "kopia.2019.swot",
        "dom kultury.swot",
        "a",
        "7",
        "x" * MAX_NAME,
        "Ośrodek Kultury Tkacz",
    ],
)
def test_accepted_names_are_returned_unchanged(name):
    assert check_name(name) == name


def test_name_is_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "Łódź")
    assert decomposed != "Łódź"
    assert check_name(decomposed) == "Łódź"


REJECTED = {
    "parent": ("../x", "zawiera separator ścieżki lub „..”"),
    "grandparent": ("../../x", "zawiera separator ścieżki lub „..”"),
    "absolute": ("/etc/x", "zawiera separator ścieżki lub „..”"),
    "slash": ("a/b", "zawiera separator ścieżki lub „..”"),
    "backslash": ("a\\b", "zawiera separator ścieżki lub „..”"),
    "windows-parent": ("..\\x", "zawiera separator ścieżki lub „..”"),
    "dotdot": ("..", "zawiera separator ścieżki lub „..”"),
    "dot": (".", "zawiera separator ścieżki lub „..”"),
    "nul": ("a\0b", "zawiera znak NUL"),
    "empty": ("", "nazwa jest pusta"),
    "spaces": ("   ", "nazwa jest pusta"),
    "hidden": (".hidden", "zaczyna się od kropki lub myślnika"),
    "three-dots": ("...", "zaczyna się od kropki lub myślnika"),
    "option": ("-rf", "zaczyna się od kropki lub myślnika"),
    "underscore-first": ("_x", "niedozwolone znaki"),
    "leading-space": (" x", "niedozwolone znaki"),
    "too-long": ("x" * (MAX_NAME + 1), "jest dłuższa niż 100 znaków"),
    "con": ("CON", "to nazwa zarezerwowana przez system Windows"),
    "con-lower": ("con", "to nazwa zarezerwowana przez system Windows"),
    "nul-txt": ("nul.txt", "to nazwa zarezerwowana przez system Windows"),
    "com1": ("COM1.swot", "to nazwa zarezerwowana przez system Windows"),
    "lpt9": ("lpt9", "to nazwa zarezerwowana przez system Windows"),
    "trailing-dot": ("warsztaty.", "niedozwolone znaki"),
    "trailing-space": ("warsztaty ", "niedozwolone znaki"),
    "star": ("a*b", "niedozwolone znaki"),
    "colon": ("c:x", "niedozwolone znaki"),
    "pipe": ("a|b", "niedozwolone znaki"),
    "angle": ("<x>", "niedozwolone znaki"),
    "tab": ("a\tb", "niedozwolone znaki"),
    "inner-newline": ("a\nb", "niedozwolone znaki"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_names(case):
    name, reason = REJECTED[case]
    with pytest.raises(PathError) as info:
        check_name(name)
    message = str(info.value)
    assert isinstance(info.value, WorkspaceError)
    assert message.startswith("Nazwa „")
    assert "jest niedozwolona" in message
    assert reason in message
    assert "(np. warsztaty-2019)" in message  # the message says what would work
    assert "\0" not in message


def test_nul_is_shown_visibly():
    with pytest.raises(PathError) as info:
        check_name("a\0b")
    assert "„a\\0b”" in str(info.value)


def test_trailing_newline_rejected():
    with pytest.raises(PathError):
        check_name("warsztaty\n")


@pytest.mark.parametrize("value", [None, b"warsztaty", 7, Path("warsztaty")])
def test_non_text_names_rejected(value):
    with pytest.raises(PathError) as info:
        check_name(value)
    assert "to nie jest tekst" in str(info.value)


def test_rejection_message_in_english():
    swot.set_language("en")
    with pytest.raises(PathError) as info:
        check_name("../x")
    assert str(info.value) == (
        "The name '../x' is not allowed: it contains a path separator or '..'. Use letters, "
        "digits, spaces, dots, hyphens or underscores (e.g. workshop-2019)."
    )


# --- child_path -----------------------------------------------------------------------------


def test_child_path_adds_suffix_once(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    assert child_path(root, "warsztaty", ".swot") == root / "warsztaty.swot"
    assert child_path(root, "warsztaty.swot", ".swot") == root / "warsztaty.swot"
    assert child_path(str(root), "Łódź 2019") == root / "Łódź 2019"


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_child_path_rejects_unsafe_names(tmp_path, case):
    with pytest.raises(PathError):
        child_path(tmp_path, REJECTED[case][0], ".swot")
    assert _listing(tmp_path) == []


def test_symlink_to_sibling_folder_with_same_prefix_rejected(tmp_path):
    root = tmp_path / "ws"
    sibling = tmp_path / "ws2"
    root.mkdir()
    sibling.mkdir()
    (sibling / "secret.swot").write_text("tajne", encoding="utf-8")
    (root / "link.swot").symlink_to(sibling / "secret.swot")
    # A string-prefix check would accept /…/ws2/secret.swot as "inside" /…/ws.
    assert str(sibling / "secret.swot").startswith(str(root))
    with pytest.raises(PathError) as info:
        child_path(root, "link", ".swot")
    message = str(info.value)
    assert "wychodzi poza folder" in message
    assert str(root) in message


def test_symlinked_subfolder_rejected(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "ws2").mkdir()
    (root / "inner").symlink_to(tmp_path / "ws2", target_is_directory=True)
    with pytest.raises(PathError):
        child_path(root, "inner")


def test_dangling_symlink_out_of_root_rejected(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "ws2").mkdir()
    (root / "evil.swot").symlink_to(tmp_path / "ws2" / "new.swot")
    with pytest.raises(PathError):
        child_path(root, "evil", ".swot")


def test_symlink_to_file_inside_root_is_fine(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "real.swot").write_text("", encoding="utf-8")
    (root / "alias.swot").symlink_to(root / "real.swot")
    assert child_path(root, "alias", ".swot") == root / "real.swot"


def test_root_given_through_a_symlink(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real, target_is_directory=True)
    assert child_path(tmp_path / "via", "a", ".swot") == real / "a.swot"


# --- check_path -----------------------------------------------------------------------------


def test_check_path_accepts_any_folder(tmp_path):
    assert check_path(tmp_path / "a" / "b.swot") == tmp_path / "a" / "b.swot"
    assert check_path(str(tmp_path / "x.json")) == tmp_path / "x.json"
    assert check_path("../relative.swot") == Path("../relative.swot")


def test_check_path_expands_home():
    assert check_path("~/warsztaty.swot") == Path.home() / "warsztaty.swot"


@pytest.mark.parametrize(
    ("path", "reason"),
    [("", "nazwa jest pusta"), ("a\0b.swot", "zawiera znak NUL")],
)
def test_check_path_rejects_empty_and_nul(path, reason):
    with pytest.raises(PathError) as info:
        check_path(path)
    assert reason in str(info.value)


def test_check_path_rejects_a_folder(tmp_path):
    with pytest.raises(PathError) as info:
        check_path(tmp_path)
    assert "to jest folder, a nie plik" in str(info.value)


# --- Workspace.in_folder --------------------------------------------------------------------


UNSAFE_WORKSPACE_NAMES = [
    "../x",
    "../../x",
    "/tmp/x",
    "..",
    ".",
    ".hidden",
    "-rf",
    "a\0b",
    "sub/x",
    "a\\b",
    "CON",
    "nul.txt",
    "x" * 101,
    "x.",
    "x ",
    "",
]


@pytest.mark.parametrize("name", UNSAFE_WORKSPACE_NAMES)
@pytest.mark.parametrize("create", [False, True])
def test_in_folder_rejects_unsafe_names_and_writes_nothing(tmp_path, name, create):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "sub").mkdir()
    before = _listing(tmp_path)
    parent_before = sorted(os.listdir(tmp_path.parent))
    with pytest.raises(PathError):
        Workspace.in_folder(root, name, create=create)
    assert _listing(tmp_path) == before
    assert sorted(os.listdir(tmp_path.parent)) == parent_before


def test_in_folder_refuses_symlink_escape_and_writes_nothing(tmp_path):
    root = tmp_path / "ws"
    sibling = tmp_path / "ws2"
    root.mkdir()
    sibling.mkdir()
    (root / "evil.swot").symlink_to(sibling / "evil.swot")
    before = _listing(tmp_path)
    with pytest.raises(PathError):
        Workspace.in_folder(root, "evil", create=True)
    assert _listing(tmp_path) == before
    assert not (sibling / "evil.swot").exists()


def test_in_folder_creates_and_reopens_safe_name(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    with Workspace.in_folder(root, "Warsztaty Łódź 2019", create=True) as ws:
        ws.add(swot.Institution(id="mok", name="Miejski Ośrodek Kultury"))
        assert ws.path == root / "Warsztaty Łódź 2019.swot"
    assert "Warsztaty Łódź 2019.swot" in os.listdir(root)
    with Workspace.in_folder(root, "Warsztaty Łódź 2019") as ws:
        assert [i.id for i in ws.institutions()] == ["mok"]


def test_in_folder_missing_workspace_is_not_created(tmp_path):
    with pytest.raises(WorkspaceError) as info:
        Workspace.in_folder(tmp_path, "brak")
    assert not isinstance(info.value, PathError)
    assert "swot demo" in str(info.value)
    assert _listing(tmp_path) == []
