"""A class's life cycle through nbgrader's API: release, collect, feedback.

Grading is in ``grading.py`` and reporting in ``export.py``; this module wires nbgrader's own
exchange (a shared folder, ``c.Exchange.root``) and its zip_collect app for LMS downloads.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nbgrader.apps.zipcollectapp import ZipCollectApp
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.plugins import FileNameCollectorPlugin
from nbgrader.utils import parse_utc
from traitlets import Unicode

from .grading import ensure_assignment
from .nbconfig import Course, check_step, last_error_line
from .validate import CourseError, require_id

# The file name an LMS upload should have: <student>_<YYYYMMDDTHHMMSS>_<notebook>.ipynb
LMS_FILENAME = r"^(?P<student_id>[A-Za-z0-9.\-]+)_(?P<timestamp>\d{8}T\d{6})_(?P<file_id>[A-Za-z0-9_.\-]+)$"


def release(course: Course, chapter: str, due: datetime | None = None) -> Path:
    """Generate the student edition, record the due date, and publish it to the exchange."""
    api = course.api()
    check_step(api.generate_assignment(chapter, force=True, create=True), f"generating {chapter}")
    with course.gradebook() as gb:
        gb.update_or_create_assignment(chapter, duedate=due)
    outbound = course.exchange_root / course.course_id / "outbound" / chapter
    if outbound.exists():
        shutil.rmtree(outbound)  # a re-release replaces the old edition
    check_step(api.release_assignment(chapter), f"releasing {chapter}")
    return outbound


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, leaving out a submission whose file is not owned by the student it names.

    nbgrader's own ``check_owner`` only logs a warning and collects the file anyway, so on a shared
    machine or a JupyterHub a learner could ``nbgrader submit --student someone_else`` and replace
    that learner's submission. Each student's latest (on-time) submission is chosen among the files
    they own.
    """

    def init_src(self):
        super().init_src()  # the checks, the inbound folder and the due date
        if not self.check_owner or os.name != "posix":
            return
        import pwd

        def owner(record: dict) -> str | None:
            try:
                return pwd.getpwuid(os.stat(os.path.join(self.inbound_path, record["filename"])).st_uid).pw_name
            except (KeyError, OSError):
                return None

        pattern = os.path.join(self.inbound_path, f"{self.coursedir.student_id or '*'}+{self.coursedir.assignment_id}+*")
        by_student: dict[str, list[dict]] = {}
        for record in map(self._path_to_record, glob.glob(pattern)):
            if owner(record) == record["username"]:
                by_student.setdefault(record["username"], []).append(record)
            else:
                self.log.warning("left out %s: submitted as %s by %s", record["filename"], record["username"],
                                 owner(record) or "an unknown user")
        self.src_records = []
        for records in by_student.values():
            records = self._sort_by_timestamp(records)
            on_time = [r for r in records if self.duedate is None or not self.before_duedate or r["timestamp"] <= self.duedate]
            self.src_records.append((on_time or records)[0])


def collect(course: Course, chapter: str, *, check_owner: bool = True) -> list[str]:
    """Collect each student's latest on-time submission (or latest late one) from the exchange.

    With ``check_owner`` (the default) a submission made in another student's name is left out.
    """
    api = course.api(ExchangeCollect={"before_duedate": True, "check_owner": check_owner},
                     ExchangeFactory={"collect": "autograder.workflow.OwnerCheckedCollect"})
    check_step(api.collect(chapter, update=True), f"collecting {chapter}")
    return course.submissions(chapter)


class OnTimeFileNameCollector(FileNameCollectorPlugin):
    """zip_collect's file-name plugin, keeping a student's late file only if no on-time one exists.

    zip_collect itself keeps the newest file per student; skipping late files that have an
    on-time sibling makes that "the latest on-time submission, else the latest late one", the
    same policy as collecting from the exchange.
    """

    due = Unicode("", help="Due date (ISO 8601, UTC); empty: no due date.").tag(config=True)

    def _match(self, filename: str):
        # zip_collect passes full paths; the naming convention is about the file name.
        return super()._match(os.path.basename(filename))

    def collect(self, submitted_file: str) -> dict | None:
        info = super().collect(submitted_file)
        if not info or not self.due or not info.get("timestamp"):
            return info
        due = parse_utc(self.due)
        if parse_utc(info["timestamp"]) <= due:
            return info
        siblings = self._on_time_files(Path(submitted_file).parent, info["student_id"], due)
        return None if siblings else info

    def _on_time_files(self, folder: Path, student: str, due: datetime) -> list[Path]:
        found = []
        for path in folder.rglob("*"):
            match = re.match(self.named_regexp, path.name)
            if match and match.group("student_id") == student and parse_utc(match.group("timestamp")) <= due:
                found.append(path)
        return found


@dataclass(frozen=True)
class ArchiveLimits:
    """What an LMS download may hold; anything beyond is rejected, member by member."""

    members: int = 5_000
    member_bytes: int = 50 * 2**20
    total_bytes: int = 500 * 2**20


def lms_download_files(source: Path) -> list[Path] | None:
    """The regular files of a folder download, None for a zip; CourseError when it is neither."""
    if source.is_dir():
        return [p for p in sorted(source.iterdir()) if p.is_file() and not p.is_symlink()]
    if not source.is_file():
        raise CourseError(f"{source} does not exist")
    if not zipfile.is_zipfile(source):
        raise CourseError(f"{source} is not a zip file or a folder of notebooks")
    return None


def unpack_lms_download(course: Course, chapter: str, source: Path, archive: Path,
                        limits: ArchiveLimits | None = None) -> list[str]:
    """Copy the acceptable notebooks of an LMS download into ``archive``; return why others were not.

    Accepted: regular files named like LMS_FILENAME with a valid student id and timestamp, for this
    chapter's notebook, no bigger than the limits, and newer than the submission already collected.
    Archives inside the download and links are not opened. Which of a student's accepted files is
    collected is zip_collect's policy (``OnTimeFileNameCollector``).
    """
    limits = limits or ArchiveLimits()
    rejected: list[str] = []

    def consider(name: str) -> tuple[str, str] | None:
        match = re.match(LMS_FILENAME, Path(name).name)
        if not match or match.group("file_id") != f"{chapter}.ipynb":
            rejected.append(f"{name}: not named <student>_<YYYYMMDDTHHMMSS>_{chapter}.ipynb")
            return None
        student, stamp = match.group("student_id"), match.group("timestamp")
        try:
            require_id("student", student)
            datetime.strptime(stamp, "%Y%m%dT%H%M%S")
        except (CourseError, ValueError) as why:
            rejected.append(f"{name}: {why if isinstance(why, CourseError) else 'invalid timestamp ' + stamp}")
            return None
        return student, stamp

    def keep(student: str, stamp: str, name: str) -> bool:
        collected = course.root / "submitted" / student / chapter / "timestamp.txt"
        if collected.is_file():
            try:
                if parse_utc(collected.read_text().strip()) > parse_utc(stamp):
                    rejected.append(f"{name}: older than the submission of {student} already collected")
                    return False
            except Exception:
                pass
        return True

    archive.mkdir(parents=True, exist_ok=True)
    entries = lms_download_files(source)
    if entries is None:
        with zipfile.ZipFile(source) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            if len(members) > limits.members:
                raise CourseError(f"{source} holds {len(members)} files, more than the limit of {limits.members}")
            total = 0
            for member in members:
                name = member.filename
                if stat.S_ISLNK(member.external_attr >> 16):
                    rejected.append(f"{name}: a link, not a file")
                    continue
                if Path(name).suffix.lower() in (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z"):
                    rejected.append(f"{name}: an archive inside the archive (not opened)")
                    continue
                found = consider(name)
                if not found:
                    continue
                data = _read_capped(bundle, member, min(limits.member_bytes, limits.total_bytes - total))
                if data is None:
                    rejected.append(f"{name}: larger than the limit of {limits.member_bytes // 2**20} MiB "
                                    "(or the download's total limit)")
                    continue
                total += len(data)
                if keep(*found, name):
                    (archive / Path(name).name).write_bytes(data)
    else:
        total = 0
        for path in entries:
            name = path.name
            found = consider(name)
            if not found:
                continue
            size = path.stat().st_size
            if size > limits.member_bytes or total + size > limits.total_bytes:
                rejected.append(f"{name}: larger than the limit of {limits.member_bytes // 2**20} MiB")
                continue
            total += size
            if keep(*found, name):
                shutil.copy(path, archive / name)
    return rejected


def _read_capped(bundle: zipfile.ZipFile, member: zipfile.ZipInfo, cap: int) -> bytes | None:
    """The member's bytes, reading at most ``cap`` + 1 (the header's size may lie)."""
    if member.file_size > cap:
        return None
    with bundle.open(member) as stream:
        data = stream.read(cap + 1)
    return None if len(data) > cap else data


def zip_collect(course: Course, chapter: str, source: Path, due: datetime | None = None,
                report=lambda line: None, limits: ArchiveLimits | None = None) -> list[str]:
    """Collect an LMS download (a zip file or a folder of notebooks) into submitted/.

    Bad files are reported one line each through ``report`` and skipped; the others are collected.
    """
    lms_download_files(source)  # a missing or unreadable download fails before anything is created
    archive = course.root / "downloaded" / chapter / "archive"
    # Unpacked beside, then moved in place: a download that fails to unpack changes nothing.
    (course.root / "downloaded").mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lms-", dir=course.root / "downloaded"))
    try:
        for line in unpack_lms_download(course, chapter, source, staging, limits):
            report(f"skipped {line}")
        if archive.exists():
            shutil.rmtree(archive)
        archive.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, archive)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not any(archive.iterdir()):
        return course.submissions(chapter)
    config = course.config(
        ZipCollectApp={"collector_plugin": OnTimeFileNameCollector, "force": True},
        OnTimeFileNameCollector={"named_regexp": LMS_FILENAME, "due": due.isoformat() if due else ""},
    )
    config.CourseDirectory.assignment_id = chapter
    app = ZipCollectApp(config=config)
    cwd = os.getcwd()
    try:
        os.chdir(course.root)
        app.initialize([])
        app.coursedir.assignment_id = chapter
        app.start()
    finally:
        os.chdir(cwd)
        ZipCollectApp.clear_instance()
    if due is not None:
        # Lateness is measured against the gradebook's due date, which an LMS class never released.
        ensure_assignment(course, chapter)
        with course.gradebook() as gb:
            gb.update_or_create_assignment(chapter, duedate=due)
    return course.submissions(chapter)


def generate_feedback(course: Course, chapter: str) -> tuple[list[Path], list[str]]:
    """Feedback HTML (hidden tests removed) for every graded student, one at a time.

    One notebook nbgrader cannot turn into feedback does not stop the others: it is returned as
    "<student>: <why>" next to the pages made.
    """
    api = course.api()
    failed = []
    for folder in sorted((course.root / "autograded").glob(f"*/{chapter}")):
        student = folder.parent.name
        result = api.generate_feedback(chapter, student)
        if not result["success"]:
            failed.append(f"{student}: {last_error_line((result.get('error') or '') + (result.get('log') or ''))}")
    return sorted((course.root / "feedback").glob(f"*/{chapter}/*.html")), failed


def feedback(course: Course, chapter: str, report=lambda line: None) -> list[Path]:
    """Generate feedback HTML (hidden tests removed) and release it through the exchange."""
    pages, failed = generate_feedback(course, chapter)
    for line in failed:
        report(f"skipped {line}")
    # Students collected from an LMS have no exchange secret: their pages go back through the LMS.
    lms_only = sorted({p.parent.parent.name for p in pages if not (p.parent / "submission_secret.txt").exists()})
    failed_students = [line.split(":", 1)[0] for line in failed]
    api = course.api(CourseDirectory={"student_id_exclude": ",".join(lms_only + failed_students)})
    check_step(api.release_feedback(chapter), f"releasing feedback for {chapter}")
    return pages


def _exchange_app(course: Course, kind: str, chapter: str, student: str, workspace: Path):
    """An nbgrader exchange app (Fetch/Submit) acting for ``student`` in ``workspace``."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    config = course.config()
    config.CourseDirectory.root = str(workspace)
    config.CourseDirectory.student_id = student
    config.CourseDirectory.assignment_id = chapter
    config.Exchange.assignment_dir = str(workspace)
    coursedir = CourseDirectory(config=config)
    factory = ExchangeFactory(config=config)
    cls = {"fetch": factory.FetchAssignment, "submit": factory.Submit}[kind]
    return cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)


def fetch_as(course: Course, chapter: str, student: str, workspace: Path) -> Path:
    """What a learner's "Fetch" does: copy the released chapter into the learner's workspace."""
    workspace.mkdir(parents=True, exist_ok=True)
    _exchange_app(course, "fetch", chapter, student, workspace).start()
    return workspace / course.course_id / chapter


def submit_as(course: Course, chapter: str, student: str, workspace: Path) -> None:
    """What a learner's "Submit" does: copy the workspace's chapter folder into the exchange."""
    _exchange_app(course, "submit", chapter, student, workspace).start()
