"""The README tour on a real terminal of 80 columns (tmux): nothing overflows the screen
(a line the terminal had to wrap), and no clause id is split across lines."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
CSP_DRAFT = shutil.which("csp-draft") or "csp-draft"
COLUMNS = 80
# Problems stay one line each (editors and scripts read them); everything else must fit.
DIAGNOSTIC = re.compile(r"^(\S+:\d+(:\d+)?: )?(error|warning|notice): ")
MARK = "tour-step-{}-{}"  # unique per step: an earlier step's marks stay in the history

TOUR = [
    ["init", "coalition", "--coalition", "Civic Solidarity Platform"],
    ["clauses", "list", "--topic", "human-rights-defenders"],
    ["clauses", "list", "--kind", "demand"],
    ["clauses", "search", "libel"],
    ["clauses", "search", "задержанных"],
    ["clauses", "show", "release-defenders", "--lang", "ru"],
    ["new", "--list"],
    ["new", "resolution", "drafts/forum.yaml", "--title", "Resolution of the Civil Society "
     "Forum", "--event", "Civil Society Forum", "--place", "Vienna", "--date", "2025-12-03",
     "--lang", "en,ru"],
    ["add-clause", "drafts/forum.yaml", "release-defenders", "--set",
     "defenders=[{name: Ales Bialiatsky, country: Belarus}]"],
    ["add-clause", "drafts/forum.yaml", "decriminalise-defamation"],
    ["sign", "drafts/forum.yaml", "--org", "Human Rights Center Viasna", "--country",
     "Belarus"],
    ["show", "drafts/forum.yaml"],
    ["check", "drafts/forum.yaml"],
    ["add-clause", "--help"],
]


# A server of this test run's own: a server left by another run (or running beside this
# one) holds a session named "tour" already.
SOCKET = f"csp-draft-tour-{os.getpid()}"


def _tmux(*args: str) -> str:
    assert TMUX is not None
    return subprocess.run([TMUX, "-L", SOCKET, *args], capture_output=True,
                          text=True, check=True, timeout=60).stdout


def _run_step(args: list[str], cwd: Path, script: Path, step: int) -> tuple[str, str]:
    """Run one step in a cleared pane; its output as shown, and with wrapped lines joined
    (a joined line longer than the screen is one the terminal had to wrap)."""
    start, done = MARK.format(step, "start"), MARK.format(step, "done")
    script.write_text(f"cd {shlex.quote(str(cwd))}\nclear\necho {start}\n"
                      + " ".join(shlex.quote(a) for a in [CSP_DRAFT, *args])
                      + f"\necho {done}\n", encoding="utf-8")
    _tmux("clear-history", "-t", "tour")
    _tmux("send-keys", "-t", "tour", f"sh {shlex.quote(str(script))}", "Enter")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        joined = _between(_tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "tour"),
                          start, done)
        if joined is not None:
            screen = _between(_tmux("capture-pane", "-p", "-S", "-", "-t", "tour"), start,
                              done)
            assert screen is not None
            return screen, joined
        time.sleep(0.2)
    pytest.fail(f"csp-draft {' '.join(args)} did not finish on the terminal")


def _between(text: str, start: str, done: str) -> str | None:
    """The lines between a step's start and end marks; None while it runs."""
    lines = [line.rstrip() for line in text.splitlines()]
    if start not in lines or done not in lines:
        return None
    first = lines.index(start)
    return "\n".join(lines[first + 1:lines.index(done, first)])


def test_readme_tour_fits_an_80_column_terminal(tmp_path: Path) -> None:
    if TMUX is None:
        pytest.fail("tmux is needed for the terminal tests (apt-get install tmux)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TERM": "xterm-256color",
           "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(tmp_path / "cache"))}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    ids = {c["id"] for c in json.loads(subprocess.run(
        [CSP_DRAFT, "clauses", "list", "--json"], env=env, capture_output=True, text=True,
        check=True, timeout=120).stdout)}
    try:
        subprocess.run([TMUX, "-L", SOCKET, "new-session", "-d", "-s", "tour", "-x",
                        str(COLUMNS), "-y", "50", "bash --norc --noprofile"], env=env,
                       check=True, timeout=60)
        _tmux("set-option", "-t", "tour", "history-limit", "20000")
        for step, args in enumerate(TOUR):
            cwd = tmp_path if step == 0 else tmp_path / "coalition"
            screen, joined = _run_step(args, cwd, tmp_path / "step.sh", step)
            overflowing = [line for line in joined.splitlines() if len(line) > COLUMNS
                           and not DIAGNOSTIC.match(line)]
            assert overflowing == [], (args, overflowing)
            if args[:2] == ["clauses", "list"]:
                rows = [line.split()[0] for line in screen.splitlines()
                        if line[:1].isalpha() and line.split()[0].islower()]
                listed = rows[1:]  # under the heading line "N clauses"
                assert listed, args
                assert set(listed) <= ids, (args, set(listed) - ids)  # none cut or split
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], check=False,
                       timeout=60)
