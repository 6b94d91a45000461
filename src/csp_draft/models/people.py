"""Case records: the people a document names, with their names in each case and their status.

One YAML file per person (``people/ID.yaml``; the format is in docs/people-format.md). A
record gives the person's name per language, with the Russian case forms a sentence needs
(«освободить Алеся Беляцкого» takes the accusative), the country (ISO code), the status
history (detained, sentenced, released, exile, deceased), each entry with the source it
rests on and the day it was last checked, and whether the person is sensitive (a public
document then describes them instead of naming them).

Clause values name a person by the record's id (:class:`PersonRef`); the draft reader
looks the id up, and the ``people`` filter renders the form the sentence asks for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from csp_draft.errors import DiagnosticCollector, Location
from csp_draft.suggest import did_you_mean

if TYPE_CHECKING:  # records are read rarely: the YAML reader loads when one is
    from csp_draft.yamlio.located import Node

PERSON_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
STATES = ("detained", "sentenced", "released", "exile", "deceased")
HELD_STATES = frozenset({"detained", "sentenced"})  # a demand for release fits these
# Grammatical cases a name may be given in: nominative, genitive, accusative, dative,
# instrumental, prepositional. A language that declines names needs at least REQUIRED_CASES.
CASES = ("nom", "gen", "acc", "dat", "ins", "prep")
REQUIRED_CASES: dict[str, tuple[str, ...]] = {"ru": ("nom", "gen", "acc", "dat")}
RECORD_FIELDS = ("id", "name", "country", "sensitive", "description", "status")
ENTRY_FIELDS = ("state", "on", "years", "note", "source", "checked")
DEFAULT_FRESHNESS_DAYS = 30
MAX_RECORD_BYTES = 64 * 1024
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")


class Name(dict[str, dict[str, str]]):
    """Words per language and case: ``{en: {nom: Ales Bialiatski}, ru: {nom: ..., acc: ...}}``.
    A language written as one text has that text in every case."""

    def form(self, lang: str, case: str | None = None, fallback: str = "en") -> str:
        forms = self.get(lang) or self.get(fallback) or next(iter(self.values()), {})
        return forms.get(case or "nom") or forms.get("nom") or next(iter(forms.values()), "")

    def has_language(self, lang: str) -> bool:
        return lang in self


@dataclass(frozen=True)
class PersonRef:
    """A clause value naming a case record by id, not yet looked up."""

    id: str
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class StatusEntry:
    """One fact of a person's status history, with its source and the day it was checked."""

    state: str
    on: dt.date
    source: str
    checked: dt.date
    years: float | None = None  # the length of a sentence
    note: str = ""
    location: Location | None = field(default=None, compare=False)

    def describe(self) -> str:
        """``released on 2025-12-13``, ``sentenced on 2023-03-03 to 10 years``."""
        words = {"detained": "detained since", "sentenced": "sentenced on",
                 "released": "released on", "exile": "in exile since",
                 "deceased": "deceased on"}[self.state]
        text = f"{words} {self.on.isoformat()}"
        if self.years is not None:
            years = int(self.years) if float(self.years).is_integer() else self.years
            text += f" to {years} year{'s' if years != 1 else ''}"
        return text


@dataclass(frozen=True)
class Person:
    """One case record."""

    id: str
    name: Name
    country: str  # ISO 3166-1 alpha-2
    status: tuple[StatusEntry, ...]
    sensitive: bool = False
    description: Name = field(default_factory=Name)  # how a public document refers to them
    path: Path | None = field(default=None, compare=False)
    library: str = field(default="", compare=False)

    @property
    def current(self) -> StatusEntry:
        """The latest entry (by date; of entries on one day, the one written last)."""
        return max(enumerate(self.status), key=lambda pair: (pair[1].on, pair[0]))[1]

    @property
    def held(self) -> bool:
        return self.current.state in HELD_STATES

    @property
    def checked(self) -> dt.date:
        """The day the current status was last checked."""
        return self.current.checked

    def is_stale(self, today: dt.date, days: int) -> bool:
        return (today - self.checked).days > days


def conceal(value: object) -> object:
    """``value`` with each sensitive person replaced by their description, for a public
    document (the description says where they are from: no country is added)."""
    if isinstance(value, Person):
        return replace(value, name=value.description, country="") if value.sensitive \
            else value
    if isinstance(value, list):
        return [conceal(item) for item in value]
    return value


class People(Mapping[str, Person]):
    """The case records on the search path, by id (a later folder overrides an earlier)."""

    def __init__(self, records: Mapping[str, Person] | None = None) -> None:
        self._records = dict(records or {})

    def __getitem__(self, person_id: str) -> Person:
        return self._records[person_id]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._records))

    def __len__(self) -> int:
        return len(self._records)

    def suggest(self, person_id: str) -> str:
        return did_you_mean(person_id, self._records) or \
            "list the records with `csp-draft people list`"


# --- reading a record -------------------------------------------------------------------------

def read_person(node: Node, path: Path, diags: DiagnosticCollector, library: str = ""
                ) -> Person | None:
    """The record in ``node`` (read from ``path``), or None after recording its problems."""
    before = len(diags.errors)
    if not node.is_map:
        diags.error(node.location, f"a case record must be a mapping, not {node.describe()}",
                    "see `csp-draft help people-format`")
        return None
    for key, (key_node, _) in node.items.items():
        if key not in RECORD_FIELDS:
            diags.error(key_node.location, f"unknown field '{key}' in a case record",
                        did_you_mean(key, RECORD_FIELDS) or "use " + ", ".join(RECORD_FIELDS))
    person_id = _id(node, path, diags)
    name = _name(node.get("name"), node, diags, "name", required=True)
    country = _country(node, diags)
    sensitive = False
    if "sensitive" in node.items:
        value = node.get("sensitive")
        if value.is_plain and isinstance(value.scalar_value(), bool):
            sensitive = value.scalar_value()
        else:
            diags.error(value.location, "'sensitive' must be true or false")
    description = _name(node.get("description"), node, diags, "description",
                        required=sensitive)
    status = _status(node, diags)
    if len(diags.errors) > before or person_id is None or name is None or country is None:
        return None
    return Person(person_id, name, country, tuple(status), sensitive,
                  description or Name(), path, library)


def _id(node: Node, path: Path, diags: DiagnosticCollector) -> str | None:
    value = node.get("id")
    if value is None:
        diags.error(node.location, "the case record has no 'id'",
                    f"add 'id: {path.stem}' (the file name without .yaml)")
        return None
    text = value.text if value.is_scalar else ""
    if not PERSON_ID.match(text):
        diags.error(value.location, f"'{text}' is not a valid id",
                    "use lowercase letters, digits and hyphens, e.g. bialiatski")
        return None
    if text != path.stem:
        diags.error(value.location, f"the id '{text}' differs from the file name "
                    f"'{path.name}'", f"name the file {text}.yaml or change the id")
        return None
    return text


def _name(value: Node | None, parent: Node, diags: DiagnosticCollector, label: str, *,
          required: bool) -> Name | None:
    if value is None:
        if required:
            hint = ("a sensitive person needs one: how a public document refers to them, e.g. "
                    "{en: a human-rights defender from Turkmenistan, ru: {nom: правозащитник "
                    "из Туркменистана, acc: правозащитника из Туркменистана, ...}}"
                    if label == "description" else "e.g. name: {en: Ales Bialiatski, ru: "
                    "{nom: Алесь Беляцкий, gen: Алеся Беляцкого, acc: Алеся Беляцкого, "
                    "dat: Алесю Беляцкому}}")
            diags.error(parent.location, f"the case record has no '{label}'", hint)
        return None
    return read_name(value, diags, f"'{label}'")


def read_name(value: Node, diags: DiagnosticCollector, label: str, *, complete: bool = True
              ) -> Name | None:
    """A name per language, each one text or a mapping of case to text. With ``complete``
    (a case record), a language in :data:`REQUIRED_CASES` needs each of them; a one-off
    name in a draft needs only its nominative (a case it lacks reads as the nominative)."""
    if not value.is_map or not value.items:
        diags.error(value.location, f"{label} must be a mapping of language to name, not "
                    f"{value.describe()}", "e.g. {en: Ales Bialiatski, ru: {nom: ..., "
                    "gen: ..., acc: ..., dat: ...}}")
        return None
    result = Name()
    failed = False
    for lang, (key, words) in value.items.items():
        if not _LANG.match(lang):
            diags.error(key.location, f"'{lang}' in {label} is not a language code",
                        "use codes such as en or ru")
            failed = True
            continue
        if words.is_scalar and words.text.strip():
            if complete and lang in REQUIRED_CASES:
                diags.error(words.location, f"{label} in '{lang}' needs its case forms",
                            "write " + ", ".join(f"{case}: ..." for case in
                                                 REQUIRED_CASES[lang]) + " as a mapping")
                failed = True
                continue
            result[lang] = {"nom": words.text.strip()}
            continue
        if not words.is_map:
            diags.error(words.location, f"{label} in '{lang}' must be text or a mapping of "
                        f"case to text, not {words.describe()}")
            failed = True
            continue
        forms: dict[str, str] = {}
        for case, (case_key, text) in words.items.items():
            if case not in CASES:
                diags.error(case_key.location, f"unknown case '{case}' in {label} ({lang})",
                            did_you_mean(case, CASES) or "use " + ", ".join(CASES))
                failed = True
            elif not text.is_scalar or not text.text.strip():
                diags.error(text.location, f"the {case} of {label} ({lang}) must be text")
                failed = True
            else:
                forms[case] = text.text.strip()
        needed = REQUIRED_CASES.get(lang, ("nom",)) if complete else ("nom",)
        missing = [case for case in needed if case not in forms]
        if missing:
            diags.error(words.location, f"{label} in '{lang}' lacks the case form"
                        f"{'s' if len(missing) > 1 else ''} " + ", ".join(missing),
                        "a sentence may need any of " + ", ".join(needed))
            failed = True
        result[lang] = forms
    return None if failed else result


def _country(node: Node, diags: DiagnosticCollector) -> str | None:
    from csp_draft.i18n import is_country_code

    value = node.get("country")
    if value is None:
        diags.error(node.location, "the case record has no 'country'",
                    "give the ISO code of the country that holds or held the person, e.g. BY")
        return None
    text = value.text if value.is_scalar else ""
    if not is_country_code(text):
        diags.error(value.location, f"'{text}' is not an ISO country code",
                    "use two capital letters, e.g. BY, KZ, AZ")
        return None
    return text


def _status(node: Node, diags: DiagnosticCollector) -> list[StatusEntry]:
    value = node.get("status")
    if value is None or not value.is_seq or not value.children:
        diags.error(value.location if value is not None else node.location,
                    "the case record needs a 'status' list with at least one entry",
                    "e.g. status: [{state: detained, on: 2021-07-14, source: URL, "
                    "checked: 2026-12-01}]")
        return []
    entries = []
    for number, child in enumerate(value.children, 1):
        entry = _entry(child, diags, f"status entry {number}")
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(node: Node, diags: DiagnosticCollector, label: str) -> StatusEntry | None:
    if not node.is_map:
        diags.error(node.location, f"{label} must be a mapping, not {node.describe()}")
        return None
    before = len(diags.errors)
    for key, (key_node, _) in node.items.items():
        if key not in ENTRY_FIELDS:
            diags.error(key_node.location, f"unknown field '{key}' in {label}",
                        did_you_mean(key, ENTRY_FIELDS) or "use " + ", ".join(ENTRY_FIELDS))
    state = _required_text(node, "state", diags, label)
    if state is not None and state not in STATES:
        diags.error(node.get("state").location, f"unknown state '{state}' in {label}",
                    did_you_mean(state, STATES) or "use one of " + ", ".join(STATES))
    on = _date(node, "on", diags, label)
    source = _required_text(node, "source", diags, label,
                            hint="where the fact is published: a URL or a document")
    checked = _date(node, "checked", diags, label,
                    hint="the day someone last checked the source, YYYY-MM-DD")
    years = None
    if "years" in node.items:
        raw = node.get("years")
        number = raw.scalar_value() if raw.is_plain else None
        if isinstance(number, bool) or not isinstance(number, int | float) or not (
            0 < number < 200
        ):
            diags.error(raw.location, f"'years' of {label} must be a number of years, "
                        f"not {raw.describe()}", "e.g. years: 10 or years: 4.5")
        elif state != "sentenced":
            diags.error(raw.location, f"'years' applies to a sentenced entry, not to "
                        f"'{state}'")
        else:
            years = number
    note = ""
    if "note" in node.items:
        raw = node.get("note")
        if raw.is_scalar:
            note = raw.text
        else:
            diags.error(raw.location, f"'note' of {label} must be text")
    if len(diags.errors) > before or state is None or on is None or source is None or (
        checked is None
    ):
        return None
    if checked < on:
        diags.error(node.get("checked").location, f"{label} was checked ({checked}) before "
                    f"the day it reports ({on})", "correct one of the dates")
        return None
    return StatusEntry(state, on, source, checked, years, note, node.location)


def _required_text(node: Node, key: str, diags: DiagnosticCollector, label: str, *,
                   hint: str = "") -> str | None:
    value = node.get(key)
    if value is None:
        diags.error(node.location, f"{label} has no '{key}'", hint)
        return None
    if not value.is_scalar or not value.text.strip():
        diags.error(value.location, f"'{key}' of {label} must be text, not {value.describe()}",
                    hint)
        return None
    return value.text.strip()


def _date(node: Node, key: str, diags: DiagnosticCollector, label: str, *,
          hint: str = "") -> dt.date | None:
    value = node.get(key)
    if value is None:
        diags.error(node.location, f"{label} has no '{key}'", hint or "a date, YYYY-MM-DD")
        return None
    text = value.text if value.is_scalar else ""
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    diags.error(value.location, f"'{key}' of {label} must be a date written YYYY-MM-DD, "
                f"not '{text}'" if value.is_scalar else f"'{key}' of {label} must be a date")
    return None
