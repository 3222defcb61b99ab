"""How each submission's grading ended, kept beside nbgrader's tables in the course gradebook.

nbgrader records scores but not why a submission has the scores it has (timed out, kernel died,
unreadable, tampered). This table keeps that, one row per student and chapter, in the same
database (SQLite or PostgreSQL), written only by the grading tool's main process.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, Text, create_engine, select

if TYPE_CHECKING:
    from .grading import GradeResult

metadata = MetaData()
outcome_table = Table(
    "course_grading_outcome",
    metadata,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("status", String(64), nullable=False),
    Column("cell", Integer),
    Column("detail", Text),
    Column("tampered", Text),
    Column("repairs", Text),
    Column("sandboxed", Integer),
    Column("seconds", Float),
    Column("graded_at", DateTime),
)


class OutcomeStore:
    """Read and write grading outcomes."""

    def __init__(self, db_url: str) -> None:
        self.engine = create_engine(db_url)
        metadata.create_all(self.engine)

    def record(self, result: GradeResult) -> None:
        row = {
            "assignment": result.chapter,
            "student": result.student,
            "status": result.status,
            "cell": result.cell,
            "detail": result.detail,
            "tampered": json.dumps(result.tampered),
            "repairs": json.dumps(result.repairs),
            "sandboxed": int(result.sandboxed),
            "seconds": result.seconds,
            "graded_at": datetime.now(UTC).replace(tzinfo=None),
        }
        key = (outcome_table.c.assignment == result.chapter) & (outcome_table.c.student == result.student)
        with self.engine.begin() as connection:
            connection.execute(outcome_table.delete().where(key))
            connection.execute(outcome_table.insert().values(**row))

    def all(self) -> dict[tuple[str, str], dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(outcome_table)).mappings().all()
        return {(r["assignment"], r["student"]): dict(r) for r in rows}

    def close(self) -> None:
        self.engine.dispose()
