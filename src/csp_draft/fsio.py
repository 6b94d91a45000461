"""Writing user files so that nothing is ever half-written or lost.

Every file csp-draft writes goes through :func:`atomic_write`: a temporary file in the
same folder, flushed to disk, then renamed over the target. A crash at any moment leaves
either the old file or the new one. A symlink to an existing regular file is written
through (the link stays a link, so an edited draft keeps its link) and the target's
permission bits are kept. One rule for every file csp-draft writes: a link never makes a
file appear where none was (a dangling link from a repository pointing at
``~/.bashrc``), nor replaces something that is not a regular file; such a write is
refused before anything is created, lock files included.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from csp_draft.errors import CspDraftError, Location

TEMP_PREFIX = ".csp-draft-"
TEMP_SUFFIX = ".tmp"


def _resolve_target(path: Path) -> Path:
    """Follow a symlink to the existing regular file it stands for, so that writing replaces
    that file and keeps the link; refuse a link to anything else (or to nothing)."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
        regular = stat.S_ISREG(target.stat().st_mode)
    except (OSError, RuntimeError):  # dangling, a loop, or unreadable
        target, regular = None, False
    if target is None or not regular:
        what = "to a file that does not exist" if target is None else \
            "to something that is not a regular file"
        raise CspDraftError(
            f"is a symbolic link {what}; nothing was written",
            hint="csp-draft writes through a link only to an existing file; remove the link "
            "or give another path",
            location=Location.of_file(path),
        )
    return target


def atomic_write(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically, keeping its mode and any symlink to it."""
    target = _resolve_target(Path(path))
    payload = data.encode(encoding) if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    try:
        old_mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        old_mode = None
    except OSError as exc:
        raise _os_error(target, exc) from None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _os_error(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if old_mode is not None:
            os.chmod(temp_name, old_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise _os_error(target, exc) from None
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_error(path: Path, exc: OSError) -> CspDraftError:
    reasons = {
        errno.ENOSPC: ("the disk is full", "free some space and run the command again"),
        errno.EACCES: ("permission denied", "check the file and folder permissions"),
        errno.EPERM: ("permission denied", "check the file and folder permissions"),
        errno.EROFS: ("the file system is read-only", "write to another folder"),
        errno.ENOENT: ("the folder does not exist", "create it first or choose another path"),
        errno.EISDIR: ("it is a folder", "give a file name"),
    }
    reason, hint = reasons.get(exc.errno or 0, (exc.strerror or str(exc), ""))
    return CspDraftError(
        f"cannot write: {reason}; the file is unchanged",
        hint=hint,
        location=Location.of_file(path),
    )


def read_bytes(path: str | Path, *, limit: int) -> bytes:
    """Read a user file, refusing files larger than ``limit`` bytes before reading them.

    Only a regular file is read: the file is opened without waiting (``O_NONBLOCK``) and
    checked on its descriptor, so a FIFO, device or socket given a file's name is refused
    at once instead of blocking the command (or reading endlessly from a device).
    """
    file_path = Path(path)
    where = Location.of_file(file_path)
    try:
        fd = os.open(file_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise CspDraftError("no such file", hint="check the path", location=where) from None
    except IsADirectoryError:
        raise CspDraftError("is a folder, not a file", location=where) from None
    except PermissionError:
        raise CspDraftError("permission denied", hint="check the file permissions",
                            location=where) from None
    except OSError as exc:
        raise CspDraftError(f"cannot open the file: {exc.strerror or exc}",
                            location=where) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CspDraftError("is a folder, not a file", location=where)
        if not stat.S_ISREG(info.st_mode):
            raise CspDraftError("is not a regular file (a FIFO, device or socket)",
                                hint="give the path of an ordinary file", location=where)
        if info.st_size > limit:
            raise CspDraftError(
                f"file is too large ({info.st_size:,} bytes; the limit is {limit:,})",
                hint="split it or check that it is the file you meant", location=where)
        chunks = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(fd, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise CspDraftError(f"cannot read the file: {exc.strerror or exc}",
                            location=where) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise CspDraftError(f"file is too large (over {limit:,} bytes)", location=where)
    return data


def clean_stale_temp_files(folder: str | Path, *, older_than_seconds: float = 3600) -> int:
    """Remove temp files and staging folders left by a killed csp-draft process; returns how
    many went."""
    import shutil
    import time

    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > older_than_seconds:
                        if entry.is_dir(follow_symlinks=False):
                            shutil.rmtree(entry.path)
                        else:
                            os.unlink(entry.path)
                        removed += 1
    return removed


def make_staging_folder(folder: Path) -> Path:
    """A new hidden folder inside ``folder`` for files that are moved into place together."""
    try:
        return Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder))
    except OSError as exc:
        raise _os_error(folder, exc) from None


def replace_file(source: Path, target: Path) -> None:
    """Move ``source`` over ``target`` (same folder tree) atomically, keeping the target's
    permission bits; a symlink at ``target`` is replaced by the file, never written through."""
    try:
        if target.exists() and not target.is_symlink():
            os.chmod(source, stat.S_IMODE(target.stat().st_mode))
        os.replace(source, target)
    except OSError as exc:
        raise _os_error(target, exc) from None


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Let Ctrl-C wait until the block is done (it moves finished files into place, which
    takes moments): the command then completes, so no half of a set of files is left."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def file_lock(path: str | Path, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` so two commands never interleave edits.

    The lock is an OS lock (released when the process dies), so a killed command never
    leaves a lock that blocks for ever.
    """
    from filelock import FileLock, Timeout

    target = _resolve_target(Path(path))
    lock_path = target.with_name(f".{target.name}.lock")
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise CspDraftError(
            f"another csp-draft command has held the lock for {timeout:.0f} s",
            hint=f"wait for it to finish, or remove {lock_path.name} if no command is running",
            location=Location.of_file(target),
        ) from None
    except OSError as exc:  # e.g. a folder the user may not write to
        raise _os_error(lock_path, exc) from None
    try:
        yield
    finally:
        lock.release()
