"""Asking for missing clause values on a terminal, one variable (and list item) at a time.

Each answer is checked at once against the variable's type, and asked again when it does
not fit; lists and records are asked item by item, an empty answer ends the list. In a draft
written in several languages a text is asked once per language (an answer the same in every
language is kept as one text), with the variable's help, which says what form the sentence
needs in each language.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

from csp_draft.drafts.assignments import Assignment, node_of, yaml_data
from csp_draft.errors import CspDraftError, DiagnosticCollector, Location
from csp_draft.models.data import Clause, VariableSpec
from csp_draft.models.people import PERSON_ID
from csp_draft.models.values import coerce_value
from csp_draft.textsafety import strip_control
from csp_draft.yamlio.located import load_yaml

if TYPE_CHECKING:
    from csp_draft.library.load import Library

_TEXT_TYPES = ("string", "text")
_YES = {"y", "yes", "true", "да"}
_NO = {"n", "no", "false", "нет"}


def is_interactive() -> bool:
    """True when a person can answer questions (standard input is a terminal)."""
    return sys.stdin.isatty()


def ask_coalition() -> str:
    """The coalition's name, asked on a terminal (the author of drafts and of tracked
    changes); empty when nobody can answer or the answer is empty."""
    if not is_interactive():
        return ""
    console = Console(stderr=True, highlight=False)
    answer = Prompt.ask("Name of the coalition (the author of drafts and tracked changes; "
                        "Enter to leave it empty)", console=console, default="",
                        show_default=False)
    return " ".join(answer.split())


def _safe(text: object) -> str:
    return escape(strip_control(str(text)))


class Asker:
    """Asks for the missing values of one clause on ``console`` (standard error)."""

    def __init__(self, console: Console, clause: Clause,
                 languages: tuple[str, ...] = ("en",), library: Library | None = None) -> None:
        self.console = console
        self.clause = clause
        self.library = library  # its case records answer a person's id
        self.languages = tuple(lang for lang in languages if lang in clause.text) or languages

    def ask_missing(self, names: list[str]) -> list[Assignment]:
        self.console.print(f"[bold]{_safe(self.clause.id)}[/bold] needs "
                           f"{len(names)} value{'s' if len(names) != 1 else ''} "
                           "(Ctrl-C stops without changing the draft)", soft_wrap=True)
        result = []
        for name in names:
            spec = self.clause.variables[name]
            self.console.print(f"[bold]{_safe(name)}[/bold] ({_safe(spec.type_label)})"
                               + (f": {_safe(spec.help)}" if spec.help else ""), soft_wrap=True)
            value = self._value(spec, name)
            location = Location(f"answer for {name}", 1, 1)
            result.append(Assignment(name, node_of(value, location), yaml_data(value),
                                     location.path))
        return result

    def _value(self, spec: VariableSpec, label: str) -> Any:
        if spec.type == "list":
            return self._list(spec, label)
        if spec.type == "records":
            return self._records(spec, label)
        if spec.type == "people":
            return self._people(spec, label)
        while True:
            value = self._scalar(spec, label, required=True)
            if value is not None:
                return value

    def _input(self, label: str, spec: VariableSpec | None = None) -> str:
        choices = f" [{'/'.join(spec.choices)}]" if spec is not None and spec.choices else ""
        try:
            answer = Prompt.ask(f"  {_safe(label)}{_safe(choices)}", console=self.console,
                                default="", show_default=False)
        except EOFError:
            raise CspDraftError("the input ended before every value was given; the draft was "
                                "not changed", hint="give the values with --set NAME=VALUE"
                                ) from None
        return strip_control(answer).strip()

    def _scalar(self, spec: VariableSpec, label: str, *, required: bool) -> Any:
        """One checked answer; None for an empty answer (asked again when required)."""
        if spec.type in _TEXT_TYPES and len(self.languages) > 1:
            return self._per_language(spec, label, required=required)
        while True:
            answer = self._input(label, spec)
            if not answer:
                if not required:
                    return None
                self.console.print("  [red]a value is needed[/red]")
                continue
            value = self._check(spec, answer, label)
            if value is not None:
                return value

    def _per_language(self, spec: VariableSpec, label: str, *, required: bool) -> Any:
        """A text in each language; the first empty answer may end a list (None)."""
        one = VariableSpec(name=spec.name, type="string")
        versions: dict[str, str] = {}
        for position, lang in enumerate(self.languages):
            while lang not in versions:
                answer = self._input(f"{label} [{lang}]")
                if not answer:
                    if position == 0 and not required:
                        return None
                    self.console.print(f"  [red]a value is needed in '{lang}'[/red]")
                    continue
                value = self._check(one, answer, f"{label} [{lang}]")
                if value is not None:
                    versions[lang] = value
        if len(set(versions.values())) == 1:
            return versions[self.languages[0]]
        return versions

    def _check(self, spec: VariableSpec, answer: str, label: str) -> Any:
        location = Location(f"answer for {label}", 1, 1)
        diags = DiagnosticCollector()
        if spec.type in _TEXT_TYPES:
            value = coerce_value(spec, node_of(answer, location), diags, what=f"'{label}'")
        else:
            if spec.type == "boolean" and answer.lower() in _YES | _NO:
                answer = "true" if answer.lower() in _YES else "false"
            try:
                node = load_yaml(answer, location.path)
            except CspDraftError as error:
                diags.extend(error.diagnostics)
                node = None
            value = coerce_value(spec, node, diags, what=f"'{label}'") if node else None
        for diagnostic in diags.errors:
            self.console.print(f"  [red]{_safe(diagnostic.message)}[/red]"
                               + (f" ({_safe(diagnostic.hint)})" if diagnostic.hint else ""),
                               soft_wrap=True)
        return None if diags.errors else value

    def _list(self, spec: VariableSpec, label: str) -> list[str]:
        self.console.print("  one item per answer; an empty answer ends the list",
                           soft_wrap=True)
        items: list[str] = []
        text_spec = VariableSpec(name=spec.name, type="string")
        while True:
            value = self._scalar(text_spec, f"{label} {len(items) + 1}",
                                 required=spec.required and not items)
            if value is None:
                return items
            items.append(value)

    def _people(self, spec: VariableSpec, label: str) -> list[Any]:
        """Case-record ids, or names (asked in each language, with the country)."""
        first = self.languages[0]
        self.console.print("  one person per answer: a case-record id (`csp-draft people "
                           "list`) or a name; an empty answer ends the list", soft_wrap=True)
        items: list[Any] = []
        while True:
            number = len(items) + 1
            answer = self._input(f"{label} {number} (a case-record id, or a name in "
                                 f"'{first}')")
            if not answer:
                if items or not spec.required:
                    return items
                self.console.print("  [red]a person is needed[/red]")
                continue
            if PERSON_ID.match(answer):
                if self._known_person(answer, spec):
                    items.append(answer)
                continue
            names = {first: answer}
            for lang in self.languages[1:]:
                while not names.get(lang):
                    names[lang] = self._input(f"{label} {number} name [{lang}]")
            country = self._per_language(VariableSpec(name="country", type="string"),
                                         f"{label} {number} country", required=True)
            name = answer if len(set(names.values())) == 1 else names
            items.append({"name": name, "country": country})

    def _known_person(self, person_id: str, spec: VariableSpec) -> bool:
        """True for the id of a case record (shown with its status); else says why not."""
        try:
            people = self.library.people if self.library is not None else None
        except CspDraftError as error:
            for diagnostic in error.diagnostics:
                self.console.print(f"  [red]{_safe(diagnostic.format())}[/red]", soft_wrap=True)
            return False
        person = people.get(person_id) if people is not None else None
        if person is None:
            hint = people.suggest(person_id) if people is not None else ""
            self.console.print(f"  [red]no case record '{_safe(person_id)}'[/red]"
                               + (f" ({_safe(hint)})" if hint else ""), soft_wrap=True)
            return False
        current = person.current
        self.console.print(f"  {_safe(person.name.form(self.languages[0]))} "
                           f"({person.country}): {current.describe()}", soft_wrap=True)
        if spec.held and not person.held:
            self.console.print("  [yellow]the text demands their release: check will warn"
                               "[/yellow]", soft_wrap=True)
        return True

    def _records(self, spec: VariableSpec, label: str) -> list[dict[str, Any]]:
        self.console.print("  one record at a time; an empty first answer ends the list",
                           soft_wrap=True)
        records: list[dict[str, Any]] = []
        while True:
            number = len(records) + 1
            record: dict[str, Any] = {}
            for position, field in enumerate(spec.fields):
                field_label = f"{label} {number} {field.name}"
                if field.help:
                    field_label += f" ({field.help})"
                ends_list = position == 0 and (records or not spec.required)
                value = self._scalar(field, field_label,
                                     required=field.required and not ends_list)
                if value is None and position == 0:
                    if ends_list:
                        return records
                    continue
                if value is not None:
                    record[field.name] = value
            records.append(record)
