"""An imported document written as a draft file: YAML text a person reads and edits, with
a comment naming the source, each text in the document's language, clause uses with the
values recovered, and the draft checked by the ordinary reader before it is written."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from csp_draft.archive.match import Match
from csp_draft.archive.structure import ImportedDocument, ImportedItem, ImportedSection
from csp_draft.models.data import LocalizedText
from csp_draft.models.kinds import KINDS
from csp_draft.models.people import Name, Person
from csp_draft.sandbox.literal import as_template

KIND_WORDS = {
    "resolution": ("resolution", "резолюция"),
    "declaration": ("declaration", "декларация"),
    "press-release": ("press release", "пресс-релиз"),
    "remarks": ("concluding remarks", "remarks", "заключительное слово", "выступление"),
    "workshop": ("workshop", "семинар", "рабочая группа"),
    "outcome": ("outcome", "итоговый документ", "recommendations of the", "рекомендации"),
    "statement": ("statement", "заявление"),
}


def guess_kind(document: ImportedDocument) -> str:
    if document.source.kind in KINDS:
        return document.source.kind
    for said in (document.source.subject, " ".join([document.title, *document.subtitles])):
        for kind, words in KIND_WORDS.items():
            if any(word in said.lower() for word in words):
                return kind
    return "statement"


def name_sections(document: ImportedDocument, kind: str) -> None:
    """Sections take the kind's keys where they stand for one: the text before the first
    heading is the kind's first section without a heading; a heading worded as one of the
    kind's headings is that section."""
    used = {section.key for section in document.sections}
    for section in document.sections:
        for plan in KINDS[kind].sections:
            if plan.key in used:
                continue
            if (section.heading is None and section.key.startswith("opening")
                    and not plan.show_heading) or (
                    section.heading and plan.heading.get(document.lang) == section.heading):
                used.discard(section.key)
                section.key = plan.key
                used.add(plan.key)
                break


def split_by_clause_kind(document: ImportedDocument, kind: str,
                         clause_kind: Callable[[ImportedItem], str | None]) -> bool:
    """A document without headings whose kind's sections all stand without one (remarks:
    salutation, body, closing) is split into them: an item goes to the section its clause's
    kind names (a salutation, a closing), any other to the kind's main section (its first
    that is not optional), never back to an earlier one. True when it was split."""
    plans = KINDS[kind].sections
    if (len(document.sections) != 1 or document.sections[0].heading is not None
            or not document.sections[0].items
            or len(plans) < 2 or any(plan.show_heading for plan in plans)):
        return False
    keys = [plan.key for plan in plans]
    main = next((number for number, plan in enumerate(plans) if not plan.optional), 0)
    whole = document.sections[0]
    parts: list[list[ImportedItem]] = [[] for _ in plans]
    at = 0
    for item in whole.items:
        named = clause_kind(item)
        at = max(at, keys.index(named) if named in keys else main)
        parts[at].append(item)
    first = next(number for number, items in enumerate(parts) if items)
    document.sections = [
        ImportedSection(keys[number], None, whole.where,
                        lead_in=whole.lead_in if number == first else [],
                        numbered=whole.numbered, bulleted=whole.bulleted, items=items)
        for number, items in enumerate(parts) if items]
    return True


def number_items(document: ImportedDocument) -> None:
    """Each item's place in the draft: SECTION.N, a sub-item SECTION.N.M."""
    def walk(items: list[ImportedItem], prefix: str) -> None:
        for number, item in enumerate(items, 1):
            item.ref = f"{prefix}.{number}"
            walk(item.children, item.ref)

    for section in document.sections:
        walk(section.items, section.key)


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"[\"«»„“”'’]", "", name).casefold().split())


def _latin_terms(document: ImportedDocument, title: str) -> list[str]:
    texts = [title, *document.subtitles, document.event, document.place]
    for section in document.sections:
        texts.extend([section.heading or "", *section.lead_in])
        stack = list(section.items)
        while stack:
            item = stack.pop()
            texts.append(item.text)
            texts.extend(item.notes)
            stack.extend(item.children)
    for organisation, country in document.signatories:
        texts += [organisation, country]
    found = re.findall(r"(?<![A-Za-z])[A-Za-z](?:[A-Za-z.&'-]*[A-Za-z])?"
                       r"(?:\s+[A-Z][A-Za-z.&'-]*[A-Za-z])*",
                       " ".join(texts))
    return sorted(set(found))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML scalar


def _text(text: str, lang: str) -> str:
    return "{" + f"{lang}: {_q(text)}" + "}"


def _value(value: Any, lang: str, kind: str = "string") -> str:
    """A value as YAML: words in the document's language, a choice or a number as is."""
    if kind == "choice":
        return _q(str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, Person):  # a case record, named by its id
        return value.id
    if isinstance(value, Name):  # a one-off name, with the case forms found
        return "{" + ", ".join(
            f"{language}: " + (_q(forms["nom"]) if list(forms) == ["nom"] else
                               "{" + ", ".join(f"{case}: {_q(words)}"
                                               for case, words in forms.items()) + "}")
            for language, forms in value.items()) + "}"
    if isinstance(value, LocalizedText):
        return "{" + ", ".join(f"{language}: {_q(words)}"
                               for language, words in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, lang) for v in value) + "]"
    if isinstance(value, dict):  # a record: its fields
        return "{" + ", ".join(f"{key}: {_value(v, lang)}" for key, v in value.items()) + "}"
    return _text(str(value), lang)


def draft_text(document: ImportedDocument, kind: str, matches: dict[int, Match],
               source_name: str, members: dict[str, str] | None = None) -> str:
    """The draft as YAML text; ``matches`` by ``id()`` of each imported item; ``members``:
    the workspace's member ids by their name in the document's language (compared without
    case, quotes or spacing), for signatories the registry knows."""
    lang = document.lang
    plans = {plan.key: plan for plan in KINDS[kind].sections}
    name_sections(document, kind)
    title = document.title or source_name  # no title found: the file's name stands for it
    lines = [f"# Imported from {source_name} by csp-draft import; review it with",
             "# `csp-draft check` and the import report before using it.",
             f"kind: {kind}",
             f"title: {_text(title, lang)}"]
    if document.subtitles:
        lines.append("subtitle:")
        lines.extend(f"  - {_text(line, lang)}" for line in document.subtitles)
    if document.event:
        lines.append(f"event: {_text(document.event, lang)}")
    if document.place:
        lines.append(f"place: {_text(document.place, lang)}")
    if document.date:
        lines.append(f"date: {document.date.isoformat()}")
    if document.date_end:
        lines.append(f"date_end: {document.date_end.isoformat()}")
    if document.dateline:
        lines.append(f"dateline: {_text(document.dateline, lang)}")
    lines.append(f"languages: [{lang}]")
    if document.source.author:
        lines.append(f"authors: [{_text(document.source.author, lang)}]")
    foreign = _latin_terms(document, title) if lang != "en" else []
    if foreign:  # written in Latin letters in the document itself: names, acronyms
        lines.append("verbatim: [" + ", ".join(_q(term) for term in foreign) + "]")
    if document.footnotes is not None and document.footnotes != KINDS[kind].footnotes:
        lines.append(f"footnotes: {'true' if document.footnotes else 'false'}")
    if document.endnotes:
        lines.append("endnotes:")
        lines.extend(f"  - {_text(note, lang)}" for note in document.endnotes)
    if document.addressees:
        lines.append("addressees:")
        lines.extend(f"  {key}: " + (_value(Name({lang: words}), lang)
                                     if isinstance(words, dict) else _text(words, lang))
                     for key, words in document.addressees.items())
    lines.append("sections:")
    for section in document.sections:
        lines.append(f"  {section.key}:")
        plan = plans.get(section.key)
        if section.heading and (plan is None or plan.heading.get(lang) != section.heading):
            lines.append(f"    heading: {_text(section.heading, lang)}")
        if section.lead_in:
            lines.append(f"    lead_in: {_text(chr(10).join(section.lead_in), lang)}")
        planned_numbered = plan.numbered if plan else False
        planned_bulleted = plan.bulleted if plan else False
        if section.numbered != planned_numbered:
            lines.append(f"    numbered: {'true' if section.numbered else 'false'}")
        if section.bulleted != planned_bulleted and not section.numbered:
            lines.append(f"    bulleted: {'true' if section.bulleted else 'false'}")
        if not section.items:
            lines.append("    items: []")
            continue
        lines.append("    items:")
        for item in section.items:
            lines.extend(_item(item, matches, lang, "      "))
    if document.signatories:
        lines.append("signatories:")
        known = {_name_key(name): member for name, member in (members or {}).items()}
        for organisation, country in document.signatories:
            member = known.get(_name_key(organisation))
            if member is not None:
                lines.append(f"  - member: {member}")
                continue
            entry = f"  - organisation: {_text(organisation, lang)}"
            if country:
                entry += f"\n    country: {_text(country, lang)}"
            lines.append(entry)
    return "\n".join(lines) + "\n"


def _item(item: ImportedItem, matches: dict[int, Match], lang: str, indent: str
          ) -> list[str]:
    match = matches.get(id(item))
    lines: list[str]
    if match is not None and match.kind in ("exact", "near") and match.clause:
        lines = [f"{indent}- clause: {match.clause}"]
        if match.values:
            lines.append(f"{indent}  values:")
            lines.extend(f"{indent}    {name}: {_value(value, lang, match.types.get(name, ''))}"
                         for name, value in match.values.items())
        if match.kind == "near":
            own = match.own_text if match.own_text is not None else as_template(item.text)
            lines.append(f"{indent}  text: {_text(own, lang)}")
        addressee = item.addressee or match.addressee
        if addressee:
            lines.append(f"{indent}  addressee: {addressee}")
    else:
        lines = [f"{indent}- text: {_text(item.text, lang)}"]
        if item.addressee:
            lines.append(f"{indent}  addressee: {item.addressee}")
    if item.notes:
        lines.append(f"{indent}  footnote: {_text(' '.join(item.notes), lang)}")
    if item.children and not (match is not None and match.sub_items):
        lines.append(f"{indent}  items:")
        for child in item.children:
            lines.extend(_item(child, matches, lang, indent + "    "))
    return lines
