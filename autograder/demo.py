"""``python -m autograder demo``: a throwaway class run through the whole pipeline."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from . import layout
from .export import export
from .grading import grade_chapter
from .nbconfig import Course
from .workflow import collect, feedback, fetch_as, release, submit_as

CHEAT = "from autograder import checks\nchecks.expect_close = lambda *args, **kwargs: None\n"


def _student_notebook(kind: str, chapter: str, fetched: Path) -> None:
    """Turn a fetched student edition into the kind of submission a synthetic student makes."""
    path = fetched / f"{chapter}.ipynb"
    if kind == "blank":
        return
    if kind == "broken":
        path.write_text('{"cells": [')  # a download cut off half way
        return
    solved = nbformat.read(layout.solution_path(chapter), as_version=4)
    solutions = [c for c in solved.cells if c.metadata.get("nbgrader", {}).get("solution")]
    student = nbformat.read(path, as_version=4)
    by_id = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solutions}
    answered = 0
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in by_id and cell.cell_type == "code":
            if kind == "partial" and answered % 2:
                answered += 1
                continue
            cell.source = by_id[grade_id]
            answered += 1
            if kind == "cheat" and answered == 1:
                cell.source = CHEAT + cell.source
    nbformat.write(student, path)


def run_demo(root: Path | None = None, chapter: str = "01_tensors", workers: int | None = None) -> Path:
    """Create a class in ``root`` (default: a temporary folder), run everything, print where it went."""
    root = root or Path(tempfile.mkdtemp(prefix="course-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    course = Course(root / "course", exchange=root / "exchange")
    (root / "exchange").mkdir(exist_ok=True)
    (root / "exchange").chmod(0o777)
    shutil.copytree(layout.SOLUTIONS_DIR / chapter, course.root / "solutions" / chapter)
    say = lambda message: print(f"[demo] {message}", flush=True)  # noqa: E731

    release(course, chapter)
    say(f"released {chapter} to the exchange at {root / 'exchange'}")
    kinds = {"ada": "correct", "ben": "partial", "cy": "blank", "dee": "broken", "eve": "cheat", "fay": "blank"}
    for student, kind in kinds.items():
        workspace = root / "students" / student
        fetched = fetch_as(course, chapter, student, workspace)
        _student_notebook(kind, chapter, fetched)
        submit_as(course, chapter, student, workspace)
        say(f"{student} fetched and submitted a {kind} notebook")
    time.sleep(1.1)  # submission timestamps have one-second resolution
    due = datetime.now(UTC).replace(tzinfo=None)
    with course.gradebook() as gb:
        gb.update_or_create_assignment(chapter, duedate=due)
    time.sleep(1.1)
    workspace = root / "students" / "fay"
    _student_notebook("correct", chapter, workspace / "tf-keras-course" / chapter)
    submit_as(course, chapter, "fay", workspace)
    say(f"due date set to {due:%H:%M:%S} UTC; fay then resubmitted late (the on-time one is kept)")

    students = collect(course, chapter, check_owner=False)
    say(f"collected {len(students)} submissions into {course.root / 'submitted'}")
    from .cli import Progress, print_summary

    results = grade_chapter(course, chapter, workers=workers, on_result=Progress())
    print_summary(results)

    with course.gradebook() as gb:
        assignment = gb.find_assignment(chapter)
        written = [c for nb in assignment.notebooks for c in nb.grade_cells if c.cell_type == "markdown"]
        for cell in written:
            grade = gb.find_grade(cell.name, cell.notebook.name, chapter, "ada")
            grade.manual_score = cell.max_score
            grade.needs_manual_grade = False
        gb.db.commit()
    say(f"hand-graded ada's {len(written)} written answer(s) (formgrader does the same in JupyterLab)")

    pages = feedback(course, chapter)
    say(f"generated {len(pages)} feedback pages (hidden tests removed) and released them")
    csv_path, report = export(course, root / "export")
    summary = {r.student: (r.status, r.score, r.max_score) for r in results}
    (root / "summary.json").write_text(json.dumps(summary, indent=2))
    print(
        f"\nThe demo class is in {root}\n"
        f"  course directory   {course.root}  (gradebook.db, submitted/, autograded/, feedback/)\n"
        f"  exchange           {root / 'exchange'}\n"
        f"  student workspaces {root / 'students'}\n"
        f"  grades             {csv_path}\n"
        f"  report             {report}\n"
        f"Open the formgrader on it: cd {course.root} && jupyter lab  (then Nbgrader > Formgrader)"
    )
    return root
