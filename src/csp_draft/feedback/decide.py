"""Accepting and rejecting proposals.

Accepted proposals go into the draft in one edit through the locked, comment-keeping draft
editor (:func:`csp_draft.drafts.edit.edit_draft`). Each is found in the current draft by its
section and the hash of the text it was made against, so earlier edits that moved items do
not misplace it, and a proposal whose item changed since is refused as stale. Two members'
pending proposals on the same item that differ are a conflict (a paragraph added after an
item is not: both members' additions can stand): nothing is applied until one
of them is rejected.
"""

from __future__ import annotations

from typing import Any

from csp_draft.drafts.edit import DraftEdit, edit_draft
from csp_draft.drafts.read import Draft
from csp_draft.errors import CspDraftError, Diagnostic, Location, ValidationFailed
from csp_draft.feedback.importer import item_key
from csp_draft.feedback.store import FeedbackFile, all_changes, load_all
from csp_draft.markdown.escape import escape_markdown
from csp_draft.markdown.trace import MARKER
from csp_draft.render.document import DocumentRenderer
from csp_draft.sandbox.literal import as_template

DECIDABLE = ("value", "text", "delete", "move", "add")


def select(draft: Draft, ids: list[str], all_from: str | None
           ) -> tuple[list[FeedbackFile], list[tuple[FeedbackFile, dict[str, Any]]]]:
    files = load_all(draft.path)
    changes = all_changes(files)
    where = Location.of_file(draft.path)
    if all_from is not None:
        wanted = [(f, c) for f, c in changes if str(c.get("from", "")).casefold()
                  == all_from.casefold() and c.get("kind") in DECIDABLE
                  and c.get("status") == "pending"]
        if not wanted and not any(str(c.get("from", "")).casefold() == all_from.casefold()
                                  for _, c in changes):
            raise CspDraftError(f"no feedback from '{all_from}' was imported for this draft",
                                hint="see `csp-draft feedback list DRAFT`", location=where)
        return files, wanted
    by_id = {c.get("id"): (f, c) for f, c in changes}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ValidationFailed([Diagnostic(where, f"no proposal '{i}' in this draft's feedback",
                                           "see `csp-draft feedback list DRAFT`")
                                for i in missing])
    chosen = [by_id[i] for i in ids]
    for _, change in chosen:
        if change.get("kind") not in DECIDABLE:
            raise CspDraftError(f"'{change['id']}' is a {change.get('kind')} note, listed "
                                "but never applied", location=where)
    return files, chosen


def conflicts(changes: list[tuple[FeedbackFile, dict[str, Any]]],
              chosen: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs (chosen, other member's pending proposal on the same item that differs)."""
    found = []
    picked = {id(c) for c in chosen}
    for change in chosen:
        for _, other in changes:
            if (id(other) not in picked and other.get("status") == "pending"
                    and other.get("kind") in DECIDABLE and other.get("kind") != "add"
                    and change.get("kind") != "add"
                    and other.get("from") != change.get("from")
                    and other.get("item") == change.get("item")
                    and other.get("base") == change.get("base")
                    and _effect(other) != _effect(change)):
                found.append((change, other))
    return found


def _effect(change: dict[str, Any]) -> tuple[Any, ...]:
    return (change.get("kind"), change.get("new"), tuple(change.get("path") or ()),
            change.get("before_base"))


def current_items(draft: Draft, renderer: DocumentRenderer, lang: str
                  ) -> dict[tuple[str, str], list[int]]:
    """(section, text hash) -> positions of the items of the draft as it is now."""
    markdown = renderer.render(draft, lang, trace=True).markdown
    found: dict[tuple[str, str], list[int]] = {}
    for name in MARKER.findall(markdown):
        key = item_key(draft, name)
        if key is not None:
            found.setdefault((key[0], name[-6:]), []).append(key[1])
    return found


def accept(draft: Draft, renderer: DocumentRenderer, ids: list[str], all_from: str | None,
           reason: str | None) -> list[dict[str, Any]]:
    files, chosen = select(draft, ids, all_from)
    where = Location.of_file(draft.path)
    pending = [c for _, c in chosen if c.get("status") == "pending"]
    for change in (c for _, c in chosen if c.get("status") != "pending"):
        raise CspDraftError(f"'{change['id']}' is already {change.get('status')}",
                            location=where)
    clashes = conflicts(all_changes(files), pending)
    if clashes:
        raise ValidationFailed([Diagnostic(
            where, f"conflict: {a['id']} ({a.get('from')}) and {b['id']} ({b.get('from')}) "
            f"both change {a['item']} differently; nothing was applied",
            f"reject one of them first: `csp-draft feedback reject {b['id']}`")
            for a, b in clashes])
    for change in pending:
        if change.get("applicable") is False:
            raise CspDraftError(f"'{change['id']}' cannot be applied ({change.get('note')}); "
                                "nothing was applied", hint=f"reject it with a reason: "
                                f"`csp-draft feedback reject {change['id']} --reason ...`",
                                location=where)
    if pending:
        lang = str(pending[0].get("lang") or draft.languages[0])
        now = current_items(draft, renderer, lang)
        targets = []
        stale = []
        for change in pending:
            section, original = change["item"].rsplit(".", 1)
            places = now.get((section, change["base"]), [])
            if not places:
                stale.append(change)
                continue
            index = min(places, key=lambda p: abs(p - int(original)))
            before = None
            if change.get("kind") == "move" and change.get("before_base"):
                before_section = change["before"].rsplit(".", 1)[0]
                spots = now.get((before_section, change["before_base"]), [])
                before = (before_section, spots[0]) if spots else None
            targets.append((change, section, index, before))
        if stale:
            raise ValidationFailed([Diagnostic(
                where, f"{c['id']}: {c['item']} changed since the member's file was "
                "exported; nothing was applied", f"reject it, or apply it by hand: "
                f"`csp-draft feedback reject {c['id']} --reason ...`") for c in stale])
        edit_draft(draft.path, lambda edit: _apply(edit, targets))
    _mark(files, pending, "accepted", reason)
    return pending


def _apply(edit: DraftEdit, targets: list[tuple[dict[str, Any], str, int,
                                                 tuple[str, int] | None]]) -> None:
    objects = [(change, section, edit.item(section, index),
                (before[0], edit.item(*before)) if before else None)
               for change, section, index, before in targets]
    for change, _section, item, _ in objects:
        if change["kind"] == "value":
            node = item["values"]
            path = change["path"]
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = change["new"]
        elif change["kind"] == "text":
            _set_text(edit, item, change)
    for change, section, item, _ in objects:
        if change["kind"] == "add":  # a new item of free text after the one it followed
            from ruamel.yaml.comments import CommentedMap

            text = CommentedMap()
            text[str(change.get("lang"))] = str(escape_markdown(change["new"]))
            new_item = CommentedMap()
            new_item["text"] = text
            edit.insert(section, new_item, edit.position(section, item) + 1)
    for change, section, item, before in objects:
        if change["kind"] == "move":
            edit.remove(section, edit.position(section, item))
            if before is None:
                edit.insert(section, item)
            else:
                edit.insert(before[0], item, edit.position(*before))
    for change, section, item, _ in objects:
        if change["kind"] == "delete":
            edit.remove(section, edit.position(section, item))


def _set_text(edit: DraftEdit, item: Any, change: dict[str, Any]) -> None:
    text = str(escape_markdown(change["new"]))
    if "clause" in item:
        text = as_template(text)  # an own wording is a template
    lang = change.get("lang")
    existing = item.get("text")
    if isinstance(existing, dict) or "clause" in item:
        if not isinstance(existing, dict):
            from ruamel.yaml.comments import CommentedMap

            existing = CommentedMap()
            item["text"] = existing
        existing[lang] = text
    else:
        item["text"] = text


def reject(draft: Draft, ids: list[str], all_from: str | None, reason: str | None
           ) -> list[dict[str, Any]]:
    files, chosen = select(draft, ids, all_from)
    pending = [c for _, c in chosen if c.get("status") == "pending"]
    _mark(files, pending, "rejected", reason)
    return pending


def _mark(files: list[FeedbackFile], changes: list[dict[str, Any]], status: str,
          reason: str | None) -> None:
    touched = {id(c) for c in changes}
    for feedback in files:
        if any(id(c) in touched for c in feedback.changes):
            for change in feedback.changes:
                if id(change) in touched:
                    change["status"] = status
                    if reason:
                        change["reason"] = reason
            feedback.save()
