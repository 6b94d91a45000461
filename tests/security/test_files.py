"""Threat: a crash, a kill, a full disk or an editor loses a user's file.

Most of this is proven where the code lives: tests/security/test_file_safety.py (the
atomic write itself) and tests/drafts/test_file_safety.py (editing: byte-identical
no-ops with BOM/CRLF/quotes/long lines, editor saves detected, symlinks and modes kept,
read-only drafts, interrupted writes, stale locks, two processes at once). Here: the
audit that every write of a user file goes through fsio, a kill -9 at random moments
during edits, and the same guarantees for exports.
"""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from csp_draft import fsio
from csp_draft.drafts.read import read_draft
from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft
from tests.security.measure import _CHILD

Cli = Callable[..., CliResult]

SRC = Path(__file__).resolve().parents[2] / "src" / "csp_draft"
WRITES = re.compile(r"open\([^)]*['\"][wax]b?\+?['\"]|\.write_text\(|\.write_bytes\(|"
                    r"os\.replace\(|\.rename\(|shutil\.(?:copy|move)")
# Every place that writes a file without fsio.atomic_write, and why that is safe.
ALLOWED = {
    ("fsio.py", "open("),  # atomic_write's temp file
    ("fsio.py", "os.replace("),  # atomic_write and replace_file themselves
    ("writers/pdf.py", ".write_bytes("),  # the DOCX handed to LibreOffice, in a temp folder
    ("library/index/seal.py", "open("),  # the index key: a 0600 temp file, then os.link
    ("workspace.py", "open("),  # a temp file in the cache folder (O_EXCL | O_NOFOLLOW),
    ("workspace.py", "os.replace("),  # then renamed over the settings file
    # a shared library's files, O_EXCL into a new mkdtemp folder of the user's cache,
    ("library/remote.py", "open("),
    ("library/remote.py", "os.replace("),  # which is then renamed to the commit's name
}


def test_every_write_of_a_user_file_goes_through_fsio() -> None:
    found = set()
    for path in SRC.rglob("*.py"):
        for match in WRITES.finditer(path.read_text(encoding="utf-8")):
            found.add((path.relative_to(SRC).as_posix(), match.group().split("(")[0] + "("))
    assert found <= ALLOWED, f"writes outside fsio: {sorted(found - ALLOWED)}"


def test_filelock_is_new_enough_to_break_stale_locks() -> None:
    project = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "filelock>=3.20.3" in project["project"]["dependencies"]
    installed = tuple(int(part) for part in version("filelock").split(".")[:3])
    assert installed >= (3, 20, 3)


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_the_old_or_the_new_draft(ws: Path, tmp_path: Path) -> None:
    """Twenty edits killed at random moments: every time the draft is whole."""
    draft = write_draft(ws, """\
        kind: resolution   # keep this comment
        title: T
        languages: [en]
        sections:
          recommendations:
            items:
              - clause: fx-monitoring
                values: {experts: 0}
        """)
    empty = tmp_path / "empty"
    empty.mkdir()
    def start(number: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(empty), str(tmp_path / "peak"), "set",
             str(draft), "recommendations.1", f"experts={number}"],
            cwd=ws, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    began = time.perf_counter()
    assert start(0).wait() == 0
    duration = time.perf_counter() - began  # kills land before, during and after the write
    rng = random.Random(8)
    states = {draft.read_bytes()}
    for number in range(1, 21):
        process = start(number)
        time.sleep(rng.uniform(0.3, 1.2) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = draft.read_bytes()
        experts = read_draft(draft).sections[0].items[0].values["experts"].text
        assert experts in {str(number), *(str(n) for n in range(number))}
        assert b"# keep this comment" in data
        states.add(data)
    leftovers = [p for p in draft.parent.iterdir() if p.name.startswith(fsio.TEMP_PREFIX)]
    for path in leftovers:  # a killed command's temp file: removed once it is stale
        os.utime(path, (0, 0))
    assert fsio.clean_stale_temp_files(draft.parent) == len(leftovers)
    assert len(states) > 2  # some edits did land before the kill


@pytest.fixture
def draft(ws: Path) -> Path:
    return write_draft(ws, """\
        kind: resolution
        title: T
        languages: [en]
        sections:
          recommendations:
            items:
              - text: Words.
        """)


def test_export_keeps_the_mode_of_the_file_it_replaces(cli: Cli, draft: Path) -> None:
    assert cli("export", draft, "-f", "md").code == 0
    output = draft.with_suffix(".md")
    output.chmod(0o640)
    draft.write_text(draft.read_text().replace("Words", "Other words"), encoding="utf-8")
    assert cli("export", draft, "-f", "md").code == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o640
    assert "Other words" in output.read_text()


@pytest.mark.parametrize(("code", "reason", "hint"), [
    (errno.ENOSPC, "the disk is full", "free some space and run the command again"),
    (errno.EACCES, "permission denied", "check the file and folder permissions"),
    (errno.EROFS, "the file system is read-only", "write to another folder"),
])
def test_a_failed_export_write_names_the_output_and_changes_nothing(
        cli: Cli, ws: Path, draft: Path, monkeypatch: pytest.MonkeyPatch, code: int,
        reason: str, hint: str) -> None:
    assert cli("export", draft, "-f", "md,html").code == 0
    draft.write_text(draft.read_text().replace("Words", "Other words"), encoding="utf-8")
    before = snapshot(ws)
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing(fd: int, mode: str) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the second output
            os.close(fd)
            raise OSError(code, os.strerror(code))
        return real_fdopen(fd, mode)

    monkeypatch.setattr(fsio.os, "fdopen", failing)
    result = cli("export", draft, "-f", "md,html")
    assert (result.code, result.out) == (1, "")
    assert result.err == (f"{draft.with_suffix('.html')}: error: cannot write: {reason}; the "
                          f"file is unchanged; {hint}\n")
    assert snapshot(ws) == before


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(
        cli: Cli, ws: Path, draft: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fsio.tempfile, "mkdtemp", refused)
    before = snapshot(ws)
    result = cli("export", draft, "-f", "md")
    assert (result.code, result.err) == (1, f"{draft.parent}: error: cannot write: permission "
                                            "denied; the file is unchanged; check the file and "
                                            "folder permissions\n")
    assert snapshot(ws) == before


def test_stale_staging_folders_of_a_killed_export_are_cleaned(cli: Cli, draft: Path) -> None:
    stale = draft.parent / f"{fsio.TEMP_PREFIX}killed{fsio.TEMP_SUFFIX}"
    stale.mkdir()
    (stale / "draft.docx").write_bytes(b"half")
    os.utime(stale, (0, 0))
    assert cli("export", draft, "-f", "md").code == 0
    assert not stale.exists()
