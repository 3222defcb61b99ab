# nbgrader finds this file in the folder it starts in; the course's configuration lives in autograder/.
import os

load_subconfig(os.path.join(os.path.dirname(__file__), "autograder", "nbgrader_config.py"))  # noqa: F821
