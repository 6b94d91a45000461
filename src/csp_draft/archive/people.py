"""Names in an archived paragraph read back as people: "A and B (Belarus); C (Uzbekistan)",
as the ``people`` filter writes them, into case records (a record whose name, in any of its
case forms in the document's language, is the name found and whose country is the one
given) and one-off names with their country.

A name that is a record's only nearly (another spelling: "Bialiatsky" for "Bialiatski") is
kept as written, and the report names the record it resembles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from csp_draft import i18n
from csp_draft.archive.morphology import nominative
from csp_draft.models.data import LocalizedText
from csp_draft.models.people import Name, Person

LIKE = 85.0  # a name this alike (rapidfuzz ratio) to a record's is reported, not taken
_LIST_JOIN = {"en": re.compile(r",\s+and\s+|\s+and\s+|,\s+"),
              "ru": re.compile(r",\s+и\s+|\s+и\s+|,\s+")}
# Where one form serves several cases («Алеся Беляцкого»: genitive and accusative), the case
# a request most often needs ("free X") is the one a template names.
_PREFERRED = ("nom", "acc", "gen", "dat", "ins", "prep")
_CASE_NAMES = {"gen": "genitive", "acc": "accusative", "dat": "dative", "ins": "instrumental",
               "prep": "prepositional"}
_PUNCTUATION = re.compile(r"[^\w\s-]")
_GROUP = re.compile(r"^(?P<names>.*?)\s*\((?P<country>[^()]+)\)$", re.S)


class PeopleReader:
    def __init__(self, people: Mapping[str, Person], lang: str) -> None:
        self.lang = lang
        self.people = people
        self.by_name: dict[str, list[Person]] = {}
        self.cases: dict[str, list[tuple[Person, str]]] = {}  # form -> records, case
        for person in people.values():
            forms = person.name.get(lang) or {}
            for form in set(forms.values()):
                self.by_name.setdefault(_key(form), []).append(person)
            for case, form in sorted(forms.items(), key=lambda pair: _PREFERRED.index(
                    pair[0]) if pair[0] in _PREFERRED else len(_PREFERRED)):
                self.cases.setdefault(_key(form), []).append((person, case))

    def read(self, raw: str, case: str | None, *, records: bool, notes: list[str]
             ) -> list[Any] | None:
        """The people ``raw`` names, in the order written: a :class:`Person` for a record,
        else ``{name, country}`` (``records``: a record variable's fields, text) or the
        name alone; None when ``raw`` is not a list of names."""
        entries = self._entries(raw)
        if not entries:
            return None
        result: list[Any] = []
        for name, country in entries:
            person = self._record(name, country)
            if person is not None and not records:
                result.append(person)
                continue
            if person is not None:
                notes.append(f"{name} is the case record '{person.id}'; this clause takes "
                             "names as text")
            else:
                self._resembling(name, notes)
            if records:
                result.append({"name": name, "country": country})
                continue
            if case not in (None, "nom") and self.lang == "ru":
                found = nominative(name, case)
                if found is None:
                    notes.append(f"the nominative of {name} is not in the document: the form "
                                 "found stands for it; correct it in the draft")
                else:
                    notes.append(f"{name}: the nominative {found} is read from the "
                                 f"{_CASE_NAMES[case]}; check it in the draft")
                forms = {"nom": found or name, case: name}
            else:
                forms = {"nom": name}
            if country:
                result.append({"name": Name({self.lang: forms}),
                               "country": LocalizedText({self.lang: country})})
            else:
                result.append(Name({self.lang: forms}) if len(forms) > 1
                              else LocalizedText({self.lang: name}))
        return result

    def named(self, text: str) -> list[tuple[int, Person, str]]:
        """Each case record ``text`` names, as (where, the record, the case of the form
        found), in the order written; a longer form wins where two start together."""
        found: dict[int, tuple[int, Person, str]] = {}
        folded = text.casefold().replace("ё", "е")  # as _key folds a record's forms
        for form, entries in self.cases.items():
            for hit in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", folded):
                person, case = entries[0]
                known = found.get(hit.start())
                if known is None or len(form) > known[0]:
                    found[hit.start()] = (len(form), person, case)
        return [(start, person, case) for start, (_, person, case) in sorted(found.items())]

    def mentioned(self, text: str, notes: list[str]) -> None:
        """Note each case record whose name (any case form) the words of a text value
        contain: the clause takes the value as text, so it stays text."""
        words = " " + _key(_PUNCTUATION.sub(" ", text)) + " "
        for form, persons in self.by_name.items():
            person = persons[0]
            note = (f"{person.name.form(self.lang)} (the case record '{person.id}') is named "
                    "in a value the clause takes as text; it stays text")
            if f" {form} " in words and note not in notes:
                notes.append(note)

    def _entries(self, raw: str) -> list[tuple[str, str]]:
        split = _LIST_JOIN.get(self.lang, _LIST_JOIN["en"]).split
        groups = [group.strip() for group in raw.split(";") if group.strip()]
        if len(groups) == 1:
            parts = [part for part in split(raw) if part]
            if len(parts) > 1 and all(_GROUP.match(part) for part in parts):
                groups = parts  # "A (Belarus), B (Kazakhstan) and C (Kyrgyzstan)"
        entries = []
        for group in groups:
            found = _GROUP.match(group)
            names, country = (found.group("names"), found.group("country").strip()) \
                if found else (group, "")
            entries += [(name.strip(), country) for name in split(names) if name.strip()]
        return entries

    def _record(self, name: str, country: str) -> Person | None:
        for person in self.by_name.get(_key(name), []):
            shown = i18n.country_name(person.country, self.lang) if person.country else ""
            if _key(shown) == _key(country):
                return person
        return None

    def _resembling(self, name: str, notes: list[str]) -> None:
        best: tuple[float, str, Person] | None = None
        for form, persons in self.by_name.items():
            score = fuzz.ratio(_key(name), form)
            if score >= LIKE and (best is None or score > best[0]):
                best = (score, form, persons[0])
        if best is not None:
            person = best[2]
            notes.append(f"{name} may be the case record '{person.id}' "
                         f"({person.name.form(self.lang)}); kept as written")


def _key(name: str) -> str:
    """A name as compared: any case, any spacing, ё as е (Russian texts write either)."""
    return " ".join(name.casefold().replace("ё", "е").split())
