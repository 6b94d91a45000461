"""`csp-draft import`: archived documents into drafts, each paragraph matched against the
library, and a report a drafter can review in minutes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from csp_draft.archive.addressees import own_addressee
from csp_draft.archive.draft_text import (
    draft_text,
    guess_kind,
    name_sections,
    number_items,
    split_by_clause_kind,
)
from csp_draft.archive.match import LibraryMatcher, Match, normalize
from csp_draft.archive.structure import (
    ImportedDocument,
    ImportedItem,
    build,
    take_dateline,
    take_endnotes,
)
from csp_draft.archive.text import read_source
from csp_draft.compare.critic import word_changes
from csp_draft.errors import CspDraftError, DiagnosticCollector, Location, UsageError
from csp_draft.fsio import atomic_write
from csp_draft.models.data import Clause
from csp_draft.models.kinds import KINDS
from csp_draft.models.people import Person


@dataclass
class Imported:
    source: Path
    draft: Path
    kind: str
    document: ImportedDocument
    decisions: list[tuple[ImportedItem, Match]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for _, match in self.decisions if match.kind == kind)


class Importer:
    """Imports files against one library; a matcher per document language, built once.

    ``library`` gives the clauses by id when first needed: a file is read (and a hostile
    one refused) before the library is loaded; ``people``, the case records that names in
    values are read back as."""

    def __init__(self, library: Callable[[], Mapping[str, Clause]], *,
                 kind: str | None = None, lang: str | None = None,
                 people: Callable[[], Mapping[str, Person]] | None = None) -> None:
        if kind is not None and kind not in KINDS:
            raise UsageError(f"'{kind}' is not a document kind",
                             hint="choose one of " + ", ".join(KINDS))
        self.library = library
        self.kind = kind
        self.lang = lang
        self.people = people
        self._matchers: dict[str, LibraryMatcher] = {}

    def matcher(self, lang: str) -> LibraryMatcher:
        if lang not in self._matchers:
            self._matchers[lang] = LibraryMatcher(
                self.library(), lang, people=self.people() if self.people else None)
        return self._matchers[lang]

    def read(self, path: Path) -> tuple[ImportedDocument, str, list[tuple[ImportedItem, Match]]]:
        document = build(read_source(path), self.lang)
        kind = self.kind or guess_kind(document)
        if kind == "press-release":
            take_dateline(document)
            take_endnotes(document)
        name_sections(document, kind)
        matcher = self.matcher(document.lang)
        decisions: list[tuple[ImportedItem, Match]] = []

        numbers = (document.date.year,) if document.date else ()
        cited: list[bool] = []  # per clause with a legal basis: was it a note?

        _take_lists_after_colons(document, matcher, numbers)

        def walk(items: list[ImportedItem], prefix: str) -> None:
            for number, item in enumerate(items, 1):
                item.ref = f"{prefix}.{number}"
                match = None
                if item.children:  # a clause whose text has the list (a loop)
                    match = matcher.match(item.with_sub_list(), numbers, sub_list=True)
                    match.sub_items = match.kind == "exact"
                    if not match.sub_items:
                        match = None
                if match is None:
                    match = matcher.match(item.text, numbers)
                if match.lead_words and not item.addressee:
                    match.addressee = own_addressee(document.addressees, document.lang,
                                                    *match.lead_words, match.notes)
                if match.clause:
                    found = _drop_legal_notes(item, matcher, match)
                    if found is not None:
                        cited.append(found)
                decisions.append((item, match))
                if not match.sub_items:
                    walk(item.children, item.ref)

        for section in document.sections:
            walk(section.items, section.key)
        matched = {id(item): match for item, match in decisions}

        def clause_kind(item: ImportedItem) -> str | None:
            match = matched.get(id(item))
            return matcher.clause(match.clause).kind if match and match.clause else None

        if split_by_clause_kind(document, kind, clause_kind):
            number_items(document)
        if cited and len(set(cited)) == 1 and document.source.format in ("docx", "markdown",
                                                                          "pdf"):
            document.footnotes = cited[0]  # the legal basis as notes always, or never (a
            # text's notes are not read where they are anchored)
        return document, kind, decisions

    def import_file(self, path: Path, out_dir: Path, *, force: bool = False) -> Imported:
        document, kind, decisions = self.read(path)
        target = out_dir / f"{path.stem}.yaml"
        if target.resolve() == path.resolve():
            raise UsageError("the draft would replace the imported file itself",
                             hint="give another folder with -o")
        if target.exists() and not force:
            raise CspDraftError("a draft of this name exists already; nothing was written",
                                hint="choose another folder with -o, or add --force to "
                                "replace it", location=Location.of_file(target))
        text = draft_text(document, kind, {id(item): match for item, match in decisions},
                          path.name, _member_names(out_dir, document.lang))
        _check_draft(text, target)
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)
        return Imported(path, target, kind, document, decisions)


def _take_lists_after_colons(document: ImportedDocument, matcher: LibraryMatcher,
                             numbers: tuple[int, ...]) -> None:
    """A paragraph ending in ":" followed by bullets that stand beside it (in a part whose
    paragraphs are not a list, Word and Markdown put a clause's loop at the paragraph's
    level) takes them as its sub-list, with the paragraph after them if the clause goes on
    ("Should they fail to do so, ..."; after a list it opens a part without a heading),
    but only when a clause then says it exactly."""
    for number, section in enumerate(document.sections):
        following = document.sections[number + 1] if number + 1 < len(
            document.sections) else None
        items = section.items
        position = 0
        while position < len(items):
            item = items[position]
            end = position + 1
            while end < len(items) and items[end].label == "•" and not items[end].children:
                end += 1
            if item.children or item.label or end == position + 1 or not (
                    item.text.rstrip().endswith(":")):
                position += 1
                continue
            if end < len(items):
                after, taken_from = items[end], items
            elif following is not None and following.heading is None and following.items:
                after, taken_from = following.items[0], following.items
            else:
                after, taken_from = None, items
            if after is not None and (after.label or after.children):
                after = None
            taken = _takes_list(item, items[position + 1:end], after, matcher, numbers)
            if taken is not None:
                if taken:
                    taken_from.remove(taken)
                del items[position + 1:end]
            position += 1
    document.sections = [s for s in document.sections if s.items or s.heading or s.lead_in]


def _takes_list(item: ImportedItem, bullets: list[ImportedItem], after: ImportedItem | None,
                matcher: LibraryMatcher, numbers: tuple[int, ...]
                ) -> ImportedItem | Literal[False] | None:
    """When a clause says ``item`` with ``bullets`` as its list (and ``after`` following it,
    tried first: a clause that goes on after its list says that paragraph too), the item
    takes them; then ``after`` if it took it too, else False. None: no clause does."""
    for trailing in ([after, None] if after is not None else [None]):
        trial = ImportedItem(item.text, item.where, children=bullets)
        if trailing is not None:
            trial.mark_list()
            trial.text += "\n\n" + trailing.text
        if matcher.match(trial.with_sub_list(), numbers, sub_list=True).kind == "exact":
            item.children = bullets
            if trailing is None:
                return False
            item.mark_list()
            item.text, item.continued = trial.text, True
            item.notes.extend(trailing.notes)
            return trailing
    return None


def _member_names(out_dir: Path, lang: str) -> dict[str, str]:
    """The workspace's members (members.yaml) by their name in ``lang``."""
    from csp_draft.registry.members import load_registry

    folder = out_dir if out_dir.is_dir() else out_dir.parent
    registry = load_registry(folder.resolve())
    return {member.name_in(lang): member.id for member in registry.members.values()}


def _drop_legal_notes(item: ImportedItem, matcher: LibraryMatcher, match: Match
                      ) -> bool | None:
    """A clause's legal basis comes back as its footnote: the clause prints it again.
    Whether the item had it as a note (None: the clause has no legal basis)."""
    clause = matcher.clause(match.clause or "")
    basis = normalize("; ".join(clause.legal_basis_in(matcher.lang)))
    if not basis:
        return None
    kept = [note for note in item.notes if normalize(note) != basis]
    found = len(kept) < len(item.notes)
    item.notes = kept
    return found


def _check_draft(text: str, target: Path) -> None:
    """The written draft must read back as a draft: an importer bug, never a user's."""
    from csp_draft.drafts.read import parse_draft
    from csp_draft.yamlio.located import load_yaml

    diags = DiagnosticCollector()
    parse_draft(load_yaml(text, str(target)), target, diags)
    if diags.errors:
        first = diags.errors[0]
        raise CspDraftError(f"the imported draft would not read back ({first.message}); "
                            "nothing was written", hint="report this with the file",
                            location=Location.of_file(target))


def report(results: list[Imported]) -> str:
    """The import report in Markdown: per document, per paragraph, what was decided."""
    lines = ["# Import report", ""]
    for result in results:
        document = result.document
        lines += [f"## {result.source.name} -> {result.draft}", "",
                  f"- kind: {result.kind}; language: {document.lang}; "
                  f"title: {document.title or '(none found)'}",
                  f"- items: {len(result.decisions)}; clause exactly: {result.count('exact')}; "
                  f"clause, own wording: {result.count('near')}; free text: "
                  f"{result.count('none')}"]
        if document.signatories:
            lines.append(f"- signatories: {len(document.signatories)}")
        lines += [f"- note: {notice}" for notice in document.notices]
        lines += ["", "| item | where | decision | clause | why |",
                  "| --- | --- | --- | --- | --- |"]
        for item, match in result.decisions:
            decision = {"exact": "clause", "near": "clause, own wording",
                        "none": "free text"}[match.kind]
            why = match.reason
            if match.values:
                why += "; values: " + ", ".join(sorted(match.values))
            if match.sub_items:
                why += f"; its list is the {len(item.children)} sub-items"
            why += "".join(f"; {note}" for note in match.notes)
            if match.addressee or item.addressee:
                why += f"; addressee: {item.addressee or match.addressee}"
            where = f"{item.where} ({item.label})" if item.label else item.where
            lines.append(f"| {item.ref} | {where} | {decision} | {match.clause or ''} | "
                         f"{_cell(why)} |")
        free = [item for item, match in result.decisions if match.kind == "none"]
        if free:
            lines += ["", f"A free text worth keeping becomes a clause of the workspace with "
                      f"`csp-draft clauses adopt {result.draft} ITEM --id NEW-ID`."]
        joined = [item.ref for item, _ in result.decisions if item.continued]
        if joined:
            lines += ["", "Paragraphs that followed a list were joined to the item above "
                      "them: " + ", ".join(joined) + "."]
        nears = [(item, match) for item, match in result.decisions if match.kind == "near"]
        if nears:
            lines += ["", "### Differences from the library's wording", ""]
            for item, match in nears:
                lines += [f"- {item.where} ({match.clause}, {match.score:.0f}%): "
                          + _cell(word_changes(match.expected, normalize(item.text))), ""]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
