"""Benchmark the grading tool against stock nbgrader, with forked and fresh kernels.

Builds a synthetic class (every submission is the chapter's student edition with the solution
edition's answers pasted in) and, in one run: grades it with stock ``nbgrader autograde`` (serial,
no sandbox, nbgrader's own pipeline), then with the course's tool for each worker count, with
kernels forked from the warm template and with fresh kernels; and executes the same notebook with
nbclient in a fresh kernel, one run after another, for comparison:

    .venv/bin/python benchmarks/grading_benchmark.py --submissions 16 --chapter 01_tensors --workers 1 2

Targets (issue "Grading near the physical limit"): 2 workers with forked kernels at least 5x
faster than stock nbgrader; CPU per submission at most 1.5x the CPU of the chapter's cells after
its setup cell (measured in a kernel, ``getrusage``); 2-worker speed-up at least 1.9x.

Grading runs on Dask (a local cluster of the given number of workers); Dask's overhead per
submission (target <= 2% of its grading time) is the steady-state time between one worker's
results not spent grading them. One untimed plain run warms the disk cache first. Wall times
depend on the machine's load (printed with each figure); CPU seconds are the whole machine's busy
time (from /proc/stat, so sandboxed kernels count too), which includes any other work running at
the time. Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]


@dataclass
class Measure:
    label: str
    count: int
    wall: float
    cpu: float
    load: tuple[float, float]  # 1-minute load average before and after
    statuses: dict[str, int] | None = None
    runs: list[float] | None = None  # plain execution: each run's wall time
    dask_each: float = 0.0  # grading: seconds per submission spent outside the grading tasks (1 worker)
    grading_each: float = 0.0  # grading: a submission's own grading seconds, on average
    steady_each: float = 0.0  # grading: seconds between results once every worker delivers

    @property
    def wall_each(self) -> float:
        return statistics.median(self.runs) if self.runs else self.wall / self.count

    @property
    def cpu_each(self) -> float:
        return self.cpu / self.count


def cpu_seconds() -> float:
    """The machine's busy CPU time so far: every process, sandboxed kernels included."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def build_class(root: Path, chapter: str, submissions: int) -> Path:
    """A course in ``root`` with ``submissions`` correct submissions of ``chapter``; returns its root."""
    from workflow_helpers import answer

    from autograder import layout
    from autograder.grading import Course

    course_root = root / "course"
    shutil.copytree(layout.SOLUTIONS_DIR / chapter, course_root / "solutions" / chapter)
    generated = Course(course_root).api().generate_assignment(chapter, force=True, create=True)
    if not generated["success"]:
        raise SystemExit(f"could not generate {chapter}: {generated.get('log')}")
    answered = root / "answered.ipynb"
    shutil.copy(course_root / "notebooks" / chapter / f"{chapter}.ipynb", answered)
    answer(answered, layout.solution_path(chapter))
    for i in range(submissions):
        folder = course_root / "submitted" / f"student{i:03d}" / chapter
        folder.mkdir(parents=True)
        shutil.copy(answered, folder / f"{chapter}.ipynb")
        (folder / "timestamp.txt").write_text(f"2026-03-01 10:00:{i % 60:02d}")
    return course_root


def fresh_course(template: Path, where: Path):
    """A copy of the class without any grading state (gradebook, autograded/)."""
    from autograder.grading import Course

    if where.exists():
        shutil.rmtree(where)
    shutil.copytree(template, where, ignore=shutil.ignore_patterns("gradebook.db", "autograded", "feedback"))
    return Course(where)


def grade(template: Path, work: Path, chapter: str, workers: int, sandbox: bool, label: str,
          forked: bool = True) -> Measure:
    from autograder.grading import grade_chapter

    # Read by every grading process (Dask's local workers inherit it) when it starts a kernel.
    os.environ.pop("AUTOGRADER_FRESH_KERNELS", None)
    if not forked:
        os.environ["AUTOGRADER_FRESH_KERNELS"] = "1"
    course = fresh_course(template, work / "run")
    count = len(course.submissions(chapter))
    reference_seconds = time_reference_run(course, chapter, sandbox)
    load = os.getloadavg()[0]
    cpu, started = cpu_seconds(), time.perf_counter()
    arrivals: list[tuple[float, float]] = []  # (when, the submission's own grading seconds)
    results = grade_chapter(course, chapter, workers=workers, sandbox=sandbox, warn=lambda message: None,
                            on_result=lambda r, done, total: arrivals.append((time.perf_counter(), r.seconds)))
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    # Steady state, one worker: between the first result and the last the worker graded the later
    # submissions; the rest of that time went to Dask (scheduling, data both ways) and the merge.
    busy = arrivals[-1][0] - arrivals[0][0] if len(arrivals) > 1 else 0.0
    task_seconds = sum(seconds for _, seconds in arrivals[1:])
    dask_each = (busy - task_seconds) / max(len(arrivals) - 1, 1)
    os.environ.pop("AUTOGRADER_FRESH_KERNELS", None)
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    kernels = {k: sum(1 for r in results if r.kernel.split(":")[0] == k) for k in ("forked", "fresh")}
    why_fresh = sorted({r.kernel for r in results if r.kernel.startswith("fresh:")}) if forked else []
    # Written answers wait for a hand grade; every autograded test should have full marks.
    full = sum(1 for r in results if r.scores and all(
        g["score"] == g["max"] for nb in r.scores.values() for g in nb.values() if not g["manual"]))
    print(f"  {label}: reference run {reference_seconds:.1f} s (once per chapter version, cached), then "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU, {full}/{count} with full marks on every test, {statuses}, "
          f"kernels {kernels}" + "".join(f"\n    {reason}" for reason in why_fresh), flush=True)
    grading_each = sum(r.seconds for r in results) / max(len(results), 1)
    if arrivals:
        print(f"    first result after {arrivals[0][0] - started:.1f} s (the cluster's start and warm-up, then one "
              f"submission); a submission's grading took {grading_each:.2f} s on average", flush=True)
    if workers == 1:
        print(f"    Dask overhead per submission (steady state): {dask_each:+.3f} s, "
              f"{100 * dask_each / grading_each:+.2f}% of a submission's {grading_each:.1f} s of grading", flush=True)
    # Once each worker has delivered its first result, the batch's pace without the fixed start.
    steady_each = busy / (len(arrivals) - workers) if len(arrivals) > workers else 0.0
    return Measure(label, count, wall, cpu, (load, os.getloadavg()[0]), statuses, dask_each=dask_each,
                   grading_each=grading_each, steady_each=steady_each)


def stock_autograde(template: Path, work: Path, chapter: str) -> Measure:
    """Stock ``nbgrader autograde``, serial and unsandboxed, nbgrader's default pipeline.

    Only what the course needs to run at all is configured: its folder names, and the cell time
    limit (nbgrader's 30 s default is too short for training cells).
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    course = fresh_course(template, work / "stock")
    config = Config()
    config.CourseDirectory.root = str(course.root)
    config.CourseDirectory.course_id = "tf-keras-course"
    config.CourseDirectory.source_directory = "solutions"
    config.CourseDirectory.release_directory = "notebooks"
    config.Execute.timeout = 180
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    if not api.generate_assignment(chapter, force=True, create=True)["success"]:
        raise SystemExit("stock nbgrader could not record the assignment")
    students = course.submissions(chapter)
    load = os.getloadavg()[0]
    cpu, started = cpu_seconds(), time.perf_counter()
    ok = sum(1 for s in students if api.autograde(chapter, s, force=True, create=True)["success"])
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    with course.gradebook() as gb:
        full = sum(1 for s in students if all(
            g.auto_score == g.max_score for nb in gb.find_submission(chapter, s).notebooks for g in nb.grades
            if g.cell.cell_type == "code"))
    print(f"  stock nbgrader autograde: {wall:.1f} s wall, {cpu:.1f} s CPU, {ok}/{len(students)} graded, "
          f"{full} with full marks on every test", flush=True)
    return Measure("stock nbgrader", len(students), wall, cpu, (load, os.getloadavg()[0]))


SETUP_CPU = """
import resource as _r
_u = _r.getrusage(_r.RUSAGE_SELF)
_chapter_cpu_start = _u.ru_utime + _u.ru_stime
"""
CHAPTER_CPU = """
_u = _r.getrusage(_r.RUSAGE_SELF)
print(_u.ru_utime + _u.ru_stime - _chapter_cpu_start)
"""


def chapter_cells_cpu(chapter: str, runs: int = 3) -> float:
    """CPU seconds of the chapter's cells after its setup cell (tests, hidden ones too), in a kernel."""
    import nbformat
    from notebook_kernel import notebook_kernel

    from autograder import layout

    seconds = []
    for _ in range(runs):
        with notebook_kernel(layout.solution_path(chapter)) as (kernel, nb):
            code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
            for n, (index, cell) in enumerate(code):
                kernel.run_cell(cell, index)
                if n == 0:
                    kernel.run(SETUP_CPU)
            out = kernel.outputs(CHAPTER_CPU)
            seconds.append(float(nbformat.from_dict(out[0]).text))
    return statistics.median(seconds)


def time_reference_run(course, chapter: str, sandbox: bool) -> float:
    """Seconds of the reference run (the instructor edition, recording), which a batch makes once."""
    from autograder.grading import Limits, make_references

    started = time.perf_counter()
    make_references(course, chapter, [chapter], Limits(), sandbox, (str(course.root),))
    return time.perf_counter() - started


# nbclient's default ends a kernel gracefully (about a second of exit handlers); the grader kills
# it once the notebook is done. Both are timed, so the overhead can be read against either.
PLAIN_SHUTDOWNS = {"graceful": "nbclient (plain)", "immediate": "nbclient, kill at end"}


PlainTimes = dict[str, list[tuple[float, float]]]  # shutdown mode -> (wall, CPU) seconds of each run


def plain_execution(chapter: str, runs: int, work: Path, times: PlainTimes, warm_up: bool) -> None:
    """Execute the notebook grading executes (answers and every test, hidden ones too) with nbclient.

    Runs alternate between the two shutdown modes, and are split between before and after the
    grading runs, so a machine whose speed drifts (disk cache reclaimed, neighbours) affects
    plain execution and grading alike. Appends each run's seconds to ``times``.
    """
    import nbformat
    from nbclient import NotebookClient

    from autograder import layout
    from autograder.execute import kernel_env

    source = nbformat.read(layout.solution_path(chapter), as_version=4)
    for cell in source.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None

    def run(shutdown: str, label: str, folder: Path) -> tuple[float, float]:
        folder.mkdir(parents=True, exist_ok=True)
        nb = nbformat.from_dict(source)
        cpu, started = cpu_seconds(), time.perf_counter()
        # The kernel's stderr holds only ipykernel's notice about unencrypted TCP.
        NotebookClient(nb, timeout=600, kernel_name="python3", shutdown_kernel=shutdown,
                       resources={"metadata": {"path": str(folder)}}).execute(env=kernel_env(), stderr=subprocess.DEVNULL)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        errors = [o.get("ename") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        print(f"  {PLAIN_SHUTDOWNS[shutdown]}, {label}: {seconds:.1f} s" + (f" errors {errors}" if errors else ""),
              flush=True)
        return seconds, cpu

    if warm_up:
        run("graceful", "warm-up run (not counted)", work / "warm-up")
    done = len(times["graceful"])
    for i in range(done, done + runs):
        for mode in PLAIN_SHUTDOWNS:
            times[mode].append(run(mode, f"run {i + 1}", work / f"{mode}{i}"))


def plain_measures(times: PlainTimes, load: tuple[float, float]) -> dict[str, Measure]:
    return {
        mode: Measure(label, len(times[mode]), sum(t for t, _ in times[mode]), sum(c for _, c in times[mode]), load,
                      runs=[t for t, _ in times[mode]])
        for mode, label in PLAIN_SHUTDOWNS.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=16, help="synthetic submissions (default 16)")
    parser.add_argument("--chapter", default="01_tensors")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to time (default 1 2)")
    parser.add_argument("--kernels", choices=["forked", "fresh"], nargs="+", default=["forked", "fresh"],
                        help="how grading kernels start (default both)")
    parser.add_argument("--no-stock", action="store_true", help="leave out stock nbgrader autograde")
    parser.add_argument("--exec-runs", type=int, default=None,
                        help="plain nbclient executions (default: min(submissions, 3))")
    parser.add_argument("--sandbox", choices=["on", "off"], default="on", help="grade in the sandbox (default on)")
    parser.add_argument("--keep", metavar="DIR", help="build the class in DIR and keep it")
    args = parser.parse_args(argv)
    if 1 not in args.workers:
        args.workers = [1, *args.workers]
    from autograder.execute import KERNEL_ENV
    from autograder.sandbox import sandbox_problem

    os.environ.update(KERNEL_ENV)  # stock nbgrader's kernels inherit this process's environment
    problem = sandbox_problem()
    if problem and args.sandbox != "off":
        print(f"sandbox unavailable ({problem}); grading unsandboxed")
        args.sandbox = "off"
    sandboxed = args.sandbox != "off"

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="grading-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{args.submissions} submissions of {args.chapter} in {work}", flush=True)
    try:
        template = build_class(work / "template", args.chapter, args.submissions)
        runs = args.exec_runs or min(args.submissions, 3)
        before = (runs + 1) // 2
        print(f"plain execution with nbclient, {runs} runs of each shutdown mode ({before} now, the rest after "
              "grading):", flush=True)
        times: PlainTimes = {mode: [] for mode in PLAIN_SHUTDOWNS}
        plain_load = os.getloadavg()[0]
        plain_execution(args.chapter, before, work / "plain", times, warm_up=True)
        cells_cpu = chapter_cells_cpu(args.chapter)
        print(f"CPU of the chapter's cells after the setup cell, in one kernel: {cells_cpu:.2f} s", flush=True)
        stock = None if args.no_stock else stock_autograde(template, work, args.chapter)
        measures: dict[tuple[str, int], Measure] = {}
        print("grading:", flush=True)
        for kernels in args.kernels:
            for workers in args.workers:
                label = f"{kernels}, {workers} worker{'s' if workers > 1 else ''}" + ("" if sandboxed else ", no sandbox")
                measures[kernels, workers] = grade(template, work, args.chapter, workers, sandboxed, label,
                                                   forked=kernels == "forked")
        if runs > before:
            print("plain execution again:", flush=True)
            plain_execution(args.chapter, runs - before, work / "plain", times, warm_up=False)
        plains = plain_measures(times, (plain_load, os.getloadavg()[0]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    rows = [*plains.values(), *([stock] if stock else []), *measures.values()]
    print(f"\n{'run':<26} {'wall s':>8} {'subm/min':>9} {'vs stock':>9} {'speed-up':>9} {'CPU s/subm':>11} "
          f"{'CPU/cells':>10} {'load':>11}")
    for m in rows:
        key = next((k for k, v in measures.items() if v is m), None)
        speedup = f"{measures[key[0], 1].wall / m.wall:.2f}x" if key and key[1] != 1 else "-"
        versus = f"{stock.wall / m.wall:.2f}x" if stock and m in measures.values() else "-"
        print(f"{m.label:<26} {m.wall:8.1f} {60 * m.count / m.wall:9.2f} {versus:>9} {speedup:>9} "
              f"{m.cpu_each:11.2f} {m.cpu_each / cells_cpu:9.2f}x {m.load[0]:5.1f}-{m.load[1]:<5.1f}")
    print(f"\nCPU of the chapter's cells after the setup cell: {cells_cpu:.2f} s per submission")
    for kernels in args.kernels:
        one, two = measures.get((kernels, 1)), measures.get((kernels, 2))
        print(f"{kernels} kernels, 1 worker: Dask overhead per submission (steady state) {one.dask_each:.3f} s = "
              f"{100 * one.dask_each / one.grading_each:.2f}% of its grading time (target <= 2%); "
              f"CPU per submission {one.cpu_each / cells_cpu:.2f}x the chapter's cells (target <= 1.5x)")
        if two:
            print(f"{kernels} kernels, 2 workers: speed-up {one.wall / two.wall:.2f}x (target >= 1.9x)"
                  + (f", {stock.wall / two.wall:.2f}x faster than stock nbgrader (target >= 5x)" if stock else ""))
            if one.steady_each and two.steady_each:
                print(f"{kernels} kernels, 2 workers, after the start: a result every {two.steady_each:.2f} s "
                      f"against {one.steady_each:.2f} s with 1 worker, {one.steady_each / two.steady_each:.2f}x")
    if max(max(m.load) for m in rows) > (os.cpu_count() or 1) + 0.5:
        print("NOTE: the machine was loaded by other work during the runs (see the load column); "
              "wall-time figures are pessimistic and noisy.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
