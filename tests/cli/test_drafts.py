"""The installed `csp-draft` command on drafts, as a user runs it (packaged clause library).

These use `release-defenders`, a packaged clause that stays; the detailed tests of every
draft command are in tests/drafts/ with a library of their own.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from csp_draft.drafts.read import read_draft

CSP_DRAFT = shutil.which("csp-draft") or "csp-draft"  # installed by `pip install -e .`


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CSP_DRAFT), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    assert run("init", "--coalition", "Civic Solidarity Platform", cwd=tmp_path).returncode == 0
    result = run("new", "resolution", "drafts/minsk.yaml", "--title", "Minsk resolution",
                 "--date", "2017-07-04", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run("info", "drafts/minsk.yaml", "--lang", "ru", "--title", "Минская резолюция",
                 "--author", "Платформа «Гражданская солидарность»", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "set title, author in 'ru'\n")
    return tmp_path / "drafts" / "minsk.yaml"


def test_installed_command_edits_a_draft(draft: Path) -> None:
    folder = draft.parent.parent
    result = run("add-clause", draft, "release-defenders", "--set",
                 "defenders=[{name: {en: Ales Bialiatsky, ru: Алесь Беляцкий}, "
                 "country: {en: Belarus, ru: Беларусь}}]", cwd=folder)
    assert (result.returncode, result.stderr) == (
        0, "added release-defenders as recommendations.1\n")
    result = run("sign", draft, "--org", "Viasna", "--country", "BY", "--lang", "ru", "--name",
                 "Вясна", cwd=folder)
    assert result.stderr == ("added Viasna as signatory 1 (confirmed)\n"
                             "endorses the text in en, ru\n")
    result = run("show", draft, cwd=folder)
    assert ("  1. release-defenders — Release of imprisoned human-rights defenders\n"
            in result.stdout)
    result = run("check", draft, cwd=folder)
    assert result.returncode == 0
    assert result.stderr.endswith("1 item checked, no errors, 2 warnings\n")
    result = run("add-clause", draft, "release-defenders", cwd=folder)
    assert result.returncode == 1  # not a terminal: no questions, a list of what is missing
    assert result.stderr.startswith("error: release-defenders needs 'defenders' (list of ")
    result = run("remove", draft, "../../etc/passwd", cwd=folder)
    assert result.returncode == 2
    assert "is not an item reference" in result.stderr
    assert "Traceback" not in result.stderr


def _read_until(fd: int, marker: bytes, timeout: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {marker!r} in {seen!r}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
    return seen


def _drain_until_exit(process: subprocess.Popen[bytes], fd: int, limit: float = 300, *,
                      kill: bool = True) -> bytes:
    """Everything the child writes until it exits (or ``limit`` passes: then it is killed
    and the test fails, unless ``kill`` is False). Reading while waiting means the child
    never blocks on a full terminal buffer, so a slow machine only makes this slower; the
    limit is a hang detector, not a timing expectation."""
    seen = b""
    deadline = time.monotonic() + limit
    while process.poll() is None or select.select([fd], [], [], 0)[0]:
        if time.monotonic() > deadline:
            if not kill:
                return seen
            process.kill()
            raise AssertionError(f"still running after {limit} s; it wrote {seen!r}")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    process.wait()
    return seen


def _start_on_terminal(draft: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The command on a pseudo-terminal of 200 columns: the prompts the tests wait for are
    never wrapped, whatever COLUMNS the calling shell has (a terminal of unknown size is
    taken as 80 columns, which wrapped the prompt in the middle of its words)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([str(CSP_DRAFT), "add-clause", str(draft), "release-defenders"],
                               stdin=slave, stdout=slave, stderr=slave, cwd=draft.parent,
                               start_new_session=True, env=env)
    os.close(slave)
    return process, master


def test_prompts_on_a_real_terminal(draft: Path) -> None:
    process, master = _start_on_terminal(draft)
    try:
        # the draft is in English and Russian: a name without a case record is asked in
        # both, with its country; a record's id is enough, and its status is shown
        _read_until(master, b"defenders 1 (a case-record id, or a name in 'en'):")
        os.write(master, b"Ales Bialiatsky\n")
        _read_until(master, b"defenders 1 name [ru]:")
        os.write(master, "Алесь Беляцкий\n".encode())
        _read_until(master, b"defenders 1 country [en]:")
        os.write(master, b"Belarus\n")
        _read_until(master, b"[ru]:")
        os.write(master, "Беларусь\n".encode())
        _read_until(master, b"defenders 2 (")
        os.write(master, b"zhovtis\n")
        shown = _read_until(master, b"defenders 3 (")
        assert b"Evgeniy Zhovtis (KZ): released on 2012-02-17" in shown
        assert b"the text demands their release: check will warn" in shown
        os.write(master, b"\n")
        assert process.wait(timeout=60) == 0
    finally:
        os.close(master)
        if process.poll() is None:  # a failed wait leaves no command behind
            process.kill()
            process.wait()
    item = read_draft(draft).section("recommendations").items[0]
    assert item.values["defenders"].to_python() == [
        {"name": {"en": "Ales Bialiatsky", "ru": "Алесь Беляцкий"},
         "country": {"en": "Belarus", "ru": "Беларусь"}}, "zhovtis"]


def test_ctrl_c_at_a_prompt_exits_130_and_keeps_the_file(draft: Path) -> None:
    before = draft.read_bytes()
    process, master = _start_on_terminal(draft)
    try:
        _read_until(master, b"defenders 1 (")
        output = b""
        for _ in range(60):  # a user presses Ctrl-C again when nothing happens
            os.killpg(process.pid, signal.SIGINT)
            output += _drain_until_exit(process, master, limit=5, kill=False)
            if process.poll() is not None:
                break
        assert process.returncode == 130
        assert b"interrupted" in output
    finally:
        os.close(master)
        if process.poll() is None:  # a failed wait leaves no command behind
            process.kill()
            process.wait()
    assert draft.read_bytes() == before
    assert not [p for p in draft.parent.iterdir() if p.name.endswith(".tmp")]
