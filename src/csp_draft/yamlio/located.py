"""Safe YAML reading that remembers where every value came from.

Clause libraries travel by email and git, drafts are edited by hand: every YAML file is
untrusted. :func:`load_yaml` returns a tree of :class:`Node` objects that keep the line and
column of each key and value, so that later checks can point at the exact place of a problem.

Guards, in the order they run:
- size cap before reading; UTF-8 only (a leading BOM is accepted); no empty files;
- nesting depth and the number of values bounded *before* pyyaml parses (its C parser
  recurses and crashes on tens of thousands of ``[``, and builds every node at once);
- only the standard YAML tags (``!!python/object`` and friends are refused);
- aliases expand within a node budget (a "billion laughs" file is refused fast);
- duplicate keys, over-long integers and characters XML cannot carry are errors.

Scalars keep their source text. Plain scalars are typed by the YAML 1.2 core rules
(``NO`` and ``yes`` stay strings, ``010`` is ten), and a schema that expects a
string takes the text as written, so ``version: 1.10`` stays ``"1.10"``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from csp_draft.errors import Location, YamlError
from csp_draft.fsio import read_bytes
from csp_draft.textsafety import XML_INVALID as _XML_INVALID
from csp_draft.textsafety import YAML_UNREADABLE

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pyyaml built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """pyyaml's safe loader without its YAML 1.1 implicit typing.

    csp-draft types plain scalars itself, by the YAML 1.2 core schema
    (:meth:`Node.scalar_value`), so every node without an explicit tag gets the default
    tag of its kind. pyyaml's resolver ran regular expressions on every scalar for a tag
    nobody read, and read a lone ``=`` as the tag ``!!value``, which was then refused.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
        return yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_INT_DIGITS = 30

_STANDARD_TAG = "tag:yaml.org,2002:"
_BINARY_TAG = _STANDARD_TAG + "binary"
_MERGE_TAG = _STANDARD_TAG + "merge"
_ALLOWED_TAGS = frozenset(
    _STANDARD_TAG + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^0o[0-7]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$"
    r"|^\.(?:nan|NaN|NAN)$"
)
_LINE = re.compile("[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
# Characters pyyaml's reader refuses in a file (its message has no line), plus surrogates,
# which reach us from command-line arguments that are not UTF-8 and crash its C reader:
# see textsafety.YAML_UNREADABLE.
_UNREADABLE = YAML_UNREADABLE


class Node:
    """One YAML value with its place in the file.

    ``kind`` is ``"map"`` (``items`` maps each key's text to its key and value nodes),
    ``"seq"`` (``children``) or ``"scalar"`` (``text`` as written, ``style`` ``""`` when
    plain, else the quote or block character). Scalars read from a file share one empty,
    read-only ``items`` and ``children`` (a large draft has tens of thousands of them).
    """

    __slots__ = ("children", "items", "kind", "location", "style", "text")

    def __init__(self, kind: str, location: Location, text: str = "", style: str = "",
                 items: dict[str, tuple[Node, Node]] | None = None,
                 children: list[Node] | None = None) -> None:
        self.kind = kind
        self.location = location
        self.text = text
        self.style = style
        self.items: Mapping[str, tuple[Node, Node]] = {} if items is None else items
        self.children: Sequence[Node] = [] if children is None else children

    def __repr__(self) -> str:
        return f"Node({self.kind!r}, {self.location}, text={self.text!r})"

    @property
    def is_map(self) -> bool:
        return self.kind == "map"

    @property
    def is_seq(self) -> bool:
        return self.kind == "seq"

    @property
    def is_scalar(self) -> bool:
        return self.kind == "scalar"

    @property
    def is_plain(self) -> bool:
        return self.kind == "scalar" and not self.style

    def get(self, key: str) -> Node | None:
        pair = self.items.get(key)
        return pair[1] if pair else None

    def key_location(self, key: str) -> Location:
        pair = self.items.get(key)
        return pair[0].location if pair else self.location

    def scalar_value(self) -> Any:
        """The scalar typed by the YAML 1.2 core schema (quoted scalars are strings)."""
        if not self.is_plain:
            return self.text
        text = self.text
        if _NULL.match(text):
            return None
        if _BOOL.match(text):
            return text.lower() == "true"
        if _INT.match(text):
            return int(text, 0) if text[:2] in ("0x", "0o") else int(text)
        if _FLOAT.match(text):
            return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
        return text

    def to_python(self) -> Any:
        """Plain Python data (dicts, lists, typed scalars); for values with no schema."""
        if self.is_map:
            return {key: value.to_python() for key, (_, value) in self.items.items()}
        if self.is_seq:
            return [child.to_python() for child in self.children]
        return self.scalar_value()

    def shifted(self, lines: int, columns: int) -> Node:
        """This node as found ``lines`` lines lower and ``columns`` columns further right
        (a part of a file read alone, put back in its place)."""
        location = self.location._replace(line=self.location.line + lines,
                                          column=self.location.column + columns)
        if self.is_map:
            return Node("map", location, items={
                key: (key_node.shifted(lines, columns), value.shifted(lines, columns))
                for key, (key_node, value) in self.items.items()})
        if self.is_seq:
            return Node("seq", location,
                        children=[child.shifted(lines, columns) for child in self.children])
        return Node(self.kind, location, self.text, self.style, self.items,  # type: ignore[arg-type]
                    self.children)  # type: ignore[arg-type]

    def replaced(self, path: tuple[str, ...], new: Node) -> Node:
        """A copy of this tree with the value at ``path`` (mapping keys) replaced by
        ``new``; the nodes beside the path are shared."""
        if not path:
            return new
        key_node, value = self.items[path[0]]
        items = dict(self.items)
        items[path[0]] = (key_node, value.replaced(path[1:], new))
        return Node("map", self.location, items=items)

    def describe(self) -> str:
        """A short name of the node's type for error messages."""
        if self.is_map:
            return "a mapping"
        if self.is_seq:
            return "a list"
        value = self.scalar_value()
        if value is None:
            return "nothing (null)"
        if isinstance(value, bool):
            return "a boolean"
        if isinstance(value, int | float):
            return "a number"
        return "a string"


def decode_yaml_bytes(data: bytes, path: str) -> str:
    """UTF-8 text of a YAML file, or an error pointing at the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(
            "file is UTF-16; csp-draft reads UTF-8 only",
            hint="save the file as UTF-8 in your editor",
            location=Location(path, 1, 1),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            hint="save the file as UTF-8 in your editor",
            location=Location(path, line, column),
        ) from None


def load_yaml_file(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> Node:
    """Read and parse one YAML file into a located :class:`Node` tree."""
    data = read_bytes(path, limit=max_bytes)
    return load_yaml(decode_yaml_bytes(data, str(path)), str(path))


def load_yaml(text: str, path: str) -> Node:
    """Parse YAML text from ``path`` (used in messages only) into a :class:`Node` tree."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in _lines(text)
    ):
        raise YamlError(
            "file is empty", hint="write the YAML content or delete the file",
            location=Location(path, 1, 1),
        )
    _check_characters(text, path)
    check_depth(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _parse_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"cannot parse YAML: {exc}", location=Location(path)) from None
    except RecursionError:
        raise _too_deep(path) from None
    if root is None:
        raise YamlError("file is empty", location=Location(path, 1, 1))
    return _Converter(path, aliases="*" in text).convert(root, 0)


def has_anchors(text: str) -> bool:
    """Whether ``text`` holds an anchor or an alias (or cannot be parsed, to be safe)."""
    try:
        return any(isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
                   for event in yaml.parse(text, Loader=_Loader))
    except yaml.YAMLError:
        return True


def _check_characters(text: str, path: str) -> None:
    """Refuse, with its line and column, a character no YAML file may hold."""
    bad = _UNREADABLE.search(text, 1 if text.startswith("\ufeff") else 0)
    if bad is None:
        return
    code = ord(bad.group())
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    if 0xD800 <= code <= 0xDFFF:
        message, hint = (f"U+{code:04X} is half of a character: the text is not valid UTF-8",
                         "type it again, or save the file as UTF-8")
    elif code == 0xFEFF:
        message, hint = ("a byte order mark (U+FEFF) in the middle of the file",
                         "remove it; it is invisible in most editors (files pasted together?)")
    else:
        message, hint = (f"the control character U+{code:04X} is not allowed in YAML",
                         "remove it; such characters are often pasted by accident")
    raise YamlError(message, hint=hint, location=Location(path, line, column))


def check_depth(text: str, path: str) -> None:
    """Refuse deep nesting and too many values before pyyaml's composer sees them.

    The composer recurses (its C version crashes on tens of thousands of ``[``) and builds
    every node of the file at once (600 MB for 4 MB of ``[a,a,a,...]``). Nesting needs
    brackets, or one more column of indentation or ``- `` per level, and every value
    needs at least one character, so a cheap bound settles ordinary files; only files that
    might be deep or hold too many values are tokenised, which takes little memory.
    """
    brackets = _flow_brackets(text)
    # The bound holds while 2 * (longest run of indentation and '- ', '? ', ': ' that
    # starts a line) + brackets + 2 <= MAX_DEPTH.
    allowed_prefix = (MAX_DEPTH - 2 - brackets) // 2
    if (allowed_prefix >= 0 and not _line_prefix_longer_than(text, allowed_prefix)
            and _most_values(text, brackets) <= MAX_NODES):
        return
    try:
        _count_tokens(text, path, _Loader)
    except yaml.MarkedYAMLError as exc:
        # libyaml (PyYAML >= 6.0.2) reads ahead and stops on its own nesting limit before
        # our count reaches a deep token; the pure-Python scanner has no such limit, so it
        # tells whether the file is too deep (our error) or broken (libyaml's own error).
        if _Base is not yaml.SafeLoader:
            with contextlib.suppress(yaml.MarkedYAMLError):
                _count_tokens(text, path, yaml.SafeLoader)
        raise _parse_error(exc, text, path) from None


def _count_tokens(text: str, path: str, loader: type) -> None:
    """Tokenise ``text`` and raise our error at the first token too deep or too many."""
    depth = 0
    values = 0
    for token in yaml.scan(text, Loader=loader):
        name = type(token).__name__
        if name.endswith("StartToken") and name not in ("StreamStartToken",
                                                        "DocumentStartToken"):
            depth += 1
            values += 1
            if depth > MAX_DEPTH:
                raise _too_deep(path, token.start_mark.line + 1, token.start_mark.column + 1)
        elif name in ("BlockEndToken", "FlowSequenceEndToken", "FlowMappingEndToken"):
            depth -= 1
        elif name in ("ScalarToken", "AliasToken"):
            values += 1
        if values > MAX_NODES:
            raise YamlError(
                f"file holds more than {MAX_NODES:,} values",
                hint="split it; clause and draft files never need this many",
                location=Location(path, token.start_mark.line + 1,
                                  token.start_mark.column + 1),
            )


def _line_prefix_longer_than(text: str, length: int) -> bool:
    """Whether a line starts with more than ``length`` of ``' -?:'``. A search for the
    newline before it is ten times faster than one for the start of every line."""
    run = f"[ \\-?:]{{{length + 1}}}"
    return bool(re.match(run, text) or re.search("\n" + run, text))


def _lines(text: str) -> Iterator[str]:
    """The non-empty lines of ``text``, split where str.splitlines splits, one at a time
    (a file is empty when its first lines are)."""
    return (match.group() for match in _LINE.finditer(text))


def _flow_brackets(text: str) -> int:
    """The brackets that may open flow collections: none when no bracket stands where the
    first one could open; once one can, a bracket after any plain word may open another
    inside it, so then every bracket counts."""
    return text.count("[") + text.count("{") if _FLOW_OPENER.search(text) else 0


def _most_values(text: str, brackets: int) -> int:
    """An upper bound on the number of values (nodes) pyyaml would compose from ``text``.

    Every node but the root is introduced by an indicator: a mapping entry by ':' (its key
    and value, and at most one collection), a block sequence entry by '-', a flow entry by
    ',' or an opening bracket, an alias by '*', a complex key by '?'. Counting them over-
    estimates (quoted text holds them too), which only sends a file down the slow path.
    Outside flow collections (no bracket that can open one) pyyaml's scanner takes ':', '-'
    and '?' as indicators only before a space or line break, and ',' not at all, so prose
    in a large draft does not count.
    """
    if brackets:
        return (3 * text.count(":") + 2 * text.count("-") + text.count(",") + 2 * brackets
                + text.count("*") + 2 * text.count("?") + 2)
    return (3 * len(_BLOCK_VALUE.findall(text)) + 2 * len(_BLOCK_ENTRY.findall(text))
            + text.count("*") + 2 * len(_BLOCK_KEY.findall(text)) + 2)


# Where the first flow collection of a file can open: a bracket at the start of a token, that
# is at the start of the text or after whitespace or an indicator. Outside flow collections a
# bracket inside quoted text ('[name]') or a word cannot, so placeholders in quotes do not
# send a file down the slow path.
_FLOW_OPENER = re.compile(r"(?:^|(?<=[\s:\-?,\[{\ufeff]))[\[{]")

# Indicators as pyyaml's scanner reads them in block context: followed by whitespace, a
# line break of any kind, or the end of the text.
_AFTER_INDICATOR = r"(?=[ \t\r\n\x85\u2028\u2029]|\Z)"
_BLOCK_VALUE = re.compile(":" + _AFTER_INDICATOR)
_BLOCK_ENTRY = re.compile("-" + _AFTER_INDICATOR)
_BLOCK_KEY = re.compile(r"\?" + _AFTER_INDICATOR)


def _too_deep(path: str, line: int = 0, column: int = 0) -> YamlError:
    return YamlError(
        f"nesting is deeper than {MAX_DEPTH} levels",
        hint="flatten the structure; clause and draft files never need this much",
        location=Location(path, line, column),
    )


def _parse_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = exc.problem or "cannot parse YAML"
    hint = "check the indentation and quoting on this line"
    lines = text.splitlines()
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in source_line[: max(column, 1)] or "'\\t'" in problem:
        problem = "a tab character is used for indentation"
        hint = "YAML needs spaces: replace the tab with spaces"
        column = source_line.find("\t") + 1 if "\t" in source_line else column
    elif problem.startswith("mapping values are not allowed"):
        problem, hint = _colon_in_text(source_line, column)
    elif exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        quote = lines[line - 1][column - 1] if line <= len(lines) else '"'
        problem = f"the text that starts with {quote} here has no closing {quote}"
        other = "'" if quote == '"' else '"'
        hint = (f"end the text with {quote}; to use {quote} inside it, put the whole text "
                f"in {other} instead")
    elif ("expected <block end>" in problem or "did not find expected" in problem) and (
            source_line[:max(column - 1, 0)].strip()):
        problem = "unexpected text after a quoted text"
        hint = ("a quote mark inside a quoted text ends it: put the whole text in the other "
                "kind of quotes, or write '' for ' inside '...'")
    elif source_line.lstrip().startswith("- ") and (
            "expected <block end>" in problem or "did not find expected" in problem):
        problem = "this list item is not lined up with the items above it"
        hint = "start every '-' of the same list in the same column (count the spaces)"
    elif exc.context == "while parsing a flow sequence":
        problem = "a list opened with '[' is not closed"
        hint = "end it with ']', and separate its items with ', '"
    elif exc.context == "while parsing a flow mapping":
        problem = "a mapping opened with '{' is not closed"
        hint = "end it with '}', and separate its entries with ', '"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        problem = "this line is not lined up with the fields above it"
        hint = "start it in the same column as the other fields at its level (count the spaces)"
    elif "found duplicate anchor" in problem:
        hint = "give each anchor (&name) a different name"
    elif problem.startswith("found unknown escape character"):
        hint = "write a backslash as \\\\ inside double quotes, or use single quotes"
    elif "escape" in problem:
        hint = "write the character itself instead of an escape code"
    return YamlError(f"invalid YAML: {problem}", hint=hint, location=Location(path, line, column))


def _colon_in_text(line: str, column: int) -> tuple[str, str]:
    """Problem and hint for "mapping values are not allowed": either a value holds ': '
    (a colon and a space), or a field is indented under one that already has a value."""
    match = re.match(r"^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(\S.*?)\s*$", line)
    if match and len(match.group(1)) + len(match.group(2)) + 1 < column:
        text = match.group(3)
        quoted = "'" + text.replace("'", "''") + "'" if '"' in text else f'"{text}"'
        return ("this text contains ': ' (a colon and a space), which YAML reads as a new "
                "field", f"put the whole text in quotes: {match.group(2)}: {quoted}")
    return ("this line is indented under a field that already has a value",
            "start it in the same column as the field above it, or move that field's value "
            "onto lines of its own")


_NO_ITEMS: Mapping[str, tuple[Node, Node]] = MappingProxyType({})
_NO_CHILDREN: Sequence[Node] = ()


class _Converter:
    """Turns pyyaml's composed nodes into located :class:`Node` trees, within budgets.

    ``aliases``: whether the text may hold aliases (``*name``). Without them every pyyaml
    node is used once, so nothing needs remembering; a 5,000-paragraph draft has 60,000
    nodes, and this is the part of reading it that runs in Python.
    """

    def __init__(self, path: str, *, aliases: bool = True) -> None:
        self.path = path
        self.budget = MAX_NODES
        # Aliases share one pyyaml node: convert it once, but charge its full expanded size
        # and height every time it is used, so repeated data still counts.
        self.memo: dict[int, tuple[Node, int, int]] | None = {} if aliases else None

    def _location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Node:
        return self._convert(node, depth)[0]

    def _charge(self, node: yaml.Node, size: int, depth: int) -> None:
        self.budget -= size
        if self.budget < 0:
            raise YamlError(
                f"file expands to more than {MAX_NODES:,} values (aliases repeat data)",
                hint="remove the anchors (&) and aliases (*), or the file is hostile",
                location=self._location(node),
            )
        if depth > MAX_DEPTH:
            raise _too_deep(self.path, *self._line_col(node))

    def _convert(self, node: yaml.Node, depth: int) -> tuple[Node, int, int]:
        """The converted node with its expanded size and height."""
        memo = self.memo
        if memo is not None:
            known = memo.get(id(node))
            if known is not None:
                self._charge(node, known[1], depth + known[2] - 1)
                return known
        elif (type(node) is yaml.ScalarNode and node.tag in _ALLOWED_TAGS
              and self.budget > 0 and depth <= MAX_DEPTH):
            self.budget -= 1  # the common case, without the general checks' calls
            return self._scalar(node), 1, 1
        before = self.budget
        self._charge(node, 1, depth)
        result, height = self._build(node, depth)
        entry = (result, before - self.budget, height)
        if memo is not None:
            memo[id(node)] = entry
        return entry

    def _build(self, node: yaml.Node, depth: int) -> tuple[Node, int]:
        tag = node.tag or ""
        if tag not in _ALLOWED_TAGS and (tag.startswith("!") or tag.startswith("tag:")):
            raise YamlError(
                f"tag {tag.replace(_STANDARD_TAG, '!!')} is not allowed",
                hint="remove the tag, csp-draft files hold plain YAML data only",
                location=self._location(node),
            )
        if type(node) is yaml.ScalarNode:
            return self._scalar(node), 1
        if type(node) is yaml.SequenceNode:
            children = []
            height = 0
            for child in node.value:
                converted, _, child_height = self._convert(child, depth + 1)
                children.append(converted)
                if child_height > height:
                    height = child_height
            return Node("seq", self._location(node), children=children), height + 1
        return self._mapping(node, depth)

    def _line_col(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _scalar(self, node: yaml.ScalarNode) -> Node:
        text = node.value
        mark = node.start_mark
        location = Location(self.path, mark.line + 1, mark.column + 1)
        bad = _XML_INVALID.search(text)
        if bad:
            raise YamlError(
                f"value contains the control character U+{ord(bad.group()):04X}, which "
                "documents cannot hold",
                hint="remove it; such characters are often pasted by accident",
                location=location,
            )
        style = node.style or ""
        if (not style and len(text) > MAX_INT_DIGITS and _INT.match(text)
                and len(text.lstrip("+-")) > MAX_INT_DIGITS):
            raise YamlError(
                f"number has more than {MAX_INT_DIGITS} digits",
                hint="quote it if it is meant as text",
                location=location,
            )
        if node.tag == _BINARY_TAG:
            raise YamlError("binary values are not allowed", location=location)
        return Node("scalar", location, text, style, _NO_ITEMS, _NO_CHILDREN)  # type: ignore[arg-type]

    def _mapping(self, node: yaml.MappingNode, depth: int) -> tuple[Node, int]:
        items: dict[str, tuple[Node, Node]] = {}
        height = 0
        for key_node, value_node in node.value:
            scalar = type(key_node) is yaml.ScalarNode
            if key_node.tag == _MERGE_TAG or (
                    scalar and key_node.value == "<<" and not key_node.style):
                raise YamlError(
                    "merge keys (<<) are not supported",
                    hint="write the keys out in full",
                    location=self._location(key_node),
                )
            if not scalar:
                raise YamlError(
                    "keys must be plain text, not lists or mappings",
                    location=self._location(key_node),
                )
            key = self._scalar(key_node)
            if key.text in items:
                first = items[key.text][0].location
                raise YamlError(
                    f"duplicate key '{key.text}' (first at line {first.line})",
                    hint="keep one of them, YAML would silently drop the other",
                    location=key.location,
                )
            value, _, value_height = self._convert(value_node, depth + 1)
            items[key.text] = (key, value)
            if value_height > height:
                height = value_height
        return Node("map", self._location(node), items=items), height + 1


def dump_yaml(data: Any) -> str:
    """Plain block-style YAML for generated files (keeps key order and Unicode)."""
    return yaml.dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100)
