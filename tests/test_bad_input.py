"""The instructor tool under bad input: one clear line, a non-zero exit, nothing changed.

Each case runs one verb of ``python -m autograder`` on a small course (the tiny numpy chapter, one
collected submission, a gradebook) and compares a snapshot of the whole course tree, gradebook
included, before and after. LMS downloads with bad members collect the good ones and report the
rest, one line each, without touching other students.
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest
from workflow_helpers import TINY, build_tiny_chapter, place_submission

from autograder.cli import main
from autograder.grading import Course, ensure_assignment

GOOD = f"amy_20261201T100000_{TINY}.ipynb"


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (the gradebook too) by its checksum, and every folder."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        found[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


@pytest.fixture
def course(tmp_path: Path) -> Course:
    root = tmp_path / "course"
    build_tiny_chapter(root / "solutions")
    course = Course(root)
    ensure_assignment(course, TINY)
    place_submission(root, TINY, "kim", "correct", timestamp="2026-12-01 09:00:00")
    return course


def run(course: Course, *argv: str) -> int:
    return main([*argv, "--course-dir", str(course.root)])


def fails_cleanly(course: Course, capsys, argv: list[str], message: str) -> None:
    before = snapshot(course.root)
    code = run(course, *argv)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and message in err, err
    assert snapshot(course.root) == before


def damage(course: Course, how: str) -> None:
    db = course.root / "gradebook.db"
    if how == "random bytes":
        db.write_bytes(os.urandom(4096))
    elif how == "truncated":
        db.write_bytes(db.read_bytes()[:1000])
    elif how == "a folder":
        db.unlink()
        db.mkdir()
        (db / "x").write_text("")
    elif how == "no grade table":
        with sqlite3.connect(db) as connection:
            connection.execute("DROP TABLE grade")
    elif how == "newer schema":
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")


@pytest.mark.parametrize("argv, message", [
    (["collect", "99_missing", "--from-lms", "x.zip"], "unknown chapter '99_missing'"),
    (["collect", "../escape"], "invalid chapter id"),
    (["release", "99_missing"], "unknown chapter"),
    (["grade", TINY, "--students", "ghost"], f"no collected submission of {TINY} for: ghost"),
    (["grade", TINY, "--students", ".."], "invalid student id"),
    (["export", "99_missing"], "unknown chapter"),
    (["feedback", "99_missing"], "unknown chapter"),
])
def test_bad_arguments(course: Course, capsys, argv: list[str], message: str) -> None:
    fails_cleanly(course, capsys, argv, message)


@pytest.mark.parametrize("how, message", [
    ("random bytes", "is not an SQLite database"),
    ("truncated", "cannot be read"),
    ("a folder", "is not a file"),
    ("no grade table", "lacks the table(s) grade"),
    ("newer schema", "has schema version ffffffffffff"),
])
@pytest.mark.parametrize("verb", [["release", TINY], ["grade", TINY], ["export"], ["feedback", TINY]])
def test_damaged_gradebook(course: Course, capsys, how: str, message: str, verb: list[str]) -> None:
    damage(course, how)
    fails_cleanly(course, capsys, verb, message)


def test_lms_download_that_is_not_a_zip(course: Course, capsys, tmp_path: Path) -> None:
    bogus = tmp_path / "download.zip"
    bogus.write_text("not a zip")
    fails_cleanly(course, capsys, ["collect", TINY, "--from-lms", str(bogus)], "is not a zip file")
    fails_cleanly(course, capsys, ["collect", TINY, "--from-lms", str(tmp_path / "nope.zip")], "does not exist")


def notebook_bytes(course: Course) -> bytes:
    return (course.root / "notebooks" / TINY / f"{TINY}.ipynb").read_bytes()


def zip_with(path: Path, members: list[tuple[str, bytes] | zipfile.ZipInfo], data: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for member in members:
            if isinstance(member, zipfile.ZipInfo):
                bundle.writestr(member, (data or {}).get(member.filename, b""))
            else:
                bundle.writestr(*member)
    return path


def symlink_member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def nested_zip() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as bundle:
        bundle.writestr(f"eve_20261201T100000_{TINY}.ipynb", b"{}")
    return inner.getvalue()


BAD_MEMBERS = {
    "dot-dot student id": (f".._20261201T100000_{TINY}.ipynb", b"{}", "invalid student id"),
    "dot student id": (f"._20261201T100000_{TINY}.ipynb", b"{}", "invalid student id"),
    "invalid timestamp": (f"bob_20261399T999999_{TINY}.ipynb", b"{}", "invalid timestamp"),
    "nested archive": ("more.zip", nested_zip(), "an archive inside the archive"),
    "too large (60 MiB of zeros, 60 kB compressed)": (f"big_20261201T100000_{TINY}.ipynb", bytes(60 * 2**20),
                                                      "larger than the limit"),
    "wrong name": ("holiday.jpg", b"\xff\xd8", "not named"),
}


@pytest.mark.parametrize("label", list(BAD_MEMBERS))
def test_bad_member_skipped_others_collected(course: Course, capsys, tmp_path: Path, label: str) -> None:
    name, data, message = BAD_MEMBERS[label]
    kim = snapshot(course.root / "submitted" / "kim")
    download = zip_with(tmp_path / "download.zip", [(name, data), (GOOD, notebook_bytes(course))])
    assert run(course, "collect", TINY, "--from-lms", str(download)) == 0
    out = capsys.readouterr().out
    assert f"skipped {name}: {message}" in out, out
    assert (course.root / "submitted" / "amy" / TINY / f"{TINY}.ipynb").is_file()
    assert snapshot(course.root / "submitted" / "kim") == kim
    submitted = sorted(p.name for p in (course.root / "submitted").iterdir())
    assert submitted == ["amy", "kim"], submitted
    assert not (course.root / TINY).exists() and not (course.root / "submitted" / TINY).exists()


def test_symlink_member_skipped(course: Course, capsys, tmp_path: Path) -> None:
    link = symlink_member(f"lou_20261201T100000_{TINY}.ipynb")
    download = zip_with(tmp_path / "download.zip", [link, (GOOD, notebook_bytes(course))],
                        {link.filename: b"/etc/passwd"})
    assert run(course, "collect", TINY, "--from-lms", str(download)) == 0
    assert "a link, not a file" in capsys.readouterr().out
    assert not (course.root / "submitted" / "lou").exists()
    assert (course.root / "submitted" / "amy").is_dir()


def test_paths_in_member_names_stay_inside(course: Course, capsys, tmp_path: Path) -> None:
    download = zip_with(tmp_path / "download.zip", [(f"../../outside_20261201T100000_{TINY}.ipynb",
                                                     notebook_bytes(course))])
    assert run(course, "collect", TINY, "--from-lms", str(download)) == 0
    assert not (tmp_path / f"outside_20261201T100000_{TINY}.ipynb").exists()
    assert (course.root / "submitted" / "outside" / TINY).is_dir()


def test_older_download_never_replaces_a_newer_submission(course: Course, capsys, tmp_path: Path) -> None:
    newer = zip_with(tmp_path / "newer.zip", [(GOOD, notebook_bytes(course))])
    assert run(course, "collect", TINY, "--from-lms", str(newer)) == 0
    amy = snapshot(course.root / "submitted" / "amy")
    older = zip_with(tmp_path / "older.zip", [(f"amy_20261130T100000_{TINY}.ipynb", b"{}")])
    assert run(course, "collect", TINY, "--from-lms", str(older)) == 0
    assert "older than the submission of amy already collected" in capsys.readouterr().out
    assert snapshot(course.root / "submitted" / "amy") == amy


def test_check_reports_problems_and_changes_nothing(course: Course, capsys) -> None:
    assert run(course, "check") == 0
    assert "0 problem(s)" in capsys.readouterr().out
    place_submission(course.root, TINY, "lee", "broken")
    (course.root / "submitted" / "lee" / "99_missing").mkdir()
    damage(course, "newer schema")
    before = snapshot(course.root)
    assert run(course, "check") == 1
    out = capsys.readouterr().out
    assert "has schema version ffffffffffff" in out
    assert f"submitted/lee/{TINY}/{TINY}.ipynb: " in out and "submitted/lee/99_missing: no such chapter" in out
    assert "3 problem(s) found; nothing was changed" in out
    assert snapshot(course.root) == before


def test_grade_backs_up_the_gradebook_first(course: Course, capsys) -> None:
    code = run(course, "grade", TINY, "--students", "kim", "--no-sandbox", "--workers", "1")
    out = capsys.readouterr().out
    assert code == 0, out
    backups = sorted(course.root.glob("gradebook.db.backup-*"))
    assert len(backups) == 1 and f"gradebook backed up to {backups[0]}" in out
    with sqlite3.connect(backups[0]) as connection:  # a consistent copy of the gradebook before grading
        assert connection.execute("SELECT COUNT(*) FROM grade WHERE auto_score IS NOT NULL").fetchone() == (0,)


def test_archive_limits_are_configurable(course: Course, capsys, tmp_path: Path) -> None:
    download = zip_with(tmp_path / "download.zip", [(GOOD, notebook_bytes(course))])
    assert run(course, "collect", TINY, "--from-lms", str(download), "--max-total-mb", "0") == 0
    assert "larger than the limit" in capsys.readouterr().out
    assert not (course.root / "submitted" / "amy").exists()


def test_a_submission_in_someone_elses_name_is_left_out(tmp_path: Path) -> None:
    """On a shared machine or a JupyterHub a learner can run `nbgrader submit --student other`: the
    exchange file then names ``other`` but belongs to the learner. Collect takes ``other``'s own
    latest submission, not the forged newer one, and nothing at all for a name nobody submitted in."""
    if os.geteuid() != 0:
        pytest.skip("making files owned by other users needs root")
    import pwd
    import time

    from autograder.workflow import collect, fetch_as, release, submit_as

    real, victim_only = "nobody", "daemon"  # accounts every Debian system has
    for name in (real, victim_only):
        pwd.getpwnam(name)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course = Course(tmp_path / "course", exchange=exchange)
    build_tiny_chapter(course.root / "solutions")
    release(course, TINY)
    inbound = exchange / course.course_id / "inbound"

    def submit(student: str, marker: str, owner: str | None) -> None:
        workspace = tmp_path / f"{student}-{marker}"
        notebook = fetch_as(course, TINY, student, workspace) / f"{TINY}.ipynb"
        nb = nbformat.read(notebook, as_version=4)
        nb.metadata["submitted_by"] = marker
        nbformat.write(nb, notebook)
        before = set(inbound.iterdir())
        submit_as(course, TINY, student, workspace)
        (made,) = set(inbound.iterdir()) - before
        if owner:
            entry = pwd.getpwnam(owner)
            for path in [made, *made.rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        time.sleep(1.1)  # exchange timestamps have one-second resolution

    submit(real, "genuine", owner=real)
    submit(real, "forged", owner=None)  # newer, made by another account (here root) in nobody's name
    submit(victim_only, "forged", owner=None)

    assert collect(course, TINY) == [real]
    collected = nbformat.read(course.root / "submitted" / real / TINY / f"{TINY}.ipynb", as_version=4)
    assert collected.metadata["submitted_by"] == "genuine"
