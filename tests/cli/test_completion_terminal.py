"""Tab completion on a real terminal: bash in tmux, with the script `completion install`
put in place, completes a partial clause id and an item reference."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
CSP_DRAFT = shutil.which("csp-draft") or "csp-draft"
SOCKET = f"csp-draft-completion-{os.getpid()}"


def _tmux(*args: str) -> str:
    assert TMUX is not None
    return subprocess.run([TMUX, "-L", SOCKET, *args], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def _screen_until(wanted: str) -> str:
    """The screen once it shows ``wanted`` (the shell answers the Tab press)."""
    deadline = time.monotonic() + 60
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", "tab")
        if wanted in screen:
            return screen
        time.sleep(0.2)
    pytest.fail(f"the terminal never showed {wanted!r}; it shows:\n{screen}")


def test_tab_completes_a_clause_id_and_an_item_in_bash(tmp_path: Path) -> None:
    if TMUX is None:
        pytest.fail("tmux is needed for the terminal tests (apt-get install tmux)")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TERM": "xterm-256color",
           "HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PATH": os.pathsep.join([str(Path(CSP_DRAFT).parent), os.environ["PATH"]])}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "COLUMNS", "LINES"):
        env.pop(name, None)
    for args in (["completion", "install", "bash"], ["clauses", "list"],
                 ["example", "minsk-2017", str(tmp_path / "forum.yaml")]):
        subprocess.run([CSP_DRAFT, *args], env=env, check=True, capture_output=True,
                       timeout=120, cwd=tmp_path)
    (home / ".bashrc").write_text("PS1='$ '\n" + (home / ".bashrc").read_text(),
                                  encoding="utf-8")
    try:
        subprocess.run([TMUX, "-L", SOCKET, "new-session", "-d", "-s", "tab", "-x", "120",
                        "-y", "40", "-c", str(tmp_path), "bash -i"], env=env, check=True,
                       timeout=60)
        _screen_until("$")  # the prompt: bash has read .bashrc
        _tmux("send-keys", "-t", "tab", "csp-draft clauses show release-defe", "Tab")
        _screen_until("$ csp-draft clauses show release-defenders")
        _tmux("send-keys", "-t", "tab", "C-u", "csp-draft remove forum.yaml situ", "Tab")
        _screen_until("$ csp-draft remove forum.yaml situation.")
        _tmux("send-keys", "-t", "tab", "Tab", "Tab")
        screen = _screen_until("situation.2")
        assert "situation.1" in screen
        assert "recommendations.1" not in screen
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], check=False, timeout=60)
