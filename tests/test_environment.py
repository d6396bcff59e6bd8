"""environment.yml and pyproject.toml name the same packages with the same version specifiers.

conda channels are unreachable from CI, so the conda route is kept honest only by this comparison.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml  # PyYAML comes with jupyterlab (via jupyter-events)
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name, where they differ.
CONDA_NAMES = {
    "kaleido": "python-kaleido",
    "pytables": "tables",
}
# conda packages that support the environment itself and have no pyproject counterpart.
CONDA_ONLY = {"pip"}
CONDA_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)\s*(?P<spec>[^#]*?)\s*$")


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _environment() -> dict[str, Any]:
    with (ROOT / "environment.yml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict), "environment.yml must be a mapping"
    return data


def _normalize_spec(spec: str) -> str:
    return ",".join(sorted(str(s) for s in SpecifierSet(spec.replace(" ", ""))))


def _pyproject_requirements() -> dict[str, str]:
    project = _pyproject()["project"]
    own_name = canonicalize_name(project["name"])
    lines = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        lines += group
    wanted: dict[str, str] = {"python": _normalize_spec(project["requires-python"])}
    for line in lines:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name == own_name:
            continue  # self-referencing extra such as "swot[test]"
        assert not req.marker, f"pyproject: {line!r} has a marker conda cannot express"
        assert not req.url, f"pyproject: {line!r} is a URL requirement conda cannot express"
        conda_name = CONDA_NAMES.get(name, name)
        spec = _normalize_spec(str(req.specifier))
        assert wanted.get(conda_name, spec) == spec, f"pyproject: {name} listed twice differently"
        wanted[conda_name] = spec
    return wanted


def _conda_requirements() -> tuple[dict[str, str], list[str]]:
    """Return the conda dependencies (without CONDA_ONLY) and the pip section's lines."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    pip_lines: list[str] = []
    for entry in _environment().get("dependencies", []):
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"environment.yml: unexpected mapping {entry!r}"
            pip_lines += entry["pip"]
            continue
        match = CONDA_SPEC.match(str(entry))
        assert match, f"environment.yml: cannot read dependency {entry!r}"
        name = canonicalize_name(match["name"])
        assert name not in seen, f"environment.yml: {name} listed twice"
        seen.add(name)
        if name not in CONDA_ONLY:
            found[name] = _normalize_spec(match["spec"])
    assert not pip_lines or "pip" in seen, "environment.yml: a pip section needs '- pip' too"
    return found, pip_lines


def test_environment_header() -> None:
    env = _environment()
    assert env.get("name") == "swot"
    assert env.get("channels") == ["conda-forge"], "use conda-forge only (defaults needs a licence)"


def test_environment_installs_the_package_itself_with_pip() -> None:
    _, pip_lines = _conda_requirements()
    assert pip_lines == ["-e ."], (
        f"environment.yml pip section should be exactly ['-e .'], got {pip_lines!r}; "
        "put other dependencies in the conda list"
    )


def test_environment_matches_pyproject() -> None:
    wanted = _pyproject_requirements()
    conda, _ = _conda_requirements()
    missing = {n: s for n, s in wanted.items() if n not in conda}
    extra = {n: s for n, s in conda.items() if n not in wanted}
    differ = {
        n: (wanted[n], conda[n]) for n in wanted.keys() & conda.keys() if wanted[n] != conda[n]
    }
    assert not (missing or extra or differ), (
        "environment.yml and pyproject.toml disagree "
        f"(missing in environment.yml: {missing}; only in environment.yml: {extra}; "
        f"different specifiers pyproject vs environment.yml: {differ}). "
        "Conda names that differ from PyPI are mapped in tests/test_environment.py::CONDA_NAMES."
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [(">=2.2", ">=2.2"), (" >=1.0, <2", "<2,>=1.0"), ("", "")],
)
def test_normalize_spec(spec: str, expected: str) -> None:
    assert _normalize_spec(spec) == expected
