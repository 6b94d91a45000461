"""The clause schema: checking clause files, and the JSON Schema users can read.

The checks here are hand-written rather than run through a JSON Schema validator so that
every message names the exact key or value, suggests the field that was meant, and all
problems of a file are reported together.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from csp_draft.errors import DiagnosticCollector
from csp_draft.library.merge import UNRESOLVED, conflict_problems
from csp_draft.models.data import (
    ADDRESSEES,
    CLAUSE_FORMS,
    CLAUSE_KINDS,
    FIELD_TYPES,
    REFERENCE_READINGS,
    VARIABLE_TYPES,
    Clause,
    LocalizedText,
    ReferenceCheck,
    Text,
    VariableSpec,
)
from csp_draft.models.values import coerce_value
from csp_draft.suggest import did_you_mean
from csp_draft.yamlio.located import Node

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64
VARIABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
MAX_TEXT_CHARS = 20_000

# What a new version of a clause is (`library update` shows it; `--corrections` pins an
# update only when every changed clause says correction): a correction fixes an error
# (a wrong paragraph, a typo, a fact that is no longer true) without changing the demand;
# an update changes the demand; a new edition rewrites the clause.
CHANGE_CLASSES = ("correction", "update", "new-edition")

CLAUSE_FIELDS = {
    "id": "lowercase slug, unique, equal to the file name",
    "title": "short title: a string or {en: ..., ru: ...}",
    "kind": "role of the text: " + ", ".join(CLAUSE_KINDS),
    "topics": "list of topic slugs",
    "addressees": "list of addressee ids",
    "addressee": "the one addressee id the operative form speaks to",
    "forms": "mapping of form (" + ", ".join(CLAUSE_FORMS) + ") to {en: ..., ru: ...}: the "
             "clause as it stands in that position, without its punctuation",
    "variables": "mapping of variable name to its spec",
    "text": "mapping of language code to Jinja/Markdown text (en required)",
    "legal_basis": "list of legal references, each a string or {en: ..., ru: ..., checked: "
                   "{on: YYYY-MM-DD, source: ..., read: primary|secondary}}",
    "sources": "list of documents that used the clause",
    "keywords": "words drafters search with that the text does not hold, per language: "
                "{en: [NGO, ...], ru: [НКО, ...]}",
    "version": "version string, e.g. \"1\" or \"1.2\"",
    "change": "what this version changes, for libraries shared through git: "
              + ", ".join(CHANGE_CLASSES),
    "updated": "date of the last change, YYYY-MM-DD",
    "synced": "hash of each language's texts when they were last in step: {en: ..., ru: ...}; "
              "written by `csp-draft translations confirm --library`",
}
REQUIRED_CLAUSE_FIELDS = ("id", "title", "kind", "topics", "text", "version", "updated")
VARIABLE_FIELDS = ("type", "required", "default", "help", "example", "choices", "held",
                   "fields")


def _string(node: Node, diags: DiagnosticCollector, label: str) -> str | None:
    if node.is_scalar and not (node.is_plain and node.scalar_value() is None):
        return node.text
    diags.error(node.location, f"{label} must be text, not {node.describe()}")
    return None


def _string_list(node: Node, diags: DiagnosticCollector, label: str) -> tuple[str, ...]:
    if not node.is_seq:
        diags.error(node.location, f"{label} must be a list, not {node.describe()}",
                    "write it as [a, b] or as lines starting with '- '")
        return ()
    items = (_string(child, diags, f"item of {label}") for child in node.children)
    return tuple(item for item in items if item is not None)


CHECK_FIELDS = {
    "on": "the day the reference was checked, YYYY-MM-DD",
    "source": "the text it was checked against (document, paragraph, where it was read)",
    "read": "primary (the provision itself was read) or secondary (only a report of it)",
}


def _legal_basis(
    node: Node, diags: DiagnosticCollector
) -> tuple[tuple[Text, ...], tuple[ReferenceCheck | None, ...], tuple[int, ...]]:
    """The references, each with its check record (or None) and the line it is on."""
    if not node.is_seq:
        diags.error(node.location, f"legal_basis must be a list, not {node.describe()}",
                    "write it as lines starting with '- '")
        return (), (), ()
    references: list[Text] = []
    checks: list[ReferenceCheck | None] = []
    lines: list[int] = []
    for child in node.children:
        check = None
        if child.is_map:
            item = _reference_texts(child, diags)
            if "checked" in child.items:
                check = _check_record(child.get("checked"), diags)
        else:
            item = _string(child, diags, "item of legal_basis")
        if item is not None:
            references.append(item)
            checks.append(check)
            lines.append(child.location.line)
    return tuple(references), tuple(checks), tuple(lines)


def _reference_texts(node: Node, diags: DiagnosticCollector) -> LocalizedText | None:
    result = LocalizedText()
    for lang, (key, value) in node.items.items():
        if lang == "checked":
            continue
        if not LANGUAGE_CODE.match(lang):
            diags.error(key.location, f"'{lang}' in item of legal_basis is not a language code",
                        did_you_mean(lang, ["checked"]) or
                        "write the reference per language (en:, ru:) and 'checked:'")
            continue
        text = _string(value, diags, f"item of legal_basis ({lang})")
        if text is not None:
            result[lang] = text
    if not result:
        diags.error(node.location, "item of legal_basis has no text",
                    "write the reference under 'en:' (and 'ru:')")
        return None
    return result


def _check_record(node: Node, diags: DiagnosticCollector) -> ReferenceCheck | None:
    label = "'checked' of a legal reference"
    if not node.is_map:
        diags.error(node.location, f"{label} must be a mapping, not {node.describe()}",
                    "write checked: {on: YYYY-MM-DD, source: ..., read: primary}")
        return None
    before = len(diags.errors)
    for key, (key_node, _) in node.items.items():
        if key not in CHECK_FIELDS:
            diags.error(key_node.location, f"unknown field '{key}' in {label}",
                        did_you_mean(key, CHECK_FIELDS) or "use " + ", ".join(CHECK_FIELDS))
    for key in CHECK_FIELDS:
        if key not in node.items:
            diags.error(node.location, f"{label} has no '{key}'",
                        f"add '{key}:' ({CHECK_FIELDS[key]})")
    if len(diags.errors) > before:
        return None
    on = coerce_value(VariableSpec(name="on", type="date"), node.get("on"), diags,
                      what=f"'on' of {label}")
    source = _string(node.get("source"), diags, f"'source' of {label}")
    read = _string(node.get("read"), diags, f"'read' of {label}")
    if read is not None and read not in REFERENCE_READINGS:
        diags.error(node.get("read").location, f"'read' of {label} must be primary or "
                    f"secondary, not '{read}'",
                    "primary: the provision itself was read; secondary: only a report of it")
        return None
    if on is None or source is None or read is None or len(diags.errors) > before:
        return None
    return ReferenceCheck(on=on, source=source, read=read)


def _keywords(node: Node, diags: DiagnosticCollector) -> dict[str, tuple[str, ...]]:
    """``{en: [...], ru: [...]}``: search words per language."""
    if not node.is_map:
        diags.error(node.location, f"keywords must be a mapping of language to a list, not "
                    f"{node.describe()}", "write it as {en: [NGO, ...], ru: [НКО, ...]}")
        return {}
    result = {}
    for lang, (key, value) in node.items.items():
        if not LANGUAGE_CODE.match(lang):
            diags.error(key.location, f"'{lang}' in keywords is not a language code")
            continue
        result[lang] = _string_list(value, diags, f"keywords ({lang})")
    return result


def _slug_list(node: Node, diags: DiagnosticCollector, label: str) -> tuple[str, ...]:
    values = _string_list(node, diags, label)
    for child, value in zip(node.children, values, strict=False):
        if not SLUG.match(value):
            diags.error(child.location, f"'{value}' in {label} is not a slug",
                        "use lowercase letters, digits and hyphens")
    return values


def _localized(node: Node, diags: DiagnosticCollector, label: str) -> LocalizedText | None:
    if node.is_map:
        result = LocalizedText()
        for lang, (key, value) in node.items.items():
            if not LANGUAGE_CODE.match(lang):
                diags.error(key.location, f"'{lang}' in {label} is not a language code")
                continue
            text = _string(value, diags, f"{label} ({lang})")
            if text is not None:
                result[lang] = text
        return result
    text = _string(node, diags, label)
    return None if text is None else LocalizedText(en=text)


def load_clause(
    root: Node, path: Path, diags: DiagnosticCollector, *, languages: tuple[str, ...],
    library: str = "",
) -> Clause | None:
    """Check one parsed clause file; returns the clause, or None after recording problems."""
    before = len(diags.errors)
    if not root.is_map:
        diags.error(root.location, f"a clause file must be a mapping, not {root.describe()}",
                    "start with 'id: ...' (see `csp-draft clauses schema`)")
        return None
    for node, message in conflict_problems(root):
        diags.error(node.location, message)
    for key, (key_node, _) in root.items.items():
        if key not in CLAUSE_FIELDS and key != UNRESOLVED:
            diags.error(key_node.location, f"unknown field '{key}'",
                        did_you_mean(key, CLAUSE_FIELDS) or
                        "see `csp-draft clauses schema` for the fields")
    for key in REQUIRED_CLAUSE_FIELDS:
        if key not in root.items:
            diags.error(root.location, f"missing required field '{key}'",
                        f"add '{key}:' ({CLAUSE_FIELDS[key]})")

    clause_id = _clause_id(root, path, diags)
    title = _localized(root.get("title"), diags, "title") if "title" in root.items else None
    kind = _kind(root.get("kind"), diags) if "kind" in root.items else None
    topics = _slug_list(root.get("topics"), diags, "topics") if "topics" in root.items else ()
    addressees = _addressees(root.get("addressees"), diags) if "addressees" in root.items else ()
    variables = _variables(root.get("variables"), diags) if "variables" in root.items else {}
    text, text_lines = (
        _texts(root.get("text"), diags, languages) if "text" in root.items else ({}, {})
    )
    addressee = None
    if "addressee" in root.items:
        addressee = _addressee(root.get("addressee"), diags)
    forms: dict[str, dict[str, str]] = {}
    form_lines: dict[str, dict[str, int]] = {}
    if "forms" in root.items:
        forms, form_lines = _forms(root.get("forms"), diags, languages)
    legal, checks, legal_lines = _legal_basis(root.get("legal_basis"), diags) if (
        "legal_basis" in root.items) else ((), (), ())
    sources = _string_list(root.get("sources"), diags, "sources") if (
        "sources" in root.items) else ()
    keywords = _keywords(root.get("keywords"), diags) if "keywords" in root.items else {}
    version = _string(root.get("version"), diags, "version") if "version" in root.items else ""
    change = root.get("change")
    if change is not None and (not change.is_scalar or change.text not in CHANGE_CLASSES):
        diags.error(change.location, "'change' must be one of " + ", ".join(CHANGE_CLASSES),
                    "say what this version changes: a correction of an error, an update "
                    "of the demand, or a new edition")
    updated = _updated(root.get("updated"), diags) if "updated" in root.items else None
    synced: dict[str, str] = {}
    synced_line = 0
    if "synced" in root.items:
        synced = _synced(root.get("synced"), diags)
        synced_line = root.key_location("synced").line

    if len(diags.errors) > before or clause_id is None or title is None or kind is None:
        return None
    return Clause(
        id=clause_id, title=title, kind=kind, topics=topics, addressees=addressees,
        variables=variables, text=text, legal_basis=legal, sources=sources,
        version=version or "", updated=updated, path=path, text_lines=text_lines,
        library=library, keywords=keywords, legal_checks=checks,
        legal_lines=legal_lines, forms=forms, form_lines=form_lines, addressee=addressee,
        synced=synced, synced_line=synced_line,
    )


def _clause_id(root: Node, path: Path, diags: DiagnosticCollector) -> str | None:
    node = root.get("id")
    if node is None:
        return None
    value = _string(node, diags, "id")
    if value is None:
        return None
    if not SLUG.match(value) or len(value) > SLUG_MAX:
        diags.error(node.location, f"id '{value}' is not a slug",
                    f"use lowercase letters, digits and single hyphens, at most {SLUG_MAX} "
                    "characters, e.g. 'decriminalise-libel'")
        return None
    if path.stem != value:
        diags.error(node.location, f"id '{value}' does not match the file name '{path.name}'",
                    f"rename the file to {value}.yaml or change the id to '{path.stem}'")
        return None
    return value


def _kind(node: Node, diags: DiagnosticCollector) -> str | None:
    value = _string(node, diags, "kind")
    if value is not None and value not in CLAUSE_KINDS:
        diags.error(node.location, f"unknown kind '{value}'",
                    did_you_mean(value, CLAUSE_KINDS) or "use one of " + ", ".join(CLAUSE_KINDS))
        return None
    return value


def _addressees(node: Node, diags: DiagnosticCollector) -> tuple[str, ...]:
    values = _string_list(node, diags, "addressees")
    for child, value in zip(node.children, values, strict=False):
        if value not in ADDRESSEES:
            diags.error(child.location, f"unknown addressee '{value}'",
                        did_you_mean(value, ADDRESSEES) or
                        "see `csp-draft clauses schema` for the list")
    return values


def _addressee(node: Node, diags: DiagnosticCollector) -> str | None:
    if node.is_seq:
        diags.error(node.location, "'addressee' is one addressee id",
                    "split a clause addressed to two bodies into two clauses")
        return None
    value = _string(node, diags, "addressee")
    if value is not None and value not in ADDRESSEES:
        diags.error(node.location, f"unknown addressee '{value}'",
                    did_you_mean(value, ADDRESSEES) or
                    "see `csp-draft clauses schema` for the list")
        return None
    return value


def _forms(node: Node, diags: DiagnosticCollector, languages: tuple[str, ...]
           ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, int]]]:
    if not node.is_map:
        diags.error(node.location, f"forms must be a mapping of form to texts, not "
                    f"{node.describe()}", "write e.g. 'operative:' then 'en: ...' below it")
        return {}, {}
    forms: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    for form, (key, value) in node.items.items():
        if form not in CLAUSE_FORMS:
            diags.error(key.location, f"unknown form '{form}'",
                        did_you_mean(form, CLAUSE_FORMS) or "use " + ", ".join(CLAUSE_FORMS))
            continue
        texts, text_lines = _texts(value, diags, languages, label=f"form {form}")
        if texts:
            forms[form], lines[form] = texts, text_lines
    return forms, lines


SYNC_HASH = re.compile(r"^[0-9a-f]{12}$")


def _synced(node: Node, diags: DiagnosticCollector) -> dict[str, str]:
    """``{en: <hash>, ru: <hash>}``: the record of the last sync of the languages."""
    hint = "let `csp-draft translations confirm --library ID --lang LANG` write it"
    if not node.is_map:
        diags.error(node.location, f"'synced' must map language codes to hashes, not "
                    f"{node.describe()}", hint)
        return {}
    record = {}
    for lang, (key, value) in node.items.items():
        if not LANGUAGE_CODE.match(lang):
            diags.error(key.location, f"'{lang}' in synced is not a language code", hint)
        elif not (value.is_scalar and SYNC_HASH.match(value.text)):
            diags.error(value.location, f"'synced' of '{lang}' is not a hash of 12 hexadecimal "
                        "digits", hint)
        else:
            record[lang] = value.text
    return record


def _updated(node: Node, diags: DiagnosticCollector) -> dt.date | None:
    spec = VariableSpec(name="updated", type="date")
    return coerce_value(spec, node, diags, what="updated")


def _texts(
    node: Node, diags: DiagnosticCollector, languages: tuple[str, ...], *, label: str = "text"
) -> tuple[dict[str, str], dict[str, int]]:
    if not node.is_map:
        diags.error(node.location, f"{label} must be a mapping of language to text, not "
                    f"{node.describe()}", f"write '{label.split()[-1]}:' then 'en: ...' and "
                    "'ru: ...' below it")
        return {}, {}
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    for lang, (key, value) in node.items.items():
        if lang not in languages:
            diags.error(key.location, f"language '{lang}' is not declared",
                        did_you_mean(lang, languages) or
                        "add it to 'languages' in csp-draft.yaml, or use "
                        + ", ".join(languages))
            continue
        text = _string(value, diags, f"{label} ({lang})")
        if text is None:
            continue
        if not text.strip():
            diags.error(value.location, f"{label} ({lang}) is empty")
            continue
        if len(text) > MAX_TEXT_CHARS:
            diags.error(value.location, f"{label} ({lang}) is longer than {MAX_TEXT_CHARS:,} "
                        "characters", "split it into several clauses")
            continue
        texts[lang] = text
        # Block scalars (| and >) start on the line after the indicator.
        lines[lang] = value.location.line + (1 if value.style in ("|", ">") else 0)
    if "en" not in node.items:
        diags.error(node.location, f"{label} has no English ('en') version",
                    "every clause needs 'en', add 'ru' too where you can")
    return texts, lines


def _variables(node: Node, diags: DiagnosticCollector) -> dict[str, VariableSpec]:
    if not node.is_map:
        diags.error(node.location, f"variables must be a mapping, not {node.describe()}")
        return {}
    specs: dict[str, VariableSpec] = {}
    for name, (key, value) in node.items.items():
        if not VARIABLE_NAME.match(name):
            diags.error(key.location, f"variable name '{name}' is not valid",
                        "use lowercase letters, digits and underscores, starting with a letter")
            continue
        spec = _variable(name, value, diags, VARIABLE_TYPES)
        if spec is not None:
            specs[name] = spec
    return specs


def _variable(
    name: str, node: Node, diags: DiagnosticCollector, types: tuple[str, ...]
) -> VariableSpec | None:
    label = f"variable '{name}'"
    if not node.is_map:
        diags.error(node.location, f"{label} must be a mapping with at least 'type', not "
                    f"{node.describe()}")
        return None
    before = len(diags.errors)
    allowed = VARIABLE_FIELDS if types is VARIABLE_TYPES else VARIABLE_FIELDS[:-1]
    for key, (key_node, _) in node.items.items():
        if key not in allowed:
            diags.error(key_node.location, f"unknown field '{key}' in {label}",
                        did_you_mean(key, allowed) or "use " + ", ".join(allowed))
    type_node = node.get("type")
    if type_node is None:
        diags.error(node.location, f"{label} has no 'type'", "use one of " + ", ".join(types))
        return None
    kind = _string(type_node, diags, f"type of {label}")
    if kind is None or kind not in types:
        if kind is not None:
            diags.error(type_node.location, f"unknown type '{kind}' for {label}",
                        did_you_mean(kind, types) or "use one of " + ", ".join(types))
        return None
    required = False
    if "required" in node.items:
        value = node.get("required")
        if value.is_plain and isinstance(value.scalar_value(), bool):
            required = value.scalar_value()
        else:
            diags.error(value.location, f"'required' of {label} must be true or false")
    help_text = _string(node.get("help"), diags, f"help of {label}") if "help" in node.items \
        else ""
    choices: tuple[str, ...] = ()
    if kind == "choice":
        if "choices" not in node.items:
            diags.error(node.location, f"{label} is a choice but lists no 'choices'")
        else:
            choices = _string_list(node.get("choices"), diags, f"choices of {label}")
    elif "choices" in node.items:
        diags.error(node.key_location("choices"), "'choices' only applies to type choice")
    fields: tuple[VariableSpec, ...] = ()
    if kind == "records":
        fields = _record_fields(node, diags, label)
    elif "fields" in node.items:
        diags.error(node.key_location("fields"), "'fields' only applies to type records")
    held = False
    if "held" in node.items:
        value = node.get("held")
        if kind != "people":
            diags.error(node.key_location("held"), "'held' only applies to type people")
        elif value.is_plain and isinstance(value.scalar_value(), bool):
            held = value.scalar_value()
        else:
            diags.error(value.location, f"'held' of {label} must be true or false")
    if len(diags.errors) > before:
        return None
    shape = VariableSpec(name=name, type=kind, required=required, help=help_text or "",
                         choices=choices, fields=fields, location=node.location)
    default = example = None
    if "default" in node.items:
        default = coerce_value(shape, node.get("default"), diags, what=f"default of {label}")
    if "example" in node.items:
        example = coerce_value(shape, node.get("example"), diags, what=f"example of {label}")
    elif required and types is VARIABLE_TYPES:
        diags.error(node.location, f"required {label} has no 'example'",
                    "add one: `clauses check` and `clauses show` render with it")
    if len(diags.errors) > before:
        return None
    return VariableSpec(name=name, type=kind, required=required, default=default,
                        help=help_text or "", example=example, choices=choices,
                        fields=fields, location=node.location, held=held)


def _record_fields(node: Node, diags: DiagnosticCollector, label: str) -> tuple[VariableSpec, ...]:
    fields_node = node.get("fields")
    if fields_node is None:
        diags.error(node.location, f"{label} is records but declares no 'fields'",
                    "e.g. fields: {name: {type: string}, country: {type: string}}")
        return ()
    if not fields_node.is_map:
        diags.error(fields_node.location, f"fields of {label} must be a mapping")
        return ()
    result = []
    for field_name, (key, value) in fields_node.items.items():
        if not VARIABLE_NAME.match(field_name):
            diags.error(key.location, f"field name '{field_name}' is not valid")
            continue
        spec = _variable(field_name, value, diags, FIELD_TYPES)
        if spec is not None:
            result.append(spec)
    return tuple(result)


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) describing clause files, for editors and readers."""
    localized = {
        "oneOf": [
            {"type": "string"},
            {"type": "object", "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
             "additionalProperties": {"type": "string"}},
        ]
    }
    field_spec: dict[str, Any] = {
        "type": "object",
        "required": ["type"],
        "additionalProperties": False,
        "properties": {
            "type": {"enum": list(FIELD_TYPES)},
            "required": {"type": "boolean", "default": False},
            "default": {},
            "help": {"type": "string"},
            "example": {},
            "choices": {"type": "array", "items": {"type": "string"}},
        },
    }
    variable_spec = {
        **field_spec,
        "properties": {
            **field_spec["properties"],
            "type": {"enum": list(VARIABLE_TYPES)},
            "held": {"type": "boolean"},
            "fields": {"type": "object",
                       "propertyNames": {"pattern": VARIABLE_NAME.pattern},
                       "additionalProperties": field_spec},
        },
    }
    slug = {"type": "string", "pattern": SLUG.pattern, "maxLength": SLUG_MAX}
    properties = {
        "id": slug,
        "title": localized,
        "kind": {"enum": list(CLAUSE_KINDS)},
        "topics": {"type": "array", "items": slug},
        "addressees": {"type": "array", "items": {"enum": list(ADDRESSEES)}},
        "variables": {"type": "object", "propertyNames": {"pattern": VARIABLE_NAME.pattern},
                      "additionalProperties": variable_spec},
        "text": {"type": "object", "required": ["en"],
                 "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                 "additionalProperties": {"type": "string", "maxLength": MAX_TEXT_CHARS}},
        "addressee": {"enum": list(ADDRESSEES)},
        "forms": {"type": "object", "propertyNames": {"enum": list(CLAUSE_FORMS)},
                  "additionalProperties": {
                      "type": "object", "required": ["en"],
                      "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                      "additionalProperties": {"type": "string",
                                               "maxLength": MAX_TEXT_CHARS}}},
        "legal_basis": {"type": "array", "items": {"oneOf": [
            {"type": "string"},
            {"type": "object",
             "properties": {"checked": {
                 "type": "object", "required": list(CHECK_FIELDS),
                 "additionalProperties": False,
                 "properties": {"on": {"type": "string", "format": "date"},
                                "source": {"type": "string"},
                                "read": {"enum": list(REFERENCE_READINGS)}}}},
             "patternProperties": {LANGUAGE_CODE.pattern: {"type": "string"}},
             "additionalProperties": False},
        ]}},
        "sources": {"type": "array", "items": {"type": "string"}},
        "keywords": {"type": "object", "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                     "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "version": {"type": "string"},
        "change": {"enum": list(CHANGE_CLASSES)},
        "updated": {"type": "string", "format": "date"},
        "synced": {"type": "object", "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                   "additionalProperties": {"type": "string", "pattern": SYNC_HASH.pattern}},
    }
    for name, description in CLAUSE_FIELDS.items():
        properties[name] = {"description": description, **properties[name]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "csp-draft clause",
        "type": "object",
        "required": list(REQUIRED_CLAUSE_FIELDS),
        "additionalProperties": False,
        "properties": properties,
    }
