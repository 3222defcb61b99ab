"""Load the course's nbgrader configuration for use through nbgrader's Python API."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import nbgrader.api
from traitlets.config import Config, PyFileConfigLoader

from .layout import NBGRADER_CONFIG

# nbgrader runs `alembic` as a subprocess when it opens a gradebook: it must be on PATH.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

# Every Gradebook() runs `alembic heads` in a subprocess (about 0.5 s) to learn the schema version
# of the installed nbgrader, a constant; autograding one submission opens the gradebook several times.
if not hasattr(nbgrader.api.get_alembic_version, "cache_info"):
    nbgrader.api.get_alembic_version = functools.cache(nbgrader.api.get_alembic_version)


def course_config(root: Path, db_url: str | None = None, **overrides: dict) -> Config:
    """The course configuration, rooted at ``root``.

    ``db_url`` points the gradebook elsewhere (a throwaway SQLite file, or PostgreSQL);
    ``overrides`` maps class names to trait values, e.g. ``Execute={"timeout": 60}``.
    """
    loader = PyFileConfigLoader(NBGRADER_CONFIG.name, path=str(NBGRADER_CONFIG.parent))
    config = loader.load_config()
    config.CourseDirectory.root = str(Path(root).resolve())
    if db_url:
        config.CourseDirectory.db_url = db_url
    for section, values in overrides.items():
        for key, value in values.items():
            setattr(config[section], key, value)
    return config
