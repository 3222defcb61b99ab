"""Execute every chapter's instructor edition in a fresh kernel and print a table of times and memory.

    .venv/bin/python benchmarks/chapter_times.py [chapters...]

Prints, per chapter: wall time of the whole notebook, time of the setup cell (mostly importing
TensorFlow), and the kernel's peak resident memory (VmHWM). The goal is about a minute per chapter
(the capstone at most three) on 2 CPU cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder import layout  # noqa: E402
from autograder.execute import kernel_env  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(chapter: str) -> tuple[float, float, float]:
    path = layout.solution_path(chapter)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel(env=kernel_env()):
        start = time.perf_counter()
        setup = None
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if setup is None and cell.cell_type == "code":
                setup = time.perf_counter() - start
        total = time.perf_counter() - start
        pid = client.km.provisioner.process.pid
        memory = peak_rss_mb(pid)
    return total, setup or 0.0, memory


def main(argv: list[str]) -> int:
    chapters = argv or layout.chapters()
    print(f"{'chapter':<16} {'total s':>8} {'setup s':>8} {'peak MB':>8}")
    for chapter in chapters:
        total, setup, memory = measure(chapter)
        print(f"{chapter:<16} {total:>8.1f} {setup:>8.1f} {memory:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
