"""The committed student editions are exactly what ``python -m autograder generate`` produces."""

from __future__ import annotations

import filecmp
from pathlib import Path

from autograder import layout
from autograder.student_editions import generate


def test_student_editions_are_in_sync(tmp_path: Path) -> None:
    generate(solutions_dir=layout.SOLUTIONS_DIR, notebooks_dir=tmp_path)
    committed = sorted(p.name for p in layout.NOTEBOOKS_DIR.iterdir() if p.is_dir())
    assert committed == layout.chapters(), "notebooks/ and solutions/ hold different chapters"
    stale = []
    for chapter in layout.chapters():
        comparison = filecmp.dircmp(tmp_path / chapter, layout.NOTEBOOKS_DIR / chapter, ignore=[".ipynb_checkpoints"])
        stale += [f"{chapter}/{n}" for n in comparison.diff_files + comparison.left_only + comparison.right_only]
        for name in comparison.common_files:
            if (tmp_path / chapter / name).read_bytes() != (layout.NOTEBOOKS_DIR / chapter / name).read_bytes():
                stale.append(f"{chapter}/{name}")
    assert not stale, f"stale student editions {sorted(set(stale))}: run `python -m autograder generate`"
