"""Finding clause files: the one walk of a library folder that every command uses.

Hidden files and folders and symbolic links are skipped; folders are read through
descriptors, so that each file's stat needs no path lookup, in the order :func:`os.walk`
with sorted names would give.
"""

from __future__ import annotations

import operator
import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from csp_draft.errors import Diagnostic
    from csp_draft.library.shapes import Skeleton
    from csp_draft.models.data import Clause

CLAUSE_SUFFIXES = (".yaml", ".yml")
_BY_NAME = operator.attrgetter("name")  # sorts directory entries without a Python call each


class LibrarySource(NamedTuple):
    """One folder on the clause search path."""

    name: str
    path: Path


class ReadClause(NamedTuple):
    """One clause file read and checked: the clause (None when it has errors), every problem
    found in it, and the skeletons of its texts (see :mod:`csp_draft.library.shapes`).
    The store keeps it; :func:`csp_draft.library.load.read_clause_file` makes it."""

    clause: Clause | None
    problems: list[Diagnostic]
    skeletons: dict[str, Skeleton]


# A clause file found on disk: (relative path, path, size, mtime_ns). The path is a string
# written as ``str(Path(folder) / relative)`` would be: making ten thousand Path objects on
# every command would take longer than the rest of a search.
Scanned = tuple[str, str, int, int]


def scan_clause_files(folder: Path) -> list[Scanned]:
    """YAML files below ``folder`` in the order :func:`os.walk` with sorted names gives them.

    Hidden files and folders and symlinks are skipped, with or without the index. Folders
    are read through descriptors, so that each file's stat needs no path lookup.
    """
    found: list[Scanned] = []
    base = str(folder)
    try:
        fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return found
    try:
        _scan(fd, "" if base == "." else base.rstrip("/") + "/", "", found)
    finally:
        os.close(fd)
    return found


def _scan(fd: int, shown: str, prefix: str, found: list[Scanned]) -> None:
    """``shown``: how paths below the folder are written, with its trailing slash."""
    try:
        with os.scandir(fd) as it:
            entries = sorted(it, key=_BY_NAME)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if name[0] != "." and not entry.is_symlink():
                subfolders.append(name)
        elif name.endswith(CLAUSE_SUFFIXES) and name[0] != "." and not entry.is_symlink():
            try:
                info = entry.stat(follow_symlinks=False)
                found.append((prefix + name, shown + name, info.st_size, info.st_mtime_ns))
            except OSError:  # vanished: the loader reports it
                found.append((prefix + name, shown + name, -1, -1))
    for name in subfolders:
        try:
            sub = os.open(name, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                          | getattr(os, "O_NOFOLLOW", 0), dir_fd=fd)
        except OSError:
            continue
        try:
            _scan(sub, shown + name + "/", prefix + name + "/", found)
        finally:
            os.close(sub)


