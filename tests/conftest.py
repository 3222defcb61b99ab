"""Shared fixtures: the chapters, and one kernel per chapter for the exercise tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from autograder import layout  # noqa: E402

CHAPTERS = layout.chapters()


@pytest.fixture
def chapter(request: pytest.FixtureRequest) -> str:
    """The chapter of a per-chapter test class (see ``per_chapter``)."""
    return request.cls.chapter


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "chapter" in metafunc.fixturenames and metafunc.cls is None:
        metafunc.parametrize("chapter", CHAPTERS)



def per_chapter(base: type, namespace: dict) -> None:
    """Define ``Test<Base>_<chapter>`` subclasses of ``base``, one per chapter, in ``namespace``.

    pytest-xdist's ``--dist loadscope`` sends each test class to one worker, so the slow
    per-chapter tests spread over the workers chapter by chapter (nbval keeps each notebook whole).
    """
    for name in CHAPTERS:
        cls_name = f"Test{base.__name__.lstrip('_')}_{name}"
        namespace[cls_name] = type(cls_name, (base,), {"chapter": name})
