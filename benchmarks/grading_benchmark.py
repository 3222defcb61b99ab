"""Benchmark the grading tool: parallel speed-up, and its overhead over plain notebook execution.

Builds a synthetic class (every submission is the chapter's student edition with the solution
edition's answers pasted in), grades it with each worker count, and executes the same notebook
with nbclient in a fresh kernel, one run after another, for comparison:

    .venv/bin/python benchmarks/grading_benchmark.py --submissions 40 --chapter 01_tensors --workers 1 2

Targets (issue "The whole grading workflow, for a real class"): 2 workers >= 1.8x on 2 cores; tool
overhead < 15% of the notebook's execution time, overhead = (grading time per submission with
1 worker - median plain execution time) / median plain execution time, against nbclient as it
comes (graceful kernel shutdown) and against nbclient killing the kernel at the end as the
grader does. One untimed plain run warms the disk cache first. Grading runs on Dask (a local
cluster of the given number of workers); Dask's overhead per submission (target <= 2% of its
grading time) is the steady-state time between one worker's results not spent grading them. Wall times depend on the
machine's load (printed with each figure); CPU seconds are the whole machine's busy time (from
/proc/stat, so sandboxed kernels count too), which includes any other work running at the time.
Not a test: it takes minutes.
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


def grade(template: Path, work: Path, chapter: str, workers: int, sandbox: bool, label: str) -> Measure:
    from autograder.grading import grade_chapter

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
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    # Written answers wait for a hand grade; every autograded test should have full marks.
    full = sum(1 for r in results if r.scores and all(
        g["score"] == g["max"] for nb in r.scores.values() for g in nb.values() if not g["manual"]))
    print(f"  {label}: reference run {reference_seconds:.1f} s (once per chapter version, cached), then "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU, {full}/{count} with full marks on every test, {statuses}", flush=True)
    grading_each = sum(r.seconds for r in results) / max(len(results), 1)
    if workers == 1:
        print(f"    Dask overhead per submission (steady state): {dask_each:+.3f} s, "
              f"{100 * dask_each / grading_each:+.2f}% of a submission's {grading_each:.1f} s of grading", flush=True)
    return Measure(label, count, wall, cpu, (load, os.getloadavg()[0]), statuses, dask_each=dask_each,
                   grading_each=grading_each)


def time_reference_run(course, chapter: str, sandbox: bool) -> float:
    """Seconds of the reference run (the instructor edition, recording), which a batch makes once."""
    from autograder.grading import Limits, make_references

    started = time.perf_counter()
    make_references(course, chapter, [chapter], Limits(), sandbox, [str(course.root)])
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


def overhead(grading: Measure, plain: Measure) -> tuple[float, float]:
    return (100 * (grading.wall_each - plain.wall_each) / plain.wall_each,
            100 * (grading.cpu_each - plain.cpu_each) / plain.cpu_each)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=40, help="synthetic submissions (default 40)")
    parser.add_argument("--chapter", default="01_tensors")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to time (default 1 2)")
    parser.add_argument("--exec-runs", type=int, default=None,
                        help="plain nbclient executions (default: min(submissions, 5))")
    parser.add_argument("--sandbox", choices=["on", "off", "both"], default="both",
                        help="grade in the sandbox, without it, or 1 worker both ways (default both)")
    parser.add_argument("--keep", metavar="DIR", help="build the class in DIR and keep it")
    args = parser.parse_args(argv)
    if 1 not in args.workers:
        args.workers = [1, *args.workers]

    from autograder.sandbox import sandbox_problem

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
        runs = args.exec_runs or min(args.submissions, 5)
        before = (runs + 1) // 2
        print(f"plain execution with nbclient, {runs} runs of each shutdown mode ({before} now, the rest after "
              "grading):", flush=True)
        times: PlainTimes = {mode: [] for mode in PLAIN_SHUTDOWNS}
        plain_load = os.getloadavg()[0]
        plain_execution(args.chapter, before, work / "plain", times, warm_up=True)
        measures: dict[str, Measure] = {}
        print("grading:", flush=True)
        for workers in args.workers:
            label = f"{workers} worker{'s' if workers > 1 else ''}" + (", sandbox" if sandboxed else ", no sandbox")
            measures[f"{workers}/{sandboxed}"] = grade(template, work, args.chapter, workers, sandboxed, label)
        if args.sandbox == "both":
            measures["1/False"] = grade(template, work, args.chapter, 1, False, "1 worker, no sandbox")
        if runs > before:
            print("plain execution again:", flush=True)
            plain_execution(args.chapter, runs - before, work / "plain", times, warm_up=False)
        plains = plain_measures(times, (plain_load, os.getloadavg()[0]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    base = measures[f"1/{sandboxed}"]
    print(f"\n{'run':<24} {'wall s':>8} {'subm/min':>9} {'speed-up':>9} {'wall s/subm':>12} {'CPU s/subm':>11} {'load':>11}")
    for plain in plains.values():
        print(f"{plain.label:<24} {plain.wall:8.1f} {60 * plain.count / plain.wall:9.2f} {'-':>9} "
              f"{plain.wall_each:12.1f} {plain.cpu_each:11.1f} {plain.load[0]:5.1f}-{plain.load[1]:<5.1f}")
    for key, m in measures.items():
        speedup = f"{base.wall / m.wall:.2f}x" if key.endswith(f"/{sandboxed}") else "-"
        print(f"{m.label:<24} {m.wall:8.1f} {60 * m.count / m.wall:9.2f} {speedup:>9} "
              f"{m.wall_each:12.1f} {m.cpu_each:11.1f} {m.load[0]:5.1f}-{m.load[1]:<5.1f}")
    print()
    for plain in plains.values():
        print(f"{plain.label}: median {plain.wall_each:.2f} s, range {min(plain.runs):.1f}-{max(plain.runs):.1f} s")
    print("tool overhead per submission over plain execution (1 worker; target < 15%):")
    for key, m in measures.items():
        if key.startswith("1/"):
            for plain in plains.values():
                wall_pct, cpu_pct = overhead(m, plain)
                print(f"  {m.label:<20} over {plain.label:<22} wall {wall_pct:+6.1f}%   CPU {cpu_pct:+6.1f}%")
    one = measures[f"1/{sandboxed}"]
    print(f"Dask overhead per submission, 1 worker, steady state: {one.dask_each:.3f} s = "
          f"{100 * one.dask_each / one.grading_each:.2f}% of its grading time (target <= 2%)")
    two = measures.get(f"2/{sandboxed}")
    if two:
        print(f"\nspeed-up with 2 workers: {base.wall / two.wall:.2f}x (target >= 1.8x on 2 cores)")
    spread = statistics.pstdev([m.load[0] for m in measures.values()]) if len(measures) > 1 else 0.0
    if max(max(m.load) for m in [*plains.values(), *measures.values()]) > (os.cpu_count() or 1) + 0.5 or spread > 1:
        print("NOTE: the machine was loaded by other work during the runs (see the load column); "
              "wall-time figures are pessimistic and noisy.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
