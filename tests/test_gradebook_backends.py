"""Parallel grading into the course gradebook, on SQLite and on a real PostgreSQL server.

Workers grade in private copies with their own SQLite gradebooks; the main process alone writes
the course gradebook. These tests grade a class of a tiny numpy-only assignment (seconds per
submission) with several workers and check that every grade arrived exactly once, with the right
totals, without corrupting the database or touching a student graded earlier.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from workflow_helpers import (
    TINY,
    TINY_KINDS,
    TINY_POINTS,
    PostgresServer,
    add_pre_existing_student,
    build_tiny_chapter,
    place_submission,
    postgres_problem,
    student_rows,
)

from autograder.grading import Course, grade_chapter
from autograder.outcomes import OutcomeStore

PRE = "pre-existing"
STATUS = {"correct": "graded", "partial": "graded", "blank": "graded", "broken": "unreadable notebook"}


def make_class(root: Path, db_url: str | None, kinds: list[str]) -> tuple[Course, dict[str, str]]:
    """A course of the tiny assignment with one submission per entry of ``kinds``, and a student graded before."""
    build_tiny_chapter(root / "solutions")
    course = Course(root, db_url=db_url)
    generated = course.api().generate_assignment(TINY, force=True, create=True)
    assert generated["success"], generated.get("log")
    students = {}
    for i, kind in enumerate(kinds):
        student = f"s{i:02d}-{kind}"
        place_submission(root, TINY, student, kind, timestamp=f"2026-03-01 10:{i:02d}:00")
        students[student] = kind
    add_pre_existing_student(course, TINY, PRE)
    return course, students


def check_class(course: Course, students: dict[str, str], results, before: dict) -> None:
    """Every grade arrived exactly once, with the right totals; the earlier student is untouched."""
    # One result per submission, none twice, none missing.
    counted = Counter(r.student for r in results)
    assert counted == Counter(list(students)), f"results per student: {dict(counted)}"
    by_student = {r.student: r for r in results}
    problems = {s: (r.status, r.detail, r.tampered) for s, r in by_student.items() if r.status != STATUS[students[s]]}
    assert not problems, f"unexpected outcomes: {problems}"

    max_score = sum(TINY_POINTS.values())
    with course.gradebook() as gb:
        assignment = gb.find_assignment(TINY)
        assert float(assignment.max_score) == max_score
        # Exactly one submission row per student (plus the earlier student's), nobody else.
        submitted = sorted(s.student.id for s in assignment.submissions)
        assert submitted == sorted([*students, PRE])
        for student, kind in students.items():
            submission = gb.find_submission(TINY, student)
            grades = {g.name: g for nb in submission.notebooks for g in nb.grades}
            assert sorted(grades) == sorted(TINY_POINTS), f"{student}: grade rows {sorted(grades)}"
            expected_total = TINY_KINDS[kind][0]
            assert float(submission.score) == expected_total, f"{student} ({kind}): {submission.score} != {expected_total}"
            assert by_student[student].score == expected_total
            assert submission.needs_manual_grade is False
            assert submission.timestamp is not None and submission.timestamp.year == 2026
        # Nothing outside [0, points] and no duplicate grade rows anywhere.
        for submission in assignment.submissions:
            names = [g.name for nb in submission.notebooks for g in nb.grades]
            assert len(names) == len(set(names)), f"{submission.student.id}: duplicate grade rows {names}"

    store = OutcomeStore(course.db_url)
    try:
        outcomes = store.all()
    finally:
        store.close()
    recorded = {student: row["status"] for (chapter, student), row in outcomes.items() if chapter == TINY}
    assert recorded == {s: STATUS[k] for s, k in students.items()}

    assert student_rows(course.db_url, PRE) == before, "grading the class changed a student graded earlier"


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
