"""The public API: ``swot.__all__`` is complete and sorted; the core never imports UI or pandas."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import swot

INIT = Path(swot.__file__)


def _names_defined_in_init() -> set[str]:
    """Public names bound at the top level of swot/__init__.py (imports and assignments)."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return {n for n in names if not n.startswith("_") or n == "__version__"} - {"__all__"}


def test_all_lists_every_public_name():
    defined = _names_defined_in_init()
    assert len(defined) > 30
    assert sorted(defined - set(swot.__all__)) == []


def test_every_listed_name_exists():
    assert [name for name in swot.__all__ if not hasattr(swot, name)] == []


def _isort_key(name: str) -> tuple[int, list[int | str]]:
    """ruff RUF022's "isort-style" order: CONSTANTS, then Classes, then the rest, naturally."""
    if len(name) > 1 and name.isupper():
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return group, [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def test_all_is_sorted_without_repeats():
    assert list(swot.__all__) == sorted(swot.__all__, key=_isort_key)
    assert swot.__all__[0] == "DEFAULT_CATEGORIES"  # constants come first, as ruff sorts them
    assert len(set(swot.__all__)) == len(swot.__all__)


def test_star_import_gives_exactly_all():
    namespace: dict[str, object] = {}
    exec("from swot import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(swot.__all__)


def test_key_objects_are_reexported_from_their_modules():
    from swot import errors, i18n, model, store

    assert swot.Workspace is store.Workspace
    assert swot.Factor is model.Factor
    assert swot.SwotError is errors.SwotError
    assert swot.t is i18n.t
    assert issubclass(swot.ValidationError, swot.SwotError)
    assert issubclass(swot.PathError, swot.WorkspaceError)
    assert issubclass(swot.SwotError, ValueError)
    assert swot.__version__ == "0.1.0"


BLOCKED = ("ipywidgets", "plotly", "pandas")

_CHECK_CORE_IMPORTS = textwrap.dedent(
    """
    import importlib, json, sys

    BLOCKED = {blocked!r}

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{{name}} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocker())
    for name in BLOCKED:  # prove the blocker works before trusting the result
        try:
            importlib.import_module(name)
        except ImportError:
            pass
        else:
            raise SystemExit(f"blocker failed for {{name}}")

    modules = {modules!r}
    for module in modules:
        importlib.import_module(module)
    import swot
    swot.Factor(institution_id="mok", quadrant="S", text="Kadra")
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED or m == "swot.widgets")
    print(json.dumps(loaded))
    """
)


@pytest.mark.parametrize(
    "modules",
    [
        ["swot"],
        ["swot", "swot.store", "swot.model", "swot.demo", "swot.summary", "swot.cli"],
        ["swot.errors", "swot.i18n", "swot.paths", "swot.matrix"],
        ["swot.trace"],
        ["swot.plan_io"],
        ["swot.plan"],
        ["swot.progress"],
        ["swot.app", "swot.invitations"],
    ],
)
def test_core_imports_without_ui_or_pandas(modules):
    code = _CHECK_CORE_IMPORTS.format(blocked=BLOCKED, modules=modules)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_cli_help_works_without_ui_or_pandas():
    code = _CHECK_CORE_IMPORTS.format(blocked=BLOCKED, modules=["swot.cli"]) + textwrap.dedent(
        """
        from swot.cli import main
        try:
            main(["--help"])
        except SystemExit as exc:
            assert exc.code == 0
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "usage: swot" in result.stdout


def test_widgets_really_need_ipywidgets():
    """The blocker is not vacuous: importing swot.widgets under it fails."""
    code = _CHECK_CORE_IMPORTS.format(blocked=BLOCKED, modules=["swot.widgets"])
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "ipywidgets is blocked in this test" in result.stderr
