"""What ``check`` says about the people a draft names: a demand the case record
contradicts (the release of someone already free or dead), and records checked too long
ago to trust before a document goes out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from csp_draft.errors import CspDraftError, DiagnosticCollector
from csp_draft.models.people import Person, PersonRef

if TYPE_CHECKING:
    from csp_draft.drafts.read import ResolvedItem
    from csp_draft.library.load import Library


def look_up_people(value: list[Any], library: Library, diags: DiagnosticCollector
                    ) -> list[Any]:
    """The value with each case-record id replaced by its record; an unknown id is an
    error at the place it is written."""
    if not any(isinstance(item, PersonRef) for item in value):
        return value
    try:
        people = library.people
    except CspDraftError as error:  # a broken record file: its own problems say why (once)
        diags.extend(d for d in error.diagnostics if d not in diags.items)
        return value
    result = []
    for item in value:
        if isinstance(item, PersonRef):
            person = people.get(item.id)
            if person is None:
                diags.error(item.location, f"no case record '{item.id}'",
                            people.suggest(item.id) + "; quote a one-off name to write it "
                            "as text")
                continue
            item = person
        result.append(item)
    return result


def named_people(entry: ResolvedItem) -> Iterator[tuple[str, Person]]:
    """(variable, record) for every case record an item's values name."""
    if entry.clause is None:
        return
    for name, spec in entry.clause.variables.items():
        if spec.type != "people":
            continue
        value: Any = entry.values.get(name) or []
        for item in value:
            if isinstance(item, Person):
                yield name, item


def report_people(resolved: Sequence[ResolvedItem], diags: DiagnosticCollector, *,
                  today: dt.date | None, freshness_days: int) -> None:
    """Warn where a demand contradicts a record and, given ``today``, where a record was
    last checked more than ``freshness_days`` ago (once per record)."""
    stale_seen: set[str] = set()
    for entry in resolved:
        clause = entry.clause
        if clause is None:
            continue
        for variable, person in named_people(entry):
            current = person.current
            english = person.name.form("en")
            if clause.variables[variable].held and not person.held:
                diags.warning(
                    entry.item.location,
                    f"{entry.ref} ({clause.id}) demands the release of {english} "
                    f"('{person.id}'), but the case record says {current.describe()}",
                    f"source: {current.source}, checked {current.checked.isoformat()}; take "
                    f"the name out of '{variable}', or correct the record with `csp-draft "
                    f"people verify {person.id} --status STATE --source URL`")
            if today is not None and person.id not in stale_seen and person.is_stale(
                today, freshness_days
            ):
                stale_seen.add(person.id)
                age = (today - person.checked).days
                diags.warning(
                    entry.item.location,
                    f"the case record '{person.id}' named at {entry.ref} was last checked "
                    f"on {person.checked.isoformat()}, {age} days ago (the freshness window "
                    f"is {freshness_days} days)",
                    f"check its source and re-stamp it: `csp-draft people verify {person.id} "
                    f"--status {current.state} --source URL`")
