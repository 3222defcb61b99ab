"""The notebook exporter nbgrader's converters use when grading (``BaseConverter.exporter_class``).

nbconvert checks the notebook against nbformat's relaxed schema after every preprocessor, and
nbformat compiles that relaxed schema afresh on each call (it caches only the strict one): twelve
compilations per graded submission, about half a second of CPU. This exporter compiles it once per
process. A notebook the cached validator rejects goes through nbconvert's own check, so an
invalid notebook fails with the same error and message as before.
"""

from __future__ import annotations

import functools

from nbconvert.exporters import NotebookExporter
from nbformat.validator import get_validator


@functools.cache
def _relaxed_validator(version: int, minor: int):
    return get_validator(version, minor, relax_add_props=True)


class GradingNotebookExporter(NotebookExporter):
    """nbconvert's notebook exporter with the relaxed-schema validator compiled once per process."""

    def _validate_preprocessor(self, nbc, preprocessor) -> None:
        validator = _relaxed_validator(int(nbc.get("nbformat", 4)), int(nbc.get("nbformat_minor", 0)))
        if validator is None or next(iter(validator.iter_errors(nbc)), None) is not None:
            super()._validate_preprocessor(nbc, preprocessor)
