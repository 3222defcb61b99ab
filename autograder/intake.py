"""Check a submitted notebook before nbgrader sees it, and repair the metadata nbgrader would choke on.

nbgrader 0.9 aborts on a notebook it cannot read or whose nbgrader metadata is invalid
(schema_version 99, duplicate grade ids, cells claiming to be graded that the assignment never
had). Everything graded comes from the gradebook's source cells anyway, so student-side metadata
can be normalised without giving anything away: nbgrader then restores locked cells and
re-inserts deleted test cells from the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

MAX_NOTEBOOK_BYTES = 20 * 2**20
SCHEMA_VERSION = 3


class UnreadableNotebook(Exception):
    """The file is not a notebook nbgrader can grade."""


@dataclass
class Intake:
    """What intake found and changed in one notebook."""

    repairs: list[str] = field(default_factory=list)


def read_submission(path: Path, max_bytes: int = MAX_NOTEBOOK_BYTES) -> nbformat.NotebookNode:
    """Parse ``path`` as an nbformat-4 notebook, or raise ``UnreadableNotebook`` saying why."""
    if not path.exists():
        raise UnreadableNotebook(f"{path.name} is missing from the submission")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableNotebook(f"{path.name} is empty (0 bytes)")
    if size > max_bytes:
        raise UnreadableNotebook(f"{path.name} is too big ({size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:.0f} MiB)")
    try:
        raw = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise UnreadableNotebook(f"{path.name} is not valid JSON ({error.__class__.__name__}: {str(error)[:80]})") from None
    if not isinstance(raw, dict) or ("cells" not in raw and "nbformat" not in raw):
        raise UnreadableNotebook(f"{path.name} is JSON but not a notebook")
    # Checked before "cells": an nbformat 3 notebook keeps its cells in "worksheets".
    if raw.get("nbformat") != 4:
        raise UnreadableNotebook(f"{path.name} has nbformat {raw.get('nbformat')!r}; nbformat 4 is required")
    if "cells" not in raw:
        raise UnreadableNotebook(f"{path.name} is JSON but not a notebook")
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several unrelated types for malformed input
        raise UnreadableNotebook(f"{path.name} is not a valid notebook ({str(error).splitlines()[0][:100]})") from None
    return nb


def repair_metadata(nb: nbformat.NotebookNode, known_ids: set[str]) -> Intake:
    """Normalise nbgrader metadata in place so nbgrader can grade the notebook."""
    intake = Intake()
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(meta, dict) or grade_id not in known_ids:
            del cell.metadata["nbgrader"]
            intake.repairs.append(f"cell {index}: removed nbgrader metadata for unknown grade id {grade_id!r}")
            continue
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            intake.repairs.append(f"cell {index}: removed duplicate grade id {grade_id!r}")
            continue
        seen.add(grade_id)
        if meta.get("schema_version") != SCHEMA_VERSION:
            intake.repairs.append(f"cell {index}: schema_version {meta.get('schema_version')!r} reset to {SCHEMA_VERSION}")
            meta["schema_version"] = SCHEMA_VERSION
        for flag in ("grade", "solution", "locked"):
            if flag in meta and not isinstance(meta[flag], bool):
                intake.repairs.append(f"cell {index}: {flag}={meta[flag]!r} reset")
                meta[flag] = bool(meta[flag])
        if "points" in meta and not isinstance(meta["points"], (int, float)):
            meta["points"] = 0
            intake.repairs.append(f"cell {index}: non-numeric points reset")
    if not seen:
        intake.repairs.append("no cell of the assignment was found: graded as an empty submission")
    return intake
