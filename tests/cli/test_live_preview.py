"""`preview --html`: the draft served on 127.0.0.1, seen in a real headless Chromium, which
shows an edit of the draft (and its problems, then their fix) without a manual reload."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cli.browser import Browser, find_chromium

CSP_DRAFT = shutil.which("csp-draft") or "csp-draft"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    env = _environment(tmp_path)
    for args in (["init", "ws"], ["example", "minsk-2017", "ws/drafts/minsk.yaml"]):
        subprocess.run([CSP_DRAFT, *args], cwd=tmp_path, env=env, check=True,
                       capture_output=True, timeout=120)
    return tmp_path / "ws"


def _environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}


def _start(workspace: Path, *args: str, env: dict[str, str] | None = None,
           browser: bool = False) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [CSP_DRAFT, "preview", "drafts/minsk.yaml", "--html",
         *([] if browser else ["--no-browser"]), *args],
        cwd=workspace, env=env or _environment(workspace.parent), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    assert server.stdout is not None
    first = server.stdout.readline()
    assert first.startswith("previewing drafts/minsk.yaml at http://127.0.0.1:"), (
        first, server.stderr.read() if server.poll() is not None else "")
    return server, first.split(" at ", 1)[1].strip()


def _stop(server: subprocess.Popen[str]) -> tuple[int, str]:
    server.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = server.communicate(timeout=60)
    return server.returncode, err


def test_the_page_follows_the_draft_in_a_real_browser(workspace: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        pytest.fail("Chromium is needed for this test (apt-get install chromium)")
    server, url = _start(workspace)
    browser = Browser(chromium)
    try:
        browser.open(url)
        text = browser.text_once("Resolution of the Civil Society Forum")
        assert "Release of the human-rights defenders" not in text
        assert "Dzmitry Palijenka" in text

        draft = workspace / "drafts" / "minsk.yaml"
        original = draft.read_text(encoding="utf-8")
        draft.write_text(original.replace("Dzmitry Palijenka", "Ales Bialiatski"),
                         encoding="utf-8")
        text = browser.text_once("Ales Bialiatski")
        assert "Dzmitry Palijenka" not in text

        lines = original.splitlines()
        line = lines.index("      - clause: decriminalise-defamation") + 1
        column = lines[line - 1].index("clause") + 1  # the item that names the clause
        draft.write_text(original.replace("clause: decriminalise-defamation",
                                          "clause: decriminalise-defamatoin"), encoding="utf-8")
        text = browser.text_once("The document cannot be shown")
        assert (f"drafts/minsk.yaml:{line}:{column}: error: no clause 'decriminalise-defamatoin' "
                "in the library; did you mean 'decriminalise-defamation'?") in text

        draft.write_text(original, encoding="utf-8")
        browser.text_once("Dzmitry Palijenka")
    finally:
        browser.close()
        code, err = _stop(server)
    assert code == 0, err
    assert err.splitlines()[-1] == "preview stopped"


def test_a_clause_of_the_workspace_edited_reloads_the_page(workspace: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        pytest.fail("Chromium is needed for this test (apt-get install chromium)")
    env = _environment(workspace.parent)
    subprocess.run([CSP_DRAFT, "clauses", "new", "local-call", "--topic", "testing"],
                   cwd=workspace, env=env, check=True, capture_output=True, timeout=120)
    clause = next((workspace / "clauses").rglob("local-call.yaml"))
    clause.write_text(
        "id: local-call\ntitle: {en: A local call}\nkind: recommendation\n"
        "topics: [testing]\naddressees: [participating-states]\n"
        "text: {en: Publish the first report of the observers.}\n"
        "version: '1'\nupdated: 2026-11-23\n", encoding="utf-8")
    subprocess.run([CSP_DRAFT, "add-clause", "drafts/minsk.yaml", "local-call", "--section",
                    "recommendations"], cwd=workspace, env=env, check=True,
                   capture_output=True, timeout=120)
    server, url = _start(workspace, "--lang", "en")
    browser = Browser(chromium)
    try:
        browser.open(url)
        browser.text_once("Publish the first report of the observers.")
        clause.write_text(clause.read_text(encoding="utf-8").replace("first", "second"),
                          encoding="utf-8")
        browser.text_once("Publish the second report of the observers.")
    finally:
        browser.close()
        code, err = _stop(server)
    assert code == 0, err


def test_only_local_addresses_are_answered(workspace: Path) -> None:
    server, url = _start(workspace)
    try:
        with urllib.request.urlopen(url, timeout=30) as page:
            body = page.read().decode("utf-8")
        assert "<script src=\"/live.js?v=1\"></script>" in body
        assert "script-src 'self'; connect-src 'self'" in body
        request = urllib.request.Request(url, headers={"Host": "preview.example.org"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "drafts/minsk.yaml", timeout=30)
        assert missing.value.code == 404
    finally:
        code, err = _stop(server)
    assert (code, err.splitlines()[-1]) == (0, "preview stopped")


def test_a_port_in_use_is_one_clear_error(workspace: Path) -> None:
    server, url = _start(workspace)
    port = url.rsplit(":", 1)[1].strip("/")
    try:
        second = subprocess.run(
            [CSP_DRAFT, "preview", "drafts/minsk.yaml", "--html", "--no-browser", "--port",
             port], cwd=workspace, env=_environment(workspace.parent), capture_output=True,
            text=True, timeout=120)
    finally:
        _stop(server)
    assert second.returncode == 1
    assert second.stderr == (f"error: cannot listen on 127.0.0.1:{port}: Address already in "
                             "use; choose another --port, or leave it out for any free one\n")


def test_the_browser_named_by_the_user_is_opened(workspace: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    script.chmod(0o755)
    env = {**_environment(workspace.parent), "BROWSER": str(script)}
    server, url = _start(workspace, env=env, browser=True)
    try:
        deadline = time.monotonic() + 60
        while not (opened.exists() and opened.read_text(encoding="utf-8")) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        _stop(server)
    assert opened.read_text(encoding="utf-8") == url


def test_without_a_graphical_session_the_address_is_given(workspace: Path) -> None:
    env = _environment(workspace.parent)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        env.pop(name, None)
    server, url = _start(workspace, env=env, browser=True)
    assert server.stderr is not None
    said = server.stderr.readline()
    code, err = _stop(server)
    assert said == f"no graphical session here to open a browser in: open {url} in one\n"
    assert (code, err) == (0, "preview stopped\n")


def test_help_names_the_port_default_in_words_only(cli) -> None:
    result = cli("preview", "--help")
    assert result.code == 0
    assert "--no-browser" in result.out
    assert "[default: 0]" not in result.out
