"""Threat: Ctrl-C (or a kill) in the middle of a command leaves half of something.

Ctrl-C exits 130 with "interrupted; nothing was written" and that is true: an export
writes every output into a staging folder and moves them into place only when all are
written (Ctrl-C waits for those moments), so the previous outputs stay or all are new.
Edits are covered in tests/drafts/test_file_safety.py (interrupted write, Ctrl-C at a
prompt); a kill -9 during edits is tried in test_files.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csp_draft import fsio
from csp_draft.writers import formats as writers
from tests.conftest import CliResult
from tests.security.conftest import snapshot, write_draft
from tests.security.measure import _CHILD

Cli = Callable[..., CliResult]

INTERRUPTED = "interrupted; nothing was written\n"


@pytest.fixture
def exported(cli: Cli, ws: Path) -> Path:
    """A draft with outputs from an earlier export (md, docx, html) beside it."""
    draft = write_draft(ws, """\
        kind: resolution
        title: {en: T, ru: Т}
        languages: [en, ru]
        sections:
          recommendations:
            items:
              - text: {en: First version., ru: Первая версия.}
        """)
    result = cli("export", draft, "-f", "md,docx,html", "--lang", "en,ru")
    assert result.code == 0, result.err
    draft.write_text(draft.read_text().replace("First", "Second").replace("Первая", "Вторая"),
                     encoding="utf-8")
    return draft


def _outputs(ws: Path) -> dict[str, bytes | str]:
    return {k: v for k, v in snapshot(ws).items() if k.startswith("drafts/draft.")
            or ".csp-draft-" in k}


def _interrupt_on(monkeypatch: pytest.MonkeyPatch, target: str, call: int = 1) -> None:
    """Make the ``call``-th call of ``target`` (module.attribute) raise KeyboardInterrupt."""
    module_name, name = target.rsplit(".", 1)
    module = sys.modules[module_name]
    original = getattr(module, name)
    calls = {"n": 0}

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == call:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, interrupted)


@pytest.mark.parametrize(("target", "call"), [
    ("csp_draft.render.document.DocumentRenderer.render", 1),  # while rendering
    ("csp_draft.writers.formats.write_output", 1),  # before the first file
    ("csp_draft.writers.formats.write_output", 4),  # half of the outputs written
    ("csp_draft.fsio.os.fsync", 3),  # inside the DOCX writer's write
], ids=["rendering", "first output", "fourth output", "inside a write"])
def test_ctrl_c_during_an_export_changes_nothing(cli: Cli, ws: Path, exported: Path,
                                                 monkeypatch: pytest.MonkeyPatch, target: str,
                                                 call: int) -> None:
    before = snapshot(ws)
    if target.startswith("csp_draft.render.document."):
        from csp_draft.render.document import DocumentRenderer

        def render(*args: Any, **kwargs: Any) -> Any:
            raise KeyboardInterrupt

        monkeypatch.setattr(DocumentRenderer, "render", render)
    elif target == "csp_draft.fsio.os.fsync":
        _interrupt_on(monkeypatch, "os.fsync", call)
    else:
        _interrupt_on(monkeypatch, "csp_draft.writers.formats.write_output", call)
    result = cli("export", exported, "-f", "md,docx,html", "--lang", "en,ru")
    assert (result.code, result.out, result.err) == (130, "", INTERRUPTED)
    assert snapshot(ws) == before  # old outputs, manifest, no staging folder left


def test_ctrl_c_while_outputs_move_into_place_waits_until_they_all_have(
        cli: Cli, ws: Path, exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = fsio.replace_file
    sent = {"done": False}

    def replace_then_interrupt(source: Path, target: Path) -> None:
        if not sent["done"]:
            sent["done"] = True
            os.kill(os.getpid(), signal.SIGINT)
        original(source, target)

    monkeypatch.setattr("csp_draft.export.documents.replace_file", replace_then_interrupt)
    result = cli("export", exported, "-f", "md,docx,html", "--lang", "en,ru")
    assert result.code == 0, result.err
    assert all("Second" in (ws / "drafts" / f"draft.en.{ext}").read_bytes().decode("latin-1")
               or ext == "docx" for ext in ("md", "html", "docx"))
    assert not [k for k in snapshot(ws) if ".csp-draft-" in k and k.endswith(".tmp")]


@pytest.mark.parametrize("delay", [0.15, 0.25, 0.35, 0.5, 0.65, 0.8])
def test_a_real_sigint_leaves_all_old_or_all_new_outputs(ws: Path, exported: Path,
                                                         tmp_path: Path, delay: float) -> None:
    """SIGINT ``delay`` seconds after the command started. Counted from the start of the
    process, a loaded machine once delivered it before Python had installed its own SIGINT
    handler (the interpreter itself died of the signal): the child now says when the
    command starts, and the delay counts from there."""
    empty = tmp_path / "empty"
    empty.mkdir()
    before = _outputs(ws)
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(empty), str(tmp_path / "peak"), "export",
         str(exported), "-f", "md,docx,html", "--lang", "en,ru"],
        cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "READY_FILE_FOR_TEST": str(ready)})
    while not ready.exists() and process.poll() is None:
        time.sleep(0.01)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    print(f"SIGINT after {delay} s: exit {process.returncode}")
    after = _outputs(ws)
    assert not [k for k in after if k.endswith(".tmp") or ".tmp/" in k]
    if process.returncode == 130:
        assert err.endswith(INTERRUPTED)
        assert after == before
    else:
        assert process.returncode == 0, err
        changed = [k for k in after if k != "drafts/.csp-draft-exports.json"
                   and after[k] != before.get(k)]
        assert len(changed) == 6, changed  # every output is new


def test_ctrl_c_during_a_pdf_conversion_stops_libreoffice(
        cli: Cli, ws: Path, exported: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "soffice.pid"
    soffice = tmp_path / "soffice"
    soffice.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 30\n")
    soffice.chmod(0o755)
    monkeypatch.setattr("csp_draft.writers.pdf.find_soffice", lambda: str(soffice))
    assert writers  # the writer module is imported lazily by the export

    def interrupt_when_started() -> None:
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_when_started, daemon=True).start()
    before = snapshot(ws)
    result = cli("export", exported, "-f", "pdf")
    pid = int(pid_file.read_text())
    try:
        assert (result.code, result.err) == (130, INTERRUPTED)
        assert snapshot(ws) == before
        time.sleep(0.2)
        assert not _alive(pid), "LibreOffice is still running after Ctrl-C"
    finally:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as handle:  # a zombie is not running
        return handle.read().split()[2] != "Z"


def test_sigterm_during_a_pdf_conversion_cleans_up_as_ctrl_c(ws: Path, exported: Path,
                                                             tmp_path: Path) -> None:
    """SIGTERM during a PDF export left the whole document in a csp-draft-pdf-* folder of
    the system's temporary folder, and LibreOffice running (issue 23, item 14)."""
    pid_file = tmp_path / "soffice.pid"
    tools = tmp_path / "bin"
    tools.mkdir()
    soffice = tools / "soffice"
    soffice.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 30\n")
    soffice.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
           "TMPDIR": str(temp), "PYTHONPATH": os.pathsep.join(sys.path)}
    before = snapshot(ws)
    empty = tmp_path / "empty"
    empty.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(empty), str(tmp_path / "peak"), "export",
         str(exported), "-f", "pdf"], cwd=ws, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.05)
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    pid = int(pid_file.read_text())
    try:
        assert (child.returncode, out, err) == (143, "", "terminated; nothing was written\n")
        assert list(temp.iterdir()) == []
        assert snapshot(ws) == before
        time.sleep(0.2)
        assert not _alive(pid), "LibreOffice is still running after SIGTERM"
    finally:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
