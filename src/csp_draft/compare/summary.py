"""What changed between two versions of a draft, read from the drafts themselves.

The redline shows changes in the rendered text; this says what they are in terms of the
draft: which clauses were added, removed or moved, which values of which clause use
changed, which free-text items changed, and who signed or withdrew. Clause uses are
matched by clause id (the k-th use of a clause in one version with its k-th use in the
other); a use is moved when it changed section or its order among the uses both
versions share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from csp_draft.drafts.read import Draft, Item, Signatory, resolve_draft
from csp_draft.errors import CspDraftError, DiagnosticCollector
from csp_draft.library.load import Library
from csp_draft.models.data import Text, localize


@dataclass
class DraftChanges:
    """Each list holds one line per change, ready to print."""

    clauses_added: list[str] = field(default_factory=list)
    clauses_removed: list[str] = field(default_factory=list)
    clauses_moved: list[str] = field(default_factory=list)
    values_changed: list[str] = field(default_factory=list)
    texts_changed: list[str] = field(default_factory=list)
    signatories_added: list[str] = field(default_factory=list)
    signatories_removed: list[str] = field(default_factory=list)
    signatories_changed: list[str] = field(default_factory=list)
    document_changed: list[str] = field(default_factory=list)  # title, date, ...

    def lines(self) -> list[str]:
        return [
            *self.document_changed, *self.clauses_added, *self.clauses_removed,
            *self.clauses_moved, *self.values_changed, *self.texts_changed,
            *self.signatories_added, *self.signatories_removed, *self.signatories_changed,
        ]


_DOCUMENT_FIELDS = ("kind", "title", "subtitle", "event", "place", "date", "languages",
                    "authors", "footnotes", "numbering")


@dataclass(frozen=True)
class _Use:
    section: str
    index: int  # from 1, as in SECTION.N
    item: Item

    @property
    def ref(self) -> str:
        return f"{self.section}.{self.index}"


def draft_changes(old: Draft, new: Draft, library: Library | None = None,
                  lang: str = "en") -> DraftChanges:
    """Compare two drafts; ``library`` resolves values (defaults, draft-wide values),
    ``lang`` names signatories."""
    changes = DraftChanges()
    fields = [name for name in _DOCUMENT_FIELDS if getattr(old, name) != getattr(new, name)]
    if _plain(old.values) != _plain(new.values):
        fields.append("values")
    fields += ["sections"] if [s.key for s in old.sections] != [s.key for s in new.sections] \
        else []
    if fields:
        changes.document_changed.append("document changed: " + ", ".join(fields))
    old_values = _resolved_values(old, library)
    new_values = _resolved_values(new, library)
    _clause_uses(old, new, old_values, new_values, changes)
    _free_texts(old, new, changes)
    _signatories(old.signatories, new.signatories, lang, changes)
    return changes


def _uses(draft: Draft) -> list[_Use]:
    return [_Use(section.key, index, item) for section in draft.sections
            for index, item in enumerate(section.items, 1)]


def _resolved_values(draft: Draft, library: Library | None) -> dict[str, dict[str, Any]]:
    """Each clause use's values as rendered (defaults < draft < item), by reference."""
    if library is not None:
        diags = DiagnosticCollector()
        try:
            resolved = resolve_draft(draft, library, diags)
        except CspDraftError:
            resolved = []
        if resolved and not diags.errors:
            return {entry.ref: dict(entry.values) for entry in resolved if entry.clause}
    shared = _plain(draft.values)
    return {use.ref: {**shared, **_plain(use.item.values)}
            for use in _uses(draft) if use.item.clause_id}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """YAML nodes as plain values, to compare."""
    return {name: node.to_python() for name, node in values.items()}


def _clause_uses(old: Draft, new: Draft, old_values: dict[str, dict[str, Any]],
                 new_values: dict[str, dict[str, Any]], changes: DraftChanges) -> None:
    old_uses = [u for u in _uses(old) if u.item.clause_id]
    new_uses = [u for u in _uses(new) if u.item.clause_id]
    by_clause: dict[str, list[_Use]] = {}
    for use in new_uses:
        by_clause.setdefault(use.item.clause_id or "", []).append(use)
    pairs: list[tuple[_Use, _Use]] = []
    taken: dict[str, int] = {}
    for use in old_uses:
        clause = use.item.clause_id or ""
        position = taken.get(clause, 0)
        candidates = by_clause.get(clause, [])
        if position < len(candidates):
            pairs.append((use, candidates[position]))
            taken[clause] = position + 1
        else:
            changes.clauses_removed.append(f"clause removed: {clause} from {use.ref}")
    added = [use for clause, candidates in by_clause.items()
             for use in candidates[taken.get(clause, 0):]]
    for use in sorted(added, key=lambda u: _order(new, u)):
        changes.clauses_added.append(f"clause added: {use.item.clause_id} at {use.ref}")
    for old_use, new_use in _moved(pairs):
        changes.clauses_moved.append(
            f"clause moved: {new_use.item.clause_id} from {old_use.ref} to {new_use.ref}")
    for old_use, new_use in sorted(pairs, key=lambda p: _order(new, p[1])):
        clause = new_use.item.clause_id
        before = old_values.get(old_use.ref, {})
        after = new_values.get(new_use.ref, {})
        names = [name for name in dict.fromkeys([*before, *after])
                 if before.get(name) != after.get(name)]
        if names:
            changes.values_changed.append(
                f"values changed: {clause} at {new_use.ref}: {', '.join(names)}")
        if old_use.item.text != new_use.item.text:
            changes.texts_changed.append(f"wording changed: {clause} at {new_use.ref}")
        if old_use.item.footnote != new_use.item.footnote:
            changes.texts_changed.append(f"footnote changed: {clause} at {new_use.ref}")


def _moved(pairs: list[tuple[_Use, _Use]]) -> list[tuple[_Use, _Use]]:
    """Pairs that changed section, or order among the pairs that stayed in a section."""
    moved = [pair for pair in pairs if pair[0].section != pair[1].section]
    stayed: dict[str, list[int]] = {}
    for number, (old_use, new_use) in enumerate(pairs):
        if old_use.section == new_use.section:
            stayed.setdefault(old_use.section, []).append(number)
    for numbers in stayed.values():
        old_order = sorted(numbers, key=lambda n: pairs[n][0].index)
        new_order = sorted(numbers, key=lambda n: pairs[n][1].index)
        matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
        kept = {old_order[block.a + k] for block in matcher.get_matching_blocks()
                for k in range(block.size)}
        moved.extend(pairs[n] for n in new_order if n not in kept)
    return moved


def _order(draft: Draft, use: _Use) -> tuple[int, int]:
    keys = [s.key for s in draft.sections]
    return (keys.index(use.section) if use.section in keys else len(keys), use.index)


def _free_texts(old: Draft, new: Draft, changes: DraftChanges) -> None:
    old_sections = {s.key: s for s in old.sections}
    for section in new.sections:
        before = [(i, item) for i, item in enumerate(
            old_sections[section.key].items if section.key in old_sections else (), 1)
            if not item.clause_id]
        after = [(i, item) for i, item in enumerate(section.items, 1) if not item.clause_id]
        matcher = SequenceMatcher(None, [_text_key(it.text) for _, it in before],
                                  [_text_key(it.text) for _, it in after], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for (_, was), (index, now) in zip(before[i1:i2], after[j1:j2], strict=True):
                    if was.footnote != now.footnote:
                        changes.texts_changed.append(
                            f"footnote changed: text at {section.key}.{index}")
                continue
            paired = min(i2 - i1, j2 - j1)
            for index, _ in after[j1:j1 + paired]:
                changes.texts_changed.append(f"text changed at {section.key}.{index}")
            for index, _ in before[i1 + paired:i2]:
                changes.texts_changed.append(f"text removed from {section.key}.{index}")
            for index, _ in after[j1 + paired:j2]:
                changes.texts_changed.append(f"text added at {section.key}.{index}")
    new_keys = {s.key for s in new.sections}
    for section in old.sections:
        if section.key not in new_keys:
            for index, item in enumerate(section.items, 1):
                if not item.clause_id:
                    changes.texts_changed.append(f"text removed from {section.key}.{index}")


def _text_key(text: Text | None) -> str:
    if text is None:
        return ""
    if isinstance(text, dict):
        return repr(sorted(text.items()))
    return repr(text)


def _signatories(old: Sequence[Signatory], new: Sequence[Signatory], lang: str,
                 changes: DraftChanges) -> None:
    before = {_text_key(s.organisation): s for s in reversed(old)}
    after = {_text_key(s.organisation): s for s in reversed(new)}
    for signatory in new:
        key = _text_key(signatory.organisation)
        if key not in before:
            changes.signatories_added.append(f"signatory added: {_name(signatory, lang)}")
        elif before[key].status != signatory.status and after[key] is signatory:
            changes.signatories_changed.append(
                f"signatory {_name(signatory, lang)}: {before[key].status} -> "
                f"{signatory.status}")
    for signatory in old:
        if _text_key(signatory.organisation) not in after:
            changes.signatories_removed.append(f"signatory removed: {_name(signatory, lang)}")


def _name(signatory: Signatory, lang: str) -> str:
    name = localize(signatory.organisation, lang)
    if signatory.country:
        return f"{name} ({localize(signatory.country, lang)})"
    return name
