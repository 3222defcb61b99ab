"""Course tooling: student editions, chapter execution, grading, and the instructor's CLI."""

__version__ = "1.0.0"
