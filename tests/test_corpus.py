"""The adversarial corpus: grade ~30 hostile submissions of a tiny assignment in one parallel run.

The submissions (tests/corpus/cases/cases.py) try what students really send: infinite loops,
memory and fork bombs, crashes, reading hidden tests or the gradebook from disk, writing the
gradebook, the network, objects equal to everything, patched test helpers, edited or deleted test
cells, broken metadata and files that are no notebook at all. One module-scoped run grades them
all with small limits; each case is then one test of its outcome.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sqlite3
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.grading import Course, GradeResult, Limits, ensure_assignment, grade_chapter
from autograder.sandbox import sandbox_problem
from autograder.workflow import generate_feedback

pytestmark = pytest.mark.sandbox

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CHAPTER = "corpus_check"
SOURCE = CORPUS / "source" / CHAPTER / f"{CHAPTER}.ipynb"
BYSTANDER = "bystander"

_spec = importlib.util.spec_from_file_location("corpus_cases", CORPUS / "cases" / "cases.py")
cases = importlib.util.module_from_spec(_spec)
sys.modules["corpus_cases"] = cases
_spec.loader.exec_module(cases)

# Small enough for CI (the run takes 2-3 minutes on 2 loaded cores), generous enough for controls
# and for a kernel forked from the template (which has TensorFlow loaded: about 2 GiB of address space).
LIMITS = Limits(cell_seconds=8, notebook_seconds=25, memory_mb=3072, processes=128, file_size_mb=16,
                output_bytes=500_000)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(db: Path, student: str) -> list[tuple]:
    """Every gradebook row that belongs to ``student``, in a stable order."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            """SELECT g.id, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade,
                      sn.id, s.id, s.timestamp
               FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id
               JOIN submitted_assignment s ON sn.assignment_id = s.id
               WHERE s.student_id = ? ORDER BY g.id""",
            (student,),
        ).fetchall()


class Run:
    """The single grading run all the tests look at."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.course = Course(root)
        shutil.copytree(SOURCE.parent, root / "solutions" / CHAPTER)
        ensure_assignment(self.course, CHAPTER)  # writes the student edition to notebooks/ (the release step)
        student = nbformat.read(root / "notebooks" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
        self.source_nb = nbformat.read(SOURCE, as_version=4)
        ctx = cases.Context(root=root, source=self.source_nb, student=student)
        for name in cases.CASES:
            cases.write_case(name, ctx, root / "submitted" / name / CHAPTER / f"{CHAPTER}.ipynb")
        self._bystander()
        self.checksums = {p: _sha(p) for p in self._guarded()}
        self.bystander_rows = _rows(root / "gradebook.db", BYSTANDER)
        self.results: dict[str, GradeResult] = {
            r.student: r for r in grade_chapter(self.course, CHAPTER, workers=2, limits=LIMITS, sandbox=True)
        }
        self.scores, self.max_scores, self.grades = {}, {}, {}
        with self.course.gradebook() as gb:
            for name in cases.CASES:
                nb = gb.find_submission_notebook(CHAPTER, CHAPTER, name)
                self.scores[name], self.max_scores[name] = nb.code_score, nb.max_code_score
                self.grades[name] = [(g.name, g.auto_score, g.max_score) for g in nb.grades]
        for name, r in self.results.items():  # shown with `pytest -s`
            print(f"{name:24} {r.status:28} {self.scores.get(name)}/{self.max_scores.get(name)} cell={r.cell} "
                  f"{r.seconds:5.1f}s tampered={r.tampered} detail={r.detail[:90]!r} repairs={len(r.repairs)}")

    def _bystander(self) -> None:
        """Another student, graded earlier, whose rows and files nobody may touch."""
        with self.course.gradebook() as gb:
            gb.update_or_create_student(BYSTANDER)
            submission = gb.update_or_create_submission(CHAPTER, BYSTANDER)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell.cell_type == "code":
                        grade.auto_score = grade.max_score / 2
                    else:
                        grade.manual_score = grade.max_score
            gb.db.commit()
        folder = self.root / "autograded" / BYSTANDER / CHAPTER
        folder.mkdir(parents=True)
        (folder / f"{CHAPTER}.ipynb").write_text('{"graded": "earlier"}')

    def _guarded(self) -> list[Path]:
        return [SOURCE, self.root / "solutions" / CHAPTER / f"{CHAPTER}.ipynb",
                self.root / "autograded" / BYSTANDER / CHAPTER / f"{CHAPTER}.ipynb"]

    def outputs(self, name: str) -> str:
        """Every output text of the case's autograded notebook (sources excluded: they hold the tests)."""
        data = self.results[name].files.get(f"{CHAPTER}.ipynb")
        if not data:
            return ""
        nb = nbformat.reads(data.decode(), as_version=4)
        texts = []
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                texts.append(str(out.get("text", "")) + str(out.get("evalue", "")) + "".join(out.get("traceback", [])))
                texts.append(str(out.get("data", {}).get("text/plain", "")))
        return "\n".join(texts)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    problem = sandbox_problem()
    if problem is not None:
        pytest.skip(f"the adversarial corpus needs the bubblewrap sandbox: {problem}")
    return Run(tmp_path_factory.mktemp("corpus-course"))


def test_corpus_size() -> None:
    assert len(cases.CASES) >= 56


def test_batch_finished(run: Run) -> None:
    assert sorted(run.results) == sorted(cases.CASES)


def test_source_and_other_students_untouched(run: Run) -> None:
    assert {p: _sha(p) for p in run.checksums} == run.checksums
    assert _rows(run.root / "gradebook.db", BYSTANDER) == run.bystander_rows
    assert run.bystander_rows, "the bystander has gradebook rows"


def test_scores_within_bounds(run: Run) -> None:
    bad = [(name, g) for name, grades in run.grades.items() for g in grades
           if g[1] is not None and not 0 <= g[1] <= g[2]]
    assert not bad
    assert all(m == cases.MAX_SCORE for m in run.max_scores.values()), run.max_scores


@pytest.mark.parametrize("name", list(cases.CASES))
def test_case(run: Run, name: str) -> None:
    case = cases.CASES[name]
    result = run.results[name]
    summary = f"{name}: {result.status} {run.scores[name]}/{run.max_scores[name]} cell={result.cell} " \
              f"detail={result.detail!r} tampered={result.tampered} repairs={result.repairs}"
    assert result.status in case.statuses, summary
    low, high = case.score
    assert low <= run.scores[name] <= high, summary
    if case.tampered is not None:
        assert bool(result.tampered) is case.tampered, summary
    if case.cell_of:
        source = nbformat.reads(result.files[f"{CHAPTER}.ipynb"].decode(), as_version=4)
        assert result.cell == cases.answer_index(source, case.cell_of), summary
    if case.detail:
        assert case.detail in result.detail, summary
    # The output cap bounds what is kept, whatever the kernel printed.
    assert len(result.files.get(f"{CHAPTER}.ipynb", b"")) < 4 * LIMITS.output_bytes, summary
    outputs = run.outputs(name)
    for text in case.forbidden:
        assert text not in outputs, f"{summary}: {text!r} in the outputs:\n{outputs[:3000]}"
    for text in case.required:
        assert text in outputs, f"{summary}: {text!r} missing from the outputs:\n{outputs[:3000]}"


LEAK_CASES = [name for name, case in cases.CASES.items() if "LEAKED" in case.forbidden]


def test_feedback_holds_no_hidden_test(run: Run) -> None:
    """Feedback pages of the leak attempts hold no hidden-test line and nothing the attempts printed."""
    hidden = [line.strip() for part in (c.source for c in run.source_nb.cells if "BEGIN HIDDEN" in c.get("source", ""))
              for line in part.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0].splitlines()
              if len(line.strip()) > 12]
    assert hidden
    pages, failed = generate_feedback(run.course, CHAPTER)
    made = {p.parent.parent.name for p in pages}
    assert set(LEAK_CASES) <= made, failed
    # The bystander's "earlier" autograded file is a stand-in, not a notebook: it cannot have feedback.
    assert "correct" in made and {line.split(":")[0] for line in failed} <= {"markers_in_answer", BYSTANDER}, failed
    for name in LEAK_CASES:
        page = (run.root / "feedback" / name / CHAPTER / f"{CHAPTER}.html").read_text()
        import html

        text = html.unescape(page)
        # The learner's own cells are shown with their source (which says "LEAKED"), so only hidden
        # lines and the hidden tests' marker may not appear.
        leaked = [line for line in hidden if line in text] + [m for m in ("CORPUS-HIDDEN-", "BEGIN HIDDEN") if m in text]
        assert not leaked, f"{name}: {leaked}"
