"""Autograde a chapter's submissions in parallel, safely, with nbgrader underneath.

The main process reads the batch into data: the chapter's source, a template gradebook, the
reference runs (``ChapterBundle``) and each submission's files (``Job``). Dask workers (see
``cluster.py``; local processes or other machines) grade one job each in a private course copy
made from that data: its own folder, its own throwaway SQLite gradebook, and nbgrader's own
Autograde converter with ``SandboxedExecute`` and ``JudgeRecords``. Results come back as data. The
main process is the only writer of the course gradebook (SQLite or PostgreSQL): it merges each
result's scores, clamped to [0, points], and records every submission's outcome, so a parallel
run never loses or corrupts a grade and one bad submission never stops the batch.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from nbgrader.api import MissingEntry
from sqlalchemy.exc import SAWarning

from .intake import UnreadableNotebook, read_submission, repair_metadata
from .nbconfig import Course, check_step, last_error_line
from .outcomes import OutcomeStore
from .reference import CACHE_FOLDER, cache_path, reference_key, reference_records
from .safety import replace_folder
from .sandbox import SANDBOX_UID_BASE, claim_sandbox_uid, font_cache, grading_processes_here, sandbox_problem

if TYPE_CHECKING:
    from .cluster import GradingCluster


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
    kernel: str = ""  # "forked" from the worker's warm template, or "fresh: <why not>"
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def score(self) -> float:
        return sum(g["score"] or 0.0 for nb in self.scores.values() for g in nb.values())

    @property
    def max_score(self) -> float:
        return sum(g["max"] for nb in self.scores.values() for g in nb.values())


@dataclass(frozen=True)
class ChapterBundle:
    """Everything a grading worker needs that every submission of a batch shares, as data.

    A worker needs the course's Python environment and bubblewrap, not the course directory: the
    chapter's source, the template gradebook and the reference runs travel as bytes.
    """

    chapter: str
    source: dict[str, bytes]  # the chapter's source folder: relative path -> content
    template_db: bytes  # an SQLite gradebook holding only the chapter's assignment
    source_cells: dict[str, list[str]]  # notebook -> grade ids of its nbgrader cells
    references: dict[str, bytes]  # notebook -> its reference run (the cache file's content)
    reference_keys: dict[str, str]  # notebook -> the key the reference was made under
    limits: Limits
    sandbox: bool
    hidden: tuple[str, ...] = ()  # folders to hide from the kernel where they exist


@dataclass(frozen=True)
class Job:
    """One submission to grade: its files as data."""

    student: str
    files: dict[str, bytes] = field(repr=False)  # the submission folder: relative path -> content

    @property
    def timestamp(self) -> str | None:
        """The submission's timestamp.txt, as nbgrader's collect step wrote it (untrusted text)."""
        raw = self.files.get("timestamp.txt")
        return None if raw is None else raw.decode(errors="replace").strip()[:64]


def folder_files(folder: Path) -> dict[str, bytes]:
    """A folder's regular files by relative path (links and special files are left out)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not any(p.is_symlink() for p in path.relative_to(folder).parents if str(p) != "."):
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path -> content) under ``folder``; a path leaving it is refused."""
    for name, content in files.items():
        target = (folder / name).resolve()
        if Path(name).is_absolute() or ".." in Path(name).parts or folder.resolve() not in target.parents:
            raise ValueError(f"refusing to write outside the folder: {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


# -- the worker -------------------------------------------------------------------------------------

# nbgrader's applications keep process-wide state: one submission at a time per process, even on a
# worker that runs several threads.
_one_at_a_time = threading.Lock()


def warm_up(sandbox: bool, hidden: tuple[str, ...] = ()) -> None:
    """What a grading process's first submission would otherwise wait for: imports, matplotlib's
    font list, the kernel template (for kernels that hide ``hidden``)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # nbgrader's own session handling trips SQLAlchemy's autoflush warnings; they are harmless.
    warnings.simplefilter("ignore", SAWarning)
    import nbgrader.converters  # noqa: F401

    from . import exporters, preprocessors  # noqa: F401
    from .kernel_template import warm_template

    if sandbox and not sandbox_problem():
        uid = claim_sandbox_uid()
        # Should it fail, the first submission tries again and says why if it starts a fresh kernel.
        warm_template(sandboxed=True, uid=uid, hidden=tuple(hidden), fonts=font_cache(uid))


def kernel_threads() -> int:
    """TensorFlow threads per kernel: the machine's cores shared by its grading processes (0: all)."""
    processes = grading_processes_here()
    return max(1, (os.cpu_count() or 1) // processes) if processes > 1 else 0


def grade_one(bundle: ChapterBundle, job: Job) -> GradeResult:
    """Grade one submission in a private course copy, in whatever process runs it; never raises."""
    with _one_at_a_time:
        started = time.monotonic()
        result = GradeResult(job.student, bundle.chapter, status="graded", sandboxed=bundle.sandbox)
        root = Path(tempfile.mkdtemp(prefix="grading-"))
        try:
            _grade_in(root, bundle, job, result)
        except Exception as error:  # the batch goes on; the instructor sees what broke
            result.status = "error"
            result.detail = f"{error.__class__.__name__}: {error}"[:300]
            traceback.print_exc(file=sys.stderr)
        finally:
            shutil.rmtree(root, ignore_errors=True)
            result.seconds = round(time.monotonic() - started, 2)
        return result


def _unpack(root: Path, bundle: ChapterBundle, job: Job) -> Path:
    """The course copy a submission is graded in; the reference runs where JudgeRecords looks."""
    source = root / "solutions" / bundle.chapter
    write_files(source, bundle.source)
    (root / "gradebook.db").write_bytes(bundle.template_db)
    cache = root / CACHE_FOLDER
    cache.mkdir()
    for notebook, reference in bundle.references.items():
        key = reference_key(source / f"{notebook}.ipynb")
        if key != bundle.reference_keys[notebook]:
            raise GraderMismatch("this grading worker runs another version of the course's grader "
                                 "than the machine that made the reference run; install the same on both")
        cache_path(source / f"{notebook}.ipynb", cache).write_bytes(reference)
    write_files(root / "submitted" / job.student / bundle.chapter, job.files)
    return cache


class GraderMismatch(RuntimeError):
    """The worker's grading code differs from the one the reference runs were made with."""


def _grade_in(root: Path, bundle: ChapterBundle, job: Job, result: GradeResult) -> None:
    cache = _unpack(root, bundle, job)
    submitted = root / "submitted" / job.student / bundle.chapter
    result.timestamp = job.timestamp

    for notebook, known in bundle.source_cells.items():
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
    uid = claim_sandbox_uid()
    # Kernels share a machine's cores: each gets an equal part rather than all of them.
    settings = kernel_settings(bundle.limits, bundle.sandbox, uid, bundle.hidden, kernel_threads())
    settings["SandboxedExecute"]["report_file"] = str(report_file)
    api = private.api(Autograde={"create_student": True}, JudgeRecords={"reference_cache": str(cache)}, **settings)
    outcome = api.autograde(bundle.chapter, job.student, force=True, create=True)
    if report_file.exists():
        report = json.loads(report_file.read_text())
        result.status = report["status"]
        result.cell = report["cell"]
        result.detail = report["detail"]
        result.tampered = report["tampered"]
        result.kernel = report.get("kernel", "")
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
        submission = gb.find_submission(bundle.chapter, job.student)
        for notebook in submission.notebooks:
            result.scores[notebook.name] = {
                g.name: {"score": g.auto_score, "max": g.max_score, "manual": bool(g.needs_manual_grade)}
                for g in notebook.grades
            }
    autograded = root / "autograded" / job.student / bundle.chapter
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
                    hidden: tuple[str, ...]) -> dict[str, Path]:
    """The reference runs every submission is judged against, made now unless cached: notebook -> file."""
    cache = course.root / CACHE_FOLDER
    config = course.config(**kernel_settings(limits, sandbox, SANDBOX_UID_BASE, hidden, 0))
    return {nb: reference_records(course.source_folder(chapter) / f"{nb}.ipynb", cache, config) for nb in notebooks}


def hidden_paths(course: Course) -> list[str]:
    """The course's folders a kernel must not see, should they lie inside the sandbox's view."""
    hidden = [str(course.root), str(course.exchange_root)]
    if course.db_url.startswith("sqlite:///"):
        hidden.append(str(Path(course.db_url.removeprefix("sqlite:///")).parent))
    return hidden


def chapter_bundle(course: Course, chapter: str, workdir: Path, limits: Limits, sandbox: bool,
                   hidden: tuple[str, ...]) -> ChapterBundle:
    """The batch's shared data: source, template gradebook and reference runs, read into memory;
    kernels hide ``hidden`` (``hidden_paths``)."""
    ensure_assignment(course, chapter)
    template_db, source_cells = build_template(course, chapter, workdir)
    references = make_references(course, chapter, list(source_cells), limits, sandbox, hidden)
    source = course.source_folder(chapter)
    return ChapterBundle(
        chapter, folder_files(source), template_db.read_bytes(), source_cells,
        {nb: path.read_bytes() for nb, path in references.items()},
        {nb: reference_key(source / f"{nb}.ipynb") for nb in references},
        limits, sandbox, hidden,
    )


def grade_chapter(
    course: Course,
    chapter: str,
    *,
    students: list[str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    limits: Limits | None = None,
    sandbox: bool | None = None,
    on_result: Callable[[GradeResult, int, int], None] | None = None,
    on_cluster: Callable[[GradingCluster], None] | None = None,
    warn: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    task: Callable[[ChapterBundle, Job], GradeResult] = grade_one,
) -> list[GradeResult]:
    """Grade every collected submission of ``chapter`` (or ``students``) on Dask and merge the results.

    ``scheduler`` (or Dask's ``DASK_SCHEDULER_ADDRESS``) names an existing cluster; without one a
    local cluster of ``workers`` processes (default: one per core) runs for this batch. Each
    submission gets exactly one result, whatever happens to the workers; the main process alone
    writes the gradebook. ``task`` grades one job on a worker (tests replace it).
    """
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
    results: dict[str, GradeResult] = {}
    from .cluster import GradingCluster

    hidden = tuple(hidden_paths(course))
    with GradingCluster(workers, scheduler, sandbox, hidden) as cluster, \
            tempfile.TemporaryDirectory(prefix="grading-batch-") as tmp:
        bundle = chapter_bundle(course, chapter, Path(tmp), limits, sandbox, hidden)
        cluster.ready()
        if on_cluster:
            on_cluster(cluster)
        jobs = [Job(s, folder_files(course.root / "submitted" / s / chapter)) for s in students]
        store = OutcomeStore(course.db_url)
        try:
            by_student = {job.student: job for job in jobs}
            for result in cluster.grade(bundle, jobs, task, stall_seconds=limits.notebook_seconds + 600):
                if result.student in results:  # a job that ran twice is written once
                    continue
                if result.timestamp is None:  # its worker never got to read it
                    result.timestamp = by_student[result.student].timestamp
                merge_result(course, result, store)
                results[result.student] = result
                if on_result:
                    on_result(result, len(results), len(jobs))
        finally:
            store.close()
    return list(results.values())


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

