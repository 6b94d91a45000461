"""Values given on the command line (``--set name=VALUE``, ``--set-file name=FILE``, answers).

ruamel is imported where data is written back only: ``export --set`` must not pay for it.

Each value is kept twice: as a located :class:`~csp_draft.yamlio.located.Node`, checked against the
clause's variable type with :func:`~csp_draft.models.values.coerce_value` (so an error points at
``--set defenders:1:9``), and as ruamel data to write into the draft, so that what the
user typed (flow style, quotes) is what the draft file shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from csp_draft.errors import CspDraftError, DiagnosticCollector, Location, UsageError
from csp_draft.fsio import read_bytes
from csp_draft.library.schema import VARIABLE_NAME
from csp_draft.models.data import Clause, VariableSpec
from csp_draft.models.values import coerce_value
from csp_draft.suggest import did_you_mean
from csp_draft.yamlio.located import Node, decode_yaml_bytes, load_yaml

if TYPE_CHECKING:
    from csp_draft.library.load import Library

MAX_VALUE_FILE_BYTES = 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")
# Characters a document cannot carry (as yamlio refuses them in files).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Assignment:
    """One value for one variable, ready to check and to write."""

    name: str
    node: Node  # located, for type checking
    data: Any  # what goes into the draft file
    source: str  # where it came from, for messages


def split_assignment(text: str, option: str = "--set") -> tuple[str, str]:
    """``name=VALUE`` split at the first ``=``; the name must be a variable name."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not VARIABLE_NAME.match(name):
        raise UsageError(f"{option} '{_short(text)}' is not name=VALUE",
                         hint=f"e.g. {option} country=Belarus")
    return name, value


def parse_value(name: str, text: str, source: str) -> Assignment:
    """A VALUE written as YAML (``Belarus``, ``2017-07-04``, ``[{name: ..., country: ...}]``)."""
    from csp_draft.yamlio.roundtrip import load_roundtrip, make_yaml

    _refuse_empty(name, text, source)
    node = load_yaml(text, source)
    data = load_roundtrip(make_yaml(), text, source)
    return Assignment(name, node, data, source)


def parse_assignments(texts: Iterable[str]) -> list[Assignment]:
    """Every ``--set name=VALUE``."""
    result = []
    for text in texts:
        name, value = split_assignment(text)
        result.append(parse_value(name, value, f"--set {name}"))
    return result


def parse_overrides(texts: Iterable[str]) -> dict[str, Node]:
    """``export --set name=VALUE`` values: the same rules as every other ``--set``, located
    for type checking; nothing is written back, so no round-trip data is built."""
    result: dict[str, Node] = {}
    for text in texts:
        name, value = split_assignment(text)
        source = f"--set {name}"
        if name in result:
            raise UsageError(f"{source} is given twice", hint="give each value once")
        _refuse_empty(name, value, source)
        result[name] = load_yaml(value, source)
    return result


def _refuse_empty(name: str, text: str, source: str) -> None:
    if not text.strip():
        raise UsageError(f"{source}: no value after '='",
                         hint=f"write {source.split()[0]} {name}=VALUE; quote it for an empty "
                         "text: ''")


def read_value_files(texts: Iterable[str], clause: Clause) -> list[Assignment]:
    """Every ``--set-file name=FILE``: YAML for ``.yaml``/``.yml`` files, else literal text."""
    from csp_draft.yamlio.roundtrip import load_roundtrip, make_yaml

    result = []
    for text in texts:
        name, file_name = split_assignment(text, "--set-file")
        path = Path(file_name)
        data = read_bytes(path, limit=MAX_VALUE_FILE_BYTES)
        content = decode_yaml_bytes(data, str(path))
        if path.suffix.lower() in YAML_SUFFIXES:
            node = load_yaml(content, str(path))
            result.append(Assignment(name, node, load_roundtrip(make_yaml(), content, str(path)),
                                     str(path)))
            continue
        spec = clause.variables.get(name)
        if spec is not None and spec.type not in ("string", "text"):
            raise CspDraftError(
                f"'{name}' is a {spec.type_label}; a plain file gives text only",
                hint="write the value as YAML in a .yaml file", location=Location.of_file(path))
        content = content.replace("\r\n", "\n").rstrip("\n")
        result.append(text_assignment(name, content, str(path)))
    return result


def text_assignment(name: str, text: str, source: str) -> Assignment:
    """A value that is literal text (a file's content, an answer to a prompt)."""
    bad = _UNPRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise CspDraftError(f"the text contains the control character U+{ord(bad.group()):04X}",
                            hint="remove it; such characters are often pasted by accident",
                            location=Location(source, line, column))
    node = Node("scalar", Location(source, 1, 1), text=text, style='"')
    return Assignment(name, node, yaml_text(text), source)


def check_assignments(
    clause: Clause, assignments: list[Assignment], diags: DiagnosticCollector,
    library: Library | None = None,
) -> dict[str, Any]:
    """The checked value of each assignment; problems (all of them) go to ``diags``. With
    ``library``, the case-record ids a ``people`` value names must be on its search path."""
    checked: dict[str, Any] = {}
    seen: set[str] = set()
    for assignment in assignments:
        spec = clause.variables.get(assignment.name)
        where = assignment.node.location
        if spec is None:
            diags.error(where, f"clause '{clause.id}' has no variable '{assignment.name}'",
                        did_you_mean(assignment.name, clause.variables) or
                        "its variables: " + (", ".join(clause.variables) or "none"))
            continue
        if assignment.name in seen:
            diags.error(where, f"'{assignment.name}' is given twice", "give each value once")
            continue
        seen.add(assignment.name)
        value = coerce_value(spec, assignment.node, diags, what=f"'{assignment.name}'")
        if value and spec.type == "people" and library is not None:
            from csp_draft.drafts.people import look_up_people

            value = look_up_people(value, library, diags)
        if value is not None:
            checked[assignment.name] = value
    return checked


# --- Python values to located nodes and to YAML data -------------------------------------------

def node_of(value: Any, location: Location) -> Node:
    """A located node for a Python value (answers to prompts), to check with coerce_value."""
    if isinstance(value, Mapping):
        node = Node("map", location)
        for key, item in value.items():
            node.items[str(key)] = (Node("scalar", location, text=str(key)),
                                    node_of(item, location))
        return node
    if isinstance(value, list | tuple):
        return Node("seq", location, children=[node_of(item, location) for item in value])
    if isinstance(value, bool):
        return Node("scalar", location, text="true" if value else "false")
    if isinstance(value, int | float | dt.date):
        return Node("scalar", location, text=value.isoformat() if isinstance(value, dt.date)
                    else repr(value))
    return Node("scalar", location, text=str(value), style='"')


def yaml_text(text: str) -> Any:
    """Text to write: plain when YAML reads it back as this very text, else quoted."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if "\n" in text:
        return LiteralScalarString(text)
    resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
    if resolved != "tag:yaml.org,2002:str" or text != text.strip():
        return DoubleQuotedScalarString(text)
    return text


def yaml_data(value: Any, *, flow: bool = False) -> Any:
    """Python data (from prompts) as ruamel data: records as ``- {name: ..., country: ...}``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, Mapping):
        result = CommentedMap((str(k), yaml_data(v, flow=True)) for k, v in value.items())
        if flow:
            result.fa.set_flow_style()
        return result
    if isinstance(value, list | tuple):
        items = CommentedSeq(yaml_data(item, flow=True) for item in value)
        if all(not isinstance(item, Mapping | list | tuple) for item in value) and not any(
            isinstance(item, str) and "\n" in item for item in value
        ):
            items.fa.set_flow_style()
        return items
    if isinstance(value, str):
        return yaml_text(value)
    return value


def spec_help(spec: VariableSpec) -> str:
    """What a variable takes, in a few words: its type and its help."""
    text = spec.type_label
    return f"{text}: {spec.help}" if spec.help else text


def _short(text: str) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= 60 else flat[:57] + "..."
