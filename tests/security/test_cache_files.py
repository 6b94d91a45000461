"""Threat: a full disk leaves csp-draft's own files half-made in the workspace cache.

After a full disk, zero-byte ``.workspace.json.<pid>`` files stayed in
``.csp-draft-cache`` for ever (issue 23, item 17). The settings file is now written to a
temporary file that is removed when the write fails, and leftovers of killed commands
are cleaned once they are an hour old. The index cache's ``.gitignore`` stayed empty for
ever after a full disk: it is now written whole or not at all, and repaired when found
empty or altered.
"""

from __future__ import annotations

import contextlib
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


GITIGNORE = "# Written by csp-draft: a cache, safe to delete, never to commit.\n*\n"


def _full_disk_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files open as before, but nothing written to them reaches the disk: ENOSPC."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> object:
            return getattr(self.handle, name)

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return Full(handle) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_a_full_disk_never_leaves_an_empty_gitignore_for_ever(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csp_draft.library.index.cache import prepare_cache_dir

    cache = tmp_path / ".csp-draft-cache"
    with monkeypatch.context() as patch:
        _full_disk_writes(patch)
        # the index is then not used; what matters is what stays on disk
        with contextlib.suppress(OSError):
            prepare_cache_dir(cache)
    assert not (cache / ".gitignore").exists() or (
        cache / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert not [p.name for p in cache.iterdir() if p.name.endswith(".tmp")]
    prepare_cache_dir(cache)  # the next command, with space again
    assert (cache / ".gitignore").read_text(encoding="utf-8") == GITIGNORE


@pytest.mark.parametrize("left", ["", "*", "# something else\n"])
def test_an_empty_or_altered_gitignore_is_repaired(tmp_path: Path, cli, left: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = _workspace(tmp_path)
    cache = root / ".csp-draft-cache"
    (cache / ".gitignore").write_text(left, encoding="utf-8")  # what a full disk left
    (cache / "CACHEDIR.TAG").write_bytes(b"")
    monkeypatch.chdir(root)
    assert cli("clauses", "list").code == 0
    assert (cache / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith(
        "Signature: 8a477f597d28d172789f06886806bc55\n")
