"""The course's command-line tool: ``python -m autograder <command>`` (``--help`` on each).

Authoring: generate, execute. Running a class: release, collect, grade, feedback, export, check.
Trying it all on a throwaway class: demo.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from . import layout


def _chapters(names: list[str]) -> list[str]:
    known = layout.chapters()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown chapter(s): {', '.join(unknown)}; chapters are: {', '.join(known)}")
    return names or known


def _course(args: argparse.Namespace, *chapters: str):
    """The course, its gradebook and ``chapters`` checked before any verb touches them."""
    from .nbconfig import Course
    from .validate import require_chapter, require_gradebook

    course = Course(Path(args.course_dir), db_url=args.db_url)
    for chapter in chapters:
        require_chapter(course, chapter)
    require_gradebook(course)
    return course


def _backup(course) -> None:
    """Before a verb rewrites gradebook rows: a copy to go back to, and where it is."""
    from .safety import backup_gradebook

    backup = backup_gradebook(course.db_url)
    if backup:
        print(f"gradebook backed up to {backup}")


def _due(text: str | None) -> datetime | None:
    if not text:
        return None
    from nbgrader.utils import parse_utc

    return parse_utc(text)


# -- authoring ---------------------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    from .student_editions import generate

    for folder in generate(_chapters(args.chapters)):
        print(f"wrote {folder.relative_to(layout.REPO_ROOT)}")
    return 0


def cmd_execute(args: argparse.Namespace) -> int:
    from .execute import execute_chapter

    for name in _chapters(args.chapters):
        seconds = execute_chapter(name)
        print(f"{name}: executed in {seconds:.1f} s, outputs saved")
    return 0


# -- running a class ---------------------------------------------------------------------------------


def cmd_release(args: argparse.Namespace) -> int:
    from .workflow import release

    course = _course(args, args.chapter)
    _backup(course)
    outbound = release(course, args.chapter, due=_due(args.due))
    print(f"released {args.chapter} to {outbound}" + (f" (due {args.due})" if args.due else ""))
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from .workflow import collect, lms_download_files, zip_collect

    course = _course(args, args.chapter)
    if args.from_lms:
        lms_download_files(Path(args.from_lms))  # a download that is no zip or folder fails first
    _backup(course)
    if args.from_lms:
        from .workflow import ArchiveLimits

        limits = ArchiveLimits(members=args.max_files, member_bytes=args.max_file_mb * 2**20,
                               total_bytes=args.max_total_mb * 2**20)
        students = zip_collect(course, args.chapter, Path(args.from_lms), due=_due(args.due), report=print,
                               limits=limits)
    else:
        students = collect(course, args.chapter, check_owner=not args.no_owner_check)
    print(f"{len(students)} submission(s) of {args.chapter} in {course.root / 'submitted'}: {', '.join(students)}")
    return 0


class Progress:
    """One status line per graded submission, under a progress bar (rich's) on a terminal."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.console = Console(highlight=False, soft_wrap=True)
        self.bar = Progress("grading", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=self.console, transient=True)
        self.task = self.bar.add_task("grading", total=total)

    def __enter__(self) -> Progress:
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def cluster(self, cluster) -> None:
        where = f"the cluster at {cluster.address}" if cluster.address else "a local cluster"
        line = f"on {where}: {cluster.worker_count()} worker(s)"
        if cluster.dashboard:
            line += f"; dashboard: {cluster.dashboard}"
        self.console.print(line, markup=False)

    def __call__(self, result, done: int, total: int) -> None:
        where = f" (cell {result.cell})" if result.cell is not None else ""
        detail = f" - {result.detail}" if result.detail else ""
        score = f"{result.score:g}/{result.max_score:g}" if result.max_score else "-"
        self.console.print(
            f"{done:>3}/{total}  {result.student:<16} {result.status + where:<28} {score:>9}  {result.seconds:6.1f} s{detail}",
            markup=False,
        )
        self.bar.update(self.task, completed=done)


def print_summary(results: list, stream=sys.stdout) -> None:
    """The table at the end of a grading run: counts per outcome, then the submissions to look at."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    print("\nSummary", file=stream)
    print(f"  {'outcome':<28} {'submissions':>11}", file=stream)
    for status, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {status:<28} {n:>11}", file=stream)
    flagged = [r for r in results if r.status not in ("graded",) or r.tampered]
    if flagged:
        print("\n  Look at:", file=stream)
        for r in sorted(flagged, key=lambda r: r.student):
            print(f"  {r.student:<16} {r.status:<28} {r.detail}", file=stream)
    total = sum(r.seconds for r in results)
    print(f"\n  {len(results)} submission(s), {total:.0f} s of grading time", file=stream)
    fresh: dict[str, int] = {}
    for r in results:
        if r.kernel.startswith("fresh: "):
            why = r.kernel.removeprefix("fresh: ")
            fresh[why] = fresh.get(why, 0) + 1
    forked = sum(1 for r in results if r.kernel == "forked")
    if forked or fresh:
        print(f"  kernels: {forked} forked from a warm template, {sum(fresh.values())} started fresh", file=stream)
    for why, n in sorted(fresh.items(), key=lambda kv: -kv[1]):
        print(f"    {n} fresh because {why}", file=stream)


def cmd_grade(args: argparse.Namespace) -> int:
    from .grading import Limits, grade_chapter
    from .validate import require_submissions

    course = _course(args, args.chapter)
    if args.students:
        require_submissions(course, args.chapter, args.students)
    _backup(course)
    limits = Limits(
        cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout, memory_mb=args.memory_mb
    )
    sandbox = False if args.no_sandbox else (True if args.require_sandbox else None)
    students = args.students or None
    total = len(students) if students else len(course.submissions(args.chapter))
    print(f"grading {total} submission(s) of {args.chapter}")
    with Progress(total) as progress:
        results = grade_chapter(
            course, args.chapter, students=students, workers=args.workers, scheduler=args.scheduler,
            limits=limits, sandbox=sandbox, on_result=progress, on_cluster=progress.cluster,
        )
    print_summary(results)
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .workflow import feedback

    pages = feedback(_course(args, args.chapter), args.chapter, report=print)
    print(f"generated and released {len(pages)} feedback page(s) (hidden tests removed)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    course = _course(args, *(args.chapters or []))
    out = Path(args.out or course.root / "export")
    csv_path, report = export(course, out, args.chapters or None)
    print(f"grades: {csv_path}\nreport: {report}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .nbconfig import Course
    from .validate import course_problems

    course = Course(Path(args.course_dir), db_url=args.db_url)
    problems = course_problems(course)
    for line in problems:
        print(line)
    print(f"{course.root}: {len(problems)} problem(s) found; nothing was changed")
    return 1 if problems else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    root = Path(args.dir) if args.dir else None
    if root and root.exists() and any(root.iterdir()):
        if not args.force:
            raise SystemExit(f"{root} is not empty; pass --force to replace it")
        shutil.rmtree(root)
    run_demo(root, chapter=args.chapter, workers=args.workers)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")

    def course_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--course-dir", default=os.environ.get("COURSE_DIR", str(layout.REPO_ROOT)),
                       help="nbgrader course directory (default: $COURSE_DIR or this repository)")
        p.add_argument("--db-url", default=os.environ.get("COURSE_DB_URL"),
                       help="gradebook URL, e.g. postgresql://user@host/db (default: $COURSE_DB_URL or "
                       "sqlite:///<course-dir>/gradebook.db)")

    p = sub.add_parser("generate", help="regenerate student editions (notebooks/) from the solutions",
                       description="Regenerate the committed student editions in notebooks/ from solutions/ "
                       "with nbgrader's generate_assignment. Run after editing any chapter.")
    p.add_argument("chapters", nargs="*", help="chapter folders, e.g. 01_tensors (default: all)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("execute", help="run instructor editions and save their outputs",
                       description="Execute each instructor edition top to bottom in a fresh kernel and save "
                       "its outputs, which the nbval test compares. Run after editing a chapter.")
    p.add_argument("chapters", nargs="*", help="chapter folders (default: all)")
    p.set_defaults(func=cmd_execute)

    p = sub.add_parser("release", help="publish a chapter to the exchange",
                       description="Generate the chapter's student edition, record its due date in the "
                       "gradebook, and publish it to the nbgrader exchange (c.Exchange.root, or $COURSE_EXCHANGE), "
                       "where learners fetch it from JupyterLab's Assignments panel or `nbgrader fetch_assignment`.")
    p.add_argument("chapter")
    p.add_argument("--due", help="due date, ISO 8601 in UTC, e.g. 2026-12-01T23:59:00")
    course_options(p)
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("collect", help="collect submissions from the exchange or an LMS download",
                       description="Copy each student's latest on-time submission (or, if every one was late, "
                       "the latest) into submitted/. With --from-lms, collect a zip file or folder of notebooks "
                       "named <student>_<YYYYMMDDTHHMMSS>_<notebook>.ipynb through nbgrader's zip_collect.")
    p.add_argument("chapter")
    p.add_argument("--from-lms", metavar="ZIP_OR_FOLDER", help="an LMS download instead of the exchange")
    p.add_argument("--due", help="due date for --from-lms (ISO 8601, UTC)")
    p.add_argument("--max-files", type=int, default=5_000, help="--from-lms: most files in a download (default 5000)")
    p.add_argument("--max-file-mb", type=int, default=50, help="--from-lms: largest notebook, MiB (default 50)")
    p.add_argument("--max-total-mb", type=int, default=500,
                   help="--from-lms: most bytes unpacked from a download, MiB (default 500)")
    p.add_argument("--no-owner-check", action="store_true",
                   help="accept exchange submissions whose folder owner differs from the student id")
    course_options(p)
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("grade", help="autograde a chapter's submissions in parallel, sandboxed",
                       description="Autograde every collected submission of a chapter with nbgrader, on a "
                       "Dask cluster (local worker processes, or --scheduler), each kernel in a bubblewrap sandbox (no network, no view of "
                       "the course, memory/process/file/time limits). Prints a status line per submission and a "
                       "summary; outcomes are stored in the gradebook and appear in the export.")
    p.add_argument("chapter")
    p.add_argument("--students", nargs="*", help="only these students")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes of the local cluster (default: number of cores)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="grade on the Dask cluster of this scheduler instead of a local one "
                        "(default: $DASK_SCHEDULER_ADDRESS if set)")
    p.add_argument("--cell-timeout", type=int, default=180, help="seconds per cell (default 180)")
    p.add_argument("--notebook-timeout", type=int, default=900, help="seconds per notebook (default 900)")
    p.add_argument("--memory-mb", type=int, default=6144, help="memory limit per kernel in MiB (default 6144)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--no-sandbox", action="store_true", help="run kernels unsandboxed (trusted code only)")
    group.add_argument("--require-sandbox", action="store_true", help="fail instead of grading unsandboxed")
    course_options(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("feedback", help="generate and release feedback (never shows hidden tests)",
                       description="Generate per-student feedback HTML from the autograded notebooks, with "
                       "hidden tests removed, and release it to the exchange (`nbgrader fetch_feedback`).")
    p.add_argument("chapter")
    course_options(p)
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("export", help="write grades.csv and a report with score distributions",
                       description="Write grades.csv (one row per student and chapter, with status, totals and "
                       "per-exercise scores) and report.html (score distributions per chapter and per exercise, "
                       "grading outcomes) into --out.")
    p.add_argument("chapters", nargs="*", help="chapters to export (default: all in the gradebook)")
    p.add_argument("--out", help="output folder (default: <course-dir>/export)")
    course_options(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", help="report problems in the course directory and gradebook, changing nothing",
                       description="Check that the gradebook opens and has this nbgrader's schema, every chapter "
                       "folder holds its notebook, and every collected submission has a valid student id, a "
                       "known chapter and a readable notebook. Prints one line per problem; exit 1 if any.")
    course_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("demo", help="run the whole pipeline on a throwaway class of synthetic students",
                       description="Create a throwaway course with synthetic students (correct, partial, blank, "
                       "late, broken and cheating submissions), then release, fetch, submit, collect, grade, "
                       "hand-grade, generate feedback and export, printing where everything is.")
    p.add_argument("--dir", help="where to create the class (default: a new temporary folder)")
    p.add_argument("--chapter", default="01_tensors", help="chapter to use (default 01_tensors)")
    p.add_argument("--workers", type=int, default=None, help="grading workers (default: number of cores)")
    p.add_argument("--force", action="store_true", help="replace --dir if it is not empty")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # before the imports below: `--help` stays instant
    from sqlalchemy.exc import SQLAlchemyError

    from .validate import CourseError

    try:
        return args.func(args)
    except CourseError as error:  # bad input, found before anything changed
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"error: the gradebook cannot be used: {error.__class__.__name__}: {str(error).splitlines()[0]}",
              file=sys.stderr)
        return 2
    except RuntimeError as error:  # nbgrader refused a step: one clear line, not a traceback
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

