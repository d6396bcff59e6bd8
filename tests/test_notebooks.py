"""Static checks of the committed notebooks that nbval itself cannot make.

nbval compares stored outputs with fresh ones, but it silently skips code cells whose
``execution_count`` is null, so a stripped notebook would "pass" while checking nothing. These
tests keep the stored outputs complete and the notebooks free of logic (STYLE.md rule 5).
Regenerate outputs with ``scripts/regen_notebooks.sh``.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
REGEN_HINT = "regenerate stored outputs with scripts/regen_notebooks.sh"

# Statements a notebook may contain: imports from swot, assignments of call results, bare calls.
ALLOWED_STATEMENTS = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.Expr)
# Expressions that are logic and belong in swot/.
FORBIDDEN_EXPRESSIONS = {
    ast.Lambda: "lambda",
    ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression",
    ast.IfExp: "conditional expression",
    ast.NamedExpr: "walrus assignment",
    ast.Await: "await",
}
FORBIDDEN_BUILTINS = {"open", "exec", "eval", "compile", "__import__", "globals", "setattr"}
# IPython magics (%pip, %%bash, ...) and shell escapes (!pip) are not allowed at all; add a
# magic here only with a reason.
ALLOWED_MAGICS: frozenset[str] = frozenset()
MAGIC_LINE = re.compile(r"^\s*(?P<kind>%%|%|!!|!)(?P<name>\w*)")


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _read(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _is_swot_module(name: str | None) -> bool:
    return name is not None and (name == "swot" or name.startswith("swot."))


def _logic_problems(source: str) -> list[str]:
    """Describe every construct in ``source`` that is logic rather than a call into swot."""
    problems: list[str] = []
    python_lines: list[str] = []
    for number, line in enumerate(source.splitlines(), start=1):
        magic = MAGIC_LINE.match(line)
        if magic and magic["kind"] + magic["name"] not in ALLOWED_MAGICS:
            problems.append(f"line {number}: IPython magic or shell escape {line.strip()!r}")
            python_lines.append("")  # keep line numbers of the parsed code right
        else:
            python_lines.append(line)
    try:
        tree = ast.parse("\n".join(python_lines))
    except SyntaxError as exc:
        return [*problems, f"line {exc.lineno}: not valid Python ({exc.msg})"]

    for stmt in tree.body:
        if not isinstance(stmt, ALLOWED_STATEMENTS):
            problems.append(
                f"line {stmt.lineno}: {type(stmt).__name__} statement "
                "(def/class/loops/if/with/try belong in swot/)"
            )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            problems += [
                f"line {node.lineno}: import {alias.name} (only swot may be imported)"
                for alias in node.names
                if not _is_swot_module(alias.name)
            ]
        elif isinstance(node, ast.ImportFrom) and (node.level or not _is_swot_module(node.module)):
            problems.append(f"line {node.lineno}: from {node.module} import ... (only swot.*)")
        elif type(node) in FORBIDDEN_EXPRESSIONS:
            what = FORBIDDEN_EXPRESSIONS[type(node)]
            problems.append(f"line {node.lineno}: {what} (logic belongs in swot/)")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_BUILTINS
        ):
            problems.append(f"line {node.lineno}: call to builtin {node.func.id}()")
    return problems


def _output_text(output: dict[str, Any]) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    return json.dumps(output.get("data", {}), ensure_ascii=False)


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOK_DIR}; the checks below would pass vacuously"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_code_cell_has_an_execution_count_in_order(path: Path) -> None:
    cells = _code_cells(_read(path))
    counts = [cell.execution_count for cell in cells]
    empty = [i for i, cell in enumerate(cells) if not cell.source.strip()]
    assert not empty, (
        f"{path.name}: empty code cells at code-cell positions {empty} "
        "(the executor leaves them unnumbered); delete them"
    )
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} must run 1..{len(cells)} in order; "
        f"nbval silently skips unnumbered cells. {REGEN_HINT}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_contains_only_calls_into_swot(path: Path) -> None:
    problems = [
        f"cell {index} {problem}"
        for index, cell in enumerate(_read(path).cells)
        if cell.cell_type == "code"
        for problem in _logic_problems(cell.source)
    ]
    assert not problems, f"{path.name} contains logic; move it into swot/:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_stored_outputs_have_no_errors(path: Path) -> None:
    problems = []
    for index, cell in enumerate(_read(path).cells):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                problems.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
            elif kind == "stream" and output.get("name") == "stderr":
                problems.append(f"cell {index}: stderr output {output.get('text', '')[:200]!r}")
            elif "Traceback (most recent call last)" in _output_text(output):
                problems.append(f"cell {index}: traceback in {kind} output")
    assert not problems, f"{path.name} has stored errors ({REGEN_HINT}):\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_stores_no_widget_state_or_timing(path: Path) -> None:
    nb = _read(path)
    assert "widgets" not in nb.metadata, (
        f"{path.name}: metadata.widgets holds saved widget state; {REGEN_HINT}"
    )
    timed = [i for i, cell in enumerate(nb.cells) if "execution" in cell.get("metadata", {})]
    assert not timed, f"{path.name}: cells {timed} store execution timing; {REGEN_HINT}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import swot\nfrom swot.demo import build_demo\nws = swot.Workspace.open(p)\nws", []),
        ("# NBVAL_IGNORE_OUTPUT\nswot.show(ws)", []),
        ("import os", ["import os"]),
        ("from pathlib import Path", ["from pathlib"]),
        ("from . import x", ["from None"]),
        ("def f():\n    pass", ["FunctionDef"]),
        ("class A:\n    pass", ["ClassDef"]),
        ("for t in ws.teams():\n    t", ["For"]),
        ("%pip install swot", ["magic"]),
        ("!pip install swot", ["shell"]),
        ("%%bash\nls", ["magic"]),
        ("x = [t for t in ws.teams()]", ["list comprehension"]),
        ("f = lambda: 1", ["lambda"]),
        ("open('x')", ["open()"]),
    ],
)
def test_logic_checker(source: str, expected: list[str]) -> None:
    problems = _logic_problems(source)
    assert len(problems) == len(expected), problems
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem
