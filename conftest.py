"""Session-wide pytest hooks (the fixtures live in tests/conftest.py)."""

from __future__ import annotations

# The adversarial corpus holds notebooks that are inputs to the grading tests, not notebooks to run.
collect_ignore_glob = ["tests/corpus/*", "notebooks/*", ".venv/*", "exchange/*", "submitted/*", "autograded/*", "feedback/*"]

