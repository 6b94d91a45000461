"""Endorsements per version: which rendered text each signature endorsed.

`csp-draft sign` records, per language, the hash of the document as rendered at that
moment (``endorsed: {en: ..., ru: ...}`` on the signatory). The hash leaves out the
sign-on list itself, so that a new signature does not make the others older; it is taken
of the text a reader sees (item markers removed, Unicode NFC, whitespace collapsed), so
refolding the YAML changes nothing, while any change of a word does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from csp_draft.drafts.read import Draft, Signatory
from csp_draft.errors import CspDraftError, Diagnostic, Location
from csp_draft.markdown.trace import strip_markers
from csp_draft.models.data import localize
from csp_draft.render.document import DocumentRenderer


def text_hash(markdown: str) -> str:
    """The hash of a rendered text as endorsements record it."""
    text = " ".join(unicodedata.normalize("NFC", strip_markers(markdown)).split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current_hashes(draft: Draft, renderer: DocumentRenderer, languages: tuple[str, ...] = ()
                   ) -> dict[str, str]:
    """The hash of the draft's text in each of its languages as it renders now, an
    untranslated text standing in the first language as `--fallback` has it (a language
    with any other problem, such as a missing value, is left out)."""
    body = dataclasses.replace(draft, signatories=())
    hashes = {}
    for lang in languages or draft.languages:
        fallback = draft.languages[0] if lang != draft.languages[0] else None
        try:
            hashes[lang] = text_hash(renderer.render(body, lang, fallback=fallback).markdown)
        except CspDraftError:
            continue
    return hashes


@dataclass(frozen=True)
class Endorsement:
    signatory: Signatory
    lang: str
    endorsed: str  # the hash recorded at signing
    current: str | None  # the hash of today's text; None when it does not render

    @property
    def is_current(self) -> bool:
        return self.endorsed == self.current


def endorsements(draft: Draft, current: dict[str, str]) -> Iterator[Endorsement]:
    """Each signatory's endorsement in each language it recorded, against ``current``."""
    for signatory in draft.signatories:
        for lang, recorded in signatory.endorsed.items():
            yield Endorsement(signatory, lang, recorded, current.get(lang))


def signatory_name(signatory: Signatory, lang: str) -> str:
    """How messages name a signatory (its member id when it has one)."""
    name = localize(signatory.organisation, lang)
    return f"{name} ({signatory.member})" if signatory.member else name


def stale_warnings(draft: Draft, current: dict[str, str]) -> list[Diagnostic]:
    """One warning per signature that endorses an older text than today's, at its entry."""
    warnings = []
    for item in endorsements(draft, current):
        if item.current is None or item.is_current or item.signatory.status == "withdrawn":
            continue
        where: Location = item.signatory.location
        warnings.append(Diagnostic(
            where, f"{signatory_name(item.signatory, draft.languages[0])} endorsed an older "
            f"'{item.lang}' text than this one",
            "see what changed with `csp-draft signatories DRAFT`; ask them to confirm, then "
            "sign again", "warning"))
    return warnings
