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

import os

TYPE_CHECKING = False  # no typing, collections, dataclasses or pathlib on a key press
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

CONFIG_NAME = "csp-draft.yaml"
MAX_SHOWN = 500  # candidates offered at most: no shell lists more usefully
MAX_SMALL_FILE = 2_000_000  # bytes of a draft or members.yaml read for completion
GIT_TIMEOUT_S = 0.5

Candidate = tuple[str, str]  # (value, description)


class Place:
    """Where the completed word stands: the command (``("clauses", "show")``), the word
    typed so far, the draft named earlier on the line, and the current folder."""

    def __init__(self, command: tuple[str, ...], incomplete: str, draft: str | None = None,
                 cwd: str | os.PathLike[str] | None = None) -> None:
        self.command = command
        self.incomplete = incomplete
        self.draft = draft
        self.cwd = os.fspath(cwd) if cwd is not None else os.getcwd()

    @property
    def workspace(self) -> str | None:
        return workspace_root(self.cwd)


def workspace_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` with a csp-draft.yaml of the same owner,
    stopping at the home folder (as the commands themselves look for it)."""
    home = os.path.expanduser("~")
    uid = os.getuid() if hasattr(os, "getuid") else None  # Windows: no owners to compare
    folder = os.path.abspath(start)
    while True:
        try:
            info = os.stat(os.path.join(folder, CONFIG_NAME))
            if uid is None or info.st_uid == uid:
                return folder
        except OSError:
            pass
        parent = os.path.dirname(folder)
        if folder == home or parent == folder:
            return None
        folder = parent


# --- clause ids ---------------------------------------------------------------------------

def clause_ids(place: Place) -> list[Candidate]:
    """Clause ids with their titles, from the library index a command left in the cache;
    without one, the names of the clause files (a clause file is named after its id)."""
    root = place.workspace
    found = _indexed_clause_ids(root, place.incomplete)
    if found is None:
        found = _clause_files(root, place.incomplete)
    return sorted(found.items())[:MAX_SHOWN]


def user_cache_dir() -> str:
    """``$XDG_CACHE_HOME/csp-draft`` or ``~/.cache/csp-draft``, as the library index has it."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = base if base and os.path.isabs(base) else os.path.join(os.path.expanduser("~"),
                                                                  ".cache")
    return os.path.join(root, "csp-draft")


def _index_files(root: str | None) -> Iterator[str]:
    """Index files that may hold this workspace's library, the most recently used first."""
    folders = [os.path.join(root, ".csp-draft-cache")] if root is not None else []
    folders.append(user_cache_dir())
    for folder in folders:
        if os.path.islink(folder):
            continue
        try:
            files = [(entry.stat(follow_symlinks=False).st_mtime, entry.path)
                     for entry in os.scandir(folder)
                     if entry.name.startswith("clauses-") and entry.name.endswith(".sqlite3")
                     and entry.is_file(follow_symlinks=False)]
        except OSError:
            continue
        yield from (path for _, path in sorted(files, reverse=True))


def _indexed_clause_ids(root: str | None, prefix: str) -> dict[str, str] | None:
    """Ids and titles (in the first language) from the index of this library, or None when
    no index belongs to it. An index belongs to the workspace when it lists the workspace's
    folders; outside a workspace, to the packaged library alone."""
    import json
    import sqlite3

    here = os.path.realpath(root) if root is not None else None
    for path in _index_files(root):
        name = os.path.abspath(path)
        for char, code in (("%", "%25"), ("?", "%3f"), ("#", "%23")):
            name = name.replace(char, code)
        uri = f"file:{name}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=0.05)
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


def _clause_files(root: str | None, prefix: str) -> dict[str, str]:
    from csp_draft import paths

    folders = [os.fspath(paths.packaged("clauses"))]
    if root is not None:
        folders.append(os.path.join(root, "clauses"))
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
    if "@" not in word or os.path.exists(word):
        return []
    path, _, typed = word.rpartition("@")
    if not os.path.isfile(path):
        return []
    folder = os.path.dirname(path) or "."
    found: list[Candidate] = []
    log = _git(folder, "log", "-n", "30", "--format=%h%x09%ad %s", "--date=short", "--",
               os.path.basename(path))
    found += [tuple(line.split("\t", 1)) for line in log if "\t" in line]  # type: ignore[misc]
    refs = _git(folder, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags")
    found += [(name, "") for name in refs]
    found += [("HEAD", "the last commit"), ("HEAD~1", "the commit before it")]
    seen: set[str] = set()
    return [(f"{path}@{rev}", text) for rev, text in found
            if rev.startswith(typed) and not (rev in seen or seen.add(rev))]


def _git(folder: str, *args: str) -> list[str]:
    import subprocess

    try:
        done = subprocess.run(["git", "-C", folder, *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return done.stdout.splitlines() if done.returncode == 0 else []


def _read_yaml(path: str) -> object:
    """A small YAML file read with the C loader, or None (too large, unreadable, broken)."""
    import yaml

    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_SMALL_FILE:
            return None
        with open(path, encoding="utf-8") as file:
            text = file.read()
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
    data = _read_yaml(place.draft.rpartition("@")[0] if "@" in place.draft
                      and not os.path.exists(place.draft) else place.draft)
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
    config = _read_yaml(os.path.join(root, CONFIG_NAME)) if root is not None else None
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
    data = _read_yaml(os.path.join(root, "members.yaml"))
    if isinstance(data, dict) and "members" in data:
        data = data["members"]
    return _starting(_records(data), place.incomplete)


def person_ids(place: Place) -> list[Candidate]:
    """People from the workspace's ``people/`` folder: one file per person, named after
    the person's id (only the file names are read)."""
    root = place.workspace
    if root is None:
        return []
    found: list[Candidate] = []
    try:
        for entry in os.scandir(os.path.join(root, "people")):
            if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                found.append((entry.name[:-5], ""))
    except OSError:
        pass
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

