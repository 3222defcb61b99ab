"""nbgrader configuration of every user's server on the class's JupyterHub.

The hub puts this folder on each server's JUPYTER_CONFIG_PATH (see ../../jupyterhub_config.py),
so the Assignments panel of every learner finds the course and the exchange without reading the
course directory, which only the instructor can read. The instructor's server also gets
COURSE_DIR: formgrader then loads the course's own configuration from there.
"""

import os

c = get_config()  # noqa: F821

# The course's own settings (cell timeouts, the student editions' stubs), from the installed
# `autograder` package: Validate in a learner's server then runs as grading does.
try:
    import autograder

    load_subconfig(os.path.join(os.path.dirname(autograder.__file__), "nbgrader_config.py"))  # noqa: F821
except ImportError:
    c.Execute.timeout = 180
    c.Execute.iopub_timeout = 30

c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "tf-keras-course")
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True

_course_dir = os.environ.get("COURSE_DIR")
if _course_dir and os.access(os.path.join(_course_dir, "nbgrader_config.py"), os.R_OK):
    # The instructor: the course's configuration (preprocessors, timeouts), rooted at the course.
    load_subconfig(os.path.join(_course_dir, "nbgrader_config.py"))  # noqa: F821
    c.CourseDirectory.root = _course_dir
    c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
