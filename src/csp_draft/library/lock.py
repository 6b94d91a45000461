"""``csp-draft.lock``: the shared clause libraries a workspace uses, pinned to a commit.

Per library: its address, the branch or tag followed, the commit in use, and the git blob
of every clause file at that commit. Exports are reproducible from the lock: another
member with the same lock reads the same bytes, checked file by file against the blobs.
The file is written sorted and in one fixed layout, so two runs write the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import atomic_write

LOCK_NAME = "csp-draft.lock"
_HEADER = ("# csp-draft.lock: the shared clause libraries of this workspace, pinned.\n"
           "# Written by `csp-draft library add/update/remove`; commit it with the drafts.\n")


@dataclass
class LockedLibrary:
    name: str
    url: str
    ref: str | None
    commit: str
    files: dict[str, str] = field(default_factory=dict)  # path -> blob


def read_lock(root: Path) -> dict[str, LockedLibrary]:
    """The workspace's locked libraries, in name order (none without a lock file)."""
    path = root / LOCK_NAME
    if not path.is_file():
        return {}
    from csp_draft.yamlio.located import load_yaml_file

    node = load_yaml_file(path)
    data = node.to_python()
    libraries = data.get("libraries") if isinstance(data, dict) else None
    if not isinstance(libraries, dict):
        raise CspDraftError("the lock file has no 'libraries' mapping",
                            hint="restore it from git, or remove it and add the libraries again",
                            location=Location.of_file(path))
    result = {}
    for name, entry in libraries.items():
        try:
            files = entry.get("files") or {}
            result[str(name)] = LockedLibrary(
                str(name), str(entry["url"]), None if entry.get("ref") is None
                else str(entry["ref"]), str(entry["commit"]),
                {str(p): str(b) for p, b in files.items()})
        except (AttributeError, KeyError, TypeError):
            raise CspDraftError(f"library '{name}' in the lock file lacks url or commit",
                                hint="run `csp-draft library update` to write it again",
                                location=Location.of_file(path)) from None
    return result


def write_lock(root: Path, libraries: dict[str, LockedLibrary]) -> Path:
    """Write the lock file (sorted, so the same libraries always give the same bytes)."""
    import yaml

    data = {"libraries": {
        name: {"url": lib.url, "ref": lib.ref, "commit": lib.commit,
               "files": dict(sorted(lib.files.items()))}
        for name, lib in libraries.items()}}
    text = _HEADER + yaml.safe_dump(data, sort_keys=True, allow_unicode=True,
                                    default_flow_style=False, width=1000)
    path = root / LOCK_NAME
    atomic_write(path, text)
    return path
