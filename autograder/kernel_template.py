"""Kernels forked from a warm template instead of started cold for every submission.

A fresh kernel spends most of a short chapter's grading time starting Python and importing
TensorFlow, Keras, NumPy and matplotlib. A *template* is a process that has done those imports
once (``PRELOADED``), and has imported ipykernel's machinery, but has created no TensorFlow
context, no ZMQ context, no event loop and no threads of its own; for each submission it forks,
and the child becomes that submission's kernel. The template never runs learner code.

Sandboxed, the template runs inside the same bubblewrap sandbox as a fresh kernel (no network,
its own pid and IPC namespaces, the file system allowlist), as root of that sandbox with only the
capabilities to change user. Each child, before it runs anything of the learner's, closes every
file the template holds, takes the fresh kernel's environment, working folder and resource
limits, and drops to the grading worker's unprivileged user id, so it can neither signal nor
ptrace the template. When a kernel ends, the template kills every process left under that user
id and removes what it left in the shared /tmp, /var/tmp, /dev/shm and System V IPC, before the
next submission's kernel is forked.

The grader talks to its template over a pipe (one JSON object per line); the kernel manager sees a
kernel provisioner (``ForkedKernelProvisioner``) whose kernels come from the template. When the
template is unavailable or a fork fails, the provisioner starts a fresh kernel instead and says so.

Run as ``python -m autograder.kernel_template`` only by ``KernelTemplate``.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

log = logging.getLogger(__name__)

# What every chapter's setup cell imports (and what they pull in), plus the kernel itself. Not
# autograder.checks: it reads its recording mode from the kernel's environment when imported.
PRELOADED = (
    "numpy",
    "tensorflow",
    "keras",
    "matplotlib",
    "matplotlib.pyplot",
    "sklearn.datasets",
    "sklearn.model_selection",
    "scipy.stats",
    "ipykernel.kernelapp",
)
# ipykernel sets this before a fresh kernel's first cell; matplotlib reads it when imported.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
READY_SECONDS = 180
# Address space a forked kernel needs beyond the template's to start (its threads' stacks and
# malloc arenas) and run a small notebook.
KERNEL_START_BYTES = 768 * 2**20
# A child that could not become a kernel exits with this status, its traceback in this file.
START_FAILED = 70
START_LOG = "kernel-start.log"


# -- the template process -------------------------------------------------------------------------


def _preload() -> list[str]:
    import importlib

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    loaded = []
    for name in PRELOADED:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # a course without scikit-learn still gets the rest
            pass
    return loaded


_channel = None  # the pipe to the grader; fd 1 itself goes to stderr, for whatever imports print


def _send(reply: dict) -> None:
    _channel.write(json.dumps(reply) + "\n")
    _channel.flush()


_imports_set: dict[str, str] = {}  # what the preloaded imports added to the environment (TensorFlow does)


def _become_kernel(request: dict) -> None:
    """In the forked child: turn into the submission's kernel; never returns."""
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 65536)  # the template's pipes and whatever else it had open
        scratch = request["scratch"]
        os.chdir(scratch)
        os.environ.clear()
        os.environ.update({**_imports_set, **request["env"]})
        import resource

        for name, value in request["limits"].items():
            resource.setrlimit(getattr(resource, name), (value, value))
        if request.get("uid") is not None:
            _drop_to(request["uid"])
        _forget_the_template(scratch)
        from ipykernel import kernelapp

        connection_file = request["connection_file"]
        sys.argv = [kernelapp.__file__, "-f", connection_file]
        kernelapp.launch_new_instance(argv=["-f", connection_file])
    except BaseException:  # nothing may return into the template's loop
        try:
            import traceback

            Path(request["scratch"], START_LOG).write_text(traceback.format_exc())
        finally:
            os._exit(START_FAILED)
    os._exit(0)


def _forget_the_template(scratch: str) -> None:
    """State the imports cached from the template's environment, reset to the kernel's own."""
    import random
    import tempfile as tempfile_module

    tempfile_module.tempdir = None
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    if "matplotlib" in sys.modules:
        import matplotlib

        for cached in (matplotlib.get_configdir, matplotlib.get_cachedir):
            # Memoised by matplotlib's own decorator (no cache_clear): its flag is reset, so the
            # kernel's folders come from the kernel's MPLCONFIGDIR as in a fresh kernel.
            cells = dict(zip(cached.__code__.co_freevars, cached.__closure__ or (), strict=False))
            if "called" in cells:
                cells["called"].cell_contents = False


def _drop_to(uid: int) -> None:
    """Become ``uid`` for good (no groups, no way back to root)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def _as_user(uid: int, action) -> int:
    """Run ``action`` in a child process under ``uid``; its exit code."""
    pid = os.fork()
    if pid == 0:
        try:
            _drop_to(uid)
            action()
        except BaseException:  # the child must end here, whatever happened
            os._exit(1)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _sweep_as_user() -> None:
    """As the kernel's user: kill every process it left, remove its files and IPC objects."""
    me = os.getuid()
    for _ in range(1000):
        try:
            os.kill(-1, signal.SIGKILL)  # every process this user may signal, except this one
        except ProcessLookupError:
            break
        if not _running_as(me):  # only zombies left, for their parents to reap
            break
        time.sleep(0.001)
    for shared in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            entries = list(os.scandir(shared))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != me:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, onerror=_chmod_and_retry)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
    if os.path.exists("/usr/bin/ipcrm"):
        os.execv("/usr/bin/ipcrm", ["ipcrm", "--all"])


def _running_as(uid: int) -> bool:
    """Whether a process of ``uid`` other than this one is alive (not a zombie)."""
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            status = Path(f"/proc/{name}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields["Uid"].split()[0]) == uid and fields["State"].split()[0] not in ("Z", "X"):
            return True
    return False


def _chmod_and_retry(function, path, _info) -> None:
    os.chmod(os.path.dirname(path), 0o700)
    os.chmod(path, 0o700)
    function(path)


# Exit codes of ended kernels kept for late polls (a kernel manager polls once or twice after a kill).
MAX_EXIT_CODES_KEPT = 256


class _Template:
    """The template's side of the pipe: fork, poll, signal and kill kernels it forked."""

    def __init__(self) -> None:
        self.kernels: dict[int, int | None] = {}  # pid -> user id (None: unsandboxed)
        self.exited: dict[int, int] = {}

    def handle(self, request: dict) -> dict:
        op = request.get("op")
        if op == "fork":
            return self.fork(request)
        pid = int(request.get("pid", 0))
        if pid not in self.kernels and pid not in self.exited:
            return {"error": f"no kernel {pid}"}
        if op == "poll":
            return {"status": self.poll(pid)}
        if op == "signal":
            self.signal(pid, int(request["signum"]))
            return {"status": self.poll(pid)}
        if op == "kill":
            return {"status": self.kill(pid)}
        return {"error": f"unknown request {op!r}"}

    def fork(self, request: dict) -> dict:
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)
        self.exited.pop(pid, None)  # pids wrap around: this one may have ended a kernel before
        self.kernels[pid] = request.get("uid")
        return {"pid": pid}

    def poll(self, pid: int) -> int | None:
        if pid in self.exited:
            return self.exited[pid]
        done, status = os.waitpid(pid, os.WNOHANG)
        if not done:
            return None
        return self._ended(pid, os.waitstatus_to_exitcode(status))

    def signal(self, pid: int, signum: int) -> None:
        if pid in self.exited:
            return
        uid = self.kernels[pid]
        if uid is None:
            _quietly(os.killpg, pid, signum)
        else:
            _as_user(uid, lambda: os.killpg(pid, signum))

    def kill(self, pid: int) -> int:
        if pid in self.exited:
            return self.exited[pid]
        self.signal(pid, signal.SIGKILL)  # what else the kernel left, _ended sweeps
        return self._ended(pid, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))

    def _ended(self, pid: int, code: int) -> int:
        uid = self.kernels.pop(pid)
        if uid is None:
            _quietly(os.killpg, pid, signal.SIGKILL)  # what the kernel started, in its session
        else:
            _as_user(uid, _sweep_as_user)
        self.exited[pid] = code
        if len(self.exited) > MAX_EXIT_CODES_KEPT:
            del self.exited[next(iter(self.exited))]
        return code


def _address_space() -> int:
    """This process's virtual memory size in bytes, which every forked kernel starts with."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _quietly(function, *args) -> None:
    try:
        function(*args)
    except OSError:
        pass


def main() -> None:
    global _channel
    _channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    # As ipykernel's launcher does: the working folder is not on a kernel's import path.
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    started = time.perf_counter()
    before = dict(os.environ)
    loaded = _preload()
    _imports_set.update({k: v for k, v in os.environ.items() if k not in before and k != "MPLBACKEND"})
    template = _Template()
    _send({"ready": True, "preloaded": loaded, "seconds": round(time.perf_counter() - started, 2),
           "pid": os.getpid(), "address_space": _address_space()})
    for line in sys.stdin:
        try:
            reply = template.handle(json.loads(line))
        except Exception as error:  # a bad request is answered, never fatal
            reply = {"error": f"{error.__class__.__name__}: {error}"}
        _send(reply)


# -- the grader's side ----------------------------------------------------------------------------


class TemplateUnavailable(RuntimeError):
    """The template could not be started, or stopped answering."""


class KernelTemplate:
    """A warm template process, sandboxed or not, and the requests the grader sends it."""

    def __init__(self, *, sandboxed: bool, hidden: tuple[str, ...] = (), fonts: Path | None = None) -> None:
        from .sandbox import make_scratch, sandbox_command

        self.sandboxed = sandboxed
        self._lock = threading.Lock()
        # The kernels' scratch folders go in here: the one folder of the machine the template's
        # sandbox can write, so each child finds its own.
        self.root = Path(tempfile.mkdtemp(prefix="grading-kernels-"))
        self.root.chmod(0o711)
        home = make_scratch(str(self.root), fonts=fonts)  # the template's own home, root-owned
        command = [sys.executable, "-m", "autograder.kernel_template"]
        if sandboxed:
            # The template outlives the thread that starts it (a Dask worker's warm-up runs in a
            # short-lived one, and a parent-death signal is per thread); it ends when its request
            # pipe closes instead, and its pid namespace takes its kernels along.
            prefix = sandbox_command(self.root, uid=0, memory_bytes=0, max_processes=0, max_file_bytes=0,
                                     cpu_seconds=0, hidden=list(hidden), drop=False, die_with_parent=False,
                                     env=_template_env(home))
            command, env = [*prefix, *command], None
        else:
            # Unsandboxed kernels keep this process's environment (its HOME, its matplotlib folders).
            from .execute import kernel_env as course_kernel_env

            env = {**course_kernel_env(), "MPLBACKEND": INLINE_BACKEND}
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env, cwd=home, text=True, bufsize=1)
        atexit.register(self.stop)
        ready = self._read(timeout=READY_SECONDS)
        if not ready.get("ready"):
            self.stop()
            raise TemplateUnavailable(f"the kernel template did not start: {ready}")
        self.address_space: int = ready.get("address_space", 0)

    def request(self, **message: Any) -> dict:
        with self._lock:
            if self.process.poll() is not None:
                raise TemplateUnavailable(f"the kernel template exited (status {self.process.returncode})")
            try:
                self.process.stdin.write(json.dumps(message) + "\n")
                self.process.stdin.flush()
            except OSError as error:
                raise TemplateUnavailable(f"the kernel template stopped answering: {error}") from error
            reply = self._read(timeout=60)
        if "error" in reply:
            raise TemplateUnavailable(reply["error"])
        return reply

    def _read(self, timeout: float) -> dict:
        import selectors

        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.stop()
                raise TemplateUnavailable(f"the kernel template did not answer in {timeout:.0f} s")
        line = self.process.stdout.readline()
        if not line:
            raise TemplateUnavailable(f"the kernel template exited (status {self.process.poll()})")
        return json.loads(line)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _template_env(home: Path) -> dict[str, str]:
    from .sandbox import kernel_env

    # No thread counts: TensorFlow reads them when a kernel runs its first operation, from the
    # environment each kernel gets at the fork.
    return {**kernel_env(home), "MPLBACKEND": INLINE_BACKEND}


_templates: dict[tuple, KernelTemplate] = {}
_failures: dict[tuple, tuple[int, str]] = {}  # settings -> failed starts, and why the last failed
_templates_lock = threading.Lock()
# After this many failed starts a process stops trying and its kernels start fresh.
MAX_TEMPLATE_STARTS = 3


def template_for(*, sandboxed: bool, uid: int | None, hidden: tuple[str, ...] = (),
                 fonts: Path | None = None) -> KernelTemplate:
    """This process's live template for these settings, started (or restarted) when needed."""
    key = (sandboxed, uid if sandboxed else None, tuple(hidden))
    with _templates_lock:
        template = _templates.get(key)
        if template is not None and template.alive:
            return template
        starts = _failures.get(key, (0, ""))
        if starts[0] >= MAX_TEMPLATE_STARTS:
            raise TemplateUnavailable(starts[1])
        for other in [k for k in _templates if k[:2] == key[:2]]:
            _templates.pop(other).stop()  # one template per user id
        try:
            template = KernelTemplate(sandboxed=sandboxed, hidden=hidden, fonts=fonts)
        except (OSError, TemplateUnavailable, ValueError) as error:
            _failures[key] = (starts[0] + 1, str(error))
            raise TemplateUnavailable(str(error)) from error
        _templates[key] = template
        return template


def warm_template(*, sandboxed: bool, uid: int | None, hidden: tuple[str, ...] = (),
                  fonts: Path | None = None) -> tuple[KernelTemplate | None, str]:
    """This process's template for these settings (see ``template_for``), or None and why not."""
    problem = forking_problem(sandboxed)
    if problem:
        return None, problem
    try:
        return template_for(sandboxed=sandboxed, uid=uid, hidden=hidden, fonts=fonts), ""
    except TemplateUnavailable as error:
        return None, str(error)


class ForkedKernelProvisioner(LocalProvisioner):
    """A kernel provisioner whose kernels the template forks; a fresh kernel when the fork fails.

    ``kernel_source`` says which it was ("forked" or "fresh: <why>"), for the run's report.
    """

    template: KernelTemplate | None = None
    kernel_source = "fresh"
    returncode: int | None = None
    _forked: int | None = None

    @property
    def has_process(self) -> bool:
        return self._forked is not None or super().has_process

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        self.returncode = None
        if self.template is not None:
            try:
                request = self._fork_request(kwargs)
                room = request["limits"].get("RLIMIT_AS", 0) - self.template.address_space
                if request["limits"] and room < KERNEL_START_BYTES:
                    # The same limit as a fresh kernel's: one that has imported what the template
                    # has is about the template's size, and starting a kernel needs more.
                    raise TemplateUnavailable(
                        f"the memory limit ({request['limits']['RLIMIT_AS'] >> 20} MiB) leaves a forked kernel "
                        f"less than {KERNEL_START_BYTES >> 20} MiB beyond the {self.template.address_space >> 20} "
                        "MiB of the preloaded libraries")
                reply = self.template.request(op="fork", **request)
            except TemplateUnavailable as error:
                self.kernel_source = f"fresh: {error}"
            else:
                self._forked, self.pid = reply["pid"], None
                self.kernel_source = "forked"
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)

    def _fork_request(self, kwargs: dict) -> dict:
        km = self.parent
        record = {"AUTOGRADER_RECORD": km.record_mode} if getattr(km, "record_mode", "") else {}
        if not self.template.sandboxed:
            env = {**kwargs.get("env", os.environ), **record}
            return {"scratch": str(kwargs.get("cwd") or os.getcwd()), "env": env, "limits": {}, "uid": None,
                    "connection_file": km.connection_file}
        from .sandbox import kernel_env

        scratch = Path(km.scratch)
        if self.template.root not in scratch.parents:
            raise TemplateUnavailable("the kernel's scratch folder is outside the template's")
        limits = {"RLIMIT_AS": km.memory_limit_mb * 2**20, "RLIMIT_NPROC": km.process_limit,
                  "RLIMIT_FSIZE": km.file_size_limit_mb * 2**20, "RLIMIT_CPU": km.cpu_limit_seconds,
                  "RLIMIT_CORE": 0}
        # bwrap sets PWD for a fresh kernel.
        env = {**kernel_env(scratch, km.cpu_threads), "PWD": str(scratch), **record}
        return {"scratch": str(scratch), "env": env,
                "limits": limits, "uid": km.sandbox_uid, "connection_file": km.connection_file}

    async def poll(self) -> int | None:
        if self._forked is None:
            return await super().poll()
        try:
            self.returncode = self.template.request(op="poll", pid=self._forked)["status"]
        except TemplateUnavailable:
            self.returncode = -signal.SIGKILL  # the template took its kernels with it
        if self.returncode == START_FAILED:
            why = Path(self.parent.connection_file).with_name(START_LOG)
            if why.is_file():
                lines = why.read_text(errors="replace").strip().splitlines()
                log.warning("a forked kernel could not start: %s", lines[-1] if lines else "?")
        return self.returncode

    async def wait(self) -> int | None:
        if self._forked is None:
            return await super().wait()
        while await self.poll() is None:
            await asyncio.sleep(0.05)
        self._forked = None
        return self.returncode

    async def send_signal(self, signum: int) -> None:
        if self._forked is None:
            return await super().send_signal(signum)
        try:
            self.returncode = self.template.request(op="signal", pid=self._forked, signum=signum)["status"]
        except TemplateUnavailable:
            pass

    async def kill(self, restart: bool = False) -> None:
        if self._forked is None:
            return await super().kill(restart)
        try:
            self.returncode = self.template.request(op="kill", pid=self._forked)["status"]
        except TemplateUnavailable:
            self.returncode = -signal.SIGKILL

    async def terminate(self, restart: bool = False) -> None:
        await self.kill(restart)


def forked_provisioner(km, template: KernelTemplate | None, why_not: str = "") -> ForkedKernelProvisioner:
    """Give ``km`` (before it starts) a provisioner that forks its kernels from ``template``."""
    if not km.kernel_id:
        import uuid

        km.kernel_id = str(uuid.uuid4())
    provisioner = ForkedKernelProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
    provisioner.template = template
    if template is None:
        provisioner.kernel_source = f"fresh: {why_not}" if why_not else "fresh"
    km.provisioner = provisioner
    return provisioner


class ForkedKernelManager(AsyncKernelManager):
    """An unsandboxed kernel manager whose kernels this process's template forks (authoring, tests).

    A kernel that cannot be forked starts fresh, as a plain ``AsyncKernelManager``'s does.
    """

    async def _async_pre_start_kernel(self, **kw: Any):
        if self.provisioner is None:
            forked_provisioner(self, *warm_template(sandboxed=False, uid=None))
        return await super()._async_pre_start_kernel(**kw)


def forking_problem(sandboxed: bool) -> str | None:
    """Why this process cannot fork kernels from a template, or None when it can."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return "forked kernels need Linux"
    if os.environ.get("AUTOGRADER_FRESH_KERNELS"):
        return "AUTOGRADER_FRESH_KERNELS is set"
    if sandboxed and os.geteuid() != 0:
        # Each kernel must run as a user id other than the template's, which needs root.
        return "forked sandboxed kernels need root (each kernel gets its own user id)"
    return None


if __name__ == "__main__":
    main()
