"""Scaffolding for writing a chapter: build the instructor edition with the course's cell conventions.

The notebook this writes is the source of truth; a scaffold script is a way to start one, not a
second copy to keep. See CONTRIBUTING.md for the conventions these helpers encode.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .layout import SOLUTIONS_DIR

SETUP_SOURCE = '''\
# Course setup: this same cell opens every chapter (see CONTRIBUTING.md).
import os

# Before TensorFlow loads: its C++ start-up notices would land on stderr.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from autograder import checks

keras.utils.set_random_seed(42)
tf.config.experimental.enable_op_determinism()
np.set_printoptions(precision=4, suppress=True)
plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80})'''

SOLUTION_BEGIN = "### BEGIN SOLUTION"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


class Chapter:
    """An instructor edition under construction, written cell by cell."""

    def __init__(self, name: str, solutions_dir: Path = SOLUTIONS_DIR) -> None:
        self.name = name
        self.path = solutions_dir / name / f"{name}.ipynb"
        self.nb = new_notebook(
            metadata={
                "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            }
        )
        self._ids: set[str] = set()

    def _add(self, cell) -> None:
        cell.id = f"c{len(self.nb.cells):03d}"
        self.nb.cells.append(cell)

    def _grade_id(self, grade_id: str) -> str:
        if grade_id in self._ids:
            raise ValueError(f"duplicate grade_id {grade_id!r}")
        self._ids.add(grade_id)
        return grade_id

    def md(self, text: str) -> None:
        """Explanatory markdown."""
        self._add(new_markdown_cell(_clean(text)))

    def code(self, source: str, *, tags: tuple[str, ...] = ()) -> None:
        """A demo cell: runs without any exercise answered."""
        cell = new_code_cell(_clean(source))
        if tags:
            cell.metadata["tags"] = list(tags)
        self._add(cell)

    def setup(self, source: str = SETUP_SOURCE) -> None:
        """The course's setup cell, identical in every chapter, locked (``source``: for test fixtures only)."""
        self._add(new_code_cell(source, metadata=_meta(self._grade_id("setup"), grade=False, solution=False, locked=True)))

    def exercise(self, name: str, *, points: float, solution: str, tests: str, hidden_tests: str) -> None:
        """A solution cell ``name`` and its test cell ``name_test`` (visible, then hidden tests)."""
        solution = _clean(solution)
        if SOLUTION_BEGIN not in solution:
            raise ValueError(f"{name}: the solution needs {SOLUTION_BEGIN} / ### END SOLUTION")
        self._add(new_code_cell(solution, metadata=_meta(self._grade_id(name), grade=False, solution=True, locked=False)))
        source = f"{_clean(tests)}\n\n{HIDDEN_BEGIN}\n{_clean(hidden_tests)}\n{HIDDEN_END}"
        self._add(
            new_code_cell(
                source, metadata=_meta(self._grade_id(f"{name}_test"), grade=True, solution=False, locked=True, points=points)
            )
        )

    def written(self, name: str, *, points: float, answer: str) -> None:
        """A markdown answer cell graded by hand; ``answer`` is the model answer."""
        self._add(new_markdown_cell(_clean(answer), metadata=_meta(self._grade_id(name), grade=True, solution=True, locked=False, points=points)))

    def save(self) -> Path:
        """Write the instructor edition (without outputs: run ``python -m autograder execute`` next)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.validate(self.nb)
        nbformat.write(self.nb, self.path)
        return self.path
