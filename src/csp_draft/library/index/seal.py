"""Sealing the index's rows to the files they stand for, with a key the workspace never holds.

An index file may be edited by anyone who can write the workspace (or arrive with it, a
cache folder committed by mistake): editing a row once changed a clause's text in every
export while its file stayed untouched (issue 23, item 4). Every row that a command uses
instead of reading a file (the file's listing, its clause, skeletons and rendered examples)
now carries an HMAC-SHA256 over what it says and over the SHA-256 of the file's bytes when
they were read. The key is 32 random bytes in the user's cache folder (``index-key``,
created 0600 on first use, never inside a workspace); without a usable key no index is used
and commands read the clause files. A row whose seal does not match is dropped and its file
read again, with a notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

KEY_NAME = "index-key"
KEY_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def content_digest(data: bytes) -> str:
    """What a row says of the bytes of its file."""
    return hashlib.sha256(data).hexdigest()


def read_regular(path: str | Path, limit: int) -> tuple[bytes, os.stat_result] | None:
    """Up to ``limit + 1`` bytes of the regular file at ``path`` (never through a link,
    never waiting on a FIFO) and its status; None when it is not one or cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), info
    except OSError:
        return None
    finally:
        os.close(fd)


def file_digest(path: str | Path, limit: int) -> str | None:
    """The digest of the regular file at ``path`` now, or None when it cannot be read."""
    found = read_regular(path, limit)
    return content_digest(found[0]) if found is not None and len(found[0]) <= limit else None


class Seal:
    """Signs and checks rows with one key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, *parts: Any) -> str:
        # JSON of a list keeps the parts apart: no two lists of parts give the same text
        text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
        return hmac.new(self._key, text.encode("utf-8", "surrogatepass"),
                        hashlib.sha256).hexdigest()

    def check(self, mac: object, *parts: Any) -> bool:
        return isinstance(mac, str) and hmac.compare_digest(mac, self.sign(*parts))


def load_seal(folder: Path) -> Seal | None:
    """The seal whose key is ``folder/index-key``, made on first use; None when the key
    cannot be made or is not the user's own private file (then no index is used)."""
    path = folder / KEY_NAME
    for _attempt in range(2):
        if not os.path.lexists(path) and not _make_key(folder, path):
            return None
        found = read_regular(path, KEY_BYTES)
        if found is None:
            continue  # gone meanwhile, or not a regular file (then refused next time round)
        key, info = found
        # POSIX: the user's own file, readable by no one else (Windows reports no owner,
        # and mode bits that say nothing of who may read it)
        if hasattr(os, "geteuid") and (info.st_mode & 0o077 or info.st_uid != os.geteuid()):
            return None
        return Seal(key) if len(key) == KEY_BYTES else None
    return None


def _make_key(folder: Path, path: Path) -> bool:
    """Write a new key whole, then link it into place: two commands starting at once both
    end up with the one that was linked first."""
    try:
        if folder.is_symlink():
            return False
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".index-key-", dir=folder)  # mode 0600
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
