"""Per-chapter test classes, so pytest-xdist spreads slow chapter tests over its workers."""

from __future__ import annotations

from autograder import layout

CHAPTERS = layout.chapters()


def per_chapter(base: type, namespace: dict) -> None:
    """Define ``Test<Base>_<chapter>`` subclasses of ``base``, one per chapter, in ``namespace``.

    ``--dist loadscope`` sends each test class to one worker, so the slow per-chapter tests spread
    over the workers chapter by chapter (nbval keeps each notebook whole the same way).
    """
    for name in CHAPTERS:
        cls_name = f"Test{base.__name__.lstrip('_')}_{name}"
        namespace[cls_name] = type(cls_name, (base,), {"chapter": name})
