"""Input checks the instructor tool makes before it touches anything.

Each check raises ``CourseError`` with one line that says what is wrong and what to do; the CLI
prints it and exits 2, having changed nothing.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from .nbconfig import Course, alembic_head

# nbgrader's own pattern for ids (student, assignment), minus the names that mean "this folder" or
# "the parent folder" on disk.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
SQLITE_HEADER = b"SQLite format 3\x00"


class CourseError(RuntimeError):
    """Bad input to a verb: reported in one line, nothing changed."""


def require_id(kind: str, value: str) -> str:
    if not ID_PATTERN.match(value or "") or set(value) <= {"."}:
        raise CourseError(f"invalid {kind} id {value!r}: use letters, digits, '_', '-' and '.', starting with a "
                          "letter or digit")
    return value


def require_chapter(course: Course, chapter: str) -> str:
    """``chapter`` has an instructor edition in the course's source folder."""
    require_id("chapter", chapter)
    if not (course.source_folder(chapter) / f"{chapter}.ipynb").is_file():
        base = course.root / "solutions"
        known = sorted(p.name for p in base.iterdir() if (p / f"{p.name}.ipynb").is_file()) if base.is_dir() else []
        raise CourseError(f"unknown chapter {chapter!r}; chapters are: {', '.join(known) or 'none'}")
    return chapter


def require_gradebook(course: Course) -> None:
    """The gradebook opens and has the schema this nbgrader writes (a missing SQLite file is fine)."""
    if not course.db_url.startswith("sqlite:///"):
        return _require_server_gradebook(course)
    path = Path(course.db_url.removeprefix("sqlite:///"))
    if not path.exists():
        return
    if not path.is_file():
        raise CourseError(f"the gradebook {path} is not a file; move it away or restore it from a backup")
    with path.open("rb") as stream:
        header = stream.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise CourseError(f"the gradebook {path} is not an SQLite database (damaged?); restore it from a backup")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = (connection.execute("SELECT version_num FROM alembic_version").fetchone() or [None])[0] \
                if "alembic_version" in tables else None
    except sqlite3.DatabaseError as error:
        raise CourseError(f"the gradebook {path} cannot be read ({error}); restore it from a backup") from None
    _check_schema(str(path), tables, version)


def _require_server_gradebook(course: Course) -> None:
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(course.db_url)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
                if "alembic_version" in tables else None
    except SQLAlchemyError as error:
        raise CourseError(f"the gradebook at {course.db_url} cannot be opened: {error.__class__.__name__}") from None
    _check_schema(course.db_url, tables, version)


def _check_schema(where: str, tables: set[str], version: str | None) -> None:
    if not tables:
        return  # a new, empty gradebook: nbgrader creates its tables
    missing = {"grade", "assignment", "student", "submitted_assignment"} - tables
    if missing:
        raise CourseError(f"the gradebook {where} lacks the table(s) {', '.join(sorted(missing))} (damaged?); "
                          "restore it from a backup")
    if version != alembic_head():
        raise CourseError(f"the gradebook {where} has schema version {version}, this nbgrader writes "
                          f"{alembic_head()}: use the nbgrader version that made it, or upgrade it with "
                          "`nbgrader db upgrade`")


def require_submissions(course: Course, chapter: str, students: list[str]) -> list[str]:
    """Every named student has a collected submission of ``chapter``."""
    missing = [s for s in students if not (course.root / "submitted" / require_id("student", s) / chapter).is_dir()]
    if missing:
        raise CourseError(f"no collected submission of {chapter} for: {', '.join(missing)} (run collect first)")
    return students


def course_problems(course: Course) -> list[str]:
    """Everything wrong with a course directory and its gradebook, found without changing anything."""
    from .intake import UnreadableNotebook, read_submission

    problems: list[str] = []
    try:
        require_gradebook(course)
    except CourseError as error:
        problems.append(str(error))
    source = course.root / "solutions"
    if not source.is_dir():
        problems.append(f"no source folder {source}")
    else:
        for folder in sorted(p for p in source.iterdir() if p.is_dir()):
            if not (folder / f"{folder.name}.ipynb").is_file():
                problems.append(f"solutions/{folder.name}: no {folder.name}.ipynb inside")
    submitted = course.root / "submitted"
    for student in sorted(submitted.iterdir()) if submitted.is_dir() else []:
        try:
            require_id("student", student.name)
        except CourseError as error:
            problems.append(f"submitted/{student.name}: {error}")
            continue
        for chapter in sorted(p for p in student.iterdir() if p.is_dir()):
            if not (source / chapter.name / f"{chapter.name}.ipynb").is_file():
                problems.append(f"submitted/{student.name}/{chapter.name}: no such chapter in solutions/")
                continue
            for notebook in sorted(chapter.glob("*.ipynb")):
                try:
                    read_submission(notebook)
                except UnreadableNotebook as why:
                    problems.append(f"submitted/{student.name}/{chapter.name}/{notebook.name}: {why}")
    return problems
