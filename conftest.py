"""Session set-up shared by unit tests, nbval notebook runs and browser tests.

nbval kernels inherit the environment of the pytest process, so pointing ``SWOT_WORKSPACE`` at a
freshly built demo workspace here guarantees that stored notebook outputs are compared against
the same data every run, never against what a previous run (or a workshop) left behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# scripts/regen_notebooks.sh uses the same prefix and file name, so printed paths sanitize alike
# (tests/nbval_sanitize.cfg).
WORKSPACE_DIR_PREFIX = "swot-ws-"
WORKSPACE_FILE_NAME = "demo.swot"
_MANAGED_ENV = ("SWOT_WORKSPACE", "SWOT_LANG", "SWOT_CHART_CACHE")


@dataclass
class _SessionWorkspace:
    tmp_dir: Path
    path: Path
    problem: str | None  # why there is no demo workspace
    demo_missing: bool  # swot.demo itself is not there (yet)
    saved_env: dict[str, str | None]


_STATE = pytest.StashKey[_SessionWorkspace]()


def _build_demo_workspace(path: Path) -> tuple[Path, str | None, bool]:
    """Build the demo at ``path``; return (workspace path, problem, demo_missing)."""
    try:
        from swot.demo import build_demo
    except ModuleNotFoundError as exc:
        if exc.name not in ("swot", "swot.demo"):
            raise
        problem = f"swot.demo is missing ({exc}); notebooks cannot run against a demo workspace"
        return path, problem, True
    try:
        return Path(build_demo(path)), None, False
    except Exception as exc:
        return path, f"swot.demo.build_demo failed: {type(exc).__name__}: {exc}", False


def _anchor_sanitize_file(config: pytest.Config) -> None:
    """nbval opens --nbval-sanitize-with relative to the cwd; make pytest work from any cwd."""
    value = getattr(config.option, "nbval_sanitize_with", None)
    if value and not Path(value).is_absolute() and not Path(value).exists():
        anchored = config.rootpath / value
        if anchored.exists():
            config.option.nbval_sanitize_with = str(anchored)


def pytest_configure(config: pytest.Config) -> None:
    _anchor_sanitize_file(config)
    saved_env = {name: os.environ.get(name) for name in _MANAGED_ENV}
    tmp_dir = Path(tempfile.mkdtemp(prefix=WORKSPACE_DIR_PREFIX))
    try:
        path, problem, demo_missing = _build_demo_workspace(tmp_dir / WORKSPACE_FILE_NAME)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    # Set even without a demo: a path to a file that does not exist is still better than
    # falling back to whatever workspace the developer used last.
    os.environ["SWOT_WORKSPACE"] = str(path)
    os.environ["SWOT_LANG"] = "pl"
    # Every report draws its charts afresh (a test asks for a cache itself when it wants one).
    os.environ["SWOT_CHART_CACHE"] = ""
    config.stash[_STATE] = _SessionWorkspace(tmp_dir, path, problem, demo_missing, saved_env)


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(_STATE, None)
    if state is None:
        return
    for name, value in state.saved_env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(state.tmp_dir, ignore_errors=True)


def pytest_report_header(config: pytest.Config) -> str | None:
    state = config.stash.get(_STATE, None)
    if state is None:
        return None
    if state.problem:
        return f"swot: WARNING {state.problem}"
    return f"swot: fresh demo workspace {state.path} (SWOT_WORKSPACE, SWOT_LANG=pl)"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Notebook cells need the demo: skip while swot.demo does not exist yet, else fail."""
    state = item.config.stash.get(_STATE, None)
    if state is None or state.problem is None or item.path.suffix != ".ipynb":
        return
    if state.demo_missing and not os.environ.get("CI"):
        pytest.skip(state.problem)
    pytest.fail(state.problem, pytrace=False)
