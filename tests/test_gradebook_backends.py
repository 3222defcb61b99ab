"""Parallel grading into the course gradebook, on SQLite and on a real PostgreSQL server.

Workers grade in private copies with their own SQLite gradebooks; the main process alone writes
the course gradebook. These tests grade a class of a tiny numpy-only assignment (seconds per
submission) with several workers and check that every grade arrived exactly once, with the right
totals, without corrupting the database or touching a student graded earlier.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from workflow_helpers import PRE, TINY, PostgresServer, check_class, make_class, postgres_problem, student_rows

from autograder.grading import grade_chapter


def test_sqlite_many_workers(tmp_path: Path) -> None:
    kinds = ["correct", "blank", "partial", "broken"] * 3  # 12 submissions
    course, students = make_class(tmp_path / "course", None, kinds)
    before = student_rows(course.db_url, PRE)
    assert before["grade"], "the earlier student has no grade rows to protect"

    results = grade_chapter(course, TINY, workers=4, warn=lambda message: None)

    check_class(course, students, results, before)
    db = Path(course.db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # The grade table holds exactly one row per (submission, grade cell).
        duplicates = conn.execute(
            "SELECT notebook_id, cell_id, COUNT(*) FROM grade GROUP BY notebook_id, cell_id HAVING COUNT(*) > 1"
        ).fetchall()
        assert duplicates == []
        per_student = dict(conn.execute("SELECT student_id, COUNT(*) FROM submitted_assignment GROUP BY student_id"))
    assert per_student == {s: 1 for s in [*students, PRE]}
    # Graded notebooks landed in autograded/ for every readable submission, and only those.
    autograded = sorted(p.name for p in (course.root / "autograded").iterdir())
    assert autograded == sorted(s for s, k in students.items() if k != "broken")


@pytest.fixture(scope="module")
def postgres_server():
    problem = postgres_problem()
    if problem:
        pytest.skip(f"no PostgreSQL server for this test: {problem}")
    server = PostgresServer()
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.mark.postgres
def test_postgresql_parallel(tmp_path: Path, postgres_server: PostgresServer) -> None:
    db_url = postgres_server.create_database("gradebook")
    kinds = ["correct", "blank", "partial", "broken", "correct"]
    course, students = make_class(tmp_path / "course", db_url, kinds)
    assert not (course.root / "gradebook.db").exists()
    before = student_rows(db_url, PRE)
    assert before["grade"]

    results = grade_chapter(course, TINY, workers=3, warn=lambda message: None)

    check_class(course, students, results, before)
    assert not (course.root / "gradebook.db").exists(), "grading wrote a SQLite gradebook beside PostgreSQL"
