"""Shared fixtures: the chapters, and one kernel per chapter for the exercise tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from chapter_params import CHAPTERS  # noqa: E402


@pytest.fixture
def chapter(request: pytest.FixtureRequest) -> str:
    """The chapter of a per-chapter test class (see ``per_chapter``)."""
    return request.cls.chapter


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "chapter" in metafunc.fixturenames and metafunc.cls is None:
        metafunc.parametrize("chapter", CHAPTERS)


