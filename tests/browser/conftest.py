"""Fixtures for the browser tests: a throwaway course, JupyterLab serving it, headless Chromium.

Nothing here writes into the repository except screenshots in artifacts/browser/ (gitignored;
BROWSER_ARTIFACTS moves them). The course is a copy in a temporary folder with its own HOME,
Jupyter runtime folder and nbgrader exchange.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from loopback import CHROMIUM, CHROMIUM_ARGS, chromium_missing, free_port, sync_playwright, wait_until_answering

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", REPO / "artifacts" / "browser"))
CHAPTER = "01_tensors"
COURSE_ID = "tf-keras-course"

# Generous: the machine may be shared and loaded.
SERVER_START_TIMEOUT = 120
PREPARE_TIMEOUT = 240
AUTOGRADE_TIMEOUT = 420


def _missing() -> str | None:
    if reason := chromium_missing():
        return reason
    if shutil.which("jupyter", path=str(VENV_BIN)) is None:
        return f"jupyter is not installed next to {sys.executable}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# -- the course -----------------------------------------------------------------------------------


@dataclass
class Course:
    tmp: Path
    root: Path  # the course directory JupyterLab serves
    exchange: Path
    env: dict[str, str]
    log_dir: Path
    autograde: subprocess.Popen | None = None
    autograde_log: Path | None = None
    autograde_started: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def gradebook_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def wait_for_autograde(self) -> float:
        """Block until the background autograde has finished; return how long it took."""
        assert self.autograde is not None, "autograde was not started"
        try:
            rc = self.autograde.wait(timeout=AUTOGRADE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.autograde.kill()
            pytest.fail(f"autograde did not finish in {AUTOGRADE_TIMEOUT} s; log: {self.autograde_log}")
        log = self.autograde_log.read_text(errors="replace")
        assert rc == 0, f"autograde failed (exit {rc}):\n{log[-4000:]}"
        return time.monotonic() - self.autograde_started


def _environment(tmp: Path, exchange: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # pytest's own variables would change how ipykernel captures output in the lab's kernels;
        # Jupyter path variables would point the server at the real user's settings.
        if not k.startswith(("PYTEST_", "JUPYTER", "JPY_", "COV_", "COVERAGE_")) and k not in {"HOME", "PYTHONPATH"}
    }
    env.update(
        HOME=str(tmp / "home"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        COURSE_EXCHANGE=str(exchange),
        MPLCONFIGDIR=str(tmp / "home" / ".config" / "matplotlib"),
        PATH=str(VENV_BIN) + os.pathsep + os.environ.get("PATH", ""),
        # what course.py sets for `lab`
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_ENABLE_ONEDNN_OPTS="0",
        PYTHONHASHSEED="0",
    )
    return env


def _lab_settings(home: Path) -> None:
    """User settings that keep JupyterLab quiet and offline; none changes what the course shows."""
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    print(f"\n[browser] screenshots: {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A throwaway copy of the course, the chapter released to a throwaway exchange, a second
    student's submission collected, and its autograde running in the background."""
    if reason := _missing():
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("course-in-lab")
    root, exchange, workdir, logs = tmp / "course", tmp / "exchange", tmp / "ada", tmp / "logs"
    for folder in (root / "autograder", exchange, workdir, logs, tmp / "home", tmp / "runtime"):
        folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("solutions", "notebooks"):
        shutil.copytree(REPO / name, root / name, ignore=ignore)
    shutil.copy(REPO / "README.md", root / "README.md")
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copy(REPO / "autograder" / "nbgrader_config.py", root / "autograder" / "nbgrader_config.py")
    env = _environment(tmp, exchange)
    _lab_settings(tmp / "home")

    ops = [sys.executable, str(HERE / "course_ops.py")]
    # Ada submits with her own HOME: nbgrader's submission cache lives there, and the learner's
    # Assignments panel would otherwise list her submission as the learner's.
    (tmp / "ada-home").mkdir()
    prepared = subprocess.run(
        [*ops, "prepare", str(root), str(workdir)],
        cwd=root,
        env={**env, "HOME": str(tmp / "ada-home")},
        capture_output=True,
        text=True,
        timeout=PREPARE_TIMEOUT,
    )
    (logs / "prepare.log").write_text(prepared.stdout + prepared.stderr)
    assert prepared.returncode == 0, f"preparing the course failed:\n{prepared.stdout}\n{prepared.stderr[-4000:]}"

    result = Course(tmp=tmp, root=root, exchange=exchange, env=env, log_dir=logs)
    # Autograding (sandboxed kernel, the whole chapter) is the slowest step: run it while the
    # learner's tests use the browser; the instructor's test waits for it.
    result.autograde_log = logs / "autograde.log"
    with open(result.autograde_log, "w") as log:
        result.autograde = subprocess.Popen(
            [*ops, "autograde", str(root)], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    result.autograde_started = time.monotonic()
    yield result
    if result.autograde.poll() is None:
        result.autograde.terminate()
        try:
            result.autograde.wait(timeout=30)
        except subprocess.TimeoutExpired:
            result.autograde.kill()


# -- JupyterLab -------------------------------------------------------------------------------------


@dataclass
class Lab:
    url: str  # base URL, no trailing slash
    token: str
    root: Path

    def at(self, path: str) -> str:
        """A URL that logs the browser in on first use."""
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path}{sep}token={self.token}"


@pytest.fixture(scope="session")
def lab(course: Course) -> Lab:
    token = secrets.token_hex(24)
    port = free_port()
    log_path = course.log_dir / "jupyter-lab.log"
    command = [
        str(VENV_BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={course.root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
        "--ServerApp.terminals_enabled=False",
        # as `python3 course.py lab` starts it
        "--LabApp.default_url=/lab/tree/README.md",
        # a safety net should this session be killed before its teardown
        "--ServerApp.shutdown_no_activity_timeout=900",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    with open(log_path, "w") as log:
        # cwd: nbgrader's server extensions read nbgrader_config.py from the folder the server starts in.
        server = subprocess.Popen(command, cwd=course.root, env=course.env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as response:
            return response.status == 200

    wait_until_answering(server, answers, name="jupyter lab", log=log_path, timeout=SERVER_START_TIMEOUT)
    yield Lab(url=url, token=token, root=course.root)
    # Shut the kernels down with the server, then make sure it is gone.
    try:
        request = urllib.request.Request(f"{url}/api/shutdown?token={token}", method="POST")
        urllib.request.urlopen(request, timeout=10).close()
        server.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


# -- Chromium -----------------------------------------------------------------------------------------


# Closed when the browser tests are done: Playwright's sync API keeps its event loop registered
# while it is open, and another sync session in the same process (the hub test's) refuses to start.
@pytest.fixture(scope="package")
def browser():
    if reason := _missing():
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Shots:
    """Numbered screenshots of one test, in the artifacts folder."""

    def __init__(self, folder: Path, test_name: str):
        self.folder, self.prefix, self.count = folder, re.sub(r"[^A-Za-z0-9_]+", "_", test_name), 0

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.prefix}-{self.count:02d}-{step}.png"
        try:
            page.screenshot(path=str(path), full_page=False, timeout=20_000)
        except Exception as error:  # a screenshot must never hide the real failure
            print(f"[browser] screenshot {path.name} failed: {error}")
        return path


@pytest.fixture
def shot(request: pytest.FixtureRequest, artifacts: Path) -> Shots:
    return Shots(artifacts, request.node.name)


@pytest.fixture
def context(browser, lab: Lab, request: pytest.FixtureRequest, artifacts: Path):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(60_000)
    ctx.set_default_navigation_timeout(90_000)
    # Log in as the URL printed by `jupyter lab` does: a token-authenticated request sets the login
    # cookie. (formgrader's pages do not set it themselves, so its API calls would go to /login.)
    response = ctx.request.get(lab.at("/api/status"))
    assert response.ok, f"logging in to JupyterLab failed: {response.status}"
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^A-Za-z0-9_]+", "_", request.node.name)
        for i, open_page in enumerate(ctx.pages):
            path = artifacts / f"{name}-FAILED-{i}.png"
            try:
                open_page.screenshot(path=str(path), timeout=20_000)
                print(f"[browser] failure screenshot: {path}")
            except Exception as error:
                print(f"[browser] failure screenshot failed: {error}")
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
