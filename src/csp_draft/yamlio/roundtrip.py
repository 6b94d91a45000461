"""Round-trip YAML editing that changes only the lines an edit is about.

ruamel.yaml keeps comments and most layout, but a dump still normalises a few things
(``~`` becomes ``null``, odd spacing and indentation are redone) and it drops the comment
lines that follow a removed node. So an edit is made in three steps:

1. load the text with ruamel (``before``), change the data, dump it (``after``);
2. dump the unchanged data too (``base``): the differences base -> after are exactly the
   lines the edit touched, in ruamel's layout;
3. apply those differences to the user's own text (a three-way merge), so every other line
   stays byte for byte as it was. Comment lines a removal would take away are kept.

The merge is checked: its data must equal ``after``'s, otherwise the plain dump is used.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.resolver import VersionedResolver

from csp_draft.errors import Location, YamlError
from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml

BOM = b"\xef\xbb\xbf"
_DASH = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_LINE_END = re.compile("(\r\n|\r|\n)")


@dataclass(frozen=True)
class TextFile:
    """A YAML file's text with the byte-level details a rewrite must restore."""

    text: str  # with "\n" line ends and no BOM
    bom: bool
    newline: str  # "\r\n", "\r" or "\n": the file's most common line end, for new lines
    endings: tuple[str, ...] = ()  # each line's own end, as read

    @classmethod
    def decode(cls, data: bytes, path: str) -> TextFile:
        original = decode_yaml_bytes(data, path)
        pieces = _LINE_END.split(original)
        endings = tuple(pieces[1::2])
        counts = {end: endings.count(end) for end in ("\n", "\r\n", "\r")}
        newline = max(counts, key=lambda end: counts[end]) if endings else "\n"
        return cls("\n".join(pieces[0::2]), data.startswith(BOM), newline, endings)

    def with_line_ends(self, text: str) -> str:
        """``text`` (with "\n" line ends) with each line the file had keeping its own line
        end; lines the edit added take the file's most common one."""
        if all(end == self.newline for end in self.endings):
            return text.replace("\n", self.newline) if self.newline != "\n" else text
        old = self.text.split("\n")
        new = text.split("\n")
        ends = [self.newline] * (len(new) - 1)
        for tag, i1, i2, j1, _ in _opcodes(old, new):
            if tag == "equal":
                for k in range(i2 - i1):
                    if i1 + k < len(self.endings) and j1 + k < len(ends):
                        ends[j1 + k] = self.endings[i1 + k]
        return "".join(line + end for line, end in zip(new, ends, strict=False)) + new[-1]

    def encode(self, text: str) -> bytes:
        """``text`` (from :func:`merge_edit`) as bytes, with the file's BOM."""
        return (BOM if self.bom else b"") + text.encode("utf-8")


def guess_indent(text: str) -> tuple[int, int]:
    """(mapping indent, offset of ``-`` under its key) as the file uses them; (2, 2) if unsure."""
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip()
             .startswith("#")]
    mapping = offset = None
    for previous, line in itertools.pairwise(lines):
        key = _KEY.match(previous)
        if key is None:
            continue
        parent = len(key.group(1))
        dash = _DASH.match(line)
        if dash is not None and offset is None:
            offset = len(dash.group(1)) - parent
        elif dash is None and mapping is None:
            indent = len(line) - len(line.lstrip(" "))
            if indent > parent:
                mapping = indent - parent
        if mapping is not None and offset is not None:
            break
    mapping = mapping if mapping in (2, 3, 4) else 2
    offset = offset if offset is not None and 0 <= offset <= 4 else 2
    return mapping, offset


class _DatesAsText(VersionedResolver):
    """Reads ``2017-07-04`` as text: the draft reader checks dates, and text dumps back as
    written (a bad date such as 2017-02-30 must not make ruamel fail)."""

    def add_version_implicit_resolver(self, version: Any, tag: Any, regexp: Any,
                                      first: Any) -> None:
        if tag != "tag:yaml.org,2002:timestamp":
            super().add_version_implicit_resolver(version, tag, regexp, first)


def make_yaml(text: str = "") -> YAML:
    """A round-trip ruamel instance laid out like ``text``."""
    rt = YAML(typ="rt")
    rt.Resolver = _DatesAsText
    rt.preserve_quotes = True
    rt.width = 1_000_000  # never fold long lines
    rt.allow_unicode = True
    mapping, offset = guess_indent(text)
    rt.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    rt.explicit_start = text.lstrip().startswith("---")
    return rt


def load_roundtrip(rt: YAML, text: str, path: str) -> Any:
    """ruamel's data for text that yamlio has already accepted."""
    try:
        return rt.load(text)
    except ValueError as exc:  # a scalar ruamel cannot construct
        raise YamlError(f"cannot edit this YAML: {exc}", hint="correct the value by hand",
                        location=Location(path)) from None
    except RuamelError as exc:
        mark = getattr(exc, "problem_mark", None)
        location = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise YamlError(f"cannot edit this YAML: {getattr(exc, 'problem', None) or exc}",
                        hint="simplify the YAML by hand", location=location) from None


def dump_roundtrip(rt: YAML, data: Any) -> str:
    stream = io.StringIO()
    rt.dump(data, stream)
    return stream.getvalue()


def same_data(text_a: str, text_b: str, path: str) -> bool:
    """True when both texts hold the same YAML data (comments and layout aside)."""
    try:
        return load_yaml(text_a, path).to_python() == load_yaml(text_b, path).to_python()
    except YamlError:
        return False


# --- the three-way merge ---------------------------------------------------------------------

class _Conflict(Exception):
    """The edit touches lines the user's text lays out differently from ruamel."""


def _split(text: str) -> list[str]:
    """Lines with their ends kept (only "\\n" ends a line here)."""
    lines = text.split("\n")
    result = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        result.append(lines[-1])
    return result


def _content_lines(text: str, count: int) -> list[bool]:
    """For each line: does it hold YAML content (as opposed to a comment or blank line)?

    Lines inside multi-line scalars and flow collections count as content even when they
    look like comments (``# Heading`` in a literal block is text).
    """
    lines = text.split("\n")
    mask = [bool(line.strip()) and not line.lstrip().startswith("#") for line in lines]
    mask += [False] * max(0, count - len(mask))
    if _ODD_BREAKS.search(text):  # pyyaml counts other line breaks: do not trust its lines
        return [True] * count
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return [True] * count
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        spans = isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False)
        start, end = node.start_mark, node.end_mark
        if spans and end.line > start.line:
            last = end.line if end.column > 0 else end.line - 1
            while last > start.line and last < len(lines) and not lines[last].strip():
                last -= 1  # blank lines after a block scalar separate, unless kept with |+
            for index in range(start.line, min(last, count - 1) + 1):
                mask[index] = True
    return mask[:count]


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes from ``a`` to ``b``, found in time close to linear.

    SequenceMatcher without autojunk (which would lose the many repeated lines of a draft,
    such as "values:") is quadratic in the lines it searches, and ruamel rewraps every
    long line, so the user's text and ruamel's differ all through a big draft: an edit of
    a 10,000-item draft spent most of its time here. The lines both share at the start
    and the end are matched first, then the lines that occur once on each side, in order
    (patience diff), anchor the rest; SequenceMatcher only searches between anchors.
    """
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    codes: list[tuple[str, int, int, int, int]] = []
    if start:
        codes.append(("equal", 0, start, 0, start))
    i, j = start, start
    for anchor_i, anchor_j in [*_anchors(a, b, start, len(a) - end, len(b) - end),
                               (len(a) - end, len(b) - end)]:
        if anchor_i > i or anchor_j > j:
            gap = difflib.SequenceMatcher(None, a[i:anchor_i], b[j:anchor_j], autojunk=False)
            codes.extend((tag, i1 + i, i2 + i, j1 + j, j2 + j)
                         for tag, i1, i2, j1, j2 in gap.get_opcodes())
        if anchor_i < len(a) - end:
            codes.append(("equal", anchor_i, anchor_i + 1, anchor_j, anchor_j + 1))
        i, j = anchor_i + 1, anchor_j + 1
    if end:
        codes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return codes


def _anchors(a: list[str], b: list[str], start: int, a_end: int, b_end: int
             ) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines that occur once in a[start:a_end] and once in b[start:b_end],
    the longest run of them in the same order on both sides."""
    import bisect

    def once(lines: list[str], first: int, last: int) -> dict[str, int]:
        seen: dict[str, int] = {}
        twice: set[str] = set()
        for index in range(first, last):
            line = lines[index]
            if line in seen:
                twice.add(line)
            seen[line] = index
        return {line: index for line, index in seen.items() if line not in twice}

    in_b = once(b, start, b_end)
    pairs = [(i, in_b[line]) for line, i in sorted(once(a, start, a_end).items(),
                                                    key=lambda item: item[1])
             if line in in_b]
    # The longest increasing run of j (patience sorting), kept with back links.
    tops: list[int] = []  # j of the last pair of each pile
    top_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        pile = bisect.bisect_left(tops, j)
        if pile == len(tops):
            tops.append(j)
            top_index.append(index)
        else:
            tops[pile] = j
            top_index[pile] = index
        back[index] = top_index[pile - 1] if pile else -1
    run: list[tuple[int, int]] = []
    index = top_index[-1] if top_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]


def _line_map(base: list[str], ours: list[str]) -> list[int | None]:
    """For each base line, the index of the corresponding line in ours, where they align."""
    mapping: list[int | None] = [None] * len(base)
    for tag, i1, i2, j1, j2 in _opcodes(base, ours):
        # Equal lines align; so do lines ruamel merely re-spaced (as many on each side).
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
    return mapping


def _locate(mapping: list[int | None], i1: int, i2: int, ours_len: int) -> tuple[int, int]:
    """Where the base lines i1..i2 (or the gap before i1) lie in ours."""
    before = mapping[i1 - 1] if i1 > 0 else -1
    after = mapping[i2] if i2 < len(mapping) else ours_len
    if i1 == i2:
        if before is not None and after is not None and before + 1 != after:
            raise _Conflict
        if before is None and after is None:
            raise _Conflict
        at = before + 1 if before is not None else after
        assert at is not None
        return at, at
    if before is not None and after is not None:
        # Both neighbours align: the lines between them are the ones being replaced, even
        # where the user's text lays them out differently.
        if before >= after:
            raise _Conflict
        return before + 1, after
    inside = mapping[i1:i2]
    if any(m is None for m in inside):
        raise _Conflict
    first, last = inside[0], inside[-1]
    assert first is not None and last is not None
    if last - first != i2 - i1 - 1:
        raise _Conflict
    if (before is not None and before != first - 1) or (after is not None and after != last + 1):
        raise _Conflict
    return first, last + 1


def _tail_start(lines: list[str], content: list[bool]) -> int:
    """Index after the last content line: what follows is comments and blank lines."""
    for index in range(len(lines) - 1, -1, -1):
        if content[index]:
            return index + 1
    return 0


def _merge(ours_text: str, base_text: str, after_text: str) -> str:
    ours = _split(ours_text)
    ours_keys = [line.rstrip("\n") for line in ours]
    base = base_text.split("\n")
    theirs = after_text.split("\n")
    ours_content = _content_lines(ours_text, len(ours))
    theirs_content = _content_lines(after_text, len(theirs))
    mapping = _line_map(base, ours_keys)
    hunks: list[tuple[int, int, int, int]] = []
    floor = 0
    for tag, i1, i2, j1, j2 in _opcodes(base, theirs):
        if tag == "equal":
            continue
        o1, o2 = _locate(mapping, i1, i2, len(ours))
        if o1 < floor:
            raise _Conflict
        if o1 == o2:  # new lines go right after the content above, before its comments
            while o1 > floor and not ours_content[o1 - 1]:
                o1 -= 1
            o2 = o1
        hunks.append((o1, o2, j1, j2))
        floor = o2
    # Comment and blank lines after the last content line of a removed stretch are kept in
    # place: ruamel hangs them on the node before, but they belong to what follows.
    kept: dict[str, int] = {}
    for o1, o2, _, _ in hunks:
        start = o1 + _tail_start(ours[o1:o2], ours_content[o1:o2])
        for line in ours_keys[start:o2]:
            kept[line] = kept.get(line, 0) + 1
    result: list[str] = []
    cursor = 0
    for o1, o2, j1, j2 in hunks:
        result.extend(ours[cursor:o1])
        for line, content in zip(theirs[j1:j2], theirs_content[j1:j2], strict=True):
            if not content and kept.get(line, 0) > 0:
                kept[line] -= 1  # a comment a move carried along: it stays where it was
            else:
                result.append(line + "\n")
        start = o1 + _tail_start(ours[o1:o2], ours_content[o1:o2])
        result.extend(ours[start:o2])
        cursor = o2
    result.extend(ours[cursor:])
    if result and not result[-1].endswith("\n"):
        result[-1] += "\n"
    merged = "".join(result)
    if not ours_text.endswith("\n") and merged.endswith("\n"):
        merged = merged[:-1]
    return merged


def merge_edit(file: TextFile, base_text: str, after_text: str, path: str) -> str:
    """The edited file text: the user's text with only the edited lines changed.

    Returns text with the file's own line ends; the BOM is added by :meth:`TextFile.encode`.
    """
    merged: str | None
    try:
        merged = _merge(file.text, base_text, after_text)
    except _Conflict:
        merged = None
    if merged is None or not same_data(merged, after_text, path):
        merged = after_text
    return file.with_line_ends(merged)
