"""Every chapter follows the course's conventions (see CONTRIBUTING.md)."""

from __future__ import annotations

import re

import nbformat

from autograder import layout, structure
from autograder.authoring import HIDDEN_BEGIN, SETUP_SOURCE

MIN_EXERCISES = {"00_quickstart": 3}
DEFAULT_MIN_EXERCISES = 6
# Downloads fail offline; opt-outs from output comparison must say why.
FORBIDDEN = [
    (re.compile(r"keras\.datasets|\.load_data\("), "keras.datasets downloads its data"),
    (re.compile(r"weights\s*=\s*['\"]imagenet"), "pretrained weights are downloaded"),
    (re.compile(r"\b(urllib|requests|get_file|fetch_openml|fetch_[a-z_]+\()"), "network access"),
]
# nbval only honours a marker alone on its line; the reason goes on the next comment line.
OPT_OUT = re.compile(r"^[ \t]*#[ \t]*NBVAL_(IGNORE_OUTPUT|SKIP)\b(.*)$\n?(?:[ \t]*#(.*))?", re.M)


def load(chapter: str) -> nbformat.NotebookNode:
    return nbformat.read(layout.solution_path(chapter), as_version=4)


def test_setup_cell_is_first_and_identical(chapter: str) -> None:
    nb = load(chapter)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and code[0].source == SETUP_SOURCE, "the first code cell must be the course setup cell, unchanged"
    assert structure.nbgrader_meta(code[0]).get("locked") is True
    others = [i for i, c in enumerate(code[1:], 1) if "set_random_seed" in c.source or "enable_op_determinism" in c.source]
    assert not others, f"seeds and determinism are set only in the setup cell (also in code cells {others})"


def test_exercises_and_written_questions(chapter: str) -> None:
    nb = load(chapter)
    exercises = structure.exercises(nb)
    assert len(exercises) >= MIN_EXERCISES.get(chapter, DEFAULT_MIN_EXERCISES)
    for exercise in exercises:
        tests = nb.cells[exercise.test_index].source
        assert exercise.points > 0
        assert HIDDEN_BEGIN in tests, f"{exercise.name}: no hidden tests"
        assert "checks." in tests, f"{exercise.name}: tests use the course's checks for their messages"
    assert structure.written_questions(nb), "each chapter has a hand-graded written question"
    grade_ids = [structure.nbgrader_meta(c)["grade_id"] for c in nb.cells if structure.nbgrader_meta(c)]
    assert len(grade_ids) == len(set(grade_ids)), "duplicate grade ids"


def test_offline_and_opt_outs_have_reasons(chapter: str) -> None:
    nb = load(chapter)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for pattern, why in FORBIDDEN:
            assert not pattern.search(cell.source), f"cell {index}: {why}"
        for match in OPT_OUT.finditer(cell.source):
            assert not match.group(2).strip(), f"cell {index}: nbval ignores NBVAL_{match.group(1)} unless alone on its line"
            assert len((match.group(3) or "").strip()) >= 10, f"cell {index}: NBVAL_{match.group(1)} needs a reason on the next line"
        tags = cell.metadata.get("tags", [])
        assert not {"nbval-skip", "nbval-ignore-output"} & set(tags), f"cell {index}: opt out with a commented reason, not a tag"


def test_solutions_have_outputs(chapter: str) -> None:
    nb = load(chapter)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "run `python -m autograder execute` to store outputs"
    errors = [i for i, c in enumerate(nb.cells) if any(o.output_type == "error" for o in c.get("outputs", []))]
    assert not errors, f"stored outputs of cells {errors} are errors"


SECTION = re.compile(r"^## (?:(?P<number>\d+\.\d+) \S.*|Exercises(?:, part \d+)?|Written questions|What you learned)$")
EXERCISE = re.compile(r"^### Exercise (\d+): \S")
QUESTION = re.compile(r"^### Question (\d+): \S")


def headings(nb: nbformat.NotebookNode) -> list[str]:
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            fenced ^= line.lstrip().startswith("```")
            if not fenced and line.startswith("#"):
                found.append(line.rstrip())
    return found


def test_consistent_structure(chapter: str) -> None:
    """`# N. Title`, numbered sections `## N.k Title`, `### Exercise k: ...` and `### Question k: ...`
    numbered through the chapter, and a closing `## What you learned`."""
    nb = load(chapter)
    number = int(chapter[:2])
    found = headings(nb)
    assert found and found[0].startswith(f"# {number}. "), f"the title is `# {number}. <title>`, not {found[:1]}"
    assert not [h for h in found[1:] if h.startswith("# ")], "one title per chapter"
    sections = [h for h in found if h.startswith("## ")]
    odd = [h for h in sections if not SECTION.match(h)]
    assert not odd, f"section headings are `## {number}.k Title`, Exercises, Written questions or What you learned: {odd}"
    numbers = [SECTION.match(h)["number"] for h in sections if SECTION.match(h)["number"]]
    assert numbers == [f"{number}.{k}" for k in range(1, len(numbers) + 1)], f"sections numbered in order: {numbers}"
    exercises = [int(m[1]) for h in found if (m := EXERCISE.match(h))]
    assert exercises == list(range(1, len(structure.exercises(nb)) + 1)), f"one `### Exercise k: ...` per exercise: {exercises}"
    questions = [int(m[1]) for h in found if (m := QUESTION.match(h))]
    assert questions == list(range(1, len(structure.written_questions(nb)) + 1)), f"one `### Question k: ...` per question: {questions}"
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith("## What you learned"), "the chapter ends with `## What you learned`"
