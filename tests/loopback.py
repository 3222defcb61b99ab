"""What the tests start on loopback: free ports, servers that must answer, headless Chromium.

Shared by the browser tests (one JupyterLab), the hub test (JupyterHub and its users' servers),
the PostgreSQL tests and the test of `course.py lab`.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (the tests run as root), and nothing that reaches beyond loopback on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_missing() -> str | None:
    """Why headless Chromium cannot be driven here, or None."""
    if sync_playwright is None:
        return "the Python package playwright is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (Debian/Ubuntu: apt-get install chromium)"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the moment."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(server: subprocess.Popen, answers: Callable[[], bool], *, name: str, log: Path,
                         timeout: float) -> None:
    """Poll ``answers`` until it returns True; fail the test, with the log's tail, if ``server``
    exits first or ``timeout`` seconds pass (the server is then terminated).

    ``answers`` may raise OSError or ValueError (not listening yet, a half-written reply): that
    counts as not yet.
    """
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            pytest.fail(f"{name} exited with {server.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if answers():
                return
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            server.terminate()
            pytest.fail(f"{name} did not answer in {timeout:.0f} s:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
