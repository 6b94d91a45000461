"""Checking variable values against their declared types.

Values arrive as located YAML nodes (from a draft, a clause's example, or ``--set``), so
every problem can name its place. The check never converts silently: a quoted "5" is not
a number, ``yes`` is not a boolean; a string takes the text exactly as written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from csp_draft.errors import DiagnosticCollector
from csp_draft.models.data import CountryName, LocalizedText, VariableSpec
from csp_draft.models.people import PERSON_ID, PersonRef, read_name
from csp_draft.suggest import did_you_mean
from csp_draft.yamlio.located import Node

MAX_VALUE_CHARS = 100_000
MAX_NUMBER = 10**15  # numbers in documents: counts, years, sums
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Invalid(Exception):
    """Internal: a value failed its check; the diagnostic is already recorded."""



def coerce_value(
    spec: VariableSpec, node: Node, diagnostics: DiagnosticCollector, *, what: str = ""
) -> Any:
    """The checked Python value of ``node`` for ``spec``, or None after recording problems."""
    label = what or f"'{spec.name}'"
    try:
        return _coerce(spec, node, diagnostics, label)
    except _Invalid:
        return None


def _fail(diagnostics: DiagnosticCollector, node: Node, message: str, hint: str = "") -> _Invalid:
    diagnostics.error(node.location, message, hint)
    return _Invalid()


def _coerce(spec: VariableSpec, node: Node, diags: DiagnosticCollector, label: str) -> Any:
    kind = spec.type
    if kind in ("string", "text"):
        return _text(node, diags, label)
    if kind == "country":
        return _country(node, diags, label)
    if kind == "date":
        return _date(node, diags, label)
    if kind == "number":
        value = node.scalar_value() if node.is_scalar else None
        if node.is_plain and isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise _fail(diags, node, f"{label} must be a finite number")
            if abs(value) >= MAX_NUMBER:  # the number filters (Babel) fail on such values
                raise _fail(diags, node, f"{label} has more than 15 digits before the point",
                            "a count, a year or a sum has fewer; write it as text if it is "
                            "not a number")
            return value
        raise _fail(diags, node, f"{label} must be a number, not {node.describe()}",
                    "write digits without quotes, e.g. 10 or 2.5")
    if kind == "boolean":
        value = node.scalar_value() if node.is_plain else None
        if isinstance(value, bool):
            return value
        raise _fail(diags, node, f"{label} must be true or false, not {node.describe()}")
    if kind == "choice":
        text = _plain_text(node, diags, label)
        if text not in spec.choices:
            raise _fail(diags, node, f"{label} must be one of {', '.join(spec.choices)}, "
                        f"not '{text}'", did_you_mean(text, spec.choices))
        return text
    if kind == "list":
        if not node.is_seq:
            raise _fail(diags, node, f"{label} must be a list, not {node.describe()}",
                        "write it as [a, b] or as lines starting with '- '")
        return [_text(child, diags, f"item {i} of {label}")
                for i, child in enumerate(node.children, 1)]
    if kind == "records":
        return _records(spec, node, diags, label)
    if kind == "people":
        return _people(node, diags, label)
    raise _fail(diags, node, f"{label} has the unknown type '{kind}'")


def _plain_text(node: Node, diags: DiagnosticCollector, label: str) -> str:
    if not node.is_scalar or (node.scalar_value() is None and node.is_plain):
        raise _fail(diags, node, f"{label} must be text, not {node.describe()}")
    if len(node.text) > MAX_VALUE_CHARS:
        raise _fail(diags, node, f"{label} is longer than {MAX_VALUE_CHARS:,} characters")
    return node.text


def _text(node: Node, diags: DiagnosticCollector, label: str) -> str | LocalizedText:
    """A string, or a mapping of language code to string."""
    if node.is_map:
        result = LocalizedText()
        for lang, (key, value) in node.items.items():
            if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", lang):
                raise _fail(diags, key, f"'{lang}' in {label} is not a language code",
                            "use codes such as en or ru")
            result[lang] = _plain_text(value, diags, f"{label} ({lang})")
        if not result:
            raise _fail(diags, node, f"{label} is an empty mapping")
        return result
    return _plain_text(node, diags, label)


def _country(node: Node, diags: DiagnosticCollector, label: str) -> LocalizedText:
    """An ISO 3166 code (``KG``), named in each language; or the names written out per
    language (``{en: ..., ru: ...}``) for a territory without a code."""
    from csp_draft import i18n

    if node.is_map:
        names = _text(node, diags, label)
        assert isinstance(names, LocalizedText)
        return names
    text = _plain_text(node, diags, label).strip()
    if not i18n.is_country_code(text):
        code = i18n.country_code_for(text)
        raise _fail(diags, node, f"{label} must be an ISO 3166 country code, not '{text}'",
                    f"write {code}" if code else "write a two-letter code such as BY or KG, or "
                    "the names per language as {en: ..., ru: ...}")
    return country_value(text)


def country_value(code: str, languages: tuple[str, ...] = ()) -> CountryName:
    """The country ``code`` named in the working languages (and ``languages``), in the
    workspace's usage (``countries:`` in csp-draft.yaml) where it has one, else CLDR's."""
    from csp_draft import i18n

    workspace = _workspace()
    wanted = dict.fromkeys((*workspace.known_languages, *languages, "en"))
    names = CountryName({lang: i18n.country_name(code, lang, workspace.countries)
                         for lang in wanted})
    names.code = code
    return names


_WORKSPACES: dict[Any, Any] = {}


def _workspace() -> Any:
    """The workspace of the current folder, read once per version of its csp-draft.yaml (a
    draft names many countries)."""
    from pathlib import Path

    from csp_draft.workspace import CONFIG_NAME, find_root, load_workspace

    root = find_root(Path.cwd())
    try:
        info = (root / CONFIG_NAME).stat() if root is not None else None
    except OSError:
        info = None
    key = (root, info.st_size, info.st_mtime_ns) if info is not None else (root,)
    if key not in _WORKSPACES:
        _WORKSPACES.clear()
        _WORKSPACES[key] = load_workspace()
    return _WORKSPACES[key]


def _date(node: Node, diags: DiagnosticCollector, label: str) -> dt.date:
    text = node.text if node.is_scalar else ""
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _fail(diags, node, f"{label} must be a date written YYYY-MM-DD, not '{text}'"
                if node.is_scalar else f"{label} must be a date, not {node.describe()}")


def _records(spec: VariableSpec, node: Node, diags: DiagnosticCollector, label: str) -> list:
    if not node.is_seq:
        raise _fail(diags, node, f"{label} must be a list of records, not {node.describe()}",
                    "write each record as '- {" + ", ".join(f.name + ": ..." for f in spec.fields)
                    + "}'")
    records = []
    failed = False
    for index, child in enumerate(node.children, 1):
        item_label = f"record {index} of {label}"
        if not child.is_map:
            diags.error(child.location, f"{item_label} must be a mapping, not {child.describe()}")
            failed = True
            continue
        record: dict[str, Any] = {}
        for key, (key_node, value_node) in child.items.items():
            field_spec = spec.field(key)
            if field_spec is None:
                diags.error(key_node.location, f"{item_label} has no field '{key}'",
                            did_you_mean(key, [f.name for f in spec.fields]))
                failed = True
                continue
            try:
                record[key] = _coerce(field_spec, value_node, diags, f"'{key}' in {item_label}")
            except _Invalid:
                failed = True
        for field_spec in spec.fields:
            if field_spec.name not in record and field_spec.name not in child.items:
                if field_spec.required:
                    diags.error(child.location,
                                f"{item_label} lacks the required field '{field_spec.name}'",
                                field_spec.help)
                    failed = True
                else:
                    record[field_spec.name] = field_spec.default
        records.append(record)
    if failed:
        raise _Invalid()
    return records


def _people(node: Node, diags: DiagnosticCollector, label: str) -> list:
    """Case-record ids (plain words such as ``bialiatski``), free names (text, or one per
    language) and free records ``{name: ..., country: ...}``, whose Russian name may give
    its case forms (``ru: {nom: ..., acc: ...}``)."""
    if not node.is_seq:
        raise _fail(diags, node, f"{label} must be a list of people, not {node.describe()}",
                    "write case-record ids or names as [bialiatski, ...]")
    result: list[Any] = []
    failed = False
    for index, child in enumerate(node.children, 1):
        item = f"person {index} of {label}"
        try:
            if child.is_plain and PERSON_ID.match(child.text):
                result.append(PersonRef(child.text, child.location))
            elif child.is_map and "name" in child.items:
                result.append(_free_person(child, diags, item))
            else:
                result.append(_text(child, diags, item))
        except _Invalid:
            failed = True
    if failed:
        raise _Invalid()
    return result


def _free_person(node: Node, diags: DiagnosticCollector, label: str) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, (key_node, value) in node.items.items():
        if key == "name":
            if value.is_map and any(words.is_map for _, words in value.items.values()):
                name = read_name(value, diags, f"the name of {label}", complete=False)
                if name is None:
                    raise _Invalid()
                record["name"] = name
            else:
                record["name"] = _text(value, diags, f"the name of {label}")
        elif key == "country":
            record["country"] = _text(value, diags, f"the country of {label}")
        else:
            raise _fail(diags, key_node, f"{label} has no field '{key}'",
                        did_you_mean(key, ("name", "country")) or "give name and country")
    return record


def is_missing(value: Any) -> bool:
    """True for values that count as not given (None, empty text, empty list)."""
    return value is None or value == "" or value == [] or value == {}
