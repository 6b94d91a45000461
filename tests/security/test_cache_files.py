"""Threat: a full disk leaves csp-draft's own files half-made in the workspace cache.

After a full disk, zero-byte ``.workspace.json.<pid>`` files stayed in
``.csp-draft-cache`` for ever (issue 23, item 17). The settings file is now written to a
temporary file that is removed when the write fails, and leftovers of killed commands
are cleaned once they are an hour old.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / ".csp-draft-cache").mkdir(parents=True)
    config = root / "csp-draft.yaml"
    config.write_text("coalition: C\n", encoding="utf-8")
    past = time.time() - 60
    os.utime(config, (past, past))  # settings saved a moment ago are not remembered yet
    return root


def test_a_full_disk_leaves_no_temporary_settings_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from csp_draft import workspace

    root = _workspace(tmp_path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    assert workspace.load_workspace(root).coalition == "C"  # the command itself goes on
    assert sorted(path.name for path in (root / ".csp-draft-cache").iterdir()) == []


def test_leftovers_of_killed_commands_are_cleaned(tmp_path: Path) -> None:
    from csp_draft.workspace import load_workspace

    root = _workspace(tmp_path)
    cache = root / ".csp-draft-cache"
    old, recent = cache / ".workspace.json.4242", cache / ".workspace.json.4343"
    old.write_bytes(b"")
    recent.write_bytes(b"")  # perhaps a command writing right now: kept
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    assert load_workspace(root).coalition == "C"
    assert sorted(path.name for path in cache.iterdir()) == [".workspace.json.4343",
                                                             "workspace.json"]
