"""JupyterHub configuration for a class taking the course: ``jupyterhub -f deploy/jupyterhub_config.py``.

One machine, one Unix account per learner and per instructor (the LocalProcessSpawner starts each
user's JupyterLab as that user), PAM logins (the accounts' own passwords), nbgrader's exchange in a
folder every server sees. Settings come from environment variables so that the file ships
unchanged with the course (README, "Running a class on JupyterHub"):

  COURSE_DIR          the course directory, owned by the instructor and readable by nobody else
                      (default: this checkout)
  COURSE_EXCHANGE     nbgrader's exchange (default /srv/nbgrader/exchange; root-owned, mode 1777)
  COURSE_INSTRUCTORS  comma-separated Unix users who grade (default: instructor); hub admins
  COURSE_LEARNERS     comma-separated Unix users allowed to log in (default: any account PAM accepts)
  COURSE_PYTHON       the Python of the course's environment (default: the one running the hub)
  HUB_BIND_URL        where the hub listens (default http://:8000; put HTTPS in front of it)
  HUB_STATE_DIR       the hub's database, cookie secret and proxy token (default: the current folder)
  HUB_AUTHENTICATOR   an authenticator entry point: pam (default), dummy (tests only), or another
                      installed one: native (jupyterhub-nativeauthenticator), ltiauthenticator,
                      github / generic-oauth (oauthenticator); see the README
"""

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821

DEPLOY = Path(__file__).resolve().parent
REPO = DEPLOY.parent


def _names(variable: str, default: str = "") -> set[str]:
    return {name.strip() for name in os.environ.get(variable, default).split(",") if name.strip()}


COURSE_DIR = str(Path(os.environ.get("COURSE_DIR", REPO)).resolve())
EXCHANGE = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
INSTRUCTORS = _names("COURSE_INSTRUCTORS", "instructor")
LEARNERS = _names("COURSE_LEARNERS")
PYTHON = Path(os.environ.get("COURSE_PYTHON", sys.executable))
BIN = PYTHON.parent
STATE = Path(os.environ.get("HUB_STATE_DIR", os.getcwd()))

# -- the hub and its proxy -------------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("HUB_BIND_URL", "http://:8000")
c.JupyterHub.hub_ip = "127.0.0.1"  # the hub's API: only the proxy and the users' servers, on this machine
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# configurable-http-proxy (npm): on PATH (`npm install -g configurable-http-proxy@4.6.3`), or next to
# this file (`npm install --prefix deploy configurable-http-proxy@4.6.3`, what `course.py test` runs).
_proxy = shutil.which("configurable-http-proxy") or shutil.which(
    "configurable-http-proxy", path=str(DEPLOY / "node_modules" / ".bin")
)
if _proxy:
    c.ConfigurableHTTPProxy.command = [_proxy]
c.JupyterHub.shutdown_on_logout = False
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the users' servers (and their kernels)

# -- who logs in -------------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = os.environ.get("HUB_AUTHENTICATOR", "pam")
c.Authenticator.admin_users = INSTRUCTORS
if LEARNERS:
    c.Authenticator.allowed_users = LEARNERS | INSTRUCTORS
else:
    c.Authenticator.allow_all = True  # every account PAM accepts; list COURSE_LEARNERS to restrict
c.PAMAuthenticator.open_sessions = False  # no systemd/logind session per server
c.LocalAuthenticator.create_system_users = False  # accounts are made by the admin, not by the hub

# -- each user's JupyterLab, as that Unix user ---------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # importing the environment on a loaded machine
c.Spawner.http_timeout = 180
c.Spawner.args = [
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.news_url=",
]


def _is_instructor(spawner) -> bool:
    return spawner.user.name in INSTRUCTORS


def _config_path(spawner) -> str:
    # Learners: nbgrader's formgrader and Create Assignment are switched off; everyone: the course
    # and exchange for the Assignments panel (deploy/jupyter/all/nbgrader_config.py).
    folders = [DEPLOY / "jupyter" / "all"]
    if not _is_instructor(spawner):
        folders.insert(0, DEPLOY / "jupyter" / "learner")
    return os.pathsep.join(str(f) for f in folders)


c.Spawner.environment = {
    # Every kernel runs the course's environment, where the `autograder` package is installed
    # (the student editions import autograder.checks).
    "PATH": os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    "COURSE_EXCHANGE": EXCHANGE,
    "COURSE_ID": os.environ.get("COURSE_ID", "tf-keras-course"),
    "JUPYTER_CONFIG_PATH": _config_path,
    "COURSE_DIR": lambda spawner: COURSE_DIR if _is_instructor(spawner) else "",
    # what `python3 course.py lab` sets
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONHASHSEED": "0",
}


def _pre_spawn(spawner) -> None:
    if _is_instructor(spawner):
        # The instructor's JupyterLab opens in the course directory; formgrader is at
        # /user/<name>/formgrader, in its own tab (an iframe is blank under the hub's CSP).
        spawner.notebook_dir = COURSE_DIR
        spawner.default_url = "/lab"
    else:
        spawner.notebook_dir = "~"


c.Spawner.pre_spawn_hook = _pre_spawn
