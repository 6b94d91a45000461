"""What a shell's Tab offers for each kind of value: one function per kind.

Each function takes the :class:`Place` of the word being completed and returns
``(value, description)`` pairs whose value starts with the word typed so far; a description
may be empty. They run in a process started for one key press, so they import only the
standard library (and PyYAML for a small file), read nothing they do not need and never
raise: a completion that goes wrong offers nothing.

:data:`KINDS` maps a command's parameter name to the function for its values. A new
command gets completion by naming its parameters as these do (``clause_id``, ``draft``,
``ref``, ``member``, ``person`` ...); a new kind is one more function and one more entry.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "csp-draft.yaml"
MAX_SHOWN = 500  # candidates offered at most: no shell lists more usefully
MAX_SMALL_FILE = 2_000_000  # bytes of a draft or members.yaml read for completion
GIT_TIMEOUT_S = 0.5

Candidate = tuple[str, str]  # (value, description)


@dataclass
class Place:
    """Where the completed word stands: the command (``("clauses", "show")``), the words
    typed before it, the draft named among them, and the word typed so far."""

    command: tuple[str, ...]
    incomplete: str
    draft: str | None = None
    cwd: Path = field(default_factory=Path.cwd)

    @property
    def workspace(self) -> Path | None:
        return workspace_root(self.cwd)


def workspace_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` with a csp-draft.yaml of the same owner,
    stopping at the home folder (as the commands themselves look for it)."""
    home = Path.home()
    try:
        uid = os.getuid()
    except AttributeError:  # Windows: no owners to compare
        uid = None
    for folder in (start, *start.parents):
        config = folder / CONFIG_NAME
        with contextlib.suppress(OSError):
            if config.is_file() and (uid is None or config.stat().st_uid == uid):
                return folder
        if folder == home:
            return None
    return None


# --- clause ids ---------------------------------------------------------------------------

def clause_ids(place: Place) -> list[Candidate]:
    """Clause ids with their titles, from the library index a command left in the cache;
    without one, the names of the clause files (a clause file is named after its id)."""
    root = place.workspace
    found = _indexed_clause_ids(root, place.incomplete)
    if found is None:
        found = _clause_files(root, place.incomplete)
    return sorted(found.items())[:MAX_SHOWN]


def _index_files(root: Path | None) -> Iterator[Path]:
    """Index files that may hold this workspace's library, the most recently used first."""
    folders = [root / ".csp-draft-cache"] if root is not None else []
    base = os.environ.get("XDG_CACHE_HOME", "")
    folders.append((Path(base) if base and os.path.isabs(base) else Path.home() / ".cache")
                   / "csp-draft")
    for folder in folders:
        if folder.is_symlink():
            continue
        with contextlib.suppress(OSError):
            files = [(entry.stat(follow_symlinks=False).st_mtime, Path(entry.path))
                     for entry in os.scandir(folder)
                     if entry.name.startswith("clauses-") and entry.name.endswith(".sqlite3")
                     and entry.is_file(follow_symlinks=False)]
            yield from (path for _, path in sorted(files, reverse=True))


def _indexed_clause_ids(root: Path | None, prefix: str) -> dict[str, str] | None:
    """Ids and titles (in the first language) from the index of this library, or None when
    no index belongs to it. An index belongs to the workspace when it lists the workspace's
    folders; outside a workspace, to the packaged library alone."""
    import json

    here = os.path.realpath(root) if root is not None else None
    for path in _index_files(root):
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.05)
        except sqlite3.Error:
            continue
        try:
            key = db.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
            sources = json.loads(key[0])["sources"] if key else []
            inside = [s for s in sources if here and (s == here or s.startswith(here + os.sep))]
            if (here is None and len(sources) != 1) or (here is not None and not inside):
                continue
            rows = db.execute(
                "SELECT files.clause_id, fts.title_0 FROM files LEFT JOIN fts "
                "ON fts.rowid = files.file WHERE files.clause_id IS NOT NULL "
                "AND substr(files.clause_id, 1, ?) = ? ORDER BY files.file",
                (len(prefix), prefix)).fetchall()
            return {str(clause): str(title or "") for clause, title in rows}
        except (sqlite3.Error, ValueError, KeyError, TypeError, IndexError):
            continue
        finally:
            db.close()
    return None


def _clause_files(root: Path | None, prefix: str) -> dict[str, str]:
    from csp_draft import paths

    folders = [paths.packaged("clauses")]
    if root is not None:
        folders.append(root / "clauses")
    found: dict[str, str] = {}
    for folder in folders:
        for _folder, dirnames, filenames in os.walk(folder):
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            for name in filenames:
                if name.endswith(".yaml") and name.startswith(prefix) and name[0] != ".":
                    found.setdefault(name[:-5], "")
    return found


# --- drafts, their items and their revisions ----------------------------------------------

def draft_revisions(place: Place) -> list[Candidate]:
    """After ``DRAFT@``: the draft's recent commits (with their subjects), branches and
    tags. Before an ``@``, nothing: the shell completes the file name."""
    word = place.incomplete
    if "@" not in word or Path(word).exists():
        return []
    path, _, typed = word.rpartition("@")
    draft = Path(path)
    if not draft.is_file():
        return []
    folder = str(draft.parent) or "."
    found: list[Candidate] = []
    log = _git(folder, "log", "-n", "30", "--format=%h%x09%ad %s", "--date=short", "--",
               draft.name)
    found += [tuple(line.split("\t", 1)) for line in log if "\t" in line]  # type: ignore[misc]
    refs = _git(folder, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags")
    found += [(name, "") for name in refs]
    found += [("HEAD", "the last commit"), ("HEAD~1", "the commit before it")]
    seen: set[str] = set()
    return [(f"{path}@{rev}", text) for rev, text in found
            if rev.startswith(typed) and not (rev in seen or seen.add(rev))]


def _git(folder: str, *args: str) -> list[str]:
    try:
        done = subprocess.run(["git", "-C", folder, *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return done.stdout.splitlines() if done.returncode == 0 else []


def _read_yaml(path: Path) -> object:
    """A small YAML file read with the C loader, or None (too large, unreadable, broken)."""
    import yaml

    try:
        if not path.is_file() or path.stat().st_size > MAX_SMALL_FILE:
            return None
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, ValueError, yaml.YAMLError):
        return None


def _first_text(value: object) -> str:
    """A title or text (a string, or one per language) shortened to a description."""
    if isinstance(value, dict):
        value = next((v for v in value.values() if isinstance(v, str)), "")
    text = " ".join(str(value or "").split())
    return text if len(text) <= 60 else text[:59] + "…"


def _draft_sections(place: Place) -> dict[str, list[dict[str, object]]]:
    if place.draft is None:
        return {}
    data = _read_yaml(Path(place.draft.rpartition("@")[0] if "@" in place.draft
                           and not Path(place.draft).exists() else place.draft))
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, dict):
        return {}
    return {str(key): [item for item in (value or {}).get("items") or []
                       if isinstance(item, dict)]
            for key, value in sections.items() if isinstance(value, dict | type(None))}


def item_refs(place: Place) -> list[Candidate]:
    """Items of the draft named earlier on the line: ``recommendations.3`` with the clause
    id or the first words of the text, and the ids given to items."""
    found: list[Candidate] = []
    for key, items in _draft_sections(place).items():
        for number, item in enumerate(items, 1):
            what = str(item.get("clause") or _first_text(item.get("text")))
            found.append((f"{key}.{number}", what))
            if isinstance(item.get("id"), str):
                found.append((str(item["id"]), f"{key}.{number}: {what}"))
    return _starting(found, place.incomplete)


def section_keys(place: Place) -> list[Candidate]:
    """Sections of the draft named earlier on the line, with their item counts."""
    return _starting([(key, f"{len(items)} items")
                      for key, items in _draft_sections(place).items()], place.incomplete)


def languages(place: Place) -> list[Candidate]:
    """The languages of the workspace (its csp-draft.yaml), else English and Russian."""
    names = {"en": "English", "ru": "Russian"}
    root = place.workspace
    config = _read_yaml(root / CONFIG_NAME) if root is not None else None
    listed = config.get("languages") if isinstance(config, dict) else None
    codes = [str(code) for code in listed] if isinstance(listed, list) else []
    return _starting([(code, names.get(code, "")) for code in dict.fromkeys([*codes, "en", "ru"])],
                     place.incomplete)


# --- members and people -------------------------------------------------------------------

def member_ids(place: Place) -> list[Candidate]:
    """Member organisations from the workspace's ``members.yaml``, when it exists: a list
    of records with an ``id`` (under ``members:`` or at the top), or a mapping of ids to
    records; each described by its ``name``."""
    root = place.workspace
    if root is None:
        return []
    data = _read_yaml(root / "members.yaml")
    if isinstance(data, dict) and "members" in data:
        data = data["members"]
    return _starting(_records(data), place.incomplete)


def person_ids(place: Place) -> list[Candidate]:
    """People from the workspace's ``people/`` folder: one file per person, named after
    the person's id (only the file names are read)."""
    root = place.workspace
    if root is None:
        return []
    folder = root / "people"
    found: list[Candidate] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                found.append((entry.name[:-5], ""))
    return sorted(_starting(found, place.incomplete))


def _records(data: object) -> list[Candidate]:
    found: list[Candidate] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = value.get("name") if isinstance(value, dict) else value
            found.append((str(key), _first_text(name)))
    elif isinstance(data, list):
        for record in data:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                found.append((record["id"], _first_text(record.get("name"))))
    return found


def _starting(found: Iterable[Candidate], prefix: str) -> list[Candidate]:
    return [(value, text) for value, text in found if value.startswith(prefix)][:MAX_SHOWN]


def files(place: Place) -> list[Candidate]:
    """Nothing: the shell's own completion of file names takes over."""
    return []


def drafts(place: Place) -> list[Candidate]:
    """File names come from the shell; after ``DRAFT@``, the draft's revisions."""
    return draft_revisions(place)


# A parameter's name -> the values offered for it. Parameters not named here complete
# nothing (the shell's file names, where the shell has them).
KINDS: dict[str, Callable[[Place], list[Candidate]]] = {
    "clause_id": clause_ids,
    "draft": drafts, "draft_path": drafts, "drafts": drafts, "old": drafts, "new": drafts,
    "ref": item_refs, "under": item_refs, "item": item_refs,
    "key": section_keys, "section": section_keys, "before": section_keys,
    "after": section_keys, "to": section_keys,
    "lang": languages, "fallback": languages,
    "member": member_ids, "member_id": member_ids, "members": member_ids,
    "person": person_ids, "person_id": person_ids, "people": person_ids,
}
# Where a parameter's name means something else: a new id, not an existing one.
NOT_COMPLETED: frozenset[tuple[str, ...]] = frozenset({
    ("clauses", "new", "clause_id"), ("section", "add", "key"),
})
# The parameter whose value is the draft other completions read (items, sections).
DRAFT_PARAMETERS = frozenset({"draft", "draft_path"})


def kind_of(command: tuple[str, ...], parameter: str) -> str | None:
    """The name of the function in :data:`KINDS` for ``parameter`` of ``command``."""
    if (*command, parameter) in NOT_COMPLETED or parameter not in KINDS:
        return None
    return parameter


def candidates(kind: str | None, place: Place) -> list[Candidate]:
    if kind is None or kind not in KINDS:
        return []
    try:
        return KINDS[kind](place)
    except Exception:  # a key press must never print a traceback into the command line
        return []

