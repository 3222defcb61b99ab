"""What makes grading fast must not make it wrong.

The grading pipeline saves about two seconds per submission (issue "The whole grading workflow":
benchmarks/grading_benchmark.py) in three places: a relaxed-schema validator compiled once, a
matplotlib font list built by the grader and copied into each kernel's fresh home, and killing
the kernel once its notebook is done. Per batch, it reads the gradebook schema version in-process
and starts its workers while the batch is prepared. Each keeps the behaviour it replaces, and a
worker that dies still costs only its own submission.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbconvert.exporters import NotebookExporter
from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.dbutil import _temp_alembic_ini

from autograder.exporters import GradingNotebookExporter, _relaxed_validator
from autograder.nbconfig import alembic_head, course_config
from autograder.preprocessors import SandboxedExecute
from autograder.sandbox import FONT_LIST, font_cache, make_scratch, sandbox_problem


class BreakNotebook:
    """A preprocessor leaving the notebook invalid: a code cell without outputs."""

    def __call__(self, nb, resources):
        del nb.cells[0]["outputs"]
        return nb, resources


@pytest.mark.parametrize("exporter_class", [NotebookExporter, GradingNotebookExporter])
def test_an_invalid_notebook_fails_the_same_way(exporter_class) -> None:
    exporter = exporter_class()
    exporter.register_preprocessor(BreakNotebook(), enabled=True)
    with pytest.raises(nbformat.ValidationError, match="outputs"):
        exporter.from_notebook_node(new_notebook(cells=[new_code_cell("1 + 1")]))


def test_relaxed_schema_is_compiled_once() -> None:
    exporter = GradingNotebookExporter()
    nb = new_notebook(cells=[new_code_cell("1 + 1")])
    nb.metadata["unknown_to_the_schema"] = True  # the relaxed schema accepts extra keys
    _relaxed_validator.cache_clear()
    for _ in range(12):
        exporter._validate_preprocessor(nb, "a preprocessor")
    assert _relaxed_validator.cache_info().misses == 1, _relaxed_validator.cache_info()


def test_autograde_uses_the_grading_exporter(tmp_path) -> None:
    config = course_config(tmp_path)
    assert config.Autograde.exporter_class == "autograder.exporters.GradingNotebookExporter"


def test_grading_kernels_are_killed_when_done() -> None:
    assert SandboxedExecute().shutdown_kernel == "immediate"
    assert SandboxedExecute(shutdown_kernel="graceful").shutdown_kernel == "graceful"


@pytest.mark.sandbox
def test_every_kernel_gets_its_own_copy_of_the_grader_built_font_list(tmp_path) -> None:
    if sandbox_problem():
        pytest.skip(sandbox_problem())
    fonts = font_cache()
    assert fonts is not None and sorted(fonts.glob(FONT_LIST)), "matplotlib's font list was not built"
    built = {p.name: p.read_bytes() for p in fonts.glob(FONT_LIST)}
    first, second = make_scratch(str(tmp_path), fonts=fonts), make_scratch(str(tmp_path), fonts=fonts)
    copies = sorted((first / "home" / "matplotlib").glob(FONT_LIST))
    assert [p.name for p in copies] == sorted(built)
    copies[0].write_text("planted by a submission")  # what one kernel does to its home ...
    assert {p.name: p.read_bytes() for p in fonts.glob(FONT_LIST)} == built  # ... reaches neither the cache
    assert (second / "home" / "matplotlib" / copies[0].name).read_bytes() == built[copies[0].name]  # nor a neighbour


def test_schema_version_read_in_process_is_what_alembic_reports() -> None:
    alembic = Path(sys.executable).parent / "alembic"
    with _temp_alembic_ini("sqlite://") as ini:
        heads = subprocess.run([str(alembic), "-c", ini, "heads"], capture_output=True, text=True, check=True).stdout
    assert heads.split()[0] == alembic_head(), heads
    import nbgrader.api

    assert nbgrader.api.get_alembic_version() == alembic_head()
