"""Export grades: a CSV for the registrar, and a report with pictures for the instructor."""

from __future__ import annotations

import base64
import csv
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import MissingEntry

from .nbconfig import Course
from .outcomes import OutcomeStore
from .safety import atomic_file


@dataclass
class Row:
    """One student's result on one chapter."""

    student: str
    chapter: str
    status: str
    score: float
    max_score: float
    manual_pending: int = 0
    seconds_late: float = 0.0
    submitted_at: str = ""
    detail: str = ""
    exercises: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade id -> (score, max)


def collect_rows(course: Course, chapters: list[str] | None = None) -> list[Row]:
    """Every student's result on every chapter in the gradebook (or ``chapters``)."""
    outcomes = OutcomeStore(course.db_url)
    try:
        statuses = outcomes.all()
    finally:
        outcomes.close()
    rows = []
    with course.gradebook() as gb:
        assignments = [a.name for a in gb.assignments]
        for chapter in chapters or sorted(assignments):
            assignment = gb.find_assignment(chapter)
            max_score = float(assignment.max_score)
            for student in sorted(s.id for s in gb.students):
                try:
                    submission = gb.find_submission(chapter, student)
                except MissingEntry:
                    empty = {g.name: (0.0, float(g.max_score)) for nb in assignment.notebooks for g in nb.grade_cells}
                    rows.append(Row(student, chapter, "missing", 0.0, max_score, exercises=empty))
                    continue
                outcome = statuses.get((chapter, student), {})
                exercises = {}
                pending = 0
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        exercises[grade.name] = (float(grade.score or 0.0), float(grade.max_score))
                        pending += bool(grade.needs_manual_grade and grade.manual_score is None)
                rows.append(
                    Row(
                        student,
                        chapter,
                        outcome.get("status", "graded"),
                        float(submission.score or 0.0),
                        max_score,
                        manual_pending=pending,
                        seconds_late=float(submission.total_seconds_late or 0.0),
                        submitted_at=submission.timestamp.isoformat(sep=" ") if submission.timestamp else "",
                        detail=outcome.get("detail") or "",
                        exercises=exercises,
                    )
                )
    return rows


def write_csv(rows: list[Row], path: Path) -> Path:
    """One row per student and chapter, then one column per exercise (``chapter/grade_id``)."""
    exercise_columns = sorted({f"{r.chapter}/{name}" for r in rows for name in r.exercises})
    with atomic_file(path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["student", "chapter", "status", "score", "max_score", "percent", "manual_grades_pending",
             "seconds_late", "submitted_at", "detail", *exercise_columns]
        )
        for r in rows:
            percent = round(100 * r.score / r.max_score, 1) if r.max_score else 0.0
            per_exercise = {f"{r.chapter}/{k}": v[0] for k, v in r.exercises.items()}
            writer.writerow(
                [r.student, r.chapter, r.status, round(r.score, 3), round(r.max_score, 3), percent, r.manual_pending,
                 round(r.seconds_late), r.submitted_at, r.detail, *(_cell(per_exercise.get(c)) for c in exercise_columns)]
            )
    return path


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def write_report(rows: list[Row], path: Path) -> Path:
    """An HTML page: score distributions per chapter and per exercise, and grading outcomes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chapters = sorted({r.chapter for r in rows})
    images = []
    submitted = [r for r in rows if r.status != "missing"]

    fig, ax = plt.subplots(figsize=(max(4, 1.2 * len(chapters)), 3.2))
    data = [[100 * r.score / r.max_score for r in submitted if r.chapter == c and r.max_score] or [0] for c in chapters]
    ax.boxplot(data, showmeans=True)
    ax.set_xticks(range(1, len(chapters) + 1), chapters, rotation=30, ha="right")
    ax.set_ylabel("score (%)")
    ax.set_ylim(-5, 105)
    ax.set_title("Score distribution per chapter")
    images.append(("Chapters", _png(fig)))
    plt.close(fig)

    for chapter in chapters:
        chapter_rows = [r for r in submitted if r.chapter == chapter]
        names = sorted({n for r in chapter_rows for n in r.exercises})
        if not names:
            continue
        fractions = [[r.exercises[n][0] / r.exercises[n][1] for r in chapter_rows if n in r.exercises and r.exercises[n][1]]
                     for n in names]
        means = [sum(f) / len(f) if f else 0.0 for f in fractions]
        fig, ax = plt.subplots(figsize=(max(4, 0.7 * len(names) + 1), 3.2))
        colors = ["tab:red" if m == min(means) else "tab:blue" for m in means]
        ax.bar(range(len(names)), [100 * m for m in means], color=colors, alpha=0.6)
        for i, f in enumerate(fractions):
            ax.scatter([i] * len(f), [100 * v for v in f], s=12, color="black", alpha=0.5, zorder=3)
        ax.set_xticks(range(len(names)), names, rotation=35, ha="right")
        ax.set_ylim(-5, 105)
        ax.set_ylabel("score (%)")
        ax.set_title(f"{chapter}: mean per exercise (bars), each student (dots); red = hardest")
        images.append((chapter, _png(fig)))
        plt.close(fig)

    statuses: dict[tuple[str, str], int] = {}
    for r in rows:
        statuses[(r.chapter, r.status)] = statuses.get((r.chapter, r.status), 0) + 1
    status_rows = "".join(
        f"<tr><td>{html.escape(c)}</td><td>{html.escape(s)}</td><td>{n}</td></tr>" for (c, s), n in sorted(statuses.items())
    )
    problems = "".join(
        f"<tr><td>{html.escape(r.student)}</td><td>{html.escape(r.chapter)}</td><td>{html.escape(r.status)}</td>"
        f"<td>{html.escape(r.detail)}</td></tr>"
        for r in rows if r.status not in ("graded", "missing")
    )
    body = "".join(f'<h2>{html.escape(t)}</h2><img alt="{html.escape(t)}" src="data:image/png;base64,{b}">' for t, b in images)
    with atomic_file(path) as stream:
        stream.write(
        "<!doctype html><meta charset='utf-8'><title>Grade report</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:2px 8px;border-bottom:1px solid #ddd}"
        "</style><h1>Grade report</h1>"
        f"<p>{len({r.student for r in rows})} students, {len(chapters)} chapters, {len(submitted)} submissions.</p>"
        f"{body}<h2>Grading outcomes</h2><table><tr><th>chapter</th><th>status</th><th>count</th></tr>{status_rows}</table>"
        "<h2>Submissions that need a look</h2><table><tr><th>student</th><th>chapter</th><th>status</th><th>detail</th></tr>"
        f"{problems}</table>"
        )
    return path


def export(course: Course, out_dir: Path, chapters: list[str] | None = None) -> tuple[Path, Path]:
    """Write grades.csv and report.html into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = collect_rows(course, chapters)
    return write_csv(rows, out_dir / "grades.csv"), write_report(rows, out_dir / "report.html")
