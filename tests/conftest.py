"""Fixtures shared by the unit tests: the interface language and demo workspaces."""

from __future__ import annotations

import shutil

import pytest

import swot
from swot.demo import build_demo
from swot.store import Workspace


@pytest.fixture(autouse=True)
def polish():
    """Every test starts (and leaves the process) with the Polish interface."""
    swot.set_language("pl")
    try:
        yield
    finally:
        swot.set_language("pl")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo workspace built per test session; tests get copies, never this file."""
    return build_demo(tmp_path_factory.mktemp("template") / "demo.swot")


@pytest.fixture
def demo_path(demo_template, tmp_path):
    """A private copy of the demo workspace file."""
    path = tmp_path / "demo.swot"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_ws(demo_path):
    """The demo workspace, opened as the trainer."""
    with Workspace.open(demo_path, actor="trener") as ws:
        yield ws
