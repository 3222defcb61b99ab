"""Writes that lose nothing: files and folders replaced atomically, and gradebook backups."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

KEEP_BACKUPS = 5


@contextlib.contextmanager
def atomic_file(path: Path, mode: str = "w", **kwargs) -> Iterator:
    """Write ``path`` beside, then rename it into place: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, mode, **kwargs) as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_folder(target: Path, files: dict[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files``: built beside, then swapped in (empty ``files``: removed)."""
    if not files:
        _discard(target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-new-"))
    try:
        for name, data in files.items():
            (staging / Path(name).name).write_bytes(data)
        _discard(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _discard(target: Path) -> None:
    """Remove a folder by first renaming it aside, so it is never seen half deleted."""
    if target.exists():
        aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-old-"))
        os.replace(target, aside / target.name)
        shutil.rmtree(aside, ignore_errors=True)


def backup_gradebook(db_url: str) -> Path | None:
    """A consistent copy of an SQLite gradebook beside it (the newest KEEP_BACKUPS are kept).

    None for a gradebook that does not exist yet or lives on a server (PostgreSQL: nbgrader's
    writes are transactions; back it up with the server's tools).
    """
    if not db_url.startswith("sqlite:///"):
        return None
    path = Path(db_url.removeprefix("sqlite:///"))
    if not path.is_file():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    backup = path.with_name(f"{path.name}.backup-{stamp}")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)
    for old in sorted(path.parent.glob(f"{path.name}.backup-*"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return backup
