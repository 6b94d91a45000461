"""Case records on the search path, and re-stamping one (``people verify``).

The folders are searched as clauses are, a later one overriding an earlier by id: the
packaged ``people/``, then ``people/`` of each shared library, then the workspace's
``people/``, then ``people/`` of each ``--library`` folder (a workspace given as
``--library``: its people folder). The clause scan skips a ``people/`` folder at the top of
a clause folder, so one git repository can share clauses and records.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from csp_draft import paths
from csp_draft.errors import CspDraftError, DiagnosticCollector, Location, UsageError
from csp_draft.models.people import (
    MAX_RECORD_BYTES,
    STATES,
    People,
    Person,
    read_person,
)
from csp_draft.suggest import did_you_mean

if TYPE_CHECKING:
    from csp_draft.workspace import Workspace

PEOPLE_FOLDER = "people"


class PeopleSource(NamedTuple):
    """One folder of case records on the search path."""

    name: str
    path: Path


def people_sources(workspace: Workspace, extra: Sequence[Path] = ()) -> list[PeopleSource]:
    """The case-record search path for this workspace and any ``--library`` folders."""
    from csp_draft.library.lock import LOCK_NAME
    from csp_draft.workspace import CONFIG_NAME, load_workspace

    sources = [PeopleSource("packaged", paths.packaged(PEOPLE_FOLDER))]
    if workspace.root is not None and (workspace.root / LOCK_NAME).is_file():
        from csp_draft.library.index.cache import user_cache_dir
        from csp_draft.library.shared import shared_folders

        sources += [PeopleSource(name, folder / PEOPLE_FOLDER)
                    for name, folder in shared_folders(workspace.root, user_cache_dir())]
    if workspace.people_dir is not None:
        sources.append(PeopleSource("workspace", workspace.people_dir))
    for folder in extra:
        if (folder / CONFIG_NAME).is_file():
            people_dir = load_workspace(folder).people_dir
            if people_dir is None:
                continue
            folder = people_dir
        else:
            folder = folder / PEOPLE_FOLDER
        if any(source.path.is_dir() and folder.is_dir()
               and os.path.samefile(folder, source.path) for source in sources):
            continue
        sources.append(PeopleSource(str(folder), folder))
    return [source for source in sources if source.path.is_dir()]


def record_files(folder: Path) -> list[Path]:
    """The record files of one folder: regular ``*.yaml`` files, sorted, no links."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return []
    return [Path(entry.path) for entry in entries
            if entry.name.endswith(".yaml") and not entry.name.startswith(".")
            and entry.is_file(follow_symlinks=False)]


def load_people(sources: Sequence[PeopleSource]) -> People:
    """Every record on the search path; fails listing every problem of every file."""
    from csp_draft.yamlio.located import load_yaml_file

    diags = DiagnosticCollector()
    records: dict[str, Person] = {}
    for source in sources:
        for path in record_files(source.path):
            try:
                node = load_yaml_file(path, max_bytes=MAX_RECORD_BYTES)
            except CspDraftError as error:
                diags.absorb(error)
                continue
            person = read_person(node, path, diags, source.name)
            if person is not None:
                records[person.id] = person
    diags.raise_if_any()
    return People(records)


# --- people verify ------------------------------------------------------------------------

class Verified(NamedTuple):
    """What ``verify`` did: ``restamped`` the current entry, or ``added`` a new one."""

    person: str
    action: str
    path: Path


def verify_person(person: Person, *, state: str, source: str, on: dt.date | None,
                  today: dt.date) -> Verified:
    """Re-stamp ``person``'s record: a state equal to the current one gets ``source`` and
    ``checked: today`` (and ``on`` when given); another state is added as a new entry.

    The file is edited keeping its comments and layout, under a lock, atomically; a file
    changed on disk since it was read is refused, never overwritten.
    """
    from csp_draft.fsio import atomic_write, file_lock, read_bytes
    from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml
    from csp_draft.yamlio.roundtrip import dump_roundtrip, load_roundtrip, make_yaml

    if state not in STATES:
        raise UsageError(f"unknown status '{state}'",
                         hint=did_you_mean(state, STATES) or "use one of " + ", ".join(STATES))
    if on is not None and on > today:
        raise UsageError(f"--on {on.isoformat()} is after today ({today.isoformat()})",
                         hint="give the day the status began, not a future one")
    path = person.path
    if path is None:
        raise CspDraftError(f"the record '{person.id}' has no file to edit")
    if person.library == "packaged":
        raise CspDraftError(f"'{person.id}' is a packaged record, which csp-draft does not "
                            "edit", hint=f"copy it into your workspace's people/ folder "
                            f"(cp {path} people/) and verify that copy",
                            location=Location.of_file(path))
    with file_lock(path):
        before = read_bytes(path, limit=MAX_RECORD_BYTES)
        text = decode_yaml_bytes(before, str(path))
        diags = DiagnosticCollector()
        if read_person(load_yaml(text, str(path)), path, diags) is None:
            diags.raise_if_any()
        rt = make_yaml(text)
        data = load_roundtrip(rt, text, str(path))
        entries: Any = data["status"]
        current_index = max(range(len(entries)),
                            key=lambda i: (str(entries[i]["on"]), i))
        current = entries[current_index]
        if current["state"] == state and (on is None or str(current["on"]) == on.isoformat()):
            current["source"] = source
            current["checked"] = today.isoformat()
            action = "restamped"
        else:
            new = type(current)()  # the same mapping type keeps the list's flow or block style
            new["state"] = state
            new["on"] = (on or today).isoformat()
            new["source"] = source
            new["checked"] = today.isoformat()
            if hasattr(current, "fa") and current.fa.flow_style():
                new.fa.set_flow_style()
            entries.append(new)
            action = "added"
        after = dump_roundtrip(rt, data)
        diags = DiagnosticCollector()
        if read_person(load_yaml(after, str(path)), path, diags) is None:
            diags.raise_if_any()
        if read_bytes(path, limit=MAX_RECORD_BYTES) != before:
            raise CspDraftError("the file changed on disk while the command ran; nothing was "
                                "written", hint="run the command again",
                                location=Location.of_file(path))
        atomic_write(path, after)
    return Verified(person.id, action, path)
