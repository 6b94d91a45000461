"""Writing user files: atomic, mode- and symlink-preserving, clear errors, nothing lost."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csp_draft.errors import CspDraftError
from csp_draft.fsio import TEMP_PREFIX, atomic_write, clean_stale_temp_files


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_failed_replace_leaves_the_old_file_and_no_temp(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "draft.yaml"
    target.write_bytes(b"old content\n")

    def crash(*args: object) -> None:
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(CspDraftError):
        atomic_write(target, "new content\n")
    assert target.read_bytes() == b"old content\n"
    assert leftovers(tmp_path) == []


def test_encoding_failure_never_truncates(tmp_path: Path) -> None:
    target = tmp_path / "draft.yaml"
    target.write_bytes(b"precious\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "bad \ud800 surrogate")
    assert target.read_bytes() == b"precious\n"
    assert leftovers(tmp_path) == []


def test_interrupt_mid_write_leaves_the_old_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "draft.yaml"
    target.write_bytes(b"old\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new\n")
    assert target.read_bytes() == b"old\n"
    assert leftovers(tmp_path) == []


def test_mode_and_symlink_are_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, "a: 2\n")
    assert link.is_symlink()
    assert real.read_text() == "a: 2\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_full_disk_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "draft.yaml"
    target.write_text("keep me\n")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(CspDraftError) as info:
        atomic_write(target, "new\n")
    assert info.value.diagnostics[0].format() == (
        f"{target}: error: cannot write: the disk is full; the file is unchanged; free some "
        "space and run the command again"
    )
    assert target.read_text() == "keep me\n"
    assert leftovers(tmp_path) == []


def test_read_only_folder_is_a_clear_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("keep\n")

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refused)
    with pytest.raises(CspDraftError) as info:
        atomic_write(target, "new\n")
    assert info.value.diagnostics[0].format() == (
        f"{target}: error: cannot write: permission denied; the file is unchanged; check the "
        "file and folder permissions"
    )
    assert target.read_text() == "keep\n"


def test_stale_temp_files_are_cleaned(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}abc.tmp"
    stale.write_text("half")
    os.utime(stale, (0, 0))
    fresh = tmp_path / f"{TEMP_PREFIX}def.tmp"
    fresh.write_text("in use")
    assert clean_stale_temp_files(tmp_path) == 1
    assert leftovers(tmp_path) == [fresh.name]


_LINES = ["kind: resolution", "# keep this comment", "title: T", "languages: [en]",
          "sections:", "  recommendations:", "    items:", "      - text: First.",
          "      - text: Second."]


@pytest.mark.parametrize("ends", [["\r"] * 9, ["\n", "\r\n", "\n", "\n", "\r\n", "\n", "\n",
                                                 "\n", "\n"]], ids=["CR only", "mostly LF"])
def test_each_line_keeps_its_line_end(cli: Callable[..., Any], ws: Path,
                                      ends: list[str]) -> None:
    """CR-only files came out mixed after an edit (a comment moved), and a mostly-LF file
    with a few CRLF lines became all CRLF (issue 23, item 16)."""
    draft = ws / "drafts" / "ends.yaml"
    draft.write_bytes("".join(line + end for line, end in zip(_LINES, ends, strict=True))
                      .encode())
    result = cli("add-text", draft, "--section", "recommendations", "Third.")
    assert result.code == 0, result.err
    common = "\r" if ends[0] == "\r" else "\n"
    assert draft.read_bytes().decode() == "".join(
        line + end for line, end in zip([*_LINES, "      - text: Third."], [*ends, common],
                                        strict=True))
