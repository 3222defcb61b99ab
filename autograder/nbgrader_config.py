"""nbgrader configuration for the course.

The repository is itself an nbgrader course directory: ``solutions/`` is nbgrader's source step
and ``notebooks/`` its release step, so ``nbgrader generate_assignment 01_tensors`` writes the
committed student edition.
"""

import os

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "tf-keras-course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"

# Training cells in the later chapters take longer than nbgrader's default of 30 s per cell.
c.Execute.timeout = 180
# nbgrader fails a cell whose output trails its reply by more than iopub_timeout (default 4 s),
# which happens on a loaded grading machine.
c.Execute.iopub_timeout = 30
c.SandboxedExecute.timeout = 180
c.SandboxedExecute.notebook_timeout = 900

c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError(\"Exercise not attempted yet\")"
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Student editions: nbgrader's steps, then a tag that lets Run All go past unanswered exercises.
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "autograder.student_editions.TagUnansweredCells",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Submissions run in a sandboxed kernel with time, memory and output limits, the checks only
# record, and the grader judges the records against the instructor edition's (autograder/preprocessors.py).
c.Autograde.autograde_preprocessors = [
    "autograder.preprocessors.SandboxedExecute",
    "autograder.preprocessors.JudgeRecords",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# nbconvert's exporter with nbformat's relaxed schema compiled once, not after every preprocessor.
c.Autograde.exporter_class = "autograder.exporters.GradingNotebookExporter"

# A deleted test cell comes back from the gradebook instead of needing a manual grade forever.
c.OverwriteCells.add_missing_cells = True

# Feedback never shows hidden tests (nbgrader issues #917, #1363).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Formgrader's hand-grading pages and the feedback pages load MathJax from the Jupyter server that
# serves them (jupyter-server-mathjax), not from a CDN: a class runs offline. nbgrader's templates
# call nbconvert's mathjax() macro without a URL (HTMLExporter.mathjax_url never reaches them), so
# the course's versions of the macro come first: deploy/templates/{formgrade,feedback}/mathjax.html.j2,
# in the course directory (this file's parent's parent; not there when loaded from an installed package).
_templates = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "deploy", "templates")
if os.path.isdir(_templates):
    import nbgrader

    c.HTMLExporter.extra_template_basedirs = [
        _templates,
        # what nbgrader sets when this is not configured: its formgrade and feedback templates
        os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
    ]

# One machine, or JupyterHub servers that all mount the same folder.
c.Exchange.root = os.environ.get(
    "COURSE_EXCHANGE", os.path.join(os.path.dirname(os.path.dirname(__file__)), "exchange")
)
c.Exchange.path_includes_course = True
