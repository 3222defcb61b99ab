"""Grading on Dask: a local cluster, a cluster of separate processes that cannot see the course,
a worker killed in the middle of a batch, a submission that crashes its worker, and one that shares
its worker with the crasher.

Each test grades a class of the tiny numpy-only assignment and checks that every submission got
exactly one outcome and the gradebook holds exactly the expected rows (``check_class``). The two
healthy clusters fork each kernel from their workers' templates; the fault tests start kernels fresh.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster
from workflow_helpers import PRE, TINY, check_class, make_class, student_rows

from autograder import layout
from autograder.cluster import ALLOWED_FAILURES, CRASHED
from autograder.grading import ChapterBundle, GradeResult, Job, grade_chapter, grade_one
from autograder.kernel_template import forking_problem
from autograder.sandbox import sandbox_problem

KINDS = ["correct", "blank", "partial", "broken", "correct", "partial"]


def quiet(message: str) -> None:
    pass


@pytest.fixture
def fresh_kernels(monkeypatch) -> None:
    """Kernels start fresh (the workers inherit the variable): the fault tests restart workers
    several times, and each restart would start a kernel template that the crasher never uses."""
    monkeypatch.setenv("AUTOGRADER_FRESH_KERNELS", "1")


def test_local_cluster_of_two_workers(tmp_path: Path) -> None:
    course, students = make_class(tmp_path / "course", None, KINDS)
    before = student_rows(course.db_url, PRE)
    seen = []
    results = grade_chapter(course, TINY, workers=2, warn=quiet,
                            on_cluster=lambda cluster: seen.append(cluster.worker_count()))
    assert seen == [2]
    check_class(course, students, results, before)
    if not forking_problem(True) and not sandbox_problem():
        # Each worker's warm-up started its template; a job that found it gone (or replaced) says so.
        assert {r.kernel for r in results if r.status != "unreadable notebook"} == {"forked"}, \
            sorted((r.student, r.kernel) for r in results)


@contextmanager
def separate_cluster(tmp_path: Path, hide: Path, workers: int = 2) -> Iterator[str]:
    """``dask scheduler`` and ``dask worker`` processes on loopback; the workers' view of ``hide``
    is an empty folder (a mount namespace of their own), and they run in a folder of their own."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("hiding the course from the workers needs root and unshare (a mount namespace)")
    dask = str(Path(sys.executable).parent / "dask")
    scheduler_file = tmp_path / "scheduler.json"
    elsewhere = tmp_path / "worker-machine"
    elsewhere.mkdir()
    logs = tmp_path / "cluster.log"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "2"}
    processes = [subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
        stdout=logs.open("ab"), stderr=subprocess.STDOUT, env=env, start_new_session=True)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        worker = f"mount -t tmpfs tmpfs {hide} && exec {dask} worker --nworkers 1 --nthreads 1 --no-dashboard " \
                 f"--scheduler-file {scheduler_file}"
        for _ in range(workers):
            processes.append(subprocess.Popen(
                ["unshare", "--mount", "--propagation", "private", "sh", "-c", worker], cwd=elsewhere,
                stdout=logs.open("ab"), stderr=subprocess.STDOUT, env=env, start_new_session=True))
        with Client(scheduler_file=str(scheduler_file), timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
            yield client.scheduler.address
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_separate_cluster_without_the_course_directory(tmp_path: Path) -> None:
    course, students = make_class(tmp_path / "course", None, KINDS)
    before = student_rows(course.db_url, PRE)
    with separate_cluster(tmp_path, hide=tmp_path / "course") as address:
        with Client(address, timeout="30s") as client:
            seen = client.run(lambda: (os.listdir(course.root), os.getcwd()))
        assert len(seen) == 2 and all(listing == [] for listing, _ in seen.values()), \
            f"the workers see the course: {seen}"
        assert layout.REPO_ROOT.is_dir()
        results = grade_chapter(course, TINY, scheduler=address, warn=quiet)
    check_class(course, students, results, before)


def test_a_worker_killed_mid_batch_hands_its_jobs_to_the_others(tmp_path: Path, fresh_kernels) -> None:
    course, students = make_class(tmp_path / "course", None, KINDS + ["correct", "blank"])
    before = student_rows(course.db_url, PRE)
    with separate_cluster(tmp_path, hide=tmp_path / "course", workers=2) as address:
        killed = []

        def kill_one_worker(result, done: int, total: int) -> None:
            if done == 1:  # the other worker is in the middle of a submission now
                with Client(address, timeout="30s") as client:
                    pids = client.run(os.getpid)
                victim = max(pids.values())
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        results = grade_chapter(course, TINY, scheduler=address, warn=quiet, on_result=kill_one_worker)
    assert len(killed) == 1
    check_class(course, students, results, before)


def test_a_submission_that_crashes_its_worker_costs_only_itself(tmp_path: Path, fresh_kernels) -> None:
    course, students = make_class(tmp_path / "course", None, KINDS)
    before = student_rows(course.db_url, PRE)
    crasher = sorted(students)[2]
    results = grade_chapter(course, TINY, workers=2, warn=quiet, task=crash_for(crasher))
    assert [(r.status, r.detail) for r in results if r.student == crasher] == [("error", CRASHED)]
    check_class(course, students, results, before, crashed={crasher})


def test_a_submission_that_shared_a_worker_with_a_crasher_is_graded_alone(tmp_path: Path, fresh_kernels) -> None:
    """Dask blames every job a dying worker held: on one worker with two threads the crasher takes
    the other job down with it each time, and that job is graded again alone, in full."""
    course, students = make_class(tmp_path / "course", None, ["correct", "partial"])
    before = student_rows(course.db_url, PRE)
    crasher = sorted(students)[1]
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}), \
            LocalCluster(n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=None,
                         silence_logs=logging.ERROR) as cluster:
        results = grade_chapter(course, TINY, scheduler=cluster.scheduler_address, warn=quiet,
                                task=crash_for(crasher))
    check_class(course, students, results, before, crashed={crasher})


class crash_for:  # noqa: N801 - used like a function
    """A grading task that takes its worker process down for one student, and grades the others."""

    def __init__(self, student: str) -> None:
        self.student = student

    def __call__(self, bundle: ChapterBundle, job: Job) -> GradeResult:
        if job.student == self.student:
            os._exit(1)
        return grade_one(bundle, job)
