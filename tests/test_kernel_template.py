"""Kernels forked from the warm template: as isolated as fresh ones, the same results, a fallback.

Each test runs small notebooks through the grader's own ``SandboxedExecute``, one after another in
this process, so they share this process's template as a grading worker's submissions do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from autograder import kernel_template
from autograder.grading import Limits, kernel_settings
from autograder.kernel_template import TemplateUnavailable, forking_problem, template_for
from autograder.preprocessors import SandboxedExecute
from autograder.sandbox import SANDBOX_UID_BASE, sandbox_problem

pytestmark = [
    pytest.mark.sandbox,
    pytest.mark.skipif(bool(sandbox_problem()), reason=f"no sandbox: {sandbox_problem()}"),
    pytest.mark.skipif(bool(forking_problem(True)), reason=f"no forked kernels: {forking_problem(True)}"),
]

# A user id of its own, so this module's template is not another test's.
UID = SANDBOX_UID_BASE + 480
LIMITS = Limits(memory_mb=3072, processes=128, file_size_mb=16)


def run(*sources: str, forked: bool = True, limits: Limits = LIMITS) -> tuple[dict, list[str]]:
    """Run cells in a sandboxed kernel as the grader does; its report and each cell's stdout."""
    config = Config(kernel_settings(limits, True, UID, [], 0))
    config.SandboxedExecute.forked_kernels = forked
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    executor = SandboxedExecute(config=config, record_mode="reference", report_file="", audit=False)
    nb, resources = executor.preprocess(nb, {"metadata": {"path": os.getcwd()}})
    texts = ["".join(o.get("text", "") for o in c.outputs if o.output_type == "stream") +
             "".join(f"{o.ename}: {o.evalue}" for o in c.outputs if o.output_type == "error") for c in nb.cells]
    return resources["grading"], texts


TEMPLATE_PROBE = r"""
import ctypes, json, os, resource, signal
template = os.getppid()
def readable(path):
    try:
        open(path, "rb").read(1)
        return True
    except OSError:
        return False
try:
    os.kill(template, signal.SIGKILL)
    signalled = "sent"
except OSError as error:
    signalled = type(error).__name__
libc = ctypes.CDLL(None, use_errno=True)
print(json.dumps({
    "uid": os.getuid(), "template_uid": os.stat(f"/proc/{template}").st_uid, "signal": signalled,
    "ptrace": libc.ptrace(16, template, None, None),  # PTRACE_ATTACH
    "environ": readable(f"/proc/{template}/environ"), "mem": readable(f"/proc/{template}/mem"),
    "fds": readable(f"/proc/{template}/fd/0"), "own_fds": sorted(int(f) for f in os.listdir("/proc/self/fd")),
    "limits": {n: resource.getrlimit(getattr(resource, n))[0] for n in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE")},
    "network": sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").readlines()[2:]),
}))
"""


def test_a_forked_kernel_cannot_reach_its_template() -> None:
    report, (out,) = run(TEMPLATE_PROBE)
    assert report["kernel"] == "forked", report
    seen = json.loads(out)
    assert seen["uid"] == UID and seen["template_uid"] != UID, seen
    assert seen["signal"] == "PermissionError" and seen["ptrace"] == -1, seen
    assert not (seen["environ"] or seen["mem"] or seen["fds"]), seen
    assert seen["limits"] == {"RLIMIT_AS": LIMITS.memory_mb * 2**20, "RLIMIT_NPROC": LIMITS.processes,
                              "RLIMIT_FSIZE": LIMITS.file_size_mb * 2**20}, seen
    assert seen["network"] == ["lo"], seen


LEAVE_BEHIND = r"""
import ctypes, os, subprocess
subprocess.Popen(["sleep", "600"], start_new_session=True)
if os.fork() == 0:  # a daemon waiting for the next submission's kernel
    os.setsid()
    import time
    time.sleep(600)
for folder in ("/tmp", "/var/tmp", "/dev/shm"):
    os.makedirs(f"{folder}/left/deep", exist_ok=True)
    open(f"{folder}/left/deep/note", "w").write("from the last submission")
    os.chmod(f"{folder}/left/deep", 0o500)
    open(f"{folder}/left.txt", "w").write("from the last submission")
libc = ctypes.CDLL(None, use_errno=True)
print(libc.shmget(0x5EED, 4096, 0o1666), libc.semget(0x5EED, 1, 0o1666), libc.msgget(0x5EED, 0o1666))
"""

LOOK_AROUND = r"""
import json, os
me = os.getpid()
others = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        if int(pid) != me and os.stat(f"/proc/{pid}").st_uid == os.getuid():
            others.append(open(f"/proc/{pid}/cmdline").read())
    except OSError:
        pass
# What a kernel of this user left, not the sandbox's own folders (the way to this kernel's scratch
# folder, to a Python installed under /tmp), which belong to root.
def left(folder):
    return sorted(n for n in os.listdir(folder) if os.lstat(os.path.join(folder, n)).st_uid == os.getuid())
print(json.dumps({
    "processes": others,
    "files": {f: left(f) for f in ("/tmp", "/var/tmp", "/dev/shm")},
    "ipc": {k: open(f"/proc/sysvipc/{k}").read().splitlines()[1:] for k in ("shm", "sem", "msg")},
}))
"""


def test_nothing_a_kernel_leaves_behind_reaches_the_next() -> None:
    report, (made,) = run(LEAVE_BEHIND)
    assert report["kernel"] == "forked" and "-1" not in made.split(), (report, made)
    report, (out,) = run(LOOK_AROUND)
    assert report["kernel"] == "forked", report
    seen = json.loads(out)
    assert seen == {"processes": [], "files": {"/tmp": [], "/var/tmp": [], "/dev/shm": []},
                    "ipc": {"shm": [], "sem": [], "msg": []}}, seen


SAME_EITHER_WAY = r"""
import os, sys, tempfile
import keras, matplotlib, matplotlib.pyplot as plt, numpy as np, tensorflow as tf
keras.utils.set_random_seed(42)
tf.config.experimental.enable_op_determinism()
x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
model.compile("adam", "mse")
history = model.fit(x, x.sum(1), epochs=3, batch_size=16, verbose=0)
print([round(v, 6) for v in history.history["loss"]])
print(plt.get_backend(), matplotlib.get_configdir() == os.environ["MPLCONFIGDIR"])
print(tempfile.gettempdir() == os.environ["TMPDIR"], os.getcwd() in sys.path, "" in sys.path)
print(sorted(k for k in os.environ if not k.startswith(("JPY_", "PYDEVD_", "COLUMNS", "LINES"))))
"""


def test_forked_and_fresh_kernels_give_the_same_results() -> None:
    forked, forked_out = run(SAME_EITHER_WAY, "import matplotlib.pyplot as plt; plt.plot([1, 2]); plt.show()")
    fresh, fresh_out = run(SAME_EITHER_WAY, "import matplotlib.pyplot as plt; plt.plot([1, 2]); plt.show()",
                           forked=False)
    assert forked["kernel"] == "forked" and fresh["kernel"] == "fresh", (forked, fresh)
    assert forked_out == fresh_out, (forked_out, fresh_out)
    assert "backend_inline True\nTrue " in forked_out[0], forked_out


def test_a_kernel_starts_fresh_when_the_fork_fails(monkeypatch) -> None:
    template = template_for(sandboxed=True, uid=UID)
    real = template.request

    def fork_fails(**message):
        if message["op"] == "fork":
            raise TemplateUnavailable("the fork failed (a test)")
        return real(**message)

    monkeypatch.setattr(template, "request", fork_fails)
    report, (out,) = run("print(6 * 7)")
    assert report["kernel"] == "fresh: the fork failed (a test)" and out == "42\n", (report, out)


def test_a_template_that_died_is_replaced() -> None:
    run("pass")
    old = template_for(sandboxed=True, uid=UID)
    old.process.kill()
    old.process.wait()
    report, (out,) = run("print(6 * 7)")
    assert report["kernel"] == "forked" and out == "42\n", (report, out)
    assert template_for(sandboxed=True, uid=UID) is not old


def test_a_template_that_cannot_start_leaves_fresh_kernels(monkeypatch) -> None:
    monkeypatch.setattr(kernel_template, "_templates", {})
    monkeypatch.setattr(kernel_template, "_failures", {})
    monkeypatch.setattr(kernel_template.KernelTemplate, "__init__", _fails_to_start)
    report, (out,) = run("print(6 * 7)")
    assert report["kernel"].startswith("fresh: ") and "could not start" in report["kernel"], report
    assert out == "42\n"


def _fails_to_start(self, **_settings) -> None:
    raise TemplateUnavailable("the kernel template could not start (a test)")


def test_a_memory_limit_too_small_for_a_fork_starts_a_fresh_kernel() -> None:
    report, (out,) = run("print(6 * 7)", limits=Limits(memory_mb=1024))
    assert report["kernel"].startswith("fresh: the memory limit (1024 MiB)"), report
    assert out == "42\n"


def test_a_template_outlives_the_thread_that_started_it(monkeypatch) -> None:
    # A Dask worker's warm-up starts the template in a thread that ends at once.
    monkeypatch.setattr(kernel_template, "_templates", {})
    monkeypatch.setattr(kernel_template, "_failures", {})
    started: list = []
    thread = threading.Thread(target=lambda: started.append(template_for(sandboxed=True, uid=UID)))
    thread.start()
    thread.join()
    try:
        time.sleep(1)
        assert started and started[0].alive
        report, (out,) = run("print(6 * 7)")
        assert report["kernel"] == "forked" and out == "42\n", (report, out)
        assert template_for(sandboxed=True, uid=UID) is started[0]
    finally:
        for template in started:
            template.stop()


ORPHANED = """
import os, signal
from autograder.kernel_template import KernelTemplate
template = KernelTemplate(sandboxed=True)
print(template.process.pid, template.root, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_template_ends_with_the_grader_that_started_it() -> None:
    grader = subprocess.run([sys.executable, "-c", ORPHANED], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).parents[1])
    pid, root = grader.stdout.split()
    pid = int(pid)
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    shutil.rmtree(root, ignore_errors=True)
    assert not _running(pid), f"the template (pid {pid}) outlived its grader"


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie nobody reaps here counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False
