"""The committed student editions are exactly what ``python -m autograder generate`` produces."""

from __future__ import annotations

import filecmp
from pathlib import Path

import nbformat

from autograder import layout, structure
from autograder.student_editions import generate


def test_student_editions_are_in_sync(tmp_path: Path) -> None:
    generate(solutions_dir=layout.SOLUTIONS_DIR, notebooks_dir=tmp_path)
    committed = sorted(p.name for p in layout.NOTEBOOKS_DIR.iterdir() if p.is_dir())
    assert committed == layout.chapters(), "notebooks/ and solutions/ hold different chapters"
    stale = []
    for chapter in layout.chapters():
        comparison = filecmp.dircmp(tmp_path / chapter, layout.NOTEBOOKS_DIR / chapter, ignore=[".ipynb_checkpoints"])
        stale += [f"{chapter}/{n}" for n in comparison.diff_files + comparison.left_only + comparison.right_only]
        for name in comparison.common_files:
            if (tmp_path / chapter / name).read_bytes() != (layout.NOTEBOOKS_DIR / chapter / name).read_bytes():
                stale.append(f"{chapter}/{name}")
    assert not stale, f"stale student editions {sorted(set(stale))}: run `python -m autograder generate`"


def test_run_all_goes_past_unanswered_exercises() -> None:
    """JupyterLab's Run All and nbclient go on past a cell tagged ``raises-exception``; the demo cells
    of an untouched student edition run cleanly (tests/test_autograde.py), so Run All reaches the end."""
    untagged, tagged_solutions = [], []
    for chapter in layout.chapters():
        student = nbformat.read(layout.NOTEBOOKS_DIR / chapter / f"{chapter}.ipynb", as_version=4)
        for index, cell in enumerate(student.cells):
            meta = structure.nbgrader_meta(cell)
            raises = cell.cell_type == "code" and (meta.get("grade") or meta.get("solution"))
            if raises and "raises-exception" not in cell.metadata.get("tags", []):
                untagged.append(f"{chapter} cell {index}")
        solution = nbformat.read(layout.solution_path(chapter), as_version=4)
        tagged_solutions += [f"{chapter} cell {i}" for i, c in enumerate(solution.cells)
                             if "raises-exception" in c.metadata.get("tags", [])]
    assert not untagged, f"exercise cells that stop Run All in the student edition: {untagged}"
    assert not tagged_solutions, f"in the instructor edition every cell must run cleanly: {tagged_solutions}"
