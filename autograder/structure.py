"""Read a chapter's exercises from its nbgrader cell metadata."""

from __future__ import annotations

from dataclasses import dataclass

import nbformat


@dataclass(frozen=True)
class Exercise:
    """An autograded exercise: solution cell ``name`` and test cell ``name_test``."""

    name: str
    solution_index: int
    test_index: int
    points: float


@dataclass(frozen=True)
class WrittenQuestion:
    """A markdown answer cell graded by hand."""

    name: str
    index: int
    points: float


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def exercises(nb: nbformat.NotebookNode) -> list[Exercise]:
    """Every autograded exercise, in notebook order."""
    solutions = {}
    found = []
    for index, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code":
            continue
        if meta.get("solution") and not meta.get("grade"):
            solutions[meta["grade_id"]] = index
        elif meta.get("grade"):
            grade_id = meta["grade_id"]
            name = grade_id.removesuffix("_test")
            if name not in solutions:
                raise ValueError(f"test cell {grade_id!r} has no solution cell {name!r} before it")
            found.append(Exercise(name, solutions[name], index, float(meta["points"])))
    return found


def written_questions(nb: nbformat.NotebookNode) -> list[WrittenQuestion]:
    """Every hand-graded markdown answer, in notebook order."""
    return [
        WrittenQuestion(nbgrader_meta(c)["grade_id"], i, float(nbgrader_meta(c)["points"]))
        for i, c in enumerate(nb.cells)
        if c.cell_type == "markdown" and nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("solution")
    ]


def demo_cell_indices(nb: nbformat.NotebookNode) -> list[int]:
    """Code cells that are neither an exercise's answer nor its tests."""
    return [
        i for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and not (nbgrader_meta(c).get("solution") or nbgrader_meta(c).get("grade"))
    ]
