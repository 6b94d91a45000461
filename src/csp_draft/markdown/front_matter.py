"""Read the YAML front matter of rendered Markdown.

csp-draft's renderer writes front matter as one ``key: value`` line per key, with lists
as ``- item`` lines below their key. Those lines are read here directly; importing PyYAML
costs more than converting a 500-paragraph document, so anything beyond that simple shape
(double quotes, comments, flow collections, continuation lines, words YAML reads as
booleans or null, numbers) goes to PyYAML's safe loader, which decides.

The direct reading must agree with PyYAML whenever it answers; tests compare both on
generated front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from csp_draft.errors import CspDraftError

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*?))? *\Z")
_ITEM_LINE = re.compile(r"( *)- +(.*?) *\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_QUOTED = re.compile(r"'((?:[^']|'')*)'\Z")
# Plain words that YAML 1.1 (PyYAML) resolves to booleans or null rather than text.
_NOT_TEXT = frozenset(
    variant
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for variant in (word, word.capitalize(), word.upper())
)


class _NotSimple(Exception):
    """The front matter needs a real YAML parser."""


def load_front_matter(source: str) -> dict[str, Any]:
    """The front matter as a dict with text keys; :class:`CspDraftError` if it is not one."""
    try:
        return _read_simple(source)
    except _NotSimple:
        return _read_yaml(source)


def _read_simple(source: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    items: list[Any] | None = None
    item_indent: str | None = None
    # Split at newlines only: str.splitlines also splits at form feeds and other control
    # characters, which YAML refuses; such a line is not printable and goes to PyYAML.
    lines = source.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    for line in lines:
        if not line.isprintable():
            raise _NotSimple
        key_match = _KEY_LINE.match(line)
        if key_match:
            key, raw = key_match.groups()
            if key in data or key in _NOT_TEXT:
                raise _NotSimple
            if raw is None:
                items, item_indent = [], None
                data[key] = items
            else:
                items = None
                data[key] = _scalar(raw)
            continue
        item_match = _ITEM_LINE.match(line)
        if item_match is None or items is None:
            raise _NotSimple
        indent, raw = item_match.groups()
        if item_indent is None:
            item_indent = indent
        elif indent != item_indent:
            raise _NotSimple
        items.append(_scalar(raw))
    if any(value == [] for value in data.values()):  # "key:" alone is null in YAML
        raise _NotSimple
    return data


def _scalar(raw: str) -> Any:
    """A single-quoted or plain scalar that YAML would read as text (or a date)."""
    if not raw.isprintable():
        raise _NotSimple
    quoted = _QUOTED.match(raw)
    if quoted:
        return quoted.group(1).replace("''", "'")
    if _DATE.match(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise _NotSimple from None
    if not raw[:1].isalpha() or raw in _NOT_TEXT or ":" in raw or "#" in raw:
        raise _NotSimple
    return raw


def _read_yaml(source: str) -> dict[str, Any]:
    import yaml

    from csp_draft.yamlio.located import check_depth

    check_depth(source, "front matter")  # pyyaml's C composer crashes on deep nesting
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(source, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CspDraftError(
            f"front matter is not valid YAML{where}: {problem}",
            hint="check the block between the --- lines at the top",
        ) from None
    except ValueError as exc:  # a date YAML recognises but cannot build, e.g. 2026-13-45
        raise CspDraftError(
            f"front matter holds a value that is not valid: {exc}",
            hint="write dates as YYYY-MM-DD, or quote the value",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CspDraftError(
            "front matter must be a mapping of keys to values",
            hint="write it as 'title: ...' lines between the --- lines",
        )
    return {str(key): value for key, value in data.items()}
