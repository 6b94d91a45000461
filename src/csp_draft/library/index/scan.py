"""Finding clause files: the one walk of a library folder that every command uses.

Hidden files and folders and symbolic links are skipped; folders are read through
descriptors, so that each file's stat needs no path lookup, in the order :func:`os.walk`
with sorted names would give.
"""

from __future__ import annotations

import operator
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from csp_draft.errors import Diagnostic
    from csp_draft.library.shapes import Skeleton
    from csp_draft.models.data import Clause

CLAUSE_SUFFIXES = (".yaml", ".yml")
CONFIG_NAME = "csp-draft.yaml"  # a workspace's settings (csp_draft.workspace), never a clause
_BY_NAME = operator.attrgetter("name")  # sorts directory entries without a Python call each
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


CASE_RECORDS = "people"  # the folder of case records beside the clauses (library.people)


class LibrarySource(NamedTuple):
    """One folder on the clause search path."""

    name: str
    path: Path


class ReadClause(NamedTuple):
    """One clause file read and checked: the clause (None when it has errors), every problem
    found in it, the skeletons of its texts (see :mod:`csp_draft.library.shapes`), and the
    SHA-256 of the bytes read (empty when none were), which the store seals every row with.
    The store keeps it; :func:`csp_draft.library.load.read_clause_file` makes it."""

    clause: Clause | None
    problems: list[Diagnostic]
    skeletons: dict[str, Skeleton]
    digest: str = ""


# A clause file found on disk: (relative path, path, size, mtime_ns). The path is a string
# written as ``str(Path(folder) / relative)`` would be: making ten thousand Path objects on
# every command would take longer than the rest of a search.
Scanned = tuple[str, str, int, int]


def scan_clause_files(folder: Path) -> list[Scanned]:
    """YAML files below ``folder`` in the order :func:`os.walk` with sorted names gives them.

    Only regular files are listed: hidden files and folders, symbolic links, FIFOs, devices
    and sockets are skipped, with or without the index (opening a FIFO would wait forever
    for a writer). Folders are read through descriptors, so that each file's stat needs no
    path lookup, and walked with a stack of our own rather than by recursion, so that a
    library nested thousands of folders deep is read like any other.
    """
    found: list[Scanned] = []
    base = str(folder)
    try:
        fd = os.open(base, os.O_RDONLY | _DIRECTORY)
    except OSError:
        return found
    shown = "" if base == "." else base.rstrip("/") + "/"
    # One entry per open folder on the way down: its descriptor, how paths below it are
    # written (with a trailing slash) relative to the folder and as shown, and its
    # subfolders not yet walked.
    stack: list[tuple[int, str, str, Iterator[str]]] = []
    try:
        stack.append((fd, shown, "", iter(_read_folder(fd, shown, "", found))))
        while stack:
            fd, shown, prefix, pending = stack[-1]
            name = next(pending, None)
            if name is None:
                stack.pop()
                os.close(fd)
                continue
            try:
                sub = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except OSError:  # vanished, not readable, or out of descriptors: not walked
                continue
            sub_shown, sub_prefix = f"{shown}{name}/", f"{prefix}{name}/"
            stack.append((sub, sub_shown, sub_prefix,
                          iter(_read_folder(sub, sub_shown, sub_prefix, found))))
    finally:
        for fd, *_ in stack:
            os.close(fd)
    return found


def _read_folder(fd: int, shown: str, prefix: str, found: list[Scanned]) -> list[str]:
    """Add the clause files of one folder to ``found``; its subfolders to walk, sorted."""
    try:
        with os.scandir(fd) as it:
            entries = sorted(it, key=_BY_NAME)
    except OSError:
        return []
    subfolders = []
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if name[0] != "." and not entry.is_symlink() and not (
                prefix == "" and name == CASE_RECORDS  # a shared library's case records
            ):
                subfolders.append(name)
        elif (name.endswith(CLAUSE_SUFFIXES) and name[0] != "." and name != CONFIG_NAME
              and not entry.is_symlink()):  # a workspace's settings are no clause
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # vanished: the loader reports it
                found.append((prefix + name, shown + name, -1, -1))
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((prefix + name, shown + name, info.st_size, info.st_mtime_ns))
    return subfolders
