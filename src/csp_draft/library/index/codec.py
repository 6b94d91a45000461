"""Clauses, their problems and their skeletons as JSON, for the index's rows.

A cache file may come from elsewhere (a workspace folder copied or committed by mistake),
so a row is never trusted: JSON is decoded field by field, every type checked, into the
frozen dataclasses of :mod:`csp_draft.models.data`; any unexpected shape raises
:class:`IndexUnusable`, and the index is then rebuilt from the clause files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csp_draft.errors import Diagnostic, Location
from csp_draft.models.data import (
    Clause,
    ClauseSummary,
    CountryName,
    LocalizedText,
    ReferenceCheck,
    VariableSpec,
)
from csp_draft.models.people import Name, PersonRef

if TYPE_CHECKING:
    from csp_draft.library.shapes import Skeleton

_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_TAG = re.compile(r"\{[%#].*?[%#]\}", re.DOTALL)


class IndexUnusable(Exception):
    """The index cannot be read or trusted; callers fall back to reading the clause files
    and drop it, so that the next command builds it again."""


class IndexBusy(IndexUnusable):
    """Another command holds the index longer than we wait: read the files this time, but
    keep the index (it is not damaged)."""



def plain_text(text: str) -> str:
    """Clause text without Jinja tags, whitespace folded (for matching and snippets). Where
    a value goes stands "…" (no word, so never matched), so that a snippet reads
    "(…)" rather than "( )"."""
    return " ".join(_JINJA_TAG.sub(" ", _JINJA_VALUE.sub("…", text)).split())


def decode_skeletons(text: str) -> dict[str, Skeleton]:
    """Stored skeletons of a clause's texts, by language."""
    from csp_draft.library.shapes import Skeleton

    try:
        return {_str(lang): Skeleton.from_record(record)
                for lang, record in _dict(json.loads(text)).items()}
    except (ValueError, TypeError) as exc:
        raise IndexUnusable(f"malformed skeletons: {exc}") from None


def encode_clause(clause: Clause) -> str:
    """The clause as JSON (its path and library come from where the file is found)."""
    record = {
        "id": clause.id,
        "title": dict(clause.title),
        "kind": clause.kind,
        "topics": list(clause.topics),
        "addressees": list(clause.addressees),
        "variables": [_spec_record(spec) for spec in clause.variables.values()],
        "text": dict(clause.text),
        "text_lines": dict(clause.text_lines),
        "legal_basis": [dict(item) if isinstance(item, LocalizedText) else item
                        for item in clause.legal_basis],
        "legal_checks": [None if check is None else [check.on.isoformat(), check.source,
                                                     check.read]
                         for check in clause.legal_checks],
        "legal_lines": list(clause.legal_lines),
        "sources": list(clause.sources),
        "keywords": {lang: list(words) for lang, words in clause.keywords.items()},
        "version": clause.version,
        "updated": clause.updated.isoformat() if clause.updated else None,
        "forms": {form: dict(texts) for form, texts in clause.forms.items()},
        "form_lines": {form: dict(lines) for form, lines in clause.form_lines.items()},
        "addressee": clause.addressee,
        "synced": dict(clause.synced),
        "synced_line": clause.synced_line,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _spec_record(spec: VariableSpec) -> dict[str, Any]:
    record: dict[str, Any] = {"name": spec.name, "type": spec.type}
    if spec.required:
        record["required"] = True
    if spec.default is not None:
        record["default"] = _value_record(spec, spec.default)
    if spec.help:
        record["help"] = spec.help
    if spec.example is not None:
        record["example"] = _value_record(spec, spec.example)
    if spec.choices:
        record["choices"] = list(spec.choices)
    if spec.fields:
        record["fields"] = [_spec_record(field) for field in spec.fields]
    if spec.location is not None:
        record["at"] = [spec.location.line, spec.location.column]
    if spec.held:
        record["held"] = True
    return record


def _value_record(spec: VariableSpec, value: Any) -> Any:
    if value is None:
        return None
    kind = spec.type
    if kind == "date":
        return value.isoformat()
    if kind in ("string", "text"):
        return dict(value) if isinstance(value, LocalizedText) else value
    if kind == "country":  # the code, named again when read: the workspace's names may change
        return value.code if isinstance(value, CountryName) else dict(value)
    if kind == "list":
        return [dict(item) if isinstance(item, LocalizedText) else item for item in value]
    if kind == "records":
        records = []
        for record in value:
            encoded = {}
            for name, item in record.items():
                field = spec.field(name)
                encoded[name] = _value_record(field, item) if field else item
            records.append(encoded)
        return records
    if kind == "people":
        return [_person_record(item) for item in value]
    return value  # number, boolean, choice


def _person_record(item: Any) -> Any:
    """One item of a ``people`` value: an id, a name, or a free record, as JSON."""
    if isinstance(item, PersonRef):
        return {"id": item.id}
    if isinstance(item, Name):
        return {"cases": {lang: dict(forms) for lang, forms in item.items()}}
    if isinstance(item, LocalizedText):
        return {"text": dict(item)}
    if isinstance(item, dict):
        return {"record": {key: _person_record(part) for key, part in item.items()}}
    return item


def _person_value(raw: Any) -> Any:
    if type(raw) is str:
        return raw
    record = _dict(raw)
    if len(record) != 1:
        raise IndexUnusable("bad person")
    (key, inner), = record.items()
    if key == "id":
        return PersonRef(_str(inner))
    if key == "cases":
        return Name({lang: _str_map(forms) for lang, forms in _dict(inner).items()})
    if key == "text":
        return LocalizedText(_str_map(inner))
    if key == "record":
        return {_str(name): _person_value(part) for name, part in _dict(inner).items()}
    raise IndexUnusable("bad person")


def decode_clause(text: str, path: Path, library: str) -> Clause:
    """The clause stored as ``text``; any unexpected shape raises :class:`IndexUnusable`.

    Called ten thousand times by `clauses check`, so the checks are done in bulk (JSON
    gives only dicts, lists, strings, numbers, booleans and None; object keys are strings).
    """
    try:
        record = json.loads(text)
        where = str(path)
        updated = record["updated"]
        text_lines = _dict(record["text_lines"])
        if _kinds(text_lines.values()) - {int}:
            raise IndexUnusable("bad line numbers")
        return Clause(
            id=_str(record["id"]),
            title=LocalizedText(_str_map(record["title"])),
            kind=_str(record["kind"]),
            topics=_strings(record["topics"]),
            addressees=_strings(record["addressees"]),
            variables={spec.name: spec for spec in
                       (_spec(item, where) for item in _list(record["variables"]))},
            text=_str_map(record["text"]),
            legal_basis=tuple(LocalizedText(_str_map(item)) if isinstance(item, dict)
                              else _str(item) for item in _list(record["legal_basis"])),
            sources=_strings(record["sources"]),
            version=_str(record["version"]),
            updated=None if updated is None else dt.date.fromisoformat(_str(updated)),
            path=path,
            text_lines=text_lines,
            library=library,
            keywords={lang: _strings(words)
                      for lang, words in _dict(record["keywords"]).items()},
            legal_checks=tuple(_reference_check(item) for item in _list(record["legal_checks"])),
            legal_lines=_ints(record["legal_lines"]),
            forms={_str(form): _str_map(texts) for form, texts in _dict(record["forms"]).items()},
            form_lines={_str(form): _line_map(lines)
                        for form, lines in _dict(record["form_lines"]).items()},
            addressee=None if record["addressee"] is None else _str(record["addressee"]),
            synced=_str_map(record["synced"]),
            synced_line=_int(record["synced_line"]),
        )
    except IndexUnusable:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise IndexUnusable(f"malformed clause record: {exc}") from None


def _reference_check(item: Any) -> ReferenceCheck | None:
    if item is None:
        return None
    on, source, read = _list(item)
    return ReferenceCheck(on=dt.date.fromisoformat(_str(on)), source=_str(source),
                          read=_str(read))


def _ints(value: Any) -> tuple[int, ...]:
    items = tuple(_list(value))
    if _kinds(items) - {int}:
        raise IndexUnusable("bad line numbers")
    return items


def _line_map(value: Any) -> dict[str, int]:
    lines = _dict(value)
    if _kinds(lines.values()) - {int}:
        raise IndexUnusable("bad line numbers")
    return lines


def decode_summary(text: str, path: str, library: str) -> ClauseSummary:
    """What a listing shows of the clause stored as ``text``, without building the clause
    (its variables, texts and references); :class:`IndexUnusable` on any unexpected shape."""
    try:
        record = json.loads(text)
        return ClauseSummary(
            id=_str(record["id"]),
            title=LocalizedText(_str_map(record["title"])),
            kind=_str(record["kind"]),
            topics=_strings(record["topics"]),
            addressees=_strings(record["addressees"]),
            languages=tuple(_str_map(record["text"])),
            library=library,
            path=path,
        )
    except IndexUnusable:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise IndexUnusable(f"malformed clause record: {exc}") from None


def _spec(record: Any, where: str) -> VariableSpec:
    record = _dict(record)
    kind = _str(record["type"])
    fields = tuple(_spec(item, where) for item in _list(record["fields"])) if (
        "fields" in record) else ()
    at = record.get("at")
    location = None
    if at is not None:
        line, column = _list(at)
        if _kinds((line, column)) - {int}:
            raise IndexUnusable("bad location")
        location = Location(where, line, column)
    required, held = record.get("required", False), record.get("held", False)
    if type(required) is not bool or type(held) is not bool:
        raise IndexUnusable("bad required")
    default, example = record.get("default"), record.get("example")
    return VariableSpec(
        name=_str(record["name"]), type=kind, required=required,
        default=None if default is None else _value(kind, fields, default),
        help=_str(record.get("help", "")),
        example=None if example is None else _value(kind, fields, example),
        choices=_strings(record["choices"]) if "choices" in record else (),
        fields=fields, location=location, held=held,
    )


def _value(kind: str, fields: tuple[VariableSpec, ...], raw: Any) -> Any:
    """A value of a variable of type ``kind`` (with these record fields), as stored."""
    if raw is None:
        return None
    if kind in ("string", "text", "choice"):
        if kind != "choice" and type(raw) is dict:
            return LocalizedText(_str_map(raw))
        return _str(raw)
    if kind == "country":
        from csp_draft.models.values import country_value

        return country_value(_str(raw)) if type(raw) is str else LocalizedText(_str_map(raw))
    if kind == "date":
        return dt.date.fromisoformat(_str(raw))
    if kind == "number":
        if type(raw) not in (int, float):
            raise IndexUnusable("bad number")
        return raw
    if kind == "boolean":
        if type(raw) is not bool:
            raise IndexUnusable("bad boolean")
        return raw
    if kind == "list":
        return [LocalizedText(_str_map(item)) if type(item) is dict else _str(item)
                for item in _list(raw)]
    if kind == "records":
        by_name = {field.name: field for field in fields}
        records = []
        for record in _list(raw):
            decoded: dict[str, Any] = {}
            for name, item in _dict(record).items():
                field = by_name.get(name)
                if field is None:
                    raise IndexUnusable("record field without a spec")
                decoded[name] = _value(field.type, field.fields, item)
            records.append(decoded)
        return records
    if kind == "people":
        return [_person_value(item) for item in _list(raw)]
    raise IndexUnusable(f"unknown variable type {kind!r}")


def _kinds(values: Iterable[Any]) -> set[type]:
    return set(map(type, values))


def _str(value: Any) -> str:
    if type(value) is not str:
        raise IndexUnusable("expected text")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise IndexUnusable("expected an integer")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise IndexUnusable("expected a list")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise IndexUnusable("expected a mapping")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if _kinds(_list(value)) - {str}:
        raise IndexUnusable("expected a list of text")
    return tuple(value)


def _str_map(value: Any) -> dict[str, str]:
    if _kinds(_dict(value).values()) - {str}:
        raise IndexUnusable("expected a mapping of text")
    return value


def encode_diagnostics(diagnostics: Sequence[Diagnostic], path: Path | str) -> str:
    """Problems of one file as JSON; locations in the file itself are stored without its
    path, so they follow the file when the library is reached by another path."""
    here = str(path)
    records = []
    for diagnostic in diagnostics:
        record: dict[str, Any] = {"message": diagnostic.message, "hint": diagnostic.hint,
                                  "severity": diagnostic.severity}
        location = diagnostic.location
        if location is not None:
            record["at"] = [location.line, location.column]
            if location.path != here:
                record["path"] = location.path
        records.append(record)
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"))


def decode_diagnostics(text: str, path: Path | str) -> list[Diagnostic]:
    try:
        result = []
        for record in _list(json.loads(text)):
            record = _dict(record)
            location = None
            if "at" in record:
                line, column = _list(record["at"])
                location = Location(_str(record.get("path", str(path))), _int(line), _int(column))
            result.append(Diagnostic(location, _str(record["message"]), _str(record["hint"]),
                                     _str(record["severity"])))
        return result
    except IndexUnusable:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexUnusable(f"malformed problems record: {exc}") from None
