"""Clause data for people and programs: JSON records and new clause skeletons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from csp_draft.errors import CspDraftError, Location
from csp_draft.fsio import atomic_write
from csp_draft.models.data import (
    CLAUSE_KINDS,
    Clause,
    ClauseSummary,
    CountryName,
    LocalizedText,
    VariableSpec,
)
from csp_draft.models.people import PersonRef


def jsonable(value: Any) -> Any:
    """Dates as ISO text, a country by its code, per-language values as plain mappings,
    recursively."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, CountryName) and value.code:
        return value.code
    if isinstance(value, LocalizedText | dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, PersonRef):  # as written: the record's id
        return value.id
    return value


def variable_to_dict(spec: VariableSpec) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": spec.name,
        "type": spec.type,
        "required": spec.required,
        "default": jsonable(spec.default),
        "help": spec.help,
        "example": jsonable(spec.example),
    }
    if spec.choices:
        record["choices"] = list(spec.choices)
    if spec.fields:
        record["fields"] = [variable_to_dict(field) for field in spec.fields]
    return record


def clause_summary(clause: Clause | ClauseSummary) -> dict[str, Any]:
    """The fields `clauses list --json` prints for each clause."""
    return {
        "id": clause.id,
        "title": dict(clause.title),
        "kind": clause.kind,
        "topics": list(clause.topics),
        "addressees": list(clause.addressees),
        "languages": list(clause.languages),
        "library": clause.library,
        "path": str(clause.path),
    }


def clause_to_dict(clause: Clause) -> dict[str, Any]:
    """Every field of a clause, for `clauses show --json`."""
    return {
        **clause_summary(clause),
        "variables": [variable_to_dict(spec) for spec in clause.variables.values()],
        "text": dict(clause.text),
        "addressee": clause.addressee,
        "forms": {form: dict(texts) for form, texts in clause.forms.items()},
        "legal_basis": [jsonable(reference) for reference in clause.legal_basis],
        # One per reference: {on, source, read}, or None where it was never checked.
        "legal_checks": [None if check is None else {
            "on": check.on.isoformat(), "source": check.source, "read": check.read}
            for check in clause.legal_checks],
        "sources": list(clause.sources),
        "version": clause.version,
        "updated": jsonable(clause.updated),
    }


def skeleton(clause_id: str, *, topics: list[str], kind: str, today: dt.date) -> str:
    """A commented clause file that passes `clauses check` once its texts are written."""
    topic_list = ", ".join(topics)
    return f"""\
# A csp-draft clause. Fill in the titles and texts, then run `csp-draft clauses check`.
# The format: `csp-draft help clause-format`, or `csp-draft clauses schema`.
id: {clause_id}
title:
  en: ""  # a short English title, as it should appear in lists
  ru: ""  # the same title in Russian
kind: {kind}  # one of: {", ".join(CLAUSE_KINDS)}
topics: [{topic_list}]
addressees: []  # e.g. [participating-states, odihr]
variables: {{}}
# Example of a variable, to use as {{{{ country }}}} in the texts:
#   country:
#     type: string
#     required: true
#     help: Country whose authorities are addressed
#     example: Belarus
text:
  en: ""  # the clause in English (Markdown; values as {{{{ name }}}})
  ru: ""  # the clause in Russian
legal_basis: []  # e.g. ["ICCPR, art. 19"]
sources: []  # documents that used this clause
version: "1"
updated: {today.isoformat()}
"""


def write_skeleton(folder: Path, clause_id: str, *, topics: list[str], kind: str,
                   force: bool = False, today: dt.date | None = None) -> Path:
    """Write a new clause file ``folder/clause_id.yaml``; never overwrites without force."""
    from csp_draft.library.schema import SLUG, SLUG_MAX  # not at the top: listing never loads YAML

    if not SLUG.match(clause_id) or len(clause_id) > SLUG_MAX:
        raise CspDraftError(f"id '{clause_id}' is not a slug",
                            hint="use lowercase letters, digits and single hyphens")
    bad_topics = [topic for topic in topics if not SLUG.match(topic)]
    if bad_topics:
        raise CspDraftError(f"topic '{bad_topics[0]}' is not a slug",
                            hint="use lowercase letters, digits and single hyphens")
    if kind not in CLAUSE_KINDS:
        raise CspDraftError(f"unknown kind '{kind}'", hint="use one of " + ", ".join(CLAUSE_KINDS))
    path = folder / f"{clause_id}.yaml"
    if path.exists() and not force:
        raise CspDraftError("file exists already", hint="choose another id or pass --force",
                            location=Location.of_file(path))
    folder.mkdir(parents=True, exist_ok=True)
    text = skeleton(clause_id, topics=topics, kind=kind, today=today or dt.date.today())
    atomic_write(path, text)
    return path
