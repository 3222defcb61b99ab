"""Every exercise's tests reject plausible wrong answers and accept correct alternatives.

One kernel per chapter runs the instructor edition once; each answer then replaces the solution
cell, the exercise's test cell (hidden tests included) runs, and the solution is restored.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from chapter_params import per_chapter
from notebook_kernel import error_summary, notebook_kernel

from autograder import layout, structure

ANSWERS_DIR = Path(__file__).parent / "answers"
MIN_WRONG_PER_EXERCISE = 2


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


def check_answers(chapter: str) -> None:
    answers = load_answers(chapter)
    problems: list[str] = []
    with notebook_kernel(layout.solution_path(chapter)) as (kernel, nb):
        exercises = {e.name: e for e in structure.exercises(nb)}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                errors = kernel.run_cell(cell, index)
                assert not errors, f"{chapter}: cell {index} of the instructor edition failed: {error_summary(errors)}"
        for name, cases in answers.items():
            exercise = exercises[name]
            solution = nb.cells[exercise.solution_index].source
            tests = nb.cells[exercise.test_index].source
            for label, source in cases.get("wrong", {}).items():
                kernel.run(source)
                if not kernel.run(tests):
                    problems.append(f"{name}: wrong answer passed the tests: {label}")
                kernel.run(solution)
            for label, source in cases.get("right", {}).items():
                errors = kernel.run(source) or kernel.run(tests)
                if errors:
                    problems.append(f"{name}: correct alternative rejected ({label}): {error_summary(errors)}")
                kernel.run(solution)
            restored = kernel.run(tests)
            if restored:
                problems.append(f"{name}: tests fail after restoring the solution: {error_summary(restored)}")
    assert not problems, "\n".join(problems)


per_chapter(_WrongAnswers, globals())
