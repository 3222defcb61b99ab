"""Run a chapter's instructor edition top to bottom and store its outputs, as nbval will compare them."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .kernel_template import ForkedKernelManager
from .layout import solution_path

KERNEL_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONHASHSEED": "0",
}


def kernel_env() -> dict[str, str]:
    """The environment every course kernel runs with (authoring, tests and grading alike)."""
    return {**os.environ, **KERNEL_ENV}


def execute_in_place(path: Path, timeout: int = 300) -> float:
    """Execute ``path`` in a fresh kernel in its own folder and save it with outputs; return seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,  # timestamps in cell metadata would make every run a diff
        kernel_manager_class=ForkedKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    # Whatever the chapter writes to temporary files (checkpoints, logs) goes into one folder, removed after.
    with tempfile.TemporaryDirectory(prefix="chapter-run-") as scratch:
        client.execute(env={**kernel_env(), "TMPDIR": scratch})
    elapsed = time.perf_counter() - start
    nbformat.write(nb, path)
    return elapsed


def execute_chapter(chapter: str) -> float:
    """Execute one chapter's instructor edition in place."""
    return execute_in_place(solution_path(chapter))
