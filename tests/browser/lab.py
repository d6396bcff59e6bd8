"""Helpers to drive JupyterLab in headless Chromium (recipes: /work/shared/TESTING.md).

Fixtures live in ``conftest.py`` next to this module; tests import the helpers directly::

    from lab import open_notebook, screenshot, shutdown_kernel
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"
NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
VIEWPORT = {"width": 1280, "height": 900}

# Settings written into the fresh JUPYTERLAB_SETTINGS_DIR, keyed by "<package>/<plugin>".
LAB_SETTINGS = {
    # Otherwise the "receive official Jupyter news?" pop-up covers the widgets.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
    # Render every cell, not just those in view, so off-screen widgets are in the DOM.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def require_browser_tools() -> None:
    """Fail (when ``CI`` is set) or skip unless Playwright and /usr/bin/chromium are present."""
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        problems.append(
            f"the Python package playwright is not importable ({exc}); pip install -e '.[test]'"
        )
    if not CHROMIUM.is_file():
        problems.append(
            f"{CHROMIUM} is missing; apt-get install -y chromium (never `playwright install`)"
        )
    if not problems:
        return
    message = "browser tests need " + " and ".join(problems)
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --------------------------------------------------------------------------- JupyterLab server


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab; ``url`` has no trailing slash."""

    url: str
    port: int
    root_dir: Path
    workspace: Path
    log_path: Path
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lab_env(state_dir: Path, workspace: Path) -> dict[str, str]:
    settings_dir = state_dir / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ)
    for name in ("JUPYTER_TOKEN", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"):
        env.pop(name, None)
    dirs = {
        # Fresh config/data dirs: no user kernelspec, server extension or setting leaks in.
        "JUPYTER_CONFIG_DIR": state_dir / "config",
        "JUPYTER_DATA_DIR": state_dir / "data",
        "JUPYTER_RUNTIME_DIR": state_dir / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": settings_dir,
        "JUPYTERLAB_WORKSPACES_DIR": state_dir / "lab-workspaces",
        "IPYTHONDIR": state_dir / "ipython",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["SWOT_WORKSPACE"] = str(workspace)
    env["SWOT_LANG"] = "pl"
    # The kernel runs this venv's python even if PATH does not start with it.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _wait_until_up(
    url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"JupyterLab did not answer at {url} within {timeout:.0f} s; "
        f"log {log_path}:\n{_tail(log_path)}"
    )


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group; the server then shuts its kernels down."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def running_lab(
    root_dir: Path, state_dir: Path, *, workspace: Path, startup_timeout: float = 120
) -> Iterator[LabServer]:
    """Run JupyterLab serving ``root_dir`` with fresh Jupyter dirs under ``state_dir``.

    ``SWOT_WORKSPACE`` of the server (and so of its kernels) is ``workspace``.
    """
    env = _lab_env(state_dir, workspace)
    log_path = state_dir / "jupyterlab.log"
    for _attempt in range(3):  # another process may grab the free port before the server does
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "jupyterlab",
            "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.token=", "--ServerApp.password=",
            f"--ServerApp.root_dir={root_dir}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]  # fmt: skip
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command, cwd=root_dir, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        try:
            if _wait_until_up(url, process, log_path, startup_timeout):
                break
        except BaseException:
            _stop(process)
            raise
    else:
        raise RuntimeError(
            f"JupyterLab failed to start 3 times; log {log_path}:\n{_tail(log_path)}"
        )
    try:
        yield LabServer(url, port, Path(root_dir), Path(workspace), log_path, process)
    finally:
        _stop(process)


@dataclass(frozen=True)
class VoilaServer:
    """A running Voila app server on a notebook folder; ``url`` has no trailing slash."""

    url: str
    token: str
    workspace: Path
    log_path: Path
    process: subprocess.Popen[bytes]


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Wait for the TCP port: a GET would execute a notebook (TESTING.md)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    raise RuntimeError(f"Voila did not open port {port} within {timeout:.0f} s")


@contextmanager
def running_voila(
    root_dir: Path, state_dir: Path, *, workspace: Path, token: str, startup_timeout: float = 120
) -> Iterator[VoilaServer]:
    """Run Voila on ``root_dir`` as ``scripts/workshop.sh --app`` does (token, no tracebacks)."""
    env = _lab_env(state_dir, workspace)
    env["SWOT_APP_TOKEN"] = token
    log_path = state_dir / "voila.log"
    for _attempt in range(3):
        port = _free_port()
        command = [
            sys.executable, "-m", "voila", str(root_dir), "--no-browser",
            "--Voila.ip=127.0.0.1", f"--port={port}", f"--token={token}",
            "--VoilaConfiguration.show_tracebacks=False",
        ]  # fmt: skip
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command, cwd=root_dir, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        try:
            if _wait_for_port(port, process, startup_timeout):
                break
        except BaseException:
            _stop(process)
            raise
    else:
        raise RuntimeError(f"Voila failed to start 3 times; log {log_path}:\n{_tail(log_path)}")
    try:
        yield VoilaServer(f"http://127.0.0.1:{port}", token, Path(workspace), log_path, process)
    finally:
        _stop(process)


# ------------------------------------------------------------------------------------ Browser


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium through Playwright, headless, with the flags from TESTING.md."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


_NOTEBOOK_JS = """
(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
}
"""

_KERNEL_IDLE_JS = f"""
(path) => {{
  const w = ({_NOTEBOOK_JS})(path);
  const kernel = w && w.context.isReady && w.sessionContext.session
      && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}}
"""

# Kernel idle and every code cell numbered (a cell shows "[*]" while queued or running), or a
# cell raised: the kernel then aborts the queued cells, which stay unnumbered.
_ALL_RAN_JS = f"""
(path) => {{
  const w = ({_NOTEBOOK_JS})(path);
  if (!w) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const raised = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  return raised || cells.every(c => c.model.sharedModel.getSource().trim() === ''
                                    || c.model.executionCount !== null);
}}
"""

_ERRORS_JS = f"""
(path) => {{
  const w = ({_NOTEBOOK_JS})(path);
  const errors = [];
  w.content.widgets.forEach((c, i) => {{
    if (c.model.type !== 'code') return;
    for (const out of c.model.outputs.toJSON()) {{
      if (out.output_type === 'error') errors.push(`cell ${{i}}: ${{out.ename}}: ${{out.evalue}}`);
    }}
  }});
  return errors;
}}
"""

# Outputs still waiting for a renderer: widget views not yet built ("Loading widget...") and
# plotly figures without their plot node.
_PENDING_OUTPUTS_JS = f"""
(path) => {{
  const w = ({_NOTEBOOK_JS})(path);
  const pending = [];
  w.content.widgets.forEach((c, i) => {{
    if (c.model.type !== 'code') return;
    const outputs = c.model.outputs.toJSON();
    const want = (mime) => outputs.filter(o => o.data && o.data[mime]).length;
    const node = c.outputArea.node;  // not c.node: the source may contain the same text
    const widgets = want('application/vnd.jupyter.widget-view+json');
    const built = node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
    if (built < widgets || node.textContent.includes('Loading widget'))
      pending.push(`cell ${{i}}: ${{built}}/${{widgets}} widget views`);
    const plots = want('application/vnd.plotly.v1+json');
    const drawn = node.querySelectorAll('.js-plotly-plot .main-svg').length > 0 ? plots : 0;
    if (drawn < plots) pending.push(`cell ${{i}}: plotly figure not drawn`);
  }});
  return pending;
}}
"""

# Resolves when every cell has run (JupyterLab 4).
_RUN_ALL_JS = f"""
async (path) => {{
  const w = ({_NOTEBOOK_JS})(path);
  window.jupyterapp.shell.activateById(w.id);
  return await window.jupyterapp.commands.execute('notebook:run-all-cells');
}}
"""

# sessionContext.shutdown() asks no confirmation, unlike the kernel menu command.
_SHUTDOWN_JS = f"""
async (path) => {{
  const w = path === null ? window.jupyterapp.shell.currentWidget : ({_NOTEBOOK_JS})(path);
  if (w && w.sessionContext && w.sessionContext.session) await w.sessionContext.shutdown();
}}
"""


# sessionContext.restartKernel() asks no confirmation, unlike the kernel menu command; clearing
# the outputs (and execution counts) first means stale widget views cannot satisfy a wait.
_RESTART_CLEAR_JS = f"""
async (path) => {{
  const w = ({_NOTEBOOK_JS})(path);
  window.jupyterapp.shell.activateById(w.id);
  await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
  await w.sessionContext.restartKernel();
}}
"""


def _normalize_path(name: str) -> str:
    return name.strip("/")


def open_notebook(page: Page, server: LabServer, name: str, *, timeout: float = 120) -> None:
    """Open ``name`` (relative to the server root), run all cells, wait until outputs render.

    Raises ``AssertionError`` naming the cells if any cell raised, so a broken notebook
    fails with the Python error rather than with a selector time-out.
    """
    path = _normalize_path(name)
    if not (server.root_dir / path).is_file():
        raise AssertionError(f"{path} does not exist in {server.root_dir}")
    ms = timeout * 1000
    page.goto(f"{server.url}/lab/tree/{path}?reset", wait_until="domcontentloaded", timeout=ms)
    _run_all_and_wait(page, path, ms)


def restart_and_run_all(page: Page, name: str, *, timeout: float = 120) -> None:
    """Restart the kernel of the open notebook ``name`` (no dialog), clear every output and
    run all cells again, waiting as :func:`open_notebook` does: what the page shows afterwards
    comes from the new kernel only.
    """
    path = _normalize_path(name)
    page.evaluate(_RESTART_CLEAR_JS, path)
    _run_all_and_wait(page, path, timeout * 1000)


def _run_all_and_wait(page: Page, path: str, ms: float) -> None:
    page.wait_for_function(_KERNEL_IDLE_JS, arg=path, timeout=ms, polling=100)
    page.evaluate(_RUN_ALL_JS, path)
    page.wait_for_function(_ALL_RAN_JS, arg=path, timeout=ms, polling=100)
    errors = page.evaluate(_ERRORS_JS, path)
    if errors:
        raise AssertionError(f"{path} raised in JupyterLab:\n" + "\n".join(errors))
    try:
        page.wait_for_function(
            f"(path) => ({_PENDING_OUTPUTS_JS})(path).length === 0",
            arg=path, timeout=ms, polling=100,
        )  # fmt: skip
    except Exception as exc:
        pending = page.evaluate(_PENDING_OUTPUTS_JS, path)
        raise AssertionError(f"{path}: outputs did not render: {pending}") from exc


def shutdown_kernel(page: Page, name: str | None = None) -> None:
    """Shut down the kernel of notebook ``name`` (default: the current widget), without dialog."""
    page.evaluate(_SHUTDOWN_JS, None if name is None else _normalize_path(name))


def screenshot(page: Page, name: str) -> Path:
    """Save the visible page as ``tests/browser/screenshots/<name>.png`` and return the path."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "screenshot"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path))
    return path
