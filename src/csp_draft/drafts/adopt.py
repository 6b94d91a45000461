"""`csp-draft clauses adopt`: a free text of a draft (an imported paragraph no clause says)
becomes a clause of the workspace's library, and the draft uses it in its place.

The clause gets the item's text in every language it has, a title from its first words
(or ``--title``), the kind its section's form suggests, the item's addressee, and a
source naming the draft; the file is checked by the ordinary clause reader before the
draft is changed, so a draft never points at a clause that does not load.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from csp_draft.drafts.edit import edit_draft
from csp_draft.drafts.refs import Ref
from csp_draft.errors import CspDraftError, Location, UsageError
from csp_draft.fsio import atomic_write
from csp_draft.library.schema import SLUG, SLUG_MAX
from csp_draft.models.data import CLAUSE_KINDS
from csp_draft.models.kinds import KINDS, section_plan
from csp_draft.sandbox.literal import as_template

# The clause kind a text takes from the form of the section it stands in.
KIND_OF_FORM = {"operative": "recommendation", "preambular": "concern", "spoken": "call",
                "text": "finding"}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def clause_text(clause_id: str, texts: dict[str, str], *, kind: str, topics: list[str],
                addressee: str | None, titles: dict[str, str], source: str,
                today: dt.date) -> str:
    lines = [f"# Adopted from {source} by `csp-draft clauses adopt`: check the wording,",
             "# give it variables where a value changes from document to document, add its",
             "# legal basis and forms (`csp-draft help clause-format`).",
             f"id: {clause_id}", "title:"]
    lines += [f"  {lang}: {_q(titles[lang])}" for lang in texts]
    lines += [f"kind: {kind}", "topics: [" + ", ".join(topics) + "]",
              f"addressees: [{addressee}]" if addressee else "addressees: []"]
    if addressee:
        lines.append(f"addressee: {addressee}")
    lines += ["variables: {}", "text:"]
    lines += [f"  {lang}: {_q(as_template(text))}" for lang, text in texts.items()]
    lines += ["legal_basis: []", f"sources: [{_q(source)}]", 'version: "1"',
              f"updated: {today.isoformat()}"]
    return "\n".join(lines) + "\n"


def adopt(draft_path: Path, ref: Ref, clause_id: str, folder: Path, *,
          topics: list[str], kind: str | None = None, title: str | None = None,
          today: dt.date | None = None) -> Path:
    """Write ``folder/clause_id.yaml`` from the free text at ``ref`` and use it there."""
    from csp_draft.library.load import read_clause_file

    if not SLUG.match(clause_id) or len(clause_id) > SLUG_MAX:
        raise UsageError(f"'{clause_id}' is not a clause id",
                         hint="use lowercase letters, digits and single hyphens")
    for topic in topics:
        if not SLUG.match(topic):
            raise UsageError(f"topic '{topic}' is not a slug",
                             hint="use lowercase letters, digits and single hyphens")
    if kind is not None and kind not in CLAUSE_KINDS:
        raise UsageError(f"unknown kind '{kind}'", hint="use one of " + ", ".join(CLAUSE_KINDS))
    target = folder / f"{clause_id}.yaml"
    if target.exists():
        raise CspDraftError("a clause file of this id exists already; nothing was changed",
                            hint="choose another --id", location=Location.of_file(target))

    def change(edit: Any) -> Path:
        key, index = edit.locate(ref)
        item = edit.item(key, index)
        if item.get("clause"):
            raise CspDraftError(f"{ref.text} is the clause '{item['clause']}' already",
                                hint="adopt a free text (see `csp-draft show DRAFT`)",
                                location=Location.of_file(draft_path))
        raw = item.get("text")
        texts = {lang: str(raw[lang]) for lang in raw} if isinstance(raw, dict) else {
            lang: str(raw) for lang in edit.draft.languages}
        if not texts or not all(t.strip() for t in texts.values()):
            raise CspDraftError(f"{ref.text} has no text to adopt",
                                location=Location.of_file(draft_path))
        section = next((s for s in edit.draft.sections if s.key == key), None)
        plan = section_plan(KINDS.get(edit.draft.kind), key) if edit.draft.kind in KINDS \
            else None
        form = (section.form if section is not None else None) or (
            plan.form if plan is not None else "text")
        titles = {lang: title if title and lang == next(iter(texts)) else
                  " ".join(text.split()[:8]).rstrip(" .,;:") for lang, text in texts.items()}
        addressee = item.get("addressee")
        text = clause_text(clause_id, texts, kind=kind or KIND_OF_FORM.get(form or "text",
                                                                            "finding"),
                           topics=topics or ["adopted"], addressee=addressee, titles=titles,
                           source=draft_path.name, today=today or dt.date.today())
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)
        read = read_clause_file(target, tuple(texts), "workspace")
        if read.clause is None:
            target.unlink()
            first = next((d for d in read.problems if d.severity == "error"), None)
            raise CspDraftError("the adopted text does not make a valid clause"
                                + (f" ({first.message})" if first else "")
                                + "; nothing was changed", hint="edit the item's text first",
                                location=Location.of_file(draft_path))
        position = list(item).index("text")
        del item["text"]
        item.insert(position, "clause", clause_id)
        return target

    try:
        written, _ = edit_draft(draft_path, change)
    except BaseException:
        if target.exists() and not _used(draft_path, clause_id):
            target.unlink()
        raise
    return written


def _used(draft_path: Path, clause_id: str) -> bool:
    try:
        return f"clause: {clause_id}" in draft_path.read_text(encoding="utf-8")
    except OSError:
        return False
