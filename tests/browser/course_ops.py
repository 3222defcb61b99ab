"""nbgrader steps for the browser tests, run as a subprocess in the throwaway course's environment.

    python course_ops.py prepare ROOT WORKDIR   # generate + release the chapter, submit as a second
                                                # student, collect
    python course_ops.py autograde ROOT         # autograde that student's submission

The configuration is read the way nbgrader's command line and JupyterLab extensions read it: from
ROOT/nbgrader_config.py (the course's shim, which loads autograder/nbgrader_config.py), with the
exchange from COURSE_EXCHANGE. Each step prints one JSON line; a failed step exits non-zero.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeFactory
from traitlets.config import PyFileConfigLoader

CHAPTER = "01_tensors"
STUDENT = "ada"  # the submission the instructor grades; the learner in the browser submits as the OS user

# Ada's work: one exercise answered, one written answer for the instructor to grade by hand.
ANSWERS = {
    "column_means": 'def column_means(x):\n    """Mean of each column of x."""\n    return tf.reduce_mean(x, axis=0)',
    "why_no_silent_casting": (
        "Mixing dtypes silently would turn a whole computation into float64 or truncate integers far "
        "from the line that caused it. The fix is an explicit `tf.cast` where the data enters."
    ),
}


def load_config(root: Path):
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


def api_for(root: Path) -> NbGraderAPI:
    config = load_config(root)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def check(step: str, result: dict) -> None:
    print(json.dumps({"step": step, "success": result.get("success")}), flush=True)
    if not result.get("success"):
        sys.exit(f"{step} failed:\n{result.get('error') or ''}\n{result.get('log') or ''}")


def prepare(root: Path, workdir: Path) -> None:
    api = api_for(root)
    # Writes the gradebook's record of the chapter (autograde needs it) and regenerates the release copy.
    check("generate_assignment", api.generate_assignment(CHAPTER, force=True))
    check("release_assignment", api.release_assignment(CHAPTER))

    # Ada's copy, outside the folder JupyterLab serves, so the learner's Assignments panel still
    # offers the chapter for fetching.
    config = load_config(root)
    config.CourseDirectory.assignment_id = CHAPTER
    config.CourseDirectory.student_id = STUDENT
    config.Exchange.assignment_dir = str(workdir)
    folder = workdir / config.CourseDirectory.course_id / CHAPTER
    folder.mkdir(parents=True)
    nb = nbformat.read(root / "notebooks" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ANSWERS:
            cell.source = ANSWERS[grade_id]
    nbformat.write(nb, folder / f"{CHAPTER}.ipynb")
    coursedir = CourseDirectory(config=config)
    submit = ExchangeFactory(config=config).Submit(
        coursedir=coursedir, authenticator=Authenticator(config=config), config=config
    )
    submit.start()
    print(json.dumps({"step": "submit", "success": True}), flush=True)

    check("collect", api.collect(CHAPTER))
    if not (root / "submitted" / STUDENT / CHAPTER / f"{CHAPTER}.ipynb").exists():
        sys.exit(f"collect did not bring {STUDENT}'s submission into submitted/")


def autograde(root: Path) -> None:
    check("autograde", api_for(root).autograde(CHAPTER, STUDENT, force=True, create=True))
    if shutil.which("bwrap") is None:
        print(json.dumps({"note": "bwrap missing: graded without the sandbox"}), flush=True)


if __name__ == "__main__":
    step, root = sys.argv[1], Path(sys.argv[2]).resolve()
    if step == "prepare":
        prepare(root, Path(sys.argv[3]).resolve())
    elif step == "autograde":
        autograde(root)
    else:
        sys.exit(f"unknown step {step!r}")
