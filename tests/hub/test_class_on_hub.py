"""A class on a real JupyterHub: Unix accounts, PAM logins, nbgrader's exchange, Chromium.

The test starts JupyterHub with the course's deploy/jupyterhub_config.py on loopback (the
LocalProcessSpawner, PAM, configurable-http-proxy), creates an instructor and three learner
accounts, and drives the class in headless Chromium: each learner logs in, fetches the chapter in
the Assignments panel, answers an exercise, validates and submits; the instructor opens formgrader
in its own tab, collects, grades and releases feedback with `python -m autograder`; each learner
fetches their feedback and sees their score. Formgrader's hand-grading page and the feedback pages
typeset their maths with MathJax from the users' own servers, and no page the class opens asks
anything of a host other than the hub (a class runs offline). Then it checks, as each Unix user,
what a learner can and cannot read, and that a submission made in another learner's name does not
count as theirs.

Needs root (accounts, PAM, the spawner switching users), jupyterhub and configurable-http-proxy
(`python3 course.py test` installs both as root on Debian or Ubuntu: deploy/requirements-hub.txt,
and the proxy in deploy/node_modules); skipped with the reason otherwise. Everything is removed at
the end: the accounts, their homes, the throwaway course and exchange. Screenshots go to artifacts/hub/ (HUB_ARTIFACTS moves them).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from loopback import CHROMIUM, CHROMIUM_ARGS, chromium_missing, free_port, sync_playwright, wait_until_answering

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
VENV_BIN = Path(sys.executable).parent
ARTIFACTS = Path(os.environ.get("HUB_ARTIFACTS", REPO / "artifacts" / "hub"))
CHAPTER = "01_tensors"  # the fastest chapter to validate and grade
COURSE_ID = "tf-keras-course"
INSTRUCTOR = "tkcteacher"
LEARNERS = ["tkclearner1", "tkclearner2", "tkclearner3"]
ACCOUNT_MARK = "tf-keras-course hub test account"  # the GECOS field: only these accounts are ever removed
NOTEBOOK = f"{COURSE_ID}/{CHAPTER}/{CHAPTER}.ipynb"  # the learner's fetched copy, in their home
TEST_CELL = "result = column_means(tf.constant("
LONG = 300_000  # ms: a whole-notebook validation on a loaded 2-core machine, three at once
HUB_START_TIMEOUT = 120
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
COMMAND_TIMEOUT = 600


def answer(learner: str) -> str:
    """The third learner gets the exercise wrong (row means), so the scores differ."""
    axis = 1 if learner == LEARNERS[2] else 0
    return f'def column_means(x):\n    """Mean of each column of x."""\n    # answered by {learner}\n    return tf.reduce_mean(x, axis={axis})\n'


def _proxy() -> str | None:
    return shutil.which("configurable-http-proxy") or shutil.which(
        "configurable-http-proxy", path=str(DEPLOY / "node_modules" / ".bin"))


def _missing() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates Unix accounts and the hub's spawner switches to them"
    if shutil.which("jupyterhub", path=str(VENV_BIN)) is None:
        return (f"jupyterhub is not installed next to {sys.executable} "
                "(pip install -r deploy/requirements-hub.txt; python3 course.py test does as root)")
    if _proxy() is None:
        return ("configurable-http-proxy is not installed (npm install --prefix deploy configurable-http-proxy@4.6.3; "
                "python3 course.py test does as root)")
    for tool in ("useradd", "userdel", "chpasswd", "runuser", "unshare", "nsenter"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return chromium_missing()


REASON = _missing()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(REASON is not None, reason=REASON or "")]


# -- accounts, the course, commands as a user ----------------------------------------------------------


def _sh(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)


def _account_exists(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _kill_processes_of(uids: set[int]) -> None:
    """Processes left running as the test's own accounts (kernels of a killed server), by pid."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if proc.stat().st_uid in uids:
                    os.kill(int(proc.name), signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass


def _remove_accounts(names: list[str]) -> None:
    entries = [e for e in map(_account_exists, names) if e is not None and e.pw_gecos == ACCOUNT_MARK]
    _kill_processes_of({e.pw_uid for e in entries})
    for entry in entries:
        _sh("userdel", "-r", "-f", entry.pw_name)


def _create_account(name: str) -> str:
    existing = _account_exists(name)
    if existing is not None:
        if existing.pw_gecos != ACCOUNT_MARK:
            pytest.skip(f"a Unix account {name} exists and is not this test's; not touching it")
        _remove_accounts([name])  # left over from an interrupted run
    created = _sh("useradd", "--create-home", "--shell", "/bin/bash", "--comment", ACCOUNT_MARK, name)
    assert created.returncode == 0, f"useradd {name}: {created.stderr}"
    os.chmod(pwd.getpwnam(name).pw_dir, 0o700)  # Debian's useradd leaves homes world-readable
    password = secrets.token_urlsafe(16)
    changed = _sh("chpasswd", input=f"{name}:{password}\n")
    assert changed.returncode == 0, f"chpasswd {name}: {changed.stderr}"
    return password


def _user_env(user: str, exchange: Path) -> dict[str, str]:
    return {
        "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": pwd.getpwnam(user).pw_dir,
        "USER": user,
        "LOGNAME": user,
        "LANG": "C.UTF-8",
        "COURSE_EXCHANGE": str(exchange),
        "JUPYTER_CONFIG_PATH": str(DEPLOY / "jupyter" / "all"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "PYTHONHASHSEED": "0",
    }


def _blocked_folders() -> list[tuple[Path, Path]]:
    """Folders on the way to the course's Python that other users cannot traverse, each with its
    child on the way (e.g. /root and /root/.pyenv when the venv was made from pyenv as root)."""
    blocked = []
    for target in {Path(sys.executable).resolve(), VENV_BIN.resolve(), REPO.resolve()}:
        parts = [target, *target.parents]
        for child, folder in zip(parts, parts[1:], strict=False):
            if not folder.stat().st_mode & 0o001 and (folder, child) not in blocked:
                blocked.append((folder, child))
    return blocked


class Namespace:
    """A private mount namespace where the folders on the way to the course's Python are made
    traversable (an empty tmpfs, mode 711, with only that child mounted back), for this machine's
    sake: a class installs the course's environment where every user can run it (the README).
    The hub and every command run as a user enter it with nsenter."""

    def __init__(self, logs: Path) -> None:
        self.process = None
        script = ["set -e"]
        for i, (folder, child) in enumerate(_blocked_folders()):
            keep = logs.parent / f"mnt{i}"
            keep.mkdir()
            script += [f"mount --bind '{child}' '{keep}'", f"mount -t tmpfs -o mode=0711 tmpfs '{folder}'",
                       f"mkdir -p '{child}'", f"mount --bind '{keep}' '{child}'", f"umount '{keep}'"]
        if len(script) == 1:
            return
        # The holder lives at most as long as a test run should; teardown ends it first.
        script += ["echo ready", "exec sleep 3600"]
        self.process = subprocess.Popen([shutil.which("unshare"), "--mount", "--propagation", "private", "sh", "-c",
                                         "\n".join(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        assert line.strip() == "ready", f"setting up the mount namespace failed: {self.process.stderr.read()}"

    def prefix(self) -> list[str]:
        if self.process is None:
            return []
        return [shutil.which("nsenter"), f"--target={self.process.pid}", "--mount", "--"]

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@dataclass
class Hub:
    url: str
    base: Path
    course: Path
    exchange: Path
    logs: Path
    passwords: dict[str, str]
    namespace: Namespace
    timings: dict[str, float] = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    def as_user(self, user: str, *command, timeout: int = COMMAND_TIMEOUT, cwd: str | None = None):
        """Run a command as a Unix user (runuser), in their home unless told otherwise."""
        return subprocess.run(
            # env --chdir: nsenter starts in the namespace's root folder
            [*self.namespace.prefix(), shutil.which("runuser"), "-u", user, "--", "env",
             f"--chdir={cwd or pwd.getpwnam(user).pw_dir}", *map(str, command)],
            env=_user_env(user, self.exchange), capture_output=True, text=True, errors="replace", timeout=timeout)

    def course_tool(self, user: str | None, *args: str) -> subprocess.CompletedProcess:
        """`python -m autograder ...` on the class's course directory, as ``user`` (None: root)."""
        command = [sys.executable, "-m", "autograder", *args, "--course-dir", str(self.course)]
        started = time.monotonic()
        if user is None:
            done = subprocess.run(command, env={**_user_env("root", self.exchange), "HOME": "/root"},
                                  cwd=self.course, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        else:
            done = self.as_user(user, *command, cwd=str(self.course))
        self.timings[f"autograder {args[0]}"] = time.monotonic() - started
        (self.logs / f"autograder-{args[0]}.log").write_text(done.stdout + done.stderr)
        assert done.returncode == 0, f"python -m autograder {' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-4000:]}"
        return done


def _hub_environment(base: Path, course: Path, exchange: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "JUPYTER", "JPY_", "COV_", "COVERAGE_")) and k != "PYTHONPATH"}
    env.update(
        COURSE_DIR=str(course),
        COURSE_EXCHANGE=str(exchange),
        COURSE_INSTRUCTORS=INSTRUCTOR,
        COURSE_LEARNERS=",".join(LEARNERS),
        HUB_STATE_DIR=str(base / "hub"),
        PATH=os.pathsep.join([str(VENV_BIN), str(Path(_proxy()).parent), os.environ.get("PATH", "/usr/bin:/bin")]),
    )
    return env


@pytest.fixture(scope="module")
def hub():
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="tkc-hub-class-"))
    os.chmod(base, 0o755)  # every user's server reaches the exchange inside it
    passwords: dict[str, str] = {}
    server = namespace = result = None
    try:
        for name in [INSTRUCTOR, *LEARNERS]:
            passwords[name] = _create_account(name)
        instructor = pwd.getpwnam(INSTRUCTOR)

        # The course directory, owned by the instructor and closed to everyone else.
        course, exchange, logs = base / "course", base / "exchange", base / "logs"
        (course / "autograder").mkdir(parents=True)
        ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        for name in ("solutions", "notebooks"):
            shutil.copytree(REPO / name, course / name, ignore=ignore)
        shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copy(REPO / "autograder" / "nbgrader_config.py", course / "autograder" / "nbgrader_config.py")
        # nbconvert's mathjax() macro with the server's own MathJax (autograder/nbgrader_config.py)
        shutil.copytree(DEPLOY / "templates", course / "deploy" / "templates")
        _sh("chown", "-R", f"{instructor.pw_uid}:{instructor.pw_gid}", course, check=True)
        os.chmod(course, 0o700)
        # nbgrader's exchange: a folder everyone can write (release checks for mode 777), sticky.
        exchange.mkdir()
        os.chmod(exchange, 0o1777)
        (base / "hub").mkdir(mode=0o700)
        logs.mkdir()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()

        namespace = Namespace(logs)
        result = Hub(url="", base=base, course=course, exchange=exchange, logs=logs, passwords=passwords,
                     namespace=namespace)
        result.timings["accounts and course"] = time.monotonic() - started

        port = free_port()
        result.url = f"http://127.0.0.1:{port}"
        command = [
            *namespace.prefix(), str(VENV_BIN / "jupyterhub"), "-f", str(DEPLOY / "jupyterhub_config.py"),
            f"--JupyterHub.bind_url={result.url}",
            f"--JupyterHub.hub_port={free_port()}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
        ]
        hub_log = logs / "jupyterhub.log"
        with open(hub_log, "w") as log:
            server = subprocess.Popen(command, cwd=base / "hub", env=_hub_environment(base, course, exchange),
                                      stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        def answers() -> bool:
            with urllib.request.urlopen(f"{result.url}/hub/api", timeout=5) as response:
                return response.status == 200 and "version" in json.loads(response.read())

        wait_until_answering(server, answers, name="jupyterhub", log=hub_log, timeout=HUB_START_TIMEOUT)
        result.timings["hub start"] = time.monotonic() - started - result.timings["accounts and course"]
        print(f"\n[hub] {result.url}; logs in {logs}; screenshots in {ARTIFACTS}")
        yield result
    finally:
        if result is not None:
            print("\n[hub] timings: " + ", ".join(f"{k} {v:.0f} s" for k, v in getattr(result, "timings", {}).items()))
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)  # cleanup_servers: the users' servers stop with the hub
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if namespace is not None:
            namespace.close()
        if os.environ.get("HUB_KEEP_LOGS"):
            kept = ARTIFACTS / "logs"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(base / "logs", kept, dirs_exist_ok=True) if (base / "logs").exists() else None
        _remove_accounts([INSTRUCTOR, *LEARNERS])
        shutil.rmtree(base, ignore_errors=True)
        print(f"\n[hub] removed the accounts and {base}")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# -- the browser -------------------------------------------------------------------------------------


class Requests:
    """Every request the pages of each user's browser context make, and the errors they raise."""

    def __init__(self) -> None:
        self.urls: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []

    def watch(self, context, who: str) -> None:
        context.on("request", lambda request: self.urls.append((who, request.url)))
        context.on("weberror", lambda error: self.errors.append((who, str(error.error))))

    def external(self) -> list[str]:
        """Requests to anywhere but the hub on loopback (data: and blob: URLs stay in the page)."""
        found = []
        for who, url in self.urls:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOOPBACK:
                found.append(f"{who}: {url}")
        return found


REQUESTS = Requests()


class Shots:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, page, who: str, step: str) -> None:
        self.count += 1
        path = ARTIFACTS / f"{self.count:02d}-{who}-{step}.png"
        try:
            page.screenshot(path=str(path), timeout=20_000)
        except Exception as error:  # a screenshot must never hide the real failure
            print(f"[hub] screenshot {path.name} failed: {error}")


def new_page(browser, who: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    REQUESTS.watch(context, who)
    context.set_default_timeout(120_000)
    context.set_default_navigation_timeout(180_000)
    return context.new_page()


def log_in(page, hub: Hub, user: str) -> None:
    """Submit the hub's login form; the spawn then runs in the background."""
    page.goto(f"{hub.url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(hub.passwords[user])
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(r"/(hub/spawn-pending|user)/"))


def wait_for_lab(page, user: str) -> None:
    page.wait_for_url(f"**/user/{user}/lab**", timeout=LONG)
    page.locator("#jp-main-dock-panel").wait_for(timeout=LONG)


def assert_mathjax_from_server(page, hub: Hub, user: str) -> None:
    """MathJax 2.7 came from the user's own server (jupyter-server-mathjax), not a CDN, started, and
    typeset at least one formula of the page (the chapter has maths)."""
    page.wait_for_function("() => window.MathJax && window.MathJax.isReady === true"
                           " && document.querySelector('.MathJax') !== null", timeout=60_000)
    sources = page.evaluate("() => [...document.scripts].map(s => s.src).filter(s => /MathJax\\.js/.test(s))")
    assert sources and all(src.startswith(f"{hub.url}/user/{user}/static/jupyter_server_mathjax/") for src in sources), (
        f"{user}'s page at {page.url} loads MathJax from {sources}")


def open_menu(page, menu: str, command: str) -> None:
    page.locator(f'.lm-MenuBar-itemLabel:text-is("{menu}")').click()
    page.locator(f'.lm-Menu li[data-command="{command}"]').click()


def open_assignments(page):
    open_menu(page, "Nbgrader", "nbgrader:open-assignment-list")
    released = page.locator("#released_assignments_list, #fetched_assignments_list").first
    released.wait_for()


def code_cell(page, text: str):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=text))


# -- the class ---------------------------------------------------------------------------------------


def test_a_class_on_the_hub(hub: Hub, browser) -> None:
    shot = Shots()
    t0 = last = time.monotonic()

    def lap(name: str) -> None:
        nonlocal last
        now = time.monotonic()
        hub.timings[name], last = now - last, now
    hub.course_tool(INSTRUCTOR, "release", CHAPTER)
    assert (hub.exchange / COURSE_ID / "outbound" / CHAPTER / f"{CHAPTER}.ipynb").exists()

    # Everyone logs in at once; the four servers start in parallel.
    teacher = new_page(browser, INSTRUCTOR)
    log_in(teacher, hub, INSTRUCTOR)
    pages = {}
    for learner in LEARNERS:
        pages[learner] = new_page(browser, learner)
        log_in(pages[learner], hub, learner)

    # The instructor: formgrader in its own tab (the hub's CSP leaves its iframe blank).
    wait_for_lab(teacher, INSTRUCTOR)
    teacher.goto(f"{hub.url}/user/{INSTRUCTOR}/formgrader")
    teacher.wait_for_url("**/formgrader/manage_assignments")
    teacher.locator("#main-table tr").filter(has_text=CHAPTER).first.wait_for()
    shot(teacher, INSTRUCTOR, "formgrader-own-tab")
    for learner, page in pages.items():
        wait_for_lab(page, learner)
        shot(page, learner, "logged-in")
    lap("release, logins and servers")

    for learner, page in pages.items():
        # Learners get no formgrader: the hub's configuration switches its server extension and
        # its JupyterLab plugins off for them.
        config = json.loads(page.locator("#jupyter-config-data").text_content())
        disabled = config.get("disabledExtensions", {})
        disabled = disabled if isinstance(disabled, dict) else dict.fromkeys(disabled, True)
        assert disabled.get("@jupyter/nbgrader:formgrader"), f"{learner}'s JupyterLab loads formgrader: {disabled}"
        assert page.request.get(f"{hub.url}/user/{learner}/formgrader").status == 404, (
            f"{learner}'s server serves formgrader")
        open_assignments(page)
        item = page.locator("#released_assignments_list > .list_item").filter(has_text=CHAPTER).first
        item.wait_for()
        assert COURSE_ID in item.text_content()
        item.locator(".item_status button").click()
        page.locator("#fetched_assignments_list > .list_item").filter(has_text=CHAPTER).first.wait_for()
        shot(page, learner, "fetched")

    # Each answers the first exercise in the fetched copy, saves, and presses Validate.
    for learner, page in pages.items():
        page.goto(f"{hub.url}/user/{learner}/lab/tree/{NOTEBOOK}")
        cell = code_cell(page, "def column_means(x):")
        editor = cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.insert_text(answer(learner))
        page.keyboard.press("Escape")
        with page.expect_response(lambda r: r.request.method == "PUT" and f"/api/contents/{NOTEBOOK}" in r.url,
                                  timeout=LONG) as saved:
            page.keyboard.press("ControlOrMeta+s")
        assert saved.value.ok, f"{learner}: saving failed: {saved.value.status}"
        shot(page, learner, "answered")
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) jp-button.validate-button").click()
    lap("fetch and answer")
    for learner, page in pages.items():
        dialog = page.locator(".nbgrader-ErrorDialog, .nbgrader-SuccessDialog")
        dialog.wait_for(timeout=LONG)
        shot(page, learner, "validated")
        report = dialog.text_content()
        # The kernel ran the student edition as the learner, importing autograder.checks.
        assert "ModuleNotFoundError" not in report, f"{learner}'s kernel cannot import the course's package:\n{report[:2000]}"
        assert "result = standardize_rows(" in report, f"{learner}: unexpected validation report:\n{report[-3000:]}"
        if learner == LEARNERS[2]:
            assert TEST_CELL in report, f"{learner}'s wrong answer passed validation"
        else:
            assert TEST_CELL not in report, f"{learner}'s right answer failed validation:\n{report[:3000]}"
        dialog.locator("button.jp-Dialog-button").click()
    lap("validate (three at once)")

    for learner, page in pages.items():
        open_assignments(page)
        fetched = page.locator("#fetched_assignments_list > .list_item").filter(has_text=CHAPTER).first
        fetched.locator('.item_status button:text("Submit")').click()
        page.locator("#submitted_assignments_list > .list_item").filter(has_text=CHAPTER).first.wait_for()
        shot(page, learner, "submitted")

    lap("submit")
    # The instructor collects, grades and releases feedback with the course's tool. Grading runs as
    # root, as the README says (each kernel's sandbox switches to an unprivileged user of its own);
    # the course directory is then handed back to the instructor.
    hub.course_tool(INSTRUCTOR, "collect", CHAPTER)
    hub.course_tool(None, "grade", CHAPTER)
    instructor = pwd.getpwnam(INSTRUCTOR)
    _sh("chown", "-R", f"{instructor.pw_uid}:{instructor.pw_gid}", hub.course, check=True)
    hub.course_tool(INSTRUCTOR, "feedback", CHAPTER)
    hub.state["collected"] = {
        learner: (hub.course / "submitted" / learner / CHAPTER / f"{CHAPTER}.ipynb").read_text()
        for learner in LEARNERS}

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}", course_id=COURSE_ID) as gradebook:
        scores = {learner: gradebook.find_submission(CHAPTER, learner).score for learner in LEARNERS}
        max_score = gradebook.find_assignment(CHAPTER).max_score
        graded_notebook = gradebook.find_submission_notebook(CHAPTER, CHAPTER, LEARNERS[0]).id
    print(f"[hub] scores: {scores} of {max_score}")
    assert scores[LEARNERS[2]] < scores[LEARNERS[0]], scores

    teacher.goto(f"{hub.url}/user/{INSTRUCTOR}/formgrader/manage_submissions/{CHAPTER}")
    for learner in LEARNERS:
        teacher.locator("#main-table tr").filter(has_text=learner).first.wait_for()
    shot(teacher, INSTRUCTOR, "formgrader-graded")
    # Hand grading: formgrader's page of one submission typesets the chapter's maths with MathJax
    # from the instructor's own server (jupyter-server-mathjax), not a CDN.
    teacher.goto(f"{hub.url}/user/{INSTRUCTOR}/formgrader/submissions/{graded_notebook}/?index=0")
    teacher.locator("#notebook-container").first.wait_for()
    assert_mathjax_from_server(teacher, hub, INSTRUCTOR)
    shot(teacher, INSTRUCTOR, "formgrader-hand-grading")

    lap("collect, grade, feedback")
    # Each learner fetches their feedback and sees their own score.
    for learner, page in pages.items():
        page.goto(f"{hub.url}/user/{learner}/lab")
        page.locator("#jp-main-dock-panel").wait_for()
        open_assignments(page)
        submitted = page.locator("#submitted_assignments_list > .list_item").filter(has_text=CHAPTER).first
        submitted.locator('.item_status button:text("Fetch Feedback")').click()
        page.locator("#submitted_assignments_list a:has-text('view feedback')").first.wait_for(timeout=LONG)
        shot(page, learner, "feedback-fetched")
        home = Path(pwd.getpwnam(learner).pw_dir)
        html = sorted(home.glob(f"{COURSE_ID}/{CHAPTER}/feedback/*/{CHAPTER}.html"))
        assert html, f"{learner}: no feedback in {home / COURSE_ID / CHAPTER}"
        relative = html[-1].relative_to(home).as_posix()
        page.goto(f"{hub.url}/user/{learner}/files/{relative}")
        text = page.locator("body").text_content()
        found = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", text)
        shot(page, learner, "feedback-score")
        assert found, f"{learner}'s feedback shows no score: {text[:500]}"
        assert float(found.group(1)) == pytest.approx(scores[learner]), (learner, found.group(0), scores)
        assert float(found.group(2)) == pytest.approx(max_score)
        assert f"answered by {learner}" in text or "column_means" in text
        assert_mathjax_from_server(page, hub, learner)
    lap("fetch feedback")
    hub.timings["whole class"] = time.monotonic() - t0
    # A class runs offline: no page asked anything of another host (MathJax, fonts, scripts).
    assert not REQUESTS.external(), "requests to hosts other than the hub:\n" + "\n".join(REQUESTS.external()[:20])
    assert any("/static/jupyter_server_mathjax/MathJax.js" in url for _, url in REQUESTS.urls), "no page loaded MathJax"
    mathjax_errors = [f"{who}: {error}" for who, error in REQUESTS.errors if "MathJax" in error]
    assert not mathjax_errors, "\n".join(mathjax_errors)


# -- isolation, as each Unix user ------------------------------------------------------------------------


def _denied(hub: Hub, user: str, *command) -> bool:
    done = hub.as_user(user, *command, timeout=60)
    return done.returncode != 0 and "Permission denied" in done.stderr


def test_learners_cannot_read_each_other_or_the_course(hub: Hub) -> None:
    if "collected" not in hub.state:
        pytest.skip("the class did not run to the end")
    inbound = hub.exchange / COURSE_ID / "inbound"
    feedback = hub.exchange / COURSE_ID / "feedback"
    problems = []
    for learner in LEARNERS:
        home = pwd.getpwnam(learner).pw_dir
        # What they may read: their own work, the released chapter, the course's package.
        assert hub.as_user(learner, "cat", f"{home}/{NOTEBOOK}").returncode == 0
        assert hub.as_user(learner, "cat", hub.exchange / COURSE_ID / "outbound" / CHAPTER / f"{CHAPTER}.ipynb").returncode == 0
        imported = hub.as_user(learner, sys.executable, "-c", "import autograder.checks")
        assert imported.returncode == 0, f"{learner} cannot import autograder.checks: {imported.stderr[-2000:]}"
        forbidden = [
            ("ls", inbound),  # everyone's submissions: write-only
            ("ls", feedback),  # everyone's feedback: reachable only by its hash
            ("ls", hub.course),
            ("cat", hub.course / "gradebook.db"),
            ("ls", hub.course / "solutions"),
            ("cat", hub.course / "solutions" / CHAPTER / f"{CHAPTER}.ipynb"),
        ]
        for other in LEARNERS:
            if other == learner:
                continue
            other_home = pwd.getpwnam(other).pw_dir
            forbidden += [
                ("ls", other_home),
                ("cat", f"{other_home}/{NOTEBOOK}"),
                ("ls", f"{other_home}/{COURSE_ID}/{CHAPTER}/feedback"),
                ("cat", hub.course / "submitted" / other / CHAPTER / f"{CHAPTER}.ipynb"),
                ("ls", hub.course / "feedback" / other / CHAPTER),
            ]
        for command in forbidden:
            if not _denied(hub, learner, *command):
                problems.append(f"{learner} can run: {' '.join(map(str, command))}")
    # The instructor reads the course directory and the gradebook.
    assert hub.as_user(INSTRUCTOR, "cat", hub.course / "gradebook.db").returncode == 0
    assert not problems, "\n".join(problems)


def test_a_learner_cannot_submit_as_someone_else(hub: Hub) -> None:
    """After the class, the first learner submits again in the second one's name, from a terminal
    (`nbgrader submit --student`); the instructor collects again. The second learner's collected
    submission must still be their own."""
    if "collected" not in hub.state:
        pytest.skip("the class did not run to the end")
    victim = LEARNERS[1]
    forged = hub.as_user(LEARNERS[0], VENV_BIN / "nbgrader", "submit", CHAPTER, "--course", COURSE_ID,
                         "--student", victim)
    (hub.logs / "forged-submit.log").write_text(forged.stdout + forged.stderr)
    assert forged.returncode == 0, f"the forged submission did not reach the exchange:\n{forged.stderr[-2000:]}"
    in_exchange = [p for p in (hub.exchange / COURSE_ID / "inbound").iterdir() if p.name.startswith(f"{victim}+")]
    owners = {pwd.getpwuid(p.stat().st_uid).pw_name for p in in_exchange}
    assert LEARNERS[0] in owners, f"expected a file in {victim}'s name owned by {LEARNERS[0]}: {owners}"
    collect = hub.course_tool(INSTRUCTOR, "collect", CHAPTER)
    collected = (hub.course / "submitted" / victim / CHAPTER / f"{CHAPTER}.ipynb").read_text()
    assert f"answered by {victim}" in collected, (
        f"collect took {LEARNERS[0]}'s file, submitted in {victim}'s name and owned by {LEARNERS[0]}, as "
        f"{victim}'s submission (nbgrader's check_owner only logs a warning):\n{collect.stdout[-1500:]}")
