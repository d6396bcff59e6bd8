"""Fixtures for browser tests: JupyterLab servers, headless Chromium and a page per test.

- ``lab_server`` (session): JupyterLab serving the repository's ``notebooks/`` with
  ``SWOT_WORKSPACE`` set to a fresh demo workspace (``lab_server.workspace``).
- ``scratch_lab`` (session): JupyterLab serving an empty temporary folder
  (``scratch_lab.root_dir``) for throwaway notebooks; no swot workspace.
- ``chromium_browser`` (session) and ``page`` (per test, 1280×900, screenshot on failure).

Helpers (``open_notebook``, ``shutdown_kernel``, ``screenshot``) are in ``lab.py``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lab import (
    NOTEBOOK_DIR,
    VIEWPORT,
    LabServer,
    launch_chromium,
    require_browser_tools,
    running_lab,
    screenshot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium_browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = launch_chromium(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium_browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport=VIEWPORT, locale="pl-PL")
    page = context.new_page()
    yield page
    reports = request.node.stash.get(_REPORTS, {})
    if any(r.failed for r in reports.values()):
        path = screenshot(page, f"FAILED-{request.node.name}")
        print(f"screenshot of the failure: {path}")
    context.close()


@pytest.fixture(scope="session")
def browser_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh demo workspace used only by the browser session's JupyterLab."""
    try:
        from swot.demo import build_demo
    except ModuleNotFoundError as exc:
        pytest.fail(f"browser tests of notebooks need swot.demo.build_demo ({exc})", pytrace=False)
    return Path(build_demo(tmp_path_factory.mktemp("swot-ws-browser") / "demo.swot"))


@pytest.fixture(scope="session")
def lab_server(
    tmp_path_factory: pytest.TempPathFactory, browser_workspace: Path
) -> Iterator[LabServer]:
    require_browser_tools()
    state_dir = tmp_path_factory.mktemp("lab-state")
    with running_lab(NOTEBOOK_DIR, state_dir, workspace=browser_workspace) as server:
        yield server


@pytest.fixture(scope="session")
def scratch_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    require_browser_tools()
    root = tmp_path_factory.mktemp("scratch-notebooks")
    state_dir = tmp_path_factory.mktemp("scratch-lab-state")
    with running_lab(root, state_dir, workspace=state_dir / "no-workspace.swot") as server:
        yield server
