"""The data csp-draft works with: clauses, their variables, drafts and signatories.

All are frozen: loaders build them once from checked YAML; editing commands change the
YAML file (keeping the user's comments) and load it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from csp_draft.errors import Location

VARIABLE_TYPES = ("string", "text", "date", "number", "boolean", "choice", "country", "list",
                  "records", "people")
FIELD_TYPES = ("string", "text", "date", "number", "boolean", "choice", "country")

CLAUSE_KINDS = (
    "preamble", "finding", "concern", "recommendation", "demand", "call", "goal", "value",
    "closing", "salutation",
)

# Addressee ids with their names in each working language (used in listings and templates).
ADDRESSEES: dict[str, dict[str, str]] = {
    "participating-states": {"en": "OSCE participating States",
                             "ru": "государства — участники ОБСЕ"},
    "ministerial-council": {"en": "the OSCE Ministerial Council", "ru": "Совет министров ОБСЕ"},
    "chairperson-in-office": {"en": "the OSCE Chairperson-in-Office",
                              "ru": "Действующий председатель ОБСЕ"},
    "permanent-council": {"en": "the OSCE Permanent Council", "ru": "Постоянный совет ОБСЕ"},
    "osce-pa": {"en": "the OSCE Parliamentary Assembly", "ru": "Парламентская ассамблея ОБСЕ"},
    "odihr": {"en": "ODIHR", "ru": "БДИПЧ"},
    "hcnm": {"en": "the High Commissioner on National Minorities",
             "ru": "Верховный комиссар по делам национальных меньшинств"},
    "rfom": {"en": "the Representative on Freedom of the Media",
             "ru": "Представитель по вопросам свободы СМИ"},
    "conflict-prevention-centre": {"en": "the Conflict Prevention Centre",
                                   "ru": "Центр по предотвращению конфликтов"},
    "field-missions": {"en": "OSCE field missions", "ru": "полевые миссии ОБСЕ"},
    "government": {"en": "the government concerned", "ru": "правительство соответствующей страны"},
    "eu": {"en": "the European Union", "ru": "Европейский союз"},
    "un-hrc": {"en": "the UN Human Rights Council", "ru": "Совет ООН по правам человека"},
    "un-special-rapporteurs": {"en": "UN Special Rapporteurs", "ru": "специальные докладчики ООН"},
    "international-community": {"en": "the international community",
                                "ru": "международное сообщество"},
    "ifis": {"en": "international financial institutions",
             "ru": "международные финансовые институты"},
    "civil-society": {"en": "civil society", "ru": "гражданское общество"},
}

# The forms a clause may carry besides its text: operative (a verb phrase that reads after
# "Calls upon X to" / «Призывает X»), preambular (opens with a participle or adjective),
# spoken (a sentence of a speech: "We call on ...").
CLAUSE_FORMS = ("operative", "preambular", "spoken")
# The clause kinds that take each form; a clause of another kind (a preamble sentence, a
# goal, a closing) stands as written wherever it is put.
KINDS_WITH_FORM: dict[str, frozenset[str]] = {
    "operative": frozenset({"recommendation", "demand", "call"}),
    "preambular": frozenset({"concern", "finding"}),
    "spoken": frozenset({"recommendation", "demand", "call"}),
}

DEFAULT_LANGUAGES = ("en", "ru")
SIGNATORY_STATUSES = ("confirmed", "pending", "withdrawn")


class LocalizedText(dict[str, str]):
    """A value written once per language, e.g. ``{en: Ales Bialiatsky, ru: Алесь Беляцкий}``."""

    def pick(self, lang: str, fallback: str | None = None) -> str | None:
        if lang in self:
            return self[lang]
        if fallback and fallback in self:
            return self[fallback]
        return None


class CountryName(LocalizedText):
    """A country given by its ISO 3166 code (``KG``), named in each language; ``code`` keeps
    the code, which is what is stored and written back."""

    code: str = ""


Text = str | LocalizedText


def has_language(value: Text, lang: str) -> bool:
    """True when ``value`` reads in ``lang`` (plain text counts for every language)."""
    return not isinstance(value, LocalizedText) or lang in value


def localize(value: Text, lang: str, fallback: str = "en") -> str:
    """The text of ``value`` in ``lang`` (or the fallback, or any language it has)."""
    if isinstance(value, LocalizedText):
        chosen = value.pick(lang, fallback)
        if chosen is None:
            chosen = next(iter(value.values()), "")
        return chosen
    return value


REFERENCE_READINGS = ("primary", "secondary")


@dataclass(frozen=True, slots=True)
class ReferenceCheck:
    """What was checked of one legal reference: on which day, against which text, and
    whether the provision itself was read (``primary``) or only a report of it
    (``secondary``)."""

    on: dt.date
    source: str
    read: str


@dataclass(frozen=True, slots=True)
class VariableSpec:
    """A typed value a clause text needs; ``fields`` describe the records of ``records``."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    help: str = ""
    example: Any = None
    choices: tuple[str, ...] = ()
    fields: tuple[VariableSpec, ...] = ()
    location: Location | None = None
    # For ``people``: the text demands their release, so each must still be held (check).
    held: bool = False

    @property
    def type_label(self) -> str:
        if self.type == "choice":
            return "choice of " + ", ".join(self.choices)
        if self.type == "records":
            return "list of {" + ", ".join(f.name for f in self.fields) + "}"
        if self.type == "list":
            return "list of strings"
        if self.type == "people":
            return "list of people (case-record ids or names)"
        return self.type

    def field(self, name: str) -> VariableSpec | None:
        return next((f for f in self.fields if f.name == name), None)


class ClauseSummary(NamedTuple):
    """What a listing shows of a clause: no texts, variables or legal basis."""

    id: str
    title: LocalizedText
    kind: str
    topics: tuple[str, ...]
    addressees: tuple[str, ...]
    languages: tuple[str, ...]
    library: str
    path: str

    def title_in(self, lang: str) -> str:
        return localize(self.title, lang)


@dataclass(frozen=True, slots=True)
class Clause:
    """One reusable clause from a library file."""

    id: str
    title: LocalizedText
    kind: str
    topics: tuple[str, ...]
    addressees: tuple[str, ...]
    variables: dict[str, VariableSpec]
    text: dict[str, str]
    legal_basis: tuple[Text, ...]  # each reference as one text or one per language
    sources: tuple[str, ...]
    version: str
    updated: dt.date | None
    path: Path
    # Line (1-based) of each language's text in the file, to point template errors at it.
    text_lines: dict[str, int] = field(default_factory=dict)
    library: str = ""
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)  # search words
    # One entry per legal_basis item: its check record (None when it has none), and the
    # line it is written on.
    legal_checks: tuple[ReferenceCheck | None, ...] = ()
    legal_lines: tuple[int, ...] = ()
    # The clause as it stands in a position of a document (see CLAUSE_FORMS), per language,
    # with the line of each text; a clause without a form is used by its ``text``.
    forms: dict[str, dict[str, str]] = field(default_factory=dict)
    form_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    addressee: str | None = None  # the one body its operative form speaks to
    # Hash of each language's texts when they were last in step (csp_draft.library.sync),
    # and the line of that record.
    synced: dict[str, str] = field(default_factory=dict)
    synced_line: int = 0

    def speaks_to(self) -> str | None:
        """The clause's addressee: its own, or its only one of ``addressees``."""
        if self.addressee is not None:
            return self.addressee
        return self.addressees[0] if len(self.addressees) == 1 else None

    def as_form(self, form: str) -> Clause | None:
        """This clause with ``form``'s texts as its texts (None: it has no such form), to
        render through the same machinery; its id names the form, so that compiled
        templates are kept apart."""
        texts = self.forms.get(form)
        if not texts:
            return None
        return replace(self, id=f"{self.id}#{form}", text=dict(texts),
                       text_lines=dict(self.form_lines.get(form, {})))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.text)

    def title_in(self, lang: str) -> str:
        return localize(self.title, lang)

    def summary(self) -> ClauseSummary:
        return ClauseSummary(self.id, self.title, self.kind, self.topics, self.addressees,
                             self.languages, self.library, str(self.path))

    def legal_basis_in(self, lang: str) -> list[str]:
        """The legal references written for ``lang`` (English where it has none)."""
        return [localize(reference, lang) for reference in self.legal_basis]

    def example_values(self) -> dict[str, Any]:
        return {
            name: spec.example if spec.example is not None else spec.default
            for name, spec in self.variables.items()
        }
