"""Generate student editions from the solutions with nbgrader's own generate_assignment."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from .layout import NOTEBOOKS_DIR, SOLUTIONS_DIR, chapters
from .nbconfig import course_config


class GenerationError(RuntimeError):
    """nbgrader refused to generate a student edition."""


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
        root = Path(tmp)
        shutil.copytree(solutions_dir, root / "solutions", ignore=_ignore_checkpoints)
        config = course_config(root, db_url=f"sqlite:///{root / 'gradebook.db'}")
        coursedir = CourseDirectory(config=config)
        api = NbGraderAPI(coursedir=coursedir, config=config)
        for name in names:
            result = api.generate_assignment(name, force=True, create=True)
            if not result["success"]:
                raise GenerationError(f"{name}: {result.get('error') or result.get('log')}")
            target = notebooks_dir / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / "notebooks" / name, target)
            written.append(target)
    return written


def _ignore_checkpoints(_directory: str, names: list[str]) -> list[str]:
    return [n for n in names if n in {".ipynb_checkpoints", "__pycache__"}]
