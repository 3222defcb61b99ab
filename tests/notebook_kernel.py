"""A live kernel for one notebook, for tests that run a chapter once and then probe it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from autograder.execute import kernel_env
from autograder.kernel_template import ForkedKernelManager


class NotebookKernel:
    """Executes a notebook's cells, then arbitrary code, in one kernel started in its folder."""

    def __init__(self, client: NotebookClient) -> None:
        self._client = client

    def run(self, source: str) -> list[dict]:
        """Run ``source`` as a new cell; return its error outputs (empty when it ran cleanly)."""
        return [o for o in self.outputs(source) if o.output_type == "error"]

    def outputs(self, source: str) -> list[dict]:
        """Run ``source`` as a new cell; return all its outputs."""
        cell = new_code_cell(source)
        cells = self._client.nb.cells
        cells.append(cell)  # nbclient writes the executed cell back at its index
        try:
            self._client.execute_cell(cell, len(cells) - 1)
        finally:
            cells.pop()
        return cell.outputs

    def run_cell(self, cell, index: int) -> list[dict]:
        self._client.execute_cell(cell, index)
        return [o for o in cell.outputs if o.output_type == "error"]


@contextmanager
def notebook_kernel(path: Path, timeout: int = 300) -> Iterator[tuple[NotebookKernel, nbformat.NotebookNode]]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, kernel_manager_class=ForkedKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
    )
    with client.setup_kernel(env=kernel_env()):
        yield NotebookKernel(client), nb


def error_summary(errors: list[dict]) -> str:
    return "; ".join(f"{e.get('ename')}: {e.get('evalue')}" for e in errors) or "no error"
