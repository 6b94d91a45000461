"""Shared libraries of a workspace: add, update and read them, as the lock file says.

The search path is: the packaged library, then each shared library (in name order), then
the workspace's own clauses (which override shared ones by id), then ``--library`` folders.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from csp_draft.errors import CspDraftError
from csp_draft.library import remote
from csp_draft.library.lock import LockedLibrary, read_lock, write_lock

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def snapshot_folder(cache_root: Path, locked: LockedLibrary) -> Path:
    url_key = hashlib.sha256(locked.url.encode("utf-8")).hexdigest()[:20]
    return cache_root / "libraries" / url_key / locked.commit


def ensure_snapshot(cache_root: Path, locked: LockedLibrary) -> Path:
    """The folder holding the locked commit's clause files, made (fetching the commit if
    this machine lacks it) or checked against the lock's blobs."""
    folder = snapshot_folder(cache_root, locked)
    if not folder.is_dir():
        repo = remote.cache_repository(cache_root, locked.url)
        if not remote.has_commit(repo, locked.commit):
            remote.fetch(repo, locked.url, locked.ref)
        if not remote.has_commit(repo, locked.commit):
            raise CspDraftError(
                f"library '{locked.name}': the locked commit {locked.commit[:12]} is no longer "
                f"on '{locked.ref or 'the default branch'}' (history rewritten upstream?)",
                hint=f"run `csp-draft library update {locked.name}` and review the changes")
        remote.write_snapshot(repo, locked.commit, folder)
    _check_against_lock(folder, locked)
    return folder


def _check_against_lock(folder: Path, locked: LockedLibrary) -> None:
    on_disk = {path.relative_to(folder).as_posix() for path in folder.rglob("*")
               if path.is_file() or path.is_symlink()}
    if on_disk != set(locked.files):
        extra = sorted(on_disk - set(locked.files))
        missing = sorted(set(locked.files) - on_disk)
        raise CspDraftError(
            f"library '{locked.name}': its cached files differ from the lock "
            f"(not in the lock: {', '.join(extra[:3]) or 'none'}; missing: "
            f"{', '.join(missing[:3]) or 'none'})",
            hint=f"delete {folder} and run the command again")
    for path, blob in locked.files.items():
        target = folder.joinpath(*path.split("/"))
        if target.is_symlink() or remote.blob_hash(target.read_bytes()) != blob:
            raise CspDraftError(f"library '{locked.name}': the cached '{path}' was changed",
                                hint=f"delete {folder} and run the command again")


def shared_folders(root: Path | None, cache_root: Path) -> list[tuple[str, Path]]:
    """(name, folder) of every locked library of the workspace at ``root``."""
    if root is None:
        return []
    return [(name, ensure_snapshot(cache_root, locked))
            for name, locked in read_lock(root).items()]


@dataclass
class Change:
    """What an update brings for one library."""

    name: str
    old: str | None
    new: str
    rewritten: bool = False  # the old commit is not an ancestor of the new one
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff
    skipped_links: list[str] = field(default_factory=list)
    # the workspace's own versions of changed clauses, merged with upstream's change:
    # override path -> the fields in conflict (empty: merged cleanly)
    merged: dict[Path, list[str]] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)  # changed path -> its 'change'
    pinned: bool = False  # the lock now names the new commit


def library_name(url: str, name: str | None) -> str:
    chosen = name or Path(url.rstrip("/").split(":")[-1]).name.removesuffix(".git").lower()
    if not _NAME.match(chosen):
        raise CspDraftError(f"'{chosen}' cannot name a library",
                            hint="give one with --as, e.g. --as coalition (letters, digits, -)")
    return chosen


def add_library(root: Path, cache_root: Path, url: str, *, ref: str | None,
                name: str | None) -> Change:
    """Fetch ``url`` and pin it in the workspace's lock file."""
    url = remote.normalise_url(url, base=root)
    name = library_name(url, name)
    libraries = read_lock(root)
    if name in libraries:
        raise CspDraftError(f"the workspace has a library '{name}' already",
                            hint=f"update it with `csp-draft library update {name}`, or "
                            "choose another name with --as")
    repo = remote.cache_repository(cache_root, url)
    commit = remote.fetch(repo, url, ref)
    locked = LockedLibrary(name, url, ref, commit)
    snapshot = remote.write_snapshot(repo, commit, snapshot_folder(cache_root, locked))
    locked.files = {f.path: f.blob for f in snapshot.files}
    libraries[name] = locked
    write_lock(root, libraries)
    return Change(name, None, commit, added=sorted(locked.files),
                  skipped_links=list(snapshot.skipped_links))


def update_library(root: Path, cache_root: Path, name: str, *, dry_run: bool,
                   overrides: Path | None = None, corrections_only: bool = False) -> Change:
    """Fetch the followed ref again; pin its commit unless ``dry_run``.

    ``overrides``: the workspace's clauses folder; a clause there with the id of a clause
    the update changes is merged three ways (see :mod:`csp_draft.library.merge`).
    ``corrections_only``: pin the new commit only when every changed clause declares its
    new version a correction and none was added or removed."""
    libraries = read_lock(root)
    if name not in libraries:
        raise CspDraftError(f"no library '{name}' in this workspace",
                            hint="see `csp-draft library status`")
    locked = libraries[name]
    repo = remote.cache_repository(cache_root, locked.url)
    commit = remote.fetch(repo, locked.url, locked.ref)
    change = Change(name, locked.commit, commit)
    if commit == locked.commit:
        return change
    change.rewritten = (remote.has_commit(repo, locked.commit)
                        and not remote.is_ancestor(repo, locked.commit, commit)) or (
        not remote.has_commit(repo, locked.commit))
    new = LockedLibrary(name, locked.url, locked.ref, commit)
    snapshot = remote.write_snapshot(repo, commit, snapshot_folder(cache_root, new))
    new.files = {f.path: f.blob for f in snapshot.files}
    change.skipped_links = list(snapshot.skipped_links)
    change.added = sorted(set(new.files) - set(locked.files))
    change.removed = sorted(set(locked.files) - set(new.files))
    old_folder = snapshot_folder(cache_root, locked)
    for path in sorted(set(new.files) & set(locked.files)):
        if new.files[path] != locked.files[path]:
            change.changed[path] = _diff(old_folder, snapshot.folder, path)
            change.classes[path] = _change_class(snapshot.folder, path)
    if corrections_only and (change.added or change.removed or change.rewritten or any(
            kind != "correction" for kind in change.classes.values())):
        dry_run = True  # not only corrections: shown, not applied
    if overrides is not None and overrides.is_dir():
        change.merged = _merge_overrides(overrides, old_folder, snapshot.folder,
                                         list(change.changed), dry_run=dry_run)
    if not dry_run:
        libraries[name] = new
        write_lock(root, libraries)
        change.pinned = True
    return change


def _change_class(folder: Path, path: str) -> str:
    """What the clause's new version says it is ('change:'), or 'unclassified'."""
    from csp_draft.errors import CspDraftError as Unreadable
    from csp_draft.yamlio.located import load_yaml_file

    try:
        node = load_yaml_file(folder.joinpath(*path.split("/"))).get("change")
    except (Unreadable, AttributeError):
        return "unclassified"
    return node.text if node is not None and node.is_scalar and node.text else "unclassified"


def _merge_overrides(overrides: Path, old_folder: Path, new_folder: Path, paths: list[str],
                     *, dry_run: bool) -> dict[Path, list[str]]:
    from csp_draft.library.merge import merge_data, write_merged
    from csp_draft.yamlio.located import load_yaml_file

    by_id: dict[str, list[Path]] = {}
    for path in sorted(overrides.rglob("*.yaml")):
        if path.is_file() and not path.is_symlink():
            by_id.setdefault(path.stem, []).append(path)
    merged: dict[Path, list[str]] = {}
    for changed in paths:
        for override in by_id.get(Path(changed).stem, []):
            base, theirs = (load_yaml_file(folder.joinpath(*changed.split("/"))).to_python()
                            for folder in (old_folder, new_folder))
            ours = load_yaml_file(override).to_python()
            result = merge_data(base, ours, theirs)
            if result.data != ours and not dry_run:
                write_merged(override, result)
            merged[override] = result.conflicts
    return merged


def remove_library(root: Path, name: str) -> None:
    libraries = read_lock(root)
    if name not in libraries:
        raise CspDraftError(f"no library '{name}' in this workspace",
                            hint="see `csp-draft library status`")
    del libraries[name]
    write_lock(root, libraries)


def _diff(old_folder: Path, new_folder: Path, path: str) -> str:
    def lines(folder: Path) -> list[str]:
        target = folder.joinpath(*path.split("/"))
        try:
            return target.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return []

    return "\n".join(difflib.unified_diff(lines(old_folder), lines(new_folder),
                                          f"a/{path}", f"b/{path}", lineterm="", n=1))
