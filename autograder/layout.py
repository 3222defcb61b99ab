"""Where things live in the course: chapters, editions, configuration."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS_DIR = REPO_ROOT / "solutions"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
NBGRADER_CONFIG = Path(__file__).resolve().parent / "nbgrader_config.py"

CHAPTER_NAME = re.compile(r"^\d\d_[a-z0-9_]+$")


def chapters(solutions_dir: Path = SOLUTIONS_DIR) -> list[str]:
    """Every chapter, in order: a folder ``NN_topic`` holding ``NN_topic.ipynb``."""
    return sorted(
        p.name
        for p in solutions_dir.iterdir()
        if p.is_dir() and CHAPTER_NAME.match(p.name) and (p / f"{p.name}.ipynb").exists()
    )


def solution_path(chapter: str, solutions_dir: Path = SOLUTIONS_DIR) -> Path:
    """The instructor edition: the nbgrader source of a chapter."""
    return solutions_dir / chapter / f"{chapter}.ipynb"


def student_path(chapter: str, notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    """The committed student edition of a chapter."""
    return notebooks_dir / chapter / f"{chapter}.ipynb"
