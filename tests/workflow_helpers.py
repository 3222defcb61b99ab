"""Helpers for the grading-workflow tests and the grading benchmark.

Synthetic students (answers pasted from the solution edition into a student edition), a tiny
numpy-only assignment that grades in seconds, a look at the gradebook's raw rows, and a throwaway
PostgreSQL server on loopback.
"""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat
from loopback import free_port

from autograder.authoring import HIDDEN_BEGIN, HIDDEN_END
from autograder.nbconfig import Course
from autograder.outcomes import OutcomeStore
from autograder.structure import nbgrader_meta

# -- notebooks ----------------------------------------------------------------------------------------


def solution_sources(solution_nb) -> dict[str, str]:
    """grade_id -> model answer of every solution cell (code and written) of the instructor edition."""
    return {nbgrader_meta(c)["grade_id"]: c.source for c in solution_nb.cells if nbgrader_meta(c).get("solution")}


def code_test_points(solution_nb) -> dict[str, float]:
    """grade_id -> points of every autograded test cell, in notebook order."""
    return {
        nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
        for c in solution_nb.cells
        if c.cell_type == "code" and nbgrader_meta(c).get("grade")
    }


def written_points(solution_nb) -> dict[str, float]:
    """grade_id -> points of every hand-graded written answer."""
    return {
        nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
        for c in solution_nb.cells
        if c.cell_type == "markdown" and nbgrader_meta(c).get("grade")
    }


def answer(student_path: Path, solution_path: Path, grade_ids: set[str] | None = None) -> None:
    """Paste the solution edition's answers into the student edition at ``student_path``.

    ``grade_ids``: only these solution cells (default: every one, code and written).
    """
    solved = nbformat.read(solution_path, as_version=4)
    model = solution_sources(solved)
    nb = nbformat.read(student_path, as_version=4)
    pasted = 0
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in model and nbgrader_meta(cell).get("solution") and (grade_ids is None or grade_id in grade_ids):
            cell.source = model[grade_id]
            pasted += 1
    expected = len(model) if grade_ids is None else len(grade_ids)
    assert pasted == expected, f"pasted {pasted} answers into {student_path.name}, expected {expected}"
    nbformat.write(nb, student_path)


def hidden_test_lines(solution_nb, min_length: int = 12) -> list[str]:
    """The non-trivial lines between BEGIN/END HIDDEN TESTS in the instructor edition."""
    lines = []
    for cell in solution_nb.cells:
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped == HIDDEN_BEGIN:
                inside = True
            elif stripped == HIDDEN_END:
                inside = False
            elif inside and len(stripped) >= min_length:
                lines.append(stripped)
    return lines


def visible_test_lines(solution_nb, min_length: int = 12) -> list[str]:
    """The non-trivial visible lines of the test cells (what feedback is expected to show)."""
    lines = []
    for cell in solution_nb.cells:
        if cell.cell_type != "code" or not nbgrader_meta(cell).get("grade"):
            continue
        for line in cell.source.split(HIDDEN_BEGIN)[0].splitlines():
            if len(line.strip()) >= min_length:
                lines.append(line.strip())
    return lines


def html_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (syntax highlighting splits code into spans)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def read_grades_csv(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(newline="") as handle:
        return {(row["student"], row["chapter"]): row for row in csv.DictReader(handle)}


# -- a tiny assignment that grades in seconds ---------------------------------------------------------

TINY = "01_tiny"
TINY_POINTS = {"double_test": 1.0, "norms_test": 2.0}


def build_tiny_chapter(solutions_dir: Path, name: str = TINY) -> Path:
    """A two-exercise, numpy-only instructor edition (no TensorFlow): ``double`` (1 pt), ``norms`` (2 pts)."""
    from autograder.authoring import Chapter

    chapter = Chapter(name, solutions_dir=solutions_dir)
    chapter.md("# A tiny assignment\nTwo exercises, numpy only.")
    chapter.code("import numpy as np\n\nfrom autograder import checks")
    chapter.nb.cells[-1].metadata["nbgrader"] = {
        "grade": False, "grade_id": "setup", "locked": True, "schema_version": 3, "solution": False,
    }
    chapter.exercise(
        "double",
        points=TINY_POINTS["double_test"],
        solution="""
            def double(x):
                ### BEGIN SOLUTION
                return 2 * np.asarray(x)
                ### END SOLUTION
        """,
        tests="checks.expect_close(double([1.0, 2.0]), [2.0, 4.0])",
        hidden_tests="checks.expect_close(double(np.arange(5.0)))",
    )
    chapter.exercise(
        "norms",
        points=TINY_POINTS["norms_test"],
        solution="""
            def norms(rows):
                ### BEGIN SOLUTION
                return np.sqrt((np.asarray(rows, dtype=float) ** 2).sum(axis=1))
                ### END SOLUTION
        """,
        tests="checks.expect_close(norms([[3.0, 4.0], [0.0, 1.0]]), [5.0, 1.0])",
        hidden_tests="checks.expect_close(norms(np.eye(3) * 2))",
    )
    return chapter.save()


# kind -> (code score, which solution cells are answered); "broken" is a truncated file.
TINY_KINDS = {
    "correct": (3.0, None),
    "partial": (1.0, {"double"}),
    "blank": (0.0, set()),
    "broken": (0.0, None),
}


def place_submission(course_root: Path, chapter: str, student: str, kind: str, *, timestamp: str | None = None) -> None:
    """Put a synthetic submission of ``kind`` into ``submitted/<student>/<chapter>/``."""
    release = course_root / "notebooks" / chapter / f"{chapter}.ipynb"
    source = course_root / "solutions" / chapter / f"{chapter}.ipynb"
    folder = course_root / "submitted" / student / chapter
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{chapter}.ipynb"
    shutil.copy(release, target)
    if kind == "broken":
        target.write_text('{"cells": [')  # a download cut off half way
    else:
        ids = TINY_KINDS[kind][1]
        if ids is None or ids:
            answer(target, source, ids)
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp)


# -- the gradebook's raw rows -------------------------------------------------------------------------


def student_rows(db_url: str, student: str) -> dict[str, list[tuple]]:
    """Every gradebook row that belongs to ``student`` (nbgrader's tables and the outcome table)."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(db_url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        t = meta.tables
        rows: dict[str, list[tuple]] = {}
        with engine.connect() as conn:

            def fetch(table, where):
                return sorted(tuple(r) for r in conn.execute(select(table).where(where)).all())

            rows["student"] = fetch(t["student"], t["student"].c.id == student)
            rows["submitted_assignment"] = fetch(t["submitted_assignment"], t["submitted_assignment"].c.student_id == student)
            assignment_ids = [r[0] for r in conn.execute(
                select(t["submitted_assignment"].c.id).where(t["submitted_assignment"].c.student_id == student))]
            rows["submitted_notebook"] = fetch(t["submitted_notebook"], t["submitted_notebook"].c.assignment_id.in_(assignment_ids))
            notebook_ids = [r[0] for r in conn.execute(
                select(t["submitted_notebook"].c.id).where(t["submitted_notebook"].c.assignment_id.in_(assignment_ids)))]
            rows["grade"] = fetch(t["grade"], t["grade"].c.notebook_id.in_(notebook_ids))
            rows["comment"] = fetch(t["comment"], t["comment"].c.notebook_id.in_(notebook_ids))
            outcome = t.get("course_grading_outcome")  # created by the first grading run
            rows["course_grading_outcome"] = [] if outcome is None else fetch(outcome, outcome.c.student == student)
        return rows
    finally:
        engine.dispose()


def add_pre_existing_student(course, chapter: str, student: str = "pre-existing") -> None:
    """A student graded (and hand-commented) before this run: rows a later run must not touch."""
    from datetime import datetime

    with course.gradebook() as gb:
        gb.update_or_create_student(student, first_name="Pre", last_name="Existing")
        submission = gb.update_or_create_submission(chapter, student, timestamp=datetime(2025, 1, 2, 3, 4, 5))
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = float(grade.max_score) / 2
                grade.manual_score = float(grade.max_score)
                grade.needs_manual_grade = False
            for comment in notebook.comments:
                comment.manual_comment = "seen by the instructor"
        gb.db.commit()


# -- a throwaway PostgreSQL server --------------------------------------------------------------------

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def postgres_problem() -> str | None:
    """Why a PostgreSQL server cannot be started here, or None."""
    for tool in ("initdb", "pg_ctl"):
        if not (PG_BIN / tool).exists():
            return f"PostgreSQL binaries not found in {PG_BIN} (apt-get install postgresql, or set PG_BIN)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root and `runuser` is missing (initdb refuses to run as root)"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed"
    return None


class PostgresServer:
    """initdb + pg_ctl start on 127.0.0.1:<free port>, data and socket in a temporary folder."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="pg-test-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.user = "postgres"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            entry = pwd.getpwnam("postgres")
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        else:
            import getpass

            self.user = getpass.getuser()

    def _run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        result = subprocess.run([*self._as_user, *args], capture_output=True, text=True, timeout=timeout,
                                cwd=self.base, env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
        if result.returncode:
            log = self.base / "server.log"
            extra = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed ({result.returncode}): {result.stderr[-2000:]}\n{extra}")
        return result

    def start(self) -> PostgresServer:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "--no-sync",
                  "-E", "UTF8")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.base / "server.log"),
                  "-w", "-t", "60", "start")
        return self

    def create_database(self, name: str) -> str:
        import psycopg2

        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        return f"postgresql+psycopg2://{self.user}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


# -- a class of the tiny assignment, graded and checked -------------------------------------------

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


def check_class(course: Course, students: dict[str, str], results, before: dict, crashed: set[str] = frozenset()) -> None:
    """Every grade arrived exactly once, with the right totals; the earlier student is untouched.

    ``crashed``: students whose grading took its worker down; they get an error and no points."""
    status = {s: "error" if s in crashed else STATUS[k] for s, k in students.items()}
    # One result per submission, none twice, none missing.
    counted = Counter(r.student for r in results)
    assert counted == Counter(list(students)), f"results per student: {dict(counted)}"
    by_student = {r.student: r for r in results}
    problems = {s: (r.status, r.detail, r.tampered) for s, r in by_student.items() if r.status != status[s]}
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
            expected_total = 0 if student in crashed else TINY_KINDS[kind][0]
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
    assert recorded == status

    assert student_rows(course.db_url, PRE) == before, "grading the class changed a student graded earlier"
