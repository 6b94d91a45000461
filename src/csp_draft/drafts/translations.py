"""Translations that stay in step: which language version of a text changed since the last sync.

A draft item with its own text in several languages records, under ``synced:``, a short hash
of each language version as it was when the versions were last known to say the same thing:

    - text:
        en: Six years after the report ...
        ru: Спустя шесть лет после доклада ...
      synced: {en: 3f1c9a0b52de, ru: 9be07d41aa10}

The hash is taken over the NFC-normalised text with its whitespace collapsed, so refolding
the YAML changes nothing. Comparing the hashes of today's texts with the record gives the
state: in step, one language older than the other (the other changed), or both changed.

A text written by hand in several languages, with no record, counts as in step: the
first `translations check` records it so, and a later change to one side is then seen.

The record is also written when a translation is first added (`set --text --lang ru` on an item
that had none), by `translations confirm`, and by an edit made with `--minor` (a change that
needs no new translation: the edited language is stamped, the others keep their state).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from csp_draft.errors import CspDraftError, DiagnosticCollector, Location
from csp_draft.library.sync import Staleness, compare, normal_text, text_hash
from csp_draft.models.data import LocalizedText

if TYPE_CHECKING:
    from csp_draft.drafts.read import Draft, Item
    from csp_draft.library.load import Library
    from csp_draft.models.data import Clause

V = TypeVar("V")

def stamps(text: LocalizedText) -> dict[str, str]:
    """The record of ``text`` as it is now: every language version's hash."""
    return {lang: text_hash(version) for lang, version in text.items()}


def hint(state: Staleness, draft_path: str) -> str:
    return (f"bring '{state.lang}' in line (`csp-draft translations diff {draft_path} "
            f"{state.name} --lang {state.lang}` shows what changed), then `csp-draft "
            f"translations confirm {draft_path} {state.name} --lang {state.lang}`")


def tracked_items(draft: Draft) -> Iterator[tuple[str, Item]]:
    """Items and sub-items that carry a record of their last sync, with their REF."""
    for ref, each in _items_with_refs(draft):
        if each.synced and isinstance(each.text, LocalizedText):
            yield ref, each


def _items_with_refs(draft: Draft) -> Iterator[tuple[str, Item]]:
    """Every item and sub-item with its REF (section.N, section.N.M)."""
    for section in draft.sections:
        for index, item in enumerate(section.items, 1):
            yield f"{section.key}.{index}", item
            for number, sub in enumerate(item.items, 1):
                yield f"{section.key}.{index}.{number}", sub


def item_at(draft: Draft, ref: str) -> Item | None:
    """The item or sub-item at the position ``ref`` (section.N or section.N.M), if any."""
    key, _, numbers = ref.partition(".")
    parts = numbers.split(".")
    section = draft.section(key)
    if section is None or not all(part.isdigit() and int(part) > 0 for part in parts):
        return None
    index = int(parts[0])
    if index > len(section.items):
        return None
    item = section.items[index - 1]
    if len(parts) == 1:
        return item
    sub = int(parts[1])
    return item.items[sub - 1] if len(parts) == 2 and sub <= len(item.items) else None


def unrecorded_items(draft: Draft) -> Iterator[str]:
    """The items with a text in two languages or more and no record of a sync: written so
    by hand, they count as in step, and `translations check` records them as such."""
    for ref, each in _items_with_refs(draft):
        if not each.synced and isinstance(each.text, LocalizedText) and (
            len(each.text) > 1
        ):
            yield ref


def item_staleness(ref: str, item: Item) -> Staleness | None:
    if not isinstance(item.text, LocalizedText):
        return None
    return compare(ref, item.location, stamps(item.text), item.synced)


def staleness(draft: Draft) -> list[Staleness]:
    """Every item of ``draft`` whose language versions are out of step, in document order."""
    return [state for ref, item in tracked_items(draft)
            if (state := item_staleness(ref, item)) is not None]


def report_staleness(draft: Draft, diags: DiagnosticCollector, *, strict: bool = False) -> None:
    """Each stale item as a warning, or as an error when ``strict``."""
    shown = str(draft.path)
    for state in staleness(draft):
        if strict:
            diags.error(state.location, state.message,
                        hint(state, shown) + ", or export without --strict-translations")
        else:
            diags.warning(state.location, state.message, hint(state, shown))


def report_clause_staleness(draft: Draft, library: Library, diags: DiagnosticCollector, *,
                            strict: bool = False) -> None:
    """A warning (an error when ``strict``) at the first use of each clause of ``draft``
    whose version in one of the draft's languages is older than another (or both changed)."""
    from csp_draft.library.sync import clause_hint, clause_staleness

    seen: set[str] = set()
    for section in draft.sections:
        for index, item in enumerate(section.items, 1):
            if item.clause_id is None or item.clause_id in seen \
                    or item.clause_id not in library.clauses:
                continue
            seen.add(item.clause_id)
            state = clause_staleness(library.clauses[item.clause_id])
            if state is None:
                continue
            shown = set(draft.languages)
            if not (shown & set(state.older) or (not state.older and shown & set(state.changed))):
                continue  # only a language this draft is not written in is behind
            message = f"{section.key}.{index} uses the clause {state.message}"
            if strict:
                diags.error(item.location, message, clause_hint(state)
                            + ", or export without --strict-translations")
            else:
                diags.warning(item.location, message, clause_hint(state))


def changes_since_sync(path: str, draft: Draft, ref: str, item: Item, lang: str
                       ) -> list[tuple[str, str, str]]:
    """What changed in the other languages of ``item`` since it was last in step with
    ``lang``: (language, text at the sync, text now), the old text found in git history."""
    from csp_draft.drafts.gitrev import read_draft_at, revisions_of

    if not isinstance(item.text, LocalizedText) or lang not in item.text:
        raise CspDraftError(f"{ref} has no '{lang}' text", location=item.location)
    if not item.synced:
        raise CspDraftError(f"{ref} has no record of its last sync",
                            hint=f"confirm it once: csp-draft translations confirm {path} "
                                 f"{ref} --lang {lang}", location=item.location)
    wanted = {other: item.synced[other] for other in item.text
              if other != lang and other in item.synced
              and text_hash(item.text[other]) != item.synced[other]}
    if not wanted:
        return []
    def text_at(revision: str) -> LocalizedText | None:
        try:
            old_item = item_at(read_draft_at(path, revision), ref)
        except CspDraftError:
            return None
        text = old_item.text if old_item is not None else None
        return text if isinstance(text, LocalizedText) else None

    versions = _versions_at_sync(
        revisions_of(path), text_at, wanted,
        lambda text, other: text_hash(text[other]) if other in text else None)
    found = {other: text[other] for other, text in versions.items()}
    missing = [other for other in wanted if other not in found]
    if missing:
        raise CspDraftError(
            f"the '{missing[0]}' text of {ref} as it was at the last sync is not in the git "
            "history of the draft", hint="commit the draft when its languages are in step, so "
            "that later changes can be shown", location=item.location)
    return [(other, found[other], item.text[other]) for other in wanted]


def _versions_at_sync(revisions: Iterable[str], read: Callable[[str], V | None],
                      wanted: dict[str, str], hash_of: Callable[[V, str], str | None]
                      ) -> dict[str, V]:
    """For each language of ``wanted`` (language -> hash recorded at the last sync), the
    newest version in ``revisions`` whose text in that language has that hash; ``read``
    gives a revision's version, or None when it has none."""
    found: dict[str, V] = {}
    for revision in revisions:
        version = read(revision)
        if version is None:
            continue
        for other, recorded in wanted.items():
            if other not in found and hash_of(version, other) == recorded:
                found[other] = version
        if len(found) == len(wanted):
            break
    return found


_TOKEN = re.compile(r"\S+")


def word_diff(old: str, new: str) -> str:
    """``old`` -> ``new`` word by word: removed words as [-...-], added ones as {+...+}."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(" ".join(before[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(parts)


def clause_changes_since_sync(clause: Clause, lang: str, languages: tuple[str, ...]
                              ) -> list[tuple[str, str, str, str]]:
    """What changed in the other languages of ``clause`` since they were last in step with
    ``lang``: (language, place, text at the sync, text now) for each text that differs, the
    old texts found in the git history of the clause file."""
    from csp_draft.drafts.gitrev import read_file_at, revisions_of
    from csp_draft.library.load import MAX_CLAUSE_BYTES
    from csp_draft.library.schema import load_clause
    from csp_draft.library.sync import clause_hash, clause_texts
    from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml

    location = Location(str(clause.path), clause.synced_line or 1)
    if lang not in clause.text:
        raise CspDraftError(f"the clause '{clause.id}' has no '{lang}' text",
                            location=Location.of_file(clause.path))
    if not clause.synced:
        raise CspDraftError(f"the clause '{clause.id}' has no record of its last sync",
                            hint=f"confirm it once: csp-draft translations confirm --library "
                                 f"{clause.id} --lang {lang}", location=Location.of_file(
                                     clause.path))
    wanted = {other: clause.synced[other] for other in clause.text
              if other != lang and other in clause.synced
              and clause_hash(clause, other) != clause.synced[other]}
    def clause_at(revision: str) -> Clause | None:
        label = f"{clause.path}@{revision}"
        try:
            data = read_file_at(clause.path, revision, limit=MAX_CLAUSE_BYTES)
            if data is None:
                return None
            root = load_yaml(decode_yaml_bytes(data, label), label)
        except CspDraftError:
            return None
        return load_clause(root, clause.path, DiagnosticCollector(), languages=languages)

    found = _versions_at_sync(revisions_of(clause.path) if wanted else [], clause_at,
                              wanted, clause_hash)
    missing = [other for other in wanted if other not in found]
    if missing:
        raise CspDraftError(
            f"the '{missing[0]}' texts of '{clause.id}' as they were at the last sync are not "
            "in the git history of the clause file", hint="commit clause files when their "
            "languages are in step, so that later changes can be shown", location=location)
    changes = []
    for other, old in found.items():
        before = dict(clause_texts(old, other))
        after = dict(clause_texts(clause, other))
        for place in dict.fromkeys([*before, *after]):
            if normal_text(before.get(place, "")) != normal_text(after.get(place, "")):
                changes.append((other, place, before.get(place, ""), after.get(place, "")))
    return changes
