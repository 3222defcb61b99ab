"""``python3 course.py lab`` opens the course, also as root (a container or a cloud VM)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest
from loopback import free_port

from autograder import layout


def test_lab_opens_the_course() -> None:
    port, token = free_port(), "course-command-test"
    command = [sys.executable, str(layout.REPO_ROOT / "course.py"), "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}"]
    lab = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/README.md?token={token}&content=0", timeout=5) as r:
                    status = json.load(r)
                    break
            except OSError:
                time.sleep(0.5)
        if status is None:
            lab.terminate()
            pytest.fail(f"JupyterLab did not open the course (euid {os.geteuid()}): {lab.communicate(timeout=30)[0][-2000:]}")
        assert status["name"] == "README.md", "JupyterLab serves the course folder"
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, 15)
            lab.wait(timeout=30)
