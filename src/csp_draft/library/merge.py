"""Three-way merge of a workspace's local override of a clause with its upstream update.

base: the clause as the lock pinned it; ours: the workspace's own ``clauses/.../ID.yaml``;
theirs: the clause at the new upstream commit. Fields merge one by one (a mapping field by
its keys); a field only one side changed takes that side; texts both sides changed merge
word by word (runs of words and of spaces), and words both changed differently are a
conflict, written into that one text as markers::

    <<<<<<< ours: the local words ======= theirs: the upstream words >>>>>>>

A field of another type both sides changed differently (a list, a number) is a conflict
named under ``unresolved:``. The clause reader refuses both until a person decides, so
`check` fails while a conflict remains. Pure Python on difflib (no GPL merge code).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

OURS = "<<<<<<< ours: "
SEPARATOR = " ======= theirs: "
THEIRS_END = " >>>>>>>"
MARKER = re.compile(r"<<<<<<< ours: |======= theirs: | >>>>>>>")
UNRESOLVED = "unresolved"
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class Merged:
    data: Any
    conflicts: list[str] = field(default_factory=list)  # field paths, e.g. text.en
    taken: list[str] = field(default_factory=list)  # fields upstream changed, now merged in


def merge_data(base: Any, ours: Any, theirs: Any, path: str = "") -> Merged:
    """Merge three versions of a clause's data (see the module docstring)."""
    if ours == theirs:
        return Merged(ours)
    if ours == base:
        return Merged(theirs, taken=[path or "(whole clause)"])
    if theirs == base:
        return Merged(ours)
    if all(isinstance(value, dict) for value in (ours, theirs)) and isinstance(base, dict | None):
        base = base or {}
        result: dict[str, Any] = {}
        merged = Merged(result)
        for key in [*ours, *[k for k in theirs if k not in ours]]:
            sub = merge_data(base.get(key), ours.get(key), theirs.get(key),
                             f"{path}.{key}" if path else str(key))
            merged.conflicts += sub.conflicts
            merged.taken += sub.taken
            if sub.data is not None:
                result[key] = sub.data
        return merged
    if all(isinstance(value, str) for value in (base, ours, theirs)):
        text, clashes = merge_words(base, ours, theirs)
        return Merged(text, [path] if clashes else [], [] if clashes else [path])
    return Merged(ours, [path])


def merge_words(base: str, ours: str, theirs: str) -> tuple[str, int]:
    """``ours`` and ``theirs`` merged word by word against ``base``; the merged text and
    the number of conflicts written into it as markers."""
    b, o, t = _TOKEN.findall(base), _TOKEN.findall(ours), _TOKEN.findall(theirs)
    ours_changes = _changes(b, o)
    theirs_changes = _changes(b, t)
    out: list[str] = []
    conflicts = 0
    position = 0
    i = j = 0
    while i < len(ours_changes) or j < len(theirs_changes):
        nxt = _next(ours_changes, i, theirs_changes, j)
        start, end = nxt[0], nxt[1]
        # gather every change of either side that overlaps this stretch of base
        group_o: list[tuple[int, int, list[str]]] = []
        group_t: list[tuple[int, int, list[str]]] = []
        grew = True
        while grew:
            grew = False
            while i < len(ours_changes) and _overlaps(ours_changes[i], start, end):
                group_o.append(ours_changes[i])
                start, end = min(start, ours_changes[i][0]), max(end, ours_changes[i][1])
                i += 1
                grew = True
            while j < len(theirs_changes) and _overlaps(theirs_changes[j], start, end):
                group_t.append(theirs_changes[j])
                start, end = min(start, theirs_changes[j][0]), max(end, theirs_changes[j][1])
                j += 1
                grew = True
        out.extend(b[position:start])
        mine = _apply(b, start, end, group_o)
        yours = _apply(b, start, end, group_t)
        if not group_t or mine == yours:
            out.extend(mine)
        elif not group_o:
            out.extend(yours)
        else:
            conflicts += 1
            out.append(OURS + "".join(mine).strip() + SEPARATOR + "".join(yours).strip()
                       + THEIRS_END)
        position = end
    out.extend(b[position:])
    return "".join(out), conflicts


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """Where ``other`` differs from ``base``: (start, end in base, replacement tokens)."""
    matcher = difflib.SequenceMatcher(a=base, b=other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"]


def _next(a: list, i: int, b: list, j: int) -> tuple[int, int, list[str]]:
    if j >= len(b) or (i < len(a) and a[i][0] <= b[j][0]):
        return a[i]
    return b[j]


def _overlaps(change: tuple[int, int, list[str]], start: int, end: int) -> bool:
    """Changes touching the same base words, inserting at the same place, or only a space
    apart belong together: "every defender" changed to "all defenders" on one side and
    to "each defender" on the other is one conflict, not two that read "each defenders"."""
    c_start, c_end, _ = change
    return c_start <= end + 1 and start <= c_end + 1


def _apply(base: list[str], start: int, end: int,
           changes: list[tuple[int, int, list[str]]]) -> list[str]:
    """base[start:end] with ``changes`` (inside it, in order) applied."""
    out: list[str] = []
    position = start
    for c_start, c_end, replacement in changes:
        out.extend(base[position:c_start])
        out.extend(replacement)
        position = c_end
    out.extend(base[position:end])
    return out


def has_markers(text: str) -> bool:
    return OURS in text or (SEPARATOR.strip() in text and THEIRS_END.strip() in text)


def conflict_problems(root: Any) -> list[tuple[Any, str]]:
    """(node, message) for every conflict a clause file still holds: markers in a text, or
    fields named under ``unresolved:`` (``root`` is a located YAML node)."""
    found: list[tuple[Any, str]] = []
    pending = [root]
    while pending:
        node = pending.pop()
        if node.is_map:
            for key, (key_node, value) in node.items.items():
                if key == UNRESOLVED:
                    found.append((key_node, "the update of a shared library left conflicts in "
                                  "fields '" + "', '".join(str(v) for v in _listed(value))
                                  + "': decide each, then delete the 'unresolved:' line"))
                else:
                    pending.append(value)
        elif node.is_seq:
            pending.extend(node.children)
        elif node.is_scalar and has_markers(node.text):
            found.append((node, "an unresolved merge conflict (library update): keep the "
                          "words after 'ours:' or after 'theirs:' and delete the markers"))
    return found


def _listed(node: Any) -> list[Any]:
    value = node.to_python()
    return value if isinstance(value, list) else [value]


def write_merged(path: Any, merged: Merged) -> None:
    """Write ``merged`` into the override file at ``path``, keeping its comments and
    layout where nothing changed (the comment-keeping editor of drafts), atomically."""
    from csp_draft.fsio import atomic_write, read_bytes
    from csp_draft.yamlio.roundtrip import (
        TextFile,
        dump_roundtrip,
        load_roundtrip,
        make_yaml,
        merge_edit,
    )

    raw = read_bytes(path, limit=1024 * 1024)
    file = TextFile.decode(raw, str(path))
    rt = make_yaml(file.text)
    data = load_roundtrip(rt, file.text, str(path))
    before = dump_roundtrip(rt, data)
    _assign(data, merged.data)
    unresolved = [c for c in merged.conflicts if not _is_text(merged.data, c)]
    if unresolved:
        data[UNRESOLVED] = unresolved
    after = dump_roundtrip(rt, data)
    atomic_write(path, file.encode(merge_edit(file, before, after, str(path))))


def _assign(target: Any, wanted: dict[str, Any]) -> None:
    for key in [k for k in target if k not in wanted]:
        del target[key]
    for key, value in wanted.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _assign(current, value)
        elif current != value:
            target[key] = value


def _is_text(data: Any, path: str) -> bool:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return isinstance(data, str)
