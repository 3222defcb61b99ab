"""Session-wide pytest hooks (the fixtures live in tests/conftest.py)."""

from __future__ import annotations

import pytest

# The adversarial corpus holds notebooks that are inputs to the grading tests, not notebooks to run.
collect_ignore_glob = ["tests/corpus/*", "notebooks/*", ".venv/*", "exchange/*", "submitted/*", "autograded/*", "feedback/*"]

# The scopes that take longest (seconds in a full run on the 2-core machine, from --durations),
# longest first. With --dist loadscope each scope runs whole on one worker, and the suite keeps
# both cores busy to its end only if the long ones start first and the short ones fill in after.
# A scope not listed starts after these, in collection order. Only the order matters: the figures
# need no update unless a scope's rank changes a lot.
LONG_SCOPES = {
    "tests/test_exercises.py::TestWrongAnswers_10_capstone": 195,
    "tests/hub/test_class_on_hub.py": 185,
    "tests/test_cluster.py": 130,
    "tests/test_exercises.py::TestWrongAnswers_09_training": 100,
    "tests/test_autograde.py::TestAutograde_10_capstone": 96,
    "tests/test_corpus.py": 95,
    "tests/test_autograde.py::TestAutograde_09_training": 94,
    "tests/test_exercises.py::TestWrongAnswers_07_callbacks": 89,
    "tests/test_exercises.py::TestWrongAnswers_08_model_apis": 88,
    "tests/test_gradebook_backends.py": 70,
    "tests/test_autograde.py::TestAutograde_07_callbacks": 58,
    # nbval's scope is the notebook: about twice the chapter's 20-32 s alone on a quiet machine.
    "solutions/09_training/09_training.ipynb": 57,
    "solutions/10_capstone/10_capstone.ipynb": 50,
    "tests/test_autograde.py::TestAutograde_08_model_apis": 49,
    "tests/test_exercises.py::TestWrongAnswers_05_optimizers": 35,
    "tests/test_exercises.py::TestWrongAnswers_03_layers": 32,
    "tests/test_exercises.py::TestWrongAnswers_00_quickstart": 31,
}


def _scope(item: pytest.Item) -> str:
    """The unit --dist loadscope sends to one worker: the test's class, else its module."""
    module, _, rest = item.nodeid.partition("::")
    return f"{module}::{rest.split('::')[0]}" if "::" in rest else module


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {scope: index for index, scope in enumerate(sorted(LONG_SCOPES, key=LONG_SCOPES.get, reverse=True))}
    first_seen = {}
    for item in items:
        first_seen.setdefault(_scope(item), len(first_seen))
    # Stable: the tests inside a scope keep their order (nbval's cells, a module's tests).
    items.sort(key=lambda item: (rank.get(_scope(item), len(rank)), first_seen[_scope(item)]))
