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

The record is written when a translation is first added (`set --text --lang ru` on an item
that had none), by `translations confirm`, and by an edit made with `--minor` (a change that
needs no new translation: the edited language is stamped, the others keep their state).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csp_draft.errors import CspDraftError, DiagnosticCollector, Location
from csp_draft.models.data import LocalizedText

if TYPE_CHECKING:
    from csp_draft.drafts.read import Draft, Item

HASH_LENGTH = 12


def text_hash(text: str) -> str:
    """The hash a language version is recorded by (NFC, whitespace collapsed)."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def stamps(text: LocalizedText) -> dict[str, str]:
    """The record of ``text`` as it is now: every language version's hash."""
    return {lang: text_hash(version) for lang, version in text.items()}


@dataclass(frozen=True)
class Staleness:
    """An item whose language versions are no longer in step."""

    ref: str
    location: Location
    changed: tuple[str, ...]  # versions edited since the sync
    older: tuple[str, ...]  # versions not edited since: they may now say something else

    @property
    def message(self) -> str:
        def names(langs: tuple[str, ...]) -> str:
            return " and ".join(f"'{lang}'" for lang in langs)

        if self.older:
            verb = "is" if len(self.older) == 1 else "are"
            return (f"{self.ref}: {names(self.older)} {verb} older than {names(self.changed)} "
                    f"({names(self.changed)} changed since they were last in step)")
        return f"{self.ref}: {names(self.changed)} both changed since they were last in step"

    def hint(self, draft_path: str) -> str:
        lang = self.older[0] if self.older else self.changed[0]
        return (f"bring '{lang}' in line (`csp-draft translations diff {draft_path} {self.ref} "
                f"--lang {lang}` shows what changed), then `csp-draft translations confirm "
                f"{draft_path} {self.ref} --lang {lang}`")


def tracked_items(draft: Draft) -> Iterator[tuple[str, Item]]:
    for section in draft.sections:
        for index, item in enumerate(section.items, 1):
            if item.synced and isinstance(item.text, LocalizedText):
                yield f"{section.key}.{index}", item


def item_staleness(ref: str, item: Item) -> Staleness | None:
    if not isinstance(item.text, LocalizedText):
        return None
    tracked = [lang for lang in item.text if lang in item.synced]
    changed = tuple(lang for lang in tracked if text_hash(item.text[lang]) != item.synced[lang])
    if not changed:
        return None
    older = tuple(lang for lang in tracked if lang not in changed)
    return Staleness(ref, item.location, changed, older)


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
                        state.hint(shown) + ", or export without --strict-translations")
        else:
            diags.warning(state.location, state.message, state.hint(shown))


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
    found: dict[str, str] = {}
    key, _, number = ref.rpartition(".")
    for revision in revisions_of(path):
        try:
            old = read_draft_at(path, revision)
        except CspDraftError:
            continue
        section = old.section(key)
        if section is None or not number.isdigit() or int(number) > len(section.items):
            continue
        text = section.items[int(number) - 1].text
        if not isinstance(text, LocalizedText):
            continue
        for other, recorded in wanted.items():
            if other not in found and other in text and text_hash(text[other]) == recorded:
                found[other] = text[other]
        if len(found) == len(wanted):
            break
    missing = [other for other in wanted if other not in found]
    if missing:
        raise CspDraftError(
            f"the '{missing[0]}' text of {ref} as it was at the last sync is not in the git "
            "history of the draft", hint="commit the draft when its languages are in step, so "
            "that later changes can be shown", location=item.location)
    return [(other, found[other], item.text[other]) for other in wanted]


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
