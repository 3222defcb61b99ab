"""Autograde a chapter's submissions in parallel, safely, with nbgrader underneath.

Each submission is graded by a worker process in a private copy of the course: its own folder,
its own throwaway SQLite gradebook seeded with the assignment, and nbgrader's own Autograde
converter with ``SandboxedExecute`` in place of ``Execute``. The main process is the only writer
of the course gradebook (SQLite or PostgreSQL): it merges each worker's scores, clamped to
[0, points], and records every submission's outcome, so a parallel run never loses or corrupts a
grade and one bad submission never stops the batch.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from sqlalchemy.exc import SAWarning

from .intake import UnreadableNotebook, read_submission, repair_metadata
from .nbconfig import Course, check_step, last_error_line
from .outcomes import OutcomeStore
from .reference import CACHE_FOLDER, reference_records
from .safety import replace_folder
from .sandbox import SANDBOX_UID_BASE, font_cache, sandbox_problem


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission's kernel."""

    cell_seconds: int = 180
    notebook_seconds: int = 900
    memory_mb: int = 6144
    processes: int = 512
    file_size_mb: int = 64
    output_bytes: int = 2_000_000


@dataclass
class GradeResult:
    """How one submission's grading ended, and its scores."""

    student: str
    chapter: str
    status: str
    detail: str = ""
    cell: int | None = None
    scores: dict[str, dict] = field(default_factory=dict)  # notebook -> grade_id -> {score, max, manual}
    tampered: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    timestamp: str | None = None
    seconds: float = 0.0
    sandboxed: bool = False
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def score(self) -> float:
        return sum(g["score"] or 0.0 for nb in self.scores.values() for g in nb.values())

    @property
    def max_score(self) -> float:
        return sum(g["max"] for nb in self.scores.values() for g in nb.values())


@dataclass(frozen=True)
class Job:
    student: str
    chapter: str
    submitted: str  # the submission's folder
    source: str  # the chapter's source folder
    template_db: str
    source_cells: dict[str, list[str]]  # notebook -> grade ids of its nbgrader cells
    limits: Limits
    sandbox: bool
    hidden: tuple[str, ...] = ()  # the course directory and exchange: invisible to the kernel
    threads: int = 0  # TensorFlow threads per kernel (0: its default)
    reference_cache: str = ""  # the reference runs, made by the main process before the batch


# -- the worker -------------------------------------------------------------------------------------

_worker_uid = SANDBOX_UID_BASE


def _init_worker(counter, sandbox: bool, warm_up: bool) -> None:
    """Set up a fresh worker process: its sandbox user, and what its first submission would wait for."""
    global _worker_uid
    with counter.get_lock():
        counter.value += 1
        _worker_uid = SANDBOX_UID_BASE + counter.value
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # nbgrader's own session handling trips SQLAlchemy's autoflush warnings; they are harmless.
    warnings.simplefilter("ignore", SAWarning)
    if not warm_up:
        return
    # Workers start while the main process prepares the batch: imports and matplotlib's font
    # list, a few seconds per worker, are then ready before the first job arrives.
    import nbgrader.converters  # noqa: F401

    from . import exporters, preprocessors  # noqa: F401

    if sandbox and not sandbox_problem():
        font_cache(_worker_uid)


def grade_one(job: Job) -> GradeResult:
    """Grade one submission in a private course copy; never raises."""
    started = time.monotonic()
    result = GradeResult(job.student, job.chapter, status="graded", sandboxed=job.sandbox)
    root = Path(tempfile.mkdtemp(prefix="grading-"))
    try:
        _grade_in(root, job, result)
    except Exception as error:  # the batch goes on; the instructor sees what broke
        result.status = "error"
        result.detail = f"{error.__class__.__name__}: {error}"[:300]
        traceback.print_exc(file=sys.stderr)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        result.seconds = round(time.monotonic() - started, 2)
    return result


def _grade_in(root: Path, job: Job, result: GradeResult) -> None:
    shutil.copytree(job.source, root / "solutions" / job.chapter)
    submitted = root / "submitted" / job.student / job.chapter
    shutil.copytree(job.submitted, submitted, symlinks=False)
    shutil.copy(job.template_db, root / "gradebook.db")
    timestamp_file = submitted / "timestamp.txt"
    if timestamp_file.exists():
        result.timestamp = timestamp_file.read_text().strip()[:64]

    for notebook, known in job.source_cells.items():
        path = submitted / f"{notebook}.ipynb"
        try:
            nb = read_submission(path)
        except UnreadableNotebook as why:
            result.status, result.detail = "unreadable notebook", str(why)
            return
        intake = repair_metadata(nb, set(known))
        if not any(c.get("metadata", {}).get("nbgrader") for c in nb.cells):
            result.status, result.detail = "invalid metadata", "none of the assignment's cells are in the notebook"
            return
        result.repairs += [f"{notebook}: {r}" for r in intake.repairs]
        nbformat.write(nb, path)

    report_file = root / "execution.json"
    private = Course(root)  # its gradebook is the template copy above
    settings = kernel_settings(job.limits, job.sandbox, _worker_uid, job.hidden, job.threads)
    settings["SandboxedExecute"]["report_file"] = str(report_file)
    api = private.api(Autograde={"create_student": True}, JudgeRecords={"reference_cache": job.reference_cache},
                      **settings)
    outcome = api.autograde(job.chapter, job.student, force=True, create=True)
    if report_file.exists():
        report = json.loads(report_file.read_text())
        result.status = report["status"]
        result.cell = report["cell"]
        result.detail = report["detail"]
        result.tampered = report["tampered"]
    if not outcome["success"]:
        log = (outcome.get("error") or "") + (outcome.get("log") or "")
        result.status = "invalid metadata" if "Schema" in log or "metadata" in log.lower() else "error"
        result.detail = last_error_line(log)
        return
    if result.repairs and result.status == "graded":
        result.status = "graded (metadata repaired)"
    if result.tampered:
        result.status = "tampered"
        result.detail = "to review: patched " + ", ".join(result.tampered[:4])
    with private.gradebook() as gb:
        submission = gb.find_submission(job.chapter, job.student)
        for notebook in submission.notebooks:
            result.scores[notebook.name] = {
                g.name: {"score": g.auto_score, "max": g.max_score, "manual": bool(g.needs_manual_grade)}
                for g in notebook.grades
            }
    autograded = root / "autograded" / job.student / job.chapter
    result.files = {p.name: p.read_bytes() for p in autograded.iterdir() if p.is_file()}


def kernel_settings(limits: Limits, sandbox: bool, uid: int, hidden: tuple[str, ...] | list[str],
                    threads: int) -> dict[str, dict]:
    """The sandboxed kernel's configuration, the same for submissions and the reference run."""
    return {
        "SandboxedExecute": {
            "sandbox": sandbox,
            "sandbox_uid": uid,
            "timeout": limits.cell_seconds,
            "notebook_timeout": limits.notebook_seconds,
            "max_output_bytes": limits.output_bytes,
        },
        "SandboxedKernelManager": {
            "memory_limit_mb": limits.memory_mb,
            "process_limit": limits.processes,
            "file_size_limit_mb": limits.file_size_mb,
            "cpu_limit_seconds": max(60, limits.notebook_seconds * 2),
            "hidden_paths": os.pathsep.join(hidden),
            "cpu_threads": threads,
        },
    }


# -- the main process -------------------------------------------------------------------------------


def ensure_assignment(course: Course, chapter: str) -> None:
    """Record the chapter in the course gradebook (from its source) if it is not there yet."""
    with course.gradebook() as gb:
        try:
            gb.find_assignment(chapter)
            return
        except MissingEntry:
            pass
    check_step(course.api().generate_assignment(chapter, force=True, create=True), f"recording {chapter}")


def build_template(course: Course, chapter: str, workdir: Path) -> tuple[Path, dict[str, list[str]]]:
    """A fresh SQLite gradebook holding only the chapter's assignment, for the workers to copy."""
    template = Course(workdir / "template")
    shutil.copytree(course.source_folder(chapter), template.source_folder(chapter))
    check_step(template.api().generate_assignment(chapter, force=True, create=True), f"reading {chapter}'s source")
    with template.gradebook() as gb:
        assignment = gb.find_assignment(chapter)
        cells = {nb.name: [c.name for c in nb.source_cells] for nb in assignment.notebooks}
    return template.root / "gradebook.db", cells


def make_references(course: Course, chapter: str, notebooks: list[str], limits: Limits, sandbox: bool,
                    hidden: list[str]) -> Path:
    """The reference runs every submission is judged against: made now unless cached; the cache folder."""
    cache = course.root / CACHE_FOLDER
    config = course.config(**kernel_settings(limits, sandbox, SANDBOX_UID_BASE, hidden, 0))
    for notebook in notebooks:
        reference_records(course.source_folder(chapter) / f"{notebook}.ipynb", cache, config)
    return cache


def grade_chapter(
    course: Course,
    chapter: str,
    *,
    students: list[str] | None = None,
    workers: int | None = None,
    limits: Limits | None = None,
    sandbox: bool | None = None,
    on_result: Callable[[GradeResult, int, int], None] | None = None,
    warn: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> list[GradeResult]:
    """Grade every collected submission of ``chapter`` (or ``students``) and merge the results."""
    students = students if students is not None else course.submissions(chapter)
    limits = limits or Limits()
    workers = max(1, workers or os.cpu_count() or 1)
    if sandbox is None:
        problem = sandbox_problem()
        sandbox = problem is None
        if problem:
            warn(f"WARNING: grading UNSANDBOXED: {problem}. Student code will run with your permissions.")
    elif sandbox and sandbox_problem():
        raise RuntimeError(f"the sandbox was required but is unavailable: {sandbox_problem()}")
    results: list[GradeResult] = []
    with WorkerPool(workers, sandbox) as pool, tempfile.TemporaryDirectory(prefix="grading-batch-") as tmp:
        ensure_assignment(course, chapter)
        template_db, source_cells = build_template(course, chapter, Path(tmp))
        # Kernels share the cores: each gets an equal part rather than all of them.
        threads = max(1, (os.cpu_count() or 1) // workers) if workers > 1 else 0
        hidden = [str(course.root), str(course.exchange_root)]
        if course.db_url.startswith("sqlite:///"):
            hidden.append(str(Path(course.db_url.removeprefix("sqlite:///")).parent))
        cache = make_references(course, chapter, list(source_cells), limits, sandbox, hidden)
        jobs = [
            Job(s, chapter, str(course.root / "submitted" / s / chapter), str(course.source_folder(chapter)),
                str(template_db), source_cells, limits, sandbox, tuple(hidden), threads, str(cache))
            for s in students
        ]
        store = OutcomeStore(course.db_url)
        try:
            for result in pool.grade(jobs):
                merge_result(course, result, store)
                results.append(result)
                if on_result:
                    on_result(result, len(results), len(jobs))
        finally:
            store.close()
    return results


class WorkerPool:
    """The grading worker processes: started at once, so they warm up while the batch is prepared.

    A worker that dies (the pool breaks) is replaced by a fresh pool for the jobs still pending.
    ``task`` grades one job in a worker (a module-level function: workers are spawned).
    """

    def __init__(self, workers: int, sandbox: bool, task: Callable[[Job], GradeResult] | None = None) -> None:
        self.workers, self.sandbox = workers, sandbox
        self.task = task or grade_one
        self._context = multiprocessing.get_context("spawn")
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        counter = self._context.Value("i", 0)
        pool = ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=_init_worker,
                                   initargs=(counter, self.sandbox, self.task is grade_one))
        for _ in range(self.workers):
            pool.submit(int)  # spawns every worker now rather than at the first jobs
        return pool

    def grade(self, jobs: list[Job]) -> Iterator[GradeResult]:
        """Grade ``jobs``, yielding each result as it arrives.

        A dying worker breaks the whole pool, failing every job in it, so the failed jobs go again in
        a fresh pool. After a round in which no job got through, the first one goes alone: if it
        still kills its worker, it is the cause, and it alone is reported as crashing the worker.
        """
        pending, stalled = list(jobs), False
        while pending:
            batch, rest = (pending[:1], pending[1:]) if stalled else (pending, [])
            futures = {self._pool.submit(self.task, job): i for i, job in enumerate(batch)}
            broken: list[int] = []
            for future in as_completed(futures):
                job = batch[futures[future]]
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
                except Exception as error:
                    yield GradeResult(job.student, job.chapter, "error", f"{error.__class__.__name__}: {error}")
            if broken and len(batch) == 1:
                yield GradeResult(batch[0].student, batch[0].chapter, "error", "the grading worker crashed")
                retry = []
            else:
                retry = [batch[i] for i in sorted(broken)]
            stalled = len(retry) == len(batch)
            pending = retry + rest
            if broken and pending:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = self._start()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def merge_result(course: Course, result: GradeResult, store: OutcomeStore) -> None:
    """Write one result into the course gradebook and autograded folder (main process only)."""
    timestamp = _parse_timestamp(result.timestamp)
    with warnings.catch_warnings(), course.gradebook() as gb:
        # nbgrader's own session handling trips SQLAlchemy's autoflush warnings; they are harmless.
        warnings.simplefilter("ignore", SAWarning)
        gb.update_or_create_student(result.student)
        submission = gb.update_or_create_submission(result.chapter, result.student, timestamp=timestamp)
        # The audit's flag is a signal for the instructor; the judge's verdicts alone decide scores.
        zero = result.status in {"unreadable notebook", "invalid metadata", "error"}
        for notebook in submission.notebooks:
            scores = result.scores.get(notebook.name, {})
            for grade in notebook.grades:
                entry = scores.get(grade.name)
                if zero or entry is None:
                    grade.auto_score = 0.0 if grade.cell.cell_type == "code" else None
                    grade.needs_manual_grade = grade.cell.cell_type != "code" and not zero
                else:
                    score = entry["score"]
                    grade.auto_score = None if score is None else min(max(float(score), 0.0), float(grade.max_score))
                    grade.needs_manual_grade = entry["manual"]
        gb.db.commit()
    replace_folder(course.root / "autograded" / result.student / result.chapter, result.files)
    store.record(result)


def _parse_timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text)
    except Exception:  # a student-supplied timestamp.txt is untrusted text
        return None

