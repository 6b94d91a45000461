"""The import round trip measured: a draft exported and imported back, its clause uses
compared with the original's, ids and values, in document order.

Used by tests/archive/test_import.py (which asserts what comes back) and by
bench/import_roundtrip.py (which prints the figures)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csp_draft.cli.session import Session
from csp_draft.drafts.read import read_draft, resolve_draft
from csp_draft.errors import DiagnosticCollector
from csp_draft.library.clause_render import localize_values
from csp_draft.models.data import LocalizedText
from csp_draft.models.people import Name, Person

EXAMPLES = ["hdim-2017-workshop", "joint-statement", "minsk-2017",
            "solidarity-2011-declaration", "vienna-2025-press-release", "vilnius-2011-outcome",
            "vilnius-2011-remarks"]


@dataclass
class Outcome:
    """One export-and-import of one draft in one language and format."""

    uses: int = 0  # clause uses in the original
    ids: int = 0  # found again as the same clause, in order
    values: int = 0  # ... with the same values
    missed: list[str] = field(default_factory=list)  # "clause-id" (not found), or
    # "clause-id: values" (found, values differ)
    extra: list[str] = field(default_factory=list)  # clauses the import found that the
    # original does not use there (a paragraph taken for a clause it is not)


def _plain(value: Any, lang: str) -> Any:
    """A value as the document in ``lang`` shows it: one language, a case record by its
    id, a one-off name by its forms in ``lang``."""
    value = localize_values(value, lang)
    if isinstance(value, Person):
        return ("record", value.id)
    if isinstance(value, Name):
        forms = value.get(lang) or {}
        return forms.get("nom") or next(iter(forms.values()), "")
    if isinstance(value, LocalizedText):
        return value.pick(lang, "en")
    if isinstance(value, dict):
        return {key: _plain(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item, lang) for item in value]
    return value


def clause_uses(path: Path, lang: str, library: Any) -> list[tuple[str, dict[str, Any]]]:
    """(clause id, resolved values as ``lang`` shows them) of every clause use, items and
    sub-items in document order."""
    draft = read_draft(path)
    uses = []
    for entry in resolve_draft(draft, library, DiagnosticCollector()):
        if entry.clause is not None:
            uses.append((entry.clause.id, _plain(entry.values, lang)))
    return uses


def compare(original: Path, imported: Path, lang: str, library: Any | None = None
            ) -> Outcome:
    """The original's clause uses paired, in order, with the imported draft's (the longest
    common sequence of clause ids), then their values compared."""
    library = library or Session().library
    ours = clause_uses(original, lang, library)
    theirs = clause_uses(imported, lang, library)
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [c for c, _ in ours], [c for c, _ in theirs],
                                      autojunk=False)
    for block in matcher.get_matching_blocks():
        pairs.update((block.a + n, block.b + n) for n in range(block.size))
    outcome = Outcome(uses=len(ours))
    paired = set(pairs.values())
    outcome.extra = [clause_id for number, (clause_id, _) in enumerate(theirs)
                     if number not in paired]
    for number, (clause_id, values) in enumerate(ours):
        if number not in pairs:
            outcome.missed.append(clause_id)
            continue
        outcome.ids += 1
        if theirs[pairs[number]][1] == values:
            outcome.values += 1
        else:
            outcome.missed.append(f"{clause_id}: values")
    return outcome
