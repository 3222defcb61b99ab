"""Build the corpus assignment, tests/corpus/source/corpus_check/corpus_check.ipynb.

A tiny nbgrader source notebook for the adversarial grading corpus (tests/test_corpus.py). Its
setup cell imports NumPy and the check helpers only (no TensorFlow), so a submission grades in
seconds. Run from the repository root: ``.venv/bin/python tests/corpus/build_source.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from autograder.authoring import Chapter  # noqa: E402

NAME = "corpus_check"
# Appears only in the hidden tests: a submission must never be able to find it.
HIDDEN_MARKER = "CORPUS-HIDDEN-" + "7f3a91"

SETUP = """\
# Corpus setup: NumPy and the check helpers only, so grading is fast.
import numpy as np

from autograder import checks"""


def build(solutions_dir: Path = HERE / "source") -> Path:
    ch = Chapter(NAME, solutions_dir=solutions_dir)
    ch.md("# Corpus check\n\nA tiny assignment graded against adversarial submissions.")
    ch.setup(SETUP)
    ch.exercise(
        "squares",
        points=2,
        solution='''
        def squares(n):
            """The squares 0, 1, 4, ... of the first ``n`` integers, as a float64 NumPy array."""
            ### BEGIN SOLUTION
            return np.arange(n, dtype=np.float64) ** 2
            ### END SOLUTION
        ''',
        tests='''
        checks.expect_array(squares(4), dtype="float64", shape=(4,))
        checks.expect_close(squares(4), [0.0, 1.0, 4.0, 9.0])
        ''',
        hidden_tests=f'''
        # {HIDDEN_MARKER}
        checks.expect_array(squares(7), dtype="float64", shape=(7,))
        checks.expect_close(squares(7))
        ''',
    )
    ch.exercise(
        "count_vowels",
        points=2,
        solution='''
        def count_vowels(text):
            """How many of ``text``'s characters are vowels (a, e, i, o, u, either case), as an int."""
            ### BEGIN SOLUTION
            return sum(ch in "aeiouAEIOU" for ch in text)
            ### END SOLUTION
        ''',
        tests='''
        checks.expect_equal(count_vowels("banana"), 3)
        ''',
        hidden_tests=f'''
        # {HIDDEN_MARKER}
        checks.expect_equal(count_vowels("GRADING rules"))
        checks.expect_equal(count_vowels(""))
        ''',
    )
    ch.exercise(
        "normalize",
        points=2,
        solution='''
        def normalize(x):
            """``x`` (a 1-D float array) divided by its sum, as a new array; ``x`` is left unchanged."""
            ### BEGIN SOLUTION
            return x / x.sum()
            ### END SOLUTION
        ''',
        tests='''
        _x = np.array([1.0, 3.0])
        checks.expect_array(normalize(_x), dtype="float64", shape=(2,))
        checks.expect_close(normalize(_x), [0.25, 0.75])
        ''',
        hidden_tests=f'''
        # {HIDDEN_MARKER}
        _x = np.array([2.0, 2.0, 4.0])
        _copy = _x.copy()
        _result = normalize(_x)
        checks.expect_array(_result, dtype="float64", shape=(3,))
        checks.expect_close(_result)
        checks.expect_unchanged(_copy, _x, name="x")
        ''',
    )
    ch.md("## Written answer\n\nWhy should a test compare types before values?")
    ch.written(
        "why_types",
        points=1,
        answer="Because an object can claim to equal anything; checking its type first stops that.",
    )
    return ch.save()


if __name__ == "__main__":
    print(build())
