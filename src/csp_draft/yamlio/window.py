"""Editing the entries of one block list of a YAML file without a round trip of the whole file.

ruamel's round trip of a 10,000-item draft costs a full load and two dumps, some 20 s of CPU
(issue 23, item 11), though an edit touches one or two items. A :class:`BlockList` reads
with ruamel only the entries an edit looks at, each from its own lines, and writes back only
the lines from the first changed entry to the last. The result is trusted only when the old
lines, read alone, give the old entries and the new lines, read alone, give exactly the
entries intended; a block list's entries at one indentation are read the same alone as in
the file, so the rest of the file is unchanged data. Anything this cannot prove raises
:class:`NotWindowable`, and the caller takes the whole-file round trip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from csp_draft.errors import CspDraftError
from csp_draft.yamlio.located import Node, has_anchors, load_yaml
from csp_draft.yamlio.roundtrip import TextFile, dump_roundtrip, load_roundtrip, merge_edit

_DASH_BEFORE = re.compile(r"( *)- +")
_TABS = re.compile("\t")
_LAST_LINE = "# end of the entry\n"
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def windowable(text: str) -> bool:
    """Whether lines of ``text`` split at "\\n" are the lines the YAML reader counts (it
    also breaks lines at CR, NEL and the Unicode line and paragraph separators)."""
    return _ODD_BREAKS.search(text) is None


class NotWindowable(Exception):
    """The list, or the edit made to it, is one only a whole-file round trip can do."""


@dataclass
class _Entry:
    old: int | None  # its index in the list as read; None for an entry this edit adds
    window: CommentedSeq | None = None  # ruamel's one-entry list, once read or when added
    base: str = ""  # ruamel's dump of ``window`` as read, to tell whether it changed


@dataclass(frozen=True)
class Patch:
    """Lines ``first``..``stop`` (0-based, end excluded) of the file become ``lines``; the
    list's entries ``first_entry``..``stop_entry`` of the file become ``entries`` (located
    where the new lines put them)."""

    first: int
    stop: int
    lines: list[str]
    first_entry: int
    stop_entry: int
    entries: list[Node]


class BlockList:
    """The entries of the block list ``seq`` of ``lines``, as a list an edit can change.

    Indexing reads an entry with ruamel (comments and quoting kept) so it can be changed in
    place; :meth:`peek` gives what is there without reading it. ``insert``, ``append`` and
    ``pop`` work as on a list.
    """

    def __init__(self, lines: list[str], seq: Node, rt: YAML, path: str) -> None:
        self._lines = lines
        self._seq = seq
        self._rt = rt
        self._path = path
        self.dash, self._starts, self._end = _layout(lines, seq)
        self._entries = [_Entry(index) for index in range(len(seq.children))]
        self._plain: dict[int, Any] = {}
        self._popped: dict[int, _Entry] = {}  # by id() of the value handed out

    @property
    def end(self) -> int:
        """The line (0-based) after the list's last content line, in the file as read."""
        return self._end

    @property
    def first_line(self) -> int:
        """The line (0-based) where the list's first entry starts, its comments included."""
        return self._starts[0]

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int) -> Any:
        entry = self._entries[index]
        if entry.window is None:
            assert entry.old is not None
            entry.window = self._read(entry.old)
            entry.base = dump_roundtrip(self._rt, entry.window)
        return entry.window[0]

    def __iter__(self) -> Iterator[Any]:
        return (self[index] for index in range(len(self)))

    def peek(self, index: int) -> Any:
        """Entry ``index`` as ruamel's data if it has been read or added, else as plain
        data (without reading it with ruamel)."""
        entry = self._entries[index]
        if entry.window is not None:
            return entry.window[0]
        assert entry.old is not None
        return self._old_plain(entry.old)

    def insert(self, index: int, value: Any) -> None:
        entry = self._popped.pop(id(value), None)
        if entry is None or entry.window is None or entry.window[0] is not value:
            window = CommentedSeq([value])
            window.fa.set_block_style()
            entry = _Entry(None, window)
        self._entries.insert(index, entry)  # an entry put back keeps its lines if unchanged

    def append(self, value: Any) -> None:
        self.insert(len(self._entries), value)

    def pop(self, index: int = -1) -> Any:
        value = self[index]
        self._popped[id(value)] = self._entries.pop(index)
        return value

    def touched(self) -> bool:
        """Whether an entry has been handed out, added or removed (a whole-file round trip
        can no longer take over: the caller may hold entries read here)."""
        return len(self._entries) != len(self._seq.children) or any(
            entry.window is not None for entry in self._entries)

    # --- the patch -------------------------------------------------------------------------

    def patch(self) -> Patch | None:
        """The lines to write for the changes made, proved by reading them back; None when
        nothing changed."""
        entries, old_count = self._entries, len(self._seq.children)
        if not entries:
            raise NotWindowable("the list would be left empty")
        prefix = 0
        while (prefix < min(len(entries), old_count)
               and self._unchanged(entries[prefix], prefix)):
            prefix += 1
        if prefix == len(entries) == old_count:
            return None
        suffix = 0
        while (suffix < min(len(entries), old_count) - prefix
               and self._unchanged(entries[-1 - suffix], old_count - 1 - suffix)):
            suffix += 1
        # The entry before the changed stretch is proved with it: its last value may reach
        # into the lines where the stretch begins (a block scalar keeping blank lines).
        prefix = max(prefix - 1, 0)
        first = self._line_of(prefix)
        stop = self._line_of(old_count - suffix)
        # Blank lines after the list belong to a block scalar ending it: read them with it.
        tail = [""] * self._blank_lines_after_end() if stop == self._end else []
        old_plain = [self._old_plain(index) for index in range(prefix, old_count - suffix)]
        self._prove(self._lines[first:stop] + tail, old_plain)
        changed = entries[prefix:len(entries) - suffix]
        new_lines: list[str] = []
        for entry in changed:
            new_lines.extend(self._entry_lines(entry))
        wanted = [self._old_plain(entry.old) if entry.window is None and entry.old is not None
                  else _plain(entry.window[0]) for entry in changed]  # type: ignore[index]
        located = self._prove(new_lines + tail, wanted)
        return Patch(first, stop, new_lines, prefix, old_count - suffix,
                     [child.shifted(first, self.dash) for child in located])

    def _unchanged(self, entry: _Entry, index: int) -> bool:
        if entry.old != index:
            return False
        return entry.window is None or dump_roundtrip(self._rt, entry.window) == entry.base

    def _blank_lines_after_end(self) -> int:
        count = 0
        while (self._end + count < len(self._lines)
               and not self._lines[self._end + count].strip()):
            count += 1
        return count

    def _line_of(self, index: int) -> int:
        return self._starts[index] if index < len(self._starts) else self._end

    def _old_lines(self, index: int) -> list[str]:
        return self._lines[self._starts[index]:self._line_of(index + 1)]

    def _old_plain(self, index: int) -> Any:
        if index not in self._plain:
            self._plain[index] = self._seq.children[index].to_python()
        return self._plain[index]

    def _read(self, index: int) -> CommentedSeq:
        text = "\n".join(_dedent(self._old_lines(index), self.dash)) + "\n"
        try:
            window = load_roundtrip(self._rt, text, self._path)
        except CspDraftError as error:
            raise NotWindowable(str(error)) from None
        if not isinstance(window, CommentedSeq) or len(window) != 1:
            raise NotWindowable("an entry does not read as one list entry alone")
        return window

    def _entry_lines(self, entry: _Entry) -> list[str]:
        """An entry's lines at the list's indentation: as written when unchanged, else
        ruamel's writing merged into the lines as written (blank lines after it kept)."""
        if entry.window is None:
            assert entry.old is not None
            return self._old_lines(entry.old)
        after = dump_roundtrip(self._rt, entry.window)
        trailing: list[str] = []
        if entry.old is None:
            text = after
        elif after == entry.base:
            return self._old_lines(entry.old)
        else:
            old_lines = self._old_lines(entry.old)
            # Blank and comment lines after the entry's content stay as they are written.
            while len(old_lines) > 1 and (not old_lines[-1].strip()
                                          or old_lines[-1].lstrip().startswith("#")):
                trailing.insert(0, old_lines.pop())
            # ruamel writes the entry at its own margin: the lines as written go there too,
            # so the merge sees the same indentation on both sides.
            margin = " " * _margin(entry.base)
            own = "\n".join(margin + line if line else line
                            for line in _dedent(old_lines, self.dash)).rstrip("\n") + "\n"
            # The merge places lines added at the end of a text by the lines after them:
            # one last line the three share gives it that place.
            text = merge_edit(TextFile(own + _LAST_LINE, False, "\n"), entry.base + _LAST_LINE,
                              after + _LAST_LINE, self._path)
            if not text.endswith(_LAST_LINE):
                raise NotWindowable("the merge did not keep the entry's end")
            text = text[:-len(_LAST_LINE)]
        lines = text.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        margin = _margin(text)
        pad = " " * self.dash
        result = []
        for line in lines:
            if not line.strip():
                result.append("")
            elif len(line) - len(line.lstrip(" ")) >= margin:
                result.append(pad + line[margin:])
            elif line.lstrip().startswith("#"):
                result.append(pad + line.lstrip())
            else:
                raise NotWindowable("ruamel wrote the entry in an unexpected layout")
        return result + trailing

    def _prove(self, lines: list[str], wanted: list[Any]) -> list[Node]:
        """The located entries ``lines`` hold alone, when they are exactly ``wanted``."""
        if not lines and not wanted:
            return []
        text = "\n".join(_dedent(lines, self.dash)) + "\n"
        try:
            if has_anchors(text):
                raise NotWindowable("anchors or aliases in the changed lines")
            root = load_yaml(text, self._path)
        except CspDraftError as error:
            raise NotWindowable(str(error)) from None
        if not root.is_seq or _canonical(root.to_python()) != _canonical(wanted):
            raise NotWindowable("the changed lines do not read back as intended")
        return list(root.children)


def _plain(value: Any) -> Any:
    """ruamel's data as plain dicts, lists and scalars, to compare with what is read back."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _canonical(value: Any) -> Any:
    """``value`` with each scalar tagged by its base type, so that ruamel's subclasses
    compare equal to plain values and 1, 1.0 and True do not (and keys keep their order)."""
    if isinstance(value, Mapping):
        return "map", [(str(key), _canonical(item)) for key, item in value.items()]
    if isinstance(value, list):
        return "seq", [_canonical(item) for item in value]
    for base in (bool, int, float, str):
        if isinstance(value, base):
            return base.__name__, base(value)
    return type(value).__name__, value


def _margin(text: str) -> int:
    """The column of the dash of a one-entry list as ruamel wrote it (comments above it
    may stand further left)."""
    first = next((line for line in text.split("\n") if line.lstrip().startswith("-")), "")
    return len(first) - len(first.lstrip(" "))


def _layout(lines: list[str], seq: Node) -> tuple[int, list[int], int]:
    """The column of the list's dashes, the line (0-based) where each entry's lines start
    (with the comment lines at its dash's column above it), and the line after the last
    entry's last content line."""
    items = seq.children
    if not seq.is_seq or not items:
        raise NotWindowable("not a block list with entries")
    dashes = set()
    for child in items:
        line, column = child.location.line, child.location.column
        if not 1 <= line <= len(lines) or column < 3:
            raise NotWindowable("an entry does not start on its dash's line")
        found = _DASH_BEFORE.fullmatch(lines[line - 1][:column - 1])
        if found is None:
            raise NotWindowable("an entry does not start on its dash's line")
        dashes.add(len(found.group(1)))
    if len(dashes) != 1:
        raise NotWindowable("the entries are not at one indentation")
    dash = dashes.pop()
    starts = []
    for child in items:
        at = child.location.line - 1
        while at > 0 and lines[at - 1].strip().startswith("#") and (
                len(lines[at - 1]) - len(lines[at - 1].lstrip(" ")) == dash):
            at -= 1
        starts.append(at)
    last = items[-1].location.line - 1
    for index in range(last + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip(" ")) <= dash:
            break
        last = index
    if any(_TABS.search(line) for line in lines[starts[0]:last + 1]):
        raise NotWindowable("tabs in the list")
    return dash, starts, last + 1


def _dedent(lines: list[str], dash: int) -> list[str]:
    pad = " " * dash
    result = []
    for line in lines:
        if not line.strip():
            result.append("")
        elif line.startswith(pad):
            result.append(line[dash:])
        elif line.lstrip().startswith("#"):
            result.append(line.lstrip())  # a comment reads the same at any column
        else:
            raise NotWindowable("a line of the list is indented less than its dashes")
    return result


class Skeleton:
    """A file read with ruamel without the entries of some of its block lists (the items of
    a draft's sections: nearly all of a big draft), for edits of everything else.

    Each list's lines are set aside and its key line carries a stand-in value instead;
    after the edit each stand-in line gives way to its key line and list again, wherever
    the edit moved it (a moved section takes its items along). A block list's lines read
    the same under their key wherever that key stands at the same indentation, so only
    the skeleton needs proving: it must read as the file with stand-ins, before and after.
    """

    STAND_IN = "csp-draft-set-aside"

    def __init__(self, lines: list[str], root: Node, lists: dict[tuple[str, ...], BlockList],
                 rt: YAML, path: str) -> None:
        self._newline_at_end = bool(lines) and lines[-1] == ""
        body = lines[:-1] if self._newline_at_end else lines
        self._aside: dict[tuple[str, ...], tuple[int, int, str]] = {}
        plain = root.to_python() if root.is_map else None
        if not isinstance(plain, dict):
            raise NotWindowable("not a mapping")
        for number, (where, window) in enumerate(lists.items()):
            parent = root
            for key in where[:-1]:
                parent = parent.get(key) if parent is not None and parent.is_map else None
            if parent is None or not parent.is_map or where[-1] not in parent.items:
                raise NotWindowable("a list to set aside is not where it was")
            key_line = parent.items[where[-1]][0].location.line - 1
            found = _KEY_LINE.fullmatch(body[key_line]) if key_line < len(body) else None
            first, stop = key_line + 1, window.end
            if found is None or found.group(2) != where[-1] or stop > len(body) or any(
                    line.strip() and not line.lstrip().startswith("#")
                    for line in body[first:window.first_line]):
                raise NotWindowable("a list's key is not on a line of its own")
            stand_in = f"{found.group(1)}{where[-1]}: {self.STAND_IN}-{number}"
            self._aside[where] = (key_line, stop, stand_in)
            node = plain
            for key in where[:-1]:
                node = node[key]
            node[where[-1]] = f"{self.STAND_IN}-{number}"
        skeleton: list[str] = []
        done = 0
        for key_line, stop, stand_in in sorted(self._aside.values()):
            skeleton += [*body[done:key_line], stand_in]
            done = stop
        skeleton += body[done:]
        self._body = body
        self._text = "\n".join(skeleton) + "\n"
        self._rt = rt
        self._path = path
        if has_anchors(self._text):
            raise NotWindowable("anchors or aliases outside the lists set aside")
        _prove_mapping(self._text, plain, path)
        try:
            self.data = load_roundtrip(rt, self._text, path)
        except CspDraftError as error:
            raise NotWindowable(str(error)) from None
        self._base = dump_roundtrip(rt, self.data)

    @property
    def lists(self) -> list[tuple[str, ...]]:
        """The paths of the lists set aside."""
        return list(self._aside)

    def changed(self) -> bool:
        return dump_roundtrip(self._rt, self.data) != self._base

    def lines_of(self, where: tuple[str, ...]) -> tuple[int, int]:
        """The lines (0-based, end excluded) of list ``where`` after its key line."""
        key_line, stop, _ = self._aside[where]
        return key_line + 1, stop

    def patch(self, lists: dict[tuple[str, ...], list[str]]) -> tuple[str, Node]:
        """The file's new text, each stand-in line replaced by its key line and the list's
        lines in ``lists`` (as the edit left them), and the located skeleton."""
        after = dump_roundtrip(self._rt, self.data)
        text = merge_edit(TextFile(self._text, False, "\n"), self._base, after, self._path)
        root = _prove_mapping(text, _plain(self.data), self._path)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        by_stand_in = {stand_in: where for where, (_, _, stand_in) in self._aside.items()}
        result: list[str] = []
        for line in lines:
            where = by_stand_in.pop(line, None)
            if where is None:
                if self.STAND_IN in line:
                    raise NotWindowable("a stand-in was not written as it was read")
                result.append(line)
            else:
                result += [self._body[self._aside[where][0]], *lists[where]]
        return "\n".join(result) + ("\n" if self._newline_at_end else ""), root


# A key line with nothing after the colon but a comment: (indentation, key).
_KEY_LINE = re.compile(r"( *)([^\s#:][^:#]*):[ \t]*(?:#.*)?")


def _prove_mapping(text: str, wanted: dict[str, Any], path: str) -> Node:
    try:
        root = load_yaml(text, path)
    except CspDraftError as error:
        raise NotWindowable(str(error)) from None
    if not root.is_map or _canonical(root.to_python()) != _canonical(wanted):
        raise NotWindowable("the entries do not read back as intended")
    return root
