"""Generate student editions from the solutions with nbgrader's own generate_assignment."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .layout import NOTEBOOKS_DIR, SOLUTIONS_DIR, chapters
from .nbconfig import Course, check_step
from .structure import nbgrader_meta


class TagUnansweredCells(NbGraderPreprocessor):
    """Tag the cells that raise until the learner answers (exercise answers and their tests).

    JupyterLab's Run All and nbclient go on past a cell with this tag, so an unanswered exercise
    shows its error and the rest of the chapter still runs. Solutions keep no such tag: in the
    instructor edition every cell must run cleanly.
    """

    tag = Unicode("raises-exception", help="The cell tag JupyterLab and nbclient treat as an expected error.").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and (meta.get("grade") or meta.get("solution")):
            tags = cell.metadata.setdefault("tags", [])
            if self.tag not in tags:
                tags.append(self.tag)
        return cell, resources


def generate(
    chapter_names: list[str] | None = None,
    solutions_dir: Path = SOLUTIONS_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[Path]:
    """Write the student edition of each chapter into ``notebooks_dir``; return the folders.

    The gradebook is a throwaway: generating editions records nothing about a class.
    """
    names = chapter_names or chapters(solutions_dir)
    written = []
    with tempfile.TemporaryDirectory(prefix="course-generate-") as tmp:
        course = Course(Path(tmp))
        shutil.copytree(solutions_dir, course.root / "solutions", ignore=_ignore_checkpoints)
        api = course.api()
        for name in names:
            check_step(api.generate_assignment(name, force=True, create=True), f"generating {name}")
            target = notebooks_dir / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(course.root / "notebooks" / name, target)
            written.append(target)
    return written


def _ignore_checkpoints(_directory: str, names: list[str]) -> list[str]:
    return [n for n in names if n in {".ipynb_checkpoints", "__pycache__"}]
