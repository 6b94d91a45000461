"""Tab completion in real shells: bash and zsh in tmux (a pseudo-terminal), with the
scripts `completion install` and `completion show` give, complete a partial clause id and
an item reference; fish, asked through its own `complete -C`, lists them with their
descriptions. (PowerShell is not in Debian's packages: only its script's text is tested.)"""

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


def _environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TERM": "xterm-256color",
           "HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PATH": os.pathsep.join([str(Path(CSP_DRAFT).parent), os.environ["PATH"]])}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "COLUMNS", "LINES"):
        env.pop(name, None)
    return env


def _prepare(tmp_path: Path, env: dict[str, str], shell: str) -> None:
    """The shell's completion installed, the library index made, a draft to complete in."""
    for args in (["completion", "install", shell], ["clauses", "list"],
                 ["example", "minsk-2017", str(tmp_path / "forum.yaml")]):
        subprocess.run([CSP_DRAFT, *args], env=env, check=True, capture_output=True,
                       timeout=120, cwd=tmp_path)


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
    env = _environment(tmp_path)
    home = Path(env["HOME"])
    _prepare(tmp_path, env, "bash")
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


def test_tab_completes_a_clause_id_and_an_item_in_zsh(tmp_path: Path) -> None:
    if TMUX is None or shutil.which("zsh") is None:
        pytest.fail("tmux and zsh are needed for this test (apt-get install tmux zsh)")
    env = _environment(tmp_path)
    _prepare(tmp_path, env, "zsh")
    rc = Path(env["HOME"]) / ".zshrc"
    rc.write_text("PS1='%% '\n" + rc.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        subprocess.run([TMUX, "-L", SOCKET, "new-session", "-d", "-s", "tab", "-x", "120",
                        "-y", "40", "-c", str(tmp_path), "zsh -i"], env=env, check=True,
                       timeout=60)
        _screen_until("%")
        _tmux("send-keys", "-t", "tab", "csp-draft clauses show release-defe", "Tab")
        _screen_until("% csp-draft clauses show release-defenders")
        _tmux("send-keys", "-t", "tab", "C-u", "csp-draft remove forum.yaml situ", "Tab")
        _screen_until("% csp-draft remove forum.yaml situation.")
        _tmux("send-keys", "-t", "tab", "C-u", "csp-draft export for", "Tab")
        _screen_until("% csp-draft export forum.yaml")  # file names where no value is known
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], check=False, timeout=60)


def test_fish_lists_clause_ids_and_items_with_descriptions(tmp_path: Path) -> None:
    fish = shutil.which("fish")
    if fish is None:
        pytest.fail("fish is needed for this test (apt-get install fish)")
    env = _environment(tmp_path)
    _prepare(tmp_path, env, "fish")

    def complete(line: str) -> list[str]:
        done = subprocess.run([fish, "-c", f"complete -C '{line}'"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=True, timeout=120)
        return done.stdout.splitlines()

    assert complete("csp-draft clauses show release-defe") == [
        "release-defenders\tRelease of imprisoned human-rights defenders"]
    assert complete("csp-draft remove forum.yaml recommendations.1") == [
        "recommendations.1\trelease-defenders", "recommendations.10\tminimum-demands"]
    assert complete("csp-draft export for") == ["forum.yaml"]
