"""nbgrader preprocessors for grading submissions safely: the kernel only produces, the grader judges.

``SandboxedExecute`` replaces nbgrader's ``Execute`` in the autograde pipeline: the kernel runs in
the sandbox (see ``sandbox.py``) with the course's checks in record mode, a whole-notebook time
limit backs up the per-cell one, and output is capped. Test cells do not run where they stand:
after the learner's last cell, each runs as two parts (visible, then hidden tests), with the global
seeds reset before each part, and everything the kernel prints while they run is discarded; only
the checks' records are kept, in ``resources["records"]``. No learner code runs after a hidden test
except the learner's own functions called by it, so nothing can print a hidden test into the
notebook. A kernel that dies or hangs in the learner's cells is restarted and the cells before the
fatal one are replayed, so the exercises before it are still graded. ``JudgeRecords`` then writes
each test cell's verdict from those records and the reference run's (``autograder.judge``); that
verdict alone decides nbgrader's score. A tamper audit (snapshots kept in the grader) remains as a
signal for the instructor. What happened is left in ``resources["grading"]``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from pathlib import Path

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Enum, Int, Unicode, default

from .authoring import HIDDEN_BEGIN, HIDDEN_END
from .checks import RECORD_MIME
from .judge import judge_cell
from .kernel_template import forked_provisioner, warm_template
from .sandbox import SANDBOX_UID_BASE, SandboxedKernelManager, font_cache, make_scratch, sandbox_problem
from .structure import nbgrader_meta

NOT_RUN = "NotRun"
NOT_JUDGED = "NotJudged"
# What the grader keeps of one test part's records (the kernel may send more; then the part fails).
RECORD_BYTES_PER_PART = 16_000_000
RECORDS_PER_PART = 5_000
# Output kept from the grader's own hidden cells (the audit report is a few kB).
HIDDEN_OUTPUT_BYTES = 256_000

# The audit compares what the test machinery *is* before the first cell and after the last one.
# Each object is named by ``object.__repr__`` (its type and address), reached through ``()`` so a
# patched ``builtins.object`` or ``id`` cannot fake it. The snapshot is printed to the grader and
# kept outside the kernel: student code cannot find it in ``sys.modules`` and rewrite it.
AUDIT_SNAPSHOT = """\
def _grader_audit(nonce):
    import builtins, sys
    import numpy.testing
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell
    from autograder import checks
    name_of = ().__class__.__base__.__repr__
    shell = get_ipython()
    seen = {}
    for name in ("isinstance", "issubclass", "type", "len", "abs", "float", "int", "bool", "round", "repr",
                 "getattr", "hasattr", "all", "any", "sum", "min", "max", "print", "__import__", "exec", "eval",
                 "id", "object"):
        seen["builtins." + name] = name_of(getattr(builtins, name, None))
    for name in dir(numpy.testing):
        if name.startswith("assert"):
            seen["numpy.testing." + name] = name_of(getattr(numpy.testing, name))
    seen["numpy.testing"] = name_of(sys.modules.get("numpy.testing"))
    for name in checks.__all__:
        seen["autograder.checks." + name] = name_of(getattr(checks, name))
    seen["autograder.checks"] = name_of(sys.modules.get("autograder.checks"))
    for name in ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "showtraceback", "transform_cell"):
        seen["InteractiveShell." + name] = name_of(getattr(InteractiveShell, name))
        seen["shell." + name] = name_of(vars(shell).get(name))
    seen["IPython input transformers"] = "|".join(
        name_of(t) for t in [*shell.input_transformers_cleanup, *shell.input_transformers_post, *shell.ast_transformers,
                             shell.input_transformer_manager])
    seen["IPython shell class"] = name_of(type(shell))
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        for name in dir(tf.debugging):
            if name.startswith("assert"):
                fn = getattr(tf.debugging, name)
                module = getattr(fn, "__module__", "") or ""
                seen["tf.debugging." + name] = "" if module.startswith(("tensorflow", "keras")) else name_of(fn)
    import json
    print(json.dumps({"audit": nonce, "seen": seen}))
_grader_audit(%(nonce)r)
del _grader_audit
"""


_warned_unsandboxed = False


def _error(ename: str, message: str):
    """An error output the grader adds to a cell (nbgrader scores a test cell with one as failed)."""
    return new_output("error", ename=ename, evalue=message, traceback=[message])


def _warn_unsandboxed_once(log, problem: str) -> None:
    global _warned_unsandboxed
    if not _warned_unsandboxed:
        _warned_unsandboxed = True
        log.warning("grading UNSANDBOXED: %s. Student code runs with your permissions.", problem)


class SandboxedExecute(Execute):
    """Execute a submission in a sandboxed kernel, with limits, and record how the run ended."""

    sandbox = Bool(True, help="Run the kernel in the bubblewrap sandbox.").tag(config=True)
    notebook_timeout = Int(
        600, help="Wall-clock limit for the whole notebook, in seconds; cells after it are not run."
    ).tag(config=True)
    max_output_bytes = Int(
        2_000_000, help="Output kept per notebook, in bytes; the kernel's further output is dropped."
    ).tag(config=True)
    audit = Bool(True, help="Audit the kernel for patched test machinery before and after the student's cells.").tag(
        config=True
    )
    sandbox_uid = Int(SANDBOX_UID_BASE, help="Unprivileged user id of this worker's kernels.").tag(config=True)
    report_file = Unicode("", help="Where to write how the run ended, as JSON (outside the sandbox).").tag(config=True)
    record_mode = Enum(
        ["submission", "reference"], "submission",
        help="Whether the kernel runs a learner's submission or the instructor edition (the reference run).",
    ).tag(config=True)
    forked_kernels = Bool(
        True, help="Fork each kernel from this process's warm template (see kernel_template.py) rather than "
        "start it cold; a kernel that cannot be forked starts cold.",
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    @default("shutdown_kernel")
    def _kill_kernel_when_done(self) -> str:
        # By cleanup every cell has run and the audit has reported: a graceful shutdown would only
        # wait about a second per submission for the kernel's exit handlers.
        return "immediate"

    # -- kernel ---------------------------------------------------------------------------------

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self.sandbox and sandbox_problem():
            _warn_unsandboxed_once(self.log, sandbox_problem())
            self.sandbox = False
        km.enabled = self.sandbox
        template, why_not = warm_template(
            sandboxed=self.sandbox, uid=self.sandbox_uid,
            hidden=tuple(p for p in km.hidden_paths.split(os.pathsep) if p),
            fonts=font_cache(self.sandbox_uid) if self.sandbox else None,
        ) if self.forked_kernels else (None, "")
        if self.sandbox:
            self._scratch = make_scratch(str(template.root) if template else None, uid=self.sandbox_uid,
                                         fonts=font_cache(self.sandbox_uid))
            folder = Path(self._resources_path) if self._resources_path else None
            if folder and folder.is_dir():
                # Data files that came with the assignment; never the notebook, which holds hidden tests.
                for item in folder.iterdir():
                    if item.is_file() and item.suffix != ".ipynb":
                        shutil.copy(item, self._scratch / item.name)
            km.sandbox_uid = self.sandbox_uid
            km.scratch = str(self._scratch)
        km.record_mode = self.record_mode
        if self.forked_kernels:
            self._provisioner = forked_provisioner(km, template, why_not)
        return km

    # -- the run ----------------------------------------------------------------------------------

    def preprocess(self, nb, resources=None, km=None):
        self._resources_path = (resources or {}).get("metadata", {}).get("path")
        self._scratch = None
        self._provisioner = None
        self._deadline = time.monotonic() + self.notebook_timeout
        self._cell_timeout = self.timeout
        self._iopub_timeout = self.iopub_timeout
        self._stopped: str | None = None
        self._kernel_usable = True
        self._output_bytes = 0
        self._hidden_bytes = 0
        self._in_hidden = False
        self._truncated = False
        self._nonce = secrets.token_hex(8)
        self._audit_started = False
        self._snapshot: dict[str, str] | None = None
        self._report = {"status": "graded", "cell": None, "detail": "", "tampered": [], "seconds": 0.0}
        self._deferred: list[int] = []
        self._records: dict[str, dict] = {}
        self._collecting: list | None = None
        self._collected_bytes = 0
        self._finished = False
        started = time.monotonic()
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
        finally:
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
        self._report["seconds"] = round(time.monotonic() - started, 2)
        self._report["kernel"] = self._provisioner.kernel_source if self._provisioner else "fresh"
        if self._truncated:
            self._report["detail"] = (self._report["detail"] + "; " if self._report["detail"] else "") + "output truncated"
        resources.setdefault("grading", {}).update(self._report)
        resources["records"] = self._records
        if self.report_file:
            Path(self.report_file).write_text(json.dumps(self._report))
        return nb, resources

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return cell
        if self.audit and not self._audit_started and not self._stopped:
            self._audit_started = True
            self._snapshot = await self._audit_snapshot()
            if self._snapshot is None:
                self._flag(["audit did not report before the first cell"])
        if nbgrader_meta(cell).get("grade"):
            # Test cells run after the learner's last cell (see _run_tests); until judged they fail.
            self._deferred.append(cell_index)
            cell.outputs = [_error(NOT_JUDGED, "not judged: the grader judges test cells after the last cell")]
        elif self._stopped:
            self._mark_not_run(cell)
        else:
            await self._run_learner_cell(cell, cell_index, execution_count, store_history)
        if cell_index == self._last_code_index() and not self._finished:
            self._finished = True
            await self._finish()
        return cell

    async def _run_learner_cell(self, cell, cell_index, execution_count, store_history) -> None:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self._stop("timed out", cell_index, f"notebook time limit of {self.notebook_timeout} s reached")
            self._mark_not_run(cell)
            return
        self._clip_timeout()
        clipped = self.timeout < self._cell_timeout
        try:
            await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self._kernel_died(cell, cell_index)
        except CellTimeoutError:
            self._kernel_stuck(cell, cell_index)
        else:
            self._inspect(cell, cell_index, clipped)
        finally:
            self.iopub_timeout = self._iopub_timeout

    async def _finish(self) -> None:
        """After the last cell: audit, run the deferred tests, audit again."""
        if self._snapshot is not None and self._kernel_usable and not self._report["tampered"]:
            await self._audit()
        await self._run_tests()
        if self._snapshot is not None and self._kernel_usable and not self._report["tampered"]:
            await self._audit()

    async def _run_tests(self) -> None:
        """Run every test cell's parts in order; keep only the checks' records."""
        fatal = self._report["cell"] if self._stopped else None
        if fatal is not None and not self._kernel_usable:
            await self._replay_before(fatal)
        for index in self._deferred:
            cell = self.nb.cells[index]
            grade_id = cell.metadata.nbgrader.get("grade_id", f"cell-{index}")
            parts = []
            after_fatal = fatal is not None and index > fatal
            for part, source in split_test_source(cell.source):
                if after_fatal:
                    parts.append({"part": part, "status": "not run", "records": [], "error": None})
                else:
                    parts.append(await self._run_part(grade_id, part, source, index))
            self._records[grade_id] = {"parts": parts}
            if after_fatal:
                self._mark_not_run(cell)

    async def _replay_before(self, fatal: int) -> None:
        """A fresh kernel with the learner's cells before the fatal one run again (their outputs discarded)."""
        if time.monotonic() >= self._deadline:
            return
        try:
            await self.km.restart_kernel(now=True)
            await self.kc.wait_for_ready(timeout=self.startup_timeout)
        except Exception as error:  # the tests then report "not run"
            self.log.warning("could not restart the kernel to grade the cells before cell %s: %s", fatal, error)
            return
        self._kernel_usable = True
        if self._snapshot is not None:
            # A new kernel: its machinery is audited against its own first snapshot.
            self._snapshot = await self._audit_snapshot()
        for cell in self.nb.cells[:fatal]:
            if cell.cell_type != "code" or nbgrader_meta(cell).get("grade"):
                continue
            await self._run_quietly(cell.source)
            if not self._kernel_usable:
                return

    async def _run_part(self, grade_id: str, part: str, source: str, index: int) -> dict:
        result = {"part": part, "status": "not run", "records": [], "error": None}
        if not self._kernel_usable:
            return result
        if time.monotonic() >= self._deadline:
            result["status"] = "timed out"
            if self._report["status"] == "graded":
                self._report.update(status="timed out", cell=index,
                                    detail=f"notebook time limit of {self.notebook_timeout} s reached")
            return result
        outputs, status, result["records"] = await self._run_quietly(part_prologue(grade_id, part) + source)
        result["status"] = status
        errors = [o for o in outputs if o.get("output_type") == "error"]
        if errors:
            result["error"] = {"ename": str(errors[0].get("ename", ""))[:100], "evalue": str(errors[0].get("evalue", ""))[:500]}
        if status != "ran" and self._report["status"] == "graded":
            detail = "the kernel died in the tests" if status == "kernel died" else "cell time limit in the tests"
            self._report.update(status=status, cell=index, detail=detail)
        return result

    def _clip_timeout(self) -> None:
        """The next cell may run for the cell limit, or what is left of the notebook limit if less."""
        self.timeout = max(1, min(self._cell_timeout, int(self._deadline - time.monotonic())))

    async def _run_quietly(self, source: str) -> tuple[list, str, list]:
        """Run code in the kernel, discarding its output: (outputs nbclient added, status, records)."""
        self._collecting, self._collected_bytes = [], 0
        records = self._collecting
        self._clip_timeout()
        cell = new_code_cell(source)
        self.nb.cells.append(cell)  # nbclient writes a cell back at its index
        status = "ran"
        try:
            await super().async_execute_cell(cell, len(self.nb.cells) - 1, store_history=False)
        except DeadKernelError:
            self._kernel_usable, status = False, "kernel died"
        except CellTimeoutError:
            self._kernel_usable, status = False, "timed out"
        finally:
            self.iopub_timeout = self._iopub_timeout
            self.nb.cells.pop()
            self._collecting = None
        outputs = cell.get("outputs", [])
        if status == "ran" and any(o.get("ename") == "CellTimeoutError" for o in outputs):
            status = "timed out"
        return outputs, status, records

    # nbconvert calls the synchronous wrapper, which nbclient bound to its own coroutine.
    execute_cell = run_sync(async_execute_cell)

    async def _async_handle_timeout(self, timeout, cell=None):
        # After the interrupt, wait briefly for the cell to end: a kernel that ignores the interrupt
        # (it catches KeyboardInterrupt, or is stuck in C code) must not hold the run for iopub_timeout.
        self.iopub_timeout = min(self._iopub_timeout, 5)
        return await super()._async_handle_timeout(timeout, cell)

    def _last_code_index(self) -> int:
        return max((i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"), default=-1)

    def _inspect(self, cell, cell_index: int, clipped: bool) -> None:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if any(o.ename == "CellTimeoutError" for o in errors):
            if clipped:
                self._stop("timed out", cell_index, f"notebook time limit of {self.notebook_timeout} s reached")
            elif self._report["status"] == "graded":
                self._report.update(status="timed out", cell=cell_index, detail=f"cell time limit of {self._cell_timeout} s")
        if any(o.ename == "MemoryError" for o in errors) and self._report["status"] == "graded":
            self._report.update(status="out of memory", cell=cell_index, detail="MemoryError at the memory limit")

    def _kernel_stuck(self, cell, cell_index: int) -> None:
        """The cell timed out and the kernel ignored the interrupt: stop; nbclient kills it at cleanup."""
        self._kernel_usable = False
        limit = f"{self.timeout} s"
        self._stop("timed out", cell_index, f"cell time limit of {limit}; the kernel ignored the interrupt")
        cell.outputs.append(_error("CellTimeoutError", self._report["detail"]))

    def _kernel_died(self, cell, cell_index: int) -> None:
        self._kernel_usable = False
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        code = process.poll() if process is not None else getattr(provisioner, "returncode", None)
        if code in (-9, 137, 128 + 9):
            self._stop("out of memory", cell_index, "the kernel was killed (out of memory)")
        else:
            self._stop("kernel died", cell_index, f"the kernel exited (status {code})")
        cell.outputs.append(_error("DeadKernelError", self._report["detail"]))

    def _stop(self, status: str, cell_index: int, detail: str) -> None:
        self._stopped = status
        self._report.update(status=status, cell=cell_index, detail=detail)

    def _mark_not_run(self, cell) -> None:
        cell.outputs = [_error(NOT_RUN, f"not run: {self._report['status']} in cell {self._report['cell']}")]

    def _flag(self, tampered: list[str]) -> None:
        self._report["tampered"] = sorted(set(self._report["tampered"]) | set(tampered))

    async def _run_hidden(self, source: str) -> list:
        """Run grader code in the kernel without adding it to the notebook or counting its output."""
        cell = new_code_cell(source)
        self.nb.cells.append(cell)  # nbclient writes a cell back at its index
        self._in_hidden, self._hidden_bytes = True, 0
        self.timeout = max(self.timeout or 0, 30)
        try:
            await super().async_execute_cell(cell, len(self.nb.cells) - 1, store_history=False)
        except (DeadKernelError, CellTimeoutError):
            self._kernel_usable = False
            return []
        finally:
            self._in_hidden = False
            self.iopub_timeout = self._iopub_timeout
            self.nb.cells.pop()
        return cell.get("outputs", [])

    async def _audit_snapshot(self) -> dict[str, str] | None:
        """What the test machinery is now, as the kernel reports it (None when it did not report)."""
        outputs = await self._run_hidden(AUDIT_SNAPSHOT % {"nonce": self._nonce})
        for output in outputs:
            if output.output_type != "stream":
                continue
            for line in output.text.splitlines():
                try:
                    report = json.loads(line)
                except ValueError:
                    continue
                if isinstance(report, dict) and report.get("audit") == self._nonce and isinstance(report.get("seen"), dict):
                    return {str(k): str(v) for k, v in report["seen"].items()}
        return None

    async def _audit(self) -> None:
        now = await self._audit_snapshot()
        if now is None:
            self._flag(["audit did not report (its code was blocked)"])
            return
        before = self._snapshot or {}
        changed = [key for key in before if now.get(key) != before[key]]
        # Machinery imported after the first snapshot (TensorFlow's asserts) must be TensorFlow's own.
        changed += [key for key in now if key not in before and now[key]]
        if changed:
            self._flag(changed)

    def _collect(self, msg) -> None:
        """Keep a test part's records (data only, capped); drop everything else it printed."""
        if msg.get("msg_type") != "display_data":
            return
        record = (msg.get("content", {}).get("data") or {}).get(RECORD_MIME)
        if record is None:
            return
        self._collected_bytes += len(json.dumps(record, default=str))
        if self._collected_bytes > RECORD_BYTES_PER_PART or len(self._collecting) >= RECORDS_PER_PART:
            self._collecting.append(None)  # an unreadable record: the part fails
            return
        self._collecting.append(record)

    # -- output cap ---------------------------------------------------------------------------------

    def _update_display_id(self, display_id, msg):
        # A display the learner made earlier must not be rewritten once the tests (or a replay) run.
        if not self._finished:
            super()._update_display_id(display_id, msg)

    def output(self, outs, msg, display_id, cell_index):
        if self._collecting is not None:
            self._collect(msg)
            return None
        size = len(json.dumps(msg.get("content", {}), default=str))
        if self._in_hidden:
            # The grader's own cells are not capped with the student's output, but a student thread
            # printing into them is.
            self._hidden_bytes += size
            return None if self._hidden_bytes > HIDDEN_OUTPUT_BYTES else super().output(outs, msg, display_id, cell_index)
        self._output_bytes += size
        if self._output_bytes > self.max_output_bytes:
            if not self._truncated:
                self._truncated = True
                outs.append(new_output("stream", name="stdout", text="\n[output truncated by the grader]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def part_prologue(grade_id: str, part: str) -> str:
    """Code run before a test part: the same global random state in the reference run and the
    learner's, whatever the learner's cells drew before."""
    seed = int.from_bytes(hashlib.sha256(f"{grade_id}/{part}".encode()).digest()[:4], "big")
    return f"__import__('autograder.checks', fromlist=['begin_part']).begin_part({seed})\n"


def records_in(outputs) -> list:
    """The checks' records among a test part's outputs (for tools that run tests outside SandboxedExecute)."""
    return [o["data"][RECORD_MIME] for o in outputs
            if o.get("output_type") == "display_data" and RECORD_MIME in o.get("data", {})]


def split_test_source(source: str) -> list[tuple[str, str]]:
    """A test cell's parts: its visible tests, then its hidden tests (when it has any)."""
    if HIDDEN_BEGIN not in source:
        return [("visible", source)]
    visible, rest = source.split(HIDDEN_BEGIN, 1)
    hidden, _, after = rest.partition(HIDDEN_END)
    return [("visible", visible), ("hidden", hidden + after)]


class JudgeRecords(NbGraderPreprocessor):
    """Write each test cell's verdict, judged from its records against the reference run's.

    The verdict replaces whatever the cell held, so nothing the learner's kernel printed or
    displayed counts: a passing cell shows one line on stdout (full points for nbgrader), a failing
    one an error with the judge's message (no points). Without a reference run every test fails.
    """

    reference_cache = Unicode(
        "", help="Folder of cached reference runs (default: .grading-cache in the course directory); "
                 "a missing one is run now, from the instructor edition, and cached there."
    ).tag(config=True)

    def preprocess(self, nb, resources):
        records = resources.get("records")
        if records is None:  # not executed by SandboxedExecute: nothing to judge
            return nb, resources
        reference = self._reference(resources)
        for cell in nb.cells:
            meta = nbgrader_meta(cell)
            if cell.cell_type != "code" or not meta.get("grade"):
                continue
            grade_id = meta.get("grade_id", "")
            if any(o.get("ename") == NOT_RUN for o in cell.get("outputs", [])):
                continue  # the run stopped before this cell; its message says why
            if reference is None or grade_id not in reference["cells"]:
                message = f"{grade_id}: cannot be judged: the reference run has no records for it."
                cell.outputs = [_error("CheckFailed", message)]
                continue
            verdict = judge_cell(grade_id, reference["cells"][grade_id], records.get(grade_id))
            if verdict.passed:
                cell.outputs = [new_output("stream", name="stdout", text=verdict.message + "\n")]
            else:
                cell.outputs = [_error("CheckFailed", verdict.message)]
        return nb, resources

    def _reference(self, resources) -> dict | None:
        from .reference import reference_for_submission

        return reference_for_submission(self.config, resources, self.reference_cache or None)
