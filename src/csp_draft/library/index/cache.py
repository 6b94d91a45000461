"""Where the library index lives, and the care its cache folder needs.

``.csp-draft-cache/`` in the workspace, else ``$XDG_CACHE_HOME/csp-draft``
(``~/.cache/csp-draft``); one SQLite file per search path (the library folders and the
languages that clause texts may use), named after a checksum of that key. Index files no
command has used for two months are deleted; the folder carries a ``.gitignore`` and a
``CACHEDIR.TAG`` so that git and backup tools leave it alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csp_draft.library.index.scan import LibrarySource

# An index file no command has opened for this long (its library folders moved or were
# deleted, a one-off --library) is deleted when a command next looks in the folder.
UNUSED_FOR_S = 60 * 24 * 3600
MARK_USED_AFTER_S = 24 * 3600  # how stale an index file's mtime may get before a touch
# The files that tell git and backup tools to leave the folder alone.
MARKERS = {
    ".gitignore": "# Written by csp-draft: a cache, safe to delete, never to commit.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This folder is a cache made by csp-draft; see https://bford.info/cachedir/\n",
}
_INDEX_NAME = re.compile(r"clauses-[0-9a-f]{16}\.sqlite3")


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/csp-draft``, or ``~/.cache/csp-draft``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "csp-draft"


def index_file(cache_dir: Path, sources: Sequence[LibrarySource], languages: Sequence[str]
               ) -> tuple[Path, str]:
    """The index file for this search path, and the key stored in it."""
    key = json.dumps({"sources": [os.path.realpath(source.path) for source in sources],
                      "languages": list(languages)}, ensure_ascii=False)
    data = key.encode("utf-8")  # a name, not a check: the key itself is compared on open
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    return cache_dir / f"clauses-{digest}.sqlite3", key


def prepare_cache_dir(cache_dir: Path, keep: str = "") -> None:
    """Create the folder, marked so that git and backup tools leave it alone, and delete
    index files unused for :data:`UNUSED_FOR_S` but ``keep`` (the one about to be used,
    whose modification time says when a command last opened it: see :func:`_mark_used`).

    A repository can carry a cache folder full of symlinks: the folder itself must not be
    a link, links inside it are removed (unlinking never follows them), and the marker
    files are created only where nothing exists yet, without following a link.
    """
    if cache_dir.is_symlink():
        raise OSError(f"{cache_dir} is a symbolic link")
    cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = time.time()
    with os.scandir(cache_dir) as entries:
        for entry in entries:
            if entry.is_symlink():
                os.unlink(entry.path)
            elif entry.name != keep and _INDEX_NAME.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > UNUSED_FOR_S:
                        remove(Path(entry.path))
    for name, text in MARKERS.items():
        ensure_marker(cache_dir / name, text)


def mark_used(path: Path) -> None:
    """Keep an index file that commands read but rarely write from looking unused."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > MARK_USED_AFTER_S:
            os.utime(path)


def ensure_marker(path: Path, text: str) -> None:
    """Give ``path`` exactly ``text``, written atomically, unless it has it already.

    Creating the file first and writing it after left an empty ``.gitignore`` for ever when
    the disk was full (issue 23, item 17): git then offered the whole cache for committing.
    Now a marker is either whole or absent, and one found empty or altered is written again
    by the next command. A failure never fails the command (the cache still works).
    """
    from csp_draft.errors import CspDraftError
    from csp_draft.fsio import atomic_write
    from csp_draft.library.index.seal import read_regular

    expected = text.encode("utf-8")
    if os.path.lexists(path):
        found = read_regular(path, len(expected))
        if found is None or found[0] == expected:
            return  # ours already, or not a file we may replace (links were removed above)
    with contextlib.suppress(CspDraftError, OSError):
        atomic_write(path, expected)


def remove(path: Path) -> None:
    for victim in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            victim.unlink()


