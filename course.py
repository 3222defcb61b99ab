#!/usr/bin/env python3
"""Set up the course on a fresh machine, then open it or test it.

    python3 course.py lab     # set up, then open the course in JupyterLab
    python3 course.py test    # set up, then run the whole test suite (what CI runs)

Set-up creates .venv with Python 3.11, installs the pinned requirements and the course's own
tools, and, for the tests on Debian or Ubuntu as root, the system packages they need (bubblewrap
for sandboxed grading, chromium for the browser tests, postgresql for the gradebook test, npm for
the hub test), then JupyterHub (deploy/requirements-hub.txt) and configurable-http-proxy (into
deploy/node_modules) for the test of a class on a real hub (tests/hub). Only the standard library
is used here, since nothing else is installed yet.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".course-installed"
SYSTEM_PACKAGES = {"bwrap": "bubblewrap", "chromium": "chromium", "pg_ctlcluster": "postgresql", "npm": "npm"}
HUB_REQUIREMENTS = ROOT / "deploy" / "requirements-hub.txt"
PROXY_PACKAGE = "configurable-http-proxy@4.6.3"  # runs on Node >= 10 (Debian 12 has 18); 5.x wants Node >= 20
PROXY = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
HUB_STAMP = VENV / ".course-hub-installed"
TEST_COMMAND = ["-m", "pytest", "-n", "2", "--dist", "loadscope", "--no-loadscope-reorder", "--durations", "25"]


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*command: str | Path, **kwargs) -> None:
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def find_python311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    for name in ("python3.11", "python3"):
        found = shutil.which(name)
        if found and subprocess.run([found, "-c", "import sys; assert sys.version_info[:2] == (3, 11)"]).returncode == 0:
            return found
    sys.exit("The course needs Python 3.11 (TensorFlow 2.21's pins are for it); install it and rerun.")


def install_python_packages() -> None:
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        say("creating .venv")
        run(find_python311(), "-m", "venv", VENV)
    say("installing the pinned packages (about a minute, 1.9 GB)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", ROOT / "requirements.txt")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ROOT)
    STAMP.write_text(wanted)


def lab_settings() -> None:
    """JupyterLab opens Markdown in its editor by default; the course's landing page should render."""
    folder = VENV / "share" / "jupyter" / "lab" / "settings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "overrides.json").write_text(
        '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}}}\n'
    )


def root_with_apt() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def install_system_packages() -> None:
    missing = [pkg for tool, pkg in SYSTEM_PACKAGES.items() if not shutil.which(tool) and not Path(f"/usr/bin/{tool}").exists()]
    if not missing:
        return
    if root_with_apt():
        say(f"installing system packages: {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "-q", *missing], env=env, stdout=subprocess.DEVNULL).returncode:
            run("apt-get", "update", "-q", env=env, stdout=subprocess.DEVNULL)
            run("apt-get", "install", "-y", "-q", *missing, env=env, stdout=subprocess.DEVNULL)
    else:
        say(f"not installed: {' '.join(missing)}; the tests that need them will be skipped (install with your package manager)")


def install_hub() -> None:
    """JupyterHub and configurable-http-proxy, for tests/hub (which needs root, and skips without
    them): the pins of deploy/requirements-hub.txt on top of requirements.txt's, in one resolution
    so that pip stops rather than change a course package; the proxy from npm into deploy/."""
    npm = shutil.which("npm") or ("/usr/bin/npm" if Path("/usr/bin/npm").exists() else None)
    if not root_with_apt() or npm is None:
        return
    wanted = hashlib.sha256(
        (ROOT / "requirements.txt").read_bytes() + HUB_REQUIREMENTS.read_bytes() + PROXY_PACKAGE.encode()
    ).hexdigest()
    jupyterhub = PYTHON.parent / ("jupyterhub.exe" if os.name == "nt" else "jupyterhub")
    if HUB_STAMP.exists() and HUB_STAMP.read_text() == wanted and PROXY.exists() and jupyterhub.exists():
        return
    say(f"installing JupyterHub and {PROXY_PACKAGE} for the hub test (about 20 s)")
    try:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "-r", ROOT / "requirements.txt", "-r", HUB_REQUIREMENTS)
        run(npm, "install", "--prefix", ROOT / "deploy", "--no-audit", "--no-fund", "--loglevel=error",
            PROXY_PACKAGE, stdout=subprocess.DEVNULL)
    except subprocess.CalledProcessError as error:
        say(f"installing the hub failed ({error}); the hub test will be skipped")
        return
    HUB_STAMP.write_text(wanted)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(PYTHON.parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    os.chdir(ROOT)
    install_python_packages()
    lab_settings()
    if command == "test":
        install_system_packages()
        install_hub()
        # Everything the run writes to temporary files goes into one folder, removed afterwards; it is
        # nested, as a cluster job's scratch folder often is, so the sandbox is tested under one.
        scratch = Path(tempfile.mkdtemp(prefix="course-test-"))
        try:
            (scratch / "tmp").mkdir()
            # Like /tmp: other users the tests run (PostgreSQL, sandboxed kernels) must get through.
            scratch.chmod(0o755)
            (scratch / "tmp").chmod(0o1777)
            env = {**environment(), "TMPDIR": str(scratch / "tmp")}
            return subprocess.run([str(PYTHON), *TEST_COMMAND, *extra], env=env).returncode
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    say("opening the course in JupyterLab (Ctrl+C to stop)")
    lab = [str(PYTHON), "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", "--LabApp.default_url=/lab/tree/README.md"]
    if os.geteuid() == 0:
        # Containers and cloud VMs often run as root; Jupyter refuses to start there without this.
        say("running as root (a container or VM?): starting JupyterLab with --allow-root")
        lab.append("--allow-root")
    lab += extra
    return subprocess.run(lab, env=environment()).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
