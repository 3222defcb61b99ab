"""nbgrader preprocessors for grading submissions safely.

``SandboxedExecute`` replaces nbgrader's ``Execute`` in the autograde pipeline: the kernel runs in
the sandbox (see ``sandbox.py``), a whole-notebook time limit backs up the per-cell one, output is
capped, a dead kernel ends the run with the cells before it still scored, and a tamper audit
before and after the student's cells looks for patched test machinery. What happened is left in
``resources["grading"]`` for the grading worker to report.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Int, Unicode

from .sandbox import SandboxedKernelManager, make_scratch

NOT_RUN = "NotRun"

# Run before the first cell: remember the test machinery as the grader loaded it.
AUDIT_PROLOGUE = """\
def _grader_audit_setup(nonce):
    import builtins, sys, types
    import numpy.testing
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell
    from autograder import checks
    shell = get_ipython()
    watched = {}
    for name in ("isinstance", "issubclass", "type", "len", "abs", "float", "int", "bool", "round", "repr",
                 "getattr", "hasattr", "all", "any", "sum", "min", "max", "print", "__import__", "exec", "eval"):
        watched["builtins." + name] = getattr(builtins, name)
    for name in dir(numpy.testing):
        if name.startswith("assert"):
            watched["numpy.testing." + name] = getattr(numpy.testing, name)
    for name in checks.__all__:
        watched["autograder.checks." + name] = getattr(checks, name)
    for name in ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "showtraceback", "transform_cell"):
        watched["InteractiveShell." + name] = getattr(InteractiveShell, name)
    state = {
        "watched": watched,
        "transformers": (list(shell.input_transformers_cleanup), list(shell.input_transformers_post),
                         list(shell.ast_transformers), shell.input_transformer_manager),
        "excepthook": sys.excepthook,
        "shell_class": type(shell),
    }
    module = types.ModuleType("_grader_" + nonce)
    module.state = state
    sys.modules[module.__name__] = module
_grader_audit_setup(%(nonce)r)
del _grader_audit_setup
"""

# Run after the last cell: report what differs from the prologue's snapshot.
AUDIT_EPILOGUE = """\
def _grader_audit_report(nonce):
    import builtins, importlib, json, sys
    import numpy.testing
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell
    from autograder import checks
    shell = get_ipython()
    state = sys.modules["_grader_" + nonce].state
    owners = {"builtins": builtins, "numpy.testing": numpy.testing, "autograder.checks": checks,
              "InteractiveShell": InteractiveShell}
    tampered = []
    for key, original in state["watched"].items():
        owner, _, name = key.rpartition(".")
        if getattr(owners[owner], name, None) is not original:
            tampered.append(key)
    for name in ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "showtraceback", "transform_cell"):
        if name in vars(shell):
            tampered.append("shell." + name)
    cleanup, post, ast, manager = state["transformers"]
    if (list(shell.input_transformers_cleanup) != cleanup or list(shell.input_transformers_post) != post
            or list(shell.ast_transformers) != ast or shell.input_transformer_manager is not manager):
        tampered.append("IPython input transformers")
    if type(shell) is not state["shell_class"]:
        tampered.append("IPython shell class")
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        for name in dir(tf.debugging):
            if name.startswith("assert"):
                fn = getattr(tf.debugging, name)
                module = getattr(fn, "__module__", "") or ""
                if not module.startswith(("tensorflow", "keras")):
                    tampered.append("tf.debugging." + name)
    print(json.dumps({"audit": nonce, "tampered": sorted(set(tampered))}))
_grader_audit_report(%(nonce)r)
"""


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
    sandbox_uid = Int(61000, help="Unprivileged user id of this worker's kernels.").tag(config=True)
    report_file = Unicode("", help="Where to write how the run ended, as JSON (outside the sandbox).").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    # -- kernel ---------------------------------------------------------------------------------

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.enabled = self.sandbox
        if self.sandbox:
            self._scratch = make_scratch(uid=self.sandbox_uid)
            folder = Path(self._resources_path) if self._resources_path else None
            if folder and folder.is_dir():
                # Data files that came with the assignment; never the notebook, which holds hidden tests.
                for item in folder.iterdir():
                    if item.is_file() and item.suffix != ".ipynb":
                        shutil.copy(item, self._scratch / item.name)
            km.scratch = str(self._scratch)
            km.sandbox_uid = self.sandbox_uid
            km.transport = "ipc"
            km.ip = str(self._scratch / "kernel")
            km.connection_file = str(self._scratch / "kernel.json")
        return km

    # -- the run ----------------------------------------------------------------------------------

    def preprocess(self, nb, resources=None, km=None):
        self._resources_path = (resources or {}).get("metadata", {}).get("path")
        self._scratch = None
        self._deadline = time.monotonic() + self.notebook_timeout
        self._cell_timeout = self.timeout
        self._stopped: str | None = None
        self._output_bytes = 0
        self._truncated = False
        self._nonce = secrets.token_hex(8)
        self._audit_started = False
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
            await self._run_hidden(AUDIT_PROLOGUE % {"nonce": self._nonce})
        if self._stopped:
            self._mark_not_run(cell)
        else:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                self._stop("timed out", cell_index, f"notebook time limit of {self.notebook_timeout} s reached")
                self._mark_not_run(cell)
            else:
                self.timeout = max(1, min(self._cell_timeout, int(remaining)))
                try:
                    await super().async_execute_cell(cell, cell_index, execution_count, store_history)
                except DeadKernelError:
                    self._kernel_died(cell, cell_index)
                else:
                    self._inspect(cell, cell_index)
        if cell_index == self._last_code_index() and self.audit and not self._stopped:
            await self._audit()
        return cell

    # nbconvert calls the synchronous wrapper, which nbclient bound to its own coroutine.
    execute_cell = run_sync(async_execute_cell)

    def _last_code_index(self) -> int:
        return max((i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"), default=-1)

    def _inspect(self, cell, cell_index: int) -> None:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if any(o.ename == "CellTimeoutError" for o in errors) and self._report["status"] == "graded":
            self._report.update(status="timed out", cell=cell_index, detail=f"cell time limit of {self._cell_timeout} s")
        if any(o.ename == "MemoryError" for o in errors) and self._report["status"] == "graded":
            self._report.update(status="out of memory", cell=cell_index, detail="MemoryError at the memory limit")

    def _kernel_died(self, cell, cell_index: int) -> None:
        code = None
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            code = process.poll()
        if code in (-9, 137, 128 + 9):
            self._stop("out of memory", cell_index, "the kernel was killed (out of memory)")
        else:
            self._stop("kernel died", cell_index, f"the kernel exited (status {code})")
        cell.outputs.append(
            new_output("error", ename="DeadKernelError", evalue=self._report["detail"], traceback=[self._report["detail"]])
        )

    def _stop(self, status: str, cell_index: int, detail: str) -> None:
        self._stopped = status
        self._report.update(status=status, cell=cell_index, detail=detail)

    def _mark_not_run(self, cell) -> None:
        reason = f"not run: {self._report['status']} in cell {self._report['cell']}"
        cell.outputs = [new_output("error", ename=NOT_RUN, evalue=reason, traceback=[reason])]

    async def _run_hidden(self, source: str) -> list:
        """Run grader code in the kernel without adding it to the notebook."""
        cell = new_code_cell(source)
        self.nb.cells.append(cell)  # nbclient writes a cell back at its index
        try:
            await super().async_execute_cell(cell, len(self.nb.cells) - 1, store_history=False)
        except DeadKernelError:
            return []
        finally:
            self.nb.cells.pop()
        return cell.get("outputs", [])

    async def _audit(self) -> None:
        outputs = await self._run_hidden(AUDIT_EPILOGUE % {"nonce": self._nonce})
        for output in outputs:
            if output.output_type != "stream":
                continue
            for line in output.text.splitlines():
                try:
                    report = json.loads(line)
                except ValueError:
                    continue
                if isinstance(report, dict) and report.get("audit") == self._nonce:
                    self._report["tampered"] = list(report.get("tampered", []))
                    return
        self._report["tampered"] = ["audit did not report (its code was blocked)"]

    # -- output cap ---------------------------------------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        self._output_bytes += size
        if self._output_bytes > self.max_output_bytes:
            if not self._truncated:
                self._truncated = True
                outs.append(new_output("stream", name="stdout", text="\n[output truncated by the grader]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)
