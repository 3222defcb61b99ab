"""The reference run: the instructor edition executed the way submissions are, recording its checks.

Each test cell's records from this run are what ``autograder.judge`` compares a submission's
records with: the reference solution's values on the same inputs, with the check specifications
and tolerances the instructor wrote. It runs in the same sandbox as submissions, once per chapter
and source version: the result is cached under the source notebook's checksum (and the checks'
and judge's code), and refused when the instructor edition fails any of its own checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import nbformat
from traitlets.config import Config

from . import checks, judge

CACHE_FOLDER = ".grading-cache"


class ReferenceFailed(RuntimeError):
    """The instructor edition fails its own tests when graded: no submission can be judged."""


def reference_key(source: Path) -> str:
    """The source notebook and the code that records and judges: a change to any makes a new run."""
    code = [Path(checks.__file__), Path(judge.__file__), Path(__file__), Path(__file__).with_name("preprocessors.py")]
    return hashlib.sha256(b"".join(p.read_bytes() for p in [source, *code])).hexdigest()


def cache_path(source: Path, cache_dir: Path) -> Path:
    return cache_dir / f"{source.stem}-{reference_key(source)[:24]}.json"


def load_reference(path: Path) -> dict | None:
    try:
        reference = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return reference if isinstance(reference, dict) and isinstance(reference.get("cells"), dict) else None


def reference_records(source: Path, cache_dir: Path, config: Config | None = None) -> Path:
    """The reference run's records for ``source`` (run now unless cached); the cache file's path."""
    target = cache_path(source, cache_dir)
    if load_reference(target) is not None:
        return target
    from .preprocessors import SandboxedExecute

    nb = nbformat.read(source, as_version=4)
    executor = SandboxedExecute(config=config or Config(), record_mode="reference", report_file="", audit=False)
    _, resources = executor.preprocess(nb, {"metadata": {"path": str(source.parent)}})
    reference = {"notebook": source.name, "key": reference_key(source), "run": resources.get("grading", {}),
                 "cells": resources.get("records", {})}
    problems = judge.reference_problems(reference)
    if problems:
        shown = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
        raise ReferenceFailed(f"the instructor edition {source.name} fails its own tests when graded: {shown}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".reference-", suffix=".json")
    with os.fdopen(handle, "w") as stream:
        json.dump(reference, stream)
    os.replace(temporary, target)
    return target


def reference_for_submission(config: Config, resources: dict, cache_dir: str | None = None) -> dict | None:
    """The reference for the notebook nbgrader is autograding (its source step's instructor edition)."""
    from nbgrader.coursedir import CourseDirectory

    info = resources.get("nbgrader", {})
    course = CourseDirectory(config=config)
    folder = Path(course.format_path(course.source_directory, ".", info.get("assignment", "")))
    source = folder / f"{info.get('notebook', '')}.ipynb"
    if not source.is_file():
        return None
    cache = Path(cache_dir) if cache_dir else Path(course.root) / CACHE_FOLDER
    return load_reference(reference_records(source, cache, config))
