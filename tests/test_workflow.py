"""The whole grading workflow for a real class, end to end, on a throwaway course.

One class of chapter 01_tensors, set up and graded once per module (grading is the slow part):

* through the exchange: release -> fetch -> submit as ``ada`` (every answer of the solution
  edition pasted into her fetched student edition) and ``ben`` (three exercises and one written
  answer) -> due date passes -> ``cal`` resubmits late -> collect;
* through an LMS download: ``zed`` uploaded an on-time partial file and a later correct one,
  ``yan`` only a late file -> zip_collect;
* one grading run with two workers -> hand-grading of ada's written answers through nbgrader's
  Gradebook API -> feedback -> export, checked number by number.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest
from workflow_helpers import (
    HIDDEN_BEGIN,
    TINY,
    answer,
    build_tiny_chapter,
    code_test_points,
    hidden_test_lines,
    html_text,
    read_grades_csv,
    visible_test_lines,
    written_points,
)

from autograder import layout
from autograder.export import export
from autograder.grading import Course, GradeResult, grade_chapter
from autograder.workflow import collect, feedback, fetch_as, release, submit_as, zip_collect

CHAPTER = "01_tensors"
SOURCE = layout.solution_path(CHAPTER)
SOLVED = nbformat.read(SOURCE, as_version=4)
CODE_POINTS = code_test_points(SOLVED)  # test grade_id -> points, in notebook order
WRITTEN_POINTS = written_points(SOLVED)
MAX_SCORE = sum(CODE_POINTS.values()) + sum(WRITTEN_POINTS.values())
# The partial submission answers the first three exercises and the last written question.
PARTIAL_TESTS = list(CODE_POINTS)[:3]
PARTIAL_WRITTEN = list(WRITTEN_POINTS)[-1]
PARTIAL_IDS = {t.removesuffix("_test") for t in PARTIAL_TESTS} | {PARTIAL_WRITTEN}
# ada's hand grades: full marks on the first written answer, half on the second.
ADA_MANUAL = {name: points * (1.0 if i == 0 else 0.5) for i, (name, points) in enumerate(WRITTEN_POINTS.items())}
LATE = timedelta(hours=1)


def lms_name(student: str, when: datetime) -> str:
    return f"{student}_{when:%Y%m%dT%H%M%S}_{CHAPTER}.ipynb"


def cell_sources(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells]


@dataclass
class GradedClass:
    root: Path
    course: Course
    due: datetime
    released: Path
    fetched: dict[str, Path]
    collected: list[str]
    cal_on_time: list[str]  # cell sources of cal's on-time submission
    zed_on_time: list[str]
    lms_zip: Path
    zip_students: list[str] | None
    zip_error: str | None
    results: dict[str, GradeResult] = field(default_factory=dict)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory) -> GradedClass:
    root = tmp_path_factory.mktemp("class")
    exchange = root / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course = Course(root / "course", exchange=exchange)
    shutil.copytree(layout.SOLUTIONS_DIR / CHAPTER, course.root / "solutions" / CHAPTER)

    released = release(course, CHAPTER)

    fetched = {}
    for student in ("ada", "ben", "cal"):
        fetched[student] = fetch_as(course, CHAPTER, student, root / "students" / student)
    notebook = {s: folder / f"{CHAPTER}.ipynb" for s, folder in fetched.items()}
    answer(notebook["ada"], SOURCE)
    answer(notebook["ben"], SOURCE, PARTIAL_IDS)
    answer(notebook["cal"], SOURCE, {PARTIAL_TESTS[0].removesuffix("_test")})
    cal_on_time = cell_sources(notebook["cal"])
    partial_copy = root / "partial.ipynb"
    shutil.copy(notebook["ben"], partial_copy)
    for student in ("ada", "ben", "cal"):
        submit_as(course, CHAPTER, student, root / "students" / student)

    # The due date passes (exchange timestamps have one-second resolution), then cal resubmits.
    time.sleep(1.1)
    due = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with course.gradebook() as gb:
        gb.update_or_create_assignment(CHAPTER, duedate=due)
    time.sleep(1.1)
    answer(notebook["cal"], SOURCE)
    submit_as(course, CHAPTER, "cal", root / "students" / "cal")

    collected = collect(course, CHAPTER, check_owner=False)

    # The LMS download: zed's on-time partial file and later correct one, yan's late file only.
    correct_copy = root / "correct.ipynb"
    shutil.copy(notebook["cal"], correct_copy)  # cal's late resubmission has every answer
    lms_zip = root / "lms-download.zip"
    with zipfile.ZipFile(lms_zip, "w") as archive:
        archive.write(partial_copy, lms_name("zed", due - LATE))
        archive.write(correct_copy, lms_name("zed", due + LATE))
        archive.write(correct_copy, lms_name("yan", due + LATE))
    zip_students, zip_error = None, None
    try:
        zip_students = zip_collect(course, CHAPTER, lms_zip, due=due)
    except Exception as error:  # reported by the zip_collect tests; the rest of the class is still graded
        zip_error = f"{error.__class__.__name__}: {error}"

    graded = GradedClass(root, course, due, released, fetched, collected, cal_on_time, cell_sources(partial_copy),
                         lms_zip, zip_students, zip_error)
    # One grading run for everyone collected (cal's collection is checked on disk, not graded).
    students = [s for s in course.submissions(CHAPTER) if s != "cal"]
    for result in grade_chapter(course, CHAPTER, students=students, workers=2, warn=lambda message: None):
        graded.results[result.student] = result
    return graded


@pytest.fixture(scope="module")
def hand_graded(graded_class: GradedClass) -> GradedClass:
    """The instructor grades ada's written answers, as formgrader does, through nbgrader's Gradebook API."""
    with graded_class.course.gradebook() as gb:
        for name, score in ADA_MANUAL.items():
            grade = gb.find_grade(name, CHAPTER, CHAPTER, "ada")
            assert grade.needs_manual_grade, f"ada's written answer {name} was not waiting for a hand grade"
            grade.manual_score = score
            grade.needs_manual_grade = False
        gb.db.commit()
    return graded_class


@pytest.fixture(scope="module")
def grades_csv(hand_graded: GradedClass) -> dict[tuple[str, str], dict[str, str]]:
    csv_path, report = export(hand_graded.course, hand_graded.root / "export")
    assert report.exists() and "<img" in report.read_text()
    return read_grades_csv(csv_path)


@pytest.fixture(scope="module")
def feedback_pages(hand_graded: GradedClass) -> tuple[list[Path], str | None]:
    """The feedback pages on disk, and how the feedback step failed (None: it did not)."""
    try:
        feedback(hand_graded.course, CHAPTER)
        error = None
    except Exception as problem:  # the pages generated before the failure are still checked
        error = f"{problem.__class__.__name__}: {problem}"
    return sorted((hand_graded.course.root / "feedback").glob(f"*/{CHAPTER}/*.html")), error


# -- release, fetch, submit, collect ------------------------------------------------------------------


def test_release_publishes_the_student_edition(graded_class: GradedClass) -> None:
    released = graded_class.released / f"{CHAPTER}.ipynb"
    assert released.exists()
    text = released.read_text()
    assert "### BEGIN SOLUTION" not in text and HIDDEN_BEGIN not in text
    visible = visible_test_lines(SOLVED)
    edition = "\n".join(cell_sources(released))
    leaked = [line for line in hidden_test_lines(SOLVED) if line not in visible and line in edition]
    assert not leaked, f"hidden test lines in the released edition: {leaked[:3]}"
    # Every learner fetched into <workspace>/<course id>/<chapter>.
    for student, folder in graded_class.fetched.items():
        assert folder == graded_class.root / "students" / student / graded_class.course.course_id / CHAPTER
        assert (folder / f"{CHAPTER}.ipynb").exists()


def test_exchange_collect_gets_every_student(graded_class: GradedClass) -> None:
    assert {"ada", "ben", "cal"} <= set(graded_class.collected)
    submitted = graded_class.course.root / "submitted"
    for student in ("ada", "ben", "cal"):
        assert (submitted / student / CHAPTER / f"{CHAPTER}.ipynb").exists()
        assert (submitted / student / CHAPTER / "timestamp.txt").exists()


def test_exchange_late_resubmission_is_not_collected(graded_class: GradedClass) -> None:
    """cal submitted on time, then again after the due date: the on-time submission is the one collected."""
    from nbgrader.utils import parse_utc

    inbound = graded_class.course.exchange_root / graded_class.course.course_id / "inbound"
    cal_submissions = sorted(p.name for p in inbound.iterdir() if p.name.startswith(f"cal+{CHAPTER}+"))
    assert len(cal_submissions) == 2, f"expected an on-time and a late submission in the exchange: {cal_submissions}"
    folder = graded_class.course.root / "submitted" / "cal" / CHAPTER
    collected_at = parse_utc((folder / "timestamp.txt").read_text().strip())
    assert collected_at <= graded_class.due, f"collected the late submission ({collected_at} > due {graded_class.due})"
    assert cell_sources(folder / f"{CHAPTER}.ipynb") == graded_class.cal_on_time


# -- grading, hand-grading, export, feedback ----------------------------------------------------------


def test_grading_scores_the_exchange_students(graded_class: GradedClass) -> None:
    results = graded_class.results
    assert "ada" in results and "ben" in results, f"graded: {sorted(results)}"
    for student in ("ada", "ben"):
        r = results[student]
        assert r.status == "graded" and not r.tampered, (student, r.status, r.detail, r.tampered)
    ada = {name: g for nb in results["ada"].scores.values() for name, g in nb.items()}
    ben = {name: g for nb in results["ben"].scores.values() for name, g in nb.items()}
    for name, points in CODE_POINTS.items():
        assert ada[name]["score"] == points, f"ada lost points in {name}"
        assert ben[name]["score"] == (points if name in PARTIAL_TESTS else 0.0), f"ben: {name}"
    for name in WRITTEN_POINTS:
        assert ada[name]["manual"], f"ada's written answer {name} should wait for a hand grade"
        assert ben[name]["manual"] == (name == PARTIAL_WRITTEN)
    assert results["ada"].score == sum(CODE_POINTS.values())
    assert (graded_class.course.root / "autograded" / "ada" / CHAPTER / f"{CHAPTER}.ipynb").exists()


def test_export_numbers(graded_class: GradedClass, grades_csv) -> None:
    rows = grades_csv
    ada, ben = rows[("ada", CHAPTER)], rows[("ben", CHAPTER)]
    code_total = sum(CODE_POINTS.values())
    partial_total = sum(CODE_POINTS[t] for t in PARTIAL_TESTS)
    ada_total = code_total + sum(ADA_MANUAL.values())

    assert ada["status"] == "graded" and ben["status"] == "graded"
    assert float(ada["max_score"]) == MAX_SCORE and float(ben["max_score"]) == MAX_SCORE
    assert float(ada["score"]) == ada_total, "the hand grades are not in ada's total"
    assert float(ada["percent"]) == round(100 * ada_total / MAX_SCORE, 1)
    assert float(ben["score"]) == partial_total
    assert float(ben["percent"]) == round(100 * partial_total / MAX_SCORE, 1)
    assert ada["manual_grades_pending"] == "0"
    assert ben["manual_grades_pending"] == "1"  # the written answer ben gave, not yet hand-graded
    assert ada["seconds_late"] == "0" and ben["seconds_late"] == "0"
    assert ada["submitted_at"] and ada["detail"] == ""

    columns = {f"{CHAPTER}/{name}" for name in [*CODE_POINTS, *WRITTEN_POINTS]}
    assert columns <= set(ada), f"missing exercise columns: {sorted(columns - set(ada))}"
    for name, points in CODE_POINTS.items():
        assert float(ada[f"{CHAPTER}/{name}"]) == points
        assert float(ben[f"{CHAPTER}/{name}"]) == (points if name in PARTIAL_TESTS else 0.0)
    for name, score in ADA_MANUAL.items():
        assert float(ada[f"{CHAPTER}/{name}"]) == score
        assert float(ben[f"{CHAPTER}/{name}"]) == 0.0
    # cal was collected but deliberately not graded in this run.
    assert ("cal", CHAPTER) not in rows or rows[("cal", CHAPTER)]["status"] == "missing"


def test_feedback_never_shows_hidden_tests(graded_class: GradedClass, feedback_pages) -> None:
    pages, error = feedback_pages
    graded = sorted(s for s, r in graded_class.results.items() if r.scores)
    assert {"ada", "ben"} <= set(graded)
    expected = {graded_class.course.root / "feedback" / s / CHAPTER / f"{CHAPTER}.html" for s in graded}
    assert expected <= set(pages), f"feedback missing for {sorted(expected - set(pages))}"
    visible = visible_test_lines(SOLVED)
    # Lines that are hidden only (a hidden line may repeat a visible one, or the student edition).
    hidden = [line for line in hidden_test_lines(SOLVED) if line not in visible]
    assert hidden, "the chapter has no hidden tests to look for"
    for page in sorted(expected):
        raw = page.read_text()
        text = html_text(raw)
        student = page.parent.parent.name
        assert "BEGIN HIDDEN TESTS" not in raw and "BEGIN HIDDEN TESTS" not in text, f"{student}: hidden marker"
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"
        # The check above can see code at all: the visible tests are there.
        assert any(line in text for line in visible), f"{student}'s feedback shows no test code"
    assert error is None, f"the feedback step failed: {error}"
    # Released to the exchange for the learners who submitted through it (fetch_feedback).
    released = graded_class.course.exchange_root / graded_class.course.course_id / "feedback"
    exchange_students = {"ada", "ben"}
    assert len(list(released.glob("*.html"))) >= len(exchange_students), "feedback was not released to the exchange"


# -- the LMS route: zip_collect -----------------------------------------------------------------------


def test_zip_collect_keeps_the_on_time_file(graded_class: GradedClass) -> None:
    assert graded_class.zip_error is None, f"zip_collect failed: {graded_class.zip_error}"
    assert {"zed", "yan"} <= set(graded_class.zip_students or []), (
        f"zip_collect collected {graded_class.zip_students} from {sorted(zipfile.ZipFile(graded_class.lms_zip).namelist())}")
    folder = graded_class.course.root / "submitted" / "zed" / CHAPTER
    assert cell_sources(folder / f"{CHAPTER}.ipynb") == graded_class.zed_on_time, "zed's late file replaced the on-time one"
    assert (folder / "timestamp.txt").read_text().strip() == str(graded_class.due - LATE)
    yan = graded_class.course.root / "submitted" / "yan" / CHAPTER
    assert (yan / "timestamp.txt").read_text().strip() == str(graded_class.due + LATE)


def test_zip_collected_students_are_graded_and_late_flagged(graded_class: GradedClass, grades_csv) -> None:
    assert graded_class.zip_error is None, f"zip_collect failed: {graded_class.zip_error}"
    assert ("zed", CHAPTER) in grades_csv and ("yan", CHAPTER) in grades_csv, f"exported: {sorted(grades_csv)}"
    zed, yan = grades_csv[("zed", CHAPTER)], grades_csv[("yan", CHAPTER)]
    assert zed["status"] == "graded" and yan["status"] == "graded", (zed["status"], zed["detail"], yan["detail"])
    assert float(zed["score"]) == sum(CODE_POINTS[t] for t in PARTIAL_TESTS)  # the on-time (partial) file
    assert float(yan["score"]) == sum(CODE_POINTS.values())
    assert zed["seconds_late"] == "0"
    assert int(yan["seconds_late"]) == LATE.total_seconds() > 0
    assert yan["submitted_at"] == str(graded_class.due + LATE)
    assert yan["manual_grades_pending"] == str(len(WRITTEN_POINTS))


def test_zip_collect_records_the_due_date(tmp_path: Path) -> None:
    """An LMS class never released through the exchange: `collect --from-lms --due` must make late files late.

    seconds_late comes from the gradebook's due date; if zip_collect does not record the due date it
    was given, a late-only file is collected but never flagged late. No grading needed to see it.
    """
    build_tiny_chapter(tmp_path / "course" / "solutions")
    course = Course(tmp_path / "course")
    assert course.api().generate_assignment(TINY, force=True, create=True)["success"]
    edition = tmp_path / "course" / "notebooks" / TINY / f"{TINY}.ipynb"
    due = datetime(2026, 3, 1, 12, 0, 0)
    folder = tmp_path / "download"
    folder.mkdir()
    shutil.copy(edition, folder / f"yan_{due + LATE:%Y%m%dT%H%M%S}_{TINY}.ipynb")
    shutil.copy(edition, folder / f"zed_{due - LATE:%Y%m%dT%H%M%S}_{TINY}.ipynb")

    assert zip_collect(course, TINY, folder, due=due) == ["yan", "zed"]
    with course.gradebook() as gb:
        assert gb.find_assignment(TINY).duedate == due, "zip_collect did not record its due date in the gradebook"


# -- the command line ---------------------------------------------------------------------------------

CLI_OPTIONS = {
    None: ["release", "collect", "grade", "feedback", "export", "demo", "generate", "execute"],
    "release": ["--due", "--course-dir", "--db-url"],
    "collect": ["--from-lms", "--due", "--no-owner-check", "--course-dir", "--db-url"],
    "grade": ["--students", "--workers", "--scheduler", "--cell-timeout", "--notebook-timeout", "--memory-mb", "--no-sandbox",
              "--require-sandbox", "--course-dir", "--db-url"],
    "feedback": ["--course-dir", "--db-url"],
    "export": ["--out", "--course-dir", "--db-url"],
    "demo": ["--dir", "--chapter", "--workers", "--force"],
    "generate": ["chapters"],
    "execute": ["chapters"],
}


def test_cli_help() -> None:
    processes = {
        command: subprocess.Popen(
            [sys.executable, "-m", "autograder", *([command] if command else []), "--help"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=layout.REPO_ROOT,
        )
        for command in CLI_OPTIONS
    }
    for command, process in processes.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, f"`{command} --help` exited {process.returncode}: {err[-500:]}"
        missing = [option for option in CLI_OPTIONS[command] if option not in out]
        assert not missing, f"`python -m autograder {command or ''} --help` does not mention {missing}"
        assert "usage: python -m autograder" in out


def test_cli_export_matches_the_api(hand_graded: GradedClass, grades_csv, tmp_path: Path) -> None:
    out = tmp_path / "cli-export"
    process = subprocess.run(
        [sys.executable, "-m", "autograder", "export", CHAPTER, "--course-dir", str(hand_graded.course.root),
         "--out", str(out)], capture_output=True, text=True, timeout=300,
    )
    assert process.returncode == 0, process.stderr[-2000:]
    assert str(out / "grades.csv") in process.stdout
    assert read_grades_csv(out / "grades.csv") == grades_csv
