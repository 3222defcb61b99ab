"""Every exercise's tests reject plausible wrong answers and accept correct alternatives, as graded.

One kernel per chapter runs the instructor edition once. Its test cells then run the way the
grader runs them (visible part, then hidden part, seeds reset before each, the checks recording)
to make the reference records. Each answer then replaces the solution cell, the exercise's test
parts run again recording, and ``autograder.judge`` (the grader's own judge) decides, outside
the kernel: a wrong answer must fail, a right one must pass.

The same run tells whether a wrong answer gets a green check in JupyterLab: there the visible
checks assert with the comparisons the judge uses and the expected values written in the test
(which the reference records carry), so the judge's verdict on the visible part alone is the
learner's check mark, without training every wrong answer's model a second time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from chapter_params import per_chapter
from notebook_kernel import error_summary, notebook_kernel

from autograder import layout, structure
from autograder.judge import Verdict, judge_cell, reference_problems
from autograder.preprocessors import part_prologue, records_in, split_test_source

ANSWERS_DIR = Path(__file__).parent / "answers"
MIN_WRONG_PER_EXERCISE = 2
# A learner who sees a green check from the visible tests and then loses the points has been
# misled: at most this share of a chapter's wrong answers may pass the visible tests alone.
MAX_VISIBLE_PASS_RATE = 0.15


def load_answers(chapter: str) -> dict:
    path = ANSWERS_DIR / f"{chapter}.py"
    if not path.exists():
        pytest.fail(f"{chapter}: no wrong answers in {path.relative_to(layout.REPO_ROOT)}")
    spec = importlib.util.spec_from_file_location(f"answers_{chapter}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ANSWERS


def test_every_exercise_has_wrong_answers(chapter: str) -> None:
    import nbformat

    nb = nbformat.read(layout.solution_path(chapter), as_version=4)
    answers = load_answers(chapter)
    names = [e.name for e in structure.exercises(nb)]
    assert sorted(answers) == sorted(names), f"answers cover {sorted(answers)}, exercises are {sorted(names)}"
    thin = {n: len(answers[n].get("wrong", {})) for n in names if len(answers[n].get("wrong", {})) < MIN_WRONG_PER_EXERCISE}
    assert not thin, f"exercises with fewer than {MIN_WRONG_PER_EXERCISE} wrong answers: {thin}"


class _WrongAnswers:
    def test_tests_reject_wrong_and_accept_right_answers(self, chapter: str) -> None:
        check_answers(chapter)


def run_test_cell(kernel, grade_id: str, source: str) -> dict:
    """A test cell's parts as the grader runs them: records and the first error of each part."""
    parts = []
    for part, code in split_test_source(source):
        outputs = kernel.outputs(part_prologue(grade_id, part) + code)
        errors = [o for o in outputs if o.output_type == "error"]
        error = {"ename": errors[0].ename, "evalue": errors[0].evalue} if errors else None
        parts.append({"part": part, "status": "ran", "records": records_in(outputs), "error": error})
    return {"parts": parts}


def judged(kernel, grade_id: str, reference: dict, tests: str, answer: str, solution: str) -> tuple[Verdict, bool]:
    """The judge's verdict on ``answer`` run in place of the solution (restored afterwards), and
    whether its visible part alone passes (the green check a learner sees in JupyterLab)."""
    kernel.run(answer)
    learner = run_test_cell(kernel, grade_id, tests)
    kernel.run(solution)
    visible = judge_cell(grade_id, {"parts": reference["parts"][:1]}, {"parts": learner["parts"][:1]})
    return judge_cell(grade_id, reference, learner), visible.passed


def check_answers(chapter: str) -> None:
    answers = load_answers(chapter)
    problems: list[str] = []
    visible_passes: list[str] = []
    wrong_count = 0
    with notebook_kernel(layout.solution_path(chapter)) as (kernel, nb):
        exercises = {e.name: e for e in structure.exercises(nb)}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                errors = kernel.run_cell(cell, index)
                assert not errors, f"{chapter}: cell {index} of the instructor edition failed: {error_summary(errors)}"
        # Answers (wrong ones especially) may write files: into a throwaway folder, not the chapter's.
        kernel.run("import os as _os, tempfile as _tempfile; _os.chdir(_tempfile.mkdtemp(prefix='answers-'))")
        for name, cases in answers.items():
            exercise = exercises[name]
            grade_id = f"{name}_test"
            solution = nb.cells[exercise.solution_index].source
            tests = nb.cells[exercise.test_index].source
            kernel.run("checks.MODE = 'reference'")
            reference = run_test_cell(kernel, grade_id, tests)
            broken = reference_problems({"cells": {grade_id: reference}})
            assert not broken, f"{chapter}: the instructor edition fails its own tests as graded: {broken}"
            kernel.run("checks.MODE = 'submission'")

            for label, source in cases.get("wrong", {}).items():
                wrong_count += 1
                verdict, visible_passed = judged(kernel, grade_id, reference, tests, source, solution)
                if verdict.passed:
                    problems.append(f"{name}: wrong answer passed the tests: {label}")
                if visible_passed:
                    visible_passes.append(f"{name}: {label}")
            for label, source in cases.get("right", {}).items():
                result, _ = judged(kernel, grade_id, reference, tests, source, solution)
                if not result.passed:
                    problems.append(f"{name}: correct alternative rejected ({label}): {result.message}")
            restored = judge_cell(grade_id, reference, run_test_cell(kernel, grade_id, tests))
            if not restored.passed:
                problems.append(f"{name}: the solution fails as graded: {restored.message}")
            kernel.run("checks.MODE = ''")
        kernel.run("import shutil as _shutil; _here = _os.getcwd(); _os.chdir('/'); _shutil.rmtree(_here, True)")
    rate = len(visible_passes) / max(wrong_count, 1)
    print(f"{chapter}: {len(visible_passes)} of {wrong_count} wrong answers pass the visible tests ({rate:.0%})")
    if rate > MAX_VISIBLE_PASS_RATE:
        problems.append(
            f"{len(visible_passes)} of {wrong_count} wrong answers ({rate:.0%}, more than "
            f"{MAX_VISIBLE_PASS_RATE:.0%}) pass the visible tests: " + "; ".join(visible_passes))
    assert not problems, "\n".join(problems)


per_chapter(_WrongAnswers, globals())
