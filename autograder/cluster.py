"""Where grading runs: a Dask cluster, local for one batch or an existing one on other machines.

Without a scheduler address a ``LocalCluster`` of worker processes (one per core by default) is
started for the batch and stopped after it. With one (``--scheduler tcp://HOST:PORT``, or Dask's
own ``DASK_SCHEDULER_ADDRESS``) the batch runs on that cluster, whose workers may be on other
machines: jobs carry their data (see ``grading.ChapterBundle`` and ``grading.Job``), so a worker
needs the course's Python environment and bubblewrap, not the course directory.

Faults are Dask's to handle: a worker that dies has its jobs rescheduled on the others (the
nanny starts a new one); a job that kills its worker ``ALLOWED_FAILURES`` + 1 times is given up
(``KilledWorker``). Dask blames every job its worker held when it died, so a job given up on is
only a suspect: it is graded again alone once the batch is done, and reported as having crashed
its worker only if it does so alone. Every job ends in exactly one result.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import dask
from distributed import Client, LocalCluster, WorkerPlugin
from distributed.scheduler import KilledWorker

if TYPE_CHECKING:
    from .grading import ChapterBundle, GradeResult, Job

# Times a job may take its worker down before it is the suspect (Dask's default is 3). Applies to
# the local cluster; an existing cluster's scheduler has its own setting.
ALLOWED_FAILURES = 2
CRASHED = "the grading worker crashed"


class WarmUp(WorkerPlugin):
    """On each worker, new or restarted: import nbgrader, build matplotlib's font list and start the
    kernel template in the background, while the main process prepares the batch."""

    name = "tf-keras-course-warm-up"

    def __init__(self, sandbox: bool, hidden: tuple[str, ...] = ()) -> None:
        self.sandbox = sandbox
        self.hidden = hidden

    def setup(self, worker) -> None:
        from .grading import warm_up

        threading.Thread(target=warm_up, args=(self.sandbox, self.hidden), name="grading-warm-up",
                         daemon=True).start()


class GradingCluster:
    """A Dask client for one batch, on a local cluster started for it or on an existing one."""

    def __init__(self, workers: int, scheduler: str | None, sandbox: bool, hidden: tuple[str, ...] = ()) -> None:
        self.workers = workers
        self.sandbox = sandbox
        self.hidden = hidden
        self.address = scheduler or dask.config.get("scheduler-address", None)
        self.local: LocalCluster | None = None
        self.client: Client | None = None

    def __enter__(self) -> GradingCluster:
        # The cluster starts (a few seconds) while the caller prepares the batch; ready() waits.
        self._starting = threading.Thread(target=self._start, name="grading-cluster-start", daemon=True)
        self._start_error: BaseException | None = None
        self._starting.start()
        return self

    def _start(self) -> None:
        try:
            if self.address:
                self.client = Client(self.address, timeout="30s", set_as_default=False)
            else:
                # A worker holds only the job it runs (Dask's default queues a second behind it), so
                # fewer innocent jobs share the blame when a job kills it.
                with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                                      "distributed.scheduler.worker-saturation": 1.0}):
                    self.local = LocalCluster(
                        n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, silence_logs=logging.ERROR,
                    )
                self.client = Client(self.local, set_as_default=False)
            self.client.register_plugin(WarmUp(self.sandbox, self.hidden))
        except BaseException as error:  # raised again, in the caller's thread, by ready()
            self._start_error = error

    def ready(self) -> GradingCluster:
        """Wait until the cluster is up; raise what stopped it starting."""
        self._starting.join()
        if self._start_error:
            raise RuntimeError(f"the grading cluster did not start: {self._start_error}") from self._start_error
        return self

    def __exit__(self, *exc) -> None:
        self._starting.join()
        if self.client:
            self.client.close()
        if self.local:
            self.local.close()

    @property
    def dashboard(self) -> str | None:
        """The scheduler's dashboard, when it serves one (an existing cluster with bokeh installed)."""
        if self.local or not self.client:
            return None
        return self.client.dashboard_link if "dashboard" in self.client.scheduler_info().get("services", {}) else None

    def worker_count(self) -> int:
        return len(self.client.scheduler_info()["workers"])

    def grade(self, bundle: ChapterBundle, jobs: list[Job], task: Callable[[ChapterBundle, Job], GradeResult],
              stall_seconds: float) -> Iterator[GradeResult]:
        """Run ``task(bundle, job)`` for every job on the cluster; yield one result per job.

        The bundle goes to each worker once (as the result of a task it depends on). A job Dask gives
        up on is graded again alone after the others; if it is given up on alone too, or raised in the
        worker, it becomes an error result for its submission. When no job finishes for
        ``stall_seconds`` (no worker left, say) the ones still pending are reported as not graded.
        """
        from .grading import GradeResult

        batch = uuid.uuid4().hex[:8]
        # A task, not scattered data: a worker that dies takes its copy along, and the scheduler
        # makes it again where it is needed (scattered data would be lost with the last holder).
        shared = self.client.submit(_bundle, bundle, key=f"bundle-{bundle.chapter}-{batch}", pure=False)
        pending = {
            self.client.submit(task, shared, job, key=f"grade-{bundle.chapter}-{job.student}-{batch}", pure=False): job
            for job in jobs
        }
        finished: queue.Queue = queue.Queue()
        suspects: list[Job] = []
        for future in pending:
            future.add_done_callback(finished.put)
        while pending:
            try:
                future = finished.get(timeout=stall_seconds)
            except queue.Empty:
                for future, job in pending.items():
                    future.cancel()
                    yield GradeResult(job.student, bundle.chapter, "error",
                                      f"not graded: no grading worker finished a job in {stall_seconds:.0f} s")
                return
            job = pending.pop(future)
            try:
                yield future.result()
            except KilledWorker:
                suspects.append(job)
            except (Exception, asyncio.CancelledError) as error:  # the task never raises: the cluster's doing
                yield _raised(bundle, job, error)
            finally:
                future.release()
        for job in suspects:
            # Alone on the cluster, a job is blamed only for what it does itself.
            future = self.client.submit(task, shared, job, key=f"regrade-{bundle.chapter}-{job.student}-{batch}",
                                        pure=False)
            try:
                yield future.result(timeout=stall_seconds * (ALLOWED_FAILURES + 1))
            except TimeoutError:
                future.cancel()
                yield GradeResult(job.student, bundle.chapter, "error",
                                  f"not graded: its worker crashed, and alone it did not finish in {stall_seconds:.0f} s")
            except KilledWorker:
                yield GradeResult(job.student, bundle.chapter, "error", CRASHED)
            except (Exception, asyncio.CancelledError) as error:
                yield _raised(bundle, job, error)
            finally:
                future.release()


def _raised(bundle: ChapterBundle, job: Job, error: BaseException) -> GradeResult:
    """The error result of a job the cluster could not run."""
    from .grading import GradeResult

    return GradeResult(job.student, bundle.chapter, "error", f"{error.__class__.__name__}: {error}"[:300])


def _bundle(bundle: ChapterBundle) -> ChapterBundle:
    return bundle
