"""nbgrader preprocessors for grading submissions safely.

``SandboxedExecute`` replaces nbgrader's ``Execute`` in the autograde pipeline: the kernel runs in
the sandbox (see ``sandbox.py``), a whole-notebook time limit backs up the per-cell one, output is
capped, a dead or stuck kernel ends the run with the cells before it still scored, and a tamper
audit compares the test machinery before the first cell with the machinery after every test cell
(the snapshot stays in the grader, out of the student's reach). Tracebacks of test cells holding
hidden tests are cut to their error line, and test cells stay out of the kernel's history. What happened is left in
``resources["grading"]`` for the grading worker to report.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Int, Unicode, default

from .authoring import HIDDEN_BEGIN
from .sandbox import SANDBOX_UID_BASE, SandboxedKernelManager, font_cache, make_scratch, sandbox_problem

NOT_RUN = "NotRun"
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
        if self.sandbox:
            self._scratch = make_scratch(uid=self.sandbox_uid, fonts=font_cache(self.sandbox_uid))
            folder = Path(self._resources_path) if self._resources_path else None
            if folder and folder.is_dir():
                # Data files that came with the assignment; never the notebook, which holds hidden tests.
                for item in folder.iterdir():
                    if item.is_file() and item.suffix != ".ipynb":
                        shutil.copy(item, self._scratch / item.name)
            km.sandbox_uid = self.sandbox_uid
            km.scratch = str(self._scratch)
        return km

    # -- the run ----------------------------------------------------------------------------------

    def preprocess(self, nb, resources=None, km=None):
        self._resources_path = (resources or {}).get("metadata", {}).get("path")
        self._scratch = None
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
        self._unaudited = False
        self._snapshot: dict[str, str] | None = None
        self._report = {"status": "graded", "cell": None, "detail": "", "tampered": [], "seconds": 0.0}
        started = time.monotonic()
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
        finally:
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
        self._report["seconds"] = round(time.monotonic() - started, 2)
        if self._truncated:
            self._report["detail"] = (self._report["detail"] + "; " if self._report["detail"] else "") + "output truncated"
        resources.setdefault("grading", {}).update(self._report)
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
        grade = bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))
        if self._stopped:
            self._mark_not_run(cell)
        else:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                self._stop("timed out", cell_index, f"notebook time limit of {self.notebook_timeout} s reached")
                self._mark_not_run(cell)
            else:
                self.timeout = max(1, min(self._cell_timeout, int(remaining)))
                self._unaudited = True
                clipped = self.timeout < self._cell_timeout
                try:
                    # Test cells stay out of the kernel's history (In, _ih, Out) that later cells could print.
                    await super().async_execute_cell(cell, cell_index, execution_count, store_history and not grade)
                except DeadKernelError:
                    self._kernel_died(cell, cell_index)
                except CellTimeoutError:
                    self._kernel_stuck(cell, cell_index)
                else:
                    self._inspect(cell, cell_index, clipped)
                finally:
                    self.iopub_timeout = self._iopub_timeout
                if grade:
                    self._hide_test_source(cell)
        # The audit runs after every test cell, so tests scored before a crash are audited too.
        last = cell_index == self._last_code_index()
        if (self._snapshot is not None and self._kernel_usable and self._unaudited and (grade or last)
                and not self._report["tampered"]):
            self._unaudited = False
            await self._audit()
        return cell

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
        code = None
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            code = process.poll()
        if code in (-9, 137, 128 + 9):
            self._stop("out of memory", cell_index, "the kernel was killed (out of memory)")
        else:
            self._stop("kernel died", cell_index, f"the kernel exited (status {code})")
        cell.outputs.append(_error("DeadKernelError", self._report["detail"]))

    @staticmethod
    def _hide_test_source(cell) -> None:
        """Tracebacks of a test cell quote its source, hidden tests included: keep only the error line."""
        if HIDDEN_BEGIN not in cell.source:
            return
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]

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

    # -- output cap ---------------------------------------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
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
