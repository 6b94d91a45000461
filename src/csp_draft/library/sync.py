"""Which language versions of a text changed since they were last known to say the same thing.

A text kept in several languages records, under ``synced:``, a short hash of each language
version as it was when the versions were last in step. The hash is taken over the
NFC-normalised text with its whitespace collapsed, so refolding the YAML changes nothing.
Comparing today's hashes with the record gives the state: in step, one language older than
the other (the other changed since), or both changed.

Draft items use it for their own text (:mod:`csp_draft.drafts.translations`); a clause
records one hash per language over every text it has in that language, in a fixed order:
its title, its text, each of its forms and each of its legal references. A text written
once rather than per language (a title or a reference as a plain string) is the English
version. Search keywords and check records are not translations and are left out.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csp_draft.errors import Location
from csp_draft.models.data import CLAUSE_FORMS, LocalizedText

if TYPE_CHECKING:
    from csp_draft.models.data import Clause

HASH_LENGTH = 12


def normal_text(text: str) -> str:
    """``text`` as it is compared: NFC, every run of whitespace one space, none at the ends."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(text: str) -> str:
    """The hash a language version is recorded by (NFC, whitespace collapsed)."""
    return hashlib.sha256(normal_text(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def clause_texts(clause: Clause, lang: str) -> list[tuple[str, str]]:
    """Every text ``clause`` has in ``lang``, each with the name of its place in the file."""
    def version(value: str | LocalizedText) -> str | None:
        if isinstance(value, LocalizedText):
            return value.get(lang)
        return value if lang == "en" else None

    parts: list[tuple[str, str]] = []
    title = version(clause.title)
    if title is not None:
        parts.append(("title", title))
    if lang in clause.text:
        parts.append(("text", clause.text[lang]))
    for form in CLAUSE_FORMS:
        texts = clause.forms.get(form, {})
        if lang in texts:
            parts.append((f"form {form}", texts[lang]))
    for number, reference in enumerate(clause.legal_basis, 1):
        text = version(reference)
        if text is not None:
            parts.append((f"legal reference {number}", text))
    return parts


def clause_hash(clause: Clause, lang: str) -> str:
    """One hash over every text of ``clause`` in ``lang`` (each part named, so that a text
    moved from one place to another counts as a change)."""
    joined = "\0".join(f"{label}\0{normal_text(text)}" for label, text in
                       clause_texts(clause, lang))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def clause_stamps(clause: Clause) -> dict[str, str]:
    """The record of ``clause`` as it is now: the hash of each language of its text."""
    return {lang: clause_hash(clause, lang) for lang in clause.text}


def is_tracked(clause: Clause) -> bool:
    """A clause in two languages or more: its versions can fall out of step."""
    return len(clause.text) > 1


@dataclass(frozen=True)
class Staleness:
    """A text whose language versions are no longer in step."""

    name: str  # how the text is named: ``sections.2`` or the clause id
    location: Location
    changed: tuple[str, ...]  # versions edited since the sync
    older: tuple[str, ...]  # versions not edited since: they may now say something else

    @property
    def message(self) -> str:
        def names(langs: tuple[str, ...]) -> str:
            return " and ".join(f"'{lang}'" for lang in langs)

        if self.older:
            verb = "is" if len(self.older) == 1 else "are"
            return (f"{self.name}: {names(self.older)} {verb} older than {names(self.changed)} "
                    f"({names(self.changed)} changed since they were last in step)")
        return f"{self.name}: {names(self.changed)} both changed since they were last in step"

    @property
    def lang(self) -> str:
        """The version to bring in line: the older one, else the first changed one."""
        return self.older[0] if self.older else self.changed[0]


def compare(name: str, location: Location, now: dict[str, str], record: dict[str, str]
            ) -> Staleness | None:
    """The state of a text whose versions hash to ``now``, recorded as ``record``; None when
    in step. Languages the record lacks (added since) are not compared."""
    tracked = [lang for lang in now if lang in record]
    changed = tuple(lang for lang in tracked if now[lang] != record[lang])
    if not changed:
        return None
    older = tuple(lang for lang in tracked if lang not in changed)
    return Staleness(name, location, changed, older)


def clause_staleness(clause: Clause) -> Staleness | None:
    """The state of ``clause`` against its ``synced:`` record (None: in step, or no record)."""
    if not clause.synced or not is_tracked(clause):
        return None
    location = Location(str(clause.path), clause.synced_line, 1)
    return compare(clause.id, location, clause_stamps(clause), clause.synced)


def clause_hint(state: Staleness) -> str:
    """What to do about a stale clause; the commands name its file, which finds it wherever
    it is (an id finds only the clauses of the search path)."""
    path = state.location.path
    return (f"bring '{state.lang}' in line (`csp-draft translations diff --library "
            f"{path} --lang {state.lang}` shows what changed), then `csp-draft "
            f"translations confirm --library {path} --lang {state.lang}`")
