"""The instructor's command-line tool: ``python -m autograder <command>``."""

from __future__ import annotations

import argparse
import sys

from . import layout


def _chapters(names: list[str]) -> list[str]:
    known = layout.chapters()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown chapter(s): {', '.join(unknown)}; chapters are: {', '.join(known)}")
    return names or known


def cmd_generate(args: argparse.Namespace) -> int:
    from .student_editions import generate

    for folder in generate(_chapters(args.chapters)):
        print(f"wrote {folder.relative_to(layout.REPO_ROOT)}")
    return 0


def cmd_execute(args: argparse.Namespace) -> int:
    from .execute import execute_chapter

    for name in _chapters(args.chapters):
        seconds = execute_chapter(name)
        print(f"{name}: executed in {seconds:.1f} s, outputs saved")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")

    p = sub.add_parser("generate", help="regenerate student editions (notebooks/) from the solutions",
                       description="Regenerate the committed student editions in notebooks/ from solutions/ "
                       "with nbgrader's generate_assignment. Run after editing any chapter.")
    p.add_argument("chapters", nargs="*", help="chapter folders, e.g. 01_tensors (default: all)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("execute", help="run instructor editions and save their outputs",
                       description="Execute each instructor edition top to bottom in a fresh kernel and save "
                       "its outputs, which the nbval test compares. Run after editing a chapter.")
    p.add_argument("chapters", nargs="*", help="chapter folders (default: all)")
    p.set_defaults(func=cmd_execute)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
