"""Run a grading kernel in a sandbox: bubblewrap namespaces, an unprivileged user, resource limits.

The sandbox's file system is an allowlist: the system folders (/usr, /etc, ...), the Python
installation and the course's check helpers read-only, empty /tmp, and a writable scratch folder.
Nothing else of the machine exists inside: not the course directory (wherever it lives), the
gradebook, the exchange, other submissions, home folders or any file holding hidden tests; nor
Jupyter configuration under /etc, which may hold a database password. It has no network. Its client
(nbclient, in the grading worker) talks to it over ZMQ ``ipc`` sockets in the scratch folder.

Where bubblewrap is missing or unusable (macOS, say), grading runs unsandboxed and says so once.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Int, Unicode, observe

log = logging.getLogger(__name__)

# Each grading worker runs its kernels as its own unprivileged user, so one submission's fork bomb
# exhausts only its own process limit, never a neighbour's.
SANDBOX_UID_BASE = 61000
# How many grading processes one machine can run at once, each with a user id of its own.
SANDBOX_UID_SLOTS = 512


def _uid_slots() -> Path:
    """The folder of lock files, one per sandbox user id, shared by this machine's grading processes."""
    return Path("/run/tf-keras-course" if os.access("/run", os.W_OK) else tempfile.gettempdir()) / "sandbox-uids"


_claim_lock = threading.Lock()


def claim_sandbox_uid() -> int:
    """A sandbox user id no other grading process on this machine holds, kept until this one exits.

    Grading processes on one machine may be started independently (several ``dask worker``s), so
    they cannot count themselves: each takes the first free slot, an exclusive lock on a file the
    kernel never sees, which the system releases when the process ends, however it ends.
    """
    with _claim_lock:
        return _claim_sandbox_uid()


@functools.cache
def _claim_sandbox_uid() -> int:
    folder = _uid_slots()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for slot in range(1, SANDBOX_UID_SLOTS + 1):
        if _lock_slot(folder / f"{slot}.lock", create=True) is not None:
            return SANDBOX_UID_BASE + slot  # the handle stays open: the lock lives as long as the process
    raise RuntimeError(f"all {SANDBOX_UID_SLOTS} sandbox user ids of this machine are taken")


def _lock_slot(path: Path, *, create: bool) -> int | None:
    """An open handle holding ``path``'s exclusive lock, or None when another process holds it.

    Raises OSError when the file cannot be opened (``create`` False and no such slot, say)."""
    import fcntl

    handle = os.open(path, os.O_RDWR | os.O_CLOEXEC | (os.O_CREAT if create else 0), 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    return handle


@functools.cache
def sandbox_problem() -> str | None:
    """Why kernels cannot be sandboxed on this machine, or None when they can."""
    if sys.platform != "linux":
        return f"bubblewrap sandboxes need Linux (this is {sys.platform})"
    for tool in ("bwrap", "setpriv", "prlimit"):
        if not shutil.which(tool):
            return f"`{tool}` is not installed (Debian/Ubuntu: apt-get install bubblewrap util-linux)"
    with grader_sandbox(SANDBOX_UID_BASE, memory_bytes=2**30, max_file_bytes=2**20, cpu_seconds=10) as (_, command):
        probe = subprocess.run([*command, sys.executable, "-c", "pass"], capture_output=True, text=True, timeout=60)
    if probe.returncode:
        return f"bubblewrap cannot start a sandbox here: {probe.stderr.strip() or probe.returncode}"
    return None


# The system folders a kernel needs, read-only. Everything else on the machine (the course
# directory wherever it lives, /work, /srv, /opt, home folders, other users' files) is simply not
# there: a default-deny allowlist, not a list of places to hide.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
# Inside the allowed folders, whatever may hold course configuration (a PostgreSQL password in
# nbgrader_config.py, an exchange path) is replaced by an empty folder.
HIDDEN_SYSTEM_PATHS = ("/etc/jupyter", "/usr/local/etc/jupyter", "/etc/nbgrader")


def _hidden_paths(extra: list[str]) -> list[str]:
    """Folders inside the visible tree that may hold course material, replaced by empty tmpfs."""
    candidates = [*HIDDEN_SYSTEM_PATHS, *(str(Path(p) / "etc" / "jupyter") for p in (sys.prefix, sys.base_prefix)),
                  *extra]
    return sorted({str(Path(p).resolve()) for p in candidates if p and Path(p).is_dir()}, key=len)


def _readable_paths() -> list[str]:
    """What the kernel needs to read: the Python installation(s) and the course's check helpers.

    Of the course's own package only the files kernels import are visible (the checks test cells
    use, the kernel template), not its configuration or the rest of the checkout.
    """
    package = Path(__file__).parent
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sysconfig.get_paths()["purelib"],
             str(package / "__init__.py"), str(package / "checks.py"), str(package / "kernel_template.py")}
    return sorted({str(Path(p).resolve()) for p in paths} | {p for p in paths}, key=len)


def _system_binds() -> list[str]:
    """bwrap arguments mounting the system folders read-only (symlinks such as /bin -> usr/bin kept)."""
    args: list[str] = []
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def sandbox_command(
    scratch: Path,
    *,
    uid: int,
    memory_bytes: int,
    max_processes: int,
    max_file_bytes: int,
    cpu_seconds: int,
    hidden: list[str] = (),
    threads: int = 0,
    drop: bool = True,
    die_with_parent: bool = True,
    env: dict[str, str] | None = None,
) -> list[str]:
    """The command prefix that runs a program inside the sandbox, in ``scratch``.

    With ``drop`` False (the kernel template, which changes user per kernel itself) the program
    stays root of the sandbox with only the capabilities to change user, and without limits.
    ``env`` replaces the kernel environment. With ``die_with_parent`` the sandbox ends when the
    thread that started it does. The sandbox's root is an empty tmpfs holding only the system folders, the Python
    installation(s) and ``autograder/`` (read-only), ``/dev``, ``/proc``, empty ``/tmp`` and the
    scratch folder (writable).
    """
    bwrap = ["bwrap", *_system_binds()]
    # Empty /tmp first: a Python installation under /tmp is bound back in just below.
    bwrap += ["--perms", "1777", "--tmpfs", "/tmp", "--perms", "1777", "--tmpfs", "/var/tmp"]
    made: set[Path] = set()
    for path in _readable_paths():
        if not Path(path).exists() or any(path == s or path.startswith(s + "/") for s in SYSTEM_PATHS):
            continue
        # The folders on the way (/root, /work/main, ...) are made empty and traversable: bwrap
        # would create them 0700, which the kernel's unprivileged user cannot enter.
        for parent in reversed(Path(path).parents):
            if str(parent) not in ("/", "/tmp", "/var/tmp") and parent not in made:
                made.add(parent)
                bwrap += ["--perms", "0755", "--dir", str(parent)]
        bwrap += ["--ro-bind", path, path]
    for path in _hidden_paths(list(hidden)):
        bwrap += ["--perms", "0755", "--tmpfs", path]
    # The same for the scratch folder's parents (a TMPDIR nested in a job's folder, say).
    for parent in reversed(Path(scratch).parents):
        if str(parent) not in ("/", "/tmp", "/var/tmp") and parent not in made and not any(
                str(parent) == s or str(parent).startswith(s + "/") for s in SYSTEM_PATHS):
            made.add(parent)
            bwrap += ["--perms", "0755", "--dir", str(parent)]
    bwrap += [
        "--dev", "/dev",
        "--perms", "1777", "--tmpfs", "/dev/shm",
        "--proc", "/proc",
        "--bind", str(scratch), str(scratch),
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        *(["--die-with-parent"] if die_with_parent else []),
        "--new-session",
        "--chdir", str(scratch),
        "--clearenv",
    ]
    if os.geteuid() == 0:
        # bwrap mounts as root (it can read a Python installed under /root), then the kernel
        # drops to its own user id, so the process limit counts only this sandbox's processes.
        bwrap += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        to_user = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all"]
    else:
        bwrap += ["--unshare-user", "--cap-drop", "ALL"]
        to_user = []
    for key, value in (env or kernel_env(scratch, threads)).items():
        bwrap += ["--setenv", key, value]
    if not drop:
        return [*bwrap, "--"]
    limits = [
        "prlimit",
        f"--as={memory_bytes}",
        f"--nproc={max_processes}",
        f"--fsize={max_file_bytes}",
        f"--cpu={cpu_seconds}",
        "--core=0",
        "--",
    ]
    return [*bwrap, "--", *to_user, *limits]


def kernel_env(scratch: Path, threads: int = 0) -> dict[str, str]:
    """The whole environment of a sandboxed kernel working in ``scratch``."""
    # With several grading workers on few cores, one thread pool per core each beats every kernel
    # fighting for all of them; 0 keeps TensorFlow's default.
    pools = {"TF_NUM_INTRAOP_THREADS": str(threads), "TF_NUM_INTEROP_THREADS": str(threads),
             "OMP_NUM_THREADS": str(threads)} if threads else {}
    return {
        **pools,
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(scratch / "home"),
        "MPLCONFIGDIR": str(scratch / "home" / "matplotlib"),
        "XDG_CACHE_HOME": str(scratch / "home" / "cache"),
        "TMPDIR": str(scratch / "tmp"),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        # Tells ipykernel it has a manager (so it prints no console banner) without starting its
        # parent poller: in the pid namespace its parent is the sandbox's init, and
        # --die-with-parent already ends it with the grader.
        "JPY_PARENT_PID": "1",
    }


@contextlib.contextmanager
def grader_sandbox(uid: int, *, memory_bytes: int, max_file_bytes: int, cpu_seconds: int,
                   max_processes: int = 64) -> Iterator[tuple[Path, list[str]]]:
    """A throwaway scratch folder and the sandbox command prefix for the grader's own programs in it."""
    scratch = make_scratch(uid=uid)
    try:
        yield scratch, sandbox_command(scratch, uid=uid, memory_bytes=memory_bytes, max_processes=max_processes,
                                       max_file_bytes=max_file_bytes, cpu_seconds=cpu_seconds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


FONT_LIST = "fontlist-*.json"


@functools.cache
def font_cache(uid: int = SANDBOX_UID_BASE) -> Path | None:
    """matplotlib's font list, built once per process in a sandbox, for every kernel to start with.

    A kernel in a fresh home builds it at its first ``import matplotlib.pyplot``: about a second,
    most of it fc-list rebuilding fontconfig's caches. It is built here, where no student code
    runs, and never copied back from a kernel's home, so no submission can plant a cache that a
    later one loads. None when it could not be built (kernels then build their own).
    """
    folder = Path(tempfile.mkdtemp(prefix="grading-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    try:
        with grader_sandbox(uid, memory_bytes=2**31, max_file_bytes=2**26, cpu_seconds=120) as (scratch, command):
            subprocess.run([*command, sys.executable, "-c", "import matplotlib.font_manager"],
                           capture_output=True, timeout=180)
            for built in (scratch / "home" / "matplotlib").glob(FONT_LIST):
                shutil.copy(built, folder / built.name)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("could not build matplotlib's font list for the kernels: %s", error)
    return folder if any(folder.glob(FONT_LIST)) else None


def make_scratch(parent: str | None = None, uid: int | None = None, fonts: Path | None = None) -> Path:
    """A fresh scratch folder the sandboxed user can write, with matplotlib's font list from ``fonts``."""
    scratch = Path(tempfile.mkdtemp(prefix="grading-scratch-", dir=parent))
    for sub in ("home", "home/matplotlib", "home/cache", "tmp"):
        (scratch / sub).mkdir()
    for cached in fonts.glob(FONT_LIST) if fonts else ():
        shutil.copy(cached, scratch / "home" / "matplotlib" / cached.name)
    scratch.chmod(0o755)
    if os.geteuid() == 0 and uid is not None:
        for path in [scratch, *scratch.rglob("*")]:
            os.chown(path, uid, uid)
    return scratch


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start inside the sandbox and listen on ipc sockets."""

    scratch = Unicode(help="Writable folder for the kernel: its working directory and sockets.").tag(config=True)
    sandbox_uid = Int(SANDBOX_UID_BASE, help="Unprivileged user id the kernel runs as.").tag(config=True)
    memory_limit_mb = Int(6144, help="Address-space limit of the kernel, in MiB.").tag(config=True)
    process_limit = Int(512, help="Maximum processes and threads of the sandbox user.").tag(config=True)
    file_size_limit_mb = Int(64, help="Largest file the kernel may write, in MiB.").tag(config=True)
    cpu_limit_seconds = Int(1800, help="CPU-time limit of the kernel, in seconds.").tag(config=True)
    cpu_threads = Int(0, help="Threads for TensorFlow's pools in the kernel (0: TensorFlow's default).").tag(config=True)
    hidden_paths = Unicode("", help="Extra folders to hide, separated by os.pathsep.").tag(config=True)
    enabled = Bool(True, help="Run kernels unsandboxed when False.").tag(config=True)
    record_mode = Unicode(
        "", help='What the course\'s checks do in the kernel: "" assert, "reference" or "submission" record.'
    ).tag(config=True)

    @observe("scratch", "enabled")
    def _use_scratch(self, _change=None) -> None:
        # The kernel's sockets and connection file live in the scratch folder, the only place
        # both the sandboxed kernel and its client outside can reach.
        if self.enabled and self.scratch:
            self.transport = "ipc"
            self.ip = str(Path(self.scratch) / "kernel")
            self.connection_file = str(Path(self.scratch) / "kernel.json")

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.record_mode:
            cmd = ["env", f"AUTOGRADER_RECORD={self.record_mode}", *cmd]
        if not (self.enabled and self.scratch):
            return cmd
        scratch = Path(self.scratch)
        # A signal to the bwrap process never reaches the kernel in its own session and pid
        # namespace; an interrupt_request message on the control channel does.
        self.kernel_spec.interrupt_mode = "message"
        if os.geteuid() == 0:
            # jupyter_client writes the connection file for its own user only.
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
        prefix = sandbox_command(
            scratch,
            uid=self.sandbox_uid,
            memory_bytes=self.memory_limit_mb * 2**20,
            max_processes=self.process_limit,
            max_file_bytes=self.file_size_limit_mb * 2**20,
            cpu_seconds=self.cpu_limit_seconds,
            hidden=[p for p in self.hidden_paths.split(os.pathsep) if p],
            threads=self.cpu_threads,
        )
        return [*prefix, *cmd]


def grading_processes_here() -> int:
    """How many processes on this machine hold a sandbox user id (see ``claim_sandbox_uid``)."""
    held = 0
    for path in _uid_slots().glob("*.lock"):
        try:
            handle = _lock_slot(path, create=False)
        except OSError:
            continue
        if handle is None:
            held += 1
        else:
            os.close(handle)  # closing releases the lock: the slot is free
    return held
