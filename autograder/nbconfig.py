"""Load the course's nbgrader configuration for use through nbgrader's Python API."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import nbgrader.api
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.dbutil import _temp_alembic_ini
from traitlets.config import Config, PyFileConfigLoader

from .layout import NBGRADER_CONFIG

# nbgrader runs `alembic` as a subprocess to upgrade an older gradebook: it must be on PATH.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


@functools.cache
def alembic_head() -> str:
    """The gradebook schema version of the installed nbgrader, read in-process.

    nbgrader learns it by running `alembic heads` in a subprocess (0.5 to 2.5 s) each time it
    creates a gradebook; grading creates several. The answer is a constant of the installation.
    """
    with _temp_alembic_ini("sqlite://") as alembic_ini:
        return ScriptDirectory.from_config(AlembicConfig(alembic_ini)).get_current_head()


nbgrader.api.get_alembic_version = alembic_head


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


class StepFailed(RuntimeError):
    """nbgrader refused a step; the message says why."""


def check_step(result: dict, step: str) -> str:
    """Raise ``StepFailed`` unless an ``NbGraderAPI`` call succeeded; return its log."""
    if not result or not result.get("success"):
        log = (result or {}).get("error") or (result or {}).get("log") or "no details"
        raise StepFailed(f"{step} failed: {last_error_line(log)}")
    return result.get("log", "")


def last_error_line(log: str) -> str:
    """The line of an nbgrader log or traceback that says what went wrong."""
    lines = [ln.strip() for ln in log.splitlines() if ln.strip() and not ln.strip().startswith(("File ", "^", "~"))]
    errors = [ln for ln in lines if "Error" in ln or "Exception" in ln]
    return (errors[-1] if errors else (lines[-1] if lines else "nbgrader failed"))[:300]


@dataclass
class Course:
    """An nbgrader course directory, its gradebook and exchange, configured as the course's."""

    root: Path
    db_url: str | None = None  # default: gradebook.db in the course directory
    exchange: Path | None = None  # default: the configuration's c.Exchange.root

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.db_url = self.db_url or f"sqlite:///{self.root / 'gradebook.db'}"

    def config(self, **overrides) -> Config:
        config = course_config(self.root, db_url=self.db_url, **overrides)
        if self.exchange:
            config.Exchange.root = str(self.exchange)
        return config

    @functools.cached_property
    def course_id(self) -> str:
        return self.config().CourseDirectory.course_id

    @property
    def exchange_root(self) -> Path:
        return Path(self.config().Exchange.root)

    def api(self, **overrides) -> NbGraderAPI:
        config = self.config(**overrides)
        return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    def gradebook(self) -> Gradebook:
        return Gradebook(self.db_url, course_id=self.course_id)

    def source_folder(self, chapter: str) -> Path:
        return self.root / "solutions" / chapter

    def submissions(self, chapter: str) -> list[str]:
        base = self.root / "submitted"
        if not base.is_dir():
            return []
        return sorted(p.name for p in base.iterdir() if (p / chapter).is_dir())
