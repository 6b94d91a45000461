"""The outline `csp-draft show` prints: sections, numbered items, missing values, signatures."""

from __future__ import annotations

from dataclasses import dataclass, field

from csp_draft.drafts.edit import first_words
from csp_draft.drafts.read import Draft, Item, ResolvedItem, resolve_draft
from csp_draft.errors import DiagnosticCollector
from csp_draft.library.load import Library
from csp_draft.models.data import SIGNATORY_STATUSES, localize
from csp_draft.models.kinds import KINDS, section_plan


@dataclass(frozen=True)
class OutlineItem:
    ref: str  # e.g. recommendations.3
    clause_id: str | None  # None for free text
    title: str  # the clause's title, or the first words of the free text
    missing: tuple[str, ...] = ()
    unknown: bool = False  # a clause id the library does not have
    subs: tuple[OutlineItem, ...] = ()  # the item's sub-list


@dataclass(frozen=True)
class OutlineSection:
    key: str
    heading: str
    numbered: bool
    items: tuple[OutlineItem, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    kind: str
    languages: tuple[str, ...]
    sections: tuple[OutlineSection, ...]
    signatories: dict[str, list[str]] = field(default_factory=dict)  # by status
    problems: int = 0  # errors `csp-draft check` would report about items and values


def outline(draft: Draft, library: Library, lang: str | None = None) -> Outline:
    """What a draft holds, in ``lang`` (default: the draft's first language)."""
    lang = lang or draft.languages[0]
    diags = DiagnosticCollector()
    resolved = {(r.section.key, r.index, r.sub): r
                for r in resolve_draft(draft, library, diags)}
    kind = KINDS.get(draft.kind)
    sections = []
    for section in draft.sections:
        plan = section_plan(kind, section.key) if kind else None
        heading = section.heading or (plan.heading if plan else None)
        numbered = section.numbered if section.numbered is not None else bool(
            plan and plan.numbered)
        items = [
            _outline_item(item, resolved.get((section.key, index, 0)), f"{section.key}.{index}",
                          lang, tuple(
                              _outline_item(sub, resolved.get((section.key, index, number)),
                                            f"{section.key}.{index}.{number}", lang)
                              for number, sub in enumerate(item.items, 1)))
            for index, item in enumerate(section.items, 1)]
        sections.append(OutlineSection(section.key, localize(heading, lang) if heading
                                       else section.key, numbered, tuple(items)))
    signatories: dict[str, list[str]] = {status: [] for status in SIGNATORY_STATUSES}
    for signatory in draft.signatories:
        name = localize(signatory.organisation, lang)
        if signatory.country:
            name += f" ({localize(signatory.country, lang)})"
        signatories.setdefault(signatory.status, []).append(name)
    return Outline(localize(draft.title, lang), draft.kind, draft.languages, tuple(sections),
                   signatories, len(diags.errors))


def _outline_item(item: Item, entry: ResolvedItem | None, ref: str, lang: str,
                  subs: tuple[OutlineItem, ...] = ()) -> OutlineItem:
    if item.clause_id is None:
        return OutlineItem(ref, None, first_words(localize(item.text or "", lang)), subs=subs)
    clause = entry.clause if entry else None
    return OutlineItem(ref, item.clause_id, clause.title_in(lang) if clause else "",
                       missing=entry.missing if entry else (), unknown=clause is None,
                       subs=subs)
