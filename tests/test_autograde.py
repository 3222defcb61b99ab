"""nbgrader autograde on a throwaway course: the instructor edition scores full marks, the
untouched student edition scores 0, and the student edition's only errors are in exercise cells."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from chapter_params import per_chapter
from nbgrader.api import Gradebook

from autograder import layout, structure
from autograder.nbconfig import Course


def autograde(chapter: str, root: Path) -> tuple[Gradebook, Path]:
    course = Course(root)
    shutil.copytree(layout.SOLUTIONS_DIR / chapter, course.source_folder(chapter))
    api = course.api()
    result = api.generate_assignment(chapter)
    assert result["success"], result.get("error")
    for student, source in {
        "instructor": layout.solution_path(chapter),
        "untouched": layout.student_path(chapter),
    }.items():
        target = root / "submitted" / student / chapter
        target.mkdir(parents=True)
        shutil.copy(source, target / f"{chapter}.ipynb")
        result = api.autograde(chapter, student, force=True, create=True)
        assert result["success"], f"{student}: {result.get('error') or result.get('log')}"
    return course.gradebook(), root / "autograded"


class _Autograde:
    def test_full_marks_and_zero(self, chapter: str, tmp_path: Path) -> None:
        check_autograde(chapter, tmp_path)


def check_autograde(chapter: str, tmp_path: Path) -> None:
    gradebook, autograded = autograde(chapter, tmp_path)
    try:
        full = gradebook.find_submission_notebook(chapter, chapter, "instructor")
        blank = gradebook.find_submission_notebook(chapter, chapter, "untouched")
        assert full.max_code_score > 0
        failed = [g.name for g in full.grades if g.cell.cell_type == "code" and g.score != g.max_score]
        assert not failed, f"the instructor edition lost points in {failed}"
        assert full.code_score == full.max_code_score
        scored = [g.name for g in blank.grades if g.cell.cell_type == "code" and g.score]
        assert not scored, f"the untouched student edition scored in {scored}"
        assert blank.code_score == 0
    finally:
        gradebook.close()

    nb = nbformat.read(autograded / "untouched" / chapter / f"{chapter}.ipynb", as_version=4)
    demo = set(structure.demo_cell_indices(nb))
    broken = [
        (i, o.get("ename"), o.get("evalue"))
        for i in sorted(demo)
        for o in nb.cells[i].get("outputs", [])
        if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
    ]
    assert not broken, f"demo cells of the student edition failed or wrote to stderr: {broken}"


per_chapter(_Autograde, globals())
